"""Small conversions shared by the parsers."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def as_str(value: Any) -> str:
    """A string for a scalar (numbers as written), ``""`` for ``None`` and containers."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def as_int(value: Any) -> int | None:
    """An integer for an int (not bool) or an all-digits string, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value)
    return None


def parse_timestamp(value: str) -> datetime | None:
    """An ISO 8601 / RFC 3339 timestamp (``Z`` allowed), or ``None`` if it is not one."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None
