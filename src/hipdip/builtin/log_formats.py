"""Built-in training-log formats (a plugin like any other): Strong, Hevy and FitNotes exports.

Each format reads the CSV an app exports (``strong_csv`` also writes it) into
dated :class:`~hipdip.SessionLog` s, one per workout, with exercise names
resolved through the catalogue (:func:`hipdip.logs.match_exercise`). What
the readers handle, per app (headers, sources and examples: :doc:`/logs`):

- **Strong**: ``,`` or ``;`` as delimiter; the older header (``Weight
  Unit``, ``Workout Duration``) and the newer ones (``Duration``, ``Weight``
  or ``Weight (kg)``/``Weight (lbs)``, ``Duration (sec)``); durations like
  ``1h 5m``; ``Rest Timer`` and ``Note`` rows (skipped); set orders ``W``
  (warm-up: dropped), ``D`` (drop set) and ``F`` (failure set), kept and
  counted; ``Seconds`` for timed sets (holds).
- **Hevy**: ``weight_kg`` or ``weight_lbs``; ``set_type`` ``warmup``
  (dropped), ``dropset`` and ``failure`` (kept and counted), ``normal``;
  0-based ``set_index``; ``duration_seconds`` for holds; dates like
  ``26 Jul 2025, 07:06``.
- **FitNotes**: ``Weight (kgs)``/``Weight (lbs)``, or ``Weight`` with a
  ``Weight Unit`` of ``kgs``/``lbs``; ``Time`` (``0:01:05``) for holds; one
  workout per date.

Everywhere: RPE becomes reps in reserve as ``10 − RPE`` (Zourdos et al.,
2016), rounded to the nearest rep (halves down); a failure set without RPE
is RIR 0; a row with neither reps nor seconds (cardio, an unfinished set) is
skipped; a decimal comma (``2,5``) is read as a decimal point. Weights in
pounds become kilograms (× 0.45359237, exact); a ``Weight Unit`` is ``lb``,
``lbs``, ``pound(s)``, ``kg``, ``kgs``, ``kilo(s)`` or ``kilogram(s)`` in any
case (another unit skips its row as unreadable; a blank one is read as a file
without units is). Band tiers are in no app's export: a band set is read
without a band, unless its note says which (``band: light knees``, as
``strong_csv`` writes it), and :func:`hipdip.logs.assign` reads it at the
band prescribed.

>>> from hipdip.builtin.log_formats import STRONG_CSV
>>> STRONG_CSV.sniff("Date;Workout Name;Exercise Name;Set Order;Weight;Reps\\n")
True
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from hipdip.errors import ValidationError
from hipdip.hookspecs import hookimpl
from hipdip.models import (
    Band,
    BandPlacement,
    BandTier,
    Bodyweight,
    Exercise,
    ExerciseLog,
    Load,
    LoadKind,
    SessionLog,
    SetResult,
    TrainingLog,
    Units,
    Weight,
)
from hipdip.models._checks import Date
from hipdip.models.exercise import MAX_LOAD_KG
from hipdip.models.log import (
    MAX_LOGGED_HOLD_SECONDS,
    MAX_LOGGED_REPS,
    MAX_LOGGED_RIR,
    MAX_LOGGED_SESSIONS,
)
from hipdip.models.program import MAX_ITEMS_PER_SESSION, MAX_SESSIONS_PER_WEEK, MAX_SETS, MAX_WEEKS
from hipdip.protocols import LogFormat
from hipdip.registry import Catalog
from hipdip.units import KG_PER_LB  # re-exported: kilograms per pound (exact)

if TYPE_CHECKING:
    from hipdip.logs import LogImport

# ``csv`` and :mod:`hipdip.logs` are imported where a file is read or written:
# registering the formats (every plugin manager does) stays cheap.

__all__ = [
    "FITNOTES_CSV",
    "FORMATS",
    "HEVY_CSV",
    "STRONG_CSV",
    "STRONG_HEADER",
    "FitNotesCsv",
    "HevyCsv",
    "StrongCsv",
    "hipdip_register_log_formats",
    "rir_from_rpe",
]

#: Reps in reserve = 10 − RPE (Zourdos et al., 2016; SCIENCE.md §Muscle activation).
RPE_SCALE_TOP = 10.0
#: The header ``strong_csv`` writes: Strong's export as other apps import it
#: (``;``-delimited, weights with their unit; see :doc:`/logs`).
STRONG_HEADER = (
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "RPE",
    "Distance",
    "Distance Unit",
    "Seconds",
    "Notes",
    "Workout Notes",
    "Workout Duration",
)

# Skip and mark reasons (the report counts rows per reason).
WARM_UP = "warm-up sets"
REST_TIMER = "rest timer rows"
NOTE_ROW = "note rows"
NOT_IN_CATALOGUE = "exercises not in the catalogue"
NO_REPS = "rows with no reps or seconds"
NO_WEIGHT = "sets of weighted exercises with no weight"
UNREADABLE = "rows with unreadable values"
OUT_OF_RANGE = "rows with values out of range"
TOO_MANY_SETS = f"sets past {MAX_SETS} of one exercise"
TOO_MANY_EXERCISES = f"exercises past {MAX_ITEMS_PER_SESSION} in one workout"
TOO_MANY_WORKOUTS = (
    f"sets of workouts before the latest {MAX_LOGGED_SESSIONS:,} (a log holds no more)"
)
DROP_SETS = "drop sets"
FAILURE_SETS = "failure sets"
WEIGHT_IGNORED = "weights on bodyweight exercises (ignored)"
BAND_WEIGHT_IGNORED = "weights on band exercises (ignored: a band is logged by its tier)"

_PLACED_NAME = re.compile(r"hipdip week (\d+) day (\d+)", re.IGNORECASE)
_BAND_NOTE = re.compile(r"band:\s*([a-z_-]+)\s+([a-z_-]+)", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")


def rir_from_rpe(rpe: float) -> int:
    """Reps in reserve from an RPE (``10 − RPE``), to the nearest rep with halves down, in 0–10.

    >>> rir_from_rpe(8), rir_from_rpe(7.5), rir_from_rpe(9.5), rir_from_rpe(11)
    (2, 2, 0, 0)
    """
    return max(0, min(MAX_LOGGED_RIR, math.ceil(RPE_SCALE_TOP - rpe - 0.5)))


# --------------------------------------------------------------------------- #
# Reading: shared machinery


class _Bad(Exception):
    """A row value that cannot be used: ``reason`` is the report's."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.define
