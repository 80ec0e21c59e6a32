"""The library's public face: import cost, layering, and what scripts can reach."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import riskreg


def test_import_riskreg_does_not_import_textual_rich_or_psycopg() -> None:
    code = (
        "import sys, riskreg, riskreg.cli\n"
        "bad = [m for m in ('textual', 'rich', 'psycopg', 'psycopg_pool') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_local_server_module_loads_psycopg_only_when_a_server_is_made() -> None:
    """``riskreg.server`` and its local server can be imported (e.g. by the command line to
    offer ``db serve``) without the PostgreSQL driver being loaded."""
    code = (
        "import sys, riskreg.server, riskreg.server.local\n"
        "assert 'psycopg' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_everything_in_all_is_importable() -> None:
    missing = [name for name in riskreg.__all__ if not hasattr(riskreg, name)]
    assert missing == []


def test_example_sources_ship_with_the_package() -> None:
    folder = riskreg.example_sources()
    for name in ("areas.toml", "risks.toml", "decisions.toml", "links.toml"):
        assert folder.joinpath(name).is_file(), name


def test_import_riskreg_is_light_until_a_name_is_used() -> None:
    """The command line and scripts pay only for what they touch (names resolve lazily)."""
    code = (
        "import sys, riskreg\n"
        "heavy = ('networkx', 'jinja2', 'openpyxl', 'tinydb', 'filelock', 'riskreg.register')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "riskreg.Register\n"
        "assert 'riskreg.register' in sys.modules\n"
        "assert 'jinja2' not in sys.modules and 'openpyxl' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_names_raise_attribute_error_and_dir_lists_the_api() -> None:
    try:
        riskreg.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as err:
        assert "NoSuchThing" in str(err)
    else:
        raise AssertionError("an unknown name must raise AttributeError")
    assert set(riskreg.__all__) <= set(dir(riskreg))


def test_the_lazy_table_and_all_name_the_same_api() -> None:
    """``__all__`` (what type checkers and ``import *`` see) and the table ``__getattr__``
    resolves from must not drift apart."""
    assert set(riskreg._SOURCES) | {"views"} == set(riskreg.__all__)


def test_reading_a_register_file_does_not_import_the_lock_or_tinydb(tmp_path: Path) -> None:
    """Only a change takes the file's lock; nothing of riskreg needs TinyDB itself
    (riskreg.open_tinydb imports it when called): a command that only reads starts faster."""
    path = tmp_path / "riskreg.json"
    riskreg.build_example(path, user="t").close()
    code = (
        "import sys, riskreg\n"
        f"with riskreg.Register.open({str(path)!r}) as reg:\n"
        "    reg.risks(); reg.history('R-001'); reg.check()\n"
        "assert 'filelock' not in sys.modules and 'tinydb' not in sys.modules\n"
        f"riskreg.open_tinydb({str(path)!r}).table('risks').all()\n"
        "assert 'tinydb' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
