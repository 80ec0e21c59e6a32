"""Every code block of the READMEs is a test: what a newcomer copies must work.

Each README's code blocks are fenced with a language. ``sh`` blocks run line by line
through the installed command line (``riskreg`` on PATH, a temporary folder standing for
a fresh clone's root, the README's blocks in order, so a later block finds what an earlier
one made); ``python`` blocks run as scripts in the same folder. A line may end with exit 1
only where it says so (``riskreg check``: "exit 1 on errors"). A ``toml`` block whose first
line names a file (``# smtp.toml``) is written to that file for the blocks after it. A
block that cannot run here
(the interactive UI, a real server, the test suite itself) is marked, on the line before
it, ``<!-- not run: why -->``; ``text`` and ``toml`` blocks show output and formats, and are
not run. A README with an unfenced (indented) code block, or a block without a language,
fails: nothing can slip out of this test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parent.parent
READMES = ("README.md", "riskreg/report/README.md", "examples/millennium_pause/README.md")
RUN = {"sh", "python"}
SHOWN = {"text", "toml"}
#: what a README's folder needs before its first block (the project README makes its own)
SETUP = {"riskreg/report/README.md": ["riskreg init --example"]}
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(?P<why>\S.*?)\s*-->\s*$", re.S)


class Block:
    def __init__(self, readme: str, token: Token, skip: str | None) -> None:
        self.readme = readme
        self.language = token.info.strip().split(" ")[0]
        self.text = token.content
        self.line = (token.map[0] + 1) if token.map else 0
        self.skip = skip

    def __repr__(self) -> str:
        return f"{self.readme}:{self.line} ({self.language})"


def blocks(readme: str) -> list[Block]:
    tokens = MarkdownIt("commonmark").parse((ROOT / readme).read_text("utf-8"))
    found = []
    for i, token in enumerate(tokens):
        where = f"{readme}:{(token.map[0] + 1) if token.map else '?'}"
        assert token.type != "code_block", f"{where}: an indented code block; fence it"
        if token.type != "fence":
            continue
        before = tokens[i - 1] if i else None
        marker = NOT_RUN.match(before.content) if before is not None and (
            before.type == "html_block") else None
        found.append(Block(readme, token, marker["why"] if marker else None))
    return found


@pytest.mark.parametrize("readme", READMES)
def test_every_code_block_is_fenced_with_a_language_it_is_run_in(readme: str) -> None:
    for block in blocks(readme):
        assert block.language in RUN | SHOWN, f"{block}: give the block a language"
        if block.skip is not None:
            assert block.language in RUN, f"{block}: only sh and python blocks are run"


def test_the_blocks_not_run_are_few_and_say_why() -> None:
    skipped = [b for r in READMES for b in blocks(r) if b.skip is not None]
    run = [b for r in READMES for b in blocks(r) if b.language in RUN and b.skip is None]
    assert len(run) >= 6 and len(skipped) <= 10
    assert all(len(b.skip or "") > 15 for b in skipped), skipped


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("RISKREG_DB", "RISKREG_LANG", "RISKREG_USER", "RISKREG_READ_CACHE")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               RISKREG_USER="anna", COLUMNS="100", HOME=str(folder), PYTHONPATH=str(ROOT))
    return env


def commands(block: Block) -> list[tuple[int, str]]:
    """The command lines of a ``sh`` block (a line ending in a backslash goes on), each with
    its line number in the README; comment lines left out."""
    found: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for n, line in enumerate(block.text.splitlines(), block.line + 1):
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        start = start if pending else n
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        found.append((start, pending + line))
        pending = ""
    assert not pending, f"{block}: a command continued past the end of the block"
    return found


def write_files(block: Block, folder: Path) -> None:
    """A ``toml`` block that starts with ``# NAME`` shows the file NAME: it is written."""
    first = block.text.splitlines()[0] if block.text else ""
    match = re.fullmatch(r"#\s*([\w.-]+\.toml)\s*", first)
    if block.language == "toml" and match:
        (folder / match[1]).write_text(block.text, "utf-8")


def run_line(line: str, folder: Path, where: str) -> None:
    allowed = {0, 1} if "exit 1" in line else {0}
    done = subprocess.run(["bash", "-c", line], cwd=folder, env=environment(folder),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in allowed, (
        f"{where}: `{line}` ended with {done.returncode}\n{done.stdout[-2000:]}\n"
        f"{done.stderr[-2000:]}")
    assert "Traceback" not in done.stderr, f"{where}: `{line}`\n{done.stderr}"


@pytest.mark.parametrize("readme", ["README.md", "riskreg/report/README.md"])
def test_the_readme_s_code_runs(readme: str, tmp_path: Path) -> None:
    for line in SETUP.get(readme, []):
        run_line(line, tmp_path, f"{readme} (setup)")
    ran = 0
    for block in blocks(readme):
        write_files(block, tmp_path)
        if block.language not in RUN or block.skip is not None:
            continue
        ran += 1
        if block.language == "python":
            script = tmp_path / f"block-{block.line}.py"
            script.write_text(block.text, "utf-8")
            done = subprocess.run([sys.executable, str(script)], cwd=tmp_path,
                                  env=environment(tmp_path), capture_output=True, text=True,
                                  timeout=300)
            assert done.returncode == 0, f"{block}:\n{done.stdout[-2000:]}\n{done.stderr}"
            continue
        for n, line in commands(block):
            run_line(line, tmp_path, f"{readme}:{n}")
    assert ran
