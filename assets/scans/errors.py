"""Errors of the scan engine; each carries one message fit for a user or a CLI's stderr."""

from __future__ import annotations


class ScanError(ValueError):
    """Base class: bad scan input, refused scope or a failed nmap run."""


class ScopeError(ScanError):
    """A scan scope is invalid or lies outside the networks scans may target."""


class NmapXmlError(ScanError):
    """An nmap XML document is refused; the message names the file and the place.

    ``place`` is ``"line N"`` (optionally with ``", column C"``) or an XPath such
    as ``/nmaprun/runstats/hosts`` for a missing element.
    """

    def __init__(self, file: str, place: str, problem: str) -> None:
        self.file = file
        self.place = place
        self.problem = problem
        super().__init__(f"{file}: {place}: {problem}" if place else f"{file}: {problem}")


class ScanRunError(ScanError):
    """nmap could not be run, timed out or exited with an error."""
