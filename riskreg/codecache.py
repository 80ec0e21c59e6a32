"""The code attrs and cattrs generate, compiled once and kept between runs (as ``.pyc`` files).

attrs writes the source of each class's ``__init__``, ``__eq__``, ``__hash__`` and
``__repr__`` when the class is defined and compiles it; cattrs does the same for the
functions that structure and unstructure a model. Compiling that source is most of what
importing the register's modules costs: for ``riskreg check`` about 130 ``compile``
calls, 20-30 ms of a command that should take well under 100 ms. Python keeps the
bytecode of modules in ``.pyc`` files; this module keeps the bytecode of that generated
code the same way, in one file beside riskreg's own ``.pyc`` files.

:func:`install` (called by the command line and the review UI, the processes riskreg
runs; ``import riskreg`` installs nothing) puts :func:`compile` in place of the
built-in. Every call passes through unchanged except those compiling source that attrs
or cattrs generated (named ``<attrs generated ...>`` / ``<cattrs generated ...>``); those
are looked up by exactly what was to be compiled.

What makes a hit the same as compiling:

- The key is the whole source text, the file name, the mode, the ``__future__`` flags
  in effect for the caller and the optimisation level; the file is per interpreter
  (its cache tag, e.g. ``cpython-311``). A changed class, attrs or cattrs version makes
  other source, hence a miss.
- One number differs between processes: attrs puts ``hash("<attrs generated hash
  module.Class>")`` in ``__hash__`` (so a record hashes unlike a tuple of its fields),
  and ``str`` hashes are salted per process. The key has a placeholder there, and a hit
  gets this process's number put back in its constants.
- A missing, unreadable, damaged or foreign file (another format, or bytecode of another
  interpreter version) is no cache (everything is compiled, as without it). It is
  written like Python writes ``.pyc`` files: not when ``sys.dont_write_bytecode``
  (``PYTHONDONTWRITEBYTECODE``) or a ``pycache_prefix`` is set, to a temp file renamed
  into place, silently not at all if the folder is not writable; a process adds what it
  compiled to what is there when it exits (temp files of a process killed meanwhile are
  removed by a later save).
"""

from __future__ import annotations
import __future__

import atexit
import builtins
import contextlib
import marshal
import os
import sys
from types import CodeType
from typing import Any

FORMAT = 2  # entries: key -> (the hash number in the source or None, marshalled code)
MAX_ENTRIES = 2000  # beyond this (many versions of many classes) the file starts afresh
PREFIXES = ("<attrs generated ", "<cattrs generated ")
_ATTRS = PREFIXES[0]
_PLACEHOLDER = "__riskreg_codecache_type_hash__"
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:  # those compile() takes from its caller
    if _name != "nested_scopes":  # its flag is also every nested function's CO_NESTED
        _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag

_builtin_compile = builtins.compile
_entries: dict[str, tuple[int | None, bytes]] | None = None  # code unmarshalled when used
_added: dict[str, tuple[int | None, bytes]] = {}
_path: str | None = None
_stats = {"hits": 0, "misses": 0}


def cache_file() -> str | None:
    """Where the compiled code is kept (None: nowhere, as with .pyc files)."""
    tag = sys.implementation.cache_tag
    if tag is None or sys.pycache_prefix:
        return None
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")
    return os.path.join(folder, f"generated-code.{tag}.marshal")


def install(path: str | None = None) -> None:
    """Compile attrs's and cattrs's generated code through the cache from now on (in this
    process), reading the cache from ``path`` (default :func:`cache_file`) and adding to it
    at exit."""
    global _path, _entries
    if builtins.compile is compile:
        return
    _path = cache_file() if path is None else path
    _entries = None  # read when first needed: a command may define no attrs class at all
    builtins.compile = compile
    atexit.register(save)


def uninstall() -> None:
    """Put the built-in ``compile`` back (what was added is not saved)."""
    global _entries, _path
    if builtins.compile is compile:
        builtins.compile = _builtin_compile
    atexit.unregister(save)
    _entries, _path = None, None
    _added.clear()


def stats() -> dict[str, int]:
    """How many generated sources were found in the cache and how many compiled."""
    return dict(_stats)


