"""Issue 6: the same data gives the same figures whatever the file it comes in.

* an exact repeat is a row equal to an earlier one in EVERY cell of the file, not only in
  the cells the config maps (two calls to two phones at the same minute are two calls);
* one dataset written as CSV UTF-8, CSV windows-1251, .xlsx and Bitrix24's HTML-as-.xls
  gives the same facts and the same row accounting;
* Bitrix24 product lines (one line per product, the deal's fields repeated) are not
  repeats, even when a deal lists the same product on identical lines;
* a file cut off mid-download is read up to the cut: the cut row is rejected as
  ``truncated``, the complete rows before it are used, and nothing crashes;
* a row with one extra EMPTY cell at the end (``…;06.11.2026;;``) is read.

Every expected number is worked out by hand from the data written here (see the comments),
never copied from ropkit's output.
"""

from __future__ import annotations

import functools
import html
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ropkit.config import SourceConfig
from ropkit.errors import ConfigError, DataError
from ropkit.schema import TABLES
from ropkit.sources.load import _columns_to_read, header_score_for
from ropkit.sources.normalize import Mapping, normalize, resolve_columns
from ropkit.sources.read import read_file
from tests.conftest import report_json, run_cli

AS_OF = "2026-11-30"  # November 2026: every dated row below falls in it

Cell = str | int | float | date | datetime | None


# --------------------------------------------------------------------------- writers


def _text(value: Cell) -> str:
    """A cell as Bitrix24 writes it in its CSV and HTML exports."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return repr(value)  # 33816.5
    return str(value)


def _csv_bytes(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    encoding: str,
    *,
    sep: str = ";",
    bitrix: bool = True,
) -> bytes:
    """Bitrix24 «Экспорт в CSV» (bitrix=True): every field quoted, a trailing ``;`` on every
    line, LF; otherwise quoted only where needed."""

    def field(value: Cell) -> str:
        text = _text(value)
        if bitrix or any(ch in text for ch in (sep, '"', "\n")):
            return '"' + text.replace('"', '""') + '"'
        return text

    tail = sep if bitrix else ""
    lines = [sep.join(field(h) for h in header) + tail]
    lines += [sep.join(field(c) for c in row) + tail for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def _write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """A real .xlsx (openpyxl): dates as date cells, amounts and ids as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
        for col, value in enumerate(row, start=1):
            if isinstance(value, datetime):
                sheet.cell(sheet.max_row, col).number_format = "dd.mm.yyyy hh:mm:ss"
            elif isinstance(value, date):
                sheet.cell(sheet.max_row, col).number_format = "dd.mm.yyyy"
    book.save(path)


def _html_xls_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """Bitrix24 «Экспорт в Excel»: an HTML table saved as .xls (CRM_EXPORTS.md §1.2)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(_text(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    text = (
        '\ufeff<meta http-equiv="Content-type" content="text/html;charset=UTF-8" />\n'
        '\t<table border="1">\n\t<thead>\n'
        f"\t\t<tr>{head}</tr>\n"
        "\t</thead>\n"
        f"\t<tbody>{body}</tbody>\n"
        "\t</table>\n"
    )
    return text.encode("utf-8")


FORMATS = ("csv-utf8", "csv-cp1251", "xlsx", "html-xls")


def _write(
    folder: Path, stem: str, fmt: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> str:
    """Write the table in one of FORMATS; return the file name."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "csv-utf8":
        name = f"{stem}.csv"
        (folder / name).write_bytes(b"\xef\xbb\xbf" + _csv_bytes(header, rows, "utf-8"))
    elif fmt == "csv-cp1251":
        name = f"{stem}.csv"
        (folder / name).write_bytes(_csv_bytes(header, rows, "cp1251"))
    elif fmt == "xlsx":
        name = f"{stem}.xlsx"
        _write_xlsx(folder / name, header, rows)
    elif fmt == "html-xls":
        name = f"{stem}.xls"
        (folder / name).write_bytes(_html_xls_bytes(header, rows))
    else:  # pragma: no cover
        raise ValueError(fmt)
    return name


