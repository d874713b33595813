"""REST endpoints of procurement: offers, answers (with verification), questionnaire, decisions.

Every refusal is a 400 naming the field (or the sheet/row/column of a questionnaire) and
nothing is stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import get_language
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from assets.api.serializers import OrgScopedSerializer
from assets.procurement import selectors
from assets.procurement.catalogue import checksum as catalogue_checksum
from assets.procurement.decision import condition_mark_done, decision_record
from assets.procurement.models import ClaimAnswer, Decision, DecisionCondition, Offer
from assets.procurement.questionnaire import (
    questionnaire_import,
    questionnaire_pdf,
    questionnaire_xlsx,
)
from assets.procurement.services import (
    claim_answer_update,
    claim_verify_manually,
    offer_claims_verify,
    offer_create,
)
from bollwerk.api.base import OrgScopedModelViewSet, OrgScopedViewSetMixin
from bollwerk.api.permissions import CHANGE, RUN, request_membership
from bollwerk.permissions import role_can


def _may(request, action: str) -> None:
    """403 unless the member's role may ``action`` on supply-chain objects."""
    membership = request_membership(request)
    if membership is None or not role_can(membership.role, "supply_chain", action):
        raise PermissionDenied


def _drf(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class OfferSerializer(OrgScopedSerializer):
    contradicted = serializers.IntegerField(read_only=True)
    verified = serializers.IntegerField(read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id", "supplier", "product", "offered_on", "reference", "status",
            "catalogue_version", "support_end", "min_support_years", "critical_max_age_days",
            "sbom_quality_threshold", "notes", "last_verified_at", "contradicted", "verified",
        ]  # fmt: skip
        read_only_fields = ["catalogue_version", "last_verified_at"]


class ClaimAnswerSerializer(serializers.ModelSerializer):
    verified_by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = ClaimAnswer
        fields = [
            "id", "offer", "claim_id", "answer", "text", "document_reference", "state",
            "summary", "evidence", "checked_at", "verified_by", "verified_document",
        ]  # fmt: skip
        read_only_fields = [
            "offer", "claim_id", "state", "summary", "evidence", "checked_at", "verified_by",
            "verified_document",
        ]  # fmt: skip


class ManualVerificationSerializer(serializers.Serializer):
    document = serializers.CharField(max_length=255)
    verified = serializers.BooleanField(default=True)


class ConditionSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = DecisionCondition
        fields = ["id", "text", "due_date", "done_on", "status"]
        read_only_fields = ["status"]

    def get_status(self, obj) -> str:
        return obj.status()


class DecisionSerializer(OrgScopedSerializer):
    conditions = ConditionSerializer(many=True, required=False)
    report_id = serializers.UUIDField(source="report_public_id", read_only=True, allow_null=True)
    report_sha256 = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id", "offer", "outcome", "rationale", "decided_at", "conditions", "report_id",
            "report_sha256",
        ]  # fmt: skip
        read_only_fields = ["decided_at"]


class OfferViewSet(OrgScopedModelViewSet):
    """Offers; ``verify`` re-checks, ``questionnaire`` exports (xlsx/pdf) and imports."""

    queryset = Offer.objects.all()
    serializer_class = OfferSerializer

    def get_queryset(self):
        return selectors.offer_list(org=self.organization)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            offer = offer_create(
                org=self.organization,
                supplier=data.pop("supplier"),
                product=data.pop("product"),
                **data,
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        serializer.instance = self.get_queryset().get(pk=offer.pk)

    def perform_update(self, serializer):
        offer = serializer.save()
        try:
            offer.full_clean()
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        offer_claims_verify(offer=offer)

    @action(detail=True, methods=["get", "post"])
    def verify(self, request, pk=None):
        """GET: the state per claim; POST (role may ``run``): re-check the claims now first."""
        offer = self.get_object()
        if request.method == "POST":
            _may(request, RUN)
            return Response(offer_claims_verify(offer=offer))
        return Response(
            dict(ClaimAnswer.objects.filter(offer=offer).values_list("claim_id", "state"))
        )

    def _download(self, data: bytes, kind: str, name: str) -> HttpResponse:
        response = HttpResponse(data, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @action(detail=True, methods=["get"], url_path="questionnaire-xlsx")
    def questionnaire_xlsx(self, request, pk=None):
        """The vendor questionnaire as XLSX (answer dropdowns, hidden checksum sheet)."""
        offer = self.get_object()
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return self._download(
            questionnaire_xlsx(offer=offer), kind, f"questionnaire-{offer.pk}.xlsx"
        )

    @action(detail=True, methods=["get"], url_path="questionnaire-pdf")
    def questionnaire_pdf(self, request, pk=None):
        """The vendor questionnaire as PDF."""
        offer = self.get_object()
        data = questionnaire_pdf(offer=offer, language=(get_language() or "de")[:2])
        return self._download(data, "application/pdf", f"questionnaire-{offer.pk}.pdf")

    @action(
        detail=True,
        methods=["get", "post"],
        url_path="questionnaire-import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def questionnaire_upload(self, request, pk=None):
        """POST a filled questionnaire (multipart ``file``); GET: what the file must match."""
        offer = self.get_object()
        if request.method == "GET":
            return Response(
                {
                    "offer": offer.pk,
                    "catalogue": offer.catalogue_version,
                    "checksum": catalogue_checksum(offer.catalogue_version),
                }
            )
        _may(request, CHANGE)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": "attach the filled XLSX as 'file'"})
        try:
            count = questionnaire_import(offer=offer, data=upload.read())
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        return Response({"imported": count})


class ClaimAnswerViewSet(
    OrgScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The vendor's answers with their verification; ``?offer=<id>``; ``verify`` by a person."""

    queryset = ClaimAnswer.objects.select_related("verified_by").order_by("offer", "id")
    serializer_class = ClaimAnswerSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        offer = self.request.query_params.get("offer")
        return queryset.filter(offer_id=offer) if offer and offer.isdecimal() else queryset

    def perform_update(self, serializer):
        try:
            claim_answer_update(claim_answer=serializer.instance, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        offer_claims_verify(offer=serializer.instance.offer)
        serializer.instance.refresh_from_db()

    @action(detail=True, methods=["get", "post"])
    def verify(self, request, pk=None):
        """POST: a person verified (``verified``: true) or contradicted it with ``document``."""
        answer = self.get_object()
        if request.method == "GET":
            return Response(ClaimAnswerSerializer(answer).data)
        _may(request, CHANGE)
        body = ManualVerificationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            claim_verify_manually(claim_answer=answer, user=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        return Response(ClaimAnswerSerializer(answer).data)


class DecisionViewSet(
    OrgScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Decisions (create archives the PDF record); ``conditions/<id>/done`` marks one done."""

    queryset = Decision.objects.prefetch_related("conditions")
    serializer_class = DecisionSerializer
    parser_classes = [JSONParser]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            decision = decision_record(
                offer=data["offer"],
                outcome=data["outcome"],
                rationale=data.get("rationale", ""),
                conditions=[dict(c) for c in data.get("conditions", [])],
                user=request.user,
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionConditionViewSet(
    OrgScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Conditions of approvals with their status; PATCH ``done_on`` marks one fulfilled."""

    queryset = DecisionCondition.objects.order_by("due_date", "id")
    serializer_class = ConditionSerializer

    def perform_update(self, serializer):
        done_on = serializer.validated_data.get("done_on")
        condition_mark_done(condition=serializer.instance, done_on=done_on)
