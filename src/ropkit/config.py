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
from ropkit.metric_catalog import BUILTIN_METRICS
from ropkit.schema import TABLES, ColumnType

Scalar = str | int | float | bool
#: a plan or norm: a finite number, not below zero
Target = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Loc = tuple[str | int, ...]
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_COMPARISON_RE = re.compile(r"^\s*(>=|<=|!=|>|<|=)\s*-?\d+(?:[.,]\d+)?\s*$")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _parse_time(text: str) -> time:
    m = _TIME_RE.match(text.strip())
    if not m:
        raise ValueError(f"'{text}' is not a time; write it as HH:MM, e.g. 09:00")
    return time(int(m.group(1)), int(m.group(2)))


class _KeyValueError(ValueError):
    """A validation error about one key of a mapping: the message points at that key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


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
            hint = f"did you mean '{v.upper()}'?" if v.upper() in known else "e.g. RU, KZ, BY"
            raise ValueError(
                f"'{v}' is not a country code the holidays calendar knows; {hint} "
                "(or null for a Mon–Fri week)"
            ) from None
        return v

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        parts = v.split("-")
        if len(parts) != 2:
            raise ValueError(f"'{v}' is not a range of hours; write it as HH:MM-HH:MM")
        start, end = (_parse_time(p) for p in parts)
        if end <= start:
            raise ValueError(f"the working day '{v}' ends before it starts")
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
            raise ValueError(f"yellow ({self.yellow}) must not be above green ({self.green})")
        return self


class SourceConfig(_Model):
    path: str | Annotated[list[str], Field(min_length=1)]
    preset: str | None = None  # bitrix24.deals, amocrm.deals, …, generic; default: detected
    # canonical -> header (a list: the first non-empty of them)
    columns: dict[str, str | Annotated[list[str], Field(min_length=1)]] = {}
    set: dict[str, Scalar] = {}
    won: list[str] | None = None
    lost: list[str] | None = None
    kinds: dict[str, str] = {}  # value in the file -> canonical activity kind
    encoding: str | None = None
    delimiter: str | None = Field(None, min_length=1, max_length=1)

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            "Ж".encode(v, errors="replace")  # text encodings only (not base64, rot13…)
        except LookupError:
            raise ValueError(
                f"'{v}' is not a text encoding; use utf-8, utf-8-sig, cp1251 or utf-16"
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
            raise ValueError(
                "a metric needs exactly one of sum: <column>, count: true, new: <column>, "
                f"ratio: [a, b]; found {chosen or 'none'}"
            )
        if self.ratio is None and self.from_ is None:
            raise ValueError("a metric needs from: deals | activities | leads | tasks")
        return self


class Absence(_Model):
    from_: date = Field(alias="from")
    to: date
    reason: str | None = None

    @model_validator(mode="after")
    def _order(self) -> Absence:
        if self.to < self.from_:
            raise ValueError(f"absence ends ({self.to}) before it starts ({self.from_})")
        return self


class ManagerConfig(_Model):
    name: str = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        from ropkit.managers import name_key

        if not name_key(v):
            raise ValueError(f"'{v}' is not a name; write the manager's name as in the CRM")
        return v.strip()

    aliases: list[str] = []
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
            raise _KeyValueError(
                str(key), f"month '{key}' must be written as YYYY-MM, e.g. 2026-12"
            )
    return v


class NormsFile(_Model):
    """The whole norms.yaml, as written."""

    team: str = "Отдел продаж"
    language: Literal["ru", "en"] = "ru"
    currency: str = "RUB"
    calendar: CalendarConfig = CalendarConfig()
    status: StatusConfig = StatusConfig()
    sources: dict[
        Literal["deals", "activities", "leads", "tasks"], SourceConfig | list[SourceConfig]
    ] = {}
    metrics: dict[str, MetricConfig] = {}
    plan: dict[str, Target] = {}
    months: dict[str, dict[str, Target]] = {}
    norms: dict[str, dict[str, Target]] = {}
    managers: list[ManagerConfig] = []

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

    def where(self, *loc: str | int) -> str:
        """``norms.yaml, line 12, key sources.deals.path``: for messages about a config key."""
        if self.locator is None:
            return f"{self.file}, key {_dotted(loc)}"
        return self.locator.message(loc, "", "").removesuffix(": ")

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
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
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
            f"{path}: an alias refers to itself (&name … *name inside it); remove the loop"
        ) from None
    except ValueError as exc:  # a scalar YAML cannot build, e.g. the date 2026-02-30
        raise ConfigError(_bad_scalar(root, path, exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(
            f"{path}{where}: YAML syntax error: {exc.problem or exc.context}; "
            "check indentation and quotes there"
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML error: {exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}, line 1: the config must be a mapping of keys (team:, plan:, …)")
    locate = _Locator(root, path)
    try:
        data = NormsFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, locate, raw)) from None
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
            raise locate.error(loc, f"unknown metric '{mid}'", _suggest(mid, metrics))

    for mid, m in data.metrics.items():
        loc: Loc = ("metrics", mid)
        if m.ratio is not None:
            for i, part in enumerate(m.ratio):
                unknown_metric(part, (*loc, "ratio", i))
                if metrics[part].ratio is not None:
                    raise locate.error(
                        (*loc, "ratio", i), f"'{part}' is a ratio itself; use sum/count metrics"
                    )
            continue
        table = TABLES[m.from_ or ""]
        for key in ("date", "sum", "new"):
            col = getattr(m, key)
            if col is not None and col not in table.names:
                raise locate.error(
                    (*loc, key),
                    f"'{col}' is not a column of {table.name} (columns: {', '.join(table.names)})",
                    _suggest(col, table.names),
                )
        for col in m.where:
            if col not in table.names:
                raise locate.error(
                    (*loc, "where", col),
                    f"'{col}' is not a column of {table.name} (columns: {', '.join(table.names)})",
                    _suggest(col, table.names),
                )
        _check_types(m, table.name, loc, locate)
    for mode, norms in data.norms.items():
        for mid in norms:
            if mid in metrics and metrics[mid].ratio is not None:
                raise locate.error(
                    ("norms", mode, mid),
                    f"'{mid}' is a ratio; a daily norm does not apply to it",
                    "give it a target under plan: instead",
                )
    for table_name in data.sources:
        sources = data.sources[table_name]
        for i, src in enumerate(sources if isinstance(sources, list) else [sources]):
            base: Loc = (
                ("sources", table_name, i) if isinstance(sources, list) else ("sources", table_name)
            )
            names = TABLES[table_name].names
            if src.preset is not None:
                from ropkit.sources.presets import presets_for

                ids = ["generic", *(p.id for p in presets_for(table_name))]
                if src.preset not in ids:
                    raise locate.error(
                        (*base, "preset"),
                        f"unknown preset '{src.preset}' for {table_name} "
                        f"(presets: {', '.join(ids)})",
                        _suggest(src.preset, ids) or "leave it out to detect it from the headers",
                    )
            for col in (*src.columns, *src.set):
                if col not in names:
                    key = "columns" if col in src.columns else "set"
                    raise locate.error(
                        (*base, key, col),
                        f"'{col}' is not a column of {table_name} (columns: {', '.join(names)})",
                        _suggest(col, names)
                        or f"the keys under {key}: are these names; "
                        + (
                            "the file's header goes on the right, e.g. amount: Сумма"
                            if key == "columns"
                            else "the value goes on the right, e.g. kind: proposal"
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
            raise locate.error(
                ("managers", i, "mode"),
                f"mode '{man.mode}' has no norms (modes: {', '.join(data.norms) or 'none'})",
                _suggest(man.mode, list(data.norms)) or "add it under norms:",
            )
        for mid in (*man.plan, *man.norms):
            where = "plan" if mid in man.plan else "norms"
            unknown_metric(mid, ("managers", i, where, mid))
        for month, targets in man.months.items():
            for mid in targets:
                unknown_metric(mid, ("managers", i, "months", month, mid))
        from ropkit.managers import name_key  # pure, tiny

        for name in (man.name, *man.aliases):
            key = name_key(name)
            if key in seen and seen[key] != i:
                raise locate.error(
                    ("managers", i, "name"),
                    f"'{name}' is the same person as managers[{seen[key]}]; "
                    "keep one entry and list other spellings in aliases:",
                )
            seen[key] = i


_NUMERIC = {ColumnType.MONEY, ColumnType.NUMBER, ColumnType.DURATION, ColumnType.TIME}


def _check_types(m: MetricConfig, table: str, loc: Loc, locate: _Locator) -> None:
    """A sum needs numbers, a date needs dates, a comparison needs a number column."""
    columns = TABLES[table].columns_by_name
    if m.sum is not None and columns[m.sum].type not in _NUMERIC:
        raise locate.error(
            (*loc, "sum"),
            f"'{m.sum}' holds {columns[m.sum].type.value}, not numbers",
            "sum a number column such as amount or units",
        )
    if m.date is not None and columns[m.date].type is not ColumnType.DATETIME:
        dates = [c.name for c in columns.values() if c.type is ColumnType.DATETIME]
        raise locate.error(
            (*loc, "date"), f"'{m.date}' is not a date column", f"use one of {', '.join(dates)}"
        )
    for col, spec in m.where.items():
        kind = columns[col].type
        values = spec if isinstance(spec, list) else [spec]
        comparison = any(isinstance(v, str) and _COMPARISON_RE.match(v) for v in values)
        if comparison and kind not in _NUMERIC:
            raise locate.error(
                (*loc, "where", col),
                f"'{col}' holds {kind.value}; a comparison needs a number column",
                f"write a value, e.g. {col}: …",
            )
        flags = [v for v in values if isinstance(v, bool)]
        if (kind is ColumnType.BOOL) != (len(flags) == len(values)):
            raise locate.error(
                (*loc, "where", col),
                f"'{col}' holds {kind.value}",
                "write " + ("true or false" if kind is ColumnType.BOOL else "a value"),
            )


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


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


def _explain(exc: ValidationError, locate: _Locator, raw: Any) -> str:
    err = exc.errors()[0]
    loc = _yaml_loc(err["loc"], raw)
    kind = err["type"]
    error = err.get("ctx", {}).get("error")
    if isinstance(error, _KeyValueError):
        loc = (*loc, error.key)
    if kind == "extra_forbidden":
        return locate.message(
            loc,
            "unknown key",
            _suggest(str(loc[-1]), _all_keys())
            or "remove it or check norms.example.yaml for the keys",
        )
    if kind == "missing":
        return locate.message(loc, "this key is required", "add it")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        hint = _suggest(str(err.get("input")), re.findall(r"'([^']+)'", expected))
        return locate.message(loc, f"'{err.get('input')}' is not allowed; use {expected}", hint)
    msg, fix = _TYPE_ERRORS.get(kind, (err["msg"].removeprefix("Value error, "), ""))
    if kind in _TYPE_ERRORS and {"str", "int", "float", "bool"} & set(err["loc"]):
        # a union like `str | list[str]`: pydantic reports its first member only
        msg, fix = (
            ("must be a file path or a list of paths", "quote it if it looks like a number")
            if loc and loc[-1] == "path"
            else ("must be a plain value (text, a number, true/false) or a list of them", "")
        )
    value = err.get("input")
    shown = (
        f" (got {value!r})"
        if isinstance(value, str | int | float) and kind != "value_error"
        else ""
    )
    return locate.message(loc, f"{msg}{shown}", fix)


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
        line = self.line(loc)
        words = ("строка", "ключ") if lang == "ru" else ("line", "key")
        where = f", {words[0]} {line}" if line else ""
        key = _dotted(loc)
        keytext = f", {words[1]} {key}" if key else ""
        tail = f"; {fix}" if fix else ""
        return f"{self.path}{where}{keytext}: {what}{tail}"

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
                    f"{path}, line {line}, key {_dotted((*loc, k))}: given twice "
                    f"(first on line {seen[k]}); keep one (YAML would silently use the last)"
                )
            seen[k] = line
            _check_duplicate_keys(value, path, (*loc, k))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_duplicate_keys(item, path, (*loc, i))


def _bad_scalar(root: yaml.Node | None, path: Path, exc: ValueError) -> str:
    """Name the value YAML could not build (PyYAML gives no line for it): line, column, key."""
    found = _find_bad_scalar(root, ())
    if found is None:
        return f"{path}: YAML error: {exc}"
    node, loc = found
    mark = node.start_mark
    keytext = f", key {_dotted(loc)}" if loc else ""
    where = f"{path}, line {mark.line + 1}, column {mark.column + 1}{keytext}"
    if node.tag == "tag:yaml.org,2002:timestamp":
        return (
            f"{where}: '{node.value}' is not a real date ({exc}); "
            "write an existing date as YYYY-MM-DD"
        )
    return f"{where}: cannot read '{node.value}' ({exc}); quote it if it is meant as text"


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
