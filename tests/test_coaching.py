"""Progressive overload on virtual lifters (issue 13; SCIENCE.md §Training, §Invariants 10).

Three layers:

- the seven cases the issue quotes, as regression tests;
- properties every simulation must keep, on a representative slice in the
  default run and on the whole grid experience × equipment × scheme (with
  hypothesis drawing lifter seeds) under the ``slow`` marker;
- the coaching quality of the grid in numbers (share of hard sets, how soon a
  stall is answered), asserted at the levels measured and documented in
  ``docs/coaching.md`` — see the note there on what "within 4 sessions" does
  and does not reach.
"""

from __future__ import annotations

import collections
import datetime
import functools
import itertools
import re
import statistics
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Action,
    BodyComposition,
    Bodyweight,
    Hold,
    Prescription,
    Profile,
    Reps,
    Role,
    SetResult,
    Units,
    Weight,
)
from hipdip.builtin.progression import (
    DOUBLE_PROGRESSION,
    HOLD_MISS_SECONDS,
    PLATEAU,
    PLATEAU_MIN_WEEKS,
    PLATEAU_WARNING_TOLERANCE,
    RIR_TOLERANCE,
    session_strength,
)
from hipdip.choice import can_add_load, roles
from hipdip.ladders import ladders
from hipdip.loads import (
    estimated_1rm,
    grid_units,
    heavier,
    is_heavier,
    lighter,
    load_cap_kg,
    load_units,
    moved_body_kg,
    off_by_more_than_a_step,
)
from hipdip.plugins import make_plugin_manager
from hipdip.progression import PastSession, decision_problems, next_prescription, progress
from hipdip.testing import strategies
from hipdip.testing.simulate import Lifter, Simulation, simulate
from hipdip.training import MIN_SETS_PER_EXERCISE

PM = make_plugin_manager(entry_points=False)
CAT = hipdip.catalog(PM)
LAD = ladders(CAT)
EQUIPMENT = {
    "none": frozenset(),
    "band": frozenset({"band"}),
    "ankle_weights": frozenset({"ankle_weights"}),
    "band+ankle_weights": frozenset({"band", "ankle_weights"}),
    "dumbbell+bench+step": frozenset({"dumbbell", "bench", "step"}),
    "cable": frozenset({"cable"}),
    "everything": frozenset({"band", "ankle_weights", "dumbbell", "bench", "step", "cable"}),
}
EXPERIENCE = ("beginner", "intermediate", "advanced")
SCHEMES = ("linear", "dup", "block")
STEPS_UP = {Action.INCREASE_LOAD, Action.NEXT_BAND, Action.ADVANCE_EXERCISE}
ANSWERS = ("plateau", "stall")


def person(experience: str, equipment: frozenset[str], **changes: object) -> Profile:
    base = Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience=experience,
        equipment=equipment,
        days_per_week=3,
        session_minutes=45,
    )
    return attrs.evolve(base, **changes)


def a_man(**changes: object) -> Profile:
    """The coach's reviews' 90 kg man: intermediate, dumbbells, a bench and a step."""
    body = BodyComposition(weight_kg=90, height_cm=183)
    return person(
        "intermediate", EQUIPMENT["dumbbell+bench+step"], sex="male", body=body, **changes
    )


def reasons(sim: Simulation) -> list[str]:
    return [d.decision.reason for d in sim.decisions]


# --------------------------------------------------------------------------- #
# The seven cases of issue 13


def test_a_beginner_with_a_band_and_ankle_weights_gets_them() -> None:
    """Was: 53 × "needs level 2 (profile: beginner), so keep … as prescribed"."""
    profile = person("beginner", EQUIPMENT["band+ankle_weights"])
    sim = simulate(profile, weeks=24, lifter=Lifter.responder(seed=3), pm=PM)
    assert not [r for r in reasons(sim) if "needs level" in r]
    loaded = {
        e
        for e in sim.exercises()
        if CAT.exercises[e].load_kind.value != "bodyweight"
        and "gluteus_medius" in {t.muscle for t in CAT.exercises[e].targets}
    }
    assert {"banded_side_lying_hip_abduction", "ankle_weight_side_lying_hip_abduction"} & loaded
    first_loaded = min(p.week for e in loaded for p in sim.trajectory(e))
    assert first_loaded <= 6, "a beginner reaches the band or the ankle weight within weeks"


def test_dumbbells_a_bench_and_a_step_load_the_hip() -> None:
    """Was: "needs equipment band, so keep fire_hydrant as prescribed" all program long."""
    profile = person("intermediate", EQUIPMENT["dumbbell+bench+step"])
    program = hipdip.plan_program(profile, pm=PM)
    planned = {i.exercise for s in program.sessions for i in s.items}
    assert {"dumbbell_step_up", "single_leg_deadlift"} <= planned  # owned equipment is used
    sim = simulate(profile, weeks=12, lifter=Lifter.responder(seed=1), pm=PM)
    assert not [r for r in reasons(sim) if "needs equipment" in r]
    step_up = [p.load for p in sim.trajectory("dumbbell_step_up")]
    assert step_up[-1].kg > step_up[0].kg  # type: ignore[union-attr]


def test_cable_owners_get_cable_abduction_and_advanced_lifters_the_band_at_the_feet() -> None:
    cable = hipdip.plan_program(person("intermediate", EQUIPMENT["cable"]), pm=PM)
    assert "standing_cable_hip_abduction" in {i.exercise for s in cable.sessions for i in s.items}
    advanced = hipdip.plan_program(person("advanced", EQUIPMENT["band"]), pm=PM)
    walks = {i.exercise for s in advanced.sessions for i in s.items if "band_walk" in i.exercise}
    assert walks == {"lateral_band_walk_feet"}  # Lewis et al., 2018: feet > ankles > knees


def test_cable_and_machine_owners_start_on_cable_abduction() -> None:
    """Was (a coach's review): owning a cable and a machine, an intermediate got the machine
    (level 1) and no cable work — the two are harder variants of the ankle-weight
    abduction, tied by rung, and the id decided. The hardest rung the level allows wins."""
    both = frozenset({"cable", "machine"})
    for experience in ("intermediate", "advanced"):
        program = hipdip.plan_program(person(experience, both), pm=PM)
        planned = {i.exercise for s in program.sessions for i in s.items}
        assert "standing_cable_hip_abduction" in planned, (experience, planned)
        assert "seated_hip_abduction_machine" not in planned


@pytest.mark.parametrize("equipment", ["machine", "cable", "ankle_weights"])
def test_owned_equipment_that_loads_the_hip_carries_about_half_the_sets(equipment: str) -> None:
    """Was (a coach's review): an advanced lifter with a machine (or a cable, or ankle
    weights) had it one day in three — 16 of 80 sets in weeks 1–5, against 41 of
    bodyweight clamshells and fire hydrants, the rotation-biased work SCIENCE.md's choice
    order keeps for beginners."""
    her = person("advanced", frozenset({equipment}))
    program = hipdip.plan_program(her, weeks=8, pm=PM)
    loaded = total = 0.0
    for week in program.weeks[:5]:
        for session in week.sessions:
            for item in session.items:
                exercise = CAT.exercises[item.exercise]
                credit = item.sets * exercise.set_credit("gluteus_medius")
                total += credit
                loaded += credit * can_add_load(exercise, her, CAT)
    assert loaded >= 0.45 * total
    used = {i.exercise for s in program.sessions for i in s.items}
    assert not used & {"clamshell", "fire_hydrant"}  # rotation-biased: a beginner's


def test_a_day_topped_up_keeps_its_exercise_that_takes_load() -> None:
    """Was (a coach's re-check): an advanced kettlebell owner, 2 × 60 minutes — the
    kettlebell single-leg deadlift (half a set each for gluteus medius) and its partner
    could not hold the days' sets in weeks 2–5, and the days fell back to bodyweight
    side-lying abduction, fire hydrants and clamshells: kettlebell sets 8, 0, 0, 4, 0."""
    him = attrs.evolve(
        a_man(days_per_week=2, session_minutes=60),
        experience="advanced",
        equipment=frozenset({"kettlebell"}),
    )
    program = hipdip.plan_program(him, weeks=8, pm=PM)
    for week in program.weeks[:5]:
        exercises = {i.exercise for s in week.sessions for i in s.items}
        assert "kettlebell_single_leg_deadlift" in exercises, (week.index, exercises)


def test_a_hold_a_second_or_two_short_is_no_miss() -> None:
    """Was (a coach's review): side planks of 60 and 58 s, then 60 and 59 s, against a
    60 s target were a "stall" that cut the target to 55 s."""
    plank = Prescription("side_plank", 2, Hold(60, 60), Bodyweight(), rir=None, tempo="0-0-0-0")

    def held(*seconds: int) -> list[SetResult]:
        return [SetResult(hold_seconds=s) for s in seconds]

    close = next_prescription(plank, held(60, 59), previous=held(60, 58), pm=PM)
    assert close.rule != "stall" and close.action is not Action.REDUCE_LOAD
    assert HOLD_MISS_SECONDS == 2
    # Three seconds short, twice: a stall, as before.
    short = next_prescription(plank, held(60, 57), previous=held(57, 60), pm=PM)
    assert short.rule == "stall"


def test_a_stall_on_a_slower_tempo_takes_the_tempo_back() -> None:
    """Was (a coach's review): a bird-dog's hold at the top went 5 → 10 s, the reps fell to
    5–6 under the 6–10 range, and the stall said "no lighter load and no easier variant;
    repeat" — never the 5 s hold it had just replaced."""
    bird = Prescription("bird_dog", 2, Reps(6, 10), Bodyweight(), tempo="2-0-2-10")
    missed = [SetResult(reps=5, rir=2)] * 2
    decision = next_prescription(bird, missed, previous=missed, pm=PM)
    assert (decision.rule, decision.action) == ("stall", Action.REDUCE_LOAD)
    assert decision.after.tempo == "2-0-2-5"
    assert "back to tempo 2-0-2-5 (from 2-0-2-10)" in decision.reason
    side = Prescription("side_lying_hip_abduction", 2, Reps(15, 30), Bodyweight(), tempo="4-0-1-1")
    short = [SetResult(reps=12, rir=1)] * 2
    eased = next_prescription(side, short, previous=short, pm=PM)
    assert (eased.rule, eased.after.tempo) == ("stall", "3-0-1-1")
    # In a program the eased tempo is carried on (a slower one no longer comes back).
    tilted = person("beginner", EQUIPMENT["none"], posture=hipdip.Posture(pelvic_tilt_deg=22))
    sim = simulate(tilted, weeks=8, lifter=Lifter.responder(seed=0), pm=PM)
    stall = next(
        d
        for d in sim.decisions
        if d.decision.rule == "stall" and d.decision.before.exercise == "bird_dog"
    )
    assert stall.decision.after.tempo == "2-0-2-5"
    after = [
        i.tempo
        for session in sim.program.sessions
        if (session.week, session.day) > (stall.week, stall.day)
        for i in session.items
        if i.exercise == "bird_dog"
    ]
    assert after and after[0] == "2-0-2-5"


def test_a_deload_week_never_asks_for_more() -> None:
    """Was: a lifter near failure in a deload week was told "add a rep"."""
    item = Prescription("banded_clamshell", 2, Reps(12, 15), hipdip.Band("light", "thighs"), rir=4)
    done = [SetResult(reps=15, rir=0, load=item.load)] * 2
    decision = next_prescription(item, done, pm=PM, deload=True)
    assert decision.action is Action.DELOAD and decision.after == decision.before
    assert "add a rep" not in decision.reason


def test_a_deload_is_never_harder_than_the_sessions_before_it() -> None:
    """Was (a coach's review): a DUP light day's deload started one step under the heavy
    day's load, heavier than the light day had ever been; and a deload plank was held to
    the target the holds had reached (48 s), longer than the week before."""
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(16.0), rir=3)
    heavy = Prescription("single_leg_deadlift", 3, Reps(8, 12), Weight(20.0), rir=1)
    eased = attrs.evolve(light, sets=2, rir=4)
    plank = Prescription("side_plank", 2, Hold(20, 60), Bodyweight())
    side = Prescription("side_lying_hip_abduction", 3, Reps(15, 25), Bodyweight(), rir=2)
    week = hipdip.Week(
        1, (hipdip.Session(1, 1, (light, plank, side)), hipdip.Session(1, 2, (heavy, side)))
    )
    easy_side = attrs.evolve(side, sets=2, rir=4)
    deload = hipdip.Week(
        2,
        (hipdip.Session(2, 1, (eased, plank, easy_side)), hipdip.Session(2, 2, (eased,))),
        deload=True,
    )
    program = hipdip.Program(
        (week, deload),
        "dup",
        person("intermediate", EQUIPMENT["dumbbell+bench+step"], days_per_week=2),
    )

    def logged(item: Prescription, **done: int) -> hipdip.ExerciseLog:
        return hipdip.ExerciseLog(item.exercise, (SetResult(load=item.load, **done),) * item.sets)

    log = hipdip.TrainingLog(
        (
            # (16 reps at RIR 0 at 16 kg: the strength 12 reps at RIR 1 at 20 kg show, so the
            # heavy day's 8–12 is no held top.)
            hipdip.SessionLog(
                1, 1, (logged(light, reps=16, rir=0), logged(plank, hold_seconds=45))
            ),
            hipdip.SessionLog(1, 2, (logged(heavy, reps=12, rir=1),)),
        )
    )
    result = progress(program, log, pm=PM)
    assert [d.action for d in result.decisions[:3]] == [
        Action.ADD_REPS,  # the light day keeps 16 kg
        Action.ADD_REPS,  # the plank's next target: 45 + 5 = 50 s
        Action.INCREASE_LOAD,  # the heavy day 20 → 22 kg
    ]
    deloaded = result.program.weeks[1].sessions[0].items
    # One step under the load the light day lifted (16 → 14 kg), not under the heavy day's
    # (22 → 20 kg, heavier than the light day ever was; the first fix kept 16 kg, its own
    # load: no deload at all — a later coach's review).
    assert deloaded[0].load == Weight(14.0)
    # The bottom of the plank's planned range, not the 50 s the holds reached.
    assert deloaded[1].dose == Hold(20, 20)


def test_a_raised_top_that_does_not_fit_the_session_is_said() -> None:
    """Was (a coach's review): a 68-year-old beginner's clamshell was told "raise the top of
    the range to 25 reps" for 20 weeks while her 20-minute sessions served 10–20 (cut back
    to fit the time), and she logged 20 reps at RIR 5–10 with no word why."""
    her = person(
        "beginner",
        EQUIPMENT["ankle_weights"],
        age=68,
        body=BodyComposition(weight_kg=60, height_cm=158),
        days_per_week=2,
        session_minutes=20,
    )
    sim = simulate(her, weeks=24, lifter=Lifter.responder(seed=1), pm=PM)
    result = progress(sim.planned, sim.log, pm=PM)
    # (No set is given up here: her weeks are planned near the bottom of her weekly range,
    # and a set given up would take them under it.)
    (finding,) = [f for f in result.findings if f.rule == "session_time"]
    assert finding.severity is hipdip.Severity.WARNING
    assert finding.message.startswith("Clamshell: 10–25 reps (served 10–20) does not fit")
    assert "20-minute sessions" in finding.message
    assert "session_time" in hipdip.render.to_markdown(result)
    # With the time to hold it, the raised top is served and nothing is said.
    roomy = attrs.evolve(her, session_minutes=90)
    sim = simulate(roomy, weeks=8, lifter=Lifter.responder(seed=1), pm=PM)
    result = progress(sim.planned, sim.log, pm=PM)
    raised = [d for d in result.decisions if "raise the top of the range" in d.reason]
    assert raised
    assert not [f for f in result.findings if f.rule == "session_time"]


def test_a_raised_top_that_does_not_fit_gives_up_a_set_before_the_top() -> None:
    """Was (a coach's review): advanced, no equipment, 6 × 20 minutes, DUP, a lifter who
    stops growing after week 4 — every decision raised the top to 30, every session was
    served 15–25 in 3 sets again (the raised top cut to fit), logged 3 × 25 at RIR 6–10
    for weeks. Two sets that reach the new top now come before three that cannot — but
    not in the week before a deload (week 11 here), which keeps its sets: a deload holds
    at most 60 % of the week before it as planned."""
    profile = person("advanced", EQUIPMENT["none"], days_per_week=6, session_minutes=20)
    sim = simulate(profile, weeks=12, lifter=Lifter.stalling(4, seed=0), scheme="dup", pm=PM)
    assert_always(sim)

    def served(weeks: range) -> list[Prescription]:
        return [
            item
            for week in sim.program.weeks
            if week.index in weeks
            for session in week.sessions
            for item in session.items
            if item.exercise == "side_lying_hip_abduction" and item.dose.low == 15
        ]

    trained = served(range(7, 11))
    assert trained and all(item.dose.high == 30 for item in trained)
    assert any(item.sets == MIN_SETS_PER_EXERCISE for item in trained)
    before_deload = served(range(11, 12))
    assert before_deload and all(item.sets >= 3 for item in before_deload)
    logged = [
        result
        for session in sim.log.sessions
        if 7 <= session.week <= 10
        for entry in session.exercises
        if entry.exercise == "side_lying_hip_abduction"
        for result in entry.sets
    ]
    hard = [r for r in logged if r.rir is not None and r.rir <= 4]
    assert len(hard) >= 0.8 * len(logged)


