"""Cell values as CRMs write them, parsed column-at-a-time with Arrow compute.

Every parser takes a string array and returns the parsed array plus a mask of cells that
were not empty but could not be read, so the caller can reject those rows with a reason.
Pure: no I/O. Arrow's ``strptime`` parses 1.25M dates in ~0.1 s (pandas' ``to_datetime``
with a format takes seconds), so every format is tried column-wide, not cell by cell.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_DAY_DOT = r"^(?P<d>\d{1,2})\."
_DAY_ISO = r"^\d{4}-\d{1,2}-(?P<d>\d{1,2})"
_DAY_DASH = r"^(?P<d>\d{1,2})-"
_DAY_SLASH_FIRST = r"^(?P<d>\d{1,2})/"
_DAY_SLASH_SECOND = r"^\d{1,2}/(?P<d>\d{1,2})/"

#: (strptime format, regex that extracts the day of month from the same text)
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%d.%m.%Y %H:%M:%S", _DAY_DOT),
    ("%d.%m.%Y %H:%M", _DAY_DOT),
    ("%d.%m.%Y", _DAY_DOT),
    ("%Y-%m-%d %H:%M:%S", _DAY_ISO),
    ("%Y-%m-%dT%H:%M:%S", _DAY_ISO),
    ("%Y-%m-%d %H:%M", _DAY_ISO),
    ("%Y-%m-%dT%H:%M", _DAY_ISO),
    ("%Y-%m-%d", _DAY_ISO),
    ("%d-%m-%Y %H:%M:%S", _DAY_DASH),
    ("%d-%m-%Y %H:%M", _DAY_DASH),
    ("%d-%m-%Y", _DAY_DASH),
)
#: the times that may follow a date whose order the column decides
_TIME_TAILS = (" %H:%M:%S", " %H:%M", "")
#: slash dates: month first (US, HubSpot) unless the column shows a day above 12 first
_SLASH_RE = r"^\s*(?P<a>\d{1,2})/(?P<b>\d{1,2})/\d{4}"
#: dashed dates with a two-digit year ("20-10-16"): read only when the column decides the order
_SHORT_DASH_RE = r"^(?P<a>\d{1,2})-(?P<b>\d{1,2})-(?P<c>\d{2})(?:\s|$)"
_SHORT_DASH_DAY_FIRST = ("%d-%m-%y", _DAY_DASH)
_SHORT_DASH_MONTH_FIRST = ("%m-%d-%y", r"^\d{1,2}-(?P<d>\d{1,2})-")
#: a 12-hour clock ending a cell, after a date or alone: "10/20/2016 2:05 PM", "10:00:30am",
#: "2:05 p.m."; the date part is followed by spaces or ISO's "T"
_AMPM_RE = (
    r"(?i)^(?:(?P<date>.*?\S)(?:\s+|T))?(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"\s*(?P<p>[ap])\.?\s?m\.?$"
)
_AMPM_HINT_RE = r"(?i)\d\s*[ap]\.?\s?m\.?$"  # cheap test whether a cell may end so
_AMPM_DOTS_RE = r"(?i)([ap])\.\s?m\.?$"  # "p.m." -> "pm" for an explicit format's %p
#: cells that mean "no date" rather than a broken one (amoCRM writes «не закрыта»)
NO_DATE = ("не закрыта", "не закрыт", "нет", "—", "–", "-", "n/a", "none", "null")
#: dates CRMs put where nothing was entered (Bitrix24: 01.01.2000)
PLACEHOLDER_DATES = ("2000-01-01", "1900-01-01", "1970-01-01")
_MIN_YEAR = 1900
#: a time followed by fractions of a second and/or a zone: "…T17:19:00.123+03:00", "…Z"
_ISO_TAIL_RE = r"\d:\d\d(:\d\d)?(\.\d+|Z|[+-]\d\d:?\d\d)+$"
_ISO_CUT_RE = r"^(.*?\d:\d\d(?::\d\d)?)(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?$"
_SERIAL_RE = r"^\d{5}(\.\d+)?$"  # Excel serial day numbers (45631 = 2024-12-05)
_SERIAL_EPOCH_DAYS = 25569  # days from 1899-12-30 (Excel's day 0) to 1970-01-01
_NUMBER_RE = r"^[-+]?(\d+(\.\d*)?|\.\d+)$"
_NOISE_RE = r"[\s\x{00a0}\x{202f}]|₽|руб\.?|р\.|RUB|rub|\$|€"
# Bitrix24 task statuses (tasks.xls «Статус»): «Завершена», «Ждёт контроля» (done, awaiting
# the creator's check) and «Отклонена» (closed: nothing left to do) are done; «Новая»,
# «Ждёт выполнения», «Выполняется», «Отложена» are not
_TRUE = (
    "1",
    "да",
    "yes",
    "true",
    "y",
    "выполнено",
    "выполнена",
    "done",
    "завершено",
    "завершена",
    "ждёт контроля",
    "ждет контроля",
    "отклонена",
    "+",
)
_FALSE = (
    "0",
    "нет",
    "no",
    "false",
    "n",
    "не выполнено",
    "не выполнена",
    "to do",
    "-",
    "ожидает выполнения",
    "просрочено",
    "просрочена",
    "в работе",
    "запланировано",
    "open",
    "новая",
    "ждёт выполнения",
    "ждет выполнения",
    "выполняется",
    "отложена",
)
#: "1 ч 2 мин 5 сек", "2 мин, 5 сек", "45 сек", "3 мин", "1h 2m 5s"
_UNITS_RE = (
    r"^(?:(?P<h>\d+)\s*(?:ч|час\w*|h)\.?,?\s*)?(?:(?P<m>\d+)\s*(?:мин\w*|m|min)\.?,?\s*)?"
    r"(?:(?P<s>\d+)\s*(?:сек\w*|s|sec)\.?)?$"
)
_CLOCK_RE = r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?:\.\d+)?$"  # h:mm:ss or mm:ss
_TIME_OF_DAY_RE = r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?$"  # hh:mm[:ss]
_DASHES = ("—", "–", "-", "&mdash;")
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Parsed:
    """A parsed column: the values (null where empty or unreadable) and which cells were bad."""

    values: pa.Array
    bad: pa.Array  # bool: not empty and not readable
    # what the whole column decided for every cell (``slash:DM``: day-first slash dates;
    # ``commas:thousands``): the same cells read among other rows may read otherwise
    how: tuple[str, ...] = ()


def _as_string(arr: pa.Array) -> pa.Array:
    """Text cells as Arrow strings; a column over 2 GiB (long comments) stays a large one."""
    return arr if pa.types.is_large_string(arr.type) else arr.cast(pa.string())


def _clean(arr: pa.Array) -> tuple[pa.Array, pa.Array]:
    text = pc.utf8_trim_whitespace(_as_string(arr))
    empty = pc.fill_null(pc.equal(text, ""), True)
    return text, empty


def _null(kind: pa.DataType) -> pa.Scalar:
    return pa.scalar(None, kind)


def _day_checked(
    text: pa.Array, got: pa.Array, day_re: str | None, unmatched_ok: bool = False
) -> pa.Array:
    """Keep only values whose day is the day written: Arrow rolls 31.04 over into 01.05.

    A rolled-over date lands on day 1–3 of the next month, so only those rows are checked.
    Without ``day_re`` only years before 1900 are dropped; with ``unmatched_ok`` a cell that
    ``day_re`` does not match keeps its value (an explicit format, whose regex is a guess).
    """
    old = pc.fill_null(pc.less(pc.year(got), _MIN_YEAR), False)
    early = pc.indices_nonzero(pc.fill_null(pc.less_equal(pc.day(got), 3), False))
    wrong = np.zeros(len(got), dtype=bool)
    if len(early) and day_re is not None:
        day = pc.struct_field(pc.extract_regex(pc.take(text, early), day_re), [0])
        same = pc.equal(pc.day(pc.take(got, early)), pc.cast(day, pa.int64(), safe=False))
        same = pc.fill_null(same, unmatched_ok)
        wrong[early.to_numpy()[~same.to_numpy(zero_copy_only=False)]] = True
    drop = pc.or_(old, pa.array(wrong))
    return pc.if_else(drop, _null(pa.timestamp("s")), got)


def _slash_formats(text: pa.Array, how: list[str]) -> list[tuple[str, str]]:
    """Month-first unless some cell has a first number above 12 (then day-first, UK/RU)."""
    parts = pc.extract_regex(text, _SLASH_RE)
    first = pc.cast(pc.struct_field(parts, [0]), pa.int64(), safe=False)
    day_first = (pc.max(first).as_py() or 0) > 12
    how.append("slash:DM" if day_first else "slash:MD")
    if day_first:
        return [("%d/%m/%Y" + tail, _DAY_SLASH_FIRST) for tail in _TIME_TAILS]
    return [("%m/%d/%Y" + tail, _DAY_SLASH_SECOND) for tail in _TIME_TAILS]


def _short_dash_formats(text: pa.Array, how: list[str]) -> list[tuple[str, str]]:
    """Two-digit-year dashed dates (``20-10-16``) in the order the column shows, else none.

    Day-first (``DD-MM-YY``, as four-digit-year dashed dates are read) when some first number
    is above 12 (no month) or some last one above 31 (no day: the year is last, not first);
    month-first (``MM-DD-YY``) when some middle number is above 12. A column that shows
    neither, or both, stays unread: a two-digit year is not guessed.
    """
    parts = pc.extract_regex(text, _SHORT_DASH_RE)
    if parts.null_count == len(parts):
        return []
    a, b, c = (
        pc.max(pc.cast(pc.struct_field(parts, [i]), pa.int64(), safe=False)).as_py() or 0
        for i in range(3)
    )
    if a <= 31 and b <= 12 and (a > 12 or c > 31):
        fmt, day_re = _SHORT_DASH_DAY_FIRST
        how.append("dash:DM")
    elif a <= 12 and 12 < b <= 31:
        fmt, day_re = _SHORT_DASH_MONTH_FIRST
        how.append("dash:MD")
    else:
        how.append("dash:none")
        return []
    return [(fmt + tail, day_re) for tail in _TIME_TAILS]


def parse_datetime(arr: pa.Array, *, fmt: str | None = None) -> Parsed:
    """Dates and date-times as CRMs write them, to timestamps (seconds).

    ``DD.MM.YYYY[ HH:MM[:SS]]``, ISO, ``DD-MM-YYYY …``, slash dates (``M/D/YYYY`` unless the
    column shows it is ``D/M/YYYY``), ``DD-MM-YY`` where the column shows the order (see
    ``_short_dash_formats``), Excel serial numbers; any of them may end in a 12-hour clock
    (``10/20/2016 2:05 PM``); «не закрыта» and dashes are empty.

    ``fmt`` (one strftime pattern, e.g. ``"%d-%m-%y %I:%M %p"``) reads the cells with that
    pattern only: cells it does not fit are bad.
    """
    if fmt is None:
        fixed = _fixed_width(arr)
        if fixed is not None:
            return Parsed(fixed, pa.array(np.zeros(len(arr), bool)))
    text, empty = _clean(arr)
    if fmt is not None:
        return _parse_with_format(text, empty, fmt)
    how: list[str] = []
    result = _try_formats(text, empty, pa.nulls(len(text), pa.timestamp("s")), how)
    # the rarer forms are looked at only when some cells are still unread
    if pc.any(_unread(result, empty)).as_py():
        empty = pc.or_(empty, pc.is_in(pc.utf8_lower(text), pa.array(NO_DATE)))
        if _any_unread_match(text, _unread(result, empty), _AMPM_HINT_RE):
            # a 12-hour clock is rewritten as "HH:MM:SS" after its date and read again
            text = _to_24_hour(text)
            result = _try_formats(text, empty, result, how)
        if pc.any(pc.match_substring_regex(text, _ISO_TAIL_RE)).as_py():
            # API-style ISO stamps: the wall-clock time as written, fractions and zone dropped
            cut = pc.replace_substring_regex(text, _ISO_CUT_RE, r"\1")
            result = _try_formats(cut, empty, result, how)
        if _any_unread_match(text, _unread(result, empty), _SHORT_DASH_RE):
            result = _fill(text, empty, result, _short_dash_formats(text, how))
        missing = _unread(result, empty)
        serial = pc.and_(missing, pc.fill_null(pc.match_substring_regex(text, _SERIAL_RE), False))
        if pc.any(serial).as_py():
            days = pc.cast(pc.if_else(serial, text, _null(pa.string())), pa.float64())
            seconds = pc.round(pc.multiply(pc.subtract(days, _SERIAL_EPOCH_DAYS), 86400.0))
            stamps = pc.cast(pc.cast(seconds, pa.int64()), pa.timestamp("s"))
            result = pc.coalesce(result, stamps)
    return Parsed(result, _unread(result, empty), tuple(dict.fromkeys(how)))


#: fixed-width layouts read with numpy: (text length, "D" day "M" month "Y" year "h" hour
#: "m" minute "s" second digits, other signs as written); a 1.25M-row column in ~40 ms
_FIXED_LAYOUTS = (
    "DD.MM.YYYY hh:mm:ss",
    "DD.MM.YYYY hh:mm",
    "DD.MM.YYYY",
    "YYYY-MM-DD hh:mm:ss",
    "YYYY-MM-DDThh:mm:ss",
    "YYYY-MM-DD",
)


def _fixed_width(arr: pa.Array) -> pa.Array | None:
    """The common case read at numpy speed: every cell filled, of one width and one of
    :data:`_FIXED_LAYOUTS`, each a real date and time from 1900 on. Else None, and the
    general reading decides (bad cells, other formats, blanks)."""
    if (
        not len(arr)
        or arr.null_count
        or not (pa.types.is_string(arr.type) or pa.types.is_binary(arr.type))
    ):
        return None
    offsets = np.frombuffer(arr.buffers()[1], np.int32)[arr.offset : arr.offset + len(arr) + 1]
    width = int(offsets[1] - offsets[0])
    layouts = [layout for layout in _FIXED_LAYOUTS if len(layout) == width]
    if not layouts or not (np.diff(offsets) == width).all():
        return None
    cells = np.frombuffer(arr.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    for layout in layouts:
        stamps = _read_layout(cells, len(arr), layout)
        if stamps is not None:
            return pa.array(stamps, pa.timestamp("s"))
    return None


#: two ASCII digits, read as one little-endian 16-bit number, to their value (255: not two
#: digits): each two-digit field of a million cells is one look-up
_PAIRS = np.full(1 << 16, 255, np.uint8)
_PAIRS[(48 + np.arange(10))[:, None] | ((48 + np.arange(10)) << 8)[None, :]] = np.arange(
    100
).reshape(10, 10)


def _read_layout(cells: Any, n: int, layout: str) -> Any:
    """Seconds since 1970 of ``n`` cells of ``len(layout)`` bytes each, back to back in
    ``cells``, written as ``layout``; None unless every one is so written and is a real
    moment from 1900 on."""
    width = len(layout)

    def column(at: int, kind: Any) -> Any:  # the byte (or two) at ``at`` of every cell
        return np.ndarray((n,), kind, cells, at, (width,))

    for at, sign in enumerate(layout):
        if sign not in "DMYhms" and not (column(at, np.uint8) == ord(sign)).all():
            return None
    pairs: dict[str, list[Any]] = {}  # letter -> its two-digit parts (0-99), first first
    for letter in "YMDhms":
        at = layout.find(letter)
        pairs[letter] = (
            []
            if at < 0
            else [_PAIRS[column(pair, "<u2")] for pair in range(at, at + layout.count(letter), 2)]
        )
        if any((part == 255).any() for part in pairs[letter]):
            return None

    def small(letter: str) -> Any:  # a field of one pair (0 where the layout has none)
        return pairs[letter][0] if pairs[letter] else np.zeros(n, np.uint8)

    month, day, hour, minute, second = (small(letter) for letter in "MDhms")
    high, low = pairs["Y"]
    # (uint8 arithmetic wraps round: month 0 becomes 255, not below 1)
    if not (
        (high >= _MIN_YEAR // 100).all()
        and ((month - np.uint8(1)) < 12).all()
        and ((day - np.uint8(1)) < 31).all()
        and ((hour < 24) & (minute < 60) & (second < 60)).all()
    ):
        return None
    months = (high.astype(np.int32) * 100 + low - 1970) * 12 + month - 1
    first_month = int(months.min())
    # the first day of each month from the earliest to the one after the latest, in days
    firsts = np.arange(first_month, int(months.max()) + 2).astype("datetime64[M]")
    firsts = firsts.astype("datetime64[D]").astype(np.int64)
    at_month = months - first_month
    if not (day <= np.diff(firsts)[at_month]).all():  # 31.04 is no date
        return None
    clock = hour.astype(np.int32) * 3600 + minute.astype(np.int32) * 60 + second
    return (firsts[at_month] + day - 1) * 86400 + clock


def _unread(result: pa.Array, empty: pa.Array) -> pa.Array:
    """Cells that are not empty and have no value yet."""
    return pc.and_(pc.is_null(result), pc.invert(empty))


def _any_unread_match(text: pa.Array, unread: pa.Array, pattern: str) -> bool:
    """Whether some unread cell matches ``pattern`` (only the unread ones are searched)."""
    return bool(pc.any(pc.match_substring_regex(pc.filter(text, unread), pattern)).as_py())


def _try_formats(text: pa.Array, empty: pa.Array, result: pa.Array, how: list[str]) -> pa.Array:
    """Fill the unread cells of ``result`` with every date format that reads them (the
    order of slash dates the column shows told in ``how``)."""
    formats = list(DATE_FORMATS)
    if pc.any(pc.match_substring(text, "/")).as_py():
        formats += _slash_formats(text, how)
    return _fill(text, empty, result, formats)


def _fill(
    text: pa.Array, empty: pa.Array, result: pa.Array, formats: list[tuple[str, str]]
) -> pa.Array:
    """Fill the unread cells of ``result`` with each of ``formats`` in turn."""
    for fmt, day_re in formats:
        if not pc.any(_unread(result, empty)).as_py():
            break
        got = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
        result = pc.coalesce(result, _day_checked(text, got, day_re))
    return result


def _parse_with_format(text: pa.Array, empty: pa.Array, fmt: str) -> Parsed:
    """Every cell read with the one strftime pattern ``fmt``; «не закрыта» and dashes are empty."""
    empty = pc.or_(empty, pc.is_in(pc.utf8_lower(text), pa.array(NO_DATE)))
    if "%p" in fmt:  # strptime knows "PM" and "pm", not "p.m."
        text = pc.replace_substring_regex(text, _AMPM_DOTS_RE, r"\1m")
    got = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
    result = _day_checked(text, got, _format_day_re(fmt), unmatched_ok=True)
    return Parsed(result, _unread(result, empty))


#: strftime shorthands spelled out, so the day inside them is found
_FORMAT_SHORTHANDS = {"%D": "%m/%d/%y", "%F": "%Y-%m-%d", "%T": "%H:%M:%S", "%R": "%H:%M"}
#: what a strftime directive that may stand before the day reads, as a regex
_FORMAT_PIECES = {
    **dict.fromkeys("YyCGgmHIMSjUWVwu", r"\s*[+-]?\d+"),
    **dict.fromkeys("pbBhaA", r"\s*[^\s\d]+"),
    "n": r"\s*",
    "t": r"\s*",
    "%": "%",
}


def _format_day_re(fmt: str) -> str | None:
    """A regex that takes the day of month from text written as ``fmt``; None when ``fmt``
    writes no day, or something before it that this does not know."""
    for short, full in _FORMAT_SHORTHANDS.items():
        fmt = fmt.replace(short, full)
    pieces = ["^"]
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            i += 2
            if code in "de":
                return "".join([*pieces, r"\s*(?P<d>\d{1,2})"])
            piece = _FORMAT_PIECES.get(code)
            if piece is None:
                return None
            pieces.append(piece)
        else:
            pieces.append(r"\s*" if char.isspace() else re.escape(char))
            i += 1
    return None


def _ampm_parts(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Cells that end in a 12-hour clock: the regex parts (date, h, m, s, a/p) and the hour
    on a 24-hour clock (12 AM is 0, 12 PM is 12), null where no such clock or the hour is
    not 1–12."""
    parts = pc.extract_regex(text, _AMPM_RE)
    hour = pc.cast(pc.struct_field(parts, [1]), pa.int64(), safe=False)
    pm = pc.equal(pc.utf8_lower(pc.struct_field(parts, [4])), "p")
    hour24 = pc.add(pc.if_else(pc.equal(hour, 12), 0, hour), pc.if_else(pm, 12, 0))
    known = pc.and_(pc.greater_equal(hour, 1), pc.less_equal(hour, 12))
    return parts, pc.if_else(known, hour24, _null(pa.int64()))


