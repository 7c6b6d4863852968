"""The Excel workbook, read back cell by cell (values, formats, fills), never compared by bytes."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ropkit.periods import PeriodKind
from ropkit.pipeline import run
from ropkit.render import xlsx
from ropkit.scorecard import Report, Scorecard
from ropkit.status import Status

AS_OF = datetime(2026, 11, 25, 16)
FIELDS = ["fact", "plan_to_date", "shown", "plan", "forecast", "needed_per_day"]
HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture(scope="module")
def demo() -> Report:
    path = Path(str(resources.files("ropkit") / "demo" / "norms.yaml"))
    return run(path, PeriodKind.MONTH, AS_OF, evidence=True).report


@pytest.fixture(scope="module")
def book(demo: Report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(demo)))


def _header_row(ws: Worksheet, title: str) -> int:
    """The row (1-based) whose first cell is ``title``."""
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == title)


def _layout(ws: Worksheet) -> tuple[int, dict[str, int], dict[str, int]]:
    """The summary's column headers row, metric label -> its first column, name -> row."""
    top = _header_row(ws, "Менеджер")
    groups = {
        str(ws.cell(top, c).value).removesuffix(", ₽"): c
        for c in range(3, ws.max_column + 1)
        if ws.cell(top, c).value
    }
    names = {}
    for r in range(top + 2, ws.max_row + 1):
        if ws.cell(r, 1).value is None:
            break
        names[str(ws.cell(r, 1).value)] = r
    return top + 1, groups, names


def _cards(report: Report) -> Iterator[tuple[str, Scorecard]]:
    yield from ((c.name, c) for c in report.managers)
    yield "Итого по отделу", report.team
    labels = {"passive": "пассивные продажи", "active": "активные продажи"}
    yield from ((f"Итого: {labels[str(c.mode)]}", c) for c in report.modes)


def test_sheets_summary_then_a_sheet_per_metric_then_the_row_accounting(
    demo: Report, book: openpyxl.Workbook
) -> None:
    labels = {m.id: m.label for m in demo.metrics}
    assert book.sheetnames == [
        "Сводка",
        *(labels[mid] for mid in demo.behind),
        "Контроль",
        "Нарушения регламентов",
        "Строки выгрузок",
    ]
    assert "Выручка" in book.sheetnames and "Исходящие звонки" in book.sheetnames


def test_summary_cells_are_the_reports_numbers(demo: Report, book: openpyxl.Workbook) -> None:
    ws = book["Сводка"]
    assert str(ws["A1"].value).startswith(
        "Отдел продаж (демо) · месяц 1—30 ноября 2026 · на 25 ноября 2026, 16:00"
    )
    head, groups, rows = _layout(ws)
    assert [ws.cell(head, c).value for c in range(3, 9)] == [
        "Факт",
        "План на дату",
        "% на дату",
        "План на период",
        "Прогноз",
        "Нужно в день",
    ]
    assert list(groups) == [m.label for m in demo.metrics]
    cards = list(_cards(demo))
    # managers in the report's order, then the team, then the subtotal of each mode
    assert list(rows) == [name for name, _ in cards]
    for name, card in cards:
        for m in demo.metrics:
            result = card.metrics[m.id]
            for j, attr in enumerate(FIELDS):
                want = getattr(result, attr)
                got = ws.cell(rows[name], groups[m.label] + j).value
                if want is None:
                    assert got is None, (name, m.id, attr)
                else:
                    assert got == pytest.approx(want, rel=1e-12), (name, m.id, attr)
    assert rows["Итого по отделу"] == rows["Сергей Лебедев"] + 1
    # Алексей Смирнов's revenue: 888 700 of 2 355 556 due = 37,7%; the terminal says 37%, and
    # so does this cell (a "0%" format of 0.377 would round it to 38%)
    revenue = demo.managers[2].metrics["revenue"]
    assert revenue.attainment == pytest.approx(888_700 / 2_355_556)
    assert ws.cell(rows["Алексей Смирнов"], groups["Выручка"] + 2).value == pytest.approx(0.37)
    assert ws.cell(rows["Иван Иванов"], 2).value == "пассивные продажи"


