"""Reading files, folders and zip archives with limits; errors name file and place."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assets.vuln import ReimportDecision, import_path, parse_osv, reimport_decision
from assets.vuln.errors import AdvisoryError
from assets.vuln.sources import Limits, iter_documents

RECORD = {"id": "GHSA-x", "modified": "2024-01-01T00:00:00Z", "affected": []}


def make_zip(
    path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_is_read_member_by_member_without_extracting(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "PyPI.zip",
        {
            "b.json": json.dumps(RECORD).encode(),
            "a.json": json.dumps({**RECORD, "id": "A"}).encode(),
            "x.txt": b"no",
        },
    )
    outcomes = list(import_path(archive))
    assert [o.advisory.id for o in outcomes] == ["A", "GHSA-x"]
    assert outcomes[0].file.endswith("PyPI.zip!a.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["PyPI.zip"]


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "many.zip", {f"{i}.json": b"{}" for i in range(5)})
    with pytest.raises(AdvisoryError, match="exceed the limit"):
        list(iter_documents(archive, limits=Limits(max_members=4)))


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bomb.zip", {"big.json": b" " * 5_000_000})
    outcomes = list(import_path(archive))
    assert outcomes[0].error is not None and "zip bomb" in str(outcomes[0].error)


def test_an_oversized_member_is_refused(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "big.zip", {"big.json": b"[" + b"1," * 600 + b"1]"}, zipfile.ZIP_STORED
    )
    with pytest.raises(AdvisoryError, match="exceeds the limit"):
        list(iter_documents(archive, limits=Limits(max_member_bytes=1000)))


def test_a_broken_zip_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    [outcome] = import_path(bad)
    assert (
        outcome.error is not None
        and outcome.error.rule == "zip"
        and "bad.zip" in str(outcome.error)
    )


def test_bad_json_names_the_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"id": "A",\n "modified": }')
    [outcome] = import_path(tmp_path)
    assert "x.json" in str(outcome.error) and "line 2" in str(outcome.error)


def test_a_bad_event_names_its_json_pointer(tmp_path: Path) -> None:
    record = {
        **RECORD,
        "affected": [
            {
                "package": {"ecosystem": "npm", "name": "x"},
                "ranges": [
                    {
                        "type": "SEMVER",
                        "events": [{"introduced": "0"}, {"fixed": "1", "limit": "2"}],
                    }
                ],
            }
        ],
    }
    (tmp_path / "r.json").write_text(json.dumps(record))
    [outcome] = import_path(tmp_path)
    assert outcome.error.pointer == "/affected/0/ranges/0/events/1"
    assert "r.json at /affected/0/ranges/0/events/1" in str(outcome.error)


def test_a_missing_modified_is_refused() -> None:
    with pytest.raises(AdvisoryError, match="modified") as caught:
        parse_osv({"id": "X"}, file="x.json")
    assert caught.value.pointer == "/modified"


def test_newer_modified_wins_on_reimport() -> None:
    advisory = parse_osv(RECORD)
    older, newer = datetime(2023, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
    assert (
        reimport_decision(stored_modified=None, incoming=advisory, exists=False)
        is ReimportDecision.CREATE
    )
    assert (
        reimport_decision(stored_modified=older, incoming=advisory, exists=True)
        is ReimportDecision.UPDATE
    )
    assert (
        reimport_decision(stored_modified=advisory.modified, incoming=advisory, exists=True)
        is ReimportDecision.SKIP
    )
    assert (
        reimport_decision(stored_modified=newer, incoming=advisory, exists=True)
        is ReimportDecision.SKIP
    )
