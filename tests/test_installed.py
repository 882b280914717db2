"""The docstring examples pass wherever mathdl is installed.

Readers use the examples as regression checks after changing ``mathdl`` or
upgrading NumPy or SciPy, with the command the README gives:

    python -m pytest --doctest-modules --pyargs mathdl

run on an installed package, from any folder, with no configuration of this
repository. This test does exactly that: it builds the wheel, installs it
with ``mathdl[data]`` and pytest into a new virtual environment outside the
repository (with uv when it is installed, else with venv and pip), and runs
the command there. It needs the package index, as a reader's install does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.installed


def _run(
    *args: str | Path, cwd: Path, timeout: int = 600
) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "VIRTUAL_ENV"))
    }
    env["MPLBACKEND"] = "Agg"
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip


def _check(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        pytest.fail(f"{what} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def test_doctests_pass_on_an_installed_wheel(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    uv = shutil.which("uv")
    if uv:
        _check(
            _run(uv, "build", "--wheel", "--out-dir", dist, ROOT, cwd=tmp_path),
            "uv build",
        )
    else:
        _check(
            _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, ROOT,
                 cwd=tmp_path),
            "pip wheel",
        )  # fmt: skip
    wheel = next(dist.glob("mathdl-*.whl"))

    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    requirement = f"mathdl[data] @ {wheel.as_uri()}"
    if uv:
        _check(
            _run(uv, "venv", "--python", sys.executable, venv, cwd=tmp_path), "uv venv"
        )
        _check(
            _run(uv, "pip", "install", "--python", python, requirement, "pytest",
                 cwd=tmp_path),
            "installing the wheel",
        )  # fmt: skip
    else:
        _check(_run(sys.executable, "-m", "venv", venv, cwd=tmp_path), "venv")
        _check(
            _run(python, "-m", "pip", "install", "--quiet", requirement, "pytest",
                 cwd=tmp_path),
            "installing the wheel",
        )  # fmt: skip

    # A folder outside the repository, with no pytest configuration in it.
    outside = tmp_path / "anywhere"
    outside.mkdir()
    result = _run(
        python, "-m", "pytest", "--doctest-modules", "--pyargs", "mathdl",
        "-p", "no:cacheprovider", cwd=outside,
    )  # fmt: skip
    _check(result, "python -m pytest --doctest-modules --pyargs mathdl")
    assert " passed" in result.stdout.splitlines()[-1], result.stdout[-500:]
    # The examples came from the installed wheel, not from this repository.
    where = _run(python, "-c", "import mathdl; print(mathdl.__file__)", cwd=outside)
    assert str(venv) in where.stdout, where.stdout
