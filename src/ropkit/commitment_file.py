"""The commitments file: read it, and append the stand-up's new entries without losing a
character of what the head wrote.

New entries are appended as text after the file's own (its comments, key order and unknown
keys stay byte for byte); the result is parsed again and must hold the old entries plus
the new before it replaces the file, atomically. A malformed file is a one-line error with
its line, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter

from ropkit.commitments import Commitment, pending
from ropkit.config import Config, read_text, read_validated
from ropkit.errors import ConfigError
from ropkit.i18n import Listing, Msg, t
from ropkit.output import write_output

DEFAULT_NAME = "commitments.yaml"
_ENTRIES = TypeAdapter(list[Commitment])


def path_of(config: Config) -> Path:
    """``commitments:`` in the config (relative to it), else commitments.yaml next to it."""
    given = config.data.commitments
    return config.base_dir / (given if given else DEFAULT_NAME)


def read(path: Path, metrics: Collection[str] | None = None) -> list[Commitment]:
    """The entries of ``path``; none when it does not exist yet. With ``metrics`` (the
    config's metric ids), an entry naming another metric is an error naming its line."""
    if not path.exists():
        return []
    return parse(read_text(path), path, metrics)


def parse(text: str, path: Path, metrics: Collection[str] | None = None) -> list[Commitment]:
    entries: list[Commitment]
    entries, locate = read_validated(text, path, _ENTRIES, list, "error.commitments_not_list")
    for i, e in enumerate(entries):
        if metrics is not None and e.metric not in metrics:
            raise locate.error(
                (i, "metric"),
                Msg("config.unknown_metric", metric=e.metric),
                Msg("fix.use_one_of", columns=Listing(sorted(metrics))),
            )
    return entries


def append(path: Path, entries: list[dict[str, Any]], lang: str, as_of: datetime) -> int:
    """Add ``entries`` at the end of ``path`` (made with a header comment if new), but none
    for a manager and metric whose entry there is still open at ``as_of``; returns how many
    were added."""
    old = read_text(path) if path.exists() else ""
    before = parse(old, path) if old else []
    open_ = pending(before, as_of)
    entries = [e for e in entries if (e["manager"], e["metric"]) not in open_]
    if not entries:
        return 0
    head = old if old.strip() else "# " + t("commitments.header", lang) + "\n"
    if head and not head.endswith("\n"):
        head += "\n"
    text = head + yaml.dump(
        entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096
    )  # a question on one line: no folding for the head to puzzle over
    try:
        after = parse(text, path)
    except ConfigError:
        after = []
    if len(after) != len(before) + len(entries):  # e.g. a list indented or in [flow] style
        raise ConfigError("error.commitments_append", path=path)
    write_output(text, path)
    return len(entries)


def entry(
    manager: str, metric: str, created: date, gap: float | None, question: str
) -> dict[str, Any]:
    """A new entry, its fields to fill in empty."""
    return {
        "manager": manager,
        "metric": metric,
        "created": created,
        "gap": None if gap is None else round(gap, 2),
        "question": question,
        "explanation": "",
        "actions": "",
        "deadline": None,
        "decision": None,
    }


class _Dumper(yaml.SafeDumper):
    """Empty fields are written empty (``deadline:``), not ``null``."""


_Dumper.add_representer(type(None), lambda d, _: d.represent_scalar("tag:yaml.org,2002:null", ""))