def test_the_week_before_a_deload_keeps_its_sets_when_it_shares_item_objects() -> None:
    """Was (an attacker's review): progress reused a session's fitted shape for a session of
    the same item objects and carried values — plan_program shares items across a block's
    weeks — so the week before a deload gave up sets like the week before it, and the
    deload held more than 60 % of it (validate_program: deload ERROR). Two equal programs,
    one with copied items, were served differently."""
    profile = person(
        "intermediate",
        EQUIPMENT["dumbbell+bench+step"],
        days_per_week=2,
        session_minutes=20,
        body=BodyComposition(weight_kg=90, height_cm=175),
    )
    program = hipdip.plan_program(profile, weeks=12, scheme="block", pm=PM)
    weeks = program.weeks
    assert all(
        a is b for a, b in zip(weeks[3].sessions[0].items, weeks[4].sessions[0].items, strict=True)
    )
    ex = "dumbbell_side_lying_hip_abduction"

    def done(week: int, day: int, kg: float, *sets: tuple[int, int]) -> hipdip.SessionLog:
        results = tuple(SetResult(reps=r, rir=i, load=Weight(kg)) for r, i in sets)
        return hipdip.SessionLog(week, day, (hipdip.ExerciseLog(ex, results),))

    log = hipdip.TrainingLog(
        (
            done(1, 1, 1.0, (24, 1), (13, 1), (17, 3), (25, 1)),
            done(1, 2, 1.0, (25, 3), (23, 1), (21, 1)),
            done(2, 1, 1.0, (13, 2), (15, 2), (17, 2), (29, 3)),
            done(2, 2, 1.0, (21, 3), (24, 2), (21, 0)),
            done(3, 1, 1.0, (13, 1), (25, 3), (25, 3), (25, 2)),
            done(3, 2, 2.0, (13, 1), (22, 1), (26, 3)),
        )
    )
    result = progress(program, log, pm=PM)
    errors = [
        f for f in hipdip.validate_program(result.program, pm=PM) if f.severity.value == "error"
    ]
    assert errors == []
    planned = [i.sets for s in weeks[4].sessions for i in s.items]
    assert [i.sets for s in result.program.weeks[4].sessions for i in s.items] == planned
    # Week 4, before it, may give a set up for its held top.
    assert [i.sets for s in result.program.weeks[3].sessions for i in s.items] != planned
    copied = attrs.evolve(
        program,
        weeks=(
            *weeks[:4],
            hipdip.Week(
                weeks[4].index,
                tuple(
                    hipdip.Session(s.week, s.day, tuple(attrs.evolve(i) for i in s.items))
                    for s in weeks[4].sessions
                ),
                weeks[4].deload,
            ),
            *weeks[5:],
        ),
    )
    assert copied == program
    assert progress(copied, log, pm=PM).program == result.program


def test_a_set_given_up_and_a_top_cut_back_are_two_warnings() -> None:
    """Was (an attacker's review): one session_time warning counted week 3 (a set given up,
    the held top served) and week 4 (before a deload: the held top cut back to 8–12) and
    said "one set fewer keeps the higher top" of both."""
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(10.0), rir=3)
    heavy = attrs.evolve(light, sets=4, dose=Reps(8, 12), rir=1)
    side = Prescription("side_lying_hip_abduction", 2, Reps(15, 25), Bodyweight(), rir=2)
    side4 = attrs.evolve(side, sets=5)  # a week of 14 hard sets: one fewer stays in 10–16
    deload = (attrs.evolve(heavy, sets=2, rir=3), attrs.evolve(side, sets=2, rir=3))
    weeks = ((light, side), (light, side), (heavy, side4), (heavy, side4), deload)
    program = hipdip.Program(
        tuple(
            hipdip.Week(w, tuple(hipdip.Session(w, d, items) for d in (1, 2)), w == 5)
            for w, items in enumerate(weeks, start=1)
        ),
        "block",
        person(
            "intermediate", EQUIPMENT["dumbbell+bench+step"], days_per_week=2, session_minutes=45
        ),
    )
    result = progress(program, _sessions(program, RISING), pm=PM)
    served = [(s.items[0].sets, s.items[0].dose) for s in result.program.sessions[4:8]]
    assert served == [(3, Reps(8, 22))] * 2 + [(4, Reps(8, 12))] * 2
    warnings = sorted(f.message for f in result.findings if f.rule == "session_time")
    assert len(warnings) == 2
    assert (
        "4 sets (served 3) does not fit the 45-minute sessions, from week 3 day 1 on (2 "
        in (warnings[0])
    )
    assert "one set fewer keeps the higher top" in warnings[0]
    assert (
        "8–22 reps (served 8–12) does not fit the 45-minute sessions, from week 4 day 1 on"
        in (warnings[1])
    )
    assert "one set fewer" not in warnings[1]


def test_a_top_cut_back_to_fit_keeps_no_rep_or_two_past_the_plan() -> None:
    """A coach's re-check: a held 8–18 cut back in 5-rep steps to fit a short session was
    served 8–13 and logged at RIR 2–10, with a held_top INFO saying "up to 13 reps so
    they stay hard". A remainder under 3 reps (HELD_TOP_MIN_RAISE) goes to the plan."""
    from hipdip.progression import _fit, _item_seconds, _seconds

    def seconds(item: Prescription) -> int:
        return _item_seconds(item, CAT.exercises.get)

    plan = Prescription("dumbbell_step_up", 3, Reps(8, 12), Weight(7.0), rir=1)
    other = Prescription("side_lying_hip_abduction", 3, Reps(15, 25), Bodyweight(), rir=2)
    planned = (plan, other)
    held = attrs.evolve(plan, dose=Reps(8, 18))
    budget = _seconds((attrs.evolve(plan, dose=Reps(8, 13)), other), seconds)
    out = _fit((held, other), planned, budget, seconds, _seconds(planned, seconds))
    assert out[0] is plan
    # Where 8–13 is 3 reps and more past the plan (a planned 8–10), it stays.
    low = attrs.evolve(plan, dose=Reps(8, 10))
    out = _fit((held, other), (low, other), budget, seconds, _seconds((low, other), seconds))
    assert out[0].dose == Reps(8, 13)


def test_a_no_load_left_top_is_served_only_while_no_load_is_left() -> None:
    """Was (an attacker's re-check): a top raised to 30 at the ankle weights' 5 kg cap was
    carried, after a deload, into a plugin scheme's 1–3 weeks at 4 kg — served 1–30 with
    no finding. A top raised because no load was left is served only at a load with
    nothing heavier (bodyweight, the cap, the heaviest band)."""
    from hipdip.progression import _Carried, _carry

    ankle = CAT.exercises["ankle_weight_side_lying_hip_abduction"]
    planned = Prescription(ankle.id, 3, Reps(10, 20), Weight(4.0), rir=2)
    at_cap = _Carried(ankle.id, Weight(5.0), top=30)
    assert _carry(planned, at_cap, CAT.exercises, deload=False).dose == Reps(10, 30)
    under = _Carried(ankle.id, Weight(4.0), top=30)
    assert _carry(planned, under, CAT.exercises, deload=False).dose == Reps(10, 20)
    side = CAT.exercises["side_lying_hip_abduction"]
    bodyweight = Prescription(side.id, 3, Reps(10, 20), Bodyweight(), rir=2)
    carried = _Carried(side.id, Bodyweight(), top=30)
    assert _carry(bodyweight, carried, CAT.exercises, deload=False).dose == Reps(10, 30)


def test_a_built_in_step_to_an_exercise_a_later_session_holds_is_kept_and_said() -> None:
    """Was (an attacker's re-check): a hand-built program holding banded and ankle-weight
    side-lying abduction in each session — validate_program passes it — raised a
    PluginError blaming hipdip's own double_progression when the band at its heaviest
    advanced to the ankle weights the next session already held. A built-in step the
    program cannot take is kept where it is and said, as one the person lacks the
    equipment for."""
    band = hipdip.Band("extra_heavy", "knees")
    banded = Prescription("banded_side_lying_hip_abduction", 3, Reps(10, 20), band, rir=2)
    ankle = Prescription(
        "ankle_weight_side_lying_hip_abduction", 3, Reps(10, 20), Weight(1.0), rir=2
    )
    program = hipdip.Program(
        (hipdip.Week(1, tuple(hipdip.Session(1, d, (banded, ankle)) for d in (1, 2))),),
        "linear",
        person("intermediate", EQUIPMENT["band+ankle_weights"], days_per_week=2),
    )
    topped = (SetResult(reps=20, rir=2, load=band),) * 3
    log = hipdip.TrainingLog(
        (hipdip.SessionLog(1, 1, (hipdip.ExerciseLog(banded.exercise, topped),)),)
    )
    decision = progress(program, log, pm=PM).decisions[0]
    assert (decision.rule, decision.action) == ("double_progression", Action.REPEAT)
    assert decision.after == decision.before
    assert decision.reason.endswith(
        "but Side-lying hip abduction with ankle weight (ankle_weight_side_lying_hip_abduction)"
        " is already in week 1 day 2 of this program, so keep banded_side_lying_hip_abduction"
        " as prescribed"
    )


def test_a_set_given_up_for_a_raised_top_is_said() -> None:
    """The session_time warning says what was cut: here one set, the higher top kept."""
    profile = person("beginner", EQUIPMENT["ankle_weights"], days_per_week=2, session_minutes=30)
    sim = simulate(profile, weeks=8, lifter=Lifter.responder(seed=0), scheme="block", pm=PM)
    (said,) = [f for f in sim.findings if "one set fewer" in f.message]
    assert said.rule == "session_time" and said.severity is hipdip.Severity.WARNING
    assert said.message.startswith(
        "Clamshell: 4 sets (served 3) does not fit the 30-minute sessions, from week 3 day 2"
    )
    # The weeks that gave a set up stay in the weekly range (SCIENCE.md §Invariants 2).
    low, high = hipdip.training.WEEKLY_HARD_SETS[profile.experience]
    for week in sim.program.weeks:
        if not week.deload:
            assert low <= hipdip.metrics.week_hard_sets(week, CAT.exercises) <= high


def test_a_raised_top_keeps_its_set_when_giving_it_up_does_not_make_the_session_fit() -> None:
    """Was (an attacker's re-check): a frog pump raised to 15–30 gave up a set, then had
    its top cut back to the planned 15–25 anyway (slots moved to one-side-at-a-time
    exercises overran the session) and stayed at 2 sets — what the plan holds cut."""
    from hipdip.progression import _fit, _item_seconds, _seconds

    def seconds(item: Prescription) -> int:
        return _item_seconds(item, CAT.exercises.get)

    planned = (
        Prescription("frog_pump", 3, Reps(15, 25), Bodyweight(), rir=2, rest_seconds=60),
        *[Prescription("glute_bridge", 3, Reps(15, 15), Bodyweight(), rir=2, rest_seconds=60)] * 3,
    )
    moved = Prescription("bird_dog", 3, Reps(15, 15), Bodyweight(), rir=2, rest_seconds=60)
    raised = attrs.evolve(planned[0], dose=Reps(15, 30))
    budget = _seconds(planned, seconds)
    fit = functools.partial(_fit, give_sets=True)
    out = fit((raised, moved, moved, moved), planned, budget, seconds, budget)
    assert out[0] is planned[0]  # its top cut back, its 3 sets kept
    # Where giving up the set alone makes it fit, the raised top stays, a set fewer.
    alone = fit((raised, *planned[1:]), planned, budget, seconds, budget)
    assert (alone[0].sets, alone[0].dose) == (2, Reps(15, 30))
    # Not where the session may not give sets up (a deload week, the week before one).
    kept = _fit((raised, *planned[1:]), planned, budget, seconds, budget)
    assert kept[0] is planned[0]
    # One exercise at a time, only until it fits (a coach's re-check: every raised
    # exercise gave up a set at once, hard sets the session had room for).
    both = (raised, attrs.evolve(planned[1], dose=Reps(15, 30)), *planned[2:])
    one_fewer = (attrs.evolve(raised, sets=2), *both[1:])
    roomy = _seconds(one_fewer, seconds)
    out = fit(both, planned, roomy, seconds, budget)
    assert [(i.sets, i.dose.high) for i in out[:2]] == [(2, 30), (3, 30)]


def test_a_stall_counts_only_sessions_of_this_stint_on_a_rung() -> None:
    """Was (a coach's review): back on band walks at the ankles after three weeks at the
    knees, the first session missed the bottom and was called a stall together with the
    session before the step down ("the session before 10, 9 reps", three weeks old)."""
    her = person(
        "beginner",
        frozenset({"band", "step"}),
        age=62,
        body=BodyComposition(weight_kg=70, height_cm=160),
        days_per_week=2,
        session_minutes=30,
        limitations=frozenset({"knee_pain"}),
    )
    stalls_seen = backs_seen = 0
    # Seeds whose lifters stall on a rung and come back to rungs they left (the case of
    # the review was seed 1 before deloads served the rung left for a rung not lifted yet).
    for seed in (3, 4, 7):
        sim = simulate(
            her, weeks=16, lifter=Lifter.stalling(after_week=6, seed=seed), scheme="dup", pm=PM
        )
        deloads = {x.index for x in sim.planned.weeks if x.deload}
        logged = [(s.week, s.day, e) for s in sim.log.sessions for e in s.exercises]
        decided = {(d.week, d.day, d.decision.before.exercise): d.decision for d in sim.decisions}
        for d in sim.decisions:
            if d.decision.rule != "stall":
                continue
            stalls_seen += 1
            exercise = d.decision.before.exercise
            group = LAD.group(exercise)
            # The session before it in the same ladder at the same rep target was this rung.
            earlier = [
                e.exercise
                for w, day, e in logged
                if (w, day) < (d.week, d.day)
                and LAD.group(e.exercise) == group
                and w not in deloads
            ]
            assert earlier and earlier[-1] == exercise, (d.week, d.day, exercise, earlier[-3:])
        # The case itself: the first session back on a rung after a stint on another is
        # no stall, whatever the sessions before the stint did.
        last: dict[str, str] = {}
        seen: set[str] = set()
        for w, day, e in logged:
            if w in deloads:
                continue
            group = LAD.group(e.exercise)
            if group in last and last[group] != e.exercise and e.exercise in seen:
                backs_seen += 1
                assert decided[(w, day, e.exercise)].rule != "stall", (seed, w, day, e.exercise)
            last[group] = e.exercise
            seen.add(e.exercise)
    assert stalls_seen and backs_seen


def test_a_deload_after_a_raise_is_one_step_under_the_load_lifted() -> None:
    """A raise earned at the last session before a deload is not lifted yet: one step under
    it was the load of the week before at RIR 4 (a coach's review); one step under the load
    lifted is the deload. A raise followed by sessions at it keeps the usual step."""
    item = Prescription("dumbbell_step_up", 3, Reps(10, 20), Weight(10.0), rir=1)
    side = Prescription("dumbbell_side_lying_hip_abduction", 4, Reps(10, 20), Weight(4.0), rir=1)
    eased, easy_side = (attrs.evolve(i, sets=2, rir=4) for i in (item, side))
    training = hipdip.Session(1, 1, (item, side)), hipdip.Session(1, 2, (side,))
    deload = hipdip.Session(2, 1, (eased,)), hipdip.Session(2, 2, (easy_side,))
    program = hipdip.Program(
        (hipdip.Week(1, training), hipdip.Week(2, deload, deload=True)),
        "linear",
        person("intermediate", EQUIPMENT["dumbbell+bench+step"], days_per_week=2),
    )
    top = hipdip.ExerciseLog(item.exercise, (SetResult(reps=20, rir=1, load=item.load),) * 3)
    result = progress(program, hipdip.TrainingLog((hipdip.SessionLog(1, 1, (top,)),)), pm=PM)
    exercise = CAT.exercises[item.exercise]
    assert result.decisions[0].after.load == heavier(item.load, exercise) == Weight(12.0)
    deloaded = result.program.weeks[1].sessions[0].items[0].load
    assert deloaded == lighter(item.load, exercise) == Weight(8.0)  # not 10 kg: one under 12


@pytest.mark.parametrize("scheme", ["linear", "dup", "block"])
def test_a_deload_week_keeps_the_rep_range_of_the_week_before(scheme: str) -> None:
    """Was (a coach's review): DUP and block deloaded at 12–15 reps after 8–12-rep weeks."""
    chosen = CAT.schemes[scheme]
    for weeks in (6, 12, 18):
        for day in range(1, 7):
            for week in range(2, weeks + 1):
                target = chosen.target(week, day, weeks=weeks, days_per_week=6)
                if not target.deload:
                    continue
                before = chosen.target(week - 1, day, weeks=weeks, days_per_week=6)
                assert target.reps == before.reps, (weeks, week, day)
                assert target.rir >= 3  # SCIENCE.md §Training: a deload week has RIR ≥ 3


def test_a_block_deload_is_within_reach_at_its_load() -> None:
    """Was (a coach's review): a 90 kg man's block deload asked 3×12–15 at the 20 lb of his
    8–12-rep week, RIR 4: more reps than he had done there at RIR 1. The deload keeps 8–12,
    one step under the load in use."""
    man = a_man(days_per_week=4, session_minutes=60, units="imperial")
    sim = simulate(man, weeks=7, lifter=Lifter.responder(seed=1), scheme="block", pm=PM)
    deloads = [d for d in sim.decisions if d.decision.action is Action.DELOAD]
    assert deloads
    for d in deloads:
        item = d.decision.before
        assert isinstance(item.dose, Reps) and item.dose == Reps(8, 12)
        session = next(s for s in sim.log.sessions if (s.week, s.day) == (d.week, d.day))
        entry = next(e for e in session.exercises if e.exercise == item.exercise)
        if isinstance(item.load, Weight):
            # Within reach (the 12–15 deload was not: 9, 7, 6 at RIR 4) ...
            assert max(r.reps or 0 for r in entry.sets) >= item.dose.low, entry
            # ... and lighter than the last load lifted before it.
            last = [p.load for p in sim.trajectory(item.exercise) if p.week < d.week][-1]
            assert load_units(item.load) < load_units(last), (item, last)


def dup_program(heavy: Prescription, light: Prescription, weeks: int) -> hipdip.Program:
    """Two DUP days a week: ``heavy`` on day 1, ``light`` on day 2, each beside side-lying
    abduction so that the weeks hold the minimum dose (SCIENCE.md §Training)."""
    side = Prescription("side_lying_hip_abduction", 2, Reps(15, 25), Bodyweight(), rir=2)
    return hipdip.Program(
        tuple(
            hipdip.Week(
                w, (hipdip.Session(w, 1, (heavy, side)), hipdip.Session(w, 2, (light, side)))
            )
            for w in range(1, weeks + 1)
        ),
        "dup",
        person("intermediate", EQUIPMENT["dumbbell+bench+step"], days_per_week=2),
    )


