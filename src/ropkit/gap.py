"""Why the gap: a manager's revenue gap split into activity, conversion and average deal, in
money, the three adding up to the gap to the kopeck. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    """How far a manager's revenue is behind the plan to date, and why (money; a part is
    negative where the manager is ahead on that factor)."""

    total: float
    activity: float  # too little activity (the funnel's top against its norm), at own rates
    conversion: float  # enough activity, fewer wins than the team's rate
    avg_check: float  # the wins too small: the rest
    activity_metric: str | None  # the activity the part speaks of (calls_out)

    @property
    def biggest(self) -> str:
        """The part that explains most: ``activity``, ``conversion`` or ``avg_check``."""
        parts = {"activity": self.activity, "conversion": self.conversion}
        parts["avg_check"] = self.avg_check
        return max(parts, key=lambda k: parts[k])
