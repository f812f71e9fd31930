"""The planner: invariants over random profiles, worked examples and bad input."""

from __future__ import annotations

import itertools
import re
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Band,
    BandTier,
    BodyComposition,
    Bodyweight,
    Experience,
    Finding,
    Hold,
    PlanningError,
    PluginError,
    Posture,
    Profile,
    Reps,
    Severity,
    UnknownIdError,
    ValidationError,
    Weight,
)
from hipdip.builtin.exercises import EQUIPMENT
from hipdip.plugins import make_plugin_manager
from hipdip.protocols import Target
from hipdip.testing.strategies import profiles

PM = make_plugin_manager(entry_points=False)
CAT = hipdip.catalog(PM)
SCHEMES = ("linear", "dup", "block")
# Written from SCIENCE.md §Training (not imported, so the test checks the code).
RANGES = {"beginner": (8, 12), "intermediate": (10, 16), "advanced": (12, 20)}
LEVEL = {"beginner": 1, "intermediate": 2, "advanced": 3}
CREDIT = {"primary": 1.0, "secondary": 0.5, "stabilizer": 0.0}


def medius_sets(items) -> float:
    total = 0.0
    for item in items:
        target = CAT.exercises[item.exercise].target("gluteus_medius")
        if target is not None:
            total += item.sets * CREDIT[target.role.value]
    return total


def session_seconds(session) -> float:
    """SCIENCE.md §Training time estimate, written out independently."""
    total = 5 * 60
    for item in session.items:
        exercise = CAT.exercises[item.exercise]
        if isinstance(item.dose, Hold):
            work = item.dose.high_seconds
        else:
            tempo = sum(int(p) for p in item.tempo.split("-")) or 4
            work = item.dose.high * tempo
        if exercise.unilateral:
            work *= 2
        total += item.sets * (work + item.rest_seconds)
    return total


def assert_invariants(program, profile, weeks) -> None:
    """SCIENCE.md §Invariants 1–5 and 8, checked from scratch."""
    low, high = RANGES[profile.experience.value]
    assert [w.index for w in program.weeks] == list(range(1, weeks + 1))
    previous = None
    for week in program.weeks:
        assert [(s.week, s.day) for s in week.sessions] == [
            (week.index, d) for d in range(1, profile.days_per_week + 1)
        ]
        week_sets = 0.0
        for session in week.sessions:
            for item in session.items:
                exercise = CAT.exercises[item.exercise]
                assert exercise.equipment <= profile.equipment, (item.exercise, profile.equipment)
                assert exercise.level <= LEVEL[profile.experience.value]
                assert item.tempo and item.rest_seconds > 0
                if isinstance(item.dose, Reps):
                    assert 1 <= item.dose.low <= item.dose.high <= 50
                    if exercise.set_credit("gluteus_medius") > 0:  # hard sets have a target
                        assert item.rir is not None and 0 <= item.rir <= 5
            sets = medius_sets(session.items)
            assert sets <= 10, (week.index, session.day, sets)
            assert session_seconds(session) <= profile.session_minutes * 60, (
                week.index,
                session.day,
            )
            week_sets += sets
        if week.deload:
            assert previous is not None or week.index == 1
            if previous is not None:
                assert week_sets <= 0.6 * previous + 1e-9
            assert all(i.rir is None or i.rir >= 3 for s in week.sessions for i in s.items)
        else:
            assert 4 <= week_sets <= high, (week.index, week_sets)
            if week_sets < low:  # minimum dose: planned, with a WARNING saying so
                shortfall = [f for f in program.findings if f.rule == "minimum_dose"]
                assert shortfall and shortfall[0].severity is Severity.WARNING
                assert f"week {week.index}: {week_sets:g}" in shortfall[0].message
        for session in week.sessions:  # never a 1-set exercise (SCIENCE.md: minimum dose)
            for item in session.items:
                if CAT.exercises[item.exercise].set_credit("gluteus_medius") > 0:
                    assert item.sets >= 2, (week.index, session.day, item)
        previous = week_sets
    if weeks >= 6:
        for start in range(weeks - 5):
            assert any(w.deload for w in program.weeks[start : start + 6]), start