def test_the_load_follows_the_rep_target_across_dup_days() -> None:
    """Was: after 8–12 rep weeks, the 15–20 week started at a load giving 9–10 reps at RIR 0."""
    heavy = Prescription("single_leg_deadlift", 3, Reps(8, 12), Weight(20.0), rir=1)
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(20.0), rir=3)
    program = dup_program(heavy, light, weeks=3)
    done = (SetResult(reps=12, rir=1, load=Weight(20.0)),) * 3
    log = hipdip.TrainingLog(
        (hipdip.SessionLog(1, 1, (hipdip.ExerciseLog(heavy.exercise, done),)),)
    )
    result = progress(program, log, pm=PM)
    assert result.decisions[0].action is Action.INCREASE_LOAD  # 20 → 22 kg (10 %)
    later = {(s.week, s.day): s.items[0].load for s in result.program.sessions[1:]}
    # The heavy days get the new load; the light day, a target met for the first
    # time, starts from Epley rounded down within one step (SCIENCE.md §Training),
    # on the load plus the body a single-leg deadlift moves (65 kg · 0.5 = 32.5 kg):
    # (20 + 32.5) · (1 + 13/30) / (1 + 23/30) − 32.5 = 10.1 kg wanted, one step
    # (2 kg) down from the 20 kg lifted — not from the 22 kg raise, never lifted
    # (it started the light day at the load just done for 12 reps): 18 kg.
    assert {k: v for k, v in later.items() if k[1] == 1} == {
        (2, 1): Weight(22.0),
        (3, 1): Weight(22.0),
    }
    assert {v for k, v in later.items() if k[1] == 2} == {Weight(18.0)}
    # From then on each day keeps its own load: the light day's session moves the
    # light day (3 × 25 at 18 kg: one step, 1 kg, up). The heavy day's own decision
    # raised it (20 → 22 kg), and the light day's estimated 1RM since says it is
    # still light: one more step, (18 + 32.5) · (1 + 28/30) / (1 + 11/30) − 32.5 =
    # 38.9 kg wanted, so 24 kg.
    light_done = (SetResult(reps=25, rir=3, load=Weight(18.0)),) * 3
    log = hipdip.TrainingLog(
        (*log.sessions, hipdip.SessionLog(1, 2, (hipdip.ExerciseLog(light.exercise, light_done),)))
    )
    again = progress(program, log, pm=PM)
    assert again.decisions[1].action is Action.INCREASE_LOAD
    heavy_after = [s.items[0].load for s in again.program.sessions[2:] if s.day == 1]
    light_after = [s.items[0].load for s in again.program.sessions[2:] if s.day == 2]
    assert heavy_after == [Weight(24.0), Weight(24.0)]
    assert light_after == [Weight(19.0), Weight(19.0)]


def test_a_heavy_day_stall_is_not_undone_by_the_light_day() -> None:
    """Was: a DUP day's stall reduction came back at the next session of another day."""
    heavy = Prescription("single_leg_deadlift", 3, Reps(8, 12), Weight(20.0), rir=1)
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(16.0), rir=3)
    program = dup_program(heavy, light, weeks=4)
    missed = (SetResult(reps=7, rir=0, load=Weight(20.0)),) * 3
    topped = (SetResult(reps=25, rir=3, load=Weight(16.0)),) * 3
    sessions = []
    for week in (1, 2):
        sessions.append(hipdip.SessionLog(week, 1, (hipdip.ExerciseLog(heavy.exercise, missed),)))
        sessions.append(hipdip.SessionLog(week, 2, (hipdip.ExerciseLog(light.exercise, topped),)))
    sessions[3] = hipdip.SessionLog(
        2,
        2,
        (
            hipdip.ExerciseLog(
                light.exercise, tuple(attrs.evolve(r, load=Weight(18.0)) for r in topped)
            ),
        ),
    )
    result = progress(program, hipdip.TrainingLog(tuple(sessions)), pm=PM)
    assert [d.rule for d in result.decisions][
        2
    ] == "stall"  # the second heavy miss in a row, a light day between
    heavy_after = [s.items[0].load for s in result.program.sessions if s.day == 1 and s.week > 2]
    assert heavy_after == [Weight(18.0), Weight(18.0)]


def test_a_heavy_day_that_earned_a_harder_rung_follows_the_light_day() -> None:
    """A ladder step starts the new rung at its starting load, a guess; newer evidence corrects it.

    Bodyweight side-lying abduction at 12 reps, RIR 8 on the 8–12 day → the
    dumbbell rung at 1 kg. The light day then does 25 at RIR 4 with it (a raise
    to 2 kg): (2 + 4.55) · (1 + 23/30) / (1 + 11/30) − 4.55 = 3.9 kg wanted for
    the heavy day (4.55 kg: 7 % of 65 kg, the leg), so it takes one step: 2 kg.
    """
    heavy = Prescription("side_lying_hip_abduction", 3, Reps(8, 12), Bodyweight(), rir=1)
    light = Prescription("side_lying_hip_abduction", 3, Reps(15, 25), Bodyweight(), rir=3)
    program = dup_program(heavy, light, weeks=3)
    sessions = [
        hipdip.SessionLog(
            1, 1, (hipdip.ExerciseLog(heavy.exercise, (SetResult(reps=12, rir=8),) * 3),)
        )
    ]
    first = progress(program, hipdip.TrainingLog(tuple(sessions)), pm=PM).decisions[0]
    assert first.action is Action.ADVANCE_EXERCISE
    rung, start = first.after.exercise, first.after.load
    assert (rung, start) == ("dumbbell_side_lying_hip_abduction", Weight(1.0))
    topped = (SetResult(reps=25, rir=4, load=start),) * 3
    sessions.append(hipdip.SessionLog(1, 2, (hipdip.ExerciseLog(rung, topped),)))
    result = progress(program, hipdip.TrainingLog(tuple(sessions)), pm=PM)
    assert result.decisions[1].action is Action.INCREASE_LOAD
    heavy_after = [s.items[0].load for s in result.program.sessions[2:] if s.day == 1]
    assert heavy_after == [Weight(2.0), Weight(2.0)]


def test_a_heavy_day_that_did_not_earn_a_raise_keeps_its_load() -> None:
    """The carried extra step is only for a day whose own last session earned a raise."""
    heavy = Prescription("single_leg_deadlift", 3, Reps(8, 12), Weight(20.0), rir=1)
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(20.0), rir=3)
    program = dup_program(heavy, light, weeks=3)
    short = (SetResult(reps=10, rir=1, load=Weight(20.0)),) * 3  # within 8–12: add a rep
    topped = (SetResult(reps=25, rir=3, load=Weight(20.0)),) * 3
    log = hipdip.TrainingLog(
        (
            hipdip.SessionLog(1, 1, (hipdip.ExerciseLog(heavy.exercise, short),)),
            hipdip.SessionLog(1, 2, (hipdip.ExerciseLog(light.exercise, topped),)),
        )
    )
    result = progress(program, log, pm=PM)
    assert [d.action for d in result.decisions] == [Action.ADD_REPS, Action.INCREASE_LOAD]
    loads = {(s.week, s.day): s.items[0].load for s in result.program.sessions[2:]}
    assert loads == {
        (2, 1): Weight(20.0),
        (2, 2): Weight(22.0),
        (3, 1): Weight(20.0),
        (3, 2): Weight(22.0),
    }


def test_a_block_back_at_an_old_rep_target_starts_from_the_newest_estimate() -> None:
    """Was: a block's second 15–25 phase restarted at the load its first phase had weeks
    before (10 kg), after the 8–12 phase had raised the lifter to 14 kg: 25 reps far from
    failure. Three sessions at another target since (STALE_TARGET_SESSIONS): the old
    target is met afresh, carried from the newest estimate within one step of the load
    last lifted (SCIENCE.md §Training, load follows the rep target). The last raise
    (13 → 14 kg) estimates (14 + 32.5) · (1 + 11/30) = 63.6 kg; for 20 + 3 reps to failure
    that wants 63.6 / (1 + 23/30) − 32.5 = 3.5 kg, so one step (1 kg) under the 13 kg
    lifted (not under the 14 kg raise, never lifted): 12 kg."""
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(10.0), rir=3)
    heavy = attrs.evolve(light, dose=Reps(8, 12), rir=1)
    side = Prescription("side_lying_hip_abduction", 2, Reps(15, 25), Bodyweight(), rir=2)
    phases = (light, heavy, heavy, light)
    program = hipdip.Program(
        tuple(
            hipdip.Week(w, tuple(hipdip.Session(w, d, (item, side)) for d in (1, 2)))
            for w, item in enumerate(phases, start=1)
        ),
        "block",
        person("intermediate", EQUIPMENT["dumbbell+bench+step"], days_per_week=2),
    )
    # The 8–12 phase: each session reaches the top it was served (held up while the
    # one-step cap holds the load under what 21 reps at RIR 3 at 10 kg show) at RIR 2.
    done = [(20, 3), (21, 3), (None, 2), (None, 2), (None, 2)]
    sessions: list[hipdip.SessionLog] = []
    result = None
    for (reps, rir), session in zip(done, program.sessions, strict=False):
        item = (result.program if result else program).sessions[len(sessions)].items[0]
        assert isinstance(item.dose, Reps)
        sets = (SetResult(reps=reps or item.dose.high, rir=rir, load=item.load),) * 3
        sessions.append(
            hipdip.SessionLog(session.week, session.day, (hipdip.ExerciseLog(item.exercise, sets),))
        )
        result = progress(program, hipdip.TrainingLog(tuple(sessions)), pm=PM)
    assert result is not None
    assert [d.action for d in result.decisions] == [Action.ADD_REPS] * 2 + [
        Action.INCREASE_LOAD
    ] * 3
    loads = [s.items[0].load for s in result.program.sessions]
    assert loads == [Weight(kg) for kg in (10.0, 10.0, 11.0, 12.0, 13.0, 14.0, 12.0, 12.0)]
    # The held top comes down as the load rises: 21 reps at RIR 3 with 10 kg estimate
    # (10 + 32.5) · (1 + 24/30) = 76.5 kg, so 11 kg ends at RIR 1 after
    # 30 · (76.5 / 43.5 − 1) − 1 = 21 reps; then 20, 19 from each session's estimate,
    # 18 at 14 kg; the 15–25 phase keeps its planned range.
    tops = [getattr(s.items[0].dose, "high", None) for s in result.program.sessions]
    assert tops == [25, 25, 21, 20, 19, 18, 25, 25]
    # Alternating targets (DUP) keep their own loads: see the tests above.


def _block_of_deadlifts(light_kg: float = 10.0) -> hipdip.Program:
    """Two weeks of 15–25 then two of 8–12 (RIR 1): single-leg deadlifts, 2 days a week."""
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(light_kg), rir=3)
    heavy = attrs.evolve(light, dose=Reps(8, 12), rir=1)
    side = Prescription("side_lying_hip_abduction", 2, Reps(15, 25), Bodyweight(), rir=2)
    phases = (light, light, heavy, heavy)
    return hipdip.Program(
        tuple(
            hipdip.Week(w, tuple(hipdip.Session(w, d, (item, side)) for d in (1, 2)))
            for w, item in enumerate(phases, start=1)
        ),
        "block",
        person("intermediate", EQUIPMENT["dumbbell+bench+step"], days_per_week=2),
    )


def _sessions(program: hipdip.Program, done: list[tuple[int, int, float]]) -> hipdip.TrainingLog:
    return hipdip.TrainingLog(
        tuple(
            hipdip.SessionLog(
                s.week,
                s.day,
                (
                    hipdip.ExerciseLog(
                        "single_leg_deadlift",
                        (SetResult(reps=reps, rir=rir, load=Weight(kg)),) * 3,
                    ),
                ),
            )
            for s, (reps, rir, kg) in zip(program.sessions, done, strict=False)
        )
    )


#: The 15–25 weeks: 19, 20, 21 then 22 reps at RIR 3 with 10 kg (rising: no plateau).
RISING = [(reps, 3, 10.0) for reps in (19, 20, 21, 22)]


def test_a_load_the_step_cap_holds_back_gets_a_higher_top_and_says_why() -> None:
    """Was (issue 13's grid, five more seeds): a block's 8–12 weeks of dumbbell single-leg
    deadlifts, a dumbbell a small part of the load moved, climbed 1 kg a session toward
    the ~22 kg the 15–25 weeks showed, every set 12 reps at RIR 5–10 — not hard sets;
    intermediate dumbbell block runs at 77–79 % hard. 22 reps at RIR 3 with 10 kg show
    (10 + 32.5) · (1 + 25/30) = 77.9 kg: the 8–12 load wanted is 77.9 / (1 + 11/30) −
    32.5 = 24.5 kg, more than a step (1 kg) above the 11 kg served, so the top rises to
    where 11 kg ends at RIR 1: 30 · (77.9 / 43.5 − 1) − 1 = 22 reps."""
    program = _block_of_deadlifts()
    result = progress(program, _sessions(program, RISING), pm=PM)
    served = [s.items[0] for s in result.program.sessions[4:]]
    assert [(i.load, i.dose) for i in served] == [(Weight(11.0), Reps(8, 22))] * 4
    (held,) = [f for f in result.findings if f.rule == "held_top"]
    assert held.severity is hipdip.Severity.INFO
    assert held.message.startswith(
        "Dumbbell single-leg Romanian deadlift: week 3 day 1 serves 8–22 reps at 11 kg "
        "dumbbell, planned 8–12"
    )
    # Done as served (22 reps at RIR 1): one step up, and the top comes down with it.
    log = _sessions(program, [*RISING, (22, 1, 11.0)])
    again = progress(program, log, pm=PM)
    assert again.decisions[-1].action is Action.INCREASE_LOAD
    nxt = again.program.sessions[5].items[0]
    assert nxt.load == Weight(12.0)
    assert isinstance(nxt.dose, Reps) and 12 < nxt.dose.high < 22


def test_a_held_top_does_not_skip_the_rebuild_after_a_stall() -> None:
    """Was (a coach's review): after a stall cut a cable's 8–12 from 15 to 12.5 kg, the next
    session was served 8–16 (a held top) and one session at that top took the load straight
    back to 15 kg, where it missed again: the rebuild looked for the cut session at the same
    range, 8–12, and 8–16 is another. The same bottom is the same range (and no top is held
    right after a decision cut the load)."""
    cable = CAT.exercises["standing_cable_hip_abduction"]
    cut = Prescription(cable.id, 3, Reps(8, 12), Weight(15.0), rir=1)
    held = attrs.evolve(cut, dose=Reps(8, 16), load=Weight(12.5))
    missed = (SetResult(reps=7, rir=1, load=Weight(15.0)),) * 3
    history = (PastSession(1, 1, cut, missed, action=Action.REDUCE_LOAD, rule="stall"),)
    topped = (SetResult(reps=16, rir=2, load=Weight(12.5)),) * 3
    decision = DOUBLE_PROGRESSION.decide(cable, held, topped, history=history, catalog=CAT)
    assert decision is not None and decision.action is Action.REPEAT
    assert "reach it again before going back up" in decision.reason


def test_no_top_is_held_right_after_a_stall_cut() -> None:
    """A coach's review: 8, 7, 6 reps logged at RIR 3 twice at 15 kg — a stall, cut to
    12.5 kg — and the next session served 8–16: the best set's Epley estimate said the
    load was light while the stall said it was heavy. A decision that cut the load is no
    load held back."""
    cable = Prescription("standing_cable_hip_abduction", 3, Reps(8, 12), Weight(15.0), rir=1)
    side = Prescription("side_lying_hip_abduction", 3, Reps(15, 25), Bodyweight(), rir=2)
    program = hipdip.Program(
        tuple(
            hipdip.Week(w, tuple(hipdip.Session(w, d, (cable, side)) for d in (1, 2)))
            for w in (1, 2)
        ),
        "linear",
        person("intermediate", EQUIPMENT["cable"], days_per_week=2),
    )
    missed = tuple(SetResult(reps=r, rir=3, load=Weight(15.0)) for r in (8, 7, 6))
    log = hipdip.TrainingLog(
        tuple(
            hipdip.SessionLog(1, d, (hipdip.ExerciseLog(cable.exercise, missed),)) for d in (1, 2)
        )
    )
    result = progress(program, log, pm=PM)
    assert result.decisions[-1].rule == "stall"
    served = result.program.sessions[2].items[0]
    assert (served.load, served.dose) == (Weight(12.5), Reps(8, 12))


def test_a_top_is_held_only_for_a_weight_a_few_reps_past_the_planned_top() -> None:
    """A coach's review: tops raised by a rep or two (within what a logged RIR says) flipped
    up and down and cost sets where the session was short; a band's next tier is one step
    of ~10 %, and a held band top slowed it. Held tops are for weights, at least 3 reps up
    (HELD_TOP_MIN_RAISE), and never right after a cut."""
    program = _block_of_deadlifts()
    # 21 reps at RIR 0 with 10 kg: 42.5 · (1 + 21/30) = 72.25 kg wants 72.25 / (1 + 11/30)
    # − 32.5 = 20.4 kg for 8–12, more than a step past 11 kg, and 11 kg ends at RIR 1
    # after 30 · (72.25 / 43.5 − 1) − 1 = 18.8 reps: 8–18.
    rising = [(reps, 0, 10.0) for reps in (18, 19, 20, 21)]
    near = progress(program, _sessions(program, rising), pm=PM).program.sessions[4].items[0]
    assert near.dose == Reps(8, 18)
    # 16 reps at RIR 0 (after 13, 14, 15): 42.5 · (1 + 16/30) = 65.2 kg wants 15.2 kg,
    # more than a step past 11 kg, but 11 kg ends at RIR 1 after 30 · (65.2 / 43.5 − 1)
    # − 1 = 13.9 reps — 13, not 3 past the top: no held top.
    close = [(reps, 0, 10.0) for reps in (13, 14, 15, 16)]
    program_low = attrs.evolve(
        program,
        weeks=tuple(
            hipdip.Week(
                w.index,
                tuple(
                    hipdip.Session(
                        s.week,
                        s.day,
                        tuple(
                            attrs.evolve(i, dose=Reps(12, 25)) if i.dose == Reps(15, 25) else i
                            for i in s.items
                        ),
                    )
                    for s in w.sessions
                ),
            )
            for w in program.weeks
        ),
    )
    result = progress(program_low, _sessions(program_low, close), pm=PM)
    assert result.program.sessions[4].items[0].dose == Reps(8, 12)
    assert not [f for f in result.findings if f.rule == "held_top"]


