"""What changed between two catalogue versions, for migrating assessments."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Catalogue


@dataclass(frozen=True)
class Rename:
    """An old control continues as one or more new ones (via the ``replaces`` field)."""

    old_id: str
    new_ids: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueDiff:
    """Controls added, removed, renamed and reworded from ``old_version`` to ``new_version``.

    ``added`` excludes controls that replace an old one; ``removed`` excludes
    controls that a new one replaces. ``mapping`` tells, for every old control
    id, where its assessment should go: the same id, the replacing ids, or
    nowhere (an empty tuple: the control was removed).
    """

    old_version: str
    new_version: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    renamed: tuple[Rename, ...]
    reworded: tuple[str, ...]
    moved: tuple[str, ...]
    mapping: dict[str, tuple[str, ...]]

    @property
    def unchanged(self) -> bool:
        """True when no control was added, removed, renamed, reworded or moved."""
        return not (self.added or self.removed or self.renamed or self.reworded or self.moved)


def catalogue_diff(old: Catalogue, new: Catalogue) -> CatalogueDiff:
    """Compare two versions by control id and the new version's ``replaces`` fields.

    A ``replaces`` entry naming an id that is not in ``old`` is ignored (it
    refers to an even older version); an old id replaced by several new
    controls is a split and maps to all of them.
    """
    old_ids = old.control_ids
    new_ids = new.control_ids
    successors: dict[str, list[str]] = {}
    for control in new.controls():
        for old_id in control.replaces:
            if old_id in old_ids:
                successors.setdefault(old_id, []).append(control.id)
    replacing = {new_id for ids in successors.values() for new_id in ids}
    kept = old_ids & new_ids

    def order(ids: set[str] | frozenset[str], catalogue: Catalogue) -> tuple[str, ...]:
        return tuple(c.id for c in catalogue.controls() if c.id in ids)

    reworded = {cid for cid in kept if old.control(cid).statement != new.control(cid).statement}
    moved = {cid for cid in kept if old.control(cid).duty_id != new.control(cid).duty_id}
    removed = old_ids - new_ids - successors.keys()
    mapping: dict[str, tuple[str, ...]] = {cid: (cid,) for cid in kept}
    mapping.update({old_id: tuple(ids) for old_id, ids in successors.items()})
    mapping.update(dict.fromkeys(removed, ()))
    return CatalogueDiff(
        old_version=old.version,
        new_version=new.version,
        added=order(new_ids - old_ids - replacing, new),
        removed=order(removed, old),
        renamed=tuple(
            Rename(old_id, tuple(successors[old_id])) for old_id in order(set(successors), old)
        ),
        reworded=order(reworded, new),
        moved=order(moved, new),
        mapping={cid: mapping[cid] for cid in order(old_ids, old)},
    )
