"""Outputs remembered: a command repeated on inputs that have not changed writes what it
wrote the first time, without reading an export or computing a figure (a blink, not seconds).

The key is everything the output depends on:

* the command and every option that shapes its output, the as-of moment included (without
  ``--date`` it is *now*, so only a repeat for the same moment can match; another moment
  reads the exports through the parse cache);
* ropkit's code (every file of the package) and the versions of the libraries that compute
  and format, and ``ROPKIT_LANG`` (the language when the config names none);
* every input by its file-system stat: the config, each file its sources name (globs
  expanded again, so a new monthly file is a new key), the stand-up's commitments file (or
  that there is none) and a ``--templates`` folder.

An output is kept only when no input changed while it was made, and every input had last
changed more than a clock tick before its stat was taken for the key (see
:data:`~ropkit.sources.cache.RACY_NS`, git's "racy" rule): a file written again within the
same tick of a coarse clock keeps its stat, and what was read could be either version.
Entries live in the parse cache's folder, under its size limit, checked the same way.

This module is light on purpose (no pandas, no Arrow): a hit must not pay their start-up.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ropkit import __version__
from ropkit.errors import RopkitError
from ropkit.sources.cache import RACY_NS, ParseCache, Stat
from ropkit.sources.paths import expand_paths

if TYPE_CHECKING:
    from ropkit.config import Config

#: what computes and formats an output, besides ropkit itself
_LIBRARIES = ("pandas", "pyarrow", "numpy", "babel", "jinja2", "openpyxl", "holidays", "rich")
_KIND = "output"


@dataclass(frozen=True)
class Memo:
    """One command's place in the memo: its key, and the inputs as they stood."""

    store: ParseCache
    key: dict[str, Any]
    inputs: list[Path]
    stats: list[Stat | None]
    stamp_ns: int  # when the stats were taken

    def recall(self) -> tuple[bytes, dict[str, Any]] | None:
        """The output kept for this key, and its notes (say, what --fail-on looks at)."""
        found = self.store.recall(self.key)
        return None if found is None else (found[1], found[0])

    def keep(self, output: bytes, notes: dict[str, Any]) -> bool:
        """Keep ``output`` unless an input changed since the key was made or changed too
        recently to tell (then the next run simply makes it again). Whether it was kept."""
        for path, was in zip(self.inputs, self.stats, strict=True):
            if _stat(path) != was:
                return False
            if was is not None and self.stamp_ns - max(was.mtime_ns, was.ctime_ns) <= RACY_NS:
                return False
        self.store.keep(self.key, notes, output)
        return True


def memo_for(
    store: ParseCache | None,
    config: Config,
    command: str,
    options: dict[str, Any],
    also: list[Path] | None = None,
) -> Memo | None:
    """The memo of ``command`` run with ``options`` (JSON values) on ``config``'s inputs
    and the files in ``also``; None without a cache, with ``ROPKIT_NO_MEMO`` set (to
    measure the parse cache alone), or when an input cannot be listed (the run itself then
    says what is wrong)."""
    if store is None or os.environ.get("ROPKIT_NO_MEMO", "").strip() not in ("", "0"):
        return None
    try:
        inputs = [config.file, *_sources(config), *(also or [])]
    except (RopkitError, OSError):
        return None
    stamp = time.time_ns()
    stats = [_stat(p) for p in inputs]
    key = {
        "kind": _KIND,
        "command": command,
        "options": options,
        "ropkit": __version__,
        "code": package_digest(),
        "libraries": _versions(),
        "python": sys.version,
        "lang": os.environ.get("ROPKIT_LANG", ""),
        "inputs": [
            [str(p.resolve()), None if s is None else [s.size, s.mtime_ns, s.ctime_ns, s.ino]]
            for p, s in zip(inputs, stats, strict=True)
        ],
    }
    return Memo(store, key, inputs, stats, stamp)


def folder_files(folder: Path | None) -> list[Path]:
    """Every file under ``folder`` (a --templates folder), in a fixed order."""
    if folder is None or not folder.is_dir():
        return [] if folder is None else [folder]
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _sources(config: Config) -> list[Path]:
    """Every file the config's sources name, as the run will find them."""
    found: list[Path] = []
    for table in config.data.sources:
        for source in config.sources(table):
            for pattern in source.paths:
                where = config.place("sources", table, "path")
                found.extend(expand_paths(pattern, config.base_dir, where))
    return found


def _stat(path: Path) -> Stat | None:
    try:
        return Stat.of(path)
    except OSError:
        return None  # (absent: a commitments file not written yet)


@functools.cache
def package_digest() -> str:
    """A hash of every file of the ropkit package (code, catalogs, templates)."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(p for p in here.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        h.update(str(path.relative_to(here)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def _versions() -> dict[str, str]:
    found = {}
    for name in _LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = ""
    return found
