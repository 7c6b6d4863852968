"""norms.yaml errors in Russian (the default language): the whole stderr line of each.

The English texts of the same errors are pinned in test_errors.py; here ROPKIT_LANG=ru.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ropkit import config as config_module
from ropkit.config import load_config
from tests.cli_errors import Project, report
from tests.cli_errors import assert_error_ru as assert_error

SOURCES = """
    sources:
      deals:
        path: deals.csv
"""
CONFIG = SOURCES + "    plan: {revenue: 100000}\n    managers:\n      - name: Ivan Ivanov\n"
CANONICAL = (
    "id, manager, stage, outcome, amount, units, product, client, created_at, closed_at, "
    "touched_at, stage_at"
)


@pytest.fixture(autouse=True)
def russian_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROPKIT_LANG", "ru")


def check(runner: CliRunner, project: Project, yaml_text: str, message: str) -> None:
    """Write ``yaml_text`` as norms.yaml, run a report; ``{cfg}`` in message is its path."""
    cfg = project(**{"norms.yaml": yaml_text})
    assert_error(report(runner, cfg), message.format(cfg=cfg))


# --- YAML itself -----------------------------------------------------------------------


def test_yaml_syntax_error(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        "plan:\n  revenue: 1\n   deals_won: 2\n",
        "{cfg}, строка 3, столбец 13: ошибка синтаксиса YAML: mapping values are not allowed "
        "here; проверьте там отступы и кавычки",
    )


def test_key_given_twice(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    plan:\n      revenue: 1\n      revenue: 2\n",
        "{cfg}, строка 6, ключ plan.revenue: указан дважды (впервые в строке 5); "
        "оставьте один (иначе YAML молча возьмёт последний)",
    )


def test_date_that_does_not_exist(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    calendar: {holidays: [2026-02-30]}\n",
        "{cfg}, строка 4, столбец 23, ключ calendar.holidays[0]: даты '2026-02-30' "
        "не существует (day is out of range for month); "
        "напишите существующую дату как YYYY-MM-DD",
    )


def test_config_not_a_mapping(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        "- revenue\n- deals_won\n",
        "{cfg}, строка 1: в файле настроек должны быть ключи со значениями (team:, plan:, …)",
    )


def test_config_not_utf8(runner: CliRunner, project: Project) -> None:
    cfg = project(**{"norms.yaml": "team: Продажи\n".encode("cp1251")})
    assert_error(
        report(runner, cfg),
        f"{cfg}: текст не в кодировке UTF-8 (invalid continuation byte); сохраните файл в UTF-8",
    )


# --- keys ------------------------------------------------------------------------------


def test_unknown_key_did_you_mean(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    plna:\n      revenue: 100000\n",
        "{cfg}, строка 4, ключ plna: неизвестный ключ; возможно, имелось в виду 'plan'?",
    )


def test_unknown_key_without_a_close_match(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        "frobnicate: 1\n",
        "{cfg}, строка 1, ключ frobnicate: неизвестный ключ; "
        "удалите его или сверьтесь со списком ключей в norms.example.yaml",
    )


def test_required_key_missing(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        CONFIG + "        absences: [{from: 2026-11-02}]\n",
        "{cfg}, строка 7, ключ managers[0].absences[0].to: обязательный ключ не указан; "
        "добавьте его",
    )


# --- values ----------------------------------------------------------------------------


def test_plan_not_a_number(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    plan: {revenue: много}\n",
        "{cfg}, строка 4, ключ plan.revenue: не число (получено 'много'); "
        "напишите число, например 3000000",
    )


def test_negative_target(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    plan: {revenue: -5}\n",
        "{cfg}, строка 4, ключ plan.revenue: не может быть отрицательным (получено -5); "
        "напишите 0 или больше",
    )


def test_plan_not_a_mapping(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    plan: [1, 2]\n",
        "{cfg}, строка 4, ключ plan: здесь нужны пары ключ: значение; "
        "напишите их под этим ключом с отступом",
    )


def test_threshold_not_positive(runner: CliRunner, project: Project) -> None:
    """English shows pydantic's own words here; Russian has its own text."""
    check(
        runner,
        project,
        SOURCES + "    status: {green: 0}\n",
        "{cfg}, строка 4, ключ status.green: должно быть больше 0 (получено 0)",
    )


def test_bad_month_key(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    months:\n      2026-13: {revenue: 5}\n",
        "{cfg}, строка 5, ключ months.2026-13: месяц '2026-13' пишется как YYYY-MM, "
        "например 2026-12",
    )