def test_a_top_held_for_one_load_is_judged_at_the_load_done() -> None:
    """Served 8–22 at 11 kg, done a step heavier (12 kg, within a step of the program):
    the decision judges the sets against the top 12 kg would have had (21), so 21 reps
    there reach it."""
    program = _block_of_deadlifts()
    log = _sessions(program, [*RISING, (21, 1, 12.0)])
    decision = progress(program, log, pm=PM).decisions[-1]
    assert decision.before.load == Weight(12.0)
    assert decision.before.dose == Reps(8, 21)
    assert decision.action is Action.INCREASE_LOAD


def test_a_heavy_day_is_not_held_light_by_the_light_days_estimate_alone() -> None:
    """The held top asks the rep target's own last session too: a heavy day whose own 8–12
    session showed 12 reps at RIR 1 with 20 kg keeps 8–12, whatever a light day's 25 reps
    suggest through Epley (see test_a_heavy_day_stall_is_not_undone_by_the_light_day)."""
    heavy = Prescription("single_leg_deadlift", 3, Reps(8, 12), Weight(20.0), rir=1)
    light = Prescription("single_leg_deadlift", 3, Reps(15, 25), Weight(16.0), rir=3)
    program = dup_program(heavy, light, weeks=3)
    sessions = (
        hipdip.SessionLog(
            1,
            1,
            (hipdip.ExerciseLog(heavy.exercise, (SetResult(11, load=Weight(20.0), rir=1),) * 3),),
        ),
        hipdip.SessionLog(
            1,
            2,
            (hipdip.ExerciseLog(light.exercise, (SetResult(25, load=Weight(16.0), rir=3),) * 3),),
        ),
    )
    result = progress(program, hipdip.TrainingLog(sessions), pm=PM)
    heavy_next = result.program.sessions[2].items[0]
    assert heavy_next.dose == Reps(8, 12)
    assert not [f for f in result.findings if f.rule == "held_top"]


@settings(max_examples=40, deadline=None)
@given(
    reps=st.integers(18, 25),
    rir=st.integers(0, 5),
    kg=st.sampled_from([2.0, 5.0, 10.0, 16.0]),
)
def test_a_held_top_asks_no_more_than_the_lifter_showed(reps: int, rir: int, kg: float) -> None:
    """For any 15–25 session before the 8–12 weeks: the 8–12 top served is the planned 12,
    or the most reps the estimate says the served load allows at RIR 1 (never past twice
    the planned top, 24);
    and it is held only when the 8–12 load wanted is more than a step past the load served."""
    program = _block_of_deadlifts(kg)
    done = [(reps - 3 + i, rir, kg) for i in range(4)]  # rising to ``reps``: no plateau
    result = progress(program, _sessions(program, done), pm=PM)
    item = result.program.sessions[4].items[0]
    assert isinstance(item.dose, Reps) and isinstance(item.load, Weight)
    assert item.dose.low == 8
    moved = 65 * 0.5  # a standing exercise moves half the body (hipdip.loads.BODY_SHARE)
    shown = estimated_1rm(kg + moved, reps + rir)
    load = item.load.kg + moved
    held = [f for f in result.findings if f.rule == "held_top"]
    if item.dose.high == 12:
        assert not held
        return
    assert held
    assert 12 < item.dose.high <= 24  # at most twice the planned top (HELD_TOP_FACTOR)
    wanted = shown / (1 + 11 / 30) - moved  # 8–12 at RIR 1: the middle + 1 to failure
    assert wanted >= item.load.kg + 1 - 1e-9  # more than the one step (1 kg) served
    assert estimated_1rm(load, item.dose.high + 1) <= shown + 1e-9
    assert item.dose.high == 24 or estimated_1rm(load, item.dose.high + 2) > shown


@pytest.mark.parametrize("experience", ["intermediate", "advanced"])
def test_a_dup_heavy_day_of_step_ups_gets_heavy(experience: str) -> None:
    """Was: a step-up's 8–12 day sat at 12 reps with 10 in reserve for ten weeks.

    Epley on the dumbbells alone (4 kg for 24 reps) made a heavy day of 5–6 kg;
    the body a step-up lifts counts now (:func:`hipdip.loads.moved_body_kg`),
    and a heavy day that earned a raise takes one more step when the light
    days say it is still light.
    """
    profile = person(experience, EQUIPMENT["dumbbell+bench+step"])
    sim = simulate(profile, weeks=12, lifter=Lifter.responder(seed=0), scheme="dup", pm=PM)
    deloads = {w.index for w in sim.planned.weeks if w.deload}
    logged = {(s.week, s.day): s for s in sim.log.sessions}
    rirs = [
        r.rir
        for d in sim.decisions
        if d.decision.before.exercise == "dumbbell_step_up"
        and d.week >= 5
        and d.week not in deloads
        and isinstance(d.decision.before.dose, Reps)
        and d.decision.before.dose.high <= 12
        for e in logged[d.week, d.day].exercises
        if e.exercise == "dumbbell_step_up"
        for r in e.sets
    ]
    assert len(rirs) >= 8
    assert sum(rir is not None and rir <= 4 for rir in rirs) >= 0.5 * len(rirs), rirs


def test_a_plateau_across_dup_days_is_seen() -> None:
    """Was: a DUP heavy day's heavier dumbbell looked like a stronger lifter.

    On the dumbbells alone, 11 reps at RIR 1 with 20 kg (Epley 28 kg) beat 13 at
    RIR 2 with 16 kg (24.5 kg), so a lifter stalled on both days "rose" every
    time a light day was the session before the last three. With the 32.5 kg of
    body a single-leg deadlift moves (65 kg · 0.5) the two are one strength:
    52.5 · (1 + 12/30) = 73.5 kg and 48.5 · (1 + 15/30) = 72.75 kg.
    """
    light = Prescription("single_leg_deadlift", 3, Reps(12, 15), Weight(16.0), rir=2)
    heavy = Prescription("single_leg_deadlift", 3, Reps(8, 12), Weight(20.0), rir=1)
    program = dup_program(light, heavy, weeks=3)
    done = {
        1: (SetResult(reps=13, rir=2, load=Weight(16.0)),) * 3,
        2: (SetResult(reps=11, rir=1, load=Weight(20.0)),) * 3,
    }
    log = hipdip.TrainingLog(
        tuple(
            hipdip.SessionLog(w, d, (hipdip.ExerciseLog(light.exercise, done[d]),))
            for w in (1, 2)
            for d in (1, 2)
        )
    )
    decisions = progress(program, log, pm=PM).decisions
    assert [d.rule for d in decisions[:2]] == ["double_progression"] * 2
    assert (decisions[2].rule, decisions[2].action) == ("plateau", Action.REPEAT)  # a warning
    assert "this session's estimated strength 100 % of the first of them" in decisions[2].reason
    assert decisions[3].rule == "plateau"
    assert decisions[3].action is Action.REDUCE_LOAD
    assert "rose by no more than the 1 rep a logged RIR can be off" in decisions[3].reason
    assert "(best estimated strength 101 % of the session before them)" in decisions[3].reason


def test_a_dup_heavy_day_catching_up_is_no_rise_of_the_light_day() -> None:
    """Each rep target keeps its own load: the heavy day's raise is that day's load
    catching up, not a rise of the light day's. Was: it ended the light day's count, so
    with a heavy day raised every week a stalled lifter's light day never heard of it.
    Light 13 @ RIR 2 with 16 kg: 48.5 · (1 + 15/30) = 72.75 kg; heavy 12 @ RIR 0 with
    20 kg (earning 22 kg): 52.5 · (1 + 12/30) = 73.5 kg — one strength."""
    light = Prescription("single_leg_deadlift", 3, Reps(12, 15), Weight(16.0), rir=2)
    heavy = Prescription("single_leg_deadlift", 3, Reps(8, 12), Weight(20.0), rir=1)
    exercise = CAT.exercises[light.exercise]
    someone = person("intermediate", EQUIPMENT["dumbbell+bench+step"])
    flat = (SetResult(reps=13, rir=2, load=Weight(16.0)),) * 3
    topped = (SetResult(reps=12, rir=0, load=Weight(20.0)),) * 3
    history = (
        PastSession(1, 1, light, flat, action=Action.ADD_REPS),
        PastSession(1, 2, heavy, topped, action=Action.INCREASE_LOAD),
        PastSession(2, 1, light, flat, action=Action.ADD_REPS),
    )
    decision = PLATEAU.decide(exercise, light, flat, history=history, catalog=CAT, profile=someone)
    assert decision is not None and decision.action is Action.REDUCE_LOAD
    assert decision.after is not None and decision.after.load == Weight(14.0)  # 2 kg steps
    # A raise at the light day's own target is a rise of its load: the count starts there.
    own = (*history[:2], attrs.evolve(history[2], action=Action.INCREASE_LOAD))
    assert PLATEAU.decide(exercise, light, flat, history=own, catalog=CAT, profile=someone) is None


def test_a_dup_day_whose_reps_rise_at_its_load_is_not_cut() -> None:
    """A coach's review: a light day's 20, 21, 23 reps at 2 kg (RIR 2-4) were cut to 1 kg
    (-50 %), "neither the load nor the reps at that load rose" — judged against a heavy
    day's set of 12 at RIR 6, stopped at the top of its range (8 of 34 DUP plateau cuts in
    216 responder simulations were of a day rising at its own load). SCIENCE.md: a plateau
    is "neither the load nor the total reps at that load rose"."""
    light = Prescription("dumbbell_side_lying_hip_abduction", 3, Reps(15, 25), Weight(2.0), rir=3)
    heavy = attrs.evolve(light, dose=Reps(8, 12), load=Weight(3.0), rir=1)
    raised = attrs.evolve(heavy, load=Weight(4.0))
    exercise = CAT.exercises[light.exercise]
    someone = person("beginner", EQUIPMENT["dumbbell+bench+step"])

    def sets(load: float, *done: tuple[int, int]) -> tuple[SetResult, ...]:
        return tuple(SetResult(reps=r, rir=rir, load=Weight(load)) for r, rir in done)

    history = (
        PastSession(7, 1, light, sets(2, (20, 2), (18, 3), (17, 3)), action=Action.ADD_REPS),
        PastSession(7, 2, heavy, sets(3, (12, 6), (12, 3), (12, 3)), action=Action.INCREASE_LOAD),
        PastSession(8, 1, light, sets(2, (21, 4), (20, 4), (18, 2)), action=Action.ADD_REPS),
        PastSession(
            8, 2, raised, sets(4, (10, 1), (9, 2), (8, 1)), action=Action.REPEAT, rule="plateau"
        ),
    )
    now = sets(2, (23, 2), (21, 4), (19, 4))
    decision = PLATEAU.decide(
        exercise, light, now, history=history, catalog=CAT, profile=someone, week=9
    )
    assert decision is None or decision.action is not Action.REDUCE_LOAD, decision
    # Not warned yet: the days together earn the warning, which says the day's reps rose.
    unwarned = (*history[:3], attrs.evolve(history[3], action=Action.ADD_REPS, rule="x"))
    warning = PLATEAU.decide(
        exercise, light, now, history=unwarned, catalog=CAT, profile=someone, week=9
    )
    assert warning is not None and warning.action is Action.REPEAT
    assert "though the reps at this session's own load rose" in warning.reason
    assert warning.reason.endswith("only once this day's reps stop rising too")
    # The same day flat at its load (20, 20, 20 reps at RIR 3) is cut as before.
    flat = sets(2, (20, 3), (19, 3), (18, 3))
    still = (
        attrs.evolve(history[0], results=flat),
        history[1],
        attrs.evolve(history[2], results=flat),
        history[3],
    )
    cut = PLATEAU.decide(exercise, light, flat, history=still, catalog=CAT, profile=someone, week=9)
    assert cut is not None and cut.action is Action.REDUCE_LOAD


@given(body_kg=st.floats(30, 250), exercise=st.sampled_from(sorted(CAT.exercises)))
def test_the_body_moved_is_a_share_of_the_body(body_kg: float, exercise: str) -> None:
    moved = moved_body_kg(CAT.exercises[exercise], body_kg)
    assert 0 < moved < body_kg
    assert moved_body_kg(CAT.exercises[exercise], 2 * body_kg) == pytest.approx(2 * moved)


@given(
    kg=st.floats(0.5, 60),
    moved=st.floats(0, 120),
    a=st.tuples(st.integers(1, 40), st.integers(0, 10)),
    b=st.tuples(st.integers(1, 40), st.integers(0, 10)),
)
def test_the_body_moved_keeps_the_order_of_sessions_at_one_load(
    kg: float, moved: float, a: tuple[int, int], b: tuple[int, int]
) -> None:
    """Counting the body changes comparisons across loads only: at one load the order stays."""
    item = Prescription("single_leg_deadlift", 1, Reps(1, 40), Weight(kg), rir=2)

    def strength(done: tuple[int, int], body: float) -> float:
        result = SetResult(reps=done[0], rir=done[1], load=Weight(kg))
        return session_strength(item, [result], moved_kg=body)

    with_body = strength(a, moved) - strength(b, moved)
    without = strength(a, 0.0) - strength(b, 0.0)
    assert (with_body > 1e-9) == (without > 1e-9)
    assert (with_body < -1e-9) == (without < -1e-9)
    assert strength(a, moved) >= strength(a, 0.0)


def test_a_lifter_who_stops_improving_gets_a_plateau_decision() -> None:
    """Was: 3 kg from week 6 to week 24 with 58 "add a rep" decisions, no plateau."""
    item = Prescription(
        "ankle_weight_side_lying_hip_abduction", 3, Reps(10, 20), Weight(3.0), rir=2
    )
    program = hipdip.Program(
        tuple(
            hipdip.Week(w, (hipdip.Session(w, 1, (item,)), hipdip.Session(w, 2, (item,))))
            for w in range(1, 6)  # 6 weeks would need a deload week
        ),
        "linear",
        person("intermediate", EQUIPMENT["ankle_weights"], days_per_week=2),
    )
    stuck = (SetResult(reps=15, rir=2, load=Weight(3.0)),) * 3
    sessions = [
        hipdip.SessionLog(w, d, (hipdip.ExerciseLog(item.exercise, stuck),))
        for w in (1, 2, 3)
        for d in (1, 2)
    ]
    result = progress(program, hipdip.TrainingLog(tuple(sessions[:4])), pm=PM)
    actions = [(d.rule, d.action) for d in result.decisions]
    assert actions[:2] == [("double_progression", Action.ADD_REPS)] * 2
    # The 3rd session: no rise over the last 3 sessions — said, with one more chance.
    assert actions[2] == ("plateau", Action.REPEAT)
    warning = result.decisions[2]
    assert warning.after == warning.before
    assert warning.reason.startswith("plateau: neither the load nor the reps")
    assert warning.reason.endswith(
        "one more session without a rise and the load comes down a step (then rebuild)"
    )
    # The 4th: still no rise over the session before the last three — one step lighter.
    assert actions[3] == ("plateau", Action.REDUCE_LOAD)
    assert result.decisions[3].after.load == Weight(2.5)
    assert result.decisions[3].reason.startswith("plateau: neither the load nor the reps")


def _plateau(before: SetResult, recent: list[SetResult]) -> hipdip.Decision | None:
    """The plateau rule on a session before the window and three recent ones (newest last)."""
    item = Prescription(
        "ankle_weight_side_lying_hip_abduction", 2, Reps(10, 20), Weight(3.0), rir=2
    )
    history = tuple(
        PastSession(1, day, item, (result,) * 2, action=Action.ADD_REPS)
        for day, result in enumerate([before, *recent[:-1]], start=1)
    )
    exercise = CAT.exercises[item.exercise]
    return PLATEAU.decide(exercise, item, (recent[-1],) * 2, history=history, catalog=CAT)


def test_no_plateau_is_called_within_one_week() -> None:
    """Was (a coach's review): training 5 days a week, a lifter raised 2 → 3 kg on Monday
    was cut back to 2 kg on Thursday (three flat sessions, one week: growth shows week by
    week) — about 4 cuts per 12 weeks for a responder at 5–6 days, 0.25 at 2 days."""
    item = Prescription(
        "ankle_weight_side_lying_hip_abduction", 2, Reps(10, 20), Weight(3.0), rir=2
    )
    flat = (SetResult(reps=15, rir=2, load=item.load),) * 2
    exercise = CAT.exercises[item.exercise]
    for days in ([1, 2, 3, 4], [1, 3, 5, 1]):
        weeks = [4, 4, 4, 4] if days == [1, 2, 3, 4] else [4, 4, 4, 5]
        history = tuple(
            PastSession(w, d, item, flat, action=Action.ADD_REPS)
            for w, d in zip(weeks[:-1], days[:-1], strict=True)
        )
        decision = PLATEAU.decide(
            exercise, item, flat, history=history, catalog=CAT, week=weeks[-1]
        )
        if weeks[-1] == 4:  # all four in week 4: too soon to tell
            assert decision is None
        else:  # from week 4 to week 5: the answer, one step lighter
            assert decision is not None and decision.action is Action.REDUCE_LOAD
        # Without a week (next_prescription on its own): sessions only, as before.
        without = PLATEAU.decide(exercise, item, flat, history=history, catalog=CAT)
        assert without is not None and without.action is Action.REDUCE_LOAD
    assert PLATEAU_MIN_WEEKS == 1


def test_a_responder_training_daily_is_not_cut_within_a_week() -> None:
    him = a_man(days_per_week=5)
    for seed in (0, 1):
        sim = simulate(him, weeks=12, lifter=Lifter.responder(seed=seed), pm=PM)
        deloads = {w.index for w in sim.planned.weeks if w.deload}
        for d in sim.decisions:
            if d.decision.rule != "plateau":
                continue
            exercise = d.decision.before.exercise
            before = [
                (s.week, s.day)
                for s in sim.log.sessions
                if (s.week, s.day) < (d.week, d.day)
                and s.week not in deloads
                and any(e.exercise == exercise for e in s.exercises)
            ]
            assert before[-2][0] < d.week, (d.week, d.day, exercise, before[-3:])


