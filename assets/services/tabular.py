"""Read and write tables (CSV, XLSX) for imports and exports.

Reading yields ``(line_number, cells)`` so every error can name its line;
writing neutralises spreadsheet formulas (CSV/formula injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


class TableError(ValueError):
    """The file as a whole cannot be read (format, encoding, empty)."""


def detect_format(file_name: str, data: bytes) -> str:
    """``xlsx`` or ``csv``: by content first, then by file name."""
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return "xlsx"
    return "csv"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(file_name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV (comma, semicolon or tab separated) or of an XLSX file's first sheet."""
    if detect_format(file_name, data) == "xlsx":
        yield from _read_xlsx(data)
        return
    text = _decode(data)
    if "\x00" in text:
        raise TableError(_("The file is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, [cell.strip() for cell in cells]
    except csv.Error as exc:
        raise TableError(
            _("Line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from None


def _read_xlsx(data: bytes) -> Iterator[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(
            _("The file is not a readable XLSX workbook (%(error)s).") % {"error": exc}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def neutralise(value) -> str:
    """A cell value that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(header: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 CSV with BOM (so spreadsheet programs detect the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: list[str], rows: Iterable[list], *, title: str) -> bytes:
    """An XLSX workbook with one sheet; every cell is written as text."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
