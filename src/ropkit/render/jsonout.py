"""The JSON document for machines: every number of the report, rounded to the kopeck."""

from __future__ import annotations

import json
from typing import Any

from ropkit.commitments import Judged
from ropkit.render.text import notice_text
from ropkit.scorecard import MetricResult, Report, Scorecard


def rounded(v: float | None, digits: int = 2) -> float | int | None:
    if v is None:
        return None
    rounded = round(v, digits)
    return int(rounded) if rounded == int(rounded) and abs(rounded) < 2**53 else rounded


def _metric(r: MetricResult) -> dict[str, Any]:
    return {
        "fact": rounded(r.fact),
        "plan": rounded(r.plan),
        "plan_to_date": rounded(r.plan_to_date),
        "attainment": rounded(r.attainment, 4),
        "completion": rounded(r.completion, 4),
        "forecast": rounded(r.forecast),
        "needed_per_day": rounded(r.needed_per_day),
        "status": r.status.value if r.status else None,
        "target": r.source,
    }


def _card(card: Scorecard) -> dict[str, Any]:
    return {
        "name": card.name,
        "mode": card.mode,
        "workdays": rounded(card.workdays, 4),
        "workdays_elapsed": rounded(card.workdays_elapsed, 4),
        "metrics": {mid: _metric(r) for mid, r in card.metrics.items()},
    }


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    p = report.period
    team = _card(report.team)
    team.pop("name")
    team.pop("mode")
    return {
        "team_name": report.team_name,
        "language": report.language,
        "currency": report.currency,
        "period": {
            "kind": p.kind.value,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "as_of": p.as_of.isoformat(timespec="seconds"),
            "workdays": rounded(report.workdays, 4),
            "workdays_elapsed": rounded(report.workdays_elapsed, 4),
        },
        "metrics": [
            {"id": m.id, "label": m.label, "unit": m.unit, "lower_is_better": m.lower_is_better}
            for m in report.metrics
        ],
        "managers": [_card(c) for c in report.managers],
        "team": team,
        "rows": {
            table: {
                "read": c.read,
                "used": c.used,
                "rejected": c.rejected,
                "not_on_team": c.not_on_team,
                "reasons": dict(sorted(c.reasons.items())),
            }
            for table, c in report.rows.items()
        },
        "alerts": [notice_text(n, report.language) for n in report.alerts],
        "warnings": [notice_text(n, report.language) for n in report.warnings],
        "commitments_due": [judged(j) for j in report.commitments],
    }


def judged(j: Judged) -> dict[str, Any]:
    """A stand-up commitment that came due: met, unmet or no_answer."""
    e = j.entry
    return {
        "manager": e.manager,
        "metric": e.metric,
        "created": e.created.isoformat(),
        "deadline": e.deadline.isoformat() if e.deadline else None,
        "result": j.result,
        "attainment": rounded(j.attainment, 4),
        "repeat": j.repeat,
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
