"""Plan and progress many users at once: in-process, in a process pool, or on Dask.

:func:`plan_many` and :func:`progress_many` take any iterable (a list, a
generator reading a database cursor, …) and return a generator of results
in input order, one per item. Each result is a small frozen record holding
the item's ``index`` (its 0-based position in the input) and either the
value or the :class:`~hipdip.HipdipError` that item raised, so one bad
profile never aborts the batch:

>>> import hipdip
>>> from hipdip.batch import plan_many
>>> good = hipdip.Profile(sex="female", age=30, body=hipdip.BodyComposition(65, 165),
...                       experience="beginner")
>>> results = list(plan_many([good, "not a profile", good], weeks=4))
>>> [(r.index, r.ok) for r in results]
[(0, True), (1, False), (2, True)]
>>> print(results[1].error)
profile: must be a Profile (got str)
>>> results[0].unwrap() == hipdip.plan_program(good, weeks=4)
True

**Executors.** ``executor=None`` (the default) plans in the calling thread,
one item at a time. Any :class:`concurrent.futures.Executor` spreads the
work: a :class:`~concurrent.futures.ProcessPoolExecutor` on one machine, or
a Dask cluster through ``distributed.Client.get_executor()`` (install
``hipdip[dask]``) — unchanged. Items are sent in chunks of ``chunksize``
(default :data:`DEFAULT_CHUNKSIZE`), so the cost of one task (pickling, a
queue round trip; about a millisecond on Dask) is spread over ~100 ms of
planning. At most ``max_pending`` chunks are in flight at once and the input
is read only as chunks are submitted, so memory stays bounded however long
the input is; results of a chunk are yielded as soon as it and every
earlier chunk are done.

**Errors.** A :class:`~hipdip.HipdipError` raised for one item (a bad
profile, an unknown scheme, a profile the planner cannot serve, a
:class:`~hipdip.PluginError`) becomes that item's ``error``; its traceback is
dropped (the message names the problem, and errors cross process boundaries
without one anyway). Any other exception is a bug — in hipdip, or in plugin
code, which hipdip names in a note — and propagates out of the generator
with a note naming the item's index; chunks still pending are cancelled.
Turning bugs into 100,000 error records would hide them.

**Plugins and settings.** Worker processes plan with their own default
plugin manager (:func:`hipdip.plugins.get_plugin_manager`), built lazily in
each worker from the entry points installed there — so install plugin
distributions on every worker, like hipdip itself. The ``HIPDIP_*``
environment settings (``HIPDIP_LOAD_PLUGINS``, ``HIPDIP_DISABLE_PLUGIN_AUTOLOAD``,
``HIPDIP_STRICT_PLUGINS``, …) are read in the caller when
:func:`plan_many` is called and sent with every chunk: a worker whose
environment differs (it was started earlier, or elsewhere) adopts the
caller's ``HIPDIP_*`` variables and rebuilds its default manager before
planning. Plugin warnings raised in a worker are shown on that worker's
stderr, not in the caller.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeAlias, TypeVar

import attrs

from hipdip.errors import HipdipError, ValidationError
from hipdip.models import Program, Progress, TrainingLog
from hipdip.models.program import MAX_WEEKS
from hipdip.plan import plan_program
from hipdip.progression import progress

if TYPE_CHECKING:
    import pluggy

__all__ = [
    "DEFAULT_CHUNKSIZE",
    "BatchResult",
    "PlanResult",
    "ProgressResult",
    "plan_many",
    "progress_many",
]

#: Items per task sent to an executor. A plan takes ~0.7 ms and a task costs
#: ~0.2–0.3 ms in a process pool and ~1 ms or more on Dask, so 128 items
#: (~100 ms of work) keep that overhead near 1 %, while 10,000 profiles still
#: make ~80 tasks to balance across workers. Measured on 2 cores, 8 to 512
#: give the same throughput; 1 is 40 % slower (benchmarks/bench_batch.py,
#: docs/scale.md).
DEFAULT_CHUNKSIZE = 128

#: Environment variables starting with this prefix are sent to workers.
SETTINGS_PREFIX = "HIPDIP_"

T = TypeVar("T")
_Outcome: TypeAlias = "Program | Progress | HipdipError"


def _error_key(error: HipdipError | None) -> tuple[type, str] | None:
    """Errors compare by type and message, so results from other processes compare equal."""
    return None if error is None else (type(error), str(error))


def _one_of(instance: BatchResult[Any], attribute: attrs.Attribute[Any], error: Any) -> None:
    if (instance.value is None) == (error is None):
        raise ValidationError(f"exactly one of {instance._value_name} and error must be set")
    if error is not None and not isinstance(error, HipdipError):
        raise ValidationError(f"error: must be a HipdipError (got {type(error).__name__})")


@attrs.frozen
class BatchResult(Generic[T]):
    """One item of a batch: its input ``index`` and its ``value`` or ``error``.

    Exactly one of ``value`` and ``error`` is set. Results compare equal
    when their index and value are equal, or their index and error type
    and message (error objects themselves never compare equal).
    :func:`plan_many` yields :class:`PlanResult` and :func:`progress_many`
    :class:`ProgressResult`, which also name the value (``.program``,
    ``.progress``).

    >>> from hipdip import PlanningError
    >>> PlanResult(3, error=PlanningError("needs 40 minutes")).ok
    False
    """

    index: int
    value: T | None = None
    error: HipdipError | None = attrs.field(default=None, eq=_error_key, validator=_one_of)

    #: What the value is called in messages.
    _value_name: ClassVar[str] = "value"

    @property
    def ok(self) -> bool:
        """True when the item succeeded."""
        return self.error is None

    def unwrap(self) -> T:
        """The value, or raise the item's error."""
        if self.error is not None:
            raise self.error
        assert self.value is not None
        return self.value


