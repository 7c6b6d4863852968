"""A big CSV is read a slice at a time (only one slice's cells held: memory does not grow
with the file but for the rows kept) and reads exactly as one read of the whole file:
rows, their numbers, rejections and their order, categories, footers and a cut-off end.
Where a slice could read differently (a repeat across slices, a broken row before the
last slice, quotes that do not tell where a cell ends), the file is read whole.

The slices are made small here (a few KB) so the demo's exports are cut in many places."""

from __future__ import annotations

import codecs
import csv
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ropkit.sources.load as load_module
from ropkit.config import load_config
from ropkit.sources.cache import Parsed
from ropkit.sources.read import slice_points
from tests.conftest import run_cli
from tests.test_cache import _same_parsed
from tests.test_cache_grown import DATE, _spoil

SLICE = 100_000  # bytes: the demo's 2.5 MB of activities in ~25 slices


@pytest.fixture
def parts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int | None]]]:
    """Slices of SLICE bytes for any file; the (start, stop) of each slice read."""
    seen: list[tuple[int, int | None]] = []
    first, appended = load_module.read_file, load_module.read_appended

    def read_file(path: Path, *args: object) -> object:
        if len(args) == 6:  # (the spans of a first part)
            seen.append(args[-1][-1])  # type: ignore[index]
        return first(path, *args)  # type: ignore[arg-type]

    def read_appended(path: Path, resume: object, start: int, *args: object) -> object:
        seen.append((start, args[-1]))  # type: ignore[arg-type]
        return appended(path, resume, start, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "read_file", read_file)
    monkeypatch.setattr(load_module, "read_appended", read_appended)
    monkeypatch.setattr(load_module, "SLICE_FROM", 0)
    monkeypatch.setattr(load_module, "SLICE_BYTES", SLICE)
    yield seen


def _read(config: Path, table: str) -> Parsed:
    loaded = load_config(config)
    source = loaded.sources(table)[0]
    path = loaded.base_dir / source.paths[0]
    file = load_module._File(path, table, source, {}, f"sources.{table}")
    return load_module._read_one(file, None, None)[0]


def _whole(config: Path, table: str, monkeypatch: pytest.MonkeyPatch) -> Parsed:
    with monkeypatch.context() as m:
        m.setattr(load_module, "SLICE_FROM", 1 << 62)
        return _read(config, table)


def _same(got: Parsed, want: Parsed) -> None:
    _same_parsed(got, want)
    assert got.count.examples == want.count.examples
    assert (got.resume, got.checks) == (want.resume, want.checks)


