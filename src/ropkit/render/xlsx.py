"""The Excel workbook: the summary a head of sales filters and forwards, and the rows behind it.

Sheets: the summary (one row per manager, the team total, the subtotal of each sales mode;
per metric fact, plan to date, % with its light as the cell fill, plan, forecast, needed per
day; a column chart of the first outcome with a plan), one sheet per metric with the export
rows behind its facts (file and row, so any figure can be traced with a filter), and the row
accounting. Numbers are real numbers with number formats, dates are real dates.

Only layout here: every number comes from the :class:`Report`. Every text that comes from
the exports or the config is written with ``write_string``, so a CRM value such as
``=HYPERLINK(…)`` stays text and never becomes a formula.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_range_abs

from ropkit.i18n import mode_label, reason_text, t
from ropkit.regulations import RuleResult, Violation
from ropkit.render import controls
from ropkit.render import trends as trend_view
from ropkit.render.controls import Block, violation_text
from ropkit.render.numbers import number
from ropkit.render.text import (
    chart_metric,
    column_label,
    currency_sign,
    header_line,
    notice_text,
    rows_line,
)
from ropkit.scorecard import MetricInfo, MetricResult, Report, Scorecard
from ropkit.status import Status

#: rows on an Excel sheet; a longer detail sheet is cut there, and says so
EXCEL_ROWS = 1_048_576

#: the summary's columns of each metric: (MetricResult attribute, i18n key)
FIELDS = (
    ("fact", "xlsx.fact"),
    ("plan_to_date", "xlsx.plan_to_date"),
    ("shown", "xlsx.attainment"),
    ("plan", "xlsx.plan"),
    ("forecast", "xlsx.forecast"),
    ("needed_per_day", "xlsx.needed_per_day"),
)

# Excel's own "Good / Neutral / Bad" cell styles: a fill light enough to read the figure on
# it, a dark font of the same hue (readable printed in black and white too)
_LIGHT = {
    Status.GREEN: {"bg_color": "#C6EFCE", "font_color": "#006100"},
    Status.YELLOW: {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    Status.RED: {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
}
_HEAD = {"bold": True, "bg_color": "#F2F2F2", "border": 1, "border_color": "#BFBFBF"}
_CELL = {"border": 1, "border_color": "#D9D9D9"}
_ALERT = {"bold": True, "font_color": "#C00000"}
_FACT_COLOR = "#4472C4"
_PLAN_COLOR = "#A5A5A5"

#: the printable part of a landscape A4 page with the margins set below, in pixels (96 dpi)
#: and points; a little is kept back for fonts wider than Calibri
_PAGE_PIXELS = int((11.69 - 0.8) * 96 * 0.9)
_PAGE_POINTS = (8.27 - 1.0) * 72 - 10
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_COUNT = "#,##0"
_DECIMAL = "#,##0.0"
_PERCENT = "0%"  # of MetricResult.shown, cut to whole percent as in the terminal


def render(report: Report) -> bytes:
    """The report as an .xlsx workbook."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # CRM text must stay text: no formulas, no links, no numbers guessed from strings
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties({"title": header_line(report), "subject": report.team_name})
    book = _Book(workbook, report)
    book.summary()
    for mid, rows in report.behind.items():
        book.detail(mid, rows)
    book.controls()
    book.accounting()
    workbook.close()
    return buffer.getvalue()


@dataclass
class _Sheet:
    """A worksheet and the widths its content needs (Excel does not fit columns itself)."""

    ws: Any
    widths: dict[int, float] = field(default_factory=dict)

    def fit(self, col: int, chars: float) -> None:
        self.widths[col] = max(self.widths.get(col, 0.0), chars)

    def set_widths(self, maximum: float = 60.0) -> None:
        for col, chars in self.widths.items():
            self.ws.set_column(col, col, _width(chars, maximum=maximum))


