"""Refreshing the advisory catalogue for the ``vulnerability_rematch`` check.

Imports the new files of ``BOLLWERK_ADVISORY_IMPORT_DIR`` (idempotent, through
:func:`assets.advisories.services.advisories_import_folder`) and, optionally, the feed URLs of
``BOLLWERK_ADVISORY_FEED_URLS`` — each fetched with a short timeout and skipped cleanly when
unreachable (an instance without internet). Returns the pks of advisories created or updated.
"""

from __future__ import annotations

import logging
import tempfile
import urllib.request
from pathlib import Path
from urllib.error import URLError

from django.conf import settings
from django.utils import timezone

from assets.advisories.models import Advisory
from assets.advisories.services import advisories_import, advisories_import_folder

logger = logging.getLogger(__name__)
TIMEOUT = 20


def advisories_refresh() -> dict:
    """``{"changed": [pks], "files_imported", "feeds_fetched", "feeds_skipped", "errors"}``."""
    started = timezone.now()
    out = {"files_imported": 0, "feeds_fetched": 0, "feeds_skipped": 0, "errors": 0}
    folder = settings.BOLLWERK_ADVISORY_IMPORT_DIR
    if folder and Path(folder).is_dir():
        report = advisories_import_folder(folder=folder)
        out["files_imported"] = report.imported + report.updated
        out["errors"] += len(report.errors)
    urls = list(settings.BOLLWERK_ADVISORY_FEED_URLS)
    if urls:
        with tempfile.TemporaryDirectory(prefix="bollwerk-feeds-") as tmp:
            paths = []
            for index, url in enumerate(urls):
                name = Path(url.split("?")[0]).name or f"feed-{index}.json"
                target = Path(tmp) / f"{index}-{name}"
                try:
                    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
                        target.write_bytes(response.read())
                except (URLError, OSError, ValueError) as exc:
                    logger.info("advisory feed %s skipped: %s", url, exc)
                    out["feeds_skipped"] += 1
                    continue
                paths.append(target)
                out["feeds_fetched"] += 1
            if paths:
                out["errors"] += len(advisories_import(paths=paths).errors)
    out["changed"] = list(
        Advisory.objects.filter(updated_at__gte=started).values_list("pk", flat=True)
    )
    return out
