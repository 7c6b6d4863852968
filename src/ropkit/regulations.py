"""The sales regulations (регламенты): leads answered in time, missed calls returned, deals
kept moving, tasks done by their deadline, large deals looked after. Pure.

Each rule of ``regulations:`` is checked on the canonical rows for a window of time (the
report's period, or the last working day for ``ropkit daily``) as of a moment, and gives
per manager how many cases it checked, the violations with the rows behind them (file,
row) and a light: green at ``max`` violations or fewer, red above. Working time is the
calendar's: only ``calendar.hours`` of working days count. A rule whose export or columns
are missing says so once, as a notice; it never stops the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ropkit.calendar import WorkCalendar
from ropkit.config import Config, RegulationsConfig
from ropkit.sources.load import Dataset
from ropkit.sources.normalize import map_unique
from ropkit.status import Notice, Status

#: the table each rule checks, and the tables it also reads when they are configured
RULE_TABLES: dict[str, tuple[str, ...]] = {
    "lead_reaction": ("leads", "activities"),
    "missed_calls": ("activities",),
    "stale_deals": ("deals", "activities", "tasks"),
    "overdue_tasks": ("tasks",),
    "large_deals": ("deals", "activities"),
}
_CALLS = ("call_out", "call_in", "call_missed")
_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class Window:
    """What a check covers, judged at ``as_of``: the cases that began in [``start``,
    ``until``) (a report's period), or with ``by_deadline`` those whose allowance ran out in
    it (a day's check: a lead of Friday 17:50 is Monday's when its 30 minutes end Monday at
    09:20, and a missed call of Saturday too), so each case belongs to exactly one day."""

    start: datetime
    until: datetime
    as_of: datetime
    by_deadline: bool = False


@dataclass(frozen=True)
class Violation:
    """One case against a rule, and where it is in the exports."""

    rule: str
    manager: str
    at: datetime  # the lead's creation, the missed call, the deal's last activity, the deadline
    subject: str  # the lead or deal id, the caller's number, the task's title
    reason: str  # late | never | quiet | no_task | quiet_no_task | open
    value: float | None  # waited: working minutes (leads), working hours (calls), days (deals)
    file: str
    row: int


@dataclass(frozen=True)
class Check:
    """A rule for one manager (or the team): cases checked, violations and the light."""

    checked: int
    violations: int
    status: Status | None  # None when there was nothing to check
    median: float | None = None  # lead_reaction: the median wait, working minutes
    share_ok: float | None = None  # lead_reaction: the share answered within the norm


@dataclass(frozen=True)
class RuleResult:
    rule: str
    limit: float | None  # the rule's threshold: minutes, hours, days or an amount
    max: int
    managers: dict[str, Check]
    team: Check
    violations: list[Violation]


@dataclass(frozen=True)
class LargeDeal:
    """An open deal at or above ``large_deals.amount``."""

    id: str
    manager: str
    amount: float
    stage: str | None
    stage_days: int | None  # days in the current stage, when the export says since when
    last_activity: datetime | None
    days_since_activity: int | None
    quiet: bool | None  # no activity in the allowed working days; None: cannot tell
    file: str
    row: int


@dataclass(frozen=True)
class Regulations:
    rules: dict[str, RuleResult] = field(default_factory=dict)
    large_deals: list[LargeDeal] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    window: Window | None = None  # what was checked; None when no rule is on

    def of(self, name: str) -> Regulations:
        """One manager's part (their own report)."""
        rules = {
            rule: replace(
                r,
                managers={m: c for m, c in r.managers.items() if m == name},
                violations=[v for v in r.violations if v.manager == name],
            )
            for rule, r in self.rules.items()
        }
        deals = [d for d in self.large_deals if d.manager == name]
        return Regulations(rules, deals, self.notices, self.window)


def tables_needed(settings: RegulationsConfig) -> list[str]:
    """The tables the rules that are on read, in a fixed order (the row accounting lists
    them in the order they are read)."""
    return list(dict.fromkeys(t for rule in settings.on for t in RULE_TABLES[rule]))


def check(config: Config, dataset: Dataset, window: Window, calendar: WorkCalendar) -> Regulations:
    """Every rule that is on, for ``window``."""
    settings = config.data.regulations
    names = [m.name for m in config.data.managers] or sorted(dataset.found)
    files = {i: f.name for i, f in enumerate(dataset.files)}
    ctx = _Context(dataset.tables, window, calendar, files, names)
    out = Regulations(window=window if settings.on else None)
    for rule, cfg in settings.on.items():
        missing_table = next((t for t in RULE_TABLES[rule][:1] if t not in dataset.tables), None)
        if missing_table is not None:
            out.notices.append(Notice("rule_source", {"rule": rule, "table": missing_table}))
            continue
        found = _RULES[rule](ctx, cfg)
        if isinstance(found, Notice):
            out.notices.append(found)
            continue
        cases, limit, extra = found
        out.rules[rule] = _result(rule, limit, cfg.max, cases, names, ctx)
        out.notices.extend(x for x in extra if isinstance(x, Notice))
        if rule == "large_deals":
            out.large_deals.extend(x for x in extra if isinstance(x, LargeDeal))
            if any(d.quiet is None for d in extra):  # listed, but nothing tells the last touch
                columns = "activities.deal_id, deals.touched_at"
                out.notices.append(Notice("rule_column", {"rule": rule, "columns": columns}))
    return out


@dataclass(frozen=True)
class _Context:
    tables: dict[str, pd.DataFrame]
    window: Window
    calendar: WorkCalendar
    files: dict[int, str]
    names: list[str]

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)


