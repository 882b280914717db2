"""The trainable-array container shared by :mod:`mathdl.nn` and :mod:`mathdl.optim`.

Its public name is ``mathdl.nn.Parameter`` (like ``torch.nn.Parameter``);
it lives in this private module so that ``mathdl.optim`` can use it without
importing ``mathdl.nn``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["Parameter"]


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
        array = np.asarray(data)
        if not np.issubdtype(array.dtype, np.floating):
            array = array.astype(np.float64)
        else:
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
