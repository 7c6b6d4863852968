"""Report periods and working time: which days a period covers and how much of it has passed.

Working hours are the default 09:00–18:00 (a 9-hour day), half-day cutoff 13:00. Expected
numbers are counted by hand; November 2026 is the main example month:

    Mo Tu We Th Fr Sa Su
                       1
     2  3 [4] 5  6  7  8      Nov 4 (Wed) is Unity Day, a day off
     9 10 11 12 13 14 15
    16 17 18 19 20 21 22
    23 24 25 26 27 28 29
    30                        21 weekdays − Nov 4 = 20 working days
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest

from ropkit.calendar import WorkCalendar
from ropkit.errors import PeriodError
from ropkit.periods import (
    Period,
    PeriodKind,
    days,
    month_workdays,
    months_between,
    resolve_period,
    work_time,
)

RU = WorkCalendar(country="RU")


def at(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm)


def test_period_kind_names() -> None:
    assert [k.value for k in PeriodKind] == [
        "halfday",
        "day",
        "3days",
        "week",
        "month",
        "quarter",
        "half",
        "year",
        "custom",
    ]
    assert PeriodKind("3days") is PeriodKind.DAYS3


# --- resolve_period -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "as_of", "start", "end"),
    [
        (PeriodKind.DAY, at(2026, 11, 25), date(2026, 11, 25), date(2026, 11, 25)),
        # 3days on Mon Nov 9: Thu 5, Fri 6, Mon 9 (Wed 4 is a holiday, not needed)
        (PeriodKind.DAYS3, at(2026, 11, 9), date(2026, 11, 5), date(2026, 11, 9)),
        # on Sun Nov 8: Tue 3, Thu 5, Fri 6 (skips Wed 4); the period runs to the Sunday
        (PeriodKind.DAYS3, at(2026, 11, 8), date(2026, 11, 3), date(2026, 11, 8)),
        # the week is Mon–Sun around the date, even across a month boundary
        (PeriodKind.WEEK, at(2026, 12, 2), date(2026, 11, 30), date(2026, 12, 6)),
        (PeriodKind.WEEK, at(2026, 11, 30), date(2026, 11, 30), date(2026, 12, 6)),  # Mon
        (PeriodKind.WEEK, at(2026, 12, 6), date(2026, 11, 30), date(2026, 12, 6)),  # Sun
        (PeriodKind.MONTH, at(2026, 11, 25), date(2026, 11, 1), date(2026, 11, 30)),
        (PeriodKind.MONTH, at(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29)),  # leap
        (PeriodKind.MONTH, at(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (PeriodKind.QUARTER, at(2026, 2, 15), date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.QUARTER, at(2026, 5, 1), date(2026, 4, 1), date(2026, 6, 30)),
        (PeriodKind.QUARTER, at(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30)),
        (PeriodKind.QUARTER, at(2026, 11, 25), date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.HALF, at(2026, 6, 30), date(2026, 1, 1), date(2026, 6, 30)),
        (PeriodKind.HALF, at(2026, 7, 1), date(2026, 7, 1), date(2026, 12, 31)),
        (PeriodKind.YEAR, at(2026, 11, 25), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_resolve_period_bounds(kind: PeriodKind, as_of: datetime, start: date, end: date) -> None:
    p = resolve_period(kind, as_of, RU)
    assert (p.kind, p.start, p.end, p.as_of, p.cutoff) == (kind, start, end, as_of, None)
    assert p.start_at == datetime.combine(start, time(0, 0))
    assert p.end_at == datetime.combine(end, time(0, 0)) + timedelta(days=1)  # next midnight


def test_halfday_period() -> None:
    p = resolve_period(PeriodKind.HALFDAY, at(2026, 11, 25, 11), RU)
    assert (p.start, p.end, p.cutoff) == (date(2026, 11, 25), date(2026, 11, 25), time(13, 0))
    assert p.end_at == datetime(2026, 11, 25, 13, 0)  # ends at the cutoff, not at midnight
    assert p.fact_until == datetime(2026, 11, 25, 11, 0)  # as-of comes first
    later = resolve_period(PeriodKind.HALFDAY, at(2026, 11, 25, 15), RU)
    assert later.fact_until == datetime(2026, 11, 25, 13, 0)  # the cutoff comes first


def test_halfday_cutoff_comes_from_the_calendar() -> None:
    cal = WorkCalendar(halfday=time(14, 30))
    p = resolve_period(PeriodKind.HALFDAY, at(2026, 11, 25, 11), cal)
    assert p.cutoff == time(14, 30)
    assert p.end_at == datetime(2026, 11, 25, 14, 30)


def test_fact_until_is_as_of_inside_the_period() -> None:
    p = resolve_period(PeriodKind.MONTH, at(2026, 11, 25, 16), RU)
    assert p.fact_until == datetime(2026, 11, 25, 16, 0)
    d = resolve_period(PeriodKind.DAY, at(2026, 11, 25, 16), RU)
    assert d.end_at == datetime(2026, 11, 26, 0, 0)
    assert d.fact_until == datetime(2026, 11, 25, 16, 0)


def test_custom_period() -> None:
    p = resolve_period(
        PeriodKind.CUSTOM, at(2026, 11, 25), RU, start=date(2026, 10, 5), end=date(2026, 10, 9)
    )
    assert (p.kind, p.start, p.end, p.cutoff) == (
        PeriodKind.CUSTOM,
        date(2026, 10, 5),
        date(2026, 10, 9),
        None,
    )
    assert p.end_at == datetime(2026, 10, 10, 0, 0)
    assert p.fact_until == datetime(2026, 10, 10, 0, 0)  # the period ended before as-of


def test_custom_one_day() -> None:
    day = date(2026, 11, 5)
    p = resolve_period(PeriodKind.CUSTOM, at(2026, 11, 25), RU, start=day, end=day)
    assert (p.start, p.end) == (day, day)


@pytest.mark.parametrize(
    ("start", "end"), [(date(2026, 11, 1), None), (None, date(2026, 11, 30)), (None, None)]
)
def test_custom_needs_both_dates(start: date | None, end: date | None) -> None:
    with pytest.raises(PeriodError, match=r"^--from and --to must be given together$"):
        resolve_period(PeriodKind.CUSTOM, at(2026, 11, 25), RU, start=start, end=end)


def test_custom_end_before_start() -> None:
    message = "--from 2026-11-10 is after --to 2026-11-01; swap them"
    with pytest.raises(PeriodError, match=f"^{re.escape(message)}$"):
        resolve_period(
            PeriodKind.CUSTOM, at(2026, 11, 25), RU, start=date(2026, 11, 10), end=date(2026, 11, 1)
        )


def test_three_days_on_a_calendar_without_working_days() -> None:
    never = WorkCalendar(
        country=None, extra_holidays=frozenset(days(date(2025, 1, 1), date(2026, 12, 31)))
    )
    p = resolve_period(PeriodKind.DAYS3, at(2026, 6, 1), never)
    assert (p.start, p.end) == (date(2026, 6, 1), date(2026, 6, 1))  # falls back to the day


# --- work_time ----------------------------------------------------------------------


def test_full_past_month() -> None:
    # October 2026: 22 working days, no holidays; the report is made after it ended
    p = Period(PeriodKind.MONTH, date(2026, 10, 1), date(2026, 10, 31), at(2026, 11, 25))
    wt = work_time(p, RU)
    assert wt.days_total == 22
    assert wt.days_elapsed == 22
    assert wt.days_remaining == 0


def test_month_resolved_at_the_end_of_its_last_day() -> None:
    # December 2024: 21 working days (the worked Sat Dec 28 in, Dec 30–31 out)
    p = resolve_period(PeriodKind.MONTH, datetime(2024, 12, 31, 23, 59, 59, 999999), RU)
    wt = work_time(p, RU)
    assert wt.days_total == 21
    assert wt.days_elapsed == 21
    assert date(2024, 12, 28) in wt.total
    assert date(2024, 12, 30) not in wt.total


def test_month_to_date_mid_day() -> None:
    # As of Wed Nov 25 2026 16:00. Whole working days before the 25th:
    # Nov 2, 3, 5, 6 (4) + 9–13 (5) + 16–20 (5) + 23, 24 (2) = 16; the 25th is 7/9 done
    # (09:00–16:00 of 09:00–18:00); Nov 26, 27, 30 are still ahead.
    p = resolve_period(PeriodKind.MONTH, at(2026, 11, 25, 16), RU)
    wt = work_time(p, RU)
    assert wt.days_total == 20
    assert wt.days_elapsed == pytest.approx(16 + 7 / 9)
    assert wt.days_remaining == pytest.approx(3 + 2 / 9)
    assert wt.elapsed[date(2026, 11, 24)] == 1.0
    assert wt.elapsed[date(2026, 11, 25)] == pytest.approx(7 / 9)
    assert wt.elapsed[date(2026, 11, 26)] == 0.0
    assert date(2026, 11, 4) not in wt.total


def test_absence_removes_days_from_total_and_elapsed() -> None:
    # off Mon 16 – Fri 20: five working days out of both 20 and 16 + 7/9
    p = resolve_period(PeriodKind.MONTH, at(2026, 11, 25, 16), RU)
    wt = work_time(p, RU, frozenset(days(date(2026, 11, 16), date(2026, 11, 20))))
    assert wt.days_total == 15
    assert wt.days_elapsed == pytest.approx(11 + 7 / 9)


def test_absence_over_a_weekend_and_a_holiday_counts_only_working_days() -> None:
    # off Sat 14 – Sun 22 still takes only Mon 16 – Fri 20; an off Nov 4 takes nothing
    p = resolve_period(PeriodKind.MONTH, at(2026, 11, 25, 16), RU)
    off = frozenset([*days(date(2026, 11, 14), date(2026, 11, 22)), date(2026, 11, 4)])
    wt = work_time(p, RU, off)
    assert wt.days_total == 15
    assert wt.days_elapsed == pytest.approx(11 + 7 / 9)


def test_absence_on_the_as_of_day() -> None:
    p = resolve_period(PeriodKind.MONTH, at(2026, 11, 25, 16), RU)
    wt = work_time(p, RU, frozenset({date(2026, 11, 25)}))
    assert wt.days_total == 19  # 20 − Nov 25
    assert wt.days_elapsed == 16  # the 16 whole days before, nothing of the 25th


@pytest.mark.parametrize(
    ("hour", "elapsed"),
    [
        (8, 0.0),  # before 09:00
        (11, 2 / 9),  # 09:00–11:00 of a 9-hour day
        (13, 4 / 9),  # exactly the cutoff
        (15, 4 / 9),  # 6/9 of the day has passed, capped at the half-day's 4/9
    ],
)
def test_halfday_on_a_working_day(hour: int, elapsed: float) -> None:
    p = resolve_period(PeriodKind.HALFDAY, at(2026, 11, 25, hour), RU)
    wt = work_time(p, RU)
    assert wt.days_total == pytest.approx(4 / 9)  # 09:00–13:00 of 09:00–18:00
    assert wt.days_elapsed == pytest.approx(elapsed)


def test_halfday_on_a_day_off() -> None:
    for day in (date(2026, 11, 4), date(2026, 11, 7)):  # Unity Day; a Saturday
        p = resolve_period(PeriodKind.HALFDAY, datetime.combine(day, time(11, 0)), RU)
        wt = work_time(p, RU)
        assert wt.total == {}
        assert wt.days_total == 0
        assert wt.days_elapsed == 0


def test_day_period() -> None:
    wt = work_time(resolve_period(PeriodKind.DAY, at(2026, 11, 25, 10, 30), RU), RU)
    assert wt.days_total == 1
    assert wt.days_elapsed == pytest.approx(1.5 / 9)  # 09:00–10:30


def test_three_days() -> None:
    # Mon Nov 9 2026 at 12:00: Thu 5 and Fri 6 done, Mon 9 is 3/9 done (09:00–12:00)
    p = resolve_period(PeriodKind.DAYS3, at(2026, 11, 9, 12), RU)
    wt = work_time(p, RU)
    assert sorted(wt.total) == [date(2026, 11, 5), date(2026, 11, 6), date(2026, 11, 9)]
    assert wt.days_total == 3
    assert wt.days_elapsed == pytest.approx(2 + 3 / 9)


def test_three_days_with_a_day_off() -> None:
    # the team's three days stay Thu 5 – Mon 9; a manager off on Fri 6 has two of them
    p = resolve_period(PeriodKind.DAYS3, at(2026, 11, 9, 12), RU)
    wt = work_time(p, RU, frozenset({date(2026, 11, 6)}))
    assert wt.days_total == 2
    assert wt.days_elapsed == pytest.approx(1 + 3 / 9)


def test_week_across_a_month_boundary() -> None:
    # as of Wed Dec 2 2026 10:30: week Mon Nov 30 – Sun Dec 6, working Nov 30, Dec 1–4;
    # Nov 30 and Dec 1 done, Dec 2 is 1.5/9 done
    p = resolve_period(PeriodKind.WEEK, at(2026, 12, 2, 10, 30), RU)
    wt = work_time(p, RU)
    assert sorted(wt.total) == [
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 2),
        date(2026, 12, 3),
        date(2026, 12, 4),
    ]
    assert wt.days_total == 5
    assert wt.days_elapsed == pytest.approx(2 + 1.5 / 9)


def test_week_with_a_worked_saturday() -> None:
    # week Mon Oct 27 – Sun Nov 2 2025: Mon–Fri plus Saturday Nov 1, worked for Mon Nov 3
    p = resolve_period(PeriodKind.WEEK, at(2025, 10, 29, 9), RU)
    wt = work_time(p, RU)
    assert (p.start, p.end) == (date(2025, 10, 27), date(2025, 11, 2))
    assert wt.days_total == 6
    assert date(2025, 11, 1) in wt.total
    assert wt.days_elapsed == 2  # Mon 27, Tue 28; Wed 29 at 09:00 has not started


def test_week_after_the_worked_saturday() -> None:
    # week Mon Nov 3 – Sun Nov 9 2025: Nov 3 (transferred) and Nov 4 (Unity Day) are off
    p = resolve_period(PeriodKind.WEEK, at(2025, 11, 3), RU)
    wt = work_time(p, RU)
    assert sorted(wt.total) == [date(2025, 11, 5), date(2025, 11, 6), date(2025, 11, 7)]
    assert wt.days_elapsed == 0  # as-of Monday is a day off, the rest is ahead


def test_quarter_and_year() -> None:
    # Q4 2026: Oct 22 + Nov 20 + Dec 22 = 64; as of Nov 25 16:00: 22 + 16 + 7/9
    q = work_time(resolve_period(PeriodKind.QUARTER, at(2026, 11, 25, 16), RU), RU)
    assert q.days_total == 64
    assert q.days_elapsed == pytest.approx(38 + 7 / 9)
    # 2026: 247; H2: Jul 23 + Aug 21 + Sep 22 + Oct 22 + Nov 20 + Dec 22 = 130
    y = work_time(resolve_period(PeriodKind.YEAR, at(2026, 11, 25, 16), RU), RU)
    assert y.days_total == 247
    h = work_time(resolve_period(PeriodKind.HALF, at(2026, 11, 25, 16), RU), RU)
    assert h.days_total == 130


def test_custom_period_across_months() -> None:
    # Mon Oct 26 – Fri Nov 6 2026: Oct 26–30 (5) + Nov 2, 3, 5, 6 (4) = 9 days;
    # as of Thu Nov 5 13:00: 5 + 2 whole days, Nov 5 is 4/9 done
    p = resolve_period(
        PeriodKind.CUSTOM, at(2026, 11, 5, 13), RU, start=date(2026, 10, 26), end=date(2026, 11, 6)
    )
    wt = work_time(p, RU)
    assert wt.days_total == 9
    assert wt.days_elapsed == pytest.approx(7 + 4 / 9)


def test_future_period_has_nothing_elapsed() -> None:
    # Tue Dec 1 – Fri Dec 4 2026, as of Nov 25
    p = resolve_period(
        PeriodKind.CUSTOM, at(2026, 11, 25), RU, start=date(2026, 12, 1), end=date(2026, 12, 4)
    )
    wt = work_time(p, RU)
    assert wt.days_total == 4
    assert wt.days_elapsed == 0


# --- month_workdays and months_between ----------------------------------------------


def test_month_workdays() -> None:
    assert month_workdays(2026, 11, RU) == 20
    week_off = frozenset(days(date(2026, 11, 16), date(2026, 11, 20)))
    assert month_workdays(2026, 11, RU, week_off) == 15  # 20 − Mon 16 … Fri 20
    # off days that are not working days change nothing: Sat Nov 7, Wed Nov 4 (holiday)
    assert month_workdays(2026, 11, RU, frozenset({date(2026, 11, 7), date(2026, 11, 4)})) == 20
    whole_month = frozenset(days(date(2026, 11, 1), date(2026, 11, 30)))
    assert month_workdays(2026, 11, RU, whole_month) == 0
    assert month_workdays(2024, 12, RU) == 21  # December: the month_end branch for month 12
    assert month_workdays(2024, 2, RU) == 20  # leap February


def test_months_between() -> None:
    assert months_between(date(2025, 11, 15), date(2026, 2, 3)) == [
        (2025, 11),
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]
    assert months_between(date(2026, 11, 1), date(2026, 11, 30)) == [(2026, 11)]
    assert months_between(date(2026, 12, 31), date(2027, 1, 1)) == [(2026, 12), (2027, 1)]
    # compared by (year, month) only: a reversed range inside one month still touches it
    assert months_between(date(2026, 11, 30), date(2026, 11, 1)) == [(2026, 11)]
    assert months_between(date(2026, 12, 1), date(2026, 11, 30)) == []