# a rule gives its cases (one row per case: manager, at, subject, reason, value, violation,
# _file, _row; reason/value only for violations), its limit and anything extra it lists
_Found = tuple[pd.DataFrame, float | None, list[Any]]


def _lead_reaction(ctx: _Context, cfg: Any) -> _Found | Notice:
    leads = ctx.tables["leads"]
    acts = _done(ctx.table("activities"))
    by_lead = acts is not None and "lead_id" in acts and "id" in leads
    by_phone = acts is not None and "phone" in acts and "phone" in leads
    if "first_contact_at" not in leads and not by_lead and not by_phone:
        return Notice(
            "rule_column",
            {
                "rule": "lead_reaction",
                "columns": "leads.first_contact_at, activities.lead_id, leads.phone + "
                "activities.phone",
            },
        )
    w = ctx.window
    cases = _judged(leads, "created_at", ctx, cfg.minutes * 60).copy()
    created = cases["created_at"]
    contact = (
        cases["first_contact_at"]
        if "first_contact_at" in cases
        else pd.Series(pd.NaT, index=cases.index, dtype="datetime64[ns]")
    )
    if acts is not None and (by_lead or by_phone):
        contacts = acts[~acts["kind"].isin(["call_missed"])]
        incoming = contacts[contacts["kind"].isin(["call_in"])]
        firsts = []
        for key, on in (("lead_id", by_lead), ("phone", by_phone)):
            if not on:
                continue
            own = _numbers(cases["phone"]) if key == "phone" else _keys(cases["id"])
            theirs = _phones(contacts[key]) if key == "phone" else _keys(contacts[key])
            firsts.append(_next_after(created, own, contacts["at"], theirs, exact=True))
            # the answered call that made the lead began a moment before the CRM wrote it
            theirs = theirs[incoming.index]
            began = created - _CALL_MADE_LEAD
            firsts.append(_next_after(began, own, incoming["at"], theirs, exact=True))
        # the earliest of the activities on the lead and the calls to or from its number
        first = pd.concat(firsts, axis=1).min(axis=1).astype("datetime64[ns]")
        contact = contact.fillna(first)
    contact = contact.where(contact <= w.as_of)
    waited = pd.Series(ctx.calendar.work_seconds(created, contact) / 60, index=cases.index)
    so_far = pd.Series(ctx.calendar.work_seconds(created, w.as_of) / 60, index=cases.index)
    cases["value"] = waited.clip(lower=0).fillna(so_far)
    never = contact.isna()
    cases["reason"] = np.where(never, "never", "late")
    cases["violation"] = cases["value"] > cfg.minutes + 1e-9
    # a lead not answered yet whose time has not run out is not judged yet
    cases = cases[~never | cases["violation"]]
    cases["answered"] = ~never[cases.index]
    cases["subject"] = _text(cases, "id")
    cases["at"] = cases["created_at"]
    return cases, float(cfg.minutes), []


