"""What a UI is given to show (riskreg.views) holds only what the person may read, also on a
file register opened as a person, where the register's graph still knows every item."""

from __future__ import annotations

from pathlib import Path

from test_access_register import GOTEBORG, build, open_as, person

from riskreg import Role, views


def test_an_items_links_list_only_what_the_person_may_read(tmp_path: Path) -> None:
    path = build(tmp_path / "riskreg.json")
    with open_as(path, None) as editor:
        editor.link("R-001", "mitigated_by", "KL-2022-02")  # an internal decision
        editor.link("R-006", "aggravates", "R-001")
    with open_as(path, person(Role.PROJEKTLEDARE)) as reg:
        detail = views.risk_detail(reg, "R-001")
        assert [x.key for x in detail.links] == ["KL-2022-01", "R-006"]
        assert {x.key: x.links for x in detail.links} == {"KL-2022-01": 1, "R-006": 1}
        assert [x.key for x in views.linked_items(reg, "KL-2022-01")] == ["R-001"]
    with open_as(path, person(Role.REDAKTOR, GOTEBORG)) as reg:
        assert [x.key for x in views.risk_detail(reg, "R-001").links] == [
            "KL-2022-01", "KL-2022-02", "R-006"]
