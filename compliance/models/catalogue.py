"""The duty catalogue in the database: one row set per catalogue version.

The catalogue is instance-wide, not per organization, on purpose: it restates
the law (NIS2, BSIG, EnWG, KRITIS-DachG), which is the same for every tenant,
and it is shipped with the code as versioned data. Keeping one copy lets every
organization's assessments point at the same control rows, and an upgrade
migrates all tenants at once. Old versions are kept (never deleted) so
archived assessments still show the text they were made against.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueVersion(models.Model):
    """One loaded version of the catalogue; exactly one is ``is_current``.

    Instance-wide (see the module docstring): the law is the same for every
    organization.
    """

    name = models.CharField(_("catalogue"), max_length=100)
    version = models.CharField(_("version"), max_length=20, unique=True)
    published = models.CharField(_("published"), max_length=20, blank=True)
    source = models.TextField(_("source"), blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")
        ordering = ["-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="compliance_one_current_catalogue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Duty(models.Model):
    """A legal duty of one catalogue version (instance-wide like its version)."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="duties")
    duty_id = models.CharField(_("duty id"), max_length=40)
    position = models.PositiveIntegerField(default=0)
    title_de = models.CharField(_("title (German)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    summary_de = models.TextField(_("summary (German)"))
    summary_en = models.TextField(_("summary (English)"))
    references = models.JSONField(_("legal references"), default=list)
    applies = models.JSONField(
        _("applies to"), default=list, help_text=_("Applicability tags: be, we, kritis, enwg.")
    )
    measure = models.CharField(
        _("Art. 21(2) measure"), max_length=1, blank=True, help_text=_("Letter a-j, if any.")
    )

    permission_group = "compliance"

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "duty_id"], name="compliance_duty_unique")
        ]

    def __str__(self) -> str:
        return self.duty_id

    def title(self, language: str) -> str:
        return self.title_de if language.startswith("de") else self.title_en


class Control(models.Model):
    """An assessable control of one catalogue version (instance-wide like its version)."""

    class LegalWeight(models.TextChoices):
        STATUTORY = "statutory", _("statutory")
        DERIVED = "derived", _("derived")
        RECOMMENDED = "recommended", _("recommended")

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="controls")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="controls")
    control_id = models.CharField(_("control id"), max_length=50)
    position = models.PositiveIntegerField(default=0)
    statement_de = models.TextField(_("statement (German)"))
    statement_en = models.TextField(_("statement (English)"))
    guidance_de = models.TextField(_("guidance (German)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    evidence_de = models.TextField(_("expected evidence (German)"), blank=True)
    evidence_en = models.TextField(_("expected evidence (English)"), blank=True)
    review_months = models.PositiveSmallIntegerField(_("review cycle (months)"))
    signal = models.CharField(_("automatic signal"), max_length=40, blank=True)
    legal_weight = models.CharField(_("legal weight"), max_length=12, choices=LegalWeight.choices)
    iso27001 = models.JSONField(_("ISO/IEC 27001 references"), default=list, blank=True)
    grundschutz = models.JSONField(_("IT-Grundschutz modules"), default=list, blank=True)
    replaces = models.JSONField(_("replaces"), default=list, blank=True)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("control")
        verbose_name_plural = _("controls")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "control_id"], name="compliance_control_unique"
            )
        ]

    def __str__(self) -> str:
        return self.control_id

    def statement(self, language: str) -> str:
        return self.statement_de if language.startswith("de") else self.statement_en

    def guidance(self, language: str) -> str:
        return self.guidance_de if language.startswith("de") else self.guidance_en

    def evidence(self, language: str) -> str:
        return self.evidence_de if language.startswith("de") else self.evidence_en
