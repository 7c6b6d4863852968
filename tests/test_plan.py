"""`ropkit plan`: from the plan to each day's calls, and `--split`, on small teams whose
every figure is worked out by hand below (issue 11)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ropkit.funnel import largest_remainder
from tests.conftest import run_cli

# As of the end of Wednesday 25.11.2026. November 2026 has 20 working days (21 weekdays,
# 4.11 a holiday); after the 25th: Thursday 26, Friday 27, Monday 30 — 3 days left.
# The look-back is 30 days: from 26.10 (23:59:59) to the as-of moment.
AS_OF = "2026-11-25"

CONFIG = """
team: Тест
sources:
  deals: {path: deals.csv}
  activities: {path: activities.csv}
funnel: [calls_out, meetings, deals_won]
rates: {days: 30, min_deals: 4}
plan: {revenue: 1000000}
norms:
  sales: {calls_out: 30, meetings: 2}
managers:
  - {name: Иван Иванов, mode: sales}
  - name: Мария Петрова
    mode: sales
    plan: {revenue: 1400000}
    absences: [{from: 2026-11-30, to: 2026-11-30}]
  - {name: Олег Сидоров, mode: sales}
"""


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal's lines unwrapped, whatever COLUMNS the tests run under."""
    monkeypatch.setenv("COLUMNS", "200")


def _deals() -> str:
    rows = ["id,manager,stage,outcome,amount,created_at,closed_at"]
    won = [
        # Иван: 4 won in November, 100 000 each (and one of 20.10, before the look-back)
        ("Иван Иванов", 100000, "2026-11-05"),
        ("Иван Иванов", 100000, "2026-11-10"),
        ("Иван Иванов", 100000, "2026-11-17"),
        ("Иван Иванов", 100000, "2026-11-24"),
        ("Иван Иванов", 900000, "2026-10-20"),
        # Мария: 2 won of 160 000
        ("Мария Петрова", 160000, "2026-11-12"),
        ("Мария Петрова", 160000, "2026-11-19"),
    ]
    for i, (who, amount, day) in enumerate(won):
        rows.append(f"D{i},{who},Успех,won,{amount},2026-10-01,{day}")
    rows.append("D99,Олег Сидоров,Переговоры,open,500000,2026-11-02,")  # Олег: no wins
    return "\n".join(rows) + "\n"


def _activities() -> str:
    rows = ["id,manager,kind,at"]
    plan = [
        # Иван: 200 calls in the look-back (50 on 28.10, 150 in November; the 30 of 20.10
        # are before it), 10 meetings
        ("Иван Иванов", "call_out", "2026-10-28 10:00", 50),
        ("Иван Иванов", "call_out", "2026-11-10 11:00", 150),
        ("Иван Иванов", "call_out", "2026-10-20 11:00", 30),
        ("Иван Иванов", "meeting", "2026-11-11 12:00", 10),
        # Мария: 120 calls, 6 meetings; Олег: 80 calls, 4 meetings
        ("Мария Петрова", "call_out", "2026-11-11 10:00", 120),
        ("Мария Петрова", "meeting", "2026-11-12 10:00", 6),
        ("Олег Сидоров", "call_out", "2026-11-12 10:00", 80),
        ("Олег Сидоров", "meeting", "2026-11-13 10:00", 4),
    ]
    n = 0
    for who, kind, at, count in plan:
        for _ in range(count):
            n += 1
            rows.append(f"A{n},{who},{kind},{at}")
    return "\n".join(rows) + "\n"


def _team(project: Callable[..., Path], config: str = CONFIG) -> Path:
    return project(**{"norms.yaml": config, "deals.csv": _deals(), "activities.csv": _activities()})


