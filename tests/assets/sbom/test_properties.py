"""Property tests: no input crashes the engine, and nesting of any shape is counted and linked right."""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assets.sbom import SbomError, parse_sbom
from tests.assets.sbom.builders import cdx, dumps

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
cdx_keys = st.sampled_from(
    [
        "components",
        "dependencies",
        "vulnerabilities",
        "metadata",
        "services",
        "compositions",
        "name",
        "bom-ref",
        "purl",
        "hashes",
        "licenses",
        "ref",
        "dependsOn",
        "affects",
        "tools",
    ]
)
cdx_like = st.recursive(
    st.none() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(cdx_keys, children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_sbom_error(data):
    try:
        parse_sbom(data, file_name="fuzz", lenient=True)
    except SbomError as error:
        assert "\n" not in str(error)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_raises_only_sbom_error(value):
    with contextlib.suppress(SbomError):
        parse_sbom(json.dumps(value).encode(), file_name="fuzz.json", lenient=True)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(cdx_keys, cdx_like, max_size=6), st.sampled_from(["1.2", "1.4", "1.6", "1.7"])
)
def test_lenient_mode_parses_any_cyclonedx_shaped_garbage(fields, spec):
    doc = parse_sbom(dumps(cdx(spec, **fields)), file_name="garbage.json", lenient=True)
    assert all(c.parent is None or c.parent < i for i, c in enumerate(doc.components))


# A component tree: each node is the list of its children.
tree = st.recursive(st.just([]), lambda children: st.lists(children, max_size=3), max_leaves=30)


def build(children, prefix: str, counter: list[int]) -> list[dict]:
    out = []
    for node in children:
        counter[0] += 1
        ref = f"{prefix}{counter[0]}"
        entry = {"type": "library", "bom-ref": ref, "name": ref}
        if node:
            entry["components"] = build(node, prefix, counter)
        out.append(entry)
    return out


@settings(max_examples=100)
@given(st.lists(tree, max_size=4))
def test_every_nested_component_is_kept_with_its_parent(forest):
    counter = [0]
    components = build(forest, "c", counter)
    parsed = parse_sbom(dumps(cdx("1.6", components=components)), file_name="tree.json")
    assert len(parsed.components) == counter[0]
    expected_parent: dict[str, str | None] = {}

    def walk(entries, parent):
        for entry in entries:
            expected_parent[entry["bom-ref"]] = parent
            walk(entry.get("components", []), entry["bom-ref"])

    walk(components, None)
    actual = {
        c.bom_ref: (parsed.components[c.parent].bom_ref if c.parent is not None else None)
        for c in parsed.components
    }
    assert actual == expected_parent
