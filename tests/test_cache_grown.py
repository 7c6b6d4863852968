"""An export that grew (yesterday's file and today's rows after it) is read from the cache
and the new rows alone, and reads exactly as the whole file read cold would: rows, their
numbers, rejections, categories, footers and a cut-off end. Where that could differ (a
repeat across the two parts, an earlier row rejected), the file is read again whole."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ropkit.sources.load as load_module
import ropkit.sources.read as read_module
from ropkit.config import load_config
from ropkit.sources.cache import ParseCache, Parsed
from tests.conftest import DEMO, run_cli
from tests.test_cache import _same_parsed

DATE = "2026-11-25T16:00"
BAD_ACTIVITY_ROW = 28851  # the demo's one bad row: «вчера» for a date


@pytest.fixture
def demo(demo: Path) -> Path:
    """The demo without its one bad activity row: every row kept, eligible for an appended
    read."""
    activities = demo.parent / "activities.csv"
    lines = activities.read_bytes().splitlines(keepends=True)
    del lines[BAD_ACTIVITY_ROW - 1]
    activities.write_bytes(b"".join(lines))
    return demo


def _read(config: Path, table: str, cache: ParseCache | None) -> tuple[Parsed, str]:
    loaded = load_config(config)
    source = loaded.sources(table)[0]
    path = loaded.base_dir / source.paths[0]
    file = load_module._File(path, table, source, {}, f"sources.{table}")
    return load_module._read_one(file, None, cache)


def _grow(
    config: Path, table: str, keep: int, tail: Callable[[list[bytes]], list[bytes]], cache: Path
) -> tuple[Parsed, str, Parsed]:
    """Cache the file's first ``keep`` lines (``keep`` < 0: all but the last), then append
    ``tail`` of the rest; (what the grown file reads as, the cache's word, a cold read)."""
    path = config.parent / f"{table}.csv"
    lines = path.read_bytes().splitlines(keepends=True)
    earlier, rest = lines[:keep], lines[keep:]
    path.write_bytes(b"".join(earlier))
    store = ParseCache(cache)
    _read(config, table, store)
    with path.open("ab") as fh:
        fh.write(b"".join(tail(rest)))
    got, word = _read(config, table, store)
    cold, _ = _read(config, table, None)
    return got, word, cold


def _as_is(rest: list[bytes]) -> list[bytes]:
    return rest


def _bad_date(rest: list[bytes]) -> list[bytes]:
    return [rest[0].replace(b"2026 ", b"2026x ", 1), *rest[1:]]


def _footer(rest: list[bytes]) -> list[bytes]:
    return [*rest, b"\r\n", "Итого;;;;;;\r\n".encode("cp1251")]


def _cut(rest: list[bytes]) -> list[bytes]:
    return [*rest[:-1], rest[-1][: len(rest[-1]) // 2]]


APPENDED = {
    "the rows as exported": _as_is,
    "a bad date among them": _bad_date,
    "a blank line and a total below them": _footer,
    "the last of them cut off": _cut,
}


@pytest.mark.parametrize("what", APPENDED, ids=list(APPENDED))
def test_only_the_appended_rows_are_read_and_the_file_reads_as_cold(
    demo: Path, tmp_path: Path, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []  # the sizes of the CSV bytes the reader parsed
    parse = read_module._read_csv

    def counted(source: read_module._Source, *args: object) -> read_module.RawTable:
        read.append(source.size)
        return parse(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(read_module, "_read_csv", counted)
    got, word, cold = _grow(demo, "activities", -300, APPENDED[what], tmp_path / "cache")
    assert word == "appended"
    _same_parsed(got, cold)
    assert got.resume == cold.resume  # (none after a cut or a total: next time, read whole)
    size = (demo.parent / "activities.csv").stat().st_size
    # cached whole, then the header and the 300 rows (not 29 000), then the cold read
    assert len(read) == 3 and read[1] < size // 50 and read[0] < read[2] == size


def test_a_bad_row_appended_is_named_by_its_row_in_the_whole_file(
    demo: Path, tmp_path: Path
) -> None:
    got, word, cold = _grow(demo, "activities", -300, _bad_date, tmp_path / "cache")
    assert word == "appended"
    lines = (demo.parent / "activities.csv").read_bytes().count(b"\n")
    assert [(e.row, e.reason) for e in got.count.examples] == [(lines - 300 + 1, "bad_date")]
    assert got.count.examples == cold.count.examples


def test_deals_with_rejected_rows_among_the_new_ones(demo: Path, tmp_path: Path) -> None:
    got, word, cold = _grow(demo, "deals", 560, _as_is, tmp_path / "cache")
    assert word == "appended"
    assert got.count.rejected == 2
    _same_parsed(got, cold)


def test_a_preamble_above_the_header_stays_above_it(demo: Path, tmp_path: Path) -> None:
    path = demo.parent / "activities.csv"
    preamble = "Отчёт по делам\r\nПериод: 01.09.2026 - 30.11.2026\r\n\r\n".encode("cp1251")
    path.write_bytes(preamble + path.read_bytes())
    got, word, cold = _grow(demo, "activities", -300, _as_is, tmp_path / "cache")
    assert word == "appended"
    _same_parsed(got, cold)
    assert got.skipped == cold.skipped == 3


def _repeat_a_new_row(rest: list[bytes]) -> list[bytes]:
    return [*rest, rest[0]]


def _repeat_a_cached_row(config: Path) -> Callable[[list[bytes]], list[bytes]]:
    first_row = (config.parent / "activities.csv").read_bytes().splitlines(keepends=True)[1]
    return lambda rest: [*rest, first_row]


def test_a_row_repeating_a_cached_one_makes_it_read_whole(demo: Path, tmp_path: Path) -> None:
    got, word, cold = _grow(demo, "activities", -300, _repeat_a_cached_row(demo), tmp_path / "c")
    assert word == "grown"
    _same_parsed(got, cold)
    assert got.count.reasons["duplicate"] == 1


def test_a_repeat_within_the_new_rows_is_theirs(demo: Path, tmp_path: Path) -> None:
    got, word, cold = _grow(demo, "activities", -300, _repeat_a_new_row, tmp_path / "c")
    assert word == "appended"  # (the new rows are read together: their repeat is found)
    _same_parsed(got, cold)
    assert got.count.reasons["duplicate"] == 1


def test_an_earlier_rejected_row_is_counted_as_one_read_counts_it(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)  # with its bad row
    got, word, cold = _grow(folder / "norms.yaml", "activities", -200, _bad_date, tmp_path / "c")
    assert got.count.examples[0].row < got.count.read - 200  # the bad row: in the cached part
    assert word == "appended"
    _same_parsed(got, cold)
    assert got.count.rejected == 2


def _spoil(lines: list[bytes], rng: random.Random, n: int) -> list[bytes]:
    """``lines`` with ``n`` of them spoiled the ways exports are: a bad or missing date, an
    empty manager, a row with cells too many, a repeated row, a line of empty cells."""
    out = list(lines)
    for _ in range(n):
        i = rng.randrange(len(out))
        cells = out[i].rstrip(b"\r\n").split(b";")
        how = rng.choice(["date", "no date", "manager", "split", "repeat", "blank"])
        if how == "date":
            cells[3] = "вчера".encode("cp1251")
        elif how == "no date":
            cells[3] = b""
        elif how == "manager":
            cells[2] = b""
        elif how == "split":
            cells.append(b"x")
        elif how == "repeat":
            out.insert(rng.randrange(i, len(out) + 1), out[i])
            continue
        else:
            out.insert(i, b";;;;;;\r\n")  # a line of empty cells among the rows
            continue
        out[i] = b";".join(cells) + b"\r\n"
    return out


@pytest.mark.parametrize("seed", range(16))
def test_spoiled_rows_on_both_sides_read_as_one_read(demo: Path, tmp_path: Path, seed: int) -> None:
    """Whatever is broken before and after the cut, the grown file reads as a cold read
    (the appended path or, where it cannot be exact, the whole file)."""
    rng = random.Random(seed)
    path = demo.parent / "activities.csv"
    header, *rows = path.read_bytes().splitlines(keepends=True)
    cut = len(rows) - rng.randrange(50, 400)
    earlier = _spoil(rows[:cut], rng, rng.randrange(0, 6))
    path.write_bytes(header + b"".join(earlier))
    later = _spoil(rows[cut:], rng, rng.randrange(0, 6))
    got, word, cold = _grow(demo, "activities", len(earlier) + 1, lambda _: later, tmp_path / "c")
    assert word in ("appended", "grown")
    _same_parsed(got, cold)


def test_the_appended_entry_is_a_hit_next_time(demo: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    _grow(demo, "activities", -300, _as_is, store)
    got, word = _read(demo, "activities", ParseCache(store))
    assert word == "hit"
    _same_parsed(got, _read(demo, "activities", None)[0])


def test_a_grown_export_reports_as_cold_and_check_says_so(runner: CliRunner, demo: Path) -> None:
    activities = demo.parent / "activities.csv"
    lines = activities.read_bytes().splitlines(keepends=True)
    activities.write_bytes(b"".join(lines[:-200]))
    run_cli(runner, "report", "-c", str(demo), "--date", DATE, "-f", "json")
    with activities.open("ab") as fh:
        fh.write(b"".join(lines[-200:]))
    check = run_cli(runner, "check", "-c", str(demo), "--lang", "en")
    assert check.stdout.count("grew since it was last read: only the rows added were read") == 1
    warm = run_cli(runner, "report", "-c", str(demo), "--date", DATE, "-f", "json")
    cold = run_cli(runner, "report", "-c", str(demo), "--date", DATE, "-f", "json", "--no-cache")
    assert warm.stdout == cold.stdout


def test_deals_rejected_before_and_conflicting_after(demo: Path, tmp_path: Path) -> None:
    """A deal with a bad amount among the cached rows; among the new ones a row of a deal
    that says another stage than its first row (a conflict): counted as one read."""
    path = demo.parent / "deals.csv"
    lines = path.read_bytes().splitlines(keepends=True)
    cells = lines[5].split(b'";"')
    cells[3] = "сто тысяч".encode()  # «Сумма»
    lines[5] = b'";"'.join(cells)
    path.write_bytes(b"".join(lines))
    won = "Сделка успешна".encode()

    def conflicting(rest: list[bytes]) -> list[bytes]:
        at = next(i for i, line in enumerate(rest) if won in line)
        other = rest[at].replace(won, "Сделка провалена".encode())
        return [*rest[: at + 1], other, *rest[at + 1 :]]

    got, word, cold = _grow(demo, "deals", 400, conflicting, tmp_path / "c")
    assert word == "appended"
    _same_parsed(got, cold)
    assert got.count.reasons["conflict"] == 1
    assert got.count.reasons["bad_number"] >= 1


def test_check_says_when_a_grown_export_was_read_again_whole(runner: CliRunner, demo: Path) -> None:
    activities = demo.parent / "activities.csv"
    lines = activities.read_bytes().splitlines(keepends=True)
    activities.write_bytes(b"".join(lines[:-200]))
    run_cli(runner, "report", "-c", str(demo), "--date", DATE, "-f", "json")
    with activities.open("ab") as fh:  # the new rows, and one of the cached ones again
        fh.write(b"".join([*lines[-200:], lines[1]]))
    check = run_cli(runner, "check", "-c", str(demo), "--lang", "en")
    assert check.stdout.count("grew since it was last read: read again whole") == 1


def test_reasons_keep_the_order_one_read_gives_them(demo: Path, tmp_path: Path) -> None:
    """A missing date before the cut, a bad date after it: one read names the bad date
    first (its check comes before the missing date's, although «empty» is also the check
    of a missing manager, which comes first of all)."""
    path = demo.parent / "activities.csv"
    header, *rows = path.read_bytes().splitlines(keepends=True)
    cells = rows[10].split(b";")
    cells[3] = b""
    rows[10] = b";".join(cells)
    path.write_bytes(header + b"".join(rows))
    got, word, cold = _grow(demo, "activities", -100, _bad_date, tmp_path / "c")
    assert word == "appended"
    _same_parsed(got, cold)
    assert list(got.count.reasons) == ["bad_date", "empty"]


def test_only_a_total_appended_joins_no_rows(demo: Path, tmp_path: Path) -> None:
    """The export grew by a blank line and a total, no rows: the part read after the
    cached rows has none (its empty columns no dtype to agree on), the total set aside."""
    path = demo.parent / "activities.csv"
    lines = len(path.read_bytes().splitlines())

    def total(_: list[bytes]) -> list[bytes]:
        return [b"\r\n", "Итого;;;;;;;\r\n".encode("cp1251")]

    got, word, cold = _grow(demo, "activities", lines, total, tmp_path / "c")
    assert word == "appended"
    _same_parsed(got, cold)
    assert got.skipped == cold.skipped == 2


@pytest.mark.parametrize("first_cell", ['"Звонок" (исходящий)', "Звонок (исходящий)"])
def test_an_export_cut_inside_a_quoted_cell_is_not_grown_from_there(
    tmp_path: Path, first_cell: str
) -> None:
    """An unquoted export with ``ООО "Ромашка"`` in its cells (an odd count of quotes) cut
    off inside a comment's quoted cell, then grown by the rest of that cell and a row: its
    end was not clean, so it is read whole and reads as one read does. With text after a
    closing quote earlier in the last row (``"Звонок" (исходящий)``) the csv module's strict
    mode said the row did not end inside quotes (a review found it)."""
    from tests.test_sliced import PLAIN, _quoted

    head = PLAIN[: PLAIN.index("\r\n", 20_000) + 2]
    config = _quoted(
        tmp_path,
        head + f'9001;{first_cell};Иван Иванов;01.10.2026 10:00:00;Выполнено;"многострочный\r\n',
    )
    store = ParseCache(tmp_path / "cache")
    first, _ = _read(config, "activities", store)
    assert first.resume is None and first.cut
    with (tmp_path / "activities.csv").open("ab") as fh:
        fh.write(
            'комментарий"\r\n9002;Звонок (исходящий);Иван Иванов;02.10.2026 10:00:00;'
            "Выполнено;ок\r\n".encode()
        )
    got, word = _read(config, "activities", store)
    cold, _ = _read(config, "activities", None)
    assert word == "grown"
    _same_parsed(got, cold)
    assert not got.count.rejected and got.count.used == cold.count.used