def test_reps_rising_at_a_new_load_are_no_plateau_whatever_the_raise_session_showed() -> None:
    """Was: the session that earned a raise (20 at RIR 8 on the lighter load: a high
    estimated strength) was the bar for the three after it, so 16 → 17 → 19 reps at the
    new load got "plateau: … −0.5 kg" — and the next session was far from failure.
    SCIENCE.md: a plateau is no rise "over the last 3 logged sessions"; these rose."""
    light = Prescription(
        "ankle_weight_side_lying_hip_abduction", 2, Reps(10, 20), Weight(1.0), rir=2
    )
    item = attrs.evolve(light, load=Weight(1.5))
    exercise = CAT.exercises[item.exercise]

    def sets(reps: int, rir: int, load: float) -> tuple[SetResult, ...]:
        return (SetResult(reps=reps, rir=rir, load=Weight(load)),) * 2

    history = (
        PastSession(1, 1, light, sets(20, 8, 1.0), action=Action.INCREASE_LOAD),
        PastSession(1, 2, item, sets(16, 2, 1.5), action=Action.ADD_REPS),
        PastSession(1, 3, item, sets(17, 2, 1.5), action=Action.ADD_REPS),
    )
    someone = person("beginner", EQUIPMENT["ankle_weights"])
    leg = moved_body_kg(exercise, someone.body.weight_kg)
    strength = [session_strength(p.prescription, p.results, moved_kg=leg) for p in history]
    assert strength[0] > max(strength[1:])  # the raise session is the higher bar
    rising = PLATEAU.decide(
        exercise, item, sets(19, 2, 1.5), history=history, catalog=CAT, profile=someone
    )
    assert rising is None
    # The same three sessions flat at the new load: the answer, one step lighter.
    flat = (history[0], *(attrs.evolve(p, results=sets(17, 2, 1.5)) for p in history[1:]))
    answer = PLATEAU.decide(
        exercise, item, sets(17, 2, 1.5), history=flat, catalog=CAT, profile=someone
    )
    assert answer is not None and answer.action is Action.REDUCE_LOAD


def test_a_plateau_at_the_top_with_nothing_to_add_keeps_the_load() -> None:
    """Was: at the heaviest band, at the top of the range, a plateau took a tier off — and
    the next session's 20 reps at RIR 10 put it back (a heavy/extra-heavy yo-yo)."""
    item = Prescription(
        "lateral_band_walk_feet", 2, Reps(15, 20), hipdip.Band("extra_heavy", "feet"), rir=3
    )
    top = (SetResult(reps=20, rir=3, load=item.load), SetResult(reps=19, rir=3, load=item.load))
    band_only = person("intermediate", EQUIPMENT["band"])
    exercise = CAT.exercises[item.exercise]
    history = tuple(
        PastSession(1, day, item, top, action=Action.REPEAT, rule="double_progression")
        for day in (1, 2)
    )
    decision = PLATEAU.decide(exercise, item, top, history=history, catalog=CAT, profile=band_only)
    assert decision is not None and decision.action is Action.REPEAT
    assert decision.after == decision.before  # no lighter band
    assert "at the top (20) with nothing heavier or harder to move to" in decision.reason
    # It is the answer, not a warning: the next session does not hear it again.
    answered = (*history, PastSession(1, 3, item, top, action=Action.REPEAT, rule="plateau"))
    assert (
        PLATEAU.decide(exercise, item, top, history=answered, catalog=CAT, profile=band_only)
        is None
    )


def test_a_rise_within_the_error_of_a_logged_rir_is_no_rise() -> None:
    """One rep more in reps + RIR is within a self-rated RIR's error (Halperin et al., 2022)."""
    before = SetResult(reps=15, rir=2, load=Weight(3.0))
    one_more = SetResult(reps=16, rir=2, load=Weight(3.0))
    decision = _plateau(before, [before, one_more, before])
    assert decision is not None and decision.action is Action.REDUCE_LOAD
    assert "rose by no more than the 1 rep a logged RIR can be off" in decision.reason
    two_more = SetResult(reps=16, rir=3, load=Weight(3.0))
    # Two more is a rise for the load (no reduction), but within what two logged RIRs
    # can differ by: the warning, which changes nothing but says so.
    warning = _plateau(before, [before, before, two_more])
    assert warning is not None and warning.action is Action.REPEAT
    assert warning.after == warning.before and "beat it" in warning.reason
    assert "rose by no more than the 2 reps two logged RIRs can be off" in warning.reason
    three_more = SetResult(reps=17, rir=3, load=Weight(3.0))
    assert _plateau(before, [before, before, three_more]) is None
    # Over the last 3 is from the first to this one: a rise in between that fell back
    # is no rise over them (the warning; the cut still counts it).
    fell_back = _plateau(before, [before, three_more, before])
    assert fell_back is not None and fell_back.action is Action.REPEAT
    # A set logged without RIR is counted, not judged: one more rep is a rise.
    counted = SetResult(reps=15, load=Weight(3.0))
    assert _plateau(counted, [counted, counted, SetResult(reps=16, load=Weight(3.0))]) is None
    assert _plateau(counted, [counted, counted, counted]) is not None


def test_add_a_rep_names_the_step_that_comes_next() -> None:
    """Was: "the load goes up once …" for bodyweight work with no load to add."""
    hydrant = Prescription("fire_hydrant", 3, Reps(12, 20), Bodyweight(), rir=2)
    done = [SetResult(reps=15, rir=2)] * 3
    bare = person("beginner", EQUIPMENT["none"])
    banded = person("beginner", EQUIPMENT["band"])
    assert (
        "; the next step comes once" in next_prescription(hydrant, done, pm=PM, profile=bare).reason
    )
    reason = next_prescription(hydrant, done, pm=PM, profile=banded).reason
    assert "; a harder variant comes once" in reason
    ankle = Prescription(
        "ankle_weight_side_lying_hip_abduction", 3, Reps(12, 20), Weight(1.0), rir=2
    )
    weighted = [SetResult(reps=15, rir=2, load=Weight(1.0))] * 3
    assert "; the load goes up once" in next_prescription(ankle, weighted, pm=PM).reason


def test_a_hold_kept_at_the_top_is_not_called_a_plateau_every_session() -> None:
    """Was: "plateau: … repeat … or change the exercise" on every plank session at 60 s."""
    from hipdip.examples import example_profile

    sim = simulate(example_profile(), weeks=16, lifter=Lifter.stalling(6, seed=3), pm=PM)
    for exercise in ("plank", "side_plank"):
        rules = [d.decision.rule for d in sim.decisions if d.decision.before.exercise == exercise]
        answers = [i for i, rule in enumerate(rules) if rule == "plateau"]
        assert answers, exercise  # the lifter at the top with nothing harder is told once
        # … and then again only after three more sessions without a rise (deloads
        # skipped): with nothing to change, a repeated answer waits for the second stage.
        assert all(b - a >= 4 for a, b in itertools.pairwise(answers)), (exercise, rules)
    # Worded for a hold (was: "nor the reps", "estimated strength", "adding a rep forever",
    # "the top of the range rises once a set ends there at RIR ≥ 5" — a plank has no RIR).
    plank = [
        d.decision.reason
        for d in sim.decisions
        if d.decision.before.exercise == "plank" and d.decision.rule == "plateau"
    ]
    assert plank and all(
        "neither the load nor the hold at that load rose" in r
        and ("longest hold" in r or "this session's hold" in r)
        for r in plank
    )
    assert not [r for r in plank if "RIR" in r or "a rep" in r]


def test_no_load_left_names_an_exercise_the_person_can_load() -> None:
    """Was: "a band or weight is the next step" to someone who owns both."""
    bridge = Prescription("single_leg_glute_bridge", 3, Reps(10, 30), Bodyweight(), rir=2)
    done = [SetResult(reps=30, rir=3)] * 3
    owner = person("advanced", EQUIPMENT["everything"])
    reason = next_prescription(bridge, done, pm=PM, profile=owner).reason
    assert reason.endswith(
        "an exercise you can load with what you own is the next step (Banded glute bridge)"
    )
    bare = person("advanced", EQUIPMENT["none"])
    assert next_prescription(bridge, done, pm=PM, profile=bare).reason.endswith(
        "a band or weight is the next step"
    )


def _trained(program: hipdip.Program) -> set[str]:
    """The exercises of a program's training (non-deload) weeks."""
    return {
        item.exercise
        for week in program.weeks
        if not week.deload
        for session in week.sessions
        for item in session.items
    }


def test_a_role_left_out_by_short_sessions_is_named() -> None:
    """Was: 2 × 15 min with a band gave band walks only, and nothing said so."""
    short = hipdip.plan_program(
        person("beginner", EQUIPMENT["band"], days_per_week=2, session_minutes=15), pm=PM
    )
    (finding,) = [f for f in short.findings if f.rule == "role_coverage"]
    assert finding.severity is hipdip.Severity.INFO
    assert finding.message.startswith("No week has a frontal-plane abduction")
    assert "such as Side-lying hip abduction, nor a rotation-biased one" in finding.message
    assert "2 sessions of 15 minutes hold only Lateral band walk" in finding.message
    roomy = hipdip.plan_program(
        person("beginner", EQUIPMENT["band"], days_per_week=2, session_minutes=30), pm=PM
    )
    assert [f for f in roomy.findings if f.rule == "role_coverage"] == []


@pytest.mark.parametrize("equipment", ["band", "none", "dumbbell+bench+step", "cable"])
@pytest.mark.parametrize("experience", ["beginner", "advanced"])
def test_role_coverage_is_said_when_a_role_is_missing_and_more_time_makes_room(
    experience: str, equipment: str
) -> None:
    """The finding fires exactly when a wanted role the person could do is in no week."""
    for minutes in (15, 20, 30, 45):
        profile = person(experience, EQUIPMENT[equipment], days_per_week=3, session_minutes=minutes)
        try:
            program = hipdip.plan_program(profile, pm=PM)
        except hipdip.PlanningError:
            continue
        covered = set().union(*(roles(CAT.exercises[e]) for e in _trained(program)))
        said = [f for f in program.findings if f.rule == "role_coverage"]
        wanted = {"frontal_abduction", "weight_bearing"} | (
            {"rotation_biased"} if experience == "beginner" else set()
        )
        doable = {
            r
            for r in wanted
            if any(
                r in roles(e)
                for e in CAT.exercises.values()
                if e.equipment <= profile.equipment
                and e.level <= profile.experience.level
                and e.target("gluteus_medius") is not None
            )
        }
        assert bool(said) == bool(doable - covered), (minutes, doable - covered, said)
        if said:  # the claim in the message: more time, more exercises (training weeks)
            longer = hipdip.plan_program(attrs.evolve(profile, session_minutes=60), pm=PM)
            assert len(_trained(longer)) > len(_trained(program))


@pytest.mark.parametrize("scheme", ["linear", "dup", "block"])
@pytest.mark.parametrize("equipment", ["none", "band", "dumbbell+bench+step", "everything"])
def test_a_deload_week_never_has_more_sets_of_an_exercise_than_the_week_before(
    equipment: str, scheme: str
) -> None:
    """Was: 2 sets of forward lunges in week 5, 4 in the deload week 6 (fewer sets, fewer
    exercises per day, so one of them got more)."""
    for experience in ("beginner", "advanced"):
        for days, minutes in ((3, 20), (3, 45), (5, 60)):
            profile = person(
                experience, EQUIPMENT[equipment], days_per_week=days, session_minutes=minutes
            )
            program = hipdip.plan_program(profile, weeks=12, scheme=scheme, pm=PM)
            for before, week in itertools.pairwise(program.weeks):
                if not week.deload:
                    continue
                had, has = collections.Counter(), collections.Counter()
                for counter, sessions in ((had, before.sessions), (has, week.sessions)):
                    for session in sessions:
                        for item in session.items:
                            counter[item.exercise] += item.sets
                more = {e: (had[e], n) for e, n in has.items() if n > had[e]}
                assert more == {}, (profile, week.index)


def test_a_plateau_over_sessions_with_nothing_logged_is_answered_not_a_crash() -> None:
    """Was: ZeroDivisionError (the reason divided by the strength of an empty session)."""
    item = Prescription("ankle_weight_side_lying_hip_abduction", 2, Reps(10, 20), Weight(1.0))
    history = tuple(PastSession(1, day, item, ()) for day in (1, 2, 3))
    exercise = CAT.exercises[item.exercise]
    decision = PLATEAU.decide(exercise, item, (), history=history, catalog=CAT)
    assert decision is not None and "(nothing done in them)" in decision.reason


def test_the_load_never_comes_down_before_three_sessions_at_a_raised_load() -> None:
    """SCIENCE.md: "neither the load nor the reps at that load rose" — the cut needs three
    sessions at the new load; the warning may come at the second, on estimated strength."""
    light = Prescription(
        "ankle_weight_side_lying_hip_abduction", 2, Reps(10, 20), Weight(2.5), rir=2
    )
    heavy = attrs.evolve(light, load=Weight(3.0))
    exercise = CAT.exercises[light.exercise]
    same = (SetResult(reps=12, rir=2, load=Weight(3.0)),) * 2  # 4.40 kg e1RM, below 4.42
    topped = (SetResult(reps=20, rir=2, load=Weight(2.5)),) * 2
    history = (
        PastSession(1, 1, light, (SetResult(reps=18, rir=2, load=Weight(2.5)),) * 2),
        PastSession(1, 2, light, topped, action=Action.INCREASE_LOAD),
        PastSession(2, 1, heavy, same, action=Action.ADD_REPS),
        PastSession(2, 2, heavy, same, action=Action.ADD_REPS),
    )
    # Three sessions at 3 kg after the raise, none better than the one before them
    # (20 @ RIR 2 at 2.5 kg, 4.33 kg e1RM; 4.42 with the one-rep allowance):
    assert PLATEAU.decide(exercise, heavy, same, history=history, catalog=CAT) is not None
    # Two sessions after the raise: the raise is within the last three, so no cut — but the
    # two at 3 kg did not beat the session that earned them: the warning, which says so.
    warning = PLATEAU.decide(exercise, heavy, same, history=history[:3], catalog=CAT)
    assert warning is not None and warning.action is Action.REPEAT
    assert warning.after == warning.before
    assert warning.reason.startswith(
        "plateau: the estimated strength rose by no more than the 2 reps two logged RIRs can be "
        "off over the last 3 sessions of Side-lying hip "
    )
    assert "the first of them the one that earned the present load" in warning.reason
    # Reps rising at the new load by more than a rep: no warning.
    rising = (SetResult(reps=15, rir=2, load=Weight(3.0)),) * 2
    assert PLATEAU.decide(exercise, heavy, rising, history=history[:3], catalog=CAT) is None


@given(
    reps=st.integers(10, 18),
    rir=st.integers(0, 3),
    gains=st.lists(st.integers(-3, 4), min_size=3, max_size=3),
)
def test_the_plateau_rule_answers_exactly_when_no_session_rose_by_more_than_a_rep(
    reps: int, rir: int, gains: list[int]
) -> None:
    """At one load: one step lighter iff none of the last 3 sessions beat the one before them
    by ≥ 2 reps + RIR and the last 2 did not beat the first of the 3 (no rise within the
    last 3 either: SCIENCE.md's "over the last 3 logged sessions"); else a warning iff the
    last did not beat the first of the 3 (no net rise over them)."""
    before = SetResult(reps=reps, rir=rir, load=Weight(3.0))
    recent = [SetResult(reps=reps + gain, rir=rir, load=Weight(3.0)) for gain in gains]
    decision = _plateau(before, recent)
    if reps + gains[-1] >= 20 and rir >= 1:  # the top of 10–20, earned: progress, no plateau
        assert decision is None
    elif max(gains) < 2 and max(gains[1:]) - gains[0] < 2:
        assert decision is not None and decision.action is Action.REDUCE_LOAD
    elif gains[-1] - gains[0] < 2:  # the warning: no net rise from the first to this one
        assert decision is not None and decision.action is Action.REPEAT
        assert "of the first of them" in decision.reason
    else:
        assert decision is None


@given(
    reps=st.integers(10, 16),
    rir=st.integers(0, 3),
    more_reps=st.lists(st.integers(-2, 3), min_size=2, max_size=2),
    more_rir=st.lists(st.integers(-1, 2), min_size=2, max_size=2),
)
def test_the_plateau_warning_allows_for_two_judged_rirs(
    reps: int, rir: int, more_reps: list[int], more_rir: list[int]
) -> None:
    """The warning (the first stage) fires iff this session beat the first of the last 3
    by at most a rep (reps + RIR), or by at most two when it logged a higher RIR: two
    judgements a rep off each (PLATEAU_WARNING_TOLERANCE). A rise in counted reps at the
    same RIR stays a rise; the session between them does not count (no net rise)."""
    first = SetResult(reps=reps, rir=rir, load=Weight(3.0))
    later = [
        SetResult(reps=reps + r, rir=max(0, rir + d), load=Weight(3.0))
        for r, d in zip(more_reps, more_rir, strict=True)
    ]
    # Far above the three: no reduction (a lighter session before them, 5 reps less).
    assume(all(s.reps < 20 for s in later))  # the top of 10–20 reached is progress
    before = SetResult(reps=reps - 5, rir=rir, load=Weight(3.0))
    decision = _plateau(before, [first, *later])
    newest = later[-1]
    gain = (newest.reps + newest.rir) - (reps + rir)
    quiet = gain <= RIR_TOLERANCE or (gain <= PLATEAU_WARNING_TOLERANCE and newest.rir > rir)
    if quiet:
        assert decision is not None and decision.action is Action.REPEAT
        assert decision.after == decision.before and "beat it" in decision.reason
    else:
        assert decision is None


def test_ankle_weights_stop_at_five_kilograms_and_the_cable_takes_over() -> None:
    """Was: ankle weights grew in 0.5 kg steps toward 500 kg."""
    ankle = CAT.exercises["ankle_weight_side_lying_hip_abduction"]
    assert load_cap_kg(ankle) == 5.0
    top = Prescription(ankle.id, 3, Reps(10, 20), Weight(5.0), rir=2)
    done = [SetResult(reps=20, rir=3, load=Weight(5.0))] * 3
    with_cable = person("intermediate", frozenset({"ankle_weights", "cable"}))
    decision = next_prescription(top, done, pm=PM, profile=with_cable)
    assert decision.action is Action.ADVANCE_EXERCISE
    assert decision.after.exercise == "standing_cable_hip_abduction"
    without = person("intermediate", EQUIPMENT["ankle_weights"])
    decision = next_prescription(top, done, pm=PM, profile=without)
    assert decision.after.load == Weight(5.0) and decision.action is Action.REPEAT
    assert "a band or weight is the next step" in decision.reason


