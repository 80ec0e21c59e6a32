"""Bad import files: ``riskreg import FILE`` refuses each with exit 2 and one error line (the
problems it lists go to stdout), never a traceback, and leaves the register byte-identical.

Hypothesis takes a valid import (JSON and CSV) and breaks it in one way that must be
refused: wrong types, values off the matrix, missing fields, huge strings, control
characters, lone surrogates, invalid UTF-8, duplicate keys, links to nothing, cycles,
the wrong shape altogether.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from faultcounts import count, scaled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fault_bad_input import build, fresh_copy, snapshot

exchange = pytest.importorskip("riskreg.exchange")

from riskreg.cli import cli  # noqa: E402

pytestmark = pytest.mark.skipif("import" not in cli.commands, reason="no import command yet")


def base_doc() -> dict[str, Any]:
    """A valid import: two new decisions, three new risks, links among them."""
    return {
        "decisions": [
            {"key": "KL-2025-01", "decided_on": "2025-01-15", "title": "Manuell rutin",
             "validity": "applies"},
            {"key": "KL-2025-02", "decided_on": "2025-02-03", "title": "Lokal lista",
             "validity": "suspended"},
        ],
        "risks": [
            {"key": f"R-10{i}", "title": f"Importerad risk {i}", "area": "teknik",
             "inherent": [2, 3], "owner": "MAS"}
            for i in range(1, 4)
        ],
        "links": [
            {"source": "R-101", "relation": "mitigated_by", "target": "KL-2025-01"},
            {"source": "KL-2025-02", "relation": "depends_on", "target": "KL-2025-01"},
        ],
    }


CSV_HEADER = "Key;Title;Risk area;Likelihood;Impact;Risk owner"
CSV_ROW = "R-201;Importerad risk;teknik;2;3;MAS"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("import-template") / "riskreg.json"
    build(path)
    return path


def run_import(db: Path, file: Path) -> Any:
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "import", str(file)],
                              catch_exceptions=True)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_the_unbroken_imports_are_accepted(template: Path, tmp_path: Path, form: str) -> None:
    """The base the fuzz breaks is valid, so each refusal below is down to the one defect."""
    db = fresh_copy(template, tmp_path / "db")
    file = tmp_path / f"ok.{form}"
    if form == "json":
        file.write_text(json.dumps(base_doc(), ensure_ascii=False), encoding="utf-8")
    else:
        file.write_text(f"{CSV_HEADER}\n{CSV_ROW}\n", encoding="utf-8")
    result = run_import(db, file)
    assert result.exit_code == 0, (result.stdout, result.stderr)


def _set(doc: dict[str, Any], section: str, index: int, field: str, value: Any) -> None:
    items = doc[section]
    item = items[index % len(items)]
    if value is _DELETE:
        item.pop(field, None)
    else:
        item[field] = value


_DELETE = object()
control = st.sampled_from([chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)])
lone_surrogate = st.sampled_from(["\udc80", "\ud800", "a\udcffb"])
bad_text = st.one_of(
    control.map(lambda c: f"Titel{c}med styrtecken"),
    lone_surrogate,
    st.integers(20_001, 25_000).map(lambda n: "å" * n),
)


@st.composite
def broken_json(draw: st.DrawFn) -> bytes:
    doc = base_doc()
    i = draw(st.integers(0, 5))
    defect = draw(st.sampled_from([
        "rating", "rating-type", "title", "text", "missing", "area", "key", "dup-in-file",
        "dup-in-register", "validity", "date", "year", "uncertain", "extra", "link-missing",
        "link-cycle", "link-kinds", "relation", "shape", "raw",
    ]))
    if defect == "rating":
        value = draw(st.sampled_from([[9, 2], [0, 1], [2, 5], [-1, 2], [2, 10**30]]))
        _set(doc, "risks", i, draw(st.sampled_from(["inherent", "residual"])), value)
    elif defect == "rating-type":
        _set(doc, "risks", i, "inherent",
             draw(st.sampled_from([["2", 3], "hög", None, [1], [1, 2, 3], {"x": 1}, 2.5])))
    elif defect == "title":
        _set(doc, draw(st.sampled_from(["risks", "decisions"])), i, "title",
             draw(st.one_of(bad_text, st.just(""), st.just("   "), st.just(5),
                            st.integers(301, 1000).map(lambda n: "T" * n))))
    elif defect == "text":
        _set(doc, "risks", i, draw(st.sampled_from(["description", "owner"])), draw(bad_text))
    elif defect == "missing":
        section, field = draw(st.sampled_from([("risks", "title"), ("risks", "area"),
                                               ("risks", "inherent"), ("decisions", "key"),
                                               ("decisions", "decided_on"),
                                               ("decisions", "title"), ("links", "target")]))
        _set(doc, section, i, field, _DELETE)
    elif defect == "area":
        _set(doc, "risks", i, "area", draw(st.sampled_from(["finns-inte", "Teknik", "", 3])))
    elif defect == "key":
        _set(doc, "risks", i, "key", draw(st.sampled_from(["R-1", "X-001", "r-101", 101])))
    elif defect == "dup-in-file":
        doc["risks"].append(copy.deepcopy(doc["risks"][i % 3]))
    elif defect == "dup-in-register":
        _set(doc, draw(st.sampled_from(["risks", "decisions"])), 0, "key", _DELETE)
        doc["risks"][0]["key"] = "R-001"
        doc["decisions"][0]["key"] = "KL-2021-04"
        doc["decisions"][0]["decided_on"] = "2021-05-04"
    elif defect == "validity":
        _set(doc, "decisions", i, "validity", draw(st.sampled_from(["maybe", "", 1, None])))
    elif defect == "date":
        _set(doc, "decisions", i, "decided_on",
             draw(st.sampled_from(["2025-02-30", "igår", "2025-1-1", 20250101, None])))
    elif defect == "year":
        _set(doc, "decisions", i, "decided_on", "2019-05-05")
    elif defect == "uncertain":
        _set(doc, "decisions", i, "validity", "uncertain")
    elif defect == "extra":
        _set(doc, draw(st.sampled_from(["risks", "decisions", "links"])), i, "colour", "röd")
    elif defect == "link-missing":
        doc["links"].append({"source": draw(st.sampled_from(["R-101", "R-404"])),
                             "relation": "mitigated_by",
                             "target": draw(st.sampled_from(["KL-2099-99", "KL-2025-03"]))})
    elif defect == "link-cycle":
        doc["links"].append({"source": "KL-2025-01",
                             "relation": draw(st.sampled_from(["depends_on", "supersedes"])),
                             "target": "KL-2025-02"})
        if doc["links"][-1]["relation"] == "supersedes":
            doc["links"].append({"source": "KL-2025-02", "relation": "supersedes",
                                 "target": "KL-2025-01"})
    elif defect == "link-kinds":
        doc["links"].append(draw(st.sampled_from([
            {"source": "KL-2025-01", "relation": "mitigated_by", "target": "R-101"},
            {"source": "R-102", "relation": "aggravates", "target": "R-102"},
            {"source": "R-102", "relation": "depends_on", "target": "R-103"},
        ])))
    elif defect == "relation":
        _set(doc, "links", i, "relation", draw(st.sampled_from(["helps", "", None, 3])))
    elif defect == "shape":
        return json.dumps(draw(st.sampled_from([
            [1, 2, 3], "risker", 42, None, {"risks": {}}, {"risks": "R-101"},
            {"risks": [1, 2]}, {"format": "riskreg.register/1", "risks": [{}]},
        ]))).encode()
    else:
        raw = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        return draw(st.sampled_from([
            raw[: len(raw) // 2],
            b"",
            b"\xef\xbb\xbf",
            # invalid UTF-8 that is no Windows-1252 either (0x81, 0x8d are undefined there)
            raw.replace(b"Importerad", b"Import\x81\x8drad", 1),
            raw.replace(b'"decisions"', b'"decisions\x00"', 1),
            b"\x00" * 64,
        ]))
    # ASCII JSON: a lone surrogate travels as a "\\udc80" escape, as JSON allows
    return json.dumps(doc).encode("ascii")


@st.composite
def broken_csv(draw: st.DrawFn) -> bytes:
    header, row = CSV_HEADER.split(";"), CSV_ROW.split(";")
    defect = draw(st.sampled_from(["value", "missing-column", "text", "key", "area", "raw"]))
    if defect == "value":
        column = draw(st.sampled_from([3, 4]))
        row[column] = draw(st.sampled_from(["9", "0", "tio", "-1", "2.5", "99999999999999999"]))
    elif defect == "missing-column":
        drop = draw(st.sampled_from([1, 2, 3, 4]))
        del header[drop], row[drop]
    elif defect == "text":
        row[draw(st.sampled_from([1, 5]))] = draw(st.one_of(
            control.filter(lambda c: c not in "\r\n\x00").map(lambda c: f"a{c}b"),
            st.integers(20_001, 22_000).map(lambda n: "å" * n),
        ))
    elif defect == "key":
        row[0] = draw(st.sampled_from(["R-1", "R-001", "KL-2025-01", "x"]))
    elif defect == "area":
        row[2] = draw(st.sampled_from(["finns-inte", "Teknik & IT"]))
    else:
        return draw(st.sampled_from([
            b"", b"\x00\x01\x02", b";;;\n;;;\n",
            (CSV_HEADER + "\n").encode() + b"R-201;\x00;teknik;2;3;\n",
        ]))
    return (";".join(header) + "\n" + ";".join(row) + "\n").encode("utf-8")


def _check_refused(template: Path, folder: Path, name: str, data: bytes | str) -> None:
    db = folder / "db" / "riskreg.json"
    if not db.exists() or snapshot(db) != snapshot(template):
        fresh_copy(template, db.parent)
    file = folder / name
    file.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    before = snapshot(db)
    count("bad_imports")
    result = run_import(db, file)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    err = result.stderr
    assert result.exit_code == 2, (result.exit_code, result.stdout[-800:], err[-800:])
    assert "Traceback" not in err and "Traceback" not in result.stdout
    assert err.startswith("riskreg: ") and err.count("\n") == 1, err[-800:]
    assert snapshot(db) == before


SETTINGS = settings(max_examples=scaled(60, 800), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


@SETTINGS
@given(data=broken_json())
def test_broken_json_imports_are_refused_cleanly(template: Path, tmp_path: Path,
                                                 data: bytes) -> None:
    _check_refused(template, tmp_path, "import.json", data)


@SETTINGS
@given(data=broken_csv())
def test_broken_csv_imports_are_refused_cleanly(template: Path, tmp_path: Path,
                                                data: bytes) -> None:
    _check_refused(template, tmp_path, "import.csv", data)


DUPLICATE_KEYS = {
    "a field twice": b'{"risks": [{"key": "R-101", "title": "First", "title": "Second", '
                     b'"area": "teknik", "inherent": [2, 3]}]}',
    "a section twice": b'{"risks": [{"key": "R-101", "title": "First", "area": "teknik", '
                       b'"inherent": [2, 3]}], "risks": []}',
}


@pytest.mark.parametrize("case", sorted(DUPLICATE_KEYS))
def test_duplicate_json_object_keys_are_refused(template: Path, tmp_path: Path,
                                                case: str) -> None:
    """json.loads alone keeps the last of duplicate members and drops the rest silently."""
    _check_refused(template, tmp_path, "import.json", DUPLICATE_KEYS[case])
