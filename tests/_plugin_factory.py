"""Build real, small plugin distributions for tests, without pip.

A distribution is a directory put on ``sys.path`` holding the plugin's
modules and a ``NAME-VERSION.dist-info`` with ``METADATA`` and
``entry_points.txt`` — exactly what an installed wheel leaves behind, so
:mod:`importlib.metadata` discovers its entry points like any other.

Every distribution gets its own directory (``importlib.metadata`` caches a
directory's listing by mtime, so adding to a directory already scanned could
go unnoticed).
"""

from __future__ import annotations

import importlib
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import hipdip
from hipdip.plugins import HipdipPluginManager, make_plugin_manager

#: Imports every test plugin module starts with.
HEADER = """\
import hipdip
from hipdip import Exercise, Muscle, MuscleTarget, Reps, Role
from hipdip.protocols import Target
"""

#: A minimal valid scheme class, for plugin sources (``scheme_source("t_wave")``).
SCHEME_TEMPLATE = """
class {cls}:
    id = {id!r}
    name = "Test scheme {id}"

    def target(self, week, day, *, weeks, days_per_week):
        return Target(reps=Reps(10, 15), rir=2, volume_factor=1.0, deload=week % 4 == 0)
"""


def scheme_source(id_: str, cls: str = "TestScheme") -> str:
    """Source of a scheme class named ``cls`` with id ``id_``."""
    return SCHEME_TEMPLATE.format(cls=cls, id=id_)


def exercise_source(id_: str, muscle: str = "gluteus_medius", **fields: object) -> str:
    """Source of an ``Exercise(...)`` expression targeting ``muscle``."""
    extra = "".join(f", {key}={value!r}" for key, value in fields.items())
    return (
        f"Exercise(id={id_!r}, name='Test {id_}', "
        f"targets=(MuscleTarget({muscle!r}, Role.PRIMARY),), pattern='hip_abduction', "
        f"position='side_lying'{extra})"
    )


class PluginSite:
    """Makes plugin distributions under ``root`` and puts them on ``sys.path``."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.modules: set[str] = set()
        self._count = 0

    def add(
        self,
        distribution: str,
        version: str = "1.0",
        *,
        modules: Mapping[str, str],
        entry_points: Mapping[str, str] | None = None,
        header: bool = True,
    ) -> Path:
        """Create and "install" a distribution; return its directory.

        ``modules`` maps a (possibly dotted) module name to its source,
        dedented, with :data:`HEADER` prepended unless ``header=False``.
        ``entry_points`` maps entry-point names in group ``hipdip`` to
        ``module`` or ``module:attr`` (default: the first module, under the
        distribution's name without its ``hipdip-`` prefix).
        """
        self._count += 1
        site = self.root / f"site{self._count}"
        site.mkdir(parents=True)
        for module, source in modules.items():
            parts = module.split(".")
            directory = site.joinpath(*parts[:-1])
            directory.mkdir(parents=True, exist_ok=True)
            for depth in range(1, len(parts)):
                init = site.joinpath(*parts[:depth], "__init__.py")
                if not init.exists():
                    init.write_text("")
            body = textwrap.dedent(source)
            (directory / f"{parts[-1]}.py").write_text((HEADER if header else "") + body)
            self.modules.add(parts[0])
        if entry_points is None:
            name = re.sub(r"^hipdip[-_]", "", distribution).replace("-", "_")
            entry_points = {name: next(iter(modules))}
        dist_info = site / f"{re.sub(r'[-_.]+', '_', distribution)}-{version}.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n"
        )
        lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
        (dist_info / "entry_points.txt").write_text(f"[hipdip]\n{lines}")
        self.monkeypatch.syspath_prepend(str(site))
        importlib.invalidate_caches()
        return site

    def cleanup(self) -> None:
        """Forget every module imported from this site."""
        for name in list(sys.modules):
            if name.split(".")[0] in self.modules:
                del sys.modules[name]


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PluginSite]:
    """A :class:`PluginSite`; the default manager is reset before and after, env cleared."""
    from hipdip.plugins import _reset_default_plugin_manager

    for variable in (
        "HIPDIP_STRICT_PLUGINS",
        "HIPDIP_DISABLE_PLUGIN_AUTOLOAD",
        "HIPDIP_LOAD_PLUGINS",
    ):
        monkeypatch.delenv(variable, raising=False)
    site = PluginSite(tmp_path / "plugins", monkeypatch)
    _reset_default_plugin_manager()
    yield site
    _reset_default_plugin_manager()
    site.cleanup()


def glute_exercise(id_: str, name: str, **fields: Any) -> hipdip.Exercise:
    """A standing hip abduction with gluteus medius PRIMARY (bodyweight unless ``fields``
    say otherwise): a plugin's exercise for tests of names, loads and equipment."""
    return hipdip.Exercise(
        id=id_,
        name=name,
        targets=(hipdip.MuscleTarget("gluteus_medius", "primary"),),
        pattern="hip_abduction",
        position="standing",
        **fields,
    )


def with_plugin(obj: object, kind: str, name: str = "TestPlugin") -> HipdipPluginManager:
    """Built-ins and an in-process plugin ``name`` registering ``obj`` into ``kind``
    (``"exercises"``, ``"program_rules"``, …), no entry points."""

    def hook(register: Callable[[object], None]) -> None:
        register(obj)

    plugin = type(name, (), {f"hipdip_register_{kind}": staticmethod(hipdip.hookimpl(hook))})
    return make_plugin_manager(entry_points=False, plugins=[plugin])
