"""Build the book and run every check.

    nox              lint, build the book, run the tests (in that order)
    nox -s docs      build the HTML book into docs/_build/html
    nox -s tests     pytest, the doctests of mathdl, and the site tests
    nox -s lint      ruff check and ruff format --check
    nox -s serve     rebuild and reload the book while you edit
    nox -s bench     speed benchmarks (not part of plain ``nox``)

Sessions use uv to create their environments when it is installed (it
installs the stack in seconds) and fall back to virtualenv and pip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"

nox.options.sessions = ["lint", "docs", "tests"]
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11"
# Compile bytecode at install time: PYTHONDONTWRITEBYTECODE may be set, and a
# Sphinx run without bytecode is about twice as slow.
INSTALL_ENV = {"UV_COMPILE_BYTECODE": "1"}


def _install(session: nox.Session, *extras: str) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec, env=INSTALL_ENV)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML book, executing every code cell (warnings are errors).

    Outputs are cached per page; a change to a page re-executes that page and
    a change to mathdl re-executes every page (see docs/conf.py). Pass
    ``-- --fresh`` to rebuild everything from scratch.
    """
    _install(session, "docs")
    _ensure_libreoffice(session)
    args = ["-b", "html", "-W", "--keep-going", str(DOCS), str(HTML)]
    if "--fresh" in session.posargs:
        shutil.rmtree(BUILD, ignore_errors=True)
    session.run("sphinx-build", *args, env={"PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    session.log(f"The book is at {HTML / 'index.html'}")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run pytest: unit tests, doctests of mathdl, and site tests of the book.

    The site tests drive headless Chromium over docs/_build/html, so build
    the book first (plain ``nox`` does). Extra arguments go to pytest, for
    example ``nox -s tests -- -m "not site"``.
    """
    _install(session, "test")
    _install_torch(session)
    _ensure_chromium(session)
    _ensure_libreoffice(session)
    # Spread the tests over the cores unless the caller chose otherwise.
    parallel = [] if any(a.startswith("-n") for a in session.posargs) else ["-n=auto"]
    session.run("pytest", *parallel, *session.posargs)


def _ensure_chromium(session: nox.Session) -> None:
    """Install Debian's Chromium for the site tests when it is missing.

    Playwright drives the system's Chromium and never downloads a browser.
    As root on Debian or Ubuntu the package is installed with apt-get;
    elsewhere the site tests fail with a message saying how to install it.
    """
    if os.environ.get("MATHDL_CHROMIUM") or shutil.which("chromium"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        session.log("Chromium is missing: installing Debian's chromium package")
        session.run("apt-get", "update", "-qq", external=True)
        session.run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "chromium",
            external=True,
            env={"DEBIAN_FRONTEND": "noninteractive"},
        )
    else:
        session.warn("Chromium not found: the site tests will fail (see README)")


def _ensure_libreoffice(session: nox.Session) -> None:
    """Install Debian's headless LibreOffice Calc and pdftoppm when missing.

    Chapter 11's workbook is recalculated by LibreOffice, in the book build
    (its pictures) and in tests/test_spreadsheet.py (its numbers). As for
    Chromium, root on Debian or Ubuntu gets ``libreoffice-calc-nogui`` and
    ``poppler-utils`` from apt-get; elsewhere the build and those tests fail
    with a message saying how to install them.
    """
    have_soffice = os.environ.get("MATHDL_SOFFICE") or shutil.which("soffice")
    if have_soffice and shutil.which("pdftoppm"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        session.log("LibreOffice or pdftoppm is missing: installing Debian's packages")
        session.run("apt-get", "update", "-qq", external=True)
        session.run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "libreoffice-calc-nogui",
            "poppler-utils",
            external=True,
            env={"DEBIAN_FRONTEND": "noninteractive"},
        )
    else:
        session.warn(
            "LibreOffice (soffice) or pdftoppm not found: the book build and "
            "tests/test_spreadsheet.py will fail (see README)"
        )


def _install_torch(session: nox.Session) -> None:
    """Install the optional CPU build of PyTorch where one is available.

    PyTorch is a reference in some tests, never a dependency: its default
    build pulls several GB of CUDA packages. On the project's machines pip
    finds a local CPU build of exactly ``torch==2.13.0`` (uv does not see it),
    so pip is used for this one package. Where it cannot be installed, the
    PyTorch comparisons are skipped with a visible reason. Set
    ``MATHDL_TORCH=0`` to skip the attempt.
    """
    if os.environ.get("MATHDL_TORCH", "1") == "0" or _has_module(session, "torch"):
        return
    if not _has_module(session, "pip"):
        session.install("pip")
    try:
        session.run("python", "-m", "pip", "install", "--quiet", "torch==2.13.0")
    except nox.command.CommandFailed:
        session.warn("PyTorch 2.13.0 (CPU) could not be installed: its tests skip")


def _has_module(session: nox.Session, name: str) -> bool:
    python = Path(session.bin) / "python"
    code = f"import importlib.util as u, sys; sys.exit(u.find_spec({name!r}) is None)"
    return subprocess.run([str(python), "-c", code], check=False).returncode == 0


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Serve the book on http://127.0.0.1:8000 and rebuild it on every change."""
    _install(session, "serve")
    session.run(
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--watch",
        str(ROOT / "mathdl"),
        str(DOCS),
        str(HTML),
    )


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Run the speed benchmarks and write benchmarks/results.md."""
    _install(session, "bench")
    _install_torch(session)
    session.run("python", str(ROOT / "benchmarks" / "run.py"), *session.posargs)
