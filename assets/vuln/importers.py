"""One entry point for advisory files: detect OSV or CSAF, parse, report per file.

``import_advisories`` (the management command) and the upload service call :func:`import_path`
and store what it yields; re-import decisions use :func:`assets.vuln.model.reimport_decision`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assets.vuln.csaf import is_csaf, parse_csaf
from assets.vuln.errors import AdvisoryError
from assets.vuln.model import Advisory
from assets.vuln.osv import is_osv, parse_osv
from assets.vuln.sources import DEFAULT_LIMITS, Limits, iter_documents

Format = Literal["auto", "osv", "csaf"]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """One document's result: an advisory or the error that refused it."""

    file: str
    advisory: Advisory | None = None
    error: AdvisoryError | None = None


def parse_document(data: Any, *, file: str | None = None, format: Format = "auto") -> Advisory:
    """Parse decoded JSON as OSV or CSAF (``auto`` looks at its shape)."""
    if format == "csaf" or (format == "auto" and is_csaf(data)):
        return parse_csaf(data, file=file)
    if format == "osv" or (format == "auto" and is_osv(data)):
        return parse_osv(data, file=file)
    raise AdvisoryError(
        "neither an OSV record (id + modified) nor a CSAF document (document.csaf_version)",
        file=file,
        rule="format",
    )


def import_path(
    path: Path | str, *, format: Format = "auto", limits: Limits = DEFAULT_LIMITS
) -> Iterator[ImportOutcome]:
    """Parse every document under ``path``; a bad document yields its error and the rest go on.

    An unreadable archive or an exceeded limit ends that path with one error outcome.
    """
    documents = iter_documents(path, limits=limits)
    while True:
        try:
            document = next(documents)
        except StopIteration:
            return
        except AdvisoryError as exc:
            yield ImportOutcome(file=exc.file or str(path), error=exc)
            return
        try:
            yield ImportOutcome(
                file=document.name,
                advisory=parse_document(document.json(), file=document.name, format=format),
            )
        except AdvisoryError as exc:
            yield ImportOutcome(
                file=document.name, error=exc if exc.file else exc.with_file(document.name)
            )
