"""The entity-classification procedure of reference section 6, steps 1-7.

``classify`` is pure: the same facts always give the same result, and every
conclusion is backed by a reasoning step naming the rule and the facts used.
Where the reference marks a point unconfirmed, the result carries an open
question with all outcomes and assumes the stricter one.
"""

from __future__ import annotations

from decimal import Decimal

from compliance.catalogue import Catalogue, default_catalogue

from . import questions
from .entity_types import EnergyRole, EntityType, EntityTypeInfo, SizeRule, entity_type_info
from .facts import EntityFacts, validate_facts
from .messages import fmt_number, fmt_percent
from .outputs import authorities_for, deadlines_for, fines_for
from .recorder import Counted, type_category
from .result import Category, Classification, ReasoningStep, Route
from .size_steps import SizeSteps
from .sizes import SizeClass

_SUPPLY_TYPES = (EntityType.ELECTRICITY_SUPPLY, EntityType.GAS_SUPPLY)
_WATER_TYPES = (EntityType.DRINKING_WATER, EntityType.WASTEWATER)


def classify(facts: EntityFacts, *, catalogue: Catalogue | None = None) -> Classification:
    """Classify one legal entity under NIS2/BSIG, EnWG and the KRITIS-DachG.

    ``catalogue`` selects the duty catalogue for ``duty_ids`` (default: the
    newest shipped version). Raises ``ValueError`` for contradictory facts.
    """
    validate_facts(facts)
    return _Run(facts, catalogue or default_catalogue()).execute()


__all__ = ["classify", "type_category"]


