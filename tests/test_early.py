"""Early warnings (``warnings:``), with answers worked out by hand.

November 2026 has 20 working days: 2, 3, 5, 6, 9–13, 16–20, 23–27, 30 (4 Nov, a Wednesday,
is a holiday; 7–8 Nov are a weekend). Every manager's norm is 10 outgoing calls a working
day, so the plan to date at the end of their k-th working day is 10·k and the month's plan
is 10 × their working days. ``status.green`` is 1.0: below pace = cumulative fact < plan to
date. The rules: 3 working days in a row below pace; under 40% of the month's plan at the
end of the 5th working day.

The calls, per day (cumulative in brackets; plan to date 10, 20, 30, 40, 50, 60 on 2, 3, 5,
6, 9, 10 Nov):

- Анна: 10, 10, 10, 5, 10, 10 (10, 20, 30, 35, 45, 55): on pace to 5 Nov, then below on
  Fri 6, Mon 9 and Tue 10 Nov — three in a row across the weekend.
- Борис: 5, 10, 20, 0, Sat 7 Nov 10, 10, 0 (5, 15, 35, 35, 55 by Mon, 55): below on 2, 3,
  6 and 10 Nov, but Monday's 55 ≥ 50 (Saturday's calls count by Monday's end) breaks the run.
- Вера: 16 a day (16, 32, 48, 64, 80, 96): never below; her 5th day ends at 80 = 40% of
  200, on the line, so by_day does not fire either.
- Денис: away Thu 5 – Fri 6 Nov, so his working days are 2, 3, 9, 10, 11… (18 in the month,
  a plan of 180 calls); his own revenue plan 1 800 000 is spread over those 18 days:
  100 000 a day. Calls 10, 5, 10, 10 (10, 15, 25, 35 against 10, 20, 30, 40); one won deal
  of 150 000 on 3 Nov.

``calls_missed`` has a norm of 2 a day too, and nobody has a missed call: below it, but a
lower-is-better metric is a limit, not a pace, and is never judged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropkit.periods import PeriodKind
from ropkit.pipeline import run, stand_up
from ropkit.publish import agenda_rendered
from ropkit.scorecard import Report
from ropkit.trends import EarlyHit
from tests.conftest import run_cli

CONFIG = """
sources:
  deals: {path: deals.csv}
  activities: {path: activities.csv}
status: {green: 1.0, yellow: 0.9}
norms:
  passive: {calls_out: 10, calls_missed: 2}
warnings:
  - {below_pace_days: 3}
  - {by_day: 5, below: 0.4}
managers:
  - {name: Анна Антонова, mode: passive}
  - {name: Борис Борисов, mode: passive}
  - {name: Вера Волкова, mode: passive}
  - name: Денис Дмитриев
    mode: passive
    plan: {revenue: 1800000}
    absences: [{from: 2026-11-05, to: 2026-11-06}]
