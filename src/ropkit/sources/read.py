"""Reading export files into raw tables of text cells. The only module here that opens files.

A :class:`RawTable` keeps every cell as text exactly as the file has it (trimmed later),
with the header names as written (duplicates kept apart by position) and the spreadsheet
row number of each data row, so a rejected row can be named the way the user sees it.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pyarrow as pa

from ropkit.errors import DataError

_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class RawTable:
    """One export file as text cells."""

    path: Path
    headers: list[str]
    data: pa.Table  # string columns c0..cN in header order
    rows: pa.Array  # int64: spreadsheet row number of each data row (header row is 1 or more)
    note: str  # how it was read, e.g. "CSV, windows-1251, ';'"
    invalid: list[tuple[int, str]] = field(
        default_factory=list
    )  # (row, why) rows Arrow could not split

    @property
    def label(self) -> str:
        return self.path.name


def expand_paths(pattern: str, base_dir: Path, key: str) -> list[Path]:
    """Files matching ``pattern`` (a path or a glob) relative to ``base_dir``."""
    full = Path(pattern).expanduser()
    if not full.is_absolute():
        full = base_dir / full
    if glob.has_magic(str(full)):
        found = sorted(Path(p) for p in glob.glob(str(full)) if Path(p).is_file())
        if not found:
            raise DataError(
                f"{key}: no file matches '{pattern}' (looked in {full.parent.resolve()}); "
                "fix the pattern (a relative path starts at the config file's folder)"
            )
        return found
    if full.is_dir():
        raise DataError(
            f"{key}: {full.resolve()} is a folder; point the path at an export file "
            f"or at a pattern like {Path(pattern) / '*.csv'}"
        )
    if not full.is_file():
        raise DataError(
            f"{key}: file not found: {full.resolve()}; fix the path "
            "(a relative path starts at the config file's folder)"
        )
    return [full]


def read_file(path: Path, encoding: str | None = None, delimiter: str | None = None) -> RawTable:
    """Read a CSV/TSV or .xlsx export into a :class:`RawTable`."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    return _read_csv(path, head, encoding, delimiter)


def detect_encoding(head: bytes) -> str:
    """BOM first; then UTF-8 if the sample decodes; else windows-1251 (Russian legacy exports)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _first_line(head: bytes, encoding: str) -> str:
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    return text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""


def _read_csv(path: Path, head: bytes, encoding: str | None, delimiter: str | None) -> RawTable:
    import pyarrow.csv as pacsv

    enc = encoding or detect_encoding(head)
    try:
        codecs.lookup(enc)
    except LookupError:
        raise DataError(f"{path}: unknown encoding '{enc}'; use utf-8, cp1251 or utf-16") from None
    line = _first_line(head, enc)
    if not line.strip():
        raise DataError(f"{path}: the file is empty; export it again")
    sep = delimiter or max((";", ",", "\t"), key=line.count)
    headers = next(csv.reader(io.StringIO(line), delimiter=sep))
    headers = [h.strip() for h in headers]
    names = [f"c{i}" for i in range(len(headers))]
    invalid: list[tuple[int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        number = row.number + 1 if row.number is not None and row.number >= 0 else -1
        invalid.append(
            (number, f"{row.actual_columns} cells where the header has {row.expected_columns}")
        )
        return "skip"

    arrow_enc = "utf-8" if enc == "utf-8-sig" else enc
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                encoding=arrow_enc, column_names=names, skip_rows=1, block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raise DataError(
                f"{path}: cannot read as .xlsx (not an Excel workbook); "
                "open and re-save it in Excel"
            ) from None
        raise DataError(
            f"{path}: cannot read as CSV ({str(exc).splitlines()[0]}); "
            "check the encoding (sources.<table>.encoding) and delimiter"
        ) from None
    rows = pa.array(range(2, table.num_rows + 2), pa.int64())
    sep_name = {"\t": "tab"}.get(sep, f"'{sep}'")
    enc_name = {"cp1251": "windows-1251", "utf-8-sig": "UTF-8 with BOM"}.get(enc, enc.upper())
    return RawTable(path, headers, table, rows, f"CSV, {enc_name}, {sep_name}", invalid)


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


def _read_xlsx(path: Path) -> RawTable:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, PasswordError, XmlError, ZipError, ValueError) as exc:
        raise DataError(
            f"{path}: cannot read as .xlsx ({exc}); open and re-save it in Excel"
        ) from None
    if not sheet:
        raise DataError(f"{path}: the first sheet is empty; export it again")
    headers = [_cell_text(h).strip() for h in sheet[0]]
    width = len(headers)
    columns: list[list[str]] = [[] for _ in range(width)]
    numbers: list[int] = []
    for i, row in enumerate(sheet[1:], start=2):
        cells = [_cell_text(v) for v in row[:width]]
        if not any(c.strip() for c in cells):
            continue
        cells += [""] * (width - len(cells))
        for col, text in zip(columns, cells, strict=True):
            col.append(text)
        numbers.append(i)
    data = pa.table({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})
    return RawTable(path, headers, data, pa.array(numbers, pa.int64()), "Excel .xlsx")
