"""From a raw export to canonical rows, accounting for every row. Pure: no file I/O.

Each row of the file ends up either in the canonical table or rejected with the file,
row, column, value and reason; :class:`RowCount` carries the tally so that
``read = used + rejected`` always holds.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ropkit.config import SourceConfig
from ropkit.errors import DataError
from ropkit.i18n import Listing, Msg
from ropkit.metric_catalog import KIND_ALIASES
from ropkit.schema import Column, ColumnType, Table
from ropkit.sources.presets import (
    ALL_LOST,
    ALL_WON,
    EMAIL_IN,
    GENERIC_TITLE,
    Preset,
    detect,
    generic_aliases,
    match_columns,
    preset_by_id,
)
from ropkit.sources.read import HAND_BACK_BYTES, combine, release_memory
from ropkit.sources.values import (
    Parsed,
    parse_bool,
    parse_datetime,
    parse_duration,
    parse_ids,
    parse_number,
    parse_text,
    parse_time,
    repeated,
    row_codes,
)

if TYPE_CHECKING:
    from pathlib import Path

    from ropkit.sources.read import RawTable

#: Latin letters that look like Cyrillic ones (Bitrix24 writes «Cчёт» with a Latin C)
_HOMOGLYPHS = str.maketrans("aceopxyACEHKMOPTXB", "асеорхуАСЕНКМОРТХВ")
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
    # bad_date | bad_number | bad_flag | bad_time | bad_duration | empty | duplicate |
    # duplicate_id | conflict | unsplittable:<cells>:<cells in the header>
    reason: str


@dataclass
class RowCount:
    """The row accounting of one table (or one file): read = used + rejected."""

    read: int = 0
    used: int = 0
    rejected: int = 0
    not_on_team: int = 0  # used rows of people not on the team list (kept out of the report)
    folded: int = 0  # used product rows folded into the deal they repeat
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[Rejection] = field(default_factory=list)

    @property
    def rejected_share(self) -> float:
        """Rejected rows as a share of those read (0 for an empty table)."""
        return self.rejected / self.read if self.read else 0.0

    def add(self, other: RowCount) -> None:
        self.read += other.read
        self.used += other.used
        self.rejected += other.rejected
        self.not_on_team += other.not_on_team
        self.folded += other.folded
        self.reasons.update(other.reasons)
        room = MAX_EXAMPLES - len(self.examples)
        self.examples.extend(other.examples[: max(room, 0)])


#: the share of a table's rows that may be rejected before its figures are called short
MAX_REJECTED = 0.05


def over_limit(rows: dict[str, RowCount], limit: float) -> list[str]:
    """Tables with more than ``limit`` of their rows rejected: figures from them are short."""
    return [table for table, c in rows.items() if c.rejected_share > limit]


@dataclass(frozen=True)
class Mapping:
    """How a file's columns were matched: the preset, and canonical -> file column positions."""

    preset: Preset | None
    columns: dict[str, list[int]]  # first position preferred; later ones fill its gaps

    def title(self) -> str:
        return self.preset.title if self.preset else GENERIC_TITLE


