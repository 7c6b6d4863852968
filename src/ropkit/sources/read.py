"""Reading export files into raw tables of text cells. The only module here that opens files.

The format is decided by content, not by the extension: a ZIP is .xlsx, an OLE file is a
legacy .xls, text that starts with ``<`` is an HTML table (Bitrix24's "Excel" export is
HTML saved as .xls), anything else is CSV/TSV text. The header row is found below any
preamble (PBX reports), and footers (Salesforce "Grand Totals…") are set aside.

A :class:`RawTable` keeps every cell as text exactly as the file has it (cleaned later),
with the header names as written (duplicates kept apart by position) and the spreadsheet
row number of each data row, so a rejected row can be named the way the user sees it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ropkit.errors import DataError
from ropkit.sources.values import clean_text, repeated, repeated_rows

_SNIFF_BYTES = 64 * 1024
_BLOCK = 1 << 20  # bytes of CSV parsed at a time (16 MiB blocks: 40% more held at once)
_HEADER_SEARCH_ROWS = 30
_FOOTER_RE = re.compile(
    r"^\W*(grand totals?|totals?|итого|всего|confidential information|copyright|©)", re.IGNORECASE
)
_CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)

#: scores a row as a header (how many of its cells are known column names)
HeaderScore = Callable[[list[str]], int]


#: one-byte encodings read as raw bytes and decoded per column (see RawTable.column)
_ONE_BYTE = ("cp1251", "windows-1251", "koi8-r", "koi8_r", "cp1252", "latin-1", "iso-8859-1")


@dataclass(frozen=True)
class Selection:
    """The columns to read from a big export, and the one whose repeats are worth a look."""

    columns: set[int]
    key: int | None = None  # the id column: only rows whose id repeats can repeat whole
    # columns of few distinct values (names, types, statuses): read dictionary-encoded, so
    # each distinct value is decoded and cleaned once and a 1.25M-row column costs its codes
    coded: frozenset[int] = frozenset()


#: which columns to read, given the header names (None: all); a huge export needs only a few
Select = Callable[[list[str]], Selection | None]
#: the column that holds, for rows that may repeat another, a key of the cells not read
REST = "_rest"
#: Arrow's string and binary arrays address at most 2 GiB; bigger columns use 64-bit offsets
_ARRAY_LIMIT = (1 << 31) - 1
#: told (bytes read, file size) as a big CSV is read
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Resume:
    """Where a CSV read whole and clean ended (every row split into the header's columns,
    no footer, no blank line, a line break at the end), so that rows appended to the file
    later can be read alone: its encoding and delimiter, the header's row (0-based), the
    bytes before the first data row, and the spreadsheet row number of the last row."""

    encoding: str
    delimiter: str
    top: int
    head: int
    last_row: int


@dataclass(frozen=True)
class RawTable:
    """One export file as text cells."""

    path: Path
    headers: list[str]
    # columns c<i> (i = header position) that were read: string, or bytes; and, when only
    # some were read, REST: the other cells of each row that may repeat another (else null)
    data: pa.Table
    rows: pa.Array  # int64: spreadsheet row number of each data row (header row is 1 or more)
    note: str  # how it was read, e.g. "CSV, windows-1251, ';'"
    # (row, reason) rows not read: "unsplittable:<cells>:<cells in the header>" for a row
    # that does not split into the header's columns, "truncated" for a row the file ends in
    invalid: list[tuple[int, str]] = field(default_factory=list)
    skipped: int = 0  # preamble rows above the header, footer rows and blank rows
    encoding: str | None = None  # set when columns hold undecoded bytes of this encoding
    cut: bool = False  # the file ends inside a row: downloaded only in part
    top: int = 0  # the header's row (0-based: the preamble rows above it)
    resume: Resume | None = None  # a CSV read clean: where rows appended later begin
    # (the id column's position, a numpy mask of the rows whose id repeats), when known
    repeats: tuple[int | None, Any] | None = None

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def num_rows(self) -> int:
        return int(self.data.num_rows)

    def column(self, i: int) -> pa.Array:
        """The text of column ``i`` (a header position); a dictionary array for a column
        read coded (see :class:`Selection`).

        A windows-1251 file is read as bytes: decoding 230 MB costs more than the rest of
        the read. ASCII columns (dates, amounts, ids) are then used as they are; a coded
        column's distinct values are decoded (50 names in 1.25M rows: 50 decodes), any
        other column all at once (see :func:`decode_column`).
        """
        arr = combine(self.data.column(f"c{i}"))
        if pa.types.is_dictionary(arr.type):
            words = decode_column(arr.dictionary, self.encoding)
            return pa.DictionaryArray.from_arrays(arr.indices, words)
        return decode_column(arr, self.encoding)


def combine(chunked: pa.ChunkedArray) -> pa.Array:
    """One array of a column's chunks (a coded column's dictionaries made one); text over
    2 GiB (long comments) gets 64-bit offsets."""
    if chunked.nbytes >= _ARRAY_LIMIT and not pa.types.is_dictionary(chunked.type):
        if pa.types.is_string(chunked.type):
            chunked = chunked.cast(pa.large_string())
        elif pa.types.is_binary(chunked.type):
            chunked = chunked.cast(pa.large_binary())
    return chunked.combine_chunks()


def per_value(arr: pa.Array, fn: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """``fn`` of each cell; of a dictionary array's values only, then spread to its cells."""
    if pa.types.is_dictionary(arr.type):
        return pc.take(fn(arr.dictionary), arr.indices)
    return fn(arr)


def as_text(arr: pa.Array) -> pa.Array:
    """Bytes seen as text (no copy), for kernels that work on text."""
    if pa.types.is_binary(arr.type):
        return arr.view(pa.string())
    if pa.types.is_large_binary(arr.type):
        return arr.view(pa.large_string())
    return arr


