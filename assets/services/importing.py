"""Bulk import of assets from CSV or XLSX: all rows or none.

:func:`asset_import` is the one import path: the web upload (preview, then
confirm), the REST API and ``manage.py import_assets`` call it. Every row is
checked first; a single bad row refuses the whole file and the result lists
every bad row with its line number, column and reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assets.models import Asset, EssentialService, ServiceDependency, Site, Supplier, Zone
from bollwerk.models import Organization
from bollwerk.services.audit import audit_record

from . import columns as cols
from .criticality import criticality_recompute
from .tabular import TableError, read_rows

_CHOICE_FIELDS = {
    "kind": Asset.Kind.choices,
    "asset_class": Asset.AssetClass.choices,
    "lifecycle": Asset.Lifecycle.choices,
    "remote_access": Asset.RemoteAccess.choices,
    "confidentiality": Asset.confidentiality.field.choices,
    "integrity": Asset.integrity.field.choices,
    "availability": Asset.availability.field.choices,
}
_REF_MODELS = {"site": Site, "zone": Zone, "supplier": Supplier}
#: Fields no column sets: their defaults need no per-row validation.
_NOT_IMPORTED = [
    f.name
    for f in Asset._meta.concrete_fields
    if f.name not in {c.attname for c in cols.COLUMNS if c.kind not in ("ref", "services")}
]


@dataclass
class RowError:
    """One problem: the line of the file (1 = header), the column and the reason."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else _("file")
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class ImportResult:
    """What an import did (or, on a dry run or refusal, would have done)."""

    file_name: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "errors": [asdict(error) for error in self.errors],
        }


class _Lookups:
    """Name → object maps of the organization, read once per import."""

    def __init__(self, org: Organization):
        self.refs = {
            name: {obj.name.casefold(): obj for obj in model.objects.for_org(org)}
            for name, model in _REF_MODELS.items()
        }
        self.services = {s.name.casefold(): s for s in EssentialService.objects.for_org(org)}
        self.tags = set(
            Asset.objects.for_org(org).exclude(asset_tag="").values_list("asset_tag", flat=True)
        )
        self.choices = {name: cols.choice_map(choices) for name, choices in _CHOICE_FIELDS.items()}


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("%(value)s is not a date (use YYYY-MM-DD).") % {"value": text})


def _convert(column: cols.Column, text: str, lookups: _Lookups, services: list):
    """The Asset attribute value of one cell; raises ValueError with the reason."""
    if column.kind == "choice":
        if not text:
            return None
        try:
            return lookups.choices[column.name][text.strip().lower()]
        except KeyError:
            allowed = ", ".join(dict(_CHOICE_FIELDS[column.name]))
            raise ValueError(
                _("unknown value %(value)r (allowed: %(allowed)s)")
                % {"value": text, "allowed": allowed}
            ) from None
    if column.kind == "bool":
        lowered = text.strip().lower()
        if lowered in cols.TRUE_WORDS:
            return True
        if lowered in cols.FALSE_WORDS:
            return False
        raise ValueError(_("%(value)r is not yes or no.") % {"value": text})
    if column.kind == "date":
        return _parse_date(text) if text else None
    if column.kind == "ref":
        if not text:
            return None
        found = lookups.refs[column.name].get(text.casefold())
        if found is None:
            raise ValueError(_("unknown %(what)s %(value)r") % {"what": column.name, "value": text})
        return found
    if column.kind == "services":
        for name in (part.strip() for part in text.replace(";", "|").split("|")):
            if not name:
                continue
            service = lookups.services.get(name.casefold())
            if service is None:
                raise ValueError(_("unknown essential service %(value)r") % {"value": name})
            services.append(service)
        return None
    return text  # text and list columns; lists are normalised by Asset.clean()


