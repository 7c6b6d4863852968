"""The parse cache (issue 12): a second run on the same exports reads none of them, gives
byte for byte the same output, and never trusts an entry that is not exactly what was
written for exactly these bytes read exactly this way."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

import ropkit.sources.cache as cache_module
import ropkit.sources.load as load_module
from ropkit.config import SourceConfig, load_config
from ropkit.schema import TABLES
from ropkit.sources.cache import SUFFIX, ParseCache, Parsed, entry_key, slot_name
from ropkit.sources.load import _mapped, header_score_for
from ropkit.sources.normalize import normalize
from ropkit.sources.read import read_file
from tests.conftest import run_cli
from tests.data.expected import FIXTURES

DATA = Path(__file__).parent / "data"
DEMO_DATE = "2026-11-25T16:00"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the reader opened (a spy on load's read_file)."""
    opened: list[str] = []
    real = load_module.read_file

    def spy(path: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(load_module, "read_file", spy)
    return opened


def _report(runner: CliRunner, config: Path, *more: str) -> str:
    result = run_cli(runner, "report", "-c", str(config), "--date", DEMO_DATE, "-f", "json", *more)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _check(runner: CliRunner, config: Path, *more: str) -> str:
    result = run_cli(runner, "check", "-c", str(config), "--lang", "en", *more)
    assert result.exit_code in (0, 3), result.output
    return str(result.stdout)


CACHE_LINES = re.compile(r"^  (from the cache|grew since).*\n", re.M)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + SUFFIX))


def _parse(path: Path, table: str, source: SourceConfig) -> Parsed:
    """Read and normalise one file as load does, without the cache."""
    raw = read_file(path, source.encoding, source.delimiter, header_score_for(table, source))
    done = normalize(raw, TABLES[table], source, {}, f"sources.{table}")
    mapped = _mapped(raw, done.mapping)
    return Parsed(
        done.frame,
        done.count,
        done.mapping.title(),
        mapped,
        raw.headers,
        raw.note,
        raw.skipped,
        raw.cut,
    )


def _same_parsed(got: Parsed, want: Parsed) -> None:
    pd.testing.assert_frame_equal(got.frame, want.frame, check_exact=True)
    assert [str(t) for t in got.frame.dtypes] == [str(t) for t in want.frame.dtypes]
    for col in want.frame:
        if isinstance(want.frame[col].dtype, pd.CategoricalDtype):
            assert got.frame[col].cat.categories.dtype == want.frame[col].cat.categories.dtype
    assert got.count == want.count
    assert list(got.count.reasons.items()) == list(want.count.reasons.items())
    assert (got.title, got.mapped, got.headers, got.note, got.skipped, got.cut) == (
        want.title,
        want.mapped,
        want.headers,
        want.note,
        want.skipped,
        want.cut,
    )
    assert list(got.mapped) == list(want.mapped)


# --------------------------------------------------------------------------- cold = warm


def test_the_demo_from_the_cache_is_byte_identical(
    runner: CliRunner, demo: Path, reads: list[str], own_parse_cache: Path
) -> None:
    cold = _report(runner, demo)
    assert sorted(reads) == ["activities.csv", "deals.csv", "leads.csv", "tasks.csv"]
    assert len(_entries(own_parse_cache)) == 4
    reads.clear()
    warm = _report(runner, demo)
    assert reads == []  # the second run read no export
    assert warm == cold
    check_cold = _check(runner, demo, "--no-cache")
    check_warm = _check(runner, demo)
    # --no-cache only (two at a time: in either order)
    assert sorted(reads) == ["activities.csv", "deals.csv", "leads.csv", "tasks.csv"]
    assert check_warm.count("from the cache") == 4
    assert CACHE_LINES.sub("", check_warm) == check_cold
    assert "from the cache" not in check_cold


