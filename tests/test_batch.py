"""hipdip.batch: same results from every executor, in input order, errors per item.

Also: every model and error pickles exactly (what executors need), plugins
work in worker processes, and the caller's HIPDIP_* settings reach them.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest
from _grids import model_grid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import batch
from hipdip.batch import (
    DEFAULT_CHUNKSIZE,
    BatchResult,
    PlanResult,
    ProgressResult,
    plan_many,
    progress_many,
)
from hipdip.errors import (
    HipdipError,
    PlanningError,
    PluginError,
    UnknownIdError,
    ValidationError,
)
from hipdip.plugins import _reset_default_plugin_manager
from hipdip.testing.strategies import findings, profiles, programs, training_logs

SETTINGS = ("HIPDIP_STRICT_PLUGINS", "HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "HIPDIP_LOAD_PLUGINS")

EXAMPLE = hipdip.Profile(
    sex="female",
    age=30,
    body=hipdip.BodyComposition(weight_kg=65, height_cm=165),
    experience="beginner",
    equipment=frozenset({"band"}),
    days_per_week=3,
    session_minutes=30,
)
#: Valid, but the planner cannot fit the bottom of the volume range into 10 minutes twice a week.
UNPLANNABLE = hipdip.Profile(
    sex="male",
    age=40,
    body=hipdip.BodyComposition(80, 180),
    experience="advanced",
    days_per_week=2,
    session_minutes=10,
)


def expected_plan(item: Any, *, weeks: int = 8, scheme: str = "linear") -> PlanResult:
    """What plan_many must yield for ``item`` at index 0 (re-indexed by the caller)."""
    try:
        return PlanResult(0, hipdip.plan_program(item, weeks=weeks, scheme=scheme))
    except HipdipError as exc:
        return PlanResult(0, error=exc)


def expected_plans(items: list[Any], **kwargs: Any) -> list[PlanResult]:
    return [
        PlanResult(i, r.program, r.error)
        for i, r in enumerate(expected_plan(item, **kwargs) for item in items)
    ]


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    """Two worker processes shared by the tests of this module."""
    with ProcessPoolExecutor(2) as executor:
        yield executor


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    _reset_default_plugin_manager()
    yield
    _reset_default_plugin_manager()


# Profiles, with a few things that are not profiles mixed in.
items = st.lists(
    st.one_of(
        profiles(),
        profiles(),
        profiles(),
        st.sampled_from([None, "profile", 42, UNPLANNABLE]),
    ),
    max_size=12,
)


# --------------------------------------------------------------------------- #
# Same results from every executor, in input order


@settings(max_examples=30)
@given(items)
def test_in_process_yields_plan_program_per_item_in_order(batch_items: list[Any]) -> None:
    results = list(plan_many(batch_items, weeks=4))
    assert results == expected_plans(batch_items, weeks=4)
    assert [r.index for r in results] == list(range(len(batch_items)))


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(items, st.integers(1, 5))
def test_process_pool_gives_the_in_process_results(
    pool: ProcessPoolExecutor, batch_items: list[Any], chunksize: int
) -> None:
    results = list(plan_many(batch_items, weeks=4, executor=pool, chunksize=chunksize))
    assert results == list(plan_many(batch_items, weeks=4))


@pytest.mark.parametrize("chunksize", [1, 7, DEFAULT_CHUNKSIZE])
def test_every_executor_gives_the_same_programs_in_order(
    pool: ProcessPoolExecutor, chunksize: int
) -> None:
    mixed = [EXAMPLE, "bad", UNPLANNABLE] * 70 + [
        hipdip.Profile(
            sex="male", age=a, body=hipdip.BodyComposition(70 + a % 30, 175), experience="advanced"
        )
        for a in range(18, 80)
    ]
    expected = expected_plans(mixed, scheme="dup")
    with ThreadPoolExecutor(2) as threads:
        for executor in (None, threads, pool):
            got = list(plan_many(mixed, scheme="dup", executor=executor, chunksize=chunksize))
            assert got == expected, executor
    assert {type(r.error) for r in expected} == {type(None), ValidationError, PlanningError}


def test_errors_are_per_item_and_named(pool: ProcessPoolExecutor) -> None:
    results = list(plan_many([EXAMPLE, UNPLANNABLE, None, EXAMPLE], executor=pool, chunksize=1))
    assert [r.ok for r in results] == [True, False, False, True]
    assert isinstance(results[1].error, PlanningError)
    assert "minutes" in str(results[1].error) or "days" in str(results[1].error)
    assert isinstance(results[2].error, ValidationError)
    assert str(results[2].error) == "profile: must be a Profile (got NoneType)"
    with pytest.raises(PlanningError):
        results[1].unwrap()
    assert results[3].unwrap() == hipdip.plan_program(EXAMPLE)


def test_an_unknown_scheme_is_an_error_on_every_item(pool: ProcessPoolExecutor) -> None:
    results = list(plan_many([EXAMPLE] * 5, scheme="linaer", executor=pool, chunksize=2))
    assert all(isinstance(r.error, UnknownIdError) for r in results)
    assert "did you mean 'linear'" in str(results[0].error)


def test_errors_in_process_carry_no_traceback() -> None:
    (result,) = plan_many([UNPLANNABLE])
    assert result.error is not None
    assert result.error.__traceback__ is None


# --------------------------------------------------------------------------- #
# progress_many


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_progress_many_gives_progress_per_pair_in_order(
    pool: ProcessPoolExecutor, data: st.DataObject
) -> None:
    drawn = data.draw(st.lists(programs(weeks=st.integers(1, 3)), min_size=1, max_size=4))
    pairs: list[Any] = [(program, data.draw(training_logs(program))) for program in drawn]
    pairs.insert(data.draw(st.integers(0, len(pairs))), (drawn[0],))  # not a pair
    expected = []
    for index, pair in enumerate(pairs):
        if len(pair) != 2:
            error = ValidationError("pair: must be a (program, log) pair (got tuple)")
            expected.append(ProgressResult(index, error=error))
            continue
        try:
            expected.append(ProgressResult(index, hipdip.progress(*pair)))
        except HipdipError as exc:
            expected.append(ProgressResult(index, error=exc))
    assert list(progress_many(pairs)) == expected
    assert list(progress_many(pairs, executor=pool, chunksize=2)) == expected


def test_progress_many_reports_bad_pairs() -> None:
    program = hipdip.plan_program(EXAMPLE, weeks=2)
    wrong_week = hipdip.TrainingLog(sessions=(hipdip.SessionLog(week=9, day=1, exercises=()),))
    pairs: list[Any] = [(program, hipdip.TrainingLog()), 5, (program, wrong_week), ("a", "b")]
    results = list(progress_many(pairs))
    assert [r.ok for r in results] == [True, False, False, False]
    assert str(results[1].error) == "pair: must be a (program, log) pair (got int)"
    assert "week 9 day 1" in str(results[2].error)
    assert str(results[3].error) == "program: must be a Program (got str)"
    assert results[0].unwrap().program == program


# --------------------------------------------------------------------------- #
# Streaming: lazy input, bounded look-ahead


class InlineExecutor(Executor):
    """Runs each task at submit time and records submissions (deterministic look-ahead)."""

    def __init__(self) -> None:
        self.submitted = 0
        self.cancelled = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = _CountingFuture(self)
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class _CountingFuture(Future[Any]):
    def __init__(self, owner: InlineExecutor) -> None:
        super().__init__()
        self.owner = owner

    def cancel(self) -> bool:
        self.owner.cancelled += 1
        return super().cancel()


def counting(source: list[Any], drawn: list[int]) -> Iterator[Any]:
    for item in source:
        drawn[0] += 1
        yield item


def test_in_process_reads_the_input_one_item_at_a_time() -> None:
    drawn = [0]
    results = plan_many(counting([EXAMPLE] * 1000, drawn), weeks=1)
    assert drawn == [0]  # nothing runs before the first next()
    for expected_index, result in zip(range(5), results, strict=False):
        assert result.index == expected_index
    assert drawn == [5]


def test_executor_look_ahead_is_bounded_by_max_pending_chunks() -> None:
    drawn = [0]
    executor = InlineExecutor()
    results = plan_many(
        counting([EXAMPLE] * 10_000, drawn), weeks=1, executor=executor, chunksize=4, max_pending=3
    )
    first = next(results)
    assert first.index == 0
    # 3 chunks submitted up front, one more when the first chunk was taken.
    assert drawn == [16]
    assert executor.submitted == 4
    rest = list(itertools.islice(results, 11))  # items 1..11: chunks 0-2 read
    assert [r.index for r in rest] == list(range(1, 12))
    assert drawn == [24]
    results.close()  # stopping early cancels what is still pending
    assert executor.cancelled == 3
    assert drawn == [24]


def test_a_generator_of_many_profiles_streams_through_a_pool(pool: ProcessPoolExecutor) -> None:
    drawn = [0]
    source = counting([EXAMPLE] * 200_000, drawn)
    results = plan_many(source, weeks=1, executor=pool, chunksize=16, max_pending=4)
    taken = list(itertools.islice(results, 40))
    results.close()
    assert [r.index for r in taken] == list(range(40))
    assert drawn[0] <= 16 * (4 + 3)


def test_default_look_ahead_follows_the_executor_size() -> None:
    with ThreadPoolExecutor(3) as threads:
        assert batch._check_run([], "profiles", threads, 1, None, None) == 6
    assert batch._check_run([], "profiles", InlineExecutor(), 1, None, None) == max(
        2, 2 * (os.cpu_count() or 1)
    )
    assert batch._check_run([], "profiles", None, 1, 9, None) == 9


# --------------------------------------------------------------------------- #
# Bugs propagate; arguments are checked up front


def test_a_bug_propagates_with_the_item_index(monkeypatch: pytest.MonkeyPatch) -> None:
    real = hipdip.plan_program

    def buggy(profile: Any, **kwargs: Any) -> hipdip.Program:
        if getattr(profile, "age", None) == 77:
            raise ZeroDivisionError("a bug")
        return real(profile, **kwargs)

    monkeypatch.setattr(batch, "plan_program", buggy)
    profiles_ = [EXAMPLE, EXAMPLE, _evolve(EXAMPLE, age=77), EXAMPLE]
    results = plan_many(profiles_)
    assert [r.index for r in itertools.islice(results, 2)] == [0, 1]
    with pytest.raises(ZeroDivisionError) as info:
        next(results)
    assert "hipdip.batch: raised by item 2 of the batch" in info.value.__notes__
    # Across processes: see test_a_plugin_scheme_works_in_a_process_pool (a buggy plugin).


def _evolve(profile: hipdip.Profile, **changes: Any) -> hipdip.Profile:
    return attrs.evolve(profile, **changes)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weeks": 0}, "weeks: must be an integer between 1 and 52 (got 0)"),
        ({"weeks": True}, "weeks: must be an integer"),
        ({"scheme": 3}, "scheme: must be a scheme id string (got 3)"),
        ({"chunksize": 0}, "chunksize: must be a positive integer (got 0)"),
        ({"chunksize": 2.5}, "chunksize: must be a positive integer (got 2.5)"),
        ({"max_pending": 0}, "max_pending: must be a positive integer (got 0)"),
        ({"executor": "pool"}, "executor: must be a concurrent.futures.Executor or None"),
    ],
)
def test_bad_arguments_fail_before_anything_runs(kwargs: dict[str, Any], message: str) -> None:
    drawn = [0]
    with pytest.raises(
        ValidationError, match="^" + message.replace("(", r"\(").replace(")", r"\)")
    ):
        plan_many(counting([EXAMPLE], drawn), **kwargs)
    assert drawn == [0]


@pytest.mark.parametrize("bad", [123, "profiles", b"x", None])
def test_input_must_be_an_iterable_of_items(bad: Any) -> None:
    with pytest.raises(ValidationError, match=r"^profiles: must be an iterable"):
        plan_many(bad)
    with pytest.raises(ValidationError, match=r"^pairs: must be an iterable"):
        progress_many(bad)


def test_pm_is_for_in_process_runs_only(hipdip_pm: Any) -> None:
    assert [r.ok for r in plan_many([EXAMPLE], pm=hipdip_pm)] == [True]
    with ThreadPoolExecutor(1) as threads, pytest.raises(ValidationError, match=r"^pm: only"):
        plan_many([EXAMPLE], pm=hipdip_pm, executor=threads)


# --------------------------------------------------------------------------- #
# Result records


def test_a_result_holds_exactly_one_of_value_and_error() -> None:
    program = hipdip.plan_program(EXAMPLE, weeks=1)
    with pytest.raises(ValidationError, match="exactly one of program and error"):
        PlanResult(0)
    with pytest.raises(ValidationError, match="exactly one of program and error"):
        PlanResult(0, program, PlanningError("x"))
    with pytest.raises(ValidationError, match="error: must be a HipdipError"):
        PlanResult(0, error=ValueError("x"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="exactly one of progress and error"):
        ProgressResult(0)


def test_plan_and_progress_results_are_batch_results_naming_their_value() -> None:
    program = hipdip.plan_program(EXAMPLE, weeks=1)
    planned = PlanResult(0, program)
    assert isinstance(planned, BatchResult)
    assert planned.program is planned.value is planned.unwrap() is program
    progressed = ProgressResult(1, hipdip.progress(program, hipdip.TrainingLog()))
    assert progressed.progress is progressed.value
    assert PlanResult(2, error=PlanningError("x")).program is None
    assert planned != BatchResult(0, program)  # a result of another kind


def test_results_compare_errors_by_type_and_message() -> None:
    assert PlanResult(1, error=PlanningError("x")) == PlanResult(1, error=PlanningError("x"))
    assert PlanResult(1, error=PlanningError("x")) != PlanResult(1, error=PlanningError("y"))
    assert PlanResult(1, error=PlanningError("x")) != PlanResult(2, error=PlanningError("x"))
    assert PlanResult(1, error=PlanningError("x")) != PlanResult(1, error=ValidationError("x"))
    assert (
        len({PlanResult(1, error=PlanningError("x")), PlanResult(1, error=PlanningError("x"))}) == 1
    )


def test_results_pickle() -> None:
    program = hipdip.plan_program(EXAMPLE, weeks=2)
    for result in (
        PlanResult(0, program),
        PlanResult(3, error=UnknownIdError("scheme", "linaer", ["linear"])),
        ProgressResult(1, hipdip.progress(program, hipdip.TrainingLog())),
        ProgressResult(2, error=ValidationError(["a: bad", "b: bad"])),
    ):
        assert pickle.loads(pickle.dumps(result)) == result


# --------------------------------------------------------------------------- #
# Models and errors pickle and unpickle exactly


def _roundtrip(obj: object) -> object:
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def assert_identical(a: object, b: object, path: str = "") -> None:
    """``a == b`` field by field, with the same type at every level (1 == 1.0 is not enough)."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            assert_identical(getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}")
    elif isinstance(a, tuple):
        assert isinstance(b, tuple)
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_identical(x, y, f"{path}[{i}]")
    elif isinstance(a, frozenset):
        assert a == b, path
        assert sorted(map(repr, a)) == sorted(map(repr, b)), path
    else:
        assert a == b, path


