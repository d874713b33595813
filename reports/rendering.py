"""HTML → PDF/A with WeasyPrint, with a URL fetcher that only serves the project's static files.

Templates reference fonts and the print stylesheet relative to
``STATIC_BASE`` (an address under the reserved ``.invalid`` domain that never
resolves). :class:`StaticOnlyFetcher` maps those addresses to files found by
Django's static-file finders (or the collected ``STATIC_ROOT``) and stops the
rendering for every other URL (``http:``, ``file:``, ``data:`` …), so
rendering never touches the network or the file system outside static files.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML, Attachment
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_BASE = "https://static.bollwerk.invalid/"
PDF_A2B, PDF_A3B = "pdf/a-2b", "pdf/a-3b"


class RefusedURL(FatalURLFetchingError):
    """A template referenced something that is not one of the project's static files."""


def static_path(relative: str) -> Path | None:
    """The file behind a static path, or ``None``; never outside the static roots."""
    clean = posixpath.normpath(relative).lstrip("/")
    if clean.startswith("..") or "\\" in clean:
        return None
    found = finders.find(clean)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / clean
    if collected.is_file() and Path(settings.STATIC_ROOT).resolve() in collected.resolve().parents:
        return collected
    return None


class StaticOnlyFetcher(URLFetcher):
    """Serves ``STATIC_BASE`` URLs from static files; refuses (fatally) everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), fail_on_errors=True)
        self.fetched: list[str] = []

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_BASE):
            raise RefusedURL(f"report templates may only use the project's static files: {url}")
        relative = url[len(STATIC_BASE) :].split("?", 1)[0].split("#", 1)[0]
        path = static_path(relative)
        if path is None:
            raise RefusedURL(
                f"static file {relative!r} not found (run `make static` for vendored fonts)"
            )
        self.fetched.append(relative)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            media_type = "font/ttf"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": media_type})


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in a PDF/A-3 document (the audit pack's evidence)."""

    name: str
    content: bytes
    description: str = ""


@dataclass
class Rendered:
    pdf: bytes
    pages: int


def html_to_pdf(
    html: str,
    *,
    variant: str = PDF_A2B,
    attachments: list[PdfAttachment] | None = None,
    identifier: bytes | None = None,
) -> Rendered:
    """Lay out ``html`` and write it as PDF/A (``variant``) with optional attachments."""
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).render()
    embedded = [
        Attachment(
            string=a.content,
            name=a.name,
            description=a.description or a.name,
            url_fetcher=fetcher,
            relationship="Source",
        )
        for a in attachments or []
    ]
    pdf = document.write_pdf(
        pdf_variant=variant,
        attachments=embedded or None,
        custom_metadata=True,
        pdf_identifier=identifier,
    )
    return Rendered(pdf=pdf, pages=len(document.pages))
