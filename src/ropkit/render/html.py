"""The report as one self-contained HTML page for e-mail (Gmail, Outlook, Mail.ru, Yandex).

Laid out as the terminal does — outcomes against the plan for everyone, then activity per
sales mode — with two inline SVG charts of the first outcome metric that has a plan. The
page is written by Jinja2 templates (``templates/`` at the repository root, shipped in the
wheel as ``ropkit/templates``; a company's own folder is searched first, so it can replace
just ``base.html``), then its CSS is inlined into the elements, since mail clients drop
most ``<style>`` rules; only the ``@media`` rules for phones stay in a ``<style>``.

No JavaScript, fonts, images or stylesheets from anywhere. Every number on the page is a
figure of the :class:`Report`, formatted; the only arithmetic here is chart geometry
(where a figure goes in pixels).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import css_inline
import jinja2

from ropkit.agenda import Agenda
from ropkit.errors import RopkitError
from ropkit.i18n import t
from ropkit.render import agenda as view
from ropkit.render import controls, dates, trends
from ropkit.render.numbers import value

# the same grouping of activity tables as the terminal's, so the two never differ
from ropkit.render.text import (
    Cell,
    chart_metric,
    column_label,
    header_line,
    notice_text,
    percent_mark,
    period_line,
    promises,
    rows_line,
    scorecard_cell,
    scorecard_tables,
)
from ropkit.scorecard import DayPoint, MetricInfo, Report, Scorecard


@dataclass(frozen=True)
class Row:
    name: str
    cells: list[Cell]
    total: bool


@dataclass(frozen=True)
class Table:
    title: str
    metrics: list[str]  # column group labels: "Выручка, ₽"
    rows: list[Row]  # the managers, then the total


@dataclass(frozen=True)
class Bar:
    """A manager in the bar chart: fact against the plan to date (a tick)."""

    name: str
    label: str  # "3 201 600 ₽ · 109% ✓"
    status: str
    y: int  # the top of the manager's band
    fact_w: str  # the fact bar's width in px
    plan_x: str  # where the plan-to-date tick stands in px


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    legend_y: int


@dataclass(frozen=True)
class Tick:
    x: str
    label: str
    anchor: str  # start at the left edge, end at the right, else middle


@dataclass(frozen=True)
class LineChart:
    """The team's cumulative fact against the plan over the period's working days."""

    title: str
    width: int
    height: int
    plan_points: str  # SVG polyline points
    fact_points: str
    status: str
    dot_x: str  # the last fact, on the as-of day (a dashed line marks that day)
    dot_y: str
    fact: str  # the last fact, in the legend
    plan: str  # the plan at the period end, in the legend
    legend_y: int
    ticks: list[Tick]  # day labels along the bottom
    tick_y: int
    top: int
    bottom: int


def render(report: Report, templates: Path | None = None) -> str:
    """The report as one HTML page with its CSS inlined; ``templates`` (a folder) is
    searched before the built-in templates."""
    lang = report.language
    metric = chart_metric(report)
    return _page(
        "report.html",
        templates,
        lang=lang,
        title=header_line(report),
        team_name=report.team_name,
        period_line=period_line(report),
        alerts=[notice_text(n, lang) for n in report.alerts],
        tables=_tables(report),
        legend=t("legend", lang),
        compare=trends.compare_blocks(report),
        trend=trends.trend_table(report),
        bar_chart=_bar_chart(report, metric) if metric else None,
        line_chart=_line_chart(report, metric) if metric else None,
        text={k: t(k, lang) for k in ("manager", "fact", "plan_to_date", "plan", "warnings")}
        | {k: t(f"agenda.{k}", lang) for k in ("commitments", "metric", "deadline", "result")},
        promises=promises(report),
        controls=controls.blocks(report, early=True),
        rows_line=rows_line(report),
        warnings=[notice_text(n, lang) for n in report.warnings],
    )


@dataclass(frozen=True)
class Person:
    name: str
    table: view.AgendaTable
    question: str | None
    asked: bool  # a question (with fields to fill in), not the reason there is none


def render_agenda(agenda: Agenda, templates: Path | None = None) -> str:
    """The stand-up agenda as one page, in the report's templates and styles."""
    lang = agenda.language
    words = "group group_none individual individual_none commitments metric question deadline"
    words += " result"
    text = {w: t(f"agenda.{w}", lang) for w in words.split()} | {"manager": t("manager", lang)}
    return _page(
        "agenda.html",
        templates,
        lang=lang,
        title=view.heading(agenda),
        team_name=view.heading(agenda),
        period_line=view.as_of_line(agenda),
        alerts=view.alerts(agenda),
        red_line=view.red_line(agenda),
        group=view.group_table(agenda) if agenda.group else None,
        people=[
            Person(
                i.manager,
                view.person_table(agenda, i),
                view.question(agenda, i),
                i.question is not None,
            )
            for i in agenda.individual
        ],
        fields=view.fields(lang),
        promises=promises(agenda.report),
        controls=view.blocks(agenda),
        text=text,
        rows_line=rows_line(agenda.report),
    )


def _page(name: str, templates: Path | None, **context: object) -> str:
    """Template ``name`` rendered with ``context``, its CSS inlined into the elements."""
    env = jinja2.Environment(
        loader=_loader(templates),
        autoescape=True,  # every CRM value is text, wherever it lands
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    page = env.get_template(name).render(**context)
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False)
    return str(inliner.inline(page)) + "\n"


