"""pytest plugin (entry point ``pytest11``): fixtures for testing hipdip plugins.

``hipdip_pm``
    a fresh plugin manager with the built-in plugins only: plugins installed
    in the environment do not leak into tests.
``hipdip_register``
    ``hipdip_register(obj)`` registers a plugin object into ``hipdip_pm``
    for the current test and returns the name it was registered under.

Example::

    def test_my_scheme_is_selectable(hipdip_pm, hipdip_register):
        hipdip_register(my_plugin)
        assert "wave" in hipdip.catalog(hipdip_pm).schemes
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from hipdip.plugins import HipdipPluginManager, make_plugin_manager


@pytest.fixture
def hipdip_pm() -> HipdipPluginManager:
    """A plugin manager with hipdip's built-in plugins only (no entry points)."""
    return make_plugin_manager(entry_points=False)


@pytest.fixture
def hipdip_register(hipdip_pm: HipdipPluginManager) -> Iterator[Callable[..., str]]:
    """Register plugin objects into ``hipdip_pm`` for one test; unregistered afterwards."""
    registered: list[str] = []

    def register(plugin: object, name: str | None = None) -> str:
        plugin_name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        hipdip_pm.register(plugin, name=plugin_name)
        registered.append(plugin_name)
        return plugin_name

    yield register
    for plugin_name in registered:
        if hipdip_pm.get_plugin(plugin_name) is not None:
            hipdip_pm.unregister(name=plugin_name)
