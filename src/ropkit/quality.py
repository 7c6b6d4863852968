"""Data quality of the exports: what `ropkit check` reports besides the row accounting. Pure.

Everything here is a count over the canonical rows, so the user can see what to fix in the
CRM or map in the config: stages that mean nothing to ropkit (counted as open), activity
types it does not know, placeholder dates, won deals without an amount or a close date,
calls too short to be conversations, people in the data but not on the team and the reverse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ropkit.metric_catalog import ACTIVITY_KINDS
from ropkit.sources.normalize import MAX_REJECTED, over_limit
from ropkit.sources.presets import NAMED_KINDS
from ropkit.sources.values import PLACEHOLDER_DATES

if TYPE_CHECKING:
    import pandas as pd

    from ropkit.sources.load import Dataset


@dataclass(frozen=True)
class Quality:
    """Counts per table; each Counter maps a value (or column) to the number of rows."""

    open_stages: Counter[str] = field(default_factory=Counter)  # stage -> deals counted as open
    unknown_kinds: Counter[str] = field(default_factory=Counter)  # activity type -> rows
    placeholder_dates: Counter[str] = field(default_factory=Counter)  # "table.column" -> rows
    won_without_amount: int = 0
    closed_without_date: int = 0
    short_calls: int = 0
    short_call_seconds: int = 10
    outsiders: Counter[str] = field(default_factory=Counter)  # name in data -> rows
    unmatched_ids: Counter[str] = field(default_factory=Counter)  # an id in the data -> rows
    without_rows: list[str] = field(default_factory=list)  # team members with no rows at all
    # table -> rows that share an id with another row of the same file but differ from it
    repeated_ids: dict[str, RepeatedIds] = field(default_factory=dict)
    # the share of rows above which a table's figures are not to be trusted, and the tables
    # over it
    max_rejected: float = MAX_REJECTED
    over_rejected: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RepeatedIds:
    """Rows of one file with the same id and different content: not repeats (both count),
    but worth a look: two calls logged under one id, or an id column that is not one."""

    rows: int
    first: list[tuple[str, int]]  # (file, row) of the first few, file by file


def assess(
    dataset: Dataset,
    team: list[str],
    short_call_seconds: int = 10,
    max_rejected: float = MAX_REJECTED,
    named_kinds: Collection[str] = (),
) -> Quality:
    """Count the data-quality findings of ``dataset`` (``team``: the config's manager names;
    ``named_kinds``: the kinds the config's ``kinds:`` map to, known to the user)."""
    deals = dataset.tables.get("deals")
    acts = dataset.tables.get("activities")
    open_stages: Counter[str] = Counter()
    won_without_amount = closed_without_date = short_calls = 0
    if deals is not None:
        if "stage" in deals and "outcome" in deals:
            open_stages = _counts(deals.loc[deals["outcome"] == "open", "stage"])
        won = deals["outcome"] == "won" if "outcome" in deals else None
        if won is not None and "amount" in deals:
            won_without_amount = int((won & deals["amount"].isna()).sum())
        if "outcome" in deals and "closed_at" in deals:
            closed = deals["outcome"].isin(["won", "lost"])
            closed_without_date = int((closed & deals["closed_at"].isna()).sum())
    unknown: Counter[str] = Counter()
    if acts is not None:
        kinds = _counts(acts["kind"])
        # an unknown kind is a value of the export that nothing mapped: not one ropkit or
        # the config named (a Bitrix24 REST "task", an e-mail that came in)
        known = {*ACTIVITY_KINDS, *NAMED_KINDS, *named_kinds}
        unknown = Counter({k: n for k, n in kinds.items() if k not in known})
        if "duration_s" in acts:
            calls = acts["kind"].isin(["call_out", "call_in", "cold_call"])
            short_calls = int((calls & (acts["duration_s"] < short_call_seconds)).sum())
    placeholders: Counter[str] = Counter()
    marks = [datetime.fromisoformat(d) for d in PLACEHOLDER_DATES]
    for table, frame in dataset.tables.items():
        for col in frame.columns:
            if str(frame[col].dtype).startswith("datetime64"):
                n = int(frame[col].isin(marks).sum())
                if n:
                    placeholders[f"{table}.{col}"] = n
    outsiders: Counter[str] = Counter()
    for people in dataset.outsiders.values():
        outsiders.update(people)
    # "17" is no name: an id (ASSIGNED_BY_ID, agent_id) that managers[].ids or a users file
    # should turn into one
    unmatched_ids = Counter({k: n for k, n in outsiders.items() if not _has_letters(k)})
    outsiders = Counter({k: n for k, n in outsiders.items() if k not in unmatched_ids})
    without_rows = [name for name in team if name not in dataset.found]
    repeated_ids = {
        table: found
        for table, frame in dataset.tables.items()
        # deals: product lines were folded into their deal and rows that disagree rejected,
        # so each id stands once already
        if table != "deals"
        and (found := _repeated_ids(frame, [f.name for f in dataset.files])) is not None
    }
    return Quality(
        open_stages,
        unknown,
        placeholders,
        won_without_amount,
        closed_without_date,
        short_calls,
        short_call_seconds,
        outsiders,
        unmatched_ids,
        without_rows,
        repeated_ids,
        max_rejected,
        over_limit(dataset.rows, max_rejected),
    )


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _repeated_ids(frame: pd.DataFrame, files: list[str], shown: int = 5) -> RepeatedIds | None:
    """Rows whose id another row of the same file has (exact repeats were rejected already)."""
    if "id" not in frame or "_file" not in frame:
        return None
    keys = frame.loc[frame["id"].notna(), ["_file", "id"]]
    same = keys.duplicated(keep=False)
    if not same.any():
        return None
    where = frame.loc[keys.index[same.to_numpy()], ["_file", "_row"]].sort_values(["_file", "_row"])
    first = [(files[int(f)], int(r)) for f, r in where.head(shown).itertuples(index=False)]
    return RepeatedIds(int(same.sum()), first)


def _counts(series: pd.Series) -> Counter[str]:
    counts = series.value_counts()
    return Counter({str(k): int(v) for k, v in counts.items() if v})
