"""Reading uploads safely: a size limit before any parsing, and zip archives only on request.

A zip is unpacked only with ``allow_zip=True`` and then under limits on the
total uncompressed size, the number of files and the compression ratio of
each member; absolute names and ``..`` parts are refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO

from assets.sbom.errors import SbomError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Limits for unpacking an archive (defaults suit SBOM bundles)."""

    max_total_bytes: int = DEFAULT_MAX_BYTES
    max_files: int = 100
    max_ratio: float = 100.0


@dataclass(frozen=True, slots=True)
class UploadedMember:
    """One document to parse: its display name and its bytes."""

    name: str
    data: bytes


def read_limited(stream: BinaryIO, *, file_name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read at most ``max_bytes`` from ``stream``; refuse (without reading on) if there is more."""
    data = stream.read(max_bytes + 1)
    check_size(data, file_name=file_name, max_bytes=max_bytes)
    return data


def check_size(data: bytes, *, file_name: str, max_bytes: int) -> None:
    """Refuse ``data`` larger than ``max_bytes``."""
    if len(data) > max_bytes:
        raise too_large(file_name, max_bytes)


def too_large(file_name: str, max_bytes: int) -> SbomError:
    """The error for input over the size limit."""
    return SbomError(
        file_name, f"file is larger than the limit of {max_bytes:,} bytes; refused unparsed"
    )


def is_zip(data: bytes) -> bool:
    """Whether ``data`` starts like a zip archive."""
    return data[:4] == ZIP_MAGIC


def unpack_upload(
    data: bytes,
    *,
    file_name: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_zip: bool = False,
    zip_limits: ZipLimits | None = None,
) -> list[UploadedMember]:
    """The documents in an upload: itself, or (with ``allow_zip``) the files of a zip archive.

    Raises :class:`SbomError` for input over ``max_bytes``, for a zip when
    ``allow_zip`` is false, and for an archive that breaks ``zip_limits``.
    """
    check_size(data, file_name=file_name, max_bytes=max_bytes)
    if not is_zip(data):
        return [UploadedMember(file_name, data)]
    if not allow_zip:
        raise SbomError(file_name, "zip archives are not accepted here (allow_zip is off)")
    return _unzip(data, file_name=file_name, limits=zip_limits or ZipLimits())


def _unzip(data: bytes, *, file_name: str, limits: ZipLimits) -> list[UploadedMember]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SbomError(file_name, f"not a readable zip archive: {exc}") from exc
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        _check_archive(infos, file_name=file_name, limits=limits)
        members: list[UploadedMember] = []
        total = 0
        for info in infos:
            content = _read_member(
                archive, info, file_name=file_name, budget=limits.max_total_bytes - total
            )
            total += len(content)
            members.append(UploadedMember(f"{file_name}:{info.filename}", content))
    if not members:
        raise SbomError(file_name, "the zip archive holds no files")
    return members


def _check_archive(infos: list[zipfile.ZipInfo], *, file_name: str, limits: ZipLimits) -> None:
    if len(infos) > limits.max_files:
        raise SbomError(
            file_name,
            f"the zip archive holds {len(infos)} files; at most {limits.max_files} are allowed",
        )
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_total_bytes:
        raise SbomError(
            file_name,
            f"the zip archive unpacks to {declared:,} bytes; at most {limits.max_total_bytes:,} are allowed",
        )
    for info in infos:
        where = info.filename
        if _unsafe_name(info.filename):
            raise SbomError(file_name, "unsafe path in zip archive (absolute or with '..')", where)
        if info.flag_bits & 0x1:
            raise SbomError(file_name, "encrypted zip members are not accepted", where)
        if info.compress_size:
            ratio = info.file_size / info.compress_size
        else:
            ratio = float("inf") if info.file_size else 0.0
        if ratio > limits.max_ratio:
            raise SbomError(
                file_name,
                f"compression ratio {ratio:.0f}:1 exceeds the limit of {limits.max_ratio:.0f}:1",
                where,
            )


def _unsafe_name(name: str) -> bool:
    if "\x00" in name:
        return True
    for path in (PurePosixPath(name), PureWindowsPath(name)):
        if path.is_absolute() or path.drive or ".." in path.parts:
            return True
    return name.startswith(("/", "\\"))


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, file_name: str, budget: int
) -> bytes:
    """Read one member, trusting no header: stop as soon as it outgrows its declared size or the budget."""
    limit = min(info.file_size, budget)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SbomError(
                        file_name,
                        "zip member is larger than declared or than the size budget",
                        info.filename,
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
        raise SbomError(file_name, f"cannot read zip member: {exc}", info.filename) from exc
    return b"".join(chunks)
