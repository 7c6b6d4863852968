"""Writing outputs: stdout, or a file written atomically that is never one of the inputs."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ropkit.errors import RopkitError


def write_output(text: str | bytes, path: Path | None, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` (or the bytes of a workbook) to ``path`` (atomically: a temp file
    renamed over it) or to stdout.

    A path that exists and is not a regular file (/dev/stdout, a pipe) is written as it is:
    renaming over it would replace the device with a file.
    """
    if path is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = path.resolve()
    if any(target == Path(p).resolve() for p in inputs):
        raise RopkitError("error.output_is_input", path=path)
    if target.is_dir():
        raise RopkitError("error.output_is_folder", path=path, example=path / "report.json")
    try:
        if target.exists() and not target.is_file():
            with open(target, "wb") as fh:
                fh.write(_bytes(text))
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_bytes(text))
        os.chmod(tmp, _MODE)  # mkstemp makes it private; a report is as readable as any file
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: the mode a new file gets under the user's umask (0644 under the usual 022)
_MODE = 0o666 & ~_umask()


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def _cannot_write(path: Path, exc: OSError) -> RopkitError:
    return RopkitError("error.cannot_write", path=path, reason=exc.strerror)
