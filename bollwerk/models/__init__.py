from bollwerk.checks.models import (
    CheckRun,
    CheckSchedule,
    Finding,
    FindingEvent,
    NotificationSettings,
)
from bollwerk.models.audit import AuditChain, AuditEvent
from bollwerk.models.health import WorkerHeartbeat
from bollwerk.models.tenancy import (
    Membership,
    Organization,
    OrgScopedModel,
    OrgScopedQuerySet,
    Role,
)
from bollwerk.models.tokens import ApiToken
from bollwerk.models.user import User

__all__ = [
    "ApiToken",
    "AuditChain",
    "AuditEvent",
    "CheckRun",
    "CheckSchedule",
    "Finding",
    "FindingEvent",
    "Membership",
    "NotificationSettings",
    "OrgScopedModel",
    "OrgScopedQuerySet",
    "Organization",
    "Role",
    "User",
    "WorkerHeartbeat",
]
