"""The exceptions hipdip raises.

Every error a caller can trigger with bad input is a :class:`HipdipError`; the
subclasses also derive from the matching built-in (``ValueError``,
``LookupError``) so generic ``except ValueError`` code keeps working.

>>> from hipdip.errors import ValidationError
>>> err = ValidationError(["body.weight_kg: must be > 0 (got -1)"])
>>> str(err)
'body.weight_kg: must be > 0 (got -1)'
>>> err.errors
('body.weight_kg: must be > 0 (got -1)',)

All exceptions pickle and unpickle (batch planning sends them between
processes), keeping their notes (``add_note``: which plugin raised them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from hipdip.plugins import PluginInfo

__all__ = [
    "MAX_PROBLEMS",
    "DuplicateIdError",
    "HipdipError",
    "HipdipPluginWarning",
    "PlanningError",
    "PluginError",
    "UnknownIdError",
    "ValidationError",
    "cap_problems",
    "close_matches",
]


#: At most this many problems are listed in one :class:`ValidationError` (see :func:`cap_problems`).
MAX_PROBLEMS = 50


class HipdipError(Exception):
    """Base class of every error hipdip raises on purpose."""


class ValidationError(HipdipError, ValueError):
    """Input that breaks a model's rules.

    ``errors`` holds one message per problem, each starting with the path of
    the bad field (``body.weight_kg: must be > 0 (got -1)``).
    """

    errors: tuple[str, ...]

    def __init__(self, errors: str | Iterable[str]) -> None:
        self.errors = (errors,) if isinstance(errors, str) else tuple(errors)
        if not self.errors:
            self.errors = ("invalid input",)
        if len(self.errors) == 1:
            message = self.errors[0]
        else:
            message = f"{len(self.errors)} problems: " + "; ".join(self.errors)
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,), self.__dict__)


class UnknownIdError(HipdipError, LookupError):
    """An id (exercise, muscle, scheme, rule, …) that is not in the catalogue.

    >>> err = UnknownIdError("exercise", "clamshel", ["clamshell", "plank"])
    >>> str(err)
    "unknown exercise id 'clamshel'; did you mean 'clamshell'?"
    >>> err.suggestions
    ('clamshell',)
    """

    kind: str
    id: str
    suggestions: tuple[str, ...]

    def __init__(self, kind: str, id: str, known: Iterable[str] = ()) -> None:
        self.kind = kind
        self.id = id
        self._known = tuple(known)
        self.suggestions = close_matches(str(id), self._known)
        shown = repr(id)
        message = f"unknown {kind} id {shown if len(shown) <= 80 else shown[:77] + '...'}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif self._known:
            shown = ", ".join(sorted(self._known)[:8])
            more = ", …" if len(self._known) > 8 else ""
            message += f"; known ids: {shown}{more}"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError would quote the message like a KeyError; keep it plain.
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id, self._known), self.__dict__)


def cap_problems(problems: Iterable[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """At most ``limit`` problems, the last saying how many more were left out.

    >>> cap_problems(["a", "b", "c", "d"], limit=3)
    ['a', 'b', '… and 2 more problems']
    """
    listed = list(problems)
    if len(listed) <= limit:
        return listed
    left_out = len(listed) - (limit - 1)
    return [*listed[: limit - 1], f"… and {left_out} more problems"]


def close_matches(word: str, known: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """The entries of ``known`` that ``word`` was probably meant to be, best first.

    The same word in another case (``'LINEAR'``, ``'Female'``) is the best
    match; otherwise :func:`difflib.get_close_matches` on the lower-cased words.

    >>> close_matches("LINEAR", ["block", "dup", "linear"])
    ('linear',)
    >>> close_matches("bands", ["ankle_weights", "band", "cable"])
    ('band',)
    """
    import difflib  # only on an error path: kept out of ``import hipdip``

    options = {str(entry).lower(): str(entry) for entry in known}
    folded = word.lower()
    if folded in options:
        return (options[folded],)
    return tuple(
        options[match] for match in difflib.get_close_matches(folded, options, n=n, cutoff=0.6)
    )


class PlanningError(HipdipError):
    """A program cannot be planned (or a planned program breaks a rule).

    ``findings`` holds the ERROR findings that made planning fail, if any.
    """

    def __init__(self, message: str, findings: Iterable[Any] = ()) -> None:
        self.findings: tuple[Any, ...] = tuple(findings)
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.args[0], self.findings), self.__dict__)


class PluginError(HipdipError):
    """A plugin is broken, or two plugins disagree.

    The message names the plugin, its distribution (when it came from an
    entry point) and the hook involved; ``plugin``, ``distribution`` and
    ``hook`` hold them (``None`` when unknown) and ``reason`` the problem
    alone, without that prefix (for an error not about one plugin, the
    whole message). Errors about a plugin are made by :meth:`about`.
    """

    def __init__(
        self,
        message: str,
        *,
        plugin: str | None = None,
        distribution: str | None = None,
        hook: str | None = None,
        reason: str | None = None,
    ) -> None:
        self.plugin = plugin
        self.distribution = distribution
        self.hook = hook
        self.reason = message if reason is None else reason
        super().__init__(message)

    @classmethod
    def about(cls, plugin: PluginInfo, hook: str | None, reason: str) -> Self:
        """The error for ``reason`` in ``plugin`` (and ``hook``): how hipdip words every one.

        >>> from hipdip.registry import PluginInfo
        >>> err = PluginError.about(
        ...     PluginInfo("wave", "hipdip-wave", "1.0"), "hipdip_register_schemes", "boom"
        ... )
        >>> str(err)
        'hipdip plugin wave (hipdip-wave 1.0), hook hipdip_register_schemes: boom'
        >>> err.plugin, err.distribution, err.reason
        ('wave', 'hipdip-wave', 'boom')
        """
        where = f", hook {hook}" if hook else ""
        return cls(
            f"hipdip plugin {plugin}{where}: {reason}",
            plugin=plugin.name,
            distribution=plugin.distribution,
            hook=hook,
            reason=reason,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_plugin_error,
            (type(self), self.args[0], self.plugin, self.distribution, self.hook, self.reason),
            self.__dict__,
        )


class DuplicateIdError(PluginError):
    """Two plugins (or one plugin twice) registered the same id.

    Raised by ``register()`` and, unless the plugin catches it, by
    :func:`hipdip.catalog`: hipdip cannot know which of the two is right, so
    it refuses to guess. The message names both plugins. Also importable as
    ``hipdip.plugins.DuplicateIdError``.
    """


class HipdipPluginWarning(UserWarning):
    """A plugin failed to load or register and was skipped, or one of its rules failed while it ran.

    ``plugin`` is the name of the plugin it is about (``None`` for a warning
    about a setting such as ``HIPDIP_LOAD_PLUGINS``); ``rule`` the id of the
    rule skipped for one call (``None`` when the whole plugin was skipped).
    Set ``HIPDIP_STRICT_PLUGINS=1`` to turn these warnings into
    :class:`PluginError`.
    """

    plugin: str | None = None
    rule: str | None = None


def _rebuild_plugin_error(
    cls: type[PluginError],
    message: str,
    plugin: str | None,
    distribution: str | None,
    hook: str | None,
    reason: str | None = None,
) -> PluginError:
    return cls(message, plugin=plugin, distribution=distribution, hook=hook, reason=reason)
