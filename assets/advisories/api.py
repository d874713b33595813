"""REST API of the advisory catalogue: read-only advisories for members, import for officers.

``GET /api/v1/advisories/`` (filters: ``q``, ``source``, ``severity``, ``kev``, ``withdrawn``,
``ordering``) and ``GET /api/v1/advisories/{id}/`` for every role that may view the
``vulnerability`` group; ``POST /api/v1/advisories/`` (multipart ``files`` + ``format``) imports
through the same service as the command and the upload page and needs ``add`` (security
officer). The viewset is deliberately not an ``OrgScoped*`` one: the catalogue is instance-wide
(see :mod:`assets.advisories.models`); ``RolePermission`` still demands a membership.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assets.advisories import selectors
from assets.advisories.models import Advisory, AffectedEntry
from assets.advisories.services import FORMATS, advisories_import


class AffectedEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AffectedEntry
        fields = [
            "status", "package_type", "package_namespace", "package_name", "ecosystem", "purl",
            "cpe", "cpe_is_platform", "ot_vendor", "ot_product", "ot_family", "ot_model_numbers",
            "vulnerabilities", "product_id", "product_name", "remediations", "pointer", "why",
        ]  # fmt: skip


class AdvisoryListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Advisory
        fields = [
            "id", "source_id", "source", "title", "published", "modified", "withdrawn",
            "aliases", "severity_score", "severity_label", "kev", "kev_ransomware", "epss",
            "epss_percentile",
        ]  # fmt: skip


class AdvisoryDetailSerializer(AdvisoryListSerializer):
    affected = AffectedEntrySerializer(many=True, read_only=True)

    class Meta(AdvisoryListSerializer.Meta):
        fields = [
            *AdvisoryListSerializer.Meta.fields, "summary", "severities", "severity_vector",
            "references", "vulnerabilities", "kev_date_added", "kev_due_date", "affected",
        ]  # fmt: skip


class AdvisoryImportSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
    format = serializers.ChoiceField(choices=FORMATS, default="auto")

    def validate_files(self, files):
        limit = settings.BOLLWERK_UPLOAD_MAX_BYTES
        if sum(f.size for f in files) > limit:
            raise serializers.ValidationError(
                _("The files exceed the upload limit of %d bytes.") % limit
            )
        return files


class ImportErrorSerializer(serializers.Serializer):
    file = serializers.CharField()
    error = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    updated = serializers.IntegerField()
    skipped = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)
    kev = serializers.DictField(allow_null=True)
    epss = serializers.DictField(allow_null=True)


def _flag(value: str | None) -> bool | None:
    return {"true": True, "1": True, "false": False, "0": False}.get((value or "").lower())


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="id, alias or title text"),
            OpenApiParameter("source", OpenApiTypes.STR, enum=["osv", "csaf"]),
            OpenApiParameter("severity", OpenApiTypes.STR, enum=list(selectors.SEVERITIES)),
            OpenApiParameter("kev", OpenApiTypes.BOOL),
            OpenApiParameter("withdrawn", OpenApiTypes.BOOL),
            OpenApiParameter("ordering", OpenApiTypes.STR, enum=["modified", "severity", "id"]),
        ]
    ),
    create=extend_schema(request=AdvisoryImportSerializer, responses=ImportReportSerializer),
)
class AdvisoryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The instance-wide advisory catalogue; POST imports advisory files."""

    permission_group = "vulnerability"
    queryset = Advisory.objects.none()  # the selectors own the query shape
    filter_backends: list = []
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if self.action == "retrieve":
            return Advisory.objects.defer("raw").prefetch_related("affected")
        params = self.request.query_params
        return selectors.advisory_list(
            filters={
                "q": params.get("q"),
                "source": params.get("source"),
                "severity": params.get("severity"),
                "kev": _flag(params.get("kev")),
                "withdrawn": _flag(params.get("withdrawn")),
                "ordering": params.get("ordering"),
            }
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AdvisoryDetailSerializer
        if self.action == "create":
            return AdvisoryImportSerializer
        return AdvisoryListSerializer

    def create(self, request, *args, **kwargs):
        serializer = AdvisoryImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            report = advisories_import(
                files=serializer.validated_data["files"],
                format=serializer.validated_data["format"],
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        code = status.HTTP_400_BAD_REQUEST
        if report.stored_anything or report.skipped or not report.errors:
            code = status.HTTP_200_OK
        return Response(report.as_dict(), status=code)
