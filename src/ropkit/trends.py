"""Which way it is going: the same figures for an earlier period aligned by working day, the
attainment over the last periods, and early warnings. Pure: fills the :class:`Report`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ropkit.periods import Period, PeriodKind, resolve_period, work_time

if TYPE_CHECKING:
    from ropkit.calendar import WorkCalendar
    from ropkit.config import Config
    from ropkit.scorecard import MetricResult, Report
    from ropkit.sources.load import Dataset


@dataclass(frozen=True)
class TrendPoint:
    """A manager's (or the team's) attainment of the trend metric in one period."""

    start: date
    end: date
    attainment: float | None  # fact ÷ plan to date; None where there was no plan or no data

    @property
    def shown(self) -> float | None:
        """The attainment in whole percent rounded down, as the scorecard shows it
        (:attr:`MetricResult.shown`): the trend's last point reads as the table's %."""
        a = self.attainment
        return None if a is None else math.floor(a * 100 + 1e-9) / 100


@dataclass(frozen=True)
class Trend:
    """The attainment of one metric over the last periods of the report's kind, oldest first;
    the last point is the report's own period."""

    metric: str
    managers: dict[str, list[TrendPoint]]
    team: list[TrendPoint]

    def of(self, name: str) -> Trend:
        """One manager's line and the team's."""
        return Trend(self.metric, {n: p for n, p in self.managers.items() if n == name}, self.team)


@dataclass(frozen=True)
class EarlyHit:
    """An early warning that fired for a manager: the rule (``below_pace_days`` or
    ``by_day``), the metric and the working days it speaks of."""

    manager: str
    rule: str
    metric: str
    dates: list[date]
    params: dict[str, float]


# --- --compare: the same figures of an earlier period, aligned by working day --------------

#: ``--compare`` values: the previous period of the same kind, the same period a year earlier
COMPARE_KEYS = ("prev", "year")
#: the trend's length: the report's own period and the ones before it
TREND_PERIODS = 8
#: a year back for the periods named by their days (week, day, 3 days): 52 weeks, so a
#: Monday is compared with a Monday
_YEAR_OF_WEEKS = timedelta(days=364)


@dataclass(frozen=True)
class Change:
    """One figure now against the same figure of the earlier period."""

    then: float | None  # the earlier period's fact; None where the exports do not reach back
    change: float | None  # now ÷ then − 1; None where then is 0 or a fact is unknown
    direction: str | None  # "up" | "down" | "flat" (the change rounds to 0%); None: unknown
    better: bool | None  # the direction is good news (down, for a lower-is-better metric)

    @property
    def shown(self) -> int | None:
        """The change in whole percent as every output shows it (half away from zero), so
        the arrow and the figure never disagree: +0% is always flat."""
        if self.change is None:
            return None
        return int(math.copysign(math.floor(abs(self.change) * 100 + 0.5 + 1e-9), self.change))


def change_of(now: float | None, then: float | None, lower_is_better: bool) -> Change:
    """How ``now`` differs from ``then`` (see :class:`Change`)."""
    if now is None or then is None:
        return Change(then, None, None, None)
    if then == 0:
        direction = "up" if now > 0 else "down" if now < 0 else "flat"
        change = None
    else:
        change = now / then - 1
        percent = math.floor(abs(change) * 100 + 0.5 + 1e-9)
        direction = "flat" if percent == 0 else "up" if change > 0 else "down"
    better = None if direction == "flat" else (direction == "up") != lower_is_better
    return Change(then, change, direction, better)


@dataclass(frozen=True)
class Comparison:
    """``--compare``: each figure of the report against the earlier period's (its
    :class:`Report` is ``Report.comparisons[key]``): per manager, the team, and the subtotal
    of each sales mode (keyed as ``Report.modes`` names them), metric id -> change."""

    key: str  # prev | year
    managers: dict[str, dict[str, Change]]
    team: dict[str, Change]
    modes: dict[str, dict[str, Change]]

    @property
    def unknown(self) -> bool:
        """No figure of the earlier period is known: the exports do not reach back to it."""
        cards = [self.team, *self.managers.values(), *self.modes.values()]
        return all(c.then is None for card in cards for c in card.values())

    def of(self, name: str) -> Comparison:
        """One manager's changes, the team's and the subtotals'."""
        return replace(self, managers={n: c for n, c in self.managers.items() if n == name})


