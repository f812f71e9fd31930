"""hipdip-plant-protein as an installed distribution: entry point and plugin listing."""

from __future__ import annotations

import importlib.metadata

import hipdip_plant_protein
import pytest

import hipdip
from hipdip.plugins import list_plugins, make_plugin_manager

DISTRIBUTION = "hipdip-plant-protein"


def _entry_point() -> importlib.metadata.EntryPoint:
    (found,) = [
        ep for ep in importlib.metadata.entry_points(group="hipdip") if ep.name == "plant_protein"
    ]
    return found


def test_entry_point_loads_the_module() -> None:
    ep = _entry_point()
    assert ep.value == "hipdip_plant_protein"
    assert ep.dist is not None
    assert ep.dist.name == DISTRIBUTION
    assert ep.load() is hipdip_plant_protein


def test_version_matches_the_distribution() -> None:
    assert importlib.metadata.version(DISTRIBUTION) == hipdip_plant_protein.__version__ == "0.1.0"


def test_list_plugins_shows_the_distribution_and_version() -> None:
    pm = make_plugin_manager()
    (listing,) = [p for p in list_plugins(pm) if p.distribution == DISTRIBUTION]
    assert listing.name == "plant_protein"
    assert listing.version == "0.1.0"
    assert listing.error is None
    assert dict(listing.contributions) == {"nutrition_rules": ("plant_protein",)}


def test_installed_rule_applies_to_nutrition_plans() -> None:
    pm = make_plugin_manager()
    assert hipdip.catalog(pm).provider("nutrition_rules", "plant_protein") == "plant_protein"
    profile = hipdip.Profile(
        sex="male",
        age=40,
        experience="beginner",
        body=hipdip.BodyComposition(weight_kg=80, height_cm=180),
        tags={"plant_based"},
    )
    plan = hipdip.nutrition_plan(profile, pm=pm)
    assert plan.protein_g == pytest.approx(2.2 * 80)
    assert "plant_protein" in plan.applied_rules
