"""`ropkit check`: how each export was read, every row accounted for, and data quality."""

from __future__ import annotations

from collections import Counter

from ropkit.i18n import reason_text, t
from ropkit.quality import Quality
from ropkit.sources.load import Dataset, FileInfo
from ropkit.sources.normalize import MAX_EXAMPLES, RowCount

_LIST = 20  # values shown per finding (the most rows first), unless --all


def render(dataset: Dataset, quality: Quality, lang: str, show_all: bool = False) -> str:
    """The check report as plain text lines; lists of values are cut at the top 20 by rows
    unless ``show_all``."""
    lines: list[str] = []
    for info in dataset.files:
        lines.extend(_file(info, lang))
    lines.append("")
    for table, count in dataset.rows.items():
        lines.append(f"{table}: {_count(count, lang)}")
    lines.append("")
    lines.append(t("check.quality", lang) + ":")
    findings = _findings(quality, lang, None if show_all else _LIST)
    lines.extend(f"  • {f}" for f in findings) if findings else lines.append(
        "  " + t("check.clean", lang)
    )
    lines.append("")
    limit = quality.max_rejected
    for table in quality.over_rejected:
        c = dataset.rows[table]
        numbers = {"rejected": c.rejected, "read": c.read, "share": c.rejected_share}
        lines.append(t("check.verdict_bad", lang, table=table, limit=limit, **numbers))
    if not quality.over_rejected:
        lines.append(t("check.verdict_ok", lang, limit=limit))
    return "\n".join(lines) + "\n"


def _file(info: FileInfo, lang: str) -> list[str]:
    lines = [
        f"{info.name}: {info.preset}, "
        + t("check.mapped", lang, n=len(info.mapped))
        + f" ({info.note})"
    ]
    if info.cut:
        lines.append("  " + t("warn.cut", lang, file=info.name))
    if info.cached == "hit":
        lines.append("  " + t("check.cached", lang))
    elif info.cached in ("grown", "appended"):
        lines.append("  " + t(f"check.{info.cached}", lang))
    mapped = ", ".join(f"{canon} ← {header}" for canon, header in info.mapped.items())
    lines.append(f"  {t('check.columns', lang)}: {mapped}")
    lines.append(f"  {t('rows', lang)}: {_count(info.rows, lang)}")
    if info.skipped:
        lines.append("  " + t("check.skipped", lang, n=info.skipped))
    for r in info.rows.examples[:MAX_EXAMPLES]:
        where = (
            t("check.where", lang, row=r.row, column=r.column, value=r.value)
            if r.column
            else t("check.where_row", lang, row=r.row)
        )
        lines.append(f"    {where}: {reason_text(r.reason, lang)}")
    return lines


def _count(c: RowCount, lang: str) -> str:
    text = (
        f"{t('read', lang)} {c.read}, {t('used', lang)} {c.used}, "
        f"{t('rejected', lang)} {c.rejected}"
    )
    if c.reasons:
        why = ", ".join(f"{reason_text(r, lang)} — {n}" for r, n in sorted(c.reasons.items()))
        text += f" ({why})"
    if c.not_on_team:
        text += f"; {t('not_on_team', lang)} {c.not_on_team}"
    if c.folded:
        text += "; " + t("check.folded", lang, n=c.folded)
    return text


def _findings(q: Quality, lang: str, most: int | None) -> list[str]:
    def _top(counter: Counter[str]) -> str:
        shown = [f"{k} ({n})" for k, n in counter.most_common(most)]
        more = len(counter) - len(shown)
        return ", ".join(shown) + (", " + t("check.more", lang, n=more) if more > 0 else "")

    out: list[str] = []
    if q.open_stages:
        out.append(t("check.open_stages", lang) + ": " + _top(q.open_stages))
    if q.unknown_kinds:
        out.append(t("check.unknown_kinds", lang) + ": " + _top(q.unknown_kinds))
    if q.won_without_amount:
        out.append(t("check.no_amount", lang, n=q.won_without_amount))
    if q.closed_without_date:
        out.append(t("check.no_close_date", lang, n=q.closed_without_date))
    if q.placeholder_dates:
        out.append(t("check.placeholders", lang) + ": " + _top(q.placeholder_dates))
    if q.short_calls:
        out.append(t("check.short_calls", lang, n=q.short_calls, s=q.short_call_seconds))
    if q.outsiders:
        out.append(t("check.outsiders", lang) + ": " + _top(q.outsiders))
    if q.unmatched_ids:
        out.append(t("check.unmatched_ids", lang) + ": " + _top(q.unmatched_ids))
    if q.without_rows:
        out.append(t("check.without_rows", lang) + ": " + ", ".join(q.without_rows))
    for table, found in q.repeated_ids.items():
        by_file: dict[str, list[str]] = {}
        for name, row in found.first:
            by_file.setdefault(name, []).append(str(row))
        rows = "; ".join(
            t("check.file_rows", lang, file=name, rows=", ".join(numbers))
            for name, numbers in by_file.items()
        )
        out.append(t("check.repeated_ids", lang, table=table, n=found.rows, rows=rows))
    return out
