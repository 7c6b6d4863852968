"""One error family for everything the user can fix, and the exit codes.

The core raises a :class:`RopkitError` subclass whose message says what is wrong, where
(file, line, column, key) and how to fix it, in English and (``ru=``) in Russian;
``cli.py`` prints ``Ошибка: <message>`` (or ``Error: …`` with ``ROPKIT_LANG=en``) to stderr
and exits with :attr:`ExitStatus.ERROR`. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes of the ``ropkit`` command (documented in the README)."""

    OK = 0
    ERROR = 1  # bad input: config, data file, --strict rejections
    USAGE = 2  # bad command line
    LOOK = 3  # the report was made, but look: --fail-on found what it was told to look for


class RopkitError(Exception):
    """A problem in the user's input that the user can fix.

    ``str(error)`` is the English message; ``ru`` the Russian one, where it has been written.
    """

    def __init__(self, message: str, ru: str | None = None) -> None:
        super().__init__(message)
        self.ru = ru
        self.lang: str | None = None  # the config's language:, once it has loaded

    def text(self, lang: str) -> str:
        """The message in ``lang`` (ru | en); English where no Russian text was given."""
        return self.ru if lang == "ru" and self.ru else str(self)


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
ERROR_WORD = {"ru": "Ошибка", "en": "Error"}


class ConfigError(RopkitError):
    """The norms.yaml file is missing, unreadable or invalid."""


class DataError(RopkitError):
    """A CRM export is missing, unreadable or lacks a needed column."""


class PeriodError(RopkitError):
    """The requested period or date is invalid."""


class StrictError(RopkitError):
    """``--strict`` was given and some input rows were rejected."""