def _to_24_hour(text: pa.Array) -> pa.Array:
    """Cells ending in a 12-hour clock rewritten as ``<date> HH:MM:SS``; others as they were."""
    parts, hour = _ampm_parts(text)
    kind = text.type

    def field(index: int) -> pa.Array:
        return pc.cast(pc.struct_field(parts, [index]), kind)

    date, minute, second = field(0), field(2), field(3)
    second = pc.if_else(pc.equal(second, ""), pa.scalar("00", kind), second)
    gap = pc.if_else(pc.equal(date, ""), pa.scalar("", kind), pa.scalar(" ", kind))
    hh = pc.utf8_lpad(pc.cast(hour, kind), width=2, padding="0")
    colon = pa.scalar(":", kind)
    clock = pc.binary_join_element_wise(
        date, gap, hh, colon, minute, colon, second, pa.scalar("", kind)
    )
    return pc.coalesce(clock, text)


def _seconds(hour: pa.Array, minute: pa.Array, second: pa.Array) -> pa.Array:
    """Hours, minutes and seconds (text, "" for none) as seconds; null where the hour is null
    or a minute or second is above 59."""
    m = pc.cast(minute, pa.int64(), safe=False)
    s = pc.cast(pc.if_else(pc.equal(second, ""), "0", second), pa.int64(), safe=False)
    total = pc.add(pc.add(pc.multiply(hour, 3600), pc.multiply(m, 60)), s)
    fits = pc.and_(pc.less_equal(m, 59), pc.less_equal(s, 59))
    return pc.cast(pc.if_else(fits, total, _null(pa.int64())), pa.float64())


