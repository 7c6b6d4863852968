"""The parse cache: each export's canonical rows as read and normalised, kept on disk so that
a second run on the same file skips the reading.

One entry per file and way of reading it (the *slot*: the file's path, the table, the
source's options, ropkit's version and code), holding the last content read there. An entry
is one file::

    MAGIC | header length (8 bytes, little-endian) | header (JSON) | payload (Arrow IPC stream)

The header repeats the whole key, the file's fingerprint (size, times, SHA-256 of the bytes)
and the payload's length and SHA-256; an entry that disagrees with any of them is ignored
(and replaced by the next read), never trusted. Entries are written to a temporary file in
the same folder and moved into place with ``os.replace``, so a reader sees a whole entry or
none, and two runs writing one entry each write a whole one. The folder is kept under a size
limit by dropping the entries used longest ago.

What is cached is the file's result *before* the managers are matched to the team list, so
editing the team does not throw the cache away.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import struct
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeAlias, TypeVar

from ropkit import __version__

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ropkit.config import SourceConfig
    from ropkit.sources.normalize import RowCount

#: bump when the entry's layout or what it holds changes
FORMAT = 1
MAGIC = b"ropkit parse cache\n"
_LENGTH = struct.Struct("<Q")
SUFFIX = ".entry"
DEFAULT_MAX_MB = 2048
#: a file changed less than this before it was read may change again within one tick of
#: its clock (2 s on FAT) unseen by its times: its bytes are hashed again next time
RACY_NS = 2_000_000_000
_CHUNK = 1 << 22
_STALE_TMP_S = 3600  # a temporary file this old is a writer that died
_T = TypeVar("_T")

#: the modules whose code decides what a file reads as: a change to any of them (a new
#: preset, a fixed parser) is a new key even before the version number moves
_CODE = (
    "sources/read.py",
    "sources/normalize.py",
    "sources/presets.py",
    "sources/values.py",
    "sources/cache.py",
    "schema.py",
    "metric_catalog.py",
    "config.py",
)

State = Literal["hit", "grown", "changed", "new"]

#: a payload: bytes, or a table streamed as Arrow IPC (never whole in memory)
Payload: TypeAlias = "bytes | memoryview | pa.Table"
#: placeholders in the header, overwritten in place (same width) once the payload is out
_SIZE_MARK = "~" * 20
_SHA_MARK = "~" * 64


@dataclass(frozen=True)
class Parsed:
    """What reading one file gave, before the managers are matched: what an entry holds."""

    frame: pd.DataFrame
    count: RowCount
    title: str  # the preset's title ("Bitrix24 deals")
    mapped: dict[str, str]  # canonical column -> the file's header
    headers: list[str]
    note: str
    skipped: int
    cut: bool
    resume: dict[str, Any] | None = None  # where a clean CSV read ended (read.Resume)
    # normalize's checks in order with the rows each rejected (to add a grown file's up)
    checks: list[tuple[str, str, int]] = field(default_factory=list)
    # what each column decided for all its cells (normalize.Normalized.decided); None: not
    # known (an entry of an earlier ropkit), so rows read apart cannot be joined to it
    decided: dict[str, list[str]] | None = None


@dataclass(frozen=True)
class Stat:
    """What the file system says of a file: equal stats and an old enough change mean the
    same bytes (the ctime moves on every write and cannot be set back)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int

    @classmethod
    def of(cls, path: Path) -> Stat:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class Hashing:
    """The SHA-256 of a file, worked out in a thread while the file is read (hashlib and
    Arrow's reader both let go of the interpreter lock): the first read does not wait for it."""

    def __init__(self, path: Path) -> None:
        self._digest: str | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        self._digest = _digest(path, None)[0]

    def result(self) -> str | None:
        self._thread.join()
        return self._digest


