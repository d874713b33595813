"""Procurement pages and API: roles, flows, refusals, query counts, the compliance signal."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assets.procurement.decision import decision_record
from assets.procurement.models import ClaimAnswer, Decision, DecisionCondition, Offer
from assets.procurement.services import offer_create
from bollwerk.models import AuditEvent, Role
from compliance.data_signals import supplier_assessment_age
from compliance.signals_registry import signal_compute
from reports.models import Report
from tests.assets.factories import ProductFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def _offer(org, **kw):
    product = ProductFactory(organization=org)
    return offer_create(org=org, supplier=product.supplier, product=product, **kw)


def test_procurement_user_records_offer_and_answers(org, member, client_for):
    user = member(Role.PROCUREMENT)
    client = client_for(user)
    supplier = SupplierFactory(organization=org, name="Siemens")
    response = client.post(
        reverse("assets:procurement-offer-create"),
        {
            "supplier": supplier.pk,
            "product_name": "SICAM A8000",
            "product_version": "24.1",
            "offered_on": "2026-11-01",
            "support_end": "2030-01-01",
            "min_support_years": 5,
            "sbom_quality_threshold": 70,
        },
    )
    offer = Offer.objects.get(product__name="SICAM A8000")
    assert response.status_code == 302
    assert offer.answers.count() == 14
    support = offer.answers.get(claim_id="SUPPORT-01")
    assert support.state == ClaimAnswer.State.CONTRADICTED
    assert "2030-01-01 < 2031-11-01" in support.summary

    url = reverse("assets:procurement-offer-answers", args=[offer.pk])
    client.post(url, {"c-AUTH-01-answer": "yes", "c-AUTH-01-text": "unique per device"})
    auth = offer.answers.get(claim_id="AUTH-01")
    assert (auth.answer, auth.state) == ("yes", ClaimAnswer.State.UNVERIFIABLE)

    client.post(url, {"c-AUTH-01-answer": "maybe"})
    auth.refresh_from_db()
    assert auth.answer == "yes"  # refused, nothing stored

    client.post(
        reverse("assets:procurement-claim-verify", args=[auth.pk]),
        {"document": "Pentest report 2026-07", "verified": "1"},
    )
    auth.refresh_from_db()
    assert auth.state == ClaimAnswer.State.VERIFIED_PERSON
    assert (auth.verified_by, auth.verified_document) == (user, "Pentest report 2026-07")

    page = client.get(reverse("assets:procurement-offer-detail", args=[offer.pk]))
    assert b"Pentest report 2026-07" in page.content


def test_viewer_reads_but_cannot_write(org, member, client_for):
    offer = _offer(org)
    client = client_for(member(Role.VIEWER))
    assert (
        client.get(reverse("assets:procurement-offer-detail", args=[offer.pk])).status_code == 200
    )
    url = reverse("assets:procurement-offer-answers", args=[offer.pk])
    assert client.post(url, {"c-AUTH-01-answer": "yes"}).status_code == 403
    assert (
        client.post(reverse("assets:procurement-offer-decide", args=[offer.pk])).status_code == 403
    )


def test_decision_with_conditions_tracks_overdue(org, officer, client_for):
    offer = _offer(org)
    client = client_for(officer)
    client.post(
        reverse("assets:procurement-offer-decide", args=[offer.pk]),
        {"outcome": "conditions", "condition_1": "Signed SBOM", "due_1": "2020-01-31",
         "condition_2": "CSAF feed", "due_2": "2099-01-31"},
    )  # fmt: skip
    decision = Decision.objects.get(offer=offer)
    report = Report.objects.get(public_id=decision.report_public_id)
    assert report.status == Report.Status.DONE and report.sha256 == decision.report_sha256
    states = [c.status() for c in decision.conditions.order_by("due_date")]
    assert states == ["overdue", "open"]
    first = decision.conditions.order_by("due_date").first()
    client.post(reverse("assets:procurement-condition-done", args=[first.pk]))
    first.refresh_from_db()
    assert first.status() == "done"
    pdf = client.get(reverse("assets:procurement-decision-pdf", args=[decision.pk]))
    assert hashlib.sha256(pdf.content).hexdigest() == decision.report_sha256
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REPORT_DOWNLOADED, object_id=str(report.pk)
    ).exists()


def test_decision_refusals(org):
    offer = _offer(org)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="needs a condition"):
        decision_record(offer=offer, outcome="conditions")
    with pytest.raises(ValidationError, match="use approve"):
        decision_record(offer=offer, outcome="maybe")
    assert not Decision.objects.exists() and not Report.objects.exists()


def test_api_offer_answers_questionnaire_decision(org, member, api_client_for):
    api = api_client_for(member(Role.PROCUREMENT))
    product = ProductFactory(organization=org)
    created = api.post(
        "/api/v1/offers/",
        {"supplier": product.supplier_id, "product": product.pk, "offered_on": "2026-10-01"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    offer_id = created.json()["id"]
    answers = api.get(f"/api/v1/claim-answers/?offer={offer_id}").json()
    assert answers["count"] == 14
    auth = next(a for a in answers["results"] if a["claim_id"] == "AUTH-01")
    bad = api.patch(f"/api/v1/claim-answers/{auth['id']}/", {"answer": "maybe"}, format="json")
    assert bad.status_code == 400 and "answer" in bad.json()
    ok = api.patch(f"/api/v1/claim-answers/{auth['id']}/", {"answer": "no"}, format="json")
    assert ok.json()["answer"] == "no"
    verified = api.post(
        f"/api/v1/claim-answers/{auth['id']}/verify/", {"document": "Manual p. 12"}, format="json"
    )
    assert verified.json()["state"] == "verified_person"

    xlsx = api.get(f"/api/v1/offers/{offer_id}/questionnaire-xlsx/")
    book = load_workbook(BytesIO(xlsx.content))
    book["Questionnaire"]["D2"] = "sometimes"
    out = BytesIO()
    book.save(out)
    out.name = "q.xlsx"
    out.seek(0)
    refused = api.post(f"/api/v1/offers/{offer_id}/questionnaire-import/", {"file": out})
    assert refused.status_code == 400
    assert "Questionnaire!D2: answer 'sometimes'" in str(refused.json())

    states = api.post(f"/api/v1/offers/{offer_id}/verify/").json()
    assert states["VULN-01"] == "unverifiable"

    decision = api.post(
        "/api/v1/procurement-decisions/",
        {"offer": offer_id, "outcome": "conditions",
         "conditions": [{"text": "Deliver SBOM", "due_date": "2027-01-01"}]},
        format="json",
    )  # fmt: skip
    assert decision.status_code == 201, decision.json()
    assert len(decision.json()["report_sha256"]) == 64
    condition = decision.json()["conditions"][0]
    done = api.patch(
        f"/api/v1/procurement-conditions/{condition['id']}/",
        {"done_on": "2026-12-01"},
        format="json",
    )
    assert done.json()["status"] == "done"


def test_api_viewer_cannot_verify_or_write(org, member, api_client_for):
    offer = _offer(org)
    api = api_client_for(member(Role.VIEWER))
    assert api.get(f"/api/v1/offers/{offer.pk}/verify/").status_code == 200
    assert api.post(f"/api/v1/offers/{offer.pk}/verify/").status_code == 403


def test_foreign_supplier_refused(org, other_org, officer, api_client_for):
    product = ProductFactory(organization=org)
    foreign = SupplierFactory(organization=other_org)
    api = api_client_for(officer)
    response = api.post(
        "/api/v1/offers/", {"supplier": foreign.pk, "product": product.pk}, format="json"
    )
    assert response.status_code == 400 and "supplier" in response.json()
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "url", ["assets:procurement-offer-list", "assets:procurement-supplier-list"]
)
def test_lists_issue_constant_queries(org, officer, client_for, url):
    client = client_for(officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url)).status_code == 200
        return len(ctx.captured_queries)

    _offer(org)
    one = count()
    for _ in range(3):
        _offer(org)
    assert count() == one


def test_api_offer_list_constant_queries(org, officer, api_client_for):
    api = api_client_for(officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/offers/").status_code == 200
        return len(ctx.captured_queries)

    _offer(org)
    count()  # the first request of a token also records its use
    one = count()
    _offer(org)
    _offer(org)
    assert count() == one


def test_supplier_assessment_age_signal(org):
    today = dt.date(2026, 11, 27)
    assert (
        signal_compute(org=org, signal_id="supplier_assessment_age", today=today).state == "no_data"
    )
    fresh = _offer(org)
    stale = _offer(org)
    decision_record(offer=fresh, outcome="approve")
    old = decision_record(offer=stale, outcome="reject")
    Decision.objects.filter(pk=old.pk).update(decided_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    value = signal_compute(org=org, signal_id="supplier_assessment_age", today=today)
    assert value is not None and value.value == 0.5 and value.passed is False
    assert [o.label for o in value.objects] == [stale.supplier.name]
    assert supplier_assessment_age(org, today=today).as_dict()["state"] == "failed"
    assert DecisionCondition.objects.count() == 0
