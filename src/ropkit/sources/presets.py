"""What each CRM's export calls things: header aliases and value meanings, as data.

One :class:`Preset` per CRM and table. Adding a CRM, or a localized header, is an entry
here. The reader picks the preset whose aliases match most headers (or the one the config
names); the config's own ``columns:``, ``won:`` and ``lost:`` always win over it.
Sources of every alias: ../shared/CRM_EXPORTS.md (section numbers in the comments).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Preset:
    id: str  # "bitrix24.deals"
    title: str  # "Bitrix24 deals"
    table: str
    columns: dict[str, tuple[str, ...]]  # canonical -> headers, first match wins; "x*" = prefix
    fill: dict[str, tuple[str, ...]] = field(default_factory=dict)  # where empty, take these
    won: tuple[str, ...] = ()  # stage (or status) names that mean won
    lost: tuple[str, ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)  # activity type -> canonical kind
    missed: tuple[str, ...] = ()  # call results that make a call a missed call
    zero_when_empty: tuple[str, ...] = ()  # columns where an empty cell means 0


def header_key(header: str) -> str:
    """Compare headers ignoring case, ё/е, extra spaces and a trailing ``*`` or ``:``."""
    text = " ".join(str(header).casefold().replace("ё", "е").split())
    return text.rstrip("*: ").strip()


_GENERIC_ALIASES: dict[str, tuple[str, ...]] = {
    # canonical names are always accepted; these are the usual English and Russian words
    "manager": ("manager", "owner", "responsible", "менеджер", "ответственный", "сотрудник"),
    "amount": ("amount", "sum", "value", "сумма", "бюджет*"),
    "units": ("units", "quantity", "qty", "количество"),
    "product": ("product", "product name", "товар", "продукт"),
    "stage": ("stage", "status", "этап", "стадия"),
    "client": ("client", "company", "customer", "клиент", "компания"),
    "created_at": ("created", "created at", "create date", "дата создания"),
    "closed_at": ("closed", "closed at", "close date", "дата закрытия"),
    "kind": ("type", "activity type", "тип"),
    "at": ("date", "datetime", "дата"),
    "duration_s": ("duration", "длительность"),
}

_BITRIX_WON = ("Сделка успешна", "Успешно реализовано", "Успех", "Успешно завершена")
_BITRIX_LOST = ("Сделка провалена", "Анализ причины провала", "Провал", "Сделка проиграна")
_AMO_WON = ("Успешно реализовано",)  # system status 142 (§2.4)
_AMO_LOST = ("Закрыто и не реализовано",)  # system status 143
_EN_WON = ("Closed Won", "Won", "Vyhráno", "Ganho", "Gewonnen")
_EN_LOST = ("Closed Lost", "Lost", "Prohráno", "Perdido", "Verloren")
_CALL_KINDS = {
    "исходящий": "call_out",
    "неуспешный исходящий": "call_out",  # a dial attempt is still an outgoing call (§1.8)
    "обратный": "call_out",
    "информационный": "call_out",
    "входящий": "call_in",
    "входящий с перенаправлением": "call_in",
    "неотвеченный": "call_missed",
}
_MISSED = ("Пропущенный звонок", "Пропущенный", "Missed", "No answer", "Неотвеченный")

PRESETS: tuple[Preset, ...] = (
    Preset(  # §1.3–1.6: «Экспорт в CSV/Excel» of the deal list
        "bitrix24.deals",
        "Bitrix24 deals",
        "deals",
        {
            "id": ("ID",),
            "manager": ("Ответственный",),
            "stage": ("Стадия сделки",),
            "amount": ("Сумма",),
            "units": ("Количество",),
            "product": ("Товар",),  # one line per product, deal fields repeated (§1.4)
            "client": ("Компания", "Компания: Название компании"),
            "created_at": ("Дата создания",),
            # the deal's CLOSEDATE is exported as «Предполагаемая дата закрытия» (§1.4)
            "closed_at": ("Предполагаемая дата закрытия",),
        },
        fill={"client": ("Контакт",)},  # a deal with a person, not a company
        won=_BITRIX_WON,
        lost=_BITRIX_LOST,
    ),
    Preset(  # §1.5
        "bitrix24.leads",
        "Bitrix24 leads",
        "leads",
        {
            "id": ("ID",),
            "manager": ("Ответственный",),
            "created_at": ("Дата создания",),
            "source": ("Источник",),
        },
    ),
    Preset(  # §1.5 «Дела»
        "bitrix24.activities",
        "Bitrix24 activities",
        "activities",
        {
            "id": ("ID",),
            "manager": ("Ответственный",),
            "kind": ("Тип",),
            "at": ("Начало", "Дата создания", "Срок"),
            "done": ("Статус",),
            "deal_id": ("Сделка/Лид",),
        },
    ),
    Preset(  # §1.7 «Детализация звонков»
        "bitrix24.calls",
        "Bitrix24 call detail",
        "activities",
        {
            "manager": ("Сотрудник",),
            "kind": ("Тип звонка",),
            "at": ("Дата вызова",),
            "duration_s": ("Время звонка",),
            "result": ("Статус",),
        },
        kinds=_CALL_KINDS,
        missed=_MISSED,
        zero_when_empty=("duration_s",),  # the export leaves «Время звонка» empty for 0 s
    ),
    Preset(  # §1.8: virtual PBX call history, date and time in separate cells
        "pbx.calls",
        "PBX call history",
        "activities",
        {
            "manager": ("Сотрудник",),
            "kind": ("Тип звонка",),
            "at": ("Дата",),
            "at_time": ("Время",),
            "duration_s": ("Длительность",),
        },
        kinds=_CALL_KINDS,
        missed=_MISSED,
    ),
    Preset(  # §2.2, §2.4
        "amocrm.deals",
        "amoCRM deals",
        "deals",
        {
            "id": ("ID",),
            "manager": ("Ответственный",),
            "stage": ("Этап сделки",),
            "amount": ("Бюджет*",),  # "Бюджет ", "Бюджет, руб"
            "client": ("Компания",),
            "created_at": ("Дата создания сделки", "Дата создания"),
            "closed_at": ("Дата закрытия",),
        },
        fill={"client": ("Полное имя контакта",)},
        won=_AMO_WON,
        lost=_AMO_LOST,
    ),
    Preset(  # §3; headers are localized (pt-BR seen)
        "hubspot.deals",
        "HubSpot deals",
        "deals",
        {
            "id": ("Record ID", "Deal ID", "ID do registro"),
            "manager": ("Deal owner", "Proprietário do negócio"),
            "stage": ("Deal Stage", "Etapa do negócio"),
            "amount": ("Amount", "Valor"),
            "client": ("Associated Company", "Company name", "Deal Name", "Nome do negócio"),
            "created_at": ("Create Date", "Data de criação"),
            "closed_at": ("Close Date", "Data de fechamento"),
        },
        won=_EN_WON,
        lost=_EN_LOST,
    ),
    Preset(  # §3, unverified column names: HubSpot's activity (call/meeting) view export
        "hubspot.activities",
        "HubSpot activities",
        "activities",
        {
            "id": ("Record ID", "Activity ID"),
            "manager": ("Activity assigned to", "Assigned to", "Owner", "Call owner"),
            "kind": ("Activity type", "Type"),
            "at": ("Activity date", "Create Date"),
            "duration_s": ("Call duration", "Duration"),
            "result": ("Call outcome", "Outcome"),
        },
        kinds={
            "call": "call_out",
            "calls": "call_out",
            "meeting": "meeting",
            "meetings": "meeting",
            "email": "email_out",
            "emails": "email_out",
        },
        missed=("No answer", "Busy"),
    ),
    Preset(  # §4: won/lost is "Deal - Status", not the stage
        "pipedrive.deals",
        "Pipedrive deals",
        "deals",
        {
            "id": ("Deal - ID",),
            "manager": ("Deal - Owner",),
            "stage": ("Deal - Stage",),
            "outcome": ("Deal - Status", "Obchod - Stav"),
            "amount": ("Deal - Value", "Obchod - Hodnota"),
            "client": ("Deal - Organization", "Organization - Name", "Organizace - Název"),
            "created_at": ("Deal - Deal created",),
            "closed_at": ("Deal - Won time", "Deal - Close date"),
        },
        fill={"closed_at": ("Deal - Lost time",)},  # a lost deal closes at its lost time
        won=_EN_WON,
        lost=_EN_LOST,
    ),
    Preset(  # §4
        "pipedrive.activities",
        "Pipedrive activities",
        "activities",
        {
            "id": ("Activity - ID",),
            "manager": ("Activity - Assigned to user", "Activity - Owner"),
            "kind": ("Activity - Type",),
            "at": ("Activity - Due date", "Activity - Add time"),
            "done": ("Activity - Done",),
            "deal_id": ("Activity - Deal ID", "Deal - ID"),
            "duration_s": ("Activity - Duration",),
        },
        kinds={"call": "call_out", "meeting": "meeting", "email": "email_out"},
    ),
    Preset(  # §5: opportunity report, "Details Only"
        "salesforce.deals",
        "Salesforce opportunities",
        "deals",
        {
            "id": ("Opportunity Id Casesafe", "Opportunity ID"),
            "manager": ("Opportunity Owner",),
            "stage": ("Stage",),
            # "Opportunities with Products" repeat Amount on every product line; the line's
            # own total is Total Price (§5)
            "amount": ("Total Price", "Amount"),
            "units": ("Quantity",),
            "product": ("Product Name",),
            "client": ("Account Name",),
            "created_at": ("Created Date",),
            "closed_at": ("Close Date",),
        },
        won=_EN_WON,
        lost=_EN_LOST,
    ),
)

GENERIC_TITLE = "generic (canonical names)"
#: stage names that mean won / lost unless the config says otherwise: every CRM's own
ALL_WON = tuple(dict.fromkeys(name for p in PRESETS for name in p.won))
ALL_LOST = tuple(dict.fromkeys(name for p in PRESETS for name in p.lost))


def presets_for(table: str) -> list[Preset]:
    return [p for p in PRESETS if p.table == table]


def preset_by_id(preset_id: str) -> Preset | None:
    return next((p for p in PRESETS if p.id == preset_id), None)


def _matches(header: str, alias: str) -> bool:
    h, a = header_key(header), header_key(alias)
    if alias.endswith("*"):
        return h.startswith(a)
    return h == a


def match_columns(headers: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """canonical -> position of the header matching its first alias found in the file.

    Aliases are alternatives (another CRM version or language), tried in order; of duplicate
    headers the first is taken (Bitrix24's deal ID, not the company block's).
    """
    out: dict[str, int] = {}
    for canon, names in aliases.items():
        for alias in names:
            pos = next((i for i, h in enumerate(headers) if _matches(h, alias)), None)
            if pos is not None:
                out[canon] = pos
                break
    return out


def detect(headers: list[str], table: str) -> tuple[Preset | None, int]:
    """The preset whose headers match best (None: generic), and how many columns it maps.

    A CRM must match more columns than the canonical names do: a file written with ropkit's
    own names is generic even if "stage" and "amount" are also Salesforce's words.
    """
    from ropkit.schema import TABLES

    best: Preset | None = None
    canonical: dict[str, tuple[str, ...]] = {c: (c,) for c in TABLES[table].names}
    best_score = max(1, len(match_columns(headers, canonical)))
    for preset in presets_for(table):
        score = len(match_columns(headers, preset.columns))
        if score > best_score:
            best, best_score = preset, score
    return best, best_score if best else 0


def generic_aliases(table_columns: list[str]) -> dict[str, tuple[str, ...]]:
    """Canonical names plus the common words for them."""
    return {c: (c, *_GENERIC_ALIASES.get(c, ())) for c in table_columns}


def header_score(row: list[str], table: str, columns: list[str], extra: list[str]) -> int:
    """How many cells of ``row`` are known header names: finds the header under a preamble."""
    names: set[str] = {header_key(e) for e in extra}
    for preset in presets_for(table):
        for aliases in preset.columns.values():
            names.update(header_key(a) for a in aliases if not a.endswith("*"))
    for aliases in generic_aliases(columns).values():
        names.update(header_key(a) for a in aliases)
    return sum(1 for cell in row if cell and header_key(cell) in names)