MODEL_TYPES = [
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
    hipdip.Program,
]


@pytest.mark.parametrize("cls", model_grid(MODEL_TYPES))
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_model_pickles_exactly(cls: type, data: st.DataObject) -> None:
    obj = data.draw(st.from_type(cls))
    back = _roundtrip(obj)
    assert type(back) is cls
    assert_identical(back, obj)
    assert back == obj
    assert hash(back) == hash(obj)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_progress_pickles_exactly(data: st.DataObject) -> None:
    program = data.draw(programs(weeks=st.integers(1, 4)))
    result = hipdip.progress(program, data.draw(training_logs(program)))
    back = _roundtrip(result)
    assert_identical(back, result)
    assert back == result


messages = st.text(min_size=1, max_size=40)


@settings(max_examples=50)
@given(
    st.one_of(
        st.lists(messages, max_size=3).map(ValidationError),
        st.builds(
            UnknownIdError,
            st.sampled_from(["scheme", "exercise"]),
            messages,
            st.lists(messages, max_size=5),
        ),
        st.builds(PlanningError, messages, st.lists(findings(), max_size=3)),
        st.builds(
            PluginError,
            messages,
            plugin=st.none() | messages,
            distribution=st.none() | messages,
            hook=st.none() | messages,
        ),
    )
)
def test_every_error_pickles_exactly(error: HipdipError) -> None:
    back = _roundtrip(error)
    assert type(back) is type(error)
    assert back.args == error.args
    assert str(back) == str(error)
    public = {k: v for k, v in vars(error).items() if not k.startswith("__")}
    assert {k: v for k, v in vars(back).items() if not k.startswith("__")} == public