def resolve_columns(
    path: Path, headers: list[str], table: Table, source: SourceConfig, key: str
) -> Mapping:
    """Canonical column -> the file's columns: config ``columns:`` first, then the CRM preset
    (named in the config or detected from the headers), then the canonical names."""
    preset: Preset | None
    if source.preset is not None:
        preset = preset_by_id(source.preset)
        if preset is None and source.preset != "generic":
            # the CRM named alone (bitrix24): the one of its presets for this table that fits
            preset, _ = detect(headers, table.name, crm=source.preset)
    else:
        preset, _ = detect(headers, table.name)
    mapping: dict[str, list[int]] = {}
    for canon, wanted in source.columns.items():
        positions: list[int] = []
        for header in [wanted] if isinstance(wanted, str) else wanted:
            found = match_columns(headers, {canon: (header,)}).get(canon)
            if found is None:
                raise DataError(
                    "error.column_not_found",
                    path=path,
                    header=header,
                    key=key,
                    column=canon,
                    found=_list(headers),
                )
            positions.append(found)
        mapping[canon] = positions
    if preset is not None:
        for canon, pos in match_columns(headers, preset.columns).items():
            if canon in table.names and canon not in mapping and canon not in source.set:
                # where the cell is empty, every other column the preset names, in order
                # (never the same column twice: Pipedrive's won_time is both)
                mapping[canon] = [pos]
                for alias in preset.fill.get(canon, ()):
                    fill = match_columns(headers, {canon: (alias,)}).get(canon)
                    if fill is not None and fill not in mapping[canon]:
                        mapping[canon].append(fill)
    # then ropkit's own names and the common words, for what is still unmapped
    taken = {p for positions in mapping.values() for p in positions}
    for canon, pos in match_columns(headers, generic_aliases(table.names)).items():
        if canon not in mapping and canon not in source.set and pos not in taken:
            mapping[canon] = [pos]
            taken.add(pos)
    return Mapping(preset, mapping)


def _list(headers: list[str]) -> Listing:
    """The file's headers for a message: the first 40, an empty one said as such."""
    shown: list[object] = [h or Msg("list.empty") for h in headers[:40]]
    if len(headers) > 40:
        shown.append(Msg("list.more", n=len(headers)))
    return Listing(shown)


@dataclass(frozen=True)
class Normalized:
    """A file's canonical rows, its row count and how its columns were mapped."""

    frame: pd.DataFrame
    count: RowCount
    mapping: Mapping
    # the file as read, without its cells (headers, note, rows skipped…): the cells are let
    # go before the frame is built, so that a million rows are not held twice
    read: RawTable
    # the checks in the order a row's reason is chosen: (reason, the file's header or "",
    # the rows it rejected)
    checks: list[tuple[str, str, int]] = field(default_factory=list)
    # canonical column -> what its whole column decided for every cell (values.Parsed.how)
    decided: dict[str, list[str]] = field(default_factory=dict)


