"""Inventory benchmark: 10,000 assets with ~20,000 links.

Prints p50/p95 (ms) for the asset list page, the asset list API (a page of
50), an asset detail page and the full criticality recomputation, plus the
time of a 10,000-row CSV import, each with its ratio to the target (< 1.0 is
within target). Runs on a throw-away test database: SQLite in memory by
default, PostgreSQL when DATABASE_URL is set (database test_<name>).

    .venv/bin/python bench/inventory.py [--assets 10000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.test_settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

TARGETS_MS = {"list page": 250, "list API": 250, "detail page": 150, "criticality": 5000,
              "CSV import 10k": 15000}  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    target = TARGETS_MS[name]
    print(f"{name:16} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  target {target:6d} ms  "
          f"ratio {p95 / target:5.2f}  (n={len(samples)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    # Not setup_test_environment(): its template instrumentation copies every
    # rendered context for the test client and would dominate page timings.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from assets.models import Asset, Link
    from assets.selectors import asset_export_rows
    from assets.services.criticality import criticality_recompute
    from assets.services.demo import seed_inventory
    from assets.services.exporting import asset_export
    from assets.services.importing import asset_import
    from bollwerk.demo import DemoContext
    from bollwerk.models import Membership, Organization, Role, User
    from bollwerk.services.tokens import token_issue

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    org = Organization.objects.create(name="Bench", slug="bench")
    start = time.perf_counter()
    ctx = DemoContext(organization=org, rng=random.Random(1), assets=args.assets)
    seed_inventory(ctx)
    print(f"seed: {ctx.counts['assets']} assets, {ctx.counts['links']} links "
          f"in {time.perf_counter() - start:.1f} s")  # fmt: skip

    user = User.objects.create_user(email="bench@example.org", password="x" * 16)
    Membership.objects.create(user=user, organization=org, role=Role.SECURITY_OFFICER)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    token = token_issue(user=user, organization=org, name="bench").clear
    api = Client(headers={"Authorization": f"Bearer {token}"})

    rng = random.Random(2)
    pages = max(1, ctx.counts["assets"] // 50)
    ids = list(Asset.objects.for_org(org).values_list("pk", flat=True))
    list_queries = [
        "",
        "?kind=plc",
        "?ordering=-criticality",
        "?q=SIPROTEC",
        "?zone={z}&ordering=name",
    ]
    zone_id = (
        Asset.objects.for_org(org).exclude(zone=None).values_list("zone_id", flat=True).first()
    )

    def list_page():
        query = rng.choice(list_queries).format(z=zone_id)
        sep = "&" if "?" in query else "?"
        response = client.get(f"/assets/{query}{sep}page={rng.randint(1, min(pages, 20))}")
        assert response.status_code == 200, response.status_code

    def list_api():
        response = api.get(f"/api/v1/assets/?page={rng.randint(1, pages)}")
        assert response.status_code == 200, response.status_code

    def detail():
        response = client.get(f"/assets/{rng.choice(ids)}/")
        assert response.status_code == 200, response.status_code

    def recompute_all():
        Asset.objects.for_org(org).update(
            criticality=0, criticality_service=None, criticality_path=[]
        )
        start = time.perf_counter()
        criticality_recompute(org=org)
        return (time.perf_counter() - start) * 1000

    for fn in (list_page, list_api, detail):
        fn()  # warm up
    report("list page", timed(list_page, args.runs))
    report("list API", timed(list_api, args.runs))
    report("detail page", timed(detail, args.runs))
    report("criticality", [recompute_all() for _ in range(5)])
    unchanged = timed(lambda: criticality_recompute(org=org), 3)
    print(f"{'(no change)':16} p50 {statistics.median(unchanged):8.1f} ms")

    exported = asset_export(assets=asset_export_rows(org=org), file_format="csv")
    target = Organization.objects.create(name="Bench import", slug="bench-import")
    seed_inventory(DemoContext(organization=target, rng=random.Random(1), assets=0))  # the frame
    start = time.perf_counter()
    result = asset_import(org=target, file_name="bench.csv", data=exported.content)
    elapsed = (time.perf_counter() - start) * 1000
    assert result.ok, result.errors[:5]
    report("CSV import 10k", [elapsed])
    print(f"  imported {result.created} rows ({len(exported.content) / 1e6:.1f} MB); "
          f"links in inventory: {Link.objects.for_org(org).count()}")  # fmt: skip


if __name__ == "__main__":
    main()
