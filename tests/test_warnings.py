"""Never a silent zero (issue 7): what must be seen before any figure is said at the top,
and cron gets exit code 3 when asked to look. Answers worked out by hand from the rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from ropkit.errors import ExitStatus
from tests.conftest import run_cli

CONFIG = """
team: T
language: en
sources:
  activities:
    path: calls.csv
    columns: {manager: Агент, at: Время}
    set: {kind: call_out}
norms:
  all: {calls_out: 1}
managers: [{name: Анна}, {name: Борис}, {name: Вера}]
"""


def _calls(*rows: str) -> str:
    return "Агент,Время\n" + "".join(r + "\n" for r in rows)


def _report(runner: CliRunner, config: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = run_cli(runner, "report", "-c", str(config), "-f", "json", *args)
    assert result.exit_code in (0, 3), result.output
    return result.exit_code, json.loads(result.stdout)


def test_most_rows_rejected_is_said_at_the_top_and_fails_on_request(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # 4 rows, 1 with an unreadable date: 25% rejected, above the default 5%
    config = project(
        **{
            "norms.yaml": CONFIG,
            "calls.csv": _calls(
                "Анна,2026-11-02 10:00", "Анна,вчера", "Борис,2026-11-02 11:00", "Вера,2026-11-03"
            ),
        }
    )
    code, doc = _report(runner, config, "--date", "2026-11-30")
    assert code == 0
    assert doc["alerts"] == [
        "activities: 25% of the rows rejected (1 of 4), above the 5% allowed; the figures "
        "are incomplete, see ropkit check for why"
    ]
    code, _ = _report(runner, config, "--date", "2026-11-30", "--fail-on", "rejected")
    assert code == ExitStatus.LOOK == 3
    # 25% is within a limit of 30%: no alert, exit 0 even with --fail-on rejected
    code, doc = _report(
        runner, config, "--date", "2026-11-30", "--max-rejected", "30", "--fail-on", "rejected"
    )
    assert (code, doc["alerts"]) == (0, [])
    check = run_cli(runner, "check", "-c", str(config), "--fail-on", "rejected")
    assert check.exit_code == 3
    assert check.stdout.rstrip().splitlines()[-1] == (
        "Verdict: ✗ activities: 25% of the rows rejected (1 of 4), above 5%; a report on "
        "this data will be incomplete"
    )
    assert (
        run_cli(runner, "check", "-c", str(config), "--max-rejected", "30")
        .stdout.rstrip()
        .splitlines()[-1]
        == "Verdict: ✓ no table has more than 30% of its rows rejected"
    )


def test_a_period_after_the_newest_row_is_said_at_the_top(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    config = project(
        **{"norms.yaml": CONFIG, "calls.csv": _calls("Анна,2017-12-31 10:00", "Борис,2017-12-30")}
    )
    _, doc = _report(runner, config, "--date", "2026-11-30")
    assert doc["alerts"] == [
        "the activities export ends on December 31, 2017: the period is after it"
    ]
    _, doc = _report(runner, config, "--from", "2015-01-01", "--to", "2015-01-31")
    assert doc["alerts"] == [
        "the activities export starts on December 30, 2017: the period is before it"
    ]


def test_russian_alert_names_the_last_row(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = project(
        **{
            "norms.yaml": CONFIG.replace("language: en", "language: ru"),
            "calls.csv": _calls("Анна,2017-12-31 10:00"),
        }
    )
    _, doc = _report(runner, config, "--date", "2026-11-30")
    assert doc["alerts"] == [
        "в выгрузке activities последняя запись 31 декабря 2017 — период после неё"
    ]


def test_a_year_without_decreed_transfers_is_said(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # holidays knows Russia's transfers up to 2027 here; none for 2028 yet
    config = project(**{"norms.yaml": CONFIG, "calls.csv": _calls("Анна,2028-03-01 10:00")})
    _, doc = _report(runner, config, "--date", "2028-03-31")
    assert any("no transferred days off for 2028" in a for a in doc["alerts"])  # type: ignore[union-attr]
    _, doc = _report(runner, config, "--date", "2027-03-31")
    assert not any("transferred" in a for a in doc["alerts"])  # type: ignore[union-attr]


def test_new_clients_warns_on_a_short_deal_history(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    config = project(
        **{
            "norms.yaml": """
            team: T
            language: en
            sources:
              deals: {path: deals.csv}
            plan: {new_clients: 2}
            managers: [{name: Анна}]
            """,
            # the export starts 2026-06-01: less than 12 months before November 2026
            "deals.csv": "id,manager,stage,amount,client,created_at,closed_at\n"
            "1,Анна,won,100,A,2026-06-01,2026-06-05\n"
            "2,Анна,won,100,B,2026-11-02,2026-11-05\n",
        }
    )
    _, doc = _report(runner, config, "--date", "2026-11-30")
    assert doc["alerts"] == [
        "new clients: the deals export starts on June 1, 2026, less than 12 months before the "
        "period; old clients may look new"
    ]


def test_top_and_sort(runner: CliRunner, project: Callable[..., Path]) -> None:
    # November 2026, norm 1 call a day over 20 working days (all elapsed at 30.11):
    # Анна 1 call (5%), Борис 3 (15%), Вера 2 (10%)
    config = project(
        **{
            "norms.yaml": CONFIG,
            "calls.csv": _calls(
                "Анна,2026-11-02 10:00",
                *["Борис,2026-11-02 11:00", "Борис,2026-11-03 11:00", "Борис,2026-11-04 11:00"],
                *["Вера,2026-11-05 12:00", "Вера,2026-11-06 12:00"],
            ),
        }
    )

    def names(*args: str) -> list[str]:
        _, doc = _report(runner, config, "--date", "2026-11-30", *args)
        return [m["name"] for m in doc["managers"]]  # type: ignore[index, union-attr]

    assert names() == ["Анна", "Борис", "Вера"]  # the config's order
    assert names("--sort", "calls_out") == ["Борис", "Вера", "Анна"]  # most calls first
    assert names("--sort", "attainment") == ["Анна", "Вера", "Борис"]  # worst first
    assert names("--sort", "name", "--top", "2") == ["Анна", "Борис"]
    _, doc = _report(runner, config, "--date", "2026-11-30", "--top", "1")
    assert doc["team"]["metrics"]["calls_out"]["fact"] == 6  # type: ignore[index]
    assert "1 of 3 managers shown (--top); the total is the whole team's" in doc["warnings"]  # type: ignore[operator]
    bad = run_cli(runner, "report", "-c", str(config), "--sort", "calls")
    assert bad.exit_code == 1
    assert "--sort 'calls': use attainment, name or a metric of the report" in bad.stderr


def test_fail_on_red(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = project(**{"norms.yaml": CONFIG, "calls.csv": _calls("Анна,2026-11-02 10:00")})
    code, _ = _report(runner, config, "--date", "2026-11-30", "--fail-on", "red")
    assert code == 3
    code, _ = _report(runner, config, "--date", "2026-11-30")
    assert code == 0


def test_check_lists_the_top_20_and_says_how_many_more(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # 25 people not on the team, person k with k rows: the 20 with most rows are shown
    rows = [f"Чужой {k:02d},2026-11-{k:02d} 10:{i:02d}" for k in range(1, 26) for i in range(k)]
    config = project(**{"norms.yaml": CONFIG, "calls.csv": _calls(*rows)})
    out = run_cli(runner, "check", "-c", str(config)).stdout
    line = next(x for x in out.splitlines() if "not on the team list" in x)
    assert line.count("Чужой") == 20
    assert "Чужой 25 (25)" in line and "Чужой 05" not in line
    assert line.endswith("and 5 more: --all")
    full = run_cli(runner, "check", "-c", str(config), "--all").stdout
    line = next(x for x in full.splitlines() if "not on the team list" in x)
    assert line.count("Чужой") == 25


def test_asking_for_nothing_shows_the_kinds_the_data_has(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # only incoming and missed calls: those two columns, not empty outgoing calls / meetings
    config = project(
        **{
            "norms.yaml": """
            team: T
            language: en
            sources:
              activities: {path: calls.csv}
            """,
            "calls.csv": "manager,kind,at\n"
            "Анна,call_in,2026-11-02 10:00\n"
            "Анна,call_in,2026-11-02 11:00\n"
            "Борис,call_missed,2026-11-02 12:00\n",
        }
    )
    _, doc = _report(runner, config, "--date", "2026-11-30")
    assert [m["id"] for m in doc["metrics"]] == ["calls_in", "calls_missed"]  # type: ignore[union-attr]
    facts = {m["name"]: m["metrics"]["calls_in"]["fact"] for m in doc["managers"]}  # type: ignore[index, union-attr]
    assert facts == {"Анна": 2, "Борис": 0}


def test_lang_overrides_the_configs_language(
    runner: CliRunner, project: Callable[..., Path], monkeypatch: object
) -> None:
    config = project(
        **{
            "norms.yaml": CONFIG.replace("language: en", "language: ru"),
            "calls.csv": _calls("Анна,2026-11-02 10:00"),
        }
    )
    _, doc = _report(runner, config, "--date", "2026-11-30", "--lang", "en")
    assert doc["language"] == "en"
    assert doc["metrics"][0]["label"] == "Outgoing calls"  # type: ignore[index]
    out = run_cli(runner, "check", "-c", str(config), "--lang", "ru").stdout
    assert out.rstrip().splitlines()[-1].startswith("Итог: ✓")
    bad = run_cli(runner, "report", "-c", str(config.parent / "none.yaml"), "--lang", "ru")
    assert bad.stderr.startswith("Ошибка: ")
