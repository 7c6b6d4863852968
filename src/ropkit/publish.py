"""Putting a report where people read it: a format's renderer, files (one per manager if
asked), and mail. The renderers only format; the mail goes out through ``delivery``."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from ropkit.config import Config
from ropkit.errors import RopkitError
from ropkit.i18n import t
from ropkit.output import write_output

if TYPE_CHECKING:
    from ropkit.agenda import Agenda
    from ropkit.delivery.chat import Chat
    from ropkit.delivery.mail import MailSettings
    from ropkit.scorecard import Report

#: the formats that need the rows behind every figure and the timeline
DETAILED = ("xlsx", "html")
SUFFIXES = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".json": "json", ".txt": "table"}
_EXT = {"xlsx": ".xlsx", "html": ".html", "json": ".json", "table": ".txt"}
_UNSAFE = re.compile(r"[^\w\-. ]+")


def rendered(
    report: Report, fmt: str, templates: Path | None = None, width: int = 160
) -> str | bytes:
    """The report in ``fmt`` (table | json | xlsx | html): the one place formats are chosen."""
    if fmt == "json":
        from ropkit.render import jsonout

        return jsonout.render(report)
    if fmt == "xlsx":
        from ropkit.render import xlsx

        return xlsx.render(report)
    if fmt == "html":
        from ropkit.render import html

        return html.render(report, templates)
    return plain_text(report, width)


def plain_text(report: Report, width: int = 160) -> str:
    """The terminal tables without color: for a file, a pipe, or a mail's text part."""
    from rich.console import Console

    from ropkit.render import terminal

    buf = io.StringIO()
    terminal.render(report, Console(file=buf, width=width, no_color=True, force_terminal=False))
    return buf.getvalue()


def format_for(
    fmt: str, output: Path | None, default: str = "table", suffixes: Mapping[str, str] = SUFFIXES
) -> str:
    """The format asked for, or the one the output file's suffix names (-o report.xlsx)."""
    if fmt != default or output is None:
        return fmt
    return suffixes.get(output.suffix.lower(), fmt)


def per_manager_files(
    report: Report, fmt: str, folder: Path, inputs: Iterable[Path], templates: Path | None
) -> list[Path]:
    """One file per manager in ``folder``: their own report, named after them."""
    from ropkit.scorecard import for_manager

    written = []
    for card in report.managers:
        target = folder / f"{_file_stem(card.name)}{_EXT[fmt]}"
        write_output(rendered(for_manager(report, card.name), fmt, templates), target, inputs)
        written.append(target)
    return written


@dataclass(frozen=True)
class Outbox:
    """The messages to send, and what the user should hear about those not sent."""

    messages: list[EmailMessage]
    notes: list[str]
    smtp: MailSettings  # where they go (the config's mail: with the environment on top)


