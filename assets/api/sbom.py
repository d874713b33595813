"""SBOM endpoints: list, read, upload (multipart or a raw JSON/XML body), components, diff,
download of the original file.

``POST /api/v1/sboms/`` takes either a multipart form (``file``, ``supplier``,
``product``, ``version``, ``assets``, ``lenient``, ``zip``) or the SBOM itself
as the request body with ``?supplier=&product=&version=&lenient=1``, so a
vendor's CI can push with a token. Every refusal is a 400 with
``{"detail": "<one line>"}`` and nothing stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.response import Response

from assets import selectors_sbom as selectors
from assets.models import Sbom, SbomComponent, SbomVulnerability
from assets.sbom import SbomError, read_limited
from assets.services.sbom import sbom_import
from assets.services.sbom_diff import sbom_diff
from bollwerk.api.base import OrgScopedReadOnlyViewSet

TRUE = {"1", "true", "yes", "on"}


class RawSbomParser(BaseParser):
    """Any other body is the SBOM itself, read up to the upload limit (not decoded here)."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        from django.conf import settings

        if stream is None:
            return {"raw": b""}
        try:
            return {
                "raw": read_limited(
                    stream, file_name="request body", max_bytes=settings.BOLLWERK_UPLOAD_MAX_BYTES
                )
            }
        except SbomError as exc:
            raise ParseError(str(exc)) from None


