"""The testing kit's strategies build only valid, readable objects and honour overrides."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from typing import Any

import attrs
import pytest
from _grids import model_grid
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Band,
    BandPlacement,
    BandTier,
    BodyComposition,
    Bodyweight,
    Exercise,
    Experience,
    Hold,
    LoadKind,
    Prescription,
    Profile,
    Program,
    Reps,
    Session,
    Sex,
    Week,
    Weight,
)
from hipdip.models import log as log_model
from hipdip.models import profile as profile_model
from hipdip.models._checks import SLUG_PATTERN
from hipdip.plugins import make_plugin_manager
from hipdip.testing import _hypothesis
from hipdip.testing import strategies as hs

BUILTIN = hipdip.catalog(make_plugin_manager(entry_points=False))


def rebuild(value: Any) -> Any:
    """Rebuild ``value`` through every constructor, so every validator and converter runs again."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return type(value)(**{f.alias: rebuild(getattr(value, f.name)) for f in fields})
    if isinstance(value, tuple):
        return tuple(rebuild(item) for item in value)
    return value


def first(strategy: st.SearchStrategy[Any], condition: Any = lambda _: True) -> Any:
    """The first drawn example meeting ``condition``: :func:`hypothesis.find` without shrinking.

    Shrinking to the minimal example costs ~0.5 s per call on a cold hypothesis
    cache; a test that only needs *an* example does not need the smallest one.
    """
    no_shrink = settings(database=None, phases=[Phase.generate], max_examples=1000)
    return find(strategy, condition, settings=no_shrink)


STRATEGIES = {
    "muscles": hs.muscles(),
    "exercises": hs.exercises(),
    "loads": hs.loads(),
    "prescriptions": hs.prescriptions(),
    "body_compositions": hs.body_compositions(),
    "female_bodies": hs.body_compositions(sex=Sex.FEMALE),
    "profiles": hs.profiles(),
    "findings": hs.findings(),
    "set_results": hs.prescriptions().flatmap(hs.set_results),
}


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_strategies_build_only_valid_objects(name: str) -> None:
    @given(STRATEGIES[name])
    def check(value: Any) -> None:
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            attrs.validate(item)
            assert rebuild(item) == item

    check()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_strategies_shrink_to_readable_examples(name: str) -> None:
    minimal = find(STRATEGIES[name], lambda _: True)
    text = repr(minimal)
    assert text.isascii()
    assert text.isprintable()


@given(hs.profiles(experience=Experience.BEGINNER, equipment=frozenset(), days_per_week=4))
def test_profiles_fixed_overrides(profile: Profile) -> None:
    assert profile.experience is Experience.BEGINNER
    assert profile.equipment == frozenset()
    assert profile.days_per_week == 4


@given(hs.profiles(experience="advanced", age=st.integers(40, 45), sex=st.just(Sex.MALE)))
def test_profiles_string_and_strategy_overrides(profile: Profile) -> None:
    assert profile.experience is Experience.ADVANCED
    assert 40 <= profile.age <= 45
    assert profile.sex is Sex.MALE


@given(hs.profiles())
def test_profile_equipment_is_a_set_of_slugs(profile: Profile) -> None:
    assert len(profile.equipment) <= profile_model.MAX_EQUIPMENT
    assert all(SLUG_PATTERN.fullmatch(item) for item in profile.equipment)


def test_profiles_can_own_every_builtin_equipment_item() -> None:
    known = frozenset(e for ex in BUILTIN.exercises.values() for e in ex.equipment)
    # Drawn directly (searching the default draws for a profile owning all of it
    # costs seconds on a cold hypothesis cache); each item is in the default draws.
    assert first(hs.profiles(equipment=known)).equipment == known
    for item in sorted(known):
        assert item in first(hs.profiles(), lambda p, item=item: item in p.equipment).equipment


@given(hs.profiles(sex=Sex.FEMALE))
def test_female_profiles_with_waist_and_neck_can_use_the_navy_method(profile: Profile) -> None:
    body = profile.body
    if body.waist_cm is not None and body.neck_cm is not None:
        assert body.hip_cm is not None
        assert body.waist_cm > body.neck_cm


@given(hs.body_compositions(waist_cm=40.0))
def test_a_fixed_waist_gets_a_smaller_neck(body: BodyComposition) -> None:
    assert body.waist_cm == 40.0
    assert body.neck_cm is None or body.neck_cm < 40.0


@given(hs.body_compositions(neck_cm=79.5, waist_cm=st.none()))
def test_body_overrides_may_be_none(body: BodyComposition) -> None:
    assert body.neck_cm == 79.5
    assert body.waist_cm is None


