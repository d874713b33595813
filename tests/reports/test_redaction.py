"""The Redactor: pseudonyms, free-text scanning, conditions, audiences."""

import pytest

from reports.redaction import Redactor
from reports.sections import Chart, Column, Paragraph, Row, Section, SourceRef, Table
from tests.reports.fake import LABEL


def _redactor(audience="auditor", secret="s3cret", vocabulary=()):  # noqa: S107
    return Redactor(secret=secret, audience=audience, vocabulary=vocabulary)


def _table(rows, ot=True):
    cols = [
        Column("host", "Host", SourceRef(LABEL, "hostname")),
        Column("fw", "Firmware", SourceRef(LABEL, "firmware")),
        Column("note", "Note"),
    ]
    return Section("Devices", [Table(cols, [Row(r, ot=ot) for r in rows])])


def test_the_same_value_gets_the_same_pseudonym_across_redactors_of_one_audience():
    assert _redactor().pseudonym("hostname", "plc-01") == _redactor().pseudonym(
        "hostname", "PLC-01"
    )
    assert _redactor().pseudonym("hostname", "plc-01").startswith("HOST-")


def test_pseudonyms_differ_between_audiences_organizations_and_kinds():
    base = _redactor().pseudonym("zone", "Leitstelle")
    assert _redactor("authority").pseudonym("zone", "Leitstelle") != base
    assert _redactor(secret="other").pseudonym("zone", "Leitstelle") != base
    assert _redactor().pseudonym("site", "Leitstelle")[5:] != base[5:]


def test_equivalent_spellings_of_a_mac_and_an_ipv6_address_share_a_pseudonym():
    r = _redactor()
    assert r.pseudonym("mac", "00-1A-2B-3C-4D-5E") == r.pseudonym("mac", "00:1a:2b:3c:4d:5e")
    assert r.pseudonym("ip", "FD00:0:0::1") == r.pseudonym("ip", "fd00::1")


@pytest.mark.parametrize(
    "text, leaked",
    [
        ("reach 10.20.30.40 now", "10.20.30.40"),
        ("net 192.168.0.0/16.", "192.168.0.0/16"),
        ("via fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a"),
        ("mac 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"),
        ("cisco 001a.2b3c.4d5e", "001a.2b3c.4d5e"),
        ("at 52.52001, 13.40495", "52.52001, 13.40495"),
        ("at 52°31'12\"N", "52°31'12\"N"),
        ("see scada.ot.swk.example today", "scada.ot.swk.example"),
    ],
)
def test_free_text_patterns_are_redacted(text, leaked):
    redacted = _redactor().text(text)
    assert leaked not in redacted
    assert redacted.split()[0] == text.split()[0]


def test_times_versions_and_words_are_left_alone():
    text = "Am 27.11.2026 um 12:30:45 Uhr, Version 2.4, z.B. laut BSIG §30."
    assert _redactor().text(text) == text


def test_known_values_are_found_in_free_text_case_insensitively_at_word_boundaries():
    r = _redactor(vocabulary=[("zone", "Prozessnetz-Ost"), ("hostname", "plc7")])
    out = r.text("PROZESSNETZ-OST holds plc7 and plc77.")
    assert "PROZESSNETZ-OST" not in out and r.pseudonym("zone", "Prozessnetz-Ost") in out
    assert "plc77" in out  # another word, not the known host
    assert out.count("HOST-") == 1


def test_the_longest_known_value_wins():
    r = _redactor(vocabulary=[("site", "Wasserwerk"), ("site", "Wasserwerk Nord")])
    assert r.text("im Wasserwerk Nord") == "im " + r.pseudonym("site", "Wasserwerk Nord")


def test_table_cells_and_notes_are_redacted_and_firmware_only_on_ot_rows():
    rows = [{"host": "rtu-9", "fw": "V2.1.7", "note": "rtu-9 runs V2.1.7"}]
    ot = _redactor().sections([_table(rows, ot=True)])[0].blocks[0].rows[0].values
    it = _redactor().sections([_table(rows, ot=False)])[0].blocks[0].rows[0].values
    assert ot["host"].startswith("HOST-") and ot["fw"].startswith("FW-")
    assert ot["note"] == f"{ot['host']} runs {ot['fw']}"
    assert it["fw"] == "V2.1.7"


def test_internal_sees_everything_unchanged():
    rows = [{"host": "rtu-9", "fw": "V2.1.7", "note": "10.0.0.1"}]
    out = _redactor("internal").sections([_table(rows)])[0].blocks[0].rows[0].values
    assert out == rows[0]


def test_public_keeps_aggregates_only_but_still_redacts_them():
    section = Section(
        "Devices",
        [
            Chart("per zone", [("Leitstelle-X", 3)]),
            Paragraph("rtu-9 sits in Leitstelle-X"),
            _table([{"host": "rtu-9", "fw": "1", "note": ""}]).blocks[0],
        ],
    )
    out = _redactor("public", vocabulary=[("zone", "Leitstelle-X")]).sections([section])[0]
    assert [type(b).__name__ for b in out.blocks] == ["Chart", "Paragraph"]
    assert "Leitstelle-X" not in out.blocks[0].bars[0][0]
    assert "rtu-9" not in out.blocks[1].text  # learned from the dropped table
