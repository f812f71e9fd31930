"""Progression: the built-in rules, next_prescription() and progress().

The tests use their own small exercise ladder (ids ``t_*``), registered by a
test plugin, so they do not depend on the built-in catalogue's contents.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Action,
    Band,
    BandPlacement,
    BandTier,
    BodyComposition,
    Bodyweight,
    Decision,
    Exercise,
    ExerciseLog,
    Experience,
    HipdipPluginWarning,
    Hold,
    Load,
    MuscleTarget,
    PluginError,
    Prescription,
    Profile,
    Program,
    Reps,
    Role,
    Session,
    SessionLog,
    SetResult,
    Severity,
    TrainingLog,
    Units,
    UnknownIdError,
    ValidationError,
    Week,
    Weight,
    next_prescription,
    progress,
)
from hipdip.builtin.progression import (
    HOLD_MISS_SECONDS,
    HOLD_RESTART_SECONDS,
    TOP_SET_DROP_REPS,
    TOP_SET_SPARE_RIR,
)
from hipdip.hookspecs import hookimpl
from hipdip.io import from_dict, to_dict
from hipdip.ladders import ladders
from hipdip.loads import (
    MAX_STEP_FRACTION,
    heavier,
    increment_kg,
    is_heavier,
    load_cap_kg,
    load_order,
    starting_load,
)
from hipdip.models.program import MAX_REPS, MAX_RIR
from hipdip.plugins import make_plugin_manager
from hipdip.progression import Invariant, decision_problems
from hipdip.testing import strategies
from hipdip.training import HOLD_STEP_SECONDS

# --------------------------------------------------------------------------- #
# A test ladder


def _ex(id_: str, **fields: Any) -> Exercise:
    return Exercise(
        id=id_,
        name=fields.pop("name", id_.removeprefix("t_").replace("_", " ").capitalize()),
        targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
        pattern=fields.pop("pattern", "hip_abduction"),
        position=fields.pop("position", "side_lying"),
        **fields,
    )


EXERCISES: tuple[Exercise, ...] = (
    _ex("t_clamshell", harder="t_banded_clamshell"),
    _ex(
        "t_banded_clamshell",
        load_kind="band",
        equipment=frozenset({"band"}),
        easier="t_clamshell",
    ),
    _ex("t_abduction", harder="t_ankle_abduction"),
    _ex(
        "t_ankle_abduction",
        load_kind="weight",
        equipment=frozenset({"ankle_weights"}),
        easier="t_abduction",
        harder="t_cable_abduction",
        level=2,
    ),
    _ex(
        "t_cable_abduction",
        load_kind="weight",
        equipment=frozenset({"cable"}),
        easier="t_ankle_abduction",
        level=3,
        position="standing",
    ),
    _ex(
        "t_walk_knees",
        load_kind="band",
        equipment=frozenset({"band"}),
        band_placement="knees",
        harder="t_walk_ankles",
        position="standing",
    ),
    _ex(
        "t_walk_ankles",
        load_kind="band",
        equipment=frozenset({"band"}),
        band_placement="ankles",
        easier="t_walk_knees",
        harder="t_walk_feet",
        position="standing",
    ),
    _ex(
        "t_walk_feet",
        load_kind="band",
        equipment=frozenset({"band"}),
        band_placement="feet",
        easier="t_walk_ankles",
        position="standing",
    ),
    _ex("t_plank", harder="t_side_plank", position="prone", pattern="anti_extension"),
    _ex("t_side_plank", easier="t_plank", level=2, pattern="anti_lateral_flexion"),
    _ex("t_lone"),
)
BY_ID = {e.id: e for e in EXERCISES}


class LadderPlugin:
    """Registers the test ladder."""

    @hookimpl
    def hipdip_register_exercises(self, register: Any) -> None:
        for exercise in EXERCISES:
            register(exercise)


def make_pm(*plugins: object) -> Any:
    return make_plugin_manager(entry_points=False, plugins=(LadderPlugin(), *plugins))


PM = make_pm()


def rx(
    exercise: str = "t_ankle_abduction",
    load: Load | None = None,
    dose: Reps | Hold | None = None,
    *,
    sets: int = 3,
    rir: int | None = 2,
) -> Prescription:
    return Prescription(
        exercise=exercise,
        sets=sets,
        dose=Reps(12, 20) if dose is None else dose,
        load=Weight(2.0) if load is None else load,
        rir=rir,
        rest_seconds=60,
        tempo="2-1-2-0",
    )


#: The load :func:`done` logs unless told: :func:`step` logs it as the prescription's load.
AS_PRESCRIBED = Weight(2.0)


def done(*reps: int, rir: int | None = 2, load: Load | None = None) -> tuple[SetResult, ...]:
    return tuple(SetResult(reps=r, rir=rir, load=load or AS_PRESCRIBED) for r in reps)


def held(*seconds: int) -> tuple[SetResult, ...]:
    return tuple(SetResult(hold_seconds=s) for s in seconds)


def as_prescribed(results: Any, item: Prescription) -> Any:
    """``results`` with the default load of :func:`done` replaced by ``item``'s load."""
    if not isinstance(results, tuple | list):
        return results  # bad input, for next_prescription to refuse
    return tuple(
        attrs.evolve(r, load=item.load)
        if isinstance(r, SetResult) and r.load is AS_PRESCRIBED
        else r
        for r in results
    )


def step(prescription: Prescription, results: Sequence[SetResult], **kw: Any) -> Decision:
    if kw.get("previous") is not None:
        before = kw.get("previous_prescription") or prescription
        kw["previous"] = as_prescribed(kw["previous"], before)
    results = as_prescribed(results, prescription)
    return next_prescription(prescription, results, pm=kw.pop("pm", PM), **kw)


# --------------------------------------------------------------------------- #
# Worked examples: double progression


def test_top_of_range_adds_one_weight_increment() -> None:
    d = step(rx(), done(20, 20, 20))
    assert d.action is Action.INCREASE_LOAD
    assert d.rule == "double_progression"
    assert d.after == attrs.evolve(d.before, load=Weight(2.5))
    assert d.reason == (
        "3×20 at RIR 2 reached the top of 12–20: +0.5 kg ankle weight (2 → 2.5 kg, +25 %); "
        "start again at 12 reps"
    )


def test_a_tiny_increment_still_gives_positive_loads() -> None:
    # Found by hypothesis: a 1e-7 kg increment started at 0 kg (rounded to 1e-6)
    # and Weight(0) is invalid. Multiples of the increment stay positive.
    tiny = attrs.evolve(BY_ID["t_cable_abduction"], increment_kg=1e-7)
    start = starting_load(tiny, Experience.INTERMEDIATE)
    assert start == Weight(2e-7)
    up = heavier(start, tiny)
    assert isinstance(up, Weight)
    assert up.kg == pytest.approx(3e-7)


def test_heavy_cable_step_is_one_increment_within_ten_percent() -> None:
    item = rx("t_cable_abduction", Weight(30.0), Reps(10, 15))
    d = step(item, done(15, 16, 15, load=Weight(30.0)))
    assert d.action is Action.INCREASE_LOAD
    assert d.after.load == Weight(32.5)
    assert "+2.5 kg cable stack (30 → 32.5 kg, +8 %)" in d.reason


def test_a_set_at_the_top_with_reps_to_spare_raises_the_load() -> None:
    """ACSM 2009: raise "when 1–2 reps over target" — 20 at RIR 4 against RIR 2 is 2 over."""
    results = (
        SetResult(reps=20, rir=4, load=AS_PRESCRIBED),
        SetResult(reps=17, rir=2, load=AS_PRESCRIBED),
        SetResult(reps=15, rir=1, load=AS_PRESCRIBED),
    )
    d = step(rx(), results)
    assert d.action is Action.INCREASE_LOAD
    assert d.reason.startswith("sets of 20, 17, 15 at RIR 1–4 reached the top of 12–20")
    # One rep to spare is within the error of a logged RIR: add reps.
    one_over = (attrs.evolve(results[0], rir=3), *results[1:])
    assert step(rx(), one_over).action is Action.ADD_REPS


def test_four_sets_fading_two_reps_a_set_from_the_top_reach_it() -> None:
    """Was: 20, 19, 17, 15 at RIR 2 in 12–20 added a rep (every set had to be within 2 of
    the top), and three such sessions of a lifter still growing got a plateau cut. At a
    fixed rest each set ends a rep or two short of the one before (TOP_SET_DROP_REPS): the
    k-th best set within 2k of the top."""
    d = step(rx(sets=4), done(20, 19, 17, 15))
    assert d.action is Action.INCREASE_LOAD
    assert d.reason.startswith("sets of 20, 19, 17, 15 at RIR 2 reached the top of 12–20")
    # Counted by rank (more reps in a set never undo it): 20, 20, 16 is there too.
    assert step(rx(sets=3), done(20, 20, 16)).action is Action.INCREASE_LOAD
    # A third set 5 under the top, or one under the bottom, is not there yet.
    assert step(rx(sets=4), done(20, 19, 15, 15)).action is Action.ADD_REPS
    assert step(rx(sets=4, dose=Reps(14, 18)), done(18, 16, 14, 13)).action is Action.ADD_REPS
    assert "the other 3 fall off by at most 2 reps a set (none under 12)" in (
        step(rx(sets=4), done(15, 14, 13, 12)).reason
    )


@given(
    first=st.integers(0, 10),
    later=st.lists(st.integers(12, 20), min_size=2, max_size=2),
    rir=st.integers(0, 10),
)
def test_the_top_counts_as_reached_exactly_as_documented(
    first: int, later: list[int], rir: int
) -> None:
    """Reached: the k-th best set within k · TOP_SET_DROP_REPS of 20 (none under 12), or a
    set of 20 at RIR ≥ 2 + 2."""
    results = (
        SetResult(reps=20, rir=first, load=AS_PRESCRIBED),
        *(SetResult(reps=r, rir=rir, load=AS_PRESCRIBED) for r in later),
    )
    d = step(rx(), results)
    mean_rir = (first + 2 * rir) / 3
    spare = 2 + TOP_SET_SPARE_RIR
    best, worst = max(later), min(later)
    fades = best >= 20 - TOP_SET_DROP_REPS and worst >= 20 - 2 * TOP_SET_DROP_REPS
    reached = fades or first >= spare or (20 in later and rir >= spare)
    if mean_rir < 1:  # the RIR is below the target's tolerance: never a raise
        assert d.action is not Action.INCREASE_LOAD
    else:
        assert (d.action is Action.INCREASE_LOAD) == reached, d.reason


def test_within_range_adds_reps_and_keeps_everything() -> None:
    d = step(rx(), done(15, 14, 13))
    assert d.action is Action.ADD_REPS
    assert d.after == d.before
    assert d.reason == (
        "sets of 15, 14, 13 at RIR 2 stayed within 12–20: add a rep to each set next session, same "
        "load (2 kg ankle weight); the load goes up once a set reaches 20 and the other 2 fall "
        "off by at most 2 reps a set (none under 12) at RIR ≥ 1 on average (or one set reaches "
        "20 at RIR ≥ 4)"
    )
    two = step(rx(sets=2), done(15, 14))
    assert "once a set reaches 20 and the other reaches 18 or more" in two.reason


def test_band_top_moves_one_tier_up_at_the_same_placement() -> None:
    band = Band(BandTier.LIGHT, BandPlacement.KNEES)
    d = step(rx("t_walk_knees", band), done(20, 20, 20, load=band))
    assert d.action is Action.NEXT_BAND
    assert d.after.load == Band(BandTier.MEDIUM, BandPlacement.KNEES)
    assert d.reason == (
        "3×20 at RIR 2 reached the top of 12–20: next band, light → medium (at the knees); "
        "start again at 12 reps"
    )


def test_heaviest_band_advances_to_the_harder_variant_at_its_lightest_band() -> None:
    band = Band(BandTier.EXTRA_HEAVY, BandPlacement.KNEES)
    d = step(rx("t_walk_knees", band), done(20, 20, 20, load=band))
    assert d.action is Action.ADVANCE_EXERCISE
    assert d.after.exercise == "t_walk_ankles"
    assert d.after.load == Band(BandTier.EXTRA_LIGHT, BandPlacement.ANKLES)
    assert d.after.dose == Reps(12, 20)
    assert d.reason == (
        "3×20 at RIR 2 reached the top of 12–20 with the heaviest band (extra-heavy, at the "
        "knees): advance to Walk ankles (t_walk_ankles) with an extra-light band at the ankles; "
        "start again at 12 reps"
    )


