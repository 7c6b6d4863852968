"""Which way it is going: the same figures for an earlier period aligned by working day, the
attainment over the last periods, and early warnings. Pure: fills the :class:`Report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TrendPoint:
    """A manager's (or the team's) attainment of the trend metric in one period."""

    start: date
    end: date
    attainment: float | None  # fact ÷ plan to date; None where there was no plan or no data


@dataclass(frozen=True)
class Trend:
    """The attainment of one metric over the last periods of the report's kind, oldest first;
    the last point is the report's own period."""

    metric: str
    managers: dict[str, list[TrendPoint]]
    team: list[TrendPoint]

    def of(self, name: str) -> Trend:
        """One manager's line and the team's."""
        return Trend(self.metric, {n: p for n, p in self.managers.items() if n == name}, self.team)


@dataclass(frozen=True)
class EarlyHit:
    """An early warning that fired for a manager: the rule (``below_pace_days`` or
    ``by_day``), the metric and the working days it speaks of."""

    manager: str
    rule: str
    metric: str
    dates: list[date]
    params: dict[str, float]
