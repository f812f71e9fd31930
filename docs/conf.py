"""Sphinx configuration for hipdip's documentation (Sphinx + furo + MyST).

Build: ``sphinx-build -W --keep-going -b html docs docs/_build/html``
(warnings are errors; ``.ci/run`` does this).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import hipdip  # noqa: E402

project = "hipdip"
author = "hipdip developers"
copyright = "hipdip developers"
release = hipdip.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "hipdip_sphinx",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
# Members are listed where wanted (``:members:``), so a page never documents an
# object twice.
autodoc_default_options: dict[str, object] = {}
autodoc_preserve_defaults = True
# The models' validators and attrs' generated methods are not API.
autodoc_inherit_docstrings = False

html_theme = "furo"
html_title = f"hipdip {release}"
html_static_path: list[str] = []

nitpicky = False
suppress_warnings = ["myst.xref_missing"]