def test_number_formats(demo: Report, book: openpyxl.Workbook) -> None:
    ws = book["Сводка"]
    _, groups, rows = _layout(ws)
    ivan = rows["Иван Иванов"]
    money = ws.cell(ivan, groups["Выручка"]).number_format
    assert money == '#,##0\\ "₽"'  # Russian Excel shows it as «# ##0 ₽»
    assert ws.cell(ivan, groups["Выручка"] + 2).number_format == "0%"
    assert ws.cell(ivan, groups["Сделки"]).number_format == "#,##0"
    assert ws.cell(ivan, groups["Средний чек"] + 3).number_format == money
    deals = book["Выручка"]
    assert deals["B3"].number_format == "dd.mm.yyyy"  # a close date: no 00:00
    assert isinstance(deals["B3"].value, datetime)
    assert deals["F3"].number_format == money
    calls = book["Исходящие звонки"]
    assert calls["B3"].number_format == "dd.mm.yyyy hh:mm"
    assert calls["B3"].value == demo.behind["calls_out"]["date"][0]


def test_the_light_is_the_fill_of_the_percent_cell(demo: Report, book: openpyxl.Workbook) -> None:
    ws = book["Сводка"]
    _, groups, rows = _layout(ws)
    fills = {Status.GREEN: "FFC6EFCE", Status.YELLOW: "FFFFEB9C", Status.RED: "FFFFC7CE"}
    seen = set()
    for name, card in _cards(demo):
        for m in demo.metrics:
            status = card.metrics[m.id].status
            cell = ws.cell(rows[name], groups[m.label] + 2)
            if status is None:
                assert cell.fill.fill_type is None, (name, m.id)
            else:
                assert cell.fill.fgColor.rgb == fills[status], (name, m.id)
                seen.add(status)
    assert seen == set(Status)  # the demo has all three lights
    revenue = groups["Выручка"] + 2
    assert demo.managers[2].metrics["revenue"].status is Status.RED  # Алексей Смирнов, 38%
    assert ws.cell(rows["Алексей Смирнов"], revenue).fill.fgColor.rgb == "FFFFC7CE"
    assert demo.managers[0].metrics["revenue"].status is Status.GREEN  # Иван Иванов, 109%
    assert ws.cell(rows["Иван Иванов"], revenue).fill.fgColor.rgb == "FFC6EFCE"


def test_frozen_headers_filters_and_widths(demo: Report, book: openpyxl.Workbook) -> None:
    ws = book["Сводка"]
    head, _, rows = _layout(ws)
    last = get_column_letter(2 + 6 * len(demo.metrics))
    assert ws.freeze_panes == f"C{head + 1}"  # the headers and the names stay in view
    # the filter covers the managers; the totals below stay put when sorting
    assert ws.auto_filter.ref == f"A{head}:{last}{rows['Сергей Лебедев']}"
    assert ws.column_dimensions["A"].width >= len("Итого: пассивные продажи")
    assert ws.column_dimensions["C"].width >= len("15 728 100 ₽")
    for mid, rows_behind in demo.behind.items():
        sheet = book[next(m.label for m in demo.metrics if m.id == mid)]
        assert sheet.freeze_panes == "B3"
        last = get_column_letter(len(rows_behind.columns))
        assert sheet.auto_filter.ref == f"A2:{last}{2 + len(rows_behind)}"
    assert book["Строки выгрузок"].auto_filter.ref == "A3:F7"  # deals, activities, leads, tasks


def test_the_chart_is_revenue_fact_vs_plan_to_date_per_manager(
    demo: Report, book: openpyxl.Workbook
) -> None:
    ws = book["Сводка"]
    _, groups, rows = _layout(ws)
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "barChart" and chart.type == "col"
    refs = [s.val.numRef.f for s in chart.series]
    first, last = rows["Иван Иванов"], rows["Сергей Лебедев"]
    fact = get_column_letter(groups["Выручка"])
    to_date = get_column_letter(groups["Выручка"] + 1)
    assert refs == [
        f"Сводка!${fact}${first}:${fact}${last}",
        f"Сводка!${to_date}${first}:${to_date}${last}",
    ]
    assert chart.series[0].cat.strRef.f == f"Сводка!$A${first}:$A${last}"


def test_a_detail_sheet_holds_the_rows_behind_the_fact(
    demo: Report, book: openpyxl.Workbook
) -> None:
    for mid, frame in demo.behind.items():
        ws = book[next(m.label for m in demo.metrics if m.id == mid)]
        assert ws.max_row - 2 == len(frame), mid  # a title row, a header row, then the rows
        header = [c.value for c in ws[2]]
        assert header[0] == "Менеджер" and header[-2:] == ["Файл", "Строка"]
        columns = list(ws.iter_cols(min_row=3, values_only=True))
        assert list(columns[header.index("Файл")]) == frame["file"].tolist()
        assert list(columns[header.index("Строка")]) == frame["row"].tolist()
        assert list(columns[0]) == frame["manager"].tolist()
    # filtered to one manager, the amounts add up to their revenue
    ws = book["Выручка"]
    ivan = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "Иван Иванов"]
    assert sum(r[5] for r in ivan) == demo.managers[0].metrics["revenue"].fact
    assert str(ws["A1"].value).startswith("Выручка: строки выгрузок")


