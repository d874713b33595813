"""Reading advisory files: single JSON files, folders, and .zip archives (as osv.dev publishes).

Archives are read member by member in memory — never extracted to disk — with limits on the
member count, each member's size and the total size, and a compression-ratio guard, so a hostile
or broken archive is refused with a clear error instead of filling memory.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assets.vuln.errors import AdvisoryError


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds for reading archives and files."""

    max_members: int = 1_000_000
    max_member_bytes: int = 32 * 1024 * 1024
    max_total_bytes: int = 8 * 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, per member


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One JSON document's bytes and the name to report (``archive.zip!member.json``)."""

    name: str
    data: bytes

    def json(self) -> Any:
        """Decode as JSON; :class:`AdvisoryError` with the line and column on bad input."""
        try:
            return json.loads(self.data)
        except UnicodeDecodeError as exc:
            raise AdvisoryError(f"not UTF-8 text: {exc}", file=self.name, rule="json") from exc
        except json.JSONDecodeError as exc:
            raise AdvisoryError(
                f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                file=self.name,
                rule="json",
            ) from exc


def iter_documents(
    path: Path | str, *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[SourceDocument]:
    """Yield every ``*.json`` document under ``path`` (a file, folder or .zip), sorted by name.

    Raises :class:`AdvisoryError` for a path that does not exist, a broken archive, or a limit
    exceeded (naming the archive and member).
    """
    path = Path(path)
    if path.is_dir():
        for child in sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in {".json", ".zip"}
        ):
            yield from iter_documents(child, limits=limits)
        return
    if not path.is_file():
        raise AdvisoryError("no such file or folder", file=str(path), rule="input")
    if path.suffix.lower() == ".zip":
        yield from _iter_zip(path, limits)
        return
    size = path.stat().st_size
    if size > limits.max_member_bytes:
        raise AdvisoryError(
            f"file of {size} bytes exceeds the limit of {limits.max_member_bytes}",
            file=str(path),
            rule="input",
        )
    yield SourceDocument(str(path), path.read_bytes())


def _iter_zip(path: Path, limits: Limits) -> Iterator[SourceDocument]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise AdvisoryError(
            f"not a readable zip archive: {exc}", file=str(path), rule="zip"
        ) from exc
    with archive:
        members = [
            i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".json")
        ]
        if len(members) > limits.max_members:
            raise AdvisoryError(
                f"{len(members)} members exceed the limit of {limits.max_members}",
                file=str(path),
                rule="zip",
            )
        total = 0
        for info in sorted(members, key=lambda i: i.filename):
            name = f"{path}!{info.filename}"
            if info.file_size > limits.max_member_bytes:
                raise AdvisoryError(
                    f"member of {info.file_size} bytes exceeds the limit", file=name, rule="zip"
                )
            if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
                raise AdvisoryError("compression ratio suggests a zip bomb", file=name, rule="zip")
            try:
                with archive.open(info) as stream:
                    data = stream.read(limits.max_member_bytes + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                raise AdvisoryError(f"unreadable member: {exc}", file=name, rule="zip") from exc
            if len(data) > limits.max_member_bytes:
                raise AdvisoryError("member larger than its header says", file=name, rule="zip")
            total += len(data)
            if total > limits.max_total_bytes:
                raise AdvisoryError(
                    f"archive content exceeds {limits.max_total_bytes} bytes", file=name, rule="zip"
                )
            yield SourceDocument(name, data)
