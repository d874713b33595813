"""Plain-SQL bulk writes for the catalogue's high-volume rows (50,000 advisories in seconds).

Why not ``bulk_create``/``QuerySet.delete``: Django compiles every value of every row through the
model layer (SQLite also caps a statement at 999 parameters, so ~35 entry rows per INSERT), and
the platform's global ``post_delete`` audit receiver disables fast deletes, so deleting entries
would load and signal each row. These tables are instance-wide catalogue data whose writes are
audited as one summary event per import, so per-row signals are not wanted here anyway.
Values are converted once per column with the backend's own adapters; PostgreSQL loads rows
with ``COPY``, SQLite with one prepared ``INSERT`` and ``executemany``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 2000


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """The per-column value adapter, or None where the driver takes the value as it is."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """INSERT ``rows`` (dicts by attribute name); returns the row count.

    Missing attributes take the field default; ``auto_now``/``auto_now_add`` fields take now.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }  # fmt: skip
    convert = [(f.attname, _converter(f)) for f in fields]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 identifiers from model meta
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    plain = [(i, name) for i, (name, c) in enumerate(convert) if c is None]
    adapted = [(i, name, c) for i, (name, c) in enumerate(convert) if c is not None]
    params = []
    for row in rows:
        values = [None] * len(convert)
        for i, name in plain:
            values[i] = row.get(name, defaults[name])
        for i, name, c in adapted:
            values[i] = c(row.get(name, defaults[name]))
        params.append(values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: PostgreSQL's bulk-load path
            columns = ", ".join(quote(f.column) for f in fields)
            table = quote(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
        else:  # SQLite: one prepared statement, many rows
            for start in range(0, len(params), CHUNK):
                cursor.executemany(head + one, params[start : start + CHUNK])
    return len(params)


def delete_where_in(model: type[models.Model], attname: str, values: list[Any]) -> None:
    """DELETE rows whose ``attname`` is one of ``values`` (in chunks), without signals."""
    quote = connection.ops.quote_name
    column = model._meta.get_field(attname.removesuffix("_id")).column
    with connection.cursor() as cursor:
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            cursor.execute(
                "DELETE FROM {} WHERE {} IN ({})".format(  # noqa: S608 identifiers from model meta
                    quote(model._meta.db_table), quote(column), ", ".join(["%s"] * len(chunk))
                ),
                chunk,
            )


def delete_all(model: type[models.Model]) -> None:
    """DELETE every row of ``model``'s table, without signals."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def update_rows(model: type[models.Model], attnames: list[str], rows: list[tuple]) -> None:
    """UPDATE ``attnames`` of rows given as ``(pk, value, value, …)`` with ``executemany``."""
    fields = [model._meta.get_field(name) for name in attnames]
    convert = [_converter(f) for f in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 identifiers from model meta
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    params = [
        (*(v if c is None else c(v) for c, v in zip(convert, values, strict=True)), pk)
        for pk, *values in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])
