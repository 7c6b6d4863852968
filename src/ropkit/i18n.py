"""Words the outputs show, in Russian (the default) and English."""

from __future__ import annotations

_TEXT: dict[str, tuple[str, str]] = {
    "manager": ("Менеджер", "Manager"),
    "team": ("Итого по отделу", "Team total"),
    "period": ("Период", "Period"),
    "as_of": ("на", "as of"),
    "workdays": ("рабочих дней", "working days"),
    "elapsed": ("прошло", "elapsed"),
    "of": ("из", "of"),
    "plan_to_date": ("план на дату", "plan to date"),
    "fact": ("факт", "fact"),
    "rows": ("Строки", "Rows"),
    "read": ("прочитано", "read"),
    "used": ("учтено", "used"),
    "rejected": ("отклонено", "rejected"),
    "not_on_team": ("не из команды", "not on the team"),
    "warnings": ("Предупреждения", "Warnings"),
    "no_plan": ("нет плана", "no plan"),
    "plan": ("план", "plan"),
    "outcomes": ("План продаж", "Sales plan"),
    "activity": ("Активность", "Activity"),
    "subtotal": ("Итого", "Total"),
    "mode.passive": ("пассивные продажи", "inbound sales"),
    "mode.active": ("активные продажи", "outbound sales"),
    "mode.none": ("без режима", "no mode"),
    "legend": (
        "✓ в плане  ~ отстаёт  ✗ проседает  (факт / план на дату, % выполнения)",
        "✓ on track  ~ behind  ✗ lagging  (fact / plan to date, % attained)",
    ),
    "kind.halfday": ("полдня", "half day"),
    "kind.day": ("день", "day"),
    "kind.3days": ("3 дня", "3 days"),
    "kind.week": ("неделя", "week"),
    "kind.month": ("месяц", "month"),
    "kind.quarter": ("квартал", "quarter"),
    "kind.half": ("полугодие", "half-year"),
    "kind.year": ("год", "year"),
    "kind.custom": ("период", "period"),
    "reason.bad_date": ("дата не читается", "unreadable date"),
    "reason.bad_number": ("число не читается", "unreadable number"),
    "reason.bad_flag": ("признак не читается", "unreadable flag"),
    "reason.empty": ("пустое обязательное поле", "required cell is empty"),
    "reason.unsplittable": ("строка не делится на колонки", "row does not split into columns"),
    "reason.cells": (
        "ячеек {cells}, а в заголовке {width}",
        "{cells} cells where the header has {width}",
    ),
    "reason.bad_time": ("время не читается", "unreadable time"),
    "reason.bad_duration": ("длительность не читается", "unreadable duration"),
    "reason.duplicate": ("точный повтор строки выше", "exact repeat of an earlier row"),
    "reason.truncated": (
        "строка оборвана: на ней кончается файл",
        "row cut off: the file ends inside it",
    ),
    "reason.conflict": (
        "у сделки с тем же ID выше другой исход или дата закрытия",
        "the same deal id above has another outcome or close date",
    ),
    "reason.duplicate_id": (
        "та же запись (ID) есть в более позднем файле",
        "the same record (id) is in a later file",
    ),
    "check.quality": ("Качество данных", "Data quality"),
    "check.clean": ("замечаний нет", "nothing to report"),
    "check.mapped": ("колонок сопоставлено: {n}", "{n} columns mapped"),
    "check.columns": ("колонки", "columns"),
    "check.skipped": (
        "пропущено строк вне таблицы (шапка, итоги, пустые): {n}",
        "{n} lines outside the table skipped (preamble, footer, blank)",
    ),
    "check.where_row": ("строка {row}", "row {row}"),
    "check.where": (
        "строка {row}, колонка «{column}», значение «{value}»",
        "row {row}, column '{column}', value '{value}'",
    ),
    "check.folded": ("строк товаров свёрнуто в сделки: {n}", "{n} product rows folded into deals"),
    "check.open_stages": (
        "стадии, не отнесённые к won/lost (считаются открытыми; добавьте в won:/lost:)",
        "stages not mapped to won/lost (counted as open; add them to won:/lost:)",
    ),
    "check.unknown_kinds": (
        "типы дел, которых ropkit не знает (сопоставьте в kinds:)",
        "activity types ropkit does not know (map them in kinds:)",
    ),
    "check.no_amount": ("выигранных сделок без суммы: {n}", "won deals without an amount: {n}"),
    "check.no_close_date": (
        "закрытых сделок без даты закрытия: {n}",
        "closed deals without a close date: {n}",
    ),
    "check.placeholders": (
        "даты-заглушки (01.01.2000 и т. п.)",
        "placeholder dates (01.01.2000 and the like)",
    ),
    "check.short_calls": ("звонков короче {s} с: {n}", "calls shorter than {s} s: {n}"),
    "check.outsiders": ("в выгрузках, но не в списке команды", "in the data, not on the team list"),
    "check.unmatched_ids": (
        "id сотрудников, которых нет в команде (впишите их в managers[].ids или дайте "
        "sources.users)",
        "people ids not matched to the team (add them to managers[].ids or give sources.users)",
    ),
    "check.without_rows": (
        "в списке команды, но без строк в выгрузках",
        "on the team list, with no rows in the data",
    ),
    "warn.rejected_share": (
        "{table}: отклонено {share:.0%} строк ({rejected} из {read}) — больше допустимых "
        "{limit:.0%}; цифры неполны, причины — в ropkit check",
        "{table}: {share:.0%} of the rows rejected ({rejected} of {read}), above the {limit:.0%} "
        "allowed; the figures are incomplete, see ropkit check for why",
    ),
    "warn.after_data": (
        "в выгрузке {table} последняя запись {last:%d.%m.%Y} — период после неё",
        "the {table} export ends on {last:%Y-%m-%d}: the period is after it",
    ),
    "warn.before_data": (
        "в выгрузке {table} первая запись {first:%d.%m.%Y} — период до неё",
        "the {table} export starts on {first:%Y-%m-%d}: the period is before it",
    ),
    "warn.no_decree": (
        "в установленном календаре нет переносов выходных на {year} год (постановления ещё "
        "нет или пакет holidays устарел): рабочие дни считаются как пн–пт; обновите holidays "
        "или задайте calendar.holidays и calendar.workdays",
        "the installed calendar has no transferred days off for {year} (not decreed yet, or "
        "the holidays package is old): working days are counted as Mon–Fri; update holidays "
        "or set calendar.holidays and calendar.workdays",
    ),
    "warn.short_history": (
        "новые клиенты: выгрузка сделок начинается {first:%d.%m.%Y} — меньше чем за 12 месяцев "
        "до периода, давние клиенты могут сойти за новых",
        "new clients: the deals export starts on {first:%Y-%m-%d}, less than 12 months before "
        "the period; old clients may look new",
    ),
    "warn.top": (
        "показаны {shown} менеджеров из {total} (--top); итог — по всему отделу",
        "{shown} of {total} managers shown (--top); the total is the whole team's",
    ),
    "check.verdict_ok": (
        "Итог: ✓ отклонено не больше {limit:.0%} строк в каждой таблице",
        "Verdict: ✓ no table has more than {limit:.0%} of its rows rejected",
    ),
    "check.verdict_bad": (
        "Итог: ✗ {table}: отклонено {share:.0%} строк ({rejected} из {read}) — больше "
        "{limit:.0%}; отчёт по этим данным будет неполным",
        "Verdict: ✗ {table}: {share:.0%} of the rows rejected ({rejected} of {read}), above "
        "{limit:.0%}; a report on this data will be incomplete",
    ),
    "check.more": ("и ещё {n}: --all", "and {n} more: --all"),
    "usage.no_option": ("нет такого параметра {option}", "no such option {option}"),
    "usage.did_you_mean": (" (может быть, {names}?)", " (did you mean {names}?)"),
    "usage.missing": ("не указан {name}", "{name} is missing"),
    "usage.bad_value": ("недопустимое значение {name}: {detail}", "bad value for {name}: {detail}"),
    "usage.choices": ("'{value}' — допустимы {choices}", "'{value}' is not one of {choices}"),
    "usage.needs_value": ("у {option} нет значения", "{option} needs a value"),
    "usage.no_command": (
        "нет такой команды '{name}' (есть report, check, demo, init)",
        "no such command '{name}' (there are report, check, demo, init)",
    ),
    "usage.help": ("справка: {command} --help", "see {command} --help"),
    "mail.subject_red": (
        "{team}: {span} — проседают {red} из {total}",
        "{team}: {span} — {red} of {total} managers red",
    ),
    "mail.subject_ok": ("{team}: {span} — все в плане", "{team}: {span} — nobody is red"),
    "mail.subject_own": ("{team}: {name}, {span}", "{team}: {name}, {span}"),
    "mail.no_email": (
        "{name}: нет managers[].email — свой отчёт не отправлен",
        "{name}: no managers[].email, so their own report is not sent",
    ),
    "mail.sent": ("отправлено писем: {n} ({to})", "{n} messages sent ({to})"),
    "mail.nobody_red": (
        "никто не проседает — письмо не отправлено (--only-if red)",
        "nobody is red: no mail sent (--only-if red)",
    ),
    "demo.written": ("записано: {path}", "written: {path}"),
    "warn.cut": (
        "{file}: файл, похоже, обрезан (скачан не полностью): последняя строка оборвана "
        "и отклонена; выгрузите его заново",
        "{file}: the file looks cut off (downloaded only in part): its last row is cut and "
        "rejected; export it again",
    ),
    "check.repeated_ids": (
        "{table}: один ID у строк с разным содержимым — {n} (это не повторы, учтены все); "
        "первые: {rows}",
        "{table}: {n} rows share an id with a row of other content (not repeats: all are "
        "counted); first: {rows}",
    ),
    "check.file_rows": ("{file}, строки {rows}", "{file}, rows {rows}"),
    "warn.folded": (
        "{file}: строк товаров свёрнуто в сделки — {n} (сумма и количество сложены)",
        "{file}: {n} product rows folded into their deals (amounts and units summed)",
    ),
    "warn.rejected_row": (
        "{file}, строка {row}: {reason}; строка отклонена",
        "{file}, row {row}: {reason}; row rejected",
    ),
    "warn.rejected": (
        "{file}, строка {row}, колонка «{column}»: «{value}» — {reason}; строка отклонена",
        "{file}, row {row}, column '{column}': '{value}' — {reason}; row rejected",
    ),
    "warn.more_rejected": (
        "{table}: отклонено строк — {n}, показаны первые {shown}",
        "{table}: {n} rows rejected in all (first {shown} shown)",
    ),
    "warn.not_on_team": (
        "{table}: строк сотрудников не из списка команды — {n}: {names}",
        "{table}: {n} rows of people not on the team list: {names}",
    ),
    "warn.no_mode": (
        "{name}: не указан mode — нормы активности не применяются",
        "{name}: no mode set, so no activity norms apply",
    ),
    "warn.no_rows": (
        "{name}: ни одной учтённой строки в выгрузках — проверьте написание имени, aliases "
        "и отклонённые строки",
        "{name}: no used rows in the exports — check the spelling, aliases and rejected rows",
    ),
    "warn.absent_month": (
        "{name}: отсутствует весь месяц {month}, план по «{metric}» не распределён",
        "{name}: absent all of {month}; the {metric} plan there is not spread",
    ),
    "xlsx.sheet.summary": ("Сводка", "Summary"),
    "xlsx.sheet.rows": ("Строки выгрузок", "Export rows"),
    "xlsx.mode": ("Режим", "Mode"),
    "xlsx.fact": ("Факт", "Fact"),
    "xlsx.plan_to_date": ("План на дату", "Plan to date"),
    "xlsx.attainment": ("% на дату", "% to date"),
    "xlsx.plan": ("План на период", "Plan for the period"),
    "xlsx.forecast": ("Прогноз", "Forecast"),
    "xlsx.needed_per_day": ("Нужно в день", "Needed per day"),
    "xlsx.legend": (
        "% — выполнение плана на дату: зелёный — в плане, жёлтый — отстаёт, красный — проседает.",
        "% of the plan to date attained: green on track, yellow behind, red lagging.",
    ),
    "xlsx.legend_columns": (
        "Прогноз — конец периода в текущем темпе; «нужно в день» — на каждый оставшийся "
        "рабочий день; строки выгрузок за каждой цифрой — на листах метрик.",
        "Forecast: the period end at the current pace; needed per day: on each working day "
        "left; the export rows behind each figure are on the metric sheets.",
    ),
    "xlsx.chart.title": ("Факт и план на дату: {metric}", "Fact vs plan to date: {metric}"),
    "xlsx.detail.title": (
        "{metric}: строки выгрузок, из которых сложился факт, — {n}. Фильтр по менеджеру "
        "покажет строки его цифры.",
        "{metric}: the {n} export rows its fact is made of. Filter by manager to see the "
        "rows behind their figure.",
    ),
    "xlsx.detail.capped": (
        "{metric}: показаны первые {shown} из {total} строк — больше на лист Excel не "
        "помещается (предел {limit} строк).",
        "{metric}: the first {shown} of {total} rows shown; an Excel sheet holds no more "
        "(its limit is {limit} rows).",
    ),
    "xlsx.col.date": ("Дата", "Date"),
    "xlsx.col.id": ("ID", "ID"),
    "xlsx.col.client": ("Клиент", "Client"),
    "xlsx.col.stage": ("Стадия", "Stage"),
    "xlsx.col.kind": ("Тип", "Type"),
    "xlsx.col.result": ("Результат", "Result"),
    "xlsx.col.amount": ("Сумма", "Amount"),
    "xlsx.col.units": ("Количество", "Units"),
    "xlsx.col.duration_s": ("Длительность, с", "Duration, s"),
    "xlsx.col.file": ("Файл", "File"),
    "xlsx.col.row": ("Строка", "Row"),
    "xlsx.col.table": ("Таблица", "Table"),
    "xlsx.col.read": ("Прочитано", "Read"),
    "xlsx.col.used": ("Учтено", "Used"),
    "xlsx.col.not_on_team": ("Из них не из команды", "Of them not on the team"),
    "xlsx.col.rejected": ("Отклонено", "Rejected"),
    "xlsx.col.reasons": ("Причины отклонения", "Why rejected"),
    "xlsx.rows.title": (
        "Каждая строка выгрузок учтена или отклонена: прочитано = учтено + отклонено",
        "Every export row is used or rejected: read = used + rejected",
    ),
    "html.by_manager": ("факт и план на дату по менеджерам", "fact and plan to date by manager"),
    "html.team_cumulative": ("отдел нарастающим итогом", "the team, cumulative"),
}


def mode_label(mode: str, lang: str) -> str:
    """A sales mode's name: the known ones translated, the user's own as written."""
    return t(f"mode.{mode}", lang) if f"mode.{mode}" in _TEXT else mode


def t(key: str, lang: str, **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (ru | en), formatted with ``fmt``."""
    ru, en = _TEXT[key]
    text = en if lang == "en" else ru
    return text.format(**fmt) if fmt else text