def test_mastered_bodyweight_exercise_advances() -> None:
    d = step(rx("t_clamshell", Bodyweight()), done(20, 20, 20, load=Bodyweight()))
    assert d.action is Action.ADVANCE_EXERCISE
    assert d.after.exercise == "t_banded_clamshell"
    assert d.after.load == Band(BandTier.EXTRA_LIGHT, BandPlacement.THIGHS)
    assert "with an extra-light band above the knees" in d.reason


def test_bodyweight_to_weighted_variant_starts_at_one_increment() -> None:
    d = step(rx("t_abduction", Bodyweight()), done(20, 20, 20, load=Bodyweight()))
    assert d.after.exercise == "t_ankle_abduction"
    assert d.after.load == Weight(0.5)


def test_weight_exercise_prescribed_at_bodyweight_gets_its_first_load() -> None:
    d = step(rx(load=Bodyweight()), done(20, 20, 20, load=Bodyweight()))
    assert d.action is Action.INCREASE_LOAD
    assert d.after.load == Weight(0.5)
    assert "+0.5 kg ankle weight (bodyweight → 0.5 kg)" in d.reason


def test_no_heavier_load_and_no_harder_variant_repeats() -> None:
    d = step(rx("t_lone", Bodyweight()), done(20, 20, 20, load=Bodyweight()))
    assert d.action is Action.REPEAT
    assert d.after == d.before
    assert "Lone has no heavier load or harder variant" in d.reason


def test_top_reps_below_target_rir_repeat() -> None:
    d = step(rx(), done(20, 20, 20, rir=0))
    assert d.action is Action.REPEAT
    assert d.after == d.before
    assert d.reason == (
        "3×20 at RIR 0 reached 20 but RIR 0 is below the target RIR 2: repeat 3×12–20 at 2 kg "
        "ankle weight before the load goes up"
    )


def test_missing_rir_counts_as_on_target() -> None:
    assert step(rx(), done(20, 20, 20, rir=None)).action is Action.INCREASE_LOAD
    assert step(rx(rir=None), done(20, 20, 20, rir=0)).action is Action.INCREASE_LOAD


def test_missing_sets_do_not_earn_a_step() -> None:
    d = step(rx(), done(20, 20))
    assert d.action is Action.REPEAT
    assert "only 2 of 3 sets were logged" in d.reason


def test_extra_sets_are_ignored() -> None:
    assert step(rx(), done(20, 20, 20, 8)).action is Action.INCREASE_LOAD


def test_sets_at_a_lighter_load_do_not_count_toward_the_top() -> None:
    d = step(rx(), (*done(20, 20), *done(20, load=Weight(1.5))))
    assert d.action is Action.REPEAT
    assert "1 of them at a lighter load than prescribed (2 kg ankle weight)" in d.reason


def test_single_miss_repeats() -> None:
    d = step(rx(), done(12, 11, 10))
    assert d.action is Action.REPEAT
    assert d.after == d.before
    assert d.reason == (
        "sets of 12, 11, 10 at RIR 2 missed the bottom of 12–20: repeat 3×12–20 at 2 kg ankle "
        "weight; a second miss in a row lowers the load (stall)"
    )


# --------------------------------------------------------------------------- #
# Worked examples: stall


def test_stall_reduces_weight_about_ten_percent() -> None:
    d = step(rx(load=Weight(5.0)), done(11, 10, 9), previous=done(11, 11, 10))
    assert d.action is Action.REDUCE_LOAD
    assert d.rule == "stall"
    assert d.after.load == Weight(4.5)
    assert d.reason == (
        "stall: the bottom of 12–20 was missed in two consecutive sessions (sets of 11, 10, 9 "
        "at RIR 2, 10 on average; the session before 11, 11, 10 reps, 10.7 on average): "
        "−0.5 kg ankle weight (5 → 4.5 kg, −10 %), then rebuild"
    )


def test_a_session_misses_the_bottom_when_its_sets_average_below_it() -> None:
    # At a fixed rest the later sets end a rep or two short of the first: one set under
    # 12 of 12–20 (14, 12, 11: 12.3 on average) is no miss, so no stall after a miss.
    d = step(rx(), done(14, 12, 11), previous=done(11, 10, 9))
    assert (d.action, d.rule) == (Action.ADD_REPS, "double_progression")
    # Two sessions averaging under 12 are a stall.
    d = step(rx(), done(12, 11, 10), previous=done(12, 11, 10))
    assert (d.action, d.rule) == (Action.REDUCE_LOAD, "stall")


def test_a_second_miss_closing_in_on_the_bottom_is_not_a_stall() -> None:
    # 8.7 → 10.7 reps on average (+2, more than the STALL_CLOSING_IN rep): short of 12
    # again, but the load is not too heavy — the lifter is catching up with it.
    d = step(rx(), done(11, 11, 10), previous=done(9, 9, 8))
    assert (d.action, d.rule) == (Action.REPEAT, "double_progression")
    assert "a second miss in a row lowers the load" in d.reason
    # +1 rep on average is within what a logged set can be off: a stall.
    d = step(rx(), done(10, 10, 9), previous=done(9, 9, 8))
    assert d.rule == "stall"
    # Holds: 45, 43 s then 47, 46 s against a 48 s target (+2.5 s): not a stall either.
    item = rx("t_side_plank", Bodyweight(), Hold(48, 60), rir=None)
    d = step(item, held(47, 46), previous=held(45, 43))
    assert (d.action, d.rule) == (Action.REPEAT, "hold_progression")


def test_stall_at_small_weight_drops_one_increment() -> None:
    d = step(rx(), done(11, 10, 9), previous=done(10, 10, 10))
    assert d.after.load == Weight(1.5)


def test_stall_moves_band_one_tier_down() -> None:
    band = Band(BandTier.MEDIUM, BandPlacement.THIGHS)
    d = step(rx("t_banded_clamshell", band), done(9, 9, 9), previous=done(10, 9, 9))
    assert d.action is Action.REDUCE_LOAD
    assert d.after.load == Band(BandTier.LIGHT, BandPlacement.THIGHS)
    assert d.reason.endswith("one band lighter, medium → light (above the knees), then rebuild")


def test_stall_at_lightest_load_goes_to_the_easier_variant() -> None:
    d = step(rx(load=Weight(0.5)), done(9, 9, 9), previous=done(9, 9, 9))
    assert d.action is Action.REDUCE_LOAD
    assert d.after.exercise == "t_abduction"
    assert d.after.load == Bodyweight()
    assert d.reason.endswith(
        "no lighter load than 0.5 kg ankle weight; switch to the easier Abduction (t_abduction) "
        "at bodyweight"
    )


def test_stall_with_nowhere_lighter_repeats_with_the_reason() -> None:
    d = step(rx("t_clamshell", Bodyweight()), done(9, 9, 9), previous=done(9, 9, 9))
    assert d.action is Action.REPEAT
    assert d.rule == "stall"
    assert d.reason.startswith("stall: the bottom of 12–20 was missed in two consecutive")
    assert "no lighter load and no easier variant of Clamshell" in d.reason


def test_no_stall_when_the_previous_session_reached_the_bottom() -> None:
    d = step(rx(), done(11, 10, 9), previous=done(12, 12, 12))
    assert d.action is Action.REPEAT
    assert d.rule == "double_progression"


def test_after_a_stall_the_lighter_load_gets_two_sessions_of_its_own() -> None:
    heavy, light = rx(load=Weight(2.5)), rx(load=Weight(2.0))
    misses = done(11, 10, 9)
    d = step(light, misses, previous=done(11, 10, 9, load=Weight(2.5)), previous_prescription=heavy)
    assert (d.action, d.rule) == (Action.REPEAT, "double_progression")
    d = step(light, misses, previous=misses, previous_prescription=light)
    assert (d.action, d.rule) == (Action.REDUCE_LOAD, "stall")


def test_previous_session_is_judged_against_its_own_range() -> None:
    # Daily undulating: 19 reps was over the previous day's 12–15, so today's
    # miss of 20–25 is the first miss, not a stall.
    today = rx(dose=Reps(20, 25))
    d = step(
        today,
        done(19, 18, 17),
        previous=done(19, 19, 18),
        previous_prescription=rx(dose=Reps(12, 15)),
    )
    assert d.action is Action.REPEAT
    assert d.rule == "double_progression"
    # Against today's range it would have been one.
    assert step(today, done(19, 18, 17), previous=done(19, 19, 18)).rule == "stall"


# --------------------------------------------------------------------------- #
# Worked examples: holds


PLANK = rx("t_plank", Bodyweight(), Hold(20, 60), rir=None)


def test_hold_adds_five_seconds_when_every_set_reached_the_target() -> None:
    d = step(PLANK, held(22, 25, 20))
    assert d.action is Action.ADD_REPS
    assert d.after == attrs.evolve(PLANK, dose=Hold(25, 60))
    assert d.reason == (
        "holds of 22, 25, 20 s against the current 20 s target (range up to 60 s): the next "
        "target follows what was done, hold 25 s next session (min(20, 60) + 5 s)"
    )


def test_hold_target_follows_what_was_done() -> None:
    # Issue 13: a 40 s side plank held against a 20 s target gave "hold 25 s".
    d = step(PLANK, held(40, 42, 40))
    assert d.after.dose == Hold(45, 60)
    assert "hold 45 s next session (min(40, 60) + 5 s)" in d.reason


def test_hold_step_is_clamped_to_the_top() -> None:
    d = step(attrs.evolve(PLANK, dose=Hold(58, 60)), held(58, 59, 58))
    assert d.after.dose == Hold(60, 60)
    assert "hold 60 s next session" in d.reason


def test_hold_top_advances_and_restarts_at_twenty_seconds() -> None:
    d = step(attrs.evolve(PLANK, dose=Hold(60, 60)), held(60, 61, 60))
    assert d.action is Action.ADVANCE_EXERCISE
    assert d.after.exercise == "t_side_plank"
    assert d.after.dose == Hold(HOLD_RESTART_SECONDS, 60)
    assert d.reason == (
        "holds of 60, 61, 60 s reached the top of 60 s at bodyweight: advance to Side plank "
        "(t_side_plank) at bodyweight; start again at 20 s"
    )


def test_hold_top_without_harder_variant_repeats() -> None:
    item = rx("t_side_plank", Bodyweight(), Hold(60, 60), rir=None)
    d = step(item, held(60, 60, 60))
    assert d.action is Action.REPEAT
    assert d.after == item


def test_one_hold_short_of_the_target_is_a_miss_whatever_the_average() -> None:
    # Regression (the contract's monotone property): 1 s and 60 s average 30.5 s, over the
    # 20 s target; read as no miss, the next target followed the shortest hold, 6 s —
    # shorter than after 1 s and 1 s (a miss: repeat at 20 s).
    better, worse = step(PLANK, held(1, 60)), step(PLANK, held(1, 1))
    assert better.action is Action.REPEAT and better.after.dose == Hold(20, 60)
    assert worse.after.dose == Hold(20, 60)


def test_hold_miss_repeats_then_stall_shortens_the_hold() -> None:
    item = attrs.evolve(PLANK, dose=Hold(35, 60))
    first = step(item, held(35, 30, 28))
    assert first.action is Action.REPEAT
    second = step(item, held(33, 30, 28), previous=held(35, 30, 28))
    assert second.action is Action.REDUCE_LOAD
    assert second.after.dose == Hold(35 - HOLD_STEP_SECONDS, 60)
    assert second.reason == (
        "stall: the 35 s hold target was missed in two consecutive sessions (holds of 33, 30, "
        "28 s, 30.3 on average; the session before 35, 30, 28 s, 31 on average): hold 30 s "
        "next session (−5 s)"
    )


