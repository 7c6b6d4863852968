"""The sales regulations (issue 10), on small hand-built canonical tables, answers by hand.

Working time is 09:00–18:00 (9 h = 540 min a day) on the official Russian calendar. The days
that matter here:

- 2025: Fri 31.10 is a working day, Sat 01.11 a *working* Saturday (transferred), Sun 02.11,
  Mon 03.11 and Tue 04.11 are days off, Wed 05.11 works again.
- 2026: Wed 04.11 is a holiday (National Unity Day).

The tables are what the loader produces: ``manager`` holds canonical names (a category),
ids and phones are Arrow strings, other text columns categories, dates ``datetime64[s]``,
flags ``boolean``, plus ``_file`` (index into ``dataset.files``) and ``_row``.
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from ropkit import regulations
from ropkit.calendar import WorkCalendar, end_of_day
from ropkit.config import Config, parse_config
from ropkit.regulations import Regulations, RuleResult, Window
from ropkit.schema import TABLES, ColumnType
from ropkit.scorecard import make_calendar
from ropkit.sources.load import Dataset, FileInfo
from ropkit.sources.normalize import RowCount
from ropkit.status import Notice, Status

TEAM = """
managers:
  - {name: Анна}
  - {name: Борис}
"""

Row = tuple[Any, ...]


def _config(text: str) -> Config:
    return parse_config(textwrap.dedent(TEAM) + textwrap.dedent(text), Path("norms.yaml"))


def _column(values: list[Any], column: str, table: str) -> pd.Series:
    """One canonical column typed as the loader types it."""
    if column in ("manager", "kind", "outcome"):
        return pd.Series(values, dtype="category")
    spec = next(c for c in TABLES[table].columns if c.name == column)
    if spec.type is ColumnType.DATETIME:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object))).astype("datetime64[s]")
    if spec.type is ColumnType.BOOL:
        return pd.Series(values, dtype="boolean")
    if spec.type in (ColumnType.MONEY, ColumnType.NUMBER):
        return pd.Series(values, dtype="float64")
    if spec.unique:  # ids and numbers: Arrow strings
        return pd.Series(values, dtype=pd.ArrowDtype(pa.string()))
    return pd.Series(values, dtype="category")


def _table(table: str, columns: str, rows: list[Row]) -> pd.DataFrame:
    names = columns.split()
    frame = pd.DataFrame(
        {name: _column([r[i] for r in rows], name, table) for i, name in enumerate(names)}
    )
    frame["_row"] = range(2, len(rows) + 2)  # line 1 is the header
    return frame


def _dataset(**tables: pd.DataFrame) -> Dataset:
    files = []
    for i, (name, frame) in enumerate(tables.items()):
        frame["_file"] = i
        files.append(FileInfo(name, f"/exports/{name}.csv", "", RowCount(), "", {}, 0))
    found = frozenset(
        str(m) for frame in tables.values() for m in frame["manager"].dropna().unique()
    )
    return Dataset(dict(tables), {n: RowCount() for n in tables}, files, found=found)


def _check(config: Config, dataset: Dataset, window: Window) -> Regulations:
    return regulations.check(config, dataset, window, make_calendar(config))


def _counts(result: RuleResult) -> dict[str, tuple[int, int, Status | None]]:
    return {m: (c.checked, c.violations, c.status) for m, c in result.managers.items()}


def _seen(result: RuleResult) -> list[tuple[str, str, str, float | None]]:
    return [(v.manager, v.subject, v.reason, v.value) for v in result.violations]


# --- working time -------------------------------------------------------------------


def test_working_time_skips_nights_weekends_holidays_and_counts_the_worked_saturday() -> None:
    cal = WorkCalendar()
    starts = np.array(
        [
            "2025-10-31T17:30",  # Fri → Wed over the November 2025 transfer
            "2026-11-06T18:30",  # Fri after hours → Mon
            "2026-11-03T17:00",  # Tue → Thu over the holiday of Wed 04.11.2026
            "2025-11-05T09:00",
            "NaT",
        ],
        dtype="datetime64[s]",
    )
    ends = np.array(
        [
            "2025-11-05T09:40",
            "2026-11-09T09:40",
            "2026-11-05T10:00",
            "2025-11-05T08:00",  # before its start
            "2025-11-05T10:00",
        ],
        dtype="datetime64[s]",
    )
    minutes = cal.work_seconds(starts, ends) / 60
    # Fri 31.10.2025 17:30 → 18:00 = 30 min, Sat 01.11 is a working day: 540 min, Sun 02.11,
    # Mon 03.11 and Tue 04.11 off, Wed 05.11 09:00 → 09:40 = 40 min: 610 min
    assert minutes[0] == 610
    # Fri 06.11.2026 18:30 is after hours: 0; Sat, Sun off; Mon 09.11 09:00 → 09:40: 40 min
    assert minutes[1] == 40
    # Tue 03.11.2026 17:00 → 18:00 = 60, Wed 04.11 holiday: 0, Thu 05.11 09:00 → 10:00 = 60
    assert minutes[2] == 120
    # Wed 05.11.2025 09:00 back to 08:00, before the day began: 0 − 0 = 0 working minutes
    assert minutes[3] == 0
    assert np.isnan(minutes[4])  # NaT in, NaN out


def test_working_time_reversed_and_single_moment() -> None:
    cal = WorkCalendar()
    # Wed 05.11.2025 12:00 back to Fri 31.10 17:30: −(30 + 540 + 180) = −750 min
    back = cal.work_seconds(datetime(2025, 11, 5, 12), datetime(2025, 10, 31, 17, 30))
    assert back / 60 == -750
    # an array against one moment: Sat 01.11.2025 10:00 → Wed 05.11 09:30 = 480 + 30 = 510;
    # Sun 02.11.2025 15:00 (a day off) → Wed 05.11 09:30 = 30
    starts = np.array(["2025-11-01T10:00", "2025-11-02T15:00"], dtype="datetime64[s]")
    assert list(cal.work_seconds(starts, datetime(2025, 11, 5, 9, 30)) / 60) == [510, 30]


def test_working_time_follows_calendar_hours_and_company_days() -> None:
    config = _config(
        """
        calendar:
          hours: "10:00-19:00"
          holidays: [2026-11-09]
          workdays: [2026-11-07]
        """
    )
    cal = make_calendar(config)
    # Fri 06.11.2026 18:30 → 19:00 = 30; Sat 07.11 a company working day: 10:00 → 19:00 = 540;
    # Sun off; Mon 09.11 a company day off; Tue 10.11 10:00 → 10:40 = 40: 610 min
    got = cal.work_seconds(datetime(2026, 11, 6, 18, 30), datetime(2026, 11, 10, 10, 40))
    assert got / 60 == 610


# --- lead reaction ------------------------------------------------------------------

LEAD_CONFIG = """
regulations:
  lead_reaction: {minutes: 30}
