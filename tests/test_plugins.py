"""The plugin system, tested with real (small) plugin distributions.

Each distribution is a directory on ``sys.path`` with a ``dist-info`` and an
``entry_points.txt`` in group ``hipdip`` (see ``_plugin_factory``), found by
:mod:`importlib.metadata` exactly like an installed wheel.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pluggy
import pytest
from _plugin_factory import (
    PluginSite,
    exercise_source,
    glute_exercise,
    plugin_site,
    scheme_source,
    with_plugin,
)

import hipdip
from hipdip import HipdipPluginWarning, PluginError
from hipdip.plugins import (
    BUILTIN_PLUGINS,
    DuplicateIdError,
    HipdipPluginManager,
    get_plugin_manager,
    list_plugins,
    make_plugin_manager,
)
from hipdip.registry import KINDS

__all__ = ["plugin_site"]  # the fixture, re-exported for pytest

# --------------------------------------------------------------------------- #
# Plugin sources


WAVE = f"""
{scheme_source("t_wave", "Wave")}

@hipdip.hookimpl
def hipdip_register_exercises(register):
    register({exercise_source("t_wave_abduction")})

@hipdip.hookimpl
def hipdip_register_schemes(register):
    register(Wave())
"""

#: A working plugin that must survive whatever the broken one does.
GOOD = f"""
@hipdip.hookimpl
def hipdip_register_exercises(register):
    register({exercise_source("t_good_walk")})
"""


def add_good(site: PluginSite) -> None:
    site.add("hipdip-t-good", "0.1", modules={"hipdip_t_good": GOOD})


def ep_names(pm: HipdipPluginManager) -> set[str]:
    """Names of the registered test plugins (``t_…``; real installed plugins are ignored)."""
    return {name for name, _ in pm.list_name_plugin() if name.startswith("t_")}


def assert_good_works(pm: HipdipPluginManager) -> None:
    cat = hipdip.catalog(pm)
    assert cat.provider("exercises", "t_good_walk") == "t_good"
    assert cat.provider("exercises", "clamshell") == "hipdip.builtin.exercises"


def assert_names(message: str, *parts: str) -> None:
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


# --------------------------------------------------------------------------- #
# Must show: an installed plugin is picked up by hipdip.catalog()


def test_installed_plugin_is_picked_up_by_default_catalog(plugin_site: PluginSite) -> None:
    plugin_site.add("hipdip-t-wave", "1.2.3", modules={"hipdip_t_wave": WAVE})

    cat = hipdip.catalog()

    assert cat.schemes["t_wave"].name == "Test scheme t_wave"
    assert cat.exercises["t_wave_abduction"].name == "Test t_wave_abduction"
    assert cat.provider("schemes", "t_wave") == "t_wave"
    assert cat.provider("exercises", "t_wave_abduction") == "t_wave"
    info = cat.plugin_info("schemes", "t_wave")
    assert (info.name, info.distribution, info.version) == ("t_wave", "hipdip-t-wave", "1.2.3")
    assert cat.provider("schemes", "linear") == "hipdip.builtin.schemes"
    assert hipdip.catalog() is cat  # cached on the default manager


def test_default_manager_is_made_once_and_reset(plugin_site: PluginSite) -> None:
    first = get_plugin_manager()
    assert get_plugin_manager() is first
    hipdip.plugins._reset_default_plugin_manager()
    plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    second = get_plugin_manager()
    assert second is not first
    assert "t_wave" in ep_names(second)
    assert "t_wave" not in ep_names(first)


# --------------------------------------------------------------------------- #
# Robustness: every broken plugin is skipped, named, and leaves nothing behind


def test_import_failure_is_reported_and_others_work(plugin_site: PluginSite) -> None:
    add_good(plugin_site)
    plugin_site.add(
        "hipdip-t-broken", "2.0", modules={"hipdip_t_broken": "import hipdip_t_no_such_module\n"}
    )

    with pytest.warns(HipdipPluginWarning) as record:
        pm = make_plugin_manager()

    [warning] = [w for w in record if "t_broken" in str(w.message)]
    assert_names(
        str(warning.message),
        "hipdip plugin t_broken (hipdip-t-broken 2.0)",
        "import of 'hipdip_t_broken' failed",
        "ModuleNotFoundError",
        "hipdip_t_no_such_module",
        "HIPDIP_STRICT_PLUGINS",
    )
    assert warning.filename == __file__  # attributed to the caller, not to hipdip
    assert "t_broken" not in ep_names(pm)
    assert_good_works(pm)
    [failure] = [f for f in pm.failures if f.info.name == "t_broken"]
    assert isinstance(failure.error, ModuleNotFoundError)


HOOK_RAISES = f"""
@hipdip.hookimpl
def hipdip_register_muscles(register):
    register(Muscle(id="t_extra_muscle", name="Extra", region="hip"))

@hipdip.hookimpl
def hipdip_register_exercises(register):
    register({exercise_source("t_half_registered", muscle="t_extra_muscle")})
    raise RuntimeError("database unreachable")

@hipdip.hookimpl
def hipdip_register_schemes(register):
    raise AssertionError("never called: the plugin was dropped before")
"""


def test_hook_raising_leaves_nothing_behind(plugin_site: PluginSite) -> None:
    add_good(plugin_site)
    plugin_site.add("hipdip-t-raiser", "0.3", modules={"hipdip_t_raiser": HOOK_RAISES})
    pm = make_plugin_manager()
    assert "t_raiser" in ep_names(pm)  # loading worked; the hooks run for the catalogue

    with pytest.warns(HipdipPluginWarning) as record:
        cat = hipdip.catalog(pm)

    [warning] = record
    assert_names(
        str(warning.message),
        "hipdip plugin t_raiser (hipdip-t-raiser 0.3)",
        "hook hipdip_register_exercises",
        "RuntimeError: database unreachable",
    )
    assert warning.filename == __file__
    assert "t_extra_muscle" not in cat.muscles  # registered by an earlier hook: removed too
    assert "t_half_registered" not in cat.exercises
    assert "t_raiser" not in ep_names(pm)  # unregistered
    assert not any(
        impl.plugin_name == "t_raiser"
        for caller in vars(pm.hook).values()
        if isinstance(caller, pluggy.HookCaller)
        for impl in caller.get_hookimpls()
    )
    assert_good_works(pm)
    [failure] = pm.failures
    assert isinstance(failure.error, RuntimeError)
    assert failure.hook == "hipdip_register_exercises"


MISSPELLED = f"""
@hipdip.hookimpl
def hipdip_register_muscles(register):
    register(Muscle(id="t_misspelled_muscle", name="M", region="hip"))

@hipdip.hookimpl
def hipdip_register_exercise(register):
    register({exercise_source("t_misspelled")})
