"""The report archive: release to auditors, download (audited), verify a copy."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from bollwerk.models import AuditEvent
from bollwerk.services.audit import audit_record
from reports.models import Report
from reports.selectors import report_find

_REPORT_ID = re.compile(
    r"bollwerk-report:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)


def report_release(*, report: Report, released: bool = True) -> Report:
    """Release a finished auditor report to the organization's auditors (or withdraw it)."""
    if released and not report.is_done:
        raise ValidationError({"released_to_auditors": "only a finished report can be released"})
    if released and report.audience != Report.Audience.AUDITOR:
        raise ValidationError(
            {
                "released_to_auditors": "only reports for the auditor audience can be released to auditors"
            }
        )
    report.released_to_auditors = released
    report.released_at = timezone.now() if released else None
    report.save(update_fields=["released_to_auditors", "released_at"])
    return report


def report_download(*, report: Report, bundle: bool = False) -> tuple[bytes, str, str]:
    """The stored PDF (or audit-pack zip): (bytes, file name, media type); audited."""
    stored = report.bundle if bundle else report.file
    if not report.is_done or not stored:
        raise ValidationError({"file": "this report has no file to download"})
    with default_storage.open(stored.name, "rb") as handle:
        data = handle.read()
    audit_record(
        action=AuditEvent.Action.REPORT_DOWNLOADED,
        organization=report.organization_id,
        object_type="reports.report",
        object_id=report.pk,
        object_repr=str(report),
        changes={"file": "zip" if bundle else "pdf"},
    )
    if bundle:
        return data, f"{report.download_name}.zip", "application/zip"
    return data, f"{report.download_name}.pdf", "application/pdf"


def embedded_report_id(data: bytes) -> uuid.UUID | None:
    """The report id from the PDF's keywords metadata, or ``None``."""
    from pypdf import PdfReader

    try:
        metadata = PdfReader(BytesIO(data)).metadata or {}
        keywords = str(metadata.get("/Keywords", ""))
    except Exception:
        return None
    match = _REPORT_ID.search(keywords)
    return uuid.UUID(match.group(1)) if match else None


@dataclass(frozen=True)
class Verification:
    """Outcome of checking a file against the archive (instance-wide)."""

    valid: bool
    report: Report | None
    sha256: str
    reason: str

    def as_dict(self) -> dict:
        report = self.report
        return {
            "valid": self.valid,
            "report_id": str(report.public_id) if report else None,
            "organization": report.organization.slug if report else None,
            "audience": report.audience if report else None,
            "generated_at": report.generated_at.isoformat()
            if report and report.generated_at
            else None,
            "sha256": self.sha256,
            "reason": self.reason,
        }


def report_verify(*, data: bytes) -> Verification:
    """Is ``data`` a report this instance generated, byte for byte unchanged?"""
    digest = hashlib.sha256(data).hexdigest()
    public_id = embedded_report_id(data)
    report = report_find(public_id=public_id) if public_id else report_find(sha256=digest)
    if report is None:
        reason = "unknown report id" if public_id else "not a report of this instance"
        return Verification(False, None, digest, reason)
    if report.sha256 != digest:
        return Verification(False, report, digest, "the file was changed after generation")
    return Verification(True, report, digest, "unchanged")
