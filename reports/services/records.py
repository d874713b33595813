"""Archive a record (one object's PDF, e.g. a procurement decision) and read it back.

The same pipeline as a report, synchronously and in the caller's transaction: the record
kind's sections → Redactor → HTML → PDF/A with the report id embedded → stored with its
SHA-256 as a done :class:`Report` (so the archive lists it and ``verify_report`` knows it).
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record
from reports.models import Report
from reports.records import RecordContext, record_builder
from reports.redaction import Redactor
from reports.rendering import PDF_A2B, html_to_pdf
from reports.services.archive import report_download
from reports.services.document import ReportContent, Timings, report_cover, report_html_build

#: Records are working documents of the organization itself.
RECORD_AUDIENCE = Report.Audience.INTERNAL


def record_archive(
    *, organization: Organization, kind: str, object_id: int, language: str = "de", user=None
) -> Report:
    """Render the record ``kind`` of ``object_id`` to PDF/A and store it as a done report.

    ``LookupError`` for an unknown kind (nothing stored). Audited as a generated report.
    """
    builder = record_builder(kind)
    with translation.override(language):
        record = builder(RecordContext(organization, object_id, language))
    now = timezone.now()
    report = Report.objects.create(
        organization=organization,
        report_type=record.report_type,
        audience=RECORD_AUDIENCE,
        language=language,
        requested_by=user,
        requested_by_label=getattr(user, "email", "") or "Bollwerk",
        status=Report.Status.RUNNING,
    )
    cover = report_cover(
        report, as_of=now, generated_at=now, title=record.title, type_label=record.type_label
    )
    redactor = Redactor(secret=organization.pseudonym_secret, audience=report.audience)
    content = ReportContent(redactor.sections(record.sections), redactor, cover, Timings())
    html = report_html_build(content=content, language=language)
    rendered = html_to_pdf(html, variant=PDF_A2B, identifier=report.public_id.bytes)
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    name = default_storage.save(
        f"reports/{organization.pk}/{report.public_id}.pdf", ContentFile(rendered.pdf)
    )
    manifest = {
        "report_id": str(report.public_id),
        "type": kind,
        **record.manifest,
        "sha256": digest,
        "pages": rendered.pages,
    }
    Report.objects.filter(pk=report.pk).update(
        file=name,
        sha256=digest,
        pages=rendered.pages,
        generated_at=now,
        data_as_of=now,
        manifest=manifest,
        status=Report.Status.DONE,
        progress=100,
    )
    audit_record(
        action=AuditEvent.Action.REPORT_GENERATED,
        organization=organization,
        object_type="reports.report",
        object_id=report.pk,
        object_repr=record.subject,
        changes={"sha256": digest, "record": kind, "object": object_id},
    )
    report.refresh_from_db()
    return report


def record_read(*, organization: Organization | int, public_id: uuid.UUID) -> bytes:
    """The PDF of the organization's finished report ``public_id`` (an audited download).

    ``LookupError`` when the organization has no such finished report.
    """
    report = (
        Report.objects.for_org(organization)
        .filter(public_id=public_id, status=Report.Status.DONE)
        .first()
    )
    if report is None or not report.file:
        raise LookupError(f"no archived document {public_id}")
    data, _name, _media_type = report_download(report=report)
    return data
