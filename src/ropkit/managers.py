"""Matching people in the data to the team list.

"Иванов Иван", "Иван Иванов" and "ИВАНОВ  Иван" are one person: word order, case, extra
spaces and ё/е do not matter. Aliases in the config catch the rest ("Ваня Иванов").
Pure: works on names, not files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def name_key(name: str) -> str:
    """A key equal for every spelling of the same name: words sorted, casefolded, ё→е."""
    text = str(name).casefold().replace("ё", "е")
    return " ".join(sorted(_WORD_RE.findall(text)))


@dataclass(frozen=True)
class Roster:
    """The team: canonical names and every key that points at each of them."""

    names: tuple[str, ...]
    keys: dict[str, str]  # name_key -> canonical name
    closed: bool  # True when the config lists the team; False: everyone found is in

    @classmethod
    def from_config(cls, people: Iterable[tuple[str, Iterable[str]]]) -> Roster:
        names: list[str] = []
        keys: dict[str, str] = {}
        for name, aliases in people:
            names.append(name)
            for spelling in (name, *aliases):
                keys[name_key(spelling)] = name
        return cls(tuple(names), keys, closed=bool(names))

    def match(self, spellings: Iterable[str]) -> dict[str, str | None]:
        """Map each spelling found in the data to a canonical name, or None if not on the team.

        With no team list, every distinct person is on the team, spelled as first seen.
        """
        out: dict[str, str | None] = {}
        first_seen: dict[str, str] = {}
        for raw in spellings:
            key = name_key(raw)
            if not key:
                out[raw] = None
                continue
            if key in self.keys:
                out[raw] = self.keys[key]
            elif self.closed:
                out[raw] = None
            else:
                out[raw] = first_seen.setdefault(key, raw.strip())
        return out
