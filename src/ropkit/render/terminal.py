"""The colored terminal tables (rich); plain text when not a TTY or NO_COLOR is set.

Two tables, as a head of sales reads them: outcomes against the plan, then activity
against the norms. Each metric shows fact, plan to date and the % with its traffic light.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ropkit.i18n import t
from ropkit.render.numbers import number, percent
from ropkit.render.text import currency_sign, header_line, notice_text, rows_line
from ropkit.scorecard import MetricInfo, MetricResult, Report, Scorecard, Status

_STYLE = {Status.GREEN: "green", Status.YELLOW: "yellow", Status.RED: "bold red"}
_MARK = {Status.GREEN: "✓", Status.YELLOW: "~", Status.RED: "✗"}


def render(report: Report, console: Console) -> None:
    """Print the scorecard tables, the row accounting and the warnings."""
    lang = report.language
    console.print(Text(header_line(report), style="bold"))
    for group in ("outcome", "activity"):
        metrics = [m for m in report.metrics if m.group == group]
        if metrics:
            title = t("outcomes" if group == "outcome" else "activity", lang)
            console.print(_table(report, metrics, title))
    console.print(t("legend", lang), style="dim")
    console.print(rows_line(report), style="dim")
    if report.warnings:
        console.print(Text(t("warnings", lang) + ":", style="yellow"))
        for notice in report.warnings:
            console.print(Text("  • " + notice_text(notice, lang)))


def _table(report: Report, metrics: list[MetricInfo], title: str) -> Table:
    lang = report.language
    table = Table(title=title, title_justify="left", title_style="bold", header_style="bold",
                  pad_edge=False, collapse_padding=True)
    table.add_column(t("manager", lang), no_wrap=True)
    for m in metrics:
        label = m.label + (f", {currency_sign(report)}" if m.unit == "money" else "")
        table.add_column(f"{label}\n{t('fact', lang)}", justify="right", no_wrap=True)
        table.add_column(f"\n{t('plan_to_date', lang)}", justify="right", no_wrap=True, style="dim")
        table.add_column("\n%", justify="right", no_wrap=True)
    for card in report.managers:
        table.add_row(*_row(card, report, metrics))
    table.add_section()
    table.add_row(*_row(report.team, report, metrics), style="bold")
    return table


def _row(card: Scorecard, report: Report, metrics: list[MetricInfo]) -> list[Text | str]:
    name = t("team", report.language) if card is report.team else card.name
    cells: list[Text | str] = [name]
    for m in metrics:
        cells.extend(_cells(card.metrics[m.id], report.language))
    return cells


def _cells(r: MetricResult, lang: str) -> list[Text | str]:
    fact = number(r.fact, lang)
    if r.plan_to_date is None:
        return [fact, "—", Text("—", style="dim")]
    mark = _MARK[r.status] if r.status else " "
    style = _STYLE[r.status] if r.status else ""
    return [fact, number(r.plan_to_date, lang), Text(f"{percent(r.attainment)} {mark}", style=style)]