def test_the_row_accounting_sheet(demo: Report, book: openpyxl.Workbook) -> None:
    ws = book["Строки выгрузок"]
    got = {r[0]: r[1:5] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert got == {t: (c.read, c.used, c.not_on_team, c.rejected) for t, c in demo.rows.items()}
    summary = book["Сводка"]
    text = [str(c.value) for c in summary["A"] if c.value]
    assert any(s.startswith("Строки: deals — прочитано 590") for s in text)
    assert any("«сто тысяч»" in s for s in text)  # the warnings are on the summary


def test_the_regulations_sheets(demo: Report, book: openpyxl.Workbook) -> None:
    ws = book["Контроль"]
    rows = list(ws.iter_rows(values_only=True))
    # why revenue is behind, the early warnings, then the regulations, large deals, training
    titles = [str(r[0]) for r in rows if r[0] and str(r[0])[0] in "ПРКО"]
    assert any(t.startswith("Почему отстают по выручке") for t in titles)
    assert "Ранние сигналы" in titles  # the early warnings are in the workbook too
    assert any(t.startswith("Регламенты · 1—25 ноября 2026") for t in titles)
    # the lights: Ольга Кузнецова's lead reaction (10 of 27) is red
    regs = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Регламенты"))
    olga = next(r for r in rows[regs:] if r[0] == "Ольга Кузнецова")
    assert olga[1] == "10 из 27 ✗"
    cell = next(c for c in ws["B"] if c.value == "10 из 27 ✗")
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    # every violation, not the screen's first ten of a rule, each with its file and row
    every = [v for r in demo.regulations.rules.values() for v in r.violations]
    assert len(every) > 10
    listed = list(book["Нарушения регламентов"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3], r[4]) for r in listed] == [(v.manager, v.file, v.row) for v in every]
    assert all(isinstance(r[2], str) for r in listed)


def test_a_detail_sheet_longer_than_excel_allows_is_cut_with_a_note(
    demo: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "EXCEL_ROWS", 12)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.render(demo)))["Исходящие звонки"]
    assert ws.max_row == 12
    note = str(ws["A1"].value)
    assert "первые 10 из 2\xa0339 строк" in note and "(предел 12 строк)" in note
    assert ws.auto_filter.ref == "A2:G12"


def test_english(tmp_path: Path) -> None:
    demo = resources.files("ropkit") / "demo"
    for name in ("deals.csv", "activities.csv", "leads.csv", "tasks.csv"):
        (tmp_path / name).write_bytes((demo / name).read_bytes())
    text = (demo / "norms.yaml").read_text("utf-8").replace("language: ru", "language: en")
    (tmp_path / "norms.yaml").write_text(text, encoding="utf-8")
    report = run(tmp_path / "norms.yaml", PeriodKind.MONTH, AS_OF, evidence=True).report
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render(report)))
    assert wb.sheetnames[0] == "Summary" and wb.sheetnames[-1] == "Export rows"
    assert "Revenue" in wb.sheetnames
    ws = wb["Summary"]
    head = _header_row(ws, "Manager") + 1
    assert ws.cell(head, 3).value == "Fact"
    assert ws.cell(head + 1, 3).number_format == '#,##0\\ "RUB"'
    assert wb["Revenue"]["B3"].number_format == "yyyy-mm-dd"
    calls = next(m.label for m in report.metrics if m.id == "calls_out")
    assert wb[calls]["B3"].number_format == "yyyy-mm-dd hh:mm"


# -- hostile input: CRM text never becomes a formula -----------------------------------------

HOSTILE_CONFIG = """
sources:
  deals: {path: deals.csv, won: [won]}
metrics:
  revenue: {from: deals, where: {outcome: won}, date: closed_at, sum: amount, unit: money,
            label: "Выручка: [факт/план] *? по всем сделкам отдела"}
  deals_won: {from: deals, where: {outcome: won}, date: closed_at, count: true,
              label: "Выручка: [факт/план] *? по всем сделкам отдела, шт"}
plan:
  revenue: 1000000
"""


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@pytest.fixture
def hostile(project: Callable[..., Path]) -> Report:
    """Managers, clients and ids that a spreadsheet would take for formulas."""
    lines = ["id,manager,stage,amount,client,closed_at"]
    for i, name in enumerate(HOSTILE):
        cell = _csv_cell(name)
        lines.append(f"{cell if i % 2 else i},{cell},won,{100000 * (i + 1)},{cell},1{i}.11.2026")
    path = project(**{"norms.yaml": HOSTILE_CONFIG, "deals.csv": "\n".join(lines) + "\n"})
    report = run(path, PeriodKind.MONTH, AS_OF, evidence=True).report
    # the reader trims a leading tab or line break; the writer must cope with them anyway
    raw = {name.strip(): name for name in HOSTILE}
    behind = {
        mid: frame.assign(
            manager=frame["manager"].map(raw),
            client=frame["client"].astype(str).map(raw),
        )
        for mid, frame in report.behind.items()
    }
    managers = [replace(c, name=raw[c.name]) for c in report.managers]
    return replace(report, managers=managers, behind=behind)


