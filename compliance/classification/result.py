"""What ``classify`` returns: category, route, authorities, deadlines, fines, reasoning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any


class Category(IntEnum):
    """NIS2/BSIG category, ordered so that a higher value means more duties."""

    OUT_OF_SCOPE = 0
    IMPORTANT = 1  # wichtige Einrichtung
    ESSENTIAL = 2  # besonders wichtige Einrichtung

    @property
    def code(self) -> str:
        """The stable id used by ``classify_entity --json``."""
        return ("out_of_scope", "important", "essential")[self]

    @property
    def label_de(self) -> str:
        return (
            "nicht im Anwendungsbereich von §28 BSIG",
            "wichtige Einrichtung",
            "besonders wichtige Einrichtung",
        )[self]

    @property
    def label_en(self) -> str:
        return ("not in scope of BSIG §28", "important entity", "essential entity")[self]


class Route(StrEnum):
    """Which statute carries the security and reporting duties."""

    BSIG = "bsig"
    ENWG = "enwg"
    TELECOM = "telecom"
    SEVERAL = "several"
    NONE = "none"


@dataclass(frozen=True)
class ReasoningStep:
    """One step of the procedure, printable in a report."""

    code: str
    text_de: str
    text_en: str
    rule: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """One possible answer to an open legal question and what follows from it."""

    label_de: str
    label_en: str
    category: Category | None = None
    consequence_de: str = ""
    consequence_en: str = ""


@dataclass(frozen=True)
class OpenQuestion:
    """A legal point the reference marks unconfirmed; Bollwerk shows every outcome.

    ``assumed`` is the index of the outcome the result is based on (the
    stricter one) until a lawyer decides.
    """

    code: str
    question_de: str
    question_en: str
    rule: str
    outcomes: tuple[Outcome, ...]
    assumed: int = 0


@dataclass(frozen=True)
class Authority:
    """A supervising or receiving authority and what it does for this entity."""

    code: str
    name_de: str
    name_en: str
    role_de: str
    role_en: str


@dataclass(frozen=True)
class Deadline:
    """A registration or follow-up deadline: a date when computable, else a rule."""

    code: str
    text_de: str
    text_en: str
    rule: str
    due: dt.date | None = None


@dataclass(frozen=True)
class FineCeiling:
    """The maximum fine for a class of breaches."""

    code: str
    max_eur: Decimal
    text_de: str
    text_en: str
    rule: str


@dataclass(frozen=True)
class Classification:
    """The result of the procedure for one legal entity."""

    category: Category
    route: Route
    routes: tuple[Route, ...]
    applicability: frozenset[str]
    cer_critical: bool
    size_class: int
    authorities: tuple[Authority, ...]
    deadlines: tuple[Deadline, ...]
    fines: tuple[FineCeiling, ...]
    duty_ids: tuple[str, ...]
    catalogue_version: str
    steps: tuple[ReasoningStep, ...]
    open_questions: tuple[OpenQuestion, ...]
    complete: bool = True

    def step_codes(self) -> tuple[str, ...]:
        """The codes of the reasoning steps, in order (handy in tests and reports)."""
        return tuple(s.code for s in self.steps)

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """A JSON-ready summary (keys of ``classify_entity --json`` plus details)."""
        de = language.startswith("de")
        return {
            "nis2": self.category.code,
            "category": self.category.label_de if de else self.category.label_en,
            "route": self.route.value,
            "routes": [r.value for r in self.routes],
            "cer_critical": self.cer_critical,
            "duties": list(self.duty_ids),
            "catalogue_version": self.catalogue_version,
            "reasons": [
                {"code": s.code, "text": s.text_de if de else s.text_en, "rule": s.rule}
                for s in self.steps
            ],
            "open_questions": [
                {
                    "code": q.code,
                    "question": q.question_de if de else q.question_en,
                    "outcomes": [o.label_de if de else o.label_en for o in q.outcomes],
                }
                for q in self.open_questions
            ],
            "complete": self.complete,
        }
