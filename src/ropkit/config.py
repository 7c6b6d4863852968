"""norms.yaml: loaded safely, validated into typed models, errors that name file, line and key.

Nothing downstream sees a raw dict: :func:`load_config` returns a :class:`Config` whose
metrics are the built-ins merged with the file's own, and whose cross-references (a plan
for a metric that does not exist, a manager mode with no norms…) have been checked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from ropkit.errors import ConfigError
from ropkit.i18n import Foreign, Listing, Msg, Said, t
from ropkit.managers import name_key
from ropkit.metric_catalog import BUILTIN_METRICS
from ropkit.schema import TABLES, ColumnType

Scalar = str | int | float | bool
#: a plan or norm: a finite number, not below zero
Target = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Loc = tuple[str | int, ...]
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_COMPARISON_RE = re.compile(r"^\s*(>=|<=|!=|>|<|=)\s*-?\d+(?:[.,]\d+)?\s*$")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class _Invalid(ValueError):
    """A validator's complaint: a catalog key and its named values (``str()`` is the English,
    which pydantic keeps); with ``key`` set, the message points at that key of the mapping
    being validated rather than at the mapping."""

    def __init__(self, code: str, /, key: str | None = None, **params: object) -> None:
        self.msg = Msg(code, **params)
        super().__init__(self.msg.text("en"))
        self.key = key


def _parse_time(text: str) -> time:
    m = _TIME_RE.match(text.strip())
    if not m:
        raise _Invalid("config.not_a_time", text=text)
    return time(int(m.group(1)), int(m.group(2)))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class CalendarConfig(_Model):
    country: str | None = "RU"
    holidays: list[date] = []
    workdays: list[date] = []
    hours: str = "09:00-18:00"
    halfday: str = "13:00"

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if not v:
            return v
        import holidays
        from holidays.registry import COUNTRIES

        if any(v in names for names in COUNTRIES.values()):
            return v  # a code or name the calendar will find (0.1 s less than building it)
        try:
            holidays.country_holidays(v)  # as the calendar will; imports that country only
        except (NotImplementedError, AttributeError, TypeError):
            known = holidays.list_supported_countries()
            hint = (
                Msg("fix.did_you_mean", word=v.upper())
                if v.upper() in known
                else Msg("fix.country_example")
            )
            raise _Invalid("config.unknown_country", code=v, hint=hint) from None
        return v

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        parts = v.split("-")
        if len(parts) != 2:
            raise _Invalid("config.not_hours", text=v)
        start, end = (_parse_time(p) for p in parts)
        if end <= start:
            raise _Invalid("config.day_reversed", hours=v)
        return v

    @field_validator("halfday")
    @classmethod
    def _halfday(cls, v: str) -> str:
        _parse_time(v)
        return v

    @property
    def day_start(self) -> time:
        return _parse_time(self.hours.split("-")[0])

    @property
    def day_end(self) -> time:
        return _parse_time(self.hours.split("-")[1])

    @property
    def halfday_time(self) -> time:
        return _parse_time(self.halfday)


class StatusConfig(_Model):
    green: float = Field(1.0, gt=0)
    yellow: float = Field(0.9, gt=0)

    @model_validator(mode="after")
    def _order(self) -> StatusConfig:
        if self.yellow > self.green:
            raise _Invalid("config.yellow_above_green", yellow=self.yellow, green=self.green)
        return self


class SourceConfig(_Model):
    path: str | Annotated[list[str], Field(min_length=1)]
    # bitrix24 (the CRM: its preset for this table, detected among its own), bitrix24.deals,
    # amocrm, …, generic; default: detected from the headers
    preset: str | None = None
    # canonical -> header (a list: the first non-empty of them)
    columns: dict[str, str | Annotated[list[str], Field(min_length=1)]] = {}
    set: dict[str, Scalar] = {}
    won: list[str] | None = None
    lost: list[str] | None = None
    kinds: dict[str, str] = {}  # value in the file -> canonical activity kind
    encoding: str | None = None
    delimiter: str | None = Field(None, min_length=1, max_length=1)
    # how the dates are written where the file leaves it ambiguous (05-11-17): one strftime
    # pattern for every date column, or column -> pattern
    date_format: str | dict[str, str] | None = None

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, v: str | dict[str, str] | None) -> str | dict[str, str] | None:
        for key, pattern in v.items() if isinstance(v, dict) else [(None, v)]:
            if pattern is not None and "%" not in pattern:
                raise _Invalid("config.not_a_date_pattern", key=key, pattern=pattern)
        return v

    def date_pattern(self, column: str) -> str | None:
        """The date pattern set for ``column`` (None: dates are recognised as they come)."""
        if isinstance(self.date_format, dict):
            return self.date_format.get(column)
        return self.date_format

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            "Ж".encode(v, errors="replace")  # text encodings only (not base64, rot13…)
        except LookupError:
            raise _Invalid("config.not_an_encoding", encoding=v) from None
        return v

    @property
    def paths(self) -> list[str]:
        return [self.path] if isinstance(self.path, str) else list(self.path)


class MetricConfig(_Model):
    from_: Literal["deals", "activities", "leads", "tasks"] | None = Field(None, alias="from")
    where: dict[str, Scalar | list[Scalar]] = {}
    date: str | None = None
    sum: str | None = None
    count: bool = False
    new: str | None = None
    ratio: tuple[str, str] | None = None
    label: str | None = None
    label_en: str | None = None
    unit: Literal["money", "count", "number"] | None = None
    lower_is_better: bool = False

    @model_validator(mode="after")
    def _one_aggregation(self) -> MetricConfig:
        chosen = [k for k in ("sum", "count", "new", "ratio") if getattr(self, k)]
        if len(chosen) != 1:
            found = (
                Msg("config.aggregations_found", chosen=Listing(chosen))
                if chosen
                else Msg("config.no_aggregation")
            )
            raise _Invalid("config.one_aggregation", found=found)
        if self.ratio is None and self.from_ is None:
            raise _Invalid("config.metric_needs_from")
        return self


class Absence(_Model):
    from_: date = Field(alias="from")
    to: date
    reason: str | None = None

    @model_validator(mode="after")
    def _order(self) -> Absence:
        if self.to < self.from_:
            raise _Invalid("config.absence_reversed", end=self.to, start=self.from_)
        return self


class ManagerConfig(_Model):
    name: str = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not name_key(v):
            raise _Invalid("config.not_a_name", name=v)
        return v.strip()

    aliases: list[str] = []
    # the ids exports write for this person (Bitrix24 REST ASSIGNED_BY_ID, a dialer's agent_id)
    ids: list[str | int] = []
    email: str | None = None  # where `report --per-manager` sends this manager's own report
    bitrix_id: str | int | None = None  # `agenda --send` via a Bitrix24 webhook: their user id
    telegram: str | int | None = None  # `agenda --send` via a Telegram bot: their chat id
    hired: date | None = None  # a manager hired less than a month ago gets no stand-up question
    weight: float | None = Field(None, gt=0)  # `plan --split`: their share of the team's plan
    trained: list[date] = []  # the trainings attended (the training cadence)
    mode: str | None = None
    plan: dict[str, Target] = {}
    months: dict[str, dict[str, Target]] = {}
    norms: dict[str, Target] = {}
    absences: list[Absence] = []

    @field_validator("months")
    @classmethod
    def _months(cls, v: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        return _check_months(v)


def _check_months(v: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    for key in v:
        if not _MONTH_RE.match(str(key)):
            raise _Invalid("config.bad_month", key=str(key), month=key)
    return v


class MailConfig(_Model):
    """Where cron's mail goes out: every key can be overridden by the environment
    (ROPKIT_SMTP_HOST, ROPKIT_SMTP_PORT, ROPKIT_SMTP_USER, ROPKIT_MAIL_FROM,
    ROPKIT_SMTP_SECURITY); the password comes only from ROPKIT_SMTP_PASSWORD."""

    host: str | None = None
    port: int | None = Field(None, ge=1, le=65535)
    user: str | None = None
    from_: str | None = Field(None, alias="from")
    security: Literal["starttls", "ssl", "none"] | None = None


class ChatConfig(_Model):
    """Where `agenda --send` posts the questions; the webhook URL and the bot token come
    only from the environment (ROPKIT_BITRIX_WEBHOOK, ROPKIT_TELEGRAM_TOKEN)."""

    via: Literal["bitrix24", "telegram"] | None = None
    group: str | int | None = None  # one group chat for all (Bitrix24 chat42, a Telegram id)


class _Rule(_Model):
    max: int = Field(0, ge=0)  # violations a manager may have in the period and stay green


class LeadReaction(_Rule):
    minutes: float = Field(30, gt=0)  # working minutes from a lead to its first contact


class MissedCalls(_Rule):
    hours: float = Field(2, gt=0)  # working hours to call back a missed call


class StaleDeals(_Rule):
    days: int = Field(7, ge=1)  # calendar days an open deal may go without an activity


class OverdueTasks(_Rule):
    pass


class LargeDeals(_Rule):
    amount: float = Field(1_000_000, gt=0)  # an open deal of this amount or more is large
    days: int = Field(1, ge=1)  # working days a large deal may go without an activity


class RegulationsConfig(_Model):
    """``regulations:``: each rule is on when named (``overdue_tasks:`` alone is on)."""

    lead_reaction: LeadReaction | None = None
    missed_calls: MissedCalls | None = None
    stale_deals: StaleDeals | None = None
    overdue_tasks: OverdueTasks | None = None
    large_deals: LargeDeals | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _named_is_on(cls, v: object) -> object:
        return {} if v is None else v

    @property
    def on(self) -> dict[str, _Rule]:
        """The rules that are on, by name."""
        return {name: rule for name in type(self).model_fields if (rule := getattr(self, name))}


class TrainingNew(_Model):
    months: int = Field(3, ge=0)  # tenure under this is "new"
    every: int = Field(1, ge=1)  # months between trainings while new


class TrainingOthers(_Model):
    every: int = Field(6, ge=1)


class TrainingConfig(_Model):
    new: TrainingNew = TrainingNew()
    others: TrainingOthers = TrainingOthers()


class RatesConfig(_Model):
    """How a manager's conversion rates are measured (``ropkit plan``, the gap split)."""

    days: int = Field(90, ge=7)  # the look-back, calendar days before the as-of moment
    min_deals: int = Field(10, ge=1)  # fewer won deals than this: the team's rates are used


