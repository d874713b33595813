"""Control assessments, their evidence and the history of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel

from .catalogue import Control


class ControlAssessment(OrgScopedModel):
    """One organization's assessment of one catalogue control.

    ``archived`` marks an assessment whose control was removed by a catalogue
    upgrade: it is kept (with evidence and history) but no longer scored.
    ``not_applicable`` needs a justification (checked in ``clean``).
    """

    class Status(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("not assessed")
        NOT_IMPLEMENTED = "not_implemented", _("not implemented")
        PARTLY = "partly", _("partly implemented")
        IMPLEMENTED = "implemented", _("implemented")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    control = models.ForeignKey(Control, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED
    )
    justification = models.TextField(
        _("justification"), blank=True, help_text=_("Required when not applicable.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("control assessment")
        verbose_name_plural = _("control assessments")
        ordering = ["control__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "control"], name="compliance_assessment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.control_id}: {self.status}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.status == self.Status.NOT_APPLICABLE and not self.justification.strip():
            raise ValidationError(
                {"justification": _("A control marked not applicable needs a justification.")}
            )


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """Files are stored by organization and SHA-256, so identical uploads share a name."""
    return f"compliance/evidence/{instance.organization_id}/{instance.sha256}"


class Evidence(OrgScopedModel):
    """A piece of evidence for an assessment: an uploaded file, a link, or a machine record.

    A file is stored under MEDIA_ROOT with its SHA-256; machine evidence
    (from check runs) carries the hash of its payload and the run reference.
    It is valid from ``valid_from`` until ``valid_until`` or, without that,
    until ``valid_from`` plus ``review_months``.
    """

    class Kind(models.TextChoices):
        FILE = "file", _("file")
        LINK = "link", _("link")
        MACHINE = "machine", _("machine record")

    assessment = models.ForeignKey(
        ControlAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=255)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    run_ref = models.CharField(_("run reference"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    review_months = models.PositiveSmallIntegerField(_("review cycle (months)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["organization", "valid_until"])]

    def __str__(self) -> str:
        return self.title


class AssessmentHistory(OrgScopedModel):
    """One change of an assessment: who, when, the values before and after.

    Written by the assessment services (besides the audit trail) so the
    assessment page can show its own history; never edited.
    """

    assessment = models.ForeignKey(
        ControlAssessment, on_delete=models.CASCADE, related_name="history"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=255)
    action = models.CharField(_("action"), max_length=40)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("assessment history entry")
        verbose_name_plural = _("assessment history")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_label}"
