"""Plugin managers, and the catalogue their plugins build.

A manager holds the built-in plugins (``hipdip.builtin.*``), then the plugins
installed under the ``hipdip`` entry-point group, then the objects passed as
``plugins``. Entry points are read when a manager is made (the default one,
:func:`get_plugin_manager`, on first use: never at ``import hipdip``), and
:mod:`importlib.metadata` only if some distribution declares one.

The catalogue (:class:`Catalog`, also ``hipdip.registry.Catalog``) is built on
first use through pluggy: each ``pm.hook.hipdip_register_*`` hook is called
for one plugin at a time, in registration order, ``tryfirst=True``
implementations first and ``trylast=True`` ones last; pluggy's hook-call
monitoring and tracing see every call. A plugin whose import fails (even by
``sys.exit()``), whose hook implementation is misspelled, unmarked or takes
unknown arguments, whose hook raises, or whose objects are invalid or name
unknown ids is skipped with a :class:`~hipdip.errors.HipdipPluginWarning`
naming the plugin, its distribution and the hook; everything it registered is
removed and the other plugins keep working.

Environment settings (read when a manager is made or its catalogue built):

``HIPDIP_STRICT_PLUGINS=1``
    turn those warnings into :class:`hipdip.PluginError`.
``HIPDIP_DISABLE_PLUGIN_AUTOLOAD=1``
    load no entry points (built-ins and explicit ``plugins`` only).
``HIPDIP_LOAD_PLUGINS=name1,name2``
    load only these entry points, by entry-point or distribution name
    (``hipdip-wave``, ``hipdip_wave`` and ``Hipdip.Wave`` are one
    distribution). Set but naming none (blank, or only commas), it loads none
    and warns.

The two switches take ``1``, ``true``, ``yes``, ``on`` or ``0``, ``false``,
``no``, ``off``, empty (any case); any other value raises
:class:`hipdip.PluginError` naming the variable rather than guess.

>>> pm = make_plugin_manager(entry_points=False)
>>> [p.name for p in list_plugins(pm)][:2]
['hipdip.builtin.muscles', 'hipdip.builtin.exercises']
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
import threading
import typing
import warnings
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import pluggy

from hipdip import __version__, hookspecs
from hipdip.errors import (
    DuplicateIdError,
    HipdipPluginWarning,
    PluginError,
    UnknownIdError,
    ValidationError,
    close_matches,
)
from hipdip.models import Exercise, Finding, LoadKind, Muscle, Severity
from hipdip.models._checks import SLUG_PATTERN
from hipdip.protocols import LogFormat, NutritionRule, ProgramRule, ProgressionRule, Scheme

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "DuplicateIdError",
    "HipdipPluginManager",
    "PluginFailure",
    "PluginListing",
    "get_plugin_manager",
    "list_plugins",
    "make_plugin_manager",
]

V = TypeVar("V")

#: Entry-point group third-party distributions register their plugins under.
ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME

#: Built-in plugin modules, registered first under their module names.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "hipdip.builtin.muscles",
    "hipdip.builtin.exercises",
    "hipdip.builtin.schemes",
    "hipdip.builtin.progression",
    "hipdip.builtin.nutrition",
    "hipdip.builtin.rules",
    "hipdip.builtin.log_formats",
)

_HOOK_PREFIX = "hipdip_register_"
_SKIPPED = (
    "The plugin was skipped; fix or uninstall it (HIPDIP_STRICT_PLUGINS=1 makes this an error)."
)


# --------------------------------------------------------------------------- #
# The catalogue


@attrs.frozen
class PluginInfo:
    """Who supplied an object: the plugin's registered name and, for plugins
    loaded from an entry point, its distribution and version."""

    name: str
    distribution: str | None = None
    version: str | None = None

    def __str__(self) -> str:
        if self.distribution is None:
            return self.name
        version = f" {self.version}" if self.version else ""
        return f"{self.name} ({self.distribution}{version})"


@attrs.frozen
class Contribution:
    """One kind of object plugins contribute, and what makes such an object valid.

    ``kind`` is the :class:`Catalog` mapping the objects go to (its hook is
    ``hipdip_register_<kind>``), ``expected`` what the mapping holds: a model
    class, or a runtime-checkable protocol whose methods must be callable,
    whose ``name`` must be a non-empty str and whose ``priority`` an int.
    ``register()`` and the contract suites (:mod:`hipdip.testing.contracts`)
    both check objects with :meth:`problem`.
    """

    kind: str
    expected: type

    @property
    def hook(self) -> str:
        return _HOOK_PREFIX + self.kind

    @property
    def singular(self) -> str:
        return self.kind[:-1].replace("_", " ")  # "progression_rules" -> "progression rule"

    @property
    def description(self) -> str:
        members = [f"{name}()" if inspect.isfunction(v) else name for name, v in self._members()]
        if not members:  # a model class
            return f"a hipdip.{self.expected.__name__}"
        return f"a {self.expected.__name__} ({', '.join(members)})"

    def problem(self, obj: object) -> tuple[str, str] | None:
        """``(field, message)`` for the first thing wrong with ``obj``, else ``None``.

        ``field`` is ``"type"``, ``"id"`` or the attribute at fault.

        >>> schemes = CONTRIBUTIONS["schemes"]
        >>> schemes.problem("linear")
        ('type', 'expects a Scheme (id, name, target()) (got str)')
        >>> from hipdip.builtin.schemes import LINEAR
        >>> schemes.problem(LINEAR) is None
        True
        """
        if not isinstance(obj, self.expected):
            members = [name for name, _ in self._members()]
            missing = [name for name in members if not hasattr(obj, name)]
            # An attempt at one (some of the members there) is told what it lacks.
            lacks = f": it has no {', '.join(missing)}" if 0 < len(missing) < len(members) else ""
            return "type", f"expects {self.description} (got {type(obj).__name__}{lacks})"
        id_ = getattr(obj, "id", None)
        if not isinstance(id_, str) or not SLUG_PATTERN.fullmatch(id_):
            return "id", f"id must be a lower_snake_case slug (got {id_!r})"
        for name, declared in self._members():
            value = getattr(obj, name, None)
            if inspect.isfunction(declared) and not callable(value):
                return name, f"{name} is not callable"
            if name == "name" and (not isinstance(value, str) or not value.strip()):
                return name, f"name must be a non-empty str (got {value!r})"
            if name == "priority" and (not isinstance(value, int) or isinstance(value, bool)):
                return name, f"priority must be an int (got {value!r})"
        if self.kind == "progression_rules":
            from hipdip.progression import DELOAD_RULE, FALLBACK_RULE

            if id_ in (DELOAD_RULE, FALLBACK_RULE):
                # The engine's own words in Decision.rule: a rule of that id would pass for
                # the deload answer or for "no rule decided" (an attacker's review).
                return "id", (
                    f"id {id_!r} is reserved: hipdip's own decisions use it "
                    f"(hipdip.progression.DELOAD_RULE, FALLBACK_RULE)"
                )
            typo = _misspelled_argument(obj)
            if typo is not None:
                return "decide", typo
        if self.kind == "exercises":
            assert isinstance(obj, Exercise)
            return _load_equipment_problem(obj)
        return None

    def _members(self) -> list[tuple[str, object]]:
        """A protocol's public attributes, in declaration order (models check themselves)."""
        if typing.Protocol not in self.expected.__mro__:
            return []
        return [(name, v) for name, v in vars(self.expected).items() if not name.startswith("_")]