def decode_column(arr: pa.Array, encoding: str | None) -> pa.Array:
    """Cells of a one-byte encoding (held as bytes, or as latin-1 text) to text."""
    if encoding is None:
        return arr
    text = as_text(arr)
    if pc.all(pc.string_is_ascii(text)).as_py() is not False:
        return text  # ASCII reads the same in every one-byte encoding
    if pa.types.is_binary(arr.type) and not arr.null_count:
        return _decode_bytes(arr, encoding)
    codes = arr.dictionary_encode()
    words = [_decode_cell(v, encoding) for v in codes.dictionary.to_pylist()]
    # decoded Cyrillic takes twice the bytes (some signs three): 64-bit offsets if needed
    wide = arr.nbytes * 3 >= _ARRAY_LIMIT
    return pc.take(pa.array(words, pa.large_string() if wide else pa.string()), codes.indices)


def _decode_bytes(arr: pa.Array, encoding: str) -> pa.Array:
    """Cells of a one-byte encoding decoded all at once: the bytes in one piece, their UTF-8
    back in one piece, and the cell boundaries moved by each byte's UTF-8 width."""
    offsets = np.frombuffer(arr.buffers()[1], np.int32)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    text = data.tobytes().decode(encoding, "replace").encode("utf-8")
    ends = np.zeros(len(data) + 1, np.int64)
    np.cumsum(_utf8_widths(encoding)[data], out=ends[1:])
    moved = ends[offsets - offsets[0]]
    kind, index = (
        (pa.large_string(), np.int64) if len(text) >= _ARRAY_LIMIT else (pa.string(), np.int32)
    )
    return pa.Array.from_buffers(
        kind, len(arr), [None, pa.py_buffer(moved.astype(index)), pa.py_buffer(text)]
    )


@functools.cache
def _utf8_widths(encoding: str) -> Any:
    """How many UTF-8 bytes each byte of a one-byte encoding decodes to (with replacements)."""
    return np.array([len(bytes([b]).decode(encoding, "replace").encode()) for b in range(256)])


def _decode_cell(value: object, encoding: str | None) -> str:
    if value is None:
        return ""
    if encoding is None:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    raw = value if isinstance(value, bytes) else str(value).encode("latin-1", "replace")
    return raw.decode(encoding, "replace")


