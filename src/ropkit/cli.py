"""The ``ropkit`` command. Thin: parse options, call the core, print, exit.

Heavy modules (pandas, pyarrow, the core) are imported inside the commands, so
``ropkit --help`` stays fast.
"""

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperGroup

from ropkit import __version__
from ropkit.errors import ERROR_WORD, ExitStatus, RopkitError, message_language, speaking
from ropkit.i18n import Msg, t

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID

    from ropkit.config import Config
    from ropkit.memo import Memo
    from ropkit.pipeline import Run
    from ropkit.scorecard import Report
    from ropkit.sources.load import FileProgress


class _Commands(TyperGroup):
    """ropkit's commands, whose command-line mistakes are one line in the user's language."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except NoArgsIsHelpError:
            raise  # plain `ropkit`: the help, as it is
        except UsageError as exc:
            raise _OneLine(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise _OneLine(exc) from None


class _OneLine(UsageError):
    """A usage error told in one line, with the hint, in the language of the messages."""

    def __init__(self, exc: UsageError) -> None:
        super().__init__(exc.format_message(), exc.ctx)
        self.text = usage_text(exc, message_language())

    def show(self, file: Any = None) -> None:
        typer.echo(self.text, err=True)


def usage_text(exc: UsageError, lang: str) -> str:
    """``Ошибка: нет такого параметра --bogus; справка: ropkit report --help``."""
    if isinstance(exc, NoSuchOption):
        what = t("usage.no_option", lang, option=exc.option_name)
        if exc.possibilities:
            what += t("usage.did_you_mean", lang, names=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, MissingParameter):
        what = t("usage.missing", lang, name=_param_name(exc))
    elif isinstance(exc, BadParameter):
        detail = exc.message.removeprefix("Value error, ").rstrip(".")
        choice = _CHOICE_RE.match(detail)
        if choice:
            detail = t("usage.choices", lang, value=choice[1], choices=choice[2])
        what = t("usage.bad_value", lang, name=_param_name(exc), detail=detail)
    elif isinstance(exc, BadOptionUsage) and "requires an argument" in exc.message:
        what = t("usage.needs_value", lang, option=exc.option_name)
    elif (unknown := _NO_COMMAND_RE.match(exc.message)) is not None:
        what = t("usage.no_command", lang, name=unknown[1])
    else:
        what = exc.format_message().rstrip(".")
    command = exc.ctx.command_path if exc.ctx is not None else "ropkit"
    help_hint = t("usage.help", lang, command=command)
    return f"{ERROR_WORD[lang]}: {what}; {help_hint}"


_CHOICE_RE = re.compile(r"^'(.*)' is not one of (.*)$")
_NO_COMMAND_RE = re.compile(r"^No such command '(.*)'")


def _param_name(exc: BadParameter) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    if exc.param is not None and exc.param.opts:
        return str(exc.param.opts[0])
    return "?"


app = typer.Typer(
    cls=_Commands,
    name="ropkit",
    help="Plan vs fact, activity norms and working-day pace for a head of sales, from CRM exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DEMO_DATE = "2026-11-25T16:00"  # the bundled demo data runs up to this moment


class Period(StrEnum):
    halfday = "halfday"
    day = "day"
    days3 = "3days"
    week = "week"
    month = "month"
    quarter = "quarter"
    half = "half"
    year = "year"


class Format(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    html = "html"


class Language(StrEnum):
    ru = "ru"
    en = "en"


LangOpt = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of the output and messages (default: the config's)."),
]


class OnlyIf(StrEnum):
    red = "red"


ConfigOpt = Annotated[
    Path, typer.Option("--config", "-c", help="The norms.yaml file.", show_default=True)
]
PeriodOpt = Annotated[Period, typer.Option("--period", "-p", help="The report period.")]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="As-of date YYYY-MM-DD (end of that day) or YYYY-MM-DDTHH:MM; default: now.",
    ),
]
FromOpt = Annotated[str | None, typer.Option("--from", help="Custom period start, YYYY-MM-DD.")]
ToOpt = Annotated[
    str | None, typer.Option("--to", help="Custom period end (inclusive), YYYY-MM-DD.")
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format (default: from the -o file's suffix)."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout (report.xlsx, report.html, report.json); "
        "with --per-manager, a folder: one file per manager.",
    ),
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="A folder of your own Jinja2 templates (base.html: logo, colors) for the HTML.",
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 if any input row is rejected.")]


class FailOn(StrEnum):
    rejected = "rejected"
    red = "red"
    warning = "warning"


MaxRejectedOpt = Annotated[
    float,
    typer.Option(
        "--max-rejected",
        min=0,
        max=100,
        help="Percent of a table's rows that may be rejected before the report says at the "
        "top that its figures are incomplete (and check's verdict turns red).",
    ),
]
FailOnOpt = Annotated[
    list[FailOn] | None,
    typer.Option(
        "--fail-on",
        help="Exit 3 (report made, but look) when a table has more rows rejected than "
        "--max-rejected (rejected), some metric is red (red), or an early warning of "
        "warnings: in the config fired (warning). Repeat for several.",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every export anew: neither use nor fill the parse cache (as does "
        "ROPKIT_NO_CACHE=1; see ropkit cache).",
    ),
]
TopOpt = Annotated[int | None, typer.Option("--top", min=1, help="Show only the first N managers.")]
SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort",
        help="Order managers by attainment (worst first), name, or a metric id (best first).",
    ),
]


class Compare(StrEnum):
    prev = "prev"
    year = "year"
    none = "none"


CompareOpt = Annotated[
    Compare | None,
    typer.Option(
        "--compare",
        help="Each figure against the previous period of the same kind (prev) or the same "
        "period a year earlier (year), as of the same working day: the change in % and an "
        "arrow; none: no comparison.",
    ),
]
TrendOpt = Annotated[
    bool,
    typer.Option(
        "--trend/--no-trend",
        help="The attainment of the main metric over the last 8 periods of the kind "
        "(a sparkline; a line in HTML). Each earlier period is one more scorecard to compute.",
    ),
]


@contextmanager
def _errors(lang_option: Language | None = None) -> Iterator[None]:
    """Turn the user-fixable errors into one line on stderr and exit 1 (in --lang's language
    when given)."""
    try:
        yield
    except RopkitError as exc:
        lang = lang_option.value if lang_option else message_language(exc.lang)
        typer.echo(f"{ERROR_WORD[lang]}: {exc.text(lang)}", err=True)
        raise typer.Exit(ExitStatus.ERROR) from None
    finally:
        from ropkit.sources.cache import settle

        settle()  # the parse cache's entries still being written


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ropkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """ropkit: who is behind plan, on which metric, by how much — before the stand-up."""


_DAY_FORMS = Msg("fix.date")
_AS_OF_FORMS = Msg("fix.date_or_time")


def _parse_day(text: str, option: str, forms: Msg = _DAY_FORMS) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _not_a_date(option, text, forms) from None
    return _in_range(day, option, text)


def _not_a_date(option: str, text: str, forms: Msg) -> RopkitError:
    return RopkitError("error.not_a_date", option=option, text=text, fix=forms)


def _in_range(day: date, option: str, text: str) -> date:
    """Years a production calendar can speak of; 9999-12-31 would overflow the period end."""
    if not 1990 <= day.year <= 2100:
        raise RopkitError("error.date_out_of_range", option=option, text=text)
    return day


def _parse_as_of(text: str | None) -> datetime:
    from ropkit.calendar import end_of_day

    if text is None:
        return datetime.now().replace(microsecond=0)
    if len(text) <= 10:
        return end_of_day(_parse_day(text, "--date", _AS_OF_FORMS))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _not_a_date("--date", text, _AS_OF_FORMS) from None
    if moment.tzinfo is not None:  # the exports hold local times without a zone
        raise RopkitError("error.date_has_zone", text=text)
    _in_range(moment.date(), "--date", text)
    return moment


def _run(
    config: Path,
    period: Period,
    when: str | datetime | None,
    start: str | None,
    end: str | None,
    strict: bool,
    bar: bool = False,
    max_rejected: float = 5.0,
    details: bool = False,
    lang: Language | None = None,
    compare: Compare | None = None,
    trend: bool = False,
    cache: bool = True,
    loaded: "Config | None" = None,
) -> "Run":
    from ropkit.periods import PeriodKind
    from ropkit.pipeline import run

    with _progress(bar) as progress:
        return run(
            config,
            PeriodKind(period.value),
            when if isinstance(when, datetime) else _parse_as_of(when),
            _parse_day(start, "--from") if start else None,
            _parse_day(end, "--to") if end else None,
            strict,
            progress,
            max_rejected / 100,
            details,
            lang.value if lang else None,
            compare=compare.value if compare and compare is not Compare.none else None,
            trend=trend,
            cache=cache,
            loaded=loaded,
        )


def _exit_for(found: dict[FailOn, bool], fail_on: list[FailOn] | None) -> None:
    """Exit 3 when something --fail-on names was found (the report is out already)."""
    if any(found.get(f, False) for f in fail_on or []):
        raise typer.Exit(ExitStatus.LOOK)


_BAR_FROM_BYTES = 8 * 1024 * 1024  # smaller files are read before a bar could be seen


@contextmanager
def _progress(enabled: bool) -> "Iterator[FileProgress | None]":
    """A progress bar on stderr while big files are read; only for a person at a terminal."""
    if not (enabled and sys.stderr.isatty() and sys.stdout.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(name: str, done: int, total: int) -> None:
        if total < _BAR_FROM_BYTES:
            return
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.update(tasks[name], completed=done)

    with bar:
        yield update


def _show(
    result: "Run", report: "Report", fmt: str, output: Path | None, templates: Path | None = None
) -> bytes | None:
    """The report on the terminal, or rendered in ``fmt`` to ``output`` (stdout without
    one); what was written, when it was not the terminal."""
    from ropkit.publish import rendered

    if fmt != "table" or output is not None:
        text = rendered(report, fmt, templates)
        payload = text if isinstance(text, bytes) else text.encode("utf-8")
        _write(payload, fmt, output, result.input_files)
        return payload
    from ropkit.render import terminal

    terminal.render(report, _console())
    return None


def _write(payload: bytes, fmt: str, output: Path | None, inputs: list[Path]) -> None:
    from ropkit.output import write_output

    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise RopkitError("error.xlsx_to_terminal")
    write_output(payload, output, inputs)


def _console() -> "Console":
    """The terminal: colors at a TTY; plain text (no bold or dim either) in a pipe or with
    NO_COLOR."""
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    return Console(
        highlight=False,
        width=None if sys.stdout.isatty() else _plain_width(),
        color_system=None if plain else "auto",
    )


def _plain_width() -> int:
    try:
        return int(os.environ.get("COLUMNS", "160"))
    except ValueError:
        return 160


@app.command()
def report(
    config: ConfigOpt = Path("norms.yaml"),
    period: PeriodOpt = Period.month,
    when: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    strict: StrictOpt = False,
    max_rejected: MaxRejectedOpt = 5.0,
    fail_on: FailOnOpt = None,
    top: TopOpt = None,
    sort: SortOpt = None,
    compare: CompareOpt = None,
    trend: TrendOpt = True,
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
    mail_to: Annotated[
        str | None,
        typer.Option(
            "--mail-to",
            help="E-mail the report (HTML body, text part, Excel attached) to these "
            "addresses, comma-separated; SMTP from mail: in the config or ROPKIT_SMTP_*.",
        ),
    ] = None,
    per_manager: Annotated[
        bool,
        typer.Option(
            "--per-manager",
            help="Each manager's own report (their rows, the team total, no one else's "
            "names): mailed to managers[].email, and with -o DIR one file each.",
        ),
    ] = False,
    only_if: Annotated[
        OnlyIf | None,
        typer.Option("--only-if", help="red: send mail only to / about those who are red."),
    ] = None,
) -> None:
    """Plan vs fact per manager and for the team, with a traffic light per metric.

    Exit codes: 0 done, 1 bad input (or mail not sent; the -o file is still written),
    2 bad command line, 3 report made but --fail-on found what it looks for.

    Example: ropkit report -c norms.yaml --period week --compare prev -o week.html
    """
    with _errors(lang):
        from ropkit import publish

        kind = publish.format_for(fmt.value, None if per_manager else output)
        recipients = publish.split_addresses(mail_to)
        mailing = bool(recipients) or per_manager
        details = kind in publish.DETAILED or mailing
        bar = kind == "table" and output is None
        as_of = _parse_as_of(when)
        memo: Memo | None = None
        loaded: Config | None = None
        if not (no_cache or mailing or (kind == "table" and output is None)):
            # the same output of the same inputs: written again as it was (see ropkit.memo)
            shaping = _shaping(period, as_of, start, end, kind, strict, max_rejected)
            shaping |= {"top": top, "sort": sort, "compare": compare, "trend": trend}
            loaded, memo = _memo(config, lang, "report", shaping, templates)
            notes = _replay(memo, kind, output)
            if notes is not None:
                _exit_for({f: bool(notes.get(f.value)) for f in FailOn}, fail_on)
                return
        from ropkit.scorecard import arrange

        result = _run(
            config,
            period,
            as_of,
            start,
            end,
            strict,
            bar,
            max_rejected,
            details,
            lang,
            compare,
            trend,
            cache=not no_cache,
            loaded=loaded,
        )
        written = None
        with speaking(result.report.language):
            shown = arrange(result.report, sort, top)
            if per_manager and output is not None:
                folder_kind = kind if kind != "table" else "html"
                # every manager's own file, whatever --top shows on the screen
                for path in publish.per_manager_files(
                    result.report, folder_kind, output, result.input_files, templates
                ):
                    typer.echo(str(path), err=True)
            elif not (mailing and output is None and fmt is Format.table):
                written = _show(result, shown, kind, output, templates)
            if mailing:
                # the mail is about the whole team (its subject counts the red), not the --top
                box = publish.outbox(
                    result.config,
                    result.report,
                    recipients,
                    per_manager,
                    only_if is OnlyIf.red,
                    templates,
                )
                for note in box.notes:
                    typer.echo(note, err=True)
                publish.send(box)
                if box.messages:
                    sent = ", ".join(str(m["To"]) for m in box.messages)
                    said = result.report.language
                    typer.echo(t("mail.sent", said, n=len(box.messages), to=sent), err=True)
    found = {
        FailOn.rejected: bool(result.report.too_many_rejected),
        FailOn.red: result.report.any_red,
        FailOn.warning: bool(result.report.early_warnings),
    }
    if memo is not None and written is not None:
        memo.keep(written, {f.value: v for f, v in found.items()})
    _exit_for(found, fail_on)


def _shaping(
    period: Period,
    as_of: datetime,
    start: str | None,
    end: str | None,
    kind: str,
    strict: bool,
    max_rejected: float,
) -> dict[str, object]:
    """The options every command that computes a period shares, as its memo's key sees them."""
    return {
        "period": period,
        "as_of": as_of,
        "from": start,
        "to": end,
        "format": kind,
        "strict": strict,
        "max_rejected": max_rejected,
    }


