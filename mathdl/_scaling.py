"""Exact rescaling by powers of two, shared by statistics and linalg.

Sums, squares and products of finite values near 1e308 overflow although
the result they lead to is representable. Dividing the data by a power of
two is exact, so a result computed on ``ldexp(x, -e)`` and scaled back with
:func:`unscale` is the same number, without the overflow; when the result
itself is beyond float64, :func:`unscale` says so.

This module is internal: its names may change without notice.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["exponent", "unscale"]


def exponent(*arrays: Any) -> int:
    """The power of two ``e`` with every ``|x| / 2**e < 1`` (0 for zero or empty data).

    Examples
    --------
    >>> exponent(np.array([3.0, -5.0]))  # 5 / 2**3 < 1
    3
    >>> exponent(np.zeros(2), np.array([]))
    0
    """
    largest = max((float(np.max(np.abs(a))) for a in arrays if np.size(a)), default=0.0)
    return int(np.frexp(largest)[1]) if largest > 0 else 0


def unscale(x: Any, exponent: int, what: str) -> Any:
    """``x * 2**exponent``, or a ValueError saying that ``what`` overflows.

    A scalar comes back as a Python float, an array as an array.

    Examples
    --------
    >>> unscale(0.75, 4, "the mean")
    12.0
    >>> unscale(0.75, 1100, "the mean")
    Traceback (most recent call last):
    ...
    ValueError: the mean overflows: it is beyond the largest float64, 1.79769e+308
    """
    with np.errstate(over="ignore"):
        result = np.ldexp(x, exponent)
    if not np.isfinite(result).all():
        which = "it is" if np.ndim(result) == 0 else "an entry is"
        raise ValueError(
            f"{what} overflows: {which} beyond the largest float64, "
            f"{np.finfo(np.float64).max:.6g}"
        )
    return float(result) if np.ndim(result) == 0 else result
