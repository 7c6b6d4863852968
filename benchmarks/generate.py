"""Generate a year of Bitrix24-style exports for a sales team, for the benchmark.

Two shapes of the same exports (``--shape``), each written to its own folder (``--out``,
default ``benchmarks/data/SHAPE``):

``quoted`` (the default)
    * ``activities.csv`` — Bitrix24 «Дела» export: windows-1251, ``;``, every field quoted, a
      trailing ``;`` on every line, LF line ends, 9 columns; dates ``DD.MM.YYYY HH:MM:SS``,
      almost all on working days (official Russian calendar) between 09:00 and 18:00;
    * ``deals.csv`` — Bitrix24 deals export: UTF-8 with BOM, same CSV dialect, ``Сумма`` as a
      dot-decimal number (``33816.50``), the close date in «Предполагаемая дата закрытия»;
``plain``
    * ``activities.csv`` — windows-1251, ``;``, nothing quoted, no trailing ``;``, LF, 7
      columns ``ID;Тип;Название;Ответственный;Начало;Конец;Статус``;
    * ``deals.csv`` — windows-1251, ``;``, nothing quoted, ``Сумма`` with a no-break space
      grouping thousands and a decimal comma (``57 298,11``), close date ``DD.MM.YYYY``;

and in both a ``norms.yaml``: a ropkit config pointing at both files, the whole team listed.

The output is a function of the arguments only (numpy ``default_rng(seed)``), so every run
with the same arguments writes the same bytes; the two shapes are drawn from the same random
numbers, so with the same ``--seed``/``--rows``/``--deals`` they hold the same facts. Random
values are drawn with numpy for the whole file, rows are formatted from lookup tables in
chunks (memory stays ~1 GB at 10M rows); 1.25M activity rows take a few seconds.

    python benchmarks/generate.py                      # quoted: 50 managers, 1.25M activities
    python benchmarks/generate.py --shape plain        # -> benchmarks/data/plain
    python benchmarks/generate.py --shape plain --rows 10000000 --out /tmp/plain-10m
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
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

SHAPES = ("quoted", "plain")
ACT_HEADER = {  # shape -> the activities file's columns
    "quoted": (
        "ID",
        "Тип",
        "Название",
        "Клиент",
        "Ответственный",
        "Статус",
        "Дата создания",
        "Начало",
        "Конец",
    ),
    "plain": ("ID", "Тип", "Название", "Ответственный", "Начало", "Конец", "Статус"),
}
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
NBSP = "\u00a0"
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


def write_rows(
    path: Path,
    header: tuple[str, ...],
    n: int,
    rows: Callable[[int, int], dict[str, np.ndarray]],
    *,
    encoding: str,
    bom: bool,
    quoted: bool,
) -> int:
    """Write ``n`` rows, formatting them ``CHUNK`` at a time.

    ``rows(lo, hi)`` gives the rows ``lo:hi`` as column name -> equal-length ``str`` arrays
    (a superset of ``header``). ``quoted``: Bitrix24's dialect, every field quoted and ``;``
    after every field (a trailing one too); otherwise nothing quoted and ``;`` between fields.
    Either way LF line ends. Values here never hold a quote, a ``;`` or a line break.
    """
    if quoted:
        template = "".join('"{}";' for _ in header) + "\n"
    else:
        template = ";".join("{}" for _ in header) + "\n"
    with path.open("wb") as fh:
        if bom:
            fh.write(b"\xef\xbb\xbf")
        fh.write(template.format(*header).encode(encoding))
        for lo in range(0, n, CHUNK):
            columns = rows(lo, min(lo + CHUNK, n))
            part = [columns[name] for name in header]
            fh.write("".join(map(template.format, *part)).encode(encoding))
    return n


def make_activities(
    rng: np.random.Generator,
    days: Days,
    managers: list[str],
    companies: np.ndarray,
    n: int,
    year: int,
    shape: str,
) -> Callable[[int, int], dict[str, np.ndarray]]:
    """Draw ``n`` activities; return ``rows(lo, hi)`` that formats rows ``lo:hi`` as text.

    Only numbers are held for the whole file (~50 bytes a row); text is made per chunk.
    Calls' titles carry the phone number in the quoted shape, not in the plain one (which
    keeps that file near the 127 MB of issue 12's export); the same numbers are drawn.
    """
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

    parts = zip(*(rng.integers(0, hi, 20_000) for hi in (100, 1000, 100, 100)), strict=True)
    phones = np.array(
        [f"+7 (9{a:02d}) {b:03d}-{c:02d}-{d:02d}" for a, b, c, d in parts], dtype=object
    )
    phone = rng.integers(0, len(phones), n, dtype=np.int32)
    email = rng.integers(0, len(EMAIL_SUBJECTS), n, dtype=np.int8)
    meeting = rng.integers(0, len(MEETING_SUBJECTS), n, dtype=np.int8)
    client = rng.integers(0, len(companies), n, dtype=np.int32)
    emails = np.array(EMAIL_SUBJECTS, dtype=object)
    meetings = np.array(MEETING_SUBJECTS, dtype=object)
    prefixes = np.array([k[3] if shape == "quoted" else k[3].strip() for k in KINDS], dtype=object)
    kind_names = np.array([k[0] for k in KINDS], dtype=object)
    names = np.array(managers, dtype=object)

    def stamp(t: np.ndarray) -> np.ndarray:
        return days.text[t // DAY] + " " + CLOCK[t % DAY]

    def rows(lo: int, hi: int) -> dict[str, np.ndarray]:
        k = kind[lo:hi]
        suffix = np.where(
            k <= 1,
            phones[phone[lo:hi]] if shape == "quoted" else "",
            np.where(k == 2, emails[email[lo:hi]], meetings[meeting[lo:hi]]),
        )
        return {
            "ID": np.arange(1_000_001 + lo, 1_000_001 + hi).astype(str).astype(object),
            "Тип": kind_names[k],
            "Название": prefixes[k] + suffix,
            "Клиент": companies[client[lo:hi]],
            "Ответственный": names[who[lo:hi]],
            "Статус": np.where(not_done[lo:hi], "Не выполнено", "Выполнено").astype(object),
            "Дата создания": stamp(created[lo:hi]),
            "Начало": stamp(start[lo:hi]),
            "Конец": stamp(end[lo:hi]),
        }

    return rows


def make_deals(
    rng: np.random.Generator,
    days: Days,
    managers: list[str],
    companies: np.ndarray,
    n: int,
    year: int,
    shape: str,
) -> dict[str, np.ndarray]:
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
    if shape == "quoted":
        amounts = [f"{a:.2f}" for a in amount]  # 57298.11
    else:  # 57 298,11: a no-break space groups thousands, a comma before the kopecks
        amounts = [f"{a:,.2f}".replace(",", NBSP).replace(".", ",") for a in amount]
    return {
        "ID": ids.astype(str).astype(object),
        "Название сделки": np.array([f"Поставка №{i}" for i in ids], dtype=object),
        "Стадия сделки": stage,
        "Сумма": np.array(amounts, dtype=object),
        "Валюта": np.full(n, "Российский рубль", dtype=object),
        "Ответственный": np.array(managers, dtype=object)[who],
        "Компания": rng.choice(companies, n),
        "Дата создания": days.text[created // DAY] + " " + CLOCK[created % DAY],
        "Предполагаемая дата закрытия": days.text[close_day],
    }


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
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="quoted",
        help="quoted: Bitrix24's quoted export, UTF-8 deals (default); plain: unquoted, "
        "windows-1251, 7 activity columns, «57 298,11» amounts",
    )
    parser.add_argument("--out", type=Path, help="output folder (default benchmarks/data/SHAPE)")
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument(
        "--rows",
        "--activity-rows",
        dest="rows",
        type=int,
        default=1_250_000,
        help="activity rows (default 1,250,000)",
    )
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out: Path = args.out or HERE / "data" / args.shape
    quoted = args.shape == "quoted"

    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    days = Days(date(args.year - 1, 9, 1), date(args.year + 2, 12, 31))
    managers = manager_names(args.managers)
    companies = company_names(rng, 6_000)

    rows = make_activities(rng, days, managers, companies, args.rows, args.year, args.shape)
    path = out / "activities.csv"
    header = ACT_HEADER[args.shape]
    write_rows(path, header, args.rows, rows, encoding="cp1251", bom=False, quoted=quoted)
    size = path.stat().st_size / 2**20
    print(f"{path}: {args.rows:,} rows × {len(header)} columns, {size:.0f} MiB (windows-1251)")

    deals = make_deals(rng, days, managers, companies, args.deals, args.year, args.shape)
    path = out / "deals.csv"
    encoding = "utf-8" if quoted else "cp1251"
    write_rows(
        path,
        DEAL_HEADER,
        args.deals,
        lambda lo, hi: {k: v[lo:hi] for k, v in deals.items()},
        encoding=encoding,
        bom=quoted,
        quoted=quoted,
    )
    what = "UTF-8 with BOM" if quoted else "windows-1251"
    print(f"{path}: {args.deals:,} rows, {path.stat().st_size / 2**20:.0f} MiB ({what})")

    path = out / "norms.yaml"
    path.write_text(norms_yaml(managers, args.year), encoding="utf-8")
    print(f"{path}: {len(managers)} managers")
    print(f"{args.shape} shape generated in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