def parse_time(arr: pa.Array) -> Parsed:
    """A time of day (``14:35``, ``14:35:07``, ``2:05 PM``, ``10:00:30 a.m.``) as seconds
    since midnight; an hour above 23 (or a 12-hour one outside 1–12) is bad."""
    text, empty = _clean(arr)
    parts = pc.extract_regex(text, _TIME_OF_DAY_RE)
    hour = pc.cast(pc.struct_field(parts, [0]), pa.int64(), safe=False)
    hour = pc.if_else(pc.less_equal(hour, 23), hour, _null(pa.int64()))
    result = _seconds(hour, pc.struct_field(parts, [1]), pc.struct_field(parts, [2]))
    if _any_unread_match(text, _unread(result, empty), _AMPM_HINT_RE):
        parts, hour = _ampm_parts(text)
        alone = pc.equal(pc.struct_field(parts, [0]), "")  # no date before the clock
        hour = pc.if_else(alone, hour, _null(pa.int64()))
        clock = _seconds(hour, pc.struct_field(parts, [2]), pc.struct_field(parts, [3]))
        result = pc.coalesce(result, clock)
    return Parsed(result, _unread(result, empty))


def parse_duration(arr: pa.Array) -> Parsed:
    """Durations to seconds: ``65``, ``1:05``, ``0:01:05``, ``1 мин, 5 сек``, ``45 сек``."""
    text, empty = _clean(arr)
    low = pc.utf8_lower(text)
    result = pa.nulls(len(text), pa.float64())
    for pattern in (_CLOCK_RE, _UNITS_RE):
        parts = pc.extract_regex(low, pattern)
        total = None
        for name, scale in (("h", 3600.0), ("m", 60.0), ("s", 1.0)):
            field = pc.struct_field(parts, [("h", "m", "s").index(name)])
            value = pc.cast(pc.if_else(pc.equal(field, ""), "0", field), pa.float64(), safe=False)
            term = pc.multiply(pc.fill_null(value, 0.0), scale)
            total = term if total is None else pc.add(total, term)
        matched = pc.and_(pc.is_valid(parts), pc.invert(empty))
        if pattern == _UNITS_RE:  # an all-optional pattern matches "" too: require a digit
            matched = pc.and_(matched, pc.match_substring_regex(low, r"\d"))
        result = pc.coalesce(result, pc.if_else(matched, total, _null(pa.float64())))
    plain = parse_number(text)
    result = pc.coalesce(result, plain.values)
    bad = pc.and_(pc.is_null(result), pc.invert(empty))
    return Parsed(result, bad, plain.how)


