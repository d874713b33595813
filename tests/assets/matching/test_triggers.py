"""Triggers and the rematch check: SBOM import and advisory import queue matching on commit."""

from __future__ import annotations

import pytest

from assets.checks import vulnerability_rematch
from assets.models import VulnerabilityMatch
from assets.services.sbom import sbom_import

from .conftest import cyclonedx, osv

pytestmark = pytest.mark.django_db


def test_sbom_import_matches_on_commit(
    org, import_osv, settings, eager, django_capture_on_commit_callbacks
):
    import_osv(osv("GHSA-bbbb-0001", "lodash", "4.17.21"))
    with django_capture_on_commit_callbacks(execute=True):
        sbom_import(
            org=org, file=cyclonedx([("lodash", "4.17.20")]), file_name="b.json", supplier="A"
        )
    assert VulnerabilityMatch.objects.get().component.name == "lodash"


def test_advisory_import_matches_on_commit(
    org, import_osv, settings, eager, django_capture_on_commit_callbacks
):
    sbom_import(org=org, file=cyclonedx([("lodash", "4.17.20")]), file_name="b.json", supplier="A")
    with django_capture_on_commit_callbacks(execute=True):
        import_osv(osv("GHSA-bbbb-0002", "lodash", "4.17.21"))
    assert VulnerabilityMatch.objects.get().advisory.source_id == "GHSA-bbbb-0002"


def test_rematch_check_imports_the_folder_once_and_skips_unreachable_feeds(org, tmp_path, settings):
    import json

    settings.BOLLWERK_ADVISORY_IMPORT_DIR = str(tmp_path)
    settings.BOLLWERK_ADVISORY_FEED_URLS = ["http://127.0.0.1:9/nothing.json"]
    (tmp_path / "a.json").write_text(json.dumps(osv("GHSA-bbbb-0003", "lodash", "4.17.21")))
    sbom_import(org=org, file=cyclonedx([("lodash", "4.17.20")]), file_name="b.json", supplier="A")
    outcome = vulnerability_rematch(org, None)
    assert outcome.counts["advisories_changed"] == 1 and outcome.counts["feeds_skipped"] == 1
    assert outcome.counts["matches_created"] == 1 and not outcome.resolve_missing
    again = vulnerability_rematch(org, None)
    assert again.counts["advisories_changed"] == 0 and VulnerabilityMatch.objects.count() == 1
