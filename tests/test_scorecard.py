"""Plan vs fact with answers worked out by hand.

Calendar facts used below (official Russian calendar): November 2026 has 20 working days
(4 Nov, a Wednesday, is a holiday); December 2026 has 22 (31 Dec is a day off); the week of
27 Oct – 2 Nov 2025 has 6 (Saturday 1 Nov 2025 is a transferred working day).
The working day is 09:00–18:00 (9 hours); the half-day checkpoint is 13:00.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from ropkit.periods import PeriodKind
from ropkit.pipeline import run
from ropkit.scorecard import MetricResult, Report
from ropkit.status import Status

DEALS_HEADER = "id,manager,stage,amount,client,closed_at\n"
ACTS_HEADER = "id,manager,kind,at\n"


def config(extra: str = "", managers: str | None = None, norms: str = "{calls_out: 40}") -> str:
    team = (
        managers
        if managers is not None
        else """
managers:
  - {name: Иванов Иван, mode: passive}
  - {name: Петрова Мария, mode: passive}
"""
    )
    return (
        """
sources:
  deals: {path: deals.csv}
  activities: {path: activities.csv}
norms:
  passive: """
        + norms
        + "\n"
        + extra
        + team
    )


def deals(*rows: str) -> str:
    return DEALS_HEADER + "".join(r + "\n" for r in rows)


def acts(*rows: str) -> str:
    return ACTS_HEADER + "".join(r + "\n" for r in rows)


def calls(manager: str, when: str, n: int) -> list[str]:
    return [f"{i},{manager},call_out,{when}" for i in range(n)]


@pytest.fixture
def report(project: Callable[..., Path]) -> Callable[..., Report]:
    def make(
        cfg: str,
        deal_rows: str = DEALS_HEADER,
        act_rows: str = ACTS_HEADER,
        kind: PeriodKind = PeriodKind.MONTH,
        as_of: datetime = datetime(2026, 11, 30, 23, 59, 59),
        start: date | None = None,
        end: date | None = None,
        evidence: bool = False,
    ) -> Report:
        path = project(**{"norms.yaml": cfg, "deals.csv": deal_rows, "activities.csv": act_rows})
        return run(path, kind, as_of, start, end, evidence=evidence).report

    return make


def metric(report: Report, name: str, mid: str) -> MetricResult:
    if name == "team":
        return report.team.metrics[mid]
    return next(c for c in report.managers if c.name == name).metrics[mid]


def test_proration_across_a_month_boundary(report: Callable[..., Report]) -> None:
    # Week Mon 30 Nov – Sun 6 Dec 2026: 1 working day of November (20), 4 of December (22).
    # plan = 3 000 000 * 1/20 + 4 400 000 * 4/22 = 150 000 + 800 000 = 950 000
    # as of the end of Wed 2 Dec: 30 Nov, 1 and 2 Dec passed:
    # plan to date = 150 000 + 4 400 000 * 2/22 = 550 000
    r = report(
        config("plan: {revenue: 3000000}\nmonths: {2026-12: {revenue: 4400000}}\n"),
        deals(
            "1,Иванов Иван,Сделка успешна,100000,A,30.11.2026",
            "2,Иванов Иван,Сделка успешна,200000,B,02.12.2026",
            "3,Иванов Иван,Сделка провалена,900000,C,01.12.2026",  # lost: not revenue
            "4,Иванов Иван,Сделка успешна,500000,D,05.12.2026",  # after the as-of moment
            "5,Иванов Иван,Сделка успешна,700000,E,29.11.2026",  # before the period
        ),
        kind=PeriodKind.WEEK,
        as_of=datetime(2026, 12, 2, 23, 59, 59),
    )
    rev = metric(r, "Иванов Иван", "revenue")
    assert rev.fact == 300_000
    assert rev.plan == pytest.approx(950_000)
    assert rev.plan_to_date == pytest.approx(550_000)
    assert rev.attainment == pytest.approx(300_000 / 550_000)  # 54.5 %: red
    assert rev.status is Status.RED
    assert rev.forecast == pytest.approx(300_000 * 5 / 3)  # 3 of 5 working days passed
    assert rev.needed_per_day == pytest.approx((950_000 - 300_000) / 2)  # 3 and 4 Dec remain
    assert (r.workdays, r.workdays_elapsed) == (5, 3)


def test_an_absence_removes_norm_days_and_spreads_the_month_plan(
    report: Callable[..., Report],
) -> None:
    # Petrova is away 16–20 Nov 2026: 15 of her 20 November days remain.
    # As of the end of Fri 13 Nov, 9 working days have passed (2,3,5,6,9–13 Nov).
    # Ivanov: plan to date 3 000 000 * 9/20 = 1 350 000; norm 40 * 20 = 800, to date 360.
    # Petrova: 3 000 000 * 9/15 = 1 800 000 (her month plan, over her days); norm 40 * 15 = 600.
    managers = """
