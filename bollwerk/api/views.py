"""Platform endpoints: the organization, its members, own tokens, the audit trail, me."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from bollwerk import selectors
from bollwerk.api.permissions import request_membership
from bollwerk.api.serializers import (
    ApiTokenSerializer,
    AuditEventSerializer,
    MembershipSerializer,
    OrganizationSerializer,
)
from bollwerk.models import AuditEvent, Membership
from bollwerk.permissions import allowed_actions
from bollwerk.services import tenancy, tokens


class OrganizationView(APIView):
    """The organization the request acts for (token or session), and its classification facts."""

    permission_group = "organization"
    serializer_class = OrganizationSerializer

    @extend_schema(responses=OrganizationSerializer)
    def get(self, request):
        return Response(OrganizationSerializer(request_membership(request).organization).data)

    @extend_schema(request=OrganizationSerializer, responses=OrganizationSerializer)
    def patch(self, request):
        org = request_membership(request).organization
        serializer = OrganizationSerializer(org, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        org = tenancy.organization_update(organization=org, data=serializer.validated_data)
        return Response(OrganizationSerializer(org).data)


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    organization = serializers.CharField()
    role = serializers.CharField()
    permissions = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class MeView(APIView):
    """Who the request acts as, in which organization, with which role and permissions."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        membership = request_membership(request)
        return Response(
            {
                "email": request.user.email,
                "organization": membership.organization.slug,
                "role": membership.role,
                "permissions": allowed_actions(membership.role),
            }
        )


class MembershipViewSet(viewsets.ModelViewSet):
    """Members of the organization and their roles."""

    permission_group = "membership"
    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()

    def get_queryset(self):
        return selectors.member_list(org=request_membership(self.request).organization)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "organization": request_membership(self.request).organization,
        }

    def perform_destroy(self, instance):
        if instance.user_id == self.request.user.pk:
            raise PermissionDenied("You cannot remove yourself.")
        tenancy.member_remove(membership=instance)


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own tokens for this organization; DELETE revokes."""

    serializer_class = ApiTokenSerializer
    queryset = tokens.ApiToken.objects.none()

    def get_queryset(self):
        org = request_membership(self.request).organization
        return selectors.token_list(user=self.request.user, org=org)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = tokens.token_issue(
            user=request.user,
            organization=request_membership(request).organization,
            name=serializer.validated_data.get("name", ""),
            expires_days=serializer.validated_data["expires_days"],
        )
        issued.token._clear = issued.clear
        return Response(self.get_serializer(issued.token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        tokens.token_revoke(token=instance)


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The organization's audit trail (filter: action, object_type, actor, q, since, until)."""

    permission_group = "audit"
    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        filters = {
            key: params.get(key)
            for key in ("action", "object_type", "actor", "q", "since", "until")
        }
        return selectors.audit_event_list(
            org=request_membership(self.request).organization,
            filters={k: v for k, v in filters.items() if v},
        )

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
