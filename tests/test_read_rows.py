"""Every row of a file, read or rejected: what a repeat is when only some columns are read,
rows padded with empty cells, long cells, ids that repeat with other content, bytes of
another encoding (issue 6). Answers worked out by hand from the rows written in each test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from ropkit.config import SourceConfig
from ropkit.schema import TABLES
from ropkit.sources import read
from ropkit.sources.load import header_score_for
from ropkit.sources.normalize import Normalized, normalize
from ropkit.sources.read import RawTable, Selection, read_file
from tests.conftest import report_json, run_cli

ACTS = TABLES["activities"]
SOURCE = SourceConfig(path="calls.csv", columns={"manager": "Агент", "at": "Время"})


def _read(
    path: Path, columns: set[int] | None = None, key: int | None = None
) -> tuple[RawTable, Normalized]:
    select = (lambda headers: Selection(columns, key)) if columns is not None else None
    raw = read_file(path, score=header_score_for("activities", SOURCE), select=select)
    source = SOURCE.model_copy(update={"set": {"kind": "call_out"}})
    return raw, normalize(raw, ACTS, source, {}, "s")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_rows_equal_in_the_columns_read_are_compared_in_the_others(
    tmp_path: Path, encoding: str
) -> None:
    # rows 2 and 3 differ only in Телефон (not read): two calls; row 4 repeats row 2 in every
    # cell: a repeat; row 5 is empty in the columns read but has a comment: a row, rejected as
    # empty, not a blank line; row 6 is blank in every cell: a blank line, not a row
    text = (
        "Агент;Время;Телефон;Комментарий\n"
        "Анна;02.11.2026 10:00;+79001112233;перезвонить\n"
        "Анна;02.11.2026 10:00;+79004445566;перезвонить\n"
        "Анна;02.11.2026 10:00;+79001112233;перезвонить\n"
        ";;;комментарий без звонка\n"
        ";;;\n"
        "Борис;02.11.2026 11:00;+79007778899;\n"
    )
    path = tmp_path / "calls.csv"
    path.write_bytes(text.encode(encoding))
    raw, done = _read(path, {0, 1})
    count = done.count
    assert (count.read, count.used, count.rejected) == (5, 3, 2)
    assert dict(count.reasons) == {"duplicate": 1, "empty": 1}
    assert [(r.row, r.reason) for r in count.examples] == [(4, "duplicate"), (5, "empty")]
    assert raw.skipped == 1


def test_a_row_with_empty_cells_past_the_header_is_read_even_when_columns_are_pruned(
    tmp_path: Path,
) -> None:
    # row 3 ends with two extra empty cells: read; it equals row 2 in the columns read but
    # not in Телефон: not a repeat. Row 4 has a value past the header: does not split.
    text = (
        "Агент;Время;Телефон\n"
        "Анна;02.11.2026 10:00;+79001112233\n"
        "Анна;02.11.2026 10:00;+79004445566;;\n"
        "Анна;02.11.2026 10:00;+79004445566;x\n"
        "Борис;03.11.2026 10:00;+79007778899\n"
    )
    path = tmp_path / "calls.csv"
    path.write_bytes(text.encode("cp1251"))
    raw, done = _read(path, {0, 1})
    count = done.count
    assert (count.read, count.used, count.rejected) == (4, 3, 1)
    assert [(r.row, r.reason) for r in count.examples] == [(4, "unsplittable:4:3")]
    assert raw.rows.to_pylist() == [2, 3, 5]
    assert done.frame["manager"].tolist() == ["Анна", "Анна", "Борис"]


def test_an_id_decides_which_rows_are_compared_whole(tmp_path: Path) -> None:
    # ids 1 and 1 with the same cells read but another phone: not a repeat; id 2 twice,
    # every cell equal: a repeat
    text = (
        "ID;Агент;Время;Телефон\n"
        "1;Анна;02.11.2026 10:00;+79001112233\n"
        "1;Анна;02.11.2026 10:00;+79004445566\n"
        "2;Анна;02.11.2026 11:00;+79001112233\n"
        "2;Анна;02.11.2026 11:00;+79001112233\n"
    )
    path = tmp_path / "calls.csv"
    path.write_text(text, encoding="utf-8")
    _, done = _read(path, {0, 1, 2}, key=0)
    count = done.count
    assert (count.read, count.used, dict(count.reasons)) == (4, 3, {"duplicate": 1})


def test_cells_over_two_gigabytes_in_a_column_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Arrow's plain text arrays stop at 2 GiB (a 1 MB comment in every 11th of 20k rows, in
    # windows-1251, decodes to more): such columns switch to 64-bit offsets. The limit is
    # lowered here so a small file takes that path.
    monkeypatch.setattr(read, "_ARRAY_LIMIT", 1000)
    long = "Ж" * 5000
    rows = [
        f"{i};Анна;02.11.2026 10:{i:02d};{long if i % 11 == 0 else 'коротко'}" for i in range(40)
    ]
    path = tmp_path / "calls.csv"
    path.write_bytes(("ID;Агент;Время;Результат\n" + "\n".join(rows) + "\n").encode("cp1251"))
    source = SourceConfig(
        path="calls.csv",
        columns={"id": "ID", "manager": "Агент", "at": "Время", "result": "Результат"},
        set={"kind": "call_out"},
    )
    raw = read_file(path, score=header_score_for("activities", source))
    done = normalize(raw, ACTS, source, {}, "s")
    assert (done.count.read, done.count.used, done.count.rejected) == (40, 40, 0)
    assert done.frame["result"].tolist()[:2] == [long, "коротко"]


def test_check_lists_ids_repeated_with_other_content(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    config = project(
        **{
            "norms.yaml": """
            team: T
            language: en
            sources:
              activities:
                path: calls.csv
                columns: {id: ID, manager: Агент, at: Время}
                set: {kind: call_out}
            managers: [{name: Анна}]
            """,
            # id 7 three times (rows 2, 4, 5) with other times: 3 rows, all counted
            "calls.csv": "ID,Агент,Время\n"
            "7,Анна,2026-11-02 10:00\n"
            "8,Анна,2026-11-02 10:05\n"
            "7,Анна,2026-11-02 10:10\n"
            "7,Анна,2026-11-02 10:20\n",
        }
    )
    result = run_cli(runner, "check", "-c", str(config))
    assert result.exit_code == 0, result.output
    assert (
        "activities: 3 rows share an id with a row of other content (not repeats: all are "
        "counted); first: calls.csv, rows 2, 4, 5"
    ) in result.stdout
    assert "read 4, used 4, rejected 0" in result.stdout


def test_salesforce_product_lines_count_their_own_totals(
    runner: CliRunner, project: Callable[..., Path]
) -> None:
    # "Opportunities with Products" repeat Amount (the whole deal, 3 000) on each line; the
    # lines' Total Price is 1 000 + 1 000 + 1 000 (two lines identical): the deal is 3 000
    header = (
        "Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,"
        "Created Date,Opportunity ID,Product Name,Quantity,Total Price\n"
    )
    line = "Ann Lee,Acme,Big deal,Closed Won,3000,11/05/2026,11/02/2026,0061,{p},1,1000\n"
    config = project(
        **{
            "norms.yaml": """
            team: T
            language: en
            sources:
              deals: {path: opps.csv}
            plan: {revenue: 10000, deals_won: 2}
            managers: [{name: Ann Lee}]
            """,
            "opps.csv": header + line.format(p="Licence") * 2 + line.format(p="Support"),
        }
    )
    data = report_json(runner, config, "--period", "month", "--date", "2026-11-30")
    revenue = data["managers"][0]["metrics"]["revenue"]["fact"]
    assert (revenue, data["managers"][0]["metrics"]["deals_won"]["fact"]) == (3000, 1)
    assert data["rows"]["deals"]["rejected"] == 0


def test_a_byte_that_is_not_utf8_far_into_a_broken_row_is_no_python_noise(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # the encoding is guessed from the first 64 KB (UTF-8); a windows-1251 row after that,
    # which also does not split: Arrow cannot hand its text over as UTF-8. The row is
    # reported (as the header's 3 cells vs its 4), the next one is read, nothing is printed.
    rows = [f"Анна;02.11.2026 10:{i % 60:02d};+79001{i:06d}" for i in range(5000)]
    data = ("Агент;Время;Телефон\n" + "\n".join(rows) + "\n").encode()
    data += "Анна;02.11.2026 11:00;x;y\nАнна;02.11.2026 11:05;+7\n".encode("cp1251")
    path = tmp_path / "calls.csv"
    path.write_bytes(data)
    raw, done = _read(path)
    assert (done.count.read, done.count.rejected) == (5002, 1)
    assert raw.invalid == [(5002, "unsplittable:4:3")]
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    ("ids", "want"),
    [
        (["3", "2", "1"], [False, False, False]),  # in order (down): no table needed
        (["1", "2", "4", "9"], [False] * 4),
        (["1", "2", "2"], [False, True, True]),  # in order but for one
        (["1", "3", "2", "1"], [True, False, False, True]),
        (["a", "b", "a"], [True, False, True]),  # not numbers: compared as text
        ([], []),
    ],
)
def test_repeated_ids_whether_in_order_or_not(ids: list[str], want: list[bool]) -> None:
    from ropkit.sources.values import repeated

    assert repeated(pa.array(ids, pa.string())).tolist() == want
    halves = pa.chunked_array([pa.array(ids[:2], pa.binary()), pa.array(ids[2:], pa.binary())])
    assert repeated(halves).tolist() == want
