import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_pseudonym_secret() -> str:
    return secrets.token_hex(32)


class Sector(models.TextChoices):
    """NIS2 annex sectors as BSIG names them (those relevant to utilities first)."""

    ELECTRICITY = "electricity", _("Electricity")
    GAS = "gas", _("Gas")
    DISTRICT_HEATING = "district_heating", _("District heating and cooling")
    HYDROGEN = "hydrogen", _("Hydrogen")
    OIL = "oil", _("Oil")
    DRINKING_WATER = "drinking_water", _("Drinking water")
    WASTEWATER = "wastewater", _("Wastewater")
    WASTE_MANAGEMENT = "waste_management", _("Waste management")
    TRANSPORT = "transport", _("Transport")
    TELECOM = "telecom", _("Telecommunications / fibre")
    IT_SERVICES = "it_services", _("Managed IT services")
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure", _("Digital infrastructure")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")


class LegalForm(models.TextChoices):
    GMBH = "gmbh", _("GmbH (limited company)")
    AG = "ag", _("AG (stock corporation)")
    AOER = "aoer", _("AöR (public-law institution)")
    EIGENBETRIEB = "eigenbetrieb", _("Eigenbetrieb (municipal enterprise)")
    REGIEBETRIEB = "regiebetrieb", _("Regiebetrieb (department of the municipality)")
    ZWECKVERBAND = "zweckverband", _("Zweckverband (special-purpose association)")
    GMBH_CO_KG = "gmbh_co_kg", _("GmbH & Co. KG")
    OTHER = "other", _("Other")


class Organization(models.Model):
    """A tenant: one utility (legal entity) with the facts NIS2/CER classification needs.

    Every domain row belongs to exactly one organization. ``pseudonym_secret``
    keys the HMAC that turns sensitive values into stable report pseudonyms;
    it never leaves the database.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    sectors = models.JSONField(
        _("sectors"),
        default=list,
        blank=True,
        help_text=_("NIS2 annex sectors the organization is active in."),
    )
    employees = models.PositiveIntegerField(
        _("employees (full-time equivalent)"), null=True, blank=True
    )
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
    country = models.CharField(_("country"), max_length=2, default="DE")
    federal_state = models.CharField(_("federal state"), max_length=60, blank=True)
    kritis = models.BooleanField(
        _("designated critical entity (CER / KRITIS)"),
        default=False,
        help_text=_("Designated as critical entity under the KRITIS-Dachgesetz."),
    )
    pseudonym_secret = models.CharField(
        max_length=64, default=_new_pseudonym_secret, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SECURITY_OFFICER = "security_officer", _("Security officer")
    AUDITOR = "auditor", _("Auditor")
    PROCUREMENT = "procurement", _("Procurement")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's role in one organization; a user may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organization_id}:{self.role}"


class OrgScopedQuerySet(models.QuerySet):
    """The one way to narrow domain rows to an organization."""

    def for_org(self, org: Organization | int):
        return self.filter(organization=org)


class OrgScopedModel(models.Model):
    """Base of every domain model: the row belongs to one organization.

    ``permission_group`` names the resource group in the role permission
    map (bollwerk.permissions.GROUPS). Writes are recorded in the audit trail
    by the signal handlers in bollwerk.signals; ``_audit_loaded`` keeps the
    values as loaded, so an update records only what changed.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )

    objects = OrgScopedQuerySet.as_manager()

    permission_group: str = "inventory"

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance
