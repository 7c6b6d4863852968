"""``ropkit plan``: the way from the open plan to each day's activity on the terminal and in
JSON, and ``--split`` as YAML to paste into norms.yaml. Formats only: every figure is
decided in :mod:`ropkit.funnel`.
"""

from __future__ import annotations

import re
from typing import Any

from babel.dates import format_date
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ropkit.funnel import FunnelGroup, Need, PlanReport, Split
from ropkit.i18n import mode_label, t
from ropkit.render import dates
from ropkit.render.jsonout import rounded
from ropkit.render.numbers import money, number
from ropkit.render.text import MARK, sign_of
from ropkit.scorecard import MetricInfo
from ropkit.status import Status

_STYLE = {Status.GREEN: "green", Status.RED: "bold red"}


# --- the terminal -----------------------------------------------------------------------


def render(plan: PlanReport, console: Console) -> None:
    """The header, one table per funnel, then a line per manager: what the plan needs a
    day beside the norm, and the notes (team rates, links that could not be measured)."""
    lang = plan.language
    console.print(Text(header_line(plan), style="bold"))
    console.print(Text(rates_line(plan), style="dim"))
    for group in plan.groups:
        console.print(_table(plan, group))
    if len(plan.groups) > 1:
        console.print(Text(team_line(plan), style="bold"))
    console.print(Text(t("plan.to_meet", lang) + ":", style="bold"))
    for need in plan.managers:
        text, status = verdict(plan, need)
        style = _STYLE.get(status, "") if status else ""
        console.print(Text("  " + text, style=style))
    notes = [n for need in plan.managers for n in notes_of(plan, need)]
    if notes:
        console.print(Text(t("plan.notes", lang) + ":", style="yellow"))
        for line in notes:
            console.print(Text("  • " + line))
    console.print(t("plan.legend", lang), style="dim")
    console.print(t("plan.legend_total", lang), style="dim")


def header_line(plan: PlanReport) -> str:
    """``Отдел продаж · месяц 1—30 ноября 2026 · на 25 ноября 2026, 16:00 · осталось 3,2
    из 20 рабочих дней``."""
    lang, p = plan.language, plan.period
    span = f"{t('kind.' + p.kind.value, lang)} {dates.span(p.start, p.end, lang)}"
    left = f"{number(plan.workdays_left, lang)} {t('of', lang)} {number(plan.workdays, lang)}"
    return (
        f"{plan.team_name} · {t('plan.title', lang)}: {span} · "
        f"{t('as_of', lang)} {dates.moment(p.as_of, lang)} · "
        f"{t('plan.left', lang)} {left} {t('workdays', lang)}"
    )


def rates_line(plan: PlanReport) -> str:
    lang = plan.language
    return t(
        "plan.rates_line",
        lang,
        days=plan.rates_days,
        since=dates.day(plan.rates_since.date(), lang),
        min_deals=plan.min_deals,
    )


def _label(plan: PlanReport, mid: str) -> str:
    info = plan.metrics.get(mid)
    return info.label if info is not None else mid


def funnel_title(plan: PlanReport, steps: tuple[str, ...]) -> str:
    """``Исходящие звонки → КП → Сделки``."""
    return " → ".join(_label(plan, s) for s in steps)


def _table(plan: PlanReport, group: FunnelGroup) -> Table:
    lang = plan.language
    title = f"{t('plan.funnel', lang)}: {funnel_title(plan, group.steps)}"
    if group.total.mode is not None and len(plan.groups) > 1:
        title = f"{title} ({mode_label(group.total.mode, lang)})"
    table = Table(title=title, title_justify="left", title_style="bold", header_style="bold")
    total = t("team", lang) if len(plan.groups) == 1 else t("subtotal", lang)
    rows = [[need.name, *_cells(plan, group, need)] for need in group.managers]
    last = [total, *_cells(plan, group, group.total)]
    # a figure is never cut short on a narrow terminal: its column is as wide as its widest
    # cell, and the heads wrap instead
    widest = [max(len(str(row[i])) for row in [*rows, last]) for i in range(len(last))]
    table.add_column(t("manager", lang), no_wrap=True, min_width=widest[0])
    for head, width in zip(_heads(plan, group), widest[1:-1], strict=True):
        table.add_column(head, justify="right", min_width=width)
    table.add_column(t("plan.rates_from", lang), min_width=widest[-1])
    for row in rows:  # CRM words are text, never rich markup ("[b]" in a name stays)
        table.add_row(*(Text(c) if isinstance(c, str) else c for c in row))
    table.add_section()
    table.add_row(*(Text(c) if isinstance(c, str) else c for c in last), style="bold")
    return table


