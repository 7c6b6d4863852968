"""Plan vs fact for every manager and the team: the one result object all outputs format.

Pure: takes the config, the period and the canonical rows; returns a :class:`Report`.
Every number an output shows — plan to date, forecast, the traffic light — is decided
here, so the terminal, JSON, Excel and HTML can never disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from ropkit.calendar import WorkCalendar, days
from ropkit.config import Config, ManagerConfig, StatusConfig
from ropkit.errors import RopkitError
from ropkit.managers import Roster
from ropkit.metrics import (
    MetricDef,
    compile_metrics,
    date_span,
    fact_columns,
    facts_of,
    select_rows,
)
from ropkit.periods import Period, WorkTime, month_workdays, months_between, work_time
from ropkit.regulations import Regulations
from ropkit.schema import TABLES
from ropkit.sources.load import Dataset
from ropkit.sources.normalize import MAX_REJECTED, RowCount, over_limit
from ropkit.status import Notice, Status
from ropkit.training import Training

if TYPE_CHECKING:
    from ropkit.commitments import Judged
    from ropkit.gap import Gap
    from ropkit.trends import Comparison, EarlyHit, Trend


@dataclass(frozen=True)
class MetricResult:
    """One metric of one manager (or the team) in the period."""

    fact: float | None  # None only for a ratio with nothing to divide by (no deals: no avg check)
    plan: float | None  # for the whole period
    plan_to_date: float | None  # the part of the plan due by the as-of moment
    forecast: float | None  # the period end at the current pace
    needed_per_day: float | None  # to meet the plan, per remaining working day
    status: Status | None  # None where there is no plan or nothing is due yet
    source: str | None = None  # "plan" (monthly target) or "norm" (per working day)

    @property
    def attainment(self) -> float | None:
        """Fact as a share of the plan to date (what the traffic light judges)."""
        return _share(self.fact, self.plan_to_date)

    @property
    def shown(self) -> float | None:
        """The attainment as every output shows it, in whole percent rounded down (0.8799 is
        87%, 0.999 is 99%: a share short of the plan never reads as 100%). Decided here
        once, so the terminal, HTML and Excel agree to the percent; JSON keeps the exact
        :attr:`attainment`."""
        share = self.attainment
        return None if share is None else math.floor(share * 100 + 1e-9) / 100

    @property
    def completion(self) -> float | None:
        """Fact as a share of the whole period's plan."""
        return _share(self.fact, self.plan)


def _share(fact: float | None, base: float | None) -> float | None:
    if fact is None or base is None or base == 0:
        return None
    return fact / base


@dataclass(frozen=True)
class Scorecard:
    """A manager's (or the team's) row of the report."""

    name: str
    mode: str | None
    workdays: float
    workdays_elapsed: float
    metrics: dict[str, MetricResult]


@dataclass(frozen=True)
class MetricInfo:
    """How to show a metric: its id, label, unit and direction."""

    id: str
    label: str
    unit: str
    lower_is_better: bool
    group: str  # "outcome" (deals: plans) or "activity" (calls, meetings…: norms)

    @classmethod
    def of(cls, m: MetricDef) -> MetricInfo:
        group = "outcome" if m.table in (None, "deals") else "activity"
        return cls(m.id, m.label, m.unit, m.lower_is_better, group)


@dataclass(frozen=True)
class DayPoint:
    """The team on one working day of the period, for a line chart."""

    day: date
    fact: float | None  # cumulative fact by the end of the day; None after the as-of day
    plan: float | None  # the period's plan spread evenly over its working days, cumulative


