"""Report drafts generated from an incident, one per stage, and the notice to service recipients.

:func:`incident_report_data` is the one entry point for the JSON download, the
API, the printable page and the PDF export of the reports feature (audience
"authority"). Keys are stable English identifiers; every field also carries
a translated label, and ``missing`` lists the fields still empty so the
officer sees what the reporting office will ask for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.clocks import BERLIN, Stage

from .models import STAGE_CHOICES, Incident
from .selectors import incident_reporting

Getter = Callable[[Incident], Any]


def _time(value: dt.datetime | None) -> str | None:
    return value.astimezone(BERLIN).isoformat() if value else None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _time(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def _services(i: Incident) -> list[dict]:
    return [
        {"name": s.name, "sector": s.sector, "people_served": s.people_served}
        for s in i.services.all()
    ]


def _timeline(i: Incident) -> list[dict]:
    return [{"time": _time(e.occurred_at), "text": e.text} for e in i.events.all()]


F = gettext_lazy
BASE: list[tuple[str, Any, Getter]] = [
    ("title", F("Title"), lambda i: i.title),
    ("category", F("Category"), lambda i: i.get_category_display()),
    ("detected_at", F("Detected at"), lambda i: i.detected_at),
    ("aware_at", F("Aware at"), lambda i: i.aware_at),
    ("description", F("Description"), lambda i: i.description),
    ("affected_services", F("Affected essential services"), _services),
]
IMPACT: list[tuple[str, Any, Getter]] = [
    ("severity", F("Severity"), lambda i: i.get_severity_display()),
    ("affected_people", F("Users or inhabitants affected"), lambda i: i.affected_people),
    ("affected_share_percent", F("Share of users affected (%)"), lambda i: i.affected_share),
    ("duration_hours", F("Duration (hours)"), lambda i: i.duration_hours),
    ("geographic_area", F("Geographic area"), lambda i: i.geographic_area),
    ("financial_loss_eur", F("Financial loss (EUR)"), lambda i: i.financial_loss_eur),
    ("affected_sites", F("Affected sites"), lambda i: [s.name for s in i.sites.all()]),
]
MALICE = ("suspected_malicious", F("Suspected unlawful or malicious act"),
          lambda i: i.suspected_malicious)  # fmt: skip
CROSS = ("cross_border", F("Possible cross-border effect"), lambda i: i.cross_border)
IOCS = ("indicators", F("Indicators of compromise"), lambda i: list(i.indicators or []))
ASSESS = ("initial_assessment", F("Initial assessment"), lambda i: i.initial_assessment)
THREAT = ("threat_type", F("Type of threat or root cause"), lambda i: i.threat_type or i.root_cause)
ROOT = ("root_cause", F("Root cause"), lambda i: i.root_cause)
MITIGATION = ("mitigation", F("Mitigation measures"), lambda i: i.mitigation)
CROSS_IMPACT = ("cross_border_impact", F("Cross-border impact"), lambda i: i.cross_border_impact)
STATUS = ("status", F("Status"), lambda i: i.get_status_display())
ENDED = ("handling_ended_at", F("Incident handling ended at"), lambda i: i.handling_ended_at)
TIMELINE = ("timeline", F("Timeline"), _timeline)

STAGE_FIELDS: dict[Stage, list[tuple[str, Any, Getter]]] = {
    Stage.EARLY_WARNING: [*BASE, MALICE, CROSS],
    Stage.NOTIFICATION: [*BASE, *IMPACT, MALICE, CROSS, IOCS, ASSESS],
    Stage.PROGRESS_REPORT: [*BASE, STATUS, *IMPACT, ASSESS, MITIGATION, TIMELINE],
    Stage.FINAL_REPORT: [
        *BASE,
        *IMPACT,
        THREAT,
        ROOT,
        MITIGATION,
        CROSS,
        CROSS_IMPACT,
        IOCS,
        ENDED,
        TIMELINE,
    ],
    Stage.CER_INITIAL: [*BASE, *IMPACT, CROSS, MALICE],
    Stage.CER_DETAILED: [*BASE, *IMPACT, ROOT, MITIGATION, CROSS, CROSS_IMPACT, TIMELINE],
    Stage.GDPR_NOTIFICATION: [
        *BASE,
        (
            "personal_data_aware_at",
            F("Aware of the personal-data breach at"),
            lambda i: i.personal_data_aware_at or i.aware_at,
        ),
        (
            "affected_people",
            F("Approximate number of data subjects (users affected)"),
            lambda i: i.affected_people,
        ),
        ("likely_consequences", F("Likely consequences"), lambda i: i.initial_assessment),
        MITIGATION,
        ("data_subject_categories", F("Categories of data subjects and records"), lambda i: ""),
        ("dpo_contact", F("Contact of the data-protection officer"), lambda i: ""),
    ],
}
STAGE_LABELS = dict(STAGE_CHOICES)


def incident_report_data(
    *, incident: Incident, stage: str | Stage, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The draft of one report as a JSON-ready dict (fields, recipient, deadline, state).

    Raises ValueError for an unknown stage. Works on any incident; one loaded by
    ``selectors.incident_get`` needs no further queries.
    """
    stage = Stage(stage)
    reporting = incident_reporting(incident=incident, now=now)
    obligation = next((o for o in reporting.obligations if o.stage == stage), None)
    submission = next((s for s in incident.submissions.all() if s.stage == stage), None)
    german = (translation.get_language() or "en").startswith("de")
    fields = []
    for key, label, getter in STAGE_FIELDS[stage]:
        value = _plain(getter(incident))
        fields.append({"key": key, "label": str(label), "value": value})
    return {
        "stage": stage.value,
        "report": str(STAGE_LABELS[stage.value]),
        "organization": {
            "name": incident.organization.name,
            "federal_state": incident.organization.federal_state,
        },
        "incident": {"id": incident.pk, "title": incident.title},
        "obligation": None
        if obligation is None
        else {
            "recipient": obligation.recipient_de if german else obligation.recipient_en,
            "rule": obligation.rule,
            "due_at": _time(obligation.due_at),
            "state": obligation.state.value,
            "required": obligation.required,
            "provisional": obligation.provisional,
            "note": obligation.note_de if german else obligation.note_en,
        },
        "submission": None
        if submission is None
        else {
            "submitted_at": _time(submission.submitted_at),
            "reference": submission.reference,
            "channel": submission.channel,
        },
        "fields": fields,
        "missing": [f["key"] for f in fields if f["value"] in (None, "", [])],
        "generated_at": _time(now or timezone.now()),
    }