def _normed(group: FunnelGroup, mid: str) -> bool:
    return any(mid in n.norm for n in group.managers)


def _heads(plan: PlanReport, group: FunnelGroup) -> list[str]:
    """Left to right as the arithmetic goes: the money still open, the average deal, the
    deals, then up the funnel, each conversion before the step it leads from."""
    lang = plan.language
    sign = sign_of(plan.currency, plan.language)
    heads = [f"{t('plan.remaining', lang)},\n{sign}", f"{t('plan.avg_deal', lang)},\n{sign}"]
    steps = list(reversed(group.steps))
    for i, step in enumerate(steps):
        if i > 0:
            heads.append(f"{_short(plan, step)} →\n{_lower(_label(plan, steps[i - 1]))}")
        heads.append(f"{_label(plan, step)}\n{t('plan.needed', lang)}")
        heads.append(f"\n{t('plan.per_day', lang)}")
        if _normed(group, step):
            heads.append(f"\n{t('plan.norm', lang)}")
    return heads


def _short(plan: PlanReport, mid: str) -> str:
    """A label short enough for a conversion's head: ``КП``, ``встречи``; of two words the
    noun (``Исходящие звонки``: ``звонки``), of more the first (``Звонки от 1 мин``)."""
    label = _label(plan, mid)
    words = label.split()
    if len(label) <= 10 or len(words) < 2:
        return _lower(label)
    return _lower(words[-1] if len(words) == 2 else words[0])


def _cells(plan: PlanReport, group: FunnelGroup, need: Need) -> list[str | Text]:
    lang = plan.language
    if not need.has_plan:
        return [*(["—"] * (len(_heads(plan, group)))), _source(need, lang)]
    cells: list[str | Text] = [
        _whole(need.remaining.get("revenue"), lang),
        _whole(need.avg_deal, lang),
    ]
    steps = list(reversed(group.steps))
    for i, step in enumerate(steps):
        if i > 0:
            key = f"{step}->{steps[i - 1]}"
            mark = "*" if key in need.borrowed else ""
            cells.append(rate_text(need.rates.get(key), lang) + mark)
        cells.append(_whole(need.whole(step, per_day=False), lang))
        cells.append(_per_day(need, step, lang))
        if _normed(group, step):
            norm = need.norm.get(step)
            cells.append(Text("—" if norm is None else number(norm, lang), style="dim"))
    cells.append(_source(need, lang))
    return cells


def _per_day(need: Need, step: str, lang: str) -> Text:
    value = need.whole(step)
    status = need.light(step)
    if value is None:
        return Text("—")
    mark = f" {MARK[status]}" if status is not None else "  "
    return Text(
        number(value, lang, whole=True) + mark, style=_STYLE.get(status, "") if status else ""
    )


def _source(need: Need, lang: str) -> str:
    if need.name == "team":
        return ""
    text = t("plan.own" if need.rates_from == "own" else "plan.team_rates", lang)
    return text + ("*" if need.borrowed else "")


def _whole(value: float | None, lang: str) -> str:
    return "—" if value is None else number(value, lang, whole=True)


def rate_text(rate: float | None, lang: str) -> str:
    """A conversion in percent: whole from 10%, one decimal below (2,5%)."""
    if rate is None:
        return "—"
    pct = rate * 100
    return f"{number(round(pct, 1) if pct < 10 else round(pct), lang)}%"


