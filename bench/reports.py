"""Benchmark of report generation: our work (data, redaction, HTML) against WeasyPrint.

Uses the test suite's fake inventory provider (rows with IPs, MACs, host names,
zones, sites, coordinates, OT firmware and free text) for an auditor report,
so the Redactor really works on every row. No database rows are written.

Prints per size: data+redaction time, HTML render time, WeasyPrint time
(layout + PDF/A write), pages, and our share of the total (target < 15 %).

Usage: .venv/bin/python bench/reports.py [--rows 1000,10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.test_settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from bollwerk.models import Organization  # noqa: E402
from reports import sections  # noqa: E402
from reports.rendering import html_to_pdf  # noqa: E402
from reports.services.document import report_content_build, report_html_build  # noqa: E402
from tests.reports.fake import make_inventory  # noqa: E402


def run(rows: int) -> None:
    org = Organization(name="Stadtwerke Bench", slug="bench", sectors=["electricity"])
    inventory = make_inventory(rows)
    now = timezone.now()
    cover = {
        "title": "bench",
        "type_label": "Inventory report",
        "report_type": "inventory",
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
    with sections.temporarily("inventory", inventory.provider, key="fake-devices", order=50):
        content = report_content_build(
            organization=org,
            report_type="inventory",
            audience="auditor",
            language="en",
            as_of=now,
            cover=cover,
        )
        html = report_html_build(content=content, language="en")
    start = time.perf_counter()
    rendered = html_to_pdf(html)
    weasy = time.perf_counter() - start
    t = content.timings
    ours = t.data + t.redaction + t.html
    total = ours + weasy
    print(
        f"rows={rows:>6}  data={t.data:6.2f}s  redaction={t.redaction:6.2f}s  "
        f"html={t.html:6.2f}s  weasyprint={weasy:7.2f}s  pages={rendered.pages:>5}  "
        f"total/weasyprint={total / weasy:5.3f}  our share={100 * ours / total:5.2f} %",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000", help="comma-separated row counts")
    args = parser.parse_args()
    for rows in (int(n) for n in args.rows.split(",")):
        run(rows)


if __name__ == "__main__":
    main()
