"""Vulnerability pages and API: scoping, 1-vs-N queries, VEX form and endpoint, advisory section."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import Asset
from tests.assets.factories import AssetFactory, VulnerabilityMatchFactory

pytestmark = pytest.mark.django_db


def _batch(org, n):
    """n matches: half on components, half on assets (with supplier), varied advisories."""
    out = []
    for i in range(n):
        if i % 2:
            asset = AssetFactory(organization=org, criticality=3)
            out.append(VulnerabilityMatchFactory(organization=org, component=None, asset=asset,
                                                 identifier="ot-name"))  # fmt: skip
        else:
            out.append(VulnerabilityMatchFactory(organization=org))
    return out


@pytest.mark.parametrize("kind", ["page", "api"])
def test_list_issues_as_many_queries_for_1_as_for_n_rows(
    kind, org, officer, client_for, api_client_for
):
    client = client_for(officer) if kind == "page" else api_client_for(officer)
    url = reverse("assets:vulnerability-list") if kind == "page" else reverse("vulnerability-list")
    _batch(org, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _batch(org, 9)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    if kind == "api":
        assert len(response.json()["results"]) == 10
    else:
        assert response.content.decode().count("/assets/vulnerabilities/") >= 10
    assert len(ten) == len(one)


def test_another_organizations_match_is_404_on_page_api_and_advisory_section(
    org, other_org, officer, client_for, api_client_for
):
    theirs = VulnerabilityMatchFactory(organization=other_org)
    client, api = client_for(officer), api_client_for(officer)
    assert client.get(reverse("assets:vulnerability-detail", args=[theirs.pk])).status_code == 404
    assert api.get(reverse("vulnerability-detail", args=[theirs.pk])).status_code == 404
    response = api.post(reverse("vulnerability-vex", args=[theirs.pk]), {"status": "fixed"})
    assert response.status_code == 404
    page = client.get(reverse("assets:advisory-detail", args=[theirs.advisory_id])).content.decode()
    assert "Nothing of your organization matches" in page and theirs.component.name not in page
    assert (
        theirs.component.name
        not in client.get(reverse("assets:vulnerability-list")).content.decode()
    )


def test_officer_sets_not_affected_on_the_page_and_a_viewer_may_not(
    org, officer, member, client_for
):
    match = VulnerabilityMatchFactory(organization=org)
    url = reverse("assets:vulnerability-detail", args=[match.pk])
    client = client_for(officer)
    response = client.post(url, {"status": "not_affected", "note": "x"})
    assert response.status_code == 200 and "justification" in response.content.decode()
    response = client.post(url, {"status": "not_affected", "justification": "code_not_present",
                                 "note": "not shipped"})  # fmt: skip
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.vex_source, match.vex_set_by) == ("not_affected", "manual", officer)
    viewer = member("viewer")
    assert client_for(viewer).post(url, {"status": "affected"}).status_code == 403


def test_api_vex_statement_and_cyclonedx_export(org, officer, api_client_for):
    match = VulnerabilityMatchFactory(organization=org, component__purl="pkg:npm/lib@1.0.0")
    api = api_client_for(officer)
    bad = api.post(reverse("vulnerability-vex", args=[match.pk]), {"status": "not_affected"})
    assert bad.status_code == 400 and "justification" in bad.json()
    ok = api.post(reverse("vulnerability-vex", args=[match.pk]),
                  {"status": "not_affected", "justification": "requires_configuration"})  # fmt: skip
    assert ok.status_code == 200 and ok.json()["status"] == "not_affected"
    for spec in ("1.5", "1.6"):
        body = api.get(reverse("vulnerability-vex-export") + f"?spec={spec}").content
        doc = json.loads(body)
        assert doc["specVersion"] == spec
        [vuln] = doc["vulnerabilities"]
        assert vuln["analysis"]["state"] == "not_affected"
        assert vuln["affects"][0]["ref"] == doc["components"][0]["bom-ref"]
        assert doc["components"][0]["purl"] == "pkg:npm/lib@1.0.0"


def test_filters_narrow_the_list(org, officer, client_for):
    low = AssetFactory(organization=org, criticality=1, name="low-asset")
    high = AssetFactory(organization=org, criticality=4, name="high-asset")
    for asset in (low, high):
        VulnerabilityMatchFactory(
            organization=org, component=None, asset=asset, identifier="ot-name"
        )
    client = client_for(officer)
    page = client.get(reverse("assets:vulnerability-list") + "?criticality=3").content.decode()
    assert "high-asset" in page and "low-asset" not in page
    exploited = Asset.objects.get(name="low-asset").vulnerability_matches.get().advisory
    exploited.kev = True
    exploited.save()
    page = client.get(reverse("assets:vulnerability-list") + "?kev=1").content.decode()
    assert "low-asset" in page and "high-asset" not in page


def test_the_product_page_links_the_products_vex_export_and_it_holds_only_that_product(
    org, member, client_for
):
    ours = VulnerabilityMatchFactory(organization=org, component__purl="pkg:npm/ours@1.0.0")
    VulnerabilityMatchFactory(organization=org, component__purl="pkg:npm/elsewhere@1.0.0")
    product = ours.component.sbom.product
    client = client_for(member("procurement"))
    page = client.get(reverse("assets:product-detail", args=[product.pk])).content.decode()
    link = page.split('id="product-vex" href="')[1].split('"')[0].replace("&amp;", "&")
    assert link == reverse("assets:vulnerability-vex") + f"?product={product.pk}"
    response = client.get(link)
    assert (
        f'filename="vex-{org.slug}-product-{product.pk}.cdx.json"'
        in response["Content-Disposition"]
    )
    doc = json.loads(response.content)
    assert [c["purl"] for c in doc["components"]] == ["pkg:npm/ours@1.0.0"]
    assert [v["id"] for v in doc["vulnerabilities"]] == [ours.advisory.source_id]
