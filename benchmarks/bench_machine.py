"""Describe the machine and the software a benchmark ran on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

__all__ = ["cpu_model", "load_average", "machine_rows", "usable_cores"]


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


def machine_rows(threads: int, argv: list[str]) -> list[tuple[str, str]]:
    """Rows of (what, value) describing this run."""
    import numpy as np

    now = dt.datetime.now(dt.UTC).astimezone()
    return [
        ("date", now.strftime("%Y-%m-%d %H:%M %Z")),
        ("command", " ".join(["python", *argv])),
        ("CPU", cpu_model()),
        ("cores usable / logical CPUs", f"{usable_cores()} / {os.cpu_count()}"),
        ("threads per contender", str(threads)),
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
