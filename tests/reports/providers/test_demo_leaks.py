"""Redaction holds on the real demo data: no sensitive value of the organization in any report
below internal, read back from the PDF (pdftotext, metadata, XMP, attachments) and the audit-pack
archive; the internal version shows the real values.

The sensitive values are collected from the database through the sensitivity registry
(``bollwerk.sensitivity.all_fields()``), not from a hand-written list.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps

from assets.models import Asset, Link, Protocol, Site, Zone
from bollwerk import sensitivity
from reports.services.generation import report_generate_now
from tests.reports.providers.conftest import seed_demo
from tests.reports.test_leaks import address_patterns, pdf_strings

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TYPES = ["compliance", "risk", "inventory", "supply_chain", "audit_pack"]
AUDIENCES = ["auditor", "authority", "public"]
PROTOCOL_LABELS = sorted({str(label) for _v, label in Protocol.choices}, key=len, reverse=True)


def _items(value) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    if isinstance(value, Decimal):  # 52.103400 and 52.1034 both count
        return sorted({str(value), format(value.normalize(), "f")})
    return [] if value in (None, "") else [str(value)]


def sensitive_values(org) -> dict[str, set[str]]:
    """Every stored value of every registered sensitive field, by kind.

    Fields with choices (a link's protocol: "https", "other") are enumerations
    shared by every organization and are checked through the link rows
    instead (see ``assert_clean``); ``ot_only`` fields count on OT assets only.
    """
    found: dict[str, set[str]] = {}
    for spec in sensitivity.all_fields():
        app_label, _, name = spec.model_label.partition(".")
        try:
            model = apps.get_model(app_label, name)
        except LookupError:
            continue  # a fake model of another test module
        if model._meta.get_field(spec.field).choices:
            continue
        qs = model._default_manager.for_org(org)
        if spec.condition == "ot_only":
            qs = qs.filter(asset_class=Asset.AssetClass.OT)
        for value in qs.values_list(spec.field, flat=True):
            found.setdefault(spec.kind, set()).update(_items(value))
    return found


def squeeze(text: str) -> str:
    """Without whitespace and hyphens: a value wrapped over two lines, or at a hyphen, joins up."""
    return "".join(text.split()).replace("-", "").replace("\u00ad", "").casefold()


def _token(value: str) -> re.Pattern:
    return re.compile(r"(?<![\w.:/-])" + re.escape(value) + r"(?![\w:/-]|\.\w)", re.IGNORECASE)


def _breakable(value: str) -> bool:
    """Whether layout can split the value over lines: at a space or hyphen, or (long) anywhere."""
    return bool(re.search(r"[\s-]", value)) or len(value) > 16


def _around(text: str, match: re.Match | None) -> str:
    return "" if match is None else text[max(0, match.start() - 80) : match.end() + 40]


def assert_clean(text: str, values: dict[str, set[str]], where: str) -> None:
    """No sensitive value as a token in the text, nor (if distinctive) in the squeezed text."""
    flat = " ".join(text.split())
    squeezed = squeeze(text)
    for kind, items in values.items():
        for value in items:
            if value.isdigit():  # a port: bare numbers are everywhere (pages, counts, dates),
                # so a port counts as leaked next to a protocol name or the word "port"
                context = re.compile(
                    rf"(?:(?:{'|'.join(map(re.escape, PROTOCOL_LABELS))})\W{{0,3}}|port\s*)"
                    rf"{value}(?!\d)",
                    re.IGNORECASE,
                )
                found = context.search(flat)
                assert not found, (where, kind, value, _around(flat, found))
                continue
            found = _token(value).search(flat)
            assert not found, (where, kind, value, _around(flat, found))
            if _breakable(value):
                assert squeeze(value) not in squeezed, (where, kind, value, "split")
    assert address_patterns(text) == [], (where, address_patterns(text))


def _pdf(report) -> bytes:
    with report.file.open("rb") as handle:
        return handle.read()


def test_no_sensitive_value_of_the_demo_organization_reaches_any_report_below_internal():
    org = seed_demo(assets=40)
    values = sensitive_values(org)
    assert {
        "ip",
        "mac",
        "hostname",
        "zone",
        "network",
        "site",
        "coordinate",
        "firmware",
        "link",
    } <= set(values)
    for report_type in TYPES:
        for audience in AUDIENCES:
            report = report_generate_now(
                organization=org, report_type=report_type, audience=audience, language="en"
            )
            assert report.status == "done", report.error
            assert_clean(pdf_strings(_pdf(report)), values, f"{report_type}/{audience}")
            if report.bundle:
                with report.bundle.open("rb") as handle:
                    archive = zipfile.ZipFile(io.BytesIO(handle.read()))
                for name in archive.namelist():
                    content = archive.read(name)
                    text = pdf_strings(content) if name.endswith(".pdf") else content.decode()
                    assert_clean(name + "\n" + text, values, f"{report_type}/{audience} {name}")


def test_the_internal_reports_show_the_real_values():
    org = seed_demo(assets=40)
    inventory = squeeze(pdf_strings(_pdf(report_generate_now(
        organization=org, report_type="inventory", audience="internal", language="en"
    ))))  # fmt: skip
    plc = Asset.objects.for_org(org).filter(asset_class="ot").exclude(ip_addresses=[]).first()
    server = Asset.objects.for_org(org).exclude(hostnames=[]).first()
    site = Site.objects.for_org(org).exclude(address="").first()
    link = Link.objects.for_org(org).exclude(port=None).first()
    for value in (
        plc.ip_addresses[0],
        plc.mac_addresses[0],
        plc.version,
        server.hostnames[0],
        Zone.objects.for_org(org).first().name,
        site.address,
        str(site.latitude),
        link.purpose,
    ):
        assert squeeze(value) in inventory, value


def test_the_checker_finds_a_planted_value_split_over_two_lines():
    values = {"hostname": {"engineering-workstation-0001.swm.local"}, "link": {"502"}}
    with pytest.raises(AssertionError):
        assert_clean("… engineering-\nworkstation-0001.swm.\nlocal …", values, "split")
    with pytest.raises(AssertionError):
        assert_clean("Modbus/TCP, 502", values, "port")
    assert_clean("Seite 502 von 600, 502 Anlagen", {"link": {"502"}}, "bare numbers")


def test_no_name_in_the_demo_repeats_the_street_of_a_site_address():
    """Names are shown to auditors; a street in a site or asset name would leak the address."""
    org = seed_demo(assets=40)
    streets = {
        re.sub(r"\s*\d+\w*$", "", address)
        for address in Site.objects.for_org(org).values_list("address", flat=True)
        if address
    }
    assert streets
    names = [
        *Site.objects.for_org(org).values_list("name", flat=True),
        *Asset.objects.for_org(org).values_list("name", flat=True),
    ]
    assert not [(n, s) for n in names for s in streets if s.lower() in n.lower()]
