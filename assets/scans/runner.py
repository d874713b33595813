"""Run nmap for a scope, safely: re-validated scope, fixed argv, no shell, a timeout.

The runner never trusts the :class:`ScanScope` it is handed: it validates the
scope's parts again against ``allowed`` before building any argument, so a
scope made by hand (or with ``dataclasses.replace``) for 10.0.0.0/8 is refused
without a packet being sent. nmap's XML goes to stdout (``-oX -``) and is read
by the safe parser in :mod:`assets.scans.nmap_xml`, never by python-nmap's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import ScanRunError, ScopeError
from .model import ScanResult
from .nmap_xml import nmap_xml_parse
from .ports import OT_SAFE_DEFAULT_PORTS
from .profiles import nmap_arguments
from .scope import BERLIN, Network, ScanScope, scope_check_allowed, scope_validate

#: Seconds added to every estimate for nmap's start-up and the slowest timeouts.
TIMEOUT_SLACK_S = 120.0

RunFunction = Callable[..., subprocess.CompletedProcess[bytes]]


@dataclass(frozen=True, slots=True)
class ScanRun:
    """One finished nmap run: the scope actually used, the argv, times and the result."""

    scope: ScanScope
    argv: tuple[str, ...]
    started: datetime
    finished: datetime
    result: ScanResult
    stderr: str

    @property
    def duration_s(self) -> float:
        return (self.finished - self.started).total_seconds()


def scan_timeout(scope: ScanScope) -> float:
    """A generous timeout: two tries per address and port at the scope's rate, x1.5, plus slack."""
    ports = len(scope.ports or OT_SAFE_DEFAULT_PORTS)
    probes = scope.address_count * ports * 2
    return probes / scope.max_rate * 1.5 + TIMEOUT_SLACK_S


def _revalidate(scope: ScanScope, allowed: Sequence[Network]) -> ScanScope:
    try:
        return scope_validate(
            name=scope.name,
            networks=scope.networks,
            ports=scope.ports,
            profile=scope.profile,
            windows=scope.windows,
            max_rate=scope.max_rate,
            allowed=allowed,
        )
    except ScopeError as exc:
        raise ScopeError(f"refusing to scan: {exc}") from None


def _environment() -> dict[str, str]:
    """A minimal environment: no NMAPDIR or other variables that change nmap's behaviour."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}


def scan_run(
    scope: ScanScope,
    *,
    allowed: Sequence[Network],
    nmap_path: str | None = None,
    now: datetime | None = None,
    enforce_window: bool = True,
    timeout_s: float | None = None,
    run: RunFunction = subprocess.run,
) -> ScanRun:
    """Scan ``scope`` with nmap and return the parsed result.

    ``allowed`` is ``settings.BOLLWERK_SCAN_ALLOWED``. Refuses (ScopeError) a
    scope outside it and (ScanRunError) a run outside the scope's maintenance
    windows unless ``enforce_window`` is False. Raises ScanRunError when nmap
    is missing, times out (the process is killed) or exits non-zero, and
    NmapXmlError when its output cannot be parsed. ``run`` is for tests.
    """
    checked = _revalidate(scope, allowed)
    moment = now or datetime.now(UTC)
    if enforce_window and not checked.window_open(moment):
        windows = "; ".join(str(w) for w in checked.windows)
        local = moment.astimezone(BERLIN).strftime("%a %H:%M")
        raise ScanRunError(
            f"scope {checked.name!r} may run only in its maintenance windows ({windows}, "
            f"Europe/Berlin); it is {local} now"
        )
    binary = nmap_path or shutil.which("nmap")
    if not binary:
        raise ScanRunError("nmap is not installed (not found on PATH)")
    argv = nmap_arguments(checked, nmap_path=binary)
    scope_check_allowed(checked.networks, allowed)  # the last gate before a packet leaves
    timeout = timeout_s if timeout_s is not None else scan_timeout(checked)
    started = datetime.now(UTC)
    completed = _execute(run, argv, timeout, checked.name)
    finished = datetime.now(UTC)
    stderr = completed.stderr.decode("utf-8", "replace") if completed.stderr else ""
    if completed.returncode != 0:
        last = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
        raise ScanRunError(f"nmap exited with status {completed.returncode}: {last}")
    result = nmap_xml_parse(completed.stdout, name=f"nmap output for scope {checked.name!r}")
    return ScanRun(checked, tuple(argv), started, finished, result, stderr)


def _execute(
    run: RunFunction, argv: list[str], timeout: float, name: str
) -> subprocess.CompletedProcess[Any]:
    try:
        return run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            shell=False,
            env=_environment(),
        )
    except subprocess.TimeoutExpired:
        raise ScanRunError(
            f"nmap did not finish scope {name!r} within {timeout:g} s and was stopped"
        ) from None
    except OSError as exc:
        raise ScanRunError(f"nmap could not be started: {exc.strerror or exc}") from None
