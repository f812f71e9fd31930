"""Plugin managers: built-in plugins, entry points, and robust loading.

A manager holds, in this order: the built-in plugins (``hipdip.builtin.*``),
the plugins installed under the ``hipdip`` entry-point group, and the
objects passed as ``plugins``. Entry points are read when a manager is made —
the process-wide default manager (:func:`get_plugin_manager`) is made on first
use, never at ``import hipdip``.

Loading never lets one broken plugin take the others down: a plugin whose
import fails, whose hook implementation is misspelled or takes unknown
arguments, whose hook raises, or whose objects are invalid is reported with a
:class:`~hipdip.errors.HipdipPluginWarning` naming the plugin, its
distribution and the hook, and everything it registered is removed.

Environment settings (read when a manager is made or its catalogue built):

``HIPDIP_STRICT_PLUGINS=1``
    turn those warnings into :class:`hipdip.PluginError`.
``HIPDIP_DISABLE_PLUGIN_AUTOLOAD=1``
    load no entry points (built-ins and explicit ``plugins`` only).
``HIPDIP_LOAD_PLUGINS=name1,name2``
    load only these entry points (by entry-point or distribution name).

>>> from hipdip.plugins import make_plugin_manager
>>> pm = make_plugin_manager(entry_points=False)
>>> [p.name for p in list_plugins(pm)][:2]
['hipdip.builtin.muscles', 'hipdip.builtin.exercises']
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import os
import re
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from hipdip import hookspecs
from hipdip.catalog import KINDS, Catalog, PluginInfo, Registry
from hipdip.errors import HipdipPluginWarning, PluginError
from hipdip.models import Exercise, Muscle
from hipdip.models._checks import SLUG_PATTERN
from hipdip.protocols import NutritionRule, ProgramRule, ProgressionRule, Scheme

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "HipdipPluginManager",
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


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@attrs.frozen
class PluginFailure:
    """A plugin that was skipped, and why."""

    info: PluginInfo
    hook: str | None
    message: str


@attrs.frozen
class PluginListing:
    """One plugin in a manager: who it is and the ids it contributed per kind.

    ``error`` is ``None`` for a working plugin, else why it was skipped.
    """

    name: str
    distribution: str | None
    version: str | None
    contributions: Mapping[str, tuple[str, ...]]
    error: str | None = None


class HipdipPluginManager(pluggy.PluginManager):
    """A :class:`pluggy.PluginManager` for the ``hipdip`` project.

    Besides pluggy's behaviour it records where each plugin came from,
    rejects hook implementations that match no hook, and caches the
    catalogue built from its plugins (cleared on every register/unregister).
    """

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self._hipdip_info: dict[str, PluginInfo] = {}
        self._hipdip_failures: list[PluginFailure] = []
        self._hipdip_catalog: Catalog | None = None
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
        hook (a typo such as ``hipdip_register_exercise``), one with
        arguments the hook does not have, or a hook wrapper. Nothing of a
        rejected plugin stays registered.
        """
        plugin_name = name or self.get_canonical_name(plugin)
        info = PluginInfo(plugin_name, distribution, version)
        try:
            registered = super().register(plugin, name=plugin_name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            self._forget(plugin_name, plugin)
            match = re.search(r"for hook '(\w+)'", str(exc))
            hook = match.group(1) if match else None
            raise PluginError(
                f"hipdip plugin {info} cannot be registered: {_one_line(exc)}",
                plugin=plugin_name,
                distribution=distribution,
                hook=hook,
            ) from exc
        if registered is None:  # blocked by name
            return None
        problem = self._malformed(plugin)
        if problem is not None:
            hook, message = problem
            self._forget(plugin_name, plugin)
            raise PluginError(
                f"hipdip plugin {info}, hook {hook}: {message}",
                plugin=plugin_name,
                distribution=distribution,
                hook=hook,
            )
        self._hipdip_info[plugin_name] = info
        self._hipdip_catalog = None
        return registered

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any | None:
        """Unregister a plugin (by object or name) and clear the cached catalogue."""
        result = super().unregister(plugin=plugin, name=name)
        self._hipdip_catalog = None
        return result

    def plugin_info(self, name: str) -> PluginInfo:
        """Where the plugin registered as ``name`` came from."""
        return self._hipdip_info.get(name) or PluginInfo(name)

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Plugins that were skipped while loading or building the catalogue."""
        return tuple(self._hipdip_failures)

    def _forget(self, name: str, plugin: object) -> None:
        """Remove whatever a failed registration left behind."""
        if self.get_plugin(name) is not None or self.is_registered(plugin):
            with contextlib.suppress(ValueError):
                super().unregister(name=name)
        self._hipdip_info.pop(name, None)
        self._hipdip_catalog = None

    def _malformed(self, plugin: object) -> tuple[str, str] | None:
        for caller in self.get_hookcallers(plugin) or ():
            impls = [impl for impl in caller.get_hookimpls() if impl.plugin is plugin]
            for impl in impls:
                if impl.hookwrapper or impl.wrapper:
                    return caller.name, "hipdip hooks do not support wrappers"
            if caller.spec is None and not all(impl.optionalhook for impl in impls):
                close = difflib.get_close_matches(caller.name, _hook_names(), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                return caller.name, f"the implementation matches no hipdip hook{hint}"
        return None

    def report(self, info: PluginInfo, hook: str | None, message: str) -> None:
        """Report a broken plugin: a warning, or a PluginError in strict mode."""
        where = f", hook {hook}" if hook else ""
        text = f"hipdip plugin {info}{where}: {message}"
        if _flag("HIPDIP_STRICT_PLUGINS"):
            raise PluginError(text, plugin=info.name, distribution=info.distribution, hook=hook)
        self._hipdip_failures.append(PluginFailure(info, hook, message))
        warnings.warn(
            HipdipPluginWarning(
                f"{text}. The plugin was skipped; fix or uninstall it "
                "(HIPDIP_STRICT_PLUGINS=1 makes this an error)."
            ),
            stacklevel=3,
        )


def make_plugin_manager(
    *, entry_points: bool = True, plugins: Iterable[object] = ()
) -> HipdipPluginManager:
    """A fresh plugin manager: built-ins, then entry points, then ``plugins``.

    ``entry_points=False`` (or ``HIPDIP_DISABLE_PLUGIN_AUTOLOAD=1``) loads no
    installed plugins — what tests usually want. Each object in ``plugins``
    is registered under its ``__name__`` (modules) or class name.

    >>> pm = make_plugin_manager(entry_points=False)
    >>> "linear" in __import__("hipdip").catalog(pm).schemes
    True
    """
    pm = HipdipPluginManager()
    for module_name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    if entry_points and not _flag("HIPDIP_DISABLE_PLUGIN_AUTOLOAD"):
        _load_entry_points(pm)
    for plugin in plugins:
        name = _plugin_name(pm, plugin)
        try:
            pm.register(plugin, name=name)
        except PluginError as exc:
            pm.report(PluginInfo(name), exc.hook, _after_colon(str(exc)))
    return pm


_default: HipdipPluginManager | None = None
_default_lock = threading.Lock()


def get_plugin_manager() -> HipdipPluginManager:
    """The process-wide default manager, made on first use (every ``pm=None`` means this one)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = make_plugin_manager()
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
        raise TypeError(
            "pm must be a manager from hipdip.plugins.make_plugin_manager() "
            f"(got {type(manager).__name__})"
        )
    cached = manager._hipdip_catalog
    if cached is not None:
        return cached
    with manager._hipdip_lock:
        if manager._hipdip_catalog is None:
            manager._hipdip_catalog = _Builder(manager).build()
        return manager._hipdip_catalog


def list_plugins(pm: pluggy.PluginManager | None = None) -> tuple[PluginListing, ...]:
    """Every plugin of ``pm``: its distribution/version and the ids it contributed per kind.

    Plugins skipped as broken are listed too, with ``error`` saying why.
    """
    manager = get_plugin_manager() if pm is None else pm
    cat = build_catalog(manager)
    assert isinstance(manager, HipdipPluginManager)
    contributions: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        for id_ in cat.ids(kind):
            contributions.setdefault(cat.provider(kind, id_), {}).setdefault(kind, []).append(id_)
    listings = []
    for name, _plugin in manager.list_name_plugin():
        info = manager.plugin_info(name)
        per_kind = {kind: tuple(ids) for kind, ids in contributions.get(name, {}).items()}
        listings.append(PluginListing(name, info.distribution, info.version, per_kind))
    for failure in manager.failures:
        info = failure.info
        where = f"hook {failure.hook}: " if failure.hook else ""
        listings.append(
            PluginListing(
                info.name, info.distribution, info.version, {}, f"{where}{failure.message}"
            )
        )
    return tuple(listings)


# --------------------------------------------------------------------------- #
# Loading


def _load_entry_points(pm: HipdipPluginManager) -> None:
    from importlib.metadata import entry_points

    wanted = {
        part.strip()
        for part in os.environ.get("HIPDIP_LOAD_PLUGINS", "").split(",")
        if part.strip()
    }
    seen: set[str] = set()
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        distribution, version = _distribution(ep)
        if wanted and ep.name not in wanted and (distribution or "") not in wanted:
            continue
        if ep.name in seen:  # the same distribution seen twice on sys.path
            continue
        seen.add(ep.name)
        info = PluginInfo(ep.name, distribution, version)
        try:
            plugin = ep.load()
        except Exception as exc:
            pm.report(info, None, f"import of {ep.value!r} failed: {_one_line(exc)}")
            continue
        if pm.get_plugin(ep.name) is not None or pm.is_registered(plugin):
            pm.report(info, None, "another plugin is already registered under this name")
            continue
        try:
            pm.register(plugin, name=ep.name, distribution=distribution, version=version)
        except PluginError as exc:
            pm.report(info, exc.hook, _after_colon(str(exc)))


def _distribution(ep: EntryPoint) -> tuple[str | None, str | None]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None, None
    try:
        return dist.metadata["Name"], dist.version
    except Exception:  # broken metadata must not break loading
        return None, None


def _plugin_name(pm: HipdipPluginManager, plugin: object) -> str:
    base = getattr(plugin, "__name__", None) or type(plugin).__name__
    name, counter = base, 2
    while pm.get_plugin(name) is not None:
        name, counter = f"{base}-{counter}", counter + 1
    return name


def _hook_names() -> list[str]:
    return [name for name in dir(hookspecs) if name.startswith(_HOOK_PREFIX)]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _after_colon(text: str) -> str:
    """Drop the 'hipdip plugin X…:' prefix of a PluginError message (it is re-added)."""
    head, sep, tail = text.partition(": ")
    return tail if sep and head.startswith("hipdip plugin") else text


# --------------------------------------------------------------------------- #
# Building the catalogue


class _Duplicate(PluginError):
    """Two plugins registered the same id: an error, never a warning."""


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
        register = self._make_register(kind, info, staged)
        arguments: dict[str, Any] = {"register": register}
        try:
            impl.function(*[arguments[name] for name in impl.argnames])
        except _Duplicate:
            raise
        except Exception as exc:
            self._fail(info, hook, _one_line(exc))
            return
        for id_, obj in staged.items():
            self.items[kind][id_] = obj
            self.providers[(kind, id_)] = info

    def _make_register(
        self, kind: str, info: PluginInfo, staged: dict[str, Any]
    ) -> Callable[[object], None]:
        expected, description = _EXPECTED[kind]
        singular = kind[:-1].replace("_", " ")

        def register(obj: object) -> None:
            # Problems raised here are reported by _call as this plugin's failure.
            if not isinstance(obj, expected):
                raise PluginError(f"register() expects {description} (got {type(obj).__name__})")
            id_ = getattr(obj, "id", None)
            if not isinstance(id_, str) or not SLUG_PATTERN.fullmatch(id_):
                raise PluginError(f"{singular} id must be a lower_snake_case slug (got {id_!r})")
            for method in _METHODS.get(kind, ()):
                if not callable(getattr(obj, method, None)):
                    raise PluginError(f"{singular} {id_!r}: {method} is not callable")
            if kind in {"progression_rules", "nutrition_rules"}:
                priority = getattr(obj, "priority", None)
                if not isinstance(priority, int) or isinstance(priority, bool):
                    raise PluginError(
                        f"{singular} {id_!r}: priority must be an int (got {priority!r})"
                    )
            if id_ in staged:
                raise _Duplicate(
                    f"hipdip plugin {info} registered {singular} id {id_!r} twice",
                    plugin=info.name,
                    distribution=info.distribution,
                    hook=_HOOK_PREFIX + kind,
                )
            if id_ in self.items[kind]:
                other = self.providers[(kind, id_)]
                raise _Duplicate(
                    f"{singular} id {id_!r} is registered by both hipdip plugin {other} and "
                    f"hipdip plugin {info}; uninstall one of them or choose which to load "
                    "with HIPDIP_LOAD_PLUGINS",
                    plugin=info.name,
                    distribution=info.distribution,
                    hook=_HOOK_PREFIX + kind,
                )
            staged[id_] = obj

        return register

    def _check_references(self) -> None:
        """Drop plugins whose exercises name unknown muscles or ladder links, until stable."""
        while True:
            broken: dict[str, tuple[PluginInfo, str]] = {}
            muscles = self.items["muscles"]
            exercises = self.items["exercises"]
            for id_, exercise in exercises.items():
                info = self.providers[("exercises", id_)]
                problems = [
                    f"targets unknown muscle {t.muscle!r}"
                    for t in exercise.targets
                    if t.muscle not in muscles
                ]
                problems += [
                    f"{side} variant {getattr(exercise, side)!r} is not in the catalogue"
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

    def _fail(self, info: PluginInfo, hook: str, message: str) -> None:
        """Report the plugin and remove everything it contributed."""
        self.failed.add(info.name)
        for kind in KINDS:
            for id_ in [
                i for i, who in self.providers.items() if who.name == info.name and i[0] == kind
            ]:
                del self.items[kind][id_[1]]
                del self.providers[id_]
        self.pm.report(info, hook, message)
        if self.pm.get_plugin(info.name) is not None:
            self.pm.unregister(name=info.name)
