"""Scheduled checks of the assets app (imported by the check registry at start)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from assets import checks_scans  # noqa: F401  (network_scan, sbom, end of support, TLS)
from bollwerk.checks.registry import Check, CheckOutcome, Crontab, register

# --- vulnerability_rematch (issue 6) ------------------------------------------------------


def vulnerability_rematch(org, run) -> CheckOutcome:
    """Import new advisory files (folder, optional feeds) and rematch what changed for ``org``.

    Findings are written by the matching service itself, so the outcome resolves nothing.
    """
    from assets.services.matching import vulnerabilities_match
    from assets.services.matching_feeds import advisories_refresh

    refreshed = advisories_refresh()
    report = (
        vulnerabilities_match(org=org, advisories=refreshed["changed"])
        if refreshed["changed"]
        else None
    )
    counts = {k: v for k, v in refreshed.items() if k != "changed"}
    counts["advisories_changed"] = len(refreshed["changed"])
    if report is not None:
        counts.update({f"matches_{k}": v for k, v in report.as_dict().items()})
    return CheckOutcome(
        findings=(), counts=counts, resolve_missing=False,
        evidence_summary=f"{len(refreshed['changed'])} advisories new or updated and rematched",
    )  # fmt: skip


register(
    Check(
        name="vulnerability_rematch",
        title=_("Advisory import and vulnerability rematch"),
        description=_(
            "Imports new advisory files from the configured import folder (and feeds, when "
            "reachable) and matches new or updated advisories against components and assets."
        ),
        run=vulnerability_rematch,
        schedule=Crontab("15 4 * * *"),
        controls=("NIS2-21-2-e.1",),
    )
)