"""
# the window: leads created from Mon 27.10.2025 to Wed 05.11.2025, judged on Wed 05.11 at 12:00
LEAD_WINDOW = Window(datetime(2025, 10, 27), datetime(2025, 11, 6), datetime(2025, 11, 5, 12))


def _leads() -> Dataset:
    leads = _table(
        "leads",
        "id manager created_at first_contact_at phone",
        [
            # Анна
            ("L1", "Анна", "2025-10-31 17:30", "2025-11-05 09:40", None),
            ("L2", "Анна", "2025-10-30 18:30", "2025-10-31 09:20", None),
            ("L3", "Анна", "2025-11-05 10:00", None, "+7 916 123-45-67"),
            ("L0", "Анна", "2025-10-20 10:00", None, None),  # before the window
            ("L9", "Анна", "2025-11-05 13:00", None, None),  # after the as-of moment
            # Борис
            ("L4", "Борис", "2025-11-05 09:10", None, None),
            ("L5", "Борис", "2025-11-05 11:30", None, None),
            ("L6", "Борис", "2025-11-05 11:00", "2025-11-05 14:00", None),
            ("L7", "Борис", "2025-11-05 09:00", None, "8 (926) 000-11-22"),
        ],
    )
    acts = _table(
        "activities",
        "id manager kind at done lead_id phone",
        [
            # L3: a call to 89161234567 is a call to +7 916 123-45-67 (the last ten digits)
            ("A1", "Анна", "call_out", "2025-11-05 10:30", None, None, "89161234567"),
            # L4: an e-mail linked to the lead, no number
            ("A2", "Борис", "email", "2025-11-05 09:50", True, "L4", None),
            # L7: a missed call is no contact, nor is a planned call; the done call is
            ("A3", "Борис", "call_missed", "2025-11-05 09:05", None, None, "79260001122"),
            ("A4", "Борис", "call_out", "2025-11-05 09:10", False, None, "+79260001122"),
            ("A5", "Борис", "call_out", "2025-11-05 10:30", True, None, "9260001122"),
        ],
    )
    return _dataset(leads=leads, activities=acts)


def test_lead_reaction_per_manager_with_hand_worked_waits() -> None:
    found = _check(_config(LEAD_CONFIG), _leads(), LEAD_WINDOW)
    assert found.notices == []
    assert found.window == LEAD_WINDOW
    rule = found.rules["lead_reaction"]
    assert (rule.limit, rule.max) == (30.0, 0)
    # Анна:
    # L1 Fri 31.10 17:30 → Wed 05.11 09:40: 30 + 540 (Sat 01.11 works) + 0 + 0 + 40 = 610, late
    # L2 Thu 30.10 18:30 (after hours) → Fri 31.10 09:20: 0 + 20 = 20 min, in time
    # L3 no first_contact_at; the call to its number at 10:30: 10:00 → 10:30 = 30, in time
    #    (exactly the norm is not over it)
    # L0 was created before the window, L9 after the as-of moment: not checked
    # checked 3, 1 violation; median of 610, 20, 30 = 30; share within the norm 2/3
    anna = rule.managers["Анна"]
    assert (anna.checked, anna.violations, anna.status) == (3, 1, Status.RED)
    assert anna.median == 30
    assert anna.share_ok == pytest.approx(2 / 3)
    # Борис:
    # L4 09:10 → the e-mail linked by lead_id at 09:50: 40 min, late
    # L5 11:30, never contacted: 30 min so far at 12:00, not over the norm: not judged yet
    # L6 11:00, contacted at 14:00, after the as-of moment: never, 11:00 → 12:00 = 60 so far
    # L7 09:00: the missed call 09:05 and the planned call 09:10 are no contact; the done call
    #    to 9260001122 at 10:30 is: 90 min, late
    # checked 3 (L4, L6, L7), all violations; median of the answered 40 and 90 = 65; share 0
    boris = rule.managers["Борис"]
    assert (boris.checked, boris.violations, boris.status) == (3, 3, Status.RED)
    assert boris.median == 65
    assert boris.share_ok == 0
    assert (rule.team.checked, rule.team.violations, rule.team.status) == (6, 4, Status.RED)
    # by manager, then by the lead's creation
    assert _seen(rule) == [
        ("Анна", "L1", "late", 610.0),
        ("Борис", "L7", "late", 90.0),
        ("Борис", "L4", "late", 40.0),
        ("Борис", "L6", "never", 60.0),
    ]
    first = rule.violations[0]
    assert first.at == datetime(2025, 10, 31, 17, 30)
    assert (first.file, first.row) == ("leads.csv", 2)


def test_a_never_contacted_lead_is_pending_until_its_minutes_run_out() -> None:
    leads = _table(
        "leads",
        "id manager created_at first_contact_at",
        [("L1", "Анна", "2025-10-31 17:50", None)],
    )
    config = _config(LEAD_CONFIG)
    # Fri 31.10.2025 17:50 → 18:00 = 10 min; Sat 01.11 (working) 09:00 → 09:20 = 20: 30 min,
    # exactly the norm: not judged yet, nothing checked, no light
    at_limit = Window(datetime(2025, 10, 27), datetime(2025, 11, 6), datetime(2025, 11, 1, 9, 20))
    rule = _check(config, _dataset(leads=leads), at_limit).rules["lead_reaction"]
    assert _counts(rule) == {"Анна": (0, 0, None), "Борис": (0, 0, None)}
    assert rule.team.status is None and rule.violations == []
    # at 09:21: 31 min, over the norm and never answered: a violation
    over = Window(datetime(2025, 10, 27), datetime(2025, 11, 6), datetime(2025, 11, 1, 9, 21))
    rule = _check(config, _dataset(leads=leads), over).rules["lead_reaction"]
    assert _counts(rule)["Анна"] == (1, 1, Status.RED)
    assert _seen(rule) == [("Анна", "L1", "never", 31.0)]
    # no lead answered: no median; share within the norm 0 of 1
    assert rule.managers["Анна"].median is None
    assert rule.managers["Анна"].share_ok == 0


def test_the_first_contact_is_the_earliest_of_lead_id_and_phone() -> None:
    leads = _table(
        "leads",
        "id manager created_at phone",
        [("L1", "Анна", "2025-11-05 09:00", "+7 916 123-45-67")],
    )
    acts = _table(
        "activities",
        "id manager kind at lead_id phone",
        [
            # the call to the lead's number at 09:10, then a meeting linked to it at 11:00
            ("A1", "Анна", "call_out", "2025-11-05 09:10", None, "8 916 123 45 67"),
            ("A2", "Анна", "meeting", "2025-11-05 11:00", "L1", None),
        ],
    )
    rule = _check(_config(LEAD_CONFIG), _dataset(leads=leads, activities=acts), LEAD_WINDOW)
    # the lead was first contacted by the call: 09:00 → 09:10 = 10 min, in time
    # (not by the meeting: 09:00 → 11:00 = 120 min)
    assert rule.rules["lead_reaction"].managers["Анна"].median == 10
    assert rule.rules["lead_reaction"].violations == []


def test_first_contact_at_wins_over_the_activities() -> None:
    leads = _table(
        "leads",
        "id manager created_at first_contact_at",
        [("L1", "Анна", "2025-11-05 09:00", "2025-11-05 10:00")],
    )
    acts = _table(
        "activities",
        "id manager kind at lead_id",
        [("A1", "Анна", "call_out", "2025-11-05 09:05", "L1")],
    )
    rule = _check(_config(LEAD_CONFIG), _dataset(leads=leads, activities=acts), LEAD_WINDOW)
    # the export's own first contact, 09:00 → 10:00 = 60 min, late (the call at 09:05 is not
    # looked at when the lead says when it was first contacted)
    assert _seen(rule.rules["lead_reaction"]) == [("Анна", "L1", "late", 60.0)]


# --- missed calls -------------------------------------------------------------------

MISSED_CONFIG = """
regulations:
  missed_calls: {hours: 2, max: 1}
