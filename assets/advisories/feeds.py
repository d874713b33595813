"""CISA KEV and FIRST EPSS: store the feed, then re-derive the flags of every stored advisory.

Each feed is a complete list, so an import replaces the previous one (a CVE CISA removed from
the catalogue loses its flag). Advisories imported later are flagged from the stored rows by
:mod:`assets.advisories.store`.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction

from assets.advisories.bulk import delete_all, insert_rows, update_rows
from assets.advisories.models import Advisory as AdvisoryRow
from assets.advisories.models import AdvisoryAlias, EpssScore, KevEntry
from assets.advisories.store import ROW_BATCH, derived_flags
from assets.vuln.kev import EpssScore as EpssValue
from assets.vuln.kev import KevCatalogue

_FLAG_FIELDS = [
    "kev",
    "kev_date_added",
    "kev_due_date",
    "kev_ransomware",
    "epss",
    "epss_percentile",
]
_SCORE_DATE = re.compile(r"score_date:(\d{4}-\d{2}-\d{2})")


def epss_date(text: str) -> date | None:
    """The score date from the ``#model_version:…,score_date:…`` header line, if any."""
    first = text.lstrip()[:300].splitlines()[0] if text.strip() else ""
    found = _SCORE_DATE.search(first) if first.startswith("#") else None
    return date.fromisoformat(found.group(1)) if found else None


def is_kev(data: object) -> bool:
    """True for JSON shaped like CISA's KEV catalogue (``catalogVersion`` + vulnerabilities)."""
    return (
        isinstance(data, dict)
        and "catalogVersion" in data
        and isinstance(data.get("vulnerabilities"), list)
    )


def kev_store(*, catalogue: KevCatalogue) -> int:
    """Replace the stored catalogue and re-flag advisories; returns how many are flagged."""
    with transaction.atomic():
        delete_all(KevEntry)
        insert_rows(
            KevEntry,
            [
                {
                    "cve": e.cve,
                    "vendor_project": e.vendor_project[:255],
                    "product": e.product[:255],
                    "name": e.name,
                    "date_added": e.date_added,
                    "due_date": e.due_date,
                    "known_ransomware_use": bool(e.known_ransomware_use),
                    "catalogue_version": catalogue.version[:32],
                }
                for e in catalogue.entries.values()
            ],
        )
        return rederive_flags()


def epss_store(*, scores: dict[str, EpssValue], day: date | None) -> int:
    """Replace the stored EPSS scores and re-derive advisories; returns advisories scored."""
    with transaction.atomic():
        delete_all(EpssScore)
        insert_rows(
            EpssScore,
            [
                {"cve": s.cve, "epss": s.epss, "percentile": s.percentile, "date": day}
                for s in scores.values()
            ],
        )
        rederive_flags()
        return AdvisoryRow.objects.filter(epss__isnull=False).count()


def rederive_flags() -> int:
    """Recompute the KEV/EPSS columns of every advisory with a CVE; returns KEV-flagged count.

    Reads the CVE aliases once and the two feeds once; writes only rows whose values changed.
    """
    kev = {e.cve: e for e in KevEntry.objects.all()}
    epss = {e.cve: e for e in EpssScore.objects.all()}
    cves: dict[int, list[str]] = {}
    for advisory_id, alias in (
        AdvisoryAlias.objects.filter(alias__startswith="CVE-")
        .values_list("advisory_id", "alias")
        .iterator(chunk_size=ROW_BATCH)
    ):
        cves.setdefault(advisory_id, []).append(alias)
    changed = []
    for pk, *current in AdvisoryRow.objects.values_list("pk", *_FLAG_FIELDS).iterator(
        chunk_size=ROW_BATCH
    ):
        wanted = derived_flags(cves.get(pk, ()), kev, epss)
        values = [wanted[name] for name in _FLAG_FIELDS]
        if values != current:
            changed.append((pk, *values))
    update_rows(AdvisoryRow, _FLAG_FIELDS, changed)
    return AdvisoryRow.objects.filter(kev=True).count()
