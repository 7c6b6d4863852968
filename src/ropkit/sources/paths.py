"""The files a source's ``path:`` names (a path or a glob), in the order they are read.

Light on purpose (no pandas, no Arrow): the output memo lists the inputs of a run before
deciding whether anything needs reading at all.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

from ropkit.errors import DataError

__all__ = ["expand_paths"]


def expand_paths(pattern: str, base_dir: Path, where: object) -> list[Path]:
    """Files matching ``pattern`` (a path or a glob) relative to ``base_dir``.

    ``where`` says where the pattern is written (``norms.yaml, line 4, key sources.deals.path``;
    a :class:`~ropkit.i18n.Said`, to be said in the message's language).
    """
    try:
        full = Path(pattern).expanduser()
    except RuntimeError:  # "~someone" that is no user here
        raise DataError("error.cannot_expand", where=where, pattern=pattern) from None
    if not full.is_absolute():
        full = base_dir / full
    if glob.has_magic(str(full)):
        # natural order, so deals_9 comes before deals_10: a later file is a newer export
        found = sorted(
            (Path(p) for p in glob.glob(str(full)) if Path(p).is_file()), key=_natural_key
        )
        if not found:
            raise DataError(
                "error.no_match", where=where, pattern=pattern, folder=full.parent.resolve()
            )
        return found
    if full.is_dir():
        raise DataError(
            "error.path_is_folder",
            where=where,
            path=full.resolve(),
            example=Path(pattern) / "*.csv",
        )
    if not full.is_file():
        raise DataError("error.file_not_found", where=where, path=full.resolve())
    return [full]


def _natural_key(path: Path) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]