"""
# missed calls from Mon 27.10.2025 to Thu 06.11.2025, judged on Thu 06.11 at 12:00
MISSED_WINDOW = Window(datetime(2025, 10, 27), datetime(2025, 11, 7), datetime(2025, 11, 6, 12))


def _calls() -> Dataset:
    acts = _table(
        "activities",
        "id manager kind at done phone",
        [
            # Анна
            ("C1", "Анна", "call_missed", "2025-11-05 17:30", None, "+7 916 123-45-67"),
            ("C2", "Анна", "call_out", "2025-11-06 09:30", None, "8 916 123 45 67"),
            ("C3", "Анна", "call_out", "2025-11-05 09:00", None, "79260001122"),  # before C4
            ("C4", "Анна", "call_missed", "2025-11-05 10:00", None, "+79260001122"),
            ("C5", "Анна", "call_out", "2025-11-05 14:30", None, "89260001122"),
            ("C6", "Анна", "call_missed", "2025-11-05 11:00", None, "Номер скрыт"),
            ("C7", "Анна", "call_missed", "2025-11-06 11:00", None, "79030000001"),
            # Борис
            ("C8", "Борис", "call_missed", "2025-10-31 17:00", None, "79050000002"),
            ("C9", "Борис", "call_in", "2025-11-05 09:30", None, "+7 905 000-00-02"),
            ("C10", "Борис", "call_missed", "2025-11-05 16:00", None, "79060000003"),
            ("C11", "Борис", "call_missed", "2025-11-06 09:00", None, "79070000004"),
            ("C12", "Борис", "call_missed", "2025-11-06 09:30", None, "79070000004"),
            ("C13", "Борис", "call_out", "2025-11-06 09:45", False, "79070000004"),
            ("C14", "Борис", "meeting", "2025-11-06 10:00", None, "79070000004"),
        ],
    )
    return _dataset(activities=acts)


def test_a_missed_call_left_not_done_is_still_judged() -> None:
    # Bitrix24 may leave a missed call's activity "not done": it happened all the same.
    # Missed Wed 05.11.2025 10:00, no return: by Thu 06.11 12:00 that is 8 h (10:00 → 18:00)
    # + 3 h (09:00 → 12:00) = 11 working hours, over 2: never returned
    acts = _table(
        "activities",
        "id manager kind at done phone",
        [
            ("M1", "Анна", "call_missed", "2025-11-05 10:00", False, "79260001122"),
            ("M2", "Анна", "call_out", "2025-11-05 11:00", False, "79260001122"),  # planned
        ],
    )
    rule = _check(_config(MISSED_CONFIG), _dataset(activities=acts), MISSED_WINDOW)
    assert _seen(rule.rules["missed_calls"]) == [("Анна", "79260001122", "never", 11.0)]


def test_missed_calls_returned_in_time_late_never_and_hidden() -> None:
    found = _check(_config(MISSED_CONFIG), _calls(), MISSED_WINDOW)
    assert found.notices == []
    rule = found.rules["missed_calls"]
    assert (rule.limit, rule.max) == (2.0, 1)
    # Анна:
    # C1 Wed 05.11 17:30, returned Thu 06.11 09:30 (C2): 30 + 30 = 60 min = 1 h ≤ 2 h: fine
    # C4 Wed 05.11 10:00; C3 at 09:00 came before it; returned 14:30 (C5): 4.5 h, late
    # C6 a hidden number: no number to call back, not checked
    # C7 Thu 06.11 11:00, not returned: 1 h so far at 12:00, not judged yet
    # checked 2, 1 violation: at max 1, green
    assert _counts(rule)["Анна"] == (2, 1, Status.GREEN)
    # Борис:
    # C8 Fri 31.10 17:00, the answered incoming call C9 Wed 05.11 09:30 returns it:
    #    Fri 1 h + Sat 01.11 (working) 9 h + Mon, Tue off + Wed 0.5 h = 10.5 h, late
    # C10 Wed 05.11 16:00, never returned: 2 h + Thu 09:00 → 12:00 3 h = 5 h, never
    # C11 Thu 06.11 09:00: the next missed call C12, the planned call C13 and the meeting C14
    #    are no return: 3 h so far, never; C12 09:30 is the same client calling again before
    #    anyone called back: one case with C11, not two
    # checked 3, 3 violations: red
    assert _counts(rule)["Борис"] == (3, 3, Status.RED)
    assert (rule.team.checked, rule.team.violations, rule.team.status) == (5, 4, Status.RED)
    assert _seen(rule) == [
        # the number as the export writes it (matched on its last ten digits)
        ("Анна", "+79260001122", "late", 4.5),
        ("Борис", "79050000002", "late", 10.5),
        ("Борис", "79060000003", "never", 5.0),
        ("Борис", "79070000004", "never", 3.0),
    ]
    assert [v.row for v in rule.violations] == [5, 9, 11, 12]


def test_max_zero_turns_a_single_late_call_red() -> None:
    config = _config("regulations:\n  missed_calls: {hours: 2}\n")
    rule = _check(config, _calls(), MISSED_WINDOW).rules["missed_calls"]
    # the same calls: Анна's 1 violation of 2 is over max 0
    assert _counts(rule)["Анна"] == (2, 1, Status.RED)


def test_a_longer_norm_forgives_the_late_call() -> None:
    config = _config("regulations:\n  missed_calls: {hours: 5}\n")
    rule = _check(config, _calls(), MISSED_WINDOW).rules["missed_calls"]
    # hours 5: Анна's C4 (4.5 h) is in time, C7 (1 h) still pending: 2 checked, 0 violations
    # Борис: C8 10.5 h late; C10 5 h exactly, not over: pending; C11 3 h, C12 2.5 h pending
    assert _counts(rule) == {"Анна": (2, 0, Status.GREEN), "Борис": (1, 1, Status.RED)}


# --- stale deals --------------------------------------------------------------------

STALE_CONFIG = """
regulations:
  stale_deals: {days: 7}
