"""Read every configured source into canonical tables of the team's rows, with the accounting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ropkit.config import Config, SourceConfig
from ropkit.managers import Roster
from ropkit.schema import TABLES
from ropkit.sources.normalize import Mapping, RowCount, map_unique, normalize, resolve_columns
from ropkit.sources.presets import header_score
from ropkit.sources.read import (
    HeaderScore,
    Progress,
    RawTable,
    Select,
    expand_paths,
    read_file,
)

if TYPE_CHECKING:
    import pandas as pd


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
) -> Dataset:
    """Read the sources of every table in ``needed`` (table -> column -> why)."""
    import pandas as pd

    tables: dict[str, pd.DataFrame] = {}
    rows: dict[str, RowCount] = {}
    files: list[FileInfo] = []
    outsiders: dict[str, Counter[str]] = {}
    found: set[str] = set()
    for table_name, columns in needed.items():
        table = TABLES[table_name]
        sources = config.sources(table_name)
        if not sources:
            why = next(iter(columns.values()), "")
            raise _missing_source(config, table_name, why)
        frames: list[pd.DataFrame] = []
        total = RowCount()
        for i, source in enumerate(sources):
            loc: tuple[str | int, ...] = ("sources", table_name) + (
                (i,) if len(sources) > 1 else ()
            )
            key = f"sources.{table_name}" + (f"[{i}]" if len(sources) > 1 else "")
            for pattern in source.paths:
                for path in expand_paths(pattern, config.base_dir, config.where(*loc, "path")):
                    raw = read_file(
                        path,
                        source.encoding,
                        source.delimiter,
                        header_score_for(table_name, source),
                        _columns_to_read(path, table_name, source, key),
                        _for_file(progress, path.name),
                    )
                    done = normalize(raw, table, source, columns, key)
                    frame, count = done.frame, done.count
                    frame, left_out = _assign_managers(frame, roster)
                    count.not_on_team = sum(left_out.values())
                    outsiders.setdefault(table_name, Counter()).update(left_out)
                    found.update(frame["manager"].unique())
                    frame["_file"] = len(files)
                    files.append(
                        FileInfo(
                            table_name,
                            str(path),
                            raw.note,
                            count,
                            done.mapping.title(),
                            _mapped(raw, done.mapping),
                            raw.skipped,
                        )
                    )
                    frames.append(frame)
                    total.add(count)
        combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        for col in ("manager", "kind", "outcome"):
            if col in combined:
                combined[col] = combined[col].astype("category")
        tables[table_name] = combined
        rows[table_name] = total
    return Dataset(tables, rows, files, outsiders, frozenset(found))


def header_score_for(table: str, source: SourceConfig) -> HeaderScore:
    """How much a row looks like a header of ``table`` (known names and the config's own)."""
    names = TABLES[table].names
    extra = [h for v in source.columns.values() for h in ([v] if isinstance(v, str) else v)]
    return lambda row: header_score(row, table, names, extra)


def _for_file(progress: FileProgress | None, name: str) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(name, done, total)


def _columns_to_read(path: Path, table: str, source: SourceConfig, key: str) -> Select | None:
    """Only the mapped columns of a big activity export (a Bitrix24 list has dozens); deals
    are read whole, since an exact duplicate must be equal in every column."""
    if table == "deals":
        return None

    def pick(headers: list[str]) -> set[int]:
        mapping = resolve_columns(path, headers, TABLES[table], source, key)
        return {pos for positions in mapping.columns.values() for pos in positions}

    return pick


def _mapped(raw: RawTable, mapping: Mapping) -> dict[str, str]:
    return {canon: raw.headers[pos[0]] for canon, pos in mapping.columns.items()}


def _assign_managers(frame: pd.DataFrame, roster: Roster) -> tuple[pd.DataFrame, Counter[str]]:
    """Put canonical names in ``manager``; drop (and count) people not on the team."""
    spellings = frame["manager"].astype("category").cat.categories
    matched = roster.match(str(s) for s in spellings)
    canonical = map_unique(frame["manager"], lambda s: matched[str(s)])
    on_team = canonical.notna().to_numpy()
    outside = frame.loc[~on_team, "manager"].value_counts()
    left_out = Counter({str(k): int(v) for k, v in outside.items() if v})
    if on_team.all():
        out = frame.copy()
        out["manager"] = canonical
        return out, left_out
    out = frame[on_team].copy()
    out["manager"] = canonical[on_team].cat.remove_unused_categories()
    return out, left_out


def _missing_source(config: Config, table: str, why: str) -> Exception:
    from ropkit.errors import ConfigError

    return ConfigError(
        f"{config.file}: no source for {table} ({why}); "
        f"add sources.{table}.path pointing at the export"
    )