@dataclass(frozen=True)
class Lookup:
    """A file looked up: its entry when the bytes are the same (``parsed``), how it stands
    (hit; grown: the cached bytes followed by more; changed; new), and what the entry
    written after reading it will say of it."""

    slot: Path
    key: dict[str, Any]
    state: State
    stat: Stat | None
    digest: str | Hashing | None
    stamp_ns: int
    parsed: Parsed | None = None
    # grown: what the cached bytes read as, their length, and where that read ended (see
    # read.Resume), so that only the rows after them need reading
    earlier: Parsed | None = None
    earlier_size: int = 0
    resume: dict[str, Any] | None = None

    @property
    def sha256(self) -> str | None:
        """The file's SHA-256 as looked up (waiting for its thread, if any)."""
        return self.digest.result() if isinstance(self.digest, Hashing) else self.digest


class ParseCache:
    """A folder of entries, at most ``max_bytes`` in all."""

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_MB << 20) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> ParseCache | None:
        """The user's cache (``ROPKIT_CACHE_DIR``, else the platform's cache folder), limited
        to ``ROPKIT_CACHE_MAX_MB``; None when ``ROPKIT_NO_CACHE`` is set."""
        env = os.environ if environ is None else environ
        if env.get("ROPKIT_NO_CACHE", "").strip() not in ("", "0"):
            return None
        try:
            limit = int(env.get("ROPKIT_CACHE_MAX_MB", DEFAULT_MAX_MB))
        except ValueError:
            limit = DEFAULT_MAX_MB
        return cls(cache_folder(env), max(limit, 0) << 20)

    # -- looking up and storing -----------------------------------------------------------

    def look_up(self, path: Path, table: str, source: SourceConfig) -> Lookup:
        """The entry of ``path`` read as ``table`` with ``source``'s options, if its bytes
        are the ones cached. The bytes are hashed unless the file's stat is the one recorded
        and was old enough then."""
        settle()
        key = entry_key(path, table, source)
        slot = self.folder / (slot_name(key) + SUFFIX)
        stamp = time.time_ns()
        try:
            stat = Stat.of(path)
        except OSError:  # the reader says what is wrong with the file
            return Lookup(slot, key, "new", None, None, stamp)
        header = _read_header(slot, key)
        if header is None:
            return Lookup(slot, key, "new", stat, Hashing(path), stamp)
        was = header["file"]
        settled = was["stamp_ns"] - max(stat.mtime_ns, stat.ctime_ns) > RACY_NS
        if Stat(**was["stat"]) == stat and settled:
            parsed = self._load(slot, key)
            state: State = "hit" if parsed is not None else "changed"
            return Lookup(slot, key, state, stat, was["digest"], was["stamp_ns"], parsed)
        size = int(was["stat"]["size"])
        digest, prefix = _digest(path, size if size < stat.size else None)
        if digest == was["digest"]:
            parsed = self._load(slot, key)
            if parsed is None:
                return Lookup(slot, key, "changed", stat, digest, stamp)
            found = Lookup(slot, key, "hit", stat, digest, stamp, parsed)
            if stamp - max(stat.mtime_ns, stat.ctime_ns) > RACY_NS:
                self.store(found, parsed)  # touched, not changed: next time no hashing
            return found
        if prefix is None or prefix != was["digest"]:
            return Lookup(slot, key, "changed", stat, digest, stamp)
        earlier = self._load(slot, key)
        resume = earlier.resume if earlier is not None else None
        return Lookup(slot, key, "grown", stat, digest, stamp, None, earlier, size, resume)

    def store(self, found: Lookup, parsed: Parsed, background: bool = False) -> None:
        """Write the entry of a file just read (unless the file changed while it was read).
        A cache that cannot be written is no error: the next run reads the file again.
        ``background``: the frame is taken now, the entry written in a thread while the
        run goes on (:func:`settle` waits for it)."""
        if found.stat is None or found.digest is None:
            return
        try:
            if Stat.of(Path(found.key["file"])) != found.stat:
                return  # written to while we read it: what we read is of no known version
        except OSError:
            return
        table, meta = _table(parsed.frame), _meta(parsed)  # now: the frame may change later

        def write() -> None:
            import pyarrow as pa

            digest = found.sha256
            if digest is None:
                return
            file = {"stat": vars(found.stat), "digest": digest, "stamp_ns": found.stamp_ns}
            try:
                self._write(found.slot, found.key, table, meta, file=file)
            except (OSError, ValueError, TypeError, pa.ArrowException):
                return  # the cache's trouble, not the run's: the next run reads the file

        if not background:
            write()
            return
        thread = threading.Thread(target=write, name="ropkit-cache-write")
        thread.start()
        _writing.append(thread)

    def _load(self, slot: Path, key: dict[str, Any]) -> Parsed | None:
        """The parsed file at ``slot`` when its entry is whole and of ``key``; else None.
        Read back a batch of rows at a time: the frame is not held twice."""
        return self._read_entry(slot, key, _parsed_entry)

    def _entry(self, slot: Path, key: dict[str, Any]) -> tuple[dict[str, Any], bytes] | None:
        """The header and payload at ``slot`` when the entry is whole and of ``key``; else
        None."""
        return self._read_entry(
            slot, key, lambda fh, header: (header, fh.read(int(header["payload"]["size"])))
        )

    def _read_entry(
        self, slot: Path, key: dict[str, Any], take: Callable[[BinaryIO, dict[str, Any]], _T]
    ) -> _T | None:
        """What ``take`` makes of the entry at ``slot`` (the file at its payload, its header)
        when the entry is whole and of ``key`` — its payload checked by streaming it through
        the hash first — and the entry is then marked as just used; None otherwise."""
        try:
            with slot.open("rb") as fh:
                header = _header_from(fh, key)
                if header is None:
                    return None
                start = fh.tell()
                if not _whole(fh, int(header["payload"]["size"]), header["payload"]["sha256"]):
                    return None  # cut short, longer, or not the bytes written
                fh.seek(start)
                got = take(fh, header)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if got is not None:
            with contextlib.suppress(OSError):
                os.utime(slot)  # last used: the eviction drops the oldest first
        return got

    # -- any other result, under a key of its own (see ropkit.memo) ------------------------

    def recall(self, key: dict[str, Any]) -> tuple[dict[str, Any], bytes] | None:
        """What :meth:`keep` kept under ``key``: its notes and bytes; None if nothing whole."""
        settle()
        found = self._entry(self.folder / (slot_name(key) + SUFFIX), key)
        if found is None or not isinstance(found[0].get("meta"), dict):
            return None
        return found[0]["meta"], found[1]

    def keep(self, key: dict[str, Any], meta: dict[str, Any], payload: bytes) -> None:
        """Keep ``payload`` (and ``meta``, JSON) under ``key``; a cache that cannot be
        written is no error."""
        try:
            self._write(self.folder / (slot_name(key) + SUFFIX), key, payload, meta)
        except OSError:
            return

    def _write(
        self, slot: Path, key: dict[str, Any], payload: Payload, meta: dict[str, Any], **more: Any
    ) -> None:
        """An entry written whole at ``slot`` (then the folder kept under its limit)."""
        header = {
            "format": FORMAT,
            "key": key,
            **more,
            # (filled in once the payload is written: see _write_atomically)
            "payload": {"size": _SIZE_MARK, "sha256": _SHA_MARK},
            "meta": meta,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        if _write_atomically(slot, _encode_header(header), payload, self.max_bytes):
            self.evict(keep=slot)

    # -- the folder -----------------------------------------------------------------------

    def entries(self) -> list[Path]:
        """The entry files, the least recently used first."""
        try:
            found = [p for p in self.folder.iterdir() if p.suffix == SUFFIX]
        except OSError:
            return []
        return sorted(found, key=_used_at)

    def size(self) -> int:
        return sum(_size(p) for p in self.entries())

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Drop the entries used longest ago until the folder is under its limit (and the
        temporary files of writers that died). ``keep`` goes last."""
        dropped: list[Path] = []
        now = time.time()
        for tmp in self.folder.glob(".*.tmp"):
            try:
                if now - tmp.stat().st_mtime > _STALE_TMP_S:
                    tmp.unlink()
            except OSError:
                pass
        entries = self.entries()
        if keep is not None and keep in entries:
            entries.remove(keep)
            entries.append(keep)
        total = sum(_size(p) for p in entries)
        for entry in entries:
            if total <= self.max_bytes:
                break
            total -= _size(entry)
            try:
                entry.unlink()
                dropped.append(entry)
            except OSError:
                pass
        return dropped

    def clear(self) -> tuple[int, int]:
        """Remove every entry (and temporary file): how many, and their bytes."""
        settle()
        n = freed = 0
        for entry in self.entries():
            size = _size(entry)
            try:
                entry.unlink()
            except OSError:
                continue
            n, freed = n + 1, freed + size
        for tmp in self.folder.glob(".*.tmp") if self.folder.is_dir() else []:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return n, freed


def cache_folder(environ: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """``ROPKIT_CACHE_DIR``, else the user's cache folder (``~/.cache/ropkit/parsed`` on
    Linux, ``~/Library/Caches/ropkit/parsed`` on macOS, ``%LOCALAPPDATA%\\ropkit\\Cache\\
    parsed`` on Windows)."""
    env = os.environ if environ is None else environ
    if env.get("ROPKIT_CACHE_DIR"):
        return Path(env["ROPKIT_CACHE_DIR"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("ropkit", appauthor=False)) / "parsed"


#: entries being written in the background (see ParseCache.store)
_writing: list[threading.Thread] = []


def settle() -> None:
    """Wait until every entry written in the background is in place (at the end of a
    command, and before the folder is looked at again)."""
    while True:
        try:
            thread = _writing.pop()
        except IndexError:  # (another thread took the last one)
            return
        if thread is not threading.current_thread():
            thread.join()


# -- the key ------------------------------------------------------------------------------


def entry_key(path: Path, table: str, source: SourceConfig) -> dict[str, Any]:
    """Everything that decides what ``path`` reads as, except its bytes (checked apart): the
    file, the table, the source's options but its path pattern, and the code that reads."""
    import pandas as pd
    import pyarrow as pa

    return {
        "format": FORMAT,
        "ropkit": __version__,
        "code": code_digest(),
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "table": table,
        "file": str(path.resolve()),
        "source": source.model_dump(mode="json", exclude={"path"}),
    }


