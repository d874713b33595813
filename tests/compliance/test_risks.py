"""The risk register: findings raise or propose risks; the heat map counts per cell."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from compliance import svg
from compliance.models import Risk
from compliance.selectors import risk_cells
from compliance.services.risks import risk_propose_from_finding, risk_save
from tests.compliance.factories import RiskFactory

pytestmark = pytest.mark.django_db


def test_a_finding_proposes_a_new_risk_rated_by_its_severity(org):
    risk = risk_propose_from_finding(
        org=org,
        title="Unknown host",
        description="10.0.0.9 answers",
        severity="high",
        source_ref="finding:17",
    )
    assert (risk.status, risk.inherent_likelihood, risk.residual_likelihood) == ("proposed", 4, 4)


def test_a_repeated_finding_raises_the_likelihood_of_its_risk_and_never_lowers_it(org):
    kwargs = {"org": org, "title": "t", "description": "d", "source_ref": "finding:1"}
    risk = risk_propose_from_finding(severity="medium", **kwargs)
    risk_propose_from_finding(severity="critical", **kwargs)
    risk_propose_from_finding(severity="low", **kwargs)
    risk.refresh_from_db()
    assert Risk.objects.filter(organization=org).count() == 1
    assert (risk.inherent_likelihood, risk.residual_likelihood) == (5, 5)


def test_an_unknown_severity_is_refused(org):
    with pytest.raises(ValidationError, match="severity"):
        risk_propose_from_finding(
            org=org, title="t", description="d", severity="huge", source_ref="f:1"
        )


def test_levels_outside_the_matrix_are_refused(org):
    with pytest.raises(ValidationError) as exc:
        risk_save(org=org, data={"title": "x", "inherent_likelihood": 6, "inherent_impact": 1})
    assert "inherent_likelihood" in exc.value.message_dict
    assert not Risk.objects.exists()


def test_the_heat_map_shows_the_count_of_each_cell(org, other_org):
    RiskFactory(organization=org, inherent_likelihood=4, inherent_impact=5)
    RiskFactory(organization=org, inherent_likelihood=4, inherent_impact=5)
    RiskFactory(organization=org, inherent_likelihood=2, inherent_impact=1, status="closed")
    RiskFactory(organization=other_org, inherent_likelihood=4, inherent_impact=5)
    cells = risk_cells(org=org)
    assert cells["inherent"] == {(4, 5): 2}
    assert cells["residual"] == {(2, 3): 2}
    picture = svg.heat_map(
        cells=cells["inherent"],
        likelihood_labels=list("abcde"),
        impact_labels=list("vwxyz"),
        threshold=6,
        title="Inherent <risk>",
    )
    found = re.findall(r'data-likelihood="(\d)" data-impact="(\d)" data-count="(\d+)"', picture)
    counts = {(int(lk), int(i)): int(c) for lk, i, c in found}
    assert counts[(4, 5)] == 2 and sum(counts.values()) == 2 and len(counts) == 25
    assert "Inherent &lt;risk&gt;" in picture


def test_the_register_page_shows_both_heat_maps(org, officer, client_for):
    RiskFactory(organization=org, title="Ransomware")
    page = client_for(officer).get("/compliance/risks/").content.decode()
    assert page.count('class="heatmap"') == 2 and "Ransomware" in page


def test_the_register_page_issues_the_same_queries_for_1_and_n_risks(org, officer, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from compliance.selectors import catalogue_current

    controls = list(catalogue_current().controls.order_by("position")[:3])
    client = client_for(officer)
    RiskFactory(organization=org, owner=officer).controls.set(controls[:1])
    client.get("/compliance/risks/")
    with CaptureQueriesContext(connection) as one:
        client.get("/compliance/risks/")
    for _ in range(6):
        RiskFactory(organization=org, owner=officer).controls.set(controls)
    with CaptureQueriesContext(connection) as many:
        client.get("/compliance/risks/")
    assert len(many) == len(one)