def _load_equipment_problem(exercise: Exercise) -> tuple[str, str] | None:
    """What a band or weight exercise lacks in ``equipment`` to be planned only for people
    who own its load (an attacker's review: a BAND exercise listing no band was planned,
    with a band, for a person who owns nothing; a WEIGHT one with no equipment went to
    4–6 kg with the model's 500 kg cap)."""
    from hipdip.loads import NO_WEIGHT_EQUIPMENT

    have = sorted(exercise.equipment)
    if exercise.load_kind is LoadKind.BAND and "band" not in exercise.equipment:
        return "equipment", f"a BAND exercise lists 'band' in its equipment (got {have})"
    if exercise.load_kind is LoadKind.WEIGHT and not exercise.equipment - NO_WEIGHT_EQUIPMENT:
        # (an attacker's re-check: a bench alone carried 2–4 kg for someone owning a bench)
        return "equipment", (
            "a WEIGHT exercise lists the equipment that carries the weight in its equipment "
            "(dumbbell, kettlebell, ankle_weights, cable, machine, barbell or another; got "
            f"{have or 'none'})"
        )
    return None


def _misspelled_argument(rule: object) -> str | None:
    """A keyword parameter of ``rule.decide`` one letter or so from an optional argument
    hipdip passes (:data:`hipdip.progression.EXTRA_ARGUMENTS`) — ``gapdays`` for
    ``gap_days`` — which would silently stay at its default."""
    import difflib

    from hipdip.progression import EXTRA_ARGUMENTS

    try:
        parameters = list(inspect.signature(rule.decide).parameters.values())  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    for parameter in parameters[3:]:  # after exercise, prescription, results
        if parameter.name in EXTRA_ARGUMENTS or parameter.kind not in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        ):
            continue
        name = parameter.name
        for known in EXTRA_ARGUMENTS:
            if known in name:
                continue  # a rule's own setting (max_gap_days, history_len, weeks)
            same = name.replace("_", "") == known.replace("_", "")
            near = (
                abs(len(name) - len(known)) <= 2
                and difflib.SequenceMatcher(None, name, known).ratio() >= 0.85
            )
            if same or near:
                return (
                    f"decide() names {name!r}, which hipdip never passes: did you mean "
                    f"{known!r}? (the optional arguments: hipdip.progression.EXTRA_ARGUMENTS; "
                    "a setting of the rule's own needs a name of its own)"
                )
    return None


class Registry(Mapping[str, V], Generic[V]):
    """A read-only ``id → object`` mapping whose unknown-id errors suggest close matches."""

    __slots__ = ("_items", "_kind")

    def __init__(self, kind: str, items: Mapping[str, V]) -> None:
        self._kind = kind
        self._items = dict(items)

    def __getitem__(self, key: str) -> V:
        try:
            return self._items[key]
        except (KeyError, TypeError):
            raise UnknownIdError(_singular(self._kind), key, self._items) from None

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._items.get(key, default)
        except TypeError:
            return default

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._items
        except TypeError:
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    # The dict's own views: Mapping's look every id up again (hipdip.metrics checks each
    # exercise of a catalogue mapping on every call).
    def items(self) -> ItemsView[str, V]:
        return self._items.items()

    def values(self) -> ValuesView[V]:
        return self._items.values()

    def __repr__(self) -> str:
        return f"Registry({self._kind!r}, {sorted(self._items)!r})"


