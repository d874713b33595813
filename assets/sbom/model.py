"""Plain dataclasses for a parsed SBOM, shaped for a straightforward ``bulk_create``.

Components are one flat list in document order (depth first); nesting is the
``parent`` index into that list. Dependencies, vulnerabilities and their
affected components refer to components by ``bom_ref``. Nothing here touches
Django or the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from assets.sbom.errors import ValidationIssue

SbomKind = Literal["cyclonedx", "spdx"]
SbomFormat = Literal["json", "xml"]


@dataclass(slots=True)
class Hash:
    """A digest of a component; ``alg`` uses CycloneDX names (``SHA-512``), content is as given."""

    alg: str
    content: str


@dataclass(slots=True)
class License:
    """One licence choice: an SPDX ``id``, a free ``name`` or an SPDX ``expression`` (one is set).

    ``acknowledgement`` is CycloneDX 1.6+ ``declared``/``concluded``; SPDX
    ``licenseDeclared``/``licenseConcluded`` map to the same words.
    """

    id: str = ""
    name: str = ""
    expression: str = ""
    acknowledgement: str = ""


@dataclass(slots=True)
class Component:
    """One entry of a ``components`` array (or an SPDX package).

    ``parent`` is the index in :attr:`SbomDocument.components` of the component
    this one is nested in, ``None`` for a top-level one. ``pointer`` is the
    JSON pointer or XPath where it was found.
    """

    bom_ref: str
    type: str
    name: str
    group: str = ""
    version: str = ""
    purl: str = ""
    cpe: str = ""
    hashes: list[Hash] = field(default_factory=list)
    licenses: list[License] = field(default_factory=list)
    supplier: str = ""
    scope: str = ""
    parent: int | None = None
    pointer: str = ""


@dataclass(slots=True)
class Dependency:
    """A ``dependencies`` entry: ``ref`` depends on every ref in ``depends_on`` (may be empty)."""

    ref: str
    depends_on: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Tool:
    """A tool that made the SBOM: legacy ``tools`` entries, or 1.5+ ``tools.components``/``services``."""

    name: str
    vendor: str = ""
    version: str = ""
    kind: Literal["tool", "component", "service"] = "tool"


@dataclass(slots=True)
class Contact:
    """An author or other organisational contact."""

    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(slots=True)
class Rating:
    """A vulnerability rating (CVSS or other ``method``)."""

    source: str = ""
    score: float | None = None
    severity: str = ""
    method: str = ""
    vector: str = ""


@dataclass(slots=True)
class AffectedVersion:
    """One ``affects[].versions`` entry: a ``version`` or a ``range``, with its ``status``."""

    version: str = ""
    range: str = ""
    status: str = ""


@dataclass(slots=True)
class Affect:
    """A component (by ``ref``) that a vulnerability affects, with the versions concerned."""

    ref: str
    versions: list[AffectedVersion] = field(default_factory=list)


@dataclass(slots=True)
class Vulnerability:
    """A vulnerability the document itself declares (CycloneDX 1.4+ ``vulnerabilities``, VEX)."""

    id: str
    bom_ref: str = ""
    source_name: str = ""
    source_url: str = ""
    ratings: list[Rating] = field(default_factory=list)
    cwes: list[int] = field(default_factory=list)
    description: str = ""
    detail: str = ""
    recommendation: str = ""
    analysis_state: str = ""
    analysis_justification: str = ""
    analysis_response: list[str] = field(default_factory=list)
    analysis_detail: str = ""
    affects: list[Affect] = field(default_factory=list)


@dataclass(slots=True)
class Property:
    """A name/value property, kept as given."""

    name: str
    value: str = ""


@dataclass(slots=True)
class SbomDocument:
    """A validated, fully parsed SBOM.

    ``validation_errors`` is empty unless the document was accepted in lenient
    mode; then it lists every schema and reference problem found. ``signature``
    and ``declarations`` are kept raw (a JSON value, or the XML element as a
    string) for a later signature-verification step.
    """

    file_name: str
    kind: SbomKind
    format: SbomFormat
    spec_version: str
    serial_number: str = ""
    version: int | None = None
    timestamp: datetime | None = None
    timestamp_raw: str = ""
    authors: list[Contact] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    manufacturer: str = ""
    supplier: str = ""
    metadata_component: Component | None = None
    components: list[Component] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    signature: Any = None
    declarations: Any = None
    validation_errors: list[ValidationIssue] = field(default_factory=list)
    sha256: str = ""
    size: int = 0

    def dependency_edges(self) -> Iterator[tuple[str, str]]:
        """Every ``(ref, depends_on)`` pair of the dependency graph, in document order."""
        for dependency in self.dependencies:
            for target in dependency.depends_on:
                yield dependency.ref, target