#: an answered call this long before a lead's creation is the call that made the lead
_CALL_MADE_LEAD = timedelta(minutes=10)


def _missed_calls(ctx: _Context, cfg: Any) -> _Found | Notice:
    acts = ctx.tables["activities"]
    if "phone" not in acts:
        return Notice("rule_column", {"rule": "missed_calls", "columns": "activities.phone"})
    w = ctx.window
    calls = acts[acts["kind"].isin(_CALLS)]  # on the categories: a year of rows is cheap
    calls = calls.assign(number=_phones(calls["phone"]))
    calls = calls[calls["number"].notna()]
    kind = calls["kind"].astype(str)
    # a missed call happened whatever its "done" says (Bitrix24 may leave it open); only a
    # call that took place returns it
    missed = calls[(kind == "call_missed") & (calls["at"] < w.until) & (calls["at"] <= w.as_of)]
    missed = missed[missed["manager"].notna()]
    returns = _done(calls[kind != "call_missed"])
    assert returns is not None
    back = _next_after(missed["at"], missed["number"], returns["at"], returns["number"])
    back = back.where(back <= w.as_of)
    # one client calling three times before anyone calls back is one case, from the first
    series = pd.DataFrame({"number": missed["number"], "back": back.fillna(pd.Timestamp.max)})
    missed = missed[~series.duplicated()].assign(back=back)
    missed = _judged(missed, "at", ctx, cfg.hours * 3600).copy()
    back = missed["back"]
    hours = pd.Series(ctx.calendar.work_seconds(missed["at"], back) / 3600, index=missed.index)
    so_far = pd.Series(ctx.calendar.work_seconds(missed["at"], w.as_of) / 3600, index=missed.index)
    missed["value"] = hours.fillna(so_far)
    never = back.isna()
    missed["reason"] = np.where(never, "never", "late")
    missed["violation"] = missed["value"] > cfg.hours + 1e-9
    missed = missed[~never | missed["violation"]]
    missed["subject"] = _text(missed, "phone")  # the number as the export writes it
    return missed, float(cfg.hours), []


def _stale_deals(ctx: _Context, cfg: Any) -> _Found | Notice:
    w = ctx.window
    deals = _open_deals(ctx.tables["deals"], w)
    last = _last_activity(deals, ctx.table("activities"), w.as_of)
    if last is None:
        return Notice(
            "rule_column",
            {"rule": "stale_deals", "columns": "activities.deal_id, deals.touched_at"},
        )
    since = last.fillna(deals["created_at"]) if "created_at" in deals else last
    deals = deals.assign(at=since)
    deals = deals[deals["at"].notna()].copy()
    quiet_for = w.as_of - deals["at"]
    quiet = quiet_for > timedelta(days=cfg.days)  # 7 days and an hour is more than 7
    no_task = pd.Series(False, index=deals.index)
    tasks = ctx.table("tasks")
    said: list[Any] = []
    if tasks is not None and "deal_id" not in tasks:  # quiet deals are judged all the same
        said.append(Notice("rule_column", {"rule": "stale_deals", "columns": "tasks.deal_id"}))
    elif tasks is not None:
        open_ids = set(tasks.loc[_open_tasks(tasks, w.as_of), "deal_id"].dropna().astype(str))
        no_task = ~deals["id"].astype(str).isin(open_ids)
    days = quiet_for.dt.days
    deals["value"] = days.astype(float)
    deals["violation"] = quiet | no_task
    deals["reason"] = np.select(
        [quiet & no_task, quiet, no_task], ["quiet_no_task", "quiet", "no_task"], ""
    )
    deals["subject"] = _text(deals, "id")
    return deals, float(cfg.days), said


