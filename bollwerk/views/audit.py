"""The audit trail page for security officers and auditors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from bollwerk import selectors, sensitivity
from bollwerk.forms import AuditFilterForm
from bollwerk.models import Role
from bollwerk.views.decorators import requires

MASK = "•••"


def _masked(event, hide_sensitive: bool) -> dict:
    """The event's changes, with topology-sensitive fields hidden from non-officers."""
    changes = event.changes or {}
    if not hide_sensitive:
        return changes
    fields = sensitivity.fields_for(event.object_type)
    if not fields:
        return changes

    def mask(values):
        if isinstance(values, dict):
            return {
                k: (MASK if k in fields or k.removesuffix("_id") in fields else mask(v))
                for k, v in values.items()
            }
        return values

    return mask(changes)


@requires("audit", "view")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(org=request.organization, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    hide = request.membership.role != Role.SECURITY_OFFICER
    rows = [(event, _masked(event, hide)) for event in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bollwerk/audit_log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
