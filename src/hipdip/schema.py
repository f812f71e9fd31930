"""JSON Schema of hipdip's documents, generated from the models.

Other apps produce profiles and training logs for hipdip (and read its
programs); :func:`json_schema` describes those JSON documents as a JSON Schema
(draft 2020-12) built from the attrs models, their enums and their bounds, so
it cannot drift from what :mod:`hipdip.io` reads. ``hipdip schema profile``
prints it.

>>> from hipdip.schema import DOCUMENTS, json_schema
>>> sorted(DOCUMENTS)
['log', 'profile', 'program']
>>> schema = json_schema("profile")
>>> schema["required"]
['sex', 'age', 'body', 'experience']
>>> schema["properties"]["days_per_week"]
{'type': 'integer', 'minimum': 2, 'maximum': 6, 'default': 3}
>>> schema["$defs"]["Sex"]["enum"]
['female', 'male']
"""

from __future__ import annotations

import enum
import inspect
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

import attrs

from hipdip import io as _io
from hipdip import models as m
from hipdip.errors import UnknownIdError
from hipdip.models import exercise as _exercise
from hipdip.models import log as _log
from hipdip.models import profile as _profile
from hipdip.models import program as _program
from hipdip.models._checks import SLUG_PATTERN

__all__ = ["DOCUMENTS", "example_document", "json_schema"]

#: The documents ``hipdip schema`` describes: name → model class.
DOCUMENTS: dict[str, type] = {
    "profile": m.Profile,
    "program": m.Program,
    "log": m.TrainingLog,
}

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NUMBER = (int, float)

#: ``(class, field) → (minimum, maximum, exclusive minimum?)``, imported from the
#: models' own bounds.
_BOUNDS: dict[tuple[type, str], tuple[float, float, bool]] = {
    (m.BodyComposition, "weight_kg"): (*_profile.WEIGHT_KG, False),
    (m.BodyComposition, "height_cm"): (*_profile.HEIGHT_CM, False),
    (m.BodyComposition, "body_fat_pct"): (*_profile.BODY_FAT_PCT, False),
    (m.BodyComposition, "waist_cm"): (*_profile.WAIST_CM, False),
    (m.BodyComposition, "hip_cm"): (*_profile.HIP_CM, False),
    (m.BodyComposition, "neck_cm"): (*_profile.NECK_CM, False),
    (m.HipStructure, "hip_width_cm"): (*_profile.HIP_WIDTH_CM, False),
    (m.Posture, "pelvic_tilt_deg"): (*_profile.PELVIC_TILT_DEG, False),
    (m.Profile, "age"): (*_profile.AGE, False),
    (m.Profile, "days_per_week"): (*_profile.DAYS_PER_WEEK, False),
    (m.Profile, "session_minutes"): (*_profile.SESSION_MINUTES, False),
    (m.Weight, "kg"): (0, _exercise.MAX_LOAD_KG, True),
    (m.Reps, "low"): (1, _program.MAX_REPS, False),
    (m.Reps, "high"): (1, _program.MAX_REPS, False),
    (m.Hold, "low_seconds"): (1, _program.MAX_HOLD_SECONDS, False),
    (m.Hold, "high_seconds"): (1, _program.MAX_HOLD_SECONDS, False),
    (m.Prescription, "sets"): (1, _program.MAX_SETS, False),
    (m.Prescription, "rir"): (0, _program.MAX_RIR, False),
    (m.Prescription, "rest_seconds"): (0, _program.MAX_REST_SECONDS, False),
    (m.Session, "week"): (1, _program.MAX_WEEKS, False),
    (m.Session, "day"): (1, _program.MAX_SESSIONS_PER_WEEK, False),
    (m.Week, "index"): (1, _program.MAX_WEEKS, False),
    (m.SetResult, "reps"): (0, _log.MAX_LOGGED_REPS, False),
    (m.SetResult, "hold_seconds"): (0, _log.MAX_LOGGED_HOLD_SECONDS, False),
    (m.SetResult, "rir"): (0, _log.MAX_LOGGED_RIR, False),
    (m.SessionLog, "week"): (1, _program.MAX_WEEKS, False),
    (m.SessionLog, "day"): (1, _program.MAX_SESSIONS_PER_WEEK, False),
}
_SLUG = f"^{SLUG_PATTERN.pattern}$"
#: String fields with a pattern (ids are lower_snake_case slugs; tempo is a-b-c-d).
_PATTERNS: dict[tuple[type, str], str] = {
    (m.Prescription, "exercise"): _SLUG,
    (m.Prescription, "tempo"): f"^{_program.TEMPO_PATTERN.pattern}$",
    (m.Program, "scheme"): _SLUG,
    (m.ExerciseLog, "exercise"): _SLUG,
}
_SLUG_ITEMS: frozenset[tuple[type, str]] = frozenset({(m.Profile, "equipment")})
#: Longest list per item type, and the ``kind`` of each tagged-union member:
#: exactly what :mod:`hipdip.io` enforces and writes.
_MAX_ITEMS: dict[Any, int] = _io._MAX_ITEMS
_TAGS: dict[type, str] = _io._TAG_OF


