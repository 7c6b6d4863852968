"""Mail from cron against a real SMTP server on localhost (aiosmtpd): plain relay,
STARTTLS with a login, a bad login, a refused connection, --only-if red, --per-manager."""

from __future__ import annotations

import io
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from typer.testing import CliRunner

from tests.conftest import run_cli

# Анна: 1 call of a norm of 2 a day (red); Борис: 40 calls (green). November 2026.
CONFIG = """
team: Отдел Т
language: en
sources:
  activities:
    path: calls.csv
    columns: {manager: Агент, at: Время}
    set: {kind: call_out}
norms:
  all: {calls_out: 2}
managers:
  - {name: Анна Смирнова, email: anna@firm.ru}
  - {name: Борис Волков, email: boris@firm.ru}
  - {name: Вера Орлова}
"""
CALLS = "Агент,Время\nАнна Смирнова,2026-11-02 10:00\n" + "".join(
    f"Борис Волков,2026-11-{d:02d} {h}:00\n" for d in range(2, 22) for h in (10, 11)
)


@dataclass
class Inbox:
    """What the server received: (envelope recipients, parsed message)."""

    got: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.got.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def relay() -> Iterator[tuple[Inbox, int]]:
    """A plain SMTP relay on localhost."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def _check_login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"head", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, int]]:
    """STARTTLS with a self-signed certificate for localhost (trusted through SSL_CERT_FILE)
    and a login."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=_check_login,
        auth_required=True,
    )
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def team(project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ROPKIT_SMTP_USER", "ROPKIT_SMTP_PASSWORD", "ROPKIT_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ROPKIT_MAIL_FROM", "ropkit@firm.ru")
    return project(**{"norms.yaml": CONFIG, "calls.csv": CALLS})


def _smtp(
    monkeypatch: pytest.MonkeyPatch, port: int, security: str, host: str = "127.0.0.1"
) -> None:
    monkeypatch.setenv("ROPKIT_SMTP_HOST", host)
    monkeypatch.setenv("ROPKIT_SMTP_PORT", str(port))
    monkeypatch.setenv("ROPKIT_SMTP_SECURITY", security)


def _report(runner: CliRunner, config: Path, *args: str) -> Any:
    return run_cli(runner, "report", "-c", str(config), "--date", "2026-11-30", *args)


def _parts(msg: EmailMessage) -> tuple[str, str, list[tuple[str, bytes]]]:
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    files = [(str(a.get_filename()), a.get_payload(decode=True)) for a in msg.iter_attachments()]
    return str(text.get_content()), str(html.get_content()), files  # type: ignore[misc]


def test_the_head_gets_html_text_and_the_workbook(
    runner: CliRunner, team: Path, relay: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = relay
    _smtp(monkeypatch, port, "none")
    out = team.parent / "out" / "report.xlsx"
    result = _report(runner, team, "--mail-to", "head@firm.ru, deputy@firm.ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file()
    [(to, msg)] = inbox.got
    assert to == ["head@firm.ru", "deputy@firm.ru"]
    # 2 of the 3 managers are red: Анна (1 call of 40 due) and Вера (none)
    assert msg["Subject"] == "Отдел Т: month November 1 – 30, 2026 — 2 of 3 managers red"
    assert msg["From"] == "ropkit@firm.ru"
    text, html, files = _parts(msg)
    assert "Анна Смирнова" in text and "Борис Волков" in text
    assert "Анна Смирнова" in html and "<table" in html
    [(name, data)] = files
    assert name == "ropkit_2026-11-01_2026-11-30.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames
    assert "1 messages sent (head@firm.ru, deputy@firm.ru)" in result.stderr


def test_starttls_and_a_login_with_the_password_from_the_environment(
    runner: CliRunner, team: Path, tls_server: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = tls_server
    _smtp(monkeypatch, port, "starttls", host="localhost")
    monkeypatch.setenv("ROPKIT_SMTP_USER", "head")
    monkeypatch.setenv("ROPKIT_SMTP_PASSWORD", "s3cret")
    result = _report(runner, team, "--mail-to", "head@firm.ru")
    assert result.exit_code == 0, result.output
    assert len(inbox.got) == 1
    assert "s3cret" not in result.output


def test_a_bad_login_is_one_line_and_the_report_is_still_on_disk(
    runner: CliRunner, team: Path, tls_server: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = tls_server
    _smtp(monkeypatch, port, "starttls", host="localhost")
    monkeypatch.setenv("ROPKIT_SMTP_USER", "head")
    monkeypatch.setenv("ROPKIT_SMTP_PASSWORD", "wrong")
    out = team.parent / "report.html"
    result = _report(runner, team, "--mail-to", "head@firm.ru", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: mail not sent: localhost:{port} refused the login of 'head'; check "
        "ROPKIT_SMTP_USER and ROPKIT_SMTP_PASSWORD\n"
    )
    assert out.is_file() and inbox.got == []
    assert "wrong" not in result.output


def test_a_refused_connection_is_one_line_and_the_report_is_still_on_disk(
    runner: CliRunner, team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()  # nobody listens there
    _smtp(monkeypatch, port, "none")
    out = team.parent / "report.xlsx"
    result = _report(runner, team, "--mail-to", "head@firm.ru", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: mail not sent: cannot deliver through 127.0.0.1:{port}"
    )
    assert result.stderr.count("\n") == 1
    assert out.is_file()


def test_only_if_red_sends_nothing_when_nobody_is_red(
    runner: CliRunner,
    project: Callable[..., Path],
    relay: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, port = relay
    _smtp(monkeypatch, port, "none")
    monkeypatch.setenv("ROPKIT_MAIL_FROM", "ropkit@firm.ru")
    # a norm of 0.05 call a day (1 in November's 20 days), without Вера: Анна's 1 call and
    # Борис's 40 are green
    calm = CONFIG.replace("calls_out: 2", "calls_out: 0.05")
    calm = calm.replace("  - {name: Вера Орлова}\n", "")
    config = project(**{"norms.yaml": calm, "calls.csv": CALLS})
    result = _report(runner, config, "--mail-to", "head@firm.ru", "--only-if", "red")
    assert result.exit_code == 0, result.output
    assert inbox.got == []
    assert "nobody is red: no mail sent (--only-if red)" in result.stderr
    # with someone red (a norm of 2 a day: Анна has 1 call), it goes
    config = project(**{"norms.yaml": CONFIG, "calls.csv": CALLS})
    result = _report(runner, config, "--mail-to", "head@firm.ru", "--only-if", "red")
    assert result.exit_code == 0, result.output
    assert len(inbox.got) == 1


def test_each_manager_gets_their_own_report_and_no_one_elses_name(
    runner: CliRunner, team: Path, relay: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = relay
    _smtp(monkeypatch, port, "none")
    folder = team.parent / "each"
    result = _report(runner, team, "--per-manager", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "Анна Смирнова.html",
        "Борис Волков.html",
        "Вера Орлова.html",
    ]
    assert "Вера Орлова: no managers[].email, so their own report is not sent" in result.stderr
    got = {to[0]: msg for to, msg in inbox.got}
    assert sorted(got) == ["anna@firm.ru", "boris@firm.ru"]
    for email, own, other in (
        ("anna@firm.ru", "Анна Смирнова", "Борис Волков"),
        ("boris@firm.ru", "Борис Волков", "Анна Смирнова"),
    ):
        text, html, files = _parts(got[email])
        assert own in html and own in text
        assert other not in html and other not in text
        book = openpyxl.load_workbook(io.BytesIO(files[0][1]))
        cells = [c.value for ws in book for row in ws.iter_rows() for c in row]
        assert own in cells and other not in cells
    assert got["anna@firm.ru"]["Subject"] == "Отдел Т: Анна Смирнова, month November 1 – 30, 2026"