def _replay(memo: "Memo | None", kind: str, output: Path | None) -> dict[str, Any] | None:
    """Write what the memo kept for this command, if anything: its notes (what --fail-on
    looks at); None when the output has to be made."""
    hit = memo.recall() if memo is not None else None
    if memo is None or hit is None:
        return None
    payload, notes = hit
    _write(payload, kind, output, memo.inputs)
    return notes


def _memo(
    config: Path,
    lang: Language | None,
    command: str,
    options: dict[str, object],
    templates: Path | None,
) -> "tuple[Config, Memo | None]":
    """The config, and the memo of ``command`` with the ``options`` that shape its output
    (the config's language and a --templates folder added)."""
    from ropkit import commitment_file
    from ropkit.config import load_config
    from ropkit.memo import folder_files, memo_for
    from ropkit.sources.cache import ParseCache

    loaded = load_config(config, lang.value if lang else None)
    shaping = {name: _plain(value) for name, value in options.items()}
    shaping |= {"lang": loaded.data.language, "templates": _plain(templates)}
    inputs = [commitment_file.path_of(loaded), *folder_files(templates)]
    return loaded, memo_for(ParseCache.from_environment(), loaded, command, shaping, inputs)


def _plain(value: object) -> object:
    """An option's value as JSON: a moment in ISO, an enum by its value, a path as text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Path):
        return str(value.resolve())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class AgendaFormat(StrEnum):
    markdown = "markdown"
    text = "text"
    json = "json"
    html = "html"


@app.command()
def agenda(
    config: ConfigOpt = Path("norms.yaml"),
    period: PeriodOpt = Period.month,
    when: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: Annotated[
        AgendaFormat,
        typer.Option(
            "--format",
            "-f",
            help="markdown (default), text (to paste into a chat), json, or html "
            "(default: from the -o file's suffix).",
        ),
    ] = AgendaFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (agenda.md, .txt, .json, .html)."),
    ] = None,
    strict: StrictOpt = False,
    max_rejected: MaxRejectedOpt = 5.0,
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
    write_commitments: Annotated[
        bool,
        typer.Option(
            "--write-commitments",
            help="Add the one-on-one items to the commitments file (commitments.yaml next "
            "to the config, or commitments: in it) for the head to fill in.",
        ),
    ] = False,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Post each manager's question with their figures to the chat (chat: in the "
            "config; ROPKIT_BITRIX_WEBHOOK or ROPKIT_TELEGRAM_TOKEN in the environment).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --send: print what would be sent, send nothing.")
    ] = False,
) -> None:
    """The 5-minute stand-up: what concerns everyone, each one-on-one with its question, and
    the commitments that came due (met / not met / no answer).

    The last working day beside the month (or --period) to date. Exit codes: 0 done,
    1 bad input or some chat messages not sent (the others are).

    Example: ropkit agenda -c norms.yaml --write-commitments --send
    """
    with _errors(lang):
        from ropkit import commitment_file, publish
        from ropkit.output import write_output
        from ropkit.pipeline import stand_up

        kind = publish.format_for(fmt.value, output, "markdown", publish.AGENDA_SUFFIXES)
        as_of = _parse_as_of(when)
        memo: Memo | None = None
        loaded: Config | None = None
        if not (no_cache or send or write_commitments):
            # the same agenda of the same inputs: written again as it was (see ropkit.memo)
            shaping = _shaping(period, as_of, start, end, kind, strict, max_rejected)
            loaded, memo = _memo(config, lang, "agenda", shaping, templates)
            if _replay(memo, kind, output) is not None:
                return
        result = _run(
            config,
            period,
            as_of,
            start,
            end,
            strict,
            False,
            max_rejected,
            False,
            lang,
            cache=not no_cache,
            loaded=loaded,
        )
        said = result.report.language
        with speaking(said):
            plan = stand_up(result)
            if send:
                posts, notes = publish.chat_posts(result.config, plan)
            target = commitment_file.path_of(result.config)
            text = publish.agenda_rendered(plan, kind, templates)
            write_output(text, output, [*result.input_files, target])
            if memo is not None:
                memo.keep(text.encode("utf-8"), {})
            if write_commitments:
                entries = publish.commitment_entries(plan)
                added = commitment_file.append(target, entries, said, plan.as_of)
                key = "agenda.written" if added else "agenda.nothing_written"
                typer.echo(t(key, said, path=target, n=added), err=True)
            if not send:
                return
            for note in notes:
                typer.echo(note, err=True)
            if dry_run:
                publish.chat_settings(result.config)  # what the real send would need
                for p in posts:
                    typer.echo(t("chat.would_send", said, to=f"{p.manager} ({p.to})"), err=True)
                    typer.echo(p.text + "\n", err=True)
                return
            failed = publish.post_all(result.config, posts)
            for p, exc in failed:
                typer.echo(t("chat.failed", said, name=p.manager, reason=exc.text(said)), err=True)
            typer.echo(t("chat.sent", said, n=len(posts) - len(failed)), err=True)
            if failed:
                raise RopkitError("error.chat_failed", n=len(failed))


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


TableOrJsonOpt = Annotated[
    TableOrJson, typer.Option("--format", "-f", help="table (default) or json.")
]


@app.command()
def daily(
    config: ConfigOpt = Path("norms.yaml"),
    when: DateOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (daily.json).")
    ] = None,
    strict: StrictOpt = False,
    max_rejected: MaxRejectedOpt = 5.0,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """The morning check: the last working day's line per manager with its light, that
    day's overdue tasks and regulation violations, and the large deals, worst first.

    Regulations are set in regulations: of the config. Example: ropkit daily -c norms.yaml
    """
    with _errors(lang):
        from ropkit.pipeline import daily as run_daily

        language = lang.value if lang else None
        with _progress(fmt is TableOrJson.table and output is None) as progress:
            result = run_daily(
                config,
                _parse_as_of(when),
                strict,
                progress,
                max_rejected / 100,
                language,
                cache=not no_cache,
            )
        report = result.report
        with speaking(report.language):
            if fmt is TableOrJson.json or output is not None:
                import json

                from ropkit.output import write_output
                from ropkit.render import jsonout

                text = json.dumps(jsonout.daily(report), ensure_ascii=False, indent=2) + "\n"
                write_output(text, output, result.input_files)
                return
            console = _console()
            from rich.text import Text

            from ropkit.render.text import daily_line

            console.print(Text(daily_line(report), style="bold"))
            from ropkit.render import terminal

            terminal.render(report, console)


@app.command()
def training(
    config: ConfigOpt = Path("norms.yaml"),
    when: DateOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    lang: LangOpt = None,
) -> None:
    """Each manager's training: tenure, last training, next due date, status (ok, due within
    a week, overdue). New managers (under training.new.months) are trained every
    training.new.every months, the others every training.others.every.

    Example: ropkit training -c norms.yaml
    """
    with _errors(lang):
        from ropkit.pipeline import training_of

        cfg, items = training_of(config, _parse_as_of(when), lang.value if lang else None)
        said = cfg.data.language
        if fmt is TableOrJson.json:
            import json

            from ropkit.render import jsonout

            rows = [jsonout.training(x) for x in items]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        from ropkit.render import controls, terminal

        block = controls.training_block(items, said, everyone=True)
        if block is not None:
            terminal.show_block(block, _console())


@app.command()
def plan(
    config: ConfigOpt = Path("norms.yaml"),
    period: PeriodOpt = Period.month,
    when: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (plan.json; with --split, split.yaml)."
        ),
    ] = None,
    strict: StrictOpt = False,
    max_rejected: MaxRejectedOpt = 5.0,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
    split: Annotated[
        bool,
        typer.Option(
            "--split",
            help="Spread the team's monthly plan over the managers (managers[].weight, or "
            "equally) and the weeks by working days, as YAML to paste into norms.yaml.",
        ),
    ] = False,
    month: Annotated[
        str | None,
        typer.Option("--month", help="With --split: the month, YYYY-MM (default: --date's)."),
    ] = None,
    total: Annotated[
        list[str] | None,
        typer.Option(
            "--total",
            help="With --split: the team's total for the month, metric=number (repeat for "
            "each metric); default: the managers' plans for that month, summed.",
        ),
    ] = None,
) -> None:
    """From the plan to today's activity: per manager, the plan still open to the period end
    -> deals (at their average deal) -> proposals, meetings, calls (at their conversion over
    rates.days) -> per remaining working day, beside the norm.

    Example: ropkit plan -c norms.yaml; ropkit plan -c norms.yaml --split --month 2026-12
    """
    with _errors(lang):
        import json

        from ropkit.output import write_output
        from ropkit.render import plan as shown

        language = lang.value if lang else None
        as_of = _parse_as_of(when)
        if split:
            from ropkit.pipeline import split as run_split

            year, mon = _parse_month(month) if month else (as_of.year, as_of.month)
            parts = run_split(config, year, mon, total or [], language)
            with speaking(parts.language):
                if fmt is TableOrJson.json:
                    text = json.dumps(shown.split_dict(parts), ensure_ascii=False, indent=2)
                    write_output(text + "\n", output, [config])
                else:
                    write_output(shown.split_yaml(parts), output, [config])
            return
        from ropkit.periods import PeriodKind
        from ropkit.pipeline import plan as run_plan

        with _progress(fmt is TableOrJson.table and output is None) as progress:
            result, found = run_plan(
                config,
                PeriodKind(period.value),
                as_of,
                _parse_day(start, "--from") if start else None,
                _parse_day(end, "--to") if end else None,
                strict,
                progress,
                max_rejected / 100,
                language,
                cache=not no_cache,
            )
        with speaking(found.language):
            if fmt is TableOrJson.json or output is not None:
                text = json.dumps(shown.to_dict(found), ensure_ascii=False, indent=2) + "\n"
                write_output(text, output, result.input_files)
                return
            shown.render(found, _console())


def _parse_month(text: str) -> tuple[int, int]:
    """``--month 2026-12`` -> (2026, 12)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if m is None or not 1 <= int(m[2]) <= 12:
        raise RopkitError("error.bad_month", text=text)
    _in_range(date(int(m[1]), int(m[2]), 1), "--month", text)
    return int(m[1]), int(m[2])


