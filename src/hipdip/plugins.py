"""Plugin managers: built-in plugins, entry points, and robust loading.

A manager holds, in this order: the built-in plugins (``hipdip.builtin.*``),
the plugins installed under the ``hipdip`` entry-point group, and the
objects passed as ``plugins``. Entry points are read when a manager is made —
the process-wide default manager (:func:`get_plugin_manager`) is made on first
use, never at ``import hipdip``.

Loading never lets one broken plugin take the others down: a plugin whose
import fails, whose hook implementation is misspelled, unmarked or takes
unknown arguments, whose hook raises, or whose objects are invalid or clash
with another plugin's ids is reported with a
:class:`~hipdip.errors.HipdipPluginWarning` naming the plugin, its
distribution and the hook, and everything it registered is removed.

Environment settings (read when a manager is made or its catalogue built):

``HIPDIP_STRICT_PLUGINS=1``
    turn those warnings into :class:`hipdip.PluginError`.
``HIPDIP_DISABLE_PLUGIN_AUTOLOAD=1``
    load no entry points (built-ins and explicit ``plugins`` only).
``HIPDIP_LOAD_PLUGINS=name1,name2``
    load only these entry points, each given by its entry-point name or its
    distribution name (``hipdip-wave``, ``hipdip_wave`` and ``Hipdip.Wave``
    are the same distribution).

>>> from hipdip.plugins import make_plugin_manager
>>> pm = make_plugin_manager(entry_points=False)
>>> [p.name for p in list_plugins(pm)][:2]
['hipdip.builtin.muscles', 'hipdip.builtin.exercises']
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import os
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from hipdip import __version__, hookspecs
from hipdip.errors import HipdipPluginWarning, PluginError, ValidationError
from hipdip.models import Exercise, Muscle
from hipdip.models._checks import SLUG_PATTERN
from hipdip.protocols import NutritionRule, ProgramRule, ProgressionRule, Scheme
from hipdip.registry import KINDS, Catalog, PluginInfo, Registry

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
)

_HOOK_PREFIX = "hipdip_register_"
_EXPECTED: dict[str, tuple[type, str]] = {
    "muscles": (Muscle, "a hipdip.Muscle"),
    "exercises": (Exercise, "a hipdip.Exercise"),
    "schemes": (Scheme, "a Scheme (id, name, target())"),
    "progression_rules": (ProgressionRule, "a ProgressionRule (id, priority, applies(), decide())"),
    "nutrition_rules": (NutritionRule, "a NutritionRule (id, priority, apply())"),
    "program_rules": (ProgramRule, "a ProgramRule (id, check())"),
}
_METHODS: dict[str, tuple[str, ...]] = {
    "schemes": ("target",),
    "progression_rules": ("applies", "decide"),
    "nutrition_rules": ("apply",),
    "program_rules": ("check",),
}
_SKIPPED = (
    "The plugin was skipped; fix or uninstall it (HIPDIP_STRICT_PLUGINS=1 makes this an error)."
)


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
    rejects malformed plugins as a whole, and caches the catalogue built from
    its plugins (cleared on every register/unregister). Registering,
    unregistering and building the catalogue are serialised by a lock.
    """

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self._hipdip_info: dict[str, PluginInfo] = {}
        self._hipdip_failures: list[PluginFailure] = []
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

        Malformed means: a hook implementation whose name matches no hipdip
        hook (a typo such as ``hipdip_register_exercise``; implementations
        marked ``optionalhook=True`` are allowed), a function named like a
        hook but not marked with ``@hipdip.hookimpl``, an implementation
        with arguments the hook does not have, or a hook wrapper. Nothing of
        a rejected plugin stays registered, and a plugin already registered
        under the same name is left alone.
        """
        with self._hipdip_lock:
            plugin_name = name or self.get_canonical_name(plugin)
            info = PluginInfo(plugin_name, distribution, version)
            names = dict(self.list_name_plugin())
            if names.get(plugin_name) is not None:  # (a blocked name maps to None)
                raise _problem(info, None, f"a plugin is already registered as {plugin_name!r}")
            other = self.get_name(plugin) if plugin is not None else None
            if other is not None:
                raise _problem(info, None, f"the object is already registered as plugin {other!r}")
            try:
                registered = super().register(plugin, name=plugin_name)
            except (pluggy.PluginValidationError, ValueError) as exc:
                self._forget(plugin_name, plugin)
                match = re.search(r"for hook '(\w+)'", str(exc))
                raise _problem(info, match.group(1) if match else None, _one_line(exc)) from exc
            if registered is None:  # None, or a name blocked with set_blocked()
                return None
            problem = self._malformed(plugin)
            if problem is not None:
                self._forget(plugin_name, plugin)
                raise _problem(info, *problem)
            self._hipdip_info[plugin_name] = info
            self._hipdip_catalog = None
            return registered

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
        with ``advice``, and is attributed to the first caller outside hipdip
        (the line that asked for the catalogue or the manager). ``cause``
        becomes the PluginError's ``__cause__`` and the failure's ``error``.
        """
        error = _problem(info, hook, message)
        if _flag("HIPDIP_STRICT_PLUGINS"):
            raise error from cause
        self._hipdip_failures.append(PluginFailure(info, hook, message, cause))
        warnings.warn(HipdipPluginWarning(f"{error}. {advice}"), stacklevel=_caller_level())

    def _forget(self, name: str, plugin: object) -> None:
        """Remove whatever a failed registration of ``plugin`` under ``name`` left behind."""
        if dict(self.list_name_plugin()).get(name) is plugin:
            super().unregister(name=name)
        self._hipdip_info.pop(name, None)
        # pluggy adds a spec-less hook caller for each unknown hook name; drop empty ones.
        for hook_name, caller in list(vars(self.hook).items()):
            is_empty = isinstance(caller, pluggy.HookCaller) and not caller.get_hookimpls()
            if is_empty and caller.spec is None:
                delattr(self.hook, hook_name)
        self._hipdip_catalog = None

    def _malformed(self, plugin: object) -> tuple[str, str] | None:
        """(hook, problem) for the first thing wrong with a registered plugin, else None."""
        for caller in self.get_hookcallers(plugin) or ():
            impls = [impl for impl in caller.get_hookimpls() if impl.plugin is plugin]
            for impl in impls:
                if impl.hookwrapper or impl.wrapper:
                    return caller.name, "hipdip hooks do not support wrappers"
            if caller.spec is None and not all(impl.optionalhook for impl in impls):
                return caller.name, "the implementation matches no hipdip hook" + _hint(caller.name)
            if inspect.isclass(plugin) and any(_takes_self(impl.function) for impl in impls):
                return caller.name, (
                    f"{plugin.__name__} is a class whose hooks are methods; "
                    f"register an instance ({plugin.__name__}()) instead"
                )
        for attr in dir(plugin):
            if not attr.startswith("hipdip_") or self.parse_hookimpl_opts(plugin, attr):
                continue
            value = _static_attr(plugin, attr)
            if isinstance(value, staticmethod | classmethod):
                value = value.__func__
            if inspect.isroutine(value):
                hint = "" if attr in _hook_names() else _hint(attr)
                return attr, f"the function is not marked with @hipdip.hookimpl{hint}"
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
    pm = HipdipPluginManager()
    for module_name in BUILTIN_PLUGINS:
        pm.register(
            importlib.import_module(module_name),
            name=module_name,
            distribution=hookspecs.PROJECT_NAME,
            version=__version__,
        )
    if entry_points and not _flag("HIPDIP_DISABLE_PLUGIN_AUTOLOAD"):
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


