"""CISA's Known Exploited Vulnerabilities catalogue and FIRST EPSS scores.

KEV marks CVEs exploited in the wild, with the date CISA added them, the remediation due date
for US federal agencies, and whether ransomware campaigns are known to use them. EPSS gives each
CVE a probability of exploitation in the next 30 days and its percentile.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from assets.vuln.errors import AdvisoryError, json_pointer

_CVE = re.compile(r"^CVE-\d{4}-\d{4,}$")


@dataclass(frozen=True, slots=True)
class KevEntry:
    """One catalogue entry."""

    cve: str
    vendor_project: str
    product: str
    name: str
    date_added: date
    due_date: date | None
    known_ransomware_use: bool | None  # "Known" → True, "Unknown" → None
    required_action: str = ""
    cwes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KevCatalogue:
    """The catalogue: version, release time and entries by CVE id."""

    version: str
    released: datetime | None
    entries: dict[str, KevEntry]

    def __contains__(self, cve: object) -> bool:
        return isinstance(cve, str) and cve.upper() in self.entries

    def get(self, cve: str) -> KevEntry | None:
        return self.entries.get(cve.upper())


def _date(value: Any, *, file: str | None, pointer: str, required: bool) -> date | None:
    if value in (None, "") and not required:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise AdvisoryError(
            f"not a date: {value!r}", file=file, pointer=pointer, rule="KEV"
        ) from exc


def parse_kev(data: Any, *, file: str | None = None) -> KevCatalogue:
    """Read the KEV JSON feed; refuse entries without a valid CVE id or dateAdded."""
    if not isinstance(data, dict) or not isinstance(data.get("vulnerabilities"), list):
        raise AdvisoryError(
            "not a KEV catalogue: no vulnerabilities list",
            file=file,
            pointer="/vulnerabilities",
            rule="KEV",
        )
    entries: dict[str, KevEntry] = {}
    for index, item in enumerate(data["vulnerabilities"]):
        pointer = json_pointer("vulnerabilities", index)
        cve = item.get("cveID") if isinstance(item, dict) else None
        if not isinstance(cve, str) or not _CVE.match(cve.strip().upper()):
            raise AdvisoryError(
                f"not a CVE id: {cve!r}", file=file, pointer=f"{pointer}/cveID", rule="KEV"
            )
        ransomware = str(item.get("knownRansomwareCampaignUse", "")).strip().lower()
        entry = KevEntry(
            cve=cve.strip().upper(),
            vendor_project=str(item.get("vendorProject", "")),
            product=str(item.get("product", "")),
            name=str(item.get("vulnerabilityName", "")),
            date_added=_date(
                item.get("dateAdded"), file=file, pointer=f"{pointer}/dateAdded", required=True
            ),  # type: ignore[arg-type]
            due_date=_date(
                item.get("dueDate"), file=file, pointer=f"{pointer}/dueDate", required=False
            ),
            known_ransomware_use=True if ransomware == "known" else None,
            required_action=str(item.get("requiredAction", "")),
            cwes=tuple(c for c in item.get("cwes") or [] if isinstance(c, str)),
        )
        entries[entry.cve] = entry
    released = None
    if isinstance(data.get("dateReleased"), str):
        try:
            released = datetime.fromisoformat(data["dateReleased"].replace("Z", "+00:00"))
        except ValueError:
            released = None
    return KevCatalogue(
        version=str(data.get("catalogVersion", "")), released=released, entries=entries
    )


@dataclass(frozen=True, slots=True)
class EpssScore:
    """FIRST EPSS: probability of exploitation within 30 days, and its percentile (0..1)."""

    cve: str
    epss: float
    percentile: float


def parse_epss(text: str, *, file: str | None = None) -> dict[str, EpssScore]:
    """Read the EPSS CSV (``cve,epss,percentile``, optionally after a ``#model_version`` line)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if not reader.fieldnames or not {"cve", "epss", "percentile"} <= set(reader.fieldnames):
        raise AdvisoryError(
            "EPSS CSV needs the columns cve, epss, percentile", file=file, rule="EPSS"
        )
    scores: dict[str, EpssScore] = {}
    for row_number, row in enumerate(reader, start=2):
        try:
            score = EpssScore(
                row["cve"].strip().upper(), float(row["epss"]), float(row["percentile"])
            )
        except (ValueError, AttributeError) as exc:
            raise AdvisoryError(
                f"bad EPSS row {row_number}: {exc}",
                file=file,
                pointer=f"row {row_number}",
                rule="EPSS",
            ) from exc
        if not _CVE.match(score.cve) or not (0 <= score.epss <= 1 and 0 <= score.percentile <= 1):
            raise AdvisoryError(
                f"bad EPSS row {row_number}: {row}",
                file=file,
                pointer=f"row {row_number}",
                rule="EPSS",
            )
        scores[score.cve] = score
    return scores
