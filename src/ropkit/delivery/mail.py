"""Mail from cron: the HTML report as the body, a plain-text alternative, the workbook
attached. SMTP with STARTTLS, SSL or plain (a local relay).

Settings come from ``mail:`` in norms.yaml, each overridden by the environment; the password
comes only from ``ROPKIT_SMTP_PASSWORD`` and is never printed.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ropkit.config import MailConfig
from ropkit.errors import DeliveryError
from ropkit.i18n import Listing

_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_TIMEOUT = 30.0


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    user: str | None
    password: str | None = field(repr=False)  # never shown, not even in a traceback
    sender: str
    security: str  # starttls | ssl | none


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    maintype: str
    subtype: str


def settings(config: MailConfig, env: Mapping[str, str]) -> MailSettings:
    """The config's ``mail:`` with the environment on top; an error names what is missing."""
    host = env.get("ROPKIT_SMTP_HOST") or config.host
    sender = env.get("ROPKIT_MAIL_FROM") or config.from_
    security = (env.get("ROPKIT_SMTP_SECURITY") or config.security or "starttls").lower()
    if security not in _DEFAULT_PORTS:
        raise DeliveryError("error.mail_security", security=security)
    if not host or not sender:
        missing = [
            k for k, v in (("mail.host (ROPKIT_SMTP_HOST)", host), ("mail.from", sender)) if not v
        ]
        raise DeliveryError("error.mail_not_set", missing=Listing(missing, last="list.and"))
    port_text = env.get("ROPKIT_SMTP_PORT")
    try:
        port = int(port_text) if port_text else (config.port or _DEFAULT_PORTS[security])
    except ValueError:
        raise DeliveryError("error.mail_port", port=port_text) from None
    user = env.get("ROPKIT_SMTP_USER") or config.user
    return MailSettings(host, port, user, env.get("ROPKIT_SMTP_PASSWORD"), sender, security)


def compose(
    sender: str,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    attachments: list[Attachment],
) -> EmailMessage:
    """A multipart message: plain text and HTML alternatives, then the attachments."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for a in attachments:
        msg.add_attachment(a.data, maintype=a.maintype, subtype=a.subtype, filename=a.name)
    return msg


def send(config: MailSettings, messages: list[EmailMessage]) -> None:
    """Send every message over one connection; one clear error line if that fails."""
    where = f"{config.host}:{config.port}"
    try:
        server: smtplib.SMTP
        if config.security == "ssl":
            server = smtplib.SMTP_SSL(
                config.host, config.port, timeout=_TIMEOUT, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=_TIMEOUT)
        with server:
            if config.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if config.user:
                server.login(config.user, config.password or "")
            for msg in messages:
                server.send_message(msg)
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError("error.mail_login", server=where, user=config.user) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryError("error.mail_no_starttls", server=where) from None
    except smtplib.SMTPRecipientsRefused as exc:
        who = ", ".join(exc.recipients)
        raise DeliveryError("error.mail_recipients", server=where, recipients=who) from None
    except (smtplib.SMTPException, OSError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DeliveryError("error.mail_failed", server=where, reason=detail) from None
