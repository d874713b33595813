"""The incidents part of ``manage.py seed_demo``: one resolved and one open incident.

Times are relative to the seeding moment, so the open incident always shows
running clocks: awareness 10 hours ago, significant, the early warning sent,
the notification due. The resolved incident has every report submitted, one
of them late. Uses the demo inventory's services and assets by name when
present (order 300: after the inventory seeder).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from assets.models import Asset, EssentialService, Site
from bollwerk import demo

from .models import Incident
from .services import (
    followup_save,
    incident_event_add,
    incident_save,
    significance_decide,
    submission_record,
)

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def _named(model, org, names):
    return list(model.objects.for_org(org).filter(name__in=names))


def _resolved(org, now) -> Incident:
    aware = now - 60 * D
    incident = incident_save(
        org=org,
        instance=Incident(
            title="Ransomware auf dem Verwaltungs-Fileserver",
            description="Verschlüsselung von Netzlaufwerken der Verwaltung; OT nicht betroffen.",
            category=Incident.Category.CYBER,
            severity=Incident.Severity.HIGH,
            status=Incident.Status.CLOSED,
            detected_at=aware - 2 * H,
            aware_at=aware,
            contained_at=aware + 10 * H,
            resolved_at=aware + 4 * D,
            closed_at=aware + 40 * D,
            handling_ended_at=aware + 4 * D,
            duration_hours=96,
            geographic_area="Musterstadt",
            financial_loss_eur=180_000,
            personal_data_involved=True,
            suspected_malicious=True,
            indicators=[
                {"type": "ip", "value": "203.0.113.45", "note": "C2-Server"},
                {"type": "hash", "value": "9f2c" + "0" * 60, "note": "Loader (SHA-256)"},
            ],
            initial_assessment="Phishing-Mail mit Makro-Dokument; Ausbreitung über SMB.",
            threat_type="Ransomware",
            root_cause="Makros aus dem Internet waren erlaubt.",
            mitigation="Netzsegment isoliert, Wiederherstellung aus Offline-Backups.",
            lessons_learned="Makros blockieren; Backups monatlich testen.",
        ),
        assets=_named(Asset, org, ["Historian Leitstelle"]),
        sites=_named(Site, org, ["Verwaltung Stadthaus"]),
    )
    incident_event_add(incident=incident, occurred_at=aware - 2 * H,
                       text="Helpdesk meldet verschlüsselte Dateien.")  # fmt: skip
    incident_event_add(incident=incident, occurred_at=aware + 10 * H,
                       text="Betroffenes Segment isoliert.")  # fmt: skip
    for regime, yes, reasons in (
        ("nis2", True, "Erhebliche Betriebsstörung der Verwaltung, hoher finanzieller Schaden."),
        ("gdpr", True, "Kundendaten (Namen, Bankverbindungen) betroffen."),
    ):
        significance_decide(incident=incident, regime=regime, significant=yes, reasons=reasons,
                            decided_at=aware + H)  # fmt: skip
    sent = {
        "early_warning": aware + 20 * H,
        "notification": aware + 70 * H,
        "gdpr_notification": aware + 80 * H,  # late: due 72 h after awareness
        "final_report": aware + 30 * D,
    }
    for number, (stage, when) in enumerate(sent.items(), start=1):
        submission_record(incident=incident, stage=stage, submitted_at=when,
                          reference=f"BSI-2026-{4711 + number}",
                          note="Verspätet: Umfang der Daten erst spät bekannt."
                          if stage == "gdpr_notification" else "")  # fmt: skip
    followup_save(incident=incident, instance=_action("Makro-Richtlinie per GPO ausrollen", now))
    return incident


def _action(title, now):
    from .models import FollowUpAction

    return FollowUpAction(title=title, due_date=(now + 30 * D).date())


def _open(org, now) -> Incident:
    aware = now - 10 * H
    incident = incident_save(
        org=org,
        instance=Incident(
            title="Unbefugter Fernzugriff auf das Netzleitsystem Strom",
            description="Anmeldungen über den Hersteller-VPN-Zugang außerhalb der Wartungsfenster.",
            category=Incident.Category.CYBER,
            severity=Incident.Severity.CRITICAL,
            status=Incident.Status.CONTAINED,
            detected_at=aware - H,
            aware_at=aware,
            contained_at=aware + 3 * H,
            suspected_malicious=True,
            geographic_area="Musterstadt Nord",
            duration_hours=6,
            indicators=[{"type": "ip", "value": "198.51.100.23", "note": "VPN-Quelladresse"}],
            initial_assessment="Kompromittierte Zugangsdaten des Wartungsdienstleisters vermutet.",
        ),
        services=_named(EssentialService, org, ["Stromverteilnetz Musterstadt"]),
        assets=_named(Asset, org, ["Netzleitsystem Strom"]),
        sites=_named(Site, org, ["Netzleitstelle Hafen", "Umspannwerk Nord 110/20 kV"]),
    )
    incident_event_add(incident=incident, occurred_at=aware - H,
                       text="SIEM-Alarm: VPN-Anmeldung aus unbekanntem Netz.")  # fmt: skip
    incident_event_add(incident=incident, occurred_at=aware + 3 * H,
                       text="Hersteller-VPN gesperrt, Passwörter zurückgesetzt.")  # fmt: skip
    significance_decide(
        incident=incident, regime="nis2", significant=True, decided_at=aware + H,
        criteria={"severe_disruption": True, "financial_loss": False, "damage_to_others": True},
        reasons="Schaltbefehle an zwei Umspannwerken möglich; Versorgung von 20.000 Einwohnern "
                "kurzzeitig unterbrochen.",
    )  # fmt: skip
    submission_record(incident=incident, stage="early_warning", submitted_at=aware + 5 * H,
                      reference="BSI-2026-0815", note="Frühwarnung über das BSI-Portal.")  # fmt: skip
    return incident


def seed_incidents(ctx) -> None:
    """Add the two demo incidents to ``ctx.organization``; sets ``ctx.counts['incidents']``."""
    now = timezone.now().replace(second=0, microsecond=0)
    _resolved(ctx.organization, now)
    _open(ctx.organization, now)
    ctx.counts["incidents"] = 2


def register() -> None:
    """Register the seeder (called from ComplianceConfig.ready)."""
    demo.register(300, "incidents", seed_incidents)
