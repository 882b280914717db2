r"""A small reverse-mode automatic differentiation engine on NumPy arrays.

Chapter 9 (*Matrix calculus*) builds this engine to show what PyTorch's
``loss.backward()`` does, and Chapter 11 (*Backpropagation*) uses it to check
hand-written backward passes. It follows Andrej Karpathy's *micrograd*, with
one difference: every node of the graph holds a NumPy array, not a number.

Each operation on a :class:`Tensor` computes its value and records, in a
closure ``_backward``, how to pass the gradient of the final result back to
its inputs (the chain rule for that one operation). :meth:`Tensor.backward`
then visits the nodes from the output back to the inputs, in reverse
topological order, so that each node's gradient is complete before it is
passed on.

For comparison, :class:`Dual` is forward mode: it carries a derivative
forward next to each value, one input direction per pass (:func:`jvp`).

>>> x = Tensor([1.0, 2.0, 3.0], name="x")
>>> y = (x * x).sum()  # y = x1^2 + x2^2 + x3^2
>>> y.backward()
>>> x.grad  # dy/dx = 2x
array([2., 4., 6.])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from mathdl._validation import (
    as_array,
    check_axis,
    check_callable,
    check_finite_result,
    check_flag,
    check_integer,
    check_scalar,
    describe,
)

__all__ = ["Dual", "Tensor", "grad", "jvp"]


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` down to ``shape``, undoing NumPy broadcasting.

    Broadcasting prepends axes and stretches axes of length 1, so one entry
    of an operand is used many times. Its gradient is the sum of the
    gradients of all its copies.

    Parameters
    ----------
    grad : numpy.ndarray
        Gradient with respect to the broadcast result.
    shape : tuple of int
        Shape of the operand before broadcasting.

    Returns
    -------
    numpy.ndarray
        The gradient with respect to the operand, of shape ``shape``.

    Examples
    --------
    >>> _unbroadcast(np.ones((3, 4)), (3, 1))
    array([[4.],
           [4.],
           [4.]])
    >>> _unbroadcast(np.ones((3, 4)), (4,))
    array([3., 3., 3., 3.])
    """
    prepended = tuple(range(grad.ndim - len(shape)))
    grad = np.sum(grad, axis=prepended)
    stretched = tuple(
        axis for axis, size in enumerate(shape) if size == 1 and grad.shape[axis] != 1
    )
    return np.sum(grad, axis=stretched, keepdims=True)


def _format(array: np.ndarray) -> str:
    """Show an array compactly: ``5.0`` for a scalar, ``[1., 2.]`` otherwise."""
    if array.ndim == 0:
        return str(array.item())
    return np.array2string(array, separator=", ", threshold=20)


def _check_axes(
    axis: Any, ndim: int, name: str = "axis"
) -> int | tuple[int, ...] | None:
    """Check ``axis`` for a reduction: None, an axis, or a tuple of distinct axes."""
    if axis is None:
        return None
    if isinstance(axis, tuple | list):
        axes = tuple(check_axis(a, ndim, name) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"{name} must not repeat an axis, got {axis!r}")
        return axes
    return check_axis(axis, ndim, name)


def _as_tensor(value: Tensor | ArrayLike) -> Tensor:
    """Wrap constants (numbers, arrays) so that operators accept them."""
    return value if isinstance(value, Tensor) else Tensor(value, name="constant")


