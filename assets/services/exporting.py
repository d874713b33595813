"""Export of (filtered) asset lists to CSV and XLSX in the import's column format."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from assets.models import Asset, Criticality

from . import columns as cols
from .tabular import write_csv, write_xlsx

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    """The bytes of an export and how to serve them."""

    content: bytes
    content_type: str
    file_name: str
    rows: int


def _cell(asset: Asset, column: cols.Column):
    if column.kind == "ref":
        related = getattr(asset, column.attname)
        return related.name if related else ""
    if column.kind == "services":
        return " | ".join(sorted(service.name for service in asset.services.all()))
    if column.kind == "list":
        return " ".join(getattr(asset, column.attname) or [])
    if column.kind == "bool":
        return "yes" if getattr(asset, column.attname) else "no"
    if column.kind == "date":
        value = getattr(asset, column.attname)
        return value.isoformat() if value else ""
    return getattr(asset, column.attname)


def _rows(assets: QuerySet[Asset]) -> Iterator[list]:
    LABELS = {value: str(label) for value, label in Criticality.choices}
    for asset in assets:
        row = [_cell(asset, column) for column in cols.COLUMNS]
        row.append(LABELS[asset.criticality])
        row.append(asset.criticality_service.name if asset.criticality_service else "")
        yield row


def asset_export(*, assets: QuerySet[Asset], file_format: str) -> ExportFile:
    """The given assets as CSV or XLSX; cells that look like formulas are neutralised.

    ``assets`` should come from ``selectors.asset_export_rows`` (narrowed by
    the list's filters) so related names are loaded in three queries.
    """
    if file_format not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {file_format!r}")
    header = [column.name for column in cols.COLUMNS] + list(cols.EXPORT_ONLY)
    rows = list(_rows(assets))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        content = write_csv(header, rows)
    else:
        content = write_xlsx(header, rows, title="assets")
    return ExportFile(
        content, CONTENT_TYPES[file_format], f"assets-{stamp}.{file_format}", len(rows)
    )
