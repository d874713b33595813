"""The registry of topology-sensitive fields.

Apps declare here which model fields reveal topology (addresses, host names,
MACs, zone names, coordinates, OT firmware versions, link details); the
reports' Redactor and the audit-trail view read it. ``bollwerk`` imports no
app: apps call :func:`register` from their ``AppConfig.ready``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SensitiveField:
    model_label: str  # "assets.asset"
    field: str
    kind: str  # ip, mac, hostname, zone, site, coordinate, firmware, link, network
    condition: str | None = None  # e.g. "ot_only": only sensitive on OT assets


_REGISTRY: dict[str, dict[str, SensitiveField]] = {}


def register(model_label: str, field: str, kind: str, *, condition: str | None = None) -> None:
    label = model_label.lower()
    _REGISTRY.setdefault(label, {})[field] = SensitiveField(label, field, kind, condition)


def fields_for(model_label: str) -> dict[str, SensitiveField]:
    return dict(_REGISTRY.get(model_label.lower(), {}))


def all_fields() -> list[SensitiveField]:
    return [f for fields in _REGISTRY.values() for f in fields.values()]


def is_sensitive(model_label: str, field: str) -> bool:
    return field in _REGISTRY.get(model_label.lower(), {})
