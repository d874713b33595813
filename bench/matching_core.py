"""Benchmark of the matching core (assets.vuln), without the database.

Generates synthetic components (npm, PyPI, Maven, Go) and OSV-shaped advisories, parses the
advisories with the real OSV importer, builds the index and runs:

* a full match of every component,
* an incremental match of one new SBOM (10,000 components),
* an incremental re-match after 100 advisories are updated,

printing wall time, matches found and peak memory (max RSS). ``--scales`` repeats the full match
at fractions of the size to show how it grows.

Usage: .venv/bin/python bench/matching_core.py [--components N] [--advisories N] [--scales 0.25,0.5,1]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assets.vuln import AdvisoryIndex, Component, parse_osv, parse_purl
from assets.vuln.predicates import ExactVersions, OsvRange
from assets.vuln.versions import parse_version

ECOSYSTEMS = ("npm", "PyPI", "Maven", "Go")


def rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Resident set size now (from /proc/self/statm), in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def package_name(rng: random.Random, ecosystem: str, index: int) -> str:
    if ecosystem == "npm":
        return f"@scope{index % 97}/pkg-{index}" if index % 5 == 0 else f"pkg-{index}"
    if ecosystem == "PyPI":
        return f"Py_Package.{index}"
    if ecosystem == "Maven":
        return f"org.example{index % 211}:artifact-{index}"
    return f"github.com/org{index % 307}/mod{index}" + ("/v2" if index % 7 == 0 else "")


def purl_for(ecosystem: str, name: str, version: str) -> str:
    if ecosystem == "npm":
        return f"pkg:npm/{name.replace('@', '%40')}@{version}"
    if ecosystem == "PyPI":
        return f"pkg:pypi/{name.lower()}@{version}"
    if ecosystem == "Maven":
        group, artifact = name.split(":")
        return f"pkg:maven/{group}/{artifact}@{version}"
    return f"pkg:golang/{name}@{version}"


def version(rng: random.Random, ecosystem: str) -> str:
    major, minor, patch = rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 40)
    if ecosystem == "Go":
        if rng.random() < 0.2:
            return f"v0.0.0-2021{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}101010-{rng.getrandbits(48):012x}"
        return f"v{major}.{minor}.{patch}"
    if ecosystem == "PyPI" and rng.random() < 0.05:
        return f"{major}.{minor}.{patch}rc1"
    return f"{major}.{minor}.{patch}"


def osv_record(
    rng: random.Random, index: int, names: dict[str, int], modified: str = "2024-01-01T00:00:00Z"
) -> dict:
    affected = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        ecosystem = rng.choice(ECOSYSTEMS)
        name = package_name(rng, ecosystem, rng.randrange(names[ecosystem]))
        ranges = []
        for _ in range(rng.choice((1, 1, 2))):
            low = f"{rng.randint(0, 5)}.{rng.randint(0, 20)}.0"
            high = f"{int(low.split('.')[0]) + rng.randint(0, 3)}.{rng.randint(0, 30)}.{rng.randint(1, 40)}"
            events = [{"introduced": "0" if rng.random() < 0.4 else low}]
            events.append({"last_affected": high} if rng.random() < 0.1 else {"fixed": high})
            ranges.append(
                {"type": "SEMVER" if ecosystem == "Go" else "ECOSYSTEM", "events": events}
            )
        entry = {"package": {"ecosystem": ecosystem, "name": name}, "ranges": ranges}
        if rng.random() < 0.1:
            entry["versions"] = [version(rng, ecosystem) for _ in range(rng.randint(1, 20))]
        affected.append(entry)
    return {
        "schema_version": "1.6.0",
        "id": f"GHSA-bench-{index:06d}",
        "modified": modified,
        "published": "2023-01-01T00:00:00Z",
        "aliases": [f"CVE-2024-{index:05d}"],
        "summary": "synthetic advisory",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": affected,
        "references": [{"type": "WEB", "url": f"https://example.org/{index}"}],
    }


def components(rng: random.Random, count: int, names: dict[str, int]) -> list[Component]:
    out = []
    for _ in range(count):
        ecosystem = rng.choice(ECOSYSTEMS)
        # twice the advisory name space: about half the components have no advisory at all
        name = package_name(rng, ecosystem, rng.randrange(names[ecosystem] * 2))
        out.append(Component(purl=purl_for(ecosystem, name, version(rng, ecosystem))))
    return out


def clear_caches() -> None:
    """Start each scale cold: parsed versions and purls are cached per process."""
    parse_version.cache_clear()
    parse_purl.cache_clear()


def full_run(n_components: int, n_advisories: int, seed: int = 6) -> dict:
    clear_caches()
    rng = random.Random(seed)
    names = dict.fromkeys(ECOSYSTEMS, max(1000, n_advisories // 5))
    records = [osv_record(rng, i, names) for i in range(n_advisories)]
    comps = components(rng, n_components, names)
    gc.collect()

    start = time.perf_counter()
    advisories = [parse_osv(r, file=f"bench/{r['id']}.json") for r in records]
    parsed = time.perf_counter()
    index = AdvisoryIndex()
    for advisory in advisories:
        index.add(advisory)
    built = time.perf_counter()
    sample = rng.sample(records, min(100, len(records)))
    del records, advisories  # keep only what the matcher holds: the index
    gc.collect()
    index_rss = current_rss_mib()
    matches = sum(len(index.match_component(c)) for c in comps)
    matched = time.perf_counter()
    return {
        "rng": rng, "names": names, "index": index, "components": comps, "records": sample, "index_rss": index_rss,
        "parse_s": parsed - start, "index_s": built - parsed, "match_s": matched - built, "matches": matches,
    }  # fmt: skip


def incremental(result: dict) -> None:
    rng, names, index, comps = result["rng"], result["names"], result["index"], result["components"]
    sbom = components(rng, 10_000, names)
    start = time.perf_counter()
    found = sum(len(index.match_component(c)) for c in sbom)
    print(
        f"incremental SBOM  : 10,000 components in {time.perf_counter() - start:6.2f} s, {found:,} matches"
    )

    by_key: dict = defaultdict(list)  # the DB's index on (type, namespace, name)
    for component in comps:
        by_key[parse_purl(component.purl).key].append(component)
    chosen = result["records"]
    start = time.perf_counter()
    touched = 0
    found = 0
    for record in chosen:
        updated = osv_record(
            rng, int(record["id"].rsplit("-", 1)[1]), names, modified="2025-01-01T00:00:00Z"
        )
        advisory = parse_osv(updated)
        index.add(advisory)  # replaces the stored version
        keys = {e.package for e in advisory.affected if e.package}
        for key in keys:
            for component in by_key.get(key, ()):
                touched += 1
                found += sum(
                    1 for m in index.match_component(component) if m.advisory_id == advisory.id
                )
    print(f"incremental update: 100 advisories re-indexed, {touched:,} components re-matched in "
          f"{time.perf_counter() - start:6.2f} s, {found:,} matches")  # fmt: skip


def check_predicates_are_real(result: dict) -> None:
    """Guard against a benchmark that measures nothing: ranges really were evaluated."""
    index = result["index"]
    kinds = {
        type(p).__name__
        for a in list(index.advisories.values())[:2000]
        for e in a.affected
        for p in e.predicate.parts
    }
    assert {OsvRange.__name__, ExactVersions.__name__} <= kinds, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=100_000)
    parser.add_argument("--advisories", type=int, default=50_000)
    parser.add_argument("--scales", default="1", help="comma-separated fractions, e.g. 0.25,0.5,1")
    args = parser.parse_args()
    result = None
    for scale in (float(s) for s in args.scales.split(",")):
        n_c, n_a = int(args.components * scale), int(args.advisories * scale)
        result = full_run(n_c, n_a)
        check_predicates_are_real(result)
        per = result["match_s"] / n_c * 1e6
        print(f"scale {scale:4.2f}: {n_a:,} advisories parsed in {result['parse_s']:5.2f} s, indexed in "
              f"{result['index_s']:5.2f} s; {n_c:,} components matched in {result['match_s']:5.2f} s "
              f"({per:5.1f} µs/component), {result['matches']:,} matches; RSS with index and components "
              f"{result['index_rss']:,.0f} MiB, peak RSS {rss_mib():,.0f} MiB")  # fmt: skip
    assert result is not None
    incremental(result)
    print(f"peak RSS (whole run): {rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
