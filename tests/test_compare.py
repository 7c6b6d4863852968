"""Which way it is going (issue 11): --compare prev|year aligned by working day, and the trend.

Calendar facts used below (official Russian calendar, 09:00–18:00: 9 hours a day):
- April 2026 has 22 working days: 1, 2, 3, 6–10, 13–17, 20–24, 27–30.
- May 2026 has 19: 4–8, 12–15, 18–22, 25–29 (1 and 11 May are days off).
- November 2025 has 19: Saturday 1 Nov (a transferred working day), 5–7, 10–14, 17–21, 24–28
  (3 and 4 Nov are days off).
- December 2025 has 22: 1–5, 8–12, 15–19, 22–26, 29, 30 (31 Dec is a day off).
- October 2026 has 22; November 2026 has 20 (4 Nov, a Wednesday, is a holiday): 2, 3, 5, 6,
  9–13, 16–20, 23–27, 30.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ropkit.calendar import WorkCalendar
from ropkit.periods import Period, PeriodKind, resolve_period
from ropkit.pipeline import run
from ropkit.render import trends as view
from ropkit.scorecard import Report, for_manager
from ropkit.trends import TrendPoint, aligned, change_of, earlier, earlier_span
from tests.conftest import run_cli

CAL = WorkCalendar()
DEALS = "id,manager,stage,amount,client,closed_at\n"
TEAM = """
sources:
  deals: {path: deals.csv}
plan: {revenue: 2200000, deals_won: 10}
managers:
  - {name: Иванов Иван}
  - {name: Петрова Мария, hired: 2026-10-01}
