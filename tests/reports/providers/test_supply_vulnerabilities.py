"""The supply-chain report's vulnerabilities section on real data: OSV (Go vulndb), CSAF
(CISA ICS, OASIS CSAF VEX), the CISA KEV catalogue and the ProtonMail Bridge SBOM; matched
versions and topology in asset names never reach an audience below internal."""

from __future__ import annotations

import pytest

from assets.advisories.services import advisories_import
from assets.models import Asset, VulnerabilityMatch
from assets.services.matching import vulnerabilities_match
from assets.services.sbom import sbom_import
from assets.services.vex import vex_set
from reports.sections import Facts, Paragraph, Table
from reports.services.generation import report_generate_now
from tests.assets.factories import AssetFactory
from tests.reports.providers.conftest import build, flat
from tests.reports.providers.test_demo_leaks import assert_clean, sensitive_values
from tests.reports.test_leaks import pdf_strings

pytestmark = pytest.mark.django_db

BRIDGE = "sboms/cyclonedx/bom-examples_proton-bridge-v1.8.0.cdx-1.2.json"
LEIT = "def-01.leitstelle.swm.local"  # an asset named after its host name


@pytest.fixture
def world(external_data, org, officer, tmp_path):
    epss = tmp_path / "epss.csv"  # FIRST publishes no sample file: one real-shaped line
    epss.write_text("#model_version:v2023.03.01,score_date:2025-08-25T00:00:00+0000\n"
                    "cve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\n")  # fmt: skip
    advisories_import(paths=[external_data / "osv/golang-vulndb", external_data / "kev",
                             external_data / "csaf/cisa-ics",
                             external_data / "csaf/oasis/examples/csaf_vex", epss])  # fmt: skip
    bridge = sbom_import(org=org, file=external_data / BRIDGE, supplier="Proton")
    ot = {"asset_class": Asset.AssetClass.OT, "organization": org}
    AssetFactory(**ot, name=LEIT, hostnames=[LEIT], ip_addresses=["10.20.30.41"],
                 vendor="Example Company", product_name="DEF", version="1.0")  # fmt: skip
    AssetFactory(**ot, name="TCSB Leitstelle", ip_addresses=["10.20.30.42"], vendor="Siemens AG",
                 product_name="TeleControl Server Basic", version="V3.1")  # fmt: skip
    AssetFactory(**ot, name="CSAF-Editor", vendor="Secvisogram", product_name="Secvisogram",
                 version="1.14.0")  # fmt: skip
    vulnerabilities_match(org=org)
    gin = VulnerabilityMatch.objects.get(advisory__source_id="GO-2020-0001")
    vex_set(match=gin, status="fixed", user=officer, note="patched in our build")
    return {"bridge": bridge}


def _rows(section) -> dict[tuple, dict]:
    tables = [b for b in section.blocks if isinstance(b, Table)]
    return {
        (table.caption, r.values["advisory"], flat(r.values["target"])[-1]): r.values
        for table in tables
        for r in table.rows
    }


def _facts(section) -> dict[str, object]:
    [facts] = [b for b in section.blocks if isinstance(b, Facts)]
    return {str(f.label): f.value for f in facts.items}


def test_open_matches_carry_advisory_severity_kev_epss_priority_and_state(world, org):
    section = build(org, "supply_chain")["vulnerabilities"]
    rows = _rows(section)
    open_caption = "Open matches, per product or asset"
    log4shell = rows[(open_caption, "2022-EVD-UC-01-A-001", LEIT)]
    match = VulnerabilityMatch.objects.get(advisory__source_id="2022-EVD-UC-01-A-001")
    assert log4shell["kev"] == "yes" and log4shell["epss"] == "0.944"
    assert log4shell["version"] == "1.0" and log4shell["state"] == "affected"
    assert log4shell["priority"] == f"{match.priority:.1f}"
    assert log4shell["severity"] == "—"  # the example document scores nothing
    siemens = rows[(open_caption, "ICSA-19-099-03", "TCSB Leitstelle")]
    assert siemens["kev"] == "—" and siemens["version"] == "V3.1"
    advisory = VulnerabilityMatch.objects.get(advisory__source_id="ICSA-19-099-03").advisory
    assert siemens["severity"] == f"{advisory.severity_label} {advisory.severity_score:.1f}"
    go_rows = [v for (caption, adv, _t), v in rows.items()
               if caption == open_caption and adv.startswith("GO-")]  # fmt: skip
    assert go_rows and all(flat(v["target"])[0] == world["bridge"].product.name for v in go_rows)


