"""Errors: hierarchy, messages, suggestions, and pickling."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Finding,
    HipdipError,
    HipdipPluginWarning,
    PlanningError,
    PluginError,
    UnknownIdError,
    ValidationError,
)
from hipdip.errors import DuplicateIdError
from hipdip.io import from_dict, to_dict
from hipdip.registry import PluginInfo
from hipdip.testing import strategies as hs


def test_hierarchy() -> None:
    assert issubclass(ValidationError, HipdipError)
    assert issubclass(ValidationError, ValueError)
    assert issubclass(UnknownIdError, HipdipError)
    assert issubclass(UnknownIdError, LookupError)
    assert not issubclass(UnknownIdError, KeyError)
    assert issubclass(PlanningError, HipdipError)
    assert issubclass(PluginError, HipdipError)
    assert issubclass(HipdipError, Exception)
    assert issubclass(HipdipPluginWarning, UserWarning)


def test_errors_are_reexported_from_hipdip() -> None:
    for name in (
        "HipdipError",
        "ValidationError",
        "UnknownIdError",
        "PlanningError",
        "PluginError",
        "HipdipPluginWarning",
    ):
        assert getattr(hipdip, name) is getattr(hipdip.errors, name)


def test_generic_handlers_catch_hipdip_errors() -> None:
    with pytest.raises(ValueError, match="height_cm"):
        hipdip.BodyComposition(weight_kg=65, height_cm=90)
    with pytest.raises(LookupError, match="clamshel"):
        hipdip.catalog().exercise("clamshel")


# --------------------------------------------------------------------------- #
# ValidationError


def test_validation_error_with_one_message() -> None:
    err = ValidationError("body.weight_kg: must be > 0 (got -1)")
    assert str(err) == "body.weight_kg: must be > 0 (got -1)"
    assert err.errors == ("body.weight_kg: must be > 0 (got -1)",)


def test_validation_error_with_several_messages() -> None:
    err = ValidationError(["age: must be between 16 and 100", "sex: must be one of female, male"])
    assert err.errors == ("age: must be between 16 and 100", "sex: must be one of female, male")
    assert str(err) == (
        "2 problems: age: must be between 16 and 100; sex: must be one of female, male"
    )


def test_validation_error_is_never_empty() -> None:
    assert ValidationError([]).errors == ("invalid input",)
    assert str(ValidationError(())) == "invalid input"


def test_validation_error_accepts_any_iterable() -> None:
    err = ValidationError(message for message in ("a: x", "b: y"))
    assert err.errors == ("a: x", "b: y")


# --------------------------------------------------------------------------- #
# UnknownIdError


def test_unknown_id_suggests_close_matches() -> None:
    err = UnknownIdError("exercise", "clamshel", ["clamshell", "plank", "banded_clamshell"])
    assert err.kind == "exercise"
    assert err.id == "clamshel"
    assert err.suggestions[0] == "clamshell"
    assert str(err).startswith("unknown exercise id 'clamshel'; did you mean 'clamshell'")


def test_unknown_id_without_close_matches_lists_known_ids() -> None:
    err = UnknownIdError("scheme", "zzz", ["linear", "dup", "block"])
    assert err.suggestions == ()
    assert str(err) == "unknown scheme id 'zzz'; known ids: block, dup, linear"


def test_unknown_id_shortens_long_lists() -> None:
    known = [f"exercise_{i}" for i in range(20)]
    err = UnknownIdError("exercise", "qqq", known)
    assert str(err).endswith(", …")
    assert str(err).count("exercise_") == 8


def test_unknown_id_with_nothing_known() -> None:
    assert str(UnknownIdError("muscle", "psoas")) == "unknown muscle id 'psoas'"


def test_unknown_id_message_is_not_quoted_like_a_key_error() -> None:
    err = UnknownIdError("exercise", "x", [])
    assert str(err) == "unknown exercise id 'x'"
    assert not str(err).startswith('"')


def test_catalogue_raises_unknown_id_with_suggestions() -> None:
    with pytest.raises(UnknownIdError) as info:
        hipdip.catalog().exercises["side_lying_hip_abductoin"]
    assert "side_lying_hip_abduction" in info.value.suggestions


# --------------------------------------------------------------------------- #
# PlanningError and PluginError


def test_planning_error_keeps_findings() -> None:
    finding = Finding(rule="session_time", severity="error", message="too long")
    err = PlanningError("cannot plan: 1 error", [finding])
    assert err.findings == (finding,)
    assert str(err) == "cannot plan: 1 error"
    assert PlanningError("no exercises").findings == ()


def test_plugin_error_names_plugin_distribution_and_hook() -> None:
    err = PluginError(
        "plugin 'wave' failed",
        plugin="wave",
        distribution="hipdip-wave",
        hook="hipdip_register_schemes",
    )
    assert (err.plugin, err.distribution, err.hook) == (
        "wave",
        "hipdip-wave",
        "hipdip_register_schemes",
    )
    assert str(err) == "plugin 'wave' failed"
    assert PluginError("bare").plugin is None


def test_plugin_errors_about_a_plugin_keep_the_bare_reason() -> None:
    info = PluginInfo("wave", "hipdip-wave", "1.0")
    err = PluginError.about(info, "hipdip_register_schemes", "scheme id 'x' was registered twice")
    assert str(err) == (
        "hipdip plugin wave (hipdip-wave 1.0), hook hipdip_register_schemes: "
        "scheme id 'x' was registered twice"
    )
    assert (err.plugin, err.distribution, err.hook) == (
        "wave",
        "hipdip-wave",
        "hipdip_register_schemes",
    )
    assert err.reason == "scheme id 'x' was registered twice"
    assert str(PluginError.about(PluginInfo("mine"), None, "boom")) == "hipdip plugin mine: boom"
    assert PluginError("bare").reason == "bare"  # not about one plugin: the whole message
    duplicate = DuplicateIdError.about(info, None, "clash")
    assert type(duplicate) is DuplicateIdError and duplicate.reason == "clash"
    assert hipdip.plugins.DuplicateIdError is DuplicateIdError  # its old home still works


# --------------------------------------------------------------------------- #
# Pickling: errors travel between processes intact

ERRORS: list[Exception] = [
    HipdipError("base"),
    ValidationError("weight_kg: must be > 0 (got -1)"),
    ValidationError(["a: one", "b: two"]),
    UnknownIdError("exercise", "clamshel", ["clamshell", "plank"]),
    UnknownIdError("muscle", "psoas"),
    PlanningError("cannot plan", [Finding(rule="volume", severity="error", message="too few")]),
    PluginError(
        "broken", plugin="wave", distribution="hipdip-wave", hook="hipdip_register_schemes"
    ),
    PluginError("broken without details"),
    DuplicateIdError.about(
        PluginInfo("beta", "hipdip-beta", "2.0"), "hipdip_register_schemes", "x"
    ),
]


def state(err: Exception) -> tuple[Any, ...]:
    public = {k: v for k, v in vars(err).items() if not k.startswith("__")}
    return (type(err), str(err), err.args, public, getattr(err, "__notes__", None))


@pytest.mark.parametrize("err", ERRORS, ids=lambda e: f"{type(e).__name__}:{e}"[:40])
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_every_error_pickles(err: Exception, protocol: int) -> None:
    again = pickle.loads(pickle.dumps(err, protocol=protocol))
    assert state(again) == state(err)


@pytest.mark.parametrize("err", ERRORS, ids=lambda e: f"{type(e).__name__}:{e}"[:40])
def test_notes_survive_pickling_and_copying(err: Exception) -> None:
    noted = copy.copy(err)
    noted.add_note("raised by scheme 'wave'.target() from plugin wave (hipdip-wave 1.0)")
    for again in (pickle.loads(pickle.dumps(noted)), copy.deepcopy(noted)):
        assert again.__notes__ == noted.__notes__
        assert str(again) == str(noted)


def test_plugin_warning_pickles() -> None:
    warning = HipdipPluginWarning("plugin 'x' skipped")
    again = pickle.loads(pickle.dumps(warning))
    assert (type(again), str(again)) == (HipdipPluginWarning, "plugin 'x' skipped")
    warning.plugin = "x"
    assert pickle.loads(pickle.dumps(warning)).plugin == "x"


@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_validation_errors_pickle_any_messages(messages: list[str]) -> None:
    err = ValidationError(messages)
    again = pickle.loads(pickle.dumps(err))
    assert again.errors == tuple(messages)
    assert str(again) == str(err)


@given(hs.profiles())
def test_real_validation_errors_pickle(profile: hipdip.Profile) -> None:
    with pytest.raises(ValidationError) as info:
        from_dict({**to_dict(profile), "age": "zero", "extra": 1}, hipdip.Profile)
    again = pickle.loads(pickle.dumps(info.value))
    assert again.errors == info.value.errors
    assert any(error.startswith("age:") for error in again.errors)
    assert any(error.startswith("extra:") for error in again.errors)
