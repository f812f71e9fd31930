"""Exercise names as people and other apps write them, and the lookup behind ``Catalog.find``.

Apps and data sets name one exercise many ways: Hevy writes
``"Hip Abduction (Machine)"``, Strong ``"Hip Abductor (Machine)"``, wger
``"Machine Hip Abduction"``, free-exercise-db ``"Thigh Abductor"``. An
:class:`~hipdip.Exercise` lists such names in ``aliases``;
:func:`name_key` reduces any spelling to one comparison key, and a
:class:`NameIndex` finds the exercise a name means.

**What the key ignores**: case, punctuation, spacing (``"Step-up"``,
``"step up"`` and ``"Stepup"`` are one name), a plural ``s``
(``"Lateral Band Walks"``), the word order of equipment in brackets or at
either end of the name (``"Hip Abduction (Machine)"``, ``"hip abduction
machine"`` and ``"Machine Hip Abduction"`` are one name), a ``with`` before
trailing equipment (``"… with a dumbbell"``), and a few spellings of one word (``banded`` = ``band``,
``one-legged`` = ``single-leg``, ``body weight`` = ``bodyweight``, ``RDL`` =
``Romanian deadlift``, ``DB`` = ``dumbbell``).

**What it keeps**: every other word and its order. ``"Hip Adduction
(Machine)"`` is not ``"Hip Abduction (Machine)"``, ``"Reverse Lunge"`` is not
``"Lunge"`` and ``"Barbell Glute Bridge"`` is not ``"Glute Bridge"``: a
different movement, or the same one with other equipment, is a different
name. Nothing is fuzzy; :func:`hipdip.logs.suggest_exercise` offers
did-you-mean suggestions separately.

>>> name_key("Hip Abduction (Machine)") == name_key("machine hip-abduction")
True
>>> name_key("Hip Abduction (Machine)") == name_key("Hip Adduction (Machine)")
False
>>> name_key("Single Leg RDL (Dumbbell)") == name_key("one-legged Romanian deadlift with dumbbells")
True
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from hipdip.errors import ValidationError
from hipdip.models import Exercise

if TYPE_CHECKING:
    from hipdip.registry import Catalog

__all__ = ["EQUIPMENT_WORDS", "NameIndex", "name_index", "name_key"]

#: Equipment words that may sit in brackets or at either end of a name, in any
#: order (each a tuple of words, after the spellings below are unified).
EQUIPMENT_WORDS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("ankle", "weight"),
        ("band",),
        ("barbell",),
        ("bodyweight",),
        ("cable",),
        ("dumbbell",),
        ("kettlebell",),
        ("machine",),
        ("plate", "loaded"),
        ("resistance", "band"),
        ("smith", "machine"),
        ("weighted",),
    }
)

#: One spelling for words written several ways (applied before plurals are dropped).
_SPELLINGS: Mapping[str, tuple[str, ...]] = {
    "banded": ("band",),
    "db": ("dumbbell",),
    "kb": ("kettlebell",),
    "bb": ("barbell",),
    "rdl": ("romanian", "deadlift"),
    "legged": ("leg",),
    "armed": ("arm",),
}
#: ``one``/``1`` mean ``single`` before these words (``one-legged`` = ``single-leg``).
_SINGLE_BEFORE = frozenset({"leg", "legged", "arm", "armed"})
#: Dropped before trailing equipment: "… with a dumbbell", "… on the machine".
_ARTICLES = frozenset({"a", "an", "the"})
_WITH = frozenset({"with", "on", "using"})
_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]?")
_WORDS = re.compile(r"[^\W_]+")
_LONGEST_EQUIPMENT = max(len(words) for words in EQUIPMENT_WORDS)


def name_key(name: str) -> str:
    """The comparison key of an exercise name (see the module docs for what it ignores).

    >>> name_key("Lateral Band Walks") == name_key("lateral band-walk")
    True
    >>> name_key("Side-lying hip abduction with ankle weight")
    'sidelyinghipabduction|ankle weight'
    """
    text = name.casefold()
    brackets = _BRACKETS.findall(text)
    main = _words(_BRACKETS.sub(" ", text))
    extra = [w for part in brackets for w in _words(part)]
    groups: list[tuple[str, ...]] = []
    if extra:
        groups.append(tuple(extra))
    # Equipment at either end of the name counts as if it were in brackets.
    peeled = True
    while peeled and len(main) > 1:
        peeled = False
        for size in range(min(_LONGEST_EQUIPMENT, len(main) - 1), 0, -1):
            head, tail = tuple(main[:size]), tuple(main[-size:])
            if tail in EQUIPMENT_WORDS:
                groups.append(tail)
                del main[-size:]
                while len(main) > 1 and main[-1] in _ARTICLES:
                    main.pop()
                if len(main) > 1 and main[-1] in _WITH:
                    main.pop()
                peeled = True
                break
            if head in EQUIPMENT_WORDS:
                groups.append(head)
                del main[:size]
                peeled = True
                break
    equipment = sorted(" ".join(g) for g in groups)
    return "".join(main) + "|" + "+".join(equipment)


def _words(text: str) -> list[str]:
    """Words of ``text`` with one spelling each and no plural ``s``."""
    raw = _WORDS.findall(text)
    out: list[str] = []
    for index, word in enumerate(raw):
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if word in ("one", "1") and following in _SINGLE_BEFORE:
            out.append("single")
            continue
        if word == "weight" and index and raw[index - 1] == "body":
            out[-1] = "bodyweight"
            continue
        for part in _SPELLINGS.get(word, (word,)):
            out.append(_singular(part))
    return out


def _singular(word: str) -> str:
    """``word`` without a plural ``s`` (``walks`` → ``walk``; ``press``, ``pelvis`` kept)."""
    if len(word) >= 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class NameIndex:
    """Exercises by their ids and the keys of their names, aliases and ids; :meth:`find` looks one up.

    An id written exactly always finds its exercise. Otherwise a name beats
    an alias, and an alias beats an id spelled like a name (``"Single Leg
    Deadlift"`` is the alias of the bodyweight exercise, not the id
    ``single_leg_deadlift`` respelled); within each, exercises earlier in the
    iterable win a shared key (the catalogue lists the built-ins first).
    """

    __slots__ = ("__weakref__", "_aliases", "_id_keys", "_ids", "_names")

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self._ids: dict[str, Exercise] = {}
        self._names: dict[str, Exercise] = {}
        self._aliases: dict[str, Exercise] = {}
        self._id_keys: dict[str, Exercise] = {}
        for exercise in exercises:
            self._ids.setdefault(exercise.id, exercise)
            self._names.setdefault(name_key(exercise.name), exercise)
            for alias in exercise.aliases:
                self._aliases.setdefault(name_key(alias), exercise)
            self._id_keys.setdefault(name_key(exercise.id), exercise)

    def find(self, name: str) -> Exercise | None:
        """The exercise ``name`` means — an id, a name or an alias — or ``None``.

        Raises :class:`~hipdip.ValidationError` when ``name`` is not a string.
        """
        if not isinstance(name, str):
            raise ValidationError(f"name: must be a string (got {type(name).__name__} {name!r})")
        found = self._ids.get(name)
        if found is not None:
            return found
        key = name_key(name)
        return self._names.get(key) or self._aliases.get(key) or self._id_keys.get(key)

    def __len__(self) -> int:
        return len(self._ids)


_CACHE: weakref.WeakKeyDictionary[Catalog, NameIndex] = weakref.WeakKeyDictionary()


def name_index(cat: Catalog) -> NameIndex:
    """The :class:`NameIndex` of ``cat``'s exercises (built once per catalogue)."""
    found = _CACHE.get(cat)
    if found is None:
        found = _CACHE[cat] = NameIndex(cat.exercises.values())
    return found