def test_the_other_commands_read_from_the_cache(
    runner: CliRunner, demo: Path, reads: list[str]
) -> None:
    _report(runner, demo)
    reads.clear()
    for args in (
        ["agenda", "-c", str(demo), "--date", DEMO_DATE],
        ["daily", "-c", str(demo), "--date", DEMO_DATE, "-f", "json"],
        ["plan", "-c", str(demo), "--date", DEMO_DATE, "-f", "json"],
    ):
        cold = run_cli(runner, *args, "--no-cache")
        assert cold.exit_code in (0, 3), cold.output
        assert reads, args
        reads.clear()
        warm = run_cli(runner, *args)
        assert reads == [], args
        assert warm.stdout == cold.stdout, args


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_comes_back_as_it_was_read(name: str, tmp_path: Path) -> None:
    """Dtypes (categories and their own dtype, datetime units, Arrow strings, nullable
    flags), the row accounting with its rejection examples, and the file's facts."""
    table = str(FIXTURES[name]["table"])
    source = SourceConfig(path=name)
    want = _parse(DATA / name, table, source)
    store = ParseCache(tmp_path / "cache")
    found = store.look_up(DATA / name, table, source)
    assert found.state == "new"
    store.store(found, want)
    again = store.look_up(DATA / name, table, source)
    assert again.state == "hit"
    assert again.parsed is not None
    _same_parsed(again.parsed, want)


FIXTURE_CONFIG = """\
managers:
  - {{name: Иван Иванов, mode: passive, plan: {{revenue: 1000000}}}}
  - {{name: Мария Петрова, mode: passive, plan: {{revenue: 1000000}}}}
sources:
  deals: {{path: "{deals}"}}
  activities: {{path: "{activities}"}}
  leads: {{path: "{leads}"}}
norms:
  passive: {{calls_out: 40}}
"""


@pytest.mark.parametrize(
    ("deals", "activities"),
    [
        ("bitrix24_deals.csv", "bitrix24_activities_cp1251.csv"),
        ("bitrix24_deals_products.csv", "pbx_calls.xlsx"),
        ("bitrix24_deals.xls", "bitrix24_calls.xls"),
        ("amocrm_deals.csv", "hubspot_activities.csv"),
        ("legacy_deals.xls", "generic_activities.xlsx"),
    ],
)
def test_fixture_reports_from_the_cache_are_byte_identical(
    runner: CliRunner, tmp_path: Path, deals: str, activities: str, reads: list[str]
) -> None:
    config = tmp_path / "norms.yaml"
    config.write_text(
        FIXTURE_CONFIG.format(
            deals=DATA / deals, activities=DATA / activities, leads=DATA / "bitrix24_leads.csv"
        ),
        encoding="utf-8",
    )
    args = ("report", "-c", str(config), "--date", "2026-11-30", "-f", "json")
    cold = run_cli(runner, *args)
    assert cold.exit_code in (0, 3), cold.output
    reads.clear()
    warm = run_cli(runner, *args)
    assert reads == []
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
    check_cold = _check(runner, config, "--no-cache")
    check_warm = _check(runner, config)
    assert CACHE_LINES.sub("", check_warm) == check_cold


# --------------------------------------------------------------------------- the key