def compile(
    source: Any,
    filename: Any,
    mode: str,
    flags: int = 0,
    dont_inherit: bool = False,
    optimize: int = -1,
    **kwargs: Any,
) -> Any:
    """The built-in ``compile``, the generated code of attrs and cattrs found in the cache."""
    if not dont_inherit:  # the caller's __future__ statements, as the built-in would take them
        flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
    if (builtins.compile is not compile or kwargs or flags & ~_FUTURE_FLAGS
            or type(source) is not str or type(filename) is not str
            or not filename.startswith(PREFIXES)):
        return _builtin_compile(source, filename, mode, flags, True, optimize, **kwargs)
    global _entries
    entries = _entries
    if entries is None:
        entries = _entries = _read(_path)
    seed = _type_hash(filename)
    text = source
    if seed is not None:
        literal = f"{seed},"
        if literal in source:
            text = source.replace(literal, f"{_PLACEHOLDER},")
        else:
            seed = None
    level = sys.flags.optimize if optimize == -1 else optimize
    key = f"{FORMAT}\0{mode}\0{flags}\0{level}\0{filename}\0{text}"
    found = entries.get(key)
    if found is not None:
        made_with, data = found
        try:
            code = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            code = None
        if type(code) is CodeType:
            _stats["hits"] += 1
            if made_with != seed and made_with is not None and seed is not None:
                code = _replace_constant(code, made_with, seed)
            return code
    code = _builtin_compile(source, filename, mode, flags, True, optimize)
    _stats["misses"] += 1
    entries[key] = _added[key] = (seed, marshal.dumps(code))
    return code


def _type_hash(filename: str) -> int | None:
    """The number attrs puts in the ``__hash__`` of the class a file name is about."""
    if not filename.startswith(_ATTRS) or not filename.endswith(">"):
        return None
    parts = filename[:-1].split(" ")
    if len(parts) != 4:
        return None
    name, dash, number = parts[3].rpartition("-")  # attrs's name for a second class of
    if not (dash and number.isdigit()):          # the same name ends in -1, -2, ...
        name = parts[3]
    return hash(f"<attrs generated hash {name}>")


def _replace_constant(code: CodeType, old: int, new: int) -> CodeType:
    consts = code.co_consts
    changed = False
    out = []
    for value in consts:
        if type(value) is int and value == old:
            value, changed = new, True
        elif isinstance(value, CodeType):
            replaced = _replace_constant(value, old, new)
            if replaced is not value:
                value, changed = replaced, True
        out.append(value)
    return code.replace(co_consts=tuple(out)) if changed else code


def _read(path: str | None) -> dict[str, tuple[int | None, bytes]]:
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            doc = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if (not isinstance(doc, dict) or doc.get("format") != FORMAT
            or doc.get("magic") != _magic()):
        return {}
    entries = doc.get("entries")
    if not isinstance(entries, dict):
        return {}
    good: dict[str, tuple[int | None, bytes]] = {}
    for key, value in entries.items():
        if (type(key) is str and type(value) is tuple and len(value) == 2
                and (value[0] is None or type(value[0]) is int)
                and type(value[1]) is bytes):
            good[key] = value
    return good


def save() -> bool:
    """Add what this process compiled to the cache file; whether anything was written."""
    path = _path
    if path is None or not _added or sys.dont_write_bytecode:
        return False
    entries = _read(path)  # what other processes added meanwhile
    if len(entries) + len(_added) > MAX_ENTRIES:
        entries = {}
    entries.update(_added)
    try:
        data = marshal.dumps({"format": FORMAT, "magic": _magic(), "entries": entries})
    except ValueError:
        return False
    temp = f"{path}.{os.getpid()}.part"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    _added.clear()
    _sweep(path)
    return True


def _magic() -> bytes:
    """The bytecode's version (as in a .pyc file's header): code marshalled by another
    interpreter is no cache."""
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


def _sweep(path: str, older_than: float = 600.0) -> None:
    """Remove temp files that processes killed while saving left behind."""
    import time

    folder, name = os.path.split(path)
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(f"{name}.") and entry.name.endswith(".part"):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime >= older_than:
                        os.unlink(entry.path)


__all__ = ["cache_file", "compile", "install", "save", "stats", "uninstall"]
