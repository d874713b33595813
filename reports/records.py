"""Record kinds: archived PDFs about one object that another app asks for (``bollwerk.documents``).

A report covers an organization; a *record* covers one object (a procurement decision). A
record kind is a builder ``builder(ctx: RecordContext) -> Record`` registered under a name,
reading its object through the owning app's selectors and returning structured sections,
exactly as a section provider does; ``reports.services.records`` redacts, renders and
archives it as a :class:`reports.models.Report`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reports.sections import Section


@dataclass(frozen=True)
class RecordContext:
    """What a record builder gets: whose object, which one, in which language."""

    organization: Any
    object_id: int
    language: str


@dataclass
class Record:
    """A record's content: cover title and type label, sections, and what the archive notes.

    ``subject`` names the object in the audit trail; ``manifest`` is added to the archived
    report's manifest; ``report_type`` is the archive's report type the record is filed under.
    """

    title: str
    type_label: str
    sections: list[Section]
    subject: str
    report_type: str
    manifest: dict = field(default_factory=dict)


RecordBuilder = Callable[[RecordContext], Record]

_KINDS: dict[str, RecordBuilder] = {}


def record_kind(kind: str) -> Callable[[RecordBuilder], RecordBuilder]:
    """Decorator: register ``builder`` for the record ``kind`` (the same kind replaces)."""

    def decorate(builder: RecordBuilder) -> RecordBuilder:
        _KINDS[kind] = builder
        return builder

    return decorate


def record_builder(kind: str) -> RecordBuilder:
    """The builder of ``kind``; ``LookupError`` naming the known kinds otherwise."""
    try:
        return _KINDS[kind]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "none"
        raise LookupError(f"unknown record kind {kind!r}; known: {known}") from None
