"""Import services of the advisory catalogue: the one path for command, upload page and API.

``advisories_import`` reads files, folders and .zip archives of OSV records and CSAF 2.0
documents, CISA's KEV catalogue (recognised by its content) and FIRST EPSS CSV files
(``.csv`` / ``.csv.gz``). Each document is one unit: a bad one is reported in ``errors`` with its
file name and stores nothing, the others are stored. One summary event per import goes to the
audit trail's instance chain.
"""

from __future__ import annotations

import gzip
import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assets.advisories.feeds import epss_date, epss_store, is_kev, kev_store
from assets.advisories.models import ImportedFile
from assets.advisories.rows import check_storable
from assets.advisories.store import BatchWriter, Parsed, Pending, error_entry
from assets.vuln import AdvisoryError, parse_document, parse_epss, parse_kev
from assets.vuln.csaf import is_csaf
from assets.vuln.osv import is_osv, parse_timestamp
from assets.vuln.sources import DEFAULT_LIMITS, Limits, iter_documents
from bollwerk.models import AuditEvent
from bollwerk.services.audit import audit_record

FORMATS = ("auto", "osv", "csaf")


def peek_identity(data: Any, format: str) -> tuple[str, datetime | None] | None:
    """``(id, modified)`` read cheaply from a document of the chosen format, else None."""
    try:
        if format in ("auto", "osv") and is_osv(data) and not is_csaf(data):
            return data["id"], parse_timestamp(data["modified"], file=None, pointer="")
        if format in ("auto", "csaf") and is_csaf(data):
            tracking = data["document"].get("tracking") or {}
            if isinstance(tracking.get("id"), str):
                modified = tracking.get("current_release_date")
                return tracking["id"], parse_timestamp(modified, file=None, pointer="")
    except (AdvisoryError, AttributeError, TypeError):
        return None
    return None


FOLDER_SUFFIXES = (".json", ".zip", ".csv", ".csv.gz")