equipment_sets = st.frozensets(st.sampled_from(sorted(EQUIPMENT)))


@settings(max_examples=120)
@given(
    profile=profiles(equipment=equipment_sets),
    weeks=st.integers(1, 16),
    scheme=st.sampled_from(SCHEMES),
)
def test_plans_keep_every_invariant_or_explain_truthfully(profile, weeks, scheme) -> None:
    try:
        program = hipdip.plan_program(profile, weeks=weeks, scheme=scheme, pm=PM)
    except PlanningError as exc:
        message = str(exc)
        assert "cannot fit even 4 weekly" in message
        reached = float(re.search(r"only ([\d.]+) fit", message).group(1))
        assert reached < 4
        minutes = re.search(r"at least (\d+) minutes", message)
        days = re.search(r"about (\d+) days", message)
        assert minutes or days or "add equipment" in message
        if minutes:
            assert int(minutes.group(1)) > profile.session_minutes
            better = attrs.evolve(profile, session_minutes=int(minutes.group(1)))
            assert_invariants(
                hipdip.plan_program(better, weeks=weeks, scheme=scheme, pm=PM), better, weeks
            )
        return
    assert program.profile == profile and program.scheme == scheme
    assert_invariants(program, profile, weeks)
    assert hipdip.plan_program(profile, weeks=weeks, scheme=scheme, pm=PM) == program


def _profile(**changes) -> Profile:
    base = Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience="beginner",
        equipment=frozenset({"band"}),
        days_per_week=3,
        session_minutes=45,
    )
    return attrs.evolve(base, **changes)


def test_example_beginner_program_in_numbers() -> None:
    program = hipdip.plan_program(_profile(), weeks=8, pm=PM)
    weekly = [medius_sets(i for s in w.sessions for i in s.items) for w in program.weeks]
    # Ramp 8 → 12 over the first block of 5 weeks, deload (≤ 60 %) in week 6, ramp again
    # at the same pace: the 2 weeks after the deload take the block's first steps, 8 → 9
    # (was 8 → 12 in a week: the whole ramp in the last week; a coach's review).
    assert weekly[:5] == [8, 9, 10, 11, 12]
    assert program.weeks[5].deload and weekly[5] <= 0.6 * weekly[4]
    assert weekly[6:] == [8, 9]
    days = [tuple(i.exercise for i in s.items) for s in program.weeks[0].sessions]
    assert len(set(days)) == 3, "each day of the week differs"
    first = program.weeks[0].sessions[0].items[0]
    assert first.exercise == "side_lying_hip_abduction"  # 81 % MVIC ranks first
    assert first.tempo == "2-0-1-1" and first.rest_seconds == 60
    assert first.dose == Reps(10, 20) and first.rir == 3


def test_known_activation_ranks_above_unknown() -> None:
    program = hipdip.plan_program(_profile(), weeks=1, pm=PM)
    used = [i.exercise for s in program.weeks[0].sessions for i in s.items]
    # fire_hydrant has no cited %MVIC: never preferred over side-lying abduction (81).
    assert used.index("side_lying_hip_abduction") < used.index("fire_hydrant")
    assert "clamshell" not in used  # same ladder as side-lying abduction: one per ladder