# --------------------------------------------------------------------------- #
# Plugins in worker processes


PLUGIN = """
import hipdip
from hipdip import Reps
from hipdip.protocols import Target


class Wave:
    id = "t_batch_wave"
    name = "Test wave for batch planning"

    def target(self, week, day, *, weeks, days_per_week):
        low = 8 + 2 * (week % 3)
        return Target(reps=Reps(low, low + 5), rir=2, volume_factor=1.0, deload=week % 5 == 0)


class Buggy:
    id = "t_batch_buggy"
    name = "A scheme with a bug for five-day weeks"

    def target(self, week, day, *, weeks, days_per_week):
        if days_per_week == 5:
            return 1 / 0
        return Wave().target(week, day, weeks=weeks, days_per_week=days_per_week)


@hipdip.hookimpl
def hipdip_register_schemes(register):
    register(Wave())
    register(Buggy())
"""


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_settings: None) -> Path:
    """A plugin distribution ``hipdip-t-batch-wave`` on sys.path and on PYTHONPATH (for workers)."""
    site = tmp_path / "site"
    package = site / "hipdip_t_batch_wave"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(PLUGIN))
    dist_info = site / "hipdip_t_batch_wave-0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: hipdip-t-batch-wave\nVersion: 0.1\n"
    )
    (dist_info / "entry_points.txt").write_text("[hipdip]\nt_batch_wave = hipdip_t_batch_wave\n")
    monkeypatch.syspath_prepend(str(site))
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    monkeypatch.setenv("PYTHONPATH", path)
    yield site
    sys.modules.pop("hipdip_t_batch_wave", None)


