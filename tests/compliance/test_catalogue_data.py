"""The shipped catalogue covers the reference (section 5 sketch, Art. 21(2), CER) in de and en."""

from __future__ import annotations

import pytest

from compliance.catalogue import SIGNALS, Applicability, catalogue_files, catalogue_load

# Reference §5 sketch: every control id with its `auto` signal, and each duty's `applies`.
SKETCH_CONTROLS = {
    "SCOPE-REG.1": "evidence_freshness",
    "SCOPE-REG.2": "registration_freshness",
    "SCOPE-REG.3": "registration_freshness",
    "NIS2-20-1.1": "evidence_freshness",
    "NIS2-20-1.2": "evidence_freshness",
    "NIS2-20-1.3": None,
    "NIS2-20-2.1": "training_completion",
    "NIS2-20-2.2": None,
    "NIS2-20-2.3": "training_completion",
    "NIS2-21-2-a.1": "evidence_freshness",
    "NIS2-21-2-a.2": "evidence_freshness",
    "NIS2-21-2-a.3": None,
    "NIS2-21-2-a.4": None,
    "NIS2-21-2-a.5": "evidence_freshness",
    "NIS2-21-2-b.1": None,
    "NIS2-21-2-b.2": "log_coverage",
    "NIS2-21-2-b.3": None,
    "NIS2-21-2-b.4": "incident_deadlines",
    "NIS2-21-2-b.5": "evidence_freshness",
    "NIS2-21-2-c.1": None,
    "NIS2-21-2-c.2": "backup_test",
    "NIS2-21-2-c.3": "backup_test",
    "NIS2-21-2-c.4": None,
    "NIS2-21-2-c.5": "evidence_freshness",
    "NIS2-21-2-d.1": "inv_completeness",
    "NIS2-21-2-d.2": None,
    "NIS2-21-2-d.3": "supplier_assessment_age",
    "NIS2-21-2-d.4": "sbom_coverage",
    "NIS2-21-2-d.5": "log_coverage",
    "NIS2-21-2-e.1": None,
    "NIS2-21-2-e.2": "vuln_open_crit",
    "NIS2-21-2-e.3": None,
    "NIS2-21-2-e.4": "scan_recon",
    "NIS2-21-2-e.5": None,
    "NIS2-21-2-f.1": "evidence_freshness",
    "NIS2-21-2-f.2": "evidence_freshness",
    "NIS2-21-2-f.3": "scan_recon",
    "NIS2-21-2-f.4": None,
    "NIS2-21-2-g.1": "training_completion",
    "NIS2-21-2-g.2": "training_completion",
    "NIS2-21-2-g.3": None,
    "NIS2-21-2-h.1": None,
    "NIS2-21-2-h.2": None,
    "NIS2-21-2-h.3": "inv_completeness",
    "NIS2-21-2-i.1": "inv_completeness",
    "NIS2-21-2-i.2": "scan_recon",
    "NIS2-21-2-i.3": None,
    "NIS2-21-2-i.4": "evidence_freshness",
    "NIS2-21-2-i.5": None,
    "NIS2-21-2-j.1": "mfa_enrollment",
    "NIS2-21-2-j.2": "mfa_enrollment",
    "NIS2-21-2-j.3": "evidence_freshness",
    "NIS2-23.1": "incident_deadlines",
    "NIS2-23.2": "incident_deadlines",
    "NIS2-23.3": "incident_deadlines",
    "NIS2-23.4": "incident_deadlines",
    "NIS2-23.5": None,
    "NIS2-23.6": "evidence_freshness",
    "BSIG-31.1": "log_coverage",
    "BSIG-31.2": None,
    "BSIG-31.3": "evidence_freshness",
    "ENWG-5C.1": "inv_completeness",
    "ENWG-5C.2": "evidence_freshness",
    "CER-12.1": "evidence_freshness",
    "CER-12.2": None,
    "CER-12.3": None,
    "CER-13-1-a.1": None,
    "CER-13-1-a.2": None,
    "CER-13-1-b.1": None,
    "CER-13-1-b.2": "evidence_freshness",
    "CER-13-1-b.3": "log_coverage",
    "CER-13-1-c.1": None,
    "CER-13-1-c.2": "evidence_freshness",
    "CER-13-1-d.1": "evidence_freshness",
    "CER-13-1-d.2": None,
    "CER-13-1-e.1": None,
    "CER-13-1-e.2": "evidence_freshness",
    "CER-13-1-e.3": None,
    "CER-13-1-f.1": "training_completion",
    "CER-13-1-f.2": None,
    "CER-13-2-3.1": "evidence_freshness",
    "CER-13-2-3.2": "registration_freshness",
    "CER-15.1": "incident_deadlines",
    "CER-15.2": "incident_deadlines",
    "CER-15.3": None,
}
SKETCH_DUTIES = {
    "SCOPE-REG": {"be", "we", "kritis", "enwg"},
    "NIS2-20-1": {"be", "we", "kritis", "enwg"},
    "NIS2-20-2": {"be", "we", "enwg"},
    "NIS2-21-2-a": {"be", "we", "enwg"},
    "NIS2-21-2-b": {"be", "we", "enwg"},
    "NIS2-21-2-c": {"be", "we", "enwg"},
    "NIS2-21-2-d": {"be", "we", "enwg"},
    "NIS2-21-2-e": {"be", "we", "enwg"},
    "NIS2-21-2-f": {"be", "we", "enwg"},
    "NIS2-21-2-g": {"be", "we", "enwg"},
    "NIS2-21-2-h": {"be", "we", "enwg"},
    "NIS2-21-2-i": {"be", "we", "enwg"},
    "NIS2-21-2-j": {"be", "we", "enwg"},
    "NIS2-23": {"be", "we", "enwg"},
    "BSIG-31": {"kritis", "enwg"},
    "ENWG-5C": {"enwg"},
    "CER-12": {"kritis"},
    "CER-13-1-a": {"kritis"},
    "CER-13-1-b": {"kritis"},
    "CER-13-1-c": {"kritis"},
    "CER-13-1-d": {"kritis"},
    "CER-13-1-e": {"kritis"},
    "CER-13-1-f": {"kritis"},
    "CER-13-2-3": {"kritis"},
    "CER-15": {"kritis"},
}

