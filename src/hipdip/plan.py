"""The planner: profile → multi-week program.

:func:`plan_program` picks the exercises the profile can do, sets the weekly
gluteus medius volume inside the cited range for the person's experience,
fits every session into ``session_minutes``, adds a core block when anterior
pelvic tilt is high, and applies a periodization scheme week by week. It is
deterministic: the same inputs give the same program.

>>> import hipdip
>>> profile = hipdip.Profile(
...     sex="female", age=30,
...     body=hipdip.BodyComposition(weight_kg=65, height_cm=165),
...     experience="beginner", equipment=frozenset({"band"}),
...     days_per_week=3, session_minutes=30,
... )
>>> program = hipdip.plan_program(profile, weeks=8)
>>> len(program.weeks), len(program.weeks[0].sessions)
(8, 3)
>>> [week.index for week in program.weeks if week.deload]
[6]

How it works (every number is SCIENCE.md's or a documented *hipdip policy*):

1. **Candidates**: exercises that work gluteus medius (PRIMARY or SECONDARY),
   are not held isometrically, and that the person can do (equipment ⊆ the
   profile's, level ≤ the experience level: beginner 1, intermediate 2,
   advanced 3) and wants (not named by ``avoid``, not loading what a
   ``limitation`` leaves out: :mod:`hipdip.limitations`). One per ladder
   (:mod:`hipdip.ladders`): beginners start on the easiest rung,
   intermediate and advanced people on the hardest rung their level and
   equipment allow (band at the feet, cable abduction). Every exercise left
   out by ``avoid`` or a limitation is named, with the reason, in an INFO
   finding on :attr:`~hipdip.Program.findings`.
2. **Choice** (:mod:`hipdip.choice`): exercises the person can add load to
   with what they own first, gluteus medius PRIMARY before SECONDARY, %MVIC
   only between exercises of one study; the week covers a frontal-plane
   abduction, a weight-bearing one and, for beginners, a rotation-biased one.
3. **Volume**: weekly hard sets for gluteus medius (PRIMARY 1.0, SECONDARY
   0.5 per set) ramp from the bottom to the top of the experience range
   (beginner 8–12, intermediate 10–16, advanced 12–20; Schoenfeld, Ogborn &
   Krieger, 2017) across each block between deloads — a shorter block (the
   weeks after the last deload) at the pace of the longest, so it does not
   take the whole ramp in a week or two — scaled by the scheme's volume
   factor; at most 10 per session. A deload week has at most 60 % of
   the previous week's hard sets and RIR ≥ 3.
4. **Sessions**: 1–3 exercises per session, rotated across the week so days
   differ (for intermediate and advanced people who own loading equipment,
   past the roles the rotation holds the exercises that take load and one
   that does not); 2–4 sets per exercise (never a 1-set exercise: a day with too
   little work becomes a rest day). A day's first exercise that cannot hold
   its sets alone (a secondary one counts half) is joined by the day's next
   ones, so a day keeps its exercises as the weekly volume ramps. If the
   preferred exercises do not fit ``session_minutes``, the cheapest
   exercises per hard set top them up (or replace them when that holds
   more); when
   even that cannot hold the bottom of the range, the plan holds what fits
   with a ``minimum_dose`` WARNING on :attr:`~hipdip.Program.findings`
   saying how many minutes or days would hold it, and only below 4 hard sets
   a week is it refused with :class:`~hipdip.PlanningError`.
5. **Core block**: pelvic tilt above 18° (:data:`hipdip.body.HIGH_ANTERIOR_TILT_DEG`)
   adds one exercise of each core role — anti-extension, anti-lateral
   flexion, anti-rotation (:data:`hipdip.training.CORE_PATTERNS`: plank, side
   plank, bird-dog among the built-ins) — chosen from the catalogue by the
   same policy, so a plugin can add to each role; holds for the first two,
   reps with a 5 s hold at the top for anti-rotation work (McGill's
   protocol), 2 sets per session (≥ 4 sets a week). In a week below the
   gluteus medius range it gives way, session by session, as far as it
   takes to hold 4 hard sets and further while it keeps 4 core sets a week.
6. **Prescriptions**: the scheme's rep range and RIR; tempo ``2-0-1-1``
   (slow, controlled: 2 s lowering, 1 s lifting, 1 s squeeze at the top);
   holds 20–60 s; rest 60 s (isolation), 90 s (compound), 45 s (holds);
   starting load bodyweight, a band tier or a weight by experience.
7. **Checks**: every program rule runs; ERROR findings raise
   :class:`~hipdip.PlanningError` listing all of them, WARNING and INFO
   findings are kept on the program.
"""

from __future__ import annotations

import functools
import math
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from hipdip import metrics
from hipdip.body import HIGH_ANTERIOR_TILT_DEG
from hipdip.choice import can_add_load, order, roles
from hipdip.errors import PlanningError, PluginError, ValidationError, cap_problems
from hipdip.inputs import check_profile
from hipdip.ladders import Ladders, can_do, ladders
from hipdip.limitations import LIMITATIONS, ruled_out
from hipdip.loads import starting_load
from hipdip.models import (
    Bodyweight,
    Exercise,
    Experience,
    Finding,
    Hold,
    Load,
    Prescription,
    Profile,
    Program,
    Reps,
    Session,
    Severity,
    Week,
)
from hipdip.models._checks import MAX_TEXT
from hipdip.models.finding import MAX_FINDINGS, capped
from hipdip.models.profile import DAYS_PER_WEEK, SESSION_MINUTES
from hipdip.models.program import MAX_WEEKS, Target
from hipdip.registry import Catalog, catalog
from hipdip.training import (
    ABDUCTION_ROLES,
    BIRD_DOG_HOLD_SECONDS,
    CORE_PATTERNS,
    DEFAULT_HOLD,
    DEFAULT_REPS,
    DEFAULT_REPS_TEMPO,
    DELOAD_MAX_FRACTION,
    DELOAD_MIN_RIR,
    HOLD_PATTERNS,
    HOLD_TEMPO,
    MAX_SESSION_HARD_SETS,
    MIN_CORE_SETS_PER_WEEK,
    MIN_SETS_PER_EXERCISE,
    MIN_WEEKLY_HARD_SETS,
    TARGET_MUSCLE,
    WEEKLY_HARD_SETS,
    deload_after_training,
    deload_more_reps,
)

