"""What each CRM's export calls things: header aliases and value meanings, as data.

One :class:`Preset` per CRM and table. Adding a CRM, or a localized header, is an entry
here. The reader picks the preset whose aliases match most headers (or the one the config
names); the config's own ``columns:``, ``won:`` and ``lost:`` always win over it.
Sources of every alias: ../shared/CRM_EXPORTS.md (section numbers in the comments) and, for
REST/API dumps, the vendor's field reference named in the comment.
"""

from __future__ import annotations

import functools
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
    # the kind of a row whose type neither the config's nor the preset's kinds name ("": the
    # usual CRM names, else the type as written); a dialer log has only a status column, and
    # every row of it is an outgoing call
    kind_default: str = ""
    # call results that make an INCOMING call a missed one; an outgoing call stays outgoing
    # whatever its result (a rep's "No answer" is an attempt, not a missed call)
    missed: tuple[str, ...] = ()
    # values of the ``result`` column that say the activity came in, for a dump whose only
    # call detail is its direction (Bitrix24 REST: DIRECTION 1 = incoming, 2 = outgoing)
    incoming: tuple[str, ...] = ()
    # the outcome column's values -> won | lost | open (Bitrix24's STAGE_SEMANTIC_ID S/F/P)
    outcomes: dict[str, str] = field(default_factory=dict)
    # (regular expression matching the whole stage cell, won | lost): stage codes of a dump
    # (Bitrix24 WON, C6:LOSE; amoCRM status 142); other codes are open stages
    stage_codes: tuple[tuple[str, str], ...] = ()
    zero_when_empty: tuple[str, ...] = ()  # columns where an empty cell means 0
    # columns mapped when the preset is chosen that never count towards choosing it: the
    # regulation extras are optional, and one of them is a common word (the PBX's «Клиент»
    # is a number there, a name in any other call log), so they leave detection as it was
    unscored: tuple[str, ...] = ("touched_at", "stage_at", "phone")


def header_key(header: str) -> str:
    """Compare headers ignoring case, ё/е, extra spaces and a trailing ``*`` or ``:``."""
    text = " ".join(str(header).casefold().replace("ё", "е").split())
    return text.rstrip("*: ").strip()


_GENERIC_ALIASES: dict[str, tuple[str, ...]] = {
    # canonical names are always accepted; these are the usual English and Russian words,
    # also as snake_case column names of a database or dialer dump
    "id": ("record id", "call id", "activity id", "opportunity id", "opportunity_id"),
    "manager": (
        "manager",
        "owner",
        "responsible",
        "owner name",
        "owner_name",
        "assigned to",
        "assigned_to",
        "assigned to user",
        "assigned_to_user",
        "agent",
        "agent name",
        "agent_name",
        # a dialer's agent number: kept as written; the config names the people
        "agent id",
        "agent_id",
        "sales agent",
        "sales_agent",
        "sales rep",
        "sales_rep",
        "rep",
        "salesperson",
        "employee",
        "user",
        "менеджер",
        "ответственный",
        "сотрудник",
        "оператор",
        "агент",
        "исполнитель",
    ),
    "amount": (
        "amount",
        "sum",
        "value",
        "deal amount",
        "deal value",
        "close value",
        "close_value",
        "total",
        "revenue",
        "сумма",
        "бюджет*",
        "стоимость",
        "выручка",
    ),
    "units": ("units", "quantity", "qty", "количество"),
    "product": ("product", "product name", "товар", "продукт"),
    "stage": (
        "stage",
        "status",
        "deal stage",
        "deal_stage",
        "этап",
        "стадия",
        "статус",
        "стадия сделки",
    ),
    "client": (
        "client",
        "company",
        "customer",
        "account",
        "account name",
        "company name",
        "organization",
        "клиент",
        "компания",
        "контрагент",
        "заказчик",
        "покупатель",
    ),
    "created_at": (
        "created",
        "created at",
        "create date",
        "created date",
        "date created",
        "creation date",
        "дата создания",
    ),
    "closed_at": (
        "closed",
        "closed at",
        "close date",
        "close_date",
        "closed date",
        "date closed",
        "дата закрытия",
        "дата завершения",
    ),
    "kind": (
        "type",
        "activity type",
        "call type",
        "call_type",
        "event type",
        "direction",
        "call direction",
        "тип",
        "тип звонка",
        "тип дела",
        "тип активности",
        "направление",
    ),
    "at": (
        "date",
        "datetime",
        "date time",
        "date and time",
        "call date",
        "call_date",
        "activity date",
        "datestamp",
        "timestamp",
        "start time",
        "start_time",
        "started at",
        "started_at",
        "дата",
        "дата звонка",
        "дата и время",
        "время начала",
    ),
    "at_time": ("time", "время"),
    "duration_s": (
        "duration",
        "call duration",
        "call length",
        "call_length",
        "talk time",
        "длительность",
        "длительность звонка",
        "продолжительность",
    ),
    "result": (
        "result",
        "outcome",
        "call result",
        "call outcome",
        "disposition",
        "результат",
    ),
    "source": ("source", "lead source", "источник"),
    "deadline": ("deadline", "due date", "срок", "крайний срок"),
    # deals: the last activity, else the last change (HubSpot, Salesforce, Pipedrive without
    # their prefix; Bitrix24 §1.4, amoCRM §2.2); only the deals table has the column
    "touched_at": (
        "last activity date",
        "last activity",
        "дата изменения",
        "дата редактирования",
    ),
    # deals: entered the current stage (Pipedrive "Last stage change", Salesforce "Last
    # Stage Change Date", HubSpot "Date entered current stage")
    "stage_at": ("last stage change", "last stage change date", "date entered current stage"),
    # leads and activities: the other party's number (Bitrix24 call detail «Номер телефона»
    # §1.7, HubSpot contacts "Phone Number" §3). Not a bare «Телефон»/"Phone": a call log may
    # mean the employee's line by it; the Bitrix24 leads preset maps its own «Телефон»
    "phone": ("phone number", "номер телефона"),
    # tasks (Bitrix24 task list «Название»)
    "title": ("title", "название"),
}

