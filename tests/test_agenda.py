"""The stand-up agenda, with answers worked out by hand.

November 2026 has 20 working days (4 Nov is a holiday). The stand-up is on Friday 13 Nov at
08:30, before the working day (09:00–18:00): 8 working days have passed (2, 3, 5, 6, 9, 10,
11, 12 Nov), 12 remain, and the last working day is Thursday 12 Nov.

Every manager's monthly plan: revenue 2 000 000, 10 deals; norm 10 outgoing calls a day.
To date (8 of 20 days): revenue 800 000, deals 4, calls 80.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ropkit.cli import DEMO_DATE, app
from ropkit.periods import PeriodKind
from ropkit.pipeline import run
from ropkit.scorecard import for_manager

AS_OF = "2026-11-13T08:30"
CONFIG = """
team: Отдел Т
sources:
  deals: {path: deals.csv}
  activities: {path: activities.csv}
plan: {revenue: 2000000, deals_won: 10}
norms:
  sales: {calls_out: 10}
managers:
  - {name: Анна, mode: sales}
  - {name: Борис, mode: sales}
  - {name: Вера, mode: sales}
  - {name: Глеб, mode: sales, absences: [{from: 2026-11-13, to: 2026-11-20}]}
  - {name: Дина, mode: sales, hired: 2026-11-01}
