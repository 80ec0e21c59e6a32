"""A real SMTP server on loopback for the tests (aiosmtpd), with faults to order: refuse
some recipients, drop the connection after N messages, stall before the message, or keep
it and answer late.

It counts what it accepted (``messages``): the truth the delivery log is compared with.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Recorder:
    """The server's handler: what arrived, and the faults to play."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[str, tuple[str, ...], bytes]] = []
        self.refuse: set[str] = set()  # RCPT answered 550
        self.drop_after: int | None = None  # after so many messages, MAIL closes the line
        self.stall_rcpt: set[str] = set()  # RCPT answered only after ``stall`` seconds
        self.stall_data: set[str] = set()  # the message accepted only after ``stall`` seconds
        self.stall = 0.0
        self.connections = 0

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        with self.lock:
            drop = self.drop_after is not None and len(self.messages) >= self.drop_after
        if drop:  # answer 421, then close (a closed transport still sends what it holds)
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.7.0 Too many messages, closing connection"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address in self.stall_rcpt:
            await asyncio.sleep(self.stall)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages.append((envelope.mail_from, tuple(envelope.rcpt_tos),
                                  bytes(envelope.original_content)))
            number = len(self.messages)
        if set(envelope.rcpt_tos) & self.stall_data:  # kept, but the answer comes late
            await asyncio.sleep(self.stall)
        return f"250 2.0.0 Ok: queued as Q{number:04d}"

    def received(self) -> list[EmailMessage]:
        """The messages accepted, parsed."""
        with self.lock:
            raw = [data for _f, _t, data in self.messages]
        return [message_from_bytes(data, policy=policy.default)  # type: ignore[misc]
                for data in raw]

    def count_by_recipient(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self.lock:
            for _f, rcpts, _d in self.messages:
                for r in rcpts:
                    counts[r] = counts.get(r, 0) + 1
        return counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    """A started server on 127.0.0.1 and its handler; stopped afterwards."""
    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@contextmanager
def tls_smtp_server(folder: Any, login: str, password: str) -> Iterator[tuple[Recorder, int, str]]:
    """A server that needs STARTTLS (a certificate of its own, made by openssl) and a login;
    the handler, the port and the certificate's path (the client's CA file)."""
    import ssl
    import subprocess
    from pathlib import Path

    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = Path(folder) / "cert.pem", Path(folder) / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            login.encode(), password.encode())
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, decode_data=False,
                            tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True,
                            auth_required=True)
    controller.start()
    try:
        yield handler, port, str(cert)
    finally:
        controller.stop()
