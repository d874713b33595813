"""Small advisory documents for tests: OSV records, a CSAF OT advisory, a KEV catalogue."""

from __future__ import annotations

import json
from pathlib import Path


def osv(
    record_id: str = "GO-2099-0001",
    *,
    modified: str = "2024-01-01T00:00:00Z",
    package: str = "github.com/example/lib",
    ecosystem: str = "Go",
    introduced: str = "0",
    fixed: str = "1.6.0",
    aliases: tuple[str, ...] = ("CVE-2099-0001",),
    summary: str = "Log injection in example/lib",
    withdrawn: str | None = None,
    severity: str | None = None,
) -> dict:
    record = {
        "schema_version": "1.6.0",
        "id": record_id,
        "modified": modified,
        "published": "2023-06-01T00:00:00Z",
        "aliases": list(aliases),
        "summary": summary,
        "details": "A longer text.",
        "affected": [
            {
                "package": {"name": package, "ecosystem": ecosystem},
                "ranges": [
                    {"type": "SEMVER", "events": [{"introduced": introduced}, {"fixed": fixed}]}
                ],
            }
        ],
        "references": [{"type": "FIX", "url": "https://example.org/fix"}],
    }
    if withdrawn:
        record["withdrawn"] = withdrawn
    if severity:
        record["severity"] = [{"type": "CVSS_V3", "score": severity}]
    return record


def csaf_ot(
    doc_id: str = "ICSA-99-001-01",
    *,
    release: str = "2024-02-01T00:00:00Z",
    duplicate_product_id: bool = False,
) -> dict:
    """A CISA-style CSAF advisory: Siemens product, vendor range text, one CVE."""
    products = [
        {
            "category": "product_version_range",
            "name": "<V3.1.1",
            "product": {"name": "TeleDevice <V3.1.1", "product_id": "CSAFPID-0001"},
        }
    ]
    if duplicate_product_id:
        products.append(
            {
                "category": "product_version_range",
                "name": "<V4",
                "product": {"name": "TeleDevice <V4", "product_id": "CSAFPID-0001"},
            }
        )
    return {
        "document": {
            "category": "csaf_security_advisory",
            "csaf_version": "2.0",
            "publisher": {
                "category": "coordinator",
                "name": "CISA",
                "namespace": "https://www.cisa.gov/",
            },
            "title": "Siemens TeleDevice",
            "tracking": {
                "id": doc_id,
                "current_release_date": release,
                "initial_release_date": "2024-01-01T00:00:00Z",
                "revision_history": [{"date": release, "number": "1", "summary": "Initial."}],
                "status": "final",
                "version": "1",
            },
        },
        "product_tree": {
            "branches": [
                {
                    "category": "vendor",
                    "name": "Siemens",
                    "branches": [
                        {"category": "product_name", "name": "TeleDevice", "branches": products}
                    ],
                }
            ]
        },
        "vulnerabilities": [
            {
                "cve": "CVE-2099-1000",
                "title": "Path traversal",
                "product_status": {"known_affected": ["CSAFPID-0001"]},
                "scores": [
                    {
                        "products": ["CSAFPID-0001"],
                        "cvss_v3": {
                            "version": "3.1",
                            "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                            "baseScore": 9.8,
                            "baseSeverity": "CRITICAL",
                        },
                    }
                ],
            }
        ],
    }


def kev(*cves: str, ransomware: tuple[str, ...] = ()) -> dict:
    return {
        "title": "CISA Catalog of Known Exploited Vulnerabilities",
        "catalogVersion": "2099.01.01",
        "dateReleased": "2099-01-01T12:00:00.000Z",
        "count": len(cves),
        "vulnerabilities": [
            {
                "cveID": cve,
                "vendorProject": "Example",
                "product": "Lib",
                "vulnerabilityName": "Example Lib flaw",
                "dateAdded": "2024-03-01",
                "shortDescription": "…",
                "requiredAction": "Apply updates.",
                "dueDate": "2024-03-22",
                "knownRansomwareCampaignUse": "Known" if cve in ransomware else "Unknown",
                "notes": "",
                "cwes": [],
            }
            for cve in cves
        ],
    }


def write(folder: Path, name: str, data: dict | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path
