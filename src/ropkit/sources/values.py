"""Cell values as CRMs write them, parsed column-at-a-time with Arrow compute.

Every parser takes a string array and returns the parsed array plus a mask of cells that
were not empty but could not be read, so the caller can reject those rows with a reason.
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

#: (strptime format, regex that extracts the day of month from the same text)
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%d.%m.%Y %H:%M:%S", r"^(?P<d>\d{1,2})\."),
    ("%d.%m.%Y %H:%M", r"^(?P<d>\d{1,2})\."),
    ("%d.%m.%Y", r"^(?P<d>\d{1,2})\."),
    ("%Y-%m-%d %H:%M:%S", r"^\d{4}-\d{1,2}-(?P<d>\d{1,2})"),
    ("%Y-%m-%dT%H:%M:%S", r"^\d{4}-\d{1,2}-(?P<d>\d{1,2})"),
    ("%Y-%m-%d %H:%M", r"^\d{4}-\d{1,2}-(?P<d>\d{1,2})"),
    ("%Y-%m-%d", r"^\d{4}-\d{1,2}-(?P<d>\d{1,2})"),
    ("%d-%m-%Y %H:%M:%S", r"^(?P<d>\d{1,2})-"),
    ("%d-%m-%Y", r"^(?P<d>\d{1,2})-"),
)
_MIN_YEAR = 1990
_NUMBER_RE = r"^[-+]?(\d+(\.\d*)?|\.\d+)$"
_NOISE_RE = r"[\s\x{00a0}\x{202f}]|₽|руб\.?|р\.|RUB|rub"
_TRUE = ("1", "да", "yes", "true", "y", "выполнено", "done", "завершено", "+")
_FALSE = ("0", "нет", "no", "false", "n", "не выполнено", "to do", "-")


@dataclass(frozen=True)
class Parsed:
    """A parsed column: the values (null where empty or unreadable) and which cells were bad."""

    values: pa.Array
    bad: pa.Array  # bool: not empty and not readable


def _clean(arr: pa.Array) -> tuple[pa.Array, pa.Array]:
    text = pc.utf8_trim_whitespace(arr.cast(pa.string()))
    empty = pc.fill_null(pc.equal(text, ""), True)
    return text, empty


def parse_datetime(arr: pa.Array) -> Parsed:
    """``DD.MM.YYYY[ HH:MM[:SS]]``, ISO and ``DD-MM-YYYY`` dates to timestamps (seconds)."""
    text, empty = _clean(arr)
    result = pa.nulls(len(text), pa.timestamp("s"))
    for fmt, day_re in DATE_FORMATS:
        missing = pc.and_(pc.is_null(result), pc.invert(empty))
        if not pc.any(missing).as_py():
            break
        got = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
        # Arrow rolls 31.04 over into 01.05: keep only values whose day is the day written.
        day = pc.struct_field(pc.extract_regex(text, day_re), [0])
        same_day = pc.equal(pc.day(got), pc.cast(day, pa.int64(), safe=False))
        sane = pc.and_(same_day, pc.greater_equal(pc.year(got), _MIN_YEAR))
        got = pc.if_else(pc.fill_null(sane, False), got, pa.scalar(None, pa.timestamp("s")))
        result = pc.coalesce(result, got)
    bad = pc.and_(pc.is_null(result), pc.invert(empty))
    return Parsed(result, bad)


def parse_number(arr: pa.Array) -> Parsed:
    """Amounts and counts: ``1 234 567,89``, ``33816.5``, ``12 000 руб.``, ``1 500 ₽``."""
    text, empty = _clean(arr)
    text = pc.replace_substring_regex(text, _NOISE_RE, "")
    text = pc.replace_substring(text, ",", ".")
    ok = pc.fill_null(pc.match_substring_regex(text, _NUMBER_RE), False)
    values = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64())
    bad = pc.and_(pc.invert(ok), pc.invert(empty))
    return Parsed(values, bad)


def parse_bool(arr: pa.Array) -> Parsed:
    """Done flags: ``да/нет``, ``Выполнено/Не выполнено``, ``Done/To do``, ``1/0``."""
    text, empty = _clean(arr)
    low = pc.utf8_lower(text)
    yes = pc.is_in(low, pa.array(_TRUE))
    no = pc.is_in(low, pa.array(_FALSE))
    values = pc.if_else(yes, True, pc.if_else(no, False, pa.scalar(None, pa.bool_())))
    bad = pc.and_(pc.and_(pc.invert(yes), pc.invert(no)), pc.invert(empty))
    return Parsed(values, bad)


def parse_text(arr: pa.Array) -> Parsed:
    """Text cells: trimmed; empty becomes null."""
    text, empty = _clean(arr)
    values = pc.if_else(empty, pa.scalar(None, pa.string()), text)
    return Parsed(values, pc.and_(empty, pc.invert(empty)))  # text is never unreadable
