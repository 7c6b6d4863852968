"""ropkit: plan vs fact, activity norms and working-day pace for a head of sales."""

__version__ = "0.1.0"
