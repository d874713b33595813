"""CSAF: every corpus document imports or is refused with a named rule; real OT and Red Hat matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assets.vuln import AdvisoryIndex, Component, OtAsset, Status, import_path
from assets.vuln.errors import AdvisoryError
from assets.vuln.predicates import Unreadable
from assets.vuln.vendor_ranges import parse_range_text

SCHEMAS = Path(__file__).resolve().parents[2] / "assets/vuln/schemas"
RULES = {
    "6.1.1": "CSAF 6.1.1 Missing Definition of Product ID",
    "6.1.2": "CSAF 6.1.2 Multiple Definition of Product ID",
    "6.1.3": "CSAF 6.1.3 Circular Definition of Product ID",
    "6.1.4": "CSAF 6.1.4 Missing Definition of Product Group ID",
    "6.1.6": "CSAF 6.1.6 Contradicting Product Status",
}
# Range texts in the CISA ICS corpus that are deliberately not read, with the reason.
UNREADABLE_ALLOWED = {
    ">=MCE_3.x_Cert_Edition": "Wind River VxWorks 653 names an edition ('MCE 3.x Cert Edition'), not an orderable version",
}


def imported(external_data: Path, folder: str) -> dict:
    """Advisories by file name; every file must import."""
    outcomes = list(import_path(external_data / "csaf" / folder))
    assert [str(o.error) for o in outcomes if o.error] == []
    return {o.file: o.advisory for o in outcomes}


@pytest.mark.parametrize(
    "name",
    [
        "csaf_json_schema.json",
        "referenced_schema_first/cvss-v2.0.json",
        "referenced_schema_first/cvss-v3.0.json",
        "referenced_schema_first/cvss-v3.1.json",
    ],
)
def test_the_carried_schemas_are_the_oasis_files_byte_for_byte(
    external_data: Path, name: str
) -> None:
    ours = SCHEMAS / Path(name).name
    assert ours.read_bytes() == (external_data / "csaf/oasis/json_schema" / name).read_bytes()


@pytest.mark.parametrize(
    ("folder", "count"), [("cisa-ics", 12), ("redhat", 2), ("oasis/examples", 6 + 13)]
)
def test_every_corpus_document_imports(external_data: Path, folder: str, count: int) -> None:
    assert len(imported(external_data, folder)) == count


def validator_cases(external_data: Path) -> dict[str, tuple[str, bool]]:
    testcases = json.loads(
        (external_data / "csaf/oasis/validator-testdata/testcases.json").read_text()
    )
    cases = {}
    for test in testcases["tests"]:
        for item in test.get("failures", []):
            cases[item["name"]] = (test["id"], False)
        for item in test.get("valid", []):
            cases[item["name"]] = (test["id"], True)
    return cases


def test_no_validator_test_document_crashes_the_importer(external_data: Path) -> None:
    root = external_data / "csaf/oasis/validator-testdata"
    outcomes = list(import_path(root))  # any exception other than AdvisoryError fails here
    cases = validator_cases(external_data)
    assert {str(Path(o.file).relative_to(root)) for o in outcomes} >= set(cases)
    for outcome in outcomes:
        assert (outcome.advisory is None) != (outcome.error is None)
        if outcome.error is not None:
            assert (
                isinstance(outcome.error, AdvisoryError)
                and outcome.error.rule
                and outcome.file in str(outcome.error)
            )


def test_documents_failing_the_rules_matching_depends_on_are_refused_with_that_rule(
    external_data: Path,
) -> None:
    root = external_data / "csaf/oasis/validator-testdata"
    results = {str(Path(o.file).relative_to(root)): o for o in import_path(root)}
    checked = 0
    for name, (rule, valid) in validator_cases(external_data).items():
        if rule not in RULES:
            continue
        outcome = results[name]
        if valid:
            assert outcome.error is None, f"{name}: {outcome.error}"
        else:
            assert outcome.error is not None and outcome.error.rule == RULES[rule], (
                f"{name}: {outcome.error}"
            )
            assert outcome.error.pointer.startswith(("/product_tree", "/vulnerabilities"))
        checked += 1
    assert checked == 4 + 1 + 1 + 4 + 10


def test_cisa_ics_advisories_name_products_only_by_vendor_product_and_model(
    external_data: Path,
) -> None:
    advisories = imported(external_data, "cisa-ics")
    entries = [e for a in advisories.values() for e in a.affected]
    assert entries and all(
        e.package is None and e.cpe is None and e.ot is not None for e in entries
    )


def test_red_hat_advisories_carry_purls_and_cpes(external_data: Path) -> None:
    entries = [e for a in imported(external_data, "redhat").values() for e in a.affected]
    assert entries and all(
        e.package is not None and e.package.type == "rpm" and e.cpe is not None for e in entries
    )


def cisa_range_texts(external_data: Path) -> set[str]:
    texts: set[str] = set()

    def walk(branches: list) -> None:
        for branch in branches:
            if branch["category"] == "product_version_range":
                texts.add(branch["name"])
            walk(branch.get("branches", []))

    for path in (external_data / "csaf/cisa-ics").glob("*.json"):
        walk(json.loads(path.read_text())["product_tree"].get("branches", []))
    return texts


def test_every_cisa_range_text_parses_except_the_allow_list(external_data: Path) -> None:
    texts = cisa_range_texts(external_data)
    assert len(texts) == 27
    unreadable = {t for t in texts if isinstance(parse_range_text(t), Unreadable)}
    assert unreadable == set(UNREADABLE_ALLOWED)


@pytest.fixture
def csaf_index(external_data: Path) -> AdvisoryIndex:
    index = AdvisoryIndex()
    for folder in ("cisa-ics", "redhat"):
        for advisory in imported(external_data, folder).values():
            index.add(advisory)
    return index


def test_a_siemens_asset_below_the_fix_matches_and_at_the_fix_does_not(
    csaf_index: AdvisoryIndex,
) -> None:
    [found] = csaf_index.match_asset(
        OtAsset("Siemens AG", "TeleControl Server Basic", firmware="V3.1")
    )
    assert (found.advisory_id, found.product_id, found.status) == (
        "ICSA-19-099-03",
        "CSAFPID-00019",
        Status.AFFECTED,
    )
    assert found.vulnerabilities == ("CVE-2019-6575",) and "< V3.1.1" in found.why
    assert (
        csaf_index.match_asset(OtAsset("Siemens AG", "TeleControl Server Basic", firmware="V3.1.1"))
        == []
    )


def test_a_siemens_cpu_matches_the_family_entry_within_its_range(csaf_index: AdvisoryIndex) -> None:
    cpu = "SIMATIC S7-1500 CPU 1516-3 PN/DP"
    [found] = csaf_index.match_asset(OtAsset("Siemens", cpu, firmware="V2.6"))
    assert found.identifier == "ot-family" and found.product_id == "CSAFPID-00012"
    assert csaf_index.match_asset(OtAsset("Siemens", cpu, firmware="V2.6.1")) == []
    assert csaf_index.match_asset(OtAsset("Siemens", cpu, firmware="V2.4")) == []


def test_a_siemens_model_number_picks_its_own_variant(csaf_index: AdvisoryIndex) -> None:
    asset = OtAsset(
        "Siemens",
        "SIMATIC S7-1500 CPU 1518-4 PN/DP MFP",
        model="6ES7518-4AX00-1AB0",
        firmware="V3.1.0",
    )
    [found] = csaf_index.match_asset(asset)
    assert (found.advisory_id, found.product_id, found.identifier) == (
        "ICSA-23-348-10",
        "1",
        "ot-model",
    )
    assert len(found.vulnerabilities) > 50


def test_mobotix_firmware_on_a_camera_takes_the_relationship_status(
    csaf_index: AdvisoryIndex, external_data: Path
) -> None:
    raw = json.loads((external_data / "csaf/cisa-ics/icsa-24-235-03.json").read_text())
    [found] = csaf_index.match_asset(OtAsset("MOBOTIX AG", "M16", firmware="MX-V5.2.6.7"))
    assert (
        found.status is Status.FIXED
        and found.product_id in raw["vulnerabilities"][0]["product_status"]["fixed"]
    )


def test_schneider_affected_range_and_fixed_version(csaf_index: AdvisoryIndex) -> None:
    [affected] = csaf_index.match_asset(
        OtAsset("Schneider Electric SE", "Data Center Expert", firmware="8.1.1.3")
    )
    [fixed] = csaf_index.match_asset(
        OtAsset("Schneider Electric SE", "Data Center Expert", firmware="8.2")
    )
    assert (affected.status, fixed.status) == (Status.AFFECTED, Status.FIXED)
    assert affected.vulnerabilities == ("CVE-2024-8531", "CVE-2024-8530")


def test_red_hat_matches_by_purl(csaf_index: AdvisoryIndex) -> None:
    found = csaf_index.match_component(
        Component(purl="pkg:rpm/redhat/git-lfs@2.13.3-3.el8_6.1?arch=x86_64")
    )
    assert {m.advisory_id for m in found} == {"RHSA-2024:4546"}
    assert {m.status for m in found} == {Status.FIXED} and {m.vulnerabilities for m in found} == {
        ("CVE-2023-45288",)
    }
    assert csaf_index.match_component(Component(purl="pkg:rpm/redhat/git-lfs@2.13.3-2.el8_6")) == []


def test_red_hat_matches_by_platform_cpe(csaf_index: AdvisoryIndex) -> None:
    found = csaf_index.match_component(
        Component(cpe="cpe:2.3:o:redhat:enterprise_linux:3:*:as:*:*:*:*:*")
    )
    assert {m.advisory_id for m in found} == {"RHSA-2003:315"}
    assert all(m.identifier == "cpe-platform" and m.product_id.startswith("3AS:") for m in found)
    assert csaf_index.match_component(Component(cpe="cpe:/o:redhat:enterprise_linux:4::as")) == []


def test_a_corrupted_copy_of_a_real_advisory_names_the_rule_and_place(
    external_data: Path, tmp_path: Path
) -> None:
    raw = json.loads((external_data / "csaf/cisa-ics/icsa-24-289-02.json").read_text())
    raw["vulnerabilities"][0]["product_status"]["fixed"].append("CSAFPID-0001")
    (tmp_path / "broken.json").write_text(json.dumps(raw))
    [outcome] = import_path(tmp_path)
    assert outcome.error.rule == RULES["6.1.6"]
    assert outcome.error.pointer == "/vulnerabilities/0/product_status/known_affected/0"
