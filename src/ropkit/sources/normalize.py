"""From a raw export to canonical rows, accounting for every row. Pure: no file I/O.

Each row of the file ends up either in the canonical table or rejected with the file,
row, column, value and reason; :class:`RowCount` carries the tally so that
``read = used + rejected`` always holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from ropkit.config import SourceConfig
from ropkit.errors import DataError
from ropkit.metric_catalog import KIND_ALIASES
from ropkit.schema import ColumnType, Table
from ropkit.sources.values import (
    Parsed,
    parse_bool,
    parse_datetime,
    parse_duration,
    parse_number,
    parse_text,
    parse_time,
)

if TYPE_CHECKING:
    import pandas as pd

    from ropkit.sources.read import RawTable

#: stage names that mean won / lost when the config does not say (casefolded via stage_key)
DEFAULT_WON = ("Сделка успешна", "Успешно реализовано", "Closed Won", "Won", "Успех")
DEFAULT_LOST = (
    "Сделка провалена",
    "Анализ причины провала",
    "Закрыто и не реализовано",
    "Closed Lost",
    "Lost",
    "Провал",
)
#: Latin letters that look like Cyrillic ones (Bitrix24 writes «Cчёт» with a Latin C)
_HOMOGLYPHS = str.maketrans("aceopxyACEHKMOPTXBaр", "асеорхуАСЕНКМОРТХВар")
MAX_EXAMPLES = 5

_PARSERS: dict[ColumnType, Callable[[pa.Array], Parsed]] = {
    ColumnType.TEXT: parse_text,
    ColumnType.MONEY: parse_number,
    ColumnType.NUMBER: parse_number,
    ColumnType.DATETIME: parse_datetime,
    ColumnType.BOOL: parse_bool,
    ColumnType.TIME: parse_time,
    ColumnType.DURATION: parse_duration,
}
_REASONS: dict[ColumnType, str] = {
    ColumnType.MONEY: "bad_number",
    ColumnType.NUMBER: "bad_number",
    ColumnType.DATETIME: "bad_date",
    ColumnType.BOOL: "bad_flag",
    ColumnType.TIME: "bad_time",
    ColumnType.DURATION: "bad_duration",
}


def stage_key(text: str) -> str:
    """Compare stage names ignoring case, ё/е, extra spaces and Latin/Cyrillic look-alikes."""
    return " ".join(str(text).translate(_HOMOGLYPHS).casefold().replace("ё", "е").split())


@dataclass(frozen=True)
class Rejection:
    """One rejected row: where it is and why."""

    file: str
    row: int
    column: str
    value: str
    reason: str  # bad_date | bad_number | bad_flag | empty | unsplittable


@dataclass
class RowCount:
    """The row accounting of one table (or one file): read = used + rejected."""

    read: int = 0
    used: int = 0
    rejected: int = 0
    not_on_team: int = 0  # used rows of people not on the team list (kept out of the report)
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[Rejection] = field(default_factory=list)

    def add(self, other: RowCount) -> None:
        self.read += other.read
        self.used += other.used
        self.rejected += other.rejected
        self.not_on_team += other.not_on_team
        self.reasons.update(other.reasons)
        room = MAX_EXAMPLES - len(self.examples)
        self.examples.extend(other.examples[: max(room, 0)])


def resolve_columns(raw: RawTable, table: Table, source: SourceConfig, key: str) -> dict[str, int]:
    """Canonical column -> index of the file's column; config ``columns:`` first, then names."""
    folded = [h.strip().casefold() for h in raw.headers]
    mapping: dict[str, int] = {}
    for canon, header in source.columns.items():
        try:
            mapping[canon] = folded.index(header.strip().casefold())
        except ValueError:
            raise DataError(
                f"{raw.path}: column '{header}' ({key}.columns.{canon}) not found; "
                f"columns found: {_list(raw.headers)}; set {key}.columns.{canon} "
                "to one of them (case does not matter)"
            ) from None
    for col in table.columns:
        if col.name not in mapping and col.name not in source.set and col.name in folded:
            mapping[col.name] = folded.index(col.name)
    return mapping


def _list(headers: list[str]) -> str:
    shown = ", ".join(h or "(empty)" for h in headers[:40])
    return shown + (f", … ({len(headers)} in all)" if len(headers) > 40 else "")


