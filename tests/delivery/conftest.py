"""Fixtures of the delivery tests: a register with contacts; an SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from delivery_helpers import PEOPLE, fixed_today
from smtp_fixture import Recorder, smtp_server

import riskreg


@pytest.fixture
def with_contacts(example_path: Path) -> Iterator[riskreg.Register]:
    """The example register with a project lead and a ledningsråd for three municipalities."""
    with riskreg.Register.open(example_path, user="anna", today=fixed_today) as reg:
        with reg.batch(why="kontakter"):
            for contact in reg.contacts():  # the example's own: these tests bring theirs
                reg.remove_contact(contact.key)
            for code, role, name, address, lang in PEOPLE:
                reg.new_contact(organisation=code, role=role, name=name, address=address,
                                lang=lang)
        yield reg


@pytest.fixture
def server() -> Iterator[tuple[Recorder, int]]:
    with smtp_server() as running:
        yield running