class SbomSerializer(serializers.ModelSerializer):
    """An SBOM's metadata (without the big raw JSON)."""

    product_name = serializers.CharField(source="product.name", read_only=True)
    product_version = serializers.CharField(source="product.version", read_only=True)
    supplier = serializers.CharField(source="product.supplier.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="cyclonedx or spdx")
    format = serializers.CharField(read_only=True, help_text="json or xml")

    class Meta:
        model = Sbom
        fields = [
            "id",
            "product",
            "product_name",
            "product_version",
            "supplier",
            "file_name",
            "file_sha256",
            "file_size",
            "kind",
            "format",
            "spec_version",
            "serial_number",
            "bom_version",
            "timestamp",
            "quality_score",
            "validation_error_count",
            "lenient",
            "component_count",
            "dependency_count",
            "vulnerability_count",
            "imported_at",
            "imported_via",
            "superseded_by",
        ]
        read_only_fields = fields


class SbomDetailSerializer(SbomSerializer):
    """One SBOM with quality report, validation errors and document metadata."""

    class Meta(SbomSerializer.Meta):
        fields = [
            *SbomSerializer.Meta.fields,
            "quality_report",
            "validation_errors",
            "authors",
            "tools",
            "manufacturer",
            "metadata_component",
        ]
        read_only_fields = fields


class SbomUploadSerializer(serializers.Serializer):
    """The multipart upload's fields (documentation and parsing of the form)."""

    file = serializers.FileField()
    supplier = serializers.CharField(max_length=200)
    product = serializers.CharField(max_length=200, required=False, allow_blank=True)
    version = serializers.CharField(max_length=80, required=False, allow_blank=True)
    assets = serializers.ListField(child=serializers.IntegerField(), required=False)
    lenient = serializers.BooleanField(required=False, default=False)
    zip = serializers.BooleanField(required=False, default=False)


class SbomComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SbomComponent
        fields = [
            "id",
            "parent",
            "position",
            "bom_ref",
            "type",
            "group",
            "name",
            "version",
            "purl",
            "cpe",
            "hashes",
            "licenses",
            "supplier_name",
            "scope",
            "purl_type",
            "purl_namespace",
            "purl_name",
        ]
        read_only_fields = fields


class SbomVulnerabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = SbomVulnerability
        fields = [
            "id",
            "vuln_id",
            "source_name",
            "source_url",
            "ratings",
            "cwes",
            "description",
            "analysis_state",
            "analysis_justification",
            "analysis_response",
            "analysis_detail",
            "affects",
            "components",
        ]
        read_only_fields = fields


def _one_line(exc: DjangoValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{f}: {' '.join(m)}" for f, m in exc.message_dict.items())
    return " ".join(exc.messages)


class SbomViewSet(OrgScopedReadOnlyViewSet):
    """SBOMs of the organization; POST imports one through ``sbom_import``."""

    queryset = Sbom.objects.all()
    serializer_class = SbomSerializer
    parser_classes = [MultiPartParser, FormParser, RawSbomParser]
    filterset_fields = ["product", "kind", "format"]
    search_fields = ["file_name", "product__name", "product__supplier__name"]
    ordering_fields = ["imported_at", "quality_score", "component_count"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.sbom_list(org=self.organization)
        return super().get_queryset().select_related("product", "product__supplier")

    def get_serializer_class(self):
        return SbomDetailSerializer if self.action == "retrieve" else SbomSerializer

    @extend_schema(
        request={"multipart/form-data": SbomUploadSerializer, "*/*": bytes},
        parameters=[
            OpenApiParameter(n, str, required=False)
            for n in ("supplier", "product", "version", "lenient", "zip")
        ],
        responses={201: SbomSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = request.data
        params = request.query_params
        if "raw" in data:
            upload, name = data["raw"], params.get("file_name", "request body")
            fields = params
            assets = params.getlist("asset")
        else:
            upload, name = data.get("file"), ""
            fields = data
            assets = data.getlist("assets") if hasattr(data, "getlist") else []
            if upload is None:
                return Response(
                    {"detail": "file: send the SBOM as the multipart field 'file'."},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        try:
            sbom = sbom_import(
                org=self.organization,
                file=upload,
                file_name=name,
                supplier=fields.get("supplier", ""),
                product_name=fields.get("product", ""),
                product_version=fields.get("version"),
                asset_ids=[int(a) for a in assets if str(a).strip().isdecimal()],
                lenient=str(fields.get("lenient", "")).lower() in TRUE,
                allow_zip=str(fields.get("zip", "")).lower() in TRUE,
            )
        except SbomError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as exc:
            return Response({"detail": _one_line(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SbomSerializer(sbom).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=SbomComponentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def components(self, request, pk=None):
        """The SBOM's components (``?q=``, ``?type=``, ``?scope=``, ``?has_purl=1|0``)."""
        sbom = self.get_object()
        has_purl = request.query_params.get("has_purl")
        rows = selectors.sbom_component_list(
            sbom=sbom,
            q=request.query_params.get("q", ""),
            type=request.query_params.get("type", ""),
            scope=request.query_params.get("scope", ""),
            has_purl=None if has_purl in (None, "") else has_purl in TRUE,
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(SbomComponentSerializer(page, many=True).data)

    @extend_schema(responses=SbomVulnerabilitySerializer(many=True))
    @action(detail=True, methods=["get"])
    def vulnerabilities(self, request, pk=None):
        """The vulnerabilities the document itself declares (VDR/VEX)."""
        rows = selectors.sbom_vulnerability_list(sbom=self.get_object())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(SbomVulnerabilitySerializer(page, many=True).data)

    @extend_schema(
        responses=dict,
        parameters=[OpenApiParameter("against", int)],
        operation_id="v1_sboms_diff_against",
    )
    @action(detail=True, methods=["get"], url_path="diff")
    def diff_against(self, request, pk=None):
        """Components added, removed and changed from this SBOM to ``?against=<id>``."""
        self.get_object()  # another organization's SBOM is 404 before any argument check
        against = request.query_params.get("against", "")
        if not against.isdecimal():
            return Response(
                {"detail": "against: give the id of the SBOM to compare with."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return self._diff(int(against))

    @extend_schema(
        responses=dict,
        parameters=[OpenApiParameter("other_id", int, OpenApiParameter.PATH)],
        operation_id="v1_sboms_diff",
    )
    @action(detail=True, methods=["get"], url_path=r"diff/(?P<other_id>[^/.]+)")
    def diff(self, request, pk=None, other_id=None):
        """Components added, removed and changed from this SBOM to SBOM ``other_id``."""
        if not str(other_id).isdecimal():
            raise Http404
        return self._diff(int(other_id))

    def _diff(self, other_id: int) -> Response:
        base = self.get_object()
        other = get_object_or_404(self.get_queryset(), pk=other_id)
        return Response(sbom_diff(base=base, other=other).as_dict())

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The original file, byte for byte."""
        sbom = self.get_object()
        return FileResponse(sbom.file.open("rb"), as_attachment=True, filename=sbom.file_name)
