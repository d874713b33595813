"""Notifications: an e-mail digest per run and a signed webhook to a real local HTTP server."""

import hashlib
import hmac
import http.server
import json
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from bollwerk.checks import notifications, services
from bollwerk.checks.models import CheckRun
from bollwerk.checks.registry import Candidate, CheckOutcome
from bollwerk.models import Role

pytestmark = pytest.mark.django_db


class Receiver:
    """A webhook receiver on 127.0.0.1 that records requests and answers ``status``."""

    def __init__(self, statuses=(204,)):
        self.requests = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(statuses=(204,)):
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for r in made:
        r.close()


def severities(*levels):
    def run(org, run):
        return CheckOutcome(
            findings=[
                Candidate(
                    kind="k",
                    severity=level,
                    title=f"{level} thing",
                    description="",
                    fingerprint=f"probe:{level}",
                )
                for level in levels
            ]
        )

    return run


def run_probe(org, django_capture_on_commit_callbacks):
    run = CheckRun.objects.create(organization=org, check_name="probe", trigger="manual")
    with django_capture_on_commit_callbacks(execute=True):
        return services.check_run_execute(run_id=run.pk)


def test_new_findings_at_or_above_the_minimum_are_mailed_to_the_security_officers(
    org, member, register_check, eager, django_capture_on_commit_callbacks
):
    officer = member(Role.SECURITY_OFFICER)
    member(Role.VIEWER)
    notifications.notification_settings_update(organization=org, data={"min_severity": "high"})
    register_check("probe", severities("critical", "high", "medium"))
    run_probe(org, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == [officer.email]
    assert "2 new findings from probe" in message.subject
    assert "[Critical] critical thing" in message.body and "[High] high thing" in message.body
    assert "medium thing" not in message.body


def test_a_second_run_with_the_same_findings_sends_nothing(
    org, officer, register_check, eager, django_capture_on_commit_callbacks
):
    register_check("probe", severities("critical"))
    run_probe(org, django_capture_on_commit_callbacks)
    run_probe(org, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_explicit_recipients_replace_the_officers(
    org, officer, register_check, eager, django_capture_on_commit_callbacks
):
    notifications.notification_settings_update(
        organization=org,
        data={"email_recipients": "soc@stadtwerke.example, isb@stadtwerke.example"},
    )
    register_check("probe", severities("critical"))
    run_probe(org, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == ["soc@stadtwerke.example", "isb@stadtwerke.example"]


def test_the_webhook_is_signed_over_the_raw_body_with_the_organizations_secret(
    org, officer, register_check, eager, receiver, django_capture_on_commit_callbacks
):
    hook = receiver()
    config = notifications.notification_settings_update(
        organization=org, data={"webhook_url": hook.url, "min_severity": "critical"}
    )
    register_check("probe", severities("critical", "low"))
    run = run_probe(org, django_capture_on_commit_callbacks)
    [(headers, body)] = hook.requests
    expected = hmac.new(config.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Bollwerk-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert headers["X-Bollwerk-Timestamp"] == str(payload["timestamp"])
    assert (payload["organization"], payload["check"], payload["run"]) == (
        org.slug,
        "probe",
        run.pk,
    )
    assert [f["title"] for f in payload["findings"]] == ["critical thing"]


def test_a_webhook_answered_with_an_error_raises_so_the_task_retries(
    org, register_check, receiver, django_capture_on_commit_callbacks
):
    hook = receiver(statuses=(500,))
    notifications.notification_settings_update(organization=org, data={"webhook_url": hook.url})
    register_check("probe", severities("critical"))
    run = CheckRun.objects.create(organization=org, check_name="probe", trigger="manual")
    services.check_run_execute(run_id=run.pk)
    with pytest.raises(notifications.WebhookError, match="answered 500"):
        notifications.webhook_send(run_id=run.pk)
    assert len(hook.requests) == 1


def test_the_webhook_task_retries_until_the_receiver_accepts(
    org, register_check, receiver, eager, settings, django_capture_on_commit_callbacks
):
    from bollwerk.celery import app

    app.conf.task_eager_propagates = False
    hook = receiver(statuses=(503, 503, 204))
    notifications.notification_settings_update(organization=org, data={"webhook_url": hook.url})
    register_check("probe", severities("critical"))
    run = CheckRun.objects.create(organization=org, check_name="probe", trigger="manual")
    services.check_run_execute(run_id=run.pk)
    from bollwerk.checks.tasks import send_webhook_task

    send_webhook_task.apply(kwargs={"run_id": run.pk})
    assert len(hook.requests) == 3


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_a_webhook_url_must_be_http_or_https(org, url):
    with pytest.raises(ValidationError) as exc:
        notifications.notification_settings_update(organization=org, data={"webhook_url": url})
    assert "webhook_url" in exc.value.message_dict
    assert notifications.notification_settings_get(organization=org).webhook_url == ""
