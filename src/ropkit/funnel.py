"""From the plan to today's calls, and the team's month plan split top-down. Pure.

:func:`build_plan` walks each manager's funnel (``funnel:``, e.g. calls → meetings →
proposals → deals) from the bottom: the plan still open to the period end, at the manager's
average deal, is so many deals; at their conversion between the steps, so many proposals,
meetings, calls; over their remaining working days, so many a day — beside the norm.
Conversions and the average deal are measured over ``rates.days`` before the as-of moment;
with fewer than ``rates.min_deals`` deals won there, the team's are used.

:func:`split_plan` spreads the team's monthly plan over the managers (``managers[].weight``,
or equally) and over the weeks by working days, in whole roubles and units that add up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from ropkit.calendar import WorkCalendar
from ropkit.config import Config, ManagerConfig
from ropkit.errors import RopkitError
from ropkit.i18n import Listing
from ropkit.metrics import MetricDef, compile_metric, fact_columns, facts_of, select_rows
from ropkit.periods import Period
from ropkit.scorecard import MetricInfo, Report, Scorecard, Targets
from ropkit.sources.load import Dataset
from ropkit.status import Status

#: the money the plan is in; the funnel's last step is the deal it is made of
MONEY = "revenue"
DEALS = "deals_won"
#: the default funnel, top to bottom: the steps a manager has a norm for (one kind of call:
#: cold calls for whoever has a norm for them, else outgoing calls), then the deals
CALLS = ("cold_calls", "calls_out")
MIDDLE = ("meetings", "proposals")
_EPS = 1e-9


def pair(a: str, b: str) -> str:
    """The key of a conversion: ``calls_out->proposals``."""
    return f"{a}->{b}"


@dataclass(frozen=True)
class Need:
    """One manager's (or a total's) way from the open plan to the activity of each day.

    Every mapping is keyed by metric id; ``needed`` and ``needed_per_day`` hold ``None``
    where a link of the chain could not be measured (no deals to take an average from, no
    data for a conversion: ``unknown`` says which)."""

    name: str
    mode: str | None
    steps: tuple[str, ...]  # the funnel, top to bottom; the last is the deals step
    workdays_left: float  # working days to the period end (today counted by the hours left)
    plan: dict[str, float]  # the period's plan of each metric that drives the funnel
    fact: dict[str, float]
    remaining: dict[str, float]  # plan − fact, never below 0 (revenue, planned steps)
    needed: dict[str, float | None]  # still to do to the period end: revenue and each step
    needed_per_day: dict[str, float | None]  # per remaining working day
    norm: dict[str, float]  # per working day
    rates: dict[str, float | None]  # "a->b": b per one a over the look-back
    rates_from: str  # own | team
    borrowed: tuple[str, ...] = ()  # own rates that could not be measured: the team's used
    avg_deal: float | None = None  # revenue per deal over the look-back
    won: float = 0.0  # deals won over the look-back: the sample
    unknown: tuple[str, ...] = ()  # links not measured: "avg_deal" or "a->b"
    plan_per_day: dict[str, float] = field(default_factory=dict)  # the plan's own pace

    @property
    def has_plan(self) -> bool:
        """Some metric of the funnel (or revenue) has a plan in the period."""
        return bool(self.plan)

    @property
    def done(self) -> bool:
        """Every plan met: nothing left to do."""
        return self.has_plan and all(v <= _EPS for v in self.remaining.values())

    def light(self, metric: str) -> Status | None:
        """Green where the norm is enough for the plan, red where the plan needs more a day
        than the norm; None without a norm or a figure."""
        per_day, norm = self.needed_per_day.get(metric), self.norm.get(metric)
        if per_day is None or norm is None:
            return None
        return Status.RED if per_day > norm + _EPS else Status.GREEN

    def whole(self, metric: str, per_day: bool = True) -> float | None:
        """The figure as a person acts on it: rounded up to a whole call, deal or rouble
        (41.2 calls a day is 42; 0 stays 0)."""
        value = (self.needed_per_day if per_day else self.needed).get(metric)
        return None if value is None else float(math.ceil(value - _EPS))

    @property
    def over_norm(self) -> list[str]:
        """The steps whose daily need is above the norm, top of the funnel first."""
        return [s for s in self.steps if self.light(s) is Status.RED]


@dataclass(frozen=True)
class FunnelGroup:
    """Managers with the same funnel (the default follows each one's norms: inbound and
    outbound managers differ) and their total."""

    steps: tuple[str, ...]
    managers: list[Need]
    total: Need


@dataclass(frozen=True)
class PlanReport:
    """``ropkit plan``: everything the outputs show, and nothing to compute."""

    team_name: str
    language: str
    currency: str
    period: Period
    workdays: float
    workdays_left: float
    rates_since: datetime  # the look-back: [rates_since, as_of)
    rates_days: int
    min_deals: int
    metrics: dict[str, MetricInfo]  # every metric shown, by id
    managers: list[Need]
    team: Need
    groups: list[FunnelGroup]

    @property
    def fewer_days(self) -> list[Need]:
        """Managers with fewer working days left than the team (an absence ahead)."""
        return [n for n in self.managers if n.workdays_left < self.workdays_left - _EPS]


def funnel_of(
    config: Config, man: ManagerConfig | None, present: set[str] | None = None
) -> tuple[str, ...]:
    """A manager's funnel, top to bottom: ``funnel:`` when set; else the calls, meetings and
    proposals they have a norm for, then deals won; with no such norm, those of the team's
    data (``present``: metrics with facts over the look-back)."""
    declared = config.data.funnel
    if declared:
        return tuple(declared)
    targets = Targets(config)

    def pick(has: set[str]) -> tuple[str, ...]:
        calls = next((c for c in CALLS if c in has), None)
        return (*([calls] if calls else []), *(m for m in MIDDLE if m in has), DEALS)

    normed = {m for m in (*CALLS, *MIDDLE) if targets.norm(man, m) is not None}
    return pick(normed) if normed else pick(present or set())


def build_plan(config: Config, report: Report, dataset: Dataset) -> PlanReport:
    """Each manager's and the team's way from the open plan to today's activity (see the
    module doc). ``report``: the scorecard of the period (plans, facts, working days);
    ``dataset``: the exports, read with the funnel's metrics (:func:`metrics_needed`)."""
    settings = config.data.rates
    as_of = report.period.as_of
    since = as_of - timedelta(days=settings.days)
    lang = config.data.language
    names = [c.name for c in report.managers]
    configured = {m.name: m for m in config.data.managers}
    # facts over the look-back of every metric a funnel could use
    candidates = {*CALLS, *MIDDLE, DEALS, MONEY, *(config.data.funnel or ())}
    defs = {mid: compile_metric(mid, config.metrics[mid], lang) for mid in sorted(candidates)}
    counts = {mid: _counts(m, dataset, since, as_of, names) for mid, m in defs.items()}
    present = {mid for mid, by in counts.items() if sum(by.values()) > 0}
    funnels = {n: funnel_of(config, configured.get(n), present) for n in names}
    team_rates = _team_rates(funnels, counts)
    team_won = sum(counts[DEALS].values()) if DEALS in counts else 0.0
    team_avg = _div(sum(counts[MONEY].values()), team_won)
    targets = Targets(config)
    needs = []
    for card in report.managers:
        steps = funnels[card.name]
        own = {mid: counts[mid].get(card.name, 0.0) for mid in (*steps, MONEY)}
        won = own[steps[-1]]
        if won >= settings.min_deals:
            rates, borrowed = _own_rates(steps, own, team_rates)
            avg, rates_from = _div(own[MONEY], won), "own"
        else:
            rates = {pair(a, b): team_rates.get(pair(a, b)) for a, b in pairwise(steps)}
            borrowed, avg, rates_from = (), _team_avg(steps, counts, team_avg), "team"
        man = configured.get(card.name)
        norms = {m: n for m in (MONEY, *steps) if (n := targets.norm(man, m)) is not None}
        needs.append(_walk(card, steps, rates, rates_from, borrowed, avg, won, norms))
    groups: dict[tuple[str, ...], list[Need]] = {}
    for need in needs:
        groups.setdefault(need.steps, []).append(need)
    left = report.workdays - report.workdays_elapsed
    team_steps = _union(list(groups))
    team = _total("team", None, team_steps, needs, team_rates, team_avg, team_won, left)
    shown = {MONEY, *team_steps}
    return PlanReport(
        team_name=report.team_name,
        language=report.language,
        currency=report.currency,
        period=report.period,
        workdays=report.workdays,
        workdays_left=left,
        rates_since=since,
        rates_days=settings.days,
        min_deals=settings.min_deals,
        metrics={
            mid: MetricInfo.of(defs.get(mid) or compile_metric(mid, config.metrics[mid], lang))
            for mid in sorted(shown)
        },
        managers=needs,
        team=team,
        groups=[
            FunnelGroup(
                steps,
                members,
                _total(
                    "team",
                    _common(m.mode for m in members),
                    steps,
                    members,
                    team_rates,
                    _team_avg(steps, counts, team_avg),
                    sum(m.won for m in members),
                    left,
                ),
            )
            for steps, members in groups.items()
        ],
    )