@app.command()
def check(
    config: ConfigOpt = Path("norms.yaml"),
    strict: StrictOpt = False,
    short_call: Annotated[
        int, typer.Option("--short-call", help="Calls shorter than this many seconds are flagged.")
    ] = 10,
    max_rejected: MaxRejectedOpt = 5.0,
    fail_on: FailOnOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every value of each finding, not the top 20.")
    ] = False,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """How each export was read (format, CRM, columns), every row accounted for, data quality,
    and a verdict: may the figures be trusted.

    Example: ropkit check -c norms.yaml --fail-on rejected
    """
    with _errors(lang):
        from ropkit.pipeline import check as run_check
        from ropkit.render import check as check_text

        with _progress(True) as progress:
            language = lang.value if lang else None
            result = run_check(
                config,
                strict,
                short_call,
                progress,
                max_rejected / 100,
                language,
                cache=not no_cache,
            )
        said = result.config.data.language
        typer.echo(check_text.render(result.dataset, result.quality, said, show_all), nl=False)
    found = {FailOn.rejected: bool(result.quality.over_rejected)}  # check computes no figures
    _exit_for(found, fail_on)


@app.command()
def demo(
    period: PeriodOpt = Period.month,
    when: DateOpt = None,
    fmt: FormatOpt = Format.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="A folder: the demo's report as HTML and Excel is written there too "
            "(or a file: the report in that format).",
        ),
    ] = None,
    lang: LangOpt = None,
    compare: CompareOpt = Compare.prev,
    trend: TrendOpt = True,
    no_cache: NoCacheOpt = False,
) -> None:
    """The whole flow on sample exports that ship with ropkit (works offline): the report,
    then the stand-up agenda it leads to.

    The demo data runs up to 25.11.2026 16:00, which is the default --date; it begins on
    1.09.2026, so it compares with the month before (--compare prev) but has no year before.

    Example: ropkit demo --period week -o demo/
    """
    from importlib import resources  # (here: 15-25 ms that --help need not spend)

    with _errors(lang), resources.as_file(resources.files("ropkit") / "demo" / "norms.yaml") as cfg:
        from ropkit import publish
        from ropkit.output import write_output

        # a folder (existing, or a new name without a suffix); a file or a device otherwise
        folder = output is not None and (
            output.is_dir() or (not output.exists() and not output.suffix)
        )
        kind = publish.format_for(fmt.value, None if folder else output)
        details = folder or kind in publish.DETAILED
        from ropkit.pipeline import stand_up

        result = _run(
            cfg,
            period,
            when or DEMO_DATE,
            None,
            None,
            False,
            details=details,
            lang=lang,
            compare=compare,
            trend=trend,
            cache=not no_cache,
        )
        if output is None or not folder:
            _show(result, result.report, kind, output)
            if output is None and kind == "table":  # the stand-up the figures lead to
                typer.echo("\n" + publish.agenda_rendered(stand_up(result), "text"), nl=False)
                _demo_plan(cfg, period, when or DEMO_DATE, lang, not no_cache)
            return
        _show(result, result.report, kind, None)
        plan = stand_up(result)
        for name, what in (("ropkit-demo.html", "html"), ("ropkit-demo.xlsx", "xlsx")):
            target = output / name
            write_output(publish.rendered(result.report, what), target)
            typer.echo(t("demo.written", result.report.language, path=target), err=True)
        for name, what in (
            ("ropkit-demo-agenda.md", "markdown"),
            ("ropkit-demo-agenda.html", "html"),
        ):
            target = output / name
            write_output(publish.agenda_rendered(plan, what), target)
            typer.echo(t("demo.written", result.report.language, path=target), err=True)


