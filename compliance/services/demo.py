"""The compliance part of ``manage.py seed_demo`` (registered from AppConfig.ready).

Classifies the demo utility, assesses a realistic mix of its controls with
evidence (some of it expired) and adds a few risks (``seed_compliance``,
early); after every other app has seeded its data (``seed_compliance_finish``,
last), links the risks to the seeded services and assets and writes 90 days
of score snapshots that end in today's real score, so the signals read the
finished inventory. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from assets.models import Asset, EssentialService
from bollwerk.models import AuditEvent, Membership, Role
from bollwerk.services.audit import audit_record
from compliance.models import ControlAssessment, Risk, ScoreSnapshot
from compliance.selectors import assessment_list
from compliance.services.assessment import assessment_update, evidence_add_link
from compliance.services.classification import classification_compute_all
from compliance.services.risks import risk_save
from compliance.services.scores import org_score

STATUS_MIX = [
    (ControlAssessment.Status.IMPLEMENTED, 45),
    (ControlAssessment.Status.PARTLY, 25),
    (ControlAssessment.Status.NOT_IMPLEMENTED, 15),
    (ControlAssessment.Status.NOT_ASSESSED, 11),
    (ControlAssessment.Status.NOT_APPLICABLE, 4),
]

DEMO_RISKS = [
    (
        "Ransomware in der Leitstelle",
        "Ransomware via phishing",
        4,
        5,
        2,
        4,
        "mitigate",
        ["NIS2-21-2-c.1", "NIS2-21-2-j.1"],
    ),
    (
        "Ausfall des Fernwirknetzes",
        "Carrier outage of the telecontrol WAN",
        3,
        4,
        2,
        3,
        "mitigate",
        ["NIS2-21-2-c.2"],
    ),
    (
        "Schwachstelle in SCADA-Firmware",
        "Unpatched OT firmware",
        4,
        4,
        3,
        4,
        "mitigate",
        ["NIS2-21-2-e.2"],
    ),
    (
        "Kompromittierter Dienstleister-Zugang",
        "Supplier remote access abused",
        3,
        5,
        2,
        3,
        "transfer",
        ["NIS2-21-2-d.1"],
    ),
    ("Verlust von Kundendaten im Portal", "Web portal data breach", 2, 3, 2, 2, "accept", []),
    ("Physischer Zugriff auf Umspannwerk", "Break-in at a substation", 2, 4, 1, 4, "avoid", []),
]


def _pick(rng) -> str:
    roll = rng.randrange(100)
    for status, share in STATUS_MIX:
        if roll < share:
            return status
        roll -= share
    return STATUS_MIX[0][0]


def seed_compliance(ctx) -> None:
    """Seed classification, assessments, evidence and risks for ``ctx.organization``."""
    org, rng = ctx.organization, ctx.rng
    today = timezone.localdate()
    classification_compute_all(org=org, trigger="demo")
    officer = (
        Membership.objects.filter(organization=org, role=Role.SECURITY_OFFICER)
        .select_related("user")
        .first()
    )
    owner = officer.user if officer else None
    evidence_count = expired = 0
    assessments = list(assessment_list(org=org))
    for assessment in assessments:
        status = _pick(rng)
        data = {"status": status, "owner": owner}
        if status == ControlAssessment.Status.NOT_APPLICABLE:
            data["justification"] = "Keine eigenen OT-Anlagen dieser Art (Demo)."
        if status in (ControlAssessment.Status.PARTLY, ControlAssessment.Status.NOT_IMPLEMENTED):
            data["due_date"] = today + dt.timedelta(days=rng.randrange(30, 240))
        assessment_update(assessment=assessment, data=data)
        documented = status in (
            ControlAssessment.Status.IMPLEMENTED,
            ControlAssessment.Status.PARTLY,
        )
        if documented and rng.random() < 0.8:
            stale = rng.random() < 0.2
            start = today - dt.timedelta(days=rng.randrange(400, 700) if stale else 30)
            evidence_add_link(
                assessment=assessment,
                url=f"https://dms.musterstadt.example/doc/{assessment.control.control_id}",
                title=f"Nachweis {assessment.control.control_id}",
                valid_from=start,
                valid_until=start + dt.timedelta(days=365),
            )
            evidence_count += 1
            expired += stale
    risks = 0
    controls = {a.control.control_id: a.control for a in assessments}
    for title, threat, il, ii, rl, ri, treatment, control_ids in DEMO_RISKS:
        risk_save(
            org=org,
            data={
                "title": title,
                "threat": threat,
                "scenario": threat,
                "consequence": "Versorgungsunterbrechung / supply interruption",
                "inherent_likelihood": il,
                "inherent_impact": ii,
                "residual_likelihood": rl,
                "residual_impact": ri,
                "treatment": treatment,
                "owner": owner,
                "review_date": today + dt.timedelta(days=rng.randrange(30, 180)),
            },
            controls=[controls[c] for c in control_ids if c in controls],
        )
        risks += 1
    ctx.counts.update(
        {
            "assessments": len(assessments),
            "evidence": evidence_count,
            "evidence_expired": expired,
            "risks": risks,
        }
    )


#: What each demo risk affects: services by sector and assets by name (from the inventory demo).
DEMO_RISK_LINKS = {
    "Ransomware in der Leitstelle": (
        ["electricity", "drinking_water"],
        ["Netzleitsystem Strom", "Prozessleitsystem Wasser", "Historian Leitstelle"],
    ),
    "Ausfall des Fernwirknetzes": (["electricity"], ["Leitstellen-Switch"]),
    "Schwachstelle in SCADA-Firmware": (
        ["electricity", "drinking_water", "wastewater"],
        ["Netzleitsystem Strom", "Prozessleitsystem Wasser", "Prozessleitsystem Abwasser"],
    ),
    "Kompromittierter Dienstleister-Zugang": (["electricity"], ["Zellenfirewall Strom"]),
    "Verlust von Kundendaten im Portal": ([], []),
    "Physischer Zugriff auf Umspannwerk": (["electricity"], []),
}


def seed_compliance_finish(ctx) -> None:
    """The last seeder: link the demo risks to the seeded inventory; 90 days of snapshots."""
    org = ctx.organization
    services = list(EssentialService.objects.for_org(org))
    for risk in Risk.objects.for_org(org).filter(title__in=DEMO_RISK_LINKS):
        sectors, names = DEMO_RISK_LINKS[risk.title]
        risk_save(
            org=org,
            data={},
            risk=risk,
            affected_services=[s for s in services if s.sector in sectors],
            affected_assets=list(Asset.objects.for_org(org).filter(name__in=names)),
        )
    today = timezone.localdate()
    ctx.counts["snapshots"] = _snapshots(org=org, today=today, rng=ctx.rng)


def _snapshots(*, org, today: dt.date, rng, days: int = 90) -> int:
    """90 days of snapshots rising to today's real score (one bulk insert, one audit event)."""
    computed_at = timezone.now()
    summary = org_score(org=org, today=today).result.summary()
    end = summary["overall"] or 0.0
    rows = []
    for back in range(days - 1, -1, -1):
        factor = 1 - 0.35 * back / days + rng.uniform(-0.02, 0.02) * (back > 0)
        factor = min(factor, 1.0) if back else 1.0

        def scaled(value, f=factor):
            return None if value is None else round(value * f, 2)

        rows.append(
            ScoreSnapshot(
                organization=org,
                date=today - dt.timedelta(days=back),
                overall=scaled(end),
                duties={k: scaled(v) for k, v in summary["duties"].items()},
                measures={k: scaled(v) for k, v in summary["measures"].items()},
                computed_at=computed_at,
            )
        )
    ScoreSnapshot.objects.bulk_create(rows)
    audit_record(
        action=AuditEvent.Action.CREATE,
        organization=org,
        object_type="compliance.scoresnapshot",
        object_repr=f"{len(rows)} demo score snapshots",
        changes={"from": rows[0].date, "to": rows[-1].date},
    )
    return len(rows)
