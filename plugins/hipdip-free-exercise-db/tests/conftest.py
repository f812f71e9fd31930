"""Fixtures of the hipdip-free-exercise-db tests: the sample file and a clean configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import hipdip_free_exercise_db
import pytest

#: A small file in the free-exercise-db format, written for these tests (10 entries:
#: 6 importable, 4 to skip — an unmappable primary muscle, a machine, a stretch and a
#: muscle name outside the data set's vocabulary — plus odd fields: null force,
#: equipment and images, capitalised level and category, a muscle listed both as
#: primary and secondary, instructions that are not a list, an extra key).
SAMPLE = Path(__file__).parent / "data" / "exercises.json"


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture(autouse=True)
def _clean_configuration(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no configure() path and no HIPDIP_FREE_EXERCISE_DB."""
    monkeypatch.delenv(hipdip_free_exercise_db.ENV_VAR, raising=False)
    hipdip_free_exercise_db.configure(None)
    yield
    hipdip_free_exercise_db.configure(None)
