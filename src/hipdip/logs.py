"""Training logs from other apps: read and write their files, and place dated sessions on a program.

No training-log standard exists; the CSV exports of the apps people use are
the de facto exchange format. Each format is a plugin
(:class:`hipdip.protocols.LogFormat`, hook ``hipdip_register_log_formats``);
the built-ins read Strong, Hevy and FitNotes exports and write Strong's
(:mod:`hipdip.builtin.log_formats`; headers and quirks: :doc:`/logs`).

:func:`read_log` gives a :class:`LogImport`: dated sessions (no program week
or day yet) and a report of every row — read, used, skipped and why, names
not in the catalogue with a did-you-mean. :func:`assign` places dated
sessions on a program's sessions in order; :func:`hipdip.progress` does it
itself for a log whose sessions carry dates only.

>>> text = '''Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
... 2024-03-04 18:00:00,Hips,40m,Clamshell,W,0,10,0,0,,,
... 2024-03-04 18:00:00,Hips,40m,Clamshell,1,0,15,0,0,,,8
... 2024-03-04 18:00:00,Hips,40m,Clamshell,2,0,14,0,0,,,9
... 2024-03-04 18:00:00,Hips,40m,Bench Press (Barbell),1,60,8,0,0,,,
... '''
>>> imported = read_log(text)
>>> [(s.date.isoformat(), [(e.exercise, [r.reps for r in e.sets]) for e in s.exercises])
...  for s in imported.sessions]
[('2024-03-04', [('clamshell', [15, 14])])]
>>> imported.sessions[0].exercises[0].sets[0].rir  # RPE 8 → RIR 2
2
>>> print(imported.report.summary())
strong_csv: 4 rows read, 2 used as sets in 1 session (1 workout, 40 min)
skipped rows: warm-up sets 1, exercises not in the catalogue 1
not in the catalogue: 'Bench Press (Barbell)' (1 row)
note: this Strong export does not say whether weights are kg or lb: read as kg; if they are pounds, import it again in imperial units (hipdip import-log --units imperial)
"""

from __future__ import annotations

import inspect
import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from hipdip.errors import ValidationError
from hipdip.models import (
    Band,
    Bodyweight,
    Exercise,
    ExerciseLog,
    Hold,
    LoadKind,
    Program,
    SessionLog,
    TrainingLog,
    Units,
)
from hipdip.models import _checks as c

if TYPE_CHECKING:
    import pluggy

    from hipdip.registry import Catalog

__all__ = [
    "Assignment",
    "ImportReport",
    "LogImport",
    "Unmatched",
    "Unplaced",
    "assign",
    "match_exercise",
    "name_key",
    "read_log",
    "suggest_exercise",
    "write_log",
]


#: How many lines of one kind a summary lists: names not in the catalogue
#: (:meth:`ImportReport.summary`), sessions not placed, exercises left out and notes
#: (:meth:`Assignment.summary`); the rest are counted.
_MAX_SHOWN = 20


@attrs.frozen
class Unmatched:
    """An exercise name of the file that is not in the catalogue: how many rows, and the nearest name."""

    name: str
    rows: int
    suggestion: str | None = None


@attrs.frozen
class ImportReport:
    """What reading a file did: rows read, used and skipped (per reason), names not matched.

    ``skipped`` and ``kept`` are ``(reason, rows)`` pairs in first-seen order
    (``kept`` counts rows used but marked: drop and failure sets); ``notes``
    are assumptions the reader made (``weights read as kg …``). ``units`` is
    what the file's weights were in — ``imperial`` (lb) or ``metric`` (kg) —
    or ``None`` when it had no weights, or both; charts of the imported log
    show weights in it (:func:`hipdip.charts.progress_chart`).
    """

    format: str
    rows: int = 0
    used: int = 0
    sessions: int = 0
    workouts: int = 0
    minutes: int = 0
    skipped: tuple[tuple[str, int], ...] = ()
    kept: tuple[tuple[str, int], ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    notes: tuple[str, ...] = ()
    units: Units | None = None

    @property
    def skipped_rows(self) -> int:
        """Rows not used, over every reason."""
        return sum(count for _, count in self.skipped)

    def summary(self) -> str:
        """The report in a few lines for people (what ``hipdip import-log`` prints)."""
        session_word = "session" if self.sessions == 1 else "sessions"
        workout_word = "workout" if self.workouts == 1 else "workouts"
        time = f", {_duration_words(self.minutes)}" if self.minutes else ""
        lines = [
            f"{self.format}: {self.rows} rows read, {self.used} used as sets in "
            f"{self.sessions} {session_word} ({self.workouts} {workout_word}{time})"
        ]
        if self.skipped:
            lines.append("skipped rows: " + ", ".join(f"{r} {n}" for r, n in self.skipped))
        if self.kept:
            lines.append("kept and marked: " + ", ".join(f"{r} {n}" for r, n in self.kept))
        if self.unmatched:
            # A file of thousands of other exercises, or a name pasted a page long, stays a
            # line a person reads: the names with the most rows first, each cut short.
            most = sorted(self.unmatched, key=lambda u: -u.rows)[:_MAX_SHOWN]
            shown = [
                f"{c.show(u.name)} ({u.rows} row{'s' if u.rows != 1 else ''}"
                + (f"; did you mean {u.suggestion!r}?)" if u.suggestion else ")")
                for u in self.unmatched
                if u in most
            ]
            more = len(self.unmatched) - len(shown)
            if more:
                shown.append(f"and {more:,} more name{'s' if more != 1 else ''}")
            lines.append("not in the catalogue: " + ", ".join(shown))
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)


