"""The asset: one IT, OT or IoT device or service in the inventory."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel

from .inventory import Criticality, EssentialService, Site, Zone
from .supply import Product, Supplier
from .validators import ips_outside, normalise_hostnames, normalise_ips, normalise_macs


class Need(models.TextChoices):
    """BSI IT-Grundschutz protection-needs categories."""

    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    VERY_HIGH = "very_high", _("very high")


class Asset(OrgScopedModel):
    """An inventoried device or service (NIS2 Art. 21(2)(i), IR 2024/2690 Annex 12.4).

    ``criticality``, ``criticality_service`` and ``criticality_path`` are
    derived by ``assets.services.criticality.criticality_recompute`` and never
    typed: the path lists the asset ids from the service's asset to this one.
    """

    class Kind(models.TextChoices):
        PLC = "plc", _("PLC")
        RTU = "rtu", _("RTU")
        HMI = "hmi", _("HMI")
        SCADA_SERVER = "scada_server", _("SCADA server")
        HISTORIAN = "historian", _("Historian")
        ENGINEERING_WORKSTATION = "engineering_workstation", _("Engineering workstation")
        SAFETY_CONTROLLER = "safety_controller", _("Safety controller")
        IED = "ied", _("IED (protection/bay device)")
        SMART_METER_HEADEND = "smart_meter_headend", _("Smart-meter head-end")
        FIREWALL = "firewall", _("Firewall")
        SWITCH = "switch", _("Switch")
        ROUTER = "router", _("Router")
        VPN_GATEWAY = "vpn_gateway", _("VPN gateway")
        SERVER = "server", _("Server")
        WORKSTATION = "workstation", _("Workstation")
        CLOUD_SERVICE = "cloud_service", _("Cloud service")
        IOT_SENSOR = "iot_sensor", _("IoT sensor")
        OLT_ONT = "olt_ont", _("OLT/ONT")
        OTHER = "other", _("Other")

    class AssetClass(models.TextChoices):
        IT = "it", _("IT")
        OT = "ot", _("OT")
        IOT = "iot", _("IoT")

    class Lifecycle(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_OPERATION = "in_operation", _("in operation")
        DECOMMISSIONED = "decommissioned", _("decommissioned")

    class RemoteAccess(models.TextChoices):
        NONE = "none", _("none")
        VENDOR_VPN = "vendor_vpn", _("vendor VPN")
        JUMP_HOST = "jump_host", _("jump host")
        DIRECT = "direct", _("direct")

    name = models.CharField(_("name"), max_length=200)
    asset_tag = models.CharField(
        _("asset tag"),
        max_length=60,
        blank=True,
        help_text=_("Inventory number; unique within the organization."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    asset_class = models.CharField(_("class"), max_length=3, choices=AssetClass.choices)
    vendor = models.CharField(_("vendor"), max_length=120, blank=True)
    product_name = models.CharField(_("product"), max_length=120, blank=True)
    model = models.CharField(_("model"), max_length=120, blank=True)
    version = models.CharField(
        _("firmware/software version"),
        max_length=80,
        blank=True,
        help_text=_("Topology-sensitive on OT assets."),
    )
    cpe = models.CharField(_("CPE"), max_length=255, blank=True, help_text=_("CPE 2.3 name."))
    purl = models.CharField(_("purl"), max_length=255, blank=True, help_text=_("Package URL."))
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("site"),
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("network zone"),
    )
    ip_addresses = models.JSONField(_("IP addresses"), default=list, blank=True)
    mac_addresses = models.JSONField(_("MAC addresses"), default=list, blank=True)
    hostnames = models.JSONField(_("host names"), default=list, blank=True)
    owner = models.CharField(
        _("owner"), max_length=120, blank=True, help_text=_("Responsible person or team.")
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("supplier"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("product (supply chain)"),
    )
    lifecycle = models.CharField(
        _("lifecycle"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.IN_OPERATION
    )
    end_of_support = models.DateField(_("end of vendor support"), null=True, blank=True)
    remote_access = models.CharField(
        _("remote access"), max_length=20, choices=RemoteAccess.choices, default=RemoteAccess.NONE
    )
    internet_exposed = models.BooleanField(
        _("exposed to the internet"),
        default=False,
        help_text=_("Reachable from the internet (port forwarding, public IP, cloud)."),
    )
    confidentiality = models.CharField(
        _("confidentiality need"), max_length=10, choices=Need.choices, default=Need.NORMAL
    )
    integrity = models.CharField(
        _("integrity need"), max_length=10, choices=Need.choices, default=Need.NORMAL
    )
    availability = models.CharField(
        _("availability need"), max_length=10, choices=Need.choices, default=Need.NORMAL
    )
    description = models.TextField(_("description"), blank=True)
    services = models.ManyToManyField(
        EssentialService,
        through="ServiceDependency",
        related_name="assets",
        blank=True,
        verbose_name=_("essential services depending on it directly"),
    )
    criticality = models.PositiveSmallIntegerField(
        _("criticality"),
        choices=Criticality.choices,
        default=Criticality.NONE,
        editable=False,
        db_index=True,
    )
    criticality_service = models.ForeignKey(
        EssentialService,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("criticality inherited from"),
    )
    criticality_path = models.JSONField(_("criticality path"), default=list, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "asset_tag"],
                condition=~models.Q(asset_tag=""),
                name="asset_unique_tag",
                violation_error_message=_("An asset with this asset tag exists already."),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "name"], name="asset_org_name"),
            models.Index(fields=["organization", "-criticality", "name"], name="asset_org_crit"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Normalise addresses; check them and the zone's subnets; check same-org links."""
        errors: dict[str, list] = {}
        for field, normalise in (
            ("ip_addresses", normalise_ips),
            ("mac_addresses", normalise_macs),
            ("hostnames", normalise_hostnames),
        ):
            try:
                setattr(self, field, normalise(getattr(self, field)))
            except ValidationError as exc:
                errors[field] = exc.messages
        for field in ("site", "zone", "supplier", "product"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.organization_id != self.organization_id:
                errors[field] = [_("This belongs to another organization.")]
        if "ip_addresses" not in errors and "zone" not in errors:
            message = self.zone_subnet_error()
            if message:
                errors["ip_addresses"] = [message]
        if errors:
            raise ValidationError(errors)

    def zone_subnet_error(self, zone: Zone | None = None) -> str | None:
        """The message when an IP lies outside the subnets the zone declares, else None."""
        zone = zone or (self.zone if self.zone_id else None)
        if zone is None or not zone.subnets or not self.ip_addresses:
            return None
        outside = ips_outside(self.ip_addresses, zone.subnets)
        if not outside:
            return None
        return _("%(ips)s not in the subnets of zone %(zone)s (%(nets)s).") % {
            "ips": ", ".join(outside),
            "zone": zone.name,
            "nets": ", ".join(zone.subnets),
        }
