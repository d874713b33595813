"""REST API of incidents (mounted under /api/v1/ by compliance/api_urls.py).

Writes go through :mod:`compliance.incidents.services`; related fields accept
only objects of the request's organization (another organization's id is
answered like an unknown id). Significance decisions are append-only: they
can be listed, read and created, never changed or deleted.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bollwerk.api.base import OrgScopedModelViewSet, OrgScopedViewSetMixin
from bollwerk.models import Membership

from . import selectors, services
from .drafts import STAGE_FIELDS, incident_report_data, recipients_notice
from .models import FollowUpAction, Incident, IncidentEvent, ReportSubmission, SignificanceDecision


class ScopedSerializer(serializers.ModelSerializer):
    """Narrows related fields to the context's organization; model rules run in the services."""

    def get_validators(self):
        return []

    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("organization")
        for field in fields.values():
            target = getattr(field, "child_relation", field)
            if isinstance(target, serializers.RelatedField) and target.queryset is not None:
                model = target.queryset.model
                if org is None:
                    target.queryset = model.objects.none()
                elif model is Membership:
                    target.queryset = Membership.objects.filter(organization=org)
                elif not hasattr(model.objects, "for_org"):
                    continue  # an instance-wide catalogue row (e.g. a control)
                else:
                    target.queryset = model.objects.for_org(org)
        return fields


