"""The output memo (issue 12): the same report of the same inputs for the same moment is
written again as it was, without reading or computing; anything that could change the
output makes it computed again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import ropkit.memo as memo_module
import ropkit.pipeline as pipeline_module
from ropkit.sources.cache import SUFFIX
from tests.conftest import run_cli

DATE = "2026-11-25T16:00"


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the test has just written count as settled (the real rule: 2 s; tested apart)."""
    monkeypatch.setattr(memo_module, "RACY_NS", -(10**18))


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How many times a report was computed (a spy on pipeline.run)."""
    computed: list[str] = []
    real = pipeline_module.run

    def spy(*args: Any, **kwargs: Any) -> Any:
        computed.append("run")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_module, "run", spy)
    return computed


def _report(runner: CliRunner, config: Path, *more: str, code: int = 0) -> bytes:
    result = run_cli(runner, "report", "-c", str(config), "--date", DATE, "-f", "json", *more)
    assert result.exit_code == code, result.output
    return bytes(result.stdout_bytes)


def test_a_repeat_is_written_again_without_computing(
    runner: CliRunner, demo: Path, runs: list[str], own_parse_cache: Path
) -> None:
    first = _report(runner, demo)
    assert runs == ["run"]
    assert _report(runner, demo) == first
    assert runs == ["run"]  # the second came from the memo
    assert json.loads(first)["managers"]


def test_files_written_by_the_report_are_the_same(
    runner: CliRunner, demo: Path, runs: list[str], tmp_path: Path
) -> None:
    for name in ("a.html", "b.html", "a.xlsx", "b.xlsx"):
        result = run_cli(
            runner, "report", "-c", str(demo), "--date", DATE, "-o", str(tmp_path / name)
        )
        assert result.exit_code == 0, result.output
    assert runs == ["run", "run"]  # one per format
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def _touch_export(config: Path) -> None:
    path = config.parent / "activities.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 1))  # same rows, new bytes


def _edit_config(config: Path) -> None:
    config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def _commitments(config: Path) -> None:
    (config.parent / "commitments.yaml").write_text("[]\n", encoding="utf-8")


CHANGES: dict[str, tuple[Any, dict[str, str | None]]] = {
    "an export's bytes": (_touch_export, {}),
    "a config edit (even a comment)": (_edit_config, {}),
    "a commitments file appearing": (_commitments, {}),
    "another moment": (None, {"--date": "2026-11-25T16:01"}),
    "another period": (None, {"--period": "week"}),
    "another format": (None, {"-f": "html"}),
    "another language": (None, {"--lang": "en"}),
    "no trend": (None, {"--no-trend": None}),
    "a comparison": (None, {"--compare": "prev"}),
    "top": (None, {"--top": "3"}),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_anything_that_shapes_the_output_is_computed_again(
    runner: CliRunner, demo: Path, runs: list[str], change: str
) -> None:
    edit, more = CHANGES[change]
    _report(runner, demo)
    if edit is not None:
        edit(demo)
    options: dict[str, str | None] = {"--date": DATE, "-f": "json", **more}
    args = [part for name, value in options.items() for part in (name, value) if part is not None]
    result = run_cli(runner, "report", "-c", str(demo), *args)
    assert result.exit_code == 0, result.output
    assert runs == ["run", "run"], change


def test_a_new_file_under_a_glob_is_a_new_input(
    runner: CliRunner, demo: Path, runs: list[str]
) -> None:
    text = demo.read_text(encoding="utf-8")
    demo.write_text(text.replace("path: leads.csv", "path: leads*.csv"), encoding="utf-8")
    first = _report(runner, demo)
    shutil.copy(demo.parent / "leads.csv", demo.parent / "leads_2.csv")
    assert _report(runner, demo) != first  # its rows are counted (and rejected as repeats)
    assert runs == ["run", "run"]


def test_code_and_library_versions_are_in_the_key(
    runner: CliRunner, demo: Path, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(runner, demo)
    monkeypatch.setattr(memo_module, "package_digest", lambda: "another build")
    _report(runner, demo)
    versions = memo_module._versions()
    monkeypatch.setattr(memo_module, "_versions", lambda: {**versions, "pandas": "0.0"})
    _report(runner, demo)
    assert runs == ["run", "run", "run"]


def test_the_language_from_the_environment_is_in_the_key(
    runner: CliRunner, demo: Path, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(runner, demo)
    monkeypatch.setenv("ROPKIT_LANG", "ru")  # (messages fall back to it)
    _report(runner, demo)
    assert runs == ["run", "run"]


def test_templates_folder_files_are_inputs(
    runner: CliRunner, demo: Path, runs: list[str], tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "note.txt").write_text("one", encoding="utf-8")
    out = tmp_path / "r.html"
    args = [
        "report",
        "-c",
        str(demo),
        "--date",
        DATE,
        "-o",
        str(out),
        "--templates",
        str(templates),
    ]
    assert run_cli(runner, *args).exit_code == 0
    (templates / "note.txt").write_text("two", encoding="utf-8")
    assert run_cli(runner, *args).exit_code == 0
    assert runs == ["run", "run"]


def test_fail_on_exits_the_same_from_the_memo(
    runner: CliRunner, demo: Path, runs: list[str]
) -> None:
    first = _report(runner, demo, "--fail-on", "red", code=3)
    assert _report(runner, demo, "--fail-on", "red", code=3) == first
    assert _report(runner, demo, code=0) == first  # --fail-on does not change the output
    assert runs == ["run"]


def test_no_cache_neither_reads_nor_keeps(
    runner: CliRunner,
    demo: Path,
    runs: list[str],
    own_parse_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _report(runner, demo, "--no-cache")
    assert not list(own_parse_cache.glob("*" + SUFFIX))
    _report(runner, demo)
    _report(runner, demo, "--no-cache")
    monkeypatch.setenv("ROPKIT_NO_MEMO", "1")
    _report(runner, demo)
    assert runs == ["run", "run", "run", "run"]


def test_the_terminal_and_mail_are_never_remembered(
    runner: CliRunner, demo: Path, runs: list[str]
) -> None:
    for _ in range(2):
        result = run_cli(runner, "report", "-c", str(demo), "--date", DATE)
        assert result.exit_code == 0, result.output
    assert runs == ["run", "run"]


def test_an_input_changed_just_before_is_not_kept(
    runner: CliRunner, demo: Path, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo_module, "RACY_NS", 60 * 10**9)  # a minute's clock tick
    _report(runner, demo)
    _report(runner, demo)
    assert runs == ["run", "run"]


def test_an_input_changed_while_the_report_was_made_is_not_kept(
    runner: CliRunner, demo: Path, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline_module.run

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        done = real(*args, **kwargs)
        _touch_export(demo)
        return done

    monkeypatch.setattr(pipeline_module, "run", meanwhile)
    _report(runner, demo)
    monkeypatch.setattr(pipeline_module, "run", real)  # (the spy: it counts)
    _report(runner, demo)
    assert runs == ["run", "run"]


def test_a_corrupt_entry_is_ignored(
    runner: CliRunner, demo: Path, runs: list[str], own_parse_cache: Path
) -> None:
    first = _report(runner, demo)
    kept = [p for p in own_parse_cache.glob("*" + SUFFIX) if b'"kind": "output"' in p.read_bytes()]
    assert len(kept) == 1
    data = bytearray(kept[0].read_bytes())
    data[-10] ^= 0xFF
    kept[0].write_bytes(bytes(data))
    assert _report(runner, demo) == first
    assert runs == ["run", "run"]


def test_an_output_naming_an_input_is_refused_from_the_memo_too(
    runner: CliRunner, demo: Path
) -> None:
    _report(runner, demo)
    target = demo.parent / "deals.csv"
    before = target.read_bytes()
    result = run_cli(
        runner, "report", "-c", str(demo), "--date", DATE, "-f", "json", "-o", str(target)
    )
    assert result.exit_code == 1
    assert target.read_bytes() == before


def test_a_hit_starts_no_pandas(demo: Path, own_parse_cache: Path) -> None:
    """The point of it: a repeat pays neither pandas' nor Arrow's start-up."""
    # both runs in fresh processes; files made long enough ago for the real 2 s rule
    past = time.time() - 60
    for path in demo.parent.iterdir():
        os.utime(path, (past, past))
    time.sleep(2.1)  # the ctime cannot be set back: it must age
    code = (
        "import sys, ropkit.cli\n"
        "sys.argv = ['ropkit', 'report', '-c', sys.argv[1], '--date', sys.argv[2], '-f', 'json']\n"
        "try:\n    ropkit.cli.main()\n"
        "finally:\n    print('pandas' in sys.modules, 'pyarrow' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "ROPKIT_CACHE_DIR": str(own_parse_cache)}
    outputs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code, str(demo), DATE], capture_output=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
        outputs.append((done.stdout, done.stderr.decode().split()[-2:]))
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][1] == ["True", "True"]  # the first computed
    assert outputs[1][1] == ["False", "False"]  # the repeat: neither imported


def test_the_agenda_is_remembered_too_unless_it_sends_or_writes(
    runner: CliRunner, demo: Path, runs: list[str]
) -> None:
    def agenda(*more: str) -> bytes:
        result = run_cli(runner, "agenda", "-c", str(demo), "--date", DATE, *more)
        assert result.exit_code == 0, result.output
        return bytes(result.stdout_bytes)

    first = agenda()
    assert agenda() == first
    assert runs == ["run"]
    agenda("-f", "json")  # another format: made
    assert runs == ["run", "run"]
    agenda("--write-commitments")  # writes the commitments file: always made
    assert runs == ["run", "run", "run"]
    agenda()  # the commitments file changed: an input, so made again
    assert runs == ["run", "run", "run", "run"]
