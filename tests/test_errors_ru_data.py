"""The Russian texts of the errors about exports, dates, outputs and ``init``.

The same problems as in test_errors.py, with ROPKIT_LANG=ru: each test checks the whole
stderr line, so a message that loses its file, line, key or fix hint fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_errors import CONFIG, DEALS, Project, report
from tests.cli_errors import assert_error_ru as assert_error
from tests.conftest import run_cli


@pytest.fixture(autouse=True)
def russian_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROPKIT_LANG", "ru")


# --- source files that are not there ---------------------------------------------------


def test_metric_needs_a_table_with_no_source(runner: CliRunner, project: Project) -> None:
    cfg = project(
        **{"norms.yaml": CONFIG.replace("revenue: 100000", "calls_out: 40"), "deals.csv": DEALS}
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}: нет источника для activities (нужен метрике calls_out); "
        "добавьте sources.activities.path с путём к выгрузке",
    )


# --- broken and empty files ------------------------------------------------------------

XLSX_CONFIG = CONFIG.replace("deals.csv", "deals.xlsx")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"], ids=["zero", "blank", "bom"])
def test_empty_csv(runner: CliRunner, project: Project, tmp_path: Path, content: bytes) -> None:
    cfg = project(**{"norms.yaml": CONFIG, "deals.csv": content})
    assert_error(report(runner, cfg), f"{tmp_path / 'deals.csv'}: файл пуст; выгрузите его заново")


def test_broken_xlsx(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    garbage = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4
    cfg = project(**{"norms.yaml": XLSX_CONFIG, "deals.xlsx": garbage})
    assert_error(
        report(runner, cfg),
        f"{tmp_path / 'deals.xlsx'}: не удаётся прочитать как .xlsx (Cannot detect file format); "
        "откройте файл в Excel и сохраните заново",
    )


def test_xlsx_that_is_not_a_zip(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    cfg = project(**{"norms.yaml": XLSX_CONFIG, "deals.xlsx": b"PK\x05\x06garbage\x00\xff\xfe"})
    assert_error(
        report(runner, cfg),
        f"{tmp_path / 'deals.xlsx'}: файл не читается как таблица (это не книга Excel); "
        "откройте его в Excel и сохраните заново",
    )


# --- dates on the command line ---------------------------------------------------------


@pytest.fixture
def good(project: Project) -> Path:
    """A valid project: the date options are what is wrong."""
    return project(**{"norms.yaml": CONFIG, "deals.csv": DEALS})


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("yesterday", "--date 'yesterday' — не дата; укажите YYYY-MM-DD или YYYY-MM-DDTHH:MM"),
        (
            "2026-11-25T25:00",
            "--date '2026-11-25T25:00' — не дата; укажите YYYY-MM-DD или YYYY-MM-DDTHH:MM",
        ),
        (
            "2026-11-25T10:00+03:00",
            "--date '2026-11-25T10:00+03:00' содержит часовой пояс; "
            "укажите местное время как YYYY-MM-DDTHH:MM",
        ),
        (
            "1900-01-01",
            "--date '1900-01-01' вне допустимого диапазона; укажите дату с 1990 по 2100 год",
        ),
    ],
)
def test_bad_date(runner: CliRunner, good: Path, when: str, message: str) -> None:
    assert_error(report(runner, good, when=when), message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "1.11.2026", "--to", "2026-11-10"),
            "--from '1.11.2026' — не дата; укажите дату как YYYY-MM-DD",
        ),
        (("--from", "2026-11-01"), "укажите --from и --to вместе"),
        (
            ("--from", "2026-11-10", "--to", "2026-11-01"),
            "--from 2026-11-10 позже --to 2026-11-01; поменяйте даты местами",
        ),
    ],
)
def test_bad_custom_period(
    runner: CliRunner, good: Path, args: tuple[str, ...], message: str
) -> None:
    assert_error(report(runner, good, *args), message)


# --- rejected rows with --strict -------------------------------------------------------

BAD_DATE_DEALS = """
    id,manager,stage,amount,closed_at
    1,Ivan Ivanov,Won,50000,03.11.2026
    2,Ivan Ivanov,Won,20000,31.11.2026
    3,Ivan Ivanov,Won,1000,04.11.2026
