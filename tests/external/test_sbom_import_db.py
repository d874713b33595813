"""Third-party SBOMs through the whole import (engine + storage): the real SBOMs store every
component, nested ones included; the CycloneDX conformance corpus: every valid document is
stored, every invalid one refused with nothing stored."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from assets.models import Sbom, SbomComponent, SbomDependency
from assets.sbom import SbomError
from assets.services.sbom import sbom_import
from tests.assets.sbom_db.helpers import stored_counts
from tests.external.sbom_counts import json_component_keys, xml_component_keys
from tests.external.test_cyclonedx_conformance import CORPUS, INVALID, VALID

pytestmark = pytest.mark.django_db


def _real_sboms() -> list[str]:
    root = Path(settings.BOLLWERK_EXTERNAL_DATA) / "sboms"
    if not root.is_dir():
        return ["<data missing>"]
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.suffix in (".json", ".xml")
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def expected_components(data: bytes, name: str) -> list[tuple[str, str]]:
    """(bom-ref, name) of every component, computed from the raw file without the engine."""
    if name.endswith(".xml"):
        return xml_component_keys(data)
    raw = json.loads(data)
    if "spdxVersion" in raw:
        return [(p["SPDXID"], p["name"]) for p in raw.get("packages", [])]
    return json_component_keys(raw)


def _import(org, path: Path, name: str):
    return sbom_import(org=org, file=path, supplier="Vendor", product_name=name,
                       product_version="1")  # fmt: skip


@pytest.mark.parametrize("name", _real_sboms())
def test_every_real_sbom_imports_with_every_component(org, external_data, name):
    path = external_data / "sboms" / name
    data = path.read_bytes()
    expected = expected_components(data, name)
    sbom = _import(org, path, name)
    stored = list(SbomComponent.objects.filter(sbom=sbom).values_list("bom_ref", "name"))
    assert sbom.component_count == len(expected) == len(stored)
    if not name.startswith("spdx/"):
        assert Counter(stored) == Counter(expected)
    assert sbom.file.read() == data
    if name.endswith(".json") and not name.startswith("spdx/"):
        raw = json.loads(data)
        edges = sum(len(d.get("dependsOn", [])) for d in raw.get("dependencies", []))
        assert sbom.dependency_count == edges
        assert SbomDependency.objects.filter(sbom=sbom).exclude(depends_on="").count() == edges


def test_juice_shops_nesting_is_stored_as_parent_links(org, external_data):
    name = "cyclonedx/cyclonedx-node-npm_juice-shop-14.1.1_bare.cdx-1.6.json"
    raw = json.loads((external_data / "sboms" / name).read_bytes())
    sbom = _import(org, external_data / "sboms" / name, "juice-shop")
    rows = SbomComponent.objects.filter(sbom=sbom)
    assert rows.filter(parent__isnull=True).count() == len(raw["components"]) == 843
    assert rows.filter(parent__isnull=False).count() == 1101 - 843
    assert not rows.filter(parent__isnull=False).exclude(parent__sbom=sbom).exists()


def test_the_same_bom_as_json_and_xml_stores_the_same_rows(org, external_data):
    fields = ("position", "bom_ref", "type", "group", "name", "version", "purl", "hashes",
              "licenses", "purl_type", "purl_namespace", "purl_name")  # fmt: skip
    stored = []
    for suffix in ("json", "xml"):
        name = f"cyclonedx/bom-examples_laravel-7.12.0.cdx-1.4.{suffix}"
        sbom = _import(org, external_data / "sboms" / name, f"laravel-{suffix}")
        stored.append(list(SbomComponent.objects.filter(sbom=sbom).order_by("position")
                           .values_list(*fields)))  # fmt: skip
    assert stored[0] == stored[1]


@pytest.mark.parametrize("name", VALID)
def test_every_valid_conformance_document_is_stored(org, external_data, name):
    path = external_data / CORPUS / name
    sbom = _import(org, path, name)
    assert sbom.component_count == len(expected_components(path.read_bytes(), name))
    assert sbom.spec_version == name.split("/")[0]
    assert sbom.validation_error_count == 0
    assert Sbom.objects.count() == 1


@pytest.mark.parametrize("name", INVALID)
def test_every_invalid_conformance_document_is_refused_with_nothing_stored(
    org, external_data, name, media_root
):
    before = stored_counts(media_root)
    with pytest.raises(SbomError) as caught:
        _import(org, external_data / CORPUS / name, name)
    assert "\n" not in str(caught.value)
    assert stored_counts(media_root) == before
