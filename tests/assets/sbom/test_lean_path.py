"""The memory-lean path: entries read one at a time, never a whole tree of them, and the same
document as the full path; whatever it cannot vouch for goes the full path, with its messages."""

from __future__ import annotations

import json

import jsonschema_rs
import pytest

from assets.sbom import SbomError, parse_sbom, stream_json, stream_xml
from assets.sbom.engine import decoded, parse_full, parse_lean
from tests.assets.sbom.builders import SHA512, cdx, cdx_xml, component, dumps


def both(data: bytes, file_name: str = "bom"):
    content = decoded(data, file_name=file_name)
    return (
        parse_lean(content, file_name=file_name),
        parse_full(content, file_name=file_name, lenient=False),
    )


def many(count: int) -> dict:
    """A 1.6 document: ``count`` components, every fifth with a child, a dependency graph, and
    children under metadata.component that come first in the document's component list."""
    components = [
        component(
            f"c{i}",
            hashes=[{"alg": "SHA-512", "content": SHA512}],
            licenses=[{"license": {"id": "MIT"}}],
            purl=f"pkg:npm/c{i}@1.0.0",
            **({"components": [component(f"c{i}-child")]} if i % 5 == 0 else {}),
        )
        for i in range(count)
    ]
    meta = component("app", components=[component("app-part")])
    dependencies = [
        {"ref": f"c{i}", "dependsOn": [f"c{j}" for j in range(max(0, i - 2), i)]}
        for i in range(count)
    ]
    dependencies.append({"ref": "app", "dependsOn": ["c0"], "provides": ["app-part"]})
    return cdx(
        "1.6", metadata={"component": meta}, components=components, dependencies=dependencies
    )


def as_xml(doc: dict) -> bytes:
    def element(c: dict) -> str:
        children = "".join(element(child) for child in c.get("components", []))
        return (
            f'<component type="library" bom-ref="{c["bom-ref"]}"><name>{c["name"]}</name>'
            f"<version>{c['version']}</version>"
            + (f"<purl>{c['purl']}</purl>" if "purl" in c else "")
            + (f"<components>{children}</components>" if children else "")
            + "</component>"
        )

    dependencies = "".join(
        f'<dependency ref="{d["ref"]}">'
        + "".join(f'<dependency ref="{t}"/>' for t in d["dependsOn"])
        + "</dependency>"
        for d in doc["dependencies"]
        if "provides" not in d
    )
    return cdx_xml(
        f"<metadata>{element(doc['metadata']['component'])}</metadata>"
        f"<components>{''.join(element(c) for c in doc['components'])}</components>"
        f"<dependencies>{dependencies}</dependencies>"
    )


@pytest.mark.parametrize("make", [lambda n: dumps(many(n)), lambda n: as_xml(many(n))])
def test_the_lean_path_yields_the_full_paths_document(make):
    lean, full = both(make(60))
    assert lean is not None
    assert lean == full
    assert [c.bom_ref for c in lean.components[:2]] == ["app-part", "c0"]
    assert lean.components[2].parent == 1  # c0's child, behind metadata.component's part


def test_a_single_xml_component_has_an_xpath_without_position():
    data = cdx_xml(
        '<components><component type="library" bom-ref="a"><name>a</name>'
        '<components><component type="library" bom-ref="b"><name>b</name></component>'
        '<component type="library" bom-ref="c"><name>c</name></component></components>'
        "</component></components>"
    )
    lean, full = both(data)
    assert lean == full
    assert [c.pointer for c in lean.components] == [
        "/bom/components/component",
        "/bom/components/component/components/component[1]",
        "/bom/components/component/components/component[2]",
    ]


def test_json_entries_are_read_one_at_a_time_and_the_tree_keeps_none_of_them(monkeypatch):
    taken: list[tuple[str, int]] = []
    skeletons: list[dict] = []
    original_take, original_parse = stream_json._Entries.take, stream_json.parse_cyclonedx_json

    def take(self, key, index, entry):
        taken.append((key, index))
        original_take(self, key, index, entry)

    def parse(skeleton, **kwargs):
        skeletons.append(skeleton)
        return original_parse(skeleton, **kwargs)

    monkeypatch.setattr(stream_json._Entries, "take", take)
    monkeypatch.setattr(stream_json, "parse_cyclonedx_json", parse)
    doc = parse_sbom(dumps(many(40)), file_name="bom.json")
    assert len(doc.components) == 40 + 8 + 1
    assert taken == [("components", i) for i in range(40)] + [
        ("dependencies", i) for i in range(41)
    ]
    assert skeletons[0]["components"] == skeletons[0]["dependencies"] == []