"""
# judged at the end of Thu 20.11.2025
STALE_WINDOW = Window(datetime(2025, 11, 1), datetime(2025, 11, 21), end_of_day(date(2025, 11, 20)))


def _deals() -> dict[str, pd.DataFrame]:
    deals = _table(
        "deals",
        "id manager outcome created_at touched_at",
        [
            ("D1", "Анна", "open", "2025-10-01 10:00", None),
            ("D2", "Анна", "open", "2025-10-01 10:00", None),
            ("D3", "Анна", "open", "2025-10-01 10:00", "2025-11-18 12:00"),
            ("D4", "Борис", "open", "2025-10-01 10:00", "2025-11-05 10:00"),
            ("D5", "Борис", "open", "2025-11-01 10:00", None),
            ("D6", "Борис", "open", "2025-11-18 10:00", None),
            ("D7", "Борис", "won", "2025-10-01 10:00", None),  # closed: not checked
            ("D8", "Борис", "open", "2025-11-25 10:00", None),  # created after the as-of day
        ],
    )
    acts = _table(
        "activities",
        "id manager kind at done deal_id",
        [
            ("A1", "Анна", "call_out", "2025-11-12 15:00", None, "D1"),
            ("A2", "Анна", "call_out", "2025-11-19 10:00", False, "D1"),  # planned only
            ("A3", "Анна", "call_out", "2025-11-21 10:00", True, "D1"),  # after the as-of day
            ("A4", "Анна", "meeting", "2025-11-13 10:00", True, "D2"),
            ("A5", "Анна", "call_out", "2025-11-01 10:00", None, "D3"),
            ("A6", "Борис", "call_out", "2025-11-10 11:00", None, "D4"),
            ("A7", "Борис", "call_out", "2025-11-19 11:00", None, "D6"),
        ],
    )
    tasks = _table(
        "tasks",
        "id manager title deadline closed_at done deal_id",
        [
            ("T1", "Анна", "call D1", "2025-11-25", None, None, "D1"),
            ("T2", "Анна", "call D2", "2025-11-25", "2025-11-22 10:00", None, "D2"),
            ("T3", "Анна", "call D3", "2025-11-25", None, None, "D3"),
            ("T4", "Борис", "call D4", "2025-11-25", None, True, "D4"),
            ("T5", "Борис", "call D5", "2025-11-25", None, None, "D5"),
            ("T6", "Борис", "call D6", "2025-11-25", "2025-11-19 12:00", None, "D6"),
        ],
    )
    return {"deals": deals, "activities": acts, "tasks": tasks}


def test_stale_deals_by_activities_touched_at_creation_and_tasks() -> None:
    found = _check(_config(STALE_CONFIG), _dataset(**_deals()), STALE_WINDOW)
    assert found.notices == []
    rule = found.rules["stale_deals"]
    # as of 20.11.2025 23:59:59, quiet = more than 7 days (7 × 24 h) since the last
    # activity; the days shown are whole days:
    # D1 Анна: the done call of 12.11 15:00 (the planned one of 19.11 and the one of 21.11 do
    #    not count): 8 days 8:59 → 8 > 7, quiet; its task T1 is open
    # D2 Анна: the meeting of 13.11 10:00: 7 days 13:59, more than 7 days: quiet (shown 7);
    #    T2 is closed on 22.11, after the as-of day, so open then
    # D3 Анна: its activity 01.11, touched_at 18.11 12:00 is later: 2 days, fine; T3 open
    # D4 Борис: touched_at 05.11, the call of 10.11 11:00 is later: 10 days, quiet; T4 done:
    #    no open task → quiet_no_task
    # D5 Борис: no activity at all: from creation 01.11 10:00: 19 days, quiet; T5 open
    # D6 Борис: the call of 19.11: 1 day; T6 closed 19.11: no open task → no_task
    # D7 is won, D8 created after the as-of day: not checked
    assert _counts(found.rules["stale_deals"]) == {
        "Анна": (3, 2, Status.RED),
        "Борис": (3, 3, Status.RED),
    }
    assert rule.limit == 7.0
    # by manager, then by the last activity (or creation)
    assert _seen(rule) == [
        ("Анна", "D1", "quiet", 8.0),
        ("Анна", "D2", "quiet", 7.0),
        ("Борис", "D5", "quiet", 19.0),
        ("Борис", "D4", "quiet_no_task", 10.0),
        ("Борис", "D6", "no_task", 1.0),
    ]
    assert [v.at for v in rule.violations] == [
        datetime(2025, 11, 12, 15),
        datetime(2025, 11, 13, 10),
        datetime(2025, 11, 1, 10),
        datetime(2025, 11, 10, 11),
        datetime(2025, 11, 19, 11),
    ]


def test_stale_deals_without_a_tasks_export_judge_quiet_only() -> None:
    tables = _deals()
    del tables["tasks"]
    rule = _check(_config(STALE_CONFIG), _dataset(**tables), STALE_WINDOW).rules["stale_deals"]
    # the same deals: D4 is only quiet now, D6 (1 day) is fine
    assert _seen(rule) == [
        ("Анна", "D1", "quiet", 8.0),
        ("Анна", "D2", "quiet", 7.0),
        ("Борис", "D5", "quiet", 19.0),
        ("Борис", "D4", "quiet", 10.0),
    ]
    assert _counts(rule)["Борис"] == (3, 2, Status.RED)


def test_stale_deals_by_touched_at_alone() -> None:
    deals = _table(
        "deals",
        "id manager outcome touched_at",
        [
            ("D1", "Анна", "open", "2025-11-12 23:00"),  # 8 days 0:59: quiet
            ("D2", "Анна", "open", "2025-11-14 00:00"),  # 6 days 23:59: fine
            ("D3", "Анна", "open", "2025-11-13 23:59"),  # 7 days and a minute: quiet
        ],
    )
    found = _check(_config(STALE_CONFIG), _dataset(deals=deals), STALE_WINDOW)
    rule = found.rules["stale_deals"]
    assert _counts(rule)["Анна"] == (3, 2, Status.RED)
    assert _seen(rule) == [("Анна", "D1", "quiet", 8.0), ("Анна", "D3", "quiet", 7.0)]


# --- overdue tasks ------------------------------------------------------------------

TASKS_CONFIG = """
regulations:
  overdue_tasks:
