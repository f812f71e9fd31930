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

import datetime
import enum
import inspect
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

import attrs

from hipdip import models as m
from hipdip.errors import UnknownIdError
from hipdip.io import tag_of
from hipdip.models import _checks as c
from hipdip.models import profile as _profile

__all__ = ["DOCUMENTS", "example_document", "json_schema"]

#: The documents ``hipdip schema`` describes: name → model class.
DOCUMENTS: dict[str, type] = {
    "profile": m.Profile,
    "program": m.Program,
    "log": m.TrainingLog,
}

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NUMBER = (int, float)

#: Rules that span fields. JSON Schema states "exactly one of" (``oneOf``);
#: comparisons between fields it cannot state, so they are named in the
#: class's description. The models check both and name the field.
_EXACTLY_ONE: dict[type, tuple[str, ...]] = {m.SetResult: ("reps", "hold_seconds")}
#: A session of the program (``week`` and ``day``), or a dated one not placed yet
#: (``date``, no ``week`` or ``day``): JSON Schema states it as ``anyOf``.
_EITHER: dict[type, list[dict[str, Any]]] = {
    m.SessionLog: [
        {
            "required": ["week", "day"],
            "properties": {"week": {"type": "integer"}, "day": {"type": "integer"}},
        },
        {
            "required": ["date"],
            "properties": {
                "week": {"type": "null"},
                "day": {"type": "null"},
                "date": {"type": "string"},
            },
        },
    ]
}
_COMPARISONS: dict[type, str] = {
    m.Reps: "low ≤ high",
    m.Hold: "low_seconds ≤ high_seconds",
    m.TrainingLog: "the sessions' dates never go back",
    m.BodyComposition: (
        "waist_cm > neck_cm when both are given; a body mass index of "
        f"{_profile.BMI_RANGE[0]:g}–{_profile.BMI_RANGE[1]:g} and, with body_fat_pct, a "
        f"fat-free-mass index of {_profile.FFMI_RANGE[0]:g}–{_profile.FFMI_RANGE[1]:g} kg/m²"
    ),
}


def json_schema(document: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``"profile"``, ``"program"`` or ``"log"`` document.

    The schema is strict like :func:`hipdip.io.loads`, and built from the
    same declarations: unknown keys are not allowed
    (``additionalProperties: false``), enums list their values, loads and
    doses are ``oneOf`` their ``"kind"``-tagged shapes, and numbers, lists
    and ids carry the bounds and patterns of the models' validators. A set
    logs exactly one of ``reps`` and ``hold_seconds`` (``oneOf``). Rules
    that compare fields (``low ≤ high``, ``low_seconds ≤ high_seconds``,
    ``waist_cm > neck_cm``, a plausible body-mass index) cannot be written in
    JSON Schema: their classes' descriptions name them, and
    :mod:`hipdip.io` checks them.

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
        tag = tag_of(cls)
        if tag is not None:
            properties["kind"] = {"const": tag}
            required.append("kind")
        for field in fields:
            prop = self.type(field.type, field.validator)
            if field.default is attrs.NOTHING:
                required.append(field.name)
            elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                default = _json_default(field.default)
                if default is not _NO_DEFAULT:
                    prop = {**prop, "default": default}
            properties[field.name] = prop
        description = _summary(cls)
        if cls in _COMPARISONS:
            description += f" Also: {_COMPARISONS[cls]} (checked by hipdip, not by JSON Schema)."
        schema: dict[str, Any] = {
            "type": "object",
            "description": description,
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if cls in _EXACTLY_ONE:  # exactly one of these optional fields given, and not null
            schema["oneOf"] = [
                {"type": "object", "required": [name], "properties": {name: not_null}}
                for name in _EXACTLY_ONE[cls]
                for not_null in properties[name]["anyOf"][:1]  # anyOf: [its type, null]
            ]
        if cls in _EITHER:
            schema["anyOf"] = _EITHER[cls]
        return schema

    def type(self, tp: Any, check: Any) -> dict[str, Any]:
        """The schema of a value of type ``tp`` that the validator ``check`` accepts."""
        origin = get_origin(tp)
        args = get_args(tp)
        if origin in (Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            if len(options) == 1:
                inner = self.type(options[0], check)
            else:  # a tagged union (a load or a dose)
                inner = {"oneOf": [self.ref(option) for option in options]}
            if len(options) < len(args):  # optional: null allowed
                return {"anyOf": [inner, {"type": "null"}]}
            return inner
        if origin in (tuple, frozenset):
            item = self.type(args[0], check.item)
            schema: dict[str, Any] = {"type": "array", "items": item}
            if getattr(check, "min_items", 0):
                schema["minItems"] = check.min_items
            schema["maxItems"] = check.max_items
            return schema
        if isinstance(tp, type) and (issubclass(tp, enum.Enum) or attrs.has(tp)):
            return self.ref(tp)
        if tp is bool:
            return {"type": "boolean"}
        if tp is datetime.date:
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if tp is int or tp is float:
            schema = {"type": "integer" if tp is int else "number"}
            if isinstance(check, c.Number | c.Integer):
                exclusive = getattr(check, "exclusive_minimum", False)
                schema["exclusiveMinimum" if exclusive else "minimum"] = _plain(check.minimum)
                schema["maximum"] = _plain(check.maximum)
            return schema
        if tp is str:
            schema = {"type": "string", "minLength": 1}
            if isinstance(check, c.OneOf):
                schema = {"type": "string", "enum": list(check.values)}
            elif isinstance(check, c.Matches):
                schema["pattern"] = _anchored(check.pattern.pattern)
            elif isinstance(check, c.Text):
                schema.update(maxLength=check.max_length, pattern=r"\S")
            return schema
        raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover


def _anchored(pattern: str) -> str:
    r"""A full-match regex that means the same to ECMA-262 and to Python's ``re.search``.

    ``$`` would also match before a final newline in Python; ``(?![\s\S])``
    (nothing follows) is the end of the text in both.
    """
    return f"^(?:{pattern})(?![\\s\\S])"


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
