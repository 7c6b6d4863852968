"""Rebuild the .xlsx fixtures of tests/data: ``python tests/data/make_xlsx.py``.

The files are committed; this script documents how they were made and rebuilds them
byte-for-byte in content (openpyxl stamps the save time into docProps, so the zip bytes
differ between runs). What a reader must make of each file is in expected.py.

* pbx_calls.xlsx — a virtual-PBX «История звонков» (CRM_EXPORTS.md §1.8): a 9-row preamble,
  then the header; Дата is a date cell (``mm-dd-yy``), Время/Ожидание/Длительность are time
  cells (``h:mm:ss``); Сотрудник is «Фамилия Имя».
* generic_activities.xlsx — canonical headers, native datetime / bool / number cells.
* bitrix24_deals_resaved.xlsx — a Bitrix24 deal export opened in a Russian-locale Excel and
  saved as .xlsx: most amounts are numbers, two stayed text; most dates are date cells, two
  stayed text (one valid leap day, one impossible date).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
DATE_FMT = "mm-dd-yy"
TIME_FMT = "h:mm:ss"
DATETIME_FMT = "dd.mm.yyyy hh:mm:ss"
DAY_FMT = "dd.mm.yyyy"
#: Bitrix24's own default stage name starts with a Latin C (U+0043), not Cyrillic С
PREPAY = "C" + "чёт на предоплату"


#: what the PBX call history has above its header (§1.8)
PBX_PREAMBLE: list[list[object]] = [
    ["Дата отчета: 03.11.2022"],
    [],
    ["История звонков"],
    ["Звонки:", "Внешние"],
    ["Фильтр по:"],
    ["С:", "10/01/2022"],
    ["По:", "10/31/2022"],
    ["Типы звонков:", "Все"],
    [],
]
#: the header row of the PBX call history (§1.8)
PBX_HEADERS = [
    "Тип звонка",
    "Клиент",
    "Сотрудник",
    "Должность",
    "Через",
    "Переадресация",
    "Дата",
    "Время",
    "Ожидание",
    "Длительность",
]


def make_pbx_calls(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "История звонков"
    for line in PBX_PREAMBLE:
        sheet.append(line)
    sheet.append(PBX_HEADERS)
    manager = "Менеджер по продажам"
    via = "74951234567"
    rows: list[list[object]] = [
        # type, client, employee, position, via, forward, date, time, wait, duration
        ["исходящий", "79123456789", "Иванов Иван", manager, via, None,
         date(2022, 10, 3), time(10, 15, 32), time(0, 0, 12), time(0, 3, 25)],
        ["входящий", "79031112233", "Петрова Мария", manager, via, "101",
         date(2022, 10, 3), time(11, 2, 5), time(0, 0, 8), time(0, 7, 40)],
        ["неуспешный исходящий", "79265554433", "Иванов Иван", manager, via, None,
         date(2022, 10, 3), time(12, 30, 0), time(0, 0, 30), time(0, 0, 0)],
        ["неотвеченный", "79161234567", "Петрова Мария", manager, via, None,
         date(2022, 10, 4), time(9, 5, 10), time(0, 0, 40), time(0, 0, 0)],
        ["входящий", "79857776655", "Сообщение о нерабочем времени", None, via, None,
         date(2022, 10, 4), time(21, 40, 0), time(0, 0, 0), time(0, 0, 35)],
        ["неотвеченный", "79998887766", None, None, via, None,
         date(2022, 10, 5), time(8, 55, 0), time(0, 1, 5), time(0, 0, 0)],
        ["исходящий", "79123456789", "Иванов Иван", manager, via, None,
         date(2022, 10, 5), time(14, 0, 0), time(0, 0, 5), time(1, 2, 3)],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
        r = sheet.max_row
        sheet.cell(r, 7).number_format = DATE_FMT
        for col in (8, 9, 10):
            sheet.cell(r, col).number_format = TIME_FMT
    book.save(path)


def make_generic_activities(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "manager", "kind", "at", "done", "duration_s", "deal_id"])
    rows: list[list[object]] = [
        [1, "Иван Иванов", "call_out", datetime(2026, 11, 2, 10, 0, 0), True, 125, 101],
        [2, "Мария Петрова", "call_in", datetime(2026, 11, 2, 11, 15, 30), True, 48.5, None],
        [3, "Иван Иванов", "meeting", date(2026, 11, 3), False, None, 202],
        [4, "Мария Петрова", "proposal", datetime(2026, 11, 3, 15, 0, 0), True, None, 202],
        [5, "   ", "call_out", datetime(2026, 11, 3, 16, 20, 0), True, 30, None],
        [6, "Иван Иванов", "invoice", "31.02.2026", True, None, 101],
        [7, "Мария Петрова", "call_missed", datetime(2026, 11, 4, 9, 5, 0), True, 0, None],
        [8, "Иван Иванов", "cold_call", datetime(2026, 11, 4, 16, 45, 59), True, 0, None],
        [9, "Мария Петрова", "email_out", datetime(2026, 11, 5, 8, 0, 0), True, None, 205],
    ]
    for row in rows:
        sheet.append(row)
        cell = sheet.cell(sheet.max_row, 4)
        if isinstance(cell.value, datetime):
            cell.number_format = DATETIME_FMT
        elif isinstance(cell.value, date):
            cell.number_format = DAY_FMT
    book.save(path)


def make_bitrix_resaved(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "ID",
            "Направление",
            "Стадия сделки",
            "Ответственный",
            "Название сделки",
            "Сумма",
            "Валюта",
            "Компания",
            "Контакт",
            "Сделка закрыта",
            "Дата создания",
            "Дата начала",
            "Предполагаемая дата закрытия",
            "Укажите причину перевода сделки в стадию &quot;Завершена&quot;",
            "ID",
            "Компания: Название компании",
        ]
    )
    rub = "Российский рубль"
    placeholder = date(2000, 1, 1)
    rows: list[list[object]] = [
        [401, "Общая", "Сделка успешна", "Иван Иванов", "Поставка станков ЧПУ", "33816.5", rub,
         "ООО «Альфа»", "Пётр Сидоров", "да", datetime(2024, 2, 1, 9, 30, 0), placeholder,
         date(2024, 2, 15), None, 15, "ООО «Альфа»"],
        [402, "Общая", "Сделка провалена", "Мария Петрова", "Ремонт шпинделя", 0, rub,
         "ООО «Бета»", "Анна Козлова", "да", datetime(2024, 2, 5, 14, 0, 0), date(2024, 2, 5),
         date(2024, 2, 19), "Дорого", 16, "ООО «Бета»"],
        [403, "Общая", "Сделка успешна", "Иван Иванов", "Фрезы, 20 шт.", "12000.00", rub,
         None, "Олег Смирнов", "да", datetime(2024, 2, 10, 10, 0, 0), placeholder,
         date(2024, 2, 26), None, None, None],
        [404, "Общая", PREPAY, "Мария Петрова", "Инструмент на год", 13500, rub,
         "ООО «Гамма»", None, "нет", datetime(2024, 2, 12, 11, 45, 0), date(2024, 2, 12),
         "29.02.2024", None, 17, "ООО «Гамма»"],
        [405, "Общая", "Сделка успешна", "Иван Иванов", "Доставка оснастки", 56000.5, rub,
         "ООО «Альфа»", "Пётр Сидоров", "да", datetime(2024, 2, 14, 16, 5, 0), placeholder,
         "31.02.2024", None, 15, "ООО «Альфа»"],
        [406, "Сервис", "Услуга активна", "Мария Петрова", "Сервисный договор", 9900, rub,
         "ИП Кузнецов А. В.", None, "нет", datetime(2024, 2, 20, 12, 0, 0), date(2024, 3, 1),
         date(2024, 3, 1), None, 18, "ИП Кузнецов А. В."],
        [407, "Общая", "Сделка успешна", "Иван Иванов", "Заточка инструмента", 7200, rub,
         "ООО «Бета»", None, "да", datetime(2024, 2, 22, 8, 15, 0), placeholder,
         date(2024, 3, 4), None, 16, "ООО «Бета»"],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
        r = sheet.max_row
        sheet.cell(r, 11).number_format = DATETIME_FMT
        for col in (12, 13):
            if isinstance(sheet.cell(r, col).value, (date, datetime)):
                sheet.cell(r, col).number_format = DAY_FMT
    book.save(path)


def main() -> None:
    make_pbx_calls(HERE / "pbx_calls.xlsx")
    make_generic_activities(HERE / "generic_activities.xlsx")
    make_bitrix_resaved(HERE / "bitrix24_deals_resaved.xlsx")


if __name__ == "__main__":
    main()