def normalize(
    raw: RawTable,
    table: Table,
    source: SourceConfig,
    needed: dict[str, str],
    key: str,
    mapping: Mapping | None = None,
) -> Normalized:
    """Canonical rows of ``raw``, its row count and column mapping.

    Pass ``raw`` straight from the reader (``normalize(read_file(…), …)``): its cells are
    dropped once parsed, which only frees them when the caller holds no other reference.
    ``needed`` maps each canonical column the report needs to the metric that needs it;
    a needed column the file lacks is an error that lists the columns found. ``mapping``:
    the columns as already resolved when the file was read (else resolved here).
    """
    if mapping is None:
        mapping = resolve_columns(raw.path, raw.headers, table, source, key)
    columns = mapping.columns
    check_needed(raw.path, raw.headers, columns, table, source, needed, key)

    n = raw.num_rows
    count = RowCount(read=n + len(raw.invalid))
    for row, reason in raw.invalid[:MAX_EXAMPLES]:
        count.examples.append(Rejection(raw.label, row, "", "", reason))
    count.reasons.update(reason.split(":")[0] for _, reason in raw.invalid)

    out: dict[str, pa.Array] = {}
    decided: dict[str, list[str]] = {}
    reasons: list[tuple[pa.Array, str, int]] = []  # (mask, reason, file column) in check order
    for col in table.columns:
        if col.name in columns:
            positions = columns[col.name]
            parser = parse_ids if col.unique else _PARSERS[col.type]
            pattern = source.date_pattern(col.name) if col.type is ColumnType.DATETIME else None
            if pattern is not None:
                parser = functools.partial(parse_datetime, fmt=pattern)
            parsed = _parse(parser, raw, positions)
            if parsed.how:
                decided[col.name] = list(parsed.how)
            if mapping.preset is not None and col.name in mapping.preset.zero_when_empty:
                parsed = Parsed(pc.fill_null(parsed.values, 0.0), parsed.bad)
            out[col.name] = parsed.values
            if col.type in _REASONS:
                reasons.append((parsed.bad, _REASONS[col.type], positions[0]))
            if col.required:
                empty = pc.and_(pc.is_null(parsed.values), pc.invert(parsed.bad))
                reasons.append((empty, "empty", positions[0]))
        elif col.name in source.set:
            out[col.name] = _constant(source.set[col.name], col.type, n)
            if n and out[col.name].null_count == n:  # "завтра" for a date: nothing parses
                raise DataError(
                    "error.bad_set_value",
                    key=key,
                    column=col.name,
                    value=source.set[col.name],
                    type=Msg(f"type.{col.type.value}"),
                )
    repeats = _duplicates(raw, columns.get("id", [None])[0])
    if "product" in columns and "id" in out:
        # identical lines of one deal in an export with products are products bought twice
        repeats = pc.and_(repeats, pc.is_null(out["id"]))
    reasons.append((repeats, "duplicate", -1))
    bad_any = pa.array([False] * n, pa.bool_())
    for mask, _, _ in reasons:
        bad_any = pc.or_(bad_any, mask)

    rejected = int(pc.sum(bad_any).as_py() or 0)
    taken = [0] * len(reasons)
    if rejected:
        taken = _collect_examples(raw, bad_any, reasons, count)
        count.examples.sort(key=lambda r: r.row)
    count.rejected = rejected + len(raw.invalid)
    count.used = n - rejected
    checks = [
        (reason, raw.headers[idx] if idx >= 0 else "", n)
        for (_, reason, idx), n in zip(reasons, taken, strict=True)
    ]
    read = replace(raw, data=raw.data.slice(0, 0), repeats=None)
    del raw, reasons, repeats  # the cells: all that is needed of them is parsed now

    keep = pc.invert(bad_any)

    def kept(arr: pa.Array) -> pa.Array:
        return pc.filter(arr, keep) if rejected else arr  # (nothing rejected: no copy)

    # (each parsed column let go as soon as pandas has it)
    frame = pd.DataFrame(
        {name: _to_pandas(kept(out.pop(name)), table.columns_by_name[name]) for name in list(out)}
    )
    # (spreadsheet rows fit 32 bits: half the memory of a 10M-row column)
    frame["_row"] = kept(read.rows).to_numpy(zero_copy_only=False).astype(np.int32)
    preset = mapping.preset
    if table.name == "deals":
        frame["outcome"] = _outcomes(frame, source, preset)
        frame = _reject_conflicts(frame, count, read, mapping)
        frame, count.folded = _fold_products(frame)
    if table.name == "activities":
        frame["kind"] = _kinds(frame, source, preset)
        if "at_time" in frame:
            frame["at"] = frame["at"] + pd.to_timedelta(frame["at_time"].fillna(0), unit="s")
    return Normalized(frame, count, mapping, read, checks, decided)


def merged_count(
    first: RowCount,
    then: RowCount,
    first_checks: list[tuple[str, str, int]],
    then_checks: list[tuple[str, str, int]],
) -> RowCount | None:
    """The count of a file read in two parts (rows of ``first``, then of ``then``; each
    part's checks in order with the rows each rejected) as one read of it would give it:
    the same examples (a whole read takes broken rows first, then each check in order, then
    conflicts, each in row order, five in all) and its reasons in the same order (a reason
    where its first check rejected a row). None when the parts' checks differ, or one check
    is named twice (then it cannot tell)."""
    order = [(reason, column) for reason, column, _ in then_checks]
    if order != [(reason, column) for reason, column, _ in first_checks]:
        return None
    if len(set(order)) != len(order):
        return None
    rank = {check: i + 1 for i, check in enumerate(order)}
    last = len(order) + 1

    def category(example: Rejection) -> int:
        if example.reason == "conflict":
            return last
        return rank.get((example.reason, example.column), 0)  # (0: a row that did not split)

    out = RowCount(
        read=first.read + then.read,
        used=first.used + then.used,
        rejected=first.rejected + then.rejected,
        folded=first.folded + then.folded,
    )
    every = sorted([*first.examples, *then.examples], key=lambda e: (category(e), e.row))
    out.examples = sorted(every[:MAX_EXAMPLES], key=lambda e: e.row)
    checked = [
        reason for (reason, _, a), (_, _, b) in zip(first_checks, then_checks, strict=True) if a + b
    ]
    named = {reason for reason, _ in order} | {"conflict"}
    broken = [r for r in dict.fromkeys([*first.reasons, *then.reasons]) if r not in named]
    for reason in dict.fromkeys([*broken, *checked, "conflict"]):
        n = first.reasons[reason] + then.reasons[reason]
        if n:
            out.reasons[reason] = n
    return out


