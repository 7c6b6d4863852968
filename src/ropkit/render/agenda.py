"""The stand-up agenda as Markdown (the default), plain text for a chat, JSON, and the
chat message each manager gets. Formats the :class:`~ropkit.agenda.Agenda`; the HTML page
is made from the same cells by :func:`ropkit.render.html.render_agenda`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ropkit.agenda import Agenda, GroupItem, Individual, Line
from ropkit.i18n import t
from ropkit.render import controls, dates
from ropkit.render.jsonout import controls as controls_dict
from ropkit.render.jsonout import early_warnings, judged, rounded
from ropkit.render.numbers import number, percent, value
from ropkit.render.text import notice_text, percent_mark, promise_line, promises
from ropkit.scorecard import MetricResult


@dataclass(frozen=True)
class Cells:
    """One metric's line, formatted: the same words in Markdown, text, HTML and chat."""

    metric: str
    yesterday: str
    fact: str
    plan_to_date: str
    gap: str
    percent: str  # "37% ✗"
    status: str  # green | yellow | red | none
    red_of: str = ""  # a team item: how many managers are red on it ("4 из 7")


@dataclass(frozen=True)
class AgendaTable:
    """A table of the agenda as every format lays it out: the % with its light first, after
    the metric (a phone shows it without scrolling), yesterday last."""

    columns: list[str]  # fields of :class:`Cells`
    titles: list[str]
    rows: list[Cells]


_TITLES = {
    "metric": "agenda.metric",
    "percent": "agenda.percent",
    "fact": "agenda.fact",
    "plan_to_date": "agenda.plan_to_date",
    "red_of": "agenda.red_of",
    "gap": "agenda.gap",
    "yesterday": "agenda.yesterday",
}


def _table(agenda: Agenda, columns: str, rows: list[Cells]) -> AgendaTable:
    keys = columns.split()
    return AgendaTable(keys, [t(_TITLES[k], agenda.language) for k in keys], rows)


def group_table(agenda: Agenda) -> AgendaTable:
    """The team's items: how many managers are red on each."""
    rows = [cells(agenda, g.line, red_of(agenda, g)) for g in agenda.group]
    return _table(agenda, "metric percent fact plan_to_date red_of yesterday", rows)


def person_table(agenda: Agenda, item: Individual) -> AgendaTable:
    """A manager's red metrics: how far behind each is."""
    rows = [cells(agenda, ln) for ln in item.lines]
    return _table(agenda, "metric percent fact plan_to_date gap yesterday", rows)


# --- the words, shared by every format --------------------------------------------------


def heading(agenda: Agenda) -> str:
    """``Планёрка · Отдел продаж · 25 ноября 2026 · 5 минут``."""
    lang = agenda.language
    return " · ".join(
        (
            t("agenda.title", lang),
            agenda.report.team_name,
            dates.day(agenda.as_of.date(), lang),
            t("agenda.minutes", lang),
        )
    )


def as_of_line(agenda: Agenda) -> str:
    lang, r = agenda.language, agenda.report
    return t(
        "agenda.as_of",
        lang,
        moment=dates.moment(agenda.as_of, lang),
        day=dates.day(agenda.day.period.start, lang),
        kind=t("kind." + r.period.kind.value, lang),
        span=dates.span(r.period.start, r.period.end, lang),
        elapsed=number(r.workdays_elapsed, lang),
        days=number(r.workdays, lang),
    )


def alerts(agenda: Agenda) -> list[str]:
    """What makes the figures short or wrong (as at the top of the report): said before them,
    so no one is asked about a figure the data cannot back."""
    return [notice_text(n, agenda.language) for n in agenda.report.alerts]


def red_line(agenda: Agenda) -> str:
    """``Проседают (3 из 7): Алексей Смирнов — Выручка, Сделки; …`` (who is red, on what)."""
    lang = agenda.language
    if not agenda.individual:
        return t("agenda.nobody_red", lang)
    who = "; ".join(
        f"{i.manager} — {', '.join(ln.metric.label for ln in i.lines)}" for i in agenda.individual
    )
    total = len(agenda.report.managers)
    red = len(agenda.report.red_managers)
    return f"{t('agenda.red', lang, n=red, total=total)}: {who}"


def cells(agenda: Agenda, line: Line, red: str = "") -> Cells:
    lang, cur = agenda.language, agenda.report.currency
    r, unit = line.result, line.metric.unit
    gap = line.gap
    gap_text = "—"
    if gap is not None and gap > 0:
        gap_text = value(gap, unit, lang, cur)
        if line.gap_shown is not None:
            gap_text += f" ({percent(line.gap_shown)})"
    return Cells(
        metric=line.metric.label,
        yesterday=_day(line.day, unit, lang, cur),
        fact=value(r.fact, unit, lang, cur),
        plan_to_date=value(r.plan_to_date, unit, lang, cur),
        gap=gap_text,
        percent=percent_mark(r),
        status=r.status.value if r.status else "none",
        red_of=red,
    )