def parse_number(arr: pa.Array) -> Parsed:
    """Amounts and counts: ``1 234 567,89``, ``33816.5``, ``12 000 руб.``, ``1 500 ₽``."""
    text, empty = _clean(arr)
    text = pc.replace_substring_regex(text, _NOISE_RE, "")
    # "1,234.50": the last of , and . is the decimal mark, the other groups thousands
    both = pc.fill_null(pc.match_substring_regex(text, r"\d,\d{3}\.\d"), False)
    text = pc.if_else(both, pc.replace_substring(text, ",", ""), text)
    both_ru = pc.fill_null(pc.match_substring_regex(text, r"\d\.\d{3},\d"), False)
    text = pc.if_else(both_ru, pc.replace_substring(text, ".", ""), text)
    grouped = _commas_group_thousands(text)
    if grouped:
        text = pc.replace_substring(text, ",", "")
    text = pc.replace_substring(text, ",", ".")
    ok = pc.fill_null(pc.match_substring_regex(text, _NUMBER_RE), False)
    values = pc.cast(pc.if_else(ok, text, _null(pa.string())), pa.float64())
    bad = pc.and_(pc.invert(ok), pc.invert(empty))
    return Parsed(values, bad, ("commas:thousands",) if grouped else ())


def _commas_group_thousands(text: pa.Array) -> bool:
    """A column whose every comma stands before exactly three digits in groups ("12,500",
    "1,234,567") is a US export; one comma with one or two digits after it ("1,5", "12,50")
    makes the whole column Russian decimals."""
    has_comma = pc.fill_null(pc.match_substring(text, ","), False)
    if not pc.any(has_comma).as_py():
        return False
    grouped = pc.fill_null(pc.match_substring_regex(text, r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"), False)
    return bool(pc.all(pc.or_(pc.invert(has_comma), grouped)).as_py())


def parse_bool(arr: pa.Array) -> Parsed:
    """Done flags: ``да/нет``, ``Выполнено/Не выполнено``, ``Done/To do``, ``1/0``."""
    return _per_distinct(arr, _parse_bool_values)


def _parse_bool_values(arr: pa.Array) -> Parsed:
    text, empty = _clean(arr)
    low = pc.utf8_lower(text)
    yes = pc.is_in(low, pa.array(_TRUE))
    no = pc.is_in(low, pa.array(_FALSE))
    values = pc.if_else(yes, True, pc.if_else(no, False, _null(pa.bool_())))
    bad = pc.and_(pc.and_(pc.invert(yes), pc.invert(no)), pc.invert(empty))
    return Parsed(values, bad)


def clean_text(value: str) -> str:
    """A cell as a person reads it: HTML tags stripped, entities decoded, spaces collapsed."""
    if "<" in value:
        value = _TAG_RE.sub(" ", value)
    if "&" in value:
        value = html.unescape(value)
    return _SPACE_RE.sub(" ", value).strip()


def parse_text(arr: pa.Array) -> Parsed:
    """Text cells: HTML cleaned, spaces collapsed; empty and dash-only cells become null.

    A column of few distinct values (managers, types, stages) is cleaned once per value.
    """
    return _per_distinct(arr, _parse_text_values)


def parse_ids(arr: pa.Array) -> Parsed:
    """Text whose values mostly differ (ids): cleaned cell by cell, no distinct-value pass.
    A column of digits only (CRM ids) has nothing to clean."""
    text = _as_string(arr)
    if len(text) and not text.null_count and pc.all(pc.ascii_is_decimal(text)).as_py():
        return Parsed(text, pa.array(np.zeros(len(text), bool)))
    return _parse_text_values(arr)


def _per_distinct(arr: pa.Array, parse: Callable[[pa.Array], Parsed]) -> Parsed:
    """``parse`` once per distinct value when values repeat (50 names in 1.25M rows); text
    comes out as a dictionary array (one copy of each value, as pandas' categories)."""
    coded = pa.types.is_dictionary(arr.type)
    codes = arr if coded else pc.dictionary_encode(_as_string(arr))
    if coded or len(codes.dictionary) * 10 < max(len(arr), 1):
        words = parse(_as_string(codes.dictionary))
        bad = pc.fill_null(pc.take(words.bad, codes.indices), False)
        return Parsed(_spread(words.values, codes.indices), bad)
    return parse(arr)


def _spread(values: pa.Array, indices: pa.Array) -> pa.Array:
    """``values`` (one per distinct cell) taken by ``indices``: text as a dictionary array
    of the distinct non-empty values (two cells cleaned to one value share it)."""
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return pc.take(values, indices)
    distinct = pc.unique(pc.drop_null(values))
    return pa.DictionaryArray.from_arrays(pc.take(pc.index_in(values, distinct), indices), distinct)


def _parse_text_values(arr: pa.Array) -> Parsed:
    text, empty = _clean(arr)
    if pc.any(pc.match_substring_regex(text, r"[<&]|\s\s|[\t\n\r]")).as_py():
        uniques = pc.unique(text)
        cleaned = pa.array(
            [clean_text(v) if v is not None else None for v in uniques.to_pylist()], text.type
        )
        text = pc.take(cleaned, pc.index_in(text, uniques))
        empty = pc.fill_null(pc.equal(text, ""), True)
    empty = pc.or_(empty, pc.is_in(text, pa.array(_DASHES)))
    values = pc.if_else(empty, _null(text.type), text)
    return Parsed(values, pc.and_(empty, pc.invert(empty)))  # text is never unreadable


def row_codes(columns: list[pa.Array]) -> Any:
    """One integer per row (numpy), equal for two rows exactly when every column is equal."""
    n = len(columns[0]) if columns else 0
    codes = np.zeros(n, np.int64)
    for column in columns:
        encoded = pc.dictionary_encode(column)
        index = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        # (a code below n) * (at most n + 1) stays far below 2**63
        codes = pd.factorize(codes * (len(encoded.dictionary) + 1) + index + 1)[0]
    return codes


def repeated_rows(columns: list[pa.Array]) -> Any:
    """A numpy mask of rows equal in every column to some other row."""
    codes = row_codes(columns)
    return np.bincount(codes)[codes] > 1 if len(codes) else np.zeros(0, bool)


def repeated(ids: pa.Array | pa.ChunkedArray) -> Any:
    """A numpy mask of rows whose value occurs more than once. CRM ids are numbers, and
    hashing integers is ~8x faster than hashing their text; ids in order (as exports list
    them) cannot repeat, which one pass tells without a hash table of ten million."""
    try:
        values = pc.cast(ids, pa.int64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return ids.to_pandas().duplicated(keep=False).to_numpy()
    if _strictly_ordered(values):
        return np.zeros(len(values), bool)
    return pd.Series(values).duplicated(keep=False).to_numpy()


def _strictly_ordered(values: Any) -> bool:
    """Whether each value is above the one before, or each below (a million at a time)."""
    rising = falling = True
    step = 1 << 20
    for start in range(0, max(len(values) - 1, 0), step):
        steps = np.diff(values[start : start + step + 1])
        rising = rising and bool((steps > 0).all())
        falling = falling and bool((steps < 0).all())
        if not (rising or falling):
            return False
    return True
