"""Build a report's content: gather sections, redact them, lay them out as HTML.

The data path is fixed: providers → Redactor → HTML. Templates only ever see
redacted sections, so nothing a template does can leak a sensitive value.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from compliance import svg as compliance_svg
from reports import sections as registry
from reports.charts import bar_chart
from reports.models import Report
from reports.redaction import Redactor
from reports.sections import (
    Chart,
    Facts,
    Figure,
    NoData,
    Paragraph,
    Section,
    SectionContext,
    Table,
    Tagged,
)
from reports.selectors import sensitive_vocabulary

# The PDF's fixed chrome in both languages, independent of compiled message catalogues:
# the classification marking is a legal statement and must read exactly so.
PDF_TERMS = {
    "de": {
        "internal": "VERTRAULICH",
        "auditor": "VERTRAULICH – Prüferexemplar, Topologie pseudonymisiert",
        "authority": "VERTRAULICH – für die Behörde, Topologie pseudonymisiert",
        "public": "ÖFFENTLICH",
        "page": "Seite",
        "of": "von",
        "contents": "Inhalt",
        "report": "Bericht",
    },
    "en": {
        "internal": "CONFIDENTIAL",
        "auditor": "CONFIDENTIAL – auditor copy, topology pseudonymised",
        "authority": "CONFIDENTIAL – for the authority, topology pseudonymised",
        "public": "PUBLIC",
        "page": "Page",
        "of": "of",
        "contents": "Contents",
        "report": "Report",
    },
}


def pdf_terms(language: str) -> dict:
    """The fixed words of the PDF (marking, running footer, contents) in ``language``."""
    return PDF_TERMS.get(language, PDF_TERMS["en"])


def marking(audience: str, language: str = "en") -> str:
    """The classification marking printed on the cover and in every running header."""
    return pdf_terms(language)[audience]


def report_cover(
    report: Report, *, as_of, generated_at, title: str | None = None, type_label: str | None = None
) -> dict:
    """The cover facts of ``report`` in its language (title: type and organization by default)."""
    with translation.override(report.language):
        type_label = type_label or str(Report.Type(report.report_type).label)
        return {
            "title": title or f"{type_label} – {report.organization.name}",
            "type_label": type_label,
            "report_type": report.report_type,
            "audience": report.audience,
            "audience_label": str(Report.Audience(report.audience).label),
            "marking": marking(report.audience, report.language),
            "terms": pdf_terms(report.language),
            "org_name": report.organization.name,
            "generated_at": generated_at,
            "data_as_of": as_of,
            "generated_by": report.requested_by_label or "Bollwerk",
            "report_id": str(report.public_id),
        }


@dataclass
class Timings:
    """Seconds spent per stage (the benchmark prints them)."""

    data: float = 0.0
    redaction: float = 0.0
    html: float = 0.0
    extra: dict = field(default_factory=dict)


@dataclass
class ReportContent:
    """What the renderer needs: the redacted sections and the cover facts."""

    sections: list[Section]
    redactor: Redactor
    cover: dict
    timings: Timings


def report_content_build(
    *,
    organization,
    report_type: str,
    audience: str,
    language: str,
    as_of: dt.datetime,
    cover: dict,
) -> ReportContent:
    """Gather the type's sections from the provider registry and redact them for ``audience``."""
    timings = Timings()
    start = time.perf_counter()
    ctx = SectionContext(organization, report_type, audience, language, as_of)
    gathered = []
    with translation.override(language):
        for key, provider in registry.providers_for(report_type):
            section = provider(ctx)
            section.key = key
            gathered.append(section)
    timings.data = time.perf_counter() - start
    start = time.perf_counter()
    redactor = Redactor(
        secret=organization.pseudonym_secret,
        audience=audience,
        vocabulary=sensitive_vocabulary(organization=organization)
        if audience != "internal"
        else (),
    )
    with translation.override(language):
        redacted = redactor.sections(gathered)
    timings.redaction = time.perf_counter() - start
    return ReportContent(redacted, redactor, cover, timings)


def _cell_html(value, separator: str = "<br>") -> str:
    """A cell's text, escaped; list items (e.g. several addresses) joined by ``separator``."""
    if value is None:
        return ""
    if isinstance(value, Tagged):  # internal reports are not redacted, so tags remain
        return _cell_html(value.value)
    if isinstance(value, list | tuple):
        parts = (_cell_html(item) for item in value if item not in (None, ""))
        return separator.join(p for p in parts if p)
    return escape(value)


def _table_html(table: Table) -> str:
    """A table body as one string: 10,000 rows through template loops would dominate."""
    head = "".join(
        f'<th style="width: {escape(c.width)}">{escape(c.label)}</th>'
        if c.width
        else f"<th>{escape(c.label)}</th>"
        for c in table.columns
    )
    keys = [c.key for c in table.columns]
    sep = ", " if table.compact else "<br>"
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell_html(row.values.get(k), sep)}</td>" for k in keys) + "</tr>"
        for row in table.rows
    )
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    css = "data compact" if table.compact else "data"
    return (
        f'<table class="{css}">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def _block_view(block) -> dict:
    if isinstance(block, Table):
        return {"kind": "table", "html": mark_safe(_table_html(block)), "rows": len(block.rows)}  # noqa: S308 - escaped
    if isinstance(block, Chart):
        return {"kind": "chart", "svg": bar_chart(title=block.title, bars=block.bars)}
    if isinstance(block, Figure):
        draw = getattr(compliance_svg, block.kind)
        return {"kind": "chart", "svg": draw(title=block.title, **block.data)}
    if isinstance(block, Facts):
        return {"kind": "facts", "items": block.items}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text}
    if isinstance(block, NoData):
        return {"kind": "nodata", "text": block.message}
    raise TypeError(type(block).__name__)


def report_html_build(*, content: ReportContent, language: str) -> str:
    """The report's HTML (cover, contents, sections) in ``language``."""
    start = time.perf_counter()
    with translation.override(language):
        views = [
            {
                "key": s.key,
                "title": s.title,
                "intro": s.intro,
                "wide": any(isinstance(b, Table) and len(b.columns) > 6 for b in s.blocks),
                "blocks": [_block_view(b) for b in s.blocks],
            }
            for s in content.sections
        ]
        html = render_to_string(
            "reports/pdf/report.html",
            {**content.cover, "sections": views, "language": language},
        )
    content.timings.html = time.perf_counter() - start
    return html
