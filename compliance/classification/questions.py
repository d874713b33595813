"""Open legal questions from reference section 7, each with all its outcomes.

While a question is open, the classification assumes the stricter outcome
(the one with more duties) and says so; ``OpenQuestion.assumed`` points to it.
"""

from __future__ import annotations

from .result import Category, OpenQuestion, Outcome


def _stricter(outcomes: tuple[Outcome, ...]) -> int:
    ranks = [o.category if o.category is not None else Category.OUT_OF_SCOPE for o in outcomes]
    return max(range(len(outcomes)), key=lambda i: (ranks[i], -i))


def _cat_outcome(label_de: str, label_en: str, category: Category) -> Outcome:
    return Outcome(
        label_de=f"{label_de} → {category.label_de}",
        label_en=f"{label_en} → {category.label_en}",
        category=category,
    )


def two_periods(current: Category, previous: Category) -> OpenQuestion:
    """Annex Arts. 4-5: does status change only after two consecutive periods? (unconfirmed)."""
    outcomes = (
        _cat_outcome(
            "Die Zahlen des letzten Abschlusses entscheiden allein",
            "The figures of the last accounts decide alone",
            current,
        ),
        _cat_outcome(
            "Der Status ändert sich erst nach zwei aufeinanderfolgenden Geschäftsjahren; der Vorjahresstatus bleibt",
            "Status changes only after two consecutive periods; last period's status stays",
            previous,
        ),
    )
    return OpenQuestion(
        code="TWO_PERIODS",
        question_de="Ändert sich der Größenstatus erst, wenn die Schwellen in zwei aufeinanderfolgenden Geschäftsjahren über- oder unterschritten werden?",
        question_en="Does the size status change only once the ceilings are crossed in two consecutive financial periods?",
        rule="Rec. 2003/361/EC Annex Arts. 4-5 (unconfirmed, reference §7)",
        outcomes=outcomes,
        assumed=_stricter(outcomes),
    )


def staff_counting(work_units: Category, headcount: Category) -> OpenQuestion:
    """Annex Art. 5: staff in annual work units or persons? (unconfirmed)."""
    outcomes = (
        _cat_outcome(
            "Beschäftigte in Jahresarbeitseinheiten", "Staff in annual work units", work_units
        ),
        _cat_outcome("Beschäftigte nach Köpfen", "Staff as headcount", headcount),
    )
    return OpenQuestion(
        code="STAFF_COUNTING",
        question_de="Werden Beschäftigte in Jahresarbeitseinheiten oder nach Köpfen gezählt?",
        question_en="Are staff counted in annual work units or as headcount?",
        rule="Rec. 2003/361/EC Annex Art. 5 (unconfirmed, reference §7)",
        outcomes=outcomes,
        assumed=_stricter(outcomes),
    )


def municipal_sisters(linked: Category, not_linked: Category, names: str) -> OpenQuestion:
    """Are sister companies held directly by the same municipality linked? (unconfirmed)."""
    outcomes = (
        _cat_outcome(
            f"Verbunden: {names} zu 100 % hinzugerechnet",
            f"Linked: {names} added at 100 %",
            linked,
        ),
        _cat_outcome(
            "Nicht verbunden: die Kommune ist kein Unternehmen, nichts hinzugerechnet",
            "Not linked: the municipality is no enterprise, nothing added",
            not_linked,
        ),
    )
    return OpenQuestion(
        code="MUNICIPAL_SISTERS",
        question_de="Sind Schwestergesellschaften, die unmittelbar von derselben Kommune gehalten werden (nicht über eine Holding), verbundene Unternehmen?",
        question_en="Are sister companies held directly by the same municipality (not via a holding enterprise) linked enterprises?",
        rule="Rec. 2003/361/EC Annex Art. 3(3); reference §1.3, §6 step 4(f), §7",
        outcomes=outcomes,
        assumed=0,
    )


