"""The platform's own checks: ``stale_accounts`` and the hidden ``selftest``."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bollwerk.checks.registry import (
    Candidate,
    Check,
    CheckOutcome,
    Crontab,
    Interval,
    ObjectRef,
    register,
)
from bollwerk.models import ApiToken, Membership


def _days(since: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if since is None else (now - since).days


def stale_accounts(org, run) -> CheckOutcome:
    """Members and API tokens unused for BOLLWERK_STALE_ACCOUNT_DAYS; tokens without expiry."""
    now = timezone.now()
    limit = settings.BOLLWERK_STALE_ACCOUNT_DAYS
    cutoff = now - dt.timedelta(days=limit)
    found: list[Candidate] = []
    members = Membership.objects.filter(organization=org).select_related("user")
    for m in members.filter(
        Q(user__last_login__lt=cutoff) | Q(user__last_login=None, created_at__lt=cutoff)
    ):
        days = _days(m.user.last_login, now)
        found.append(
            Candidate(
                kind="stale_account",
                severity="medium",
                title=str(_("Account unused for more than %(d)d days")) % {"d": limit},
                description=(
                    str(_("%(who)s (%(role)s) has not logged in for %(n)d days."))
                    % {"who": m.user.email, "role": m.get_role_display(), "n": days}
                    if days is not None
                    else str(_("%(who)s (%(role)s) has never logged in."))
                    % {"who": m.user.email, "role": m.get_role_display()}
                ),
                fingerprint=f"stale_accounts:user:{org.pk}:{m.user_id}",
                objects=(ObjectRef("bollwerk.user", str(m.user_id), m.user.email),),
            )
        )
    tokens = ApiToken.objects.filter(organization=org, revoked_at=None).select_related("user")
    tokens = tokens.filter(Q(expires_at=None) | Q(expires_at__gt=now))
    for token in tokens:
        ref = ObjectRef("bollwerk.apitoken", str(token.pk), f"{token} ({token.user.email})")
        last = token.last_used_at or token.created_at
        if last < cutoff:
            found.append(
                Candidate(
                    kind="stale_token",
                    severity="medium",
                    title=str(_("API token unused for more than %(d)d days")) % {"d": limit},
                    description=str(_("Token %(t)s of %(who)s was last used %(n)d days ago."))
                    % {"t": token, "who": token.user.email, "n": _days(last, now)},
                    fingerprint=f"stale_accounts:token-unused:{token.pk}",
                    objects=(ref,),
                )
            )
        if token.expires_at is None:
            found.append(
                Candidate(
                    kind="token_without_expiry",
                    severity="low",
                    title=str(_("API token without expiry")),
                    description=str(_("Token %(t)s of %(who)s never expires."))
                    % {"t": token, "who": token.user.email},
                    fingerprint=f"stale_accounts:token-no-expiry:{token.pk}",
                    objects=(ref,),
                )
            )
    return CheckOutcome(
        findings=found,
        counts={"members": members.count(), "tokens": tokens.count()},
        evidence_summary=str(
            _("Reviewed %(m)d accounts and %(t)d API tokens; %(f)d need attention.")
        )
        % {"m": members.count(), "t": tokens.count(), "f": len(found)},
    )


def selftest(org, run) -> CheckOutcome:
    """Does nothing (or sleeps ``params["sleep_s"]``, at most 300 s): the round-trip probe."""
    sleep_s = min(float(run.params.get("sleep_s", 0) or 0), 300.0)
    deadline = time.monotonic() + sleep_s
    while time.monotonic() < deadline:
        time.sleep(min(0.1, deadline - time.monotonic()) if deadline > time.monotonic() else 0)
    return CheckOutcome(counts={"slept_s": sleep_s})


register(
    Check(
        name="stale_accounts",
        title=_("Stale accounts and API tokens"),
        description=_(
            "Members and API tokens unused for a long time, and API tokens that never expire."
        ),
        run=stale_accounts,
        schedule=Crontab("30 5 * * *"),
        controls=("NIS2-21-2-i.3", "NIS2-21-2-i.4"),
        soft_time_limit=120,
        time_limit=180,
    )
)
register(
    Check(
        name="selftest",
        title=_("Self-test (no-op)"),
        description=_("Measures the round trip through the queue and a worker; finds nothing."),
        run=selftest,
        schedule=Interval(seconds=3600),
        hidden=True,
    )
)
