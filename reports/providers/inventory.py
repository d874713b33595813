"""Inventory report: summary, essential services, sites, zones, conduits, assets, links.

Every topology value is tagged with the model field it comes from
(``SourceRef``), so the Redactor pseudonymises it for every audience below
internal; public reports keep only the summary (aggregates). The asset table
is deliberately compact (six columns, addresses in one wrapped column) so a
thousand assets lay out in a few dozen pages.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from assets import selectors as inv
from assets.models import Asset, Criticality, Protocol, Site, Zone
from bollwerk.models.tenancy import Sector
from reports.sections import (
    Chart,
    Column,
    Fact,
    Facts,
    NoData,
    Row,
    Section,
    SectionContext,
    SourceRef,
    Table,
    Tagged,
    register,
)

ASSET = "assets.asset"
ZONE_NAME = SourceRef("assets.zone", "name")


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _counts(qs, field: str) -> list[tuple[str, int]]:
    return list(qs.values_list(field).annotate(n=Count("pk")).order_by("-n", field))


@register("inventory", key="inventory", order=20)
def inventory_summary(ctx: SectionContext) -> Section:
    """Counts by kind, class, criticality and zone level (aggregates: the public sees these)."""
    org = ctx.organization
    assets = Asset.objects.for_org(org)
    total = assets.count()
    if not total:
        return Section(_("Inventory summary"), [NoData(_("No asset has been inventoried yet."))])
    level_labels = dict(Zone.Level.choices)
    by_level = [
        (str(level_labels.get(level, _("no zone"))), n)
        for level, n in _counts(assets, "zone__level")
    ]
    blocks = [
        Facts(
            [
                Fact(_("Assets"), total),
                Fact(_("OT assets"), assets.filter(asset_class=Asset.AssetClass.OT).count()),
                Fact(_("Exposed to the internet"), assets.filter(internet_exposed=True).count()),
                Fact(
                    _("With remote access"),
                    assets.exclude(remote_access=Asset.RemoteAccess.NONE).count(),
                ),
                Fact(_("Essential services"), inv.service_list(org=org).count()),
                Fact(_("Sites"), Site.objects.for_org(org).count()),
                Fact(_("Network zones"), Zone.objects.for_org(org).count()),
                Fact(_("Links"), inv.link_list(org=org).count()),
            ]
        ),
        Chart(
            _("Assets by class"),
            [(_label(Asset.AssetClass, k), n) for k, n in _counts(assets, "asset_class")],
        ),
        Chart(
            _("Assets by criticality"),
            [(_label(Criticality, k), n) for k, n in _counts(assets, "criticality")],
        ),
        Chart(_("Assets by zone level"), by_level),
        Chart(
            _("Assets by kind"), [(_label(Asset.Kind, k), n) for k, n in _counts(assets, "kind")]
        ),
    ]
    return Section(title=_("Inventory summary"), blocks=blocks)


@register("inventory", key="services", order=30)
def services_section(ctx: SectionContext) -> Section:
    """Essential services with the people served, tolerable outage and derived criticality."""
    services = list(inv.service_list(org=ctx.organization))
    if not services:
        return Section(_("Essential services"), [NoData(_("No essential service recorded yet."))])
    rows = [
        Row(
            {
                "name": s.name,
                "sector": _label(Sector, s.sector),
                "people": s.people_served if s.people_served is not None else "—",
                "outage": s.max_tolerable_outage_hours or "—",
                "criticality": s.get_criticality_display(),
                "assets": s.asset_count,
            }
        )
        for s in services
    ]
    columns = [
        Column("name", _("Service")),
        Column("sector", _("Sector")),
        Column("people", _("People served")),
        Column("outage", _("Max. outage (h)")),
        Column("criticality", _("Criticality")),
        Column("assets", _("Assets (direct)")),
    ]
    return Section(title=_("Essential services"), blocks=[Table(columns, rows)])


@register("inventory", key="sites", order=40)
def sites_section(ctx: SectionContext) -> Section:
    """Sites; street address, postcode and coordinates are sensitive."""
    sites = list(inv.site_list(org=ctx.organization))
    if not sites:
        return Section(_("Sites"), [NoData(_("No site recorded yet."))])
    rows = [
        Row(
            {
                "name": s.name,
                "kind": s.get_kind_display(),
                "address": [
                    Tagged(s.address, SourceRef("assets.site", "address")),
                    Tagged(s.postcode, SourceRef("assets.site", "postcode")),
                    s.city,
                ],
                "coordinates": [
                    Tagged(s.latitude, SourceRef("assets.site", "latitude")),
                    Tagged(s.longitude, SourceRef("assets.site", "longitude")),
                ],
                "assets": s.asset_count,
            }
        )
        for s in sites
    ]
    columns = [
        Column("name", _("Site")),
        Column("kind", _("Kind")),
        Column("address", _("Address")),
        Column("coordinates", _("Coordinates")),
        Column("assets", _("Assets")),
    ]
    return Section(title=_("Sites"), blocks=[Table(columns, rows)])


@register("inventory", key="zones", order=50)
def zones_section(ctx: SectionContext) -> Section:
    """Network zones (names and subnets sensitive) and the conduits between them."""
    zones = list(inv.zone_list(org=ctx.organization))
    if not zones:
        return Section(_("Network zones"), [NoData(_("No network zone recorded yet."))])
    zone_rows = [
        Row(
            {
                "name": z.name,
                "level": z.get_level_display(),
                "slt": z.security_level_target,
                "subnets": list(z.subnets or []),
                "site": z.site.name if z.site else "—",
                "assets": z.asset_count,
            }
        )
        for z in zones
    ]
    zone_table = Table(
        [
            Column("name", _("Zone"), ZONE_NAME),
            Column("level", _("Purdue level")),
            Column("slt", _("SL-T")),
            Column("subnets", _("Subnets"), SourceRef("assets.zone", "subnets")),
            Column("site", _("Site")),
            Column("assets", _("Assets")),
        ],
        zone_rows,
    )
    conduit_rows = [
        Row({"from": c.from_zone.name, "to": c.to_zone.name, "protocols": c.protocols or "—"})
        for c in inv.conduit_list(org=ctx.organization).order_by("from_zone__name", "to_zone__name")
    ]
    blocks: list = [zone_table]
    if conduit_rows:
        blocks.append(
            Table(
                [
                    Column("from", _("From zone"), ZONE_NAME),
                    Column("to", _("To zone"), ZONE_NAME),
                    Column(
                        "protocols",
                        _("Allowed protocols"),
                        SourceRef("assets.conduit", "protocols"),
                    ),
                ],
                conduit_rows,
                caption=_("Conduits"),
            )
        )
    return Section(title=_("Network zones and conduits"), blocks=blocks)


def _labels(choices) -> dict:
    """Choice labels as plain strings, once per report (get_FOO_display per row is slow)."""
    return {value: str(label) for value, label in choices}


def _asset_row(a: Asset, labels: dict) -> Row:
    """One compact asset row; every topology value tagged, firmware sensitive on OT rows."""
    model = "" if a.model and a.product_name.endswith(a.model) else a.model
    product = " ".join(x for x in (a.vendor, a.product_name, model) if x)
    reason = (
        labels["via"] % {"service": a.criticality_service.name} if a.criticality_service else ""
    )
    return Row(
        {
            "asset": [a.name, a.asset_tag],
            "type": f"{labels['kind'].get(a.kind, a.kind)} "
            f"({labels['class'].get(a.asset_class, a.asset_class)})",
            "product": [product, Tagged(a.version, SourceRef(ASSET, "version"))],
            "location": [
                Tagged(a.zone.name, ZONE_NAME) if a.zone else "",
                a.site.name if a.site else "",
            ],
            "addresses": [Tagged(ip, SourceRef(ASSET, "ip_addresses")) for ip in a.ip_addresses]
            + [Tagged(mac, SourceRef(ASSET, "mac_addresses")) for mac in a.mac_addresses]
            + [Tagged(host, SourceRef(ASSET, "hostnames")) for host in a.hostnames],
            "criticality": [labels["criticality"].get(a.criticality, ""), reason],
        },
        ot=a.asset_class == Asset.AssetClass.OT,
    )


@register("inventory", key="assets", order=60)
def assets_section(ctx: SectionContext) -> Section:
    """The asset table, most critical first (compact: one wrapped line group per asset)."""
    assets = (
        Asset.objects.for_org(ctx.organization)
        .select_related("site", "zone", "criticality_service")
        .only(
            *("name", "asset_tag", "kind", "asset_class", "vendor", "product_name", "model"),
            *("version", "ip_addresses", "mac_addresses", "hostnames", "criticality"),
            *("site__name", "zone__name", "criticality_service__name"),
        )
        .order_by("-criticality", "name", "pk")
    )
    labels = {
        "kind": _labels(Asset.Kind.choices),
        "class": _labels(Asset.AssetClass.choices),
        "criticality": _labels(Criticality.choices),
        "via": _("via %(service)s"),
    }
    rows = [_asset_row(a, labels) for a in assets.iterator(chunk_size=2000)]
    if not rows:
        return Section(_("Assets"), [NoData(_("No asset has been inventoried yet."))])
    columns = [
        Column("asset", _("Asset, tag"), width="17%"),
        Column("type", _("Kind (class)"), width="11%"),
        Column("product", _("Product, firmware"), width="22%"),
        Column("location", _("Zone, site"), width="17%"),
        Column("addresses", _("IP, MAC, host name"), width="20%"),
        Column("criticality", _("Criticality"), width="13%"),
    ]
    return Section(title=_("Assets"), blocks=[Table(columns, rows, compact=True)])


@register("inventory", key="links", order=70)
def links_section(ctx: SectionContext) -> Section:
    """Communication links between assets; protocol, port and purpose are sensitive."""
    links = list(
        inv.link_list(org=ctx.organization)
        .only("protocol", "port", "purpose", "source__name", "target__name")
        .order_by("source__name", "target__name", "pk")
    )
    if not links:
        return Section(_("Links"), [NoData(_("No link recorded yet."))])
    protocols = _labels(Protocol.choices)
    rows = [
        Row(
            {
                "source": link.source.name,
                "target": link.target.name,
                "connection": [
                    Tagged(
                        protocols.get(link.protocol, link.protocol),
                        SourceRef("assets.link", "protocol"),
                    ),
                    Tagged(link.port, SourceRef("assets.link", "port")),
                ],
                "purpose": Tagged(link.purpose, SourceRef("assets.link", "purpose")),
            }
        )
        for link in links
    ]
    columns = [
        Column("source", _("Source"), width="30%"),
        Column("target", _("Target"), width="30%"),
        Column("connection", _("Protocol, port"), width="15%"),
        Column("purpose", _("Purpose"), width="25%"),
    ]
    return Section(title=_("Links"), blocks=[Table(columns, rows, compact=True)])
