"""Compliance report: classification statement, explained scores, assessments, evidence, gaps.

Reads the compliance app through its selectors and services only. Scores
come from ``compliance.services.scores.org_score`` (the same formula and
breakdown as the compliance pages); charts are drawn by ``compliance.svg``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import selectors as cs
from compliance.models import ClassificationRecord, ControlAssessment
from compliance.services.classification import (
    classification_as_json,
    entity_facts,
    legal_entity_default,
    record_as_dict,
)
from compliance.services.scores import OrgScore, org_score
from reports.sections import (
    Column,
    EvidenceFile,
    Fact,
    Facts,
    Figure,
    NoData,
    Paragraph,
    Row,
    Section,
    SectionContext,
    Table,
    register,
    register_evidence,
)

ORDER = {"classification": 20, "duties": 30, "assessments": 40, "evidence": 50, "gaps": 60}


def _lang(ctx: SectionContext) -> str:
    return "de" if ctx.language.startswith("de") else "en"


def _today(ctx: SectionContext):
    """The report's day in the instance's time zone (evidence validity, score)."""
    return timezone.localtime(ctx.as_of).date()


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


# --- classification ------------------------------------------------------------------
def _classification(ctx: SectionContext) -> tuple[dict, bool]:
    """The newest stored record as a dict, or one computed live (not stored); and whether stored."""
    record = cs.classification_current(org=ctx.organization)
    if record is not None:
        return record_as_dict(record, _lang(ctx)), True
    from compliance.classification import classify

    entity = legal_entity_default(org=ctx.organization)
    result = classification_as_json(classify(entity_facts(entity=entity)))
    live = ClassificationRecord(result=result, legal_entity=entity, computed_at=ctx.as_of)
    return record_as_dict(live, _lang(ctx)), False


@register("compliance", key="classification", order=ORDER["classification"])
def classification_statement(ctx: SectionContext) -> Section:
    """Category, route, authorities, deadlines, the reasoning steps and the open questions."""
    data, stored = _classification(ctx)
    facts = Facts(
        [
            Fact(_("Legal entity"), data["legal_entity"]),
            Fact(_("NIS2 category"), data["category"]),
            Fact(_("Registration route"), ", ".join(data["routes"]) or data["route"]),
            Fact(_("CER critical entity"), _("yes") if data["cer_critical"] else _("no")),
            Fact(_("Competent authorities"), "; ".join(data["authorities"]) or "—"),
            Fact(_("Applicable duties"), len(data["duties"])),
            Fact(_("Catalogue version"), data["catalogue_version"]),
            Fact(
                _("Classified"),
                data["computed_at"][:16].replace("T", " ")
                if stored
                else _("computed for this report (no stored classification)"),
            ),
            Fact(_("Complete"), _("yes") if data["complete"] else _("no – open questions below")),
        ]
    )
    blocks: list = [facts]
    blocks.append(
        Table(
            [Column("text", _("Deadline")), Column("due", _("Due"))],
            [Row({"text": d["text"], "due": d["due"] or "—"}) for d in data["deadlines"]],
            caption=_("Deadlines"),
            row_level=False,
        )
    )
    blocks.append(
        Table(
            [Column("step", "#"), Column("text", _("Reasoning")), Column("rule", _("Rule"))],
            [
                Row({"step": i, "text": s["text"], "rule": s["rule"]})
                for i, s in enumerate(data["reasons"], 1)
            ],
            caption=_("How the classification was reached"),
            row_level=False,
        )
    )
    if data["open_questions"]:
        blocks.append(
            Table(
                [Column("question", _("Open question")), Column("outcomes", _("Possible answers"))],
                [
                    Row({"question": q["question"], "outcomes": "; ".join(q["outcomes"])})
                    for q in data["open_questions"]
                ],
                caption=_("Open questions"),
                row_level=False,
            )
        )
    return Section(title=_("NIS2/CER classification"), blocks=blocks)


# --- scores --------------------------------------------------------------------------
@dataclass
class _ScoreData:
    score: OrgScore
    duties: dict  # duty_id → Duty
    controls: dict  # control_id → Control
    assessments: dict  # control_id → ControlAssessment


@lru_cache(maxsize=4)
def _scores(ctx: SectionContext) -> _ScoreData:
    """The organization's score and catalogue rows, computed once per report (ctx is unique)."""
    version = cs.catalogue_current()
    duties = {d.duty_id: d for d in cs.duty_list(version=version)}
    controls = {c.control_id: c for d in duties.values() for c in d.controls.all()}
    score = org_score(org=ctx.organization, today=_today(ctx))
    assessments = {a.control.control_id: a for a in cs.assessment_list(org=ctx.organization)}
    return _ScoreData(score, duties, controls, assessments)


def _title(obj, ctx: SectionContext, field: str = "title") -> str:
    return getattr(obj, f"{field}_{_lang(ctx)}", "") if obj is not None else ""


