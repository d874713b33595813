"""The score: overview, breakdown to the controls, largest gains, how it works."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bollwerk.views.decorators import requires
from compliance import scoring, svg
from compliance.catalogue import SIGNALS
from compliance.selectors import catalogue_current, duty_list
from compliance.services.scores import org_score


def _lang() -> str:
    return "de" if (get_language() or "en").startswith("de") else "en"


def _duties() -> dict:
    return {d.duty_id: d for d in catalogue_current().duties.all()}


@requires("compliance")
def scores(request):
    """Overall, per measure and per duty scores, each linking to its breakdown; signals."""
    score = org_score(org=request.organization)
    duties = _duties()
    lang = _lang()
    measure_items = [(f"Art. 21(2) {m})", v) for m, v in score.result.measures.items()]
    return render(
        request,
        "compliance/scores.html",
        {
            "score": score,
            "result": score.result,
            "duty_rows": [(duties[d], s) for d, s in score.result.duties.items() if d in duties],
            "measures_svg": svg.score_bars(items=measure_items, title=_("Score per measure")),
            "signals": [
                (
                    sid,
                    SIGNALS[sid].description_de if lang == "de" else SIGNALS[sid].description_en,
                    value,
                )
                for sid, value in score.signals.items()
            ],
            "gains": score.result.largest_gains(10),
            "lang": lang,
        },
    )


@requires("compliance")
def score_breakdown(request):
    """The controls behind a number: all, one duty (``?duty=``) or one measure (``?measure=``)."""
    score = org_score(org=request.organization)
    duty, measure = request.GET.get("duty", ""), request.GET.get("measure", "")
    rows = list(score.result.controls.values())
    excluded = score.result.excluded
    number = score.result.overall
    if duty:
        rows = [c for c in rows if c.input.duty_id == duty]
        excluded = [i for i in excluded if i.duty_id == duty]
        number = score.result.duties[duty].score if duty in score.result.duties else None
    elif measure:
        rows = [c for c in rows if c.input.measure == measure]
        excluded = [i for i in excluded if i.measure == measure]
        number = score.result.measures.get(measure)
    return render(
        request,
        "compliance/score_breakdown.html",
        {
            "rows": rows,
            "excluded": excluded,
            "number": number,
            "duty": duty,
            "measure": measure,
            "duties": _duties(),
            "total_weight": score.result.total_weight,
            "signals": score.signals,
            "lang": _lang(),
        },
    )


@requires("compliance")
def largest_gains(request):
    """Every open control by how much implementing it would raise the overall score."""
    score = org_score(org=request.organization)
    return render(
        request,
        "compliance/gains.html",
        {"gains": score.result.largest_gains(), "result": score.result, "lang": _lang()},
    )


@requires("compliance")
def score_explained(request):
    """How the score works: the formula with the constants in force."""
    return render(
        request,
        "compliance/score_explained.html",
        {
            "status_points": scoring.STATUS_POINTS,
            "weights": scoring.WEIGHTS,
            "evidence_cap": scoring.EVIDENCE_CAP,
            "signal_cap": scoring.SIGNAL_CAP,
            "duties": duty_list(version=catalogue_current()),
            "lang": _lang(),
        },
    )
