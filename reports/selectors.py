"""Read-side queries of the reports app."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.db.models import QuerySet

from bollwerk import sensitivity
from bollwerk.models import Membership, Organization, Role
from reports.models import Report


def report_list(*, org: Organization, membership: Membership | None = None) -> QuerySet[Report]:
    """The organization's reports, newest first; an auditor sees only released auditor reports."""
    qs = Report.objects.for_org(org).select_related("requested_by")
    if membership is not None and membership.role == Role.AUDITOR:
        qs = qs.filter(
            released_to_auditors=True,
            audience=Report.Audience.AUDITOR,
            status=Report.Status.DONE,
        )
    return qs.order_by("-created_at", "-pk")


def report_get(*, org: Organization, pk: int, membership: Membership | None = None) -> Report:
    """One report the member may see (raises ``Report.DoesNotExist`` otherwise)."""
    return report_list(org=org, membership=membership).get(pk=pk)


def report_find(*, public_id=None, sha256: str | None = None) -> Report | None:
    """Instance-wide lookup for verification: by embedded id, else by the file's hash."""
    qs = Report.objects.select_related("organization").filter(status=Report.Status.DONE)
    if public_id is not None:
        return qs.filter(public_id=public_id).first()
    if sha256:
        return qs.filter(sha256=sha256).first()
    return None


def sensitive_vocabulary(*, organization: Organization) -> Iterator[tuple[str, str]]:
    """(kind, value) of every registered sensitive field value stored for the organization.

    Read through the sensitivity registry, so free text in a report is
    redacted even for values the report's tables do not show. Conditional
    fields (``ot_only``) are included: in free text, over-redaction is the
    safe side. List fields (addresses) yield each item. Fields with choices
    (a link's protocol) are left out: their values are enumerations shared by
    every organization ("https", "other"), so they identify nothing in free
    text, while scanning for them would mangle every URL; tagged cells of
    those fields are still pseudonymised.
    """
    for spec in sensitivity.all_fields():
        app_label, _, model_name = spec.model_label.partition(".")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        if model._meta.get_field(spec.field).choices:
            continue
        manager = model._default_manager
        qs = manager.for_org(organization) if hasattr(manager, "for_org") else manager.none()
        for value in (
            qs.exclude(**{f"{spec.field}__isnull": True})
            .values_list(spec.field, flat=True)
            .distinct()
        ):
            for item in value if isinstance(value, list) else [value]:
                if item not in (None, ""):
                    yield spec.kind, str(item)