@pytest.mark.parametrize(
    ("kwargs", "cls"),
    [
        ({"kind": LoadKind.BAND}, Band),
        ({"kind": "weight"}, Weight),
        ({"kind": LoadKind.BODYWEIGHT}, Bodyweight),
        ({"kg": 2.5}, Weight),
        ({"tier": BandTier.HEAVY}, Band),
        ({"placement": st.sampled_from([BandPlacement.ANKLES, BandPlacement.FEET])}, Band),
    ],
)
def test_loads_overrides(kwargs: dict[str, Any], cls: type) -> None:
    @given(hs.loads(**kwargs))
    def check(load: Any) -> None:
        assert type(load) is cls
        for key, value in kwargs.items():
            if key in {"kg", "tier"}:
                assert getattr(load, key) == value
            if key == "placement":
                assert load.placement in {BandPlacement.ANKLES, BandPlacement.FEET}

    check()


@given(hs.prescriptions(exercise="clamshell", rir=None, tempo="3-1-1-0"))
def test_prescription_overrides(item: Prescription) -> None:
    assert item.exercise == "clamshell"
    assert item.rir is None
    assert item.tempo == "3-1-1-0"


@given(hs.prescriptions())
def test_prescriptions_of_builtin_exercises_use_their_load_kind(item: Prescription) -> None:
    exercise = BUILTIN.exercises.get(item.exercise)
    if exercise is not None:
        assert item.load.kind is exercise.load_kind
        if isinstance(item.load, Band) and exercise.band_placement is not None:
            assert item.load.placement is exercise.band_placement


@given(hs.exercises())
def test_exercises_respect_cross_field_rules(exercise: Exercise) -> None:
    assert {t.muscle for t in exercise.targets} <= set(BUILTIN.muscles)
    for link in (exercise.easier, exercise.harder):
        assert link is None or (link in BUILTIN.exercises and link != exercise.id)
    if exercise.easier is not None:
        assert exercise.easier != exercise.harder
    if exercise.load_kind is not LoadKind.BAND:
        assert exercise.band_placement is None
    else:
        assert "band" in exercise.equipment
    if exercise.load_kind is not LoadKind.WEIGHT:
        assert exercise.increment_kg is None
    for target in exercise.targets:
        assert target.activation_mvic is None or target.source is not None


@given(hs.exercises(muscles=["gluteus_medius", "gluteus_minimus"], level=1, easier=None))
def test_exercise_overrides(exercise: Exercise) -> None:
    assert {t.muscle for t in exercise.targets} <= {"gluteus_medius", "gluteus_minimus"}
    assert exercise.level == 1
    assert exercise.easier is None


@given(hs.exercises(band_placement=BandPlacement.FEET))
def test_a_band_placement_implies_a_band_exercise(exercise: Exercise) -> None:
    assert exercise.load_kind is LoadKind.BAND
    assert exercise.band_placement is BandPlacement.FEET


@given(hs.exercises(id=st.sampled_from(["sumo_walk", "donkey_kick"])))
def test_drawn_exercises_can_be_registered_beside_the_builtins(exercise: Exercise) -> None:
    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Any) -> None:
            register(exercise)

    pm = make_plugin_manager(entry_points=False, plugins=[Plugin()])
    catalog = hipdip.catalog(pm)
    assert catalog.exercises[exercise.id] == exercise
    assert catalog.provider("exercises", exercise.id) != "hipdip.builtin.exercises"


@given(hs.findings(rule="session_time", severity="warning"))
def test_findings_overrides(finding: hipdip.Finding) -> None:
    assert finding.rule == "session_time"
    assert finding.severity is hipdip.Severity.WARNING


# --------------------------------------------------------------------------- #
# set_results and training_logs

REPS_ITEM = Prescription("clamshell", 3, Reps(12, 20), Band(BandTier.LIGHT, BandPlacement.KNEES))
HOLD_ITEM = Prescription("plank", 2, Hold(20, 60), Bodyweight(), rir=2)
ITEMS = st.sampled_from([REPS_ITEM, HOLD_ITEM]) | hs.prescriptions()


def dose_values(item: Prescription, results: tuple[hipdip.SetResult, ...]) -> list[int]:
    if isinstance(item.dose, Hold):
        assert all(r.reps is None and r.hold_seconds is not None for r in results)
        return [r.hold_seconds for r in results if r.hold_seconds is not None]
    assert all(r.hold_seconds is None and r.reps is not None for r in results)
    return [r.reps for r in results if r.reps is not None]


