"""The trainable-array container shared by :mod:`mathdl.nn` and :mod:`mathdl.optim`.

Its public name is ``mathdl.nn.Parameter`` (like ``torch.nn.Parameter``);
it lives in this private module so that ``mathdl.optim`` can use it without
importing ``mathdl.nn``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from mathdl._validation import as_array, describe

__all__ = ["NonFiniteGradientError", "Parameter", "check_gradient"]


class NonFiniteGradientError(ValueError):
    """A parameter's gradient holds NaN or infinity (training diverged).

    Raised by the optimisers of :mod:`mathdl.optim` instead of writing NaN
    into the parameters; :func:`mathdl.nn.fit` adds the epoch and the step.
    """


def check_gradient(p: Parameter, index: int) -> None:
    """Raise :class:`NonFiniteGradientError` if ``p.grad`` is not finite.

    The sum of the gradient is tested first (one pass, no temporary array):
    it is finite exactly when every entry is, unless finite entries overflow
    the sum, which the entry-by-entry test then rules out.
    """
    g = p.grad
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(g.sum()) or np.isfinite(g).all():
            return
    bad = g.size - int(np.count_nonzero(np.isfinite(g)))
    raise NonFiniteGradientError(
        f"params[{index}] ({p!r}) has a gradient with {bad} NaN or infinite "
        "value(s); the step would write them into the parameter. Training "
        "diverged: try a smaller learning rate"
    )


class Parameter:
    """A trainable array and the gradient of the loss with respect to it.

    Layers own their parameters; optimisers receive them (like
    ``torch.nn.Parameter``). A backward pass *adds* to ``grad``, as PyTorch
    does, so call ``zero_grad`` (on the optimiser or the model) before each
    backward pass. Optimisers update ``data`` in place.

    Parameters
    ----------
    data : array_like
        Initial value, copied. Floating arrays keep their dtype (float32 or
        float64) and their memory layout (C or Fortran order); anything else
        becomes float64.
    name : str, optional
        A label for messages and tables, such as ``"W1"``.

    Raises
    ------
    TypeError
        If ``data`` is not numeric array-like (``None``, a string) or
        ``name`` is not a string.
    ValueError
        If ``data`` holds NaN or infinity.

    Attributes
    ----------
    data : numpy.ndarray
        The current value.
    grad : numpy.ndarray
        The gradient, same shape, dtype and memory layout as ``data``; starts
        at zero.

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.nn import Parameter
    >>> w = Parameter([1.0, 2.0], name="w")
    >>> w.grad += np.array([0.5, -1.0])
    >>> w.data -= 0.1 * w.grad
    >>> w.data
    array([0.95, 2.1 ])
    >>> w.zero_grad()
    >>> w.grad
    array([0., 0.])
    """

    __slots__ = ("data", "grad", "name")

    def __init__(self, data: ArrayLike, name: str = "") -> None:
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {describe(name)}")
        array = as_array(data, "data", dtype="floating", allow_empty=True)
        if array.dtype not in (np.float32, np.float64):
            array = array.astype(np.float64)
        array = array.copy(order="K")
        self.data: np.ndarray = array
        self.grad: np.ndarray = np.zeros_like(array)
        self.name = name

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``data``."""
        return self.data.shape

    def zero_grad(self) -> None:
        """Set the gradient to zero in place."""
        self.grad.fill(0)

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"Parameter{label}(shape={self.data.shape}, dtype={self.data.dtype})"
