"""hipdip.units: exact imperial ↔ metric conversions and imperial constructors."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipdip import BodyComposition, Profile, Sex, ValidationError
from hipdip.models import profile as profile_model
from hipdip.units import (
    body_from_imperial,
    cm_to_in,
    ft_in_to_cm,
    in_to_cm,
    kg_to_lb,
    lb_to_kg,
    profile_from_imperial,
)


def test_definitions_are_exact() -> None:
    # International Yard and Pound Agreement, 1959.
    assert lb_to_kg(1) == 0.45359237
    assert in_to_cm(1) == 2.54
    assert ft_in_to_cm(1) == 12 * 2.54


def test_worked_conversions() -> None:
    assert lb_to_kg(150) == pytest.approx(68.0388555)
    assert kg_to_lb(65) == pytest.approx(65 / 0.45359237)
    assert ft_in_to_cm(5, 5) == pytest.approx(165.1)
    assert ft_in_to_cm(6, 0) == pytest.approx(182.88)
    assert cm_to_in(165.1) == pytest.approx(65)


_amounts = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@given(_amounts)
def test_round_trips(x: float) -> None:
    assert kg_to_lb(lb_to_kg(x)) == pytest.approx(x, rel=1e-12, abs=1e-12)
    assert cm_to_in(in_to_cm(x)) == pytest.approx(x, rel=1e-12, abs=1e-12)


@given(st.integers(0, 8), st.floats(0, 11.99, allow_nan=False))
def test_feet_and_inches_equal_total_inches(feet: int, inches: float) -> None:
    assert ft_in_to_cm(feet, inches) == pytest.approx(in_to_cm(feet * 12 + inches))


@pytest.mark.parametrize(
    ("function", "name"),
    [(lb_to_kg, "lb"), (kg_to_lb, "kg"), (in_to_cm, "inches"), (cm_to_in, "cm")],
)
@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, "150", None, True])
def test_bad_amounts_name_the_argument(function: Any, name: str, bad: Any) -> None:
    with pytest.raises(ValidationError, match=rf"^{name}:"):
        function(bad)


def test_bad_feet_and_inches_name_the_argument() -> None:
    with pytest.raises(ValidationError, match=r"^feet:"):
        ft_in_to_cm(-5, 5)
    with pytest.raises(ValidationError, match=r"^inches:"):
        ft_in_to_cm(5, math.nan)


def test_body_from_imperial_matches_the_metric_model() -> None:
    body = body_from_imperial(143.3, 65, body_fat_pct=28, waist_in=28, hip_in=38.5, neck_in=13)
    assert body == BodyComposition(
        weight_kg=143.3 * 0.45359237,
        height_cm=65 * 2.54,
        body_fat_pct=28,
        waist_cm=28 * 2.54,
        hip_cm=38.5 * 2.54,
        neck_cm=13 * 2.54,
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"weight_lb": 10, "height_in": 65}, "weight_lb"),
        ({"weight_lb": 150, "height_in": 30}, "height_in"),
        ({"weight_lb": 150, "height_in": math.nan}, "height_in"),
        ({"weight_lb": "150", "height_in": 65}, "weight_lb"),
        ({"weight_lb": 150, "height_in": 65, "waist_in": 500}, "waist_in"),
        ({"weight_lb": 150, "height_in": 65, "neck_in": 1}, "neck_in"),
        ({"weight_lb": 150, "height_in": 65, "hip_in": -3}, "hip_in"),
        ({"weight_lb": 150, "height_in": 65, "waist_in": 14, "neck_in": 14}, "waist_in"),
        ({"weight_lb": 150, "height_in": 65, "body_fat_pct": 90}, "body_fat_pct"),
    ],
)
def test_body_from_imperial_errors_name_the_imperial_field(
    kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError, match=rf"^{field}:"):
        body_from_imperial(**kwargs)


def test_imperial_range_message_is_in_imperial_units() -> None:
    with pytest.raises(ValidationError, match=r"lb") as info:
        body_from_imperial(10, 65)
    low_lb = profile_model.WEIGHT_KG[0] / 0.45359237
    assert f"{round(low_lb, 1):g}" in str(info.value)


@st.composite
def _plausible_sizes(draw: st.DrawFn) -> tuple[float, float]:
    """A height, and a weight whose BMI the model accepts (a hair inside its range)."""
    height_cm = draw(st.floats(*profile_model.HEIGHT_CM, allow_nan=False))
    square = (height_cm / 100) ** 2
    low, high = (bmi * square for bmi in profile_model.BMI_RANGE)
    low = max(profile_model.WEIGHT_KG[0], low * (1 + 1e-9))
    high = min(profile_model.WEIGHT_KG[1], high * (1 - 1e-9))
    return draw(st.floats(low, high, allow_nan=False)), height_cm


@given(_plausible_sizes())
def test_every_valid_metric_body_converts_back(size: tuple[float, float]) -> None:
    weight_kg, height_cm = size
    weight_lb = kg_to_lb(weight_kg)
    height_in = cm_to_in(height_cm)
    # Values at the bounds may round across them; clamp to the model's range.
    body = body_from_imperial(
        min(
            max(weight_lb, profile_model.WEIGHT_KG[0] / 0.45359237),
            profile_model.WEIGHT_KG[1] / 0.45359237,
        ),
        min(max(height_in, profile_model.HEIGHT_CM[0] / 2.54), profile_model.HEIGHT_CM[1] / 2.54),
    )
    assert body.weight_kg == pytest.approx(weight_kg, rel=1e-12)
    assert body.height_cm == pytest.approx(height_cm, rel=1e-12)


def test_profile_from_imperial() -> None:
    profile = profile_from_imperial(
        143.3, 65, body_fat_pct=28, sex="female", age=30, experience="beginner", goal="fat_loss"
    )
    assert isinstance(profile, Profile)
    assert profile.sex is Sex.FEMALE
    assert profile.body.weight_kg == pytest.approx(65.0, abs=0.01)
    assert profile.body.height_cm == pytest.approx(165.1)
    assert profile.goal.value == "fat_loss"


def test_profile_from_imperial_names_bad_fields() -> None:
    with pytest.raises(ValidationError, match=r"^weight_kg: not a Profile field"):
        profile_from_imperial(150, 65, sex="female", age=30, experience="beginner", weight_kg=65)
    with pytest.raises(ValidationError, match=r"sex: required"):
        profile_from_imperial(150, 65, age=30, experience="beginner")
    with pytest.raises(ValidationError, match=r"^age:"):
        profile_from_imperial(150, 65, sex="female", age=10, experience="beginner")
    with pytest.raises(ValidationError, match=r"^height_in:"):
        profile_from_imperial(150, 20, sex="female", age=30, experience="beginner")
