"""``run_check``: the command-line contract."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bollwerk.checks.models import CheckRun
from bollwerk.checks.registry import CheckOutcome

pytestmark = pytest.mark.django_db


def test_run_check_json_prints_exactly_the_contract_object(org, capsys):
    call_command("run_check", "stale_accounts", "--org", org.slug, "--json")
    out = capsys.readouterr().out
    data = json.loads(out)
    assert out.count("\n") == 1
    assert {"check", "status", "findings", "duration_s"} <= set(data)
    assert (data["check"], data["status"], data["findings"]) == ("stale_accounts", "succeeded", 0)
    assert CheckRun.objects.get(pk=data["run_id"]).trigger == CheckRun.Trigger.MANUAL


def test_run_check_list_names_the_checks_and_marks_the_selftest(capsys):
    call_command("run_check", "--list", "--json")
    rows = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert rows["stale_accounts"]["controls"] == ["NIS2-21-2-i.3", "NIS2-21-2-i.4"]
    assert rows["selftest"]["hidden"] is True


def test_an_unknown_organization_is_a_clear_error(db):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("run_check", "stale_accounts", "--org", "nowhere")


def test_an_unknown_check_is_a_clear_error_and_nothing_is_stored(org):
    with pytest.raises(CommandError, match="unknown check 'nope'"):
        call_command("run_check", "nope", "--org", org.slug)
    assert not CheckRun.objects.exists()


def test_a_failed_run_exits_non_zero_and_reports_the_error(org, register_check, capsys):
    def boom(org, run):
        raise RuntimeError("LDAP down")

    register_check("probe", boom)
    with pytest.raises(SystemExit) as exit_:
        call_command("run_check", "probe", "--org", org.slug, "--json")
    data = json.loads(capsys.readouterr().out)
    assert exit_.value.code == 1
    assert (data["status"], data["error"]) == ("failed", "RuntimeError: LDAP down")


def test_the_command_takes_over_a_run_queued_for_a_worker(org, register_check, capsys):
    register_check("probe", lambda org, run: CheckOutcome())
    waiting = CheckRun.objects.create(organization=org, check_name="probe", trigger="schedule")
    call_command("run_check", "probe", "--org", org.slug, "--json")
    assert json.loads(capsys.readouterr().out)["run_id"] == waiting.pk
