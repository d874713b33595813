"""Shared state of one classification run: reasoning steps, open questions, category rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .entity_types import EntityTypeInfo, SizeRule
from .facts import Activity, EntityFacts
from .messages import render
from .result import Category, OpenQuestion, ReasoningStep
from .sizes import SizeClass


@dataclass(frozen=True)
class Counted:
    """An activity that survived step 2."""

    info: EntityTypeInfo
    activity: Activity


def type_category(info: EntityTypeInfo, paid: bool, size: SizeClass) -> Category:
    """The category one entity type gives at ``size`` (§28(1)-(2) BSIG, NIS2 Art. 3)."""
    rule = info.size_rule
    if rule is SizeRule.ESSENTIAL_ANY_SIZE:
        return Category.ESSENTIAL
    if rule is SizeRule.TELECOM:
        return Category.ESSENTIAL if size >= SizeClass.MEDIUM else Category.IMPORTANT
    if rule is SizeRule.TRUST_SERVICE:
        return Category.ESSENTIAL if paid and size is SizeClass.LARGE else Category.IMPORTANT
    if not paid or rule is SizeRule.NONE:
        return Category.OUT_OF_SCOPE
    if rule is SizeRule.ANNEX_1 and size is SizeClass.LARGE:
        return Category.ESSENTIAL
    if size >= SizeClass.MEDIUM:
        return Category.IMPORTANT
    return Category.OUT_OF_SCOPE


class Recorder:
    """Collects reasoning steps and open questions for one run."""

    def __init__(self, facts: EntityFacts) -> None:
        self.facts = facts
        self.steps: list[ReasoningStep] = []
        self.questions: list[OpenQuestion] = []
        self.complete = True
        self.kritis = facts.kritis_designated or facts.critical_installation

    def add(self, code: str, used: dict[str, Any] | None = None, **values: Any) -> None:
        de, en, rule = render(code, values)
        self.steps.append(ReasoningStep(code, de, en, rule, dict(used or {})))

    def ask(self, question: OpenQuestion) -> None:
        self.questions.append(question)
        assumed = question.outcomes[question.assumed]
        self.add(
            "OPEN_QUESTION",
            {"question": question.code},
            question_de=question.question_de,
            question_en=question.question_en,
            assumed_de=assumed.label_de,
            assumed_en=assumed.label_en,
            rule=question.rule,
        )

    def category_at(self, counted: list[Counted], size: SizeClass) -> Category:
        best = Category.ESSENTIAL if self.kritis else Category.OUT_OF_SCOPE
        for c in counted:
            best = max(best, type_category(c.info, c.activity.offered_for_payment, size))
        return best