managers:
  - {name: Иванов Иван, mode: passive}
  - name: Петрова Мария
    mode: passive
    absences: [{from: 2026-11-16, to: 2026-11-20}]
"""
    r = report(
        config("plan: {revenue: 3000000}\n", managers),
        as_of=datetime(2026, 11, 13, 23, 59, 59),
    )
    ivanov, petrova = (metric(r, n, "revenue") for n in ("Иванов Иван", "Петрова Мария"))
    assert ivanov.plan == pytest.approx(3_000_000)
    assert ivanov.plan_to_date == pytest.approx(1_350_000)
    assert petrova.plan == pytest.approx(3_000_000)
    assert petrova.plan_to_date == pytest.approx(1_800_000)
    calls_i, calls_p = (metric(r, n, "calls_out") for n in ("Иванов Иван", "Петрова Мария"))
    assert (calls_i.plan, calls_i.plan_to_date) == (pytest.approx(800), pytest.approx(360))
    assert (calls_p.plan, calls_p.plan_to_date) == (pytest.approx(600), pytest.approx(360))
    card = next(c for c in r.managers if c.name == "Петрова Мария")
    assert (card.workdays, card.workdays_elapsed) == (15, 9)
    # the team's norm is the sum of its members': 800 + 600
    assert metric(r, "team", "calls_out").plan == pytest.approx(1400)


def test_a_transferred_working_saturday_counts(report: Callable[..., Report]) -> None:
    # Week 27 Oct – 2 Nov 2025: Mon–Fri plus Saturday 1 Nov (worked for 3 Nov) = 6 days.
    # 40 calls a day -> 240; as of the end of Saturday all 6 have passed.
    rows = calls("Иванов Иван", "01.11.2025 10:00", 40) + calls(
        "Иванов Иван", "27.10.2025 10:00", 200
    )
    r = report(
        config(),
        act_rows=acts(*rows),
        kind=PeriodKind.WEEK,
        as_of=datetime(2025, 11, 1, 23, 59, 59),
    )
    c = metric(r, "Иванов Иван", "calls_out")
    assert (c.plan, c.plan_to_date, c.fact) == (240, 240, 240)
    assert c.status is Status.GREEN
    assert (r.workdays, r.workdays_elapsed) == (6, 6)


def test_halfday_counts_the_morning_and_paces_inside_it(report: Callable[..., Report]) -> None:
    # Wed 25 Nov 2026 at 11:00. The half day is 09:00–13:00 = 4/9 of a 9-hour day;
    # 2 of those hours passed = 2/9. Norm 45 -> plan 45*4/9 = 20, to date 45*2/9 = 10.
    # Revenue 3 000 000 a month of 20 days -> the half day's share 3 000 000 * (4/9) / 20.
    rows = [
        "1,Иванов Иван,call_out,25.11.2026 08:45",  # before the working day: still this morning
        "2,Иванов Иван,call_out,25.11.2026 10:15",
        "3,Иванов Иван,call_out,25.11.2026 10:59:59",
        "4,Иванов Иван,call_out,25.11.2026 11:30",  # after the as-of moment
        "5,Иванов Иван,call_out,24.11.2026 17:00",  # yesterday
    ]
    r = report(
        config("plan: {revenue: 3000000}\n", norms="{calls_out: 45}"),
        act_rows=acts(*rows),
        kind=PeriodKind.HALFDAY,
        as_of=datetime(2026, 11, 25, 11, 0),
    )
    c = metric(r, "Иванов Иван", "calls_out")
    assert c.fact == 3
    assert c.plan == pytest.approx(20)
    assert c.plan_to_date == pytest.approx(10)
    assert c.status is Status.RED  # 3 of 10
    assert metric(r, "Иванов Иван", "revenue").plan == pytest.approx(3_000_000 * 4 / 9 / 20)
    assert r.workdays == pytest.approx(4 / 9)
    assert r.workdays_elapsed == pytest.approx(2 / 9)


def test_three_days_are_working_days(report: Callable[..., Report]) -> None:
    # As of Mon 9 Nov 2026: the 3 working days are Thu 5, Fri 6 and Mon 9 (4 Nov is a
    # holiday), so the period is 5–9 Nov. Norm 40 -> 120. Facts: 30 on 5 Nov, 5 on Saturday
    # 7 Nov (a day off still counts as done), 50 on 9 Nov; 20 on the 4th are outside.
    rows = (
        calls("Иванов Иван", "04.11.2026 12:00", 20)
        + calls("Иванов Иван", "05.11.2026 12:00", 30)
        + calls("Иванов Иван", "07.11.2026 12:00", 5)
        + calls("Иванов Иван", "09.11.2026 12:00", 50)
    )
    r = report(
        config(),
        act_rows=acts(*rows),
        kind=PeriodKind.DAYS3,
        as_of=datetime(2026, 11, 9, 23, 59, 59),
    )
    assert (r.period.start, r.period.end) == (date(2026, 11, 5), date(2026, 11, 9))
    c = metric(r, "Иванов Иван", "calls_out")
    assert (c.fact, c.plan, c.plan_to_date) == (85, 120, 120)
    assert c.attainment == pytest.approx(85 / 120)


def test_pace_within_a_day(report: Callable[..., Report]) -> None:
    # November 2026 as of Wed 25 Nov 13:00: 16 whole working days before the 25th plus
    # 4/9 of the 25th. deals_won plan 20 -> to date 20 * (16 + 4/9) / 20 = 16.444…
    # 15 won deals: 15 / 16.444 = 91.2 % -> yellow (>= 90 %).
    rows = [
        f"{i},Иванов Иван,Сделка успешна,1000,C{i},{(i % 20) + 1:02d}.11.2026" for i in range(15)
    ]
    r = report(
        config("plan: {deals_won: 20}\n"),
        deals(*rows),
        as_of=datetime(2026, 11, 25, 13, 0),
    )
    d = metric(r, "Иванов Иван", "deals_won")
    assert d.plan == pytest.approx(20)
    assert d.plan_to_date == pytest.approx(16 + 4 / 9)
    assert d.status is Status.YELLOW
    assert r.workdays_elapsed == pytest.approx(16 + 4 / 9)
    # the forecast keeps the pace: 15 in 16.444 days -> 15 * 20 / 16.444 = 18.24
    assert d.forecast == pytest.approx(15 * 20 / (16 + 4 / 9))


def test_team_ratio_is_recomputed_from_team_sums(report: Callable[..., Report]) -> None:
    # Ivanov: 1 deal of 300 000 (avg 300 000); Petrova: 4 deals of 50 000 (avg 50 000).
    # Team avg check = 500 000 / 5 = 100 000, not the mean of averages (175 000).
    rows = ["1,Иванов Иван,Сделка успешна,300000,A,10.11.2026"] + [
        f"{i},Петрова Мария,Сделка успешна,50000,B{i},1{i}.11.2026" for i in range(2, 6)
    ]
    r = report(config("plan: {revenue: 1000000, deals_won: 10}\n"), deals(*rows))
    assert metric(r, "Иванов Иван", "avg_check").fact == 300_000
    assert metric(r, "Петрова Мария", "avg_check").fact == 50_000
    team = metric(r, "team", "avg_check")
    assert team.fact == 100_000
    # no avg_check target in the config: no plan and no light (revenue plan ÷ deals plan
    # is nobody's goal for the average deal)
    assert (team.plan, team.status) == (None, None)
    assert metric(r, "Иванов Иван", "avg_check").status is None
    assert metric(r, "team", "revenue").fact == 500_000


def test_a_ratio_gets_a_light_only_from_its_own_target(report: Callable[..., Report]) -> None:
    # avg_check target 100 000: Ivanov's 300 000 is green, Petrova's 50 000 is red (0.5 < 0.9)
    rows = ["1,Иванов Иван,Сделка успешна,300000,A,10.11.2026"] + [
        f"{i},Петрова Мария,Сделка успешна,50000,B{i},1{i}.11.2026" for i in range(2, 6)
    ]
    r = report(config("plan: {revenue: 1000000, avg_check: 100000}\n"), deals(*rows))
    assert metric(r, "Иванов Иван", "avg_check").status is Status.GREEN
    assert metric(r, "Петрова Мария", "avg_check").status is Status.RED
    assert metric(r, "team", "avg_check").plan == 100_000


def test_the_most_specific_plan_wins(report: Callable[..., Report]) -> None:
    # Team plan 3 000 000, team November 3 300 000; Ivanov's plan 4 000 000;
    # Petrova's November 5 000 000; Sidorov has nothing of his own -> team November.
    managers = """