class _Workout:
    start: datetime.datetime
    name: str
    order: int
    minutes: int | None = None
    exercises: dict[str, list[tuple[float, int, SetResult]]] = attrs.field(factory=dict)


class _Reader:
    """Collects sets into workouts and counts every row, then builds the :class:`LogImport`."""

    def __init__(self, format_id: str, catalog: Catalog) -> None:
        self.format_id = format_id
        self.catalog = catalog
        self.rows = 0
        self.used = 0
        self.skipped: dict[str, int] = {}
        self.kept: dict[str, int] = {}
        self.unmatched: dict[str, int] = {}
        self.notes: list[str] = []
        self.units: set[Units] = set()  # the units of the weights used, as the file gave them
        self.workouts: dict[tuple[datetime.datetime, str], _Workout] = {}
        self._exercises: dict[str, Exercise | None] = {}
        self._sets: dict[tuple[Any, ...], SetResult] = {}

    def unitless(self, where: str) -> None:
        """Note (once) that ``where`` leaves weights without a unit, read as kg."""
        note = (
            f"{where} does not say whether weights are kg or lb: read as kg; if they are "
            "pounds, import it again in imperial units (hipdip import-log --units imperial)"
        )
        if note not in self.notes:
            self.notes.append(note)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def mark(self, reason: str) -> None:
        self.kept[reason] = self.kept.get(reason, 0) + 1

    def exercise(self, name: str) -> Exercise | None:
        """The catalogue exercise for ``name`` (counted as unmatched when there is none)."""
        key = _unguarded(name.strip())
        if key not in self._exercises:
            from hipdip.logs import match_exercise

            self._exercises[key] = match_exercise(key, self.catalog) if key else None
        found = self._exercises[key]
        if found is None:
            self.unmatched[key] = self.unmatched.get(key, 0) + 1
            self.skip(NOT_IN_CATALOGUE)
        return found

    def workout(self, start: datetime.datetime, name: str) -> _Workout:
        key = (start, name)
        found = self.workouts.get(key)
        if found is None:
            found = self.workouts[key] = _Workout(start, name, len(self.workouts))
        return found

    def add(
        self,
        workout: _Workout,
        exercise: Exercise,
        *,
        reps: float | None,
        seconds: float | None,
        kg: float | None,
        rpe: float | None,
        order: float,
        note: str = "",
        failure: bool = False,
        pounds: bool = False,
    ) -> None:
        """One set; raises :class:`_Bad` for a row that cannot be a set.

        ``pounds``: the weight cell was in lb (``kg`` is converted already).
        """
        reps_i = _whole(reps, "reps", MAX_LOGGED_REPS) if reps else None
        hold = None
        if reps_i is None:
            hold = _whole(seconds, "seconds", MAX_LOGGED_HOLD_SECONDS) if seconds else None
            if hold is None:
                raise _Bad(NO_REPS)
        if rpe is not None and rpe > RPE_SCALE_TOP:
            raise _Bad(OUT_OF_RANGE)  # no RPE past 10 (as none under 0): RPE 11 is no "RIR 0"
        rir = rir_from_rpe(rpe) if rpe is not None else (0 if failure else None)
        load = self._load(exercise, kg, note)
        if isinstance(load, Weight):
            self.units.add(Units.IMPERIAL if pounds else Units.METRIC)
        key = (reps_i, hold, load, rir)
        result = self._sets.get(key)
        if result is None:
            result = self._sets[key] = SetResult(reps=reps_i, hold_seconds=hold, load=load, rir=rir)
        workout.exercises.setdefault(exercise.id, []).append((order, self.rows, result))
        self.used += 1

    def _load(self, exercise: Exercise, kg: float | None, note: str) -> Load:
        kind = exercise.load_kind
        if kind is LoadKind.BAND:
            match = _BAND_NOTE.search(note) if note else None
            if match:
                try:
                    return Band(
                        BandTier(match.group(1).lower().replace("-", "_")),
                        BandPlacement(match.group(2).lower()),
                    )
                except ValueError:
                    pass
            if kg and kg > 0:
                self.mark(BAND_WEIGHT_IGNORED)
            return Bodyweight()
        if not kg or kg <= 0:
            if kind is LoadKind.WEIGHT:  # a weight left blank: no load hipdip could progress
                raise _Bad(NO_WEIGHT)
            return Bodyweight()
        if kind is LoadKind.BODYWEIGHT:
            self.mark(WEIGHT_IGNORED)
            return Bodyweight()
        if kg > MAX_LOAD_KG:
            raise _Bad(OUT_OF_RANGE)
        return Weight(kg)

    def finish(self) -> LogImport:
        from hipdip.logs import ImportReport, LogImport, Unmatched, suggest_exercise

        sessions: list[SessionLog] = []
        spent: list[int] = []  # each session's minutes
        minutes = 0
        workouts = 0
        for workout in sorted(self.workouts.values(), key=lambda w: (w.start, w.order)):
            exercises: list[ExerciseLog] = []
            for exercise_id, sets in workout.exercises.items():
                if len(exercises) == MAX_ITEMS_PER_SESSION:
                    self.used -= len(sets)
                    self.skipped[TOO_MANY_EXERCISES] = self.skipped.get(
                        TOO_MANY_EXERCISES, 0
                    ) + len(sets)
                    continue
                ordered = [result for _, _, result in sorted(sets, key=lambda s: (s[0], s[1]))]
                if len(ordered) > MAX_SETS:
                    extra = len(ordered) - MAX_SETS
                    self.used -= extra
                    self.skipped[TOO_MANY_SETS] = self.skipped.get(TOO_MANY_SETS, 0) + extra
                    ordered = ordered[:MAX_SETS]
                exercises.append(ExerciseLog(exercise_id, tuple(ordered)))
            if not exercises:
                continue
            workouts += 1
            minutes += workout.minutes or 0
            week = day = None
            placed = _PLACED_NAME.fullmatch(workout.name.strip())
            if placed:
                w, d = int(placed.group(1)), int(placed.group(2))
                if 1 <= w <= MAX_WEEKS and 1 <= d <= MAX_SESSIONS_PER_WEEK:
                    week, day = w, d
            sessions.append(SessionLog(week, day, tuple(exercises), workout.start.date()))
            spent.append(workout.minutes or 0)
        if len(sessions) > MAX_LOGGED_SESSIONS:  # years of history: keep the latest ones
            cut = len(sessions) - MAX_LOGGED_SESSIONS
            dropped = sum(len(e.sets) for session in sessions[:cut] for e in session.exercises)
            self.used -= dropped
            self.skipped[TOO_MANY_WORKOUTS] = self.skipped.get(TOO_MANY_WORKOUTS, 0) + dropped
            workouts -= cut
            minutes -= sum(spent[:cut])
            sessions = sessions[cut:]
        unmatched = tuple(
            Unmatched(name, count, suggest_exercise(name, self.catalog))
            for name, count in self.unmatched.items()
        )
        report = ImportReport(
            format=self.format_id,
            rows=self.rows,
            used=self.used,
            sessions=len(sessions),
            workouts=workouts,
            minutes=minutes,
            skipped=tuple((r, n) for r, n in self.skipped.items() if n),
            kept=tuple(self.kept.items()),
            unmatched=unmatched,
            notes=tuple(self.notes),
            units=next(iter(self.units)) if len(self.units) == 1 else None,
        )
        return LogImport(tuple(sessions), report)


