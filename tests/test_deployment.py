"""The deployment files stay valid."""

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[1]


def test_the_compose_file_is_accepted_by_docker_compose():
    binary = shutil.which("docker-compose")
    need(binary is not None, "docker-compose is not installed (apt-get install docker-compose)")
    env = {**os.environ, "SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "secret"}
    result = subprocess.run(
        [binary, "-f", "docker/compose.yaml", "config", "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        [binary, "-f", "docker/compose.yaml", "config", "--services"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split()
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_the_compose_file_refuses_to_start_without_secrets():
    binary = shutil.which("docker-compose")
    need(binary is not None, "docker-compose is not installed (apt-get install docker-compose)")
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "POSTGRES_PASSWORD"}}
    result = subprocess.run(
        [binary, "-f", "docker/compose.yaml", "config", "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr or "POSTGRES_PASSWORD" in result.stderr


def test_the_dockerfile_runs_as_a_non_root_user_and_installs_weasyprint_libraries_and_nmap():
    text = (ROOT / "docker" / "Dockerfile").read_text()
    assert "\nUSER bollwerk" in text
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "nmap"):
        assert package in text


def test_the_lock_file_pins_every_package_by_name_and_version_from_the_registry():
    """A `name @ file:///tmp/...` line installs on the machine that froze it and nowhere else."""
    lock = Path(__file__).resolve().parent.parent / "requirements.lock"
    bad = [
        f"requirements.lock:{number}: {line}"
        for number, line in enumerate(lock.read_text().splitlines(), start=1)
        if line.strip() and not line.startswith("#") and "==" not in line
    ]
    assert not bad, bad
