"""REST endpoints for scan scopes (CRUD, validated like the form), scan runs and TLS endpoints.

``POST /api/v1/scan-runs/import/`` (multipart ``file``, optional ``scope`` id)
imports an nmap XML file through the same service as ``import_scan``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assets import selectors_scans as selectors
from assets.models import ScanRun, ScanScope, TlsEndpoint
from assets.scans import ScanError, scope_validate
from assets.services.scans import COUNT_KEYS, scan_import
from bollwerk.api.base import OrgScopedModelViewSet, OrgScopedReadOnlyViewSet


class ScanScopeSerializer(serializers.ModelSerializer):
    """A scope; networks must lie inside BOLLWERK_SCAN_ALLOWED."""

    class Meta:
        model = ScanScope
        fields = [
            "id",
            "name",
            "networks",
            "ports",
            "profile",
            "maintenance_windows",
            "max_rate",
            "enabled",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        merged = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in ("name", "networks", "ports", "profile", "maintenance_windows", "max_rate")
        }
        try:
            scope = scope_validate(
                name=merged["name"] or "",
                networks=merged["networks"] or [],
                allowed=settings.BOLLWERK_SCAN_ALLOWED,
                ports=merged["ports"] or None,
                profile=merged["profile"] or ScanScope.Profile.OT_SAFE,
                windows=merged["maintenance_windows"] or [],
                max_rate=merged["max_rate"] or 50,
            )
        except ScanError as exc:
            raise serializers.ValidationError({"networks": [str(exc)]}) from None
        except TypeError as exc:
            raise serializers.ValidationError({"networks": [str(exc)]}) from None
        attrs["networks"] = [str(n) for n in scope.networks]
        if "ports" in attrs:
            attrs["ports"] = list(scope.ports)
        org = self.context["organization"]
        clash = ScanScope.objects.for_org(org).filter(name=scope.name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError({"name": ["A scope with this name exists already."]})
        return attrs


class ScanRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScanRun
        fields = [
            "id",
            "scope",
            "check_run",
            "source",
            "status",
            "file_name",
            "file_sha256",
            "started_at",
            "finished_at",
            "nmap_args",
            "hosts_up",
            "open_ports",
            "counts",
            "error",
            "created_at",
        ]
        read_only_fields = fields


class ScanRunDetailSerializer(ScanRunSerializer):
    class Meta(ScanRunSerializer.Meta):
        fields = [*ScanRunSerializer.Meta.fields, "hosts", "services", "finding_fingerprints"]
        read_only_fields = fields


class ScanImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    scope = serializers.IntegerField(required=False)


class TlsEndpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = TlsEndpoint
        fields = ["id", "host", "port", "server_name", "enabled", "created_at"]
        read_only_fields = ["created_at"]


class ScanScopeViewSet(OrgScopedModelViewSet):
    """Scan scopes of the organization."""

    queryset = ScanScope.objects.all()
    serializer_class = ScanScopeSerializer

    def get_queryset(self):
        return selectors.scan_scope_list(org=self.organization)


class ScanRunViewSet(OrgScopedReadOnlyViewSet):
    """Scan runs (list without hosts; detail with hosts and services); ``import`` uploads."""

    queryset = ScanRun.objects.all()
    serializer_class = ScanRunSerializer
    filterset_fields = ["scope", "source", "status"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.scan_run_list(org=self.organization)
        return super().get_queryset()

    def get_serializer_class(self):
        return ScanRunDetailSerializer if self.action == "retrieve" else ScanRunSerializer

    @extend_schema(request={"multipart/form-data": ScanImportSerializer}, responses={201: dict})
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
        permission_action="add",
    )
    def import_file(self, request):
        upload = request.data.get("file")
        if upload is None or not hasattr(upload, "read"):
            return Response(
                {"detail": "file: send the nmap XML as the multipart field 'file'."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        scope = None
        scope_id = str(request.data.get("scope", "") or "")
        if scope_id:
            scope = (
                ScanScope.objects.for_org(self.organization)
                .filter(pk=int(scope_id) if scope_id.isdecimal() else 0)
                .first()
            )
            if scope is None:
                return Response(
                    {"detail": f"scope: no scan scope {scope_id!r}"},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        try:
            run = scan_import(
                org=self.organization, data=upload.read(), file_name=upload.name, scope=scope
            )
        except DjangoValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        body = {key: run.counts.get(key, 0) for key in COUNT_KEYS}
        return Response({"id": run.pk, **body}, status=status.HTTP_201_CREATED)


class TlsEndpointViewSet(OrgScopedModelViewSet):
    """TLS endpoints the ``tls_certificates`` check reads."""

    queryset = TlsEndpoint.objects.all()
    serializer_class = TlsEndpointSerializer
