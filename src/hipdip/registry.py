"""The catalogue: every muscle, exercise, scheme and rule the plugins registered.

>>> import hipdip
>>> cat = hipdip.catalog()
>>> cat.exercises["clamshell"].name
'Clamshell'
>>> cat.provider("exercises", "clamshell")
'hipdip.builtin.exercises'
>>> cat.exercises["clamshel"]  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
hipdip.errors.UnknownIdError: unknown exercise id 'clamshel'; did you mean 'clamshell'...?
>>> cat.exercises.get("clamshel") is None, "clamshel" in cat.exercises
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from hipdip.errors import UnknownIdError
from hipdip.models import Exercise, Muscle

if TYPE_CHECKING:
    import pluggy

    from hipdip.protocols import NutritionRule, ProgramRule, ProgressionRule, Scheme

__all__ = ["KINDS", "Catalog", "PluginInfo", "catalog"]

V = TypeVar("V")

#: The catalogue's mappings, in the order plugins contribute to them.
KINDS: tuple[str, ...] = (
    "muscles",
    "exercises",
    "schemes",
    "progression_rules",
    "nutrition_rules",
    "program_rules",
)

_SINGULAR = {
    "muscles": "muscle",
    "exercises": "exercise",
    "schemes": "scheme",
    "progression_rules": "progression rule",
    "nutrition_rules": "nutrition rule",
    "program_rules": "program rule",
}


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
            raise UnknownIdError(_SINGULAR.get(self._kind, self._kind), key, self._items) from None

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

    def __repr__(self) -> str:
        return f"Registry({self._kind!r}, {sorted(self._items)!r})"


@attrs.frozen(eq=False)
class Catalog:
    """Read-only mappings (id → object) of everything registered, and who provided it.

    Build one with :func:`catalog`; it is cached per plugin manager.
    """

    muscles: Registry[Muscle]
    exercises: Registry[Exercise]
    schemes: Registry[Scheme]
    progression_rules: Registry[ProgressionRule]
    nutrition_rules: Registry[NutritionRule]
    program_rules: Registry[ProgramRule]
    _providers: Mapping[tuple[str, str], PluginInfo] = attrs.field(alias="providers", repr=False)

    def provider(self, kind: str, id: str) -> str:
        """The registered name of the plugin that supplied ``id`` in mapping ``kind``.

        ``kind`` is the mapping's name (``"exercises"``, ``"schemes"``, …).
        Raises :class:`~hipdip.UnknownIdError` for an unknown kind or id.
        """
        return self.plugin_info(kind, id).name

    def plugin_info(self, kind: str, id: str) -> PluginInfo:
        """Like :meth:`provider`, with the distribution name and version."""
        if kind not in KINDS:
            raise UnknownIdError("catalogue kind", kind, KINDS)
        self._registry(kind)[id]  # raises UnknownIdError with suggestions
        return self._providers[(kind, id)]

    def exercise(self, id: str) -> Exercise:
        """The exercise ``id``; :class:`~hipdip.UnknownIdError` with suggestions if unknown."""
        return self.exercises[id]

    def scheme(self, id: str) -> Scheme:
        """The scheme ``id``; :class:`~hipdip.UnknownIdError` with suggestions if unknown."""
        return self.schemes[id]

    @contextmanager
    def guard(self, kind: str, id: str, what: str) -> Iterator[None]:
        """Run plugin code; an exception leaving it gets a note naming the plugin.

        ``what`` names the call (``"target()"``). Used by the engines around
        every call into a plugin object, so a failure is never anonymous. The
        exception itself passes through unchanged (same type, same
        traceback); nested guards for the same call add the note once.

        >>> from hipdip.plugins import make_plugin_manager
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
            note = f"raised by {_SINGULAR.get(kind, kind)} {id!r}.{what} from {who}"
            if note not in getattr(exc, "__notes__", ()):
                exc.add_note(note)
            raise

    def _registry(self, kind: str) -> Registry[Any]:
        registry: Registry[Any] = getattr(self, kind)
        return registry

    def ids(self, kind: str) -> tuple[str, ...]:
        """The ids registered in mapping ``kind``, in registration order."""
        if kind not in KINDS:
            raise UnknownIdError("catalogue kind", kind, KINDS)
        return tuple(self._registry(kind))


def catalog(pm: pluggy.PluginManager | None = None) -> Catalog:
    """The catalogue built from ``pm``'s plugins (default: :func:`hipdip.plugins.get_plugin_manager`).

    Built on first use and cached per plugin manager (registering or
    unregistering a plugin clears the cache).
    """
    if pm is not None:  # fast path: the engines call this on every step
        cached = getattr(pm, "_hipdip_catalog", None)
        if isinstance(cached, Catalog):
            return cached
    global _build_catalog
    if _build_catalog is None:  # hipdip.plugins (pluggy) loads on first use only
        from hipdip.plugins import build_catalog

        _build_catalog = build_catalog
    return _build_catalog(pm)


_build_catalog: Callable[[pluggy.PluginManager | None], Catalog] | None = None