@attrs.frozen(eq=False)
class Catalog:
    """Read-only mappings (id → object) of everything registered, and who provided it.

    Build one with :func:`hipdip.catalog`; it is cached per plugin manager.
    Each mapping is filled by the hook of the same name
    (``hipdip_register_exercises`` fills ``exercises``).
    """

    # One attribute per kind: adding a kind is one line here (and its hook spec).
    muscles: Registry[Muscle]
    exercises: Registry[Exercise]
    schemes: Registry[Scheme]
    progression_rules: Registry[ProgressionRule]
    nutrition_rules: Registry[NutritionRule]
    program_rules: Registry[ProgramRule]
    log_formats: Registry[LogFormat]
    _providers: Mapping[tuple[str, str], PluginInfo] = attrs.field(alias="providers", repr=False)

    def provider(self, kind: str, id: str) -> str:
        """The registered name of the plugin that supplied ``id`` in mapping ``kind``.

        ``kind`` is the mapping's name (``"exercises"``, ``"schemes"``, …).
        Raises :class:`~hipdip.UnknownIdError` for an unknown kind or id.
        """
        return self.plugin_info(kind, id).name

    def plugin_info(self, kind: str, id: str) -> PluginInfo:
        """Like :meth:`provider`, with the distribution name and version."""
        self._registry(kind)[id]  # raises UnknownIdError with suggestions
        return self._providers[(kind, id)]

    def exercise(self, id: str) -> Exercise:
        """The exercise ``id``; :class:`~hipdip.UnknownIdError` with suggestions if unknown."""
        return self.exercises[id]

    def scheme(self, id: str) -> Scheme:
        """The scheme ``id``; :class:`~hipdip.UnknownIdError` with suggestions if unknown."""
        return self.schemes[id]

    def find(self, name: str) -> Exercise | None:
        """The exercise called ``name`` — its id, its name or one of its aliases — or ``None``.

        Names are compared ignoring case, punctuation, spacing, a plural
        ``s`` and where equipment stands (``"Hip Abduction (Machine)"`` =
        ``"hip abduction machine"``), never loosely: a name of another
        movement finds nothing (:mod:`hipdip.names`). When two exercises
        share a name, the one registered first (built-ins first) is found,
        and a name beats another exercise's alias.

        >>> cat = catalog()
        >>> cat.find("Side Lying Clam").id
        'clamshell'
        >>> cat.find("Hip Abduction (Machine)").id, cat.find("hip abduction machine").id
        ('seated_hip_abduction_machine', 'seated_hip_abduction_machine')
        >>> cat.find("Hip Adduction (Machine)") is None
        True
        """
        from hipdip.names import name_index

        return name_index(self).find(name)

    def harder_variants(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The exercises one step harder than ``exercise_id``, from every plugin's links.

        A link declared on either side counts (``harder`` here, or ``easier``
        on the other exercise); see :mod:`hipdip.ladders`. A link to an
        exercise of a lower level or a smaller gluteus medius role is not a
        step harder (SCIENCE.md §Training): the planner and the progression
        rules ignore it, so it is not listed here either
        (:class:`~hipdip.testing.contracts.ExerciseContract` reports it).

        >>> cat = catalog()
        >>> [e.id for e in cat.harder_variants("glute_bridge")]
        ['banded_glute_bridge', 'hip_thrust', 'single_leg_glute_bridge']
        """
        exercise = self.exercises[exercise_id]  # UnknownIdError with suggestions
        from hipdip.ladders import is_monotone_step, ladders

        return tuple(
            harder
            for harder in ladders(self).harder(exercise_id)
            if is_monotone_step(exercise, harder)
        )

    def easier_variants(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The exercises one step easier than ``exercise_id`` (see :meth:`harder_variants`).

        The same links, seen from above: an exercise is listed here exactly
        when ``exercise_id`` is among its :meth:`harder_variants`.

        >>> [e.id for e in catalog().easier_variants("hip_thrust")]
        ['glute_bridge']
        """
        exercise = self.exercises[exercise_id]
        from hipdip.ladders import is_monotone_step, ladders

        return tuple(
            easier
            for easier in ladders(self).easier(exercise_id)
            if is_monotone_step(easier, exercise)
        )

    @contextmanager
    def guard(self, kind: str, id: str, what: str) -> Iterator[None]:
        """Run plugin code; an exception leaving it gets a note naming the plugin.

        ``what`` names the call (``"target()"``). Used by the engines around
        every call into a plugin object, so a failure is never anonymous. The
        exception itself passes through unchanged (same type, same
        traceback); nested guards for the same call add the note once.

        >>> cat = catalog(make_plugin_manager(entry_points=False))
        >>> try:
        ...     with cat.guard("muscles", "gluteus_medius", "lookup()"):
        ...         raise ValueError("boom")
        ... except ValueError as exc:
        ...     print(exc.__notes__[0])
        raised by muscle 'gluteus_medius'.lookup() from plugin hipdip.builtin.muscles (hipdip 0.1.0)
        """
        try:
            yield
        except Exception as exc:
            info = self._providers.get((kind, id))
            who = f"plugin {info}" if info is not None else "an unknown plugin"
            note = f"raised by {_singular(kind)} {id!r}.{what} from {who}"
            if note not in getattr(exc, "__notes__", ()):
                exc.add_note(note)
            raise

    def is_builtin(self, kind: str, id: str) -> bool:
        """Whether ``id`` in mapping ``kind`` comes from one of hipdip's built-in plugins."""
        info = self._providers.get((kind, id))
        return info is not None and info.name in BUILTIN_PLUGINS

    def rule_failed(
        self,
        kind: str,
        id: str,
        what: str,
        *,
        error: Exception | None = None,
        problem: str | None = None,
        warn: bool = True,
    ) -> Finding:
        """A plugin's rule failed while it ran: the finding that says it was skipped for this call.

        ``what`` names the call (``"decide()"``); ``error`` is the exception it
        raised, or ``problem`` says what was wrong with the value it returned.
        The engines skip the rule for this call and keep the other rules'
        results as they are; the failure becomes a
        :class:`~hipdip.errors.HipdipPluginWarning` naming the plugin, the rule
        and the exception (unless ``warn=False``: already warned in this
        call) and the returned WARNING :class:`~hipdip.Finding` (``rule`` is
        the failed rule's id), which the engine puts on its result.

        Raises instead when skipping would hide a bug: for a built-in rule
        (``error`` itself, with a note naming the rule, or a
        :class:`~hipdip.PluginError` for a bad value), and for every rule with
        ``HIPDIP_STRICT_PLUGINS=1`` (a :class:`~hipdip.PluginError` naming the
        plugin, the rule and the exception).

        >>> cat = catalog(make_plugin_manager(entry_points=False))
        >>> try:
        ...     cat.rule_failed("progression_rules", "stall", "decide()", problem="returned 42")
        ... except PluginError as exc:
        ...     print(exc)
        hipdip plugin hipdip.builtin.progression (hipdip 0.1.0), hook hipdip_register_progression_rules: progression rule 'stall': decide() returned 42
        """
        info = self._providers.get((kind, id)) or PluginInfo("an unknown plugin")
        if error is not None:
            note = f"raised by {_singular(kind)} {id!r}.{what} from plugin {info}"
            if note not in getattr(error, "__notes__", ()):
                error.add_note(note)
            text = f"{what} raised {_one_line(error)}"
        else:
            text = f"{what} {problem or 'returned an invalid value'}"
        hook = CONTRIBUTIONS[kind].hook if kind in CONTRIBUTIONS else None
        failure = PluginError.about(info, hook, f"{_singular(kind)} {id!r}: {text}")
        if info.name in BUILTIN_PLUGINS:
            if error is not None:
                raise error
            raise failure
        if _flag("HIPDIP_STRICT_PLUGINS"):
            raise failure from error
        if warn:
            _warn(
                f"{failure}; the rule was skipped for this call (HIPDIP_STRICT_PLUGINS=1 makes "
                "this an error)",
                plugin=info.name,
                rule=id,
            )
        return Finding(
            rule=id,
            severity=Severity.WARNING,
            message=(
                f"{_singular(kind).capitalize()} {id!r} from plugin {info} was skipped: {text}. "
                "The other rules decided without it; tell the plugin's authors"
            ),
        )

    def ids(self, kind: str) -> tuple[str, ...]:
        """The ids registered in mapping ``kind``, in registration order."""
        return tuple(self._registry(kind))

    def _registry(self, kind: str) -> Registry[Any]:
        if kind not in CONTRIBUTIONS:
            raise UnknownIdError("catalogue kind", kind, KINDS)
        registry: Registry[Any] = getattr(self, kind)
        return registry


#: What plugins contribute, by catalogue mapping (read from :class:`Catalog`'s
#: ``Registry[...]`` attributes), in the order the hooks are called.
CONTRIBUTIONS: Mapping[str, Contribution] = MappingProxyType(
    {
        field.name: Contribution(field.name, typing.get_args(field.type)[0])
        for field in attrs.fields(attrs.resolve_types(Catalog))
        if typing.get_origin(field.type) is Registry
    }
)

#: The catalogue's mappings, in the order plugins contribute to them.
KINDS: tuple[str, ...] = tuple(CONTRIBUTIONS)


def catalog(pm: pluggy.PluginManager | None = None) -> Catalog:
    """The catalogue built from ``pm``'s plugins (default: :func:`get_plugin_manager`).

    Built on first use and cached per plugin manager (registering or
    unregistering a plugin clears the cache).
    """
    manager = get_plugin_manager() if pm is None else pm
    if isinstance(manager, HipdipPluginManager) and manager._hipdip_catalog is not None:
        return manager._hipdip_catalog  # the fast path: the engines call this on every step
    if not isinstance(manager, HipdipPluginManager):
        raise ValidationError(
            "pm: must be a plugin manager from hipdip.plugins.make_plugin_manager() "
            f"(got {type(manager).__name__})"
        )
    with manager._hipdip_lock:
        if manager._hipdip_catalog is None:
            if manager._hipdip_building:  # only this thread can be inside the lock
                raise PluginError(
                    "hipdip.catalog() was called from inside a hipdip_register_* hook; "
                    "hooks may only call register()"
                )
            manager._hipdip_building = True
            try:
                manager._hipdip_catalog = _Builder(manager).build()
            finally:
                manager._hipdip_building = False
        return manager._hipdip_catalog


# --------------------------------------------------------------------------- #
# Plugin managers


@attrs.frozen
class PluginFailure:
    """A plugin that was skipped, and why (``error`` is the exception, if one was raised)."""

    info: PluginInfo
    hook: str | None
    message: str
    error: BaseException | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class PluginListing:
    """One plugin in a manager: who it is and the ids it contributed per kind.

    ``contributions`` maps a catalogue kind (``"exercises"``, …) to the ids
    the plugin supplied, in registration order; kinds it supplied nothing to
    are left out. ``error`` is ``None`` for a working plugin, else why it was
    skipped.
    """

    name: str
    distribution: str | None
    version: str | None
    contributions: Mapping[str, tuple[str, ...]]
    error: str | None = None


class HipdipPluginManager(pluggy.PluginManager):
    """A :class:`pluggy.PluginManager` for the ``hipdip`` project.

    Besides pluggy's behaviour it records where each plugin came from,
    refuses malformed plugins as a whole, and caches the catalogue built from
    its plugins (cleared on every register/unregister). Registering,
    unregistering and building the catalogue are serialised by a lock.
    """

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self._hipdip_info: dict[str, PluginInfo] = {}
        self._hipdip_failures: list[PluginFailure] = []
        self._hipdip_refused: list[tuple[str | None, str]] = []  # filled while registering
        self._hipdip_catalog: Catalog | None = None
        self._hipdip_building = False
        self._hipdip_lock = threading.RLock()

    def register(
        self,
        plugin: object,
        name: str | None = None,
        *,
        distribution: str | None = None,
        version: str | None = None,
    ) -> str | None:
        """Register ``plugin``; raise :class:`hipdip.PluginError` if it is malformed.

        Malformed: a hook implementation matching no hipdip hook (a typo such
        as ``hipdip_register_exercise``; ``optionalhook=True`` ones are
        allowed), a ``hipdip_*`` function not marked ``@hipdip.hookimpl``,
        arguments the hook does not pass, or a hook wrapper. Any object pluggy
        accepts is accepted — a module, a class, an instance, a
        ``types.SimpleNamespace``, an unhashable dataclass instance. Nothing of
        a refused plugin stays registered; a plugin already registered under
        the name stays.
        """
        with self._hipdip_lock:
            plugin_name = name or self.get_canonical_name(plugin)
            info = PluginInfo(plugin_name, distribution, version)
            refusal = self._refusal(plugin, plugin_name)
            if refusal is not None:
                raise PluginError.about(info, None, refusal)
            self._hipdip_refused = []
            cause: BaseException | None = None
            try:
                registered = super().register(plugin, name=plugin_name)
            except (pluggy.PluginValidationError, ValueError) as exc:  # a check of pluggy's own
                registered, cause = None, exc
                self._hipdip_refused.append((None, _one_line(exc)))
            if self._hipdip_refused:
                if plugin is not None and self.get_plugin(plugin_name) is plugin:
                    super().unregister(name=plugin_name)
                raise PluginError.about(info, *self._hipdip_refused[0]) from cause
            if registered is not None:
                self._hipdip_info[plugin_name] = info
                self._hipdip_catalog = None
            return registered

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        """pluggy's hook discovery; what hipdip cannot call is hidden and refused by ``register``."""
        opts = super().parse_hookimpl_opts(plugin, name)
        problem = self._hookimpl_problem(plugin, name, opts)
        if problem is None:
            return opts
        self._hipdip_refused.append(problem)
        return None

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any | None:
        """Unregister a plugin (by object or name) and clear the cached catalogue."""
        with self._hipdip_lock:
            if name is None and plugin is not None:
                name = self.get_name(plugin)
            result = super().unregister(plugin=plugin, name=name)
            if name is not None and name not in dict(self.list_name_plugin()):
                self._hipdip_info.pop(name, None)
            self._hipdip_catalog = None
            return result

    def plugin_info(self, name: str) -> PluginInfo:
        """Where the plugin registered as ``name`` came from."""
        return self._hipdip_info.get(name) or PluginInfo(name)

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Plugins that were skipped while loading or building the catalogue."""
        return tuple(self._hipdip_failures)

    def report(
        self,
        info: PluginInfo,
        hook: str | None,
        message: str,
        *,
        cause: BaseException | None = None,
        advice: str = _SKIPPED,
    ) -> None:
        """Report a broken plugin: a warning, or a PluginError in strict mode.

        The warning names the plugin, its distribution and the hook, ends
        with ``advice`` and points at the first caller outside hipdip.
        ``cause`` becomes the PluginError's ``__cause__`` and the failure's ``error``.
        """
        error = PluginError.about(info, hook, message)
        if _flag("HIPDIP_STRICT_PLUGINS"):
            raise error from cause
        self._hipdip_failures.append(PluginFailure(info, hook, message, cause))
        _warn(f"{error}. {advice}", plugin=info.name)

    def _refusal(self, plugin: object, name: str) -> str | None:
        """Why ``plugin`` cannot be registered as ``name`` at all, else ``None``."""
        if dict(self.list_name_plugin()).get(name) is not None:  # (a blocked name maps to None)
            return f"a plugin is already registered as {name!r}"
        other = self.get_name(plugin) if plugin is not None else None
        if other is not None:
            return f"the object is already registered as plugin {other!r}"
        return None

    def _hookimpl_problem(
        self, plugin: object, attr: str, opts: pluggy.HookimplOpts | None
    ) -> tuple[str, str] | None:
        """(hook, problem) if the attribute ``attr`` of ``plugin`` is a hook hipdip cannot call."""
        if opts is None:
            if attr.startswith("hipdip_") and inspect.isroutine(_static_attr(plugin, attr)):
                hint = "" if attr in _hook_names() else _hint(attr)
                return attr, f"the function is not marked with @hipdip.hookimpl{hint}"
            return None
        hook = opts.get("specname") or attr
        if opts.get("wrapper") or opts.get("hookwrapper"):
            return hook, "hipdip hooks do not support wrappers"
        spec = getattr(getattr(self.hook, hook, None), "spec", None)
        if spec is None:
            if opts.get("optionalhook"):
                return None
            return hook, "the implementation matches no hipdip hook" + _hint(hook)
        function = getattr(plugin, attr)
        if inspect.isclass(plugin) and _argument_names(function)[:1] == ["self"]:
            return hook, (
                f"{plugin.__name__} is a class whose hooks are methods; "
                f"register an instance ({plugin.__name__}()) instead"
            )
        unknown = sorted(set(_argument_names(function)) - {*spec.argnames, *spec.kwargnames})
        if unknown:
            names = "{" + ", ".join(repr(name) for name in unknown) + "}"
            return hook, (
                f"the implementation takes argument(s) {names} that the hook does not pass "
                f"(it passes: {', '.join(spec.argnames)})"
            )
        return None


def make_plugin_manager(
    *, entry_points: bool = True, plugins: Iterable[object] = ()
) -> HipdipPluginManager:
    """A fresh plugin manager: built-ins, then entry points, then ``plugins``.

    ``entry_points=False`` (or ``HIPDIP_DISABLE_PLUGIN_AUTOLOAD=1``) loads no
    installed plugins — what tests usually want. Each object in ``plugins``
    is registered under its ``__name__`` (modules, classes) or class name,
    with ``-2``, ``-3``, … appended when that name is taken. A broken
    plugin, installed or passed in, is reported and skipped.

    >>> pm = make_plugin_manager(entry_points=False)
    >>> pm.get_plugin("hipdip.builtin.muscles") is not None
    True
    """
    autoload = not _flag("HIPDIP_DISABLE_PLUGIN_AUTOLOAD")
    _flag("HIPDIP_STRICT_PLUGINS")  # a value it cannot read fails now, not at a broken plugin
    pm = HipdipPluginManager()
    for module_name in BUILTIN_PLUGINS:
        pm.register(
            importlib.import_module(module_name),
            name=module_name,
            distribution=hookspecs.PROJECT_NAME,
            version=__version__,
        )
    if entry_points and autoload:
        _load_entry_points(pm)
    for plugin in plugins:
        _register_loaded(pm, plugin, PluginInfo(_plugin_name(pm, plugin)))
    return pm


_default: HipdipPluginManager | None = None
_default_lock = threading.RLock()
_default_loading = False


def get_plugin_manager() -> HipdipPluginManager:
    """The process-wide default manager, made on first use (every ``pm=None`` means this one).

    Thread-safe: concurrent first calls make one manager. A plugin that asks
    for the default manager (or :func:`hipdip.catalog`) while it is being
    imported gets a :class:`hipdip.PluginError` instead of a deadlock.
    """
    global _default, _default_loading
    manager = _default
    if manager is not None:
        return manager
    with _default_lock:
        if _default is None:
            if _default_loading:  # re-entered by a plugin imported while loading
                raise PluginError(
                    "the default hipdip plugin manager was requested while it is being made "
                    "(a plugin calls hipdip.catalog() or get_plugin_manager() at import time?)"
                )
            _default_loading = True
            try:
                _default = make_plugin_manager()
            finally:
                _default_loading = False
        return _default


def _reset_default_plugin_manager() -> None:
    """Forget the default manager (tests, and after installing a plugin at run time)."""
    global _default
    with _default_lock:
        _default = None


def list_plugins(pm: pluggy.PluginManager | None = None) -> tuple[PluginListing, ...]:
    """Every plugin of ``pm``: its distribution/version and the ids it contributed per kind.

    Working plugins come first, in registration order; plugins skipped as
    broken follow, with ``error`` saying why (the latest failure per name).

    >>> pm = make_plugin_manager(entry_points=False)
    >>> muscles = list_plugins(pm)[0]
    >>> muscles.distribution, "gluteus_medius" in muscles.contributions["muscles"]
    ('hipdip', True)
    """
    manager = get_plugin_manager() if pm is None else pm
    cat = catalog(manager)
    assert isinstance(manager, HipdipPluginManager)
    contributions: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        for id_ in cat.ids(kind):
            contributions.setdefault(cat.provider(kind, id_), {}).setdefault(kind, []).append(id_)
    listings = []
    registered: set[str] = set()
    for name, plugin in manager.list_name_plugin():
        if plugin is None:  # a blocked name
            continue
        registered.add(name)
        info = manager.plugin_info(name)
        per_kind = {kind: tuple(ids) for kind, ids in contributions.get(name, {}).items()}
        listings.append(
            PluginListing(name, info.distribution, info.version, MappingProxyType(per_kind))
        )
    broken = {f.info.name: f for f in manager.failures if f.info.name not in registered}
    for failure in broken.values():
        error = f"hook {failure.hook}: {failure.message}" if failure.hook else failure.message
        info = failure.info
        listings.append(
            PluginListing(info.name, info.distribution, info.version, MappingProxyType({}), error)
        )
    return tuple(listings)


# --------------------------------------------------------------------------- #
# Building the catalogue


class _Builder:
    """Calls the contribution hooks through pluggy, one plugin at a time, and collects."""

    def __init__(self, pm: HipdipPluginManager) -> None:
        self.pm = pm
        self.order = {name: index for index, (name, _) in enumerate(pm.list_name_plugin())}
        self.items: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        self.providers: dict[tuple[str, str], PluginInfo] = {}
        self.failed: set[str] = set()

    def build(self) -> Catalog:
        for kind, contribution in CONTRIBUTIONS.items():
            impls = getattr(self.pm.hook, contribution.hook).get_hookimpls()
            plugins = {
                impl.plugin_name: impl.plugin for impl in sorted(impls, key=self._call_order)
            }
            for name, plugin in plugins.items():
                if name not in self.failed:
                    self._call(kind, name, plugin, impls)
        self._check_references()
        return Catalog(
            **{kind: Registry(kind, self.items[kind]) for kind in KINDS},
            providers=dict(self.providers),
        )

    def _call_order(self, impl: pluggy.HookImpl) -> tuple[bool, bool, int]:
        """Registration order; ``tryfirst`` implementations before the rest, ``trylast`` after."""
        return not impl.tryfirst, impl.trylast, self.order.get(impl.plugin_name, 0)

    def _call(
        self, kind: str, plugin_name: str, plugin: object, impls: list[pluggy.HookImpl]
    ) -> None:
        info = self.pm.plugin_info(plugin_name)
        contribution = CONTRIBUTIONS[kind]
        singular, hook = contribution.singular, contribution.hook
        staged: dict[str, Any] = {}
        running = True

        def register(obj: object) -> None:
            if not running:
                raise PluginError.about(info, hook, "register() was called after the hook returned")
            id_ = getattr(obj, "id", None)
            problem = contribution.problem(obj)
            if problem is not None:
                field, message = problem
                if field in ("type", "id"):
                    subject = "register()" if field == "type" else singular
                else:
                    subject = f"{singular} {id_!r}:"
                raise PluginError.about(info, hook, f"{subject} {message}")
            assert isinstance(id_, str)  # a slug: checked above
            if id_ in staged:
                raise PluginError.about(info, hook, f"{singular} id {id_!r} was registered twice")
            if id_ in self.items[kind]:
                raise DuplicateIdError.about(
                    info,
                    hook,
                    f"{singular} id {id_!r} is already registered by hipdip plugin "
                    f"{self.providers[(kind, id_)]}; hipdip plugin {info} cannot register it too "
                    "(uninstall one of them, or choose which to load with HIPDIP_LOAD_PLUGINS)",
                )
            staged[id_] = obj

        try:
            results = _call_one(self.pm, hook, plugin, impls, register)
        except DuplicateIdError:
            # Two plugins claiming one id is a conflict only the user can settle
            # (which one is right?): an error, never a silent or warned choice.
            raise
        except Exception as exc:
            self._fail(
                info, hook, exc.reason if isinstance(exc, PluginError) else _one_line(exc), exc
            )
            return
        finally:
            running = False
        if results:
            self._fail(
                info,
                hook,
                f"the hook returned {type(results[0]).__name__}; it must call register(obj) "
                "for each object and return None",
            )
            return
        for id_, obj in staged.items():
            self.items[kind][id_] = obj
            self.providers[(kind, id_)] = info

    def _check_references(self) -> None:
        """Drop plugins whose exercises name unknown muscles or ladder links, until stable."""
        while True:
            broken: dict[str, tuple[PluginInfo, str]] = {}
            muscles = self.items["muscles"]
            exercises = self.items["exercises"]
            for id_, exercise in exercises.items():
                info = self.providers[("exercises", id_)]
                problems = [
                    f"targets unknown muscle {t.muscle!r}" + _suggest(t.muscle, muscles)
                    for t in exercise.targets
                    if t.muscle not in muscles
                ]
                problems += [
                    f"{side} variant {getattr(exercise, side)!r} is not in the catalogue"
                    + _suggest(getattr(exercise, side), exercises)
                    for side in ("easier", "harder")
                    if getattr(exercise, side) is not None
                    and getattr(exercise, side) not in exercises
                ]
                if problems and info.name not in broken:
                    broken[info.name] = (info, f"exercise {id_!r} " + "; ".join(problems))
            if not broken:
                return
            for info, message in broken.values():
                self._fail(info, CONTRIBUTIONS["exercises"].hook, message)

    def _fail(
        self, info: PluginInfo, hook: str, message: str, cause: BaseException | None = None
    ) -> None:
        """Report the plugin and remove everything it contributed; unregister it."""
        self.pm.report(info, hook, message, cause=cause)  # raises in strict mode
        self.failed.add(info.name)
        for key in [key for key, who in self.providers.items() if who.name == info.name]:
            del self.items[key[0]][key[1]]
            del self.providers[key]
        if self.pm.get_plugin(info.name) is not None:
            self.pm.unregister(name=info.name)


def _call_one(
    pm: HipdipPluginManager,
    hook: str,
    plugin: object,
    impls: list[pluggy.HookImpl],
    register: Callable[[object], None],
) -> list[object]:
    """Call ``hook`` for ``plugin`` alone; its results (non-``None`` return values).

    Through ``pm.subset_hook_caller`` when every plugin implementing the hook
    is hashable, so pluggy's hook-call monitoring and tracing see the call.
    pluggy's subset caller keeps the plugins it leaves out in a set, so with an
    unhashable plugin among them (a ``types.SimpleNamespace``, a dataclass
    instance with ``eq=True``) each of this plugin's implementations is called
    directly instead, with the arguments pluggy would pass (those it names) —
    a call pluggy's monitoring does not see.
    """
    others = [impl.plugin for impl in impls if impl.plugin is not plugin]
    if all(_hashable(other) for other in (plugin, *others)):
        results: list[object] = pm.subset_hook_caller(hook, remove_plugins=others)(
            register=register
        )
        return results
    arguments = {"register": register}
    out = []
    for impl in impls:
        if impl.plugin is plugin:
            result = impl.function(*(arguments[name] for name in impl.argnames))
            if result is not None:
                out.append(result)
    return out


def _hashable(obj: object) -> bool:
    try:
        hash(obj)
    except TypeError:
        return False
    return True


# --------------------------------------------------------------------------- #
# Loading


def _load_entry_points(pm: HipdipPluginManager) -> None:
    selection = os.environ.get("HIPDIP_LOAD_PLUGINS")
    wanted = {
        _normalize(part): part.strip() for part in (selection or "").split(",") if part.strip()
    }
    if selection is not None and not wanted:
        _setting_problem(
            f"HIPDIP_LOAD_PLUGINS={selection!r} names no plugin, so no installed plugin was "
            "loaded; name the ones to load (HIPDIP_LOAD_PLUGINS=wave,rpe) or unset it to load all"
        )
        return
    matched: set[str] = set()
    seen: dict[str, tuple[str | None, str]] = {}  # entry-point name -> (distribution, value)
    for ep in _entry_points():
        distribution, version = _distribution(ep)
        keys = {_normalize(ep.name), _normalize(distribution or "")}
        if wanted and not keys & wanted.keys():
            continue
        matched |= keys & wanted.keys()
        info = PluginInfo(ep.name, distribution, version)
        if ep.name in seen:
            other_dist, other_value = seen[ep.name]
            if _normalize(other_dist or "") != _normalize(distribution or "") or (
                other_value != ep.value
            ):
                pm.report(
                    info,
                    None,
                    f"entry-point name {ep.name!r} is already used by "
                    f"{other_dist or 'another distribution'} ({other_value!r})",
                )
            continue  # else: the same distribution found twice on sys.path
        seen[ep.name] = (distribution, ep.value)
        try:
            plugin = ep.load()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit too: importing a plugin must not end the program
            pm.report(info, None, f"import of {ep.value!r} failed: {_one_line(exc)}", cause=exc)
            continue
        _register_loaded(pm, plugin, info)
    for key in sorted(wanted.keys() - matched):
        pm.report(
            PluginInfo(wanted[key]),
            None,
            "HIPDIP_LOAD_PLUGINS names it, but no installed entry point in group "
            f"{ENTRY_POINT_GROUP!r} has this entry-point or distribution name",
            advice="Check the spelling, or install the plugin.",
        )


def _entry_points() -> list[EntryPoint]:
    """The installed ``hipdip`` entry points, by name (importlib.metadata costs ~25 ms: if any)."""
    if not _may_have_entry_points(ENTRY_POINT_GROUP):
        return []
    from importlib.metadata import entry_points

    return sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _may_have_entry_points(group: str) -> bool:
    """Whether a distribution on ``sys.path`` may declare entry points in ``group``.

    Reads the ``entry_points.txt`` of each ``*.dist-info``/``*.egg-info`` the
    way :mod:`importlib.metadata` does; a zip on ``sys.path`` or an import
    finder with distributions of its own counts as "maybe".
    """
    if any(_own_distributions(f) for f in sys.meta_path):
        return True
    for entry in sys.path:
        root = entry or "."
        try:
            children = os.listdir(root)
        except NotADirectoryError:  # a zip file: importlib.metadata looks inside
            return True
        except OSError:  # missing or unreadable: importlib.metadata skips it too
            continue
        egg = os.path.basename(root).lower().endswith(".egg")
        for child in children:
            low = child.lower()
            if not low.endswith((".dist-info", ".egg-info")) and not (egg and low == "egg-info"):
                continue
            try:
                with open(os.path.join(root, child, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            except UnicodeDecodeError:
                return True
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("[") and line.endswith("]") and line.strip("[]") == group:
                    return True
    return False


def _own_distributions(finder: object) -> bool:
    """Whether an import finder may find distributions beyond ``sys.path``'s folders.

    The standard path finder and the ``importlib_metadata`` backport's
    ``MetadataPathFinder`` (which dask and others import) read the same
    folders as :func:`_may_have_entry_points`.
    """
    import importlib.machinery

    if finder is importlib.machinery.PathFinder or not hasattr(finder, "find_distributions"):
        return False
    kind = type(finder)
    return not (
        kind.__name__ == "MetadataPathFinder"
        and kind.__module__.split(".")[0] in {"importlib_metadata", "importlib"}
    )


def _register_loaded(pm: HipdipPluginManager, plugin: object, info: PluginInfo) -> None:
    """Register a loaded plugin, reporting (not raising) whatever is wrong with it."""
    if isinstance(plugin, str):
        pm.report(info, None, f"got the string {plugin!r}; pass the imported module or object")
        return
    try:
        registered = pm.register(
            plugin, name=info.name, distribution=info.distribution, version=info.version
        )
    except PluginError as exc:
        pm.report(info, exc.hook, exc.reason, cause=exc)
        return
    if registered is not None and not pm.get_hookcallers(plugin):
        pm.unregister(name=info.name)
        pm.report(
            info,
            None,
            f"{_describe(plugin)} defines no @hipdip.hookimpl functions "
            "(does the entry point name the module that holds the hooks?)",
        )
    elif registered is None:
        pm.report(info, None, f"{_describe(plugin)} is not a plugin object or its name is blocked")


def _distribution(ep: EntryPoint) -> tuple[str | None, str | None]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None, None
    try:
        return dist.metadata["Name"], dist.version
    except Exception:  # broken metadata must not break loading
        return None, None


def _normalize(name: str) -> str:
    """A distribution or entry-point name in PEP 503 normal form."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _plugin_name(pm: HipdipPluginManager, plugin: object) -> str:
    base = getattr(plugin, "__name__", None)
    if not isinstance(base, str) or not base:
        base = type(plugin).__name__
    name, counter = base, 2
    while name in dict(pm.list_name_plugin()):
        name, counter = f"{base}-{counter}", counter + 1
    return name


# --------------------------------------------------------------------------- #
# Helpers


def _singular(kind: str) -> str:
    contribution = CONTRIBUTIONS.get(kind)
    return contribution.singular if contribution is not None else kind


def _describe(plugin: object) -> str:
    if inspect.ismodule(plugin):
        return f"module {plugin.__name__!r}"
    return f"{type(plugin).__name__} object"


def _hook_names() -> list[str]:
    return [name for name in dir(hookspecs) if name.startswith(_HOOK_PREFIX)]


def _hint(name: str) -> str:
    close = close_matches(name, _hook_names(), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _suggest(id_: str, known: Iterable[str]) -> str:
    close = close_matches(id_, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _argument_names(function: Callable[..., object]) -> list[str]:
    """The arguments pluggy passes to ``function``: positional ones without a default."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in parameters if p.kind in positional and p.default is p.empty]


def _static_attr(obj: object, name: str) -> object:
    """``obj.name`` without running descriptors (``staticmethod``/``classmethod`` unwrapped)."""
    value = inspect.getattr_static(obj, name, None)
    return value.__func__ if isinstance(value, staticmethod | classmethod) else value


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def _flag(name: str) -> bool:
    """The on/off environment setting ``name``; a value it cannot read raises."""
    value = os.environ.get(name, "")
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise PluginError(
        f"{name}={value!r} is not an on/off value: use 1, true, yes or on to turn it on, "
        "or 0, false, no, off or nothing to turn it off"
    )


def _setting_problem(message: str) -> None:
    """A questionable environment setting: a warning, or a PluginError in strict mode."""
    if _flag("HIPDIP_STRICT_PLUGINS"):
        raise PluginError(message)
    _warn(message)


def report_problem(message: str, *, plugin: str | None = None, rule: str | None = None) -> None:
    """A problem with plugins found while running: a :class:`~hipdip.errors.HipdipPluginWarning`
    (``plugin`` and ``rule`` set on it), or a :class:`~hipdip.PluginError` with
    ``HIPDIP_STRICT_PLUGINS=1``."""
    if _flag("HIPDIP_STRICT_PLUGINS"):
        raise PluginError(message, plugin=plugin)
    _warn(message, plugin=plugin, rule=rule)


def _warn(message: str, *, plugin: str | None = None, rule: str | None = None) -> None:
    warning = HipdipPluginWarning(message)
    warning.plugin = plugin
    warning.rule = rule
    warnings.warn(warning, stacklevel=_caller_level())


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_PACKAGE_DIR = os.path.dirname(os.path.abspath(hookspecs.__file__)) + os.sep


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside hipdip.

    Counted for ``warnings.warn`` called by the function that calls this one.
    """
    frame = sys._getframe(1)  # the function calling warnings.warn: stacklevel 1
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    return level
