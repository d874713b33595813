"""The framework pieces the providers rely on: tagged list cells, figures, compact tables."""

import pytest

from reports.redaction import Redactor
from reports.sections import Column, Figure, Row, Section, SourceRef, Table, Tagged
from reports.selectors import sensitive_vocabulary
from reports.services.document import _table_html
from tests.assets.factories import AssetFactory, LinkFactory

IP = SourceRef("assets.asset", "ip_addresses")
FIRMWARE = SourceRef("assets.asset", "version")


def _redact(blocks, audience="auditor"):
    return Redactor(secret="s", audience=audience).sections([Section("t", blocks)])[0].blocks


def test_each_item_of_a_list_cell_gets_its_own_pseudonym():
    table = Table([Column("ips", "IPs", IP)], [Row({"ips": ["10.0.0.1", "10.0.0.2"]})])
    (redacted,) = _redact([table])
    first, second = redacted.rows[0].values["ips"]
    assert first.startswith("IP-") and second.startswith("IP-") and first != second


def test_tagged_items_follow_their_own_source_and_the_rows_ot_flag():
    def product(ot: bool):
        row = Row({"product": ["SIMATIC", Tagged("V3.1.2", FIRMWARE)]}, ot=ot)
        (redacted,) = _redact([Table([Column("product", "Product")], [row])])
        return redacted.rows[0].values["product"]

    assert product(ot=True)[0] == "SIMATIC" and product(ot=True)[1].startswith("FW-")
    assert product(ot=False) == ["SIMATIC", "V3.1.2"]  # on IT assets the version is not sensitive


def test_free_text_learns_a_tagged_value_seen_anywhere_in_the_report():
    table = Table(
        [Column("a", "A")],
        [Row({"a": [Tagged("plc-7.werk", SourceRef("assets.asset", "hostnames"))]})],
    )
    note = Table([Column("n", "Notes")], [Row({"n": "restarted plc-7.werk twice"})])
    tagged, free = _redact([table, note])
    alias = tagged.rows[0].values["a"][0]
    assert free.rows[0].values["n"] == f"restarted {alias} twice"


def test_figure_labels_are_scanned_as_free_text():
    figure = Figure("score_bars", "Score of 10.1.2.3", {"items": [("10.1.2.3", 50.0)]})
    (redacted,) = _redact([figure])
    assert "10.1.2.3" not in redacted.title
    assert redacted.data["items"][0][0].startswith("IP-") and redacted.data["items"][0][1] == 50.0


def test_public_host_columns_keep_vendor_hosts_but_not_addresses():
    column = Column("url", "URL", public_hosts=True)
    rows = [Row({"url": "https://cert.vendor.example/a from 192.168.1.5"})]
    (redacted,) = _redact([Table([column], rows)])
    value = redacted.rows[0].values["url"]
    assert value.startswith("https://cert.vendor.example/a from IP-")


def test_a_compact_table_joins_list_items_on_one_line_and_sets_column_widths():
    rows = [Row({"a": ["x", Tagged("y", IP)]})]
    compact = _table_html(Table([Column("a", "A", width="20%")], rows, compact=True))
    assert 'class="data compact"' in compact and 'style="width: 20%"' in compact
    assert "<td>x, y</td>" in compact
    assert "<td>x<br>y</td>" in _table_html(Table([Column("a", "A")], rows))


@pytest.mark.django_db
def test_the_vocabulary_has_every_list_item_and_no_protocol_enumerations(org):
    asset = AssetFactory(organization=org, ip_addresses=["10.0.0.1", "10.0.0.2"])
    LinkFactory(organization=org, source=asset, protocol="https", port=443)
    vocabulary = set(sensitive_vocabulary(organization=org))
    assert {("ip", "10.0.0.1"), ("ip", "10.0.0.2"), ("link", "443")} <= vocabulary
    assert not any(value == "https" for _kind, value in vocabulary)
