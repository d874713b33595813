"""Benchmark of report generation: our work (data, redaction, HTML) against WeasyPrint.

Real data: ``seed_demo`` into a throwaway database (an in-memory SQLite test
database unless DATABASE_URL names another server, where a test database is
created and dropped), then per report:
  the compliance report of the demo organization (300 assets),
  the inventory report with --assets N (each N seeded into its own organization),
all for the auditor audience so the Redactor works on every row. Optionally
also the fake-row inventory of the test suite (--fake, no database rows).

Prints per report: data time, redaction time, HTML render time, WeasyPrint
time (layout + PDF/A write), pages, pages/s, and total/WeasyPrint with our
share of the total (target < 15 %). Targets: compliance < 10 s, inventory
with 1,000 assets < 30 s.

Usage: .venv/bin/python bench/reports.py [--assets 1000,10000] [--fake 1000] [--no-compliance]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.test_settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bollwerk.models import Organization  # noqa: E402
from reports import sections  # noqa: E402
from reports.rendering import html_to_pdf  # noqa: E402
from reports.services.document import report_content_build, report_html_build  # noqa: E402


def _cover(org, report_type: str) -> dict:
    now = timezone.now()
    return {
        "title": "bench",
        "type_label": f"{report_type} report",
        "report_type": report_type,
        "audience": "auditor",
        "audience_label": "Auditor",
        "marking": "CONFIDENTIAL",
        "terms": {"page": "Page", "of": "of", "contents": "Contents", "report": "Report"},
        "org_name": org.name,
        "generated_at": now,
        "data_as_of": now,
        "generated_by": "bench",
        "report_id": "00000000-0000-0000-0000-000000000000",
    }


def measure(label: str, org, report_type: str) -> None:
    """Build, lay out and write one auditor report; print the stage timings."""
    content = report_content_build(
        organization=org,
        report_type=report_type,
        audience="auditor",
        language="en",
        as_of=timezone.now(),
        cover=_cover(org, report_type),
    )
    html = report_html_build(content=content, language="en")
    start = time.perf_counter()
    rendered = html_to_pdf(html)
    weasy = time.perf_counter() - start
    t = content.timings
    ours = t.data + t.redaction + t.html
    total = ours + weasy
    print(
        f"{label:<24} data={t.data:6.2f}s  redaction={t.redaction:6.2f}s  html={t.html:5.2f}s  "
        f"weasyprint={weasy:7.2f}s  total={total:7.2f}s  pages={rendered.pages:>5}  "
        f"pages/s={rendered.pages / weasy:5.1f}  total/weasyprint={total / weasy:5.3f}  "
        f"our share={100 * ours / total:5.2f} %",
        flush=True,
    )


def seed(slug: str, assets: int) -> Organization:
    start = time.perf_counter()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        call_command("seed_demo", org=slug, assets=assets, components=0, seed=1, json=True)
    counts = json.loads(out.getvalue())
    print(f"(seeded {slug} in {time.perf_counter() - start:.1f}s: {counts})", flush=True)
    return Organization.objects.get(slug=slug)


def fake(rows: int) -> None:
    """The test suite's fake inventory rows (no database rows), as before."""
    from tests.reports.fake import make_inventory

    org, _ = Organization.objects.get_or_create(
        slug="bench-fake", defaults={"name": "Stadtwerke Bench", "sectors": ["electricity"]}
    )
    inventory = make_inventory(rows)
    with sections.temporarily("inventory", inventory.provider, key="fake-devices", order=50):
        for key in ("inventory", "services", "sites", "zones", "assets", "links"):
            sections.unregister("inventory", key)
        measure(f"fake inventory {rows}", org, "inventory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", default="1000,10000", help="comma-separated asset counts")
    parser.add_argument("--fake", default="", help="comma-separated fake row counts")
    parser.add_argument("--no-compliance", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if args.fake:
            saved = {k: dict(v) for k, v in sections._SECTIONS.items()}
            for rows in (int(n) for n in args.fake.split(",")):
                fake(rows)
            sections._SECTIONS.update(saved)
        if not args.no_compliance:
            org = seed("bench-demo", 300)
            measure("compliance (demo, 300)", org, "compliance")
        for n in (int(x) for x in args.assets.split(",") if x):
            org = seed(f"bench-{n}", n)
            measure(f"inventory {n} assets", org, "inventory")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
