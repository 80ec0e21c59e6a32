"""Bad input on the command line: always exit 2 with one line, never a traceback, and the
register (and its history) byte for byte as it was.

Hypothesis builds command lines that each carry at least one defect (a wrong
type, a value off the scale, a missing required option, a string too long,
control characters, invalid UTF-8 as Python hands it over (surrogateescape),
a duplicate key, a link to nothing, a link that closes a cycle, ...) among
otherwise ordinary arguments. Most run through click's CliRunner (fast), a few
through a real ``python -m riskreg.cli`` with raw bytes in argv. A second,
free-form fuzz may produce valid commands too: then anything but a crash
passes (exit 0 with a sound register, 1 from ``check``, or a clean exit 2).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import faultkit
import pytest
from click.testing import CliRunner
from faultcounts import count, scaled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import riskreg
from riskreg import Rating, Relation, Validity
from riskreg.cli import cli
from riskreg.doctor import validate_register

RISKS = ["R-001", "R-002", "R-003"]
DECISIONS = ["KL-2021-04", "KL-2022-07", "KL-2023-02"]
AREAS = ["teknik", "styrning"]
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)]
ARGV_UNSAFE = "\x00"  # cannot be passed in a real argv


def build(path: Path) -> None:
    """Two areas, three risks, three decisions: a chain KL-2023-02 -> KL-2022-07 -> KL-2021-04."""
    reg = riskreg.Register.create(
        path, name="Felinmatning", user="test", today=lambda: date(2026, 11, 22),
        categories=[riskreg.Category("teknik", "Teknik"), riskreg.Category("styrning", "Styrning")],
    )
    reg.new_decision(key="KL-2021-04", decided_on=date(2021, 5, 4), title="Informationsmodell",
                     validity=Validity.APPLIES)
    reg.new_decision(key="KL-2022-07", decided_on=date(2022, 6, 14), title="Vårdövergång",
                     validity=Validity.APPLIES)
    reg.new_decision(key="KL-2023-02", decided_on=date(2023, 2, 7), title="Licenser",
                     validity=Validity.UNCERTAIN, review_by=date(2027, 1, 31))
    for i, key in enumerate(RISKS):
        reg.new_risk(key=key, title=f"Risk {i}", area=AREAS[i % 2], inherent=Rating(2, 3))
    reg.link("R-001", Relation.MITIGATED_BY, "KL-2021-04")
    reg.link("KL-2022-07", Relation.DEPENDS_ON, "KL-2021-04")
    reg.link("KL-2023-02", Relation.DEPENDS_ON, "KL-2022-07")
    reg.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "riskreg.json"
    build(path)
    return path


def fresh_copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "riskreg.json"
    for suffix in ("", ".history.jsonl"):
        shutil.copyfile(str(template) + suffix, str(target) + suffix)
    shutil.rmtree(str(target) + ".backups", ignore_errors=True)
    return target


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2026-11-22")
    monkeypatch.setenv("RISKREG_USER", "fuzz")
    for name in ("RISKREG_LANG", "RISKREG_DB"):
        monkeypatch.delenv(name, raising=False)


# --- pieces of command lines ---------------------------------------------------------------

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=20).filter(lambda t: t.strip() and not t.startswith("-"))
fine_text = st.one_of(words, st.sampled_from(["Åtgärd i Öckerö 🏥", "Remiss", "x" * 250]))


@st.composite
def invalid_utf8(draw: st.DrawFn) -> str:
    """Text as Python decodes an argv holding invalid UTF-8: with lone surrogates."""
    good = draw(st.text(st.sampled_from("abcåäö "), max_size=8)).encode("utf-8")
    bad = bytes([draw(st.sampled_from([*range(0x80, 0xC0), *range(0xF8, 0x100)]))])
    tail = draw(st.binary(max_size=4))
    return os.fsdecode(good + bad + tail)


@st.composite
def with_control(draw: st.DrawFn) -> str:
    text = draw(words)
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(CONTROL)) + text[at:]


bad_text = st.one_of(
    with_control(),
    invalid_utf8(),
    st.integers(20_001, 30_000).map(lambda n: "å" * n),  # longer than any text field allows
)
bad_title = st.one_of(bad_text, st.just(" "), st.just(""),
                      st.integers(301, 2_000).map(lambda n: "T" * n))
not_int = st.one_of(
    st.sampled_from(["tre", "1.5", "", " ", "0x2", "1e1", "2,0", "NaN", "∞", "--"]),
    words.filter(lambda t: not t.strip().lstrip("+-").isdigit()),
    invalid_utf8(),
)
off_scale = st.one_of(st.integers(-10**30, 0), st.integers(5, 10**30)).map(str)
bad_int = st.one_of(not_int, off_scale)
bad_date = st.one_of(
    st.sampled_from(["2024-02-30", "2024-13-01", "tomorrow", "2024-1-1", "20240101", "",
                     "2024-02-29T10:00", "0000-01-01", "9999-99-99"]),
    words, invalid_utf8(),
)
bad_choice = st.one_of(st.sampled_from(["maybe", "", "öppen", "APPLIES!", "suspend", "1"]),
                       words.filter(lambda t: t.strip().lower().replace("-", "_") not in {
                           "applies", "uncertain", "suspended", "unreviewed", "identified",
                           "assessed", "treating", "accepted", "closed", "mitigated_by",
                           "caused_by", "depends_on", "supersedes", "aggravates", "proposed",
                           "planned", "in_progress", "done"}),
                       invalid_utf8())
missing_key = st.one_of(st.sampled_from(["R-404", "R-999999", "KL-2099-99", "KL-2020-01"]),
                        words.filter(lambda t: t not in RISKS + DECISIONS), invalid_utf8())


def risk_add(**over: Any) -> list[str]:
    base = {"--title": "Ny risk", "--area": "teknik", "--likelihood": "2", "--impact": "3"}
    base.update(over)
    return ["risk", "add", *[x for k, v in base.items() if v is not None for x in (k, v)]]


def decision_add(**over: Any) -> list[str]:
    base = {"--key": "KL-2024-05", "--decided-on": "2024-03-01", "--title": "Nytt beslut"}
    base.update(over)
    return ["decision", "add", *[x for k, v in base.items() if v is not None for x in (k, v)]]


@st.composite
def defective(draw: st.DrawFn) -> list[str]:
    """A command line with at least one defect (which, in ``label``)."""
    kind = draw(st.sampled_from([
        "int", "missing", "title", "text", "date", "choice", "duplicate", "link-missing",
        "link-kinds", "cycle", "unknown-key", "area", "org", "scope", "key-format",
        "edit", "assess", "init", "unknown-option", "residual", "action", "limit", "level",
    ]))
    if kind == "int":
        field = draw(st.sampled_from(["--likelihood", "--impact"]))
        return risk_add(**{field: draw(bad_int)})
    if kind == "missing":
        which = draw(st.sampled_from(["risk", "decision", "edit", "assess"]))
        if which == "risk":
            return risk_add(**{draw(st.sampled_from(["--title", "--area", "--likelihood",
                                                     "--impact"])): None})
        if which == "decision":
            return decision_add(**{draw(st.sampled_from(["--key", "--decided-on",
                                                         "--title"])): None})
        if which == "edit":
            return ["risk", "edit", "R-001", "--owner", draw(fine_text)]  # --why missing
        return ["decision", "assess", "KL-2021-04",
                *draw(st.sampled_from([["--validity", "suspended"], ["--rationale", "r"]]))]
    if kind == "title":
        return draw(st.sampled_from([risk_add, decision_add]))(**{"--title": draw(bad_title)})
    if kind == "text":
        field = draw(st.sampled_from(["--description", "--owner", "--consequence", "--why"]))
        return [*risk_add(), field, draw(bad_text)]
    if kind == "date":
        return draw(st.sampled_from([
            lambda d: decision_add(**{"--decided-on": d}),
            lambda d: ["decision", "assess", "KL-2021-04", "--validity", "uncertain",
                       "--rationale", "r", "--review-by", d],
            lambda d: ["risk", "edit", "R-001", "--why", "w", "--add-action", "Gör",
                       "--action-due", d],
        ]))(draw(bad_date))
    if kind == "choice":
        value = draw(bad_choice)
        return draw(st.sampled_from([
            [*risk_add(), "--status", value],
            ["decision", "assess", "KL-2021-04", "--validity", value, "--rationale", "r"],
            ["link", "add", "R-002", value, "KL-2021-04"],
            ["decision", "list", "--validity", value],
            ["risk", "list", "--status", value],
            ["graph", "--format", value],
        ]))
    if kind == "duplicate":
        return draw(st.sampled_from([
            risk_add(**{"--key": draw(st.sampled_from(RISKS))}),
            decision_add(**{"--key": "KL-2021-04", "--decided-on": "2021-05-04"}),
            ["area", "add", "teknik", draw(fine_text)],
            ["link", "add", "R-001", "mitigated_by", "KL-2021-04"],
        ]))
    if kind == "link-missing":
        missing = draw(missing_key)
        return draw(st.sampled_from([
            ["link", "add", "R-001", "mitigated_by", missing],
            ["link", "add", missing, "depends_on", "KL-2021-04"],
            ["link", "remove", "R-002", "mitigated_by", draw(st.sampled_from(DECISIONS))],
        ]))
    if kind == "link-kinds":
        return draw(st.sampled_from([
            ["link", "add", "KL-2021-04", "mitigated_by", "R-001"],
            ["link", "add", "R-001", "depends_on", "R-002"],
            ["link", "add", "R-002", "aggravates", "R-002"],
            ["link", "add", "KL-2022-07", "supersedes", "KL-2022-07"],
        ]))
    if kind == "cycle":
        return ["link", "add", "KL-2021-04", draw(st.sampled_from(["depends_on", "supersedes"])),
                draw(st.sampled_from(["KL-2022-07", "KL-2023-02"]))]
    if kind == "unknown-key":
        missing = draw(missing_key)
        return draw(st.sampled_from([
            ["risk", "show", missing], ["risk", "edit", missing, "--owner", "x", "--why", "w"],
            ["risk", "review", missing], ["decision", "show", missing], ["impact", missing],
            ["decision", "assess", missing, "--validity", "applies", "--rationale", "r"],
        ]))
    if kind == "area":
        area = draw(words.filter(lambda t: t not in AREAS))
        return draw(st.sampled_from([risk_add(**{"--area": area}),
                                     ["risk", "list", "--area", area],
                                     ["risk", "edit", "R-001", "--area", area, "--why", "w"]]))
    if kind == "org":
        org = draw(st.one_of(st.sampled_from(["Stockholm", "0000", "Göteborgs stad", ""]),
                             invalid_utf8()))
        return draw(st.sampled_from([[*risk_add(), "--reported-by", org],
                                     ["risk", "list", "--org", org],
                                     ["decision", "list", "--org", org],
                                     [*risk_add(), "--scope", f"municipalities:{org or 'X'}"]]))
    if kind == "scope":
        scope = draw(st.one_of(
            st.sampled_from(["county", "association:", "association:Norrbotten", "all:x",
                             "region:Göteborg", "care_area:Mars", "municipalities:", ":"]),
            invalid_utf8()))
        return [*draw(st.sampled_from([risk_add(), decision_add()])), "--scope", scope]
    if kind == "key-format":
        return draw(st.sampled_from([
            risk_add(**{"--key": draw(st.sampled_from(["R-1", "R-0000001", "X-001", "r-001",
                                                       "KL-2024-01"]))}),
            decision_add(**{"--key": draw(st.sampled_from(["KL-24-01", "KL-2024-1", "R-001",
                                                           "KL-2023-05"]))}),
            ["area", "add", draw(st.sampled_from(["Teknik", "-x", "å", "a b", "x" * 41])),
             "Namn"],
        ]))
    if kind == "edit":
        field, value = draw(st.sampled_from([
            ("--likelihood", draw(bad_int)), ("--impact", draw(bad_int)),
            ("--title", draw(bad_title)), ("--owner", draw(bad_text)),
            ("--status", draw(bad_choice)), ("--add-reporter", "Oslo"),
        ]))
        return ["risk", "edit", draw(st.sampled_from(RISKS)), field, value, "--why", "w"]
    if kind == "assess":
        return draw(st.sampled_from([
            ["decision", "assess", "KL-2021-04", "--validity", "uncertain", "--rationale", "r"],
            ["decision", "assess", "KL-2021-04", "--validity", "unreviewed", "--rationale", "r"],
            ["decision", "assess", "KL-2021-04", "--validity", "applies", "--rationale",
             draw(bad_text)],
        ]))
    if kind == "init":
        return ["init", *draw(st.sampled_from([[], ["--example"], ["--area", "a=b"]]))]
    if kind == "unknown-option":
        return [*draw(st.sampled_from([risk_add(), ["risk", "list"], ["check"]])),
                "--" + draw(st.sampled_from(["colour", "force", "yes", "titel", "db2"]))]
    if kind == "residual":
        return [*risk_add(), draw(st.sampled_from(["--residual-likelihood",
                                                   "--residual-impact"])), "1"]
    if kind == "action":
        return draw(st.sampled_from([
            ["risk", "edit", "R-001", "--why", "w", "--action-done", draw(st.sampled_from(
                ["0", "-1", "1", "99", "x"]))],
            ["risk", "edit", "R-001", "--why", "w", "--action-owner", "Anna"],
        ]))
    if kind == "limit":
        return ["history", "--limit", draw(st.one_of(st.sampled_from(["-1", "x", ""]),
                                                     st.integers(-10**20, -1).map(str)))]
    return ["risk", "list", "--level", draw(words.filter(
        lambda t: t.strip().casefold() not in {"low", "medium", "high", "very_high", "låg",
                                               "medel", "hög", "mycket hög", "mycket_hög",
                                               "very high"}))]


noise = st.lists(st.sampled_from([["--lang", "en"], ["--lang", "sv"], ["--user", "Anna Berg"],
                                  ["--user", "Åsa 🏥"]]), max_size=2)


def snapshot(db: Path) -> tuple[bytes, bytes | None]:
    return faultkit.snapshot(db)


def assert_refused(code: int, out: str, err: str, argv: list[str]) -> None:
    assert code == 2, (argv, code, out[-500:], err[-2000:])
    assert "Traceback" not in err and "Traceback" not in out, err
    assert out == "", (argv, out[-500:])
    assert err.startswith("riskreg: "), (argv, err[-500:])
    assert err.endswith("\n") and err.count("\n") == 1, (argv, err[-500:])


def invoke(db: Path, argv: list[str]) -> Any:
    return CliRunner().invoke(cli, ["--db", str(db), *argv], catch_exceptions=True)


@settings(max_examples=scaled(250, 3000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(args=defective(), extra=noise)
def test_defective_command_lines_are_refused_cleanly(
    template: Path, tmp_path: Path, args: list[str], extra: list[list[str]]
) -> None:
    db = fresh_copy(template, tmp_path / "db") if not (tmp_path / "db").exists() else (
        tmp_path / "db" / "riskreg.json")
    before = snapshot(db)
    argv = [x for option in extra for x in option] + args
    count("bad_inputs")
    result = invoke(db, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert_refused(result.exit_code, result.stdout, result.stderr, argv)
    assert snapshot(db) == before
    count("bad_inputs_refused")


SUBPROCESS_CASES: list[list[bytes]] = [
    [b"risk", b"add", b"--title", b"Trasig \xff\xfe text", b"--area", b"teknik",
     b"--likelihood", b"2", b"--impact", b"3"],
    [b"risk", b"add", b"--title", b"Ok", b"--area", b"tek\xc3nik", b"--likelihood", b"2",
     b"--impact", b"3"],
    [b"risk", b"edit", b"R-001", b"--owner", b"\xed\xa0\x80", b"--why", b"w"],
    [b"risk", b"show", b"R-\x80\x81"],
    [b"--lang", b"\xff", b"risk", b"list"],
    [b"risk", b"add", b"--title", b"Ok", b"--area", b"teknik", b"--likelihood",
     b"99999999999999999999999999", b"--impact", b"3"],
    [b"link", b"add", b"KL-2021-04", b"depends_on", b"KL-2023-02"],
    [b"decision", b"add", b"--key", b"KL-2024-05", b"--decided-on", b"2024-02-30",
     b"--title", "\x1b[31mröd\x1b[0m".encode()],
]


def _run_real(db: Path, argv: list[bytes]) -> None:
    before = snapshot(db)
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"riskreg.cli", b"--db", os.fsencode(db), *argv],
        capture_output=True, env=faultkit.child_env() | {"RISKREG_USER": "fuzz"}, timeout=60,
        check=False,
    )
    count("bad_inputs")
    count("bad_inputs_subprocess")
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    assert_refused(done.returncode, out, err, [os.fsdecode(a) for a in argv])
    assert snapshot(db) == before
    count("bad_inputs_refused")


@pytest.mark.parametrize("argv", SUBPROCESS_CASES, ids=range(len(SUBPROCESS_CASES)))
def test_raw_bytes_in_a_real_argv_are_refused_cleanly(
    template: Path, tmp_path: Path, argv: list[bytes]
) -> None:
    _run_real(fresh_copy(template, tmp_path), argv)


@pytest.mark.slow
@settings(max_examples=scaled(4, 60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(args=defective())
def test_generated_defects_in_a_real_subprocess(
    template: Path, tmp_path: Path, args: list[str]
) -> None:
    args = [a for a in args if ARGV_UNSAFE not in a and len(a) < 20_000]
    db = tmp_path / "sub" / "riskreg.json"
    if not db.exists():
        fresh_copy(template, db.parent)
    done = subprocess.run(
        [sys.executable, "-m", "riskreg.cli", "--db", str(db), *args], capture_output=True,
        env=faultkit.child_env(), timeout=60, check=False,
    )
    count("bad_inputs_subprocess")
    if done.returncode == 2:
        err = done.stderr.decode("utf-8", "replace")
        assert err.count("\n") == 1 and "Traceback" not in err, err
        count("bad_inputs")
        count("bad_inputs_refused")
    else:  # dropping an argv-unsafe piece can leave a valid command: it must then work
        assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
        fresh_copy(template, db.parent)


# What the fuzz found once (kept as plain cases so every CI run tries them): a why or a user
# name goes into the history unchecked, so invalid UTF-8 there crashed the save with a
# UnicodeEncodeError traceback, and a why of any length was accepted.
FOUND: dict[str, list[str]] = {
    "why with invalid UTF-8": [*risk_add(), "--why", os.fsdecode(b"\x80")],
    "why too long": [*risk_add(), "--why", "å" * 20_001],
    "why with a control character": ["risk", "edit", "R-001", "--owner", "A", "--why", "a\x1bb"],
    "user with invalid UTF-8": ["--user", os.fsdecode(b"Anna \xff"), *risk_add()],
    "note with invalid UTF-8": ["risk", "review", "R-001", "--note", os.fsdecode(b"\xfe")],
    "link why with a control character": ["link", "add", "R-002", "mitigated_by",
                                          "KL-2021-04", "--why", "\x07"],
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_inputs_the_fuzz_found(template: Path, tmp_path: Path, case: str) -> None:
    db = fresh_copy(template, tmp_path)
    before = snapshot(db)
    count("bad_inputs")
    result = invoke(db, FOUND[case])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert_refused(result.exit_code, result.stdout, result.stderr, FOUND[case])
    assert snapshot(db) == before
    count("bad_inputs_refused")


# --- free-form: anything goes, only a crash fails ---------------------------------------------

COMMANDS: list[list[str]] = [
    ["risk", "add"], ["risk", "edit", "R-001"], ["risk", "edit", "R-002"], ["risk", "review"],
    ["risk", "list"], ["risk", "show"], ["decision", "add"], ["decision", "assess"],
    ["decision", "list"], ["decision", "show"], ["link", "add"], ["link", "remove"],
    ["impact"], ["check"], ["history"], ["area", "add"], ["area", "list"], ["graph"],
    ["doctor"],
]
OPTIONS = ["--title", "--area", "--likelihood", "--impact", "--residual-likelihood",
           "--residual-impact", "--owner", "--status", "--why", "--key", "--decided-on",
           "--validity", "--rationale", "--review-by", "--scope", "--reported-by", "--level",
           "--org", "--search", "--limit", "--if", "--format", "--note", "--internal", "--json",
           "--add-action", "--action-due", "--action-done", "--consequence", "--no-residual"]
VALUES = st.one_of(
    st.sampled_from([*RISKS, *DECISIONS, *AREAS, "1", "2", "4", "5", "0", "-3", "applies",
                     "uncertain", "suspended", "closed", "mitigated_by", "depends_on",
                     "2027-01-31", "2024-02-30", "all", "region", "association:Fyrbodal",
                     "1480", "Borås", "hög", "json", "mermaid", ""]),
    words, bad_text, invalid_utf8(),
)


@st.composite
def free_form(draw: st.DrawFn) -> list[str]:
    argv = list(draw(st.sampled_from(COMMANDS)))
    argv += draw(st.lists(st.sampled_from([*RISKS, *DECISIONS, "mitigated_by"]), max_size=3))
    for _ in range(draw(st.integers(0, 6))):
        option = draw(st.sampled_from(OPTIONS))
        argv.append(option)
        if option not in ("--internal", "--json", "--no-residual"):
            argv.append(draw(VALUES))
    return argv


@settings(max_examples=scaled(150, 2000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(argv=free_form())
def test_free_form_command_lines_never_crash(
    template: Path, tmp_path: Path, argv: list[str]
) -> None:
    db = tmp_path / "free" / "riskreg.json"
    if not db.exists():
        fresh_copy(template, db.parent)
    before = snapshot(db)
    count("free_inputs")
    result = invoke(db, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert_refused(2, result.stdout, result.stderr, argv)
        assert snapshot(db) == before
        return
    assert result.exit_code in (0, 1), (argv, result.exit_code, result.stderr)
    if snapshot(db) != before:  # a valid change: the file is sound; start the next one afresh
        with riskreg.Register.open(db) as reg:
            assert validate_register(reg) is None
        fresh_copy(template, db.parent)