"""


def test_strict_fails_on_one_unreadable_date(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": CONFIG, "deals.csv": BAD_DATE_DEALS})
    assert_error(
        report(runner, cfg, "--strict"),
        "deals: отклонено строк — 1 из 3; первая: deals.csv, строка 3, колонка 'closed_at', "
        "значение '31.11.2026' (дата не читается); "
        "исправьте выгрузку или запустите без --strict",
    )


def test_strict_names_a_row_that_does_not_split(runner: CliRunner, project: Project) -> None:
    deals = DEALS + "    3,Ivan Ivanov,Won\n"
    cfg = project(**{"norms.yaml": CONFIG, "deals.csv": deals})
    assert_error(
        report(runner, cfg, "--strict"),
        "deals: отклонено строк — 1 из 3; первая: deals.csv, строка 4 "
        "(строка не делится на колонки: ячеек 3, а в заголовке 5); "
        "исправьте выгрузку или запустите без --strict",
    )


# --- outputs and init ------------------------------------------------------------------


def test_output_over_an_input_file(runner: CliRunner, good: Path, tmp_path: Path) -> None:
    target = tmp_path / "deals.csv"
    assert_error(
        report(runner, good, "-o", str(target)),
        f"{target}: это входной файл; запишите результат в другой файл",
    )


def test_output_to_a_folder(runner: CliRunner, good: Path, tmp_path: Path) -> None:
    assert_error(
        report(runner, good, "-o", str(tmp_path)),
        f"{tmp_path}: это папка; укажите имя файла, например {tmp_path / 'report.json'}",
    )


def test_init_into_a_folder_with_norms_yaml(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "norms.yaml").write_text("team: Продажи\n", encoding="utf-8")
    assert_error(
        run_cli(runner, "init", str(tmp_path)),
        f"{tmp_path / 'norms.yaml'}: файл уже есть; чтобы перезаписать его, добавьте --force",
    )
    assert (tmp_path / "norms.yaml").read_text(encoding="utf-8") == "team: Продажи\n"


def test_russian_is_the_default(
    runner: CliRunner, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROPKIT_LANG")
    monkeypatch.delenv("LANGUAGE", raising=False)
    # no language: in the config, no ROPKIT_LANG: Russian
    cfg = project(**{"norms.yaml": CONFIG.replace("    language: en\n", ""), "deals.csv": b""})
    assert_error(report(runner, cfg), f"{tmp_path / 'deals.csv'}: файл пуст; выгрузите его заново")


def test_errors_follow_the_configs_language_once_it_has_loaded(
    runner: CliRunner, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROPKIT_LANG")
    monkeypatch.delenv("LANGUAGE", raising=False)
    cfg = project(**{"norms.yaml": CONFIG, "deals.csv": b""})  # language: en
    result = report(runner, cfg)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'deals.csv'}: the file is empty; export it again\n"
    monkeypatch.setenv("ROPKIT_LANG", "ru")  # the environment wins
    result = report(runner, cfg)
    assert result.stderr.startswith("Ошибка: ")


def test_command_line_mistakes_are_one_line_in_the_users_language(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run_cli

    monkeypatch.delenv("ROPKIT_LANG")
    monkeypatch.delenv("LANGUAGE", raising=False)
    result = run_cli(runner, "report", "--perod", "week")
    assert result.exit_code == 2
    assert result.stderr == (
        "Ошибка: нет такого параметра --perod (может быть, --from, --period?); "
        "справка: ropkit report --help\n"
    )
    result = run_cli(runner, "report", "--period", "fortnight")
    assert result.exit_code == 2
    assert result.stderr == (
        "Ошибка: недопустимое значение --period: 'fortnight' — допустимы 'halfday', 'day', "
        "'3days', 'week', 'month', 'quarter', 'half', 'year'; справка: ropkit report --help\n"
    )
    monkeypatch.setenv("ROPKIT_LANG", "en")
    result = run_cli(runner, "bogus")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no such command 'bogus' (there are report, check, demo, init); see ropkit --help\n"
    )
