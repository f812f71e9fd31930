"""Benchmark: one progression step and one ``progress`` step per logged exercise.

Run as a script (prints median µs)::

    python benchmarks/bench_progress.py

or with pytest-benchmark (``benchmarks/`` is not in the unit-test paths)::

    pytest benchmarks/bench_progress.py --benchmark-only

Target (DESIGN.md §8): one ``progress`` step ≤ 50 µs per logged exercise.
Numbers, not timed assertions.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import attrs

from hipdip import (
    Band,
    BodyComposition,
    Bodyweight,
    Exercise,
    ExerciseLog,
    Hold,
    MuscleTarget,
    Prescription,
    Profile,
    Program,
    Reps,
    Role,
    Session,
    SessionLog,
    SetResult,
    TrainingLog,
    Week,
    Weight,
    next_prescription,
    progress,
)
from hipdip.hookspecs import hookimpl
from hipdip.plugins import make_plugin_manager

WEEKS, DAYS = 8, 3


def _exercise(id_: str, role: Role = Role.PRIMARY, **fields: Any) -> Exercise:
    return Exercise(
        id=id_,
        name=id_,
        targets=(MuscleTarget("gluteus_medius", role),),
        pattern="hip_abduction",
        position=fields.pop("position", "side_lying"),
        **fields,
    )


EXERCISES = (
    _exercise("bench_clamshell", harder="bench_banded_clamshell"),
    _exercise(
        "bench_banded_clamshell",
        load_kind="band",
        equipment=frozenset({"band"}),
        easier="bench_clamshell",
    ),
    _exercise("bench_ankle_abduction", load_kind="weight", equipment=frozenset({"ankle_weights"})),
    _exercise("bench_plank", Role.STABILIZER, position="prone"),
)


class BenchExercises:
    @hookimpl
    def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
        for exercise in EXERCISES:
            register(exercise)


PM = make_plugin_manager(entry_points=False, plugins=[BenchExercises()])
PROFILE = Profile(
    sex="female",
    age=30,
    body=BodyComposition(weight_kg=65, height_cm=165),
    experience="intermediate",
    equipment=frozenset({"band", "ankle_weights"}),
    days_per_week=DAYS,
)
# A program every program rule passes (progress() checks it): 15 gluteus medius hard
# sets a week for an intermediate (10–16), the deload week 9 (≤ 60 %).
ITEMS = (
    Prescription("bench_clamshell", 2, Reps(12, 20), Bodyweight(), rir=2),
    Prescription("bench_banded_clamshell", 1, Reps(12, 20), Band("light", "thighs"), rir=2),
    Prescription("bench_ankle_abduction", 2, Reps(10, 15), Weight(2.0), rir=2),
    Prescription("bench_plank", 3, Hold(20, 60), Bodyweight()),
)


def _week_items(week: int, day: int) -> tuple[Prescription, ...]:
    """Distinct objects per session, as a planner makes them: RIR steps 3 → 1, deload week 6."""
    deload = week == 6
    rir = 3 if deload else 3 - (week - 1) % 3
    return tuple(
        attrs.evolve(i, sets=1 if deload else i.sets, rir=None if i.rir is None else rir)
        for i in ITEMS
    )


PROGRAM = Program(
    tuple(
        Week(w, tuple(Session(w, d, _week_items(w, d)) for d in range(1, DAYS + 1)), deload=w == 6)
        for w in range(1, WEEKS + 1)
    ),
    "linear",
    PROFILE,
)


def _sets(item: Prescription, amount: int) -> tuple[SetResult, ...]:
    if isinstance(item.dose, Hold):
        return (SetResult(hold_seconds=amount + 10, load=item.load),) * item.sets
    return (SetResult(reps=amount, rir=3, load=item.load),) * item.sets


def _log(sessions: int) -> TrainingLog:
    out = []
    for n, session in enumerate(PROGRAM.sessions[:sessions]):
        amount = 12 + n % 6  # add a rep a session, reset every six
        exercises = tuple(ExerciseLog(i.exercise, _sets(i, amount)) for i in session.items)
        out.append(SessionLog(session.week, session.day, exercises))
    return TrainingLog(tuple(out))


FULL_LOG = _log(WEEKS * DAYS)
ONE_SESSION = _log(1)
ITEM = ITEMS[2]
RESULTS = _sets(ITEM, 13)
PREVIOUS = _sets(ITEM, 12)


def one_step() -> None:
    next_prescription(ITEM, RESULTS, pm=PM, previous=PREVIOUS)


def full_log() -> None:
    progress(PROGRAM, FULL_LOG, pm=PM)


def one_session() -> None:
    progress(PROGRAM, ONE_SESSION, pm=PM)


def _logged(log: TrainingLog) -> int:
    return sum(len(s.exercises) for s in log.sessions)


def median_us(fn: Callable[[], None], *, repeat: int = 30, number: int | None = None) -> float:
    """Median wall time of one call of ``fn`` in µs over ``repeat`` batches."""
    fn()  # warm up: build the catalogue and the engine cache
    if number is None:
        start = time.perf_counter()
        fn()
        number = max(1, int(0.01 / max(time.perf_counter() - start, 1e-7)))
    batches = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        batches.append((time.perf_counter() - start) / number)
    return statistics.median(batches) * 1e6


def main() -> None:
    step = median_us(one_step)
    full = median_us(full_log)
    single = median_us(one_session)
    n_full, n_one = _logged(FULL_LOG), _logged(ONE_SESSION)
    print(f"next_prescription, one step:                    {step:8.1f} µs")
    print(
        f"progress, {WEEKS}×{DAYS} program, full log ({n_full} logged): {full:8.1f} µs total, "
        f"{full / n_full:6.1f} µs per logged exercise"
    )
    print(
        f"progress, one logged session ({n_one} logged):      {single:8.1f} µs total, "
        f"{single / n_one:6.1f} µs per logged exercise"
    )
    # Rebuilding the later sessions is paid once per call; each further logged
    # exercise adds about this much:
    print(
        f"progress, marginal cost of a logged exercise:    "
        f"{(full - single) / (n_full - n_one):8.1f} µs"
    )


# pytest-benchmark entry points (`pytest benchmarks/bench_progress.py`)


def test_next_prescription(benchmark: Any) -> None:
    benchmark(one_step)


def test_progress_full_log(benchmark: Any) -> None:
    benchmark(full_log)


def test_progress_one_session(benchmark: Any) -> None:
    benchmark(one_session)


if __name__ == "__main__":
    main()
