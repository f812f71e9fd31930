"""The pytest plugin's fixtures, run in a pytester sandbox with a plugin installed."""

from __future__ import annotations

import pytest
from _plugin_factory import PluginSite, exercise_source

pytest_plugins = ["pytester"]

LEAKY = f"""
@hipdip.hookimpl
def hipdip_register_exercises(register):
    register({exercise_source("t_leak_move")})
"""

INNER_TESTS = """
import pytest

import hipdip
from hipdip import PluginError
from hipdip.plugins import BUILTIN_PLUGINS, make_plugin_manager

managers = []


class Extra:
    def __init__(self, muscle="t_extra"):
        self.muscle = muscle

    @hipdip.hookimpl
    def hipdip_register_muscles(self, register):
        register(hipdip.Muscle(id=self.muscle, name="Extra", region="hip"))


class Misspelled:
    @hipdip.hookimpl
    def hipdip_register_muscle(self, register):
        pass


def test_the_plugin_is_installed_here():
    cat = hipdip.catalog(make_plugin_manager())
    assert cat.provider("exercises", "t_leak_move") == "t_leak"


def test_hipdip_pm_has_builtins_only(hipdip_pm):
    assert [name for name, _ in hipdip_pm.list_name_plugin()] == list(BUILTIN_PLUGINS)
    cat = hipdip.catalog(hipdip_pm)
    assert "t_leak_move" not in cat.exercises
    assert "clamshell" in cat.exercises


def test_register_for_this_test(hipdip_pm, hipdip_register):
    managers.append(hipdip_pm)
    assert hipdip_register(Extra()) == "Extra"
    assert hipdip_register(Extra("t_extra_two")) == "Extra-2"
    assert hipdip_register(Extra("t_named"), name="named") == "named"
    cat = hipdip.catalog(hipdip_pm)
    assert cat.provider("muscles", "t_extra") == "Extra"
    assert cat.provider("muscles", "t_extra_two") == "Extra-2"
    assert cat.provider("muscles", "t_named") == "named"


def test_registration_is_gone_in_the_next_test(hipdip_pm):
    [previous] = managers
    assert previous is not hipdip_pm
    assert [name for name, _ in previous.list_name_plugin()] == list(BUILTIN_PLUGINS)
    assert "t_extra" not in hipdip.catalog(previous).muscles
    assert "t_extra" not in hipdip.catalog(hipdip_pm).muscles


def test_malformed_plugin_fails_loudly(hipdip_register):
    with pytest.raises(PluginError, match="did you mean 'hipdip_register_muscles'"):
        hipdip_register(Misspelled())
"""


@pytest.fixture
def sandbox(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester sandbox where a hipdip plugin is installed through an entry point."""
    for variable in ("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "HIPDIP_LOAD_PLUGINS"):
        monkeypatch.delenv(variable, raising=False)
    site = PluginSite(pytester.path / "site-packages", monkeypatch)
    site.add("hipdip-t-leak", "1.0", modules={"hipdip_t_leak": LEAKY})
    pytester.makepyfile(test_inner=INNER_TESTS)
    return pytester


def test_fixtures_isolate_installed_plugins_and_registrations(sandbox: pytest.Pytester) -> None:
    result = sandbox.runpytest("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)


def test_inner_suite_can_fail(sandbox: pytest.Pytester) -> None:
    # The same sandbox, with a test that wrongly expects the installed plugin in hipdip_pm.
    sandbox.makepyfile(
        test_leak="""
        import hipdip

        def test_leaks(hipdip_pm):
            assert "t_leak_move" in hipdip.catalog(hipdip_pm).exercises
        """
    )
    result = sandbox.runpytest("test_leak.py", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
