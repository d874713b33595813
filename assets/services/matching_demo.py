"""The seed_demo part for vulnerabilities: advisories that hit the demo SBOMs, then a match.

Runs after the SBOM seeder. With the third-party data of ``BOLLWERK_EXTERNAL_DATA`` present,
it imports the real OSV records there that concern a package of the demo SBOMs (lodash,
minimist, moment, urllib3, requests, jackson-databind, commons-text, gin, golang.org/x/net, …)
and the real CISA KEV catalogue; without it, synthetic OSV-shaped records (ids ``DEMO-…``),
one per demo package, that affect the version the first release ships and are fixed in the
next. Both go through :func:`assets.advisories.services.advisories_import`, so re-seeding
skips what is stored already; then :func:`assets.services.matching.vulnerabilities_match`
matches the demo organization. Deterministic: no random choice.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.conf import settings

from assets.models import SbomComponent
from assets.services.sbom_demo import PACKAGES, demo_purl
from assets.vuln import PackageKey, key_for_osv_package, parse_purl

OSV_FOLDERS = ("osv/github-advisory-database", "osv/golang-vulndb", "osv/ossf-osv-schema")
KEV_FILE = "kev/known_exploited_vulnerabilities.json"
_ECOSYSTEMS = {"npm": "npm", "pypi": "PyPI", "maven": "Maven", "golang": "Go"}
_VECTORS = (
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N",
    "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N",
)


def demo_package_keys() -> set[PackageKey]:
    """The purl keys of the real packages in the demo SBOMs."""
    return {
        parse_purl(demo_purl(t, ns, name, versions[0])).key for t, ns, name, versions in PACKAGES
    }


def real_advisory_files(root: Path) -> list[Path]:
    """The OSV records under ``root`` that name a package of the demo SBOMs."""
    keys = demo_package_keys()
    found = []
    for folder in OSV_FOLDERS:
        for path in sorted((root / folder).glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            packages = [a.get("package") or {} for a in record.get("affected") or []]
            if any(
                key_for_osv_package(p.get("ecosystem", ""), p.get("name", "")) in keys
                for p in packages
            ):
                found.append(path)
    return found


def _osv_name(ptype: str, namespace: str, name: str) -> str:
    if ptype == "maven":
        return f"{namespace}:{name}"
    return f"{namespace}/{name}" if namespace else name


def synthetic_records() -> list[dict]:
    """One OSV record per demo package: its first version affected, its second one fixed."""
    records = []
    for number, (ptype, namespace, name, versions) in enumerate(PACKAGES, start=1):
        fixed = versions[1][1:] if ptype == "golang" else versions[1]
        records.append({
            "schema_version": "1.6.0",
            "id": f"DEMO-2026-{number:04d}",
            "modified": "2026-01-10T00:00:00Z",
            "published": "2026-01-05T00:00:00Z",
            "summary": f"Demo advisory: {name} before {versions[1]} (synthetic)",
            "details": "A synthetic advisory of the demo data; it names no real vulnerability.",
            "severity": [{"type": "CVSS_V3", "score": _VECTORS[number % len(_VECTORS)]}],
            "affected": [{
                "package": {"ecosystem": _ECOSYSTEMS[ptype],
                            "name": _osv_name(ptype, namespace, name)},
                "ranges": [{"type": "SEMVER" if ptype == "golang" else "ECOSYSTEM",
                            "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            }],
            "references": [{"type": "WEB", "url": "https://bollwerk.example/demo-advisories"}],
        })  # fmt: skip
    return records


def seed_vulnerabilities(ctx) -> None:
    """Demo seeder: advisories (real ones if the shared data exists, else synthetic), matched.

    Sets ``ctx.counts["advisories"]`` (imported or updated now) and
    ``ctx.counts["vulnerability_matches"]`` (the organization's current matches). Without SBOM
    components (``--components 0``) there is nothing for these advisories to hit: it does
    nothing then.
    """
    from assets.advisories.services import advisories_import
    from assets.services.matching import vulnerabilities_match

    ctx.counts.update(advisories=0, vulnerability_matches=0)
    if not SbomComponent.objects.for_org(ctx.organization).exists():
        return
    root = Path(settings.BOLLWERK_EXTERNAL_DATA)
    if root.is_dir() and (files := real_advisory_files(root)):
        kev = root / KEV_FILE
        report = advisories_import(paths=[*files, *([kev] if kev.is_file() else [])])
    else:
        with tempfile.TemporaryDirectory(prefix="bollwerk-demo-advisories-") as tmp:
            for record in synthetic_records():
                (Path(tmp) / f"{record['id']}.json").write_text(json.dumps(record))
            report = advisories_import(paths=[tmp])
    run = vulnerabilities_match(org=ctx.organization)
    ctx.counts["advisories"] = report.imported + report.updated
    ctx.counts["vulnerability_matches"] = run.matches
