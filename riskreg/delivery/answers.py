"""A delivery's answer, as the reader reads it.

The delivery log keeps each attempt's answer as it came (:mod:`riskreg.delivery.smtp`): the
mail server's own reply ("550 5.1.1 User unknown", its words, shown as they are), or what
riskreg wrote about an attempt that got no reply, with the operating system's reason in
English ("connection: [Errno 111] Connection refused", "timed out"). :func:`answer_words`
gives the latter in the reader's language; anything it does not know stays as stored.
"""

from __future__ import annotations

import errno
import re

from riskreg.messages import N_, translate

_CONNECTION = "connection: "
_PENDING = "no answer after the message was handed over, it may have arrived: "
_WRITTEN = "written to "
_TIMED_OUT = "timed out"
_ERRNO = re.compile(r"^\[Errno (-?\d+)\] ")

#: what the operating system says most often when a mail server cannot be reached
_OS_REASONS = {
    errno.ECONNREFUSED: N_("delivery.reason.refused"),
    errno.ECONNRESET: N_("delivery.reason.reset"),
    errno.EPIPE: N_("delivery.reason.reset"),
    errno.ETIMEDOUT: N_("delivery.reason.timed_out"),
    errno.EHOSTUNREACH: N_("delivery.reason.unreachable"),
    errno.ENETUNREACH: N_("delivery.reason.unreachable"),
    -2: N_("delivery.reason.unknown_host"),  # socket.EAI_NONAME
    -3: N_("delivery.reason.name_lookup"),  # socket.EAI_AGAIN
    -5: N_("delivery.reason.unknown_host"),  # socket.EAI_NODATA
}


def reason_words(reason: str, lang: str | None = None) -> str:
    """An operating system's or riskreg's reason in the reader's language (as stored when
    unknown)."""
    if reason == _TIMED_OUT:
        return translate(N_("delivery.reason.timed_out"), lang)
    found = _ERRNO.match(reason)
    if found and int(found.group(1)) in _OS_REASONS:
        return translate(_OS_REASONS[int(found.group(1))], lang)
    return reason


def answer_words(answer: str, lang: str | None = None) -> str:
    """A stored delivery answer as the reader reads it (see the module doc)."""
    if answer.startswith(_CONNECTION):
        return translate(N_("delivery.answer.connection"), lang,
                         reason=reason_words(answer.removeprefix(_CONNECTION), lang))
    if answer.startswith(_PENDING):
        return translate(N_("delivery.answer.pending"), lang,
                         reason=reason_words(answer.removeprefix(_PENDING), lang))
    if answer.startswith(_WRITTEN):
        return translate(N_("delivery.answer.written"), lang,
                         file=answer.removeprefix(_WRITTEN))
    return reason_words(answer, lang)


__all__ = ["answer_words", "reason_words"]