_BITRIX_WON = ("Сделка успешна", "Успешно реализовано", "Успех", "Успешно завершена")
_BITRIX_LOST = ("Сделка провалена", "Анализ причины провала", "Провал", "Сделка проиграна")
# STAGE_ID codes (§6): WON success, LOSE and APOLOGY failure, in the main pipeline and with
# pipeline n's "C<n>:" prefix; the rest (NEW, PREPARATION, C5:3, C2:UC_…) are in progress
_BITRIX_STAGE_CODES = ((r"(C\d+:)?WON", "won"), (r"(C\d+:)?(LOSE|APOLOGY)", "lost"))
# STAGE_SEMANTIC_ID (§6; Bitrix24's own CCrmDeal::GetStageSemantics: process P, success S,
# failure and apology F) and its captions «В работе» / «Успех» / «Провал» (§1.6)
_BITRIX_SEMANTICS = {
    "P": "open",
    "S": "won",
    "F": "lost",
    "В работе": "open",
    "Успех": "won",
    "Провал": "lost",
}
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
    "неотвеченный": "call_missed",  # the type itself says missed
}
# results that make an incoming call a missed one (§1.7 «Пропущенный звонок»)
_MISSED = ("Пропущенный звонок", "Пропущенный", "Missed", "No answer", "Неотвеченный")
_PIPEDRIVE_KINDS = {"call": "call_out", "meeting": "meeting", "email": "email_out"}
_HUBSPOT_KINDS = {
    "inbound": "call_in",  # "Call direction" (knowledge.hubspot.com default activity props)
    "outbound": "call_out",
    "call": "call_out",  # a logged call with no direction is the rep's own call (§6)
    "calls": "call_out",
    "meeting": "meeting",
    "meetings": "meeting",
    "email": "email_out",
    "emails": "email_out",
}
# an incoming call nobody answered: "No answer", "Busy", the caller left a voicemail; HubSpot
# call status "Missed"; API outcome ids of No answer and Busy (hs_call_disposition)
_HUBSPOT_MISSED = (
    "No answer",
    "Busy",
    "Left voicemail",
    "Missed",
    "73a0d17f-1163-4015-bdd5-ec830791da20",
    "9d9162e7-6cf3-4944-bf63-4dff82258764",
)
_YES_NO_ANSWERED = {"y": "call_in", "yes": "call_in", "n": "call_missed", "no": "call_missed"}

