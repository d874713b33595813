"""Forms of the SBOM pages: the upload and the choice of two SBOMs to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, Product, Supplier
from assets.selectors import asset_choice_label
from bollwerk.widgets import LookupSelectMultiple


class SbomUploadForm(forms.Form):
    """Upload one SBOM for a supplier's product; choices come from one organization only.

    Either an existing product, or a supplier (chosen or named) with a
    product name and version; both may be left to the document's own
    metadata component except the supplier.
    """

    file = forms.FileField(
        label=_("SBOM file"), help_text=_("CycloneDX JSON/XML 1.2–1.7 or SPDX 2.2/2.3 JSON.")
    )
    product = forms.ModelChoiceField(
        Product.objects.none(),
        required=False,
        label=_("Existing product"),
        help_text=_("Or leave empty and name supplier, product and version below."),
    )
    supplier = forms.ModelChoiceField(Supplier.objects.none(), required=False, label=_("Supplier"))
    new_supplier = forms.CharField(max_length=200, required=False, label=_("or new supplier"))
    product_name = forms.CharField(
        max_length=200,
        required=False,
        label=_("Product name"),
        help_text=_("Empty: the name the SBOM gives its own component."),
    )
    product_version = forms.CharField(max_length=80, required=False, label=_("Product version"))
    assets = forms.ModelMultipleChoiceField(
        Asset.objects.none(),
        required=False,
        label=_("Assets running this product"),
        widget=LookupSelectMultiple("assets:asset-lookup", attrs={"size": 8}),
    )
    lenient = forms.BooleanField(
        required=False,
        label=_("Lenient: store a schema-invalid document with its errors recorded"),
    )
    allow_zip = forms.BooleanField(required=False, label=_("This is a zip archive"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["product"].queryset = (
            Product.objects.for_org(organization)
            .select_related("supplier")
            .order_by("name", "version")
        )
        self.fields["supplier"].queryset = Supplier.objects.for_org(organization).order_by("name")
        self.fields["assets"].queryset = Asset.objects.for_org(organization).order_by("name")
        self.fields["assets"].label_from_instance = asset_choice_label

    def clean(self):
        data = super().clean()
        if data.get("product"):
            return data
        if not data.get("supplier") and not (data.get("new_supplier") or "").strip():
            self.add_error("supplier", _("Choose a supplier or name a new one."))
        return data

    def import_arguments(self) -> dict:
        """The keyword arguments for ``sbom_import`` (after ``is_valid``)."""
        data = self.cleaned_data
        version = data["product_version"].strip()
        return {
            "supplier": None
            if data["product"]
            else (data["supplier"] or data["new_supplier"].strip() or None),
            "product": data["product"],
            "product_name": data["product_name"],
            "product_version": version if data["product_name"].strip() or version else None,
            "asset_ids": [asset.pk for asset in data["assets"]],
            "lenient": data["lenient"],
            "allow_zip": data["allow_zip"],
        }


class SbomCompareForm(forms.Form):
    """Pick two SBOMs of one product line to compare."""

    base = forms.ModelChoiceField(None, label=_("From"))
    other = forms.ModelChoiceField(None, label=_("To"))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("base", "other"):
            self.fields[name].queryset = versions
            self.fields[name].label_from_instance = _sbom_label


def _sbom_label(sbom) -> str:
    return f"{sbom.product} · {sbom.file_name} · {sbom.imported_at:%Y-%m-%d %H:%M} (#{sbom.pk})"
