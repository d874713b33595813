"""Request and render reports: the one path for the web UI, the API, the command and the task."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import Actor, acting_as, audit_record
from reports.models import Report
from reports.rendering import PDF_A2B, PDF_A3B, PdfAttachment, html_to_pdf
from reports.services.bundle import audit_pack_build
from reports.services.document import report_content_build, report_cover, report_html_build
from reports.signing import pdf_sign, signing_config

log = logging.getLogger(__name__)
LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]


def report_request(
    *,
    organization: Organization,
    report_type: str,
    audience: str,
    language: str = "de",
    user=None,
    enqueue: bool = True,
) -> Report:
    """Create a queued report and (on commit) hand it to the ``render_report_task``.

    Raises ``ValidationError`` naming the field for an unknown type, audience
    or language; nothing is stored then.
    """
    errors = {}
    if report_type not in Report.Type.values:
        errors["report_type"] = (
            f"unknown report type {report_type!r}; known: {', '.join(Report.Type.values)}"
        )
    if audience not in Report.Audience.values:
        errors["audience"] = (
            f"unknown audience {audience!r}; known: {', '.join(Report.Audience.values)}"
        )
    if language not in LANGUAGE_CODES:
        errors["language"] = f"unknown language {language!r}; known: {', '.join(LANGUAGE_CODES)}"
    if errors:
        raise ValidationError(errors)
    report = Report.objects.create(
        organization=organization,
        report_type=report_type,
        audience=audience,
        language=language,
        requested_by=user,
        requested_by_label=(user.email if user is not None else ""),
    )
    if enqueue:
        from reports.tasks import render_report_task

        transaction.on_commit(lambda: render_report_task.delay(report.pk))
    return report


def _claim(report_id: int) -> bool:
    """Move a queued/failed (or stale running) report to running; False if someone else has it."""
    stale = timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimable = Q(status__in=[Report.Status.QUEUED, Report.Status.FAILED]) | Q(
        status=Report.Status.RUNNING, started_at__lt=stale
    )
    return bool(
        Report.objects.filter(claimable, pk=report_id).update(
            status=Report.Status.RUNNING, progress=1, error="", started_at=timezone.now()
        )
    )


def _progress(report_id: int) -> Callable[[int], None]:
    def update(percent: int) -> None:
        Report.objects.filter(pk=report_id).update(progress=percent)

    return update


@dataclass
class RenderResult:
    report: Report
    timings: dict


def report_render(*, report_id: int) -> RenderResult | None:
    """Render a queued report to PDF/A, sign it if configured, archive it with its hash.

    Idempotent: a report that is done (or being rendered by another worker)
    is left alone and ``None`` returned. A failure marks the report failed
    with the error text and re-raises (the task retries).
    """
    if not _claim(report_id):
        return None
    report = Report.objects.select_related("organization", "requested_by").get(pk=report_id)
    actor = Actor(user_id=report.requested_by_id, label=report.requested_by_label or "system")
    try:
        with acting_as(actor):
            return _render(report, _progress(report_id))
    except Exception as exc:
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise


def _render(report: Report, progress: Callable[[int], None]) -> RenderResult:
    org = report.organization
    generated_at = timezone.now()
    as_of = generated_at
    progress(10)
    content = report_content_build(
        organization=org,
        report_type=report.report_type,
        audience=report.audience,
        language=report.language,
        as_of=as_of,
        cover=report_cover(report, as_of=as_of, generated_at=generated_at),
    )
    progress(40)
    html = report_html_build(content=content, language=report.language)
    progress(50)
    pack = None
    attachments: list[PdfAttachment] = []
    if report.report_type == Report.Type.AUDIT_PACK:
        pack = audit_pack_build(report=report, content=content, as_of=as_of)
        attachments = pack.attachments
    variant = PDF_A3B if attachments else PDF_A2B
    rendered = html_to_pdf(
        html, variant=variant, attachments=attachments, identifier=report.public_id.bytes
    )
    progress(85)
    pdf = rendered.pdf
    config = signing_config()
    if config is not None:
        pdf = pdf_sign(pdf=pdf, config=config)
    digest = hashlib.sha256(pdf).hexdigest()
    manifest = {
        "report_id": str(report.public_id),
        "type": report.report_type,
        "audience": report.audience,
        "language": report.language,
        "organization": {"slug": org.slug, "name": org.name},
        "generated_by": report.requested_by_label or "system",
        "generated_at": generated_at.isoformat(),
        "data_as_of": as_of.isoformat(),
        "pages": rendered.pages,
        "pdf_variant": variant,
        "signed": config is not None,
        "sha256": digest,
    }
    progress(90)
    name = default_storage.save(f"reports/{org.pk}/{report.public_id}.pdf", ContentFile(pdf))
    updates = {
        "file": name,
        "sha256": digest,
        "pages": rendered.pages,
        "signed": config is not None,
        "generated_at": generated_at,
        "data_as_of": as_of,
    }
    if pack is not None:
        archive, files = pack.zip(
            pdf=pdf, pdf_name=f"{report.download_name}.pdf", manifest=manifest
        )
        manifest["files"] = files
        updates["bundle"] = default_storage.save(
            f"reports/{org.pk}/{report.public_id}.zip", ContentFile(archive)
        )
        updates["bundle_sha256"] = hashlib.sha256(archive).hexdigest()
        manifest["archive_sha256"] = updates["bundle_sha256"]
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            **updates, manifest=manifest, status=Report.Status.DONE, progress=100
        )
        audit_record(
            action=AuditEvent.Action.REPORT_GENERATED,
            organization=org,
            object_type="reports.report",
            object_id=report.pk,
            object_repr=str(report),
            changes={"sha256": digest, "pages": rendered.pages, "signed": config is not None},
        )
    report.refresh_from_db()
    timings = {
        "data": content.timings.data,
        "redaction": content.timings.redaction,
        "html": content.timings.html,
    }
    return RenderResult(report=report, timings=timings)


def report_generate_now(
    *, organization: Organization, report_type: str, audience: str, language: str = "de", user=None
) -> Report:
    """Request and render synchronously (the ``generate_report`` command, tests)."""
    report = report_request(
        organization=organization,
        report_type=report_type,
        audience=audience,
        language=language,
        user=user,
        enqueue=False,
    )
    report_render(report_id=report.pk)
    report.refresh_from_db()
    return report