def build_catalog(pm: pluggy.PluginManager | None = None) -> Catalog:
    """The catalogue of ``pm`` (default manager if ``None``), built once and cached."""
    manager = get_plugin_manager() if pm is None else pm
    if not isinstance(manager, HipdipPluginManager):
        raise ValidationError(
            "pm: must be a plugin manager from hipdip.plugins.make_plugin_manager() "
            f"(got {type(manager).__name__})"
        )
    cached = manager._hipdip_catalog
    if cached is not None:
        return cached
    with manager._hipdip_lock:
        if manager._hipdip_catalog is None:
            if manager._hipdip_building:  # only this thread can be inside the lock
                raise PluginError(
                    "hipdip.catalog() was called from inside a hipdip_register_* hook; "
                    "hooks may only call register()"
                )
            manager._hipdip_building = True
            try:
                catalog = _Builder(manager).build()
            finally:
                manager._hipdip_building = False
            manager._hipdip_catalog = catalog
        return manager._hipdip_catalog


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
    cat = build_catalog(manager)
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
        info = failure.info
        where = f"hook {failure.hook}: " if failure.hook else ""
        listings.append(
            PluginListing(
                info.name,
                info.distribution,
                info.version,
                MappingProxyType({}),
                f"{where}{failure.message}",
            )
        )
    return tuple(listings)


