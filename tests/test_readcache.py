"""The read cache beside a register file: the same answers as the register, always.

The read commands (risk list/show, decision list/show, history) answer from
``<register>.readcache`` when it was made from the file's present content, and
from the register otherwise. Nothing a user can do to the file (a change by the
library or another program, a hand edit that keeps size and mtime, a restored
backup, damage) nor to the cache (a crash while writing it, truncation, garbage)
may change an answer.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import strategies as s
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import riskreg
from riskreg import readcache
from riskreg.cli import cli

TODAY = "2026-11-22"
READS = [
    ["risk", "list"], ["risk", "list", "--json"], ["risk", "list", "--area", "teknik", "--json"],
    ["risk", "list", "--status", "treating"], ["risk", "list", "--needs-review", "--json"],
    ["risk", "list", "--level", "hög", "--json"], ["risk", "show", "R-001"],
    ["risk", "show", "R-037", "--json"], ["--lang", "en", "risk", "show", "R-019"],
    ["decision", "list"], ["decision", "list", "--json"],
    ["decision", "list", "--validity", "uncertain", "--json"],
    ["decision", "show", "KL-2022-07"], ["decision", "show", "KL-2021-12", "--json"],
    ["history", "R-001"], ["history", "--json"], ["history", "KL-2022-07", "--json"],
    ["risk", "show", "R-404"], ["history", "R-404"], ["risk", "list", "--area", "nope"],
]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", TODAY)
    monkeypatch.setenv("RISKREG_USER", "tester")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("RISKREG_LANG", raising=False)


def answer(db: Path, argv: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *argv], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def answers(db: Path, reads: list[list[str]] = READS) -> list[tuple[int, str, str]]:
    return [answer(db, argv) for argv in reads]


def without_cache(db: Path, reads: list[list[str]] = READS) -> list[tuple[int, str, str]]:
    """The answers from the register itself (the cache removed before each command)."""
    found = []
    for argv in reads:
        readcache.remove(db)
        found.append(answer(db, argv))
    readcache.remove(db)
    return found


def cache_of(db: Path) -> Path:
    return readcache.cache_path(Path(os.path.realpath(db)))


def test_every_read_answers_the_same_from_the_cache(example_path: Path) -> None:
    expected = without_cache(example_path)
    assert not cache_of(example_path).exists()
    first = answers(example_path)  # makes the cache, section by section
    assert cache_of(example_path).exists()
    again = answers(example_path)  # from the cache
    assert first == expected
    assert again == expected
    assert expected[-3][0] == expected[-2][0] == expected[-1][0] == 2  # errors stay errors


def test_a_change_by_the_library_is_seen_at_once(example_path: Path) -> None:
    answers(example_path)
    with riskreg.Register.open(example_path, user="annan") as reg:
        reg.update_risk("R-001", title="Ny titel från ett skript", why="test")
        reg.link("R-002", "mitigated_by", "KL-2020-01", why="test")
    assert answers(example_path) == without_cache(example_path)
    shown = json.loads(answer(example_path, ["risk", "show", "R-002", "--json"])[1])
    assert "KL-2020-01" in [link["key"] for link in shown["links"]]
    assert "Ny titel från ett skript" in answer(example_path, ["risk", "list"])[1]


def test_a_hand_edit_keeping_size_and_mtime_is_seen(example_path: Path) -> None:
    """An edit in place, same length, mtime put back: only the content tells it apart."""
    answers(example_path)
    before = os.stat(example_path)
    raw = example_path.read_bytes()
    title = json.loads(answer(example_path, ["risk", "show", "R-001", "--json"])[1])["title"]
    edited = raw.replace(title.encode(), title.upper().encode(), 1)
    assert len(edited) == len(raw) and edited != raw
    with open(example_path, "r+b") as handle:
        handle.write(edited)
    os.utime(example_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(example_path).st_ino == before.st_ino
    assert answer(example_path, ["risk", "show", "R-001", "--json"]) == without_cache(
        example_path, [["risk", "show", "R-001", "--json"]])[0]
    assert title.upper() in answer(example_path, ["risk", "list", "--json"])[1]


def test_an_older_version_put_back_is_answered_as_it_is(example_path: Path, tmp_path: Path
                                                        ) -> None:
    old = tmp_path / "old.json"
    shutil.copy2(example_path, old)
    answers(example_path)
    with riskreg.Register.open(example_path, user="annan") as reg:
        reg.update_risk("R-003", owner="Någon annan", why="test")
    answers(example_path)  # the cache of the newer version
    shutil.copyfile(old, example_path)  # the older file, its history untouched
    assert answers(example_path) == without_cache(example_path)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "flipped byte",
                                    "other header", "temp file left"])
def test_a_damaged_cache_is_not_used_and_is_made_again(example_path: Path, damage: str) -> None:
    expected = without_cache(example_path)
    answers(example_path)
    path = cache_of(example_path)
    data = path.read_bytes()
    if damage == "truncated":  # a crash while writing (without the temp file and rename)
        path.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "flipped byte":  # a section's content changed, its header intact
        at = len(data) - 100
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:])
    elif damage == "other header":
        lines = data.split(b"\n", 2)
        header = json.loads(lines[1])
        header["register"]["crc32"] ^= 1
        path.write_bytes(lines[0] + b"\n" + json.dumps(header).encode() + b"\n" + lines[2])
    else:  # killed between writing the temp file and moving it into place
        path.with_name(f".{path.name}.x1y2.part").write_bytes(data[:100])
    assert answers(example_path) == expected
    assert answers(example_path) == expected
    assert readcache.ReadCache.find(readcache.Snapshot(example_path)) is not None


def test_a_damaged_register_is_reported_though_a_cache_was_made(example_path: Path) -> None:
    answers(example_path)
    raw = example_path.read_bytes()
    example_path.write_bytes(raw[: len(raw) // 2])
    for argv in (["risk", "list"], ["history", "R-001"], ["risk", "show", "R-001"]):
        code, out, err = answer(example_path, argv)
        assert code == 2 and out == "" and "fel:" in err, (argv, code, err)


def test_the_cache_has_the_registers_permissions_and_lives_beside_its_target(
    example_path: Path, tmp_path: Path
) -> None:
    os.chmod(example_path, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(example_path)
    answers(link, [["risk", "list"]])
    path = cache_of(example_path)
    assert path.parent == example_path.parent and not (tmp_path / "link.json.readcache").exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_a_cache_that_cannot_be_written_changes_nothing(example_path: Path) -> None:
    """A folder the user may not write to, or anything in the cache's place: no cache, the
    same answers, no error."""
    expected = without_cache(example_path)
    cache_of(example_path).mkdir()
    assert answers(example_path) == expected
    assert cache_of(example_path).is_dir()
    assert not [p for p in example_path.parent.iterdir() if p.name.endswith(".part")]


def test_the_cache_can_be_turned_off(example_path: Path, monkeypatch: pytest.MonkeyPatch
                                     ) -> None:
    expected = without_cache(example_path)
    monkeypatch.setenv("RISKREG_READ_CACHE", "off")
    assert answers(example_path) == expected
    assert not cache_of(example_path).exists()


def test_discarding_a_register_removes_its_cache(tmp_path: Path) -> None:
    db = tmp_path / "r.json"
    reg = riskreg.build_example(db, user="t")
    answer(db, ["risk", "list"])
    assert cache_of(db).exists()
    reg.discard_files()
    assert list(tmp_path.iterdir()) == []


# --- any register, any sequence of changes and reads --------------------------------------------

Change = Callable[[riskreg.Register], object]


@settings(max_examples=s.examples(25, 300), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(s.contents(max_decisions=4, max_risks=5, max_links=8), st.data())
def test_cached_answers_are_the_registers_answers(
    tmp_path_factory: pytest.TempPathFactory, content: s.Contents, data: st.DataObject
) -> None:
    db = tmp_path_factory.mktemp("cache") / "r.json"
    register = s.new_register(db)
    s.fill(register, content)
    keys = sorted({*content.validity, *(r.key for r in content.risks)})
    areas = sorted({r.area for r in content.risks}) or ["it"]
    reads = st.one_of(
        st.just(["risk", "list", "--json"]), st.just(["decision", "list"]),
        st.just(["decision", "list", "--json"]), st.just(["history", "--json"]),
        st.sampled_from(areas).map(lambda a: ["risk", "list", "--area", a, "--json"]),
        st.sampled_from(keys).map(lambda k: ["risk" if k.startswith("R-") else "decision",
                                             "show", k, "--json"]),
        st.sampled_from(keys).map(lambda k: ["history", k]),
    )
    for _round in range(data.draw(st.integers(1, 3))):
        asked = data.draw(st.lists(reads, min_size=1, max_size=4))
        for argv in asked:  # from the cache as far as it holds them, then again
            got = answer(db, argv)
            assert got == answer(db, argv)
            readcache.remove(db)
            assert got == answer(db, argv), argv
        risks = [r.key for r in register.risks()]
        if risks:  # a change between rounds, by another process's register
            with riskreg.Register.open(db, user="annan", today=s.fixed_today) as other:
                other.update_risk(data.draw(st.sampled_from(risks)),
                                  owner=data.draw(s.texts(12)), why="ändrat")
