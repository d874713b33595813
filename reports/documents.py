"""The reports app's implementation of the platform's document interface (``bollwerk.documents``).

Registered from ``ReportsConfig.ready``: PDFs of plain HTML through the WeasyPrint renderer,
records archived and read back through ``reports.services.records``.
"""

from __future__ import annotations

import uuid

from bollwerk.documents import ArchivedDocument
from reports.rendering import html_to_pdf
from reports.services.records import record_archive, record_read


class ReportsDocuments:
    """The document backend: renderer and report archive of this app."""

    def pdf_render(self, *, html: str) -> bytes:
        return html_to_pdf(html).pdf

    def document_archive(
        self, *, organization, kind: str, object_id: int, language: str, user
    ) -> ArchivedDocument:
        report = record_archive(
            organization=organization, kind=kind, object_id=object_id, language=language, user=user
        )
        return ArchivedDocument(
            public_id=report.public_id, sha256=report.sha256, pages=report.pages
        )

    def document_read(self, *, organization, public_id: uuid.UUID) -> bytes:
        return record_read(organization=organization, public_id=public_id)
