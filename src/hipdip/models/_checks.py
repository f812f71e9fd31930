"""Validators and converters shared by the models (private).

Each validator is a small class that holds its limits, as attrs' own
validators do: a field's bounds are declared once, on the field, and read back
from :func:`attrs.fields` by the JSON Schema (:mod:`hipdip.schema`), the JSON
reader (:mod:`hipdip.io`) and the hypothesis strategies. Each raises
:class:`hipdip.errors.ValidationError` whose message starts with the field
name and says what is allowed, so a caller (or the JSON layer, which prefixes
the path) can point at the bad field.

>>> import attrs
>>> @attrs.frozen
... class Item:
...     sets: int = attrs.field(validator=Integer(1, 20))
>>> attrs.fields(Item).sets.validator
Integer(minimum=1, maximum=20)
>>> Item(sets=0)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: sets: must be between 1 and 20 (got 0)
"""

from __future__ import annotations

import datetime
import enum
import math
import numbers
import re
import sys
from typing import Any, TypeVar

from hipdip.errors import ValidationError, close_matches

E = TypeVar("E", bound=enum.Enum)

#: Ids of muscles, exercises, schemes and rules: lower_snake_case, ≤ 64 chars.
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
#: Longest free-text field (names, cues, messages) a model accepts.
MAX_TEXT = 2000


class _Validator:
    """Base of the validators: a readable ``repr`` of the limits it holds."""

    def __repr__(self) -> str:
        shown = (
            f"{name}={value!r}"
            for name, value in vars(self).items()
            if not name.startswith("_") and value is not False and value != ""
        )
        return f"{type(self).__name__}({', '.join(shown)})"


class Number(_Validator):
    """A finite number in ``[minimum, maximum]`` (``(minimum, maximum]`` with ``exclusive_minimum``).

    ``unit`` is shown after the bounds in messages; ``optional`` also accepts ``None``.
    """

    def __init__(
        self,
        minimum: float,
        maximum: float,
        *,
        unit: str = "",
        exclusive_minimum: bool = False,
        optional: bool = False,
    ) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum
        self.unit = unit
        self.optional = optional

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        if value is None and self.optional:
            return
        check_number(
            attribute.name,
            value,
            self.minimum,
            self.maximum,
            unit=self.unit,
            lo_open=self.exclusive_minimum,
        )


class Integer(_Validator):
    """An ``int`` (not a ``bool``) in ``[minimum, maximum]``; ``optional`` also accepts ``None``."""

    def __init__(self, minimum: int, maximum: int, *, unit: str = "", optional: bool = False):
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit
        self.optional = optional

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        if value.__class__ is int and self.minimum <= value <= self.maximum:
            return
        if value is None and self.optional:
            return
        allowed = f"between {self.minimum} and {self.maximum}{self.unit}"
        if not is_int(value):
            raise fail(attribute.name, f"must be an integer {allowed}", value)
        if not self.minimum <= value <= self.maximum:
            raise fail(attribute.name, f"must be {allowed}", value)


class Matches(_Validator):
    """A string matching ``pattern`` in full; the message says it must be ``description``."""

    def __init__(self, pattern: re.Pattern[str], description: str, *, optional: bool = False):
        self.pattern = pattern
        self.description = description
        self.optional = optional
        # Strings (exactly str: immutable) already seen to match: ids and tempos recur,
        # and a set lookup is far cheaper than the regular expression.
        self._matched: set[str] = set()

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        if value.__class__ is str and value in self._matched:
            return
        if value is None and self.optional:
            return
        if not isinstance(value, str) or not self.pattern.fullmatch(value):
            raise fail(attribute.name, f"must be {self.description}", value, self.suggestion(value))
        if value.__class__ is str and len(self._matched) < _MATCHED_MAX:
            self._matched.add(value)

    def suggestion(self, value: object) -> str | None:
        """``value`` in lower case with ``_`` for spaces and hyphens, if that matches."""
        if not isinstance(value, str) or len(value) > 200:
            return None
        fixed = _SEPARATORS.sub("_", value.strip().lower())
        return fixed if fixed != value and self.pattern.fullmatch(fixed) else None


