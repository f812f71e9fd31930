"""hipdip-free-exercise-db: exercises from a free-exercise-db JSON file in hipdip's catalogue.

`free-exercise-db <https://github.com/yuhonas/free-exercise-db>`_ is a
public-domain data set of 873 exercises (Unlicense). This plugin imports a file in its
format — a JSON list of objects with ``id``, ``name``, ``force``, ``level``,
``mechanic``, ``equipment``, ``primaryMuscles``, ``secondaryMuscles``,
``instructions``, ``category`` and ``images`` — into hipdip's catalogue when
the catalogue is built.

**Which file.** ``configure(path)`` (before the catalogue is first built —
or make a new plugin manager afterwards), else the environment variable
``HIPDIP_FREE_EXERCISE_DB=path``. With neither, the plugin adds nothing.

**Mapping.** Muscles, equipment, level and category are converted with the
explicit tables of :mod:`hipdip_free_exercise_db.mapping`, and what the data
set has no field for — obliques or rectus abdominis, adduction or
abduction, one side at a time, where a band sits, the position — is read
from the entry's name and instructions; ids become ``fedb_<slug>``
(``Lateral_Band_Walk`` → ``fedb_lateral_band_walk``) so they never clash
with hipdip's own; ``activation_mvic`` is ``None`` (the data set has no EMG
values; hipdip never invents one); instructions become cues; every exercise
says where it comes from (``source``: ``free-exercise-db: <id>``) and its
terms (``license``: ``Unlicense``).

**Merging.** An entry whose name hipdip's catalogue already knows
(:meth:`hipdip.registry.Catalog.find` finds a built-in by its name or an
alias: Thigh Abductor is the seated hip abduction machine) is not imported
twice: it is reported as merged into that exercise.

**Skipping, not crashing.** Every entry is imported or skipped with its
reason: primary muscles, equipment, category or level with no hipdip
equivalent, a band exercise that does not say where the band goes, a
duplicate, malformed entries. :func:`last_import_report` returns the
:class:`ImportReport`, and the summary is logged at INFO on the
``hipdip_free_exercise_db`` logger. A file that is missing or not a JSON
list raises :class:`FreeExerciseDbError` naming the file inside the hook, so
hipdip's robust loading reports it as a :class:`hipdip.HipdipPluginWarning`
naming this plugin (a :class:`hipdip.PluginError` with
``HIPDIP_STRICT_PLUGINS=1``) and the rest of hipdip keeps working.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

import hipdip
from hipdip import Exercise
from hipdip_free_exercise_db.importer import (
    FreeExerciseDbError,
    ImportReport,
    Skipped,
    convert,
    import_file,
)

__all__ = [
    "ENV_VAR",
    "FreeExerciseDbError",
    "ImportReport",
    "Skipped",
    "__version__",
    "configure",
    "configured_path",
    "convert",
    "hipdip_register_exercises",
    "import_file",
    "last_import_report",
]

__version__ = "0.1.0"

#: Environment variable naming the file to import (when :func:`configure` was not called).
ENV_VAR = "HIPDIP_FREE_EXERCISE_DB"

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_configured: str | None = None
_last_report: ImportReport | None = None


def configure(path: str | os.PathLike[str] | None) -> None:
    """Import ``path`` from now on (``None``: back to :data:`ENV_VAR`).

    Takes effect when a catalogue is next built: call it before the first
    ``hipdip.catalog()``, or make a new manager with
    :func:`hipdip.plugins.make_plugin_manager` afterwards (catalogues are
    built once per manager).
    """
    global _configured
    with _lock:
        _configured = None if path is None else os.fspath(path)


def configured_path() -> str | None:
    """The file the next import reads: the :func:`configure` path, else :data:`ENV_VAR`, else ``None``."""
    with _lock:
        if _configured is not None:
            return _configured
    value = os.environ.get(ENV_VAR, "").strip()
    return value or None


def last_import_report() -> ImportReport | None:
    """The report of the most recent import by the hook (``None`` before any)."""
    with _lock:
        return _last_report


@hipdip.hookimpl
def hipdip_register_exercises(register: Callable[[Exercise], None]) -> None:
    """Register the exercises of the configured file (nothing when none is configured)."""
    path = configured_path()
    if path is None:
        return
    try:
        exercises, report = import_file(path)
    except FreeExerciseDbError as exc:
        _record(ImportReport(path=path, error=str(exc)))
        raise
    _record(report)
    logger.info(report.summary())
    for skipped in report.skipped:
        logger.debug(
            "free-exercise-db entry %d (%s) skipped: %s",
            skipped.index,
            skipped.source_id,
            skipped.message,
        )
    for exercise in exercises:
        register(exercise)


def _record(report: ImportReport) -> None:
    global _last_report
    with _lock:
        _last_report = report
