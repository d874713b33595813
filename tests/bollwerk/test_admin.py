"""The Django admin holds no organization's data: instance administrators are not members."""

from __future__ import annotations

import pytest
from django.contrib import admin

from bollwerk.models import OrgScopedModel
from tests.factories import UserFactory


def test_no_organization_scoped_model_is_registered_in_the_admin():
    scoped = [
        model._meta.label
        for model in admin.site._registry
        if issubclass(model, OrgScopedModel)
        or any(f.name == "organization" for f in model._meta.get_fields())
    ]
    assert scoped == []


@pytest.mark.django_db
def test_a_superuser_finds_no_tenant_table_on_the_admin_index(client, org):
    from tests.assets.factories import AssetFactory
    from tests.conftest import verify_client

    AssetFactory(organization=org, name="Leitrechner Wasser")
    root = UserFactory(is_staff=True, is_superuser=True)
    page = verify_client(client, root).get("/admin/").content.decode()
    assert "Catalogue" in page or "catalogue" in page  # the read-only catalogue is there
    for label in ("Assets", "Reports", "Risks", "Evidence"):
        assert f">{label}<" not in page, label
    assert client.get("/admin/assets/asset/").status_code == 404
