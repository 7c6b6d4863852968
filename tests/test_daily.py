"""`ropkit daily`, `ropkit training` and the regulations in the report, end to end on a small
team whose every figure is worked out by hand below (issue 10)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from tests.conftest import report_json, run_cli

# Thursday 26.11.2026 09:30: the daily check looks back on Wednesday 25.11
AS_OF = "2026-11-26T09:30"

CONFIG = """
team: Тест
sources:
  deals: {path: deals.csv}
  activities: {path: activities.csv}
  leads: {path: leads.csv}
  tasks: {path: tasks.csv}
plan: {revenue: 100000}
regulations:
  lead_reaction: {minutes: 30}
  missed_calls: {hours: 2}
  stale_deals: {days: 7}
  overdue_tasks:
  large_deals: {amount: 1000000}
training:
managers:
  - {name: Иван Иванов, hired: 2026-10-01, trained: [2026-10-20]}
  - {name: Мария Петрова, hired: 2024-01-10, trained: [2026-06-01]}
"""
DEALS = """
id,manager,stage,outcome,amount,created_at,closed_at,touched_at,stage_at
D1,Иван Иванов,Успех,won,50000,2026-11-02,2026-11-25,,
D2,Иван Иванов,Переговоры,open,2000000,2026-11-01,,,2026-11-20 10:00
D3,Мария Петрова,В работе,open,1500000,2026-11-02,,2026-11-20 12:00,
D4,Мария Петрова,Новая,open,30000,2026-11-01,,,
"""
ACTIVITIES = """
id,manager,kind,at,phone,deal_id
A1,Иван Иванов,meeting,2026-11-25 11:00,,D2
A2,Мария Петрова,call_missed,2026-11-25 17:30,+7 916 111-22-33,
A3,Мария Петрова,call_out,2026-11-26 09:20,89161112233,
A4,Иван Иванов,call_missed,2026-11-25 10:00,79035550000,
A5,Иван Иванов,call_out,2026-11-25 12:20,89990001122,
A6,Иван Иванов,call_out,2026-11-25 09:40,79990003344,
"""
LEADS = """
id,manager,created_at,phone
L1,Иван Иванов,2026-11-25 12:00,+79990001122
L2,Иван Иванов,2026-11-24 17:50,79990003344
L3,Мария Петрова,2026-11-25 18:30,79990005566
"""
TASKS = """
id,manager,title,deadline,closed_at,deal_id
T1,Иван Иванов,Позвонить &lt;script&gt;x()&lt;/script&gt;,2026-11-25 15:00,,
T2,Иван Иванов,Отправить КП,2026-11-25,2026-11-25 17:00,D2
T3,Мария Петрова,Счёт,2026-11-30,,D3
T4,Мария Петрова,"=HYPERLINK(""http://x"")",2026-11-24 12:00,2026-11-24 15:00,
"""


def _team(project: Callable[..., Path], config: str = CONFIG) -> Path:
    files = {"deals.csv": DEALS, "activities.csv": ACTIVITIES, "leads.csv": LEADS}
    return project(**{"norms.yaml": config, "tasks.csv": TASKS, **files})


def _daily(runner: CliRunner, config: Path) -> dict[str, Any]:
    result = run_cli(runner, "daily", "-c", str(config), "--date", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _lights(found: dict[str, Any]) -> dict[str, dict[str, tuple[int, int, str | None]]]:
    return {
        rule: {m: (c["checked"], c["violations"], c["status"]) for m, c in managers.items()}
        for rule, managers in found["regulations"].items()
    }


def test_daily_json_on_a_hand_worked_team(runner: CliRunner, project: Callable[..., Path]) -> None:
    found = _daily(runner, _team(project))
    assert (found["date"], found["as_of"]) == ("2026-11-25", "2026-11-26T09:30:00")
    # the day's scorecard: D1 (50 000) closed on 25.11; the plan 100 000 a month over the 20
    # working days of November 2026 (21 weekdays, 4.11 a holiday): 5 000 a day
    ivan = found["scorecard"]["managers"][0]
    assert ivan["name"] == "Иван Иванов"
    assert ivan["metrics"]["revenue"]["fact"] == 50000
    assert ivan["metrics"]["revenue"]["plan_to_date"] == 5000
    assert found["scorecard"]["team"]["metrics"]["revenue"]["fact"] == 50000
    # the cases whose time ran out on Wednesday (and the deadlines of Wednesday), judged at
    # Thursday 09:30:
    # - L2 (Иван) came Tuesday 17:50: its 30 minutes end Wednesday 09:20 (10 on Tuesday +
    #   20): Wednesday's; the call to its number at 09:40: 10 + 40 = 50 min, late
    # - L1 (Иван) came 12:00, its number called 12:20: 20 min, within 30
    # - L3 (Мария) came 18:30, after hours: its 30 minutes end Thursday 09:30, not Wednesday
    # - A4 (Иван) missed at 10:00, due by 12:00, never returned: 10:00 → 18:00 8 h + 09:00 →
    #   09:30 0.5 h
    # - A2 (Мария) missed at 17:30: its 2 hours end Thursday 10:30: Thursday's case
    # - T1 (Иван) due 15:00, still open: overdue; T2 due 25.11 (the whole day), closed 17:00
    # open deals as they stand: D2 (Иван) had A1 on 25.11 but no open task (T2 is closed);
    # D3 (Мария) touched 20.11 (5 days), open task T3: fine; D4 (Мария) no activity since
    # its creation 01.11 (25 days) and no task
    # large deals: D2 touched on 25.11 (the last working day): fine; D3 last on 20.11: quiet
    assert _lights(found) == {
        "lead_reaction": {"Иван Иванов": (2, 1, "red"), "Мария Петрова": (0, 0, None)},
        "missed_calls": {"Иван Иванов": (1, 1, "red"), "Мария Петрова": (0, 0, None)},
        "stale_deals": {"Иван Иванов": (1, 1, "red"), "Мария Петрова": (2, 1, "red")},
        "overdue_tasks": {"Иван Иванов": (2, 1, "red"), "Мария Петрова": (0, 0, None)},
        "large_deals": {"Иван Иванов": (1, 0, "green"), "Мария Петрова": (1, 1, "red")},
    }
    # Иван's median of 20 and 50 minutes
    assert found["regulations"]["lead_reaction"]["Иван Иванов"]["median_minutes"] == 35
    assert found["overdue_tasks"] == [
        {
            "manager": "Иван Иванов",
            "title": "Позвонить <script>x()</script>",
            "deadline": "2026-11-25T15:00:00",
            "reason": "open",
            "file": "tasks.csv",
            "row": 2,
        }
    ]
    # worst first: D3 quiet for 5 days (20.11 12:00 → 26.11 09:30), then D2 (0 days)
    assert [
        (d["id"], d["days_since_activity"], d["quiet"], d["stage_days"])
        for d in found["large_deals"]
    ] == [("D3", 5, True, None), ("D2", 0, False, 5)]
    assert found["large_deals"][1]["last_activity"] == "2026-11-25T11:00:00"
    reasons = {(v["rule"], v["subject"]): (v["reason"], v["value"]) for v in found["violations"]}
    assert reasons == {
        ("lead_reaction", "L2"): ("late", 50),
        ("missed_calls", "79035550000"): ("never", 8.5),
        ("stale_deals", "D2"): ("no_task", 0),
        ("stale_deals", "D4"): ("quiet_no_task", 25),
        ("overdue_tasks", "Позвонить <script>x()</script>"): ("open", None),
        ("large_deals", "D3"): ("quiet", 5),
    }


def test_the_report_checks_the_whole_period(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    found = report_json(runner, _team(project), "--date", AS_OF)
    # November to Thursday 09:30: L2 too (Tuesday 17:50, called Wednesday 09:40: 10 + 40 =
    # 50 min, late); Иван's median of 20 and 50 is 35, half within the norm
    assert _lights(found)["lead_reaction"]["Иван Иванов"] == (2, 1, "red")
    ivan = found["regulations"]["lead_reaction"]["Иван Иванов"]
    assert (ivan["median_minutes"], ivan["share_ok"]) == (35, 0.5)
    # T4 (Мария) due Tuesday 12:00, closed 15:00: late; T3 is due on the 30th, not yet
    assert _lights(found)["overdue_tasks"] == {
        "Иван Иванов": (2, 1, "red"),
        "Мария Петрова": (1, 1, "red"),
    }
    assert found["regulations_team"]["overdue_tasks"] == {
        "checked": 3,
        "violations": 2,
        "status": "red",
    }
    # training on 26.11: Иван is new (hired 01.10), trained 20.10: due 20.11, overdue;
    # Мария (since 2024) trained 01.06: due 01.12, within a week
    assert [(x["manager"], x["next_due"], x["status"]) for x in found["training"]] == [
        ("Иван Иванов", "2026-11-20", "overdue"),
        ("Мария Петрова", "2026-12-01", "due"),
    ]


def test_training_command(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = _team(project)
    result = run_cli(runner, "training", "-c", str(config), "--date", "2026-11-26", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "manager": "Иван Иванов",
            "hired": "2026-10-01",
            "tenure_months": 1,
            "every_months": 1,
            "last_trained": "2026-10-20",
            "next_due": "2026-11-20",
            "status": "overdue",
        },
        {
            "manager": "Мария Петрова",
            "hired": "2024-01-10",
            "tenure_months": 34,
            "every_months": 6,
            "last_trained": "2026-06-01",
            "next_due": "2026-12-01",
            "status": "due",
        },
    ]
    table = run_cli(runner, "training", "-c", str(config), "--date", "2026-11-26")
    assert table.exit_code == 0, table.output
    assert "просрочено" in table.stdout and "на этой неделе" in table.stdout


def test_daily_on_the_terminal(runner: CliRunner, project: Callable[..., Path]) -> None:
    result = run_cli(runner, "daily", "-c", str(_team(project)), "--date", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Ежедневная проверка за 25 ноября 2026 · на 26 ноября 2026, 09:30")
    assert "«Позвонить <script>x()</script>», срок 25 ноября 2026, 15:00: не выполнена" in out
    assert "пропущенный с 79035550000, 25 ноября 2026, 10:00: не перезвонили уже 8,5" in out


def test_crm_text_is_escaped_in_html_and_text_in_excel(
    runner: CliRunner, project: Callable[..., Path], tmp_path: Path
) -> None:
    config = _team(project)
    page = tmp_path / "out.html"
    result = run_cli(runner, "report", "-c", str(config), "--date", AS_OF, "-o", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text("utf-8")
    # the export's entities are decoded to text (a cell reads as a person reads it), and that
    # text is escaped again in the page: never markup
    assert "Позвонить &lt;script&gt;x()&lt;/script&gt;" in html and "<script>" not in html
    book_path = tmp_path / "out.xlsx"
    result = run_cli(runner, "report", "-c", str(config), "--date", AS_OF, "-o", str(book_path))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(io.BytesIO(book_path.read_bytes()))
    cells = [c for row in book["Нарушения регламентов"].iter_rows() for c in row if c.value]
    formula = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert formula and all(c.data_type == "s" for c in formula)
    assert all(not str(c.value).startswith("=") for c in formula)


def test_a_rule_without_its_export_is_a_warning_not_a_failure(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    config = CONFIG.replace("  leads: {path: leads.csv}\n", "").replace(
        "activities: {path: activities.csv}", "activities: {path: calls.csv}"
    )
    calls = "id,manager,kind,at\nA1,Иван Иванов,call_missed,2026-11-25 10:00\n"
    cfg = project(**{"norms.yaml": config, "calls.csv": calls, "deals.csv": DEALS})
    (cfg.parent / "tasks.csv").write_text(TASKS.lstrip(), "utf-8")
    found = report_json(runner, cfg, "--date", AS_OF)
    said = [w for w in found["warnings"] if w.startswith("регламент")]
    assert said == [
        "регламент «Реакция на лид» не проверен: нет выгрузки leads; добавьте её в sources.leads",
        "регламент «Перезвон на пропущенные» не проверен: в выгрузках нет колонки "
        "activities.phone; сопоставьте её в sources.<таблица>.columns",
    ]
    assert set(found["regulations"]) == {"stale_deals", "overdue_tasks", "large_deals"}


def test_each_case_is_one_days(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = _team(project)
    result = run_cli(runner, "daily", "-c", str(config), "--date", "2026-11-27T09:30", "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["date"] == "2026-11-26"
    # Thursday's: L3 (Wednesday 18:30, due Thursday 09:30), never called: Thursday 09:00 →
    # 18:00 540 min + Friday 09:00 → 09:30 30 min = 570 min; A2 (Wednesday 17:30, due
    # Thursday 10:30) called back Thursday 09:20: 50 min, fine. Wednesday's L1, L2, A4 are not
    # judged again
    lights = _lights(found)
    assert lights["lead_reaction"] == {"Иван Иванов": (0, 0, None), "Мария Петрова": (1, 1, "red")}
    assert lights["missed_calls"] == {"Иван Иванов": (0, 0, None), "Мария Петрова": (1, 0, "green")}
    leads = [(v["subject"], v["reason"], v["value"]) for v in found["violations"]]
    assert ("L3", "never", 570) in leads


def test_monday_looks_back_on_friday_and_the_weekend() -> None:
    from datetime import datetime

    from ropkit.calendar import WorkCalendar
    from ropkit.pipeline import day_window

    # Monday 30.11.2026 09:00: Friday 27.11 and the weekend before Monday
    window = day_window(datetime(2026, 11, 27).date(), datetime(2026, 11, 30, 9), WorkCalendar())
    assert (window.start, window.until) == (datetime(2026, 11, 27), datetime(2026, 11, 28))
    # Tuesday 01.12 looks back on Monday 30.11, and takes the weekend's deadlines with it
    window = day_window(datetime(2026, 11, 30).date(), datetime(2026, 12, 1, 9), WorkCalendar())
    assert (window.start, window.until) == (datetime(2026, 11, 28), datetime(2026, 12, 1))
    assert window.by_deadline
