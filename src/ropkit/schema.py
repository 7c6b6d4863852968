"""The canonical tables and columns every CRM export is mapped to.

One table of definitions: readers, the config validator and the metrics all walk it.
Adding a canonical column is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnType(StrEnum):
    TEXT = "text"
    MONEY = "money"  # amounts: `1 234 567,89`, `33816.5`, `12 000 руб.`
    NUMBER = "number"
    DATETIME = "datetime"
    TIME = "time"  # a time of day, in seconds since midnight
    DURATION = "duration"  # seconds: `65`, `1:05`, `1 мин, 5 сек`
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False  # a row with this cell empty is rejected
    doc: str = ""
    unique: bool = False  # values mostly differ row to row (ids): not worth a category


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    date: str  # the column a metric counts by when it names none
    doc: str = ""

    @property
    def columns_by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


T, M, N, D, B, TM, DUR = (
    ColumnType.TEXT,
    ColumnType.MONEY,
    ColumnType.NUMBER,
    ColumnType.DATETIME,
    ColumnType.BOOL,
    ColumnType.TIME,
    ColumnType.DURATION,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "deals",
            (
                Column(
                    "id", T, doc="deal id; repeated ids are product rows of one deal", unique=True
                ),
                Column("manager", T, required=True, doc="responsible manager"),
                Column("stage", T, doc="stage name; mapped to outcome by won:/lost:"),
                Column("outcome", T, doc="won | lost | open (derived from stage when absent)"),
                Column("amount", M, doc="deal amount"),
                Column("units", N, doc="units sold"),
                Column(
                    "product",
                    T,
                    doc="product of a product row; identical lines of one deal are products",
                ),
                Column("client", T, doc="client (company or contact) for new_clients"),
                Column("created_at", D, doc="when the deal was created"),
                Column("closed_at", D, doc="when the deal was closed (won or lost)"),
                Column(
                    "touched_at",
                    D,
                    doc="the deal's last activity (or last change) as the CRM exports it",
                ),
                Column("stage_at", D, doc="when the deal entered its current stage"),
            ),
            date="closed_at",
            doc="one row per deal",
        ),
        Table(
            "activities",
            (
                Column("id", T, unique=True),
                Column("manager", T, required=True),
                Column("kind", T, required=True, doc="call_out, call_in, meeting, proposal, …"),
                Column("at", D, required=True, doc="when it happened"),
                Column("at_time", TM, doc="time of day, when a report keeps it apart from `at`"),
                Column("done", B, doc="done or only planned; empty = done"),
                Column("duration_s", DUR, doc="call duration in seconds"),
                Column("result", T, doc="call result; a missed call makes the kind call_missed"),
                Column("deal_id", T, unique=True),
                Column("lead_id", T, unique=True, doc="the lead it was about (lead reaction)"),
                Column(
                    "phone", T, unique=True, doc="the other party's number (missed calls, leads)"
                ),
            ),
            date="at",
            doc="calls, meetings, proposals, invoices and any other counted action",
        ),
        Table(
            "leads",
            (
                Column("id", T, unique=True),
                Column("manager", T, required=True),
                Column("created_at", D, required=True),
                Column("first_contact_at", D, doc="when the lead was first contacted"),
                Column("source", T),
                Column("phone", T, unique=True, doc="the lead's phone: its calls are contacts"),
            ),
            date="created_at",
            doc="inbound requests",
        ),
        Table(
            "tasks",
            (
                Column("id", T, unique=True),
                Column("manager", T, required=True),
                Column("title", T, unique=True),
                Column("deadline", D, required=True),
                Column("closed_at", D, doc="when the task was closed"),
                Column("done", B, doc="closed or not, when the export has no closing date"),
                Column("deal_id", T, unique=True, doc="the deal the task is about"),
            ),
            date="deadline",
            doc="tasks with deadlines",
        ),
        Table(
            "users",
            (
                Column("id", T, required=True, doc="the user id other exports write"),
                Column("name", T, required=True, doc="the person's name, as on the team list"),
            ),
            date="",  # not dated: read before the others, to turn ids into names
            doc="CRM users or dialer agents: ids to names",
        ),
    )
}
