"""Rendered outputs pinned by golden files, and the JSON document's shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import run_cli


@pytest.mark.parametrize("period", ["month", "week", "halfday"])
def test_demo_terminal_table_plain(
    runner: CliRunner,
    golden: Callable[[str, str], None],
    period: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    result = run_cli(runner, "demo", "--period", period)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal
    golden(f"demo_{period}.txt", result.stdout)


def test_demo_in_english(
    runner: CliRunner,
    golden: Callable[[str, str], None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import resources

    demo = resources.files("ropkit") / "demo"
    for name in ("deals.csv", "activities.csv", "leads.csv", "tasks.csv"):
        (tmp_path / name).write_bytes((demo / name).read_bytes())
    text = (demo / "norms.yaml").read_text("utf-8").replace("language: ru", "language: en")
    (tmp_path / "norms.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "160")
    result = run_cli(
        runner, "report", "-c", str(tmp_path / "norms.yaml"), "--date", "2026-11-25T16:00"
    )
    assert result.exit_code == 0, result.stderr
    golden("demo_month_en.txt", result.stdout)


def test_json_document_shape(runner: CliRunner) -> None:
    result = run_cli(runner, "demo", "--format", "json", "--period", "week")
    doc = json.loads(result.stdout)
    assert doc["period"] == {
        "kind": "week",
        "start": "2026-11-23",
        "end": "2026-11-29",
        "as_of": "2026-11-25T16:00:00",
        "workdays": 5,
        "workdays_elapsed": 2.7778,  # Mon, Tue and 7 of the 9 hours of Wed
    }
    keys = {"fact", "plan", "plan_to_date", "attainment", "forecast", "status"}
    for card in [*doc["managers"], doc["team"]]:
        for mid, r in card["metrics"].items():
            assert keys <= set(r), mid
    # a metric with no plan or norm: plan and plan_to_date are null
    long_calls = doc["managers"][0]["metrics"]["long_calls"]
    assert long_calls["plan"] is None and long_calls["plan_to_date"] is None
    assert long_calls["status"] is None
    # team totals are the sums of the managers
    for mid in ("revenue", "deals_won", "calls_out", "cold_calls"):
        total = sum(m["metrics"][mid]["fact"] for m in doc["managers"])
        assert doc["team"]["metrics"][mid]["fact"] == pytest.approx(total)


def test_output_file_is_written_and_inputs_are_protected(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.json"
    result = run_cli(runner, "demo", "-f", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text("utf-8"))["period"]["kind"] == "month"
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]  # no temp file left


def test_check_output_on_the_demo(
    runner: CliRunner, golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import resources

    monkeypatch.chdir(Path(str(resources.files("ropkit") / "demo")))
    result = run_cli(runner, "check", "-c", "norms.yaml")
    assert result.exit_code == 0, result.stderr
    golden("check_demo.txt", result.stdout)
    # the accounting per table: read = used + rejected
    assert "deals: прочитано 590, учтено 588, отклонено 2" in result.stdout


def test_check_strict_fails_on_rejected_rows(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import resources

    monkeypatch.chdir(Path(str(resources.files("ropkit") / "demo")))
    result = run_cli(runner, "check", "-c", "norms.yaml", "--strict")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: deals: 2 of 590 rows rejected; first: deals.csv, row 582"
    )


def test_output_to_a_device_is_written_in_place_and_bad_paths_are_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # a FIFO stands in for /dev/stdout: it must stay a FIFO, not be renamed over
    import threading

    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text("utf-8")))
    reader.start()
    result = run_cli(runner, "demo", "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(got[0])["period"]["kind"] == "month"
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli(runner, "demo", "-f", "json", "-o", str(blocker / "report.json"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {blocker / 'report.json'}: cannot write (")


def test_an_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    import os

    from ropkit.output import write_output

    mask = os.umask(0o022)
    try:
        target = tmp_path / "report.json"
        write_output("{}", target)
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
