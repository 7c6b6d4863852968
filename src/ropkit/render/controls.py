"""What the report shows after the scorecard — why revenue is behind, the early warnings,
the regulations, large deals and training — as tables of words: one description that the
terminal, HTML, Excel, the agenda and the daily check all lay out, so they say the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ropkit.i18n import t
from ropkit.regulations import RuleResult, Violation
from ropkit.render import dates
from ropkit.render.numbers import money, number, percent
from ropkit.render.text import MARK
from ropkit.scorecard import Report
from ropkit.status import Status
from ropkit.training import Training, TrainingStatus

#: violations listed per rule under the table (the rest: "and N more", all in JSON)
SHOWN = 10


@dataclass(frozen=True)
class Mark:
    """A cell: its words and the light it carries (``green`` | ``yellow`` | ``red`` | None)."""

    text: str
    status: str | None = None
    number: bool = False  # right-aligned


@dataclass(frozen=True)
class Block:
    """A titled table with a total row, or (``groups``) titled lists of lines."""

    key: str  # gaps | early | regulations | violations | large_deals | training | compare_…
    title: str
    head: list[str]
    rows: list[list[Mark]]
    total: list[Mark] | None = None
    groups: list[tuple[str, list[str]]] | None = None

    @property
    def right(self) -> list[bool]:
        """Which columns hold figures (right-aligned, head included)."""
        return [any(row[i].number for row in self.rows) for i in range(len(self.head))]

    @property
    def lines(self) -> list[list[Mark]]:
        """The rows, then the total row when there is one."""
        return [*self.rows, *([self.total] if self.total else [])]


def blocks(report: Report, training_all: bool = False, early: bool = False) -> list[Block]:
    """What the report shows after the scorecard: why revenue is behind, the regulations'
    lights, their violations, the large deals and the training (late ones only unless
    ``training_all``); with ``early``, the early warnings after the gap (the screen, the
    page, the workbook; a day's agenda shows them in its own place)."""
    return [
        b
        for b in (
            gaps_block(report),
            early_block(report) if early else None,
            regulations_block(report),
            violations_block(report),
            large_deals_block(report),
            training_block(report.training, report.language, training_all),
        )
        if b is not None
    ]


def gaps_block(report: Report) -> Block | None:
    """Why each manager behind on revenue is behind, in money: the three parts add up to the
    gap; the biggest one (the agenda asks about it) is marked."""
    if not report.gaps:
        return None
    lang, currency = report.language, report.currency
    labels = {m.id: m.label for m in report.metrics}
    head = [t("manager", lang), t("gap.total", lang)]
    head += [t(f"gap.{part}", lang) for part in ("activity", "conversion", "avg_check")]
    rows = []
    for name, g in report.gaps.items():
        total, *parts = g.whole()  # whole roubles that still add up
        cells = [Mark(name), Mark(money(total, lang, currency), number=True)]
        for part, amount in zip(("activity", "conversion", "avg_check"), parts, strict=True):
            text = money(amount, lang, currency)
            if part == "activity" and g.activity_metric in labels:
                text += f" ({labels[g.activity_metric]})"
            main = part == g.biggest
            cells.append(Mark(text + (" ◀" if main else ""), None, number=True))
        rows.append(cells)
    return Block("gaps", t("gap.title", lang), head, rows)


def early_block(report: Report) -> Block | None:
    """The early warnings that fired (``warnings:``): a row per manager and signal, the
    metrics with the same dates on one row."""
    if not report.early_warnings:
        return None
    lang = report.language
    labels = {m.id: m.label for m in report.metrics}
    rows: dict[tuple[object, ...], tuple[str, str, list[str]]] = {}
    for hit in report.early_warnings:
        p = hit.params
        if hit.rule == "by_day":
            key: tuple[object, ...] = (hit.manager, hit.rule, tuple(hit.dates), p["below"])
            signal = t("early.by_day", lang, day=int(p["by_day"]), below=percent(p["below"]))
            metric = f"{labels.get(hit.metric, hit.metric)} {percent(p['shown'])}"
            when = dates.day(hit.dates[0], lang)
        else:  # the same run of days under two rules (3 and 5 days) is one row
            key = (hit.manager, hit.rule, tuple(hit.dates))
            signal = t("early.below_pace_days", lang, n=len(hit.dates))
            metric = labels.get(hit.metric, hit.metric)
            when = dates.span(hit.dates[0], hit.dates[-1], lang)
        said = rows.setdefault(key, (signal, when, []))[2]
        if metric not in said:
            said.append(metric)
    head = [t("manager", lang), t("early.signal", lang), t("early.metrics", lang)]
    head.append(t("early.dates", lang))
    table = [
        [Mark(str(key[0])), Mark(signal), Mark(", ".join(metrics)), Mark(when)]
        for key, (signal, when, metrics) in rows.items()
    ]
    return Block("early_warnings", t("early.title", lang), head, table)


def regulations_block(report: Report) -> Block | None:
    """Managers down, rules across: violations of cases checked, with the light."""
    rules = [r for r in report.regulations.rules.values()]
    if not rules:
        return None
    lang = report.language
    head = [t("manager", lang)] + [_rule_head(r, report) for r in rules]
    reaction = report.regulations.rules.get("lead_reaction")
    if reaction is not None:
        head.append(t("rule.median", lang))
    names = list(dict.fromkeys(n for r in rules for n in r.managers))
    rows = []
    for name in names:
        row = [Mark(name)] + [_count(r.managers.get(name), lang) for r in rules]
        if reaction is not None:
            row.append(_median(reaction.managers.get(name), lang))
        rows.append(row)
    total = [Mark(t("team", lang))] + [_count(r.team, lang) for r in rules]
    if reaction is not None:
        total.append(_median(reaction.team, lang))
    window = report.regulations.window
    title = t("rule.title", lang)
    if window is not None:  # the cases of [start, until) as they stand at as_of
        last = (window.until - timedelta(microseconds=1)).date()
        title += " · " + dates.span(window.start.date(), last, lang)
        title += " · " + t("as_of", lang) + " " + dates.moment(window.as_of, lang)
    return Block("regulations", title, head, rows, total)


def violations_block(report: Report) -> Block | None:
    """Each violation in a line a head can ask about: who, what, when, how late."""
    lang = report.language
    groups: list[tuple[str, list[str]]] = []
    for rule in report.regulations.rules.values():
        if not rule.violations or rule.rule == "large_deals":
            continue  # the large deals have a table of their own
        lines = [f"{v.manager} — {violation_text(v, rule, report)}" for v in rule.violations]
        if len(lines) > SHOWN:
            lines = [*lines[:SHOWN], t("rule.more", lang, n=len(lines) - SHOWN)]
        groups.append((t(f"rule.{rule.rule}", lang), lines))
    if not groups:
        return None
    return Block("violations", t("rule.violations", lang), [], [], None, groups)


def violation_text(v: Violation, rule: RuleResult, report: Report) -> str:
    """``лид 123 от 24 ноября 2026, 17:10: первый контакт через 95 раб. мин (норма 30)``."""
    lang = report.language
    value = "" if v.value is None else _amount_of(rule.rule, v.value, lang)
    limit = "" if rule.limit is None else _amount_of(rule.rule, rule.limit, lang)
    return t(
        f"viol.{rule.rule}.{v.reason}",
        lang,
        subject=v.subject,
        at=dates.moment(v.at, lang),
        value=value,
        limit=limit,
        where=f"{v.file}:{v.row}",
    )


def large_deals_block(report: Report) -> Block | None:
    deals = report.regulations.large_deals
    rule = report.regulations.rules.get("large_deals")
    if rule is None:
        return None
    lang = report.language
    head = [
        t("deal.id", lang),
        t("manager", lang),
        t("deal.amount", lang),
        t("deal.stage", lang),
        t("deal.stage_days", lang),
        t("deal.last_activity", lang),
        t("deal.days_since", lang),
    ]
    rows = [
        [
            Mark(d.id),
            Mark(d.manager),
            Mark(money(d.amount, lang, report.currency), number=True),
            Mark(d.stage or "—"),
            Mark(_whole(d.stage_days), number=True),
            Mark(dates.day(d.last_activity.date(), lang) if d.last_activity else "—"),
            Mark(
                _whole(d.days_since_activity) + (" " + MARK[Status.RED] if d.quiet else ""),
                Status.RED.value if d.quiet else None,
                number=True,
            ),
        ]
        for d in deals
    ]
    limit = money(rule.limit or 0, lang, report.currency)
    title = t("deal.title", lang, amount=limit, n=len(deals))
    return Block("large_deals", title, head, rows)


def training_block(items: list[Training], lang: str, everyone: bool = False) -> Block | None:
    """The training cadence: everyone (``ropkit training``) or the late and due ones."""
    shown = [x for x in items if everyone or x.status is not TrainingStatus.OK]
    if not shown:
        return None
    return Block(
        "training",
        t("training.title", lang),
        training_head(lang),
        [training_row(x, lang) for x in shown],
    )


def training_head(lang: str) -> list[str]:
    return [
        t("manager", lang),
        t("training.tenure", lang),
        t("training.last", lang),
        t("training.next", lang),
        t("training.status", lang),
    ]


_TRAINING_LIGHT = {
    TrainingStatus.OK: Status.GREEN.value,
    TrainingStatus.DUE: Status.YELLOW.value,
    TrainingStatus.OVERDUE: Status.RED.value,
}


def training_row(x: Training, lang: str) -> list[Mark]:
    tenure = "—" if x.tenure_months is None else str(x.tenure_months)
    if x.new:
        tenure += " " + t("training.new", lang)
    return [
        Mark(x.manager),
        Mark(tenure, number=True),
        Mark(dates.day(x.last_trained, lang) if x.last_trained else t("training.never", lang)),
        Mark(dates.day(x.next_due, lang) if x.next_due else t("training.now", lang)),
        Mark(t(f"training.{x.status.value}", lang), _TRAINING_LIGHT[x.status]),
    ]


def _rule_head(r: RuleResult, report: Report) -> str:
    lang = report.language
    limit = "" if r.limit is None else _amount_of(r.rule, r.limit, lang)
    if r.rule == "large_deals":
        limit = money(r.limit or 0, lang, report.currency)
    return t(f"rule.{r.rule}", lang) + "\n" + t(f"rule.norm.{r.rule}", lang, limit=limit)


def _count(c: object, lang: str) -> Mark:
    from ropkit.regulations import Check

    if not isinstance(c, Check) or c.checked == 0:
        return Mark("—", number=True)
    mark = MARK[c.status] if c.status else ""
    text = t("rule.count", lang, violations=c.violations, checked=c.checked)
    return Mark(f"{text} {mark}".strip(), c.status.value if c.status else None, number=True)


def _median(c: object, lang: str) -> Mark:
    from ropkit.regulations import Check

    if not isinstance(c, Check) or c.median is None:
        return Mark("—", number=True)
    return Mark(_amount_of("lead_reaction", c.median, lang), number=True)


def _amount_of(rule: str, value: float, lang: str) -> str:
    """Minutes, hours or days, as the rule counts them; a wait of two hours or more in
    hours (``80,7 раб. ч``, not ``4 841 раб. мин``)."""
    if rule == "lead_reaction" and value < 120:
        return t("unit.minutes", lang, n=number(value, lang, whole=True))
    if rule in ("lead_reaction", "missed_calls"):
        hours = value / 60 if rule == "lead_reaction" else value
        return t("unit.hours", lang, n=number(round(hours, 1), lang))
    return t("unit.days", lang, n=number(value, lang, whole=True))


def _whole(v: int | None) -> str:
    return "—" if v is None else str(v)