_SEPARATORS = re.compile(r"[\s-]+")
#: How many matching strings each :class:`Matches` remembers (a bound on its memory).
_MATCHED_MAX = 4096


class Text(_Validator):
    """A non-blank string of at most ``max_length`` characters; ``optional`` also accepts ``None``."""

    def __init__(self, *, max_length: int = MAX_TEXT, optional: bool = False) -> None:
        self.max_length = max_length
        self.optional = optional

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        if value is None and self.optional:
            return
        if not isinstance(value, str) or not value.strip() or len(value) > self.max_length:
            raise fail(
                attribute.name,
                f"must be a non-empty string of at most {self.max_length} characters",
                value,
            )


class Items(_Validator):
    """A tuple of ``min_items``–``max_items`` entries, each an instance of ``kind``.

    ``item`` (a :class:`Matches` or :class:`Text` validator) checks each entry further.
    """

    def __init__(
        self,
        kind: type | tuple[type, ...],
        *,
        max_items: int,
        min_items: int = 0,
        item: Matches | Text | None = None,
    ) -> None:
        self.kind = kind
        self.min_items = min_items
        self.max_items = max_items
        self.item = item
        self._kinds = kind if isinstance(kind, tuple) else (kind,)
        self._kind_name = " or ".join(k.__name__ for k in self._kinds)

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        name = attribute.name
        if not isinstance(value, tuple):
            raise fail(name, f"must be a tuple of {self._kind_name}", value)
        if not self.min_items <= len(value) <= self.max_items:
            raise ValidationError(
                f"{name}: must hold between {self.min_items} and {self.max_items} items "
                f"(got {len(value)})"
            )
        for index, entry in enumerate(value):
            if not isinstance(entry, self._kinds):
                raise fail(f"{name}[{index}]", f"must be a {self._kind_name}", entry)
            if self.item is not None:
                self.item(None, _Named(f"{name}[{index}]"), entry)


class SlugSet(_Validator):
    """A frozenset of at most ``max_items`` lower_snake_case strings (equipment, tags).

    With ``allowed`` (a vocabulary), every item must be one of those words.
    """

    def __init__(self, *, max_items: int, allowed: tuple[str, ...] = ()) -> None:
        self.max_items = max_items
        self.item: Matches | OneOf = OneOf(allowed) if allowed else slug_item
        self.allowed = allowed

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        name = attribute.name
        if not isinstance(value, frozenset):
            raise fail(name, "must be a frozenset of lower_snake_case strings", value)
        if len(value) > self.max_items:
            raise ValidationError(
                f"{name}: must hold at most {self.max_items} items (got {len(value)})"
            )
        for entry in sorted(value, key=repr):
            if not isinstance(entry, str) or not SLUG_PATTERN.fullmatch(entry):
                raise fail(
                    name,
                    "items must be lower_snake_case strings",
                    entry,
                    slug_item.suggestion(entry),
                )
            if self.allowed:
                self.item(None, _Named(name), entry)


class OneOf(_Validator):
    """A string from a fixed vocabulary ``values``; the message suggests a close one."""

    def __init__(self, values: tuple[str, ...]) -> None:
        self.values = values

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        if isinstance(value, str) and value in self.values:
            return
        hint = meant_hint(value, self.values)
        raise ValidationError(
            f"{attribute.name}: {show(value)} is not one of {', '.join(self.values)}{hint}"
        )


class InstanceOf(_Validator):
    """An instance of ``kinds`` (a model); ``label`` names a union of several."""

    def __init__(self, *kinds: type, label: str | None = None, optional: bool = False) -> None:
        self.kinds = kinds
        self.label = label
        self.optional = optional
        names = ", ".join(k.__name__ for k in kinds)
        self._wanted = f"a {label} ({names})" if label else f"a {names}"

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, self.kinds) and not (value is None and self.optional):
            raise fail(attribute.name, f"must be {self._wanted}", value)


