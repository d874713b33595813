"""Questionnaire XLSX round trip; altered or bad files are refused with sheet/row/column."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from assets.procurement.models import ClaimAnswer
from assets.procurement.questionnaire import (
    questionnaire_import,
    questionnaire_pdf,
    questionnaire_xlsx,
)
from assets.procurement.services import offer_create
from tests.assets.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(org):
    product = ProductFactory(organization=org)
    return offer_create(org=org, supplier=product.supplier, product=product)


def _edit(data: bytes, edit) -> bytes:
    book = load_workbook(BytesIO(data))
    edit(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(book):
    sheet = book["Questionnaire"]
    sheet["D2"] = "yes"
    sheet["E2"] = "CycloneDX 1.5 per release"
    sheet["F2"] = "Annex 3"
    sheet["D10"] = "partly"  # AUTH-01


def test_round_trip(offer):
    data = questionnaire_xlsx(offer=offer)
    book = load_workbook(BytesIO(data))
    assert book["_bollwerk"].sheet_state == "hidden"
    sheet = book["Questionnaire"]
    assert sheet["A2"].value == "SBOM-01"
    assert sheet.data_validations.dataValidation[0].formula1 == '"yes,partly,no"'
    assert questionnaire_import(offer=offer, data=_edit(data, _fill)) == 14
    sbom = ClaimAnswer.objects.get(offer=offer, claim_id="SBOM-01")
    assert (sbom.answer, sbom.text, sbom.document_reference) == (
        "yes",
        "CycloneDX 1.5 per release",
        "Annex 3",
    )
    auth = ClaimAnswer.objects.get(offer=offer, claim_id="AUTH-01")
    assert auth.answer == "partly" and auth.state == ClaimAnswer.State.UNVERIFIABLE


def _refused(offer, data) -> list[str]:
    before = list(ClaimAnswer.objects.filter(offer=offer).values_list("answer", "text"))
    with pytest.raises(ValidationError) as info:
        questionnaire_import(offer=offer, data=data)
    assert list(ClaimAnswer.objects.filter(offer=offer).values_list("answer", "text")) == before
    return info.value.messages


def test_invalid_answer_and_changed_claim(offer):
    def edit(book):
        _fill(book)
        book["Questionnaire"]["D3"] = "maybe"
        book["Questionnaire"]["C5"] = "We never ship anything vulnerable."
        book["Questionnaire"]["A6"] = "XYZ-1"

    messages = _refused(offer, _edit(questionnaire_xlsx(offer=offer), edit))
    assert "Questionnaire!D3: answer 'maybe' is not yes, partly or no" in messages
    assert "Questionnaire!C5: the English claim text of VULN-02 was changed" in messages
    assert "Questionnaire!A6: claim id 'XYZ-1', expected 'PSIRT-01'" in messages


def test_wrong_offer_and_checksum(org, offer):
    other = offer_create(org=org, supplier=offer.supplier, product=offer.product)
    messages = _refused(other, questionnaire_xlsx(offer=offer))
    assert messages == [f"_bollwerk!B1: questionnaire of offer {offer.pk}, not of offer {other.pk}"]

    def checksum(book):
        book["_bollwerk"]["B4"] = "0" * 64

    messages = _refused(offer, _edit(questionnaire_xlsx(offer=offer), checksum))
    assert "checksum does not match" in messages[0]


def test_not_an_xlsx(offer):
    assert _refused(offer, b"PK\x03\x04 not really") == ["file: not an XLSX workbook (BadZipFile)"]
    assert "not an XLSX" in _refused(offer, b"claim;answer\n")[0]


def test_deleted_row(offer):
    def edit(book):
        book["Questionnaire"].delete_rows(4)

    messages = _refused(offer, _edit(questionnaire_xlsx(offer=offer), edit))
    assert "Questionnaire: 13 claim rows, expected 14" in messages


def test_pdf(offer):
    import subprocess

    pdf = questionnaire_pdf(offer=offer, language="en")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Security questionnaire" in text and "IEC 62443-4-1" in text
