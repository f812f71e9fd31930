"""The JSON wire format: one strict format for every model, written and read with cattrs.

* enums are their lower-case values (``"female"``, ``"extra_light"``);
* dates are ISO strings, ``"2024-03-05"`` (a date, never a date and time);
* the tagged unions carry ``"kind"``: loads (``{"kind": "band", "tier":
  "light", "placement": "knees"}``) and doses (``{"kind": "reps", "low": 10,
  "high": 20}``);
* unknown keys are rejected, types are not coerced (``"5"`` is not a number;
  a whole number written ``30.0`` is the integer 30, as in JSON Schema);
* every problem becomes one :class:`hipdip.ValidationError` whose ``errors``
  name each bad field by its path (``body.weight_kg: must be > 0 …``);
* documents written by :func:`dumps` carry ``"schema_version": 1``, checked by
  :func:`loads` (a document without it is read as version 1);
* collections are bounded before they are read (52 weeks, 7 sessions a week,
  30 items a session, 20 sets an item, 10,000 logged sessions), and
  :func:`loads` refuses texts over 16 MiB, so a hostile upload cannot exhaust
  memory or time. Nothing in a document is ever evaluated;
* a valid document is read on a fast path that calls the models'
  constructors directly (their validators run as always) and builds each
  repeated small value, such as a logged set, once; a document with problems
  is read again by the cattrs converter, which names every problem.

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
hipdip.errors.ValidationError: 3 problems: height_cm: expected a number (got 'tall'); hip: unknown field (allowed: body_fat_pct, height_cm, hip_cm, neck_cm, waist_cm, weight_kg); did you mean 'hip_cm'?; weight_kg: must be > 0 (allowed between 20 and 400 kg) (got -1.0)
"""

from __future__ import annotations

import datetime
import enum
import functools
import heapq
import json
import operator
import re
import sys
from collections.abc import Callable, Mapping
from types import UnionType
from typing import Any, TypeVar, Union, cast, get_args, get_origin, overload

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override
from cattrs.strategies import configure_tagged_union

from hipdip import models as m
from hipdip.errors import MAX_PROBLEMS as _MAX_PROBLEMS
from hipdip.errors import ValidationError, cap_problems
from hipdip.models import _checks

__all__ = ["SCHEMA_VERSION", "TAGGED_UNIONS", "dumps", "from_dict", "loads", "tag_of", "to_dict"]

T = TypeVar("T")

#: Version of the JSON document format written by :func:`dumps`.
SCHEMA_VERSION = 1
#: Largest text :func:`loads` reads.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
#: A list stops being read after this many bad items, and one object's unknown
#: keys are named up to this many, so a hostile document costs bounded time.
MAX_PROBLEMS_PER_COLLECTION = 10
#: At most this many problems are listed in one :class:`ValidationError`.
MAX_PROBLEMS = _MAX_PROBLEMS
#: The tagged unions: each member is written with a ``"kind"``, see :func:`tag_of`.
TAGGED_UNIONS: tuple[Any, ...] = (m.Load, m.Dose)


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
    cls = _document_class(cls)
    if isinstance(data, Mapping) and "schema_version" in data:
        version = data["schema_version"]
        # 1 or 1.0: a whole number may be written either way (docs/cli.md), as the schema's
        # "const": 1 reads it.
        if (
            not isinstance(version, int | float)
            or isinstance(version, bool)
            or version != SCHEMA_VERSION
        ):
            raise ValidationError(
                f"schema_version: this hipdip reads version {SCHEMA_VERSION} documents "
                f"(got {_show(version)})"
            )
        data = {k: v for k, v in data.items() if k != "schema_version"}
    try:  # a valid document takes the fast path: no error bookkeeping
        fast: Callable[[Any, Any], T] = _fast(cast(Any, cls))
        return fast(data, cls)
    except Exception:  # read it again, collecting every problem with its path
        pass
    try:
        return _converter().structure(data, cls)
    except ValidationError as exc:
        problems = list(exc.errors)
    except (ClassValidationError, IterableValidationError, _Bad) as exc:
        problems = _capped(_messages(exc))
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
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=indent)
    except (TypeError, ValueError) as exc:  # not a model: bytes, NaN, an arbitrary object
        raise ValidationError(
            f"obj: not something hipdip writes as JSON ({type(obj).__name__}: {exc}); give a "
            "hipdip model such as a Profile, Program or TrainingLog"
        ) from None


