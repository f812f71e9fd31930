"""The catalogue: read-only mappings, helpful unknown-id errors, caching, provenance, guard()."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import pytest
from _plugin_factory import PluginSite, plugin_site, scheme_source

import hipdip
import hipdip.examples
from hipdip import Catalog, UnknownIdError
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.registry import KINDS

__all__ = ["plugin_site"]


class Counting:
    """A plugin counting how often its hook runs."""

    def __init__(self, muscle: str = "t_counted") -> None:
        self.calls = 0
        self.muscle = muscle

    @hipdip.hookimpl
    def hipdip_register_muscles(self, register):
        self.calls += 1
        register(hipdip.Muscle(id=self.muscle, name="Counted", region="hip"))


class Flaky:
    """A scheme whose target() fails at run time."""

    id = "t_flaky"
    name = "Flaky"

    def target(self, week, day, *, weeks, days_per_week):
        return week / 0


class FlakyPlugin:
    @hipdip.hookimpl
    def hipdip_register_schemes(self, register):
        register(Flaky())


@pytest.fixture
def pm() -> HipdipPluginManager:
    return make_plugin_manager(entry_points=False)


@pytest.fixture
def cat(pm: HipdipPluginManager) -> Catalog:
    return hipdip.catalog(pm)


# --------------------------------------------------------------------------- #
# Read-only mappings


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_a_read_only_mapping(cat: Catalog, kind: str) -> None:
    registry = getattr(cat, kind)
    assert isinstance(registry, Mapping)
    assert not isinstance(registry, dict)
    assert not hasattr(registry, "__setitem__")
    for name in ("pop", "update", "clear", "setdefault"):
        assert not hasattr(registry, name)
    with pytest.raises(TypeError):
        registry["t_new"] = object()
    with pytest.raises(TypeError):
        del registry[next(iter(registry), "x")]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(cat, kind, {})


def test_registries_do_not_share_state_with_the_builder(pm: HipdipPluginManager) -> None:
    cat = hipdip.catalog(pm)
    before = dict(cat.muscles)
    pm.register(Counting(), name="counting")
    assert dict(cat.muscles) == before  # the old catalogue is unchanged
    assert "t_counted" in hipdip.catalog(pm).muscles


@pytest.mark.parametrize("kind", KINDS)
def test_registries_map_ids_to_objects_with_those_ids(cat: Catalog, kind: str) -> None:
    registry = getattr(cat, kind)
    assert len(registry) == len(list(registry))
    for id_, obj in registry.items():
        assert obj.id == id_
    assert cat.ids(kind) == tuple(registry)


def test_mapping_protocol(cat: Catalog) -> None:
    assert "gluteus_medius" in cat.muscles
    assert "gluteus_medius" in set(cat.muscles.keys())
    assert cat.muscles.get("gluteus_medius") is cat.muscles["gluteus_medius"]
    assert cat.muscles == dict(cat.muscles)
    assert "Registry('muscles'" in repr(cat.muscles)


# --------------------------------------------------------------------------- #
# Unknown ids


def test_unknown_id_suggests_close_matches(cat: Catalog) -> None:
    with pytest.raises(UnknownIdError) as excinfo:
        cat.exercises["clamshel"]
    error = excinfo.value
    assert not isinstance(error, KeyError)  # no bare KeyError semantics (quoted message)
    assert isinstance(error, LookupError)
    assert "clamshell" in error.suggestions
    assert (error.kind, error.id) == ("exercise", "clamshel")
    assert str(error).startswith("unknown exercise id 'clamshel'; did you mean 'clamshell'")


def test_unknown_id_without_close_match_lists_known_ids(cat: Catalog) -> None:
    with pytest.raises(UnknownIdError, match="unknown scheme id 'zzz'; known ids: ") as excinfo:
        cat.schemes["zzz"]
    assert excinfo.value.suggestions == ()
    assert "linear" in str(excinfo.value)


@pytest.mark.parametrize(
    ("kind", "singular"),
    [
        ("muscles", "muscle"),
        ("exercises", "exercise"),
        ("schemes", "scheme"),
        ("progression_rules", "progression rule"),
        ("nutrition_rules", "nutrition rule"),
        ("program_rules", "program rule"),
    ],
)
def test_unknown_id_names_the_kind(cat: Catalog, kind: str, singular: str) -> None:
    with pytest.raises(UnknownIdError, match=f"^unknown {singular} id 'nope'"):
        getattr(cat, kind)["nope"]


@pytest.mark.parametrize("key", ["nope", "", 3, None, ("a",), ["unhashable"]])
def test_get_and_in_never_raise(cat: Catalog, key: object) -> None:
    assert cat.exercises.get(key) is None  # type: ignore[arg-type]
    assert cat.exercises.get(key, "dflt") == "dflt"  # type: ignore[arg-type]
    assert key not in cat.exercises
    with pytest.raises(UnknownIdError):
        cat.exercises[key]  # type: ignore[index]


def test_exercise_and_scheme_shortcuts(cat: Catalog) -> None:
    assert cat.exercise("clamshell") is cat.exercises["clamshell"]
    assert cat.scheme("linear") is cat.schemes["linear"]
    with pytest.raises(UnknownIdError, match="did you mean 'linear'"):
        cat.scheme("linaer")


# --------------------------------------------------------------------------- #
# Provenance


def test_provider_and_plugin_info(pm: HipdipPluginManager) -> None:
    pm.register(Counting(), name="counting", distribution="hipdip-counting", version="0.2")
    cat = hipdip.catalog(pm)
    assert cat.provider("muscles", "t_counted") == "counting"
    info = cat.plugin_info("muscles", "t_counted")
    assert (info.distribution, info.version) == ("hipdip-counting", "0.2")
    assert str(info) == "counting (hipdip-counting 0.2)"
    builtin = cat.plugin_info("muscles", "gluteus_medius")
    assert (builtin.name, builtin.distribution) == ("hipdip.builtin.muscles", "hipdip")


@pytest.mark.parametrize("method", ["provider", "plugin_info", "ids"])
def test_unknown_kind_is_an_unknown_id_error(cat: Catalog, method: str) -> None:
    args = ("exercise", "clamshell") if method != "ids" else ("exercise",)
    with pytest.raises(
        UnknownIdError, match="catalogue kind id 'exercise'; did you mean 'exercises'"
    ):
        getattr(cat, method)(*args)


def test_provider_of_unknown_id(cat: Catalog) -> None:
    with pytest.raises(UnknownIdError, match="did you mean 'clamshell'"):
        cat.provider("exercises", "clamshel")


# --------------------------------------------------------------------------- #
# Caching


def test_catalogue_is_cached_per_manager_and_cleared_by_register_unregister() -> None:
    counting = Counting()
    pm = make_plugin_manager(entry_points=False, plugins=[counting])
    other = make_plugin_manager(entry_points=False, plugins=[Counting()])
    first = hipdip.catalog(pm)
    assert hipdip.catalog(pm) is first
    assert counting.calls == 1
    assert hipdip.catalog(other) is not first

    extra = Counting("t_extra")
    pm.register(extra, name="extra")
    second = hipdip.catalog(pm)
    assert second is not first
    assert "t_extra" in second.muscles
    assert hipdip.catalog(pm) is second

    pm.unregister(extra)
    third = hipdip.catalog(pm)
    assert "t_extra" not in third.muscles
    assert third is not second
    assert counting.calls == 3

    pm.set_blocked("Counting")  # pluggy's own API unregisters too
    assert "t_counted" not in hipdip.catalog(pm).muscles


def test_catalog_rejects_something_that_is_not_a_hipdip_manager() -> None:
    import pluggy

    with pytest.raises(hipdip.ValidationError, match=r"pm: .*make_plugin_manager"):
        hipdip.catalog(pluggy.PluginManager("hipdip"))
    with pytest.raises(hipdip.ValidationError, match="pm: "):
        hipdip.plan_program(hipdip.examples.example_profile(), pm="default")  # type: ignore[arg-type]


def test_default_catalogue_is_the_default_managers(plugin_site: PluginSite) -> None:
    from hipdip.plugins import get_plugin_manager

    assert hipdip.catalog() is hipdip.catalog(get_plugin_manager())


# --------------------------------------------------------------------------- #
# guard(): exceptions from plugin objects name the plugin


def test_guard_adds_a_note_naming_the_plugin_and_reraises_unchanged() -> None:
    pm = make_plugin_manager(entry_points=False)
    pm.register(FlakyPlugin(), name="flaky", distribution="hipdip-flaky", version="3.1")
    cat = hipdip.catalog(pm)
    scheme = cat.schemes["t_flaky"]

    # The caller sees the real exception.
    with pytest.raises(ZeroDivisionError) as excinfo, cat.guard("schemes", "t_flaky", "target()"):
        scheme.target(1, 1, weeks=8, days_per_week=3)

    assert excinfo.value.__notes__ == [
        "raised by scheme 't_flaky'.target() from plugin flaky (hipdip-flaky 3.1)"
    ]
    assert excinfo.traceback[-1].name == "target"  # traceback reaches into the plugin


def test_guard_notes_once_when_nested_and_passes_results_through(cat: Catalog) -> None:
    def nested() -> None:
        guard = cat.guard("exercises", "clamshell", "cues()")
        with guard, cat.guard("exercises", "clamshell", "cues()"):
            raise ValueError("bad")

    with pytest.raises(ValueError, match="bad") as excinfo:
        nested()
    assert len(excinfo.value.__notes__) == 1
    assert "hipdip.builtin.exercises" in excinfo.value.__notes__[0]

    with cat.guard("exercises", "clamshell", "name"):
        value = cat.exercises["clamshell"].name
    assert value == "Clamshell"


def test_guard_with_unknown_provider_still_notes(cat: Catalog) -> None:
    with pytest.raises(RuntimeError) as excinfo, cat.guard("schemes", "t_ghost", "target()"):
        raise RuntimeError
    assert excinfo.value.__notes__ == ["raised by scheme 't_ghost'.target() from an unknown plugin"]


def test_guard_lets_keyboard_interrupt_through_untouched(cat: Catalog) -> None:
    with pytest.raises(KeyboardInterrupt) as excinfo, cat.guard("schemes", "linear", "target()"):
        raise KeyboardInterrupt
    assert not getattr(excinfo.value, "__notes__", None)


def test_guard_names_an_installed_distribution(plugin_site: PluginSite) -> None:
    plugin_site.add(
        "hipdip-t-flaky",
        "0.5",
        modules={
            "hipdip_t_flaky": scheme_source("t_flaky_wave", "Wave").replace(
                "return Target(", "return 1 / 0 or Target("
            )
            + "\n@hipdip.hookimpl\ndef hipdip_register_schemes(register):\n    register(Wave())\n"
        },
    )
    cat = hipdip.catalog()
    wave = cat.schemes["t_flaky_wave"]
    with pytest.raises(ZeroDivisionError) as excinfo, cat.guard("schemes", "t_flaky_wave", "x()"):
        wave.target(1, 1, weeks=4, days_per_week=2)
    [note] = excinfo.value.__notes__
    assert "plugin t_flaky (hipdip-t-flaky 0.5)" in note
