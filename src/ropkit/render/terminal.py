"""The colored terminal tables (rich); plain text when not a TTY or NO_COLOR is set.

Laid out as a head of sales reads it: outcomes against the plan for everyone, then
activity against the norms, one table per sales mode (inbound managers are held to other
norms than outbound ones). Each metric shows fact, plan to date and % with its light.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ropkit.i18n import t
from ropkit.render import controls, trends
from ropkit.render.text import (
    column_label,
    header_line,
    notice_text,
    promise_line,
    promises,
    rows_line,
    scorecard_cell,
    scorecard_tables,
)
from ropkit.scorecard import MetricInfo, MetricResult, Report, Scorecard
from ropkit.status import Status

_STYLE = {Status.GREEN: "green", Status.YELLOW: "yellow", Status.RED: "bold red"}


def render(report: Report, console: Console) -> None:
    """Print the scorecard tables, the row accounting and the warnings."""
    lang = report.language
    console.print(Text(header_line(report), style="bold"))
    for notice in report.alerts:  # before any figure: these make the figures below wrong
        console.print(Text("⚠ " + notice_text(notice, lang), style="bold red"))
    for title, metrics, cards, total in scorecard_tables(report):
        console.print(_table(report, title, metrics, cards, total))
    console.print(t("legend", lang), style="dim")
    for block in trends.blocks(report):  # --compare, then the trend
        show_block(block, console)
    shown = promises(report)
    if shown:
        console.print(Text(t("agenda.commitments", lang) + ":", style="bold"))
        styles = {"red": "bold red", "yellow": "yellow", "green": "green"}
        for p in shown:
            line = promise_line(p)
            console.print(
                Text("  " + line.removesuffix(p.result)).append(p.result, styles[p.status])
            )
    for block in controls.blocks(report, early=True):
        show_block(block, console)
    console.print(rows_line(report), style="dim")
    if report.warnings:
        console.print(Text(t("warnings", lang) + ":", style="yellow"))
        for notice in report.warnings:
            console.print(Text("  • " + notice_text(notice, lang)))


def show_block(block: controls.Block, console: Console) -> None:
    """A table of :mod:`render.controls` (regulations, large deals, training), or its lines."""
    if block.groups is not None:
        console.print(Text(block.title, style="bold"))
        for heading, lines in block.groups:
            console.print(Text(f"  {heading}:", style="bold"))
            for line in lines:
                console.print(Text("    " + line))
        return
    table = Table(title=block.title, title_justify="left", title_style="bold", header_style="bold")
    for head, right in zip(block.head, block.right, strict=True):
        table.add_column(head, justify="right" if right else "left")
    for row in block.rows:
        table.add_row(*(_marked(m) for m in row))
    if block.total is not None:
        table.add_section()
        table.add_row(*(_marked(m) for m in block.total), style="bold")
    console.print(table)


def _marked(m: controls.Mark) -> Text:
    return Text(m.text, style=_STYLE[Status(m.status)] if m.status else "")


def _table(
    report: Report, title: str, metrics: list[MetricInfo], cards: list[Scorecard], total: Scorecard
) -> Table:
    lang = report.language
    table = Table(title=title, title_justify="left", title_style="bold", header_style="bold")
    table.add_column(t("manager", lang), no_wrap=True)
    for m in metrics:
        label = column_label(report, m)
        table.add_column(f"{label}\n{t('fact', lang)}", justify="right", no_wrap=True)
        table.add_column(f"\n{t('plan_to_date', lang)}", justify="right", no_wrap=True)
        table.add_column("\n%", justify="right", no_wrap=True)
    for card in cards:
        table.add_row(*_row(card.name, card, metrics, lang))
    table.add_section()
    name = t("team", lang) if total is report.team else f"{t('subtotal', lang)}"
    table.add_row(*_row(name, total, metrics, lang), style="bold")
    return table


def _row(name: str, card: Scorecard, metrics: list[MetricInfo], lang: str) -> list[Text | str]:
    cells: list[Text | str] = [Text(name)]  # a name is text, never rich markup
    for m in metrics:
        cells.extend(_cells(card.metrics[m.id], m, lang))
    return cells


def _cells(r: MetricResult, m: MetricInfo, lang: str) -> list[Text | str]:
    c = scorecard_cell(r, m, lang)
    if r.plan_to_date is None:
        return [c.fact, c.plan_to_date, Text(c.percent, style="dim")]
    style = _STYLE[r.status] if r.status else ""
    pad = "" if r.status else "  "  # the column lines up with the marked ones
    return [c.fact, Text(c.plan_to_date, style="dim"), Text(c.percent + pad, style=style)]