def dose_range(item: Prescription) -> tuple[int, int]:
    dose = item.dose
    return (
        (dose.low_seconds, dose.high_seconds) if isinstance(dose, Hold) else (dose.low, dose.high)
    )


@given(ITEMS.flatmap(lambda item: st.tuples(st.just(item), hs.set_results(item))))
def test_set_results_match_the_prescription(case: tuple[Prescription, Any]) -> None:
    item, results = case
    assert 1 <= len(results) <= hipdip.models.program.MAX_SETS
    values = dose_values(item, results)
    assert len(values) == len(results)
    assert all(r.load == item.load for r in results)
    rirs = {r.rir is None for r in results}
    assert len(rirs) == 1  # RIR logged on every set or on none
    assert all(r.rir is None or 0 <= r.rir <= log_model.MAX_LOGGED_RIR for r in results)


@pytest.mark.parametrize("outcome", hs.OUTCOMES)
def test_set_result_outcomes(outcome: hs.Outcome) -> None:
    @given(ITEMS.flatmap(lambda i: st.tuples(st.just(i), hs.set_results(i, outcome=outcome))))
    def check(case: tuple[Prescription, Any]) -> None:
        item, results = case
        low, high = dose_range(item)
        values = dose_values(item, results)
        expected = {
            "in_range": lambda v: low <= v <= high,
            "top": lambda v: v == high,
            "over": lambda v: v > high,
            "stall": lambda v: v < low or v == 0,
            "failure": lambda v: 0 <= v <= high,
            "mixed": lambda v: v >= 0,
        }[outcome]
        assert all(expected(v) for v in values), values
        if outcome == "failure":
            assert 0 in values
        if outcome == "stall" and low > 1:
            assert all(v > 0 for v in values)

    check()


def test_set_results_reach_every_outcome_by_default() -> None:
    def went(outcome_test: Any) -> Any:
        return first(hs.set_results(REPS_ITEM), lambda rs: outcome_test([r.reps for r in rs]))

    assert all(r.reps > 20 for r in went(lambda v: all(x > 20 for x in v)))
    assert all(0 < r.reps < 12 for r in went(lambda v: all(0 < x < 12 for x in v)))
    assert any(r.reps == 0 for r in went(lambda v: 0 in v))


@given(hs.set_results(REPS_ITEM, sets=5, load=Weight(2.0), rir=st.integers(0, 3)))
def test_set_results_overrides(results: tuple[hipdip.SetResult, ...]) -> None:
    assert len(results) == 5
    assert all(r.load == Weight(2.0) for r in results)
    assert all(r.rir is not None and 0 <= r.rir <= 3 for r in results)


def test_set_results_rejects_unknown_outcomes() -> None:
    with pytest.raises(ValueError, match="outcome must be one of"):
        hs.set_results(REPS_ITEM, outcome="great")  # type: ignore[arg-type]


@given(hs.set_results(Prescription("plank", 20, Hold(590, 600)), outcome="over"))
def test_over_performed_holds_stay_within_the_logged_bound(results: Any) -> None:
    assert len(results) >= 1
    assert all(600 < r.hold_seconds <= log_model.MAX_LOGGED_HOLD_SECONDS for r in results)


def hand_built_program() -> Program:
    profile = Profile(
        sex=Sex.FEMALE,
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience=Experience.BEGINNER,
        equipment=frozenset({"band"}),
    )
    weeks = tuple(
        Week(
            index=w,
            sessions=tuple(Session(w, d, (REPS_ITEM, HOLD_ITEM)[:d]) for d in (1, 2)),
            deload=w == 3,
        )
        for w in (1, 2, 3)
    )
    return Program(weeks=weeks, scheme="linear", profile=profile)


PROGRAM = hand_built_program()


@given(hs.training_logs(PROGRAM))
def test_training_logs_follow_the_program_in_order(log: hipdip.TrainingLog) -> None:
    planned = PROGRAM.sessions
    assert len(log.sessions) <= len(planned)
    for logged, session in zip(log.sessions, planned, strict=False):
        assert (logged.week, logged.day) == (session.week, session.day)
        assert [e.exercise for e in logged.exercises] == [i.exercise for i in session.items]
        for exercise_log, item in zip(logged.exercises, session.items, strict=True):
            assert len(exercise_log.sets) == item.sets
            assert all(s.load == item.load for s in exercise_log.sets)
            dose_values(item, exercise_log.sets)
    assert rebuild(log) == log