@dataclass(frozen=True)
class Report:
    """The one result object: everything any output needs, and nothing to compute."""

    team_name: str
    language: str
    currency: str
    period: Period
    workdays: float
    workdays_elapsed: float
    metrics: list[MetricInfo]
    managers: list[Scorecard]
    team: Scorecard
    modes: list[Scorecard]  # subtotals per sales mode (passive, active…) when there are several
    rows: dict[str, RowCount]
    warnings: list[Notice]
    # what must be seen before any figure: most rows of a table rejected, a period outside
    # the data, a calendar without the year's transfers (shown at the top)
    alerts: list[Notice] = field(default_factory=list)
    # metric id -> the rows behind its facts (manager, date, id, client…, file, row), so any
    # figure can be traced to the export; ratios have none of their own
    behind: dict[str, pd.DataFrame] = field(default_factory=dict)
    # metric id -> the team's cumulative fact and plan over the period's working days
    timeline: dict[str, list[DayPoint]] = field(default_factory=dict)
    # the stand-ups' commitments whose deadline has come, judged on this data (see commitments)
    commitments: list[Judged] = field(default_factory=list)
    # the regulations checked for the period (see regulations) and the training cadence
    regulations: Regulations = field(default_factory=Regulations)
    training: list[Training] = field(default_factory=list)
    # each manager behind on revenue: the gap split into activity, conversion, average deal
    gaps: dict[str, Gap] = field(default_factory=dict)
    # "prev" / "year" (--compare): the same figures of the earlier period, aligned by
    # working day (the 12th working day of this month against the 12th of the last)
    comparisons: dict[str, Report] = field(default_factory=dict)
    trend: Trend | None = None  # the attainment over the last periods of this kind
    # "prev" / "year": each figure against the same figure of comparisons[key] (then, change)
    changes: dict[str, Comparison] = field(default_factory=dict)
    early_warnings: list[EarlyHit] = field(default_factory=list)  # `warnings:` that fired

    @property
    def too_many_rejected(self) -> list[str]:
        """Tables with more rows rejected than --max-rejected (said in the alerts)."""
        return [str(n.params["table"]) for n in self.alerts if n.code == "rejected_share"]

    @property
    def red_managers(self) -> list[str]:
        """Managers with at least one red metric, in the report's order."""
        return [
            c.name for c in self.managers if any(r.status is Status.RED for r in c.metrics.values())
        ]

    @property
    def any_red(self) -> bool:
        """Some manager's or the team's metric is red (for ``--fail-on red``)."""
        cards = [*self.managers, self.team, *self.modes]
        return any(r.status is Status.RED for c in cards for r in c.metrics.values())


def make_calendar(config: Config) -> WorkCalendar:
    """The team's working-day calendar from ``calendar:``."""
    cal = config.data.calendar
    return WorkCalendar(
        country=cal.country,
        extra_holidays=frozenset(cal.holidays),
        extra_workdays=frozenset(cal.workdays),
        day_start=cal.day_start,
        day_end=cal.day_end,
        halfday=cal.halfday_time,
    )


def make_roster(config: Config) -> Roster:
    return Roster.from_config(
        ((m.name, m.aliases) for m in config.data.managers),
        ((str(i), m.name) for m in config.data.managers for i in m.ids),
    )


def status_of(
    result_fact: float | None,
    plan_to_date: float | None,
    lower_is_better: bool,
    thresholds: StatusConfig,
) -> Status | None:
    """Traffic light: fact against the plan to date, thresholds as shares of it."""
    if result_fact is None or plan_to_date is None:
        return None
    if plan_to_date <= 0:  # nothing due yet; for a limit of zero, any fact is over it
        if lower_is_better:
            return Status.GREEN if result_fact <= 0 else Status.RED
        return None
    score = judged_score(result_fact, plan_to_date, lower_is_better)
    # a hair of tolerance so that 0.9 * 100 == 90 is yellow, not red, after float arithmetic
    if score >= thresholds.green - 1e-9:
        return Status.GREEN
    if score >= thresholds.yellow - 1e-9:
        return Status.YELLOW
    return Status.RED