@attrs.frozen
class LogImport:
    """What :func:`read_log` read: dated ``sessions`` (in date order) and the ``report``."""

    sessions: tuple[SessionLog, ...]
    report: ImportReport

    @property
    def log(self) -> TrainingLog:
        """The sessions as a :class:`~hipdip.TrainingLog` (dated, not yet placed on a program)."""
        return TrainingLog(self.sessions)


def read_log(
    text: str,
    *,
    format: str = "auto",
    pm: pluggy.PluginManager | None = None,
    units: Units | str | None = None,
) -> LogImport:
    """Read another app's training-log export (``text``) into dated sessions and a report.

    ``format`` is a registered format id (built-ins: ``strong_csv``,
    ``hevy_csv``, ``fitnotes_csv``) or ``"auto"``: the first format whose
    ``sniff`` recognises the text. ``units`` says what weights the file does
    not label are in (``"metric"``: kg, ``"imperial"``: lb); a file whose
    header names its unit is read in that unit whatever ``units`` says.

    Raises :class:`~hipdip.ValidationError` when no format recognises the
    text, or the chosen one cannot read it, and
    :class:`~hipdip.UnknownIdError` for an unknown ``format``. Rows a format
    cannot use are skipped and counted in the report, never an error.

    >>> read_log("hello")
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: text: not a training log hipdip recognises (formats: strong_csv, hevy_csv, fitnotes_csv); name one with format=
    """
    from hipdip.registry import catalog

    if not isinstance(text, str):
        raise ValidationError(f"text: must be a str (got {type(text).__name__})")
    chosen_units = None if units is None else c.enum_value(Units, "units", units)
    cat = catalog(pm)
    formats = cat.log_formats
    if format == "auto":
        found = None
        for id_, candidate in formats.items():
            with cat.guard("log_formats", id_, "sniff()"):
                if candidate.sniff(text):
                    found = candidate
                    break
        if found is None:
            raise ValidationError(
                "text: not a training log hipdip recognises "
                f"(formats: {', '.join(formats)}); name one with format="
            )
        chosen = found
    else:
        chosen = formats[format]
    options: dict[str, Any] = {}
    if "units" in _keywords(chosen.read):
        options["units"] = chosen_units
    with cat.guard("log_formats", chosen.id, "read()"):
        result = chosen.read(text, catalog=cat, **options)
    if not isinstance(result, LogImport):
        from hipdip.errors import PluginError

        info = cat.plugin_info("log_formats", chosen.id)
        raise PluginError(
            f"hipdip plugin {info}, log format {chosen.id!r}: read() returned "
            f"{type(result).__name__}, not a hipdip.logs.LogImport",
            plugin=info.name,
            distribution=info.distribution,
            hook="hipdip_register_log_formats",
        )
    return result