managers:
  - {name: Иванов Иван, mode: passive, plan: {revenue: 4000000}}
  - name: Петрова Мария
    mode: passive
    plan: {revenue: 4500000}
    months: {2026-11: {revenue: 5000000}}
  - {name: Сидоров Пётр, mode: passive}
"""
    extra = "plan: {revenue: 3000000}\nmonths: {2026-11: {revenue: 3300000}}\n"
    r = report(config(extra, managers))
    assert metric(r, "Иванов Иван", "revenue").plan == pytest.approx(4_000_000)
    assert metric(r, "Петрова Мария", "revenue").plan == pytest.approx(5_000_000)
    assert metric(r, "Сидоров Пётр", "revenue").plan == pytest.approx(3_300_000)
    assert metric(r, "team", "revenue").plan == pytest.approx(12_300_000)
    # October has no team month: Sidorov falls back to the team plan
    r = report(config(extra, managers), as_of=datetime(2026, 10, 31, 23, 59, 59))
    assert metric(r, "Сидоров Пётр", "revenue").plan == pytest.approx(3_000_000)
    assert metric(r, "Петрова Мария", "revenue").plan == pytest.approx(4_500_000)


def test_status_thresholds_and_lower_is_better(report: Callable[..., Report]) -> None:
    # Missed calls: at most 2 a day (lower is better). As of the end of 30 Nov 2026 (all 20
    # days): allowance 40. Ivanov missed 40 -> green; Petrova 44 -> 40/44 = 0.909 -> yellow.
    rows = [f"{i},Иванов Иван,call_missed,10.11.2026 10:00" for i in range(40)] + [
        f"{i},Петрова Мария,call_missed,10.11.2026 10:00" for i in range(44)
    ]
    r = report(config(norms="{calls_missed: 2}"), act_rows=acts(*rows))
    assert metric(r, "Иванов Иван", "calls_missed").status is Status.GREEN
    assert metric(r, "Петрова Мария", "calls_missed").status is Status.YELLOW
    assert metric(r, "Петрова Мария", "calls_missed").needed_per_day is None


def test_names_match_in_any_word_order_case_and_yo(report: Callable[..., Report]) -> None:
    managers = """
