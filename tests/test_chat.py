"""`ropkit agenda --send` against a real HTTP server on localhost that answers as the
Bitrix24 incoming webhook (``im.message.add``) and the Telegram Bot API (``sendMessage``)
document: each red manager's question goes out, a refusal or an unreachable chat is one line
per manager (the others are still sent, exit 1), the secret is never printed.

The figures, worked out by hand. November 2026 has 20 working days (4 Nov is a holiday);
the working day is 09:00-18:00, so at 09:00 on Wed 25 Nov (the as-of moment) 16 days have
passed (2, 3, 5, 6, 9-13, 16-20, 23, 24 Nov) and 4 remain (25-27, 30 Nov).
A norm of 10 outgoing calls a day: 10 * 16 = 160 due to date, 10 * 20 = 200 in the month.
- Анна: no calls: 0 of 160 (0%, behind by 160 = 100%) -> red; the pace the month needs:
  (200 - 0) / 4 = 50 a day.
- Борис: 20 calls on each of the 16 days = 320 of 160 -> green, no question.
- Вера: 5 calls: 5 of 160 (3.1%, shown rounded down: 3%; behind by 155 = 96.9%, shown
  rounded: 97%) -> red; (200 - 5) / 4 = 48.75 -> 49 a day.
Both red managers have a red activity metric, so both get the activity question; Анна is
the worse, so she comes first.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast

import pytest
from typer.testing import CliRunner, Result

from ropkit.cli import app

AS_OF = "2026-11-25T09:00"
WEBHOOK_KEY = "secretkey"
TOKEN = "123:ABC"
BITRIX_PATH = f"/rest/1/{WEBHOOK_KEY}/im.message.add.json"
TELEGRAM_PATH = f"/bot{TOKEN}/sendMessage"

# 16 working days of November 2026 before the 25th (4 Nov, a Wednesday, is a holiday)
WORKDAYS = (2, 3, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24)
CALLS = (
    "id,manager,kind,at\n"
    + "".join(
        f"b{d}-{k},Борис Волков,call_out,2026-11-{d:02d} 10:{k:02d}\n"
        for d in WORKDAYS
        for k in range(20)
    )
    + "".join(f"v{k},Вера Орлова,call_out,2026-11-02 11:{k:02d}\n" for k in range(5))
)

VERA = "bitrix_id: 31, telegram: 1003"

ANNA_TEXT = (
    "Анна Смирнова, for the stand-up on November 25, 2026:\n"
    "Outgoing calls: 0 against 160 due to date: 0% ✗, behind by 160 (100%)\n"
    "Question: Outgoing calls: 0 against 160 due to date. What stops you from doing 50 today, "
    "the daily pace the plan needs?\n"
    "Please reply with an explanation, corrective actions and a deadline."
)
VERA_FIGURES = "Outgoing calls: 5 against 160 due to date: 3% ✗, behind by 155 (97%)"
VERA_QUESTION = "What stops you from doing 49 today"


def norms(chat: str | None = "{via: bitrix24}", vera: str = VERA, language: str = "en") -> str:
    """The team's config: ``chat:`` as given (None: no such section), Вера's own keys."""
    lines = [
        "team: Отдел Т",
        f"language: {language}",
        "sources:",
        "  activities: {path: activities.csv}",
        "norms:",
        "  sales: {calls_out: 10}",
    ]
    if chat is not None:
        lines.append(f"chat: {chat}")
    lines += [
        "managers:",
        "  - {name: Анна Смирнова, mode: sales, bitrix_id: 17, telegram: 1001}",
        "  - {name: Борис Волков, mode: sales, bitrix_id: 23, telegram: 1002}",
        f"  - {{name: Вера Орлова, mode: sales, {vera}}}",
    ]
    return "\n".join(lines) + "\n"


# --- a fake Bitrix24 / Telegram on 127.0.0.1 ----------------------------------------------


@dataclass(frozen=True)
class Got:
    """One request the server received."""

    method: str
    path: str
    content_type: str
    body: Any  # the parsed JSON (the raw text if it was not JSON)


@dataclass
class Api:
    """What the server received, and the dialogs / chats it refuses (as the API does for a
    dialog that does not exist)."""

    port: int = 0
    got: list[Got] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        """The status and JSON the real API gives for this request."""
        if not isinstance(body, dict):
            return 400, {"error": "ERROR_ARGUMENT", "error_description": "Invalid JSON"}
        if path == BITRIX_PATH:
            if str(body.get("DIALOG_ID")) in self.refuse:
                return 400, {
                    "error": "ERROR_ARGUMENT",
                    "error_description": "Dialog ID can't be empty",
                }
            return 200, {
                "result": 123,
                "time": {
                    "start": 1795586400.1,
                    "finish": 1795586400.2,
                    "duration": 0.1,
                    "processing": 0.05,
                    "date_start": "2026-11-25T09:00:00+03:00",
                    "date_finish": "2026-11-25T09:00:00+03:00",
                },
            }
        if path == TELEGRAM_PATH:
            if str(body.get("chat_id")) in self.refuse:
                return 400, {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: chat not found",
                }
            return 200, {
                "ok": True,
                "result": {
                    "message_id": len(self.got),
                    "date": 1795586400,
                    "chat": {"id": int(body.get("chat_id", 0)), "type": "private"},
                    "text": body.get("text"),
                },
            }
        if path.startswith("/bot"):  # a wrong token or method
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        return 401, {"error": "INVALID_CREDENTIALS", "error_description": "Invalid credentials"}


class _Server(ThreadingHTTPServer):
    api: Api


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        api = cast(_Server, self.server).api
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw
        api.got.append(Got("POST", self.path, self.headers.get("Content-Type", ""), body))
        status, answer = api.answer(self.path, body)
        data = json.dumps(answer).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # keep the test output clean
        pass


@pytest.fixture
def api() -> Iterator[Api]:
    """A real HTTP server on a free port of 127.0.0.1, stopped after the test."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.api = Api(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.api
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No webhook or token from the developer's shell, and no proxy between urllib and
    127.0.0.1 (a proxy would answer instead of the test's server)."""
    for name in (
        "ROPKIT_BITRIX_WEBHOOK",
        "ROPKIT_TELEGRAM_TOKEN",
        "ROPKIT_TELEGRAM_API",
        "http_proxy",
        "HTTP_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def team(project: Callable[..., Path]) -> Callable[..., Path]:
    """Write norms.yaml (see :func:`norms`) and the calls; return the config's path."""

    def write(**options: Any) -> Path:
        return project(**{"norms.yaml": norms(**options), "activities.csv": CALLS})

    return write


def _bitrix(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    monkeypatch.setenv("ROPKIT_BITRIX_WEBHOOK", f"{base}/rest/1/{WEBHOOK_KEY}/")


def _telegram(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    monkeypatch.setenv("ROPKIT_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("ROPKIT_TELEGRAM_API", base)


def _agenda(runner: CliRunner, config: Path, *args: str) -> Result:
    return runner.invoke(app, ["agenda", "-c", str(config), "--date", AS_OF, "--send", *args])


def _no_traceback(result: Result) -> None:
    """The CLI ended through its own exit (CliRunner keeps any other exception instead of
    printing a traceback)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


# --- sending ---------------------------------------------------------------------------


def test_bitrix24_gets_each_red_managers_question_in_their_dialog(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bitrix(monkeypatch, api.base)
    result = _agenda(runner, team())
    assert result.exit_code == 0, result.output
    # Анна (0%) and Вера (3%) are red, Анна first; Борис (200%) is green and gets nothing
    assert [(g.method, g.path) for g in api.got] == [("POST", BITRIX_PATH)] * 2
    assert [g.body["DIALOG_ID"] for g in api.got] == ["17", "31"]
    assert all(g.content_type.startswith("application/json") for g in api.got)
    assert sorted(api.got[0].body) == ["DIALOG_ID", "MESSAGE"]
    assert api.got[0].body["MESSAGE"] == ANNA_TEXT
    vera = api.got[1].body["MESSAGE"]
    assert vera.startswith("Вера Орлова, for the stand-up on November 25, 2026:\n")
    assert VERA_FIGURES in vera and VERA_QUESTION in vera
    assert "Анна" not in vera and "Борис" not in vera
    # the agenda itself still goes to stdout; the notes about sending go to stderr
    assert "### 1. Анна Смирнова" in result.stdout
    assert result.stderr == "sent to the chat: 2\n"


def test_telegram_gets_the_same_messages_in_each_managers_chat(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _telegram(monkeypatch, api.base)
    result = _agenda(runner, team(chat="{via: telegram}"))
    assert result.exit_code == 0, result.output
    assert [g.path for g in api.got] == [TELEGRAM_PATH] * 2
    assert [g.body["chat_id"] for g in api.got] == ["1001", "1003"]
    assert sorted(api.got[0].body) == ["chat_id", "text"]
    assert api.got[0].body["text"] == ANNA_TEXT
    assert VERA_FIGURES in api.got[1].body["text"]
    assert result.stderr == "sent to the chat: 2\n"


def test_a_group_chat_gets_every_question(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bitrix(monkeypatch, api.base)
    # Вера has no bitrix_id of her own: with a group, none is needed
    result = _agenda(runner, team(chat="{via: bitrix24, group: chat42}", vera="telegram: 1003"))
    assert result.exit_code == 0, result.output
    assert [g.body["DIALOG_ID"] for g in api.got] == ["chat42", "chat42"]
    assert api.got[0].body["MESSAGE"] == ANNA_TEXT
    assert api.got[1].body["MESSAGE"].startswith("Вера Орлова, ")
    assert result.stderr == "sent to the chat: 2\n"


# --- failures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("via", "refused", "description", "secret"),
    [
        ("bitrix24", "17", "Dialog ID can't be empty", WEBHOOK_KEY),
        ("telegram", "1001", "Bad Request: chat not found", TOKEN),
    ],
)
def test_a_refused_post_is_one_line_and_the_others_are_sent(
    runner: CliRunner,
    team: Callable[..., Path],
    api: Api,
    monkeypatch: pytest.MonkeyPatch,
    via: str,
    refused: str,
    description: str,
    secret: str,
) -> None:
    (_bitrix if via == "bitrix24" else _telegram)(monkeypatch, api.base)
    # Анна's dialog / chat (the first post): HTTP 400 with the API's error body
    api.refuse.add(refused)
    result = _agenda(runner, team(chat=f"{{via: {via}}}"))
    assert result.exit_code == 1
    _no_traceback(result)
    # Анна's was tried and refused; Вера's still went out after it
    assert len(api.got) == 2
    assert "Вера Орлова, for the stand-up" in json.dumps(api.got[1].body, ensure_ascii=False)
    assert result.stderr == (
        f"Анна Смирнова: not sent (the chat refused the message: {description})\n"
        "sent to the chat: 1\n"
        "Error: not all sent: 1 failed\n"
    )
    # the webhook's key / the bot token is in the URL only, never in what is printed
    assert secret not in result.stdout and secret not in result.stderr


def test_a_refusal_is_said_in_the_configs_language(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROPKIT_LANG", "ru")
    _telegram(monkeypatch, api.base)
    api.refuse.add("1003")
    result = _agenda(runner, team(chat="{via: telegram}", language="ru"))
    assert result.exit_code == 1
    assert api.got[0].body["text"].startswith("Анна Смирнова, к планёрке 25 ноября 2026:\n")
    assert result.stderr == (
        "Вера Орлова: не отправлено (чат не принял сообщение: Bad Request: chat not found)\n"
        "отправлено в чат: 1\n"
        "Ошибка: отправлено не всё: ошибок — 1\n"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_chat_is_one_line_per_manager(
    runner: CliRunner, team: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _bitrix(monkeypatch, f"http://127.0.0.1:{_free_port()}")  # nobody listens there
    result = _agenda(runner, team())
    assert result.exit_code == 1
    _no_traceback(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    for line, name in zip(lines, ("Анна Смирнова", "Вера Орлова"), strict=False):
        assert line.startswith(f"{name}: not sent (the chat cannot be reached: "), line
        assert "refused" in line.lower()
    assert lines[2:] == ["sent to the chat: 0", "Error: not all sent: 2 failed"]
    assert WEBHOOK_KEY not in result.stdout and WEBHOOK_KEY not in result.stderr


def test_dry_run_shows_the_messages_and_sends_nothing(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bitrix(monkeypatch, api.base)  # a real send would reach the server
    result = _agenda(runner, team(), "--dry-run")
    assert result.exit_code == 0, result.output
    assert api.got == []
    assert f"--dry-run: Анна Смирнова (17) would get:\n{ANNA_TEXT}\n" in result.stderr
    assert "--dry-run: Вера Орлова (31) would get:\nВера Орлова, " in result.stderr
    assert "Борис Волков" not in result.stderr  # green: nothing to ask
    assert "sent to the chat" not in result.stderr


# --- who gets nothing, and what is missing ----------------------------------------------


def test_a_manager_without_a_bitrix_id_is_named_and_the_others_are_sent(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bitrix(monkeypatch, api.base)
    result = _agenda(runner, team(vera="telegram: 1003"))
    assert result.exit_code == 0, result.output
    assert [g.body["DIALOG_ID"] for g in api.got] == ["17"]
    assert result.stderr == (
        "Вера Орлова: no managers[].bitrix_id; the question was not sent\nsent to the chat: 1\n"
    )


@pytest.mark.parametrize(
    ("via", "said"),
    [
        (
            "bitrix24",
            "Error: no Bitrix24 webhook: set the environment variable ROPKIT_BITRIX_WEBHOOK "
            "(e.g. https://portal.bitrix24.ru/rest/1/abc/)\n",
        ),
        (
            "telegram",
            "Error: no Telegram bot token: set the environment variable ROPKIT_TELEGRAM_TOKEN\n",
        ),
    ],
)
def test_no_webhook_or_token_in_the_environment_is_one_line(
    runner: CliRunner, team: Callable[..., Path], via: str, said: str
) -> None:
    # clean_environment removed both variables
    result = _agenda(runner, team(chat=f"{{via: {via}}}"))
    assert result.exit_code == 1
    _no_traceback(result)
    assert result.stderr == said


def test_no_chat_section_is_one_line(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bitrix(monkeypatch, api.base)  # the webhook alone does not say where to send
    config = team(chat=None)
    result = _agenda(runner, config)
    assert result.exit_code == 1
    _no_traceback(result)
    assert result.stderr == (
        f"Error: nowhere to send: add chat: {{via: bitrix24}} or {{via: telegram}} to {config}\n"
    )
    assert api.got == []


def test_an_absent_manager_gets_no_question_and_no_message(
    runner: CliRunner, team: Callable[..., Path], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bitrix(monkeypatch, api.base)
    # Вера is away 23-27 Nov, the as-of day among them. Her norm loses 23 and 24 Nov:
    # 10 * 14 = 140 due, 5 done (3.6%, shown 3%; behind by 135 = 96.4%, shown 96%): still
    # red, so only the absence keeps her question back
    away = VERA + ", absences: [{from: 2026-11-23, to: 2026-11-27}]"
    result = _agenda(runner, team(vera=away))
    assert result.exit_code == 0, result.output
    assert "### 2. Вера Орлова" in result.stdout
    assert "| Outgoing calls | 3% ✗ | 5 | 140 | 135 (97%) | 0 · — |" in result.stdout
    assert "_away: ask when back_" in result.stdout
    assert [g.body["DIALOG_ID"] for g in api.got] == ["17"]
    assert api.got[0].body["MESSAGE"] == ANNA_TEXT
    assert result.stderr == "sent to the chat: 1\n"


def test_a_webhook_without_a_scheme_is_one_line_without_the_secret(
    runner: CliRunner, team: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROPKIT_BITRIX_WEBHOOK", f"portal.bitrix24.ru/rest/1/{WEBHOOK_KEY}/")
    for dry in ((), ("--dry-run",)):  # a dry run checks what the real send would need
        result = _agenda(runner, team(), *dry)
        assert result.exit_code == 1
        _no_traceback(result)
        assert result.stderr == (
            "Error: ROPKIT_BITRIX_WEBHOOK is not a Bitrix24 webhook URL; it looks like "
            "https://portal.bitrix24.ru/rest/1/abc/\n"
        )
        assert WEBHOOK_KEY not in result.stdout + result.stderr


def test_a_server_that_does_not_speak_http_is_one_line_per_manager(
    runner: CliRunner, team: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # something else listens on the port (a mail server's greeting, then it hangs up)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def greet() -> None:
            for _ in range(2):  # one connection per manager
                conn, _ = listener.accept()
                with conn:
                    conn.recv(65536)
                    conn.sendall(b"220 mail.firm.ru ESMTP ready\r\n")

        thread = threading.Thread(target=greet, daemon=True)
        thread.start()
        _bitrix(monkeypatch, f"http://127.0.0.1:{port}")
        result = _agenda(runner, team())
        thread.join(timeout=10)
    assert result.exit_code == 1
    _no_traceback(result)
    lines = result.stderr.splitlines()
    assert [ln.split(":")[0] for ln in lines[:2]] == ["Анна Смирнова", "Вера Орлова"]
    assert all("cannot be reached" in ln for ln in lines[:2])
    assert lines[2:] == ["sent to the chat: 0", "Error: not all sent: 2 failed"]