def slot_name(key: dict[str, Any]) -> str:
    text = json.dumps(key, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


@functools.cache
def code_digest() -> str:
    """A hash of the modules that read and normalise: the key changes with their code."""
    here = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for name in _CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:32]


def _digest(path: Path, prefix: int | None) -> tuple[str | None, str | None]:
    """SHA-256 of the file's bytes (about 1 GB/s), and of its first ``prefix`` bytes."""
    h = hashlib.sha256()
    at_prefix: str | None = None
    done = 0
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                if prefix is not None and at_prefix is None and done + len(chunk) >= prefix:
                    cut = prefix - done
                    h.update(chunk[:cut])
                    at_prefix = h.hexdigest()
                    h.update(chunk[cut:])
                else:
                    h.update(chunk)
                done += len(chunk)
    except OSError:
        return None, None
    return h.hexdigest(), at_prefix


# -- the entry file -----------------------------------------------------------------------


def _whole(fh: BinaryIO, size: int, sha256: str) -> bool:
    """Whether the rest of ``fh`` is ``size`` bytes of that SHA-256 (read a chunk at a time)."""
    digest, left = hashlib.sha256(), size
    while left > 0 and (chunk := fh.read(min(left, _CHUNK))):
        digest.update(chunk)
        left -= len(chunk)
    return left == 0 and not fh.read(1) and digest.hexdigest() == sha256