@pytest.mark.parametrize(
    ("experience", "tier", "ankle_kg"),
    [
        ("beginner", BandTier.EXTRA_LIGHT, None),
        ("intermediate", BandTier.LIGHT, 1.0),
        ("advanced", BandTier.MEDIUM, 2.0),
    ],
)
def test_starting_loads_rise_with_experience(experience, tier, ankle_kg) -> None:
    profile = _profile(experience=experience, equipment=frozenset({"band", "ankle_weights"}))
    program = hipdip.plan_program(profile, weeks=1, pm=PM)
    items = [i for s in program.weeks[0].sessions for i in s.items]
    bands = {i.load.tier for i in items if isinstance(i.load, Band)}
    assert bands == {tier}
    weights = {i.load.kg for i in items if isinstance(i.load, Weight)}
    if ankle_kg is None:
        assert weights == set()
    else:
        assert weights == {ankle_kg}  # 2 or 4 increments of 0.5 kg


def test_high_anterior_tilt_adds_core_block() -> None:
    tilted = hipdip.plan_program(_profile(posture=Posture(pelvic_tilt_deg=22)), weeks=8, pm=PM)
    for week in tilted.weeks:
        core = [
            i
            for s in week.sessions
            for i in s.items
            if i.exercise in {"plank", "side_plank", "bird_dog"}
        ]
        assert sum(i.sets for i in core) >= 4
        assert all(i.load == Bodyweight() for i in core)
        # Planks are holds; the bird-dog is reps with a 5 s hold at the top (McGill).
        assert all(isinstance(i.dose, Hold) for i in core if i.exercise != "bird_dog")
        for item in (i for i in core if i.exercise == "bird_dog"):
            assert isinstance(item.dose, Reps) and item.tempo.endswith("-5")
    assert {i.exercise for s in tilted.sessions for i in s.items} >= {
        "plank",
        "side_plank",
        "bird_dog",
    }
    normal = hipdip.plan_program(_profile(posture=Posture(pelvic_tilt_deg=18)), weeks=8, pm=PM)
    assert not {i.exercise for s in normal.sessions for i in s.items} & {"plank", "bird_dog"}


def test_a_short_time_budget_plans_what_fits_with_a_warning() -> None:
    # Issue 13: a 2 × 15 min beginner used to be refused outright.
    profile = _profile(equipment=frozenset(), days_per_week=2, session_minutes=15)
    program = hipdip.plan_program(profile, pm=PM)
    (warning,) = [f for f in program.findings if f.rule == "minimum_dose"]
    assert warning.severity is Severity.WARNING
    assert "cannot hold the beginner range of 8–12" in warning.message
    minutes = int(re.search(r"at least (\d+) minutes", warning.message).group(1))
    days = int(re.search(r"about (\d+) days", warning.message).group(1))
    for week in program.weeks:
        if not week.deload:
            assert 4 <= medius_sets(i for s in week.sessions for i in s.items) < 8
    # The suggestion is true: with it the range is held and the warning goes.
    for better in (
        attrs.evolve(profile, session_minutes=minutes),
        attrs.evolve(profile, days_per_week=days),
    ):
        assert not [
            f for f in hipdip.plan_program(better, pm=PM).findings if f.rule == "minimum_dose"
        ]


def test_below_four_hard_sets_is_refused_with_a_suggestion() -> None:
    profile = _profile(
        experience="intermediate", equipment=frozenset(), days_per_week=2, session_minutes=10
    )
    with pytest.raises(PlanningError) as info:
        hipdip.plan_program(profile, pm=PM)
    message = str(info.value)
    assert "cannot fit even 4 weekly gluteus medius hard sets" in message
    minutes = int(re.search(r"at least (\d+) minutes", message).group(1))
    hipdip.plan_program(attrs.evolve(profile, session_minutes=minutes), pm=PM)


def test_many_long_days_never_give_a_one_set_session() -> None:
    # Issue 13: 6 × 90 min gave days of "1 × 10–20 per side" after a warm-up.
    profile = _profile(days_per_week=6, session_minutes=90)
    program = hipdip.plan_program(profile, weeks=8, pm=PM)
    assert_invariants(program, profile, 8)
    for session in program.sessions:
        assert all(item.sets >= 2 for item in session.items), session
    rest_days = [s for s in program.weeks[0].sessions if not s.items]
    assert rest_days, "8 sets over 6 days leaves rest days rather than 1-set days"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("experience", list(Experience))
