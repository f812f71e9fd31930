"""pytest plugin (entry point ``pytest11``): fixtures for testing hipdip plugins.

Installed with hipdip; active in every pytest run of an environment that has
hipdip (disable with ``-p no:hipdip``). It imports neither hypothesis nor
any installed hipdip plugin.

``hipdip_pm``
    a fresh plugin manager for each test holding hipdip's built-in plugins
    only: hipdip plugins installed in the environment do not leak into tests
    (pass it as ``pm=`` to the engines). A test marked
    ``@pytest.mark.hipdip_entry_points`` gets the installed plugins too.
``hipdip_register``
    ``hipdip_register(plugin, name=None, *, check=True)`` registers a plugin
    object (a module, a class or an instance with ``@hipdip.hookimpl``
    functions) into ``hipdip_pm`` for the current test and returns the name
    it was registered under (by default its ``__name__`` or class name, with
    ``-2``, ``-3``, … appended when taken). A plugin hipdip would refuse —
    a misspelled hook, an invalid object, a duplicate id, an exercise naming
    an unknown muscle — raises :class:`hipdip.PluginError` at once instead of
    the warning an application gets; ``check=False`` registers without
    building the catalogue (to test how a broken plugin is reported).
    Register plugins that depend on each other in dependency order.

Example::

    import hipdip
    import hipdip_wave

    def test_my_scheme_is_selectable(hipdip_pm, hipdip_register):
        hipdip_register(hipdip_wave)
        assert "wave" in hipdip.catalog(hipdip_pm).schemes
        program = hipdip.plan_program(profile, scheme="wave", pm=hipdip_pm)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from hipdip.plugins import HipdipPluginManager, _plugin_name, make_plugin_manager
from hipdip.testing._register import register_checked

__all__ = ["hipdip_pm", "hipdip_register"]

#: Marker asking ``hipdip_pm`` to load installed plugins (entry points) too.
ENTRY_POINTS_MARKER = "hipdip_entry_points"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers",
        f"{ENTRY_POINTS_MARKER}: the hipdip_pm fixture also loads the hipdip plugins installed "
        "in the environment (entry points); without it hipdip_pm holds the built-ins only",
    )


@pytest.fixture
def hipdip_pm(request: pytest.FixtureRequest) -> HipdipPluginManager:
    """A plugin manager with hipdip's built-in plugins only (installed plugins with the marker)."""
    entry_points = request.node.get_closest_marker(ENTRY_POINTS_MARKER) is not None
    return make_plugin_manager(entry_points=entry_points)


@pytest.fixture
def hipdip_register(hipdip_pm: HipdipPluginManager) -> Iterator[Callable[..., str]]:
    """Register plugin objects into ``hipdip_pm`` for one test; unregistered afterwards."""
    registered: list[str] = []

    def register(plugin: object, name: str | None = None, *, check: bool = True) -> str:
        # The name defaults to the plugin's __name__ or class name, made unique.
        plugin_name = name or _plugin_name(hipdip_pm, plugin)
        if check:
            register_checked(hipdip_pm, plugin, plugin_name)
        else:
            hipdip_pm.register(plugin, name=plugin_name)
        registered.append(plugin_name)
        return plugin_name

    yield register
    for plugin_name in registered:
        if hipdip_pm.get_plugin(plugin_name) is not None:
            hipdip_pm.unregister(name=plugin_name)