def test_hold_stall_at_the_floor_goes_to_the_easier_variant() -> None:
    item = rx("t_side_plank", Bodyweight(), Hold(20, 60), rir=None)
    d = step(item, held(15, 12, 10), previous=held(18, 15, 10))
    assert d.after.exercise == "t_plank"
    assert d.after.dose == Hold(20, 60)


# --------------------------------------------------------------------------- #
# Bad input


def test_bad_inputs_raise_hipdip_errors_naming_the_field() -> None:
    with pytest.raises(ValidationError, match=r"^prescription: must be a Prescription"):
        next_prescription("clamshell", done(12), pm=PM)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^results: must hold at least one SetResult"):
        step(rx(), ())
    with pytest.raises(ValidationError, match=r"^results\[1\]: must be a SetResult"):
        step(rx(), (done(12)[0], 12))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^results: must be a sequence"):
        step(rx(), 12)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^results\[0\]\.hold_seconds: 't_plank' is"):
        step(PLANK, done(12))
    with pytest.raises(ValidationError, match=r"^previous\[0\]\.reps: "):
        step(rx(), done(12), previous=held(30))
    with pytest.raises(UnknownIdError, match="t_clamshel"):
        step(rx("t_clamshel"), done(12))


# --------------------------------------------------------------------------- #
# Plugin rules


class _Rule:
    def __init__(
        self, id_: str, priority: int, answer: Any = None, *, applies: bool = True
    ) -> None:
        self.id = id_
        self.priority = priority
        self.answer = answer
        self._applies = applies
        self.calls = 0

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        return self._applies

    def decide(
        self, exercise: Exercise, prescription: Prescription, results: tuple[SetResult, ...]
    ) -> Decision | None:
        self.calls += 1
        answer = self.answer(prescription) if callable(self.answer) else self.answer
        assert answer is None or isinstance(answer, Decision | str)
        return answer  # type: ignore[return-value]


def _rules_plugin(*rules: object, name: str = "RulesPlugin") -> object:
    class Plugin:
        @hookimpl
        def hipdip_register_progression_rules(self, register: Any) -> None:
            for rule in rules:
                register(rule)

    Plugin.__name__ = name
    return Plugin()


def _repeat(rule: str) -> Any:
    return lambda p: Decision(Action.REPEAT, p, p, rule, f"{rule} says repeat")


def test_higher_priority_plugin_rule_wins_and_none_passes_through() -> None:
    passing = _Rule("t_pass", 50)
    winner = _Rule("t_win", 10, _repeat("t_win"))
    low = _Rule("t_low", -5, _repeat("t_low"))
    pm = make_pm(_rules_plugin(passing, winner, low))
    d = step(rx(), done(20, 20, 20), pm=pm)
    assert d.rule == "t_win"
    assert passing.calls == 1
    assert low.calls == 0


def test_below_builtins_a_plugin_rule_is_not_asked_while_a_builtin_decides() -> None:
    low = _Rule("t_low", -5, _repeat("t_low"))
    pm = make_pm(_rules_plugin(low))
    assert step(rx(), done(20, 20, 20), pm=pm).rule == "double_progression"
    assert low.calls == 0


def test_rules_that_do_not_apply_are_not_asked() -> None:
    skipped = _Rule("t_skip", 99, _repeat("t_skip"), applies=False)
    pm = make_pm(_rules_plugin(skipped))
    assert step(rx(), done(20, 20, 20), pm=pm).rule == "double_progression"
    assert skipped.calls == 0


@given(
    st.lists(st.tuples(st.integers(-3, 3), st.booleans()), min_size=1, max_size=5).map(
        lambda rules: [(f"t_r{i}", p, d) for i, (p, d) in enumerate(rules)]
    )
)
def test_precedence_is_descending_priority_then_id(rules: list[tuple[str, int, bool]]) -> None:
    objs = [
        _Rule(id_, prio + 10, _repeat(id_) if decides else None) for id_, prio, decides in rules
    ]
    pm = make_pm(_rules_plugin(*objs))
    d = step(rx(), done(15, 15, 15), pm=pm)
    deciding = sorted((-p, i) for i, p, decides in rules if decides)
    assert d.rule == (deciding[0][1] if deciding else "double_progression")


def test_no_rule_at_all_repeats_with_the_fallback() -> None:
    pm = make_pm()
    pm.unregister(name="hipdip.builtin.progression")
    d = step(rx(), done(20, 20, 20), pm=pm)
    assert d.action is Action.REPEAT
    assert d.rule == "none"
    assert d.after == d.before


def test_plugin_rule_doubling_the_load_is_skipped_with_a_warning_naming_it() -> None:
    double = _Rule(
        "t_double",
        10,
        lambda p: Decision(
            Action.INCREASE_LOAD, p, attrs.evolve(p, load=Weight(p.load.kg * 2)), "t_double", "x"
        ),
    )
    pm = make_pm(_rules_plugin(double, name="DoublerPlugin"))
    with pytest.warns(HipdipPluginWarning) as caught:
        decision = step(rx(), done(20, 20, 20), pm=pm)
    (warning,) = [w.message for w in caught]
    assert isinstance(warning, HipdipPluginWarning)
    assert (warning.plugin, warning.rule) == ("DoublerPlugin", "t_double")
    assert "load rises 2 → 4 kg (+2 kg), more than one step allows" in str(warning)
    # The next rule decided, exactly as without the broken one.
    without = step(rx(), done(20, 20, 20), pm=make_pm())
    assert attrs.evolve(decision, findings=()) == without
    (finding,) = decision.findings
    assert finding.rule == "t_double"
    assert finding.severity is Severity.WARNING
    assert "DoublerPlugin" in finding.message and "skipped" in finding.message


def test_plugin_rule_doubling_the_load_in_strict_mode_raises_plugin_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    double = _Rule(
        "t_double",
        10,
        lambda p: Decision(
            Action.INCREASE_LOAD, p, attrs.evolve(p, load=Weight(p.load.kg * 2)), "t_double", "x"
        ),
    )
    pm = make_pm(_rules_plugin(double, name="DoublerPlugin"))
    with pytest.raises(PluginError) as caught:
        step(rx(), done(20, 20, 20), pm=pm)
    message = str(caught.value)
    assert "'t_double'" in message
    assert "DoublerPlugin" in message
    assert "load rises 2 → 4 kg (+2 kg), more than one step allows" in message
    assert caught.value.plugin == "DoublerPlugin"


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (lambda p: "repeat", "returned str, not a hipdip.Decision or None"),
        (
            lambda p: Decision(Action.REPEAT, attrs.evolve(p, sets=1), p, "t_bad", "x"),
            "its before is not the prescription the rule was given",
        ),
        (
            lambda p: Decision(
                Action.NEXT_BAND,
                p,
                attrs.evolve(p, load=Band("heavy", "knees")),
                "t_bad",
                "x",
            ),
            "is a weight exercise but the new load is Band",
        ),
        (
            lambda p: Decision(
                Action.ADVANCE_EXERCISE, p, attrs.evolve(p, exercise="t_nowhere"), "t_bad", "x"
            ),
            "after.exercise 't_nowhere' is not in the catalogue",
        ),
        (
            lambda p: Decision(
                Action.ADVANCE_EXERCISE, p, attrs.evolve(p, exercise="t_walk_knees"), "t_bad", "x"
            ),
            "'t_walk_knees' is a band exercise but the new load is Weight",
        ),
        # A reviewer's plugin rules the engine took (2026-11-29): a "repeat" that moved the
        # band up a tier each session, a rule answering as the built-in "stall", and a
        # rep range turned into a hold, after which progress() refused the next log.
        (
            lambda p: Decision(
                Action.REPEAT, p, attrs.evolve(p, load=Weight(p.load.kg + 0.5)), "t_bad", "x"
            ),
            "repeat but the load changes (2 kg ankle weight → 2.5 kg ankle weight)",
        ),
        (
            lambda p: Decision(
                Action.ADD_REPS, p, attrs.evolve(p, load=Weight(p.load.kg - 0.5)), "t_bad", "x"
            ),
            "add_reps but the load changes",
        ),
        (
            lambda p: Decision(
                Action.DELOAD, p, attrs.evolve(p, load=Weight(p.load.kg + 0.5)), "t_bad", "x"
            ),
            "deload but the load goes up",
        ),
        (
            lambda p: Decision(Action.ADVANCE_EXERCISE, p, attrs.evolve(p, sets=2), "t_bad", "x"),
            "advance_exercise but the exercise stays 't_ankle_abduction'",
        ),
        (
            lambda p: Decision(Action.REPEAT, p, attrs.evolve(p, sets=2), "stall", "x"),
            "Decision.rule is 'stall', not the rule's id 't_bad' (give rule=self.id)",
        ),
        (
            lambda p: Decision(
                Action.REPEAT, p, attrs.evolve(p, dose=Hold(20, 30), tempo="0-0-0-0"), "t_bad", "x"
            ),
            "the dose changes from a rep range to a hold within 't_ankle_abduction'",
        ),
        # A plugin author's review (2026-11-29): the checks were skipped when the rule
        # returned the prescription (or its load object) itself, and the dose was free.
        (
            lambda p: Decision(Action.INCREASE_LOAD, p, p, "t_bad", "x"),
            "increase_load but the load does not change (2 kg ankle weight)",
        ),
        (
            lambda p: Decision(Action.ADVANCE_EXERCISE, p, p, "t_bad", "x"),
            "advance_exercise but the exercise stays 't_ankle_abduction'",
        ),
        (
            lambda p: Decision(Action.NEXT_BAND, p, attrs.evolve(p, tempo="3-0-1-1"), "t_bad", "x"),
            "next_band but the load does not change",
        ),
        (
            lambda p: Decision(Action.REPEAT, p, attrs.evolve(p, dose=Reps(45, 50)), "t_bad", "x"),
            "repeat but the dose changes (12–20 reps → 45–50 reps)",
        ),
        (
            lambda p: Decision(
                Action.REDUCE_LOAD,
                p,
                attrs.evolve(p, load=Weight(p.load.kg - 0.5), dose=Reps(20, 30)),
                "t_bad",
                "x",
            ),
            "reduce_load but the dose rises (12–20 reps → 20–30 reps)",
        ),
    ],
)
def test_bad_plugin_decisions_are_skipped_or_in_strict_mode_raise(
    answer: Any, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pm = make_pm(_rules_plugin(_Rule("t_bad", 10, answer), name="BadPlugin"))
    with pytest.warns(HipdipPluginWarning, match="BadPlugin") as caught:
        decision = step(rx(), done(20, 20, 20), pm=pm)
    assert problem in str(caught[0].message)
    assert decision.rule != "t_bad" and problem in decision.findings[0].message
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match="BadPlugin") as raised:
        step(rx(), done(20, 20, 20), pm=pm)
    assert problem in str(raised.value)


def test_a_plugin_load_of_another_kind_on_the_same_exercise_is_skipped() -> None:
    """An attacker's review: a weight (or a band) put on a bodyweight exercise passed, was
    carried into every later session, and the program rule load_limits then refused them."""
    for load in (Weight(0.5), Band("extra_light", "knees")):
        action = Action.INCREASE_LOAD if isinstance(load, Weight) else Action.NEXT_BAND
        rule = _Rule(
            "t_kind",
            10,
            lambda p, load=load, action=action: Decision(
                action, p, attrs.evolve(p, load=load), "t_kind", "x"
            ),
        )
        pm = make_pm(_rules_plugin(rule, name="KindPlugin"))
        item = rx("t_clamshell", Bodyweight())
        with pytest.warns(HipdipPluginWarning, match="KindPlugin") as caught:
            decision = step(item, done(15, 15, 15, load=Bodyweight()), pm=pm)
        wanted = f"'t_clamshell' is a bodyweight exercise but the new load is {type(load).__name__}"
        assert wanted in str(caught[0].message)
        assert decision.rule != "t_kind" and decision.after.load == Bodyweight()


