"""Topology: conduits between zones, links between assets, services' direct dependencies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel

from .asset import Asset
from .inventory import EssentialService, Zone


class Protocol(models.TextChoices):
    """Industrial and IT protocols seen on utility networks."""

    MODBUS_TCP = "modbus_tcp", _("Modbus/TCP")
    IEC104 = "iec104", _("IEC 60870-5-104")
    IEC61850_MMS = "iec61850_mms", _("IEC 61850 MMS")
    IEC61850_GOOSE = "iec61850_goose", _("IEC 61850 GOOSE")
    DNP3 = "dnp3", _("DNP3")
    OPC_UA = "opc_ua", _("OPC UA")
    S7COMM = "s7comm", _("S7comm")
    PROFINET = "profinet", _("PROFINET")
    BACNET = "bacnet", _("BACnet")
    MQTT = "mqtt", _("MQTT")
    HTTPS = "https", _("HTTPS")
    SSH = "ssh", _("SSH")
    RDP = "rdp", _("RDP")
    OTHER = "other", _("other")


def _same_org(instance, *fields: str) -> None:
    errors = {
        field: _("This belongs to another organization.")
        for field in fields
        if getattr(instance, f"{field}_id")
        and getattr(instance, field).organization_id != instance.organization_id
    }
    if errors:
        raise ValidationError(errors)


class Conduit(OrgScopedModel):
    """An allowed communication path between two zones (IEC 62443-3-2 conduit)."""

    from_zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="conduits_out", verbose_name=_("from zone")
    )
    to_zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="conduits_in", verbose_name=_("to zone")
    )
    protocols = models.CharField(
        _("allowed protocols"),
        max_length=200,
        blank=True,
        help_text=_("E.g. IEC 60870-5-104, OPC UA/4840."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("conduit")
        verbose_name_plural = _("conduits")
        ordering = ["from_zone__name", "to_zone__name"]
        constraints = [
            models.UniqueConstraint(fields=["from_zone", "to_zone"], name="conduit_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(from_zone=models.F("to_zone")),
                name="conduit_distinct_zones",
                violation_error_message=_("A conduit connects two different zones."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_zone_id} → {self.to_zone_id}"

    def clean(self) -> None:
        _same_org(self, "from_zone", "to_zone")


class Link(OrgScopedModel):
    """A directed communication link: ``source`` needs ``target`` to do its job.

    Typically the source opens the connection (a SCADA server polls an RTU,
    the SCADA server reaches the RTU through a firewall). Criticality flows
    along links from source to target.
    """

    source = models.ForeignKey(
        Asset, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Asset, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("target")
    )
    protocol = models.CharField(
        _("protocol"), max_length=20, choices=Protocol.choices, default=Protocol.OTHER
    )
    port = models.PositiveIntegerField(
        _("port"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="link_distinct_assets",
                violation_error_message=_("A link connects two different assets."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "source"], name="link_org_source")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.protocol})"

    def clean(self) -> None:
        _same_org(self, "source", "target")


class ServiceDependency(OrgScopedModel):
    """An essential service depends directly on an asset."""

    service = models.ForeignKey(
        EssentialService,
        on_delete=models.CASCADE,
        related_name="dependencies",
        verbose_name=_("essential service"),
    )
    asset = models.ForeignKey(
        Asset, on_delete=models.CASCADE, related_name="dependencies", verbose_name=_("asset")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service dependency")
        verbose_name_plural = _("service dependencies")
        constraints = [
            models.UniqueConstraint(fields=["service", "asset"], name="dependency_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} ← {self.asset_id}"

    def clean(self) -> None:
        _same_org(self, "service", "asset")