def earlier_span(period: Period, key: str, calendar: WorkCalendar) -> tuple[date, date]:
    """The first and last day of the period ``key`` (prev | year) before ``period``: the
    previous month (quarter, week…), the working day or 3 working days before, the same
    number of days before a custom period; or the same month (quarter, half, year) a year
    earlier, the week or day 52 weeks earlier (the same weekday), the same dates for a custom
    period."""
    kind, start, end = period.kind, period.start, period.end
    if key == "prev":
        if kind is PeriodKind.CUSTOM:
            length = end - start + timedelta(days=1)
            return start - length, start - timedelta(days=1)
        if kind in (PeriodKind.DAY, PeriodKind.HALFDAY, PeriodKind.DAYS3):
            anchor = _workday_on_or_before(start - timedelta(days=1), calendar)
        else:
            anchor = start - timedelta(days=1)
    elif key == "year":
        if kind is PeriodKind.CUSTOM:
            return _year_back(start), _year_back(end)
        if kind is PeriodKind.WEEK:
            anchor = start - _YEAR_OF_WEEKS
        elif kind in (PeriodKind.DAY, PeriodKind.HALFDAY, PeriodKind.DAYS3):
            # the working day 52 weeks before the last (a holiday then: the one before it)
            anchor = _workday_on_or_before(end - _YEAR_OF_WEEKS, calendar)
        else:
            anchor = _year_back(start)
    else:
        raise ValueError(f"compare with {key!r}: expected one of {COMPARE_KEYS}")
    found = resolve_period(kind, datetime.combine(anchor, time.max), calendar)
    return found.start, found.end


def aligned(period: Period, start: date, end: date, calendar: WorkCalendar) -> Period:
    """The period ``start``..``end`` of ``period``'s kind, as of the same working day: the
    as-of moment on its working day of the same number and at the same time of day (the 12th
    working day, 16:00, against the 12th, 16:00), so as many working days have passed in
    both; at the end of the working day of that number when the as-of day is a day off. Whole
    when all of ``period``'s working time has passed (the month is over, or only its weekend
    is left), or when it has more working days passed than the earlier one has at all (the
    21st working day against a 19-day month)."""
    whole = Period(period.kind, start, end, datetime.combine(end, time.max), period.cutoff)
    whole = replace(whole, as_of=min(whole.as_of, whole.end_at))
    if period.as_of >= period.end_at or work_time(period, calendar).days_remaining < 1e-9:
        return whole
    now_days = calendar.workdays(period.start, period.end)
    then_days = calendar.workdays(start, end)
    today = period.as_of.date()
    before = sum(1 for d in now_days if d < today)  # whole working days passed
    if today in now_days:
        if before >= len(then_days):
            return whole
        as_of = datetime.combine(then_days[before], period.as_of.time())
    elif before == 0:  # nothing has passed yet: nothing of the earlier period either
        as_of = datetime.combine(start, time.min)
    elif before >= len(then_days):
        return whole
    else:
        as_of = datetime.combine(then_days[before - 1], time.max)
    return replace(whole, as_of=as_of)


def earlier(period: Period, key: str, calendar: WorkCalendar) -> Period:
    """``--compare key``: the earlier period, aligned by working day (:func:`aligned`)."""
    start, end = earlier_span(period, key, calendar)
    return aligned(period, start, end, calendar)


def previous(period: Period, calendar: WorkCalendar) -> Period:
    """The whole period of the same kind before ``period`` (a trend's earlier point)."""
    start, end = earlier_span(period, "prev", calendar)
    whole = Period(period.kind, start, end, datetime.combine(end, time.max), period.cutoff)
    return replace(whole, as_of=min(whole.as_of, whole.end_at))


def _workday_on_or_before(d: date, calendar: WorkCalendar) -> date:
    found = calendar.last_workdays(d, 1)
    return found[0] if found else d


def _year_back(d: date) -> date:
    """The same date a year earlier (29 February: the 28th)."""
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def compared(
    now: Report, then: Report, key: str, unknown: frozenset[str] = frozenset()
) -> Comparison:
    """Each figure of ``now`` against ``then``'s; the metrics ``unknown`` then (the exports
    do not reach back to that period: :func:`reaches`) have no figure to compare, not 0."""
    lower = {m.id: m.lower_is_better for m in now.metrics}

    def known(mid: str) -> bool:
        return mid not in unknown

    def changes(
        card_now: dict[str, MetricResult], card_then: dict[str, MetricResult] | None
    ) -> dict[str, Change]:
        out = {}
        for mid, r in card_now.items():
            before = card_then.get(mid) if card_then is not None else None
            fact = before.fact if before is not None and known(mid) else None
            out[mid] = change_of(r.fact, fact, lower.get(mid, False))
        return out

    then_cards = {c.name: c.metrics for c in then.managers}
    then_modes = {c.name: c.metrics for c in then.modes}
    return Comparison(
        key,
        {c.name: changes(c.metrics, then_cards.get(c.name)) for c in now.managers},
        changes(now.team.metrics, then.team.metrics),
        {c.name: changes(c.metrics, then_modes.get(c.name)) for c in now.modes},
    )


# --- the trend: the attainment over the last periods of the kind ---------------------------


def trend_metric(report: Report) -> str | None:
    """The metric the trend follows: the charts' (the first outcome with a team plan), else
    the first metric with a plan or norm for anyone."""
    for m in report.metrics:
        if m.group == "outcome" and report.team.metrics[m.id].plan is not None:
            return m.id
    for m in report.metrics:
        if any(c.metrics[m.id].plan is not None for c in [report.team, *report.managers]):
            return m.id
    return None


