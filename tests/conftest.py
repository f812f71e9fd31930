"""Shared test configuration: hypothesis profiles and an isolated plugin manager."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,
    # 40 examples per property keeps the default run near a minute (issue 19);
    # HYPOTHESIS_PROFILE=thorough runs 500.
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=500,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
