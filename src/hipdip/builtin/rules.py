"""Built-in program rules: SCIENCE.md §Invariants 1–5 as checks.

Each rule returns ERROR findings whose message names the week, day and
exercise concerned; :func:`hipdip.plan_program` refuses a program with any
ERROR, and :func:`hipdip.validate_program` lists them for programs built
elsewhere (an app's own, or a JSON upload).

==========================  ==========================================================
rule id                     checks
==========================  ==========================================================
``exercises_known``         every exercise exists in the catalogue (Invariant 1)
``equipment_available``     its equipment ⊆ the profile's (Invariant 1)
``experience_level``        its level ≤ the profile's experience (Invariant 1)
``profile_choices``         nothing the profile's ``avoid`` names or a ``limitation``
                            leaves out (:mod:`hipdip.limitations`)
``weekly_volume``           non-deload weeks: gluteus medius hard sets within the
                            experience range (Invariant 2); below it but ≥ 4 sets
                            a WARNING (minimum dose)
``session_volume``          ≤ 10 gluteus medius hard sets per session (Invariant 2)
``session_time``            estimated time ≤ ``session_minutes`` (Invariant 3)
``deload``                  a deload in every run of 6 weeks (programs ≥ 6 weeks); a
                            deload week has ≤ 60 % of the previous week's hard sets
                            and RIR ≥ 3 (Invariant 4)
``numbering``               weeks and sessions numbered 1.. without gaps; sessions per
                            week = ``days_per_week`` (Invariant 4)
``prescription_bounds``     reps 1–50, RIR 0–5, loads ≥ 0 (Invariant 5)
``load_limits``             each load is of its exercise's kind (a weight only on a
                            weight exercise, a band only on a band one) and a weight
                            at most the exercise's cap (:func:`hipdip.loads.load_problem`:
                            5 kg for ankle weights)
``core_block``              high anterior tilt (> 18°) has ≥ 4 core sets a week
                            (SCIENCE.md §Posture; WARNING)
==========================  ==========================================================

>>> from hipdip.builtin.rules import RULES
>>> sorted(rule.id for rule in RULES)[:3]
['core_block', 'deload', 'equipment_available']
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import attrs

from hipdip import metrics
from hipdip.body import HIGH_ANTERIOR_TILT_DEG
from hipdip.hookspecs import hookimpl
from hipdip.limitations import LIMITATIONS, ruled_out
from hipdip.loads import load_problem
from hipdip.models import Finding, Prescription, Program, Reps, Session, Severity, Weight
from hipdip.models.program import MAX_REPS, MAX_RIR
from hipdip.protocols import ProgramRule
from hipdip.training import (
    CORE_PATTERN_PREFIX,
    DELOAD_MAX_FRACTION,
    DELOAD_MIN_RIR,
    DELOAD_WINDOW_WEEKS,
    MAX_SESSION_HARD_SETS,
    MIN_CORE_SETS_PER_WEEK,
    MIN_WEEKLY_HARD_SETS,
    WEEKLY_HARD_SETS,
)

if TYPE_CHECKING:
    from hipdip.registry import Catalog

__all__ = ["RULES"]

SCIENCE_TRAINING = "hipdip policy (docs/science.md#training)"
VOLUME_SOURCE = (
    "Schoenfeld, Ogborn & Krieger, 2017, J Sports Sci (hipdip policy ranges: "
    "docs/science.md#training)"
)
DELOAD_SOURCE = "Rogerson et al., 2024, Sports Med Open (hipdip policy: docs/science.md#training)"
POSTURE_SOURCE = (
    "Preece et al., 2008, J Man Manip Ther; Walker et al., 1987, Phys Ther "
    "(hipdip policy: docs/science.md#posture)"
)


def _where(session: Session, item: Prescription | None = None) -> str:
    text = f"week {session.week} day {session.day}"
    return f"{text}, {item.exercise}" if item is not None else text


def _error(rule: str, message: str, source: str | None = SCIENCE_TRAINING) -> Finding:
    return Finding(rule=rule, severity=Severity.ERROR, message=message, source=source)


@attrs.frozen
class ExercisesKnown:
    """Every prescribed exercise exists in the catalogue."""

    id: str = "exercises_known"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        for session in program.sessions:
            for item in session.items:
                if item.exercise not in catalog.exercises:
                    yield _error(self.id, f"{_where(session, item)}: unknown exercise", None)


@attrs.frozen
class EquipmentAvailable:
    """Every exercise's equipment is a subset of the profile's."""

    id: str = "equipment_available"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        have = program.profile.equipment
        for session in program.sessions:
            for item in session.items:
                exercise = catalog.exercises.get(item.exercise)
                if exercise is not None and not exercise.equipment <= have:
                    missing = ", ".join(sorted(exercise.equipment - have))
                    yield _error(
                        self.id,
                        f"{_where(session, item)}: needs {missing}, which the profile lacks",
                    )


@attrs.frozen
class ExperienceLevel:
    """Every exercise's level is at most the profile's experience level."""

    id: str = "experience_level"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        level = program.profile.experience.level
        for session in program.sessions:
            for item in session.items:
                exercise = catalog.exercises.get(item.exercise)
                if exercise is not None and exercise.level > level:
                    yield _error(
                        self.id,
                        f"{_where(session, item)}: level {exercise.level} exercise for a "
                        f"{program.profile.experience} (level {level})",
                    )


@attrs.frozen
class ProfileChoices:
    """No exercise the profile avoids, or that loads what one of its limitations leaves out."""

    id: str = "profile_choices"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        profile = program.profile
        if not (profile.avoid or profile.limitations):
            return
        for session in program.sessions:
            for item in session.items:
                exercise = catalog.exercises.get(item.exercise)
                why = None if exercise is None else ruled_out(profile, exercise)
                if why is not None:
                    source = LIMITATIONS[why.cause].source if why.cause in LIMITATIONS else None
                    yield _error(
                        self.id,
                        f"{_where(session, item)}: left out for this person: {why.text}",
                        source,
                    )


@attrs.frozen
class WeeklyVolume:
    """Non-deload weeks: gluteus medius hard sets inside the experience range.

    Above the range, or below the 4-set minimum dose, is an ERROR; below the
    range but at least 4 sets is a WARNING (SCIENCE.md §Training, minimum
    dose: fewer sets still grow muscle, just less).
    """

    id: str = "weekly_volume"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        low, high = WEEKLY_HARD_SETS[program.profile.experience]
        for week in program.weeks:
            if week.deload:
                continue
            sets = metrics.week_hard_sets(week, catalog.exercises)
            if low <= sets <= high:
                continue
            message = (
                f"week {week.index}: {sets:g} gluteus medius hard sets, outside "
                f"{low}–{high} for a {program.profile.experience}"
            )
            if MIN_WEEKLY_HARD_SETS <= sets < low:
                yield Finding(
                    rule=self.id,
                    severity=Severity.WARNING,
                    message=f"{message} (at least {MIN_WEEKLY_HARD_SETS}: fewer sets still "
                    "grow muscle, just less)",
                    source=VOLUME_SOURCE,
                )
            else:
                yield _error(self.id, message, VOLUME_SOURCE)


@attrs.frozen
class SessionVolume:
    """At most 10 gluteus medius hard sets per session."""

    id: str = "session_volume"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        for session in program.sessions:
            sets = metrics.session_hard_sets(session, catalog.exercises)
            if sets > MAX_SESSION_HARD_SETS:
                yield _error(
                    self.id,
                    f"{_where(session)}: {sets:g} gluteus medius hard sets, more than "
                    f"{MAX_SESSION_HARD_SETS} per session",
                )


@attrs.frozen
class SessionTime:
    """Every session's estimated time fits ``session_minutes``."""

    id: str = "session_time"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        limit = program.profile.session_minutes
        for session in program.sessions:
            minutes = metrics.session_minutes(session, catalog.exercises)
            if minutes > limit:
                yield _error(
                    self.id,
                    f"{_where(session)}: estimated {minutes:.1f} minutes, more than {limit}",
                )


