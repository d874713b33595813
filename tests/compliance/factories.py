"""Factories of the compliance app, looked up by tests/scoping.py as ``<Model>Factory``."""

from tests.compliance.incidents.factories import (  # noqa: F401
    FollowUpActionFactory,
    IncidentEventFactory,
    IncidentFactory,
    ReportSubmissionFactory,
    SignificanceDecisionFactory,
)
