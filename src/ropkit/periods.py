"""Report periods and working time: how many working days a period has and how many passed.

A period is a run of calendar days (``start``..``end`` inclusive); the half-day period
also ends at ``calendar.halfday`` on its one day. Working time is counted in working days:
a full working day weighs 1, the half-day period weighs the share of the working day up
to ``halfday``, and the as-of day counts the share of ``calendar.hours`` already passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from ropkit.calendar import WorkCalendar, days
from ropkit.errors import PeriodError


class PeriodKind(StrEnum):
    """The period names accepted by ``--period``."""

    HALFDAY = "halfday"
    DAY = "day"
    DAYS3 = "3days"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    """The report's period and the moment the report is made as of."""

    kind: PeriodKind
    start: date
    end: date  # inclusive
    as_of: datetime
    cutoff: time | None = None  # the half-day period ends at this time on ``end``

    @property
    def start_at(self) -> datetime:
        """The first moment inside the period."""
        return datetime.combine(self.start, time.min)

    @property
    def end_at(self) -> datetime:
        """The first moment after the period."""
        if self.cutoff is not None:
            return datetime.combine(self.end, self.cutoff)
        return datetime.combine(self.end + timedelta(days=1), time.min)

    @property
    def fact_until(self) -> datetime:
        """Facts count from ``start_at`` up to this moment (exclusive): the period end or as-of."""
        return min(self.end_at, self.as_of)


def resolve_period(
    kind: PeriodKind,
    as_of: datetime,
    calendar: WorkCalendar,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period of ``kind`` that contains the as-of date (or ``start``..``end`` for custom)."""
    d = as_of.date()
    if kind is PeriodKind.CUSTOM:
        if start is None or end is None:
            raise PeriodError("error.period_half_given")
        if end < start:
            raise PeriodError("error.period_reversed", start=start.isoformat(), end=end.isoformat())
        return Period(kind, start, end, as_of)
    if kind is PeriodKind.HALFDAY:
        return Period(kind, d, d, as_of, cutoff=calendar.halfday)
    if kind is PeriodKind.DAY:
        return Period(kind, d, d, as_of)
    if kind is PeriodKind.DAYS3:
        last3 = calendar.last_workdays(d, 3)
        return Period(kind, last3[0] if last3 else d, d, as_of)
    if kind is PeriodKind.WEEK:
        monday = d - timedelta(days=d.weekday())
        return Period(kind, monday, monday + timedelta(days=6), as_of)
    if kind is PeriodKind.MONTH:
        return Period(kind, d.replace(day=1), _month_end(d.year, d.month), as_of)
    if kind is PeriodKind.QUARTER:
        first = 3 * ((d.month - 1) // 3) + 1
        return Period(kind, date(d.year, first, 1), _month_end(d.year, first + 2), as_of)
    if kind is PeriodKind.HALF:
        first = 1 if d.month <= 6 else 7
        return Period(kind, date(d.year, first, 1), _month_end(d.year, first + 5), as_of)
    return Period(kind, date(d.year, 1, 1), date(d.year, 12, 31), as_of)


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def months_between(start: date, end: date) -> list[tuple[int, int]]:
    """(year, month) of every month that ``start``..``end`` touches, in order."""
    out: list[tuple[int, int]] = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class WorkTime:
    """One person's working time in a period, per day: whole period and elapsed as of now."""

    total: dict[date, float]  # working day -> weight inside the period (1, or <1 for halfday)
    elapsed: dict[date, float]  # working day -> weight already passed at as-of

    @property
    def days_total(self) -> float:
        return sum(self.total.values())

    @property
    def days_elapsed(self) -> float:
        return sum(self.elapsed.values())

    @property
    def days_remaining(self) -> float:
        return self.days_total - self.days_elapsed


def work_time(
    period: Period, calendar: WorkCalendar, off: frozenset[date] = frozenset()
) -> WorkTime:
    """Working days of ``period`` (less ``off`` days) and how much of each has passed."""
    cap = calendar.day_fraction(period.cutoff) if period.cutoff is not None else 1.0
    total: dict[date, float] = {}
    elapsed: dict[date, float] = {}
    for d in calendar.workdays(period.start, period.end, off):
        total[d] = cap
        if d < period.as_of.date():
            elapsed[d] = cap
        elif d == period.as_of.date():
            elapsed[d] = min(cap, calendar.day_fraction(period.as_of.time()))
        else:
            elapsed[d] = 0.0
    return WorkTime(total, elapsed)


def month_workdays(
    year: int, month: int, calendar: WorkCalendar, off: frozenset[date] = frozenset()
) -> int:
    """Working days of a whole month, less ``off`` days: the base a monthly plan is spread over."""
    return len(calendar.workdays(date(year, month, 1), _month_end(year, month), off))


__all__ = [
    "Period",
    "PeriodKind",
    "WorkTime",
    "days",
    "month_workdays",
    "months_between",
    "resolve_period",
    "work_time",
]