class Tensor:
    r"""An array that records the operations applied to it, for ``backward()``.

    Parameters
    ----------
    value : array_like
        The data, finite. Floating arrays keep their dtype; anything else
        becomes float64. The array is copied.
    name : str, optional
        A label for ``repr`` and for drawing the graph, such as ``"x"``.

    Attributes
    ----------
    value : numpy.ndarray
        The data.
    grad : numpy.ndarray or None
        The gradient of the output that :meth:`backward` was last called on
        with respect to this tensor, same shape as ``value``; ``None`` until a
        backward pass reaches it.
    name : str
        The label.
    op : str
        The operation that produced this tensor (``"+"``, ``"@"``,
        ``"exp"``, ...), or ``""`` for an input (a leaf of the graph).

    Raises
    ------
    TypeError
        If ``value`` is not numeric.
    ValueError
        If ``value`` is empty or holds NaN or infinity.

    Notes
    -----
    Operators follow NumPy (``+ - * / ** @``, indexing, broadcasting,
    reductions) and
    accept numbers and arrays on either side. Every operation ``out = g(a,
    b)`` adds to each operand's gradient its vector-Jacobian product
    :math:`\bar a \mathrel{+}= \bar{o}\,\partial o/\partial a`, where
    :math:`\bar{o}` is ``out.grad``; gradients *add up* because a tensor used
    twice influences the output along two paths (the multivariate chain
    rule). Every result is checked like an input, so an operation that
    overflows to infinity raises ``ValueError`` instead of carrying NaN on.

    Examples
    --------
    >>> a = Tensor([[1.0, 2.0], [3.0, 4.0]], name="a")
    >>> b = Tensor([1.0, -1.0], name="b")
    >>> loss = (a @ b).tanh().sum()
    >>> loss  # doctest: +ELLIPSIS
    Tensor(-1.523188..., op='sum')
    >>> loss.backward()
    >>> a.grad.round(4)
    array([[ 0.42, -0.42],
           [ 0.42, -0.42]])
    """

    # Make NumPy hand `array + tensor` (and -, *, /, @) to Tensor.__radd__ etc.
    __array_ufunc__ = None

    def __init__(self, value: ArrayLike, name: str = "") -> None:
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {describe(name)}")
        self.value: np.ndarray = np.array(as_array(value, "value", dtype="floating"))
        self.grad: np.ndarray | None = None
        self.name = name
        self.op = ""
        self._parents: tuple[Tensor, ...] = ()
        self._backward: Callable[[], None] = lambda: None

    @staticmethod
    def _child(value: Any, parents: tuple[Tensor, ...], op: str) -> Tensor:
        """Make the tensor that ``op`` produced from ``parents``."""
        # An overflow raises here instead of carrying NaN on.
        check_finite_result(
            value, f"the result of {op!r}", "an operand is too large in magnitude"
        )
        out = Tensor.__new__(Tensor)
        array = np.array(value)  # a copy, as Tensor(value) makes
        out.value = array if array.dtype.kind == "f" else array.astype(np.float64)
        out.grad, out.name = None, ""
        out._backward = lambda: None
        out._parents, out.op = parents, op
        return out

    # ----- elementwise arithmetic --------------------------------------------

    def __add__(self, other: Tensor | ArrayLike) -> Tensor:
        """Return ``self + other`` (broadcasting)."""
        other = _as_tensor(other)
        out = self._child(self.value + other.value, (self, other), "+")

        def _backward() -> None:
            self.grad += _unbroadcast(out.grad, self.shape)
            other.grad += _unbroadcast(out.grad, other.shape)

        out._backward = _backward
        return out

    def __mul__(self, other: Tensor | ArrayLike) -> Tensor:
        """Return ``self * other`` (elementwise, broadcasting)."""
        other = _as_tensor(other)
        out = self._child(self.value * other.value, (self, other), "*")

        def _backward() -> None:
            self.grad += _unbroadcast(out.grad * other.value, self.shape)
            other.grad += _unbroadcast(out.grad * self.value, other.shape)

        out._backward = _backward
        return out

    def __pow__(self, exponent: Tensor | float) -> Tensor:
        """Return ``self ** exponent``; a Tensor exponent needs ``self > 0``."""
        if isinstance(exponent, Tensor):
            return (exponent * self.log()).exp()  # a**b = exp(b log a)
        p = check_scalar(exponent, "exponent")
        return self._elementwise(self.value**p, p * self.value ** (p - 1), f"**{p:g}")

    def __neg__(self) -> Tensor:
        """Return ``-self``."""
        return self * -1.0

    def __sub__(self, other: Tensor | ArrayLike) -> Tensor:
        """Return ``self - other``."""
        return self + (-_as_tensor(other))

    def __truediv__(self, other: Tensor | ArrayLike) -> Tensor:
        """Return ``self / other``."""
        return self * _as_tensor(other) ** -1.0

    def __radd__(self, other: ArrayLike) -> Tensor:
        """Return ``other + self``."""
        return self + other

    def __rmul__(self, other: ArrayLike) -> Tensor:
        """Return ``other * self``."""
        return self * other

    def __rsub__(self, other: ArrayLike) -> Tensor:
        """Return ``other - self``."""
        return _as_tensor(other) + (-self)

    def __rtruediv__(self, other: ArrayLike) -> Tensor:
        """Return ``other / self``."""
        return _as_tensor(other) * self**-1.0

    # ----- matrix product ----------------------------------------------------

    def __matmul__(self, other: Tensor | ArrayLike) -> Tensor:
        """Return ``self @ other`` with :func:`numpy.matmul`'s rules."""
        other = _as_tensor(other)
        a, b = self.value, other.value
        out = self._child(a @ b, (self, other), "@")

        def _backward() -> None:
            # NumPy treats a 1-D `a` as a row (1, n) and a 1-D `b` as a column
            # (n, 1), then drops that axis from the result. Put it back, use
            # the matrix rules dA = dO B^T and dB = A^T dO, and drop it again.
            a2 = a[None, :] if a.ndim == 1 else a
            b2 = b[:, None] if b.ndim == 1 else b
            g = out.grad
            if b.ndim == 1:
                g = g[..., None]
            if a.ndim == 1:
                g = g[..., None, :]
            grad_a = _unbroadcast(g @ np.swapaxes(b2, -1, -2), a2.shape)
            grad_b = _unbroadcast(np.swapaxes(a2, -1, -2) @ g, b2.shape)
            self.grad += grad_a.reshape(a.shape)
            other.grad += grad_b.reshape(b.shape)

        out._backward = _backward
        return out

    def __rmatmul__(self, other: ArrayLike) -> Tensor:
        """Return ``other @ self``."""
        return _as_tensor(other) @ self

    # ----- elementwise functions ---------------------------------------------

    def _elementwise(
        self, value: np.ndarray, local_grad: np.ndarray, op: str
    ) -> Tensor:
        """Make ``out = g(self)`` for an elementwise ``g`` with ``g'`` = local_grad."""
        out = self._child(value, (self,), op)

        def _backward() -> None:
            self.grad += out.grad * local_grad  # chain rule, entry by entry

        out._backward = _backward
        return out

    def exp(self) -> Tensor:
        r"""Return :math:`e^x` elementwise; its derivative is :math:`e^x`.

        Returns
        -------
        Tensor

        Examples
        --------
        >>> Tensor([0.0, 1.0]).exp()
        Tensor([1.        , 2.71828183], op='exp')
        """
        e = np.exp(self.value)
        return self._elementwise(e, e, "exp")

    def log(self) -> Tensor:
        r"""Return :math:`\ln x` elementwise; its derivative is :math:`1/x`.

        Returns
        -------
        Tensor

        Raises
        ------
        ValueError
            If an entry is not positive.

        Examples
        --------
        >>> Tensor([1.0, np.e]).log()
        Tensor([0., 1.], op='log')
        """
        if np.any(self.value <= 0):
            raise ValueError(
                f"log needs positive values, got a minimum of {self.value.min():.6g}"
            )
        return self._elementwise(np.log(self.value), 1 / self.value, "log")

    def tanh(self) -> Tensor:
        r"""Return :math:`\tanh x` elementwise; its derivative is :math:`1 - \tanh^2 x`.

        Returns
        -------
        Tensor

        Examples
        --------
        >>> Tensor([0.0, 1.0]).tanh()
        Tensor([0.        , 0.76159416], op='tanh')
        """
        t = np.tanh(self.value)
        return self._elementwise(t, 1 - t**2, "tanh")

    def sigmoid(self) -> Tensor:
        r"""Return the logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`.

        Returns
        -------
        Tensor

        Notes
        -----
        The derivative is :math:`\sigma(x)(1 - \sigma(x))`. To avoid
        overflow, :math:`e^{-|x|}` is the only exponential computed:
        :math:`\sigma(x) = 1/(1 + e^{-|x|})` for :math:`x \ge 0` and
        :math:`e^{-|x|}/(1 + e^{-|x|})` for :math:`x < 0`.

        Examples
        --------
        >>> Tensor([-1000.0, 0.0, 1000.0]).sigmoid()
        Tensor([0. , 0.5, 1. ], op='sigmoid')
        """
        e = np.exp(-np.abs(self.value))
        s = np.where(self.value >= 0, 1 / (1 + e), e / (1 + e))
        return self._elementwise(s, s * (1 - s), "sigmoid")

    def relu(self) -> Tensor:
        r"""Return :math:`\max(x, 0)` elementwise; its derivative is :math:`[x > 0]`.

        Returns
        -------
        Tensor

        Notes
        -----
        At the kink :math:`x = 0` the derivative is taken to be 0, as in
        PyTorch.

        Examples
        --------
        >>> Tensor([-2.0, 0.0, 3.0]).relu()
        Tensor([0., 0., 3.], op='relu')
        """
        return self._elementwise(
            np.maximum(self.value, 0), (self.value > 0).astype(self.value.dtype), "relu"
        )

    # ----- reductions and shape changes --------------------------------------

    def sum(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
    ) -> Tensor:
        """Sum entries, like :meth:`numpy.ndarray.sum`.

        Parameters
        ----------
        axis : int or tuple of int, optional
            Axes to sum over; ``None`` (default) sums everything.
        keepdims : bool, optional
            Keep the summed axes with length 1 (default ``False``).

        Returns
        -------
        Tensor

        Raises
        ------
        TypeError
            If ``axis`` is not an integer or a tuple of integers, or
            ``keepdims`` is not a bool.
        ValueError
            If an axis is out of range or repeated, or the sum overflows.

        Notes
        -----
        Every entry contributes with weight 1, so the backward pass copies
        (broadcasts) the output gradient back to the input's shape.

        Examples
        --------
        >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> x.sum(axis=0)
        Tensor([4., 6.], op='sum')
        >>> x.sum(axis=0).backward(grad=[1.0, 10.0])
        >>> x.grad
        array([[ 1., 10.],
               [ 1., 10.]])
        """
        axis = _check_axes(axis, self.value.ndim)
        keepdims = check_flag(keepdims, "keepdims")
        with np.errstate(over="ignore", invalid="ignore"):  # _child checks
            total = self.value.sum(axis=axis, keepdims=keepdims)
        out = self._child(total, (self,), "sum")

        def _backward() -> None:
            g = out.grad
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)  # restore the summed axes
            self.grad += np.broadcast_to(g, self.shape)

        out._backward = _backward
        return out

    def mean(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
    ) -> Tensor:
        """Average entries, like :meth:`numpy.ndarray.mean`.

        Parameters
        ----------
        axis : int or tuple of int, optional
            Axes to average over; ``None`` (default) averages everything.
        keepdims : bool, optional
            Keep the averaged axes with length 1 (default ``False``).

        Returns
        -------
        Tensor
            A sum times a constant, so the graph shows ``sum`` then ``*``.

        Raises
        ------
        TypeError
            If ``axis`` is not an integer or a tuple of integers, or
            ``keepdims`` is not a bool.
        ValueError
            If an axis is out of range or repeated, or the sum overflows.

        Examples
        --------
        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1)
        Tensor([1.5, 3.5], op='*')
        """
        total = self.sum(axis=axis, keepdims=keepdims)
        return total * (total.value.size / self.value.size)

    def reshape(self, *shape: int | tuple[int, ...]) -> Tensor:
        """Return the entries in a new shape, like :meth:`numpy.ndarray.reshape`.

        Parameters
        ----------
        *shape : int or tuple of int
            The new shape, as separate integers or one tuple; ``-1`` is
            inferred.

        Returns
        -------
        Tensor

        Raises
        ------
        TypeError
            If ``shape`` does not consist of integers.
        ValueError
            If ``shape`` does not hold exactly as many entries.

        Examples
        --------
        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, 2).value
        array([[1., 2.],
               [3., 4.]])
        """
        dims = shape[0] if len(shape) == 1 and isinstance(shape[0], tuple) else shape
        dims = tuple(check_integer(d, "shape", low=-1) for d in dims)
        try:
            new = self.value.reshape(dims)
        except ValueError as exc:
            raise ValueError(
                f"shape must hold {self.value.size} entries in all (-1 once at "
                f"most, inferred), got {dims}"
            ) from exc
        out = self._child(new, (self,), "reshape")

        def _backward() -> None:
            self.grad += out.grad.reshape(self.shape)

        out._backward = _backward
        return out

    def transpose(self, *axes: int) -> Tensor:
        """Permute the axes, like :meth:`numpy.ndarray.transpose`.

        Parameters
        ----------
        *axes : int
            The permutation; none (the default) reverses the axes.

        Returns
        -------
        Tensor

        Raises
        ------
        TypeError
            If an axis is not an integer.
        ValueError
            If ``axes`` is not a permutation of the tensor's axes.

        Examples
        --------
        >>> Tensor(np.zeros((2, 3, 4))).transpose(1, 2, 0).shape
        (3, 4, 2)
        """
        ndim = self.value.ndim
        axes = tuple(check_axis(a, max(ndim, 1), "axes") for a in axes)
        if axes and sorted(axes) != list(range(ndim)):
            raise ValueError(f"axes must be a permutation of 0..{ndim - 1}, got {axes}")
        axes = axes or tuple(reversed(range(ndim)))
        out = self._child(self.value.transpose(axes), (self,), "transpose")

        def _backward() -> None:
            self.grad += out.grad.transpose(np.argsort(axes))  # inverse permutation

        out._backward = _backward
        return out

    def __getitem__(self, index: Any) -> Tensor:
        """Select entries, like NumPy indexing: ``x[0]``, ``x[:, 1:]``, ``x[[0, 0]]``.

        Parameters
        ----------
        index : int, slice, list, array or tuple of these
            Any index NumPy accepts (not a Tensor).

        Returns
        -------
        Tensor

        Notes
        -----
        The selected entries pass their gradients back to the positions they
        came from; the other entries get 0. ``numpy.add.at`` adds them, so an
        entry selected twice (``x[[0, 0]]``) receives both gradients.

        Examples
        --------
        >>> x = Tensor([1.0, 2.0, 3.0])
        >>> y = x[0] * x[2] + x[[0, 0]].sum()  # x0*x2 + 2*x0
        >>> y.backward()
        >>> x.grad
        array([5., 0., 1.])
        """
        out = self._child(self.value[index], (self,), "[]")

        def _backward() -> None:
            np.add.at(self.grad, index, out.grad)  # add, do not overwrite

        out._backward = _backward
        return out

    @property
    def T(self) -> Tensor:
        """The transpose with axes reversed, like ``ndarray.T``."""
        return self.transpose()

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``value``."""
        return self.value.shape

    # ----- the backward pass -------------------------------------------------

    def graph(self) -> tuple[list[Tensor], list[tuple[Tensor, Tensor]]]:
        """List the nodes and edges of the graph that produced this tensor.

        Returns
        -------
        nodes : list of Tensor
            Every tensor in the graph in topological order: each appears
            after all tensors it was computed from, ``self`` last.
        edges : list of (Tensor, Tensor)
            The pairs ``(input, output)`` of every operation.

        Examples
        --------
        >>> x, y = Tensor(2.0, name="x"), Tensor(3.0, name="y")
        >>> nodes, edges = (x * y + x).graph()
        >>> [node.name or node.op for node in nodes]
        ['x', 'y', '*', '+']
        >>> len(edges)
        4
        """
        order: list[Tensor] = []
        visited: set[int] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:  # depth-first search with an explicit stack, no recursion
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in reversed(node._parents))
        edges = [(parent, node) for node in order for parent in node._parents]
        return order, edges

    def backward(self, grad: ArrayLike | None = None) -> None:
        r"""Compute the gradient of this tensor with respect to every node.

        Parameters
        ----------
        grad : array_like, optional
            The seed :math:`\partial L/\partial\,\mathrm{self}` for some
            final scalar :math:`L`, with this tensor's shape. Omit it for a
            scalar (one-entry) tensor: the seed is then 1, so afterwards
            ``t.grad`` holds :math:`\partial\,\mathrm{self}/\partial t`.

        Raises
        ------
        TypeError
            If ``grad`` is not numeric array-like.
        ValueError
            If ``grad`` is omitted for a tensor with more than one entry, has
            the wrong shape, or holds NaN or infinity.

        Notes
        -----
        The nodes are visited in reverse topological order, so when a node
        passes its gradient to its inputs every path through it has already
        been counted. Gradients of intermediate nodes are reset on each call;
        gradients of inputs (leaves) *accumulate* across calls, as in
        PyTorch: set ``t.grad = None`` between independent passes.

        Examples
        --------
        >>> x = Tensor([1.0, 2.0])
        >>> (x * x).backward()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: backward() needs a grad argument for a tensor with more than ...
        >>> (x * x).backward(grad=[1.0, 1.0])
        >>> x.grad
        array([2., 4.])
        """
        if grad is None:
            if self.value.size != 1:
                raise ValueError(
                    "backward() needs a grad argument for a tensor with more than "
                    f"one entry, got shape {self.shape}"
                )
            seed = np.ones_like(self.value)
        else:
            seed = as_array(grad, "grad")
            if seed.shape != self.shape:
                raise ValueError(
                    f"grad must have the tensor's shape {self.shape}, got {seed.shape}"
                )
        nodes, _ = self.graph()
        for node in nodes:
            if node._parents or node.grad is None:
                node.grad = np.zeros_like(node.value)
        self.grad += seed
        with np.errstate(over="ignore", invalid="ignore"):
            for node in reversed(nodes):
                node._backward()
        for node in nodes:
            check_finite_result(
                node.grad, "a gradient of the backward pass", "grad is too large"
            )

    def __repr__(self) -> str:
        text = _format(self.value)
        for label, item in (("op", self.op), ("name", self.name)):
            if item:
                text += f", {label}={item!r}"
        if self.grad is not None:
            text += f", grad={_format(self.grad)}"
        return f"Tensor({text})"


def grad(
    f: Callable[..., Tensor],
) -> Callable[..., np.ndarray | tuple[np.ndarray, ...]]:
    r"""Turn a scalar function of tensors into the function computing its gradient.

    Parameters
    ----------
    f : callable
        ``f(*tensors)`` builds a one-entry :class:`Tensor` from its
        arguments with Tensor operations.

    Returns
    -------
    callable
        ``grad_f(*arrays)``: wraps each argument in a fresh :class:`Tensor`,
        runs ``f`` and a backward pass, and returns :math:`\partial f /
        \partial x_i` for every argument (like ``jax.grad`` with ``argnums``
        set to all arguments): one array for a single argument, a tuple of
        arrays otherwise, each with its argument's shape.

    Raises
    ------
    TypeError
        If ``f`` is not callable, or (when ``grad_f`` is called) returns
        something other than a :class:`Tensor`.
    ValueError
        When ``grad_f`` is called, if an argument is not finite or ``f``
        returns a tensor with more than one entry.

    Examples
    --------
    The book's check: the gradient of :math:`3x_1^2 + 5e^{x_2}` is
    :math:`(6x_1, 5e^{x_2})`.

    >>> df = grad(lambda x1, x2: 3 * x1**2 + 5 * x2.exp())
    >>> d1, d2 = df(1.0, 0.0)
    >>> float(d1), float(d2)
    (6.0, 5.0)
    """
    f = check_callable(f, "f")

    def grad_f(*args: ArrayLike) -> np.ndarray | tuple[np.ndarray, ...]:
        inputs = [
            Tensor(as_array(arg, f"args[{i}]", dtype="floating"), name=f"args[{i}]")
            for i, arg in enumerate(args)
        ]
        out = f(*inputs)
        if not isinstance(out, Tensor):
            raise TypeError(f"f must return a Tensor, got {describe(out)}")
        out.backward()
        grads = tuple(
            np.zeros_like(t.value) if t.grad is None else t.grad for t in inputs
        )
        return grads[0] if len(grads) == 1 else grads

    return grad_f


# ---------------------------------------------------------------------------
# Forward mode, for comparison
# ---------------------------------------------------------------------------


def _as_dual(value: Dual | ArrayLike) -> Dual:
    """Wrap constants: a constant's tangent is 0."""
    return value if isinstance(value, Dual) else Dual(value)


