"""One error family for everything the user can fix, and the exit codes.

The core raises a :class:`RopkitError` subclass whose message says what is wrong, where
(file, line, column, key) and how to fix it: a key of the catalogs (ropkit/locales) and its
named values, said in either language; ``cli.py`` prints ``Ошибка: <message>`` (or
``Error: …`` with ``ROPKIT_LANG=en``) to stderr and exits with :attr:`ExitStatus.ERROR`.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

from ropkit.i18n import Msg, t


class ExitStatus(IntEnum):
    """Exit codes of the ``ropkit`` command (documented in the README)."""

    OK = 0
    ERROR = 1  # bad input: config, data file, --strict rejections
    USAGE = 2  # bad command line
    LOOK = 3  # the report was made, but look: --fail-on found what it was told to look for


class RopkitError(Exception):
    """A problem in the user's input that the user can fix: ``code``, a key of the catalogs,
    and its named values (a value with words of its own is a :class:`~ropkit.i18n.Said`).

    ``str(error)`` is the English message; :meth:`text` the message in either language.
    """

    def __init__(self, code: str, /, **params: object) -> None:
        self.msg = Msg(code, **params)
        super().__init__(self.msg.text("en"))
        self.lang: str | None = None  # the config's language:, once it has loaded

    def text(self, lang: str) -> str:
        """The message in ``lang`` (ru | en)."""
        return self.msg.text(lang)


def message_language(configured: str | None = None) -> str:
    """The language of error messages: ROPKIT_LANG if set, else the config's ``language:``
    (``configured``, once the config has loaded), else Russian."""
    chosen = os.environ.get("ROPKIT_LANG") or configured or ""
    return "en" if chosen.lower().startswith("en") else "ru"


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Errors raised inside are told in ``lang`` (the config's language) unless ROPKIT_LANG
    says otherwise."""
    try:
        yield
    except RopkitError as exc:
        exc.lang = exc.lang or lang
        raise


#: "Error" in each language, for the one line the CLI prints
ERROR_WORD = {lang: t("error", lang) for lang in ("ru", "en")}


class ConfigError(RopkitError):
    """The norms.yaml file is missing, unreadable or invalid."""


class DataError(RopkitError):
    """A CRM export is missing, unreadable or lacks a needed column."""


class PeriodError(RopkitError):
    """The requested period or date is invalid."""


class DeliveryError(RopkitError):
    """A message could not be sent (server refused, bad login, no settings)."""


class StrictError(RopkitError):
    """``--strict`` was given and some input rows were rejected."""