def incident_report_stages(*, incident: Incident) -> list[str]:
    """The stages that have a draft: the incident's obligations (all stages before awareness)."""
    obligations = incident_reporting(incident=incident).obligations
    return [o.stage.value for o in obligations] or [s.value for s in STAGE_FIELDS]


NOTICE = {
    "de": (
        "Information für die Nutzerinnen und Nutzer unserer Dienste\n\n"
        "Seit {since} ist bei {org} ein Sicherheitsvorfall aufgetreten, der folgende Dienste "
        "beeinträchtigen kann: {services}.\n{area}"
        "Stand: {status}.\n\n"
        "Was Sie tun können: {measures}\n\n"
        "Wir informieren Sie, sobald sich die Lage ändert. Diese Mitteilung erfolgt nach "
        "Art. 23 Abs. 1 und 2 der NIS-2-Richtlinie (§ 32 BSIG)."
    ),
    "en": (
        "Information for the recipients of our services\n\n"
        "Since {since}, {org} has been dealing with a security incident that may affect the "
        "following services: {services}.\n{area}"
        "Status: {status}.\n\n"
        "What you can do: {measures}\n\n"
        "We will inform you when the situation changes. This notice is given under "
        "Art. 23(1) and (2) of the NIS2 Directive (BSIG §32)."
    ),
}


def recipients_notice(*, incident: Incident, language: str) -> str:
    """The text informing service recipients (NIS2 Art. 23(1)) in German or English."""
    lang = "de" if language.startswith("de") else "en"
    with translation.override(lang):
        since = incident.detected_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
        services = ", ".join(s.name for s in incident.services.all()) or _("our services")
        area = ""
        if incident.geographic_area:
            area = (
                f"Betroffenes Gebiet: {incident.geographic_area}.\n"
                if lang == "de"
                else f"Area affected: {incident.geographic_area}.\n"
            )
        measures = incident.mitigation or (
            "Es sind derzeit keine Maßnahmen Ihrerseits erforderlich."
            if lang == "de"
            else "No action is needed on your side at present."
        )
        return NOTICE[lang].format(
            since=since,
            org=incident.organization.name,
            services=services,
            area=area,
            status=str(incident.get_status_display()),
            measures=measures,
        )
