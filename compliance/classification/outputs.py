"""Authorities, deadlines and fine ceilings that follow from a classification (§6 step 8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from compliance.clocks import add_months_to_date

from .entity_types import EntityType, entity_type_info
from .facts import EntityFacts
from .messages import fmt_eur
from .result import Authority, Category, Deadline, FineCeiling, Route

#: NIS2UmsuCG in force (BSIG new); entities in scope since then had to register by 6 Mar 2026.
BSIG_IN_FORCE = dt.date(2025, 12, 6)
#: EnWG §5d(4): network operators that are no NIS2 entities register by this date.
ENWG_NETWORK_REGISTRATION = dt.date(2026, 3, 6)
GROUP_TURNOVER_THRESHOLD = Decimal(500_000_000)
_ENERGY_SECTORS = {"electricity", "gas", "hydrogen", "oil"}


def authorities_for(
    facts: EntityFacts,
    category: Category,
    routes: tuple[Route, ...],
    kritis: bool,
    types: tuple[EntityType, ...],
) -> tuple[Authority, ...]:
    """Who supervises and receives reports (reference §6 step 8, §4.5)."""
    in_scope = category is not Category.OUT_OF_SCOPE
    sectors = {entity_type_info(t).sector for t in types}
    out: list[Authority] = []
    if in_scope or Route.ENWG in routes:
        out.append(
            Authority(
                "BSI",
                "Bundesamt für Sicherheit in der Informationstechnik",
                "Federal Office for Information Security",
                "Registrierung (§33 BSIG), Aufsicht auf dem BSIG-Weg (§§61, 62), Bußgelder (§65)",
                "Registration (BSIG §33), supervision on the BSIG route (§§61, 62), fines (§65)",
            )
        )
    if in_scope or Route.ENWG in routes or kritis:
        out.append(
            Authority(
                "MELDESTELLE",
                "Gemeinsame Melde- und Registrierungsstelle von BSI und BBK",
                "Joint BSI/BBK reporting and registration office",
                "Empfängt Meldungen nach §32 BSIG, §5d(3) EnWG und §18 KRITIS-DachG",
                "Receives reports under BSIG §32, EnWG §5d(3) and KRITIS-DachG §18",
            )
        )
    roles_de, roles_en = [], []
    if Route.ENWG in routes:
        roles_de.append("IT-Sicherheitskatalog und Dokumentation (§§5c, 5d EnWG)")
        roles_en.append("IT security catalogue and documentation (EnWG §§5c, 5d)")
    if Route.TELECOM in routes:
        roles_de.append("Sicherheitspflichten nach TKG (Einzelheiten nicht bestätigt)")
        roles_en.append("Security duties under the TKG (details unconfirmed)")
    if kritis and sectors & _ENERGY_SECTORS:
        roles_de.append("Resilienzpflichten im Energiesektor (§5f EnWG, §3(2) KRITIS-DachG)")
        roles_en.append("Resilience duties in the energy sector (EnWG §5f, KRITIS-DachG §3(2))")
    if roles_de:
        out.append(
            Authority(
                "BNETZA",
                "Bundesnetzagentur",
                "Federal Network Agency",
                "; ".join(roles_de),
                "; ".join(roles_en),
            )
        )
    if kritis:
        out.append(
            Authority(
                "BBK",
                "Bundesamt für Bevölkerungsschutz und Katastrophenhilfe",
                "Federal Office of Civil Protection and Disaster Assistance",
                "Registrierung und Meldungen nach KRITIS-DachG (§§8, 18)",
                "Registration and reports under the KRITIS-DachG (§§8, 18)",
            )
        )
        if not sectors or sectors - _ENERGY_SECTORS - {"telecom"}:
            land = facts.federal_state or "?"
            out.append(
                Authority(
                    "LAND",
                    f"Zuständige Landesbehörde ({land})",
                    f"Competent Land authority ({land})",
                    "Aufsicht über Resilienzpflichten z. B. für Wasser, Abwasser, Abfall (§3(2) KRITIS-DachG)",
                    "Supervision of resilience duties e.g. for water, waste water, waste (KRITIS-DachG §3(2))",
                )
            )
    return tuple(out)


def deadlines_for(
    facts: EntityFacts, category: Category, routes: tuple[Route, ...], kritis: bool
) -> tuple[Deadline, ...]:
    """Registration, re-registration and KRITIS deadlines (reference §6 step 8-9)."""
    in_scope = category is not Category.OUT_OF_SCOPE
    qualified = facts.in_scope_since or BSIG_IN_FORCE
    out: list[Deadline] = []
    if in_scope:
        out.append(
            Deadline(
                "REGISTRATION",
                f"Registrierung im BSI-Portal binnen 3 Monaten ab Einstufung ({qualified:%d.%m.%Y})",
                f"Registration in the BSI portal within 3 months of qualifying ({qualified:%Y-%m-%d})",
                "BSIG §33(1)",
                add_months_to_date(qualified, 3),
            )
        )
    elif Route.ENWG in routes:
        out.append(
            Deadline(
                "ENWG_REGISTRATION",
                "Registrierung als Energieversorgungsnetzbetreiber beim BSI",
                "Registration with the BSI as energy network operator",
                "EnWG §5d(4)",
                ENWG_NETWORK_REGISTRATION,
            )
        )
    if in_scope or Route.ENWG in routes or kritis:
        out.append(
            Deadline(
                "REGISTRATION_CHANGES",
                "Änderungen der Registrierungsdaten binnen 2 Wochen ab Kenntnis",
                "Changes to registration data within 2 weeks of becoming aware",
                "BSIG §33(5); KRITIS-DachG §8(6); NIS2 Art. 3(4)",
            )
        )
    out.append(
        Deadline(
            "REEVALUATE",
            "Einordnung erneut prüfen nach festgestelltem Jahresabschluss, Änderung der Beteiligungen, neuer Tätigkeit oder erreichtem KRITIS-Schwellenwert",
            "Re-run the classification after approved annual accounts, a change of shareholdings, a new activity or a KRITIS threshold being met",
            "Reference §6 step 9",
        )
    )
    if kritis:
        out.extend(_kritis_deadlines(facts, routes, qualified))
    return tuple(out)


def _kritis_deadlines(
    facts: EntityFacts, routes: tuple[Route, ...], qualified: dt.date
) -> list[Deadline]:
    registered = facts.kritis_registered_on
    out = [
        Deadline(
            "KRITIS_REGISTRATION",
            "Registrierung als Betreiber kritischer Anlagen binnen 3 Monaten (laut Sekundärquellen frühestens ab 17.07.2026)",
            "Registration as operator of critical installations within 3 months (per secondary sources not before 2026-07-17)",
            "KRITIS-DachG §8(1)",
        )
    ]
    out.append(
        Deadline(
            "KRITIS_RISK_ASSESSMENT",
            "Erste Risikobewertung 9 Monate nach Registrierung, danach mindestens alle 4 Jahre",
            "First risk assessment 9 months after registration, then at least every 4 years",
            "KRITIS-DachG §8(7), §12",
            add_months_to_date(registered, 9) if registered else None,
        )
    )
    out.append(
        Deadline(
            "KRITIS_MEASURES",
            "Resilienzmaßnahmen, Meldepflichten und Leitungspflichten 10 Monate nach Registrierung",
            "Resilience measures, reporting and management duties 10 months after registration",
            "KRITIS-DachG §8(7), §§13, 18, 20",
            add_months_to_date(registered, 10) if registered else None,
        )
    )
    if Route.BSIG in routes:
        earliest = add_months_to_date(qualified, 36)
        out.append(
            Deadline(
                "KRITIS_EVIDENCE",
                f"Nachweise alle 3 Jahre zu einem vom BSI festgelegten Termin, frühestens {earliest:%d.%m.%Y}",
                f"Evidence every 3 years at a date set by the BSI, at the earliest {earliest:%Y-%m-%d}",
                "BSIG §39(1)",
            )
        )
    return out


def fines_for(facts: EntityFacts, category: Category, kritis: bool) -> tuple[FineCeiling, ...]:
    """Fine ceilings: €10 m / €7 m, or 2 % / 1.4 % only above €500 m group turnover (BSIG §65)."""
    group = facts.group_turnover_eur or facts.figures.turnover_eur or Decimal(0)
    above = group > GROUP_TURNOVER_THRESHOLD
    out: list[FineCeiling] = []
    if category is not Category.OUT_OF_SCOPE:
        essential = category is Category.ESSENTIAL
        base = Decimal(10_000_000) if essential else Decimal(7_000_000)
        rate = Decimal("0.02") if essential else Decimal("0.014")
        amount = (group * rate).quantize(Decimal(1)) if above else base
        pct = "2 %" if essential else "1,4 %"
        basis_de = (
            f"{pct} des weltweiten Konzernumsatzes ({fmt_eur(group)} > 500 Mio. €)"
            if above
            else f"fester Höchstbetrag (Konzernumsatz {fmt_eur(group)} ≤ 500 Mio. €)"
        )
        basis_en = (
            f"{pct.replace(',', '.')} of worldwide group turnover ({fmt_eur(group)} > €500 m)"
            if above
            else f"fixed maximum (group turnover {fmt_eur(group)} ≤ €500 m)"
        )
        out.append(
            FineCeiling(
                "MEASURES_REPORTING",
                amount,
                f"Verstöße gegen §§30, 32 BSIG u. a.: bis {fmt_eur(amount)}, {basis_de}",
                f"Breaches of BSIG §§30, 32 etc.: up to {fmt_eur(amount)}, {basis_en}",
                "BSIG §65(5)-(7); NIS2 Art. 34(4)-(5)",
            )
        )
        out.append(
            FineCeiling(
                "REGISTRATION",
                Decimal(500_000),
                "Verstöße gegen die Registrierungspflicht: bis 500 000 €",
                "Breaches of the registration duty: up to €500,000",
                "BSIG §65",
            )
        )
    if kritis:
        out.append(
            FineCeiling(
                "KRITIS_DACHG",
                Decimal(1_000_000),
                "Verstöße gegen das KRITIS-DachG: je nach Pflicht bis 1 Mio. €, 500 000 €, 200 000 € oder 100 000 €",
                "Breaches of the KRITIS-DachG: up to €1 m, €500,000, €200,000 or €100,000 depending on the duty",
                "KRITIS-DachG §24",
            )
        )
    return tuple(out)
