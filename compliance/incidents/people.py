"""The proposed number of people affected, from the affected services and assets.

Formula (per affected essential service *s*)::

    assets(s)   = the assets s depends on directly (ServiceDependency) plus
                  everything reachable from them along topology links
                  (a link source needs its target), decommissioned assets excluded
    share(s)    = |affected assets ∩ assets(s)| / |assets(s)|
                  = 1 when the incident names no asset of s (the whole service is
                  marked affected) or s has no recorded assets
    people(s)   = s.population_served, else s.customers_served (0 when unknown)

    proposed    = round(Σ people(s) × share(s))
    share_pct   = proposed / Σ people(s) × 100

A counting share, not a load-flow model: it gives the officer a defensible
starting number that they accept or override.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assets.models import Asset, EssentialService, Link, ServiceDependency


@dataclass(frozen=True)
class ServiceShare:
    """One service's part of the proposal."""

    service: EssentialService
    people: int
    affected_assets: int
    total_assets: int
    share: Decimal

    @property
    def affected_people(self) -> Decimal:
        return self.people * self.share


@dataclass(frozen=True)
class PeopleProposal:
    """The proposal with its breakdown (shown next to the officer's figure)."""

    people: int
    share_percent: Decimal | None
    services: tuple[ServiceShare, ...]


def _reachable(roots: set[int], adjacency: dict[int, list[int]]) -> set[int]:
    seen, queue = set(roots), deque(roots)
    while queue:
        for target in adjacency.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def affected_people_propose(
    *, services: list[EssentialService], asset_ids: set[int]
) -> PeopleProposal:
    """The proposal for an incident affecting ``services`` and the assets ``asset_ids``.

    Three queries (dependencies, links, decommissioned assets) whatever the number of
    services; the organization is that of the services.
    """
    if not services:
        return PeopleProposal(0, None, ())
    org_id = services[0].organization_id
    service_ids = [s.pk for s in services]
    roots: dict[int, set[int]] = defaultdict(set)
    for service_id, asset_id in ServiceDependency.objects.filter(
        organization_id=org_id, service_id__in=service_ids
    ).values_list("service_id", "asset_id"):
        roots[service_id].add(asset_id)
    inactive = set(
        Asset.objects.filter(
            organization_id=org_id, lifecycle=Asset.Lifecycle.DECOMMISSIONED
        ).values_list("pk", flat=True)
    )
    adjacency: dict[int, list[int]] = defaultdict(list)
    for source, target in Link.objects.filter(organization_id=org_id).values_list(
        "source_id", "target_id"
    ):
        if source not in inactive and target not in inactive:
            adjacency[source].append(target)
    shares = []
    for service in services:
        needed = _reachable(roots[service.pk] - inactive, adjacency)
        hit = len(needed & asset_ids)
        share = Decimal(hit) / Decimal(len(needed)) if hit else Decimal(1)
        shares.append(ServiceShare(service, service.people_served or 0, hit, len(needed), share))
    total_people = sum(s.people for s in shares)
    proposed = int(sum((s.affected_people for s in shares), Decimal(0)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    ))  # fmt: skip
    percent = (
        (Decimal(proposed) * 100 / total_people).quantize(Decimal("0.01")) if total_people else None
    )
    return PeopleProposal(proposed, percent, tuple(shares))