class Date(_Validator):
    """A calendar date (:class:`datetime.date`, not a ``datetime``) in ``[minimum, maximum]``.

    ``optional`` also accepts ``None``. In documents a date is an ISO string
    (``"2024-03-05"``), read and written by :mod:`hipdip.io`.
    """

    def __init__(
        self,
        minimum: datetime.date = datetime.date(1900, 1, 1),
        maximum: datetime.date = datetime.date(2199, 12, 31),
        *,
        optional: bool = False,
    ) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.optional = optional

    def __call__(self, _inst: Any, attribute: Any, value: Any) -> None:
        if value is None and self.optional:
            return
        allowed = f"a date between {self.minimum.isoformat()} and {self.maximum.isoformat()}"
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise fail(attribute.name, f"must be {allowed} (a datetime.date)", value)
        if not self.minimum <= value <= self.maximum:
            raise fail(attribute.name, f"must be {allowed}", value)


class _Named:
    """Stands in for an attrs field where only the name is read (items of a tuple)."""

    def __init__(self, name: str) -> None:
        self.name = name


#: A lower_snake_case id.
slug = Matches(
    SLUG_PATTERN, "a lower_snake_case id (a-z, 0-9, _; starts with a letter; ≤ 64 chars)"
)
#: A lower_snake_case id or ``None``.
optional_slug = Matches(SLUG_PATTERN, slug.description, optional=True)
#: An id in a tuple of ids (its message is shorter: the field message said the rest).
slug_item = Matches(SLUG_PATTERN, "a lower_snake_case id")
#: Free text (names, cues, messages).
text = Text()
#: Free text or ``None`` (sources).
optional_text = Text(optional=True)


def finite(_inst: Any, attribute: Any, value: Any) -> None:
    if not is_number(value):
        raise fail(attribute.name, "must be a finite number", value)


