"""Fixtures of the hipdip-free-exercise-db tests: the real data set and a clean configuration."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hipdip_free_exercise_db
import pytest

#: The real free-exercise-db ``dist/exercises.json`` (873 entries, public domain),
#: vendored verbatim (see ``data/free-exercise-db/README.md``). No invented entries.
REAL = Path(__file__).parent / "data" / "free-exercise-db" / "exercises.json"


@functools.cache
def _entries() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(REAL.read_text(encoding="utf-8")))


def entries() -> list[dict[str, Any]]:
    """A fresh copy of the real entries (a test may change its copy)."""
    return json.loads(json.dumps(_entries()))


def entry(source_id: str) -> dict[str, Any]:
    """A fresh copy of the real entry with id ``source_id``."""
    (found,) = [e for e in entries() if e["id"] == source_id]
    return found


def real_subset(tmp_path: Path, *ids: str) -> Path:
    """A file holding the real entries ``ids``, verbatim, in the data set's order."""
    chosen = [e for e in entries() if e["id"] in ids]
    assert len(chosen) == len(ids), "every id is a real entry"
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(chosen, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def real() -> Path:
    return REAL


@pytest.fixture(autouse=True)
def _clean_configuration(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no configure() path and no HIPDIP_FREE_EXERCISE_DB."""
    monkeypatch.delenv(hipdip_free_exercise_db.ENV_VAR, raising=False)
    hipdip_free_exercise_db.configure(None)
    yield
    hipdip_free_exercise_db.configure(None)