def metrics_needed(config: Config) -> list[MetricDef]:
    """The metrics ``ropkit plan`` reads beside the report's: revenue, deals and every step
    a funnel could have (so the exports are read with their columns)."""
    lang = config.data.language
    ids = {*CALLS, *MIDDLE, DEALS, MONEY, *(config.data.funnel or ())}
    return [compile_metric(mid, config.metrics[mid], lang) for mid in sorted(ids)]


def won(config: Config, dataset: Dataset, since: datetime, until: datetime) -> dict[str, float]:
    """Each team member's deals won in [``since``, ``until``), whether or not the report
    shows them (the revenue gap's split counts by them)."""
    m = compile_metric(DEALS, config.metrics[DEALS], config.data.language)
    names = [man.name for man in config.data.managers] or sorted(dataset.found)
    counted = _counts(m, dataset, since, until, names)
    return {n: counted.get(n, 0.0) for n in names} if counted or "deals" in dataset.tables else {}


def _counts(
    m: MetricDef, dataset: Dataset, since: datetime, until: datetime, names: list[str]
) -> dict[str, float]:
    """Each team member's fact of ``m`` over the look-back (none without its export)."""
    frame = dataset.tables.get(m.table or "")
    if frame is None or m.is_ratio:
        return {}
    if any(c not in frame for c in m.columns()):
        return {}  # a column the export has not got: nothing measured
    facts = facts_of(m, select_rows(m, frame, since, until, fact_columns(m)))
    return {n: facts[n] for n in names if n in facts}