def test_a_plugin_scheme_works_in_a_process_pool(
    plugin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles_ = [_evolve(EXAMPLE, age=age) for age in range(20, 60)] + [UNPLANNABLE]
    in_process = list(plan_many(profiles_, scheme="t_batch_wave"))
    assert in_process[0].ok
    assert in_process[0].unwrap().scheme == "t_batch_wave"
    assert hipdip.catalog().provider("schemes", "t_batch_wave") == "t_batch_wave"

    def pooled() -> list[PlanResult]:
        return list(plan_many(profiles_, scheme="t_batch_wave", executor=workers, chunksize=8))

    def here() -> list[PlanResult]:
        _reset_default_plugin_manager()
        return list(plan_many(profiles_, scheme="t_batch_wave"))

    # Fresh interpreters (spawn): each worker finds the entry point itself.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=spawn) as workers:
        assert pooled() == in_process

        # The caller's HIPDIP_* settings reach workers that started without them ...
        monkeypatch.setenv("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "1")
        without = pooled()
        assert without == here()
        assert all(isinstance(r.error, UnknownIdError) for r in without)

        monkeypatch.delenv("HIPDIP_DISABLE_PLUGIN_AUTOLOAD")
        monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
        monkeypatch.setenv("HIPDIP_LOAD_PLUGINS", "t-batch-nothing")
        strict = pooled()
        assert strict == here()
        assert all(isinstance(r.error, PluginError) for r in strict)
        assert "t-batch-nothing" in str(strict[0].error)

        # ... and are dropped again when the caller drops them.
        monkeypatch.delenv("HIPDIP_STRICT_PLUGINS")
        monkeypatch.delenv("HIPDIP_LOAD_PLUGINS")
        assert pooled() == here() == in_process

        # A plugin scheme that raises is the plugin's fault, not the item's: a PluginError
        # naming the plugin and the scheme, for that item only (the scheme's exception is
        # its cause); the other items are planned.
        days = [_evolve(EXAMPLE, days_per_week=d) for d in (2, 3, 4, 6, 3, 5, 2)]
        results = list(plan_many(days, scheme="t_batch_buggy", executor=workers, chunksize=2))
    assert [r.index for r in results] == list(range(7))
    (failed,) = [r for r in results if r.error is not None]
    assert failed.index == 5
    assert isinstance(failed.error, PluginError)
    assert failed.error.plugin == "t_batch_wave"
    assert "scheme 't_batch_buggy'" in str(failed.error)
    assert "ZeroDivisionError" in str(failed.error)


# --------------------------------------------------------------------------- #
# Dask


def test_dask_local_cluster_gives_the_in_process_results() -> None:
    pytest.importorskip(
        "distributed",
        reason="the optional Dask extra is not installed (pip install 'hipdip[dask]')",
    )
    from distributed import Client, LocalCluster

    # Every tenth item fails (a time budget too small for the minimum dose).
    profiles_ = [
        UNPLANNABLE
        if i % 10 == 9
        else _evolve(EXAMPLE, age=18 + i % 60, days_per_week=2 + i % 5, session_minutes=10 + i % 50)
        for i in range(1000)
    ]
    expected = list(plan_many(profiles_))
    assert not all(r.ok for r in expected) and any(r.ok for r in expected)
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        got = list(plan_many(profiles_, executor=client.get_executor()))
    assert got == expected


# --------------------------------------------------------------------------- #
# import hipdip stays light


def test_import_hipdip_does_not_import_batch_machinery() -> None:
    code = (
        "import sys, hipdip; "
        "print(sorted(m for m in ('hipdip.batch', 'concurrent.futures', 'dask', 'distributed')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
