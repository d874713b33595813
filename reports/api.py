"""REST API of the reports app: the archive (read) and report requests (create)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from bollwerk.api.base import OrgScopedViewSetMixin
from bollwerk.api.permissions import request_membership
from reports import selectors
from reports.models import Report
from reports.services.generation import report_request


class ReportSerializer(serializers.ModelSerializer):
    """A report's archive entry; ``report_type``/``audience``/``language`` are writable on create."""

    class Meta:
        model = Report
        fields = [
            "id",
            "public_id",
            "report_type",
            "audience",
            "language",
            "status",
            "progress",
            "error",
            "created_at",
            "generated_at",
            "data_as_of",
            "sha256",
            "pages",
            "signed",
            "released_to_auditors",
            "manifest",
        ]
        read_only_fields = [f for f in fields if f not in ("report_type", "audience", "language")]


class ReportViewSet(
    OrgScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's report archive; POST queues a new report (rendered by a worker)."""

    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filterset_fields = ["report_type", "audience", "status", "released_to_auditors"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.report_list(
            org=self.organization, membership=request_membership(self.request)
        )

    def perform_create(self, serializer):
        try:
            serializer.instance = report_request(
                organization=self.organization,
                user=self.request.user,
                **{k: serializer.validated_data[k] for k in ("report_type", "audience")},
                language=serializer.validated_data.get("language", "de"),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
