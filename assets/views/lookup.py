"""Search-as-you-type options for the asset pickers (``bollwerk.widgets.LookupSelect``)."""

from __future__ import annotations

from assets.models import Asset
from assets.selectors import asset_choice_label
from bollwerk.views.lookup import LookupView


class AssetLookupView(LookupView):
    model = Asset
    search_fields = ("name", "asset_tag")
    only = ("id", "name", "asset_tag")

    def label(self, obj) -> str:
        return asset_choice_label(obj)
