"""Import back: templates, CSV/XLSX/JSON, encodings, all-or-nothing validation, round trip,
and a municipality's own risk list (submission) matched into the joint analysis."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from strategies import AREAS, Contents, contents, fill, new_register

import riskreg
from riskreg import ImportRejected, Validity, Visibility
from riskreg.cli import cli
from riskreg.exchange import dumps, import_file, import_submission, register_doc
from riskreg.exchange.reading import decode, sniff_delimiter

TODAY = date(2026, 11, 22)


def fixed_today() -> date:
    return TODAY


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={
        "RISKREG_TODAY": TODAY.isoformat(), "RISKREG_USER": "tester", "RISKREG_LANG": None},
        catch_exceptions=False)


def files_of(db: Path) -> dict[str, bytes]:
    """The register file and its history, to prove nothing was written."""
    return {p.name: p.read_bytes() for p in db.parent.iterdir()
            if p.is_file() and p.name.startswith(db.name) and not p.name.endswith(".lock")}


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    db = tmp_path / "tom.json"
    new_register(db).close()
    return db


def same(a: Any, b: Any) -> bool:
    """Equal apart from the register's own bookkeeping (revision, updated)."""
    return attrs.evolve(a, revision=0, updated=None) == attrs.evolve(b, revision=0, updated=None)


# --- CSV, encodings, separators ------------------------------------------------------------------

ROWS = [
    ["Titel", "Riskområde", "Sannolikhet", "Konsekvens", "Beskrivning", "Åtgärder",
     "Rapporterad av", "Omfattning"],
    ["Läkemedelslistan är ofullständig vid hemgång", "it", "3", "4", "Ändringar syns inte",
     "Gå igenom rutinen | MAS | 2027-01-31 | planerad", "Göteborg", "kommunalförbund:Fyrbodal"],
    ["Överföring av vårdplan försenas", "Vård och omsorg", "Stor", "Måttlig", "", "",
     "1480, Borås", "alla parter"],
]


def as_csv(rows: list[list[str]], separator: str = ";") -> str:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


EXCEL_CSV = as_csv(ROWS)  # what Swedish Excel saves: ';', CRLF, Windows-1252