def _raised_past_the_cap(start_kg: float, over_kg: float) -> tuple[str, Decision]:
    """A plugin rule raising ankle weights at ``start_kg`` to ``over_kg`` (past the 5 kg
    cap): its warning (naming the plugin) and the decision taken instead."""
    over = _Rule(
        "t_over",
        10,
        lambda p: Decision(
            Action.INCREASE_LOAD, p, attrs.evolve(p, load=Weight(over_kg)), "t_over", "x"
        ),
    )
    pm = make_pm(_rules_plugin(over, name="OverPlugin"))
    start = Weight(start_kg)
    with pytest.warns(HipdipPluginWarning, match="OverPlugin") as caught:
        decision = step(rx(load=start), done(20, 20, 20, load=start), pm=pm)
    return str(caught[0].message), decision


def test_the_engine_and_load_limits_share_one_cap() -> None:
    """An attacker's review: 5.000001 kg ankle weights passed the engine's looser cap test,
    and load_limits then refused the program the engine had made."""
    warning, decision = _raised_past_the_cap(4.5, 5.000001)
    # The words show the few micrograms the rounded load hides.
    assert "5 kg ankle weight (5.000001 kg), more than the 5 kg ankle weights allow" in warning
    assert decision.rule == "double_progression"


def test_decision_problems_refuses_another_exercise_than_the_prescriptions() -> None:
    """A cable's 2.5 kg increment judged an ankle weight's step: 1 → 3.5 kg passed."""
    cat = hipdip.catalog(PM)
    item = rx(load=Weight(1.0))
    jump = Decision(Action.INCREASE_LOAD, item, attrs.evolve(item, load=Weight(3.5)), "x", "x")
    assert decision_problems(jump, item, cat.exercise("t_ankle_abduction"), cat)
    with pytest.raises(ValidationError, match=r"^exercise: 't_clamshell' is not the prescr"):
        decision_problems(jump, item, cat.exercise("t_clamshell"), cat)
    # Nor another exercise under the prescription's id (a cable's 50 kg increment and no
    # cap approved 1 → 40 kg: an attacker's re-review).
    impostor = attrs.evolve(
        cat.exercise("t_ankle_abduction"), equipment=frozenset({"cable"}), increment_kg=50.0
    )
    with pytest.raises(ValidationError, match=r"^exercise: 't_ankle_abduction' is not the cat"):
        decision_problems(jump, item, impostor, cat)


@pytest.mark.parametrize("reserved", ["deload", "none"])
def test_the_engines_own_rule_ids_are_reserved(reserved: str) -> None:
    """A plugin rule called "deload" or "none" passed for the engine's deload answer or
    for "no rule decided" (an attacker's review)."""
    pm = make_pm(_rules_plugin(_Rule(reserved, 10, _repeat(reserved)), name="ImpostorPlugin"))
    with pytest.warns(HipdipPluginWarning, match=f"id {reserved!r} is reserved"):
        rules = hipdip.catalog(pm).progression_rules
    assert reserved not in rules
    decision = step(rx(), done(15, 15, 15), pm=pm)
    assert decision.rule == "double_progression"


def test_a_plugin_raise_past_the_ankle_weight_cap_is_skipped() -> None:
    # One step (+0.5 kg) from 5 kg, but ankle weights stop at 5 kg (SCIENCE.md §Training):
    # the engine refused the next log with the load in it; now the rule is skipped.
    warning, decision = _raised_past_the_cap(5.0, 5.5)
    problem = "load rises to 5.5 kg ankle weight, more than the 5 kg ankle weights allow"
    assert problem in warning
    assert decision.rule == "double_progression"
    assert decision.after.exercise != decision.before.exercise  # the next rung instead
    assert problem in decision.findings[0].message


@given(
    exercise=strategies.exercises(load_kind="weight"),
    experience=st.sampled_from(list(Experience)),
    units=st.sampled_from(list(Units)),
)
def test_a_weight_never_starts_over_its_cap(
    exercise: Exercise, experience: Experience, units: Units
) -> None:
    # Regression (found by the contract on a drawn exercise): a 5.1 kg step on ankle
    # weights started at 5.1 kg, over the 5 kg cap, and double progression raised to it.
    start = starting_load(exercise, experience, units=units)
    assert isinstance(start, Weight)
    assert 0 < start.kg <= load_cap_kg(exercise)
    assert starting_load(exercise, units=units).kg <= start.kg  # beginner is the lightest


@given(
    exercise=strategies.exercises(load_kind="weight"),
    experience=st.sampled_from(list(Experience)),
)
def test_the_unit_does_not_change_the_starting_dose(
    exercise: Exercise, experience: Experience
) -> None:
    """A coach's review: 2 and 4 increments of 5 lb started an intermediate's and an
    advanced woman's dumbbells 2.3 times heavier in pounds than in kilograms (10 and 20 lb
    against 2 and 4 kg), kettlebells 0.57 times (10 lb against 8 kg). In pounds the start
    is the metric one to the nearest pound step (never over the cap); the lightest start
    stays one step of the unit."""
    metric = starting_load(exercise, experience, units=Units.METRIC)
    pounds = starting_load(exercise, experience, units=Units.IMPERIAL)
    assert isinstance(metric, Weight) and isinstance(pounds, Weight)
    step, cap = increment_kg(exercise, Units.IMPERIAL), load_cap_kg(exercise)
    assert 0 < pounds.kg <= cap + 1e-9
    if experience is Experience.BEGINNER:
        assert pounds.kg == pytest.approx(min(step, cap), abs=1e-6)
        return
    near = abs(pounds.kg - metric.kg) <= step / 2 + 1e-6
    lightest = metric.kg < step and pounds.kg == pytest.approx(min(step, cap), abs=1e-6)
    capped = pounds.kg + step > cap  # as many pound steps as fit under the cap
    assert near or lightest or capped, (metric, pounds, step)


def test_an_intermediates_dumbbells_start_alike_in_either_unit() -> None:
    dumbbell = hipdip.catalog(PM).exercise("dumbbell_side_lying_hip_abduction")
    kettlebell = hipdip.catalog(PM).exercise("kettlebell_single_leg_deadlift")
    lb = 0.45359237
    for exercise, pounds in ((dumbbell, 5), (kettlebell, 20)):
        start = starting_load(exercise, Experience.INTERMEDIATE, units=Units.IMPERIAL)
        assert isinstance(start, Weight) and start.kg == pytest.approx(pounds * lb, abs=1e-5)
    advanced = starting_load(dumbbell, Experience.ADVANCED, units=Units.IMPERIAL)
    assert isinstance(advanced, Weight) and advanced.kg == pytest.approx(10 * lb, abs=1e-5)


def test_band_jump_of_two_tiers_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    band = Band(BandTier.LIGHT, BandPlacement.KNEES)
    jump = _Rule(
        "t_jump",
        10,
        lambda p: Decision(
            Action.NEXT_BAND, p, attrs.evolve(p, load=Band("heavy", "knees")), "t_jump", "x"
        ),
    )
    pm = make_pm(_rules_plugin(jump))
    with pytest.raises(PluginError, match=r"band moves light → heavy \(2 tiers up\)"):
        step(rx("t_walk_knees", band), done(20, 20, 20, load=band), pm=pm)


def test_exception_inside_a_plugin_rule_is_skipped_with_a_warning_naming_the_plugin() -> None:
    def boom(p: Prescription) -> Decision:
        raise ZeroDivisionError("oops")

    pm = make_pm(_rules_plugin(_Rule("t_boom", 10, boom), name="BoomPlugin"))
    with pytest.warns(HipdipPluginWarning) as caught:
        decision = step(rx(), done(20, 20, 20), pm=pm)
    message = str(caught[0].message)
    assert "BoomPlugin" in message
    assert "progression rule 't_boom': decide() raised ZeroDivisionError: oops" in message
    assert decision.rule == "double_progression"
    assert "ZeroDivisionError: oops" in decision.findings[0].message


def test_exception_inside_a_plugin_rule_in_strict_mode_raises_naming_the_plugin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")

    def boom(p: Prescription) -> Decision:
        raise ZeroDivisionError("oops")

    pm = make_pm(_rules_plugin(_Rule("t_boom", 10, boom), name="BoomPlugin"))
    with pytest.raises(PluginError) as caught:
        step(rx(), done(20, 20, 20), pm=pm)
    assert caught.value.plugin == "BoomPlugin"
    cause = caught.value.__cause__
    assert isinstance(cause, ZeroDivisionError)
    assert any(
        "progression rule 't_boom'.decide()" in n and "BoomPlugin" in n for n in cause.__notes__
    )


def test_exception_in_applies_is_named_too() -> None:
    class Broken(_Rule):
        def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
            raise RuntimeError("nope")

    pm = make_pm(_rules_plugin(Broken("t_broken", 10), name="BrokenPlugin"))
    with pytest.warns(HipdipPluginWarning, match=r"'t_broken': applies\(\) raised RuntimeError"):
        decision = step(rx(), done(20), pm=pm)
    assert decision.findings[0].rule == "t_broken"


def test_rules_receive_only_the_optional_arguments_they_name() -> None:
    seen: dict[str, Any] = {}

    class Keen:
        id = "t_keen"
        priority = 10

        def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
            return True

        def decide(
            self, exercise: Exercise, prescription: Prescription, results: Any, **kw: Any
        ) -> None:
            seen.update(kw)

    class Picky(Keen):
        id = "t_picky"

        def decide(  # type: ignore[override]
            self,
            exercise: Exercise,
            prescription: Prescription,
            results: Any,
            *,
            previous: Any = None,
        ) -> None:
            seen["picky"] = previous

    pm = make_pm(_rules_plugin(Keen(), Picky()))
    step(rx(), done(15), pm=pm, previous=done(14))
    assert set(seen) == {
        "previous",
        "previous_prescription",
        "catalog",
        "history",
        "profile",
        "gap_days",
        "week",
        "moved_from",
        "picky",
    }
    assert seen["picky"] == done(14)
    assert seen["week"] is None  # one step, no program: no week
    assert seen["catalog"] is hipdip.catalog(pm)


# --------------------------------------------------------------------------- #
# Properties of one step

BANDS = st.builds(Band, st.sampled_from(list(BandTier)), st.sampled_from(list(BandPlacement)))
WEIGHTS = st.one_of(
    st.integers(1, 200).map(lambda n: Weight(n * 0.5)),
    st.floats(0.1, 300, allow_nan=False).map(lambda kg: Weight(round(kg, 3))),
)


@st.composite
def prescriptions(draw: st.DrawFn) -> Prescription:
    exercise = draw(st.sampled_from(EXERCISES))
    if exercise.load_kind.value == "band":
        load: Load = draw(st.one_of(BANDS, st.just(Bodyweight())))
    elif exercise.load_kind.value == "weight":
        cap = load_cap_kg(exercise)  # heavier is refused (hipdip.loads.load_problem)
        load = draw(st.one_of(WEIGHTS.map(lambda w: Weight(min(w.kg, cap))), st.just(Bodyweight())))
    else:
        load = Bodyweight()
    if draw(st.booleans()):
        low = draw(st.integers(1, MAX_REPS))
        dose: Reps | Hold = Reps(low, draw(st.integers(low, MAX_REPS)))
    else:
        low = draw(st.integers(1, 120))
        dose = Hold(low, draw(st.integers(low, 150)))
    return Prescription(
        exercise=exercise.id,
        sets=draw(st.integers(1, 6)),
        dose=dose,
        load=load,
        rir=draw(st.none() | st.integers(0, MAX_RIR)),
    )


def _performances(item: Prescription) -> st.SearchStrategy[list[tuple[int, int | None]]]:
    top = item.dose.high if isinstance(item.dose, Reps) else item.dose.high_seconds
    return st.lists(
        st.tuples(st.integers(0, min(top + 5, 100)), st.none() | st.integers(0, 10)),
        min_size=1,
        max_size=item.sets + 2,
    )


def _results(item: Prescription, perf: Sequence[tuple[int, int | None]]) -> tuple[SetResult, ...]:
    if isinstance(item.dose, Hold):
        return tuple(SetResult(hold_seconds=a, rir=r, load=item.load) for a, r in perf)
    return tuple(SetResult(reps=a, rir=r, load=item.load) for a, r in perf)


@st.composite
def sessions(
    draw: st.DrawFn,
) -> tuple[Prescription, tuple[SetResult, ...], tuple[SetResult, ...] | None]:
    item = draw(prescriptions())
    results = _results(item, draw(_performances(item)))
    previous = draw(st.none() | _performances(item).map(lambda p: _results(item, p)))
    return item, results, previous


