"""What the generic list/create/edit/delete pages need to know about each record type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from assets import filters, forms, selectors
from assets.models import Conduit, EssentialService, Link, Product, Site, Supplier, Zone


@dataclass(frozen=True)
class Entity:
    """One record type's model, selector, filter, form and list columns (attribute, label)."""

    key: str
    model: type
    selector: Callable
    filterset: type
    form: type
    columns: tuple[tuple[str, str], ...]
    title: str
    has_detail: bool = False


ENTITIES = {
    e.key: e
    for e in (
        Entity("site", Site, selectors.site_list, filters.SiteFilter, forms.SiteForm,
               (("name", _("Name")), ("get_kind_display", _("Kind")), ("city", _("City")),
                ("asset_count", _("Assets"))), _("Sites")),
        Entity("zone", Zone, selectors.zone_list, filters.ZoneFilter, forms.ZoneForm,
               (("name", _("Name")), ("get_level_display", _("Purdue level")),
                ("security_level_target", _("SL-T")), ("subnets_text", _("Subnets")),
                ("site", _("Site")), ("asset_count", _("Assets"))), _("Network zones"),
               has_detail=True),
        Entity("conduit", Conduit, selectors.conduit_list, filters.ConduitFilter,
               forms.ConduitForm, (("from_zone", _("From zone")), ("to_zone", _("To zone")),
                                   ("protocols", _("Allowed protocols"))), _("Conduits")),
        Entity("service", EssentialService, selectors.service_list, filters.ServiceFilter,
               forms.EssentialServiceForm,
               (("name", _("Name")), ("get_sector_display", _("Sector")),
                ("people_served", _("People served")),
                ("max_tolerable_outage_hours", _("Max. outage (h)")),
                ("get_criticality_display", _("Criticality")),
                ("asset_count", _("Assets (direct)"))), _("Essential services"),
               has_detail=True),
        Entity("link", Link, selectors.link_list, filters.LinkFilter, forms.LinkForm,
               (("source", _("Source")), ("target", _("Target")),
                ("get_protocol_display", _("Protocol")), ("port", _("Port")),
                ("purpose", _("Purpose"))), _("Links")),
        Entity("supplier", Supplier, selectors.supplier_list, filters.SupplierFilter,
               forms.SupplierForm,
               (("name", _("Name")), ("country", _("Country")),
                ("security_contact", _("Security contact")),
                ("product_count", _("Products"))), _("Suppliers")),
        Entity("product", Product, selectors.product_list, filters.ProductFilter,
               forms.ProductForm,
               (("name", _("Name")), ("version", _("Version")), ("supplier", _("Supplier")),
                ("get_kind_display", _("Kind"))), _("Products"), has_detail=True),
    )
}  # fmt: skip


def cell(obj, attribute: str):
    """The display value of one list cell."""
    if attribute == "subnets_text":
        return ", ".join(obj.subnets)
    value = getattr(obj, attribute, "")
    if callable(value):
        value = value()
    return "—" if value in (None, "") else value
