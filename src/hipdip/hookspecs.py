"""The hooks a hipdip plugin implements.

A plugin is any module or object with functions marked ``@hipdip.hookimpl``
whose names match the specs below. Register it through an entry point in the
``hipdip`` group (``pyproject.toml``)::

    [project.entry-points.hipdip]
    wave = "hipdip_wave"

or pass it to :func:`hipdip.plugins.make_plugin_manager` (``plugins=[...]``).

Every hook is a *contribution* hook: it receives ``register``, a callback that
takes one object and records which plugin supplied it. Call it once per
object. ``register`` checks the object and raises :class:`hipdip.PluginError`
if it is not the right kind of object, if its id is not a lower_snake_case
slug, or if another plugin already registered the same id (a
:class:`hipdip.plugins.DuplicateIdError` naming both plugins). A hook may catch
that error and go on. A duplicate id that escapes the hook is raised by
:func:`hipdip.catalog`: hipdip cannot know which of two plugins is right, so
the user chooses (uninstall one, or ``HIPDIP_LOAD_PLUGINS``). Any other
exception that escapes a hook makes hipdip skip the whole plugin — everything
it registered in any hook is removed — with a
:class:`hipdip.errors.HipdipPluginWarning` naming the plugin, its distribution
and the hook (a :class:`hipdip.PluginError` with ``HIPDIP_STRICT_PLUGINS=1``). ``register`` only works while the hook
runs, and a hook must not call :func:`hipdip.catalog` itself. The hooks are
called once per plugin manager, when :func:`hipdip.catalog` first needs them
— not at import time — and again after a plugin is registered or
unregistered; through pluggy (``pm.hook.<name>``), one plugin at a time, in
registration order (built-ins first) except that ``tryfirst=True``
implementations run first and ``trylast=True`` ones last.

Hooks only ever gain new (optional) arguments; pluggy passes an
implementation only the arguments it names, so plugins keep working.

>>> import hipdip
>>> from hipdip import Muscle
>>> class MyPlugin:
...     @hipdip.hookimpl
...     def hipdip_register_muscles(self, register):
...         register(Muscle(id="piriformis", name="Piriformis", region="hip",
...                         actions=("hip external rotation",)))
>>> from hipdip.plugins import make_plugin_manager
>>> pm = make_plugin_manager(entry_points=False, plugins=[MyPlugin()])
>>> hipdip.catalog(pm).muscles["piriformis"].name
'Piriformis'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from hipdip.models import Exercise, Muscle
    from hipdip.protocols import LogFormat, NutritionRule, ProgramRule, ProgressionRule, Scheme

__all__ = [
    "PROJECT_NAME",
    "hipdip_register_exercises",
    "hipdip_register_log_formats",
    "hipdip_register_muscles",
    "hipdip_register_nutrition_rules",
    "hipdip_register_program_rules",
    "hipdip_register_progression_rules",
    "hipdip_register_schemes",
    "hookimpl",
    "hookspec",
]

#: The one project name: pluggy markers, the plugin manager and the entry-point group.
PROJECT_NAME = "hipdip"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Mark a plugin function as a hook implementation (also ``hipdip.hookimpl``).
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def hipdip_register_muscles(register: Callable[[Muscle], None]) -> None:
    """Add muscles to the catalogue.

    Called once per plugin manager, before exercises are checked, when the
    catalogue is first built. Call ``register(muscle)`` with a
    :class:`hipdip.Muscle` for each muscle the plugin adds. Exercises from
    any plugin may then target it by id.

    Return nothing.
    """


@hookspec
def hipdip_register_exercises(register: Callable[[Exercise], None]) -> None:
    """Add exercises to the catalogue.

    Called once per plugin manager when the catalogue is first built. Call
    ``register(exercise)`` with a :class:`hipdip.Exercise` for each exercise.
    A ladder link declared on either side is a link: an exercise naming a
    built-in one as its ``easier`` is a harder variant of it
    (:meth:`hipdip.Catalog.harder_variants`). ``tags`` say what the exercise
    loads (:data:`hipdip.limitations.LOAD_TAGS`: ``kneeling``, ``supine``, …)
    so a person's ``avoid`` and ``limitations`` can leave it out.
    After every plugin has registered, each exercise's target muscles and
    ``easier``/``harder`` ladder links must name ids in the catalogue;
    otherwise the plugin is reported (a :class:`hipdip.errors.HipdipPluginWarning`,
    or :class:`hipdip.PluginError` with ``HIPDIP_STRICT_PLUGINS=1``) and
    its contributions are dropped.

    Return nothing.
    """


@hookspec
def hipdip_register_schemes(register: Callable[[Scheme], None]) -> None:
    """Add periodization schemes.

    Called once per plugin manager when the catalogue is first built. Call
    ``register(scheme)`` with an object implementing
    :class:`hipdip.protocols.Scheme` (``id``, ``name`` and
    ``target(week, day, *, weeks, days_per_week) -> Target``). The scheme is
    then selectable by id: ``plan_program(profile, scheme=scheme.id)``.

    Return nothing.
    """


@hookspec
def hipdip_register_progression_rules(register: Callable[[ProgressionRule], None]) -> None:
    """Add progression rules.

    Called once per plugin manager when the catalogue is first built. Call
    ``register(rule)`` with an object implementing
    :class:`hipdip.protocols.ProgressionRule`. For each logged exercise,
    :func:`hipdip.next_prescription` asks the applicable rules in order of
    descending ``priority``; the first one that returns a
    :class:`hipdip.Decision` (not ``None``) wins. The built-in double
    progression has priority 0.

    Return nothing.
    """


@hookspec
def hipdip_register_nutrition_rules(register: Callable[[NutritionRule], None]) -> None:
    """Add nutrition rules.

    Called once per plugin manager when the catalogue is first built. Call
    ``register(rule)`` with an object implementing
    :class:`hipdip.protocols.NutritionRule`. :func:`hipdip.nutrition_plan`
    runs every rule in ascending ``priority`` order (a higher priority runs
    later and so has the last word), each one evolving the draft plan; the
    built-in safety rules always run after all of them and cannot be
    disabled.

    Return nothing.
    """


@hookspec
def hipdip_register_program_rules(register: Callable[[ProgramRule], None]) -> None:
    """Add program rules.

    Called once per plugin manager when the catalogue is first built. Call
    ``register(rule)`` with an object implementing
    :class:`hipdip.protocols.ProgramRule`. :func:`hipdip.validate_program`
    and :func:`hipdip.plan_program` run every rule; an ERROR finding makes
    ``plan_program`` raise :class:`hipdip.PlanningError`.

    Return nothing.
    """


@hookspec
def hipdip_register_log_formats(register: Callable[[LogFormat], None]) -> None:
    """Add training-log file formats (another app's export).

    Called once per plugin manager when the catalogue is first built. Call
    ``register(log_format)`` with an object implementing
    :class:`hipdip.protocols.LogFormat` (``id``, ``name``, ``sniff(text)``,
    ``read(text, *, catalog)`` and, if it can write, ``write(log, *,
    catalog)``). :func:`hipdip.logs.read_log` then reads that format by id or
    recognises it (``format="auto"``), and ``hipdip import-log`` lists it.
    The built-ins are ``strong_csv``, ``hevy_csv`` and ``fitnotes_csv``.

    Return nothing.
    """