def test_xml_entries_are_cleared_once_read_so_the_tree_does_not_grow(monkeypatch):
    seen: list[tuple[str, bool]] = []
    original = stream_xml._Stream.take

    def take(self, element):
        parent = element.getparent()
        original(self, element)
        if parent.getparent() is not None and parent.getparent().getparent() is None:
            emptied = len(element) == 0 and not element.attrib
            seen.append((parent.tag.split("}")[1], emptied and parent.index(element) == 0))

    monkeypatch.setattr(stream_xml._Stream, "take", take)
    doc = parse_sbom(as_xml(many(300)), file_name="bom.xml")
    assert len(doc.components) == 300 + 60 + 1
    # Every entry is emptied once read, and all entries before it are gone from the tree (the
    # parser runs at most one input chunk ahead of the entries read).
    assert (
        seen
        == [("metadata", False)] + [("components", True)] * 300 + [("dependencies", True)] * 300
    )


def test_json_members_may_come_in_any_order():
    doc = many(5)
    reordered = {"components": doc["components"], "dependencies": doc["dependencies"]}
    reordered |= {key: value for key, value in doc.items() if key not in reordered}
    lean, full = both(dumps(reordered))
    assert lean is not None and lean == full


def test_repeated_top_level_arrays_go_the_full_path_where_the_last_one_counts():
    text = dumps(cdx()).decode()[:-1] + ', "components": [], "components": '
    data = (text + json.dumps([component("last")]) + "}").encode()
    content = decoded(data, file_name="bom.json")
    assert parse_lean(content, file_name="bom.json") is None
    assert [c.bom_ref for c in parse_sbom(data, file_name="bom.json").components] == ["last"]


@pytest.mark.parametrize(
    "data",
    [
        dumps(cdx(components=[component("a"), component("b", purl=5)])),
        dumps(cdx(dependencies=[{"ref": "ghost"}])),
        b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [}',
        dumps({"spdxVersion": "SPDX-2.3", "bomFormat": "CycloneDX", "specVersion": "1.6"}),
        cdx_xml('<components><component type="library"><name>a</name><scope>x</scope>'),
        cdx_xml(
            '<components><component type="library"><name>a</name><scope>x</scope>'
            "</component></components>"
        ),
    ],
)
def test_what_the_lean_path_cannot_vouch_for_goes_the_full_path(data):
    assert parse_lean(decoded(data, file_name="bom"), file_name="bom") is None


def test_equal_components_without_bom_ref_are_refused_as_the_schema_says():
    twin = {"type": "library", "name": "twin", "version": "1"}
    with pytest.raises(SbomError) as caught:
        parse_sbom(dumps(cdx(components=[twin, dict(reversed(twin.items()))])), file_name="b")
    assert "schema violation" in caught.value.message
    assert "non-unique" in caught.value.message


def test_equal_dependency_entries_are_refused_as_the_schema_says():
    entry = {"ref": "a", "dependsOn": []}
    doc = cdx(components=[component("a")], dependencies=[entry, entry])
    with pytest.raises(SbomError) as caught:
        parse_sbom(dumps(doc), file_name="b")
    assert "non-unique" in caught.value.message


def test_a_repeated_dependency_ref_that_is_no_duplicate_entry_is_still_accepted():
    doc = cdx(
        components=[component("a"), component("b")],
        dependencies=[{"ref": "a"}, {"ref": "a", "dependsOn": ["b"]}],
    )
    assert len(parse_sbom(dumps(doc), file_name="b").dependencies) == 2


@pytest.mark.parametrize(
    ("one", "other"),
    [({"n": 1}, {"n": 1.0}), ({"a": [1, {"b": 2}]}, {"a": [1.0, {"b": 2.0}]}), ("x", "x")],
)
def test_the_digest_holds_entries_equal_exactly_when_unique_items_does(one, other):
    unique = jsonschema_rs.validator_for({"uniqueItems": True})
    assert not unique.is_valid([one, other])
    assert stream_json._digest(one) == stream_json._digest(other)
    assert stream_json._digest({"n": 1}) != stream_json._digest({"n": 1.5})
    assert unique.is_valid([{"n": 1}, {"n": 1.5}, {"n": True}])
    assert len({stream_json._digest(v) for v in ({"n": 1}, {"n": 1.5}, {"n": True})}) == 3