def sniff(head: bytes) -> str:
    """``xlsx`` | ``xls`` | ``html`` | ``text``, from the first bytes of a file."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore").lstrip("\ufeff").lstrip().encode()
    if text[:1] == b"<" and re.search(rb"<(table|meta|html|!doctype)", text[:4096], re.IGNORECASE):
        return "html"
    return "text"


@dataclass(frozen=True)
class _Source:
    """The bytes of a CSV: a file on disk, or a part of one held in memory (a slice of a
    big export, or the rows appended to one, under its header: see :func:`read_file`)."""

    path: Path
    data: pa.Buffer | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size

    def read(self, start: int, size: int) -> bytes | memoryview:
        """``size`` bytes from ``start`` (fewer at the end); of a part in memory, no copy."""
        if self.data is not None:
            return memoryview(self.data)[start : start + size]
        with self.path.open("rb") as fh:
            fh.seek(start)
            return fh.read(size)

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(memoryview(self.data))
        return self.path.open("rb")


def read_file(
    path: Path,
    encoding: str | None = None,
    delimiter: str | None = None,
    score: HeaderScore | None = None,
    select: Select | None = None,
    progress: Progress | None = None,
    spans: list[tuple[int, int | None]] | None = None,
) -> RawTable:
    """Read a CSV/TSV, .xlsx, legacy .xls or HTML-table export into a :class:`RawTable`.

    ``score`` tells how much a row looks like the header; without it the header is row 1.
    ``select`` picks the columns to read from a CSV (spreadsheets are small: read whole).
    ``spans``: only these bytes of a CSV (start, end or None for the file's end), read as
    a file of their own: the first part of a big one (see :func:`slice_points`), or a
    later one below the file's header (see :func:`read_appended`).
    """
    if spans is not None:
        data = _read_bytes(path, spans)
        head = data.slice(0, min(_SNIFF_BYTES, data.size)).to_pybytes()
        return _read_csv(_Source(path, data), head, encoding, delimiter, score, select, progress)
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise DataError("error.cannot_read", path=path, reason=exc.strerror) from None
    kind = sniff(head)
    if kind == "text" and path.suffix.lower() in (".xlsx", ".xlsm"):
        raise _not_a_workbook(path)
    if kind in ("xlsx", "xls"):
        return _read_workbook(path, kind, score)
    if kind == "html":
        return _read_html(path, encoding, score)
    return _read_csv(_Source(path), head, encoding, delimiter, score, select, progress)


def _not_a_workbook(path: Path) -> DataError:
    return DataError("error.not_a_workbook", path=path)


def detect_encoding(head: bytes) -> str:
    """BOM first; then UTF-8 if the sample decodes; else windows-1251 (Russian legacy exports)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if 0 in sample and len(sample) >= 4:  # UTF-16 with no BOM: every other byte is the high
        for name, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            # byte of Latin (0x00) or Cyrillic (0x04) letters
            if sum(1 for b in high if b in (0, 4)) >= 0.9 * len(high):
                return name
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def find_header(rows: list[list[str]], score: HeaderScore | None) -> int:
    """Index of the header among the first rows: the best-scoring one, else the first filled."""
    sample = rows[:_HEADER_SEARCH_ROWS]
    if score is not None:
        scores = [score(r) for r in sample]
        best = max(scores, default=0)
        if best >= 2:
            return scores.index(best)
    widest = max((sum(1 for c in r if c.strip()) for r in sample), default=0)
    for i, row in enumerate(sample):
        if sum(1 for c in row if c.strip()) >= max(2, widest // 2):
            return i
    return 0


def is_footer(cells: list[str]) -> bool:
    """A report's closing line: "Grand Totals (5 records)", "Итого", "Confidential…"."""
    filled = [c.strip().strip('"') for c in cells if c and c.strip().strip('"')]
    return 0 < len(filled) <= 2 and bool(_FOOTER_RE.match(filled[0]))


def _sample_rows(head: bytes, encoding: str, sep: str) -> list[list[str]]:
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    lines = text.lstrip("\ufeff").splitlines()[:_HEADER_SEARCH_ROWS]
    return list(csv.reader(lines, delimiter=sep))


def _guess_delimiter(head: bytes, encoding: str) -> str:
    """The delimiter that splits most sample rows into the same number of columns (then: into
    the most columns); a comma inside an amount must not win over the real ``;``."""
    best, best_key = ";", (0, 0)
    for sep in (";", ",", "\t"):
        widths = [len(r) for r in _sample_rows(head, encoding, sep) if len(r) > 1]
        if widths:
            width = max(set(widths), key=lambda w: (widths.count(w), w))
            key = (widths.count(width), width)
            if key > best_key:
                best, best_key = sep, key
    return best


def _read_csv(
    source: _Source,
    head: bytes,
    encoding: str | None,
    delimiter: str | None,
    score: HeaderScore | None,
    select: Select | None,
    progress: Progress | None,
) -> RawTable:
    import pyarrow.csv as pacsv

    path = source.path
    enc = encoding or detect_encoding(head)
    try:
        codecs.lookup(enc)
    except LookupError:
        raise DataError("error.unknown_encoding", path=path, encoding=enc) from None
    try:
        first = codecs.getincrementaldecoder(enc)(errors="replace").decode(head)
    except UnicodeError as exc:
        raise DataError("error.cannot_decode", path=path, encoding=enc, reason=str(exc)) from None
    if not first.strip(" \r\n\ufeff"):
        raise DataError("error.file_empty", path=path)
    sep = delimiter or _guess_delimiter(head, enc)
    sample = _sample_rows(head, enc, sep)
    top = find_header(sample, score)
    headers = [clean_header(h) for h in sample[top]]
    width = len(headers)
    names = [f"c{i}" for i in range(width)]
    chosen = select(headers) if select is not None else None
    include = [f"c{i}" for i in sorted(chosen.columns)] if chosen is not None else names
    coded = {f"c{i}" for i in chosen.coded} if chosen is not None else set()
    size = source.size
    # a file cut mid-download may end inside a character: Arrow reads up to the last whole one
    end, line_break = _tail(source, size, enc, head)
    # (with no line break at the end: whether the quotes tell exactly how the last row ends)
    odd, exact = (
        _quotes(source, end, enc, None if line_break else sep, head)
        if end == size
        else (False, False)
    )
    # its last row may be cut: no line break at the end, or (a line break) in an open quote
    open_end = end < size or not line_break or odd
    bad: list[tuple[int, list[str]]] = []  # (row or -1, cells): rows that do not split
    footers = 0
    # a one-byte file is read as bytes and decoded per distinct value (RawTable.column);
    # a UTF-8 file with a bad byte somewhere is read the same way, as text with replacements
    as_bytes = codecs.lookup(enc).name in {codecs.lookup(e).name for e in _ONE_BYTE}

    def on_invalid(row: pacsv.InvalidRow) -> str:
        nonlocal footers
        text = row.text or ""
        if as_bytes:  # read as latin-1: the same bytes, to be decoded as what they are
            text = text.encode("latin-1", errors="replace").decode(enc, errors="replace")
        cells = next(csv.reader([text], delimiter=sep), [])
        if is_footer(cells):
            footers += 1
            return "skip"
        number = row.number + 1 if row.number is not None and row.number >= 0 else -1
        bad.append((number, cells))
        return "skip"

    def arrow_read(
        columns: list[str], arrow_enc: str, cell_type: pa.DataType, handler: object
    ) -> pa.Table:
        options = {
            "read_options": pacsv.ReadOptions(
                encoding=arrow_enc, column_names=names, skip_rows=top + 1, block_size=_BLOCK
            ),
            "parse_options": pacsv.ParseOptions(
                delimiter=sep,
                newlines_in_values=True,
                ignore_empty_lines=False,  # a blank line is a spreadsheet row: keep numbering
                invalid_row_handler=handler,
            ),
            "convert_options": pacsv.ConvertOptions(
                column_types={
                    n: pa.dictionary(pa.int32(), cell_type) if n in coded else cell_type
                    for n in names
                },
                include_columns=columns,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        }
        if source.data is not None:  # a part in memory (progress told once it is read)
            table = pacsv.read_csv(pa.BufferReader(source.data.slice(0, end)), **options)
            if progress is not None:
                progress(end, end)
            return table
        if progress is None and end == size:
            return pacsv.read_csv(path, **options)
        # through a byte counter (a progress bar can follow, ~10% slower) that also stops
        # before a character cut in half
        with path.open("rb") as raw_file:
            stream = _Counting(raw_file, end, progress)
            return pacsv.read_csv(pa.PythonFile(stream, mode="r"), **options)

    utf8 = "utf-8" if enc == "utf-8-sig" else enc
    # the ways to read the file, tried in order: a one-byte file as raw bytes (no decoding
    # of 200 MB, but no text for a row that does not split: such a row raises), then as
    # latin-1 text standing for its bytes; a UTF-8 file as text, then — when a byte past the
    # sample is not UTF-8 — the same latin-1 way, decoded with replacements
    modes = [(True, pa.binary()), (True, pa.string())] if as_bytes else [(False, pa.string())]

    def read_cells(columns: list[str], handler: object = on_invalid) -> pa.Table:
        """The cells of ``columns``, the way the whole file reads."""
        if not as_bytes:
            return arrow_read(columns, utf8, text_type, handler)
        if text_type == pa.binary():  # bytes as they are: an invalid row raises
            return arrow_read(columns, "utf-8", pa.binary(), None)
        return arrow_read(columns, "latin-1", pa.string(), handler)

    try:
        while True:
            as_bytes, text_type = modes.pop(0)
            bad.clear()
            footers = 0
            try:
                with _unraisable_decode_errors(not as_bytes) as decode_failed:
                    table = read_cells(include)
                break
            except pa.ArrowInvalid as exc:
                if "skip initial" in str(exc):
                    raise
                if not as_bytes and decode_failed:
                    modes.append((True, pa.string()))
                if not modes:
                    raise
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if "skip initial" in str(exc):  # a header and no data rows
            table = pa.table({n: pa.array([], pa.string()) for n in include})
        elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            raise _not_a_workbook(path) from None
        else:
            detail = str(exc).splitlines()[0]
            raise DataError("error.bad_csv", path=path, reason=detail) from None

    kept = table.num_rows
    scan: _Scan | None = None
    # the exact scan: where the rows Arrow set aside were, and how the file ends. With none
    # set aside, no character cut and the quotes telling exactly that the file ends outside
    # a quoted cell, it could only confirm the last row whole (even with no line break)
    if bad or footers or end < size or odd or (open_end and not exact):
        scan = _scan_records(source, enc, sep, top, width, kept)
    rows = pa.array(np.arange(top + 2, kept + top + 2, dtype=np.int64))
    invalid: list[tuple[int, str]] = []
    padded: list[tuple[int, list[str]]] = []
    last: tuple[str, int] | None = (RECORD, kept + top + 1) if kept else None
    open_quote = False
    if scan is not None:
        rows, footers = pa.array(scan.numbers, pa.int64()), scan.footers
        invalid, padded, last, open_quote = scan.invalid, scan.padded, scan.last, scan.open_quote
        if line_break and end == size and not open_quote:
            # (the doubt was an odd count of quotes, some of them text: ``ООО "Ромашка"``;
            # read by the csv module, the file ends outside any quoted cell, as Arrow read it)
            open_end = False
    else:  # Arrow's own account: rows that do not split, with the row number it knew
        invalid = [(row, _unsplittable(len(cells), width)) for row, cells in bad]
    # a table, its rows not all blank, and those whose id repeats (see _with_rest)
    filled: tuple[pa.Table, pa.Array, Any] | None = None
    if chosen is not None and len(include) < width and kept + len(padded) > 1:
        # only some columns were read: rows equal in those are compared in all the others
        # (all rows, when rows padded with empty cells are to join them)
        rest = [n for n in names if n not in include]
        table, rows_filled, ids = _with_rest(
            table, chosen.key, lambda: read_cells(rest, _skip), bool(padded)
        )
        filled = (table, rows_filled, ids)
    cut = False
    if open_end and last is not None:
        kind, row = last
        whole = end == size and not open_quote  # (a row can also be cut at a cell's end)
        if (kind in (RECORD, PADDED) and not whole) or kind in (SHORT, CLOSING):
            # (a one-cell line at the end of a cut file is a row cut after its first cell)
            cut = True
            invalid = [(r, why) for r, why in invalid if r != row] + [(row, TRUNCATED)]
            padded = [(r, cells) for r, cells in padded if r != row]
            if kind == RECORD:
                table, rows = table.slice(0, table.num_rows - 1), rows.slice(0, len(rows) - 1)
            footers -= kind == CLOSING  # it was counted as a closing line
        elif kind == LONG and not whole:
            cut = True
            invalid = [(r, TRUNCATED if r == row else why) for r, why in invalid]
    if padded:  # rows with empty cells past the header's last column: read all the same
        table, rows = _insert_rows(table, rows, padded, enc, as_bytes)
    # (known for this very table unless a row was cut off or added since)
    known = filled[1] if filled is not None and filled[0] is table else None
    table, rows, blank = _drop_blank(table, rows, known)
    read_as = table
    table, tail = _drop_footers(table, enc if as_bytes else None)
    rows = rows.slice(0, table.num_rows)
    # (the repeated ids found for REST, while they are the rows of this very table)
    repeats = filled[2] if filled is not None and filled[0] is read_as is table else None
    sep_name = {"\t": "tab"}.get(sep, f"'{sep}'")
    enc_name = {"cp1251": "windows-1251", "utf-8-sig": "UTF-8 with BOM"}.get(enc, enc.upper())
    note = f"CSV, {enc_name}, {sep_name}"
    skipped = top + footers + tail + blank
    resume = None
    clean = not (invalid or padded or footers or tail or blank or cut or open_end)
    if clean and table.num_rows and (start := _data_start(head, enc, sep, top)) is not None:
        resume = Resume(enc, sep, top, start, int(rows[-1].as_py()))
    coded_enc = enc if as_bytes else None
    by_key = (chosen.key, repeats) if chosen is not None and repeats is not None else None
    return RawTable(
        path, headers, table, rows, note, invalid, skipped, coded_enc, cut, top, resume, by_key
    )


def _data_start(head: bytes, enc: str, sep: str, top: int) -> int | None:
    """The byte where the first data row begins: after ``top + 1`` records of the file's
    first bytes that end in a line break outside any quotes. None for encodings whose line
    break is not the byte 10 (UTF-16), or when the first bytes do not hold it."""
    if codecs.lookup(enc).name.startswith("utf-16"):
        return None
    at = -1
    for _ in range(top + 1):
        at = head.find(b"\n", at + 1)
        if at < 0:
            return None
    text = head[: at + 1].decode(enc, errors="replace")
    records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=sep))
    return at + 1 if len(records) == top + 1 else None


def read_appended(
    path: Path,
    resume: Resume,
    start: int,
    score: HeaderScore | None = None,
    select: Select | None = None,
    progress: Progress | None = None,
    stop: int | None = None,
) -> RawTable | None:
    """The rows of ``path`` from byte ``start`` on (to ``stop``: what was appended to a
    file read clean up to there, see :class:`Resume`, or the next slice of one), read as
    the whole file would read them: below the same preamble and header, numbered as rows
    of the whole file. None when they do not read below that header as the rows of the
    whole file would (then read it whole)."""
    spans = [(0, resume.head), (start, stop)]
    raw = read_file(path, resume.encoding, resume.delimiter, score, select, progress, spans)
    if raw.top != resume.top:
        return None
    shift = resume.last_row - resume.top - 1  # the part's row 2 is the next one
    after = None if raw.resume is None else replace(resume, last_row=raw.resume.last_row + shift)
    return replace(
        raw,
        rows=pc.add(raw.rows, shift),
        invalid=[(row + shift if row > 0 else row, why) for row, why in raw.invalid],
        resume=after,
    )


def slice_points(
    path: Path,
    encoding: str | None,
    delimiter: str | None,
    every: int,
    stop: threading.Event | None = None,
) -> Iterator[int] | None:
    """Where to cut a big CSV into parts of about ``every`` bytes, each read alone (see
    :func:`read_file`'s ``spans``, :func:`read_appended`) to hold only one part's cells at
    a time: just after line breaks outside quotes, each found as the look reaches it (so
    the first parts can be read meanwhile), and the file's end last. A quote that is not
    at a cell's edge (``12" экран``) is text: in a file whose cells are quoted it ends the
    cutting there (the rest is one part); where no cell is quoted (``ООО "Ромашка"`` inside
    unquoted names) the cutting goes on at every line break until a quote that may open a
    cell. None for what is not CSV text, or is UTF-16."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
        if sniff(head) != "text":
            return None
        enc = encoding or detect_encoding(head)
        if codecs.lookup(enc).name.startswith("utf-16"):
            return None
        sep = delimiter or _guess_delimiter(head, enc)
        source = _Source(path)
        end, _ = _tail(source, source.size, enc, head)
    except (OSError, LookupError, UnicodeError, csv.Error):
        return None

    def points() -> Iterator[int]:
        try:
            for found in _quote_scan(source, end, enc, sep, head, every, stop):
                if isinstance(found, int) and found < end:
                    yield found
        except OSError:
            return  # (no end told: the parts do not cover the file, which is read whole)
        yield source.size

    return points()


#: freed memory is handed back (:func:`release_memory`) after about this many bytes are let go
#: of, not after every part: each time costs a walk over the allocator's free pages (~6 ms)
HAND_BACK_BYTES = 64 << 20


def release_memory() -> None:
    """Hand memory freed since back to the system: Arrow's pool and the C allocator keep
    freed pages for reuse, so after a part of a big file they would hold its cells while
    the next part and the report take more (0.3 GB at 10M rows)."""
    import ctypes

    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # (glibc only; not musl)
            ctypes.CDLL(None).malloc_trim(0)


def _read_bytes(path: Path, spans: list[tuple[int, int | None]]) -> pa.Buffer:
    """The bytes of ``spans`` (start, end or None for the file's end) one after another,
    read straight into one buffer of Arrow's (not zeroed first, unlike a bytearray: a
    quarter of the time)."""
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        bounds = [(start, size if end is None else min(end, size)) for start, end in spans]
        data = pa.allocate_buffer(sum(max(0, end - start) for start, end in bounds))
        view, at = memoryview(data), 0
        for start, end in bounds:
            fh.seek(start)
            stop = at + max(0, end - start)
            while at < stop and (got := fh.readinto(view[at:stop])):
                at += got
        view.release()
    return data if at == data.size else data.slice(0, at)  # (a file cut shorter meanwhile)


def _unsplittable(cells: int, width: int) -> str:
    return f"unsplittable:{cells}:{width}"


def _skip(row: object) -> str:
    return "skip"


#: one read at a time may listen for the decode errors of Arrow's callbacks (the hook is
#: the whole process's, and the callbacks run on Arrow's threads, not the reader's)
_HOOK_LOCK = threading.Lock()


@contextlib.contextmanager
def _unraisable_decode_errors(listen: bool = True) -> Iterator[list[BaseException]]:
    """Arrow turns the text of a row it cannot split into Python text in a callback; a byte
    that is not UTF-8 there is an exception Python can only print ("Exception ignored…").
    Catch it instead, so the caller can read the file again as bytes. Without ``listen``
    (text read as bytes or latin-1, which always decodes) nothing is caught, nor waited for."""
    caught: list[BaseException] = []
    if not listen:
        yield caught
        return
    with _HOOK_LOCK:
        previous = sys.unraisablehook

        def hook(info: Any) -> None:
            if isinstance(info.exc_value, UnicodeDecodeError):
                caught.append(info.exc_value)
            else:
                previous(info)

        sys.unraisablehook = hook
        try:
            yield caught
        finally:
            sys.unraisablehook = previous


def _tail(source: _Source, size: int, enc: str, head: bytes) -> tuple[int, bool]:
    """How many bytes of the file hold whole characters (a download cut off mid-file may end
    inside a UTF-8 or UTF-16 character), and whether those end with a line break. ``head``:
    the file's first bytes (a UTF-16 byte order mark)."""
    name = codecs.lookup(enc).name
    # the last character, and the line break before it
    tail = bytes(source.read(max(0, size - 6), min(size, 6)))
    utf16 = name.startswith("utf-16")
    big = name == "utf-16-be" or (name == "utf-16" and head[:2] == codecs.BOM_UTF16_BE)
    end = size
    if size == 0:
        pass
    elif utf16:
        end = size - size % 2
        unit = tail[: len(tail) - size % 2][-2:]
        if len(unit) == 2 and 0xD8 <= unit[0 if big else 1] <= 0xDB:
            end -= 2  # the first half of a surrogate pair
    elif name.startswith("utf-8"):
        end = _utf8_end(tail[-4:], size)
    if end == 0:
        return end, True
    last = tail[: len(tail) - (size - end)][-2:]
    if utf16:
        unit = last[::-1] if big else last  # (the character's byte first)
        return end, len(unit) == 2 and unit[1] == 0 and unit[0] in (10, 13)
    return end, last[-1:] in (b"\n", b"\r")


def _utf8_end(tail: bytes, size: int) -> int:
    """Where the last whole UTF-8 character of a file of ``size`` bytes ending in ``tail``
    ends: step back over continuation bytes to the last lead byte."""
    for back in range(1, len(tail) + 1):
        byte = tail[-back]
        if byte & 0xC0 != 0x80:  # a lead byte (or ASCII)
            need = 1 if byte < 0x80 else 2 if byte >> 5 == 6 else 3 if byte >> 4 == 14 else 4
            return size if back >= need else size - back
    return size


def _quotes(source: _Source, end: int, enc: str, sep: str | None, head: bytes) -> tuple[bool, bool]:
    """Whether the file holds an odd number of quote characters: it may end inside a quoted
    cell (an exact look follows). Counted 16 MiB at a time (a file with none: a fast search
    only); UTF-16 is decoded first, its bytes 0x22 being halves of other letters.

    And, given ``sep``, whether the count is exact: taken in turn as opening and closing,
    every quote opens a cell (after ``sep``, a line break, a closing quote or at the start)
    or closes one (before the same or at the end), so Python's csv module reads the file
    in quotes exactly where the count says. A quote inside a cell that is not quoted
    (``12" экран``) is text there, which the count alone takes for an opening one."""
    *_, last = _quote_scan(source, end, enc, sep, head)
    assert isinstance(last, tuple)
    return last


#: bytes of a file looked at a time for its quotes
SCAN_BLOCK = 1 << 24


def _quote_scan(
    source: _Source,
    end: int,
    enc: str,
    sep: str | None,
    head: bytes,
    every: int = 0,
    stop: threading.Event | None = None,
) -> Iterator[int | tuple[bool, bool]]:
    """The look of :func:`_quotes`, block by block: given ``every``, each place to cut the
    file (just after a line break outside quotes, at least ``every`` bytes after the one
    before) as soon as it is found, while the quotes before it are exact; then what
    :func:`_quotes` tells, last. Stops early once ``stop`` is set, or (when cutting) once
    the quotes are not exact — unless they are all text (below) — : no later cut could be
    trusted. The exact look finds every quote with numpy: 0.4 s for 222 MB all quoted,
    nothing for a file with none."""
    if end == 0:
        yield False, False
        return
    quotes = 0
    name = codecs.lookup(enc).name
    if name.startswith("utf-16"):
        decoder = codecs.getincrementaldecoder(enc)(errors="replace")
        with source.open() as fh:
            left = end
            while left > 0 and (chunk := fh.read(min(left, SCAN_BLOCK))):
                quotes += decoder.decode(chunk).count('"')
                left -= len(chunk)
        yield quotes % 2 == 1, False
        return
    # the quote, the line breaks and ``sep`` are these bytes and no part of other letters
    exact = (
        sep is not None
        and len(sep) == 1
        and sep.isascii()
        and name in {"utf-8", "utf-8-sig"} | {codecs.lookup(e).name for e in _ONE_BYTE}
    )
    edge = np.zeros(256, np.bool_)  # the bytes next to a quote at a cell's edge
    opens = np.zeros(256, np.bool_)  # the bytes before a quote that may open a cell
    if exact:
        edge[list(f'{sep}\n\r"'.encode())] = True
        opens[list(f"{sep}\n\r".encode())] = True
    bom = name == "utf-8-sig" and head.startswith(codecs.BOM_UTF8)
    first = len(codecs.BOM_UTF8) if bom else 0  # where the first cell starts
    step = SCAN_BLOCK
    target = every
    # cutting on past quotes that are text: in an export with no quoted cell (``ООО
    # "Ромашка"`` inside a name), a quote not at a cell's start is text to Arrow and to
    # Python's csv module alike, so every line break ends a row, while no quote since the
    # first such one may open a cell (one after a separator or a line break: then the cuts
    # end there, as before)
    text = False
    # (a file read, not mapped: mapped pages would count as ours)
    for start in range(0, end, step):
        if (stop is not None and stop.is_set()) or (every and not (exact or text)):
            return
        if not (exact or text):
            quotes += _count_quotes(source.read(start, min(step, end - start)))
            continue
        low = max(start - 1, 0)  # with the byte before and after, for the edges
        block = np.frombuffer(source.read(low, min(start + step + 1, end) - low), np.uint8)
        own = block[start - low : start - low + min(step, end - start)]
        at = np.flatnonzero(own == 0x22) + start  # the quotes
        limit: int | None = None  # no cut at or after this
        if text:  # every quote since the first text one was text
            opening = _may_open(at, block, low, first, opens)
            text, parity = not len(opening), False
            limit = None if text else int(opening[0])
        else:
            opening, closing = at[quotes % 2 :: 2], at[1 - quotes % 2 :: 2]
            opening, closing = opening[opening > first], closing[closing < end - 1]
            # (the first quote that is not at a cell's edge, if any: no cut after it)
            wrong = [
                *opening[~edge[block[opening - 1 - low]]][:1],
                *closing[~edge[block[closing + 1 - low]]][:1],
            ]
            exact = not wrong
            # (no quote of the block may open a cell, none is open before it: all are text)
            text = bool(
                every
                and wrong
                and quotes % 2 == 0
                and not len(_may_open(at, block, low, first, opens))
            )
            limit, parity = (None, False) if text else (min(wrong) if wrong else None, True)
        if every and target < start + len(own):
            breaks = np.flatnonzero(own == 0x0A) + start
            if limit is not None:
                breaks = breaks[breaks < limit]
            if parity:  # (outside quotes: an even number of quotes before the line break)
                breaks = breaks[(quotes + np.searchsorted(at, breaks)) % 2 == 0]
            while (i := int(np.searchsorted(breaks, target - 1))) < len(breaks):
                yield int(breaks[i]) + 1
                target = int(breaks[i]) + 1 + every
        quotes += len(at)
    yield quotes % 2 == 1, exact


def _may_open(at: np.ndarray, block: np.ndarray, low: int, first: int, opens: np.ndarray) -> Any:
    """The quotes at ``at`` (in ``block``, read from ``low``) that may open a cell: at the
    file's first cell (``first``) or after a byte of ``opens`` (the separator, a line break)."""
    return at[(at == first) | opens[block[at - 1 - low]]]


def _count_quotes(chunk: bytes | memoryview) -> int:
    """The quote bytes in ``chunk``: none found by a fast search first (a file with no
    quotes costs little more than its reading), else counted."""
    if isinstance(chunk, bytes):
        return chunk.count(b'"') if b'"' in chunk else 0
    return int(np.count_nonzero(np.frombuffer(chunk, np.uint8) == 0x22))


# what a record of a CSV file is, for the exact scan
RECORD, PADDED, SHORT, LONG = "record", "padded", "short", "long"
CLOSING, FOOTER = "closing", "footer"  # a one-cell line; a line such as "Итого…"
TRUNCATED = "truncated"


@dataclass
class _Scan:
    """Every record of a CSV file as Python's csv module splits it."""

    numbers: list[int]  # rows Arrow kept (as many cells as the header, or blank)
    invalid: list[tuple[int, str]]  # rows that do not split, with the reason
    padded: list[tuple[int, list[str]]]  # rows with only empty cells past the header's width
    footers: int
    last: tuple[str, int] | None  # the last record: what it is, its row
    open_quote: bool  # the file ends inside a quoted cell


def _scan_records(
    source: _Source, enc: str, sep: str, top: int, width: int, kept: int
) -> _Scan | None:
    """Spreadsheet row numbers of the rows Arrow kept, the rows it could not split, rows
    padded with empty cells, and how the file ends, from a second pass with Python's csv
    module. Only for files with broken rows or with no line break at the end: Arrow skips
    broken rows without saying where they were. None if the two parsers disagree."""
    numbers: list[int] = []
    data_end = 0  # the last row with data in it
    odd: list[tuple[int, int, bool, list[str]]] = []  # (row, cells, one-cell line, cells)
    last: tuple[str, int] | None = None
    lines = _Lines()
    with io.TextIOWrapper(source.open(), encoding=enc, errors="replace", newline="") as fh:
        lines.source = iter(fh)
        for index, record in enumerate(csv.reader(lines, delimiter=sep)):
            lines.mark()
            if index <= top:
                continue
            row = index + 1
            if len(record) == width or not record:  # Arrow keeps a blank line as empty cells
                numbers.append(row)
                last = (RECORD, row)
                if any(cell.strip() for cell in record):
                    data_end = row
                continue
            if len(record) > width and not any(c.strip() for c in record[width:]):
                last = (PADDED, row)
                data_end = row
                odd.append((row, len(record), False, record[:width]))
                continue
            footer = is_footer(record)
            closing = footer or sum(1 for cell in record if cell.strip()) <= 1
            odd.append((row, len(record), closing, []))
            kind = FOOTER if footer else CLOSING if closing else SHORT
            last = (LONG if len(record) > width and not footer else kind, row)
    if len(numbers) != kept:
        return None
    # below the last data row, a one-cell line ("Выгружено 01.12.2026 …") closes the report
    footers = sum(1 for row, _, closing, _ in odd if closing and row > data_end)
    invalid = [
        (row, _unsplittable(cells, width))
        for row, cells, closing, kept_cells in odd
        if not kept_cells and not (closing and row > data_end)
    ]
    padded = [(row, cells) for row, _, _, cells in odd if cells]
    if last is not None and last[0] == CLOSING and last[1] <= data_end:
        last = (SHORT, last[1])
    return _Scan(numbers, invalid, padded, footers, last, _in_quotes(lines.last, sep))


class _Lines:
    """The lines of a text file, keeping those of the latest record (to see how it ends)."""

    def __init__(self) -> None:
        self.source: Iterator[str] = iter(())
        self.current: list[str] = []
        self.last: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.source)
        self.current.append(line)
        return line

    def mark(self) -> None:
        """A record ended: its lines are the latest."""
        self.last, self.current = self.current, []


