"""Supply chain: suppliers and their products (SBOMs attach to products later)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel


class Supplier(OrgScopedModel):
    """A vendor, integrator or service provider, with its security contacts."""

    permission_group = "supply_chain"

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. DE.")
    )
    website = models.URLField(_("website"), blank=True)
    security_contact = models.CharField(
        _("security contact"),
        max_length=200,
        blank=True,
        help_text=_("E-mail address or name of the PSIRT / security contact."),
    )
    disclosure_url = models.URLField(
        _("vulnerability disclosure URL"),
        blank=True,
        help_text=_("Vulnerability-disclosure policy or security.txt URL."),
    )
    csaf_provider_url = models.URLField(
        _("CSAF provider metadata URL"),
        blank=True,
        help_text=_("URL of provider-metadata.json for CSAF advisories."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="supplier_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.country = self.country.upper()
        if self.country and not (len(self.country) == 2 and self.country.isalpha()):
            raise ValidationError({"country": _("Use a two-letter country code, e.g. DE.")})


class Product(OrgScopedModel):
    """A supplier's product in one version: firmware, software, appliance or cloud service."""

    permission_group = "supply_chain"

    class Kind(models.TextChoices):
        FIRMWARE = "firmware", _("firmware")
        SOFTWARE = "software", _("software")
        APPLIANCE = "appliance", _("appliance")
        CLOUD_SERVICE = "cloud_service", _("cloud service")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="products", verbose_name=_("supplier")
    )
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SOFTWARE)
    cpe = models.CharField(_("CPE"), max_length=255, blank=True)
    purl = models.CharField(_("purl"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "supplier", "name", "version"],
                name="product_unique_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()

    def clean(self) -> None:
        if self.supplier_id and self.supplier.organization_id != self.organization_id:
            raise ValidationError({"supplier": _("This belongs to another organization.")})
