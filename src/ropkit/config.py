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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ropkit.errors import ConfigError
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
    """A validator's complaint in English and Russian (``ru``); with ``key`` set, the message
    points at that key of the mapping being validated rather than at the mapping."""

    def __init__(self, message: str, ru: str, key: str | None = None) -> None:
        super().__init__(message)
        self.ru = ru
        self.key = key


def _parse_time(text: str) -> time:
    m = _TIME_RE.match(text.strip())
    if not m:
        raise _Invalid(
            f"'{text}' is not a time; write it as HH:MM, e.g. 09:00",
            f"'{text}' — не время; напишите его как HH:MM, например 09:00",
        )
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
        import holidays  # ~0.1 s; loading a config is followed by a report anyway

        try:
            holidays.country_holidays(v)  # as the calendar will; imports that country only
        except (NotImplementedError, AttributeError, TypeError):
            known = holidays.list_supported_countries()
            close = v.upper() in known
            hint = f"did you mean '{v.upper()}'?" if close else "e.g. RU, KZ, BY"
            hint_ru = f"возможно, имелось в виду '{v.upper()}'?" if close else "например RU, KZ, BY"
            raise _Invalid(
                f"'{v}' is not a country code the holidays calendar knows; {hint} "
                "(or null for a Mon–Fri week)",
                f"календарь праздников не знает код страны '{v}'; {hint_ru} "
                "(или null — просто неделя пн–пт)",
            ) from None
        return v

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        parts = v.split("-")
        if len(parts) != 2:
            raise _Invalid(
                f"'{v}' is not a range of hours; write it as HH:MM-HH:MM",
                f"'{v}' — не часы работы; напишите их как HH:MM-HH:MM",
            )
        start, end = (_parse_time(p) for p in parts)
        if end <= start:
            raise _Invalid(
                f"the working day '{v}' ends before it starts",
                f"рабочий день '{v}' заканчивается раньше, чем начинается",
            )
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
            raise _Invalid(
                f"yellow ({self.yellow}) must not be above green ({self.green})",
                f"yellow ({self.yellow}) не может быть больше green ({self.green})",
            )
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
                raise _Invalid(
                    f"'{pattern}' is not a date pattern; write it with strftime codes, "
                    "e.g. '%d-%m-%y %H:%M' or '%m/%d/%Y %I:%M %p'",
                    f"'{pattern}' — не шаблон даты; запишите его кодами strftime, "
                    "например '%d-%m-%y %H:%M' или '%m/%d/%Y %I:%M %p'",
                    key=key,
                )
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
            raise _Invalid(
                f"'{v}' is not a text encoding; use utf-8, utf-8-sig, cp1251 or utf-16",
                f"'{v}' — не кодировка текста; укажите utf-8, utf-8-sig, cp1251 или utf-16",
            ) from None
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
            raise _Invalid(
                "a metric needs exactly one of sum: <column>, count: true, new: <column>, "
                f"ratio: [a, b]; found {chosen or 'none'}",
                "у метрики должно быть ровно одно из: sum: <колонка>, count: true, "
                "new: <колонка>, ratio: [a, b]; "
                + (f"указано: {', '.join(chosen)}" if chosen else "не указано ни одного"),
            )
        if self.ratio is None and self.from_ is None:
            raise _Invalid(
                "a metric needs from: deals | activities | leads | tasks",
                "у метрики не указан from: deals | activities | leads | tasks",
            )
        return self


class Absence(_Model):
    from_: date = Field(alias="from")
    to: date
    reason: str | None = None

    @model_validator(mode="after")
    def _order(self) -> Absence:
        if self.to < self.from_:
            raise _Invalid(
                f"absence ends ({self.to}) before it starts ({self.from_})",
                f"отсутствие заканчивается ({self.to}) раньше, чем начинается ({self.from_})",
            )
        return self