def _in_quotes(lines: list[str], sep: str) -> bool:
    """Whether a record's text ends inside a quoted cell, as Arrow and the csv module read
    it: a quote opens a cell only at its start, ``""`` in one is a quote, and after the
    closing quote the cell goes on unquoted (``"Звонок" (исходящий);"начало…`` ends inside
    the second cell: the csv module's strict mode stopped at the first and said no)."""
    text = "".join(lines)
    inside = False
    at = text.find('"')
    while at != -1:
        if inside:
            if text.startswith('""', at):
                at = text.find('"', at + 2)  # (a quote inside the cell)
                continue
            inside = False  # (closed: what follows up to the separator is text)
        elif at == 0 or text[at - 1] in (sep, "\r", "\n"):
            inside = True
        at = text.find('"', at + 1)
    return inside


class _Counting(io.RawIOBase):
    """The first ``total`` bytes of a file, telling how many have been read (for the
    progress bar)."""

    def __init__(self, raw: BinaryIO, total: int, progress: Progress | None) -> None:
        self.raw, self.total, self.done, self.progress = raw, total, 0, progress

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        left = self.total - self.done
        data = self.raw.read(left if size is None or size < 0 else min(size, left))
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return data


def _filled(table: pa.Table) -> pa.Array:
    """Rows with at least one cell that is not blank (REST counts when it holds anything)."""
    filled = pa.array(np.zeros(table.num_rows, bool))
    # coded columns first (their values only are looked at); the rest only while some row
    # is still blank in all so far: a filled id or name settles most files at once
    columns = sorted(table.columns, key=lambda c: not pa.types.is_dictionary(c.type))
    for i, col in enumerate(columns):
        if i and pc.all(filled).as_py():
            break
        has = per_value(
            combine(col), lambda cells: pc.not_equal(pc.ascii_trim_whitespace(as_text(cells)), "")
        )
        filled = pc.or_(filled, pc.fill_null(has, False))
    return filled


