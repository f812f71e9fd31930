"""The exercise-choice policy, shared by the planner and the progression rules.

*hipdip policy* (SCIENCE.md §Training, exercise choice), in this order:

1. the person can add load to the exercise with what they own — a heavier
   weight, a stronger band, or a harder rung of its ladder they can do;
2. gluteus medius PRIMARY before SECONDARY;
3. the week covers the hip's abduction roles (:data:`hipdip.training.ABDUCTION_ROLES`):
   a frontal-plane abduction, a weight-bearing one and, for beginners, a
   rotation-biased one (the planner does this with :func:`roles`);
4. %MVIC only breaks ties between exercises measured in the same study.

Then, for a stable order, the exercise id.

>>> from hipdip import BodyComposition, Profile, catalog
>>> from hipdip.plugins import make_plugin_manager
>>> cat = catalog(make_plugin_manager(entry_points=False))
>>> person = Profile(sex="female", age=30, body=BodyComposition(65, 165),
...                  experience="beginner", equipment={"dumbbell", "step"})
>>> [e.id for e in order([cat.exercises[i] for i in ("fire_hydrant", "forward_step_up")],
...                      person, cat)]
['forward_step_up', 'fire_hydrant']
>>> sorted(roles(cat.exercises["lateral_band_walk_knees"]))
['weight_bearing']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hipdip.ladders import ladders, medius_rank
from hipdip.models import Exercise, LoadKind, Profile
from hipdip.training import ABDUCTION_ROLES, TARGET_MUSCLE

if TYPE_CHECKING:
    from hipdip.registry import Catalog

__all__ = ["can_add_load", "order", "roles"]

#: Patterns of weight-bearing (closed-chain) work, for exercises without role tags.
_WEIGHT_BEARING_PATTERNS = frozenset({"lunge", "squat", "hinge", "step_up", "lateral_walk"})


def roles(exercise: Exercise) -> frozenset[str]:
    """The abduction roles ``exercise`` fills: its role tags, else read from pattern and position.

    Untagged exercises: ``hip_external_rotation`` is rotation-biased; standing
    lunge/squat/hinge/step-up work is weight-bearing; other ``hip_abduction``
    is frontal-plane.
    """
    tagged = exercise.tags & ABDUCTION_ROLES.keys()
    if tagged:
        return frozenset(tagged)
    if exercise.pattern == "hip_external_rotation":
        return frozenset({"rotation_biased"})
    if exercise.pattern in _WEIGHT_BEARING_PATTERNS:
        return frozenset({"weight_bearing"})
    if exercise.pattern == "hip_abduction":
        return frozenset({"frontal_abduction"})
    return frozenset()


def can_add_load(exercise: Exercise, profile: Profile | None, cat: Catalog) -> bool:
    """Whether the person can add load to ``exercise``: a weight or band, or a harder rung they can do."""
    if exercise.load_kind is not LoadKind.BODYWEIGHT:
        return True
    return bool(ladders(cat).climb(exercise.id, profile))


def order(exercises: Iterable[Exercise], profile: Profile | None, cat: Catalog) -> list[Exercise]:
    """``exercises`` best first by the choice policy (roles are the planner's business)."""
    keyed = sorted(
        exercises,
        key=lambda e: (0 if can_add_load(e, profile, cat) else 1, medius_rank(e), e.id),
    )
    return _mvic_ties(keyed, profile, cat)


def _mvic_ties(ranked: list[Exercise], profile: Profile | None, cat: Catalog) -> list[Exercise]:
    """Within each group of equal rank, order the exercises measured in one study by %MVIC."""
    out = list(ranked)
    start = 0
    while start < len(out):
        head = out[start]
        key = (can_add_load(head, profile, cat), medius_rank(head))
        end = start + 1
        while (
            end < len(out) and (can_add_load(out[end], profile, cat), medius_rank(out[end])) == key
        ):
            end += 1
        by_study: dict[str, list[int]] = {}
        for index in range(start, end):
            target = out[index].target(TARGET_MUSCLE)
            if target is not None and target.activation_mvic is not None and target.source:
                by_study.setdefault(_study(target.source), []).append(index)
        for positions in by_study.values():
            if len(positions) > 1:
                members = sorted(
                    (out[i] for i in positions),
                    key=lambda e: (-_mvic(e), e.id),
                )
                for position, member in zip(positions, members, strict=True):
                    out[position] = member
        start = end
    return out


def _mvic(exercise: Exercise) -> float:
    target = exercise.target(TARGET_MUSCLE)
    return 0.0 if target is None or target.activation_mvic is None else target.activation_mvic


def _study(source: str) -> str:
    """The study part of a ``source`` string, before any note (``; …`` or `` (…)``).

    >>> _study("Distefano et al., 2009, JOSPT (30° hip flexion; 38 at 60°)")
    'Distefano et al., 2009, JOSPT'
    """
    return source.split(";", 1)[0].split(" (", 1)[0].strip()
