"""Read-side queries of the platform."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from bollwerk.models import ApiToken, AuditEvent, Membership, Organization


def audit_event_list(*, org: Organization, filters: dict | None = None) -> QuerySet[AuditEvent]:
    """The organization's audit events, newest first, narrowed by ``filters``."""
    filters = filters or {}
    qs = AuditEvent.objects.filter(organization=org).order_by("-seq")
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type__icontains=filters["object_type"])
    if filters.get("actor"):
        qs = qs.filter(actor_label__icontains=filters["actor"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(object_repr__icontains=q) | Q(object_id=q) | Q(actor_label__icontains=q))
    if filters.get("since"):
        qs = qs.filter(created_at__date__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(created_at__date__lte=filters["until"])
    return qs


def member_list(*, org: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=org).select_related("user").order_by("user__email")
    )


def token_list(*, user, org: Organization) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, organization=org).order_by("-created_at")


def organization_overview() -> QuerySet[Organization]:
    """Organizations with member counts only: platform admins see no tenant data."""
    return Organization.objects.annotate(member_count=Count("memberships")).order_by("name")


def contains_any(fields, text: str) -> Q:
    """Rows where any of ``fields`` contains ``text`` (case-insensitive): the one text search
    of list filters and pickers."""
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": text})
    return condition