def kritis_ordinance() -> OpenQuestion:
    """Do KRITIS-DachG duties attach before the §4(3)/§5(1) ordinance exists?"""
    return OpenQuestion(
        code="KRITIS_DACHG_ORDINANCE",
        question_de="Gelten die Pflichten des KRITIS-DachG schon, solange die Rechtsverordnung nach §4(3)/§5(1) fehlt und nur ein Schwellenwert der BSI-KritisV erreicht ist?",
        question_en="Do the KRITIS-DachG duties apply while the ordinance under §4(3)/§5(1) is missing and only a BSI-KritisV threshold is met?",
        rule="KRITIS-DachG §4(3), §5(1); BSIG §66 (reference §7)",
        outcomes=(
            Outcome(
                "Ja: Registrierung beim BBK, Risikobewertung, Resilienzplan, Meldungen nach KRITIS-DachG",
                "Yes: registration with the BBK, risk assessment, resilience plan, KRITIS-DachG reports",
                Category.ESSENTIAL,
            ),
            Outcome(
                "Nein: bis zur Verordnung nur die KRITIS-Pflichten des BSIG (§§31, 39)",
                "No: until the ordinance only the BSIG KRITIS duties (§§31, 39)",
                Category.ESSENTIAL,
            ),
        ),
        assumed=0,
    )


def _two_way(
    code: str, question: tuple[str, str], rule: str, a: tuple[str, str], b: tuple[str, str]
) -> OpenQuestion:
    return OpenQuestion(code, question[0], question[1], rule, (Outcome(*a), Outcome(*b)), 0)


def tkg_sections() -> OpenQuestion:
    return _two_way(
        "TKG_SECTIONS",
        (
            "Welche Vorschriften des TKG ersetzen für öffentliche Telekommunikation §§30-32 und 38 BSIG?",
            "Which TKG provisions replace BSIG §§30-32 and 38 for public telecom?",
        ),
        "BSIG §28(5) Nr. 1; TKG (unconfirmed, reference §7)",
        (
            "Sie entsprechen den NIS2-Maßnahmen: die Katalogpflichten dienen als Leitfaden",
            "They mirror the NIS2 measures: the catalogue duties serve as guidance",
        ),
        (
            "Sie weichen ab: das Pflichtenset muss rechtlich zugeordnet werden",
            "They differ: the duty set must be mapped by a lawyer",
        ),
    )


def enwg_catalogue() -> OpenQuestion:
    return _two_way(
        "ENWG_CATALOGUE",
        (
            "Gilt bereits ein neuer IT-Sicherheitskatalog nach §5c EnWG, oder gelten die Kataloge von 2015 (Netze) und 2018 (Anlagen) übergangsweise weiter?",
            "Is a new IT security catalogue under EnWG §5c in force, or do the 2015 (networks) and 2018 (installations) catalogues continue in the meantime?",
        ),
        "EnWG §5c(2)-(6) (unconfirmed, reference §4.3, §7)",
        ("Die alten Kataloge gelten übergangsweise", "The old catalogues continue for now"),
        (
            "Ein neuer Katalog gilt; Maßnahmen daran ausrichten",
            "A new catalogue applies; align the measures to it",
        ),
    )


def b3s_water() -> OpenQuestion:
    return _two_way(
        "B3S_WA",
        (
            "Ist der B3S WA (DVGW W 1060) nach §30(8)/(9) BSIG neu als geeignet festgestellt?",
            "Has the B3S WA (DVGW W 1060) been declared suitable again under BSIG §30(8)/(9)?",
        ),
        "BSIG §30(8)-(9) (unconfirmed, reference §4.7, §7)",
        (
            "Nein: die Maßnahmen nach §30 sind unmittelbar nachzuweisen",
            "No: the §30 measures must be evidenced directly",
        ),
        (
            "Ja: Umsetzung des B3S WA belegt die Maßnahmen nach §30",
            "Yes: implementing the B3S WA evidences the §30 measures",
        ),
    )


def oespv_threshold() -> OpenQuestion:
    return _two_way(
        "OESPV_THRESHOLD",
        (
            "Gilt der Schwellenwert der BSI-KritisV für den ÖSPV (Leitzentrale, Schienennetze) für kommunale Verkehrsbetriebe?",
            "Does the BSI-KritisV threshold for public road passenger transport (control centre, rail networks) apply to municipal transport operators?",
        ),
        "BSI-KritisV (threshold not extracted, reference §1.5, §7)",
        (
            "Ja: die Leitzentrale mit dem Schwellenwert vergleichen",
            "Yes: compare the control centre with the threshold",
        ),
        (
            "Nein: Bus und Straßenbahn nach PBefG sind weder NIS2- noch KRITIS-Typ",
            "No: bus and tram under PBefG are neither a NIS2 nor a KRITIS type",
        ),
    )
