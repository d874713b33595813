"""The vendor questionnaire: XLSX export/import (openpyxl) and a PDF export.

The XLSX has a visible sheet ``Questionnaire`` (one row per claim: id, claim de/en, answer with
a yes/partly/no dropdown, statement, document reference) and a hidden sheet ``_bollwerk``
with the offer id, the catalogue version and a checksum of the claim list. Import accepts
only a file for the same offer whose claim ids and texts are unchanged; every problem is
reported with sheet, row and column, and nothing is stored unless the whole file is good.
"""

from __future__ import annotations

from io import BytesIO
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from assets.procurement.catalogue import catalogue, checksum
from assets.procurement.models import ClaimAnswer, Offer
from bollwerk import documents

SHEET = "Questionnaire"
META = "_bollwerk"
HEADERS = ["Claim ID", "Anforderung (de)", "Claim (en)", "Answer", "Statement", "Document"]
ANSWERS = ("yes", "partly", "no")
MAX_BYTES = 5 * 1024 * 1024


def questionnaire_xlsx(*, offer: Offer) -> bytes:
    """The questionnaire for ``offer`` as XLSX bytes, pre-filled with the answers so far."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    answers = {a.claim_id: a for a in ClaimAnswer.objects.filter(offer=offer)}
    claims = catalogue(offer.catalogue_version)
    for claim in claims:
        a = answers.get(claim.id)
        sheet.append(
            [
                claim.id,
                claim.text["de"],
                claim.text["en"],
                a.answer if a else "",
                a.text if a else "",
                a.document_reference if a else "",
            ]
        )
    validation = DataValidation(type="list", formula1='"yes,partly,no"', allow_blank=True)
    validation.error = "yes, partly or no"
    sheet.add_data_validation(validation)
    validation.add(f"D2:D{len(claims) + 1}")
    for column, width in zip("ABCDEF", (14, 60, 60, 10, 50, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, max_col=3):
        for cell in row[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    meta = book.create_sheet(META)
    meta.append(["offer", offer.pk])
    meta.append(["organization", offer.organization.slug])
    meta.append(["catalogue", offer.catalogue_version])
    meta.append(["checksum", checksum(offer.catalogue_version)])
    meta.sheet_state = "hidden"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def questionnaire_read(*, offer: Offer, data: bytes) -> list[dict]:
    """Read a filled questionnaire: ``[{claim_id, answer, text, document_reference}]``.

    Raises ValidationError listing every problem (sheet/row/column) for a file that is no
    XLSX, belongs to another offer, or has changed claims or invalid answers.
    """
    if len(data) > MAX_BYTES:
        raise ValidationError(f"file: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        book = load_workbook(BytesIO(data), data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValidationError(f"file: not an XLSX workbook ({exc.__class__.__name__})") from exc
    errors = []
    if META not in book.sheetnames or SHEET not in book.sheetnames:
        missing = [s for s in (SHEET, META) if s not in book.sheetnames]
        raise ValidationError(
            f"file: not a Bollwerk questionnaire (sheet {', '.join(missing)} missing)"
        )
    meta = {_text(r[0]): r[1] for r in book[META].iter_rows(values_only=True) if r and r[0]}
    if _text(meta.get("offer")) != str(offer.pk):
        errors.append(
            f"{META}!B1: questionnaire of offer {_text(meta.get('offer')) or '?'}, "
            f"not of offer {offer.pk}"
        )
    if _text(meta.get("catalogue")) != offer.catalogue_version:
        errors.append(f"{META}!B3: catalogue {meta.get('catalogue')!r} ≠ {offer.catalogue_version}")
    if _text(meta.get("checksum")) != checksum(offer.catalogue_version):
        errors.append(f"{META}!B4: the claim list checksum does not match (claims were altered)")
    claims = catalogue(offer.catalogue_version)
    rows = list(book[SHEET].iter_rows(min_row=1, values_only=True))
    if not rows or [_text(v) for v in rows[0][: len(HEADERS)]] != HEADERS:
        errors.append(f"{SHEET}!A1:F1: the header row was changed")
    body = [r for r in rows[1:] if any(_text(v) for v in r)]
    if len(body) != len(claims):
        errors.append(f"{SHEET}: {len(body)} claim rows, expected {len(claims)}")
    out = []
    for index, (claim, row) in enumerate(zip(claims, body, strict=False), start=2):
        row = (list(row) + [None] * len(HEADERS))[: len(HEADERS)]
        cid, de, en, answer, text, doc = (_text(v) for v in row)
        if cid != claim.id:
            errors.append(f"{SHEET}!A{index}: claim id {cid!r}, expected {claim.id!r}")
        if de != claim.text["de"].strip():
            errors.append(f"{SHEET}!B{index}: the German claim text of {claim.id} was changed")
        if en != claim.text["en"].strip():
            errors.append(f"{SHEET}!C{index}: the English claim text of {claim.id} was changed")
        if answer.lower() not in ("", *ANSWERS):
            errors.append(f"{SHEET}!D{index}: answer {answer!r} is not yes, partly or no")
        if len(doc) > 255:
            errors.append(f"{SHEET}!F{index}: document reference longer than 255 characters")
        out.append(
            {
                "claim_id": claim.id,
                "answer": answer.lower(),
                "text": text,
                "document_reference": doc,
            }
        )
    if errors:
        raise ValidationError(errors)
    return out


def questionnaire_import(*, offer: Offer, data: bytes) -> int:
    """Store the answers of a filled questionnaire (all or nothing); returns rows updated."""
    from assets.procurement.services import offer_claims_verify

    rows = questionnaire_read(offer=offer, data=data)
    answers = {a.claim_id: a for a in ClaimAnswer.objects.filter(offer=offer)}
    with transaction.atomic():
        for row in rows:
            answer = answers.get(row["claim_id"]) or ClaimAnswer(
                organization=offer.organization, offer=offer, claim_id=row["claim_id"]
            )
            answer.answer = row["answer"]
            answer.text = row["text"]
            answer.document_reference = row["document_reference"]
            answer.save()
    offer_claims_verify(offer=offer)
    return len(rows)


def questionnaire_pdf(*, offer: Offer, language: str = "de") -> bytes:
    """The questionnaire as a PDF (rendered by the platform's document backend)."""
    html = render_to_string(
        "assets/procurement/questionnaire_pdf.html",
        {
            "offer": offer,
            "claims": [
                (c.id, c.text_in(language), c.verification_in(language))
                for c in catalogue(offer.catalogue_version)
            ],
            "language": language,
        },
    )
    return documents.pdf_render(html=html)
