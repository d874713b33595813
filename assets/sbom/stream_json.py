"""The memory-lean path for CycloneDX JSON: validate and parse without the document's whole tree.

``json.loads`` of a 50,000-component SBOM (39 MB) builds about 170 MB of
dicts, lists and strings, more than the parsed components themselves. Here
the top-level object is scanned member by member with the ``json`` module's
own C scanner; each entry of the top-level ``components`` and
``dependencies`` arrays is decoded on its own, checked against the schema's
``items`` definition, turned into :class:`Component` / :class:`Dependency`
records and dropped. Only the rest of the document (the *skeleton*, those
two arrays left empty) is held as a tree; it is validated against the whole
schema and parsed by :func:`parse_cyclonedx_json` as usual.

Checking every entry against ``items`` and the skeleton against the schema
is the whole-document check except for the arrays' ``uniqueItems``: two
equal components carry the same bom-ref (which the reference check refuses)
or, without one, the same digest; a repeated dependency ``ref`` ends the
lean path. The lean path only ever *accepts*: whatever it cannot vouch for
(syntax or schema errors, unusual layouts) returns ``None``, and the engine
then takes the full path, whose errors are the ones users see.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from json.decoder import scanstring
from typing import Any

from assets.sbom.detect import CYCLONEDX_VERSIONS, JSON_DECODER
from assets.sbom.jsonschema_validation import (
    cyclonedx_json_item_validator,
    cyclonedx_json_validator,
)
from assets.sbom.model import Component, Dependency, SbomDocument
from assets.sbom.parse_cyclonedx_json import (
    all_refs,
    component_tree,
    dependency,
    parse_cyclonedx_json,
    provides,
)
from assets.sbom.references import RefContext

#: The top-level arrays read entry by entry.
STREAMED = frozenset({"components", "dependencies"})
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SPEC_VERSION = re.compile(r'"specVersion"\s*:\s*"([0-9.]+)"')


class NotLean(Exception):
    """The lean path cannot vouch for the document: the full path decides."""


def read_cyclonedx_json(text: str, *, file_name: str) -> tuple[SbomDocument, RefContext] | None:
    """The parsed document and its reference context, or ``None`` to take the full path.

    ``text`` is the decoded document (:func:`assets.sbom.detect.decode_json`).
    A document returned here is schema-valid; its references are not checked yet.
    """
    match = _SPEC_VERSION.search(text)  # a guess, checked against the skeleton below
    if match is None or match.group(1) not in CYCLONEDX_VERSIONS:
        return None
    version = match.group(1)
    entries = _Entries(version)
    try:
        skeleton = scan_object(text, entries.take)
    except (NotLean, ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
        return None
    if (
        "spdxVersion" in skeleton
        or skeleton.get("bomFormat") != "CycloneDX"
        or skeleton.get("specVersion") != version
        or not cyclonedx_json_validator(version).is_valid(skeleton)
    ):
        return None
    doc, context = parse_cyclonedx_json(skeleton, file_name=file_name, spec_version=version)
    entries.splice(doc, context, skeleton)
    return doc, context


def _skip(text: str, position: int) -> int:
    return _WHITESPACE.match(text, position).end()


def scan_object(text: str, take: Callable[[str, int, Any], None]) -> dict[str, Any]:
    """The top-level JSON object of ``text`` with every :data:`STREAMED` array left empty.

    Each entry of such an array is decoded alone and passed to ``take(key,
    index, entry)``. Raises :class:`NotLean` where the layout is not a plain
    object (or a streamed key repeats) and ``ValueError`` on a syntax error.
    """
    position = _skip(text, 0)
    if text[position : position + 1] != "{":
        raise NotLean
    skeleton: dict[str, Any] = {}
    position = _skip(text, position + 1)
    if text[position : position + 1] != "}":
        while True:
            position = _scan_member(text, position, skeleton, take)
            char = text[position : position + 1]
            if char == "}":
                break
            if char != ",":
                raise NotLean
            position = _skip(text, position + 1)
    if _skip(text, position + 1) != len(text):
        raise NotLean
    return skeleton


def _scan_member(
    text: str, position: int, skeleton: dict[str, Any], take: Callable[[str, int, Any], None]
) -> int:
    """Read the member (``"key": value``) at ``position`` into ``skeleton``; returns what follows."""
    if text[position : position + 1] != '"':
        raise NotLean
    key, position = scanstring(text, position + 1)
    position = _skip(text, position)
    if text[position : position + 1] != ":":
        raise NotLean
    position = _skip(text, position + 1)
    if key in STREAMED and key in skeleton:
        raise NotLean  # json.loads keeps the last of repeated keys; not worth copying
    if key in STREAMED and text[position : position + 1] == "[":
        position = _scan_array(text, position + 1, key, take)
        skeleton[key] = []
    else:
        skeleton[key], position = JSON_DECODER.raw_decode(text, position)
    return _skip(text, position)


def _scan_array(text: str, position: int, key: str, take: Callable[[str, int, Any], None]) -> int:
    """Pass every entry of the array starting after ``position`` to ``take``; returns its end."""
    position = _skip(text, position)
    if text[position : position + 1] == "]":
        return position + 1
    index = 0
    while True:
        entry, position = JSON_DECODER.raw_decode(text, position)
        take(key, index, entry)
        del entry
        index += 1
        position = _skip(text, position)
        if text[position : position + 1] == "]":
            return position + 1
        if text[position : position + 1] != ",":
            raise NotLean
        position = _skip(text, position + 1)


class _Entries:
    """Validates and converts the entries of the streamed arrays as they come."""

    def __init__(self, version: str) -> None:
        self.component_validator = cyclonedx_json_item_validator(version, "components")
        self.dependency_validator = cyclonedx_json_item_validator(version, "dependencies")
        self.components: list[Component] = []
        self.dependencies: list[Dependency] = []
        self.provides: list[tuple[str, str, int | None]] = []
        self.digests: set[bytes] = set()
        self.dependency_refs: set[str] = set()
        # The dependency graph names components by bom-ref: share their string objects.
        self.shared: dict[str, str] = {}

    def take(self, key: str, index: int, entry: Any) -> None:
        if key == "components":
            self._component(index, entry)
        else:
            self._dependency(index, entry)

    def _component(self, index: int, entry: Any) -> None:
        if not self.component_validator.is_valid(entry):
            raise NotLean
        ref = entry.get("bom-ref")
        if not (isinstance(ref, str) and ref):  # with one, a duplicate is a duplicate bom-ref
            digest = _digest(entry)
            if digest in self.digests:
                raise NotLean
            self.digests.add(digest)
        start = len(self.components)
        component_tree(entry, None, f"/components/{index}", self.components)
        for component in self.components[start:]:
            self.shared.setdefault(component.bom_ref, component.bom_ref)

    def _dependency(self, index: int, entry: Any) -> None:
        if not self.dependency_validator.is_valid(entry):
            raise NotLean
        found = dependency(entry)
        if found.ref in self.dependency_refs:
            raise NotLean  # uniqueItems: equal entries repeat their ref; the full path decides
        shared = self.shared
        found.ref = shared.get(found.ref, found.ref)
        found.depends_on = [shared.get(target, target) for target in found.depends_on]
        self.dependency_refs.add(found.ref)
        self.dependencies.append(found)
        self.provides += provides(index, entry)

    def splice(self, doc: SbomDocument, context: RefContext, skeleton: dict[str, Any]) -> None:
        """Put the streamed records into ``doc`` (parsed from the skeleton) and ``context``."""
        offset = len(doc.components)  # metadata.component's children come first
        streamed = self.components
        for component in streamed:
            if component.parent is not None:
                component.parent += offset
        doc.components.extend(streamed)
        doc.dependencies = self.dependencies
        context.other_uses = self.provides + context.other_uses
        # Fewer refs than the whole tree holds (the streamed entries' inner objects are gone):
        # a reference found dangling sends the document down the full path, which looks again.
        context.all_refs = lambda: all_refs(skeleton) | {c.bom_ref for c in streamed}


def _digest(entry: Any) -> bytes:
    """A digest equal for entries JSON Schema's ``uniqueItems`` holds equal (1.0 equals 1)."""
    canonical = json.dumps(_integral(entry), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral(item) for item in value]
    return value
