"""The flow every command shares: config → period → read exports → scorecard."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ropkit import commitment_file, funnel, regulations, training, trends
from ropkit.agenda import Agenda, build_agenda, last_workday
from ropkit.calendar import WorkCalendar, end_of_day
from ropkit.commitments import judge
from ropkit.config import Config, TrainingConfig, load_config
from ropkit.early import early_warnings
from ropkit.errors import ConfigError, StrictError, speaking
from ropkit.gap import split_gaps
from ropkit.i18n import Msg, Reason
from ropkit.metrics import MetricDef, compile_metrics, needed_columns
from ropkit.periods import Period, PeriodKind, resolve_period
from ropkit.quality import Quality, assess
from ropkit.regulations import Window
from ropkit.scorecard import Report, build_report, make_calendar, make_roster
from ropkit.sources.cache import ParseCache
from ropkit.sources.load import Dataset, FileProgress, load_dataset
from ropkit.sources.normalize import MAX_REJECTED


@dataclass(frozen=True)
class Run:
    config: Config
    dataset: Dataset
    report: Report

    @property
    def input_files(self) -> list[Path]:
        return [self.config.file, *(Path(f.path) for f in self.dataset.files)]


def run(
    config_path: Path,
    kind: PeriodKind,
    as_of: datetime,
    start: date | None = None,
    end: date | None = None,
    strict: bool = False,
    progress: FileProgress | None = None,
    max_rejected: float = MAX_REJECTED,
    evidence: bool = False,
    language: str | None = None,
    compare: str | None = None,
    trend: bool = False,
    cache: bool = True,
    loaded: Config | None = None,
) -> Run:
    """Load (unless the config is ``loaded`` already), read, compute. ``strict`` turns
    any rejected row into a :class:`StrictError`; above ``max_rejected`` of a table's rows
    rejected, the report says so at the top; ``evidence`` keeps the rows behind every
    figure in the report. The commitments from the stand-ups whose deadline has come are
    judged on this data. ``compare`` (prev | year) adds the earlier period aligned by
    working day, ``trend`` the attainment over the last periods of the kind (see trends)."""
    config = loaded if loaded is not None else load_config(config_path, language)
    with speaking(config.data.language):
        calendar, period, dataset, report = _scored(
            config, kind, as_of, start, end, progress, strict, max_rejected, evidence, cache
        )
        entries = commitment_file.read(commitment_file.path_of(config), config.metrics)
        if entries:

            def month_at(day: date) -> Report:
                at = resolve_period(PeriodKind.MONTH, end_of_day(day), calendar)
                return build_report(config, at, dataset)

            since = min(period.start, last_workday(as_of, calendar))
            judged = judge(entries, as_of, calendar, month_at, since)
            report = replace(report, commitments=judged)
        # why each manager behind on revenue is behind: a period's question, not a day's
        wins = funnel.won(config, dataset, period.start_at, period.fact_until)
        funnels = {m.name: funnel.funnel_of(config, m) for m in config.data.managers}
        gaps = split_gaps(report, funnels, wins, config.data.rates.min_deals)
        report = replace(report, gaps=gaps)
        # `warnings:` that fired: who has been sliding, and since when (see early)
        report = replace(report, early_warnings=early_warnings(config, report, dataset, calendar))
        # which way it is going: the earlier period (--compare) and the trend
        report = trends.which_way(config, report, dataset, compare, trend)
        window = Window(period.start_at, period.fact_until, as_of)
        return Run(config, dataset, _controls(config, report, dataset, window))


def daily(
    config_path: Path,
    as_of: datetime,
    strict: bool = False,
    progress: FileProgress | None = None,
    max_rejected: float = MAX_REJECTED,
    language: str | None = None,
    cache: bool = True,
) -> Run:
    """The morning check: the last working day's scorecard, and the regulations of that day
    (its leads, missed calls, task deadlines; open and large deals as they stand) judged as
    of ``as_of``."""
    config = load_config(config_path, language)
    with speaking(config.data.language):
        _configured(config)
        calendar = make_calendar(config)
        day = last_workday(as_of, calendar)
        period = resolve_period(PeriodKind.DAY, end_of_day(day), calendar)
        dataset = _read(config, progress, strict, cache=cache)
        report = build_report(config, period, dataset, max_rejected)
        window = day_window(day, as_of, calendar)
        return Run(config, dataset, _controls(config, report, dataset, window))


def day_window(day: date, as_of: datetime, calendar: WorkCalendar) -> Window:
    """What a working day's check judges: the cases whose time ran out that day, and the
    task deadlines of that day and of the days off before it (a Saturday's missed call and
    a Sunday deadline are Monday's), so every case is one day's and no day's is lost."""
    before = calendar.last_workdays(day - timedelta(days=1), 1)
    first = before[0] + timedelta(days=1) if before else day
    start, until = datetime.combine(first, time.min), datetime.combine(day, time.min)
    return Window(start, until + timedelta(days=1), as_of, by_deadline=True)


def training_of(
    config_path: Path, as_of: datetime, language: str | None = None
) -> tuple[Config, list[training.Training]]:
    """The training cadence on the as-of day: the config alone, no exports read."""
    config = load_config(config_path, language)
    settings = config.data.training or TrainingConfig()
    return config, training.schedule(config.data.managers, settings, as_of.date())


def plan(
    config_path: Path,
    kind: PeriodKind,
    as_of: datetime,
    start: date | None = None,
    end: date | None = None,
    strict: bool = False,
    progress: FileProgress | None = None,
    max_rejected: float = MAX_REJECTED,
    language: str | None = None,
    cache: bool = True,
) -> tuple[Run, funnel.PlanReport]:
    """``ropkit plan``: the period's scorecard, and each manager's way from the plan still
    open to the calls, meetings and proposals of each remaining working day (see funnel)."""
    config = load_config(config_path, language)
    with speaking(config.data.language):
        steps = [m for m in funnel.metrics_needed(config) if config.sources(m.table or "")]
        _, _, dataset, report = _scored(
            config, kind, as_of, start, end, progress, strict, max_rejected, cache=cache, also=steps
        )
        return Run(config, dataset, report), funnel.build_plan(config, report, dataset)


def split(
    config_path: Path, year: int, month: int, totals: list[str], language: str | None = None
) -> funnel.Split:
    """``ropkit plan --split``: the team's month plan per manager and week; the config
    alone, no exports read. ``totals``: ``revenue=25000000`` (else the config's plans)."""
    config = load_config(config_path, language)
    with speaking(config.data.language):
        given = funnel.parse_totals(totals, config) if totals else None
        return funnel.split_plan(config, year, month, make_calendar(config), given)


def _controls(config: Config, report: Report, dataset: Dataset, window: Window) -> Report:
    """The regulations checked for ``window`` and the training cadence on its as-of day."""
    found = regulations.check(config, dataset, window, make_calendar(config))
    people = config.data.managers
    cadence = (
        training.schedule(people, config.data.training or TrainingConfig(), window.as_of.date())
        if training.enabled(config.data.training, people)
        else []
    )
    return replace(
        report,
        regulations=replace(found, window=window),
        training=cadence,
        warnings=[*report.warnings, *found.notices],
    )


def stand_up(run: Run) -> Agenda:
    """The stand-up agenda of a month-to-date (or other period-to-date) ``run``: its report
    beside the last working day's."""
    config, report = run.config, run.report
    calendar = make_calendar(config)
    day = last_workday(report.period.as_of, calendar)
    yesterday = resolve_period(PeriodKind.DAY, end_of_day(day), calendar)
    with speaking(config.data.language):
        day_report = build_report(config, yesterday, run.dataset)
        # the stand-up asks about that day: its leads, calls and tasks, the deals as they are
        window = day_window(day, report.period.as_of, calendar)
        day_report = _controls(config, day_report, run.dataset, window)
    return build_agenda(config, report, day_report)


@dataclass(frozen=True)
class Check:
    config: Config
    dataset: Dataset
    quality: Quality


def check(
    config_path: Path,
    strict: bool = False,
    short_call_seconds: int = 10,
    progress: FileProgress | None = None,
    max_rejected: float = MAX_REJECTED,
    language: str | None = None,
    cache: bool = True,
) -> Check:
    """Read every configured source (not only those the metrics need) and assess it."""
    config = load_config(config_path, language)
    with speaking(config.data.language):
        _configured(config)
        dataset = _read(config, progress, strict, every_table=True, cache=cache)
        team = [m.name for m in config.data.managers]
        named = {k for source in config.sources("activities") for k in source.kinds.values()}
        quality = assess(dataset, team, short_call_seconds, max_rejected, named)
        return Check(config, dataset, quality)


def _scored(
    config: Config,
    kind: PeriodKind,
    as_of: datetime,
    start: date | None,
    end: date | None,
    progress: FileProgress | None,
    strict: bool,
    max_rejected: float,
    evidence: bool = False,
    cache: bool = True,
    also: Iterable[MetricDef] = (),
) -> tuple[WorkCalendar, Period, Dataset, Report]:
    """The period asked for, the exports it needs read, and its scorecard: what every
    command that reports on a period starts from."""
    _configured(config)
    calendar = make_calendar(config)
    period = _period(kind, as_of, calendar, start, end)
    dataset = _read(config, progress, strict, also=also, cache=cache)
    return calendar, period, dataset, build_report(config, period, dataset, max_rejected, evidence)


def _period(
    kind: PeriodKind, as_of: datetime, calendar: WorkCalendar, start: date | None, end: date | None
) -> Period:
    """The period asked for; ``--from``/``--to`` make it a custom one."""
    if start is not None or end is not None:
        kind = PeriodKind.CUSTOM
    return resolve_period(kind, as_of, calendar, start, end)


def _configured(config: Config) -> None:
    if not config.data.sources:
        raise ConfigError("error.no_sources", path=config.file)


def _read(
    config: Config,
    progress: FileProgress | None,
    strict: bool,
    every_table: bool = False,
    also: Iterable[MetricDef] = (),
    cache: bool = True,
) -> Dataset:
    """The exports the metrics need (``every_table``: every configured source, for check;
    ``also``: metrics beside the report's, such as the funnel's steps), through the parse
    cache unless ``cache`` is off (or ``ROPKIT_NO_CACHE`` is set)."""
    _, needed = compile_metrics(config)
    columns = needed_columns(needed.values())
    for m in also:  # optional: a step whose column the export has not got is simply unknown
        if m.table is not None and config.sources(m.table):
            columns.setdefault(m.table, {})
    for table in regulations.tables_needed(config.data.regulations):
        if config.sources(table):  # a rule without its export says so, later
            columns.setdefault(table, {})
    if every_table:
        for table in config.data.sources:
            columns.setdefault(table, {})
    store = ParseCache.from_environment() if cache else None
    dataset = load_dataset(config, make_roster(config), columns, progress, store)
    if strict:
        _strict(dataset)
    return dataset


def _strict(dataset: Dataset) -> None:
    """``--strict``: any rejected row is an error naming the first one."""
    for table, count in dataset.rows.items():
        if count.rejected:
            first = count.examples[0] if count.examples else None
            where: Msg | str = ""
            if first is not None:
                cell = (
                    Msg("strict.cell", column=first.column, value=first.value)
                    if first.column
                    else ""
                )
                where = Msg(
                    "strict.first",
                    file=first.file,
                    row=first.row,
                    cell=cell,
                    reason=Reason(first.reason),
                )
            raise StrictError(
                "error.strict", table=table, rejected=count.rejected, read=count.read, first=where
            )