def _header_line(text: str) -> str:
    """The first line of a CSV text, without a byte-order mark (what ``sniff`` and ``_table`` read)."""
    return text.removeprefix("\ufeff").split("\n", 1)[0]


def _table(text: str, format_name: str) -> tuple[list[str], Iterator[list[str]]]:
    """The header (stripped) and the rows of a CSV text; ``,`` or ``;`` as the header shows."""
    text = text.removeprefix("\ufeff")
    first = _header_line(text)
    delimiter = ";" if first.count(";") > first.count(",") else ","
    import csv

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise ValidationError(f"text: empty, not a {format_name} export") from None
    except csv.Error as exc:
        raise ValidationError(
            f"text: the header is not readable CSV ({exc}), not a {format_name} export"
        ) from None
    return header, _rows(reader, len(header))


def _rows(reader: Iterator[list[str]], width: int) -> Iterator[list[str]]:
    """The rows of ``reader``; a row the csv module cannot read (a cell over its 128 KiB
    limit) comes as a row of unreadable cells, so the format skips and counts it."""
    import csv

    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            row = ["\ufffd"] * max(width, 1)
        yield row


def _columns(header: list[str]) -> dict[str, int]:
    return {name: index for index, name in enumerate(header)}


def _need(columns: dict[str, int], names: Sequence[str], format_name: str) -> None:
    missing = [name for name in names if name not in columns]
    if missing:
        raise ValidationError(
            f"text: not a {format_name} export: the header lacks {', '.join(missing)}"
        )


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _number(text: str) -> float | None:
    """A number cell: blank → ``None``; ``2,5`` → 2.5; raises :class:`_Bad` if unreadable."""
    if not text:
        return None
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise _Bad(UNREADABLE) from None
    if not math.isfinite(value) or value < 0:
        raise _Bad(UNREADABLE if not math.isfinite(value) else OUT_OF_RANGE)
    return value


