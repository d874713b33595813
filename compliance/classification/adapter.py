"""Build ``EntityFacts`` from any object shaped like the platform's Organization.

The pure code does not import Django: anything with the attributes
``name``, ``sectors``, ``employees``, ``turnover_eur``, ``balance_sheet_eur``,
``legal_form``, ``public_ownership_share``, ``federal_state`` and ``kritis``
works. The Organization records sectors only coarsely, so the adapter maps each
sector to one entity type and records that as an assumption the report prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from .entity_types import EntityType
from .facts import Activity, Assumption, EntityFacts, LegalForm, SizeFigures

# sector id → (entity type, assumption texts or None)
SECTOR_TYPES: dict[str, tuple[EntityType, tuple[str, str] | None]] = {
    "electricity": (
        EntityType.ELECTRICITY_NETWORK,
        (
            "Sektor Elektrizität: angenommen wird der Betrieb eines Verteilernetzes (typisch für Stadtwerke; §5c EnWG gilt dann unabhängig von der Größe). Bei reinem Vertrieb die Tätigkeiten ausdrücklich erfassen.",
            "Electricity sector: operating a distribution network is assumed (typical for Stadtwerke; EnWG §5c then applies regardless of size). For pure supply, record the activities explicitly.",
        ),
    ),
    "gas": (
        EntityType.GAS_NETWORK,
        (
            "Sektor Gas: angenommen wird der Betrieb eines Verteilernetzes. Bei reinem Vertrieb die Tätigkeiten ausdrücklich erfassen.",
            "Gas sector: operating a distribution network is assumed. For pure supply, record the activities explicitly.",
        ),
    ),
    "district_heating": (EntityType.DISTRICT_HEATING, None),
    "hydrogen": (EntityType.HYDROGEN, None),
    "oil": (EntityType.OIL, None),
    "drinking_water": (EntityType.DRINKING_WATER, None),
    "wastewater": (EntityType.WASTEWATER, None),
    "waste_management": (EntityType.WASTE_MANAGEMENT, None),
    "transport": (
        EntityType.LOCAL_PUBLIC_TRANSPORT,
        (
            "Sektor Verkehr: angenommen wird ÖPNV nach PBefG (Bus, Straßenbahn), der kein NIS2-Typ ist. Eisenbahn (AEG) oder Verkehrssteuerung ausdrücklich erfassen.",
            "Transport sector: local public transport under PBefG (bus, tram) is assumed, which is no NIS2 type. Record rail (AEG) or traffic management explicitly.",
        ),
    ),
    "telecom": (
        EntityType.PUBLIC_ECOMMS,
        (
            "Sektor Telekommunikation: angenommen wird ein öffentlich angebotenes Netz oder ein öffentlicher Dienst (z. B. Glasfaser für Endkunden).",
            "Telecom sector: a publicly available network or service is assumed (e.g. fibre for end customers).",
        ),
    ),
    "it_services": (EntityType.MANAGED_SERVICE_PROVIDER, None),
    "digital_infrastructure": (
        EntityType.DATA_CENTRE,
        (
            "Sektor digitale Infrastruktur: angenommen werden Rechenzentrumsdienste für andere.",
            "Digital infrastructure sector: data-centre services for others are assumed.",
        ),
    ),
    "public_administration": (EntityType.MUNICIPAL_ADMINISTRATION, None),
}


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def facts_from_organization(
    org: Any, *, activities: Sequence[Activity] | None = None, **overrides: Any
) -> EntityFacts:
    """Facts for ``org``; ``activities`` replaces the sector mapping, ``overrides`` set other fields.

    ``overrides`` takes any ``EntityFacts`` field (``related``,
    ``it_independent``, ``critical_installation``, ...); an unknown name is a
    ``TypeError``. ``org.kritis`` (designated critical entity) becomes
    ``kritis_designated``. Sector values may also be entity-type ids.
    """
    assumptions: list[Assumption] = []
    if activities is None:
        found: list[Activity] = []
        for sector in dict.fromkeys(getattr(org, "sectors", None) or []):
            if sector in SECTOR_TYPES:
                etype, note = SECTOR_TYPES[sector]
                if note:
                    assumptions.append(Assumption(f"SECTOR_{sector.upper()}", *note))
            elif sector in EntityType._value2member_map_:
                etype = EntityType(sector)
            else:
                raise ValueError(f"sectors: unknown sector {sector!r}")
            found.append(Activity(etype))
        activities = found
    raw_form = getattr(org, "legal_form", "") or ""
    try:
        legal_form = LegalForm(raw_form)
    except ValueError:
        raise ValueError(f"legal_form: unknown legal form {raw_form!r}") from None
    facts = EntityFacts(
        name=str(getattr(org, "name", "") or getattr(org, "slug", "")),
        legal_form=legal_form,
        activities=tuple(activities),
        figures=SizeFigures(
            employees=_decimal(getattr(org, "employees", None)),
            turnover_eur=_decimal(getattr(org, "turnover_eur", None)),
            balance_sheet_eur=_decimal(getattr(org, "balance_sheet_eur", None)),
        ),
        public_ownership_share=_decimal(getattr(org, "public_ownership_share", None)),
        kritis_designated=bool(getattr(org, "kritis", False)),
        federal_state=str(getattr(org, "federal_state", "") or ""),
        assumptions=tuple(assumptions),
    )
    return replace(facts, **overrides) if overrides else facts
