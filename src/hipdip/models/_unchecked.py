"""Models built from values already checked (private): the engines' fast path.

A model's ``__init__`` runs every converter and validator of its fields. An
engine that builds a model only from parts of models that already passed
them — a :class:`~hipdip.Session` of checked prescriptions with the week and
day of the session it replaces — would pay for checks that cannot fail.
:func:`unchecked` gives a function that sets the fields directly, as attrs'
own ``__init__`` does once its checks pass; what it builds is equal to (and
indistinguishable from) what the constructor builds. It is only for slotted
models without ``__attrs_post_init__`` or ``__attrs_pre_init__`` (their extra
checks would be skipped too): it refuses others.

>>> from hipdip.models import Bodyweight, Hold, Prescription, Reps
>>> make = unchecked(Prescription)
>>> made = make("plank", 2, Hold(20, 60), Bodyweight(), None, 45, "0-0-0-0")
>>> made == Prescription("plank", 2, Hold(20, 60), rest_seconds=45, tempo="0-0-0-0")
True
>>> unchecked(Reps)
Traceback (most recent call last):
...
TypeError: unchecked() cannot build Reps: it has __attrs_post_init__ checks
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")

__all__ = ["unchecked"]


def unchecked(cls: type[T]) -> Callable[..., T]:
    """A function building a ``cls`` from every field's value, in field order, without checks.

    Only for values that already passed them: each one taken from a model's
    field of the same kind, or built by a model's constructor.
    """
    builder = _BUILDERS.get(cls)
    if builder is None:
        builder = _BUILDERS[cls] = _builder(cls)
    return builder


_BUILDERS: dict[type, Callable[..., Any]] = {}


def _builder(cls: type) -> Callable[..., Any]:
    for hook in ("__attrs_post_init__", "__attrs_pre_init__"):
        if hasattr(cls, hook):
            raise TypeError(f"unchecked() cannot build {cls.__name__}: it has {hook} checks")
    try:
        setters = tuple(vars(cls)[field.name].__set__ for field in attrs.fields(cls))
    except (KeyError, AttributeError):
        raise TypeError(f"unchecked() cannot build {cls.__name__}: not slotted") from None
    # One function per class with one parameter per field, as attrs writes its __init__ (the
    # source holds only positions: make(v0, v1, …) sets field i to vi through its slot).
    count = len(setters)
    values = ", ".join(f"v{i}" for i in range(count))
    lines = [f"def make({values}):", "    made = new(cls)"]
    lines += [f"    s{i}(made, v{i})" for i in range(count)]
    lines.append("    return made")
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update({f"s{i}": setter for i, setter in enumerate(setters)})
    exec("\n".join(lines), namespace)  # the way attrs builds __init__
    make: Callable[..., Any] = namespace["make"]
    return make