def joined_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The rows of ``frames`` one after another, as one read of them all would give them:
    a column of categories keeps them, each new one after, in the order they appear (also
    those of a part with no rows: the names of its rejected rows). Built a column at a time,
    each let go of in the parts once joined (not all held twice)."""
    from pandas.api.types import union_categoricals

    if len(frames) == 1:
        return frames[0]
    names = list(frames[0].columns)
    out: dict[str, pd.Series] = {}
    for name in names:
        first = frames[0][name].dtype
        if isinstance(first, np.dtype) and all(frame[name].dtype == first for frame in frames):
            out[name] = _filled_from_parts(frames, name, first)
            continue
        parts = [frame[name] for frame in frames]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            # (a column empty in a whole part has categories of no dtype of their own)
            kinds = [p.cat.categories.dtype for p in parts if len(p.cat.categories)]
            if kinds:
                parts = [
                    p
                    if len(p.cat.categories)
                    else p.cat.set_categories(pd.Index([], dtype=kinds[0]))
                    for p in parts
                ]
            out[name] = pd.Series(union_categoricals(parts), name=name)
        else:
            # (a part with no rows: nothing to add, and no dtype to agree on)
            out[name] = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
        del parts
        frames[:] = [frame.drop(columns=name) for frame in frames]
        release_memory()  # (what the parts held of the column, before the next is joined)
    return pd.DataFrame(out, columns=names, copy=False)


def _filled_from_parts(frames: list[pd.DataFrame], name: str, dtype: np.dtype) -> pd.Series:
    """A column of plain values (dates, numbers) copied part by part into one array made
    for all, each part's column let go of once copied: not the parts and the whole at once
    (ten million dates are 80 MB)."""
    values = np.empty(sum(len(frame) for frame in frames), dtype=dtype)
    at = since = 0
    for i, frame in enumerate(frames):
        values[at : at + len(frame)] = frame[name].to_numpy()
        at += len(frame)
        frames[i] = frame.drop(columns=name)
        del frame
        if (at - since) * dtype.itemsize >= HAND_BACK_BYTES:
            release_memory()  # (the allocator keeps what the parts let go of, else)
            since = at
    release_memory()
    return pd.Series(values, name=name)


def check_needed(
    path: Path,
    headers: list[str],
    mapped: Iterable[str],
    table: Table,
    source: SourceConfig,
    needed: dict[str, str],
    key: str,
) -> None:
    """A required column, or one a metric needs, that neither the file (``mapped``: its
    canonical columns) nor the config's ``set:`` gives is an error listing the headers."""
    available = set(mapped) | set(source.set)
    if table.name == "deals" and "stage" in available:
        available.add("outcome")
    for name in [c.name for c in table.columns if c.required] + list(needed):
        if name not in available:
            why = (
                Msg("need.column", metric=needed[name])
                if name in needed
                else Msg("need.required", table=table.name)
            )
            raise DataError(
                "error.no_column",
                path=path,
                column=name,
                why=why,
                found=_list(headers),
                key=key,
            )


def _parse(parser: Callable[[pa.Array], Parsed], raw: RawTable, positions: list[int]) -> Parsed:
    """Parse a canonical column; with several file columns, the first non-empty one wins."""
    first = parser(raw.column(positions[0]))
    values, bad, how = first.values, first.bad, list(first.how)
    for pos in positions[1:]:
        more = parser(raw.column(pos))
        how += [f"{pos}:{h}" for h in more.how]
        values, more = _dense(values), Parsed(_dense(more.values), more.bad)
        filled = pc.is_valid(values)
        values = pc.coalesce(values, more.values)
        bad = pc.and_(pc.or_(bad, more.bad), pc.invert(pc.or_(filled, pc.is_valid(more.values))))
    return Parsed(values, bad, tuple(how))