@register("compliance", key="duties", order=ORDER["duties"])
def scores_section(ctx: SectionContext) -> Section:
    """Overall score, per duty and per Art. 21(2) measure, the trend, and each control's breakdown."""
    data = _scores(ctx)
    result = data.score.result
    duty_items = [(d, s) for d, s in result.duties.items()]
    blocks: list = [
        Facts(
            [
                Fact(_("Overall score"), _score(result.overall)),
                Fact(_("Scored controls"), len(result.controls)),
                Fact(_("Not applicable (left out)"), len(result.excluded)),
                Fact(
                    _("Classified"),
                    _("yes") if data.score.classified else _("no – every duty counts"),
                ),
                Fact(_("Catalogue version"), data.score.catalogue_version),
            ]
        ),
        Paragraph(
            _(
                "Control score = min(status points, evidence cap, signal cap); status points: "
                "implemented 1, partly 0.5, otherwise 0; evidence cap 0.5 without evidence valid "
                "today; signal cap 0.5 when the control's automatic signal failed. Duty score = "
                "100 · Σ weight·score / Σ weight (statutory 3, derived 2, recommended 1); measure "
                "score = mean of its duties; overall = weighted mean of the duties."
            )
        ),
        Figure(
            "score_bars",
            _("Score per duty"),
            {"items": [(d, s.score) for d, s in duty_items]},
        ),
        Figure(
            "score_bars",
            _("Score per Art. 21(2) measure"),
            {"items": [(f"Art. 21(2)({m})", v) for m, v in result.measures.items()]},
        ),
    ]
    snapshots = list(cs.snapshot_list(org=ctx.organization, days=365))
    if snapshots:
        blocks.append(
            Figure(
                "trend_line",
                _("Overall score over time"),
                {"points": [(s.date, s.overall) for s in snapshots], "width": 480},
            )
        )
    blocks.append(
        Table(
            [
                Column("duty", _("Duty")),
                Column("title", _("Title")),
                Column("measure", _("Measure")),
                Column("score", _("Score")),
                Column("weight", _("Weight")),
                Column("controls", _("Controls")),
            ],
            [
                Row(
                    {
                        "duty": d,
                        "title": _title(data.duties.get(d), ctx),
                        "measure": s.measure or "—",
                        "score": _score(s.score),
                        "weight": s.weight,
                        "controls": len(s.controls),
                    }
                )
                for d, s in duty_items
            ],
            caption=_("Scores per duty"),
            row_level=False,
        )
    )
    blocks.append(_breakdown_table(result))
    return Section(title=_("Duties and scores"), blocks=blocks)


def _breakdown_table(result) -> Table:
    """Every scored control: the inputs of the formula and its share of the overall score."""
    limited = {"evidence": _("evidence"), "signal": _("signal")}
    rows = [
        Row(
            {
                "control": c.control_id,
                "status": _status_label(c.input.status),
                "points": f"{c.points:g}",
                "evidence": f"{c.evidence_cap:g} ({_evidence_label(c.input.evidence_state)})",
                "signal": f"{c.signal_cap:g}"
                + (f" ({c.input.signal_state})" if c.input.signal_id else ""),
                "score": f"{c.score:g} × {c.weight}",
                "contribution": f"{c.contribution:.2f}",
                "limited": ", ".join(limited[r] for r in c.limited_by) or "—",
            }
        )
        for c in result.controls.values()
    ]
    columns = [
        Column("control", _("Control"), width="16%"),
        Column("status", _("Status"), width="14%"),
        Column("points", _("Points"), width="8%"),
        Column("evidence", _("Evidence cap"), width="15%"),
        Column("signal", _("Signal cap"), width="14%"),
        Column("score", _("Score × weight"), width="11%"),
        Column("contribution", _("Points of overall"), width="10%"),
        Column("limited", _("Capped by"), width="12%"),
    ]
    return Table(columns, rows, caption=_("How each control is scored"), compact=True)


def _status_label(status: str) -> str:
    try:
        return str(ControlAssessment.Status(status).label)
    except ValueError:
        return status


def _evidence_label(state: str) -> str:
    return {"valid": _("valid"), "expired": _("expired"), "missing": _("missing")}.get(state, state)


