"""The HTML export opened as a municipality would: in a browser, on screen and on paper.

Done-when of issue 4, HTML part: `riskreg export --out out/ --to all` on the example
register, and the reports of Göteborg, Vänersborg and Tanum plus the index page opened
in headless Chromium from the local files:

- on screen (a PNG screenshot, decoded here with zlib/struct) the page is a real render
  with the risk matrix painted as a coloured grid;
- printed (Chromium's print to PDF, read back with pdftotext) it is A4, reads in Swedish
  with å, ä and ö intact, and holds every decision and risk of the report;
- it fetches nothing from the network (Chromium's net log has no request from the page,
  and a render with the network blocked is pixel for pixel the same), and the matrix is
  a 4x4 grid in the DOM Chromium built, matching the JSON report.

Needs Chromium and poppler-utils (pdftotext, pdftoppm): `apt-get install chromium
poppler-utils` on Debian; RISKREG_CHROMIUM names another Chromium/Chrome binary.
Without them these tests are skipped on a developer machine and fail when CI is set
(.ci/run installs them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import riskreg

REPORTS = {"1480-goteborg": "Göteborg", "1487-vanersborg": "Vänersborg", "1435-tanum": "Tanum"}
WIDTH, HEIGHT = 1280, 1200  # a laptop's browser window; the matrix is on the first screen
TIMEOUT = 90  # seconds for one Chromium run (about 1 s when all is well)
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")
VIEW_FLAGS = ("--hide-scrollbars", f"--window-size={WIDTH},{HEIGHT}", "--no-pdf-header-footer")
# no name resolves and every connection goes to a closed port: nothing can be fetched
OFFLINE_FLAGS = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                 "--proxy-bypass-list=<-loopback>")
PAPER, INK, ACCENT = (0xFF, 0xFF, 0xFF), (0x1D, 0x25, 0x30), (0x1F, 0x5F, 0x8B)  # report.css
A4_AT_50_DPI = (413, 585)  # 210 x 297 mm
HEADINGS = ("Sammanfattning", "Öppna risker per nivå", "Beslut per giltighet", "Riskmatris",
            "Sannolikhet \\ Konsekvens", "Beslut i Klinisk ledning", "Gäller nu",
            "Under bedömning", "Gäller inte under pausen", "Konsekvenser", "Åtgärder",
            "Exponerade risker", "Konflikter mellan beslut")


# --- the tools: skipped on a developer machine without them, a failure in CI ----------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _tool(names: tuple[str, ...], package: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    reason = (f"{names[0]} not found, so the HTML export is not checked in a browser "
              f"(Debian/Ubuntu: apt-get install {package})")
    if _in_ci():
        pytest.fail(f"{reason}; CI is set, so this fails instead of skipping", pytrace=False)
    pytest.skip(reason)


def test_a_missing_tool_skips_on_a_developer_machine_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install poppler-utils"):
        _tool(("pdftotext",), "poppler-utils")
    for value in ("true", "1", "yes"):
        monkeypatch.setenv("CI", value)
        with pytest.raises(pytest.fail.Exception, match="CI is set, so this fails"):
            _tool(("chromium", "chromium-browser"), "chromium")
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert _tool(("chromium",), "chromium") == "/usr/bin/chromium"


@dataclass(frozen=True)
class Render:
    """One Chromium run on one page: a screenshot, the page printed to PDF and the DOM."""

    png: Path
    pdf: Path
    dom: str
    netlog: Path


class Browser:
    """Headless Chromium and poppler on the exported files; every result is made once."""

    def __init__(self, exported: Path, work: Path) -> None:
        override = os.environ.get("RISKREG_CHROMIUM")
        self.chromium = override or _tool(
            ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"), "chromium")
        self.pdftotext = _tool(("pdftotext",), "poppler-utils")
        self.pdftoppm = _tool(("pdftoppm",), "poppler-utils")
        self.exported = exported
        self.work = work
        self._renders: dict[str, Render] = {}
        self._offline: dict[str, Path] = {}
        self._texts: dict[Path, str] = {}

    def render(self, page: str) -> Render:
        """`page` (e.g. "1480-goteborg", "index") opened from file://, network as usual."""
        if page not in self._renders:
            self._renders[page] = self.render_file(self.exported / f"{page}.html", page)
        return self._renders[page]

    def render_file(self, path: Path, name: str, *flags: str) -> Render:
        folder = self._folder(name)
        png, pdf, netlog = folder / "screen.png", folder / "print.pdf", folder / "net.json"
        dom = self._chromium(path, folder, f"--screenshot={png}", f"--print-to-pdf={pdf}",
                             f"--log-net-log={netlog}", "--dump-dom", *flags)
        for made in (png, pdf, netlog):
            assert made.is_file() and made.stat().st_size > 0, f"Chromium made no {made.name}"
        return Render(png, pdf, dom, netlog)

    def offline_screenshot(self, page: str) -> Path:
        """The same screenshot as `render(page).png`, with the network blocked."""
        if page not in self._offline:
            folder = self._folder(f"{page}-offline")
            png = folder / "screen.png"
            self._chromium(self.exported / f"{page}.html", folder, f"--screenshot={png}",
                           *OFFLINE_FLAGS)
            assert png.is_file(), "Chromium made no screenshot with the network blocked"
            self._offline[page] = png
        return self._offline[page]

    def text(self, pdf: Path) -> str:
        """The PDF's text as pdftotext lays it out; pages end in a form feed."""
        if pdf not in self._texts:
            out = _run([self.pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"], "pdftotext")
            self._texts[pdf] = out.decode("utf-8")
        return self._texts[pdf]

    def first_page_image(self, pdf: Path) -> Path:
        """The PDF's first page as a 50 dpi PNG (pdftoppm), to see what the printer gets."""
        prefix = pdf.with_name(pdf.stem + "-page1")
        _run([self.pdftoppm, "-r", "50", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
              str(prefix)], "pdftoppm")
        return prefix.with_suffix(".png")

    def _folder(self, name: str) -> Path:
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _chromium(self, path: Path, folder: Path, *args: str) -> str:
        profile = folder / "profile"  # a fresh one per run, removed after it
        command = [self.chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *VIEW_FLAGS,
                   *args, path.as_uri()]
        try:
            return _run(command, "Chromium").decode("utf-8")
        finally:
            shutil.rmtree(profile, ignore_errors=True)


def _run(command: list[str], what: str) -> bytes:
    """Run a command with a timeout; on timeout its whole process group is killed (Debian's
    chromium is a shell script that starts the browser as a child, which starts more)."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"{what} did not finish in {TIMEOUT} s: {command}\n"
                    f"{err.decode(errors='replace')[-3000:]}")
    if process.returncode != 0:
        pytest.fail(f"{what} exited with {process.returncode}: {command}\n"
                    f"{err.decode(errors='replace')[-3000:]}")
    return out


@pytest.fixture(scope="module")
def browser(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Browser:
    return Browser(exported, tmp_path_factory.mktemp("browser"))


def _report(exported: Path, page: str) -> dict[str, Any]:
    """The JSON twin of an HTML report: what the page should show."""
    doc: dict[str, Any] = json.loads((exported / f"{page}.json").read_text("utf-8"))
    return doc


# --- pixels: a stdlib PNG decoder -----------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    rows: list[bytes]  # RGB, 3 bytes a pixel

    def colours(self) -> Counter[tuple[int, int, int]]:
        counts: Counter[bytes] = Counter()
        for row in self.rows:
            counts.update(row[i:i + 3] for i in range(0, len(row), 3))
        return Counter({(c[0], c[1], c[2]): n for c, n in counts.items()})


def read_png(path: Path) -> Image:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium and pdftoppm write)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    pos, header, chunks = 8, b"", []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, (depth, colour_type, interlace)
    bpp = 3 if colour_type == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(b"".join(chunks))
    assert len(raw) == height * (stride + 1), f"{path.name}: truncated image data"
    rows: list[bytes] = []
    previous = bytearray(stride)
    low7, high = int.from_bytes(b"\x7f" * stride, "big"), int.from_bytes(b"\x80" * stride, "big")
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 2:  # "up", most rows: add the row above, byte by byte, as one big integer
            a, b = int.from_bytes(line, "big"), int.from_bytes(previous, "big")
            line = bytearray((((a & low7) + (b & low7)) ^ ((a ^ b) & high)).to_bytes(stride, "big"))
        else:
            _unfilter(kind, line, previous, bpp)
        rows.append(bytes(line) if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
        previous = line
    return Image(width, height, rows)


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> None:
    """PNG filters 0 (none), 1 (sub), 3 (average) and 4 (Paeth)."""
    if kind == 0:
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            corner = previous[i - bpp] if i >= bpp else 0
            guess = left + up - corner
            pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
            best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + best) & 0xFF
        else:
            raise AssertionError(f"unknown PNG filter {kind}")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def _band_colours(doc: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {band["name"]: _rgb(band["colour"]) for band in doc["matrix"]["bands"]}


# --- on screen ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(REPORTS))
def test_the_report_renders_on_screen_with_the_risk_matrix_in_colour(
    browser: Browser, exported: Path, page: str
) -> None:
    image = read_png(browser.render(page).png)
    assert (image.width, image.height) == (WIDTH, HEIGHT)
    colours = image.colours()
    pixels = WIDTH * HEIGHT
    assert colours.most_common(1)[0][0] == PAPER  # white paper ...
    assert colours[PAPER] < 0.95 * pixels and len(colours) > 50  # ... with something on it
    assert colours[INK] > 1000, "hardly any text in the body colour"
    assert colours[ACCENT] > 300, "no heading in the accent colour"
    # one matrix cell is some 80 x 45 px; the swatches in the legend are 13 x 13
    for name, colour in _band_colours(_report(exported, page)).items():
        assert colours[colour] > 2000, f"the matrix has no painted {name} cell"


def test_the_index_renders_on_screen(browser: Browser) -> None:
    image = read_png(browser.render("index").png)
    assert (image.width, image.height) == (WIDTH, HEIGHT)
    colours = image.colours()
    assert colours.most_common(1)[0][0] == PAPER
    assert colours[PAPER] < 0.95 * WIDTH * HEIGHT and len(colours) > 50
    assert colours[INK] > 1000 and colours[ACCENT] > 1000  # the table's text and its links


# --- on paper -------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    """pdftotext's layout as one line: a word broken after a hyphen joined again."""
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "-", text))