def _assert_within_invariants(d: Decision, results: tuple[SetResult, ...] = ()) -> None:
    before, after = d.before, d.after
    exercise = BY_ID[before.exercise]
    assert after.sets == before.sets
    assert after.rir == before.rir
    assert after.rest_seconds == before.rest_seconds
    if after.tempo != before.tempo:
        # No load left: a slower lowering phase (3–4 s) or a longer hold at the top.
        assert after.exercise != before.exercise or (
            d.rule == "double_progression" and "no heavier load" in d.reason
        )
    if after.rir is not None:
        assert 0 <= after.rir <= MAX_RIR
    if isinstance(before.dose, Reps) and after.exercise == before.exercise:
        assert isinstance(after.dose, Reps)
        assert after.dose.low == before.dose.low
        if after.dose != before.dose:  # no load left: the top rises toward 30 reps
            assert before.dose.high < after.dose.high <= 30
            assert "no heavier load" in d.reason
        assert 1 <= after.dose.low <= after.dose.high <= MAX_REPS
    elif isinstance(before.dose, Hold) and after.exercise == before.exercise:
        assert isinstance(after.dose, Hold)
        assert after.dose.high_seconds == before.dose.high_seconds
        low, high = after.dose.low_seconds, after.dose.high_seconds
        counted = [r.hold_seconds or 0 for r in results[: before.sets]]
        if d.action is Action.ADD_REPS and counted and low != high:
            # The next target follows what was done: min(achieved, top) + 5 s.
            assert low == min(min(min(counted), high) + HOLD_STEP_SECONDS, high)
        assert (
            d.action is Action.ADD_REPS
            or abs(low - before.dose.low_seconds) <= HOLD_STEP_SECONDS
            # restart on a heavier load or harder variant
            or low == min(HOLD_RESTART_SECONDS, high)
        )
    if after.exercise == before.exercise:
        a, b = after.load, before.load
        if isinstance(a, Weight):
            assert a.kg > 0
            old = b.kg if isinstance(b, Weight) else 0.0
            assert a.kg - old <= max(MAX_STEP_FRACTION * old, increment_kg(exercise)) + 1e-9
        if isinstance(a, Band):
            old_rank = b.tier.rank if isinstance(b, Band) else -1
            assert abs(a.tier.rank - old_rank) <= 1 or a.tier.rank < old_rank
            if isinstance(b, Band):
                assert abs(a.tier.rank - b.tier.rank) <= 1
                assert a.placement == b.placement
    else:
        lad = ladders(hipdip.catalog(PM))
        reachable = {
            e.id for e in (*lad.climb(before.exercise, None), *lad.descend(before.exercise, None))
        }
        assert after.exercise in reachable
        start = starting_load(BY_ID[after.exercise])
        # A step down to an easier exercise whose lightest load is heavier than the load in
        # use goes to it without one.
        lighter_still = d.action is Action.REDUCE_LOAD and is_heavier(start, before.load)
        assert after.load == (Bodyweight() if lighter_still else start)


@given(sessions())
def test_every_step_keeps_the_invariants(case: Any) -> None:
    item, results, previous = case
    d = step(item, results, previous=previous)
    assert d.before == item
    assert d.reason.strip()
    _assert_within_invariants(d, results)
    cat = hipdip.catalog(PM)
    assert decision_problems(d, item, cat.exercise(item.exercise), cat) == ()


def test_decision_problems_name_the_invariant_each_breaks() -> None:
    cat = hipdip.catalog(PM)
    weight = Prescription("t_ankle_abduction", 3, Reps(12, 20), Weight(2.0), rir=2)
    band = Prescription("t_walk_knees", 3, Reps(12, 20), Band("light", "knees"), rir=2)
    bad = {
        Invariant.STEP: (weight, {"load": Weight(4.0)}),
        Invariant.BAND_TIER: (band, {"load": Band("heavy", "knees")}),
        Invariant.DECISION: (weight, {"exercise": "t_walk_feet"}),  # a weight on a band exercise
        # One step (+0.5 kg), but past the 5 kg that ankle weights go to (SCIENCE.md §Training).
        Invariant.LOAD_CAP: (attrs.evolve(weight, load=Weight(4.8)), {"load": Weight(5.3)}),
    }
    for invariant, (item, changes) in bad.items():
        after = attrs.evolve(item, **changes)
        d = Decision("increase_load", item, after, "t", "t")
        problems = decision_problems(d, item, cat.exercise(item.exercise), cat)
        assert {p.invariant for p in problems} == {invariant}, problems
        assert all(p.message for p in problems)
    # A load already over the cap (a document from elsewhere) may come down, not go up.
    over = attrs.evolve(weight, load=Weight(6.0))
    down = Decision("reduce_load", over, attrs.evolve(over, load=Weight(5.5)), "t", "t")
    assert decision_problems(down, over, cat.exercise(over.exercise), cat) == ()
    (problem,) = decision_problems("repeat", weight, cat.exercise(weight.exercise), cat)
    assert problem == (Invariant.DECISION, "returned str, not a hipdip.Decision or None")


def _assert_acceptable(cat: Any, fine: Sequence[tuple[str, Prescription, dict[str, Any]]]) -> None:
    """Each ``(action, prescription, changes)`` makes a decision ``decision_problems`` takes."""
    for action, item, changes in fine:
        d = Decision(action, item, attrs.evolve(item, **changes), "t", "t")
        assert decision_problems(d, item, cat.exercise(item.exercise), cat) == (), changes


def test_decision_problems_catch_a_step_that_says_one_thing_and_does_another() -> None:
    """A plugin author's review: each of these passed the checks before."""
    cat = hipdip.catalog(make_plugin_manager(entry_points=False))
    cable = Prescription("standing_cable_hip_abduction", 3, Reps(10, 20), Weight(40.0), rir=2)
    walk = Prescription("lateral_band_walk_knees", 3, Reps(10, 20), Band("light", "knees"), rir=2)
    clam = Prescription("clamshell", 3, Reps(10, 20), rir=2)
    bad = [
        ("increase_load", cable, {"load": Weight(37.5)}, Invariant.DECISION, "goes down"),
        ("reduce_load", cable, {"load": Weight(42.5)}, Invariant.DECISION, "goes up"),
        # A microgram over a load in pounds (a plugin's "+0 lb" raise in place of a step).
        ("increase_load", cable, {"load": Weight(40.000001)}, Invariant.DECISION, "not change"),
        ("next_band", walk, {"load": Band("medium", "feet")}, Invariant.DECISION, "placement"),
        # Off the ladder, to an exercise that only steadies the hip (SCIENCE.md §Training).
        (
            "advance_exercise",
            walk,
            {"exercise": "frog_pump", "load": Bodyweight()},
            Invariant.DECISION,
            "smaller gluteus medius role",
        ),
        # A first weight is one increment from none, on a new exercise as on the same one.
        (
            "advance_exercise",
            clam,
            {"exercise": "cable_side_lying_hip_abduction", "load": Weight(40.0)},
            Invariant.STEP,
            "from bodyweight",
        ),
    ]
    for action, item, changes, invariant, words in bad:
        d = Decision(action, item, attrs.evolve(item, **changes), "t", "t")
        (problem,) = decision_problems(d, item, cat.exercise(item.exercise), cat)
        assert problem.invariant is invariant
        assert words in problem.message, problem.message
    fine = [
        ("increase_load", cable, {"load": Weight(42.5)}),
        ("reduce_load", cable, {"load": Weight(37.5)}),
        ("next_band", walk, {"load": Band("medium", "knees")}),
        (
            "advance_exercise",
            clam,
            {"exercise": "banded_clamshell", "load": Band("extra_light", "thighs")},
        ),
        (
            "advance_exercise",
            clam,
            {"exercise": "cable_side_lying_hip_abduction", "load": Weight(2.5)},
        ),
    ]
    _assert_acceptable(cat, fine)


def test_decision_problems_catch_a_move_that_takes_the_work_away() -> None:
    """An attacker's review: each of these was taken without a word."""
    cat = hipdip.catalog(make_plugin_manager(entry_points=False))
    side = Prescription("side_lying_hip_abduction", 3, Reps(10, 20), rir=2)
    ankle = Prescription("ankle_weight_side_lying_hip_abduction", 3, Reps(10, 20), Weight(1.0))
    bad = [
        # Any action but advance_exercise and reduce_load keeps the exercise: a "repeat"
        # onto a glute bridge (gluteus medius credit 1 → 0) emptied the weeks' hard sets.
        ("repeat", side, {"exercise": "glute_bridge"}, Invariant.DECISION, "repeat but the"),
        ("add_reps", side, {"exercise": "clamshell"}, Invariant.DECISION, "only advance_"),
        ("deload", side, {"exercise": "clamshell"}, Invariant.DECISION, "only advance_"),
        # A step down goes to an easier exercise, never to a smaller gluteus medius role.
        ("reduce_load", side, {"exercise": "glute_bridge"}, Invariant.DECISION, "smaller"),
        # A new exercise's first load: within one step of none or of the load before
        # (1 kg ankle weight → 40 kg dumbbell, a weight to a weight, passed).
        (
            "advance_exercise",
            ankle,
            {"exercise": "dumbbell_side_lying_hip_abduction", "load": Weight(40.0)},
            Invariant.STEP,
            "more than one step above both no load and the load before (1 kg",
        ),
    ]
    # An attacker's re-review: each of these was taken too.
    banded = Prescription("banded_clamshell", 3, Reps(10, 20), Band("light", "thighs"))
    clam = Prescription("clamshell", 3, Reps(10, 20))
    bad += [
        ("advance_exercise", banded, {"exercise": "clamshell", "load": Bodyweight()},
         Invariant.DECISION, "an easier rung"),
        ("reduce_load", clam, {"exercise": "banded_clamshell", "load": Band("extra_light", "thighs")},
         Invariant.DECISION, "a harder rung"),
        ("reduce_load", ankle, {"exercise": "dumbbell_side_lying_hip_abduction", "load": Weight(2.0)},
         Invariant.DECISION, "at a heavier load"),
        ("reduce_load", banded, {"exercise": "banded_side_lying_hip_abduction", "dose": Reps(40, 50)},
         Invariant.DECISION, "the dose rises"),
        ("advance_exercise", banded,
         {"exercise": "standing_banded_hip_abduction", "load": Band("extra_light", "thighs")},
         Invariant.DECISION, "takes its band at the ankles"),
        ("advance_exercise", banded,
         {"exercise": "side_plank_hip_abduction", "load": Bodyweight(), "dose": Hold(20, 40)},
         Invariant.DECISION, "is done for reps, not a hold"),
    ]  # fmt: skip
    for action, item, changes, invariant, words in bad:
        d = Decision(action, item, attrs.evolve(item, **changes), "t", "t")
        (problem,) = decision_problems(d, item, cat.exercise(item.exercise), cat)
        assert problem.invariant is invariant, problem
        assert words in problem.message, problem.message
    at_cap = attrs.evolve(ankle, load=Weight(5.0))
    fine = [
        # The built-ins' moves: a harder rung at its first load, an easier one at none.
        ("advance_exercise", side, {"exercise": "clamshell"}),
        ("reduce_load", ankle, {"exercise": "side_lying_hip_abduction", "load": Bodyweight()}),
        # A weight carried to the next rung, within one step of the load before.
        (
            "advance_exercise",
            at_cap,
            {"exercise": "cable_side_lying_hip_abduction", "load": Weight(5.0)},
        ),
    ]
    _assert_acceptable(cat, fine)


@pytest.mark.parametrize("argument", ["prescription", "exercise", "cat"])
@pytest.mark.parametrize("value", [None, "clamshell", {}])
def test_decision_problems_name_a_bad_argument(argument: str, value: Any) -> None:
    """Was: a bare AttributeError (an attacker's review)."""
    cat = hipdip.catalog(PM)
    item = Prescription("clamshell", 3, Reps(10, 20))
    given = {"prescription": item, "exercise": cat.exercise("clamshell"), "cat": cat}
    given[argument] = value
    d = Decision("repeat", item, item, "t", "t")
    with pytest.raises(hipdip.ValidationError, match=f"^{argument}: must be"):
        decision_problems(d, given["prescription"], given["exercise"], given["cat"])


