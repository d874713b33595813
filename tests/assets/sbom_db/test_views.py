"""SBOM pages: upload form, list, detail with components, tree partial, diff, download,
product and asset pages; constant query counts on lists."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import Sbom, SbomComponent
from assets.services.sbom import sbom_import
from bollwerk.models import Role
from tests.assets.factories import AssetFactory, ProductFactory, SbomFactory
from tests.assets.sbom.builders import cdx, component, dumps
from tests.assets.sbom_db.helpers import BILLION_LAUGHS, as_zip, small_bom, stored_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(member, client_for):
    return client_for(member(Role.PROCUREMENT))


def _store(org, data=None, **kwargs):
    kwargs.setdefault("supplier", "Siemens AG")
    return sbom_import(org=org, file=data or small_bom(), file_name="bom.json", **kwargs)


def _post(web, data=None, name="bom.json", **fields):
    payload = {"file": SimpleUploadedFile(name, data or small_bom()),
               "new_supplier": "Siemens AG", **fields}  # fmt: skip
    return web.post(reverse("assets:sbom-upload"), payload)


def test_the_upload_form_imports_and_links_the_chosen_assets(web, org):
    scada = AssetFactory(organization=org, name="Leitrechner")
    response = _post(web, product_name="Leitsystem", product_version="7.1", assets=[scada.pk])
    sbom = Sbom.objects.get()
    assert response.status_code == 302 and response.url == reverse("assets:sbom-detail",
                                                                   args=[sbom.pk])  # fmt: skip
    scada.refresh_from_db()
    assert scada.product == sbom.product


def test_a_refused_file_re_renders_the_form_with_the_one_line_error(web, media_root):
    before = stored_counts(media_root)
    response = _post(web, BILLION_LAUGHS, name="bomb.xml", product_name="P")
    assert response.status_code == 400
    assert "bomb.xml" in response.content.decode()
    assert stored_counts(media_root) == before


def test_the_form_needs_a_supplier_or_a_product(web):
    response = web.post(reverse("assets:sbom-upload"),
                        {"file": SimpleUploadedFile("bom.json", small_bom())})  # fmt: skip
    assert response.status_code == 400
    assert "Choose a supplier or name a new one." in response.content.decode()


def test_a_zip_needs_the_checkbox(web):
    archive = as_zip("bom.json", small_bom())
    assert _post(web, archive, name="b.zip").status_code == 400
    assert _post(web, archive, name="b.zip", allow_zip="on").status_code == 302


def test_an_existing_product_can_be_chosen(web, org):
    product = ProductFactory(organization=org, name="Gateway", version="3")
    response = web.post(reverse("assets:sbom-upload"),
                        {"file": SimpleUploadedFile("bom.json", small_bom()),
                         "product": product.pk})  # fmt: skip
    assert response.status_code == 302
    assert Sbom.objects.get().product == product


def test_viewers_cannot_open_the_upload_form(member, client_for):
    viewer = client_for(member(Role.VIEWER))
    assert viewer.get(reverse("assets:sbom-upload")).status_code == 403


def test_the_sbom_page_shows_metadata_quality_and_components(web, org):
    sbom = _store(org)
    page = web.get(reverse("assets:sbom-detail", args=[sbom.pk])).content.decode()
    assert "Leitsystem 7.1" in page and "lodash.merge" in page and "pkg:npm/lodash@4.17.15" in page
    assert f"{sbom.quality_score} / 100" in page
    assert "Validation errors" not in page


def test_the_component_table_searches_and_filters(web, org):
    sbom = _store(org)
    url = reverse("assets:sbom-detail", args=[sbom.pk])
    table = lambda q: web.get(url + q).content.decode().split('id="component-table"')[1]  # noqa: E731
    assert "log4j-core" in table("?q=log4j") and "lodash" not in table("?q=log4j")
    assert "log4j-core" in table("?scope=required") and "lodash" not in table("?scope=required")
    assert "lodash" in table("?has_purl=1")
    assert "No components match." in table("?has_purl=0")


def test_lenient_validation_errors_are_shown(web, org):
    sbom = _store(org, dumps(cdx("1.6", components=[component("a", version=5)])), lenient=True,
                  product_name="P")  # fmt: skip
    page = web.get(reverse("assets:sbom-detail", args=[sbom.pk])).content.decode()
    assert "Validation errors (1)" in page and "/components/0/version" in page


def test_the_tree_partial_shows_children_dependencies_and_dependents(web, org):
    sbom = _store(org)
    lodash = SbomComponent.objects.get(sbom=sbom, name="lodash")
    page = web.get(reverse("assets:sbom-component-tree", args=[lodash.pk])).content.decode()
    nested, depends, needed = page.split("<h4>")[1:4]
    assert "lodash.merge" in nested and "lodash.merge" in depends
    assert "app" in needed and "the product itself" in needed


def test_the_diff_page_compares_two_sboms_of_the_product(web, org):
    first = _store(org)
    second = _store(org, small_bom(versions={"lodash": "4.17.21"}), product_version="7.2")
    url = reverse("assets:sbom-diff", args=[second.pk])
    page = web.get(f"{url}?base={first.pk}&other={second.pk}").content.decode()
    assert "0 added, 0 removed, 1 changed, 2 unchanged." in page
    assert "4.17.21" in page


def test_the_original_file_downloads(web, org):
    sbom = _store(org)
    response = web.get(reverse("assets:sbom-download", args=[sbom.pk]))
    assert b"".join(response.streaming_content) == small_bom()
    assert 'filename="bom.json"' in response["Content-Disposition"]


def test_product_page_lists_sboms_and_assets_and_asset_page_shows_the_current_sbom(web, org):
    scada = AssetFactory(organization=org, name="Leitrechner Nord")
    old = _store(org)
    new = _store(org, small_bom(versions={"lodash": "4.17.21"}), asset_ids=[scada.pk])
    product_page = web.get(reverse("assets:product-detail", args=[new.product_id])).content.decode()
    assert "Leitrechner Nord" in product_page and "superseded" in product_page
    asset_page = web.get(reverse("assets:asset-detail", args=[scada.pk])).content.decode()
    section = asset_page.split('id="asset-sbom"')[1]
    assert reverse("assets:sbom-detail", args=[new.pk]) in section
    assert reverse("assets:sbom-detail", args=[old.pk]) not in section


def test_the_list_marks_superseded_sboms_and_filters_current_ones(web, org):
    _store(org)
    _store(org, small_bom(versions={"lodash": "4.17.21"}))
    url = reverse("assets:sbom-list")
    assert web.get(url).content.decode().count('badge">superseded') == 1
    assert "superseded</span>" not in web.get(url + "?current=1").content.decode()


@pytest.mark.parametrize("name", ["assets:sbom-list", "assets:product-list"])
def test_list_pages_issue_the_same_queries_for_one_and_many(web, org, name):
    SbomFactory(organization=org)
    web.get(reverse(name))
    with CaptureQueriesContext(connection) as one:
        web.get(reverse(name))
    for _ in range(6):
        SbomFactory(organization=org)
    with CaptureQueriesContext(connection) as many:
        web.get(reverse(name))
    assert len(one) == len(many)


def test_the_component_table_issues_the_same_queries_for_few_and_many_components(web, org):
    few = _store(org, dumps(cdx("1.6", components=[component("a")])), product_name="A")
    many = _store(org, dumps(cdx("1.6", components=[
        component(f"c{i}", components=[component(f"c{i}-n")]) for i in range(40)
    ])), product_name="B")  # fmt: skip
    counts = []
    for sbom in (few, many):
        url = reverse("assets:sbom-detail", args=[sbom.pk])
        web.get(url)
        with CaptureQueriesContext(connection) as queries:
            web.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_filters_by_supplier(web, org):
    _store(org)
    other = _store(org, supplier="Schneider Electric", product_name="Geo SCADA")
    page = web.get(reverse("assets:sbom-list") + f"?supplier={other.product.supplier_id}")
    table = page.content.decode().split('id="sbom-table"')[1]
    assert "Geo SCADA" in table and "Leitsystem" not in table


def test_a_large_upload_is_parsed_from_its_temporary_file_under_its_own_name(
    web, org, settings, media_root, monkeypatch
):
    """Django spools big uploads to disk; the import reads that file instead of a bytes copy."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    from assets.services import sbom as service

    settings.FILE_UPLOAD_HANDLERS = [
        f"{TemporaryFileUploadHandler.__module__}.TemporaryFileUploadHandler"
    ]
    read_into_memory = []
    monkeypatch.setattr(service, "_read", lambda *a, **kw: read_into_memory.append(a))
    data = small_bom()
    response = web.post(
        reverse("assets:sbom-upload"),
        {"file": SimpleUploadedFile("vendor-7.1.cdx.json", data), "new_supplier": "Siemens AG",
         "product_name": "Leitsystem"},
    )  # fmt: skip
    assert response.status_code == 302
    sbom = Sbom.objects.get()
    assert sbom.file_name == "vendor-7.1.cdx.json" and not read_into_memory
    with sbom.file.open("rb") as handle:
        assert handle.read() == data

    refused = _post(web, BILLION_LAUGHS, name="vendor-bomb.xml", product_name="P")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "vendor-bomb.xml" in page and ".upload" not in page
