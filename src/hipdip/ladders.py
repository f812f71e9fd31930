"""Exercise ladders derived from every plugin's links, and what a person can climb to.

An exercise's ``harder``/``easier`` fields are links; a link declared on
either side is a link, so a plugin can put a harder variant above a built-in
exercise by naming it as its ``easier`` (and an exercise may have several
harder variants: one needing a cable, one a bench). :func:`ladders` derives,
once per catalogue, each exercise's harder and easier variants, its ladder
(the connected group of linked exercises) and its rung (the longest chain of
easier variants below it).

*hipdip policy* (SCIENCE.md §Training): a step to "harder" never moves to an
exercise of a lower level or a smaller gluteus medius role; links that would
are ignored by the planner and the progression rules (and reported by
:class:`hipdip.testing.contracts.ExerciseContract`).

>>> from hipdip import catalog
>>> from hipdip.plugins import make_plugin_manager
>>> lad = ladders(catalog(make_plugin_manager(entry_points=False)))
>>> [e.id for e in lad.harder("glute_bridge")]
['banded_glute_bridge', 'hip_thrust', 'single_leg_glute_bridge']
>>> lad.rung("standing_cable_hip_abduction")
3
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from hipdip.limitations import ruled_out
from hipdip.models import Exercise, Profile, Role

if TYPE_CHECKING:
    from hipdip.registry import Catalog

__all__ = ["Conflict", "Ladders", "can_do", "is_monotone_step", "lacks", "ladders", "medius_rank"]

#: Rank of a gluteus medius role: lower is a bigger role (no target ranks last).
_ROLE_RANK = {Role.PRIMARY: 0, Role.SECONDARY: 1, Role.STABILIZER: 2}
_NO_ROLE = 3
_MEDIUS = "gluteus_medius"


def medius_rank(exercise: Exercise) -> int:
    """0 PRIMARY, 1 SECONDARY, 2 STABILIZER, 3 not a target."""
    target = exercise.target(_MEDIUS)
    return _NO_ROLE if target is None else _ROLE_RANK[target.role]


def is_monotone_step(easier: Exercise, harder: Exercise) -> bool:
    """Whether ``easier`` → ``harder`` keeps the level and the gluteus medius role (or raises them)."""
    return harder.level >= easier.level and medius_rank(harder) <= medius_rank(easier)


def lacks(profile: Profile, exercise: Exercise) -> str | None:
    """What keeps ``profile`` from ``exercise``, in words that follow its name; ``None`` if nothing.

    The one place (with :func:`can_do`) that decides who may do what: the
    equipment, the level, and the person's own choices — ``avoid`` and
    ``limitations`` (:func:`hipdip.limitations.ruled_out`).

    >>> from hipdip import BodyComposition, Profile, catalog
    >>> person = Profile(sex="female", age=30, body=BodyComposition(65, 165),
    ...                  experience="beginner", avoid={"kneeling"})
    >>> lacks(person, catalog().exercises["standing_cable_hip_abduction"])
    'needs equipment cable and level 2 (profile: beginner)'
    >>> lacks(person, catalog().exercises["fire_hydrant"])
    'is left out for this person: avoided kneeling'
    """
    missing = sorted(exercise.equipment - profile.equipment)
    needs = []
    if missing:
        needs.append("equipment " + ", ".join(missing))
    if exercise.level > profile.experience.level:
        needs.append(f"level {exercise.level} (profile: {profile.experience.value})")
    out = ["needs " + " and ".join(needs)] if needs else []
    if profile.avoid or profile.limitations:
        why = ruled_out(profile, exercise)
        if why is not None:
            out.append(f"is left out for this person: {why.text}")
    return "; ".join(out) or None


def can_do(profile: Profile, exercise: Exercise) -> bool:
    """Whether the person has the equipment and the level for ``exercise``, and wants it.

    ``False`` exactly when :func:`lacks` names a reason.
    """
    return (
        exercise.equipment <= profile.equipment
        and exercise.level <= profile.experience.level
        and (not (profile.avoid or profile.limitations) or ruled_out(profile, exercise) is None)
    )


@attrs.frozen
class Conflict:
    """Ladder links of two plugins (or one) that together make a cycle.

    ``easier`` → ``harder`` is the link that would close it, declared by
    ``declared_by`` (plugin names); ``against`` names the plugins whose links
    already lead from ``harder`` back to ``easier`` (``path``). The link is
    ignored: the plugin registered first keeps its ladder.
    """

    easier: str
    harder: str
    declared_by: tuple[str, ...]
    against: tuple[str, ...]
    path: tuple[str, ...]

    @property
    def message(self) -> str:
        """The conflict in words, naming every plugin involved."""
        who = " and ".join(self.declared_by)
        them = " and ".join(self.against)
        return (
            f"ladder conflict: {who} put{'s' if len(self.declared_by) == 1 else ''} "
            f"{self.harder!r} above {self.easier!r}, but {them} already lead"
            f"{'s' if len(self.against) == 1 else ''} from {self.harder!r} back up to "
            f"{self.easier!r} ({' → '.join(self.path)}); the link {self.easier!r} → "
            f"{self.harder!r} is ignored (a ladder cannot go round in a circle)"
        )


class Ladders:
    """Derived ladder links of one catalogue (read-only).

    ``provider`` (exercise id → plugin name) names who declared each link;
    links that would close a cycle are ignored and listed in
    :attr:`conflicts` (the first registered keeps its place).
    """

    __slots__ = ("__weakref__", "_easier", "_exercises", "_group", "_harder", "_rung", "conflicts")

    def __init__(
        self,
        exercises: Mapping[str, Exercise],
        provider: Callable[[str], str] | None = None,
    ) -> None:
        self._exercises = exercises
        links: dict[tuple[str, str], list[str]] = {}  # (easier, harder) → declaring exercises
        for exercise in exercises.values():
            if exercise.harder is not None and exercise.harder in exercises:
                links.setdefault((exercise.id, exercise.harder), []).append(exercise.id)
            if exercise.easier is not None and exercise.easier in exercises:
                links.setdefault((exercise.easier, exercise.id), []).append(exercise.id)
        self.conflicts: tuple[Conflict, ...] = ()
        cyclic = _cyclic_links(links)
        if cyclic:
            links, self.conflicts = _break_cycles(links, cyclic, provider or (lambda i: i))
        harder: dict[str, set[str]] = {}
        easier: dict[str, set[str]] = {}
        for low, high in links:
            harder.setdefault(low, set()).add(high)
            easier.setdefault(high, set()).add(low)
        key = _order_key(exercises)
        self._harder = {k: tuple(sorted(v, key=key)) for k, v in harder.items()}
        self._easier = {k: tuple(sorted(v, key=key)) for k, v in easier.items()}
        self._group = self._groups()
        self._rung: dict[str, int] = {}

    def harder(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The exercises one step harder than ``exercise_id`` (every plugin's links, either side)."""
        return tuple(self._exercises[i] for i in self._harder.get(exercise_id, ()))

    def easier(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The exercises one step easier than ``exercise_id``."""
        return tuple(self._exercises[i] for i in self._easier.get(exercise_id, ()))

    def group(self, exercise_id: str) -> str:
        """The ladder ``exercise_id`` belongs to, named by its smallest id (itself if unlinked)."""
        return self._group.get(exercise_id, exercise_id)

    def same_ladder(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are linked, directly or through other rungs."""
        return self.group(a) == self.group(b)

    def rung(self, exercise_id: str) -> int:
        """How far up its ladder ``exercise_id`` is: the longest chain of easier variants below it."""
        known = self._rung.get(exercise_id)
        if known is not None:
            return known
        # Iterative longest-path over easier links; a cycle (a broken plugin) counts once.
        stack: list[tuple[str, bool]] = [(exercise_id, False)]
        active: set[str] = set()
        while stack:
            current, expanded = stack.pop()
            if current in self._rung:
                continue
            below = [i for i in self._easier.get(current, ()) if i not in active]
            if expanded:
                active.discard(current)
                self._rung[current] = 1 + max((self._rung.get(i, 0) for i in below), default=-1)
                continue
            active.add(current)
            stack.append((current, True))
            stack.extend((i, False) for i in below if i not in self._rung)
        return self._rung[exercise_id]

    def climb(self, exercise_id: str, profile: Profile | None) -> tuple[Exercise, ...]:
        """The nearest harder rungs ``profile`` can do (skipping rungs it cannot), nearest first.

        Only monotone steps are followed (no lower level, no smaller gluteus
        medius role than ``exercise_id``). ``profile=None`` means anyone.
        """
        start = self._exercises.get(exercise_id)
        if start is None:
            return ()
        seen = {exercise_id}
        frontier = [exercise_id]
        found: list[Exercise] = []
        while frontier and not found:
            following: list[str] = []
            for current in frontier:
                for step in self._harder.get(current, ()):
                    if step in seen:
                        continue
                    seen.add(step)
                    candidate = self._exercises[step]
                    if not is_monotone_step(start, candidate):
                        continue
                    if profile is None or can_do(profile, candidate):
                        found.append(candidate)
                    else:
                        following.append(step)
            frontier = following
        return tuple(found)

    def descend(self, exercise_id: str, profile: Profile | None) -> tuple[Exercise, ...]:
        """The nearest easier rungs ``profile`` can do that keep the gluteus medius role.

        Like :meth:`climb`, skipping rungs the person cannot do; an easier
        variant with a smaller gluteus medius role is not a way down (it is
        another exercise: SCIENCE.md §Training, plateau), nor one of a higher
        level (a plugin's link that is not monotone).
        """
        start = self._exercises.get(exercise_id)
        if start is None:
            return ()
        seen = {exercise_id}
        frontier = [exercise_id]
        while frontier:
            found: list[Exercise] = []
            following: list[str] = []
            for current in frontier:
                for step in self._easier.get(current, ()):
                    if step in seen:
                        continue
                    seen.add(step)
                    candidate = self._exercises[step]
                    if medius_rank(candidate) > medius_rank(start) or candidate.level > start.level:
                        continue  # a smaller role is another exercise; a higher level no way down
                    if profile is None or can_do(profile, candidate):
                        found.append(candidate)
                    else:
                        following.append(step)
            if found:
                return tuple(found)
            frontier = following
        return ()

    def _groups(self) -> dict[str, str]:
        group: dict[str, str] = {}
        for start in self._exercises:
            if start in group:
                continue
            members = [start]
            seen = {start}
            index = 0
            while index < len(members):
                current = members[index]
                index += 1
                for link in (*self._harder.get(current, ()), *self._easier.get(current, ())):
                    if link not in seen:
                        seen.add(link)
                        members.append(link)
            name = min(members)
            for member in members:
                group[member] = name
        return group


_CACHE: weakref.WeakKeyDictionary[Catalog, Ladders] = weakref.WeakKeyDictionary()


def ladders(cat: Catalog) -> Ladders:
    """The derived ladders of ``cat`` (built once per catalogue).

    Links of plugins that together make a cycle are a conflict between them:
    the closing link is ignored, with a :class:`~hipdip.HipdipPluginWarning`
    naming every plugin involved (a :class:`~hipdip.PluginError` with
    ``HIPDIP_STRICT_PLUGINS=1``).
    """
    found = _CACHE.get(cat)
    if found is None:
        from hipdip.plugins import report_problem

        built = Ladders(cat.exercises, lambda i: cat.provider("exercises", i))
        for conflict in built.conflicts:
            report_problem(conflict.message, plugin=conflict.declared_by[0])
        found = _CACHE[cat] = built
    return found


def _cyclic_links(links: Mapping[tuple[str, str], object]) -> set[tuple[str, str]]:
    """The links inside a strongly connected component (on some cycle); empty almost always.

    Tarjan's algorithm, iterative (ladders of thousands of rungs).
    """
    graph: dict[str, list[str]] = {}
    for low, high in links:
        graph.setdefault(low, []).append(high)
    index: dict[str, int] = {}
    low_link: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low_link[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = graph.get(node, [])
            if child < len(successors):
                work.append((node, child + 1))
                nxt = successors[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low_link[node] = min(low_link[node], index[nxt])
                continue
            if low_link[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low_link[parent] = min(low_link[parent], low_link[node])
    sizes: dict[int, int] = {}
    for group in component.values():
        sizes[group] = sizes.get(group, 0) + 1
    return {
        (low, high)
        for low, high in links
        if component[low] == component[high] and sizes[component[low]] > 1
    }


def _break_cycles(
    links: dict[tuple[str, str], list[str]],
    cyclic: set[tuple[str, str]],
    provider: Callable[[str], str],
) -> tuple[dict[tuple[str, str], list[str]], tuple[Conflict, ...]]:
    """``links`` without the links that close a cycle, in declaration order, and the conflicts."""
    kept = {link: who for link, who in links.items() if link not in cyclic}
    graph: dict[str, list[str]] = {}
    for low, high in kept:
        graph.setdefault(low, []).append(high)
    conflicts = []
    for link, who in links.items():
        if link not in cyclic:
            continue
        low, high = link
        path = _path(graph, high, low)
        if path is None:
            kept[link] = who
            graph.setdefault(low, []).append(high)
            continue
        declared = tuple(dict.fromkeys(provider(i) for i in who))
        against = tuple(
            dict.fromkeys(provider(i) for a, b in itertools.pairwise(path) for i in kept[(a, b)])
        )
        conflicts.append(Conflict(low, high, declared, against, tuple(path)))
    return kept, tuple(conflicts)


def _path(graph: Mapping[str, list[str]], start: str, goal: str) -> list[str] | None:
    """A path from ``start`` to ``goal`` along ``graph`` (breadth first), or ``None``."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            path = [node]
            while (before := previous[path[-1]]) is not None:
                path.append(before)
            return path[::-1]
        for nxt in graph.get(node, ()):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None


def _order_key(exercises: Mapping[str, Exercise]) -> Callable[[str], tuple[int, str]]:
    def key(exercise_id: str) -> tuple[int, str]:
        return (exercises[exercise_id].level, exercise_id)

    return key