@attrs.frozen
class Deload:
    """Deload spacing, volume and effort."""

    id: str = "deload"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        weeks = program.weeks
        if len(weeks) >= DELOAD_WINDOW_WEEKS:
            for start in range(len(weeks) - DELOAD_WINDOW_WEEKS + 1):
                window = weeks[start : start + DELOAD_WINDOW_WEEKS]
                if not any(w.deload for w in window):
                    yield _error(
                        self.id,
                        f"weeks {window[0].index}–{window[-1].index}: no deload week in "
                        f"{DELOAD_WINDOW_WEEKS} consecutive weeks",
                        DELOAD_SOURCE,
                    )
                    break
        for previous, week in itertools.pairwise(weeks):
            if not week.deload:
                continue
            before = metrics.week_hard_sets(previous, catalog.exercises)
            now = metrics.week_hard_sets(week, catalog.exercises)
            if now > DELOAD_MAX_FRACTION * before + 1e-9:
                yield _error(
                    self.id,
                    f"week {week.index} (deload): {now:g} hard sets, more than 60 % of "
                    f"week {previous.index}'s {before:g}",
                    DELOAD_SOURCE,
                )
        for week in weeks:
            if not week.deload:
                continue
            for session in week.sessions:
                for item in session.items:
                    if item.rir is not None and item.rir < DELOAD_MIN_RIR:
                        yield _error(
                            self.id,
                            f"{_where(session, item)}: RIR {item.rir} in a deload week (needs ≥ {DELOAD_MIN_RIR})",
                            DELOAD_SOURCE,
                        )