def test_every_scheme_and_experience_plans_with_full_equipment(scheme, experience) -> None:
    profile = _profile(
        experience=experience, equipment=frozenset(EQUIPMENT), days_per_week=4, session_minutes=60
    )
    program = hipdip.plan_program(profile, weeks=12, scheme=scheme, pm=PM)
    assert_invariants(program, profile, 12)
    assert [
        f for f in hipdip.validate_program(program, pm=PM) if f.severity is Severity.ERROR
    ] == []


def test_dup_days_differ_in_reps() -> None:
    program = hipdip.plan_program(_profile(), weeks=1, scheme="dup", pm=PM)
    ranges = {s.items[0].dose for s in program.weeks[0].sessions}
    assert len(ranges) == 3


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"weeks": 0}, ValidationError, "weeks"),
        ({"weeks": 53}, ValidationError, "weeks"),
        ({"weeks": "8"}, ValidationError, "weeks"),
        ({"weeks": True}, ValidationError, "weeks"),
        ({"scheme": "lineer"}, UnknownIdError, "linear"),
        ({"scheme": 3}, ValidationError, "scheme"),
    ],
)
def test_bad_arguments(kwargs, error, field) -> None:
    with pytest.raises(error, match=field):
        hipdip.plan_program(_profile(), pm=PM, **kwargs)


def test_profile_must_be_a_profile() -> None:
    with pytest.raises(ValidationError, match="profile"):
        hipdip.plan_program({"sex": "female"}, pm=PM)  # type: ignore[arg-type]


class _NoDeloadScheme:
    id = "no_deload"
    name = "Never deloads"

    def target(self, week, day, *, weeks, days_per_week):
        return Target(reps=Reps(10, 20), rir=2, volume_factor=1.0, deload=False)


class _SchemePlugin:
    def __init__(self, scheme) -> None:
        self.scheme = scheme

    @hipdip.hookimpl
    def hipdip_register_schemes(self, register):
        register(self.scheme)


def test_plugin_scheme_without_deload_is_refused_listing_the_rule() -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[_SchemePlugin(_NoDeloadScheme())])
    assert hipdip.plan_program(_profile(), weeks=5, scheme="no_deload", pm=pm).weeks
    with pytest.raises(PlanningError, match="deload") as info:
        hipdip.plan_program(_profile(), weeks=8, scheme="no_deload", pm=pm)
    assert [f.rule for f in info.value.findings] == ["deload"]


class _BrokenScheme(_NoDeloadScheme):
    id = "broken"

    def target(self, week, day, *, weeks, days_per_week):
        raise RuntimeError("boom")


def test_exception_in_plugin_scheme_is_a_plugin_error_naming_the_plugin() -> None:
    # A scheme cannot be skipped like a rule: the plugin's fault, named, with the cause.
    pm = make_plugin_manager(entry_points=False, plugins=[_SchemePlugin(_BrokenScheme())])
    with pytest.raises(PluginError, match="boom") as info:
        hipdip.plan_program(_profile(), scheme="broken", pm=pm)
    assert info.value.plugin == "_SchemePlugin"
    assert "scheme 'broken': target(1, 1" in str(info.value)
    assert isinstance(info.value.__cause__, RuntimeError)


