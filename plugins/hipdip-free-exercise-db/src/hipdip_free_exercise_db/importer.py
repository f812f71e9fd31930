"""Reading a free-exercise-db JSON file into hipdip exercises, with a report of what was skipped.

:func:`import_file` reads a file (a JSON list of exercise objects, like the
data set's ``dist/exercises.json`` or the output of ``jq -s .`` over its
``exercises/*.json``); :func:`convert` does the same for data already
parsed. Entries are converted one by one with the tables of
:mod:`hipdip_free_exercise_db.mapping`; an entry that cannot be converted is
skipped and recorded in the :class:`ImportReport` with its reason — never a
crash. Only a file that cannot be read at all (missing, not JSON, not a list)
raises :class:`FreeExerciseDbError`, naming the file.

>>> exercises, report = convert([
...     {"id": "Monster_Walk", "name": "Monster Walk", "force": "pull", "level": "beginner",
...      "equipment": "bands", "primaryMuscles": ["abductors"], "secondaryMuscles": [],
...      "instructions": ["Step forward against the band."], "category": "strength"},
...     {"id": "Pushups", "name": "Pushups", "level": "beginner", "equipment": "body only",
...      "primaryMuscles": ["chest"], "secondaryMuscles": ["triceps"], "category": "strength"},
... ])
>>> [e.id for e in exercises], report.skipped_count
(['fedb_monster_walk'], 1)
>>> report.skipped[0].message
"primary muscle 'chest' has no hipdip equivalent"
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from hipdip import Exercise, HipdipError, MuscleTarget, Role, ValidationError
from hipdip.limits import MAX_CUES
from hipdip_free_exercise_db.mapping import (
    CATEGORIES,
    EQUIPMENT,
    LEVELS,
    MUSCLES,
    POSITION,
    VOCABULARY,
    pattern_for,
    slugify,
    unilateral_from_name,
)

__all__ = [
    "FreeExerciseDbError",
    "ImportReport",
    "Skipped",
    "convert",
    "import_file",
]

#: Characters kept per cue (hipdip's limit for free text in a model).
MAX_CUE_CHARS = 2000

_ROLE_RANK = {Role.PRIMARY: 2, Role.SECONDARY: 1, Role.STABILIZER: 0}


class FreeExerciseDbError(HipdipError):
    """A free-exercise-db file that cannot be read at all; the message names the file."""


@attrs.frozen
class Skipped:
    """One entry that was not imported: its position, its id (if any) and why.

    ``reason`` is one of ``entry`` (not an exercise object / no id or name),
    ``category``, ``equipment``, ``level``, ``muscles``, ``duplicate`` and
    ``invalid`` (hipdip's model rejected it); ``message`` says what exactly.
    """

    index: int
    source_id: str | None
    reason: str
    message: str


@attrs.frozen
class ImportReport:
    """What one import did: the file, the entries read, the ids imported, what was skipped.

    ``dropped_muscles`` lists ``(exercise id, muscle)`` for secondary muscles
    with no hipdip equivalent that were left out of an imported exercise.
    ``error`` is set when the file could not be read at all.
    """

    path: str
    entries: int = 0
    imported: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    dropped_muscles: tuple[tuple[str, str], ...] = ()
    error: str | None = None

    @property
    def imported_count(self) -> int:
        """How many exercises were imported."""
        return len(self.imported)

    @property
    def skipped_count(self) -> int:
        """How many entries were skipped."""
        return len(self.skipped)

    @property
    def skipped_by_reason(self) -> Mapping[str, int]:
        """Skipped entries counted by ``reason``."""
        return dict(Counter(s.reason for s in self.skipped))

    def summary(self) -> str:
        """One line: ``'free-exercise-db PATH: imported 5 of 9 exercises; skipped 4 (muscles 2, …)'``."""
        if self.error is not None:
            return f"free-exercise-db {self.path}: {self.error}"
        line = (
            f"free-exercise-db {self.path}: imported {self.imported_count} of {self.entries} "
            "exercises"
        )
        if self.skipped:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped_by_reason.items()))
            line += f"; skipped {self.skipped_count} ({reasons})"
        if self.dropped_muscles:
            line += f"; dropped {len(self.dropped_muscles)} unmappable secondary muscle(s)"
        return line


def import_file(path: str | os.PathLike[str]) -> tuple[tuple[Exercise, ...], ImportReport]:
    """Read ``path`` and convert it; :class:`FreeExerciseDbError` if it cannot be read at all."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as exc:
        raise FreeExerciseDbError(f"free-exercise-db file {name!r}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise FreeExerciseDbError(
            f"free-exercise-db file {name!r}: not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg})"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise FreeExerciseDbError(
            f"free-exercise-db file {name!r}: cannot be read ({exc})"
        ) from exc
    if not isinstance(data, list):
        raise FreeExerciseDbError(
            f"free-exercise-db file {name!r}: expected a JSON list of exercise objects, "
            f"got a JSON {_json_type(data)}"
        )
    return convert(data, path=name)


def convert(
    data: Sequence[Any], *, path: str = "<data>"
) -> tuple[tuple[Exercise, ...], ImportReport]:
    """Convert parsed free-exercise-db entries; never raises for a bad entry."""
    exercises: list[Exercise] = []
    skipped: list[Skipped] = []
    dropped: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data):
        outcome = _convert_entry(index, entry)
        if isinstance(outcome, Skipped):
            skipped.append(outcome)
            continue
        exercise, lost = outcome
        if exercise.id in seen:
            skipped.append(
                Skipped(
                    index,
                    _source_id(entry),
                    "duplicate",
                    f"id {exercise.id!r} is already used by entry {seen[exercise.id]}",
                )
            )
            continue
        seen[exercise.id] = index
        exercises.append(exercise)
        dropped.extend((exercise.id, muscle) for muscle in lost)
    report = ImportReport(
        path=path,
        entries=len(data),
        imported=tuple(e.id for e in exercises),
        skipped=tuple(skipped),
        dropped_muscles=tuple(dropped),
    )
    return tuple(exercises), report


# --------------------------------------------------------------------------- #
# One entry


def _convert_entry(index: int, entry: object) -> Skipped | tuple[Exercise, list[str]]:
    if not isinstance(entry, dict):
        return Skipped(index, None, "entry", f"not a JSON object (a JSON {_json_type(entry)})")
    source_id = _source_id(entry)
    name = _text(entry.get("name")) or (source_id.replace("_", " ") if source_id else None)
    if source_id is None or name is None:
        return Skipped(index, source_id, "entry", "has neither an 'id' nor a 'name'")

    def skip(reason: str, message: str) -> Skipped:
        return Skipped(index, source_id, reason, message)

    category = entry.get("category")
    if not isinstance(category, str) or category.strip().lower() not in CATEGORIES:
        return skip("category", f"category {category!r} is not imported (only strength)")
    equipment_value = entry.get("equipment")
    equipment_key = equipment_value.strip().lower() if isinstance(equipment_value, str) else None
    if equipment_value is not None and not isinstance(equipment_value, str):
        return skip("equipment", f"equipment {equipment_value!r} is not a string or null")
    equipment = EQUIPMENT.get(equipment_key)
    if equipment is None:
        return skip("equipment", f"equipment {equipment_value!r} has no hipdip equivalent")
    level_value = entry.get("level")
    level = LEVELS.get(level_value.strip().lower()) if isinstance(level_value, str) else None
    if level is None:
        return skip("level", f"level {level_value!r} is not beginner, intermediate or expert")
    primary = _names(entry.get("primaryMuscles"))
    secondary = _names(entry.get("secondaryMuscles"))
    if primary is None or secondary is None:
        return skip("muscles", "primaryMuscles and secondaryMuscles must be lists of names")
    if not primary:
        return skip("muscles", "no primary muscle")
    unmapped = [m for m in primary if m not in MUSCLES]
    if unmapped:
        return skip("muscles", _unmapped_message(unmapped))
    roles: dict[str, Role] = {}
    for names, role in ((primary, Role.PRIMARY), (secondary, Role.SECONDARY)):
        for muscle_name in names:
            for maps in MUSCLES.get(muscle_name, ()):
                given = role
                if maps.at_most is not None and _ROLE_RANK[maps.at_most] < _ROLE_RANK[given]:
                    given = maps.at_most
                held = roles.get(maps.muscle)
                if held is None or _ROLE_RANK[given] > _ROLE_RANK[held]:
                    roles[maps.muscle] = given
    lost = [m for m in dict.fromkeys(secondary) if m not in MUSCLES]
    new_id = slugify(source_id)
    if new_id is None:
        return skip("entry", f"id {source_id!r} has no letters or digits")
    try:
        exercise = Exercise(
            id=new_id,
            name=name,
            targets=tuple(MuscleTarget(muscle, role) for muscle, role in roles.items()),
            pattern=pattern_for(primary, entry.get("force")),
            position=POSITION,
            unilateral=unilateral_from_name(name),
            equipment=equipment.slugs,
            load_kind=equipment.load_kind,
            band_placement=equipment.band_placement,
            level=level,
            cues=_cues(entry.get("instructions")),
        )
    except ValidationError as exc:
        return skip("invalid", f"rejected by hipdip: {exc}")
    return exercise, lost


def _source_id(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return None
    return _text(entry.get("id")) or _text(entry.get("name"))


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _names(value: object) -> list[str] | None:
    """Lower-cased muscle names, or ``None`` if ``value`` is not a list of strings (missing = [])."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return [v.strip().lower() for v in value if v.strip()]


def _unmapped_message(unmapped: list[str]) -> str:
    parts = []
    for muscle in unmapped:
        note = "" if muscle in VOCABULARY else " (not a free-exercise-db muscle name)"
        parts.append(f"{muscle!r}{note}")
    noun = "primary muscle" if len(parts) == 1 else "primary muscles"
    verb = "has" if len(parts) == 1 else "have"
    return f"{noun} {', '.join(parts)} {verb} no hipdip equivalent"


def _cues(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    cues = []
    for item in value:
        if isinstance(item, str) and item.strip():
            text = " ".join(item.split())
            if len(text) > MAX_CUE_CHARS:
                text = text[: MAX_CUE_CHARS - 1] + "…"
            cues.append(text)
    return tuple(cues[:MAX_CUES])


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else type(value).__name__