"""

UNMARKED = f"""
def hipdip_register_exercises(register):  # forgot @hipdip.hookimpl
    register({exercise_source("t_unmarked")})
"""

WRONG_ARGUMENTS = f"""
@hipdip.hookimpl
def hipdip_register_muscles(register):
    register(Muscle(id="t_wrong_args_muscle", name="M", region="hip"))

@hipdip.hookimpl
def hipdip_register_exercises(register, catalog):
    register({exercise_source("t_wrong_args")})
"""

WRAPPER = """
@hipdip.hookimpl(wrapper=True)
def hipdip_register_exercises(register):
    return (yield)
"""

UNKNOWN_MARKED = """
@hipdip.hookimpl
def setup_everything(register):
    pass
"""


@pytest.mark.parametrize(
    ("source", "hook", "expected"),
    [
        pytest.param(
            MISSPELLED,
            "hipdip_register_exercise",
            "matches no hipdip hook; did you mean 'hipdip_register_exercises'?",
            id="misspelled",
        ),
        pytest.param(
            UNMARKED,
            "hipdip_register_exercises",
            "not marked with @hipdip.hookimpl",
            id="unmarked",
        ),
        pytest.param(
            WRONG_ARGUMENTS, "hipdip_register_exercises", "{'catalog'}", id="wrong-arguments"
        ),
        pytest.param(WRAPPER, "hipdip_register_exercises", "do not support wrappers", id="wrapper"),
        pytest.param(
            UNKNOWN_MARKED, "setup_everything", "matches no hipdip hook", id="unknown-hook"
        ),
    ],
)
def test_malformed_hook_implementation_is_reported(
    plugin_site: PluginSite, source: str, hook: str, expected: str
) -> None:
    add_good(plugin_site)
    plugin_site.add("hipdip-t-malformed", "0.9", modules={"hipdip_t_malformed": source})

    with pytest.warns(HipdipPluginWarning) as record:
        pm = make_plugin_manager()

    [warning] = record
    assert_names(
        str(warning.message),
        "hipdip plugin t_malformed (hipdip-t-malformed 0.9)",
        f"hook {hook}",
        expected,
    )
    assert "t_malformed" not in ep_names(pm)
    assert not hasattr(pm.hook, "hipdip_register_exercise")  # no stray hook caller left
    cat = hipdip.catalog(pm)
    assert not [m for m in cat.muscles if m.startswith(("t_misspelled", "t_wrong"))]
    assert_good_works(pm)


def test_optionalhook_for_an_unknown_hook_is_accepted(plugin_site: PluginSite) -> None:
    # A plugin written for a later hipdip may implement hooks this one lacks.
    plugin_site.add(
        "hipdip-t-future",
        modules={
            "hipdip_t_future": f"""
            @hipdip.hookimpl(optionalhook=True)
            def hipdip_register_warmups(register):
                raise AssertionError("no such hook here: never called")

            @hipdip.hookimpl(optionalhook=True, specname="hipdip_register_exercises")
            def add_exercises(register):
                register({exercise_source("t_future")})
            """
        },
    )
    pm = make_plugin_manager()  # no warning (warnings are errors in this suite)
    assert hipdip.catalog(pm).provider("exercises", "t_future") == "t_future"


# register() given bad objects: each makes the plugin fail as a whole.
BAD_REGISTRATIONS = {
    "wrong-type": (
        "hipdip_register_schemes",
        "register('linear')",
        "register() expects a Scheme (id, name, target()) (got str)",
    ),
    "exercise-as-muscle": (
        "hipdip_register_muscles",
        f"register({exercise_source('t_not_a_muscle')})",
        "register() expects a hipdip.Muscle (got Exercise)",
    ),
    "bad-id": (
        "hipdip_register_schemes",
        "s = Scheme(); s.id = 'Bad-Id'; register(s)",
        "scheme id must be a lower_snake_case slug (got 'Bad-Id')",
    ),
    "target-not-callable": (
        "hipdip_register_schemes",
        "s = Scheme(); s.target = 'weekly'; register(s)",
        "scheme 't_ok_id': target is not callable",
    ),
    "bool-priority": (
        "hipdip_register_progression_rules",
        "register(Rule())",
        "progression rule 't_rule': priority must be an int (got True)",
    ),
    # A plugin author's review: a misspelled optional argument stayed at its default
    # silently, and a rule lacking `priority` was told only the protocol.
    "misspelled-argument": (
        "hipdip_register_progression_rules",
        "r = Rule(); r.priority = 1; "
        "r.decide = lambda exercise, prescription, results, *, gapdays=None: None; register(r)",
        "progression rule 't_rule': decide() names 'gapdays', which hipdip never passes: "
        "did you mean 'gap_days'?",
    ),
    "missing-priority": (
        "hipdip_register_progression_rules",
        "r = Rule(); del Rule.priority; register(r)",
        "register() expects a ProgressionRule (id, priority, applies(), decide()) "
        "(got Rule: it has no priority)",
    ),
    "same-id-twice": (
        "hipdip_register_schemes",
        "register(Scheme()); register(Scheme())",
        "scheme id 't_ok_id' was registered twice",
    ),
    "returns-objects": (
        "hipdip_register_schemes",
        "return [Scheme()]",
        "the hook returned list; it must call register(obj)",
    ),
}


@pytest.mark.parametrize("case", BAD_REGISTRATIONS, ids=list(BAD_REGISTRATIONS))
def test_bad_registration_is_reported(plugin_site: PluginSite, case: str) -> None:
    hook, body, expected = BAD_REGISTRATIONS[case]
    add_good(plugin_site)
    plugin_site.add(
        "hipdip-t-bad",
        modules={
            "hipdip_t_bad": f"""
            {scheme_source("t_ok_id", "Scheme")}

            class Rule:
                id = "t_rule"
                priority = True
                def applies(self, exercise, prescription):
                    return False
                def decide(self, exercise, prescription, results):
                    return None

            @hipdip.hookimpl
            def hipdip_register_muscles(register):
                register(Muscle(id="t_bad_muscle", name="Bad", region="hip"))

            @hipdip.hookimpl
            def {hook}(register):
                {body}
            """.replace("\n            ", "\n")
        },
    )
    pm = make_plugin_manager()

    with pytest.warns(HipdipPluginWarning) as record:
        cat = hipdip.catalog(pm)

    [warning] = record
    assert_names(str(warning.message), "hipdip plugin t_bad (hipdip-t-bad 1.0)", hook, expected)
    assert "t_bad_muscle" not in cat.muscles
    assert "t_ok_id" not in cat.schemes
    assert "t_bad" not in ep_names(pm)
    assert_good_works(pm)


def test_register_called_after_the_hook_returned_is_refused() -> None:
    kept = []

    class Sneaky:
        @hipdip.hookimpl
        def hipdip_register_muscles(self, register):
            kept.append(register)

    pm = make_plugin_manager(entry_points=False, plugins=[Sneaky()])
    hipdip.catalog(pm)
    muscle = hipdip.Muscle(id="t_late", name="Late", region="hip")
    with pytest.raises(PluginError, match="register\\(\\) was called after the hook returned"):
        kept[0](muscle)
    assert "t_late" not in hipdip.catalog(pm).muscles


@pytest.mark.parametrize(
    ("exercise", "expected"),
    [
        pytest.param(
            exercise_source("t_dangling", muscle="gluteus_medus"),
            "exercise 't_dangling' targets unknown muscle 'gluteus_medus' "
            "(did you mean 'gluteus_medius'?)",
            id="unknown-muscle",
        ),
        pytest.param(
            exercise_source("t_dangling", harder="t_no_such_exercise"),
            "exercise 't_dangling' harder variant 't_no_such_exercise' is not in the catalogue",
            id="dangling-ladder",
        ),
    ],
)
def test_dangling_reference_is_reported(
    plugin_site: PluginSite, exercise: str, expected: str
) -> None:
    add_good(plugin_site)
    plugin_site.add(
        "hipdip-t-dangling",
        modules={
            "hipdip_t_dangling": f"""
            @hipdip.hookimpl
            def hipdip_register_exercises(register):
                register({exercise_source("t_fine_exercise")})
                register({exercise})
            """
        },
    )
    pm = make_plugin_manager()

    with pytest.warns(HipdipPluginWarning) as record:
        cat = hipdip.catalog(pm)

    [warning] = record
    assert_names(
        str(warning.message), "t_dangling (hipdip-t-dangling 1.0)", "hipdip_register_exercises"
    )
    assert expected in str(warning.message)
    assert "t_fine_exercise" not in cat.exercises
    assert_good_works(pm)


def test_references_are_checked_after_all_plugins_registered(plugin_site: PluginSite) -> None:
    # "t_a_…" is registered (and its hook called) before "t_b_…" provides the muscle
    # and the harder variant.
    plugin_site.add(
        "hipdip-t-a-exercises",
        modules={
            "hipdip_t_a_exercises": f"""
            @hipdip.hookimpl
            def hipdip_register_exercises(register):
                register({exercise_source("t_a_move", muscle="t_b_muscle", harder="t_b_move")})
            """
        },
    )
    plugin_site.add(
        "hipdip-t-b-muscles",
        modules={
            "hipdip_t_b_muscles": f"""
            @hipdip.hookimpl
            def hipdip_register_muscles(register):
                register(Muscle(id="t_b_muscle", name="B", region="hip"))

            @hipdip.hookimpl
            def hipdip_register_exercises(register):
                register({exercise_source("t_b_move", muscle="t_b_muscle", easier="t_a_move")})
            """
        },
    )
    cat = hipdip.catalog(make_plugin_manager())
    assert cat.provider("exercises", "t_a_move") == "t_a_exercises"
    assert cat.provider("muscles", "t_b_muscle") == "t_b_muscles"


def test_dropping_a_plugin_drops_the_plugins_that_depended_on_it(
    plugin_site: PluginSite,
) -> None:
    plugin_site.add(
        "hipdip-t-base",
        modules={
            "hipdip_t_base": """
            @hipdip.hookimpl
            def hipdip_register_muscles(register):
                register(Muscle(id="t_base_muscle", name="Base", region="hip"))

            @hipdip.hookimpl
            def hipdip_register_schemes(register):
                raise ValueError("broken later")
            """
        },
    )
    plugin_site.add(
        "hipdip-t-user",
        modules={
            "hipdip_t_user": f"""
            @hipdip.hookimpl
            def hipdip_register_exercises(register):
                register({exercise_source("t_user_move", muscle="t_base_muscle")})
            """
        },
    )
    pm = make_plugin_manager()
    with pytest.warns(HipdipPluginWarning) as record:
        cat = hipdip.catalog(pm)
    messages = [str(w.message) for w in record]
    assert len(messages) == 2
    assert_names(messages[0], "t_base", "ValueError: broken later")
    assert_names(messages[1], "t_user", "targets unknown muscle 't_base_muscle'")
    assert "t_user_move" not in cat.exercises
    assert ep_names(pm) == set()


DUPLICATE = f"""
{scheme_source("t_wave", "Wave")}

