"""Outputs: each module formats a :class:`ropkit.scorecard.Report`, and computes nothing."""
