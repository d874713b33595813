"""Forms of the inventory pages; related choices are narrowed to the organization."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from assets.models import (
    Asset,
    Conduit,
    EssentialService,
    Link,
    Product,
    Site,
    Supplier,
    Zone,
)
from assets.models.validators import (
    normalise_cidrs,
    normalise_hostnames,
    normalise_ips,
    normalise_macs,
)
from assets.selectors import asset_choice_label
from bollwerk.widgets import LookupSelect


class ListField(forms.CharField):
    """A list of addresses typed one per line (or separated by spaces/commas)."""

    def __init__(self, *, normalise, **kwargs):
        self.normalise = normalise
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def clean(self, value):
        return self.normalise(super().clean(value))


class OrgModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices come from one organization only."""

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                field.queryset = queryset.model.objects.for_org(organization)

    def _get_validation_exclusions(self):
        # Validate the organization-wide unique constraints in the form, too.
        return super()._get_validation_exclusions() - {"organization"}


class SiteForm(OrgModelForm):
    class Meta:
        model = Site
        fields = ["name", "kind", "address", "postcode", "city", "latitude", "longitude",
                  "description"]  # fmt: skip


class ZoneForm(OrgModelForm):
    subnets = ListField(
        normalise=normalise_cidrs,
        label=_("subnets"),
        help_text=_("One network per line in CIDR notation, e.g. 10.20.1.0/24."),
    )

    class Meta:
        model = Zone
        fields = ["name", "level", "security_level_target", "subnets", "site", "description"]


class ConduitForm(OrgModelForm):
    class Meta:
        model = Conduit
        fields = ["from_zone", "to_zone", "protocols", "description"]


class EssentialServiceForm(OrgModelForm):
    class Meta:
        model = EssentialService
        fields = ["name", "sector", "population_served", "customers_served",
                  "max_tolerable_outage_hours", "description"]  # fmt: skip


def _https_by_default(db_field, **kwargs):
    """Model URL fields as form fields that read "example.org" as https://example.org."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class SupplierForm(OrgModelForm):
    class Meta:
        model = Supplier
        formfield_callback = _https_by_default
        fields = ["name", "country", "website", "security_contact", "disclosure_url",
                  "csaf_provider_url", "notes"]  # fmt: skip


class ProductForm(OrgModelForm):
    class Meta:
        model = Product
        fields = ["supplier", "name", "version", "kind", "cpe", "purl", "description"]


class LinkForm(OrgModelForm):
    class Meta:
        model = Link
        fields = ["source", "target", "protocol", "port", "purpose"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "target"):
            field = self.fields[name]
            field.queryset = field.queryset.only("id", "name", "asset_tag")
            field.label_from_instance = asset_choice_label
            field.widget = LookupSelect("assets:asset-lookup", choices=field.widget.choices)
            field.widget.is_required = field.required


class AssetForm(OrgModelForm):
    """An asset with its addresses and the essential services that depend on it directly."""

    ip_addresses = ListField(normalise=normalise_ips, label=_("IP addresses"))
    mac_addresses = ListField(normalise=normalise_macs, label=_("MAC addresses"))
    hostnames = ListField(normalise=normalise_hostnames, label=_("host names"))
    services = forms.ModelMultipleChoiceField(
        queryset=EssentialService.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Essential services depending on it directly"),
    )

    class Meta:
        model = Asset
        fields = [
            "name", "asset_tag", "kind", "asset_class", "vendor", "product_name", "model",
            "version", "cpe", "purl", "site", "zone", "ip_addresses", "mac_addresses",
            "hostnames", "owner", "supplier", "product", "lifecycle", "end_of_support",
            "remote_access", "internet_exposed", "confidentiality", "integrity",
            "availability", "services", "description",
        ]  # fmt: skip
        widgets = {
            "end_of_support": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["services"] = list(
                self.instance.dependencies.values_list("service_id", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        zone, ips = cleaned.get("zone"), cleaned.get("ip_addresses")
        if zone is not None and ips and "ip_addresses" not in self.errors:
            probe = Asset(ip_addresses=ips)
            message = probe.zone_subnet_error(zone)
            if message:
                self.add_error("ip_addresses", message)
        return cleaned


class ImportForm(forms.Form):
    """The upload step of the asset import."""

    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns as described in the import format; first row is the header."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.BOLLWERK_UPLOAD_MAX_BYTES:
            limit = settings.BOLLWERK_UPLOAD_MAX_BYTES // (1024 * 1024)
            raise ValidationError(_("The file is larger than %(mb)s MB."), params={"mb": limit})
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