@hipdip.hookimpl
def hipdip_register_exercises(register):
    register({exercise_source("t_dup_extra_NAME")})

@hipdip.hookimpl
def hipdip_register_schemes(register):
    register(Wave())
"""


def add_duplicates(site: PluginSite, names: tuple[str, ...] = ("alpha", "beta")) -> None:
    for name in names:
        site.add(
            f"hipdip-t-{name}",
            "1.0",
            modules={f"hipdip_t_{name}": DUPLICATE.replace("NAME", name)},
        )


def test_duplicate_id_across_plugins_names_both(plugin_site: PluginSite) -> None:
    add_good(plugin_site)
    add_duplicates(plugin_site)
    pm = make_plugin_manager()

    with pytest.raises(PluginError) as excinfo:
        hipdip.catalog(pm)

    assert isinstance(excinfo.value, DuplicateIdError)
    assert_names(
        str(excinfo.value),
        "scheme id 't_wave' is already registered by hipdip plugin t_alpha (hipdip-t-alpha 1.0)",
        "hipdip plugin t_beta (hipdip-t-beta 1.0) cannot register it too",
        "hook hipdip_register_schemes",
    )
    assert excinfo.value.plugin == "t_beta"
    assert excinfo.value.distribution == "hipdip-t-beta"
    # The user settles the conflict by choosing, and everything else works.
    pm.unregister(name="t_beta")
    cat = hipdip.catalog(pm)
    assert cat.provider("schemes", "t_wave") == "t_alpha"
    assert "t_dup_extra_alpha" in cat.exercises
    assert_good_works(pm)


def test_duplicate_of_a_builtin_id_is_refused(plugin_site: PluginSite) -> None:
    plugin_site.add(
        "hipdip-t-clash",
        modules={
            "hipdip_t_clash": f"""
            @hipdip.hookimpl
            def hipdip_register_exercises(register):
                register({exercise_source("clamshell")})
            """
        },
    )
    pm = make_plugin_manager()
    with pytest.raises(DuplicateIdError, match=r"hipdip.builtin.exercises \(hipdip "):
        hipdip.catalog(pm)
    pm.unregister(name="t_clash")
    assert hipdip.catalog(pm).provider("exercises", "clamshell") == "hipdip.builtin.exercises"


def test_register_raises_plugin_error_a_plugin_can_catch(plugin_site: PluginSite) -> None:
    add_duplicates(plugin_site, ("alpha",))
    plugin_site.add(
        "hipdip-t-careful",
        modules={
            "hipdip_t_careful": f"""
            from hipdip import PluginError
            {scheme_source("t_wave", "Wave")}
            {scheme_source("t_careful_wave", "OwnWave")}
            caught = []

            @hipdip.hookimpl
            def hipdip_register_schemes(register):
                try:
                    register(Wave())
                except PluginError as exc:
                    caught.append(exc)
                register(OwnWave())
            """.replace("\n            ", "\n")
        },
    )
    cat = hipdip.catalog(make_plugin_manager())  # caught: no error, no warning
    import hipdip_t_careful

    [error] = hipdip_t_careful.caught
    assert isinstance(error, PluginError)
    assert error.plugin == "t_careful"
    assert error.hook == "hipdip_register_schemes"
    assert_names(str(error), "t_alpha (hipdip-t-alpha 1.0)", "t_careful (hipdip-t-careful 1.0)")
    assert cat.provider("schemes", "t_careful_wave") == "t_careful"
    assert cat.provider("schemes", "t_wave") == "t_alpha"


# --------------------------------------------------------------------------- #
# Environment settings


def test_strict_mode_turns_an_import_failure_into_plugin_error(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin_site.add("hipdip-t-broken", "2.0", modules={"hipdip_t_broken": "1 / 0\n"})
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")

    with pytest.raises(PluginError) as excinfo:
        hipdip.catalog()

    error = excinfo.value
    assert (error.plugin, error.distribution, error.hook) == ("t_broken", "hipdip-t-broken", None)
    assert_names(str(error), "t_broken (hipdip-t-broken 2.0)", "ZeroDivisionError")
    assert isinstance(error.__cause__, ZeroDivisionError)


def test_strict_mode_turns_a_failing_hook_into_plugin_error(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin_site.add("hipdip-t-raiser", "0.3", modules={"hipdip_t_raiser": HOOK_RAISES})
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    pm = make_plugin_manager()

    with pytest.raises(PluginError, match="RuntimeError: database unreachable") as excinfo:
        hipdip.catalog(pm)

    assert excinfo.value.hook == "hipdip_register_exercises"
    assert isinstance(excinfo.value.__cause__, RuntimeError)
    with pytest.raises(PluginError):  # still broken: strict mode keeps failing loudly
        hipdip.catalog(pm)


@pytest.mark.parametrize("case", ["misspelled", "duplicate"])
def test_strict_mode_for_malformed_and_duplicate_plugins(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "true")
    if case == "misspelled":
        plugin_site.add("hipdip-t-malformed", modules={"hipdip_t_malformed": MISSPELLED})
        with pytest.raises(PluginError, match="did you mean 'hipdip_register_exercises'"):
            make_plugin_manager()
    else:
        add_duplicates(plugin_site)
        with pytest.raises(PluginError, match=r"t_alpha .* t_beta") as excinfo:
            hipdip.catalog(make_plugin_manager())
        assert excinfo.value.plugin == "t_beta"


def test_disable_autoload_loads_no_entry_points(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    monkeypatch.setenv("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "1")

    cat = hipdip.catalog()

    assert [name for name, _ in get_plugin_manager().list_name_plugin()] == list(BUILTIN_PLUGINS)
    assert "t_wave" not in cat.schemes
    assert "hipdip_t_wave" not in sys.modules  # not even imported
    monkeypatch.delenv("HIPDIP_DISABLE_PLUGIN_AUTOLOAD")
    assert "t_wave" in hipdip.catalog(make_plugin_manager()).schemes  # it is installed


def test_explicit_plugins_load_even_without_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "1")

    class Explicit:
        @hipdip.hookimpl
        def hipdip_register_muscles(self, register):
            register(hipdip.Muscle(id="t_explicit", name="Explicit", region="hip"))

    pm = make_plugin_manager(plugins=[Explicit()])
    assert hipdip.catalog(pm).provider("muscles", "t_explicit") == "Explicit"


def test_load_plugins_selects_by_entry_point_or_distribution_name(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("one", "two", "three"):
        plugin_site.add(
            f"hipdip-t-{name}",
            modules={
                f"hipdip_t_{name}": f"""
                @hipdip.hookimpl
                def hipdip_register_exercises(register):
                    register({exercise_source(f"t_{name}_move")})
                """
            },
        )
    # "t_one" by entry-point name; "Hipdip_T.Three" is hipdip-t-three in another spelling.
    monkeypatch.setenv("HIPDIP_LOAD_PLUGINS", " t_one , Hipdip_T.Three")

    pm = make_plugin_manager()

    assert ep_names(pm) == {"t_one", "t_three"}
    assert "hipdip_t_two" not in sys.modules
    cat = hipdip.catalog(pm)
    assert "t_two_move" not in cat.exercises
    assert cat.provider("exercises", "t_three_move") == "t_three"


def test_load_plugins_warns_about_names_it_cannot_find(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    monkeypatch.setenv("HIPDIP_LOAD_PLUGINS", "t_wave,t_wav")
    with pytest.warns(
        HipdipPluginWarning, match="t_wav: HIPDIP_LOAD_PLUGINS names it.*Check the spelling"
    ):
        pm = make_plugin_manager()
    assert ep_names(pm) == {"t_wave"}


# --------------------------------------------------------------------------- #
# Entry-point corner cases


def test_same_distribution_twice_on_sys_path_loads_once(plugin_site: PluginSite) -> None:
    plugin_site.add("hipdip-t-wave", "1.0", modules={"hipdip_t_wave": WAVE})
    plugin_site.add("hipdip-t-wave", "1.0", modules={"hipdip_t_wave": WAVE})
    pm = make_plugin_manager()  # no warning
    assert ep_names(pm) == {"t_wave"}
    assert "t_wave" in hipdip.catalog(pm).schemes


def test_two_distributions_with_one_entry_point_name(plugin_site: PluginSite) -> None:
    plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    plugin_site.add(
        "hipdip-t-impostor",
        modules={"hipdip_t_impostor": GOOD},
        entry_points={"t_wave": "hipdip_t_impostor"},
    )
    with pytest.warns(HipdipPluginWarning, match="entry-point name 't_wave' is already used"):
        pm = make_plugin_manager()
    assert ep_names(pm) == {"t_wave"}


def test_entry_point_without_hooks_is_reported(plugin_site: PluginSite) -> None:
    plugin_site.add(
        "hipdip-t-hollow",
        modules={"hipdip_t_hollow": "", "hipdip_t_hollow.hooks": GOOD},
        entry_points={"t_hollow": "hipdip_t_hollow"},  # should be hipdip_t_hollow.hooks
    )
    with pytest.warns(HipdipPluginWarning, match="defines no @hipdip.hookimpl functions"):
        pm = make_plugin_manager()
    assert ep_names(pm) == set()


def test_entry_point_to_an_attribute_and_two_names_for_one_object(
    plugin_site: PluginSite,
) -> None:
    plugin_site.add(
        "hipdip-t-object",
        modules={
            "hipdip_t_object": """
            class Plugin:
                @hipdip.hookimpl
                def hipdip_register_muscles(self, register):
                    register(Muscle(id="t_object_muscle", name="O", region="hip"))

            plugin = Plugin()
            """
        },
        entry_points={
            "t_object": "hipdip_t_object:plugin",
            "t_object_too": "hipdip_t_object:plugin",
        },
    )
    with pytest.warns(HipdipPluginWarning, match="already registered as plugin 't_object'"):
        pm = make_plugin_manager()
    assert hipdip.catalog(pm).provider("muscles", "t_object_muscle") == "t_object"


def test_plugin_asking_for_the_catalogue_at_import_does_not_deadlock(
    plugin_site: PluginSite,
) -> None:
    add_good(plugin_site)
    plugin_site.add("hipdip-t-eager", modules={"hipdip_t_eager": "CATALOG = hipdip.catalog()\n"})
    outcome: list[object] = []

    def run() -> None:
        with pytest.warns(HipdipPluginWarning, match="t_eager.*while it is being made"):
            outcome.append(hipdip.catalog())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "deadlock: catalog() at plugin import time"
    [cat] = outcome
    assert isinstance(cat, hipdip.Catalog)
    assert "t_good_walk" in cat.exercises


def test_catalog_called_inside_a_hook_fails_that_plugin_only() -> None:
    class Recursive:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register):
            hipdip.catalog(pm)

    pm = make_plugin_manager(entry_points=False, plugins=[Recursive()])
    with pytest.warns(HipdipPluginWarning, match="Recursive.*called from inside"):
        cat = hipdip.catalog(pm)
    assert "clamshell" in cat.exercises


# --------------------------------------------------------------------------- #
# The manager itself


class Muscles:
    def __init__(self, *ids: str) -> None:
        self.ids = ids

    @hipdip.hookimpl
    def hipdip_register_muscles(self, register):
        for id_ in self.ids:
            register(hipdip.Muscle(id=id_, name=id_, region="hip"))


class HalfValid:
    @hipdip.hookimpl
    def hipdip_register_muscles(self, register):
        register(hipdip.Muscle(id="t_half", name="Half", region="hip"))

    @hipdip.hookimpl
    def hipdip_register_schemes(self, register, weeks):
        pass


def test_failed_register_leaves_nothing_behind() -> None:
    pm = make_plugin_manager(entry_points=False)
    with pytest.raises(PluginError, match="HalfValid, hook hipdip_register_schemes") as excinfo:
        pm.register(HalfValid(), name="HalfValid")
    assert excinfo.value.hook == "hipdip_register_schemes"
    assert pm.get_plugin("HalfValid") is None
    assert all(
        impl.plugin_name != "HalfValid" for impl in pm.hook.hipdip_register_muscles.get_hookimpls()
    )
    assert "t_half" not in hipdip.catalog(pm).muscles


def test_register_under_a_taken_name_keeps_the_first_plugin() -> None:
    pm = make_plugin_manager(entry_points=False)
    first = Muscles("t_first")
    pm.register(first, name="mine")
    with pytest.raises(PluginError, match="already registered"):
        pm.register(Muscles("t_second"), name="mine")
    with pytest.raises(PluginError, match="already registered"):
        pm.register(first, name="mine_again")
    assert pm.get_plugin("mine") is first
    assert hipdip.catalog(pm).provider("muscles", "t_first") == "mine"
    with pytest.raises(PluginError, match="already registered"):  # a built-in is safe too
        pm.register(Muscles("t_x"), name="hipdip.builtin.muscles")
    assert "gluteus_medius" in hipdip.catalog(pm).muscles


def test_explicit_plugins_get_unique_names_and_broken_ones_are_skipped() -> None:
    with pytest.warns(HipdipPluginWarning, match="HalfValid"):
        pm = make_plugin_manager(
            entry_points=False, plugins=[Muscles("t_m1"), HalfValid(), Muscles("t_m2")]
        )
    cat = hipdip.catalog(pm)
    assert cat.provider("muscles", "t_m1") == "Muscles"
    assert cat.provider("muscles", "t_m2") == "Muscles-2"
    assert "t_half" not in cat.muscles


class MethodsOnly:
    @hipdip.hookimpl
    def hipdip_register_muscles(self, register):
        register(hipdip.Muscle(id="t_methods", name="Methods", region="hip"))


@pytest.mark.parametrize(
    ("plugin", "expected"),
    [
        (MethodsOnly, "MethodsOnly is a class whose hooks are methods; register an instance"),
        ("hipdip_wave", "got the string 'hipdip_wave'; pass the imported module"),
        (None, "NoneType object is not a plugin object"),
        (object(), "object object defines no @hipdip.hookimpl functions"),
    ],
)
def test_explicit_non_plugins_are_reported(plugin: object, expected: str) -> None:
    with pytest.warns(HipdipPluginWarning, match=expected):
        pm = make_plugin_manager(entry_points=False, plugins=[plugin, MethodsOnly()])
    assert hipdip.catalog(pm).provider("muscles", "t_methods") == "MethodsOnly"


def test_warning_points_at_the_callers_line() -> None:
    class Raiser:
        @hipdip.hookimpl
        def hipdip_register_muscles(self, register):
            raise KeyError("x")

    pm = make_plugin_manager(entry_points=False, plugins=[Raiser()])
    line = sys._getframe().f_lineno + 2
    with pytest.warns(HipdipPluginWarning) as record:
        hipdip.catalog(pm)
    assert (record[0].filename, record[0].lineno) == (__file__, line)


def test_concurrent_first_use_makes_one_manager_and_one_catalogue() -> None:
    calls = []

    class Slow:
        @hipdip.hookimpl
        def hipdip_register_muscles(self, register):
            calls.append(threading.get_ident())
            threading.Event().wait(0.01)  # widen the race window
            register(hipdip.Muscle(id="t_slow", name="Slow", region="hip"))

    hipdip.plugins._reset_default_plugin_manager()
    pm = make_plugin_manager(entry_points=False, plugins=[Slow()])
    barrier = threading.Barrier(8)
    managers, catalogs = [], []

    def work() -> None:
        barrier.wait()
        managers.append(get_plugin_manager())
        catalogs.append(hipdip.catalog(pm))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    hipdip.plugins._reset_default_plugin_manager()
    assert len({id(m) for m in managers}) == 1
    assert len({id(c) for c in catalogs}) == 1
    assert len(calls) == 1


# --------------------------------------------------------------------------- #
# list_plugins


def test_list_plugins_names_contributions_and_broken_plugins(plugin_site: PluginSite) -> None:
    plugin_site.add("hipdip-t-wave", "1.2.3", modules={"hipdip_t_wave": WAVE})
    plugin_site.add(
        "hipdip-t-broken", "2.0", modules={"hipdip_t_broken": "raise ImportError('nope')\n"}
    )
    plugin_site.add("hipdip-t-raiser", "0.3", modules={"hipdip_t_raiser": HOOK_RAISES})
    with pytest.warns(HipdipPluginWarning):
        pm = make_plugin_manager()
    with pytest.warns(HipdipPluginWarning):
        listings = {p.name: p for p in list_plugins(pm)}

    assert list(listings)[: len(BUILTIN_PLUGINS)] == list(BUILTIN_PLUGINS)
    builtin = listings["hipdip.builtin.exercises"]
    assert (builtin.distribution, builtin.version, builtin.error) == (
        "hipdip",
        hipdip.__version__,
        None,
    )
    assert "clamshell" in builtin.contributions["exercises"]
    wave = listings["t_wave"]
    assert (wave.distribution, wave.version, wave.error) == ("hipdip-t-wave", "1.2.3", None)
    assert dict(wave.contributions) == {
        "exercises": ("t_wave_abduction",),
        "schemes": ("t_wave",),
    }
    broken = listings["t_broken"]
    assert (broken.distribution, broken.version) == ("hipdip-t-broken", "2.0")
    assert broken.contributions == {}
    assert broken.error is not None
    assert "ImportError: nope" in broken.error
    raiser = listings["t_raiser"]
    assert raiser.error is not None
    assert raiser.error.startswith("hook hipdip_register_exercises: RuntimeError")


def test_list_plugins_forgets_a_failure_once_the_plugin_works() -> None:
    with pytest.warns(HipdipPluginWarning):
        pm = make_plugin_manager(entry_points=False, plugins=[HalfValid()])
    assert [p.name for p in list_plugins(pm) if p.error] == ["HalfValid"]
    pm.register(Muscles("t_ok"), name="HalfValid")
    assert [p.name for p in list_plugins(pm) if p.error] == []
    assert list_plugins(pm)[-1].contributions == {"muscles": ("t_ok",)}


# --------------------------------------------------------------------------- #
# import hipdip stays light


IMPORT_PROBE = """
import json, sys
import hipdip
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"pluggy", "cattrs"}
               or m in {"importlib.metadata", "importlib_metadata", "hipdip.plugins"}
               or m.startswith("hipdip_t_"))