def normalize(
    raw: RawTable,
    table: Table,
    source: SourceConfig,
    needed: dict[str, str],
    key: str,
) -> tuple[pd.DataFrame, RowCount]:
    """Canonical rows of ``raw`` and its row count.

    ``needed`` maps each canonical column the report needs to why (e.g. "metric revenue");
    a needed column the file lacks is an error that lists the columns found.
    """
    import pandas as pd

    mapping = resolve_columns(raw, table, source, key)
    available = set(mapping) | set(source.set)
    if table.name == "deals" and "stage" in available:
        available.add("outcome")
    for name in [c.name for c in table.columns if c.required] + list(needed):
        if name not in available:
            why = needed.get(name, f"required in {table.name}")
            raise DataError(
                f"{raw.path}: no column for '{name}' ({why}); columns found: {_list(raw.headers)}; "
                f"map one of them with {key}.columns.{name}: <header>"
            )

    n = raw.data.num_rows
    count = RowCount(read=n + len(raw.invalid))
    for row, why in raw.invalid[:MAX_EXAMPLES]:
        count.examples.append(Rejection(raw.label, row, "", "", f"unsplittable: {why}"))
    if raw.invalid:
        count.reasons["unsplittable"] += len(raw.invalid)

    out: dict[str, pa.Array] = {}
    bad_any = pa.array([False] * n, pa.bool_())
    reasons: list[tuple[pa.Array, str, int]] = []  # (mask, reason, file column) in check order
    for col in table.columns:
        if col.name in mapping:
            idx = mapping[col.name]
            parsed = _PARSERS[col.type](raw.data.column(idx).combine_chunks())
            out[col.name] = parsed.values
            if col.type in _REASONS:
                reasons.append((parsed.bad, _REASONS[col.type], idx))
            if col.required:
                reasons.append(
                    (pc.and_(pc.is_null(parsed.values), pc.invert(parsed.bad)), "empty", idx)
                )
        elif col.name in source.set:
            value = source.set[col.name]
            out[col.name] = _constant(value, col.type, n)
    for mask, _, _ in reasons:
        bad_any = pc.or_(bad_any, mask)

    rejected = int(pc.sum(bad_any).as_py() or 0)
    if rejected:
        _collect_examples(raw, bad_any, reasons, count)
    count.rejected = rejected + len(raw.invalid)
    count.used = n - rejected

    keep = pc.invert(bad_any)
    frame = pd.DataFrame({name: _to_pandas(pc.filter(arr, keep)) for name, arr in out.items()})
    frame["_row"] = pc.filter(raw.rows, keep).to_numpy(zero_copy_only=False)
    if table.name == "deals":
        frame["outcome"] = _outcomes(frame, source)
    if table.name == "activities":
        frame["kind"] = _kinds(frame["kind"], source)
    return frame, count


def _collect_examples(
    raw: RawTable, bad_any: pa.Array, reasons: list[tuple[pa.Array, str, int]], count: RowCount
) -> None:
    """Count each rejected row once, under the first reason that applies, and keep examples."""
    pending = bad_any
    for mask, reason, idx in reasons:
        hits = pc.and_(mask, pending)
        n = int(pc.sum(hits).as_py() or 0)
        if not n:
            continue
        pending = pc.and_(pending, pc.invert(mask))
        count.reasons[reason] += n
        for pos in pc.indices_nonzero(hits).to_pylist()[: MAX_EXAMPLES - len(count.examples)]:
            count.examples.append(
                Rejection(
                    raw.label,
                    int(raw.rows[pos].as_py()),
                    raw.headers[idx],
                    str(raw.data.column(idx)[pos].as_py()),
                    reason,
                )
            )


def _constant(value: object, kind: ColumnType, n: int) -> pa.Array:
    parsed = _PARSERS[kind](pa.array([str(value)] * n, pa.string()))
    return parsed.values


def _to_pandas(arr: pa.Array) -> object:
    if pa.types.is_timestamp(arr.type):
        return arr.to_pandas().astype("datetime64[s]")
    if pa.types.is_string(arr.type):
        return arr.to_pandas().astype("object")
    return arr.to_pandas()


def map_unique(series: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """Apply ``fn`` once per distinct value (CRM columns have few distinct values)."""
    uniques = series.dropna().unique()
    return series.map({u: fn(u) for u in uniques})


def _outcomes(frame: pd.DataFrame, source: SourceConfig) -> pd.Series:
    won = {stage_key(s) for s in (source.won if source.won is not None else DEFAULT_WON)}
    lost = {stage_key(s) for s in (source.lost if source.lost is not None else DEFAULT_LOST)}
    given = frame.get("outcome")

    def by_stage(stage: str) -> str:
        k = stage_key(stage)
        return "won" if k in won else "lost" if k in lost else "open"

    def by_value(value: str) -> str:
        k = stage_key(value)
        if k in won or k in {"won", "успех"}:
            return "won"
        if k in lost or k in {"lost", "провал"}:
            return "lost"
        return "open"

    if given is not None:
        return map_unique(given, by_value).fillna("open").astype("category")
    return map_unique(frame["stage"], by_stage).fillna("open").astype("category")


def _kinds(kinds: pd.Series, source: SourceConfig) -> pd.Series:
    own = {k.strip().casefold(): v for k, v in source.kinds.items()}

    def canonical(value: str) -> str:
        k = value.strip().casefold()
        return own.get(k) or KIND_ALIASES.get(k) or k

    return map_unique(kinds, canonical).astype("category")