class _Book:
    """Writes the sheets of one report, with one cache of cell formats."""

    def __init__(self, workbook: Any, report: Report) -> None:
        self.wb = workbook
        self.report = report
        self.lang = report.language
        self.sign = currency_sign(report)
        self.money = f'#,##0\\ "{self.sign}"'
        self.date = "yyyy-mm-dd" if self.lang == "en" else "dd.mm.yyyy"
        self.datetime = self.date + " hh:mm"
        self._formats: dict[tuple[tuple[str, object], ...], Any] = {}
        self._names: set[str] = set()
        self.summary_name = self._sheet_name(t("xlsx.sheet.summary", self.lang))

    # -- helpers -------------------------------------------------------------------------

    def fmt(self, *parts: dict[str, object], **props: object) -> Any:
        """A cell format from style dicts and properties, created once per combination."""
        merged: dict[str, object] = {}
        for part in parts:
            merged.update(part)
        merged.update(props)
        key = tuple(sorted(merged.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(merged)
        return self._formats[key]

    def _sheet_name(self, wanted: str) -> str:
        """A valid, unique sheet name: no []:*?/\\, no edge apostrophes, 31 characters."""
        base = " ".join(_SHEET_FORBIDDEN.sub(" ", wanted).split()).strip("'").strip() or "_"
        name, n = base[:31].rstrip(" '"), 1
        while name.casefold() in self._names or name.casefold() == "history":
            n += 1
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)].rstrip(" '") + suffix
        self._names.add(name.casefold())
        return name

    def _sheet(self, name: str) -> _Sheet:
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        # ids and CRM values are text on purpose: no green "number stored as text" corners
        ws.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})
        return _Sheet(ws)

    def _unit_format(self, unit: str, attr: str) -> str:
        if attr == "shown":
            return _PERCENT
        if unit == "money":
            return self.money
        # a count is whole; its plan, pace and daily need are not (2.4 meetings to date)
        return _COUNT if unit == "count" and attr == "fact" else _DECIMAL

    def _shown_width(self, value: float, num_format: str) -> int:
        """How many characters Excel shows for ``value`` in ``num_format``."""
        # the same length as the grouped text in either language; no babel per cell: a
        # detail sheet may have a million of them
        if num_format == _PERCENT:
            return len(f"{value:.0%}") + 1
        if num_format == _DECIMAL:
            return len(f"{value:,.1f}")
        text = f"{value:,.0f}"
        return len(text) + (len(self.sign) + 1 if num_format == self.money else 0)

    # -- the summary -----------------------------------------------------------------------

    def summary(self) -> None:
        """Header, alerts, the scorecard table, the legend, the chart and the warnings."""
        report, lang = self.report, self.lang
        sheet = self._sheet(self.summary_name)
        ws = sheet.ws
        # the table first: the text above and below is laid out to the widths it needs
        top = 2 + len(report.alerts)
        data, first, last_col, breaks = self._table(sheet, top)
        # the first printed page: the columns before the first break between metrics
        span = breaks[0] if breaks else last_col + 1
        para = _Paragraphs(ws, sheet.widths, self.fmt, {0: 20.0, top + 1: 30.0}, span)

        ws.write_string(0, 0, header_line(report), self.fmt(bold=True, font_size=13))
        ws.set_row(0, 20)
        for i, notice in enumerate(report.alerts):  # before any figure: they make them wrong
            para.write(1 + i, "⚠ " + notice_text(notice, lang), _ALERT)

        row = data + len(report.managers) + 1 + len(report.modes) + 1
        grey: dict[str, object] = {"font_color": "#595959"}
        for text in (t("xlsx.legend", lang), t("xlsx.legend_columns", lang), rows_line(report)):
            para.write(row, text, grey)
            row += 1
        row += 1
        row = self._chart(ws, row, data, first, para)
        if report.warnings:
            ws.write_string(row, 0, t("warnings", lang) + ":", self.fmt(bold=True))
            row += 1
            for notice in report.warnings:
                para.write(row, "• " + notice_text(notice, lang), {})
                row += 1
        end = data + len(report.managers) + len(report.modes)  # the table's last row
        if para.points_above(end + 1) > _PAGE_POINTS:
            # a table taller than a page: its headers on each page it runs onto (not above
            # the text and the chart under a table that fits)
            ws.repeat_rows(top, data - 1)
        self._print_areas(ws, row, top, end, span, last_col)

    def _print_areas(
        self, ws: Any, bottom: int, top: int, end: int, span: int, last_col: int
    ) -> None:
        """What goes on paper: the first page's columns with the text and the chart below
        the table, then the table's other metrics (the names repeated on each page). One
        area would repeat the chart's and the text's first columns on every page."""
        ws.set_header("&L&8" + header_line(self.report).replace("&", "&&")[:200])
        ws.set_footer("&R&8&P / &N")
        if span > last_col:
            ws.print_area(0, 0, bottom, last_col)
            return
        sheet = quote_sheetname(self.summary_name)
        areas = [xl_range_abs(0, 0, bottom, span - 1), xl_range_abs(top, span, end, last_col)]
        self.wb.define_name(
            f"{sheet}!_xlnm.Print_Area", "=" + ",".join(f"{sheet}!{a}" for a in areas)
        )

    def _table(self, sheet: _Sheet, top: int) -> tuple[int, int, int, list[int]]:
        """The scorecard from row ``top``: managers, the team, the subtotal of each mode;
        returns (first data row, first metric column, last column, printed page breaks)."""
        report, lang, ws = self.report, self.lang, sheet.ws
        modes = bool(report.modes)
        first = 2 if modes else 1  # the first metric column
        # two header rows: the metric's label over its columns, then what each column is
        head = top + 1
        ws.set_row(head, 30)
        for col, key in enumerate(["manager", "xlsx.mode"] if modes else ["manager"]):
            _merge(ws, (top, col, head, col), t(key, lang), self.fmt(_HEAD, valign="vcenter"))
            sheet.fit(col, len(t(key, lang)))
        for i, m in enumerate(report.metrics):
            left = first + i * len(FIELDS)
            label = column_label(self.report, m)
            _merge(ws, (top, left, top, left + len(FIELDS) - 1), label, self.fmt(_HEAD, left=2))
            for j, (_, key) in enumerate(FIELDS):
                text = t(key, lang)
                props: dict[str, object] = {"text_wrap": True, "align": "center"}
                if j == 0:
                    props["left"] = 2
                ws.write_string(head, left + j, text, self.fmt(_HEAD, props))
                # headers wrap: a column needs its longest word, not the whole header
                sheet.fit(left + j, max(len(w) for w in text.split()))

        rows: list[tuple[str, str, Scorecard, bool]] = [
            (c.name, mode_label(c.mode, lang) if c.mode else "", c, False) for c in report.managers
        ]
        rows.append((t("team", lang), "", report.team, True))
        for sub in report.modes:
            label = mode_label(sub.mode, lang) if sub.mode else t("mode.none", lang)
            rows.append((f"{t('subtotal', lang)}: {label}", "", sub, True))
        data = head + 1
        for k, (name, mode, card, total) in enumerate(rows):
            r = data + k
            # the first total row is ruled off from the managers above it
            style: dict[str, object] = {}
            if total:
                style = {"bold": True, "top": 2 if k == len(report.managers) else 1}
            ws.write_string(r, 0, name, self.fmt(_CELL, style))
            sheet.fit(0, len(name) * (1.1 if total else 1.0))  # bold is wider
            if modes:
                ws.write_string(r, 1, mode, self.fmt(_CELL, style))
                sheet.fit(1, len(mode))
            for i, m in enumerate(report.metrics):
                self._metric_cells(sheet, r, first + i * len(FIELDS), card.metrics[m.id], m, style)
        last_col = first + len(report.metrics) * len(FIELDS) - 1
        # the filter sorts and filters the managers; the totals below stay where they are
        ws.autofilter(head, 0, max(head, data + len(report.managers) - 1), last_col)
        ws.freeze_panes(data, first)
        ws.repeat_columns(0, first - 1)
        sheet.set_widths()
        breaks = _group_breaks(sheet.widths, first, len(FIELDS), len(report.metrics))
        ws.set_v_pagebreaks(breaks)
        return data, first, last_col, breaks

    def _metric_cells(
        self,
        sheet: _Sheet,
        row: int,
        left: int,
        result: MetricResult,
        m: MetricInfo,
        style: dict[str, object],
    ) -> None:
        for j, (attr, _) in enumerate(FIELDS):
            value: float | None = getattr(result, attr)
            num_format = self._unit_format(m.unit, attr)
            props: dict[str, object] = {"num_format": num_format}
            if j == 0:  # a rule between metrics, so six columns read as one group
                props["left"] = 2
            if attr == "shown" and result.status is not None:
                props.update(_LIGHT[result.status])
                props["bold"] = True
            cell = self.fmt(_CELL, style, props)
            if value is None:
                sheet.ws.write_blank(row, left + j, None, cell)
            else:
                sheet.ws.write_number(row, left + j, value, cell)
                sheet.fit(left + j, self._shown_width(value, num_format))

    def _chart(self, ws: Any, row: int, data: int, first: int, para: _Paragraphs) -> int:
        """A column chart of fact vs plan to date per manager, for the first outcome with a
        plan, as wide as the first printed page; returns the row below it."""
        report = self.report
        m = chart_metric(report)
        if m is None or not report.managers:
            return row
        index = report.metrics.index(m)
        left = first + index * len(FIELDS)
        last = data + len(report.managers) - 1
        chart = self.wb.add_chart({"type": "column"})
        names = [self.summary_name, data, 0, last, 0]
        for j, color in ((0, _FACT_COLOR), (1, _PLAN_COLOR)):
            chart.add_series(
                {
                    "name": t(FIELDS[j][1], self.lang),
                    "categories": names,
                    "values": [self.summary_name, data, left + j, last, left + j],
                    "fill": {"color": color},
                    "border": {"none": True},
                    "gap": 60,
                }
            )
        # the label follows the i18n text, so a title never starts with "=" (a reference)
        chart.set_title(
            {"name": t("xlsx.chart.title", self.lang, metric=m.label), "name_font": {"size": 12}}
        )
        chart.set_y_axis(
            {
                "num_format": self.money if m.unit == "money" else _COUNT,
                "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}},
            }
        )
        chart.set_legend({"position": "bottom"})
        rows = 12
        chart.set_size(
            {"width": max(para.pixels - 8, 60 * len(report.managers)), "height": rows * 20}
        )
        if para.points_above(row) + rows * 15 > _PAGE_POINTS:
            ws.set_h_pagebreaks([row])  # the chart whole on the next page rather than cut
        ws.insert_chart(row, 0, chart, {"x_offset": 2, "y_offset": 2})
        return row + rows + 1

    # -- the rows behind each metric ---------------------------------------------------------

    def detail(self, mid: str, rows: pd.DataFrame) -> None:
        """The export rows behind a metric's facts: a filterable table with file and row."""
        lang = self.lang
        label = next((m.label for m in self.report.metrics if m.id == mid), mid)
        sheet = self._sheet(self._sheet_name(label))
        ws = sheet.ws
        head, data = 1, 2
        room = EXCEL_ROWS - data
        if len(rows) > room:
            note = t(
                "xlsx.detail.capped",
                lang,
                metric=label,
                shown=number(room, lang, whole=True),
                total=number(len(rows), lang, whole=True),
                limit=number(EXCEL_ROWS, lang, whole=True),
            )
            ws.write_string(0, 0, note, self.fmt(_ALERT))
            rows = rows.iloc[:room]
        else:
            ws.write_string(0, 0, t("xlsx.detail.title", lang, metric=label, n=len(rows)))
        for col, name in enumerate(rows.columns):
            title = _column_title(str(name), lang)
            ws.write_string(head, col, title, self.fmt(_HEAD))
            sheet.fit(col, len(title) + 2)  # room for the filter button
            writer = self._column_writer(sheet, col, str(name), rows[name])
            for i, value in enumerate(rows[name].tolist()):
                writer(data + i, value)
        last_col = max(len(rows.columns) - 1, 0)
        ws.autofilter(head, 0, head + len(rows), last_col)
        ws.freeze_panes(data, 1)
        ws.repeat_rows(head)
        ws.fit_to_pages(1, 0)  # a few columns: all of them on the width of a page
        sheet.set_widths()

    def _column_writer(
        self, sheet: _Sheet, col: int, name: str, values: pd.Series[Any]
    ) -> Callable[[int, object], None]:
        """How to write one column's cells: dates as dates, numbers as numbers, the rest as
        text (never a formula)."""
        ws = sheet.ws
        if pd.api.types.is_datetime64_any_dtype(values):
            present = values.dropna()
            # a column of bare dates (a deal's close date) shows no 00:00
            timed = bool((present != present.dt.normalize()).any())
            num_format = self.datetime if timed else self.date
            cell = self.fmt(_CELL, num_format=num_format)
            sheet.fit(col, len(num_format))

            def write_date(row: int, value: object) -> None:
                if isinstance(value, datetime) and not pd.isna(value):
                    when = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
                    ws.write_datetime(row, col, when.replace(tzinfo=None), cell)
                else:
                    ws.write_blank(row, col, None, cell)

            return write_date
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            # a row number is an address (row 28851), not a quantity: no thousands separator
            num_format = {"amount": self.money, "units": _DECIMAL, "row": "0"}.get(name, _COUNT)
            cell = self.fmt(_CELL, num_format=num_format)
            for extreme in (values.min(), values.max()):  # the widest are the extremes
                if not pd.isna(extreme):
                    sheet.fit(col, self._shown_width(float(extreme), num_format))

            def write_number(row: int, value: object) -> None:
                if isinstance(value, int | float) and not math.isnan(value):
                    ws.write_number(row, col, value, cell)
                else:
                    ws.write_blank(row, col, None, cell)

            return write_number

        text_cell = self.fmt(_CELL)
        present = values.dropna()
        if len(present):
            sheet.fit(col, float(present.astype(str).str.len().max()))

        def write_text(row: int, value: object) -> None:
            if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
                ws.write_blank(row, col, None, text_cell)
            else:
                ws.write_string(row, col, str(value), text_cell)

        return write_text

    # -- the regulations, large deals, training ----------------------------------------------

    def controls(self) -> None:
        """What the screen shows after the scorecard, on sheets of their own: the comparison
        and the trend («Динамика»); why revenue is behind, the early warnings, the
        regulations, large deals and training («Контроль»); every violation with its file
        and row (the screen shows the first few of each rule). Tables of one kind share a
        sheet, so its columns fit them."""
        report = self.report
        self._blocks_sheet("xlsx.sheet.trend", trend_view.blocks(report))
        self._blocks_sheet("xlsx.sheet.controls", controls.blocks(report, early=True))
        found = [(r, v) for r in report.regulations.rules.values() for v in r.violations]
        if found:
            self._violations(found)

    def _blocks_sheet(self, name: str, shown: list[Block]) -> None:
        blocks = [b for b in shown if not b.groups]  # tables, and lines that head them
        if not blocks:
            return
        sheet = self._sheet(self._sheet_name(t(name, self.lang)))
        row = 0
        for block in blocks:
            row = self._block(sheet, block, row) + 2
        sheet.ws.fit_to_pages(1, 0)
        sheet.set_widths(maximum=40)

    def _block(self, sheet: _Sheet, block: Block, row: int) -> int:
        """A table of render.controls from ``row``; the last row written."""
        ws = sheet.ws
        ws.write_string(row, 0, block.title, self.fmt(bold=True))
        if not block.head:  # a line that says what the tables below it are
            return row - 1
        row += 1
        ws.set_row(row, 15 * max(h.count("\n") + 1 for h in block.head) + 2)
        for col, (head, right) in enumerate(zip(block.head, block.right, strict=True)):
            align = "right" if right else "left"  # over its figures, as on the screen
            head_cell = self.fmt(_HEAD, text_wrap=True, valign="bottom", align=align)
            ws.write_string(row, col, head, head_cell)
            sheet.fit(col, max(len(w) for w in head.split("\n")) + 1)
        for cells in block.lines:
            row += 1
            for col, mark in enumerate(cells):
                light: dict[str, object] = dict(_LIGHT[Status(mark.status)]) if mark.status else {}
                bold: dict[str, object] = {"bold": True} if cells is block.total else {}
                style = self.fmt(_CELL, light, bold, align="right" if mark.number else "left")
                ws.write_string(row, col, mark.text, style)
                sheet.fit(col, len(mark.text))
        return row

    def _violations(self, found: list[tuple[RuleResult, Violation]]) -> None:
        lang, report = self.lang, self.report
        sheet = self._sheet(self._sheet_name(t("rule.violations", lang)))
        ws = sheet.ws
        keys = ("rule.rule", "manager", "rule.case", "rule.file", "rule.row")
        for col, key in enumerate(keys):
            title = t(key, lang)
            ws.write_string(0, col, title, self.fmt(_HEAD))
            sheet.fit(col, len(title) + 2)  # room for the filter button
        for row, (rule, v) in enumerate(found, start=1):
            said = [t(f"rule.{rule.rule}", lang), v.manager]
            said += [violation_text(v, rule, report), v.file]
            for col, words in enumerate(said):
                ws.write_string(row, col, words, self.fmt(_CELL))
                sheet.fit(col, len(words))
            ws.write_number(row, 4, v.row, self.fmt(_CELL))
        ws.autofilter(0, 0, len(found), len(keys) - 1)
        ws.freeze_panes(1, 0)
        ws.fit_to_pages(1, 0)
        sheet.set_widths(maximum=100)

    # -- the row accounting -------------------------------------------------------------------

    def accounting(self) -> None:
        """Read = used + rejected for each table, with why rows were rejected."""
        lang = self.lang
        sheet = self._sheet(self._sheet_name(t("xlsx.sheet.rows", lang)))
        ws = sheet.ws
        ws.write_string(0, 0, t("xlsx.rows.title", lang), self.fmt(bold=True))
        head = 2
        ws.set_row(head, 30)
        keys = ("table", "read", "used", "not_on_team", "rejected", "reasons")
        for col, key in enumerate(keys):
            title = t(f"xlsx.col.{key}", lang)
            ws.write_string(head, col, title, self.fmt(_HEAD, text_wrap=True))
            sheet.fit(col, max(len(w) for w in title.split()) + 2)
        count_cell = self.fmt(_CELL, num_format=_COUNT)
        for i, (table, c) in enumerate(self.report.rows.items()):
            r = head + 1 + i
            ws.write_string(r, 0, table, self.fmt(_CELL))
            sheet.fit(0, len(table))
            for col, n in enumerate((c.read, c.used, c.not_on_team, c.rejected), start=1):
                ws.write_number(r, col, n, count_cell)
                sheet.fit(col, len(f"{n:,}"))
            reasons = "; ".join(
                f"{reason_text(code, lang)}: {n}" for code, n in sorted(c.reasons.items())
            )
            ws.write_string(r, 5, reasons, self.fmt(_CELL))
            sheet.fit(5, len(reasons))
        ws.autofilter(head, 0, head + len(self.report.rows), len(keys) - 1)
        ws.freeze_panes(head + 1, 1)
        ws.fit_to_pages(1, 0)
        sheet.set_widths(maximum=100)