def test_ladder_steps_never_lose_gluteus_medius_and_holds_follow_what_was_done() -> None:
    """Was: single-leg bridge → hip thrust; bird-dog a hold; 40 s held → "hold 25 s"."""
    bridge = Prescription("single_leg_glute_bridge", 3, Reps(10, 20), Bodyweight(), rir=2)
    decision = next_prescription(bridge, [SetResult(reps=20, rir=6)] * 3, pm=PM)
    assert decision.after.exercise != "hip_thrust"
    tilted = person("beginner", EQUIPMENT["none"], posture=hipdip.Posture(22.0))
    items = {i.exercise: i for s in hipdip.plan_program(tilted, pm=PM).sessions for i in s.items}
    assert isinstance(items["bird_dog"].dose, Reps) and items["bird_dog"].tempo.endswith("-5")
    side = Prescription("side_plank", 2, Hold(20, 60), Bodyweight())
    held = next_prescription(side, [SetResult(hold_seconds=40)] * 2, pm=PM)
    assert held.after.dose == Hold(45, 60)
    intermediate = hipdip.plan_program(person("intermediate", EQUIPMENT["none"]), pm=PM)
    abduction = [
        i
        for s in intermediate.sessions
        for i in s.items
        if i.exercise == "side_plank_hip_abduction"
    ]
    assert abduction and all(isinstance(i.dose, Reps) for i in abduction)


def test_the_time_budget_never_gives_one_set_days_nor_refuses_a_short_one() -> None:
    """Was: 6 × 90 min → "1 × 10–20 per side" days; 2 × 15 min beginner refused."""
    long = hipdip.plan_program(
        person("beginner", EQUIPMENT["band"], days_per_week=6, session_minutes=90), pm=PM
    )
    assert all(i.sets >= 2 for s in long.sessions for i in s.items)
    short = hipdip.plan_program(
        person("beginner", EQUIPMENT["none"], days_per_week=2, session_minutes=15), pm=PM
    )
    assert [f.rule for f in short.findings][:1] == ["minimum_dose"]


# --------------------------------------------------------------------------- #
# Properties of every simulation


def assert_always(sim: Simulation) -> None:
    """What must hold for every lifter: SCIENCE.md §Invariants 1–5 and the deload half of 10."""
    profile = sim.profile
    deloads = {w.index for w in sim.planned.weeks if w.deload}
    in_use: dict[str, hipdip.Load] = {}
    lifted: dict[tuple[str, object], hipdip.Load] = {}  # by exercise and rep target
    for d in sim.decisions:
        decision = d.decision
        exercise = CAT.exercises[decision.before.exercise]
        assert decision_problems(decision, decision.before, exercise, CAT) == ()
        # A DUP day by the bottom of its range (a deload keeps the range, not the RIR).
        target_key = (exercise.id, getattr(decision.before.dose, "low", None))
        if d.week in deloads:
            assert decision.action is Action.DELOAD and decision.after == decision.before
            # One step below the load its rep target had last (a DUP day's own), else
            # below the load in use (SCIENCE.md: "the load drops one step"): never heavier.
            # (Below what it lifted, unless a session the lifter then missed was to lift
            # a raise first: the program prescribing the deload could not know.)
            used = lifted.get(target_key, in_use.get(exercise.id))
            if used is not None and type(used) is type(decision.before.load):
                step_down = lighter(used, exercise) or used
                assert not is_heavier(decision.before.load, step_down), (d, used)
        else:
            in_use[decision.after.exercise] = decision.after.load
            # The heavier of the load lifted and the one decided: a raise is not lifted
            # yet, nor is a cut (a deload after a cut steps down from the load lifted).
            done, decided = decision.before.load, decision.after.load
            same_kind = type(done) is type(decided) and decision.after.exercise == exercise.id
            lifted[target_key] = done if same_kind and is_heavier(done, decided) else decided
        target = CAT.exercises[decision.after.exercise]
        assert target.equipment <= profile.equipment
        assert target.level <= profile.experience.level
        if decision.after.exercise != decision.before.exercise and decision.action in STEPS_UP:
            assert target.level >= exercise.level
            role = {Role.PRIMARY: 0, Role.SECONDARY: 1, Role.STABILIZER: 2}
            mine = exercise.target("gluteus_medius")
            theirs = target.target("gluteus_medius")
            assert theirs is not None and (mine is None or role[theirs.role] <= role[mine.role])
    # No runaway load: a session's load is at most two steps above the heaviest the
    # exercise had before — one raise by a decision, one carried step when a newer
    # session at another rep target says the raised load is still light.
    heaviest: dict[str, hipdip.Load] = {}
    for d in sim.decisions:
        item = d.decision.before
        exercise = CAT.exercises[item.exercise]
        top = heaviest.get(item.exercise)
        if top is not None:
            once = heavier(top, exercise, profile.units) or top
            twice = heavier(once, exercise, profile.units) or once
            assert not is_heavier(item.load, twice), (d.week, d.day, item, top)
        if top is None or is_heavier(item.load, top):
            heaviest[item.exercise] = item.load
    errors = [
        f
        for f in hipdip.validate_program(sim.program, pm=PM)
        if f.severity is hipdip.Severity.ERROR
    ]
    assert errors == []


def main_lineages_without_a_step(sim: Simulation, weeks: int = 4) -> list[str]:
    """Main gluteus medius exercises of week 1 that could progress but did not within ``weeks``."""
    stepped = {
        LAD.group(d.decision.before.exercise)
        for d in sim.decisions
        if d.week <= weeks and d.decision.action in STEPS_UP
    }
    missing = []
    for session in sim.planned.weeks[0].sessions:
        for item in session.items:
            exercise = CAT.exercises[item.exercise]
            target = exercise.target("gluteus_medius")
            if target is None or target.role is not Role.PRIMARY:
                continue
            if can_add_load(exercise, sim.profile, CAT) and LAD.group(item.exercise) not in stepped:
                missing.append(item.exercise)
    return missing


def hard_share(sim: Simulation) -> float:
    """Share of the counted (gluteus medius, non-deload) sets logged at RIR ≤ 4."""
    deloads = {w.index for w in sim.planned.weeks if w.deload}
    hard = total = 0.0
    for session in sim.log.sessions:
        if session.week in deloads:
            continue
        for entry in session.exercises:
            credit = CAT.exercises[entry.exercise].set_credit("gluteus_medius")
            for result in entry.sets:
                total += credit
                hard += credit * (result.rir is not None and result.rir <= 4)
    return hard / total if total else 1.0


def strength_rose(sim: Simulation) -> bool:
    """The best estimated strength on the first main lineage that can take load is higher at the end.

    (Exercises with nowhere to go are exempt: at bodyweight with nothing to add
    the reps and tempo change instead, which an Epley estimate does not see.)
    """
    from hipdip.builtin.progression import session_strength

    loadable = [
        i
        for s in sim.planned.weeks[0].sessions
        for i in s.items
        if CAT.exercises[i.exercise].set_credit("gluteus_medius") > 0
        and can_add_load(CAT.exercises[i.exercise], sim.profile, CAT)
    ]
    if not loadable:
        return True
    group = LAD.group(loadable[0].exercise)
    deloads = {w.index for w in sim.planned.weeks if w.deload}
    by_week: dict[int, float] = collections.defaultdict(float)
    for d in sim.decisions:
        if LAD.group(d.decision.before.exercise) != group or d.week in deloads:
            continue  # a deload week is lighter on purpose
        session = next(s for s in sim.log.sessions if (s.week, s.day) == (d.week, d.day))
        entry = next(e for e in session.exercises if e.exercise == d.decision.before.exercise)
        value = session_strength(d.decision.before, entry.sets)
        # Rungs are harder exercises: a step up the ladder counts as a rise by itself.
        rung = LAD.rung(d.decision.before.exercise)
        by_week[d.week] = max(by_week[d.week], rung * 100 + value)
    weeks = sorted(by_week)
    return by_week[weeks[-1]] > by_week[weeks[0]]


#: Sessions within which a stall must be answered (the issue: "within 4 sessions").
STALL_WINDOW = 4


def harder(decision: hipdip.Decision) -> bool:
    """Whether ``decision`` steps up: more load, a harder rung, a higher top or a slower tempo."""
    before, after = decision.before, decision.after
    if decision.action in STEPS_UP or after.tempo != before.tempo:
        return True
    return (
        isinstance(before.dose, hipdip.Reps)
        and isinstance(after.dose, hipdip.Reps)
        and after.dose.high > before.dose.high
    )


def stall_answer_delays(sim: Simulation, after_week: int, *, strict: bool = False) -> Iterator[int]:
    """For each main exercise trained after the stall: sessions until a plateau or stall answer.

    Counted from the stall (``strict``: from the stall only), or from the last step up after it: a lifter who
    stopped growing while under-loaded still earns more load until the
    headroom is used up — that is progress, not a plateau to detect. With no
    load left a step up is a higher top of the range or a slower lowering
    phase (SCIENCE.md §Training, no load left). An exercise is followed along
    its ladder (a step to a harder rung carries on there), as the slow grid
    counts lineages.
    """
    deloads = {w.index for w in sim.planned.weeks if w.deload}
    by_lineage: dict[str, list[hipdip.Decision]] = collections.defaultdict(list)
    for d in sim.decisions:
        if d.week > after_week and d.week not in deloads:
            by_lineage[LAD.group(d.decision.before.exercise)].append(d.decision)
    for decisions in by_lineage.values():
        if CAT.exercises[decisions[0].before.exercise].set_credit("gluteus_medius") <= 0:
            continue
        since = 0
        for decision in decisions:
            if decision.rule in ANSWERS:
                yield since
                break
            since = 0 if harder(decision) and not strict else since + 1
        else:
            if since >= STALL_WINDOW:  # due, never answered (else: still stepping up at the end)
                yield since + 99


SLICE = [
    ("beginner", "band+ankle_weights", "linear"),
    ("intermediate", "dumbbell+bench+step", "dup"),
    ("advanced", "everything", "block"),
    ("beginner", "none", "dup"),
]


@pytest.mark.parametrize(("experience", "equipment", "scheme"), SLICE)
def test_a_responder_progresses_on_the_slice(experience: str, equipment: str, scheme: str) -> None:
    profile = person(experience, EQUIPMENT[equipment])
    sim = simulate(profile, weeks=12, lifter=Lifter.responder(seed=0), scheme=scheme, pm=PM)
    assert_always(sim)
    assert main_lineages_without_a_step(sim) == []
    assert strength_rose(sim)
    assert hard_share(sim) >= 0.6


@pytest.mark.parametrize(("experience", "equipment", "scheme"), SLICE)
def test_a_stalling_lifter_is_answered_on_the_slice(
    experience: str, equipment: str, scheme: str
) -> None:
    profile = person(experience, EQUIPMENT[equipment])
    sim = simulate(profile, weeks=16, lifter=Lifter.stalling(6, seed=0), scheme=scheme, pm=PM)
    assert_always(sim)
    delays = list(stall_answer_delays(sim, 6))
    # Every exercise trained after the stall is answered within 5 sessions (measured on
    # the grid, seeds 0-11: the longest wait was the 5th; ~99 % within 4 — the grid
    # under `slow` asserts the share).
    assert delays and max(delays) < 5, delays


def test_same_seed_same_simulation() -> None:
    profile = person("intermediate", EQUIPMENT["band"])
    one = simulate(profile, weeks=6, lifter=Lifter.inconsistent(seed=7), scheme="dup", pm=PM)
    two = simulate(profile, weeks=6, lifter=Lifter.inconsistent(seed=7), scheme="dup", pm=PM)
    assert one == two
    other = simulate(profile, weeks=6, lifter=Lifter.inconsistent(seed=8), scheme="dup", pm=PM)
    assert other.log != one.log


def test_missed_sessions_are_absent_from_the_log() -> None:
    profile = person("beginner", EQUIPMENT["band"])
    sim = simulate(profile, weeks=8, lifter=Lifter.inconsistent(seed=2), pm=PM)
    planned = sum(len(w.sessions) for w in sim.planned.weeks)
    assert 0 < len(sim.log.sessions) < planned
    assert len(sim.decisions) == sum(len(s.exercises) for s in sim.log.sessions)


@settings(max_examples=8, deadline=None)
@given(
    experience=st.sampled_from(EXPERIENCE),
    equipment=st.sampled_from(sorted(EQUIPMENT)),
    scheme=st.sampled_from(SCHEMES),
    seed=st.integers(0, 2**16),
    kind=st.sampled_from(["responder", "slow", "stalling", "inconsistent"]),
)
def test_every_simulation_keeps_the_invariants(
    experience: str, equipment: str, scheme: str, seed: int, kind: str
) -> None:
    lifter = {
        "responder": Lifter.responder,
        "slow": Lifter.slow,
        "stalling": Lifter.stalling,
        "inconsistent": Lifter.inconsistent,
    }[kind](seed=seed)
    profile = person(experience, EQUIPMENT[equipment])
    assert_always(simulate(profile, weeks=10, lifter=lifter, scheme=scheme, pm=PM))


@settings(max_examples=8, deadline=None)
@given(
    profile=strategies.profiles(),
    scheme=st.sampled_from(SCHEMES),
    seed=st.integers(),
    growth=st.floats(0.0, 0.05),
    adherence=st.floats(0.3, 1.0),
)
def test_any_person_and_lifter_keep_the_invariants(
    profile: hipdip.Profile, scheme: str, seed: int, growth: float, adherence: float
) -> None:
    # Drawn people, not the grid's: any equipment, limitations, avoided exercises, 2–6 days,
    # pounds. The grid's people missed a pound load drifting onto the kilogram grid.
    lifter = Lifter(growth_per_week=growth, adherence=adherence, rir_error=2, seed=seed)
    try:
        sim = simulate(profile, weeks=8, lifter=lifter, scheme=scheme, pm=PM)
    except hipdip.PlanningError:
        return  # sessions too short to hold the minimum dose: refused, with a suggestion
    assert_always(sim)
    if profile.units is Units.IMPERIAL:  # planned in pounds, stepped in pounds
        for session in sim.log.sessions:
            for entry in session.exercises:
                for result in entry.sets:
                    if isinstance(result.load, Weight):
                        assert grid_units(result.load.kg) is Units.IMPERIAL, (entry, result)


def test_bad_arguments_name_the_field() -> None:
    profile = person("beginner", EQUIPMENT["band"])
    with pytest.raises(hipdip.ValidationError, match=r"^weeks: "):
        simulate(profile, weeks=0, lifter=Lifter.responder(), pm=PM)
    with pytest.raises(hipdip.ValidationError, match=r"^lifter: "):
        simulate(profile, weeks=4, lifter="responder", pm=PM)  # type: ignore[arg-type]
    with pytest.raises(hipdip.ValidationError, match=r"^profile: "):
        simulate("me", weeks=4, lifter=Lifter.responder(), pm=PM)  # type: ignore[arg-type]
    with pytest.raises(hipdip.ValidationError, match=r"^adherence: "):
        Lifter(adherence=1.5)
    with pytest.raises(hipdip.ValidationError, match=r"^rir_error: "):
        Lifter(rir_error=-1)
    with pytest.raises(hipdip.ValidationError, match=r"^seed: must be an integer"):
        Lifter(seed=1.5)  # type: ignore[arg-type]


@settings(max_examples=5, deadline=None)
@given(seed=st.integers())
def test_any_integer_is_a_seed_and_the_same_seed_gives_the_same_lifter(seed: int) -> None:
    # hypothesis' st.integers() draws negative and huge seeds too; random.Random seeds −n
    # as n, so a negative seed goes by its text and stays its own lifter.
    profile = person("beginner", EQUIPMENT["band"])
    runs = [
        simulate(profile, weeks=2, lifter=Lifter.responder(seed=s), pm=PM) for s in (seed, seed)
    ]
    assert runs[0].log == runs[1].log
    if seed < 0:
        mirror = simulate(profile, weeks=2, lifter=Lifter.responder(seed=-seed), pm=PM)
        assert [s.exercises for s in mirror.log.sessions] != [
            s.exercises for s in runs[0].log.sessions
        ]


# --------------------------------------------------------------------------- #
# The whole grid (slow): experience × equipment × scheme, hypothesis-drawn seeds

GRID = [(e, q, s) for e in EXPERIENCE for q in EQUIPMENT for s in SCHEMES]
#: Two hypothesis-drawn seeds per run; derandomized so that CI sees the same
#: seeds every time (the rates below are measured, not guaranteed, for any
#: seed: docs/coaching.md), and no shrinking (a grid takes ~1 min per seed).
GRID_SETTINGS = settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)


@pytest.mark.slow
@GRID_SETTINGS
@given(seed=st.integers(0, 2**16))
def test_the_grid_of_responders(seed: int) -> None:
    shares, missing, lineages = [], [], 0
    for experience, equipment, scheme in GRID:
        profile = person(experience, EQUIPMENT[equipment])
        sim = simulate(profile, weeks=12, lifter=Lifter.responder(seed=seed), scheme=scheme, pm=PM)
        assert_always(sim)
        assert strength_rose(sim), (experience, equipment, scheme)
        missing += [
            (experience, equipment, scheme, m) for m in set(main_lineages_without_a_step(sim))
        ]
        lineages += len(set(main_lineages_without_a_step(sim, weeks=0)))
        shares.append(hard_share(sim))
    # Every main exercise with somewhere to go steps up within 4 weeks: measured over
    # seeds 0-39 (docs/coaching.md), none of the 117 lineages misses. Some slack stays:
    # a beginner's bodyweight side-lying abduction, trained once a week by a lifter
    # drawn near the middle of its range, can need a fifth week (seeds 7 and 15 did
    # before the carry counted the body; the lifter's dice follow the loads).
    assert len(missing) <= 0.08 * lineages, missing
    # Measured (docs/coaching.md): mean ≈ 91.5 %; no run under 80 % over seeds 0-7, 4242
    # and 31337 (the lowest cells, DUP/block with body-dominated dumbbell work, were at
    # 77-79 % before a top held up while the one-step cap trails the lifter).
    assert statistics.mean(shares) >= 0.88
    assert min(shares) >= 0.8


