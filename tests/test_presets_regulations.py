"""The regulation columns (deals.touched_at / stage_at, activities.phone, leads.phone, the
tasks table) recognised in exports built the way ../shared/CRM_EXPORTS.md describes them.

Every file here is small and written by hand; the answer is in the assertions. Sources of
the headers are in the comments of src/ropkit/sources/presets.py.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from ropkit.config import SourceConfig
from ropkit.schema import TABLES
from ropkit.sources.normalize import Normalized, resolve_columns
from tests.data.make_xlsx import PBX_HEADERS, PBX_PREAMBLE
from tests.test_recognition import _normalized

BOM = "\ufeff"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _header(done: Normalized, headers: list[str], canon: str) -> str | None:
    positions = done.mapping.columns.get(canon)
    return headers[positions[0]] if positions else None


def _dates(done: Normalized, column: str) -> list[datetime | None]:
    return [None if pd.isna(v) else v.to_pydatetime() for v in done.frame[column]]


# ------------------------------------------------------- Bitrix24 call detail (§1.7)


def _td(value: str) -> str:
    # every data cell padded with newlines and tabs, as the template writes them
    return f"\t\t\t\t<td>\n\t\t\t\t\t{value}\n\t\t\t\t</td>\n"


def _user(name: str) -> str:
    return (
        '<span class="tel-stat-user-name-container"><span class="ui-icon ui-icon-common-user '
        f'ui-icon-sm"><i></i></span><span class="tel-stat-user-name">{name}</span></span>'
    )


CALL_HEADERS = [
    "Сотрудник",
    "Номер портала",  # off by default; the portal's own line, never the client's number
    "Номер телефона",
    "Тип звонка",
    "Время звонка",
    "Дата вызова",
    "Статус",
    "Стоимость",
    "CRM",
    "Комментарий",
]


def _call_detail(rows: list[list[str]]) -> str:
    head = "".join(f"<td>{h}</td>" for h in CALL_HEADERS)
    body = "".join("<tr>\n" + "".join(_td(v) for v in row) + "\t\t\t</tr>\n" for row in rows)
    return (
        BOM + '<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n'
        "<style>.number0 {mso-number-format:0;} .number2 {mso-number-format:Fixed;}</style>"
        f'</head>\n<body><table border="1"><thead><tr>{head}</tr></thead><tbody>\n{body}'
        "</tbody></table></body></html>"
    )


def test_bitrix24_call_detail_maps_the_clients_number(tmp_path: Path) -> None:
    # 1 a missed incoming call from +7 (912) 345-67-89; 2 the call back to it; 3 a hidden
    # number: kept as written («Номер скрыт» has no digits, the rule reads it as no number)
    portal = "+7 (495) 000-00-00"
    rows = [
        [_user("Иван Иванов"), portal, "+7 (912) 345-67-89", "входящий", "",
         "05.11.2026 10:00:00", "Пропущенный звонок", "0,00 руб.", "-", ""],
        [_user("Иван Иванов"), portal, "8 912 345 67 89", "исходящий", "1 мин, 5 сек",
         "05.11.2026 10:20:00", "Успешный звонок", "1,20 руб.", "Сделка: Станки", ""],
        [_user("Мария Петрова"), portal, "Номер скрыт", "входящий", "45 сек",
         "05.11.2026 11:00:00", "Успешный звонок", "0,00 руб.", "-", ""],
    ]  # fmt: skip
    path = _write(tmp_path / "voximplant_statistic_detail.xls", _call_detail(rows))
    done = _normalized(path, "activities")
    assert done.mapping.preset is not None and done.mapping.preset.id == "bitrix24.calls"
    assert _header(done, CALL_HEADERS, "phone") == "Номер телефона"
    assert (done.count.read, done.count.used, done.count.rejected) == (3, 3, 0)
    assert list(done.frame["phone"]) == ["+7 (912) 345-67-89", "8 912 345 67 89", "Номер скрыт"]
    assert list(done.frame["kind"]) == ["call_missed", "call_out", "call_in"]


# ------------------------------------------------------------ PBX call history (§1.8)


def _pbx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in (*PBX_PREAMBLE, PBX_HEADERS, *rows):
        sheet.append(line)
    book.save(path)
    return path


def test_pbx_history_client_is_the_callers_number(tmp_path: Path) -> None:
    # «Клиент» is 79XXXXXXXXX: as text, and as the number cell Excel makes of it; «Через»
    # (the company's line) is not the phone
    day = datetime(2022, 10, 3)
    rows: list[list[object]] = [
        ["неотвеченный", 79031112233, "Петрова Мария", "Менеджер", 74951234567, None, day,
         time(11, 2, 5), time(0, 0, 8), time(0, 0, 0)],
        ["исходящий", "79031112233", "Петрова Мария", "Менеджер", "74951234567", None, day,
         time(11, 30, 0), time(0, 0, 3), time(0, 2, 10)],
    ]  # fmt: skip
    done = _normalized(_pbx(tmp_path / "history.xlsx", rows), "activities")
    assert done.mapping.preset is not None and done.mapping.preset.id == "pbx.calls"
    assert _header(done, PBX_HEADERS, "phone") == "Клиент"
    assert list(done.frame["phone"]) == ["79031112233", "79031112233"]
    assert list(done.frame["kind"]) == ["call_missed", "call_out"]
    assert _dates(done, "at") == [datetime(2022, 10, 3, 11, 2, 5), datetime(2022, 10, 3, 11, 30)]


@pytest.mark.parametrize(
    "headers",
    [
        # a plain call log: «Клиент» is a client's name there, not a number
        ["Дата звонка", "Оператор", "Тип звонка", "Клиент"],
        # Bitrix24 «Дела» (§1.5): «Клиент» is the contact or company
        ["ID", "Тип", "Название", "Сделка/Лид", "Клиент", "Начало", "Ответственный", "Статус"],
    ],
)
def test_client_is_a_phone_only_in_the_pbx_history(headers: list[str]) -> None:
    mapping = resolve_columns(
        Path("x.csv"), headers, TABLES["activities"], SourceConfig(path="x"), "k"
    )
    assert mapping.preset is None or mapping.preset.id != "pbx.calls"
    assert "phone" not in mapping.columns


@pytest.mark.parametrize(
    ("table", "headers"),
    [
        # one Bitrix24 word and a last-change date: still a hand-made list
        ("deals", ["Ответственный", "Дата изменения", "Этап"]),
        ("deals", ["Deal owner", "Last Activity Date", "Date entered current stage"]),
        ("leads", ["Ответственный", "Телефон", "Создан"]),
        ("activities", ["Тип звонка", "Номер телефона", "Оператор"]),
    ],
)
def test_the_regulation_columns_do_not_choose_the_preset(table: str, headers: list[str]) -> None:
    # they are mapped once a preset is chosen by its other columns, never a reason to choose it
    mapping = resolve_columns(Path("x.csv"), headers, TABLES[table], SourceConfig(path="x"), "k")
    assert mapping.preset is None


# ------------------------------------------------------------- amoCRM deals (§2.2)

AMO = (
    "ID,Название сделки,Бюджет ,Ответственный,Дата создания сделки,Кем создана сделка,"
    "Дата редактирования,Кем редактирована,Дата закрытия,Теги,Этап сделки,Воронка,"
    "Полное имя контакта,Компания,Мобильный телефон\n"
    "31001,Станки,150000,Анна Смирнова,01.10.2026 09:00:00,Анна Смирнова,"
    "20.10.2026 16:45:00,Анна Смирнова,не закрыта,,Переговоры,Продажи,Пётр Сидоров,"
    "ООО «Альфа»,+79123456789\n"
    "31002,Фрезы,12000,Олег Ким,02.10.2026 10:00:00,Олег Ким,"
    "05-10-2026 11:00:00,Олег Ким,05.10.2026 11:00:00,,Успешно реализовано,Продажи,,,\n"
)


def test_amocrm_deals_last_edit_is_touched_at(tmp_path: Path) -> None:
    done = _normalized(_write(tmp_path / "amocrm_export_leads.csv", AMO), "deals")
    assert done.mapping.preset is not None and done.mapping.preset.id == "amocrm.deals"
    headers = AMO.splitlines()[0].split(",")
    assert _header(done, headers, "touched_at") == "Дата редактирования"
    assert "stage_at" not in done.mapping.columns  # the export has no such date
    assert (done.count.used, done.count.rejected) == (2, 0)
    assert _dates(done, "touched_at") == [datetime(2026, 10, 20, 16, 45), datetime(2026, 10, 5, 11)]
    assert list(done.frame["outcome"]) == ["open", "won"]


# ------------------------------------------------------ Bitrix24 deals and leads (§1.3)


def _bitrix_csv(rows: list[list[str]]) -> str:
    # «Экспорт в CSV»: BOM, ';', every field quoted, a trailing ';' on every line
    return BOM + "".join("".join(f'"{v}";' for v in row) + "\n" for row in rows)


def test_bitrix24_deals_last_change_is_touched_at(tmp_path: Path) -> None:
    rows = [
        ["ID", "Название сделки", "Стадия сделки", "Ответственный", "Сумма", "Дата создания",
         "Кем создана", "Дата изменения", "Кем изменена", "Предполагаемая дата закрытия"],
        ["401", "Станки", "В работе", "Иван Иванов", "150000", "01.10.2026 09:00:00",
         "Иван Иванов", "18.10.2026 12:30:00", "Иван Иванов", "30.11.2026"],
        ["402", "Фрезы", "Сделка успешна", "Мария Петрова", "12000.00", "02.10.2026 10:00:00",
         "Мария Петрова", "05.10.2026 11:00:00", "Мария Петрова", "05.10.2026"],
    ]  # fmt: skip
    done = _normalized(_write(tmp_path / "DEAL_20261020.csv", _bitrix_csv(rows)), "deals")
    assert done.mapping.preset is not None and done.mapping.preset.id == "bitrix24.deals"
    assert _header(done, rows[0], "touched_at") == "Дата изменения"
    assert "stage_at" not in done.mapping.columns
    assert _dates(done, "touched_at") == [datetime(2026, 10, 18, 12, 30), datetime(2026, 10, 5, 11)]


def test_bitrix24_leads_phone(tmp_path: Path) -> None:
    rows = [
        ["ID", "Название лида", "Статус", "Источник", "Ответственный", "Дата создания",
         "Дата изменения", "Имя", "Телефон", "E-mail"],
        ["501", "Заявка с сайта", "Не обработан", "Веб-сайт", "Иван Иванов",
         "03.11.2026 09:15:00", "03.11.2026 09:15:00", "Олег", "+7 903 111-22-33", ""],
        ["502", "Звонок", "В работе", "Звонок", "Иван Иванов",
         "03.11.2026 10:00:00", "03.11.2026 10:05:00", "Анна", "", "a@example.com"],
    ]  # fmt: skip
    done = _normalized(_write(tmp_path / "LEAD_20261103.csv", _bitrix_csv(rows)), "leads")
    assert done.mapping.preset is not None and done.mapping.preset.id == "bitrix24.leads"
    assert _header(done, rows[0], "phone") == "Телефон"
    assert "first_contact_at" not in done.mapping.columns  # not exported
    assert [None if pd.isna(v) else v for v in done.frame["phone"]] == ["+7 903 111-22-33", None]


# --------------------------------------------------------------- Bitrix24 tasks


TASK_HEADERS = [
    "ID",
    "Название",
    "Ответственный",
    "Постановщик",
    "Дата создания",
    "Статус",
    "Крайний срок",
    "Дата закрытия",
    "Проект",
    "Дата изменения",
    "CRM",
]


def test_bitrix24_task_list_export(tmp_path: Path) -> None:
    # the tasks.xls the task list's Excel export writes: <meta>, then a <th> header, no BOM
    # (export_excel.php streams it directly); «CRM» holds deal titles, never ids
    rows = [
        ["7001", "Позвонить по КП", "Иван Иванов", "Мария Петрова", "01.11.2026 09:00:00",
         "Завершена", "03.11.2026 18:00:00", "03.11.2026 17:10:00", "", "03.11.2026 17:10:00",
         "Сделка: Станки;"],
        ["7002", "Выставить счёт", "Иван Иванов", "Мария Петрова", "02.11.2026 09:00:00",
         "Ждет выполнения", "04.11.2026 18:00:00", "", "", "02.11.2026 09:00:00", ""],
        ["7003", "Без срока", "Иван Иванов", "Иван Иванов", "02.11.2026 10:00:00",
         "Новая", "", "", "", "02.11.2026 10:00:00", ""],
    ]  # fmt: skip
    head = "".join(f"<th>{h}</th>" for h in TASK_HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>\n" for r in rows)
    text = (
        '\n<meta http-equiv="Content-type" content="text/html;charset=UTF-8"/>\n\n'
        f'<table border="1">\n\t<thead>\n\t<tr>{head}</tr>\n\t</thead>\n\n\t<tbody>\n{body}'
        "\t</tbody>\n</table>"
    )
    done = _normalized(_write(tmp_path / "tasks.xls", text), "tasks")
    assert done.mapping.preset is not None and done.mapping.preset.id == "bitrix24.tasks"
    mapped = {c: _header(done, TASK_HEADERS, c) for c in done.mapping.columns}
    assert mapped == {
        "id": "ID",
        "manager": "Ответственный",
        "title": "Название",
        "deadline": "Крайний срок",
        "closed_at": "Дата закрытия",
        "done": "Статус",
    }
    # the task with no deadline is rejected (deadline is required)
    assert (done.count.read, done.count.used, done.count.rejected) == (3, 2, 1)
    assert dict(done.count.reasons) == {"empty": 1}
    assert list(done.frame["title"]) == ["Позвонить по КП", "Выставить счёт"]
    assert _dates(done, "deadline") == [datetime(2026, 11, 3, 18), datetime(2026, 11, 4, 18)]
    assert _dates(done, "closed_at") == [datetime(2026, 11, 3, 17, 10), None]
    # «Завершена» is done, «Ждет выполнения» (ё written as е) is not
    assert list(done.frame["done"]) == [True, False]


# ---------------------------------------------- last activity / stage entered, by CRM


@pytest.mark.parametrize(
    ("table", "text", "preset", "touched", "stage"),
    [
        # HubSpot all-deals export (§3)
        (
            "deals",
            '"Record ID","Deal Name","Last Activity Date","Deal Stage","Close Date",'
            '"Deal owner","Amount","Pipeline","Create Date","Date entered current stage"\n'
            '"1801","Acme","2025-04-08 17:19","Contract Sent","2025-05-01","Ayu Lestari",'
            '"12500","Sales Pipeline","2025-03-27 09:05","2025-04-02 10:00"\n',
            "hubspot.deals",
            ("Last Activity Date", datetime(2025, 4, 8, 17, 19)),
            ("Date entered current stage", datetime(2025, 4, 2, 10)),
        ),
        # Pipedrive deals (§4): the last activity wins over the last update
        (
            "deals",
            "Deal - ID,Deal - Title,Deal - Value,Deal - Owner,Deal - Stage,Deal - Status,"
            "Deal - Deal created,Deal - Update time,Deal - Last stage change,"
            "Deal - Last activity date\n"
            "101,Acme,15000,Laura Chen,Proposal Made,Open,2024-10-01 09:12:44,"
            "2024-11-20 08:00:00,2024-11-04 16:20:00,2024-11-12\n",
            "pipedrive.deals",
            ("Deal - Last activity date", datetime(2024, 11, 12)),
            ("Deal - Last stage change", datetime(2024, 11, 4, 16, 20)),
        ),
        # Pipedrive deals without a last-activity column: the last update
        (
            "deals",
            "Deal - ID,Deal - Title,Deal - Value,Deal - Owner,Deal - Stage,Deal - Status,"
            "Deal - Deal created,Deal - Update time\n"
            "101,Acme,15000,Laura Chen,Proposal Made,Open,2024-10-01 09:12:44,"
            "2024-11-20 08:00:00\n",
            "pipedrive.deals",
            ("Deal - Update time", datetime(2024, 11, 20, 8)),
            None,
        ),
        # Salesforce opportunity report, Details Only (§5)
        (
            "deals",
            '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount",'
            '"Close Date","Created Date","Last Activity","Last Stage Change Date"\n'
            '"Oliver Smith","Acme, Ltd.","Acme - Fleet","Negotiation/Review","12500.00",'
            '"28/02/2026","05/01/2026","16/02/2026","13/02/2026"\n',
            "salesforce.deals",
            ("Last Activity", datetime(2026, 2, 16)),
            ("Last Stage Change Date", datetime(2026, 2, 13)),
        ),
        # Bitrix24 crm.deal.list dump (§6)
        (
            "deals",
            "ID,TITLE,STAGE_ID,ASSIGNED_BY_ID,OPPORTUNITY,DATE_CREATE,DATE_MODIFY,"
            "LAST_ACTIVITY_TIME,MOVED_TIME\n"
            "2101,Станки,C6:EXECUTING,17,150000,2021-05-08T03:59:51+03:00,"
            "2021-05-21T10:00:00+03:00,2021-05-20T15:30:00+03:00,2021-05-12T09:00:00+03:00\n",
            "bitrix24.deals_api",
            ("LAST_ACTIVITY_TIME", datetime(2021, 5, 20, 15, 30)),
            ("MOVED_TIME", datetime(2021, 5, 12, 9)),
        ),
        # amoCRM API v4 leads dump: unix seconds, read with date_format: "%s" (the reader
        # does not guess them)
        (
            "deals",
            "id,name,price,responsible_user_id,status_id,created_at,updated_at,closed_at\n"
            "31001,Станки,150000,10727737,61095973,1746183082,1746421930,\n",
            "amocrm.deals_api",
            ("updated_at", datetime(2025, 5, 5, 5, 12, 10)),
            None,
        ),
        # HubSpot deals API properties
        (
            "deals",
            "hs_object_id,dealname,dealstage,amount,hubspot_owner_id,createdate,closedate,"
            "notes_last_updated,hs_v2_date_entered_current_stage\n"
            "512,Acme,contractsent,12500,48172639,2024-01-05T09:00:00.000Z,,"
            "2024-01-15T10:30:00.000Z,2024-01-10T08:00:00.000Z\n",
            "hubspot.deals_api",
            ("notes_last_updated", datetime(2024, 1, 15, 10, 30)),
            ("hs_v2_date_entered_current_stage", datetime(2024, 1, 10, 8)),
        ),
        # Pipedrive deals API
        (
            "deals",
            "id,title,value,owner_name,stage_id,status,add_time,update_time,"
            "stage_change_time,last_activity_date\n"
            "101,Acme,15000,Laura Chen,3,open,2024-10-01 09:12:44,2024-11-20 08:00:00,"
            "2024-11-04 16:20:00,2024-11-12\n",
            "pipedrive.deals_api",
            ("last_activity_date", datetime(2024, 11, 12)),
            ("stage_change_time", datetime(2024, 11, 4, 16, 20)),
        ),
        # Salesforce Opportunity API fields
        (
            "deals",
            "Id,Name,StageName,Amount,CloseDate,CreatedDate,OwnerId,LastActivityDate,"
            "LastStageChangeDate\n"
            "0065g00000XyZ1AAA,Acme,Negotiation/Review,12500.00,2024-02-28,"
            "2024-01-05T09:12:00.000+0000,0055g00000AbC1QAA,2024-02-10,"
            "2024-02-01T12:00:00.000+0000\n",
            "salesforce.deals_api",
            ("LastActivityDate", datetime(2024, 2, 10)),
            ("LastStageChangeDate", datetime(2024, 2, 1, 12)),
        ),
    ],
)
def test_deal_dates_are_mapped_and_parsed(
    tmp_path: Path,
    table: str,
    text: str,
    preset: str,
    touched: tuple[str, datetime],
    stage: tuple[str, datetime] | None,
) -> None:
    unix = {"date_format": "%s"} if preset == "amocrm.deals_api" else {}
    done = _normalized(_write(tmp_path / "export.csv", text), table, **unix)
    assert done.mapping.preset is not None and done.mapping.preset.id == preset
    all_headers = next(csv.reader(io.StringIO(text)))
    assert done.count.rejected == 0
    assert _header(done, all_headers, "touched_at") == touched[0]
    assert _dates(done, "touched_at") == [touched[1]]
    if stage is None:
        assert "stage_at" not in done.mapping.columns
    else:
        assert _header(done, all_headers, "stage_at") == stage[0]
        assert _dates(done, "stage_at") == [stage[1]]


# ------------------------------------------------------------------ generic words


def test_generic_words_for_the_new_columns(tmp_path: Path) -> None:
    # a hand-made deal list and call log, no CRM preset
    deals = (
        "id,manager,stage,last activity,last stage change\n"
        "1,Анна,Переговоры,2026-10-20 12:00,2026-10-01\n"
    )
    done = _normalized(_write(tmp_path / "deals.csv", deals), "deals")
    assert done.mapping.preset is None
    assert _dates(done, "touched_at") == [datetime(2026, 10, 20, 12)]
    assert _dates(done, "stage_at") == [datetime(2026, 10, 1)]
    calls = (
        "Дата звонка;Оператор;Тип звонка;Номер телефона;Телефон\n"
        "01.11.2026 10:00;Анна;входящий;+79031112233;101\n"
    )
    done = _normalized(_write(tmp_path / "calls.csv", calls), "activities")
    assert done.mapping.preset is None
    assert list(done.frame["phone"]) == ["+79031112233"]
    # a bare «Телефон» is not taken: it may be the employee's own line
    calls = "Дата звонка;Оператор;Тип звонка;Телефон\n01.11.2026 10:00;Анна;входящий;101\n"
    done = _normalized(_write(tmp_path / "calls2.csv", calls), "activities")
    assert "phone" not in done.mapping.columns
    tasks = "id,manager,title,deadline,closed_at\n1,Анна,КП,05.11.2026 18:00,\n"
    done = _normalized(_write(tmp_path / "tasks.csv", tasks), "tasks")
    assert done.mapping.preset is None  # ropkit's own names, not a Bitrix24 task list
    assert list(done.frame["title"]) == ["КП"]


def test_every_bitrix24_task_status_reads_as_done_or_not() -> None:
    import pyarrow as pa

    from ropkit.sources.values import parse_bool

    # the seven statuses of Bitrix24's task list export (lang/ru/export_excel.php): a word
    # not read would reject the whole task
    statuses = {
        "Новая": False,
        "Ждёт выполнения": False,
        "Выполняется": False,
        "Ждёт контроля": True,  # done, the creator has yet to accept it
        "Завершена": True,
        "Отложена": False,
        "Отклонена": True,  # closed: nothing left to do, not overdue
    }
    parsed = parse_bool(pa.array(list(statuses)))
    assert parsed.values.to_pylist() == list(statuses.values())
    assert not any(parsed.bad.to_pylist())
