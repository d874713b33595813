"""The platform's document interface: PDFs of plain HTML and records kept in the archive.

``assets`` (e.g. procurement) needs PDFs but may not import ``reports``, which owns the
renderer and the report archive. ``bollwerk`` therefore defines what can be asked for and
``reports`` registers the implementation from its ``AppConfig.ready``:

- :func:`pdf_render` lays out a self-contained HTML page as PDF/A (a questionnaire);
- :func:`document_archive` asks for a *record* of one object (``kind`` names a record kind
  the backend knows, e.g. ``procurement_decision``): it is rendered, stored in the archive
  with its SHA-256 and answered with a plain reference (:class:`ArchivedDocument`), which the
  caller stores instead of a foreign key;
- :func:`document_read` returns an archived document's bytes (an audited download).

``bollwerk`` imports no app: the backend is registered, never imported.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


class DocumentsUnavailable(ImproperlyConfigured):
    """No installed app provides documents (``reports`` registers the backend)."""


@dataclass(frozen=True)
class ArchivedDocument:
    """What the archive answers for a stored record: its public id, SHA-256 and page count."""

    public_id: uuid.UUID
    sha256: str
    pages: int


class DocumentBackend(Protocol):
    """What an app providing documents implements (see :func:`backend_register`)."""

    def pdf_render(self, *, html: str) -> bytes: ...

    def document_archive(
        self, *, organization: Any, kind: str, object_id: int, language: str, user: Any
    ) -> ArchivedDocument: ...

    def document_read(self, *, organization: Any, public_id: uuid.UUID) -> bytes: ...


_backend: DocumentBackend | None = None


def backend_register(backend: DocumentBackend) -> None:
    """Install the document backend (one per instance; the last registration wins)."""
    global _backend
    _backend = backend


def _get() -> DocumentBackend:
    if _backend is None:
        raise DocumentsUnavailable("no app provides documents; is 'reports' installed?")
    return _backend


def pdf_render(*, html: str) -> bytes:
    """A PDF/A of ``html`` (a complete page; only the project's static files may be used)."""
    return _get().pdf_render(html=html)


def document_archive(
    *, organization, kind: str, object_id: int, language: str = "de", user=None
) -> ArchivedDocument:
    """Render the record ``kind`` of object ``object_id`` and archive it; returns its reference.

    Runs synchronously in the caller's transaction. ``LookupError`` for a kind the backend
    does not know.
    """
    return _get().document_archive(
        organization=organization, kind=kind, object_id=object_id, language=language, user=user
    )


def document_read(*, organization, public_id: uuid.UUID) -> bytes:
    """The bytes of ``organization``'s archived document ``public_id`` (the download is audited).

    ``LookupError`` when the organization has no such finished document.
    """
    return _get().document_read(organization=organization, public_id=public_id)