managers:
  - {name: Иванов Иван, mode: passive}
  - {name: Ёлкин Пётр, mode: passive, aliases: [Петя Ёлкин]}
"""
    rows = (
        calls("иван  ИВАНОВ", "10.11.2026 10:00", 3)
        + calls("Петр Елкин", "10.11.2026 10:00", 2)
        + calls("Петя Елкин", "10.11.2026 10:00", 1)
        + calls("Дежурный администратор", "10.11.2026 10:00", 7)
    )
    r = report(config("", managers), act_rows=acts(*rows))
    assert metric(r, "Иванов Иван", "calls_out").fact == 3
    assert metric(r, "Ёлкин Пётр", "calls_out").fact == 3
    counts = r.rows["activities"]
    assert (counts.read, counts.used, counts.rejected, counts.not_on_team) == (13, 13, 0, 7)
    assert metric(r, "team", "calls_out").fact == 6


def test_without_a_team_list_everyone_found_is_reported(report: Callable[..., Report]) -> None:
    rows = calls("Иванов Иван", "10.11.2026 10:00", 3) + calls("Иван Иванов", "11.11.2026 10:00", 1)
    r = report(config("", managers=""), act_rows=acts(*rows))
    assert [c.name for c in r.managers] == ["Иванов Иван"]
    # one mode in norms: it applies to everyone; norm 40 * 20 days
    assert metric(r, "Иванов Иван", "calls_out").plan == pytest.approx(800)
    assert metric(r, "Иванов Иван", "calls_out").fact == 4


def test_new_clients_counts_a_clients_first_win_only(report: Callable[..., Report]) -> None:
    # Client A first won in October -> not new in November; B and C first won in November.
    # B's second deal in November does not count twice.
    rows = deals(
        "1,Иванов Иван,Сделка успешна,100,A,15.10.2026",
        "2,Иванов Иван,Сделка успешна,100,A,05.11.2026",
        "3,Иванов Иван,Сделка успешна,100,B,06.11.2026",
        "4,Петрова Мария,Сделка успешна,100,B,09.11.2026",
        "5,Петрова Мария,Сделка успешна,100,C,10.11.2026",
        "6,Петрова Мария,Сделка провалена,100,D,10.11.2026",
    )
    r = report(config("plan: {new_clients: 2}\n"), rows)
    assert metric(r, "Иванов Иван", "new_clients").fact == 1  # B
    assert metric(r, "Петрова Мария", "new_clients").fact == 1  # C
    assert metric(r, "team", "new_clients").fact == 2


def test_planned_activities_are_not_counted(project: Callable[..., Path]) -> None:
    path = project(
        **{
            "norms.yaml": config(),
            "deals.csv": DEALS_HEADER,
            "activities.csv": "id,manager,kind,at,done\n"
            "1,Иванов Иван,call_out,10.11.2026 10:00,да\n"
            "2,Иванов Иван,call_out,10.11.2026 11:00,нет\n"
            "3,Иванов Иван,call_out,10.11.2026 12:00,\n",
        }
    )
    r = run(path, PeriodKind.MONTH, datetime(2026, 11, 30, 23, 59, 59)).report
    assert metric(r, "Иванов Иван", "calls_out").fact == 2


def test_where_comparison_and_custom_metric(project: Callable[..., Path]) -> None:
    # Calls of 60 s and longer: 60 and 61 count, 59 and an empty duration do not.
    extra = """
