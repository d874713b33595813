"""Benchmark of scoring and the dashboard for one organization with the full catalogue.

Creates a fresh organization ``bench-scoring-<time>`` in the configured
database: 25 members (half with a confirmed TOTP device), the demo utility's
facts and classification, every applicable control assessed, two evidence
items per control (some expired), 40 risks and a year of daily snapshots.
With ``--assets`` / ``--components`` (default 10,000 / 100,000) the inventory
and SBOM demo seeders fill the organization first, so the signals that read
the inventory, the SBOMs, findings and incidents are measured on that size.

Then it prints:

* the time to recompute every signal and score (``org_score``) and to write
  the day's snapshot (``score_snapshot_record``): median and max of N runs
  (target: under 3 s),
* the dashboard page (all compliance panels) p50/p95 over N requests through
  Django's test client (target p95: under 300 ms); the page reads today's
  stored snapshot,
* the first dashboard view after a write that invalidates the snapshot (it
  recomputes the score within the request).

Usage (PostgreSQL recommended; the database is migrated first)::

    SECRET_KEY=bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/bw_compliance_db \\
        .venv/bin/python bench/scoring.py [--runs 20] [--requests 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

# No collectstatic for a benchmark: plain static URLs instead of the manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from bollwerk.models import Membership, Organization, Role, User  # noqa: E402
from bollwerk.services.audit import Actor, acting_as  # noqa: E402
from compliance.models import ControlAssessment, Evidence, Risk, ScoreSnapshot  # noqa: E402
from compliance.services.classification import classification_compute  # noqa: E402
from compliance.services.scores import (  # noqa: E402
    org_score,
    score_snapshot_invalidate,
    score_snapshot_record,
)

SLUG = "bench-scoring"
STATUSES = ["implemented", "implemented", "partly", "not_implemented", "not_assessed"]


def build() -> tuple[Organization, User]:
    """The benchmark organization, built with bulk writes (one run takes a few seconds)."""
    slug = f"{SLUG}-{int(time.time())}"  # a fresh tenant per run; old ones are left alone
    org = Organization.objects.create(
        slug=slug,
        name="Stadtwerke Benchstadt",
        sectors=["electricity", "drinking_water", "wastewater", "telecom"],
        employees=240,
        turnover_eur=Decimal(78_000_000),
        balance_sheet_eur=Decimal(112_000_000),
        legal_form="gmbh",
    )
    users = []
    for i in range(25):
        user = User.objects.create(email=f"bench{i}-{slug}@benchstadt.example")
        Membership.objects.create(
            user=user, organization=org, role=Role.SECURITY_OFFICER if i == 0 else Role.VIEWER
        )
        if i % 2 == 0:
            TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        users.append(user)
    classification_compute(org=org, trigger="bench")
    today = timezone.localdate()
    rows = list(ControlAssessment.objects.filter(organization=org).select_related("control"))
    for i, row in enumerate(rows):
        row.status = STATUSES[i % len(STATUSES)]
        row.owner = users[0]
    ControlAssessment.objects.bulk_update(rows, ["status", "owner"])
    Evidence.objects.bulk_create(
        Evidence(
            organization=org,
            assessment=row,
            kind="link",
            title=f"{row.control.control_id} #{n}",
            url="https://dms.example/x",
            valid_from=today - dt.timedelta(days=30 + 400 * (i % 6 == 0) + 200 * n),
            review_months=row.control.review_months,
        )
        for i, row in enumerate(rows)
        for n in range(2)
    )
    Risk.objects.bulk_create(
        Risk(
            organization=org,
            title=f"Risk {i}",
            inherent_likelihood=1 + i % 5,
            inherent_impact=1 + (i * 3) % 5,
            residual_likelihood=1 + (i % 5) // 2,
            residual_impact=1 + (i * 3) % 5,
        )
        for i in range(40)
    )
    ScoreSnapshot.objects.bulk_create(
        ScoreSnapshot(
            organization=org,
            date=today - dt.timedelta(days=d),
            overall=40 + (365 - d) / 20,
            duties={"NIS2-23": 50.0},
            measures={"a": 50.0},
        )
        for d in range(1, 366)
    )
    return org, users[0]


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def seed_inventory(org: Organization, *, assets: int, components: int) -> dict:
    """Fill ``org`` with the demo inventory and SBOMs at the requested size."""
    import random

    from bollwerk import demo

    ctx = demo.DemoContext(
        organization=org, rng=random.Random(7), assets=assets, components=components
    )
    for _order, name, seeder in demo.seeders():
        if name in ("inventory", "sboms"):
            seeder(ctx)
    return ctx.counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--components", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with acting_as(Actor(user_id=None, label="bench:scoring")):
        start = time.perf_counter()
        org, officer = build()
        counts = seed_inventory(org, assets=args.assets, components=args.components)
        built = time.perf_counter() - start
        print(
            f"inventory: {counts.get('assets', 0)} assets, {counts.get('components', 0)} components"
        )
        controls = ControlAssessment.objects.filter(organization=org).count()
        print(
            f"database: {connection.vendor}; built {controls} assessments, "
            f"{Evidence.objects.filter(organization=org).count()} evidence items, "
            f"40 risks, 365 snapshots in {built:.1f} s"
        )
        score = timed(lambda: org_score(org=org), args.runs)
        snap = timed(lambda: score_snapshot_record(org=org), args.runs)
    print(
        f"recompute every signal and score: median {statistics.median(score) * 1000:.1f} ms, "
        f"max {max(score) * 1000:.1f} ms (target < 3000 ms)"
    )
    print(
        f"... and write the snapshot:        median {statistics.median(snap) * 1000:.1f} ms, "
        f"max {max(snap) * 1000:.1f} ms"
    )
    client = Client(HTTP_HOST="localhost")
    device = TOTPDevice.objects.filter(user=officer).first()
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    first = client.get("/", secure=True)
    assert first.status_code == 200 and b"compliance-panels" in first.content, first.status_code
    pages = timed(lambda: client.get("/", secure=True), args.requests)
    print(
        f"dashboard (all compliance panels): p50 {statistics.median(pages) * 1000:.1f} ms, "
        f"p95 {p95(pages) * 1000:.1f} ms over {args.requests} requests (target p95 < 300 ms)"
    )

    def after_a_write():
        score_snapshot_invalidate(org_id=org.pk)  # what a control or evidence write does
        client.get("/", secure=True)

    stale = timed(after_a_write, args.runs)
    print(
        f"... first view after a control/evidence write (recomputes): "
        f"median {statistics.median(stale) * 1000:.1f} ms, max {max(stale) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