"""
# deadlines in November 2025, judged on Thu 20.11.2025 at 12:00
TASKS_WINDOW = Window(datetime(2025, 11, 1), datetime(2025, 12, 1), datetime(2025, 11, 20, 12))


def test_overdue_tasks_late_open_in_time_and_date_only_deadlines() -> None:
    tasks = _table(
        "tasks",
        "id manager title deadline closed_at done",
        [
            # Анна
            ("K1", "Анна", "send the offer", "2025-11-10 18:00", "2025-11-10 17:00", None),
            ("K2", "Анна", "call back", "2025-11-10 18:00", "2025-11-11 10:00", None),
            ("K3", "Анна", "send the invoice", "2025-11-12 12:00", None, None),
            ("K4", "Анна", "sign the contract", "2025-11-19 00:00", "2025-11-19 16:00", None),
            ("K5", "Анна", "meet", "2025-11-20 00:00", None, None),
            ("K6", "Анна", "ring", "2025-11-20 10:00", None, None),
            ("K7", "Анна", "old", "2025-10-30 12:00", None, None),
            ("K8", "Анна", "later", "2025-11-25 12:00", None, None),
            # Борис
            ("K9", "Борис", "demo", "2025-11-14 18:00", None, True),
            ("K10", "Борис", "quote", "2025-11-14 18:00", "2025-11-21 10:00", None),
            ("K11", "Борис", "visit", "2025-11-18 00:00", "2025-11-19 09:00", None),
        ],
    )
    found = _check(_config(TASKS_CONFIG), _dataset(tasks=tasks), TASKS_WINDOW)
    assert found.notices == []
    rule = found.rules["overdue_tasks"]
    assert rule.limit is None
    # Анна:
    # K1 closed 17:00 before its 18:00 deadline: fine
    # K2 closed 11.11 10:00 after the deadline of 10.11 18:00: late
    # K3 deadline 12.11 12:00, not closed: open
    # K4 deadline 19.11 with no time: the end of 19.11; closed 19.11 16:00: fine
    # K5 deadline 20.11 with no time: the end of today, not passed at 12:00: not checked
    # K6 deadline 20.11 10:00, passed at 12:00, not closed: open
    # K7 deadline before the window, K8 after the as-of moment: not checked
    # checked K1, K2, K3, K4, K6 = 5; violations K2, K3, K6 = 3
    # Борис:
    # K9 done with no closing date: the export cannot say it was late: checked, fine
    # K10 closed 21.11, after the as-of moment: open then
    # K11 deadline 18.11 (no time: the end of 18.11), closed 19.11 09:00: late
    # checked 3, violations 2
    assert _counts(rule) == {"Анна": (5, 3, Status.RED), "Борис": (3, 2, Status.RED)}
    assert _seen(rule) == [
        ("Анна", "call back", "late", None),
        ("Анна", "send the invoice", "open", None),
        ("Анна", "ring", "open", None),
        ("Борис", "quote", "open", None),
        ("Борис", "visit", "late", None),
    ]
    # the deadline as written
    assert rule.violations[-1].at == datetime(2025, 11, 18)


def test_a_date_only_deadline_is_judged_the_next_morning() -> None:
    tasks = _table("tasks", "id manager deadline", [("K1", "Анна", "2025-11-20 00:00")])
    config = _config(TASKS_CONFIG)
    # at the end of 20.11 the day has not passed yet (23:59:59.999999 < 21.11 00:00)
    late_evening = Window(
        datetime(2025, 11, 20), datetime(2025, 11, 21), end_of_day(date(2025, 11, 20))
    )
    rule = _check(config, _dataset(tasks=tasks), late_evening).rules["overdue_tasks"]
    assert _counts(rule)["Анна"] == (0, 0, None)
    # on 21.11 at 08:00 it has: open; no title, so the subject is its id
    morning = Window(datetime(2025, 11, 20), datetime(2025, 11, 21), datetime(2025, 11, 21, 8))
    rule = _check(config, _dataset(tasks=tasks), morning).rules["overdue_tasks"]
    assert _seen(rule) == [("Анна", "K1", "open", None)]


# --- large deals --------------------------------------------------------------------

LARGE_CONFIG = """
regulations:
  large_deals: {amount: 1000000, days: 1}