before = heavy
hipdip.catalog()
after = sorted(m for m in sys.modules if m.startswith("hipdip_t_") or m == "pluggy")
print(json.dumps({"before": before, "after": after}))
"""


def test_import_hipdip_loads_no_plugins_nor_pluggy_cattrs_or_metadata(
    plugin_site: PluginSite,
) -> None:
    site = plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("HIPDIP_", "PYTHON"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(Path(hipdip.__file__).parents[1])])
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    modules = json.loads(result.stdout)
    assert modules["before"] == []
    assert modules["after"] == ["hipdip_t_wave", "pluggy"]  # the probe can see a plugin load


def test_registration_failing_midway_in_pluggy_is_rolled_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pluggy < 1.7 records the plugin, then verifies its hooks one by one: a
    # failure midway left a half-registered plugin behind. Simulate that.
    def half_register(self: pluggy.PluginManager, plugin: object, name: str | None = None) -> str:
        registered = original(self, plugin, name)
        assert registered is not None
        raise pluggy.PluginValidationError(plugin, f"Plugin {name!r} for hook 'x'\nboom")

    original = pluggy.PluginManager.register
    pm = make_plugin_manager(entry_points=False)
    monkeypatch.setattr(pluggy.PluginManager, "register", half_register)
    with pytest.raises(PluginError, match="boom"):
        pm.register(Muscles("t_half"), name="half")
    monkeypatch.undo()
    assert pm.get_plugin("half") is None
    assert "t_half" not in hipdip.catalog(pm).muscles
    assert pm.plugin_info("half").distribution is None


# --------------------------------------------------------------------------- #
# Hooks are called through pluggy: ordering markers, monitoring and tracing


def muscle_plugin(muscle: str, calls: list[str], **marks: bool) -> object:
    """A plugin registering the muscle ``muscle``, noting the call in ``calls``."""

    class Plugin:
        @hipdip.hookimpl(**marks)
        def hipdip_register_muscles(self, register):
            calls.append(muscle)
            register(hipdip.Muscle(id=muscle, name=muscle, region="hip"))

    return Plugin()


def test_hooks_run_in_registration_order_with_tryfirst_and_trylast_honoured() -> None:
    calls: list[str] = []
    pm = make_plugin_manager(
        entry_points=False,
        plugins=[
            muscle_plugin("t_last", calls, trylast=True),
            muscle_plugin("t_plain_one", calls),
            muscle_plugin("t_first", calls, tryfirst=True),
            muscle_plugin("t_plain_two", calls),
        ],
    )
    cat = hipdip.catalog(pm)
    assert calls == ["t_first", "t_plain_one", "t_plain_two", "t_last"]
    assert [m for m in cat.ids("muscles") if m.startswith("t_")] == calls
    assert cat.ids("muscles")[0] == "t_first"  # even before the built-ins
    assert cat.ids("muscles")[-1] == "t_last"


def test_hook_calls_are_seen_by_pluggy_monitoring_and_tracing() -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[Muscles("t_seen")])
    seen: list[tuple[str, list[str], list[str]]] = []
    undo = pm.add_hookcall_monitoring(
        lambda hook, impls, kwargs: seen.append(
            (hook, [impl.plugin_name for impl in impls], list(kwargs))
        ),
        lambda outcome, hook, impls, kwargs: None,
    )
    hipdip.catalog(pm)
    undo()
    assert ("hipdip_register_muscles", ["Muscles"], ["register"]) in seen
    assert ("hipdip_register_muscles", ["hipdip.builtin.muscles"], ["register"]) in seen
    assert {hook for hook, _, _ in seen} == {f"hipdip_register_{kind}" for kind in KINDS}
    assert all(len(plugins) == 1 for _, plugins, _ in seen)  # one plugin per call

    lines: list[str] = []
    pm.trace.root.setwriter(lines.append)
    undo = pm.enable_tracing()
    pm.register(Muscles("t_traced"), name="traced")
    assert "t_traced" in hipdip.catalog(pm).muscles
    undo()
    assert any("hipdip_register_muscles" in line for line in lines)


class TwoForOneHook:
    @hipdip.hookimpl
    def hipdip_register_muscles(self, register):
        register(hipdip.Muscle(id="t_one", name="One", region="hip"))

    @hipdip.hookimpl(specname="hipdip_register_muscles")
    def more_muscles(self, register):
        register(hipdip.Muscle(id="t_two", name="Two", region="hip"))


def test_a_plugin_implementing_one_hook_twice_is_called_once_per_implementation() -> None:
    cat = hipdip.catalog(make_plugin_manager(entry_points=False, plugins=[TwoForOneHook()]))
    assert cat.provider("muscles", "t_one") == cat.provider("muscles", "t_two") == "TwoForOneHook"


def test_unhashable_plugin_objects_work_as_pluggy_allows() -> None:
    # pluggy accepts any object; hipdip too (its per-plugin call no longer needs a set).
    import dataclasses
    import types

    def muscle(id_: str) -> hipdip.Muscle:
        return hipdip.Muscle(id=id_, name=id_, region="hip")

    namespace = types.SimpleNamespace(
        hipdip_register_muscles=hipdip.hookimpl(lambda register: register(muscle("t_ns")))
    )

    @dataclasses.dataclass  # eq=True: unhashable
    class Data:
        muscle_id: str = "t_data"

        @hipdip.hookimpl
        def hipdip_register_muscles(self, register: object) -> None:
            register(muscle(self.muscle_id))  # type: ignore[operator]

    pm = make_plugin_manager(entry_points=False, plugins=[namespace, Data(), Muscles("t_hashable")])
    cat = hipdip.catalog(pm)
    assert cat.provider("muscles", "t_ns") == "SimpleNamespace"
    assert cat.provider("muscles", "t_data") == "Data"
    assert cat.provider("muscles", "t_hashable") == "Muscles"
    pm.unregister(name="Data")
    assert "t_data" not in hipdip.catalog(pm).muscles
    assert "t_ns" in hipdip.catalog(pm).muscles


def test_a_failing_unhashable_plugin_is_skipped_alone() -> None:
    import types

    def boom(register: object) -> None:
        raise RuntimeError("boom")

    namespace = types.SimpleNamespace(hipdip_register_muscles=hipdip.hookimpl(boom))
    pm = make_plugin_manager(entry_points=False, plugins=[namespace, Muscles("t_kept")])
    with pytest.warns(HipdipPluginWarning, match="SimpleNamespace.*RuntimeError: boom"):
        cat = hipdip.catalog(pm)
    assert cat.provider("muscles", "t_kept") == "Muscles"


def test_every_catalogue_mapping_has_a_hook_and_every_hook_a_mapping() -> None:
    # Adding a kind of contribution is one Registry[...] attribute of Catalog plus its spec.
    import attrs

    from hipdip import hookspecs
    from hipdip.registry import CONTRIBUTIONS

    specs = {name for name in hookspecs.__all__ if name.startswith("hipdip_register_")}
    assert {contribution.hook for contribution in CONTRIBUTIONS.values()} == specs
    assert tuple(CONTRIBUTIONS) == KINDS
    assert tuple(f.name for f in attrs.fields(hipdip.Catalog) if f.alias != "providers") == KINDS


def test_register_and_the_contract_suites_make_one_check() -> None:
    from hipdip.registry import CONTRIBUTIONS
    from hipdip.testing.contracts import ContractViolation, SchemeContract

    class Untargeted:
        id = "t_untargeted"
        name = "Untargeted"
        target = "weekly"

    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_schemes(self, register):
            register(Untargeted())

    problem = CONTRIBUTIONS["schemes"].problem(Untargeted())
    assert problem == ("target", "target is not callable")
    with pytest.raises(ContractViolation) as excinfo:
        SchemeContract().test_implements_scheme(Untargeted())  # type: ignore[arg-type]
    assert excinfo.value.detail == problem[1]
    pm = make_plugin_manager(entry_points=False, plugins=[Plugin()])
    with pytest.warns(HipdipPluginWarning, match="scheme 't_untargeted': target is not callable"):
        hipdip.catalog(pm)


def test_the_plugin_module_does_not_import_the_registry_module() -> None:
    # registry.py re-exports the catalogue names from plugins.py: no import cycle.
    code = "import sys, hipdip.plugins; print('hipdip.registry' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False"]


# --------------------------------------------------------------------------- #
# Issue 15 (fuzzing): sys.exit() on import, settings that must not fail open


@pytest.mark.parametrize("source", ["import sys\nsys.exit(3)\n", "raise SystemExit\n"])
def test_plugin_exiting_on_import_is_skipped_like_an_import_error(
    plugin_site: PluginSite, source: str
) -> None:
    add_good(plugin_site)
    plugin_site.add("hipdip-t-quitter", "1.1", modules={"hipdip_t_quitter": source})
    expected = (
        r"t_quitter \(hipdip-t-quitter 1\.1\): import of 'hipdip_t_quitter' failed: SystemExit"
    )
    with pytest.warns(HipdipPluginWarning, match=expected):
        pm = make_plugin_manager()
    assert "t_quitter" not in ep_names(pm)
    assert_good_works(pm)


def test_plugin_exiting_on_import_is_a_plugin_error_in_strict_mode(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin_site.add("hipdip-t-quitter", modules={"hipdip_t_quitter": "raise SystemExit(2)\n"})
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match=r"t_quitter.*SystemExit: 2") as excinfo:
        make_plugin_manager()
    assert isinstance(excinfo.value.__cause__, SystemExit)


def test_keyboard_interrupt_while_importing_a_plugin_is_not_swallowed(
    plugin_site: PluginSite,
) -> None:
    plugin_site.add("hipdip-t-stopped", modules={"hipdip_t_stopped": "raise KeyboardInterrupt\n"})
    with pytest.raises(KeyboardInterrupt):
        make_plugin_manager()


@pytest.mark.parametrize("variable", ["HIPDIP_STRICT_PLUGINS", "HIPDIP_DISABLE_PLUGIN_AUTOLOAD"])
@pytest.mark.parametrize("value", ["y", "2", "enable", "tru", "1,"])
def test_an_unreadable_switch_value_raises_naming_the_variable(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(PluginError, match=f"^{variable}='{value}' is not an on/off value"):
        make_plugin_manager(entry_points=False)
    with pytest.raises(PluginError, match=variable):
        hipdip.catalog()  # the default manager too: never silently on or off


@pytest.mark.parametrize(
    ("value", "on"),
    [
        *[(value, True) for value in ("1", "TRUE", " yes ", "On")],
        *[(value, False) for value in ("0", "false", "No", "off", "")],
    ],
)
def test_switch_values(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch, value: str, on: bool
) -> None:
    plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    monkeypatch.setenv("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", value)
    assert ("t_wave" in ep_names(make_plugin_manager())) is not on
    monkeypatch.delenv("HIPDIP_DISABLE_PLUGIN_AUTOLOAD")
    plugin_site.add("hipdip-t-broken", modules={"hipdip_t_broken": "1 / 0\n"})
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", value)
    if on:
        with pytest.raises(PluginError, match="t_broken"):
            make_plugin_manager()
    else:
        with pytest.warns(HipdipPluginWarning, match="t_broken"):
            make_plugin_manager()


@pytest.mark.parametrize("value", ["", "   ", ",", " , ,"])
def test_load_plugins_naming_nothing_loads_nothing_and_warns(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    monkeypatch.setenv("HIPDIP_LOAD_PLUGINS", value)

    with pytest.warns(
        HipdipPluginWarning, match="HIPDIP_LOAD_PLUGINS=.* names no plugin"
    ) as record:
        pm = make_plugin_manager()

    assert record[0].filename == __file__
    assert [name for name, _ in pm.list_name_plugin()] == list(BUILTIN_PLUGINS)
    assert "hipdip_t_wave" not in sys.modules
    assert list_plugins(pm)[-1].error is None  # a setting, not a broken plugin
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match="names no plugin"):
        make_plugin_manager()


# --------------------------------------------------------------------------- #
# Entry points are found without importing importlib.metadata when there are none


def dist_info(root: Path, name: str, entry_points: str | None, suffix: str = ".dist-info") -> Path:
    folder = root / f"{name}-1.0{suffix}"
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    if entry_points is not None:
        (folder / "entry_points.txt").write_text(entry_points)
    return root


ENTRY_POINT_FILES = {
    "none": None,
    "other-groups": "[console_scripts]\nhipdip = hipdip.cli:main\n[pytest11]\nhipdip = x\n",
    "hipdip": "[hipdip]\nwave = hipdip_wave\n",
    "hipdip-spaced": "# comment\n\n  [hipdip]  \n  wave = hipdip_wave\n",
    "hipdip-subgroup": "[hipdip.extra]\nwave = hipdip_wave\n",
}


@pytest.mark.parametrize("suffix", [".dist-info", ".egg-info"])
@pytest.mark.parametrize("case", ENTRY_POINT_FILES)
def test_the_cheap_entry_point_scan_agrees_with_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, suffix: str
) -> None:
    from importlib.metadata import entry_points

    from hipdip.plugins import _may_have_entry_points

    root = dist_info(tmp_path / "site", "hipdip_t_case", ENTRY_POINT_FILES[case], suffix)
    monkeypatch.setattr(sys, "path", [str(root), str(tmp_path / "missing")])
    expected = bool(entry_points(group="hipdip"))
    assert expected is (case in {"hipdip", "hipdip-spaced"})
    assert _may_have_entry_points("hipdip") is expected


def test_the_importlib_metadata_backport_finder_reads_the_same_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dask and others import ``importlib_metadata``, which adds its path finder to ``sys.meta_path``."""
    from hipdip.plugins import _may_have_entry_points

    MetadataPathFinder = type("MetadataPathFinder", (), {"find_distributions": lambda self: []})
    MetadataPathFinder.__module__ = "importlib_metadata"
    Custom = type("Custom", (), {"find_distributions": lambda self: []})
    root = dist_info(tmp_path / "site", "hipdip_t_none", None)
    monkeypatch.setattr(sys, "path", [str(root)])
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, MetadataPathFinder()])
    assert _may_have_entry_points("hipdip") is False
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Custom()])
    assert _may_have_entry_points("hipdip") is True  # a finder of its own: maybe


