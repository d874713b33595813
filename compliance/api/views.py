"""API views: thin wrappers around the compliance services and selectors."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from assets.models import Asset, EssentialService
from bollwerk.api.base import OrgScopedModelViewSet, OrgScopedReadOnlyViewSet, OrgScopedViewSetMixin
from bollwerk.api.permissions import request_membership
from bollwerk.services.audit import acting_as, actor_for_user
from compliance.api import serializers as s
from compliance.models import (
    AssessmentHistory,
    ControlAssessment,
    Evidence,
    LegalEntity,
    Risk,
    ScoreSnapshot,
)
from compliance.selectors import (
    catalogue_current,
    classification_records_latest,
    duty_list,
    risk_matrix_get,
)
from compliance.services import assessment as assessment_services
from compliance.services.classification import (
    classification_compute_all,
    legal_entity_delete,
    legal_entity_save,
    record_as_dict,
)
from compliance.services.risks import LINKS, risk_matrix_save, risk_save
from compliance.services.scores import org_score

ANY = inline_serializer("ComplianceAny", fields={"detail": serializers.JSONField()})


@contextlib.contextmanager
def service_call(request):
    """Attribute writes to the API user; turn service ValidationErrors into 400 answers."""
    with acting_as(actor_for_user(request.user, request.META.get("REMOTE_ADDR"))):
        try:
            yield
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise ValidationError(detail) from None


def _org(request):
    return request_membership(request).organization


def _lang(request) -> str:
    return "de" if request.query_params.get("language", "en").startswith("de") else "en"


class CatalogueView(APIView):
    """The current catalogue: duties with their controls (instance-wide, read only)."""

    permission_group = "compliance"

    @extend_schema(responses=ANY, parameters=[OpenApiParameter("language", str)])
    def get(self, request):
        lang = _lang(request)
        version = catalogue_current()
        return Response(
            {
                "name": version.name,
                "version": version.version,
                "published": version.published,
                "duties": [
                    {
                        "id": d.duty_id,
                        "title": d.title(lang),
                        "references": d.references,
                        "applies": d.applies,
                        "measure": d.measure or None,
                        "controls": [
                            {
                                "id": c.control_id,
                                "statement": c.statement(lang),
                                "guidance": c.guidance(lang),
                                "evidence": c.evidence(lang),
                                "review_months": c.review_months,
                                "signal": c.signal or None,
                                "legal_weight": c.legal_weight,
                                "iso27001": c.iso27001,
                                "grundschutz": c.grundschutz,
                            }
                            for c in d.controls.all()
                        ],
                    }
                    for d in duty_list(version=version)
                ],
            }
        )


class ClassificationView(APIView):
    """GET: the current classification of every legal entity; POST: recompute it."""

    permission_group = "compliance"

    def _answer(self, request):
        records = classification_records_latest(org=_org(request))
        lang = _lang(request)
        default = next((r for r in records if r.legal_entity.is_default), None)
        return Response(
            {
                "current": record_as_dict(default, lang) if default else None,
                "legal_entities": [
                    {"legal_entity": r.legal_entity_id, **record_as_dict(r, lang)} for r in records
                ],
            }
        )

    @extend_schema(responses=ANY, parameters=[OpenApiParameter("language", str)])
    def get(self, request):
        return self._answer(request)

    @extend_schema(request=None, responses=ANY)
    def post(self, request):
        with service_call(request):
            classification_compute_all(org=_org(request), trigger="api")
        return self._answer(request)


class LegalEntityViewSet(OrgScopedModelViewSet):
    """Legal entities of the organization; each change re-classifies the entity."""

    queryset = LegalEntity.objects.prefetch_related("related").order_by("-is_default", "name")
    serializer_class = s.LegalEntitySerializer

    def _save(self, serializer, entity=None):
        data = dict(serializer.validated_data)
        related = data.pop("related", None)
        with service_call(self.request):
            serializer.instance, _record = legal_entity_save(
                org=self.organization,
                data=data,
                entity=entity,
                related=None if related is None else [dict(r) for r in related],
                trigger="api",
            )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        with service_call(self.request):
            legal_entity_delete(entity=instance)


class AssessmentViewSet(
    OrgScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Assessments of the applicable controls; update status, owner, dates, notes."""

    queryset = (
        ControlAssessment.objects.filter(archived=False, control__version__is_current=True)
        .select_related("control__duty", "owner")
        .order_by("control__position")
    )
    serializer_class = s.AssessmentSerializer
    filterset_fields = ["status"]

    def list(self, request, *args, **kwargs):
        with service_call(request):
            assessment_services.assessments_ensure(org=self.organization)
        return super().list(request, *args, **kwargs)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        with service_call(self.request):
            assessment_services.assessment_update(assessment=serializer.instance, data=data)


