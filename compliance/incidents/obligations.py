"""From stored incidents to reporting obligations: the bridge to :mod:`compliance.clocks`.

Nothing here writes. The organization's reporting profile comes from its
classification (``classify(facts_from_organization(org))``); the incident's
facts from its fields, its latest significance decision per regime and its
report submissions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from bollwerk.models import Organization
from compliance.classification import classify, facts_from_organization
from compliance.clocks import (
    IncidentFacts,
    NisBasis,
    Obligation,
    ReportingProfile,
    Stage,
    State,
    incident_obligations,
    reporting_profile,
)

from .models import Incident, ReportSubmission, SignificanceDecision

#: Sectors whose NIS2 duties run through another law than the BSIG.
SECTOR_BASIS = {"electricity": NisBasis.ENWG, "gas": NisBasis.ENWG, "telecom": NisBasis.TELECOM}
OPEN_STATES = (State.DUE, State.OVERDUE)


@dataclass(frozen=True)
class ProfileResult:
    """The profile and, when the classification failed, why (shown on the page)."""

    profile: ReportingProfile
    error: str = ""


def org_reporting_profile(
    *, org: Organization, affected_sectors: Iterable[str] = ()
) -> ProfileResult:
    """The reporting profile of ``org``; the affected services' sectors pick the NIS2 route.

    With several routes (e.g. a Stadtwerk with electricity and water), an
    incident that touches only energy services is reported under EnWG §5d,
    only telecom services under the TKG, anything else (or nothing named)
    under the BSIG. A sector whose route the classification does not give
    falls back to the classification's default.
    """
    try:
        classification = classify(facts_from_organization(org))
    except ValueError as exc:
        return ProfileResult(ReportingProfile(nis2_basis=NisBasis.NONE), error=str(exc))
    routes = {str(r) for r in classification.routes}
    bases = {SECTOR_BASIS.get(sector, NisBasis.BSIG) for sector in affected_sectors}
    affected = None
    if len(bases) == 1 and next(iter(bases)).value in routes:
        affected = next(iter(bases))
    elif bases and "bsig" in routes:
        affected = NisBasis.BSIG
    profile = reporting_profile(
        classification, affected=affected, federal_state=org.federal_state or ""
    )
    return ProfileResult(profile)


def current_decisions(decisions: Iterable[SignificanceDecision]) -> dict[str, SignificanceDecision]:
    """The latest decision per regime (rows in any order)."""
    latest: dict[str, SignificanceDecision] = {}
    for row in sorted(decisions, key=lambda d: (d.decided_at, d.pk or 0)):
        latest[row.regime] = row
    return latest


def incident_facts(
    *,
    incident: Incident,
    decisions: Iterable[SignificanceDecision],
    submissions: Iterable[ReportSubmission],
) -> IncidentFacts | None:
    """The clock inputs of ``incident`` (None until the awareness time is set).

    The GDPR clock runs while personal data is involved and nobody has
    decided that the breach carries no risk to persons; a GDPR decision
    overrides the flag.
    """
    if incident.aware_at is None:
        return None
    latest = current_decisions(decisions)
    nis2, cer, gdpr = (latest.get(r) for r in ("nis2", "cer", "gdpr"))
    return IncidentFacts(
        aware_at=incident.aware_at,
        significant=nis2.significant if nis2 else None,
        cer_disruptive=cer.significant if cer else None,
        personal_data_breach=gdpr.significant if gdpr else incident.personal_data_involved,
        personal_data_aware_at=incident.personal_data_aware_at,
        handling_ended_at=incident.handling_ended_at,
        submissions={Stage(s.stage): s.submitted_at for s in submissions},
    )


def incident_clocks(
    *,
    incident: Incident,
    profile: ReportingProfile,
    decisions: Iterable[SignificanceDecision],
    submissions: Iterable[ReportSubmission],
    now: dt.datetime | None = None,
) -> tuple[Obligation, ...]:
    """Every obligation of ``incident`` at ``now`` (empty until awareness is set)."""
    facts = incident_facts(incident=incident, decisions=decisions, submissions=submissions)
    if facts is None:
        return ()
    return incident_obligations(incident=facts, profile=profile, now=now or timezone.now())


def next_due(obligations: Iterable[Obligation]) -> dt.datetime | None:
    """The earliest due time among required, unsubmitted obligations whose clock runs."""
    dues = [o.due_at for o in obligations if o.required and o.state in OPEN_STATES and o.due_at]
    return min(dues) if dues else None
