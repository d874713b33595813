"""The facts the classification procedure reads (reference section 6, steps 1-5).

Plain frozen dataclasses, no Django. Money is ``Decimal`` in euros; staff are
counted as the platform records them (full-time equivalents, i.e. annual work
units; see the open question on staff counting). ``validate_facts`` rejects
facts that contradict each other, naming the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .entity_types import EntityType, entity_type_info


class LegalForm(StrEnum):
    """Legal forms of municipal utilities (values match the platform's choices)."""

    GMBH = "gmbh"
    AG = "ag"
    AOER = "aoer"
    EIGENBETRIEB = "eigenbetrieb"
    REGIEBETRIEB = "regiebetrieb"
    ZWECKVERBAND = "zweckverband"
    GMBH_CO_KG = "gmbh_co_kg"
    OTHER = "other"
    UNKNOWN = ""

    @property
    def legally_dependent(self) -> bool:
        """A legally dependent unit of a local authority (§28(1) Nr. 4, (2) Nr. 3 BSIG)."""
        return self in (LegalForm.EIGENBETRIEB, LegalForm.REGIEBETRIEB)


@dataclass(frozen=True)
class SizeFigures:
    """Staff, annual turnover and balance-sheet total of one period (``None`` = not known)."""

    employees: Decimal | None = None
    turnover_eur: Decimal | None = None
    balance_sheet_eur: Decimal | None = None


@dataclass(frozen=True)
class Activity:
    """One entity type the organization carries out (step 2).

    ``annex_exclusion`` claims the annex exclusion of the type (e.g. waste
    management is not the principal activity). ``negligible`` claims the
    §28(3) BSIG filter and needs ``negligible_reason``. ``offered_for_payment``
    is False for a purely in-house unit. ``side_activity`` marks an energy
    installation run only as a side activity (§28(5) BSIG: BSIG route).
    """

    entity_type: EntityType
    offered_for_payment: bool = True
    annex_exclusion: bool = False
    negligible: bool = False
    negligible_reason: str = ""
    side_activity: bool = False


class Relation(StrEnum):
    """How a related enterprise was declared; the share decides when ``AUTO``."""

    AUTO = "auto"
    CONTROL = "control"  # dominant influence by contract, statutes or agreement: linked
    MUNICIPAL_SISTER = "municipal_sister"  # held directly by the same municipality


@dataclass(frozen=True)
class RelatedEnterprise:
    """A partner or linked enterprise, up or down the chain (step 4(c)).

    ``share_percent`` is the capital or voting share between the two (held in
    either direction). ``listed_investor`` claims the Annex Art. 3(2) investor
    exception (e.g. a small autonomous local authority).
    """

    name: str
    figures: SizeFigures
    share_percent: Decimal = Decimal(0)
    relation: Relation = Relation.AUTO
    listed_investor: bool = False


@dataclass(frozen=True)
class Assumption:
    """Something the adapter had to assume; printed as a reasoning step."""

    code: str
    text_de: str
    text_en: str


@dataclass(frozen=True)
class EntityFacts:
    """Everything the procedure needs about one legal entity.

    ``in_scope_since`` is when the entity (first or again) qualified; default
    is the NIS2UmsuCG entry into force. ``kritis_designated`` is a Land
    designation or CER Art. 6 notification; ``critical_installation`` means a
    BSI-KritisV threshold is met. ``previous_figures`` (last period) and
    ``headcount`` (persons, not work units) only feed open questions.
    """

    name: str
    legal_form: LegalForm
    activities: tuple[Activity, ...]
    figures: SizeFigures
    related: tuple[RelatedEnterprise, ...] = ()
    it_independent: bool = False
    it_independence_justification: str = ""
    public_ownership_share: Decimal | None = None
    kritis_designated: bool = False
    critical_installation: bool = False
    municipal_it_exclusion: bool = False
    federal_state: str = ""
    group_turnover_eur: Decimal | None = None
    previous_figures: SizeFigures | None = None
    headcount: Decimal | None = None
    in_scope_since: dt.date | None = None
    kritis_registered_on: dt.date | None = None
    assumptions: tuple[Assumption, ...] = field(default=())


def validate_facts(facts: EntityFacts) -> None:
    """Reject contradictory facts with a ``ValueError`` naming the field."""
    for i, activity in enumerate(facts.activities):
        info = entity_type_info(activity.entity_type)
        if activity.annex_exclusion and not info.has_exclusion:
            raise ValueError(
                f"activities[{i}].annex_exclusion: {info.type.value} has no annex exclusion"
            )
    for i, rel in enumerate(facts.related):
        if not Decimal(0) <= rel.share_percent <= Decimal(100):
            raise ValueError(f"related[{i}].share_percent: {rel.share_percent} is not 0-100")
    share = facts.public_ownership_share
    if share is not None and not Decimal(0) <= share <= Decimal(100):
        raise ValueError(f"public_ownership_share: {share} is not 0-100")
    for name in ("employees", "turnover_eur", "balance_sheet_eur"):
        value = getattr(facts.figures, name)
        if value is not None and value < 0:
            raise ValueError(f"figures.{name}: {value} is negative")
