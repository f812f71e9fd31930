"""hipdip.units: exact imperial ↔ metric conversions, imperial constructors, loads in pounds."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipdip import BodyComposition, Profile, Sex, Units, ValidationError, Weight, catalog
from hipdip.loads import grid_units, heavier, increment_kg, lighter, starting_load
from hipdip.models import profile as profile_model
from hipdip.plugins import make_plugin_manager
from hipdip.testing.simulate import Lifter, simulate
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


@pytest.mark.parametrize(
    ("kwargs", "field", "says"),
    [
        # 400 lb at 40 in: the model's message named weight_kg and said "181.437 looks like
        # pounds" — to someone who gave pounds.
        ({"weight_lb": 400, "height_in": 40}, "weight_lb", "400 lb at height_in 40"),
        ({"weight_lb": 65, "height_in": 65}, "weight_lb", "65 looks like kilograms"),
        (
            {"weight_lb": 400, "height_in": 65, "body_fat_pct": 3},
            "body_fat_pct",
            "3 % of 400 lb",
        ),
    ],
)
def test_an_implausible_imperial_body_is_said_in_pounds_and_inches(
    kwargs: dict[str, Any], field: str, says: str
) -> None:
    with pytest.raises(ValidationError, match=rf"^{field}:") as info:
        body_from_imperial(**kwargs)
    message = str(info.value)
    assert says in message
    assert "weight_kg" not in message and "height_cm" not in message
    assert "looks like pounds" not in message


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
    # Someone who gives pounds reads pounds, unless they say otherwise.
    assert profile.units is Units.IMPERIAL
    metric = profile_from_imperial(
        143.3, 65, sex="female", age=30, experience="beginner", units="metric"
    )
    assert metric.units is Units.METRIC


def test_profile_from_imperial_names_bad_fields() -> None:
    with pytest.raises(ValidationError, match=r"^weight_kg: not a Profile field"):
        profile_from_imperial(150, 65, sex="female", age=30, experience="beginner", weight_kg=65)
    with pytest.raises(ValidationError, match=r"sex: required"):
        profile_from_imperial(150, 65, age=30, experience="beginner")
    with pytest.raises(ValidationError, match=r"^age:"):
        profile_from_imperial(150, 65, sex="female", age=10, experience="beginner")
    with pytest.raises(ValidationError, match=r"^height_in:"):
        profile_from_imperial(150, 20, sex="female", age=30, experience="beginner")


# --------------------------------------------------------------------------- #
# Loads on the pound grid keep stepping in pounds (docs/logs.md)

_POUND_STEPPED = (
    "ankle_weight_side_lying_hip_abduction",  # 1 lb
    "standing_cable_hip_abduction",  # 5 lb
    "dumbbell_side_lying_hip_abduction",  # 5 lb
)


def _pounds(kg: float) -> float:
    return kg / 0.45359237


@pytest.mark.parametrize("exercise_id", _POUND_STEPPED)
def test_a_pound_load_steps_in_whole_pounds_all_the_way_up_and_down(exercise_id: str) -> None:
    # Regression: each step added a rounded pound (0.453592 kg), so from 6 lb of
    # ankle weight the load had drifted off the pound grid and stepped in kg
    # (6 lb → 3 kg → 3.5 kg: +0.5 kg, 14 %, more than max(10 %, 1 lb)).
    exercise = catalog().exercises[exercise_id]
    step_lb = _pounds(increment_kg(exercise, "imperial"))
    load = starting_load(exercise, units="imperial")
    seen = [load]
    while (up := heavier(load, exercise)) is not None and len(seen) < 400:
        assert isinstance(up, Weight) and isinstance(load, Weight)
        assert grid_units(up.kg) is Units.IMPERIAL, (load, up)
        rise_lb = _pounds(up.kg) - _pounds(load.kg)
        assert rise_lb == pytest.approx(round(rise_lb / step_lb) * step_lb, abs=1e-4)
        assert up.kg - load.kg <= max(0.1 * load.kg, step_lb * 0.45359237) + 2e-6
        load = up
        seen.append(load)
    assert len(seen) > 5
    for kg_load in seen:
        assert isinstance(kg_load, Weight)
        assert _pounds(kg_load.kg) == pytest.approx(round(_pounds(kg_load.kg) * 2) / 2, abs=2e-6)
        down = lighter(kg_load, exercise)
        if down is not None:
            assert isinstance(down, Weight) and grid_units(down.kg) is Units.IMPERIAL


@given(st.integers(1, 2000))
def test_loads_stored_by_adding_rounded_pounds_are_still_pounds(half_pounds: int) -> None:
    # What earlier versions stored: multiples of 0.453592 kg (1 lb kept to 1e-6 kg).
    kg = half_pounds * 0.226796
    if abs(kg / 0.25 - round(kg / 0.25)) * 0.25 > 2e-6:  # not also a quarter kilogram
        assert grid_units(kg) is Units.IMPERIAL


def test_a_simulated_imperial_lifter_lifts_pounds_only() -> None:
    profile = Profile(
        sex="female",
        age=30,
        body=BodyComposition(65, 165),
        experience="advanced",
        equipment={"ankle_weights", "dumbbell"},
        units="imperial",
    )
    sim = simulate(
        profile,
        weeks=12,
        lifter=Lifter.responder(seed=3),
        scheme="dup",
        pm=make_plugin_manager(entry_points=False),
    )
    weights = [
        r.load.kg
        for s in sim.log.sessions
        for e in s.exercises
        for r in e.sets
        if isinstance(r.load, Weight)
    ]
    assert max(weights) > 6 * 0.45359237  # past where the drift began
    assert all(grid_units(kg) is Units.IMPERIAL for kg in weights)


@pytest.mark.parametrize("pounds", range(1, 11))
def test_a_logged_weight_one_pound_off_is_one_step(pounds: int) -> None:
    """Was (an attacker's review): 1 ↔ 2 lb and 6 ↔ 7 lb ankle weights — steps heavier()
    makes — were "more than one step" in a log (1e-6 kg of rounding allowed, the engine's
    own step check 2e-6): a log of exactly a served pound load was refused."""
    from hipdip import Weight, catalog
    from hipdip.loads import heavier, off_by_more_than_a_step

    ankle = catalog().exercises["ankle_weight_side_lying_hip_abduction"]
    here = Weight(round(pounds * 0.45359237, 6))
    up = heavier(here, ankle, units="imperial")
    assert up is not None
    assert off_by_more_than_a_step(up, here, ankle) is None
    assert off_by_more_than_a_step(here, up, ankle) is None


#: The catalogue's weighted exercises, drawn by the grid properties below.
WEIGHT_EXERCISES = st.sampled_from(
    sorted(e.id for e in catalog().exercises.values() if e.load_kind.value == "weight")
)


@pytest.mark.parametrize(
    ("exercise_id", "owned_kg", "next_kg"),
    [
        ("dumbbell_side_lying_hip_abduction", lb_to_kg(8), lb_to_kg(10)),  # not 13 lb
        ("dumbbell_side_lying_hip_abduction", 7.5, 8.0),  # not 8.5 kg
        ("standing_cable_hip_abduction", 9.5, 10.0),  # not 12 kg
        ("standing_cable_hip_abduction", 11.25, 12.5),  # not 13.75 kg
    ],
)
def test_a_load_off_the_grid_steps_to_the_grids_next_load(
    exercise_id: str, owned_kg: float, next_kg: float
) -> None:
    """A coach's review: a client who logs the 8 lb dumbbell she owns was told 13 lb next
    (+63 %), a weight no one sells; 7.5 kg dumbbells went to 9.5 kg."""
    up = heavier(Weight(owned_kg), catalog().exercises[exercise_id])
    assert isinstance(up, Weight) and up.kg == pytest.approx(next_kg, abs=1e-5)


@given(exercise_id=WEIGHT_EXERCISES, kg=st.floats(0.1, 120))
def test_a_step_up_lands_on_the_grid_within_one_step(exercise_id: str, kg: float) -> None:
    exercise = catalog().exercises[exercise_id]
    up = heavier(Weight(kg), exercise)
    if up is None:
        return
    assert isinstance(up, Weight)
    grid = grid_units(kg)
    step = increment_kg(exercise, grid)
    assert up.kg > kg
    assert up.kg - kg <= max(0.1 * kg, step) + 2e-6
    # On the increment's grid: a whole number of steps from nothing.
    assert abs(up.kg / step - round(up.kg / step)) <= 1e-5


def test_a_load_refused_against_pounds_is_told_in_pounds() -> None:
    """A coach's review: "10 lb dumbbell is more than one step (2.26796 kg) from the
    prescribed 9.07185 kg" for a client whose program is in pounds."""
    from hipdip.loads import off_by_more_than_a_step

    dumbbell = catalog().exercises["dumbbell_side_lying_hip_abduction"]
    why = off_by_more_than_a_step(Weight(lb_to_kg(10)), Weight(lb_to_kg(20)), dumbbell)
    assert why == "10 lb dumbbell is more than one step (5 lb) from the prescribed 20 lb"


@pytest.mark.parametrize(
    ("exercise_id", "owned_kg", "lower_kg"),
    [
        ("dumbbell_side_lying_hip_abduction", lb_to_kg(12), lb_to_kg(10)),  # not 5 lb
        ("dumbbell_side_lying_hip_abduction", lb_to_kg(7), lb_to_kg(5)),  # not "none"
        ("standing_cable_hip_abduction", 6.0, 5.0),  # not 2.5 kg
        ("dumbbell_side_lying_hip_abduction", lb_to_kg(200), lb_to_kg(180)),  # on the grid: 10 %
        ("dumbbell_side_lying_hip_abduction", 12.5, 11.0),  # ~10 %, not 12 kg (-4 %)
        ("standing_cable_hip_abduction", 41.0, 37.5),  # not 40 kg (-2 %)
    ],
)
def test_a_step_down_from_off_the_grid_goes_to_the_grids_next_load_below(
    exercise_id: str, owned_kg: float, lower_kg: float
) -> None:
    """A coach's re-review: a client who owns 12 lb dumbbells was cut to 5 lb (-58 %) by a
    stall; with 7 lb there was "no lighter load"; a 6 kg cable went to 2.5 kg."""
    down = lighter(Weight(owned_kg), catalog().exercises[exercise_id])
    assert isinstance(down, Weight) and down.kg == pytest.approx(lower_kg, abs=1e-5)


def test_the_heaviest_load_under_the_cap_is_reached() -> None:
    """An attacker's re-review: ankle weights in a plugin's 0.1 kg steps went 4.0, 4.4, 4.8
    and stopped, never reaching the 5 kg allowed; a 460 kg barbell got nothing though
    loads up to 500 kg are allowed."""
    import attrs

    ankle = attrs.evolve(
        catalog().exercises["ankle_weight_side_lying_hip_abduction"], increment_kg=0.1
    )
    seen = [4.0]
    while (up := heavier(Weight(seen[-1]), ankle)) is not None:
        assert isinstance(up, Weight)
        seen.append(up.kg)
    assert seen == pytest.approx([4.0, 4.4, 4.8, 5.0])
    thrust = catalog().exercises["barbell_hip_thrust"]
    assert heavier(Weight(460.0), thrust) == Weight(500.0)


@given(exercise_id=WEIGHT_EXERCISES, kg=st.floats(0.1, 120))
def test_a_step_down_lands_on_the_grid_within_one_step(exercise_id: str, kg: float) -> None:
    exercise = catalog().exercises[exercise_id]
    down = lighter(Weight(kg), exercise)
    step = increment_kg(exercise, grid_units(kg))
    if down is None:
        assert kg < 2 * step  # nothing lighter on the grid
        return
    assert isinstance(down, Weight)
    assert 0 < down.kg < kg
    assert kg - down.kg <= max(step, 0.1 * kg + step) + 2e-6
    assert abs(down.kg / step - round(down.kg / step)) <= 1e-5


def test_the_ankle_weight_cap_is_told_in_pounds_beside_a_load_in_pounds() -> None:
    """A coach's re-review: "12 lb ankle weight, more than the 5 kg ankle weights allow"."""
    from hipdip.loads import load_problem

    ankle = catalog().exercises["ankle_weight_side_lying_hip_abduction"]
    why = load_problem(Weight(lb_to_kg(12)), ankle)
    assert why == "12 lb ankle weight, more than the 5 kg (11 lb) ankle weights allow"
    assert (
        load_problem(Weight(6.0), ankle)
        == "6 kg ankle weight, more than the 5 kg ankle weights allow"
    )


@given(
    increment=st.sampled_from([1e-6, 1e-4, 0.1, 0.3, 7.0, 34.0]),
    equipment=st.sampled_from(["ankle_weights", "dumbbell", "kettlebell"]),
    kg=st.floats(0.5, 499.0),
)
def test_a_step_up_never_passes_the_cap_or_one_step_whatever_the_increment(
    increment: float, equipment: str, kg: float
) -> None:
    """An attacker's re-review: with a plugin's 1e-6 kg increment the grid's slack added
    whole increments — 5 kg ankle weights went to 5.000004 kg, over the cap — and 200 kg
    dumbbells in 1e-4 kg steps to 220.0001 kg."""
    import attrs

    from hipdip.loads import load_cap_kg, max_step_kg

    base = catalog().exercises["dumbbell_side_lying_hip_abduction"]
    exercise = attrs.evolve(base, equipment=frozenset({equipment}), increment_kg=increment)
    load = Weight(min(kg, load_cap_kg(exercise)))
    up = heavier(load, exercise)
    if up is None:
        return
    assert isinstance(up, Weight)
    assert load.kg < up.kg <= load_cap_kg(exercise) + 1e-9
    assert up.kg - load.kg <= max_step_kg(load, exercise) + 2e-6
