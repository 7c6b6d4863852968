"""Number formats: ``1 234 567,89 ₽`` in Russian, ``RUB 1,234,567.89`` in English (babel)."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_currency, format_decimal


def _locale(lang: str) -> str:
    return "en_US" if lang == "en" else "ru_RU"


@lru_cache(maxsize=4096)
def money(value: float, lang: str, currency: str, kopecks: bool = False) -> str:
    """Money: whole units in tables, kopecks where ``kopecks`` is set."""
    pattern = None if kopecks else "#,##0\xa0¤"  # 3 201 600 ₽ / 3,201,600 RUB, as Excel
    return str(
        format_currency(
            value, currency, format=pattern, locale=_locale(lang), currency_digits=kopecks
        )
    )


@lru_cache(maxsize=4096)
def number(value: float, lang: str, whole: bool = False) -> str:
    """A count or quantity: whole numbers as such, else one decimal (never with ``whole``)."""
    pattern = "#,##0" if whole or abs(value - round(value)) < 0.05 else "#,##0.0"
    return str(format_decimal(value, format=pattern, locale=_locale(lang)))


def percent(share: float | None) -> str:
    """``82%`` for a share already cut to whole percent (``MetricResult.shown``); a dash where
    there is no base."""
    if share is None:
        return "—"
    return f"{round(share * 100)}%"


def value(v: float | None, unit: str, lang: str, currency: str) -> str:
    if v is None:
        return "—"
    return money(v, lang, currency) if unit == "money" else number(v, lang)