class EvidenceViewSet(
    OrgScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence items; POST a multipart ``file`` or a ``url`` for an assessment."""

    queryset = Evidence.objects.select_related("assessment__control").order_by("-pk")
    serializer_class = s.EvidenceSerializer
    filterset_fields = ["assessment", "kind"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        common = {
            "assessment": data["assessment"],
            "title": data.get("title", ""),
            "valid_from": data.get("valid_from"),
            "valid_until": data.get("valid_until"),
            "review_months": data.get("review_months"),
            "user": self.request.user,
        }
        with service_call(self.request):
            if data.get("file"):
                serializer.instance = assessment_services.evidence_add_file(
                    upload=data["file"], **common
                )
            else:
                serializer.instance = assessment_services.evidence_add_link(
                    url=data["url"], **common
                )


class HistoryViewSet(OrgScopedReadOnlyViewSet):
    """Every change of every assessment (who, when, before, after)."""

    queryset = AssessmentHistory.objects.select_related("assessment__control").order_by(
        "-at", "-pk"
    )
    serializer_class = s.HistorySerializer
    filterset_fields = ["assessment"]


class SignalsView(APIView):
    """Every automatic signal's value, threshold, state and the objects behind it."""

    permission_group = "compliance"

    @extend_schema(responses=ANY)
    def get(self, request):
        score = org_score(org=_org(request))
        return Response({sid: v.as_dict() for sid, v in score.signals.items()})


def _control_json(c) -> dict:
    return {
        "control": c.control_id,
        "duty": c.input.duty_id,
        "measure": c.input.measure or None,
        "status": c.input.status,
        "evidence": c.input.evidence_state,
        "signal": c.input.signal_id or None,
        "signal_state": c.input.signal_state or None,
        "points": c.points,
        "evidence_cap": c.evidence_cap,
        "signal_cap": c.signal_cap,
        "score": c.score,
        "weight": c.weight,
        "contribution": round(c.contribution, 4),
        "gain": round(c.gain, 4),
        "assessment": c.input.assessment_id,
    }


class ScoreView(APIView):
    """The current score: overall, per duty, per measure (0-100, 2 decimals)."""

    permission_group = "compliance"

    @extend_schema(responses=ANY)
    def get(self, request):
        score = org_score(org=_org(request))
        return Response(
            {
                **score.result.summary(),
                "date": score.today,
                "classified": score.classified,
                "catalogue_version": score.catalogue_version,
                "total_weight": score.result.total_weight,
            }
        )


class ScoreBreakdownView(APIView):
    """The controls behind the score with every input (``?duty=`` or ``?measure=`` filter)."""

    permission_group = "compliance"

    @extend_schema(
        responses=ANY,
        parameters=[OpenApiParameter("duty", str), OpenApiParameter("measure", str)],
    )
    def get(self, request):
        result = org_score(org=_org(request)).result
        rows = list(result.controls.values())
        if duty := request.query_params.get("duty"):
            rows = [c for c in rows if c.input.duty_id == duty]
        if measure := request.query_params.get("measure"):
            rows = [c for c in rows if c.input.measure == measure]
        return Response(
            {
                "total_weight": result.total_weight,
                "controls": [_control_json(c) for c in rows],
                "not_applicable": [i.control_id for i in result.excluded],
            }
        )


class LargestGainsView(APIView):
    """Open controls by the overall-score gain of implementing them, then legal weight."""

    permission_group = "compliance"

    @extend_schema(responses=ANY)
    def get(self, request):
        result = org_score(org=_org(request)).result
        return Response({"gains": [_control_json(c) for c in result.largest_gains()]})


class SnapshotViewSet(OrgScopedReadOnlyViewSet):
    """Daily score snapshots (the trend), newest first."""

    queryset = ScoreSnapshot.objects.order_by("-date")
    serializer_class = s.SnapshotSerializer


class RiskViewSet(OrgScopedModelViewSet):
    """The risk register."""

    queryset = Risk.objects.select_related("owner").prefetch_related(
        "controls",
        Prefetch("affected_services", queryset=EssentialService.objects.only("id")),
        Prefetch("affected_assets", queryset=Asset.objects.only("id")),
    )
    serializer_class = s.RiskSerializer
    filterset_fields = ["status", "treatment"]

    def _save(self, serializer):
        data = dict(serializer.validated_data)
        links = {name: data.pop(name, None) for name in ("controls", *LINKS)}
        with service_call(self.request):
            serializer.instance = risk_save(
                org=self.organization, data=data, risk=serializer.instance, **links
            )

    perform_create = _save
    perform_update = _save


class RiskMatrixView(APIView):
    """The organization's 5×5 matrix settings."""

    permission_group = "compliance"

    @extend_schema(responses=s.RiskMatrixSerializer)
    def get(self, request):
        return Response(s.RiskMatrixSerializer(risk_matrix_get(org=_org(request))).data)

    @extend_schema(request=s.RiskMatrixSerializer, responses=s.RiskMatrixSerializer)
    def put(self, request):
        serializer = s.RiskMatrixSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_call(request):
            matrix = risk_matrix_save(org=_org(request), data=serializer.validated_data)
        return Response(s.RiskMatrixSerializer(matrix).data)