def test_a_changed_file_is_read_again(runner: CliRunner, demo: Path, reads: list[str]) -> None:
    _report(runner, demo)
    leads = demo.parent / "leads.csv"
    stat = leads.stat()
    data = leads.read_bytes()
    # one digit changed, same size, the modification time set back: the bytes decide
    changed = data.replace(b'"01.09.2026', b'"02.09.2026', 1)
    assert changed != data and len(changed) == len(data)
    leads.write_bytes(changed)
    os.utime(leads, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    reads.clear()
    warm = _report(runner, demo)
    assert reads == ["leads.csv"]
    assert warm == _report(runner, demo, "--no-cache")


def test_a_touched_file_is_not_read_again(runner: CliRunner, demo: Path, reads: list[str]) -> None:
    _report(runner, demo)
    os.utime(demo.parent / "deals.csv")  # new times, the same bytes
    reads.clear()
    _report(runner, demo)
    assert reads == []


def test_another_version_of_ropkit_reads_again(
    runner: CliRunner, demo: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(runner, demo)
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    reads.clear()
    _report(runner, demo)
    assert len(reads) == 4


def test_changed_reading_code_reads_again(
    runner: CliRunner, demo: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(runner, demo)
    monkeypatch.setattr(cache_module, "code_digest", lambda: "another build")
    reads.clear()
    _report(runner, demo)
    assert len(reads) == 4


SOURCE_CHANGES: dict[str, dict[str, Any]] = {
    "columns": {"columns": {"id": "ID"}},
    "set": {"set": {"kind": "call_out"}},
    "won": {"won": ["Сделка успешна"]},
    "lost": {"lost": ["Сделка провалена"]},
    "kinds": {"kinds": {"Звонок": "call_out"}},
    "encoding": {"encoding": "utf-8"},
    "delimiter": {"delimiter": ";"},
    "date_format": {"date_format": "%d.%m.%Y"},
    "preset": {"preset": "bitrix24"},
}


def test_every_source_option_is_in_the_key_but_the_path() -> None:
    path = DATA / "bitrix24_deals.csv"
    base = SourceConfig(path="bitrix24_deals.csv")
    name = slot_name(entry_key(path, "deals", base))
    assert slot_name(entry_key(path, "deals", SourceConfig(path="*.csv"))) == name
    names = {name}
    for option, change in SOURCE_CHANGES.items():
        other = SourceConfig(path="bitrix24_deals.csv", **change)
        names.add(slot_name(entry_key(path, "deals", other)))
        assert len(names) == 2 + list(SOURCE_CHANGES).index(option), option
    assert slot_name(entry_key(path, "leads", base)) not in names  # the table
    assert set(SourceConfig.model_fields) - {"path"} == set(SOURCE_CHANGES)


@pytest.mark.parametrize("option", sorted(SOURCE_CHANGES))
def test_a_source_option_changed_reads_again(
    option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ParseCache(tmp_path / "cache")
    path = DATA / "bitrix24_deals.csv"
    source = SourceConfig(path=path.name)
    found = store.look_up(path, "deals", source)
    store.store(found, _parse(path, "deals", source))
    assert store.look_up(path, "deals", source).state == "hit"
    other = SourceConfig(path=path.name, **SOURCE_CHANGES[option])
    assert store.look_up(path, "deals", other).parsed is None
    assert store.look_up(path, "leads", source).parsed is None  # another table


def test_the_team_list_is_not_in_the_key(runner: CliRunner, demo: Path, reads: list[str]) -> None:
    """Names are matched to the team after the cache: a new manager changes no entry."""
    _report(runner, demo)
    text = demo.read_text("utf-8")
    demo.write_text(text.replace("managers:\n", "managers:\n  - name: Новый Менеджер\n", 1))
    reads.clear()
    warm = _report(runner, demo)
    assert reads == []
    assert warm == _report(runner, demo, "--no-cache")


# --------------------------------------------------------------------------- never trusted


def _damage(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    if how == "payload byte":
        i = len(data) - 100
        entry.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :])
    elif how == "cut short":  # a writer that died half-way (without the temp-file dance)
        entry.write_bytes(data[: len(data) // 2])
    elif how == "header only":
        entry.write_bytes(data[: data.index(b"}}") + 2])
    elif how == "longer":
        entry.write_bytes(data + b"\0" * 10)
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "garbage":
        entry.write_bytes(os.urandom(len(data)))
    elif how in ("other format", "other version", "other digest"):
        magic = cache_module.MAGIC
        n = int.from_bytes(data[len(magic) : len(magic) + 8], "little")
        header = json.loads(data[len(magic) + 8 : len(magic) + 8 + n])
        if how == "other format":
            header["format"] = cache_module.FORMAT + 1
        elif how == "other version":
            header["key"]["ropkit"] = "0.0.1"
        else:
            header["file"]["digest"] = "0" * 64
        text = json.dumps(header, ensure_ascii=False).encode()
        rest = data[len(magic) + 8 + n :]
        entry.write_bytes(magic + len(text).to_bytes(8, "little") + text + rest)


@pytest.mark.parametrize(
    "how",
    [
        "payload byte",
        "cut short",
        "header only",
        "longer",
        "empty",
        "garbage",
        "other format",
        "other version",
        "other digest",
    ],
)
def test_a_bad_entry_is_ignored_and_rebuilt(
    how: str, runner: CliRunner, demo: Path, reads: list[str], own_parse_cache: Path
) -> None:
    cold = _report(runner, demo)
    for entry in _entries(own_parse_cache):
        _damage(entry, how)
    reads.clear()
    assert _report(runner, demo) == cold
    assert len(reads) == 4  # every file read again
    reads.clear()
    assert _report(runner, demo) == cold  # and the rebuilt entries are good
    assert reads == []


def test_a_dead_writers_temporary_file_is_no_entry(
    runner: CliRunner, demo: Path, reads: list[str], own_parse_cache: Path
) -> None:
    cold = _report(runner, demo)
    entry = _entries(own_parse_cache)[0]
    tmp = own_parse_cache / ".half.tmp"
    tmp.write_bytes(entry.read_bytes()[:1000])
    entry.unlink()
    reads.clear()
    assert _report(runner, demo) == cold
    assert len(reads) == 1
    old = 1_000_000_000
    os.utime(tmp, (old, old))
    ParseCache(own_parse_cache).evict()
    assert not tmp.exists()  # swept once it is old


# --------------------------------------------------------------------------- grown


def test_a_grown_export_equals_a_cold_run(runner: CliRunner, demo: Path, reads: list[str]) -> None:
    """(Only the new rows are read when it can be exact: tests/test_cache_grown.py.)"""
    activities = demo.parent / "activities.csv"
    lines = activities.read_bytes().splitlines(keepends=True)
    today = lines[-200:]
    activities.write_bytes(b"".join(lines[:-200]))  # yesterday's export
    yesterday = _report(runner, demo)
    with activities.open("ab") as fh:  # today's: the same beginning and more rows
        fh.write(b"".join(today))
    reads.clear()
    grown = _report(runner, demo)
    assert reads == []  # not the whole file: the cached rows and the 200 new ones
    assert grown == _report(runner, demo, "--no-cache")
    assert grown != yesterday
    check = _check(runner, demo, "--no-cache")
    assert "grew since" not in check
    activities.write_bytes(b"".join(lines[:-200]))
    _report(runner, demo)
    with activities.open("ab") as fh:
        fh.write(b"".join(today))
    warm_check = _check(runner, demo)
    assert warm_check.count("grew since it was last read: only the rows added were read") == 1
    assert CACHE_LINES.sub("", warm_check) == check


def test_grown_is_told_apart_from_changed(tmp_path: Path) -> None:
    store = ParseCache(tmp_path / "cache")
    path = tmp_path / "deals.csv"
    data = (DATA / "bitrix24_deals.csv").read_bytes()
    path.write_bytes(data)
    source = SourceConfig(path="deals.csv")
    store.store(store.look_up(path, "deals", source), _parse(path, "deals", source))
    path.write_bytes(data + data.splitlines(keepends=True)[-1])
    assert store.look_up(path, "deals", source).state == "grown"
    path.write_bytes(b"X" + data)
    assert store.look_up(path, "deals", source).state == "changed"


# --------------------------------------------------------------------------- the folder


def test_the_cache_stays_under_its_size_limit_dropping_the_least_used(
    tmp_path: Path,
) -> None:
    names = ["bitrix24_deals.csv", "amocrm_deals.csv", "hubspot_deals.csv", "pipedrive_deals.csv"]
    store = ParseCache(tmp_path / "cache")
    sources = {n: SourceConfig(path=n) for n in names}
    for n in names[:2]:
        store.store(
            store.look_up(DATA / n, "deals", sources[n]), _parse(DATA / n, "deals", sources[n])
        )
    sizes = [e.stat().st_size for e in store.entries()]
    first = store.look_up(DATA / names[0], "deals", sources[names[0]])
    assert first.state == "hit"
    # the limit holds about two entries: the oldest used (names[1], not names[0]) goes
    old = 1_000_000_000
    for e in store.entries():
        os.utime(e, (old, old))
    store.look_up(DATA / names[0], "deals", sources[names[0]])  # used again: now the newest
    limit = sum(sizes) + 2000
    small = ParseCache(store.folder, limit)
    n = names[2]
    small.store(small.look_up(DATA / n, "deals", sources[n]), _parse(DATA / n, "deals", sources[n]))
    assert small.size() <= limit
    assert small.look_up(DATA / names[1], "deals", sources[names[1]]).state == "new"
    assert small.look_up(DATA / names[0], "deals", sources[names[0]]).state == "hit"
    assert small.look_up(DATA / n, "deals", sources[n]).state == "hit"


def test_the_limit_comes_from_the_environment(
    runner: CliRunner, demo: Path, own_parse_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROPKIT_CACHE_MAX_MB", "0")
    _report(runner, demo)
    assert _entries(own_parse_cache) == []
    store = ParseCache.from_environment()
    assert store is not None and store.max_bytes == 0
    monkeypatch.setenv("ROPKIT_NO_CACHE", "1")
    assert ParseCache.from_environment() is None


def _write_entry(folder: str, rounds: int) -> None:
    store = ParseCache(Path(folder))
    source = SourceConfig(path="bitrix24_activities_cp1251.csv")
    path = DATA / "bitrix24_activities_cp1251.csv"
    parsed = _parse(path, "activities", source)
    for _ in range(rounds):
        found = store.look_up(path, "activities", source)
        store.store(
            cache_module.Lookup(found.slot, found.key, "new", found.stat, found.digest, 0),
            parsed,
        )


def test_concurrent_writers_of_one_entry_leave_a_whole_one(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_entry, args=(str(folder), 15)) for _ in range(3)]
    for w in workers:
        w.start()
    # read while they write: every look-up finds a whole entry or none
    store = ParseCache(folder)
    source = SourceConfig(path="bitrix24_activities_cp1251.csv")
    path = DATA / "bitrix24_activities_cp1251.csv"
    want = _parse(path, "activities", source)
    while any(w.is_alive() for w in workers):
        found = store.look_up(path, "activities", source)
        if found.parsed is not None:
            _same_parsed(found.parsed, want)
    for w in workers:
        w.join()
        assert w.exitcode == 0
    assert len(store.entries()) == 1
    assert not list(folder.glob(".*.tmp"))
    found = store.look_up(path, "activities", source)
    assert found.parsed is not None
    _same_parsed(found.parsed, want)


def test_no_cache_neither_reads_nor_writes_it(
    runner: CliRunner, demo: Path, reads: list[str], own_parse_cache: Path
) -> None:
    _report(runner, demo, "--no-cache")
    assert _entries(own_parse_cache) == []
    _report(runner, demo)
    reads.clear()
    _report(runner, demo, "--no-cache")
    assert len(reads) == 4
    check = _check(runner, demo, "--no-cache")
    assert "from the cache" not in check


def test_the_environment_turns_it_off(
    runner: CliRunner, demo: Path, own_parse_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROPKIT_NO_CACHE", "1")
    _report(runner, demo)
    assert _entries(own_parse_cache) == []


def test_cache_clear_and_info(runner: CliRunner, demo: Path, own_parse_cache: Path) -> None:
    _report(runner, demo)
    info = run_cli(runner, "cache", "info", "--lang", "en")
    assert info.exit_code == 0, info.output
    assert str(own_parse_cache) in info.stdout
    assert "4 entries" in info.stdout
    cleared = run_cli(runner, "cache", "clear", "--lang", "en")
    assert cleared.exit_code == 0, cleared.output
    assert "4 entries" in cleared.stdout
    assert _entries(own_parse_cache) == []
    info = run_cli(runner, "cache", "info", "--lang", "en")
    assert "0 entries" in info.stdout


def test_the_cache_folder_is_the_users_unless_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ROPKIT_CACHE_DIR")
    folder = cache_module.cache_folder()
    assert folder.name == "parsed" and "ropkit" in folder.parts
    monkeypatch.setenv("ROPKIT_CACHE_DIR", str(tmp_path))
    assert cache_module.cache_folder() == tmp_path


def test_an_unwritable_cache_is_no_error(
    runner: CliRunner, demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("ROPKIT_CACHE_DIR", str(blocked / "cache"))
    cold = _report(runner, demo)
    assert cold == _report(runner, demo, "--no-cache")


@pytest.mark.parametrize("damaged", [False, True])
def test_an_entry_of_many_batches_comes_back_whole_or_not_at_all(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: bool
) -> None:
    """An entry is written and read back a batch of rows at a time (so a 10M-row frame is
    never held twice): 29 000 activities in batches of 1 000 come back as they were read;
    one byte changed in the last batch and the entry is ignored, not half-used."""
    monkeypatch.setattr(cache_module, "_BATCH_ROWS", 1_000)
    config = load_config(demo)
    source = config.sources("activities")[0]
    path = config.base_dir / source.paths[0]
    want = _parse(path, "activities", source)
    store = ParseCache(tmp_path / "cache")
    store.store(store.look_up(path, "activities", source), want)
    (entry,) = _entries(tmp_path / "cache")
    if damaged:
        data = entry.read_bytes()
        entry.write_bytes(data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:])
    again = store.look_up(path, "activities", source)
    if damaged:
        assert (again.state, again.parsed) == ("changed", None)
        return
    assert again.state == "hit" and again.parsed is not None
    assert len(want.frame) > 28 * 1_000
    _same_parsed(again.parsed, want)
