"""hipdip-wave as an installed distribution: entry point, plugin listing and CLI."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys

import hipdip_wave
import pytest

import hipdip
from hipdip.plugins import list_plugins, make_plugin_manager

DISTRIBUTION = "hipdip-wave"


def _entry_point() -> importlib.metadata.EntryPoint:
    (found,) = [ep for ep in importlib.metadata.entry_points(group="hipdip") if ep.name == "wave"]
    return found


def test_entry_point_loads_the_module() -> None:
    ep = _entry_point()
    assert ep.value == "hipdip_wave"
    assert ep.dist is not None
    assert ep.dist.name == DISTRIBUTION
    assert ep.load() is hipdip_wave


def test_version_matches_the_distribution() -> None:
    assert importlib.metadata.version(DISTRIBUTION) == hipdip_wave.__version__ == "0.1.0"


def test_list_plugins_shows_the_distribution_and_version() -> None:
    pm = make_plugin_manager()
    (listing,) = [p for p in list_plugins(pm) if p.distribution == DISTRIBUTION]
    assert listing.name == "wave"
    assert listing.version == "0.1.0"
    assert listing.error is None
    assert dict(listing.contributions) == {"schemes": ("wave",)}


def test_selectable_through_the_entry_point() -> None:
    pm = make_plugin_manager()
    assert hipdip.catalog(pm).provider("schemes", "wave") == "wave"
    profile = hipdip.Profile(
        sex="female",
        age=30,
        body=hipdip.BodyComposition(weight_kg=65, height_cm=165),
        experience="beginner",
        equipment=frozenset({"band"}),
        days_per_week=3,
        session_minutes=30,
    )
    program = hipdip.plan_program(profile, weeks=8, scheme="wave", pm=pm)
    assert [w.index for w in program.weeks if w.deload] == [4, 8]


def _cli() -> list[str]:
    if importlib.util.find_spec("hipdip.cli") is None:
        pytest.skip("hipdip has no CLI (hipdip.cli) in this version")
    exe = shutil.which("hipdip")
    return [exe] if exe else [sys.executable, "-m", "hipdip"]


def test_cli_plans_with_the_wave() -> None:
    result = subprocess.run(
        [*_cli(), "plan", "--example", "--scheme", "wave"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "wave" in result.stdout.lower()
    assert "15–20" in result.stdout or "15-20" in result.stdout


def test_cli_lists_the_plugin_with_its_version() -> None:
    result = subprocess.run(
        [*_cli(), "plugins"], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert DISTRIBUTION in result.stdout
    assert "0.1.0" in result.stdout
