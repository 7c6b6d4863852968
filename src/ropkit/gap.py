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

    def whole(self) -> tuple[int, int, int, int]:
        """(total, activity, conversion, average deal) in whole units that add up as the
        kopecks do: each part rounded, the rounding left in the conversion part."""
        total, activity, small = round(self.total), round(self.activity), round(self.avg_check)
        return total, activity, total - activity - small, small

    @property
    def biggest(self) -> str:
        """The part that explains most: ``activity``, ``conversion`` or ``avg_check``."""
        parts = {"activity": self.activity, "conversion": self.conversion}
        parts["avg_check"] = self.avg_check
        return max(parts, key=lambda k: parts[k])


def split_gaps(
    report: Report,
    funnels: dict[str, tuple[str, ...]] | None = None,
    wins: dict[str, float] | None = None,
    min_deals: int = 10,
) -> dict[str, Gap]:
    """The revenue gap of each manager behind on revenue, split in three (see README).

    With P the revenue plan to date and F the fact, W the wins (``wins``: counted from the
    deals, whether or not the report shows them) and K = F ÷ W the manager's average deal,
    K* the target deal (the config's ``avg_check`` plan, else the team's average deal), A
    the activity to date on the manager's first funnel step with a norm (``funnels``), A*
    its norm to date, and C = W ÷ A the manager's conversion — the team's (over the managers
    with that norm) when the manager won fewer than ``min_deals`` or did nothing on it:

    - average deal = W·K* − F: what the same wins would bring at the target deal;
    - activity = (A* − A)·C·K*: the wins the missing activity would bring;
    - conversion = the rest, (P ÷ K* − W)·K* − activity: the wins still missing at the
      norm's activity.

    Each part in kopecks; the three add up to P − F exactly.
    """
    if report.team.metrics.get(REVENUE) is None:
        return {}
    lower = {m.id for m in report.metrics if m.lower_is_better}
    default = [m.id for m in report.metrics if m.group == "activity"]
    won = {c.name: (wins or {}).get(c.name, _wins(c)) for c in report.managers}
    team_deals = _team_check(report, won)
    out: dict[str, Gap] = {}
    for card in report.managers:
        r = card.metrics.get(REVENUE)
        if r is None or r.fact is None or r.plan_to_date is None or r.fact >= r.plan_to_date:
            continue
        w = won.get(card.name)
        if w is None:
            continue  # neither the deals nor the average deal known: nothing to split by
        total = _kopecks(r.plan_to_date - r.fact)
        target = card.metrics.get(AVG_CHECK)
        deal = (target.plan_to_date if target is not None else None) or team_deals
        if deal is None and w > 0:
            deal = r.fact / w
        steps = (funnels or {}).get(card.name) or default
        step = next(
            (
                s
                for s in steps
                if s not in (WINS, REVENUE, *lower)
                and s in card.metrics
                and card.metrics[s].plan_to_date is not None
            ),
            None,
        )
        small = activity = 0.0
        if deal is not None and w > 0:
            small = _kopecks(w * deal - r.fact)  # W·K* − W·K
        if step is not None and deal is not None:
            done = _fact(card.metrics[step])
            norm = card.metrics[step].plan_to_date or 0.0
            own = w / done if done > 0 and w >= min_deals else None
            rate = own if own is not None else _team_rate(report, step, won)
            activity = _kopecks((norm - done) * (rate or 0.0) * deal)
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


def _team_rate(report: Report, step: str, won: dict[str, float | None]) -> float | None:
    """Wins per unit of ``step`` over the managers held to a norm on it."""
    held = [c for c in report.managers if step in c.metrics and c.metrics[step].plan_to_date]
    done = sum(_fact(c.metrics[step]) for c in held)
    wins = sum(won.get(c.name) or 0.0 for c in held)
    return wins / done if done > 0 else None


def _team_check(report: Report, won: dict[str, float | None]) -> float | None:
    wins = sum(w or 0.0 for w in won.values())
    revenue = sum(_fact(c.metrics.get(REVENUE)) for c in report.managers)
    return revenue / wins if wins else None


def _kopecks(value: float) -> float:
    return round(value + 0.0, 2)
