"""Per-person choices: what an exercise loads, and what each limitation leaves out.

A :class:`~hipdip.Profile` carries three per-person choices (all optional,
empty by default):

- ``avoid``: exercise ids, equipment ids or exercise tags the person does not
  want (``{"fire_hydrant"}``, ``{"band"}``, ``{"kneeling"}``);
- ``limitations``: the documented vocabulary of :data:`LIMITATIONS`
  (``knee_pain``, ``lower_back_pain``, ``pregnancy``, ``wrist_pain``), each
  mapped to the *load tags* it leaves out, with its source;
- ``tags``: free lower_snake labels about the person (``plant_based``) that
  rules may read.

Exercises say what they load with the tags of :data:`LOAD_TAGS` (the
built-in exercises are tagged; a plugin tags its own). The planner never
plans, and no progression step moves to, an exercise that
:func:`ruled_out` names a reason for; :func:`hipdip.ladders.can_do` and
:func:`hipdip.ladders.lacks` are where that is decided, once.

Which positions each limitation leaves out is a *hipdip policy* built on the
cited sources: they name what aggravates the condition or what to avoid; they
give no numbers, and hipdip adds none. It is not medical advice: a person
with pain or a pregnancy should follow their clinician.

>>> from hipdip import BodyComposition, Profile, catalog
>>> person = Profile(sex="female", age=30, body=BodyComposition(65, 165),
...                  experience="beginner", limitations={"knee_pain"})
>>> ruled_out(person, catalog().exercises["fire_hydrant"]).text
'knee_pain (it loads kneeling)'
>>> ruled_out(person, catalog().exercises["clamshell"]) is None
True
>>> sorted(LIMITATIONS["pregnancy"].excludes)
['supine']
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from hipdip.models import Exercise, Profile

__all__ = ["LIMITATIONS", "LOAD_TAGS", "Limitation", "RuledOut", "excluded_tags", "ruled_out"]

#: What an exercise loads: tag → what it means. Exercises carry these in ``tags``;
#: ``Profile.avoid`` may name them, and :data:`LIMITATIONS` leave them out.
LOAD_TAGS: Mapping[str, str] = MappingProxyType(
    {
        "kneeling": "body weight on one or both knees (on all fours, half-kneeling)",
        "quadruped": "on hands and knees: body weight on the hands with the wrists bent back",
        "supine": "lying on the back (bridges, hip thrusts with the back on a bench)",
        "prone": "face down (lying, or a forearm plank)",
        "deep_knee_flexion": (
            "body weight on a bent knee through a deep range: lunges, split squats, "
            "single-leg squats, step-ups"
        ),
        "loaded_spinal_flexion": "the spine bending forward under load (sit-ups, loaded crunches)",
    }
)


class Limitation(NamedTuple):
    """A documented limitation: what it leaves out (``excludes``: load tags), why, and the source."""

    id: str
    name: str
    excludes: frozenset[str]
    reason: str
    source: str


#: The limitations a profile may name (``Profile.limitations``), with the load tags each
#: leaves out — hipdip policy on the cited sources (no numbers: which positions, not how much).
LIMITATIONS: Mapping[str, Limitation] = MappingProxyType(
    {
        limitation.id: limitation
        for limitation in (
            Limitation(
                id="knee_pain",
                name="knee pain",
                excludes=frozenset({"kneeling", "deep_knee_flexion"}),
                reason=(
                    "Knee pain, patellofemoral pain most of all, is aggravated by loading a "
                    "flexed knee (squatting, stairs), and kneeling presses on the kneecap; "
                    "hip abduction work is part of the usual treatment and stays."
                ),
                source=(
                    "Crossley et al., 2016, Br J Sports Med (patellofemoral pain consensus: "
                    "aggravated by weight bearing on a flexed knee); Willy et al., 2019, J Orthop "
                    "Sports Phys Ther (patellofemoral pain guideline); Roos et al., 1998, J Orthop "
                    "Sports Phys Ther (KOOS: kneeling and squatting as knee-function items)"
                ),
            ),
            Limitation(
                id="lower_back_pain",
                name="lower back pain",
                excludes=frozenset({"loaded_spinal_flexion"}),
                reason=(
                    "Repeated bending of the spine under load is how discs are injured; "
                    "planks, side planks and bird-dogs load the spine little and stay (no "
                    "built-in exercise bends the spine under load)."
                ),
                source=(
                    "Callaghan & McGill, 2001, Clin Biomech (repeated flexion under load and "
                    "disc herniation); McGill, 2007, Low Back Disorders, Human Kinetics "
                    "(spine-sparing exercise: curl-up, side bridge, bird-dog)"
                ),
            ),
            Limitation(
                id="pregnancy",
                name="pregnancy",
                excludes=frozenset({"supine"}),
                reason=(
                    "Lying on the back after the first trimester can press on the vena cava "
                    "and lower blood pressure; exercise lying on the back is changed to other "
                    "positions."
                ),
                source=(
                    "ACOG Committee Opinion No. 804, 2020, Obstet Gynecol (physical activity "
                    "and exercise during pregnancy and the postpartum period); Mottola et al., "
                    "2018, Br J Sports Med (2019 Canadian guideline for physical activity "
                    "throughout pregnancy)"
                ),
            ),
            Limitation(
                id="wrist_pain",
                name="wrist pain",
                excludes=frozenset({"quadruped"}),
                reason=(
                    "Body weight on a wrist bent back (on all fours, push-ups) is a common "
                    "cause of wrist pain; forearm planks do not bend the wrist and stay."
                ),
                source=(
                    "Nance et al., 2017, J Wrist Surg (dorsal wrist pain in the extended "
                    "wrist-loading position: push-ups, planks on the hands, yoga)"
                ),
            ),
        )
    }
)


class RuledOut(NamedTuple):
    """Why a person's choices leave an exercise out.

    ``cause`` is ``"avoid"`` or the limitation's id (code decides on it);
    ``matched`` what matched (the exercise id, equipment ids or tags);
    ``text`` the reason in words.
    """

    cause: str
    matched: tuple[str, ...]
    text: str


def ruled_out(profile: Profile, exercise: Exercise) -> RuledOut | None:
    """Why ``profile``'s own choices leave ``exercise`` out (``avoid``, ``limitations``), or ``None``.

    ``avoid`` is checked first (the exercise id, then its equipment, then its
    tags), then each limitation in alphabetical order.
    """
    avoid = profile.avoid
    if avoid:
        if exercise.id in avoid:
            return RuledOut("avoid", (exercise.id,), "it is on the avoid list")
        hit = tuple(sorted(avoid & exercise.equipment))
        if hit:
            return RuledOut("avoid", hit, f"avoided equipment {', '.join(hit)}")
        hit = tuple(sorted(avoid & exercise.tags))
        if hit:
            return RuledOut("avoid", hit, f"avoided {', '.join(hit)}")
    if profile.limitations:
        for limitation in sorted(profile.limitations):
            hit = tuple(sorted(LIMITATIONS[limitation].excludes & exercise.tags))
            if hit:
                return RuledOut(limitation, hit, f"{limitation} (it loads {', '.join(hit)})")
    return None


@functools.lru_cache(maxsize=64)
def excluded_tags(limitations: frozenset[str]) -> frozenset[str]:
    """Every load tag ``limitations`` leave out.

    >>> sorted(excluded_tags(frozenset({"knee_pain", "wrist_pain"})))
    ['deep_knee_flexion', 'kneeling', 'quadruped']
    >>> excluded_tags(frozenset({"knee"}))
    Traceback (most recent call last):
    ...
    hipdip.errors.UnknownIdError: unknown limitation id 'knee'; did you mean 'knee_pain'?
    """
    from hipdip.errors import UnknownIdError

    unknown = sorted(name for name in limitations if name not in LIMITATIONS)
    if unknown:  # a KeyError before
        raise UnknownIdError("limitation", unknown[0], LIMITATIONS)
    return frozenset(tag for name in limitations for tag in LIMITATIONS[name].excludes)
