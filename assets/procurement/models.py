"""Procurement models: a supplier's offer, the vendor's answer per claim, and the decision."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models.supply import Product, Supplier
from bollwerk.models import OrgScopedModel


class Offer(OrgScopedModel):
    """A supplier's offer of one product (name + version) on a date, with the buyer's criteria.

    ``min_support_years``, ``critical_max_age_days`` and ``sbom_quality_threshold`` are the
    buyer's thresholds the automatic checks use; ``support_end`` is the vendor's declared end
    of security support. ``last_verified_at`` is the last automatic (re)check.
    """

    permission_group = "supply_chain"

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_REVIEW = "in_review", _("in review")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="offers", verbose_name=_("supplier")
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="offers", verbose_name=_("product")
    )
    offered_on = models.DateField(_("offer date"), default=dt.date.today)
    reference = models.CharField(_("offer reference"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    catalogue_version = models.CharField(_("claims catalogue"), max_length=20, default="2026.1")
    support_end = models.DateField(_("declared security-support end"), null=True, blank=True)
    min_support_years = models.PositiveSmallIntegerField(_("minimum support (years)"), default=5)
    critical_max_age_days = models.PositiveSmallIntegerField(
        _("maximum age of unfixed critical vulnerabilities (days)"), default=30
    )
    sbom_quality_threshold = models.PositiveSmallIntegerField(
        _("minimum SBOM quality score"), default=70
    )
    notes = models.TextField(_("notes"), blank=True)
    last_verified_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-offered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.product} ({self.offered_on})"

    def clean(self) -> None:
        errors = {}
        if self.supplier_id and self.supplier.organization_id != self.organization_id:
            errors["supplier"] = _("This belongs to another organization.")
        if self.product_id and self.product.organization_id != self.organization_id:
            errors["product"] = _("This belongs to another organization.")
        elif self.product_id and self.supplier_id and self.product.supplier_id != self.supplier_id:
            errors["product"] = _("The product is not one of this supplier's.")
        if self.sbom_quality_threshold > 100:
            errors["sbom_quality_threshold"] = _("A score is at most 100.")
        if errors:
            raise ValidationError(errors)


class ClaimAnswer(OrgScopedModel):
    """The vendor's answer to one catalogue claim for an offer, and how far it is verified.

    ``evidence`` holds the data behind an automatic state (e.g. KEV-matching components);
    ``summary`` is its one-line reading. A person's verification records who, when and
    which document.
    """

    permission_group = "supply_chain"

    class Answer(models.TextChoices):
        YES = "yes", _("yes")
        PARTLY = "partly", _("partly")
        NO = "no", _("no")

    class State(models.TextChoices):
        PENDING = "pending", _("not checked yet")
        VERIFIED_DATA = "verified_data", _("verified by data")
        VERIFIED_PERSON = "verified_person", _("verified by a person")
        CONTRADICTED = "contradicted", _("contradicted")
        UNVERIFIABLE = "unverifiable", _("unverifiable")

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="answers", verbose_name=_("offer")
    )
    claim_id = models.CharField(_("claim"), max_length=40)
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices, blank=True)
    text = models.TextField(_("vendor's statement"), blank=True)
    document_reference = models.CharField(_("document reference"), max_length=255, blank=True)
    document = models.FileField(
        _("attached document"), upload_to="procurement/%Y/", blank=True, max_length=300
    )
    state = models.CharField(
        _("verification"), max_length=16, choices=State.choices, default=State.PENDING
    )
    summary = models.TextField(_("verification summary"), blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_document = models.CharField(_("verified with document"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("claim answer")
        verbose_name_plural = _("claim answers")
        ordering = ["offer", "id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "claim_id"], name="claimanswer_unique_claim")
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.get_state_display()}"


class Decision(OrgScopedModel):
    """The procurement decision on an offer, with a reference to its archived PDF decision record.

    The record is made by the report archive on request (``bollwerk.documents``); the decision
    keeps only its public id and hash, so nothing here depends on ``reports``.
    """

    permission_group = "supply_chain"

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("approve")
        CONDITIONS = "conditions", _("approve with conditions")
        REJECT = "reject", _("reject")

    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, related_name="decision", verbose_name=_("offer")
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # A plain reference into the report archive (assets may not point at ``reports``):
    # the archived decision record's public id and the SHA-256 of its PDF.
    report_public_id = models.UUIDField(
        _("decision record"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The decision record's id in the report archive."),
    )
    report_sha256 = models.CharField(
        _("decision record SHA-256"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("procurement decision")
        verbose_name_plural = _("procurement decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.offer}"


class DecisionCondition(OrgScopedModel):
    """A condition of an approval, due by a date; ``done_on`` marks it fulfilled."""

    permission_group = "supply_chain"

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="conditions", verbose_name=_("decision")
    )
    text = models.TextField(_("condition"))
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision condition")
        verbose_name_plural = _("decision conditions")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def status(self, today: dt.date | None = None) -> str:
        """``done``, ``overdue`` or ``open`` as of ``today``."""
        if self.done_on:
            return "done"
        return "overdue" if self.due_date < (today or dt.date.today()) else "open"
