"""The first plan with a plugin ladder of 10,000 exercises (issue 19: target ≤ 0.5 s).

Run: ``python benchmarks/bench_ladder.py [--rungs N]``. Prints the catalogue
build and the first ``plan_program`` (which derives the ladders once per
catalogue, :mod:`hipdip.ladders`) and a ``progress`` step up that ladder.
Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import hipdip
from hipdip import BodyComposition, Exercise, MuscleTarget, Profile, Role
from hipdip.plugins import make_plugin_manager


def ladder_plugin(rungs: int) -> object:
    """A plugin registering one ladder of ``rungs`` exercises, each harder than the last."""

    class Ladder:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
            previous = None
            for index in range(rungs):
                exercise_id = f"bench_rung_{index}"
                register(
                    Exercise(
                        id=exercise_id,
                        name=f"Rung {index}",
                        targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
                        pattern="hip_abduction",
                        position="side_lying",
                        easier=previous,
                    )
                )
                previous = exercise_id

    return Ladder()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rungs", type=int, default=10_000)
    args = parser.parse_args()
    start = time.perf_counter()
    pm = make_plugin_manager(entry_points=False, plugins=[ladder_plugin(args.rungs)])
    cat = hipdip.catalog(pm)
    built = time.perf_counter()
    person = Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience="beginner",
        equipment=frozenset(),
    )
    program = hipdip.plan_program(person, pm=pm)
    planned = time.perf_counter()
    print(f"{len(cat.exercises):,} exercises in the catalogue")
    print(f"catalogue build:          {(built - start) * 1e3:8.1f} ms")
    print(f"first plan_program:       {(planned - built) * 1e3:8.1f} ms  (target ≤ 500 ms)")
    print(f"weeks planned:            {len(program.weeks)}")


if __name__ == "__main__":
    main()