def judged_score(fact: float, plan_to_date: float, lower_is_better: bool) -> float:
    """What the light judges (``plan_to_date`` > 0): fact ÷ plan to date, or plan ÷ fact for
    a lower-is-better metric (at or under the allowance is 1 or more); below 1 is behind."""
    if lower_is_better:
        return plan_to_date / fact if fact > 0 else float("inf")
    return fact / plan_to_date


class Targets:
    """Resolves a manager's monthly plan and daily norm for a metric (most specific wins)."""

    def __init__(self, config: Config) -> None:
        self.data = config.data
        modes = list(self.data.norms)
        self.default_mode = modes[0] if len(modes) == 1 else None

    def mode(self, man: ManagerConfig | None) -> str | None:
        return (man.mode if man else None) or self.default_mode

    def month_plan(
        self, man: ManagerConfig | None, metric: str, year: int, month: int
    ) -> float | None:
        key = f"{year:04d}-{month:02d}"
        for layer in (
            man.months.get(key, {}) if man else {},
            man.plan if man else {},
            self.data.months.get(key, {}),
            self.data.plan,
        ):
            if metric in layer:
                return float(layer[metric])
        return None

    def norm(self, man: ManagerConfig | None, metric: str) -> float | None:
        if man is not None and metric in man.norms:
            return float(man.norms[metric])
        mode = self.mode(man)
        if mode is not None and metric in self.data.norms.get(mode, {}):
            return float(self.data.norms[mode][metric])
        return None


#: above this share of a table's rows rejected, the report says so at the top


def build_report(
    config: Config,
    period: Period,
    dataset: Dataset,
    max_rejected: float = MAX_REJECTED,
    evidence: bool = False,
) -> Report:
    """Compute the scorecard of every manager and the team for ``period``; with
    ``evidence``, keep the rows behind every figure (for outputs that list them)."""
    calendar = make_calendar(config)
    acts = dataset.tables.get("activities")
    # the kinds present (once per distinct value: 1.25M rows hold a handful)
    kinds = {str(k) for k in acts["kind"].dropna().unique()} if acts is not None else None
    reported, needed = compile_metrics(config, kinds)
    targets = Targets(config)
    thresholds = config.data.status
    warnings: list[Notice] = _row_notices(dataset)

    configured = {m.name: m for m in config.data.managers}
    names = list(configured) or sorted(dataset.found)
    # the rows in full only for the outputs that list them; else each metric's facts are
    # counted from what they need and its rows let go (ten million rows' selections add up)
    behind: dict[str, pd.DataFrame] = {}
    per_metric_facts: dict[str, dict[str, float]] = {}
    for mid, m in needed.items():
        if m.table is None:
            continue
        rows = select_rows(
            m,
            dataset.tables[m.table],
            period.start_at,
            period.fact_until,
            None if evidence else fact_columns(m),
        )
        per_metric_facts[mid] = facts_of(m, rows)
        if evidence:
            behind[mid] = rows
        del rows
    cards: list[Scorecard] = []
    full: dict[str, dict[str, MetricResult]] = {}  # name -> every needed metric, ratio parts too
    for name in names:
        man = configured.get(name)
        off = absence_days(man)
        who = _Person(man, off, work_time(period, calendar, off))
        wt = who.time
        results: dict[str, MetricResult] = {}
        for mid, m in needed.items():
            if m.is_ratio:
                continue
            plan, to_date, source = _plans(m, who, targets, period, calendar, warnings)
            fact = per_metric_facts[mid].get(name, 0.0)
            results[mid] = _result(m, fact, plan, to_date, source, wt, thresholds)
        for m in reported:
            if m.is_ratio:
                results[m.id] = _ratio(
                    m, results, thresholds, _direct_ratio_plan(m, man, targets, period)
                )
        full[name] = results
        cards.append(
            Scorecard(
                name,
                targets.mode(man),
                wt.days_total,
                wt.days_elapsed,
                {m.id: results[m.id] for m in reported},
            )
        )

    team_wt = work_time(period, calendar)
    team = _team(reported, needed, list(full.values()), targets, period, team_wt, thresholds)
    modes: list[Scorecard] = []
    mode_names: list[str | None] = list(dict.fromkeys(c.mode for c in cards if c.mode is not None))
    if len(mode_names) > 1:
        if any(c.mode is None for c in cards):
            mode_names.append(None)  # a subtotal of its own for those with no mode
            for c in cards:
                if c.mode is None:
                    warnings.append(Notice("no_mode", {"name": c.name}))
        for mode in mode_names:
            members = [full[c.name] for c in cards if c.mode == mode]
            sub = _team(reported, needed, members, targets, period, team_wt, thresholds)
            modes.append(
                Scorecard(mode or "", mode, sub.workdays, sub.workdays_elapsed, sub.metrics)
            )
    if config.data.managers:
        for name in sorted(set(configured) - dataset.found):
            warnings.append(Notice("no_rows", {"name": name}))
    alerts = [
        Notice(
            "rejected_share",
            {"table": t, "rejected": c.rejected, "read": c.read, "share": c.rejected_share}
            | {"limit": max_rejected},
        )
        for t in over_limit(dataset.rows, max_rejected)
        for c in [dataset.rows[t]]
    ]
    alerts += _outside_data(dataset, period)
    alerts += [
        Notice("no_decree", {"year": y})
        for y in range(period.start.year, period.end.year + 1)
        if not calendar.transfers_known(y)
    ]
    if any(m.agg == "new" for m in reported):
        alerts += _short_history(dataset, period)
    return Report(
        team_name=config.data.team,
        language=config.data.language,
        currency=config.data.currency,
        period=period,
        workdays=team_wt.days_total,
        workdays_elapsed=team_wt.days_elapsed,
        metrics=[MetricInfo.of(m) for m in reported],
        managers=cards,
        team=team,
        modes=modes,
        rows=dataset.rows,
        warnings=warnings,
        alerts=alerts,
        behind={
            m.id: _evidence(m, behind[m.id], [f.name for f in dataset.files])
            for m in reported
            if m.id in behind
        },
        timeline={
            m.id: _timeline(m, behind[m.id], team.metrics[m.id].plan, period, calendar)
            for m in reported
            if m.id in behind
        },
    )