@dataclass
class ImportReport:
    """What an import did: the contract's counts and errors, plus KEV/EPSS when present."""

    imported: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    kev: dict[str, Any] | None = None
    epss: dict[str, Any] | None = None

    @property
    def stored_anything(self) -> bool:
        return bool(self.imported or self.updated or self.kev or self.epss)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``import_advisories --json`` and the API."""
        return asdict(self)


class _Importer:
    """One import run: parses documents, hands advisories to the batch writer, applies feeds."""

    def __init__(self, *, format: str, limits: Limits) -> None:
        if format not in FORMATS:
            raise ValidationError({"format": _("Choose one of: %s.") % ", ".join(FORMATS)})
        self.format = format
        self.limits = limits
        self.writer = BatchWriter()
        self.report = ImportReport()

    def path(self, path: Path, *, label: tuple[str, str] | None = None) -> None:
        """Import one file, folder or archive; ``label`` renames (temp prefix, shown name)."""

        def shown(name: str) -> str:
            return name.replace(label[0], label[1], 1) if label else name

        if path.is_file() and path.name.lower().endswith((".csv", ".csv.gz")):
            self._epss(path, shown(str(path)))
            return
        documents = iter_documents(path, limits=self.limits)
        while True:
            try:
                document = next(documents)
            except StopIteration:
                return
            except AdvisoryError as exc:
                self.report.errors.append(error_entry(shown(exc.file or str(path)), exc))
                return
            self._document(shown(document.name), document)

    def _document(self, name: str, document) -> None:
        try:
            data = document.json()
            if is_kev(data):
                self._kev(parse_kev(data, file=name))
                return
            identity = peek_identity(data, self.format)
        except AdvisoryError as exc:
            self.report.errors.append(error_entry(name, exc))
            return

        def parse() -> Parsed:
            advisory = parse_document(data, file=name, format=self.format)  # type: ignore[arg-type]
            check_storable(advisory)
            return Parsed(advisory, document.data.decode("utf-8", "replace"), name)

        if identity is None:  # no id to decide by before parsing: parse now
            try:
                parsed = parse()
            except AdvisoryError as exc:
                self.report.errors.append(error_entry(name, exc))
                return
            identity = (parsed.advisory.id, parsed.advisory.modified)
            self.writer.add(Pending(*identity, file=name, parse=lambda: parsed))
            return
        self.writer.add(Pending(*identity, file=name, parse=parse))

    def _kev(self, catalogue) -> None:
        self.writer.flush()
        flagged = kev_store(catalogue=catalogue)
        self.report.kev = {
            "version": catalogue.version,
            "entries": len(catalogue.entries),
            "flagged": flagged,
        }

    def _epss(self, path: Path, name: str) -> None:
        try:
            raw = path.read_bytes()
            if len(raw) > self.limits.max_member_bytes:
                raise AdvisoryError("file exceeds the size limit", file=name, rule="input")
            if path.name.lower().endswith(".gz"):
                with gzip.open(path) as stream:
                    raw = stream.read(self.limits.max_member_bytes + 1)
                if len(raw) > self.limits.max_member_bytes:
                    raise AdvisoryError("content exceeds the size limit", file=name, rule="input")
            text = raw.decode("utf-8")
            scores = parse_epss(text, file=name)
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            error = AdvisoryError(f"unreadable EPSS file: {exc}", file=name, rule="EPSS")
            self.report.errors.append(error_entry(name, error))
            return
        except AdvisoryError as exc:
            self.report.errors.append(error_entry(name, exc))
            return
        self.writer.flush()
        scored = epss_store(scores=scores, day=epss_date(text))
        self.report.epss = {"scores": len(scores), "advisories": scored}

    def finish(self) -> ImportReport:
        self.writer.flush()
        counts = self.writer.counts
        self.report.imported = counts.imported
        self.report.updated = counts.updated
        self.report.skipped = counts.skipped
        self.report.errors.extend(counts.errors)
        if counts.changed:
            from assets.services.matching import advisories_match_enqueue

            advisories_match_enqueue(advisory_ids=counts.changed)
        if self.report.stored_anything:
            audit_record(
                action=AuditEvent.Action.IMPORT,
                organization=None,
                object_type="assets.advisory",
                object_repr="advisory import",
                changes={
                    "imported": self.report.imported,
                    "updated": self.report.updated,
                    "skipped": self.report.skipped,
                    "errors": len(self.report.errors),
                    "kev": self.report.kev,
                    "epss": self.report.epss,
                },
            )
        return self.report


def advisories_import(
    *,
    paths: Iterable[Path | str] = (),
    files: Iterable[Any] = (),
    format: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
) -> ImportReport:
    """Import advisory files from ``paths`` (files, folders, .zip) and uploaded ``files``.

    ``files`` are Django ``UploadedFile`` objects (or anything with ``name`` and ``chunks()``);
    they are reported under their own names. Re-importing an advisory updates it in place when
    its ``modified`` is newer and skips it otherwise. ``ValidationError`` for an unknown format.
    """
    importer = _Importer(format=format, limits=limits)
    for path in paths:
        importer.path(Path(path))
    with tempfile.TemporaryDirectory(prefix="bollwerk-advisories-") as tmp:
        for index, upload in enumerate(files):
            name = Path(upload.name or "upload").name
            folder = Path(tmp) / str(index)
            folder.mkdir()
            target = folder / name
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            importer.path(target, label=(str(target), name))
    return _offers_recheck(importer.finish())


def _offers_recheck(report: ImportReport) -> ImportReport:
    """Procurement: once stored, re-check offers' KEV / critical-vulnerability claims."""
    if report.stored_anything:
        from assets.procurement.tasks import offers_verify_all_task

        transaction.on_commit(offers_verify_all_task.delay)
    return report


def _folder_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name.lower().endswith(FOLDER_SUFFIXES):
            yield path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def advisories_import_folder(*, folder: Path | str, format: str = "auto") -> ImportReport:
    """Import the files of a watched folder that were not imported before (idempotent).

    A file is remembered by path and SHA-256 in :class:`ImportedFile` with its own report, also
    when it had errors (the same bytes would fail the same way); changed content is imported
    again. A second run over an unchanged folder imports nothing and writes nothing.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ValidationError({"folder": _("%s is not a folder.") % root})
    importer = _Importer(format=format, limits=DEFAULT_LIMITS)
    for path in _folder_files(root):
        sha = _sha256(path)
        if ImportedFile.objects.filter(path=str(path), sha256=sha).exists():
            continue
        before = (importer.writer.counts.imported, importer.writer.counts.updated)
        errors_before = len(importer.report.errors) + len(importer.writer.counts.errors)
        importer.path(path)
        importer.writer.flush()
        counts = importer.writer.counts
        ImportedFile.objects.create(
            path=str(path),
            sha256=sha,
            report={
                "imported": counts.imported - before[0],
                "updated": counts.updated - before[1],
                "errors": len(importer.report.errors) + len(counts.errors) - errors_before,
            },
        )
    return _offers_recheck(importer.finish())
