"""Time streprogen building and rendering an 8-week, 3-day, 5-exercise program.

Run by ``benchmarks/run.py`` with an interpreter that has streprogen
installed (streprogen is GPL-3.0: it is only installed and run, never copied
into hipdip). Times are CPU time (as in ``run.py``). Prints one JSON object: ``{"median_us": …, "runs": …,
"version": …}``. It does not import hipdip.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import warnings


def build_and_render() -> str:
    from streprogen import Program

    program = Program(name="Hip program", duration=8)
    with program.Day():
        program.DynamicExercise(name="Side-lying hip abduction", start_weight=2)
        program.DynamicExercise(name="Standing cable hip abduction", start_weight=10)
    with program.Day():
        program.DynamicExercise(name="Hip thrust", start_weight=40)
        program.DynamicExercise(name="Dumbbell step-up", start_weight=10)
    with program.Day():
        program.DynamicExercise(name="Single-leg Romanian deadlift", start_weight=12)
    program.render()
    text: str = program.to_txt()
    return text


def main() -> None:
    from importlib.metadata import version

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build_and_render()  # warm-up: imports and first-call caches
        times = []
        for _ in range(repeats):
            start = time.process_time()
            build_and_render()
            times.append(time.process_time() - start)
    print(
        json.dumps(
            {
                "median_us": statistics.median(times) * 1e6,
                "runs": repeats,
                "version": version("streprogen"),
            }
        )
    )


if __name__ == "__main__":
    main()