def test_a_day_keeps_its_exercises_as_the_weekly_volume_ramps() -> None:
    """Was (a coach's review): intermediate, dumbbells, a bench and a step, 4 × 45 minutes:
    week 1 held side-lying abduction and single-leg deadlifts, week 2 side-lying abduction
    alone on all four days (29 minutes spare), week 3 step-ups — a secondary exercise that
    could not reach a day's sets alone was swapped for the cheapest exercise instead of
    keeping its place beside the day's next one. 169 of 2,025 plans had an exercise
    vanish for a week inside a block and come back."""
    profile = _profile(
        experience="intermediate",
        equipment=frozenset({"dumbbell", "bench", "step"}),
        days_per_week=4,
        session_minutes=45,
    )
    program = hipdip.plan_program(profile, weeks=8, pm=PM)
    block = [w for w in program.weeks if w.index <= 5]
    exercises = [{i.exercise for s in w.sessions for i in s.items} for w in block]
    assert all(len(week) >= 2 for week in exercises), exercises
    for exercise in set().union(*exercises):
        present = [exercise in week for week in exercises]
        first = present.index(True)
        assert all(present[first:]), (exercise, present)  # never gone for a week and back


@attrs.frozen
class _DeloadScheme:
    """8–12 reps at RIR 2; weeks ``deloads`` says are deloads, at ``deload_reps``."""

    deloads: Any
    deload_reps: Reps = attrs.field(factory=lambda: Reps(8, 12))
    id: str = "deloading"
    name: str = "Deloads as told"

    def target(self, week, day, *, weeks, days_per_week):
        if self.deloads(week):
            return Target(reps=self.deload_reps, rir=2, volume_factor=0.5, deload=True)
        return Target(reps=Reps(8, 12), rir=2)


@pytest.mark.parametrize(
    ("deloads", "problem"),
    [(lambda w: True, "week 1 is a deload"), (lambda w: w in (4, 5), "weeks 4 and 5")],
)
def test_a_plugin_scheme_with_deloads_in_a_row_is_a_plugin_error(deloads, problem) -> None:
    """Was (an attacker's review): every week a deload planned no hip work from week 3,
    each deload week cut to 60 % of the deload before it, with no finding."""
    pm = make_plugin_manager(entry_points=False, plugins=[_SchemePlugin(_DeloadScheme(deloads))])
    with pytest.raises(PluginError, match=problem) as info:
        hipdip.plan_program(_profile(), weeks=8, scheme="deloading", pm=pm)
    assert "scheme 'deloading'" in str(info.value)
    assert "plan with another scheme or tell the plugin's authors" in str(info.value)


def test_a_plugin_deload_asking_for_more_reps_is_planned_at_the_range_before() -> None:
    """Was (an attacker's review): a deload of 25–40 reps after weeks of 8–12 was planned
    as asked (at the same load the lifter logged 13–16: misses); its RIR 2 was raised."""
    scheme = _DeloadScheme(lambda w: w == 5, Reps(25, 40))
    pm = make_plugin_manager(entry_points=False, plugins=[_SchemePlugin(scheme)])
    program = hipdip.plan_program(_profile(), weeks=8, scheme="deloading", pm=pm)
    deload = program.weeks[4]
    assert deload.deload
    doses = {i.dose for s in deload.sessions for i in s.items if isinstance(i.dose, Reps)}
    assert doses and all(d.high <= 12 for d in doses)
    assert all(i.rir >= 3 for s in deload.sessions for i in s.items)


class _StrictRule:
    id = "no_side_lying"

    def check(self, program, catalog):
        for session in program.sessions:
            for item in session.items:
                if item.exercise == "side_lying_hip_abduction":
                    yield Finding(
                        self.id,
                        Severity.ERROR,
                        f"week {session.week} day {session.day}: no side-lying",
                    )


class _RulePlugin:
    @hipdip.hookimpl
    def hipdip_register_program_rules(self, register):
        register(_StrictRule())


def test_plugin_program_rule_errors_are_all_listed() -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[_RulePlugin()])
    with pytest.raises(PlanningError) as info:
        hipdip.plan_program(_profile(), weeks=2, pm=pm)
    findings = info.value.findings
    assert findings and all(f.rule == "no_side_lying" for f in findings)
    assert len(findings) == sum(
        1
        for s in hipdip.plan_program(_profile(), weeks=2, pm=PM).sessions
        for i in s.items
        if i.exercise == "side_lying_hip_abduction"
    )
    assert "no_side_lying" in str(info.value)