def _drop_blank(
    table: pa.Table, rows: pa.Array, filled: pa.Array | None = None
) -> tuple[pa.Table, pa.Array, int]:
    """Rows whose every cell is empty are not data rows (Excel shows a blank line).
    ``filled``: the rows' :func:`_filled`, when already known."""
    if table.num_columns == 0 or table.num_rows == 0:
        return table, rows, 0
    if filled is None:
        filled = _filled(table)
    blank = table.num_rows - int(pc.sum(filled).as_py() or 0)
    if not blank:
        return table, rows, 0
    return table.filter(filled), pc.filter(rows, filled), blank


def _with_rest(
    table: pa.Table, key: int | None, read_rest: Callable[[], pa.Table], every_row: bool
) -> tuple[pa.Table, pa.Array, Any]:
    """``table`` (some columns of a file) with REST: for each row that equals another in the
    columns read, or is blank in them (or ``every_row``), the file's other cells joined (""
    if all are blank); null for the rows that can neither repeat another row nor be blank.
    Those other cells are read only when some row needs them. And the :func:`_filled` of
    the table returned, and the rows whose id repeats (None without an id column)."""
    key_name = f"c{key}" if key is not None else None
    by_id = key_name in table.column_names
    if by_id:  # rows that repeat whole repeat their id
        same = repeated(table.column(key_name))
    else:
        same = repeated_rows([combine(table.column(c)) for c in table.column_names])
    ids = same if by_id else None
    filled = _filled(table)
    maybe = same | ~filled.to_numpy(zero_copy_only=False) | every_row
    if not maybe.any():
        return table, filled, ids
    others = read_rest().filter(pa.array(maybe))
    keys = _joined(others)
    index = np.full(len(maybe), -1, np.int64)
    index[maybe] = np.arange(int(maybe.sum()))
    rest = pc.take(keys, pa.array(index, mask=index < 0))
    # (a row filled in the cells read, or in the others: _filled of the table with REST)
    with_rest = table.append_column(REST, rest)
    return with_rest, pc.or_(filled, _filled(pa.table({REST: rest}))), ids


