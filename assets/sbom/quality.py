"""SBOM quality: which of the elements BSI TR-03183-2 / NTIA ask for a document carries.

Score (0–100) = Σ weight × share, rounded, with these weights:

======================  ======  ==================================================
criterion               weight  share of components that have …
======================  ======  ==================================================
supplier                10      a supplier name
name                    5       a name
version                 15      a version
unique_identifier       20      a purl or a CPE
hashes                  10      at least one hash
sha512                  5       a SHA-512 hash (TR-03183-2 asks for SHA-512)
licence                 10      at least one licence (id, name or expression)
dependency_graph        15      an entry of their own as ``ref`` in ``dependencies``
creator                 5       document: authors, tools or manufacturer (1 or 0)
timestamp               5       document: a creation timestamp (1 or 0)
======================  ======  ==================================================

A document without components scores 0 on the component criteria (an empty
SBOM describes nothing). ``metadata.component`` is not counted. Components
lacking an element are listed by bom-ref (their location when they have none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assets.sbom.model import Component, SbomDocument

WEIGHTS: dict[str, int] = {
    "supplier": 10,
    "name": 5,
    "version": 15,
    "unique_identifier": 20,
    "hashes": 10,
    "sha512": 5,
    "licence": 10,
    "dependency_graph": 15,
    "creator": 5,
    "timestamp": 5,
}

_COMPONENT_CHECKS: dict[str, Callable[[Component], bool]] = {
    "supplier": lambda c: bool(c.supplier),
    "name": lambda c: bool(c.name),
    "version": lambda c: bool(c.version),
    "unique_identifier": lambda c: bool(c.purl or c.cpe),
    "hashes": lambda c: bool(c.hashes),
    "sha512": lambda c: any(h.alg == "SHA-512" and h.content for h in c.hashes),
    "licence": lambda c: any(lic.id or lic.name or lic.expression for lic in c.licenses),
}


@dataclass(slots=True)
class QualityCriterion:
    """One criterion: how many of ``total`` have it, its weight and the points earned."""

    key: str
    present: int
    total: int
    weight: int
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """``present / total`` (0 when there is nothing to count)."""
        return self.present / self.total if self.total else 0.0

    @property
    def points(self) -> float:
        """``weight × share``."""
        return self.weight * self.share


@dataclass(slots=True)
class QualityReport:
    """The quality of one SBOM: a 0–100 score and every criterion behind it."""

    score: int
    components: int
    criteria: dict[str, QualityCriterion]
    dependency_graph_complete: bool
    creator_present: bool
    timestamp_present: bool

    @property
    def missing(self) -> dict[str, list[str]]:
        """For each criterion not fully met, the bom-refs (or locations) lacking it."""
        return {key: c.missing for key, c in self.criteria.items() if c.present < c.total}


def _label(component: Component) -> str:
    return component.bom_ref or component.pointer


def sbom_quality(doc: SbomDocument) -> QualityReport:
    """Measure ``doc`` against the criteria above; a pure function of the parsed document."""
    components = doc.components
    total = len(components)
    criteria: dict[str, QualityCriterion] = {}
    for key, check in _COMPONENT_CHECKS.items():
        missing = [_label(c) for c in components if not check(c)]
        criteria[key] = QualityCriterion(key, total - len(missing), total, WEIGHTS[key], missing)
    with_entry = {dependency.ref for dependency in doc.dependencies}
    missing = [_label(c) for c in components if c.bom_ref not in with_entry or not c.bom_ref]
    criteria["dependency_graph"] = QualityCriterion(
        "dependency_graph", total - len(missing), total, WEIGHTS["dependency_graph"], missing
    )
    creator = bool(doc.authors or doc.tools or doc.manufacturer)
    criteria["creator"] = QualityCriterion(
        "creator", int(creator), 1, WEIGHTS["creator"], [] if creator else ["/metadata"]
    )
    stamped = doc.timestamp is not None
    criteria["timestamp"] = QualityCriterion(
        "timestamp",
        int(stamped),
        1,
        WEIGHTS["timestamp"],
        [] if stamped else ["/metadata/timestamp"],
    )
    score = round(sum(c.points for c in criteria.values()))
    return QualityReport(
        score=score,
        components=total,
        criteria=criteria,
        dependency_graph_complete=total > 0 and not missing,
        creator_present=creator,
        timestamp_present=stamped,
    )
