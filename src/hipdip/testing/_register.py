"""Register a plugin object into a manager for a test, and fail loudly if it is refused.

Shared by the pytest plugin's ``hipdip_register`` fixture and the contract
suites. Outside tests a broken plugin becomes a warning and is skipped (one
broken plugin must not take an application down); inside a test that would
hide the very problem the test is about, so here it is an error.
"""

from __future__ import annotations

import warnings

import hipdip
from hipdip.errors import PluginError
from hipdip.plugins import HipdipPluginManager

__all__ = ["register_checked"]


def register_checked(pm: HipdipPluginManager, plugin: object, name: str) -> str:
    """Register ``plugin`` as ``name`` and build the catalogue; raise if the plugin is refused.

    :meth:`~hipdip.plugins.HipdipPluginManager.register` already raises
    :class:`~hipdip.PluginError` for a malformed plugin (a misspelled hook);
    problems found while building the catalogue — an invalid object, a
    duplicate id, an exercise naming an unknown muscle or variant — are
    raised here too, as a :class:`~hipdip.PluginError` naming the plugin and
    the hook. The refused plugin is unregistered; warnings about *other*
    plugins are passed on unchanged.

    >>> from hipdip.plugins import make_plugin_manager
    >>> class Dangling:
    ...     @hipdip.hookimpl
    ...     def hipdip_register_exercises(self, register):
    ...         register(hipdip.Exercise(
    ...             id="t_walk", name="Walk",
    ...             targets=[hipdip.MuscleTarget("gluteus_medius", "primary")],
    ...             pattern="hip_abduction", position="standing", harder="t_run"))
    >>> pm = make_plugin_manager(entry_points=False)
    >>> register_checked(pm, Dangling(), "dangling")
    Traceback (most recent call last):
    ...
    hipdip.errors.PluginError: hipdip plugin dangling, hook hipdip_register_exercises: exercise 't_walk' harder variant 't_run' is not in the catalogue
    >>> pm.get_plugin("dangling") is None
    True
    """
    before = len(pm.failures)
    pm.register(plugin, name=name)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            hipdip.catalog(pm)
    except BaseException:
        if pm.get_plugin(name) is not None:
            pm.unregister(name=name)
        raise
    ours = [failure for failure in pm.failures[before:] if failure.info.name == name]
    for warning in caught:
        if getattr(warning.message, "plugin", None) != name:  # about another plugin
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    if ours:
        if pm.get_plugin(name) is not None:
            pm.unregister(name=name)
        failure = ours[-1]
        raise PluginError.about(failure.info, failure.hook, failure.message) from failure.error
    return name
