"""The API's one permission class: organization membership plus the role map."""

from __future__ import annotations

from rest_framework import permissions

from bollwerk.models import Membership
from bollwerk.permissions import ADD, CHANGE, DELETE, RUN, VIEW, role_can

METHOD_ACTIONS = {
    "GET": VIEW,
    "HEAD": VIEW,
    "OPTIONS": VIEW,
    "POST": ADD,
    "PUT": CHANGE,
    "PATCH": CHANGE,
    "DELETE": DELETE,
}


def request_membership(request) -> Membership | None:
    """The membership the API request acts under: the token's organization or the session's."""
    cached = getattr(request._request, "_api_membership", False)
    if cached is not False:
        return cached
    membership = None
    user = request.user
    if user is not None and user.is_authenticated:
        org = getattr(request._request, "api_organization", None)
        if org is None:
            membership = getattr(request._request, "membership", None)
        else:
            membership = (
                Membership.objects.select_related("organization")
                .filter(user=user, organization=org)
                .first()
            )
    request._request._api_membership = membership
    return membership


class RolePermission(permissions.BasePermission):
    """Allows what the role map allows for the view's ``permission_group``.

    A view names its group in ``permission_group``; a custom action may set
    ``permission_action`` (e.g. ``run``) through ``@action(..., permission_action=RUN)``,
    which DRF sets on the view instance for that route.
    """

    def has_permission(self, request, view) -> bool:
        membership = request_membership(request)
        if membership is None:
            return False
        group = getattr(view, "permission_group", None)
        if group is None:
            return True  # views outside the map (schema, own tokens) do their own checks
        action = getattr(view, "permission_action", None) or METHOD_ACTIONS.get(request.method, RUN)
        return role_can(membership.role, group, action)


__all__ = ["ADD", "CHANGE", "DELETE", "RUN", "VIEW", "RolePermission", "request_membership"]