class _Converge:
    """A plugin rule that moves every side-lying or rotation exercise to one banded variant."""

    id = "converge"
    priority = 5
    target = "banded_side_lying_hip_abduction"

    def applies(self, exercise: Any, prescription: Prescription) -> bool:
        return exercise.id in {"side_lying_hip_abduction", "clamshell", "fire_hydrant"}

    def decide(self, exercise: Any, prescription: Prescription, results: Any) -> Decision:
        after = attrs.evolve(prescription, exercise=self.target, load=Band("extra_light", "thighs"))
        return Decision("advance_exercise", prescription, after, self.id, "all to the band")


def test_a_move_onto_an_exercise_a_later_session_holds_is_skipped() -> None:
    """Was: two exercises of one session moved to one, and the next progress() refused the
    log that followed the program it returned ('banded_side_lying_hip_abduction' is logged
    twice); found by a plugin author's rule."""

    class Plugin:
        @hookimpl
        def hipdip_register_progression_rules(self, register: Any) -> None:
            register(_Converge())

    pm = make_plugin_manager(entry_points=False, plugins=[Plugin()])
    profile = Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience="beginner",
        equipment=frozenset({"band"}),
    )
    program = hipdip.plan_program(profile, weeks=4, pm=pm)
    moved = {"side_lying_hip_abduction", "clamshell", "fire_hydrant"}
    both = [s for s in program.sessions if len(moved & {i.exercise for i in s.items}) >= 2]
    assert both, "the plan has a session with two exercises the rule moves"
    first = both[0]
    log = TrainingLog(
        (
            SessionLog(
                first.week,
                first.day,
                tuple(
                    ExerciseLog(i.exercise, (SetResult(reps=i.dose.high, rir=2),) * i.sets)  # type: ignore[union-attr]
                    for i in first.items
                    if isinstance(i.dose, Reps)
                ),
            ),
        )
    )
    with pytest.warns(hipdip.HipdipPluginWarning, match="is already in week"):
        result = hipdip.progress(program, log, pm=pm)
    for session in result.program.sessions:
        ids = [i.exercise for i in session.items]
        assert len(ids) == len(set(ids)), (session.week, session.day, ids)
    assert [d.rule for d in result.decisions].count("converge") == 1
    # The program it returned takes a log of every one of its prescriptions.
    later = next(s for s in result.program.sessions if (s.week, s.day) > (first.week, first.day))
    again = TrainingLog(
        (
            *log.sessions,
            SessionLog(
                later.week,
                later.day,
                tuple(
                    ExerciseLog(
                        i.exercise, (SetResult(reps=i.dose.low, load=i.load, rir=2),) * i.sets
                    )  # type: ignore[union-attr]
                    for i in later.items
                    if isinstance(i.dose, Reps)
                ),
            ),
        )
    )
    with pytest.warns(hipdip.HipdipPluginWarning):
        hipdip.progress(program, again, pm=pm)


def _rank(d: Decision) -> tuple[int, tuple[int, float], int]:
    exercise = BY_ID[d.before.exercise]
    after = d.after
    if after.exercise == exercise.harder:
        return (1, (0, 0.0), 0)
    if after.exercise == exercise.easier and after.exercise != exercise.id:
        return (-1, (0, 0.0), 0)
    hold = after.dose.low_seconds if isinstance(after.dose, Hold) else 0
    return (0, load_order(after.load), hold)


@given(st.data())
def test_better_results_never_give_a_lighter_next_prescription(data: st.DataObject) -> None:
    item = data.draw(prescriptions())
    worse = data.draw(_performances(item))
    better = [
        (
            amount + data.draw(st.integers(0, 10)),
            None if rir is None else rir + data.draw(st.integers(0, 3)),
        )
        for amount, rir in worse
    ]
    better = [(min(a, 100), None if r is None else min(r, 10)) for a, r in better]
    previous = data.draw(st.none() | _performances(item).map(lambda p: _results(item, p)))
    d_worse = step(item, _results(item, worse), previous=previous)
    d_better = step(item, _results(item, better), previous=previous)
    assert _rank(d_better) >= _rank(d_worse), (d_worse.reason, d_better.reason)


def _mean(item: Prescription, results: Sequence[SetResult]) -> float:
    amounts = [r.reps if isinstance(item.dose, Reps) else r.hold_seconds for r in results]
    counted = [a or 0 for a in amounts[: item.sets]]
    return sum(counted) / len(counted)


def _misses(item: Prescription, results: Sequence[SetResult]) -> bool:
    """The sets averaged below the bottom of the range; a hold more than HOLD_MISS_SECONDS
    short of the hold target."""
    if isinstance(item.dose, Hold):
        shortest = min(r.hold_seconds or 0 for r in results[: item.sets])
        return shortest < item.dose.low_seconds - HOLD_MISS_SECONDS
    return _mean(item, results) < item.dose.low


@given(sessions())
def test_stall_exactly_when_the_bottom_is_missed_twice(case: Any) -> None:
    item, results, previous = case
    d = step(item, results, previous=previous)
    stalled = (
        previous is not None
        and _misses(item, results)
        and _misses(item, previous)
        and _mean(item, results) <= _mean(item, previous) + 1  # not closing in on the bottom
    )
    assert (d.rule == "stall") == stalled
    if stalled:
        assert d.reason.startswith("stall: ")
        assert d.action in (Action.REDUCE_LOAD, Action.REPEAT)
        assert _rank(d) <= _rank(attrs.evolve(d, after=item))
    else:
        assert d.action is not Action.REDUCE_LOAD
    if _misses(item, results):
        assert d.action in (Action.REPEAT, Action.REDUCE_LOAD)


@given(sessions())
def test_next_prescription_does_not_change_its_inputs(case: Any) -> None:
    item, results, previous = case
    snapshot = copy.deepcopy((item, results, previous))
    results_list = list(results)
    step(item, results_list, previous=previous)
    assert (item, results, previous) == snapshot
    assert results_list == list(results)


# --------------------------------------------------------------------------- #
# progress()


PROFILE = Profile(
    sex="female",
    age=30,
    body=BodyComposition(weight_kg=65, height_cm=165),
    experience="advanced",
    equipment=frozenset({"band", "ankle_weights", "cable"}),
    days_per_week=2,
)


def make_program(
    weeks: int = 4,
    items: Sequence[Prescription] = (),
    *,
    deload: Sequence[int] = (),
    profile: Profile = PROFILE,
) -> Program:
    items = tuple(items) or (
        rx(),
        rx("t_walk_knees", Band("light", "knees")),
        attrs.evolve(PLANK, dose=Hold(20, 40)),
    )
    out = []
    for w in range(1, weeks + 1):
        if w in deload:  # a deload week: at most 60 % of the hard sets, RIR ≥ 3
            week_items = tuple(
                attrs.evolve(i, sets=max(1, int(i.sets * 0.6)), rir=3) for i in items
            )
        else:
            week_items = items
        out.append(
            Week(
                w, (Session(w, 1, week_items), Session(w, 2, week_items[::-1])), deload=w in deload
            )
        )
    return Program(tuple(out), "linear", profile)


def log_of(*entries: tuple[int, int, Sequence[ExerciseLog]]) -> TrainingLog:
    return TrainingLog(tuple(SessionLog(w, d, tuple(ex)) for w, d, ex in entries))


def ex_log(exercise: str, results: Sequence[SetResult]) -> ExerciseLog:
    return ExerciseLog(exercise, tuple(results))


def items_of(program: Program, exercise: str) -> list[tuple[int, int, Prescription]]:
    return [
        (s.week, s.day, item)
        for s in program.sessions
        for item in s.items
        if item.exercise == exercise
    ]


def test_progress_carries_the_new_load_into_later_sessions_only() -> None:
    program = make_program(deload=[3])
    log = log_of((1, 2, [ex_log("t_ankle_abduction", done(20, 20, 20))]))
    result = progress(program, log, pm=PM)
    assert [d.action for d in result.decisions] == [Action.INCREASE_LOAD]
    loads = [(w, d, i.load) for w, d, i in items_of(result.program, "t_ankle_abduction")]
    assert loads[:2] == [(1, 1, Weight(2.0)), (1, 2, Weight(2.0))]
    # Later weeks at the new load; the deload week one step lighter (SCIENCE.md §Training).
    assert all(load == Weight(2.5) for w, _, load in loads[2:] if w != 3)
    assert all(load == Weight(2.0) for w, _, load in loads[2:] if w == 3)
    # Deload weeks keep their own sets and RIR.
    week3 = [i for w, _, i in items_of(result.program, "t_ankle_abduction") if w == 3]
    assert {(i.sets, i.rir) for i in week3} == {(1, 3)}
    # Unlogged exercises stay as planned.
    for exercise in ("t_walk_knees", "t_plank"):
        assert items_of(result.program, exercise) == items_of(program, exercise)


def test_progress_uses_the_current_prescription_and_previous_results() -> None:
    program = make_program()
    log = log_of(
        (1, 1, [ex_log("t_ankle_abduction", done(20, 20, 20))]),
        (1, 2, [ex_log("t_ankle_abduction", done(11, 10, 10, load=Weight(2.5)))]),
        (2, 1, [ex_log("t_ankle_abduction", done(11, 10, 9, load=Weight(2.5)))]),
    )
    result = progress(program, log, pm=PM)
    actions = [d.action for d in result.decisions]
    assert actions == [Action.INCREASE_LOAD, Action.REPEAT, Action.REDUCE_LOAD]
    assert result.decisions[1].before.load == Weight(2.5)
    assert result.decisions[2].reason.startswith("stall: ")
    assert {
        i.load for w, d, i in items_of(result.program, "t_ankle_abduction") if (w, d) > (2, 1)
    } == {Weight(2.0)}
    # What was prescribed on each trained day stays visible.
    assert [i.load for w, d, i in items_of(result.program, "t_ankle_abduction")][:3] == [
        Weight(2.0),
        Weight(2.5),
        Weight(2.5),
    ]


def test_progress_advances_the_exercise_and_accepts_logs_of_the_new_one() -> None:
    band = Band("extra_heavy", "knees")
    program = make_program(items=[rx("t_walk_knees", band)])
    log = log_of(
        (1, 1, [ex_log("t_walk_knees", done(20, 20, 20, load=band))]),
        (1, 2, [ex_log("t_walk_ankles", done(15, 15, 15, load=Band("extra_light", "ankles")))]),
    )
    result = progress(program, log, pm=PM)
    assert [d.action for d in result.decisions] == [Action.ADVANCE_EXERCISE, Action.ADD_REPS]
    later = [i for s in result.program.sessions[1:] for i in s.items]
    assert {(i.exercise, i.load) for i in later} == {
        ("t_walk_ankles", Band("extra_light", "ankles"))
    }


def test_progress_keeps_the_exercise_when_the_profile_lacks_what_the_harder_one_needs() -> None:
    profile = attrs.evolve(
        PROFILE, equipment=frozenset({"ankle_weights"}), experience="intermediate"
    )
    program = make_program(items=[rx(load=Weight(5.0))], profile=profile)  # the 5 kg cap
    log = log_of((1, 1, [ex_log("t_ankle_abduction", done(20, 20, 20, load=Weight(5.0)))]))
    (decision,) = progress(program, log, pm=PM).decisions
    assert decision.action is Action.REPEAT
    assert decision.after == decision.before
    # The rule knows the person: it offers no variant they lack the equipment or level for.
    assert "has no heavier load or harder variant you can use" in decision.reason
    assert "a band or weight is the next step" in decision.reason


def test_progress_carries_the_hold_target_clamped_into_each_later_range() -> None:
    items = [attrs.evolve(PLANK, dose=Hold(20, 40))]
    program = make_program(weeks=2, items=items)
    program = attrs.evolve(
        program,
        weeks=(
            program.weeks[0],
            attrs.evolve(
                program.weeks[1],
                sessions=tuple(
                    attrs.evolve(s, items=(attrs.evolve(PLANK, dose=Hold(30, 60)),))
                    for s in program.weeks[1].sessions
                ),
            ),
        ),
    )
    log = log_of((1, 1, [ex_log("t_plank", held(20, 20, 20))]))
    result = progress(program, log, pm=PM)
    doses = [i.dose for _, _, i in items_of(result.program, "t_plank")]
    assert doses == [Hold(20, 40), Hold(25, 40), Hold(30, 60), Hold(30, 60)]


