"""The risk register and its per-organization 5×5 matrix."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, EssentialService
from bollwerk.models import OrgScopedModel

from .catalogue import Control

LEVEL = [MinValueValidator(1), MaxValueValidator(5)]


def default_likelihood_labels() -> list[str]:
    return ["rare", "unlikely", "possible", "likely", "almost certain"]


def default_impact_labels() -> list[str]:
    return ["negligible", "minor", "moderate", "major", "severe"]


class RiskMatrix(OrgScopedModel):
    """An organization's 5×5 matrix: level labels and the acceptance threshold.

    A risk is acceptable when likelihood × impact is at most
    ``acceptance_threshold`` (1-25).
    """

    likelihood_labels = models.JSONField(_("likelihood labels"), default=default_likelihood_labels)
    impact_labels = models.JSONField(_("impact labels"), default=default_impact_labels)
    acceptance_threshold = models.PositiveSmallIntegerField(
        _("acceptance threshold"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text=_("Risks with likelihood × impact up to this value may be accepted."),
    )

    permission_group = "compliance"

    class Meta:
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="compliance_one_matrix")
        ]

    def __str__(self) -> str:
        return f"5×5 ≤{self.acceptance_threshold}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        for name in ("likelihood_labels", "impact_labels"):
            labels = getattr(self, name)
            if (
                not isinstance(labels, list)
                or len(labels) != 5
                or not all(isinstance(x, str) and x.strip() for x in labels)
            ):
                raise ValidationError({name: _("Give exactly five non-empty labels.")})


class Risk(OrgScopedModel):
    """A risk scenario with inherent and residual rating, treatment and linked controls.

    ``affected_services`` and ``affected_assets`` link the essential services
    and assets of the same organization (``risk_save`` refuses others).
    ``source_ref`` names the finding that proposed or last raised the risk.
    """

    class Treatment(models.TextChoices):
        MITIGATE = "mitigate", _("mitigate")
        ACCEPT = "accept", _("accept")
        TRANSFER = "transfer", _("transfer")
        AVOID = "avoid", _("avoid")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=200)
    threat = models.TextField(_("threat"), blank=True)
    scenario = models.TextField(_("scenario"), blank=True)
    affected_services = models.ManyToManyField(
        EssentialService,
        blank=True,
        related_name="risks",
        verbose_name=_("affected essential services"),
    )
    affected_assets = models.ManyToManyField(
        Asset, blank=True, related_name="risks", verbose_name=_("affected assets")
    )
    consequence = models.TextField(_("consequence"), blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=LEVEL)
    inherent_impact = models.PositiveSmallIntegerField(_("impact"), validators=LEVEL)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), validators=LEVEL
    )
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), validators=LEVEL)
    treatment = models.CharField(
        _("treatment"), max_length=10, choices=Treatment.choices, default=Treatment.MITIGATE
    )
    controls = models.ManyToManyField(
        Control, blank=True, related_name="risks", verbose_name=_("controls")
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
    review_date = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    source_ref = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact
