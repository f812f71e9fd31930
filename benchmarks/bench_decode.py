"""How long ``hipdip.io.loads`` takes to read a large training log, beside plain ``json.loads``.

Run with ``python benchmarks/bench_decode.py [--sets N] [--repeats N]``. The
log logs every prescription of the example program, session after session,
until it holds ``--sets`` sets (default 36,000: about 6,200 sessions, some 40
years of training three days a week); ``--distinct`` makes hardly two sets
alike, the worst case for the reader. Both sides read the same text; the
median CPU time of ``--repeats`` reads (garbage collection on, as in real use)
is printed with the ratio. Issue 19 asks for ``loads`` ≤ 3× ``json.loads``.
Numbers, not assertions: nothing here fails.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import time
from collections.abc import Callable

import hipdip
from hipdip.examples import example_profile
from hipdip.io import dumps, loads

# Built-ins only, as in run.py (entry points load on first use, not at import).
os.environ.setdefault("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "1")


def big_log(sets: int, *, distinct: bool = False, seed: int = 19) -> hipdip.TrainingLog:
    """The example program's prescriptions logged in order until ``sets`` sets.

    Each set's reps (or hold seconds) and RIR are drawn around the prescribed
    range (seeded, so every run reads the same log), as a real log varies.
    With ``distinct``, rep sets are drawn from the whole allowed range at a
    random weight, so hardly two sets are alike (the reader's worst case).
    """
    rng = random.Random(seed)
    program = hipdip.plan_program(example_profile(), weeks=8)
    sessions: list[hipdip.SessionLog] = []
    total = 0
    while total < sets:
        for session in program.sessions:
            exercises = []
            for item in session.items[: max(0, sets - total)]:
                count = min(item.sets, sets - total)
                dose = item.dose
                if isinstance(dose, hipdip.Hold):
                    results = tuple(
                        hipdip.SetResult(
                            hold_seconds=rng.randint(dose.low_seconds, dose.high_seconds + 10),
                            load=item.load,
                        )
                        for _ in range(count)
                    )
                elif distinct:
                    results = tuple(
                        hipdip.SetResult(
                            reps=rng.randint(0, 100),
                            load=hipdip.Weight(round(rng.uniform(0.5, 100.0), 2)),
                            rir=rng.randint(0, 10),
                        )
                        for _ in range(count)
                    )
                else:
                    results = tuple(
                        hipdip.SetResult(
                            reps=rng.randint(max(0, dose.low - 3), dose.high + 3),
                            load=item.load,
                            rir=rng.choice((None, 0, 1, 2, 3, 4)),
                        )
                        for _ in range(count)
                    )
                exercises.append(hipdip.ExerciseLog(item.exercise, results))
                total += count
            if exercises:
                sessions.append(hipdip.SessionLog(session.week, session.day, tuple(exercises)))
            if total >= sets:
                break
    return hipdip.TrainingLog(tuple(sessions))


def median_seconds(func: Callable[[], object], repeats: int) -> float:
    func()  # warm-up: the converter is built on first use
    samples = []
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        func()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def measure(sets: int = 36_000, repeats: int = 9, *, distinct: bool = False) -> dict[str, float]:
    """Median seconds of ``json.loads`` and of ``hipdip.io.loads`` on one log's text."""
    log = big_log(sets, distinct=distinct)
    text = dumps(log)
    assert loads(text, hipdip.TrainingLog) == log
    sessions = len(log.sessions)
    del log  # time both sides with the same objects alive
    plain = median_seconds(lambda: json.loads(text), repeats)
    hipdip_s = median_seconds(lambda: loads(text, hipdip.TrainingLog), repeats)
    return {
        "sets": float(sets),
        "sessions": float(sessions),
        "bytes": float(len(text.encode())),
        "json_loads_s": plain,
        "hipdip_loads_s": hipdip_s,
        "ratio": hipdip_s / plain,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=36_000, help="sets in the log")
    parser.add_argument("--repeats", type=int, default=9, help="timed reads per side")
    parser.add_argument("--distinct", action="store_true", help="hardly two sets alike")
    args = parser.parse_args(argv)
    row = measure(args.sets, args.repeats, distinct=args.distinct)
    print(
        f"{row['sets']:,.0f} sets in {row['sessions']:,.0f} sessions, "
        f"{row['bytes'] / 1e6:.1f} MB of JSON"
    )
    print(f"json.loads       {row['json_loads_s'] * 1e3:8.1f} ms")
    print(
        f"hipdip.io.loads  {row['hipdip_loads_s'] * 1e3:8.1f} ms  ({row['ratio']:.2f}× json.loads)"
    )


if __name__ == "__main__":
    main()
