"""Generate the demo exports shipped in src/ropkit/demo (deterministic: seed 42).

Run from the repository root: python tools/make_demo.py
The files imitate real CRM exports: deals as a Bitrix24 CSV (UTF-8 with BOM, ';', every
field quoted, a trailing ';'), activities as a windows-1251 CSV with Russian headers. A few
rows are broken on purpose (an unreadable date, an unreadable amount, the duty admin who
is not on the team) so the demo shows the row accounting.

The regulations have data of their own, drawn from a second generator (SEED) and never
from the first, so every figure of the report stays as it was: each call's number
(«Телефон»), missed calls («Звонок (пропущенный)», mapped to call_missed in norms.yaml),
leads.csv, tasks.csv, the deals' «Дата изменения» and «Дата перехода на стадию», eight
large open deals, and proposals and meetings linked to open deals («Сделка»). New rows go
after the broken ones, which keep their row numbers. Ольга Кузнецова breaks the rules
most; the training dates are in norms.yaml.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays

OUT = Path(__file__).resolve().parents[1] / "src" / "ropkit" / "demo"
START, END = date(2026, 9, 1), date(2026, 11, 25)
LAST_MOMENT = datetime(2026, 11, 25, 16, 0)
RU = holidays.country_holidays("RU")
SEED = 5  # the second generator, for the regulations: a seed whose draws tell the story

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


# --- the regulations' data: drawn from their own generator (SEED), never from main()'s ---

DAY_START, DAY_END = time(9), time(18)
FMT = "%d.%m.%Y %H:%M:%S"
PASSIVE = [name for name, mode, _ in TEAM if mode == "passive"]
CALLS = ("Звонок (исходящий)", "Звонок (входящий)", "Холодный звонок")
MISSED = "Звонок (пропущенный)"  # norms.yaml maps it to call_missed (kinds:)
# how often each one breaks a regulation, (late, never) or (quiet, without a task) or
# (closed late, left open): a lead answered late / never, a missed call returned late /
# never, an open deal left quiet / without a next task, a task closed late / left open
DISCIPLINE: dict[str, dict[str, tuple[float, float]]] = {
    "Иван Иванов": dict(lead=(0.01, 0), missed=(0.01, 0), deal=(0, 0), task=(0, 0)),
    "Мария Петрова": dict(lead=(0.02, 0), missed=(0.02, 0), deal=(0.03, 0), task=(0.02, 0)),
    "Алексей Смирнов": dict(
        lead=(0.04, 0.01), missed=(0.03, 0.01), deal=(0.08, 0.05), task=(0.08, 0.04)
    ),
    "Ольга Кузнецова": dict(
        lead=(0.22, 0.05), missed=(0.2, 0.1), deal=(0.25, 0.12), task=(0.15, 0.08)
    ),
    "Дмитрий Соколов": dict(lead=(0, 0), missed=(0.01, 0), deal=(0, 0), task=(0.01, 0)),
    "Анна Попова": dict(lead=(0, 0), missed=(0.15, 0.06), deal=(0.06, 0.04), task=(0.1, 0.05)),
    "Сергей Лебедев": dict(lead=(0, 0), missed=(0.03, 0.01), deal=(0.03, 0.02), task=(0.03, 0.01)),
}
LEAD_SOURCES = [
    "Веб-сайт",
    "CRM-форма",
    "Реклама",
    "Электронная почта",
    "Рекомендация",
    "Существующий клиент",
    "Выставка",
]
LEAD_TITLES = [
    "Заявка с сайта",
    "Запрос цены",
    "Запрос КП",
    "Заявка на поставку",
    "Обратный звонок",
    "Заявка на консультацию",
]
LEAD_DONE = ["В работе", "Обработан", "Сконвертирован", "Некачественный лид"]
TASK_TITLES = [
    "Позвонить {c}",
    "Отправить КП {c}",
    "Согласовать договор с {c}",
    "Выставить счёт {c}",
    "Уточнить потребность {c}",
    "Подготовить спецификацию для {c}",
]
DEAL_TASKS = [
    "Созвониться по сделке №{d}",
    "Отправить договор по сделке №{d}",
    "Получить оплату по сделке №{d}",
    "Назначить встречу по сделке №{d}",
]
TASK_OPEN = ["Ждёт выполнения", "Выполняется"]  # Bitrix24's own words; «Завершена» when closed
# the large open deals: manager, amount, stage, created, last change, in the stage since,
# has a next-step task (2026)
LARGE = [
    ("Иван Иванов", 2_400_000, "Подготовка документов", "28.10", "25.11 11:20", "17.11", True),
    ("Иван Иванов", 1_150_000, "В работе", "12.11", "24.11 15:05", "13.11", True),
    ("Мария Петрова", 1_800_000, "Cчёт на предоплату", "02.11", "25.11 10:40", "20.11", True),
    ("Алексей Смирнов", 1_600_000, "В работе", "21.10", "23.11 12:30", "28.10", True),
    ("Ольга Кузнецова", 3_200_000, "Новая", "03.11", "10.11 16:45", "03.11", False),
    ("Ольга Кузнецова", 1_350_000, "В работе", "06.10", "18.11 14:10", "22.10", True),
    ("Дмитрий Соколов", 2_750_000, "Подготовка документов", "15.10", "20.11 17:05", "09.11", True),
    ("Сергей Лебедев", 1_020_000, "Новая", "19.11", "25.11 09:35", "19.11", True),
]
LARGE_CLIENTS = [
    "АО «Северный терминал»",
    "ООО «Промтехснаб»",
    "АО «Уралмашинвест»",
    "ООО «ТрансЛогистик»",
    "ПАО «Балтийская верфь»",
    "ООО «Агрохолдинг Кубань»",
    "АО «Металлоконструкция»",
    "ООО «Стройгарант»",
]
YESTERDAY = date(2026, 11, 24)

Found = tuple[datetime, int]  # an answering call: when, and its index in the activities
Dated = tuple[datetime, list[str]]  # a new row and the moment it is sorted by


@dataclass
class OpenDeal:
    id: str
    manager: str
    created: datetime
    touched: datetime
    stale: bool


class Controls:
    """The regulations' data, made on top of the activities and deals of main().

    Every call gets the other party's number, each a different one, so a number links only
    what is linked on purpose: a missed call or a lead is "answered" by giving it the number
    of one of the manager's calls. Inbound managers answer with their outgoing calls;
    outbound managers (whose cold calls answer nobody) by the client's next incoming call
    that got through. Every draw is from ``ex``.
    """

    def __init__(self, ex: random.Random, days: list[date], acts: list[list[str]]) -> None:
        self.ex = ex
        self.days = days
        self.workdays = set(days)
        self.acts = acts
        self.taken: set[str] = set()
        self.lone: set[str] = set()  # numbers of leads and missed calls never called back
        self.used: set[int] = set()  # calls that answer something already
        self.large: dict[str, tuple[str, int, str, str, str, str, bool]] = {}  # id -> LARGE
        self.phone_of = {i: self.number() for i, row in enumerate(acts) if row[1] in CALLS}
        canon = {n: n for n, _, _ in TEAM} | {" ".join(reversed(n.split())): n for n, _, _ in TEAM}
        answering = {n: CALLS[0] if m == "passive" else CALLS[1] for n, m, _ in TEAM}
        self.by_day: dict[tuple[str, date], list[Found]] = {}
        self.linkable: dict[str, list[Found]] = {}  # proposals and meetings
        for i, row in enumerate(acts):
            try:
                at = datetime.strptime(row[3], FMT)
            except ValueError:
                continue
            name = canon.get(row[2])
            if name is None:
                continue
            if row[1] == answering[name]:
                self.by_day.setdefault((name, at.date()), []).append((at, i))
            elif row[1] in ("КП", "Встреча"):
                self.linkable.setdefault(name, []).append((at, i))
        for found in (*self.by_day.values(), *self.linkable.values()):
            found.sort()

    # numbers and calls

    def number(self) -> str:
        while True:
            digits = "9" + "".join(str(self.ex.randrange(10)) for _ in range(9))
            if digits not in self.taken:
                self.taken.add(digits)
                return digits

    def lone_number(self) -> str:
        digits = self.number()
        self.lone.add(digits)
        return digits

    def shown(self, digits: str, style: int | None = None) -> str:
        """``+7 916 123-45-67`` or ``89161234567``, as exports mix them."""
        style = self.ex.randrange(2) if style is None else style
        if style == 0:
            return f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
        return "8" + digits

    def free(self, name: str, d: date | None, lo: time, hi: time) -> list[Found]:
        """The calls of ``name`` on ``d`` between ``lo`` and ``hi`` that answer nothing yet."""
        rows = self.by_day.get((name, d), []) if d else []
        return [(at, i) for at, i in rows if i not in self.used and lo <= at.time() <= hi]

    def answer(self, name: str, d: date | None, lo: time, hi: time) -> Found | None:
        """One of those calls, taken."""
        rows = self.free(name, d, lo, hi)
        if not rows:
            return None
        found = self.ex.choice(rows)
        self.used.add(found[1])
        return found

    def take_first(self, name: str, d: date, lo: time, hi: time) -> Found:
        found = self.free(name, d, lo, hi)[0]
        self.used.add(found[1])
        return found

    def present(self, name: str, d: date) -> bool:
        off = ABSENT.get(name)
        return d in self.workdays and not (off and off[0] <= d <= off[1])

    def next_workday(self, name: str, d: date) -> date | None:
        """The next day ``name`` is at work ("": anyone), within the data."""
        d += timedelta(days=1)
        while d <= END and not self.present(name, d):
            d += timedelta(days=1)
        return d if d <= END else None

    # missed calls

    def missed_calls(self) -> list[Dated]:
        """Missed incoming calls: most returned within the 2 working hours (the same day, or
        the next morning when they came after hours), some hours later, a few never."""
        ex, out = self.ex, []
        for name, _, _ in TEAM:
            late_p, never_p = DISCIPLINE[name]["missed"]
            for d in self.days:
                if not self.present(name, d):
                    continue
                for _ in range(ex.choices([0, 1, 2], weights=[0.45, 0.4, 0.15])[0]):
                    roll = ex.random()
                    if roll < never_p:
                        hi = 15 if d == END else 18
                        at = datetime.combine(d, DAY_START) + timedelta(
                            seconds=ex.randrange((hi - 9) * 3600)
                        )
                        digits = self.lone_number()
                    else:
                        back = self.missed_call_back(name, d, roll < never_p + late_p)
                        if back is None:
                            continue
                        at, digits = back
                    if not self.present(name, at.date()):
                        continue  # nobody calls a manager on holiday: the line is redirected
                    out.append(missed_call(name, at, self.shown(digits)))
        # an hour before the demo's moment: not returned yet, and not late yet either
        waiting = datetime(2026, 11, 25, 15, 12)
        out.append(missed_call("Мария Петрова", waiting, self.shown(self.number())))
        return out

    def missed_call_back(self, name: str, d: date, late: bool) -> tuple[datetime, str] | None:
        """When a call missed on ``d`` came in and the number of the call that returned it."""
        ex = self.ex
        nxt = self.next_workday(name, d)
        if late:  # called back, but hours later
            found = self.answer(name, nxt, time(10, 30), time(13))
            if found is None:
                return None
            return back_from(found[0], ex.uniform(150, 300)), self.phone_of[found[1]]
        evening = ex.random() < 0.12 and bool(self.free(name, nxt, DAY_START, time(10, 15)))
        if evening:  # after hours, returned first thing the next morning
            found = self.answer(name, nxt, DAY_START, time(10, 15))
            if found is None:
                return None
            at = datetime.combine(d, time(18, 5)) + timedelta(minutes=ex.randrange(150))
            return at, self.phone_of[found[1]]
        found = self.answer(name, d, time(9, 20), time(17, 59))
        if found is None:
            return None
        wait = ex.choice([ex.uniform(3, 40), ex.uniform(3, 40), ex.uniform(40, 115)])
        return back_from(found[0], wait), self.phone_of[found[1]]

    # leads

    def leads(self) -> list[Dated]:
        """The inbound managers' leads, answered by a call to the lead's phone: most within
        30 working minutes, those of the evening and the weekend first thing on the next
        working day."""
        ex, out = self.ex, []
        day = START
        while day <= END:
            for name in PASSIVE:
                working = self.present(name, day)
                n_in = (
                    ex.choices([0, 1, 2, 3], weights=[0.15, 0.35, 0.35, 0.15])[0] if working else 0
                )
                n_out = ex.choices([0, 1], weights=[0.6, 0.4] if working else [0.5, 0.5])[0]
                away = not working and RU.is_working_day(day)
                if away or self.next_workday(name, day) != self.next_workday("", day):
                    n_out = 0  # the leads of a manager on holiday go to the others
                for k in range(n_in + n_out):
                    made = self.lead(name, day, working, after_hours=k >= n_in)
                    if made is None or made[0] > LAST_MOMENT:
                        continue
                    created, digits = made
                    status = ex.choice(LEAD_DONE) if digits not in self.lone else "Не обработан"
                    title, source = ex.choice(LEAD_TITLES), ex.choice(LEAD_SOURCES)
                    out.append(lead(name, created, title, status, source, self.shown(digits)))
            day += timedelta(days=1)
        return out

    def lead(
        self, name: str, day: date, working: bool, after_hours: bool
    ) -> tuple[datetime, str] | None:
        """A lead of ``day``: when it came in and its number."""
        ex = self.ex
        late_p, never_p = DISCIPLINE[name]["lead"]
        roll = ex.random()
        never, late = roll < never_p, never_p <= roll < never_p + late_p
        if after_hours:
            start, span = (time(18, 10), 290) if working else (time(10), 600)
            created = datetime.combine(day, start) + timedelta(minutes=ex.randrange(span))
            nxt = self.next_workday(name, day)
            if not self.free(name, nxt, DAY_START, time(9, 25)):
                return None  # whatever its fate, so as not to favour the late ones
            if never:
                return created, self.lone_number()
            lo, hi = (time(10), time(11, 30)) if late else (DAY_START, time(9, 25))
            found = self.answer(name, nxt, lo, hi)
            return None if found is None else (created, self.phone_of[found[1]])
        last = time(15, 59) if day == END else time(17, 59)
        if never:
            seconds = ex.randrange((last.hour - 9) * 3600)
            return datetime.combine(day, DAY_START) + timedelta(seconds=seconds), self.lone_number()
        found = self.answer(name, day, time(11) if late else time(9, 30), last)
        if found is None:
            return None
        wait = (
            ex.uniform(40, 150)
            if late
            else ex.choice([ex.uniform(1, 15), ex.uniform(1, 15), ex.uniform(15, 29)])
        )
        return back_from(found[0], wait), self.phone_of[found[1]]

    def yesterday(self) -> tuple[list[Dated], list[Dated]]:
        """For the morning check of 25.11: on 24.11 a lead of Ольга answered late and one
        not at all, a call Анна missed returned in the afternoon (the first free call of the
        hour: no draws, so nothing before changes)."""
        olga, anna = "Ольга Кузнецова", "Анна Попова"
        late_call = self.take_first(olga, YESTERDAY, time(11, 40), time(13))
        leads = [
            (datetime(2026, 11, 24, 10, 2), self.phone_of[late_call[1]], "В работе"),
            (datetime(2026, 11, 24, 15, 37), self.lone_number(), "Не обработан"),
        ]
        back = self.take_first(anna, YESTERDAY, time(14), time(17, 59))
        missed = datetime(2026, 11, 24, 10, 48)
        return (
            [lead(olga, at, "Запрос КП", s, "Веб-сайт", self.shown(n, 0)) for at, n, s in leads],
            [missed_call(anna, missed, self.shown(self.phone_of[back[1]], 1))],
        )

    # deals

    def deal_dates(self, deals: list[list[str]], last_id: int) -> list[OpenDeal]:
        """The large open deals, then every deal's last change and the date it entered its
        stage; the open deals (most touched within the week, some left quiet)."""
        ex, large = self.ex, self.large
        for n, (name, amount, stage, opened_on, *_) in enumerate(LARGE):
            large[str(last_id + 1 + n)] = LARGE[n]
            deals.append(
                [
                    str(last_id + 1 + n),
                    f"Поставка №{last_id + 1 + n}",
                    stage,
                    f"{amount:.2f}",
                    "Российский рубль",
                    name,
                    LARGE_CLIENTS[n],
                    f"{opened_on}.2026 10:00:00",
                    f"{(15 + 2 * n):02d}.12.2026",
                ]
            )
        opened: list[OpenDeal] = []
        recent = [d for d in self.days if d >= END - timedelta(days=6)]
        for row in deals:
            name, stage = row[5], row[2]
            created = datetime.strptime(row[7], FMT)  # every deal has one
            if row[0] in large:
                _, _, _, _, touched_on, since, _ = large[row[0]]
                touched = datetime.strptime(f"{touched_on} 2026", "%d.%m %H:%M %Y")
                stage_at = datetime.strptime(f"{since} 11:00 2026", "%d.%m %H:%M %Y")
                row += [touched.strftime(FMT), stage_at.strftime(FMT)]
                stale = touched < LAST_MOMENT - timedelta(days=8)
                opened.append(OpenDeal(row[0], name, created, touched, stale))
                continue
            if stage in ("Сделка успешна", "Сделка провалена") or name not in DISCIPLINE:
                base = parse_day(row[8]) or created.date()
                moment = datetime.combine(base, time(10)) + timedelta(minutes=ex.randrange(480))
                moment = min(moment, LAST_MOMENT - timedelta(minutes=ex.randrange(5, 60)))
                row += [moment.strftime(FMT), moment.strftime(FMT)]
                continue
            present = [d for d in self.days if self.present(name, d) and d >= created.date()]
            mine = [d for d in present if d in recent]
            old = [d for d in present if d <= END - timedelta(days=9)]
            stale = bool(old) and (ex.random() < DISCIPLINE[name]["deal"][0] or not mine)
            touched = datetime.combine(ex.choice(old if stale else mine), DAY_START)
            touched += timedelta(minutes=ex.randrange(540))
            touched = min(touched, LAST_MOMENT - timedelta(minutes=ex.randrange(5, 300)))
            span = max((touched - created).days, 0)
            stage_at = created + timedelta(days=ex.randrange(span + 1), hours=ex.randrange(8))
            row += [touched.strftime(FMT), min(stage_at, touched).strftime(FMT)]
            opened.append(OpenDeal(row[0], name, created, touched, stale))
        return opened

    def link(self, opened: list[OpenDeal]) -> None:
        """Proposals and meetings about the open deals: «Сделка» holds the deal's id; the
        last of them is no later than the deal's last change."""
        for deal in opened:
            about = [
                i
                for at, i in self.linkable.get(deal.manager, [])
                if deal.created <= at <= deal.touched and len(self.acts[i]) == 6
            ]
            for i in about[len(about) - min(self.ex.randrange(0, 4), len(about)) :]:
                self.acts[i] += ["", deal.id]

    # tasks

    def tasks(self, opened: list[OpenDeal]) -> list[Dated]:
        """Tasks with deadlines over the period (most closed in time, some late, some left
        open), and a next-step task for each open deal but a few."""
        ex, out = self.ex, []
        deals_of: dict[str, list[OpenDeal]] = {}
        for x in opened:
            deals_of.setdefault(x.manager, []).append(x)
        for name, _, _ in TEAM:
            for d in self.days:
                if not self.present(name, d):
                    continue
                for _ in range(ex.choices([0, 1, 2], weights=[0.3, 0.45, 0.25])[0]):
                    deadline = datetime.combine(
                        d, ex.choice([time(12), time(15), time(18), time(19)])
                    )
                    mine = [x.id for x in deals_of.get(name, []) if x.created < deadline]
                    if mine and ex.random() < 0.3:
                        about = ex.choice(mine)
                        title = ex.choice(DEAL_TASKS).format(d=about)
                    else:
                        about, title = "", ex.choice(TASK_TITLES).format(c=ex.choice(CLIENTS))
                    late_p, open_p = DISCIPLINE[name]["task"]
                    out.append(self.task(name, title, deadline, late_p, open_p, about))
        for deal in opened:
            spec = self.large.get(deal.id)
            if (spec is not None and not spec[6]) or (
                spec is None and ex.random() < DISCIPLINE[deal.manager]["deal"][1]
            ):
                continue  # nobody planned the next step
            if deal.stale:  # planned once, then forgotten: past its deadline, still open
                due = deal.touched.date() + timedelta(days=ex.randrange(2, 6))
                deadline = datetime.combine(due, time(18))
                title = ex.choice(DEAL_TASKS).format(d=deal.id)
                out.append(
                    (deadline, task_row(title, deal.manager, deadline, None, TASK_OPEN[0], deal.id))
                )
            else:
                due = END + timedelta(days=ex.randrange(1, 10))
                deadline = datetime.combine(due, ex.choice([time(12), time(18)]))
                title = ex.choice(DEAL_TASKS).format(d=deal.id)
                out.append(self.task(deal.manager, title, deadline, 0, 0, deal.id))
        return out

    def task(
        self, name: str, title: str, deadline: datetime, late_p: float, open_p: float, deal: str
    ) -> Dated:
        ex = self.ex
        roll = ex.random()
        closed: datetime | None = None
        if deadline > LAST_MOMENT or roll < open_p:
            closed = None
        elif roll < open_p + late_p:  # closed a few working hours or days late
            closed = ahead(deadline, ex.uniform(30, 1200))
            closed = None if closed > LAST_MOMENT else closed
        else:
            closed = back_from(deadline, ex.uniform(10, 900))
        status = "Завершена" if closed else ex.choice(TASK_OPEN)
        return deadline, task_row(title, name, deadline, closed, status, deal)

    def last_two_days(self, opened: list[OpenDeal]) -> list[Dated]:
        """Deadlines of 24–25.11 missed, for the morning check and the stand-up."""
        olga = next(d.id for d in opened if d.manager == "Ольга Кузнецова" and not d.stale)
        out = []
        for name, title, deadline, closed, deal in (
            ("Ольга Кузнецова", f"Отправить договор по сделке №{olga}", "24.11 12:00", "", olga),
            ("Ольга Кузнецова", "Перезвонить ООО «Нева»", "25.11 11:00", "", ""),
            ("Анна Попова", "Подготовить КП для ООО «Орион»", "24.11 18:00", "25.11 10:35", ""),
            ("Алексей Смирнов", "Согласовать счёт с ООО «Гелиос»", "25.11 15:00", "", ""),
        ):
            due = datetime.strptime(f"{deadline} 2026", "%d.%m %H:%M %Y")
            done = datetime.strptime(f"{closed} 2026", "%d.%m %H:%M %Y") if closed else None
            status = "Завершена" if done else TASK_OPEN[0]
            out.append((due, task_row(title, name, due, done, status, deal)))
        return out

    def phones(self) -> None:
        """The activities' new columns: every call's number, and «Сделка» where linked."""
        for i, row in enumerate(self.acts):
            if len(row) == 6:
                row += ["", ""]
            if i in self.phone_of:
                row[6] = self.shown(self.phone_of[i])


