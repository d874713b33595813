from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from bollwerk.models import ApiToken, AuditEvent, Membership, Organization, Role
from bollwerk.models.tenancy import Sector


class OrganizationSerializer(serializers.ModelSerializer):
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "slug",
            "sectors",
            "employees",
            "turnover_eur",
            "balance_sheet_eur",
            "legal_form",
            "public_ownership_share",
            "country",
            "federal_state",
            "kritis",
            "created_at",
        ]
        read_only_fields = ["id", "slug", "created_at"]


class MembershipSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name", required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "email", "full_name", "role", "created_at"]
        read_only_fields = ["id", "created_at"]

    def update(self, instance, validated_data):
        from bollwerk.services.tenancy import member_add

        return member_add(
            organization=instance.organization,
            email=instance.user.email,
            role=validated_data.get("role", instance.role),
        )

    def create(self, validated_data):
        from bollwerk.services.tenancy import member_add

        user = validated_data.get("user", {})
        try:
            return member_add(
                organization=self.context["organization"],
                email=user["email"],
                role=validated_data["role"],
                full_name=user.get("full_name", ""),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc


class ApiTokenSerializer(serializers.ModelSerializer):
    expires_days = serializers.IntegerField(write_only=True, min_value=1, max_value=730, default=90)
    token = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "expires_days",
            "token",
        ]
        read_only_fields = [
            "id",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_token(self, obj) -> str | None:
        """The clear token, present only in the response that issued it."""
        return getattr(obj, "_clear", None)


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "created_at",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "ip_address",
            "prev_hash",
            "hash",
        ]
