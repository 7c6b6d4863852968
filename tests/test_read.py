"""Reading exports: encodings, delimiters, xlsx cells, value parsing, row accounting."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropkit.config import SourceConfig
from ropkit.schema import TABLES
from ropkit.sources.load import header_score_for
from ropkit.sources.normalize import RowCount, normalize, stage_key
from ropkit.sources.read import detect_encoding, read_file
from ropkit.sources.values import parse_bool, parse_datetime, parse_number


def _norm(*args: Any) -> tuple[pd.DataFrame, RowCount]:
    done = normalize(*args)
    return done.frame, done.count


DEALS = TABLES["deals"]
ACTS = TABLES["activities"]


def test_dates_in_the_formats_crms_write() -> None:
    parsed = parse_datetime(
        pa.array(
            [
                "13.02.2022 14:35:00",
                "13.02.2022 14:35",
                "13.02.2022",
                "2022-02-13 14:35:00",
                "2022-02-13T14:35:00",
                "2022-02-13",
                "13-02-2022 14:35:00",
                " 13.02.2022 ",
                "",
                None,
                "31.04.2026",  # no such day: Arrow would roll it into 1 May
                "вчера",
                "13.02.22",  # a two-digit year is not guessed
            ]
        )
    )
    got = parsed.values.to_pylist()
    assert got[:8] == [
        datetime(2022, 2, 13, 14, 35),
        datetime(2022, 2, 13, 14, 35),
        datetime(2022, 2, 13),
        datetime(2022, 2, 13, 14, 35),
        datetime(2022, 2, 13, 14, 35),
        datetime(2022, 2, 13),
        datetime(2022, 2, 13, 14, 35),
        datetime(2022, 2, 13),
    ]
    assert got[8:] == [None] * 5
    assert parsed.bad.to_pylist() == [False] * 10 + [True] * 3


def test_amounts_with_spaces_commas_and_currency() -> None:
    parsed = parse_number(
        pa.array(
            [
                "1 234 567,89",
                "1\u00a0234\u00a0567,89",
                "33816.5",
                "12 000 руб.",
                "1500 ₽",
                "0.00",
                "-5",
                "",
                "сто",
                "1,234.5",
            ]
        )
    )
    assert parsed.values.to_pylist() == [
        1234567.89,
        1234567.89,
        33816.5,
        12000,
        1500,
        0,
        -5,
        None,
        None,
        1234.5,  # both marks: the last one is the decimal point
    ]
    assert parsed.bad.to_pylist() == [False] * 8 + [True, False]


def test_thousands_commas_are_decided_per_column() -> None:
    # a US export: every comma groups three digits -> thousands
    us = parse_number(pa.array(["12,500", "1,234,567", "500", "2,000.75"]))
    assert us.values.to_pylist() == [12500, 1234567, 500, 2000.75]
    # a Russian export: "12,5" shows commas are decimals, so "12,500" is 12.5 too
    ru = parse_number(pa.array(["12,500", "12,5", "1.234,56"]))
    assert ru.values.to_pylist() == [12.5, 12.5, 1234.56]


def test_iso_stamps_with_zone_or_fractions_keep_the_wall_time() -> None:
    parsed = parse_datetime(
        pa.array(["2025-04-08T17:19:00Z", "2025-04-08T17:19:05.123+03:00", "2025-04-08 17:19:05.5"])
    )
    assert parsed.values.to_pylist() == [
        datetime(2025, 4, 8, 17, 19),
        datetime(2025, 4, 8, 17, 19, 5),
        datetime(2025, 4, 8, 17, 19, 5),
    ]


def test_done_flags() -> None:
    parsed = parse_bool(
        pa.array(["Выполнено", "Не выполнено", "да", "нет", "Done", "To do", "", "может"])
    )
    assert parsed.values.to_pylist() == [True, False, True, False, True, False, None, None]
    assert parsed.bad.to_pylist() == [False] * 7 + [True]


def test_stage_names_match_despite_latin_look_alikes_case_and_yo() -> None:
    # Bitrix24's own default stage is spelled with a Latin C
    assert stage_key("Cчёт на предоплату") == stage_key("Счет на предоплату")
    assert stage_key("  СДЕЛКА   успешна ") == stage_key("Сделка успешна")


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (codecs.BOM_UTF8 + "ID;Сумма".encode(), "utf-8-sig"),
        ("ID;Сумма".encode("utf-16-le"), "utf-16-le"),
        ("ID;Сумма".encode("utf-16"), "utf-16"),
        ("ID;Сумма".encode(), "utf-8"),
        ("ID;Сумма".encode("cp1251"), "cp1251"),
    ],
)
def test_encoding_detection(head: bytes, encoding: str) -> None:
    assert detect_encoding(head) == encoding


def _deals_file(tmp_path: Path, text: str, encoding: str, name: str = "deals.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


BITRIX_CSV = (
    '"ID";"Стадия сделки";"Сумма";"Ответственный";"Предполагаемая дата закрытия";\n'
    '"1";"Сделка успешна";"33816.5";"Иван Иванов";"02.11.2026";\n'
    '"2";"Cчёт на предоплату";"13500";"Иван Иванов";"03.11.2026";\n'
    '"3";"Сделка провалена";"0.00";"Мария Петрова";"04.11.2026";\n'
    '"4";"Сделка успешна";"много";"Мария Петрова";"05.11.2026";\n'
)
BITRIX_MAP = SourceConfig(
    path="deals.csv",
    columns={
        "id": "ID",
        "stage": "Стадия сделки",
        "amount": "Сумма",
        "manager": "Ответственный",
        "closed_at": "Предполагаемая дата закрытия",
    },
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251", "utf-16", "utf-8"])
def test_bitrix_style_csv_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    raw = read_file(_deals_file(tmp_path, BITRIX_CSV, encoding))
    # the trailing ';' adds an empty last column, which is kept and ignored
    assert raw.headers[-1] == ""
    frame, count = _norm(raw, DEALS, BITRIX_MAP, {"amount": "test"}, "sources.deals")
    assert (count.read, count.used, count.rejected) == (4, 3, 1)
    assert dict(count.reasons) == {"bad_number": 1}
    bad = count.examples[0]
    assert (bad.file, bad.row, bad.column, bad.value) == ("deals.csv", 5, "Сумма", "много")
    assert frame["amount"].tolist() == [33816.5, 13500.0, 0.0]
    assert frame["outcome"].tolist() == ["won", "open", "lost"]
    assert frame["closed_at"].tolist()[0] == datetime(2026, 11, 2)
    assert frame["_row"].tolist() == [2, 3, 4]


def test_comma_and_tab_delimiters_and_quoted_multiline_cells(tmp_path: Path) -> None:
    text = (
        "id,manager,kind,at\n"
        '1,"Иван Иванов",call_out,"02.11.2026 10:00"\n'
        '2,"Иван\nИванов",call_out,02.11.2026\n'
    )
    raw = read_file(_deals_file(tmp_path, text, "utf-8", "a.csv"))
    frame, count = _norm(raw, ACTS, SourceConfig(path="a.csv"), {}, "sources.activities")
    assert count.used == 2
    # a line break inside a quoted cell is read, then cleaned like any extra space
    assert frame["manager"].tolist() == ["Иван Иванов", "Иван Иванов"]
    tsv = "id\tmanager\tkind\tat\n1\tИван\tcall_in\t02.11.2026\n"
    raw = read_file(_deals_file(tmp_path, tsv, "utf-8", "b.tsv"))
    assert raw.note == "CSV, UTF-8, tab"
    frame, _ = _norm(raw, ACTS, SourceConfig(path="b.tsv"), {}, "sources.activities")
    assert frame["kind"].tolist() == ["call_in"]


def test_a_row_with_too_many_cells_is_rejected_not_lost(tmp_path: Path) -> None:
    text = "id,manager,kind,at\n1,A,call_out,02.11.2026\n2,B,call_out,02.11.2026,extra\n"
    raw = read_file(_deals_file(tmp_path, text, "utf-8", "a.csv"))
    _, count = _norm(raw, ACTS, SourceConfig(path="a.csv"), {}, "sources.activities")
    assert (count.read, count.used, count.rejected) == (2, 1, 1)
    assert dict(count.reasons) == {"unsplittable": 1}


def test_xlsx_with_native_date_and_number_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Стадия сделки", "Сумма", "Ответственный", "Предполагаемая дата закрытия"])
    sheet.append([1, "Сделка успешна", 33816.5, "Иван Иванов", datetime(2026, 11, 2)])
    sheet.append([2, "Сделка успешна", "12000.00", "Иван Иванов", "03.11.2026"])  # text cells
    sheet.append([None, None, None, None, None])  # an empty row is not a data row
    sheet.append([3, "Сделка успешна", 100, "Иван Иванов", date(2026, 11, 4)])
    path = tmp_path / "deals.xlsx"
    book.save(path)
    raw = read_file(path)
    assert raw.note == "Excel .xlsx"
    frame, count = _norm(raw, DEALS, BITRIX_MAP, {}, "sources.deals")
    assert (count.read, count.used) == (3, 3)
    assert frame["amount"].tolist() == [33816.5, 12000.0, 100.0]
    assert frame["closed_at"].tolist() == [datetime(2026, 11, d) for d in (2, 3, 4)]
    assert frame["_row"].tolist() == [2, 3, 5]  # spreadsheet rows, the empty row 4 skipped


def test_activity_kinds_from_crm_names_and_config(tmp_path: Path) -> None:
    text = (
        "Тип;Ответственный;Дата\nЗвонок (исходящий);А;02.11.2026\nИсх. звонок;А;02.11.2026\n"
        "Встреча;А;02.11.2026\nЧто-то своё;А;02.11.2026\n"
    )
    raw = read_file(_deals_file(tmp_path, text, "cp1251", "acts.csv"))
    source = SourceConfig(
        path="acts.csv",
        columns={"kind": "Тип", "manager": "Ответственный", "at": "Дата"},
        kinds={"Исх. звонок": "call_out"},
    )
    frame, _ = _norm(raw, ACTS, source, {}, "sources.activities")
    assert frame["kind"].tolist() == ["call_out", "call_out", "meeting", "что-то своё"]


def test_a_constant_column_from_set(tmp_path: Path) -> None:
    raw = read_file(_deals_file(tmp_path, "Автор,Дата\nА,02.11.2026\n", "utf-8", "q.csv"))
    source = SourceConfig(
        path="q.csv", columns={"manager": "Автор", "at": "Дата"}, set={"kind": "proposal"}
    )
    frame, _ = _norm(raw, ACTS, source, {}, "sources.activities")
    assert frame["kind"].tolist() == ["proposal"]


_cells = st.one_of(
    st.sampled_from(
        [
            "",
            "02.11.2026",
            "31.02.2026",
            "2026-11-02 10:00",
            "x",
            "1 234,5",
            "12.5",
            "руб.",
            "Иван Иванов",
            " ",
            "нет",
            "да",
        ]
    ),
    st.text(alphabet="0123456789.,:- абвABC", max_size=12),
)


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(rows=st.lists(st.tuples(_cells, _cells, _cells, _cells, _cells), max_size=30))
def test_every_row_is_used_or_rejected(tmp_path: Path, rows: list[tuple[str, ...]]) -> None:
    """Property: on messy files, read = used + rejected, and used rows are exactly the frame."""
    lines = ["manager;kind;at;duration_s;done"]
    lines += [";".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows]
    path = tmp_path / "messy.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_file(path)
    frame, count = _norm(
        raw, ACTS, SourceConfig(path="messy.csv"), {"duration_s": "t"}, "sources.activities"
    )
    blank = sum(1 for row in rows if not any(c.strip() for c in row))
    assert raw.skipped == blank  # a row of empty cells is not a data row, and is counted apart
    assert count.read == len(rows) - blank
    assert count.read == count.used + count.rejected
    assert len(frame) == count.used
    assert sum(count.reasons.values()) == count.rejected


def test_progress_follows_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("manager;kind;at\n" + "Иван;call_out;02.11.2026\n" * 20_000, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    raw = read_file(path, progress=lambda done, total: seen.append((done, total)))
    assert raw.num_rows == 20_000
    size = path.stat().st_size
    assert seen and seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


_names = st.sampled_from(["Иван Иванов", "Мария Петрова", "", "  ", "Ёлкин Пётр", "x;y", 'a"b'])
_dates = st.sampled_from(["02.11.2026 10:00", "2026-11-02", "31.11.2026", "", "вчера", "45631"])
_kinds = st.sampled_from(["Звонок (исходящий)", "call_in", "Встреча", "", "что-то"])
_durations = st.sampled_from(["65", "1 мин, 5 сек", "0:01:05", "", "долго"])


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    rows=st.lists(st.tuples(_names, _kinds, _dates, _durations), max_size=25),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]),
    sep=st.sampled_from([";", ",", "\t"]),
    preamble=st.integers(0, 3),
    footer=st.booleans(),
    trailing_sep=st.booleans(),
)
def test_messy_exports_account_for_every_row(
    tmp_path: Path,
    rows: list[tuple[str, str, str, str]],
    encoding: str,
    sep: str,
    preamble: int,
    footer: bool,
    trailing_sep: bool,
) -> None:
    """Property: whatever the encoding, delimiter, preamble and footer, every data row is
    used or rejected, and the lines that are not data rows are counted as skipped."""

    def line(cells: tuple[str, ...] | list[str]) -> str:
        quoted = [f'"{c.replace(chr(34), chr(34) * 2)}"' for c in cells]
        return sep.join(quoted) + (sep if trailing_sep else "")

    lines = [f"Отчёт за период {i}" for i in range(preamble)]
    lines.append(line(["Ответственный", "Тип", "Дата", "Длительность"]))
    lines += [line(r) for r in rows]
    if footer:
        lines.append('"Итого: строк"')
    path = tmp_path / "export.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    source = SourceConfig(path="export.csv")
    raw = read_file(path, score=header_score_for("activities", source))
    assert raw.headers[:4] == ["Ответственный", "Тип", "Дата", "Длительность"]
    frame, count = _norm(raw, ACTS, source, {"duration_s": "t"}, "sources.activities")
    blank = sum(1 for r in rows if not any(c.strip() for c in r))
    assert count.read == len(rows) - blank
    assert count.read == count.used + count.rejected
    assert len(frame) == count.used
    assert raw.skipped == preamble + blank + int(footer)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_row_numbers_survive_blank_lines_and_broken_rows(tmp_path: Path, encoding: str) -> None:
    # spreadsheet rows: 1 header, 2 good, 3 blank, 4 seven cells, 5 bad date, 6 good
    text = (
        "manager;kind;at\n"
        "Иван;call_out;02.11.2026\n"
        "\n"
        "Иван;call_out;02.11.2026;x;y;z;w\n"
        "Иван;call_out;abc\n"
        "Мария;call_in;03.11.2026\n"
    )
    path = tmp_path / "calls.csv"
    path.write_bytes(text.encode(encoding))
    raw = read_file(path)
    assert raw.rows.to_pylist() == [2, 5, 6]
    assert raw.invalid == [(4, "unsplittable:7:3")]
    _, count = _norm(raw, ACTS, SourceConfig(path="calls.csv"), {}, "sources.activities")
    assert (count.read, count.used, count.rejected) == (4, 2, 2)
    assert [(r.row, r.reason) for r in count.examples] == [
        (4, "unsplittable:7:3"),
        (5, "bad_date"),
    ]
    assert raw.skipped == 1  # the blank line


def test_rows_of_one_deal_that_disagree_are_not_folded(tmp_path: Path) -> None:
    # deal 7: two product rows (won, 02.11) fold into 300; a third row says lost: conflict
    text = (
        "id,manager,stage,amount,closed_at\n"
        "7,Иван,Сделка успешна,100,02.11.2026\n"
        "7,Иван,Сделка успешна,200,02.11.2026\n"
        "7,Иван,Сделка провалена,999,03.11.2026\n"
        "8,Мария,Сделка успешна,50,04.11.2026\n"
    )
    path = tmp_path / "deals.csv"
    path.write_text(text, encoding="utf-8")
    frame, count = _norm(read_file(path), DEALS, SourceConfig(path="deals.csv"), {}, "s.deals")
    assert (count.read, count.used, count.rejected, count.folded) == (4, 3, 1, 1)
    assert dict(count.reasons) == {"conflict": 1}
    assert frame[["id", "amount", "outcome"]].values.tolist() == [
        ["7", 300.0, "won"],
        ["8", 50.0, "won"],
    ]


def test_the_first_row_of_a_deal_is_kept_even_with_an_empty_close_date(tmp_path: Path) -> None:
    text = (
        "id,manager,stage,amount,closed_at\n"
        "2,Иван,Сделка провалена,50000,\n"
        "2,Иван,Сделка успешна,50000,06.11.2026\n"
    )
    path = tmp_path / "deals.csv"
    path.write_text(text, encoding="utf-8")
    frame, count = _norm(read_file(path), DEALS, SourceConfig(path="deals.csv"), {}, "s.deals")
    assert (count.used, count.rejected) == (1, 1)
    assert frame["outcome"].tolist() == ["lost"]
    assert [(r.row, r.reason) for r in count.examples] == [(3, "conflict")]


def test_a_one_cell_line_after_the_data_is_a_footer(tmp_path: Path) -> None:
    text = (
        "manager;kind;at\n"
        "Иван;call_out;02.11.2026\n"
        "Иван;call_out;02.11.2026;x\n"  # a broken row inside the data stays a rejection
        "Иван;call_in;03.11.2026\n"
        "Выгружено 01.12.2026 пользователем Иванов\n"
    )
    path = tmp_path / "calls.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    raw = read_file(path)
    assert raw.invalid == [(3, "unsplittable:4:3")]
    assert raw.skipped == 1
    assert raw.rows.to_pylist() == [2, 4]


@pytest.mark.parametrize("chosen", [None, "mimalloc"])
def test_arrow_allocates_from_the_c_allocator_unless_the_user_chose(chosen: str | None) -> None:
    """Freed memory is handed back with ``malloc_trim``, which reaches only the C
    allocator's pages: Arrow is pointed at it by ``import ropkit``, before pyarrow loads
    (pointed at it later, with ``set_memory_pool``, the peak at 1.25M rows was 50 MiB higher).
    A pool the user chose stays theirs."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    code = (
        "import os, sys, ropkit\n"
        "print(os.environ.get('ARROW_DEFAULT_MEMORY_POOL'), 'pyarrow' in sys.modules)\n"
        "import ropkit.sources.read, pyarrow as pa\n"
        "print(pa.default_memory_pool().backend_name)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    pool = chosen or "system"
    assert shown == [pool, "False", pool]
