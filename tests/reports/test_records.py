"""Records through the platform's document interface: reports renders, archives and reads them."""

from __future__ import annotations

import hashlib

import pytest

from bollwerk import documents
from reports import records
from reports.documents import ReportsDocuments
from reports.models import Report
from reports.records import Record, record_kind
from reports.sections import Paragraph, Section
from reports.services.archive import report_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def note_kind():
    """A record kind that writes the object id into one paragraph."""

    @record_kind("test_note")
    def note(ctx):
        return Record(
            title=f"Note {ctx.object_id}",
            type_label="Note",
            sections=[Section("Body", [Paragraph(f"note number {ctx.object_id}")], key="body")],
            subject=f"note {ctx.object_id}",
            report_type="inventory",
            manifest={"note": ctx.object_id},
        )

    yield "test_note"
    records._KINDS.pop("test_note")


def test_reports_is_the_registered_document_backend():
    assert isinstance(documents._get(), ReportsDocuments)


def test_an_archived_record_is_a_verifiable_internal_report(org, note_kind):
    stored = documents.document_archive(organization=org, kind=note_kind, object_id=7)
    report = Report.objects.for_org(org).get(public_id=stored.public_id)
    assert (report.status, report.audience, report.report_type) == ("done", "internal", "inventory")
    assert report.manifest["type"] == "test_note" and report.manifest["note"] == 7
    data = documents.document_read(organization=org, public_id=stored.public_id)
    assert hashlib.sha256(data).hexdigest() == stored.sha256 == report.sha256
    assert report_verify(data=data).valid and stored.pages == report.pages >= 1


def test_an_unknown_kind_is_refused_and_nothing_stored(org):
    with pytest.raises(
        LookupError, match=r"unknown record kind 'nope'; known: .*procurement_decision"
    ):
        documents.document_archive(organization=org, kind="nope", object_id=1)
    assert not Report.objects.exists()


def test_another_organizations_record_cannot_be_read(org, other_org, note_kind):
    stored = documents.document_archive(organization=org, kind=note_kind, object_id=1)
    with pytest.raises(LookupError):
        documents.document_read(organization=other_org, public_id=stored.public_id)


def test_without_a_backend_documents_are_unavailable(monkeypatch):
    monkeypatch.setattr(documents, "_backend", None)
    with pytest.raises(documents.DocumentsUnavailable, match="'reports' installed"):
        documents.pdf_render(html="<p>x</p>")


def test_plain_html_becomes_a_pdf():
    pdf = documents.pdf_render(html="<html><body><p>Fragebogen</p></body></html>")
    assert pdf.startswith(b"%PDF-")
