"""Describe the machine and the software a benchmark ran on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import time
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

__all__ = [
    "busy_cpus",
    "cpu_model",
    "describe_busy",
    "load_average",
    "machine_rows",
    "usable_cores",
]


def usable_cores() -> int:
    """CPUs this process may run on (the affinity mask, else ``os.cpu_count``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def cpu_model() -> str:
    """The CPU's model name, as the operating system reports it."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, or 'unknown'."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def _cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of all CPUs since boot, from ``/proc/stat``."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
    except OSError:  # not Linux
        return None
    if len(fields) < 6 or fields[0] != "cpu":
        return None
    # user nice system idle iowait irq softirq steal; guest time is already
    # counted in user and nice. Time stolen by the hypervisor counts as busy.
    ticks = [int(v) for v in fields[1:9]]
    idle = ticks[3] + ticks[4]
    return sum(ticks) - idle, sum(ticks)


def busy_cpus(seconds: float = 1.0) -> float | None:
    """How many CPUs other programs keep busy: measured over ``seconds``.

    Reads ``/proc/stat`` before and after sleeping, so this process adds
    nothing. Returns None where ``/proc/stat`` does not exist (macOS,
    Windows). The 1-minute load average is a poor substitute: in containers
    it often counts the host's tasks (on the machine these benchmarks were
    developed on it reads 2.4 while both CPUs are idle).
    """
    before = _cpu_ticks()
    if before is None:
        return None
    time.sleep(seconds)
    after = _cpu_ticks()
    if after is None or after[1] <= before[1]:
        return None
    fraction = (after[0] - before[0]) / (after[1] - before[1])
    return fraction * (os.cpu_count() or 1)


def describe_busy(busy: float | None) -> str:
    """``busy_cpus()`` as text for the results."""
    if busy is None:
        return "unknown (no /proc/stat)"
    return f"{busy:.2f} of {os.cpu_count()} (measured over 1 s)"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _blas_info() -> str:
    """Which BLAS NumPy was built with (name, version, threading)."""
    import numpy as np

    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        text = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
        details = blas.get("openblas configuration")
        return f"{text} ({details})" if details else text
    except Exception:  # older NumPy: no dict mode
        return "unknown (see numpy.show_config())"


def _torch_info() -> str:
    try:
        torch = import_module("torch")
    except ImportError:
        return "not installed"
    backend = "MKL" if torch.backends.mkl.is_available() else "no MKL"
    return f"{torch.__version__} ({backend}, threads: {torch.get_num_threads()})"


def machine_rows(
    threads: int, argv: list[str], busy: float | None
) -> list[tuple[str, str]]:
    """Rows of (what, value) describing this run; ``busy`` from busy_cpus."""
    import numpy as np

    now = dt.datetime.now(dt.UTC).astimezone()
    return [
        ("date", now.strftime("%Y-%m-%d %H:%M %Z")),
        ("command", " ".join(["python", *argv])),
        ("CPU", cpu_model()),
        ("cores usable / logical CPUs", f"{usable_cores()} / {os.cpu_count()}"),
        ("threads per contender", str(threads)),
        ("CPUs busy with other work at start", describe_busy(busy)),
        ("load average at start (1, 5, 15 min)", load_average()),
        ("OS", platform.platform()),
        ("Python", sys.version.split()[0]),
        ("NumPy", np.__version__),
        ("BLAS (NumPy)", _blas_info()),
        ("SciPy", _package_version("scipy")),
        ("scikit-learn", _package_version("scikit-learn")),
        ("PyTorch", _torch_info()),
        ("mathdl", _package_version("mathdl")),
    ]