@pytest.mark.slow
@GRID_SETTINGS
@given(seed=st.integers(0, 2**16))
def test_the_grid_of_stalling_lifters(seed: int) -> None:
    delays: list[int] = []
    strictly: list[int] = []
    for experience, equipment, scheme in GRID:
        profile = person(experience, EQUIPMENT[equipment])
        sim = simulate(
            profile, weeks=16, lifter=Lifter.stalling(6, seed=seed), scheme=scheme, pm=PM
        )
        assert_always(sim)
        delays += list(stall_answer_delays(sim, 6))
        strictly += list(stall_answer_delays(sim, 6, strict=True))
    within = [d < STALL_WINDOW for d in delays]
    within8 = [d < 8 for d in delays]
    # Measured (docs/coaching.md): ~99 % within 4 sessions (seeds 0-5: 98-100 % each,
    # most by the plateau warning at the third flat session), every one within 8.
    assert sum(within) / len(within) >= 0.95
    assert all(within8), sorted(delays)[-5:]
    # Counted from the stall week alone (a lifter with headroom after the deload earns a
    # raise or two first): seeds 0-3, 87-92 % within 4 sessions, 99-100 % within 8.
    assert sum(d < STALL_WINDOW for d in strictly) / len(strictly) >= 0.8
    assert sum(d < 8 for d in strictly) / len(strictly) >= 0.95


def test_a_deload_after_a_missed_session_steps_down_from_what_was_lifted() -> None:
    """A raise earned at week 1 day 1 (10 → 12 kg), the session that was to lift it missed
    (day 2), then the deload: once the log shows the miss, one step under the load lifted
    (8 kg), not under the raise never lifted (the engine counted the missed session as
    lifting it). A logged session keeps what it was served (an attacker's review: the
    deload day logged at the 10 kg served read 8 kg afterwards, and in pounds a log of
    exactly the served load was then refused): the miss is known only after it."""
    item = Prescription("dumbbell_step_up", 3, Reps(10, 20), Weight(10.0), rir=1)
    side = Prescription("dumbbell_side_lying_hip_abduction", 4, Reps(10, 20), Weight(4.0), rir=1)
    eased, easy_side = (attrs.evolve(i, sets=2, rir=4) for i in (item, side))
    training = tuple(hipdip.Session(1, d, (item, side)) for d in (1, 2))
    deload = tuple(hipdip.Session(2, d, (eased, easy_side)) for d in (1, 2))
    program = hipdip.Program(
        (hipdip.Week(1, training), hipdip.Week(2, deload, deload=True)),
        "linear",
        person("intermediate", EQUIPMENT["dumbbell+bench+step"], days_per_week=2),
    )
    top = hipdip.ExerciseLog(item.exercise, (SetResult(reps=20, rir=1, load=item.load),) * 3)
    first = hipdip.SessionLog(1, 1, (top,))
    served = progress(program, hipdip.TrainingLog((first,)), pm=PM).program
    assert served.weeks[1].sessions[0].items[0].load == Weight(10.0)  # day 2 was to lift 12
    easy = hipdip.ExerciseLog(item.exercise, (SetResult(reps=20, rir=6, load=Weight(10.0)),) * 2)
    log = hipdip.TrainingLog((first, hipdip.SessionLog(2, 1, (easy,))))  # week 1 day 2 missed
    after = progress(program, log, pm=PM).program
    assert after.weeks[1].sessions[0].items[0].load == Weight(10.0)  # as served
    assert after.weeks[1].sessions[1].items[0].load == Weight(8.0)  # the miss known now


def test_done_volume_of_a_log_that_did_everything_as_prescribed_is_the_planned() -> None:
    """Was (an attacker's review): holds are planned as hard sets (a side plank counts 0.5)
    but prescribed and logged without an RIR, so a perfect week read 9 of 10 done; and a
    set of 0 reps at RIR 3 counted as a done hard set."""
    from hipdip.examples import example_program
    from hipdip.metrics import logged_hard_sets, weekly_volume

    program = example_program()

    def as_prescribed(item: Prescription, **changes: object) -> hipdip.ExerciseLog:
        if isinstance(item.dose, Hold):
            done = SetResult(hold_seconds=item.dose.low_seconds, load=item.load)
        else:
            done = SetResult(reps=item.dose.low, load=item.load, rir=item.rir)
        return hipdip.ExerciseLog(item.exercise, (attrs.evolve(done, **changes),) * item.sets)

    def week_log(week: hipdip.Week, **changes: object) -> hipdip.TrainingLog:
        return hipdip.TrainingLog(
            tuple(
                hipdip.SessionLog(
                    s.week, s.day, tuple(as_prescribed(i, **changes) for i in s.items)
                )
                for s in week.sessions
            )
        )

    for week in program.weeks[:2]:
        (volume,) = [v for v in weekly_volume(program, week_log(week), CAT.exercises) if v.done]
        assert volume.week == week.index and volume.done == volume.planned > 0
    first = program.weeks[0]
    holds = sum(
        i.sets * CAT.exercises[i.exercise].set_credit("gluteus_medius")
        for s in first.sessions
        for i in s.items
        if isinstance(i.dose, Hold)
    )
    assert holds > 0  # the example's side plank
    # Without the program a hold's target is unknown: only sets logged at RIR ≤ 4 count.
    planned = weekly_volume(program, None, CAT.exercises)[0].planned
    assert logged_hard_sets(week_log(first), CAT.exercises) == {1: planned - holds}
    nothing = week_log(first, reps=0, hold_seconds=None)
    assert logged_hard_sets(nothing, CAT.exercises) == {1: 0.0}
    # A hold logged with an RIR counts where the program is known only if held at least
    # the bottom of its range (an attacker's three 1 s side planks "at RIR 2" counted 1.5).
    short = hipdip.TrainingLog(
        tuple(
            attrs.evolve(
                session,
                exercises=tuple(
                    attrs.evolve(
                        entry,
                        sets=tuple(
                            attrs.evolve(r, hold_seconds=1, rir=2)
                            if r.hold_seconds is not None
                            else r
                            for r in entry.sets
                        ),
                    )
                    for entry in session.exercises
                ),
            )
            for session in week_log(first).sessions
        )
    )
    (volume,) = [v for v in weekly_volume(program, short, CAT.exercises) if v.logged]
    assert volume.done == volume.planned - holds


def test_done_volume_names_a_bad_argument() -> None:
    """Was (an attacker's review): bare AttributeErrors, and a misspelled muscle counted 0."""
    from hipdip.examples import example_log, example_program
    from hipdip.metrics import logged_hard_sets, weekly_volume

    program = example_program()
    log = example_log(program)
    with pytest.raises(hipdip.ValidationError, match=r"^log: must be a TrainingLog"):
        logged_hard_sets(None, CAT.exercises)  # type: ignore[arg-type]
    with pytest.raises(hipdip.ValidationError, match=r"^exercises: must be a mapping"):
        logged_hard_sets(log, None)  # type: ignore[arg-type]
    with pytest.raises(hipdip.ValidationError, match=r"^program: must be a Program"):
        weekly_volume(None, log, CAT.exercises)  # type: ignore[arg-type]
    done = progress(program, log, pm=PM)
    with pytest.raises(hipdip.ValidationError, match=r"not its Progress"):
        weekly_volume(program, done, CAT.exercises)  # type: ignore[arg-type]
    with pytest.raises(hipdip.ValidationError, match=r"did you mean 'gluteus_medius'"):
        logged_hard_sets(log, CAT.exercises, "gluteus_medus")
    assert logged_hard_sets(log, CAT.exercises, "gluteus_maximus")  # any muscle worked
    with pytest.raises(hipdip.ValidationError, match=r"exercises: gave str for 'x'"):
        logged_hard_sets(log, {"x": "not an exercise"}, "gluteus_maximus")  # type: ignore[dict-item]
    # A dated log (an app's export): weekly_volume places it as progress() does; it
    # counted 0 done sets, silently. logged_hard_sets, without a program, says so.
    dated = hipdip.TrainingLog(
        tuple(
            attrs.evolve(s, week=None, day=None, date=datetime.date(2026, 1, 5 + 2 * n))
            for n, s in enumerate(log.sessions)
        )
    )
    assert weekly_volume(program, dated, CAT.exercises) == weekly_volume(
        program, log, CAT.exercises
    )
    with pytest.raises(hipdip.ValidationError, match=r"^log\.sessions\[0\]\.week: a dated"):
        logged_hard_sets(dated, CAT.exercises)
    # A dated session the program cannot hold (a chest day) is refused, as progress() does,
    # not left out of the count.
    chest = hipdip.SessionLog(
        date=datetime.date(2026, 1, 20),
        exercises=(hipdip.ExerciseLog("barbell_bench_press", (SetResult(reps=10, rir=2),)),),
    )
    with pytest.raises(
        hipdip.ValidationError, match=r"log\.sessions\[2\]: 2026-01-20: could not be placed"
    ):
        weekly_volume(
            program, attrs.evolve(dated, sessions=(*dated.sessions, chest)), CAT.exercises
        )
    # An exercise progress() would leave out of a placed session is refused too (it was
    # dropped from the count silently), and the plugin manager given places the log.
    extra = hipdip.ExerciseLog("barbell_bench_press", (SetResult(reps=10, rir=2),))
    first = attrs.evolve(dated.sessions[0], exercises=(*dated.sessions[0].exercises, extra))
    with pytest.raises(hipdip.ValidationError, match=r"log\.sessions\[0\]: barbell_bench_press"):
        weekly_volume(
            program, attrs.evolve(dated, sessions=(first, *dated.sessions[1:])), CAT.exercises
        )
    assert weekly_volume(program, dated, CAT.exercises, pm=PM) == weekly_volume(
        program, log, CAT.exercises
    )


def test_done_volume_refuses_a_session_logged_twice_and_a_mapping_of_non_exercises() -> None:
    """Was (an attacker's review): a session logged twice counted twice (progress() refuses
    the log), and a mapping of non-Exercise values counted 0 sets for gluteus medius."""
    from hipdip.examples import example_log, example_program
    from hipdip.metrics import logged_hard_sets, weekly_volume

    program = example_program()
    log = example_log(program)
    first, second = log.sessions
    twice = hipdip.TrainingLog((first, second, second, first))
    problems = [
        r"log\.sessions\[2\]: week 1 day 2 is logged twice \(also sessions\[1\]\)",
        r"log\.sessions\[3\]: week 1 day 1 is logged twice \(also sessions\[0\]\)",
    ]
    for count in (
        lambda: logged_hard_sets(twice, CAT.exercises),
        lambda: weekly_volume(program, twice, CAT.exercises),
        lambda: progress(program, twice, pm=PM),
    ):
        with pytest.raises(hipdip.ValidationError) as refused:
            count()
        for problem in problems:
            assert any(re.fullmatch(problem, error) for error in refused.value.errors), problem
    for muscle in ("gluteus_medius", "gluteus_maximus"):
        with pytest.raises(hipdip.ValidationError, match=r"^exercises: gave int for 'x'"):
            logged_hard_sets(log, {"x": 1}, muscle)  # type: ignore[dict-item]
        with pytest.raises(hipdip.ValidationError, match=r"^exercises: gave int for 'x'"):
            weekly_volume(program, None, {**CAT.exercises, "x": 1}, muscle)  # type: ignore[dict-item]


def test_after_a_step_down_the_top_is_reached_twice_before_the_load_goes_back() -> None:
    """Was (a coach's review of slow gainers): a plateau cut 1.5 → 1 kg, the next session
    at the top (20, 19 at RIR 0), straight back to 1.5 kg — 71 of 88 cuts in 36 slow
    lifters' 12 weeks were undone at once, and the same plateau came again."""
    exercise = CAT.exercises["ankle_weight_side_lying_hip_abduction"]
    heavy = Prescription(exercise.id, 2, Reps(10, 20), Weight(1.5), rir=2)
    light = attrs.evolve(heavy, load=Weight(1.0))
    flat = (SetResult(reps=17, rir=1, load=Weight(1.5)),) * 2
    top = (SetResult(reps=20, rir=1, load=Weight(1.0)),) * 2
    cut = PastSession(5, 1, heavy, flat, action=Action.REDUCE_LOAD, rule="plateau")
    once = DOUBLE_PROGRESSION.decide(exercise, light, top, history=(cut,), catalog=CAT)
    assert once is not None and (once.action, once.after) == (Action.REPEAT, light)
    assert "reach it again before going back up" in once.reason
    again = PastSession(5, 3, light, top, action=Action.REPEAT, rule="double_progression")
    twice = DOUBLE_PROGRESSION.decide(exercise, light, top, history=(cut, again), catalog=CAT)
    assert twice is not None and twice.action is Action.INCREASE_LOAD
    # Far from failure at the lighter load (RIR ≥ 5): back up at once, as before.
    easy = (SetResult(reps=20, rir=6, load=Weight(1.0)),) * 2
    at_once = DOUBLE_PROGRESSION.decide(exercise, light, easy, history=(cut,), catalog=CAT)
    assert at_once is not None and at_once.action is Action.INCREASE_LOAD
    # Another DUP day's cut (another range) is no step down of this load (a coach's
    # re-review: 4 of 15 DUP repeats answered another day's cut), nor a load two steps
    # under the one cut (a block's next phase, set afresh).
    other_day = attrs.evolve(cut, prescription=attrs.evolve(heavy, dose=Reps(15, 25)))
    moved = DOUBLE_PROGRESSION.decide(exercise, light, top, history=(other_day,), catalog=CAT)
    assert moved is not None and moved.action is Action.INCREASE_LOAD
    far = attrs.evolve(cut, prescription=attrs.evolve(heavy, load=Weight(2.0)))
    fresh = DOUBLE_PROGRESSION.decide(exercise, light, top, history=(far,), catalog=CAT)
    assert fresh is not None and fresh.action is Action.INCREASE_LOAD
    # ... but the same range's cut is found behind the other days' sessions.
    behind = (cut, attrs.evolve(other_day, action=Action.ADD_REPS, rule="double_progression"))
    held = DOUBLE_PROGRESSION.decide(exercise, light, top, history=behind, catalog=CAT)
    assert held is not None and held.action is Action.REPEAT
    # A cut a block phase ago (3 sessions at another range since) is no step down of a
    # load the new phase set afresh (a coach's final check: 9 of 62 block repeats).
    phase = attrs.evolve(other_day, action=Action.ADD_REPS, rule="double_progression")
    ago = DOUBLE_PROGRESSION.decide(
        exercise, light, top, history=(cut, phase, phase, phase), catalog=CAT
    )
    assert ago is not None and ago.action is Action.INCREASE_LOAD
    # ... nor is one with a deload and a session at another range between (a block's
    # phase of two sessions: a coach's last check).
    week_off = PastSession(12, 3, light, top, deload=True, action=Action.DELOAD, rule="deload")
    after_phase = DOUBLE_PROGRESSION.decide(
        exercise, light, top, history=(cut, week_off, phase), catalog=CAT
    )
    assert after_phase is not None and after_phase.action is Action.INCREASE_LOAD
    # A stall's step down counts the same; a deload between is no session at the top.
    stall = attrs.evolve(cut, rule="stall")
    deload = PastSession(6, 1, light, top, deload=True, action=Action.DELOAD, rule="deload")
    assert (
        DOUBLE_PROGRESSION.decide(exercise, light, top, history=(stall, deload), catalog=CAT).action
        is Action.REPEAT
    )  # type: ignore[union-attr]


def test_a_deload_right_after_a_cut_steps_down_from_the_load_lifted() -> None:
    """A coach's re-review: a stall cut 10 → 7.5 kg at the last session before the deload
    week, and the deload came at 5 kg (one step under a load never lifted: 12 reps at
    RIR 10 every set). A cut, like a raise, is not lifted yet: the deload is 7.5 kg.
    (Found with a cable; a machine owner's plan now shows the same cut before a deload.)"""
    her = hipdip.Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience="intermediate",
        equipment=frozenset({"machine"}),
        days_per_week=3,
        session_minutes=45,
    )
    sim = simulate(her, weeks=8, lifter=Lifter.responder(seed=0), scheme="block", pm=PM)
    by_session = {
        (d.week, d.day): d.decision
        for d in sim.decisions
        if d.decision.before.exercise == "seated_hip_abduction_machine"
    }
    cut = by_session[(5, 3)]
    assert (cut.rule, cut.before.load, cut.after.load) == ("stall", Weight(10.0), Weight(7.5))
    deload = by_session[(6, 1)]
    assert deload.action is Action.DELOAD and deload.before.load == Weight(7.5)


@pytest.mark.parametrize(
    ("equipment", "minutes", "sex", "body", "seed", "missed"),
    [
        ({"band"}, 45, "female", BodyComposition(65, 165), 2, True),
        ({"ankle_weights"}, 60, "male", BodyComposition(85, 180), 2, True),
        # Single-leg deadlifts on an 8–12 and a 12–15 day (targets that share a load): the
        # 8–12 day's deload took the 12–15 day's stall cut, 1 kg under its own 4 kg.
        ({"dumbbell", "bench", "step"}, 60, "male", BodyComposition(85, 180), 1, False),
    ],
)
def test_a_dup_deload_after_a_missed_day_still_steps_from_that_days_load(
    equipment: set[str], minutes: int, sex: str, body: BodyComposition, seed: int, missed: bool
) -> None:
    """A coach's re-review: a DUP day missed in the week before the deload fell out of the
    3 sessions the deload looked back over, and its deload came one step under another
    day's load — two or three steps under its own (12 reps at RIR 10). ``missed``: the
    simulation has such a day (its own 3 or more sessions back)."""
    profile = hipdip.Profile(
        sex=sex,
        age=30,
        body=body,
        experience="advanced",
        equipment=frozenset(equipment),
        days_per_week=4,
        session_minutes=minutes,
    )
    sim = simulate(
        profile,
        weeks=16,
        lifter=Lifter.slow(seed=seed),
        scheme="dup",
        pm=PM,
    )
    deloads = {w.index for w in sim.planned.weeks if w.deload}
    lifted: dict[tuple[str, int], tuple[hipdip.Load, int]] = {}
    count: collections.Counter[str] = collections.Counter()
    far = 0
    for simulated in sim.decisions:
        item = simulated.decision.before
        if not isinstance(item.dose, Reps) or isinstance(item.load, hipdip.Bodyweight):
            continue
        count[item.exercise] += 1
        key = (item.exercise, item.dose.low)
        if simulated.week not in deloads:
            lifted[key] = (item.load, count[item.exercise])
            continue
        if key not in lifted or type(lifted[key][0]) is not type(item.load):
            continue
        load, at = lifted[key]
        exercise = CAT.exercises[item.exercise]
        assert item.load == (lighter(load, exercise) or load), (simulated, load)
        far += count[item.exercise] - at - 1 >= 3  # its own day 3 or more sessions back
    assert far >= 1 or not missed