# --------------------------------------------------------------------------- #
# Loading


class DuplicateIdError(PluginError):
    """Two plugins (or one plugin twice) registered the same id.

    Raised by ``register()`` and, unless the plugin catches it, by
    :func:`hipdip.catalog`: hipdip cannot know which of the two is right, so
    it refuses to guess. The message names both plugins.
    """


def _duplicate(info: PluginInfo, hook: str, reason: str) -> PluginError:
    return _problem(info, hook, reason, kind=DuplicateIdError)


def _problem(
    info: PluginInfo, hook: str | None, reason: str, *, kind: type[PluginError] = PluginError
) -> PluginError:
    """A PluginError (or ``kind``) naming the plugin, its distribution and the hook.

    The bare ``reason`` is kept on the error too, so a loader can re-report
    it without repeating the prefix.
    """
    where = f", hook {hook}" if hook else ""
    error = kind(
        f"hipdip plugin {info}{where}: {reason}",
        plugin=info.name,
        distribution=info.distribution,
        hook=hook,
    )
    error.__dict__["_hipdip_reason"] = reason
    return error


def _reason(exc: BaseException) -> str:
    """What went wrong, without the 'hipdip plugin X' prefix of our own errors."""
    reason = exc.__dict__.get("_hipdip_reason")
    return reason if isinstance(reason, str) else _one_line(exc)


def _load_entry_points(pm: HipdipPluginManager) -> None:
    from importlib.metadata import entry_points

    wanted = {
        _normalize(part): part.strip()
        for part in os.environ.get("HIPDIP_LOAD_PLUGINS", "").split(",")
        if part.strip()
    }
    matched: set[str] = set()
    seen: dict[str, tuple[str | None, str]] = {}  # entry-point name -> (distribution, value)
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
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
        except Exception as exc:
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
        pm.report(info, exc.hook, _reason(exc), cause=exc)
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


def _describe(plugin: object) -> str:
    if inspect.ismodule(plugin):
        return f"module {plugin.__name__!r}"
    return f"{type(plugin).__name__} object"


def _hook_names() -> list[str]:
    return [name for name in dir(hookspecs) if name.startswith(_HOOK_PREFIX)]