def boolean(_inst: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise fail(attribute.name, "must be true or false", value)


def fail(name: str, message: str, value: object, meant: str | None = None) -> ValidationError:
    """The error for ``value`` of field ``name``; ``meant`` adds "did you mean …?"."""
    hint = f"; did you mean {meant!r}?" if meant is not None else ""
    return ValidationError(f"{name}: {message} (got {_show(value)}){hint}")


#: Longest rendering of a value in a message.
MAX_SHOWN = 60


def show(value: object) -> str:
    """``repr(value)`` cut to :data:`MAX_SHOWN` characters, for messages.

    A huge string is never copied whole, and an integer too long for
    ``repr`` (Python refuses over 4,300 digits) is described instead.

    >>> show("x" * 100) == "'" + "x" * 56 + "..."
    True
    >>> show(10**400), show(10**5000)
    ('an integer of 401 digits', 'an integer of about 5001 digits')
    """
    if isinstance(value, str | bytes) and len(value) > MAX_SHOWN:
        value = value[:MAX_SHOWN]
    elif isinstance(value, int) and value.bit_length() > 64:
        if value.bit_length() >= 13_000:  # past what str() converts (4,300 digits)
            return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
        digits = len(str(abs(value)))
        if digits > 40:
            return f"an integer of {digits} digits"
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


_show = show


def is_number(value: object) -> bool:
    """A finite real number that is not a ``bool``: ``int``, ``float``, any :class:`numbers.Real`
    (``fractions.Fraction``, numpy scalars) or a :class:`decimal.Decimal`.

    An integer too large for a float is not (``10**400``).

    >>> from decimal import Decimal
    >>> is_number(65), is_number(Decimal("65.5")), is_number(True), is_number(float("nan"))
    (True, True, False, False)
    >>> is_number(10**400)
    False
    """
    if value.__class__ is float:
        return math.isfinite(value)
    if isinstance(value, bool):
        return False
    if not isinstance(value, numbers.Real):
        # A Decimal can only exist once its module is imported: no import here.
        decimal = sys.modules.get("decimal")
        if decimal is None or not isinstance(value, decimal.Decimal):
            return False
    try:
        return math.isfinite(float(value))
    except (OverflowError, ValueError, TypeError, ArithmeticError):
        return False


def is_int(value: object) -> bool:
    """An integer that is not a ``bool``: ``int`` or any :class:`numbers.Integral` (numpy integers)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def to_float(value: Any) -> Any:
    """Converter of number fields: a real number of another type (``Decimal``, numpy scalars,
    ``Fraction``, a ``float`` subclass) becomes a ``float``; ``int``, ``None`` and anything
    that is not a number are left for the validator.

    >>> from decimal import Decimal
    >>> to_float(Decimal("65.5")), to_float(65), to_float("65")
    (65.5, 65, '65')
    """
    if value.__class__ is float or value.__class__ is int or value is None:
        return value
    if isinstance(value, bool) or not is_number(value):
        return value  # the validator says what is wrong with it
    return float(value)


def to_int(value: Any) -> Any:
    """Converter of integer fields: a :class:`numbers.Integral` (numpy integers) becomes an ``int``.

    >>> import fractions
    >>> to_int(30), to_int(fractions.Fraction(30, 1)), to_int(30.0)
    (30, Fraction(30, 1), 30.0)
    """
    if value.__class__ is int or value is None:
        return value
    if is_int(value):
        return int(value)
    return value


def check_number(
    name: str, value: Any, lo: float, hi: float, *, unit: str = "", lo_open: bool = False
) -> float:
    """``value`` as a ``float`` if it is a finite real number in range (:func:`is_number`),
    else raise :class:`ValidationError` naming ``name``."""
    if is_number(value) and (value > lo if lo_open else value >= lo) and value <= hi:
        return float(value)
    allowed = f"> {lo:g} and ≤ {hi:g}{unit}" if lo_open else f"between {lo:g} and {hi:g}{unit}"
    if not is_number(value):
        raise fail(name, f"must be a finite number {allowed}", value)
    if (lo > 0 or (lo == 0 and lo_open)) and value <= 0:
        raise fail(name, f"must be > 0 (allowed {allowed})", value)
    raise fail(name, f"must be {allowed}", value)


def to_frozenset(value: Any) -> Any:
    """Accept any iterable of strings (not a bare string) as a frozenset."""
    if isinstance(value, frozenset):
        return value
    if isinstance(value, set | list | tuple):
        try:
            return frozenset(value)
        except TypeError:
            return value  # unhashable items: let the validator report them
    return value


def to_tuple(value: Any) -> Any:
    """Accept a list where the model stores a tuple; anything else is left for the validator."""
    if isinstance(value, list):
        return tuple(value)
    return value


def enum_value(cls: type[E], name: str, value: Any) -> E:
    """Turn ``value`` (a member or its string value) into a member of ``cls``."""
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except (ValueError, TypeError):
        values = [str(m.value) for m in cls]
        raise fail(
            name, f"must be one of {', '.join(values)}", value, meant(value, values)
        ) from None


def meant_hint(value: object, options: Any) -> str:
    """``"; did you mean 'x'?"`` when ``value`` looks like a misspelt one of ``options``, else ``""``.

    >>> meant_hint("expereince", ["experience", "age"]), meant_hint("zzz", ["age"])
    ("; did you mean 'experience'?", '')
    """
    guess = meant(value, options)
    return f"; did you mean {guess!r}?" if guess is not None else ""


def meant(value: object, options: Any) -> str | None:
    """The one of ``options`` that ``value`` (a string) was probably meant to be, or ``None``.

    >>> meant("Female", ["female", "male"]), meant("LINEAR", ["linear"]), meant(3, ["a"])
    ('female', 'linear', None)
    """
    if not isinstance(value, str) or len(value) > 200:
        return None
    found = close_matches(value, options, n=1)
    return found[0] if found else None
