"""Display helpers shared by the pages and the dashboard panel (no queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.clocks import Obligation, State

from .models import STAGE_CHOICES

STAGE_LABELS = dict(STAGE_CHOICES)
STATE_BADGES = {
    State.NOT_DUE: "",
    State.DUE: "medium",
    State.OVERDUE: "critical",
    State.SUBMITTED_ON_TIME: "ok",
    State.SUBMITTED_LATE: "high",
}
STATE_LABELS = {
    State.NOT_DUE: gettext_lazy("not due yet"),
    State.DUE: gettext_lazy("due"),
    State.OVERDUE: gettext_lazy("overdue"),
    State.SUBMITTED_ON_TIME: gettext_lazy("submitted on time"),
    State.SUBMITTED_LATE: gettext_lazy("submitted late"),
}


def format_remaining(seconds: float) -> str:
    """``2 d 03:14`` style; negative values read "overdue by …" (mirrors countdown.js)."""
    overdue = seconds < 0
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if days:
        text = f"{days} d {text}"
    return _("overdue by %(t)s") % {"t": text} if overdue else text


@dataclass(frozen=True)
class ObligationRow:
    """One obligation as a table row."""

    obligation: Obligation
    label: str
    recipient: str
    note: str
    state_label: str
    badge: str
    remaining: str
    running: bool

    @property
    def stage(self) -> str:
        return self.obligation.stage.value


def obligation_rows(obligations, now: dt.datetime) -> list[ObligationRow]:
    """Rows in the current language; ``running`` when the clock is due or overdue."""
    german = (translation.get_language() or "en").startswith("de")
    rows = []
    for o in obligations:
        running = o.required and o.state in (State.DUE, State.OVERDUE) and o.due_at is not None
        rows.append(
            ObligationRow(
                obligation=o,
                label=str(STAGE_LABELS[o.stage.value]),
                recipient=o.recipient_de if german else o.recipient_en,
                note=o.note_de if german else o.note_en,
                state_label=str(STATE_LABELS[o.state]),
                badge=STATE_BADGES[o.state],
                remaining=format_remaining((o.due_at - now).total_seconds()) if running else "",
                running=running,
            )
        )
    return rows


def clocks_panel_rows(*, org, now: dt.datetime) -> list[dict]:
    """Context rows for ``partials/_clocks_panel.html`` (the dashboard includes it with these).

    Each row: incident, label (report name), obligation, remaining (server-rendered text).
    """
    from .selectors import open_clocks

    return [
        {
            "incident": clock.incident,
            "label": STAGE_LABELS[clock.obligation.stage.value],
            "obligation": clock.obligation,
            "remaining": format_remaining((clock.obligation.due_at - now).total_seconds()),
        }
        for clock in open_clocks(org=org, now=now)
    ]
