"""The view-side choke point: organization scoping and the role map."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bollwerk.permissions import VIEW, role_can


class OrgRequiredMixin:
    """The request must act for an organization the user is a member of."""

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "membership", None) is None:
            raise Http404("no organization")
        return super().dispatch(request, *args, **kwargs)

    @property
    def organization(self):
        return self.request.organization


class RoleRequiredMixin(OrgRequiredMixin):
    """Allows what the role map allows: ``permission_group`` × ``permission_action``.

    ``permission_action`` defaults to ``view`` for GET/HEAD and to
    ``write_action`` (``change`` unless set) for other methods.
    """

    permission_group: str = "inventory"
    permission_action: str | None = None
    write_action: str = "change"

    def required_action(self, request) -> str:
        if self.permission_action:
            return self.permission_action
        return VIEW if request.method in ("GET", "HEAD", "OPTIONS") else self.write_action

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if membership is None:
            raise Http404("no organization")
        if not role_can(membership.role, self.permission_group, self.required_action(request)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OrgScopedQuerysetMixin(RoleRequiredMixin):
    """List/detail/edit views over one organization's rows; others' rows are 404."""

    model = None

    def get_queryset(self):
        return self.model.objects.for_org(self.request.organization)

    @property
    def permission_group(self) -> str:  # type: ignore[override]
        return self.model.permission_group
