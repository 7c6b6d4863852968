"""Why the gap: a manager's revenue gap split into activity, conversion and average deal, in
money, the three adding up to the gap to the kopeck. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ropkit.scorecard import MetricResult, Report, Scorecard


@dataclass(frozen=True)
class Gap:
    """How far a manager's revenue is behind the plan to date, and why (money; a part is
    negative where the manager is ahead on that factor)."""

    total: float
    activity: float  # too little activity (the funnel's top against its norm), at own rates
    conversion: float  # the wins still missing at the norm's activity
    avg_check: float  # the wins too small against the target deal
    activity_metric: str | None  # the activity the part speaks of (calls_out)

    @property
    def biggest(self) -> str:
        """The part that explains most: ``activity``, ``conversion`` or ``avg_check``."""
        parts = {"activity": self.activity, "conversion": self.conversion}
        parts["avg_check"] = self.avg_check
        return max(parts, key=lambda k: parts[k])


def split_gaps(report: Report, funnel: list[str] | None = None) -> dict[str, Gap]:
    """The revenue gap of each manager behind on revenue, split in three (see README).

    With P the revenue plan to date and F the fact, W the wins and K = F ÷ W the manager's
    average deal, K* the target deal (the config's ``avg_check`` plan, else the team's
    average deal), A the activity to date (the first funnel step the manager has a norm on),
    A* its norm to date and C = W ÷ A the manager's own conversion:

    - average deal = W·(K* − K): what the same wins would bring at the target deal;
    - activity = (A* − A)·C·K*: the wins the missing activity would bring at the manager's
      own conversion;
    - conversion = the rest, (P ÷ K* − W)·K* − activity: the wins still missing at the
      norm's activity — fewer wins per call than the plan needs (the team's rate is the
      yardstick the report shows beside it).

    Each part in kopecks; the three add up to P − F exactly.
    """
    revenue = report.team.metrics.get(REVENUE)
    if revenue is None:
        return {}
    candidates = funnel or [m.id for m in report.metrics if m.group == "activity"]
    lower = {m.id for m in report.metrics if m.lower_is_better}
    steps = [s for s in candidates if s not in (WINS, REVENUE) and s not in lower]
    team_check = _team_check(report)
    out: dict[str, Gap] = {}
    for card in report.managers:
        r = card.metrics.get(REVENUE)
        if r is None or r.fact is None or r.plan_to_date is None or r.fact >= r.plan_to_date:
            continue
        total = _kopecks(r.plan_to_date - r.fact)
        wins = _wins(card)
        if wins is None:
            continue  # neither deals won nor the average deal shown: nothing to split by
        target = card.metrics.get(AVG_CHECK)
        deal = (target.plan_to_date if target is not None else None) or team_check
        if deal is None and wins > 0:
            deal = r.fact / wins
        step = next(
            (s for s in steps if s in card.metrics and card.metrics[s].plan_to_date is not None),
            None,
        )
        small = activity = 0.0
        if deal is not None and wins > 0:
            small = _kopecks(wins * deal - r.fact)  # W·K* − W·K
        if step is not None and deal is not None:
            done = _fact(card.metrics[step])
            norm = card.metrics[step].plan_to_date or 0.0
            rate = wins / done if done > 0 else 0.0
            activity = _kopecks((norm - done) * rate * deal)
        # the rest in exact kopecks, so that the three add up to the gap
        rest = Decimal(str(total)) - Decimal(str(activity)) - Decimal(str(small))
        out[card.name] = Gap(total, activity, float(rest), small, step)
    return out


REVENUE, WINS, AVG_CHECK = "revenue", "deals_won", "avg_check"


def _fact(r: MetricResult | None) -> float:
    return (r.fact or 0.0) if r is not None else 0.0


def _wins(card: Scorecard) -> float | None:
    """The deals won: shown, or the revenue ÷ the average deal when only that is shown."""
    if WINS in card.metrics:
        return _fact(card.metrics[WINS])
    check, revenue = card.metrics.get(AVG_CHECK), _fact(card.metrics.get(REVENUE))
    if check is None:
        return None
    return float(round(revenue / check.fact)) if check.fact else 0.0


def _team_check(report: Report) -> float | None:
    wins, revenue = _wins(report.team), _fact(report.team.metrics.get(REVENUE))
    return revenue / wins if wins else None


def _kopecks(value: float) -> float:
    return round(value + 0.0, 2)
