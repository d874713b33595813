"""Search-as-you-type options for the asset pickers (``bollwerk.widgets.LookupSelect``)."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.views import View

from assets import selectors
from assets.models import Asset
from bollwerk.views.mixins import RoleRequiredMixin


class AssetLookupView(RoleRequiredMixin, View):
    """``<option>`` elements: the chosen assets first (kept selected), then up to 25 matches."""

    permission_group = Asset.permission_group

    def get(self, request):
        field = request.GET.get("field", "")
        chosen = [v for v in request.GET.getlist(field) if v.isdigit()] if field else []
        org = request.organization
        kept = (
            list(Asset.objects.for_org(org).filter(pk__in=chosen).only("id", "name", "asset_tag"))
            if chosen
            else []
        )
        single = request.GET.get("single") == "1"
        matches = selectors.asset_lookup(
            org=org, q=request.GET.get("q", ""), exclude=[a.pk for a in kept]
        )
        options = [(a.pk, selectors.asset_choice_label(a), True) for a in kept]
        options += [(a.pk, selectors.asset_choice_label(a), False) for a in matches]
        return TemplateResponse(
            request,
            "bollwerk/widgets/lookup_options.html",
            {
                "options": options,
                "blank": single and request.GET.get("required") != "1",
                "none_chosen": not kept,
                "truncated": len(matches) == 25,
            },
        )