@pytest.mark.parametrize("table", ["activities", "deals", "leads", "tasks"])
def test_the_demo_read_in_slices_reads_as_one_read(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch, table: str
) -> None:
    """Every export of the demo (the activities with their one «вчера» for a date, the
    deals with stages, sums and conflicting rows) cut into ten slices or so."""
    path = demo.parent / f"{table}.csv"
    size = path.stat().st_size
    monkeypatch.setattr(load_module, "SLICE_BYTES", size // 10)
    got = _read(demo, table)
    assert len(parts) == len(list(slice_points(path, None, None, size // 10) or [])) >= 9
    assert parts[-1][1] == size  # really read in slices to the end, not whole
    _same(got, _whole(demo, table, monkeypatch))


def test_the_slices_meet_at_line_breaks_and_cover_the_file(demo: Path) -> None:
    path = demo.parent / "activities.csv"
    data = path.read_bytes()
    points = list(slice_points(path, None, None, SLICE) or [])
    assert points and points[-1] == len(data)
    starts = [0, *points[:-1]]
    assert all(data[p - 1 : p] == b"\n" for p in points)
    assert all(b - a >= SLICE for a, b in zip(starts[:-1], points[:-1], strict=True))


QUOTED = '\ufeff"ID";"Тип";"Ответственный";"Дата";"Статус";"Комментарий"\r\n' + "".join(
    f'"{i}";"Звонок (исходящий)";"{name}";"{1 + i % 28:02d}.10.2026 10:00:00";"Выполнено";'
    + (f'"перезвонить\r\nпосле ""обеда""\r\n{i}"' if i % 3 else f'"ок {i}"')
    + "\r\n"
    for i, name in zip(
        range(1, 3001), ["Иван Иванов", "Мария Петрова", "Сергей Сидоров"] * 1000, strict=True
    )
)


def _quoted(folder: Path, text: str) -> Path:
    (folder / "activities.csv").write_text(text, encoding="utf-8", newline="")
    config = folder / "norms.yaml"
    config.write_text(
        "managers:\n"
        + "".join(
            f"  - {{name: {name}, mode: active}}\n"
            for name in ("Иван Иванов", "Мария Петрова", "Сергей Сидоров")
        )
        + "norms: {active: {calls_out: 10}}\n"
        "sources: {activities: {path: activities.csv}}\n",
        encoding="utf-8",
    )
    return config


def test_cells_over_several_lines_are_never_cut(
    tmp_path: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every field quoted, comments over three lines with doubled quotes: a slice begins
    only where a row does (two thirds of the line breaks are inside a cell)."""
    config = _quoted(tmp_path, QUOTED)
    monkeypatch.setattr(load_module, "SLICE_BYTES", 7_000)
    got = _read(config, "activities")
    assert len(parts) > 20
    data = (tmp_path / "activities.csv").read_bytes()
    for start, _ in parts[1:]:
        assert data[:start].count(b'"') % 2 == 0
        assert data[start : start + 1] == b'"' and data[start - 2 : start] == b"\r\n"
    _same(got, _whole(config, "activities", monkeypatch))
    assert got.count.used == 3000


def test_a_quote_inside_an_unquoted_cell_makes_it_read_whole(
    tmp_path: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``12" экран`` (a quote that is text, not a cell's edge): the quotes no longer tell
    which line breaks end rows, so the file is not cut."""
    text = QUOTED.replace('"ок 6"', 'ок 12" экран', 1)
    config = _quoted(tmp_path, text)
    path = tmp_path / "activities.csv"
    points = list(slice_points(path, None, None, 7_000) or [])
    assert points == [path.stat().st_size]  # the cuts end before it: here, none
    got = _read(config, "activities")
    assert parts == []
    _same(got, _whole(config, "activities", monkeypatch))


def test_a_quote_inside_an_unquoted_cell_midway_ends_the_cutting_there(
    tmp_path: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cuts before such a quote stand (the quotes before them are exact); from the
    last of them the rest of the file is one part, and it reads as one read does."""
    text = QUOTED.replace('"ок 1500"', 'ок 12" экран', 1)
    config = _quoted(tmp_path, text)
    monkeypatch.setattr(load_module, "SLICE_BYTES", 7_000)
    got = _read(config, "activities")
    size = (tmp_path / "activities.csv").stat().st_size
    assert len(parts) > 20 and parts[-1][1] == size
    where = text.encode("utf-8").index('ок 12" экран'.encode())
    assert all(stop <= where for _, stop in parts[:-1])  # no cut after the text quote
    _same(got, _whole(config, "activities", monkeypatch))


def test_a_row_repeated_in_a_later_slice_makes_it_read_whole(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo.parent / "activities.csv"
    header, *rows = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(header + b"".join([*rows, rows[5]]))  # an early row again at the end
    got = _read(demo, "activities")
    assert parts[-1][1] == path.stat().st_size  # read to the end in slices, then whole
    _same(got, _whole(demo, "activities", monkeypatch))
    assert got.count.reasons["duplicate"] == 1


def test_a_cut_end_and_a_total_line_in_the_last_slice(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo.parent / "activities.csv"
    data = path.read_bytes()
    path.write_bytes(data + b"\r\n" + "Итого;;;;;;;\r\n".encode("cp1251"))
    with_total = _read(demo, "activities")
    assert len(parts) > 10
    _same(with_total, _whole(demo, "activities", monkeypatch))
    assert with_total.skipped == 2 and with_total.resume is None
    path.write_bytes(data[:-20])  # a download cut off inside the last row
    parts.clear()
    cut = _read(demo, "activities")
    assert len(parts) > 10
    _same(cut, _whole(demo, "activities", monkeypatch))
    assert cut.cut and cut.count.reasons["truncated"] == 1


@pytest.mark.parametrize("seed", range(12))
def test_spoiled_rows_anywhere_read_as_one_read(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Bad and missing dates, empty managers, rows with a cell too many, repeats and blank
    lines anywhere: the slices (or, where they cannot be exact, the whole file) read as one
    read. With only bad cells (no broken line), the file is read in slices to its end."""
    rng = random.Random(seed)
    path = demo.parent / "activities.csv"
    header, *rows = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(header + b"".join(_spoil(rows, rng, rng.randrange(0, 12))))
    got = _read(demo, "activities")
    _same(got, _whole(demo, "activities", monkeypatch))


def test_bad_cells_in_many_slices_are_counted_and_named_as_one_read(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bad dates and missing managers spread over the file: read in slices to the end, the
    first five named in the order one read names them, every one counted."""
    path = demo.parent / "activities.csv"
    header, *rows = path.read_bytes().splitlines(keepends=True)
    for i in range(100, len(rows), 2_500):
        cells = rows[i].split(b";")
        cells[2 if i % 2 else 3] = b""
        rows[i] = b";".join(cells)
    path.write_bytes(header + b"".join(rows))
    got = _read(demo, "activities")
    assert parts[-1][1] == path.stat().st_size and len(parts) > 10
    _same(got, _whole(demo, "activities", monkeypatch))
    assert got.count.rejected == 1 + len(range(100, len(rows), 2_500))  # (and the demo's own)


def test_the_progress_bar_goes_to_the_end_once(
    demo: Path, parts: list[tuple[int, int | None]]
) -> None:
    loaded = load_config(demo)
    source = loaded.sources("activities")[0]
    path = loaded.base_dir / source.paths[0]
    told: list[tuple[str, int, int]] = []
    file = load_module._File(path, "activities", source, {}, "sources.activities")
    load_module._read_one(file, lambda *a: told.append(a), None)
    done = [d for _, d, _ in told]
    assert len(parts) > 10 and done == sorted(done)
    assert told[-1] == ("activities.csv", path.stat().st_size, path.stat().st_size)


def test_a_report_from_slices_is_the_report_from_one_read(
    runner: CliRunner, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("report", "-c", str(demo), "--date", DATE, "-f", "json", "--no-cache")
    whole = run_cli(runner, *args).stdout
    monkeypatch.setattr(load_module, "SLICE_FROM", 0)
    monkeypatch.setattr(load_module, "SLICE_BYTES", SLICE)
    assert run_cli(runner, *args).stdout == whole


@pytest.mark.parametrize("last", ["the blank line", "the total line", "the last row"])
def test_a_last_part_of_only_the_end_of_the_file(
    demo: Path,
    parts: list[tuple[int, int | None]],
    monkeypatch: pytest.MonkeyPatch,
    last: str,
) -> None:
    """A part may begin anywhere a row does: at the blank line before a total (a part of
    no rows), at the last row; it reads as the same bytes do in one read. A part that ends
    in a blank line (the total alone after it) did not end clean: the file is read whole."""
    path = demo.parent / "activities.csv"
    data = path.read_bytes()
    total = "Итого;;;;;;;\r\n".encode("cp1251")
    path.write_bytes(data + b"\r\n" + total)
    cut = {
        "the blank line": len(data),
        "the total line": len(data) + 2,
        "the last row": data.rindex(b"\n", 0, len(data) - 1) + 1,
    }[last]
    size, half = path.stat().st_size, data.index(b"\n", len(data) // 2) + 1
    monkeypatch.setattr(load_module, "slice_points", lambda *_: [half, cut, size])
    got = _read(demo, "activities")
    # read in these parts (a blank line ends the second: whole after it)
    stops = [half, cut] if last == "the total line" else [half, cut, size]
    assert [stop for _, stop in parts] == stops
    _same(got, _whole(demo, "activities", monkeypatch))
    assert got.skipped == 2


def _points(monkeypatch: pytest.MonkeyPatch, points: list[int]) -> None:
    monkeypatch.setattr(load_module, "slice_points", lambda *_: iter(points))


def _one_manager(folder: Path, rows: list[str], table: str = "activities") -> Path:
    text = "\n".join(rows) + "\n"
    (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    config = folder / "norms.yaml"
    config.write_text(
        "managers:\n  - {name: Иван Иванов, mode: active}\n"
        "norms: {active: {calls_out: 10}}\n"
        f"sources: {{{table}: {{path: {table}.csv}}}}\n",
        encoding="utf-8",
    )
    return config


def test_a_part_that_cannot_tell_the_order_of_slash_dates_reads_as_the_whole(
    tmp_path: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first part has days up to 12 only (month-first, alone), the second has days above
    12: the whole column is day-first, so the parts read apart would differ — read whole."""
    rows = ["ID;Тип;Ответственный;Дата"]
    rows += [
        f"{i};Звонок (исходящий);Иван Иванов;{1 + i % 12:02d}/02/2026 10:00" for i in range(1, 301)
    ]
    rows += [
        f"{i};Звонок (исходящий);Иван Иванов;{13 + i % 15:02d}/02/2026 10:00"
        for i in range(301, 601)
    ]
    config = _one_manager(tmp_path, rows)
    path = tmp_path / "activities.csv"
    cut = len(("\n".join(rows[:301]) + "\n").encode())
    _points(monkeypatch, [cut, path.stat().st_size])
    got = _read(config, "activities")
    assert parts == [(0, cut), (cut, path.stat().st_size)]  # read apart, then whole
    _same(got, _whole(config, "activities", monkeypatch))
    assert str(got.frame["at"].iloc[0]) == "2026-02-02 10:00:00"  # 02/02, day-first or not


def test_a_part_of_thousands_commas_beside_one_of_decimal_commas(
    tmp_path: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """«1,500» is one and a half in a column that also holds «201,5»: a part with only the
    first reads it as 1500 — so the file is read whole."""
    rows = ["ID;Название сделки;Стадия сделки;Сумма;Ответственный;Предполагаемая дата закрытия"]
    rows += [f"{i};Сделка {i};Сделка успешна;1,500;Иван Иванов;02.11.2026" for i in range(1, 201)]
    rows += [f"{i};Сделка {i};Сделка успешна;201,5;Иван Иванов;02.11.2026" for i in range(201, 401)]
    config = _one_manager(tmp_path, rows, "deals")
    path = tmp_path / "deals.csv"
    cut = len(("\n".join(rows[:201]) + "\n").encode())
    _points(monkeypatch, [cut, path.stat().st_size])
    got = _read(config, "deals")
    _same(got, _whole(config, "deals", monkeypatch))
    assert got.frame["amount"].iloc[0] == 1.5


def test_an_optional_column_empty_in_a_whole_part(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field added to the CRM midway: «Источник» empty in the first half of the leads (its
    categories there have no type of their own); joined as one read gives it."""
    path = demo.parent / "leads.csv"
    header, *rows = path.read_bytes().decode("utf-8-sig").split("\n")
    at = next(csv.reader([header], delimiter=";")).index("Источник")
    for k in range(len(rows) // 2):
        if rows[k]:
            cells = next(csv.reader([rows[k]], delimiter=";"))
            cells[at] = ""
            rows[k] = ";".join(f'"{c}"' for c in cells)
    path.write_bytes(codecs.BOM_UTF8 + "\n".join([header, *rows]).encode())
    monkeypatch.setattr(load_module, "SLICE_BYTES", path.stat().st_size // 3)
    got = _read(demo, "leads")
    assert parts[-1][1] == path.stat().st_size and len(parts) >= 3
    _same(got, _whole(demo, "leads", monkeypatch))


def test_a_repeat_in_a_part_whose_ids_lie_within_two_earlier_ones(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even ids, then odd ids over the same range, then a part within it again that repeats a
    row of the second: found (the ids' span covers all parts so far), read whole."""
    path = demo.parent / "activities.csv"
    header, *rows = path.read_bytes().splitlines(keepends=True)
    by_id = {int(r.split(b";")[0]): r for r in rows if r.strip()}
    first = [by_id[i] for i in range(50002, 50101, 2)]
    second = [by_id[i] for i in range(50091, 50151, 2)]
    third = [by_id[i] for i in range(50120, 50131, 2)] + [by_id[50125]]
    data = header + b"".join(first)
    cuts = [len(data), len(data) + len(b"".join(second))]
    path.write_bytes(data + b"".join(second) + b"".join(third))
    _points(monkeypatch, [*cuts, path.stat().st_size])
    got = _read(demo, "activities")
    _same(got, _whole(demo, "activities", monkeypatch))
    assert got.count.reasons["duplicate"] == 1


def test_the_header_is_matched_once_for_all_the_slices(
    demo: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every slice is read below the file's header: it is matched to the canonical columns
    once, not once a slice (the presets' headers looked at for each of 66 slices took 0.6 s
    at 10M rows)."""
    matched: list[list[str]] = []
    resolve = load_module.resolve_columns

    def counted(path: Path, headers: list[str], *args: object) -> object:
        matched.append(headers)
        return resolve(path, headers, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "resolve_columns", counted)
    got = _read(demo, "activities")
    assert len(parts) >= 20 and len(matched) == 1
    _same(got, _whole(demo, "activities", monkeypatch))


PLAIN = "ID;Тип;Ответственный;Дата;Статус;Комментарий\r\n" + "".join(
    f"{i};Звонок (исходящий);{name};{1 + i % 28:02d}.10.2026 10:00:00;Выполнено;"
    + ('звонок в ООО "Ромашка"' if i % 3 else 'экран 12"' if i % 2 else "ок")
    + f" {i}\r\n"
    for i, name in zip(
        range(1, 3001), ["Иван Иванов", "Мария Петрова", "Сергей Сидоров"] * 1000, strict=True
    )
)


def test_quotes_that_are_text_in_an_export_with_no_quoted_cell_are_cut_past(
    tmp_path: Path, parts: list[tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unquoted export with ``ООО "Ромашка"`` and ``12"`` inside its cells: no quote
    opens a cell (none follows a separator or a line break), so every line break ends a
    row, to Arrow and to Python's csv module alike — the file is cut all along, as if it
    had no quotes, and reads as one read does."""
    config = _quoted(tmp_path, PLAIN)
    monkeypatch.setattr(load_module, "SLICE_BYTES", 7_000)
    got = _read(config, "activities")
    data = (tmp_path / "activities.csv").read_bytes()
    assert len(parts) > 20 and parts[-1][1] == len(data)
    assert parts[-2][1] > data.index(b'"') + 100_000  # (cut long past the first quote)
    for start, _ in parts[1:]:
        assert data[start - 2 : start] == b"\r\n"
    _same(got, _whole(config, "activities", monkeypatch))
    assert got.count.used == 3000
    assert set(got.frame["kind"].dropna().astype(str)) == {"call_out"}


@pytest.mark.parametrize("block", [20_000, 1 << 24])
def test_a_quote_that_may_open_a_cell_after_quotes_that_are_text_ends_the_cutting(
    tmp_path: Path,
    parts: list[tuple[int, int | None]],
    monkeypatch: pytest.MonkeyPatch,
    block: int,
) -> None:
    """``;"Ромашка" звонок``: a quote at a cell's start opens a quoted cell (to both
    readers: the line breaks after it may be inside it). No cut is made at or after it:
    in a later block of the look than the first text quote, the parts before stand and the
    rest is one part; in the same block, the cutting ends at the first text quote, as
    before. Either way it reads as one read does."""
    import ropkit.sources.read as read_module

    monkeypatch.setattr(read_module, "SCAN_BLOCK", block)
    text = PLAIN.replace(";ок 1500\r\n", ';"Ромашка" звонок 1500\r\n', 1)
    config = _quoted(tmp_path, text)
    monkeypatch.setattr(load_module, "SLICE_BYTES", 7_000)
    got = _read(config, "activities")
    data = (tmp_path / "activities.csv").read_bytes()
    where = data.index('"Ромашка" звонок'.encode())
    if block < where:  # the blocks of text quotes before it were cut all along, then none
        assert len(parts) > 10 and parts[-1][1] == len(data)
        assert all(stop <= where for _, stop in parts[:-1])
        assert parts[-2][1] > data.index(b'"')
    else:  # its block holds the first text quote too (row 1): no cut at all, read whole
        assert parts == []
    _same(got, _whole(config, "activities", monkeypatch))
