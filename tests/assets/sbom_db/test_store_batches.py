"""Storing keeps memory flat: component and edge rows are built and inserted a batch at a time."""

from __future__ import annotations

import pytest

from assets.models import SbomComponent, SbomDependency
from assets.services import sbom_rows
from assets.services.sbom import sbom_import
from tests.assets.sbom.builders import cdx, component, dumps

pytestmark = pytest.mark.django_db


def test_rows_are_inserted_in_batches_never_all_at_once(org, monkeypatch):
    monkeypatch.setattr(sbom_rows, "BATCH", 100)
    inserted: list[tuple[str, int]] = []
    insert = sbom_rows._insert

    def spy(model, fields, rows, *, returning):
        inserted.append((model.__name__, len(rows)))
        return insert(model, fields, rows, returning=returning)

    monkeypatch.setattr(sbom_rows, "_insert", spy)
    components = [component(f"c{i}", components=[component(f"c{i}-part")]) for i in range(250)]
    dependencies = [{"ref": f"c{i}", "dependsOn": [f"c{i}-part", "c0"]} for i in range(1, 250)]
    data = dumps(cdx(components=components, dependencies=dependencies))
    sbom = sbom_import(org=org, file=data, file_name="big.json", supplier="ACME", product_name="X")
    # One nesting level after the other (parents' keys first), each in batches of at most 100.
    assert [n for model, n in inserted if model == "SbomComponent"] == [100, 100, 50] * 2
    assert [n for model, n in inserted if model == "SbomDependency"] == [100] * 4 + [98]
    assert SbomComponent.objects.filter(sbom=sbom, depth=1).count() == 250
    assert SbomDependency.objects.filter(sbom=sbom, target__isnull=False).count() == 498
