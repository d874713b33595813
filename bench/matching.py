"""Benchmark of database matching: components in SBOMs against stored advisories.

Seeds (bulk inserts) N components across npm/PyPI/Maven/Go in SBOMs of one organization and
imports M synthetic OSV advisories through ``advisories_import``, then times, each through
``vulnerabilities_match``:

* the full match (every current-SBOM component against the candidates),
* an incremental match after one new SBOM of N/10 components,
* an incremental match after 100 updated advisories (re-imported with a newer ``modified``),

printing wall and CPU time of each (CPU time tells a slow step from a busy machine) and the
peak resident memory. The generated records are dropped once written, so the peak is the
application's. Runs on a fresh SQLite file in a temporary folder unless ``DATABASE_URL`` is set
(then that database must be empty and disposable).

Usage: .venv/bin/python bench/matching.py [--components 100000] [--advisories 50000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from advisory_import import setup_django, write_zip  # noqa: E402
from matching_core import ECOSYSTEMS, osv_record, package_name, purl_for, rss_mib, version  # noqa: E402


def timed(label: str, func):
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<44} {elapsed:7.2f} s ({cpu:6.2f} s CPU)   peak RSS {rss_mib():6.0f} MiB   "
          f"{result}", flush=True)  # fmt: skip
    return result, elapsed


def seed_sbom(org, product, rng, count: int, names: dict) -> list[int]:
    """One SBOM row with ``count`` components (bulk insert); returns their ids."""
    from assets.models import Sbom, SbomComponent
    from assets.vuln import parse_purl

    sbom = Sbom.objects.create(
        organization=org, product=product, file="bench/bom.json", file_name="bom.json",
        file_sha256="0" * 64, file_size=1, document_sha256="0" * 64, kind="cyclonedx",
        format="json", spec_version="1.6", quality_score=50, component_count=count,
    )  # fmt: skip
    Sbom.objects.filter(product=product).exclude(pk=sbom.pk).update(superseded_by=sbom)
    rows = []
    for position in range(count):
        ecosystem = rng.choice(ECOSYSTEMS)
        name = package_name(rng, ecosystem, rng.randrange(names[ecosystem] * 2))
        purl = purl_for(ecosystem, name, version(rng, ecosystem))
        key = parse_purl(purl).key
        rows.append(SbomComponent(
            organization=org, sbom=sbom, position=position, name=name, version="", purl=purl,
            purl_type=key.type, purl_namespace=key.namespace or "", purl_name=key.name,
        ))  # fmt: skip
    SbomComponent.objects.bulk_create(rows, batch_size=2000)
    return list(SbomComponent.objects.filter(sbom=sbom).values_list("pk", flat=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=100_000)
    parser.add_argument("--advisories", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as tmp:
        setup_django(tmp)
        from assets.advisories.models import Advisory
        from assets.advisories.services import advisories_import
        from assets.models import Product, Supplier, VulnerabilityMatch
        from assets.services.matching import vulnerabilities_match
        from bollwerk.models import Organization

        rng = random.Random(args.seed)
        names = dict.fromkeys(ECOSYSTEMS, max(1000, args.advisories // 5))
        records = [osv_record(rng, i, names) for i in range(args.advisories)]
        archive = Path(tmp) / "osv.zip"
        write_zip(archive, records)
        records = records[:100]  # the generator's data is not the application's memory
        timed(
            f"import {args.advisories} advisories (setup)",
            lambda: advisories_import(paths=[archive]).imported,
        )
        org = Organization.objects.create(name="Bench", slug="bench")
        supplier = Supplier.objects.create(organization=org, name="Bench")
        per_sbom = 10_000
        products = []
        for i in range(max(1, args.components // per_sbom)):
            product = Product.objects.create(organization=org, supplier=supplier, name=f"p{i}")
            products.append(product)
            seed_sbom(org, product, rng, min(per_sbom, args.components), names)
        print(f"seeded {args.components} components in {len(products)} SBOMs", flush=True)
        _report, full = timed("full match", lambda: vulnerabilities_match(org=org).as_dict())
        _again, _ = timed(
            "full match again (nothing changed)", lambda: vulnerabilities_match(org=org).as_dict()
        )
        new_product = Product.objects.create(organization=org, supplier=supplier, name="new")
        ids = seed_sbom(org, new_product, rng, args.components // 10, names)
        timed(f"incremental: new SBOM of {len(ids)} components",
              lambda: vulnerabilities_match(org=org, components=ids).as_dict())  # fmt: skip
        updated = [dict(r, modified="2025-01-01T00:00:00Z") for r in records[:100]]
        for record in updated:  # a changed range: some matches go, some come
            for entry in record["affected"]:
                for r in entry["ranges"]:
                    r["events"] = [{"introduced": "0"}]
        write_zip(Path(tmp) / "upd.zip", updated)
        advisories_import(paths=[Path(tmp) / "upd.zip"])
        pks = list(
            Advisory.objects.filter(source_id__in=[r["id"] for r in updated]).values_list(
                "pk", flat=True
            )
        )
        timed("incremental: 100 updated advisories",
              lambda: vulnerabilities_match(org=org, advisories=pks).as_dict())  # fmt: skip
        print(f"matches stored: {VulnerabilityMatch.objects.count()}; full match {full:.2f} s; "
              f"peak RSS {rss_mib():.0f} MiB", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
