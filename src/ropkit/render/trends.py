"""Which way it is going, laid out for every output: ``--compare``'s tables (now, then, the
change with its arrow) and the trend (a sparkline in the terminal, the points of an SVG
line in HTML).

Formatting only: the earlier figures, the changes, their direction and the attainments are
the :class:`Report`'s (see :mod:`ropkit.trends`); the only arithmetic here is where a point
goes (a sparkline's level, a line's pixels).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton

from ropkit.i18n import t
from ropkit.render import dates
from ropkit.render.controls import Block, Mark
from ropkit.render.numbers import number, percent
from ropkit.render.text import column_label, fact_text, scorecard_tables
from ropkit.scorecard import MetricInfo, MetricResult, Report, Scorecard
from ropkit.trends import Change, Trend, TrendPoint

ARROW = {"up": "↑", "down": "↓", "flat": "→"}
SPARKS = "▁▂▃▄▅▆▇█"
#: a sparkline's and a line's top: 100% of the plan, or the best point up to 150% (one
#: month at 300% would flatten everyone else's line)
_TOP_MIN, _TOP_MAX = 1.0, 1.5


def change_text(c: Change) -> str:
    """``+12% ↑``, ``−3% ↓``, ``0% →``; only the arrow when the earlier figure was 0; a dash
    when either figure is unknown."""
    if c.direction is None:
        return "—"
    arrow = ARROW[c.direction]
    if c.shown is None:
        return arrow
    sign = "+" if c.shown > 0 else "−" if c.shown < 0 else ""
    return f"{sign}{abs(c.shown)}% {arrow}"


def change_status(c: Change) -> str | None:
    """Green for good news, red for bad (down is good for a lower-is-better metric)."""
    return None if c.better is None else "green" if c.better else "red"


def compare_heading(report: Report, key: str) -> str:
    """``Сравнение с прошлым периодом: месяц 1—31 октября 2026 на 23 октября 2026, 16:00 ·
    прошло 16,8 из 22 рабочих дней``."""
    lang = report.language
    then = report.comparisons[key]
    p = then.period
    span = f"{t('kind.' + p.kind.value, lang)} {dates.span(p.start, p.end, lang)}"
    elapsed = number(then.workdays_elapsed, lang)
    total = number(then.workdays, lang)
    heading = t(
        "compare.heading",
        lang,
        what=t(f"compare.{key}", lang),
        span=span,
        as_of=dates.moment(p.as_of, lang),
        elapsed=elapsed,
        total=total,
    )
    if key in report.changes and report.changes[key].unknown:
        heading += " · " + t("compare.unknown", lang)
    return heading


def compare_blocks(report: Report) -> list[Block]:
    """Per ``--compare`` key, the line that says which period "then" is, and a table per
    scorecard table (outcomes, the activity of each sales mode): each metric now, then and
    the change."""
    lang = report.language
    out = []
    for key, cmp in report.changes.items():
        if key not in report.comparisons:
            continue
        # which period "then" is, on a line of its own (too long for a table's title)
        out.append(Block(f"compare_{key}", compare_heading(report, key), [], [], groups=[]))
        for title, metrics, cards, total in scorecard_tables(report):
            head = [t("manager", lang)]
            for m in metrics:
                head += [
                    f"{column_label(report, m)}\n{t('compare.now', lang)}",
                    f"\n{t('compare.then', lang)}",
                    f"\n{t('compare.change', lang)}",
                ]
            rows = [
                _compare_row(c.name, c, cmp.managers.get(c.name, {}), metrics, lang) for c in cards
            ]
            if total is report.team:
                name, changes = t("team", lang), cmp.team
            else:
                name, changes = t("subtotal", lang), cmp.modes.get(total.name, {})
            total_row = _compare_row(name, total, changes, metrics, lang)
            out.append(Block(f"compare_{key}", title, head, rows, total_row))
    return out


def _compare_row(
    name: str, card: Scorecard, changes: dict[str, Change], metrics: list[MetricInfo], lang: str
) -> list[Mark]:
    cells = [Mark(name)]
    for m in metrics:
        now = card.metrics[m.id]
        c = changes.get(m.id, Change(None, None, None, None))
        cells += [
            Mark(fact_text(now.fact, m, lang), number=True),
            Mark(fact_text(c.then, m, lang), number=True),
            Mark(change_text(c), change_status(c), number=True),
        ]
    return cells


# --- the trend ----------------------------------------------------------------------------


def trend_title(report: Report) -> str | None:
    """``Тренд: Выручка, % плана по месяцам``."""
    trend = report.trend
    if trend is None:
        return None
    lang = report.language
    label = next((m.label for m in report.metrics if m.id == trend.metric), trend.metric)
    by = t(f"trend.by.{report.period.kind.value}", lang)
    return t("trend.title", lang, metric=label, by=by)


def period_label(start: date, end: date, kind: str, lang: str) -> str:
    """A trend column's title: ``нояб.`` / ``Nov``, ``3 кв. 2026``, ``2 пол. 2026``,
    ``2026``, or the first day (``23.11``) for weeks, days and custom periods."""
    if kind == "month":
        return str(format_skeleton("MMM", start, locale="en_US" if lang == "en" else "ru_RU"))
    if kind == "quarter":
        return t("trend.quarter", lang, n=(start.month - 1) // 3 + 1, year=start.year)
    if kind == "half":
        return t("trend.half", lang, n=1 if start.month <= 6 else 2, year=start.year)
    if kind == "year":
        return str(start.year)
    return dates.tick(start, lang)


def _top(points: list[list[TrendPoint]]) -> float:
    best = max(
        (p.attainment for line in points for p in line if p.attainment is not None), default=0.0
    )
    return min(max(best, _TOP_MIN), _TOP_MAX)


def sparkline(points: list[TrendPoint], top: float) -> str:
    """``▅▆▃``: one block per period, its height the attainment against ``top``; a space
    where a period has no figure."""
    out = []
    for p in points:
        if p.attainment is None:
            out.append(" ")
            continue
        level = round(min(max(p.attainment, 0.0), top) / top * (len(SPARKS) - 1))
        out.append(SPARKS[level])
    return "".join(out)


def _lines(report: Report) -> list[tuple[str, list[TrendPoint], MetricResult | None, bool]]:
    """(name, points, the report's own figure, is the team) of each line of the trend: the
    managers as the scorecard lists them, then the team."""
    trend = report.trend
    assert trend is not None
    out: list[tuple[str, list[TrendPoint], MetricResult | None, bool]] = []
    for card in report.managers:  # in the report's order (--sort), and its --top
        if card.name in trend.managers:
            points = trend.managers[card.name]
            out.append((card.name, points, card.metrics.get(trend.metric), False))
    team = report.team.metrics.get(trend.metric)
    out.append((t("team", report.language), trend.team, team, True))
    return out


_Line = tuple[str, list[TrendPoint], MetricResult | None, bool]


def _drawn(report: Report) -> tuple[Trend, str, list[_Line], float] | None:
    """The trend, its title, its lines and the top of their scale (the terminal and the
    page draw the same); None without a trend."""
    title = trend_title(report)
    if report.trend is None or title is None:
        return None
    lines = _lines(report)
    return report.trend, title, lines, _top([points for _, points, _, _ in lines])


def trend_block(report: Report) -> Block | None:
    """The terminal's trend: each manager's sparkline, then the % of each period."""
    drawn = _drawn(report)
    if drawn is None:
        return None
    trend, title, lines, top = drawn
    lang, kind = report.language, report.period.kind.value
    head = [t("manager", lang), t("trend.line", lang)]
    head += [period_label(p.start, p.end, kind, lang) for p in trend.team]
    rows = []
    for name, points, _, _ in lines:
        cells = [Mark(name), Mark(sparkline(points, top))]
        cells += [Mark(percent(p.shown), number=True) for p in points]
        rows.append(cells)
    return Block("trend", title, head, rows[:-1], rows[-1])


# --- the HTML line: where each point goes, in px ------------------------------------------

_W, _H, _PAD = 132, 30, 4  # a row's line: a small multiple, one per manager


@dataclass(frozen=True)
class TrendRow:
    name: str
    segments: list[str]  # SVG polyline points; a gap where a period has no figure
    dot_x: str  # the report's own period, the last point ("" when it has no figure)
    dot_y: str
    status: str  # the light of the report's own figure: the line's colour
    cells: list[str]  # the % of each period
    total: bool


@dataclass(frozen=True)
class TrendTable:
    title: str
    line: str  # the line's column title
    periods: list[str]  # the column titles
    rows: list[TrendRow]
    width: int
    height: int
    goal_y: str  # where 100% of the plan is (a dashed line)


def trend_table(report: Report) -> TrendTable | None:
    """The page's trend: per manager and the team, an inline SVG line and the % of each
    period (the figures are in the cells too: Outlook and Gmail draw no SVG)."""
    drawn = _drawn(report)
    if drawn is None:
        return None
    trend, title, lines, top = drawn
    lang, kind = report.language, report.period.kind.value
    n = len(trend.team)

    def x(i: int) -> float:
        return _PAD + (_W - 2 * _PAD) * (i / (n - 1) if n > 1 else 0.5)

    def y(a: float) -> float:
        return _H - _PAD - (_H - 2 * _PAD) * min(max(a, 0.0), top) / top

    rows = []
    for name, points, now, is_team in lines:
        segments: list[str] = []
        run: list[str] = []
        for i, p in enumerate(points):
            if p.attainment is None:
                if run:
                    segments.append(" ".join(run))
                run = []
                continue
            run.append(f"{x(i):.1f},{y(p.attainment):.1f}")
        if run:
            segments.append(" ".join(run))
        last = points[-1].attainment if points else None
        rows.append(
            TrendRow(
                name=name,
                segments=segments,
                dot_x=f"{x(n - 1):.1f}" if last is not None else "",
                dot_y=f"{y(last):.1f}" if last is not None else "",
                status=now.status.value if now is not None and now.status else "none",
                cells=[percent(p.shown) for p in points],
                total=is_team,
            )
        )
    periods = [period_label(p.start, p.end, kind, lang) for p in trend.team]
    return TrendTable(title, t("trend.line", lang), periods, rows, _W, _H, f"{y(1.0):.1f}")


def blocks(report: Report) -> list[Block]:
    """What the terminal shows after the scorecard: the ``--compare`` tables, the trend."""
    trend = trend_block(report)
    return [*compare_blocks(report), *([trend] if trend is not None else [])]
