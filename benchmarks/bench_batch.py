"""Benchmark: profiles planned per second by ``hipdip.batch.plan_many``.

Run as a script::

    python benchmarks/bench_batch.py                 # 10,000 profiles, in-process vs 2 processes
    python benchmarks/bench_batch.py --sweep         # also: 2-process pool at several chunk sizes
    python benchmarks/bench_batch.py --dask          # also: a 2-worker Dask LocalCluster

It prints profiles per second for each run and the chunk size used. Each
run starts a fresh process pool (on Linux forked: the workers inherit hipdip
and its plugin manager from the caller, so start-up costs ~0.03 s) and shuts
it down, so the workers' CPU time can be read; it prints the CPU time the
caller and the workers spent per profile, which other jobs on a shared
machine inflate much less than wall time. Numbers, not timed assertions; the
measured numbers are in ``benchmarks/bench_batch.md`` and ``docs/scale.md``.

With pytest-benchmark (``benchmarks/`` is not in the unit-test paths)::

    pytest benchmarks/bench_batch.py --benchmark-only
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import hipdip
from hipdip.batch import DEFAULT_CHUNKSIZE, plan_many

EQUIPMENT = ("band", "ankle_weights", "cable", "dumbbell", "bench", "step")


def plausible_body(weight: float, height: float, fat: float | None) -> hipdip.BodyComposition:
    """A body with these numbers moved into what a person can have (BMI, fat-free-mass index)."""
    from hipdip.models.profile import BMI_RANGE, plausible_body_fat_pct

    square = (height / 100) ** 2
    weight = min(max(weight, round(BMI_RANGE[0] * square + 0.1, 1)), BMI_RANGE[1] * square)
    if fat is not None:
        low, high = plausible_body_fat_pct(weight, height)
        fat = min(max(fat, round(low + 0.1, 1)), round(high - 0.1, 1))
    return hipdip.BodyComposition(weight_kg=weight, height_cm=height, body_fat_pct=fat)


def make_profiles(count: int, seed: int = 0) -> Iterator[hipdip.Profile]:
    """``count`` varied, valid profiles (a generator: the batch reads it lazily)."""
    rng = random.Random(seed)
    for _ in range(count):
        sex = rng.choice(("female", "male"))
        height = rng.uniform(150, 195)
        yield hipdip.Profile(
            sex=sex,
            age=rng.randint(18, 75),
            body=plausible_body(
                round(rng.uniform(48, 110), 1),
                round(height, 1),
                rng.choice((None, round(rng.uniform(14, 38), 1))),
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


@dataclass
class Measured:
    """The best of ``repeat`` runs: wall seconds, CPU seconds of the caller and the workers."""

    seconds: float
    caller_cpu: float
    worker_cpu: float | None
    errors: int


def run(
    count: int,
    executor: Callable[[], AbstractContextManager[Executor | None]],
    chunksize: int,
    repeat: int = REPEAT,
) -> Measured:
    """Plan ``count`` profiles ``repeat`` times, each time in a fresh ``executor()``.

    The caller's CPU time is what a pool cannot spread (making the profiles,
    pickling them, unpickling the programs). The workers' CPU time is read
    from the exited worker processes (``RUSAGE_CHILDREN``), so it is known
    only for executors whose workers are children that exit when the
    ``with`` block ends (a process pool), else ``None``.
    """
    best: Measured | None = None
    for _ in range(repeat):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        start, start_cpu = time.perf_counter(), time.process_time()
        with executor() as pool:
            results = plan_many(make_profiles(count), executor=pool, chunksize=chunksize)
            errors = sum(not r.ok for r in results)
        seconds, caller = time.perf_counter() - start, time.process_time() - start_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        measured = Measured(seconds, caller, spent if spent > 0 else None, errors)
        if best is None or measured.seconds < best.seconds:
            best = measured
    assert best is not None
    return best


def report(label: str, count: int, m: Measured, chunksize: int | None) -> None:
    chunk = f"{chunksize:>4}" if chunksize is not None else "   -"
    workers = f"{m.worker_cpu / count * 1e3:5.2f}" if m.worker_cpu is not None else "    -"
    print(
        f"{label:<28} {count / m.seconds:>6,.0f} profiles/s {m.seconds:6.2f} s  "
        f"chunksize {chunk}  CPU ms/profile: caller {m.caller_cpu / count * 1e3:4.2f}, "
        f"workers {workers}  ({m.errors} per-item errors)"
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
    count, workers, repeat = args.count, args.workers, args.repeat

    print(
        f"hipdip {hipdip.__version__}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, {count:,} profiles, 8 weeks, scheme 'linear', "
        f"best of {repeat}; load average before: {os.getloadavg()[0]:.2f}"
    )
    # Build the default plugin manager first: forked pool workers inherit it.
    list(plan_many(make_profiles(50)))
    in_process = run(count, lambda: nullcontext(None), args.chunksize, repeat)
    report("in-process (executor=None)", count, in_process, None)

    def pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers)

    label = f"ProcessPoolExecutor({workers})"
    pooled = run(count, pool, args.chunksize, repeat)
    report(label, count, pooled, args.chunksize)
    if args.sweep:
        for chunksize in (1, 8, 32, 128, 512, 2048):
            report(label, count, run(count, pool, chunksize, repeat), chunksize)
    if pooled.worker_cpu is not None:
        # What the pool would reach with every core to itself: CPU-bound on the busiest side.
        busy = max(
            (pooled.caller_cpu + pooled.worker_cpu) / (os.cpu_count() or 1),
            pooled.worker_cpu / workers,
            pooled.caller_cpu,
        )
        print(
            f"  idle-machine estimate for the pool from its CPU time: {count / busy:,.0f} "
            f"profiles/s (in-process from its CPU time: {count / in_process.caller_cpu:,.0f})"
        )

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
                measured = run(count, lambda: nullcontext(executor), chunksize, repeat)
                report(f"Dask LocalCluster({workers} procs)", count, measured, chunksize)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def test_plan_many_in_process(benchmark: Any) -> None:
    """pytest-benchmark: 200 profiles planned in-process."""
    profiles = list(make_profiles(200))
    benchmark(lambda: list(plan_many(profiles)))


if __name__ == "__main__":
    main()