@given(hs.training_logs(PROGRAM, sessions=st.integers(4, 6), outcome="stall"))
def test_training_log_overrides(log: hipdip.TrainingLog) -> None:
    assert 4 <= len(log.sessions) <= 6
    for logged, session in zip(log.sessions, PROGRAM.sessions, strict=False):
        for exercise_log, item in zip(logged.exercises, session.items, strict=True):
            low, _ = dose_range(item)
            assert all(v < low for v in dose_values(item, exercise_log.sets))


def test_training_logs_include_stalls_and_over_performance() -> None:
    def sets(log: hipdip.TrainingLog) -> list[int]:
        return [s.reps for sl in log.sessions for e in sl.exercises for s in e.sets if s.reps]

    stalled = first(hs.training_logs(PROGRAM), lambda log: any(0 < r < 12 for r in sets(log)))
    assert any(0 < r < 12 for r in sets(stalled))
    over = first(hs.training_logs(PROGRAM), lambda log: any(r > 20 for r in sets(log)))
    assert any(r > 20 for r in sets(over))


@pytest.mark.skipif(not hasattr(hipdip, "plan_program"), reason="the planner is not there yet")
def test_programs_are_planned_for_the_overridden_profiles() -> None:
    pm = make_plugin_manager(entry_points=False)

    @given(hs.programs(pm, experience=Experience.BEGINNER, days_per_week=3))
    def check(program: Program) -> None:
        assert program.profile.experience is Experience.BEGINNER
        assert 1 <= len(program.weeks) <= 16
        assert program.scheme in hipdip.catalog(pm).schemes
        assert all(len(week.sessions) == 3 for week in program.weeks)

    check()


def test_programs_rejects_conflicting_profile_arguments() -> None:
    profile = first(hs.profiles())
    with pytest.raises(TypeError, match="profile"):
        hs.programs(profile=profile, age=30)


# --------------------------------------------------------------------------- #
# Registration through hypothesis's entry point


MODELS = [
    hipdip.Muscle,
    hipdip.MuscleTarget,
    hipdip.Exercise,
    hipdip.Bodyweight,
    hipdip.Weight,
    hipdip.Band,
    hipdip.Reps,
    hipdip.Hold,
    hipdip.Prescription,
    hipdip.Session,
    hipdip.Week,
    hipdip.models.Target,
    hipdip.BodyComposition,
    hipdip.HipStructure,
    hipdip.Posture,
    hipdip.Profile,
    hipdip.SetResult,
    hipdip.ExerciseLog,
    hipdip.SessionLog,
    hipdip.TrainingLog,
    hipdip.Finding,
    hipdip.Factor,
    hipdip.Assessment,
    hipdip.NutritionPlan,
    hipdip.Decision,
]


@pytest.mark.parametrize("cls", model_grid(MODELS))
def test_from_type_builds_valid_models(cls: type) -> None:
    @given(st.from_type(cls))
    def check(value: Any) -> None:
        assert type(value) is cls
        assert rebuild(value) == value

    check()


@given(st.from_type(hipdip.Profile), st.from_type(hipdip.Load))
def test_from_type_profile_and_load_union(profile: Profile, load: Any) -> None:
    assert isinstance(profile, Profile)
    assert isinstance(load, Bodyweight | Weight | Band)


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_entry_point_registers_profile_for_from_type() -> None:
    out = run_python(
        """
        import sys
        import hypothesis  # runs the `hypothesis` entry points, among them hipdip's
        print("hipdip.testing.strategies" in sys.modules)
        from hypothesis import Phase, find, settings, strategies as st
        import hipdip
        no_shrink = settings(database=None, phases=[Phase.generate])
        profile = find(st.from_type(hipdip.Profile), lambda p: p.age > 40, settings=no_shrink)
        print(type(profile).__name__, profile.age > 40)
        """
    )
    assert out.split() == ["True", "Profile", "True"]


def test_import_hipdip_does_not_import_hypothesis_or_pytest() -> None:
    out = run_python(
        """
        import sys
        import hipdip
        hipdip.Profile, hipdip.catalog
        print(sorted(m for m in ("hypothesis", "pytest", "hipdip.testing") if m in sys.modules))
        """
    )
    assert out.strip() == "[]"


def test_setup_hook_warns_instead_of_breaking_hypothesis(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(hs, "_register_type_strategies", broken)
    with pytest.warns(RuntimeWarning, match="hipdip: could not register.*boom"):
        _hypothesis._hypothesis_setup_hook()


def test_setup_hook_is_idempotent() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _hypothesis._hypothesis_setup_hook()
        _hypothesis._hypothesis_setup_hook()
    assert isinstance(first(st.from_type(hipdip.Profile)), Profile)
