"""Compare two stored SBOMs: which components were added, removed or changed.

Components are matched by their package key (the normalised purl without
version, as advisory matching keys them) or, without a valid purl, by
(group, name, type). Each side is grouped into a dict once, so the work is
linear in the number of components. When one key occurs several times on a
side (the same package nested in two places), equal versions pair first and
the rest pair in document order; what is left over is added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assets.models import Sbom, SbomComponent

_FIELDS = (
    "id",
    "group",
    "name",
    "type",
    "version",
    "purl",
    "hashes",
    "licenses",
    "purl_type",
    "purl_namespace",
    "purl_name",
)


@dataclass(frozen=True, slots=True)
class DiffEntry:
    """One component in the diff; ``before``/``after`` are value dicts (``None`` on one side)."""

    key: str
    before: dict | None
    after: dict | None
    changes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        row = self.after or self.before or {}
        return f"{row['group']}/{row['name']}" if row.get("group") else row.get("name", "")


@dataclass(slots=True)
class SbomDiff:
    """The result of :func:`sbom_diff`: lists of added, removed and changed components."""

    base: Sbom
    other: Sbom
    added: list[DiffEntry] = field(default_factory=list)
    removed: list[DiffEntry] = field(default_factory=list)
    changed: list[DiffEntry] = field(default_factory=list)
    unchanged: int = 0

    def as_dict(self) -> dict:
        """A JSON-ready view (the API's response body)."""

        def entry(e: DiffEntry) -> dict:
            return {
                "key": e.key,
                "name": e.name,
                "changes": list(e.changes),
                "before": _public(e.before),
                "after": _public(e.after),
            }

        return {
            "base": self.base.pk,
            "other": self.other.pk,
            "added": [entry(e) for e in self.added],
            "removed": [entry(e) for e in self.removed],
            "changed": [entry(e) for e in self.changed],
            "unchanged": self.unchanged,
        }


def _public(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {k: row[k] for k in ("group", "name", "type", "version", "purl", "hashes", "licenses")}


def component_key(row: dict) -> str:
    """The matching key of one component value dict."""
    if row["purl_type"]:
        return f"pkg:{row['purl_type']}/{row['purl_namespace']}/{row['purl_name']}"
    return f"gnt:{row['group']}\x1f{row['name']}\x1f{row['type']}"


def _hash_set(row: dict) -> frozenset:
    return frozenset((h.get("alg", ""), h.get("content", "").lower()) for h in row["hashes"])


def _licence_set(row: dict) -> frozenset:
    return frozenset(
        lic.get("id") or lic.get("expression") or lic.get("name") or "" for lic in row["licenses"]
    )


def _changes(before: dict, after: dict) -> tuple[str, ...]:
    out = []
    if before["version"] != after["version"]:
        out.append("version")
    if _hash_set(before) != _hash_set(after):
        out.append("hashes")
    if _licence_set(before) != _licence_set(after):
        out.append("licenses")
    return tuple(out)


def _grouped(sbom: Sbom) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    rows = SbomComponent.objects.filter(sbom=sbom).order_by("position").values(*_FIELDS)
    for row in rows.iterator(chunk_size=5000):
        groups.setdefault(component_key(row), []).append(row)
    return groups


def sbom_diff(*, base: Sbom, other: Sbom) -> SbomDiff:
    """What changed from ``base`` to ``other`` (two SBOMs of one organization, any products)."""
    if base.organization_id != other.organization_id:
        raise ValueError("SBOMs of different organizations cannot be compared")
    result = SbomDiff(base=base, other=other)
    before_groups, after_groups = _grouped(base), _grouped(other)
    for key, befores in before_groups.items():
        afters = after_groups.pop(key, [])
        _pair(key, befores, afters, result)
    for key, afters in after_groups.items():
        result.added += [DiffEntry(key, None, row) for row in afters]
    for bucket in (result.added, result.removed, result.changed):
        bucket.sort(key=lambda e: (e.name.lower(), e.key))
    return result


def _pair(key: str, befores: list[dict], afters: list[dict], result: SbomDiff) -> None:
    if len(befores) == 1 and len(afters) == 1:
        pairs, rest_before, rest_after = [(befores[0], afters[0])], [], []
    else:
        by_version: dict[str, list[dict]] = {}
        for row in afters:
            by_version.setdefault(row["version"], []).append(row)
        pairs, rest_before = [], []
        for row in befores:
            same = by_version.get(row["version"])
            if same:
                pairs.append((row, same.pop(0)))
            else:
                rest_before.append(row)
        taken = {id(after) for _before, after in pairs}
        rest_after = [row for row in afters if id(row) not in taken]
        paired = min(len(rest_before), len(rest_after))
        pairs += list(zip(rest_before[:paired], rest_after[:paired], strict=True))
        rest_before, rest_after = rest_before[paired:], rest_after[paired:]
    for before, after in pairs:
        changes = _changes(before, after)
        if changes:
            result.changed.append(DiffEntry(key, before, after, changes))
        else:
            result.unchanged += 1
    result.removed += [DiffEntry(key, row, None) for row in rest_before]
    result.added += [DiffEntry(key, None, row) for row in rest_after]