def test_value_not_allowed(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        "language: de\n",
        "{cfg}, строка 1, ключ language: 'de' — недопустимое значение; укажите 'ru' или 'en'",
    )


def test_calendar_country_did_you_mean(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    calendar: {country: ru}\n",
        "{cfg}, строка 4, ключ calendar.country: календарь праздников не знает код страны "
        "'ru'; возможно, имелось в виду 'RU'? (или null — просто неделя пн–пт)",
    )


def test_absence_ends_before_it_starts(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        CONFIG + "        absences: [{from: 2026-11-05, to: 2026-11-01}]\n",
        "{cfg}, строка 7, ключ managers[0].absences[0]: отсутствие заканчивается (2026-11-01) "
        "раньше, чем начинается (2026-11-05)",
    )


def test_source_path_not_text(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        "sources:\n  deals:\n    path: 5\n",
        "{cfg}, строка 3, ключ sources.deals.path: нужен путь к файлу или список путей "
        "(получено 5); возьмите путь в кавычки, если он похож на число",
    )


# --- references between keys -----------------------------------------------------------


def test_plan_for_an_unknown_metric(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    plan: {revenu: 100000}\n",
        "{cfg}, строка 4, ключ plan.revenu: неизвестная метрика 'revenu'; "
        "возможно, имелось в виду 'revenue'?",
    )


def test_manager_mode_with_no_norms(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        CONFIG + "        mode: active\n",
        "{cfg}, строка 7, ключ managers[0].mode: для режима 'active' нет норм "
        "(в norms: нет ни одного режима); добавьте его в norms:",
    )


def test_manager_mode_misspelt(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES
        + "    norms:\n      passive: {calls_out: 40}\n"
        + "    managers:\n      - {name: Ivan Ivanov, mode: pasive}\n",
        "{cfg}, строка 7, ключ managers[0].mode: для режима 'pasive' нет норм "
        "(режимы: passive); возможно, имелось в виду 'passive'?",
    )


def test_sum_of_a_text_column(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    metrics:\n      clients: {from: deals, sum: client}\n",
        "{cfg}, строка 5, ключ metrics.clients.sum: в колонке 'client' текст, а не числа; "
        "суммируйте числовую колонку, например amount или units",
    )


def test_comparison_on_a_text_column(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES
        + "    metrics:\n"
        + '      big: {from: deals, where: {stage: ">=100000"}, count: true}\n',
        "{cfg}, строка 5, ключ metrics.big.where.stage: в колонке 'stage' текст, "
        "а сравнение возможно только с числами; напишите значение, например stage: …",
    )


def test_metric_with_two_aggregations(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "    metrics:\n      x: {from: deals, sum: amount, count: true}\n",
        "{cfg}, строка 5, ключ metrics.x: у метрики должно быть ровно одно из: "
        "sum: <колонка>, count: true, new: <колонка>, ratio: [a, b]; указано: sum, count",
    )


def test_source_maps_the_file_header_as_the_key(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        SOURCES + "        columns: {Сумма: amount}\n",
        "{cfg}, строка 4, ключ sources.deals.columns.Сумма: в deals нет колонки 'Сумма' "
        f"(колонки: {CANONICAL}); слева в columns: пишутся эти названия, "
        "а заголовок из файла — справа, например amount: Сумма",
    )


def test_same_manager_twice(runner: CliRunner, project: Project) -> None:
    check(
        runner,
        project,
        CONFIG + "      - name: ivan  IVANOV\n",
        "{cfg}, строка 7, ключ managers[1].name: 'ivan  IVANOV' — тот же человек, "
        "что и managers[0]; оставьте одну запись, а другие написания перечислите в aliases:",
    )


# --- the tables behind the messages ------------------------------------------------------


def test_every_type_error_has_a_russian_text() -> None:
    from ropkit.i18n import CATALOGS

    tables = (config_module._TYPE_ERRORS, config_module._PYDANTIC_ERRORS)
    keys = {key for table in tables for pair in table.values() for key in pair}
    missing = {lang: keys - set(CATALOGS[lang]) for lang in CATALOGS}
    assert not any(missing.values()), missing


def test_where_in_russian(project: Project) -> None:
    cfg = project(**{"norms.yaml": SOURCES})
    config = load_config(cfg)
    assert config.where("sources", "deals", "path") == f"{cfg}, line 3, key sources.deals.path"
    assert (
        config.where("sources", "deals", "path", lang="ru")
        == f"{cfg}, строка 3, ключ sources.deals.path"
    )
