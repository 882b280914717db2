"""Time the book: a cold ``nox -s docs``, a no-change rebuild, ``nox -s tests``.

Everything runs in a fresh copy of the repository in a temporary directory,
so the "cold" build really starts with no ``docs/_build``, no execution cache
and no nox environments. The steps, each timed separately:

1. ``nox -s docs tests --install-only``: create both environments (not part
   of the build or test times; reported as "environment creation");
2. ``nox -s docs``: the cold build, every notebook executed;
3. ``nox -s docs`` again: the no-change rebuild;
4. ``nox -s tests -- --collect-only -q``: lets the session install what it
   installs with ``session.run`` (PyTorch's CPU build, Chromium if missing),
   which ``--install-only`` skips; counted as environment creation too;
5. ``nox -s tests``: the whole test suite, on the book built in step 2.

Each chapter's execution time comes from the jupyter-cache database that
MyST-NB writes in cache mode (``docs/_build/.jupyter_cache/*/global.db``,
table ``nbcache``, field ``data.execution_seconds``): MyST-NB stores there
how long each notebook took to execute, the same number its
``{nb-exec-table}`` directive shows.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BookResult", "time_book"]


@dataclass
class Step:
    """One timed command."""

    name: str
    seconds: float
    cpu_seconds: float
    returncode: int
    log: Path
    summary: str = ""


@dataclass
class BookResult:
    """Everything the book benchmark measured."""

    source: str
    workdir: Path
    steps: dict[str, Step] = field(default_factory=dict)
    chapters: list[tuple[str, float]] = field(default_factory=list)
    chapter_note: str = ""

    def seconds(self, name: str) -> float | None:
        step = self.steps.get(name)
        return None if step is None or step.returncode != 0 else step.seconds


def _nox_command() -> list[str]:
    nox = shutil.which("nox")
    return [nox] if nox else [sys.executable, "-m", "nox"]


def _clean_env(env: dict[str, str]) -> dict[str, str]:
    """The environment for nox: no active virtualenv on the PATH."""
    env = dict(env)
    venv = env.pop("VIRTUAL_ENV", None)
    if venv:
        bin_dir = str(Path(venv) / "bin")
        parts = env.get("PATH", "").split(os.pathsep)
        env["PATH"] = os.pathsep.join(p for p in parts if p != bin_dir)
    return env


def _copy_repository(repo: Path, dest: Path, source: str) -> str:
    """Copy ``repo`` to ``dest``; return a description of what was copied."""
    if source == "clone":
        subprocess.run(
            ["git", "clone", "--quiet", str(repo), str(dest)],
            check=True,
        )
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=dest,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return f"git clone of {repo} at commit {commit} (uncommitted changes excluded)"
    # The working tree: tracked files plus untracked files not ignored by git
    # (so docs/_build, .nox and caches stay behind).
    dest.mkdir()
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        src = repo / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return f"copy of the working tree of {repo} (tracked and untracked files)"


def _run(
    name: str,
    args: list[str],
    cwd: Path,
    env: dict[str, str],
    logs: Path,
    timeout: float,
) -> Step:
    log = logs / f"{name.replace(' ', '_')}.log"
    # CPU time of the command and every process it waited for (user + system):
    # unlike wall time, it hardly grows when other programs share the cores.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        try:
            code = subprocess.run(
                [*_nox_command(), *args],
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            code = -1
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Step(name, wall, cpu, code, log)


def _pytest_summary(log: Path) -> str:
    """The last pytest summary line of a log, e.g. '350 passed, 3 skipped in 80s'."""
    text = log.read_text(encoding="utf-8", errors="replace")
    found = re.findall(r"=+ (\d+ (?:passed|failed|error)[^=]*?) =+", text)
    return found[-1].strip() if found else ""


def chapter_times(docs: Path) -> tuple[list[tuple[str, float]], str]:
    """Execution seconds of each executed page, from the jupyter-cache database."""
    databases = sorted((docs / "_build" / ".jupyter_cache").glob("*/global.db"))
    if not databases:
        return [], "no jupyter-cache database under docs/_build/.jupyter_cache"
    rows: list[tuple[str, float]] = []
    for db in databases:
        with sqlite3.connect(db) as connection:
            for uri, data in connection.execute("SELECT uri, data FROM nbcache"):
                seconds = json.loads(data or "{}").get("execution_seconds")
                if seconds is None:
                    continue
                path = Path(uri)
                try:
                    page = path.resolve().relative_to(docs.resolve()).as_posix()
                except ValueError:
                    page = path.name
                rows.append((page, float(seconds)))
    rows.sort(key=lambda row: -row[1])
    return rows, f"read from {databases[0].relative_to(docs.parent)}"


def time_book(
    repo: Path,
    env: dict[str, str],
    *,
    source: str = "clone",
    keep: bool = False,
    timeout: float = 1800,
    progress: Callable[[str], None] = print,
) -> BookResult:
    """Run the five steps described in the module docstring in a fresh copy."""
    workdir = Path(tempfile.mkdtemp(prefix="mathdl-book-bench-"))
    copy = workdir / "repo"
    logs = workdir / "logs"
    logs.mkdir()
    described = _copy_repository(repo, copy, source)
    result = BookResult(source=described, workdir=workdir)
    env = _clean_env(env)
    plan = [
        ("environments", ["-s", "docs", "tests", "--install-only"]),
        ("docs cold", ["-s", "docs"]),
        ("docs no change", ["-s", "docs"]),
        ("tests setup", ["-s", "tests", "--", "--collect-only", "-q"]),
        ("tests", ["-s", "tests"]),
    ]
    for name, args in plan:
        progress(f"  book: nox {' '.join(args)} ...")
        step = _run(name, args, copy, env, logs, timeout)
        if name == "tests":
            step.summary = _pytest_summary(step.log)
        result.steps[name] = step
        status = "ok" if step.returncode == 0 else f"FAILED (exit {step.returncode})"
        progress(f"    {step.seconds:.1f} s, {status}; log: {step.log}")
        if name == "docs cold":
            result.chapters, result.chapter_note = chapter_times(copy / "docs")
    failed = any(step.returncode != 0 for step in result.steps.values())
    if not keep and not failed:
        shutil.rmtree(workdir, ignore_errors=True)
    return result