class EarlyWarning(_Model):
    """One early warning rule: ``{below_pace_days: 3}`` or ``{by_day: 10, below: 0.4}``."""

    below_pace_days: int | None = Field(None, ge=1)  # N working days in a row below pace
    by_day: int | None = Field(None, ge=1)  # by this working day of the period…
    below: float | None = Field(None, gt=0, le=1)  # …below this share of the period's plan

    @model_validator(mode="after")
    def _one_rule(self) -> EarlyWarning:
        pace = self.below_pace_days is not None
        by_day = self.by_day is not None or self.below is not None
        if pace == by_day or (by_day and (self.by_day is None or self.below is None)):
            raise _Invalid("config.early_warning")
        return self


class NormsFile(_Model):
    """The whole norms.yaml, as written."""

    team: str = "Отдел продаж"
    language: Literal["ru", "en"] = "ru"
    currency: str = "RUB"
    calendar: CalendarConfig = CalendarConfig()
    status: StatusConfig = StatusConfig()
    sources: dict[
        Literal["deals", "activities", "leads", "tasks", "users"],
        SourceConfig | list[SourceConfig],
    ] = {}
    metrics: dict[str, MetricConfig] = {}
    plan: dict[str, Target] = {}
    months: dict[str, dict[str, Target]] = {}
    norms: dict[str, dict[str, Target]] = {}
    managers: list[ManagerConfig] = []
    mail: MailConfig = MailConfig()
    chat: ChatConfig = ChatConfig()
    regulations: RegulationsConfig = RegulationsConfig()
    # the sales funnel, top to bottom: which step feeds which (`ropkit plan`, the gap split);
    # default: calls_out, meetings, proposals, deals_won — those the config has
    funnel: list[str] | None = None
    rates: RatesConfig = RatesConfig()
    warnings: list[EarlyWarning] = []  # early warnings per manager (`--fail-on warning`)
    training: TrainingConfig | None = None  # the cadence; on with this key or any `trained:`
    # the stand-up's commitments file; default commitments.yaml next to this file
    commitments: str | None = None

    @field_validator("months")
    @classmethod
    def _months(cls, v: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        return _check_months(v)

    @field_validator("training", mode="before")
    @classmethod
    def _training_named_is_on(cls, v: object) -> object:
        return {} if v is None else v  # `training:` alone: the cadence with its defaults


@dataclass(frozen=True)
class Config:
    """A validated norms.yaml plus where it lives and the merged metric definitions."""

    file: Path
    data: NormsFile
    metrics: dict[str, MetricConfig]
    locator: _Locator | None = None

    def where(self, *loc: str | int, lang: str = "en") -> str:
        """``norms.yaml, line 12, key sources.deals.path``: for messages about a config key
        (``lang="ru"``: ``norms.yaml, строка 12, ключ sources.deals.path``)."""
        return self.place(*loc).text(lang)

    def place(self, *loc: str | int) -> Place:
        """Where the key ``loc`` is written, to be said in a message's language."""
        if self.locator is None:
            return Place(self.file, loc=loc)
        return self.locator.place(loc)

    @property
    def base_dir(self) -> Path:
        return self.file.parent

    def sources(self, table: str) -> list[SourceConfig]:
        found = self.data.sources.get(table)  # type: ignore[call-overload]
        if found is None:
            return []
        return found if isinstance(found, list) else [found]


# --- loading -------------------------------------------------------------------------


def load_config(path: Path, language: str | None = None) -> Config:
    """Read, parse and validate a norms.yaml; raise :class:`ConfigError` naming file/line/key.
    ``language`` (``--lang``) overrides the file's ``language:``."""
    if not path.exists():
        raise ConfigError("error.config_not_found", path=path)
    config = parse_config(read_text(path), path)
    if language is None or language == config.data.language:
        return config
    data = config.data.model_copy(update={"language": language})
    return Config(config.file, data, config.metrics, config.locator)


def read_text(path: Path) -> str:
    """A YAML file of ours as text (UTF-8, a BOM allowed); one-line errors otherwise."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("error.config_not_utf8", path=path, reason=exc.reason) from None
    except OSError as exc:
        raise ConfigError("error.cannot_read", path=path, reason=exc.strerror) from None


def parse_config(text: str, path: Path) -> Config:
    """Validate the YAML ``text`` of the config at ``path``."""
    data, locate = read_validated(text, path, NormsFile, dict, "error.config_not_mapping")
    metrics = _merge_metrics(data)
    _check_references(data, metrics, locate)
    return Config(path, data, metrics, locate)


def read_validated(
    text: str, path: Path, model: Any, shape: type, not_shape: str
) -> tuple[Any, _Locator]:
    """The YAML ``text`` of ``path`` validated by ``model`` (a pydantic model or
    ``TypeAdapter``), and where each of its keys is written; an empty file is an empty
    ``shape`` (dict or list), another shape the error ``not_shape`` at line 1."""
    raw, locate = read_yaml(text, path)
    if raw is None:
        raw = shape()
    if not isinstance(raw, shape):
        raise ConfigError(not_shape, place=Place(path, line=1))
    validate = model.validate_python if isinstance(model, TypeAdapter) else model.model_validate
    try:
        return validate(raw), locate
    except ValidationError as exc:
        raise explain(exc, locate, raw) from None


def read_yaml(text: str, path: Path) -> tuple[Any, _Locator]:
    """The YAML ``text`` of ``path`` loaded safely, and where each of its keys is written;
    a syntax error, a key given twice or a value YAML cannot build is a
    :class:`ConfigError` naming the line."""
    root: yaml.Node | None = None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
        _check_duplicate_keys(root, path)
    except RecursionError:
        raise ConfigError("error.yaml_alias_loop", path=path) from None
    except ValueError as exc:  # a scalar YAML cannot build, e.g. the date 2026-02-30
        raise _bad_scalar(root, path, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context
        raise ConfigError(
            "error.yaml_syntax", place=Place(path, line, column), problem=problem
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError("error.yaml", path=path, reason=str(exc)) from None
    return raw, _Locator(root, path)


_PRESENTATION = ("label", "label_en", "unit", "lower_is_better")


def _merge_metrics(data: NormsFile) -> dict[str, MetricConfig]:
    """Built-ins, then the file's metrics; redefining a built-in keeps its labels."""
    merged = {mid: MetricConfig.model_validate(d) for mid, d in BUILTIN_METRICS.items()}
    for mid, own in data.metrics.items():
        builtin = BUILTIN_METRICS.get(mid, {})
        inherited = {k: builtin[k] for k in _PRESENTATION if k in builtin}
        merged[mid] = MetricConfig.model_validate(
            inherited | own.model_dump(by_alias=True, exclude_unset=True)
        )
    return merged


def _check_references(data: NormsFile, metrics: dict[str, MetricConfig], locate: _Locator) -> None:
    def unknown_metric(mid: str, loc: Loc) -> None:
        if mid not in metrics:
            raise locate.error(
                loc, Msg("config.unknown_metric", metric=mid), _suggest(mid, metrics)
            )

    def not_a_column(loc: Loc, col: str, table: str, fix: Msg | None = None) -> None:
        names = TABLES[table].names
        if col not in names:
            raise locate.error(
                loc,
                Msg("config.not_a_column", column=col, table=table, columns=Listing(names)),
                _suggest(col, names) or fix,
            )

    for mid, m in data.metrics.items():
        loc: Loc = ("metrics", mid)
        if m.ratio is not None:
            for i, part in enumerate(m.ratio):
                unknown_metric(part, (*loc, "ratio", i))
                if metrics[part].ratio is not None:
                    raise locate.error(
                        (*loc, "ratio", i), Msg("config.ratio_of_ratio", metric=part)
                    )
            continue
        table = TABLES[m.from_ or ""]
        for key in ("date", "sum", "new"):
            col = getattr(m, key)
            if col is not None:
                not_a_column((*loc, key), col, table.name)
        for col in m.where:
            not_a_column((*loc, "where", col), col, table.name)
        _check_types(m, table.name, loc, locate)
    for mode, norms in data.norms.items():
        for mid in norms:
            if mid in metrics and metrics[mid].ratio is not None:
                raise locate.error(
                    ("norms", mode, mid),
                    Msg("config.norm_on_ratio", metric=mid),
                    Msg("fix.plan_instead"),
                )
    for table_name in data.sources:
        sources = data.sources[table_name]
        for i, src in enumerate(sources if isinstance(sources, list) else [sources]):
            base: Loc = (
                ("sources", table_name, i) if isinstance(sources, list) else ("sources", table_name)
            )
            if src.preset is not None:
                from ropkit.sources.presets import crms as presets_crms
                from ropkit.sources.presets import presets_for

                ids = ["generic", *(p.id for p in presets_for(table_name))]
                crms = presets_crms(table_name)
                if src.preset not in ids and src.preset not in crms:
                    ids = [*crms, *ids]
                    raise locate.error(
                        (*base, "preset"),
                        Msg(
                            "config.unknown_preset",
                            preset=src.preset,
                            table=table_name,
                            presets=Listing(ids),
                        ),
                        _suggest(src.preset, ids) or Msg("fix.leave_preset_out"),
                    )
            if isinstance(src.date_format, dict):
                dates = [
                    c.name for c in TABLES[table_name].columns if c.type is ColumnType.DATETIME
                ]
                for col in src.date_format:
                    if col not in dates:
                        raise locate.error(
                            (*base, "date_format", col),
                            Msg("config.not_a_date_column_of", column=col, table=table_name),
                            Msg("fix.use_one_of", columns=Listing(dates)),
                        )
            for col in (*src.columns, *src.set):
                key = "columns" if col in src.columns else "set"
                not_a_column((*base, key, col), col, table_name, Msg(f"fix.{key}_side"))
    for mid in data.plan:
        unknown_metric(mid, ("plan", mid))
    for month, targets in data.months.items():
        for mid in targets:
            unknown_metric(mid, ("months", month, mid))
    for mode, norms in data.norms.items():
        for mid in norms:
            unknown_metric(mid, ("norms", mode, mid))
    for i, mid in enumerate(data.funnel or ()):
        unknown_metric(mid, ("funnel", i))
        m = metrics[mid]
        # a step is a count of actions: not a ratio, not money, not a limit (missed calls)
        if m.ratio is not None or m.sum is not None or m.lower_is_better:
            raise locate.error(("funnel", i), Msg("config.funnel_ratio", metric=mid))
    seen: dict[str, int] = {}
    for i, man in enumerate(data.managers):
        if man.mode is not None and man.mode not in data.norms:
            modes = (
                Msg("config.modes", modes=Listing(data.norms))
                if data.norms
                else Msg("config.no_modes")
            )
            raise locate.error(
                ("managers", i, "mode"),
                Msg("config.mode_without_norms", mode=man.mode, modes=modes),
                _suggest(man.mode, list(data.norms)) or Msg("fix.add_to_norms"),
            )
        for mid in (*man.plan, *man.norms):
            where = "plan" if mid in man.plan else "norms"
            unknown_metric(mid, ("managers", i, where, mid))
        for month, targets in man.months.items():
            for mid in targets:
                unknown_metric(mid, ("managers", i, "months", month, mid))
        for name in (man.name, *man.aliases):
            key = name_key(name)
            if key in seen and seen[key] != i:
                raise locate.error(
                    ("managers", i, "name"), Msg("config.same_person", name=name, index=seen[key])
                )
            seen[key] = i


_NUMERIC = {ColumnType.MONEY, ColumnType.NUMBER, ColumnType.DURATION, ColumnType.TIME}


def _holds(kind: ColumnType) -> Msg:
    """What a column of ``kind`` holds: "text" («текст»), "money" («суммы»)…"""
    return Msg(f"holds.{kind.value}")


def _check_types(m: MetricConfig, table: str, loc: Loc, locate: _Locator) -> None:
    """A sum needs numbers, a date needs dates, a comparison needs a number column."""
    columns = TABLES[table].columns_by_name
    if m.sum is not None and columns[m.sum].type not in _NUMERIC:
        kind = columns[m.sum].type
        raise locate.error(
            (*loc, "sum"),
            Msg("config.sum_not_numbers", column=m.sum, holds=_holds(kind)),
            Msg("fix.sum_numbers"),
        )
    if m.date is not None and columns[m.date].type is not ColumnType.DATETIME:
        dates = [c.name for c in columns.values() if c.type is ColumnType.DATETIME]
        raise locate.error(
            (*loc, "date"),
            Msg("config.not_a_date_column", column=m.date),
            Msg("fix.use_one_of_columns", columns=Listing(dates)),
        )
    for col, spec in m.where.items():
        kind = columns[col].type
        values = spec if isinstance(spec, list) else [spec]
        comparison = any(isinstance(v, str) and _COMPARISON_RE.match(v) for v in values)
        if kind in _NUMERIC and any(
            isinstance(v, str) and not _COMPARISON_RE.match(v) for v in values
        ):
            raise locate.error(
                (*loc, "where", col),
                Msg("config.not_a_number_or_comparison", column=col, values=values),
                Msg("fix.number_or_comparison", column=col),
            )
        if comparison and kind not in _NUMERIC:
            raise locate.error(
                (*loc, "where", col),
                Msg("config.comparison_needs_numbers", column=col, holds=_holds(kind)),
                Msg("fix.value_for", column=col),
            )
        flags = [v for v in values if isinstance(v, bool)]
        if (kind is ColumnType.BOOL) != (len(flags) == len(values)):
            raise locate.error(
                (*loc, "where", col),
                Msg("config.holds", column=col, holds=_holds(kind)),
                Msg("fix.true_or_false" if kind is ColumnType.BOOL else "fix.a_value"),
            )


def _suggest(word: str, choices: Any) -> Msg | None:
    """``did you mean 'plan'?`` for the closest of ``choices``, or None."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return Msg("fix.did_you_mean", word=close[0]) if close else None


_MODELS: tuple[type[BaseModel], ...] = (
    NormsFile,
    CalendarConfig,
    StatusConfig,
    SourceConfig,
    MetricConfig,
    Absence,
    ManagerConfig,
    MailConfig,
    ChatConfig,
)
#: names pydantic puts in an error's location for the member of a union it tried
_UNION_TAGS = frozenset({"str", "int", "float", "bool", "date", *(m.__name__ for m in _MODELS)})
#: pydantic error type -> (what is wrong, how to fix it): catalog keys
_TYPE_ERRORS: dict[str, tuple[str, str]] = {
    "float_parsing": ("config.not_a_number", "fix.a_number"),
    "float_type": ("config.not_a_number", "fix.a_number"),
    "int_parsing": ("config.not_whole", "fix.whole"),
    "int_type": ("config.not_whole", "fix.whole"),
    "bool_parsing": ("config.not_bool", "fix.true_or_false"),
    "bool_type": ("config.not_bool", "fix.true_or_false"),
    "date_parsing": ("config.not_a_date", "fix.iso_date"),
    "date_type": ("config.not_a_date", "fix.iso_date"),
    "date_from_datetime_parsing": ("config.not_a_date", "fix.iso_date"),
    "dict_type": ("config.not_a_mapping", "fix.mapping"),
    "list_type": ("config.not_a_list", "fix.list"),
    "string_type": ("config.not_text", "fix.quote"),
    "greater_than_equal": ("config.negative", "fix.zero_or_more"),
    "finite_number": ("config.not_finite", "fix.a_number"),
    "string_too_short": ("config.text_too_short", "fix.one_char"),
    "string_too_long": ("config.text_too_long", "fix.one_char"),
    "too_short": ("config.empty_list", "fix.at_least_one"),
}
#: the same for a few errors whose English stays in pydantic's words (i18n.Foreign)
_PYDANTIC_ERRORS: dict[str, tuple[str, str]] = {
    "model_type": ("config.not_a_mapping", "fix.mapping"),
    "tuple_type": ("config.not_two_metrics", "fix.two_metrics"),
    "too_long": ("config.too_many_values", "fix.keep_two"),
    "date_from_datetime_inexact": ("config.date_with_time", "fix.iso_date"),
}


def _all_keys() -> list[str]:
    keys: set[str] = set()
    for model in _MODELS:
        for name, field in model.model_fields.items():
            keys.add(field.alias or name)
    return sorted(keys)


def _yaml_loc(loc: tuple[int | str, ...], raw: Any) -> Loc:
    """The error's location as keys of the file: drop the union members pydantic adds."""
    out: list[str | int] = []
    node = raw
    for part in loc:
        in_file = isinstance(node, dict) and part in node
        if isinstance(part, str) and ("[" in part or part in _UNION_TAGS) and not in_file:
            continue
        out.append(part)
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        node = node[part] if in_file or in_list else None
    return tuple(out)


def explain(exc: ValidationError, locate: _Locator, raw: Any) -> ConfigError:
    """The first of pydantic's errors as a :class:`ConfigError` naming the line and key."""
    err = exc.errors()[0]
    loc = _yaml_loc(err["loc"], raw)
    kind = err["type"]
    ctx = err.get("ctx", {})
    error = ctx.get("error")
    if isinstance(error, _Invalid) and error.key is not None:
        loc = (*loc, error.key)
    if kind == "extra_forbidden":
        return locate.error(
            loc,
            Msg("config.unknown_key"),
            _suggest(str(loc[-1]), _all_keys()) or Msg("fix.remove_key"),
        )
    if kind == "missing":
        return locate.error(loc, Msg("config.missing_key"), Msg("fix.add_it"))
    if kind == "literal_error":
        allowed = re.findall(r"'([^']+)'", ctx.get("expected", ""))
        value = err.get("input")
        expected = Listing([f"'{a}'" for a in allowed], last="list.or")  # 'a', 'b' or 'c'
        return locate.error(
            loc,
            Msg("config.not_allowed", value=value, expected=expected),
            _suggest(str(value), allowed),
        )
    said = err["msg"].removeprefix("Value error, ")  # pydantic's own English
    what: Said
    fix: Said | None = None
    if isinstance(error, _Invalid):
        what = error.msg
    elif kind in _TYPE_ERRORS:
        what, fix = (Msg(key) for key in _TYPE_ERRORS[kind])
    elif kind in _PYDANTIC_ERRORS:
        what_key, fix_key = _PYDANTIC_ERRORS[kind]
        what, fix = Foreign(said, Msg(what_key)), Foreign("", Msg(fix_key))
    elif kind == "greater_than":
        what = Msg("config.greater_than", gt=ctx.get("gt", 0))
    else:
        what = Msg("config.invalid", detail=said)
    if kind in _TYPE_ERRORS and {"str", "int", "float", "bool"} & set(err["loc"]):
        # a union like `str | list[str]`: pydantic reports its first member only
        path = bool(loc) and loc[-1] == "path"
        what, fix = (
            (Msg("config.not_a_path"), Msg("fix.quote_path"))
            if path
            else (Msg("config.not_a_plain_value"), None)
        )
    value = err.get("input")
    if isinstance(value, str | int | float) and kind != "value_error":
        what = Msg("config.got", what=what, value=value)
    return locate.error(loc, what, fix)


class Place:
    """Where in the config: ``norms.yaml, line 12, column 5, key plan.revenue`` (the parts
    known), said in either language."""

    __slots__ = ("column", "line", "loc", "path")

    def __init__(
        self, path: Path, line: int | None = None, column: int | None = None, loc: Loc = ()
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.loc = loc

    def text(self, lang: str) -> str:
        out = str(self.path)
        if self.line:
            out += ", " + t("place.line", lang, line=self.line)
        if self.column:
            out += ", " + t("place.column", lang, column=self.column)
        key = _dotted(self.loc)
        if key:
            out += ", " + t("place.key", lang, key=key)
        return out


class _Locator:
    """Turns a key path like ('managers', 0, 'plan') into a line number of the YAML file."""

    def __init__(self, root: yaml.Node | None, path: Path) -> None:
        self.root = root
        self.path = path

    def line(self, loc: Loc) -> int | None:
        node = self.root
        found: int | None = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for key, value in node.value:
                    if str(key.value) == str(part):
                        found = key.start_mark.line + 1
                        nxt = value
                        break
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    break
                node = node.value[part]
                found = node.start_mark.line + 1
            else:
                break
            if node is None:
                break
        return found

    def place(self, loc: Loc) -> Place:
        """Where the key ``loc`` is: the file, the line, the key."""
        return Place(self.path, self.line(loc), loc=loc)

    def error(self, loc: Loc, what: Said, fix: Said | None = None) -> ConfigError:
        """``norms.yaml, line 12, key plan.revenue: <what>; <fix>``: what is wrong with the
        key ``loc`` and how to fix it (catalog texts, :class:`~ropkit.i18n.Msg`)."""
        return ConfigError("config.at", place=self.place(loc), what=what, fix=_Fix(fix))


class _Fix:
    """``; <how to fix it>`` after what is wrong, or nothing where there is no fix (in the
    language the message is said in)."""

    __slots__ = ("fix",)

    def __init__(self, fix: Said | None) -> None:
        self.fix = fix

    def text(self, lang: str) -> str:
        said = self.fix.text(lang) if self.fix is not None else ""
        return t("config.fix", lang, fix=said) if said else ""


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_duplicate_keys(node: yaml.Node | None, path: Path, loc: Loc = ()) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            k = str(key.value)
            line = key.start_mark.line + 1
            if k in seen:
                raise ConfigError(
                    "error.yaml_twice", place=Place(path, line, loc=(*loc, k)), first=seen[k]
                )
            seen[k] = line
            _check_duplicate_keys(value, path, (*loc, k))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_duplicate_keys(item, path, (*loc, i))


def _bad_scalar(root: yaml.Node | None, path: Path, exc: ValueError) -> ConfigError:
    """Name the value YAML could not build (PyYAML gives no line for it): line, column, key."""
    found = _find_bad_scalar(root, ())
    if found is None:
        return ConfigError("error.yaml", path=path, reason=str(exc))
    node, loc = found
    mark = node.start_mark
    where = Place(path, mark.line + 1, mark.column + 1, loc)
    if node.tag == "tag:yaml.org,2002:timestamp":
        return ConfigError("error.yaml_bad_date", place=where, value=node.value, reason=str(exc))
    return ConfigError("error.yaml_bad_scalar", place=where, value=node.value, reason=str(exc))


def _find_bad_scalar(node: yaml.Node | None, loc: Loc) -> tuple[yaml.Node, Loc] | None:
    children: list[tuple[yaml.Node, Loc]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            children += [(key, (*loc, str(key.value))), (value, (*loc, str(key.value)))]
    elif isinstance(node, yaml.SequenceNode):
        children = [(item, (*loc, i)) for i, item in enumerate(node.value)]
    elif isinstance(node, yaml.ScalarNode):
        try:
            yaml.constructor.SafeConstructor().construct_object(node)
        except ValueError:
            return node, loc
    for child, child_loc in children:
        found = _find_bad_scalar(child, child_loc)
        if found is not None:
            return found
    return None
