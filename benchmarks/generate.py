"""Generate a year of Bitrix24-style exports for a sales team, for the benchmark.

Writes to ``--out`` (default ``benchmarks/data``):

* ``activities.csv`` — Bitrix24 «Дела» export: windows-1251, ``;``, every field quoted, a
  trailing ``;`` on every line, LF line ends; dates ``DD.MM.YYYY HH:MM:SS``, almost all on
  working days (official Russian calendar) between 09:00 and 18:00;
* ``deals.csv`` — Bitrix24 deals export: UTF-8 with BOM, same CSV dialect, ``Сумма`` as a
  dot-decimal number, the close date in «Предполагаемая дата закрытия»;
* ``norms.yaml`` — a ropkit config pointing at both, with the whole team listed.

The output is a function of the arguments only (numpy ``default_rng(seed)``), so every run
with the same arguments writes the same bytes. 1.25M activity rows take a few seconds:
random values are drawn with numpy, rows are formatted from lookup tables in chunks.

    python benchmarks/generate.py                      # 50 managers, 1.25M activities, 100k deals
    python benchmarks/generate.py --activity-rows 100000 --out /tmp/small
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CHUNK = 200_000
DAY = 86_400


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE = _words(
    "Александр Алексей Андрей Антон Артём Борис Вадим Виктор Владимир Геннадий Денис Дмитрий "
    "Евгений Егор Иван Игорь Илья Кирилл Константин Максим Михаил Никита Олег Павел Сергей"
)
FEMALE = _words(
    "Алина Анастасия Анна Валентина Вера Виктория Галина Дарья Екатерина Елена Жанна Зоя Ирина "
    "Кристина Ксения Лариса Людмила Марина Мария Наталья Ольга Полина Светлана Татьяна Юлия"
)
SURNAMES = _words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров "
    "Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин "
    "Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов "
    "Ковалёв Белов Медведев Антонов Тарасов"
)

ACT_HEADER = (
    "ID",
    "Тип",
    "Название",
    "Клиент",
    "Ответственный",
    "Статус",
    "Дата создания",
    "Начало",
    "Конец",
)
# (type as Bitrix24 writes it, share of rows, share not done, title prefix)
KINDS = (
    ("Звонок (исходящий)", 0.58, 0.08, "Исходящий звонок "),
    ("Звонок (входящий)", 0.22, 0.02, "Входящий звонок "),
    ("Письмо (отправленное)", 0.16, 0.03, "Письмо: "),
    ("Встреча", 0.04, 0.15, "Встреча: "),
)
EMAIL_SUBJECTS = ("коммерческое предложение", "счёт на оплату", "договор", "презентация")
MEETING_SUBJECTS = ("презентация продукта", "обсуждение КП", "подписание договора", "замер")

DEAL_HEADER = (
    "ID",
    "Название сделки",
    "Стадия сделки",
    "Сумма",
    "Валюта",
    "Ответственный",
    "Компания",
    "Дата создания",
    "Предполагаемая дата закрытия",
)
WON, LOST = "Сделка успешна", "Сделка провалена"
# «Cчёт» starts with a Latin C, as in Bitrix24's own default stage name
OPEN_STAGES = ("Новая", "Подготовка документов", "Cчёт на предоплату", "В работе", "Финальный счёт")

ORG_FORMS = ("ООО", "ООО", "ООО", "АО", "ИП", "ПАО")
ORG_WORDS = _words(
    "Атлант Ладога Вектор Гранит Меридиан Север Восток Импульс Альянс Прогресс Орион Сатурн Квант "
    "Фрегат Магистраль Эталон Горизонт Капитал Стройресурс Техносфера Агропром Логистик Энергия "
    "Полюс Спектр Ресурс Династия Содружество Профиль Триумф"
)

# share of activities in each working hour 09..17 (a dip at lunch)
HOUR_WEIGHTS = np.array([8, 13, 14, 12, 6, 12, 13, 12, 10], dtype=float)


def manager_names(n: int) -> list[str]:
    """``n`` distinct «Имя Фамилия» names, men and women alternating."""
    firsts = [name for pair in zip(MALE, FEMALE, strict=True) for name in pair]
    if n > len(firsts) * len(SURNAMES):
        raise SystemExit(f"--managers: at most {len(firsts) * len(SURNAMES)}")
    out = []
    for i in range(n):
        a, k = i % len(firsts), i // len(firsts)
        surname = SURNAMES[(a + k) % len(SURNAMES)]
        female = a % 2 == 1
        out.append(f"{firsts[a]} {surname + 'а' if female else surname}")
    return out


def company_names(rng: np.random.Generator, n: int) -> np.ndarray:
    forms = rng.choice(ORG_FORMS, n)
    w1 = rng.choice(ORG_WORDS, n)
    w2 = rng.choice(ORG_WORDS, n)
    suffix = rng.integers(1, 100, n)
    names = {
        f"{f} «{a}-{b}»" if a != b else f"{f} «{a} {s}»"
        for f, a, b, s in zip(forms, w1, w2, suffix, strict=True)
    }
    return np.array(sorted(names), dtype=object)


class Days:
    """Calendar days from ``base`` on: index -> «DD.MM.YYYY», and which are working days."""

    def __init__(self, base: date, end: date) -> None:
        import holidays  # a ropkit dependency: the official calendar with transferred days

        self.base = base
        count = (end - base).days + 1
        all_days = [base + timedelta(days=i) for i in range(count)]
        official = holidays.country_holidays("RU", years=range(base.year, end.year + 1))
        self.text = np.array([d.strftime("%d.%m.%Y") for d in all_days], dtype=object)
        self.working = np.array([bool(official.is_working_day(d)) for d in all_days])

    def index(self, d: date) -> int:
        return (d - self.base).days

    def working_between(self, start: date, end: date) -> np.ndarray:
        i, j = self.index(start), self.index(end) + 1
        return np.flatnonzero(self.working[i:j]) + i

    def off_between(self, start: date, end: date) -> np.ndarray:
        i, j = self.index(start), self.index(end) + 1
        return np.flatnonzero(~self.working[i:j]) + i


CLOCK = np.array(
    [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)], dtype=object
)


def day_times(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds since midnight inside 09:00–18:00, weighted by hour."""
    hours = rng.choice(np.arange(9, 18), n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    return hours * 3600 + rng.integers(0, 3600, n)


def write_rows(path: Path, header: tuple[str, ...], columns: list, encoding: str, bom: bool) -> int:
    """Bitrix24 CSV: every field quoted, ``;`` after every field (a trailing one too), LF.

    ``columns`` are equal-length sequences of ``str``. Values here never hold a quote.
    """
    template = "".join('"{}";' for _ in header) + "\n"
    n = len(columns[0])
    with path.open("wb") as fh:
        if bom:
            fh.write(b"\xef\xbb\xbf")
        fh.write(template.format(*header).encode(encoding))
        for start in range(0, n, CHUNK):
            part = [col[start : start + CHUNK] for col in columns]
            fh.write("".join(map(template.format, *part)).encode(encoding))
    return n


def make_activities(
    rng: np.random.Generator,
    days: Days,
    managers: list[str],
    companies: np.ndarray,
    n: int,
    year: int,
) -> list:
    m = len(managers)
    pace = rng.uniform(0.7, 1.3, m)  # some managers work the phone harder than others
    who = rng.choice(m, n, p=pace / pace.sum())

    # when: 96% on working days of the year 09–18, 2% evenings, 1% days off,
    # 1% in December of the year before (exports are rarely cut at the exact date)
    work = days.working_between(date(year, 1, 1), date(year, 12, 31))
    off = days.off_between(date(year, 1, 1), date(year, 12, 31))
    before = days.working_between(date(year - 1, 12, 1), date(year - 1, 12, 31))
    slot = rng.choice(4, n, p=[0.96, 0.02, 0.01, 0.01])
    day = np.where(
        slot == 2,
        rng.choice(off, n),
        np.where(slot == 3, rng.choice(before, n), rng.choice(work, n)),
    )
    sec = np.where(
        slot == 1,
        18 * 3600 + rng.integers(0, 3 * 3600, n),
        np.where(slot == 2, 10 * 3600 + rng.integers(0, 6 * 3600, n), day_times(rng, n)),
    )
    start = day.astype(np.int64) * DAY + sec

    shares = np.array([k[1] for k in KINDS])
    kind = rng.choice(len(KINDS), n, p=shares / shares.sum())
    not_done = rng.random(n) < np.array([k[2] for k in KINDS])[kind]
    is_call = kind <= 1
    is_meeting = kind == 3

    duration = np.where(
        is_call,
        np.clip(rng.exponential(150, n), 5, 1800).astype(np.int64),
        np.where(is_meeting, rng.integers(2, 9, n) * 900, 0),
    )
    duration[not_done] = np.where(is_meeting[not_done], 3600, 0)
    end = start + duration
    planned_ahead = not_done | is_meeting
    lead = np.where(planned_ahead, rng.integers(3600, 5 * DAY, n), rng.integers(0, 60, n))
    created = start - lead

    order = np.argsort(start, kind="stable")
    who, start, end, created, kind, not_done = (
        a[order] for a in (who, start, end, created, kind, not_done)
    )
    ids = np.arange(1_000_001, 1_000_001 + n).astype(str).astype(object)

    parts = zip(*(rng.integers(0, hi, 20_000) for hi in (100, 1000, 100, 100)), strict=True)
    phones = np.array(
        [f"+7 (9{a:02d}) {b:03d}-{c:02d}-{d:02d}" for a, b, c, d in parts], dtype=object
    )
    suffix = np.where(
        kind <= 1,
        rng.choice(phones, n),
        np.where(kind == 2, rng.choice(EMAIL_SUBJECTS, n), rng.choice(MEETING_SUBJECTS, n)),
    ).astype(object)
    title = np.array([k[3] for k in KINDS], dtype=object)[kind] + suffix
    kinds = np.array([k[0] for k in KINDS], dtype=object)[kind]
    status = np.where(not_done, "Не выполнено", "Выполнено").astype(object)
    names = np.array(managers, dtype=object)[who]
    client = rng.choice(companies, n)

    def stamp(t: np.ndarray) -> np.ndarray:
        return days.text[t // DAY] + " " + CLOCK[t % DAY]

    return [ids, kinds, title, client, names, status, stamp(created), stamp(start), stamp(end)]


def make_deals(
    rng: np.random.Generator,
    days: Days,
    managers: list[str],
    companies: np.ndarray,
    n: int,
    year: int,
) -> list:
    m = len(managers)
    pace = rng.uniform(0.6, 1.4, m)
    win_rate = rng.uniform(0.3, 0.6, m)
    who = rng.choice(m, n, p=pace / pace.sum())

    # created from October of the year before to the end of the year, on working days
    created_day = rng.choice(days.working_between(date(year - 1, 10, 1), date(year, 12, 31)), n)
    created = created_day.astype(np.int64) * DAY + day_times(rng, n)
    cycle = np.clip(rng.gamma(2.0, 12.0, n), 0, 300).astype(np.int64)
    close_day = created_day + cycle
    exported = days.index(date(year + 1, 1, 12))  # the day the export was made
    final = (close_day <= exported) & (rng.random(n) > 0.06)  # a few stay open, overdue
    won = final & (rng.random(n) < win_rate[who])
    stage = np.where(
        won, WON, np.where(final, LOST, rng.choice(np.array(OPEN_STAGES, dtype=object), n))
    ).astype(object)

    amount = np.round(rng.lognormal(np.log(70_000), 0.8, n), 2)
    round_hundreds = rng.random(n) < 0.5
    amount[round_hundreds] = np.round(amount[round_hundreds], -2)
    amount = np.maximum(amount, 500.0)

    order = np.argsort(created, kind="stable")
    who, created, close_day, stage, amount = (
        a[order] for a in (who, created, close_day, stage, amount)
    )
    ids = np.arange(10_001, 10_001 + n)
    return [
        ids.astype(str).astype(object),
        np.array([f"Поставка №{i}" for i in ids], dtype=object),
        stage,
        np.array([f"{a:.2f}" for a in amount], dtype=object),
        np.full(n, "Российский рубль", dtype=object),
        np.array(managers, dtype=object)[who],
        rng.choice(companies, n),
        days.text[created // DAY] + " " + CLOCK[created % DAY],
        days.text[close_day],
    ]


def norms_yaml(managers: list[str], year: int) -> str:
    team = "\n".join(f"  - {{name: {name}, mode: active}}" for name in managers)
    return f"""\
# Benchmark config written by benchmarks/generate.py: a year of a {len(managers)}-person team.
# ropkit report -c norms.yaml --period year --date {year}-12-31
team: Отдел продаж (бенчмарк)
language: ru
currency: RUB
calendar:
  country: RU
  hours: "09:00-18:00"
  halfday: "13:00"
status: {{green: 1.0, yellow: 0.9}}
sources:
  deals:
    path: deals.csv
    columns:
      id: ID
      manager: Ответственный
      stage: Стадия сделки
      amount: Сумма
      client: Компания
      created_at: Дата создания
      closed_at: Предполагаемая дата закрытия
    won: [{WON}]
    lost: [{LOST}]
  activities:
    path: activities.csv
    columns: {{id: ID, manager: Ответственный, kind: Тип, at: Начало, done: Статус}}
plan:
  revenue: 5000000
  deals_won: 50
norms:
  active: {{calls_out: 60, meetings: 4}}
managers:
{team}
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "data", help="output folder")
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument("--activity-rows", type=int, default=1_250_000)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    days = Days(date(args.year - 1, 9, 1), date(args.year + 2, 12, 31))
    managers = manager_names(args.managers)
    companies = company_names(rng, 6_000)

    cols = make_activities(rng, days, managers, companies, args.activity_rows, args.year)
    path = args.out / "activities.csv"
    write_rows(path, ACT_HEADER, cols, "cp1251", bom=False)
    print(f"{path}: {len(cols[0]):,} rows, {path.stat().st_size / 2**20:.0f} MiB (windows-1251)")

    cols = make_deals(rng, days, managers, companies, args.deals, args.year)
    path = args.out / "deals.csv"
    write_rows(path, DEAL_HEADER, cols, "utf-8", bom=True)
    print(f"{path}: {len(cols[0]):,} rows, {path.stat().st_size / 2**20:.0f} MiB (UTF-8 with BOM)")

    path = args.out / "norms.yaml"
    path.write_text(norms_yaml(managers, args.year), encoding="utf-8")
    print(f"{path}: {len(managers)} managers")
    print(f"generated in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