"""


def _calls(manager: str, day: str, n: int, start: int = 0) -> list[str]:
    return [f"{manager}{start + i},{manager},call_out,{day} 10:00" for i in range(n)]


def _deals(manager: str, n: int, amount: int, day: str = "10.11.2026") -> list[str]:
    return [f"{manager}{i},{manager},Сделка успешна,{amount},C{i},{day}" for i in range(n)]


# Анна: 40 calls of 80 due (50%: red), 5 deals, 1 000 000 (green): few calls.
# Борис: 90 calls (112%), 2 deals of 4 due (50%: red), 600 000 of 800 000 (75%): conversion.
# Вера: 80 calls (100%), 5 deals (125%), 500 000 of 800 000 (62%): the average deal.
# Глеб: nothing, away from 13 Nov: no question. Дина: nothing, hired 1 Nov: new, no question.
ACTS = [
    *_calls("Анна", "10.11.2026", 35),
    *_calls("Анна", "12.11.2026", 5, 35),  # yesterday: 5 of 10
    *_calls("Борис", "11.11.2026", 90),
    *_calls("Вера", "12.11.2026", 80),
]
DEALS = [
    *_deals("Анна", 5, 200_000),
    *_deals("Борис", 2, 300_000),
    *_deals("Вера", 5, 100_000),
]


@pytest.fixture
def team(project: Callable[..., Path]) -> Path:
    return project(
        **{
            "norms.yaml": CONFIG,
            "deals.csv": "id,manager,stage,amount,client,closed_at\n" + "\n".join(DEALS) + "\n",
            "activities.csv": "id,manager,kind,at\n" + "\n".join(ACTS) + "\n",
        }
    )


def _agenda(runner: CliRunner, config: Path, *args: str) -> Any:
    result = runner.invoke(app, ["agenda", "-c", str(config), "--date", AS_OF, *args])
    assert result.exit_code == 0, result.output
    return result


def _doc(runner: CliRunner, config: Path, *args: str) -> dict[str, Any]:
    return dict(json.loads(_agenda(runner, config, "-f", "json", *args).stdout))


def test_the_json_contract_with_hand_worked_figures(runner: CliRunner, team: Path) -> None:
    doc = _doc(runner, team)
    assert doc["date"] == "2026-11-13"
    assert doc["as_of"] == "2026-11-13T08:30:00"
    assert doc["yesterday"] == "2026-11-12"
    # the team: revenue 2 100 000; due 800 000 x 3 + Глеб's 2 000 000 x 8/14 (his month has
    # 14 working days: 6 are his vacation) + Дина's 800 000 = 4 342 857.14 -> 48%, red.
    # calls 210 of 400 (Глеб's 8 working days passed) = 52.5%; deals 12 of 21.71 = 55%.
    group = {g["metric"]: g for g in doc["group"]}
    assert [g["metric"] for g in doc["group"]] == ["revenue", "calls_out", "deals_won"]
    assert group["revenue"]["fact"] == 2_100_000
    assert group["revenue"]["plan_to_date"] == pytest.approx(4_342_857.14, abs=0.01)
    assert group["revenue"]["attainment"] == pytest.approx(0.4836, abs=1e-4)
    assert group["revenue"]["status"] == "red"
    assert group["calls_out"]["fact"] == 210 and group["calls_out"]["plan_to_date"] == 400
    # yesterday, 12 Nov: Анна 5 and Вера 80 calls against 10 x 5 managers
    assert group["calls_out"]["yesterday"] == {
        "fact": 85,
        "plan_to_date": 50,
        "attainment": 1.7,
        "status": "green",
    }
    assert (group["calls_out"]["managers_red"], group["calls_out"]["managers_judged"]) == (3, 5)

    people = {i["manager"]: i for i in doc["individual"]}
    # worst first: Глеб and Дина at 0%, then Анна (calls 50%), Борис (deals 50%), Вера (62%)
    assert list(people) == ["Глеб", "Дина", "Анна", "Борис", "Вера"]
    anna = people["Анна"]
    assert [m["metric"] for m in anna["metrics"]] == ["calls_out"]
    calls = anna["metrics"][0]
    assert (calls["fact"], calls["plan_to_date"], calls["gap"]) == (40, 80, 40)
    assert calls["gap_share"] == 0.5 and calls["attainment"] == 0.5
    assert calls["yesterday"]["fact"] == 5 and calls["yesterday"]["status"] == "red"
    assert anna["cause"] == "activity"
    # the month needs 200 calls; 160 are left for 12 days: 13.3 a day -> ask for 14
    assert "сделать сегодня 14" in anna["question"]
    assert people["Борис"]["cause"] == "conversion"
    assert [m["metric"] for m in people["Борис"]["metrics"]] == ["deals_won", "revenue"]
    assert people["Борис"]["metrics"][1]["gap"] == 200_000
    assert people["Вера"]["cause"] == "avg_check"
    assert "500\xa0000\xa0₽ при плане 800\xa0000\xa0₽" in people["Вера"]["question"]
    assert people["Глеб"]["question"] is None and people["Глеб"]["skip"] == "absent"
    assert people["Дина"]["question"] is None and people["Дина"]["skip"] == "new"
    assert doc["commitments_due"] == []


def test_a_team_on_plan_has_nothing_for_everyone(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # Анна alone is red on calls; one manager of five is not half the team, and the team's
    # calls (with the others' surplus) are green: no group item, one one-on-one
    acts = [*_calls("Анна", "10.11.2026", 10)] + [
        row for name in ("Борис", "Вера", "Глеб", "Дина") for row in _calls(name, "10.11.2026", 100)
    ]
    config = project(
        **{
            "norms.yaml": CONFIG.replace("plan: {revenue: 2000000, deals_won: 10}\n", "")
            .replace(", absences: [{from: 2026-11-13, to: 2026-11-20}]", "")
            .replace(", hired: 2026-11-01", ""),
            "deals.csv": "id,manager,stage,amount,client,closed_at\n",
            "activities.csv": "id,manager,kind,at\n" + "\n".join(acts) + "\n",
        }
    )
    doc = _doc(runner, config)
    assert doc["group"] == []
    assert [i["manager"] for i in doc["individual"]] == ["Анна"]
    text = _agenda(runner, config, "-f", "text").stdout
    assert "Общих проблем нет" in text


def test_markdown_escapes_crm_text(runner: CliRunner, project: Callable[..., Path]) -> None:
    name = "Анна *bold* <script>|x"
    config = project(
        **{
            "norms.yaml": CONFIG.replace("{name: Анна,", f"{{name: '{name}',"),
            "deals.csv": "id,manager,stage,amount,client,closed_at\n",
            "activities.csv": "id,manager,kind,at\n",
        }
    )
    out = _agenda(runner, config).stdout
    assert "### " in out
    assert "Анна \\*bold\\* \\<script\\>\\|x" in out
    assert "<script>" not in out
    page = _agenda(runner, config, "-f", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_demo_agendas_are_pinned(runner: CliRunner, golden: Callable[[str, str], None]) -> None:
    # `ropkit demo` prints the report, then the agenda as text (for a chat)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    _, found, agenda = result.stdout.partition("\nПланёрка · ")
    assert found
    golden("demo_agenda.txt", "Планёрка · " + agenda)
    with resources.as_file(resources.files("ropkit") / "demo" / "norms.yaml") as config:
        result = runner.invoke(app, ["agenda", "-c", str(config), "--date", DEMO_DATE])
    assert result.exit_code == 0, result.output
    golden("demo_agenda.md", result.stdout)


# --- the commitments loop, over three days ---------------------------------------------------


def _files(project: Callable[..., Path], acts: list[str], deals: list[str]) -> Path:
    return project(
        **{
            "norms.yaml": CONFIG,
            "deals.csv": "id,manager,stage,amount,client,closed_at\n" + "\n".join(deals) + "\n",
            "activities.csv": "id,manager,kind,at\n" + "\n".join(acts) + "\n",
        }
    )


def test_commitments_created_answered_and_judged(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # Day 1, Fri 13 Nov 08:30: the stand-up writes one entry per one-on-one manager and red
    # metric: Анна calls_out, Борис deals_won and revenue, Вера revenue (not Глеб: away;
    # not Дина: new)
    config = _files(project, ACTS, DEALS)
    path = config.parent / "commitments.yaml"
    result = _agenda(runner, config, "--write-commitments")
    assert "обещаний добавлено" in result.stderr and ": 4" in result.stderr
    text = path.read_text("utf-8")
    assert text.startswith("# Обещания менеджеров с планёрки.")
    entries = yaml.safe_load(text)
    assert [(e["manager"], e["metric"]) for e in entries] == [
        ("Анна", "calls_out"),
        ("Борис", "deals_won"),
        ("Борис", "revenue"),
        ("Вера", "revenue"),
    ]
    assert entries[0]["created"] == date(2026, 11, 13)
    assert entries[0]["gap"] == 40  # 80 calls due, 40 made
    assert entries[0]["deadline"] is None and entries[0]["decision"] is None
    assert "сделать сегодня 14" in entries[0]["question"]
    # the same stand-up again: every pair has an open entry, nothing is added
    result = _agenda(runner, config, "--write-commitments")
    assert "новых обещаний нет" in result.stderr
    assert path.read_text("utf-8") == text

    # The head answers: Анна by Mon 16 Nov, Борис's deals by Mon 16 Nov (decided in Russian),
    # and an older unmet promise of Борис on deals (due 5 Nov, when 1.5 deals were due and he
    # had none); Вера's entry stays empty. A comment and a key ropkit does not know are added.
    edited = (
        text.replace(
            "- manager: Анна\n  metric: calls_out\n",
            "# Анна обещала догнать к понедельнику\n- manager: Анна\n  metric: calls_out\n",
        )
        .replace(
            "deadline:\n  decision:\n- manager: Борис\n  metric: deals_won",
            "deadline: 2026-11-16\n  decision: approved\n- manager: Борис\n  metric: deals_won",
            1,
        )
        .replace(
            "  deadline:\n  decision:\n- manager: Борис\n  metric: revenue",
            "  deadline: 2026-11-16\n  decision: одобрено\n  note: звонил клиенту сам\n"
            "- manager: Борис\n  metric: revenue",
            1,
        )
    )
    edited += (
        "- manager: Борис\n  metric: deals_won\n  created: 2026-11-02\n  gap: 1\n"
        "  explanation: отпуск клиента\n  actions: звонки\n  deadline: 2026-11-05\n"
        "  decision: approved\n"
    )
    path.write_text(edited, encoding="utf-8")
    anna = yaml.safe_load(edited)[0]
    assert anna["deadline"] == date(2026, 11, 16) and anna["decision"] == "approved"

    # Day 2, Mon 16 Nov 08:30: the deadlines are today, not over: only the old promise of
    # Борис is judged (unmet); Вера waited no full working day yet (14, 15 are a weekend)
    acts = [*ACTS, *_calls("Анна", "16.11.2026", 60, 100)]
    config = _files(project, acts, DEALS)
    doc = _doc(runner, config, "--date", "2026-11-16T08:30")
    assert [(c["manager"], c["metric"], c["result"]) for c in doc["commitments_due"]] == [
        ("Борис", "deals_won", "unmet"),
    ]

    # Day 3, Wed 18 Nov 08:30, fresh exports. At the end of 16 Nov (10 working days of 20:
    # 2, 3, 5, 6, 9–13, 16): Анна 100 calls of 100 due -> met, at exactly 100% (green is
    # >= 100%); Борис 2 deals of 5 due -> unmet, his second unmet
    # promise on deals -> a repeat, first. Борис's revenue and Вера's: no deadline after two
    # full working days (16 and 17 Nov) -> no answer.
    doc = _doc(runner, config, "--date", "2026-11-18T08:30")
    due = [(c["manager"], c["metric"], c["result"], c["repeat"]) for c in doc["commitments_due"]]
    assert due == [
        ("Борис", "deals_won", "unmet", True),
        ("Борис", "deals_won", "unmet", False),
        ("Борис", "revenue", "no_answer", False),
        ("Вера", "revenue", "no_answer", False),
        ("Анна", "calls_out", "met", False),
    ]
    assert doc["commitments_due"][4]["attainment"] == 1
    md = _agenda(runner, config, "--date", "2026-11-18T08:30").stdout
    assert "| Борис | Сделки | 16 ноября 2026 | не выполнено (повторно) |" in md
    assert "| Вера | Выручка | нет срока | без ответа |" in md
    # the report shows them too
    report = runner.invoke(
        app, ["report", "-c", str(config), "--date", "2026-11-18T08:30", "-f", "json"]
    )
    assert report.exit_code == 0, report.output
    assert len(json.loads(report.stdout)["commitments_due"]) == 5
    for fmt in ("html", "table"):
        shown = runner.invoke(
            app, ["report", "-c", str(config), "--date", "2026-11-18T08:30", "-f", fmt]
        )
        assert shown.exit_code == 0, shown.output
        assert "Обещания: срок подошёл" in shown.stdout
        assert "не выполнено (повторно)" in shown.stdout and "без ответа" in shown.stdout

    # a manager's own report (--per-manager) has their commitments and no one else's
    own = for_manager(run(config, PeriodKind.MONTH, datetime(2026, 11, 18, 8, 30)).report, "Анна")
    assert [(j.entry.manager, j.result) for j in own.commitments] == [("Анна", "met")]

    # and writing again keeps every character the head wrote, adding Борис's new deals
    # entry (his 16 Nov one was judged); the unanswered ones get no second entry
    _agenda(runner, config, "--date", "2026-11-18T08:30", "--write-commitments")
    after = path.read_text("utf-8")
    assert after.startswith(edited)
    added = yaml.safe_load(after[len(edited) :])
    assert {(e["manager"], e["metric"], e["created"]) for e in added} >= {
        ("Борис", "deals_won", date(2026, 11, 18)),
    }
    pairs = {(e["manager"], e["metric"]) for e in added}
    assert ("Вера", "revenue") not in pairs and ("Борис", "revenue") not in pairs


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("- manager: Анна\n  metric: calls_out\n  created: 2026-11-32\n", "line 3, column 12"),
        (
            "- manager: Анна\n  metric: calls_out\n  created: 2026-11-02\n  deadline: завтра\n",
            "line 4",
        ),
        (
            "- manager: Анна\n  metric: calls_out\n  created: 2026-11-02\n  decision: может быть\n",
            "decision",
        ),
        ("manager: Анна\n", "must be a list"),
        (  # a typo in the metric: said with its line, not judged as unmet
            "- manager: Анна\n  metric: revnue\n  created: 2026-11-02\n",
            "line 2, key [0].metric: unknown metric 'revnue'",
        ),
        ("- manager: Анна\n  metric: [unclosed\n", "line 3"),
    ],
)
def test_a_malformed_commitments_file_is_one_line_and_left_alone(
    runner: CliRunner, team: Path, content: str, said: str
) -> None:
    path = team.parent / "commitments.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["agenda", "-c", str(team), "--date", AS_OF, "--write-commitments"])
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "commitments.yaml" in line and said in line
    assert path.read_text("utf-8") == content


def test_commitments_key_moves_the_file(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = project(
        **{
            "norms.yaml": CONFIG + "commitments: promises/ноябрь.yaml\n",
            "deals.csv": "id,manager,stage,amount,client,closed_at\n" + "\n".join(DEALS) + "\n",
            "activities.csv": "id,manager,kind,at\n" + "\n".join(ACTS) + "\n",
        }
    )
    _agenda(runner, config, "--write-commitments")
    moved = config.parent / "promises" / "ноябрь.yaml"
    assert len(yaml.safe_load(moved.read_text("utf-8"))) == 4
    assert not (config.parent / "commitments.yaml").exists()


def test_the_agenda_says_first_when_the_figures_cannot_be_trusted(
    runner: CliRunner, team: Path
) -> None:
    # December: the exports end in November, so every December figure is a zero the data
    # cannot back; the head must see that before asking anyone about it
    said = "в выгрузке activities последняя запись 12 ноября 2026 — период после неё"
    doc = _doc(runner, team, "--date", "2026-12-10T08:30")
    assert said in doc["alerts"]
    md = _agenda(runner, team, "--date", "2026-12-10T08:30").stdout
    assert md.index(f"> ⚠ {said}") < md.index("## ")
    text = _agenda(runner, team, "--date", "2026-12-10T08:30", "-f", "text").stdout
    assert text.splitlines()[1].startswith("⚠ ")
    page = _agenda(runner, team, "--date", "2026-12-10T08:30", "-f", "html").stdout
    assert "⚠ " + said in page
    # and a sound month has none
    assert _doc(runner, team)["alerts"] == []