def _lower(label: str) -> str:
    """``Исходящие звонки`` → ``исходящие звонки``; an abbreviation (``КП``) stays."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def verdict(plan: PlanReport, need: Need) -> tuple[str, Status | None]:
    """«Алексей Смирнов — чтобы выполнить план, нужно в день: исходящие звонки 191 при норме
    40, КП 25 при норме 5» (red where a step needs more than its norm)."""
    lang = plan.language
    if not need.has_plan:
        return t("plan.no_plan", lang, name=need.name), None
    if need.done:
        return t("plan.done", lang, name=need.name), Status.GREEN
    steps = [s for s in need.steps if need.needed_per_day.get(s) is not None]
    if not steps:
        key = "plan.no_days" if need.workdays_left <= 0 else "plan.unknown"
        return t(key, lang, name=need.name), None
    items = []
    for step in steps:
        n = number(need.whole(step) or 0.0, lang, whole=True)
        label = _lower(_label(plan, step))
        norm = need.norm.get(step)
        if norm is None:
            items.append(t("plan.item", lang, label=label, n=n))
        else:
            items.append(t("plan.item_norm", lang, label=label, n=n, norm=number(norm, lang)))
    over = bool(need.over_norm)
    key = "plan.over" if over else "plan.within"
    return t(key, lang, name=need.name, items=", ".join(items)), (
        Status.RED if over else Status.GREEN if any(s in need.norm for s in steps) else None
    )


def notes_of(plan: PlanReport, need: Need) -> list[str]:
    """Why a manager's figures are the team's, or missing."""
    lang = plan.language
    out = []
    if need.has_plan and not need.done and need in plan.fewer_days:
        left = number(need.workdays_left, lang)
        out.append(t("plan.note.days", lang, name=need.name, n=left, of=_days(plan)))
    if need.has_plan and need.rates_from == "team":
        won = number(need.won, lang, whole=True)
        out.append(
            t(
                "plan.note.team",
                lang,
                name=need.name,
                days=plan.rates_days,
                won=won,
                min_deals=plan.min_deals,
            )
        )
    for key in need.borrowed if need.has_plan else ():
        out.append(
            t(
                "plan.note.borrowed",
                lang,
                name=need.name,
                step=_step(plan, key),
                days=plan.rates_days,
            )
        )
    for key in need.unknown:
        if key == "avg_deal":
            out.append(t("plan.note.avg_deal", lang, name=need.name, days=plan.rates_days))
        else:
            out.append(
                t(
                    "plan.note.rate",
                    lang,
                    name=need.name,
                    step=_step(plan, key),
                    days=plan.rates_days,
                )
            )
    return out


def _days(plan: PlanReport) -> str:
    return number(plan.workdays_left, plan.language)


def _step(plan: PlanReport, key: str) -> str:
    a, _, b = key.partition("->")
    return f"{_label(plan, a)} → {_label(plan, b)}"


def team_line(plan: PlanReport) -> str:
    """The whole team when it has several funnels: the money open, the deals needed."""
    lang, team = plan.language, plan.team
    deals = team.steps[-1] if team.steps else "deals_won"
    return t(
        "plan.team_line",
        lang,
        team=t("team", lang),
        money=money(team.remaining.get("revenue", 0.0), lang, plan.currency),
        label=_lower(_label(plan, deals)),
        n=_whole(team.whole(deals, per_day=False), lang),
        per_day=_whole(team.whole(deals), lang),
    )


# --- JSON ---------------------------------------------------------------------------------


def _values(values: dict[str, float | None]) -> dict[str, Any]:
    return {mid: rounded(v) for mid, v in values.items()}


def need_dict(need: Need) -> dict[str, Any]:
    """One manager (or a total) as ``ropkit plan -f json`` gives it."""
    return {
        "name": need.name,
        "mode": need.mode,
        "funnel": list(need.steps),
        "workdays_left": rounded(need.workdays_left, 4),
        "plan": _values(dict(need.plan)),
        "fact": _values(dict(need.fact)),
        "remaining": _values(dict(need.remaining)),
        "avg_deal": rounded(need.avg_deal),
        "won": rounded(need.won),
        "needed": _values(need.needed),
        "needed_per_day": _values(need.needed_per_day),
        "norm": _values(dict(need.norm)),
        "above_norm": {
            mid: need.light(mid) is Status.RED for mid in need.norm if mid in need.needed_per_day
        },
        "rates": {key: rounded(v, 4) for key, v in need.rates.items()},
        "rates_from": need.rates_from,
        "rates_borrowed": list(need.borrowed),
        "unknown": list(need.unknown),
        "plan_per_day": _values(dict(need.plan_per_day)),
    }


def to_dict(plan: PlanReport) -> dict[str, Any]:
    """``ropkit plan -f json``."""
    p = plan.period
    return {
        "team_name": plan.team_name,
        "language": plan.language,
        "currency": plan.currency,
        "period": {
            "kind": p.kind.value,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "as_of": p.as_of.isoformat(timespec="seconds"),
            "workdays": rounded(plan.workdays, 4),
            "workdays_left": rounded(plan.workdays_left, 4),
        },
        "rates": {
            "days": plan.rates_days,
            "since": plan.rates_since.isoformat(timespec="seconds"),
            "min_deals": plan.min_deals,
        },
        "metrics": [_metric(m) for m in plan.metrics.values()],
        "managers": [need_dict(n) for n in plan.managers],
        "team": need_dict(plan.team),
        "groups": [
            {
                "funnel": list(g.steps),
                "managers": [n.name for n in g.managers],
                "total": need_dict(g.total),
            }
            for g in plan.groups
        ],
    }


def _metric(m: MetricInfo) -> dict[str, Any]:
    return {"id": m.id, "label": m.label, "unit": m.unit}


# --- the split ------------------------------------------------------------------------------


def month_name(split: Split) -> str:
    """``декабрь 2026`` / ``December 2026``."""
    from datetime import date

    locale = "en_US" if split.language == "en" else "ru_RU"
    return str(format_date(date(split.year, split.month, 1), "LLLL y", locale=locale))


_PLAIN = re.compile(r"^[^\W\d][\w .\-ёЁ]*$")


def _yaml_text(value: str) -> str:
    """A name as YAML reads it back: plain where safe, else in double quotes."""
    if _PLAIN.match(value) and not value.endswith(" "):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _amount(split: Split, mid: str, value: int) -> str:
    unit = split.metrics[mid].unit
    lang = split.language
    return money(value, lang, split.currency) if unit == "money" else number(value, lang, True)


def split_yaml(split: Split) -> str:
    """The ``managers:`` block with each manager's ``months: {YYYY-MM: {...}}`` to paste
    into norms.yaml, the totals and the weeks as comments."""
    lang = split.language
    how = t("split.by_weight" if split.weighted else "split.equally", lang)
    source = t("split.given" if split.given else "split.from_config", lang)
    totals = " · ".join(
        f"{split.metrics[mid].label} ({mid}) {_amount(split, mid, v)}"
        for mid, v in split.totals.items()
    )
    lines = [
        "# "
        + t(
            "split.header",
            lang,
            team=split.team_name,
            month=month_name(split),
            workdays=split.workdays,
        ),
        "# " + t("split.how", lang, how=how),
        f"# {t('split.total', lang)}: {totals} ({source})",
    ]
    for mid in split.skipped:
        lines.append("# " + t("split.skipped", lang, metric=mid))
    lines.append("# " + t("split.paste", lang))
    lines.append("managers:")
    for share in split.managers:
        weight = t(
            "split.weight",
            lang,
            weight=number(share.weight, lang),
            share=number(round(share.share * 100, 1), lang),
        )
        lines.append(f"  - name: {_yaml_text(share.name)}   # {weight}")
        values = ", ".join(f"{mid}: {v}" for mid, v in share.values.items())
        lines.append("    months:")
        lines.append(f"      {split.key}: {{{values}}}")
    lines.append("")
    lines.append("# " + t("split.weeks", lang))
    lines.extend("# " + row for row in _weeks_table(split))
    return "\n".join(lines) + "\n"


def _weeks_table(split: Split) -> list[str]:
    """Per metric: managers down, the weeks across (their working days in brackets), the
    month at the right, the team at the bottom."""
    lang = split.language
    heads = [
        f"{dates.tick(w.start, lang)}–{dates.tick(w.end, lang)} ({w.workdays})" for w in split.weeks
    ]
    heads.append(t("split.month", lang))
    rows: list[list[str]] = []
    for mid in split.totals:
        info = split.metrics[mid]
        rows.append([f"{info.label} ({mid})", *[""] * len(heads)])
        for share in split.managers:
            cells = [_amount(split, mid, w.values[mid]) for w in share.weeks]
            rows.append(["  " + share.name, *cells, _amount(split, mid, share.values[mid])])
        team = [_amount(split, mid, w.values[mid]) for w in split.weeks]
        rows.append(["  " + t("team", lang), *team, _amount(split, mid, split.totals[mid])])
    first = max(len(r[0]) for r in rows)
    widths = [max(len(heads[i]), *(len(r[i + 1]) for r in rows)) for i in range(len(heads))]
    out = [
        "".ljust(first) + "  " + "  ".join(h.rjust(w) for h, w in zip(heads, widths, strict=True))
    ]
    for r in rows:
        line = "  ".join(c.rjust(w) for c, w in zip(r[1:], widths, strict=True))
        out.append((r[0].ljust(first) + "  " + line).rstrip())
    return out


def split_dict(split: Split) -> dict[str, Any]:
    """``ropkit plan --split -f json``."""

    def week(w: Any) -> dict[str, Any]:
        return {
            "start": w.start.isoformat(),
            "end": w.end.isoformat(),
            "workdays": w.workdays,
            "values": dict(w.values),
        }

    return {
        "month": split.key,
        "workdays": split.workdays,
        "totals": dict(split.totals),
        "from": "option" if split.given else "config",
        "managers": [
            {
                "name": s.name,
                "weight": s.weight,
                "share": rounded(s.share, 6),
                "months": {split.key: dict(s.values)},
                "weeks": [week(w) for w in s.weeks],
            }
            for s in split.managers
        ],
        "weeks": [week(w) for w in split.weeks],
        "skipped": list(split.skipped),
    }