def add_controls(
    ex: random.Random, days: list[date], deals: list[list[str]], acts: list[list[str]], last_id: int
) -> tuple[list[list[str]], list[list[str]]]:
    """The regulations' data: extends ``deals`` and ``acts`` in place (new columns; new rows
    after the existing ones) and returns the leads and the tasks, numbered in time order."""
    c = Controls(ex, days, acts)
    missed = c.missed_calls()
    leads = c.leads()
    more_leads, more_missed = c.yesterday()
    opened = c.deal_dates(deals, last_id)
    c.link(opened)
    tasks = c.tasks(opened) + c.last_two_days(opened)
    c.phones()
    for n, (_, row) in enumerate(sorted(missed + more_missed, key=lambda x: x[0])):
        acts.append([str(120001 + n), *row[1:]])
    return numbered(leads + more_leads, 3001), numbered(tasks, 7001)


def numbered(rows: list[Dated], first: int) -> list[list[str]]:
    """The rows in time order, with ids from ``first``."""
    ordered = sorted(rows, key=lambda x: x[0])
    return [[str(first + n), *row[1:]] for n, (_, row) in enumerate(ordered)]


def missed_call(name: str, at: datetime, phone: str) -> Dated:
    return at, ["", MISSED, name, at.strftime(FMT), "Выполнено", "0", phone, ""]


