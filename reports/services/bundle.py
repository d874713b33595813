"""The audit pack: evidence files attached to the PDF/A-3 and a zip with PDF, evidence, manifest.

Evidence comes from the evidence providers in ``reports.sections``. For every
audience below internal, text evidence (``text/*``, JSON, XML) goes through
the same Redactor as the report; binary evidence cannot be redacted reliably,
so it is withheld and only listed (name pseudonymised, size and SHA-256) in
the manifest. Public packs carry no evidence at all. File names never carry
sensitive values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from reports import sections as registry
from reports.rendering import PdfAttachment
from reports.sections import SectionContext

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_name(name: str) -> str:
    stem = _UNSAFE.sub("_", name).strip("._") or "file"
    return stem[:120]


@dataclass
class AuditPack:
    """Evidence prepared for one audience; ``zip()`` packs it with the final PDF."""

    when: dt.datetime
    attachments: list[PdfAttachment] = field(default_factory=list)
    withheld: list[dict] = field(default_factory=list)

    def zip(self, *, pdf: bytes, pdf_name: str, manifest: dict) -> tuple[bytes, list[dict]]:
        """The archive bytes and the list of files it holds (name, size, SHA-256)."""
        stamp = self.when.timetuple()[:6]
        entries = [(pdf_name, pdf)] + [(f"evidence/{a.name}", a.content) for a in self.attachments]
        files = [
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in entries
        ]
        full = {**manifest, "files": files, "withheld": self.withheld}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data)
            archive.writestr(
                zipfile.ZipInfo("manifest.json", date_time=stamp),
                json.dumps(full, indent=2, ensure_ascii=False, sort_keys=True),
            )
        return buffer.getvalue(), files


def audit_pack_build(*, report, content, as_of: dt.datetime) -> AuditPack:
    """Collect and redact the evidence files for ``report``'s audience."""
    ctx = SectionContext(
        report.organization, report.report_type, report.audience, report.language, as_of
    )
    redactor = content.redactor
    pack = AuditPack(when=as_of)
    seen: set[str] = set()
    for provider in registry.evidence_providers():
        for evidence in provider(ctx):
            name = _safe_name(redactor.text(evidence.name))
            while name in seen:
                name = f"_{name}"
            seen.add(name)
            if not redactor.enabled:
                pack.attachments.append(PdfAttachment(name, evidence.content))
            elif evidence.is_text and report.audience != "public":
                text = evidence.content.decode("utf-8", errors="replace")
                pack.attachments.append(PdfAttachment(name, redactor.text(text).encode()))
            else:
                pack.withheld.append(
                    {
                        "name": name,
                        "size": len(evidence.content),
                        "sha256": hashlib.sha256(evidence.content).hexdigest(),
                        "reason": "public reports carry aggregates only"
                        if report.audience == "public"
                        else "binary evidence is only included in internal reports",
                    }
                )
    return pack
