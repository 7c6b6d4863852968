"""Words the user reads, in Russian (the default) and English: one catalog per language
(ropkit/locales/ru.py, en.py), keyed by code with named placeholders.

Code passes a key and named values. A value is said as it is (a path, a number, a column
name) unless it has words of its own: then it is a :class:`Said` (a :class:`Msg`, a
:class:`Listing`, an error…) and is said in the language of the text it goes into.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from ropkit.locales import en, ru

#: language -> key -> text; a test checks both have every key with the same placeholders
CATALOGS: dict[str, dict[str, str]] = {"ru": ru.TEXT, "en": en.TEXT}


@runtime_checkable
class Said(Protocol):
    """Anything with words in it, said in the language asked for."""

    def text(self, lang: str) -> str: ...


class Msg:
    """A text not yet said: a catalog key and its named values."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        """The text in ``lang`` (ru | en)."""
        return t(self.key, lang, **self.values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        values = "".join(f", {k}={v!r}" for k, v in self.values.items())
        return f"Msg({self.key!r}{values})"


class Listing:
    """Items joined with ", "; with ``last`` (a key: "list.and", "list.or") that word before
    the final one: ``'a', 'b' or 'c'``. ``{x!r}`` shows the items as a Python list."""

    __slots__ = ("items", "last")

    def __init__(self, items: Iterable[object], last: str | None = None) -> None:
        self.items = list(items)
        self.last = last

    def text(self, lang: str) -> str:
        said = [str(say(item, lang)) for item in self.items]
        if self.last is None or len(said) < 2:
            return ", ".join(said)
        return f"{', '.join(said[:-1])} {t(self.last, lang)} {said[-1]}"

    def __repr__(self) -> str:
        return repr(self.items)


class Foreign:
    """A library's own message, written in English (pydantic's, say): shown as it is in
    English, and as our ``translation`` in the other languages."""

    __slots__ = ("english", "translation")

    def __init__(self, english: str, translation: Msg) -> None:
        self.english = english
        self.translation = translation

    def text(self, lang: str) -> str:
        return self.english if lang == "en" else self.translation.text(lang)


def say(value: object, lang: str) -> object:
    """``value`` in ``lang`` if it has words (a :class:`Said`), else as it is."""
    return value.text(lang) if isinstance(value, Said) else value


class _Formatter(string.Formatter):
    """``str.format`` that says :class:`Said` values in one language (``!r`` still sees the
    value itself)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        return format(say(value, self.lang), format_spec)


def mode_label(mode: str, lang: str) -> str:
    """A sales mode's name: the known ones translated, the user's own as written."""
    return t(f"mode.{mode}", lang) if f"mode.{mode}" in ru.TEXT else mode


def t(key: str, lang: str, /, **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (ru | en), formatted with ``fmt``."""
    text = CATALOGS["en" if lang == "en" else "ru"][key]
    if not fmt:
        return text
    if any(isinstance(v, Said) for v in fmt.values()):
        return _Formatter(lang).vformat(text, (), fmt)
    return text.format(**fmt)


class Reason:
    """A reason a row was rejected (``bad_date``, ``unsplittable:5:4``), said in either
    language (:func:`reason_text`)."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def text(self, lang: str) -> str:
        return reason_text(self.code, lang)


def reason_text(reason: str, lang: str) -> str:
    """``bad_date`` -> «дата не читается»; ``unsplittable:5:4`` also says how many cells."""
    code, *args = reason.split(":")
    text = t("reason." + code, lang)
    if code == "unsplittable" and len(args) == 2:
        text += ": " + t("reason.cells", lang, cells=args[0], width=args[1])
    return text
