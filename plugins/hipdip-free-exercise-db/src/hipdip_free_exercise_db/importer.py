"""Reading a free-exercise-db JSON file into hipdip exercises, with a report of what was skipped.

:func:`import_file` reads a file (a JSON list of exercise objects, like the
data set's ``dist/exercises.json`` or the output of ``jq -s .`` over its
``exercises/*.json``); :func:`convert` does the same for data already
parsed. Entries are converted one by one with the tables and rules of
:mod:`hipdip_free_exercise_db.mapping`; every entry is either imported or
skipped with its reason, recorded in the :class:`ImportReport` — never a
crash. An entry whose name hipdip's catalogue already knows
(:meth:`hipdip.registry.Catalog.find` finds a built-in exercise by it: the
free-exercise-db names of built-ins are among their aliases) is *merged*:
not imported twice, counted with the built-in it is. Only a file that cannot
be read at all (missing, not JSON, not a list) raises
:class:`FreeExerciseDbError`, naming the file.

>>> exercises, report = convert([
...     {"id": "Monster_Walk", "name": "Monster Walk", "force": "pull", "level": "beginner",
...      "equipment": "bands", "primaryMuscles": ["abductors"], "secondaryMuscles": [],
...      "instructions": ["Place a band around both ankles and another around both knees."],
...      "category": "strength"},
...     {"id": "Thigh_Abductor", "name": "Thigh Abductor", "force": "push", "level": "beginner",
...      "equipment": "machine", "primaryMuscles": ["abductors"], "secondaryMuscles": ["glutes"],
...      "instructions": ["Sit down on the abductor machine."], "category": "strength"},
...     {"id": "Pushups", "name": "Pushups", "level": "beginner", "equipment": "body only",
...      "primaryMuscles": ["chest"], "secondaryMuscles": ["triceps"], "category": "strength"},
... ])
>>> [(e.id, e.band_placement.value, e.license) for e in exercises]
[('fedb_monster_walk', 'ankles', 'Unlicense')]
>>> [(s.source_id, s.reason, s.into) for s in report.skipped]
[('Thigh_Abductor', 'merged', 'seated_hip_abduction_machine'), ('Pushups', 'muscles', None)]
>>> report.skipped[1].message
"primary muscle 'chest' has no hipdip equivalent"
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from hipdip import Exercise, HipdipError, MuscleTarget, Role, ValidationError
from hipdip.limits import MAX_CUES
from hipdip.names import NameIndex, name_key
from hipdip_free_exercise_db.mapping import (
    CATEGORIES,
    EQUIPMENT,
    LEVELS,
    MUSCLES,
    OBLIQUE_MUSCLES,
    OBLIQUE_NAME,
    PLYOMETRIC_TAG,
    VOCABULARY,
    MapsTo,
    band_placement_from,
    equipment_by_name,
    load_tags_for,
    muscles_by_name,
    pattern_for,
    position_from,
    role_tags_for,
    slugify,
    unilateral_from,
)

__all__ = [
    "LICENSE",
    "REASONS",
    "SOURCE",
    "FreeExerciseDbError",
    "ImportReport",
    "Skipped",
    "convert",
    "import_file",
]

#: Characters kept per cue (hipdip's limit for free text in a model).
MAX_CUE_CHARS = 2000
#: Where every imported exercise comes from (``Exercise.source`` adds the entry's id).
SOURCE = "free-exercise-db"
#: The data set's licence (public domain dedication; its ``LICENSE.md``).
LICENSE = "Unlicense"

#: Why an entry is not imported, in the order they are checked.
REASONS: Mapping[str, str] = {
    "entry": "not an exercise object, or no id or name",
    "category": "a category that is not hard-set training (stretching, cardio, …)",
    "equipment": "equipment with no hipdip equivalent",
    "level": "a level other than beginner, intermediate or expert",
    "muscles": "a primary muscle with no hipdip equivalent, or malformed muscle lists",
    "band placement": "a band exercise whose instructions do not say where the band sits",
    "merged": "hipdip's catalogue already has it, by this name: counted with that exercise",
    "duplicate": "the same id or name as an entry imported before",
    "invalid": "hipdip's model rejected it",
}

_ROLE_RANK = {Role.PRIMARY: 2, Role.SECONDARY: 1, Role.STABILIZER: 0}


class FreeExerciseDbError(HipdipError):
    """A free-exercise-db file that cannot be read at all; the message names the file."""


@attrs.frozen
class Skipped:
    """One entry that was not imported: its position, its id (if any) and why.

    ``reason`` is one of :data:`REASONS`; ``message`` says what exactly. A
    ``merged`` entry names the hipdip exercise it is in ``into``.
    """

    index: int
    source_id: str | None
    reason: str
    message: str
    into: str | None = None


@attrs.frozen
class ImportReport:
    """What one import did: the file, the entries read, the ids imported, what was skipped.

    ``dropped_muscles`` lists ``(exercise id, muscle)`` for secondary muscles
    with no hipdip equivalent that were left out of an imported exercise.
    ``error`` is set when the file could not be read at all. Every entry is
    either imported or skipped: ``imported_count + skipped_count == entries``.
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
        """How many entries were skipped (merged ones included)."""
        return len(self.skipped)

    @property
    def skipped_by_reason(self) -> Mapping[str, int]:
        """Skipped entries counted by ``reason``."""
        return dict(Counter(s.reason for s in self.skipped))

    @property
    def merged(self) -> Mapping[str, str]:
        """Entries merged into hipdip's own exercises: source id → hipdip exercise id."""
        return {s.source_id or "": s.into for s in self.skipped if s.into is not None}

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


