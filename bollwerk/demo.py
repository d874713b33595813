"""The demo-data registry behind ``manage.py seed_demo``.

``bollwerk`` creates the organization and its people; each app adds its own
part (inventory, supply chain, compliance, incidents) by registering a seeder
from its ``AppConfig.ready``. Seeders run in ``order`` with one shared
:class:`DemoContext` and must be deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    organization: object
    rng: random.Random
    assets: int = 300
    components: int = 2000
    counts: dict = field(default_factory=dict)


_SEEDERS: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def register(order: int, name: str, seeder: Callable[[DemoContext], None]) -> None:
    if any(existing == name for _, existing, _ in _SEEDERS):
        return
    _SEEDERS.append((order, name, seeder))
    _SEEDERS.sort(key=lambda item: item[0])


def seeders() -> list[tuple[int, str, Callable[[DemoContext], None]]]:
    return list(_SEEDERS)
