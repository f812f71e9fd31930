"""What a caller hands in, checked against the catalogue: the ids a profile names.

A model checks what it can on its own (an equipment id is a lower_snake_case
slug); whether ``"bands"`` is equipment anyone knows depends on the
catalogue, so the engines check it here before anything else:
:func:`hipdip.plan_program`, :func:`hipdip.nutrition_plan`,
:func:`hipdip.assess` and :func:`hipdip.progress` (the program's profile).
The same goes for ``Profile.avoid``: each entry an exercise id, an equipment
id or an exercise tag of the catalogue (:func:`avoidable`).

The equipment vocabulary is the built-in one
(:data:`hipdip.builtin.exercises.EQUIPMENT`) plus every id that an exercise
of the catalogue needs — so equipment a plugin's exercises introduce is known
as soon as the plugin is installed.

>>> from hipdip import BodyComposition, Profile, catalog
>>> from hipdip.plugins import make_plugin_manager
>>> cat = catalog(make_plugin_manager(entry_points=False))
>>> "band" in equipment_vocabulary(cat)
True
>>> me = Profile(sex="female", age=30, body=BodyComposition(65, 165), experience="beginner",
...              equipment={"bands", "ankle_weights"})
>>> check_profile(me, cat)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: equipment: unknown equipment id 'bands'; did you mean 'band'?
"""

from __future__ import annotations

import weakref

from hipdip.errors import UnknownIdError, ValidationError, close_matches
from hipdip.models import Profile
from hipdip.registry import Catalog

__all__ = ["avoidable", "check_profile", "equipment_vocabulary", "profile_problems"]

_VOCABULARIES: weakref.WeakKeyDictionary[Catalog, frozenset[str]] = weakref.WeakKeyDictionary()
_AVOIDABLE: weakref.WeakKeyDictionary[Catalog, frozenset[str]] = weakref.WeakKeyDictionary()


def equipment_vocabulary(cat: Catalog) -> frozenset[str]:
    """Every equipment id ``cat`` knows: the built-in vocabulary and what its exercises need."""
    known = _VOCABULARIES.get(cat)
    if known is None:
        from hipdip.builtin.exercises import EQUIPMENT

        known = frozenset(EQUIPMENT).union(*(e.equipment for e in cat.exercises.values()))
        _VOCABULARIES[cat] = known
    return known


def avoidable(cat: Catalog) -> frozenset[str]:
    """What ``Profile.avoid`` may name in ``cat``: exercise ids, equipment ids, exercise tags.

    The tags are those of :data:`hipdip.limitations.LOAD_TAGS`, the abduction
    roles of :mod:`hipdip.training` and every tag a catalogue exercise carries.
    """
    found = _AVOIDABLE.get(cat)
    if found is None:
        from hipdip.limitations import LOAD_TAGS
        from hipdip.training import ABDUCTION_ROLES

        found = frozenset(
            {*cat.exercises, *equipment_vocabulary(cat), *LOAD_TAGS, *ABDUCTION_ROLES}
        ).union(*(e.tags for e in cat.exercises.values()))
        _AVOIDABLE[cat] = found
    return found


def profile_problems(profile: Profile, cat: Catalog, *, path: str = "") -> list[str]:
    """One ``path: problem`` line per id of ``profile`` that ``cat`` does not know.

    ``path`` prefixes each field's name (``"profile."`` inside a program).
    """
    problems: list[str] = []
    known = equipment_vocabulary(cat)
    if not profile.equipment <= known:
        problems += [
            f"{path}equipment: {UnknownIdError('equipment', name, sorted(known))}"
            for name in sorted(profile.equipment - known)
        ]
    if profile.avoid:
        names = avoidable(cat)
        for name in sorted(profile.avoid - names):
            close = close_matches(name, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                f"{path}avoid: {name!r} is not an exercise id, equipment id or exercise tag of "
                f"the catalogue{hint}"
            )
    return problems


def check_profile(profile: Profile, cat: Catalog, *, path: str = "") -> None:
    """Raise :class:`~hipdip.ValidationError` listing :func:`profile_problems`, if any."""
    problems = profile_problems(profile, cat, path=path)
    if problems:
        raise ValidationError(problems)
