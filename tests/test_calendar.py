"""The working-day calendar: official RU days, transfers, company overrides, the working day.

Every expected number below is counted by hand from a wall calendar and the official
production calendar (the government's transfer decrees), never recomputed by ropkit.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import dataclasses
from datetime import date, datetime, time

import holidays
import pytest

from ropkit.calendar import WorkCalendar, days, end_of_day

RU = WorkCalendar(country="RU")
PLAIN = WorkCalendar(country=None)  # Mon–Fri, no holidays at all


def month_count(cal: WorkCalendar, year: int, month: int) -> int:
    last = stdlib_calendar.monthrange(year, month)[1]
    return len(cal.workdays(date(year, month, 1), date(year, month, last)))


# Each month: Mon–Fri days of the month − official days off on weekdays + worked Saturdays.
OFFICIAL_2024 = {  # 2024-01-01 is a Monday; leap year
    1: 17,  # 23 weekdays − Jan 1–5, 8
    2: 20,  # 21 − Feb 23 (Fri)
    3: 20,  # 21 − Mar 8 (Fri)
    4: 21,  # 22 − Apr 29, 30 (transferred) + Sat Apr 27 worked
    5: 20,  # 23 − May 1, 9, 10
    6: 19,  # 20 − Jun 12 (Wed)
    7: 23,  # 23
    8: 22,  # 22
    9: 21,  # 21
    10: 23,  # 23
    11: 21,  # 21 − Nov 4 (Mon) + Sat Nov 2 worked
    12: 21,  # 22 − Dec 30, 31 (transferred) + Sat Dec 28 worked
}
OFFICIAL_2025 = {  # 2025-01-01 is a Wednesday
    1: 17,  # 23 weekdays − Jan 1–3, 6–8
    2: 20,  # 20 (Feb 23 is a Sunday, moved to May 8)
    3: 21,  # 21 (Mar 8 is a Saturday, moved to Jun 13)
    4: 22,  # 22
    5: 18,  # 22 − May 1, 2 (from Jan 4), 8 (from Feb 23), 9
    6: 19,  # 21 − Jun 12, 13 (from Mar 8)
    7: 23,  # 23
    8: 21,  # 21
    9: 22,  # 22
    10: 23,  # 23
    11: 19,  # 20 − Nov 3 (from Sat Nov 1), Nov 4 + Sat Nov 1 worked
    12: 22,  # 23 − Dec 31 (from Jan 5)
}
OFFICIAL_2026 = {  # 2026-01-01 is a Thursday
    1: 15,  # 22 weekdays − Jan 1, 2, 5–8, 9 (from Jan 3)
    2: 19,  # 20 − Feb 23 (Mon)
    3: 21,  # 22 − Mar 9 (Mar 8 is a Sunday)
    4: 22,  # 22
    5: 19,  # 21 − May 1, May 11 (May 9 is a Saturday)
    6: 21,  # 22 − Jun 12 (Fri)
    7: 23,  # 23
    8: 21,  # 21
    9: 22,  # 22
    10: 22,  # 22
    11: 20,  # 21 − Nov 4 (Wed)
    12: 22,  # 23 − Dec 31 (from Jan 4)
}


@pytest.mark.parametrize(("month", "expected"), OFFICIAL_2024.items())
def test_official_month_2024(month: int, expected: int) -> None:
    assert month_count(RU, 2024, month) == expected


@pytest.mark.parametrize(("month", "expected"), OFFICIAL_2025.items())
def test_official_month_2025(month: int, expected: int) -> None:
    assert month_count(RU, 2025, month) == expected


@pytest.mark.parametrize(("month", "expected"), OFFICIAL_2026.items())
def test_official_month_2026(month: int, expected: int) -> None:
    assert month_count(RU, 2026, month) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, 248),  # sum of the 2024 row: 17+20+20+21+20+19+23+22+21+23+21+21
        (2025, 247),  # 17+20+21+22+18+19+23+21+22+23+19+22
        (2026, 247),  # 15+19+21+22+19+21+23+21+22+22+20+22
    ],
)
def test_official_year_totals(year: int, expected: int) -> None:
    assert len(RU.workdays(date(year, 1, 1), date(year, 12, 31))) == expected


# Days where "Mon–Fri" gives the wrong answer: worked Saturdays and transferred days off.
# weekday: 0 = Monday … 5 = Saturday.
TRANSFERS = [
    (date(2024, 4, 27), 5, True),  # Saturday worked, for Mon Apr 29 off
    (date(2024, 4, 29), 0, False),
    (date(2024, 4, 30), 1, False),  # from Sat Nov 2
    (date(2024, 11, 2), 5, True),  # Saturday worked, for Tue Apr 30 off
    (date(2024, 12, 28), 5, True),  # Saturday worked, for Mon Dec 30 off
    (date(2024, 12, 30), 0, False),
    (date(2024, 12, 31), 1, False),  # from Sun Jan 7
    (date(2025, 5, 2), 4, False),  # from Sat Jan 4
    (date(2025, 5, 8), 3, False),  # from Sun Feb 23
    (date(2025, 6, 13), 4, False),  # from Sat Mar 8
    (date(2025, 11, 1), 5, True),  # Saturday worked, for Mon Nov 3 off
    (date(2025, 11, 3), 0, False),
    (date(2025, 12, 31), 2, False),  # from Sun Jan 5
    (date(2026, 1, 9), 4, False),  # from Sat Jan 3
    (date(2026, 3, 9), 0, False),  # Mar 8 fell on a Sunday
    (date(2026, 5, 11), 0, False),  # May 9 fell on a Saturday
    (date(2026, 12, 31), 3, False),  # from Sun Jan 4
]


@pytest.mark.parametrize(("day", "weekday", "expected"), TRANSFERS)
def test_transferred_days(day: date, weekday: int, expected: bool) -> None:
    assert day.weekday() == weekday  # the comment above names the right day of the week
    assert RU.is_workday(day) is expected
    assert PLAIN.is_workday(day) is not expected  # plain Mon–Fri gets every one of them wrong


def test_weekday_and_not_a_holiday_is_wrong_in_four_months() -> None:
    # The naive rule: Mon–Fri minus every date the holidays package lists (which includes
    # the transferred days off). It still misses the four worked Saturdays, so it is one
    # day short in exactly those months and right in the other 32.
    official = holidays.country_holidays("RU", years=[2024, 2025, 2026])
    naive = WorkCalendar(country=None, extra_holidays=frozenset(official))
    wrong = {
        (y, m): (month_count(naive, y, m), month_count(RU, y, m))
        for y in (2024, 2025, 2026)
        for m in range(1, 13)
        if month_count(naive, y, m) != month_count(RU, y, m)
    }
    assert wrong == {
        (2024, 4): (20, 21),  # misses Sat Apr 27
        (2024, 11): (20, 21),  # misses Sat Nov 2
        (2024, 12): (20, 21),  # misses Sat Dec 28
        (2025, 11): (18, 19),  # misses Sat Nov 1
    }


def test_ordinary_days() -> None:
    assert RU.is_workday(date(2026, 11, 5))  # a Thursday
    assert not RU.is_workday(date(2026, 11, 4))  # Wednesday, Unity Day
    assert not RU.is_workday(date(2026, 11, 7))  # an ordinary Saturday
    assert not RU.is_workday(date(2026, 11, 8))  # an ordinary Sunday


# --- company days on top of the official calendar -------------------------------------


def test_company_holiday_removes_a_working_day() -> None:
    cal = WorkCalendar(extra_holidays=frozenset({date(2026, 11, 5)}))
    assert not cal.is_workday(date(2026, 11, 5))
    assert cal.is_workday(date(2026, 11, 6))
    assert month_count(cal, 2026, 11) == 19  # 20 official − Nov 5


def test_company_workday_adds_a_saturday_and_an_official_holiday() -> None:
    cal = WorkCalendar(extra_workdays=frozenset({date(2026, 11, 7), date(2026, 11, 4)}))
    assert cal.is_workday(date(2026, 11, 7))  # Saturday
    assert cal.is_workday(date(2026, 11, 4))  # Unity Day: the company works
    assert not cal.is_workday(date(2026, 11, 8))
    assert month_count(cal, 2026, 11) == 22  # 20 official + Sat Nov 7 + Wed Nov 4


def test_company_holiday_wins_over_company_workday() -> None:
    day = date(2026, 11, 7)
    cal = WorkCalendar(extra_holidays=frozenset({day}), extra_workdays=frozenset({day}))
    assert not cal.is_workday(day)


def test_no_country_means_monday_to_friday() -> None:
    assert PLAIN.is_workday(date(2026, 11, 4))  # Unity Day is an ordinary Wednesday here
    assert PLAIN.is_workday(date(2026, 1, 1))
    assert not PLAIN.is_workday(date(2025, 11, 1))  # no worked Saturday either
    assert month_count(PLAIN, 2026, 1) == 22  # Jan 1, 2 + four full weeks Jan 5–30
    assert month_count(PLAIN, 2026, 11) == 21  # four full weeks Nov 2–27 + Mon Nov 30


def test_no_country_with_company_days() -> None:
    cal = WorkCalendar(
        country=None,
        extra_holidays=frozenset({date(2026, 11, 2)}),
        extra_workdays=frozenset({date(2026, 11, 28)}),
    )
    assert month_count(cal, 2026, 11) == 21  # 21 weekdays − Mon Nov 2 + Sat Nov 28


def test_replace_does_not_reuse_the_old_cache() -> None:
    cal = WorkCalendar(country=None)
    assert cal.is_workday(date(2026, 11, 5))  # fills the 2026 cache
    changed = dataclasses.replace(cal, extra_holidays=frozenset({date(2026, 11, 5)}))
    assert not changed.is_workday(date(2026, 11, 5))
    assert cal.is_workday(date(2026, 11, 5))


# --- workdays ------------------------------------------------------------------------


def test_workdays_less_off_days() -> None:
    got = RU.workdays(date(2026, 11, 2), date(2026, 11, 8), off=[date(2026, 11, 3)])
    # Mon 2, Tue 3 (off), Wed 4 (holiday), Thu 5, Fri 6, weekend
    assert got == [date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 6)]


def test_workdays_across_new_year() -> None:
    got = RU.workdays(date(2025, 12, 29), date(2026, 1, 12))
    # Dec 31 and Jan 1–9 are days off; Jan 10, 11 a weekend
    assert got == [date(2025, 12, 29), date(2025, 12, 30), date(2026, 1, 12)]


def test_workdays_empty_range() -> None:
    assert RU.workdays(date(2026, 11, 7), date(2026, 11, 8)) == []  # a weekend
    assert RU.workdays(date(2026, 11, 6), date(2026, 11, 5)) == []  # end before start


def test_days_is_inclusive_and_knows_leap_years() -> None:
    assert list(days(date(2024, 2, 28), date(2024, 3, 1))) == [
        date(2024, 2, 28),
        date(2024, 2, 29),
        date(2024, 3, 1),
    ]
    assert list(days(date(2026, 1, 1), date(2026, 1, 1))) == [date(2026, 1, 1)]


# --- the working day ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (time(8, 0), 0.0),  # before 09:00: nothing passed
        (time(9, 0), 0.0),
        (time(10, 30), 1.5 / 9),  # 1.5 h of the 9-hour 09:00–18:00 day
        (time(13, 0), 4 / 9),  # 4 h of 9
        (time(16, 0), 7 / 9),  # 7 h of 9
        (time(18, 0), 1.0),
        (time(20, 0), 1.0),  # after 18:00: capped at a whole day
        (time.max, 1.0),
    ],
)
def test_day_fraction(t: time, expected: float) -> None:
    assert RU.day_fraction(t) == pytest.approx(expected)


def test_day_fraction_other_hours() -> None:
    cal = WorkCalendar(day_start=time(10, 0), day_end=time(19, 0))
    assert cal.day_fraction(time(13, 0)) == pytest.approx(3 / 9)  # 10:00–13:00 of 9 h
    assert cal.day_fraction(time(9, 30)) == 0.0


def test_end_of_day() -> None:
    assert end_of_day(date(2026, 11, 25)) == datetime(2026, 11, 25, 23, 59, 59, 999999)


# --- the last n working days --------------------------------------------------------


def test_last_workdays_on_a_monday_skips_the_weekend() -> None:
    assert not RU.is_workday(date(2026, 11, 4))  # Wednesday, Unity Day
    assert RU.last_workdays(date(2026, 11, 9), 3) == [
        date(2026, 11, 5),  # Thu
        date(2026, 11, 6),  # Fri
        date(2026, 11, 9),  # Mon
    ]


def test_last_workdays_on_a_sunday_ends_on_friday() -> None:
    assert RU.last_workdays(date(2026, 11, 15), 3) == [
        date(2026, 11, 11),  # Wed
        date(2026, 11, 12),  # Thu
        date(2026, 11, 13),  # Fri
    ]
    # the Sunday before: Fri 6, Thu 5, then Wed 4 is a holiday, so Tue 3
    assert RU.last_workdays(date(2026, 11, 8), 3) == [
        date(2026, 11, 3),
        date(2026, 11, 5),
        date(2026, 11, 6),
    ]


def test_last_workdays_across_new_year_holidays() -> None:
    # Jan 1–9 2026 and Dec 31 2025 are off
    assert RU.last_workdays(date(2026, 1, 12), 3) == [
        date(2025, 12, 29),
        date(2025, 12, 30),
        date(2026, 1, 12),
    ]


def test_last_workdays_one_and_none() -> None:
    assert RU.last_workdays(date(2026, 11, 25), 1) == [date(2026, 11, 25)]
    # a calendar without a single working day gives up instead of looping forever
    never = WorkCalendar(
        country=None, extra_holidays=frozenset(days(date(2025, 1, 1), date(2026, 12, 31)))
    )
    assert never.last_workdays(date(2026, 6, 1), 3) == []