def _kg(weight: float | None, factor: float) -> float | None:
    """A weight cell in kg: as written for kg, converted (to 1e-6 kg, as loads keep) for lb."""
    if weight is None:
        return None
    return weight if factor == 1.0 else round(weight * factor, 6)


def _whole(value: float | None, name: str, maximum: int) -> int | None:
    if value is None:
        return None
    rounded = round(value)
    if abs(rounded - value) > 1e-9 and name == "reps":
        raise _Bad(UNREADABLE)
    if rounded > maximum:
        raise _Bad(OUT_OF_RANGE)
    return int(rounded) if rounded > 0 else None


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d %b %Y, %H:%M",
    "%d %B %Y, %H:%M",
    "%b %d, %Y, %I:%M %p",
)


def _when(text: str) -> datetime.datetime:
    text = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return _in_range(datetime.datetime.strptime(text, pattern))
        except ValueError:
            continue
    try:  # ISO with seconds fractions or an offset: keep the local wall time
        return _in_range(datetime.datetime.fromisoformat(text).replace(tzinfo=None))
    except ValueError:
        raise _Bad(UNREADABLE) from None


def _session_dates() -> Date:
    """The dates a :class:`~hipdip.SessionLog` holds (its field's own check)."""
    dates = attrs.fields(SessionLog).date.validator
    assert isinstance(dates, Date)
    return dates


#: Looked up once, not for every row's date.
_SESSION_DATES = _session_dates()


