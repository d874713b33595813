"""The inventory part of ``manage.py seed_demo``: Stadtwerke Musterstadt's OT and IT.

Deterministic for a seed (every random choice comes from ``ctx.rng``) and
fast at scale: assets and links are written with ``bulk_create``; links are
about twice the assets. Writes one audit summary event per bulk write.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from decimal import Decimal

from assets.models import (
    Asset,
    Conduit,
    EssentialService,
    Link,
    Product,
    ServiceDependency,
    Site,
    Supplier,
    Zone,
)
from bollwerk.services.audit import audit_record

from . import demo_data as data
from .criticality import criticality_recompute

CONTROLLER_KINDS = {"plc", "rtu", "safety_controller"}
SPEC = {spec[0]: spec for spec in data.PRODUCTS}


class _Builder:
    """Accumulates unsaved assets and link specs (by list index) for one bulk write."""

    def __init__(self, ctx, zones, sites, products):
        self.ctx, self.rng = ctx, ctx.rng
        self.zones, self.sites, self.products = zones, sites, products
        self.assets: list[Asset] = []
        self.links: list[tuple[int, int, str, int | None, str]] = []
        self.index: dict[str, int] = {}
        self.next_host: dict[str, int] = {}
        self.counter: dict[str, int] = {}

    def _ip(self, zone_key: str) -> list[str]:
        zone = self.zones[zone_key]
        if not zone.subnets:
            return []
        network = ipaddress.ip_network(zone.subnets[0])
        number = self.next_host.get(zone_key, 10)
        self.next_host[zone_key] = number + 1
        return [str(network.network_address + number)]

    def add(self, key, name, product_key, zone_key, site_index, remote="none", exposed=False):
        product = self.products[product_key]
        spec = SPEC[product_key]
        kind, asset_class = spec[5], spec[6]
        supplier_key = spec[1]
        self.counter[kind] = self.counter.get(kind, 0) + 1
        rng = self.rng
        mac = []
        if supplier_key in data.MAC_PREFIX and asset_class != "it":
            mac = [
                data.MAC_PREFIX[supplier_key]
                + ":"
                + ":".join(f"{rng.randrange(256):02x}" for _ in range(3))
            ]
        ot = asset_class == "ot"
        lifecycle = rng.choices(["in_operation", "planned", "decommissioned"], [95, 2, 3])[0]
        eos = None
        if product_key == "s7300":
            eos = dt.date(2023, 10, 1)
        elif rng.random() < 0.4:
            eos = dt.date(2026 + rng.randrange(10), rng.randrange(1, 13), 1)
        asset = Asset(
            organization=self.ctx.organization,
            name=name,
            asset_tag=f"SWM-{len(self.assets) + 1:05d}",
            kind=kind,
            asset_class=asset_class,
            vendor=product.supplier.name,
            product_name=product.name,
            model=product.name.split()[-1],
            version=product.version,
            cpe=spec[7],
            site=self.sites[site_index] if site_index is not None else None,
            zone=self.zones[zone_key],
            ip_addresses=self._ip(zone_key),
            mac_addresses=mac,
            hostnames=[f"{kind.replace('_', '-')}-{self.counter[kind]:04d}.swm.local"]
            if not ot
            else [],
            owner="Netzleittechnik" if ot else "IT-Betrieb",
            supplier=product.supplier,
            product=product,
            lifecycle=lifecycle,
            end_of_support=eos,
            remote_access=remote,
            internet_exposed=exposed,
            confidentiality="high" if asset_class == "it" else "normal",
            integrity="very_high" if ot else "high",
            availability="very_high" if ot else "normal",
        )
        self.index[key] = len(self.assets)
        self.assets.append(asset)
        return self.index[key]

    def link(self, source: int, target: int, protocol: str, port: int | None, purpose: str):
        if source != target:
            self.links.append((source, target, protocol, port, purpose))


def _frame(org):
    """Sites, zones, conduits, services, suppliers and products (saved one by one: few rows)."""
    sites = [
        Site.objects.create(organization=org, name=n, kind=k, address=a, postcode=p, city=c,
                            latitude=Decimal(lat), longitude=Decimal(lon))
        for n, k, a, p, c, lat, lon in data.SITES
    ]  # fmt: skip
    zones = {
        key: Zone.objects.create(
            organization=org, name=name, level=level, security_level_target=sl,
            subnets=[subnet] if subnet else [], site=sites[site] if site is not None else None,
        )
        for key, name, level, sl, subnet, site in data.ZONES
    }  # fmt: skip
    for source, target, protocols in data.CONDUITS:
        Conduit.objects.create(
            organization=org, from_zone=zones[source], to_zone=zones[target], protocols=protocols
        )
    services = {
        key: EssentialService.objects.create(
            organization=org, name=name, sector=sector, population_served=pop,
            customers_served=customers, max_tolerable_outage_hours=hours, description=text,
        )
        for key, name, sector, pop, customers, hours, text in data.SERVICES
    }  # fmt: skip
    suppliers = {
        key: Supplier.objects.create(organization=org, name=name, country=country,
                                     security_contact=contact, disclosure_url=url,
                                     csaf_provider_url=csaf)
        for key, name, country, contact, url, csaf in data.SUPPLIERS
    }  # fmt: skip
    products = {
        key: Product.objects.create(organization=org, supplier=suppliers[sup], name=name,
                                    version=version, kind=kind, cpe=cpe)
        for key, sup, name, version, kind, _k, _c, cpe in data.PRODUCTS
    }  # fmt: skip
    return sites, zones, services, products


def _fill(builder: _Builder, count: int) -> None:
    """Field devices, controllers and office IT up to ``count`` more assets, ~2 links each."""
    rng = builder.rng
    domains, weights = zip(*data.DOMAIN_WEIGHTS, strict=True)
    controllers: dict[str, list[int]] = {d: [] for d in domains}
    switches: dict[str, list[int]] = {d: [] for d in domains}
    for key in ("rtu_el", "rtu_el2"):
        controllers["el"].append(builder.index[key])
    for key in ("plc_wa", "plc_wa2"):
        controllers["wa"].append(builder.index[key])
    for key in ("plc_ww", "plc_ww2"):
        controllers["ww"].append(builder.index[key])
    controllers["fi"].append(builder.index["olt"])
    for number in range(count):
        domain = rng.choices(domains, weights)[0]
        keys, product_weights = zip(*data.FILLER[domain], strict=True)
        product_key = rng.choices(keys, product_weights)[0]
        kind = SPEC[product_key][5]
        site = rng.choice(data.DOMAIN_SITES[domain])
        label = data.SITES[site][0].split()[0]
        name = f"{SPEC[product_key][2].split()[0]} {label} {number + 1}"
        new = builder.add(f"f{number}", name, product_key, data.DOMAIN_ZONE[domain], site)
        scada = builder.index[data.DOMAIN_SCADA[domain]]
        firewall = builder.index[data.DOMAIN_FIREWALL[domain]]
        uplink = rng.choice(switches[domain]) if switches[domain] else firewall
        if kind == "switch":
            builder.link(new, firewall, "other", None, "Uplink")
            switches[domain].append(new)
            builder.link(scada, new, "other", None, "Netzüberwachung (SNMP)")
            continue
        if kind in CONTROLLER_KINDS or kind == "olt_ont" or domain == "office":
            protocol, port = data.CONTROL_PROTOCOL[domain]
            builder.link(scada, new, protocol, port, "Prozessführung")
            controllers[domain].append(new)
        else:
            protocol, port = data.FIELD_PROTOCOL[domain]
            builder.link(rng.choice(controllers[domain]), new, protocol, port, "Messwerte/Schutz")
        builder.link(new, uplink, "other", None, "Uplink")


def seed_inventory(ctx) -> None:
    """Fill ``ctx.organization`` with ``ctx.assets`` assets, about twice as many links, services.

    Sets ``ctx.counts`` keys ``assets``, ``links``, ``sites``, ``zones`` and ``services``.
    """
    org = ctx.organization
    sites, zones, services, products = _frame(org)
    builder = _Builder(ctx, zones, sites, products)
    for key, name, product, zone, site, _svc, remote, exposed in data.CORE[: ctx.assets]:
        builder.add(key, name, product, zone, site, remote, exposed)
    if ctx.assets > len(data.CORE):
        _fill(builder, ctx.assets - len(data.CORE))
    for source, target, protocol, port, purpose in data.CORE_LINKS:
        if source in builder.index and target in builder.index:
            builder.link(builder.index[source], builder.index[target], protocol, port, purpose)
    assets = Asset.objects.bulk_create(builder.assets, batch_size=1000)
    links = Link.objects.bulk_create(
        [
            Link(organization=org, source=assets[s], target=assets[t], protocol=proto, port=port,
                 purpose=purpose)
            for s, t, proto, port, purpose in builder.links
        ],
        batch_size=2000,
    )  # fmt: skip
    dependencies = [
        ServiceDependency(organization=org, service=services[svc], asset=assets[builder.index[key]])
        for key, *_rest, svc_keys, _remote, _exposed in data.CORE[: ctx.assets]
        for svc in svc_keys
    ]
    ServiceDependency.objects.bulk_create(dependencies)
    criticality_recompute(org=org)
    audit_record(
        action="import",
        organization=org,
        object_type="assets.asset",
        object_repr=f"Demo inventory: {len(assets)} assets, {len(links)} links",
        changes={"assets": len(assets), "links": len(links), "dependencies": len(dependencies)},
    )
    ctx.counts.update(
        assets=len(assets), links=len(links), sites=len(sites), zones=len(zones),
        services=len(services),
    )  # fmt: skip
