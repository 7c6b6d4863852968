"""Bad input: each user-fixable problem is one line on stderr, exit 1, nothing on stdout.

Every test checks the whole stderr text, so a message that loses its file, line, key or
fix hint fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_errors import (
    AS_OF,
    CONFIG,
    DEALS,
    Project,
    assert_error,
    assert_error_in,
    report,
)
from tests.conftest import run_cli

SOURCES = """
    language: en
    sources:
      deals:
        path: deals.csv
"""
CANONICAL = (
    "id, manager, stage, outcome, amount, units, product, client, created_at, closed_at, "
    "touched_at, stage_at"
)


# --- 1. the config file is missing -----------------------------------------------------


def test_default_config_missing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(runner, "report", "--date", AS_OF)
    assert_error(
        result,
        "norms.yaml: config file not found; create one with `ropkit init` or pass -c PATH",
    )


def test_explicit_config_missing(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "sales" / "plan.yaml"
    assert_error(
        report(runner, missing),
        f"{missing}: config file not found; create one with `ropkit init` or pass -c PATH",
    )


# --- 2. YAML syntax --------------------------------------------------------------------


def test_yaml_bad_indentation_names_line_and_column(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "language: en\nplan:\n  revenue: 1\n   deals_won: 2\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 4, column 13: YAML syntax error: mapping values are not allowed here; "
        "check indentation and quotes there",
    )


def test_yaml_tab_names_line_and_column(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "language: en\nplan:\n\trevenue: 1\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 3, column 1: YAML syntax error: found character '\\t' that cannot start "
        "any token; check indentation and quotes there",
    )


# --- 3. unknown and repeated keys ------------------------------------------------------


def test_unknown_top_level_key_suggests_the_right_one(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    plna:\n      revenue: 100000\n"})
    assert_error(report(runner, cfg), f"{cfg}, line 5, key plna: unknown key; did you mean 'plan'?")


def test_unknown_key_without_a_close_match(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "language: en\nfrobnicate: 1\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 2, key frobnicate: unknown key; "
        "remove it or check norms.example.yaml for the keys",
    )


def test_unknown_nested_key_in_a_manager(runner: CliRunner, project: Project) -> None:
    cfg = project(
        **{
            "norms.yaml": CONFIG
            + "        absenses:\n          - {from: 2026-11-02, to: 2026-11-03}\n",
            "deals.csv": DEALS,
        }
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 9, key managers[0].absenses: unknown key; did you mean 'absences'?",
    )


def test_unknown_key_in_a_source_names_the_source_key(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "        colums: {amount: Сумма}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key sources.deals.colums: unknown key; did you mean 'columns'?",
    )


def test_key_given_twice(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    plan:\n      revenue: 1\n      revenue: 2\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 7, key plan.revenue: given twice (first on line 6); "
        "keep one (YAML would silently use the last)",
    )


def test_top_level_key_given_twice(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    language: ru\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key language: given twice (first on line 1); "
        "keep one (YAML would silently use the last)",
    )


# --- 4. wrong types and values ---------------------------------------------------------


def test_plan_value_not_a_number(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    plan: {revenue: много}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key plan.revenue: not a number (got 'много'); "
        "write a plain number, e.g. 3000000",
    )


def test_plan_not_a_mapping(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    plan: [1, 2]\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key plan: must be a mapping; write key: value pairs under it",
    )


def test_status_yellow_above_green(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    status: {green: 0.8, yellow: 0.9}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key status: yellow (0.9) must not be above green (0.8)",
    )


def test_status_threshold_not_positive(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    status: {green: 0}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key status.green: Input should be greater than 0 (got 0)",
    )


def test_calendar_hours_not_a_range_of_times(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + '    calendar: {hours: "9-18"}\n'})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key calendar.hours: '9' is not a time; write it as HH:MM, e.g. 09:00",
    )


def test_calendar_hours_end_before_start(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + '    calendar: {hours: "18:00-09:00"}\n'})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key calendar.hours: the working day '18:00-09:00' ends before it starts",
    )


def test_calendar_unknown_country(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    calendar: {country: ru}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key calendar.country: 'ru' is not a country code the holidays "
        "calendar knows; did you mean 'RU'? (or null for a Mon–Fri week)",
    )


def test_calendar_holiday_that_does_not_exist(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    calendar: {holidays: [2026-02-30]}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, column 23, key calendar.holidays[0]: '2026-02-30' is not a real date "
        "(day is out of range for month); write an existing date as YYYY-MM-DD",
    )


def test_bad_month_key(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    months:\n      2026-13: {revenue: 5}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 6, key months.2026-13: month '2026-13' must be written as YYYY-MM, "
        "e.g. 2026-12",
    )


def test_bad_month_key_of_a_manager(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": CONFIG + "        months:\n          2026-1: {revenue: 5}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 10, key managers[0].months.2026-1: month '2026-1' must be written as "
        "YYYY-MM, e.g. 2026-12",
    )


def test_language_not_supported(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "language: de\n"})
    assert_error(
        report(runner, cfg), f"{cfg}, line 1, key language: 'de' is not allowed; use 'ru' or 'en'"
    )


def test_absence_date_not_a_date(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": CONFIG + "        absences: [{from: 1 May, to: 2026-05-10}]\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 9, key managers[0].absences[0].from: not a date (got '1 May'); "
        "write it as YYYY-MM-DD",
    )


def test_absence_ends_before_it_starts(runner: CliRunner, project: Project) -> None:
    cfg = project(
        **{"norms.yaml": CONFIG + "        absences: [{from: 2026-11-05, to: 2026-11-01}]\n"}
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 9, key managers[0].absences[0]: absence ends (2026-11-01) before it "
        "starts (2026-11-05)",
    )


def test_source_path_not_text(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "sources:\n  deals:\n    path: 5\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 3, key sources.deals.path: must be a file path or a list of paths "
        "(got 5); quote it if it looks like a number",
    )


def test_config_not_a_mapping(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "- revenue\n- deals_won\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 1: the config must be a mapping of keys (team:, plan:, …)",
    )


def test_config_not_utf8(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "team: Продажи\n".encode("cp1251")})
    assert_error(
        report(runner, cfg), f"{cfg}: not UTF-8 text (invalid continuation byte); save it as UTF-8"
    )


# --- 5. references between keys --------------------------------------------------------


def test_plan_for_an_unknown_metric(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    plan: {revenu: 100000}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key plan.revenu: unknown metric 'revenu'; did you mean 'revenue'?",
    )


def test_manager_mode_with_no_norms_at_all(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": CONFIG + "        mode: active\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 9, key managers[0].mode: mode 'active' has no norms (modes: none); "
        "add it under norms:",
    )


def test_manager_mode_misspelt(runner: CliRunner, project: Project) -> None:
    cfg = project(
        **{
            "norms.yaml": SOURCES
            + "    norms:\n      passive: {calls_out: 40}\n"
            + "    managers:\n      - {name: Ivan Ivanov, mode: pasive}\n"
        }
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 8, key managers[0].mode: mode 'pasive' has no norms (modes: passive); "
        "did you mean 'passive'?",
    )


def test_metric_where_on_a_column_the_table_lacks(runner: CliRunner, project: Project) -> None:
    cfg = project(
        **{
            "norms.yaml": SOURCES
            + "    metrics:\n"
            + '      big_deals: {from: deals, where: {amout: ">=100000"}, count: true}\n'
        }
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 6, key metrics.big_deals.where.amout: 'amout' is not a column of deals "
        f"(columns: {CANONICAL}); did you mean 'amount'?",
    )


def test_metric_where_value_of_a_wrong_type(runner: CliRunner, project: Project) -> None:
    cfg = project(
        **{
            "norms.yaml": SOURCES
            + "    metrics:\n"
            + "      big_deals: {from: deals, where: {amount: {min: 5}}, count: true}\n"
        }
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 6, key metrics.big_deals.where.amount: must be a plain value "
        "(text, a number, true/false) or a list of them",
    )


def test_source_maps_an_unknown_canonical_column(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "        columns: {amont: Сумма}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key sources.deals.columns.amont: 'amont' is not a column of deals "
        f"(columns: {CANONICAL}); did you mean 'amount'?",
    )


def test_source_maps_the_file_header_as_the_key(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "        columns: {Сумма: amount}\n"})
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key sources.deals.columns.Сумма: 'Сумма' is not a column of deals "
        f"(columns: {CANONICAL}); the keys under columns: are these names; "
        "the file's header goes on the right, e.g. amount: Сумма",
    )


def test_source_list_names_the_entry(runner: CliRunner, project: Project) -> None:
    cfg = project(
        **{
            "norms.yaml": "sources:\n  deals:\n    - path: a.csv\n"
            "    - {path: b.csv, columns: {amont: Сумма}}\n"
        }
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 4, key sources.deals[1].columns.amont: 'amont' is not a column of deals "
        f"(columns: {CANONICAL}); did you mean 'amount'?",
    )


def test_metric_needs_a_table_with_no_source(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES + "    plan: {calls_out: 40}\n", "deals.csv": DEALS})
    assert_error(
        report(runner, cfg),
        f"{cfg}: no source for activities (needed by metric calls_out); "
        "add sources.activities.path pointing at the export",
    )


# --- 6. source files that are not there ------------------------------------------------


RELATIVE = {
    "en": "(a relative path starts at the config file's folder)",
    "ru": "(относительный путь считается от папки файла настроек)",
}


def test_source_file_missing(
    runner: CliRunner, project: Project, tmp_path: Path, lang: str
) -> None:
    cfg = project(**{"norms.yaml": CONFIG.replace("deals.csv", "exports/deals.csv")})
    missing = (tmp_path / "exports" / "deals.csv").resolve()
    expected = {
        "en": f"{cfg}, line 4, key sources.deals.path: file not found: {missing}; "
        f"fix the path {RELATIVE['en']}",
        "ru": f"{cfg}, строка 4, ключ sources.deals.path: файл не найден: {missing}; "
        f"исправьте путь {RELATIVE['ru']}",
    }
    assert_error_in(lang, report(runner, cfg), expected[lang])


def test_second_source_file_missing(
    runner: CliRunner, project: Project, tmp_path: Path, lang: str
) -> None:
    cfg = project(
        **{
            "norms.yaml": "sources:\n  deals:\n    - path: deals.csv\n    - path: old.csv\n"
            "plan: {revenue: 1}\n",
            "deals.csv": DEALS,
        }
    )
    missing = (tmp_path / "old.csv").resolve()
    expected = {
        "en": f"{cfg}, line 4, key sources.deals[1].path: file not found: {missing}; "
        f"fix the path {RELATIVE['en']}",
        "ru": f"{cfg}, строка 4, ключ sources.deals[1].path: файл не найден: {missing}; "
        f"исправьте путь {RELATIVE['ru']}",
    }
    assert_error_in(lang, report(runner, cfg), expected[lang])


def test_source_path_is_a_folder(
    runner: CliRunner, project: Project, tmp_path: Path, lang: str
) -> None:
    cfg = project(**{"norms.yaml": CONFIG.replace("deals.csv", "exports"), "exports__x.txt": ""})
    folder = (tmp_path / "exports").resolve()
    expected = {
        "en": f"{cfg}, line 4, key sources.deals.path: {folder} is a folder; "
        "point the path at an export file or at a pattern like exports/*.csv",
        "ru": f"{cfg}, строка 4, ключ sources.deals.path: {folder} — это папка; "
        "укажите файл выгрузки или шаблон вида exports/*.csv",
    }
    assert_error_in(lang, report(runner, cfg), expected[lang])


def test_glob_matches_nothing(
    runner: CliRunner, project: Project, tmp_path: Path, lang: str
) -> None:
    cfg = project(
        **{
            "norms.yaml": CONFIG.replace("deals.csv", "exports/deals_*.csv"),
            "exports__deals.xlsx.bak": "",
        }
    )
    folder = (tmp_path / "exports").resolve()
    expected = {
        "en": f"{cfg}, line 4, key sources.deals.path: no file matches 'exports/deals_*.csv' "
        f"(looked in {folder}); fix the pattern {RELATIVE['en']}",
        "ru": f"{cfg}, строка 4, ключ sources.deals.path: ни один файл не подходит под "
        f"'exports/deals_*.csv' (искали в {folder}); исправьте шаблон {RELATIVE['ru']}",
    }
    assert_error_in(lang, report(runner, cfg), expected[lang])


# --- 7, 8. columns the file lacks ------------------------------------------------------


# each message below is pinned in English and in Russian, side by side

NEEDED = {
    "en": "no column for 'amount' (needed by metric revenue); "
    "columns found: id, manager, stage, Деньги, closed_at; "
    "map one of them with sources.deals.columns.amount: <header>",
    "ru": "нет колонки для 'amount' (нужна метрике revenue); "
    "найдены колонки: id, manager, stage, Деньги, closed_at; "
    "укажите её в sources.deals.columns.amount: <заголовок>",
}
REQUIRED = {
    "en": "no column for 'manager' (required in deals); "
    "columns found: id, Продавец, stage, amount, closed_at; "
    "map one of them with sources.deals.columns.manager: <header>",
    "ru": "нет колонки для 'manager' (обязательна в deals); "
    "найдены колонки: id, Продавец, stage, amount, closed_at; "
    "укажите её в sources.deals.columns.manager: <заголовок>",
}
MAPPED = {
    "en": "column 'Сумма' (sources.deals.columns.amount) not found; "
    "columns found: id, manager, stage, amount, closed_at; "
    "set sources.deals.columns.amount to one of them (case does not matter)",
    "ru": "колонка 'Сумма' (sources.deals.columns.amount) не найдена; "
    "найдены колонки: id, manager, stage, amount, closed_at; "
    "укажите в sources.deals.columns.amount одну из них (регистр не важен)",
}


def test_needed_column_missing(
    runner: CliRunner, project: Project, tmp_path: Path, lang: str
) -> None:
    cfg = project(
        **{
            "norms.yaml": CONFIG,
            "deals.csv": "id,manager,stage,Деньги,closed_at\n1,Ivan Ivanov,Won,5,03.11.2026\n",
        }
    )
    assert_error_in(lang, report(runner, cfg), f"{tmp_path / 'deals.csv'}: {NEEDED[lang]}")


def test_required_column_missing(
    runner: CliRunner, project: Project, tmp_path: Path, lang: str
) -> None:
    cfg = project(
        **{
            "norms.yaml": CONFIG,
            "deals.csv": "id,Продавец,stage,amount,closed_at\n1,Ivan Ivanov,Won,5,03.11.2026\n",
        }
    )
    assert_error_in(lang, report(runner, cfg), f"{tmp_path / 'deals.csv'}: {REQUIRED[lang]}")


def test_mapped_header_not_in_the_file(
    runner: CliRunner, project: Project, tmp_path: Path, lang: str
) -> None:
    cfg = project(
        **{
            "norms.yaml": CONFIG.replace(
                "path: deals.csv", "path: deals.csv\n        columns: {amount: Сумма}"
            ),
            "deals.csv": DEALS,
        }
    )
    assert_error_in(lang, report(runner, cfg), f"{tmp_path / 'deals.csv'}: {MAPPED[lang]}")


def test_mapped_header_not_in_the_file_of_a_source_list(
    runner: CliRunner, project: Project, tmp_path: Path
) -> None:
    cfg = project(
        **{
            "norms.yaml": "sources:\n  deals:\n    - path: deals.csv\n"
            "    - {path: old.csv, columns: {amount: Сумма}}\nplan: {revenue: 1}\n",
            "deals.csv": DEALS,
            "old.csv": DEALS,
        }
    )
    assert_error(
        report(runner, cfg),
        f"{tmp_path / 'old.csv'}: column 'Сумма' (sources.deals[1].columns.amount) not found; "
        "columns found: id, manager, stage, amount, closed_at; "
        "set sources.deals[1].columns.amount to one of them (case does not matter)",
    )


# --- 9. dates on the command line ------------------------------------------------------


@pytest.fixture
def good(project: Project) -> Path:
    """A valid project: the date options are what is wrong."""
    return project(**{"norms.yaml": CONFIG, "deals.csv": DEALS})


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("yesterday", "--date 'yesterday' is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        ("2026-02-30", "--date '2026-02-30' is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        ("25.11.2026", "--date '25.11.2026' is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        (
            "2026-11-25T25:00",
            "--date '2026-11-25T25:00' is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        ),
        (
            "2026-11-25T10:00+03:00",
            "--date '2026-11-25T10:00+03:00' has a time zone; "
            "write the local time as YYYY-MM-DDTHH:MM",
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
            "--from '1.11.2026' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ("--from", "2026-11-01", "--to", "2026-11-31"),
            "--to '2026-11-31' is not a date; write it as YYYY-MM-DD",
        ),
        (("--from", "2026-11-01"), "--from and --to must be given together"),
        (("--to", "2026-11-10"), "--from and --to must be given together"),
        (
            ("--from", "2026-11-10", "--to", "2026-11-01"),
            "--from 2026-11-10 is after --to 2026-11-01; swap them",
        ),
    ],
)
def test_bad_custom_period(
    runner: CliRunner, good: Path, args: tuple[str, ...], message: str
) -> None:
    assert_error(report(runner, good, *args), message)


def test_good_custom_period_for_contrast(runner: CliRunner, good: Path) -> None:
    result = report(runner, good, "--from", "2026-11-01", "--to", "2026-11-10", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["team"]["metrics"]["revenue"]["fact"] == 70000


# --- 10. rejected rows: --strict fails, the default reports and warns ------------------

BAD_DATE_DEALS = """
    id,manager,stage,amount,closed_at
    1,Ivan Ivanov,Won,50000,03.11.2026
    2,Ivan Ivanov,Won,20000,31.11.2026
    3,Ivan Ivanov,Won,1000,04.11.2026
