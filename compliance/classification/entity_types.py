"""The NIS2 annex entity types a Stadtwerk may carry out (reference table 1.5).

Each type records its annex (1 = Anlage 1 / Annex I, 2 = Anlage 2 / Annex II,
``None`` = not an annex type), its BSIG Anlage number, the annex exclusion
that can take it out of scope, how size matters for it (§28(1)-(2) BSIG),
and which duty route its systems follow (§28(5) BSIG, EnWG §5c).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EntityType(StrEnum):
    """Entity types (values are stable ids used in facts and reports)."""

    ELECTRICITY_NETWORK = "electricity_network"
    ELECTRICITY_GENERATION = "electricity_generation"
    ELECTRICITY_STORAGE = "electricity_storage"
    ELECTRICITY_SUPPLY = "electricity_supply"
    ELECTRICITY_MARKET = "electricity_market"
    CHARGING_POINT = "charging_point"
    DISTRICT_HEATING = "district_heating"
    OIL = "oil"
    GAS_NETWORK = "gas_network"
    GAS_STORAGE = "gas_storage"
    GAS_SUPPLY = "gas_supply"
    HYDROGEN = "hydrogen"
    DRINKING_WATER = "drinking_water"
    WASTEWATER = "wastewater"
    WASTE_MANAGEMENT = "waste_management"
    RAIL = "rail"
    ROAD_TRAFFIC = "road_traffic"
    LOCAL_PUBLIC_TRANSPORT = "local_public_transport"
    PUBLIC_ECOMMS = "public_ecomms"
    DATA_CENTRE = "data_centre"
    MANAGED_SERVICE_PROVIDER = "managed_service_provider"
    QUALIFIED_TRUST_SERVICE = "qualified_trust_service"
    TRUST_SERVICE = "trust_service"
    DNS_TLD = "dns_tld"
    MUNICIPAL_ADMINISTRATION = "municipal_administration"


class SizeRule(StrEnum):
    """How the entity's size decides its category (§28(1)-(2) BSIG)."""

    ANNEX_1 = "annex_1"  # large → essential, medium → important
    ANNEX_2 = "annex_2"  # medium or large → important
    TELECOM = "telecom"  # medium+ → essential, smaller → important (any size)
    ESSENTIAL_ANY_SIZE = "essential_any_size"  # QTSP, TLD, DNS
    TRUST_SERVICE = "trust_service"  # important at any size, essential when large
    NONE = "none"  # not an annex type


class EnergyRole(StrEnum):
    """The EnWG §5c(1) role a type gives its operator, if any."""

    NETWORK = "network"  # energy-supply network operator: §5c regardless of size
    INSTALLATION = "installation"  # energy installation: §5c when NIS2-qualifying
    NONE = "none"


@dataclass(frozen=True)
class EntityTypeInfo:
    """Static facts about one entity type."""

    type: EntityType
    sector: str
    annex: int | None
    anlage: str
    nis2_entry: str
    name_de: str
    name_en: str
    size_rule: SizeRule
    energy_role: EnergyRole = EnergyRole.NONE
    exclusion_de: str = ""
    exclusion_en: str = ""
    exclusion_rule: str = ""

    @property
    def has_exclusion(self) -> bool:
        """Whether the annex knows an exclusion for this type."""
        return bool(self.exclusion_en)

    @property
    def telecom(self) -> bool:
        return self.size_rule is SizeRule.TELECOM


def _t(
    etype: EntityType,
    sector: str,
    annex: int | None,
    anlage: str,
    entry: str,
    names: tuple[str, str],
    rule: SizeRule,
    energy: EnergyRole = EnergyRole.NONE,
    exclusion: tuple[str, str, str] = ("", "", ""),
) -> EntityTypeInfo:
    return EntityTypeInfo(etype, sector, annex, anlage, entry, *names, rule, energy, *exclusion)


A1, A2, TEL, ANY = SizeRule.ANNEX_1, SizeRule.ANNEX_2, SizeRule.TELECOM, SizeRule.ESSENTIAL_ANY_SIZE
NET, INST = EnergyRole.NETWORK, EnergyRole.INSTALLATION

