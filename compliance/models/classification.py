"""Legal entities of an organization, their extra classification inputs and results."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel
from bollwerk.models.tenancy import LegalForm


class LegalEntity(OrgScopedModel):
    """One legal entity of an organization; classification and registration are per entity.

    The organization's default entity (``is_default``) mirrors the
    Organization: its figures, legal form and KRITIS designation are read
    from the Organization itself, so the two can never disagree. Further
    entities (a group with a network company, a water GmbH, ...) carry their
    own facts in the fields below. ``activities`` lists the entity types the
    entity carries out (empty: derived from the sectors), each a dict with
    ``entity_type`` and the flags of ``compliance.classification.Activity``.
    """

    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(
        _("the organization itself"),
        default=False,
        help_text=_("The default entity takes its facts from the organization."),
    )
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    employees = models.PositiveIntegerField(_("employees (FTE)"), null=True, blank=True)
    turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    balance_sheet_eur = models.DecimalField(
        _("balance-sheet total (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    public_ownership_share = models.DecimalField(
        _("public ownership share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    federal_state = models.CharField(_("federal state"), max_length=60, blank=True)
    kritis = models.BooleanField(_("designated critical entity (CER / KRITIS)"), default=False)
    activities = models.JSONField(
        _("activities"),
        default=list,
        blank=True,
        help_text=_("Entity types carried out; empty means: derived from the sectors."),
    )
    it_independent = models.BooleanField(
        _("IT independent of linked enterprises"),
        default=False,
        help_text=_("The entity's IT is run independently of linked or partner enterprises."),
    )
    it_independence_justification = models.TextField(_("justification"), blank=True)
    critical_installation = models.BooleanField(
        _("operates a critical installation"),
        default=False,
        help_text=_("A BSI-KritisV threshold is met."),
    )

    permission_group = "compliance"

    class Meta:
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_default=True),
                name="compliance_one_default_entity",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RelatedEnterprise(OrgScopedModel):
    """A linked or partner enterprise of a legal entity (size aggregation, step 4(c))."""

    class Relation(models.TextChoices):
        AUTO = "auto", _("decided by the share")
        CONTROL = "control", _("dominant influence (linked)")
        MUNICIPAL_SISTER = "municipal_sister", _("held by the same municipality")

    legal_entity = models.ForeignKey(LegalEntity, on_delete=models.CASCADE, related_name="related")
    name = models.CharField(_("name"), max_length=200)
    employees = models.PositiveIntegerField(_("employees (FTE)"), null=True, blank=True)
    turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    balance_sheet_eur = models.DecimalField(
        _("balance-sheet total (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    share_percent = models.DecimalField(
        _("capital or voting share (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    relation = models.CharField(
        _("relation"), max_length=20, choices=Relation.choices, default=Relation.AUTO
    )
    listed_investor = models.BooleanField(
        _("investor exception"),
        default=False,
        help_text=_("Annex Art. 3(2) investor (e.g. a small autonomous local authority)."),
    )

    permission_group = "compliance"

    class Meta:
        verbose_name = _("related enterprise")
        verbose_name_plural = _("related enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClassificationRecord(OrgScopedModel):
    """A stored classification result of one legal entity: inputs, result, when and why.

    ``result`` holds the full outcome in German and English (see
    ``compliance.services.classification.classification_as_json``); the
    newest record of an entity is its current classification.
    """

    legal_entity = models.ForeignKey(
        LegalEntity, on_delete=models.CASCADE, related_name="classifications"
    )
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)
    trigger = models.CharField(_("trigger"), max_length=40, default="request")
    inputs = models.JSONField(_("inputs"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    category = models.CharField(_("NIS2 category"), max_length=20)
    route = models.CharField(_("route"), max_length=20)
    cer_critical = models.BooleanField(_("CER critical entity"), default=False)
    catalogue_version = models.CharField(_("catalogue version"), max_length=20)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("classification record")
        verbose_name_plural = _("classification records")
        ordering = ["-computed_at", "-pk"]
        indexes = [models.Index(fields=["organization", "legal_entity", "-computed_at"])]

    def __str__(self) -> str:
        return (
            f"{self.category} ({self.computed_at:%Y-%m-%d})" if self.computed_at else self.category
        )