def _joined(table: pa.Table) -> pa.Array:
    """Each row's cells as one binary value ("" when all are blank), to compare rows by."""
    if table.num_columns == 0:
        return pa.array([b""] * table.num_rows, pa.large_binary())
    cells = [pc.cast(combine(c), pa.large_binary()) for c in table.columns]
    joined = pc.binary_join_element_wise(*cells, pa.scalar(b"\x1f", pa.large_binary()))
    return pc.if_else(_filled(table), joined, pa.scalar(b"", pa.large_binary()))


def _insert_rows(
    table: pa.Table, rows: pa.Array, extra: list[tuple[int, list[str]]], enc: str, as_bytes: bool
) -> tuple[pa.Table, pa.Array]:
    """``table`` with rows of cells from Python's csv module put in their places by row."""

    def typed(cells: list[str], kind: pa.DataType) -> pa.Array:
        if pa.types.is_dictionary(kind):
            return typed(cells, kind.value_type).dictionary_encode()
        if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            return pa.array([c.encode(enc, "replace") for c in cells], kind)
        if as_bytes:  # latin-1 text standing for the file's bytes
            cells = [c.encode(enc, "replace").decode("latin-1") for c in cells]
        return pa.array(cells, kind)

    columns: dict[str, pa.Array] = {}
    cells_read = [c for c in table.column_names if c != REST]  # c<i>, as read from the file
    positions = [int(c[1:]) for c in cells_read]
    for name, pos in zip(cells_read, positions, strict=True):
        columns[name] = typed([cells[pos] for _, cells in extra], table.schema.field(name).type)
    if REST in table.column_names:
        width = len(extra[0][1])
        unread = [i for i in range(width) if i not in set(positions)]
        others = pa.table(
            {f"c{i}": typed([cells[i] for _, cells in extra], pa.binary()) for i in unread}
        )
        columns[REST] = _joined(others).cast(table.schema.field(REST).type)
    more = pa.table(columns, schema=table.schema)
    numbers = pa.concat_arrays([rows, pa.array([r for r, _ in extra], pa.int64())])
    order = pc.sort_indices(numbers)
    return pa.concat_tables([table, more]).take(order), pc.take(numbers, order)


