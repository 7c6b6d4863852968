"""The light every check gives, and the notices said beside the figures. Pure, no pandas."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


@dataclass(frozen=True)
class Notice:
    """A warning for the user: a code (see ``i18n``: ``warn.<code>``) and its details."""

    code: str
    params: dict[str, object]
