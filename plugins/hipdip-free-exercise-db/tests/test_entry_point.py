"""hipdip-free-exercise-db as an installed distribution: entry point and plugin listing."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import hipdip_free_exercise_db
import pytest

from hipdip.plugins import list_plugins, make_plugin_manager

DISTRIBUTION = "hipdip-free-exercise-db"


def test_entry_point_loads_the_module() -> None:
    (ep,) = [
        ep
        for ep in importlib.metadata.entry_points(group="hipdip")
        if ep.name == "free_exercise_db"
    ]
    assert ep.value == "hipdip_free_exercise_db"
    assert ep.dist is not None
    assert ep.dist.name == DISTRIBUTION
    assert ep.load() is hipdip_free_exercise_db


def test_version_matches_the_distribution() -> None:
    assert importlib.metadata.version(DISTRIBUTION) == hipdip_free_exercise_db.__version__
    assert hipdip_free_exercise_db.__version__ == "0.1.0"


def test_listed_with_its_exercises(monkeypatch: pytest.MonkeyPatch, real: Path) -> None:
    monkeypatch.setenv(hipdip_free_exercise_db.ENV_VAR, str(real))
    pm = make_plugin_manager()
    (listing,) = [p for p in list_plugins(pm) if p.distribution == DISTRIBUTION]
    assert listing.name == "free_exercise_db"
    assert listing.version == "0.1.0"
    assert listing.error is None
    assert len(listing.contributions["exercises"]) == 200


def test_listed_without_contributions_when_unconfigured() -> None:
    pm = make_plugin_manager()
    (listing,) = [p for p in list_plugins(pm) if p.distribution == DISTRIBUTION]
    assert listing.error is None
    assert dict(listing.contributions) == {}
