"""Generate the demo exports shipped in src/ropkit/demo (deterministic: seed 42).

Run from the repository root: python tools/make_demo.py
The files imitate real CRM exports: deals as a Bitrix24 CSV (UTF-8 with BOM, ';', every
field quoted, a trailing ';'), activities as a windows-1251 CSV with Russian headers. A few
rows are broken on purpose (an unreadable date, an unreadable amount, the duty admin who
is not on the team) so the demo shows the row accounting.

The regulations and the training cadence have their own data, drawn from a second random
generator (seed 2611) so the first one, and with it every figure of the report, stays as
it was: the callers' phones, missed calls, leads (leads.csv), tasks (tasks.csv), the deals'
last-change and stage dates, a few large open deals, and activities linked to open deals.
New rows go after the broken ones, which keep their row numbers.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays

OUT = Path(__file__).resolve().parents[1] / "src" / "ropkit" / "demo"
START, END = date(2026, 9, 1), date(2026, 11, 25)
LAST_MOMENT = datetime(2026, 11, 25, 16, 0)
RU = holidays.country_holidays("RU")

# name as in Bitrix (Имя Фамилия), mode, performance factor
TEAM = [
    ("Иван Иванов", "passive", 1.25),
    ("Мария Петрова", "passive", 1.02),
    ("Алексей Смирнов", "passive", 0.93),
    ("Ольга Кузнецова", "passive", 0.62),
    ("Дмитрий Соколов", "active", 1.12),
    ("Анна Попова", "active", 0.85),
    ("Сергей Лебедев", "active", 0.97),
]
ABSENT = {"Алексей Смирнов": (date(2026, 11, 16), date(2026, 11, 20))}
STAGES_OPEN = ["Новая", "Подготовка документов", "Cчёт на предоплату", "В работе"]
CLIENTS = [
    f"ООО «{w}»"
    for w in (
        "Альфа",
        "Бета",
        "Вектор",
        "Гранит",
        "Дельта",
        "Енисей",
        "Жемчуг",
        "Заря",
        "Исток",
        "Кедр",
        "Лазурь",
        "Меридиан",
        "Нева",
        "Орион",
        "Полюс",
        "Рубин",
        "Сигма",
        "Таврида",
        "Урал",
        "Феникс",
        "Хронос",
        "Цитадель",
        "Чайка",
        "Шторм",
        "Эверест",
        "Юпитер",
        "Янтарь",
        "Атлант",
        "Байкал",
        "Волга",
        "Гелиос",
        "Днепр",
        "Ермак",
        "Зенит",
        "Иртыш",
        "Казбек",
        "Ладога",
        "Мста",
        "Нарва",
        "Ока",
        "Пегас",
        "Рось",
        "Сура",
        "Тверца",
        "Угра",
        "Фрегат",
        "Хопёр",
        "Цна",
        "Шексна",
        "Эльбрус",
    )
]


def workdays() -> list[date]:
    out, d = [], START
    while d <= END:
        if RU.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def main() -> None:
    rng = random.Random(42)
    days = workdays()
    deals: list[list[str]] = []
    acts: list[list[str]] = []
    deal_id, act_id = 1000, 50000
    for name, mode, f in TEAM:
        off = ABSENT.get(name)
        surname_first = " ".join(reversed(name.split()))
        for d in days:
            if off and off[0] <= d <= off[1]:
                continue
            last = d == END
            hours = (9, 16) if last else (9, 18)
            # activities: the norm is 40 outgoing calls (passive) or 80 cold calls (active) a day
            kind, norm = (
                ("Звонок (исходящий)", 40) if mode == "passive" else ("Холодный звонок", 80)
            )
            n_calls = max(0, round(rng.gauss(norm * f, norm * 0.08) * (0.78 if last else 1)))
            for _ in range(n_calls):
                at = datetime.combine(d, time(hours[0])) + timedelta(
                    seconds=rng.randrange((hours[1] - hours[0]) * 3600)
                )
                act_id += 1
                acts.append(
                    [
                        str(act_id),
                        kind,
                        surname_first if act_id % 3 == 0 else name,
                        at.strftime("%d.%m.%Y %H:%M:%S"),
                        "Выполнено",
                        str(rng.randrange(5, 600)),
                    ]
                )
            extra = [("Звонок (входящий)", 10)]
            extra += [("КП", 5)] if mode == "passive" else [("Встреча", 2)]
            for label, per_day in extra:
                for _ in range(max(0, round(rng.gauss(per_day * f, 1)))):
                    at = datetime.combine(d, time(hours[0])) + timedelta(
                        seconds=rng.randrange((hours[1] - hours[0]) * 3600)
                    )
                    act_id += 1
                    acts.append(
                        [
                            str(act_id),
                            label,
                            name,
                            at.strftime("%d.%m.%Y %H:%M:%S"),
                            "Выполнено",
                            "0",
                        ]
                    )
            # deals: about one win a day at ~150 000 ₽; the factor drives both count and size
            for _ in range(rng.choices([0, 1, 2, 3], weights=[0.2, 0.35, 0.3, 0.15])[0]):
                won = rng.random() < min(0.62 * f, 0.95)
                deal_id += 1
                created = d - timedelta(days=rng.randrange(3, 40))
                amount = round(rng.uniform(110_000, 230_000) * (0.85 + 0.15 * f), -2)
                closed = d
                stage = "Сделка успешна" if won else rng.choice(["Сделка провалена", *STAGES_OPEN])
                deals.append(
                    [
                        str(deal_id),
                        f"Поставка №{deal_id}",
                        stage,
                        f"{amount:.2f}",
                        "Российский рубль",
                        name,
                        rng.choice(CLIENTS),
                        created.strftime("%d.%m.%Y") + " 10:00:00",
                        closed.strftime("%d.%m.%Y"),
                    ]
                )
    # rows that a real export has: a duty admin, an unreadable date, an unreadable amount
    deals.append(
        [
            "9001",
            "Тестовая сделка",
            "Сделка успешна",
            "5000.00",
            "Российский рубль",
            "Дежурный администратор",
            "ООО «Тест»",
            "02.11.2026 09:00:00",
            "03.11.2026",
        ]
    )
    deals.append(
        [
            "9002",
            "Поставка без даты",
            "Сделка успешна",
            "120000.00",
            "Российский рубль",
            "Иван Иванов",
            "ООО «Альфа»",
            "02.11.2026 09:00:00",
            "31.11.2026",
        ]
    )
    acts.append(["99001", "Звонок (исходящий)", "Мария Петрова", "вчера", "Выполнено", "60"])
    deals.append(
        [
            "9003",
            "Поставка",
            "Сделка успешна",
            "сто тысяч",
            "Российский рубль",
            "Мария Петрова",
            "ООО «Бета»",
            "02.11.2026 09:00:00",
            "05.11.2026",
        ]
    )

    leads, tasks = add_controls(random.Random(2611), days, deals, acts, deal_id)

    header = [
        "ID",
        "Название сделки",
        "Стадия сделки",
        "Сумма",
        "Валюта",
        "Ответственный",
        "Компания",
        "Дата создания",
        "Предполагаемая дата закрытия",
        "Дата изменения",
        "Дата перехода на стадию",
    ]
    write_bitrix(OUT / "deals.csv", header, deals)
    aheader = ["ID", "Тип", "Ответственный", "Дата", "Статус", "Длительность, сек"]
    aheader += ["Телефон", "Сделка"]
    with (OUT / "activities.csv").open("w", encoding="cp1251", newline="\r\n") as fh:
        for row in [aheader, *acts]:
            fh.write(";".join(row) + "\n")
    lheader = ["ID", "Название лида", "Статус", "Источник", "Ответственный", "Дата создания"]
    write_bitrix(OUT / "leads.csv", [*lheader, "Телефон"], leads)
    theader = ["ID", "Название", "Ответственный", "Крайний срок", "Дата закрытия", "Статус"]
    write_bitrix(OUT / "tasks.csv", [*theader, "Сделка"], tasks)
    print(
        f"{len(deals)} deals, {len(acts)} activities, {len(leads)} leads, "
        f"{len(tasks)} tasks -> {OUT}"
    )


def write_bitrix(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """A Bitrix24 list export: UTF-8 with BOM, ';', every field quoted, a trailing ';'."""
    with path.open("w", encoding="utf-8-sig", newline="\n") as fh:
        for row in [header, *rows]:
            fh.write("".join('"' + c.replace('"', '""') + '";' for c in row) + "\n")


if __name__ == "__main__":
    main()
