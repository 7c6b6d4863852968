"""Early warnings (``warnings:`` in norms.yaml): who is sliding, before the month is lost.

Pure: takes the config, the report and the canonical rows; returns :class:`EarlyHit` s.

Judged per manager on every metric of the report with a plan or a norm for them, except a
lower-is-better one (missed calls: a limit, not a pace) and a ratio (the average deal has no
pace). The period is the report's; the working days are the manager's own (an absence is
not their working day: it neither breaks a run nor counts in it, and it shifts their D-th
day). A working day counts once it is over at the as-of moment (``calendar.hours``).

- **Below pace** at the end of a working day: the cumulative fact from the period start up
  to the end of that day is under ``status.green`` × the plan to date for that day (the day's
  light would not be green). The plan to date is the scorecard's: a month's plan spread over
  the manager's working days of that month, a norm times their working days.
- ``below_pace_days: N`` fires when the manager was below pace at the end of each of their
  last N complete working days of the period; the hit gives the whole run of such days
  ending on the last complete one (N or more dates).
- ``by_day: D, below: X`` fires once the manager's D-th working day of the period is over
  and the cumulative fact at its end was under X × the whole period's plan; the date is
  that day.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from ropkit.calendar import WorkCalendar
from ropkit.config import Config, EarlyWarning, ManagerConfig
from ropkit.metrics import MetricDef, compile_metric, fact_columns, select_rows
from ropkit.periods import Period, month_workdays, months_between, work_time

# the scorecard's own target resolution and absences, so a plan here is the report's plan
from ropkit.scorecard import Report, Targets, absence_days
from ropkit.sources.load import Dataset
from ropkit.trends import EarlyHit

#: a hair of tolerance, as the light has, so that a fact exactly on the line is on it
_EPS = 1e-9


def early_warnings(
    config: Config, report: Report, dataset: Dataset, calendar: WorkCalendar
) -> list[EarlyHit]:
    """The ``warnings:`` rules that fired, per manager (in the report's order), rule (in the
    config's order) and metric (in the report's order)."""
    rules = config.data.warnings
    if not rules:
        return []
    period = report.period
    lang = config.data.language
    paced = [
        compile_metric(m.id, config.metrics[m.id], lang)
        for m in report.metrics
        if not m.lower_is_better
    ]
    paced = [m for m in paced if m.table is not None and m.table in dataset.tables]
    running = {m.id: _running_facts(m, dataset.tables[str(m.table)], period) for m in paced}
    targets = Targets(config)
    configured = {m.name: m for m in config.data.managers}
    green = config.data.status.green
    hits: list[EarlyHit] = []
    for card in report.managers:
        man = configured.get(card.name)
        off = absence_days(man)
        wt = work_time(period, calendar, off)
        workdays = list(wt.total)
        done = sum(1 for d in workdays if wt.elapsed[d] >= wt.total[d] - _EPS and wt.total[d] > 0)
        found: dict[tuple[int, str], EarlyHit] = {}
        # the manager's working days of each month, less their absences (a month plan's base)
        bases = _Bases(calendar, off)
        for m in paced:
            rates = _day_plans(m, man, targets, period, wt.total, bases)
            if rates is None:
                continue  # no plan and no norm for this manager
            plan_cum = np.cumsum(rates)
            fact_cum = _at_workdays(running[m.id].get(card.name), workdays, period.start)
            for i, rule in enumerate(rules):
                hit = _judge(rule, card.name, m.id, workdays, done, fact_cum, plan_cum, green)
                if hit is not None:
                    found[(i, m.id)] = hit
        order = {m.id: n for n, m in enumerate(paced)}
        hits += [found[k] for k in sorted(found, key=lambda k: (k[0], order[k[1]]))]
    return hits


def _judge(
    rule: EarlyWarning,
    name: str,
    metric: str,
    workdays: list[date],
    done: int,
    fact_cum: np.ndarray,
    plan_cum: np.ndarray,
    green: float,
) -> EarlyHit | None:
    """One rule on one manager's metric: ``fact_cum`` and ``plan_cum`` at the end of each of
    their working days, the first ``done`` of which are over."""
    if rule.below_pace_days is not None:
        run = 0
        for i in range(done - 1, -1, -1):  # back from the last complete day
            plan = plan_cum[i]
            if not (plan > 0 and fact_cum[i] / plan < green - _EPS):
                break
            run += 1
        if run < rule.below_pace_days:
            return None
        last = done - 1
        params = {
            "below_pace_days": float(rule.below_pace_days),
            "run": float(run),
            "fact": float(fact_cum[last]),
            "plan_to_date": float(plan_cum[last]),
            "attainment": float(fact_cum[last] / plan_cum[last]),
        }
        return EarlyHit(name, "below_pace_days", metric, workdays[done - run : done], params)
    assert rule.by_day is not None and rule.below is not None
    day = rule.by_day - 1
    whole = float(plan_cum[-1]) if len(plan_cum) else 0.0
    if day >= done or whole <= 0:
        return None  # the D-th working day is not over yet (or the period has no plan)
    share = float(fact_cum[day]) / whole
    if share >= rule.below - _EPS:
        return None
    params = {
        "by_day": float(rule.by_day),
        "below": rule.below,
        "fact": float(fact_cum[day]),
        "plan": whole,
        "share": share,
        # as every output shows a share: whole percent rounded down (39.9% reads 39%)
        "shown": math.floor(share * 100 + _EPS) / 100,
    }
    return EarlyHit(name, "by_day", metric, [workdays[day]], params)


def _running_facts(m: MetricDef, frame: pd.DataFrame, period: Period) -> dict[str, np.ndarray]:
    """manager -> their running fact at the end of each calendar day of the period (index 0 is
    the period's first day), up to the as-of moment: from the rows behind the report's facts,
    binned by manager and day in one vectorised pass over the table."""
    assert m.date is not None
    rows = select_rows(m, frame, period.start_at, period.fact_until, [*fact_columns(m), m.date])
    span = (period.end - period.start).days + 1
    codes, names = pd.factorize(rows["manager"].astype("category"), sort=False)
    start = np.datetime64(period.start, "D")
    day = (rows[m.date].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]") - start).astype(
        np.int64
    )
    if m.agg == "sum":
        values = rows[str(m.column)].to_numpy(dtype=float, na_value=0.0)
    else:
        values = np.ones(len(rows))
    bins = np.bincount(codes * span + day, weights=values, minlength=len(names) * span)
    running = np.cumsum(bins.reshape(len(names), span), axis=1)
    return {str(name): running[i] for i, name in enumerate(names)}


def _at_workdays(running: np.ndarray | None, workdays: list[date], first: date) -> np.ndarray:
    """The running fact at the end of each working day (what was done on a day off counts by
    the end of the next working day)."""
    if running is None:
        return np.zeros(len(workdays))
    return np.array([running[(d - first).days] for d in workdays], dtype=float)


def _day_plans(
    m: MetricDef,
    man: ManagerConfig | None,
    targets: Targets,
    period: Period,
    weights: dict[date, float],
    bases: _Bases,
) -> np.ndarray | None:
    """The plan of each of the manager's working days of the period, as the scorecard spreads
    it: the month's target ÷ the manager's working days of that month (a month without a
    target adds nothing), else the daily norm; None with neither."""
    months = {
        (y, mo): targets.month_plan(man, m.id, y, mo)
        for y, mo in months_between(period.start, period.end)
    }
    if any(v is not None for v in months.values()):
        rates = []
        for d, weight in weights.items():
            key = (d.year, d.month)
            target = months[key]
            if target is None:
                rates.append(0.0)
                continue
            rates.append(target * weight / bases.of(key))
        return np.array(rates, dtype=float)
    norm = targets.norm(man, m.id)
    if norm is None:
        return None
    return np.array([norm * w for w in weights.values()], dtype=float)


class _Bases:
    """A manager's working days of each whole month, less their absences: what a month's
    plan is spread over (counted once per month, whatever the number of metrics)."""

    def __init__(self, calendar: WorkCalendar, off: frozenset[date]) -> None:
        self.calendar, self.off = calendar, off
        self.known: dict[tuple[int, int], int] = {}

    def of(self, month: tuple[int, int]) -> int:
        if month not in self.known:
            self.known[month] = month_workdays(*month, self.calendar, self.off)
        return self.known[month]