def _timeline(
    m: MetricDef, rows: pd.DataFrame, plan: float | None, period: Period, calendar: WorkCalendar
) -> list[DayPoint]:
    """Cumulative team fact at the end of each working day up to the as-of day, against the
    plan spread evenly over the period's working days (facts of a day off count on the
    next working day, or on the last one shown when no working day follows by the as-of day:
    the last point is the table's team fact)."""
    assert m.date is not None
    values = rows[m.column] if m.agg == "sum" else pd.Series(1.0, index=rows.index)
    per_day = values.groupby(rows[m.date].dt.date).sum()
    workdays = calendar.workdays(period.start, period.end)
    points: list[DayPoint] = []
    total = 0.0
    pending: list[tuple[date, float]] = sorted((d, float(v)) for d, v in per_day.items())  # type: ignore[misc]
    for i, day in enumerate(workdays):
        while pending and pending[0][0] <= day:
            total += pending.pop(0)[1]
        fact = total if day <= period.as_of.date() else None
        spread = plan * (i + 1) / len(workdays) if plan is not None else None
        points.append(DayPoint(day, fact, spread))
    shown = [i for i, p in enumerate(points) if p.fact is not None]
    if pending and shown:  # a day off after the last working day shown (a Saturday as-of)
        last = points[shown[-1]]
        points[shown[-1]] = replace(last, fact=total + sum(v for _, v in pending))
    return points


