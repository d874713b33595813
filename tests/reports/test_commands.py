"""generate_report and verify_report keep the CLI contract."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.models import Report

pytestmark = pytest.mark.django_db


def test_generate_report_writes_the_pdf_and_prints_one_json_object(
    org, tmp_path, capsys, inventory
):
    out = tmp_path / "r.pdf"
    call_command(
        "generate_report",
        "inventory",
        "--org",
        org.slug,
        "--audience",
        "auditor",
        "--output",
        str(out),
        "--json",
    )
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"report_id", "sha256", "pages", "audience"}
    report = Report.objects.get(public_id=data["report_id"])
    assert data["sha256"] == report.sha256 and out.read_bytes()[:5] == b"%PDF-"
    assert data["audience"] == "auditor" and data["pages"] == report.pages


def test_generate_report_rejects_an_unknown_audience_and_stores_nothing(org, tmp_path):
    with pytest.raises(CommandError, match="audience"):
        call_command(
            "generate_report",
            "risk",
            "--org",
            org.slug,
            "--audience",
            "press",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    assert not Report.objects.exists()


def test_generate_report_names_an_unknown_organization(tmp_path, db):
    with pytest.raises(CommandError, match="nowhere"):
        call_command(
            "generate_report",
            "risk",
            "--org",
            "nowhere",
            "--audience",
            "auditor",
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_verify_report_confirms_a_generated_file(org, tmp_path, capsys, inventory):
    out = tmp_path / "r.pdf"
    call_command(
        "generate_report",
        "risk",
        "--org",
        org.slug,
        "--audience",
        "authority",
        "--output",
        str(out),
    )
    capsys.readouterr()
    call_command("verify_report", str(out), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True and data["organization"] == org.slug
    assert data["audience"] == "authority" and data["report_id"] and data["generated_at"]


def test_verify_report_exits_non_zero_for_a_changed_file(org, tmp_path, capsys, inventory):
    out = tmp_path / "r.pdf"
    call_command(
        "generate_report", "risk", "--org", org.slug, "--audience", "auditor", "--output", str(out)
    )
    data = out.read_bytes()
    out.write_bytes(data[:1000] + bytes([data[1000] ^ 1]) + data[1001:])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_report", str(out), "--json")
    assert exit_.value.code == 1
    assert json.loads(capsys.readouterr().out)["valid"] is False