class _Run(SizeSteps):
    """One execution of the procedure (steps 1-3, 5-7; step 4 in ``SizeSteps``)."""

    def __init__(self, facts: EntityFacts, catalogue: Catalogue) -> None:
        super().__init__(facts)
        self.catalogue = catalogue

    def execute(self) -> Classification:
        for assumption in self.facts.assumptions:
            self.steps.append(
                ReasoningStep(
                    "ASSUMPTION",
                    assumption.text_de,
                    assumption.text_en,
                    "Adapter",
                    {"assumption": assumption.code},
                )
            )
        excluded = self.unit()
        counted = self.activities()
        self.size_independent(counted)
        size = self.size(counted) if counted and not excluded else SizeClass.MICRO
        self.kritis_check(counted)
        category = Category.OUT_OF_SCOPE if excluded else self.category_at(counted, size)
        self.add(
            "CATEGORY",
            {"category": category.code, "size_class": size.name.lower(), "kritis": self.kritis},
            category_de=category.label_de,
            category_en=category.label_en,
        )
        if category is Category.OUT_OF_SCOPE:
            self.add("CAVEAT_SMALL_DESIGNATION")
        routes = self.routes(counted, category)
        tags = self.tags(category, routes)
        duty_ids = self.catalogue.duty_ids_for(tags)
        self.add(
            "DUTIES",
            {"duties": list(duty_ids)},
            count=len(duty_ids),
            version=self.catalogue.version,
            tags=", ".join(sorted(tags)) or "-",
        )
        route = Route.NONE if not routes else routes[0] if len(routes) == 1 else Route.SEVERAL
        types = tuple(c.info.type for c in counted)
        return Classification(
            category=category,
            route=route,
            routes=routes,
            applicability=frozenset(tags),
            cer_critical=self.kritis,
            size_class=int(size),
            authorities=authorities_for(self.facts, category, routes, self.kritis, types),
            deadlines=deadlines_for(self.facts, category, routes, self.kritis),
            fines=fines_for(self.facts, category, self.kritis),
            duty_ids=duty_ids,
            catalogue_version=self.catalogue.version,
            steps=tuple(self.steps),
            open_questions=tuple(self.questions),
            complete=self.complete,
        )

    # Step 1 -------------------------------------------------------------
    def unit(self) -> bool:
        """Record the unit of assessment; True when the §28(8) exclusion applies."""
        f = self.facts
        form = {"legal_form": f.legal_form.value or "unknown"}
        self.add("UNIT_ENTITY", form, name=f.name, legal_form=form["legal_form"])
        if f.legal_form.legally_dependent:
            self.add("UNIT_DEPENDENT", form, name=f.name, legal_form=form["legal_form"])
        if not f.municipal_it_exclusion:
            return False
        solely_public = f.public_ownership_share == Decimal(100)
        used = {**form, "public_ownership_share": fmt_number(f.public_ownership_share)}
        if f.legal_form.legally_dependent or solely_public:
            self.add("EXCLUSION_28_8", used)
            return True
        self.add("EXCLUSION_28_8_REJECTED", used, share=fmt_percent(f.public_ownership_share))
        return False

    # Step 2 -------------------------------------------------------------
    def activities(self) -> list[Counted]:
        counted: list[Counted] = []
        for activity in self.facts.activities:
            info = entity_type_info(activity.entity_type)
            names = {"type_de": info.name_de, "type_en": info.name_en}
            used = {"entity_type": info.type.value}
            if info.annex is None:
                self.add("ACTIVITY_NOT_ANNEX", used, **names)
                if info.type is EntityType.MUNICIPAL_ADMINISTRATION:
                    self.add("CAVEAT_MUNICIPAL_ADMIN", used)
                if info.type is EntityType.LOCAL_PUBLIC_TRANSPORT:
                    self.ask(questions.oespv_threshold())
                continue
            if activity.annex_exclusion:
                self.add(
                    "ACTIVITY_EXCLUDED",
                    {**used, "annex_exclusion": True},
                    **names,
                    exclusion_de=info.exclusion_de,
                    exclusion_en=info.exclusion_en,
                    exclusion_rule=info.exclusion_rule,
                )
                continue
            if activity.negligible and activity.negligible_reason.strip():
                self.add(
                    "ACTIVITY_NEGLIGIBLE",
                    {**used, "negligible": True},
                    **names,
                    reason=activity.negligible_reason.strip(),
                )
                continue
            if activity.negligible:
                self.add("ACTIVITY_NEGLIGIBLE_UNSUPPORTED", {**used, "negligible": True}, **names)
            self.add(
                "ACTIVITY_COUNTS",
                used,
                **names,
                annex=info.annex,
                anlage=info.anlage,
                entry=info.nis2_entry,
            )
            if not activity.offered_for_payment:
                self.add("ACTIVITY_IN_HOUSE", {**used, "offered_for_payment": False}, **names)
            counted.append(Counted(info, activity))
        if not counted:
            self.add("NO_ACTIVITY")
        return counted

    # Step 3 -------------------------------------------------------------
    def size_independent(self, counted: list[Counted]) -> None:
        for c in counted:
            names = {"type_de": c.info.name_de, "type_en": c.info.name_en}
            used = {"entity_type": c.info.type.value}
            if c.info.size_rule is SizeRule.TELECOM:
                self.add("TELECOM_ANY_SIZE", used)
            elif c.info.size_rule is SizeRule.ESSENTIAL_ANY_SIZE:
                self.add("ESSENTIAL_ANY_SIZE", used, **names)
            elif c.info.size_rule is SizeRule.TRUST_SERVICE:
                self.add("TRUST_SERVICE_ANY_SIZE", used)

    # Step 5 -------------------------------------------------------------
    def kritis_check(self, counted: list[Counted]) -> None:
        f = self.facts
        used = {
            "kritis_designated": f.kritis_designated,
            "critical_installation": f.critical_installation,
        }
        if f.kritis_designated:
            self.add("KRITIS_DESIGNATED", used)
        if f.critical_installation:
            self.add("KRITIS_INSTALLATION", used)
            if not f.kritis_designated:
                self.ask(questions.kritis_ordinance())
        if not self.kritis:
            self.add("KRITIS_NONE", used)

    # Step 7 -------------------------------------------------------------
    def routes(self, counted: list[Counted], category: Category) -> tuple[Route, ...]:
        in_scope = category is not Category.OUT_OF_SCOPE
        routes: list[Route] = []
        bsig: list[EntityTypeInfo] = []
        for c in counted:
            names = {"type_de": c.info.name_de, "type_en": c.info.name_en}
            used = {"entity_type": c.info.type.value}
            if c.info.energy_role is EnergyRole.NETWORK:
                if Route.ENWG not in routes:
                    self.add("ROUTE_ENWG_NETWORK", used)
                    routes.append(Route.ENWG)
            elif c.info.energy_role is EnergyRole.INSTALLATION:
                if not in_scope:
                    self.add("ROUTE_ENWG_INSTALLATION_OUT", used, **names)
                elif c.activity.side_activity:
                    self.add("ROUTE_ENWG_SIDE", used, **names)
                    bsig.append(c.info)
                else:
                    self.add("ROUTE_ENWG_INSTALLATION", used, **names)
                    if Route.ENWG not in routes:
                        routes.append(Route.ENWG)
            elif c.info.telecom and in_scope:
                self.add("ROUTE_TELECOM", used)
                routes.append(Route.TELECOM)
                self.ask(questions.tkg_sections())
            elif not c.info.telecom:
                if c.info.type in _SUPPLY_TYPES:
                    self.add("ROUTE_SUPPLY", used, **names)
                bsig.append(c.info)
        if in_scope and (bsig or not routes):
            kinds = bsig or [c.info for c in counted]
            self.add(
                "ROUTE_BSIG",
                {"entity_types": [i.type.value for i in kinds]},
                types_de=", ".join(i.name_de for i in kinds) or "KRITIS",
                types_en=", ".join(i.name_en for i in kinds) or "KRITIS",
            )
            routes.append(Route.BSIG)
        if self.kritis and Route.BSIG in routes:
            self.add("KRITIS_EXTRA_DUTIES", {"kritis": True})
        if Route.ENWG in routes:
            self.ask(questions.enwg_catalogue())
        if in_scope and any(c.info.type in _WATER_TYPES for c in counted):
            self.ask(questions.b3s_water())
        if not routes:
            self.add("ROUTE_NONE")
        return tuple(routes)

    def tags(self, category: Category, routes: tuple[Route, ...]) -> set[str]:
        tags = set()
        if category is Category.ESSENTIAL:
            tags.add("be")
        elif category is Category.IMPORTANT:
            tags.add("we")
        if self.kritis:
            tags.add("kritis")
        if Route.ENWG in routes:
            tags.add("enwg")
        return tags