def _merge(ws: Any, cells: tuple[int, int, int, int], text: str, cell_format: Any) -> None:
    """Merged cells holding ``text`` written as a string (``merge_range`` alone would pick
    a writer by the value)."""
    ws.merge_range(*cells, "", cell_format)
    ws.write_string(cells[0], cells[1], text, cell_format)


def _column_title(name: str, lang: str) -> str:
    """A detail column's header; a column this module does not know keeps its own name."""
    if name == "manager":
        return t("manager", lang)
    try:
        return t(f"xlsx.col.{name}", lang)
    except KeyError:
        return name


def _pixels(chars: float) -> int:
    """A column's width in pixels, as Excel draws a width in characters of Calibri 11."""
    return int(chars * 7 + 5)


def _group_breaks(widths: dict[int, float], first: int, size: int, groups: int) -> list[int]:
    """Printed page breaks between metrics, so that a metric's columns are never split
    across two pages (the name columns are repeated on every page)."""
    repeated = sum(_pixels(_width(widths.get(c, 0.0))) for c in range(first))
    breaks, used = [], repeated
    for g in range(groups):
        left = first + g * size
        wide = sum(_pixels(_width(widths.get(c, 0.0))) for c in range(left, left + size))
        if used + wide > _PAGE_PIXELS and used > repeated:
            breaks.append(left)
            used = repeated
        used += wide
    return breaks