def test_plan_is_deterministic_across_managers() -> None:
    a = hipdip.plan_program(_profile(), weeks=12, scheme="block", pm=PM)
    b = hipdip.plan_program(
        _profile(), weeks=12, scheme="block", pm=make_plugin_manager(entry_points=False)
    )
    assert a == b


@pytest.mark.parametrize(("days", "minutes"), list(itertools.product([2, 6], [20, 120])))
def test_sessions_per_week_follow_days(days, minutes) -> None:
    profile = _profile(days_per_week=days, session_minutes=minutes, equipment=frozenset({"band"}))
    program = hipdip.plan_program(profile, weeks=3, pm=PM)
    assert all(len(w.sessions) == days for w in program.weeks)


class _ManyBandExercises:
    """A plugin pack of 40 banded abductions with long names (a big third-party catalogue)."""

    @hipdip.hookimpl
    def hipdip_register_exercises(self, register: object) -> None:
        for n in range(40):
            register(  # type: ignore[operator]
                hipdip.Exercise(
                    id=f"pack_banded_abduction_{n}",
                    name=f"Banded standing hip abduction, variation number {n} of the pack",
                    targets=(hipdip.MuscleTarget("gluteus_medius", hipdip.Role.PRIMARY),),
                    pattern="hip_abduction",
                    position="standing",
                    equipment=frozenset({"band"}),
                    load_kind="band",
                    band_placement="ankles",
                    cues=("Slow and controlled.",),
                )
            )


def test_every_exercise_left_out_is_named_within_the_finding_length_limit() -> None:
    # Regression (found by hypothesis with a plugin pack): one "Left out because the
    # profile avoids them" finding listing every exercise grew past the 2000 characters
    # a Finding message may hold, so planning failed with a ValidationError.
    pm = make_plugin_manager(entry_points=False, plugins=[_ManyBandExercises()])
    person = hipdip.Profile(
        sex="female",
        age=30,
        body=hipdip.BodyComposition(65, 165),
        experience="advanced",
        equipment={"band"},
        avoid={"band"},
    )
    program = hipdip.plan_program(person, weeks=2, pm=pm)
    left_out = [f.message for f in program.findings if f.rule == "avoid"]
    assert len(left_out) > 1 and all(len(m) <= 2000 for m in left_out)
    named = " ".join(left_out)
    assert all(f"(pack_banded_abduction_{n}," in named for n in range(40))
    assert all(m.startswith("Left out because the profile avoids them: ") for m in left_out)


@given(
    profile=profiles(equipment=equipment_sets),
    scheme=st.sampled_from(["dup", "block"]),
)
def test_work_with_nothing_to_add_keeps_the_isolation_range(profile, scheme) -> None:
    """A coach's review: 24 of 30 DUP and block plans had days of 3 × 8-12 at RIR 1 of
    bodyweight fire hydrants or clamshells — no one is a rep from failure at 12 of them,
    and the engine then raised the top (8-19). Work with no load and no harder rung to
    climb keeps at least 10-20 reps; work that can be loaded follows the scheme."""
    from hipdip.choice import can_add_load
    from hipdip.training import CORE_PATTERNS, DEFAULT_REPS

    try:
        program = hipdip.plan_program(profile, weeks=8, scheme=scheme, pm=PM)
    except PlanningError:
        return
    cat = hipdip.catalog(PM)
    for session in program.sessions:
        for item in session.items:
            exercise = cat.exercises[item.exercise]
            if isinstance(item.dose, hipdip.Reps) and not can_add_load(exercise, profile, cat):
                if exercise.pattern in CORE_PATTERNS:
                    continue  # the core block's own doses (bird-dog 6-10 with a hold)
                assert item.dose.low >= DEFAULT_REPS.low, (item, session.week, session.day)
                assert item.dose.high >= DEFAULT_REPS.high, (item, session.week, session.day)
