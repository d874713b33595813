"""Essential services, sites and network zones: the frame every asset sits in."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel
from bollwerk.models.tenancy import Sector

from .validators import normalise_cidrs


class Criticality(models.IntegerChoices):
    """How critical a service is, and (derived) every asset it depends on."""

    NONE = 0, _("not critical")
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")
    VERY_HIGH = 4, _("very high")


#: Service criticality from the people served (lower bounds, see docs/inventory-import.md).
PEOPLE_THRESHOLDS = ((500_000, Criticality.VERY_HIGH), (100_000, Criticality.HIGH),
                     (10_000, Criticality.MEDIUM))  # fmt: skip
#: Service criticality from the maximum tolerable outage (upper bounds in hours).
OUTAGE_THRESHOLDS = ((2, Criticality.VERY_HIGH), (8, Criticality.HIGH), (24, Criticality.MEDIUM))


class EssentialService(OrgScopedModel):
    """A service the utility provides to the public (NIS2/CER "essential service").

    Its criticality is computed from the people served and the maximum
    tolerable outage (:meth:`criticality`); assets inherit it through
    :class:`ServiceDependency` and topology links.
    """

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("NIS2 sector"), max_length=40, choices=Sector.choices)
    description = models.TextField(_("description"), blank=True)
    population_served = models.PositiveIntegerField(
        _("population served"),
        null=True,
        blank=True,
        help_text=_("Number of people who depend on the service."),
    )
    customers_served = models.PositiveIntegerField(
        _("customers served"),
        null=True,
        blank=True,
        help_text=_("Connections or contracts; used when the population is not known."),
    )
    max_tolerable_outage_hours = models.PositiveIntegerField(
        _("maximum tolerable outage (hours)"),
        null=True,
        blank=True,
        help_text=_("How long the service may be interrupted before harm becomes unacceptable."),
    )

    class Meta:
        verbose_name = _("essential service")
        verbose_name_plural = _("essential services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="service_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def people_served(self) -> int | None:
        return (
            self.population_served if self.population_served is not None else self.customers_served
        )

    @property
    def criticality(self) -> int:
        """The higher of the people-served and the tolerable-outage level (1–4)."""
        people, outage = self.people_served, self.max_tolerable_outage_hours
        by_people = next((lvl for low, lvl in PEOPLE_THRESHOLDS if (people or 0) >= low), 1)
        by_outage = next(
            (lvl for high, lvl in OUTAGE_THRESHOLDS if outage is not None and outage <= high), 1
        )
        return int(max(by_people, by_outage))

    def get_criticality_display(self) -> str:
        return str(Criticality(self.criticality).label)


class Site(OrgScopedModel):
    """A physical location: waterworks, substation, control room, data centre, ..."""

    class Kind(models.TextChoices):
        WATERWORKS = "waterworks", _("Waterworks")
        PUMPING_STATION = "pumping_station", _("Pumping station")
        SUBSTATION = "substation", _("Substation")
        TREATMENT_PLANT = "treatment_plant", _("Treatment plant")
        CONTROL_ROOM = "control_room", _("Control room")
        DATA_CENTRE = "data_centre", _("Data centre")
        OFFICE = "office", _("Office")
        FIBRE_POP = "fibre_pop", _("Fibre PoP")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="site_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Zone(OrgScopedModel):
    """A network zone in the IEC 62443 sense, placed on a Purdue level.

    When ``subnets`` is not empty, every IP address of an asset in the zone
    must lie in one of them (checked by :meth:`Asset.clean`).
    """

    class Level(models.TextChoices):
        L0 = "0", _("Level 0 – process")
        L1 = "1", _("Level 1 – basic control")
        L2 = "2", _("Level 2 – supervisory control")
        L3 = "3", _("Level 3 – site operations")
        DMZ = "dmz", _("DMZ (level 3.5)")
        L4 = "4", _("Level 4 – enterprise IT")
        L5 = "5", _("Level 5 – enterprise network / internet")
        IT = "it", _("IT (office)")

    #: Vertical order for diagrams: field level at the bottom.
    LEVEL_ORDER = {"0": 0, "1": 1, "2": 2, "3": 3, "dmz": 4, "4": 5, "it": 5, "5": 6}

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("Purdue level"), max_length=3, choices=Level.choices)
    security_level_target = models.PositiveSmallIntegerField(
        _("target security level (SL-T)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("IEC 62443-3-3 security level 1–4 the zone must reach."),
    )
    subnets = models.JSONField(
        _("subnets"),
        default=list,
        blank=True,
        help_text=_("Network prefixes in CIDR notation, e.g. 10.20.1.0/24."),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="zones",
        verbose_name=_("site"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("network zone")
        verbose_name_plural = _("network zones")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="zone_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        try:
            self.subnets = normalise_cidrs(self.subnets)
        except ValidationError as exc:
            raise ValidationError({"subnets": exc}) from None
        if self.site_id and self.site.organization_id != self.organization_id:
            raise ValidationError({"site": _("The site belongs to another organization.")})
