"""``@requires``: the function-view side of the one permission map.

It records the group, action and scoped model on the view, so the test suite
can enumerate every URL and check roles and cross-organization access
without a hand-written list.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bollwerk.permissions import VIEW, role_can


def requires(group: str, action: str | None = None, *, write_action: str = "change", model=None):
    """Allow the view only to members whose role may do ``action`` on ``group``.

    Without ``action``: ``view`` for safe methods, ``write_action`` otherwise.
    ``model`` names the org-scoped model whose primary key the URL carries.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None:
                raise Http404("no organization")
            needed = action or (
                VIEW if request.method in ("GET", "HEAD", "OPTIONS") else write_action
            )
            if not role_can(membership.role, group, needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.permission_group = group
        wrapper.permission_action = action
        wrapper.scoped_model = model
        return wrapper

    return decorate