def _drop_footers(table: pa.Table, encoding: str | None) -> tuple[pa.Table, int]:
    """Footer lines that do split into the columns ("Total;;;123"): only at the very end."""
    n = 0
    while n < min(10, table.num_rows):
        cells = [table.column(i)[table.num_rows - 1 - n].as_py() for i in range(table.num_columns)]
        row = [_decode_cell(c, encoding) for c in cells]
        if not is_footer(row):
            break
        n += 1
    return (table.slice(0, table.num_rows - n) if n else table), n


def _from_rows(path: Path, rows: list[list[str]], note: str, score: HeaderScore | None) -> RawTable:
    """A :class:`RawTable` from rows of text cells (workbooks and HTML tables)."""
    if not rows:
        raise DataError("error.no_table", path=path)
    top = find_header(rows, score)
    headers = [clean_header(h) for h in rows[top]]
    width = len(headers)
    body = rows[top + 1 :]
    end = len(body)
    while end > 0 and (is_footer(body[end - 1]) or not any(c.strip() for c in body[end - 1])):
        end -= 1
    columns: list[list[str]] = [[] for _ in range(width)]
    numbers: list[int] = []
    blank = 0
    for i, row in enumerate(body[:end], start=top + 2):
        cells = row[:width]
        if not any(c.strip() for c in cells):
            blank += 1  # an empty line is not a data row
            continue
        cells = cells + [""] * (width - len(cells))
        for col, text in zip(columns, cells, strict=True):
            col.append(text)
        numbers.append(i)
    data = pa.table({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})
    skipped = top + (len(body) - end)
    rows = pa.array(numbers, pa.int64())
    return RawTable(path, headers, data, rows, note, [], skipped, top=top)