metrics:
  long_calls: {from: activities, where: {kind: call_out, duration_s: ">=60"}, count: true}
"""
    path = project(
        **{
            "norms.yaml": config(extra),
            "deals.csv": DEALS_HEADER,
            "activities.csv": "id,manager,kind,at,duration_s\n"
            "1,Иванов Иван,call_out,10.11.2026 10:00,59\n"
            "2,Иванов Иван,call_out,10.11.2026 11:00,60\n"
            "3,Иванов Иван,call_out,10.11.2026 12:00,61\n"
            "4,Иванов Иван,call_out,10.11.2026 12:00,\n"
            "5,Иванов Иван,call_in,10.11.2026 12:00,300\n",
        }
    )
    r = run(path, PeriodKind.MONTH, datetime(2026, 11, 30, 23, 59, 59)).report
    assert [m.id for m in r.metrics] == ["calls_out", "long_calls"]
    assert metric(r, "Иванов Иван", "long_calls").fact == 2
    assert metric(r, "Иванов Иван", "long_calls").plan is None
    assert metric(r, "Иванов Иван", "calls_out").fact == 4


def test_overlapping_exports_count_a_deal_once(project: Callable[..., Path]) -> None:
    # October's and November's exports both hold deal 1 (won 02.11, 100). Revenue in
    # November: deal 1 (100) + deal 3 (300) = 400, not 500; the earlier copy is rejected.
    path = project(
        **{
            "norms.yaml": """
