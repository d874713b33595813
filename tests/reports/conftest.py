"""Fixtures of the reports tests: a private MEDIA_ROOT and the fake inventory provider."""

from __future__ import annotations

import subprocess

import pytest

from reports import sections
from tests.reports.fake import FakeInventory, make_inventory

ALL_TYPES = ("compliance", "risk", "inventory", "supply_chain", "incident")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def with_inventory():
    """``with_inventory(inv)`` → context manager registering ``inv`` for every report type."""

    def use(inventory: FakeInventory):
        return sections.temporarily(
            ALL_TYPES, inventory.provider, key="fake-devices", order=50, evidence=inventory.evidence
        )

    return use


@pytest.fixture
def inventory(with_inventory):
    inv = make_inventory(12)
    with with_inventory(inv):
        yield inv


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdftotext extracts it (poppler-utils)."""
    result = subprocess.run(
        ["pdftotext", "-q", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8", errors="replace")
