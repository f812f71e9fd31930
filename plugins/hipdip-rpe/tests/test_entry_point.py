"""hipdip-rpe as an installed distribution: entry point and plugin listing."""

from __future__ import annotations

import importlib.metadata

import hipdip_rpe

import hipdip
from hipdip.plugins import list_plugins, make_plugin_manager

DISTRIBUTION = "hipdip-rpe"


def _entry_point() -> importlib.metadata.EntryPoint:
    (found,) = [ep for ep in importlib.metadata.entry_points(group="hipdip") if ep.name == "rpe"]
    return found


def test_entry_point_loads_the_module() -> None:
    ep = _entry_point()
    assert ep.value == "hipdip_rpe"
    assert ep.dist is not None
    assert ep.dist.name == DISTRIBUTION
    assert ep.load() is hipdip_rpe


def test_version_matches_the_distribution() -> None:
    assert importlib.metadata.version(DISTRIBUTION) == hipdip_rpe.__version__ == "0.1.0"


def test_list_plugins_shows_the_distribution_and_version() -> None:
    pm = make_plugin_manager()
    (listing,) = [p for p in list_plugins(pm) if p.distribution == DISTRIBUTION]
    assert listing.name == "rpe"
    assert listing.version == "0.1.0"
    assert listing.error is None
    assert dict(listing.contributions) == {"progression_rules": ("rpe_autoregulation",)}


def test_installed_rule_decides_for_weighted_exercises() -> None:
    pm = make_plugin_manager()
    cat = hipdip.catalog(pm)
    assert cat.provider("progression_rules", "rpe_autoregulation") == "rpe"
    item = hipdip.Prescription(
        "standing_cable_hip_abduction", 3, hipdip.Reps(10, 15), hipdip.Weight(20.0), rir=2
    )
    logged = (hipdip.SetResult(reps=15, load=hipdip.Weight(20.0), rir=3),) * 3
    decision = hipdip.next_prescription(item, logged, pm=pm)
    assert decision.rule == "rpe_autoregulation"
    assert decision.after.load == hipdip.Weight(22.5)