def arrange(report: Report, sort: str | None = None, top: int | None = None) -> Report:
    """The managers in the order asked for, the first ``top`` of them (a call centre of
    hundreds); the team total and subtotals stay the whole team's.

    ``sort``: ``attainment`` (the worst light first: each manager's lowest attainment), ``name``,
    or a metric id (its fact, best first: highest, or lowest for a lower-is-better metric).
    """
    cards = list(report.managers)
    if sort == "name":
        cards.sort(key=lambda c: c.name.casefold())
    elif sort == "attainment":
        lower = {m.id for m in report.metrics if m.lower_is_better}
        cards.sort(key=lambda c: min(_attainments(c, lower), default=float("inf")))
    elif sort is not None:
        info = next((m for m in report.metrics if m.id == sort), None)
        if info is None:
            shown = ", ".join(m.id for m in report.metrics)
            raise RopkitError("error.bad_sort", sort=sort, metrics=shown)
        sign = 1.0 if info.lower_is_better else -1.0
        cards.sort(key=lambda c: _fact_key(c.metrics[sort].fact, sign))
    warnings = report.warnings
    if top is not None and top < len(cards):
        warnings = [*warnings, Notice("top", {"shown": top, "total": len(cards)})]
        cards = cards[:top]
    return replace(report, managers=cards, warnings=warnings)


#: warnings that list other people: not in a manager's own report
_ABOUT_OTHERS = ("not_on_team", "top")


def for_manager(report: Report, name: str) -> Report:
    """One manager's own report: their row, the team total and subtotals for context, and no
    one else's name (their rows behind the figures only)."""
    warnings = [
        n
        for n in report.warnings
        if n.code not in _ABOUT_OTHERS and n.params.get("name", name) == name
    ]
    return replace(
        report,
        managers=[c for c in report.managers if c.name == name],
        warnings=warnings,
        behind={
            mid: f[f["manager"] == name].reset_index(drop=True) for mid, f in report.behind.items()
        },
        commitments=[j for j in report.commitments if j.entry.manager == name],
        regulations=report.regulations.of(name),
        training=[t for t in report.training if t.manager == name],
        gaps={n: g for n, g in report.gaps.items() if n == name},
        comparisons={k: for_manager(r, name) for k, r in report.comparisons.items()},
        trend=report.trend.of(name) if report.trend is not None else None,
        changes={k: c.of(name) for k, c in report.changes.items()},
        early_warnings=[w for w in report.early_warnings if w.manager == name],
    )


def _attainments(card: Scorecard, lower: set[str]) -> list[float]:
    """Each lit metric's score as its light judges it (:func:`judged_score`)."""
    return [
        judged_score(r.fact, r.plan_to_date, mid in lower)
        for mid, r in card.metrics.items()
        if r.status is not None and r.fact is not None and r.plan_to_date
    ]


def _fact_key(fact: float | None, sign: float) -> float:
    return float("inf") if fact is None else sign * fact


#: the columns a row behind a figure is shown with, where its table has them
EVIDENCE_COLUMNS = ("id", "client", "stage", "kind", "result", "amount", "units", "duration_s")


def _evidence(m: MetricDef, rows: pd.DataFrame, files: list[str]) -> pd.DataFrame:
    """The rows behind a metric's facts, as a person traces them: manager, date, what the
    row is, and where it is in the exports (file, row as a spreadsheet shows it)."""
    assert m.date is not None
    shown = [c for c in EVIDENCE_COLUMNS if c in rows and c != m.date]
    out = pd.DataFrame(
        {
            "manager": rows["manager"].astype(str),
            "date": rows[m.date],
            **{c: rows[c] for c in shown},
            "file": rows["_file"].map(dict(enumerate(files))),
            "row": rows["_row"],
        }
    )
    return out.sort_values(["manager", "date", "row"], kind="stable").reset_index(drop=True)