def builtin_templates() -> Path:
    """``ropkit/templates`` of an installed wheel, else the repository's ``templates/``
    (an editable install)."""
    packaged = resources.files("ropkit") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def _loader(templates: Path | None) -> jinja2.BaseLoader:
    builtin = jinja2.FileSystemLoader(builtin_templates())
    if templates is None:
        return builtin
    if not templates.is_dir():
        raise RopkitError("error.no_templates", path=templates)
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(templates), builtin])


def _tables(report: Report) -> list[Table]:
    """The outcomes table, then the activity tables per sales mode, as the terminal has them."""
    return [
        _table(report, title, metrics, cards, total)
        for title, metrics, cards, total in scorecard_tables(report)
    ]


def _table(
    report: Report, title: str, metrics: list[MetricInfo], cards: list[Scorecard], total: Scorecard
) -> Table:
    lang = report.language
    labels = [column_label(report, m) for m in metrics]
    rows = [
        Row(c.name, [scorecard_cell(c.metrics[m.id], m, lang) for m in metrics], False)
        for c in cards
    ]
    name = t("team", lang) if total is report.team else t("subtotal", lang)
    rows.append(Row(name, [scorecard_cell(total.metrics[m.id], m, lang) for m in metrics], True))
    return Table(title, labels, rows)


# --- chart geometry: where each figure of the Report goes, in px --------------------------

_WIDTH = 460  # a chart's viewBox width; it scales to its column (and to a phone)
_TITLE = 30  # the chart's title above it
_BAND = 44  # a manager's band in the bar chart: name and figure, then the bar


def _px(x: float) -> str:
    return f"{x:.1f}"


def _bar_chart(report: Report, m: MetricInfo) -> BarChart | None:
    lang = report.language
    results = [(c.name, c.metrics[m.id]) for c in report.managers]
    scale = max(
        (v for _, r in results for v in (r.fact, r.plan_to_date) if v is not None), default=0.0
    )
    if scale <= 0:
        return None
    bars = []
    for i, (name, r) in enumerate(results):
        label = value(r.fact, m.unit, lang, report.currency)
        if r.plan_to_date is not None:
            label += " · " + percent_mark(r)
        bars.append(
            Bar(
                name=name,
                label=label,
                status=r.status.value if r.status else "none",
                y=_TITLE + i * _BAND,
                fact_w=_px(_WIDTH * (r.fact or 0.0) / scale),
                plan_x=_px(_WIDTH * r.plan_to_date / scale) if r.plan_to_date is not None else "",
            )
        )
    height = _TITLE + len(bars) * _BAND + 28
    title = f"{m.label}: {t('html.by_manager', lang)}"
    return BarChart(title, _WIDTH, height, bars, height - 12)


def _line_chart(report: Report, m: MetricInfo) -> LineChart | None:
    lang = report.language
    points = report.timeline.get(m.id, [])
    done = [(i, p.fact) for i, p in enumerate(points) if p.fact is not None]
    scale = max(
        (v for p in points for v in (p.fact, p.plan) if v is not None),
        default=0.0,
    )
    if len(points) < 2 or not done or scale <= 0:  # one day (day, half day) is no line
        return None
    # the title, the legend below it, then the plot with the day labels under it
    height, top, bottom, left, right = 264, _TITLE + 34, 230, 4, _WIDTH - 4

    def x(i: int) -> float:
        return left + (right - left) * i / (len(points) - 1)

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / scale

    def polyline(pairs: list[tuple[int, float]]) -> str:
        return " ".join(f"{_px(x(i))},{_px(y(v))}" for i, v in pairs)

    plans = [(i, p.plan) for i, p in enumerate(points) if p.plan is not None]
    if not plans:
        return None
    i_last, f_last = done[-1]
    status = report.team.metrics[m.id].status
    return LineChart(
        title=f"{m.label}: {t('html.team_cumulative', lang)}",
        width=_WIDTH,
        height=height,
        plan_points=polyline(plans),
        fact_points=polyline(done),
        status=status.value if status else "none",
        dot_x=_px(x(i_last)),
        dot_y=_px(y(f_last)),
        # the legend's figures are the table's: the team's fact and its plan for the period
        fact=value(report.team.metrics[m.id].fact, m.unit, lang, report.currency),
        plan=value(report.team.metrics[m.id].plan, m.unit, lang, report.currency),
        legend_y=_TITLE,
        ticks=_ticks(points, i_last, x, lang),
        tick_y=bottom + 18,
        top=top,
        bottom=bottom,
    )


def _ticks(points: list[DayPoint], today: int, x: Callable[[int], float], lang: str) -> list[Tick]:
    """Day labels: the as-of day, the first and the last, and between them as many as fit."""
    step = max(1, math.ceil(len(points) / 6))
    wanted = [today, 0, len(points) - 1, *range(step, len(points) - 1, step)]
    placed: list[tuple[float, int]] = []
    for i in wanted:
        if all(abs(x(i) - px) >= 56 for px, _ in placed):
            placed.append((x(i), i))
    return [Tick(_px(px), dates.tick(points[i].day, lang), _anchor(px)) for px, i in sorted(placed)]


def _anchor(x: float) -> str:
    return "start" if x < 30 else "end" if x > _WIDTH - 30 else "middle"