def _width(chars: float, minimum: float = 6.0, maximum: float = 60.0) -> float:
    return min(max(chars + 2, minimum), maximum)


class _Paragraphs:
    """Lines of text on the summary, wrapped across the columns of the first printed page
    when longer than they are wide (a line cut off on paper is a warning lost)."""

    def __init__(
        self,
        ws: Any,
        widths: dict[int, float],
        make: Callable[..., Any],
        heights: dict[int, float],
        span: int,
    ) -> None:
        self.ws = ws
        self.make = make
        self.span = span
        self.pixels = sum(_pixels(_width(widths.get(c, 0.0))) for c in range(self.span))
        self.heights = heights  # row -> points, where not the default 15

    def write(self, row: int, text: str, style: dict[str, object]) -> None:
        # a letter of Calibri 11 is about 6.5 pixels wide on average (a digit is 7)
        lines = math.ceil(len(text) * 6.5 / self.pixels)
        if lines <= 1 or self.span < 2:
            self.ws.write_string(row, 0, text, self.make(style))
            return
        wrapped = self.make(style, text_wrap=True, valign="top")
        _merge(self.ws, (row, 0, row, self.span - 1), text, wrapped)
        self.heights[row] = 15.0 * lines
        self.ws.set_row(row, self.heights[row])

    def points_above(self, row: int) -> float:
        """The height of the rows above ``row``, in points."""
        return sum(self.heights.get(r, 15.0) for r in range(row))
