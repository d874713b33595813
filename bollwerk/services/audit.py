"""The audit trail: append events to per-organization hash chains, verify them."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bollwerk.models import AuditChain, AuditEvent, Organization

GENESIS = "0" * 64
INSTANCE_CHAIN = "instance"


@dataclass(frozen=True)
class Actor:
    """Who is acting now: a user (web/API) or a named system actor (command, task)."""

    user_id: int | None
    label: str
    ip: str | None = None


SYSTEM = Actor(user_id=None, label="system")
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("bollwerk_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Attribute every audit event inside the block to ``actor``."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def actor_for_user(user, ip: str | None = None) -> Actor:
    return Actor(user_id=user.pk, label=user.email, ip=ip)


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def event_digest(*, prev_hash: str, fields: dict) -> str:
    """SHA-256 over the previous hash and the canonical JSON of an event's content."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _content(event: AuditEvent) -> dict:
    return {
        "chain": event.chain_key,
        "seq": event.seq,
        "organization": event.organization_id,
        "created_at": event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "changes": event.changes,
        "ip": event.ip_address,
    }


def chain_key_for(org: Organization | int | None) -> str:
    if org is None:
        return INSTANCE_CHAIN
    return f"org:{org if isinstance(org, int) else org.pk}"


def audit_record(
    *,
    action: str,
    organization: Organization | int | None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    changes: dict | None = None,
    actor: Actor | None = None,
) -> AuditEvent:
    """Append one event to the organization's chain (or the instance chain).

    Locks the chain head, so concurrent writers get consecutive sequence
    numbers; runs inside the caller's transaction when there is one, so an
    event is never kept for a write that was rolled back.
    """
    actor = actor or current_actor()
    org_id = organization if isinstance(organization, int | None) else organization.pk
    key = chain_key_for(org_id)
    with transaction.atomic():
        AuditChain.objects.get_or_create(key=key)
        head = AuditChain.objects.select_for_update().get(key=key)
        event = AuditEvent(
            chain_key=key,
            seq=head.last_seq + 1,
            organization_id=org_id,
            created_at=timezone.now(),
            actor_id=actor.user_id,
            actor_label=actor.label[:255],
            action=action,
            object_type=object_type[:100],
            object_id=str(object_id)[:64],
            object_repr=str(object_repr)[:255],
            changes=_jsonable(changes or {}),
            ip_address=actor.ip,
            prev_hash=head.last_hash,
        )
        event.hash = event_digest(prev_hash=event.prev_hash, fields=_content(event))
        event.save(force_insert=True)
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass
class ChainReport:
    events: int
    ok: bool
    first_broken: dict | None


def audit_verify(*, organization: Organization | None = None) -> ChainReport:
    """Recompute every hash of one chain (or of all chains) and find the first break.

    Detects an edited event (its hash no longer matches its content), a
    deleted event (a gap in the sequence or a predecessor-hash mismatch) and
    deleted tail events (the chain head points past the last event).
    """
    heads = AuditChain.objects.all()
    if organization is not None:
        heads = heads.filter(key=chain_key_for(organization))
    count = 0
    for head in heads.order_by("key"):
        prev_hash, expected_seq = GENESIS, 1
        events = (
            AuditEvent.objects.filter(chain_key=head.key).order_by("seq").iterator(chunk_size=2000)
        )
        for event in events:
            count += 1
            problem = None
            if event.seq != expected_seq:
                problem = f"event #{expected_seq} is missing (next present is #{event.seq})"
            elif event.prev_hash != prev_hash:
                problem = "its predecessor hash does not match the previous event"
            elif event_digest(prev_hash=event.prev_hash, fields=_content(event)) != event.hash:
                problem = "its content does not match its hash (edited)"
            if problem:
                missing = event.seq != expected_seq
                return ChainReport(
                    count,
                    False,
                    _broken(
                        head.key,
                        expected_seq if missing else event.seq,
                        None if missing else event.pk,
                        problem,
                    ),
                )
            prev_hash, expected_seq = event.hash, event.seq + 1
        if head.last_seq != expected_seq - 1 or head.last_hash != prev_hash:
            problem = f"the chain head expects {head.last_seq} events, found {expected_seq - 1}"
            return ChainReport(count, False, _broken(head.key, expected_seq, None, problem))
    return ChainReport(count, True, None)


def _broken(chain: str, seq: int, event_id: int | None, problem: str) -> dict:
    return {"chain": chain, "seq": seq, "event_id": event_id, "problem": problem}
