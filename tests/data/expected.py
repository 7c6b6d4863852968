"""What a correct reader must make of each fixture in tests/data, worked out by hand.

Plain data; no ropkit imports. For every file name in ``FIXTURES``:

* ``table`` — the canonical table the file feeds; ``crm`` — the preset a reader should detect
  (``bitrix24``, ``amocrm``, ``hubspot``, ``pipedrive``, ``salesforce``, ``pbx`` for the
  virtual-PBX call history, ``generic`` for canonical headers).
* ``read`` — data rows in the file (a multi-line quoted cell is one row; header, preamble,
  blank lines and report footers are not rows). ``read == used + rejected``.
* ``rejected_reasons`` — reason -> count; each rejected row has exactly one problem, so the
  reason does not depend on the order in which a reader checks columns. Reasons: ``bad_date``,
  ``bad_number``, ``empty`` (a required cell — manager, kind, at, created_at — is empty, also
  after trimming whitespace and stripping HTML), ``duplicate`` (a byte-for-byte repeat of an
  earlier data line; the first copy is used, the repeat rejected).
* ``folded`` — product rows merged into the row of their deal (deals only). ``used`` counts
  rows before folding, so ``len(rows) == used - folded``. A folded deal sits where its first
  product row was; its amount and units are the sums over its rows.
* ``rows`` — the canonical rows in file order, with only the canonical columns the file has
  (``outcome`` whenever it has a stage or status column). ids are text exactly as written
  (``"18234567801"``, ``"401"`` from a number cell — never ``"401.0"``); amounts and units and
  durations are floats; an empty optional cell is ``None``; dates without a time are midnight.
  Stages and managers are as written, HTML-unescaped, tags stripped, whitespace trimmed (the
  Latin ``C`` of Bitrix24's «Cчёт на предоплату» is kept in ``stage``).
* ``header_checks`` (optional) — header names that must be present after HTML-unescaping and
  trimming.
* ``cell_checks`` (optional) — raw (non-canonical) cells after cleanup: ``data_row`` is the
  1-based data row in file order (counting rejected rows), ``column`` the cleaned header.
* ``notes`` — why each trap row ends as it does.

Choices made where CRM_EXPORTS.md does not decide (also stated in the notes):

* ``client`` = the deal's company column (Bitrix24 «Компания», amoCRM «Компания», HubSpot/
  Salesforce/Pipedrive organisation or account); when it is empty, the contact column
  (Bitrix24 «Контакт», amoCRM «Полное имя контакта»). Never the «Компания: …» block or
  «Компания контакта».
* ``closed_at`` of an open deal: the file's close-date column as written when it holds a date
  (Bitrix24 «Предполагаемая дата закрытия», Salesforce «Close Date» are planned dates for open
  deals); ``None`` when it is empty or amoCRM's «не закрыта»; Pipedrive takes Won time / Lost
  time, so open deals have ``None``.
* Bitrix24 call detail: an empty «Время звонка» means 0 s (the export writes empty for 0 s),
  so ``duration_s`` is 0.0, not None; the call «Статус» is not a done flag (no ``done``).
* Outgoing calls count as ``call_out`` whatever their result (Bitrix24 «Занято», PBX
  «неуспешный исходящий»); Pipedrive ``call`` (no direction) is ``call_out``.
"""

from datetime import datetime

#: Bitrix24's own default stage name: the first letter is a Latin C (U+0043), not Cyrillic С
PREPAY = "C" + "чёт на предоплату"
ZAVERSHENA = 'Укажите причину перевода сделки в стадию "Завершена"'

