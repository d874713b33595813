"""Benchmark of the SBOM engine: validate + parse CycloneDX JSON and XML of 1,000 / 10,000 / 50,000 components.

Each measurement runs in a fresh process so that its peak RSS is its own.
Prints, per file: the engine's time (best of --repeat), the time of a bare
``json.loads`` / lxml parse of the same bytes and their ratio, the peak RSS
of the process and the traced Python peak (tracemalloc, a separate run).

    .venv/bin/python bench/sbom_import.py [--sizes 1000 10000 50000] [--repeat 3]
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


def measure(path: Path, repeat: int) -> dict:
    """Run inside the child process: timings, peak RSS and traced peak for one file."""
    from lxml import etree

    from assets.sbom import parse_sbom

    data = path.read_bytes()
    baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    doc = parse_sbom(data, file_name=path.name)  # warm-up: compile the schema of this version
    engine = _best(lambda: parse_sbom(data, file_name=path.name), repeat)
    if path.suffix == ".json":
        bare = _best(lambda: json.loads(data), repeat)
    else:
        bare = _best(
            lambda: etree.fromstring(data, parser=etree.XMLParser(huge_tree=False)), repeat
        )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    parse_sbom(data, file_name=path.name)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "file": path.name,
        "bytes": len(data),
        "components": len(doc.components),
        "edges": sum(1 for _ in doc.dependency_edges()),
        "engine_s": engine,
        "bare_s": bare,
        "ratio": engine / bare,
        "peak_rss_mb": peak_rss / 1024,
        "import_rss_mb": baseline_rss / 1024,
        "traced_peak_mb": traced_peak / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.repeat)))
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from sbom_data import write

    header = f"{'file':<17}{'MB':>7}{'comps':>8}{'edges':>8}{'engine s':>10}{'bare s':>9}{'ratio':>7}{'peak RSS MB':>13}{'traced MB':>11}"
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            for path in write(Path(tmp), size):
                out = subprocess.run(
                    [sys.executable, __file__, "--one", str(path), "--repeat", str(args.repeat)],
                    check=True,
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                )
                r = json.loads(out.stdout)
                print(
                    f"{r['file']:<17}{r['bytes'] / 2**20:>7.1f}{r['components']:>8}{r['edges']:>8}"
                    f"{r['engine_s']:>10.3f}{r['bare_s']:>9.3f}{r['ratio']:>7.1f}{r['peak_rss_mb']:>13.0f}{r['traced_peak_mb']:>11.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
