"""The JSON wire format: one strict cattrs converter for every model.

* enums are their lower-case values (``"female"``, ``"extra_light"``);
* the tagged unions carry ``"kind"``: loads (``{"kind": "band", "tier":
  "light", "placement": "knees"}``) and doses (``{"kind": "reps", "low": 10,
  "high": 20}``);
* unknown keys are rejected, types are not coerced (``"5"`` is not a number);
* every problem becomes one :class:`hipdip.ValidationError` whose ``errors``
  name each bad field by its path (``body.weight_kg: must be > 0 …``);
* documents written by :func:`dumps` carry ``"schema_version": 1``, checked by
  :func:`loads` (a document without it is read as version 1);
* collections are bounded before they are read (52 weeks, 7 sessions a week,
  30 items a session, 20 sets an item, 10,000 logged sessions), and
  :func:`loads` refuses texts over 16 MiB, so a hostile upload cannot exhaust
  memory or time. Nothing in a document is ever evaluated.

>>> from hipdip import Band, BandPlacement, BandTier
>>> from hipdip.io import dumps, from_dict, loads, to_dict
>>> to_dict(Band(BandTier.LIGHT, BandPlacement.KNEES))
{'kind': 'band', 'tier': 'light', 'placement': 'knees'}
>>> loads(dumps(Band(BandTier.LIGHT, BandPlacement.KNEES)), Band)
Band(tier=<BandTier.LIGHT: 'light'>, placement=<BandPlacement.KNEES: 'knees'>)
>>> from hipdip import BodyComposition
>>> from_dict({"weight_kg": -1, "height_cm": "tall", "hip": 1}, BodyComposition)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: 3 problems: height_cm: expected a number (got 'tall'); hip: unknown field (allowed: body_fat_pct, height_cm, hip_cm, neck_cm, waist_cm, weight_kg); weight_kg: must be > 0 (allowed between 20 and 400 kg) (got -1.0)
"""

from __future__ import annotations

import enum
import heapq
import json
import math
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn

from hipdip import models as m
from hipdip.errors import ValidationError
from hipdip.models import exercise as _exercise
from hipdip.models import log as _log
from hipdip.models import program as _program
from hipdip.models import results as _results

__all__ = ["SCHEMA_VERSION", "dumps", "from_dict", "loads", "to_dict"]

T = TypeVar("T")

#: Version of the JSON document format written by :func:`dumps`.
SCHEMA_VERSION = 1
#: Largest text :func:`loads` reads.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
#: A list stops being read after this many bad items, and one object's unknown
#: keys are named up to this many, so a hostile document costs bounded time.
MAX_PROBLEMS_PER_COLLECTION = 10
#: At most this many problems are listed in one :class:`ValidationError`.
MAX_PROBLEMS = 50

#: Longest list accepted for a collection of each item type (checked before the
#: items are read). Bounds come from the models.
_MAX_ITEMS: dict[Any, int] = {
    m.Week: _program.MAX_WEEKS,
    m.Session: _program.MAX_SESSIONS_PER_WEEK,
    m.Prescription: _program.MAX_ITEMS_PER_SESSION,
    m.SetResult: _program.MAX_SETS,
    m.ExerciseLog: _program.MAX_ITEMS_PER_SESSION,
    m.SessionLog: _log.MAX_LOGGED_SESSIONS,
    m.MuscleTarget: _exercise.MAX_TARGETS,
    m.Finding: _results.MAX_FINDINGS,
    m.Factor: _results.MAX_FACTORS,
    m.Decision: _results.MAX_DECISIONS,
    str: 200,
}

_TAGGED_UNIONS: dict[Any, dict[str, type]] = {
    m.Load: {"bodyweight": m.Bodyweight, "weight": m.Weight, "band": m.Band},
    m.Dose: {"reps": m.Reps, "hold": m.Hold},
}
_TAG_OF: dict[type, str] = {
    cls: tag for tags in _TAGGED_UNIONS.values() for tag, cls in tags.items()
}


