"""Automatic evidence signals: a registry that apps fill with providers, by signal id.

(Named ``signals_registry`` so it does not clash with Django's signals.)

The ids are those of ``compliance.catalogue.SIGNALS``; a control names at
most one. A provider computes the signal for one organization::

    from compliance import signals_registry
    from compliance.signals_registry import SignalObject, SignalValue

    def inventory_completeness(org, *, today):
        total, complete, gaps = ...            # the app's own selectors
        if total == 0:
            return SignalValue.no_data("no assets yet")
        share = complete / total
        return SignalValue(
            value=share, threshold=0.95, passed=share >= 0.95, unit="share",
            objects=[SignalObject(a.name, reverse("assets:asset-detail", args=[a.pk]))
                     for a in gaps[:20]],
        )

    # in the app's AppConfig.ready():
    signals_registry.register("inv_completeness", inventory_completeness)

Rules: the provider takes the Organization and the keyword ``today`` (a
date), reads only that organization's rows, and returns a ``SignalValue``.
``objects`` lists what is behind the number (label + URL), at most 20.
``SignalValue.no_data(reason)`` means "no data yet": the score neither
rewards nor caps the control. A signal without a provider reports no data,
never "passed". A provider that raises is reported as no data with the error
text, so one broken app cannot break the dashboard. Registering the same id
again replaces the provider (the newest app wins); an id not in SIGNALS is a
``KeyError``.

Built in (computable from the platform and this app): ``mfa_enrollment`` and
``evidence_freshness``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from compliance.catalogue import SIGNALS

logger = logging.getLogger(__name__)

MFA_THRESHOLD = 1.0
FRESHNESS_THRESHOLD = 0.9


@dataclass(frozen=True)
class SignalObject:
    """One object behind a signal value, e.g. a member without MFA."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class SignalValue:
    """A signal's value for one organization.

    ``value`` and ``threshold`` are shares (0-1) or counts, as ``unit`` says;
    ``passed`` is None exactly when there is no data yet.
    """

    value: float | None
    threshold: float | None
    passed: bool | None
    objects: tuple[SignalObject, ...] | list[SignalObject] = field(default_factory=tuple)
    unit: str = "share"
    detail: str = ""

    @classmethod
    def no_data(cls, detail: str = "no data yet") -> SignalValue:
        return cls(value=None, threshold=None, passed=None, detail=detail)

    @property
    def has_data(self) -> bool:
        return self.passed is not None

    @property
    def state(self) -> str:
        """``passed``, ``failed`` or ``no_data``."""
        if self.passed is None:
            return "no_data"
        return "passed" if self.passed else "failed"

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "threshold": self.threshold,
            "passed": self.passed,
            "state": self.state,
            "unit": self.unit,
            "detail": self.detail,
            "objects": [{"label": o.label, "url": o.url} for o in self.objects],
        }


Provider = Callable[..., SignalValue]
_PROVIDERS: dict[str, Provider] = {}


def register(signal_id: str, provider: Provider) -> None:
    """Register (or replace) the provider of ``signal_id``; unknown ids are a KeyError."""
    if signal_id not in SIGNALS:
        raise KeyError(f"unknown signal {signal_id!r}; known: {', '.join(SIGNALS)}")
    _PROVIDERS[signal_id] = provider


def providers() -> dict[str, Provider]:
    """The registered providers by signal id."""
    return dict(_PROVIDERS)


def signal_compute(*, org, signal_id: str, today: dt.date) -> SignalValue:
    """One signal for one organization; no provider or a failing provider → no data."""
    provider = _PROVIDERS.get(signal_id)
    if provider is None:
        return SignalValue.no_data("no data yet: no source for this signal")
    try:
        value = provider(org, today=today)
    except Exception as exc:
        logger.exception("signal provider %s failed", signal_id)
        return SignalValue.no_data(f"no data: the provider failed ({exc})")
    if not isinstance(value, SignalValue):
        return SignalValue.no_data("no data: the provider returned no SignalValue")
    return value


def signals_compute_all(*, org, today: dt.date) -> dict[str, SignalValue]:
    """Every known signal for one organization, by id (catalogue order)."""
    return {sid: signal_compute(org=org, signal_id=sid, today=today) for sid in SIGNALS}


def mfa_enrollment(org, *, today: dt.date) -> SignalValue:
    """Share of the organization's members with a confirmed TOTP device (threshold 100 %)."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bollwerk.models import Membership

    members = list(
        Membership.objects.filter(organization=org)
        .select_related("user")
        .order_by("user__email")
        .values_list("user_id", "user__email")
    )
    if not members:
        return SignalValue.no_data("no members")
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=[m[0] for m in members], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    share = len(enrolled) / len(members)
    url = reverse("members")
    missing = [SignalObject(email, url) for uid, email in members if uid not in enrolled]
    return SignalValue(
        value=share,
        threshold=MFA_THRESHOLD,
        passed=share >= MFA_THRESHOLD,
        objects=tuple(missing[:20]),
        detail=f"{len(enrolled)}/{len(members)}",
    )


def evidence_freshness(org, *, today: dt.date) -> SignalValue:
    """Share of the organization's current evidence items valid today (threshold 90 %)."""
    from django.urls import reverse

    from compliance.selectors import evidence_expires, evidence_list

    items = list(
        evidence_list(org=org)
        .select_related(None)
        .only("pk", "title", "valid_from", "valid_until", "review_months", "assessment_id")
    )
    if not items:
        return SignalValue.no_data("no evidence yet")
    stale = [e for e in items if not (e.valid_from <= today <= evidence_expires(e))]
    share = (len(items) - len(stale)) / len(items)
    return SignalValue(
        value=share,
        threshold=FRESHNESS_THRESHOLD,
        passed=share >= FRESHNESS_THRESHOLD,
        objects=tuple(
            SignalObject(e.title, reverse("compliance:assessment-detail", args=[e.assessment_id]))
            for e in stale[:20]
        ),
        detail=f"{len(items) - len(stale)}/{len(items)}",
    )


def register_builtin() -> None:
    """Register the providers this app can compute today (called from AppConfig.ready)."""
    _PROVIDERS.setdefault("mfa_enrollment", mfa_enrollment)
    _PROVIDERS.setdefault("evidence_freshness", evidence_freshness)