def clean_header(text: str) -> str:
    return clean_text(text)


def _read_html(path: Path, encoding: str | None, score: HeaderScore | None) -> RawTable:
    """Bitrix24's "Excel" export: an HTML table (CRM lists: <th> headers, no <html>; call
    detail: <td> headers, padded cells, HTML inside cells)."""
    from lxml import etree
    from lxml import html as lhtml

    data = path.read_bytes()
    enc = encoding or _html_encoding(data)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DataError("error.html_decode", path=path, encoding=enc, reason=str(exc)) from None
    try:
        doc = lhtml.document_fromstring(text.lstrip("\ufeff"))
    except (etree.ParserError, ValueError) as exc:
        raise DataError("error.html_unreadable", path=path, reason=str(exc)) from None
    table = next(doc.iter("table"), None)
    if table is None:
        raise DataError("error.html_no_table", path=path)
    rows = [
        [cell.text_content() for cell in tr if cell.tag in ("td", "th")] for tr in table.iter("tr")
    ]
    enc_name = {"cp1251": "windows-1251", "windows-1251": "windows-1251"}.get(enc, enc.upper())
    return _from_rows(path, rows, f"HTML table (Bitrix24 Excel export), {enc_name}", score)


def _html_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _CHARSET_RE.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return detect_encoding(data[:_SNIFF_BYTES])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _read_workbook(path: Path, kind: str, score: HeaderScore | None) -> RawTable:
    """A real .xlsx or legacy .xls (python-calamine, ~4x faster than openpyxl)."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

    try:
        with path.open("rb") as fh:
            book = CalamineWorkbook.from_filelike(fh)
            sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, PasswordError, XmlError, ZipError, ValueError) as exc:
        raise DataError("error.bad_workbook", path=path, kind=kind, reason=str(exc)) from None
    if not sheet:
        raise DataError("error.first_sheet_empty", path=path)
    rows = [[_cell_text(v) for v in row] for row in sheet]
    return _from_rows(path, rows, "Excel .xlsx" if kind == "xlsx" else "Excel 97 .xls", score)
