"""Commitments from the one-on-ones: what a manager promised, and whether it came true.

Pure: the entries of the commitments file (read by :mod:`ropkit.commitment_file`) are
judged against fresh data. An entry is judged once its deadline day is over: **met** when,
at the end of that day, the metric's month-to-date light is green (attainment at or above
``status.green``; for a lower-is-better metric, within the allowance); **unmet** otherwise.
An entry with no deadline or no decision two full working days after it was created is
**no answer**. A second unmet commitment of the same manager on the same metric is a
repeat, and repeats come first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ropkit.calendar import WorkCalendar, end_of_day
from ropkit.status import Status

if TYPE_CHECKING:
    from ropkit.scorecard import Report

MET, UNMET, NO_ANSWER = "met", "unmet", "no_answer"
ANSWER_DAYS = 2  # working days the head has to fill in a deadline and a decision
#: what the head may write as the decision, in either language
DECISIONS = {
    "approved": "approved",
    "одобрено": "approved",
    "corrected": "corrected",
    "скорректировано": "corrected",
}


class Commitment(BaseModel):
    """One entry of the commitments file; keys it does not know are kept as they are."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    manager: str = Field(min_length=1)
    metric: str = Field(min_length=1)
    created: date
    gap: float | None = None
    explanation: str | None = None
    actions: str | None = None
    deadline: date | None = None
    decision: Literal["approved", "corrected"] | None = None

    @field_validator("explanation", "actions", "deadline", "decision", mode="before")
    @classmethod
    def _blank(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("decision", mode="before")
    @classmethod
    def _decision(cls, v: Any) -> Any:
        return DECISIONS.get(v.strip().casefold(), v) if isinstance(v, str) else v

    @property
    def key(self) -> tuple[str, str]:
        return (self.manager, self.metric)


@dataclass(frozen=True)
class Judged:
    entry: Commitment
    result: str  # met | unmet | no_answer
    attainment: float | None = None  # month to date at the end of the deadline day
    repeat: bool = False  # the manager's second (or later) unmet commitment on this metric


def judge(
    entries: list[Commitment],
    as_of: datetime,
    calendar: WorkCalendar,
    report_at: Callable[[date], Report],
    since: date,
) -> list[Judged]:
    """The entries whose deadline has passed (judged by ``report_at(deadline)``, the
    month-to-date report at the end of that day) from ``since`` on, and every entry still
    without an answer; repeats first, then unmet, no answer, met."""
    reports: dict[date, Report] = {}
    unmet_before: dict[tuple[str, str], int] = {}
    out: list[Judged] = []
    for entry in sorted(entries, key=lambda e: (e.deadline or e.created, e.created)):
        if entry.deadline is None or entry.decision is None:
            if _waited(entry.created, as_of, calendar) >= ANSWER_DAYS:
                out.append(Judged(entry, NO_ANSWER))
            continue
        if end_of_day(entry.deadline) > as_of:
            continue  # not due yet
        if entry.deadline not in reports:
            reports[entry.deadline] = report_at(entry.deadline)
        result = _result_of(reports[entry.deadline], entry)
        met = result is not None and result.status is Status.GREEN
        repeat = False
        if not met:
            repeat = unmet_before.get(entry.key, 0) >= 1
            unmet_before[entry.key] = unmet_before.get(entry.key, 0) + 1
        if entry.deadline >= since:
            attainment = result.attainment if result is not None else None
            out.append(Judged(entry, MET if met else UNMET, attainment, repeat))
    order = {UNMET: 1, NO_ANSWER: 2, MET: 3}
    out.sort(key=lambda j: (not j.repeat, order[j.result], j.entry.deadline or j.entry.created))
    return out


def _waited(created: date, as_of: datetime, calendar: WorkCalendar) -> int:
    """Full working days between the day an entry was made and the as-of day."""
    first, last = created + timedelta(days=1), as_of.date() - timedelta(days=1)
    return len(calendar.workdays(first, last)) if last >= first else 0


def _result_of(report: Report, entry: Commitment) -> Any:
    card = next((c for c in report.managers if c.name == entry.manager), None)
    return card.metrics.get(entry.metric) if card is not None else None


def pending(entries: list[Commitment], as_of: datetime) -> set[tuple[str, str]]:
    """(manager, metric) pairs with an entry still open (no answer yet, or its deadline not
    over): a new stand-up writes no second entry for them."""
    return {
        e.key
        for e in entries
        if e.deadline is None or e.decision is None or end_of_day(e.deadline) > as_of
    }