def _overdue_tasks(ctx: _Context, cfg: Any) -> _Found | Notice:
    w = ctx.window
    tasks = _in_window(ctx.tables["tasks"], "deadline", w).copy()
    deadline = tasks["deadline"]
    # a deadline without a time of day (00:00) is the end of that day
    due = deadline.where(deadline.dt.normalize() != deadline, deadline + timedelta(days=1))
    tasks = tasks[due <= w.as_of].copy()
    due = due[tasks.index]
    closed = (
        tasks["closed_at"].where(tasks["closed_at"] <= w.as_of)
        if "closed_at" in tasks
        else pd.Series(pd.NaT, index=tasks.index, dtype="datetime64[ns]")
    )
    done = tasks["done"].astype("boolean").fillna(False) if "done" in tasks else False
    # closed with no closing date: the export cannot say it was late; it is not counted
    still_open = closed.isna() & ~pd.Series(done, index=tasks.index).astype(bool)
    late = closed > due
    tasks["violation"] = still_open | late
    tasks["reason"] = np.where(still_open, "open", "late")
    tasks["value"] = None
    tasks["subject"] = _text(tasks, "title") if "title" in tasks else _text(tasks, "id")
    tasks["at"] = deadline[tasks.index]
    return tasks, None, []


def _large_deals(ctx: _Context, cfg: Any) -> _Found | Notice:
    w = ctx.window
    deals = _open_deals(ctx.tables["deals"], w)
    if "amount" not in deals:
        return Notice("rule_column", {"rule": "large_deals", "columns": "deals.amount"})
    deals = deals[deals["amount"] >= cfg.amount - 1e-9].copy()
    last = _last_activity(deals, ctx.table("activities"), w.as_of)
    today = w.as_of.date()
    allowed = ctx.calendar.last_workdays(today - timedelta(days=1), cfg.days)
    since = pd.Timestamp(allowed[0] if allowed else today)
    if last is None:
        deals["violation"] = False
        seen = pd.Series(pd.NaT, index=deals.index, dtype="datetime64[ns]")
    else:
        seen = last.fillna(deals["created_at"]) if "created_at" in deals else last
        deals["violation"] = ~(seen >= since)
    deals["at"] = seen
    deals["value"] = (w.as_of - seen).dt.days.astype(float)
    deals["reason"] = "quiet"
    deals["subject"] = _text(deals, "id")
    stage_days = (
        (w.as_of - deals["stage_at"]).dt.days
        if "stage_at" in deals
        else pd.Series(np.nan, index=deals.index)
    )
    judged = last is not None
    listed = [
        LargeDeal(
            id=subject,
            manager=manager,
            amount=amount,
            stage=_str_or_none(stage),
            stage_days=_int_or_none(in_stage),
            last_activity=_dt_or_none(touched) if judged else None,
            days_since_activity=_int_or_none(days) if judged else None,
            quiet=bool(quiet) if judged else None,
            file=ctx.files.get(file, ""),
            row=row,
        )
        for subject, manager, amount, stage, in_stage, touched, days, quiet, file, row in zip(
            deals["subject"].astype(str).tolist(),
            deals["manager"].astype(str).tolist(),
            deals["amount"].astype(float).tolist(),
            (deals["stage"] if "stage" in deals else pd.Series(None, index=deals.index)).tolist(),
            stage_days.tolist(),
            (last if last is not None else seen).astype(object).tolist(),
            deals["value"].tolist(),
            deals["violation"].tolist(),
            deals["_file"].astype(int).tolist(),
            deals["_row"].astype(int).tolist(),
            strict=True,
        )
    ]
    listed.sort(
        key=lambda d: (
            -(d.days_since_activity if d.days_since_activity is not None else 10**9),
            -d.amount,
        )
    )
    if last is None:
        deals = deals.iloc[0:0]  # listed, but nothing to judge them by
    return deals, float(cfg.amount), listed


_RULES: dict[str, Callable[[_Context, Any], _Found | Notice]] = {
    "lead_reaction": _lead_reaction,
    "missed_calls": _missed_calls,
    "stale_deals": _stale_deals,
    "overdue_tasks": _overdue_tasks,
    "large_deals": _large_deals,
}


