"""REST endpoints of the check framework: checks and schedules, runs, findings.

- ``GET/PATCH /api/v1/checks/{id}/`` a check's schedule for the organization
  (``enabled``, ``kind`` interval|crontab, ``interval_minutes``, ``crontab``);
- ``GET/POST /api/v1/checks/{id}/runs/`` its runs / start one now (role action ``run``);
- ``GET /api/v1/check-runs/``; ``GET /api/v1/findings/?severity=&status=&source=&search=``;
- ``GET/POST /api/v1/findings/{id}/status/`` allowed actions / ``{"action":
  "acknowledge"|"accept_risk"|"reopen", "reason", "expires_on"}`` (role action ``change``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from bollwerk.api.base import OrgScopedReadOnlyViewSet, OrgScopedViewSetMixin
from bollwerk.checks import findings, schedules, selectors, services
from bollwerk.checks.models import CheckRun, CheckSchedule, Finding
from bollwerk.permissions import CHANGE, RUN


class QueueUnreachable(APIException):
    status_code = 503
    default_detail = "The queue is unreachable; the run was recorded as failed."
    default_code = "queue_unreachable"


def _drf_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class CheckRunSerializer(serializers.ModelSerializer):
    check = serializers.CharField(source="check_name", read_only=True)
    duration_s = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = CheckRun
        fields = [
            "id", "check", "trigger", "status", "queued_at", "started_at", "finished_at",
            "duration_s", "counts", "evidence_summary", "outcome_sha256", "error", "worker",
            "task_id",
        ]  # fmt: skip
        read_only_fields = fields


class CheckScheduleSerializer(serializers.ModelSerializer):
    check = serializers.CharField(source="check_name", read_only=True)
    title = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    controls = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    next_run = serializers.SerializerMethodField()
    enabled = serializers.BooleanField(required=False)
    kind = serializers.ChoiceField(choices=["interval", "crontab"], required=False)
    interval_minutes = serializers.IntegerField(required=False, min_value=1, allow_null=True)
    crontab = serializers.CharField(required=False, allow_blank=True, max_length=120)

    class Meta:
        model = CheckSchedule
        fields = [
            "id", "check", "title", "description", "controls", "schedule", "next_run",
            "enabled", "kind", "interval_minutes", "crontab",
        ]  # fmt: skip

    def _check(self, obj):
        return schedules.schedule_check(obj)

    def get_title(self, obj) -> str:
        check = self._check(obj)
        return str(check.title) if check else obj.check_name

    def get_description(self, obj) -> str:
        check = self._check(obj)
        return str(check.description) if check else ""

    def get_controls(self, obj) -> list[str]:
        check = self._check(obj)
        return list(check.controls) if check else []

    def get_schedule(self, obj) -> str:
        return schedules.schedule_describe(obj)

    def get_next_run(self, obj) -> str | None:
        when = schedules.schedule_next_run(obj)
        return when.isoformat() if when else None

    def to_representation(self, obj):
        data = super().to_representation(obj)
        task = obj.periodic_task
        data["enabled"] = bool(task and task.enabled)
        data["kind"] = "crontab" if task and task.crontab_id else "interval"
        data["interval_minutes"] = task.interval.every // 60 if task and task.interval_id else None
        data["crontab"] = schedules.schedule_crontab(obj)
        return data


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id", "source", "kind", "severity", "title", "description", "fingerprint",
            "affected_objects", "asset_ref", "details", "status", "first_seen_at",
            "last_seen_at", "due_date", "resolved_at", "risk_reason", "risk_expires_on",
            "first_run", "last_run", "resolved_by_run",
        ]  # fmt: skip
        read_only_fields = fields


class FindingStatusSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["acknowledge", "accept_risk", "reopen"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    expires_on = serializers.DateField(required=False, allow_null=True)


class FindingStatusView(serializers.Serializer):
    status = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())


class CheckViewSet(
    OrgScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's checks and their schedules; ``runs`` lists or starts runs."""

    queryset = CheckSchedule.objects.select_related(
        "periodic_task__interval", "periodic_task__crontab"
    )
    serializer_class = CheckScheduleSerializer

    @property
    def permission_action(self):
        return RUN if self.action == "runs" and self.request.method == "POST" else None

    def list(self, request, *args, **kwargs):
        schedules.schedules_sync(organization=self.organization)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        visible = [c.name for c in schedules.check_list()]
        return super().get_queryset().filter(check_name__in=visible).order_by("check_name")

    def perform_update(self, serializer):
        schedule = serializer.instance
        data = serializer.validated_data
        task = schedule.periodic_task
        current = CheckScheduleSerializer(schedule).data
        try:
            schedules.schedule_update(
                schedule=schedule,
                enabled=data.get("enabled", bool(task and task.enabled)),
                kind=data.get("kind", current["kind"]),
                interval_minutes=data.get("interval_minutes", current["interval_minutes"]),
                crontab=data.get("crontab", current["crontab"]),
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from None

    @extend_schema(request=None, responses=CheckRunSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def runs(self, request, pk=None):
        schedule = self.get_object()
        if request.method == "GET":
            runs = selectors.run_list(org=self.organization, filters={"check": schedule.check_name})
            page = self.paginate_queryset(runs)
            return self.get_paginated_response(CheckRunSerializer(page, many=True).data)
        try:
            result = services.check_run_request(
                organization=self.organization,
                check_name=schedule.check_name,
                trigger=CheckRun.Trigger.MANUAL,
                user=request.user,
            )
        except services.QueueUnavailable:
            raise QueueUnreachable() from None
        except DjangoValidationError as exc:
            raise _drf_error(exc) from None
        return Response(
            CheckRunSerializer(result.run).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class CheckRunViewSet(OrgScopedReadOnlyViewSet):
    """Every run of every check for the organization, newest first."""

    queryset = CheckRun.objects.order_by("-queued_at", "-id")
    serializer_class = CheckRunSerializer
    filterset_fields = ["check_name", "status", "trigger"]


class FindingViewSet(OrgScopedReadOnlyViewSet):
    """Findings; ``status`` shows or changes a finding's status."""

    queryset = Finding.objects.order_by("-last_seen_at", "-id")
    serializer_class = FindingSerializer
    filterset_fields = ["severity", "status", "source", "kind"]
    search_fields = ["title", "description"]
    ordering_fields = ["last_seen_at", "first_seen_at", "due_date", "severity"]

    @property
    def permission_action(self):
        return CHANGE if self.action == "status" and self.request.method == "POST" else None

    @extend_schema(methods=["GET"], request=None, responses=FindingStatusView)
    @extend_schema(methods=["POST"], request=FindingStatusSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["get", "post"], url_path="status")
    def status(self, request, pk=None):
        finding = self.get_object()
        if request.method == "GET":
            return Response(
                {"status": finding.status, "actions": findings.finding_actions(finding)}
            )
        serializer = FindingStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            finding = findings.finding_status_change(
                finding=finding, user=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from None
        return Response(FindingSerializer(finding).data)