if TYPE_CHECKING:
    import pluggy

    from hipdip.protocols import ProgramRule, Scheme

__all__ = ["plan_program", "program_rule_order", "validate_program"]

#: hipdip policy: sets of one exercise in one session, and exercises per session.
MAX_SETS_PER_EXERCISE = 4
MAX_EXERCISES_PER_SESSION = 3
#: hipdip policy: the sets-per-exercise the planner aims for when choosing how
#: many exercises a session holds.
PREFERRED_SETS_PER_EXERCISE = 3

#: The core block for high anterior tilt (SCIENCE.md §Posture: ≥ 4 sets a
#: week, one exercise per role of :data:`hipdip.training.CORE_PATTERNS`); 2 sets
#: per session (hipdip policy).
CORE_SETS_PER_SESSION = 2
#: Holds of 20–60 s, reps tempo and hold tempo: :mod:`hipdip.training`.
HOLD_SECONDS = DEFAULT_HOLD
REPS_TEMPO = DEFAULT_REPS_TEMPO
REPS_TEMPO_SECONDS = sum(int(part) for part in REPS_TEMPO.split("-"))
#: Bird-dog in the core block: reps per side with a 5 s hold at the top,
#: lengthened to 10 s as it gets easy (McGill's protocol, SCIENCE.md §Training;
#: the 6–10 reps are hipdip policy).
CORE_REPS = Reps(6, 10)
CORE_REPS_TEMPO = f"2-0-2-{BIRD_DOG_HOLD_SECONDS[0]}"
#: Source of the minimum-dose warning (SCIENCE.md §Training).
MINIMUM_DOSE_SOURCE = (
    "Schoenfeld, Ogborn & Krieger, 2017, J Sports Sci (hipdip policy, the minimum dose: "
    "docs/science.md#training)"
)
#: hipdip policy: rest between sets.
REST_ISOLATION_SECONDS = 60
REST_COMPOUND_SECONDS = 90
REST_HOLD_SECONDS = 45
#: Movement patterns counted as compound (longer rest).
COMPOUND_PATTERNS = frozenset({"squat", "lunge", "hinge", "hip_extension", "step_up"})


def plan_program(
    profile: Profile,
    *,
    weeks: int = 8,
    scheme: str = "linear",
    pm: pluggy.PluginManager | None = None,
) -> Program:
    """Plan ``weeks`` weeks of gluteus medius/minimus training for ``profile``.

    ``scheme`` is a registered scheme id (``"linear"``, ``"dup"``,
    ``"block"`` or a plugin's); ``pm`` a plugin manager (default: the
    process-wide one).

    Raises :class:`~hipdip.ValidationError` for a bad argument or equipment
    the catalogue does not know (``equipment: unknown equipment id 'bands';
    did you mean 'band'?``), :class:`~hipdip.UnknownIdError` for an unknown
    scheme, and
    :class:`~hipdip.PlanningError` when the profile cannot be served (the
    message says what to change) or a program rule reports an ERROR.
    """
    if not isinstance(profile, Profile):
        raise ValidationError(f"profile: must be a Profile (got {type(profile).__name__})")
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            f"weeks: must be an integer between 1 and {MAX_WEEKS} (got {weeks!r})"
        )
    if not isinstance(scheme, str):
        raise ValidationError(f"scheme: must be a scheme id string (got {scheme!r})")
    cat = catalog(pm)
    check_profile(profile, cat)  # equipment and avoid: ids the catalogue knows
    scheme_obj = cat.scheme(scheme)
    planner = _Planner(
        profile, weeks, scheme, cat, _targets(cat, scheme_obj, scheme, weeks, profile)
    )
    program = planner.plan()
    findings = validate_program(program, pm=pm)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        lines = "; ".join(cap_problems(f"{f.rule}: {f.message}" for f in errors))
        rules = len({f.rule for f in errors})
        raise PlanningError(
            f"the planned program breaks {rules} rule(s) ({len(errors)} ERROR finding"
            f"{'s' if len(errors) != 1 else ''}): {lines}",
            errors,
        )
    if any(f.rule == "minimum_dose" for f in planner.findings):
        # the minimum-dose warning already names each short week
        findings = tuple(f for f in findings if f.rule != "weekly_volume")
    kept = capped((*planner.findings, *findings))
    return attrs.evolve(program, findings=kept) if kept else program


def validate_program(
    program: Program, *, pm: pluggy.PluginManager | None = None
) -> tuple[Finding, ...]:
    """Run every registered program rule over ``program`` and return all findings.

    Rules run in id order. A plugin's rule that raises, or yields something
    other than a :class:`~hipdip.Finding`, is skipped for this call: its
    findings are replaced by one WARNING saying so, and a
    :class:`~hipdip.HipdipPluginWarning` names the plugin, the rule and the
    exception (:meth:`hipdip.Catalog.rule_failed`; with
    ``HIPDIP_STRICT_PLUGINS=1`` a :class:`~hipdip.PluginError`). A built-in
    rule's failure is a bug and propagates.

    >>> import hipdip
    >>> profile = hipdip.Profile(sex="male", age=40, body=hipdip.BodyComposition(80, 180),
    ...                          experience="intermediate")
    >>> [f for f in validate_program(plan_program(profile)) if f.severity == "error"]
    []
    """
    if not isinstance(program, Program):
        raise ValidationError(f"program: must be a Program (got {type(program).__name__})")
    cat = catalog(pm)
    findings: list[Finding] = []
    for rule in program_rule_order(cat):
        rule_id = rule.id
        found: list[Finding] = []
        try:
            for finding in rule.check(program, cat):
                problem = None
                if not isinstance(finding, Finding):
                    problem = f"yielded {type(finding).__name__}, not a hipdip.Finding"
                elif finding.rule != rule_id:
                    # A plugin's finding under another rule's id (a built-in's "deload"
                    # ERROR) would blame that rule (an attacker's review).
                    problem = (
                        f"yielded a finding of rule {finding.rule!r}, not of its own id "
                        f"{rule_id!r} (give rule=self.id)"
                    )
                if problem is not None:
                    found = [cat.rule_failed("program_rules", rule_id, "check()", problem=problem)]
                    break
                if len(found) == MAX_FINDINGS:
                    # No more than a program holds: an endless generator stops here
                    # (an attacker's review: plan_program never returned).
                    found.append(
                        Finding(
                            rule_id,
                            Severity.WARNING,
                            f"program rule {rule_id!r} yielded more than {MAX_FINDINGS} "
                            "findings: the rest were not read",
                        )
                    )
                    break
                found.append(finding)
        except Exception as exc:
            found = [cat.rule_failed("program_rules", rule_id, "check()", error=exc)]
        findings.extend(found)
    return tuple(findings)


