"""Known reference targets the catalogue may point to.

The validator resolves every reference against these lists: legal references
must name a known law, ISO/IEC 27001:2022 cross-references must be real
Annex A control numbers, and IT-Grundschutz references must be modules of the
Kompendium (edition 2023). Cross-references are indicative mappings written
for Bollwerk, not an official mapping table.
"""

from __future__ import annotations

#: Laws and acts a duty may cite, with their short German/English names.
LAWS: dict[str, tuple[str, str]] = {
    "NIS2": ("NIS-2-Richtlinie (EU) 2022/2555", "NIS2 Directive (EU) 2022/2555"),
    "CER": ("CER-Richtlinie (EU) 2022/2557", "CER Directive (EU) 2022/2557"),
    "2024/2690": (
        "Durchführungsverordnung (EU) 2024/2690",
        "Implementing Regulation (EU) 2024/2690",
    ),
    "BSIG": ("BSI-Gesetz (Fassung NIS2UmsuCG)", "BSI Act (as amended by NIS2UmsuCG)"),
    "EnWG": ("Energiewirtschaftsgesetz", "Energy Industry Act"),
    "KRITIS-DachG": ("KRITIS-Dachgesetz", "Critical Infrastructure Umbrella Act"),
    "BSI-KritisV": (
        "Verordnung zur Bestimmung kritischer Anlagen nach dem BSI-Gesetz",
        "Ordinance on critical installations under the BSI Act",
    ),
    "GDPR": ("Datenschutz-Grundverordnung (EU) 2016/679", "GDPR (EU) 2016/679"),
    "IEC 62443": ("IEC 62443", "IEC 62443"),
}


def _annex_a() -> frozenset[str]:
    """ISO/IEC 27001:2022 Annex A: 5.1-5.37, 6.1-6.8, 7.1-7.14, 8.1-8.34."""
    sizes = {5: 37, 6: 8, 7: 14, 8: 34}
    return frozenset(
        f"A.{theme}.{n}" for theme, count in sizes.items() for n in range(1, count + 1)
    )


ISO27001_ANNEX_A: frozenset[str] = _annex_a()

#: IT-Grundschutz-Kompendium 2023 modules the catalogue uses (a subset; extend as needed).
GRUNDSCHUTZ_MODULES: frozenset[str] = frozenset(
    {
        "ISMS.1",
        "ORP.1",
        "ORP.2",
        "ORP.3",
        "ORP.4",
        "ORP.5",
        "CON.1",
        "CON.2",
        "CON.3",
        "CON.8",
        "CON.9",
        "OPS.1.1.2",
        "OPS.1.1.3",
        "OPS.1.1.4",
        "OPS.1.1.5",
        "OPS.1.1.6",
        "OPS.1.1.7",
        "OPS.1.2.5",
        "OPS.2.3",
        "DER.1",
        "DER.2.1",
        "DER.2.2",
        "DER.3.1",
        "DER.3.2",
        "DER.4",
        "IND.1",
        "IND.2.1",
        "IND.3.2",
        "NET.1.1",
        "NET.1.2",
        "NET.3.2",
        "NET.3.3",
        "INF.1",
        "INF.2",
        "SYS.1.1",
        "APP.5.3",
    }
)