sources:
  deals: {path: "deals_*.csv"}
plan: {revenue: 1000}
""",
            "deals_1.csv": deals(
                "1,Иванов Иван,Сделка успешна,100,A,02.11.2026",
                "2,Иванов Иван,Сделка успешна,200,B,20.10.2026",
            ),
            "deals_2.csv": deals(
                "1,Иванов Иван,Сделка успешна,100,A,02.11.2026",
                "3,Иванов Иван,Сделка успешна,300,C,03.11.2026",
            ),
        }
    )
    r = run(path, PeriodKind.MONTH, datetime(2026, 11, 30, 23, 59, 59)).report
    assert metric(r, "Иванов Иван", "revenue").fact == 400
    rows = r.rows["deals"]
    assert (rows.read, rows.used, rows.rejected) == (4, 3, 1)
    assert dict(rows.reasons) == {"duplicate_id": 1}
    assert (rows.examples[0].file, rows.examples[0].row) == ("deals_1.csv", 2)


def test_a_client_first_won_by_a_former_employee_is_not_new(
    report: Callable[..., Report],
) -> None:
    # Ромашка was first won in October by someone no longer on the team: when Ivanov wins
    # it in November it is not a new client. Лютик is new for Ivanov (Petrov won it later).
    managers = """
managers:
  - {name: Иванов Иван, mode: passive}
  - {name: Петров Пётр, mode: passive}
"""
    rows = deals(
        "1,Уволенный Сотрудник,Сделка успешна,100,Ромашка,05.10.2026",
        "2,Иванов Иван,Сделка успешна,100,Ромашка,05.11.2026",
        "3,Иванов Иван,Сделка успешна,100,Лютик,06.11.2026",
        "4,Петров Пётр,Сделка успешна,100,Лютик,09.11.2026",
    )
    r = report(config("plan: {new_clients: 5}\n", managers), rows)
    assert metric(r, "Иванов Иван", "new_clients").fact == 1
    assert metric(r, "Петров Пётр", "new_clients").fact == 0
    assert r.rows["deals"].not_on_team == 1


def test_managers_without_a_mode_get_a_subtotal_of_their_own(
    report: Callable[..., Report],
) -> None:
    managers = """
managers:
  - {name: Иванов Иван, mode: passive}
  - {name: Петрова Мария, mode: active}
  - {name: Сидоров Пётр}
"""
    extra = "norms:\n  passive: {calls_out: 40}\n  active: {calls_out: 80}\n"
    rows = calls("Иванов Иван", "10.11.2026 10:00", 2) + calls(
        "Сидоров Пётр", "10.11.2026 10:00", 1
    )
    text = config("", managers).replace("norms:\n  passive: {calls_out: 40}\n", extra)
    r = report(text, act_rows=acts(*rows))
    assert [(m.mode, m.metrics["calls_out"].fact) for m in r.modes] == [
        ("passive", 2),
        ("active", 0),
        (None, 1),
    ]
    assert metric(r, "Сидоров Пётр", "calls_out").plan is None
    assert any(n.code == "no_mode" and n.params["name"] == "Сидоров Пётр" for n in r.warnings)


def test_ids_of_different_sources_are_different_things(project: Callable[..., Path]) -> None:
    # calls 1,2,3 and quotes 1,2 share ids, but they come from different sources
    path = project(
        **{
            "norms.yaml": """
sources:
  activities:
    - {path: calls.csv}
    - {path: quotes.csv, columns: {id: Номер КП, at: Дата, manager: Автор}, set: {kind: proposal}}
norms:
  passive: {calls_out: 10, proposals: 2}
managers:
  - {name: Иванов Иван, mode: passive}