BRIEF_SIGNALS = {
    "inv_completeness",
    "scan_recon",
    "sbom_coverage",
    "vuln_open_crit",
    "mfa_enrollment",
    "incident_deadlines",
    "evidence_freshness",
    "supplier_assessment_age",
}


@pytest.fixture(scope="module")
def catalogue():
    return catalogue_load()


def test_the_newest_shipped_file_is_version_2026_1(catalogue):
    assert catalogue.version == "2026.1"
    assert catalogue_files()[-1].name == "bollwerk-nis2-cer-2026.1.json"


def test_it_has_26_duties_and_93_controls(catalogue):
    assert len(catalogue.duties) == 26
    assert len(list(catalogue.controls())) == 93


@pytest.mark.parametrize(("control_id", "signal"), sorted(SKETCH_CONTROLS.items()))
def test_every_control_sketched_in_section_5_exists_with_its_signal(catalogue, control_id, signal):
    """Reference §5: the 85 sketched controls keep their ids and automatic signals."""
    assert catalogue.control(control_id).signal == signal


@pytest.mark.parametrize(("duty_id", "applies"), sorted(SKETCH_DUTIES.items()))
def test_every_duty_sketched_in_section_5_keeps_its_applicability(catalogue, duty_id, applies):
    assert {a.value for a in catalogue.duty(duty_id).applies} == applies


@pytest.mark.parametrize("letter", list("abcdefghij"))
def test_each_of_the_ten_art_21_2_measures_has_exactly_one_duty(catalogue, letter):
    """NIS2 Art. 21(2)(a)-(j) / BSIG §30(2) Nr. 1-10 (reference §1.7)."""
    duties = [d for d in catalogue.duties if d.measure == letter]
    assert len(duties) == 1
    refs = [str(r) for r in duties[0].references]
    assert f"NIS2 Art. 21(2)({letter})" in refs
    assert any(r.startswith("BSIG §30") for r in refs)


@pytest.mark.parametrize(
    ("duty_id", "law_ref"),
    [
        ("NIS2-20-1", "BSIG §38(1)-(2)"),
        ("NIS2-20-1", "EnWG §5e"),
        ("NIS2-20-2", "BSIG §38(3)"),
        ("SCOPE-REG", "BSIG §33"),
        ("SCOPE-REG", "EnWG §5d(4)"),
        ("SCOPE-REG", "KRITIS-DachG §8"),
        ("NIS2-23", "BSIG §32"),
        ("NIS2-23", "EnWG §5d(3)"),
        ("ENWG-5C", "EnWG §5c"),
        ("CER-12", "KRITIS-DachG §12"),
        ("CER-15", "KRITIS-DachG §18"),
        ("KRITIS-16", "KRITIS-DachG §16"),
    ],
)
def test_governance_registration_reporting_enwg_and_kritis_duties_cite_their_law(
    catalogue, duty_id, law_ref
):
    assert law_ref in [str(r) for r in catalogue.duty(duty_id).references]


def test_every_text_exists_in_german_and_english_and_they_differ(catalogue):
    for duty in catalogue.duties:
        for control in duty.controls:
            for text in (control.statement, control.guidance, control.evidence):
                assert text.de.strip() and text.en.strip()
            assert control.statement.de != control.statement.en, control.id


def test_every_signal_used_is_known_and_the_briefed_signals_are_all_used(catalogue):
    used = {c.signal for c in catalogue.controls() if c.signal}
    assert used <= set(SIGNALS)
    assert used >= BRIEF_SIGNALS


def test_review_cycles_follow_the_reference(catalogue):
    """CER risk assessment every 4 years (§3.2), KRITIS evidence every 3 years (BSIG §39)."""
    assert catalogue.control("CER-12.1").review_months == 48
    assert catalogue.control("BSIG-31.3").review_months == 36
    assert catalogue.control("NIS2-21-2-i.4").review_months == 6


def test_product_proposals_are_marked_recommended_not_statutory(catalogue):
    """Reference §5: the 7/30 days, 95 % and 6 months thresholds are proposals."""
    for control_id in ("NIS2-21-2-e.2", "NIS2-21-2-g.1", "NIS2-21-2-b.2"):
        assert catalogue.control(control_id).legal_weight.value == "recommended"


def test_kritis_operators_get_the_cer_duties_and_energy_operators_the_catalogue(catalogue):
    kritis = set(catalogue.duty_ids_for([Applicability.KRITIS]))
    assert {"CER-12", "CER-15", "CER-13-2-3", "BSIG-31", "SCOPE-REG"} <= kritis
    assert "ENWG-5C" in catalogue.duty_ids_for(["enwg"])
    assert "ENWG-5C" not in catalogue.duty_ids_for(["be"])