def _facts(doc: dict[str, Any]) -> dict[str, Any]:
    """What must not depend on the file format: every fact and the row accounting."""
    return {
        "managers": {
            m["name"]: {mid: r["fact"] for mid, r in sorted(m["metrics"].items())}
            for m in doc["managers"]
        },
        "team": {mid: r["fact"] for mid, r in sorted(doc["team"]["metrics"].items())},
        "rows": doc["rows"],
    }


def _report(runner: CliRunner, config: Path) -> dict[str, Any]:
    return report_json(runner, config, "--period", "month", "--date", AS_OF)


# --------------------------------------------------------------------------- 1. exact repeats

CALLS_HEADER = ["Агент", "Время", "Телефон"]
CALLS = [
    ["Анна", datetime(2026, 11, 2, 10, 0), "+79001112233"],
    ["Анна", datetime(2026, 11, 2, 10, 0), "+79004445566"],  # same minute, another number
]
CALLS_CONFIG = """\
language: en
sources:
  activities:
    path: {path}
    columns: {{manager: Агент, at: Время}}
    set: {{kind: call_out}}
norms:
  passive: {{calls_out: 10}}
managers:
  - {{name: Анна, mode: passive}}
"""


def _write_calls(folder: Path, fmt: str, rows: list[list[Cell]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        name = "calls.csv"
        lines = [",".join(CALLS_HEADER)]
        lines += [f"{r[0]},{_text(r[1])},{r[2]}" for r in rows]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        name = "calls.xlsx"
        _write_xlsx(folder / name, CALLS_HEADER, rows)
    config = folder / "norms.yaml"
    config.write_text(CALLS_CONFIG.format(path=name), encoding="utf-8")
    return config


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_calls_that_differ_only_in_an_unmapped_cell_are_two_calls(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    # two calls by Анна at 02.11 10:00, to +79001112233 and +79004445566: 2 calls, 0 rejected
    doc = _report(runner, _write_calls(tmp_path, fmt, CALLS))
    assert doc["managers"][0]["metrics"]["calls_out"]["fact"] == 2
    assert doc["rows"]["activities"] == {
        "read": 2,
        "used": 2,
        "rejected": 0,
        "not_on_team": 0,
        "reasons": {},
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_line_equal_in_every_cell_is_an_exact_repeat(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    # line 3 repeats line 2 in every cell (Анна, 10:00, +79004445566): rejected; still 2 calls
    doc = _report(runner, _write_calls(tmp_path, fmt, [*CALLS, list(CALLS[1])]))
    assert doc["managers"][0]["metrics"]["calls_out"]["fact"] == 2
    assert doc["rows"]["activities"] == {
        "read": 3,
        "used": 2,
        "rejected": 1,
        "not_on_team": 0,
        "reasons": {"duplicate": 1},
    }


# --------------------------------------------------------------------------- 2. a dialer log

AGENTS = [f"agent{i:02d}" for i in range(1, 9)]
DIALER_BASE = 2000  # distinct rows (each has its own lead_id)
DIALER_REPEATS = 37  # K: rows that repeat an earlier row in every cell


def _dialer_log() -> str:
    """agent_id,call_length,datestamp,lead_id,status: 2,000 calls of 8 agents stamped with
    one of 40 minutes (so ~6 calls share each agent_id and datestamp), each with its own
    lead_id; then K rows copied whole from earlier rows, inserted further down."""
    rng = random.Random(6)
    stamps = [
        f"2026-11-{d:02d} {h:02d}:{m:02d}:00"
        for d in (2, 3)
        for h in (10, 11)
        for m in range(0, 50, 5)
    ]
    assert len(stamps) == 40
    rows = [
        [
            rng.choice(AGENTS),
            str(rng.randint(0, 600)),
            rng.choice(stamps),
            str(100000 + i),  # unique: no two base rows are equal in every cell
            rng.choice(["SALE", "NA", "B", "DROP", "A"]),
        ]
        for i in range(DIALER_BASE)
    ]
    originals = rng.sample(range(DIALER_BASE // 2), DIALER_REPEATS)
    for n, source in enumerate(originals):
        # into the second half, each after its original, at distinct places
        rows.insert(DIALER_BASE // 2 + 20 * n + 1, list(rows[source]))
    lines = ["agent_id,call_length,datestamp,lead_id,status"] + [",".join(r) for r in rows]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "columns",
    [
        "{manager: agent_id, at: datestamp}",
        "{manager: agent_id, at: datestamp, duration_s: call_length}",
    ],
)
def test_dialer_log_rejects_only_rows_equal_in_every_cell(
    runner: CliRunner, tmp_path: Path, columns: str
) -> None:
    (tmp_path / "dialer.csv").write_text(_dialer_log(), encoding="utf-8")
    managers = "\n".join(f"  - {{name: {a}, mode: passive}}" for a in AGENTS)
    config = tmp_path / "norms.yaml"
    config.write_text(
        "language: en\n"
        "sources:\n  activities:\n    path: dialer.csv\n"
        f"    columns: {columns}\n    set: {{kind: call_out}}\n"
        "norms:\n  passive: {calls_out: 100}\n"
        f"managers:\n{managers}\n",
        encoding="utf-8",
    )
    doc = _report(runner, config)
    # 2,037 lines read; the 37 whole-row copies rejected; 2,000 calls counted
    assert doc["rows"]["activities"] == {
        "read": DIALER_BASE + DIALER_REPEATS,
        "used": DIALER_BASE,
        "rejected": DIALER_REPEATS,
        "not_on_team": 0,
        "reasons": {"duplicate": DIALER_REPEATS},
    }
    assert doc["team"]["metrics"]["calls_out"]["fact"] == DIALER_BASE


# --------------------------------------------------------------- 3. one dataset, four formats

ANNA, BORIS, VIKTOR = "Анна Смирнова", "Борис Волков", "Виктор Орлов"  # Виктор: not on the team
WON, LOST = "Сделка успешна", "Сделка провалена"

DEALS_HEADER = [
    "ID",
    "Название сделки",
    "Стадия сделки",
    "Ответственный",
    "Сумма",
    "Компания",
    "Дата создания",
    "Предполагаемая дата закрытия",
    "Комментарий",  # not mapped
]
# ID, title, stage, manager, amount, company, created, close date, comment
_D103: list[Cell] = [
    103, "Фрезы, 20 шт.", WON, BORIS, 33816.5, "ООО «Гамма»",
    datetime(2026, 11, 4, 9, 30), date(2026, 11, 10), "Скидка 5%",
]  # fmt: skip
DEALS_ROWS: list[list[Cell]] = [
    [101, "Поставка станка", WON, ANNA, 150000, "ООО «Альфа»",
     datetime(2026, 11, 2, 10, 0), date(2026, 11, 5), "Оплата; по счёту №15"],
    [102, "Ремонт шпинделя", LOST, ANNA, 20000, "ООО «Бета»",
     datetime(2026, 11, 3, 11, 0), date(2026, 11, 6), None],
    _D103,
    [104, "Сервисный договор", "В работе", BORIS, 9900, "ИП Кузнецов",
     datetime(2026, 11, 5, 12, 0), date(2026, 11, 30), None],
    list(_D103),  # the same line again, every cell equal: an exact repeat
    [105, "Инструмент на год", WON, BORIS, 12000, "ООО «Альфа»",
     datetime(2026, 11, 6, 8, 15), date(2026, 11, 12), 'Повторная "продажа"'],
    [106, "Оснастка", WON, VIKTOR, 5000, "ООО «Дельта»",
     datetime(2026, 11, 6, 9, 0), date(2026, 11, 13), None],
    [107, "Заточка", WON, ANNA, 7000, "ООО «Бета»",
     datetime(2026, 11, 9, 9, 0), "31.11.2026", None],  # no such day
]  # fmt: skip

CALL, MEETING = "Звонок (исходящий)", "Встреча"
ACTS_HEADER = ["Тип", "Ответственный", "Дата", "Телефон", "Комментарий"]  # no ID column
_A2 = [CALL, ANNA, datetime(2026, 11, 2, 10, 0), "+79004445566", None]
ACTS_ROWS: list[list[Cell]] = [
    [CALL, ANNA, datetime(2026, 11, 2, 10, 0), "+79001112233", "Договорились о КП"],  # a1
    _A2,  # a2: a1's mapped cells, another phone
    # a3: a1's phone, another comment
    [CALL, ANNA, datetime(2026, 11, 2, 10, 0), "+79001112233", "Перезвонить"],
    list(_A2),  # a4: a2 again, every cell equal
    [MEETING, ANNA, datetime(2026, 11, 3, 15, 0), "+79001112233", "Показ\nна объекте"],  # a5
    [CALL, BORIS, datetime(2026, 11, 4, 11, 30), "+79007778899", None],  # a6
    [CALL, BORIS, datetime(2026, 11, 4, 11, 30), "+79007778899", "Не дозвонился"],  # a7
    [MEETING, BORIS, datetime(2026, 11, 5, 14, 0), None, None],  # a8
    [None, None, None, None, "Общий комментарий без дела"],  # a9: only an unmapped cell filled
    [CALL, VIKTOR, datetime(2026, 11, 5, 16, 0), "+79001230000", None],  # a10: not on the team
    [CALL, BORIS, "вчера", "+79007778899", None],  # a11: no date
]  # fmt: skip

SAME_DATA_CONFIG = """\
language: en
sources:
  deals:
    path: {deals}
    columns: {{id: ID, stage: Стадия сделки, amount: Сумма, manager: Ответственный,
              client: Компания, created_at: Дата создания,
              closed_at: Предполагаемая дата закрытия}}
    won: [Сделка успешна]
    lost: [Сделка провалена]
  activities:
    path: {acts}
    columns: {{kind: Тип, manager: Ответственный, at: Дата}}
plan:
  revenue: 300000
  deals_won: 5
norms:
  passive: {{calls_out: 10, meetings: 1}}
managers:
  - {{name: Анна Смирнова, mode: passive}}
  - {{name: Борис Волков, mode: passive}}
"""

# Worked by hand from DEALS_ROWS and ACTS_ROWS (November 2026, won deals by close date):
# deals: 8 lines read; 103's second line is an exact repeat (duplicate); 107's close date
#   31.11.2026 does not exist (bad_date); 106 is Виктор's, used but not on the team.
#   Анна: 101 won 150 000 (102 lost)            -> revenue 150 000, deals_won 1
#   Борис: 103 won 33 816.5 + 105 won 12 000    -> revenue 45 816.5, deals_won 2 (104 open)
# activities: 11 lines read; a4 repeats a2 in every cell (duplicate); a9 has no manager
#   (empty); a11 has no date (bad_date); a10 is Виктор's, used but not on the team.
#   Анна: calls a1, a2, a3 = 3; meeting a5 = 1
#   Борис: calls a6, a7 = 2;    meeting a8 = 1
EXPECTED_SAME_DATA = {
    ANNA: {"revenue": 150000, "deals_won": 1, "calls_out": 3, "meetings": 1},
    BORIS: {"revenue": 45816.5, "deals_won": 2, "calls_out": 2, "meetings": 1},
}
EXPECTED_TEAM = {"revenue": 195816.5, "deals_won": 3, "calls_out": 5, "meetings": 2}
EXPECTED_ROWS = {
    "deals": {
        "read": 8,
        "used": 6,
        "rejected": 2,
        "not_on_team": 1,
        "reasons": {"bad_date": 1, "duplicate": 1},
    },
    "activities": {
        "read": 11,
        "used": 8,
        "rejected": 3,
        "not_on_team": 1,
        "reasons": {"bad_date": 1, "duplicate": 1, "empty": 1},
    },
}


def _same_data_report(runner: CliRunner, folder: Path, fmt: str) -> dict[str, Any]:
    deals = _write(folder, "deals", fmt, DEALS_HEADER, DEALS_ROWS)
    acts = _write(folder, "activities", fmt, ACTS_HEADER, ACTS_ROWS)
    config = folder / "norms.yaml"
    config.write_text(SAME_DATA_CONFIG.format(deals=deals, acts=acts), encoding="utf-8")
    return _report(runner, config)


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_dataset_in_each_format_gives_the_hand_worked_figures(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    doc = _same_data_report(runner, tmp_path, fmt)
    facts = {
        m["name"]: {mid: m["metrics"][mid]["fact"] for mid in EXPECTED_SAME_DATA[ANNA]}
        for m in doc["managers"]
    }
    assert facts == EXPECTED_SAME_DATA
    assert {mid: doc["team"]["metrics"][mid]["fact"] for mid in EXPECTED_TEAM} == EXPECTED_TEAM
    assert doc["rows"] == EXPECTED_ROWS


def test_one_dataset_gives_identical_figures_in_all_four_formats(
    runner: CliRunner, tmp_path: Path
) -> None:
    got = {fmt: _facts(_same_data_report(runner, tmp_path / fmt, fmt)) for fmt in FORMATS}
    first = got[FORMATS[0]]
    differ = [fmt for fmt in FORMATS[1:] if got[fmt] != first]
    assert not differ, json.dumps(got, ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- 4. product lines

PRODUCT_HEADER = [
    "ID",
    "Название сделки",
    "Стадия сделки",
    "Ответственный",
    "Сумма",
    "Валюта",
    "Компания",
    "Дата создания",
    "Предполагаемая дата закрытия",
    "Товар",
    "Цена",
    "Количество",
]
RUB = "Российский рубль"
SUBSCRIPTION = "Подписка, 12 месяцев"
# ID, title, stage, manager, Сумма, currency, company, created, close date, Товар, Цена, Количество
_SUB: list[Cell] = [
    501, "Подписка на сервис", WON, ANNA, "2500.00", RUB, "ООО «Альфа»",
    "02.11.2026 10:00:00", "10.11.2026", SUBSCRIPTION, "2500.00", "1",
]  # fmt: skip
PRODUCT_ROWS: list[list[Cell]] = [
    *[list(_SUB) for _ in range(7)],  # 7 identical product lines: 7 × 2 500
    [502, "Оснастка для цеха", WON, BORIS, "3000.00", RUB, "ООО «Бета»",
     "04.11.2026 14:20:00", "12.11.2026", "Фреза концевая D12", "1500.00", "2"],
    [502, "Оснастка для цеха", WON, BORIS, "990.50", RUB, "ООО «Бета»",
     "04.11.2026 14:20:00", "12.11.2026", "Пластина твердосплавная", "990.50", "1"],
    [503, "Станок ТВ-320", LOST, BORIS, "1250000.00", RUB, "ООО «Гамма»",
     "05.11.2026 09:00:00", "13.11.2026", "Станок токарный ТВ-320", "1250000.00", "1"],
]  # fmt: skip
PRODUCT_CONFIG = """\
language: en
sources:
  deals:
    path: deals.csv
plan:
  revenue: 100000
  deals_won: 5
managers:
  - name: Анна Смирнова
  - name: Борис Волков
"""


def _deal_facts(doc: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        m["name"]: (m["metrics"]["revenue"]["fact"], m["metrics"]["deals_won"]["fact"])
        for m in doc["managers"]
    }


def test_identical_product_lines_of_one_deal_are_all_counted(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = b"\xef\xbb\xbf" + _csv_bytes(PRODUCT_HEADER, PRODUCT_ROWS, "utf-8")
    (tmp_path / "deals.csv").write_bytes(data)
    (tmp_path / "norms.yaml").write_text(PRODUCT_CONFIG, encoding="utf-8")
    doc = _report(runner, tmp_path / "norms.yaml")
    # 501: 7 lines × 2 500 = 17 500, one deal; 502: 1 500×2 + 990.5×1 = 3 990.5, one deal;
    # 503 lost. Nothing is a repeat: 10 lines read, 10 used.
    assert _deal_facts(doc) == {ANNA: (17500, 1), BORIS: (3990.5, 1)}
    assert doc["rows"]["deals"] == {
        "read": 10,
        "used": 10,
        "rejected": 0,
        "not_on_team": 0,
        "reasons": {},
    }


def test_without_product_columns_identical_lines_are_repeats(
    runner: CliRunner, tmp_path: Path
) -> None:
    keep = [i for i, h in enumerate(PRODUCT_HEADER) if h not in ("Товар", "Цена", "Количество")]
    header = [PRODUCT_HEADER[i] for i in keep]
    rows = [[row[i] for i in keep] for row in PRODUCT_ROWS]
    (tmp_path / "deals.csv").write_bytes(b"\xef\xbb\xbf" + _csv_bytes(header, rows, "utf-8"))
    (tmp_path / "norms.yaml").write_text(PRODUCT_CONFIG, encoding="utf-8")
    doc = _report(runner, tmp_path / "norms.yaml")
    # 501's 7 lines are now equal in every cell: the first counts 2 500, 6 are repeats;
    # 502's two lines differ in Сумма (3 000 / 990.5): still one deal of 3 990.5
    assert _deal_facts(doc) == {ANNA: (2500, 1), BORIS: (3990.5, 1)}
    assert doc["rows"]["deals"] == {
        "read": 10,
        "used": 4,
        "rejected": 6,
        "not_on_team": 0,
        "reasons": {"duplicate": 6},
    }


# --------------------------------------------------------------------------- 5. cut-off files


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, ...]
    quoted: tuple[bool, ...]  # which cells are written in quotes

    def line(self) -> str:
        return ";".join(
            '"' + c.replace('"', '""') + '"' if q else c
            for c, q in zip(self.cells, self.quoted, strict=True)
        )


def _r(*cells: str, q: str = "") -> _Row:
    """A row; ``q`` lists the indexes (as digits) of the quoted cells."""
    return _Row(cells, tuple(str(i) in q for i in range(len(cells))))


CUT_HEADER = "Тип;Ответственный;Дата;Телефон;Комментарий"
CUT_ROWS = [
    _r("Исходящий", "Анна", "02.11.2026", "2211", "Да"),
    _r("Исходящий", "Борис", "02.11.2026", "2222", "Позже; днём", q="01234"),
    _r("Встреча", "Анна", "03.11.2026", "", "Показ\nёлки", q="4"),  # a line break in a cell
    _r("Входящий", "Борис", "03.11.2026", "2233", ""),  # the last cell empty
    _r("Исходящий", "Анна", "04.11.2026", "2211", "Счёт", q="1"),
    _r("Встреча", "Борис", "04.11.2026", "2222", 'Дом "А"', q="4"),
    _r("Исходящий", "Анна", "05.11.2026", "2211", "Нет"),
    _r("Исходящий", "Борис", "05.11.2026", "2233", "Ждёт"),
    _r("КП", "Анна", "06.11.2026", "", "Почта"),
    _r("Входящий", "Анна", "06.11.2026", "2299", "Оплата"),
    _r("Встреча", "Борис", "09.11.2026", "", "Офис\nклиента", q="24"),
    _r("Исходящий", "Борис", "09.11.2026", "2222", "Всё"),
]
CUT_SOURCE = SourceConfig(
    path="activities.csv", columns={"kind": "Тип", "manager": "Ответственный", "at": "Дата"}
)


@dataclass(frozen=True)
class _Layout:
    """Where the header and each row start and end in the encoded file."""

    data: bytes
    header_end: int  # just after the header's line break
    spans: list[tuple[int, int]]  # (start, end without the line break) of each data row
    last_cell: list[tuple[int, bool]]  # (offset in the row after its last ';', quoted or not)


def _layout(encoding: str) -> _Layout:
    header = CUT_HEADER.encode(encoding) + b"\n"
    data, spans, last = header, [], []
    for row in CUT_ROWS:
        line = row.line().encode(encoding)
        before_last = _Row(row.cells[:-1], row.quoted[:-1]).line()
        last.append((len((before_last + ";").encode(encoding)), row.quoted[-1]))
        spans.append((len(data), len(data) + len(line)))
        data += line + b"\n"
    return _Layout(data, len(header), spans, last)


@dataclass(frozen=True)
class _Want:
    """What a prefix must give: ``error_ok`` only while the header line is incomplete."""

    error_ok: bool
    complete: int  # data rows wholly inside the prefix
    partial: bool  # the prefix ends inside a data row
    ambiguous: bool  # ... but it cannot be told from a whole row: it may be used


def _want(layout: _Layout, size: int) -> _Want:
    if size < layout.header_end:
        return _Want(True, 0, False, False)
    complete = 0
    for k, (start, end) in enumerate(layout.spans):
        if size <= start:
            break
        if size > end:  # the row and its line break
            complete += 1
            continue
        taken = size - start
        after_last, quoted = layout.last_cell[k]
        # the cut is in the last cell, and what is there reads as a whole cell: unquoted, or
        # quoted with its quotes closed (``"Дом "`` of ``"Дом ""А"""``, or nothing yet)
        last = layout.data[start + after_last : size]
        whole_cell = not quoted or last.count(b'"') % 2 == 0
        ambiguous = size == end or (taken >= after_last and whole_cell)
        return _Want(False, complete, True, ambiguous)
    return _Want(False, complete, False, False)


_CUT_SCORE = header_score_for("activities", CUT_SOURCE)


@functools.cache
def _cut_score(row: tuple[str, ...]) -> int:
    return _CUT_SCORE(list(row))  # cached: the same rows come back in every prefix


@functools.cache
def _cut_mapping(headers: tuple[str, ...]) -> Mapping:
    """The columns as the pipeline resolves them (cached: the header is the same in most
    prefixes, and resolving it costs more than reading the prefix)."""
    table = TABLES["activities"]
    return resolve_columns(Path("activities.csv"), list(headers), table, CUT_SOURCE, "s.activities")


def _check_prefix(path: Path, layout: _Layout, size: int, mapped_only: bool) -> str | None:
    """None if the prefix is read as required, else what went wrong. ``mapped_only``: read
    the columns the pipeline picks for an activity export (its own selector), else all."""
    path.write_bytes(layout.data[:size])
    want = _want(layout, size)
    resolved: list[Mapping] = []
    select = (
        _columns_to_read(path, "activities", CUT_SOURCE, "s.activities", resolved)
        if mapped_only
        else None
    )
    try:
        raw = read_file(path, score=lambda row: _cut_score(tuple(row)), select=select)
        mapping = resolved[0] if resolved else _cut_mapping(tuple(raw.headers))
        done = normalize(raw, TABLES["activities"], CUT_SOURCE, {}, "s.activities", mapping)
    except (DataError, ConfigError) as exc:
        if not want.error_ok:
            return f"{size}: {type(exc).__name__} with a complete header: {exc}"
        if "\n" in str(exc):
            return f"{size}: an error of more than one line: {exc!r}"
        return None
    except Exception as exc:
        return f"{size}: crash {type(exc).__name__}: {exc}"
    c = done.count
    got = (c.read, c.used, c.rejected, dict(c.reasons))
    if c.read != c.used + c.rejected or len(done.frame) != c.used:
        return f"{size}: read != used + rejected: {got}"
    if want.error_ok:
        return None if c.read == 0 else f"{size}: rows read from a cut header: {got}"
    n = want.complete
    allowed = [(n, n, 0, {})]
    if want.partial:
        allowed = [(n + 1, n, 1, {"truncated": 1})]
        if want.ambiguous:
            allowed.append((n + 1, n + 1, 0, {}))
    return None if got in allowed else f"{size}: got {got}, want one of {allowed}"


@pytest.mark.parametrize(
    ("encoding", "columns"),
    # every column read, and only the mapped ones (as the pipeline reads a big activity
    # export); one combination each, to keep the ~1,200 reads in a few seconds
    [("utf-8", "all"), ("cp1251", "mapped")],
)
def test_every_prefix_of_a_cut_off_file_is_read_up_to_the_cut(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], encoding: str, columns: str
) -> None:
    """Property over every prefix length 0..size: a one-line error only while the header line
    is incomplete; otherwise the complete rows are used and a cut row is rejected as
    ``truncated`` (or used, when the cut cannot be told from a whole row: at the end of the
    line, or after the last ';' when the last cell is not quoted). An exception swallowed by
    a callback ("Exception ignored in …") fails the test too: pytest turns it into an error
    (filterwarnings = error), and capfd catches one printed at the file-descriptor level."""
    layout = _layout(encoding)
    assert layout.data.decode(encoding).count("\n") == 1 + len(CUT_ROWS) + 2  # 2 inside cells
    path = tmp_path / "activities.csv"
    problems = [
        p
        for size in range(len(layout.data) + 1)
        if (p := _check_prefix(path, layout, size, columns == "mapped")) is not None
    ]
    err = capfd.readouterr().err
    assert "Exception ignored" not in err
    assert not problems, f"{len(problems)} of {len(layout.data) + 1} prefixes:\n" + "\n".join(
        problems[:15]
    )


def test_the_whole_file_of_the_cut_off_test_is_read_whole(tmp_path: Path) -> None:
    """The sanity check for the property test: the full file gives 12 rows, all used."""
    layout = _layout("utf-8")
    path = tmp_path / "activities.csv"
    assert _check_prefix(path, layout, len(layout.data), False) is None
    raw = read_file(path, score=header_score_for("activities", CUT_SOURCE))
    done = normalize(raw, TABLES["activities"], CUT_SOURCE, {}, "sources.activities")
    assert (done.count.read, done.count.used) == (12, 12)


CUT_CONFIG = """\
language: en
sources:
  activities:
    path: activities.csv
    columns: {kind: Тип, manager: Ответственный, at: Дата}
norms:
  passive: {calls_out: 10, meetings: 1}
managers:
  - {name: Анна, mode: passive}
  - {name: Борис, mode: passive}
"""


def _cut_points(encoding: str) -> dict[str, tuple[int, int]]:
    """name -> (prefix length, complete rows before the cut)."""
    layout = _layout(encoding)
    start3, _ = layout.spans[2]
    inside_cell = layout.data.index(b"\n", start3) + 1  # row 3, just after the line break
    start12, _ = layout.spans[11]  # row 12, inside the first letter of «Исходящий»
    mid_letter = start12 + (1 if encoding == "utf-8" else 3)
    return {"inside a quoted cell": (inside_cell, 2), "in the first cell": (mid_letter, 11)}


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
@pytest.mark.parametrize("where", ["inside a quoted cell", "in the first cell"])
def test_the_cli_reports_a_cut_off_file_and_names_it(
    runner: CliRunner,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    encoding: str,
    where: str,
) -> None:
    size, complete = _cut_points(encoding)[where]
    (tmp_path / "activities.csv").write_bytes(_layout(encoding).data[:size])
    config = tmp_path / "norms.yaml"
    config.write_text(CUT_CONFIG, encoding="utf-8")
    result = run_cli(runner, "report", "-c", str(config), "-f", "json", "--date", AS_OF)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["rows"]["activities"] == {
        "read": complete + 1,
        "used": complete,
        "rejected": 1,
        "not_on_team": 0,
        "reasons": {"truncated": 1},
    }
    assert any("activities.csv" in w for w in doc["warnings"]), doc["warnings"]
    checked = run_cli(runner, "check", "-c", str(config))
    assert "Traceback" not in checked.stderr and "Exception ignored" not in checked.stderr
    assert checked.exit_code == 0, checked.stderr
    assert "activities.csv" in checked.stdout
    assert "Exception ignored" not in capfd.readouterr().err


@pytest.mark.parametrize("size", [0, 1, 5, 12])
def test_the_cli_gives_one_line_for_a_file_cut_in_its_header(
    runner: CliRunner, tmp_path: Path, size: int
) -> None:
    data = _layout("utf-8").data
    assert size < data.index(b"\n")
    (tmp_path / "activities.csv").write_bytes(data[:size])
    config = tmp_path / "norms.yaml"
    config.write_text(CUT_CONFIG, encoding="utf-8")
    for args in (["report", "-f", "json", "--date", AS_OF], ["check"]):
        result = run_cli(runner, args[0], "-c", str(config), *args[1:])
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
        assert result.exit_code in (0, 1), (result.exit_code, result.exception)
        if result.exit_code == 1:
            assert isinstance(result.exception, SystemExit), result.exception
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


# --------------------------------------------------------------------- 6. trailing empty cells

TRAILING = (
    "ID;Стадия сделки;Ответственный;Сумма;Предполагаемая дата закрытия;Комментарий\n"
    "1;Сделка успешна;Анна Смирнова;1000;05.11.2026;\n"  # 6 cells, the last empty
    "2;Сделка успешна;Анна Смирнова;2000;06.11.2026;;\n"  # 7 cells, the 7th empty
    "3;Сделка успешна;Анна Смирнова;4000;07.11.2026;;лишнее\n"  # 7 cells, the 7th filled
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_a_row_with_one_extra_empty_cell_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(TRAILING.encode(encoding))
    source = SourceConfig(path="deals.csv")
    raw = read_file(path, score=header_score_for("deals", source))
    done = normalize(raw, TABLES["deals"], source, {}, "sources.deals")
    c = done.count
    # deals 1 and 2 used (1 000 + 2 000); deal 3 has a value past the header: rejected
    assert (c.read, c.used, c.rejected) == (3, 2, 1)
    assert sum(c.reasons.values()) == 1
    assert all(reason.startswith("unsplittable") for reason in c.reasons), c.reasons
    assert [r.row for r in c.examples] == [4]
    assert done.frame["amount"].tolist() == [1000.0, 2000.0]