@pytest.mark.parametrize("page", list(REPORTS))
def test_the_printed_report_reads_in_swedish(browser: Browser, exported: Path, page: str) -> None:
    text = browser.text(browser.render(page).pdf)
    flat = _flat(text)
    org = _report(exported, page)["recipient"]
    name = REPORTS[page]
    assert org["name"] == name
    assert text.lstrip().startswith(f"Lägesrapport Millennium-pausen: {name}\n")
    for phrase in (f"Kommun: {name}", f"Kommunkod: {org['code']}",
                   f"Kommunalförbund: {org['association']}",
                   f"Vårdsamverkansområde: {org['care_area']}",
                   f"Första utgåvan till {name}", f"Risker som berör {name} (",
                   f"Risker som {name} själv har rapporterat", *HEADINGS):
        assert phrase in flat, phrase
    # å, ä and ö are the characters themselves: no replacement character, no "a" + combining ring
    assert "\ufffd" not in text and not re.search("[\u0300-\u036f]", text)
    assert flat.count("ä") > 100 and flat.count("ö") > 100 and flat.count("å") > 100


@pytest.mark.parametrize("page", list(REPORTS))
def test_the_printed_report_holds_every_decision_and_risk(
    browser: Browser, exported: Path, page: str
) -> None:
    flat = _flat(browser.text(browser.render(page).pdf))
    doc = _report(exported, page)
    assert doc["decisions"] and doc["risks"]
    for item in doc["decisions"] + doc["risks"]:
        assert item["key"] in flat, item["key"]
        assert item["title"] in flat, (item["key"], item["title"])


