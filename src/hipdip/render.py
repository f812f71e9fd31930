"""Markdown for people: programs, progress, nutrition plans and assessments.

:func:`to_markdown` is the text ``hipdip`` (the CLI) prints, public so that
apps can show the same words. The models keep unrounded numbers; this is the
only place they are rounded. The output is deterministic: the same object
gives the same text.

>>> import hipdip
>>> from hipdip.examples import example_profile
>>> from hipdip.plugins import make_plugin_manager
>>> from hipdip.render import to_markdown
>>> pm = make_plugin_manager(entry_points=False)  # built-ins only
>>> text = to_markdown(hipdip.plan_program(example_profile(), weeks=1, pm=pm), pm=pm)
>>> print(text.splitlines()[0])
# Hip program: 1 week, 3 days a week
>>> print(next(line for line in text.splitlines() if "Side-lying" in line))
| 1 · ≈ 20 min | Side-lying hip abduction with ankle weight | 3 × 10–20 per side | 1 kg ankle weight | 2 | 2-0-1-1 | 60 s |
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from hipdip import metrics
from hipdip.errors import ValidationError
from hipdip.loads import describe_load, load_phrase, weight_words
from hipdip.models import (
    Assessment,
    Decision,
    Exercise,
    Finding,
    Hold,
    NutritionPlan,
    Prescription,
    Profile,
    Program,
    Progress,
    Role,
    Session,
    Severity,
    TrainingLog,
    Units,
    Week,
)
from hipdip.models import _checks as c
from hipdip.registry import catalog
from hipdip.training import TARGET_MUSCLE

if TYPE_CHECKING:
    import pluggy

    from hipdip.order import RuleEntry
    from hipdip.plugins import PluginListing
    from hipdip.registry import Catalog

__all__ = [
    "describe_dose",
    "describe_load",
    "exercises_to_markdown",
    "plugins_to_markdown",
    "rules_to_markdown",
    "to_markdown",
]

#: What :func:`to_markdown` accepts.
RENDERABLE: tuple[type, ...] = (Program, Progress, NutritionPlan, Assessment, Decision, Finding)

_FACTOR_TITLES = {
    "bone_structure": "Bone structure",
    "muscle": "Muscle",
    "body_fat": "Body fat",
    "posture": "Posture",
}
_ACTION_WORDS = {
    "increase_load": "heavier load",
    "add_reps": "more reps",
    "next_band": "next band",
    "advance_exercise": "harder variant",
    "repeat": "repeat",
    "reduce_load": "lighter load",
    "deload": "deload",
}
_GOAL_WORDS = {
    "maintain": "maintain (energy at maintenance)",
    "lean_gain": "lean gain (a small surplus)",
    "recomposition": "recomposition (maintenance energy, more protein)",
    "fat_loss": "fat loss (a slow deficit)",
}
_SEVERITY_WORDS = {Severity.INFO: "Note", Severity.WARNING: "Warning", Severity.ERROR: "Error"}
_WEEK_HEADER = (
    "| Day | Exercise | Sets × reps | Load | RIR | Tempo | Rest |\n"
    "| --- | --- | --- | --- | --- | --- | --- |"
)
_HOW_TO_READ = (
    "How to read it: *sets × reps* (or seconds to hold); *per side* means each side in turn. "
    "*RIR* (reps in reserve) is how many more reps you could still do at the end of a set. "
    "*Tempo* is seconds lowering – pause – lifting – squeeze at the top: slow and "
    "controlled, form before load. *Hard sets* count the gluteus medius work of a week "
    "(1 per set where it is a prime mover, ½ where it assists). Session times include "
    "a 5-minute warm-up. A *deload* week is lighter on purpose, to recover."
)


def to_markdown(
    obj: object,
    *,
    pm: pluggy.PluginManager | None = None,
    log: TrainingLog | None = None,
    units: Units | str | None = None,
) -> str:
    """``obj`` as Markdown a person reads comfortably.

    * a :class:`~hipdip.Program`: its findings (a short time budget, …) as
      notes, then a week-by-week table (exercise, sets × reps or hold, load in
      words, RIR, tempo, rest), the estimated minutes of each session, the
      gluteus medius hard sets of each week, deloads marked;
    * a :class:`~hipdip.Progress`: its findings (plugin rules skipped) as
      notes, every decision with its reason, then the
      updated sessions — with ``log`` (the :class:`~hipdip.TrainingLog` given
      to :func:`hipdip.progress`; dated sessions are placed on the program as
      :func:`hipdip.logs.assign` places them) the decisions are grouped by logged session,
      the planned, logged and done-hard (RIR ≤ 4) gluteus medius sets of each
      logged week follow, and only the next week of sessions is shown; without
      it, the whole updated program;
    * a :class:`~hipdip.NutritionPlan`: energy and macros rounded for display,
      and the findings with their sources;
    * an :class:`~hipdip.Assessment`: the four factors, what can change and
      what cannot;
    * a :class:`~hipdip.Decision` or a :class:`~hipdip.Finding`: one short
      paragraph.

    ``pm`` is the plugin manager whose catalogue names the exercises (default:
    the process-wide one). ``units`` (``"metric"`` or ``"imperial"``) is how
    weights are shown: kg, or lb to a tenth of a pound; by default a program's
    or progress's ``profile.units``, and for a load without one, the grid the
    load is on (:func:`hipdip.loads.grid_units`). Anything else raises
    :class:`~hipdip.ValidationError` naming the argument.

    >>> from hipdip import Finding
    >>> print(to_markdown(Finding("fat_loss_floor", "warning", "No deficit below 21 % body fat.",
    ...                           source="hipdip policy")), end="")
    **Warning:** No deficit below 21 % body fat. *(rule `fat_loss_floor`; source: hipdip policy)*
    >>> to_markdown(42)
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: obj: to_markdown takes a Program, Progress, NutritionPlan, Assessment, Decision or Finding (got int)
    """
    if log is not None and not (isinstance(log, TrainingLog) and isinstance(obj, Progress)):
        raise ValidationError(
            "log: must be the TrainingLog of a Progress "
            f"(got {type(log).__name__} with {type(obj).__name__})"
        )
    chosen = None if units is None else c.enum_value(Units, "units", units)
    if isinstance(obj, Program):
        return _program(obj, catalog(pm), chosen or obj.profile.units)
    if isinstance(obj, Progress):
        if log is not None and any(s.week is None for s in log.sessions):
            from hipdip.logs import assign  # dated sessions: placed as progress() placed them

            log = assign(obj.program, log, pm=pm).log
        return _progress(obj, catalog(pm), log, chosen or obj.program.profile.units)
    if isinstance(obj, NutritionPlan):
        return _nutrition(obj, chosen)
    if isinstance(obj, Assessment):
        return _assessment(obj)
    if isinstance(obj, Decision):
        notes = [f"- {_finding(finding)}" for finding in obj.findings]
        return "\n".join([*_decision(obj, catalog(pm).exercises.get, chosen), *notes]) + "\n"
    if isinstance(obj, Finding):
        return _finding(obj) + "\n"
    names = ", ".join(cls.__name__ for cls in RENDERABLE[:-1])
    raise ValidationError(
        f"obj: to_markdown takes a {names} or {RENDERABLE[-1].__name__} (got {type(obj).__name__})"
    )


def describe_dose(item: Prescription, *, unilateral: bool = False) -> str:
    """Sets × reps (or hold) of a prescription.

    >>> from hipdip import Hold, Prescription, Reps
    >>> describe_dose(Prescription("clamshell", 3, Reps(10, 20)), unilateral=True)
    '3 × 10–20 per side'
    >>> describe_dose(Prescription("plank", 2, Hold(20, 60)))
    '2 × 20–60 s hold'
    """
    dose = item.dose
    if isinstance(dose, Hold):
        low, high, unit = dose.low_seconds, dose.high_seconds, " s hold"
    else:
        low, high, unit = dose.low, dose.high, ""
    amount = f"{low}{unit}" if low == high else f"{low}–{high}{unit}"
    side = " per side" if unilateral else ""
    return f"{item.sets} × {amount}{side}"


def exercises_to_markdown(
    exercises: Iterable[Exercise],
    *,
    equipment: Iterable[str] | None = None,
    muscle: str | None = None,
    catalog: Catalog | None = None,
) -> str:
    """Exercises, in the order given, as a Markdown table: what ``hipdip exercises`` prints.

    ``equipment`` and ``muscle`` say how the exercises were chosen (``hipdip
    exercises --equipment … --muscle …``): they make the title, and
    ``muscle`` replaces the primary muscles and ladder columns with the
    exercise's role for that muscle and its %MVIC with the source. With
    ``catalog`` the ladder column shows the ladder derived from every
    plugin's links, declared on either side (:meth:`Catalog.easier_variants`,
    :meth:`Catalog.harder_variants`: a plugin's harder variant of a built-in
    exercise shows in the built-in's row); without it, the exercise's own
    ``easier`` and ``harder``. The last
    column says where each record comes from and under which licence
    (``Exercise.source``, ``Exercise.license``), so imported data carries its
    terms.

    >>> import hipdip
    >>> exercises = hipdip.catalog().exercises
    >>> print(exercises_to_markdown([exercises["clamshell"]], equipment=()), end="")
    # Exercises with no equipment (1)
    <BLANKLINE>
    | id | Exercise | Works (primary) | Level | Equipment | Easier → harder | Source (licence) |
    | --- | --- | --- | --- | --- | --- | --- |
    | `clamshell` | Clamshell | gluteus_medius | 1 | none | — → banded_clamshell | hipdip built-in catalogue (MIT) |
    <BLANKLINE>
    Level: 1 beginner, 2 intermediate, 3 advanced.
    >>> text = exercises_to_markdown([exercises["glute_bridge"]], catalog=hipdip.catalog())
    >>> print(text.splitlines()[4].split(" | ")[5])
    — → banded_glute_bridge, hip_thrust, single_leg_glute_bridge
    """
    chosen = tuple(exercises)
    filters = []
    if equipment is not None:
        have = sorted(equipment)
        filters.append("with " + (", ".join(have) if have else "no equipment"))
    if muscle is not None:
        filters.append(f"working {muscle}")
    title = "# Exercises" + (f" {' and '.join(filters)}" if filters else "")
    lines = [f"{title} ({len(chosen)})", ""]
    if not chosen:
        return "\n".join([*lines, "No exercise matches."]) + "\n"
    if muscle is not None:
        lines += [
            f"| id | Exercise | Role for {muscle} | %MVIC (source) | Level | Equipment "
            "| Source (licence) |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for e in chosen:
            target = e.target(muscle)
            role = "—" if target is None else target.role.value
            if target is None or target.activation_mvic is None:
                mvic = "—"
            else:
                mvic = f"{target.activation_mvic:g}" + (
                    f" ({target.source})" if target.source else ""
                )
            lines.append(
                f"| `{e.id}` | {_text(e.name)} | {role} | {_text(mvic)} | "
                f"{e.level} | {_equipment_words(e)} | {_provenance(e)} |"
            )
    else:
        lines += [
            "| id | Exercise | Works (primary) | Level | Equipment | Easier → harder "
            "| Source (licence) |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for e in chosen:
            primary = ", ".join(t.muscle for t in e.targets if t.role is Role.PRIMARY) or "—"
            if catalog is None:
                ladder = f"{e.easier or '—'} → {e.harder or '—'}"
            else:
                easier = ", ".join(x.id for x in catalog.easier_variants(e.id))
                harder = ", ".join(x.id for x in catalog.harder_variants(e.id))
                ladder = f"{easier or '—'} → {harder or '—'}"
            lines.append(
                f"| `{e.id}` | {_text(e.name)} | {primary} | {e.level} | "
                f"{_equipment_words(e)} | {ladder} | {_provenance(e)} |"
            )
    lines += ["", "Level: 1 beginner, 2 intermediate, 3 advanced."]
    return "\n".join(lines) + "\n"


def _provenance(exercise: Exercise) -> str:
    """``source (license)``, either alone, or ``—``."""
    source, terms = exercise.source, exercise.license
    if source and terms:
        return _text(f"{source} ({terms})")
    return _text(source or terms or "—")


def plugins_to_markdown(listings: Iterable[PluginListing]) -> str:
    """Plugins and what each contributed, as Markdown: what ``hipdip plugins`` prints.

    ``listings`` come from :func:`hipdip.plugins.list_plugins`; broken plugins
    are listed after the table with the reason they were skipped.

    >>> from hipdip.plugins import list_plugins, make_plugin_manager
    >>> text = plugins_to_markdown(list_plugins(make_plugin_manager(entry_points=False)))
    >>> print(text.splitlines()[0])
    # Plugins: 7 working, 0 broken
    >>> print(text.splitlines()[4])  # doctest: +ELLIPSIS
    | `hipdip.builtin.muscles` | hipdip 0.1.0 | ... muscles: gluteus_medius, gluteus_minimus, ... |
    """
    listings = tuple(listings)
    working = [listing for listing in listings if listing.error is None]
    broken = [listing for listing in listings if listing.error is not None]
    lines = [
        f"# Plugins: {len(working)} working, {len(broken)} broken",
        "",
        "| Plugin | Distribution | Contributed |",
        "| --- | --- | --- |",
    ]
    for listing in working:
        lines.append(
            f"| `{listing.name}` | {_dist(listing.distribution, listing.version)} | "
            f"{_contributions(listing.contributions)} |"
        )
    if broken:
        lines += ["", "## Broken plugins (skipped)", ""]
        for listing in broken:
            lines.append(
                f"- `{listing.name}` ({_dist(listing.distribution, listing.version)}): "
                f"{_no_html(str(listing.error))}"
            )
    return "\n".join(lines) + "\n"


def rules_to_markdown(entries: Iterable[RuleEntry]) -> str:
    """Every rule in the order its engine uses it, with its plugin: what ``hipdip plugins --order`` prints.

    ``entries`` come from :func:`hipdip.order.rule_order`.

    >>> from hipdip.order import rule_order
    >>> from hipdip.plugins import make_plugin_manager
    >>> text = rules_to_markdown(rule_order(make_plugin_manager(entry_points=False)))
    >>> print(text.splitlines()[0])
    # Rules in the order they run
    >>> print(text.splitlines()[6])
    | 1 | `break` | 3 | `hipdip.builtin.progression` (hipdip 0.1.0) |
    """
    from hipdip.order import HOW

    by_kind: dict[str, list[RuleEntry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    lines = ["# Rules in the order they run"]
    for kind, group in by_kind.items():
        title = kind.replace("_", " ").capitalize()
        lines += ["", f"## {title}: {HOW.get(kind, '')}", ""]
        lines += ["| # | Rule | Priority | Plugin |", "| --- | --- | --- | --- |"]
        for e in group:
            priority = "—" if e.priority is None else str(e.priority)
            if e.fixed:
                priority = "— (safety: always last)"
            lines.append(
                f"| {e.position} | `{e.id}` | {priority} | `{e.plugin}` "
                f"({_dist(e.distribution, e.version)}) |"
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- #
# Programs


Lookup = Callable[[str], Exercise | None]


def _program(program: Program, cat: Catalog, units: Units) -> str:
    weeks = len(program.weeks)
    days = max(len(week.sessions) for week in program.weeks)
    lines = [
        f"# Hip program: {_plural(weeks, 'week')}, {_plural(days, 'day')} a week",
        "",
        _program_summary(program, cat),
        "",
        _HOW_TO_READ,
    ]
    if program.findings:
        lines += ["", "## Notes", ""]
        lines += [f"- {_finding(finding)}" for finding in program.findings]
    rows = _Rows(cat.exercises.get, units)
    for week in program.weeks:
        lines.append("")
        _week(lines, week, week.sessions, rows)
    return "\n".join(lines) + "\n"


def _program_summary(program: Program, cat: Catalog) -> str:
    profile = program.profile
    scheme = cat.schemes.get(program.scheme)
    scheme_name = f"{_text(scheme.name)} (`{program.scheme}`)" if scheme else f"`{program.scheme}`"
    text = (
        f"Scheme: {scheme_name} · For: {_who(profile)} · "
        f"{profile.days_per_week} sessions a week of at most {profile.session_minutes} min · "
        f"Equipment: {_equipment(profile.equipment)}"
    )
    if profile.avoid:
        text += f" · Avoids: {', '.join(sorted(profile.avoid))}"
    if profile.limitations:
        text += f" · Limitations: {', '.join(sorted(profile.limitations)).replace('_', ' ')}"
    return text


def _who(profile: Profile) -> str:
    return f"{profile.sex.value}, {profile.age} years, {profile.experience.value}"


def _equipment(equipment: Iterable[str]) -> str:
    names = sorted(equipment)
    return ", ".join(name.replace("_", " ") for name in names) if names else "none (bodyweight)"


class _Rows:
    """Table rows, seconds and hard sets of prescriptions, computed once per object.

    Keyed by the prescription's plain fields and the ``id`` of its dose and
    load (the planner shares those objects, and the program outlives the
    render call, so the ids are stable meanwhile): hashing the nested frozen
    models would cost more than rendering them.
    """

    __slots__ = ("_exercises", "_items", "_loads", "_lookup", "units")

    def __init__(self, lookup: Lookup, units: Units | None = None) -> None:
        self._lookup = lookup
        self.units = units
        self._exercises: dict[str, Exercise | None] = {}
        self._items: dict[tuple[object, ...], tuple[str, int, float]] = {}
        self._loads: dict[tuple[int, str], str] = {}

    def exercise(self, exercise_id: str) -> Exercise | None:
        try:
            return self._exercises[exercise_id]
        except KeyError:
            found = self._exercises[exercise_id] = self._lookup(exercise_id)
            return found

    def item(self, item: Prescription) -> tuple[str, int, float]:
        """``(row, seconds, gluteus medius hard sets)`` of ``item``."""
        key = (
            item.exercise,
            item.sets,
            id(item.dose),
            id(item.load),
            item.rir,
            item.rest_seconds,
            item.tempo,
        )
        try:
            return self._items[key]
        except KeyError:
            pass
        exercise = self.exercise(item.exercise)
        unilateral = exercise is not None and exercise.unilateral
        credit = 0.0 if exercise is None else item.sets * exercise.set_credit(TARGET_MUSCLE)
        seconds = metrics.prescription_seconds(item, unilateral=unilateral)
        found = self._items[key] = (self._row(item, exercise, unilateral), seconds, credit)
        return found

    def _row(self, item: Prescription, exercise: Exercise | None, unilateral: bool) -> str:
        name = _text(exercise.name) if exercise is not None else f"`{item.exercise}`"
        hold = isinstance(item.dose, Hold)
        rir = "—" if item.rir is None else str(item.rir)
        tempo = "—" if hold and item.tempo == "0-0-0-0" else item.tempo
        key = (id(item.load), item.exercise)
        load = self._loads.get(key)
        if load is None:
            load = self._loads[key] = _text(describe_load(item.load, exercise, units=self.units))
        return (
            f"| {name} | {describe_dose(item, unilateral=unilateral)} | "
            f"{load} | {rir} | {tempo} | {item.rest_seconds} s |"
        )


def _week(lines: list[str], week: Week, sessions: Sequence[Session], rows: _Rows) -> None:
    """A week's heading and table (of ``sessions``; the hard sets count the whole week)."""
    body: list[str] = []
    hard_sets = 0.0
    shown = {id(session) for session in sessions}
    for session in week.sessions:
        seconds = metrics.WARM_UP_SECONDS
        first = len(body)
        for item in session.items:
            row, item_seconds, credit = rows.item(item)
            seconds += item_seconds
            hard_sets += credit
            body.append(row)
        if id(session) not in shown:
            del body[first:]
            continue
        if first == len(body):
            body.append(f"| {session.day} | nothing planned (rest) | | | | | |")
            continue
        day = f"{session.day} · ≈ {math.ceil(seconds / 60)} min"
        body[first] = f"| {day} {body[first]}"
        for index in range(first + 1, len(body)):
            body[index] = f"|  {body[index]}"
    deload = " · deload" if week.deload else ""
    lines.append(f"## Week {week.index}{deload} · {_number(hard_sets)} hard sets")
    lines.append("")
    if week.deload:
        lines.append("Deload week: fewer sets and easier effort, to recover before the next block.")
        lines.append("")
    if not body:
        lines.append("No sessions.")
        return
    lines.append(_WEEK_HEADER)
    lines.extend(body)