def json_schema(document: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``"profile"``, ``"program"`` or ``"log"`` document.

    The schema is strict like :func:`hipdip.io.loads`: unknown keys are not
    allowed (``additionalProperties: false``), enums list their values, loads
    and doses are ``oneOf`` their ``"kind"``-tagged shapes, and numbers carry
    the models' bounds. A few rules span fields (``low ≤ high``, a set logs
    ``reps`` or ``hold_seconds``); the models check those and name the field.

    Raises :class:`~hipdip.UnknownIdError` for another document name.
    """
    cls = _document(document)
    builder = _Builder()
    root_ref = builder.ref(cls)
    name = root_ref["$ref"].rsplit("/", 1)[1]
    root = dict(builder.defs.pop(name))
    properties = {
        "schema_version": {
            "const": 1,
            "description": "Version of the document format (written by hipdip; optional).",
        },
        **root["properties"],
    }
    return {
        "$schema": _DIALECT,
        "title": f"hipdip {document} ({cls.__name__})",
        **root,
        "properties": properties,
        "$defs": dict(sorted(builder.defs.items())),
    }


def example_document(document: str) -> Any:
    """An example ``document`` (the one ``hipdip plan --example`` plans), as JSON-ready data.

    >>> from hipdip.io import from_dict
    >>> from hipdip import Profile
    >>> from_dict(example_document("profile"), Profile).age
    30
    """
    from hipdip import examples
    from hipdip.io import SCHEMA_VERSION, to_dict

    cls = _document(document)
    builders: dict[type, Callable[[], object]] = {
        m.Profile: examples.example_profile,
        m.Program: examples.example_program,
        m.TrainingLog: examples.example_log,
    }
    return {"schema_version": SCHEMA_VERSION, **to_dict(builders[cls]())}


def _document(document: str) -> type:
    try:
        return DOCUMENTS[document]
    except (KeyError, TypeError):
        raise UnknownIdError("document", str(document), DOCUMENTS) from None


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            if isinstance(cls, type) and issubclass(cls, enum.Enum):
                self.defs[name] = {
                    "type": "string",
                    "enum": [str(member.value) for member in cls],
                    "description": _summary(cls),
                }
            else:
                self.defs[name] = self.model(cls)
        return {"$ref": f"#/$defs/{name}"}

    def model(self, cls: type) -> dict[str, Any]:
        fields = attrs.fields(attrs.resolve_types(cls))
        properties: dict[str, Any] = {}
        required: list[str] = []
        tag = _TAGS.get(cls)
        if tag is not None:
            properties["kind"] = {"const": tag}
            required.append("kind")
        for field in fields:
            prop = self.type(field.type, (cls, field.name))
            if field.default is attrs.NOTHING:
                required.append(field.name)
            elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                default = _json_default(field.default)
                if default is not _NO_DEFAULT:
                    prop = {**prop, "default": default}
            properties[field.name] = prop
        schema: dict[str, Any] = {
            "type": "object",
            "description": _summary(cls),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        return schema

    def type(self, tp: Any, where: tuple[type, str]) -> dict[str, Any]:
        origin = get_origin(tp)
        args = get_args(tp)
        if origin in (Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            if len(options) == 1:
                inner = self.type(options[0], where)
            else:  # a tagged union (a load or a dose)
                inner = {"oneOf": [self.ref(option) for option in options]}
            if len(options) < len(args):  # optional: null allowed
                return {"anyOf": [inner, {"type": "null"}]}
            return inner
        if origin is tuple:
            item = args[0]
            schema: dict[str, Any] = {"type": "array", "items": self.type(item, where)}
            limit = _MAX_ITEMS.get(item)
            if limit is not None:
                schema["maxItems"] = limit
            if where == (m.Program, "weeks"):
                schema["minItems"] = 1
            return schema
        if origin is frozenset:
            items: dict[str, Any] = {"type": "string"}
            if where in _SLUG_ITEMS:
                items["pattern"] = "^[a-z][a-z0-9_]{0,63}$"
            return {"type": "array", "items": items, "uniqueItems": True}
        if isinstance(tp, type) and (issubclass(tp, enum.Enum) or attrs.has(tp)):
            return self.ref(tp)
        if tp is bool:
            return {"type": "boolean"}
        if tp is int or tp is float:
            schema = {"type": "integer" if tp is int else "number"}
            bounds = _BOUNDS.get(where)
            if bounds is not None:
                low, high, exclusive = bounds
                schema["exclusiveMinimum" if exclusive else "minimum"] = _plain(low)
                schema["maximum"] = _plain(high)
            return schema
        if tp is str:
            schema = {"type": "string", "minLength": 1}
            pattern = _PATTERNS.get(where)
            if pattern is not None:
                schema["pattern"] = pattern
            return schema
        raise TypeError(f"no JSON Schema for {tp!r} at {where}")  # pragma: no cover


_NO_DEFAULT = object()


def _json_default(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _NUMBER):
        return _plain(value)
    if isinstance(value, frozenset | tuple) and not value:
        return []
    return _NO_DEFAULT


def _plain(value: float) -> float:
    """``2.0`` → ``2`` so the schema reads like the documents."""
    return int(value) if float(value).is_integer() else value


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or cls.__name__
    return " ".join(doc.split("\n\n", 1)[0].replace("``", "").split())