def test_the_printed_report_is_a4_with_the_matrix_still_in_colour(
    browser: Browser, exported: Path
) -> None:
    page = "1487-vanersborg"
    pdf = browser.render(page).pdf
    first = read_png(browser.first_page_image(pdf))
    assert abs(first.width - A4_AT_50_DPI[0]) <= 1 and abs(first.height - A4_AT_50_DPI[1]) <= 1
    colours = first.colours()
    for name, colour in _band_colours(_report(exported, page)).items():
        assert colours[colour] > 500, f"the printed matrix has no {name} cell"
    # --print-to-pdf prints backgrounds anyway; a reader's print dialog leaves them out
    # ("background graphics" off) unless the page asks for exact colours
    assert "print-color-adjust: exact" in (exported / f"{page}.html").read_text("utf-8")
    # the decisions and the risks each start on a new sheet
    tops = [p.strip().splitlines()[0].strip() for p in browser.text(pdf).split("\f") if p.strip()]
    assert tops[0] == "Lägesrapport Millennium-pausen: Vänersborg"
    assert any(top.startswith("Beslut i Klinisk ledning (") for top in tops)
    assert any(top.startswith("Risker som berör Vänersborg (") for top in tops)
    assert 5 <= len(tops) <= 60, len(tops)


def test_the_printed_index_has_one_line_per_municipality(browser: Browser) -> None:
    text = browser.text(browser.render("index").pdf)
    assert text.lstrip().startswith("Lägesrapporter till kommunerna, utgåva 1\n")
    assert text.count("\f") <= 3  # one row a line: two pages for 49 municipalities
    lines = text.splitlines()
    municipalities = riskreg.municipalities()
    assert len(municipalities) == 49
    for org in municipalities:
        row = [line for line in lines if line.split()[:1] == [org.code]]
        assert len(row) == 1, (org.code, row)
        cells = re.split(r"\s{2,}", row[0].strip())
        assert cells[:2] == [org.code, org.name], row[0]  # Härryda, Öckerö, Gullspång ...
        assert cells[-1] == "md · html · csv · xlsx · json", row[0]
    flat = _flat(text)
    for phrase in ("Kommunkod", "Kommunalförbund", "Vårdsamverkansområde", "Södra Älvsborg"):
        assert phrase in flat, phrase


