"""Benchmark of the advisory store: import N synthetic OSV records into the database.

Writes the records into one .zip (the shape osv.dev publishes per ecosystem), then times, each
through ``advisories_import``:

* the first import (every record created),
* the same archive again (every record skipped: not newer),
* an archive with 1,000 of them newer (updated in place),
* a KEV catalogue flagging 1,000 CVEs,
* one candidate lookup for 10,000 purl keys.

Runs on a fresh SQLite file in a temporary folder unless ``DATABASE_URL`` is set (then on that
database, which must be empty and disposable).

Usage: .venv/bin/python bench/advisory_import.py [--advisories N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching_core import ECOSYSTEMS, osv_record, package_name  # noqa: E402


def setup_django(var_dir: str) -> None:
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG off: no query log
    os.environ.setdefault("BOLLWERK_VAR_DIR", var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_zip(path: Path, records: list[dict]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            archive.writestr(f"{record['id']}.json", json.dumps(record))


def timed(label: str, func):
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<40} {elapsed:7.2f} s wall {cpu:7.2f} s CPU   {result}")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisories", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bollwerk-bench-") as tmp:
        setup_django(tmp)
        from django.db import connection

        from assets.advisories.models import AffectedEntry
        from assets.advisories.selectors import advisory_candidates
        from assets.advisories.services import advisories_import
        from assets.vuln import parse_purl

        rng = random.Random(args.seed)
        n = args.advisories
        names = dict.fromkeys(ECOSYSTEMS, max(1000, n // 5))
        records = [osv_record(rng, i, names) for i in range(n)]
        first, again, newer = Path(tmp, "all.zip"), Path(tmp, "again.zip"), Path(tmp, "newer.zip")
        write_zip(first, records)
        write_zip(again, records)
        write_zip(newer, [{**r, "modified": "2025-01-01T00:00:00Z"} for r in records[:1000]])
        kev = Path(tmp, "kev.json")
        kev.write_text(json.dumps({
            "catalogVersion": "bench", "count": 1000,
            "vulnerabilities": [
                {"cveID": f"CVE-2024-{i:05d}", "dateAdded": "2024-01-01", "dueDate": "2024-01-22"}
                for i in range(0, n, max(1, n // 1000))
            ],
        }))  # fmt: skip
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        print(f"database: {connection.vendor}; {n} synthetic OSV records in one .zip")

        def summary(report):
            return (
                f"imported={report.imported} updated={report.updated} "
                f"skipped={report.skipped} errors={len(report.errors)}"
            )

        timed("first import", lambda: summary(advisories_import(paths=[first])))
        print(f"{'':<40} {AffectedEntry.objects.count()} affected entries stored")
        timed("same archive again (all skipped)", lambda: summary(advisories_import(paths=[again])))
        timed("1,000 newer versions (updated)", lambda: summary(advisories_import(paths=[newer])))
        timed("KEV catalogue of 1,000 CVEs", lambda: advisories_import(paths=[kev]).kev)
        keys = [
            parse_purl("pkg:golang/" + package_name(rng, "Go", rng.randrange(names["Go"] * 2))).key
            for _ in range(10_000)
        ]
        timed(
            "candidates for 10,000 purl keys",
            lambda: f"{len(advisory_candidates(package_keys=keys))} engine advisories",
        )


if __name__ == "__main__":
    main()
