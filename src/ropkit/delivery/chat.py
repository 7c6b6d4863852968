"""Questions to the team chat before the stand-up: a Bitrix24 incoming webhook
(``im.message.add``) or a Telegram bot (``sendMessage``).

The webhook URL (``ROPKIT_BITRIX_WEBHOOK``, e.g. ``https://portal.bitrix24.ru/rest/1/abc/``)
and the bot token (``ROPKIT_TELEGRAM_TOKEN``; the API base ``ROPKIT_TELEGRAM_API``, default
the public one) come only from the environment, never from the config or the command line,
and are never printed: an error names the manager and the API's own description.

Bitrix24 answers ``{"result": <message id>}`` or ``{"error": …, "error_description": …}``
(HTTP 4xx/5xx with that body); Telegram ``{"ok": true, "result": {…}}`` or ``{"ok": false,
"error_code": …, "description": …}``.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ropkit.errors import DeliveryError

TELEGRAM_API = "https://api.telegram.org"
_TIMEOUT = 20.0


@dataclass(frozen=True)
class Chat:
    """Where the messages go: an API and its secret, read from the environment."""

    via: str  # bitrix24 | telegram
    base: str  # the webhook URL, or the Telegram API base with the bot token
    _secret_free: str  # the same with the secret left out, for messages

    def url(self) -> str:
        if self.via == "bitrix24":
            return self.base.rstrip("/") + "/im.message.add.json"
        return self.base + "/sendMessage"

    def body(self, to: str, text: str) -> dict[str, Any]:
        if self.via == "bitrix24":
            return {"DIALOG_ID": to, "MESSAGE": text}
        return {"chat_id": to, "text": text}

    def __repr__(self) -> str:  # never the token or the webhook's key
        return f"Chat({self.via!r}, {self._secret_free!r})"


def chat(via: str, env: Mapping[str, str]) -> Chat:
    """The chat ``via`` from the environment; an error says which variable to set."""
    if via == "bitrix24":
        hook = env.get("ROPKIT_BITRIX_WEBHOOK", "").strip()
        if not hook:
            raise DeliveryError("chat.no_webhook")
        if not hook.startswith(("https://", "http://")) or "/rest/" not in hook:
            raise DeliveryError("chat.bad_webhook")
        return Chat(via, hook, hook.split("/rest/")[0] + "/rest/…")
    token = env.get("ROPKIT_TELEGRAM_TOKEN", "").strip()
    if not token:
        raise DeliveryError("chat.no_token")
    api = (env.get("ROPKIT_TELEGRAM_API") or TELEGRAM_API).rstrip("/")
    if not api.startswith(("https://", "http://")):
        raise DeliveryError("chat.bad_api", api=api)
    return Chat(via, f"{api}/bot{token}", f"{api}/bot…")


def post(target: Chat, to: str, text: str) -> None:
    """Send ``text`` to the dialog or chat ``to``; a refusal is a :class:`DeliveryError`
    with the API's own words (never the URL: it holds the secret)."""
    data = json.dumps(target.body(to, text), ensure_ascii=False).encode("utf-8")
    try:
        request = urllib.request.Request(
            target.url(), data=data, headers={"Content-Type": "application/json; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as answer:
            body = answer.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()
        raise DeliveryError(
            "error.chat_refused", reason=_said(body) or f"HTTP {exc.code}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError("error.chat_unreachable", reason=_one_line(str(reason))) from None
    except (http.client.HTTPException, ValueError) as exc:  # not HTTP, a cut answer, a bad URL
        raise DeliveryError("error.chat_unreachable", reason=type(exc).__name__) from None
    said = _parse(body)
    if said is None or said.get("ok") is False or "error" in said:
        reason = _said(body) or _one_line(body[:200].decode(errors="replace"))
        raise DeliveryError("error.chat_refused", reason=reason)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse(body: bytes) -> dict[str, Any] | None:
    try:
        found = json.loads(body)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _said(body: bytes) -> str:
    """The API's description of an error: Telegram's description, Bitrix24's error_description."""
    found = _parse(body) or {}
    for key in ("description", "error_description", "error"):
        if found.get(key):
            return _one_line(str(found[key]))
    return ""
