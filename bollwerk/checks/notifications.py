"""Notifications about new findings: an e-mail digest per run and a signed webhook.

Webhook: ``POST`` of a JSON body with headers ``X-Bollwerk-Timestamp`` (Unix
seconds, also in the body) and ``X-Bollwerk-Signature: sha256=<hex>``, the
HMAC-SHA256 of the raw body under the organization's webhook secret. Verify
by recomputing the HMAC over the exact bytes received.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bollwerk.checks.models import (
    CheckRun,
    Finding,
    FindingEvent,
    NotificationSettings,
    severities_at_least,
)
from bollwerk.models import Membership, Organization, Role

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Bollwerk-Signature"
TIMESTAMP_HEADER = "X-Bollwerk-Timestamp"


class WebhookError(Exception):
    """The webhook receiver did not accept the delivery (network error or non-2xx)."""


def notification_settings_get(*, organization: Organization) -> NotificationSettings:
    """The organization's notification settings (created with defaults on first use)."""
    found, _ = NotificationSettings.objects.get_or_create(organization=organization)
    return found


def notification_settings_update(*, organization: Organization, data: dict) -> NotificationSettings:
    """Store validated settings (``min_severity``, ``email_enabled``, recipients, webhook)."""
    current = notification_settings_get(organization=organization)
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


def sign(secret: str, body: bytes) -> str:
    """The ``X-Bollwerk-Signature`` value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notified_findings(*, run: CheckRun, minimum: str) -> list[Finding]:
    """Findings this run opened or reopened, at or above ``minimum`` severity, worst first."""
    ids = FindingEvent.objects.filter(
        run=run,
        action__in=[FindingEvent.Action.OPENED, FindingEvent.Action.REOPENED],
    ).values("finding_id")
    found = Finding.objects.for_org(run.organization_id).filter(
        pk__in=ids, severity__in=severities_at_least(minimum)
    )
    order = {s: i for i, s in enumerate(reversed(severities_at_least("info")))}
    return sorted(found, key=lambda f: (order[f.severity], f.title))


def recipients_for(config: NotificationSettings) -> list[str]:
    if config.email_recipients.strip():
        return [
            r.strip() for r in config.email_recipients.replace("\n", ",").split(",") if r.strip()
        ]
    return list(
        Membership.objects.filter(
            organization_id=config.organization_id, role=Role.SECURITY_OFFICER
        ).values_list("user__email", flat=True)
    )


def notifications_dispatch(*, run_id: int) -> None:
    """Send the notification task for a run; without a broker, notify in this process."""
    from kombu.exceptions import OperationalError as BrokerError

    from bollwerk.checks.tasks import notify_run_task

    try:
        notify_run_task.apply_async(
            kwargs={"run_id": run_id}, retry=False, queue=settings.BOLLWERK_CHECK_QUEUE
        )
    except (BrokerError, OSError) as exc:
        logger.warning("run %s: queue unreachable (%s); notifying inline", run_id, exc)
        run_notify(run_id=run_id, inline_webhook=True)


def run_notify(*, run_id: int, inline_webhook: bool = False) -> int:
    """E-mail the digest of a run's new findings once; queue the webhook. Returns findings sent."""
    run = CheckRun.objects.select_related("organization").get(pk=run_id)
    config = notification_settings_get(organization=run.organization)
    findings = notified_findings(run=run, minimum=config.min_severity)
    with transaction.atomic():
        claimed = CheckRun.objects.filter(pk=run_id, notified_at=None).update(
            notified_at=timezone.now()
        )
    if not claimed or not findings:
        return 0
    recipients = recipients_for(config)
    if config.email_enabled and recipients:
        send_mail(
            _("Bollwerk: %(n)d new findings from %(check)s")
            % {"n": len(findings), "check": run.check_name},
            _digest_text(run, findings),
            None,
            recipients,
        )
    if config.webhook_url:
        if inline_webhook:
            try:
                webhook_send(run_id=run_id)
            except WebhookError:
                logger.warning("run %s: webhook failed", run_id, exc_info=True)
        else:
            from bollwerk.checks.tasks import send_webhook_task

            send_webhook_task.apply_async(
                kwargs={"run_id": run_id}, queue=settings.BOLLWERK_CHECK_QUEUE
            )
    return len(findings)


def _digest_text(run: CheckRun, findings: list[Finding]) -> str:
    lines = [
        _("The check %(check)s (run %(run)d) for %(org)s found:")
        % {"check": run.check_name, "run": run.pk, "org": run.organization.name},
        "",
    ]
    for f in findings:
        due = f" — {_('due')} {f.due_date.isoformat()}" if f.due_date else ""
        lines.append(f"[{f.get_severity_display()}] {f.title}{due}")
    return "\n".join(lines) + "\n"


def webhook_payload(*, run: CheckRun, findings: list[Finding], timestamp: int) -> dict:
    return {
        "event": "findings.new",
        "timestamp": timestamp,
        "organization": run.organization.slug,
        "check": run.check_name,
        "run": run.pk,
        "findings": [
            {
                "id": f.pk,
                "source": f.source,
                "kind": f.kind,
                "severity": f.severity,
                "title": f.title,
                "status": f.status,
                "due_date": f.due_date.isoformat() if f.due_date else None,
            }
            for f in findings
        ],
    }


def webhook_send(*, run_id: int) -> int:
    """POST the signed payload; raises WebhookError on a network error or a non-2xx answer."""
    run = CheckRun.objects.select_related("organization").get(pk=run_id)
    config = notification_settings_get(organization=run.organization)
    if not config.webhook_url:
        return 0
    findings = notified_findings(run=run, minimum=config.min_severity)
    timestamp = int(time.time())
    body = json.dumps(
        webhook_payload(run=run, findings=findings, timestamp=timestamp),
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    if not config.webhook_url.lower().startswith(("http://", "https://")):
        raise WebhookError("the webhook URL must be http(s)")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        config.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Bollwerk-Webhook/1",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(config.webhook_secret, body),
            "X-Bollwerk-Delivery": f"run-{run.pk}",
        },
    )
    try:
        timeout = settings.BOLLWERK_WEBHOOK_TIMEOUT_S
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            status = answer.status
    except urllib.error.HTTPError as exc:
        raise WebhookError(f"webhook answered {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise WebhookError(f"webhook unreachable: {exc}") from None
    if not 200 <= status < 300:
        raise WebhookError(f"webhook answered {status}")
    return status