def _result(
    rule: str, limit: float | None, most: int, cases: pd.DataFrame, names: list[str], ctx: _Context
) -> RuleResult:
    """Per manager counts and lights, and the violations in the order a head reads them."""
    managers: dict[str, Check] = {}
    manager = cases["manager"].astype(str)
    for name in names:
        mine = cases[manager == name]
        managers[name] = _check(rule, mine, most)
    team = _check(rule, cases[cases["manager"].notna()], most)
    reds = [c.status for c in managers.values() if c.status is not None]
    team = replace(
        team,
        status=Status.RED if Status.RED in reds else Status.GREEN if reds else None,
    )
    bad = cases[cases["violation"].astype(bool) & cases["manager"].notna()]
    # the managers in the config's order, each one's cases in time order
    order = {name: i for i, name in enumerate(names)}
    rank = bad["manager"].astype(str).map(order).fillna(len(order))
    bad = bad.assign(_order=rank).sort_values(["_order", "at"], kind="stable")
    # whole columns to Python values at once: a year of calls can hold thousands of cases
    ats = [None if a is pd.NaT else a for a in bad["at"].astype(object).tolist()]
    values = pd.to_numeric(bad["value"], errors="coerce").astype(object)
    files = bad["_file"].map(ctx.files).fillna("")
    violations = [
        Violation(
            rule,
            manager,
            at or ctx.window.as_of,
            subject,
            reason,
            None if value != value else float(value),  # NaN: no value
            file,
            row,
        )
        for manager, at, subject, reason, value, file, row in zip(
            bad["manager"].astype(str).tolist(),
            ats,
            bad["subject"].astype(str).tolist(),
            bad["reason"].astype(str).tolist(),
            values.tolist(),
            files.astype(str).tolist(),
            bad["_row"].astype(int).tolist(),
            strict=True,
        )
    ]
    return RuleResult(rule, limit, most, managers, team, violations)


def _check(rule: str, cases: pd.DataFrame, most: int) -> Check:
    checked = len(cases)
    violations = int(cases["violation"].astype(bool).sum())
    status = None if checked == 0 else Status.GREEN if violations <= most else Status.RED
    if rule != "lead_reaction" or checked == 0:
        return Check(checked, violations, status)
    answered = cases.loc[cases["answered"].astype(bool), "value"]
    median = float(answered.median()) if len(answered) else None
    return Check(checked, violations, status, median, (checked - violations) / checked)


def _judged(frame: pd.DataFrame, column: str, ctx: _Context, allowance: float) -> pd.DataFrame:
    """The cases a window judges: begun in it, or (``by_deadline``) whose ``allowance`` of
    working seconds from ``column`` ran out in it."""
    w = ctx.window
    if not w.by_deadline:
        return _in_window(frame, column, w)
    at = frame[column]
    early = frame[(at < w.until) & (at <= w.as_of) & frame["manager"].notna()]
    spent_by_start = ctx.calendar.work_seconds(early[column], np.datetime64(w.start))
    spent_by_end = ctx.calendar.work_seconds(early[column], np.datetime64(w.until))
    ran_out = (spent_by_start < allowance - 1e-6) & (spent_by_end >= allowance - 1e-6)
    judged: pd.DataFrame = early[ran_out]
    return judged


def _in_window(frame: pd.DataFrame, column: str, w: Window) -> pd.DataFrame:
    """The team's rows whose ``column`` falls in the window."""
    at = frame[column]
    return frame[(at >= w.start) & (at < w.until) & (at <= w.as_of) & frame["manager"].notna()]


def _done(acts: pd.DataFrame | None) -> pd.DataFrame | None:
    """Activities that happened (a planned one is no contact); empty ``done`` is done."""
    if acts is None or "done" not in acts:
        return acts
    return acts[acts["done"].astype("boolean").fillna(True).astype(bool)]


def _open_deals(deals: pd.DataFrame, w: Window) -> pd.DataFrame:
    """Deals open at the as-of moment (the export's state) that were created by then."""
    mask = (deals["outcome"].astype(str) == "open") & deals["manager"].notna()
    if "created_at" in deals:
        mask &= ~(deals["created_at"] > w.as_of)
    return deals[mask]


def _open_tasks(tasks: pd.DataFrame, as_of: datetime) -> pd.Series:
    closed = tasks["closed_at"] <= as_of if "closed_at" in tasks else False
    done = tasks["done"].astype("boolean").fillna(False) if "done" in tasks else False
    return ~(pd.Series(closed, index=tasks.index) | pd.Series(done, index=tasks.index))