"""

ANNA, BORIS, VERA, DENIS = "Анна Антонова", "Борис Борисов", "Вера Волкова", "Денис Дмитриев"

CALLS = {  # day of November 2026 -> calls that day
    ANNA: {2: 10, 3: 10, 5: 10, 6: 5, 9: 10, 10: 10},
    BORIS: {2: 5, 3: 10, 5: 20, 6: 0, 7: 10, 9: 10, 10: 0},
    VERA: {d: 16 for d in (2, 3, 5, 6, 9, 10, 11)},
    DENIS: {2: 10, 3: 5, 9: 10, 10: 10, 11: 10},
}


def _activities() -> str:
    rows, n = ["id,manager,kind,at"], 0
    for name, days in CALLS.items():
        for day, count in days.items():
            for i in range(count):
                n += 1
                rows.append(f"{n},{name},call_out,{day:02d}.11.2026 {10 + i % 8:02d}:{i:02d}")
    return "\n".join(rows) + "\n"


DEALS = (
    "id,manager,stage,amount,client,closed_at\n" + f"1,{DENIS},Сделка успешна,150000,A,03.11.2026\n"
)


@pytest.fixture
def team(project: Callable[..., Path]) -> Path:
    return project(**{"norms.yaml": CONFIG, "deals.csv": DEALS, "activities.csv": _activities()})


def _report(config: Path, as_of: datetime) -> Report:
    return run(config, PeriodKind.MONTH, as_of).report


def _end(day: int) -> datetime:
    return datetime(2026, 11, day, 23, 59, 59)


def _said(hits: list[EarlyHit]) -> list[tuple[str, str, str, list[int]]]:
    return [(h.manager, h.rule, h.metric, [d.day for d in h.dates]) for h in hits]


def test_each_rule_on_the_end_of_tuesday_10_november(team: Path) -> None:
    report = _report(team, _end(10))
    assert _said(report.early_warnings) == [
        # Анна: below on Fri 6, Mon 9, Tue 10 — the weekend between is no working day
        (ANNA, "below_pace_days", "calls_out", [6, 9, 10]),
        # her 5th working day is Mon 9 Nov: 45 of 200 = 22.5% < 40%
        (ANNA, "by_day", "calls_out", [9]),
        # Борис: no run of 3 (the good Monday broke it); his 5th day: 55 of 200 = 27.5%
        (BORIS, "by_day", "calls_out", [9]),
        # Вера: nothing (on pace; exactly 40% by day 5 is not under 40%)
        # Денис: his days 3, 9, 10 are a run (5–6 Nov are his absence, not a break)…
        (DENIS, "below_pace_days", "calls_out", [3, 9, 10]),
        # …and revenue: 0 < 100 000, 150 000 < 200 000, < 300 000, < 400 000: all four days;
        # his 5th working day (11 Nov) is not over: no by_day yet
        (DENIS, "below_pace_days", "revenue", [2, 3, 9, 10]),
    ]
    anna = report.early_warnings[0].params
    assert anna == {
        "below_pace_days": 3,
        "run": 3,
        "fact": 55,
        "plan_to_date": 60,
        "attainment": pytest.approx(55 / 60),
    }
    by_day = report.early_warnings[1].params
    assert by_day == {
        "by_day": 5,
        "below": 0.4,
        "fact": 45,
        "plan": 200,
        "share": pytest.approx(0.225),
        "shown": pytest.approx(0.22),
    }
    # the plan to date per day is the scorecard's: at the end of the last day they agree
    denis = next(c for c in report.managers if c.name == DENIS)
    assert denis.metrics["revenue"].plan_to_date == pytest.approx(400_000)
    assert report.early_warnings[4].params["plan_to_date"] == pytest.approx(400_000)
    assert report.early_warnings[3].params["plan_to_date"] == pytest.approx(40)
    # a lower-is-better metric (missed calls, everyone at 0 of 2 a day) is never judged
    assert not any(h.metric == "calls_missed" for h in report.early_warnings)


def test_a_day_counts_once_it_is_over(team: Path) -> None:
    # at 16:00 on Tue 10 Nov (the day ends at 18:00) the last complete day is Mon 9:
    # Анна has been below on 6 and 9 Nov only — 2 days, no warning yet; by_day is the same
    hits = _report(team, datetime(2026, 11, 10, 16, 0)).early_warnings
    assert (ANNA, "below_pace_days", "calls_out", [6, 9]) not in _said(hits)
    assert not any(h.manager == ANNA and h.rule == "below_pace_days" for h in hits)
    assert (ANNA, "by_day", "calls_out", [9]) in _said(hits)


def test_by_day_before_and_after_day_d(team: Path) -> None:
    # end of Fri 6 Nov: 4 working days over, the 5th (Mon 9) has not come — nothing to judge
    assert not any(h.rule == "by_day" for h in _report(team, _end(6)).early_warnings)
    # Mon 9 Nov, 16:00: the 5th day is not over yet
    assert not any(
        h.rule == "by_day" for h in _report(team, datetime(2026, 11, 9, 16)).early_warnings
    )
    # its end: Анна 45 and Борис 55 of 200 are under 80; Вера's 80 is not
    hits = [h for h in _report(team, _end(9)).early_warnings if h.rule == "by_day"]
    assert [(h.manager, h.params["fact"]) for h in hits] == [(ANNA, 45), (BORIS, 55)]
    # and it stays said for the rest of the month, dated that day
    later = [h for h in _report(team, _end(30)).early_warnings if h.rule == "by_day"]
    assert (ANNA, "by_day", "calls_out", [9]) in _said(later)


def test_an_absence_shifts_the_working_days(team: Path) -> None:
    # Денис's 5th working day is Wed 11 Nov (2, 3, 9, 10, 11): at its end 45 calls of his
    # 180 (25%) and 150 000 of 1 800 000 (8.3%) are both under 40%; his calls run goes on
    # (45 < 50), now four days long
    hits = [h for h in _report(team, _end(11)).early_warnings if h.manager == DENIS]
    assert _said(hits) == [
        (DENIS, "below_pace_days", "calls_out", [3, 9, 10, 11]),
        (DENIS, "below_pace_days", "revenue", [2, 3, 9, 10, 11]),
        (DENIS, "by_day", "calls_out", [11]),
        (DENIS, "by_day", "revenue", [11]),
    ]
    calls, revenue = hits[2].params, hits[3].params
    assert (calls["fact"], calls["plan"], calls["share"]) == (45, 180, 0.25)
    assert revenue["plan"] == pytest.approx(1_800_000)
    assert revenue["share"] == pytest.approx(150_000 / 1_800_000)
    assert hits[0].dates[0] == date(2026, 11, 3)


def test_fail_on_warning_exits_3_only_when_one_fired(runner: CliRunner, team: Path) -> None:
    args = ("report", "-c", str(team), "-f", "json", "--fail-on", "warning")
    fired = run_cli(runner, *args, "--date", "2026-11-10")
    assert fired.exit_code == 3, fired.output
    doc = json.loads(fired.stdout)
    first = doc["early_warnings"][0]
    assert {k: first[k] for k in ("manager", "rule", "metric", "dates")} == {
        "manager": ANNA,
        "rule": "below_pace_days",
        "metric": "calls_out",
        "dates": ["2026-11-06", "2026-11-09", "2026-11-10"],
    }
    assert first["params"]["run"] == 3
    # end of Tue 3 Nov: Борис is below on 2 and 3 Nov (2 days), Денис's revenue too: no
    # run of 3 yet, and no one's 5th day has come — exit 0
    calm = run_cli(runner, *args, "--date", "2026-11-03")
    assert calm.exit_code == 0, calm.output
    assert json.loads(calm.stdout)["early_warnings"] == []
    # without --fail-on warning, warnings alone do not change the exit code
    plain = run_cli(runner, "report", "-c", str(team), "--date", "2026-11-10")
    assert plain.exit_code == 0, plain.output
    assert "Ранние сигналы" in plain.stdout
    assert "ниже темпа 3 раб. дн. подряд" in plain.stdout
    # check knows no warnings: --fail-on warning is never its exit 3
    assert run_cli(runner, "check", "-c", str(team), "--fail-on", "warning").exit_code == 0


def test_the_report_and_the_agenda_show_them(runner: CliRunner, team: Path) -> None:
    result = run(team, PeriodKind.MONTH, datetime(2026, 11, 11, 8, 30), language="en")
    text = agenda_rendered(stand_up(result), "text")
    # the stand-up on Wed 11 Nov at 08:30: the last complete day is Tue 10 Nov
    assert "Early warnings:" in text
    assert f"{ANNA} · below pace 3 working days in a row · Outgoing calls" in text
    assert "November 6\u2009–\u200910, 2026" in text  # babel's thin spaces
    assert f"{BORIS} · under 40% of the period's plan by working day 5 · Outgoing calls 27%" in text
    # Денис: calls and revenue ran below on different days: a row each
    assert f"{DENIS} · below pace 3 working days in a row · Outgoing calls" in text
    assert f"{DENIS} · below pace 4 working days in a row · Revenue" in text
    doc = json.loads(agenda_rendered(stand_up(result), "json"))
    assert [(w["manager"], w["rule"]) for w in doc["early_warnings"]] == [
        (ANNA, "below_pace_days"),
        (ANNA, "by_day"),
        (BORIS, "by_day"),
        (DENIS, "below_pace_days"),
        (DENIS, "below_pace_days"),
    ]
    page = agenda_rendered(stand_up(result), "html")
    assert "Early warnings" in page
    markdown = run_cli(runner, "agenda", "-c", str(team), "--date", "2026-11-11T08:30")
    assert markdown.exit_code == 0, markdown.output
    assert "## Ранние сигналы" in markdown.stdout
    assert "| Анна Антонова | ниже темпа 3 раб. дн. подряд | Исходящие звонки |" in markdown.stdout


def test_a_managers_own_report_has_only_their_warnings(team: Path) -> None:
    from ropkit.scorecard import for_manager

    own = for_manager(_report(team, _end(10)), BORIS)
    assert _said(own.early_warnings) == [(BORIS, "by_day", "calls_out", [9])]


def test_no_rules_no_warnings(project: Callable[..., Path]) -> None:
    rules = "warnings:\n  - {below_pace_days: 3}\n  - {by_day: 5, below: 0.4}\n"
    assert rules in CONFIG
    files = {"norms.yaml": CONFIG.replace(rules, ""), "deals.csv": DEALS}
    config = project(**files, **{"activities.csv": _activities()})
    assert _report(config, _end(10)).early_warnings == []