def test_progress_validates_the_log_and_reports_every_problem() -> None:
    program = make_program(weeks=2)
    log = log_of(
        (1, 1, [ex_log("t_ankle_abduction", done(15))]),
        (9, 1, [ex_log("t_ankle_abduction", done(15))]),
        (1, 1, [ex_log("t_ankle_abduction", done(15))]),
        (
            1,
            2,
            [
                ex_log("t_plank", done(15, load=Bodyweight())),
                ex_log("t_lone", done(15, load=Bodyweight())),
                ex_log("t_clamshel", done(15, load=Bodyweight())),
                ex_log("t_walk_feet", done(12, load=Band("light", "feet"))),
                ex_log("t_walk_feet", done(12, load=Band("light", "feet"))),
            ],
        ),
    )
    with pytest.raises(ValidationError) as caught:
        progress(program, log, pm=PM)
    errors = caught.value.errors
    assert (
        "log.sessions[1]: week 9 day 1 is not in the program (it has weeks 1–2, days 1–2)" in errors
    )
    assert "log.sessions[2]: week 1 day 1 is logged twice (also sessions[0])" in errors
    assert (
        "log.sessions[3].exercises[0].sets[0].hold_seconds: 't_plank' is prescribed as a hold; "
        "log hold_seconds, not reps"
    ) in errors
    assert any(
        e.startswith("log.sessions[3].exercises[2].exercise: unknown exercise id 't_clamshel'")
        for e in errors
    )
    assert (
        "log.sessions[3].exercises[1].exercise: not prescribed in week 1 day 2 (prescribed: "
        "t_plank, t_walk_knees, t_ankle_abduction)"
    ) in errors
    assert (
        "log.sessions[3].exercises[4]: 't_walk_feet' is logged twice in week 1 day 2 "
        "(also exercises[3])"
    ) in errors
    assert len(errors) == 6


def test_progress_rejects_non_models() -> None:
    with pytest.raises(ValidationError, match=r"^program: must be a Program"):
        progress("plan", TrainingLog(), pm=PM)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^log: must be a TrainingLog"):
        progress(make_program(), [], pm=PM)  # type: ignore[arg-type]


def test_empty_log_returns_the_program_unchanged() -> None:
    program = make_program()
    result = progress(program, TrainingLog(), pm=PM)
    assert result.program is program
    assert result.decisions == ()


def test_a_user_who_kept_the_old_variant_is_progressed_from_what_they_did() -> None:
    band = Band("extra_heavy", "knees")
    program = make_program(items=[rx("t_walk_knees", band)])
    log = log_of(
        (1, 1, [ex_log("t_walk_knees", done(20, 20, 20, load=band))]),
        (1, 2, [ex_log("t_walk_knees", done(18, 18, 18, load=band))]),
    )
    result = progress(program, log, pm=PM)
    second = result.decisions[1]
    assert second.before.exercise == "t_walk_knees"
    assert second.action is Action.ADD_REPS
    later = {i.exercise for s in result.program.sessions[2:] for i in s.items}
    assert later == {"t_walk_knees"}


@pytest.mark.parametrize(
    ("rirs", "action"),
    [((7, 5, 1), Action.REPEAT), ((7, 6, 5), Action.INCREASE_LOAD), ((2, 2, 2), Action.REPEAT)],
)
def test_after_a_stall_cut_only_easy_sets_skip_the_second_top(
    rirs: tuple[int, int, int], action: Action
) -> None:
    """Was (a coach's review): sets of 20, 20, 20 at RIR 7, 5, 1 right after a step down
    went straight back up — the easiest set decided "far from failure"; the sets on
    average do now (RIR ≥ 5 on average skips the second session at the top)."""
    program = make_program(weeks=4, items=[rx(load=Weight(2.0), dose=Reps(12, 16))])
    missed = done(11, 11, 11, rir=1)
    entries = [(1, 1, [ex_log("t_ankle_abduction", missed)])]
    entries.append((1, 2, [ex_log("t_ankle_abduction", missed)]))  # stall → 1.5 kg
    top = tuple(SetResult(reps=16, rir=rir, load=Weight(1.5)) for rir in rirs)
    entries.append((2, 1, [ex_log("t_ankle_abduction", top)]))
    result = progress(program, log_of(*entries), pm=PM)
    assert [d.rule for d in result.decisions][1] == "stall"
    assert result.decisions[-1].action is action, result.decisions[-1].reason


def test_simulated_twelve_weeks_add_a_rep_each_session_and_stall_twice() -> None:
    """A user adds a rep each session, resets after each load step and stalls twice."""
    program = make_program(
        weeks=12, items=[rx(load=Weight(1.0), dose=Reps(12, 16))], deload=[6, 12]
    )
    reps = [12, 13, 14, 15, 16,  # → 1.5 kg
            12, 13, 14, 15, 16,  # → 2 kg
            12, 11, 11,          # miss, stall → 1.5 kg
            14, 15, 16,          # → 2 kg
            12, 11, 10,          # miss, stall → 2 kg
            15, 16,              # the top once at the lighter load: again
            16, 14, 15]  # fmt: skip
    entries = []
    result = None
    for n, count in enumerate(reps):
        session = program.sessions[n]
        current = result.program.sessions[n] if result else session
        (item,) = current.items
        sets = done(*[count] * item.sets, rir=item.rir, load=item.load)
        entries.append((session.week, session.day, [ex_log(item.exercise, sets)]))
        result = progress(program, log_of(*entries), pm=PM)
    assert result is not None
    A = Action
    assert [d.action for d in result.decisions] == [
        A.ADD_REPS, A.ADD_REPS, A.ADD_REPS, A.ADD_REPS, A.INCREASE_LOAD,
        A.ADD_REPS, A.ADD_REPS, A.ADD_REPS, A.ADD_REPS, A.INCREASE_LOAD,
        A.DELOAD, A.DELOAD,  # week 6: never more in a deload week
        A.REPEAT, A.ADD_REPS, A.ADD_REPS, A.INCREASE_LOAD,
        A.ADD_REPS, A.REPEAT, A.REDUCE_LOAD,  # miss, stall → 2 kg
        A.ADD_REPS, A.REPEAT,  # the top once after the step down: reach it again
        A.INCREASE_LOAD,  # twice in a row → 2.5 kg
        A.DELOAD, A.DELOAD,  # week 12
    ]  # fmt: skip
    assert [d.before.load for d in result.decisions if d.action is A.INCREASE_LOAD] == [
        Weight(1.0), Weight(1.5), Weight(2.0), Weight(2.0)
    ]  # fmt: skip
    stalls = [d for d in result.decisions if d.rule == "stall"]
    assert len(stalls) == 1
    assert all("missed in two consecutive sessions" in d.reason for d in stalls)
    assert all(isinstance(d.after.load, Weight) and d.after.load.kg == 2.0 for d in stalls)
    deloads = [d for d in result.decisions if d.action is A.DELOAD]
    # Deload weeks are one step lighter than the load lifted before them and never ask for
    # more: week 5 ended at 1.5 kg earning 2 kg (not lifted yet), so week 6 is at 1 kg; week
    # 11 ended at 2 kg earning 2.5 kg, so week 12 is at 1.5 kg.
    assert [d.before.load for d in deloads] == [Weight(1.0)] * 2 + [Weight(1.5)] * 2
    assert all(d.after == d.before for d in deloads)
    last = result.program.weeks[-1].sessions[-1].items[0]
    assert last.load == Weight(1.5)
    assert (last.sets, last.rir) == (1, 3)  # the deload week keeps its own dose


# --------------------------------------------------------------------------- #
# Properties of progress()

PROGRAM = make_program(weeks=3, deload=[3])


@st.composite
def logs(draw: st.DrawFn, program: Program = PROGRAM) -> TrainingLog:
    sessions_ = draw(
        st.lists(st.sampled_from(program.sessions), unique=True, max_size=len(program.sessions))
    )
    out = []
    for session in sorted(sessions_, key=lambda s: (s.week, s.day)):
        chosen = draw(st.lists(st.sampled_from(session.items), unique=True))
        exercises = []
        for item in chosen:
            perf = draw(_performances(item))
            exercises.append(ExerciseLog(item.exercise, _results(item, perf)))
        out.append(SessionLog(session.week, session.day, tuple(exercises)))
    return TrainingLog(tuple(out))


@given(logs())
def test_progress_keeps_the_plan_shape_and_what_was_never_logged(log: TrainingLog) -> None:
    snapshot = copy.deepcopy((PROGRAM, log))
    result = progress(PROGRAM, log, pm=PM)  # a log of the planned exercises always fits
    assert (PROGRAM, log) == snapshot
    logged = [e for s in log.sessions for e in s.exercises]
    assert [d.before.exercise for d in result.decisions] == [e.exercise for e in logged]
    lineages = {e.exercise for e in logged}
    first = min(((s.week, s.day) for s in log.sessions if s.exercises), default=(99, 99))
    for old, new in zip(PROGRAM.sessions, result.program.sessions, strict=True):
        assert (old.week, old.day, len(old.items)) == (new.week, new.day, len(new.items))
        for a, b in zip(old.items, new.items, strict=True):
            assert (a.sets, a.rir, a.rest_seconds) == (b.sets, b.rir, b.rest_seconds)
            if a.tempo != b.tempo:  # no load left: slower lowering or a longer top hold
                assert int(b.tempo[0]) in (3, 4) or b.tempo.endswith("-10")
            assert type(a.dose) is type(b.dose)
            if isinstance(a.dose, Reps):
                assert b.dose.low == a.dose.low
                # As planned, capped at the bottom in a deload week, or a raised top.
                assert b.dose.high in (a.dose.high, a.dose.low) or a.dose.high < b.dose.high <= 30
            else:
                assert isinstance(b.dose, Hold)
                if b.dose.low_seconds != b.dose.high_seconds:  # a deload caps at the bottom
                    assert a.dose.high_seconds == b.dose.high_seconds
                assert a.dose.low_seconds <= b.dose.low_seconds <= a.dose.high_seconds
            if a.exercise not in lineages or (old.week, old.day) <= first:
                assert a == b


def test_progress_does_not_mutate_its_inputs() -> None:
    program = make_program()
    log = log_of((1, 1, [ex_log("t_ankle_abduction", done(20, 20, 20))]))
    snapshot = copy.deepcopy((program, log))
    progress(program, log, pm=PM)
    assert (program, log) == snapshot


def test_carried_prescriptions_equal_validated_ones() -> None:
    program = make_program(weeks=2)
    log = log_of(
        (1, 1, [ex_log("t_ankle_abduction", done(20, 20, 20)), ex_log("t_plank", held(40, 40, 40))])
    )
    result = progress(program, log, pm=PM)
    for session in result.program.sessions[1:]:
        for item in session.items:
            rebuilt = Prescription(**attrs.asdict(item, recurse=False))
            assert item == rebuilt
            assert hash(item) == hash(rebuilt)
            assert from_dict(to_dict(item), Prescription) == item


class _Swap:
    """A plugin rule that moves t_lone's logs off the ladder, to t_clamshell."""

    id = "t_swap"
    priority = 10

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        return exercise.id == "t_lone"

    def decide(self, exercise: Exercise, prescription: Prescription, results: Any) -> Decision:
        after = attrs.evolve(prescription, exercise="t_clamshell", load=Bodyweight())
        return Decision(
            Action.ADVANCE_EXERCISE, prescription, after, self.id, "swap to t_clamshell"
        )


