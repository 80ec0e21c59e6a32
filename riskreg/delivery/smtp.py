"""Sending over SMTP: where to (host, port, STARTTLS or TLS, login) from a configuration
file or the environment, never from the command line; one message at a time, with an
answer that tells exactly what became of it.

    [smtp]                                   # riskreg-smtp.toml (or RISKREG_SMTP_* variables)
    host = "smtp.vastkom.example"
    port = 587
    security = "starttls"                    # "starttls" (default), "tls" or "none"
    username = "riskreg-utskick"
    from = "projekt.millennium@vastkom.example"
    from_name = "Projekt Millennium"
    # the password: RISKREG_SMTP_PASSWORD, or password_file (readable by its owner only)

The environment (``RISKREG_SMTP_HOST``, ``_PORT``, ``_SECURITY``, ``_USER``,
``_PASSWORD``, ``_PASSWORD_FILE``, ``_FROM``, ``_FROM_NAME``, ``_TIMEOUT``, ``_CAFILE``)
overrides the file. A login is refused over a connection without TLS unless the server
is on this machine (loopback).

What each message comes to (:class:`Result`): *sent* when the server answered 250 at
the end of the message; *failed* when it refused the sender, the recipient or the
message, or the connection broke before the message was handed over (nothing arrived:
it is sent again next time); *pending* when the connection broke or timed out after the
message was handed over but before the server answered: it may have arrived, so it is
not sent again unasked. A connection the server closed (after so many messages) is made
again once for the next message; a server that cannot be reached or refuses the login
stops the run (``abort``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import smtplib
import socket
import ssl
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from riskreg.delivery.message import Sender
from riskreg.delivery.model import Outcome, normalise_address
from riskreg.errors import ValidationError
from riskreg.messages import OsProblem, Term, phrase

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


@frozen
class Result:
    """What became of one message: outcome, the server's answer or the reason, and whether
    the run should stop (the server cannot be reached or refuses the login)."""

    outcome: Outcome
    answer: str
    abort: bool = False


@frozen
class SmtpConfig:
    """Where and how to send (see the module doc)."""

    host: str
    sender: Sender
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password: str = attrs.field(default="", repr=False)
    timeout: float = 30.0
    cafile: str = ""
    local_hostname: str = ""

    def __attrs_post_init__(self) -> None:
        if self.security not in SECURITY:
            raise ValidationError("error.smtp.security", value=self.security,
                                  allowed=", ".join(SECURITY))
        if not self.host or not 0 < self.port < 65536:
            raise ValidationError("error.smtp.config", problem=Term("smtp.problem.host_port"))
        if self.username and self.security == "none" and not _loopback(self.host):
            raise ValidationError("error.smtp.config", problem=Term("smtp.problem.login_tls"))

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None,
             environ: Mapping[str, str] = os.environ) -> SmtpConfig:
        """The configuration from ``path`` (TOML, table ``[smtp]``), overridden by the
        environment; the password from ``RISKREG_SMTP_PASSWORD`` or a password file."""
        values = _settings(path, environ)
        security = str(values.get("security", "starttls")).lower()
        password = environ.get("RISKREG_SMTP_PASSWORD", "")
        if not password and values.get("password_file"):
            password = _read_password(Path(str(values["password_file"])).expanduser())
        if not values.get("host") or not values.get("from"):
            raise ValidationError("error.smtp.config", problem=Term("smtp.problem.host_from"))
        try:
            port = int(values.get("port", DEFAULT_PORTS.get(security, 587)))
            timeout = float(values.get("timeout", 30))
        except (TypeError, ValueError) as exc:
            raise ValidationError("error.smtp.config", problem=str(exc)) from None
        sender = _sender(values)
        return cls(host=str(values["host"]), sender=sender, port=port, security=security,
                   username=str(values.get("username", "")), password=password,
                   timeout=timeout, cafile=str(values.get("cafile", "")),
                   local_hostname=str(values.get("local_hostname", "")))


def load_sender(path: str | os.PathLike[str] | None = None,
                environ: Mapping[str, str] = os.environ) -> Sender:
    """Only who the messages are from (``from``, ``from_name``), read as
    :meth:`SmtpConfig.load` reads them: what a dry run needs, which connects to no server."""
    values = _settings(path, environ)
    if not values.get("from"):
        raise ValidationError("error.smtp.config", problem=Term("smtp.problem.from"))
    return _sender(values)


def _settings(path: str | os.PathLike[str] | None, environ: Mapping[str, str]
              ) -> dict[str, Any]:
    """The ``[smtp]`` table of ``path`` (no password in it), overridden by the environment."""
    values: dict[str, Any] = {}
    if path is not None:
        try:
            values = dict(tomllib.loads(Path(path).read_text("utf-8")).get("smtp", {}))
        except OSError as exc:
            raise ValidationError("error.smtp.config", problem=phrase(
                "smtp.problem.file", path=str(path), problem=OsProblem.of(exc))) from None
        except UnicodeDecodeError:
            raise ValidationError("error.smtp.config", problem=phrase(
                "smtp.problem.encoding", path=str(path))) from None
        except tomllib.TOMLDecodeError as exc:  # its words are English: where, in ours
            where = re.search(r"line (\d+), column (\d+)", str(exc))
            line, column = (int(where[1]), int(where[2])) if where else (0, 0)
            raise ValidationError("error.smtp.config", problem=phrase(
                "smtp.problem.toml", path=str(path), line=line, column=column)) from None
        if "password" in values:
            raise ValidationError("error.smtp.config", problem=Term("smtp.problem.password"))
    for name in ("host", "port", "security", "user", "password_file", "from", "from_name",
                 "timeout", "cafile", "local_hostname"):
        value = environ.get(f"RISKREG_SMTP_{name.upper()}")
        if value:
            values["username" if name == "user" else name] = value
    return values


def _sender(values: Mapping[str, Any]) -> Sender:
    return Sender(normalise_address(str(values["from"])), str(values.get("from_name", "")))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read_password(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ValidationError("error.smtp.password_file", path=str(path))
        return path.read_text("utf-8").strip()
    except OSError as exc:
        raise ValidationError("error.smtp.config", problem=phrase(
            "smtp.problem.file", path=str(path), problem=OsProblem.of(exc))) from None


def _answer(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}"[:500]


def _payload(data: bytes) -> bytes:
    """The message as DATA carries it: CRLF line ends, a leading dot doubled, the end mark."""
    data = re.sub(rb"\r?\n", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


class SmtpTransport:
    """One connection to the server, made when first needed and again when it drops."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        context = None
        if config.security != "none":
            context = ssl.create_default_context(cafile=config.cafile or None)
        smtp: smtplib.SMTP
        if config.security == "tls":
            smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout,
                                    context=context,
                                    local_hostname=config.local_hostname or None)
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout,
                                local_hostname=config.local_hostname or None)
        try:
            smtp.ehlo()
            if config.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if config.username:
                _login(smtp, config.username, config.password)
        except BaseException:
            _close(smtp)
            raise
        return smtp

    def send(self, sender: str, recipient: str, data: bytes) -> Result:
        """Hand one message to the server (see the module doc for the outcomes)."""
        for attempt in (1, 2):
            if self._smtp is None:
                try:
                    self._smtp = self._connect()
                except (OSError, smtplib.SMTPException) as exc:
                    return Result(Outcome.FAILED, f"connection: {_reason(exc)}", abort=True)
            smtp = self._smtp
            handed_over = False
            try:
                code, reply = smtp.mail(sender)
                if code == 250:
                    code, reply = smtp.rcpt(recipient)
                    if code in (250, 251):
                        code, reply = smtp.docmd("DATA")
                        if code == 354:
                            handed_over = True
                            smtp.send(_payload(data))
                            code, reply = smtp.getreply()
                            if code == 250:
                                return Result(Outcome.SENT, _answer(code, reply))
                            return Result(Outcome.FAILED, _answer(code, reply))
                if code == 421:  # the server closes this connection: once more on a new one
                    self._drop()
                    if attempt == 1:
                        continue
                    return Result(Outcome.FAILED, _answer(code, reply))
                self._reset()
                return Result(Outcome.FAILED, _answer(code, reply))
            except (OSError, smtplib.SMTPException) as exc:
                self._drop()
                timed_out = _timed_out(exc)
                if handed_over:
                    return Result(Outcome.PENDING, f"no answer after the message was handed "
                                  f"over, it may have arrived: {_reason(exc)}")
                if attempt == 1 and not timed_out:
                    continue  # dropped before the message: nothing arrived, try a new one
                return Result(Outcome.FAILED, _reason(exc))
        raise AssertionError("unreachable")  # pragma: no cover

    def _reset(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except (OSError, smtplib.SMTPException):
                self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            _close(self._smtp)
            self._smtp = None

    def close(self) -> None:
        """Say QUIT and close the connection."""
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._drop()


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN with the name and password as UTF-8 (RFC 4616; smtplib's own login takes
    ASCII only, and a Swedish password may well hold å, ä or ö); another mechanism through
    smtplib when the server offers no PLAIN."""
    import base64

    mechanisms = smtp.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" not in mechanisms:
        smtp.login(username, password)
        return
    token = base64.b64encode(b"\0" + username.encode("utf-8") + b"\0"
                             + password.encode("utf-8")).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):  # closing a broken socket
        smtp.close()


def _timed_out(exc: BaseException) -> bool:
    """Whether the server did not answer in time (smtplib reports a timeout while reading a
    reply as a disconnection caused by it)."""
    return any(isinstance(e, (TimeoutError, socket.timeout))
               for e in (exc, exc.__cause__, exc.__context__))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _answer(exc.smtp_code, exc.smtp_error)
    if _timed_out(exc):
        return "timed out"
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:300]


__all__ = ["DEFAULT_PORTS", "SECURITY", "Result", "SmtpConfig", "SmtpTransport", "load_sender"]
