"""Every CRM export format in tests/data read to the canonical rows worked out by hand.

tests/data/expected.py holds the answers (written from the files, not from the reader).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ropkit.config import SourceConfig
from ropkit.schema import TABLES
from ropkit.sources.load import header_score_for
from ropkit.sources.normalize import normalize
from ropkit.sources.read import read_file
from tests.data.expected import FIXTURES

DATA = Path(__file__).parent / "data"


def _read(name: str) -> Any:
    spec = FIXTURES[name]
    table = str(spec["table"])
    source = SourceConfig(path=name)
    raw = read_file(DATA / name, score=header_score_for(table, source))
    return raw, normalize(raw, TABLES[table], source, {}, f"sources.{table}")


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, float) and isinstance(got, float):
        return math.isclose(got, want, abs_tol=0.005)
    if want is None:
        return got is None or bool(pd.isna(got))
    return bool(got == want)


def assert_canonical(done: Any, spec: dict[str, object]) -> None:
    """The preset's CRM, the row count and every canonical row are as ``spec`` says
    (the shape of tests/data/expected.py)."""
    preset = done.mapping.preset
    assert (preset.id.split(".")[0] if preset else "generic") == spec["crm"]
    count = done.count
    assert (count.read, count.used, count.rejected, count.folded) == (
        spec["read"],
        spec["used"],
        spec["rejected"],
        spec.get("folded", 0),
    )
    assert dict(count.reasons) == spec["rejected_reasons"]
    frame = done.frame
    rows = spec["rows"]
    assert isinstance(rows, list)
    assert len(frame) == len(rows)
    for i, want in enumerate(rows):
        got = frame.iloc[i]
        for col, value in want.items():
            cell = got[col] if col in frame.columns else None
            if hasattr(cell, "to_pydatetime"):
                cell = cell.to_pydatetime()
            assert _same(cell, value), f"row {i} ({want.get('id')}), {col}: {cell!r} != {value!r}"


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_is_read_to_the_canonical_rows(name: str) -> None:
    _, done = _read(name)
    assert_canonical(done, FIXTURES[name])


@pytest.mark.parametrize("name", sorted(n for n, s in FIXTURES.items() if "header_checks" in s))
def test_headers_are_cleaned(name: str) -> None:
    raw, _ = _read(name)
    checks = FIXTURES[name]["header_checks"]
    assert isinstance(checks, list)
    for header in checks:
        assert header in raw.headers


@pytest.mark.parametrize(
    "name", [n for n in FIXTURES if n.endswith(".csv") and FIXTURES[n]["table"] != "users"]
)
def test_the_way_a_run_reads_gives_the_same_rows(name: str) -> None:
    """A run reads only the mapped columns, names and types dictionary-encoded (issue 12);
    the rows, their numbers and the rejections are those of reading every cell as text."""
    from ropkit.sources import load

    spec = FIXTURES[name]
    table = str(spec["table"])
    _, whole = _read(name)
    source = SourceConfig(path=name)
    file = load._File(DATA / name, table, source, {}, f"sources.{table}")
    parsed, _ = load._read_one(file, None, None)
    assert parsed.count == whole.count
    got, want = parsed.frame, whole.frame
    assert list(got.columns) == list(want.columns)

    def cells(frame: pd.DataFrame, column: str) -> list[object]:
        return [None if pd.isna(v) else v for v in frame[column].astype(object)]

    for column in want.columns:
        assert cells(got, column) == cells(want, column), column
