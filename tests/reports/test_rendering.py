"""WeasyPrint rendering: static-only fetcher, PDF/A markers, metadata, layout."""

import io
import re
import socket

import pytest
from pypdf import PdfReader

from reports.rendering import PDF_A2B, PDF_A3B, PdfAttachment, RefusedURL, html_to_pdf
from tests.reports.conftest import pdf_text

HTML = '<html><head><title>t</title><link rel="stylesheet" href="reports/print.css"></head><body>{}</body></html>'


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendering tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize(
    "reference",
    [
        '<img src="http://example.com/x.png">',
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">',
        '<div style="background: url(data:image/png;base64,AAAA)"></div>',
        '<img src="../../../../etc/passwd">',
    ],
)
def test_a_template_referencing_anything_but_static_files_is_refused(reference, no_network):
    with pytest.raises(RefusedURL):
        html_to_pdf(HTML.format(reference))


def test_fonts_and_the_stylesheet_come_from_static_files_without_network(no_network):
    rendered = html_to_pdf(HTML.format("<p>Prüfbericht</p>"))
    fonts = {str(f.get_object().get("/BaseFont")) for f in _fonts(rendered.pdf)}
    assert fonts and all("Report-Sans" in f for f in fonts), fonts  # the @font-face from static
    assert "Prüfbericht" in pdf_text(rendered.pdf)


def _xmp(reader) -> bytes:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def _fonts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        yield from (page["/Resources"].get("/Font") or {}).values()


def test_the_output_is_pdf_a_2b_with_an_output_intent():
    pdf = html_to_pdf(HTML.format("<p>x</p>"), variant=PDF_A2B).pdf
    reader = PdfReader(io.BytesIO(pdf))
    xmp = _xmp(reader)
    assert re.search(rb"pdfaid:part(>|=\")2", xmp), xmp
    assert re.search(rb"pdfaid:conformance(>|=\")B", xmp), xmp
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"


def test_attachments_make_a_pdf_a_3b_with_embedded_files():
    attachment = PdfAttachment("evidence.csv", b"a;b\n")
    pdf = html_to_pdf(HTML.format("<p>x</p>"), variant=PDF_A3B, attachments=[attachment]).pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert re.search(rb"pdfaid:part(>|=\")3", _xmp(reader))
    assert reader.attachments["evidence.csv"] == [b"a;b\n"]
