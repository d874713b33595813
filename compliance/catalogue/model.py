"""The duty catalogue as immutable Python objects (what ``catalogue_load`` returns)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Applicability(StrEnum):
    """Who a duty applies to (reference section 5 conventions)."""

    ESSENTIAL = "be"  # besonders wichtige Einrichtung
    IMPORTANT = "we"  # wichtige Einrichtung
    KRITIS = "kritis"  # operator of a critical installation / critical entity
    ENWG = "enwg"  # energy operator on the EnWG §5c route


class LegalWeight(StrEnum):
    """How firmly the law demands what a control states.

    ``statutory``: the statement restates a legal duty. ``derived``: a
    concrete way to meet a legal duty (the law demands the outcome, not this
    form). ``recommended``: good practice or a product proposal (e.g. a 7/30
    day patch window) with no legal value of its own.
    """

    STATUTORY = "statutory"
    DERIVED = "derived"
    RECOMMENDED = "recommended"


@dataclass(frozen=True)
class Text:
    """A user-visible text in German and English."""

    de: str
    en: str

    def get(self, language: str) -> str:
        """The text in ``language`` ("de" or "en"; anything else gives English)."""
        return self.de if language.startswith("de") else self.en


@dataclass(frozen=True)
class LegalRef:
    """A short reference into one law, e.g. ``LegalRef("BSIG", "§30(2) Nr. 1")``."""

    law: str
    ref: str

    def __str__(self) -> str:
        return f"{self.law} {self.ref}"


@dataclass(frozen=True)
class Control:
    """One assessable statement under a duty, with the evidence that supports it."""

    id: str
    duty_id: str
    statement: Text
    guidance: Text
    evidence: Text
    review_months: int
    signal: str | None
    legal_weight: LegalWeight
    iso27001: tuple[str, ...] = ()
    grundschutz: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Duty:
    """A legal duty (or a tightly related group of duties) and its controls."""

    id: str
    title: Text
    summary: Text
    references: tuple[LegalRef, ...]
    applies: frozenset[Applicability]
    measure: str | None
    controls: tuple[Control, ...]

    def applies_to(self, tags: Iterable[Applicability | str]) -> bool:
        """Whether the duty applies to an organization carrying any of ``tags``."""
        return bool(self.applies & {Applicability(t) for t in tags})


@dataclass(frozen=True)
class Catalogue:
    """One version of the catalogue, validated."""

    name: str
    version: str
    published: str
    duties: tuple[Duty, ...]
    source: str = ""
    _controls: dict[str, Control] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._controls.update({c.id: c for d in self.duties for c in d.controls})

    def duty(self, duty_id: str) -> Duty:
        """The duty with this id; ``KeyError`` if unknown."""
        for duty in self.duties:
            if duty.id == duty_id:
                return duty
        raise KeyError(duty_id)

    def control(self, control_id: str) -> Control:
        """The control with this id; ``KeyError`` if unknown."""
        return self._controls[control_id]

    def controls(self) -> Iterator[Control]:
        """Every control, in catalogue order."""
        for duty in self.duties:
            yield from duty.controls

    @property
    def control_ids(self) -> frozenset[str]:
        return frozenset(self._controls)

    def duty_ids_for(self, tags: Iterable[Applicability | str]) -> tuple[str, ...]:
        """Ids of the duties that apply to an organization with these applicability tags."""
        tag_set = {Applicability(t) for t in tags}
        return tuple(d.id for d in self.duties if d.applies_to(tag_set))