def _outside_data(dataset: Dataset, period: Period) -> list[Notice]:
    """A period after the newest row of a table, or before its oldest: every fact is 0."""
    found = []
    for table, frame in dataset.tables.items():
        span = date_span(frame, TABLES[table].date)
        if span is None:
            continue
        first, last = span
        if last.date() < period.start:
            found.append(Notice("after_data", {"table": table, "last": last.date()}))
        elif first.date() > period.end:
            found.append(Notice("before_data", {"table": table, "first": first.date()}))
    return found


def _short_history(dataset: Dataset, period: Period) -> list[Notice]:
    """new_clients needs a year of deals before the period, or old clients look new."""
    deals = dataset.tables.get("deals")
    if deals is None:
        return []
    spans = [s for c in ("created_at", "closed_at") if (s := date_span(deals, c)) is not None]
    if not spans:
        return []
    first = min(s[0] for s in spans).date()
    year_before = period.start.replace(year=period.start.year - 1)
    if first > year_before:
        return [Notice("short_history", {"first": first})]
    return []


def _row_notices(dataset: Dataset) -> list[Notice]:
    """Rejected rows (the first few, with file/row/column/value) and people not on the team."""
    # a file cut off mid-download first: every figure from it is short
    notices = [Notice("cut", {"file": info.name}) for info in dataset.files if info.cut]
    for table, count in dataset.rows.items():
        for r in count.examples:
            where = {"file": r.file, "row": r.row, "reason": r.reason}
            if r.column:  # a cell that could not be read
                notices.append(Notice("rejected", where | {"column": r.column, "value": r.value}))
            else:  # a whole row: it does not split, or it repeats another
                notices.append(Notice("rejected_row", where))
        if count.rejected > len(count.examples):
            notices.append(
                Notice(
                    "more_rejected",
                    {"table": table, "n": count.rejected, "shown": len(count.examples)},
                )
            )
    for info in dataset.files:
        if info.rows.folded:
            notices.append(Notice("folded", {"file": info.name, "n": info.rows.folded}))
    for table, people in dataset.outsiders.items():
        if people:
            names = ", ".join(name for name, _ in people.most_common(10))
            notices.append(
                Notice("not_on_team", {"table": table, "n": sum(people.values()), "names": names})
            )
    return notices


def absence_days(man: ManagerConfig | None) -> frozenset[date]:
    if man is None:
        return frozenset()
    return frozenset(d for a in man.absences for d in days(a.from_, a.to))


@dataclass(frozen=True)
class _Person:
    """A manager as the plans see them: their config, days off and working time."""

    config: ManagerConfig | None
    off: frozenset[date]
    time: WorkTime
    # (year, month) -> their working days (the same for every metric: worked out once)
    bases: dict[tuple[int, int], float] = field(default_factory=dict)

    @cached_property
    def by_month(self) -> dict[tuple[int, int], tuple[float, float]]:
        """(year, month) -> (working days of the period in it, those elapsed)."""
        wt = self.time
        out: dict[tuple[int, int], tuple[float, float]] = {}
        for d, weight in wt.total.items():
            tot, el = out.get((d.year, d.month), (0.0, 0.0))
            out[(d.year, d.month)] = (tot + weight, el + wt.elapsed[d])
        return out

    def base(self, year: int, month: int, calendar: WorkCalendar) -> float:
        """The month's working days for this person (their days off taken out)."""
        if (year, month) not in self.bases:
            self.bases[(year, month)] = month_workdays(year, month, calendar, self.off)
        return self.bases[(year, month)]


def _plans(
    m: MetricDef,
    who: _Person,
    targets: Targets,
    period: Period,
    calendar: WorkCalendar,
    warnings: list[Notice],
) -> tuple[float | None, float | None, str | None]:
    """(plan, plan to date, "plan" | "norm") of a non-ratio metric for one manager."""
    man, wt = who.config, who.time
    by_month = who.by_month
    plan = to_date = 0.0
    any_plan = False
    for y, mo in months_between(period.start, period.end):
        target = targets.month_plan(man, m.id, y, mo)
        if target is None:
            continue
        any_plan = True
        base = who.base(y, mo, calendar)
        if base == 0:
            if man is not None:
                notice = Notice(
                    "absent_month",
                    {"name": man.name, "month": f"{y:04d}-{mo:02d}", "metric": m.id},
                )
                warnings.append(notice)
            continue
        tot, el = by_month.get((y, mo), (0.0, 0.0))
        plan += target * tot / base
        to_date += target * el / base
    if any_plan:
        return plan, to_date, "plan"
    norm = targets.norm(man, m.id)
    if norm is not None:
        return norm * wt.days_total, norm * wt.days_elapsed, "norm"
    return None, None, None