FIXTURES: dict[str, dict[str, object]] = {
    # ------------------------------------------------------------------ Bitrix24 CSV
    "bitrix24_deals.csv": {
        "table": "deals",
        "crm": "bitrix24",
        "read": 7,
        "used": 5,
        "rejected": 2,
        "rejected_reasons": {"bad_number": 1, "bad_date": 1},
        "folded": 0,
        "rows": [
            {
                "id": "101",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 33816.5,
                "client": "ООО «Альфа»",
                "created_at": datetime(2026, 10, 14, 10, 5),
                "closed_at": datetime(2026, 11, 2),
            },
            {
                "id": "102",
                "manager": "Мария Петрова",
                "stage": "Сделка провалена",
                "outcome": "lost",
                "amount": 0.0,
                "client": "ООО «Бета»",
                "created_at": datetime(2026, 10, 15, 9, 30),
                "closed_at": datetime(2026, 10, 28),
            },
            {
                "id": "103",
                "manager": "Иван Иванов",
                "stage": PREPAY,
                "outcome": "open",
                "amount": 13500.0,
                "client": "Олег Смирнов",
                "created_at": datetime(2026, 10, 20, 16, 45, 12),
                "closed_at": datetime(2026, 11, 20),
            },
            {
                "id": "106",
                "manager": "Мария Петрова",
                "stage": "В работе",
                "outcome": "open",
                "amount": 250000.0,
                "client": "ООО «Гамма»",
                "created_at": datetime(2026, 11, 2, 11, 0),
                "closed_at": datetime(2026, 12, 15),
            },
            {
                "id": "107",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 7200.0,
                "client": "ИП Кузнецов А. В.",
                "created_at": datetime(2026, 10, 21, 12, 0),
                "closed_at": datetime(2026, 11, 5),
            },
        ],
        "header_checks": [ZAVERSHENA, "Компания: Ответственный", "Контакт: Имя"],
        "cell_checks": [
            {
                "data_row": 1,
                "column": "Комментарий",
                "value": 'Клиент просил "счёт" до пятницы;\nоплата в два этапа',
            },
            {
                "data_row": 6,
                "column": "Комментарий",
                "value": "Этап 1: аудит\nЭтап 2: КП\nЭтап 3: монтаж",
            },
        ],
        "notes": (
            "UTF-8 BOM, ';', all quoted, trailing ';' (an empty 23rd column), LF. 'ID' is the "
            "header of columns 1, 17 (company block) and 20 (contact block): id comes from the "
            "first; a reader keyed by name that keeps the last 'ID' would give 41, 42, '', … "
            "'Компания: Ответственный' (always Мария Петрова) and 'Кем создана' are not the "
            "manager. Row 101: multi-line comment with ';' and doubled quotes inside quotes. "
            "Row 102: manager 'Мария Петрова ' trimmed; amount 0.00 -> 0.0 (a real value). "
            "Row 103: stage with a Latin C -> open (not a won/lost name); company empty -> "
            "client is the contact; 'Кем создана' is 'Дежурный администратор'. Row 104: amount "
            "'сто тысяч' -> rejected bad_number. Row 105: closed '31.02.2026' -> rejected "
            "bad_date (a won deal, so the close date is needed whatever a reader does with open "
            "deals). Row 106: open deal; closed_at is its planned date as written. "
            "'Дата начала' 01.01.2000 placeholders are not mapped to anything."
        ),
    },
    "bitrix24_deals_products.csv": {
        "table": "deals",
        "crm": "bitrix24",
        "read": 7,
        "used": 6,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "folded": 2,
        "rows": [
            {
                "id": "201",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 4990.5,
                "units": 7.0,
                "client": "ООО «Альфа»",
                "created_at": datetime(2026, 11, 3, 10, 0),
                "closed_at": datetime(2026, 11, 12),
            },
            {
                "id": "202",
                "manager": "Мария Петрова",
                "stage": "В работе",
                "outcome": "open",
                "amount": 1250000.0,
                "units": 1.0,
                "client": "ООО «Бета»",
                "created_at": datetime(2026, 11, 4, 14, 20),
                "closed_at": datetime(2026, 11, 30),
            },
            {
                "id": "203",
                "manager": "Мария Петрова",
                "stage": "Сделка провалена",
                "outcome": "lost",
                "amount": 8000.0,
                "units": None,
                "client": "ООО «Альфа»",
                "created_at": datetime(2026, 11, 5, 9, 0),
                "closed_at": datetime(2026, 11, 10),
            },
            {
                "id": "205",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 2400.0,
                "units": 4.0,
                "client": "ИП Кузнецов А. В.",
                "created_at": datetime(2026, 11, 6, 16, 30),
                "closed_at": datetime(2026, 11, 9),
            },
        ],
        "notes": (
            "Deal 201 is on 3 product rows; each row's 'Сумма' is price x quantity of that row: "
            "1500.00 x 2 = 3000.00, 990.50 x 1 = 990.50, 250.00 x 4 = 1000.00 -> one deal, "
            "amount 4990.5, units 2 + 1 + 4 = 7 (keeping the first row would give 3000). "
            "folded = 2. Deals 201 and 203 share the company block 'ID' 15: folding must key "
            "on the first 'ID' column (the deal), not the company 'ID'. Deal 203 has no product "
            "(empty Товар/Цена/Количество) -> units None, amount 8000 as written. Deal 204 has "
            "an empty 'Ответственный' -> rejected empty."
        ),
    },
    # ------------------------------------------------------------ Bitrix24 HTML .xls
    "bitrix24_deals.xls": {
        "table": "deals",
        "crm": "bitrix24",
        "read": 6,
        "used": 5,
        "rejected": 1,
        "rejected_reasons": {"bad_number": 1},
        "folded": 0,
        "rows": [
            {
                "id": "301",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 33816.5,
                "client": 'ООО "Рога & Копыта"',
                "created_at": datetime(2026, 10, 1, 9, 15),
                "closed_at": datetime(2026, 10, 16),
            },
            {
                "id": "302",
                "manager": "Мария Петрова",
                "stage": "Сделка провалена",
                "outcome": "lost",
                "amount": 0.0,
                "client": "ООО «Бета»",
                "created_at": datetime(2026, 10, 2, 10, 0),
                "closed_at": datetime(2026, 10, 20),
            },
            {
                "id": "303",
                "manager": "Иван Иванов",
                "stage": PREPAY,
                "outcome": "open",
                "amount": 13500.0,
                "client": "Олег Смирнов",
                "created_at": datetime(2026, 10, 5, 12, 30),
                "closed_at": datetime(2026, 10, 30),
            },
            {
                "id": "305",
                "manager": "Мария Петрова",
                "stage": "Финальный счёт",
                "outcome": "open",
                "amount": 56000.0,
                "client": "ИП Кузнецов А. В.",
                "created_at": datetime(2026, 10, 7, 15, 45, 30),
                "closed_at": datetime(2026, 10, 31),
            },
            {
                "id": "306",
                "manager": "Иван Иванов",
                "stage": "Анализ причины провала",
                "outcome": "lost",
                "amount": 1200.0,
                "client": "ООО «Гамма»",
                "created_at": datetime(2026, 10, 8, 8, 0),
                "closed_at": datetime(2026, 10, 9),
            },
        ],
        "header_checks": [ZAVERSHENA, "Договор", "Компания: Название компании"],
        "cell_checks": [
            {"data_row": 1, "column": "Договор", "value": "Договор №15 от 01.10.2026"},
            {"data_row": 1, "column": "Название сделки", "value": 'Поставка "под ключ"'},
            {"data_row": 2, "column": ZAVERSHENA, "value": "Выбрали конкурента & дешевле"},
        ],
        "notes": (
            "HTML saved as .xls: BOM + <meta charset=UTF-8> + <table><thead><th>…, no <html>; "
            "xlrd/openpyxl cannot open it. Entities are unescaped in headers and cells "
            "(client 'ООО &quot;Рога &amp; Копыта&quot;' -> 'ООО \"Рога & Копыта\"'); the "
            "'Договор' user-field cell is an <a href> link -> its text only. 'ID' twice "
            "(deal, company block). Row 303: Latin-C stage -> open; no company -> client is "
            "the contact. Row 304: 'сто тысяч' -> rejected bad_number. Row 305: 'Финальный "
            "счёт' is not final -> open. Row 306: 'Анализ причины провала' is Bitrix24's "
            "default failure stage (APOLOGY) -> lost."
        ),
    },
    "bitrix24_calls.xls": {
        "table": "activities",
        "crm": "bitrix24",
        "read": 7,
        "used": 6,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "rows": [
            {
                "manager": "Иван Иванов",
                "kind": "call_out",
                "at": datetime(2026, 11, 5, 16, 42, 10),
                "duration_s": 125.0,
            },
            {
                "manager": "Мария Петрова",
                "kind": "call_in",
                "at": datetime(2026, 11, 5, 15, 3, 55),
                "duration_s": 45.0,
            },
            {
                "manager": "Мария Петрова",
                "kind": "call_missed",
                "at": datetime(2026, 11, 5, 13, 20, 0),
                "duration_s": 0.0,
            },
            {
                "manager": "Иван Иванов",
                "kind": "call_out",
                "at": datetime(2026, 11, 4, 11, 10, 5),
                "duration_s": 180.0,
            },
            {
                "manager": "Иван Иванов",
                "kind": "call_out",
                "at": datetime(2026, 11, 4, 10, 2, 33),
                "duration_s": 0.0,
            },
            {
                "manager": "Мария Петрова",
                "kind": "call_out",
                "at": datetime(2026, 11, 3, 17, 45, 0),
                "duration_s": 630.0,
            },
        ],
        "header_checks": ["Сотрудник", "Тип звонка", "Время звонка", "Дата вызова", "Статус"],
        "cell_checks": [
            {"data_row": 5, "column": "Комментарий", "value": "Перезвонить <после 15:00>"},
            {"data_row": 4, "column": "Номер телефона", "value": "Номер скрыт"},
        ],
        "notes": (
            "Telephony call detail: <html><head><style>, header cells are <td>, every cell "
            "padded with newlines and tabs; 'Сотрудник' is a span fragment -> the name inside "
            "'tel-stat-user-name'. Rows are newest first (file order kept). Kind: 'Статус' = "
            "'Пропущенный звонок' -> call_missed whatever the type; otherwise 'исходящий' -> "
            "call_out, 'входящий' -> call_in. Row 3: missed, empty 'Время звонка' -> 0.0 s. "
            "Row 4: 'Сотрудник' is '&mdash;' (no user) -> rejected empty. Row 6: outgoing, "
            "'Занято', empty time -> call_out, 0.0 s. Durations: '2 мин, 5 сек' = 125, '45 сек' "
            "= 45, '3 мин' = 180, '10 мин, 30 сек' = 630. 'Статус' is not a done flag: no "
            "'done' column (mapping it to done would reject every row as bad_flag)."
        ),
    },
    "bitrix24_activities_cp1251.csv": {
        "table": "activities",
        "crm": "bitrix24",
        "read": 7,
        "used": 5,
        "rejected": 2,
        "rejected_reasons": {"duplicate": 1, "bad_date": 1},
        "rows": [
            {
                "manager": "Иван Иванов",
                "kind": "call_out",
                "at": datetime(2026, 11, 2, 10, 0),
                "done": True,
            },
            {
                "manager": "Мария Петрова",
                "kind": "call_in",
                "at": datetime(2026, 11, 2, 11, 15),
                "done": True,
            },
            {
                "manager": "Мария Петрова",
                "kind": "meeting",
                "at": datetime(2026, 11, 5, 14, 0),
                "done": False,
            },
            {
                "manager": "Иван Иванов",
                "kind": "email_out",
                "at": datetime(2026, 11, 3, 9, 12, 44),
                "done": True,
            },
            {
                "manager": "Иван Иванов",
                "kind": "call_out",
                "at": datetime(2026, 11, 6, 16, 0),
                "done": False,
            },
        ],
        "cell_checks": [
            {"data_row": 3, "column": "Описание", "value": "Взять образцы;\nпрайс-лист"},
        ],
        "notes": (
            "«Дела» from a legacy windows-1251 portal: no BOM, ';', all quoted, trailing ';', "
            "LF. 'at' is 'Начало' (not 'Срок', 'Конец' or 'Дата создания', which differ). "
            "Types: 'Звонок (исходящий)' -> call_out, 'Звонок (входящий)' -> call_in, 'Встреча' "
            "-> meeting, 'Письмо (отправленное)' -> email_out; 'Выполнено' -> done True, "
            "'Не выполнено' -> False. Row 5 repeats row 4 byte for byte -> rejected duplicate. "
            "Row 6: 'Начало' '31.02.2026 10:00:00' -> rejected bad_date. 'Сделка/Лид' holds a "
            "title ('Сделка: …'), not an id, so there is no deal_id."
        ),
    },
    "bitrix24_leads.csv": {
        "table": "leads",
        "crm": "bitrix24",
        "read": 7,
        "used": 5,
        "rejected": 2,
        "rejected_reasons": {"empty": 1, "bad_date": 1},
        "rows": [
            {
                "id": "501",
                "manager": "Иван Иванов",
                "created_at": datetime(2026, 11, 3, 9, 15),
                "source": "Веб-сайт",
            },
            {
                "id": "502",
                "manager": "Мария Петрова",
                "created_at": datetime(2026, 11, 3, 10, 42, 7),
                "source": "Звонок",
            },
            {
                "id": "503",
                "manager": "Дежурный администратор",
                "created_at": datetime(2026, 11, 4, 22, 10),
                "source": "CRM-форма",
            },
            {
                "id": "506",
                "manager": "Иван Иванов",
                "created_at": datetime(2026, 11, 5, 8, 30),
                "source": None,
            },
            {
                "id": "507",
                "manager": "Мария Петрова",
                "created_at": datetime(2026, 11, 6, 17, 5, 59),
                "source": "По рекомендации",
            },
        ],
        "notes": (
            "Lead list, same CSV dialect as deals. manager is 'Ответственный', not 'Кем создан'. "
            "source is 'Источник', not 'Дополнительно об источнике'. The file has no first-"
            "contact column ('Дата изменения' is the last edit) -> no first_contact_at. Row 503: "
            "service account 'Дежурный администратор' is a non-empty manager -> used (the team "
            "list, not the reader, leaves it out); its comment is multi-line. Row 504: empty "
            "'Ответственный' -> rejected empty. Row 505: created '30.02.2026 12:00:00' -> "
            "rejected bad_date. Row 506: empty 'Источник' -> source None."
        ),
    },
    # ----------------------------------------------------------------------- amoCRM
    "amocrm_deals.csv": {
        "table": "deals",
        "crm": "amocrm",
        "read": 7,
        "used": 5,
        "rejected": 2,
        "rejected_reasons": {"duplicate": 1, "bad_number": 1},
        "folded": 0,
        "rows": [
            {
                "id": "21001",
                "manager": "Анна Смирнова",
                "stage": "Успешно реализовано",
                "outcome": "won",
                "amount": 150000.0,
                "client": "ООО Альфа",
                "created_at": datetime(2026, 10, 1, 10, 15),
                "closed_at": datetime(2026, 10, 15, 11, 59, 30),
            },
            {
                "id": "21002",
                "manager": "Олег Новиков",
                "stage": "Закрыто и не реализовано",
                "outcome": "lost",
                "amount": 980000.0,
                "client": "Анна Козлова",
                "created_at": datetime(2026, 10, 2, 9, 0),
                "closed_at": datetime(2026, 10, 20, 18, 30),
            },
            {
                "id": "21003",
                "manager": "Анна Смирнова",
                "stage": "Переговоры",
                "outcome": "open",
                "amount": 0.0,
                "client": "ИП Кузнецов",
                "created_at": datetime(2026, 10, 5, 14, 20),
                "closed_at": None,
            },
            {
                "id": "21004",
                "manager": "Олег Новиков",
                "stage": "Первичный контакт",
                "outcome": "open",
                "amount": 45000.0,
                "client": "Олег Смирнов",
                "created_at": datetime(2026, 10, 6, 8, 5, 10),
                "closed_at": None,
            },
            {
                "id": "21006",
                "manager": "Анна Смирнова",
                "stage": "Успешно реализовано",
                "outcome": "won",
                "amount": 32000.0,
                "client": "ООО Альфа",
                "created_at": datetime(2026, 10, 12, 16, 40),
                "closed_at": datetime(2026, 10, 25, 16, 0),
            },
        ],
        "header_checks": ["Бюджет", "utm_source"],
        "notes": (
            "Comma, UTF-8 without BOM, quotes only where needed; header in the §2.2 order "
            "through 'Воронка' and on; 'Бюджет ' has a trailing space; 'utm_source' appears "
            "twice. created_at is 'Дата создания сделки', closed_at 'Дата закрытия' (not "
            "'Дата редактирования'); manager 'Ответственный' (not 'Кем создана сделка' or "
            "'Ответственный за контакт'). Row 21002 writes dates as DD-MM-YYYY HH:MM:SS, the "
            "others DD.MM.YYYY HH:MM:SS; its note has a comma inside quotes; no company -> "
            "client is 'Полное имя контакта'. Rows 21003/21004: 'Дата закрытия' = 'не "
            "закрыта' -> closed_at None, not a rejection; 21003 budget 0 -> 0.0. The second "
            "21004 line (with its multi-line note) is an exact repeat -> rejected duplicate. "
            "Row 21005: budget 'сто тысяч' -> rejected bad_number. Row 21006: won in funnel "
            "'Сервис' (142/143 are the same names in every funnel)."
        ),
    },
    # ---------------------------------------------------------------------- HubSpot
    "hubspot_deals.csv": {
        "table": "deals",
        "crm": "hubspot",
        "read": 6,
        "used": 5,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "folded": 0,
        "rows": [
            {
                "id": "18234567801",
                "manager": "Ayu Lestari",
                "stage": "Closed Won",
                "outcome": "won",
                "amount": 12500.5,
                "created_at": datetime(2025, 3, 27, 9, 5),
                "closed_at": datetime(2025, 4, 8, 17, 19),
            },
            {
                "id": "18234567802",
                "manager": "Rafi Ahmad",
                "stage": "Closed Lost",
                "outcome": "lost",
                "amount": 3000.0,
                "created_at": datetime(2025, 3, 14, 11, 30),
                "closed_at": datetime(2025, 4, 8, 16, 43),
            },
            {
                "id": "18234567803",
                "manager": "Nadia Putri",
                "stage": "Contract Sent",
                "outcome": "open",
                "amount": 980.75,
                "created_at": datetime(2025, 4, 2, 8, 0),
                "closed_at": None,
            },
            {
                "id": "18234567804",
                "manager": "Ayu Lestari",
                "stage": "Closed Won",
                "outcome": "won",
                "amount": 4200.0,
                "created_at": datetime(2025, 4, 7, 13, 7),
                "closed_at": datetime(2025, 4, 23, 10, 0),
            },
            {
                "id": "18234567806",
                "manager": "Nadia Putri",
                "stage": "Closed Won",
                "outcome": "won",
                "amount": None,
                "created_at": datetime(2025, 4, 2, 10, 15),
                "closed_at": datetime(2025, 4, 11, 9, 30),
            },
        ],
        "notes": (
            "All quoted, comma. Dates mix ISO 'YYYY-MM-DD HH:MM' and US 'M/D/YYYY H:MM' in the "
            "same columns; slash dates are month-first: '4/8/2025 16:43' = 8 April, "
            "'4/2/2025 8:00' = 2 April; '4/23/2025' and '3/14/2025' can only be month-first. "
            "Record IDs are 11-digit text, not floats. Row 18234567803: open, empty Close Date "
            "-> None. Row 18234567805: empty 'Deal owner' -> rejected empty. Row 18234567806: "
            "empty Amount -> None (amount is not required); its name has a comma in quotes. "
            "No company column -> no client."
        ),
    },
    # -------------------------------------------------------------------- Pipedrive
    "pipedrive_deals.csv": {
        "table": "deals",
        "crm": "pipedrive",
        "read": 6,
        "used": 6,
        "rejected": 0,
        "rejected_reasons": {},
        "folded": 0,
        "rows": [
            {
                "id": "101",
                "manager": "Laura Chen",
                "stage": "Negotiations Started",
                "outcome": "won",
                "amount": 15000.0,
                "client": "Acme Inc.",
                "created_at": datetime(2024, 10, 1, 9, 12, 44),
                "closed_at": datetime(2024, 11, 4, 16, 20),
            },
            {
                "id": "102",
                "manager": "Mark Rossi",
                "stage": "Proposal Made",
                "outcome": "lost",
                "amount": 4800.5,
                "client": "Globex, LLC",
                "created_at": datetime(2024, 10, 3, 11, 0),
                "closed_at": datetime(2024, 10, 28, 10, 5, 12),
            },
            {
                "id": "103",
                "manager": "Laura Chen",
                "stage": "Qualified",
                "outcome": "open",
                "amount": 0.0,
                "client": "Initech",
                "created_at": datetime(2024, 10, 15, 14, 30),
                "closed_at": None,
            },
            {
                "id": "104",
                "manager": "Mark Rossi",
                "stage": "Contact Made",
                "outcome": "won",
                "amount": 22000.0,
                "client": "Umbrella Corp",
                "created_at": datetime(2024, 9, 20, 8, 0),
                "closed_at": datetime(2024, 10, 2, 12, 0),
            },
            {
                "id": "105",
                "manager": "Laura Chen",
                "stage": "Demo Scheduled",
                "outcome": "open",
                "amount": 9900.0,
                "client": "Hooli",
                "created_at": datetime(2024, 10, 21, 10, 0),
                "closed_at": None,
            },
            {
                "id": "106",
                "manager": "Mark Rossi",
                "stage": "Negotiations Started",
                "outcome": "lost",
                "amount": 7300.0,
                "client": "Stark Industries",
                "created_at": datetime(2024, 10, 5, 15, 45),
                "closed_at": datetime(2024, 11, 1, 9, 0),
            },
        ],
        "notes": (
            "outcome comes from 'Deal - Status' (Won/Lost/Open), never from 'Deal - Stage', "
            "which keeps the last pipeline stage: deal 101 is won at 'Negotiations Started', "
            "106 lost at the same stage, 102 lost at 'Proposal Made' — a stage-based reader "
            "calls them all open. closed_at = 'Deal - Won time' for won deals, 'Deal - Lost "
            "time' for lost ones, None for open. client = 'Organization - Name' ('Globex, "
            "LLC' is quoted because of its comma), not 'Person - Name'. Deal 105 is in EUR; "
            "amounts are taken as written (no conversion)."
        ),
    },
    "pipedrive_activities.csv": {
        "table": "activities",
        "crm": "pipedrive",
        "read": 6,
        "used": 6,
        "rejected": 0,
        "rejected_reasons": {},
        "rows": [
            {
                "id": "9001",
                "manager": "Laura Chen",
                "kind": "call_out",
                "at": datetime(2024, 12, 2),
                "done": True,
                "deal_id": "101",
            },
            {
                "id": "9002",
                "manager": "Mark Rossi",
                "kind": "meeting",
                "at": datetime(2024, 12, 3),
                "done": True,
                "deal_id": "102",
            },
            {
                "id": "9003",
                "manager": "Laura Chen",
                "kind": "email_out",
                "at": datetime(2024, 12, 4),
                "done": False,
                "deal_id": "103",
            },
            {
                "id": "9004",
                "manager": "Mark Rossi",
                "kind": "call_out",
                "at": datetime(2024, 12, 5),
                "done": True,
                "deal_id": "104",
            },
            {
                "id": "9005",
                "manager": "Laura Chen",
                "kind": "call_out",
                "at": datetime(2024, 12, 6),
                "done": False,
                "deal_id": None,
            },
            {
                "id": "9006",
                "manager": "Mark Rossi",
                "kind": "meeting",
                "at": datetime(2024, 12, 6),
                "done": False,
                "deal_id": "106",
            },
        ],
        "notes": (
            "'Activity - Due date' is a date; two rows hold Excel serials: '45631' = "
            "1899-12-30 + 45631 days = 2024-12-05, '45632.0' = 2024-12-06. 'Activity - Done': "
            "'Done' -> True, 'To do' -> False. Types: 'call' -> call_out (Pipedrive has no "
            "direction), 'meeting' -> meeting, 'email' -> email_out. deal_id is the linked "
            "'Deal - ID' column; row 9005 has none -> None. The note with a comma is quoted."
        ),
    },
    # ------------------------------------------------------------------- Salesforce
    "salesforce_opportunities.csv": {
        "table": "deals",
        "crm": "salesforce",
        "read": 5,
        "used": 5,
        "rejected": 0,
        "rejected_reasons": {},
        "folded": 0,
        "rows": [
            {
                "manager": "Oliver Smith",
                "stage": "Closed Won",
                "outcome": "won",
                "amount": 12500.0,
                "client": "Acme, Ltd.",
                "created_at": datetime(2026, 1, 5),
                "closed_at": datetime(2026, 2, 28),
            },
            {
                "manager": "Emma Jones",
                "stage": "Closed Lost",
                "outcome": "lost",
                "amount": 4800.5,
                "client": "Globex UK",
                "created_at": datetime(2026, 1, 14),
                "closed_at": datetime(2026, 3, 3),
            },
            {
                "manager": "Oliver Smith",
                "stage": "Negotiation/Review",
                "outcome": "open",
                "amount": 30000.0,
                "client": "Initech Europe",
                "created_at": datetime(2026, 2, 2),
                "closed_at": datetime(2026, 4, 15),
            },
            {
                "manager": "Harry Brown",
                "stage": "Closed Won",
                "outcome": "won",
                "amount": 7250.0,
                "client": "Umbrella plc",
                "created_at": datetime(2026, 2, 20),
                "closed_at": datetime(2026, 3, 6),
            },
            {
                "manager": "Emma Jones",
                "stage": "Prospecting",
                "outcome": "open",
                "amount": None,
                "client": "Hooli Ltd",
                "created_at": datetime(2026, 3, 9),
                "closed_at": datetime(2026, 6, 30),
            },
        ],
        "notes": (
            "Details-only report CSV, all quoted. Dates are UK dd/mm/yyyy; each column has a "
            "day > 12 ('28/02/2026' in Close Date, '14/01/2026' and '20/02/2026' in Created "
            "Date), so the whole column is day-first: '03/03/2026' = 3 March, '06/03/2026' = "
            "6 March, '05/01/2026' = 5 January, '02/02/2026' = 2 February, '09/03/2026' = 9 "
            "March. After the 5 data rows: a blank line, '\"Grand Totals (5 records)\"', a "
            "blank line, the Confidential line and the Copyright line — none is a data row "
            "(no rejection either). 'Acme, Ltd.' has a comma in quotes; the Hooli "
            "opportunity name has doubled quotes; its Amount is empty -> None. No id column. "
            "The open deals keep their Close Date (a planned date) as closed_at."
        ),
    },
    # ------------------------------------------------------------------ virtual PBX
    "pbx_calls.xlsx": {
        "table": "activities",
        "crm": "pbx",
        "read": 7,
        "used": 6,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "rows": [
            {
                "manager": "Иванов Иван",
                "kind": "call_out",
                "at": datetime(2022, 10, 3, 10, 15, 32),
                "duration_s": 205.0,
            },
            {
                "manager": "Петрова Мария",
                "kind": "call_in",
                "at": datetime(2022, 10, 3, 11, 2, 5),
                "duration_s": 460.0,
            },
            {
                "manager": "Иванов Иван",
                "kind": "call_out",
                "at": datetime(2022, 10, 3, 12, 30, 0),
                "duration_s": 0.0,
            },
            {
                "manager": "Петрова Мария",
                "kind": "call_missed",
                "at": datetime(2022, 10, 4, 9, 5, 10),
                "duration_s": 0.0,
            },
            {
                "manager": "Сообщение о нерабочем времени",
                "kind": "call_in",
                "at": datetime(2022, 10, 4, 21, 40, 0),
                "duration_s": 35.0,
            },
            {
                "manager": "Иванов Иван",
                "kind": "call_out",
                "at": datetime(2022, 10, 5, 14, 0, 0),
                "duration_s": 3723.0,
            },
        ],
        "header_checks": ["Тип звонка", "Сотрудник", "Дата", "Время", "Ожидание", "Длительность"],
        "notes": (
            "Made by make_xlsx.py. A 9-row preamble ('Дата отчета: 03.11.2022', blank, "
            "'История звонков', 'Звонки: | Внешние', 'Фильтр по:', 'С: | 10/01/2022', "
            "'По: | 10/31/2022', 'Типы звонков: | Все', blank); the header is on sheet row 10. "
            "at = 'Дата' (date cell, mm-dd-yy) + 'Время' (time cell). duration_s = "
            "'Длительность' (time cell), not 'Ожидание' (the wait): 0:03:25 = 205, 0:07:40 = "
            "460, 0:00:35 = 35, 1:02:03 = 3723. Kinds: 'исходящий' and 'неуспешный "
            "исходящий' -> call_out, 'входящий' -> call_in, 'неотвеченный' -> call_missed. "
            "Managers are 'Фамилия Имя' as written (matching them to Bitrix24's 'Имя Фамилия' "
            "is the team list's job). 'Сообщение о нерабочем времени' is a non-empty "
            "'Сотрудник' -> used as written (the team list leaves it out). Sheet row 16: "
            "'неотвеченный' with no 'Сотрудник' -> rejected empty. 'Переадресация' '101' on "
            "row 12 is not a manager."
        ),
    },
    # ---------------------------------------------------------------------- generic
    "generic_activities.xlsx": {
        "table": "activities",
        "crm": "generic",
        "read": 9,
        "used": 7,
        "rejected": 2,
        "rejected_reasons": {"empty": 1, "bad_date": 1},
        "rows": [
            {
                "id": "1",
                "manager": "Иван Иванов",
                "kind": "call_out",
                "at": datetime(2026, 11, 2, 10, 0, 0),
                "done": True,
                "duration_s": 125.0,
                "deal_id": "101",
            },
            {
                "id": "2",
                "manager": "Мария Петрова",
                "kind": "call_in",
                "at": datetime(2026, 11, 2, 11, 15, 30),
                "done": True,
                "duration_s": 48.5,
                "deal_id": None,
            },
            {
                "id": "3",
                "manager": "Иван Иванов",
                "kind": "meeting",
                "at": datetime(2026, 11, 3),
                "done": False,
                "duration_s": None,
                "deal_id": "202",
            },
            {
                "id": "4",
                "manager": "Мария Петрова",
                "kind": "proposal",
                "at": datetime(2026, 11, 3, 15, 0, 0),
                "done": True,
                "duration_s": None,
                "deal_id": "202",
            },
            {
                "id": "7",
                "manager": "Мария Петрова",
                "kind": "call_missed",
                "at": datetime(2026, 11, 4, 9, 5, 0),
                "done": True,
                "duration_s": 0.0,
                "deal_id": None,
            },
            {
                "id": "8",
                "manager": "Иван Иванов",
                "kind": "cold_call",
                "at": datetime(2026, 11, 4, 16, 45, 59),
                "done": True,
                "duration_s": 0.0,
                "deal_id": None,
            },
            {
                "id": "9",
                "manager": "Мария Петрова",
                "kind": "email_out",
                "at": datetime(2026, 11, 5, 8, 0, 0),
                "done": True,
                "duration_s": None,
                "deal_id": "205",
            },
        ],
        "notes": (
            "Made by make_xlsx.py. Canonical headers; native datetime cells, a date-only "
            "cell (id 3 -> midnight), bool cells for done, number cells for id, duration_s "
            "and deal_id (ids are text '1', '101', never '1.0'; duration 48.5 stays 48.5). "
            "id 5: manager '   ' (spaces only) -> rejected empty. id 6: 'at' is the text cell "
            "'31.02.2026' -> rejected bad_date. Empty duration_s/deal_id cells -> None."
        ),
    },
    # ------------------------------------------------- Bitrix24 re-saved by Excel
    "bitrix24_deals_resaved.xlsx": {
        "table": "deals",
        "crm": "bitrix24",
        "read": 7,
        "used": 6,
        "rejected": 1,
        "rejected_reasons": {"bad_date": 1},
        "folded": 0,
        "rows": [
            {
                "id": "401",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 33816.5,
                "client": "ООО «Альфа»",
                "created_at": datetime(2024, 2, 1, 9, 30),
                "closed_at": datetime(2024, 2, 15),
            },
            {
                "id": "402",
                "manager": "Мария Петрова",
                "stage": "Сделка провалена",
                "outcome": "lost",
                "amount": 0.0,
                "client": "ООО «Бета»",
                "created_at": datetime(2024, 2, 5, 14, 0),
                "closed_at": datetime(2024, 2, 19),
            },
            {
                "id": "403",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 12000.0,
                "client": "Олег Смирнов",
                "created_at": datetime(2024, 2, 10, 10, 0),
                "closed_at": datetime(2024, 2, 26),
            },
            {
                "id": "404",
                "manager": "Мария Петрова",
                "stage": PREPAY,
                "outcome": "open",
                "amount": 13500.0,
                "client": "ООО «Гамма»",
                "created_at": datetime(2024, 2, 12, 11, 45),
                "closed_at": datetime(2024, 2, 29),
            },
            {
                "id": "406",
                "manager": "Мария Петрова",
                "stage": "Услуга активна",
                "outcome": "open",
                "amount": 9900.0,
                "client": "ИП Кузнецов А. В.",
                "created_at": datetime(2024, 2, 20, 12, 0),
                "closed_at": datetime(2024, 3, 1),
            },
            {
                "id": "407",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 7200.0,
                "client": "ООО «Бета»",
                "created_at": datetime(2024, 2, 22, 8, 15),
                "closed_at": datetime(2024, 3, 4),
            },
        ],
        "header_checks": [ZAVERSHENA],
        "notes": (
            "Made by make_xlsx.py: a genuine .xlsx as a Russian-locale Excel leaves a Bitrix24 "
            "export. IDs are number cells -> '401'. Amounts are number cells except deal 401 "
            "(text '33816.5') and 403 (text '12000.00'); 402's 0 is a number -> 0.0. "
            "'Дата создания' is datetime cells; 'Предполагаемая дата закрытия' is date cells "
            "except deal 404 (text '29.02.2024', valid: 2024 is a leap year) and deal 405 (text "
            "'31.02.2024' -> rejected bad_date). The header '…&quot;Завершена&quot;' survived "
            "the re-save and is unescaped. 'ID' twice (deal, company block). Deal 403 has no "
            "company -> client is the contact. Deal 406: custom stage 'Услуга активна' in "
            "funnel 'Сервис' -> open by default (a portal may map it in the config)."
        ),
    },
    # ------------------------------------------------------------------ legacy Excel 97
    "legacy_deals.xls": {
        "table": "deals",
        "crm": "bitrix24",
        "read": 3,
        "used": 3,
        "rejected": 0,
        "rejected_reasons": {},
        "folded": 0,
        "rows": [
            {
                "id": "501",
                "manager": "Иван Иванов",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 150000.5,
                "closed_at": datetime(2026, 11, 3),
            },
            {
                "id": "502",
                "manager": "Мария Петрова",
                "stage": "Сделка провалена",
                "outcome": "lost",
                "amount": 0.0,
                "closed_at": datetime(2026, 11, 4),
            },
            {
                "id": "503",
                "manager": "Иван Иванов",
                "stage": "В работе",
                "outcome": "open",
                "amount": 12000.0,
                "closed_at": datetime(2026, 11, 5),
            },
        ],
        "notes": (
            "A genuine BIFF8 .xls (OLE file, made with xlwt by hand, not by ropkit): number and "
            "date cells, and one amount and one date as text."
        ),
    },
    # ------------------------------------------------------------------ HubSpot activities
    "hubspot_activities.csv": {
        "table": "activities",
        "crm": "hubspot",
        "read": 5,
        "used": 3,
        "rejected": 2,
        "rejected_reasons": {"empty": 1, "bad_date": 1},
        "rows": [
            {
                "id": "90001",
                "manager": "Laura Chen",
                "kind": "call_out",
                "at": datetime(2025, 4, 8, 17, 19),
                "duration_s": 65.0,
                "result": "Connected",
            },
            {
                "id": "90002",
                "manager": "Mark Rossi",
                "kind": "meeting",
                "at": datetime(2025, 4, 9, 10, 0),
                "duration_s": None,
            },
            {
                "id": "90003",
                "manager": "Laura Chen",
                "kind": "call_out",
                "at": datetime(2025, 4, 9, 11, 30),
                "duration_s": 0.0,
                "result": "No answer",
            },
        ],
        "notes": (
            "The column names follow ropkit's hubspot.activities preset, which CRM_EXPORTS.md "
            "marks unverified. A logged call is the rep's own (outgoing) call: 'No answer' is an "
            "attempt, so row 90003 stays call_out (a missed call is an incoming one nobody "
            "answered; this export has no direction column). The e-mail has no owner "
            "(rejected: empty); 2025-04-31 does not exist (rejected: bad_date). The slash date "
            "is month-first (4/9 = 9 April)."
        ),
    },
}