def _dense(arr: pa.Array) -> pa.Array:
    """A dictionary array's values cell by cell (other arrays as they are)."""
    return arr.cast(arr.type.value_type) if pa.types.is_dictionary(arr.type) else arr


def _duplicates(raw: RawTable, id_pos: int | None) -> pa.Array:
    """Exact repeats: rows whose every cell in the file equals an earlier row's (the cells
    not read for speed are compared through REST). The first stays, the repeats are marked.

    With an id column only rows whose id repeats are compared, so a million-row file with
    unique ids costs one pass over that column.
    """
    n = raw.num_rows
    candidates = np.ones(n, bool) if n > 1 else np.zeros(n, bool)
    if id_pos is not None and n > 1:
        found = raw.repeats  # (the reader's, when it compared the same column)
        candidates = (
            found[1] if found is not None and found[0] == id_pos else repeated(raw.column(id_pos))
        )
    if not candidates.any():
        return pa.array(np.zeros(n, bool), pa.bool_())
    picked = pa.array(candidates)
    cells = [pc.filter(combine(raw.data.column(c)), picked) for c in raw.data.column_names]
    codes = pd.Series(row_codes(cells))
    mask = np.zeros(n, bool)
    mask[np.flatnonzero(candidates)[codes.duplicated(keep="first").to_numpy()]] = True
    return pa.array(mask, pa.bool_())


def _reject_conflicts(
    frame: pd.DataFrame, count: RowCount, raw: RawTable, mapping: Mapping
) -> pd.DataFrame:
    """Rows of one deal id that disagree on the outcome or the close date are not product
    rows of one deal: the first is kept, the others rejected as conflicting."""
    if "id" not in frame or not frame["id"].duplicated().any():
        return frame
    keys = [c for c in ("outcome", "closed_at") if c in frame]
    has_id = frame["id"].notna()
    # the values of each id's first row as written (not the first non-empty ones)
    first_rows = frame[has_id & ~frame["id"].duplicated()].set_index("id")[keys]
    firsts = first_rows.reindex(frame["id"]).reset_index(drop=True)
    conflict = has_id.to_numpy() & False
    for col in keys:
        values = frame[col].astype("object").reset_index(drop=True)
        first = firsts[col].astype("object")
        differs = (values != first) & ~(values.isna() & first.isna())
        conflict = conflict | (differs & has_id.reset_index(drop=True)).to_numpy()
    hits = int(conflict.sum())
    if not hits:
        return frame
    count.used -= hits
    count.rejected += hits
    count.reasons["conflict"] += hits
    header = raw.headers[mapping.columns["id"][0]]
    for _, row in frame[conflict].head(max(MAX_EXAMPLES - len(count.examples), 0)).iterrows():
        count.examples.append(
            Rejection(raw.label, int(row["_row"]), header, str(row["id"]), "conflict")
        )
    count.examples.sort(key=lambda r: r.row)
    return frame[~conflict].reset_index(drop=True)