def import_file(
    path: str | os.PathLike[str], *, known: Iterable[Exercise] | None = None
) -> tuple[tuple[Exercise, ...], ImportReport]:
    """Read ``path`` and :func:`convert` it; :class:`FreeExerciseDbError` if it cannot be read at all."""
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
    return convert(data, path=name, known=known)


def convert(
    data: Sequence[Any], *, path: str = "<data>", known: Iterable[Exercise] | None = None
) -> tuple[tuple[Exercise, ...], ImportReport]:
    """Convert parsed free-exercise-db entries; never raises for a bad entry.

    ``known`` are the exercises an entry may be merged into (by
    :meth:`~hipdip.registry.Catalog.find`'s rules: id, name or alias); by
    default hipdip's built-in exercises.
    """
    index = _builtin_index() if known is None else NameIndex(known)
    exercises: list[Exercise] = []
    skipped: list[Skipped] = []
    dropped: list[tuple[str, str]] = []
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for position, entry in enumerate(data):
        outcome = _convert_entry(position, entry, index)
        if isinstance(outcome, Skipped):
            skipped.append(outcome)
            continue
        exercise, lost = outcome
        key = name_key(exercise.name)
        earlier = ids.get(exercise.id, names.get(key))
        if earlier is not None:
            what = "id" if exercise.id in ids else "name, once case and punctuation are ignored,"
            skipped.append(
                Skipped(
                    position,
                    _source_id(entry),
                    "duplicate",
                    f"its {what} is already used by entry {earlier} ({data[earlier]['name']!r})",
                )
            )
            continue
        ids[exercise.id] = names[key] = position
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


_BUILTINS: list[NameIndex] = []


def _builtin_index() -> NameIndex:
    """hipdip's built-in exercises by their names (built once, from a built-ins-only catalogue)."""
    if not _BUILTINS:
        import hipdip
        from hipdip.plugins import make_plugin_manager

        builtins = hipdip.catalog(make_plugin_manager(entry_points=False))
        _BUILTINS.append(NameIndex(builtins.exercises.values()))
    return _BUILTINS[0]


# --------------------------------------------------------------------------- #
# One entry