def _raise(exc: DjangoValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
    raise serializers.ValidationError(detail) from None


class IncidentSerializer(ScopedSerializer):
    class Meta:
        model = Incident
        fields = [
            "id", "title", "description", "category", "severity", "status", "detected_at",
            "aware_at", "contained_at", "resolved_at", "closed_at", "handling_ended_at",
            "services", "sites", "assets", "affected_people", "affected_share",
            "duration_hours", "geographic_area", "financial_loss_eur", "personal_data_involved",
            "personal_data_aware_at", "suspected_malicious", "cross_border",
            "cross_border_impact", "indicators", "initial_assessment", "threat_type",
            "mitigation", "root_cause", "lessons_learned", "findings", "risks", "controls",
            "next_due_at",
        ]  # fmt: skip
        read_only_fields = ["next_due_at"]


class ObligationSerializer(serializers.Serializer):
    """One computed reporting obligation."""

    stage = serializers.CharField()
    rule = serializers.CharField()
    recipient_de = serializers.CharField()
    recipient_en = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    lenient_due_at = serializers.DateTimeField(allow_null=True)
    state = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    required = serializers.BooleanField()
    provisional = serializers.BooleanField()
    unconfirmed = serializers.BooleanField()
    note_de = serializers.CharField()
    note_en = serializers.CharField()


class IncidentViewSet(OrgScopedModelViewSet):
    """Incidents; ``obligations``, ``draft``, ``people-proposal`` and ``notice`` are computed."""

    queryset = Incident.objects.all()
    serializer_class = IncidentSerializer

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .prefetch_related("services", "sites", "assets", "findings", "risks", "controls")
        )
        params = self.request.query_params
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        if params.get("category"):
            queryset = queryset.filter(category=params["category"])
        if params.get("open_clocks") == "1":
            queryset = queryset.filter(next_due_at__isnull=False)
        return queryset

    def _save(self, serializer, instance):
        data = dict(serializer.validated_data)
        related = {name: data.pop(name, None) for name in services.M2M_FIELDS}
        for name, value in data.items():
            setattr(instance, name, value)
        try:
            serializer.instance = services.incident_save(
                org=self.organization, instance=instance, **related
            )
        except DjangoValidationError as exc:
            _raise(exc)

    def perform_create(self, serializer):
        self._save(serializer, Incident())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        services.incident_delete(incident=instance)

    def _loaded(self) -> Incident:
        return selectors.incident_get(org=self.organization, pk=self.get_object().pk)

    @extend_schema(responses=ObligationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def obligations(self, request, pk=None):
        """The reporting obligations at this moment, with state and submission."""
        reporting = selectors.incident_reporting(incident=self._loaded(), now=timezone.now())
        return Response(ObligationSerializer(reporting.obligations, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("stage", str, enum=[s.value for s in STAGE_FIELDS])],
        responses=dict,
    )
    @action(detail=True, methods=["get"])
    def draft(self, request, pk=None):
        """The report draft for ``?stage=`` (the same data as the JSON download)."""
        incident = self._loaded()
        stage = request.query_params.get("stage", "")
        if stage not in {s.value for s in STAGE_FIELDS}:
            raise serializers.ValidationError({"stage": "unknown report stage"})
        return Response(incident_report_data(incident=incident, stage=stage))

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"], url_path="people-proposal")
    def people_proposal(self, request, pk=None):
        """The proposed number and share of people affected, with the per-service breakdown."""
        proposal = selectors.incident_people_proposal(incident=self._loaded())
        return Response({
            "people": proposal.people,
            "share_percent": None if proposal.share_percent is None else str(proposal.share_percent),
            "services": [
                {"service": s.service.pk, "people": s.people, "affected_assets": s.affected_assets,
                 "total_assets": s.total_assets, "share": str(s.share)}
                for s in proposal.services
            ],
        })  # fmt: skip

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def notice(self, request, pk=None):
        """The notice to service recipients (NIS2 Art. 23(1)) in German and English."""
        incident = self._loaded()
        return Response({lang: recipients_notice(incident=incident, language=lang)
                         for lang in ("de", "en")})  # fmt: skip


class IncidentEventSerializer(ScopedSerializer):
    class Meta:
        model = IncidentEvent
        fields = ["id", "incident", "occurred_at", "text", "author"]
        read_only_fields = ["author"]


class IncidentEventViewSet(OrgScopedModelViewSet):
    """Timeline entries; the author is the requesting user."""

    queryset = IncidentEvent.objects.all()
    serializer_class = IncidentEventSerializer

    def perform_create(self, serializer):
        try:
            serializer.instance = services.incident_event_add(
                author=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            _raise(exc)


class SignificanceDecisionSerializer(ScopedSerializer):
    class Meta:
        model = SignificanceDecision
        fields = ["id", "incident", "regime", "significant", "criteria", "reasons",
                  "decided_at", "decided_by"]  # fmt: skip
        read_only_fields = ["decided_at", "decided_by"]


class SignificanceDecisionViewSet(
    OrgScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Significance decisions: append-only (list, read, create)."""

    queryset = SignificanceDecision.objects.select_related("decided_by")
    serializer_class = SignificanceDecisionSerializer

    def perform_create(self, serializer):
        try:
            serializer.instance = services.significance_decide(
                user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            _raise(exc)


class ReportSubmissionSerializer(ScopedSerializer):
    class Meta:
        model = ReportSubmission
        fields = ["id", "incident", "stage", "submitted_at", "reference", "channel", "note",
                  "submitted_by"]  # fmt: skip
        read_only_fields = ["submitted_by"]


class ReportSubmissionViewSet(OrgScopedModelViewSet):
    """Reports sent; recording, correcting or removing one recomputes the clocks."""

    queryset = ReportSubmission.objects.all()
    serializer_class = ReportSubmissionSerializer

    FIELDS = ("incident", "stage", "submitted_at", "reference", "channel", "note")

    def _save(self, serializer, instance=None):
        current = {name: getattr(instance, name) for name in self.FIELDS} if instance else {}
        data = {**current, **serializer.validated_data}
        try:
            serializer.instance = services.submission_record(
                user=self.request.user, instance=instance, **data
            )
        except DjangoValidationError as exc:
            _raise(exc)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        services.submission_delete(submission=instance)


class FollowUpActionSerializer(ScopedSerializer):
    class Meta:
        model = FollowUpAction
        fields = ["id", "incident", "title", "owner", "due_date", "done", "done_at"]
        read_only_fields = ["done_at"]


class FollowUpActionViewSet(OrgScopedModelViewSet):
    """Follow-up actions of post-incident reviews."""

    queryset = FollowUpAction.objects.all()
    serializer_class = FollowUpActionSerializer

    def _save(self, serializer, instance):
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        try:
            serializer.instance = services.followup_save(
                incident=instance.incident, instance=instance
            )
        except DjangoValidationError as exc:
            _raise(exc)

    def perform_create(self, serializer):
        self._save(serializer, FollowUpAction())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)
