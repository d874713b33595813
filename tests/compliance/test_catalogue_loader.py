"""catalogue_load validates strictly and names the file and the JSON pointer of each problem."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from compliance.catalogue import CatalogueError, catalogue_files, catalogue_load
from compliance.catalogue.loader import default_catalogue


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(catalogue_files()[-1].read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "test-catalogue.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def load_broken(tmp_path: Path, shipped: dict, change) -> CatalogueError:
    data = copy.deepcopy(shipped)
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(CatalogueError) as info:
        catalogue_load(path)
    assert str(path) in str(info.value)
    return info.value


def test_it_loads_the_newest_shipped_version_without_a_path():
    assert catalogue_load().version == catalogue_load(catalogue_files()[-1]).version


def test_the_default_catalogue_is_cached():
    assert default_catalogue() is default_catalogue()


def test_a_valid_copy_loads_unchanged(tmp_path, shipped):
    loaded = catalogue_load(write(tmp_path, shipped))
    assert [d.id for d in loaded.duties] == [d["id"] for d in shipped["duties"]]


def test_it_rejects_a_duplicate_control_id_naming_both_places(tmp_path, shipped):
    def change(data):
        data["duties"][1]["controls"][0]["id"] = "NIS2-20-1.2"

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/1/controls/1/id"
    assert "duplicate id 'NIS2-20-1.2' (first at /duties/1/controls/0/id)" in error.message


def test_it_rejects_a_duplicate_duty_id(tmp_path, shipped):
    def change(data):
        data["duties"][2]["id"] = "SCOPE-REG"

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/2/id"
    assert "first at /duties/0/id" in error.message


def test_it_rejects_a_control_without_english(tmp_path, shipped):
    def change(data):
        del data["duties"][3]["controls"][2]["statement"]["en"]

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/3/controls/2/statement"
    assert "missing key(s): en" in error.message


def test_it_rejects_an_empty_german_guidance(tmp_path, shipped):
    def change(data):
        data["duties"][0]["controls"][0]["guidance"]["de"] = "  "

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/0/controls/0/guidance/de"


@pytest.mark.parametrize("months", [0, -12, 1.5, True, "12", 121])
def test_it_rejects_a_review_cycle_that_is_not_a_positive_whole_number(tmp_path, shipped, months):
    def change(data):
        data["duties"][0]["controls"][1]["review_months"] = months

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/0/controls/1/review_months"


def test_it_rejects_an_unknown_signal(tmp_path, shipped):
    def change(data):
        data["duties"][0]["controls"][0]["signal"] = "evidence_fresh"

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/0/controls/0/signal"
    assert "unknown signal 'evidence_fresh'" in error.message


def test_it_rejects_an_unknown_key_so_typos_do_not_pass_silently(tmp_path, shipped):
    def change(data):
        data["duties"][0]["controls"][0]["sigal"] = None

    error = load_broken(tmp_path, shipped, change)
    assert "unknown key(s): sigal" in error.message


def test_it_rejects_a_reference_to_an_unknown_law(tmp_path, shipped):
    def change(data):
        data["duties"][0]["references"].append("TKG §165")

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer.startswith("/duties/0/references/")
    assert "names no known law" in error.message


@pytest.mark.parametrize(("field", "value"), [("iso27001", "A.5.38"), ("grundschutz", "XYZ.1")])
def test_it_rejects_cross_references_that_do_not_resolve(tmp_path, shipped, field, value):
    def change(data):
        data["duties"][4]["controls"][0][field] = [value]

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == f"/duties/4/controls/0/{field}/0"


def test_it_rejects_a_control_id_outside_its_duty(tmp_path, shipped):
    def change(data):
        data["duties"][0]["controls"][0]["id"] = "NIS2-99.1"

    error = load_broken(tmp_path, shipped, change)
    assert "must start with 'SCOPE-REG.'" in error.message


def test_it_rejects_two_duties_for_the_same_art_21_2_measure(tmp_path, shipped):
    def change(data):
        data["duties"][4]["measure"] = "a"

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/4/measure"


def test_it_rejects_a_measure_letter_outside_a_to_j(tmp_path, shipped):
    def change(data):
        data["duties"][3]["measure"] = "k"

    assert "not an Art. 21(2) letter" in load_broken(tmp_path, shipped, change).message


def test_it_rejects_unknown_applicability(tmp_path, shipped):
    def change(data):
        data["duties"][0]["applies"] = ["be", "telecom"]

    assert load_broken(tmp_path, shipped, change).pointer == "/duties/0/applies/1"


def test_it_rejects_replacing_a_control_that_is_still_present(tmp_path, shipped):
    def change(data):
        data["duties"][1]["controls"][0]["replaces"] = ["SCOPE-REG.1"]

    error = load_broken(tmp_path, shipped, change)
    assert error.pointer == "/duties/1/controls/0/replaces/0"
    assert "still present" in error.message


def test_it_rejects_a_version_that_does_not_match_the_file_name(tmp_path, shipped):
    path = write(tmp_path, shipped, "bollwerk-nis2-cer-2027.1.json")
    with pytest.raises(CatalogueError, match=r"/version: '2026.1' does not match the file name"):
        catalogue_load(path)


def test_it_rejects_an_empty_duty_list(tmp_path, shipped):
    error = load_broken(tmp_path, shipped, lambda data: data.update(duties=[]))
    assert error.pointer == "/duties"


def test_it_reports_json_syntax_errors_with_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "catalogue": "x",\n  "version": 2026.1,\n}', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"invalid JSON at line 4, column 1"):
        catalogue_load(path)


def test_it_rejects_duplicate_json_keys(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text('{"version": "2026.1", "version": "2026.2"}', encoding="utf-8")
    with pytest.raises(CatalogueError, match="duplicate key 'version'"):
        catalogue_load(path)


def test_it_reports_a_missing_file_clearly(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read file"):
        catalogue_load(tmp_path / "missing.json")
