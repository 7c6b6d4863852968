"""Dates as people write them (babel): ``26 ноября 2026``, ``1—30 ноября 2026``.

The CLDR patterns live in the language catalogs (``date.day``, ``date.day_time``,
``date.with_year``), so a language is added in one place.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime, format_interval, format_skeleton

from ropkit.i18n import t


def _locale(lang: str) -> str:
    return "en_US" if lang == "en" else "ru_RU"


def day(d: date, lang: str) -> str:
    """``26 ноября 2026`` / ``November 26, 2026``."""
    return str(format_date(d, t("date.day", lang), locale=_locale(lang)))


def moment(dt: datetime, lang: str) -> str:
    """``26 ноября 2026, 12:00`` / ``November 26, 2026, 12:00``."""
    return str(format_datetime(dt, t("date.day_time", lang), locale=_locale(lang)))


def span(start: date, end: date, lang: str) -> str:
    """``1—30 ноября 2026``, ``28 декабря 2026 — 3 января 2027``; one day as :func:`day`."""
    if start == end:
        return day(start, lang)
    if start.year != end.year:
        return f"{day(start, lang)} — {day(end, lang)}"
    dates = format_interval(start, end, "MMMMd", locale=_locale(lang))
    return t("date.with_year", lang, dates=dates, year=start.year)


def tick(d: date, lang: str) -> str:
    """A chart's short day label: ``26.11`` / ``11/26``."""
    return str(format_skeleton("Md", d, locale=_locale(lang)))
