"""A delivery's stored answer in the reader's language (riskreg.delivery.answers)."""

from __future__ import annotations

import errno
import os

from hypothesis import given
from hypothesis import strategies as st

from riskreg.delivery.answers import answer_words


def test_what_riskreg_wrote_reads_in_both_languages() -> None:
    refused = f"connection: [Errno {errno.ECONNREFUSED}] {os.strerror(errno.ECONNREFUSED)}"
    assert answer_words(refused, "sv") == (
        "ingen anslutning till e-postservern: servern nekade anslutningen")
    assert answer_words(refused, "en") == (
        "no connection to the mail server: the server refused the connection")
    assert answer_words("timed out", "sv") == "tidsgränsen gick ut"
    assert answer_words("connection: [Errno -2] Name or service not known", "sv").endswith(
        "okänt servernamn")
    pending = "no answer after the message was handed over, it may have arrived: timed out"
    assert answer_words(pending, "sv") == (
        "inget svar efter att meddelandet lämnats över, det kan ha kommit fram: "
        "tidsgränsen gick ut")
    assert answer_words("written to ut/0001.eml", "sv") == "skrivet till ut/0001.eml"


def test_a_servers_own_reply_and_an_unknown_reason_stay_as_they_are() -> None:
    assert answer_words("550 5.1.1 User unknown", "sv") == "550 5.1.1 User unknown"
    assert answer_words("connection: 535 5.7.8 Bad credentials", "sv") == (
        "ingen anslutning till e-postservern: 535 5.7.8 Bad credentials")
    assert answer_words("[Errno 9999] Something new", "sv") == "[Errno 9999] Something new"


@given(st.text(max_size=80))
def test_any_other_text_is_shown_as_stored(text: str) -> None:
    known = ("connection: ", "no answer after", "written to ", "timed out", "[Errno ")
    if not text.startswith(known):
        assert answer_words(text, "sv") == text