"""
BAD_DATE_WARNING = (
    "deals.csv, row 3, column 'closed_at': '31.11.2026' — unreadable date; row rejected"
)


def test_strict_fails_on_one_unreadable_date(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": CONFIG, "deals.csv": BAD_DATE_DEALS})
    assert_error(
        report(runner, cfg, "--strict"),
        "deals: 1 of 3 rows rejected; first: deals.csv, row 3, column 'closed_at', "
        "value '31.11.2026' (unreadable date); fix the export or run without --strict",
    )


def test_without_strict_the_row_is_counted_and_warned(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": CONFIG, "deals.csv": BAD_DATE_DEALS})
    result = report(runner, cfg, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["rows"]["deals"] == {
        "read": 3,
        "used": 2,
        "rejected": 1,
        "not_on_team": 0,
        "reasons": {"bad_date": 1},
    }
    assert doc["warnings"] == [BAD_DATE_WARNING]
    assert doc["team"]["metrics"]["revenue"]["fact"] == 51000

    table = report(runner, cfg)
    assert table.exit_code == 0, table.stderr
    assert table.stderr == ""
    assert "Rows: deals — read 3, used 2, rejected 1" in table.stdout
    assert f"Warnings:\n  • {BAD_DATE_WARNING}\n" in table.stdout


def test_strict_passes_a_clean_file(runner: CliRunner, good: Path) -> None:
    result = report(runner, good, "--strict", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rows"]["deals"]["rejected"] == 0


# --- 11. broken and empty files --------------------------------------------------------

XLSX_CONFIG = CONFIG.replace("deals.csv", "deals.xlsx")


def test_broken_xlsx(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    garbage = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4
    cfg = project(**{"norms.yaml": XLSX_CONFIG, "deals.xlsx": garbage})
    assert_error(
        report(runner, cfg),
        f"{tmp_path / 'deals.xlsx'}: cannot read as .xlsx (Cannot detect file format); "
        "open and re-save it in Excel",
    )


def test_xlsx_that_is_not_a_zip(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    cfg = project(**{"norms.yaml": XLSX_CONFIG, "deals.xlsx": b"PK\x05\x06garbage\x00\xff\xfe"})
    assert_error(
        report(runner, cfg),
        f"{tmp_path / 'deals.xlsx'}: cannot read as a spreadsheet (not an Excel workbook); "
        "open and re-save it in Excel",
    )


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"], ids=["zero", "blank", "bom"])
def test_empty_csv(runner: CliRunner, project: Project, tmp_path: Path, content: bytes) -> None:
    cfg = project(**{"norms.yaml": CONFIG, "deals.csv": content})
    assert_error(
        report(runner, cfg), f"{tmp_path / 'deals.csv'}: the file is empty; export it again"
    )


def test_unknown_encoding(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    cfg = project(
        **{
            "norms.yaml": CONFIG.replace(
                "path: deals.csv", "path: deals.csv\n        encoding: koi9"
            ),
            "deals.csv": DEALS,
        }
    )
    assert_error(
        report(runner, cfg),
        f"{cfg}, line 5, key sources.deals.encoding: 'koi9' is not a text encoding; "
        "use utf-8, utf-8-sig, cp1251 or utf-16",
    )


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        (
            "{from: deals, sum: client}",
            "key metrics.m.sum: 'client' holds text, not numbers; "
            "sum a number column such as amount or units",
        ),
        (
            "{from: deals, date: client, count: true}",
            "key metrics.m.date: 'client' is not a date column; use one of created_at, closed_at, "
            "touched_at, stage_at",
        ),
        (
            '{from: deals, where: {client: ">=5"}, count: true}',
            "key metrics.m.where.client: 'client' holds text; a comparison needs a number "
            "column; write a value, e.g. client: …",
        ),
        (
            "{from: deals, where: {client: true}, count: true}",
            "key metrics.m.where.client: 'client' holds text; write a value",
        ),
    ],
)
def test_metric_columns_must_fit_their_use(
    runner: CliRunner, project: Project, metric: str, message: str
) -> None:
    cfg = project(
        **{"norms.yaml": CONFIG + f"    metrics:\n      m: {metric}\n", "deals.csv": DEALS}
    )
    assert_error(report(runner, cfg), f"{cfg}, line 10, {message}")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-100", "must not be negative (got -100); write 0 or more"),
        (".nan", "must be a finite number (got nan); write a plain number, e.g. 3000000"),
        (".inf", "must be a finite number (got inf); write a plain number, e.g. 3000000"),
    ],
)
def test_targets_are_finite_and_not_negative(
    runner: CliRunner, project: Project, value: str, message: str
) -> None:
    cfg = project(**{"norms.yaml": CONFIG.replace("100000", value), "deals.csv": DEALS})
    assert_error(report(runner, cfg), f"{cfg}, line 6, key plan.revenue: {message}")


# --- 12. a legacy Windows export is not an error ---------------------------------------


def test_cp1251_csv_with_russian_headers_reads_fine(runner: CliRunner, project: Project) -> None:
    export = (
        "ID;Ответственный;Стадия сделки;Сумма;Предполагаемая дата закрытия\n"
        "1;Иван Иванов;Сделка успешна;1 500 000,50;03.11.2026\n"
        "2;Иван Иванов;Сделка провалена;200 000;04.11.2026\n"
        "3;Иван Иванов;Сделка успешна;500 000;10.11.2026\n"
    ).encode("cp1251")
    cfg = project(
        **{
            "norms.yaml": """
                language: en
                sources:
                  deals:
                    path: deals.csv
                    columns: {id: ID, manager: Ответственный, stage: Стадия сделки,
                              amount: Сумма, closed_at: Предполагаемая дата закрытия}
                plan: {revenue: 3000000}
                managers:
                  - name: Иван Иванов
                """,
            "deals.csv": export,
        }
    )
    result = report(runner, cfg, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["rows"]["deals"]["read"] == 3
    assert doc["rows"]["deals"]["rejected"] == 0
    assert doc["warnings"] == []
    assert doc["managers"][0]["name"] == "Иван Иванов"
    assert doc["managers"][0]["metrics"]["revenue"]["fact"] == 2000000.5


def test_errors_are_russian_by_default(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROPKIT_LANG")
    missing = tmp_path / "norms.yaml"
    result = run_cli(runner, "report", "-c", str(missing))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Ошибка: {missing}: файл настроек не найден; создайте его командой `ropkit init` "
        "или укажите путь через -c ПУТЬ\n"
    )
