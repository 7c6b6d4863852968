"""The 5-minute stand-up (планёрка): what concerns everyone, then one-on-ones.

Pure: takes the month-to-date :class:`Report`, the last working day's, the config (who is
away or new) and the judged commitments; returns an :class:`Agenda` every output formats.

- **Для всех**: metrics where the team total is red, or where at least half of the managers
  with a target on it are red; worst first, at most :data:`GROUP_MAX`.
- **Индивидуально**: each manager with a red metric, worst first; the metrics with the gap
  (units and share of the plan to date) and one question fitted to the cause:
  few calls (an activity metric red) → what stops doing N today; activity fine but few deals
  → conversion; deals fine but revenue short or the average deal small → the average deal.
  A manager away on the stand-up day or the last working day, or hired less than
  :data:`NEW_DAYS` days ago, gets no question (the item says why).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ropkit.calendar import WorkCalendar
from ropkit.commitments import Judged
from ropkit.config import Config, ManagerConfig
from ropkit.gap import Gap
from ropkit.scorecard import MetricInfo, MetricResult, Report, Scorecard
from ropkit.status import Status

GROUP_MAX = 3
NEW_DAYS = 30  # a manager hired less than this many days ago is new: no question yet

#: the metrics the cause is read from (built-in ids; a config may define others)
DEALS, REVENUE, AVG_CHECK = "deals_won", "revenue", "avg_check"


@dataclass(frozen=True)
class Line:
    """One metric of the team or a manager: month to date, and the last working day."""

    metric: MetricInfo
    result: MetricResult  # month to date
    day: MetricResult | None  # the last working day (None where that report has no such metric)

    @property
    def gap(self) -> float | None:
        """How far behind the plan to date, in the metric's units (positive = behind)."""
        r = self.result
        if r.fact is None or r.plan_to_date is None:
            return None
        return r.fact - r.plan_to_date if self.metric.lower_is_better else r.plan_to_date - r.fact

    @property
    def gap_share(self) -> float | None:
        """The gap as a share of the plan to date."""
        gap, due = self.gap, self.result.plan_to_date
        return None if gap is None or not due else gap / due

    @property
    def gap_shown(self) -> float | None:
        """The gap's share as the outputs show it: what the shown % leaves to 100% (37% is
        63% behind), so the two always add up."""
        shown = self.result.shown
        if shown is None:
            return None
        return shown - 1 if self.metric.lower_is_better else 1 - shown


@dataclass(frozen=True)
class GroupItem:
    line: Line
    red: int  # managers red on it
    of: int  # managers with a target on it


@dataclass(frozen=True)
class Question:
    """The question for a manager: a cause and its figures; the words are in the catalogs
    (``agenda.q.<cause>``)."""

    cause: str  # activity | conversion | avg_check | other
    metric: MetricInfo  # the metric the question is about
    params: dict[str, float]


@dataclass(frozen=True)
class Individual:
    manager: str
    lines: list[Line]  # the red metrics, worst first
    question: Question | None
    skip: str | None = None  # why there is no question: "absent" | "new"

    @property
    def cause(self) -> str | None:
        return self.question.cause if self.question else None


@dataclass(frozen=True)
class Agenda:
    report: Report  # month to date
    day: Report  # the last working day
    group: list[GroupItem]
    individual: list[Individual]

    @property
    def commitments(self) -> list[Judged]:
        return self.report.commitments

    @property
    def language(self) -> str:
        return self.report.language

    @property
    def as_of(self) -> datetime:
        return self.report.period.as_of


def last_workday(as_of: datetime, calendar: WorkCalendar) -> date:
    """The day the stand-up looks back on: the as-of day itself once its working hours are
    over (an evening run, or ``--date``), else the working day before it."""
    today = as_of.date()
    if calendar.is_workday(today) and as_of.time() >= calendar.day_end:
        return today
    found = calendar.last_workdays(today - timedelta(days=1), 1)
    return found[0] if found else today - timedelta(days=1)


