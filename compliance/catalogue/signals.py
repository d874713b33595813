"""The automatic evidence signals a control may name (reference section 5.2).

A signal is computed from tool data (inventory, scans, SBOMs, incidents,
evidence dates) and can *partly* evidence a control; it never replaces the
security officer's assessment. The catalogue validator accepts only ids
listed here, so a typo in the data file fails loudly instead of silently
disconnecting a control from its signal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signal:
    """One automatic signal: id, description (de/en), and whether Bollwerk computes it today."""

    id: str
    description_de: str
    description_en: str
    computed_by_bollwerk: bool


SIGNALS: dict[str, Signal] = {
    s.id: s
    for s in (
        Signal(
            "inv_completeness",
            "Anteil der Assets mit Verantwortlichem, Kritikalität, Standort und Softwarestand; "
            "Anteil der Lieferanten mit Kritikalitätsbewertung.",
            "Share of assets with owner, criticality, location and software version; "
            "share of suppliers with a criticality rating.",
            True,
        ),
        Signal(
            "scan_recon",
            "Abgleich von Netzwerk-Scans mit dem Inventar: unbekannte Hosts, fehlende Assets, "
            "unerwartete Dienste und das Alter des ältesten offenen Befunds.",
            "Reconciliation of network scans with the inventory: unknown hosts, missing assets, "
            "unexpected services and the age of the oldest unresolved item.",
            True,
        ),
        Signal(
            "sbom_coverage",
            "Anteil kritischer Software/Firmware mit aktueller SBOM; Anteil der SBOM-Komponenten, "
            "die gegen Advisories abgeglichen sind.",
            "Share of critical software/firmware with a current SBOM; share of SBOM components "
            "matched against advisories.",
            True,
        ),
        Signal(
            "vuln_open_crit",
            "Anzahl und Alter offener kritischer/hoher Schwachstellen über der Frist (SLA), "
            "getrennt nach IT/OT und internetexponiert/intern.",
            "Count and age of open critical/high vulnerabilities past their SLA, split IT/OT "
            "and internet-facing/internal.",
            True,
        ),
        Signal(
            "mfa_enrollment",
            "Anteil der Bollwerk-Benutzer mit eingerichteter Mehr-Faktor-Authentisierung "
            "(weitere Konten nur, wenn Daten des Identitätsdienstes importiert werden).",
            "Share of Bollwerk's own users with MFA enrolled (other accounts only where "
            "identity-provider data is imported).",
            True,
        ),
        Signal(
            "incident_deadlines",
            "Meldungen erheblicher Vorfälle gegen die Fristen 24 h / 72 h / 1 Monat "
            "(KRITIS-DachG: 24 h / 1 Monat); offene Fristen mit Restzeit.",
            "Significant-incident reports against the 24 h / 72 h / 1 month clocks "
            "(KRITIS-DachG: 24 h / 1 month); open clocks with time left.",
            True,
        ),
        Signal(
            "evidence_freshness",
            "Alter jedes Nachweises im Verhältnis zu seinem Prüfzyklus.",
            "Age of each evidence item against its review cycle.",
            True,
        ),
        Signal(
            "supplier_assessment_age",
            "Alter der letzten Sicherheitsbewertung je kritischem Lieferanten.",
            "Age of the last security assessment per critical supplier.",
            True,
        ),
        Signal(
            "training_completion",
            "Schulungsquote je Zielgruppe (Geschäftsleitung, alle Beschäftigten, Admins/OT) "
            "im Zyklus.",
            "Training completion per population (management, all staff, admins/OT) within "
            "the cycle.",
            False,
        ),
        Signal(
            "backup_test",
            "Letzter erfolgreicher Wiederherstellungstest je kritischem System; Anteil mit "
            "Offline-/unveränderlicher Kopie.",
            "Last successful restore test per critical system; share with an offline or "
            "immutable copy.",
            False,
        ),
        Signal(
            "log_coverage",
            "Anteil kritischer IT/OT-Assets, die an die zentrale Protokollierung liefern; "
            "Abdeckung durch Systeme zur Angriffserkennung.",
            "Share of critical IT/OT assets sending logs to central collection; coverage by "
            "attack-detection systems.",
            False,
        ),
        Signal(
            "registration_freshness",
            "Tage zwischen einer Änderung der Registrierungsdaten und ihrer Übermittlung "
            "(Grenze: 2 Wochen).",
            "Days between a change of registration data and its submission (limit: 2 weeks).",
            False,
        ),
    )
}
