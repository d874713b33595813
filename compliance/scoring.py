"""The compliance score: a documented, explainable formula (pure Python, no database).

How the score works (also shown on the "How the score works" page)
------------------------------------------------------------------
Only controls of duties that apply to the organization count (the duties
of its classification; all duties until it is classified). A control marked
*not applicable* is left out everywhere (it needs a justification).

1. Status points ``p``: implemented 1, partly implemented 0.5,
   not implemented 0, not assessed 0.
2. Evidence cap ``e``: 1 when the control has at least one evidence item
   valid today; 0.5 when it has none (missing) or only expired or not yet
   valid ones. Evidence is expected for every control (the catalogue names
   what is expected), so an undocumented "implemented" counts at most half.
3. Signal cap ``s``: 0.5 when the control's automatic signal failed; 1 when
   it passed, when there is no data yet, or when the control has no signal.
   A signal never adds points: it can only confirm or cap the assessment.
4. Control score ``c = min(p, e, s)`` (0..1).
5. Legal weight ``w``: statutory 3, derived 2, recommended 1.
6. Duty score = ``100 · Σ w·c / Σ w`` over the duty's counted controls
   (no counted control: no score).
7. Measure score (NIS2 Art. 21(2) a-j) = plain mean of the scores of the
   duties carrying that letter.
8. Overall = mean of the duty scores weighted by each duty's ``Σ w``, which
   equals ``100 · Σ w·c / Σ w`` over all counted controls. So a control's
   contribution to the overall score is ``100 · w·c / W`` points, where
   ``W`` is the total weight.
9. Largest gains: for every control that is not fully scored, the gain if
   its status were set to *implemented* with everything else unchanged:
   ``100 · w · (min(1, e, s) − c) / W`` points, largest first, then by
   legal weight. (Adding a valid evidence item lifts the evidence cap too;
   that is shown as the control's evidence state.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUS_POINTS = {
    "implemented": 1.0,
    "partly": 0.5,
    "not_implemented": 0.0,
    "not_assessed": 0.0,
}
NOT_APPLICABLE = "not_applicable"
WEIGHTS = {"statutory": 3, "derived": 2, "recommended": 1}
EVIDENCE_CAP = 0.5
SIGNAL_CAP = 0.5


@dataclass(frozen=True)
class ControlInput:
    """What the formula needs to know about one control."""

    control_id: str
    duty_id: str
    measure: str
    legal_weight: str
    status: str
    evidence_state: str  # "valid", "expired" or "missing"
    signal_id: str = ""
    signal_state: str = ""  # "passed", "failed", "no_data" or "" (no signal)
    position: int = 0
    assessment_id: int | None = None


@dataclass
class ControlScore:
    """A control's score with every input that made it."""

    input: ControlInput
    points: float
    evidence_cap: float
    signal_cap: float
    score: float
    weight: int
    contribution: float = 0.0  # points of the overall score
    gain: float = 0.0  # points of the overall score if implemented

    @property
    def control_id(self) -> str:
        return self.input.control_id

    @property
    def limited_by(self) -> list[str]:
        """Which caps lower the score below the status points."""
        reasons = []
        if self.evidence_cap < self.points:
            reasons.append("evidence")
        if self.signal_cap < self.points:
            reasons.append("signal")
        return reasons


@dataclass
class DutyScore:
    """A duty's weighted score and the controls behind it."""

    duty_id: str
    measure: str
    score: float | None
    weight: int
    controls: list[ControlScore] = field(default_factory=list)


@dataclass
class ScoreResult:
    """Overall, per duty, per measure and per control; ``None`` where nothing counts."""

    overall: float | None
    total_weight: int
    duties: dict[str, DutyScore]
    measures: dict[str, float | None]
    controls: dict[str, ControlScore]
    excluded: list[ControlInput]

    def largest_gains(self, limit: int | None = None) -> list[ControlScore]:
        """Open controls by the gain of implementing them, then legal weight, then order."""
        open_ = [c for c in self.controls.values() if c.gain > 0]
        open_.sort(key=lambda c: (-c.gain, -c.weight, c.input.position))
        return open_[:limit] if limit else open_

    def summary(self) -> dict:
        """JSON-ready numbers (rounded to 2 decimals) for snapshots and the API."""
        return {
            "overall": _round(self.overall),
            "duties": {d: _round(s.score) for d, s in self.duties.items()},
            "measures": {m: _round(v) for m, v in self.measures.items()},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def control_score(item: ControlInput) -> ControlScore:
    """Steps 1-5 of the formula for one control (not applicable is handled by the caller)."""
    points = STATUS_POINTS[item.status]
    evidence_cap = 1.0 if item.evidence_state == "valid" else EVIDENCE_CAP
    signal_cap = SIGNAL_CAP if item.signal_state == "failed" else 1.0
    return ControlScore(
        input=item,
        points=points,
        evidence_cap=evidence_cap,
        signal_cap=signal_cap,
        score=min(points, evidence_cap, signal_cap),
        weight=WEIGHTS[item.legal_weight],
    )


def score_compute(inputs: list[ControlInput]) -> ScoreResult:
    """Steps 6-9: duty, measure and overall scores, contributions and gains."""
    duties: dict[str, DutyScore] = {}
    controls: dict[str, ControlScore] = {}
    excluded: list[ControlInput] = []
    for item in sorted(inputs, key=lambda i: i.position):
        duty = duties.setdefault(item.duty_id, DutyScore(item.duty_id, item.measure, None, 0))
        if item.status == NOT_APPLICABLE:
            excluded.append(item)
            continue
        scored = control_score(item)
        controls[item.control_id] = scored
        duty.controls.append(scored)
        duty.weight += scored.weight
    total = sum(d.weight for d in duties.values())
    for duty in duties.values():
        if duty.weight:
            duty.score = 100 * sum(c.weight * c.score for c in duty.controls) / duty.weight
    for scored in controls.values():
        scored.contribution = 100 * scored.weight * scored.score / total
        best = min(1.0, scored.evidence_cap, scored.signal_cap)
        scored.gain = 100 * scored.weight * max(best - scored.score, 0.0) / total
    by_measure: dict[str, list[float]] = {}
    for duty in duties.values():
        if duty.measure:
            values = by_measure.setdefault(duty.measure, [])
            if duty.score is not None:
                values.append(duty.score)
    measures = {m: (sum(v) / len(v) if v else None) for m, v in sorted(by_measure.items())}
    overall = (
        sum(d.weight * d.score for d in duties.values() if d.score is not None) / total
        if total
        else None
    )
    return ScoreResult(overall, total, duties, measures, controls, excluded)