def test_vex_closed_matches_are_listed_with_their_state_and_justification(world, org):
    rows = _rows(build(org, "supply_chain")["vulnerabilities"])
    closed = "Closed by a VEX statement or a fix"
    assert rows[(closed, "SEC-VEX-2022-0001", "CSAF-Editor")]["state"] == (
        "not affected: component not present (CSAF)"
    )
    assert rows[(closed, "GO-2020-0001", "github.com/gin-gonic/gin")]["state"] == "fixed"


def test_the_summary_counts_agree_with_the_database(world, org):
    facts = _facts(build(org, "supply_chain")["vulnerabilities"])
    current = VulnerabilityMatch.objects.for_org(org).filter(stale=False)
    open_ = current.filter(status__in=["affected", "under_investigation"])
    assert facts["Open matches (affected or under investigation)"] == open_.count() > 3
    assert facts["Open and known exploited (CISA KEV)"] == open_.filter(advisory__kev=True).count()
    assert facts["Open and known exploited (CISA KEV)"] >= 1
    assert facts["Not affected (VEX statement)"] == 1 and facts["Fixed"] == 1
    assert facts["Assets with open matches"] == 2
    assert facts["Products with open matches"] == 1


def test_open_rows_are_grouped_per_product_or_asset(world, org):
    section = build(org, "supply_chain")["vulnerabilities"]
    table = next(b for b in section.blocks if isinstance(b, Table))
    targets = [flat(r.values["target"])[0] for r in table.rows]
    groups = [t for i, t in enumerate(targets) if i == 0 or targets[i - 1] != t]
    assert len(groups) == len(set(groups)) == 3


def test_an_auditor_sees_pseudonyms_for_versions_and_host_names(world, org):
    section = build(org, "supply_chain", "auditor")["vulnerabilities"]
    values = list(_rows(section).values())
    assert all(v["version"].startswith("FW-") for v in values if v["version"] != "—")
    targets = [t for v in values for t in flat(v["target"])]
    assert LEIT not in targets and any(t.startswith("HOST-") for t in targets)
    public = build(org, "supply_chain", "public")["vulnerabilities"]
    assert not any(isinstance(b, Table) for b in public.blocks)
    assert any(isinstance(b, Facts) for b in public.blocks)


@pytest.mark.slow
def test_no_sensitive_value_reaches_the_auditor_pdf(world, org):
    values = sensitive_values(org)
    assert {"1.0", "V3.1", LEIT, "10.20.30.41"} <= values["firmware"] | values["hostname"] | values[
        "ip"
    ]
    for audience in ("auditor", "authority", "public"):
        report = report_generate_now(
            organization=org, report_type="supply_chain", audience=audience, language="en"
        )
        assert report.status == "done", report.error
        with report.file.open("rb") as handle:
            assert_clean(pdf_strings(handle.read()), values, f"supply_chain/{audience}")


def test_many_matches_are_capped_with_a_note(world, org, monkeypatch):
    from reports.providers import vulnerabilities

    monkeypatch.setattr(vulnerabilities, "MAX_ROWS", 2)
    section = build(org, "supply_chain")["vulnerabilities"]
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert len(table.rows) == 2
    [note, *_rest] = [b for b in section.blocks if isinstance(b, Paragraph)]
    assert note.text.startswith("2 of ")
