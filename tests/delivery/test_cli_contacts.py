"""``riskreg contacts`` on the command line: a template filled in and imported (dry run
first), listed, exported and read back, added and removed; bad files refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import riskreg
from riskreg.cli import cli


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_USER", "anna")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("RISKREG_LANG", raising=False)
    monkeypatch.delenv("RISKREG_DB", raising=False)


def run(db: Path, *args: str, code: int | None = 0) -> Result:
    argv = ["--db", str(db), *args]
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, (argv, result.exit_code, result.stdout, result.stderr)
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "riskreg.json"
    riskreg.Register.create(path, user="anna").close()
    return path


def contents(db: Path) -> tuple[bytes, bytes]:
    history = db.with_name(db.name + ".history.jsonl")
    return db.read_bytes(), history.read_bytes() if history.exists() else b""


def test_a_filled_in_template_is_imported_after_a_dry_run(db: Path, tmp_path: Path) -> None:
    template = tmp_path / "mall-kontakter.csv"
    run(db, "contacts", "template", "--out", str(template))
    text = template.read_text("utf-8-sig")
    assert text.startswith("# Kontakter som lägesrapporten")
    assert "# E-post (obligatorisk):" in text
    header = text.splitlines()[-1]
    assert header == "Nyckel;Organisation;Roll;Namn;E-post;Målgrupper;Ägarnamn;Språk;" \
                     "Inloggning;Aktiv"
    run(db, "contacts", "template", "--out", str(template), code=2)  # not overwritten unasked
    filled = template.read_text("utf-8-sig") + (
        ";Vänersborg;projektledare;Åsa Öberg;Asa.Oberg@Vanersborg.kommun.example;;;sv;;ja\n"
        ";1487;ledningsråd;Ledningsrådet Vänersborg;ledningsrad@vanersborg.kommun.example;;;"
        "sv;;ja\n"
        ";1487;målgrupp;MAS Vänersborg;mas@vanersborg.kommun.example;MAS;MAS Vänersborg;en;;"
        "ja\n")
    template.write_text(filled, "utf-8")
    before = contents(db)
    dry = run(db, "contacts", "import", str(template), "--dry-run")
    assert dry.stdout.splitlines()[0] == (
        f"Provkörning, inget sparat. Kontakter från {template}: 3 nya, 0 ändrade, "
        "0 borttagna, 0 oförändrade")
    assert "C-001 ny: asa.oberg@vanersborg.kommun.example" in dry.stdout
    assert contents(db) == before
    done = run(db, "contacts", "import", str(template))
    assert "3 nya" in done.stdout
    listing = run(db, "contacts", "list", "--org", "Vänersborg").stdout
    assert "Åsa Öberg" in listing and "asa.oberg@vanersborg.kommun.example" in listing
    assert listing.splitlines()[-1] == "3 kontakter, 2 får lägesrapporten"
    only = json.loads(run(db, "contacts", "list", "--role", "target_group", "--json").stdout)
    assert only["count"] == 1 and only["contacts"][0]["target_groups"] == ["MAS"]
    assert only["contacts"][0]["organisation_name"] == "Vänersborg"
    english = run(db, "--lang", "en", "contacts", "list").stdout
    assert english.splitlines()[0].split()[:3] == ["Key", "Organisation", "Role"]
    assert "project lead" in english and english.splitlines()[-1] == (
        "3 contacts, 2 receive the status report")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_example_contacts_export_and_import_back_unchanged(
    example_path: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"kontakter.{suffix}"
    assert run(example_path, "contacts", "export", str(path)).stdout == (
        f"Skrev 103 kontakter till {path}\n")
    before = contents(example_path)
    again = run(example_path, "contacts", "import", str(path))
    assert "0 nya, 0 ändrade, 0 borttagna, 103 oförändrade" in again.stdout
    assert contents(example_path)[0] == before[0]


def test_export_to_stdout_and_replace(example_path: Path, tmp_path: Path) -> None:
    text = run(example_path, "--lang", "en", "contacts", "export", "-").stdout
    lines = text.splitlines()
    assert lines[0].startswith("Key;Organisation;Role;Name;E-mail") and len(lines) == 104
    kept = tmp_path / "two.csv"
    kept.write_text("\n".join(lines[:3]) + "\n", "utf-8")
    dry = json.loads(run(example_path, "contacts", "import", str(kept), "--replace",
                         "--dry-run", "--json").stdout)
    assert dry["dry_run"] and len(dry["removed"]) == 101 and len(dry["unchanged"]) == 2
    run(example_path, "contacts", "import", str(kept), "--replace")
    assert json.loads(run(example_path, "contacts", "list", "--json").stdout)["count"] == 2


def test_a_bad_file_is_refused_whole_with_every_problem(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("Organisation;Roll;E-post\n1487;projektledare;inte-en-adress\n"
                    "9999;projektledare;a@b.example\n1487;ledningsråd;ok@v.example\n",
                    "utf-8")
    before = contents(db)
    result = run(db, "contacts", "import", str(path), code=2)
    assert result.stdout.startswith(f"Problem i {path} (2):")
    assert "rad 2" in result.stdout.lower() and "rad 3" in result.stdout.lower()
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("riskreg: ")
    assert contents(db) == before


def test_add_and_remove_a_contact(db: Path) -> None:
    added = run(db, "contacts", "add", "--org", "Skövde", "--role", "target_group",
                "--name", "MAS Skövde", "--address", "MAS@Skovde.kommun.example",
                "--group", "MAS", "--owner-name", "MAS Skövde", "--why", "ny MAS")
    assert added.stdout == "Kontakt C-001 tillagd: mas@skovde.kommun.example\n"
    bad = run(db, "contacts", "add", "--org", "1496", "--address", "inte en adress", code=2)
    assert "Ogiltig e-postadress" in bad.stderr and bad.stderr.count("\n") == 1
    same = run(db, "--lang", "en", "contacts", "add", "--org", "1496", "--address",
               "mas@skovde.kommun.example", code=2)
    assert "C-001" in same.stderr
    assert run(db, "contacts", "remove", "c-001", "--why", "slutat").stdout == (
        "Kontakt C-001 borttagen\n")
    assert run(db, "contacts", "list").stdout == "Inga kontakter\n"
    with riskreg.Register.open(db, user="check") as reg:
        assert [c.action for c in reg.history() if c.action.startswith("contact")] == [
            "contact_add", "contact_remove"]


def test_the_xlsx_template_filled_in_is_imported(db: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "template-contacts.xlsx"
    run(db, "--lang", "en", "contacts", "template", "--format", "xlsx", "--out", str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["Contacts", "Instructions"]
    sheet = book["Contacts"]
    assert [c.value for c in sheet[1]][:5] == ["Key", "Organisation", "Role", "Name", "E-mail"]
    sheet.append([None, "Skövde", "management council", "Ledningsrådet Skövde",
                  "ledningsrad@skovde.kommun.example", None, None, "sv", None, "yes"])
    book.save(path)
    result = run(db, "--lang", "en", "contacts", "import", str(path))
    assert "1 added" in result.stdout
    [contact] = json.loads(run(db, "contacts", "list", "--json").stdout)["contacts"]
    assert (contact["organisation"], contact["role"]) == ("1496", "management_council")
