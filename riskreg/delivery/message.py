"""One message as RFC 5322 (the standard library's ``email`` package): a short body in
plain text and HTML, and attachments.

Every header value made from the register's text passes through
:func:`riskreg.delivery.headers.one_line`; names and addresses are put together by
:class:`email.headerregistry.Address`; non-ASCII text is encoded by the ``SMTP`` policy
(RFC 2047 in headers, quoted-printable bodies, base64 attachments), so the message is
7-bit and any server takes it.
"""

from __future__ import annotations

import hashlib
import html
import mimetypes
from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from attrs import frozen

from riskreg.delivery.headers import mailbox, one_line, safe_attachment_name
from riskreg.messages import translate


@frozen
class Section:
    """A heading and its lines (``empty`` stands in when there are none; a section with
    neither is left out)."""

    heading: str
    lines: tuple[str, ...] = ()
    empty: str = ""


@frozen
class Body:
    """What a message says: a greeting, paragraphs, sections, a closing line."""

    greeting: str
    paragraphs: tuple[str, ...]
    sections: tuple[Section, ...]
    closing: tuple[str, ...] = ()


@frozen
class Attachment:
    """A file attached as it is."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@frozen
class Sender:
    """Who a message is from: an address (checked like a contact's) and a name."""

    address: str
    name: str = ""


def render_text(body: Body) -> str:
    """The body as plain text (what every mail client shows)."""
    out = [body.greeting, ""]
    for paragraph in body.paragraphs:
        out += [paragraph, ""]
    for section in body.sections:
        if not section.lines and not section.empty:
            continue
        out.append(section.heading)
        out += [f"- {line}" for line in section.lines] or [section.empty]
        out.append("")
    out += list(body.closing)
    return "\n".join(out).rstrip() + "\n"


def render_html(body: Body, lang: str) -> str:
    """The body as a small HTML page: every value escaped, no script, no remote content."""
    esc = html.escape
    parts = [f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
             "<title></title></head>"
             '<body style="font-family: sans-serif; max-width: 46em">',
             f"<p>{esc(body.greeting)}</p>"]
    parts += [f"<p>{esc(p)}</p>" for p in body.paragraphs]
    for section in body.sections:
        if not section.lines and not section.empty:
            continue
        parts.append(f"<h3>{esc(section.heading)}</h3>")
        if section.lines:
            parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in section.lines)
                         + "</ul>")
        else:
            parts.append(f"<p>{esc(section.empty)}</p>")
    if body.closing:
        parts.append("<p>" + "<br>".join(esc(x) for x in body.closing) + "</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def build_message(
    *, sender: Sender, to: str, to_name: str, subject: str, body: Body, lang: str,
    attachments: Sequence[Attachment] = (), at: datetime, kind: str, serial: int,
) -> EmailMessage:
    """The message, ready to send or to write as a ``.eml`` file."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = mailbox(sender.address, sender.name)
    message["To"] = mailbox(to, to_name)
    message["Subject"] = one_line(subject, 180)
    message["Date"] = format_datetime(at.astimezone() if at.tzinfo else at)
    domain = sender.address.rpartition("@")[2]
    message["Message-ID"] = make_msgid(idstring=f"riskreg.{kind}.{serial}", domain=domain)
    # generated, not written by a person: auto-replies (out of office) are not sent back
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(body), charset="utf-8", cte="quoted-printable")
    message.add_alternative(render_html(body, lang), subtype="html", charset="utf-8",
                            cte="quoted-printable")
    for item in attachments:
        name = safe_attachment_name(item.name)
        kind_of = mimetypes.guess_type(name)[0] or "application/octet-stream"
        maintype, _, subtype = kind_of.partition("/")
        # the bytes as the export wrote them (base64): a text file keeps its line ends
        params = {"charset": "utf-8"} if maintype == "text" else None
        message.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=name,
                               params=params)
    return message


#: how a message is written: CRLF, 7-bit, and a header folded only past RFC 5322's hard limit of
#: 998 characters (a subject is at most 180): Python's folding at 78 can leave a space at the
#: end of a line before an encoded word, and a mail client then shows "Ale  (utgåva 1)"
WIRE = policy.SMTP.clone(max_line_length=998)


def as_bytes(message: EmailMessage) -> bytes:
    """The message as sent: CRLF line ends, 7-bit."""
    return message.as_bytes(policy=WIRE)


def greeting(name: str, lang: str) -> str:
    """"Hej Åsa Öberg," or "Hej," when there is no name."""
    return (translate("delivery.greeting.named", lang, name=one_line(name, 120)) if name
            else translate("delivery.greeting", lang))


__all__ = ["Attachment", "Body", "Section", "Sender", "as_bytes", "build_message", "greeting",
           "render_html", "render_text"]