def _encode_header(header: dict[str, Any]) -> bytes:
    text = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return MAGIC + _LENGTH.pack(len(text)) + text


def _header_from(fh: BinaryIO, key: dict[str, Any]) -> dict[str, Any] | None:
    """The header of an entry of ``key`` and this format; None for anything else."""
    if fh.read(len(MAGIC)) != MAGIC:
        return None
    length = fh.read(_LENGTH.size)
    if len(length) != _LENGTH.size:
        return None
    (n,) = _LENGTH.unpack(length)
    if n > 64 << 20:
        return None
    text = fh.read(n)
    if len(text) != n:
        return None
    try:
        header = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if header.get("key") != key:
        return None
    return header


def _read_header(slot: Path, key: dict[str, Any]) -> dict[str, Any] | None:
    try:
        with slot.open("rb") as fh:
            header = _header_from(fh, key)
        if header is not None:
            Stat(**header["file"]["stat"])  # a header of the expected shape
            str(header["file"]["digest"])
            int(header["file"]["stamp_ns"])
        return header
    except (OSError, KeyError, TypeError, ValueError):
        return None


def _write_atomically(target: Path, header: bytes, payload: Payload, limit: int) -> bool:
    """Write next to ``target`` and move into place: readers see all of it or none. The
    payload's size and SHA-256 go into the header's placeholders after it is written (a
    table streams out batch by batch: no copy of it is held). False when it is over
    ``limit`` bytes (then nothing is written)."""
    size_at = header.index(f'"size": "{_SIZE_MARK}"'.encode()) + len('"size": "')
    sha_at = header.index(f'"sha256": "{_SHA_MARK}"'.encode()) + len('"sha256": "')
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(header)
            out = _Hashed(fh)
            if isinstance(payload, bytes | memoryview):
                out.write(payload)
            else:
                _stream(payload, out)
            if out.size > limit:
                raise _TooBig
            fh.seek(size_at)
            fh.write(f"{out.size:020d}".encode())
            fh.seek(sha_at)
            fh.write(out.digest.hexdigest().encode())
        # (no fsync: an entry a crash left half on disk fails its checksum and is ignored)
        os.replace(tmp, target)
        return True
    except _TooBig:
        os.unlink(tmp)
        return False
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class _TooBig(Exception):
    """A payload over the cache's whole size limit: not kept."""


