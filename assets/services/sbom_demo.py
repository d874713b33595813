"""Synthetic vendor SBOMs for the demo utility, imported through :func:`sbom_import`.

Each demo product gets a CycloneDX 1.6 JSON document built in memory from a
pool of real package names across npm, PyPI, Maven and Go, including some
versions with well-known advisories (lodash 4.17.15, log4j-core 2.14.1,
gin v1.4.0, ...), so advisory matching has something to find. One product
gets two releases whose SBOMs differ (upgrades, an added and a dropped
package), so the diff page has content. Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid

from assets.models import Asset, Product

# (purl type, namespace, name, versions); the first version is the one a release ships.
PACKAGES: list[tuple[str, str, str, list[str]]] = [
    ("npm", "", "lodash", ["4.17.15", "4.17.21"]),
    ("npm", "", "express", ["4.17.1", "4.19.2"]),
    ("npm", "", "minimist", ["1.2.5", "1.2.8"]),
    ("npm", "", "axios", ["0.21.1", "1.6.8"]),
    ("npm", "@babel", "traverse", ["7.22.5", "7.23.2"]),
    ("npm", "", "moment", ["2.29.1", "2.29.4"]),
    ("npm", "", "jsonwebtoken", ["8.5.1", "9.0.2"]),
    ("pypi", "", "requests", ["2.25.1", "2.32.3"]),
    ("pypi", "", "urllib3", ["1.26.4", "2.2.2"]),
    ("pypi", "", "pyyaml", ["5.3.1", "6.0.1"]),
    ("pypi", "", "django", ["3.2.4", "4.2.14"]),
    ("pypi", "", "jinja2", ["2.11.2", "3.1.4"]),
    ("pypi", "", "cryptography", ["3.3.2", "42.0.8"]),
    ("maven", "org.apache.logging.log4j", "log4j-core", ["2.14.1", "2.17.2"]),
    ("maven", "org.apache.logging.log4j", "log4j-api", ["2.14.1", "2.17.2"]),
    ("maven", "com.fasterxml.jackson.core", "jackson-databind", ["2.9.10.1", "2.15.2"]),
    ("maven", "org.springframework", "spring-core", ["5.3.17", "5.3.36"]),
    ("maven", "commons-collections", "commons-collections", ["3.2.1", "3.2.2"]),
    ("maven", "org.apache.commons", "commons-text", ["1.9", "1.10.0"]),
    ("golang", "github.com/gin-gonic", "gin", ["v1.4.0", "v1.9.1"]),
    ("golang", "golang.org/x", "net", ["v0.0.0-20210226172049-e18ecbb05110", "v0.23.0"]),
    ("golang", "golang.org/x", "crypto", ["v0.0.0-20201216223049-8b5274cf687f", "v0.22.0"]),
    ("golang", "github.com/gorilla", "websocket", ["v1.4.0", "v1.5.1"]),
]
LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "MPL-2.0"]

#: Demo product keys (assets.services.demo_data.PRODUCTS) and their share of components
#: (the product with two releases gets its share twice; the shares add up to one).
DEMO_PRODUCTS = [("spectrum", 0.2), ("ecostruxure", 0.3), ("fortigate", 0.2), ("pi", 0.1)]
TWO_RELEASES = "spectrum"


def demo_purl(ptype: str, namespace: str, name: str, version: str) -> str:
    path = f"{namespace}/{name}" if namespace else name
    return f"pkg:{ptype}/{path.replace('@', '%40')}@{version}"


def _entry(ptype: str, namespace: str, name: str, version: str, rng: random.Random) -> dict:
    purl = demo_purl(ptype, namespace, name, version)
    entry = {
        "type": "library",
        "bom-ref": purl,
        "name": name,
        "version": version,
        "purl": purl,
        "hashes": [{"alg": "SHA-512", "content": hashlib.sha512(purl.encode()).hexdigest()}],
        "licenses": [{"license": {"id": rng.choice(LICENSES)}}],
        "supplier": {"name": namespace or f"{name} maintainers"},
    }
    if namespace and ptype != "golang":
        entry["group"] = namespace
    return entry


def demo_sbom(*, product: str, version: str, count: int, seed: int, release: int = 0) -> bytes:
    """A CycloneDX 1.6 JSON SBOM of ``count`` components for ``product`` ``version``.

    The real packages come first (the old, vulnerable versions in release 0,
    the fixed ones in release 1, which also drops one package and adds one);
    generated internal packages fill up to ``count``.
    """
    rng = random.Random(f"{seed}:{product}")  # noqa: S311 - demo data, not secrets
    components: list[dict] = []
    pool = PACKAGES[: max(0, min(len(PACKAGES), count))]
    for index, (ptype, namespace, name, versions) in enumerate(pool):
        if release and index == 3:
            continue  # dropped in the next release
        components.append(_entry(ptype, namespace, name, versions[min(release, 1)], rng))
    if release and count > len(components):
        components.append(_entry("npm", "", "zod", "3.23.8", rng))
    ecosystems = ["npm", "pypi", "maven", "golang"]
    n = 0
    while len(components) < count:
        ptype = ecosystems[n % 4]
        namespace = {"maven": "de.musterstadt.vendor", "golang": "example.com/vendor"}.get(
            ptype, ""
        )
        minor = rng.randint(0, 9) + (release if n % 5 == 0 else 0)
        components.append(_entry(ptype, namespace, f"{product}-module-{n}", f"1.{minor}.0", rng))
        n += 1
    refs = [c["bom-ref"] for c in components]
    top = f"{product}@{version}"
    dependencies = [{"ref": top, "dependsOn": refs[: min(10, len(refs))]}]
    for index, ref in enumerate(refs):
        targets = sorted(
            {refs[j] for j in (index * 7 + 1, index * 13 + 2) if j < len(refs)} - {ref}
        )
        dependencies.append({"ref": ref, "dependsOn": targets})
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
        "version": 1,
        "metadata": {
            "timestamp": f"2026-0{1 + release}-15T08:00:00Z",
            "tools": {"components": [{"type": "application", "name": "demo-sbom-generator"}]},
            "component": {
                "type": "application",
                "bom-ref": top,
                "name": product,
                "version": version,
            },
        },
        "components": components,
        "dependencies": dependencies,
    }
    return json.dumps(document, indent=1).encode()


def seed_sboms(ctx) -> None:
    """Demo seeder: SBOMs for a few demo products (two releases for one), linked to their assets.

    Spreads about ``ctx.components`` components over the products and sets
    ``ctx.counts["sboms"]`` and ``ctx.counts["components"]``.
    """
    from assets.services.sbom import sbom_import

    org = ctx.organization
    seed = ctx.rng.randint(0, 10**9)
    products = {p.name: p for p in Product.objects.for_org(org).select_related("supplier")}
    by_key = _demo_products(products)
    total, stored = 0, 0
    for key, share in DEMO_PRODUCTS:
        product = by_key.get(key)
        if product is None or ctx.components <= 0:
            continue
        count = max(1, round(ctx.components * share))
        assets = list(
            Asset.objects.for_org(org).filter(product=product).values_list("pk", flat=True)
        )
        releases = [(0, product)]
        if key == TWO_RELEASES:
            data = demo_sbom(product=product.name, version="22.3", count=count, seed=seed)
            sbom_import(
                org=org,
                file=data,
                file_name=f"{key}-22.3.cdx.json",
                supplier=product.supplier,
                product_name=product.name,
                product_version="22.3",
            )
            total += count
            stored += 1
            releases = [(1, product)]
        for release, target in releases:
            data = demo_sbom(
                product=target.name, version=target.version, count=count, seed=seed, release=release
            )
            sbom = sbom_import(
                org=org,
                file=data,
                file_name=f"{key}-{target.version}.cdx.json",
                product=target,
                asset_ids=assets,
            )
            total += sbom.component_count
            stored += 1
    ctx.counts["sboms"] = stored
    ctx.counts["components"] = ctx.counts.get("components", 0) + total


def _demo_products(products: dict[str, Product]) -> dict[str, Product]:
    from assets.services.demo_data import PRODUCTS

    return {row[0]: products[row[2]] for row in PRODUCTS if row[2] in products}