def test_a_step_down_to_an_easier_exercise_is_rebuilt_before_going_back_up() -> None:
    """Was (a coach's review): a plateau at the lightest dumbbell (2 kg step-ups) moved to
    bodyweight step-ups, and the next session at the top (RIR 1–2) moved straight back —
    the plateau came again, three times in 24 weeks. A cut to an easier exercise is rebuilt
    like a cut to a lighter load: the top twice in a row, unless the sets ended at RIR ≥ 5."""
    her = person("beginner", EQUIPMENT["dumbbell+bench+step"])
    # (A lifter who stops early: her step-ups plateau at the lightest pair of dumbbells.)
    sim = simulate(her, weeks=24, lifter=Lifter.stalling(after_week=2, seed=1), pm=PM)
    moved_down = rebuilt = 0
    last: dict[str, hipdip.Decision] = {}  # the latest non-deload decision per ladder
    deloads = {week.index for week in sim.planned.weeks if week.deload}
    for session in sim.log.sessions:
        for entry in session.exercises:
            decision = next(
                d.decision
                for d in sim.decisions
                if (d.week, d.day, d.decision.before.exercise)
                == (session.week, session.day, entry.exercise)
            )
            if session.week in deloads:
                continue
            group = LAD.group(entry.exercise)
            before = last.get(group)
            last[group] = decision
            if (
                before is None
                or before.action is not Action.REDUCE_LOAD
                or before.after.exercise == before.before.exercise
                or before.rule not in ("plateau", "stall")
            ):
                continue
            moved_down += 1
            easy = max(r.rir or 0 for r in entry.sets) >= 5
            assert decision.action is not Action.ADVANCE_EXERCISE or easy, decision.reason
            if decision.action is Action.REPEAT and "easier exercise" in decision.reason:
                rebuilt += 1
                assert "moved to: repeat" in decision.reason
    assert moved_down and rebuilt


def test_a_deload_never_serves_a_harder_exercise_or_a_raised_top_not_lifted_yet() -> None:
    """Was (a coach's review): a ladder step or a raised top of the range decided at the
    last session before a deload was served in the deload week — a dumbbell step-up never
    done (10, 9, 7, 6 reps in a 'deload'), 3 × 10–30 after weeks of 10–25."""
    cases = [
        ("beginner", "dumbbell+bench+step", "dup", Lifter.slow(seed=0)),
        ("advanced", "band", "linear", Lifter.responder(seed=0)),
        ("beginner", "everything", "dup", Lifter.slow(seed=0)),
    ]
    served_before = 0
    for experience, equipment, scheme, lifter in cases:
        sim = simulate(
            person(experience, EQUIPMENT[equipment]), weeks=12, lifter=lifter, scheme=scheme, pm=PM
        )
        deloads = {week.index for week in sim.planned.weeks if week.deload}
        tops: dict[str, int] = {}  # the highest top served so far, per exercise
        for d in sim.decisions:
            item = d.decision.before
            top = item.dose.high if isinstance(item.dose, Reps) else None
            if d.week in deloads:
                assert item.exercise in tops, (d.week, d.day, item.exercise)  # lifted before
                served_before += 1
                if top is not None:
                    assert top <= tops[item.exercise], (d.week, d.day, item)
                continue
            tops[item.exercise] = max(tops.get(item.exercise, 0), top or 0)
    assert served_before


def test_a_dup_day_stepped_down_to_an_easier_exercise_leaves_the_other_days() -> None:
    """Was (a coach's review): a plateau on the 2 kg light day of dumbbell step-ups (the
    lightest load) switched every day to bodyweight step-ups — the heavy day had just
    earned 6 kg — and the band came back weeks later. The step down moves the rep
    target that stalled; and a plateau is never called on a target's first session (a
    light day first met, compared with the heavy days' estimates, was cut)."""
    cases = [
        ("intermediate", "dumbbell+bench+step", Lifter.slow(seed=0)),
        ("intermediate", "band+ankle_weights", Lifter.stalling(after_week=6, seed=1)),
    ]
    moves = 0
    for experience, equipment, lifter in cases:
        sim = simulate(
            person(experience, EQUIPMENT[equipment]), weeks=12, lifter=lifter, scheme="dup", pm=PM
        )
        deloads = {week.index for week in sim.planned.weeks if week.deload}
        seen: dict[str, set[tuple[int, int]]] = {}  # exercise → the ranges it was trained at
        for n, d in enumerate(sim.decisions):
            item, after = d.decision.before, d.decision.after
            span = (item.dose.low, item.dose.high) if isinstance(item.dose, Reps) else None
            if d.week not in deloads and span is not None:
                if d.decision.rule == "plateau" and d.decision.action is Action.REDUCE_LOAD:
                    assert span in seen.get(item.exercise, set()), (d.week, d.day, item)
                seen.setdefault(item.exercise, set()).add(span)
            if d.week in deloads or after.exercise == item.exercise:
                continue
            if d.decision.action is not Action.REDUCE_LOAD:
                continue
            moves += 1
            # The next session of this ladder at another rep range keeps the exercise.
            group = LAD.group(item.exercise)
            for later in sim.decisions[n + 1 :]:
                other = later.decision.before
                if later.week in deloads or LAD.group(other.exercise) != group:
                    continue
                if isinstance(other.dose, Reps) and (other.dose.low, other.dose.high) != span:
                    assert other.exercise == item.exercise, (d.week, d.day, later.week, later.day)
                    break
    assert moves


def test_a_deload_after_a_step_back_to_a_familiar_exercise_serves_it() -> None:
    """Was (a coach's review): a deload right after going back up to an exercise the lifter
    had trained served the easier one (4 × 8 bodyweight step-ups at RIR 10 after 8 weeks
    of dumbbell ones): only a harder exercise never done waits for the deload."""
    item = Prescription("side_lying_hip_abduction", 4, Reps(10, 20), Bodyweight(), rir=2)
    easy = attrs.evolve(item, sets=2, rir=4)
    weeks = [
        hipdip.Week(w, (hipdip.Session(w, 1, (item,)), hipdip.Session(w, 2, (item,))))
        for w in (1, 2, 3)
    ]
    weeks.append(
        hipdip.Week(4, (hipdip.Session(4, 1, (easy,)), hipdip.Session(4, 2, (easy,))), deload=True)
    )
    program = hipdip.Program(
        tuple(weeks), "linear", person("beginner", EQUIPMENT["band"], days_per_week=2)
    )
    # Top at bodyweight → the band; two misses there → stall: back to bodyweight; short of
    # the top, then the top twice in a row → the band again, at the last session before
    # the deload.
    reps = [20, 8, 8, 15, 20, 20]
    sessions: list[hipdip.SessionLog] = []
    result = None
    for count, session in zip(reps, program.sessions, strict=False):
        now = (result.program if result else program).sessions[len(sessions)].items[0]
        sets = (SetResult(reps=count, rir=2, load=now.load),) * now.sets
        sessions.append(
            hipdip.SessionLog(session.week, session.day, (hipdip.ExerciseLog(now.exercise, sets),))
        )
        result = progress(program, hipdip.TrainingLog(tuple(sessions)), pm=PM)
    assert result is not None
    moves = [(d.action, d.before.exercise, d.after.exercise) for d in result.decisions]
    assert moves[0][0] is Action.ADVANCE_EXERCISE and moves[2][0] is Action.REDUCE_LOAD
    assert moves[-1] == (Action.ADVANCE_EXERCISE, item.exercise, "banded_side_lying_hip_abduction")
    deload = [s.items[0] for s in result.program.sessions if s.week == 4]
    assert {i.exercise for i in deload} == {"banded_side_lying_hip_abduction"}


def test_a_dup_day_back_from_an_easier_exercise_keeps_its_load_beside_the_other_days() -> None:
    """Was (an attacker's review): a DUP day stepped down to bodyweight step-ups came back
    to the 2 kg dumbbell; the heavy day's next decision (its chain without that move)
    re-seeded it from its own 14 kg: 12 kg at the day's next session, 10 and 9 reps
    against 15–25. A move onto an exercise other days are on joins their chain."""
    her = person("beginner", EQUIPMENT["dumbbell+bench+step"])
    sim = simulate(her, weeks=24, lifter=Lifter.stalling(after_week=4, seed=0), scheme="dup", pm=PM)
    deloads = {week.index for week in sim.planned.weeks if week.deload}
    served = [(s.week, s.day, e) for s in sim.log.sessions for e in s.exercises]
    back = 0
    for d in sim.decisions:
        decision = d.decision
        if decision.action is not Action.ADVANCE_EXERCISE or d.week in deloads:
            continue
        span = decision.before.dose
        later = [
            e
            for w, day, e in served
            if (w, day) > (d.week, d.day)
            and w not in deloads
            and e.exercise == decision.after.exercise
            # The same DUP day: the bottom of its range (a held top may raise the top).
            and next(
                x.decision.before.dose
                for x in sim.decisions
                if (x.week, x.day, x.decision.before.exercise) == (w, day, e.exercise)
            ).low
            == span.low
        ]
        if later:
            back += 1
            exercise = CAT.exercises[decision.after.exercise]
            assert (
                off_by_more_than_a_step(later[0].sets[0].load, decision.after.load, exercise)
                is None
            )
    assert back


def test_a_dup_day_stepped_down_stays_down_across_a_deload_week() -> None:
    """Was (an attacker's last check): a DUP day stepped down to an easier exercise (a
    plugin rule's reduce_load) came back to the harder one after the deload week, with no
    decision saying so: the deload week and another day made three sessions at other
    targets in a row, which ended the step down's run as if the day had left the rotation."""
    ankle, easy = "ankle_weight_side_lying_hip_abduction", "side_lying_hip_abduction"

    class Mover:
        id = "t_mover"
        priority = 100

        def applies(self, exercise: hipdip.Exercise, prescription: Prescription) -> bool:
            return exercise.id == ankle

        def decide(
            self,
            exercise: hipdip.Exercise,
            prescription: Prescription,
            results: Any,
            *,
            week: int | None = None,
        ) -> hipdip.Decision | None:
            dose = prescription.dose
            if week != 2 or not isinstance(dose, Reps) or dose.high != 15:
                return None
            after = attrs.evolve(prescription, exercise=easy, load=Bodyweight())
            return hipdip.Decision("reduce_load", prescription, after, self.id, "step down")

    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_progression_rules(self, register: Any) -> None:
            register(Mover())

    pm = make_plugin_manager(entry_points=False, plugins=[Plugin()])
    planned = hipdip.plan_program(
        person("intermediate", EQUIPMENT["ankle_weights"]), weeks=9, scheme="dup", pm=pm
    )
    current, logged = planned, []
    for index, session in enumerate(planned.sessions):
        now = current.sessions[index]
        logged.append(
            hipdip.SessionLog(
                session.week,
                session.day,
                tuple(
                    hipdip.ExerciseLog(
                        item.exercise,
                        (SetResult(reps=item.dose.low + 1, rir=2, load=item.load),) * item.sets,
                    )
                    if isinstance(item.dose, Reps)
                    else hipdip.ExerciseLog(
                        item.exercise,
                        (SetResult(hold_seconds=item.dose.high_seconds, load=item.load),)
                        * item.sets,
                    )
                    for item in now.items
                ),
            )
        )
        result = progress(planned, hipdip.TrainingLog(tuple(logged)), pm=pm)
        current = result.program
    moved = [d for d in result.decisions if d.rule == "t_mover"]
    assert moved
    deloads = {week.index for week in planned.weeks if week.deload}
    assert deloads
    day_after = [
        item.exercise
        for session in current.sessions
        if session.week > 2 and session.week not in deloads
        for item in session.items
        if item.exercise in (ankle, easy) and isinstance(item.dose, Reps) and item.dose.high == 15
    ]
    assert day_after and set(day_after) == {easy}, day_after


def test_weekly_volume_refuses_a_session_that_is_not_in_the_program() -> None:
    """An attacker's review: a placed session past the program's weeks was left out of the
    count silently; progress refuses it, naming it."""
    from hipdip.examples import example_log, example_program
    from hipdip.metrics import weekly_volume

    program = example_program()
    log = example_log(program)
    stray = attrs.evolve(log.sessions[0], week=20)
    with pytest.raises(
        hipdip.ValidationError, match=r"^log\.sessions\[2\]: week 20 day 1 is not in the program"
    ):
        weekly_volume(program, attrs.evolve(log, sessions=(*log.sessions, stray)), CAT.exercises)


def _two_sets_at_1_kg() -> tuple[Prescription, hipdip.Exercise, Profile, Any]:
    """2 × 10-20 at 1 kg ankle weight, RIR 2: the item, its exercise, a beginner who owns
    ankle weights, and a maker of sets at RIR 2 with that load."""
    item = Prescription(
        "ankle_weight_side_lying_hip_abduction", 2, Reps(10, 20), Weight(1.0), rir=2
    )

    def sets(*reps: int) -> tuple[SetResult, ...]:
        return tuple(SetResult(reps=r, rir=2, load=Weight(1.0)) for r in reps)

    return item, CAT.exercises[item.exercise], person("beginner", EQUIPMENT["ankle_weights"]), sets


def test_later_sets_rising_at_one_load_are_no_plateau() -> None:
    """A coach's re-review: 16, 11 → 16, 12 → 16, 13 → 16, 14 reps at RIR 2 was cut 50 %
    as a plateau — the best set alone judged, the total reps at that load rising
    (SCIENCE.md: a plateau is "neither the load nor the total reps at that load rose")."""
    item, exercise, someone, sets = _two_sets_at_1_kg()

    rising = [sets(16, 11), sets(16, 12), sets(16, 13)]
    history = tuple(
        PastSession(w, 1, item, done, action=Action.ADD_REPS) for w, done in enumerate(rising, 1)
    )
    # Warned at the session before (a rise of a rep a set is within the log's error), the
    # cut is not made: the last three beat the one before them.
    history = (*history[:-1], attrs.evolve(history[-1], action=Action.REPEAT, rule="plateau"))
    decision = PLATEAU.decide(
        exercise, item, sets(16, 14), history=history, catalog=CAT, profile=someone, week=4
    )
    assert decision is None or decision.action is not Action.REDUCE_LOAD, decision
    # Flat in every set: cut as before (after the warning).
    flat = tuple(attrs.evolve(p, results=sets(16, 11)) for p in history)
    warned = (*flat[:-1], attrs.evolve(flat[-1], action=Action.REPEAT, rule="plateau"))
    cut = PLATEAU.decide(
        exercise, item, sets(16, 11), history=warned, catalog=CAT, profile=someone, week=4
    )
    assert cut is not None and cut.action is Action.REDUCE_LOAD
    assert "neither the load nor the reps at that load, counted with the reps in reserve," in (
        cut.reason
    )


def test_a_dup_day_whose_later_sets_rise_at_its_load_is_not_cut() -> None:
    """A coach's re-review (a slow gainer, advanced, DUP): a light day's 21, 20 → 22, 20 →
    22, 21 reps at 10 kg of cable, RIR 2-4, was cut to 7.5 kg — its own rise judged on
    the best set alone — and its next session was 25 reps at RIR 10."""
    light = Prescription("standing_cable_hip_abduction", 2, Reps(15, 25), Weight(10.0), rir=3)
    heavy = attrs.evolve(light, dose=Reps(8, 12), load=Weight(12.5), rir=1)
    raised = attrs.evolve(heavy, sets=3, load=Weight(15.0))
    exercise = CAT.exercises[light.exercise]
    someone = person("advanced", EQUIPMENT["cable"])

    def sets(load: float, *done: tuple[int, int]) -> tuple[SetResult, ...]:
        return tuple(SetResult(reps=r, rir=rir, load=Weight(load)) for r, rir in done)

    history = (
        PastSession(1, 1, light, sets(10, (21, 3), (20, 2)), action=Action.ADD_REPS),
        PastSession(1, 2, heavy, sets(12.5, (12, 5), (12, 5)), action=Action.INCREASE_LOAD),
        PastSession(2, 1, light, sets(10, (22, 2), (20, 4)), action=Action.REPEAT, rule="plateau"),
        PastSession(2, 2, raised, sets(15, (8, 0), (7, 1), (6, 0)), action=Action.REPEAT),
    )
    now = sets(10, (22, 3), (21, 4))
    decision = PLATEAU.decide(
        exercise, light, now, history=history, catalog=CAT, profile=someone, week=3
    )
    assert decision is None or decision.action is not Action.REDUCE_LOAD, decision


def test_a_rise_of_the_sets_within_the_error_is_said_as_one() -> None:
    """A coach's re-review: 16, 11 → 16, 12 → 16, 13 at RIR 2 was told "neither the load
    nor the reps at that load … rose" — they rose, by a rep a set, within the error."""
    item, exercise, someone, sets = _two_sets_at_1_kg()

    history = (
        PastSession(1, 1, item, sets(16, 11), action=Action.ADD_REPS),
        PastSession(2, 1, item, sets(16, 12), action=Action.ADD_REPS),
    )
    warning = PLATEAU.decide(
        exercise, item, sets(16, 13), history=history, catalog=CAT, profile=someone, week=3
    )
    assert warning is not None and warning.action is Action.REPEAT
    assert "rose by no more than the 2 reps two logged RIRs can be off" in warning.reason
    assert "neither" not in warning.reason