def test_the_cheap_entry_point_scan_says_maybe_for_a_zip_on_sys_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from hipdip.plugins import _may_have_entry_points

    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x-1.0.dist-info/entry_points.txt", "[hipdip]\nx = x\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert _may_have_entry_points("hipdip")


NO_METADATA_PROBE = """
import json, sys
import hipdip, hipdip.plugins
# hipdip is imported: now a sys.path of the standard library and the test's folders only
sys.path[:] = [p for p in sys.path if p.startswith(sys.base_prefix) and "-packages" not in p]
sys.path += sys.argv[1:]
cat = hipdip.catalog(hipdip.plugins.make_plugin_manager())
print(json.dumps(["importlib.metadata" in sys.modules, sorted(cat.schemes)]))
"""


def test_importlib_metadata_is_imported_only_when_a_plugin_is_installed(
    plugin_site: PluginSite, tmp_path: Path
) -> None:
    empty = dist_info(tmp_path / "empty", "hipdip_t_other", "[console_scripts]\nx = y\n")
    site = plugin_site.add("hipdip-t-wave", modules={"hipdip_t_wave": WAVE})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPDIP_", "PYTHON"))}
    env["PYTHONPATH"] = str(Path(hipdip.__file__).parents[1])

    def probe(*path: Path) -> list[object]:
        command = [sys.executable, "-c", NO_METADATA_PROBE, *map(str, path)]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr
        return list(json.loads(result.stdout))

    assert probe(empty) == [False, ["block", "dup", "linear"]]
    assert probe(empty, site) == [True, ["block", "dup", "linear", "t_wave"]]


