"""Step 4 of the procedure: size figures, aggregation and the open questions on them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from . import questions
from .facts import SizeFigures
from .messages import fmt_eur, fmt_number, fmt_percent
from .recorder import Counted, Recorder
from .sizes import (
    RelationKind,
    SizeClass,
    add_figures,
    aggregation_factor,
    relation_kind,
    size_class,
)


class SizeSteps(Recorder):
    """Determines the size class to use, recording every figure and decision."""

    def figures_step(self, code: str, figures: SizeFigures) -> None:
        used = {
            "employees": fmt_number(figures.employees),
            "turnover_eur": fmt_number(figures.turnover_eur),
            "balance_sheet_eur": fmt_number(figures.balance_sheet_eur),
        }
        self.add(
            code,
            used,
            employees=used["employees"],
            turnover=fmt_eur(figures.turnover_eur),
            balance=fmt_eur(figures.balance_sheet_eur),
        )

    def check_missing(self, figures: SizeFigures) -> None:
        missing = [
            n
            for n in ("employees", "turnover_eur", "balance_sheet_eur")
            if getattr(figures, n) is None
        ]
        if missing:
            self.complete = False
            self.add("FIGURES_MISSING", {"missing": missing}, missing=", ".join(missing))

    def size_step(self, size: SizeClass) -> SizeClass:
        self.add(
            "SIZE_CLASS",
            {"size_class": size.name.lower()},
            class_de=size.label_de,
            class_en=size.label_en,
        )
        return size

    def size(self, counted: list[Counted]) -> SizeClass:
        f = self.facts
        own = f.figures
        if f.legal_form.legally_dependent:
            self.add("FIGURES_DEPENDENT", {"related": len(f.related)})
            if f.headcount is not None:
                own = replace(own, employees=f.headcount)
                self.add(
                    "FIGURES_DEPENDENT_HEADCOUNT",
                    {"headcount": fmt_number(f.headcount)},
                    headcount=fmt_number(f.headcount),
                )
            for rel in f.related:
                self.add("RELATED_DISREGARDED", {"related": rel.name}, rel=rel.name)
            self.figures_step("FIGURES_OWN", own)
            self.check_missing(own)
            return self.size_step(size_class(own))
        self.add(
            "PUBLIC_OWNERSHIP_IGNORED",
            {"public_ownership_share": fmt_number(f.public_ownership_share)},
            share=fmt_percent(f.public_ownership_share)
            if f.public_ownership_share is not None
            else "nicht erfasst / not recorded",
        )
        self.figures_step("FIGURES_OWN", own)
        self.check_missing(own)
        strict, lenient, sisters = self.aggregate(own)
        base = size_class(strict)
        primary = base
        if sisters:
            self.ask(
                questions.municipal_sisters(
                    self.category_at(counted, base),
                    self.category_at(counted, size_class(lenient)),
                    ", ".join(sisters),
                )
            )
        if f.headcount is not None:
            by_head = replace(
                strict,
                employees=(strict.employees or Decimal(0))
                - (own.employees or Decimal(0))
                + f.headcount,
            )
            head_class = size_class(by_head)
            if self.category_at(counted, head_class) != self.category_at(counted, base):
                self.ask(
                    questions.staff_counting(
                        self.category_at(counted, base), self.category_at(counted, head_class)
                    )
                )
            primary = max(primary, head_class)
        if f.previous_figures is not None:
            previous = size_class(f.previous_figures)
            if self.category_at(counted, previous) != self.category_at(counted, primary):
                self.ask(
                    questions.two_periods(
                        self.category_at(counted, primary), self.category_at(counted, previous)
                    )
                )
            primary = max(primary, previous)
        return self.size_step(primary)

    def aggregate(self, own: SizeFigures) -> tuple[SizeFigures, SizeFigures, list[str]]:
        """Add partner and linked figures: (with sisters, without sisters, sister names)."""
        f = self.facts
        if not f.related:
            return own, own, []
        if f.it_independent and f.it_independence_justification.strip():
            self.add(
                "IT_INDEPENDENT",
                {"it_independent": True},
                justification=f.it_independence_justification.strip(),
            )
            return own, own, []
        self.add(
            "IT_INDEPENDENCE_UNSUPPORTED" if f.it_independent else "IT_NOT_INDEPENDENT",
            {"it_independent": f.it_independent},
        )
        strict, lenient, sisters = own, own, []
        codes = {
            RelationKind.LINKED: "RELATED_LINKED",
            RelationKind.PARTNER: "RELATED_PARTNER",
            RelationKind.AUTONOMOUS: "RELATED_AUTONOMOUS",
            RelationKind.INVESTOR: "RELATED_INVESTOR",
            RelationKind.MUNICIPAL_SISTER: "RELATED_SISTER",
        }
        for rel in f.related:
            kind = relation_kind(rel)
            factor = aggregation_factor(kind, rel.share_percent)
            self.add(
                codes[kind],
                {
                    "related": rel.name,
                    "kind": kind.value,
                    "share_percent": fmt_number(rel.share_percent),
                    "factor": fmt_number(factor),
                },
                rel=rel.name,
                share=fmt_percent(rel.share_percent),
            )
            strict = add_figures(strict, rel.figures, factor)
            if kind is RelationKind.MUNICIPAL_SISTER:
                sisters.append(rel.name)
            else:
                lenient = add_figures(lenient, rel.figures, factor)
        self.figures_step("FIGURES_AGGREGATED", strict)
        return strict, lenient, sisters
