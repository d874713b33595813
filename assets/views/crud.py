"""Generic list, create, edit and delete pages for sites, zones, conduits, services,
links, suppliers and products. Scoping and permissions come from the platform mixins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assets.services.inventory import inventory_delete, inventory_save
from assets.views.entities import ENTITIES, cell
from bollwerk.permissions import ADD, CHANGE, DELETE, role_can
from bollwerk.views.mixins import OrgScopedQuerysetMixin

PAGE_SIZE = 50


def querystring(params, *, drop=("page",)) -> str:
    """The current filters as a query string, without ``drop``."""
    copy = params.copy()
    for key in drop:
        copy.pop(key, None)
    return copy.urlencode()


class EntityMixin(OrgScopedQuerysetMixin):
    """Binds a view to one entry of ENTITIES (``entity`` is set in urls.py)."""

    entity: str = ""

    @property
    def spec(self):
        return ENTITIES[self.entity]

    @property
    def model(self):  # type: ignore[override]
        return self.spec.model

    def get_queryset(self):
        return self.spec.selector(org=self.request.organization)

    def get_object(self):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(
            self.spec.model.objects.for_org(self.request.organization), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        group = self.spec.model.permission_group
        role = self.request.membership.role
        return {
            **super().get_context_data(**kwargs),
            "spec": self.spec,
            "verbose_name": self.spec.model._meta.verbose_name,
            "may": {action for action in (ADD, CHANGE, DELETE) if role_can(role, group, action)},
        }

    def url(self, action: str, **kwargs) -> str:
        return reverse(f"assets:{self.entity}-{action}", kwargs=kwargs or None)


class EntityListView(EntityMixin, TemplateView):
    """A filterable, paginated list."""

    template_name = "assets/entity_list.html"

    def get_context_data(self, **kwargs):
        spec = self.spec
        filterset = spec.filterset(
            self.request.GET or None, queryset=self.get_queryset(), request=self.request
        )
        page = Paginator(
            filterset.qs.order_by(*spec.model._meta.ordering, "pk"), PAGE_SIZE
        ).get_page(self.request.GET.get("page"))
        rows = [
            (obj, [cell(obj, attribute) for attribute, _label in spec.columns])
            for obj in page.object_list
        ]
        return {
            **super().get_context_data(**kwargs),
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": querystring(self.request.GET),
            "detail_url": f"assets:{self.entity}-detail" if spec.has_detail else None,
            "edit_url": f"assets:{self.entity}-update",
            "create_url": f"assets:{self.entity}-create",
        }


class EntityFormView(EntityMixin, TemplateView):
    """Create (no ``pk``) or edit one record; bad input re-renders the form with its errors."""

    template_name = "assets/entity_form.html"

    def required_action(self, request) -> str:
        return CHANGE if "pk" in self.kwargs else ADD

    def get_form(self):
        instance = self.get_object() if "pk" in self.kwargs else self.spec.model()
        initial = {
            k: v
            for k, v in self.request.GET.items()
            if k in ("source", "target", "supplier", "site", "zone")
        }
        return self.spec.form(
            self.request.POST or None,
            instance=instance,
            organization=self.request.organization,
            initial=initial,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(obj)s was saved.") % {"obj": saved})
                return redirect(self.success_url(saved))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def save(self, form):
        return inventory_save(org=self.request.organization, instance=form.instance)

    def success_url(self, obj) -> str:
        if self.spec.has_detail:
            return self.url("detail", pk=obj.pk)
        return self.url("list")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "editing": "pk" in self.kwargs,
                "cancel_url": self.url("list")}  # fmt: skip


class EntityDeleteView(EntityMixin, TemplateView):
    """Asks for confirmation (GET), deletes (POST)."""

    template_name = "assets/entity_confirm_delete.html"
    permission_action = DELETE
    list_url_name: str | None = None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.get_object(),
                "cancel_url": self.url("list")}  # fmt: skip

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        label = str(obj)
        inventory_delete(org=request.organization, instance=obj)
        messages.success(request, _("%(obj)s was deleted.") % {"obj": label})
        return redirect(self.url("list"))