@pytest.mark.parametrize(
    ("load_kind", "equipment", "words"),
    [
        ("band", frozenset(), "a BAND exercise lists 'band' in its equipment (got [])"),
        ("band", frozenset({"step"}), "lists 'band' in its equipment (got ['step'])"),
        ("weight", frozenset(), "a WEIGHT exercise lists the equipment that carries the weight"),
        ("weight", frozenset({"bench", "step"}), "barbell or another; got ['bench', 'step'])"),
    ],
)
def test_a_loaded_exercise_without_its_equipment_skips_the_plugin(
    load_kind: str, equipment: frozenset[str], words: str
) -> None:
    """Was (an attacker's review): a BAND exercise listing no band was planned, with a band,
    for a person who owns nothing; a WEIGHT one with no equipment went to 4–6 kg."""
    exercise = glute_exercise(
        "t_loop_walk",
        "Loop walk",
        load_kind=load_kind,
        equipment=equipment,
        band_placement="ankles" if load_kind == "band" else None,
    )

    with pytest.warns(HipdipPluginWarning, match=r"exercise 't_loop_walk': .*equipment") as record:
        cat = hipdip.catalog(with_plugin(exercise, "exercises"))
    assert words in str(record[0].message)
    assert "t_loop_walk" not in cat.exercises
    from hipdip.testing.contracts import ContractViolation, ExerciseContract

    with pytest.raises(ContractViolation, match=re.escape(words)):
        ExerciseContract().test_is_an_exercise(exercise)