def lead(name: str, at: datetime, title: str, status: str, source: str, phone: str) -> Dated:
    return at, ["", title, status, source, name, at.strftime(FMT), phone]


def task_row(
    title: str, name: str, deadline: datetime, closed: datetime | None, status: str, deal: str
) -> list[str]:
    done = closed.strftime(FMT) if closed else ""
    return ["", title, name, deadline.strftime(FMT), done, status, deal]


def parse_day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        return None


def ahead(at: datetime, minutes: float) -> datetime:
    """The moment ``minutes`` working minutes (09:00–18:00 of working days) after ``at``
    (before it, for negative ``minutes``)."""
    left, forward = timedelta(minutes=abs(minutes)), minutes >= 0
    t = at
    while True:
        d = t.date()
        if RU.is_working_day(d):
            start, end = datetime.combine(d, DAY_START), datetime.combine(d, DAY_END)
            t = max(t, start) if forward else min(t, end)
            room = end - t if forward else t - start
            if room > timedelta(0):
                if room >= left:
                    return t + left if forward else t - left
                left -= room
        step = timedelta(days=1 if forward else -1)
        t = datetime.combine(d + step, DAY_START if forward else DAY_END)


def back_from(at: datetime, minutes: float) -> datetime:
    """The moment ``minutes`` working minutes before ``at``."""
    return ahead(at, -minutes)


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

    leads, tasks = add_controls(random.Random(SEED), days, deals, acts, deal_id)

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
