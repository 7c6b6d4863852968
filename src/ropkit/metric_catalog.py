"""Built-in metrics and activity kinds: the usual ids work without being declared.

Each entry has the same shape as a ``metrics:`` entry in norms.yaml, so a user's entry
with the same id simply replaces it.
"""

from __future__ import annotations

from typing import Any

#: id -> definition, as it would be written in norms.yaml
BUILTIN_METRICS: dict[str, dict[str, Any]] = {
    "revenue": {
        "from": "deals",
        "where": {"outcome": "won"},
        "date": "closed_at",
        "sum": "amount",
        "label": "Выручка",
        "label_en": "Revenue",
        "unit": "money",
    },
    "deals_won": {
        "from": "deals",
        "where": {"outcome": "won"},
        "date": "closed_at",
        "count": True,
        "label": "Сделки",
        "label_en": "Deals won",
    },
    "units": {
        "from": "deals",
        "where": {"outcome": "won"},
        "date": "closed_at",
        "sum": "units",
        "label": "Единицы",
        "label_en": "Units sold",
    },
    "new_clients": {
        "from": "deals",
        "where": {"outcome": "won"},
        "date": "closed_at",
        "new": "client",
        "label": "Новые клиенты",
        "label_en": "New clients",
    },
    "avg_check": {
        "ratio": ["revenue", "deals_won"],
        "label": "Средний чек",
        "label_en": "Average deal",
        "unit": "money",
    },
    "leads": {
        "from": "leads",
        "date": "created_at",
        "count": True,
        "label": "Лиды",
        "label_en": "Leads",
    },
}

#: canonical activity kind -> (Russian label, English label); each gets a metric <kind>s
ACTIVITY_KINDS: dict[str, tuple[str, str]] = {
    "call_out": ("Исходящие звонки", "Outgoing calls"),
    "call_in": ("Входящие звонки", "Incoming calls"),
    "call_missed": ("Пропущенные звонки", "Missed calls"),
    "cold_call": ("Холодные звонки", "Cold calls"),
    "meeting": ("Встречи", "Meetings"),
    "proposal": ("КП", "Proposals"),
    "invoice": ("Счета", "Invoices"),
    "measurement": ("Замеры", "Measurements"),
    "spec": ("ТЗ", "Specifications"),
    "email_out": ("Письма", "E-mails sent"),
}

#: metric id for each kind: calls_out, calls_in, calls_missed, cold_calls, meetings, …
KIND_METRIC_IDS: dict[str, str] = {
    "call_out": "calls_out",
    "call_in": "calls_in",
    "call_missed": "calls_missed",
    "cold_call": "cold_calls",
    "meeting": "meetings",
    "proposal": "proposals",
    "invoice": "invoices",
    "measurement": "measurements",
    "spec": "specs",
    "email_out": "emails_out",
}

for _kind, (_ru, _en) in ACTIVITY_KINDS.items():
    BUILTIN_METRICS[KIND_METRIC_IDS[_kind]] = {
        "from": "activities",
        "where": {"kind": _kind},
        "date": "at",
        "count": True,
        "label": _ru,
        "label_en": _en,
        "lower_is_better": _kind == "call_missed",
    }

#: activity type values as CRMs write them (casefolded) -> canonical kind
KIND_ALIASES: dict[str, str] = {
    "звонок (исходящий)": "call_out",
    "исходящий звонок": "call_out",
    "исходящий": "call_out",
    "outgoing call": "call_out",
    "звонок (входящий)": "call_in",
    "входящий звонок": "call_in",
    "входящий": "call_in",
    "incoming call": "call_in",
    # a direction column read as the type (a call log with no other type column)
    "outgoing": "call_out",
    "outbound": "call_out",
    "incoming": "call_in",
    "inbound": "call_in",
    "пропущенный звонок": "call_missed",
    "пропущенный": "call_missed",
    "неотвеченный": "call_missed",
    "missed call": "call_missed",
    "холодный звонок": "cold_call",
    "встреча": "meeting",
    "meeting": "meeting",
    "коммерческое предложение": "proposal",
    "кп": "proposal",
    "предложение": "proposal",
    "счёт": "invoice",
    "счет": "invoice",
    "замер": "measurement",
    "техническое задание": "spec",
    "тз": "spec",
    "письмо (отправленное)": "email_out",
    "email": "email_out",
}