def _in_range(when: datetime.datetime) -> datetime.datetime:
    """``when``, if its date is one a :class:`~hipdip.SessionLog` holds; else the row is skipped."""
    if not _SESSION_DATES.minimum <= when.date() <= _SESSION_DATES.maximum:  # year 1 or 9999
        raise _Bad(OUT_OF_RANGE)
    return when


#: A duration such as ``1h 5m``: ASCII digits only, at most 6 a part (a longer one is no
#: workout's — and ``int()`` refuses 4,300 digits: an attacker's review).
_DURATION = re.compile(
    r"(?:(\d{1,6})\s*h)?\s*(?:(\d{1,6})\s*m(?:in)?)?\s*(?:(\d{1,6})\s*s)?",
    re.IGNORECASE | re.ASCII,
)
#: A plain number such as ``3`` or ``2.5``, in ASCII digits (``str.isdigit`` takes ``²``).
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?", re.ASCII)


#: What a spreadsheet reads as the start of a formula in a cell (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guarded(text: str) -> str:
    """``text`` for a CSV cell a spreadsheet will not run as a formula: a leading ``'``
    before ``=``, ``+``, ``-``, ``@``, tab or carriage return (an attacker's review: a
    plugin exercise named ``=HYPERLINK(…)`` was written as is). :func:`_unguarded` reads it
    back.

    >>> _guarded("=HYPERLINK(1)"), _guarded("Clamshell")
    ("'=HYPERLINK(1)", 'Clamshell')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unguarded(text: str) -> str:
    """``text`` without the ``'`` that :func:`_guarded` (or a spreadsheet) put before a
    formula character.

    >>> _unguarded("'=HYPERLINK(1)"), _unguarded("'Tis")
    ('=HYPERLINK(1)', "'Tis")
    """
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def _set_order(text: str) -> float:
    """A Set Order cell as a number to sort by (``2``, ``2.``, ``２``); anything else
    (``²``, which ``str.isdigit`` takes and ``float`` refuses: an attacker's review)
    after every numbered set."""
    try:
        value = float(text)
    except ValueError:
        return 1e9
    return value if math.isfinite(value) else 1e9


#: The longest workout duration read (a day); a longer cell is unread, not summed into the
#: report (an attacker's re-check: 999999h was reported as 59,999,940 minutes).
_MAX_WORKOUT_MINUTES = 24 * 60


def _minutes(text: str, *, seconds: bool = False) -> int | None:
    """A workout duration: ``1h 5m`` / ``35m`` / ``1h`` / seconds (``seconds=True``) → minutes."""
    if not text:
        return None
    if seconds or _PLAIN_NUMBER.fullmatch(text):
        try:
            value = float(text)
        except ValueError:
            return None
        if not math.isfinite(value) or value < 0:  # NaN, inf, -300: no duration
            return None
        minutes = round(value / 60) if seconds else round(value)
    else:
        match = _DURATION.fullmatch(text.strip())
        if not match or not any(match.groups()):
            return None
        hours, mins, secs = (int(g) if g else 0 for g in match.groups())
        minutes = hours * 60 + mins + round(secs / 60)
    return minutes if minutes <= _MAX_WORKOUT_MINUTES else None


def _clock_seconds(text: str) -> float | None:
    """``0:01:05`` / ``01:05`` / ``65`` → seconds."""
    if not text:
        return None
    parts = text.split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise _Bad(UNREADABLE) from None
    if not all(math.isfinite(number) for number in numbers):
        raise _Bad(UNREADABLE)
    if any(number < 0 for number in numbers):
        raise _Bad(OUT_OF_RANGE)
    total = 0.0
    for number in numbers:
        total = total * 60 + number
    return total


#: Kilograms per unit, by the unit words a weight cell or header may give (any case).
_UNITS = {
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), KG_PER_LB),
    **dict.fromkeys(("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"), 1.0),
}


def _weight_factor(
    label: str, reader: _Reader, units: Units | None, *, where: str
) -> Callable[[str], float]:
    """How to turn a weight cell into kg, from a unit word (``kg``, ``lbs``; blank: unknown)."""
    word = label.strip().lower().rstrip(".")
    if word in _UNITS:
        factor = _UNITS[word]
        return lambda unit: factor
    if units is Units.IMPERIAL:
        return lambda unit: KG_PER_LB
    if units is None:
        reader.unitless(where)
    return lambda unit: 1.0


def _unit_factor(unit: str) -> float | None:
    """Kilograms per unit of a ``Weight Unit`` cell, ``None`` if blank; raises :class:`_Bad`
    for a unit it does not know (``st``, ``oz``: the row is skipped, not read as kg)."""
    word = unit.strip().lower().rstrip(".")
    if not word:
        return None
    factor = _UNITS.get(word)
    if factor is None:
        raise _Bad(UNREADABLE)
    return factor


def _row_factor(
    cell: str,
    default: float,
    reader: _Reader,
    units: Units | None,
    weight: float | None,
    *,
    app: str,
) -> float:
    """Kilograms per unit of a row's ``Weight Unit`` cell: its unit (:func:`_unit_factor`),
    or ``default`` when blank — read as a file with no unit column is, with the report's
    note when the row has a weight and no ``units`` were given."""
    unit = _unit_factor(cell)
    if unit is not None:
        return unit
    if weight and units is None:
        reader.unitless(f"a Weight Unit left blank in this {app} export")
    return default


# --------------------------------------------------------------------------- #
# Strong


class StrongCsv:
    """Strong's CSV export: read (every known header) and write (the ``;`` header with units)."""

    id = "strong_csv"
    name = "Strong (CSV export)"

    def sniff(self, text: str) -> bool:
        """A header naming ``Exercise Name`` and ``Set Order``."""
        first = _header_line(text)
        return "Exercise Name" in first and "Set Order" in first

    def read(self, text: str, *, catalog: Catalog, units: Units | None = None) -> LogImport:
        """Dated sessions, one per workout (same ``Date`` and ``Workout Name``)."""
        header, rows = _table(text, "Strong")
        cols = _columns(header)
        _need(cols, ("Date", "Exercise Name", "Set Order"), "Strong")
        reader = _Reader(self.id, catalog)
        weight_col = next(
            (
                cols[n]
                for n in ("Weight", "Weight (kg)", "Weight (lbs)", "Weight (lb)")
                if n in cols
            ),
            None,
        )
        unit_col = cols.get("Weight Unit")
        labelled = next(
            (n for n in ("Weight (kg)", "Weight (lbs)", "Weight (lb)") if n in cols), ""
        )
        label = labelled[labelled.find("(") + 1 : -1] if labelled else ""
        default = 1.0
        if unit_col is None and weight_col is not None:
            default = _weight_factor(label, reader, units, where="this Strong export")("")
        elif units is Units.IMPERIAL:
            default = KG_PER_LB
        duration_col = next((cols[n] for n in ("Duration", "Workout Duration") if n in cols), None)
        duration_sec_col = cols.get("Duration (sec)")
        date_col, name_col = cols["Date"], cols.get("Workout Name")
        exercise_col, order_col = cols["Exercise Name"], cols["Set Order"]
        reps_col, rpe_col = cols.get("Reps"), cols.get("RPE")
        seconds_col, notes_col = cols.get("Seconds"), cols.get("Notes")
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            reader.rows += 1
            order_text = _cell(row, order_col)
            kind = order_text.upper()
            if kind == "REST TIMER":
                reader.skip(REST_TIMER)
                continue
            if kind == "NOTE":
                reader.skip(NOTE_ROW)
                continue
            if kind == "W":
                reader.skip(WARM_UP)
                continue
            try:
                start = _when(_cell(row, date_col))
                exercise = reader.exercise(_cell(row, exercise_col))
                if exercise is None:
                    continue
                workout = reader.workout(start, _cell(row, name_col))
                if workout.minutes is None:
                    if duration_sec_col is not None:
                        workout.minutes = _minutes(_cell(row, duration_sec_col), seconds=True)
                    else:
                        workout.minutes = _minutes(_cell(row, duration_col))
                weight = _number(_cell(row, weight_col))
                factor = default
                if unit_col is not None:
                    factor = _row_factor(
                        _cell(row, unit_col), default, reader, units, weight, app="Strong"
                    )
                order = _set_order(order_text)
                reader.add(
                    workout,
                    exercise,
                    reps=_number(_cell(row, reps_col)),
                    seconds=_number(_cell(row, seconds_col)),
                    kg=_kg(weight, factor),
                    pounds=factor != 1.0,
                    rpe=_number(_cell(row, rpe_col)),
                    order=order,
                    note=_cell(row, notes_col),
                    failure=kind == "F",
                )
            except _Bad as bad:
                reader.skip(bad.reason)
                continue
            if kind == "D":
                reader.mark(DROP_SETS)
            elif kind == "F":
                reader.mark(FAILURE_SETS)
        return reader.finish()

    def write(self, log: TrainingLog, *, catalog: Catalog, units: Units = Units.METRIC) -> str:
        """``log`` as Strong's ``;``-delimited CSV (every session needs a date).

        Each session is a workout named ``hipdip week W day D`` (read back as
        that program session); bands are written in the set's note
        (``band: light knees``); RIR as ``RPE = 10 − RIR``.
        """
        import csv

        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(STRONG_HEADER)
        imperial = units is Units.IMPERIAL
        unit = "lbs" if imperial else "kg"
        per_day: dict[datetime.date, int] = {}
        for index, session in enumerate(log.sessions):
            if session.date is None:
                raise ValidationError(
                    f"sessions[{index}].date: Strong's CSV needs a date on every session (got None)"
                )
            count = per_day.get(session.date, 0)
            per_day[session.date] = count + 1
            hours, minutes = divmod(count, 60)
            stamp = f"{session.date.isoformat()} {hours:02d}:{minutes:02d}:00"
            if session.week is not None:
                workout = f"hipdip week {session.week} day {session.day}"
            else:
                workout = "hipdip session"
            for entry in session.exercises:
                exercise = catalog.exercises.get(entry.exercise)
                name = _guarded(exercise.name if exercise is not None else entry.exercise)
                for number, result in enumerate(entry.sets, start=1):
                    load = result.load
                    kg = load.kg if isinstance(load, Weight) else 0.0
                    weight = _pounds(kg) if imperial else kg
                    note = (
                        f"band: {load.tier.value} {load.placement.value}"
                        if isinstance(load, Band)
                        else ""
                    )
                    writer.writerow(
                        (
                            stamp,
                            workout,
                            name,
                            number,
                            _plain(weight),
                            unit,
                            result.reps or 0,
                            "" if result.rir is None else _plain(RPE_SCALE_TOP - result.rir),
                            "",
                            "",
                            result.hold_seconds or 0,
                            note,
                            "",
                            "0m",
                        )
                    )
        return out.getvalue()


def _pounds(kg: float) -> float:
    """``kg`` in lb with the fewest decimals that read back (:func:`_kg`) as the same ``kg``.

    >>> _pounds(2.267962), _pounds(2.5), _pounds(0.0)
    (5.0, 5.511557, 0.0)
    """
    exact = kg / KG_PER_LB
    for decimals in range(7):
        shown = round(exact, decimals)
        if _kg(shown, KG_PER_LB) == kg:
            return shown
    return exact


def _plain(value: float) -> str:
    """A number as written: ``2`` for 2.0, else the shortest exact form."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --------------------------------------------------------------------------- #
# Hevy


class HevyCsv:
    """Hevy's CSV export (``weight_kg`` or ``weight_lbs``)."""

    id = "hevy_csv"
    name = "Hevy (CSV export)"

    def sniff(self, text: str) -> bool:
        """A header naming ``exercise_title`` and ``set_index``."""
        first = _header_line(text)
        return "exercise_title" in first and "set_index" in first

    def read(self, text: str, *, catalog: Catalog, units: Units | None = None) -> LogImport:
        """Dated sessions, one per workout (same ``title`` and ``start_time``)."""
        header, rows = _table(text, "Hevy")
        cols = _columns(header)
        _need(cols, ("start_time", "exercise_title", "set_index"), "Hevy")
        reader = _Reader(self.id, catalog)
        weight_col: int | None
        if "weight_lbs" in cols:
            weight_col, factor = cols["weight_lbs"], KG_PER_LB
        else:
            weight_col, factor = cols.get("weight_kg"), 1.0
        title_col, start_col, end_col = cols.get("title"), cols["start_time"], cols.get("end_time")
        exercise_col, index_col = cols["exercise_title"], cols["set_index"]
        type_col, reps_col = cols.get("set_type"), cols.get("reps")
        seconds_col, rpe_col = cols.get("duration_seconds"), cols.get("rpe")
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            reader.rows += 1
            kind = _cell(row, type_col).lower()
            if kind in ("warmup", "warm_up", "warm-up"):
                reader.skip(WARM_UP)
                continue
            try:
                start = _when(_cell(row, start_col))
                exercise = reader.exercise(_cell(row, exercise_col))
                if exercise is None:
                    continue
                workout = reader.workout(start, _cell(row, title_col))
                end_text = _cell(row, end_col)
                if workout.minutes is None and end_text:
                    try:  # the workout's length only: a garbled end time keeps the set
                        end = _when(end_text)
                    except _Bad:
                        end = None
                    if end is not None:
                        workout.minutes = max(0, round((end - start).total_seconds() / 60))
                weight = _number(_cell(row, weight_col))
                position = _number(_cell(row, index_col))
                reader.add(
                    workout,
                    exercise,
                    reps=_number(_cell(row, reps_col)),
                    seconds=_number(_cell(row, seconds_col)),
                    kg=_kg(weight, factor),
                    pounds=factor != 1.0,
                    rpe=_number(_cell(row, rpe_col)),
                    order=position if position is not None else 1e9,
                    failure=kind == "failure",
                )
            except _Bad as bad:
                reader.skip(bad.reason)
                continue
            if kind == "dropset":
                reader.mark(DROP_SETS)
            elif kind == "failure":
                reader.mark(FAILURE_SETS)
        return reader.finish()


# --------------------------------------------------------------------------- #
# FitNotes


class FitNotesCsv:
    """FitNotes' spreadsheet export (``Weight (kgs)``/``(lbs)``, or ``Weight`` + ``Weight Unit``)."""

    id = "fitnotes_csv"
    name = "FitNotes (CSV export)"

    def sniff(self, text: str) -> bool:
        """A header naming ``Exercise`` and ``Category`` (and no ``Set Order``)."""
        first = _header_line(text)
        cells = {cell.strip().strip('"') for cell in re.split(r"[,;]", first)}
        return {"Date", "Exercise", "Category"} <= cells and "Set Order" not in cells

    def read(self, text: str, *, catalog: Catalog, units: Units | None = None) -> LogImport:
        """Dated sessions, one per date; sets in row order."""
        header, rows = _table(text, "FitNotes")
        cols = _columns(header)
        _need(cols, ("Date", "Exercise"), "FitNotes")
        reader = _Reader(self.id, catalog)
        unit_col = cols.get("Weight Unit")
        labelled = next((n for n in ("Weight (kgs)", "Weight (lbs)") if n in cols), None)
        weight_col: int | None
        if labelled is not None:
            weight_col = cols[labelled]
            default = KG_PER_LB if "lbs" in labelled else 1.0
        else:
            weight_col = cols.get("Weight")
            default = 1.0
            if unit_col is None and weight_col is not None:
                default = _weight_factor("", reader, units, where="this FitNotes export")("")
            elif units is Units.IMPERIAL:
                default = KG_PER_LB
        date_col, exercise_col = cols["Date"], cols["Exercise"]
        reps_col, time_col, comment_col = cols.get("Reps"), cols.get("Time"), cols.get("Comment")
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            reader.rows += 1
            try:
                start = _when(_cell(row, date_col))
                exercise = reader.exercise(_cell(row, exercise_col))
                if exercise is None:
                    continue
                workout = reader.workout(
                    datetime.datetime.combine(start.date(), datetime.time()), ""
                )
                weight = _number(_cell(row, weight_col))
                factor = default
                if unit_col is not None and labelled is None:
                    factor = _row_factor(
                        _cell(row, unit_col), default, reader, units, weight, app="FitNotes"
                    )
                reader.add(
                    workout,
                    exercise,
                    reps=_number(_cell(row, reps_col)),
                    seconds=_clock_seconds(_cell(row, time_col)),
                    kg=_kg(weight, factor),
                    pounds=factor != 1.0,
                    rpe=None,
                    order=float(reader.rows),
                    note=_cell(row, comment_col),
                )
            except _Bad as bad:
                reader.skip(bad.reason)
        return reader.finish()


STRONG_CSV = StrongCsv()
HEVY_CSV = HevyCsv()
FITNOTES_CSV = FitNotesCsv()
#: The built-in formats, in the order ``format="auto"`` tries them.
FORMATS: tuple[LogFormat, ...] = (STRONG_CSV, HEVY_CSV, FITNOTES_CSV)


@hookimpl
def hipdip_register_log_formats(register: Callable[[LogFormat], None]) -> None:
    """Register the built-in log formats."""
    for log_format in FORMATS:
        register(log_format)
