"""Incidents (issue 10): the incident, its timeline, significance decisions, report
submissions and the follow-up actions of the post-incident review.

Reporting obligations are *not* stored: :mod:`compliance.incidents.obligations`
computes them from the organization's classification, the decisions and the
submissions. Only ``next_due_at`` is cached on the incident (for sorting and the
"open clocks" filter) and refreshed by the services on every change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, EssentialService, Site
from bollwerk.models import Membership, OrgScopedModel
from compliance.clocks import Stage

#: The reports, as the pages name them.
STAGE_CHOICES = [
    (Stage.EARLY_WARNING.value, _("Early warning")),
    (Stage.NOTIFICATION.value, _("Incident notification")),
    (Stage.FINAL_REPORT.value, _("Final report")),
    (Stage.PROGRESS_REPORT.value, _("Progress report")),
    (Stage.CER_INITIAL.value, _("CER initial notification")),
    (Stage.CER_DETAILED.value, _("CER detailed report")),
    (Stage.GDPR_NOTIFICATION.value, _("GDPR breach notification")),
]

#: Indicator-of-compromise types accepted in ``Incident.indicators``.
IOC_TYPES = ("ip", "domain", "hash", "url", "other")


def validate_indicators(value) -> None:
    """A list of ``{"type", "value", "note"}`` objects; type from IOC_TYPES, value required."""
    if not isinstance(value, list):
        raise ValidationError(_("Indicators must be a list."))
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - {"type", "value", "note"}:
            raise ValidationError(
                _("Indicator %(n)s: expected an object with type, value and note.") % {"n": number}
            )
        if item.get("type") not in IOC_TYPES:
            raise ValidationError(
                _("Indicator %(n)s: type must be one of %(types)s.")
                % {"n": number, "types": ", ".join(IOC_TYPES)}
            )
        if not str(item.get("value") or "").strip():
            raise ValidationError(_("Indicator %(n)s: the value is empty.") % {"n": number})


class Incident(OrgScopedModel):
    """A security or disruption incident and the facts its reports need.

    The reporting clocks start at ``aware_at``, which the officer sets
    explicitly (no default: an incident can be recorded before anyone has
    established awareness). ``next_due_at`` caches the earliest due time of an
    obligation that is required and not yet submitted (None: no open clock).
    """

    permission_group = "incident"

    class Category(models.TextChoices):
        CYBER = "cyber", _("Cyber")
        PHYSICAL = "physical", _("Physical")
        ALL_HAZARDS = "all_hazards", _("All hazards (natural, technical, human)")
        MIXED = "mixed", _("Mixed")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CONTAINED = "contained", _("contained")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        CRITICAL = "critical", _("critical")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    detected_at = models.DateTimeField(
        _("detected at"), help_text=_("When the incident was first noticed.")
    )
    aware_at = models.DateTimeField(
        _("aware at"),
        null=True,
        blank=True,
        help_text=_(
            "When the organization became aware of the incident; the reporting clocks start "
            "here. Set it deliberately."
        ),
    )
    contained_at = models.DateTimeField(_("contained at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    handling_ended_at = models.DateTimeField(
        _("incident handling ended at"),
        null=True,
        blank=True,
        help_text=_(
            "The final report is due one month later if the incident outlasted the first month."
        ),
    )
    services = models.ManyToManyField(
        EssentialService, blank=True, related_name="incidents",
        verbose_name=_("affected essential services"),
    )  # fmt: skip
    sites = models.ManyToManyField(
        Site, blank=True, related_name="incidents", verbose_name=_("affected sites")
    )
    assets = models.ManyToManyField(
        Asset, blank=True, related_name="incidents", verbose_name=_("affected assets")
    )
    findings = models.ManyToManyField(
        "bollwerk.Finding", blank=True, related_name="incidents", verbose_name=_("related findings")
    )
    risks = models.ManyToManyField(
        "compliance.Risk", blank=True, related_name="incidents", verbose_name=_("related risks")
    )
    controls = models.ManyToManyField(
        "compliance.Control", blank=True, related_name="incidents",
        verbose_name=_("related controls"),
    )  # fmt: skip
    affected_people = models.PositiveIntegerField(
        _("users or inhabitants affected"),
        null=True,
        blank=True,
        help_text=_("Start from the proposal computed from the affected services."),
    )
    affected_share = models.DecimalField(
        _("share of users affected (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    duration_hours = models.DecimalField(
        _("duration of the disruption (hours)"), max_digits=8, decimal_places=1, null=True,
        blank=True, validators=[MinValueValidator(0)],
    )  # fmt: skip
    geographic_area = models.CharField(_("geographic area affected"), max_length=300, blank=True)
    financial_loss_eur = models.DecimalField(
        _("financial loss (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    personal_data_involved = models.BooleanField(_("personal data involved"), default=False)
    personal_data_aware_at = models.DateTimeField(
        _("aware of the personal-data breach at"), null=True, blank=True,
        help_text=_("GDPR Art. 33 clock; empty: the awareness time of the incident."),
    )  # fmt: skip
    suspected_malicious = models.BooleanField(
        _("suspected unlawful or malicious act"), default=False
    )
    cross_border = models.BooleanField(_("possible cross-border effect"), default=False)
    cross_border_impact = models.TextField(_("cross-border impact"), blank=True)
    indicators = models.JSONField(
        _("indicators of compromise"), default=list, blank=True,
        validators=[validate_indicators],
        help_text=_("List of {type: ip|domain|hash|url|other, value, note}."),
    )  # fmt: skip
    initial_assessment = models.TextField(_("initial assessment"), blank=True)
    threat_type = models.CharField(_("type of threat"), max_length=200, blank=True)
    mitigation = models.TextField(_("mitigation measures applied and ongoing"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    next_due_at = models.DateTimeField(_("next report due"), null=True, blank=True,
                                       editable=False, db_index=True)  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-detected_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="incident_org_status")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Times in order: detection ≤ awareness; containment/resolution/closure after detection."""
        errors: dict[str, str] = {}
        if self.aware_at and self.detected_at and self.aware_at < self.detected_at:
            errors["aware_at"] = _("Awareness cannot come before detection.")
        for name in ("contained_at", "resolved_at", "closed_at", "handling_ended_at"):
            value = getattr(self, name)
            if value and self.detected_at and value < self.detected_at:
                errors[name] = _("This time lies before the detection time.")
        if errors:
            raise ValidationError(errors)


