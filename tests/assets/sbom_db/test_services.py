"""sbom_import: what it stores, what it refuses (storing nothing), supersession, assets, audit."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError

from assets.models import Asset, Product, Sbom, SbomComponent, SbomDependency, Supplier
from assets.sbom import SbomError
from assets.services.sbom import VALIDATION_PENALTY, sbom_import
from bollwerk.models import AuditEvent
from tests.assets.factories import AssetFactory, ProductFactory, SupplierFactory
from tests.assets.sbom.builders import cdx, component, dumps
from tests.assets.sbom_db.helpers import (
    BILLION_LAUGHS,
    as_zip,
    external_entity,
    small_bom,
    small_bom_xml,
    stored_counts,
)

pytestmark = pytest.mark.django_db


def _import(org, data=None, **kwargs):
    kwargs.setdefault("supplier", "Siemens AG")
    kwargs.setdefault("file_name", "bom.cdx.json")
    return sbom_import(org=org, file=small_bom() if data is None else data, **kwargs)


def test_it_stores_the_document_its_components_and_the_original_bytes(org):
    data = small_bom()
    sbom = _import(org, data, product_name="Leitsystem", product_version="7.1")
    assert (sbom.kind, sbom.format, sbom.spec_version) == ("cyclonedx", "json", "1.6")
    assert sbom.file.read() == data
    assert sbom.file_sha256 == hashlib.sha256(data).hexdigest() == sbom.document_sha256
    assert sbom.file_size == len(data)
    assert sbom.file.name.startswith(f"sboms/{org.pk}/{sbom.file_sha256}/")
    assert sbom.component_count == 3 == SbomComponent.objects.filter(sbom=sbom).count()
    assert sbom.dependency_count == 3
    assert str(sbom.product) == "Leitsystem 7.1"
    assert sbom.product.supplier.name == "Siemens AG"


def test_components_keep_order_nesting_and_the_matching_key(org):
    sbom = _import(org)
    rows = list(SbomComponent.objects.filter(sbom=sbom).order_by("position"))
    assert [r.name for r in rows] == ["lodash", "lodash.merge", "log4j-core"]
    assert rows[1].parent_id == rows[0].pk and rows[1].depth == 1
    assert rows[0].parent_id is None and rows[2].parent_id is None
    assert (rows[0].purl_type, rows[0].purl_namespace, rows[0].purl_name) == ("npm", "", "lodash")
    assert (rows[2].purl_type, rows[2].purl_namespace, rows[2].purl_name) == (
        "maven",
        "org.apache.logging.log4j",
        "log4j-core",
    )
    assert rows[0].hashes == [{"alg": "SHA-512", "content": "a" * 128}]
    assert rows[0].licenses == [{"id": "MIT"}]
    assert rows[2].scope == "required"


def test_dependency_edges_resolve_to_component_rows(org):
    sbom = _import(org)
    lodash = SbomComponent.objects.get(sbom=sbom, name="lodash")
    child = SbomComponent.objects.get(sbom=sbom, name="lodash.merge")
    edge = SbomDependency.objects.get(sbom=sbom, ref="lodash")
    assert (edge.source_id, edge.target_id) == (lodash.pk, child.pk)
    from_app = SbomDependency.objects.filter(sbom=sbom, ref="app")
    assert from_app.count() == 2 and all(e.source_id is None for e in from_app)
    empty = SbomDependency.objects.get(sbom=sbom, ref="log4j")
    assert empty.depends_on == "" and empty.target_id is None


def test_the_product_defaults_to_the_documents_own_component(org):
    sbom = _import(org)
    assert (sbom.product.name, sbom.product.version) == ("Leitsystem", "7.1")


def test_an_existing_supplier_and_product_are_reused(org):
    supplier = SupplierFactory(organization=org, name="Siemens AG")
    product = ProductFactory(organization=org, supplier=supplier, name="Leitsystem", version="7.1")
    sbom = _import(org, supplier="siemens ag")
    assert sbom.product == product
    assert Supplier.objects.count() == 1 and Product.objects.count() == 1


def test_a_new_sbom_of_the_same_product_supersedes_the_previous_one(org):
    first = _import(org)
    second = _import(org, small_bom(versions={"lodash": "4.17.21"}))
    first.refresh_from_db()
    assert first.superseded_by == second and second.superseded_by is None
    third = _import(org, small_bom(versions={"lodash": "4.17.20"}), product_version="8.0")
    second.refresh_from_db()
    assert second.superseded_by is None and third.superseded_by is None  # other version


def test_assets_are_linked_to_the_product(org):
    plc, scada = AssetFactory(organization=org), AssetFactory(organization=org)
    sbom = _import(org, asset_ids=[plc.pk, scada.pk])
    assert set(Asset.objects.filter(product=sbom.product)) == {plc, scada}
    plc.refresh_from_db()
    assert plc.supplier == sbom.product.supplier


def test_another_organizations_asset_is_refused_before_reading(org, other_org):
    foreign = AssetFactory(organization=other_org)
    before = stored_counts()
    with pytest.raises(ValidationError, match=str(foreign.pk)):
        _import(org, asset_ids=[foreign.pk])
    assert stored_counts() == before


def test_one_summary_audit_event_records_the_bulk_rows(org):
    before = AuditEvent.objects.count()
    sbom = _import(org)
    events = AuditEvent.objects.order_by("seq")[before:]
    imports = [e for e in events if e.action == AuditEvent.Action.IMPORT]
    assert len(imports) == 1
    assert imports[0].changes["component_count"] == 3
    assert imports[0].object_id == str(sbom.pk)
    labels = {e.object_type for e in events}
    assert "assets.sbomcomponent" not in labels
    assert {"assets.supplier", "assets.product", "assets.sbom"} <= labels


def test_declared_vulnerabilities_are_stored_with_their_components(org):
    vulnerabilities = [{
        "id": "CVE-2021-44228",
        "source": {"name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"},
        "ratings": [{"score": 10.0, "severity": "critical", "method": "CVSSv31"}],
        "cwes": [502],
        "analysis": {"state": "exploitable", "response": ["update"], "detail": "JNDI lookup"},
        "affects": [{"ref": "log4j"}],
    }]  # fmt: skip
    sbom = _import(org, small_bom(vulnerabilities=vulnerabilities))
    vulnerability = sbom.vulnerabilities.get()
    assert sbom.vulnerability_count == 1
    assert vulnerability.vuln_id == "CVE-2021-44228" and vulnerability.severity == "critical"
    assert vulnerability.analysis_state == "exploitable" and vulnerability.cwes == [502]
    assert [c.name for c in vulnerability.components.all()] == ["log4j-core"]


def test_quality_is_stored_with_what_is_missing(org):
    sbom = _import(org)
    criteria = sbom.quality_report["criteria"]
    assert 0 < sbom.quality_score < 100
    assert criteria["hashes"]["present"] == 1 and criteria["hashes"]["total"] == 3
    assert set(criteria["hashes"]["missing"]) == {"lodash-child", "log4j"}


def test_an_invalid_document_is_refused_with_one_line_and_nothing_stored(org, media_root):
    bad = dumps(cdx("1.6", components=[{"type": "library", "name": "x", "version": 5}]))
    before = stored_counts(media_root)
    with pytest.raises(SbomError) as caught:
        _import(org, bad, supplier="Brand New Supplier GmbH")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("bom.cdx.json at /components/0/version")
    assert stored_counts(media_root) == before


def test_lenient_mode_stores_an_invalid_document_with_its_errors_and_a_penalty(org):
    doc = cdx("1.6", components=[component("a", version=5), component("b")])
    strict_score = _import(org, dumps(cdx("1.6", components=[component("a"), component("b")])),
                           product_name="P", product_version="1").quality_score  # fmt: skip
    sbom = _import(org, dumps(doc), lenient=True, product_name="P", product_version="2")
    assert sbom.lenient and sbom.validation_error_count == 1
    assert sbom.validation_errors[0]["location"] == "/components/0/version"
    assert sbom.quality_report["validation"] == {"errors": 1, "penalty": VALIDATION_PENALTY}
    assert sbom.quality_score == max(0, strict_score - VALIDATION_PENALTY)
    assert sbom.component_count == 2


def test_billion_laughs_is_refused_and_nothing_stored(org, media_root):
    before = stored_counts(media_root)
    with pytest.raises(SbomError, match=r"bomb\.xml"):
        _import(org, BILLION_LAUGHS, file_name="bomb.xml", product_name="P")
    assert stored_counts(media_root) == before


def test_an_external_entity_is_refused_and_nothing_stored(org, media_root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    before = stored_counts(media_root)
    with pytest.raises(SbomError, match=r"xxe\.xml") as caught:
        _import(org, external_entity(secret), file_name="xxe.xml", product_name="P", lenient=True)
    assert "geheim" not in str(caught.value)
    assert stored_counts(media_root) == before


def test_an_upload_over_the_size_limit_is_refused_unread(org, settings, media_root):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 1000
    stream = io.BytesIO(b" " * 5000 + small_bom())
    before = stored_counts(media_root)
    with pytest.raises(SbomError, match="larger than the limit of 1,000 bytes"):
        _import(org, stream)
    assert stream.tell() == 1001  # read the limit plus one byte, no more
    assert stored_counts(media_root) == before


def test_a_zip_is_refused_unless_allowed(org, media_root):
    archive = as_zip("bom.json", small_bom())
    before = stored_counts(media_root)
    with pytest.raises(SbomError, match="zip"):
        _import(org, archive, file_name="bundle.zip")
    assert stored_counts(media_root) == before
    sbom = _import(org, archive, file_name="bundle.zip", allow_zip=True)
    assert sbom.component_count == 3
    assert sbom.file.read() == archive  # the original upload, not the unpacked member
    assert sbom.document_sha256 == hashlib.sha256(small_bom()).hexdigest() != sbom.file_sha256


def test_a_zip_bomb_is_refused_even_when_zips_are_allowed(org, media_root):
    bomb = as_zip("bom.json", b'{"bomFormat": "CycloneDX", "x": "' + b"0" * 5_000_000 + b'"}')
    before = stored_counts(media_root)
    with pytest.raises(SbomError, match=r"bundle\.zip"):
        _import(org, bomb, file_name="bundle.zip", allow_zip=True)
    assert stored_counts(media_root) == before


def test_xml_documents_are_stored_too(org):
    sbom = _import(org, small_bom_xml(), file_name="bom.xml", product_name="zlib-app")
    assert (sbom.format, sbom.component_count) == ("xml", 1)
    assert SbomComponent.objects.get(sbom=sbom).purl_type == "generic"


def test_a_failure_while_storing_rows_removes_the_stored_file(org, media_root, monkeypatch):
    import assets.services.sbom as service

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "store_rows", explode)
    before = stored_counts(media_root)
    with pytest.raises(RuntimeError):
        _import(org)
    assert stored_counts(media_root) == before


def test_a_document_without_a_product_name_needs_one(org):
    with pytest.raises(ValidationError, match="Name the product"):
        _import(org, dumps(cdx("1.6", components=[component("a")])))
    assert Sbom.objects.count() == 0