class PlanResult(BatchResult[Program]):
    """One item of :func:`plan_many`: its input ``index`` and its ``program`` or ``error``."""

    __slots__ = ()
    _value_name = "program"

    @property
    def program(self) -> Program | None:
        """The planned program (``None`` when the item failed)."""
        return self.value


class ProgressResult(BatchResult[Progress]):
    """One item of :func:`progress_many`: its input ``index`` and its ``progress`` or ``error``."""

    __slots__ = ()
    _value_name = "progress"

    @property
    def progress(self) -> Progress | None:
        """The progress (``None`` when the item failed)."""
        return self.value


def plan_many(
    profiles: Iterable[Any],
    *,
    weeks: int = 8,
    scheme: str = "linear",
    executor: Executor | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    max_pending: int | None = None,
    pm: pluggy.PluginManager | None = None,
) -> Iterator[PlanResult]:
    """Plan every profile with :func:`hipdip.plan_program`; yield a :class:`PlanResult` each, in order.

    ``profiles`` is any iterable, consumed lazily. ``executor`` runs the
    chunks (``None``: plan in the calling thread). ``chunksize`` is the
    number of profiles per task; ``max_pending`` the number of tasks in
    flight (default: twice the executor's worker count, read from its
    ``_max_workers`` when it has one, else from :func:`os.cpu_count` — pass
    it for a large cluster). ``pm`` is a plugin manager for in-process
    planning only (workers in other processes cannot receive one; they use
    their own default manager).

    Arguments that would fail every item (``weeks``, ``scheme`` not a
    string, ``chunksize``, ``max_pending``, ``executor``, ``pm``) raise
    :class:`~hipdip.ValidationError` here, before anything runs; an unknown
    scheme id is reported per item (it depends on the plugins the workers
    have).

    >>> list(plan_many([]))
    []
    >>> plan_many([], weeks=0)
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: weeks: must be an integer between 1 and 52 (got 0)
    """
    if not _is_int(weeks) or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            f"weeks: must be an integer between 1 and {MAX_WEEKS} (got {weeks!r})"
        )
    if not isinstance(scheme, str):
        raise ValidationError(f"scheme: must be a scheme id string (got {scheme!r})")
    pending = _check_run(profiles, "profiles", executor, chunksize, max_pending, pm)
    if executor is None:
        return _in_process(profiles, _plan_one, (weeks, scheme, pm), PlanResult)
    return _distributed(
        profiles, executor, _plan_one, (weeks, scheme, None), chunksize, pending, PlanResult
    )


def progress_many(
    pairs: Iterable[tuple[Program, TrainingLog]],
    *,
    executor: Executor | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    max_pending: int | None = None,
    pm: pluggy.PluginManager | None = None,
) -> Iterator[ProgressResult]:
    """Apply each ``(program, log)`` pair with :func:`hipdip.progress`; yield a :class:`ProgressResult` each.

    Everything else as in :func:`plan_many`. An item that is not a
    ``(program, log)`` pair gets a :class:`~hipdip.ValidationError`.

    >>> import hipdip
    >>> profile = hipdip.Profile(sex="male", age=40, body=hipdip.BodyComposition(80, 180),
    ...                          experience="intermediate")
    >>> program = hipdip.plan_program(profile, weeks=2)
    >>> [r.ok for r in progress_many([(program, hipdip.TrainingLog()), (program,)])]
    [True, False]
    """
    pending = _check_run(pairs, "pairs", executor, chunksize, max_pending, pm)
    if executor is None:
        return _in_process(pairs, _progress_one, (pm,), ProgressResult)
    return _distributed(pairs, executor, _progress_one, (None,), chunksize, pending, ProgressResult)


