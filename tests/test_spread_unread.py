"""An assessment on a server reaches the items the assessor may not read (schema 7).

A bedömare reads every decision and the shared items, not the central team's internal
risks. Their assessment must flag those (and lapse an acceptance it ends) exactly as the same
assessment by a redaktör, or on a file, does; the project lead reads none of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import riskreg
from riskreg import Register, Role
from riskreg.graph import _SPREADS_TO_SOURCE
from riskreg.server.admin import put_person
from riskreg.server.local import LocalServer
from riskreg.server.spread_sql import SPREADS_TO_SOURCE
from tests.test_internal_flags import ASSESSOR, EDITOR, PROJECT_LEAD, as_login, raw_rows


def test_the_server_spreads_a_change_along_the_graphs_relations() -> None:
    assert {str(k): v for k, v in _SPREADS_TO_SOURCE.items()} == SPREADS_TO_SOURCE


@pytest.fixture()
def server(pg_server: LocalServer) -> Iterator[str]:
    admin = pg_server.create_database() + "&register=delad"
    riskreg.build_example(admin, user="admin").close()
    for who in (EDITOR, PROJECT_LEAD, ASSESSOR):
        put_person(admin, who.login, who.name, who.organisation, str(who.role))
    put_person(admin, "bo", "Bo Redaktör", "VGR", str(Role.REDAKTOR))
    yield admin


def setup(url: str, approver: str) -> tuple[str, str, str]:
    """An internal risk, accepted, mitigated by a shared decision that applies, and a second
    internal risk the first aggravates; (decision, risk, second risk)."""
    with Register.open(url, user="anna") as reg:
        internal = sorted(r.key for r in reg.risks() if str(r.visibility) == "internal")
        risk, second = internal[0], internal[1]
        decision = next(d.key for d in reg.decisions()
                        if d.is_shared and str(d.validity) == "applies")
        reg.link(risk, "mitigated_by", decision, why="x")
        reg.link(risk, "aggravates", second, why="x")
        reg.propose_acceptance(risk, "Låg sannolikhet under pausen", "2099-12-31")
    with Register.open(approver, user="bo") as reg:
        reg.approve_acceptance(risk)
    return decision, risk, second


def reasons(reg: Register, key: str) -> list[Any]:
    return [(r.kind, r.trigger, r.detail, r.on) for r in reg.risk(key).review_reasons]


def test_a_bedomares_assessment_flags_and_lapses_what_they_cannot_read(
    server: str, tmp_path: Path,
) -> None:
    # the same on a file, by the central team: what the server must come to
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    decision, risk, second = setup(path, path)
    with Register.open(path, user="anna") as reg:
        reg.assess(decision, "suspended", rationale="Pausad")
        expected = {key: reasons(reg, key) for key in (risk, second)}
        assert reg.risk(risk).acceptance is None
    assert expected[risk] and expected[second]

    setup(as_login(server, "anna"), as_login(server, "bo"))
    with Register.open(as_login(server, "kl")) as reg:
        assert risk not in reg  # the assessor cannot read the internal risks
        reg.assess(decision, "suspended", rationale="Pausad")
    with Register.open(as_login(server, "anna")) as reg:
        assert {key: reasons(reg, key) for key in (risk, second)} == expected
        assert reg.risk(risk).acceptance is None
        rows = [(c.action, c.user) for c in reg.history(risk) if c.action in ("flag", "lapse")]
        assert rows == [("flag", ASSESSOR.name), ("lapse", ASSESSOR.name)]
        reg.mark_reviewed(risk, note="granskad")  # the counters hold: the next commit saves
        assert not reg.risk(risk).needs_review
    with Register.open(as_login(server, "kl")) as reg:
        assert risk not in reg
    seen = raw_rows(server, "pl_vbg")  # the project lead reads nothing of it
    assert f'"{risk}"' not in seen and f'"{second}"' not in seen


def test_an_editors_assessment_is_left_to_the_library(server: str) -> None:
    decision, risk, _ = setup(as_login(server, "anna"), as_login(server, "bo"))
    with Register.open(as_login(server, "anna")) as reg:
        reg.assess(decision, "suspended", rationale="Pausad")
    with Register.open(as_login(server, "anna")) as reg:
        flags = [c for c in reg.history(risk) if c.action == "flag"]
        assert len(flags) == 1  # one flag, the library's, not a second from the server