ENTITY_TYPES: dict[EntityType, EntityTypeInfo] = {
    i.type: i
    for i in (
        _t(
            EntityType.ELECTRICITY_NETWORK,
            "electricity",
            1,
            "1.1.x",
            "I.1(a)",
            (
                "Elektrizität: Verteiler-/Übertragungsnetzbetreiber",
                "Electricity: distribution/transmission system operator",
            ),
            A1,
            NET,
        ),
        _t(
            EntityType.ELECTRICITY_GENERATION,
            "electricity",
            1,
            "1.1.x",
            "I.1(a)",
            ("Elektrizität: Erzeuger", "Electricity: producer"),
            A1,
            INST,
        ),
        _t(
            EntityType.ELECTRICITY_STORAGE,
            "electricity",
            1,
            "1.1.7",
            "I.1(a)",
            ("Elektrizität: Speicherbetreiber", "Electricity: storage operator"),
            A1,
            INST,
        ),
        _t(
            EntityType.ELECTRICITY_SUPPLY,
            "electricity",
            1,
            "1.1.x",
            "I.1(a)",
            ("Elektrizität: Lieferant (Vertrieb)", "Electricity: supplier (sales)"),
            A1,
        ),
        _t(
            EntityType.ELECTRICITY_MARKET,
            "electricity",
            1,
            "1.1.x",
            "I.1(a)",
            (
                "Elektrizität: Aggregierung, Laststeuerung, NEMO",
                "Electricity: aggregation, demand response, NEMO",
            ),
            A1,
        ),
        _t(
            EntityType.CHARGING_POINT,
            "electricity",
            1,
            "1.1.9",
            "I.1(a)",
            ("Betreiber von Ladepunkten", "Recharging-point operator"),
            A1,
        ),
        _t(
            EntityType.DISTRICT_HEATING,
            "district_heating",
            1,
            "1.2.1",
            "I.1(b)",
            ("Fernwärme/-kälte", "District heating/cooling"),
            A1,
        ),
        _t(EntityType.OIL, "oil", 1, "1.3.x", "I.1(c)", ("Öl", "Oil"), A1),
        _t(
            EntityType.GAS_NETWORK,
            "gas",
            1,
            "1.4.x",
            "I.1(d)",
            (
                "Gas: Verteiler-/Fernleitungsnetzbetreiber",
                "Gas: distribution/transmission system operator",
            ),
            A1,
            NET,
        ),
        _t(
            EntityType.GAS_STORAGE,
            "gas",
            1,
            "1.4.x",
            "I.1(d)",
            ("Gas: Speicher- oder LNG-Anlage", "Gas: storage or LNG facility"),
            A1,
            INST,
        ),
        _t(
            EntityType.GAS_SUPPLY,
            "gas",
            1,
            "1.4.x",
            "I.1(d)",
            ("Gas: Lieferant (Vertrieb)", "Gas: supplier (sales)"),
            A1,
        ),
        _t(
            EntityType.HYDROGEN,
            "hydrogen",
            1,
            "1.4.8",
            "I.1(e)",
            (
                "Wasserstoff: Erzeugung, Speicherung, Fernleitung",
                "Hydrogen: production, storage, transmission",
            ),
            A1,
        ),
        _t(
            EntityType.DRINKING_WATER,
            "drinking_water",
            1,
            "5.1.1",
            "I.6",
            ("Trinkwasserversorgung", "Drinking water supply"),
            A1,
            exclusion=(
                "Die Wasserverteilung ist nur ein nicht wesentlicher Teil des Vertriebs anderer Waren.",
                "Water distribution is only a non-essential part of distributing other goods.",
                "NIS2 Annex I.6; BSIG Anlage 1 Nr. 5.1.1",
            ),
        ),
        _t(
            EntityType.WASTEWATER,
            "wastewater",
            1,
            "5.2.1",
            "I.7",
            ("Abwasserbeseitigung", "Waste water"),
            A1,
            exclusion=(
                "Die Abwasserbeseitigung ist kein wesentlicher Teil der allgemeinen Tätigkeit.",
                "Waste-water handling is a non-essential part of the general activity.",
                "NIS2 Annex I.7; BSIG Anlage 1 Nr. 5.2.1",
            ),
        ),
        _t(
            EntityType.WASTE_MANAGEMENT,
            "waste_management",
            2,
            "2.1.1",
            "II.2",
            ("Abfallbewirtschaftung", "Waste management"),
            A2,
            exclusion=(
                "Die Abfallbewirtschaftung ist nicht die Haupttätigkeit.",
                "Waste management is not the principal economic activity.",
                "NIS2 Annex II.2; BSIG Anlage 2 Nr. 2.1.1",
            ),
        ),
        _t(
            EntityType.RAIL,
            "transport",
            1,
            "2.2.x",
            "I.2(b)",
            (
                "Eisenbahn (AEG): Infrastruktur oder Verkehrsunternehmen",
                "Rail (AEG): infrastructure manager or railway undertaking",
            ),
            A1,
        ),
        _t(
            EntityType.ROAD_TRAFFIC,
            "transport",
            1,
            "2.4.x",
            "I.2(d)",
            (
                "Straßenverkehr: Verkehrssteuerung, intelligente Verkehrssysteme",
                "Road: traffic management, ITS",
            ),
            A1,
        ),
        _t(
            EntityType.LOCAL_PUBLIC_TRANSPORT,
            "transport",
            None,
            "-",
            "-",
            (
                "ÖPNV nach PBefG (Bus, Straßenbahn)",
                "Local public transport under PBefG (bus, tram)",
            ),
            SizeRule.NONE,
        ),
        _t(
            EntityType.PUBLIC_ECOMMS,
            "telecom",
            1,
            "6.1.8/6.1.9",
            "I.8",
            (
                "Öffentliche Telekommunikationsnetze oder -dienste",
                "Public electronic communications networks or services",
            ),
            TEL,
        ),
        _t(
            EntityType.DATA_CENTRE,
            "digital_infrastructure",
            1,
            "6.1.5",
            "I.8",
            ("Rechenzentrumsdienste", "Data-centre services"),
            A1,
        ),
        _t(
            EntityType.MANAGED_SERVICE_PROVIDER,
            "it_services",
            1,
            "6.1.10/6.1.11",
            "I.9",
            ("Verwaltete (Sicherheits-)Dienste (MSP/MSSP)", "Managed (security) service provider"),
            A1,
        ),
        _t(
            EntityType.QUALIFIED_TRUST_SERVICE,
            "digital_infrastructure",
            1,
            "6.1.x",
            "I.8",
            ("Qualifizierter Vertrauensdiensteanbieter", "Qualified trust service provider"),
            ANY,
        ),
        _t(
            EntityType.TRUST_SERVICE,
            "digital_infrastructure",
            1,
            "6.1.x",
            "I.8",
            (
                "Vertrauensdiensteanbieter (nicht qualifiziert)",
                "Trust service provider (non-qualified)",
            ),
            SizeRule.TRUST_SERVICE,
        ),
        _t(
            EntityType.DNS_TLD,
            "digital_infrastructure",
            1,
            "6.1.x",
            "I.8",
            ("DNS-Diensteanbieter oder TLD-Namenregister", "DNS service provider or TLD registry"),
            ANY,
        ),
        _t(
            EntityType.MUNICIPAL_ADMINISTRATION,
            "public_administration",
            None,
            "-",
            "-",
            ("Kommunale Kernverwaltung", "Municipal core administration"),
            SizeRule.NONE,
        ),
    )
}


def entity_type_info(etype: EntityType | str) -> EntityTypeInfo:
    """Static facts for ``etype``; ``ValueError`` names the known ids if it is unknown."""
    try:
        return ENTITY_TYPES[EntityType(etype)]
    except ValueError:
        known = ", ".join(t.value for t in EntityType)
        raise ValueError(f"unknown entity type {etype!r} (known: {known})") from None