def to_dict(obj: Any) -> Any:
    """Turn a model into JSON-ready Python data (dicts, lists, strings, numbers).

    >>> from hipdip import Reps
    >>> to_dict(Reps(10, 20))
    {'kind': 'reps', 'low': 10, 'high': 20}
    """
    return _converter().unstructure(obj)


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` model from JSON-ready data, strictly.

    Raises :class:`hipdip.ValidationError` listing every bad field by path.
    A top-level ``"schema_version"`` key is accepted and must be 1.

    >>> from hipdip import Reps
    >>> from_dict({"kind": "reps", "low": 10, "high": 20}, Reps)
    Reps(low=10, high=20)
    """
    if isinstance(data, Mapping) and "schema_version" in data:
        version = data["schema_version"]
        if not isinstance(version, int) or isinstance(version, bool) or version != SCHEMA_VERSION:
            raise ValidationError(
                f"schema_version: this hipdip reads version {SCHEMA_VERSION} documents "
                f"(got {version!r})"
            )
        data = {k: v for k, v in data.items() if k != "schema_version"}
    try:
        return _converter().structure(data, cls)
    except ValidationError as exc:
        problems = list(exc.errors)
    except (ClassValidationError, IterableValidationError, _Bad, _MoreProblems) as exc:
        problems = _capped(_messages(exc, ""))
    except RecursionError:
        problems = ["document: nested too deeply"]
    # Raised outside the handlers, so the error has no __context__: it does not
    # keep cattrs' error tree (and the document) alive, and it pickles anywhere
    # (also where tblib pickles exception chains).
    raise ValidationError(problems)


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """Serialize a model to a JSON document with ``"schema_version": 1``.

    >>> from hipdip import Weight
    >>> dumps(Weight(kg=1.5))
    '{"schema_version": 1, "kind": "weight", "kg": 1.5}'
    """
    data = to_dict(obj)
    document = {"schema_version": SCHEMA_VERSION, **data} if isinstance(data, dict) else data
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=indent)


def loads(text: str | bytes, cls: type[T]) -> T:
    """Read a JSON document (as written by :func:`dumps`) into a ``cls`` model.

    Anything wrong with the text — bad JSON, ``NaN``, unknown keys, wrong
    types, values a model rejects, oversized collections — raises one
    :class:`hipdip.ValidationError`.
    """
    if not isinstance(text, str | bytes | bytearray):
        raise ValidationError(
            f"document: expected JSON text (str or bytes) (got {type(text).__name__})"
        )
    if len(text) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            f"document: larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB (got {len(text)} bytes)"
        )
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        problem = f"document: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
    except RecursionError:
        problem = "document: nested too deeply"
    except (ValueError, UnicodeDecodeError) as exc:
        problem = f"document: cannot be read as JSON ({exc})"
    else:
        problem = ""
    if problem:  # raised outside the handlers: no __context__ holding the text
        raise ValidationError(problem)
    if _is_model(cls) and not isinstance(data, dict):
        raise ValidationError(
            f"document: expected a JSON object for {_name(cls)} (got {type(data).__name__})"
        )
    return from_dict(data, cls)


# --------------------------------------------------------------------------- #
# The converter


class _Bad(Exception):
    """A leaf problem found by a structure hook; the path is added later."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a hipdip document")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_model(cls: Any) -> bool:
    return (isinstance(cls, type) and attrs.has(cls)) or cls in _TAGGED_UNIONS


def _name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)


def _structure_str(value: Any, _cls: Any) -> str:
    if not isinstance(value, str):
        raise _Bad(f"expected a string (got {_show(value)})")
    return value


def _structure_int(value: Any, _cls: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Bad(f"expected an integer (got {_show(value)})")
    return value


def _structure_float(value: Any, _cls: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise _Bad(f"expected a number (got {_show(value)})")
    return float(value)


def _structure_bool(value: Any, _cls: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"expected true or false (got {_show(value)})")
    return value


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    allowed = ", ".join(str(member.value) for member in cls)
    raise _Bad(f"must be one of {allowed} (got {_show(value)})")


def _unstructure_enum(value: enum.StrEnum) -> str:
    return str(value.value)


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], Any]:
    item_type = get_args(cls)[0]
    limit = _MAX_ITEMS.get(item_type, 1000)
    handler = converter.get_structure_hook(item_type)

    def structure(value: Any, _cls: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _Bad(f"expected a list (got {_show(value)})")
        if len(value) > limit:
            raise _Bad(f"at most {limit} items allowed (got {len(value)})")
        items: list[Any] = []
        problems: list[Exception] = []
        notes: list[int] = []
        for index, item in enumerate(value):
            try:
                items.append(handler(item, item_type))
            except Exception as exc:  # collected, reported with its index
                problems.append(exc)
                notes.append(index)
                if len(problems) >= MAX_PROBLEMS_PER_COLLECTION and index + 1 < len(value):
                    raise _ListError(problems, notes, unchecked=len(value) - index - 1) from None
        if problems:
            raise _ListError(problems, notes)
        return tuple(items)

    return structure


class _ListError(Exception):
    def __init__(
        self, problems: list[Exception], indexes: list[int], *, unchecked: int = 0
    ) -> None:
        super().__init__("list items are invalid")
        self.problems = problems
        self.indexes = indexes
        self.unchecked = unchecked


def _structure_str_set(value: Any, _cls: Any) -> frozenset[str]:
    if not isinstance(value, list | tuple):
        raise _Bad(f"expected a list of strings (got {_show(value)})")
    if len(value) > _MAX_ITEMS[str]:
        raise _Bad(f"at most {_MAX_ITEMS[str]} items allowed (got {len(value)})")
    problems: list[Exception] = []
    indexes: list[int] = []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            problems.append(_Bad(f"expected a string (got {_show(item)})"))
            indexes.append(index)
    if problems:
        raise _ListError(problems, indexes)
    return frozenset(value)


def _make_union_hooks(
    converter: cattrs.Converter, union: Any
) -> tuple[Callable[[Any, Any], Any], Callable[[Any], Any]]:
    tags = _TAGGED_UNIONS[union]
    allowed = ", ".join(sorted(tags))

    def structure(value: Any, _cls: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Bad(f"expected an object with a 'kind' of {allowed} (got {_show(value)})")
        kind = value.get("kind")
        cls = tags.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise _KindError(f"must be one of {allowed} (got {_show(kind)})")
        return converter.structure({k: v for k, v in value.items() if k != "kind"}, cls)

    def unstructure(obj: Any) -> Any:
        return converter.unstructure(obj, type(obj))

    return structure, unstructure


class _KindError(_Bad):
    """A tagged union's ``kind`` is missing or unknown."""


def _make_model_hook(converter: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
    )
    tag = _TAG_OF.get(cls)
    fields = attrs.fields(attrs.resolve_types(cls))

    def structure(value: Any, _cls: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Bad(f"expected an object for {cls.__name__} (got {_show(value)})")
        if tag is not None and "kind" in value:
            if value["kind"] != tag:
                raise _KindError(f"must be {tag!r} for {cls.__name__} (got {_show(value['kind'])})")
            value = {k: v for k, v in value.items() if k != "kind"}
        try:
            return inner(value, cls)
        except ClassValidationError as exc:
            raise _with_field_checks(exc, value, fields, converter) from None

    return structure


class _MoreProblems(Exception):
    """A class's structuring errors plus the problems of its other fields."""

    def __init__(self, first: BaseException, more: list[BaseException]) -> None:
        super().__init__("invalid object")
        self.first = first
        self.more = more


def _with_field_checks(
    exc: ClassValidationError, value: Mapping[str, Any], fields: Any, converter: cattrs.Converter
) -> BaseException:
    """``exc``, plus the validator errors of the fields that did structure.

    cattrs stops before the constructor when any field fails to structure,
    so a range error beside a type error would go unreported until the type
    error is fixed. Each remaining field's converter and validators run on
    their own here, so one ValidationError lists every problem at once.
    """
    with_notes, _ = exc.group_exceptions()
    if not with_notes:  # every field structured: the constructor itself reported
        return exc
    failed = {note.name for _, note in with_notes}
    more: list[BaseException] = []
    for field in fields:
        if field.name in failed or field.name not in value:
            continue
        try:
            item = converter.structure(value[field.name], field.type)
            if field.converter is not None:
                item = field.converter(item)
            if field.validator is not None:
                field.validator(None, field, item)
        except ValidationError as problem:
            more.append(problem)
        except Exception:  # reported by cattrs already, or not a field-level problem
            continue
    return _MoreProblems(exc, more) if more else exc


def _make_model_unstructure(converter: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    fields = [(field.name, field.type) for field in attrs.fields(attrs.resolve_types(cls))]
    tag = _TAG_OF.get(cls)

    def unstructure(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": tag} if tag is not None else {}
        for name, field_type in fields:
            data[name] = converter.unstructure(getattr(obj, name), field_type)
        return data

    return unstructure


def _equals(expected: Any) -> Callable[[Any], bool]:
    def predicate(candidate: Any) -> bool:
        return bool(candidate == expected)

    return predicate


@cache
def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # cattrs dispatches on classes first (functools.singledispatch, by MRO):
    # StrEnum must be registered itself or the ``str`` hook would catch enums.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_unstructure_hook(enum.StrEnum, _unstructure_enum)
    converter.register_structure_hook_func(lambda t: t == frozenset[str], _structure_str_set)
    converter.register_unstructure_hook_func(lambda t: t == frozenset[str], sorted)
    for union in _TAGGED_UNIONS:
        structure, unstructure = _make_union_hooks(converter, union)
        converter.register_structure_hook_func(_equals(union), structure)
        converter.register_unstructure_hook_func(_equals(union), unstructure)
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda cls: _make_tuple_hook(converter, cls)
    )
    converter.register_structure_hook_factory(
        attrs.has, lambda cls: _make_model_hook(converter, cls)
    )
    converter.register_unstructure_hook_factory(
        attrs.has, lambda cls: _make_model_unstructure(converter, cls)
    )
    return converter


# --------------------------------------------------------------------------- #
# Error messages


def _join(path: str, part: str) -> str:
    if not path:
        return part
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def _key(key: object) -> str:
    """A document key as it appears in a path: plain names bare, anything else quoted."""
    return key if isinstance(key, str) and key.isidentifier() else repr(key)


def _capped(messages: list[str]) -> list[str]:
    """At most :data:`MAX_PROBLEMS` messages, the last saying how many were left out."""
    if len(messages) <= MAX_PROBLEMS:
        return messages
    left_out = len(messages) - (MAX_PROBLEMS - 1)
    return [*messages[: MAX_PROBLEMS - 1], f"… and {left_out} more problems"]


def _messages(exc: BaseException, path: str) -> list[str]:
    """One ``path: problem`` line per leaf problem in a cattrs error tree."""
    out: list[str] = []
    if isinstance(exc, _MoreProblems):
        out.extend(_messages(exc.first, path))
        for problem in exc.more:
            out.extend(_messages(problem, path))
        return out
    if isinstance(exc, ClassValidationError):
        attribute_errors, class_errors = exc.group_exceptions()
        for sub, attribute_note in attribute_errors:
            out.extend(_messages(sub, _join(path, attribute_note.name)))
        for sub in class_errors:
            out.extend(_messages(sub, path))
        return out
    if isinstance(exc, IterableValidationError):
        item_errors, list_errors = exc.group_exceptions()
        for sub, item_note in item_errors:
            out.extend(_messages(sub, _join(path, f"[{item_note.index}]")))
        for sub in list_errors:
            out.extend(_messages(sub, path))
        return out
    if isinstance(exc, _ListError):
        for sub, index in zip(exc.problems, exc.indexes, strict=True):
            out.extend(_messages(sub, _join(path, f"[{index}]")))
        if exc.unchecked:
            out.append(
                f"{path or 'document'}: {exc.unchecked} further items not checked "
                f"after {len(exc.problems)} bad ones"
            )
        return out
    if isinstance(exc, ValidationError):
        return [_join(path, error) if path else error for error in exc.errors]
    if isinstance(exc, _KindError):
        return [f"{_join(path, 'kind')}: {exc}"]
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(sorted(field.name for field in attrs.fields(exc.cl))) or "none"
        keys = heapq.nsmallest(MAX_PROBLEMS_PER_COLLECTION, exc.extra_fields, key=str)
        out = [f"{_join(path, _key(key))}: unknown field (allowed: {allowed})" for key in keys]
        if len(exc.extra_fields) > len(keys):
            more = len(exc.extra_fields) - len(keys)
            out.append(f"{path or 'document'}: {more} more unknown fields")
        return out
    if isinstance(exc, KeyError):
        return [f"{path or 'document'}: required field is missing"]
    if isinstance(exc, _Bad):
        return [f"{path or 'document'}: {exc}"]
    return [f"{path or 'document'}: invalid value ({type(exc).__name__}: {exc})"]