class _Hashed(io.RawIOBase):
    """A file written through, counting and hashing what goes in."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh, self.size, self.digest = fh, 0, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self.fh.write(view)
        self.digest.update(view)
        self.size += view.nbytes
        return view.nbytes


def _stream(table: pa.Table, out: _Hashed) -> None:
    import pyarrow as pa

    with pa.ipc.new_stream(pa.PythonFile(out, mode="w"), table.schema) as writer:
        writer.write_table(table, max_chunksize=_BATCH_ROWS)


def _used_at(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# -- the payload: the frame as Arrow, the rest as JSON ------------------------------------


def _table(frame: pd.DataFrame) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def _frame(table: pa.Table, meta: dict[str, Any]) -> pd.DataFrame:
    """A batch of an entry's rows as the frame they were (Arrow strings kept Arrow's)."""
    import pandas as pd
    import pyarrow as pa

    # every column copied out of the batch's bytes (a view of one column would hold them
    # all: the frame of an entry twice)
    frame: pd.DataFrame = table.drop_columns(meta["arrow"]).to_pandas().copy(deep=True)
    for name in meta["arrow"]:
        column = table.column(name)
        if column.num_chunks:
            column = pa.chunked_array([pa.concat_arrays(column.chunks)])
        frame[name] = pd.Series(column.to_pandas(types_mapper=pd.ArrowDtype), index=frame.index)
    out: pd.DataFrame = frame[table.column_names]
    return out


def _meta(parsed: Parsed) -> dict[str, Any]:
    count = parsed.count
    return {
        "dtypes": {str(c): _dtype_name(parsed.frame[c].dtype) for c in parsed.frame.columns},
        "arrow": [str(c) for c in parsed.frame.columns if _is_arrow(parsed.frame[c].dtype)],
        "index": type(parsed.frame.index).__name__,
        "count": {
            "read": count.read,
            "used": count.used,
            "rejected": count.rejected,
            "not_on_team": count.not_on_team,
            "folded": count.folded,
            "reasons": list(count.reasons.items()),  # in the order they were met
            "examples": [[r.file, r.row, r.column, r.value, r.reason] for r in count.examples],
        },
        "title": parsed.title,
        "mapped": list(parsed.mapped.items()),
        "headers": parsed.headers,
        "note": parsed.note,
        "skipped": parsed.skipped,
        "cut": parsed.cut,
        "resume": parsed.resume,
        "checks": [list(check) for check in parsed.checks],
        "decided": parsed.decided,
    }


#: rows in a batch of an entry's payload (read back one batch at a time)
_BATCH_ROWS = 1 << 20


def _parsed_entry(fh: BinaryIO, header: dict[str, Any]) -> Parsed | None:
    try:
        return _parsed(fh, header["meta"])
    except Exception:  # a payload that passed its checksum yet fails to load is a bug
        # of a former writer: an entry to ignore, not a run to fail
        return None


def _parsed(fh: BinaryIO, meta: dict[str, Any]) -> Parsed | None:
    """The entry (its payload read from ``fh``) back as it was written; None when the frame
    does not come back with the very dtypes it had (categories, datetime units, Arrow
    strings)."""
    import pyarrow as pa

    from ropkit.sources.normalize import Rejection, RowCount, joined_frames

    reader = pa.ipc.open_stream(pa.PythonFile(fh, mode="r"))
    frames = [_frame(pa.Table.from_batches([batch]), meta) for batch in reader]
    frame = joined_frames(frames) if frames else _frame(reader.schema.empty_table(), meta)
    got = {str(c): _dtype_name(frame[c].dtype) for c in frame.columns}
    if got != meta["dtypes"] or type(frame.index).__name__ != meta["index"]:
        return None
    c = meta["count"]
    examples = c["examples"]
    count = RowCount(
        read=int(c["read"]),
        used=int(c["used"]),
        rejected=int(c["rejected"]),
        not_on_team=int(c["not_on_team"]),
        folded=int(c["folded"]),
        reasons=Counter({str(k): int(v) for k, v in c["reasons"]}),
        examples=[Rejection(str(f), int(r), str(o), str(v), str(w)) for f, r, o, v, w in examples],
    )
    return Parsed(
        frame,
        count,
        str(meta["title"]),
        {str(k): str(v) for k, v in meta["mapped"]},
        [str(h) for h in meta["headers"]],
        str(meta["note"]),
        int(meta["skipped"]),
        bool(meta["cut"]),
        meta.get("resume") if isinstance(meta.get("resume"), dict) else None,
        [(str(r), str(c), int(n)) for r, c, n in meta.get("checks", [])],
        _decided(meta.get("decided")),
    )


def _decided(value: object) -> dict[str, list[str]] | None:
    if not isinstance(value, dict):
        return None
    return {str(k): [str(h) for h in v] for k, v in value.items() if isinstance(v, list)}


def _is_arrow(dtype: object) -> bool:
    import pandas as pd

    return isinstance(dtype, pd.ArrowDtype)


def _dtype_name(dtype: object) -> str:
    """A dtype with what ``str`` leaves out: a category's ordering and the categories' own
    dtype."""
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype):
        return f"category[{dtype.categories.dtype}, ordered={dtype.ordered}]"
    return f"{type(dtype).__name__}:{dtype}"