def program_rule_order(cat: Catalog) -> tuple[ProgramRule, ...]:
    """The program rules of ``cat`` in the order :func:`validate_program` runs them: by id.

    >>> from hipdip import catalog
    >>> from hipdip.plugins import make_plugin_manager
    >>> [rule.id for rule in program_rule_order(catalog(make_plugin_manager(entry_points=False)))][:2]
    ['core_block', 'deload']
    """
    return tuple(cat.program_rules[rule_id] for rule_id in sorted(cat.program_rules))


# --------------------------------------------------------------------------- #
# Scheme targets


def _targets(
    cat: Catalog, scheme: Scheme, scheme_id: str, weeks: int, profile: Profile
) -> tuple[tuple[Target, ...], ...]:
    days = profile.days_per_week
    out: list[tuple[Target, ...]] = []
    target_fn = scheme.target
    week = day = 0
    # One try around the loop (a context manager per call costs more than the
    # call); the note names the call that failed. A scheme cannot be skipped like
    # a rule: a plugin's failing scheme is a PluginError naming it (the plugin's
    # fault, not the input's), a built-in's propagates (a bug).
    call = "target()"
    try:
        for week in range(1, weeks + 1):
            row: list[Target] = []
            for day in range(1, days + 1):
                call = f"target({week}, {day}, weeks={weeks}, days_per_week={days})"
                target = target_fn(week, day, weeks=weeks, days_per_week=days)
                if not isinstance(target, Target):
                    problem = f"returned {type(target).__name__}, not a hipdip.protocols.Target"
                    raise _plugin_scheme_error(cat, scheme_id, call, problem)
                row.append(target)
            out.append(tuple(row))
    except PluginError:
        raise
    except Exception as exc:
        exc.add_note(f"in {call}")
        if cat.is_builtin("schemes", scheme_id):
            raise
        text = f"raised {type(exc).__name__}: {exc}"
        raise _plugin_scheme_error(cat, scheme_id, call, text) from exc
    # Deloads a plan cannot follow (SCIENCE.md §Training; SchemeContract says the same):
    # each deload is cut from the week before, so deloads in a row shrink to no hip
    # work (an attacker's review: every week a deload planned none from week 3).
    problem = deload_after_training([any(t.deload for t in row) for row in out])
    if problem is not None:
        text = (
            f"gave deload weeks a program cannot follow: {problem} (a deload cuts the week "
            "of training before it); plan with another scheme or tell the plugin's authors"
        )
        span = f"target(…, weeks={weeks}, days_per_week={days})"
        raise _plugin_scheme_error(cat, scheme_id, span, text)
    # A deload asking for a higher top than the week before trained is planned at that
    # week's widest range, as its RIR is raised to DELOAD_MIN_RIR: one step lighter the
    # lifter cannot do more reps further from failure (25–40 after 8–12 was logged as
    # misses of 13–16).
    while (more := deload_more_reps(out)) is not None:
        week, _day, most = more
        out[week - 1] = tuple(
            attrs.evolve(t, reps=most) if t.reps.high > most.high else t for t in out[week - 1]
        )
    return tuple(out)


def _plugin_scheme_error(cat: Catalog, scheme_id: str, call: str, text: str) -> Exception:
    """A scheme's failed ``call``: a PluginError naming the plugin (a TypeError for a built-in)."""
    if cat.is_builtin("schemes", scheme_id):
        return TypeError(f"scheme {scheme_id!r}: {call} {text}")
    info = cat.plugin_info("schemes", scheme_id)
    return PluginError.about(
        info, "hipdip_register_schemes", f"scheme {scheme_id!r}: {call} {text}"
    )


# --------------------------------------------------------------------------- #
# Candidate exercises


@attrs.frozen
class _Option:
    """A candidate exercise with what the planner needs to know about it."""

    exercise: Exercise
    units: int  # gluteus medius credit per set, in half sets (2 = PRIMARY, 1 = SECONDARY)
    rest: int
    load: Load
    #: Nothing to add: bodyweight work with no harder rung the person can climb to.
    fixed: bool = False

    @property
    def sets_per_step(self) -> int:
        """Sets added at a time: SECONDARY exercises in pairs, so credit stays whole."""
        return 1 if self.units == 2 else 2

    def seconds(self, sets: int, reps_high: int) -> int:
        """Estimated time of ``sets`` sets (as :func:`hipdip.metrics.prescription_seconds`)."""
        if self.fixed:  # served at least the isolation range (_Planner._prescription)
            reps_high = max(reps_high, DEFAULT_REPS.high)
        work = reps_high * REPS_TEMPO_SECONDS * (2 if self.exercise.unilateral else 1)
        return sets * (work + self.rest)


def _is_hold(exercise: Exercise) -> bool:
    return exercise.pattern in HOLD_PATTERNS


_OPTIONS: weakref.WeakKeyDictionary[Catalog, dict[tuple[object, ...], tuple[_Option, ...]]] = (
    weakref.WeakKeyDictionary()
)


def _options(cat: Catalog, profile: Profile) -> tuple[_Option, ...]:
    """The ranked glute candidates, one per ladder, role-covering ones first (cached)."""
    key = (profile.equipment, profile.experience, profile.avoid, profile.limitations, profile.units)
    cached = _OPTIONS.setdefault(cat, {})
    found = cached.get(key)
    if found is None:
        found = cached[key] = _choose(cat, profile)
    return found


def _is_glute_candidate(exercise: Exercise) -> bool:
    """Gluteus medius work the planner may choose: credited, not a hold, not a core role."""
    return (
        exercise.set_credit(TARGET_MUSCLE) > 0
        and not _is_hold(exercise)
        and exercise.pattern not in CORE_PATTERNS
    )