# --------------------------------------------------------------------------- #
# The caller's side


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_run(
    items: object,
    name: str,
    executor: object,
    chunksize: object,
    max_pending: object,
    pm: object,
) -> int:
    """Check the arguments every run shares; return the number of chunks to keep in flight."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValidationError(f"{name}: must be an iterable (got {type(items).__name__})")
    if executor is not None and not isinstance(executor, Executor):
        raise ValidationError(
            f"executor: must be a concurrent.futures.Executor or None (got {type(executor).__name__})"
        )
    if not _is_count(chunksize):
        raise ValidationError(f"chunksize: must be a positive integer (got {chunksize!r})")
    if max_pending is not None and not _is_count(max_pending):
        raise ValidationError(f"max_pending: must be a positive integer (got {max_pending!r})")
    if pm is not None and executor is not None:
        raise ValidationError(
            "pm: only for in-process runs (executor=None); workers use their own default "
            "plugin manager, configured by the caller's HIPDIP_* settings"
        )
    if isinstance(max_pending, int):
        return max_pending
    workers = getattr(executor, "_max_workers", None)
    if not isinstance(workers, int) or not _is_count(workers):
        workers = os.cpu_count() or 1
    return max(2, 2 * workers)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


_R = TypeVar("_R", bound=BatchResult[Any])


def _in_process(
    items: Iterable[Any],
    one: Callable[..., Any],
    args: tuple[Any, ...],
    result: Callable[..., _R],
) -> Iterator[_R]:
    for index, item in enumerate(items):
        yield _wrap(result, index, _run_one(one, index, item, args))


def _distributed(
    items: Iterable[Any],
    executor: Executor,
    one: Callable[..., Any],
    args: tuple[Any, ...],
    chunksize: int,
    max_pending: int,
    result: Callable[..., _R],
) -> Iterator[_R]:
    settings = _settings()
    source = iter(items)
    starts = itertools.count(0, chunksize)
    in_flight: deque[tuple[int, Future[list[Any]]]] = deque()

    def submit_next() -> bool:
        chunk = list(itertools.islice(source, chunksize))
        if not chunk:
            return False
        start = next(starts)
        in_flight.append((start, executor.submit(_run_chunk, settings, one, args, start, chunk)))
        return True

    try:
        while len(in_flight) < max_pending and submit_next():
            pass
        while in_flight:
            start, future = in_flight.popleft()
            outcomes = future.result()
            submit_next()  # keep the workers busy while the caller reads this chunk
            for offset, outcome in enumerate(outcomes):
                yield _wrap(result, start + offset, outcome)
    finally:
        for _, future in in_flight:
            future.cancel()


def _wrap(result: Callable[..., _R], index: int, outcome: Any) -> _R:
    if isinstance(outcome, HipdipError):
        return result(index, error=outcome)
    return result(index, outcome)


def _settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(SETTINGS_PREFIX)}


# --------------------------------------------------------------------------- #
# The workers' side (module-level functions: executors pickle them by name)


def _run_chunk(
    settings: Mapping[str, str],
    one: Callable[..., Any],
    args: tuple[Any, ...],
    start: int,
    items: Sequence[Any],
) -> list[_Outcome]:
    """``one(item, *args)`` for each item of a chunk, with the caller's ``HIPDIP_*`` settings."""
    _adopt(settings)
    return [_run_one(one, start + offset, item, args) for offset, item in enumerate(items)]


def _plan_one(profile: Any, weeks: int, scheme: str, pm: pluggy.PluginManager | None) -> Program:
    return plan_program(profile, weeks=weeks, scheme=scheme, pm=pm)


def _progress_one(pair: Any, pm: pluggy.PluginManager | None) -> Progress:
    try:
        program, log = pair
    except (TypeError, ValueError):
        raise ValidationError(
            f"pair: must be a (program, log) pair (got {type(pair).__name__})"
        ) from None
    return progress(program, log, pm=pm)


def _run_one(
    one: Callable[..., T], index: int, item: Any, args: tuple[Any, ...]
) -> T | HipdipError:
    try:
        return one(item, *args)
    except HipdipError as exc:
        return exc.with_traceback(None)
    except Exception as exc:
        exc.add_note(f"hipdip.batch: raised by item {index} of the batch")
        raise


_adopt_lock = threading.Lock()


def _adopt(settings: Mapping[str, str]) -> None:
    """Make this worker's HIPDIP_* environment the caller's; rebuild the default manager if it changed."""
    if _settings() == settings:
        return
    from hipdip.plugins import _reset_default_plugin_manager

    with _adopt_lock:
        current = _settings()
        if current == settings:
            return
        for key in current.keys() - settings.keys():
            del os.environ[key]
        os.environ.update(settings)
        _reset_default_plugin_manager()