@overload
def loads(text: str | bytes, cls: type[T]) -> T: ...
@overload
def loads(text: str | bytes, cls: str) -> Any: ...
def loads(text: str | bytes, cls: type[T] | str) -> T | Any:
    """Read a JSON document (as written by :func:`dumps`) into a ``cls`` model.

    ``cls`` is a model class (:class:`~hipdip.Profile`) or the name of a
    document (``"profile"``, ``"program"``, ``"log"``: :data:`hipdip.schema.DOCUMENTS`).
    Anything wrong with the text — bad JSON, ``NaN``, a key twice in one
    object, unknown keys, wrong types, values a model rejects, oversized
    collections — raises one :class:`hipdip.ValidationError`.

    >>> loads('{"kind": "reps", "low": 10, "high": 20}', "dose")
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: cls: not a document hipdip reads: 'dose' (give a model class such as hipdip.Profile, or one of: log, profile, program)
    >>> from hipdip import BodyComposition
    >>> loads('{"weight_kg": 65, "weight_kg": 99, "height_cm": 165}', BodyComposition)
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: weight_kg: appears twice in one object; each key may appear once
    """
    target: Any = _document_class(cls)
    data = _parse_json(text)
    if _is_model(target) and not isinstance(data, dict):
        raise ValidationError(
            f"document: expected a JSON object {{…}} for {_document_name(target)} "
            f"(got {_json_type(data)})"
        )
    return from_dict(data, target)


def _parse_json(text: str | bytes | bytearray) -> Any:
    """Strict JSON (no ``NaN``, no key twice, bounded size and depth), or one :class:`ValidationError`.

    Also used by the CLI for the documents it reads as plain JSON (FHIR, Open mHealth).
    """
    if not isinstance(text, str | bytes | bytearray):
        raise ValidationError(
            f"document: expected JSON text (str or bytes) (got {type(text).__name__})"
        )
    if len(text) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            f"document: larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB (got {len(text)} bytes)"
        )
    if isinstance(text, str):
        # A byte-order mark, as bytes already are (read_text() of a file Notepad saved).
        text = text.removeprefix("\ufeff")
    if not text or (text[:1].isspace() and not text.strip()):
        raise ValidationError("document: empty (expected a JSON object)")
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        problem = f"document: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
    except RecursionError:
        problem = "document: nested too deeply"
    except _DuplicateKey as exc:
        problem = _duplicate_problem(text, exc.key)
    except (ValueError, UnicodeDecodeError) as exc:
        problem = f"document: cannot be read as JSON ({_checks.show(str(exc))[1:-1]})"
    else:
        problem = ""
    if problem.startswith("document: cannot be read as JSON ("):
        # Python refuses to turn an integer of over 4,300 digits (its
        # int_max_str_digits) into an int: read the text again with each such
        # integer kept as a _LongInteger, so that the usual checks name the field
        # it stands in ("age: too large (got an integer of 5000 digits)").
        try:
            data = json.loads(
                text,
                parse_constant=_reject_constant,
                object_pairs_hook=_unique_keys,
                parse_int=_parse_int,
            )
        except (ValueError, RecursionError):  # pragma: no cover - not an integer's length
            pass
        else:
            problem = ""
    if problem:  # raised outside the handlers: no __context__ holding the text
        raise ValidationError(problem)
    return data


class _LongInteger:
    """An integer of a document too long to read as a Python ``int`` (over 4,300 digits).

    It stands in the parsed document where the integer was, so that the field
    is named when it is rejected: no field of a hipdip document takes a number
    that large, and ``repr`` says what it was (``an integer of 5000 digits``).
    """

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"an integer of {self.digits} digits"


def _parse_int(text: str) -> int | _LongInteger:
    """``json.loads``' reader of integers: an int, or a :class:`_LongInteger` past Python's limit."""
    digits = len(text) - text.startswith("-")
    limit = sys.get_int_max_str_digits()
    if limit and digits > limit:
        return _LongInteger(digits)
    return int(text)


def tag_of(cls: type) -> str | None:
    """The ``"kind"`` a member of a tagged union carries in documents (``None`` for other classes).

    >>> from hipdip import Band, Hold, Profile
    >>> tag_of(Band), tag_of(Hold), tag_of(Profile)
    ('band', 'hold', None)
    """
    if any(cls in get_args(union) for union in TAGGED_UNIONS):
        return _tag(cls)
    return None


def _tag(cls: type) -> str:
    return cls.__name__.lower()


# --------------------------------------------------------------------------- #
# Leaves: the JSON values of fields, checked strictly (no coercion)