"""
# judged on Wed 05.11.2025 at 10:00: the last working day before it is Sat 01.11 (a worked
# Saturday; Mon 03.11 and Tue 04.11 are off), so an activity since 01.11 00:00 keeps it fresh
LARGE_WINDOW = Window(datetime(2025, 11, 1), datetime(2025, 11, 6), datetime(2025, 11, 5, 10))


def test_large_deals_listed_worst_first_with_the_quiet_flag() -> None:
    deals = _table(
        "deals",
        "id manager outcome amount stage created_at touched_at stage_at",
        [
            ("G1", "Анна", "open", 1_500_000, "Переговоры", None, None, "2025-10-20 10:00"),
            ("G2", "Анна", "open", 1_000_000, "Счёт", None, None, "2025-10-30 09:00"),
            ("G3", "Борис", "open", 2_000_000, "Переговоры", None, "2025-10-28 12:00", None),
            ("G4", "Борис", "open", 3_000_000, None, "2025-10-29 09:00", None, None),
            ("G5", "Борис", "open", 999_999, "Счёт", None, None, None),
            ("G6", "Анна", "won", 5_000_000, "Успех", None, None, None),
            ("G7", "Борис", "open", 1_200_000, "Счёт", "2025-10-01 10:00", None, None),
        ],
    )
    acts = _table(
        "activities",
        "id manager kind at deal_id",
        [
            ("A1", "Анна", "call_out", "2025-11-01 11:00", "G1"),  # the worked Saturday
            ("A2", "Анна", "call_out", "2025-10-31 16:00", "G2"),  # Friday: too long ago
            ("A3", "Борис", "call_out", "2025-11-05 09:30", "G7"),  # this morning
        ],
    )
    found = _check(_config(LARGE_CONFIG), _dataset(deals=deals, activities=acts), LARGE_WINDOW)
    assert found.notices == []
    # days since activity at 05.11 10:00:
    # G1: 01.11 11:00 → 3 days 23 h → 3, fresh (on Sat 01.11); 20.10 10:00 → 16 days in stage
    # G2: 31.10 16:00 → 4 days 18 h → 4, quiet (1 000 000 is at the amount: listed);
    #     in its stage since 30.10 09:00 → 6 days 1 h → 6
    # G3: touched_at 28.10 12:00 → 7 days 22 h → 7, quiet; no stage date
    # G4: nothing: from creation 29.10 09:00 → 7 days 1 h → 7, quiet; no last activity
    # G7: 05.11 09:30 → 0 days, fresh
    # G5 is under the amount, G6 is won: not listed
    # worst first: most days (G3, G4: 7; the larger G4 first), then G2 (4), G1 (3), G7 (0)
    listed = [
        (
            d.id,
            d.manager,
            d.amount,
            d.stage,
            d.stage_days,
            d.last_activity,
            d.days_since_activity,
            d.quiet,
        )
        for d in found.large_deals
    ]
    assert listed == [
        ("G4", "Борис", 3_000_000, None, None, None, 7, True),
        ("G3", "Борис", 2_000_000, "Переговоры", None, datetime(2025, 10, 28, 12), 7, True),
        ("G2", "Анна", 1_000_000, "Счёт", 6, datetime(2025, 10, 31, 16), 4, True),
        ("G1", "Анна", 1_500_000, "Переговоры", 16, datetime(2025, 11, 1, 11), 3, False),
        ("G7", "Борис", 1_200_000, "Счёт", None, datetime(2025, 11, 5, 9, 30), 0, False),
    ]
    assert (found.large_deals[0].file, found.large_deals[0].row) == ("deals.csv", 5)
    rule = found.rules["large_deals"]
    assert rule.limit == 1_000_000
    # Анна: G1 fresh, G2 quiet; Борис: G3, G4 quiet, G7 fresh
    assert _counts(rule) == {"Анна": (2, 1, Status.RED), "Борис": (3, 2, Status.RED)}
    assert [(v.subject, v.reason, v.value) for v in rule.violations] == [
        ("G2", "quiet", 4.0),
        ("G3", "quiet", 7.0),
        ("G4", "quiet", 7.0),
    ]
    # one manager's own part
    own = found.of("Анна")
    assert [d.id for d in own.large_deals] == ["G2", "G1"]
    assert list(own.rules["large_deals"].managers) == ["Анна"]
    assert [v.subject for v in own.rules["large_deals"].violations] == ["G2"]


def test_large_deals_with_more_allowed_days() -> None:
    deals = _table(
        "deals",
        "id manager outcome amount touched_at",
        [("G1", "Анна", "open", 2_000_000, "2025-10-31 16:00")],
    )
    config = _config("regulations:\n  large_deals: {days: 2}\n")
    found = _check(config, _dataset(deals=deals), LARGE_WINDOW)
    # days 2 before Wed 05.11.2025: Sat 01.11 and Fri 31.10: the activity on Friday counts
    assert found.large_deals[0].quiet is False
    assert _counts(found.rules["large_deals"])["Анна"] == (1, 0, Status.GREEN)
    # days 1 (the default): only Sat 01.11: quiet
    found = _check(_config("regulations:\n  large_deals:\n"), _dataset(deals=deals), LARGE_WINDOW)
    assert found.large_deals[0].quiet is True


def test_large_deals_with_nothing_to_tell_activity_are_listed_not_judged() -> None:
    deals = _table("deals", "id manager outcome amount", [("G1", "Анна", "open", 2_000_000)])
    found = _check(_config(LARGE_CONFIG), _dataset(deals=deals), LARGE_WINDOW)
    assert [(d.id, d.quiet, d.last_activity, d.days_since_activity) for d in found.large_deals] == [
        ("G1", None, None, None)
    ]
    rule = found.rules["large_deals"]
    assert _counts(rule)["Анна"] == (0, 0, None)
    assert rule.team.status is None


# --- what is missing ----------------------------------------------------------------

ALL_CONFIG = """
regulations:
  lead_reaction:
  missed_calls:
  stale_deals:
  overdue_tasks:
  large_deals:
