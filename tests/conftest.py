"""Shared fixtures: a temporary project folder with a config and exports, and the CLI runner."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ropkit.cli import app

#: the demo's config and exports, as the package ships them
DEMO = Path(__file__).parents[1] / "src" / "ropkit" / "demo"

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Error messages are Russian by default; the tests pin the English ones (ROPKIT_LANG=en).
    Tests of the Russian text set ROPKIT_LANG=ru themselves."""
    monkeypatch.setenv("ROPKIT_LANG", "en")


@pytest.fixture(autouse=True)
def own_parse_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Each test its own empty parse cache, never the user's."""
    folder = tmp_path_factory.mktemp("ropkit-cache")
    monkeypatch.setenv("ROPKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("ROPKIT_NO_CACHE", raising=False)
    monkeypatch.delenv("ROPKIT_CACHE_MAX_MB", raising=False)
    return folder


@pytest.fixture(params=["en", "ru"])
def lang(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once per language of the error messages."""
    monkeypatch.setenv("ROPKIT_LANG", request.param)
    return str(request.param)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo's config and exports copied where a test may change them: its norms.yaml."""
    import shutil

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder / "norms.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Write files into tmp_path: project(**{"norms.yaml": "...", "deals.csv": "..."})."""

    def write(**files: str | bytes) -> Path:
        for name, content in files.items():
            target = tmp_path / name.replace("__", "/")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return tmp_path / "norms.yaml"

    return write


def run_cli(runner: CliRunner, *args: str) -> Any:
    """Invoke ropkit with args; return the click Result."""
    return runner.invoke(app, list(args))


def report_json(runner: CliRunner, config: Path, *args: str) -> dict[str, Any]:
    result = run_cli(runner, "report", "-c", str(config), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/* from the current output (review the diff before committing)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name>; --update-golden rewrites the file instead."""

    def check(name: str, text: str) -> None:
        path = Path(__file__).parent / "golden" / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8")

    return check
