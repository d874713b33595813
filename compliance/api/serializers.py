"""Serializers: every referenced object must belong to the request's organization."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assets.models import Asset, EssentialService
from compliance.models import (
    AssessmentHistory,
    Control,
    ControlAssessment,
    Evidence,
    LegalEntity,
    RelatedEnterprise,
    Risk,
    RiskMatrix,
    ScoreSnapshot,
)
from compliance.services.classification import MIRRORED_FACTS


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user who is a member of the request's organization."""

    def get_queryset(self):
        org = self.context["organization"]
        return get_user_model().objects.filter(memberships__organization=org)


class AssessmentSerializer(serializers.ModelSerializer):
    control = serializers.CharField(source="control.control_id", read_only=True)
    duty = serializers.CharField(source="control.duty.duty_id", read_only=True)
    legal_weight = serializers.CharField(source="control.legal_weight", read_only=True)
    owner = MemberField(allow_null=True, required=False)

    class Meta:
        model = ControlAssessment
        fields = [
            "id",
            "control",
            "duty",
            "legal_weight",
            "status",
            "justification",
            "owner",
            "due_date",
            "notes",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    """A file (multipart ``file``) or a link (``url``) for an assessment."""

    assessment = serializers.PrimaryKeyRelatedField(queryset=ControlAssessment.objects.none())
    file = serializers.FileField(required=False, write_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "assessment",
            "kind",
            "title",
            "file",
            "filename",
            "size",
            "sha256",
            "url",
            "source",
            "run_ref",
            "summary",
            "valid_from",
            "valid_until",
            "review_months",
            "created_at",
        ]
        read_only_fields = [
            "kind",
            "filename",
            "size",
            "sha256",
            "source",
            "run_ref",
            "summary",
            "created_at",
        ]
        extra_kwargs = {
            "valid_from": {"required": False},
            "review_months": {"required": False},
            "title": {"required": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("organization")
        fields["assessment"].queryset = ControlAssessment.objects.for_org(org).filter(
            archived=False
        )
        return fields

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("url")):
            raise serializers.ValidationError("give either a file or a url")
        if attrs.get("url") and not attrs.get("title"):
            raise serializers.ValidationError({"title": "a link needs a title"})
        return attrs


class HistorySerializer(serializers.ModelSerializer):
    control = serializers.CharField(source="assessment.control.control_id", read_only=True)

    class Meta:
        model = AssessmentHistory
        fields = [
            "id",
            "assessment",
            "control",
            "at",
            "actor",
            "actor_label",
            "action",
            "before",
            "after",
        ]


class RelatedEnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = RelatedEnterprise
        fields = [
            "name",
            "employees",
            "turnover_eur",
            "balance_sheet_eur",
            "share_percent",
            "relation",
            "listed_investor",
        ]


MIRRORED = MIRRORED_FACTS


class LegalEntitySerializer(serializers.ModelSerializer):
    """A legal entity; the default one takes its figures from the organization."""

    related = RelatedEnterpriseSerializer(many=True, required=False)

    class Meta:
        model = LegalEntity
        fields = [
            "id",
            "is_default",
            *MIRRORED,
            "activities",
            "it_independent",
            "it_independence_justification",
            "critical_installation",
            "related",
        ]
        read_only_fields = ["is_default"]

    def validate(self, attrs):
        if self.instance is not None and self.instance.is_default:
            mirrored = sorted(set(attrs) & set(MIRRORED))
            if mirrored:
                raise serializers.ValidationError(
                    {mirrored[0]: "the default entity mirrors the organization; change it there"}
                )
        return attrs


@extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
class OrgIdsField(serializers.Field):
    """A list of ids of the request organization's objects, read in one query.

    Ids of unknown objects or of another organization's are refused with
    ``missing`` naming them; the value is the list of objects.
    """

    def __init__(self, model, *, missing: str, **kwargs):
        self.model, self.missing = model, missing
        super().__init__(**kwargs)

    def to_representation(self, value) -> list[int]:
        return [obj.pk for obj in value.all()]

    def to_internal_value(self, data) -> list:
        if not isinstance(data, list) or any(
            isinstance(v, bool) or not str(v).isdecimal() for v in data
        ):
            raise serializers.ValidationError(_("Expected a list of ids."))
        ids = list(dict.fromkeys(int(v) for v in data))
        found = self.model.objects.for_org(self.context["organization"]).filter(pk__in=ids)
        by_pk = {obj.pk: obj for obj in found.only("id", "organization_id")}
        unknown = [str(i) for i in ids if i not in by_pk]
        if unknown:
            raise serializers.ValidationError(self.missing % {"ids": ", ".join(unknown)})
        return [by_pk[i] for i in ids]


class RiskSerializer(serializers.ModelSerializer):
    affected_services = OrgIdsField(
        EssentialService,
        missing=_("No essential service with id %(ids)s in this organization."),
        required=False,
        help_text="Ids of the organization's essential services the risk affects.",
    )
    affected_assets = OrgIdsField(
        Asset,
        missing=_("No asset with id %(ids)s in this organization."),
        required=False,
        help_text="Ids of the organization's assets the risk affects.",
    )
    controls = serializers.SlugRelatedField(
        slug_field="control_id",
        many=True,
        required=False,
        queryset=Control.objects.filter(version__is_current=True),
    )
    owner = MemberField(allow_null=True, required=False)
    inherent_score = serializers.IntegerField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True)
    residual_likelihood = serializers.IntegerField(min_value=1, max_value=5, required=False)
    residual_impact = serializers.IntegerField(min_value=1, max_value=5, required=False)

    class Meta:
        model = Risk
        fields = [
            "id",
            "title",
            "threat",
            "scenario",
            "affected_services",
            "affected_assets",
            "consequence",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "inherent_score",
            "residual_score",
            "treatment",
            "controls",
            "owner",
            "due_date",
            "review_date",
            "status",
            "source_ref",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class RiskMatrixSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskMatrix
        fields = ["likelihood_labels", "impact_labels", "acceptance_threshold"]


class SnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreSnapshot
        fields = ["id", "date", "overall", "duties", "measures", "catalogue_version", "computed_at"]
