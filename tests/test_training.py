"""The training cadence (issue 10), dates worked out by hand.

``training: {new: {months: 3, every: 1}, others: {every: 6}}``: under 3 months' tenure on the
day, a training every month, otherwise every 6 months. The next one is due the interval after
the last training attended on or before the day (after the hiring date when there was none):
past it ``overdue``, within the next 7 days (the due day itself included) ``due``, else ``ok``.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from ropkit.config import Config, TrainingConfig, parse_config
from ropkit.training import Training, TrainingStatus, enabled, months_between, schedule

OK, DUE, OVERDUE = TrainingStatus.OK, TrainingStatus.DUE, TrainingStatus.OVERDUE

CONFIG = """
training: {new: {months: 3, every: 1}, others: {every: 6}}
managers:
  - {name: Анна, hired: 2026-09-01, trained: [2026-10-15]}
  - {name: Борис, hired: 2026-09-01}
  - {name: Вера}
  - {name: Глеб, hired: 2026-01-15, trained: [2026-01-31]}
  - {name: Дина, hired: 2020-03-10, trained: [2025-08-31, 2026-05-10, 2026-12-15]}
"""


def _config(text: str = CONFIG) -> Config:
    return parse_config(textwrap.dedent(text), Path("norms.yaml"))


def _on(day: date, text: str = CONFIG) -> dict[str, Training]:
    config = _config(text)
    assert config.data.training is not None
    return {t.manager: t for t in schedule(config.data.managers, config.data.training, day)}


def test_the_three_month_boundary() -> None:
    # Анна, hired 01.09.2026, trained 15.10.2026
    # on 30.11.2026: 01.09 + 3 months = 01.12, not reached: new, every month;
    # whole months 01.09 → 30.11 = 2; due 15.10 + 1 month = 15.11, passed: overdue
    anna = _on(date(2026, 11, 30))["Анна"]
    assert (anna.tenure_months, anna.new, anna.every) == (2, True, 1)
    assert (anna.last_trained, anna.next_due, anna.status) == (
        date(2026, 10, 15),
        date(2026, 11, 15),
        OVERDUE,
    )
    # on 01.12.2026: 3 months' tenure, not new; but the monthly training of 15.11 fell inside
    # her first months (before 01.12) and never happened: it stays due, overdue
    anna = _on(date(2026, 12, 1))["Анна"]
    assert (anna.tenure_months, anna.new, anna.every) == (3, False, 1)
    assert (anna.next_due, anna.status) == (date(2026, 11, 15), OVERDUE)


def test_after_the_first_months_the_interval_is_six() -> None:
    text = """
    training:
    managers:
      - {name: Анна, hired: 2026-09-01, trained: [2026-10-01, 2026-11-20]}
    """
    # on 25.11.2026: new (01.09 + 3 = 01.12 not reached), every month: 20.11 + 1 = 20.12, ok
    anna = _on(date(2026, 11, 25), text)["Анна"]
    assert (anna.new, anna.every, anna.next_due, anna.status) == (True, 1, date(2026, 12, 20), OK)
    # on 05.12.2026: not new, and 20.12 falls after her first months: every 6, 20.05.2027
    anna = _on(date(2026, 12, 5), text)["Анна"]
    assert (anna.new, anna.every, anna.next_due, anna.status) == (False, 6, date(2027, 5, 20), OK)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2026, 9, 23), OK),  # due 01.10.2026 is 8 days ahead
        (date(2026, 9, 24), DUE),  # 7 days ahead
        (date(2026, 10, 1), DUE),  # the due day itself
        (date(2026, 10, 2), OVERDUE),  # the day after
    ],
)
def test_never_trained_is_due_a_month_after_hiring(day: date, status: TrainingStatus) -> None:
    # Борис, hired 01.09.2026, never trained, new: due 01.09 + 1 month = 01.10.2026
    boris = _on(day)["Борис"]
    assert boris.last_trained is None
    assert (boris.new, boris.every, boris.next_due) == (True, 1, date(2026, 10, 1))
    assert boris.status is status


def test_no_hiring_date_and_no_training_is_overdue_now() -> None:
    vera = _on(date(2026, 11, 30))["Вера"]
    # nothing to count from: no tenure, not new, every 6 months, no due date: overdue
    assert (vera.hired, vera.tenure_months, vera.new, vera.every) == (None, None, False, 6)
    assert (vera.last_trained, vera.next_due, vera.status) == (None, None, OVERDUE)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2026, 2, 20), OK),  # 28.02 is 8 days ahead
        (date(2026, 2, 21), DUE),  # 7 days ahead
        (date(2026, 2, 28), DUE),  # the due day
        (date(2026, 3, 1), OVERDUE),
    ],
)
def test_a_month_after_the_31st_is_the_last_day_of_february(
    day: date, status: TrainingStatus
) -> None:
    # Глеб, hired 15.01.2026 (new until 15.04), trained 31.01.2026: 31.01 + 1 month = 28.02
    gleb = _on(day)["Глеб"]
    assert (gleb.new, gleb.every, gleb.next_due) == (True, 1, date(2026, 2, 28))
    assert gleb.status is status


def test_trainings_after_the_day_do_not_count_yet() -> None:
    # Дина, hired 2020: every 6 months. On 01.11.2026 the training of 15.12.2026 is still
    # ahead: the last is 10.05.2026, due 10.11.2026, 9 days ahead: ok
    dina = _on(date(2026, 11, 1))["Дина"]
    assert (dina.new, dina.every, dina.last_trained) == (False, 6, date(2026, 5, 10))
    assert (dina.next_due, dina.status) == (date(2026, 11, 10), OK)
    assert dina.tenure_months == 6 * 12 + 7  # 10.03.2020 → 01.11.2026: 6 years 7 months
    # on 03.11.2026: 7 days ahead: due
    assert _on(date(2026, 11, 3))["Дина"].status is DUE
    # on 15.12.2026 she attends it: due 15.06.2027, ok
    dina = _on(date(2026, 12, 15))["Дина"]
    assert (dina.last_trained, dina.next_due, dina.status) == (
        date(2026, 12, 15),
        date(2027, 6, 15),
        OK,
    )
    # on 01.03.2026 the last is 31.08.2025: 31.08 + 6 months = 28.02.2026, passed: overdue
    dina = _on(date(2026, 3, 1))["Дина"]
    assert (dina.last_trained, dina.next_due, dina.status) == (
        date(2025, 8, 31),
        date(2026, 2, 28),
        OVERDUE,
    )


def test_a_manager_hired_later_is_new() -> None:
    # hired 01.12.2026, asked on 20.11.2026: not hired yet, no tenure; new; due 01.01.2027
    text = "training: {}\nmanagers:\n  - {name: Анна, hired: 2026-12-01}\n"
    anna = _on(date(2026, 11, 20), text)["Анна"]
    assert (anna.tenure_months, anna.new, anna.next_due, anna.status) == (
        None,
        True,
        date(2027, 1, 1),
        OK,
    )


def test_the_intervals_come_from_the_config() -> None:
    text = """
    training: {new: {months: 2, every: 2}, others: {every: 12}}
    managers:
      - {name: Анна, hired: 2026-09-01, trained: [2026-09-10]}
    """
    # on 31.10.2026: 01.09 + 2 months = 01.11 not reached: new, every 2: 10.09 + 2 = 10.11,
    # 10 days ahead: ok
    anna = _on(date(2026, 10, 31), text)["Анна"]
    assert (anna.new, anna.every, anna.next_due, anna.status) == (True, 2, date(2026, 11, 10), OK)
    # on 01.11.2026: not new, every 12: 10.09.2027
    anna = _on(date(2026, 11, 1), text)["Анна"]
    assert (anna.new, anna.every, anna.next_due, anna.status) == (
        False,
        12,
        date(2027, 9, 10),
        OK,
    )


def test_the_default_cadence_is_three_months_monthly_then_six() -> None:
    settings = TrainingConfig()
    assert (settings.new.months, settings.new.every, settings.others.every) == (3, 1, 6)


def test_whole_months() -> None:
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert months_between(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert months_between(date(2026, 9, 1), date(2026, 11, 30)) == 2
    assert months_between(date(2026, 9, 1), date(2026, 12, 1)) == 3
    assert months_between(date(2020, 3, 10), date(2026, 3, 9)) == 71


def test_the_cadence_is_on_with_the_key_or_any_training_attended() -> None:
    bare = _config("managers:\n  - {name: Анна}\n")
    assert not enabled(bare.data.training, bare.data.managers)
    keyed = _config("training: {}\nmanagers:\n  - {name: Анна}\n")
    assert keyed.data.training is not None
    assert enabled(keyed.data.training, keyed.data.managers)
    trained = _config("managers:\n  - {name: Анна, trained: [2026-01-10]}\n")
    assert trained.data.training is None
    assert enabled(trained.data.training, trained.data.managers)