def write_log(
    log: TrainingLog,
    *,
    format: str,
    pm: pluggy.PluginManager | None = None,
    units: Units | str | None = None,
) -> str:
    """``log`` as the text of the file format ``format`` (a format that can write: ``strong_csv``).

    ``units`` is the unit weights are written in (default metric: kg).
    Raises :class:`~hipdip.UnknownIdError` for an unknown format and
    :class:`~hipdip.ValidationError` for one that cannot write, or a log
    the format cannot hold (Strong needs a date on every session).

    >>> import datetime
    >>> from hipdip import ExerciseLog, SessionLog, SetResult, TrainingLog
    >>> log = TrainingLog((SessionLog(1, 1, (ExerciseLog("clamshell", (SetResult(reps=15, rir=2),)),),
    ...                               date=datetime.date(2024, 3, 4)),))
    >>> print(write_log(log, format="strong_csv"), end="")
    Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration
    2024-03-04 00:00:00;hipdip week 1 day 1;Clamshell;1;0;kg;15;8;;;0;;;0m
    """
    from hipdip.registry import catalog

    if not isinstance(log, TrainingLog):
        raise ValidationError(f"log: must be a TrainingLog (got {type(log).__name__})")
    chosen_units = Units.METRIC if units is None else c.enum_value(Units, "units", units)
    cat = catalog(pm)
    chosen = cat.log_formats[format]
    writer = getattr(chosen, "write", None)
    if not callable(writer):
        writers = [id_ for id_, f in cat.log_formats.items() if callable(getattr(f, "write", None))]
        raise ValidationError(
            f"format: {format!r} reads but cannot write (formats that write: "
            f"{', '.join(writers) or 'none'})"
        )
    options: dict[str, Any] = {}
    if "units" in _keywords(writer):
        options["units"] = chosen_units
    with cat.guard("log_formats", chosen.id, "write()"):
        text = writer(log, catalog=cat, **options)
    if not isinstance(text, str):
        raise ValidationError(f"format: {format!r} write() returned {type(text).__name__}, not str")
    return text


# --------------------------------------------------------------------------- #
# Exercise names


def name_key(name: str) -> str:
    """A name compared ignoring case, punctuation and spacing: ``'Side-Lying (Band)'`` → ``'side lying band'``.

    >>> name_key("  Side-lying hip abduction (Band) ")
    'side lying hip abduction band'
    """
    return " ".join(_NON_WORD.sub(" ", name.casefold()).split())


_NON_WORD = re.compile(r"[\W_]+")


def match_exercise(name: str, catalog: Catalog) -> Exercise | None:
    """The catalogue's exercise called ``name`` in another app's file, or ``None``.

    Uses ``Catalog.find`` (names and aliases, when the catalogue has it);
    otherwise compares with every exercise's name and id ignoring case,
    punctuation and spacing (:func:`name_key`). The one place log formats
    resolve names.

    >>> from hipdip import catalog
    >>> match_exercise("side-lying HIP abduction", catalog()).id
    'side_lying_hip_abduction'
    >>> match_exercise("Bench Press (Barbell)", catalog()) is None
    True
    """
    find = getattr(catalog, "find", None)
    if callable(find):
        found = find(name)
        return found if isinstance(found, Exercise) else None
    return _names(catalog).get(name_key(name))


def suggest_exercise(name: str, catalog: Catalog) -> str | None:
    """The catalogue name closest to ``name`` (for a did-you-mean), or ``None``.

    >>> from hipdip import catalog
    >>> suggest_exercise("Clam shells", catalog())
    'Clamshell'
    """
    import difflib  # only for a name that did not match

    names = _names(catalog)
    close = difflib.get_close_matches(name_key(name), list(names), n=1, cutoff=0.75)
    return names[close[0]].name if close else None


_NAMES: weakref.WeakKeyDictionary[Catalog, dict[str, Exercise]] = weakref.WeakKeyDictionary()


def _names(catalog: Catalog) -> dict[str, Exercise]:
    """Every exercise by :func:`name_key` of its name and of its id (cached per catalogue)."""
    found = _NAMES.get(catalog)
    if found is None:
        found = {}
        for exercise in catalog.exercises.values():
            found.setdefault(name_key(exercise.id), exercise)
        for exercise in catalog.exercises.values():
            found[name_key(exercise.name)] = exercise
        _NAMES[catalog] = found
    return found


# --------------------------------------------------------------------------- #
# Placing dated sessions on a program


@attrs.frozen
class Unplaced:
    """A session :func:`assign` could not place: its index in the input, date and why."""

    index: int
    date: str
    reason: str


