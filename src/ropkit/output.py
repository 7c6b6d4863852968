"""Writing outputs: stdout, or a file written atomically that is never one of the inputs."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ropkit.errors import RopkitError


def write_output(text: str, path: Path | None, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``path`` (atomically: a temp file renamed over it) or to stdout."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = path.resolve()
    if any(target == Path(p).resolve() for p in inputs):
        raise RopkitError(f"{path}: this is an input file; write the output to another path")
    if target.is_dir():
        raise RopkitError(f"{path}: is a folder; give a file name, e.g. {path / 'report.json'}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