PRESETS: tuple[Preset, ...] = (
    Preset(  # §1.3–1.6: «Экспорт в CSV/Excel» of the deal list
        "bitrix24.deals",
        "Bitrix24 deals",
        "deals",
        {
            "id": ("ID",),
            "manager": ("Ответственный",),
            "stage": ("Стадия сделки",),
            "outcome": ("Группа стадий",),  # STAGE_SEMANTIC_ID (§1.4)
            "amount": ("Сумма",),
            "units": ("Количество",),
            "product": ("Товар",),  # one line per product, deal fields repeated (§1.4)
            "client": ("Компания", "Компания: Название компании"),
            "created_at": ("Дата создания",),
            # the deal's CLOSEDATE is exported as «Предполагаемая дата закрытия» (§1.4)
            "closed_at": ("Предполагаемая дата закрытия",),
            # DATE_MODIFY, the last change (§1.4): the list exports no last-activity date and
            # no date the deal entered its stage (crm.deal.list lang/ru/component.php)
            "touched_at": ("Дата изменения",),
        },
        fill={"client": ("Контакт",)},  # a deal with a person, not a company
        won=_BITRIX_WON,
        lost=_BITRIX_LOST,
        outcomes=_BITRIX_SEMANTICS,
        stage_codes=_BITRIX_STAGE_CODES,
    ),
    Preset(  # §6: crm.deal.list dumped to a file (dev.1c-bitrix.ru crm.deal.fields)
        "bitrix24.deals_api",
        "Bitrix24 deals (REST)",
        "deals",
        {
            "id": ("ID",),
            # a user id, unless the dumper put names there; crm.item.list says assignedById
            "manager": ("ASSIGNED_BY_ID", "assignedById"),
            "stage": ("STAGE_ID", "stageId"),
            "outcome": ("STAGE_SEMANTIC_ID",),
            "amount": ("OPPORTUNITY",),
            "created_at": ("DATE_CREATE", "createdTime"),
            "closed_at": ("CLOSEDATE",),
            # the last timeline activity (crm.item: lastActivityTime, apidocs.bitrix24.com
            # …/universal/object-fields), else the last change DATE_MODIFY (crm.deal.fields)
            "touched_at": ("LAST_ACTIVITY_TIME", "lastActivityTime", "DATE_MODIFY", "updatedTime"),
            # "Date when item was moved to current stage" (training.bitrix24.com crm.deal.fields)
            "stage_at": ("MOVED_TIME", "movedTime"),
            # not COMPANY_ID: a deal without a company has "0" there, which would make all
            # of them one client
        },
        won=_BITRIX_WON,  # a dump may mix codes and stage names (§6)
        lost=_BITRIX_LOST,
        outcomes=_BITRIX_SEMANTICS,
        stage_codes=_BITRIX_STAGE_CODES,
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
            # §1.5; the export has no first-contact date: the rule matches the lead's phone
            # with the calls' (or the config maps first_contact_at)
            "phone": ("Телефон",),
        },
    ),
    Preset(  # crm.lead.list dumped to a file: the same field codes as deals
        "bitrix24.leads_api",
        "Bitrix24 leads (REST)",
        "leads",
        {
            "id": ("ID",),
            "manager": ("ASSIGNED_BY_ID", "assignedById"),
            "created_at": ("DATE_CREATE", "createdTime"),
            "source": ("SOURCE_ID",),
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
    Preset(  # crm.activity.list dumped to a file (dev.1c-bitrix.ru crm.activity.fields)
        "bitrix24.activities_api",
        "Bitrix24 activities (REST)",
        "activities",
        {
            "id": ("ID",),
            "manager": ("RESPONSIBLE_ID",),
            "kind": ("TYPE_ID",),
            "at": ("START_TIME", "CREATED"),
            "done": ("COMPLETED",),
            # the call's direction (crm.enum.activitydirection: 1 incoming, 2 outgoing); the
            # dump has no call result. OWNER_ID is not a deal id unless OWNER_TYPE_ID is 2.
            "result": ("DIRECTION",),
        },
        # crm.enum.activitytype: 1 meeting, 2 call, 3 task, 4 e-mail, 5 action, 6 custom
        kinds={
            "1": "meeting",
            "2": "call_out",
            "3": "task",
            "4": "email_out",
            "5": "action",
            "6": "custom",
        },
        incoming=("1",),
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
            # the client's number, «Номер скрыт» when hidden (§1.7); not «Номер портала»,
            # the portal's own line
            "phone": ("Номер телефона",),
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
            # «Клиент» holds the caller's number 79XXXXXXXXX here (§1.8), not a client name:
            # only this preset reads it as a phone; «Через» is the company's own line
            "phone": ("Клиент",),
        },
        kinds=_CALL_KINDS,
        missed=_MISSED,
    ),
    Preset(  # §6: an outbound dialer's call log; agents are numbers, every row is a dial
        "dialer.calls",
        "Dialer call log",
        "activities",
        {
            # agent_id (the person) is a common word: the generic aliases map it, so that an
            # activity table with "agent_id" and "status" is not taken for a dialer log
            "kind": ("status",),  # S sale, NI not interested, VM voicemail, CB callback…
            "result": ("status",),
            "at": ("datestamp",),
            "duration_s": ("call_length",),  # seconds
        },
        kind_default="call_out",
    ),
    Preset(  # §6: a call-centre sheet of inbound calls, date and time in separate cells
        "callcentre.calls",
        "Call-centre call log",
        "activities",
        {
            # Call Id, Date and Time are common words (the generic aliases map them): a log
            # with "Agent" and "Date" is not a call-centre sheet for that alone
            "manager": ("Agent Name", "Agent"),
            "kind": ("Answered (Y/N)",),  # an inbound call nobody answered: N
            "duration_s": ("AvgTalkDuration",),  # h:mm:ss
        },
        kinds=_YES_NO_ANSWERED,
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
            # the last edit (§2.2); the export has no last-activity or stage-entered date
            "touched_at": ("Дата редактирования",),
        },
        fill={"client": ("Полное имя контакта",)},
        won=_AMO_WON,
        lost=_AMO_LOST,
    ),
    Preset(  # API v4 leads dumped to a file; dates there are unix seconds
        "amocrm.deals_api",
        "amoCRM deals (API)",
        "deals",
        {
            "id": ("id",),
            "manager": ("responsible_user_id",),
            "stage": ("status_id",),
            "amount": ("price",),
            "created_at": ("created_at",),
            "closed_at": ("closed_at",),
            # the last change; the lead model has no last-activity or stage-entered time
            # (amoCRM API v4 /api/v4/leads: created_at, updated_at, closed_at, closest_task_at)
            "touched_at": ("updated_at",),
        },
        stage_codes=((r"142", "won"), (r"143", "lost")),  # system statuses (§2.4)
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
            # the client is the associated company (§6), never the deal's own name
            "client": ("Associated Company Domain", "Associated Company", "Company name"),
            "created_at": ("Create Date", "Data de criação"),
            "closed_at": ("Close Date", "Data de fechamento"),
            "touched_at": ("Last Activity Date",),  # §3, a real all-deals export
            # Professional and up; seen in exports read back with pandas (code-search hits)
            "stage_at": ("Date entered current stage",),
        },
        won=_EN_WON,
        lost=_EN_LOST,
    ),
    Preset(  # deal properties as the CRM API names them (developers.hubspot.com)
        "hubspot.deals_api",
        "HubSpot deals (API)",
        "deals",
        {
            "id": ("hs_object_id",),
            "manager": ("hubspot_owner_id",),
            "stage": ("dealstage",),
            "amount": ("amount",),
            "created_at": ("createdate",),
            "closed_at": ("closedate",),
            "touched_at": ("notes_last_updated",),  # the "Last Activity Date" property
            "stage_at": ("hs_v2_date_entered_current_stage",),
        },
        won=("closedwon",),  # the default pipeline's internal stage ids (§3)
        lost=("closedlost",),
    ),
    Preset(  # §3, §6: the activities view export
        "hubspot.activities",
        "HubSpot activities",
        "activities",
        {
            # HubSpot's own labels; the plain words (Owner, Type, Duration, Outcome) are the
            # generic aliases', so they do not make any table with them a HubSpot export
            "id": ("Record ID", "Activity ID"),
            "manager": ("Activity Owner", "Activity assigned to", "Call owner"),
            # a call's direction says more than its type; other activities have none
            "kind": ("Call direction", "Activity type"),
            "at": ("Activity date", "Create Date"),
            "duration_s": ("Call duration",),
            "result": ("Call outcome",),
        },
        fill={"kind": ("Activity type", "Type")},
        kinds=_HUBSPOT_KINDS,
        missed=_HUBSPOT_MISSED,
    ),
    Preset(  # call engagements as the API names them (developers.hubspot.com, calls)
        "hubspot.calls_api",
        "HubSpot calls (API)",
        "activities",
        {
            "id": ("hs_object_id",),
            "manager": ("hubspot_owner_id",),
            "kind": ("hs_call_direction",),  # INBOUND | OUTBOUND
            "at": ("hs_timestamp",),
            "result": ("hs_call_disposition",),  # an outcome id
            # not hs_call_duration: milliseconds
        },
        kinds=_HUBSPOT_KINDS,
        missed=_HUBSPOT_MISSED,
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
            # last_activity_date, else update_time; stage_change_time is labelled "Last stage
            # change" (a real dealFields response; exports read back by code-search hits)
            "touched_at": ("Deal - Last activity date", "Deal - Update time"),
            "stage_at": ("Deal - Last stage change",),
        },
        fill={"closed_at": ("Deal - Lost time",)},  # a lost deal closes at its lost time
        won=_EN_WON,
        lost=_EN_LOST,
    ),
    Preset(  # deals as the API names them (pipedrive/client-php DealCollectionResponseObject)
        "pipedrive.deals_api",
        "Pipedrive deals (API)",
        "deals",
        {
            "id": ("id",),
            "manager": ("owner_name", "user_id"),
            "stage": ("stage_id",),
            "outcome": ("status",),  # open | won | lost | deleted
            # amount: "value", a common word (the generic aliases map it)
            "client": ("org_name", "org_id"),
            "created_at": ("add_time",),
            "closed_at": ("close_time", "won_time"),
            "touched_at": ("last_activity_date", "update_time"),
            "stage_at": ("stage_change_time",),  # pipedrive/client-php BaseDeal
        },
        fill={"closed_at": ("won_time", "lost_time")},
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
        kinds=_PIPEDRIVE_KINDS,
    ),
    Preset(  # activities as the API names them (pipedrive/client-nodejs ActivityResponseObject)
        "pipedrive.activities_api",
        "Pipedrive activities (API)",
        "activities",
        {
            "id": ("id",),
            # "Activity - Assigned to user" without its prefix; the API's own are ids
            "manager": ("assigned_to_user", "owner_name", "assigned_to_user_id", "user_id"),
            # kind: "type", a common word (the generic aliases map it)
            "at": ("due_date", "add_time"),
            "at_time": ("due_time",),  # HH:MM
            "done": ("done",),
            "deal_id": ("deal_id",),
            # not duration: HH:MM, which a duration cell reads as minutes:seconds
        },
        kinds=_PIPEDRIVE_KINDS,
    ),
    Preset(  # the task list's «Excel» export: tasks.xls, an HTML table like §1.2
        # (bitrix24-core-corp modules/tasks/…/tasks.task.list/templates/.default/export_excel.php
        # and lang/ru/export_excel.php); «Статус» is a name (Завершена, Ждет контроля…), so a
        # closed task is told by «Дата закрытия». «CRM» lists deal titles, not ids
        # («Сделка: Поставка станков;»): tasks.deal_id must come from elsewhere
        "bitrix24.tasks",
        "Bitrix24 tasks",
        "tasks",
        {
            "id": ("ID",),
            "manager": ("Ответственный",),
            "title": ("Название",),
            "deadline": ("Крайний срок",),
            "closed_at": ("Дата закрытия",),
            # «Завершена», «Ждёт контроля» done; «Ждёт выполнения», «Выполняется»… not
            # (values.py reads these words); a task done with no closing date is on time
            "done": ("Статус",),
        },
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
            # LastActivityDate is labelled "Last Activity" (also "Last Activity Date" in
            # opportunity reports), LastStageChangeDate "Last Stage Change Date" (code-search
            # hits: report column lists, a field-label table)
            "touched_at": ("Last Activity", "Last Activity Date"),
            "stage_at": ("Last Stage Change Date",),
        },
        won=_EN_WON,
        lost=_EN_LOST,
    ),
    Preset(  # Opportunity API field names (developer.salesforce.com field reference)
        "salesforce.deals_api",
        "Salesforce opportunities (API)",
        "deals",
        {
            "id": ("Id",),
            "manager": ("Owner.Name", "OwnerId"),
            "stage": ("StageName",),
            "outcome": ("IsWon",),  # true = won; false leaves it to the stage name
            "amount": ("Amount",),
            "client": ("Account.Name", "AccountId"),
            "created_at": ("CreatedDate",),
            "closed_at": ("CloseDate",),
            "touched_at": ("LastActivityDate",),
            "stage_at": ("LastStageChangeDate",),
        },
        won=_EN_WON,
        lost=_EN_LOST,
        outcomes={"true": "won", "1": "won"},
    ),
)

