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
import csv
import glob
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ropkit.errors import DataError
from ropkit.sources.values import clean_text

_SNIFF_BYTES = 64 * 1024
_HEADER_SEARCH_ROWS = 30
_FOOTER_RE = re.compile(
    r"^\W*(grand totals?|totals?|итого|всего|confidential information|copyright|©)", re.IGNORECASE
)
_CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)

#: scores a row as a header (how many of its cells are known column names)
HeaderScore = Callable[[list[str]], int]


#: one-byte encodings read as raw bytes and decoded per column (see RawTable.column)
_ONE_BYTE = ("cp1251", "windows-1251", "koi8-r", "koi8_r", "cp1252", "latin-1", "iso-8859-1")

#: which columns to read, given the header names (None: all); a huge export needs only a few
Select = Callable[[list[str]], set[int] | None]
#: told (bytes read, file size) as a big CSV is read
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RawTable:
    """One export file as text cells."""

    path: Path
    headers: list[str]
    data: pa.Table  # columns c<i> (i = header position) that were read: string, or bytes
    rows: pa.Array  # int64: spreadsheet row number of each data row (header row is 1 or more)
    note: str  # how it was read, e.g. "CSV, windows-1251, ';'"
    # (row, why) rows that do not split into the header's columns
    # (row, cells in it, cells in the header): rows that do not split into the header's columns
    invalid: list[tuple[int, int, int]] = field(default_factory=list)
    skipped: int = 0  # preamble rows above the header, footer rows and blank rows
    encoding: str | None = None  # set when columns hold undecoded bytes of this encoding

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def num_rows(self) -> int:
        return int(self.data.num_rows)

    def column(self, i: int) -> pa.Array:
        """The text of column ``i`` (a header position).

        A windows-1251 file is read as bytes: decoding 230 MB costs more than the rest of
        the read. ASCII columns (dates, amounts, ids) are then used as they are; the others
        are decoded once per distinct value (a column of 50 names in 1.25M rows: 50 decodes).
        """
        return decode_column(self.data.column(f"c{i}").combine_chunks(), self.encoding)


def decode_column(arr: pa.Array, encoding: str | None) -> pa.Array:
    """Cells of a one-byte encoding (held as bytes, or as latin-1 text) to text."""
    if encoding is None:
        return arr
    as_text = arr.view(pa.string()) if pa.types.is_binary(arr.type) else arr
    if pc.all(pc.string_is_ascii(as_text)).as_py() is not False:
        return as_text  # ASCII reads the same in every one-byte encoding
    codes = arr.dictionary_encode()
    words = [_decode_cell(v, encoding) for v in codes.dictionary.to_pylist()]
    return pc.take(pa.array(words, pa.string()), codes.indices)


def _decode_cell(value: object, encoding: str | None) -> str:
    if value is None:
        return ""
    if encoding is None:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    raw = value if isinstance(value, bytes) else str(value).encode("latin-1", "replace")
    return raw.decode(encoding, "replace")


_RELATIVE_RU = "относительный путь считается от папки файла настроек"