def _hint(name: str) -> str:
    close = difflib.get_close_matches(name, _hook_names(), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _takes_self(function: Callable[..., object]) -> bool:
    try:
        return next(iter(inspect.signature(function).parameters), None) == "self"
    except (TypeError, ValueError):
        return False


def _static_attr(obj: object, name: str) -> object:
    try:
        return inspect.getattr_static(obj, name)
    except AttributeError:
        return None


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


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


# --------------------------------------------------------------------------- #
# Building the catalogue


class _Builder:
    """Calls every plugin's contribution hooks, one plugin at a time."""

    def __init__(self, pm: HipdipPluginManager) -> None:
        self.pm = pm
        self.order = {name: index for index, (name, _) in enumerate(pm.list_name_plugin())}
        self.items: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        self.providers: dict[tuple[str, str], PluginInfo] = {}
        self.failed: set[str] = set()

    def build(self) -> Catalog:
        for kind in KINDS:
            caller = getattr(self.pm.hook, _HOOK_PREFIX + kind)
            impls = sorted(caller.get_hookimpls(), key=lambda i: self.order.get(i.plugin_name, 0))
            for impl in impls:
                if impl.plugin_name not in self.failed:
                    self._call(kind, caller.name, impl)
        self._check_references()
        return Catalog(
            **{kind: Registry(kind, self.items[kind]) for kind in KINDS},
            providers=dict(self.providers),
        )

    def _call(self, kind: str, hook: str, impl: pluggy.HookImpl) -> None:
        info = self.pm.plugin_info(impl.plugin_name)
        staged: dict[str, Any] = {}
        register, close = self._make_register(kind, info, staged)
        arguments: dict[str, Any] = {"register": register}
        try:
            result = impl.function(*[arguments[name] for name in impl.argnames])
        except DuplicateIdError:
            # Two plugins claiming one id is a conflict only the user can settle
            # (which one is right?): an error, never a silent or warned choice.
            raise
        except Exception as exc:
            self._fail(info, hook, _reason(exc), exc)
            return
        finally:
            close()
        if result is not None:
            self._fail(
                info,
                hook,
                f"the hook returned {type(result).__name__}; it must call register(obj) "
                "for each object and return None",
            )
            return
        for id_, obj in staged.items():
            self.items[kind][id_] = obj
            self.providers[(kind, id_)] = info

    def _make_register(
        self, kind: str, info: PluginInfo, staged: dict[str, Any]
    ) -> tuple[Callable[[object], None], Callable[[], None]]:
        expected, description = _EXPECTED[kind]
        singular = kind[:-1].replace("_", " ")
        hook = _HOOK_PREFIX + kind
        open_ = [True]

        def problem(reason: str) -> PluginError:
            return _problem(info, hook, reason)

        def register(obj: object) -> None:
            if not open_[0]:
                raise problem("register() was called after the hook returned")
            if not isinstance(obj, expected):
                raise problem(f"register() expects {description} (got {type(obj).__name__})")
            id_ = getattr(obj, "id", None)
            if not isinstance(id_, str) or not SLUG_PATTERN.fullmatch(id_):
                raise problem(f"{singular} id must be a lower_snake_case slug (got {id_!r})")
            for method in _METHODS.get(kind, ()):
                if not callable(getattr(obj, method, None)):
                    raise problem(f"{singular} {id_!r}: {method} is not callable")
            if kind == "schemes" and not isinstance(getattr(obj, "name", None), str):
                raise problem(f"{singular} {id_!r}: name must be a str")
            if kind in {"progression_rules", "nutrition_rules"}:
                priority = getattr(obj, "priority", None)
                if not isinstance(priority, int) or isinstance(priority, bool):
                    raise problem(f"{singular} {id_!r}: priority must be an int (got {priority!r})")
            if id_ in staged:
                raise problem(f"{singular} id {id_!r} was registered twice")
            if id_ in self.items[kind]:
                other = self.providers[(kind, id_)]
                raise _duplicate(
                    info,
                    hook,
                    f"{singular} id {id_!r} is already registered by hipdip plugin {other}; "
                    f"hipdip plugin {info} cannot register it too (uninstall one of them, or "
                    "choose which to load with HIPDIP_LOAD_PLUGINS)",
                )
            staged[id_] = obj

        def close() -> None:
            open_[0] = False

        return register, close

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
                self._fail(info, _HOOK_PREFIX + "exercises", message)

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


def _suggest(id_: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(id_, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
