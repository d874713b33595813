"""No sensitive value leaks into any report below internal (hypothesis over random organizations)."""

import io
import ipaddress
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader

from reports.services.generation import report_generate_now
from tests.factories import OrganizationFactory
from tests.reports.conftest import pdf_text
from tests.reports.fake import inventories

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TYPES = ["compliance", "risk", "inventory", "supply_chain", "incident", "audit_pack"]
AUDIENCES = ["auditor", "authority", "public"]

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d])")
_IPV6 = re.compile(r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}")
_MAC = re.compile(r"(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}")


def address_patterns(text: str) -> list[str]:
    """Every valid IPv4/IPv6 address and MAC in ``text`` (independent of the Redactor)."""
    found = _MAC.findall(text)
    for candidate in _IPV4.findall(text) + _IPV6.findall(text):
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            continue
        found.append(candidate)
    return found


def squeeze(text: str) -> str:
    """Without whitespace and hyphens: pdftotext joins wrapped cells and drops end-of-line hyphens."""
    return "".join(text.split()).replace("-", "")


def assert_clean(text: str, values: set[str], where: str) -> None:
    squeezed = squeeze(text)
    for value in values:
        assert value not in text and squeeze(value) not in squeezed, (where, value)
    assert address_patterns(text) == [], (where, address_patterns(text))


def pdf_strings(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    return "\n".join([pdf_text(data), meta, xmp, *list(reader.attachments)])


@pytest.mark.parametrize("report_type", TYPES)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(inventory=inventories)
def test_no_sensitive_value_or_address_reaches_any_audience_below_internal(
    report_type, inventory, with_inventory
):
    org = OrganizationFactory()
    values = inventory.sensitive_values()
    with with_inventory(inventory):
        for audience in AUDIENCES:
            report = report_generate_now(
                organization=org, report_type=report_type, audience=audience, language="en"
            )
            with report.file.open("rb") as handle:
                pdf = handle.read()
            assert_clean(pdf_strings(pdf), values, f"{report_type}/{audience} pdf")
            if report.bundle:
                with report.bundle.open("rb") as handle:
                    archive = zipfile.ZipFile(io.BytesIO(handle.read()))
                for name in archive.namelist():
                    content = archive.read(name)
                    text = pdf_strings(content) if name.endswith(".pdf") else content.decode()
                    assert_clean(name + "\n" + text, values, f"{report_type}/{audience} {name}")


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(inventory=inventories)
def test_the_internal_version_shows_every_real_value(inventory, with_inventory):
    org = OrganizationFactory()
    with with_inventory(inventory):
        report = report_generate_now(organization=org, report_type="inventory", audience="internal")
    with report.file.open("rb") as handle:
        squeezed = squeeze(pdf_text(handle.read()))
    for value in inventory.sensitive_values():
        assert squeeze(value) in squeezed, value
