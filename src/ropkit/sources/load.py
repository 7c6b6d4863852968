"""Read every configured source into canonical tables of the team's rows, with the accounting."""

from __future__ import annotations

import itertools
import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import cast

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
    Normalized,
    Rejection,
    RowCount,
    check_needed,
    joined_frames,
    map_unique,
    merged_count,
    normalize,
    resolve_columns,
)
from ropkit.sources.paths import expand_paths
from ropkit.sources.presets import header_score
from ropkit.sources.read import (
    HAND_BACK_BYTES,
    HeaderScore,
    Progress,
    RawTable,
    Resume,
    Select,
    Selection,
    read_appended,
    read_file,
    release_memory,
    slice_points,
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
        dataset = _load(config, roster, needed, ahead)
    release_memory()  # (what reading held, before the report takes its own)
    return dataset


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
            # (which file: in the fewest bytes it fits, an eighth of the default at most)
            frame["_file"] = np.min_scalar_type(-len(files) - 1).type(len(files))
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
        for name in frame["manager"].unique()  # (not dropna first: a copy of every row)
        if not pd.isna(name)
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
    parsed = _read_sliced(file, progress)
    if parsed is None:
        resolved: list[Mapping] = []  # the headers are matched once
        # (the cells go straight to normalize, which lets them go once parsed)
        parsed = _parsed(
            normalize(
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
        )
    if cache is not None and found is not None:
        # (before the counts are amended for the team and repeats; written while we go on)
        cache.store(found, parsed, background=True)
    return parsed, "grown" if found is not None and found.state == "grown" else ""


def _parsed(done: Normalized) -> Parsed:
    """What a file read whole (or the first part of one) gave, as the cache keeps it."""
    raw = done.read
    return Parsed(
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
        done.decided,
    )


#: a CSV bigger than this is read a part of :data:`SLICE_BYTES` at a time: reading a part
#: holds ~3 times its bytes (its bytes, cells and parsed columns) besides the rows kept, so
#: 16 MiB parts (10M rows: a peak of ~550 MiB, 64 MiB parts ~610) in the same time
SLICE_FROM = 256 << 20
SLICE_BYTES = 16 << 20


def _read_sliced(file: _File, progress: FileProgress | None) -> Parsed | None:
    """A big CSV read in parts of about :data:`SLICE_BYTES` (cut after line breaks outside
    quotes; the cuts looked for by a thread while the parts before them are read), each
    normalised before the next is read and all joined as one read of the whole file gives
    them (see :class:`_Parts`); None when the file is small, cannot be cut exactly, or its
    parts could read differently from the whole (then it is read whole)."""
    path, source = file.path, file.source
    try:
        size = path.stat().st_size
    except OSError:
        return None  # (the whole read says what is wrong)
    if size <= SLICE_FROM:
        return None
    with _Ahead() as ahead:
        points = slice_points(path, source.encoding, source.delimiter, SLICE_BYTES, ahead.stop)
        if points is None:
            return None
        cuts = ahead.run(points)
        first = next(cuts, size)
        if first >= size:
            return None  # (not one cut)
        try:
            return _parts_read(file, itertools.chain([first], cuts), size, progress)
        except RopkitError:
            return None  # (the whole read says what is wrong, as it would have)


class _Ahead:
    """The items of an iterator worked out by a thread ahead of the one taking them (the
    places to cut a file, while the parts before them are read); stopped on leaving."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.found: queue.Queue[object] = queue.Queue()
        self.thread: threading.Thread | None = None

    def run(self, items: Iterator[int]) -> Iterator[int]:
        self.thread = threading.Thread(target=self._work, args=(items,), name="ropkit-cuts")
        self.thread.start()
        while (item := self.found.get()) is not _Ahead:
            if isinstance(item, BaseException):
                raise item
            yield cast(int, item)

    def _work(self, items: Iterator[int]) -> None:
        try:
            for item in items:
                self.found.put(item)
        except BaseException as exc:  # (told to the reader, in its thread)
            self.found.put(exc)
        finally:
            self.found.put(_Ahead)

    def __enter__(self) -> _Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()


def _parts_read(
    file: _File, points: Iterator[int], size: int, progress: FileProgress | None
) -> Parsed | None:
    """The parts of ``file`` ending at ``points``, read and joined (see :func:`_read_sliced`);
    None unless they end at the file's end."""
    path, source = file.path, file.source
    score = header_score_for(file.table, source)
    told = _for_file(progress, path.name)
    parts: _Parts | None = None
    start = handed_back = 0
    known: dict[tuple[str, ...], tuple[Mapping, Selection]] = {}  # (headers matched once)
    for stop in points:
        at = None if told is None else _from(told, start, size)
        resolved: list[Mapping] = []
        select = _columns_to_read(path, file.table, source, file.key, resolved, known)
        if parts is None:
            spans: list[tuple[int, int | None]] = [(0, stop)]
            raw = read_file(path, source.encoding, source.delimiter, score, select, at, spans)
            parts = _Parts(_parsed(_normalized(raw, file, resolved)))
        elif (resume := parts.follows()) is None:
            return None
        else:
            later = read_appended(path, resume, start, score, select, at, stop)
            if later is None or not parts.add(_normalized(later, file, resolved)):
                return None
        if stop - handed_back >= HAND_BACK_BYTES:  # (the parts' cells since, before the next)
            release_memory()
            handed_back = stop
        start = stop
    return parts.parsed() if parts is not None and start == size else None


def _from(progress: Progress, start: int, size: int) -> Progress:
    """A part's progress told as the whole file's."""
    return lambda done, _: progress(min(start + done, size), size)


def _normalized(raw: RawTable, file: _File, resolved: list[Mapping]) -> Normalized:
    """``raw`` normalised (pass it straight in: its cells are let go once parsed)."""
    mapping = resolved[0] if resolved else None
    return normalize(raw, TABLES[file.table], file.source, file.columns, file.key, mapping)


def _read_appended(file: _File, progress: FileProgress | None, found: Lookup) -> Parsed | None:
    """A file that grew since it was cached (its bytes then, and more), from the cached rows
    and a read of the rows after them alone (see :class:`_Parts`); None when that could
    differ from reading the whole file (then it is read whole)."""
    if found.earlier is None:
        return None
    parts = _Parts(found.earlier)
    if (resume := parts.follows()) is None:
        return None
    resolved: list[Mapping] = []
    raw = read_appended(
        file.path,
        resume,
        found.earlier_size,
        header_score_for(file.table, file.source),
        _columns_to_read(file.path, file.table, file.source, file.key, resolved),
        _for_file(progress, file.path.name),
    )
    if raw is None or not parts.add(_normalized(raw, file, resolved)):
        return None
    return parts.parsed()


class _Parts:
    """A file read in parts, one after another (a grown file: the rows cached, then those
    appended; a big export: its slices), joined as one read of the whole file gives it.

    Rows of different parts could only meet through a repeat (an identical row, a product
    row of a deal, a deal's conflicting row), which shares an id with a row kept (a row
    identical to a rejected one is rejected for the same reason). So a part follows only
    when the read before it ended clean (:class:`read.Resume`) and every row kept so far
    has an id (:meth:`follows`); it is taken when it reads below the same header with the
    same mapping and its kept rows share no id with the earlier ones; the counts are
    merged as one read orders its examples and reasons (normalize.merged_count)."""

    def __init__(self, first: Parsed) -> None:
        self.first, self.frames = first, [first.frame]
        self.count, self.checks, self.skipped = first.count, first.checks, first.skipped
        self.cut, self.resume = first.cut, first.resume
        self.span = _id_span(first.frame["id"]) if "id" in first.frame else None
        # categories ropkit works out rather than reads: a new one in a later part could
        # come in another order than one read gives (a kind recoded by a call's result is
        # added at the end, after kinds a later part brings)
        frame = first.frame
        derived = ["outcome", *(["kind"] if "result" in frame else [])]
        self.derived = {
            name: set(frame[name].cat.categories)
            for name in derived
            if name in frame and isinstance(frame[name].dtype, pd.CategoricalDtype)
        }

    def follows(self) -> Resume | None:
        """Where a next part is read from after the parts so far; None when none can be."""
        ids = self.frames[-1].get("id")
        if self.resume is None or ids is None or ids.isna().any():
            return None
        return Resume(**self.resume)

    def add(self, done: Normalized) -> bool:
        """Take the next part; False when it could read differently in the whole file."""
        raw, new, first = done.read, done.frame, self.first
        if (
            raw.headers != first.headers
            or _mapped(raw, done.mapping) != first.mapped
            or done.mapping.title() != first.title
            or list(new.columns) != list(first.frame.columns)
            # each column decided for every cell (day-first dates, thousands commas) as the
            # first did: then one read of both decides the same (see values.Parsed.how)
            or first.decided is None
            or done.decided != first.decided
            or any(
                not set(new[name].cat.categories) <= known for name, known in self.derived.items()
            )
            or self._shared(new["id"])
        ):
            return False
        count = merged_count(self.count, done.count, self.checks, done.checks)
        if count is None:
            return False
        self.frames.append(new)
        self.count = count
        self.checks = [
            (r, c, a + b) for (r, c, a), (_, _, b) in zip(self.checks, done.checks, strict=True)
        ]
        self.skipped += raw.skipped - raw.top  # (the preamble is in both reads)
        self.cut, self.resume = raw.cut, asdict(raw.resume) if raw.resume is not None else None
        return True

    def parsed(self) -> Parsed:
        first = self.first
        frame = joined_frames(self.frames)
        self.frames = []
        return Parsed(
            frame,
            self.count,
            first.title,
            first.mapped,
            first.headers,
            first.note,
            self.skipped,
            self.cut,
            self.resume,
            self.checks,
        )

    def _shared(self, ids: pd.Series) -> bool:
        """Whether an id of ``ids`` is one of the parts' so far: not when, as numbers, they
        all lie above or all below those (ids in order, as exports list them); else looked up."""
        if not ids.notna().any():
            return False  # (no row kept: nothing to meet, and the span stays as it is)
        span = _id_span(ids)
        if span is None or self.span is None:
            self.span = None
        else:
            disjoint = span[0] > self.span[1] or span[1] < self.span[0]
            self.span = (min(span[0], self.span[0]), max(span[1], self.span[1]))
            if disjoint:
                return False
        return _share_ids([frame["id"] for frame in self.frames], ids)


def _id_span(ids: pd.Series) -> tuple[int, int] | None:
    """The lowest and highest id, read as whole numbers; None when one is not a number (or
    there are none)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        low, high = pc.min_max(pc.cast(pa.array(ids.dropna(), pa.string()), pa.int64())).values()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if low.as_py() is None:
        return None
    return int(low.as_py()), int(high.as_py())


def _share_ids(earlier: list[pd.Series], new: pd.Series) -> bool:
    """Whether an id of ``new`` is one of ``earlier`` (a million earlier ids looked up in a
    table of the few new ones, by Arrow: ten times pandas' speed on Arrow strings)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pc.unique(pa.array(new.dropna(), pa.string()))
    return bool(len(ids)) and any(
        pc.any(pc.is_in(pa.array(part, pa.string()), ids)).as_py() for part in earlier
    )


def _drop_ids_repeated_in_later_files(read: list[tuple[pd.DataFrame, FileInfo]]) -> None:
    """Exports that overlap (October's and November's both hold deal 1) count it once: a
    record whose id is also in a later file (a newer export) is rejected in the earlier one."""
    if len(read) < 2:
        return
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
    path: Path,
    table: str,
    source: SourceConfig,
    key: str,
    resolved: list[Mapping],
    known: dict[tuple[str, ...], tuple[Mapping, Selection]] | None = None,
) -> Select:
    """Only the mapped columns of a big activity export (a Bitrix24 list has dozens; the
    others are looked at only for rows that may repeat another); deals are read whole (a
    product row repeats its deal in every cell). Names, stages and the like come
    dictionary-encoded either way. The mapping is kept in ``resolved`` for normalize;
    ``known``: the headers already matched (the parts of one file share them)."""

    def pick(headers: list[str]) -> Selection:
        if known is not None and (seen := known.get(tuple(headers))) is not None:
            resolved.append(seen[0])
            return seen[1]
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
        chosen = Selection(columns, mapping.columns.get("id", [None])[0], coded)
        if known is not None:
            known[tuple(headers)] = mapping, chosen
        return chosen

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
