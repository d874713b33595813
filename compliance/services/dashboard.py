"""What the dashboard panels show, and two hooks other apps fill later.

Hooks (register from an AppConfig.ready)::

    from compliance.services import dashboard
    dashboard.register_findings_provider(fn)   # fn(org) -> {"critical": 3, "high": 1, ...}
    dashboard.register_deadline_provider(fn)   # fn(org, *, today) -> [Deadline, ...]

Until the checks feature registers a findings provider, the panel says that
there is no findings source yet; the incident clocks will come in as a
deadline provider next to the registration deadlines of the classification.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from bollwerk.models import Organization

SEVERITIES = ("critical", "high", "medium", "low")

_FINDINGS: list[Callable[[Organization], dict[str, int]]] = []
_DEADLINES: list[Callable[..., list]] = []


@dataclass(frozen=True)
class Deadline:
    """One upcoming deadline on the dashboard (``due`` None: a rule without a date yet)."""

    label: str
    due: dt.date | None
    rule: str = ""
    url: str = ""


def register_findings_provider(provider: Callable[[Organization], dict[str, int]]) -> None:
    """Add a source of open findings counted by severity."""
    if provider not in _FINDINGS:
        _FINDINGS.append(provider)


def register_deadline_provider(provider: Callable[..., list]) -> None:
    """Add a source of upcoming deadlines (``provider(org, today=...) -> [Deadline]``)."""
    if provider not in _DEADLINES:
        _DEADLINES.append(provider)


def findings_by_severity(*, org: Organization) -> dict[str, int] | None:
    """Open findings per severity summed over the providers; None when there is no source."""
    if not _FINDINGS:
        return None
    totals = dict.fromkeys(SEVERITIES, 0)
    for provider in _FINDINGS:
        for severity, count in provider(org).items():
            totals[severity] = totals.get(severity, 0) + int(count)
    return totals


def classification_deadlines(org: Organization, *, today: dt.date, language: str = "en") -> list:
    """The registration deadlines of the organization's current classification."""
    from compliance.selectors import classification_current

    record = classification_current(org=org)
    if record is None:
        return []
    lang = "de" if language.startswith("de") else "en"
    return [
        Deadline(
            label=d[f"text_{lang}"],
            due=dt.date.fromisoformat(d["due"]) if d.get("due") else None,
            rule=d["rule"],
        )
        for d in record.result.get("deadlines", [])
    ]


def upcoming_deadlines(
    *, org: Organization, today: dt.date | None = None, language: str = "en", limit: int = 6
) -> list[Deadline]:
    """Classification deadlines plus every registered provider's, dated ones first by date."""
    today = today or timezone.localdate()
    items = list(classification_deadlines(org, today=today, language=language))
    for provider in _DEADLINES:
        items.extend(provider(org, today=today))
    items.sort(key=lambda d: (d.due is None, d.due or dt.date.max))
    return items[:limit]