# --- assessments, evidence, gaps -----------------------------------------------------------
def _owner(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.email


@register("compliance", key="assessments", order=ORDER["assessments"])
def assessments_section(ctx: SectionContext) -> Section:
    """Every current control assessment: status, owner, due date and notes (free text)."""
    data = _scores(ctx)
    rows = []
    for control_id, a in data.assessments.items():
        scored = data.score.result.controls.get(control_id)
        rows.append(
            Row(
                {
                    "control": control_id,
                    "statement": _title(a.control, ctx, "statement"),
                    "status": a.get_status_display(),
                    "owner": _owner(a.owner),
                    "due": a.due_date,
                    "notes": "\n".join(x for x in (a.notes, a.justification) if x),
                    "score": "–" if scored is None else f"{scored.score:g}",
                }
            )
        )
    if not rows:
        return Section(_("Control assessments"), [NoData(_("No control has been assessed yet."))])
    counts: dict[str, int] = {}
    for a in data.assessments.values():
        counts[a.get_status_display()] = counts.get(a.get_status_display(), 0) + 1
    columns = [
        Column("control", _("Control"), width="13%"),
        Column("statement", _("Statement"), width="37%"),
        Column("status", _("Status"), width="11%"),
        Column("owner", _("Owner"), width="10%"),
        Column("due", _("Due"), width="10%"),
        Column("notes", _("Notes"), width="19%"),
    ]
    return Section(
        title=_("Control assessments"),
        blocks=[
            Facts([Fact(k, v) for k, v in sorted(counts.items())]),
            Table(columns, rows, compact=True),
        ],
    )


@register("compliance", key="evidence", order=ORDER["evidence"])
def evidence_section(ctx: SectionContext) -> Section:
    """The evidence index: what, for which control, SHA-256, validity."""
    today = _today(ctx)
    items = list(cs.evidence_list(org=ctx.organization).order_by("assessment__control__position"))
    if not items:
        return Section(_("Evidence"), [NoData(_("No evidence has been recorded yet."))])
    rows = []
    valid = 0
    for e in items:
        ok = cs.evidence_is_valid(e, today)
        valid += ok
        rows.append(
            Row(
                {
                    "control": e.assessment.control.control_id,
                    "title": e.title,
                    "kind": e.get_kind_display(),
                    "where": e.filename or e.url or e.source or e.run_ref,
                    "sha256": e.sha256 or "—",
                    "valid": f"{e.valid_from} – {cs.evidence_expires(e)}",
                    "state": _("valid") if ok else _("not valid today"),
                }
            )
        )
    columns = [
        Column("control", _("Control"), width="12%"),
        Column("title", _("Evidence"), width="15%"),
        Column("kind", _("Kind"), width="7%"),
        Column("where", _("File or link"), width="20%"),
        Column("sha256", "SHA-256", width="20%"),
        Column("valid", _("Validity"), width="16%"),
        Column("state", _("State"), width="10%"),
    ]
    summary = Facts(
        [
            Fact(_("Evidence items"), len(items)),
            Fact(_("Valid today"), valid),
            Fact(_("Expired or not yet valid"), len(items) - valid),
        ]
    )
    return Section(title=_("Evidence"), blocks=[summary, Table(columns, rows, compact=True)])


@register("compliance", key="gaps", order=ORDER["gaps"])
def gaps_section(ctx: SectionContext) -> Section:
    """Open controls, largest gain of the overall score first (the scoring's largest-gains list)."""
    data = _scores(ctx)
    gains = data.score.result.largest_gains()
    if not gains:
        return Section(
            _("Gaps"), [NoData(_("No open control: every counted control scores fully."))]
        )
    rows = []
    for c in gains:
        a = data.assessments.get(c.control_id)
        rows.append(
            Row(
                {
                    "control": c.control_id,
                    "duty": c.input.duty_id,
                    "status": _status_label(c.input.status),
                    "evidence": _evidence_label(c.input.evidence_state),
                    "gain": f"+{c.gain:.2f}",
                    "owner": _owner(a.owner) if a else "—",
                    "due": a.due_date if a else None,
                }
            )
        )
    columns = [
        Column("control", _("Control"), width="15%"),
        Column("duty", _("Duty"), width="14%"),
        Column("status", _("Status"), width="16%"),
        Column("evidence", _("Evidence"), width="11%"),
        Column("gain", _("Gain if implemented (points)"), width="14%"),
        Column("owner", _("Owner"), width="16%"),
        Column("due", _("Due"), width="14%"),
    ]
    total = sum(c.gain for c in gains)
    return Section(
        title=_("Gaps"),
        intro=_("Open controls ordered by how many points of the overall score they would add."),
        blocks=[
            Facts([Fact(_("Open controls"), len(gains)), Fact(_("Points open"), f"{total:.1f}")]),
            Table(columns, rows, compact=True),
        ],
    )


def evidence_files(ctx: SectionContext) -> list[EvidenceFile]:
    """Uploaded evidence files for the audit pack (links and machine records have no file)."""
    files = []
    for e in cs.evidence_list(org=ctx.organization).exclude(file=""):
        try:
            with e.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            continue
        media = "text/plain" if (e.filename or "").endswith((".txt", ".csv", ".md")) else ""
        name = f"{e.assessment.control.control_id}-{e.filename or e.sha256[:12]}"
        files.append(EvidenceFile(name, content, media or "application/octet-stream"))
    return files


register_evidence("compliance-evidence", evidence_files)