def test_logs_of_an_exercise_a_plugin_rule_moved_in_are_accepted() -> None:
    pm = make_pm(_rules_plugin(_Swap()))
    program = make_program(weeks=2, items=[rx("t_lone", Bodyweight())])
    log = log_of(
        (1, 1, [ex_log("t_lone", done(15, 15, 15, load=Bodyweight()))]),
        (1, 2, [ex_log("t_clamshell", done(15, 15, 15, load=Bodyweight()))]),
    )
    result = progress(program, log, pm=pm)
    assert [d.rule for d in result.decisions] == ["t_swap", "double_progression"]
    # With only the built-in rules the same log does not fit the program.
    with pytest.raises(
        ValidationError, match=r"sessions\[1\]\.exercises\[0\]\.exercise: not prescribed"
    ):
        progress(program, log, pm=PM)


def test_with_plugin_rules_an_unprescribed_exercise_is_still_an_error() -> None:
    pm = make_pm(_rules_plugin(_Swap()))
    program = make_program(weeks=2, items=[rx("t_lone", Bodyweight())])
    log = log_of((1, 1, [ex_log("t_plank", held(30))]))
    with pytest.raises(
        ValidationError,
        match=r"^log\.sessions\[0\]\.exercises\[0\]\.exercise: not prescribed in week 1 day 1 \(prescribed: t_lone\)$",
    ):
        progress(program, log, pm=pm)


# --------------------------------------------------------------------------- #
# With the built-in catalogue and planner


BUILTIN_PM = make_plugin_manager(entry_points=False)


def test_builtin_lateral_band_walk_ladder_moves_the_band_knees_ankles_feet() -> None:
    item = rx("lateral_band_walk_knees", Band(BandTier.EXTRA_LIGHT, BandPlacement.KNEES))
    path = []
    for _ in range(20):
        d = step(item, done(20, 20, 20, load=item.load), pm=BUILTIN_PM)
        path.append((d.action.value, d.after.exercise.removeprefix("lateral_band_walk_")))
        if d.action is Action.REPEAT:
            break
        item = d.after
        assert isinstance(item.load, Band)
    bands = ["next_band"] * 4
    assert [a for a, _ in path] == [
        *bands,
        "advance_exercise",
        *bands,
        "advance_exercise",
        *bands,
        "repeat",
    ]
    assert [e for a, e in path if a == "advance_exercise"] == ["ankles", "feet"]
    assert item.load == Band(BandTier.EXTRA_HEAVY, BandPlacement.FEET)


def test_planned_program_progresses_and_stays_valid() -> None:
    profile = attrs.evolve(
        PROFILE,
        experience="intermediate",
        equipment=frozenset({"band", "ankle_weights"}),
        days_per_week=3,
    )
    program = hipdip.plan_program(profile, weeks=8, pm=BUILTIN_PM)
    first = program.sessions[0]
    log = log_of(
        (
            first.week,
            first.day,
            [
                ex_log(
                    i.exercise,
                    held(*[i.dose.high_seconds] * i.sets)
                    if isinstance(i.dose, Hold)
                    else done(*[i.dose.high] * i.sets, rir=i.rir, load=i.load),
                )
                for i in first.items
            ],
        )
    )
    result = progress(program, log, pm=BUILTIN_PM)
    assert len(result.decisions) == len(first.items)
    assert all(d.action is not Action.REPEAT for d in result.decisions)
    errors = [
        f for f in hipdip.validate_program(result.program, pm=BUILTIN_PM) if f.severity == "error"
    ]
    assert errors == []


def test_a_rule_may_have_keyword_settings_of_its_own() -> None:
    """A plugin author's check: the misspelling guard refused `max_gap_days=14`,
    `history_len=8` (settings of the rule's own) and skipped the whole plugin."""

    class Knobs:
        id = "t_knobs"
        priority = 10

        def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
            return True

        def decide(
            self,
            exercise: Exercise,
            prescription: Prescription,
            results: tuple[SetResult, ...],
            *,
            gap_days: int | None = None,
            max_gap_days: int = 14,
            history_len: int = 8,
            strict: bool = False,
        ) -> Decision | None:
            return None

    pm = make_pm(_rules_plugin(Knobs(), name="KnobsPlugin"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", HipdipPluginWarning)
        assert "t_knobs" in hipdip.catalog(pm).progression_rules
        assert step(rx(), done(20, 20, 20), pm=pm).rule == "double_progression"


def test_a_day_done_out_of_turn_is_replayed_in_the_order_trained() -> None:
    """A log is in the order the sessions were trained: day 2 on Monday and day 1 on
    Wednesday cannot be logged in the program's order (dates never go back). It is
    accepted and replayed as trained (an attacker's review: a first version refused it)."""
    from hipdip.examples import example_log, example_program

    program = example_program()
    log = example_log(program)
    swapped = hipdip.TrainingLog((log.sessions[1], log.sessions[0]))
    result = hipdip.progress(program, swapped)
    logged = [(s.week, s.day) for s in swapped.sessions]
    assert [(d.before.exercise) for d in result.decisions] == [
        e.exercise for s in swapped.sessions for e in s.exercises
    ]
    assert logged == [(log.sessions[1].week, log.sessions[1].day), (1, 1)]


def test_a_skipped_rule_beside_a_decision_full_of_findings_is_still_isolated() -> None:
    """An attacker's review: a rule that raised, then one whose decision held the model's
    200 findings — the skip's WARNING made 201 and a ValidationError blamed the input."""
    from hipdip.models.finding import MAX_FINDINGS

    def boom(p: Prescription) -> Decision:
        raise RuntimeError("boom")

    note = hipdip.Finding("t_chatty", Severity.INFO, "a note", None)
    chatty = _Rule(
        "t_chatty",
        10,
        lambda p: Decision(Action.REPEAT, p, p, "t_chatty", "same", (note,) * MAX_FINDINGS),
    )
    pm = make_pm(_rules_plugin(_Rule("t_boom", 20, boom), chatty, name="NoisyPlugin"))
    with pytest.warns(HipdipPluginWarning, match="t_boom"):
        decision = step(rx(), done(15, 15, 15), pm=pm)
    assert decision.rule == "t_chatty" and len(decision.findings) == MAX_FINDINGS
    assert "t_boom" in decision.findings[0].message  # the skip is kept
    # ... and the one of the rule's own left out is counted.
    assert decision.findings[-1].rule == "more_findings"
    assert decision.findings[-1].message.startswith("2 more findings")


def test_sets_logged_beyond_the_prescribed_ones_are_named_in_the_reason() -> None:
    """A coach's review: 20, 19, 8 logged against 2 sets read "sets of 20, 19" — the third
    set, counted in the week's volume, vanished from the reason."""
    item = rx(sets=2)
    decision = step(item, done(20, 19, 8))
    assert "sets of 20, 19 at RIR 2 (1 more set than the 2 prescribed, not judged)" in (
        decision.reason
    )
    assert "more set" not in step(item, done(20, 19)).reason


def test_more_broken_rules_than_findings_hold_stay_isolated() -> None:
    """An attacker's re-review: 201 broken rules made 201 WARNINGs, past the 200 a model
    holds, and progress raised a ValidationError that blamed the caller's input."""
    from hipdip.models.finding import MAX_FINDINGS

    def boom(p: Prescription) -> Decision:
        raise RuntimeError("boom")

    rules = [_Rule(f"t_broken_{i}", 50, boom) for i in range(MAX_FINDINGS + 1)]
    pm = make_pm(_rules_plugin(*rules, name="ManyPlugin"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        decision = step(rx(), done(15, 15, 15), pm=pm)
    assert decision.rule == "double_progression"
    assert len(decision.findings) == MAX_FINDINGS
    assert decision.findings[-1].rule == "more_findings"
    assert decision.findings[-1].message.startswith("2 more findings")


def test_the_session_before_is_checked_like_the_step_itself() -> None:
    """An attacker's re-review: next_prescription took a 400 kg ankle weight, or a band on
    an ankle-weight exercise, as `previous` — and rules (the break rule) read them."""
    item = rx(load=Weight(2.0))
    before = attrs.evolve(item, load=Weight(400.0))
    with pytest.raises(ValidationError, match=r"^4 problems: previous_prescription\.load: 400 kg"):
        step(item, done(15, 15, 15), previous=done(15, 15, 15), previous_prescription=before)
    band = [SetResult(reps=15, rir=2, load=Band("extra_heavy", "thighs"))] * 3
    with pytest.raises(ValidationError, match=r"previous\[0\]\.load: an extra-heavy band"):
        next_prescription(item, as_prescribed(done(15, 15, 15), item), previous=band, pm=PM)


def test_a_make_up_session_logged_out_of_turn_rewrites_nothing_decided_later() -> None:
    """An attacker's re-review: week 1 day 1 missed and made up after week 3 day 1, every
    session logged as served: the make-up's decision rewrote week 2's logged load in the
    returned program and undid week 3's raise. Now it changes no session the log has
    passed and no slot a later session decided."""
    from hipdip.examples import example_program

    program = example_program()

    def at_top(items: tuple[Prescription, ...]) -> tuple[hipdip.ExerciseLog, ...]:
        return tuple(
            hipdip.ExerciseLog(
                i.exercise,
                tuple(
                    SetResult(hold_seconds=i.dose.high_seconds, load=i.load)
                    if isinstance(i.dose, hipdip.Hold)
                    else SetResult(reps=i.dose.high, load=i.load, rir=3)
                    for _ in range(i.sets)
                ),
            )
            for i in items
        )

    slots = [(s.week, s.day) for s in program.sessions]
    order = [*slots[1:7], slots[0]]  # week 1 day 1 made up after week 3 day 1
    logged: list[hipdip.SessionLog] = []
    served: dict[tuple[int, int | None], tuple[Prescription, ...]] = {}
    current = program
    for week, day in order:
        session = next(s for s in current.sessions if (s.week, s.day) == (week, day))
        served[(week, day)] = session.items
        logged.append(hipdip.SessionLog(week, day, at_top(session.items)))
        before = current
        current = hipdip.progress(program, hipdip.TrainingLog(tuple(logged))).program
    for week, day in order[:-1]:  # every session logged before the make-up keeps what it was served
        session = next(s for s in current.sessions if (s.week, s.day) == (week, day))
        assert session.items == served[(week, day)], (week, day)
    # What week 3 day 1 decided stands: the later sessions are as before the make-up.
    later = [s for s in current.sessions if (s.week, s.day) > order[-2]]
    assert later == [s for s in before.sessions if (s.week, s.day) > order[-2]]


def test_a_step_down_to_an_easier_exercise_is_never_heavier() -> None:
    """Found by hypothesis: a stall at 0.25 kg of cable (under the stack's 2.5 kg step,
    nothing lighter) stepped down to the easier ankle-weight exercise at its lightest
    0.5 kg — a heavier load, which the engine's own check refused."""
    item = rx("t_cable_abduction", Weight(0.25), Reps(10, 20))
    missed = done(6, 6, 6, rir=0, load=Weight(0.25))
    decision = step(item, missed, previous=missed)
    assert decision.action is Action.REDUCE_LOAD and decision.rule == "stall"
    assert decision.after.exercise == "t_ankle_abduction"
    assert decision.after.load == Bodyweight()


def test_a_moved_exercise_that_takes_longer_is_fitted_into_the_session() -> None:
    """An attacker's final check: a stall moved a machine's slot to side-lying abduction
    (one side at a time), sessions ran to 35 minutes of 30 and validate_program refused
    the program progress returned. Its top comes down, then a set, until it fits."""
    from hipdip import metrics
    from hipdip.progression import _fit, _seconds

    machine = Prescription("seated_hip_abduction_machine", 4, Reps(15, 25), Weight(2.5), rir=2)
    moved = attrs.evolve(machine, exercise="side_lying_hip_abduction", load=Bodyweight())
    cat = hipdip.catalog(PM)

    def seconds(item: Prescription) -> int:
        return metrics.prescription_seconds(item, unilateral=cat.exercise(item.exercise).unilateral)

    planned = (machine,)
    budget = _seconds(planned, seconds) + 60  # a minute to spare for the planned machine
    assert _seconds((moved,), seconds) > budget
    fitted = _fit((moved,), planned, budget, seconds, _seconds(planned, seconds))
    assert _seconds(fitted, seconds) <= budget
    (item,) = fitted
    assert item.exercise == "side_lying_hip_abduction" and item.sets >= 2
    assert isinstance(item.dose, Reps) and item.dose.low == 15