# --- nothing fetched, and the matrix in the browser's DOM -----------------------------------------


def _page_requests(netlog: Path) -> list[str]:
    """URLs of the network requests the page made (Chromium's own background requests, made
    with no initiator, are left out); a file:// page's origin is "null"."""
    try:
        log = json.loads(netlog.read_text("utf-8"))
    except json.JSONDecodeError as error:
        pytest.fail(f"Chromium's net log is not complete JSON: {error}")
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [event["params"]["url"] for event in log["events"]
            if event["type"] == start and "url" in (event.get("params") or {})
            and str(event["params"].get("initiator")).startswith(("null", "file:"))]


def test_the_fetch_check_sees_a_page_that_fetches(browser: Browser, tmp_path: Path) -> None:
    """The check below is not blind: a page that does fetch is caught (run with the network
    blocked, so nothing leaves this machine)."""
    page = tmp_path / "fetching.html"
    page.write_text('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
                    '<link rel="stylesheet" href="https://fonts.riskreg.invalid/a.css"></head>'
                    '<body><h1>Vänersborg</h1><img src="http://riskreg.invalid/logo.png">'
                    "</body></html>", "utf-8")
    requests = _page_requests(browser.render_file(page, "fetching", *OFFLINE_FLAGS).netlog)
    assert {"https://fonts.riskreg.invalid/a.css", "http://riskreg.invalid/logo.png"} <= set(
        requests)


@pytest.mark.parametrize("page", [*REPORTS, "index"])
def test_the_page_fetches_nothing_from_the_network(browser: Browser, page: str) -> None:
    render = browser.render(page)
    assert _page_requests(render.netlog) == []
    # the DOM Chromium built: the policy that forbids fetching is in force, and no element
    # points outside the folder
    assert ("Content-Security-Policy" in render.dom
            and "default-src 'none'" in render.dom), "no content security policy"
    references = re.findall(r'\s(?:src|href|srcset|action|data|poster)="([^"]*)"', render.dom)
    assert not [r for r in references if ":" in r or r.startswith("//")], references
    assert not re.search(r"url\(|@import|<script|<iframe|<link|<img", render.dom)


@pytest.mark.parametrize("page", [*REPORTS, "index"])
def test_the_page_renders_the_same_with_the_network_blocked(browser: Browser, page: str) -> None:
    online = read_png(browser.render(page).png)
    offline = read_png(browser.offline_screenshot(page))
    assert (offline.width, offline.height) == (online.width, online.height)
    differing = [y for y, (a, b) in enumerate(zip(online.rows, offline.rows, strict=True))
                 if a != b]
    assert differing == [], f"{len(differing)} rows differ, from row {differing[:1]}"


class _Matrix(HTMLParser):
    """The rows of <table class="matrix">: (tag, style, text) per cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str, str]]] = []
        self._inside = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and "matrix" in (values.get("class") or "").split():
            self._inside = True
        elif self._inside and tag == "tr":
            self.rows.append([])
        elif self._inside and tag in ("td", "th"):
            self._cell = [tag, values.get("style") or "", ""]

    def handle_endtag(self, tag: str) -> None:
        if self._inside and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append((self._cell[0], self._cell[1], " ".join(self._cell[2].split())))
            self._cell = None
        elif tag == "table":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[2] += data


@pytest.mark.parametrize("page", list(REPORTS))
def test_the_risk_matrix_is_a_4x4_grid_in_the_browsers_dom(
    browser: Browser, exported: Path, page: str
) -> None:
    parser = _Matrix()
    parser.feed(browser.render(page).dom)
    doc = _report(exported, page)
    matrix = doc["matrix"]
    header, *body = parser.rows
    assert [text for _, _, text in header[1:]] == [
        f"{i} {name}" for i, name in enumerate(matrix["impact"], 1)]
    assert len(body) == 4
    total = 0
    for row, likelihood in zip(body, (4, 3, 2, 1), strict=True):
        (_, _, label), *cells = row
        assert label == f"{likelihood} {matrix['likelihood'][likelihood - 1]}"
        assert [tag for tag, _, _ in cells] == ["td"] * 4
        for impact, (_, style, text) in enumerate(cells, 1):
            value = likelihood * impact
            band = next(b for b in matrix["bands"] if b["low"] <= value <= b["high"])
            assert f"background: {band['colour']}" in style, (likelihood, impact, style)
            count = matrix["cells"][likelihood - 1][impact - 1]
            assert text == (str(count) if count else ""), (likelihood, impact)
            total += count
    assert total == doc["summary"]["open_risks"] > 0
