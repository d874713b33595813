"""Supply-chain report: suppliers with their security contacts, products and the assets running them.

SBOM coverage and quality are here too; open vulnerabilities come from
``reports.providers.vulnerabilities`` and vendor claims from
``reports.providers.procurement``. A section with nothing to show says so
("no data yet").
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from assets import selectors as inv
from assets.models import Asset
from reports.sections import (
    Column,
    Fact,
    Facts,
    NoData,
    Row,
    Section,
    SectionContext,
    SourceRef,
    Table,
    register,
)

#: How many asset names a product row lists before "and N more".
ASSETS_SHOWN = 8


@register("supply_chain", key="suppliers", order=20)
def suppliers_section(ctx: SectionContext) -> Section:
    """Suppliers: country, security contact, disclosure policy and CSAF provider URLs."""
    suppliers = list(inv.supplier_list(org=ctx.organization))
    if not suppliers:
        return Section(_("Suppliers"), [NoData(_("No supplier recorded yet."))])
    rows = [
        Row(
            {
                "name": s.name,
                "country": s.country or "—",
                "contact": s.security_contact or "—",
                "urls": [s.disclosure_url or "—", s.csaf_provider_url or "—"],
                "products": s.product_count,
            }
        )
        for s in suppliers
    ]
    columns = [
        Column("name", _("Supplier")),
        Column("country", _("Country")),
        Column("contact", _("Security contact"), public_hosts=True),
        Column("urls", _("Disclosure policy, CSAF provider"), public_hosts=True),
        Column("products", _("Products")),
    ]
    summary = Facts(
        [
            Fact(_("Suppliers"), len(suppliers)),
            Fact(_("With a security contact"), sum(bool(s.security_contact) for s in suppliers)),
            Fact(_("With a disclosure policy"), sum(bool(s.disclosure_url) for s in suppliers)),
            Fact(
                _("Publishing CSAF advisories"), sum(bool(s.csaf_provider_url) for s in suppliers)
            ),
        ]
    )
    return Section(title=_("Suppliers"), blocks=[summary, Table(columns, rows)])


@register("supply_chain", key="products", order=25)
def products_section(ctx: SectionContext) -> Section:
    """Products with the assets running them; a version run on OT assets is OT firmware."""
    org = ctx.organization
    products = list(inv.product_list(org=org).order_by("supplier__name", "name", "version"))
    if not products:
        return Section(_("Products"), [NoData(_("No product recorded yet."))])
    running: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for product_id, name, asset_class in (
        Asset.objects.for_org(org)
        .filter(product__isnull=False)
        .order_by("name")
        .values_list("product_id", "name", "asset_class")
    ):
        running[product_id].append((name, asset_class == Asset.AssetClass.OT))
    rows = []
    for p in products:
        assets = running.get(p.pk, [])
        names = [name for name, _ot in assets[:ASSETS_SHOWN]]
        if len(assets) > ASSETS_SHOWN:
            names.append(_("… and %(n)d more") % {"n": len(assets) - ASSETS_SHOWN})
        rows.append(
            Row(
                {
                    "supplier": p.supplier.name,
                    "product": p.name,
                    "version": p.version,
                    "kind": p.get_kind_display(),
                    "count": len(assets),
                    "assets": names or "—",
                },
                ot=any(ot for _name, ot in assets),
            )
        )
    columns = [
        Column("supplier", _("Supplier")),
        Column("product", _("Product")),
        # The same value as the firmware of the assets running it: sensitive on OT rows.
        Column("version", _("Version"), SourceRef("assets.asset", "version")),
        Column("kind", _("Kind")),
        Column("count", _("Assets")),
        Column("assets", _("Running on")),
    ]
    summary = Facts(
        [
            Fact(_("Products"), len(products)),
            Fact(_("Products in use"), sum(1 for p in products if running.get(p.pk))),
            Fact(_("Assets linked to a product"), sum(len(v) for v in running.values())),
        ]
    )
    return Section(title=_("Products and where they run"), blocks=[summary, Table(columns, rows)])


@register(("supply_chain",), key="sbom", order=30)
def sbom_coverage_and_quality(ctx: SectionContext) -> Section:
    """Current SBOM per product with its quality score and missing elements."""
    from assets.models import Sbom

    sboms = list(
        Sbom.objects.for_org(ctx.organization).filter(superseded_by__isnull=True)
        .select_related("product", "product__supplier").order_by("product__name")
    )  # fmt: skip
    if not sboms:
        return Section(
            title=_("SBOM coverage and quality"), blocks=[NoData(_("No SBOM is stored."))]
        )
    return Section(title=_("SBOM coverage and quality"), blocks=[Table(
        columns=[Column("product", _("Product")), Column("supplier", _("Supplier")),
                 Column("format", _("Format")), Column("components", _("Components")),
                 Column("quality", _("Quality")), Column("missing", _("Missing elements"))],
        rows=[Row({"product": str(s.product), "supplier": s.product.supplier.name if s.product.supplier_id else "",
                   "format": f"{s.kind} {s.spec_version} {s.format}", "components": s.component_count,
                   "quality": s.quality_score, "missing": _missing_elements(s.quality_report)})
              for s in sboms],
    )])  # fmt: skip


def _missing_elements(report: dict) -> str:
    """The quality criteria some components miss, e.g. "hashes 120/300"."""
    criteria = (report or {}).get("criteria", {})
    gaps = [
        f"{key} {c.get('present')}/{c.get('total')}"
        for key, c in criteria.items()
        if isinstance(c, dict) and c.get("present", 0) < c.get("total", 0)
    ]
    return ", ".join(gaps) or "—"
