"""REST endpoints of vulnerability matches: list/detail, a VEX statement, CycloneDX VEX export."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assets import selectors_matching as selectors
from assets.models import VulnerabilityMatch
from assets.models.matching import Justification, VexStatus
from assets.services.vex import vex_export, vex_set
from bollwerk.api.base import OrgScopedReadOnlyViewSet


class VulnerabilityMatchSerializer(serializers.ModelSerializer):
    advisory_id = serializers.CharField(source="advisory.source_id", read_only=True)
    component_purl = serializers.CharField(source="component.purl", read_only=True, default=None)
    asset_name = serializers.CharField(source="asset.name", read_only=True, default=None)

    class Meta:
        model = VulnerabilityMatch
        fields = ["id", "advisory_id", "component", "component_purl", "asset", "asset_name",
                  "identifier", "matched", "version", "why", "decided", "engine_status", "status",
                  "justification", "note", "vex_source", "vex_set_at", "stale", "priority",
                  "priority_explanation", "first_matched_at", "last_matched_at"]  # fmt: skip
        read_only_fields = fields


class VexInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=VexStatus.choices)
    justification = serializers.ChoiceField(
        choices=Justification.choices, required=False, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VulnerabilityMatchViewSet(OrgScopedReadOnlyViewSet):
    """The organization's matches by priority (?status=open|all|<status>, severity, kev)."""

    queryset = VulnerabilityMatch.objects.all()
    serializer_class = VulnerabilityMatchSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = {"status": params.get("status") or ("all" if self.action != "list" else "open"),
                   "severity": params.get("severity", ""),
                   "kev": {"1": True, "0": False}.get(params.get("kev", ""))}  # fmt: skip
        return selectors.match_list(org=self.organization, filters=filters)

    @action(detail=True, methods=["get", "post"], permission_action="change")
    def vex(self, request, pk=None):
        """GET: the VEX history of the match; POST: a new statement (status, justification, note)."""
        match = self.get_object()
        if request.method == "GET":
            rows = match.statements.values("status", "justification", "note", "source", "set_at")
            return Response(list(rows))
        data = VexInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            vex_set(match=match, user=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(
            VulnerabilityMatchSerializer(
                selectors.match_get(org=self.organization, pk=match.pk)
            ).data
        )

    @action(detail=False, methods=["get"], url_path="vex-export")
    def vex_export(self, request):
        try:
            body = vex_export(org=self.organization, spec=request.query_params.get("spec", "1.6"))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return HttpResponse(body, content_type="application/vnd.cyclonedx+json")