"""


def deals(*rows: str) -> str:
    return DEALS + "".join(f"{i},{r}\n" for i, r in enumerate(rows, 1))


def won(manager: str, amount: int, when: str) -> str:
    return f"{manager},Сделка успешна,{amount},C{amount},{when}"


@pytest.fixture
def make(project: Callable[..., Path]) -> Callable[..., Report]:
    def build(
        rows: str,
        as_of: datetime,
        compare: str | None = None,
        trend: bool = False,
        kind: PeriodKind = PeriodKind.MONTH,
        cfg: str = TEAM,
    ) -> Report:
        path = project(**{"norms.yaml": cfg, "deals.csv": rows})
        return run(path, kind, as_of, compare=compare, trend=trend).report

    return build


def card(report: Report, name: str) -> dict[str, float | None]:
    found = next(c for c in report.managers if c.name == name)
    return {mid: r.fact for mid, r in found.metrics.items()}


def month(as_of: datetime) -> Period:
    return resolve_period(PeriodKind.MONTH, as_of, CAL)


# --- alignment by working day ---------------------------------------------------------------


def test_day_10_of_19_against_day_10_of_22() -> None:
    # Monday 18 May 2026 is May's 10th working day (4–8, 12–15, 18): at 12:00, 9 days and
    # 3 of the 10th's 9 hours have passed: 9 + 3/9 = 9.333 of 19.
    # April's 10th working day (1, 2, 3, 6–10, 13, 14) is Tuesday 14 April: as of 14 April
    # 12:00, the same 9.333 working days of April's 22 have passed.
    now = month(datetime(2026, 5, 18, 12, 0))
    then = earlier(now, "prev", CAL)
    assert (then.start, then.end) == (date(2026, 4, 1), date(2026, 4, 30))
    assert then.as_of == datetime(2026, 4, 14, 12, 0)


def test_day_10_of_22_against_day_10_of_19() -> None:
    # Friday 12 Dec 2025, 16:00: December's 10th working day (1–5, 8–12), 9 + 7/9 passed.
    # November 2025's 10th working day is Monday 17 Nov (Saturday 1 Nov counts: 1, 5, 6, 7,
    # 10–14, 17), so December to 12 Dec 16:00 against November to 17 Nov 16:00.
    now = month(datetime(2025, 12, 12, 16, 0))
    then = earlier(now, "prev", CAL)
    assert (then.start, then.end, then.as_of) == (
        date(2025, 11, 1),
        date(2025, 11, 30),
        datetime(2025, 11, 17, 16, 0),
    )


def test_more_days_passed_than_the_earlier_month_has_compares_with_all_of_it() -> None:
    # Monday 29 Dec 2025, 12:00 is December's 21st working day: 20 have passed, more than
    # November's 19 in all, so the whole of November stands against it.
    now = month(datetime(2025, 12, 29, 12, 0))
    then = earlier(now, "prev", CAL)
    assert then.as_of == datetime.combine(date(2025, 11, 30), time.max)
    # a month whose working days have all passed (Friday 29 May 2026 after 18:00, its last)
    # compares with the whole month before it, whatever their lengths
    for done in (datetime(2026, 5, 29, 18, 30), datetime(2026, 5, 31, 23, 59, 59)):
        then = earlier(month(done), "prev", CAL)
        assert then.as_of == datetime.combine(date(2026, 4, 30), time.max)


def test_a_day_off_compares_with_the_end_of_the_same_working_day() -> None:
    # Saturday 16 May 2026 noon: 9 working days of May have passed (4–8, 12–15), so April to
    # the end of its 9th working day, Monday 13 April.
    now = month(datetime(2026, 5, 16, 12, 0))
    assert earlier(now, "prev", CAL).as_of == datetime.combine(date(2026, 4, 13), time.max)
    # before the month's first working day nothing has passed: nothing of April either
    first = month(datetime(2026, 5, 2, 12, 0))  # Saturday; May's first working day is the 4th
    assert earlier(first, "prev", CAL).as_of == datetime(2026, 4, 1, 0, 0)


def test_a_year_earlier_is_the_same_working_day_of_the_same_month() -> None:
    # 25 Nov 2026, 16:00: November 2026's 17th working day (2, 3, 5, 6, 9–13, 16–20, 23, 24,
    # 25), 16 + 7/9 = 16.78 of 20 passed. November 2025's 17th working day: 1, 5, 6, 7,
    # 10–14, 17–21, 24, 25, 26 -> Wednesday 26 Nov 2025 (the transferred Saturday counts).
    now = month(datetime(2026, 11, 25, 16, 0))
    then = earlier(now, "year", CAL)
    assert (then.start, then.end, then.as_of) == (
        date(2025, 11, 1),
        date(2025, 11, 30),
        datetime(2025, 11, 26, 16, 0),
    )


def test_the_earlier_period_of_each_kind() -> None:
    wed = datetime(2026, 11, 25, 16, 0)  # Wednesday
    week = resolve_period(PeriodKind.WEEK, wed, CAL)  # 23–29 Nov 2026
    assert earlier_span(week, "prev", CAL) == (date(2026, 11, 16), date(2026, 11, 22))
    # 52 weeks (364 days) before Monday 23 Nov 2026 is Monday 24 Nov 2025
    assert earlier_span(week, "year", CAL) == (date(2025, 11, 24), date(2025, 11, 30))
    # Wednesday at 16:00 against Wednesday 26 Nov 2025 at 16:00 (the 3rd working day of both)
    assert earlier(week, "year", CAL).as_of == datetime(2025, 11, 26, 16, 0)
    monday = resolve_period(PeriodKind.DAY, datetime(2026, 11, 23, 11, 0), CAL)
    assert earlier_span(monday, "prev", CAL) == (date(2026, 11, 20), date(2026, 11, 20))  # Fri
    assert earlier(monday, "prev", CAL).as_of == datetime(2026, 11, 20, 11, 0)
    three = resolve_period(PeriodKind.DAYS3, wed, CAL)  # 23, 24, 25 Nov
    assert earlier_span(three, "prev", CAL) == (date(2026, 11, 18), date(2026, 11, 20))
    custom = resolve_period(PeriodKind.CUSTOM, wed, CAL, date(2026, 11, 10), date(2026, 11, 19))
    # 10 days: the 10 days before it; a year earlier: the same dates
    assert earlier_span(custom, "prev", CAL) == (date(2026, 10, 31), date(2026, 11, 9))
    assert earlier_span(custom, "year", CAL) == (date(2025, 11, 10), date(2025, 11, 19))


def test_aligned_keeps_the_half_day_cutoff() -> None:
    # the half day of Wed 25 Nov 2026 (to 13:00) at 11:00 against Tue 24 Nov at 11:00
    half = resolve_period(PeriodKind.HALFDAY, datetime(2026, 11, 25, 11, 0), CAL)
    then = aligned(half, date(2026, 11, 24), date(2026, 11, 24), CAL)
    assert then.as_of == datetime(2026, 11, 24, 11, 0) and then.cutoff == time(13, 0)


# --- the change ---------------------------------------------------------------------------


def test_change_direction_and_rounding() -> None:
    # +25%: up, good news; for a lower-is-better metric (missed calls) the same is bad news
    assert change_of(500, 400, False).shown == 25
    assert change_of(500, 400, False).better is True
    assert change_of(500, 400, True).better is False
    # 1000 vs 1004: -0.398%, shown as 0%: flat, neither good nor bad
    flat = change_of(1000, 1004, False)
    assert (flat.shown, flat.direction, flat.better) == (0, "flat", None)
    # 1005 vs 1000: +0.5% rounds half away from zero to +1%: up
    assert (change_of(1005, 1000, False).shown, change_of(1005, 1000, False).direction) == (
        1,
        "up",
    )
    # from 0: no percentage, but the arrow still says which way
    from_zero = change_of(3, 0, False)
    assert (from_zero.change, from_zero.direction) == (None, "up")
    assert view.change_text(from_zero) == "↑"
    assert view.change_text(change_of(300, 400, False)) == "−25% ↓"
    assert view.change_text(change_of(None, 400, False)) == "—"


def test_prev_across_19_and_22_working_days_with_hand_worked_figures(
    make: Callable[..., Report],
) -> None:
    # As of Mon 18 May 2026 12:00 (day 10 of 19) against April to Tue 14 April 12:00 (day 10
    # of 22), 9.333 working days passed in both.
    # Ivanov, May: 100 000 (4 May) + 200 000 (18 May 11:00) = 300 000; 999 at 13:00 is later.
    # Ivanov, April: 150 000 (1 Apr) + 50 000 (14 Apr 11:59) = 200 000; 700 000 at 12:01 and
    # 1 000 000 on 30 April are after the aligned moment. Change: 300/200 - 1 = +50%.
    # Petrova: 0 in May against 400 000 on 2 April: -100%.
    # Team: 300 000 against 600 000: -50%.
    # The plan to date of April as of then: 2 200 000 × 9.333/22 = 933 333.33 (May's to
    # date is 2 200 000 × 9.333/19 = 1 080 701.75): the same working days, not the same share.
    rows = deals(
        won("Иванов Иван", 100_000, "04.05.2026 10:00"),
        won("Иванов Иван", 200_000, "18.05.2026 11:00"),
        won("Иванов Иван", 999, "18.05.2026 13:00"),
        won("Иванов Иван", 150_000, "01.04.2026 10:00"),
        won("Иванов Иван", 50_000, "14.04.2026 11:59"),
        won("Иванов Иван", 700_000, "14.04.2026 12:01"),
        won("Иванов Иван", 1_000_000, "30.04.2026 10:00"),
        won("Петрова Мария", 400_000, "02.04.2026 10:00"),
    )
    r = make(rows, datetime(2026, 5, 18, 12, 0), compare="prev")
    then = r.comparisons["prev"]
    assert then.period.as_of == datetime(2026, 4, 14, 12, 0)
    assert then.workdays_elapsed == pytest.approx(28 / 3) == pytest.approx(r.workdays_elapsed)
    assert (then.workdays, r.workdays) == (22, 19)
    assert then.managers[0].metrics["revenue"].plan_to_date == pytest.approx(933_333.33, abs=0.01)
    assert r.managers[0].metrics["revenue"].plan_to_date == pytest.approx(1_080_701.75, abs=0.01)
    changes = r.changes["prev"]
    ivanov = changes.managers["Иванов Иван"]["revenue"]
    assert (ivanov.then, ivanov.change, ivanov.direction) == (200_000, pytest.approx(0.5), "up")
    petrova = changes.managers["Петрова Мария"]["revenue"]
    assert (petrova.then, petrova.change, petrova.shown) == (400_000, -1.0, -100)
    team = changes.team["revenue"]
    assert (team.then, team.change) == (600_000, pytest.approx(-0.5))
    # deals won: Ivanov 2 against 2 (flat), the team 2 against 3 (-33%)
    assert changes.managers["Иванов Иван"]["deals_won"].direction == "flat"
    assert changes.team["deals_won"].shown == -33
    # a manager's own report keeps their changes and the team's, no one else's
    own = for_manager(r, "Петрова Мария").changes["prev"]
    assert list(own.managers) == ["Петрова Мария"] and own.team == changes.team


def test_a_period_before_the_exports_has_no_figure_not_zero(make: Callable[..., Report]) -> None:
    # The exports begin on 1 Sep 2026: a year before November 2026 they hold nothing, so the
    # comparison says "unknown", not "-100%".
    rows = deals(won("Иванов Иван", 100_000, "01.09.2026 10:00"))
    r = make(rows, datetime(2026, 11, 25, 16, 0), compare="year")
    c = r.changes["year"]
    assert c.unknown
    assert c.team["revenue"].then is None and c.team["revenue"].change is None
    assert r.comparisons["year"].period.as_of == datetime(2025, 11, 26, 16, 0)


# --- the trend ------------------------------------------------------------------------------

TREND_ROWS = deals(
    # September 2026: Ivanov 300 000 + 500 000 = 800 000; Petrova 400 000 (hired 1 Oct)
    won("Иванов Иван", 300_000, "01.09.2026 10:00"),
    won("Иванов Иван", 500_000, "15.09.2026 10:00"),
    won("Петрова Мария", 400_000, "15.09.2026 10:00"),
    # October: Ivanov 600 000 (5 Oct) + 500 000 (26 Oct) = 1 100 000; Petrova 900 000 (20 Oct)
    won("Иванов Иван", 600_000, "05.10.2026 10:00"),
    won("Иванов Иван", 500_000, "26.10.2026 10:00"),
    won("Петрова Мария", 900_000, "20.10.2026 10:00"),
    # November to 25 Nov 16:00: Ivanov 450 000; Petrova 1 000 000; 777 000 at 17:00 is later
    won("Иванов Иван", 450_000, "10.11.2026 10:00"),
    won("Петрова Мария", 1_000_000, "25.11.2026 15:00"),
    won("Иванов Иван", 777_000, "25.11.2026 17:00"),
)
TREND_CFG = TEAM.replace("2200000", "1000000")


def test_the_trend_points_with_hand_worked_attainment(make: Callable[..., Report]) -> None:
    # The plan is 1 000 000 a month each. The last 8 months: April–November 2026. The exports
    # begin on 1 Sep 2026, so April–August have no figure (and no scorecard is built for them).
    # September (whole): Ivanov 800 000 / 1 000 000 = 0.8; Petrova None (hired 1 Oct);
    #   the team is those who were there: Ivanov alone, 0.8 (her plan before she came does
    #   not pull the team down, nor does a deal written to her name count for it).
    # October (whole): Ivanov 1 100 000 / 1 000 000 = 1.1; Petrova 0.9; team 1.0.
    # November to 25 Nov 16:00: 16 + 7/9 = 151/9 of 20 working days, plan to date
    #   1 000 000 × 151/180 = 838 888.89 each: Ivanov 450 000 / 838 888.89 = 0.53642,
    #   Petrova 1 000 000 / 838 888.89 = 1.19205, team 1 450 000 / 1 677 777.78 = 0.86424.
    r = make(TREND_ROWS, datetime(2026, 11, 25, 16, 0), trend=True, cfg=TREND_CFG)
    trend = r.trend
    assert trend is not None and trend.metric == "revenue"
    starts = [p.start for p in trend.team]
    assert starts == [date(2026, m, 1) for m in range(4, 12)]
    assert [p.end for p in trend.team][-1] == date(2026, 11, 30)

    def line(points: list[TrendPoint]) -> list[float | None]:
        return [None if p.attainment is None else round(p.attainment, 5) for p in points]

    none5: list[float | None] = [None] * 5
    assert line(trend.managers["Иванов Иван"]) == [*none5, 0.8, 1.1, 0.53642]
    assert line(trend.managers["Петрова Мария"]) == [*none5, None, 0.9, 1.19205]
    assert line(trend.team) == [*none5, 0.8, 1.0, 0.86424]
    # the last point is the report's own figure, shown as the table shows it (rounded down)
    assert trend.managers["Иванов Иван"][-1].shown == 0.53
    assert r.managers[0].metrics["revenue"].shown == 0.53
    # a manager's own report: their line and the team's
    own = for_manager(r, "Иванов Иван").trend
    assert own is not None and list(own.managers) == ["Иванов Иван"]


def test_sparkline_levels() -> None:
    # 8 levels over 0..top: 0 -> ▁, 0.25 -> round(1.75) = 2 -> ▃, 1.0 -> █, above top -> █,
    # no figure -> a space
    points = [TrendPoint(date(2026, 1, 1), date(2026, 1, 31), a) for a in (0, 0.25, 1, None, 2)]
    assert view.sparkline(points, 1.0) == "▁▃█ █"


# --- the outputs ----------------------------------------------------------------------------


def _json(runner: CliRunner, config: Path, *args: str) -> dict[str, Any]:
    result = run_cli(
        runner, "report", "-c", str(config), "--date", "2026-11-25T16:00", "-f", "json", *args
    )
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_json_contract(runner: CliRunner, project: Callable[..., Path]) -> None:
    # --compare prev as of 25 Nov 2026 16:00: October to Fri 23 Oct 16:00 (the 17th working
    # day of both). Ivanov then: 600 000 (the 26 Oct deal is later); now 450 000:
    # 450/600 - 1 = -0.25. Petrova then 900 000, now 1 000 000: +0.11111.
    # Team: 1 450 000 against 1 500 000: -0.03333.
    config = project(**{"norms.yaml": TREND_CFG, "deals.csv": TREND_ROWS})
    doc = _json(runner, config, "--compare", "prev")
    assert doc["compare"]["prev"] == {
        "start": "2026-10-01",
        "end": "2026-10-31",
        "as_of": "2026-10-23T16:00:00",
        "workdays": 22,
        "workdays_elapsed": 16.7778,
    }
    by_name = {m["name"]: m["metrics"]["revenue"] for m in doc["managers"]}
    assert by_name["Иванов Иван"]["prev"] == {
        "fact": 600000,
        "change": -0.25,
        "direction": "down",
    }
    assert by_name["Петрова Мария"]["prev"] == {"fact": 900000, "change": 0.1111, "direction": "up"}
    assert doc["team"]["metrics"]["revenue"]["prev"] == {
        "fact": 1500000,
        "change": -0.0333,
        "direction": "down",
    }
    # the trend is on by default: 8 months, oldest first
    trend = doc["trend"]
    assert trend["metric"] == "revenue"
    assert [p["attainment"] for p in trend["team"]] == [None] * 5 + [
        0.8,
        1,
        0.8642,
    ]  # Sept: Ivanov alone (see above)
    assert trend["managers"]["Иванов Иван"][-1] == {
        "start": "2026-11-01",
        "end": "2026-11-30",
        "attainment": 0.5364,
    }
    # a year earlier the exports hold nothing: unknown, not -100%
    year = _json(runner, config, "--compare", "year", "--no-trend")
    assert year["team"]["metrics"]["revenue"]["year_ago"] == {
        "fact": None,
        "change": None,
        "direction": None,
    }
    assert year["compare"]["year_ago"]["as_of"] == "2025-11-26T16:00:00"
    assert year["trend"] is None and "prev" not in year["team"]["metrics"]["revenue"]


def test_terminal_and_html_show_them(
    runner: CliRunner, project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    config = project(**{"norms.yaml": TREND_CFG, "deals.csv": TREND_ROWS})
    args = ["report", "-c", str(config), "--date", "2026-11-25T16:00", "--compare", "prev"]
    out = run_cli(runner, *args).stdout
    assert "Сравнение с прошлым периодом: месяц 1—31 октября 2026 на 23 октября 2026, 16:00" in out
    assert "−25% ↓" in out and "+11% ↑" in out and "−3% ↓" in out  # Ivanov, Petrova, team
    # the sparkline: top = the best point, 1.19205; Ivanov 0.8 -> round(4.70) = 5 ▆,
    # 1.1 -> round(6.46) = 6 ▇, 0.53642 -> 0.45 × 7 = 3.15 -> 3 ▄ (after 5 months of no data)
    assert "     ▆▇▄ " in out
    page = run_cli(runner, *args, "-f", "html").stdout
    assert "Тренд: Выручка, % плана по месяцам" in page
    trend = page[page.index("Тренд: Выручка") :]
    assert "<!--[if !mso]><!--><svg" in trend and "<polyline" in trend
    # nothing of it without the options
    plain = run_cli(runner, "report", "-c", str(config), "--date", "2026-11-25", "--no-trend")
    assert "Сравнение" not in plain.stdout and "Тренд" not in plain.stdout


def test_the_trend_module_is_pure() -> None:
    tree = ast.parse((Path(__file__).parents[1] / "src" / "ropkit" / "trends.py").read_text())
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    ui = ("rich", "typer", "jinja2", "openpyxl", "babel", "ropkit.render", "ropkit.cli")
    assert not {m for m in imported if m.startswith(ui)}
