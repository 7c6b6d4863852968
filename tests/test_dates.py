"""Date forms seen in re-saved exports (CRM_EXPORTS.md §6): ``DD-MM-YY``, 12-hour clocks,
and an explicit strftime format. Expected values are worked out by hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa
import pytest

from ropkit.sources.values import parse_datetime, parse_duration, parse_time


def _read(cells: Sequence[str | None], fmt: str | None = None) -> tuple[list[object], list[bool]]:
    parsed = parse_datetime(pa.array(list(cells), pa.string()), fmt=fmt)
    return parsed.values.to_pylist(), parsed.bad.to_pylist()


def test_two_digit_year_dashes_are_day_first_when_a_first_number_is_above_12() -> None:
    values, bad = _read(["20-10-16", "05-11-17 14:05", "01-02-18 09:30:15", "1-2-16", "", None])
    assert values == [
        datetime(2016, 10, 20),
        datetime(2017, 11, 5, 14, 5),
        datetime(2018, 2, 1, 9, 30, 15),
        datetime(2016, 2, 1),
        None,
        None,
    ]
    assert bad == [False] * 6


def test_two_digit_year_dashes_are_day_first_when_a_last_number_cannot_be_a_day() -> None:
    # 99 is no day of month, so the year is last; dashes are day-first as in DD-MM-YYYY
    values, bad = _read(["05-11-99", "03-04-16"])
    assert values == [datetime(1999, 11, 5), datetime(2016, 4, 3)]
    assert bad == [False, False]


def test_two_digit_year_dashes_are_month_first_when_a_middle_number_is_above_12() -> None:
    values, bad = _read(["10-20-16", "05-11-17"])
    assert values == [datetime(2016, 10, 20), datetime(2017, 5, 11)]
    assert bad == [False, False]


@pytest.mark.parametrize(
    "cells",
    [
        ["05-11-17", "06-10-16"],  # no evidence: 5 Nov or May 11? 2017 or 2005?
        ["20-10-16", "10-20-16"],  # both a day-first and a month-first cell: no order fits
        ["45-10-16"],  # 45 is neither day nor month
    ],
)
def test_two_digit_year_dashes_without_a_clear_order_stay_unread(cells: list[str]) -> None:
    values, bad = _read(cells)
    assert values == [None] * len(cells)
    assert bad == [True] * len(cells)


def test_short_dashes_keep_other_rules() -> None:
    values, bad = _read(["20-10-16", "31-04-16", "13.02.22", "20-10-2016", "17.03.2016 08:00"])
    assert values == [
        datetime(2016, 10, 20),
        None,  # 31 April: not rolled over into 1 May
        None,  # dotted two-digit years are still not guessed
        datetime(2016, 10, 20),
        datetime(2016, 3, 17, 8, 0),
    ]
    assert bad == [False, True, True, False, False]


def test_12_hour_clock_after_any_date_form() -> None:
    values, bad = _read(
        [
            "10/20/2016 2:05 PM",
            "5/3/2016 10:00:30 AM",
            "20.10.2016 10:00 AM",
            "2016-10-20 2:05pm",
            "2016-10-20T2:05 PM",
            "13-02-2022 12:05 a.m.",
            "20.10.2016 12:30 P.M.",
            "20.10.2016 11:59 pm",
            "20.10.2016",
        ]
    )
    assert values == [
        datetime(2016, 10, 20, 14, 5),
        datetime(2016, 5, 3, 10, 0, 30),  # slash order still month-first for the column
        datetime(2016, 10, 20, 10, 0),
        datetime(2016, 10, 20, 14, 5),
        datetime(2016, 10, 20, 14, 5),
        datetime(2022, 2, 13, 0, 5),
        datetime(2016, 10, 20, 12, 30),
        datetime(2016, 10, 20, 23, 59),
        datetime(2016, 10, 20),
    ]
    assert bad == [False] * 9


def test_12_hour_clock_decides_slash_order_with_the_whole_column() -> None:
    # 13/02 shows the column is day-first, so 5/3 is 5 March
    values, _ = _read(["13/02/2016 9:00 AM", "5/3/2016 2:05 PM"])
    assert values == [datetime(2016, 2, 13, 9, 0), datetime(2016, 3, 5, 14, 5)]


def test_12_hour_clock_after_two_digit_year_dashes() -> None:
    values, bad = _read(["20-10-16 2:05 PM", "01-11-16 12:00 AM"])
    assert values == [datetime(2016, 10, 20, 14, 5), datetime(2016, 11, 1, 0, 0)]
    assert bad == [False, False]


@pytest.mark.parametrize(
    "cell",
    [
        "2:05 PM",  # a time without a date is no date
        "20.10.2016 13:05 PM",  # no 13 o'clock on a 12-hour clock
        "20.10.2016 0:05 AM",
        "20.10.2016 2:65 PM",
        "20.10.201610:00 AM",  # the date and the time run together
        "20.10.2016 14:05 2:05 PM",
    ],
)
def test_broken_12_hour_cells_are_bad(cell: str) -> None:
    values, bad = _read(["20.10.2016", cell])
    assert values == [datetime(2016, 10, 20), None]
    assert bad == [False, True]


def test_explicit_format_reads_only_that_pattern() -> None:
    fits = ["20-10-16 2:05 PM", "01-11-16 12:00 am", "5-3-16 9:15 p.m."]
    empties = ["не закрыта", "", None]
    misfits = ["20.10.2016 14:05", "20-10-16", "31-04-16 1:00 PM"]
    values, bad = _read([*fits, *empties, *misfits], fmt="%d-%m-%y %I:%M %p")
    assert values == [
        datetime(2016, 10, 20, 14, 5),
        datetime(2016, 11, 1, 0, 0),
        datetime(2016, 3, 5, 21, 15),
        None,
        None,
        None,
        None,  # another form: not read, although the default would read it
        None,  # no time
        None,  # 31 April is no day
    ]
    assert bad == [False] * 6 + [True] * 3


def test_explicit_format_settles_what_the_column_cannot() -> None:
    # no evidence: the default leaves these unread, a format reads them
    cells = ["05-11-17", "06-10-16"]
    assert _read(cells)[1] == [True, True]
    assert _read(cells, fmt="%d-%m-%y")[0] == [datetime(2017, 11, 5), datetime(2016, 10, 6)]
    assert _read(cells, fmt="%m-%d-%y")[0] == [datetime(2017, 5, 11), datetime(2016, 6, 10)]
    # a four-digit-year format does not read a two-digit year as year 17
    assert _read(["05.11.17"], fmt="%d.%m.%Y") == ([None], [True])


def test_explicit_format_checks_the_day_wherever_it_stands() -> None:
    values, bad = _read(["04/31/2016", "05/01/2016", "2/29/2016", "2/29/2017"], fmt="%m/%d/%Y")
    assert values == [None, datetime(2016, 5, 1), datetime(2016, 2, 29), None]
    assert bad == [True, False, False, True]


def test_large_string_columns_read_12_hour_clocks() -> None:
    parsed = parse_datetime(pa.array(["20-10-16 2:05 PM", None], pa.large_string()))
    assert parsed.values.to_pylist() == [datetime(2016, 10, 20, 14, 5), None]


def test_time_of_day_in_its_own_column() -> None:
    twelve = ["12:05 AM", "12:05 PM", "2:05 PM", "2:05pm", "10:00:30 a.m.", "12:00 am"]
    plain = ["14:35", "09:05:07", "", None]
    broken = ["13:05 PM", "25:00", "10:75", "вчера", "20.10.2016 2:05 PM"]
    parsed = parse_time(pa.array([*twelve, *plain, *broken], pa.string()))
    assert parsed.values.to_pylist() == [
        300,  # 12:05 AM is five minutes past midnight
        43500,  # 12 h 5 min
        50700,  # 14 h 5 min
        50700,
        36030,  # 10 h 0 min 30 s
        0,
        52500,  # 14:35 is 14 h 35 min, not 14 min 35 s
        32707,  # 9 h 5 min 7 s
        None,
        None,
        *[None] * 5,
    ]
    assert parsed.bad.to_pylist() == [False] * 10 + [True] * 5


def test_durations_still_read_minutes_and_seconds() -> None:
    parsed = parse_duration(pa.array(["1:05", "0:01:05", "65", "1 мин, 5 сек"]))
    assert parsed.values.to_pylist() == [65, 65, 65, 65]


# -- the fixed-width fast path: it must read exactly what the general reading reads -------

_LAYOUTS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)


def _general(arr: pa.Array) -> pa.Array:
    """The reading without the fast path: every format tried column-wide."""
    from ropkit.sources import values

    text, empty = values._clean(arr)
    return values._try_formats(text, empty, pa.nulls(len(text), pa.timestamp("s")), [])


@pytest.mark.parametrize("layout", _LAYOUTS)
def test_fixed_width_dates_read_as_the_general_reading_does(layout: str) -> None:
    from ropkit.sources.values import _fixed_width

    rng = __import__("numpy").random.default_rng(7)
    # 1900-01-01 … 2030-12-31, leap days and month ends included by the spread
    seconds = rng.integers(-2_208_988_800, 1_924_991_999, 20_000)
    stamps = pa.array(seconds.astype("datetime64[s]"))
    import pyarrow.compute as pc

    text = pc.strftime(stamps, format=layout)
    for cells in (text, text.cast(pa.binary()), text.slice(13, 5000)):
        fast = _fixed_width(cells)
        assert fast is not None
        assert fast.equals(_general(cells))
    whole = parse_datetime(text)
    assert whole.values.equals(_general(text)) and not any(whole.bad.to_pylist())


@pytest.mark.parametrize(
    "cell",
    [
        "31.04.2026",
        "29.02.2025",
        "01.13.2026",
        "00.01.2026",
        "01.01.1899",
        "24.01.2026 24:00:00",
        "2026-02-2a",
        "2026/02/28",
        "01.00.2026",
        "12.01.2026 10:60",
    ],
)
def test_fixed_width_leaves_what_is_no_date_to_the_general_reading(cell: str) -> None:
    from ropkit.sources.values import _fixed_width

    cells = pa.array([cell, "01.02.2026"[: len(cell)] if len(cell) == 10 else cell])
    assert _fixed_width(cells) is None
    assert parse_datetime(pa.array([cell])).values.to_pylist() == [None]


def test_fixed_width_needs_every_cell_filled_and_of_one_width() -> None:
    from ropkit.sources.values import _fixed_width

    assert _fixed_width(pa.array(["01.02.2026", None])) is None
    assert _fixed_width(pa.array(["01.02.2026", "1.02.2026 "])) is None
    assert _fixed_width(pa.array(["29.02.2024", "01.03.2024"])).to_pylist() == [
        datetime(2024, 2, 29),
        datetime(2024, 3, 1),
    ]
