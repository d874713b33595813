"""Configuration from the environment: clear errors, production hardening."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_")
        and k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY"}
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_secret_key(tmp_path):
    result = manage("check", DEBUG="0", BOLLWERK_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@localhost/db", "is not a database URL"),
        ("postgres://user@host:notaport/db", "DATABASE_URL"),
        ("postgres://user@host:5432", "names no database"),
    ],
)
def test_a_malformed_database_url_gives_one_clear_line(tmp_path, url, expected):
    result = manage("check", DEBUG="1", DATABASE_URL=url, BOLLWERK_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_boolean_names_the_variable(tmp_path):
    result = manage("check", DEBUG="maybe", BOLLWERK_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "DEBUG: expected one of" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(50))
    result = manage(
        "check", DEBUG="0", SECRET_KEY_FILE=str(key_file), BOLLWERK_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_prints_no_warnings_with_the_documented_production_variables(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="bollwerk.example",
        BOLLWERK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_unreachable_broker_is_reported_by_preflight_in_one_line(tmp_path):
    result = manage(
        "preflight",
        DEBUG="1",
        BOLLWERK_VAR_DIR=str(tmp_path),
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )
    assert result.returncode == 1
    assert "Cannot reach the Celery broker at redis://127.0.0.1:1/0" in result.stderr
    assert "Traceback" not in result.stderr


def test_development_mode_generates_a_secret_key_once(tmp_path):
    first = manage("check", DEBUG="1", BOLLWERK_VAR_DIR=str(tmp_path))
    key = (tmp_path / "secret_key").read_text()
    second = manage("check", DEBUG="1", BOLLWERK_VAR_DIR=str(tmp_path))
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert len(key) >= 50
