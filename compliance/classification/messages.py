"""Texts of the reasoning steps and open questions, in German and English.

Templates use ``str.format`` placeholders; ``{x_de}``/``{x_en}`` pairs are
filled with the language-specific variant. Kept as data so a translator can
work on one file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# code: (German, English, rule reference)
STEPS: dict[str, tuple[str, str, str]] = {
    "UNIT_ENTITY": (
        "Bewertet wird die juristische Einheit „{name}“ ({legal_form}); Einordnung und Registrierung erfolgen je juristischer Einheit.",
        "The unit assessed is the legal entity '{name}' ({legal_form}); classification and registration are per legal entity.",
        "Reference §6 step 1; BSIG §33",
    ),
    "UNIT_DEPENDENT": (
        "„{name}“ ist als {legal_form} eine rechtlich unselbstständige Organisationseinheit einer Gebietskörperschaft und wird als eigene Einheit bewertet.",
        "'{name}' is, as {legal_form}, a legally dependent unit of a local authority and is assessed as a unit of its own.",
        "BSIG §28(1) Nr. 4, §28(2) Nr. 3",
    ),
    "EXCLUSION_28_8": (
        "Die Ausnahme nach §28(8) BSIG greift (Dienste für die öffentliche Verwaltung, vergleichbares Landesrecht mit Verweis auf §28(8)): die Einheit ist keine Einrichtung nach §28 BSIG.",
        "The BSIG §28(8) exclusion applies (services for public administrations, comparable Land law referring to §28(8)): the unit is no entity under BSIG §28.",
        "BSIG §28(8)",
    ),
    "EXCLUSION_28_8_REJECTED": (
        "Die Ausnahme nach §28(8) BSIG wurde geltend gemacht, setzt aber eine rechtlich unselbstständige kommunale Einheit oder eine juristische Person im alleinigen Eigentum von Kommunen oder Ländern voraus (öffentlicher Anteil: {share}); sie wird nicht angewandt.",
        "The BSIG §28(8) exclusion was claimed but requires a legally dependent municipal unit or a legal person owned solely by local or Land authorities (public share: {share}); it is not applied.",
        "BSIG §28(8)",
    ),
    "ACTIVITY_COUNTS": (
        "{type_de} (BSIG Anlage {annex}, Nr. {anlage}; NIS2 Anhang {entry}) wird berücksichtigt.",
        "{type_en} (BSIG Anlage {annex}, no. {anlage}; NIS2 Annex {entry}) counts.",
        "BSIG §28, Anlage {annex}",
    ),
    "ACTIVITY_NOT_ANNEX": (
        "{type_de} ist keine Einrichtungsart der Anlagen 1 oder 2 BSIG.",
        "{type_en} is not an entity type of BSIG Anlage 1 or 2.",
        "BSIG Anlage 1-2; NIS2 Annex I-II",
    ),
    "ACTIVITY_EXCLUDED": (
        "{type_de} entfällt nach der Ausnahme der Anlage: {exclusion_de}",
        "{type_en} drops out under the annex exclusion: {exclusion_en}",
        "{exclusion_rule}",
    ),
    "ACTIVITY_NEGLIGIBLE": (
        "{type_de} bleibt als vernachlässigbare Tätigkeit außer Betracht. Begründung: {reason}",
        "{type_en} is disregarded as a negligible activity. Reason: {reason}",
        "BSIG §28(3)",
    ),
    "ACTIVITY_NEGLIGIBLE_UNSUPPORTED": (
        "{type_de} wurde als vernachlässigbar angegeben, aber ohne Begründung; die Tätigkeit wird weiter berücksichtigt.",
        "{type_en} was declared negligible but without a reason; the activity still counts.",
        "BSIG §28(3)",
    ),
    "ACTIVITY_IN_HOUSE": (
        "{type_de} wird nicht gegen Entgelt für andere erbracht; die größenabhängigen Tatbestände greifen dafür nicht.",
        "{type_en} is not offered to others for payment; the size-based provisions do not catch it.",
        "BSIG §28(1) Nr. 4, §28(2) Nr. 3",
    ),
    "NO_ACTIVITY": (
        "Keine Einrichtungsart verbleibt; es bleibt nur die KRITIS-Prüfung.",
        "No entity type remains; only the KRITIS check is left.",
        "Reference §6 step 2",
    ),
    "TELECOM_ANY_SIZE": (
        "Öffentliche Telekommunikationsnetze oder -dienste sind unabhängig von der Größe erfasst: besonders wichtig ab mittlerer Größe, sonst wichtig.",
        "Public electronic communications networks or services are covered regardless of size: essential from medium size up, important otherwise.",
        "NIS2 Art. 2(2)(a), Art. 3(1)(c); BSIG §28(1) Nr. 3, §28(2)",
    ),
    "ESSENTIAL_ANY_SIZE": (
        "{type_de}: besonders wichtig unabhängig von der Größe.",
        "{type_en}: essential regardless of size.",
        "NIS2 Art. 3(1)(b); BSIG §28(1) Nr. 2",
    ),
    "TRUST_SERVICE_ANY_SIZE": (
        "Vertrauensdiensteanbieter: wichtig unabhängig von der Größe, besonders wichtig als Großunternehmen.",
        "Trust service provider: important regardless of size, essential when large.",
        "NIS2 Art. 2(2)(b); BSIG §28(2)",
    ),
    "FIGURES_DEPENDENT": (
        "Für die rechtlich unselbstständige Einheit gelten ihre eigenen Zahlen; die KMU-Empfehlung wird nicht angewandt, verbundene und Partnerunternehmen bleiben außer Betracht.",
        "The legally dependent unit uses its own figures; the SME Recommendation is not applied, linked and partner enterprises are disregarded.",
        "BSIG §28(4)",
    ),
    "FIGURES_DEPENDENT_HEADCOUNT": (
        "Als Beschäftigtenzahl der Einheit wird die Kopfzahl {headcount} verwendet.",
        "The unit's own headcount of {headcount} is used as its staff number.",
        "BSIG §28(4); reference §1.3",
    ),
    "PUBLIC_OWNERSHIP_IGNORED": (
        "Der öffentliche Anteil ({share}) bleibt außer Betracht: Art. 3(4) des Anhangs der Empfehlung 2003/361/EG gilt nach Art. 2(1) NIS2 und §28(4) BSIG nicht. Kommunales Eigentum macht allein kein Großunternehmen.",
        "The public share ({share}) is disregarded: Annex Art. 3(4) of Recommendation 2003/361/EC is switched off by NIS2 Art. 2(1) and BSIG §28(4). Municipal ownership alone does not make a large enterprise.",
        "NIS2 Art. 2(1); BSIG §28(4)",
    ),
    "FIGURES_OWN": (
        "Eigene Zahlen: {employees} Beschäftigte, Jahresumsatz {turnover}, Bilanzsumme {balance}.",
        "Own figures: {employees} staff, annual turnover {turnover}, balance-sheet total {balance}.",
        "Rec. 2003/361/EC Annex Art. 2, 4",
    ),
    "FIGURES_MISSING": (
        "Es fehlen Angaben ({missing}); fehlende Werte zählen als 0 und das Ergebnis ist unvollständig.",
        "Figures are missing ({missing}); missing values count as 0 and the result is incomplete.",
        "Reference §6 step 4",
    ),
    "IT_INDEPENDENT": (
        "Unabhängigkeit in Gestaltung und Betrieb der IT ist begründet ({justification}); Zahlen von Partner- und verbundenen Unternehmen werden nicht hinzugerechnet.",
        "Independence in the design and operation of IT is justified ({justification}); partner and linked enterprise figures are not added.",
        "BSIG §28(4) S. 2; NIS2 recital 16",
    ),
    "IT_INDEPENDENCE_UNSUPPORTED": (
        "IT-Unabhängigkeit wurde ohne Begründung geltend gemacht und wird nicht anerkannt; es gilt der Standard „nicht unabhängig“.",
        "IT independence was claimed without a justification and is not accepted; the default 'not independent' applies.",
        "BSIG §28(4) S. 2",
    ),
    "IT_NOT_INDEPENDENT": (
        "Keine IT-Unabhängigkeit dokumentiert (Standard); Partner- und verbundene Unternehmen werden zugerechnet.",
        "No IT independence documented (default); partner and linked enterprises are aggregated.",
        "BSIG §28(4) S. 2; Rec. 2003/361/EC Annex Art. 6",
    ),
    "RELATED_LINKED": (
        "{rel} ist verbundenes Unternehmen (Anteil {share} oder Beherrschung): Zahlen zu 100 % hinzugerechnet.",
        "{rel} is a linked enterprise (share {share} or control): figures added at 100 %.",
        "Rec. 2003/361/EC Annex Art. 3(3), 6(2)",
    ),
    "RELATED_PARTNER": (
        "{rel} ist Partnerunternehmen (Anteil {share}): Zahlen anteilig hinzugerechnet.",
        "{rel} is a partner enterprise (share {share}): figures added pro rata.",
        "Rec. 2003/361/EC Annex Art. 3(2), 6(2)",
    ),
    "RELATED_AUTONOMOUS": (
        "{rel}: Anteil {share} unter 25 %, eigenständig, nicht hinzugerechnet.",
        "{rel}: share {share} below 25 %, autonomous, not added.",
        "Rec. 2003/361/EC Annex Art. 3(1)",
    ),
    "RELATED_INVESTOR": (
        "{rel}: Investorenausnahme nach Art. 3(2) des Anhangs, nicht hinzugerechnet.",
        "{rel}: investor exception of Annex Art. 3(2), not added.",
        "Rec. 2003/361/EC Annex Art. 3(2)",
    ),
    "RELATED_SISTER": (
        "{rel} wird unmittelbar von derselben Kommune gehalten; ob es verbunden ist, ist offen. Bis zur Klärung wird es zu 100 % hinzugerechnet (strengere Lesart).",
        "{rel} is held directly by the same municipality; whether it is linked is open. Until decided it is added at 100 % (the stricter reading).",
        "Reference §1.3, §6 step 4(f)",
    ),
    "RELATED_DISREGARDED": (
        "{rel} wird nicht hinzugerechnet.",
        "{rel} is not added.",
        "BSIG §28(4)",
    ),
    "FIGURES_AGGREGATED": (
        "Zahlen nach Zurechnung: {employees} Beschäftigte, Jahresumsatz {turnover}, Bilanzsumme {balance}.",
        "Figures after aggregation: {employees} staff, annual turnover {turnover}, balance-sheet total {balance}.",
        "Rec. 2003/361/EC Annex Art. 6",
    ),
    "SIZE_CLASS": (
        "Größenklasse: {class_de} (groß: ab 250 Beschäftigten oder Umsatz über 50 Mio. € und Bilanzsumme über 43 Mio. €; mindestens mittel: ab 50 Beschäftigten oder Umsatz und Bilanzsumme je über 10 Mio. €).",
        "Size class: {class_en} (large: 250 staff or more, or turnover above €50 m and balance sheet above €43 m; at least medium: 50 staff or more, or turnover and balance sheet each above €10 m).",
        "BSIG §28(1) Nr. 4, §28(2) Nr. 3; Rec. 2003/361/EC Annex Art. 2",
    ),
    "KRITIS_DESIGNATED": (
        "Als kritische Einrichtung eingestuft (Land oder Benachrichtigung nach Art. 6 CER): besonders wichtig unabhängig von der Größe, dazu die Pflichten nach KRITIS-DachG.",
        "Designated as a critical entity (Land designation or CER Art. 6 notification): essential regardless of size, plus the KRITIS-DachG duties.",
        "NIS2 Art. 2(3), Art. 3(1)(f); BSIG §28(1) Nr. 1; KRITIS-DachG §§8-20",
    ),
    "KRITIS_INSTALLATION": (
        "Ein Schwellenwert der BSI-KritisV ist erreicht: Betreiber einer kritischen Anlage, besonders wichtig unabhängig von der Größe.",
        "A BSI-KritisV threshold is met: operator of a critical installation, essential regardless of size.",
        "BSIG §28(1) Nr. 1, §66; BSI-KritisV",
    ),
    "KRITIS_NONE": (
        "Keine KRITIS-Einstufung und kein Schwellenwert der BSI-KritisV erreicht (Regelschwelle KRITIS-DachG: 500 000 versorgte Einwohner).",
        "No KRITIS designation and no BSI-KritisV threshold met (KRITIS-DachG default threshold: 500,000 inhabitants served).",
        "KRITIS-DachG §5(2); BSI-KritisV",
    ),
    "KRITIS_EXTRA_DUTIES": (
        "KRITIS-Betreiber: zusätzlich Systeme zur Angriffserkennung (§31) und Nachweise alle drei Jahre (§39).",
        "KRITIS operator: additionally attack-detection systems (§31) and evidence every three years (§39).",
        "BSIG §31, §39",
    ),
    "CATEGORY": (
        "Ergebnis: {category_de}.",
        "Result: {category_en}.",
        "BSIG §28(1)-(2); NIS2 Art. 3",
    ),
    "CAVEAT_SMALL_DESIGNATION": (
        "Deutschland nutzt die Möglichkeit, kleine Einrichtungen nach Art. 2(2)(b)-(e) NIS2 zu benennen, nach §28 BSIG soweit ersichtlich nicht; vor Verlass bestätigen. Kunden können Sicherheitspflichten vertraglich weitergeben.",
        "As far as BSIG §28 shows, Germany does not use the option to designate small entities under NIS2 Art. 2(2)(b)-(e); confirm before relying on this. Customers may pass security duties down by contract.",
        "NIS2 Art. 2(2)(b)-(e); BSIG §28",
    ),
    "CAVEAT_MUNICIPAL_ADMIN": (
        "Die kommunale Kernverwaltung ist keine Einrichtungsart des BSIG; Landesrecht kann sie regeln (nicht bestätigt).",
        "Municipal core administration is not a BSIG entity type; Land law may regulate it (unconfirmed).",
        "NIS2 Art. 2(5); reference §6 caveats",
    ),
    "ROUTE_ENWG_NETWORK": (
        "Betreiber eines Energieversorgungsnetzes: EnWG §§5c-5e gelten unabhängig von der Größe (IT-Sicherheitskatalog, Meldungen nach §5d(3) an die gemeinsame Meldestelle, Leitungspflichten nach §5e); §33 (Registrierung) und §65 BSIG (Bußgelder) gelten weiter.",
        "Energy network operator: EnWG §§5c-5e apply regardless of size (IT security catalogue, reports under §5d(3) to the joint reporting office, management duties under §5e); BSIG §33 (registration) and §65 (fines) still apply.",
        "EnWG §5c(1), §5d, §5e; BSIG §28(5)",
    ),
    "ROUTE_ENWG_INSTALLATION": (
        "{type_de}: Energieanlage einer NIS2-Einrichtung, daher EnWG-Weg (§§5c-5e).",
        "{type_en}: energy installation of a NIS2 entity, hence the EnWG route (§§5c-5e).",
        "EnWG §5c(1); BSIG §28(5)",
    ),
    "ROUTE_ENWG_INSTALLATION_OUT": (
        "{type_de}: Energieanlage, aber die Einrichtung fällt nicht unter NIS2; §5c EnWG greift dafür nicht.",
        "{type_en}: energy installation, but the entity is not a NIS2 entity; EnWG §5c does not catch it.",
        "EnWG §5c(1)",
    ),
    "ROUTE_ENWG_SIDE": (
        "{type_de}: Energieanlage nur als Nebentätigkeit, daher BSIG-Weg für diese Systeme.",
        "{type_en}: energy installation only as a side activity, hence the BSIG route for these systems.",
        "BSIG §28(5) S. 2-4",
    ),
    "ROUTE_SUPPLY": (
        "{type_de}: reiner Vertrieb ist kein Betreibertyp nach §5c EnWG; BSIG-Weg für diese Systeme (Auslegung).",
        "{type_en}: pure supply (sales) is no EnWG §5c operator type; BSIG route for these systems (interpretation).",
        "BSIG §28(5) S. 2 (interpretation)",
    ),
    "ROUTE_TELECOM": (
        "Öffentliche Telekommunikation: §§30-32, 35, 36, 38, 39, 61 und 62 BSIG gelten nicht; stattdessen Telekommunikationsrecht (TKG, BNetzA).",
        "Public telecom: BSIG §§30-32, 35, 36, 38, 39, 61 and 62 do not apply; telecom law (TKG, BNetzA) applies instead.",
        "BSIG §28(5) Nr. 1",
    ),
    "ROUTE_BSIG": (
        "BSIG-Weg (§§30, 32, 33, 35, 38) für: {types_de}.",
        "BSIG route (§§30, 32, 33, 35, 38) for: {types_en}.",
        "BSIG §§30-38",
    ),
    "ROUTE_NONE": (
        "Kein Pflichtenweg: weder BSIG noch EnWG greifen.",
        "No duty route: neither the BSIG nor the EnWG applies.",
        "BSIG §28; EnWG §5c",
    ),
    "OPEN_QUESTION": (
        "Offene Rechtsfrage: {question_de} Angenommen wird bis zur Klärung: {assumed_de}.",
        "Open legal question: {question_en} Assumed until decided: {assumed_en}.",
        "{rule}",
    ),
    "DUTIES": (
        "{count} Pflichten aus dem Katalog {version} sind anwendbar (Merkmale: {tags}).",
        "{count} duties of catalogue {version} apply (tags: {tags}).",
        "Reference §5",
    ),
}


def fmt_eur(value: Decimal | None) -> str:
    """Euros for a reasoning text; ``?`` when unknown."""
    if value is None:
        return "?"
    return f"€{value:,.0f}"


def fmt_number(value: Decimal | None) -> str:
    if value is None:
        return "?"
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def fmt_percent(value: Decimal | None) -> str:
    return "?" if value is None else f"{fmt_number(value)} %"


def render(code: str, values: dict[str, Any]) -> tuple[str, str, str]:
    """German text, English text and rule reference of step ``code``."""
    de, en, rule = STEPS[code]
    return de.format(**values), en.format(**values), rule.format(**values)
