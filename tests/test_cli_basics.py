"""The command line: --help, --version, demo, init."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ropkit import __version__
from tests.conftest import run_cli


def test_version(runner: CliRunner) -> None:
    result = run_cli(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"ropkit {__version__}\n"


def test_help_does_not_import_pandas() -> None:
    code = (
        "import sys\n"
        "from ropkit.cli import main\n"
        "sys.argv = ['ropkit', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'pyarrow', 'numpy', 'openpyxl') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    assert "report" in out.stdout and "demo" in out.stdout and "init" in out.stdout


def test_python_dash_m_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ropkit", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"ropkit {__version__}"


def test_every_command_has_an_example_in_its_help(runner: CliRunner) -> None:
    for command in ("report", "check", "demo", "init"):
        result = run_cli(runner, command, "--help")
        assert result.exit_code == 0
        assert "Example: ropkit" in result.stdout, command


def test_demo_json_has_six_managers_both_modes_and_mixed_statuses(runner: CliRunner) -> None:
    result = run_cli(runner, "demo", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["managers"]) >= 6
    assert {m["mode"] for m in doc["managers"]} >= {"passive", "active"}
    statuses = {r["status"] for m in doc["managers"] for r in m["metrics"].values()}
    assert {"green", "yellow", "red"} <= statuses
    for table, rows in doc["rows"].items():
        assert rows["read"] == rows["used"] + rows["rejected"], table


def test_init_writes_a_config_that_loads(runner: CliRunner, tmp_path: Path) -> None:
    result = run_cli(runner, "init", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    from ropkit.config import load_config

    cfg = load_config(tmp_path / "norms.yaml")
    assert cfg.data.managers[0].name == "Иванов Иван"
    again = run_cli(runner, "init", str(tmp_path))
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: {tmp_path / 'norms.yaml'}: already exists; pass --force to overwrite it\n"
    )


def test_example_config_at_the_root_is_the_shipped_one() -> None:
    root = Path(__file__).parents[1] / "norms.example.yaml"
    from importlib import resources

    shipped = (resources.files("ropkit") / "data" / "norms.example.yaml").read_text("utf-8")
    assert root.read_text("utf-8") == shipped
