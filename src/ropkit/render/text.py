"""Lines of text shared by the outputs: the period header, row accounting, warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ropkit.i18n import mode_label, reason_text, t
from ropkit.render import dates
from ropkit.render.numbers import number, percent
from ropkit.scorecard import MetricInfo, MetricResult, Report, Scorecard
from ropkit.status import Notice, Status


def period_span(report: Report) -> str:
    """``месяц 1—30 ноября 2026`` (``month November 1 – 30, 2026``)."""
    lang, p = report.language, report.period
    return f"{t('kind.' + p.kind.value, lang)} {dates.span(p.start, p.end, lang)}"


def mail_subject(report: Report, manager: str | None = None) -> str:
    """``Отдел продаж: месяц 1—30 ноября 2026 — проседают 2 из 7`` (for a manager's own
    report, their name instead of the count)."""
    lang = report.language
    if manager is not None:
        return t(
            "mail.subject_own", lang, team=report.team_name, name=manager, span=period_span(report)
        )
    red = len(report.red_managers)
    key = "mail.subject_red" if red else "mail.subject_ok"
    return t(
        key,
        lang,
        team=report.team_name,
        span=period_span(report),
        red=red,
        total=len(report.managers),
    )


def header_line(report: Report) -> str:
    """``Отдел продаж · месяц 1—30 ноября 2026 · на 26 ноября 2026, 12:00 · прошло 18 из 20 …``."""
    return f"{report.team_name} · {period_line(report)}"


def daily_line(report: Report) -> str:
    """``Ежедневная проверка за 24 ноября 2026 · на 25 ноября 2026, 09:00``."""
    lang = report.language
    window = report.regulations.window
    as_of = window.as_of if window is not None else report.period.as_of
    day = t("daily.day", lang, day=dates.day(report.period.start, lang))
    return f"{t('daily.title', lang)} {day} · {t('as_of', lang)} {dates.moment(as_of, lang)}"


def period_line(report: Report) -> str:
    """``месяц 1—30 ноября 2026 · на 26 ноября 2026, 12:00 · прошло 18 из 20 рабочих дней``."""
    lang, p = report.language, report.period
    as_of = dates.moment(p.as_of, lang)
    days = (
        f"{number(report.workdays_elapsed, lang)} {t('of', lang)} {number(report.workdays, lang)}"
    )
    return (
        f"{period_span(report)} · "
        f"{t('as_of', lang)} {as_of} · {t('elapsed', lang)} {days} {t('workdays', lang)}"
    )


def rows_line(report: Report) -> str:
    """``Строки: deals — прочитано 120, учтено 118 (не из команды 3), отклонено 2; …``."""
    lang = report.language
    parts = []
    for table, c in report.rows.items():
        used = f"{t('used', lang)} {c.used}"
        if c.not_on_team:
            used += f" ({t('not_on_team', lang)} {c.not_on_team})"
        parts.append(
            f"{table} — {t('read', lang)} {c.read}, {used}, {t('rejected', lang)} {c.rejected}"
        )
    return f"{t('rows', lang)}: " + "; ".join(parts)


def notice_text(notice: Notice, lang: str) -> str:
    params = dict(notice.params)
    if "reason" in params:
        params["reason"] = reason_text(str(params["reason"]), lang)
    if "rule" in params:  # a regulation, by its name
        params["rule"] = t(f"rule.{params['rule']}", lang)
    for key, v in params.items():
        if isinstance(v, date):
            params[key] = dates.day(v, lang)
    return t("warn." + notice.code, lang, **params)


def currency_sign(report: Report) -> str:
    """``₽`` for RUB (babel's symbol for the report's language)."""
    return sign_of(report.currency, report.language)


def sign_of(currency: str, lang: str) -> str:
    """A currency's symbol in ``lang`` (``₽``; ``RUB`` in English)."""
    from babel.numbers import get_currency_symbol

    return str(get_currency_symbol(currency, locale="en_US" if lang == "en" else "ru_RU"))


def activity_groups(report: Report) -> list[tuple[str, list[Scorecard], Scorecard]]:
    """(title, managers, total row) per sales mode, or one group for the whole team."""
    lang = report.language
    if not report.modes:
        return [(t("activity", lang), report.managers, report.team)]
    groups = []
    for sub in report.modes:
        cards = [c for c in report.managers if c.mode == sub.mode]
        label = mode_label(sub.mode, lang) if sub.mode else t("mode.none", lang)
        groups.append((f"{t('activity', lang)}: {label}", cards, sub))
    return groups


