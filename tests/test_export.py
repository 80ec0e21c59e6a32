"""Status export to the 49 municipalities: files, formats, editions and what changed.

Done-when of issue 4: 49 reports per format with an index and a manifest; each
format reads correctly in Swedish (HTML parsed, XLSX read back with openpyxl,
CSV with the csv module, JSON against its schema); a second export after one
change shows exactly that change to those it concerns and "no changes" to the
others; two exports of the same content differ only in the edition stamp.
The HTML opened in a browser (headless Chromium: screenshot, print, DOM) is
test_export_browser.py; the shared `exported` fixture is in conftest.py.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import zipfile
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.report import FORMATS, report_schema
from riskreg.report.render_tabular import CSV_COLUMNS
from riskreg.report.text import ascii_slug, md_inline, safe_file_name

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
NAME_PATTERN = re.compile(r"^\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.(md|html|csv|xlsx|json)$")
STAMP = re.compile(r"<!-- riskreg:stamp:start -->.*?<!-- riskreg:stamp:end -->", re.S)


def fixed_today() -> date:
    return TODAY


def open_register(path: Path) -> riskreg.Register:
    return riskreg.Register.open(path, user="tester", today=fixed_today)


def strip_stamp(text: str) -> str:
    return STAMP.sub("", text)


# --- files, index and manifest --------------------------------------------------------------------


def test_export_all_writes_49_reports_per_format_an_index_and_a_manifest(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    reports = [n for n in names if n not in ("index.html", "manifest.json")]
    assert "index.html" in names and "manifest.json" in names
    assert len(reports) == 49 * 5
    for fmt in FORMATS:
        assert sum(1 for n in reports if n.endswith(f".{fmt}")) == 49
    assert all(NAME_PATTERN.match(n) for n in reports), [n for n in reports
                                                         if not NAME_PATTERN.match(n)]
    assert {"1480-goteborg.html", "1490-boras.xlsx", "1440-ale.csv", "1462-lilla-edet.md",
            "1481-molndal.json", "1488-trollhattan.html", "1472-tibro.csv"} <= set(names)
    assert not [p for p in exported.iterdir() if p.name.startswith(".")]  # no staging left


def test_manifest_lists_every_file_with_its_sha256(exported: Path) -> None:
    manifest = json.loads((exported / "manifest.json").read_text("utf-8"))
    assert manifest["format"] == "riskreg.export-manifest/1"
    assert manifest["edition"] == 1 and manifest["recorded"] is True
    assert manifest["generated_by"] == "tester"
    assert len(manifest["register"]["content_hash"]) == 64
    assert len(manifest["recipients"]) == 49
    assert {r["code"] for r in manifest["recipients"]} == {m.code for m in riskreg.municipalities()}
    goteborg = next(r for r in manifest["recipients"] if r["code"] == "1480")
    assert goteborg["name"] == "Göteborg" and goteborg["association"] == "Göteborgsregionen"
    files = {f["path"]: f for f in manifest["files"]}
    assert set(files) == {p.name for p in exported.iterdir()} - {"manifest.json"}
    for name, entry in files.items():
        data = (exported / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert entry["size"] == len(data)


def test_index_links_every_report(exported: Path) -> None:
    parser = _Html()
    parser.feed((exported / "index.html").read_text("utf-8"))
    hrefs = {value for tag, name, value in parser.attributes if name == "href"}
    assert hrefs == {n for n in (p.name for p in exported.iterdir())
                     if n not in ("index.html", "manifest.json")}
    assert "Göteborg" in parser.text and "Västra Götalandsregionen" not in hrefs


# --- each format reads correctly in Swedish ------------------------------------------------------


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag not in self.INLINE:
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.INLINE:
            self.chunks.append(" ")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    INLINE = frozenset({"bdi", "span", "strong", "em"})  # no break in the text read

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())


def _check_html_is_self_contained(parser: _Html, raw: str) -> None:
    assert "script" not in parser.tags and "iframe" not in parser.tags
    assert "img" not in parser.tags and "link" not in parser.tags
    for tag, name, value in parser.attributes:
        assert not name.startswith("on"), (tag, name)
        if name in ("href", "src", "action", "srcset", "data", "poster", "background"):
            assert "//" not in value and ":" not in value, (tag, name, value)
    assert "url(" not in raw and "@import" not in raw


def test_html_reports_read_in_swedish_and_fetch_nothing(exported: Path) -> None:
    for path in exported.glob("*.html"):
        raw = path.read_text("utf-8")
        parser = _Html()
        parser.feed(raw)
        _check_html_is_self_contained(parser, raw)
        assert '<html lang="sv">' in raw
    parser = _Html()
    parser.feed((exported / "1480-goteborg.html").read_text("utf-8"))
    text = parser.text
    for phrase in ("Lägesrapport", "Göteborg", "Göteborgsregionen", "Göteborgsområdet",
                   "Gäller nu", "Under bedömning", "Gäller inte under pausen", "Riskmatris",
                   "Bedöms senast", "Åtgärder", "Första utgåvan till Göteborg"):
        assert phrase in text, phrase
    assert "@media print" in (exported / "1480-goteborg.html").read_text("utf-8")


def test_html_matrix_is_a_coloured_grid(exported: Path) -> None:
    raw = (exported / "1480-goteborg.html").read_text("utf-8")
    grid = raw[raw.index('<table class="matrix">'):]
    grid = grid[: grid.index("</table>")]
    assert grid.count("<td ") == 16
    assert len(set(re.findall(r"background: (#[0-9a-f]{6})", grid))) == 4


def test_xlsx_reports_read_back_with_openpyxl(exported: Path) -> None:
    from openpyxl import load_workbook

    doc = json.loads((exported / "1480-goteborg.json").read_text("utf-8"))
    book = load_workbook(exported / "1480-goteborg.xlsx")
    assert book.sheetnames == ["Översikt", "Beslut", "Risker", "Åtgärder", "Exponerade risker",
                               "Konflikter", "Ändringar", "Utgåva"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
    risks = book["Risker"]
    assert [c.value for c in risks[1]][:3] == ["Nyckel", "Titel", "Ändring"]
    assert risks.max_row - 1 == len(doc["risks"])
    keys = [row[0] for row in risks.iter_rows(min_row=2, values_only=True)]
    assert set(keys) == {r["key"] for r in doc["risks"]}
    titles = {row[0]: row[1] for row in risks.iter_rows(min_row=2, values_only=True)}
    assert titles == {r["key"]: r["title"] for r in doc["risks"]}
    decisions = book["Beslut"]
    assert decisions.max_row - 1 == len(doc["decisions"])
    overview = {row[0]: row[1] for row in book["Översikt"].iter_rows(min_row=2, values_only=True)}
    assert overview["Kommun"] == "Göteborg" and overview["Kommunalförbund"] == "Göteborgsregionen"
    assert overview["Vårdsamverkansområde"] == "Göteborgsområdet"
    edition = {row[0]: row[1] for row in book["Utgåva"].iter_rows(min_row=2, values_only=True)}
    assert edition["Utgåva"] == 1
    assert not any(c.data_type == "f" for s in book.worksheets for row in s.iter_rows()
                   for c in row)


def test_csv_reports_read_back_with_the_csv_module(exported: Path) -> None:
    doc = json.loads((exported / "1480-goteborg.json").read_text("utf-8"))
    raw = (exported / "1480-goteborg.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == [riskreg.translate(c, "sv") for c in CSV_COLUMNS]
    assert header[:3] == ["Typ", "Nyckel", "Titel"]
    assert len(body) == len(doc["risks"]) + len(doc["decisions"])
    assert all(len(row) == len(header) for row in body)
    by_key = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    for risk in doc["risks"]:
        assert by_key[risk["key"]]["Titel"] == risk["title"]
        assert by_key[risk["key"]]["Typ"] == "risk"
        assert by_key[risk["key"]]["Riskområde"] == risk["area_name"]
    assert any("å" in r["Titel"] or "ä" in r["Titel"] or "ö" in r["Titel"] for r in by_key.values())
    # the same columns for every municipality
    for path in exported.glob("*.csv"):
        first = path.read_bytes().decode("utf-8-sig").splitlines()[0]
        assert first == raw.decode("utf-8-sig").splitlines()[0]


def test_markdown_reports_read_as_plain_text(exported: Path) -> None:
    text = (exported / "1480-goteborg.md").read_text("utf-8")
    assert text.startswith("# Lägesrapport Millennium-pausen: Göteborg\n")
    assert "## Risker som berör Göteborg" in text
    assert "\n\n\n" not in text
    assert "\\" not in text.split("## Risker som berör")[0].replace(" \\ ", "")


# --- the JSON report and its schema ---------------------------------------------------------------


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> None:
    """A small JSON Schema (2020-12) checker for the keywords report.schema.json uses."""
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        validate(value, root["$defs"][name], root, where)
        return
    if "oneOf" in schema:
        passed = 0
        for option in schema["oneOf"]:
            try:
                validate(value, option, root, where)
                passed += 1
            except AssertionError:
                pass
        assert passed == 1, f"{where}: {value!r} matches {passed} of oneOf"
        return
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if kind == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r}"
        assert value >= schema.get("minimum", value), where
    elif kind is not None:
        assert isinstance(value, types[kind]), f"{where}: {value!r} is not {kind}"
    if "pattern" in schema:
        assert re.search(schema["pattern"], value), f"{where}: {value!r}"
    if isinstance(value, dict) and kind == "object":
        for name in schema.get("required", []):
            assert name in value, f"{where}: {name} missing"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert not set(value) - set(props), f"{where}: extra {set(value) - set(props)}"
        for name, item in value.items():
            if name in props:
                validate(item, props[name], root, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(item, schema["items"], root, f"{where}[{i}]")


def test_json_reports_follow_the_shipped_schema(exported: Path) -> None:
    schema = report_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    for path in exported.glob("*.json"):
        if path.name == "manifest.json":
            continue
        doc = json.loads(path.read_text("utf-8"))
        validate(doc, schema, schema)
        assert doc["recipient"]["code"] == path.name[:4]
    doc = json.loads((exported / "1480-goteborg.json").read_text("utf-8"))
    assert doc["recipient"]["name"] == "Göteborg" and doc["lang"] == "sv"
    assert doc["summary"]["open_risks"] == sum(1 for r in doc["risks"] if r["status"] != "closed")
    assert sum(map(sum, doc["matrix"]["cells"])) == doc["summary"]["open_risks"]


def test_the_schema_validator_rejects_a_bad_document() -> None:
    schema = report_schema()
    with pytest.raises(AssertionError):
        validate({"schema": "riskreg.report/1"}, schema, schema)


# --- what a municipality sees -


def test_reports_hold_only_shared_items_whose_scope_concerns_the_municipality(
    exported: Path, _example_file: Path
) -> None:
    with open_register(_example_file) as reg:
        internal = reg.internal_keys()
        assert internal  # the example has internal items
        titles = {reg.get(k).title for k in internal}
        everything = {**{r.key: r for r in reg.risks()}, **{d.key: d for d in reg.decisions()}}
        for org in reg.directory.municipalities():
            doc = json.loads(next(exported.glob(f"{org.code}-*.json")).read_text("utf-8"))
            keys = {r["key"] for r in doc["risks"]} | {d["key"] for d in doc["decisions"]}
            want = {k for k, item in everything.items()
                    if k not in internal and item.scope.concerns(org)}
            assert keys == want, org.code
    for path in exported.iterdir():
        data = path.read_bytes()
        text = _xlsx_text(data) if path.suffix == ".xlsx" else data.decode("utf-8-sig")
        for key in internal:
            assert not re.search(rf"\b{re.escape(key)}\b", text), (path.name, key)
        for title in titles:
            assert title not in text, (path.name, title)


def _xlsx_text(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return html.unescape("\n".join(archive.read(n).decode("utf-8") for n in archive.namelist()))


def test_a_skaraborg_report_differs_from_a_fyrbodal_report(exported: Path) -> None:
    skovde = json.loads((exported / "1496-skovde.json").read_text("utf-8"))
    uddevalla = json.loads((exported / "1485-uddevalla.json").read_text("utf-8"))
    skaraborg_only = {d["key"] for d in skovde["decisions"]} - {
        d["key"] for d in uddevalla["decisions"]}
    assert skaraborg_only
    assert all(d["scope"]["names"] == ["Skaraborg"] for d in skovde["decisions"]
               if d["key"] in skaraborg_only)


# --- editions: the log, determinism, and what changed ---------------------------------------------


@pytest.fixture
def example_db(example_path: Path) -> Path:
    return example_path


def _export(db: Path, out: Path, **kwargs: Any) -> riskreg.Manifest:
    with open_register(db) as reg:
        return riskreg.export_reports(reg, out, **{"now": NOW, **kwargs})


def test_every_export_is_recorded_in_the_edition_log(example_db: Path, tmp_path: Path) -> None:
    first = _export(example_db, tmp_path / "a", recipients="1480,1401", formats="json")
    second = _export(example_db, tmp_path / "b", recipients="1401", formats="json")
    with open_register(example_db) as reg:
        editions = reg.editions()
        assert [e.number for e in editions] == [1, 2]
        assert editions[0].recipients == ("1401", "1480") and editions[1].recipients == ("1401",)
        assert editions[0].by == "tester"
        assert {f.path for f in editions[0].files} == {f.path for f in first.files}
        assert editions[1].manifest_sha256 == hashlib.sha256(
            (tmp_path / "b" / "manifest.json").read_bytes()).hexdigest()
        assert reg.latest_edition("1480").number == 1
        assert reg.latest_edition("1401").number == 2
        assert reg.latest_edition("1440") is None
        assert [c.key for c in reg.history() if c.action == "export"] == [
            "edition-000001", "edition-000002"]
        assert editions[0].register_hash == editions[1].register_hash == reg.content_hash()
    assert second.edition == 2


def test_exporting_twice_without_a_change_differs_only_in_the_stamp(
    example_db: Path, tmp_path: Path
) -> None:
    recipients = "1480,1496,1440"
    _export(example_db, tmp_path / "one", recipients=recipients)
    later = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    with open_register(example_db) as reg:
        riskreg.export_reports(reg, tmp_path / "two", recipients=recipients, now=later,
                               generated_by="någon annan")
    for path in sorted((tmp_path / "one").iterdir()):
        other = tmp_path / "two" / path.name
        if path.name in ("manifest.json", "index.html"):  # the edition's own pages
            continue
        a, b = path.read_bytes(), other.read_bytes()
        if path.suffix in (".html", ".md"):
            assert a != b
            assert strip_stamp(a.decode()) == strip_stamp(b.decode()), path.name
        elif path.suffix == ".json":
            one, two = json.loads(a), json.loads(b)
            assert one.pop("edition") != two.pop("edition")
            assert one == two
        elif path.suffix == ".csv":
            assert a == b, path.name
        else:
            _same_workbook_but_the_stamp(a, b)


def _same_workbook_but_the_stamp(a: bytes, b: bytes) -> None:
    from openpyxl import load_workbook

    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    assert za.namelist() == zb.namelist()
    sheets = sorted(n for n in za.namelist() if n.startswith("xl/worksheets/sheet"))
    stamp_sheet = max(sheets, key=lambda n: int(re.findall(r"\d+", n)[0]))
    for name in za.namelist():
        if name in (stamp_sheet, "docProps/core.xml", "xl/sharedStrings.xml"):
            continue
        assert za.read(name) == zb.read(name), name
    book_a, book_b = load_workbook(io.BytesIO(a)), load_workbook(io.BytesIO(b))
    for sheet_a, sheet_b in zip(book_a.worksheets[:-1], book_b.worksheets[:-1], strict=True):
        assert list(sheet_a.values) == list(sheet_b.values), sheet_a.title
    assert list(book_a.worksheets[-1].values) != list(book_b.worksheets[-1].values)


def test_a_second_export_shows_exactly_what_changed_to_those_it_concerns(
    example_db: Path, tmp_path: Path
) -> None:
    _export(example_db, tmp_path / "first")
    with open_register(example_db) as reg:
        risk = next(r for r in reg.risks() if r.scope == riskreg.Scope.association("Skaraborg")
                    and r.visibility is riskreg.Visibility.SHARED and r.is_open)
        decision = next(d for d in reg.decisions()
                        if d.scope == riskreg.Scope.association("Skaraborg")
                        and d.visibility is riskreg.Visibility.SHARED)
        new_validity = "applies" if decision.validity is riskreg.Validity.SUSPENDED else "suspended"
        reg.update_risk(risk.key, status="accepted", why="Accepterad av ledningsrådet")
        reg.assess(decision.key, new_validity, rationale="Omprövat under pausen")
        skaraborg = {o.code for o in reg.directory.municipalities() if o.association == "Skaraborg"}
    manifest = _export(example_db, tmp_path / "second",
                       now=datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    assert manifest.edition == 2
    assert len(skaraborg) == 15
    for org in manifest.recipients:
        stem = safe_file_name(org.code, org.name, "x")[:-2]
        doc = json.loads((tmp_path / "second" / f"{stem}.json").read_text("utf-8"))
        md = (tmp_path / "second" / f"{stem}.md").read_text("utf-8")
        html = (tmp_path / "second" / f"{stem}.html").read_text("utf-8")
        changes = doc["changes"]
        assert doc["edition"]["previous"]["number"] == 1
        if org.code in skaraborg:
            assert changes["risks_changed"] == [{
                "key": risk.key, "status_before": str(risk.status), "status_after": "accepted",
                "value_before": changes["risks_changed"][0]["value_before"],
                "value_after": changes["risks_changed"][0]["value_after"]}]
            assert changes["decisions_validity"] == [
                {"key": decision.key, "before": str(decision.validity), "after": new_validity}]
            # which fields changed, and what the changed decision reaches in the report
            assert [(f["key"], f["field"]) for f in changes["fields"]] == [
                (decision.key, "assessment")]
            assert "Omprövat under pausen" in changes["fields"][0]["text"]
            assert all(x["trigger"] == decision.key and x["path"] for x in changes["review"])
            rest = {k: v for k, v in changes.items()
                    if k not in ("risks_changed", "decisions_validity", "fields", "review")}
            assert all(v == [] for v in rest.values()), rest
            assert doc["summary"]["changes"] == 2
            assert "Jämfört med utgåva 1 (2026-11-22 09:30): 2 ändringar, se nedan" in md
            assert "## Ändrat sedan föregående utgåva" in md
            before = riskreg.word("status", risk.status, "sv")
            assert f"(status {before} → accepterad)" in md
            assert "Beslut med ändrad giltighet" in html and decision.key in html
        else:
            assert all(v == [] for v in changes.values()), (org.code, changes)
            assert "Jämfört med utgåva 1 (2026-11-22 09:30): inga ändringar" in md
            assert "Ändrat sedan föregående utgåva" not in md
            assert "Ändrat sedan föregående utgåva" not in html
        markers = {r["key"]: r["change"] for r in doc["risks"] if r["change"]}
        markers.update({d["key"]: d["change"] for d in doc["decisions"] if d["change"]})
        assert markers == ({risk.key: "changed", decision.key: "changed"}
                           if org.code in skaraborg else {})


def test_changes_are_counted_from_each_municipalitys_own_previous_edition(
    example_db: Path, tmp_path: Path
) -> None:
    _export(example_db, tmp_path / "1", recipients="1480", formats="json")
    with open_register(example_db) as reg:
        new = reg.new_risk(title="Ny gemensam risk", area="teknik",
                           inherent=riskreg.Rating(2, 2), why="test")
    _export(example_db, tmp_path / "2", recipients="1401", formats="json")
    _export(example_db, tmp_path / "3", recipients="1480,1401", formats="json")
    goteborg = json.loads((tmp_path / "3" / "1480-goteborg.json").read_text("utf-8"))
    harryda = json.loads((tmp_path / "3" / "1401-harryda.json").read_text("utf-8"))
    assert goteborg["changes"]["risks_new"] == [new.key]  # since its edition 1
    assert goteborg["edition"]["previous"]["number"] == 1
    assert harryda["changes"]["risks_new"] == []  # its edition 2 already had it
    assert harryda["edition"]["previous"]["number"] == 2


def test_an_item_made_internal_leaves_the_report_without_a_trace(
    example_db: Path, tmp_path: Path
) -> None:
    _export(example_db, tmp_path / "1", recipients="1480", formats="json,md")
    with open_register(example_db) as reg:
        shared = next(r for r in reg.risks() if r.scope == riskreg.Scope.everyone()
                      and r.visibility is riskreg.Visibility.SHARED)
        reg.update_risk(shared.key, visibility="internal", why="Intern nu")
        narrowed = next(r for r in reg.risks() if r.scope == riskreg.Scope.everyone()
                        and r.visibility is riskreg.Visibility.SHARED)
        reg.update_risk(narrowed.key, scope=riskreg.Scope.association("Fyrbodal"), why="Smalare")
    _export(example_db, tmp_path / "2", recipients="1480", formats="json,md")
    doc = json.loads((tmp_path / "2" / "1480-goteborg.json").read_text("utf-8"))
    assert doc["changes"]["risks_removed"] == [narrowed.key]
    text = (tmp_path / "2" / "1480-goteborg.md").read_text("utf-8")
    assert shared.key not in text and shared.title not in text
    assert narrowed.title not in text  # no longer concerns Göteborg: key only


def test_a_preview_is_marked_and_leaves_the_register_untouched(
    example_db: Path, tmp_path: Path
) -> None:
    before = example_db.read_bytes()
    manifest = _export(example_db, tmp_path / "p", recipients="1480", formats="html",
                       record=False)
    assert example_db.read_bytes() == before
    assert manifest.recorded is False
    html = (tmp_path / "p" / "1480-goteborg.html").read_text("utf-8")
    assert "Förhandsversion, inte registrerad i utgåvologgen" in html


def test_progress_is_reported_per_recipient(example_db: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    _export(example_db, tmp_path / "o", recipients="association:Fyrbodal", formats="json",
            progress=lambda done, total, org: seen.append((done, total, org.code)))
    assert [s[0] for s in seen] == list(range(1, 15))
    assert {s[1] for s in seen} == {14}


def test_reports_in_english(example_db: Path, tmp_path: Path) -> None:
    _export(example_db, tmp_path / "en", recipients="1480", formats="md,html,json", lang="en")
    md = (tmp_path / "en" / "1480-goteborg.md").read_text("utf-8")
    assert md.startswith("# Status report, the Millennium pause: Göteborg")
    assert "## Risks that concern Göteborg" in md and "Applies now" in md
    doc = json.loads((tmp_path / "en" / "1480-goteborg.json").read_text("utf-8"))
    assert doc["lang"] == "en" and doc["decisions"][0]["validity_name"] == "applies now"
    assert '<html lang="en">' in (tmp_path / "en" / "1480-goteborg.html").read_text("utf-8")


@pytest.mark.parametrize(("spec", "count"), [
    ("all", 49), ("association:Skaraborg", 15), ("area:SIMBA", 4), ("1480, Borås ,Ale", 3),
    ("association:fyrbodal", 14),
])
def test_recipients(example: riskreg.Register, spec: str, count: int) -> None:
    from riskreg.report import select_recipients

    assert len(select_recipients(example, spec)) == count


def test_recipient_groups_are_the_associations_and_care_areas(
    example: riskreg.Register,
) -> None:
    from riskreg.report import recipient_groups, select_recipients

    groups = recipient_groups(example)
    assert (groups[0].kind, len(groups[0].codes)) == ("all", 49)
    associations = {g.name: len(g.codes) for g in groups if g.kind == "association"}
    assert associations == {"Fyrbodal": 14, "Skaraborg": 15, "Boråsregionen": 8,
                            "Göteborgsregionen": 12}
    care_areas = [g for g in groups if g.kind == "care_area"]
    assert len(care_areas) == 6 and sum(len(g.codes) for g in care_areas) == 49
    for group in groups:  # each is exactly what `export --to SPEC` would send to
        assert group.codes == tuple(o.code for o in select_recipients(example, group.spec))


# --- the command line -


def _cli(db: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={
        "RISKREG_TODAY": TODAY.isoformat(), "RISKREG_USER": "tester", "RISKREG_LANG": None},
        catch_exceptions=False)


@pytest.mark.parametrize(("args", "fragment"), [
    (["--to", "association:Ingenstans"], "Inga mottagare"),
    (["--to", "9999"], "Okänd organisation"),
    (["--format", "html,pdf"], "Okänt format 'pdf'"),
    (["--lang", "de"], "Ogiltigt"),
])
def test_export_refuses_bad_input_with_one_line(example_db: Path, tmp_path: Path,
                                                args: list[str], fragment: str) -> None:
    before = example_db.read_bytes()
    result = _cli(example_db, "export", "--out", str(tmp_path / "o"), *args)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1 and fragment in result.stderr, result.stderr
    assert example_db.read_bytes() == before


def test_export_json_prints_the_manifest(example_db: Path, tmp_path: Path) -> None:
    result = _cli(example_db, "export", "--out", str(tmp_path / "o"), "--to", "1480",
                  "--format", "csv", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["edition"] == 1 and [f["path"] for f in doc["files"]] == [
        "1480-goteborg.csv", "index.html"]
    assert result.stderr == ""  # no progress bar when not a terminal


# --- names and escaping helpers -


@pytest.mark.parametrize(("name", "slug"), [
    ("Göteborg", "goteborg"), ("Borås", "boras"), ("Lilla Edet", "lilla-edet"),
    ("Mölndal", "molndal"), ("Öckerö", "ockero"), ("Åmål", "amal"),
    ("Vänersborg", "vanersborg"), ("../../etc/passwd", "etc-passwd"), ("", ""),
    ("🏥 Sjukhus", "sjukhus"),
])
def test_ascii_slug(name: str, slug: str) -> None:
    assert ascii_slug(name) == slug


def test_safe_file_name_is_never_a_path() -> None:
    assert safe_file_name("1480", "Göteborg", "html") == "1480-goteborg.html"
    assert safe_file_name("9999", "../..", "md") == "9999.md"
    assert "/" not in safe_file_name("../x", "a/b", "../csv")


@pytest.mark.parametrize(("text", "escaped"), [
    ("<script>", "\\<script\\>"), ("a|b", "a\\|b"), ("# rubrik", "\\# rubrik"),
    ("1. punkt", "1\\. punkt"), ("- punkt", "\\- punkt"), ("*fet*", "\\*fet\\*"),
    ("[länk](http://x)", "\\[länk\\](http://x)"), ("rad\nny", "rad ny"), ("&amp;", "\\&amp;"),
    ("Åtgärd (klar) 3.5", "Åtgärd (klar) 3.5"),
])
def test_markdown_escaping(text: str, escaped: str) -> None:
    assert md_inline(text) == escaped

