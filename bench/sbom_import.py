"""Benchmark of SBOM import: the engine alone, and the whole import through the service incl. storing.

Engine: validate + parse CycloneDX JSON and XML of 1,000 / 10,000 / 50,000
components. Timings and memory run in separate fresh processes. Prints, per
file: the engine's validate+parse time (best of --repeat), the time of a bare
``json.loads`` / lxml parse of the same bytes and their ratio, the peak RSS of
a process that does nothing but one ``parse_sbom_file`` (and, in brackets,
its RSS after the imports), and the traced Python peak (tracemalloc).

Service: ``sbom_import`` end to end (read, validate, parse, store the file
and every component, edge and quality report) on SQLite (a file database,
migrated first) and, with ``--postgres URL``, on PostgreSQL. One fresh
process per file and database: the schema of the version is compiled first
(a tiny document), then one import is timed; the peak RSS is the process's
whole high-water mark, Django and the compiled schemas (``(warm)``, ~120 MB)
included. Targets: 10,000 components (JSON) under 3 s on SQLite and 5 s on
PostgreSQL, under 300 MB peak for 50,000, time linear in size.

Valid CycloneDX goes the engine's memory-lean path (``assets.sbom.stream_json``
and ``stream_xml``: entries validated and parsed one at a time, no tree of
the whole document), so the peak is about the process baseline, the
document's bytes or text, and the parsed components; a document with any
error goes the full path (whole tree), which words the error.

    .venv/bin/python bench/sbom_import.py [--sizes 1000 10000 50000] [--repeat 3]
        [--skip-engine] [--skip-service] [--postgres postgres://postgres@127.0.0.1:5432/bw_bench]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _best(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def measure_time(path: Path, repeat: int) -> dict:
    """In a child process: best-of-``repeat`` times of the engine and of a bare parse, plus the traced peak."""
    from lxml import etree

    from assets.sbom import parse_sbom

    data = path.read_bytes()
    doc = parse_sbom(data, file_name=path.name)  # warm-up: compiles the schema of this version
    components, edges = len(doc.components), sum(1 for _ in doc.dependency_edges())
    del doc
    engine = _best(lambda: parse_sbom(data, file_name=path.name), repeat)
    if path.suffix == ".json":
        bare = _best(lambda: json.loads(data), repeat)
    else:
        bare = _best(
            lambda: etree.fromstring(data, parser=etree.XMLParser(huge_tree=False)), repeat
        )
    tracemalloc.start()
    parse_sbom(data, file_name=path.name)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "file": path.name,
        "bytes": len(data),
        "components": components,
        "edges": edges,
        "engine_s": engine,
        "bare_s": bare,
        "ratio": engine / bare,
        "traced_peak_mb": traced_peak / 2**20,
    }


def _peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM (reset by exec, unlike ru_maxrss, which a child inherits)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_memory(path: Path) -> dict:
    """In a fresh child process: peak RSS of one ``parse_sbom_file`` (imports and schema included)."""
    from assets.sbom import parse_sbom_file

    imported = _peak_rss_mb()
    parse_sbom_file(path)
    return {"peak_rss_mb": _peak_rss_mb(), "import_rss_mb": imported}


def _child(*args: str, env: dict | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_service(path: Path) -> dict:
    """In a fresh child process (Django set up from the environment): one timed ``sbom_import``."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.settings")
    django.setup()
    from lxml import etree

    from assets.models import SbomComponent
    from assets.services.sbom import sbom_import
    from bollwerk.models import Organization

    org, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    tiny = (
        b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": []}'
        if path.suffix == ".json"
        else b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"/>'
    )
    sbom_import(
        org=org,
        file=tiny,
        file_name=f"warm{path.suffix}",
        supplier="Bench",
        product_name="warm-up",
        product_version=path.suffix,
    )
    before = _peak_rss_mb()
    started = time.perf_counter()
    sbom = sbom_import(
        org=org, file=path, supplier="Bench", product_name=path.name, product_version="1"
    )
    elapsed = time.perf_counter() - started
    peak = _peak_rss_mb()
    data = path.read_bytes()
    if path.suffix == ".json":
        bare = _best(lambda: json.loads(data), 1)
    else:
        bare = _best(lambda: etree.fromstring(data, parser=etree.XMLParser(huge_tree=False)), 1)
    stored = SbomComponent.objects.filter(sbom=sbom).count()
    return {
        "file": path.name,
        "components": stored,
        "edges": sbom.dependency_count,
        "service_s": elapsed,
        "bare_s": bare,
        "ratio": elapsed / bare,
        "peak_rss_mb": peak,
        "before_rss_mb": before,
    }


def _service_env(url: str, media: Path) -> dict:
    import os

    return {
        **os.environ,
        "DATABASE_URL": url,
        "BOLLWERK_MEDIA_ROOT": str(media),
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "0",
        "BOLLWERK_UPLOAD_MAX_MB": "500",
        "DJANGO_SETTINGS_MODULE": "bollwerk.settings",
    }


def run_service(files: list[Path], databases: dict[str, str], tmp: Path) -> None:
    """The service table: one row per database and file."""
    print(
        f"\n{'database':<11}{'file':<17}{'comps':>8}{'edges':>8}{'import s':>10}{'bare s':>9}"
        f"{'ratio':>7}{'peak RSS MB':>13}{'(warm)':>8}"
    )
    for label, url in databases.items():
        env = _service_env(url, tmp / f"media-{label}")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], check=True, cwd=ROOT, env=env
        )
        for path in files:
            r = _child("--service-file", str(path), env=env)
            print(
                f"{label:<11}{r['file']:<17}{r['components']:>8}{r['edges']:>8}"
                f"{r['service_s']:>10.3f}{r['bare_s']:>9.3f}{r['ratio']:>7.1f}"
                f"{r['peak_rss_mb']:>13.0f}{r['before_rss_mb']:>8.0f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--service-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--skip-engine", action="store_true", help="only the service benchmark")
    parser.add_argument("--skip-service", action="store_true", help="only the engine benchmark")
    parser.add_argument("--postgres", help="also benchmark the service on this PostgreSQL URL")
    args = parser.parse_args()
    if args.service_file:
        print(json.dumps(measure_service(args.service_file)))
        return
    if args.time:
        print(json.dumps(measure_time(args.time, args.repeat)))
        return
    if args.memory:
        print(json.dumps(measure_memory(args.memory)))
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from sbom_data import write

    header = f"{'file':<17}{'MB':>7}{'comps':>8}{'edges':>8}{'engine s':>10}{'bare s':>9}{'ratio':>7}{'peak RSS MB':>13}{'(imports)':>10}{'traced MB':>11}"
    with tempfile.TemporaryDirectory() as tmp:
        files = [path for size in args.sizes for path in write(Path(tmp), size)]
        if not args.skip_engine:
            print(header)
            for path in files:
                r = _child("--time", str(path), "--repeat", str(args.repeat)) | _child(
                    "--memory", str(path)
                )
                print(
                    f"{r['file']:<17}{r['bytes'] / 2**20:>7.1f}{r['components']:>8}{r['edges']:>8}"
                    f"{r['engine_s']:>10.3f}{r['bare_s']:>9.3f}{r['ratio']:>7.1f}{r['peak_rss_mb']:>13.0f}{r['import_rss_mb']:>10.0f}{r['traced_peak_mb']:>11.0f}",
                    flush=True,
                )
        if not args.skip_service:
            databases = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
            if args.postgres:
                databases["postgresql"] = args.postgres
            run_service(files, databases, Path(tmp))


if __name__ == "__main__":
    main()