def _demo_plan(
    config: Path, period: Period, when: str, lang: Language | None, cache: bool = True
) -> None:
    """The demo's last screen: what the open plan needs of each manager a day."""
    from ropkit.periods import PeriodKind
    from ropkit.pipeline import plan as run_plan
    from ropkit.render import plan as shown

    language = lang.value if lang else None
    _, found = run_plan(
        config, PeriodKind(period.value), _parse_as_of(when), language=language, cache=cache
    )
    with speaking(found.language):
        typer.echo("")
        shown.render(found, _console())


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to write norms.yaml.")] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing norms.yaml.")
    ] = False,
) -> None:
    """Write a starter norms.yaml, every key explained in comments.

    Example: ropkit init ./sales
    """
    with _errors():
        from importlib import resources

        from ropkit.output import write_output

        target = directory / "norms.yaml"
        if target.exists() and not force:
            raise RopkitError("error.config_exists", path=target)
        text = (resources.files("ropkit") / "data" / "norms.example.yaml").read_text("utf-8")
        write_output(text, target)
        typer.echo(
            f"Wrote {target}. Point sources: at your CRM exports, then run: "
            f"ropkit report -c {target}"
        )


cache_app = typer.Typer(
    cls=_Commands,
    name="cache",
    help="The parse cache: each export as read, so that a second run on the same files skips "
    "the reading. It lives in the user's cache folder (ROPKIT_CACHE_DIR to move it) and is "
    "kept under ROPKIT_CACHE_MAX_MB (2048 by default).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(cache_app)


@cache_app.command("clear")
def cache_clear(lang: LangOpt = None) -> None:
    """Remove every entry of the parse cache; the next run reads every export anew.

    Example: ropkit cache clear
    """
    from ropkit.sources.cache import ParseCache, cache_folder

    store = ParseCache(cache_folder())
    n, freed = store.clear()
    said = lang.value if lang else message_language()
    typer.echo(t("cache.cleared", said, folder=store.folder, n=n, mb=_mb(freed)))


@cache_app.command("info")
def cache_info(lang: LangOpt = None) -> None:
    """Where the parse cache is, how many entries it holds and their size.

    Example: ropkit cache info
    """
    from ropkit.sources.cache import ParseCache, cache_folder

    store = ParseCache.from_environment() or ParseCache(cache_folder())
    said = lang.value if lang else message_language()
    limit = _mb(store.max_bytes)
    n, size = len(store.entries()), store.size()
    typer.echo(t("cache.info", said, folder=store.folder, n=n, mb=_mb(size), limit=limit))


def _mb(size: int) -> str:
    return f"{size / (1 << 20):.1f}"


def main() -> None:
    """Console-script entry point."""
    app(prog_name="ropkit")