@attrs.frozen
class Numbering:
    """Weeks and sessions numbered 1.. without gaps; ``days_per_week`` sessions a week."""

    id: str = "numbering"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        days = program.profile.days_per_week
        for position, week in enumerate(program.weeks, start=1):
            if week.index != position:
                yield _error(self.id, f"week {week.index} is in position {position}", None)
            if len(week.sessions) != days:
                yield _error(
                    self.id,
                    f"week {week.index}: {len(week.sessions)} sessions, the profile trains {days} days a week",
                    None,
                )
            for day, session in enumerate(week.sessions, start=1):
                if session.week != week.index or session.day != day:
                    yield _error(
                        self.id,
                        f"week {week.index}, session {day}: numbered week {session.week} day {session.day}",
                        None,
                    )


@attrs.frozen
class PrescriptionBounds:
    """Reps 1–50, RIR 0–5, loads ≥ 0 (the models enforce these; kept for hand-made objects)."""

    id: str = "prescription_bounds"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        for session in program.sessions:
            for item in session.items:
                dose = item.dose
                if isinstance(dose, Reps) and not 1 <= dose.low <= dose.high <= MAX_REPS:
                    yield _error(
                        self.id,
                        f"{_where(session, item)}: reps {dose.low}–{dose.high} outside 1–{MAX_REPS}",
                    )
                if item.rir is not None and not 0 <= item.rir <= MAX_RIR:
                    yield _error(
                        self.id, f"{_where(session, item)}: RIR {item.rir} outside 0–{MAX_RIR}"
                    )
                if isinstance(item.load, Weight) and item.load.kg < 0:
                    yield _error(self.id, f"{_where(session, item)}: negative load")


@attrs.frozen
class LoadLimits:
    """Each load is of its exercise's kind and within its cap (:func:`hipdip.loads.load_problem`)."""

    id: str = "load_limits"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        checked: dict[tuple[int, str], str | None] = {}  # planners share load objects
        for session in program.sessions:
            for item in session.items:
                exercise = catalog.exercises.get(item.exercise)
                if exercise is None:
                    continue  # exercises_known reports it
                key = (id(item.load), item.exercise)
                if key not in checked:
                    checked[key] = load_problem(item.load, exercise)
                problem = checked[key]
                if problem is not None:
                    yield _error(self.id, f"{_where(session, item)}: load {problem}")


@attrs.frozen
class CoreBlock:
    """High anterior pelvic tilt (> 18°): at least 4 core sets a week (WARNING)."""

    id: str = "core_block"

    def check(self, program: Program, catalog: Catalog) -> Iterator[Finding]:
        posture = program.profile.posture
        tilt = posture.pelvic_tilt_deg if posture else None
        if tilt is None or tilt <= HIGH_ANTERIOR_TILT_DEG:
            return
        for week in program.weeks:
            sets = sum(
                item.sets
                for session in week.sessions
                for item in session.items
                if (exercise := catalog.exercises.get(item.exercise)) is not None
                and exercise.pattern.startswith(CORE_PATTERN_PREFIX)
            )
            if sets < MIN_CORE_SETS_PER_WEEK:
                yield Finding(
                    rule=self.id,
                    severity=Severity.WARNING,
                    message=(
                        f"week {week.index}: {sets} core sets with a pelvic tilt of {tilt:g}° "
                        f"(> {HIGH_ANTERIOR_TILT_DEG:g}°); add planks, side planks or bird-dogs "
                        f"(≥ {MIN_CORE_SETS_PER_WEEK} sets a week)"
                    ),
                    source=POSTURE_SOURCE,
                )


RULES: tuple[ProgramRule, ...] = (
    ExercisesKnown(),
    EquipmentAvailable(),
    ExperienceLevel(),
    ProfileChoices(),
    WeeklyVolume(),
    SessionVolume(),
    SessionTime(),
    Deload(),
    Numbering(),
    PrescriptionBounds(),
    LoadLimits(),
    CoreBlock(),
)


@hookimpl
def hipdip_register_program_rules(register: Callable[[ProgramRule], None]) -> None:
    """Register the built-in program rules."""
    for rule in RULES:
        register(rule)
