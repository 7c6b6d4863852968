"""Metric definitions compiled from the config, and facts computed from canonical rows. Pure.

A metric is data (:class:`MetricDef`): which table, which rows (``where``), which date
puts a row in a period, and how rows add up (sum, count, new distinct values, or a ratio
of two other metrics). :func:`select_rows` gives the rows behind a number, so the Excel
workbook can show them; :func:`facts` adds them up per manager.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ropkit.config import Config, MetricConfig
from ropkit.metric_catalog import ACTIVITY_KINDS, KIND_METRIC_IDS
from ropkit.schema import TABLES, ColumnType

#: shown when the config asks for nothing: what every export of that table can answer
FALLBACK_METRICS = ("revenue", "deals_won", "calls_out", "meetings", "leads")
_COMPARISON_RE = re.compile(r"^\s*(>=|<=|!=|>|<|=)\s*(-?\d+(?:[.,]\d+)?)\s*$")
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Condition:
    """One ``where:`` entry: a column equal to a value, in a list, or compared with a number."""

    column: str
    values: tuple[Any, ...] = ()
    op: str | None = None
    number: float | None = None

    @classmethod
    def parse(cls, column: str, spec: Any, text: bool) -> Condition:
        """``text``: the column holds text, so `client: 5` means the text "5"."""
        if isinstance(spec, str) and (m := _COMPARISON_RE.match(spec)):
            return cls(column, op=m.group(1), number=float(m.group(2).replace(",", ".")))
        values = tuple(spec) if isinstance(spec, list) else (spec,)
        if text:
            values = tuple(str(v) for v in values)
        return cls(column, values=values)

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        """The rows that meet the condition, one bool per row."""
        col = frame[self.column]
        if self.op is not None:
            return np.asarray(_OPS[self.op](col, self.number).fillna(False), dtype=bool)
        if len(self.values) == 1 and isinstance(self.values[0], bool):
            return np.asarray(col.astype("boolean").fillna(True) == self.values[0], dtype=bool)
        if isinstance(col.dtype, pd.CategoricalDtype):
            # (each category once, then a look-up by code: no temporary the size of the rows)
            hit = col.cat.categories.isin(list(self.values))
            empty = any(v is None or v != v for v in self.values)  # (code -1: an empty cell)
            return np.append(hit, empty)[col.cat.codes.to_numpy()]
        return np.asarray(col.isin(list(self.values)), dtype=bool)


@dataclass(frozen=True)
class MetricDef:
    """A compiled metric."""

    id: str
    label: str
    unit: str  # money | count | number
    table: str | None  # None for a ratio
    date: str | None
    where: tuple[Condition, ...]
    agg: str  # sum | count | new | ratio
    column: str | None  # the summed column, or the column whose new values are counted
    ratio: tuple[str, str] | None
    lower_is_better: bool

    @property
    def is_ratio(self) -> bool:
        return self.ratio is not None

    def columns(self) -> set[str]:
        """Canonical columns this metric reads."""
        cols = {c.column for c in self.where}
        cols.update(c for c in (self.date, self.column) if c)
        if self.table == "activities":
            cols.discard("done")
        return cols


def compile_metric(mid: str, cfg: MetricConfig, language: str) -> MetricDef:
    """Turn a validated ``metrics:`` entry into a :class:`MetricDef`."""
    label = (cfg.label_en if language == "en" and cfg.label_en else cfg.label) or mid
    if cfg.ratio is not None:
        return MetricDef(
            mid,
            label,
            cfg.unit or "number",
            None,
            None,
            (),
            "ratio",
            None,
            cfg.ratio,
            cfg.lower_is_better,
        )
    table = TABLES[cfg.from_ or ""]
    agg = "sum" if cfg.sum else "new" if cfg.new else "count"
    column = cfg.sum or cfg.new
    unit = cfg.unit or ("money" if column == "amount" else "count" if agg != "sum" else "number")
    types = table.columns_by_name
    where = tuple(
        Condition.parse(col, spec, types[col].type is ColumnType.TEXT)
        for col, spec in cfg.where.items()
    )
    return MetricDef(
        mid,
        label,
        unit,
        table.name,
        cfg.date or table.date,
        where,
        agg,
        column,
        None,
        cfg.lower_is_better,
    )


def reported_metric_ids(config: Config, kinds: Collection[str] | None = None) -> list[str]:
    """Metrics shown in the report: those with a plan or a norm, any declared in the file, and
    ratios of those.

    With none of those, the core metrics (FALLBACK_METRICS) of the tables that have a source;
    once the activities are read (``kinds``: the activity kinds they hold), one metric per
    kind the data has instead of outgoing calls and meetings (a file of inbound calls shows
    incoming calls, not an empty column of outgoing ones).
    """
    data = config.data
    ids: list[str] = []

    def take(keys: Iterable[str]) -> None:
        ids.extend(k for k in keys if k not in ids)

    take(data.plan)
    for targets in data.months.values():
        take(targets)
    for norms in data.norms.values():
        take(norms)
    for man in data.managers:
        take(man.plan)
        take(man.norms)
        for targets in man.months.values():
            take(targets)
    take(data.metrics)
    if not ids:  # nothing asked for: the core metrics of every table that has a source

        def table(mid: str) -> str:
            return config.metrics[mid].from_ or ""

        core = [m for m in FALLBACK_METRICS if config.sources(table(m))]
        if kinds is not None and config.sources("activities"):
            by_kind = [KIND_METRIC_IDS[k] for k in ACTIVITY_KINDS if k in kinds]
            core = (
                [m for m in core if table(m) == "deals"]
                + by_kind
                + [m for m in core if table(m) not in ("deals", "activities")]
            )
        take(core)
    # a ratio of two reported metrics (avg_check = revenue / deals_won) comes along
    take(mid for mid, m in config.metrics.items() if m.ratio and set(m.ratio) <= set(ids))
    return ids


def compile_metrics(
    config: Config, kinds: Collection[str] | None = None
) -> tuple[list[MetricDef], dict[str, MetricDef]]:
    """(metrics to report in order, every metric needed to compute them by id); ``kinds``:
    the activity kinds the data holds, once it is read (see :func:`reported_metric_ids`)."""
    lang = config.data.language
    reported = [
        compile_metric(mid, config.metrics[mid], lang) for mid in reported_metric_ids(config, kinds)
    ]
    needed = {m.id: m for m in reported}
    for m in reported:
        for part in m.ratio or ():
            needed.setdefault(part, compile_metric(part, config.metrics[part], lang))
    return reported, needed


def needed_columns(metrics: Iterable[MetricDef]) -> dict[str, dict[str, str]]:
    """table -> canonical column -> the metric that needs it (the first, by id)."""
    out: dict[str, dict[str, str]] = {}
    for m in metrics:
        if m.table is None:
            continue
        for col in sorted(m.columns()):
            out.setdefault(m.table, {}).setdefault(col, m.id)
    return out


def select_rows(
    metric: MetricDef,
    frame: pd.DataFrame,
    start: datetime,
    until: datetime,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """The rows behind ``metric`` between ``start`` (inclusive) and ``until`` (exclusive);
    only ``columns`` of them when given (a million rows' other columns are not copied)."""
    mask = _matching(metric, frame)
    if metric.agg == "new":
        # a client's first win over everyone's rows: one first won by a former employee is
        # not new when a team member wins it again
        firsts = _first_rows(metric, frame[mask])
        within = _within(firsts[metric.date], start, until)
        chosen = firsts[within & firsts["manager"].notna()]
        return chosen if columns is None else chosen[columns]
    mask &= _within(frame[metric.date], start, until).to_numpy()
    mask &= frame["manager"].notna().to_numpy()
    # (the columns first: ``loc[rows, columns]`` took every column of the rows, then chose)
    return frame[mask] if columns is None else frame[columns][mask]


def _within(dates: pd.Series, start: datetime, until: datetime) -> pd.Series:
    """``start <= date < until``, compared in the dates' own unit: the bounds rounded up
    to it (a date in whole seconds is before 23:59:59.999999 when it is before 00:00:00
    next), so that a million dates are not first converted to microseconds."""
    kind = dates.dtype
    unit = np.datetime_data(kind.str)[0] if isinstance(kind, np.dtype) and kind.kind == "M" else ""
    try:
        if unit not in ("s", "ms", "us"):  # (a bound past 2262 would wrap round in ns)
            raise ValueError(unit)
        low, high = (
            pd.Timestamp(b).ceil(unit).to_datetime64().astype(f"datetime64[{unit}]")
            for b in (start, until)
        )
    except (ValueError, OverflowError):  # (a bound past the year 9999 when rounded up)
        return (dates >= start) & (dates < until)
    values = dates.to_numpy()
    return pd.Series((values >= low) & (values < high), index=dates.index)  # (NaT: neither)


def date_span(frame: pd.DataFrame, column: str) -> tuple[datetime, datetime] | None:
    """The first and last date of ``column`` (empty cells skipped); None when it has none."""
    if column not in frame:
        return None
    values = frame[column].to_numpy()
    if values.dtype.kind != "M":  # (not plain dates: pandas' own way)
        dates = frame[column]
        if not dates.notna().any():
            return None
        return dates.min().to_pydatetime(), dates.max().to_pydatetime()
    # as integers, NaT the smallest (pandas' min and max copied ten million dates first)
    stamps = values.view("i8")
    known = stamps != np.iinfo(np.int64).min
    if not known.any():
        return None
    low = np.min(stamps, where=known, initial=np.iinfo(np.int64).max)
    first, last = (pd.Timestamp(v) for v in np.array([low, stamps.max()]).view(values.dtype))
    return first.to_pydatetime(), last.to_pydatetime()


def fact_columns(metric: MetricDef) -> list[str]:
    """The columns :func:`facts_of` reads of the rows behind ``metric``."""
    return ["manager", *([metric.column] if metric.agg == "sum" and metric.column else [])]


def facts_of(metric: MetricDef, rows: pd.DataFrame) -> dict[str, float]:
    """Fact per manager from the rows behind a non-ratio metric (:func:`select_rows`; only
    :func:`fact_columns` of them are read)."""
    if metric.agg == "sum":
        grouped = rows.groupby("manager", observed=True)[str(metric.column)].sum()
    else:
        grouped = rows.groupby("manager", observed=True).size()
    return {str(k): float(v) for k, v in grouped.items()}


def _matching(metric: MetricDef, frame: pd.DataFrame) -> np.ndarray:
    """The rows ``metric`` counts, whatever their date: one bool per row, narrowed in place."""
    mask = np.ones(len(frame), dtype=bool)
    for cond in metric.where:
        mask &= cond.mask(frame)
    if (
        metric.table == "activities"
        and "done" in frame
        and not any(c.column == "done" for c in metric.where)
    ):
        # planned, not done: not counted (an unknown status counts)
        mask &= frame["done"].to_numpy(dtype=bool, na_value=True)
    if metric.date is not None:
        mask &= frame[metric.date].notna().to_numpy()
    return mask


def _first_rows(metric: MetricDef, rows: pd.DataFrame) -> pd.DataFrame:
    """For ``new:``, the earliest row of each distinct value (a client's first won deal)."""
    assert metric.column is not None and metric.date is not None
    rows = rows[rows[metric.column].notna()]
    ordered = rows.sort_values([metric.date, "_row"], kind="stable")
    return ordered.drop_duplicates(metric.column, keep="first")
