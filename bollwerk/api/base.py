"""Base classes every domain API view builds on: one place that scopes by organization."""

from __future__ import annotations

from rest_framework import viewsets

from bollwerk.api.permissions import request_membership


class OrgScopedViewSetMixin:
    """Narrows the queryset to the request's organization; others' objects are 404.

    Sets ``organization`` on create. ``permission_group`` defaults to the
    model's ``permission_group``.
    """

    permission_action: str | None = None

    @property
    def permission_group(self) -> str:
        return self.queryset.model.permission_group

    @property
    def organization(self):
        membership = request_membership(self.request)
        return membership.organization if membership else None

    def get_queryset(self):
        return super().get_queryset().for_org(self.organization)

    def perform_create(self, serializer):
        serializer.save(organization=self.organization)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organization": self.organization}


class OrgScopedModelViewSet(OrgScopedViewSetMixin, viewsets.ModelViewSet):
    """CRUD on one organization's rows."""


class OrgScopedReadOnlyViewSet(OrgScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only access to one organization's rows."""