class IncidentChild(OrgScopedModel):
    """Rows that belong to one incident (same organization; checked in ``clean``)."""

    permission_group = "incident"

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.incident_id and self.incident.organization_id != self.organization_id:
            raise ValidationError({"incident": _("The incident belongs to another organization.")})


class IncidentEvent(IncidentChild):
    """One entry in the incident's timeline."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="events", verbose_name=_("incident")
    )
    occurred_at = models.DateTimeField(_("time"))
    text = models.TextField(_("what happened"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("author"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class SignificanceDecision(IncidentChild):
    """One decision on whether the incident is reportable under one regime (append-only).

    The current decision of a regime is its latest row; earlier rows stay as
    the history. ``criteria`` keeps the answers the decision rests on (NIS2
    Art. 23(3) test, CER Art. 15 parameters, GDPR Art. 33 risk).
    """

    class Regime(models.TextChoices):
        NIS2 = "nis2", _("NIS2 / BSIG (significant incident)")
        CER = "cer", _("CER / KRITIS-DachG (significant disruption)")
        GDPR = "gdpr", _("GDPR (personal-data breach with risk to persons)")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("incident")
    )
    regime = models.CharField(_("regime"), max_length=10, choices=Regime.choices)
    significant = models.BooleanField(_("reportable"))
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    reasons = models.TextField(_("reasons"))
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("significance decision")
        verbose_name_plural = _("significance decisions")
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.regime}: {'yes' if self.significant else 'no'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Significance decisions are append-only; record a new one."))
        super().save(*args, **kwargs)


class ReportSubmission(IncidentChild):
    """A report sent to an authority: which stage, when, with which reference."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("reporting portal")
        EMAIL = "email", _("e-mail")
        PHONE = "phone", _("telephone")
        LETTER = "letter", _("letter")
        OTHER = "other", _("other")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("incident")
    )
    stage = models.CharField(_("report"), max_length=30, choices=STAGE_CHOICES)
    submitted_at = models.DateTimeField(_("submitted at"))
    reference = models.CharField(_("reference number"), max_length=120, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "stage"], name="submission_unique_stage",
                violation_error_message=_("This report has been recorded already."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.stage} {self.reference}".strip()


class FollowUpAction(IncidentChild):
    """An action agreed in the post-incident review: owner (a member), due date, done."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="actions", verbose_name=_("incident")
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["done", "due_date", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.owner_id and self.owner.organization_id != self.organization_id:
            raise ValidationError({"owner": _("The owner must be a member of the organization.")})


__all__ = [
    "IOC_TYPES",
    "STAGE_CHOICES",
    "FollowUpAction",
    "Incident",
    "IncidentEvent",
    "ReportSubmission",
    "SignificanceDecision",
]