def expand_paths(pattern: str, base_dir: Path, key: str, key_ru: str | None = None) -> list[Path]:
    """Files matching ``pattern`` (a path or a glob) relative to ``base_dir``.

    ``key`` says where the pattern is written (``norms.yaml, line 4, key sources.deals.path``);
    ``key_ru`` the same in Russian, for the Russian message.
    """
    where_ru = key_ru or key
    try:
        full = Path(pattern).expanduser()
    except RuntimeError:  # "~someone" that is no user here
        raise DataError(
            f"{key}: cannot expand '{pattern}'; write the full path",
            ru=f"{where_ru}: не удаётся раскрыть путь '{pattern}'; укажите полный путь",
        ) from None
    if not full.is_absolute():
        full = base_dir / full
    if glob.has_magic(str(full)):
        # natural order, so deals_9 comes before deals_10: a later file is a newer export
        found = sorted(
            (Path(p) for p in glob.glob(str(full)) if Path(p).is_file()), key=_natural_key
        )
        if not found:
            raise DataError(
                f"{key}: no file matches '{pattern}' (looked in {full.parent.resolve()}); "
                "fix the pattern (a relative path starts at the config file's folder)",
                ru=f"{where_ru}: ни один файл не подходит под '{pattern}' "
                f"(искали в {full.parent.resolve()}); исправьте шаблон ({_RELATIVE_RU})",
            )
        return found
    if full.is_dir():
        raise DataError(
            f"{key}: {full.resolve()} is a folder; point the path at an export file "
            f"or at a pattern like {Path(pattern) / '*.csv'}",
            ru=f"{where_ru}: {full.resolve()} — это папка; укажите файл выгрузки "
            f"или шаблон вида {Path(pattern) / '*.csv'}",
        )
    if not full.is_file():
        raise DataError(
            f"{key}: file not found: {full.resolve()}; fix the path "
            "(a relative path starts at the config file's folder)",
            ru=f"{where_ru}: файл не найден: {full.resolve()}; исправьте путь ({_RELATIVE_RU})",
        )
    return [full]


def _natural_key(path: Path) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


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