def relevant(m: MetricInfo, cards: list[Scorecard]) -> bool:
    """A metric belongs in a group's table if someone there has a target for it or any fact."""
    return any(c.metrics[m.id].plan is not None or c.metrics[m.id].fact for c in cards)


def scorecard_tables(
    report: Report,
) -> list[tuple[str, list[MetricInfo], list[Scorecard], Scorecard]]:
    """(title, metrics, managers, total row) of each table, as every output lays them out:
    the outcomes for everyone, then the activity of each sales mode (metrics someone there
    has a target or a fact for)."""
    lang = report.language
    outcomes = [m for m in report.metrics if m.group == "outcome"]
    activity = [m for m in report.metrics if m.group == "activity"]
    tables = []
    if outcomes:
        tables.append((t("outcomes", lang), outcomes, report.managers, report.team))
    if activity:
        for title, cards, total in activity_groups(report):
            shown = [m for m in activity if relevant(m, cards)]
            if shown:
                tables.append((title, shown, cards, total))
    return tables


#: the light as a mark, so a table reads without color too
MARK = {Status.GREEN: "✓", Status.YELLOW: "~", Status.RED: "✗"}


def percent_mark(r: MetricResult) -> str:
    """``37% ✗``: the shown percent with its light's mark (the mark reads without colour);
    a dash where nothing is due."""
    shown = percent(r.shown)
    return f"{shown} {MARK[r.status]}" if r.status else shown


@dataclass(frozen=True)
class Cell:
    """One metric of a scorecard row, formatted: fact, plan to date and % with its mark."""

    fact: str
    plan_to_date: str
    percent: str  # "109% ✓"
    status: str  # green | yellow | red | none


def scorecard_cell(r: MetricResult, m: MetricInfo, lang: str) -> Cell:
    """The terminal's and the page's cell of one metric (money in whole roubles)."""
    fact = fact_text(r.fact, m, lang)
    if r.plan_to_date is None:
        return Cell(fact, "—", "—", "none")
    status = r.status.value if r.status else "none"
    return Cell(fact, fact_text(r.plan_to_date, m, lang), percent_mark(r), status)


def fact_text(v: float | None, m: MetricInfo, lang: str) -> str:
    """A figure of metric ``m`` as the tables show it (money in whole roubles); a dash for
    none."""
    return "—" if v is None else number(v, lang, m.unit == "money")


def chart_metric(report: Report) -> MetricInfo | None:
    """The metric the charts show (HTML and Excel): the first outcome with a plan."""
    return next(
        (
            m
            for m in report.metrics
            if m.group == "outcome" and report.team.metrics[m.id].plan is not None
        ),
        None,
    )


def column_label(report: Report, m: MetricInfo) -> str:
    """A metric's column title: ``Выручка, ₽`` for money, the label otherwise."""
    return m.label + (f", {currency_sign(report)}" if m.unit == "money" else "")


@dataclass(frozen=True)
class Promise:
    """A commitment that came due, in words."""

    manager: str
    metric: str
    deadline: str
    result: str  # "не выполнено (повторно)"
    status: str  # red | yellow | green: unmet, no answer, met


def promise_line(p: Promise) -> str:
    """``Алексей Смирнов · Выручка · 16 ноября 2026: не выполнено``."""
    return f"{p.manager} · {p.metric} · {p.deadline}: {p.result}"


def promises(report: Report) -> list[Promise]:
    """The stand-ups' commitments the report judged: repeats first (see commitments)."""
    lang = report.language
    labels = {m.id: m.label for m in report.metrics}
    out = []
    for j in report.commitments:
        e = j.entry
        result = t(f"agenda.result.{j.result}", lang)
        if j.repeat:
            result += f" ({t('agenda.repeat', lang)})"
        deadline = dates.day(e.deadline, lang) if e.deadline else t("agenda.no_deadline", lang)
        status = {"met": "green", "unmet": "red"}.get(j.result, "yellow")
        out.append(Promise(e.manager, labels.get(e.metric, e.metric), deadline, result, status))
    return out