def _last_activity(
    deals: pd.DataFrame, acts: pd.DataFrame | None, as_of: datetime
) -> pd.Series | None:
    """Each deal's latest activity by the as-of moment: from the activities linked to it
    and the deal's own last-activity column, the later one; None when neither exists."""
    found: list[pd.Series] = []
    acts = _done(acts)
    if acts is not None and "deal_id" in acts and "id" in deals:
        linked = acts[acts["deal_id"].notna() & (acts["at"] <= as_of)]
        latest = linked.groupby(linked["deal_id"].astype(str), observed=True)["at"].max()
        # reindex, not map: a map on an empty series would try to make floats of dates
        seen = latest.reindex(deals["id"].astype(str)).to_numpy()
        found.append(pd.Series(seen, index=deals.index, dtype="datetime64[ns]"))
    if "touched_at" in deals:
        found.append(deals["touched_at"].where(deals["touched_at"] <= as_of))
    if not found:
        return None
    out = found[0]
    for more in found[1:]:
        out = pd.concat([out, more], axis=1).max(axis=1)
    return pd.Series(out, index=deals.index, dtype="datetime64[ns]")


def _next_after(
    after: pd.Series, keys: pd.Series, at: pd.Series, their_keys: pd.Series, exact: bool = False
) -> pd.Series:
    """For each case (``after``, ``keys``: one key or a list of them), the first moment of
    ``at`` with the same key after ``after`` (``exact``: at it or after); NaT for none."""
    empty = pd.Series(pd.NaT, index=after.index, dtype="datetime64[ns]")
    left = pd.DataFrame({"_t": after, "_k": keys}, index=after.index).explode("_k")
    left = left[left["_t"].notna() & left["_k"].notna()].reset_index()
    right = pd.DataFrame({"_t": at, "_k": their_keys, "_found": at})
    right = right[right["_t"].notna() & right["_k"].notna()]
    if left.empty or right.empty:
        return empty
    # one time unit (a date with a separate time column is finer than one without), and
    # the keys as integer codes: merge_asof groups integers far faster than text
    for side in (left, right):
        side["_t"] = side["_t"].astype("datetime64[ns]")
    codes, _ = pd.factorize(pd.concat([left["_k"], right["_k"]], ignore_index=True))
    left["_k"], right["_k"] = codes[: len(left)], codes[len(left) :]
    merged = pd.merge_asof(
        left.sort_values("_t"),
        right.sort_values("_t"),
        on="_t",
        by="_k",
        direction="forward",
        allow_exact_matches=exact,
    )
    # a case with several numbers: the first of their answers
    first = merged.groupby("index")["_found"].min()
    return first.reindex(after.index).astype("datetime64[ns]")


def _keys(values: pd.Series) -> pd.Series:
    return values.astype("string")


_EXTENSION = re.compile(r"(доб|ext|вн)\.?.*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,;/\n]")


def _numbers_in(text: str) -> list[str]:
    """The numbers of a cell as their last ten digits (8 916…, +7 916…, 7916… are one
    number): several of them split on ``,`` ``;`` ``/``, an extension (``доб. 123``) cut off;
    hidden numbers (``Номер скрыт``) are none."""
    found = []
    for part in _SEPARATORS.split(text):
        digits = _NOT_DIGIT.sub("", _EXTENSION.sub("", part))
        if len(digits) >= 5:
            found.append(digits[-10:])
    return found


def _numbers(values: pd.Series) -> pd.Series:
    """Every number of each cell (a lead may leave two), as a list; worked out once per
    distinct cell (not :func:`map_unique`: lists make no categories)."""
    codes = values.astype("category")
    found = [_numbers_in(str(c)) or None for c in codes.cat.categories]
    table = pd.Series([*found, None], dtype=object)
    picked = codes.cat.codes.to_numpy()  # -1 (empty): the last entry, None
    return pd.Series(table.to_numpy()[picked], index=values.index)


def _phones(values: pd.Series) -> pd.Series:
    """The number of each call (the first of a cell), as :func:`_numbers_in` reads it."""
    return map_unique(values, lambda c: next(iter(_numbers_in(c)), None)).astype("string")


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index)
    return frame[column].astype("string").fillna("")


def _missing(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def _str_or_none(v: Any) -> str | None:
    return None if _missing(v) else str(v)


def _int_or_none(v: Any) -> int | None:
    return None if _missing(v) else int(v)


def _dt_or_none(v: Any) -> datetime | None:
    if _missing(v):
        return None
    result: datetime = pd.Timestamp(v).to_pydatetime()
    return result