@attrs.frozen
class Assignment:
    """What :func:`assign` did: the placed ``log``, the sessions not placed, the exercises left out.

    ``left_out`` lists ``(input index, exercise id, why)`` for exercises of a
    placed session that its program session does not prescribe; ``notes``
    what was assumed (a band exercise's band, which no app's CSV records).
    """

    log: TrainingLog
    unplaced: tuple[Unplaced, ...] = ()
    left_out: tuple[tuple[int, str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """A few lines for people."""
        placed = len(self.log.sessions)
        lines = [f"placed {placed} session{'s' * (placed != 1)} on the program"]
        # Sessions are counted from 1 for people (the fields count from 0, like Python).
        # Years of history on an 8-week program: the first lines of each kind, then a count.
        lines += _first(
            [
                f"not placed: session {u.index + 1} of the log ({u.date}): {u.reason}"
                for u in self.unplaced
            ],
            "sessions not placed",
        )
        lines += _first(
            [
                f"left out of session {i + 1} of the log: {ex}: {why}"
                for i, ex, why in self.left_out
            ],
            "exercises left out",
        )
        lines += _first([f"note: {note}" for note in self.notes], "notes")
        return "\n".join(lines)


def _first(lines: list[str], what: str) -> list[str]:
    """``lines``, or the first :data:`_MAX_SHOWN` of them and how many more ``what``."""
    if len(lines) <= _MAX_SHOWN:
        return lines
    more = len(lines) - _MAX_SHOWN
    return [*lines[:_MAX_SHOWN], f"… and {more:,} more {what}"]


def assign(
    program: Program,
    sessions: Iterable[SessionLog] | TrainingLog,
    *,
    pm: pluggy.PluginManager | None = None,
) -> Assignment:
    """Place dated sessions on ``program``'s sessions, in order, and say what could not be placed.

    Sessions are taken in the order given (a log is in date order). A
    session that already names its ``week`` and ``day`` stays there; the
    next dated one goes to the next program session that prescribes one of
    its exercises (or a variant on the same easier/harder ladder), looking
    at most ``days_per_week`` sessions ahead — so a missed week does not skip
    program weeks: the program resumes where it stopped. A session none of
    whose exercises is prescribed there (a chest day), or one past the end
    of the program, is not placed (:attr:`Assignment.unplaced`, with why).
    Exercises of a placed session that its program session does not
    prescribe, that the program's profile cannot do (a variant needing
    equipment or a level the person does not have: :func:`hipdip.progress`
    would refuse it), or logged as reps where it prescribes a hold (or the
    other way round), are left out (:attr:`Assignment.left_out`). Band tiers are
    not in any app's export: sets of a band exercise logged without a band
    are read at the band prescribed.

    The sessions keep their dates; :func:`hipdip.progress` then sees the
    gaps between them.

    >>> import datetime
    >>> from hipdip import ExerciseLog, SessionLog, SetResult
    >>> from hipdip.examples import example_program
    >>> program = example_program()
    >>> first = program.sessions[0].items[0].exercise
    >>> day = datetime.date(2024, 3, 4)
    >>> done = ExerciseLog(first, (SetResult(reps=12),))
    >>> other = ExerciseLog("glute_bridge", (SetResult(reps=8),))
    >>> result = assign(program, [SessionLog(exercises=(done,), date=day),
    ...                           SessionLog(exercises=(other,), date=day)])
    >>> [(s.week, s.day, s.date.isoformat()) for s in result.log.sessions]
    [(1, 1, '2024-03-04')]
    >>> print(result.summary())  # doctest: +ELLIPSIS
    placed 1 session on the program
    not placed: session 2 of the log (2024-03-04): none of its exercises (glute_bridge) is prescribed in the next sessions (week 1 day 2, week 1 day 3, week 2 day 1)
    """
    from hipdip.ladders import lacks, ladders
    from hipdip.registry import catalog

    if not isinstance(program, Program):
        raise ValidationError(f"program: must be a Program (got {type(program).__name__})")
    if not isinstance(sessions, TrainingLog) and (
        isinstance(sessions, str | bytes | Mapping) or not isinstance(sessions, Iterable)
    ):
        raise ValidationError(
            f"sessions: must be a TrainingLog or SessionLogs (got {type(sessions).__name__})"
        )
    items = sessions.sessions if isinstance(sessions, TrainingLog) else tuple(sessions)
    for index, session in enumerate(items):
        if not isinstance(session, SessionLog):
            raise ValidationError(
                f"sessions[{index}]: must be a SessionLog (got {type(session).__name__})"
            )
    cat = catalog(pm)
    lad = ladders(cat)
    slots = program.sessions
    where = {(s.week, s.day): i for i, s in enumerate(slots)}
    window = program.profile.days_per_week
    placed: list[SessionLog] = []
    unplaced: list[Unplaced] = []
    left_out: list[tuple[int, str, str]] = []
    notes: list[str] = []
    used: set[int] = set()
    next_slot = 0
    for index, session in enumerate(items):
        when = session.date.isoformat() if session.date is not None else "no date"
        if session.week is not None and session.day is not None:
            slot = where.get((session.week, session.day))
            if slot is None:
                unplaced.append(
                    Unplaced(
                        index,
                        when,
                        f"week {session.week} day {session.day} is not a program session",
                    )
                )
                continue
            placed.append(session)
            used.add(slot)
            next_slot = max(next_slot, slot + 1)
            continue
        logged = [e.exercise for e in session.exercises]
        chosen = None
        for slot in range(next_slot, min(next_slot + window, len(slots))):
            if slot in used:
                continue
            planned = [item.exercise for item in slots[slot].items]
            if any(_fits_slot(ex, planned, lad) for ex in logged):
                chosen = slot
                break
        if chosen is None:
            if next_slot >= len(slots):
                reason = "the program has no sessions left"
            elif not logged:
                reason = "nothing was logged in it"
            else:
                ahead = slots[next_slot : next_slot + window]
                reason = (
                    f"none of its exercises ({', '.join(logged)}) is prescribed in the next "
                    f"sessions ({', '.join(f'week {s.week} day {s.day}' for s in ahead)})"
                )
            unplaced.append(Unplaced(index, when, reason))
            continue
        target = slots[chosen]
        kept: list[ExerciseLog] = []
        # Each prescription takes one logged exercise, as hipdip.progress matches them: the
        # same id first, else one on its ladder (a second variant of one slot, or the same
        # exercise logged twice, would make progress refuse the whole log).
        claimed: dict[int, str] = {}
        label = f"week {target.week} day {target.day}"
        for entry in session.exercises:
            if any(e.exercise == entry.exercise for e in kept):
                left_out.append((index, entry.exercise, f"logged twice in the session ({label})"))
                continue
            exact = [k for k, i in enumerate(target.items) if i.exercise == entry.exercise]
            fits = exact + [
                k
                for k, i in enumerate(target.items)
                if k not in exact and lad.same_ladder(i.exercise, entry.exercise)
            ]
            if not fits:
                left_out.append((index, entry.exercise, f"not prescribed in {label}"))
                continue
            exercise = cat.exercises.get(entry.exercise)
            missing = None if exercise is None else lacks(program.profile, exercise)
            if missing is not None:  # progress() would refuse the whole log for it
                left_out.append((index, entry.exercise, f"{missing} (the program's profile)"))
                continue
            slot_index = next((k for k in fits if k not in claimed), None)
            if slot_index is None:
                taken = ", ".join(claimed[k] for k in fits)
                why = f"its prescription in {label} is taken by {taken} (one exercise each)"
                left_out.append((index, entry.exercise, why))
                continue
            item = target.items[slot_index]
            hold = isinstance(item.dose, Hold)
            if any((r.hold_seconds is None) == hold for r in entry.sets):
                kind = "a hold (seconds)" if hold else "reps"
                left_out.append((index, entry.exercise, f"{label} prescribes {kind}"))
                continue
            if (
                exercise is not None
                and exercise.load_kind is LoadKind.BAND
                and isinstance(item.load, Band)
                and any(isinstance(r.load, Bodyweight) for r in entry.sets)
            ):
                # The prescribed band's tier, where this exercise puts it: a knees walk done
                # for a prescribed feet walk (its ladder) is not a band round the feet.
                band = Band(item.load.tier, exercise.band_placement or item.load.placement)
                entry = ExerciseLog(
                    entry.exercise,
                    tuple(
                        attrs.evolve(r, load=band) if isinstance(r.load, Bodyweight) else r
                        for r in entry.sets
                    ),
                )
                notes.append(
                    f"session {index + 1} ({when}): {entry.exercise} read at the prescribed band "
                    "(the file does not say which band)"
                )
            kept.append(entry)
            claimed[slot_index] = entry.exercise
        if not kept:  # every exercise left out: an empty session would use up the program's
            unplaced.append(  # session, and the next one would skip what it prescribes
                Unplaced(
                    index,
                    when,
                    f"nothing in it could be kept on week {target.week} day "
                    f"{target.day} (each exercise is left out, below)",
                )
            )
            continue
        placed.append(SessionLog(target.week, target.day, tuple(kept), session.date))
        used.add(chosen)
        next_slot = chosen + 1
    return Assignment(TrainingLog(tuple(placed)), tuple(unplaced), tuple(left_out), tuple(notes))


def _fits_slot(exercise_id: str, planned: Sequence[str], lad: Any) -> bool:
    return any(p == exercise_id or lad.same_ladder(p, exercise_id) for p in planned)


# --------------------------------------------------------------------------- #
# Helpers


def _keywords(function: Any) -> frozenset[str]:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return frozenset()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return frozenset({"units"})
    return frozenset(p.name for p in parameters)


def _duration_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
