"""Validators and converters shared by the models (private).

Each validator raises :class:`hipdip.errors.ValidationError` whose message
starts with the field name and says what is allowed, so a caller (or the JSON
layer, which prefixes the path) can point at the bad field.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

from hipdip.errors import ValidationError

E = TypeVar("E", bound=enum.Enum)

#: Ids of muscles, exercises, schemes and rules: lower_snake_case, ≤ 64 chars.
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
#: Longest free-text field (names, cues, messages) a model accepts.
MAX_TEXT = 2000

Validator = Callable[[Any, Any, Any], None]


def fail(name: str, message: str, value: object) -> ValidationError:
    return ValidationError(f"{name}: {message} (got {_show(value)})")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_number(
    name: str, value: Any, lo: float, hi: float, *, unit: str = "", lo_open: bool = False
) -> None:
    """Raise :class:`ValidationError` unless ``value`` is a finite number in range."""
    if is_number(value) and (value > lo if lo_open else value >= lo) and value <= hi:
        return
    allowed = f"> {lo:g} and ≤ {hi:g}{unit}" if lo_open else f"between {lo:g} and {hi:g}{unit}"
    if not is_number(value):
        raise fail(name, f"must be a finite number {allowed}", value)
    if (lo > 0 or (lo == 0 and lo_open)) and value <= 0:
        raise fail(name, f"must be > 0 (allowed {allowed})", value)
    raise fail(name, f"must be {allowed}", value)


def number_in(
    lo: float, hi: float, *, unit: str = "", lo_open: bool = False, optional: bool = False
) -> Validator:
    """A validator: a finite number in ``[lo, hi]`` (``(lo, hi]`` with ``lo_open``)."""

    def check(_inst: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        check_number(attribute.name, value, lo, hi, unit=unit, lo_open=lo_open)

    return check


def int_in(lo: int, hi: int, *, unit: str = "", optional: bool = False) -> Validator:
    """An ``int`` (not a ``bool``) in ``[lo, hi]``."""
    allowed = f"between {lo} and {hi}{unit}"

    def check(_inst: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if not is_int(value):
            raise fail(attribute.name, f"must be an integer {allowed}", value)
        if not lo <= value <= hi:
            raise fail(attribute.name, f"must be {allowed}", value)

    return check


def finite(_inst: Any, attribute: Any, value: Any) -> None:
    if not is_number(value):
        raise fail(attribute.name, "must be a finite number", value)


def boolean(_inst: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise fail(attribute.name, "must be true or false", value)


def slug(_inst: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        raise fail(
            attribute.name,
            "must be a lower_snake_case id (a-z, 0-9, _; starts with a letter; ≤ 64 chars)",
            value,
        )


def optional_slug(inst: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        slug(inst, attribute, value)


def text(_inst: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise fail(
            attribute.name, f"must be a non-empty string of at most {MAX_TEXT} characters", value
        )


def optional_text(inst: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        text(inst, attribute, value)


def tuple_of(
    kind: type | tuple[type, ...],
    *,
    max_items: int,
    min_items: int = 0,
    item_check: Callable[[str, Any], None] | None = None,
) -> Validator:
    """A tuple of ``kind`` items with ``min_items``–``max_items`` entries."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    kind_name = " or ".join(k.__name__ for k in kinds)

    def check(_inst: Any, attribute: Any, value: Any) -> None:
        name = attribute.name
        if not isinstance(value, tuple):
            raise fail(name, f"must be a tuple of {kind_name}", value)
        if not min_items <= len(value) <= max_items:
            raise ValidationError(
                f"{name}: must hold between {min_items} and {max_items} items (got {len(value)})"
            )
        for index, item in enumerate(value):
            if not isinstance(item, kinds):
                raise fail(f"{name}[{index}]", f"must be a {kind_name}", item)
            if item_check is not None:
                item_check(f"{name}[{index}]", item)

    return check


def check_text_item(name: str, value: Any) -> None:
    if not value.strip() or len(value) > MAX_TEXT:
        raise fail(name, f"must be a non-empty string of at most {MAX_TEXT} characters", value)


def check_slug_item(name: str, value: Any) -> None:
    if not SLUG_PATTERN.fullmatch(value):
        raise fail(name, "must be a lower_snake_case id", value)


def slug_set(*, max_items: int = 50) -> Validator:
    """A frozenset of lower_snake_case strings (equipment)."""

    def check(_inst: Any, attribute: Any, value: Any) -> None:
        name = attribute.name
        if not isinstance(value, frozenset):
            raise fail(name, "must be a frozenset of lower_snake_case strings", value)
        if len(value) > max_items:
            raise ValidationError(f"{name}: must hold at most {max_items} items (got {len(value)})")
        for item in sorted(value, key=repr):
            if not isinstance(item, str) or not SLUG_PATTERN.fullmatch(item):
                raise fail(name, "items must be lower_snake_case strings", item)

    return check


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
        allowed = ", ".join(str(m.value) for m in cls)
        raise fail(name, f"must be one of {allowed}", value) from None