def _one_per_ladder(
    exercises: Iterable[Exercise], profile: Profile, lad: Ladders
) -> list[Exercise]:
    """The rung of each ladder ``profile`` starts on, among ``exercises`` it can do."""
    rungs: dict[str, Exercise] = {}
    for exercise in exercises:
        if not can_do(profile, exercise):
            continue
        group = lad.group(exercise.id)
        held = rungs.get(group)
        if held is None or _better_rung(exercise, held, lad, profile.experience):
            rungs[group] = exercise
    return list(rungs.values())


def _choose(cat: Catalog, profile: Profile) -> tuple[_Option, ...]:
    lad = ladders(cat)
    experience = profile.experience
    candidates = (e for e in cat.exercises.values() if _is_glute_candidate(e))
    ranked = order(_one_per_ladder(candidates, profile, lad), profile, cat)
    wanted = [role for role in ABDUCTION_ROLES if role != "rotation_biased"]
    if experience is Experience.BEGINNER:
        wanted.append("rotation_biased")
    covering: list[Exercise] = []
    for role in wanted:
        if any(role in roles(e) for e in covering):
            continue
        pick = next((e for e in ranked if role in roles(e) and e not in covering), None)
        if pick is not None:
            covering.append(pick)
    first = [e for e in ranked if e in covering]
    chosen = first + [e for e in ranked if e not in covering]
    return tuple(
        _Option(
            exercise=ex,
            units=round(ex.set_credit(TARGET_MUSCLE) * 2),
            rest=REST_COMPOUND_SECONDS
            if ex.pattern in COMPOUND_PATTERNS
            else REST_ISOLATION_SECONDS,
            load=starting_load(ex, experience, units=profile.units),
            fixed=not can_add_load(ex, profile, cat),
        )
        for ex in chosen
    )


def _most_sets(option: int, limit: Mapping[int, int] | None) -> int:
    """The most sets ``option`` may get in a session: the cap, or the week before's (a deload)."""
    if limit is None:
        return MAX_SETS_PER_EXERCISE
    return min(MAX_SETS_PER_EXERCISE, limit.get(option, 0))


def _better_rung(exercise: Exercise, held: Exercise, lad: Ladders, experience: Experience) -> bool:
    """Beginners: the easier rung; others: the harder one.

    Rungs as far up the ladder (two harder variants of one exercise: the
    machine and the standing cable after the ankle weight's cap) go by level
    the same way — an intermediate owning both starts on cable abduction, the
    level-2 one (SCIENCE.md §Training: the hardest rung their level and
    equipment allow) — then by the smaller id.
    """
    mine, theirs = lad.rung(exercise.id), lad.rung(held.id)
    if mine == theirs:
        mine, theirs = exercise.level, held.level
        if mine == theirs:
            return exercise.id < held.id
    return mine < theirs if experience is Experience.BEGINNER else mine > theirs


def _needs_core(profile: Profile) -> bool:
    tilt = profile.posture.pelvic_tilt_deg if profile.posture else None
    return tilt is not None and tilt > HIGH_ANTERIOR_TILT_DEG


def _core_block(cat: Catalog, profile: Profile) -> tuple[Exercise, ...]:
    """One exercise per core role (:data:`CORE_PATTERNS`), chosen like the glute exercises."""
    if not _needs_core(profile):
        return ()
    lad = ladders(cat)
    block = []
    for pattern in CORE_PATTERNS:
        role = (e for e in cat.exercises.values() if e.pattern == pattern)
        ranked = order(_one_per_ladder(role, profile, lad), profile, cat)
        if ranked:
            block.append(ranked[0])
    return tuple(block)


def _left_out(cat: Catalog, profile: Profile) -> tuple[Finding, ...]:
    """INFO findings naming each exercise ``avoid`` or a limitation left out, with the reason.

    Only exercises the planner would otherwise consider (glute candidates,
    and the core roles when the core block applies) that the person has the
    equipment and level for; one finding for ``avoid``, one per limitation.
    """
    if not (profile.avoid or profile.limitations):
        return ()
    core = _needs_core(profile)
    by_cause: dict[str, list[str]] = {}
    for exercise in cat.exercises.values():
        if not (_is_glute_candidate(exercise) or (core and exercise.pattern in CORE_PATTERNS)):
            continue
        if not exercise.equipment <= profile.equipment:
            continue
        if exercise.level > profile.experience.level:
            continue
        why = ruled_out(profile, exercise)
        if why is not None:
            detail = why.text if why.cause == "avoid" else "loads " + ", ".join(why.matched)
            by_cause.setdefault(why.cause, []).append(f"{exercise.name} ({exercise.id}, {detail})")
    findings = []
    for cause in sorted(by_cause):
        if cause == "avoid":
            head, tail, source = "Left out because the profile avoids them: ", ".", None
        else:
            limitation = LIMITATIONS[cause]
            head = f"Left out for {limitation.name} ({cause}): "
            tail, source = f". {limitation.reason}", limitation.source
        rule = "avoid" if cause == "avoid" else "limitations"
        # Every exercise named, in as many findings as the message limit needs.
        for names in _chunks(sorted(by_cause[cause]), MAX_TEXT - len(head) - len(tail)):
            message = f"{head}{names}{tail}"
            findings.append(
                Finding(rule=rule, severity=Severity.INFO, message=message, source=source)
            )
    return tuple(findings)


def _chunks(entries: Sequence[str], room: int) -> list[str]:
    """``entries`` joined by "; " into as few texts of at most ``room`` characters as fit.

    >>> _chunks(["a", "b", "c"], 100), _chunks(["aaaa", "bbbb", "cccc"], 10)
    (['a; b; c'], ['aaaa; bbbb', 'cccc'])
    """
    texts: list[str] = []
    current = ""
    for entry in entries:
        joined = f"{current}; {entry}" if current else entry
        if current and len(joined) > room:
            texts.append(current)
            joined = entry
        current = joined
    if current:
        texts.append(current)
    return texts


# --------------------------------------------------------------------------- #
# Building the program


@attrs.define
class _Fill:
    """Sets per option index for one session, and the credit units reached."""

    sets: dict[int, int]
    units: int