def _convert_entry(
    index: int, entry: object, known: NameIndex
) -> Skipped | tuple[Exercise, list[str]]:
    if not isinstance(entry, dict):
        return Skipped(index, None, "entry", f"not a JSON object (a JSON {_json_type(entry)})")
    source_id = _source_id(entry)
    name = _text(entry.get("name")) or (source_id.replace("_", " ") if source_id else None)
    if source_id is None or name is None:
        return Skipped(index, source_id, "entry", "has neither an 'id' nor a 'name'")

    def skip(reason: str, message: str) -> Skipped:
        return Skipped(index, source_id, reason, message)

    category = entry.get("category")
    category_key = category.strip().lower() if isinstance(category, str) else None
    if category_key not in CATEGORIES:
        imported = ", ".join(sorted(CATEGORIES))
        return skip("category", f"category {category!r} is not imported (only {imported})")
    equipment_value = entry.get("equipment")
    if equipment_value is not None and not isinstance(equipment_value, str):
        return skip("equipment", f"equipment {equipment_value!r} is not a string or null")
    equipment_key = equipment_value.strip().lower() if isinstance(equipment_value, str) else None
    equipment = EQUIPMENT.get(equipment_key)
    if equipment is None:
        return skip("equipment", f"equipment {equipment_value!r} has no hipdip equivalent")
    slugs = equipment_by_name(name, equipment.slugs)
    if slugs is None:
        return skip("equipment", "needs chains (by its name), which hipdip has no word for")
    level_value = entry.get("level")
    level = LEVELS.get(level_value.strip().lower()) if isinstance(level_value, str) else None
    if level is None:
        return skip("level", f"level {level_value!r} is not beginner, intermediate or expert")
    listed_primary = _names(entry.get("primaryMuscles"))
    listed_secondary = _names(entry.get("secondaryMuscles"))
    if listed_primary is None or listed_secondary is None:
        return skip("muscles", "primaryMuscles and secondaryMuscles must be lists of names")
    primary, secondary = muscles_by_name(name, listed_primary, listed_secondary)
    if not primary:
        return skip("muscles", "no primary muscle")
    unmapped = [m for m in primary if m not in MUSCLES]
    if unmapped:
        return skip("muscles", _unmapped_message(unmapped))
    cues = _cues(entry.get("instructions"))
    text = " ".join(cues)
    placement = band_placement_from(text) if equipment.load_kind.value == "band" else None
    if equipment.load_kind.value == "band" and placement is None:
        return skip(
            "band placement",
            "the instructions do not say where the band sits (feet, ankles, knees, above the "
            "knees or across the hips)",
        )
    found = known.find(name)
    if found is not None:
        return Skipped(
            index,
            source_id,
            "merged",
            f"is hipdip's {found.id!r}: Catalog.find knows it by the name {name!r}; counted "
            "with that exercise, not imported twice",
            into=found.id,
        )
    oblique = OBLIQUE_NAME.search(name) is not None
    roles: dict[str, Role] = {}
    for names, role in ((primary, Role.PRIMARY), (secondary, Role.SECONDARY)):
        for muscle_name in names:
            for maps in _maps(muscle_name, oblique):
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
    pattern = pattern_for(primary, entry.get("force"))
    position = position_from(text)
    tags = role_tags_for(pattern, name) | load_tags_for(position, name)
    if category_key == "plyometrics":
        tags |= {PLYOMETRIC_TAG}
    try:
        exercise = Exercise(
            id=new_id,
            name=name,
            targets=tuple(MuscleTarget(muscle, role) for muscle, role in roles.items()),
            pattern=pattern,
            position=position,
            unilateral=unilateral_from(name, text),
            equipment=slugs,
            load_kind=equipment.load_kind,
            band_placement=placement,
            level=level,
            cues=cues[:MAX_CUES],
            tags=tags,
            source=f"{SOURCE}: {source_id}",
            license=LICENSE,
        )
    except ValidationError as exc:
        return skip("invalid", f"rejected by hipdip: {exc}")
    return exercise, lost


def _maps(muscle: str, oblique: bool) -> tuple[MapsTo, ...]:
    if oblique and muscle == "abdominals":
        return OBLIQUE_MUSCLES
    return MUSCLES.get(muscle, ())


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
    return tuple(cues)


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
