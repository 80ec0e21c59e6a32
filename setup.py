"""Build step of riskreg beyond pyproject.toml: the message catalogues are compiled.

The ``.po`` files (``riskreg/locale/<lang>/LC_MESSAGES/riskreg.po``, ``tui/locale/...``) are
the source; riskreg reads the compiled ``.mo`` files, which are not kept in git. Building a
wheel or sdist compiles them into the build; an editable install (``pip install -e .``, what
``make`` does) compiles them in place, beside their ``.po``, since the package is then read
from the source tree. ``make`` recompiles a ``.po`` that changed since
(``tools/messages.py compile``).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from setuptools import Command, setup
from setuptools.command.build import build

ROOT = Path(__file__).resolve().parent
DOMAINS = ("riskreg", "tui")


class build_catalogues(Command):
    """Compile the .po message catalogues to .mo (into the build, or in place if editable)."""

    description = "compile the message catalogues (.po -> .mo)"
    user_options: list[tuple[str, str | None, str]] = []  # noqa: RUF012

    def initialize_options(self) -> None:
        self.build_lib: str | None = None
        self.editable_mode = False
        self.outputs: list[str] = []

    def finalize_options(self) -> None:
        self.set_undefined_options("build_py", ("build_lib", "build_lib"))

    def run(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for domain in DOMAINS:
            for po in sorted((ROOT / domain / "locale").glob("*/LC_MESSAGES/*.po")):
                relative = po.relative_to(ROOT).with_suffix(".mo")
                target = (ROOT if self.editable_mode or self.build_lib is None
                          else Path(self.build_lib)) / relative
                with po.open("rb") as f:
                    catalog = read_po(f)
                buffer = io.BytesIO()
                write_mo(buffer, catalog)
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.partial")
                partial.write_bytes(buffer.getvalue())
                os.replace(partial, target)
                self.outputs.append(str(target))

    def get_outputs(self) -> list[str]:
        return self.outputs

    def get_output_mapping(self) -> dict[str, str]:
        return {}

    def get_source_files(self) -> list[str]:
        return [str(p.relative_to(ROOT)) for d in DOMAINS
                for p in (ROOT / d / "locale").glob("*/LC_MESSAGES/*.po")]


class build_with_catalogues(build):
    sub_commands = [*build.sub_commands, ("build_catalogues", None)]  # noqa: RUF012


setup(cmdclass={"build": build_with_catalogues, "build_catalogues": build_catalogues})
