"""One error family for everything the user can fix, and the exit codes.

The core raises a :class:`RopkitError` subclass whose message says what is wrong, where
(file, line, column, key) and how to fix it; ``cli.py`` prints ``Error: <message>`` to
stderr and exits with :attr:`ExitStatus.ERROR`. Anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes of the ``ropkit`` command (documented in the README)."""

    OK = 0
    ERROR = 1  # bad input: config, data file, --strict rejections
    USAGE = 2  # bad command line (Typer's own)


class RopkitError(Exception):
    """A problem in the user's input that the user can fix."""


class ConfigError(RopkitError):
    """The norms.yaml file is missing, unreadable or invalid."""


class DataError(RopkitError):
    """A CRM export is missing, unreadable or lacks a needed column."""


class PeriodError(RopkitError):
    """The requested period or date is invalid."""


class StrictError(RopkitError):
    """``--strict`` was given and some input rows were rejected."""
