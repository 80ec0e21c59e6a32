"""An export folder holds one edition, whole: exporting again into it replaces the earlier
edition; a folder holding anything else is refused before anything is written.

Exporting twice into one folder used to mix editions: the index and manifest of edition 2
beside 233 files of edition 1, one municipality in two languages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from stores import unchanged

import riskreg
from riskreg.cli import cli


def visible(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if not p.name.startswith(".") and p.is_file()}


def assert_one_whole_edition(folder: Path, number: int) -> dict[str, object]:
    """Exactly the files the manifest lists (and itself), each as listed."""
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["edition"] == number
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    files = visible(folder)
    assert set(files) == {*listed, "manifest.json"}
    for name, sha in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == sha, name
    index = files["index.html"].decode("utf-8")
    for name in listed:
        if name != "index.html":
            assert name in index
    return dict(manifest)


def test_a_second_export_into_the_same_folder_replaces_the_first(example_path: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "ut"
    with riskreg.Register.open(example_path, user="export") as reg:
        first = riskreg.export_reports(reg, out, recipients="all", lang="sv")
        assert first.replaced is None
        assert len(visible(out)) == 49 * 5 + 2
        second = riskreg.export_reports(reg, out, recipients="association:Fyrbodal",
                                        formats="html,xlsx", lang="en")
    assert second.replaced == 1
    manifest = assert_one_whole_edition(out, 2)
    assert manifest["lang"] == "en" and len(visible(out)) == 14 * 2 + 2
    assert {p.suffix for p in out.iterdir() if not p.name.startswith(".")} == {
        ".html", ".xlsx", ".json"}  # the manifest the only JSON, no Markdown of edition 1


def test_a_folder_with_other_files_is_refused_and_left_alone(example_path: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "dokument"
    out.mkdir()
    (out / "anteckningar.txt").write_text("mina anteckningar", "utf-8")
    (out / ".hidden").write_text("ignored", "utf-8")
    with riskreg.Register.open(example_path, user="export") as reg:
        with unchanged(example_path), pytest.raises(riskreg.ValidationError) as info:
            riskreg.export_reports(reg, out, recipients="1487", formats="md")
        assert info.value.key == "error.export.not_an_export"
        assert "anteckningar.txt" in info.value.message("en")
        assert reg.editions() == []
    assert sorted(p.name for p in out.iterdir()) == [".hidden", "anteckningar.txt"]


def test_an_earlier_export_with_a_stranger_in_it_is_refused(example_path: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "ut"
    with riskreg.Register.open(example_path, user="export") as reg:
        riskreg.export_reports(reg, out, recipients="1487,1488", formats="md")
        (out / "svar-från-partille.xlsx").write_bytes(b"not ours")
        before = visible(out)
        with unchanged(example_path), pytest.raises(riskreg.ValidationError):
            riskreg.export_reports(reg, out, recipients="1487", formats="md")
    assert visible(out) == before


def test_hidden_files_and_folders_do_not_make_a_folder_foreign(example_path: Path,
                                                               tmp_path: Path) -> None:
    """A desktop's own files, and folders (a dry run of ``riskreg send`` writes its messages
    into ``meddelanden/`` beside the export), are left alone."""
    out = tmp_path / "ut"
    out.mkdir()
    (out / ".DS_Store").write_bytes(b"\0")
    (out / "meddelanden").mkdir()
    (out / "meddelanden" / "001.eml").write_bytes(b"x")
    with riskreg.Register.open(example_path, user="export") as reg:
        riskreg.export_reports(reg, out, recipients="1487", formats="md")
        riskreg.export_reports(reg, out, recipients="1488", formats="md")
    assert (out / ".DS_Store").exists() and (out / "meddelanden" / "001.eml").exists()
    assert_one_whole_edition(out, 2)


def test_the_command_line_says_which_edition_it_replaced(example_path: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "ut"
    runner = CliRunner()
    base = ["--db", str(example_path), "--lang", "en", "export", "--out", str(out), "--quiet"]
    first = runner.invoke(cli, [*base, "--to", "1487", "--format", "md"])
    assert first.exit_code == 0 and "replaced" not in first.stdout
    second = runner.invoke(cli, [*base, "--to", "1488", "--format", "html"])
    assert second.exit_code == 0, second.stderr
    assert "Edition 1 in the folder was replaced" in second.stdout
    assert_one_whole_edition(out, 2)
    (out / "egen.txt").write_text("x", "utf-8")
    third = runner.invoke(cli, [*base, "--to", "1488"])
    assert third.exit_code == 2 and third.stderr.count("\n") == 1
    assert "egen.txt" in third.stderr