class ManagerConfig(_Model):
    name: str = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not name_key(v):
            raise _Invalid(
                f"'{v}' is not a name; write the manager's name as in the CRM",
                f"'{v}' — не имя; напишите имя менеджера так, как в CRM",
            )
        return v.strip()

    aliases: list[str] = []
    # the ids exports write for this person (Bitrix24 REST ASSIGNED_BY_ID, a dialer's agent_id)
    ids: list[str | int] = []
    email: str | None = None  # where `report --per-manager` sends this manager's own report
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
            raise _Invalid(
                f"month '{key}' must be written as YYYY-MM, e.g. 2026-12",
                f"месяц '{key}' пишется как YYYY-MM, например 2026-12",
                key=str(key),
            )
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

    @field_validator("months")
    @classmethod
    def _months(cls, v: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        return _check_months(v)


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
        if self.locator is None:
            return f"{self.file}, {_WORDS[lang]['key']} {_dotted(loc)}"
        return self.locator.message(loc, "", "", lang).removesuffix(": ")

    @property
    def base_dir(self) -> Path:
        return self.file.parent

    def sources(self, table: str) -> list[SourceConfig]:
        found = self.data.sources.get(table)  # type: ignore[call-overload]
        if found is None:
            return []
        return found if isinstance(found, list) else [found]


# --- loading -------------------------------------------------------------------------


def load_config(path: Path) -> Config:
    """Read, parse and validate a norms.yaml; raise :class:`ConfigError` naming file/line/key."""
    if not path.exists():
        raise ConfigError(
            f"{path}: config file not found; create one with `ropkit init` or pass -c PATH",
            ru=f"{path}: файл настроек не найден; создайте его командой `ropkit init` "
            "или укажите путь через -c ПУТЬ",
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8",
            ru=f"{path}: текст не в кодировке UTF-8 ({exc.reason}); сохраните файл в UTF-8",
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read ({exc.strerror})",
            ru=f"{path}: не удаётся прочитать файл ({exc.strerror})",
        ) from None
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    """Validate the YAML ``text`` of the config at ``path``."""
    root: yaml.Node | None = None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
        _check_duplicate_keys(root, path)
    except RecursionError:
        raise ConfigError(
            f"{path}: an alias refers to itself (&name … *name inside it); remove the loop",
            ru=f"{path}: ссылка YAML указывает сама на себя (*name внутри &name …); "
            "уберите зацикливание",
        ) from None
    except ValueError as exc:  # a scalar YAML cannot build, e.g. the date 2026-02-30
        raise _bad_scalar(root, path, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context
        raise ConfigError(
            f"{_place(path, 'en', line, column)}: YAML syntax error: {problem}; "
            "check indentation and quotes there",
            ru=f"{_place(path, 'ru', line, column)}: ошибка синтаксиса YAML: {problem}; "
            "проверьте там отступы и кавычки",
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML error: {exc}", ru=f"{path}: ошибка YAML: {exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{path}, line 1: the config must be a mapping of keys (team:, plan:, …)",
            ru=f"{path}, строка 1: в файле настроек должны быть ключи со значениями "
            "(team:, plan:, …)",
        )
    locate = _Locator(root, path)
    try:
        data = NormsFile.model_validate(raw)
    except ValidationError as exc:
        raise _explain(exc, locate, raw) from None
    metrics = _merge_metrics(data)
    _check_references(data, metrics, locate)
    return Config(path, data, metrics, locate)


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
                loc,
                f"unknown metric '{mid}'",
                _suggest(mid, metrics),
                what_ru=f"неизвестная метрика '{mid}'",
                fix_ru=_suggest(mid, metrics, "ru"),
            )

    def not_a_column(loc: Loc, col: str, table: str, fix: str = "", fix_ru: str = "") -> None:
        names = TABLES[table].names
        if col not in names:
            raise locate.error(
                loc,
                f"'{col}' is not a column of {table} (columns: {', '.join(names)})",
                _suggest(col, names) or fix,
                what_ru=f"в {table} нет колонки '{col}' (колонки: {', '.join(names)})",
                fix_ru=_suggest(col, names, "ru") or fix_ru,
            )

    for mid, m in data.metrics.items():
        loc: Loc = ("metrics", mid)
        if m.ratio is not None:
            for i, part in enumerate(m.ratio):
                unknown_metric(part, (*loc, "ratio", i))
                if metrics[part].ratio is not None:
                    raise locate.error(
                        (*loc, "ratio", i),
                        f"'{part}' is a ratio itself; use sum/count metrics",
                        what_ru=f"'{part}' — сама метрика-отношение; "
                        "используйте метрики с sum или count",
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
                    f"'{mid}' is a ratio; a daily norm does not apply to it",
                    "give it a target under plan: instead",
                    what_ru=f"'{mid}' — метрика-отношение, дневная норма к ней неприменима",
                    fix_ru="задайте для неё цель в plan:",
                )
    for table_name in data.sources:
        sources = data.sources[table_name]
        for i, src in enumerate(sources if isinstance(sources, list) else [sources]):
            base: Loc = (
                ("sources", table_name, i) if isinstance(sources, list) else ("sources", table_name)
            )
            if src.preset is not None:
                from ropkit.sources.presets import presets_for

                ids = ["generic", *(p.id for p in presets_for(table_name))]
                crms = list(dict.fromkeys(pid.split(".")[0] for pid in ids[1:]))
                if src.preset not in ids and src.preset not in crms:
                    ids = [*crms, *ids]
                    raise locate.error(
                        (*base, "preset"),
                        f"unknown preset '{src.preset}' for {table_name} "
                        f"(presets: {', '.join(ids)})",
                        _suggest(src.preset, ids) or "leave it out to detect it from the headers",
                        what_ru=f"неизвестный пресет '{src.preset}' для {table_name} "
                        f"(пресеты: {', '.join(ids)})",
                        fix_ru=_suggest(src.preset, ids, "ru")
                        or "уберите его, и пресет определится по заголовкам файла",
                    )
            if isinstance(src.date_format, dict):
                dates = [
                    c.name for c in TABLES[table_name].columns if c.type is ColumnType.DATETIME
                ]
                for col in src.date_format:
                    if col not in dates:
                        raise locate.error(
                            (*base, "date_format", col),
                            f"'{col}' is not a date column of {table_name}",
                            f"use one of {', '.join(dates)}",
                            what_ru=f"'{col}' — не колонка дат в {table_name}",
                            fix_ru=f"укажите одну из: {', '.join(dates)}",
                        )
            for col in (*src.columns, *src.set):
                key = "columns" if col in src.columns else "set"
                not_a_column(
                    (*base, key, col),
                    col,
                    table_name,
                    f"the keys under {key}: are these names; "
                    + (
                        "the file's header goes on the right, e.g. amount: Сумма"
                        if key == "columns"
                        else "the value goes on the right, e.g. kind: proposal"
                    ),
                    f"слева в {key}: пишутся эти названия, "
                    + (
                        "а заголовок из файла — справа, например amount: Сумма"
                        if key == "columns"
                        else "а значение — справа, например kind: proposal"
                    ),
                )
    for mid in data.plan:
        unknown_metric(mid, ("plan", mid))
    for month, targets in data.months.items():
        for mid in targets:
            unknown_metric(mid, ("months", month, mid))
    for mode, norms in data.norms.items():
        for mid in norms:
            unknown_metric(mid, ("norms", mode, mid))
    seen: dict[str, int] = {}
    for i, man in enumerate(data.managers):
        if man.mode is not None and man.mode not in data.norms:
            modes = ", ".join(data.norms)
            raise locate.error(
                ("managers", i, "mode"),
                f"mode '{man.mode}' has no norms (modes: {modes or 'none'})",
                _suggest(man.mode, list(data.norms)) or "add it under norms:",
                what_ru=f"для режима '{man.mode}' нет норм "
                + (f"(режимы: {modes})" if modes else "(в norms: нет ни одного режима)"),
                fix_ru=_suggest(man.mode, list(data.norms), "ru") or "добавьте его в norms:",
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
                    ("managers", i, "name"),
                    f"'{name}' is the same person as managers[{seen[key]}]; "
                    "keep one entry and list other spellings in aliases:",
                    what_ru=f"'{name}' — тот же человек, что и managers[{seen[key]}]; "
                    "оставьте одну запись, а другие написания перечислите в aliases:",
                )
            seen[key] = i


_NUMERIC = {ColumnType.MONEY, ColumnType.NUMBER, ColumnType.DURATION, ColumnType.TIME}
#: what a column of each type holds, in Russian: "в колонке 'client' текст"
_HOLDS_RU = {
    ColumnType.TEXT: "текст",
    ColumnType.MONEY: "суммы",
    ColumnType.NUMBER: "числа",
    ColumnType.DATETIME: "даты",
    ColumnType.TIME: "время суток",
    ColumnType.DURATION: "длительности",
    ColumnType.BOOL: "значения true/false",
}


def _check_types(m: MetricConfig, table: str, loc: Loc, locate: _Locator) -> None:
    """A sum needs numbers, a date needs dates, a comparison needs a number column."""
    columns = TABLES[table].columns_by_name
    if m.sum is not None and columns[m.sum].type not in _NUMERIC:
        kind = columns[m.sum].type
        raise locate.error(
            (*loc, "sum"),
            f"'{m.sum}' holds {kind.value}, not numbers",
            "sum a number column such as amount or units",
            what_ru=f"в колонке '{m.sum}' {_HOLDS_RU[kind]}, а не числа",
            fix_ru="суммируйте числовую колонку, например amount или units",
        )
    if m.date is not None and columns[m.date].type is not ColumnType.DATETIME:
        dates = ", ".join(c.name for c in columns.values() if c.type is ColumnType.DATETIME)
        raise locate.error(
            (*loc, "date"),
            f"'{m.date}' is not a date column",
            f"use one of {dates}",
            what_ru=f"в колонке '{m.date}' не даты",
            fix_ru=f"укажите одну из колонок: {dates}",
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
                f"'{col}' holds numbers; {values!r} is not a number or a comparison",
                f'write a number or a comparison, e.g. {col}: ">=60"',
                what_ru=f"в колонке '{col}' числа; {values!r} — не число и не сравнение",
                fix_ru=f'напишите число или сравнение, например {col}: ">=60"',
            )
        if comparison and kind not in _NUMERIC:
            raise locate.error(
                (*loc, "where", col),
                f"'{col}' holds {kind.value}; a comparison needs a number column",
                f"write a value, e.g. {col}: …",
                what_ru=f"в колонке '{col}' {_HOLDS_RU[kind]}, а сравнение возможно "
                "только с числами",
                fix_ru=f"напишите значение, например {col}: …",
            )
        flags = [v for v in values if isinstance(v, bool)]
        if (kind is ColumnType.BOOL) != (len(flags) == len(values)):
            raise locate.error(
                (*loc, "where", col),
                f"'{col}' holds {kind.value}",
                "write " + ("true or false" if kind is ColumnType.BOOL else "a value"),
                what_ru=f"в колонке '{col}' {_HOLDS_RU[kind]}",
                fix_ru="напишите " + ("true или false" if kind is ColumnType.BOOL else "значение"),
            )


def _suggest(word: str, choices: Any, lang: str = "en") -> str:
    """``did you mean 'plan'?`` for the closest of ``choices``, or ""."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    return (
        f"возможно, имелось в виду '{close[0]}'?" if lang == "ru" else f"did you mean '{close[0]}'?"
    )


_MODELS: tuple[type[BaseModel], ...] = (
    NormsFile,
    CalendarConfig,
    StatusConfig,
    SourceConfig,
    MetricConfig,
    Absence,
    ManagerConfig,
)
#: names pydantic puts in an error's location for the member of a union it tried
_UNION_TAGS = frozenset({"str", "int", "float", "bool", "date", *(m.__name__ for m in _MODELS)})
#: pydantic error type -> (what is wrong, how to fix it)
_TYPE_ERRORS: dict[str, tuple[str, str]] = {
    "float_parsing": ("not a number", "write a plain number, e.g. 3000000"),
    "float_type": ("not a number", "write a plain number, e.g. 3000000"),
    "int_parsing": ("not a whole number", "write a whole number, e.g. 40"),
    "int_type": ("not a whole number", "write a whole number, e.g. 40"),
    "bool_parsing": ("not true or false", "write true or false"),
    "bool_type": ("not true or false", "write true or false"),
    "date_parsing": ("not a date", "write it as YYYY-MM-DD"),
    "date_type": ("not a date", "write it as YYYY-MM-DD"),
    "date_from_datetime_parsing": ("not a date", "write it as YYYY-MM-DD"),
    "dict_type": ("must be a mapping", "write key: value pairs under it"),
    "list_type": ("must be a list", "write a list, e.g. [a, b]"),
    "string_type": ("must be text", "quote it if it looks like a number or a date"),
    "greater_than_equal": ("must not be negative", "write 0 or more"),
    "finite_number": ("must be a finite number", "write a plain number, e.g. 3000000"),
    "string_too_short": ("is too short", "write one character, e.g. ';'"),
    "string_too_long": ("is too long", "write one character, e.g. ';'"),
    "too_short": ("must not be empty", "list at least one"),
}
_NUMBER_RU = ("не число", "напишите число, например 3000000")
_WHOLE_RU = ("не целое число", "напишите целое число, например 40")
_BOOL_RU = ("не true и не false", "напишите true или false")
_DATE_RU = ("не дата", "напишите дату как YYYY-MM-DD")
_MAPPING_RU = ("здесь нужны пары ключ: значение", "напишите их под этим ключом с отступом")
_CHAR_RU = "напишите один символ, например ';'"
#: the same, in Russian; and a few pydantic errors the English text leaves in pydantic's words
_TYPE_ERRORS_RU: dict[str, tuple[str, str]] = {
    "float_parsing": _NUMBER_RU,
    "float_type": _NUMBER_RU,
    "int_parsing": _WHOLE_RU,
    "int_type": _WHOLE_RU,
    "bool_parsing": _BOOL_RU,
    "bool_type": _BOOL_RU,
    "date_parsing": _DATE_RU,
    "date_type": _DATE_RU,
    "date_from_datetime_parsing": _DATE_RU,
    "dict_type": _MAPPING_RU,
    "list_type": ("нужен список", "напишите список, например [a, b]"),
    "string_type": (
        "нужен текст",
        "возьмите значение в кавычки, если оно похоже на число или дату",
    ),
    "greater_than_equal": ("не может быть отрицательным", "напишите 0 или больше"),
    "finite_number": ("нужно конечное число", "напишите число, например 3000000"),
    "string_too_short": ("слишком короткое значение", _CHAR_RU),
    "string_too_long": ("слишком длинное значение", _CHAR_RU),
    "too_short": ("не может быть пустым", "укажите хотя бы один"),
    # pydantic's own message in English:
    "model_type": _MAPPING_RU,
    "tuple_type": ("нужен список из двух метрик", "напишите, например, [revenue, deals_won]"),
    "too_long": ("слишком много значений", "оставьте два, например [revenue, deals_won]"),
    "date_from_datetime_inexact": ("нужна дата без времени", "напишите дату как YYYY-MM-DD"),
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


def _explain(exc: ValidationError, locate: _Locator, raw: Any) -> ConfigError:
    """The first of pydantic's errors as a :class:`ConfigError` naming the line and key."""
    err = exc.errors()[0]
    loc = _yaml_loc(err["loc"], raw)
    kind = err["type"]
    ctx = err.get("ctx", {})
    error = ctx.get("error")
    if isinstance(error, _Invalid) and error.key is not None:
        loc = (*loc, error.key)
    if kind == "extra_forbidden":
        keys = _all_keys()
        return locate.error(
            loc,
            "unknown key",
            _suggest(str(loc[-1]), keys) or "remove it or check norms.example.yaml for the keys",
            what_ru="неизвестный ключ",
            fix_ru=_suggest(str(loc[-1]), keys, "ru")
            or "удалите его или сверьтесь со списком ключей в norms.example.yaml",
        )
    if kind == "missing":
        return locate.error(
            loc,
            "this key is required",
            "add it",
            what_ru="обязательный ключ не указан",
            fix_ru="добавьте его",
        )
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        allowed = re.findall(r"'([^']+)'", expected)
        quoted = [f"'{a}'" for a in allowed]  # 'a', 'b' или 'c'
        expected_ru = " или ".join(filter(None, [", ".join(quoted[:-1]), *quoted[-1:]]))
        value = err.get("input")
        return locate.error(
            loc,
            f"'{value}' is not allowed; use {expected}",
            _suggest(str(value), allowed),
            what_ru=f"'{value}' — недопустимое значение; укажите {expected_ru}",
            fix_ru=_suggest(str(value), allowed, "ru"),
        )
    msg, fix = _TYPE_ERRORS.get(kind, (err["msg"].removeprefix("Value error, "), ""))
    msg_ru, fix_ru = _TYPE_ERRORS_RU.get(kind, (f"недопустимое значение: {msg}", ""))
    if isinstance(error, _Invalid):
        msg_ru = error.ru
    elif kind == "greater_than":
        msg_ru = f"должно быть больше {ctx.get('gt', 0):g}"
    if kind in _TYPE_ERRORS and {"str", "int", "float", "bool"} & set(err["loc"]):
        # a union like `str | list[str]`: pydantic reports its first member only
        path = bool(loc) and loc[-1] == "path"
        msg, fix = (
            ("must be a file path or a list of paths", "quote it if it looks like a number")
            if path
            else ("must be a plain value (text, a number, true/false) or a list of them", "")
        )
        msg_ru, fix_ru = (
            (
                "нужен путь к файлу или список путей",
                "возьмите путь в кавычки, если он похож на число",
            )
            if path
            else ("нужно простое значение (текст, число, true/false) или их список", "")
        )
    value = err.get("input")
    shown = isinstance(value, str | int | float) and kind != "value_error"
    return locate.error(
        loc,
        f"{msg} (got {value!r})" if shown else msg,
        fix,
        what_ru=f"{msg_ru} (получено {value!r})" if shown else msg_ru,
        fix_ru=fix_ru,
    )


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

    def message(self, loc: Loc, what: str, fix: str, lang: str = "en") -> str:
        """``norms.yaml, line 12, key plan.revenue: <what>; <fix>`` (in ``lang``)."""
        tail = f"; {fix}" if fix else ""
        return f"{_place(self.path, lang, self.line(loc), loc=loc)}: {what}{tail}"

    def error(
        self,
        loc: Loc,
        what: str,
        fix: str = "",
        what_ru: str | None = None,
        fix_ru: str | None = None,
    ) -> ConfigError:
        """The error in English, and in Russian when ``what_ru`` is given."""
        ru = None
        if what_ru is not None:
            ru = self.message(loc, what_ru, fix_ru if fix_ru is not None else fix, "ru")
        return ConfigError(self.message(loc, what, fix), ru)


#: the words of a place in the config, in each language
_WORDS = {
    "en": {"line": "line", "column": "column", "key": "key"},
    "ru": {"line": "строка", "column": "столбец", "key": "ключ"},
}


def _place(
    path: Path, lang: str, line: int | None = None, column: int | None = None, loc: Loc = ()
) -> str:
    """``norms.yaml, line 12, column 5, key plan.revenue`` (the parts known), in ``lang``."""
    words = _WORDS[lang]
    out = str(path)
    if line:
        out += f", {words['line']} {line}"
    if column:
        out += f", {words['column']} {column}"
    key = _dotted(loc)
    if key:
        out += f", {words['key']} {key}"
    return out


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
                    f"{_place(path, 'en', line, loc=(*loc, k))}: given twice "
                    f"(first on line {seen[k]}); keep one (YAML would silently use the last)",
                    ru=f"{_place(path, 'ru', line, loc=(*loc, k))}: указан дважды "
                    f"(впервые в строке {seen[k]}); оставьте один (иначе YAML молча возьмёт "
                    "последний)",
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
        return ConfigError(f"{path}: YAML error: {exc}", ru=f"{path}: ошибка YAML: {exc}")
    node, loc = found
    mark = node.start_mark
    where = _place(path, "en", mark.line + 1, mark.column + 1, loc)
    where_ru = _place(path, "ru", mark.line + 1, mark.column + 1, loc)
    if node.tag == "tag:yaml.org,2002:timestamp":
        return ConfigError(
            f"{where}: '{node.value}' is not a real date ({exc}); "
            "write an existing date as YYYY-MM-DD",
            ru=f"{where_ru}: даты '{node.value}' не существует ({exc}); "
            "напишите существующую дату как YYYY-MM-DD",
        )
    return ConfigError(
        f"{where}: cannot read '{node.value}' ({exc}); quote it if it is meant as text",
        ru=f"{where_ru}: не удаётся прочитать '{node.value}' ({exc}); "
        "возьмите в кавычки, если это текст",
    )


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