def _team_rates(
    funnels: dict[str, tuple[str, ...]], counts: dict[str, dict[str, float]]
) -> dict[str, float | None]:
    """Each conversion over the managers whose funnel has it (an outbound team's meetings
    say nothing of inbound calls): their b ÷ their a; None where either is zero."""
    members: dict[tuple[str, str], list[str]] = {}
    for name, steps in funnels.items():
        for a, b in pairwise(steps):
            members.setdefault((a, b), []).append(name)
    out: dict[str, float | None] = {}
    for (a, b), who in members.items():
        top = sum(counts[a].get(n, 0.0) for n in who)
        bottom = sum(counts[b].get(n, 0.0) for n in who)
        out[pair(a, b)] = bottom / top if top > 0 and bottom > 0 else None
    return out


def _own_rates(
    steps: tuple[str, ...], own: dict[str, float], team: dict[str, float | None]
) -> tuple[dict[str, float | None], tuple[str, ...]]:
    """A manager's conversions; a step with none of its a or b over the look-back (no
    meetings logged) takes the team's, and is named."""
    rates: dict[str, float | None] = {}
    borrowed = []
    for a, b in pairwise(steps):
        key = pair(a, b)
        if own[a] > 0 and own[b] > 0:
            rates[key] = own[b] / own[a]
        else:
            rates[key] = team.get(key)
            borrowed.append(key)
    return rates, tuple(borrowed)