class _Bad(Exception):
    """A leaf problem found by a structure hook; the path is added later."""


class _KindError(_Bad):
    """A tagged union's ``kind`` is missing or unknown."""


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``' object hook: a dict, or :class:`_DuplicateKey` for a key given twice."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return data


class _Keys(dict[str, Any]):
    """A JSON object that remembers the first key it was given twice (see :func:`_duplicate_problem`)."""

    twice: str | None = None


def _keys_noting_duplicates(pairs: list[tuple[str, Any]]) -> _Keys:
    data = _Keys(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                data.twice = key
                break
            seen.add(key)
    return data


def _duplicate_problem(text: str | bytes | bytearray, key: str) -> str:
    """The message for a key given twice in one object, with its path.

    Only on this error path is the text read again, with objects that note
    their duplicate key, and walked to the first such object.
    """
    message = "appears twice in one object; each key may appear once"
    try:
        data = json.loads(text, object_pairs_hook=_keys_noting_duplicates)
    except (ValueError, RecursionError):  # pragma: no cover - json.loads read it already
        return f"document: the key {_show(key)} {message}"
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, _Keys):
            if value.twice is not None:
                return f"{_join(path, _key(value.twice))}: {message}"
            todo.extend((_join(path, _key(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            todo.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return f"document: the key {_show(key)} {message}"  # pragma: no cover


def _json_type(value: Any) -> str:
    """What a JSON value is, in JSON's words (``an array``, ``null``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_show(value)}"
    if isinstance(value, str):
        return f"the string {_show(value)}"
    if isinstance(value, list):
        return "an array [...]"
    return "an object {...}"


def _document_class(cls: Any) -> Any:
    """``cls`` itself if hipdip can read it; a document name's class; else :class:`ValidationError`."""
    from hipdip.schema import DOCUMENTS

    if isinstance(cls, str):
        found = DOCUMENTS.get(cls)
        if found is None:
            names = ", ".join(sorted(DOCUMENTS))
            raise ValidationError(
                f"cls: not a document hipdip reads: {_show(cls)} (give a model class such as "
                f"hipdip.Profile, or one of: {names})"
            )
        return found
    try:
        _fast(cls)
    except Exception:  # unhashable, or a type hipdip has no reader for
        names = ", ".join(sorted(DOCUMENTS))
        raise ValidationError(
            f"cls: hipdip cannot read documents into {_show(cls)} (give a model class such as "
            f"hipdip.Profile, or one of: {names})"
        ) from None
    return cls


def _document_name(cls: Any) -> str:
    """How a user knows ``cls``: ``a profile``, or the class name."""
    from hipdip.schema import DOCUMENTS

    for name, known in DOCUMENTS.items():
        if known is cls:
            return f"a {name}"
    return _name(cls)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a hipdip document")


_MAX_SHOWN = _checks.MAX_SHOWN
_show = _checks.show


def _is_model(cls: Any) -> bool:
    return (isinstance(cls, type) and attrs.has(cls)) or cls in TAGGED_UNIONS


def _name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)


def _structure_str(value: Any, _cls: Any) -> str:
    if not isinstance(value, str):
        raise _Bad(f"expected a string (got {_show(value)})")
    return value


#: Integers a float holds exactly (2**53); larger integral floats stay "not an integer".
_EXACT_FLOAT_INTS = 2.0**53


def _structure_int(value: Any, _cls: Any) -> int:
    if value.__class__ is int:
        return int(value)
    if value.__class__ is _LongInteger:
        raise _Bad(f"too large (got {value!r})")
    if _checks.is_int(value):
        return int(value)  # numpy integers and other Integral types (from_dict)
    if isinstance(value, float) and value.is_integer() and abs(value) <= _EXACT_FLOAT_INTS:
        return int(value)  # 30.0 is an integer to JSON Schema too
    raise _Bad(f"expected an integer (got {_show(value)})")


def _structure_float(value: Any, _cls: Any) -> float:
    if _checks.is_number(value):
        return float(value)
    if value.__class__ is _LongInteger or _checks.is_int(value):  # past what a float holds
        raise _Bad(f"too large (got {_show(value)})")
    raise _Bad(f"expected a number (got {_show(value)})")


def _structure_bool(value: Any, _cls: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"expected true or false (got {_show(value)})")
    return value


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    member = _members(cls).get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(_members(cls))
        hint = _checks.meant_hint(value, _members(cls))
        raise _Bad(f"must be one of {allowed} (got {_show(value)}){hint}")
    return member


@functools.cache
def _members(cls: type[enum.Enum]) -> dict[str, enum.Enum]:
    return {str(member.value): member for member in cls}


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_date(value: Any, _cls: Any) -> datetime.date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Bad(f"expected an ISO date YYYY-MM-DD (got {_show(value)})")


def _unstructure_date(value: datetime.date) -> str:
    return value.isoformat()


_LEAVES: dict[Any, Callable[[Any, Any], Any]] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
    datetime.date: _structure_date,
}


def _is_optional(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) in (Union, UnionType) and len(args) == 2 and type(None) in args


def _optional(inner: Callable[[Any, Any], Any], inner_type: Any) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _cls: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure


def _bounded_list(value: Any, limit: int) -> None:
    """Refuse a collection before reading its items: not a list, or longer than ``limit``."""
    if not isinstance(value, list | tuple):
        raise _Bad(f"expected a list (got {_show(value)})")
    if len(value) > limit:
        raise _Bad(f"at most {limit} items allowed (got {len(value)})")


def _make_str_set_hook(limit: int) -> Callable[[Any, Any], frozenset[str]]:
    def structure(value: Any, cls: Any) -> frozenset[str]:
        if not isinstance(value, list | tuple):
            raise _Bad(f"expected a list of strings (got {_show(value)})")
        if len(value) > limit:
            raise _Bad(f"at most {limit} items allowed (got {len(value)})")
        problems = [
            _noted(_Bad(f"expected a string (got {_show(item)})"), index, str)
            for index, item in enumerate(value)
            if not isinstance(item, str)
        ]
        if problems:
            raise IterableValidationError("list items are invalid", problems, cls)
        return frozenset(value)

    return structure


def _limit(cls: type, field: attrs.Attribute[Any]) -> int:
    """The most items a collection field holds: its validator's ``max_items``."""
    limit = getattr(field.validator, "max_items", None)
    if not isinstance(limit, int):  # pragma: no cover - every collection declares its bound
        raise TypeError(f"{cls.__name__}.{field.name} declares no max_items")
    return limit


# --------------------------------------------------------------------------- #
# The fast path: valid documents, no error bookkeeping


#: Most distinct values remembered per class by the fast path (see :func:`_fast_model`).
_MEMO_SIZE = 4096


@functools.cache
def _fast(tp: Any) -> Callable[[Any, Any], Any]:
    """A hook that structures valid data of type ``tp`` quickly, and raises on anything else.

    It only says *that* data is bad (any exception); :func:`from_dict` then
    reads the data again with the cattrs converter to say *what* is bad. The
    models' own validators run either way: the fast path builds the same
    objects by calling the same constructors.
    """
    if tp in _LEAVES:
        return _LEAVES[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _structure_enum
    if _is_optional(tp):
        (inner_type,) = (arg for arg in get_args(tp) if arg is not type(None))
        return _optional(_fast(inner_type), inner_type)
    if tp in TAGGED_UNIONS:
        members = {_tag(member): _fast(member) for member in get_args(tp)}
        return lambda value, _cls: members[value["kind"]](value, _cls)
    if isinstance(tp, type) and attrs.has(tp):
        return _fast_model(tp)
    raise TypeError(f"no fast path for {tp!r}")


def _fast_items(item_type: Any, limit: int) -> Callable[[Any, Any], tuple[Any, ...]]:
    handler = _fast(item_type)

    def structure(value: Any, _cls: Any) -> tuple[Any, ...]:
        _bounded_list(value, limit)
        return tuple([handler(item, item_type) for item in value])

    return structure


def _fast_model(cls: type) -> Callable[[Any, Any], Any]:
    """Generate a function that checks the keys, structures each field and calls ``cls``.

    Like attrs and cattrs, the function is generated once per class, as
    straight-line code. A class without collections is a small value (a
    load, a dose, a logged set) that repeats through a document: equal field
    values give the same frozen object, remembered (up to
    :data:`_MEMO_SIZE` per class), so a long log builds each distinct set
    once. A zero float is never remembered (``0.0 == -0.0``, yet they are
    written differently).
    """
    fields = attrs.fields(attrs.resolve_types(cls))
    if any(field.kw_only or not field.init for field in fields):  # pragma: no cover
        raise TypeError(f"{cls.__name__}: the fast path passes every field by position")
    tag = tag_of(cls)
    allowed = {field.name for field in fields} | ({"kind"} if tag else set())
    space: dict[str, Any] = {"cls": cls, "allowed": frozenset(allowed), "Bad": _Bad, "memo": {}}
    lines = [
        "def structure(o, _):",
        "    if o.__class__ is not dict or not allowed.issuperset(o):",
        "        raise Bad()",
    ]
    if tag:
        lines += [f"    if o.get('kind', {tag!r}) != {tag!r}:", "        raise Bad()"]
    values, floats = [], []
    for index, field in enumerate(fields):
        space[f"h{index}"], space[f"t{index}"], space[f"d{index}"] = _fast_field(cls, field)
        read = f"h{index}(o[{field.name!r}], t{index})"
        lines.append(f"    v{index} = {read} if {field.name!r} in o else d{index}()")
        values.append(f"v{index}")
        if float in (field.type, *get_args(field.type)):
            floats.append(f"v{index}")
    call = f"cls({', '.join(values)})"
    if any(get_origin(field.type) in (tuple, frozenset) for field in fields):
        lines.append(f"    return {call}")
    else:
        lines.append(f"    key = ({''.join(value + ', ' for value in values)})")
        if floats:
            lines += [
                f"    if 0.0 in ({''.join(v + ', ' for v in floats)}):",
                f"        return {call}",
            ]
        lines += [
            "    hit = memo.get(key)",
            "    if hit is None:",
            f"        hit = {call}",
            f"        if len(memo) < {_MEMO_SIZE}:",
            "            memo[key] = hit",
            "    return hit",
        ]
    exec("\n".join(lines), space)  # code made above from the class's own fields
    structure: Callable[[Any, Any], Any] = space["structure"]
    return structure


def _fast_field(cls: type, field: attrs.Attribute[Any]) -> tuple[Any, Any, Callable[[], Any]]:
    """The hook, the type and what stands in when the key is missing, for :func:`_fast_model`."""
    tp: Any = field.type
    hook: Callable[[Any, Any], Any]
    if get_origin(tp) is tuple:
        hook = _fast_items(get_args(tp)[0], _limit(cls, field))
    elif get_origin(tp) is frozenset:
        hook = _make_str_set_hook(_limit(cls, field))
    else:
        hook = _fast(tp)
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return hook, tp, default.factory
    return hook, tp, (_required if default is attrs.NOTHING else lambda: default)


def _required() -> Any:
    raise _Bad("required field is missing")


# --------------------------------------------------------------------------- #
# The cattrs converter: every problem with its path, and unstructuring


def _make_items_hook(
    converter: cattrs.Converter, item_type: Any, limit: int
) -> Callable[[Any, Any], tuple[Any, ...]]:
    """A list of at most ``limit`` items, its length checked before any item is read."""
    handler = converter.get_structure_hook(item_type)

    def structure(value: Any, cls: Any) -> tuple[Any, ...]:
        _bounded_list(value, limit)
        items: list[Any] = []
        problems: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(handler(item, item_type))
            except Exception as exc:  # collected, reported with its index
                problems.append(_noted(exc, index, item_type))
                unchecked = len(value) - index - 1
                if len(problems) >= MAX_PROBLEMS_PER_COLLECTION and unchecked:
                    problems.append(
                        _Bad(
                            f"{unchecked} further items not checked after {len(problems)} bad ones"
                        )
                    )
                    break
        if problems:
            raise IterableValidationError("list items are invalid", problems, cls)
        return tuple(items)

    return structure


def _noted(exc: Exception, index: int, item_type: Any) -> Exception:
    note = IterableValidationNote(f"Structuring item @ index {index}", index, item_type)
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return exc


def _make_model_hook(converter: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    fields = attrs.fields(attrs.resolve_types(cls))
    collections: dict[str, Any] = {}
    for field in fields:
        origin = get_origin(field.type)
        if origin is tuple:
            hook = _make_items_hook(converter, get_args(field.type)[0], _limit(cls, field))
            collections[field.name] = override(struct_hook=hook)
        elif origin is frozenset:
            collections[field.name] = override(struct_hook=_make_str_set_hook(_limit(cls, field)))
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        **collections,
    )
    tag = tag_of(cls)

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
            raise _with_field_checks(exc, value, cls, converter) from None

    return structure


def _with_field_checks(
    exc: ClassValidationError, value: Mapping[str, Any], cls: type, converter: cattrs.Converter
) -> ClassValidationError:
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
    more: list[Exception] = []
    for field in attrs.fields(cls):
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
    return ClassValidationError(exc.message, [*exc.exceptions, *more], cls) if more else exc


def _guard_union(union: Any, tagged: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """cattrs' tagged-union hook behind checks that name a bad ``kind`` in hipdip's words."""
    tags = {_tag(member) for member in get_args(union)}
    allowed = ", ".join(sorted(tags))

    def structure(value: Any, cls: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Bad(f"expected an object with a 'kind' of {allowed} (got {_show(value)})")
        kind = value.get("kind")
        if not isinstance(kind, str) or kind not in tags:
            raise _KindError(f"must be one of {allowed} (got {_show(kind)})")
        return tagged(dict(value), cls)

    return structure


def _make_model_unstructure(converter: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    fields = [(field.name, field.type) for field in attrs.fields(attrs.resolve_types(cls))]
    tag = tag_of(cls)

    def unstructure(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": tag} if tag is not None else {}
        for name, field_type in fields:
            data[name] = converter.unstructure(getattr(obj, name), field_type)
        return data

    return unstructure


def _unstructure_enum(value: enum.StrEnum) -> str:
    return str(value.value)


@functools.cache
def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # cattrs dispatches on classes first (functools.singledispatch, by MRO):
    # StrEnum must be registered itself or the ``str`` hook would catch enums.
    for leaf, hook in _LEAVES.items():
        converter.register_structure_hook(leaf, hook)
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_unstructure_hook(enum.StrEnum, _unstructure_enum)
    converter.register_unstructure_hook(datetime.date, _unstructure_date)
    converter.register_unstructure_hook_func(lambda t: t == frozenset[str], sorted)
    converter.register_structure_hook_factory(
        attrs.has, lambda cls: _make_model_hook(converter, cls)
    )
    converter.register_unstructure_hook_factory(
        attrs.has, lambda cls: _make_model_unstructure(converter, cls)
    )
    for union in TAGGED_UNIONS:
        configure_tagged_union(union, converter, tag_generator=_tag, tag_name="kind")
        hook = _guard_union(union, converter.get_structure_hook(union))
        converter.register_structure_hook_func(functools.partial(operator.eq, union), hook)
    return converter


# --------------------------------------------------------------------------- #
# Error messages


def _messages(exc: BaseException) -> list[str]:
    """One ``path: problem`` line per leaf problem in a cattrs error tree.

    :func:`cattrs.transform_error` walks the tree and gives each leaf's path
    (``$.items[1].load``); :func:`_describe` words the leaf relative to it.
    """
    out: list[str] = []
    for line in cattrs.transform_error(exc, "$", _describe):
        described, _, path = line.rpartition(" @ ")
        base = path[1:].removeprefix(".")
        for problem in described.split("\n"):
            where, _, what = problem.partition("\t")
            out.append(f"{_join(base, where) or 'document'}: {what}")
    return out


def _describe(exc: BaseException, _type: Any) -> str:
    """``where<TAB>what`` lines for one leaf problem; ``where`` is relative to the leaf's path."""
    if isinstance(exc, ValidationError):  # the model names its field
        return "\n".join(error.replace(": ", "\t", 1) for error in exc.errors)
    if isinstance(exc, _KindError):
        return f"kind\t{exc}"
    if isinstance(exc, ForbiddenExtraKeysError):
        names = sorted(field.name for field in attrs.fields(exc.cl))
        allowed = ", ".join(names) or "none"
        keys = heapq.nsmallest(MAX_PROBLEMS_PER_COLLECTION, exc.extra_fields, key=str)
        lines = [
            f"{_key(key)}\tunknown field (allowed: {allowed}){_checks.meant_hint(key, names)}"
            for key in keys
        ]
        if len(exc.extra_fields) > len(keys):
            lines.append(f"\t{len(exc.extra_fields) - len(keys)} more unknown fields")
        return "\n".join(lines)
    if isinstance(exc, KeyError):
        return "\trequired field is missing"
    if isinstance(exc, _Bad):
        return f"\t{exc}"
    return f"\tinvalid value ({type(exc).__name__}: {exc})".replace("\n", " ")


def _join(path: str, part: str) -> str:
    if not path:
        return part
    if not part:
        return path
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def _key(key: object) -> str:
    """A document key as it appears in a path: short plain names bare, anything else quoted
    (and cut short: a 15 MiB key is not echoed whole)."""
    if isinstance(key, str) and key.isidentifier() and len(key) <= _MAX_SHOWN:
        return key
    return _show(key)


def _capped(messages: list[str]) -> list[str]:
    """At most :data:`MAX_PROBLEMS` messages, the last saying how many were left out."""
    return cap_problems(messages, MAX_PROBLEMS)
