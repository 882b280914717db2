"""Shared pytest configuration."""

from __future__ import annotations

import importlib.util
import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")  # no display: draw to memory

# Machines are shared and timings vary: no per-example deadline, but keep the
# number of examples moderate so the suite stays fast.
settings.register_profile(
    "default",
    deadline=None,
    max_examples=50,
    derandomize=True,  # the same examples on every run: CI is reproducible
    suppress_health_check=[HealthCheck.too_slow],
)
# HYPOTHESIS_PROFILE=explore draws new random examples on each run.
settings.register_profile(
    "explore",
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_configure(config: pytest.Config) -> None:
    # PyTorch is an optional reference. Locally its tests skip with a reason
    # when it is missing; CI sets MATHDL_REQUIRE_TORCH=1 so they must run.
    if (
        os.environ.get("MATHDL_REQUIRE_TORCH") == "1"
        and importlib.util.find_spec("torch") is None
    ):
        raise pytest.UsageError(
            "MATHDL_REQUIRE_TORCH=1 but PyTorch is not installed: "
            "python -m pip install torch==2.13.0"
        )
