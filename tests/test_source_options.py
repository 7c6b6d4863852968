"""Source options a first run needs (issue 7): the CRM named alone as the preset, an
explicit date pattern. Answers worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_errors import assert_error
from tests.conftest import report_json, run_cli

DEALS = (
    "ID;Стадия сделки;Ответственный;Сумма;Предполагаемая дата закрытия\n"
    "1;Сделка успешна;Анна;1000;05-11-17\n"
    "2;Сделка успешна;Анна;500;06-10-17\n"
)


def _config(source: str) -> str:
    return f"""
    team: T
    language: en
    sources:
      deals: {source}
    plan: {{revenue: 1000}}
    managers: [{{name: Анна}}]
    """


def test_the_crm_alone_names_the_preset(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = project(
        **{
            "norms.yaml": _config("{path: deals.csv, preset: bitrix24}"),
            "deals.csv": DEALS.replace("05-11-17", "05.11.2017").replace("06-10-17", "06.10.2017"),
        }
    )
    out = run_cli(runner, "check", "-c", str(config)).stdout
    assert out.startswith("deals.csv: Bitrix24 deals,")
    # November 2017: deal 1 (1 000) is in it, deal 2 (October) is not
    doc = report_json(runner, config, "--date", "2017-11-30")
    assert doc["managers"][0]["metrics"]["revenue"]["fact"] == 1000


def test_an_unknown_preset_lists_the_crms_too(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    config = project(
        **{"norms.yaml": _config("{path: deals.csv, preset: bitrix}"), "deals.csv": DEALS}
    )
    result = run_cli(runner, "report", "-c", str(config))
    assert result.exit_code == 1
    assert "unknown preset 'bitrix' for deals (presets: bitrix24, amocrm," in result.stderr
    assert "did you mean 'bitrix24'?" in result.stderr


def test_a_date_pattern_reads_what_the_column_leaves_ambiguous(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # 05-11-17 and 06-10-17: no day above 12, no year above 31: unread without a pattern
    config = project(**{"norms.yaml": _config("{path: deals.csv}"), "deals.csv": DEALS})
    doc = report_json(runner, config, "--date", "2017-11-30")
    assert doc["rows"]["deals"]["reasons"] == {"bad_date": 2}
    for pattern in ("'%d-%m-%y'", "{closed_at: '%d-%m-%y'}"):
        config = project(
            **{
                "norms.yaml": _config("{path: deals.csv, date_format: " + pattern + "}"),
                "deals.csv": DEALS,
            }
        )
        doc = report_json(runner, config, "--date", "2017-11-30")
        assert doc["rows"]["deals"]["rejected"] == 0
        # 05-11-17 is 5 November 2017 (1 000); 06-10-17 is 6 October (not in November)
        assert doc["managers"][0]["metrics"]["revenue"]["fact"] == 1000


def test_a_date_pattern_must_be_one(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = project(
        **{"norms.yaml": _config("{path: deals.csv, date_format: dd-mm-yy}"), "deals.csv": DEALS}
    )
    assert_error(
        run_cli(runner, "report", "-c", str(config)),
        f"{config}, line 4, key sources.deals.date_format: 'dd-mm-yy' is not a date pattern; "
        "write it with strftime codes, e.g. '%d-%m-%y %H:%M' or '%m/%d/%Y %I:%M %p'",
    )
    config = project(
        **{
            "norms.yaml": _config("{path: deals.csv, date_format: {amount: '%d'}}"),
            "deals.csv": DEALS,
        }
    )
    result = run_cli(runner, "report", "-c", str(config))
    assert (
        "'amount' is not a date column of deals; use one of created_at, closed_at, "
        "touched_at, stage_at" in (result.stderr)
    )


def test_people_as_ids_become_names(runner: CliRunner, project: Callable[..., Path]) -> None:
    # a dialer writes agent ids: 5 is Анна (managers[].ids), 7 is Борис (the users file,
    # where his name is spelled surname first), 9 is nobody on the team
    config = project(
        **{
            "norms.yaml": """
            team: T
            language: en
            sources:
              activities:
                path: dialer.csv
                columns: {manager: agent_id, at: datestamp}
                set: {kind: call_out}
              users: {path: agents.csv}
            norms: {all: {calls_out: 1}}
            managers:
              - {name: Анна Смирнова, ids: [5]}
              - {name: Борис Волков}
            """,
            "agents.csv": "id,name\n7,Волков Борис\n9,Кто-то Другой\n",
            "dialer.csv": "agent_id,datestamp,lead_id\n"
            "5,2026-11-02 10:00:00,100\n"
            "5,2026-11-02 10:05:00,101\n"
            "7,2026-11-02 10:00:00,102\n"
            "9,2026-11-02 10:00:00,103\n"
            "11,2026-11-02 10:00:00,104\n"
            "11,2026-11-02 10:01:00,105\n",
        }
    )
    doc = report_json(runner, config, "--date", "2026-11-30")
    facts = {m["name"]: m["metrics"]["calls_out"]["fact"] for m in doc["managers"]}
    assert facts == {"Анна Смирнова": 2, "Борис Волков": 1}
    # 9 is in the users file but not on the team; 11 is nowhere: both left out, 3 rows
    assert doc["rows"]["activities"]["not_on_team"] == 3
    out = run_cli(runner, "check", "-c", str(config)).stdout
    assert (
        "people ids not matched to the team (add them to managers[].ids or give "
        "sources.users): 11 (2)"
    ) in out
    assert "in the data, not on the team list: Кто-то Другой (1)" in out


def _every_fixture() -> list[tuple[str, str, str | None]]:
    from tests.data.expected import FIXTURES as BASIC
    from tests.data.expected_more import FIXTURES as MORE

    found: list[tuple[str, str, str | None]] = []
    for fixtures in (BASIC, MORE):
        for name, spec in fixtures.items():
            preset = spec.get("preset")
            if preset is None and spec["crm"] != "generic":
                preset = str(spec["crm"])  # the basic fixtures name only the CRM
            found.append((name, str(spec["table"]), None if preset is None else str(preset)))
    return found


@pytest.mark.parametrize(("name", "table", "preset"), _every_fixture())
def test_check_names_the_crm_of_every_fixture_with_no_columns_given(
    runner: CliRunner, project: Callable[..., Path], name: str, table: str, preset: str | None
) -> None:
    from ropkit.sources.presets import PRESETS

    data = Path(__file__).parent / "data" / name
    config = project(**{"norms.yaml": f"language: en\nsources:\n  {table}: {{path: '{data}'}}\n"})
    out = run_cli(runner, "check", "-c", str(config)).stdout
    first = out.splitlines()[0]
    if preset is None:
        assert first.startswith(f"{name}: generic"), first
    else:
        titles = [p.title for p in PRESETS if p.id == preset or p.id.split(".")[0] == preset]
        assert any(first.startswith(f"{name}: {t},") for t in titles), (first, titles)


def test_a_fill_column_is_never_the_column_it_fills(tmp_path: Path) -> None:
    # a Pipedrive API dump without close_time: won_time is the close date, and where it is
    # empty (a lost deal) lost_time is — not won_time a second time
    from ropkit.config import SourceConfig
    from ropkit.schema import TABLES
    from ropkit.sources.load import header_score_for
    from ropkit.sources.normalize import normalize
    from ropkit.sources.read import read_file

    path = tmp_path / "deals.csv"
    path.write_text(
        "id,user_id,status,value,add_time,won_time,lost_time\n"
        "1,7,won,100,2026-11-02 10:00:00,2026-11-05 12:00:00,\n"
        "2,7,lost,50,2026-11-02 10:00:00,,2026-11-09 15:00:00\n",
        encoding="utf-8",
    )
    source = SourceConfig(path="deals.csv", preset="pipedrive.deals_api")
    raw = read_file(path, score=header_score_for("deals", source))
    done = normalize(raw, TABLES["deals"], source, {}, "s")
    assert [str(d.date()) for d in done.frame["closed_at"]] == ["2026-11-05", "2026-11-09"]
