"""Read every configured source into canonical tables of the team's rows, with the accounting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ropkit.config import Config, SourceConfig
from ropkit.errors import ConfigError, RopkitError
from ropkit.i18n import Msg
from ropkit.managers import Roster
from ropkit.schema import TABLES, Column, ColumnType
from ropkit.sources.cache import Lookup, ParseCache, Parsed
from ropkit.sources.normalize import (
    MAX_EXAMPLES,
    Mapping,
    Rejection,
    RowCount,
    check_needed,
    map_unique,
    merged_count,
    normalize,
    resolve_columns,
)
from ropkit.sources.paths import expand_paths
from ropkit.sources.presets import header_score
from ropkit.sources.read import (
    HeaderScore,
    Progress,
    RawTable,
    Resume,
    Select,
    Selection,
    read_appended,
    read_file,
)


@dataclass(frozen=True)
class FileInfo:
    """One file read: which table it fed, how it was read, its own row count."""

    table: str
    path: str
    note: str
    rows: RowCount
    preset: str  # "Bitrix24 deals"
    mapped: dict[str, str]  # canonical column -> the file's header
    skipped: int  # preamble, footer and blank lines that are not data rows
    cut: bool = False  # the file ends inside a row (downloaded only in part)
    # the parse cache: "hit" (read from it), "appended" (the cached bytes and more: only the
    # rows after them read), "grown" (the same, read again whole)
    cached: str = ""

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class Dataset:
    """Canonical rows of the team (``manager`` holds the canonical name) and the accounting."""

    tables: dict[str, pd.DataFrame]
    rows: dict[str, RowCount]
    files: list[FileInfo]
    outsiders: dict[str, Counter[str]] = field(
        default_factory=dict
    )  # table -> name -> rows left out
    found: frozenset[str] = frozenset()  # canonical names that have rows


#: told (file name, bytes read, file size) while a big CSV is read
FileProgress = Callable[[str, int, int], None]


def load_dataset(
    config: Config,
    roster: Roster,
    needed: dict[str, dict[str, str]],
    progress: FileProgress | None = None,
    cache: ParseCache | None = None,
) -> Dataset:
    """Read the sources of every table in ``needed`` (table -> column -> the metric that
    needs it), each file from ``cache`` when it holds the file as read before.

    Rows of people not on the team stay in the tables with an empty ``manager`` (a client
    first won by a former employee is not a new client of whoever wins it next); the
    original name is kept in ``_person``.
    """
    if config.sources("users"):  # ids to names, before any table that writes ids
        needed = {"users": {}, **{t: c for t, c in needed.items() if t != "users"}}
    with _Prefetch(config, needed, progress, cache) as ahead:
        return _load(config, roster, needed, ahead)


def _load(
    config: Config, roster: Roster, needed: dict[str, dict[str, str]], ahead: _Prefetch
) -> Dataset:
    tables: dict[str, pd.DataFrame] = {}
    rows: dict[str, RowCount] = {}
    files: list[FileInfo] = []
    outsiders: dict[str, Counter[str]] = {}
    for table_name, columns in needed.items():
        sources = config.sources(table_name)
        if not sources:
            metric = next(iter(columns.values()), None)
            raise _missing_source(config, table_name, metric)
        read: list[tuple[pd.DataFrame, FileInfo]] = []
        for named in _files_of(config, table_name, columns):
            of_source: list[tuple[pd.DataFrame, FileInfo]] = []
            for file in named:
                parsed, cached = ahead.result(file)
                frame = parsed.frame
                if "manager" in frame:
                    frame = _assign_managers(frame, roster)
                info = FileInfo(
                    table_name,
                    str(file.path),
                    parsed.note,
                    parsed.count,
                    parsed.title,
                    parsed.mapped,
                    parsed.skipped,
                    parsed.cut,
                    cached,
                )
                of_source.append((frame, info))
            # the files of one source are exports of one kind (a glob of monthly files);
            # ids of different sources (calls and quotes) are different things
            _drop_ids_repeated_in_later_files(of_source)
            read.extend(of_source)
        total = RowCount()
        people: Counter[str] = Counter()
        frames = []
        for frame, info in read:
            left_out = _outside(frame) if "manager" in frame else Counter[str]()
            info.rows.not_on_team = sum(left_out.values())
            people.update(left_out)
            total.add(info.rows)
            frame["_file"] = np.int32(len(files))  # (which file: 32 bits, half of the default)
            files.append(info)
            frames.append(frame)
        outsiders[table_name] = people
        combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        for col in ("manager", "kind", "outcome", "_person"):
            if col in combined:
                combined[col] = combined[col].astype("category")
        tables[table_name] = combined
        rows[table_name] = total
        if table_name == "users":
            users = combined.dropna(subset=["id", "name"])
            pairs = zip(users["id"].astype(str), users["name"].astype(str), strict=True)
            roster = roster.with_users(pairs)
    found = frozenset(
        str(name)
        for frame in tables.values()
        if "manager" in frame
        for name in frame["manager"].dropna().unique()
    )
    return Dataset(tables, rows, files, outsiders, found)


@dataclass(frozen=True, eq=False)
class _File:
    """One file to read: as which table, with which source's options, the columns the
    report needs from it, and where that source is written in the config (for messages)."""

    path: Path
    table: str
    source: SourceConfig
    columns: dict[str, str]
    key: str

    @property
    def slot(self) -> tuple[str, str, int]:
        return str(self.path), self.table, id(self.source)


def _files_of(config: Config, table: str, columns: dict[str, str]) -> Iterator[list[_File]]:
    """The files of each source of ``table``, in order; a file named twice (a glob and a
    path) is read once. A pattern that matches nothing is an error naming where it is."""
    sources = config.sources(table)
    seen: set[Path] = set()
    for i, source in enumerate(sources):
        loc: tuple[str | int, ...] = ("sources", table) + ((i,) if len(sources) > 1 else ())
        key = f"sources.{table}" + (f"[{i}]" if len(sources) > 1 else "")
        files = []
        for pattern in source.paths:
            for path in expand_paths(pattern, config.base_dir, config.place(*loc, "path")):
                if path.resolve() not in seen:
                    seen.add(path.resolve())
                    files.append(_File(path, table, source, columns, key))
        yield files


class _Prefetch:
    """The files of a run read two at a time (Arrow's reader and hashing let go of the
    interpreter: while one file is normalised the other is parsed), each result taken in
    the order the files are named, so errors and rows come out as one at a time would."""

    def __init__(
        self,
        config: Config,
        needed: dict[str, dict[str, str]],
        progress: FileProgress | None,
        cache: ParseCache | None,
    ) -> None:
        self.progress, self.cache = progress, cache
        self.pending: dict[tuple[str, str, int], Future[tuple[Parsed, str]]] = {}
        self.pool: ThreadPoolExecutor | None = None
        reads = list(_named_files(config, needed))
        if len(reads) < 2:
            return
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ropkit-read")
        for file in reads:
            self.pending[file.slot] = self.pool.submit(_read_one, file, progress, cache)

    def result(self, file: _File) -> tuple[Parsed, str]:
        found = self.pending.pop(file.slot, None)
        if found is not None:
            return found.result()
        return _read_one(file, self.progress, self.cache)

    def __enter__(self) -> _Prefetch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:  # (after an error: the reads not started are dropped)
            self.pool.shutdown(wait=True, cancel_futures=True)


def _named_files(config: Config, needed: dict[str, dict[str, str]]) -> Iterator[_File]:
    """The files the run will read, in order, up to the first that cannot be listed (the
    run says what is wrong there, in its turn)."""
    for table_name, columns in needed.items():
        if not config.sources(table_name):
            return
        try:
            for files in _files_of(config, table_name, columns):
                yield from files
        except RopkitError:
            return


def _read_one(
    file: _File, progress: FileProgress | None, cache: ParseCache | None
) -> tuple[Parsed, str]:
    """One file read and normalised, from the parse cache when its bytes were read before
    the same way; the cache's word on it ("hit", "appended", "grown", or "" for a plain
    read)."""
    path, table_name, source, columns, key = (
        file.path,
        file.table,
        file.source,
        file.columns,
        file.key,
    )
    table = TABLES[table_name]
    found = cache.look_up(path, table_name, source) if cache is not None else None
    if found is not None and found.parsed is not None:
        hit = found.parsed
        check_needed(path, hit.headers, hit.mapped, table, source, columns, key)
        return hit, "hit"
    if cache is not None and found is not None and found.state == "grown":
        appended = _read_appended(file, progress, found)
        if appended is not None:
            cache.store(found, appended, background=True)
            return appended, "appended"
    resolved: list[Mapping] = []  # the headers are matched once
    # (the cells go straight to normalize, which lets them go once parsed)
    done = normalize(
        read_file(
            path,
            source.encoding,
            source.delimiter,
            header_score_for(table_name, source),
            _columns_to_read(path, table_name, source, key, resolved),
            _for_file(progress, path.name),
        ),
        table,
        source,
        columns,
        key,
        resolved[0] if resolved else None,
    )
    raw = done.read
    parsed = Parsed(
        done.frame,
        done.count,
        done.mapping.title(),
        _mapped(raw, done.mapping),
        raw.headers,
        raw.note,
        raw.skipped,
        raw.cut,
        asdict(raw.resume) if raw.resume is not None else None,
        done.checks,
    )
    if cache is not None and found is not None:
        # (before the counts are amended for the team and repeats; written while we go on)
        cache.store(found, parsed, background=True)
    return parsed, "grown" if found is not None and found.state == "grown" else ""


def _read_appended(file: _File, progress: FileProgress | None, found: Lookup) -> Parsed | None:
    """A file that grew since it was cached (its bytes then, and more), from the cached rows
    and a read of the rows after them alone; None when that could differ from reading the
    whole file (then it is read whole).

    It could differ only through rows of the two parts meeting: a repeat (an identical
    row, a product row of a deal, a deal's conflicting row) shares an id with a row kept (a
    row identical to a rejected one is rejected for the same reason). So: every earlier row
    kept has an id, the earlier read ended clean (:class:`read.Resume`), the new rows read
    below the same header with the same mapping and share no id with the kept ones; the
    counts are merged as one read orders its examples and reasons (normalize.merged_count).
    """
    earlier, resume = found.earlier, found.resume
    if earlier is None or resume is None or "id" not in earlier.frame:
        return None
    if earlier.frame["id"].isna().any():
        return None
    resolved: list[Mapping] = []
    raw = read_appended(
        file.path,
        Resume(**resume),
        found.earlier_size,
        header_score_for(file.table, file.source),
        _columns_to_read(file.path, file.table, file.source, file.key, resolved),
        _for_file(progress, file.path.name),
    )
    if raw is None or raw.headers != earlier.headers:
        return None
    mapping = resolved[0] if resolved else None
    done = normalize(raw, TABLES[file.table], file.source, file.columns, file.key, mapping)
    new = done.frame
    if (
        _mapped(raw, done.mapping) != earlier.mapped
        or done.mapping.title() != earlier.title
        or list(new.columns) != list(earlier.frame.columns)
        or _share_ids(earlier.frame["id"], new["id"])
    ):
        return None
    count = merged_count(earlier.count, done.count, earlier.checks, done.checks)
    if count is None:
        return None
    return Parsed(
        _joined(earlier.frame, new),
        count,
        earlier.title,
        earlier.mapped,
        earlier.headers,
        earlier.note,
        earlier.skipped + raw.skipped - raw.top,  # (the preamble is in both reads)
        raw.cut,
        asdict(raw.resume) if raw.resume is not None else None,
        [(r, c, a + b) for (r, c, a), (_, _, b) in zip(earlier.checks, done.checks, strict=True)],
    )


def _share_ids(earlier: pd.Series, new: pd.Series) -> bool:
    """Whether an id of ``new`` is one of ``earlier`` (a million earlier ids looked up in a
    table of the few new ones, by Arrow: ten times pandas' speed on Arrow strings)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pc.unique(pa.array(new.dropna(), pa.string()))
    return bool(len(ids)) and bool(pc.any(pc.is_in(pa.array(earlier, pa.string()), ids)).as_py())


def _joined(first: pd.DataFrame, then: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``first`` then ``then``, as one read of both would give them: a column of
    categories keeps them, the new ones after, in the order they appear."""
    from pandas.api.types import union_categoricals

    out = pd.concat([first, then], ignore_index=True)
    for name in first.columns:
        a, b = first[name], then[name]
        if isinstance(a.dtype, pd.CategoricalDtype) and isinstance(b.dtype, pd.CategoricalDtype):
            out[name] = pd.Series(union_categoricals([a, b]), index=out.index)
    return out


def _drop_ids_repeated_in_later_files(read: list[tuple[pd.DataFrame, FileInfo]]) -> None:
    """Exports that overlap (October's and November's both hold deal 1) count it once: a
    record whose id is also in a later file (a newer export) is rejected in the earlier one."""
    later: list[pd.Series] = []
    for n in range(len(read) - 1, -1, -1):
        frame, info = read[n]
        if "id" not in frame:
            continue
        ids = frame["id"].astype("string")
        if not later:
            later.append(ids)
            continue
        repeated = ids.notna() & ids.isin(pd.concat(later, ignore_index=True))
        later.append(ids)
        if not repeated.any():
            continue
        # a folded deal stands for all its product rows
        weights = frame["_n"] if "_n" in frame else pd.Series(1, index=frame.index)
        hits = int(weights[repeated].sum())
        count = info.rows
        count.used -= hits
        count.rejected += hits
        count.folded -= hits - int(repeated.sum())
        count.reasons["duplicate_id"] += hits
        header = info.mapped.get("id", "id")
        name = info.name
        for _, row in frame[repeated].head(MAX_EXAMPLES - len(count.examples)).iterrows():
            count.examples.append(
                Rejection(name, int(row["_row"]), header, str(row["id"]), "duplicate_id")
            )
        count.examples.sort(key=lambda r: r.row)
        read[n] = (frame[~repeated.to_numpy()].reset_index(drop=True), info)


def header_score_for(table: str, source: SourceConfig) -> HeaderScore:
    """How much a row looks like a header of ``table`` (known names and the config's own)."""
    names = TABLES[table].names
    extra = [h for v in source.columns.values() for h in ([v] if isinstance(v, str) else v)]
    return lambda row: header_score(row, table, names, extra)


def _for_file(progress: FileProgress | None, name: str) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(name, done, total)


def _columns_to_read(
    path: Path, table: str, source: SourceConfig, key: str, resolved: list[Mapping]
) -> Select:
    """Only the mapped columns of a big activity export (a Bitrix24 list has dozens; the
    others are looked at only for rows that may repeat another); deals are read whole (a
    product row repeats its deal in every cell). Names, stages and the like come
    dictionary-encoded either way. The mapping is kept in ``resolved`` for normalize."""

    def pick(headers: list[str]) -> Selection:
        mapping = resolve_columns(path, headers, TABLES[table], source, key)
        resolved.append(mapping)
        columns = {pos for positions in mapping.columns.values() for pos in positions}
        if table == "deals":
            columns = set(range(len(headers)))
        kinds = TABLES[table].columns_by_name
        uses: dict[int, set[bool]] = {}  # position -> whether each column mapped there is few
        for canon, positions in mapping.columns.items():
            few = canon in kinds and _few(kinds[canon])
            for pos in positions:
                uses.setdefault(pos, set()).add(few)
        coded = frozenset(pos for pos, few in uses.items() if few == {True})
        return Selection(columns, mapping.columns.get("id", [None])[0], coded)

    return pick


def _few(column: Column) -> bool:
    """A column of few distinct values (names, types, statuses), read dictionary-encoded."""
    return column.type in (ColumnType.TEXT, ColumnType.BOOL) and not column.unique


def _mapped(raw: RawTable, mapping: Mapping) -> dict[str, str]:
    return {canon: raw.headers[pos[0]] for canon, pos in mapping.columns.items()}


def _assign_managers(frame: pd.DataFrame, roster: Roster) -> pd.DataFrame:
    """Canonical names in ``manager`` (empty for people not on the team), the name as written
    in ``_person``."""
    spellings = frame["manager"].astype("category").cat.categories
    matched = roster.match(str(s) for s in spellings)
    out = frame.copy(deep=False)  # (copy-on-write: the cached frame stays as it was)
    out["_person"] = map_unique(frame["manager"], lambda s: roster.spelled(str(s)))
    out["manager"] = map_unique(frame["manager"], lambda s: matched[str(s)])
    return out


def _outside(frame: pd.DataFrame) -> Counter[str]:
    """Rows of people not on the team, by the name as written."""
    counts = frame.loc[frame["manager"].isna(), "_person"].value_counts()
    return Counter({str(k): int(v) for k, v in counts.items() if v})


def _missing_source(config: Config, table: str, metric: str | None) -> Exception:
    why = Msg("need.source", metric=metric) if metric else ""
    return ConfigError("error.no_source", path=config.file, table=table, why=why)