def _plan_json(runner: CliRunner, config: Path, *args: str) -> dict[str, Any]:
    result = run_cli(runner, "plan", "-c", str(config), "--date", AS_OF, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_the_funnel_from_the_plan_to_each_day(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    found = _plan_json(runner, _team(project))
    assert found["period"]["workdays"] == 20
    assert found["period"]["workdays_left"] == 3
    assert found["rates"] == {"days": 30, "since": "2026-10-26T23:59:59", "min_deals": 4}
    ivan, maria, oleg = found["managers"]

    # Иван, his own rates (4 won = rates.min_deals): over the look-back 400 000 in 4 deals,
    # an average deal of 100 000; 10 meetings → 4 deals: 0.4; 200 calls → 10 meetings: 0.05.
    # November: 400 000 of 1 000 000, 600 000 open → 6 deals → 6 / 0.4 = 15 meetings →
    # 15 / 0.05 = 300 calls; over 3 days: 2 deals, 5 meetings, 100 calls a day (norms 30, 2)
    assert ivan["rates_from"] == "own"
    assert ivan["won"] == 4
    assert ivan["avg_deal"] == 100000
    assert ivan["rates"] == {"calls_out->meetings": 0.05, "meetings->deals_won": 0.4}
    assert ivan["remaining"] == {"revenue": 600000}
    assert ivan["needed"] == {"revenue": 600000, "deals_won": 6, "meetings": 15, "calls_out": 300}
    assert ivan["needed_per_day"] == {
        "revenue": 200000,
        "deals_won": 2,
        "meetings": 5,
        "calls_out": 100,
    }
    assert ivan["norm"] == {"calls_out": 30, "meetings": 2}
    assert ivan["above_norm"] == {"calls_out": True, "meetings": True}

    # the team's rates, over everyone with this funnel: 200 + 120 + 80 = 400 calls → 10 +
    # 6 + 4 = 20 meetings: 0.05; 20 meetings → 4 + 2 + 0 = 6 deals: 0.3; 400 000 + 320 000
    # = 720 000 in 6 deals: an average deal of 120 000
    team_rates = {"calls_out->meetings": 0.05, "meetings->deals_won": 0.3}

    # Мария, 2 won < 4: the team's rates and average deal (her own would be 1/3 and 160 000).
    # Her plan 1 400 000, 320 000 done: 1 080 000 open → 1 080 000 / 120 000 = 9 deals →
    # 9 / 0.3 = 30 meetings → 30 / 0.05 = 600 calls; she is off on the 30th: 2 days left →
    # 4.5 deals, 15 meetings, 300 calls a day
    assert maria["rates_from"] == "team"
    assert maria["won"] == 2
    assert maria["rates"] == team_rates
    assert maria["avg_deal"] == 120000
    assert maria["workdays_left"] == 2
    assert maria["needed"] == {
        "revenue": 1080000,
        "deals_won": 9,
        "meetings": 30,
        "calls_out": 600,
    }
    assert maria["needed_per_day"] == {
        "revenue": 540000,
        "deals_won": 4.5,
        "meetings": 15,
        "calls_out": 300,
    }

    # Олег, no wins: the team's. 1 000 000 open → 1 000 000 / 120 000 = 25/3 deals →
    # 25/3 / 0.3 = 250/9 meetings → 250/9 / 0.05 = 5000/9 calls; a day (÷ 3): 25/9 deals
    # (2.78), 250/27 meetings (9.26), 5000/27 calls (185.19)
    assert oleg["rates_from"] == "team"
    assert oleg["won"] == 0
    assert oleg["rates"] == team_rates
    assert oleg["needed"] == {
        "revenue": 1000000,
        "deals_won": 8.33,
        "meetings": 27.78,
        "calls_out": 555.56,
    }
    assert oleg["needed_per_day"] == {
        "revenue": 333333.33,
        "deals_won": 2.78,
        "meetings": 9.26,
        "calls_out": 185.19,
    }

    # the team: the sum of its managers; its rates and average deal are the team's
    team = found["team"]
    assert team["remaining"] == {"revenue": 2680000}
    assert team["needed"] == {
        "revenue": 2680000,
        "deals_won": 23.33,  # 6 + 9 + 25/3
        "meetings": 72.78,  # 15 + 30 + 250/9
        "calls_out": 1455.56,  # 300 + 600 + 5000/9
    }
    assert team["needed_per_day"]["calls_out"] == 585.19  # 100 + 300 + 5000/27
    assert team["norm"] == {"calls_out": 90, "meetings": 6}
    assert team["rates"] == team_rates
    assert (team["rates_from"], team["avg_deal"], team["won"]) == ("team", 120000, 6)


def test_the_terminal_says_it_beside_the_norm(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    result = run_cli(runner, "plan", "-c", str(_team(project)), "--date", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Воронка: Исходящие звонки → Встречи → Сделки" in out
    # a day, rounded up to a whole call: Олег's 185.19 calls are 186, 9.26 meetings 10
    assert (
        "Иван Иванов — чтобы выполнить план, нужно в день: исходящие звонки 100 при норме 30, "
        "встречи 5 при норме 2, сделки 2" in out
    )
    assert (
        "Олег Сидоров — чтобы выполнить план, нужно в день: исходящие звонки 186 при норме 30, "
        "встречи 10 при норме 2, сделки 3" in out
    )
    # why Мария's and Олег's figures are the team's
    assert (
        "Мария Петрова: за 30 дн. выиграно сделок: 2 (меньше 4) — взяты конверсии и средний "
        "чек команды" in out
    )
    assert "Олег Сидоров: за 30 дн. выиграно сделок: 0 (меньше 4)" in out


def test_english(runner: CliRunner, project: Callable[..., Path]) -> None:
    result = run_cli(runner, "plan", "-c", str(_team(project)), "--date", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.output
    # names stay as written; the words are English
    assert (
        "Иван Иванов — to meet the plan, needs a day: outgoing calls 100 (norm 30), "
        "meetings 5 (norm 2), deals won 2" in result.stdout
    )


def test_a_plan_met_and_a_deals_plan_above_the_revenue(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # Иван's plan 300 000 is met (400 000 done): nothing needed. Мария has a deals plan of
    # 10 beside her revenue: 2 done, 8 open — more than 1 080 000 / 120 000 = 9? No: 9 > 8,
    # so the revenue's 9 stands; Олег's deals plan of 12 is above his 25/3: 12 deals →
    # 12 / 0.3 = 40 meetings → 40 / 0.05 = 800 calls
    config = CONFIG.replace(
        "  - {name: Иван Иванов, mode: sales}",
        "  - {name: Иван Иванов, mode: sales, plan: {revenue: 300000}}",
    ).replace(
        "  - {name: Олег Сидоров, mode: sales}",
        "  - {name: Олег Сидоров, mode: sales, plan: {deals_won: 12}}",
    )
    config = config.replace("plan: {revenue: 1400000}", "plan: {revenue: 1400000, deals_won: 10}")
    ivan, maria, oleg = _plan_json(runner, _team(project, config))["managers"]
    assert ivan["remaining"] == {"revenue": 0}
    assert ivan["needed"] == {"revenue": 0, "deals_won": 0, "meetings": 0, "calls_out": 0}
    assert maria["remaining"] == {"revenue": 1080000, "deals_won": 8}
    assert maria["needed"]["deals_won"] == 9
    assert oleg["remaining"] == {"revenue": 1000000, "deals_won": 12}
    assert oleg["needed"] == {
        "revenue": 1000000,
        "deals_won": 12,
        "meetings": 40,
        "calls_out": 800,
    }
    result = run_cli(runner, "plan", "-c", str(_team(project, config)), "--date", AS_OF)
    assert "Иван Иванов — план выполнен" in result.stdout


DEFAULT_FUNNEL = """
team: Тест
sources:
  deals: {path: deals.csv}
  activities: {path: activities.csv}
rates: {days: 30, min_deals: 2}
plan: {revenue: 1000000}
norms:
  inbound: {calls_out: 30, proposals: 3}
  outbound: {cold_calls: 60, meetings: 2}
managers:
  - {name: Иван Иванов, mode: outbound}
  - {name: Мария Петрова, mode: inbound}
  - {name: Олег Сидоров, mode: outbound}
"""


def test_the_default_funnel_follows_the_norms(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # no funnel: — each manager's follows their norms: outbound cold calls → meetings →
    # deals, inbound calls → proposals → deals
    acts = "\n".join(
        ["id,manager,kind,at"]
        + [f"C{i},Иван Иванов,cold_call,2026-11-10 10:00" for i in range(100)]
        + [f"O{i},Олег Сидоров,cold_call,2026-11-10 10:00" for i in range(300)]
        + [f"M{i},Олег Сидоров,meeting,2026-11-11 10:00" for i in range(6)]
        + [f"P{i},Мария Петрова,proposal,2026-11-11 10:00" for i in range(4)]
        + [f"Q{i},Мария Петрова,call_out,2026-11-11 10:00" for i in range(40)]
    )
    deals = "\n".join(
        ["id,manager,stage,outcome,amount,created_at,closed_at"]
        + [f"I{i},Иван Иванов,Успех,won,100000,2026-11-01,2026-11-1{i}" for i in range(4)]
        + [f"O{i},Олег Сидоров,Успех,won,100000,2026-11-01,2026-11-1{i}" for i in range(2)]
        + [f"M{i},Мария Петрова,Успех,won,100000,2026-11-01,2026-11-1{i}" for i in range(2)]
    )
    config = project(
        **{"norms.yaml": DEFAULT_FUNNEL, "deals.csv": deals + "\n", "activities.csv": acts}
    )
    found = _plan_json(runner, config)
    ivan, maria, oleg = found["managers"]
    assert ivan["funnel"] == ["cold_calls", "meetings", "deals_won"]
    assert maria["funnel"] == ["calls_out", "proposals", "deals_won"]
    # Иван won 4 (≥ 2: his own rates) but logged no meeting: neither of his conversions can
    # be measured, so both are the team's — over the outbound managers (Иван and Олег; the
    # inbound Мария's deals come from proposals): 6 meetings of 100 + 300 cold calls, 0.015;
    # 4 + 2 = 6 won of 6 meetings, 1.0
    assert ivan["rates_from"] == "own"
    assert ivan["rates_borrowed"] == ["cold_calls->meetings", "meetings->deals_won"]
    assert ivan["rates"] == {"cold_calls->meetings": 0.015, "meetings->deals_won": 1}
    # Олег: his own: 6 meetings of 300 calls (0.02), 2 won of 6 meetings (1/3)
    assert oleg["rates"] == {"cold_calls->meetings": 0.02, "meetings->deals_won": 0.3333}
    assert oleg["rates_borrowed"] == []
    # the inbound conversions are Мария's alone: 4 of 40 calls, 2 of 4 proposals
    assert maria["rates"] == {"calls_out->proposals": 0.1, "proposals->deals_won": 0.5}
    # two funnels, a total for each and one for the team
    assert [g["funnel"] for g in found["groups"]] == [
        ["cold_calls", "meetings", "deals_won"],
        ["calls_out", "proposals", "deals_won"],
    ]
    assert [g["managers"] for g in found["groups"]] == [
        ["Иван Иванов", "Олег Сидоров"],
        ["Мария Петрова"],
    ]
    assert set(found["team"]["rates"]) == {
        "cold_calls->meetings",
        "meetings->deals_won",
        "calls_out->proposals",
        "proposals->deals_won",
    }


def test_no_deals_to_measure_the_average_deal(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # nobody won anything in the look-back: no average deal, so the deals and everything
    # above them cannot be worked out; the output says so instead of guessing
    deals = "id,manager,stage,outcome,amount,created_at,closed_at\n"
    config = project(**{"norms.yaml": CONFIG, "deals.csv": deals, "activities.csv": _activities()})
    found = _plan_json(runner, config)
    ivan = found["managers"][0]
    assert ivan["avg_deal"] is None
    assert ivan["needed"] == {
        "revenue": 1000000,
        "deals_won": None,
        "meetings": None,
        "calls_out": None,
    }
    assert ivan["unknown"] == ["avg_deal"]
    result = run_cli(runner, "plan", "-c", str(config), "--date", AS_OF)
    assert "Иван Иванов: средний чек не измерить — за 30 дн. нет выигранных сделок" in result.stdout


def test_the_funnel_key_is_checked(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = _team(
        project, CONFIG.replace("[calls_out, meetings, deals_won]", "[calls_out, meetngs]")
    )
    result = run_cli(runner, "plan", "-c", str(config), "--date", AS_OF)
    assert result.exit_code == 1
    assert "key funnel[1]: unknown metric 'meetngs'; did you mean 'meetings'?" in result.stderr
    assert result.stderr.count("\n") == 1
    ratio = _team(project, CONFIG.replace("deals_won]", "avg_check]"))
    result = run_cli(runner, "plan", "-c", str(ratio), "--date", AS_OF)
    assert result.exit_code == 1
    assert "key funnel[2]: 'avg_check' is not a funnel step" in result.stderr
    # money and limits are not steps either: revenue is an amount, missed calls a limit
    for wrong in ("revenue", "calls_missed"):
        bad = _team(project, CONFIG.replace("deals_won]", f"{wrong}]"))
        result = run_cli(runner, "plan", "-c", str(bad), "--date", AS_OF)
        assert result.exit_code == 1
        assert f"key funnel[2]: '{wrong}' is not a funnel step" in result.stderr


# --- the split ----------------------------------------------------------------------------

SPLIT = """
team: Тест
plan: {revenue: 300000, avg_check: 50000}
managers:
  - {name: Анна Белова, weight: 2, months: {2026-12: {revenue: 400000}}}
  - {name: Борис Орлов}
  - {name: Вера Лис, weight: 1}
"""


def test_largest_remainder_adds_up() -> None:
    # 1 000 001 by 2:1:1 is 500 000.5, 250 000.25, 250 000.25: 1 000 000 rounded down, the
    # one left goes to the largest fraction (.5)
    assert largest_remainder(1_000_001, [2, 1, 1]) == [500_001, 250_000, 250_000]
    # 10 by 2:1:1 is 5, 2.5, 2.5: 9 rounded down, the tie goes to the first
    assert largest_remainder(10, [2, 1, 1]) == [5, 3, 2]
    assert largest_remainder(7, [0, 0]) == [7, 0]
    assert largest_remainder(0, [1, 1, 1]) == [0, 0, 0]


def test_split_by_weight_and_weeks(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = project(**{"norms.yaml": SPLIT})
    args = ["--split", "--month", "2026-12", "--total", "revenue=1 000 001", "--total"]
    result = run_cli(runner, "plan", "-c", str(config), *args, "deals_won=10", "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    # December 2026: Tue 1 – Thu 31; the 31st is a day off in 2026: 22 working days, the
    # weeks (Mon–Sun, cut at the month) have 4, 5, 5, 5, 3
    assert found["workdays"] == 22
    assert [w["workdays"] for w in found["weeks"]] == [4, 5, 5, 5, 3]
    assert [w["end"] for w in found["weeks"]] == [
        "2026-12-06",
        "2026-12-13",
        "2026-12-20",
        "2026-12-27",
        "2026-12-31",
    ]
    # weights 2, 1 (none given), 1: see test_largest_remainder_adds_up
    anna, boris, vera = found["managers"]
    assert anna["months"] == {"2026-12": {"revenue": 500001, "deals_won": 5}}
    assert boris["months"] == {"2026-12": {"revenue": 250000, "deals_won": 3}}
    assert vera["months"] == {"2026-12": {"revenue": 250000, "deals_won": 2}}
    assert (anna["share"], boris["weight"]) == (0.5, 1)
    # Анна's 500 001 by 4:5:5:5:3 of 22: 90 909.27, 113 636.59 (×3), 68 181.95; rounded
    # down 499 998, the 3 left to .95, then the first two .59
    assert [w["values"]["revenue"] for w in anna["weeks"]] == [
        90909,
        113637,
        113637,
        113636,
        68182,
    ]
    # her 5 deals: 0.91, 1.14 (×3), 0.68: 3 rounded down, the 2 left to .91 and .68
    assert [w["values"]["deals_won"] for w in anna["weeks"]] == [1, 1, 1, 1, 1]
    # every column adds up: the team's weeks are the sums, and they make the total
    team_weeks = [w["values"]["revenue"] for w in found["weeks"]]
    assert sum(team_weeks) == found["totals"]["revenue"] == 1000001
    assert sum(w["values"]["deals_won"] for w in found["weeks"]) == 10
    for man in found["managers"]:
        for mid, value in man["months"]["2026-12"].items():
            assert sum(w["values"][mid] for w in man["weeks"]) == value


def test_split_of_the_config_plans_as_yaml(runner: CliRunner, project: Callable[..., Path]) -> None:
    # no --total: the managers' December plans summed: Анна 400 000 (her month), Борис and
    # Вера 300 000 (the team's plan): 1 000 000; avg_check is a ratio: not split
    config = project(**{"norms.yaml": SPLIT})
    result = run_cli(runner, "plan", "-c", str(config), "--split", "--month", "2026-12")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "avg_check — отношение, не делится" in text
    pasted = yaml.safe_load(text)  # the comments aside, it is a managers: block
    # 1 000 000 by 2:1:1: 500 000, 250 000, 250 000
    assert pasted == {
        "managers": [
            {"name": "Анна Белова", "months": {"2026-12": {"revenue": 500000}}},
            {"name": "Борис Орлов", "months": {"2026-12": {"revenue": 250000}}},
            {"name": "Вера Лис", "months": {"2026-12": {"revenue": 250000}}},
        ]
    }
    assert "#   Итого по отделу" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--total", "revenue"], "--total 'revenue': give metric=number"),
        (["--total", "revenu=5"], "--total: unknown metric 'revenu'"),
        (["--total", "avg_check=5"], "--total: 'avg_check' is a ratio"),
        (["--month", "2026-13"], "--month '2026-13': give the month as YYYY-MM"),
    ],
)
def test_split_errors(
    runner: CliRunner, project: Callable[..., Path], args: list[str], message: str
) -> None:
    config = project(**{"norms.yaml": SPLIT})
    result = run_cli(runner, "plan", "-c", str(config), "--split", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr


def test_split_needs_managers(runner: CliRunner, project: Callable[..., Path]) -> None:
    config = project(**{"norms.yaml": "plan: {revenue: 100}\n"})
    result = run_cli(runner, "plan", "-c", str(config), "--split", "--month", "2026-12")
    assert result.exit_code == 1
    assert "--split needs a managers: list" in result.stderr


def test_the_weeks_left_over_units_do_not_pile_into_one_week(runner: CliRunner) -> None:
    from importlib import resources

    # January 2027: the holidays to the 10th, then three weeks of 5 working days. 7 deals over
    # the demo's 7 managers: 1 each; each manager's one deal goes to a week in turn (manager
    # k starts their ties at week k mod 3): managers 1, 4, 7 → the 11th, 2, 5 → the 18th,
    # 3, 6 → the 25th: 3 / 2 / 2, not 7 / 0 / 0.
    # 1 000 001 ₽: 142 857 each, the 2 roubles left to the first two managers (142 858);
    # 142 858 over 3 equal weeks is 47 619 each and 1 left, to that manager's turn: the 11th
    # for manager 1, the 18th for manager 2: 333 334 / 333 334 / 333 333.
    with resources.as_file(resources.files("ropkit") / "demo" / "norms.yaml") as config:
        result = run_cli(
            runner, "plan", "-c", str(config), "--split", "--month", "2027-01",
            "--total", "deals_won=7", "--total", "revenue=1000001", "-f", "json",
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    weeks = [w["values"] for w in json.loads(result.stdout)["weeks"] if w["workdays"]]
    assert [w["deals_won"] for w in weeks] == [3, 2, 2]
    assert [w["revenue"] for w in weeks] == [333334, 333334, 333333]