def build_agenda(config: Config, report: Report, day: Report) -> Agenda:
    """The stand-up from the month-to-date ``report`` (with its judged commitments) and
    the last working ``day``."""
    by_name = {m.name: m for m in config.data.managers}
    day_cards = {c.name: c for c in day.managers}

    group: list[GroupItem] = []
    for m in report.metrics:
        team = report.team.metrics[m.id]
        judged_cards = [c for c in report.managers if c.metrics[m.id].status is not None]
        red = sum(c.metrics[m.id].status is Status.RED for c in judged_cards)
        if team.status is Status.RED or (judged_cards and 2 * red >= len(judged_cards) > 1):
            group.append(
                GroupItem(Line(m, team, day.team.metrics.get(m.id)), red, len(judged_cards))
            )
    group.sort(key=lambda g: _worst(g.line))
    group = group[:GROUP_MAX]

    individual: list[Individual] = []
    for card in report.managers:
        today_card = day_cards.get(card.name)
        lines = [
            Line(m, card.metrics[m.id], today_card.metrics.get(m.id) if today_card else None)
            for m in report.metrics
            if card.metrics[m.id].status is Status.RED
        ]
        if not lines:
            continue
        lines.sort(key=_worst)
        skip = _skip(by_name.get(card.name), report.period.as_of, day.period.start)
        gap = report.gaps.get(card.name)
        question = None if skip else _question(lines, card, gap, report, today_card)
        individual.append(Individual(card.name, lines, question, skip))
    individual.sort(key=lambda i: _worst(i.lines[0]))
    return Agenda(report, day, group, individual)


def _worst(line: Line) -> tuple[float, str]:
    """Sort key: the lowest shown attainment first (inverted for lower-is-better metrics)."""
    share = line.result.shown
    if share is None:
        return (float("inf"), line.metric.id)
    return (1 / share if line.metric.lower_is_better and share else share, line.metric.id)


def _skip(man: ManagerConfig | None, as_of: datetime, day: date) -> str | None:
    if man is None:
        return None
    today = as_of.date()
    if any(a.from_ <= d <= a.to for a in man.absences for d in (today, day)):
        return "absent"
    if man.hired is not None and (today - man.hired).days < NEW_DAYS:
        return "new"
    return None


def _question(
    lines: list[Line],
    card: Scorecard,
    gap: Gap | None = None,
    report: Report | None = None,
    day: Scorecard | None = None,
) -> Question:
    """The cause of a manager's red figures and the question about it: for a manager behind
    on revenue, the biggest part of the gap's split (in money); else read from the lights."""
    if gap is not None and report is not None and REVENUE in {ln.metric.id for ln in lines}:
        info = {m.id: m for m in report.metrics}
        asked = {
            "activity": gap.activity_metric,
            "conversion": DEALS if DEALS in card.metrics else REVENUE,
            "avg_check": AVG_CHECK if AVG_CHECK in card.metrics else REVENUE,
        }[gap.biggest]
        if asked is None or asked not in card.metrics or card.metrics[asked].plan_to_date is None:
            asked = REVENUE  # no target on that step: the question is read on the revenue
        if asked in card.metrics and asked in info:
            day_r = day.metrics.get(asked) if day else None
            line = Line(info[asked], card.metrics[asked], day_r)
            figures = _figures(line) | {"part": getattr(gap, gap.biggest), "total": gap.total}
            if gap.biggest == "activity":
                figures["n"] = float(math.ceil((line.result.needed_per_day or 0.0) - 1e-9))
            return Question(gap.biggest, line.metric, figures)
    red = {ln.metric.id: ln for ln in lines}
    activity = [
        ln for ln in lines if ln.metric.group == "activity" and not ln.metric.lower_is_better
    ]
    if activity:
        worst = activity[0]
        # whole actions a day, rounded up: 13.3 calls a day is 14 to ask for
        need = math.ceil((worst.result.needed_per_day or 0.0) - 1e-9)
        return Question("activity", worst.metric, _figures(worst) | {"n": float(need)})
    deals = card.metrics.get(DEALS)
    if DEALS in red:
        return Question("conversion", red[DEALS].metric, _figures(red[DEALS]))
    deals_fine = deals is not None and deals.status is not Status.RED
    if AVG_CHECK in red or (REVENUE in red and deals_fine):
        target = red.get(AVG_CHECK) or red[REVENUE]
        return Question("avg_check", target.metric, _figures(target))
    return Question("other", lines[0].metric, _figures(lines[0]))


def _figures(line: Line) -> dict[str, float]:
    r = line.result
    out: dict[str, float] = {}
    for key, v in (("fact", r.fact), ("due", r.plan_to_date), ("gap", line.gap)):
        if v is not None:
            out[key] = v
    return out