def _team_avg(
    steps: tuple[str, ...], counts: dict[str, dict[str, float]], team_avg: float | None
) -> float | None:
    """The team's revenue per deal; per the funnel's last step when it is not deals won."""
    if steps[-1] == DEALS:
        return team_avg
    return _div(sum(counts[MONEY].values()), sum(counts[steps[-1]].values()))


def _walk(
    card: Scorecard,
    steps: tuple[str, ...],
    rates: dict[str, float | None],
    rates_from: str,
    borrowed: tuple[str, ...],
    avg: float | None,
    won: float,
    norms: dict[str, float],
) -> Need:
    """Up the funnel from the plan still open: deals = open revenue ÷ average deal (or the
    deals plan still open, if more); each step above = the one below ÷ its conversion (or
    its own plan still open, if more); per day = ÷ the working days left."""
    plan: dict[str, float] = {}
    fact: dict[str, float] = {}
    for mid in (MONEY, *steps):
        r = card.metrics.get(mid)
        if r is not None and r.source == "plan" and r.plan is not None:
            plan[mid], fact[mid] = r.plan, r.fact or 0.0
    remaining = {mid: max(plan[mid] - fact[mid], 0.0) for mid in plan}
    needed: dict[str, float | None] = {}
    unknown: list[str] = []
    derived: float | None = None
    if MONEY in remaining:
        needed[MONEY] = remaining[MONEY]
        if remaining[MONEY] <= _EPS:
            derived = 0.0
        elif avg:
            derived = remaining[MONEY] / avg
        else:
            unknown.append("avg_deal")
    below: str | None = None
    for step in reversed(steps):
        if below is not None:
            rate = rates.get(pair(step, below))
            wanted = needed.get(below)
            if wanted is not None and wanted <= _EPS:
                derived = 0.0
            elif wanted is not None and rate:
                derived = wanted / rate
            else:
                derived = None
                if wanted is not None:
                    unknown.append(pair(step, below))
        found = [v for v in (derived, remaining.get(step)) if v is not None]
        if found or plan:
            needed[step] = max(found) if found else None
        below = step
    left = card.workdays - card.workdays_elapsed
    per_day = {mid: _per_day(v, left) for mid, v in needed.items()}
    return Need(
        name=card.name,
        mode=card.mode,
        steps=steps,
        workdays_left=left,
        plan=plan,
        fact=fact,
        remaining=remaining,
        needed=needed,
        needed_per_day=per_day,
        norm=norms,
        rates=rates,
        rates_from=rates_from,
        borrowed=borrowed,
        avg_deal=avg,
        won=won,
        unknown=tuple(unknown),
        plan_per_day={m: p / card.workdays for m, p in plan.items() if card.workdays > _EPS},
    )


def _per_day(value: float | None, left: float) -> float | None:
    if value is None:
        return None
    if value <= _EPS:
        return 0.0
    return value / left if left > _EPS else None


