"""Matching people in the data to the team list.

"Иванов Иван", "Иван Иванов" and "ИВАНОВ  Иван" are one person: word order, case, extra
spaces and ё/е do not matter. Aliases in the config catch the rest ("Ваня Иванов").
Pure: works on names, not files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

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
    ids: dict[str, str] = field(default_factory=dict)  # an id exports write -> canonical name
    id_names: dict[str, str] = field(default_factory=dict)  # every id of the users file -> name

    @classmethod
    def from_config(
        cls, people: Iterable[tuple[str, Iterable[str]]], ids: Iterable[tuple[str, str]] = ()
    ) -> Roster:
        names: list[str] = []
        keys: dict[str, str] = {}
        for name, aliases in people:
            names.append(name)
            for spelling in (name, *aliases):
                keys[name_key(spelling)] = name
        return cls(tuple(names), keys, bool(names), {i.strip(): n for i, n in ids})

    def with_users(self, users: Iterable[tuple[str, str]]) -> Roster:
        """The roster that also knows the ids of a users file (id, name): ids of people on
        the team (by name, in any spelling), or of anyone when there is no team list."""
        ids, names = dict(self.ids), dict(self.id_names)
        for user_id, name in users:
            names[user_id.strip()] = name.strip()
            found = self.keys.get(name_key(name)) if self.closed else name.strip()
            if found:
                ids.setdefault(user_id.strip(), found)
        return replace(self, ids=ids, id_names=names)

    def spelled(self, raw: str) -> str:
        """How a person is written for people to read: the name behind a known id."""
        return self.id_names.get(raw.strip(), raw)

    def match(self, spellings: Iterable[str]) -> dict[str, str | None]:
        """Map each spelling found in the data to a canonical name, or None if not on the team.

        With no team list, every distinct person is on the team, spelled as first seen.
        """
        out: dict[str, str | None] = {}
        first_seen: dict[str, str] = {}
        for raw in spellings:
            if raw.strip() in self.ids:  # an id, not a name
                out[raw] = self.ids[raw.strip()]
                continue
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
