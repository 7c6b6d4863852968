"""The JSON document for machines: every number of the report, rounded to the kopeck."""

from __future__ import annotations

import json
from typing import Any

from ropkit.commitments import Judged
from ropkit.regulations import Check, LargeDeal
from ropkit.render.text import notice_text
from ropkit.scorecard import MetricResult, Report, Scorecard
from ropkit.training import Training
from ropkit.trends import Change, TrendPoint


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


def _card(card: Scorecard, changes: dict[str, dict[str, Change]] | None = None) -> dict[str, Any]:
    """A manager's or the team's row; ``changes`` (``prev`` / ``year_ago`` -> metric ->
    change) adds each metric's earlier fact and its change (``--compare``)."""
    changes = changes or {}
    return {
        "name": card.name,
        "mode": card.mode,
        "workdays": rounded(card.workdays, 4),
        "workdays_elapsed": rounded(card.workdays_elapsed, 4),
        "metrics": {
            mid: _metric(r) | {key: _change(by[mid]) for key, by in changes.items() if mid in by}
            for mid, r in card.metrics.items()
        },
    }


#: --compare's keys as the JSON names them
COMPARE_KEY = {"prev": "prev", "year": "year_ago"}


def _change(c: Change) -> dict[str, Any]:
    """The earlier fact, the change as a share (0.125 is +12.5%) and its direction."""
    return {"fact": rounded(c.then), "change": rounded(c.change, 4), "direction": c.direction}


def _changes_of(report: Report, name: str | None) -> dict[str, dict[str, Change]]:
    """A manager's (None: the team's) changes per --compare key."""
    return {
        COMPARE_KEY.get(key, key): cmp.team if name is None else cmp.managers.get(name, {})
        for key, cmp in report.changes.items()
    }


def which_way(report: Report) -> dict[str, Any]:
    """``compare``: the earlier period of each --compare key (aligned by working day);
    ``trend``: the attainment of its metric over the last periods, oldest first."""
    compare = {}
    for key, then in report.comparisons.items():
        p = then.period
        compare[COMPARE_KEY.get(key, key)] = {
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "as_of": p.as_of.isoformat(timespec="seconds"),
            "workdays": rounded(then.workdays, 4),
            "workdays_elapsed": rounded(then.workdays_elapsed, 4),
        }
    trend = report.trend

    def points(line: list[TrendPoint]) -> list[dict[str, Any]]:
        return [
            {
                "start": x.start.isoformat(),
                "end": x.end.isoformat(),
                "attainment": rounded(x.attainment, 4),
            }
            for x in line
        ]

    return {
        "compare": compare,
        "trend": None
        if trend is None
        else {
            "metric": trend.metric,
            "managers": {name: points(line) for name, line in trend.managers.items()},
            "team": points(trend.team),
        },
    }


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    p = report.period
    team = _card(report.team, _changes_of(report, None))
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
        "managers": [
            _card(c, _changes_of(report, c.name)) | _gap(report, c.name) for c in report.managers
        ],
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
        "early_warnings": early_warnings(report),
        **which_way(report),
        **controls(report),
    }


def _gap(report: Report, name: str) -> dict[str, Any]:
    """A manager behind on revenue: the gap split (parts add up to the total in kopecks)."""
    g = report.gaps.get(name)
    if g is None:
        return {}
    parts = {"activity": g.activity, "conversion": g.conversion, "avg_check": g.avg_check}
    shown = {k: rounded(v) for k, v in {"total": g.total, **parts}.items()}
    return {"gap": shown | {"activity_metric": g.activity_metric, "main": g.biggest}}


def early_warnings(report: Report) -> list[dict[str, Any]]:
    """The early warnings that fired: manager, rule, metric, the working days it speaks of
    and the rule's figures (``below_pace_days``, ``run``, ``fact``, ``plan_to_date``…)."""
    return [
        {
            "manager": h.manager,
            "rule": h.rule,
            "metric": h.metric,
            "dates": [d.isoformat() for d in h.dates],
            "params": {k: rounded(v, 4) for k, v in h.params.items()},
        }
        for h in report.early_warnings
    ]


def controls(report: Report) -> dict[str, Any]:
    """The regulations (per rule and manager, and every violation with its row), the large
    deals and the training cadence."""
    regs = report.regulations
    return {
        "regulations": {
            rule: {name: _check(c) for name, c in r.managers.items()}
            for rule, r in regs.rules.items()
        },
        "regulations_team": {rule: _check(r.team) for rule, r in regs.rules.items()},
        "violations": [
            {
                "rule": v.rule,
                "manager": v.manager,
                "subject": v.subject,
                "at": v.at.isoformat(timespec="seconds"),
                "reason": v.reason,
                "value": rounded(v.value),
                "file": v.file,
                "row": v.row,
            }
            for r in regs.rules.values()
            for v in r.violations
        ],
        "large_deals": [large_deal(d) for d in regs.large_deals],
        "training": [training(x) for x in report.training],
    }


def _check(c: Check) -> dict[str, Any]:
    out: dict[str, Any] = {
        "checked": c.checked,
        "violations": c.violations,
        "status": c.status.value if c.status else None,
    }
    if c.median is not None or c.share_ok is not None:
        out |= {"median_minutes": rounded(c.median, 1), "share_ok": rounded(c.share_ok, 4)}
    return out


def large_deal(d: LargeDeal) -> dict[str, Any]:
    return {
        "id": d.id,
        "manager": d.manager,
        "amount": rounded(d.amount),
        "stage": d.stage,
        "stage_days": d.stage_days,
        "last_activity": d.last_activity.isoformat(timespec="seconds") if d.last_activity else None,
        "days_since_activity": d.days_since_activity,
        "quiet": d.quiet,
        "file": d.file,
        "row": d.row,
    }


def training(x: Training) -> dict[str, Any]:
    return {
        "manager": x.manager,
        "hired": x.hired.isoformat() if x.hired else None,
        "tenure_months": x.tenure_months,
        "every_months": x.every,
        "last_trained": x.last_trained.isoformat() if x.last_trained else None,
        "next_due": x.next_due.isoformat() if x.next_due else None,
        "status": x.status.value,
    }


def daily(report: Report) -> dict[str, Any]:
    """``ropkit daily -f json``: the last working day's scorecard, that day's overdue tasks,
    the large deals and the regulations of that day."""
    day = report.period.start
    window = report.regulations.window
    as_of = window.as_of if window is not None else report.period.as_of
    found = controls(report)
    overdue = report.regulations.rules.get("overdue_tasks")
    team = _card(report.team)
    team.pop("name")
    team.pop("mode")
    return {
        "date": day.isoformat(),
        "as_of": as_of.isoformat(timespec="seconds"),
        "scorecard": {"managers": [_card(c) for c in report.managers], "team": team},
        "overdue_tasks": [
            {
                "manager": v.manager,
                "title": v.subject,
                "deadline": v.at.isoformat(timespec="seconds"),
                "reason": v.reason,
                "file": v.file,
                "row": v.row,
            }
            for v in (overdue.violations if overdue else [])
        ],
        "large_deals": found["large_deals"],
        "regulations": found["regulations"],
        "regulations_team": found["regulations_team"],
        "violations": found["violations"],
        "alerts": [notice_text(n, report.language) for n in report.alerts],
        "warnings": [notice_text(n, report.language) for n in report.warnings],
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