def question(agenda: Agenda, item: Individual) -> str | None:
    """The question in the agenda's language, or the reason there is none."""
    lang = agenda.language
    if item.question is None:
        return t(f"agenda.skip.{item.skip}", lang) if item.skip else None
    q = item.question
    unit, currency = q.metric.unit, agenda.report.currency
    params = dict(q.params)
    parts = [k for k in ("part", "total") if k in params]
    money = {k: value(params.pop(k), "money", lang, currency) for k in parts}
    said = {
        k: value(v, unit, lang, currency) if k != "n" else number(v, lang, True)
        for k, v in params.items()
    }
    if not money:  # the cause read from the lights
        return t(f"agenda.q.{q.cause}", lang, metric=q.metric.label, **said)
    # the cause the money split of the revenue gap names: say how much of the gap it is
    why = t("agenda.q.gap", lang, cause=t(f"agenda.cause.{q.cause}", lang), **money)
    return why + " " + t(f"agenda.q.gap.{q.cause}", lang, metric=q.metric.label, **said)


def red_of(agenda: Agenda, item: GroupItem) -> str:
    return t("agenda.n_of", agenda.language, n=item.red, total=item.of)


def blocks(agenda: Agenda) -> list[controls.Block]:
    """The tables after the one-on-ones: who has been sliding over the period (the early
    warnings), then the last working day's regulations, large deals and training."""
    early = controls.early_block(agenda.report)
    return [*([early] if early is not None else []), *controls.blocks(agenda.day)]


def fields(lang: str) -> list[str]:
    """The fields the head fills in after a one-on-one."""
    return t("agenda.fields", lang).split("|")


def _day(r: MetricResult | None, unit: str, lang: str, currency: str) -> str:
    """Yesterday in one cell: ``35 · 88% ✗``."""
    if r is None or r.fact is None:
        return "—"
    fact = value(r.fact, unit, lang, currency)
    return fact if r.plan_to_date is None else f"{fact} · {percent_mark(r)}"


# --- Markdown ---------------------------------------------------------------------------


