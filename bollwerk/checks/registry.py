"""The registry of checks and of evidence sinks (no database access here).

Apps declare checks in ``<app>/checks.py``; the platform imports those modules
once at start (:func:`autodiscover`, called from ``BollwerkConfig.ready``), so
``bollwerk`` never imports an app. Compliance registers an evidence sink with
:func:`evidence_sink_register` to learn about successful runs of checks that
declare control ids.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


class UnknownCheck(LookupError):
    """No check of that name is registered."""


@dataclass(frozen=True)
class Interval:
    """Run every ``seconds`` seconds."""

    seconds: int

    def __str__(self) -> str:
        return f"every {self.seconds} s"


@dataclass(frozen=True)
class Crontab:
    """Run at a crontab time: ``Crontab("30 5 * * *")`` is daily at 05:30 (Europe/Berlin)."""

    expression: str

    @property
    def parts(self) -> dict[str, str]:
        minute, hour, day_of_month, month_of_year, day_of_week = self.expression.split()
        return {
            "minute": minute,
            "hour": hour,
            "day_of_month": day_of_month,
            "month_of_year": month_of_year,
            "day_of_week": day_of_week,
        }

    def __post_init__(self) -> None:
        if len(self.expression.split()) != 5:
            raise ValueError(f"crontab {self.expression!r} needs five fields")

    def __str__(self) -> str:
        return self.expression


Schedule = Interval | Crontab


@dataclass(frozen=True)
class ObjectRef:
    """An object a finding concerns: ``type`` is a model label or a free kind."""

    type: str
    id: str
    label: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"type": self.type, "id": str(self.id), "label": self.label}


@dataclass(frozen=True)
class Candidate:
    """A finding as a check reports it (the shape of ``assets.scans.FindingCandidate``).

    Checks may return either this or any object with the attributes ``kind``,
    ``severity``, ``title``, ``description``, ``fingerprint`` and optionally
    ``objects``, ``asset_id``, ``details``, ``address``, ``zone_id``,
    ``protocol`` and ``port`` (the scan engine's candidates fit as they are).
    """

    kind: str
    severity: str
    title: str
    description: str
    fingerprint: str
    objects: tuple[ObjectRef, ...] = ()
    asset_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass
class CheckOutcome:
    """What a check's ``run`` returns.

    ``resolve_missing``: findings of this check that were not reported again are
    resolved (set it False for a check that looked at part of the picture only);
    ``resolve_kinds`` narrows that to some kinds.
    """

    findings: Iterable[Any] = ()
    counts: dict[str, Any] = field(default_factory=dict)
    evidence_summary: str = ""
    resolve_missing: bool = True
    resolve_kinds: frozenset[str] | None = None


@dataclass(frozen=True)
class Check:
    """One registered check.

    ``run(org, run)`` receives the Organization and the CheckRun row (its
    ``params`` carry an event's payload) and returns a :class:`CheckOutcome`.
    ``controls`` are catalogue control ids (``"NIS2-21-2-i.3"``) the check
    evidences. Time limits default to BOLLWERK_CHECK_SOFT_TIME_LIMIT /
    BOLLWERK_CHECK_TIME_LIMIT. ``hidden`` checks get no schedule and are not
    listed in the UI (the ``selftest`` check).
    """

    name: str
    title: Any
    description: Any
    run: Callable[[Any, Any], CheckOutcome]
    schedule: Schedule
    controls: tuple[str, ...] = ()
    soft_time_limit: int | None = None
    time_limit: int | None = None
    hidden: bool = False

    def limits(self) -> tuple[int, int]:
        """(soft, hard) time limits in seconds."""
        from django.conf import settings

        soft = self.soft_time_limit or settings.BOLLWERK_CHECK_SOFT_TIME_LIMIT
        hard = self.time_limit or max(settings.BOLLWERK_CHECK_TIME_LIMIT, soft + 5)
        return soft, hard


_CHECKS: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add ``check``; registering the same name twice with another function is an error."""
    existing = _CHECKS.get(check.name)
    if existing is not None and existing.run is not check.run:
        raise ValueError(f"a check named {check.name!r} is already registered")
    _CHECKS[check.name] = check
    return check


def unregister(name: str) -> None:
    """Remove a check (tests that register their own)."""
    _CHECKS.pop(name, None)


def check_get(name: str) -> Check:
    try:
        return _CHECKS[name]
    except KeyError:
        known = ", ".join(sorted(_CHECKS)) or "none"
        raise UnknownCheck(f"unknown check {name!r} (registered: {known})") from None


def check_list(*, include_hidden: bool = False) -> list[Check]:
    return sorted(
        (c for c in _CHECKS.values() if include_hidden or not c.hidden), key=lambda c: c.name
    )


def autodiscover() -> None:
    """Import ``<app>.checks`` of every installed app (and the platform's own checks)."""
    from django.apps import apps

    importlib.import_module("bollwerk.checks.builtin")
    for config in apps.get_app_configs():
        if config.name == "bollwerk":
            continue
        module = f"{config.name}.checks"
        if importlib.util.find_spec(config.name) and _has_submodule(config.name, "checks"):
            importlib.import_module(module)


def _has_submodule(package: str, name: str) -> bool:
    try:
        return importlib.util.find_spec(f"{package}.{name}") is not None
    except ModuleNotFoundError:
        return False


# --- evidence sinks ----------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRecord:
    """What a successful run of a check with control ids tells the evidence sinks."""

    organization: Any
    control_ids: tuple[str, ...]
    check: str
    run_id: int
    summary: str
    sha256: str
    valid_until: dt.datetime | None


EvidenceSink = Callable[[EvidenceRecord], None]
_SINKS: list[EvidenceSink] = []


def evidence_sink_register(sink: EvidenceSink) -> EvidenceSink:
    """Call ``sink(record)`` after each successful run of a check that declares controls."""
    if sink not in _SINKS:
        _SINKS.append(sink)
    return sink


def evidence_sink_unregister(sink: EvidenceSink) -> None:
    if sink in _SINKS:
        _SINKS.remove(sink)


def evidence_sinks() -> list[EvidenceSink]:
    return list(_SINKS)