""",
            "calls.csv": acts(*calls("Иванов Иван", "02.11.2026 10:00", 3)).replace("\n0,", "\n3,"),
            "quotes.csv": (
                "Номер КП,Дата,Автор\n1,02.11.2026,Иванов Иван\n2,03.11.2026,Иванов Иван\n"
            ),
        }
    )
    r = run(path, PeriodKind.MONTH, datetime(2026, 11, 30, 23, 59, 59)).report
    assert metric(r, "Иванов Иван", "calls_out").fact == 3
    assert metric(r, "Иванов Иван", "proposals").fact == 2
    assert r.rows["activities"].rejected == 0


def test_the_newer_export_wins_in_natural_file_order(project: Callable[..., Path]) -> None:
    # deals_9 (September export: deal 7 open) and deals_10 (October: deal 7 won);
    # 10 comes after 9, so the won version counts; the open copy is the duplicate
    path = project(
        **{
            "norms.yaml": "sources:\n  deals: {path: deals_*.csv}\nplan: {revenue: 100}\n",
            "deals_9.csv": deals("7,Иванов Иван,В работе,90000,A,"),
            "deals_10.csv": deals("7,Иванов Иван,Сделка успешна,90000,A,10.11.2026"),
        }
    )
    r = run(path, PeriodKind.MONTH, datetime(2026, 11, 30, 23, 59, 59)).report
    assert metric(r, "Иванов Иван", "revenue").fact == 90000
    assert r.rows["deals"].examples[0].file == "deals_9.csv"


def test_a_folded_deal_dropped_as_a_duplicate_counts_all_its_rows(
    project: Callable[..., Path],
) -> None:
    # d1: deal 5 on three product rows (10 + 20 + 30 thousand), deal 6 on one; d2 holds deal 5
    # again (60 000): d1's three rows of deal 5 are rejected, not one
    path = project(
        **{
            "norms.yaml": "sources:\n  deals: {path: [d1.csv, d2.csv]}\nplan: {revenue: 100}\n",
            "d1.csv": deals(
                "5,Иванов Иван,Сделка успешна,10000,A,05.11.2026",
                "5,Иванов Иван,Сделка успешна,20000,A,05.11.2026",
                "5,Иванов Иван,Сделка успешна,30000,A,05.11.2026",
                "6,Иванов Иван,Сделка успешна,1000.5,B,06.11.2026",
            ),
            "d2.csv": deals("5,Иванов Иван,Сделка успешна,60000,A,05.11.2026"),
        }
    )
    result = run(path, PeriodKind.MONTH, datetime(2026, 11, 30, 23, 59, 59))
    assert metric(result.report, "Иванов Иван", "revenue").fact == 61000.5
    d1 = result.dataset.files[0].rows
    assert (d1.read, d1.used, d1.rejected, d1.folded) == (4, 1, 3, 0)


def test_the_timeline_ends_at_the_team_fact(report: Callable[..., Report]) -> None:
    # week 23–29.11.2026 as of Sunday: deals of 100 on Monday, 50 on Saturday, 25 on Sunday;
    # the days off follow the last working day (Friday 27th): they count on its point
    rows = [
        "1,Иванов Иван,Сделка успешна,100,A,23.11.2026",
        "2,Иванов Иван,Сделка успешна,50,B,28.11.2026",
        "3,Иванов Иван,Сделка успешна,25,C,29.11.2026",
    ]
    r = report(
        config("plan: {revenue: 1000}\n"),
        deals(*rows),
        as_of=datetime(2026, 11, 29, 23, 0),
        kind=PeriodKind.WEEK,
        evidence=True,
    )
    points = r.timeline["revenue"]
    assert [p.fact for p in points] == [100, 100, 100, 100, 175]
    assert points[-1].fact == metric(r, "team", "revenue").fact == 175


@pytest.mark.parametrize(
    ("fact", "due", "shown"),
    [
        (87.99, 100, 0.87),  # cut, not rounded: Excel's "0%" of 0.8799 would say 88%
        (99.94, 100, 0.99),  # short of the plan never reads 100%
        (100, 100, 1.0),
        (29, 100, 0.29),  # 29/100*100 is 28.999…: still 29%
        (7, 3, 2.33),
        (5, None, None),  # nothing due: no percent
    ],
)
def test_the_shown_percent_is_cut_to_whole_percent_once(
    fact: float, due: float | None, shown: float | None
) -> None:
    r = MetricResult(
        fact=fact, plan=due, plan_to_date=due, forecast=None, needed_per_day=None, status=None
    )
    assert r.shown == (None if shown is None else pytest.approx(shown, abs=1e-12))


@pytest.mark.parametrize("unit", ["s", "ms", "us"])
def test_a_window_compares_dates_as_pandas_would_in_their_own_unit(unit: str) -> None:
    """The window's bounds are rounded up to the dates' unit instead of every date being
    converted to the bounds' microseconds: the same rows either way, at the edges too
    (a row at 16:00:00 and a moment at 15:59:59.999999), and never a missing date."""
    import random
    from datetime import timedelta

    import pandas as pd

    from ropkit.metrics import _within

    rng = random.Random(7)
    base = datetime(2026, 11, 25, 16)
    moments = [
        base + timedelta(microseconds=rng.randrange(-3_000_000, 3_000_000)) for _ in range(400)
    ]
    dates = pd.Series(pd.to_datetime([*moments, base, None])).astype(f"datetime64[{unit}]")
    for _ in range(200):
        start, until = sorted(
            rng.choice([*moments, base, base - timedelta(microseconds=1)]) for _ in "ab"
        )
        want = ((dates >= start) & (dates < until)).tolist()
        assert _within(dates, start, until).tolist() == want, (start, until)
    assert not _within(dates, datetime(1, 1, 1), datetime.max).iloc[-1]  # (bounds out of range)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_a_tables_first_and_last_dates_as_pandas_gives_them(unit: str) -> None:
    """The span of a table's dates is read as integers (no copy of ten million dates):
    the same first and last as pandas' min and max, empty cells skipped, and no span for a
    column of empty cells or no rows."""
    import pandas as pd

    from ropkit.metrics import date_span

    stamps = ["2025-03-01 10:00:01", None, "2024-01-02 00:00:00", "2026-05-05 23:59:59", None]
    dates = pd.Series(pd.to_datetime(stamps, format="%Y-%m-%d %H:%M:%S")).astype(
        f"datetime64[{unit}]"
    )
    frame = pd.DataFrame({"at": dates})
    assert date_span(frame, "at") == (datetime(2024, 1, 2), datetime(2026, 5, 5, 23, 59, 59))
    assert date_span(frame, "at") == (dates.min(), dates.max())
    assert date_span(frame.iloc[[1, 4]], "at") is None
    assert date_span(frame.iloc[:0], "at") is None
    assert date_span(frame, "closed_at") is None


def test_a_condition_on_categories_picks_the_rows_isin_picks() -> None:
    """A ``where:`` on a column of categories looks each category up once, then the rows by
    code: the same rows as ``isin``, empty cells only when an empty value is asked for."""
    import pandas as pd

    from ropkit.metrics import Condition

    kinds = pd.Series(["call", None, "meeting", "call", "email", None], dtype="category")
    frame = pd.DataFrame({"kind": kinds})
    for values in [("call",), ("call", "email"), ("task",), (), ("meeting", None)]:
        got = Condition("kind", values=values).mask(frame)
        assert got.tolist() == kinds.isin(list(values)).tolist(), values
    assert Condition("kind", values=("meeting", None)).mask(frame).tolist() == [
        False,
        True,
        True,
        False,
        False,
        True,
    ]


def test_the_figures_are_the_same_whether_the_rows_behind_them_are_kept() -> None:
    """Without evidence each metric's facts are counted from its manager (and summed) column
    alone and its rows let go; with it the rows are kept for the outputs that list them.
    Every manager's, mode's and the team's figures are the same either way."""
    from tests.conftest import DEMO

    as_of = datetime(2026, 11, 25, 16)
    kept = run(DEMO / "norms.yaml", PeriodKind.MONTH, as_of, evidence=True, cache=False).report
    let_go = run(DEMO / "norms.yaml", PeriodKind.MONTH, as_of, cache=False).report
    assert kept.behind and not let_go.behind and not let_go.timeline
    assert kept.managers == let_go.managers
    assert kept.team == let_go.team and kept.modes == let_go.modes
    assert kept.team.metrics["calls_out"].fact == len(kept.behind["calls_out"]) > 0