def read_file(
    path: Path,
    encoding: str | None = None,
    delimiter: str | None = None,
    score: HeaderScore | None = None,
    select: Select | None = None,
    progress: Progress | None = None,
) -> RawTable:
    """Read a CSV/TSV, .xlsx, legacy .xls or HTML-table export into a :class:`RawTable`.

    ``score`` tells how much a row looks like the header; without it the header is row 1.
    ``select`` picks the columns to read from a CSV (spreadsheets are small: read whole).
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise DataError(
            f"{path}: cannot read ({exc.strerror})",
            ru=f"{path}: не удаётся прочитать файл ({exc.strerror})",
        ) from None
    kind = sniff(head)
    if kind == "text" and path.suffix.lower() in (".xlsx", ".xlsm"):
        raise _not_a_workbook(path)
    if kind in ("xlsx", "xls"):
        return _read_workbook(path, kind, score)
    if kind == "html":
        return _read_html(path, encoding, score)
    return _read_csv(path, head, encoding, delimiter, score, select, progress)


def _not_a_workbook(path: Path) -> DataError:
    return DataError(
        f"{path}: cannot read as a spreadsheet (not an Excel workbook); "
        "open and re-save it in Excel",
        ru=f"{path}: файл не читается как таблица (это не книга Excel); "
        "откройте его в Excel и сохраните заново",
    )


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
    path: Path,
    head: bytes,
    encoding: str | None,
    delimiter: str | None,
    score: HeaderScore | None,
    select: Select | None,
    progress: Progress | None,
) -> RawTable:
    import pyarrow.csv as pacsv

    enc = encoding or detect_encoding(head)
    try:
        codecs.lookup(enc)
    except LookupError:
        raise DataError(
            f"{path}: unknown encoding '{enc}'; use utf-8, cp1251 or utf-16",
            ru=f"{path}: неизвестная кодировка '{enc}'; укажите utf-8, cp1251 или utf-16",
        ) from None
    try:
        first = codecs.getincrementaldecoder(enc)(errors="replace").decode(head)
    except UnicodeError as exc:
        raise DataError(
            f"{path}: cannot read as {enc} ({exc}); check sources.<table>.encoding",
            ru=f"{path}: не удаётся прочитать в кодировке {enc} ({exc}); "
            "проверьте sources.<table>.encoding",
        ) from None
    if not first.strip(" \r\n\ufeff"):
        raise DataError(
            f"{path}: the file is empty; export it again",
            ru=f"{path}: файл пуст; выгрузите его заново",
        )
    sep = delimiter or _guess_delimiter(head, enc)
    sample = _sample_rows(head, enc, sep)
    top = find_header(sample, score)
    headers = [clean_header(h) for h in sample[top]]
    names = [f"c{i}" for i in range(len(headers))]
    chosen = select(headers) if select is not None else None
    include = [f"c{i}" for i in sorted(chosen)] if chosen is not None else names
    one_byte = codecs.lookup(enc).name in {codecs.lookup(e).name for e in _ONE_BYTE}
    invalid: list[tuple[int, int, int]] = []
    footers = 0

    irregular = 0  # blank lines and rows that do not split: row numbers need a recount

    def on_invalid(row: pacsv.InvalidRow) -> str:
        nonlocal footers, irregular
        irregular += 1
        text = row.text or ""
        if one_byte:  # read as latin-1: the same bytes, to be decoded as what they are
            text = text.encode("latin-1", errors="replace").decode(enc, errors="replace")
        if is_footer(next(csv.reader([text], delimiter=sep), [])):
            footers += 1
            return "skip"
        number = row.number + 1 if row.number is not None and row.number >= 0 else -1
        invalid.append((number, row.actual_columns, row.expected_columns))
        return "skip"

    arrow_enc = "utf-8" if enc == "utf-8-sig" else enc

    def arrow_read(arrow_enc: str, cell_type: pa.DataType, handler: object) -> pa.Table:
        options = {
            "read_options": pacsv.ReadOptions(
                encoding=arrow_enc, column_names=names, skip_rows=top + 1, block_size=1 << 24
            ),
            "parse_options": pacsv.ParseOptions(
                delimiter=sep,
                newlines_in_values=True,
                ignore_empty_lines=False,  # a blank line is a spreadsheet row: keep numbering
                invalid_row_handler=handler,
            ),
            "convert_options": pacsv.ConvertOptions(
                column_types={n: cell_type for n in names},
                include_columns=include,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        }
        if progress is None:
            return pacsv.read_csv(path, **options)
        # streamed through a byte counter so a bar can follow (~10% slower)
        with path.open("rb") as raw_file:
            stream = _Counting(raw_file, path.stat().st_size, progress)
            reader = pacsv.open_csv(pa.PythonFile(stream, mode="r"), **options)
            return pa.Table.from_batches(list(reader), schema=reader.schema)

    try:
        if not one_byte:
            table = arrow_read(arrow_enc, pa.string(), on_invalid)
        else:
            try:  # bytes as they are: no decoding of 200 MB, but no text for a bad row either
                table = arrow_read("utf-8", pa.binary(), None)
            except pa.ArrowInvalid as exc:
                if "skip initial" in str(exc):
                    raise
                invalid.clear()  # some row does not split: read again, with text for it
                footers = irregular = 0
                table = arrow_read("latin-1", pa.string(), on_invalid)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if "skip initial" in str(exc):  # a header and no data rows
            table = pa.table({n: pa.array([], pa.string()) for n in include})
        elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            raise _not_a_workbook(path) from None
        else:
            detail = str(exc).splitlines()[0]
            raise DataError(
                f"{path}: cannot read as CSV ({detail}); "
                "check the encoding (sources.<table>.encoding) and delimiter",
                ru=f"{path}: не удаётся прочитать как CSV ({detail}); "
                "проверьте кодировку (sources.<table>.encoding) и разделитель",
            ) from None
    rows = pa.array(range(top + 2, table.num_rows + top + 2), pa.int64())
    if irregular:
        exact = _number_records(path, enc, sep, top, len(headers), table.num_rows)
        if exact is not None:
            rows, invalid, footers = exact
    table, rows, blank = _drop_blank(table, rows)
    table, tail = _drop_footers(table, enc if one_byte else None)
    rows = rows.slice(0, table.num_rows)
    sep_name = {"\t": "tab"}.get(sep, f"'{sep}'")
    enc_name = {"cp1251": "windows-1251", "utf-8-sig": "UTF-8 with BOM"}.get(enc, enc.upper())
    note = f"CSV, {enc_name}, {sep_name}"
    skipped = top + footers + tail + blank
    return RawTable(path, headers, table, rows, note, invalid, skipped, enc if one_byte else None)


def _number_records(
    path: Path, enc: str, sep: str, top: int, width: int, kept: int
) -> tuple[pa.Array, list[tuple[int, int, int]], int] | None:
    """Spreadsheet row numbers of the rows Arrow kept, and the rows it could not split, from
    a second pass with Python's csv module. Only for files with blank lines or broken rows:
    Arrow skips those without saying where they were. None if the two parsers disagree."""
    numbers: list[int] = []
    last = 0  # the last row with data in it
    odd: list[tuple[int, int, bool]] = []  # (row, cells, looks like a closing line)
    with path.open(encoding=enc, errors="replace", newline="") as fh:
        for index, record in enumerate(csv.reader(fh, delimiter=sep)):
            if index <= top:
                continue
            row = index + 1
            if len(record) == width or not record:  # Arrow keeps a blank line as empty cells
                numbers.append(row)
                if any(cell.strip() for cell in record):
                    last = row
            else:
                filled = sum(1 for cell in record if cell.strip())
                odd.append((row, len(record), is_footer(record) or filled <= 1))
    if len(numbers) != kept:
        return None
    # below the last data row, a one-cell line ("Выгружено 01.12.2026 …") closes the report
    footers = sum(1 for row, _, closing in odd if closing and row > last)
    invalid = [(row, cells, width) for row, cells, closing in odd if not (closing and row > last)]
    return pa.array(numbers, pa.int64()), invalid, footers


class _Counting(io.RawIOBase):
    """A file that reports how many bytes have been read: for the progress bar."""

    def __init__(self, raw: io.BufferedReader, total: int, progress: Progress | None) -> None:
        self.raw, self.total, self.done, self.progress = raw, total, 0, progress

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return data


def _drop_blank(table: pa.Table, rows: pa.Array) -> tuple[pa.Table, pa.Array, int]:
    """Rows whose every cell is empty are not data rows (Excel shows a blank line)."""
    if table.num_columns == 0 or table.num_rows == 0:
        return table, rows, 0
    filled = None
    for col in table.columns:
        text = col.combine_chunks()
        text = text.view(pa.string()) if pa.types.is_binary(text.type) else text
        has = pc.not_equal(pc.ascii_trim_whitespace(text), "")
        filled = has if filled is None else pc.or_(filled, has)
    blank = table.num_rows - int(pc.sum(filled).as_py() or 0)
    if not blank:
        return table, rows, 0
    return table.filter(filled), pc.filter(rows, filled), blank


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
        raise DataError(
            f"{path}: no table in the file; export it again",
            ru=f"{path}: в файле нет таблицы; выгрузите его заново",
        )
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
    return RawTable(path, headers, data, pa.array(numbers, pa.int64()), note, [], skipped)


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
        raise DataError(
            f"{path}: cannot decode the HTML table as {enc} ({exc}); set sources.<table>.encoding",
            ru=f"{path}: не удаётся прочитать HTML-таблицу в кодировке {enc} ({exc}); "
            "укажите sources.<table>.encoding",
        ) from None
    try:
        doc = lhtml.document_fromstring(text.lstrip("\ufeff"))
    except (etree.ParserError, ValueError) as exc:
        raise DataError(
            f"{path}: cannot read the HTML table ({exc}); export it again",
            ru=f"{path}: не удаётся прочитать HTML-таблицу ({exc}); выгрузите её заново",
        ) from None
    table = next(doc.iter("table"), None)
    if table is None:
        raise DataError(
            f"{path}: an HTML file with no <table>; export the list again",
            ru=f"{path}: в HTML-файле нет <table>; выгрузите список заново",
        )
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
        raise DataError(
            f"{path}: cannot read as .{kind} ({exc}); open and re-save it in Excel",
            ru=f"{path}: не удаётся прочитать как .{kind} ({exc}); "
            "откройте файл в Excel и сохраните заново",
        ) from None
    if not sheet:
        raise DataError(
            f"{path}: the first sheet is empty; export it again",
            ru=f"{path}: первый лист пуст; выгрузите файл заново",
        )
    rows = [[_cell_text(v) for v in row] for row in sheet]
    return _from_rows(path, rows, "Excel .xlsx" if kind == "xlsx" else "Excel 97 .xls", score)
