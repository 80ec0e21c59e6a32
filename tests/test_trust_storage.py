"""Nothing acknowledged lost (issue "Trust", items 8-13 and the small ones): a history lost from
outside, symlinked and hard-linked registers, dropped tables, reused keys, stale copies in a
script, temp files of killed saves, user names and the scope words the templates document."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from stores import unchanged
from strategies import fixed_today, refused

import riskreg
from riskreg import (
    ConflictError,
    CorruptRegisterError,
    DuplicateKeyError,
    NotFoundError,
    Rating,
    Register,
    StorageError,
    ValidationError,
)
from riskreg.cli import cli
from riskreg.doctor import diagnose, repair_history, restore


def history_file(path: Path) -> Path:
    return path.with_name(path.name + ".history.jsonl")


def make(path: str | Path, risks: int = 3) -> Register:
    reg = Register.create(path, categories=[riskreg.Category("it", "IT")], user="anna",
                          today=fixed_today)
    for n in range(risks):
        reg.new_risk(title=f"Risk {n + 1}", area="it", inherent=Rating(2, 2), why="start")
    return reg


def cli_run(path: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", str(path), *args], catch_exceptions=False,
                              env={"RISKREG_TODAY": "2026-11-22", "RISKREG_USER": "test"})


# --- 8: a history lost or torn from outside ----------------------------------------------------


@pytest.mark.parametrize("damage", ["lost", "torn", "emptied", "zeroed", "tail zeroed"])
def test_first_save_after_history_damage_keeps_its_entry(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "riskreg.json"
    make(path).close()
    history = history_file(path)
    raw = history.read_bytes()
    if damage == "lost":
        history.unlink()
    elif damage == "torn":
        history.write_bytes(raw[: len(raw) - 25])  # the last line cut in the middle
    elif damage == "zeroed":  # the same length, every byte NUL
        history.write_bytes(b"\0" * len(raw))
    elif damage == "tail zeroed":  # the last entry's end overwritten with NUL bytes
        history.write_bytes(raw[: len(raw) - 25] + b"\0" * 25)
    else:
        history.write_bytes(b"")
    with Register.open(path, user="bertil", today=fixed_today) as reg:
        reg.update_risk("R-002", owner="Bertil", why="efter skadan")
    written = history.read_bytes()
    assert b"\x00" not in written
    with Register.open(path, today=fixed_today) as reg:
        last = reg.history()[-1]
        assert (last.key, last.user, last.why) == ("R-002", "bertil", "efter skadan")
        assert reg.history("R-002")[-1].after["owner"] == "Bertil"  # type: ignore[index]
    found = diagnose(path)
    assert found.ok and found.history_missing == 0
    assert found.history_lost == {"lost": 3, "torn": 1, "emptied": 3, "zeroed": 3,
                                  "tail zeroed": 1}[damage]


def test_doctor_tells_a_history_shorter_than_the_header(tmp_path: Path) -> None:
    path = tmp_path / "riskreg.json"
    make(path).close()
    raw = history_file(path).read_bytes()
    history_file(path).write_bytes(raw[: raw.index(b"\n") + 1])  # 1 of 3 lines left
    found = diagnose(path)
    assert found.problem is None and not found.ok
    assert (found.changes, found.history_missing) == (3, 2)
    result = cli_run(path, "--lang", "en", "doctor")
    assert result.exit_code == 1 and "lacks 2 of 3" in result.stdout
    result = cli_run(path, "--lang", "en", "doctor", "--restore")
    assert result.exit_code == 0 and "2 changes missing" in result.stdout
    assert repair_history(path) == 0
    found = diagnose(path)
    assert found.ok and found.history_lost == 2
    with Register.open(path, today=fixed_today) as reg:  # and the next save lands whole
        reg.update_risk("R-001", owner="Cecilia", why="sedan")
        assert [c.key for c in reg.history()] == ["R-001", "R-001"]
    assert diagnose(path).ok


# --- 9: symlinks and hard links --------------------------------------------------------------


def test_a_symlinked_register_is_written_at_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "reg.json"
    real.parent.mkdir()
    make(real).close()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with Register.open(link, today=fixed_today) as reg:
        reg.update_risk("R-001", owner="via länken", why="symlänk")
        assert reg.path == real
    assert link.is_symlink() and link.resolve() == real
    with Register.open(real, today=fixed_today) as reg:
        assert reg.risk("R-001").owner == "via länken"
        assert reg.history()[-1].why == "symlänk"
    beside_link = [p.name for p in tmp_path.iterdir() if p.name != "real"]
    assert beside_link == ["link.json"]  # no lock, history or backups beside the link
    assert (real.parent / "reg.json.history.jsonl").exists()
    assert (real.parent / "reg.json.backups").is_dir()
    assert cli_run(link, "risk", "edit", "R-002", "--owner", "CLI", "--why", "x").exit_code == 0
    assert link.is_symlink()
    with Register.open(real, today=fixed_today) as reg:
        assert reg.risk("R-002").owner == "CLI"


def test_a_register_with_a_second_hard_link_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "riskreg.json"
    make(path).close()
    other = tmp_path / "copy.json"
    os.link(path, other)
    before = path.read_bytes()
    with refused(StorageError, "error.hard_links", path=str(path), links=2):
        Register.open(path, today=fixed_today)
    result = cli_run(other, "risk", "edit", "R-001", "--owner", "X", "--why", "x")
    assert result.exit_code == 2 and "hard links" in result.stderr.replace("hårda länkar",
                                                                           "hard links")
    assert path.read_bytes() == before and os.stat(path).st_nlink == 2


def test_a_backup_link_left_by_a_killed_save_is_not_a_second_link(tmp_path: Path) -> None:
    """A save killed between linking the old version into the backups and replacing the file
    leaves the register with two links, one of them its own backup: that opens."""
    path = tmp_path / "riskreg.json"
    make(path).close()
    backup_dir = path.with_name(path.name + ".backups")
    os.link(path, backup_dir / "rev-000000099.json")
    with Register.open(path, today=fixed_today) as reg:
        reg.update_risk("R-001", owner="efter kraschen", why="x")
    assert Register.open(path, today=fixed_today).risk("R-001").owner == "efter kraschen"


# --- 10: dropped tables --------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["dropped", "emptied"])
def test_tables_dropped_from_outside_are_damage_with_a_way_back(
    example_path: Path, how: str
) -> None:
    with Register.open(example_path) as reg:  # a save: the version before it is a backup
        reg.update_risk("R-001", owner="MAS Borås", why="före skadan")
    data = json.loads(example_path.read_bytes())
    if how == "dropped":
        data = {"_meta": data["_meta"]}
    else:
        data["risks"] = {}
    example_path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(CorruptRegisterError):
        Register.open(example_path)
    result = cli_run(example_path, "risk", "list")
    assert result.exit_code == 2 and "riskreg.json.backups" in result.stderr
    found = diagnose(example_path)
    assert not found.ok and found.newest_good is not None
    assert cli_run(example_path, "doctor").exit_code == 1
    assert restore(example_path) is not None
    with Register.open(example_path) as reg:
        assert (len(reg.risks()), len(reg.decisions())) == (48, 69)
        assert reg.risk("R-001").owner == "MAS Borås"  # replayed from the history
    assert diagnose(example_path).ok


# --- 11: keys are never reused (both stores) ------------------------------------------------------


def test_a_removed_key_is_never_given_out_again(location: str) -> None:
    a = make(location)
    seen = a.risk("R-003")
    b = Register.open(location, user="bertil", today=fixed_today)
    b.remove_risk("R-003", why="dubblett")
    added = b.new_risk(title="En helt annan risk", area="it", inherent=Rating(1, 1), why="ny")
    assert added.key == "R-004"
    with unchanged(location):
        with refused(DuplicateKeyError, "error.key_retired", key="R-003"):
            b.new_risk(key="R-003", title="Återanvänd", area="it", inherent=Rating(1, 1))
        # A's copy of R-003 cannot land on another risk, with or without its revision
        with pytest.raises(NotFoundError):
            a.update_risk("R-003", owner="A", expected_revision=seen.revision, why="x")
        with refused(DuplicateKeyError, "error.key_retired", key="R-003"):
            a.new_risk(key="R-003", title="Från A:s gamla läsning", area="it",
                       inherent=Rating(1, 1))
    assert [c.key for c in Register.open(location).history("R-004")] == ["R-004"]
    with Register.open(location, today=fixed_today) as reopened:  # it holds after reopening
        assert reopened.next_risk_key() == "R-005"


def test_an_import_without_keys_never_gets_a_removed_key(location: str, tmp_path: Path) -> None:
    """Rows without a key get keys after every key ever given out: the highest risk removed,
    the import neither reuses its key nor is refused for it."""
    from riskreg.exchange.importer import import_file

    reg = make(location)
    reg.remove_risk("R-003", why="dubblett")
    sheet = tmp_path / "nya.csv"
    sheet.write_text("Titel;Riskområde;Sannolikhet;Konsekvens\nNy utan nyckel;it;2;2\n"
                     "En till;it;1;3\n", "utf-8")
    import_file(reg, sheet, kind="risks", why="nya risker")
    assert [r.key for r in reg.risks()] == ["R-001", "R-002", "R-004", "R-005"]
    assert reg.next_risk_key() == "R-006"


def test_an_older_register_learns_its_removed_keys_from_the_history(tmp_path: Path) -> None:
    path = tmp_path / "riskreg.json"
    make(path).remove_risk("R-003", why="bort")
    data = json.loads(path.read_bytes())  # as written before removed keys were kept
    del data["retired"]
    del data["_meta"]["1"]["counts"]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with Register.open(path, today=fixed_today) as reg:
        assert reg.next_risk_key() == "R-004"
        with refused(DuplicateKeyError, "error.key_retired"):
            reg.new_risk(key="R-003", title="x", area="it", inherent=Rating(1, 1))
        reg.remove_risk("R-002", why="bort")
    with Register.open(path, today=fixed_today) as reg:
        assert reg.next_risk_key() == "R-004"
        reg.new_risk(title="ny", area="it", inherent=Rating(1, 1), why="ny")
        assert [r.key for r in reg.risks()] == ["R-001", "R-004"]


# --- 12: a stale copy in a script (both stores) ---------------------------------------------------


def test_a_change_from_a_stale_copy_is_refused_until_read_again(location: str) -> None:
    make(location).close()
    a = Register.open(location, user="a", today=fixed_today)
    stale = a.risk("R-001")
    b = Register.open(location, user="b", today=fixed_today)
    b.update_risk("R-001", consequences=["B:s konsekvens"], why="B")
    with unchanged(location), refused(ConflictError, "error.conflict", key="R-001"):
        a.update_risk("R-001", consequences=[*stale.consequences, "x"], why="A")
    fresh = a.risk("R-001")  # reading it again is the way on
    a.update_risk("R-001", consequences=[*fresh.consequences, "x"], why="A")
    assert Register.open(location).risk("R-001").consequences == ("B:s konsekvens", "x")


def test_stale_copies_from_lists_are_refused_and_unread_items_are_not(location: str) -> None:
    make(location).close()
    a = Register.open(location, user="a", today=fixed_today)
    listed = {r.key: r for r in a.risks()}
    b = Register.open(location, user="b", today=fixed_today)
    b.update_risk("R-002", owner="B", why="B")
    b.update_risk("R-003", owner="B", why="B")
    with unchanged(location):
        with refused(ConflictError):
            a.mark_reviewed("R-002", note="granskad")
        with refused(ConflictError):
            a.remove_risk("R-003", why="bort")
    a.update_risk("R-001", owner="A", why="orörd av B")  # unchanged by B: fine
    # naming the revision one means to replace is the explicit way to overwrite
    a.update_risk("R-002", owner="A", expected_revision=a.risk("R-002").revision, why="A")
    assert listed["R-002"].owner == ""
    b2 = Register.open(location, user="b", today=fixed_today)
    assert (b2.risk("R-001").owner, b2.risk("R-002").owner) == ("A", "A")


def test_a_refresh_does_not_make_a_stale_copy_current(location: str) -> None:
    make(location).close()
    a = Register.open(location, user="a", today=fixed_today)
    a.risk("R-001")
    Register.open(location, user="b", today=fixed_today).update_risk("R-001", owner="B", why="B")
    assert a.refresh()
    with unchanged(location), refused(ConflictError):
        a.update_risk("R-001", owner="A", why="A")


# --- 13: temp files of killed saves ---------------------------------------------------------------


def test_temp_files_of_killed_saves_are_removed_by_the_next_writer(tmp_path: Path) -> None:
    path = tmp_path / "riskreg.json"
    make(path).close()
    stale = [tmp_path / f".riskreg.json.{n}abc.tmp" for n in range(3)]
    for tmp in stale:
        tmp.write_bytes(b"x" * 1000)
    unrelated = tmp_path / ".other.json.abc.tmp"
    unrelated.write_bytes(b"x")
    with Register.open(path, today=fixed_today) as reg:
        reg.update_risk("R-001", owner="x", why="x")
    assert not any(p.exists() for p in stale) and unrelated.exists()


# --- small: user names, scope words --------------------------------------------------------------


@pytest.mark.parametrize("user", ["anna\nberg", "x" * 10_000, " ", "a\tb", "a\x1bb"],
                         ids=["newline", "10000-characters", "blank", "tab", "escape"])
def test_a_user_name_is_one_line_of_reasonable_length(tmp_path: Path, user: str) -> None:
    path = tmp_path / "riskreg.json"
    make(path).close()
    before = path.read_bytes()
    with refused(ValidationError, "error.field", field="user"):
        Register.open(path, user=user)
    result = CliRunner().invoke(cli, ["--db", str(path), "--user", user, "risk", "edit", "R-001",
                                      "--owner", "x", "--why", "x"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("word", ["alla", "Alla parter", "all", "all parties", "region",
                                  "regionen", "kommunalförbund:Fyrbodal",
                                  "association:fyrbodal", "vårdsamverkansområde:SIMBA",
                                  "care_area:SIMBA", "care-area:SIMBA", "kommuner:1487,Partille",
                                  "municipalities:1487"])
def test_every_documented_scope_word_is_accepted(tmp_path: Path, word: str) -> None:
    path = tmp_path / "riskreg.json"
    make(path, risks=0).close()
    assert cli_run(path, "risk", "add", "--title", "T", "--area", "it", "--likelihood", "1",
                   "--impact", "1", "--scope", word).exit_code == 0
    csv = tmp_path / "risker.csv"
    csv.write_text(f"Titel;Riskområde;Sannolikhet;Konsekvens;Omfattning\nT;it;1;1;{word}\n",
                   "utf-8")
    result = cli_run(path, "import", str(csv))
    assert result.exit_code == 0, result.stderr


def test_the_scope_words_in_help_texts_and_errors_are_the_ones_read() -> None:
    from riskreg.messages import translate
    from riskreg.scopes import scope_forms, split_scope

    for lang in ("sv", "en"):
        forms = scope_forms(lang)
        for form in forms.split(", "):
            split_scope(form.replace("NAMN", "X").replace("NAME", "X")
                        .replace("KOD,KOD", "1,2").replace("CODE,CODE", "1,2"))
        message = translate("error.bad_scope", lang, value="x")
        for form in forms.split(", "):
            assert form.split(":")[0] in message, (lang, form, message)
