"""What the error tests share: the small project they break, and how an error must look.

test_errors.py pins the English texts, test_errors_ru_*.py the Russian ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from ropkit.errors import ERROR_WORD, ExitStatus
from tests.conftest import run_cli

Project = Callable[..., Path]

AS_OF = "2026-11-25"
CONFIG = """
    language: en
    sources:
      deals:
        path: deals.csv
    plan:
      revenue: 100000
    managers:
      - name: Ivan Ivanov
"""
DEALS = """
    id,manager,stage,amount,closed_at
    1,Ivan Ivanov,Won,50000,03.11.2026
    2,Ivan Ivanov,Won,20000,05.11.2026
"""


def report(runner: CliRunner, config: Path, *args: str, when: str = AS_OF) -> Any:
    return run_cli(runner, "report", "-c", str(config), "--date", when, *args)


def assert_error_in(lang: str, result: Any, message: str) -> None:
    """Exit 1, nothing on stdout, exactly ``Error: …`` / ``Ошибка: …`` on stderr."""
    _assert_error(result, message, lang)


def _assert_error(result: Any, message: str, lang: str) -> None:
    assert "Traceback" not in result.stderr
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert result.exit_code == ExitStatus.ERROR, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"{ERROR_WORD[lang]}: {message}\n"


def assert_error(result: Any, message: str) -> None:
    """Exit 1, nothing on stdout, exactly ``Error: <message>`` on stderr, no traceback."""
    _assert_error(result, message, "en")


def assert_error_ru(result: Any, message: str) -> None:
    """Exit 1, nothing on stdout, exactly ``Ошибка: <message>`` on stderr, no traceback."""
    _assert_error(result, message, "ru")
