"""Fuzzing the readers (issue 15): mutated example documents through ``io.loads`` and the CLI.

Each example draws one of hipdip's example documents (a profile, a program,
a training log) and mutates it a few times: keys dropped, renamed or given
twice, values of the wrong type, huge, tiny, negative and non-finite numbers
(``NaN``, ``Infinity``, ``1e400``, ``10**400``), enum values in another case,
long strings and keys, deep nesting. The text is written by hand (JSON
writers cannot write a key twice or ``NaN`` on purpose).

- ``io.loads``: only a :class:`hipdip.HipdipError` escapes, each of its lines
  names a field (``path: problem``) and is short; a document that reads is
  written back by ``dumps`` and reads again to an equal object, the same text.
- the CLI (``hipdip.cli.main``, in process): exit code 0 or 2 — never 1, a
  bug — every line on stderr an ``error:`` line, at most 50; exit 0 prints
  output (``--format json`` output that ``io.loads`` reads back).

The default run keeps a few hundred examples; ``-m slow`` (``.ci/run``) runs
2,000 of each.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hipdip import HipdipError, Profile, Program, Progress, TrainingLog
from hipdip import plugins as hipdip_plugins
from hipdip.cli import main
from hipdip.examples import example_log, example_profile, example_program
from hipdip.io import dumps, loads, to_dict
from hipdip.plugins import make_plugin_manager

PM = make_plugin_manager(entry_points=False)
DOCUMENTS: dict[str, tuple[type, Any]] = {
    "profile": (Profile, to_dict(example_profile())),
    "program": (Program, to_dict(example_program(weeks=2, pm=PM))),
    "log": (TrainingLog, to_dict(example_log(example_program(weeks=2, pm=PM)))),
}


# --------------------------------------------------------------------------- #
# A JSON tree that can hold what real JSON writers refuse


class Obj(list[tuple[str, Any]]):
    """A JSON object as its key/value pairs, in order: a key may appear twice."""


class Raw(str):
    """JSON text written as it is (``NaN``, ``1e400``, a deep nest)."""


def tree(value: Any) -> Any:
    if isinstance(value, dict):
        return Obj((key, tree(item)) for key, item in value.items())
    if isinstance(value, list):
        return [tree(item) for item in value]
    return value


def text(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Obj):
        return "{" + ", ".join(f"{json.dumps(k)}: {text(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(text(item) for item in value) + "]"
    return json.dumps(value)


def places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into ``value`` (the root included)."""
    yield path
    if isinstance(value, Obj):
        for index, (_, item) in enumerate(value):
            yield from places(item, (*path, index))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


def parent(root: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    node = root
    for step in path[:-1]:
        node = node[step][1] if isinstance(node, Obj) else node[step]
    return node, path[-1]


def replace(root: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    node, last = parent(root, path)
    if isinstance(node, Obj):
        node[last] = (node[last][0], new)
    else:
        node[last] = new
    return root


NUMBERS = st.sampled_from(
    [
        Raw("NaN"),
        Raw("Infinity"),
        Raw("-Infinity"),
        Raw("1e400"),
        Raw(str(10**400)),
        Raw("-0.0"),
        5e-324,
        1e308,
        -1,
        0,
        -65.5,
        2**63,
        30.0,
        0.5,
    ]
)
WRONG = st.one_of(
    # Copied: a later mutation may append to the list drawn here.
    st.sampled_from(
        [None, True, False, "", "x", [], Obj(), [1], "Female", "LINEAR", "٢-٠-١-١"]
    ).map(copy.deepcopy),
    NUMBERS,
    st.text(max_size=20),
)
LONG = st.sampled_from(["x" * 5000, "é" * 70_000, "a_b" * 30_000])
DEEP = st.integers(50, 3000).map(lambda n: Raw("[" * n + "]" * n))
KEYS = st.one_of(st.text(max_size=12), st.sampled_from(["kind", "schema_version", "K" * 20_000]))


@st.composite
def mutated(draw: st.DrawFn, name: str | None = None) -> tuple[str, str]:
    """``(document name, JSON text)``: an example document after 0–4 mutations."""
    name = name or draw(st.sampled_from(sorted(DOCUMENTS)))
    root = tree(DOCUMENTS[name][1])
    for _ in range(draw(st.integers(0, 4))):
        spots = list(places(root))
        path = spots[draw(st.integers(0, len(spots) - 1))]
        kind = draw(
            st.sampled_from(["drop", "rename", "twice", "wrong", "number", "long", "deep", "case"])
        )
        if not path:  # the whole document
            root = draw(st.one_of(WRONG, DEEP)) if kind in ("wrong", "deep") else root
            continue
        node, last = parent(root, path)
        if kind == "drop":
            del node[last]
        elif kind == "rename" and isinstance(node, Obj):
            node[last] = (draw(KEYS), node[last][1])
        elif kind == "twice" and isinstance(node, Obj):
            node.append((node[last][0], draw(st.one_of(WRONG, st.just(node[last][1])))))
        elif kind == "twice":
            node.append(node[last])
        elif kind == "number":
            root = replace(root, path, draw(NUMBERS))
        elif kind == "long":
            root = replace(root, path, draw(LONG))
        elif kind == "deep":
            root = replace(root, path, draw(DEEP))
        elif kind == "case":
            old = node[last][1] if isinstance(node, Obj) else node[last]
            if isinstance(old, str):
                root = replace(root, path, old.upper())
        else:
            root = replace(root, path, draw(WRONG))
    return name, text(root)


# --------------------------------------------------------------------------- #
# io.loads

#: ``path: problem``, the path a field path or ``document`` (or ``cls``).
LINE = re.compile(r"^(document|cls|…|[\w'\"\[][^\n]*?): \S")


def check_reading(name: str, document: str) -> None:
    cls = DOCUMENTS[name][0]
    try:
        value = loads(document, cls)
    except HipdipError as exc:
        event("refused")
        errors = getattr(exc, "errors", (str(exc),))
        assert 1 <= len(errors) <= 50
        for line in errors:
            assert LINE.match(line), line
            assert len(line) < 1000, line[:200]
        return
    event("read")
    written = dumps(value)
    again = loads(written, cls)
    assert again == value
    assert dumps(again) == written
    # Numbers that read are finite floats or ints.
    for number in re.findall(r"-?\d+\.?\d*(?:e[+-]?\d+)?", written):
        assert math.isfinite(float(number))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mutated())
def test_loads_of_mutated_documents(case: tuple[str, str]) -> None:
    check_reading(*case)


@pytest.mark.slow
@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mutated())
def test_loads_of_mutated_documents_widely(case: tuple[str, str]) -> None:
    check_reading(*case)


