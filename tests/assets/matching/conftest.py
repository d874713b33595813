"""Small synthetic worlds for matching tests, built through the real import services."""

from __future__ import annotations

import json

import pytest

from assets.advisories.services import advisories_import


def osv(id_, package, fixed, *, ecosystem="npm", modified="2024-01-01T00:00:00Z", score=None):
    """An OSV record for one package with an ``introduced 0, fixed`` range."""
    record = {
        "schema_version": "1.6.0", "id": id_, "modified": modified, "aliases": [f"CVE-2024-{id_[-4:]}"],
        "summary": f"{package} flaw",
        "affected": [{"package": {"ecosystem": ecosystem, "name": package},
                      "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}],
    }  # fmt: skip
    if score:
        record["severity"] = [{"type": "CVSS_V3", "score": score}]
    return record


def cyclonedx(components, vulnerabilities=()):
    """A CycloneDX 1.6 document with npm components (name, version)."""
    return json.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "name": "portal", "version": "1.0", "bom-ref": "app"}},
        "components": [{"type": "library", "name": n, "version": v, "bom-ref": f"{n}@{v}",
                        "purl": f"pkg:npm/{n}@{v}"} for n, v in components],
        "vulnerabilities": list(vulnerabilities),
    }).encode()  # fmt: skip


@pytest.fixture
def import_osv(tmp_path):
    def run(*records):
        folder = tmp_path / f"osv-{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        for record in records:
            (folder / f"{record['id']}.json").write_text(json.dumps(record))
        return advisories_import(paths=[folder])

    return run
