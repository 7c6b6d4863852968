"""The training cadence: who is due for the rules-of-sales training, and who is late. Pure.

The request behind ropkit: new employees (the first 3 months) are trained at least monthly,
the others every 6 months. The next training is due the interval after the last one (after
the hiring date when there was none); due within a week is ``due``, past it ``overdue``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from ropkit.config import ManagerConfig, TrainingConfig

#: a training this many days ahead or fewer is ``due``
DUE_DAYS = 7


class TrainingStatus(StrEnum):
    OK = "ok"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Training:
    """One manager's place in the cadence on a day."""

    manager: str
    hired: date | None
    tenure_months: int | None  # whole months since hiring
    new: bool  # under the "new" tenure: trained every ``new.every`` months
    every: int  # the interval that gives the next date, in months
    last_trained: date | None
    next_due: date | None  # None: never trained and no hiring date, so due now
    status: TrainingStatus


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (31.01 → 28.02 is one; 01.09 → 30.11 two)."""
    diff = relativedelta(end, start)
    return diff.years * 12 + diff.months


def schedule(
    managers: Iterable[ManagerConfig], settings: TrainingConfig, today: date
) -> list[Training]:
    """Each manager's training status on ``today`` (trainings after it are not attended
    yet and do not count)."""
    out = []
    for m in managers:
        attended = [d for d in m.trained if d <= today]
        last = max(attended, default=None)
        tenure = months_between(m.hired, today) if m.hired and m.hired <= today else None
        # tenure under `new.months` at the as-of date (hired in the future: new as well)
        new_until = m.hired + relativedelta(months=settings.new.months) if m.hired else None
        new = new_until is not None and today < new_until
        since = last or m.hired
        due, every = _next(since, new_until, today, settings)
        if due is None or due < today:
            status = TrainingStatus.OVERDUE
        elif due <= today + timedelta(days=DUE_DAYS):
            status = TrainingStatus.DUE
        else:
            status = TrainingStatus.OK
        out.append(Training(m.name, m.hired, tenure, new, every, last, due, status))
    return out


def _next(
    since: date | None, new_until: date | None, today: date, settings: TrainingConfig
) -> tuple[date | None, int]:
    """The next training after ``since`` and the interval that gives it: the new
    employee's while their tenure is under ``new.months`` on ``today``, else the others'.
    Except that a training their first months required and that never happened stays due
    when those months are over: it does not move half a year on."""
    if since is None:
        return None, settings.others.every
    soon = since + relativedelta(months=settings.new.every)
    if new_until is not None and (today < new_until or soon < new_until):
        return soon, settings.new.every
    return since + relativedelta(months=settings.others.every), settings.others.every


def enabled(settings: TrainingConfig | None, managers: Iterable[ManagerConfig]) -> bool:
    """The cadence is followed once ``training:`` is in the config or anyone has ``trained:``."""
    return settings is not None or any(m.trained for m in managers)