def _build(org, line: int, cells: dict[str, str], lookups: _Lookups, seen_tags: dict):
    """An unsaved Asset and its services from one row, or the row's errors."""
    asset = Asset(organization=org)
    services: list[EssentialService] = []
    errors: list[RowError] = []
    for name, text in cells.items():
        column = cols.BY_NAME[name]
        try:
            value = _convert(column, text, lookups, services)
        except ValueError as exc:
            errors.append(RowError(line, name, str(exc)))
            continue
        if value is not None and column.kind != "services":
            setattr(asset, column.attname, value)
    tag = asset.asset_tag
    if tag and (tag in lookups.tags or tag in seen_tags):
        where = (
            _("exists already in the inventory")
            if tag in lookups.tags
            else _("also on line %(line)s") % {"line": seen_tags[tag]}
        )
        errors.append(
            RowError(
                line,
                "asset_tag",
                _("duplicate asset tag %(tag)r: %(where)s") % {"tag": tag, "where": where},
            )
        )
    elif tag:
        seen_tags[tag] = line
    failed = {error.column for error in errors}
    try:
        asset.clean_fields(exclude=[*_NOT_IMPORTED, *failed])
        asset.clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.extend(RowError(line, name, message) for message in messages)
    return asset, services, errors


def _header(cells: list[str], errors: list[RowError]) -> list[str | None]:
    keys: list[str | None] = []
    for position, raw in enumerate(cells, start=1):
        key = cols.header_key(raw)
        if not key or key in cols.EXPORT_ONLY:
            keys.append(None)
        elif key not in cols.BY_NAME:
            errors.append(RowError(1, raw, _("unknown column (column %(n)s)") % {"n": position}))
            keys.append(None)
        elif key in keys:
            errors.append(RowError(1, raw, _("column appears twice")))
            keys.append(None)
        else:
            keys.append(key)
    for column in cols.COLUMNS:
        if column.required and column.name not in keys:
            errors.append(RowError(1, column.name, _("required column is missing")))
    return keys


def asset_import(
    *, org: Organization, file_name: str, data: bytes, dry_run: bool = False
) -> ImportResult:
    """Check every row of a CSV/XLSX file and, unless ``dry_run`` or any row is bad, store all.

    Creates assets and their direct service dependencies with ``bulk_create``
    in one transaction, recomputes derived criticality, and records one
    summary event in the audit trail (bulk writes bypass the audit signals).
    Referenced sites, zones, suppliers and services must exist (by name).
    """
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    if len(data) > settings.BOLLWERK_UPLOAD_MAX_BYTES:
        limit = settings.BOLLWERK_UPLOAD_MAX_BYTES // (1024 * 1024)
        result.errors.append(
            RowError(0, "", _("The file is larger than %(mb)s MB.") % {"mb": limit})
        )
        return result
    lookups = _Lookups(org)
    built: list[tuple[Asset, list[EssentialService]]] = []
    seen_tags: dict[str, int] = {}
    keys: list[str | None] | None = None
    try:
        for line, cells in read_rows(file_name, data):
            if not any(cells):
                continue
            if keys is None:
                keys = _header(cells, result.errors)
                if result.errors:
                    return result
                continue
            if len(cells) > len(keys) and any(cells[len(keys) :]):
                result.errors.append(RowError(line, "", _("more cells than header columns")))
            row = {key: value for key, value in zip(keys, cells, strict=False) if key}
            result.rows += 1
            asset, services, errors = _build(org, line, row, lookups, seen_tags)
            result.errors.extend(errors)
            if not errors:
                built.append((asset, services))
    except TableError as exc:
        result.errors.append(RowError(0, "", str(exc)))
    if keys is None and not result.errors:
        result.errors.append(RowError(0, "", _("The file is empty.")))
    if result.errors or dry_run:
        return result
    result.created = _store(org=org, built=built, file_name=file_name)
    return result


@transaction.atomic
def _store(*, org: Organization, built: list, file_name: str) -> int:
    assets = Asset.objects.bulk_create([asset for asset, _ in built], batch_size=1000)
    dependencies = [
        ServiceDependency(organization=org, service=service, asset=asset)
        for asset, (_, services) in zip(assets, built, strict=True)
        for service in services
    ]
    ServiceDependency.objects.bulk_create(dependencies, batch_size=1000)
    criticality_recompute(org=org)
    audit_record(
        action="import",
        organization=org,
        object_type="assets.asset",
        object_repr=f"Asset import ({file_name}): {len(assets)}",
        changes={
            "file": file_name,
            "assets": len(assets),
            "service_dependencies": len(dependencies),
            "first_id": assets[0].pk if assets else None,
            "last_id": assets[-1].pk if assets else None,
        },
    )
    return len(assets)
