"""The plugin distributions in plugins/: packaging, public-API use, install and uninstall.

Their behaviour is tested by their own suites (``.ci/run`` installs each and
runs them); these tests check what the main suite can see without pip:

- every ``plugins/hipdip-*/`` is a separate distribution (hatchling,
  Python ≥ 3.11, depends on hipdip, a ``hipdip`` entry point, README, typed
  source, tests);
- their sources and tests import hipdip's public names only (``hipdip``, its
  public modules, ``hipdip.testing.*`` — no private modules or ``_`` names);
- "installing" hipdip-wave — its source plus a ``dist-info`` with its entry
  point, what ``pip install`` leaves behind — makes ``hipdip plugins`` list it
  with its version and ``hipdip plan --example --scheme wave`` work, and
  removing it ("uninstalling") takes both away again.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import hipdip

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(p for p in (ROOT / "plugins").glob("hipdip-*") if p.is_dir())
EXPECTED = {"hipdip-wave", "hipdip-rpe", "hipdip-free-exercise-db", "hipdip-plant-protein"}


def _pyproject(package: Path) -> dict[str, Any]:
    with (package / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_the_four_packages_are_there() -> None:
    assert {p.name for p in PACKAGES} >= EXPECTED


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_package_layout(package: Path) -> None:
    data = _pyproject(package)
    project = data["project"]
    assert project["name"] == package.name
    assert project["version"] == "0.1.0"
    assert project["requires-python"] == ">=3.11"
    assert any(str(dep).startswith("hipdip") for dep in project["dependencies"])
    assert data["build-system"] == {
        "requires": ["hatchling>=1.21"],
        "build-backend": "hatchling.build",
    }
    entry_points = project["entry-points"]["hipdip"]
    assert len(entry_points) == 1
    module = package.name.replace("-", "_")
    assert list(entry_points.values()) == [module]
    assert (package / "README.md").is_file()
    assert (package / "src" / module / "__init__.py").is_file()
    assert (package / "src" / module / "py.typed").is_file()
    assert list((package / "tests").glob("test_*.py"))


#: The modules a plugin may import from hipdip (besides ``hipdip.testing.*``), as
#: llm's plugins use ``llm.*``: the package, its public modules, and the checks
#: ``hipdip.progression`` documents (``decision_problems``).
PUBLIC = frozenset(
    {
        "hipdip",
        "hipdip.body",
        "hipdip.errors",
        "hipdip.io",
        "hipdip.limits",
        "hipdip.loads",
        "hipdip.metrics",
        "hipdip.names",
        "hipdip.plugins",
        "hipdip.progression",
        "hipdip.protocols",
        "hipdip.render",
        "hipdip.training",
        "hipdip.units",
    }
)


def _is_public(module: str) -> bool:
    parts = module.split(".")
    if any(part.startswith("_") for part in parts):
        return False
    return module in PUBLIC or parts[:2] == ["hipdip", "testing"]


def _non_public_imports(path: Path) -> list[str]:
    """``hipdip`` imports of ``path`` that reach a private module or a ``_`` name."""
    found = []
    where = f"{path.parent.name}/{path.name}"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] != "hipdip":
                continue
            names = [alias.name for alias in node.names]
            if not _is_public(node.module) or any(n.startswith("_") for n in names):
                found.append(f"{where}:{node.lineno}: from {node.module} import {names}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "hipdip" and not _is_public(alias.name):
                    found.append(f"{where}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Attribute) and ast.unparse(node.value) == "hipdip":
            name, private = f"hipdip.{node.attr}", node.attr.startswith("_")
            if (private and not node.attr.startswith("__")) or (
                not private and node.attr not in hipdip.__all__ and not _is_public(name)
            ):
                found.append(f"{where}:{node.lineno}: {name}")
    return found


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_plugins_use_only_public_names(package: Path) -> None:
    """Sources and tests import ``hipdip``, its public modules and ``hipdip.hookimpl`` only."""
    problems = [
        problem for path in sorted(package.rglob("*.py")) for problem in _non_public_imports(path)
    ]
    assert problems == []


def test_the_public_import_check_catches_private_modules(tmp_path: Path) -> None:
    source = tmp_path / "plugin.py"
    source.write_text(
        "import hipdip\n"
        "from hipdip.hookspecs import hookimpl\n"
        "from hipdip.models.program import MAX_REPS\n"
        "from hipdip import _version, Reps\n"
        "import hipdip.builtin.schemes\n"
        "x = hipdip._EXPORTS\n"
        "y = hipdip.registry.KINDS\n"
        "z = hipdip.plugins.make_plugin_manager, hipdip.hookimpl, hipdip.testing.strategies\n",
        encoding="utf-8",
    )
    assert [line.split(": ", 1)[0] for line in _non_public_imports(source)] == [
        f"{tmp_path.name}/plugin.py:{n}" for n in (2, 3, 4, 5, 6, 7)
    ]


# --------------------------------------------------------------------------- #
# Installing and uninstalling hipdip-wave (without pip)


def _install_wave(site: Path) -> Path:
    """What ``pip install`` leaves for hipdip-wave: a dist-info with its entry point."""
    info = site / "hipdip_wave-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: hipdip-wave\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[hipdip]\nwave = hipdip_wave\n", encoding="utf-8")
    return info


def _hipdip(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIPDIP_")}
    paths = [str(site), str(ROOT / "plugins" / "hipdip-wave" / "src")]
    env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.run(
        [sys.executable, "-m", "hipdip", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def _really_installed(distribution: str) -> bool:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(not (ROOT / "plugins" / "hipdip-wave").is_dir(), reason="no hipdip-wave")
@pytest.mark.skipif(
    _really_installed("hipdip-wave"),
    reason="hipdip-wave is pip-installed here, so removing a copy cannot uninstall it "
    "(.ci/run checks the real pip uninstall)",
)
def test_install_and_uninstall_the_wave(tmp_path: Path) -> None:
    site = tmp_path / "site"
    info = _install_wave(site)

    listed = _hipdip(site, "plugins")
    assert listed.returncode == 0, listed.stderr
    assert "hipdip-wave 0.1.0" in listed.stdout
    planned = _hipdip(site, "plan", "--example", "--scheme", "wave")
    assert planned.returncode == 0, planned.stderr
    assert "(`wave`)" in planned.stdout
    assert "15–20" in planned.stdout

    for path in info.iterdir():  # pip uninstall removes the dist-info
        path.unlink()
    info.rmdir()
    listed = _hipdip(site, "plugins")
    assert listed.returncode == 0, listed.stderr
    assert "hipdip-wave" not in listed.stdout
    refused = _hipdip(site, "plan", "--example", "--scheme", "wave")
    assert refused.returncode == 2
    assert "unknown scheme id 'wave'" in refused.stderr
    assert "Traceback" not in refused.stderr
