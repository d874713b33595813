"""The one map from role to allowed actions.

Views (``RoleRequiredMixin``), the API (``RolePermission``) and management
commands all ask :func:`role_can`. Resources are grouped; a model names its
group in ``permission_group`` (default: ``inventory``).
"""

from __future__ import annotations

from bollwerk.models.tenancy import Role

VIEW, ADD, CHANGE, DELETE, RUN = "view", "add", "change", "delete", "run"
WRITE = frozenset({ADD, CHANGE, DELETE})
ALL = frozenset({VIEW, ADD, CHANGE, DELETE, RUN})

#: Resource groups and what they contain.
GROUPS = {
    "organization": "the organization's own facts (classification inputs)",
    "membership": "members and roles",
    "inventory": "sites, zones, assets, topology, essential services",
    "supply_chain": "suppliers, products, SBOMs, vendor claims, procurement",
    "vulnerability": "advisories, matches, VEX statements",
    "check": "scheduled checks, scans, findings",
    "compliance": "classification, controls, evidence, risks, scores",
    "incident": "incidents and reporting obligations",
    "report": "generated reports",
    "audit": "the audit trail",
}

POLICY: dict[str, dict[str, frozenset[str]]] = {
    Role.SECURITY_OFFICER: dict.fromkeys(GROUPS, ALL),
    Role.AUDITOR: {
        **{group: frozenset({VIEW}) for group in GROUPS},
        "membership": frozenset(),
    },
    Role.PROCUREMENT: {
        **{group: frozenset({VIEW}) for group in GROUPS},
        "supply_chain": ALL,
        "audit": frozenset(),
        "membership": frozenset(),
        "report": frozenset(),
    },
    Role.VIEWER: {
        **{group: frozenset({VIEW}) for group in GROUPS},
        "audit": frozenset(),
        "membership": frozenset(),
        "report": frozenset(),
    },
}


def role_can(role: str | None, group: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` on resources of ``group``."""
    if role is None:
        return False
    if group not in GROUPS:
        raise KeyError(f"unknown permission group {group!r}")
    return action in POLICY.get(role, {}).get(group, frozenset())


def allowed_actions(role: str) -> dict[str, list[str]]:
    """The map for one role, for display and the permission table test."""
    return {group: sorted(POLICY[role].get(group, ())) for group in GROUPS}