def test_a_windows_1252_semicolon_csv_from_excel_imports(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(EXCEL_CSV.encode("cp1252"))
    result = run(empty, "import", str(path))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "2 risker" in result.stdout
    with riskreg.Register.open(empty, today=fixed_today) as reg:
        first, second = reg.risks()
        assert first.title == "Läkemedelslistan är ofullständig vid hemgång"
        assert first.description == "Ändringar syns inte"
        assert (first.inherent.likelihood, first.inherent.impact) == (3, 4)
        assert first.actions[0].text == "Gå igenom rutinen" and first.actions[0].owner == "MAS"
        assert first.actions[0].due == date(2027, 1, 31)
        assert str(first.actions[0].status) == "planned"
        assert first.reported_by == ("1480",)
        assert first.scope == riskreg.Scope.association("Fyrbodal")
        assert second.title == "Överföring av vårdplan försenas" and second.area == "vard"
        assert (second.inherent.likelihood, second.inherent.impact) == (3, 2)
        assert second.reported_by == ("1480", "1490")
        assert [r.key for r in reg.risks()] == ["R-001", "R-002"]


@pytest.mark.parametrize(("encoding", "bom", "separator"), [
    ("utf-8", b"", ","), ("utf-8", b"\xef\xbb\xbf", ";"), ("cp1252", b"", ";"),
    ("utf-16", b"", "\t"),
])
def test_encodings_and_separators_are_detected(empty: Path, tmp_path: Path, encoding: str,
                                               bom: bytes, separator: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(bom + as_csv(ROWS, separator).encode(encoding))
    with riskreg.Register.open(empty, today=fixed_today) as reg:
        result = import_file(reg, path)
        assert result.risks[0][1] == "Läkemedelslistan är ofullständig vid hemgång"
        assert reg.risks()[1].title == "Överföring av vårdplan försenas"


def test_encoding_can_be_chosen_and_bad_choices_are_one_line(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(EXCEL_CSV.encode("cp1252"))
    assert run(empty, "import", str(path), "--encoding", "cp1252", "--dry-run").exit_code == 0
    bad = run(empty, "import", str(path), "--encoding", "klingon")
    assert bad.exit_code == 2 and "Okänd teckenkodning" in bad.stderr
    assert bad.stderr.count("\n") == 1
    wrong = run(empty, "import", str(path), "--encoding", "utf-8")
    assert wrong.exit_code == 2 and "--encoding" in wrong.stderr


def test_decode_and_sniff() -> None:
    assert decode("åäö".encode("cp1252")) == ("åäö", "cp1252")
    assert decode(b"\xef\xbb\xbf\xc3\xa5") == ("å", "utf-8")
    assert sniff_delimiter('"a;b",c,d') == ","
    assert sniff_delimiter("a;b;c,d") == ";"
    assert sniff_delimiter("a\tb") == "\t"


# --- all or nothing -

BAD_CSV = (
    "Nyckel;Titel;Riskområde;Sannolikhet;Konsekvens;Registrerad\n"
    "R-010;Bra rad;it;2;2;2026-01-05\n"          # row 2: fine
    "R-011;Okänt område;ekonomi;2;2;\n"          # row 3: unknown area
    "R-012;Utanför skalan;it;7;2;\n"             # row 4: likelihood out of scale
    "R-013;Bra rad två;vard;1;4;\n"              # row 5: fine
    ";;it;2;2;\n"                                 # row 6: missing title
)


def test_three_bad_rows_are_all_listed_and_the_register_is_untouched(
    empty: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    before = files_of(empty)
    result = run(empty, "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "3 problem" in result.stderr
    assert "Inget har ändrats i registret" in result.stderr
    lines = [line for line in result.stdout.splitlines() if line.lstrip().startswith("- ")]
    assert len(lines) == 3, result.stdout
    assert "rad 3, kolumn Riskområde: Okänt riskområde 'ekonomi'" in lines[0]
    assert "rad 4, kolumn Sannolikhet: '7' är inget steg på skalan 1–4" in lines[1]
    assert "rad 6, kolumn Titel: Värde saknas" in lines[2]
    assert files_of(empty) == before
    with riskreg.Register.open(empty) as reg:
        assert reg.risks() == []


def test_every_kind_of_bad_row_is_reported_with_row_and_column(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "Nyckel,Titel,Riskområde,Sannolikhet,Konsekvens,Registrerad,Status\n"
        "R-001,Ett,it,2,2,,\n"
        "R-001,Dubblett,it,2,2,,\n"
        "R-002,Datum,it,2,2,2026-13-45,\n"
        "R-003,Status,it,2,2,,påhittad\n"
        "R-004,Konsekvens,it,2,0,,\n"
        "X-5,Fel nyckel,it,2,2,,\n", encoding="utf-8")
    before = files_of(empty)
    with riskreg.Register.open(empty, today=fixed_today) as reg, pytest.raises(
        ImportRejected
    ) as info:
        import_file(reg, path)
    found = [(p.row, p.column, p.key) for p in info.value.problems]
    assert found == [
        (3, "Nyckel", "error.import.duplicate_in_file"),
        (4, "Registrerad", "error.bad_date"),
        (5, "Status", "error.bad_choice"),
        (6, "Konsekvens", "error.import.bad_step"),
        (7, "Nyckel", "error.bad_key"),
    ]
    assert files_of(empty) == before


def test_a_key_that_exists_and_an_unknown_column_are_refused(example_path: Path,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Nyckel;Titel;Riskområde;Sannolikhet;Konsekvens;Färg\n"
                    "R-001;Finns;teknik;2;2;röd\n", encoding="utf-8")
    with riskreg.Register.open(example_path, today=fixed_today) as reg, pytest.raises(
        ImportRejected
    ) as info:
        import_file(reg, path)
    assert [(p.row, p.key) for p in info.value.problems] == [(1, "error.import.unknown_column")]
    path.write_text("Nyckel;Titel;Riskområde;Sannolikhet;Konsekvens\nR-001;Finns;teknik;2;2\n",
                    encoding="utf-8")
    with riskreg.Register.open(example_path, today=fixed_today) as reg, pytest.raises(
        ImportRejected
    ) as info:
        import_file(reg, path)
    assert [(p.row, p.column, p.key) for p in info.value.problems] == [
        (2, "Nyckel", "error.import.exists")]


def test_dry_run_checks_and_writes_nothing(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(BAD_CSV.split("R-011")[0], encoding="utf-8")
    before = files_of(empty)
    result = run(empty, "import", str(path), "--dry-run")
    assert result.exit_code == 0 and "Provkörning" in result.stdout and "R-010 Bra rad" in (
        result.stdout)
    assert files_of(empty) == before
    assert run(empty, "import", str(path)).exit_code == 0
    assert files_of(empty) != before


def test_import_json_lists_problems(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    result = run(empty, "import", str(path), "--json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["count"] == 3
    assert [p["row"] for p in doc["problems"]] == [3, 4, 6]
    assert doc["problems"][0]["column"] == "Riskområde"


# --- decisions, XLSX, templates -


def test_decisions_from_csv(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "beslut.csv"
    path.write_text(
        "Nyckel;Beslutat;Titel;Innebörd;Målgrupper;Giltighet under pausen;Bedöms senast;"
        "Bedömt av;Motivering\n"
        "KL-2021-04;2021-03-02;Gemensam informationsmodell;Ska följas;Projektledare, MAS;"
        "gäller nu;;Klinisk ledning;Systemoberoende\n"
        "KL-2022-07;2022-06-14;Rutin vid vårdövergång;;;under bedömning;2027-03-31;;\n",
        encoding="utf-8")
    result = run(empty, "import", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    with riskreg.Register.open(empty) as reg:
        first, second = reg.decisions()
        assert first.validity is Validity.APPLIES
        assert first.target_groups == ("Projektledare", "MAS")
        assert first.assessment is not None and first.assessment.by == "Klinisk ledning"
        assert second.validity is Validity.UNCERTAIN and second.review_by == date(2027, 3, 31)


def test_an_uncertain_decision_without_review_by_is_refused(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "beslut.csv"
    path.write_text("key,decided_on,title,validity\nKL-2022-07,2021-06-14,Rutin,uncertain\n"
                    "KL-2022-08,2022-06-14,Rutin två,uncertain\n", encoding="utf-8")
    with riskreg.Register.open(empty) as reg, pytest.raises(ImportRejected) as info:
        import_file(reg, path)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "decided_on"),
                                                              (3, "Bedöms senast")]


def test_templates_are_documented_and_import_once_filled(empty: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    csv_path, xlsx_path = tmp_path / "mall.csv", tmp_path / "mall.xlsx"
    assert run(empty, "template", "risks", "--out", str(csv_path)).exit_code == 0
    assert run(empty, "template", "risks", "--format", "xlsx", "--out", str(xlsx_path)
               ).exit_code == 0
    again = run(empty, "template", "risks", "--out", str(csv_path))
    assert again.exit_code == 2 and "--force" in again.stderr
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert text.startswith("# riskreg: mall för import av risker")
    assert "# Sannolikhet (obligatorisk):" in text and "Finns: it, vard, lakemedel" in text
    header = text.splitlines()[-1]
    assert header.startswith("Nyckel;Titel;Riskområde;Sannolikhet;Konsekvens")
    csv_path.write_bytes(csv_path.read_bytes() + "R-007;Från mallen;it;2;3\r\n".encode())
    book = load_workbook(xlsx_path)
    assert book.sheetnames == ["Risker", "Instruktioner"]
    sheet = book["Risker"]
    assert sheet.freeze_panes == "A2" and sheet["B1"].value == "Titel"
    sheet.append(["", "Från Excel-mallen", "vard", "Stor", "Betydande", None, None, "Beskrivning",
                  "En\nTvå"])
    book.save(xlsx_path)
    assert run(empty, "import", str(csv_path)).exit_code == 0
    result = run(empty, "import", str(xlsx_path))
    assert result.exit_code == 0, result.stdout + result.stderr
    with riskreg.Register.open(empty) as reg:
        assert [r.title for r in reg.risks()] == ["Från mallen", "Från Excel-mallen"]
        assert reg.risk("R-008").consequences == ("En", "Två")


@pytest.mark.parametrize(("command", "kind"), [
    ("import", "risks"), ("import", "decisions"), ("import-submission", "risks")])
def test_an_empty_template_imports_nothing_in_either_format(
        empty: Path, tmp_path: Path, kind: str, command: str) -> None:
    """An empty XLSX template was an error ("no rows to read") while the empty CSV template
    imported 0 rows; both now import nothing, with the same answer, and write nothing."""
    answers = []
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"mall.{fmt}"
        assert run(empty, "template", kind, "--format", fmt, "--out", str(path)).exit_code == 0
        extra = ["--from", "Partille"] if command == "import-submission" else []
        before = files_of(empty)
        result = run(empty, "--lang", "en", command, str(path), *extra, "--dry-run", "--json")
        assert result.exit_code == 0, result.stderr
        assert files_of(empty) == before
        doc = json.loads(result.stdout)
        doc.pop("path", None)
        doc.pop("file", None)
        doc.pop("format", None)
        answers.append(doc)
    assert answers[0] == answers[1]


def test_decision_template_in_english(empty: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.csv"
    result = run(empty, "--lang", "en", "template", "decisions", "--out", str(out))
    assert result.exit_code == 0
    assert out.read_bytes().decode("utf-8-sig").splitlines()[-1].startswith(
        "Key;Decided on;Title;What it means")


# --- the JSON round trip -


def _compare(a: riskreg.Register, b: riskreg.Register) -> None:
    assert [r.key for r in a.risks()] == [r.key for r in b.risks()]
    for x, y in zip(a.risks(), b.risks(), strict=True):
        assert same(x, y), (x, y)
    for x, y in zip(a.decisions(), b.decisions(), strict=True):
        assert same(x, y), (x, y)
    assert a.links() == b.links()
    assert [c.key for c in a.categories()] == [c.key for c in b.categories()]


def test_the_example_round_trips_through_dump_and_import(example_path: Path,
                                                        tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    assert run(example_path, "dump", "--out", str(dump)).exit_code == 0
    target = tmp_path / "ny.json"
    assert run(target, "init", "--name", "Ny").exit_code == 0
    result = run(target, "import", str(dump))
    assert result.exit_code == 0, result.stdout + result.stderr
    with riskreg.Register.open(example_path) as a, riskreg.Register.open(target) as b:
        _compare(a, b)
        assert len(b.risks()) == 48 and len(b.decisions()) == 69 and len(b.links()) == 117
    # and the dump of the copy is the dump of the original, but for bookkeeping
    with riskreg.Register.open(target) as b:
        assert register_doc(b)["categories"] == json.loads(dump.read_text())["categories"]


def test_shared_only_dump_leaves_internal_items_out(example_path: Path) -> None:
    with riskreg.Register.open(example_path) as reg:
        doc = json.loads(dumps(reg, shared_only=True))
        internal = reg.internal_keys()
    text = json.dumps(doc)
    assert internal and not any(k in text for k in internal)


@settings(max_examples=25, deadline=None)
@given(content=contents(max_decisions=6, max_risks=6, max_links=12))
def test_round_trip_register_json_import_gives_the_same_items(
    tmp_path_factory: pytest.TempPathFactory, content: Contents
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    source = new_register(folder / "a.json")
    fill(source, content)
    dump = folder / "dump.json"
    dump.write_text(dumps(source), encoding="utf-8")
    target = riskreg.Register.create(folder / "b.json", user="x", today=fixed_today)
    result = import_file(target, dump)
    assert len(result.risks) == len(content.risks)
    assert [c.key for c in target.categories()] == [c.key for c in AREAS]
    _compare(source, target)
    source.close()
    target.close()


def test_json_lists_and_links_with_problems(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps({
        "decisions": [{"key": "KL-2022-01", "decided_on": "2022-02-01", "title": "Ett",
                       "validity": "applies"},
                      {"key": "KL-2022-02", "decided_on": "2022-02-02", "title": "Två",
                       "validity": "kanske"}],
        "risks": [{"title": "Utan nyckel (blir R-006)", "area": "it", "inherent": [2, 3]},
                  {"key": "R-005", "title": "Fel skala", "area": "it", "inherent": [5, 1]}],
        "links": [{"source": "R-006", "relation": "mitigated_by", "target": "KL-2022-01"},
                  {"source": "R-006", "relation": "mitigated_by", "target": "KL-2099-01"}],
    }), encoding="utf-8")
    before = files_of(empty)
    with riskreg.Register.open(empty, today=fixed_today) as reg, pytest.raises(
        ImportRejected
    ) as info:
        import_file(reg, path)
    found = [(p.where, p.row, p.column, p.key) for p in info.value.problems]
    assert found == [
        ("decisions", 2, "validity", "error.bad_choice"),
        ("risks", 2, "inherent", "error.scale"),
        ("links", 2, "target", "error.import.link_end"),
    ]
    assert files_of(empty) == before


def test_a_cycle_in_imported_links_is_refused(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps([
        {"key": "KL-2022-01", "decided_on": "2022-02-01", "title": "Ett"},
        {"key": "KL-2022-02", "decided_on": "2022-02-02", "title": "Två"},
        {"source": "KL-2022-01", "relation": "depends_on", "target": "KL-2022-02"},
        {"source": "KL-2022-02", "relation": "depends_on", "target": "KL-2022-01"},
    ]), encoding="utf-8")
    with riskreg.Register.open(empty) as reg, pytest.raises(ImportRejected) as info:
        import_file(reg, path)
    assert [(p.where, p.row, p.key) for p in info.value.problems] == [
        ("links", 2, "error.link_cycle")]
    with riskreg.Register.open(empty) as reg:
        assert reg.decisions() == []


# --- a municipality's own list -

SUBMISSION = (
    "Nr;Titel;Beskrivning;Riskområde;Sannolikhet;Konsekvens\n"
    "K1;Dubbeldokumentation i SAMSA och våra verksamhetssystem;;;;\n"
    "K2;Ofullständig läkemedelslista vid vårdövergångar;Listan saknar ändringar;;;\n"
    "K3;Vikarier saknar behörighet i hemsjukvårdens system på helger;Ingen kommer åt "
    "journalen;teknik;3;3\n"
)


@pytest.fixture
def partille_list(tmp_path: Path) -> Path:
    path = tmp_path / "partille.csv"
    path.write_text(SUBMISSION.replace("Nr;", "Nyckel;"), encoding="utf-8")
    return path


def test_a_submission_matches_rows_and_adds_the_rest(example_path: Path,
                                                    partille_list: Path) -> None:
    before = files_of(example_path)
    dry = run(example_path, "import-submission", str(partille_list), "--from", "Partille",
              "--dry-run")
    assert dry.exit_code == 0, dry.stdout + dry.stderr
    assert "Provkörning" in dry.stdout and "R-001" in dry.stdout and "R-009" in dry.stdout
    assert files_of(example_path) == before
    result = run(example_path, "import-submission", str(partille_list), "--from", "1402",
                 "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    doc = json.loads(result.stdout)
    rows = {r["row"]: r for r in doc["rows"]}
    assert rows[2]["key"] == "R-001" and rows[2]["by"] == "similarity"
    assert rows[3]["key"] == "R-009" and rows[3]["score"] >= 0.6
    assert rows[4]["action"] == "new" and rows[4]["key"] == "R-049"
    with riskreg.Register.open(example_path) as reg:
        new = reg.risk("R-049")
        assert new.status is riskreg.RiskStatus.IDENTIFIED and new.needs_review
        assert new.review_reasons[0].kind == "submitted" and new.review_reasons[0].trigger == "1402"
        assert new.reported_by == ("1402",) and new.scope == riskreg.Scope.municipalities("1402")
        assert new.visibility is Visibility.SHARED
        assert "1402" in reg.risk("R-009").reported_by
        assert "1402" in reg.risk("R-001").reported_by  # already reported: unchanged
        assert riskreg.translate("reason.submitted", "sv", trigger="1402") == (
            "Ny från inlämning av 1402")


def test_a_submission_matches_by_key(example_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Nyckel;Titel\nR-004;Vår egen formulering\n", encoding="utf-8")
    with riskreg.Register.open(example_path, today=fixed_today) as reg:
        assert "1440" not in reg.risk("R-004").reported_by
        result = import_submission(reg, path, "1440")
        assert [(r.action, r.key, r.by) for r in result.rows] == [("matched", "R-004", "key")]
        assert "1440" in reg.risk("R-004").reported_by


def test_an_unmatched_incomplete_row_rejects_the_submission(example_path: Path,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Titel;Riskområde;Sannolikhet;Konsekvens\n"
                    "Något helt annat om parkeringsplatser;;;\n"
                    "Ofullständig läkemedelslista vid vårdövergång;;;\n", encoding="utf-8")
    before = files_of(example_path)
    result = run(example_path, "import-submission", str(path), "--from", "1402")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "rad 2, kolumn Riskområde: Värde saknas" in result.stdout
    assert "rad 2, kolumn Sannolikhet: Värde saknas" in result.stdout
    assert "rad 3" not in result.stdout  # matched: needs only its title
    assert files_of(example_path) == before


def test_similarity_scores() -> None:
    from riskreg.exchange import similarity

    risk = riskreg.Risk(key="R-001", title="Ofullständig läkemedelslista vid vårdövergång",
                        area="x", inherent=riskreg.Rating(1, 1), created=TODAY)
    assert similarity("Ofullständig läkemedelslista vid vårdövergång", "", risk) == 1.0
    assert similarity("Ofullständig läkemedelslista vid vårdövergångar", "", risk) > 0.9
    assert similarity("Parkering vid sjukhuset", "", risk) < 0.5



def test_a_submission_leaves_the_lists_own_columns_aside(example_path: Path,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "egen.csv"
    path.write_bytes(SUBMISSION.encode("cp1252"))  # "Nr" is the municipality's own numbering
    with riskreg.Register.open(example_path, today=fixed_today) as reg:
        result = import_submission(reg, path, "1402", dry_run=True)
    assert result.ignored_columns == ("Nr",)
    assert [r.action for r in result.rows] == ["already", "matched", "new"]
    assert result.rows[2].matched_title  # the closest risk is shown, below the threshold
