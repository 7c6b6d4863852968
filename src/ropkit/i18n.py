"""Words the outputs show, in Russian (the default) and English: one catalog per language
(ropkit/locales/ru.py, en.py), keyed by code with named placeholders."""

from __future__ import annotations

from ropkit.locales import en, ru

#: language -> key -> text; a test checks both have every key with the same placeholders
CATALOGS: dict[str, dict[str, str]] = {"ru": ru.TEXT, "en": en.TEXT}


def mode_label(mode: str, lang: str) -> str:
    """A sales mode's name: the known ones translated, the user's own as written."""
    return t(f"mode.{mode}", lang) if f"mode.{mode}" in ru.TEXT else mode


def t(key: str, lang: str, **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (ru | en), formatted with ``fmt``."""
    text = CATALOGS["en" if lang == "en" else "ru"][key]
    return text.format(**fmt) if fmt else text
