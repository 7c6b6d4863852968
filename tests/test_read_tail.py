"""How a CSV file ends: with no line break after its last row it reads as with one, and a
row cut inside its last quoted cell is told from a whole one even where a quote inside an
unquoted cell (``12" экран``) throws the count of quotes off."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ropkit.sources.read import _quotes, _Source, _tail, read_file

WHOLE = 'ID;Имя;Комментарий\n1;Анна;"Позже; днём"\n2;"Борис";"Дом ""А"""\n3;Вера;"Показ\nёлки"'


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":  # Python writes "utf-16" little-endian here
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16", "utf-16-be-bom", "utf-16-le"]
)
def test_a_file_with_no_line_break_at_the_end_reads_as_with_one(
    tmp_path: Path, encoding: str
) -> None:
    enc = "utf-16" if encoding == "utf-16-be-bom" else encoding
    with_break, without = tmp_path / "with.csv", tmp_path / "without.csv"
    with_break.write_bytes(_encode(WHOLE + "\n", encoding))
    without.write_bytes(_encode(WHOLE, encoding))
    read = [read_file(p, encoding=enc) for p in (with_break, without)]
    for raw in read:
        assert (raw.cut, raw.invalid, raw.rows.to_pylist()) == (False, [], [2, 3, 4])
        assert [raw.column(2)[i].as_py() for i in range(3)] == [
            "Позже; днём",
            'Дом "А"',
            "Показ\nёлки",
        ]
    assert read[0].data.equals(read[1].data)


STRAY = 'ID;Размер;Комментарий\n1;12" экран;Да\n2;15;"Позже'


@pytest.mark.parametrize("stray", [True, False])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_a_row_cut_in_its_last_quoted_cell_is_cut_whatever_quotes_come_before(
    tmp_path: Path, stray: bool, encoding: str
) -> None:
    """The quote of «12" экран» is text: the file holds an even number of quotes, and yet
    it ends inside «"Позже»."""
    path = tmp_path / "cut.csv"
    path.write_bytes((STRAY if stray else STRAY.replace('"', "", 1)).encode(encoding))
    raw = read_file(path, encoding=encoding)
    assert (raw.cut, raw.invalid, raw.rows.to_pylist()) == (True, [(3, "truncated")], [2])
    path.write_bytes((STRAY + '"').encode(encoding))  # the same row whole
    raw = read_file(path, encoding=encoding)
    assert (raw.cut, raw.invalid, raw.rows.to_pylist()) == (False, [], [2, 3])


TAIL = "ID;Имя\r\n1;Анна 😀\n2;Ёжик\r"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-16-le", "utf-16-be"]
)
def test_the_whole_characters_and_the_line_break_of_every_prefix(
    tmp_path: Path, encoding: str
) -> None:
    """What :func:`_tail` tells of each prefix of a file: the longest part that decodes,
    and whether it ends with a line break."""
    enc = "utf-16" if encoding == "utf-16-be-bom" else encoding
    data = _encode(TAIL, encoding)
    path = tmp_path / "prefix.csv"
    for size in range(len(data) + 1):
        path.write_bytes(data[:size])
        for end in range(size, -1, -1):
            try:
                text = data[:end].decode(enc)
            except UnicodeDecodeError:
                continue
            break
        want = (end, end == 0 or text.endswith(("\n", "\r")))
        assert _tail(_Source(path), size, enc, data[:size]) == want, size


@pytest.mark.parametrize(
    ("text", "encoding", "sep", "want"),
    [
        ('a;b\n"x";"y"', "utf-8", ";", (False, True)),
        ('a;b\n"x ""1""";""\n"open', "utf-8", ";", (True, True)),
        ('a;b\n1;12" экран\n"x";"y"', "cp1251", ";", (True, False)),  # a quote that is text
        ('a;b\n1;"x"y', "utf-8", ";", (False, False)),  # text after a closing quote
        ('a,b\n"x";"y"', "utf-8", ",", (False, False)),  # ";" is not the delimiter
        ('a;b\n"x";"y"', "utf-8", None, (False, False)),  # not asked
        ('"a";b\n"x";"y"', "utf-8-sig", ";", (False, True)),  # the first cell after the BOM
        ('\ufeff"a";b\n"x";"y"', "utf-8", ";", (False, False)),  # the BOM is a letter
        ('a;b\n"x";"y"', "utf-16", ";", (False, False)),  # UTF-16: counted only
    ],
)
def test_whether_the_quotes_tell_exactly_where_the_file_ends(
    tmp_path: Path, text: str, encoding: str, sep: str | None, want: tuple[bool, bool]
) -> None:
    path = tmp_path / "quotes.csv"
    data = text.encode(encoding)
    path.write_bytes(data)
    assert _quotes(_Source(path), len(data), encoding, sep, data) == want
