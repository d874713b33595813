"""The semantic check a schema cannot make: every referenced bom-ref exists, and none is doubled.

References checked: ``dependencies`` (``ref``, ``dependsOn``, 1.6 ``provides``),
``vulnerabilities[].affects[].ref`` and ``compositions`` (assemblies,
dependencies, vulnerabilities). BOM-Links (``urn:cdx:…``) point into other
BOMs and are not checked. A reference may name any ``bom-ref`` in the
document (1.5+ has many kinds of identifiable objects), so an unknown ref is
looked up in a full walk of the document before it is called dangling.

Uniqueness is checked among the identities Bollwerk stores and links by
bom-ref — components (nested and metadata.component) and services — because the spec's own valid 1.5/1.7 test documents reuse
bom-refs inside ``formulation``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assets.sbom.errors import ValidationIssue
from assets.sbom.model import SbomDocument

BOM_LINK_PREFIX = "urn:cdx:"
Locator = Callable[[], tuple[str, int | None]]


@dataclass(slots=True)
class RefContext:
    """What the check needs beyond the parsed document; filled by the format's parser.

    ``locate_dependency(i, j)`` and ``locate_affect(i, j)`` give the location and
    line of the ``j``-th dependsOn of dependency ``i`` (``j=None``: its ``ref``)
    and of affects ``j`` of vulnerability ``i``; they run only on an error.
    """

    all_refs: Callable[[], set[str]]
    locate_dependency: Callable[[int, int | None], tuple[str, int | None]]
    locate_affect: Callable[[int, int], tuple[str, int | None]]
    services: list[tuple[str, str, int | None]] = field(default_factory=list)
    other_uses: list[tuple[str, str, int | None]] = field(default_factory=list)


def check_references(doc: SbomDocument, context: RefContext) -> list[ValidationIssue]:
    """Duplicate bom-refs among stored identities, then dangling references, in document order."""
    issues = _duplicates(doc, context)
    known = _identities(doc, context)
    every: set[str] | None = None

    def dangling(ref: str) -> bool:
        nonlocal every
        if ref in known or not ref or ref.startswith(BOM_LINK_PREFIX):
            return False
        if every is None:
            every = context.all_refs()
        return ref not in every

    def report(ref: str, where: tuple[str, int | None], what: str) -> None:
        issues.append(
            ValidationIssue(where[0], f"{what} {ref!r} names no bom-ref in this document", where[1])
        )

    for i, dependency in enumerate(doc.dependencies):
        if dangling(dependency.ref):
            report(dependency.ref, context.locate_dependency(i, None), "dependency ref")
        for j, target in enumerate(dependency.depends_on):
            if dangling(target):
                report(target, context.locate_dependency(i, j), "dependsOn")
    for i, vulnerability in enumerate(doc.vulnerabilities):
        for j, affect in enumerate(vulnerability.affects):
            if dangling(affect.ref):
                report(
                    affect.ref,
                    context.locate_affect(i, j),
                    f"vulnerability {vulnerability.id} affects",
                )
    for ref, location, line in context.other_uses:
        if dangling(ref):
            report(ref, (location, line), "reference")
    return issues


def _identities(doc: SbomDocument, context: RefContext) -> set[str]:
    known = {component.bom_ref for component in doc.components}
    if doc.metadata_component is not None:
        known.add(doc.metadata_component.bom_ref)
    known.update(ref for ref, _, _ in context.services)
    known.update(vulnerability.bom_ref for vulnerability in doc.vulnerabilities)
    known.discard("")
    return known


def _duplicates(doc: SbomDocument, context: RefContext) -> list[ValidationIssue]:
    seen: set[str] = set()
    issues: list[ValidationIssue] = []
    entries: list[tuple[str, str, int | None]] = []
    meta = doc.metadata_component
    # SPDX's described package is also one of the components: the same object, not a duplicate.
    if meta is not None and all(component is not meta for component in doc.components):
        entries.append((meta.bom_ref, meta.pointer, None))
    entries.extend((component.bom_ref, component.pointer, None) for component in doc.components)
    entries.extend(context.services)
    for ref, location, line in entries:
        if not ref:
            continue
        if ref in seen:
            issues.append(ValidationIssue(location, f"duplicate bom-ref {ref!r}", line))
        seen.add(ref)
    return issues
