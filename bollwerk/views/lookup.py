"""Search-as-you-type options for ``bollwerk.widgets.LookupSelect`` pickers.

An app subclasses :class:`LookupView` with its model, the fields to search
and how an option is labelled, and mounts it under its own URLs.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.views import View

from bollwerk.selectors import contains_any
from bollwerk.views.mixins import RoleRequiredMixin

LIMIT = 25


class LookupView(RoleRequiredMixin, View):
    """``<option>`` elements: the chosen objects first (kept selected), then up to 25 matches."""

    model = None
    search_fields: tuple[str, ...] = ("name",)
    order_by: tuple[str, ...] = ("name", "pk")
    only: tuple[str, ...] = ("id", "name")

    @property
    def permission_group(self) -> str:  # type: ignore[override]
        return self.model.permission_group

    def label(self, obj) -> str:
        return str(obj)

    def get(self, request):
        field = request.GET.get("field", "")
        chosen = [v for v in request.GET.getlist(field) if v.isdecimal()] if field else []
        scoped = self.model.objects.for_org(request.organization).only(*self.only)
        kept = list(scoped.filter(pk__in=chosen).order_by(*self.order_by)) if chosen else []
        matches = scoped.exclude(pk__in=[obj.pk for obj in kept]).order_by(*self.order_by)
        if q := request.GET.get("q", "").strip():
            matches = matches.filter(contains_any(self.search_fields, q))
        matches = list(matches[: LIMIT + 1])  # one more than shown tells whether more match
        truncated = len(matches) > LIMIT
        matches = matches[:LIMIT]
        options = [(obj.pk, self.label(obj), True) for obj in kept]
        options += [(obj.pk, self.label(obj), False) for obj in matches]
        return TemplateResponse(
            request,
            "bollwerk/widgets/lookup_options.html",
            {
                "options": options,
                "blank": request.GET.get("single") == "1" and request.GET.get("required") != "1",
                "none_chosen": not kept,
                "truncated": truncated,
            },
        )