def trend_of(
    metric: str,
    periods: list[tuple[Period, Report | None]],
    hired: dict[str, date] | None = None,
) -> Trend:
    """The attainment of ``metric`` in each period (oldest first, the report's own last,
    with its report; None: a period the exports do not cover, whose points are None), for
    each manager of the last report and the team. A manager's point of a period that ended
    before they were ``hired`` is None (they had no plan to meet)."""
    hired = hired or {}
    last = periods[-1][1]
    assert last is not None

    cards = [{c.name: c for c in r.managers} if r is not None else {} for _, r in periods]

    def result_of(i: int, name: str) -> MetricResult | None:
        p, card = periods[i][0], cards[i].get(name)
        if card is None or (name in hired and p.end < hired[name]):
            return None  # not on the team yet: no plan to meet
        return card.metrics.get(metric)

    def team_point(i: int) -> TrendPoint:
        """The team of the managers who were there: their facts over their plans to date
        (a manager hired later does not pull the team's earlier points down)."""
        p, r = periods[i]
        if r is None:
            return TrendPoint(p.start, p.end, None)
        there = [x for c in r.managers if (x := result_of(i, c.name)) is not None]
        if len(there) == len(r.managers):
            whole = r.team.metrics.get(metric)
            return TrendPoint(p.start, p.end, whole.attainment if whole is not None else None)
        due = sum(x.plan_to_date or 0.0 for x in there)
        done = sum(x.fact or 0.0 for x in there)
        return TrendPoint(p.start, p.end, done / due if due else None)

    return Trend(
        metric,
        {
            c.name: [
                TrendPoint(p.start, p.end, x.attainment if (x := result_of(i, c.name)) else None)
                for i, (p, _) in enumerate(periods)
            ]
            for c in last.managers
        },
        [team_point(i) for i in range(len(periods))],
    )


# --- the whole of it, for the pipeline ------------------------------------------------------


def reaches(first: datetime | None, period: Period, calendar: WorkCalendar) -> bool:
    """Whether exports whose first row is of ``first`` cover ``period``: they reach back to
    its first working day. A period they cover only in part (a year whose last December is
    all the exports hold) would read as a collapse, so it is unknown rather than low."""
    if first is None:
        return True
    days = calendar.workdays(period.start, period.end)
    return first.date() <= (days[0] if days else period.start)


def data_starts(config: Config, dataset: Dataset, metric_ids: list[str]) -> dict[str, datetime]:
    """Metric id -> the first moment its exports hold (the earliest date of its table's date
    column, whatever the row; a ratio: the later of its two parts)."""
    from ropkit.metrics import compile_metric, date_span

    lang = config.data.language
    found: dict[str, datetime] = {}

    def first(mid: str) -> datetime | None:
        m = compile_metric(mid, config.metrics[mid], lang)
        if m.ratio is not None:
            parts = [first(part) for part in m.ratio]
            known = [d for d in parts if d is not None]
            return max(known) if known else None
        frame = dataset.tables.get(m.table or "")
        if frame is None or m.date is None:
            return None
        span = date_span(frame, m.date)
        return None if span is None else span[0]

    for mid in metric_ids:
        if mid in config.metrics:
            d = first(mid)
            if d is not None:
                found[mid] = d
    return found


def which_way(
    config: Config,
    report: Report,
    dataset: Dataset,
    compare: str | None = None,
    trend: bool = False,
    periods: int = TREND_PERIODS,
) -> Report:
    """The report with ``--compare``'s earlier period (its report and each figure's change)
    and the trend: the trend metric's attainment in the report's period and the whole
    periods of its kind before it, ``periods`` in all (those the exports do not cover,
    :func:`reaches`, have no figures). Each earlier period covered is one more
    :func:`build_report`."""
    # imported here: the scorecard names these types, and must be importable on its own
    from ropkit.scorecard import build_report, make_calendar

    if compare is None and not trend:
        return report
    calendar = make_calendar(config)
    starts = data_starts(config, dataset, [m.id for m in report.metrics])
    out = report
    if compare is not None:
        then = build_report(config, earlier(report.period, compare, calendar), dataset)
        unknown = frozenset(m for m, d in starts.items() if not reaches(d, then.period, calendar))
        out = replace(
            out,
            comparisons={**out.comparisons, compare: then},
            changes={**out.changes, compare: compared(report, then, compare, unknown)},
        )
    metric = trend_metric(report) if trend else None
    if metric is not None:
        points: list[tuple[Period, Report | None]] = [(report.period, report)]
        at = report.period
        first = starts.get(metric)
        for _ in range(periods - 1):
            at = previous(at, calendar)
            # before the exports: no figure (not 0), and no scorecard to build
            covered = reaches(first, at, calendar)
            points.insert(0, (at, build_report(config, at, dataset) if covered else None))
        hired = {m.name: m.hired for m in config.data.managers if m.hired is not None}
        out = replace(out, trend=trend_of(metric, points, hired))
    return out