def _all_cells(wb: openpyxl.Workbook) -> Iterator[Any]:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def test_crm_text_that_looks_like_a_formula_stays_text(hostile: Report) -> None:
    assert sorted(c.name for c in hostile.managers) == sorted(HOSTILE)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render(hostile)))
    cells = list(_all_cells(wb))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    # a CR is stored as the escape _x000D_ (Excel turns it back into a CR; openpyxl does not)
    stored = [h.replace("\r", "_x000D_") for h in HOSTILE]
    for ws in wb.worksheets[:2]:
        found = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value in stored}
        assert set(found) == set(stored), ws.title
        assert set(found.values()) == {"s"}
    detail = wb.worksheets[1]
    ids = {c.value for c in detail["C"][2:]}
    assert {"+1", "@SUM(A1)"} <= ids
    # no formula anywhere in the package either, and no hyperlink
    with zipfile.ZipFile(io.BytesIO(xlsx.render(hostile))) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            xml = package.read(name).decode("utf-8")
            assert "<f>" not in xml and "<hyperlink" not in xml, name


def test_sheet_names_are_valid_and_unique(hostile: Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render(hostile)))
    names = wb.sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
    assert names[1] == "Выручка факт план по всем сделк"
    assert names[2] == "Выручка факт план по всем с (2)"


# -- LibreOffice opens it ----------------------------------------------------------------------


@pytest.fixture
def soffice(tmp_path: Path) -> Callable[[Path, str], Path]:
    """Convert a file with LibreOffice (headless, its own profile in tmp_path)."""
    binary = shutil.which("soffice")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the LibreOffice test: install libreoffice-calc-nogui")
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui; "
            "CI always runs this test"
        )

    def convert(path: Path, to: str) -> Path:
        out = tmp_path / f"out-{to.split(':')[0]}"
        profile = (tmp_path / "lo-profile").as_uri()
        result = subprocess.run(
            [
                *(binary, f"-env:UserInstallation={profile}", "--headless"),
                *("--convert-to", to, "--outdir", str(out), str(path)),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        converted = out / (path.stem + "." + to.split(":")[0])
        assert converted.exists(), result.stdout + result.stderr
        return converted

    return convert


def test_libreoffice_reads_the_numbers_and_keeps_text_as_text(
    demo: Report, hostile: Report, tmp_path: Path, soffice: Callable[[Path, str], Path]
) -> None:
    source = tmp_path / "demo.xlsx"
    source.write_bytes(xlsx.render(demo))
    # LibreOffice saves the workbook again; the figures survive it as numbers
    wb = openpyxl.load_workbook(soffice(source, "xlsx"))
    assert wb.sheetnames[0] == "Сводка"
    _, groups, rows = _layout(wb["Сводка"])
    team = wb["Сводка"].cell(rows["Итого по отделу"], groups["Выручка"])
    assert team.value == pytest.approx(demo.team.metrics["revenue"].fact)
    assert team.number_format.startswith("#,##0")
    assert len(wb["Сводка"]._charts) == 1

    bad = tmp_path / "hostile.xlsx"
    bad.write_bytes(xlsx.render(hostile))
    text = soffice(bad, "csv:Text - txt - csv (StarCalc):44,34,76,1").read_text("utf-8")
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    # shown as written, not evaluated: no "y" from HYPERLINK, no #NAME? from @SUM
    assert '=HYPERLINK("http://x","y")' in cells and "@SUM(A1)" in cells and "+1" in cells
    assert "y" not in cells and not any(c.startswith("#") for c in cells)


def test_evidence_frames_are_untouched(demo: Report) -> None:
    before = {mid: frame.copy() for mid, frame in demo.behind.items()}
    xlsx.render(demo)
    for mid, frame in demo.behind.items():
        pd.testing.assert_frame_equal(frame, before[mid])