class _Planner:
    def __init__(
        self,
        profile: Profile,
        weeks: int,
        scheme: str,
        cat: Catalog,
        targets: tuple[tuple[Target, ...], ...],
    ) -> None:
        self.profile = profile
        self.weeks = weeks
        self.scheme = scheme
        self.cat = cat
        self.targets = targets
        self.days = profile.days_per_week
        self.low, self.high = WEEKLY_HARD_SETS[profile.experience]
        self.options = _options(cat, profile)
        self._credit: dict[str, float] = {}
        self._made: dict[tuple[object, ...], Prescription] = {}
        self.core = _core_block(cat, profile)
        self.budget = profile.session_minutes * 60 - metrics.WARM_UP_SECONDS
        self.findings: list[Finding] = list(_left_out(cat, profile))
        self._short_weeks: list[tuple[int, float]] = []
        self._core_left_out: list[int] = []  # weeks whose core block gave way to the minimum dose
        if not self.options:
            choices = ""
            if profile.avoid or profile.limitations:
                named = [*sorted(profile.avoid), *sorted(profile.limitations)]
                choices = f", avoid and limitations ({', '.join(named)})"
            raise PlanningError(
                "no exercise for gluteus medius fits this profile's equipment "
                f"({', '.join(sorted(profile.equipment)) or 'bodyweight only'}), experience "
                f"({profile.experience}){choices}; add equipment, avoid less, or check the "
                "installed plugins"
            )
        self.day_options = self._day_options()

    # -- exercise choice ---------------------------------------------------- #

    def _day_options(self) -> tuple[tuple[int, ...], ...]:
        """Option indexes per day: the top options rotated so days differ."""
        per_session = math.ceil(self.high / self.days)
        count = min(
            MAX_EXERCISES_PER_SESSION,
            len(self.options),
            max(1, math.ceil(per_session / PREFERRED_SETS_PER_EXERCISE)),
        )
        roles_wanted = 3 if self.profile.experience is Experience.BEGINNER else 2
        pool = min(len(self.options), max(count + 1, roles_wanted))
        loadable = sum(not option.fixed for option in self.options)
        if self.profile.experience is not Experience.BEGINNER and loadable:
            # Past the roles, the rotation holds the exercises that take load and one that
            # does not (SCIENCE.md §Training, exercise choice: load first; a rotation-
            # biased exercise is for beginners) — a coach's review: an advanced lifter
            # with a machine had it one day in three, 16 sets in five weeks against 41 of
            # bodyweight clamshells and fire hydrants.
            pool = min(pool, max(roles_wanted, loadable + 1))
            count = min(count, pool)
        return tuple(tuple((day + j) % pool for j in range(count)) for day in range(self.days))

    # -- volume ------------------------------------------------------------- #

    def plan(self) -> Program:
        deloads = [any(t.deload for t in row) for row in self.targets]
        blocks = self._block_positions(deloads)
        longest = max((length for _, length in blocks), default=1)
        weeks: list[Week] = []
        previous_units: int | None = None
        for index, row in enumerate(self.targets):
            week_no = index + 1
            if deloads[index]:
                before = previous_units if previous_units is not None else self.low * 2
                factor = min(DELOAD_MAX_FRACTION, min(t.volume_factor for t in row))
                wanted_units = 2 * math.floor(factor * before / 2)
                minimum_units = 0
            else:
                position, length = blocks[index]
                # At the pace of the longest run of training weeks: a shorter one (the 2
                # after an 8-week program's deload) ramps from the bottom, not to the top
                # in a week (10 → 16 hard sets; a coach's review).
                span = max(length, longest) - 1
                fraction = position / span if span > 0 else 0.0
                ramp = self.low + (self.high - self.low) * fraction
                factor = sum(t.volume_factor for t in row) / len(row)
                wanted_units = 2 * min(self.high, max(self.low, round(ramp * factor)))
                minimum_units = self.low * 2
            core = self._core_plan(wanted_units)
            # A deload week gives no exercise more sets than the week before did.
            caps = self._caps(weeks[-1]) if deloads[index] and weeks else None
            sessions, total_units = self._week_beside(week_no, row, wanted_units, core, caps)
            if total_units < minimum_units and any(item is not None for item in core):
                sessions, total_units = self._core_yields(
                    week_no, row, (wanted_units, minimum_units), core, (sessions, total_units)
                )
            if total_units < minimum_units:
                if total_units < 2 * MIN_WEEKLY_HARD_SETS:
                    raise PlanningError(self._too_little_time(week_no, total_units))
                self._short_weeks.append((week_no, total_units / 2))
            weeks.append(Week(index=week_no, sessions=sessions, deload=deloads[index]))
            previous_units = total_units
        if self._short_weeks:
            self.findings.append(self._shortfall())
        coverage = self._coverage(weeks)
        if coverage is not None:
            self.findings.append(coverage)
        return Program(weeks=tuple(weeks), scheme=self.scheme, profile=self.profile)

    def _coverage(self, weeks: list[Week]) -> Finding | None:
        """The ``role_coverage`` INFO: abduction roles no training week covers, though one could.

        SCIENCE.md §Training, exercise choice (3): the week covers the hip's
        abduction roles — after load that can be added and the gluteus medius
        role. Short sessions fill with the first choices, so a role can fall
        out; the person is told which, and what would cover it.
        """
        wanted = [role for role in ABDUCTION_ROLES if role != "rotation_biased"]
        if self.profile.experience is Experience.BEGINNER:
            wanted.append("rotation_biased")
        covered: set[str] = set()
        used: list[str] = []
        for week in weeks:
            if week.deload:
                continue
            for session in week.sessions:
                for item in session.items:
                    exercise = self.cat.exercises[item.exercise]
                    if exercise.pattern in CORE_PATTERNS:
                        continue
                    covered |= roles(exercise)
                    if exercise.name not in used:
                        used.append(exercise.name)
        missing = []
        for role in wanted:
            if role in covered:
                continue
            option = next((o.exercise for o in self.options if role in roles(o.exercise)), None)
            if option is not None:
                missing.append(f"{ABDUCTION_ROLES[role]} such as {option.name}")
        if not missing:
            return None
        p = self.profile
        return Finding(
            rule="role_coverage",
            severity=Severity.INFO,
            message=(
                f"No week has {', nor '.join(missing)}: {p.days_per_week} sessions of "
                f"{p.session_minutes} minutes hold only {' and '.join(used)}, chosen first "
                "(load you can add, then the gluteus medius role); longer sessions or more "
                "days make room for more exercises"
            ),
        )

    def _week_beside(
        self,
        week_no: int,
        row: tuple[Target, ...],
        wanted_units: int,
        core: tuple[Prescription | None, ...],
        caps: tuple[dict[int, int], ...] | None = None,
    ) -> tuple[tuple[Session, ...], int]:
        """The week's sessions with ``core`` in them, and the units reached (core included).

        ``caps``: per day, the most sets each option may get (:meth:`_caps`).
        """
        core_units = sum(self._units(item) for item in core if item is not None)
        glute_units = max(0, wanted_units - core_units)
        sessions, reached = self._week(week_no, row, glute_units, core, caps)
        return sessions, reached + core_units

    def _caps(self, week: Week) -> tuple[dict[int, int], ...]:
        """Per day, the sets of each option in ``week`` (the most a deload week may give it).

        A deload cuts volume (SCIENCE.md §Training: ≤ 60 % of the week before's
        hard sets); refilled from scratch, its fewer sets would gather on fewer
        exercises, one of them with more sets than the week before. Capped by
        the week before, each day keeps its exercises with fewer sets.
        """
        index = {option.exercise.id: i for i, option in enumerate(self.options)}
        caps: list[dict[int, int]] = []
        for session in week.sessions:
            day: dict[int, int] = {}
            for item in session.items:
                i = index.get(item.exercise)
                if i is not None:
                    day[i] = day.get(i, 0) + item.sets
            caps.append(day)
        return tuple(caps)

    def _core_yields(
        self,
        week_no: int,
        row: tuple[Target, ...],
        units: tuple[int, int],
        core: tuple[Prescription | None, ...],
        planned: tuple[tuple[Session, ...], int],
    ) -> tuple[tuple[Session, ...], int]:
        """The week with the core block left out of sessions that gluteus medius work needs.

        SCIENCE.md §Training (minimum dose): a program is refused only when
        fewer than 4 gluteus medius hard sets fit a week. The core block is
        added work, so in a week below its range it gives way, session by
        session (the items that count no gluteus medius first, the last days
        first): whatever it takes to hold 4 hard sets, and beyond that while
        it keeps :data:`~hipdip.training.MIN_CORE_SETS_PER_WEEK` sets (the
        ``core_block`` rule's floor) and the week is below its range. The
        ``minimum_dose`` warning says so. ``units`` is (wanted, bottom of the
        range) in half sets; ``planned`` is the week with the whole block.
        """
        wanted_units, minimum_units = units
        days = sorted(
            ((day, item) for day, item in enumerate(core) if item is not None),
            key=lambda pair: (self._units(pair[1]) > 0, -pair[0]),
        )
        fewer = list(core)
        best = planned if planned[1] >= 2 * MIN_WEEKLY_HARD_SETS else None
        for day, item in days:
            left = sum(i.sets for i in fewer if i is not None) - item.sets
            if best is not None and left < MIN_CORE_SETS_PER_WEEK:
                break
            fewer[day] = None
            sessions, total_units = self._week_beside(week_no, row, wanted_units, tuple(fewer))
            if total_units >= 2 * MIN_WEEKLY_HARD_SETS and (best is None or total_units > best[1]):
                best = sessions, total_units
            if best is not None and best[1] >= minimum_units:
                break
        if best is None:
            return planned
        if best is not planned:
            self._core_left_out.append(week_no)
        return best

    @staticmethod
    def _block_positions(deloads: Sequence[bool]) -> list[tuple[int, int]]:
        """(position, length) of each training week within its run of non-deload weeks."""
        out: list[tuple[int, int]] = [(0, 1)] * len(deloads)
        start = 0
        while start < len(deloads):
            if deloads[start]:
                start += 1
                continue
            end = start
            while end < len(deloads) and not deloads[end]:
                end += 1
            for i in range(start, end):
                out[i] = (i - start, end - start)
            start = end
        return out

    # -- sessions ----------------------------------------------------------- #

    def _week(
        self,
        week_no: int,
        row: tuple[Target, ...],
        glute_units: int,
        core: tuple[Prescription | None, ...],
        caps: tuple[dict[int, int], ...] | None = None,
    ) -> tuple[tuple[Session, ...], int]:
        shares = self._split(glute_units)
        limits = caps if caps is not None else (None,) * self.days
        fills: list[_Fill] = []
        carry = 0
        for day_index in range(self.days):
            budget = self.budget - self._seconds(core[day_index])
            need = min(shares[day_index] + carry, self._room(core[day_index]))
            fill = self._fill(day_index, need, budget, row[day_index].reps.high, limits[day_index])
            carry = shares[day_index] + carry - fill.units
            fills.append(fill)
        if carry > 0:  # give what did not fit to earlier days with room left
            for day_index in range(self.days):
                if carry <= 0:
                    break
                budget = self.budget - self._seconds(core[day_index])
                need = min(fills[day_index].units + carry, self._room(core[day_index]))
                fill = self._fill(
                    day_index, need, budget, row[day_index].reps.high, limits[day_index]
                )
                if fill.units > fills[day_index].units:
                    carry -= fill.units - fills[day_index].units
                    fills[day_index] = fill
        sessions = tuple(
            Session(
                week=week_no,
                day=day_index + 1,
                items=self._items(fills[day_index], row[day_index], core[day_index]),
            )
            for day_index in range(self.days)
        )
        return sessions, sum(f.units for f in fills)

    def _split(self, units: int) -> list[int]:
        """Split ``units`` (even) over the days in whole sets, earlier days first.

        A training day gets at least :data:`MIN_SETS_PER_EXERCISE` hard sets
        (never a 1-set session); when there are too few sets for every day,
        the training days are spread over the week and the others rest.
        """
        sets = units // 2
        active = min(self.days, sets // MIN_SETS_PER_EXERCISE) if sets else 0
        shares = [0] * self.days
        if active == 0:
            if sets:
                shares[0] = 2 * sets
            return shares
        base, extra = divmod(sets, active)
        days = [round(i * self.days / active) for i in range(active)]
        for n, day in enumerate(days):
            shares[day] = 2 * (base + (1 if n < extra else 0))
        return shares

    def _fill(
        self,
        day_index: int,
        need: int,
        budget: int,
        reps_high: int,
        limit: Mapping[int, int] | None = None,
    ) -> _Fill:
        """Sets per option reaching ``need`` units within ``budget`` seconds.

        First the day's preferred options round-robin; if they cannot reach
        ``need`` in time, the day's options and then the cheapest others, or
        the cheapest options alone when they hold more. An exercise
        never gets fewer than :data:`MIN_SETS_PER_EXERCISE` sets, nor more
        than ``limit`` allows it (a deload day: :meth:`_caps`).
        """
        if need <= 0:
            return _Fill({}, 0)
        # At least two sets per exercise where the session's sets allow it.
        options = self.day_options[day_index]
        order_ = options[: max(1, need // 4)]
        preferred = self._whole(self._round_robin(order_, need, budget, reps_high, limit))
        if preferred.units < need and len(order_) < len(options):
            # The day's next options before the cheapest of all: a secondary exercise that
            # cannot reach the day's sets alone keeps its place beside another (a coach's
            # review: a week of four side-lying days between weeks of three exercises).
            wider = self._whole(self._round_robin(options, need, budget, reps_high, limit))
            if wider.units > preferred.units:
                preferred = wider
        if preferred.units >= need:
            return preferred
        cheapest = self._cheapest_order(reps_high)
        fallback = self._whole(self._greedy(cheapest, need, budget, reps_high, limit))
        # The day's own exercises first, then the cheapest others, when that holds as much:
        # a day topped up keeps its exercises (a coach's re-review: an advanced kettlebell
        # owner's days fell to side-lying abduction, fire hydrants and clamshells in the
        # weeks whose sets the kettlebell and its partner could not hold alone).
        kept = [*options, *(i for i in cheapest if i not in options)]
        topped = self._whole(self._greedy(kept, need, budget, reps_high, limit))
        if topped.units >= min(need, fallback.units):
            fallback = topped
        return fallback if fallback.units > preferred.units else preferred

    def _whole(self, fill: _Fill) -> _Fill:
        """``fill`` without exercises left at fewer than the minimum sets."""
        kept = {i: n for i, n in fill.sets.items() if n >= MIN_SETS_PER_EXERCISE}
        if len(kept) == len(fill.sets):
            return fill
        units = sum(self.options[i].units * n for i, n in kept.items())
        return _Fill(kept, units)

    def _round_robin(
        self,
        order: Sequence[int],
        need: int,
        budget: int,
        reps_high: int,
        limit: Mapping[int, int] | None = None,
    ) -> _Fill:
        sets: dict[int, int] = {}
        units = spent = 0
        progress = True
        while units < need and progress:
            progress = False
            for i in order:
                option = self.options[i]
                step = option.sets_per_step
                if units >= need:
                    continue
                first = max(step, MIN_SETS_PER_EXERCISE) if i not in sets else step
                cost = option.seconds(first, reps_high)
                if (
                    sets.get(i, 0) + first > _most_sets(i, limit)
                    or spent + cost > budget
                    or units + option.units * first > need
                ):
                    continue
                sets[i] = sets.get(i, 0) + first
                units += option.units * first
                spent += cost
                progress = True
        return _Fill(sets, units)

    def _greedy(
        self,
        order: Sequence[int],
        need: int,
        budget: int,
        reps_high: int,
        limit: Mapping[int, int] | None = None,
    ) -> _Fill:
        sets: dict[int, int] = {}
        units = spent = 0
        for i in order:
            option = self.options[i]
            step = option.sets_per_step
            most = _most_sets(i, limit)
            while units < need and (i in sets or len(sets) < MAX_EXERCISES_PER_SESSION):
                add = step if i in sets else max(step, MIN_SETS_PER_EXERCISE)
                cost = option.seconds(add, reps_high)
                if (
                    sets.get(i, 0) + add > most
                    or spent + cost > budget
                    or units + option.units * add > need
                ):
                    break
                sets[i] = sets.get(i, 0) + add
                units += option.units * add
                spent += cost
        return _Fill(sets, units)

    def _items(
        self, fill: _Fill, target: Target, core_item: Prescription | None
    ) -> tuple[Prescription, ...]:
        rir = max(target.rir, DELOAD_MIN_RIR) if target.deload else target.rir
        items = [
            self._prescription(i, sets, target.reps, rir) for i, sets in sorted(fill.sets.items())
        ]
        if core_item is not None:
            items.append(core_item)
        return tuple(items)

    def _prescription(self, option: int, sets: int, reps: Reps, rir: int) -> Prescription:
        """The prescription for ``option``; equal ones are built once and shared (frozen)."""
        key = (option, sets, reps, rir)
        made = self._made.get(key)
        if made is None:
            chosen = self.options[option]
            if chosen.fixed and (reps.low < DEFAULT_REPS.low or reps.high < DEFAULT_REPS.high):
                # A heavy day's 8-12 at RIR 1 cannot be met with nothing to add: at
                # bodyweight no one is a rep from failure at 12 fire hydrants (a coach's
                # review: 24 of 30 DUP and block plans had such days; the engine then
                # raised the top, 8-19). The isolation range's default bounds it.
                reps = Reps(max(reps.low, DEFAULT_REPS.low), max(reps.high, DEFAULT_REPS.high))
            made = self._made[key] = Prescription(
                exercise=chosen.exercise.id,
                sets=sets,
                dose=reps,
                load=chosen.load,
                rir=rir,
                rest_seconds=chosen.rest,
                tempo=REPS_TEMPO,
            )
        return made

    # -- core block --------------------------------------------------------- #

    def _core_plan(self, wanted_units: int) -> tuple[Prescription | None, ...]:
        """The core-block item of each day (or ``None``), rotating plank / side plank / bird-dog.

        Core items that also count for gluteus medius (the side plank) are
        dropped when they alone would exceed the week's wanted hard sets
        (deload weeks). An item that alone takes longer than the session's
        minutes is left out (SCIENCE.md §Invariants 3).
        """
        if not self._core_items:
            return (None,) * self.days
        items: list[Prescription | None] = [
            self._core_items[day % len(self._core_items)] for day in range(self.days)
        ]
        free = self._core_items_without_credit
        for day in reversed(range(self.days)):
            if sum(self._units(i) for i in items if i is not None) <= wanted_units:
                break
            item = items[day]
            if item is not None and self._units(item) > 0:
                items[day] = free[day % len(free)] if free else None
        return tuple(
            i if i is not None and self._seconds(i) <= self.budget else None for i in items
        )

    @functools.cached_property
    def _core_items(self) -> tuple[Prescription, ...]:
        return tuple(_core_prescription(exercise) for exercise in self.core)

    @functools.cached_property
    def _core_items_without_credit(self) -> tuple[Prescription, ...]:
        return tuple(i for i in self._core_items if self._units(i) == 0)

    def _units(self, item: Prescription) -> int:
        """Gluteus medius credit of ``item`` in half sets."""
        credit = self._credit.get(item.exercise)
        if credit is None:
            credit = self._credit[item.exercise] = self.cat.exercises[item.exercise].set_credit(
                TARGET_MUSCLE
            )
        return round(item.sets * credit * 2)

    def _room(self, core_item: Prescription | None) -> int:
        """Units a session may still take beside its core item (≤ 10 hard sets in all)."""
        return MAX_SESSION_HARD_SETS * 2 - (self._units(core_item) if core_item is not None else 0)

    def _seconds(self, item: Prescription | None) -> int:
        if item is None:
            return 0
        return metrics.prescription_seconds(
            item, unilateral=self.cat.exercises[item.exercise].unilateral
        )

    # -- time ---------------------------------------------------------------- #

    def _shortfall(self) -> Finding:
        """The ``minimum_dose`` WARNING: which weeks fall short and what would hold the range."""
        p = self.profile
        weeks = ", ".join(f"week {w}: {n:g}" for w, n in self._short_weeks)
        return Finding(
            rule="minimum_dose",
            severity=Severity.WARNING,
            message=(
                f"{p.days_per_week} sessions of {p.session_minutes} minutes cannot hold the "
                f"{p.experience.value} range of {self.low}–{self.high} weekly gluteus medius "
                f"hard sets ({weeks}); fewer sets still grow muscle, just less — "
                + self._suggestion()
                + " to reach the range"
                + self._core_note()
            ),
            source=MINIMUM_DOSE_SOURCE,
        )

    def _core_note(self) -> str:
        """Where the core block gave way to the minimum dose (:meth:`_core_yields`), or ``""``."""
        if not self._core_left_out:
            return ""
        weeks = self._core_left_out
        span = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}–{weeks[-1]}"
        if len(weeks) != weeks[-1] - weeks[0] + 1:
            span = "weeks " + ", ".join(str(w) for w in weeks)
        return (
            f"; the core block is left out of some sessions of {span} so that at least "
            f"{MIN_WEEKLY_HARD_SETS} gluteus medius hard sets fit"
        )

    def _too_little_time(self, week_no: int, reached_units: int) -> str:
        p = self.profile
        head = (
            f"cannot fit even {MIN_WEEKLY_HARD_SETS} weekly gluteus medius hard sets (the "
            f"{p.experience} range is {self.low}–{self.high}) into {self.days} sessions of "
            f"{p.session_minutes} minutes: only {reached_units / 2:g} fit in week {week_no}"
        )
        return f"{head}; {self._suggestion()}."

    def _suggestion(self) -> str:
        options = []
        minutes = self._minutes_needed()
        if minutes is not None and minutes <= SESSION_MINUTES[1]:
            options.append(f"allow at least {minutes} minutes per session")
        days = self._days_needed()
        if days is not None and self.days < days <= DAYS_PER_WEEK[1]:
            options.append(f"train about {days} days per week")
        if not options:
            options.append(
                "no number of minutes or days within the limits is enough with the exercises "
                "this equipment allows: add equipment (e.g. a band)"
            )
        return " or ".join(options)

    def _cheapest_order(self, reps_high: int) -> list[int]:
        return sorted(
            range(len(self.options)),
            key=lambda i: (self.options[i].seconds(self.options[i].sets_per_step, reps_high), i),
        )

    def _minutes_needed(self) -> int | None:
        """Session minutes at which the bottom of the volume range fits every training week."""
        worst = 0
        core = self._core_plan(2 * self.low)
        core_units = sum(self._units(i) for i in core if i is not None)
        shares = self._split(max(0, 2 * self.low - core_units))
        for row in self.targets:
            if any(t.deload for t in row):
                continue
            for day in range(self.days):
                need = min(shares[day], self._room(core[day]))
                if need < shares[day]:
                    return None
                reps_high = row[day].reps.high
                fill = self._whole(
                    self._greedy(self._cheapest_order(reps_high), need, 10**9, reps_high)
                )
                if fill.units < need:
                    return None
                spent = sum(self.options[i].seconds(n, reps_high) for i, n in fill.sets.items())
                worst = max(worst, spent + self._seconds(core[day]))
        return math.ceil((metrics.WARM_UP_SECONDS + worst) / 60)

    def _days_needed(self) -> int | None:
        """Days per week at which the bottom of the range fits the current session length."""
        reps_high = max(t.reps.high for row in self.targets for t in row)
        core_cost = max((self._seconds(i) for i in self._core_items), default=0)
        fill = self._whole(
            self._greedy(
                self._cheapest_order(reps_high),
                MAX_SESSION_HARD_SETS * 2,
                self.budget - core_cost,
                reps_high,
            )
        )
        if fill.units == 0:
            return None
        return math.ceil(2 * self.low / fill.units)


def _core_prescription(exercise: Exercise) -> Prescription:
    """A core-block item: a 20–60 s hold, or reps with a hold at the top (bird-dog)."""
    if _is_hold(exercise):
        dose: Reps | Hold = HOLD_SECONDS
        tempo = HOLD_TEMPO
    else:
        dose = CORE_REPS
        tempo = CORE_REPS_TEMPO
    return Prescription(
        exercise=exercise.id,
        sets=CORE_SETS_PER_SESSION,
        dose=dose,
        load=Bodyweight(),
        rir=None,
        rest_seconds=REST_HOLD_SECONDS,
        tempo=tempo,
    )
