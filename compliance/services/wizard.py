"""Store one step of the classification wizard (organization facts and entity inputs)."""

from __future__ import annotations

from django.db import transaction

from bollwerk.models import Organization
from bollwerk.services.tenancy import organization_update
from compliance.services.classification import (
    classification_compute_all,
    legal_entity_default,
    legal_entity_save_inputs,
)

STEPS = ("legal", "activities", "size", "related", "it", "kritis")


def wizard_initial(*, org: Organization, step: str) -> dict | list:
    """The current values of one step (what the form shows)."""
    entity = legal_entity_default(org=org)
    if step == "legal":
        dependent = org.legal_form in ("eigenbetrieb", "regiebetrieb")
        return {
            "legal_form": org.legal_form,
            "municipal_unit": "yes" if dependent else "no",
            "public_ownership_share": org.public_ownership_share,
            "federal_state": org.federal_state,
        }
    if step == "activities":
        items = entity.activities or []
        return {
            "activities": [a["entity_type"] for a in items],
            "exclusions": [a["entity_type"] for a in items if a.get("annex_exclusion")],
            "side_activities": [a["entity_type"] for a in items if a.get("side_activity")],
        }
    if step == "size":
        return {
            "employees": org.employees,
            "turnover_eur": org.turnover_eur,
            "balance_sheet_eur": org.balance_sheet_eur,
        }
    if step == "related":
        return [
            {
                "name": r.name,
                "share_percent": r.share_percent,
                "relation": r.relation,
                "employees": r.employees,
                "turnover_eur": r.turnover_eur,
                "balance_sheet_eur": r.balance_sheet_eur,
                "listed_investor": r.listed_investor,
            }
            for r in entity.related.all()
        ]
    if step == "it":
        return {
            "it_independent": entity.it_independent,
            "it_independence_justification": entity.it_independence_justification,
        }
    return {"kritis": org.kritis, "critical_installation": entity.critical_installation}


def wizard_step_save(*, org: Organization, step: str, data) -> list | None:
    """Store one step's cleaned data atomically; the last step classifies every entity.

    Organization facts go through ``organization_update`` (audited); the
    activities, related enterprises, IT independence and critical
    installation are stored on the default legal entity. Returns the new
    classification records after the last step, else None.
    """
    if step not in STEPS:
        raise ValueError(f"unknown wizard step {step!r}")
    entity = legal_entity_default(org=org)
    with transaction.atomic():
        if step == "legal":
            organization_update(
                organization=org,
                data={
                    k: data[k] for k in ("legal_form", "public_ownership_share", "federal_state")
                },
            )
        elif step == "activities":
            excluded = set(data["exclusions"])
            side = set(data["side_activities"])
            legal_entity_save_inputs(
                entity=entity,
                activities=[
                    {
                        "entity_type": t,
                        "annex_exclusion": t in excluded,
                        "side_activity": t in side,
                    }
                    for t in data["activities"]
                ],
            )
        elif step == "size":
            organization_update(organization=org, data=dict(data))
        elif step == "related":
            legal_entity_save_inputs(entity=entity, related=list(data))
        elif step == "it":
            legal_entity_save_inputs(entity=entity, **data)
        else:
            organization_update(organization=org, data={"kritis": data["kritis"]})
            legal_entity_save_inputs(
                entity=entity, critical_installation=data["critical_installation"]
            )
            return classification_compute_all(org=org, trigger="wizard")
    return None
