"""Benchmark: profiles planned per second by ``hipdip.batch.plan_many``.

Run as a script::

    python benchmarks/bench_batch.py                 # 10,000 profiles, in-process vs 2 processes
    python benchmarks/bench_batch.py --sweep         # also: 2-process pool at several chunk sizes
    python benchmarks/bench_batch.py --dask          # also: a 2-worker Dask LocalCluster

It prints profiles per second for each run and the chunk size used. The
process pool is started (and its workers warmed up: hipdip imported, the
plugin manager built) before timing, so the numbers are steady-state
throughput; the start-up time is printed separately. Numbers, not timed
assertions; measured numbers are recorded in ``docs/scale.md``.

With pytest-benchmark (``benchmarks/`` is not in the unit-test paths)::

    pytest benchmarks/bench_batch.py --benchmark-only
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import hipdip
from hipdip.batch import DEFAULT_CHUNKSIZE, plan_many

EQUIPMENT = ("band", "ankle_weights", "cable", "dumbbell", "bench", "step")


def make_profiles(count: int, seed: int = 0) -> Iterator[hipdip.Profile]:
    """``count`` varied, valid profiles (a generator: the batch reads it lazily)."""
    rng = random.Random(seed)
    for _ in range(count):
        sex = rng.choice(("female", "male"))
        height = rng.uniform(150, 195)
        yield hipdip.Profile(
            sex=sex,
            age=rng.randint(18, 75),
            body=hipdip.BodyComposition(
                weight_kg=round(rng.uniform(48, 110), 1),
                height_cm=round(height, 1),
                body_fat_pct=rng.choice((None, round(rng.uniform(14, 38), 1))),
            ),
            experience=rng.choice(("beginner", "intermediate", "advanced")),
            equipment=frozenset(rng.sample(EQUIPMENT, rng.randint(0, 3))),
            days_per_week=rng.randint(2, 6),
            session_minutes=rng.choice((15, 20, 30, 45, 60)),
            activity=rng.choice(("sedentary", "light", "moderate", "very")),
            goal=rng.choice(("maintain", "lean_gain", "recomposition", "fat_loss")),
            posture=hipdip.Posture(pelvic_tilt_deg=rng.choice((None, 10.0, 22.0))),
        )


REPEAT = 3


def run(
    count: int, executor: Executor | None, chunksize: int, repeat: int = REPEAT
) -> tuple[float, float, int]:
    """Plan ``count`` profiles ``repeat`` times.

    Returns the best run's wall seconds and the CPU seconds the calling
    process spent in it (making profiles, pickling them, unpickling
    programs: the part a pool cannot spread), and the per-item error count.
    """
    best, cpu, errors = float("inf"), 0.0, 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = plan_many(make_profiles(count), executor=executor, chunksize=chunksize)
        errors = sum(not r.ok for r in results)
        seconds = time.perf_counter() - start
        if seconds < best:
            best, cpu = seconds, time.process_time() - start_cpu
    return best, cpu, errors


def report(
    label: str, count: int, measured: tuple[float, float, int], chunksize: int | None
) -> None:
    seconds, cpu, errors = measured
    chunk = f"chunksize {chunksize:>4}" if chunksize is not None else "chunksize    -"
    print(
        f"{label:<30} {count / seconds:>7,.0f} profiles/s  {seconds:6.2f} s  "
        f"caller CPU {cpu / count * 1e3:.2f} ms/profile  {chunk}  ({errors} per-item errors)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunksize", type=int, default=DEFAULT_CHUNKSIZE)
    parser.add_argument("--sweep", action="store_true", help="pool at several chunk sizes")
    parser.add_argument("--dask", action="store_true", help="also a Dask LocalCluster")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="best of N runs (default 3)")
    args = parser.parse_args(argv)
    count, workers = args.count, args.workers
    repeat = args.repeat

    print(
        f"hipdip {hipdip.__version__}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, {count:,} profiles, 8 weeks, scheme 'linear', "
        f"best of {repeat}; load average before: {os.getloadavg()[0]:.2f}"
    )
    list(plan_many(make_profiles(50)))  # build the default plugin manager first
    measured = run(count, None, args.chunksize, repeat)
    report("in-process (executor=None)", count, measured, None)

    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(plan_many(make_profiles(4 * workers), executor=pool, chunksize=1))  # warm up
        print(f"  (process pool of {workers} started in {time.perf_counter() - started:.2f} s)")
        measured = run(count, pool, args.chunksize, repeat)
        report(f"ProcessPoolExecutor({workers})", count, measured, args.chunksize)
        if args.sweep:
            for chunksize in (1, 8, 32, 128, 512, 2048):
                measured = run(count, pool, chunksize, repeat)
                report(f"ProcessPoolExecutor({workers})", count, measured, chunksize)

    if args.dask:
        from distributed import Client, LocalCluster

        started = time.perf_counter()
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            executor: Any = client.get_executor()
            list(plan_many(make_profiles(4 * workers), executor=executor, chunksize=1))
            print(f"  (Dask cluster of {workers} started in {time.perf_counter() - started:.2f} s)")
            for chunksize in (32, args.chunksize, 512) if args.sweep else (args.chunksize,):
                measured = run(count, executor, chunksize, repeat)
                report(f"Dask LocalCluster({workers} procs)", count, measured, chunksize)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def test_plan_many_in_process(benchmark: Any) -> None:
    """pytest-benchmark: 200 profiles planned in-process."""
    profiles = list(make_profiles(200))
    benchmark(lambda: list(plan_many(profiles)))


if __name__ == "__main__":
    main()