def outbox(
    config: Config,
    report: Report,
    to: list[str],
    per_manager: bool,
    only_if_red: bool,
    templates: Path | None,
    env: Mapping[str, str] | None = None,
) -> Outbox:
    """The head's message to ``to`` and, with ``per_manager``, each manager's own to their
    ``managers[].email``; ``only_if_red``: only where someone (that manager) is red."""
    from ropkit.delivery.mail import Attachment, compose, settings
    from ropkit.scorecard import for_manager

    smtp = settings(config.data.mail, os.environ if env is None else env)
    lang = report.language
    messages: list[EmailMessage] = []
    notes: list[str] = []
    red = set(report.red_managers)

    def message(rep: Report, recipients: list[str], manager: str | None) -> EmailMessage:
        from ropkit.render.text import mail_subject

        book = rendered(rep, "xlsx")
        assert isinstance(book, bytes)
        html = rendered(rep, "html", templates)
        assert isinstance(html, str)
        xlsx = Attachment(
            _attachment_name(rep, manager),
            book,
            "application",
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        return compose(
            smtp.sender, recipients, mail_subject(rep, manager), plain_text(rep, 100), html, [xlsx]
        )

    if to:
        if only_if_red and not red:
            notes.append(t("mail.nobody_red", lang))
        else:
            messages.append(message(report, to, None))
    if per_manager:
        emails = {m.name: m.email for m in config.data.managers}
        for card in report.managers:
            if only_if_red and card.name not in red:
                continue
            email = emails.get(card.name)
            if not email:
                notes.append(t("mail.no_email", lang, name=card.name))
                continue
            messages.append(message(for_manager(report, card.name), [email], card.name))
    return Outbox(messages, notes, smtp)


def _attachment_name(report: Report, manager: str | None) -> str:
    p = report.period
    stem = f"ropkit_{p.start.isoformat()}_{p.end.isoformat()}"
    if manager:
        stem += "_" + _file_stem(manager)
    return stem + ".xlsx"


def _file_stem(name: str) -> str:
    """A person's name as a file name: letters, digits, spaces, dots and dashes kept."""
    return _UNSAFE.sub("_", name).strip() or "manager"


def send(box: Outbox) -> None:
    """Send the outbox (the only network call); a failure is one :class:`RopkitError` line."""
    if not box.messages:
        return
    from ropkit.delivery.mail import send as smtp_send

    smtp_send(box.smtp, box.messages)


def split_addresses(text: str | None) -> list[str]:
    """``a@b.ru, c@d.ru`` -> the addresses; a word without ``@`` is an error."""
    if not text:
        return []
    found = [a.strip() for a in text.split(",") if a.strip()]
    for a in found:
        if "@" not in a:
            raise RopkitError("error.not_an_address", address=a)
    return found


# --- the stand-up agenda ------------------------------------------------------------------

AGENDA_SUFFIXES = {".md": "markdown", ".txt": "text", ".json": "json", ".html": "html"}


def agenda_rendered(agenda: Agenda, fmt: str, templates: Path | None = None) -> str:
    """The agenda in ``fmt`` (markdown | text | json | html)."""
    from ropkit.render import agenda as view

    if fmt == "json":
        return view.to_json(agenda)
    if fmt == "text":
        return view.text(agenda)
    if fmt == "html":
        from ropkit.render import html

        return html.render_agenda(agenda, templates)
    return view.markdown(agenda)


def commitment_entries(agenda: Agenda) -> list[dict[str, object]]:
    """One commitments-file entry per one-on-one manager with a question and red metric
    (the file leaves out those still open: :func:`ropkit.commitment_file.append`)."""
    from ropkit.commitment_file import entry
    from ropkit.render.agenda import question

    out: list[dict[str, object]] = []
    for item in agenda.individual:
        if item.question is None:
            continue
        asked = question(agenda, item) or ""
        for line in item.lines:
            out.append(entry(item.manager, line.metric.id, agenda.as_of.date(), line.gap, asked))
    return out


@dataclass(frozen=True)
class Post:
    manager: str
    to: str
    text: str


def chat_posts(config: Config, agenda: Agenda) -> tuple[list[Post], list[str]]:
    """Each manager's question with their figures, addressed as ``chat:`` says (to their
    ``bitrix_id`` / ``telegram``, or all to the ``group``); notes for those with no address."""
    from ropkit.render.agenda import message

    key = "bitrix_id" if _via(config) == "bitrix24" else "telegram"
    group = config.data.chat.group
    managers = {m.name: m for m in config.data.managers}
    posts: list[Post] = []
    notes: list[str] = []
    for item in agenda.individual:
        if item.question is None:
            continue
        man = managers.get(item.manager)
        own = getattr(man, key) if man is not None else None
        to = group if group is not None else own
        if to is None:
            notes.append(t("chat.no_address", agenda.language, name=item.manager, key=key))
            continue
        posts.append(Post(item.manager, str(to), message(agenda, item)))
    return posts, notes


def chat_settings(config: Config, env: Mapping[str, str] | None = None) -> Chat:
    """The chat ``chat.via`` names, with its secret from the environment (checked)."""
    from ropkit.delivery.chat import chat

    return chat(_via(config), os.environ if env is None else env)


def _via(config: Config) -> str:
    """``chat.via``, or an error saying to set it."""
    via = config.data.chat.via
    if via is None:
        raise RopkitError("chat.no_via", config=config.file)
    return via


def post_all(
    config: Config, posts: list[Post], env: Mapping[str, str] | None = None
) -> list[tuple[Post, RopkitError]]:
    """Send every post (the only network calls); a failure of one does not stop the others.
    Returns the failures."""
    from ropkit.delivery.chat import post

    if not posts:
        return []
    target = chat_settings(config, env)
    failed = []
    for p in posts:
        try:
            post(target, p.to, p.text)
        except RopkitError as exc:
            failed.append((p, exc))
    return failed
