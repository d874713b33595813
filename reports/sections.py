"""Report content as structured data, and the registry of section providers.

A report type is an ordered list of *section providers*. A provider is a
callable ``provider(ctx: SectionContext) -> Section`` that reads other apps
through their selectors and returns **structured data**, never HTML: blocks
of facts, tables, charts and paragraphs whose values are tagged with the
model label and field they come from. The Redactor (``reports.redaction``)
reads those tags and the platform's sensitivity registry, so it can replace
sensitive values before any template sees them.

Plugging in a real provider (what the lead does when an app lands)::

    # e.g. in reports/providers/<app>.py, reading the app through its selectors
    from reports.sections import Column, Section, SourceRef, Table, register

    @register("inventory", key="assets", order=20)
    def asset_table(ctx):
        rows = [Row({"name": a.name, "ip": a.ip_address}, ot=a.is_ot)
                for a in asset_selectors.asset_list(org=ctx.organization)]
        return Section(title=_("Assets"), blocks=[
            Table(columns=[Column("name", _("Name")),
                           Column("ip", _("IP address"), source=SourceRef("assets.asset", "ip_address"))],
                  rows=rows),
        ])

Registering the same ``key`` for a report type replaces the earlier provider
(so a real provider replaces the "no data yet" placeholder of the same key).
``audit_pack`` collects every other type's sections, then its own.

Every string that is not tagged as a sensitive field (names, descriptions,
notes, timelines, titles, chart labels) is treated as free text and scanned
for the organization's sensitive values and for address-like patterns.

Public reports drop every row-level block (tables are row-level by default;
facts, charts and paragraphs are aggregates unless marked ``row_level``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

REPORT_TYPES = ("compliance", "risk", "inventory", "supply_chain", "incident", "audit_pack")


@dataclass(frozen=True)
class SourceRef:
    """Where a value comes from: a model label (``assets.asset``) and a field name."""

    model_label: str
    field: str


@dataclass(frozen=True)
class Tagged:
    """One value inside a cell that combines several fields (e.g. IPs, MACs and host names).

    A cell value may be a list; each item is either plain (free text, scanned)
    or ``Tagged`` with its own source, redacted like a cell of that column.
    """

    value: Any
    source: SourceRef


@dataclass
class Fact:
    """One labelled value (``label: value``); tagged by ``source`` when it comes from a field."""

    label: str
    value: Any
    source: SourceRef | None = None


@dataclass
class Facts:
    items: list[Fact]
    row_level: bool = False


@dataclass
class Column:
    """A table column; ``source`` tags its values with the model field they come from."""

    key: str
    label: str
    source: SourceRef | None = None
    #: The values name public internet hosts (a vendor's PSIRT URL or e-mail): the
    #: organization's known sensitive values and address patterns are still
    #: replaced, other host names are kept.
    public_hosts: bool = False
    #: Share of the table width (e.g. "18%"); used by compact tables.
    width: str = ""


@dataclass
class Row:
    """One table row; ``ot`` marks rows about OT assets (condition ``ot_only``)."""

    values: dict[str, Any]
    ot: bool = False


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    caption: str = ""
    row_level: bool = True
    #: Thousands of rows: fixed column widths, small type, list items on one line,
    #: rows may break across pages (WeasyPrint lays this out several times faster).
    compact: bool = False


@dataclass
class Chart:
    """A horizontal bar chart of aggregate counts, drawn as inline SVG."""

    title: str
    bars: list[tuple[str, float]]
    row_level: bool = False


@dataclass
class Figure:
    """A chart drawn by ``compliance.svg``: ``kind`` is ``heat_map``, ``score_bars`` or ``trend_line``.

    ``data`` holds the keyword arguments of that function except ``title``;
    every string in it (labels) is free text and scanned by the Redactor.
    """

    kind: str
    title: str
    data: dict
    row_level: bool = False


@dataclass
class Paragraph:
    """Free text (descriptions, notes, timelines): always scanned for topology."""

    text: str
    row_level: bool = False


@dataclass
class NoData:
    """The source of this section has no data yet (or its app is not installed)."""

    message: str
    row_level: bool = False


Block = Facts | Table | Chart | Figure | Paragraph | NoData


@dataclass
class Section:
    """A titled part of a report; ``key`` is filled in from the registration."""

    title: str
    blocks: list[Block]
    key: str = ""
    intro: str = ""

    @property
    def row_level(self) -> bool:
        return any(block.row_level for block in self.blocks)


@dataclass(frozen=True)
class EvidenceFile:
    """A file for the audit pack; text files are redacted, binary ones only go to internal."""

    name: str
    content: bytes
    media_type: str = "application/octet-stream"

    @property
    def is_text(self) -> bool:
        return self.media_type.startswith("text/") or self.media_type in {
            "application/json",
            "application/xml",
        }


@dataclass(frozen=True)
class SectionContext:
    """What a provider gets: whose report, for which audience, in which language, as of when."""

    organization: Any
    report_type: str
    audience: str
    language: str
    as_of: dt.datetime


Provider = Callable[[SectionContext], Section]
EvidenceProvider = Callable[[SectionContext], list[EvidenceFile]]


@dataclass(order=True)
class _Entry:
    order: int
    key: str
    provider: Provider = field(compare=False)


_SECTIONS: dict[str, dict[str, _Entry]] = {t: {} for t in REPORT_TYPES}
_EVIDENCE: dict[str, EvidenceProvider] = {}


def register(
    report_types: str | tuple[str, ...], *, key: str, order: int = 100
) -> Callable[[Provider], Provider]:
    """Decorator: add ``provider`` to the report type(s) at ``order``; same key replaces."""
    types = (report_types,) if isinstance(report_types, str) else report_types
    for report_type in types:
        if report_type not in _SECTIONS:
            raise KeyError(f"unknown report type {report_type!r}; known: {', '.join(REPORT_TYPES)}")

    def decorate(provider: Provider) -> Provider:
        for report_type in types:
            _SECTIONS[report_type][key] = _Entry(order, key, provider)
        return provider

    return decorate


def unregister(report_type: str, key: str) -> None:
    _SECTIONS[report_type].pop(key, None)


def register_evidence(key: str, provider: EvidenceProvider) -> None:
    """Add a source of evidence files for the audit pack (e.g. compliance's evidence store)."""
    _EVIDENCE[key] = provider


def providers_for(report_type: str) -> list[tuple[str, Provider]]:
    """The ordered (key, provider) pairs of one report type; audit_pack includes all types."""
    if report_type not in _SECTIONS:
        raise KeyError(report_type)
    if report_type != "audit_pack":
        return [(e.key, e.provider) for e in sorted(_SECTIONS[report_type].values())]
    seen: dict[str, Provider] = {}
    for rtype in REPORT_TYPES:
        for entry in sorted(_SECTIONS[rtype].values()):
            seen.setdefault(entry.key, entry.provider)
    return list(seen.items())


def evidence_providers() -> list[EvidenceProvider]:
    return list(_EVIDENCE.values())


@contextlib.contextmanager
def temporarily(
    report_types: str | tuple[str, ...],
    provider: Provider,
    *,
    key: str,
    order: int = 100,
    evidence: EvidenceProvider | None = None,
) -> Iterator[Provider]:
    """Register a provider (and an evidence source) for the duration of a block (tests, bench)."""
    types = (report_types,) if isinstance(report_types, str) else report_types
    saved = {t: _SECTIONS[t].get(key) for t in types}
    saved_evidence = _EVIDENCE.get(key)
    register(types, key=key, order=order)(provider)
    if evidence is not None:
        _EVIDENCE[key] = evidence
    try:
        yield provider
    finally:
        for t, entry in saved.items():
            if entry is None:
                _SECTIONS[t].pop(key, None)
            else:
                _SECTIONS[t][key] = entry
        if saved_evidence is None:
            _EVIDENCE.pop(key, None)
        else:
            _EVIDENCE[key] = saved_evidence