def _result(
    m: MetricDef,
    fact: float,
    plan: float | None,
    to_date: float | None,
    source: str | None,
    wt: WorkTime,
    thresholds: StatusConfig,
) -> MetricResult:
    """Forecast at the current pace, what is needed per remaining day, and the light."""
    forecast = fact * wt.days_total / wt.days_elapsed if wt.days_elapsed > 0 else None
    remaining = wt.days_remaining
    needed = None
    if plan is not None and remaining > 1e-9 and not m.lower_is_better:
        needed = max(plan - fact, 0.0) / remaining
    status = status_of(fact, to_date, m.lower_is_better, thresholds)
    return MetricResult(fact, plan, to_date, forecast, needed, status, source)


def _direct_ratio_plan(
    m: MetricDef, man: ManagerConfig | None, targets: Targets, period: Period
) -> float | None:
    """A ratio's own target (avg_check: 150000): not prorated; the period's last month wins."""
    return targets.month_plan(man, m.id, period.end.year, period.end.month)


def _ratio(
    m: MetricDef, parts: dict[str, MetricResult], thresholds: StatusConfig, direct: float | None
) -> MetricResult:
    assert m.ratio is not None
    num, den = parts[m.ratio[0]], parts[m.ratio[1]]
    fact = _div(num.fact, den.fact)
    # a target only where the config sets one: revenue plan ÷ deals plan is no one's goal
    # for the average deal, and a light nobody asked for is noise
    plan = to_date = direct
    # a ratio has no pace: its forecast is where it stands, nothing is "needed per day"
    status = status_of(fact, to_date, m.lower_is_better, thresholds) if fact is not None else None
    source = "plan" if plan is not None else None
    return MetricResult(fact, plan, to_date, fact, None, status, source)


def _div(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def _team(
    reported: list[MetricDef],
    needed: dict[str, MetricDef],
    managers: list[dict[str, MetricResult]],
    targets: Targets,
    period: Period,
    team_wt: WorkTime,
    thresholds: StatusConfig,
) -> Scorecard:
    """Team totals are sums of the managers; team ratios are recomputed from those sums."""
    results: dict[str, MetricResult] = {}
    for mid, m in needed.items():
        if m.is_ratio:
            continue
        rows = [man[mid] for man in managers]
        fact = sum(r.fact or 0.0 for r in rows)
        plan = _sum_opt(r.plan for r in rows)
        to_date = _sum_opt(r.plan_to_date for r in rows)
        total = _result(m, fact, plan, to_date, _first(r.source for r in rows), team_wt, thresholds)
        # each manager's pace over their own days (absences), added up
        results[mid] = replace(total, forecast=_sum_opt(r.forecast for r in rows))
    for m in reported:
        if m.is_ratio:
            results[m.id] = _ratio(
                m, results, thresholds, _direct_ratio_plan(m, None, targets, period)
            )
    return Scorecard(
        "team",
        None,
        team_wt.days_total,
        team_wt.days_elapsed,
        {m.id: results[m.id] for m in reported},
    )


def _sum_opt(values: object) -> float | None:
    present = [v for v in values if v is not None]  # type: ignore[attr-defined]
    return sum(present) if present else None


def _first(values: object) -> str | None:
    return next((v for v in values if v is not None), None)  # type: ignore[attr-defined]