def markdown(agenda: Agenda) -> str:
    lang = agenda.language
    out = [
        f"# {_md(heading(agenda))}",
        "",
        *(f"> ⚠ {_md(a)}\n" for a in alerts(agenda)),
        _md(as_of_line(agenda)),
        "",
        f"**{_md(red_line(agenda))}**",
    ]
    out += ["", f"## {t('agenda.group', lang)}", ""]
    if agenda.group:
        out += _md_table(group_table(agenda))
    else:
        out.append(t("agenda.group_none", lang))
    out += ["", f"## {t('agenda.individual', lang)}", ""]
    if not agenda.individual:
        out.append(t("agenda.individual_none", lang))
    for n, item in enumerate(agenda.individual, 1):
        out += [f"### {n}. {_md(item.manager)}", ""]
        out += _md_table(person_table(agenda, item))
        said = question(agenda, item)
        out.append("")
        if item.question is not None and said is not None:
            out += [f"**{t('agenda.question', lang)}:** {_md(said)}", ""]
            out += [f"- {f}:" for f in fields(lang)]
        elif said is not None:
            out.append(f"_{_md(said)}_")
        out.append("")
    if agenda.commitments:
        out += [f"## {t('agenda.commitments', lang)}", ""]
        out += _md_rows(
            [t(k, lang) for k in ("manager", "agenda.metric", "agenda.deadline", "agenda.result")],
            [[p.manager, p.metric, p.deadline, p.result] for p in promises(agenda.report)],
        )
        out.append("")
    for block in blocks(agenda):
        out += [f"## {_md(block.title)}", ""]
        for title, lines in block.groups or []:
            out += [f"**{_md(title)}**", "", *(f"- {_md(line)}" for line in lines), ""]
        if block.groups is None:
            rows = [[m.text for m in row] for row in block.rows]
            rows += [[m.text for m in block.total]] if block.total else []
            out += _md_rows([h.replace("\n", " ") for h in block.head], rows)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    """CRM text as Markdown text: its markup characters escaped, lines kept to one."""
    text = " ".join(text.split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


#: what would turn CRM text into markup: emphasis, links, HTML, a table cell's end
_MD_SPECIAL = set("\\`*_[]<>|")


def _md_table(table: AgendaTable) -> list[str]:
    return _md_rows(table.titles, [[getattr(c, k) for k in table.columns] for c in table.rows])


def _md_rows(head: list[str], rows: list[list[str]]) -> list[str]:
    align = ["---"] + ["---:"] * (len(head) - 1)
    lines = ["| " + " | ".join(_md(h) for h in head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines


# --- plain text (a chat) ----------------------------------------------------------------


def text(agenda: Agenda) -> str:
    lang = agenda.language
    out = [heading(agenda), *(f"⚠ {a}" for a in alerts(agenda)), as_of_line(agenda)]
    out += [red_line(agenda), "", t("agenda.group", lang) + ":"]
    if not agenda.group:
        out.append(t("agenda.group_none", lang))
    for n, g in enumerate(agenda.group, 1):
        out.append(f"{n}. " + _said("agenda.team_line", agenda, g.line, red=red_of(agenda, g)))
    out += ["", t("agenda.individual", lang) + ":"]
    if not agenda.individual:
        out.append(t("agenda.individual_none", lang))
    for n, item in enumerate(agenda.individual, 1):
        out.append(f"{n}. {item.manager}")
        out += [f"   {line}" for line in _behind_lines(agenda, item)]
        said = question(agenda, item)
        if said is not None:
            prefix = f"{t('agenda.question', lang)}: " if item.question else ""
            out.append(f"   {prefix}{said}")
    if agenda.commitments:
        out += ["", t("agenda.commitments", lang) + ":"]
        out += ["- " + promise_line(p) for p in promises(agenda.report)]
    for block in blocks(agenda):
        out += ["", block.title + ":"]
        for title, lines in block.groups or []:
            out += [f"{title}:", *(f"- {line}" for line in lines)]
        if block.groups is None:  # a table in a chat: its head, then a line a row
            out.append(" · ".join(h.replace("\n", " ") for h in block.head))
            out += ["- " + " · ".join(m.text for m in row) for row in block.rows]
    return "\n".join(out) + "\n"


def _behind_lines(agenda: Agenda, item: Individual) -> list[str]:
    return [_said("agenda.behind", agenda, ln) for ln in item.lines]


def _said(key: str, agenda: Agenda, line: Line, **more: str) -> str:
    """The catalog sentence ``key`` about a metric's line, with its formatted figures."""
    c = cells(agenda, line)
    figures = {"fact": c.fact, "due": c.plan_to_date, "percent": c.percent, "gap": c.gap}
    return t(key, agenda.language, metric=c.metric, yesterday=c.yesterday, **figures, **more)


def message(agenda: Agenda, item: Individual) -> str:
    """What a manager gets in the chat before the stand-up: their figures and the question."""
    lang = agenda.language
    said = question(agenda, item) or ""
    return "\n".join(
        [
            t("agenda.message", lang, name=item.manager, day=dates.day(agenda.as_of.date(), lang)),
            *_behind_lines(agenda, item),
            f"{t('agenda.question', lang)}: {said}",
            t("agenda.message_reply", lang),
        ]
    )


# --- JSON -------------------------------------------------------------------------------


def to_dict(agenda: Agenda) -> dict[str, Any]:
    def metric(line: Line, extra: dict[str, Any]) -> dict[str, Any]:
        r = line.result
        day = line.day
        return {
            "metric": line.metric.id,
            "label": line.metric.label,
            "fact": rounded(r.fact),
            "plan_to_date": rounded(r.plan_to_date),
            **extra,
            "attainment": rounded(r.attainment, 4),
            "status": r.status.value if r.status else None,
            "yesterday": None
            if day is None
            else {
                "fact": rounded(day.fact),
                "plan_to_date": rounded(day.plan_to_date),
                "attainment": rounded(day.attainment, 4),
                "status": day.status.value if day.status else None,
            },
        }

    p = agenda.report.period
    return {
        "team_name": agenda.report.team_name,
        "date": agenda.as_of.date().isoformat(),
        "as_of": agenda.as_of.isoformat(timespec="seconds"),
        "yesterday": agenda.day.period.start.isoformat(),
        "period": {"kind": p.kind.value, "start": p.start.isoformat(), "end": p.end.isoformat()},
        "alerts": alerts(agenda),
        "group": [
            metric(g.line, {"managers_red": g.red, "managers_judged": g.of}) for g in agenda.group
        ],
        "individual": [
            {
                "manager": i.manager,
                "metrics": [
                    metric(ln, {"gap": rounded(ln.gap), "gap_share": rounded(ln.gap_share, 4)})
                    for ln in i.lines
                ],
                "cause": i.cause,
                "question": question(agenda, i) if i.question else None,
                "skip": i.skip,
            }
            for i in agenda.individual
        ],
        "commitments_due": [judged(j) for j in agenda.commitments],
        "early_warnings": early_warnings(agenda.report),
        **controls_dict(agenda.day),
    }


def to_json(agenda: Agenda) -> str:
    return json.dumps(to_dict(agenda), ensure_ascii=False, indent=2) + "\n"
