"""The shape of the code, enforced: compute is pure, the CLI is thin, every command documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "ropkit"
PURE = [
    "calendar.py",
    "periods.py",
    "metrics.py",
    "scorecard.py",
    "schema.py",
    "managers.py",
    "quality.py",
    "metric_catalog.py",
    "agenda.py",
    "commitments.py",
    "regulations.py",
    "training.py",
    "funnel.py",
    "early.py",
    "status.py",
    "sources/values.py",
    "sources/normalize.py",
    "sources/presets.py",
]
UI = {"rich", "typer", "click", "openpyxl", "jinja2", "babel", "ropkit.render", "ropkit.cli"}
FILE_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "print"}


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("module", PURE)
def test_compute_modules_do_no_io_and_no_ui(module: str) -> None:
    tree = ast.parse((SRC / module).read_text("utf-8"))
    bad = {m for m in _imports(tree) if any(m == u or m.startswith(u + ".") for u in UI)}
    assert not bad, f"{module} imports {bad}"
    calls = {
        n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
    }
    assert not calls & FILE_CALLS, f"{module} calls {calls & FILE_CALLS}"


def test_cli_does_not_import_pandas_at_module_level() -> None:
    tree = ast.parse((SRC / "cli.py").read_text("utf-8"))
    top = {
        m
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for m in _imports(node)
    }
    assert not any(m.split(".")[0] in {"pandas", "pyarrow", "numpy"} for m in top)


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    commands = re.findall(r"@app\.command\(\)\ndef (\w+)", (SRC / "cli.py").read_text("utf-8"))
    assert set(commands) == {
        "report",
        "agenda",
        "daily",
        "training",
        "plan",
        "check",
        "demo",
        "init",
    }
    for command in commands:
        assert f"ropkit {command}" in readme, command


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    block = readme.split("```")[1].strip().splitlines()
    assert block == ["sh", "pip install . && ropkit demo", "pip install -e '.[test]' && pytest"]
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text("utf-8")
    assert "pip install --quiet --disable-pip-version-check -e '.[test]'" in ci
    assert "python -m pytest" in ci


def _model_keys(model: type) -> set[str]:
    """Every key a config model accepts (field aliases), nested models included."""
    import typing

    from pydantic import BaseModel

    assert issubclass(model, BaseModel)
    keys: set[str] = set()
    for name, f in model.model_fields.items():
        keys.add(f.alias or name)
        stack = [f.annotation]
        while stack:
            t = stack.pop()
            stack.extend(typing.get_args(t))
            if isinstance(t, type) and issubclass(t, BaseModel):
                keys |= _model_keys(t)
    return keys


def test_every_key_the_config_accepts_is_documented() -> None:
    from ropkit.config import NormsFile
    from ropkit.schema import TABLES

    example = (SRC / "data" / "norms.example.yaml").read_text("utf-8")
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    prose = re.sub(r"```.*?```", "", readme, flags=re.S)
    spans = " ".join(re.findall(r"`([^`]+)`", prose))  # the README's code spans
    for key in _model_keys(NormsFile):
        # a key of the example (set or commented out), and in a code span of the README
        assert re.search(rf"(^|[\s{{,#]){key}:", example, re.M), f"{key} not in the example"
        assert re.search(rf"\b{key}\b", spans), f"{key} not in the README"
    for table in TABLES.values():
        listed = re.search(rf"#\s+{table.name}:\s+(.*?)(?=\n#\s+\w+:\s|\n# A file)", example, re.S)
        assert listed, f"{table.name}'s columns are not listed in the example"
        in_readme = re.search(rf"`{table.name}` \((.*?)\)", readme, re.S)
        assert in_readme, f"{table.name}'s columns are not listed in the README"
        for column in table.columns:
            assert re.search(rf"\b{column.name}\b", listed.group(1)), (table.name, column.name)
            assert re.search(rf"\b{column.name}\b", in_readme.group(1)), (table.name, column.name)


RENDERERS = sorted(p.name for p in (SRC / "render").glob("*.py") if p.name != "__init__.py")
#: compute modules a renderer must not call into (it formats the Report, it does not count)
COMPUTE = {"ropkit.metrics", "ropkit.calendar", "ropkit.periods", "ropkit.sources.values"}
#: pandas-style aggregation: a renderer that sums or groups is computing figures of its own
AGGREGATES = {"groupby", "agg", "aggregate", "sum", "mean", "cumsum", "value_counts", "pivot"}


@pytest.mark.parametrize("module", RENDERERS)
def test_renderers_only_format(module: str) -> None:
    tree = ast.parse((SRC / "render" / module).read_text("utf-8"))
    bad = {m for m in _imports(tree) if m in COMPUTE}
    assert not bad, f"render/{module} imports {bad}"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "ropkit.scorecard":
            # types only (Report, Scorecard, Status…), never the functions that compute
            names = [a.name for a in node.names]
            assert all(n[0].isupper() for n in names), f"render/{module} imports {names}"
    calls = {
        n.func.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    }
    assert not calls & AGGREGATES, f"render/{module} aggregates: {calls & AGGREGATES}"


def test_both_catalogs_have_every_key_with_the_same_placeholders() -> None:
    import string

    from ropkit.i18n import CATALOGS

    ru, en = CATALOGS["ru"], CATALOGS["en"]
    assert set(ru) == set(en), set(ru) ^ set(en)

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    differ = {k: (fields(ru[k]), fields(en[k])) for k in ru if fields(ru[k]) != fields(en[k])}
    assert not differ, differ