def _fold_products(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Deals repeated once per product row (Bitrix24 with «Товар», Salesforce "with Products")
    become one deal again: amount and units summed, everything else from the first row."""
    if "id" not in frame or not frame["id"].duplicated().any():
        return frame, 0
    has_id = frame["id"].notna()
    with_id, without = frame[has_id], frame[~has_id]
    sums = [c for c in ("amount", "units") if c in frame]
    agg = {c: ("first" if c not in sums else "sum") for c in frame.columns if c != "id"}
    grouped = with_id.groupby("id", sort=False, dropna=True).agg(agg)
    for c in sums:  # a sum of nothing is "no amount", not 0
        counts = with_id.groupby("id", sort=False)[c].count()
        grouped.loc[counts == 0, c] = float("nan")
    grouped["_n"] = with_id.groupby("id", sort=False).size()  # product rows in each deal
    folded = grouped.reset_index()[[*frame.columns, "_n"]]
    without = without.assign(_n=1)
    out = pd.concat([folded, without], ignore_index=True).sort_values("_row", kind="stable")
    return out.reset_index(drop=True), len(frame) - len(out)


def _collect_examples(
    raw: RawTable, bad_any: pa.Array, reasons: list[tuple[pa.Array, str, int]], count: RowCount
) -> list[int]:
    """Count each rejected row once, under the first reason that applies, and keep examples;
    how many rows each check took."""
    pending = bad_any
    taken: list[int] = []
    for mask, reason, idx in reasons:
        hits = pc.and_(mask, pending)
        n = int(pc.sum(hits).as_py() or 0)
        taken.append(n)
        if not n:
            continue
        pending = pc.and_(pending, pc.invert(mask))
        count.reasons[reason] += n
        for pos in pc.indices_nonzero(hits).to_pylist()[: MAX_EXAMPLES - len(count.examples)]:
            count.examples.append(
                Rejection(
                    raw.label,
                    int(raw.rows[pos].as_py()),
                    raw.headers[idx] if idx >= 0 else "",
                    str(raw.column(idx)[pos].as_py()) if idx >= 0 else "",
                    reason,
                )
            )
    return taken


def _constant(value: object, kind: ColumnType, n: int) -> pa.Array:
    parsed = _PARSERS[kind](pa.array([str(value)] * n, pa.string()))
    return parsed.values


def _to_pandas(arr: pa.Array, column: Column) -> object:
    if pa.types.is_dictionary(arr.type):  # text of few values: categories
        return arr.to_pandas()
    if pa.types.is_timestamp(arr.type):
        return arr.to_pandas().astype("datetime64[s]")
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        if column.unique:  # ids: kept as Arrow strings, no copy
            return arr.to_pandas(types_mapper=pd.ArrowDtype)
        # the other text columns repeat a few values (50 managers, 4 types in 1.25M rows):
        # categories cost one hash pass instead of a Python object per cell
        return pc.dictionary_encode(arr).to_pandas()
    if pa.types.is_boolean(arr.type):
        return arr.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
    return arr.to_pandas()


def map_unique(series: pd.Series, fn: Callable[[str], object], default: object = None) -> pd.Series:
    """``fn`` applied once per distinct value, as a categorical series; ``default`` where
    ``fn`` gives None or the cell is empty."""
    if not isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("category")
    mapped = [fn(c) for c in series.cat.categories]
    mapped = [default if m is None else m for m in mapped]
    categories = list(dict.fromkeys(m for m in mapped if m is not None))
    if default is not None and default not in categories:
        categories.append(default)
    position = {m: i for i, m in enumerate(categories)}
    missing = position.get(default, -1) if default is not None else -1
    # (codes as narrow as the categories allow: ten million int64 codes are 80 MB)
    lookup = np.array(
        [position.get(m, -1) if m is not None else -1 for m in mapped] + [missing],
        dtype=np.min_scalar_type(-len(categories) - 1),
    )
    codes = lookup[series.cat.codes.to_numpy()]  # code -1 (empty) picks the last entry
    values = pd.Categorical.from_codes(codes, pd.Index(categories))
    return pd.Series(values, index=series.index)


#: what an outcome column says in any CRM's words (Pipedrive's status: Won / Lost / Open)
_OUTCOME_WORDS = ("won", "lost", "open")


def _outcomes(frame: pd.DataFrame, source: SourceConfig, preset: Preset | None) -> pd.Series:
    """won | lost | open for each deal, from the first of these that knows its value:

    1. the config's ``won:`` / ``lost:`` names, when it gives them, matched to the stage
       (each list replaces its default: every CRM's won or lost names);
    2. the outcome column (Pipedrive's status, Bitrix24's STAGE_SEMANTIC_ID P/S/F), read with
       the preset's ``outcomes`` or the words won/lost/open or the won/lost names;
    3. the preset's stage codes (Bitrix24 ``WON``, ``C6:LOSE``, ``APOLOGY``);
    4. without a config list, every CRM's won/lost stage names.

    Anything else is open (a custom stage such as Bitrix24's ``C5:3``).
    """
    configured = source.won is not None or source.lost is not None
    won_names = source.won if source.won is not None else ALL_WON
    lost_names = source.lost if source.lost is not None else ALL_LOST
    names = {stage_key(s): "lost" for s in lost_names} | {stage_key(s): "won" for s in won_names}
    said = {stage_key(w): w for w in _OUTCOME_WORDS} | names
    if preset is not None:
        said |= {stage_key(k): v for k, v in preset.outcomes.items()}
    codes = [(re.compile(p), o) for p, o in preset.stage_codes] if preset else []

    def named(value: str) -> str | None:
        return names.get(stage_key(value))

    def stated(value: str) -> str | None:
        return said.get(stage_key(value))

    def coded(value: str) -> str | None:
        code = value.strip()
        return next((o for p, o in codes if p.fullmatch(code)), None)

    steps: list[tuple[str, Callable[[str], str | None]]] = [("outcome", stated)]
    if codes:
        steps.append(("stage", coded))
    if configured:
        steps.insert(0, ("stage", named))
    else:
        steps.append(("stage", named))
    # category codes, not objects: a step is one pass over each column's distinct values
    order = pd.Index(_OUTCOME_WORDS)
    meaning = np.full(len(frame), -1, dtype=np.int8)
    for column, read in steps:
        if column in frame:
            found = map_unique(frame[column], read).cat.set_categories(order).cat.codes
            meaning = np.where(meaning < 0, found.to_numpy(), meaning)
    meaning[meaning < 0] = _OUTCOME_WORDS.index("open")
    return pd.Series(pd.Categorical.from_codes(meaning, order), index=frame.index)


def _kinds(frame: pd.DataFrame, source: SourceConfig, preset: Preset | None) -> pd.Series:
    """Canonical kinds: the config's kinds:, the preset's, its kind_default (a dialer log:
    every row is an outgoing call), the usual CRM names.

    A missed call is an INCOMING call nobody answered: a result in the preset's ``missed``
    list makes a call_in (by its type, or by a direction the preset reads in ``result``) a
    call_missed, and leaves an outgoing call outgoing — a rep's "No answer" is an attempt.
    A type that says missed (PBX «неотвеченный») is missed whatever the result.
    """
    own = {k.strip().casefold(): v for k, v in source.kinds.items()}
    from_preset = {k.strip().casefold(): v for k, v in preset.kinds.items()} if preset else {}
    default = preset.kind_default if preset else ""

    def canonical(value: str) -> str:
        k = value.strip().casefold()
        return own.get(k) or from_preset.get(k) or default or KIND_ALIASES.get(k) or k

    kinds = map_unique(frame["kind"], canonical)
    if preset is None or "result" not in frame:
        return kinds
    if preset.incoming:
        came_in = _result_in(frame["result"], preset.incoming)
        kinds = _recode(kinds, came_in, "call_out", "call_in")
        kinds = _recode(kinds, came_in, "email_out", EMAIL_IN)  # not an e-mail sent
    if preset.missed:
        unanswered = _result_in(frame["result"], preset.missed)
        kinds = _recode(kinds, unanswered, "call_in", "call_missed")
    return kinds


def _result_in(results: pd.Series, values: tuple[str, ...]) -> pd.Series:
    """Rows whose result is one of ``values`` (case and surrounding spaces ignored)."""
    wanted = {v.strip().casefold() for v in values}
    return map_unique(results, lambda r: r.strip().casefold() in wanted, False).astype(bool)


def _recode(kinds: pd.Series, rows: pd.Series, old: str, new: str) -> pd.Series:
    """``kinds`` with ``old`` replaced by ``new`` in ``rows``."""
    hit = rows & (kinds == old)
    if not hit.any():
        return kinds
    if new not in kinds.cat.categories:
        kinds = kinds.cat.add_categories([new])
    return kinds.mask(hit, new)
