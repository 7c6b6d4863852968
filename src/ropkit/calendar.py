"""The working-day calendar: official holidays, transferred days, company days off.

Pure: no file or terminal I/O. The official Russian production calendar comes from the
``holidays`` package (it knows the transfers: a worked Saturday counts, a transferred
Monday off does not); company ``holidays``/``workdays`` from the config are applied on top.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any


def days(start: date, end: date) -> Iterator[date]:
    """Every calendar day from ``start`` to ``end`` inclusive."""
    for n in range((end - start).days + 1):
        yield start + timedelta(days=n)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days, and how much of a working day has passed at a time."""

    country: str | None = "RU"
    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    day_start: time = time(9, 0)
    day_end: time = time(18, 0)
    halfday: time = time(13, 0)
    # init=False: dataclasses.replace() must not hand the new calendar this one's cache
    _years: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )
    _ordered: dict[int, tuple[date, ...]] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )

    @cached_property
    def _official(self) -> object | None:
        if not self.country:
            return None
        import holidays  # ~0.1 s; only commands that compute need it

        return holidays.country_holidays(self.country)

    def _workdays_of_year(self, year: int) -> frozenset[date]:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        official = self._official
        result = set()
        for d in days(date(year, 1, 1), date(year, 12, 31)):
            # "weekday and not a holiday" is wrong 4 months of 2024–2026: the official
            # calendar's transfers decide (holidays' is_working_day knows them)
            working = (
                bool(official.is_working_day(d))  # type: ignore[attr-defined]
                if official is not None
                else d.weekday() < 5
            )
            if d in self.extra_workdays:
                working = True
            if d in self.extra_holidays:
                working = False
            if working:
                result.add(d)
        frozen = frozenset(result)
        self._years[year] = frozen
        return frozen

    def transfers_known(self, year: int) -> bool:
        """Whether the installed official calendar knows ``year``'s transferred days off.

        Russia decrees each year's transfers the autumn before; a calendar package older than
        the decree has none for that year, and its working days would be plain Mon–Fri.
        A country without transfers in the years before has nothing to miss.
        """
        country = self.country
        if self._official is None or country is None:
            return True
        import holidays

        def has_transfers(y: int) -> bool:
            days_off = holidays.country_holidays(country, years=y)
            marks = ("substituted", "перенес")
            return bool(days_off.weekend_workdays) or any(
                m in str(name).lower() for name in days_off.values() for m in marks
            )

        if has_transfers(year):
            return True
        return not any(has_transfers(y) for y in (year - 1, year - 2))

    def is_workday(self, d: date) -> bool:
        """True when ``d`` is a working day for the whole team."""
        return d in self._workdays_of_year(d.year)

    def workdays(self, start: date, end: date, off: Iterable[date] = ()) -> list[date]:
        """Working days from ``start`` to ``end`` inclusive, less the ``off`` days (each
        year's working days kept in order: a year of 50 people is 50 slices, not 18 000
        look-ups)."""
        skip = set(off)
        found: list[date] = []
        for year in range(start.year, end.year + 1):
            ordered = self._ordered.get(year)
            if ordered is None:
                ordered = self._ordered[year] = tuple(sorted(self._workdays_of_year(year)))
            part = ordered[bisect_left(ordered, start) : bisect_right(ordered, end)]
            found.extend(d for d in part if d not in skip)
        return found

    def day_fraction(self, t: time) -> float:
        """Share of the working day (``day_start``–``day_end``) that has passed at ``t``."""
        total = _seconds(self.day_end) - _seconds(self.day_start)
        passed = _seconds(t) - _seconds(self.day_start)
        return min(max(passed / total, 0.0), 1.0)

    def last_workdays(self, upto: date, n: int) -> list[date]:
        """The ``n`` working days ending on ``upto`` (or on the last working day before it)."""
        found: list[date] = []
        d = upto
        while len(found) < n:
            if self.is_workday(d):
                found.append(d)
            d -= timedelta(days=1)
            if (upto - d).days > 400:  # a calendar with no working days at all
                break
        return sorted(found)

    def work_seconds(self, starts: Any, ends: Any) -> Any:
        """Working seconds from each of ``starts`` to the matching ``ends`` (arrays of
        ``datetime64``, or one of them a single moment): only the hours ``day_start``–
        ``day_end`` of working days count, so a lead of Friday 18:30 answered on Monday at
        09:40 waited 40 minutes. NaT in, NaN out; an end before its start gives a negative
        span. Vectorised: a year of calls is one pass."""
        import numpy as np

        a = np.asarray(starts, dtype="datetime64[ns]")
        b = np.asarray(ends, dtype="datetime64[ns]")
        both = np.concatenate([a.ravel(), b.ravel()])
        known = both[~np.isnat(both)]
        if known.size == 0:
            return np.full(np.broadcast(a, b).shape, np.nan)
        first = known.min().astype("datetime64[D]")
        last = known.max().astype("datetime64[D]")
        span = int((last - first).astype(int)) + 1
        working = np.fromiter(
            (self.is_workday(d) for d in days(_day(first), _day(last))), bool, count=span
        )
        length = _seconds(self.day_end) - _seconds(self.day_start)
        before = np.concatenate([[0.0], np.cumsum(working) * length])[:-1]

        def clock(t: Any) -> Any:
            out = np.full(t.shape, np.nan)
            ok = ~np.isnat(t)
            day = t[ok].astype("datetime64[D]")
            index = (day - first).astype(int)
            into = (t[ok] - day) / np.timedelta64(1, "s") - _seconds(self.day_start)
            out[ok] = before[index] + np.clip(into, 0.0, length) * working[index]
            return out

        return clock(b) - clock(a)


def _day(value: Any) -> date:
    """A numpy day as a date."""
    result: date = value.astype(object)
    return result


def _seconds(t: time) -> float:
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6


def end_of_day(d: date) -> datetime:
    """The as-of moment for a date given on the command line: the end of that day."""
    return datetime.combine(d, time.max)