class Dual:
    r"""A value together with its derivative along one direction: forward mode.

    Parameters
    ----------
    value : array_like
        The value :math:`u`, finite.
    tangent : array_like, optional
        Its derivative :math:`\dot u`, broadcast to the shape of ``value``.
        Default 0: a constant.

    Attributes
    ----------
    value : numpy.ndarray
    tangent : numpy.ndarray
        Same shape as ``value``.

    Raises
    ------
    TypeError
        If ``value`` or ``tangent`` is not numeric.
    ValueError
        If either is empty or not finite, or ``tangent`` does not broadcast to
        the shape of ``value``.

    Notes
    -----
    Move the input along a line, :math:`x(t) = x + t\,v`. Every intermediate
    value :math:`u(t)` then has a derivative :math:`\dot u = du/dt` at
    :math:`t = 0`, its *tangent*. Each operation computes its value and, at
    the same time, the tangent of its result from the tangents of its
    operands by the rule for that one operation (product rule, chain rule):

    .. math::

        \dot{(u + w)} = \dot u + \dot w, \quad
        \dot{(u w)} = \dot u\,w + u\,\dot w, \quad
        \dot{(e^u)} = e^u \dot u, \quad \dots

    One pass started with tangent :math:`v` ends with the Jacobian-vector
    product :math:`J v` (see :func:`jvp`). The gradient of
    :math:`f:\mathbb{R}^n\to\mathbb{R}` therefore needs :math:`n` passes,
    one per unit vector :math:`e_j`, where reverse mode (:class:`Tensor`)
    needs one. Nothing is recorded, so no graph is kept in memory.

    Examples
    --------
    The derivative of :math:`x^2 e^x` at :math:`x = 1` is
    :math:`(2x + x^2)e^x = 3e`:

    >>> x = Dual(1.0, tangent=1.0)
    >>> y = x**2 * x.exp()
    >>> round(float(y.tangent), 6), round(3 * float(np.e), 6)
    (8.154845, 8.154845)
    """

    # Make NumPy hand `array + dual` (and -, *, /, @) to Dual.__radd__ etc.
    __array_ufunc__ = None

    def __init__(self, value: ArrayLike, tangent: ArrayLike | None = None) -> None:
        self.value: np.ndarray = np.array(as_array(value, "value", dtype="floating"))
        if tangent is None:
            self.tangent: np.ndarray = np.zeros_like(self.value)
            return
        t = as_array(tangent, "tangent", dtype="floating")
        try:
            self.tangent = np.broadcast_to(t, self.value.shape).copy()
        except ValueError:
            raise ValueError(
                f"tangent must broadcast to the shape of value {self.value.shape}, "
                f"got shape {t.shape}"
            ) from None

    @staticmethod
    def _result(value: Any, tangent: Any) -> Dual:
        """The Dual an operation produced: an overflow raises, not hides."""
        hint = "an operand is too large in magnitude"
        check_finite_result(value, "the value of a Dual operation", hint)
        check_finite_result(tangent, "the tangent of a Dual operation", hint)
        out = Dual.__new__(Dual)
        array = np.array(value)
        out.value = array if array.dtype.kind == "f" else array.astype(np.float64)
        out.tangent = np.broadcast_to(tangent, out.value.shape).copy()
        return out

    # ----- arithmetic: each line is one derivative rule -----------------------

    def __add__(self, other: Dual | ArrayLike) -> Dual:
        """Return ``self + other``: the tangents add."""
        other = _as_dual(other)
        return Dual._result(self.value + other.value, self.tangent + other.tangent)

    def __mul__(self, other: Dual | ArrayLike) -> Dual:
        """Return ``self * other`` (elementwise): the product rule."""
        other = _as_dual(other)
        return Dual._result(
            self.value * other.value,
            self.tangent * other.value + self.value * other.tangent,
        )

    def __pow__(self, exponent: float) -> Dual:
        """Return ``self ** exponent`` for a constant exponent: the power rule."""
        p = check_scalar(exponent, "exponent")
        return Dual._result(self.value**p, p * self.value ** (p - 1) * self.tangent)

    def __matmul__(self, other: Dual | ArrayLike) -> Dual:
        """Return ``self @ other``: the product rule for matrix products."""
        other = _as_dual(other)
        return Dual._result(
            self.value @ other.value,
            self.tangent @ other.value + self.value @ other.tangent,
        )

    def __neg__(self) -> Dual:
        """Return ``-self``."""
        return self * -1.0

    def __sub__(self, other: Dual | ArrayLike) -> Dual:
        """Return ``self - other``."""
        return self + (-_as_dual(other))

    def __truediv__(self, other: Dual | ArrayLike) -> Dual:
        """Return ``self / other``."""
        return self * _as_dual(other) ** -1.0

    def __radd__(self, other: ArrayLike) -> Dual:
        """Return ``other + self``."""
        return self + other

    def __rmul__(self, other: ArrayLike) -> Dual:
        """Return ``other * self``."""
        return self * other

    def __rsub__(self, other: ArrayLike) -> Dual:
        """Return ``other - self``."""
        return _as_dual(other) + (-self)

    def __rtruediv__(self, other: ArrayLike) -> Dual:
        """Return ``other / self``."""
        return _as_dual(other) * self**-1.0

    def __rmatmul__(self, other: ArrayLike) -> Dual:
        """Return ``other @ self``."""
        return _as_dual(other) @ self

    # ----- functions: the chain rule ------------------------------------------

    def exp(self) -> Dual:
        r"""Return :math:`e^u`, with tangent :math:`e^u \dot u`."""
        e = np.exp(self.value)
        return Dual._result(e, e * self.tangent)

    def log(self) -> Dual:
        r"""Return :math:`\ln u`, with tangent :math:`\dot u / u`; needs ``u > 0``."""
        if np.any(self.value <= 0):
            raise ValueError(
                f"log needs positive values, got a minimum of {self.value.min():.6g}"
            )
        return Dual._result(np.log(self.value), self.tangent / self.value)

    def tanh(self) -> Dual:
        r"""Return :math:`\tanh u`, with tangent :math:`(1 - \tanh^2 u)\dot u`."""
        t = np.tanh(self.value)
        return Dual._result(t, (1 - t**2) * self.tangent)

    def sum(self, axis: int | tuple[int, ...] | None = None) -> Dual:
        """Sum entries like :meth:`numpy.ndarray.sum`: the tangents are summed too.

        Parameters
        ----------
        axis : int or tuple of int, optional
            Axes to sum over; ``None`` (default) sums everything.

        Returns
        -------
        Dual

        Raises
        ------
        TypeError
            If ``axis`` is not an integer or a tuple of integers.
        ValueError
            If an axis is out of range or repeated, or the sum overflows.

        Examples
        --------
        >>> Dual([1.0, 2.0], tangent=[1.0, 0.0]).sum()
        Dual(3.0, tangent=1.0)
        """
        axis = _check_axes(axis, self.value.ndim)
        with np.errstate(over="ignore", invalid="ignore"):  # _result checks
            value, tangent = self.value.sum(axis=axis), self.tangent.sum(axis=axis)
        return Dual._result(value, tangent)

    def __getitem__(self, index: Any) -> Dual:
        """Select entries, like NumPy indexing."""
        return Dual._result(self.value[index], self.tangent[index])

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``value``."""
        return self.value.shape

    def __repr__(self) -> str:
        return f"Dual({_format(self.value)}, tangent={_format(self.tangent)})"


def jvp(
    f: Callable[[Dual], Dual], x: ArrayLike, v: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    r"""Evaluate ``f(x)`` and the Jacobian-vector product :math:`J_f(x)\,v`.

    Parameters
    ----------
    f : callable
        A function of one :class:`Dual` built from Dual operations, returning
        a :class:`Dual`.
    x : array_like
        The point.
    v : array_like
        The direction, broadcast to the shape of ``x``.

    Returns
    -------
    value : numpy.ndarray
        ``f(x)``.
    tangent : numpy.ndarray
        :math:`J_f(x)\,v`, the derivative of :math:`f(x + tv)` at
        :math:`t = 0`, with the shape of ``value``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a :class:`Dual`.
    ValueError
        If ``x`` or ``v`` is not finite, or ``v`` does not broadcast to ``x``.

    Examples
    --------
    One forward pass per unit vector gives the gradient of
    :math:`3x_1^2 + 5e^{x_2}`, one entry at a time:

    >>> f = lambda x: 3 * x[0] ** 2 + 5 * x[1].exp()
    >>> [float(jvp(f, [1.0, 0.0], e)[1]) for e in np.eye(2)]
    [6.0, 5.0]
    """
    f = check_callable(f, "f")
    x = as_array(x, "x", dtype="floating")
    v = as_array(v, "v", dtype="floating")
    try:
        np.broadcast_to(v, x.shape)
    except ValueError:
        raise ValueError(
            f"v must broadcast to the shape of x {x.shape}, got shape {v.shape}"
        ) from None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = f(Dual(x, tangent=v))  # an overflow raises in Dual._result
    if not isinstance(out, Dual):
        raise TypeError(f"f must return a Dual, got {describe(out)}")
    return out.value, out.tangent