"""


def test_missing_exports_are_notices_not_errors() -> None:
    acts = _table(
        "activities", "id manager kind at", [("A1", "Анна", "call_out", "2025-11-05 10:00")]
    )
    found = _check(_config(ALL_CONFIG), _dataset(activities=acts), LARGE_WINDOW)
    assert found.rules.keys() == set()
    assert found.notices == [
        Notice("rule_source", {"rule": "lead_reaction", "table": "leads"}),
        Notice("rule_column", {"rule": "missed_calls", "columns": "activities.phone"}),
        Notice("rule_source", {"rule": "stale_deals", "table": "deals"}),
        Notice("rule_source", {"rule": "overdue_tasks", "table": "tasks"}),
        Notice("rule_source", {"rule": "large_deals", "table": "deals"}),
    ]


def test_missing_columns_are_notices_and_the_other_rules_still_run() -> None:
    leads = _table("leads", "id manager created_at", [("L1", "Анна", "2025-11-05 09:00")])
    deals = _table("deals", "id manager outcome", [("D1", "Анна", "open")])
    tasks = _table("tasks", "id manager deadline", [("K1", "Анна", "2025-11-04 12:00")])
    found = _check(
        _config(ALL_CONFIG), _dataset(leads=leads, deals=deals, tasks=tasks), LARGE_WINDOW
    )
    assert found.notices == [
        Notice(
            "rule_column",
            {
                "rule": "lead_reaction",
                "columns": "leads.first_contact_at, activities.lead_id, leads.phone + "
                "activities.phone",
            },
        ),
        Notice("rule_source", {"rule": "missed_calls", "table": "activities"}),
        Notice(
            "rule_column",
            {"rule": "stale_deals", "columns": "activities.deal_id, deals.touched_at"},
        ),
        Notice("rule_column", {"rule": "large_deals", "columns": "deals.amount"}),
    ]
    # overdue_tasks had what it needs: Tue 04.11 12:00, not closed by Wed 10:00: open
    assert list(found.rules) == ["overdue_tasks"]
    assert _seen(found.rules["overdue_tasks"]) == [("Анна", "K1", "open", None)]


def test_a_tasks_export_without_deal_ids_is_a_notice_for_stale_deals() -> None:
    tables = _deals()
    tables["tasks"] = tables["tasks"].drop(columns="deal_id")
    found = _check(_config(STALE_CONFIG), _dataset(**tables), STALE_WINDOW)
    assert found.notices == [
        Notice("rule_column", {"rule": "stale_deals", "columns": "tasks.deal_id"})
    ]
    # the quiet deals are judged all the same, as without a tasks export
    assert [v.subject for v in found.rules["stale_deals"].violations] == ["D1", "D2", "D5", "D4"]


def test_no_rule_on_checks_nothing() -> None:
    found = _check(_config(""), _leads(), LEAD_WINDOW)
    assert found == Regulations()
    # in the rules' order, each once: the row accounting lists the tables as they are read
    assert regulations.tables_needed(_config(ALL_CONFIG).data.regulations) == [
        "leads",
        "activities",
        "deals",
        "tasks",
    ]
    assert regulations.tables_needed(_config(MISSED_CONFIG).data.regulations) == ["activities"]


# --- what the review found: real exports' shapes ---------------------------------------------


def test_calls_with_a_separate_time_column_meet_leads_without_one() -> None:
    # a PBX history keeps the time in its own column: `at` is finer (microseconds) than a
    # lead's `created_at` (seconds); the two must still be compared, not refused
    leads = _table(
        "leads", "id manager created_at phone", [("L1", "Анна", "2025-11-05 09:00", "79160000001")]
    )
    acts = _table(
        "activities",
        "id manager kind at phone",
        [("A1", "Анна", "call_out", "2025-11-05 09:10", "89160000001")],
    )
    acts["at"] = acts["at"].astype("datetime64[us]")
    rule = _check(_config(LEAD_CONFIG), _dataset(leads=leads, activities=acts), LEAD_WINDOW)
    assert rule.rules["lead_reaction"].managers["Анна"].median == 10


def test_deals_with_no_activity_linked_are_judged_from_creation() -> None:
    # an activities export whose deal column is empty in every row: nothing to map from
    deals = _table(
        "deals", "id manager outcome created_at", [("D1", "Анна", "open", "2025-11-01 10:00")]
    )
    acts = _table(
        "activities",
        "id manager kind at deal_id",
        [("A1", "Анна", "call_out", "2025-11-03 10:00", None)],
    )
    found = _check(_config(STALE_CONFIG), _dataset(deals=deals, activities=acts), STALE_WINDOW)
    # 01.11 10:00 → 20.11 23:59: 19 days
    assert _seen(found.rules["stale_deals"]) == [("Анна", "D1", "quiet", 19.0)]


def test_a_lead_with_two_numbers_and_a_call_with_an_extension() -> None:
    leads = _table(
        "leads",
        "id manager created_at phone",
        [
            ("L1", "Анна", "2025-11-05 09:00", "+7 903 111-22-33, +7 916 000-00-00"),
            ("L2", "Анна", "2025-11-05 10:00", "+7 495 123-45-67 доб. 123"),
        ],
    )
    acts = _table(
        "activities",
        "id manager kind at phone",
        [
            ("A1", "Анна", "call_out", "2025-11-05 09:15", "89031112233"),  # the first number
            ("A2", "Анна", "call_out", "2025-11-05 10:05", "74951234567"),  # no extension
        ],
    )
    rule = _check(_config(LEAD_CONFIG), _dataset(leads=leads, activities=acts), LEAD_WINDOW)
    # L1 called on its first number after 15 min, L2 after 5 min: both answered in time
    assert _counts(rule.rules["lead_reaction"])["Анна"] == (2, 0, Status.GREEN)
    assert rule.rules["lead_reaction"].managers["Анна"].median == 10


def test_the_incoming_call_that_made_the_lead_is_its_first_contact() -> None:
    # the CRM writes the lead seven seconds after the answered call began
    leads = _table(
        "leads",
        "id manager created_at phone",
        [("L1", "Анна", "2025-11-05 10:42:07", "74950001122")],
    )
    acts = _table(
        "activities",
        "id manager kind at phone",
        [("A1", "Анна", "call_in", "2025-11-05 10:42:00", "+7 495 000-11-22")],
    )
    rule = _check(_config(LEAD_CONFIG), _dataset(leads=leads, activities=acts), LEAD_WINDOW)
    # contacted before it was written: 0 minutes, not "never"
    check = rule.rules["lead_reaction"].managers["Анна"]
    assert (check.checked, check.violations, check.median) == (1, 0, 0)


def test_a_days_check_judges_the_cases_whose_time_ran_out_that_day() -> None:
    leads = _table(
        "leads",
        "id manager created_at phone",
        [
            ("L1", "Анна", "2025-11-07 17:50", "79160000001"),  # Fri: due Mon 10.11 09:20
            ("L2", "Анна", "2025-11-08 11:00", "79160000002"),  # Sat: due Mon 09:30
            ("L3", "Анна", "2025-11-07 12:00", "79160000003"),  # Fri: due Fri 12:30
            ("L4", "Анна", "2025-11-10 17:45", "79160000004"),  # Mon: due Tue 09:15
        ],
    )
    acts = _table(
        "activities",
        "id manager kind at phone",
        [
            ("A1", "Анна", "call_out", "2025-11-10 09:15", "79160000001"),  # 10 + 15 = 25 min
            ("A2", "Анна", "call_out", "2025-11-10 11:00", "79160000002"),  # 120 min
        ],
    )
    # Tuesday 11.11 09:00 looks back on Monday 10.11, with the weekend before it
    window = Window(datetime(2025, 11, 8), datetime(2025, 11, 11), datetime(2025, 11, 11, 9), True)
    rule = _check(_config(LEAD_CONFIG), _dataset(leads=leads, activities=acts), window)
    # L1 and L2 ran out on Monday; L3 was Friday's, L4 is Tuesday's
    assert _seen(rule.rules["lead_reaction"]) == [("Анна", "L2", "late", 120.0)]
    assert _counts(rule.rules["lead_reaction"])["Анна"] == (2, 1, Status.RED)
