"""The CISA KEV catalogue parses completely and agrees with its own schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema_rs

from assets.vuln import parse_kev


def test_the_catalogue_parses_with_every_entry(external_data: Path) -> None:
    raw = json.loads((external_data / "kev/known_exploited_vulnerabilities.json").read_text())
    catalogue = parse_kev(raw, file="kev.json")
    assert catalogue.version == "2025.08.25" and len(catalogue.entries) == raw["count"] == 1404
    assert sum(e.known_ransomware_use is True for e in catalogue.entries.values()) == 293


def test_log4shell_is_known_exploited_by_ransomware(external_data: Path) -> None:
    catalogue = parse_kev(
        json.loads((external_data / "kev/known_exploited_vulnerabilities.json").read_text())
    )
    entry = catalogue.get("cve-2021-44228")
    assert entry is not None and "CVE-2021-44228" in catalogue
    assert (entry.date_added, entry.due_date, entry.known_ransomware_use) == (
        date(2021, 12, 10),
        date(2021, 12, 24),
        True,
    )
    assert entry.vendor_project == "Apache" and entry.product == "Log4j2"


def test_the_corpus_is_valid_against_the_kev_schema(external_data: Path) -> None:
    schema = json.loads(
        (external_data / "kev/known_exploited_vulnerabilities_schema.json").read_text()
    )
    data = json.loads((external_data / "kev/known_exploited_vulnerabilities.json").read_text())
    assert jsonschema_rs.validator_for(schema).is_valid(data)