# --------------------------------------------------------------------------- #
# Progress


def _progress(progress: Progress, cat: Catalog, log: TrainingLog | None, units: Units) -> str:
    rows = _Rows(cat.exercises.get, units)
    lookup = rows.exercise
    decisions = progress.decisions
    lines = [f"# Progress: {_plural(len(decisions), 'decision')}", ""]
    if progress.findings:
        lines += ["## Notes", ""]
        lines += [f"- {_finding(finding)}" for finding in progress.findings]
        lines.append("")
    if not decisions:
        lines += ["Nothing was logged, so the program stays as planned.", ""]
    groups = _groups(decisions, log)
    for title, group in groups:
        if title:
            lines += [f"## {title}", ""]
        for decision in group:
            item = _decision(decision, lookup, units)
            lines.append(f"- {item[0]}")
            lines.extend(f"  {line}" if line else "" for line in item[1:])
        lines.append("")
    program = progress.program
    if log is not None and log.sessions:
        lines += _done_volume(program, log, cat)
    if log is None:
        lines += ["The updated program follows.", ""]
        for week in program.weeks:
            _week(lines, week, week.sessions, rows)
            lines.append("")
    else:
        upcoming = _upcoming(program, log)
        if upcoming:
            lines += ["Next up, with these decisions applied:", ""]
        else:
            lines += ["The program is complete: no sessions are left.", ""]
        for week, sessions in upcoming:
            _week(lines, week, sessions, rows)
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _done_volume(program: Program, log: TrainingLog, cat: Catalog) -> list[str]:
    """Planned gluteus medius hard sets per logged week beside those done (RIR ≤ 4)."""
    weeks = {session.week for session in log.sessions}
    rows = [v for v in metrics.weekly_volume(program, log, cat.exercises) if v.week in weeks]
    lines = [
        "## Done volume",
        "",
        "Gluteus medius hard sets: planned, logged, and done hard — logged at RIR ≤ 4 "
        "(a set logged without RIR does not count; a hold, which has none, counts when "
        "held for its prescribed time).",
        "",
        "| Week | Planned | Logged | Done hard (RIR ≤ 4) |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        week = f"{row.week} (deload)" if row.deload else str(row.week)
        lines.append(
            f"| {week} | {_number(row.planned)} | {_number(row.logged)} | {_number(row.done)} |"
        )
    return [*lines, ""]


def _groups(
    decisions: Sequence[Decision], log: TrainingLog | None
) -> list[tuple[str, Sequence[Decision]]]:
    """Decisions grouped by the logged session they came from (when the log fits them)."""
    if log is None:
        return [("", decisions)] if decisions else []
    counts = [len(session.exercises) for session in log.sessions]
    if sum(counts) != len(decisions):
        return [("", decisions)] if decisions else []
    groups: list[tuple[str, Sequence[Decision]]] = []
    start = 0
    for session, count in zip(log.sessions, counts, strict=True):
        if count:
            title = f"Week {session.week}, day {session.day} (logged)"
            groups.append((title, decisions[start : start + count]))
        start += count
    return groups


def _upcoming(program: Program, log: TrainingLog) -> list[tuple[Week, tuple[Session, ...]]]:
    """The next ``days_per_week`` sessions after the last logged one, by week."""
    logged = [(s.week, s.day) for s in log.sessions]
    last = max(logged) if logged else (0, 0)
    count = max(len(week.sessions) for week in program.weeks)
    out: list[tuple[Week, tuple[Session, ...]]] = []
    for week in program.weeks:
        chosen = tuple(s for s in week.sessions if (s.week, s.day) > last)[:count]
        if chosen:
            out.append((week, chosen))
            count -= len(chosen)
        if count <= 0:
            break
    return out


def _decision(decision: Decision, lookup: Lookup, units: Units | None = None) -> list[str]:
    before, after = decision.before, decision.after
    old = lookup(before.exercise)
    new = lookup(after.exercise) if after.exercise != before.exercise else old
    name = _exercise_name(before.exercise, old)
    action = _ACTION_WORDS.get(decision.action.value, decision.action.value)
    if isinstance(before.dose, Hold) and decision.action.value == "add_reps":
        action = "longer hold"
    was = _prescribed(before, old, units)
    now = _prescribed(after, new, units)
    if after.exercise != before.exercise:
        now = f"{_exercise_name(after.exercise, new)}: {now}"
    change = f"{was} → {now}" if now != was else f"keep {was}"
    return [
        f"**{name}: {action}** — {change}.",
        f"Why: {_no_html(decision.reason.rstrip('.'))}. *(rule `{decision.rule}`)*",
    ]


def _prescribed(item: Prescription, exercise: Exercise | None, units: Units | None) -> str:
    unilateral = exercise is not None and exercise.unilateral
    phrase = load_phrase(item.load, exercise, units=units)
    return f"{describe_dose(item, unilateral=unilateral)} {phrase}"


def _exercise_name(exercise_id: str, exercise: Exercise | None) -> str:
    return _no_html(exercise.name) if exercise is not None else f"`{exercise_id}`"


# --------------------------------------------------------------------------- #
# Nutrition


def _nutrition(plan: NutritionPlan, units: Units | None) -> str:
    target = plan.target_kcal
    lines = ["# Daily nutrition targets", ""]
    if plan.goal is not None:
        lines += [f"Goal applied: {_GOAL_WORDS.get(plan.goal.value, plan.goal.value)}.", ""]
    lines += [
        "| | per day |",
        "| --- | ---: |",
        f"| Energy | {_kcal(target)} |",
        f"| Protein | {_grams(plan.protein_g)} |",
        f"| Fat | {_grams(plan.fat_g)} |",
        f"| Carbohydrate | {_grams(plan.carbs_g)} |",
        "",
        f"Maintenance energy (TDEE): {_kcal(plan.tdee_kcal)} a day · resting energy (BMR): "
        f"{_kcal(plan.bmr_kcal)} a day · {_change(plan.weekly_change_kg, units)}.",
    ]
    shares = _energy_shares(plan)
    if shares:
        lines += ["", shares]
    # The story: what still holds. A note whose values a later rule replaced stays in
    # plan.findings (the trail) but is not printed as if it were the answer. A warning is
    # always printed (a screen that fired stays visible), marked when a later rule
    # changed its values again.
    story = [f for f in plan.findings if f.replaced_by is None]
    warnings = [f for f in plan.findings if f.severity is not Severity.INFO]
    notes = [f for f in story if f.severity is Severity.INFO]
    if warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {_finding(f)}" for f in warnings]
    if notes:
        lines += ["", "## How the numbers were worked out", ""]
        lines += [f"- {_finding(f)}" for f in notes]
    replaced = _unique(
        f"`{f.rule}` (replaced by `{f.replaced_by}`)"
        for f in plan.findings
        if f.replaced_by and f.severity is Severity.INFO
    )
    if replaced:
        lines += [
            "",
            f"Values replaced along the way (kept in the plan's findings): {', '.join(replaced)}.",
        ]
    if plan.applied_rules:
        rules = " → ".join(f"`{rule}`" for rule in plan.applied_rules)
        lines += ["", f"Rules applied, in order: {rules}."]
    return "\n".join(lines) + "\n"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _energy_shares(plan: NutritionPlan) -> str:
    total = plan.macro_kcal
    if total <= 0:
        return ""
    protein = 400.0 * plan.protein_g / total
    fat = 900.0 * plan.fat_g / total
    carbs = 400.0 * plan.carbs_g / total
    return (
        f"Energy from protein {protein:.0f} %, fat {fat:.0f} %, carbohydrate {carbs:.0f} % "
        "(4 kcal/g protein and carbohydrate, 9 kcal/g fat)."
    )


def _change(kg: float, units: Units | None = None) -> str:
    if round(kg, 2) == 0:
        return "expected weight change: none (maintenance)"
    way = "loss" if kg < 0 else "gain"
    if units is Units.IMPERIAL:
        return f"expected weight change: {weight_words(abs(kg), units)} {way} a week"
    return f"expected weight change: {abs(kg):.2f} kg {way} a week"


def _kcal(value: float) -> str:
    return f"{round(value):,} kcal"


def _grams(value: float) -> str:
    return f"{round(value):,} g"


# --------------------------------------------------------------------------- #
# Assessment and findings


def _assessment(assessment: Assessment) -> str:
    lines = [
        "# What shapes your hip contour",
        "",
        "Hip dips are set by bone, which training cannot change or remove. What can "
        "change is the muscle over the bone, body fat and — a little — posture. "
        "No one can promise how much a dip will soften.",
        "",
        "| Factor | Can it change? | Status |",
        "| --- | --- | --- |",
    ]
    for factor in assessment.factors:
        change = "yes" if factor.modifiable else "**no — fixed**"
        lines.append(f"| {_factor_title(factor.name)} | {change} | {_text(factor.status)} |")
    for factor in assessment.factors:
        kind = "can change" if factor.modifiable else "fixed"
        lines += ["", f"## {_factor_title(factor.name)} ({kind})", "", factor.status]
        lines += ["", factor.advice]
        if factor.source:
            lines += ["", f"*Source: {factor.source}*"]
    return "\n".join(lines) + "\n"


def _factor_title(name: str) -> str:
    return _FACTOR_TITLES.get(name) or name.replace("_", " ").capitalize()


def _finding(finding: Finding) -> str:
    source = f"; source: {finding.source}" if finding.source else ""
    word = _SEVERITY_WORDS[finding.severity]
    replaced = f"; replaced by rule `{finding.replaced_by}`" if finding.replaced_by else ""
    text = _no_html(f"{finding.message} *(rule `{finding.rule}`{source}{replaced})*")
    return f"**{word}:** {text}"


# --------------------------------------------------------------------------- #
# Exercises and plugins


def _equipment_words(exercise: Exercise) -> str:
    return ", ".join(sorted(exercise.equipment)) or "none"


def _dist(distribution: str | None, version: str | None) -> str:
    if distribution is None:
        return "—"
    return f"{distribution} {version}" if version else distribution


def _contributions(contributions: Mapping[str, Sequence[str]]) -> str:
    parts = []
    for kind, ids in contributions.items():
        shown = ", ".join(ids[:6]) + (", …" if len(ids) > 6 else "")
        label = kind.replace("_", " ")
        if len(ids) == 1:
            label = label.removesuffix("s")
        parts.append(f"{len(ids)} {label}: {shown}")
    return "; ".join(parts) or "nothing"


# --------------------------------------------------------------------------- #
# Small helpers


def _text(value: str) -> str:
    """Text safe inside a Markdown table cell (and no HTML tag: :func:`_no_html`)."""
    if "|" in value or "\n" in value:
        value = value.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return _no_html(value)


#: The start of an HTML tag, comment or declaration in text.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def _no_html(value: str) -> str:
    """``value`` with each ``<`` that would open an HTML tag written ``&lt;``: Markdown
    renderers pass raw HTML through, and names, reasons and findings may come from
    plugins (an attacker's review: a ``<script>`` in a plugin exercise's name reached
    the Markdown as is). ``< 80 %`` and the like are left alone.

    >>> _no_html("<script>alert(1)</script> at < 80 %")
    '&lt;script>alert(1)&lt;/script> at < 80 %'
    """
    return _TAG_START.sub("&lt;", value) if "<" in value else value


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _kg(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
