"""The cache of attrs's and cattrs's compiled generated code (riskreg.codecache).

Each case runs Python processes of its own: the cache is meant to carry compiled code from
one process to the next, and ``str`` hashes (which attrs puts in ``__hash__``) differ
between processes only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Defines attrs classes (one hashable, one with a validator, one defined twice under the same
# name) and a cattrs round trip, through the cache at argv[1]; prints what a user could see.
_PROGRAM = r'''
import json, sys
from riskreg import codecache
codecache.install(sys.argv[1])
import attrs, cattrs

@attrs.frozen
class Point:
    x: int
    y: str = attrs.field(validator=attrs.validators.instance_of(str))

def make(extra=False):
    if extra:  # the same name, other source: attrs names its code "...Twice-1"
        @attrs.frozen
        class Twice:
            a: int
            b: int = 0
    else:
        @attrs.frozen
        class Twice:
            a: int
    return Twice

First, Second, Other = make(), make(), make(True)
other_seed = hash("<attrs generated hash __main__.make.<locals>.Twice>")
seed = hash("<attrs generated hash __main__.Point>")
p = Point(1, "a")
try:
    Point(1, 2)
    refused = False
except TypeError:
    refused = True
conv = cattrs.Converter()
back = conv.structure(conv.unstructure(p), Point)
print(json.dumps({
    "hash_as_attrs_makes_it": hash(p) == hash((seed, 1, "a")),
    "equal": p == Point(1, "a") and p != Point(2, "a"),
    "repr": repr(p),
    "refused": refused,
    "twice": [First(1) == First(1), Second(2).a, hash(First(1)) == hash((other_seed, 1)),
              hash(Other(1)) == hash((other_seed, 1, 0))],
    "round_trip": back == p,
    "stats": codecache.stats(),
    "saved": codecache.save(),
}))
'''


def _run(cache: Path, seed: str, *, write: bool = True, program: str = _PROGRAM
         ) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", program, str(cache)], capture_output=True,
                          text=True, env=env, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _seen(result: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in result.items() if k not in ("stats", "saved")}


def test_code_from_the_cache_behaves_as_compiled_in_another_process(tmp_path: Path) -> None:
    cache = tmp_path / "generated.marshal"
    first = _run(cache, "1")
    assert first["saved"] is True and cache.exists()
    assert first["stats"]["misses"] > 0  # type: ignore[index, operator]
    second = _run(cache, "2")  # another hash seed: the number in __hash__ differs
    third = _run(cache, "2")
    assert second["stats"]["misses"] == 0  # type: ignore[index]
    assert second["stats"]["hits"] > 0  # type: ignore[index, operator]
    assert second["saved"] is False  # nothing new to add
    for result in (first, second, third):
        assert result["hash_as_attrs_makes_it"] is True
        assert result["equal"] is True and result["refused"] is True
        assert result["twice"] == [True, 2, True, True]
        assert result["round_trip"] is True
    assert _seen(second) == _seen(first)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other_format",
                                    "other_interpreter"])
def test_a_damaged_cache_is_no_cache(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "generated.marshal"
    expected = _run(cache, "3")
    data = cache.read_bytes()
    if damage == "garbage":
        cache.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        cache.write_bytes(b"")
    elif damage == "other_format":
        import marshal

        cache.write_bytes(marshal.dumps({"format": 0, "entries": {"x": (None, 1)}}))
    else:
        import marshal

        doc = marshal.loads(data)
        doc["magic"] = b"\x00\x00\r\n"
        cache.write_bytes(marshal.dumps(doc))
    again = _run(cache, "4")
    assert _seen(again) == _seen(expected)
    assert again["stats"]["misses"] == expected["stats"]["misses"]  # type: ignore[index]
    assert again["saved"] is True  # made again
    assert _run(cache, "5")["stats"]["misses"] == 0  # type: ignore[index]


def test_changed_source_is_compiled_not_taken_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "generated.marshal"
    _run(cache, "1")
    changed = _PROGRAM.replace("instance_of(str))\n", "instance_of(str))\n    z: int = 0\n", 1)
    changed = changed.replace('hash((seed, 1, "a"))', 'hash((seed, 1, "a", 0))')
    result = _run(cache, "2", program=changed)
    assert result["hash_as_attrs_makes_it"] is True
    assert "z=0" in str(result["repr"])
    assert result["stats"]["misses"] > 0  # type: ignore[index, operator]


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path) -> None:
    cache = tmp_path / "generated.marshal"
    result = _run(cache, "1", write=False)
    assert result["saved"] is False
    assert not cache.exists()


def test_other_compile_calls_pass_through_with_the_callers_future_flags(tmp_path: Path) -> None:
    # this module has ``from __future__ import annotations``; the code below does not
    program = r'''
import builtins, sys
from riskreg import codecache
source = "def f(x: no_such_name): pass"
plain = compile(source, "<t>", "exec")
codecache.install(sys.argv[1])
assert builtins.compile is codecache.compile
wrapped = compile(source, "<t>", "exec")
assert wrapped.co_flags == plain.co_flags, (wrapped.co_flags, plain.co_flags)
try:
    exec(wrapped, {})
    print("no error")
except NameError:
    print("NameError")
import ast
tree = compile(source, "<t>", "exec", ast.PyCF_ONLY_AST)
print(type(tree).__name__)
codecache.uninstall()
assert builtins.compile is not codecache.compile
'''
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-c", program, str(tmp_path / "c.marshal")],
                          capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split() == ["NameError", "Module"]


def test_temp_files_of_killed_saves_are_removed_later(tmp_path: Path) -> None:
    cache = tmp_path / "generated.marshal"
    old = tmp_path / "generated.marshal.4242.part"
    new = tmp_path / "generated.marshal.4243.part"
    other = tmp_path / "unrelated.part"
    for path in (old, new, other):
        path.write_bytes(b"half")
    os.utime(old, (1, 1))
    _run(cache, "1")
    assert not old.exists()
    assert new.exists() and other.exists()  # perhaps a save going on now; not ours
