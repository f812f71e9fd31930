"""hipdip-wave: the scheme's targets, the contract suite, and planning with it."""

from __future__ import annotations

from collections.abc import Callable

import hipdip_wave
import pytest
from hipdip_wave import CYCLE_WEEKS, DELOAD, WAVE

import hipdip
from hipdip import Reps
from hipdip.plugins import HipdipPluginManager
from hipdip.protocols import Scheme, Target
from hipdip.testing.contracts import SchemeContract

# SCIENCE.md §Training: a deload week has RIR ≥ 3 and ≤ 60 % of the hard sets.
DELOAD_MIN_RIR = 3
DELOAD_MAX_VOLUME = 0.6

Register = Callable[..., str]


class TestWaveSchemeContract(SchemeContract):
    """hipdip's property tests of the Scheme invariants, run on the wave scheme."""

    @pytest.fixture
    def scheme(self) -> Scheme:
        return WAVE


def test_is_a_scheme() -> None:
    assert isinstance(WAVE, Scheme)
    assert WAVE.id == "wave"


@pytest.mark.parametrize(
    ("week", "reps", "rir"),
    [(1, Reps(15, 20), 3), (2, Reps(12, 15), 2), (3, Reps(8, 12), 1), (5, Reps(15, 20), 3)],
)
def test_training_weeks_rise_in_intensity(week: int, reps: Reps, rir: int) -> None:
    for day in range(1, 4):
        target = WAVE.target(week, day, weeks=8, days_per_week=3)
        assert target == Target(reps=reps, rir=rir, volume_factor=1.0, deload=False)


def test_every_fourth_week_is_a_deload() -> None:
    weeks = 12
    deloads = [
        w for w in range(1, weeks + 1) if WAVE.target(w, 1, weeks=weeks, days_per_week=3).deload
    ]
    assert deloads == [4, 8, 12]
    assert CYCLE_WEEKS == 4
    assert DELOAD.rir >= DELOAD_MIN_RIR
    assert DELOAD.volume_factor <= DELOAD_MAX_VOLUME
    # The range of the week before it (one step lighter is then within reach).
    assert DELOAD.reps == WAVE.target(3, 1, weeks=weeks, days_per_week=3).reps


@pytest.mark.parametrize("weeks", range(1, 53))
def test_a_deload_in_every_run_of_six_weeks(weeks: int) -> None:
    flags = [WAVE.target(w, 1, weeks=weeks, days_per_week=3).deload for w in range(1, weeks + 1)]
    if weeks >= 6:
        assert all(any(flags[i : i + 6]) for i in range(weeks - 5))
    if weeks < CYCLE_WEEKS:
        assert not any(flags)


def _profile(**changes: object) -> hipdip.Profile:
    fields: dict[str, object] = {
        "sex": "female",
        "age": 30,
        "body": hipdip.BodyComposition(weight_kg=65, height_cm=165),
        "experience": "intermediate",
        "equipment": frozenset({"band"}),
        "days_per_week": 3,
        "session_minutes": 30,
    }
    fields.update(changes)
    return hipdip.Profile(**fields)  # type: ignore[arg-type]


def test_unknown_without_the_plugin(hipdip_pm: HipdipPluginManager) -> None:
    with pytest.raises(hipdip.UnknownIdError, match="wave"):
        hipdip.plan_program(_profile(), scheme="wave", pm=hipdip_pm)


def test_plan_program_with_the_wave(
    hipdip_pm: HipdipPluginManager, hipdip_register: Register
) -> None:
    hipdip_register(hipdip_wave)
    assert hipdip.catalog(hipdip_pm).provider("schemes", "wave") == "hipdip_wave"
    program = hipdip.plan_program(_profile(), weeks=8, scheme="wave", pm=hipdip_pm)
    assert program.scheme == "wave"
    assert [w.index for w in program.weeks if w.deload] == [4, 8]
    for week in program.weeks:
        expected = WAVE.target(week.index, 1, weeks=8, days_per_week=3)
        for session in week.sessions:
            for item in session.items:
                if isinstance(item.dose, Reps):
                    assert item.dose == expected.reps
                    assert item.rir == expected.rir
    findings = hipdip.validate_program(program, pm=hipdip_pm)
    assert [f for f in findings if f.severity is hipdip.Severity.ERROR] == []


def test_deload_weeks_cut_volume(hipdip_pm: HipdipPluginManager, hipdip_register: Register) -> None:
    hipdip_register(hipdip_wave)
    program = hipdip.plan_program(_profile(), weeks=8, scheme="wave", pm=hipdip_pm)
    sets = [sum(i.sets for s in w.sessions for i in s.items) for w in program.weeks]
    for index, week in enumerate(program.weeks):
        if week.deload:
            assert sets[index] <= DELOAD_MAX_VOLUME * sets[index - 1]


@pytest.mark.parametrize("experience", ["beginner", "intermediate", "advanced"])
@pytest.mark.parametrize("weeks", [3, 4, 6, 8, 12])
def test_plans_like_the_builtin_schemes(
    hipdip_pm: HipdipPluginManager,
    hipdip_register: Register,
    experience: str,
    weeks: int,
) -> None:
    hipdip_register(hipdip_wave)
    profile = _profile(experience=experience, session_minutes=45)
    program = hipdip.plan_program(profile, weeks=weeks, scheme="wave", pm=hipdip_pm)
    assert len(program.weeks) == weeks
    # Same inputs, same program (SCIENCE.md §Invariants 8).
    assert hipdip.plan_program(profile, weeks=weeks, scheme="wave", pm=hipdip_pm) == program