def _total(
    name: str,
    mode: str | None,
    steps: tuple[str, ...],
    members: list[Need],
    rates: dict[str, float | None],
    avg: float | None,
    won: float,
    left: float,
) -> Need:
    """A total is the sum of its managers (a manager ahead of plan adds nothing); its
    conversions and average deal are the team's."""

    def add(attr: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for need in members:
            for mid, v in getattr(need, attr).items():
                if v is not None:
                    out[mid] = out.get(mid, 0.0) + v
        return out

    needed = add("needed")
    per_day = add("needed_per_day")
    # a per-day figure is unknown for the total where a manager who needs something has none
    for need in members:
        for mid, v in need.needed.items():
            if v is not None and v > _EPS and need.needed_per_day.get(mid) is None:
                per_day.pop(mid, None)
    unknown = tuple(dict.fromkeys(u for need in members for u in need.unknown))
    keys = dict.fromkeys(pair(a, b) for need in members for a, b in pairwise(need.steps))
    return Need(
        name=name,
        mode=mode,
        steps=steps,
        workdays_left=left,
        plan=add("plan"),
        fact=add("fact"),
        remaining=add("remaining"),
        needed=dict(needed),
        needed_per_day=dict(per_day),
        norm=add("norm"),
        rates={k: rates.get(k) for k in keys},
        rates_from="team",
        avg_deal=avg,
        won=won,
        unknown=unknown,
        plan_per_day=add("plan_per_day"),
    )


def _union(funnels: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Every step of the funnels, in their order (calls before meetings before deals)."""
    order = [*CALLS, *MIDDLE]
    seen = list(dict.fromkeys(s for f in funnels for s in f))
    bottom = [f[-1] for f in funnels]
    body = [s for s in seen if s not in bottom]
    body.sort(key=lambda s: order.index(s) if s in order else len(order))
    return (*body, *dict.fromkeys(bottom))


def _common(values: object) -> str | None:
    found = set(values)  # type: ignore[call-overload]
    return found.pop() if len(found) == 1 else None


def _div(a: float, b: float) -> float | None:
    return a / b if b > 0 else None


# --- the split: the team's month over the managers and the weeks ----------------------


@dataclass(frozen=True)
class SplitWeek:
    """A week of the month (Monday to Sunday, cut at the month's edges) and its share."""

    start: date
    end: date
    workdays: int
    values: dict[str, int]


@dataclass(frozen=True)
class SplitShare:
    """One manager's part of the month: their weight, share and the figures by week."""

    name: str
    weight: float
    share: float
    values: dict[str, int]
    weeks: list[SplitWeek]


@dataclass(frozen=True)
class Split:
    """``ropkit plan --split``: the month's team plan per manager and week, in whole roubles
    and units, every column adding up to its total."""

    team_name: str
    language: str
    currency: str
    year: int
    month: int
    workdays: int
    metrics: dict[str, MetricInfo]
    totals: dict[str, int]
    given: bool  # the totals came from --total (else: the config's plans for the month, summed)
    weighted: bool  # some manager has a weight
    managers: list[SplitShare]
    weeks: list[SplitWeek]  # the team: the sum of the managers' weeks
    skipped: list[str]  # ratio targets (average deal): not split

    @property
    def key(self) -> str:
        """The month as norms.yaml writes it: ``2026-12``."""
        return f"{self.year:04d}-{self.month:02d}"


_TOTAL_RE = re.compile(r"^\s*([A-Za-z_][\w]*)\s*=\s*([0-9][0-9\s_ \u00a0]*(?:[.,]\d+)?)\s*$")


def parse_totals(texts: list[str], config: Config) -> dict[str, float]:
    """``--total revenue=25000000`` (spaces, ``_`` and a decimal comma allowed): metric id ->
    the team's month total; an unknown metric or a ratio is an error saying which."""
    out: dict[str, float] = {}
    for text in texts:
        m = _TOTAL_RE.match(text)
        if m is None:
            raise RopkitError("error.bad_total", text=text)
        mid = m.group(1)
        if mid not in config.metrics:
            raise RopkitError("error.total_metric", metric=mid, metrics=Listing(config.metrics))
        if config.metrics[mid].ratio is not None:
            raise RopkitError("error.total_ratio", metric=mid)
        digits = re.sub(r"[\s_]", "", m.group(2)).replace(",", ".")
        out[mid] = float(digits)
    return out


def split_plan(
    config: Config,
    year: int,
    month: int,
    calendar: WorkCalendar,
    totals: dict[str, float] | None = None,
) -> Split:
    """The team's plan for the month (``totals``, or the managers' plans for that month from
    the config, summed) spread over the managers by weight (1 where none is set) and each
    manager's part over the weeks by working days; every figure whole (largest remainder:
    the parts add up to the total)."""
    people = config.data.managers
    if not people:
        raise RopkitError("error.split_no_managers", path=config.file)
    given = totals is not None
    targets = Targets(config)
    lang = config.data.language
    skipped: list[str] = []
    if totals is None:
        found: dict[str, float] = {}
        for mid in _planned(config, year, month):
            if config.metrics[mid].ratio is not None:
                skipped.append(mid)
                continue
            each = [targets.month_plan(man, mid, year, month) for man in people]
            found[mid] = sum(v for v in each if v is not None)
        totals = found
    if not totals:
        raise RopkitError("error.split_no_plan", month=f"{year:04d}-{month:02d}")
    whole = {mid: math.floor(v + 0.5) for mid, v in totals.items()}
    weights = [man.weight if man.weight is not None else 1.0 for man in people]
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    weeks = _weeks(first, last, calendar)
    per_man = {mid: largest_remainder(total, weights) for mid, total in whole.items()}
    shares: list[SplitShare] = []
    for i, man in enumerate(people):
        values = {mid: per_man[mid][i] for mid in whole}
        by_week = {
            mid: largest_remainder(v, [float(w) for _, _, w in weeks], first=i)
            for mid, v in values.items()
        }
        shares.append(
            SplitShare(
                man.name,
                weights[i],
                weights[i] / sum(weights),
                values,
                [
                    SplitWeek(s, e, w, {mid: by_week[mid][j] for mid in values})
                    for j, (s, e, w) in enumerate(weeks)
                ],
            )
        )
    team_weeks = [
        SplitWeek(s, e, w, {mid: sum(sh.weeks[j].values[mid] for sh in shares) for mid in whole})
        for j, (s, e, w) in enumerate(weeks)
    ]
    return Split(
        team_name=config.data.team,
        language=lang,
        currency=config.data.currency,
        year=year,
        month=month,
        workdays=sum(w for _, _, w in weeks),
        metrics={
            mid: MetricInfo.of(compile_metric(mid, config.metrics[mid], lang)) for mid in whole
        },
        totals=whole,
        given=given,
        weighted=any(man.weight is not None for man in people),
        managers=shares,
        weeks=team_weeks,
        skipped=skipped,
    )


def largest_remainder(total: int, weights: list[float], first: int = 0) -> list[int]:
    """``total`` in whole parts proportional to ``weights`` that add up to it: each part
    rounded down, the units left over going to the largest fractions (on a tie, the first
    from position ``first`` on: managers' weeks each start their ties elsewhere, so the
    leftover units do not all pile into one week).
    All weights zero: nothing to spread (all zeros, or the total on the first part)."""
    whole = sum(weights)
    if whole <= 0:
        return [total if i == 0 else 0 for i in range(len(weights))]
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x + _EPS) for x in exact]
    left = total - sum(parts)
    # ties are broken in turn among the parts that can take a unit (a week with working days)
    able = [i for i, w in enumerate(weights) if w > 0]
    turn = {i: (k - first) % len(able) for k, i in enumerate(able)}
    order = sorted(able, key=lambda i: (-(exact[i] - parts[i]), turn[i]))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _weeks(first: date, last: date, calendar: WorkCalendar) -> list[tuple[date, date, int]]:
    """The month's weeks, Monday to Sunday cut at its edges, with their working days."""
    out = []
    start = first
    while start <= last:
        end = min(start + timedelta(days=6 - start.weekday()), last)
        out.append((start, end, len(calendar.workdays(start, end))))
        start = end + timedelta(days=1)
    return out


def _planned(config: Config, year: int, month: int) -> list[str]:
    """Metrics with a plan for the month anywhere in the config, in the order written."""
    key = f"{year:04d}-{month:02d}"
    data = config.data
    layers = [data.plan, data.months.get(key, {})]
    for man in data.managers:
        layers += [man.plan, man.months.get(key, {})]
    return list(dict.fromkeys(mid for layer in layers for mid in layer))