GENERIC_TITLE = "generic (canonical names)"
#: stage names that mean won / lost unless the config says otherwise: every CRM's own
ALL_WON = tuple(dict.fromkeys(name for p in PRESETS for name in p.won))
ALL_LOST = tuple(dict.fromkeys(name for p in PRESETS for name in p.lost))
#: an e-mail that came in (a preset's ``incoming`` result turns an e-mail sent into one)
EMAIL_IN = "email_in"
#: the kinds ropkit itself names an activity (presets, their recodes): never "unknown"
NAMED_KINDS = frozenset(
    {k for p in PRESETS for k in (*p.kinds.values(), p.kind_default) if k} | {EMAIL_IN}
)


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


def crms(table: str) -> list[str]:
    """The CRMs with a preset for ``table`` (bitrix24, amocrm…): what ``preset:`` may name."""
    return list(dict.fromkeys(p.id.split(".")[0] for p in presets_for(table)))


def detect(headers: list[str], table: str, crm: str | None = None) -> tuple[Preset | None, int]:
    """The preset whose headers match best (None: generic), and how many columns it maps;
    with ``crm`` (``preset: bitrix24``), the best of that CRM's presets, whatever the score.

    A CRM must match more columns than the canonical names do: a file written with ropkit's
    own names is generic even if "stage" and "amount" are also Salesforce's words. Columns
    are the file's: a dialer's "status" read as both kind and result counts once; a preset's
    ``unscored`` columns do not count.
    """
    from ropkit.schema import TABLES

    best: Preset | None = None
    canonical: dict[str, tuple[str, ...]] = {c: (c,) for c in TABLES[table].names}
    best_score = -1 if crm else max(1, len(match_columns(headers, canonical)))
    for preset in presets_for(table):
        if crm is not None and preset.id.split(".")[0] != crm:
            continue
        found = match_columns(headers, preset.columns)
        score = len({pos for canon, pos in found.items() if canon not in preset.unscored})
        if score > best_score:
            best, best_score = preset, score
    return best, best_score if best else 0


def generic_aliases(table_columns: list[str]) -> dict[str, tuple[str, ...]]:
    """Canonical names plus the common words for them."""
    return {c: (c, *_GENERIC_ALIASES.get(c, ())) for c in table_columns}


def header_score(row: list[str], table: str, columns: list[str], extra: list[str]) -> int:
    """How many cells of ``row`` are known header names: finds the header under a preamble."""
    names = _known_headers(table, tuple(columns), tuple(extra))
    return sum(1 for cell in row if cell and header_key(cell) in names)


@functools.lru_cache(maxsize=64)
def _known_headers(table: str, columns: tuple[str, ...], extra: tuple[str, ...]) -> frozenset[str]:
    """Every header name of ``table`` a preset, ropkit or the config knows (compared as keys)."""
    names: set[str] = {header_key(e) for e in extra}
    for preset in presets_for(table):
        for aliases in preset.columns.values():
            names.update(header_key(a) for a in aliases if not a.endswith("*"))
    for aliases in generic_aliases(list(columns)).values():
        names.update(header_key(a) for a in aliases)
    return frozenset(names)