# --------------------------------------------------------------------------- #
# The CLI


@contextlib.contextmanager
def built_in_plugins_only() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hipdip_plugins, "_default", PM)
        yield


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with built_in_plugins_only(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def check_command(folder: Path, command: str, form: str, documents: dict[str, str]) -> None:
    paths = {}
    for name, body in documents.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(body, encoding="utf-8")
    if command == "progress":
        argv = ["progress", str(paths["program"]), str(paths["log"])]
    else:
        argv = [command, str(paths["profile"])]
    code, out, err = run([*argv, "--format", form])
    event(f"{command}: exit {code}")
    assert code in (0, 2), err
    lines = err.splitlines()
    assert len(lines) <= 50
    assert all(line.startswith(("error: ", "warning: ")) for line in lines), err[:500]
    if code == 2:
        assert out == "" and lines
        return
    assert out
    if form == "json":
        expected = {"plan": Program, "progress": Progress}.get(command)
        if expected is not None:
            loads(out, expected)


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
    command = draw(st.sampled_from(["plan", "nutrition", "assess", "progress"]))
    form = draw(st.sampled_from(["md", "json"]))
    if command == "progress":
        broken = draw(st.sampled_from(["program", "log"]))
        intact = "log" if broken == "program" else "program"
        documents = {
            broken: draw(mutated(broken))[1],
            intact: json.dumps(DOCUMENTS[intact][1]),
        }
    else:
        documents = {"profile": draw(mutated("profile"))[1]}
    return command, form, documents


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(command_lines())
def test_the_cli_on_mutated_documents(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, str, dict[str, str]]
) -> None:
    check_command(tmp_path_factory.mktemp("fuzz"), *case)


@pytest.mark.slow
@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(command_lines())
def test_the_cli_on_mutated_documents_widely(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, str, dict[str, str]]
) -> None:
    check_command(tmp_path_factory.mktemp("fuzz"), *case)


def test_the_mutations_reach_every_kind_of_problem() -> None:
    """The strategy is not vacuous: fixed mutations give the problems the fuzz looks for."""
    profile = tree(DOCUMENTS["profile"][1])
    profile.append(("age", 99))
    with pytest.raises(HipdipError, match="age: appears twice"):
        loads(text(profile), Profile)
    profile = tree(DOCUMENTS["profile"][1])
    replace(profile, (1,), Raw("1e400"))
    with pytest.raises(HipdipError, match=r"^age: expected an integer"):
        loads(text(profile), Profile)
    with pytest.raises(HipdipError, match="nested too deeply"):
        loads(text(Raw("[" * 3000 + "]" * 3000)), Profile)
    assert loads(json.dumps(DOCUMENTS["log"][1]), TrainingLog) == example_log(
        example_program(weeks=2, pm=PM)
    )
