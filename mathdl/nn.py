r"""Neural-network layers, losses and a training loop in NumPy.

This module is the small deep-learning framework of Part V of the book.
Chapter 10 (*Data flow in neural networks*) uses its layers to push batches
of data through a network and trace the shapes; Chapter 11
(*Backpropagation*) opens the ``backward`` methods, checks them with
:func:`gradient_check`, and trains networks with :func:`fit`. Chapter 12
plugs in the optimisers of :mod:`mathdl.optim`.

Every layer works on a whole batch at once (the first axis indexes samples)
and has the same small interface, modelled on PyTorch's ``torch.nn``:

* ``forward(x)`` (also ``layer(x)``) computes the output and remembers what
  ``backward`` will need;
* ``backward(grad_out)`` receives :math:`\partial J/\partial y`, the gradient
  of the loss with respect to the layer's output, *adds*
  :math:`\partial J/\partial \theta` to the ``grad`` of each of its
  parameters :math:`\theta` (a :class:`~mathdl.nn.Parameter`), and
  returns :math:`\partial J/\partial x`, the gradient with respect to its
  input;
* ``parameters()`` lists the trainable parameters; ``train()`` and
  ``eval()`` switch the ``training`` flag (it matters for :class:`Dropout`).

Weights use PyTorch's shapes and conventions (``Dense`` computes
:math:`y = x W^\top + b` with ``W`` of shape ``(out_features,
in_features)``; ``Conv2D`` is a cross-correlation with weights of shape
``(out_channels, in_channels, kH, kW)``), so weights can be copied to and
from ``torch.nn`` directly. A model built in float32 stays in float32 from
input to gradients.
"""

from __future__ import annotations

import contextlib
import functools
import math
import numbers
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, DTypeLike

from mathdl._parameter import NonFiniteGradientError, Parameter
from mathdl._validation import (
    as_array,
    as_labels,
    check_axis,
    check_choice,
    check_consistent_length,
    check_dtype,
    check_finite,
    check_finite_result,
    check_flag,
    check_integer,
    check_interface,
    check_probabilities,
    check_rng,
    check_scalar,
    check_shape,
    describe,
)

__all__ = [
    "AvgPool2D",
    "BinaryCrossEntropyLoss",
    "Conv2D",
    "CrossEntropyLoss",
    "Dense",
    "Dropout",
    "Flatten",
    "History",
    "Layer",
    "LeakyReLU",
    "Loss",
    "MSELoss",
    "MaxPool2D",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "col2im",
    "fit",
    "fold",
    "gradient_check",
    "im2col",
    "l2_penalty",
    "log_softmax",
    "predict",
    "predict_proba",
    "sigmoid",
    "softmax",
    "unfold",
]


# ---------------------------------------------------------------------------
# Small private helpers
# ---------------------------------------------------------------------------

_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))

#: The largest kernel, stride or padding (the work and memory grow with it).
_MAX_WINDOW = 1 << 16

#: The most features or channels a layer may have (its weights grow with it).
_MAX_FEATURES = 1 << 24

#: The most epochs :func:`fit` accepts (a guard against a runaway count).
_MAX_EPOCHS = 1_000_000

#: Whether layers check their arguments. :func:`fit`, :func:`predict` and
#: :meth:`Sequential.forward` check the data once and then turn the checks of
#: the layers inside off (``trusted`` > 0), so that a training step pays for
#: its checks once, not once per layer; :func:`fit` checks the loss and the
#: gradients of every step instead.
_state = threading.local()


def _checking() -> bool:
    """Whether a layer must check its arguments (not inside a checked call)."""
    return not getattr(_state, "trusted", 0)


class _Trusted:
    """Context manager: turn the layers' own checks off for checked data.

    A class rather than a generator-based ``contextmanager``: entering and
    leaving it happens twice per training step, and this is cheaper.
    """

    __slots__ = ()

    def __enter__(self) -> None:
        _state.trusted = getattr(_state, "trusted", 0) + 1

    def __exit__(self, *exc: object) -> None:
        _state.trusted -= 1


def _trusted() -> _Trusted:
    """Turn the layers' own argument checks off for data already checked."""
    return _TRUSTED


_TRUSTED = _Trusted()
_NO_CONTEXT = contextlib.nullcontext()


def _check_dtype(dtype: DTypeLike) -> np.dtype:
    """Return ``dtype`` as a NumPy dtype, accepting only float32 and float64."""
    return check_dtype(dtype, "dtype")


def _as_float(x: ArrayLike, name: str = "x", *, allow_inf: bool = False) -> np.ndarray:
    """Return ``x`` as a floating array and check it (unless trusted).

    No copy when ``x`` already is a floating array. NaN is always refused,
    infinity unless ``allow_inf`` (for the softmax and the sigmoid, whose
    value at infinity is a finite limit).
    """
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        arr = x
    else:
        arr = as_array(x, name, dtype=np.float64, allow_empty=True, finite=False)
    if _checking():
        if not allow_inf:
            check_finite(arr, name)
        elif arr.size and np.isnan(arr).any():
            raise ValueError(
                f"{name} must not contain NaN, "
                f"got {int(np.isnan(arr).sum())} NaN value(s)"
            )
    return arr


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a layer's ``forward`` or ``backward``: no silent overflow.

    Outside a checked call (see :func:`_trusted`), the method runs with
    NumPy's overflow warnings off and its result (and, for ``backward``, the
    parameters' gradients) is then checked: finite input that overflows
    gives a ``ValueError`` saying so, never an infinity. Inside a checked
    call the method runs as is, at the cost of one attribute lookup.
    """
    what = "output" if method.__name__ == "forward" else "input gradient"

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(_state, "trusted", 0):
            return method(self, *args, **kwargs)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = method(self, *args, **kwargs)
        if what == "input gradient":
            for p in self.parameters():
                _checked_output(self, p.grad, f"gradient of {p!r}")
        if out is not None:
            _checked_output(self, out, what)
        return out

    return run


def _checked_output(layer: Any, out: np.ndarray, what: str = "output") -> np.ndarray:
    """Refuse an output that overflowed from finite input (unless trusted)."""
    if _checking():
        check_finite_result(
            out, f"the {what} of {layer!r}", "the input is too large in magnitude"
        )
    return out


def _grad_in(layer: Any, grad_out: Any, shape: tuple[int, ...]) -> np.ndarray:
    """Check the incoming gradient of a backward pass: shape, values, dtype."""
    if not (isinstance(grad_out, np.ndarray) and grad_out.dtype.kind == "f"):
        grad_out = as_array(
            grad_out, "grad_out", dtype=np.float64, allow_empty=True, finite=False
        )
    if grad_out.shape != shape:
        check_shape(
            grad_out, "grad_out", shape, f"the shape of the last output of {layer!r}"
        )
    if _checking():
        check_finite(grad_out, "grad_out")
    return grad_out


def _pair(value: int | Sequence[int], name: str, low: int) -> tuple[int, int]:
    """Normalise an int or a pair of ints (kernel size, stride, padding)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value, value)
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise TypeError(
            f"{name} must be an int or a pair of ints, got {describe(value)}"
        )
    why = "the work grows with it"
    return (
        check_integer(value[0], name, low=low, high=_MAX_WINDOW, why=why),
        check_integer(value[1], name, low=low, high=_MAX_WINDOW, why=why),
    )


def _check_input_shape(input_shape: Any) -> tuple[int, int, int, int]:
    """Check the (N, C, H, W) shape given to col2im and fold."""
    if (
        not isinstance(input_shape, Sequence)
        or isinstance(input_shape, str)
        or len(input_shape) != 4
    ):
        raise TypeError(
            "input_shape must be a tuple of 4 ints (N, C, H, W), "
            f"got {describe(input_shape)}"
        )
    n, c, h, w = (check_integer(d, "input_shape", low=1) for d in input_shape)
    return n, c, h, w


def _fmt_pair(pair: tuple[int, int]) -> str:
    """Show ``(3, 3)`` as ``3`` and ``(3, 2)`` as ``(3, 2)``."""
    return str(pair[0]) if pair[0] == pair[1] else str(pair)


def _output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """Number of window positions: ``(size + 2 padding - kernel) // stride + 1``."""
    return (size + 2 * padding - kernel) // stride + 1


# ---------------------------------------------------------------------------
# Activation functions
# ---------------------------------------------------------------------------


def sigmoid(x: ArrayLike) -> np.ndarray:
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1+e^{-x})`, computed stably.

    Parameters
    ----------
    x : array_like
        Input of any shape. Floating arrays keep their dtype.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(x)`, same shape and dtype as ``x``, in :math:`[0, 1]`.

    Raises
    ------
    TypeError
        If ``x`` is not numeric array-like (``None``, a string).
    ValueError
        If ``x`` contains NaN. Infinite entries are accepted: their sigmoid
        is the limit, 0 or 1.

    Notes
    -----
    Writing :math:`z = e^{-|x|} \in (0, 1]`, the sigmoid is
    :math:`1/(1+z)` for :math:`x \ge 0` and :math:`z/(1+z)` for
    :math:`x < 0`. Only :math:`e^{-|x|}` is ever evaluated, so the
    exponential cannot overflow, for any :math:`x`.

    Examples
    --------
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    x = _as_float(x, "x", allow_inf=True)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``, computed stably.

    Parameters
    ----------
    x : array_like
        Logits. Floating arrays keep their dtype.
    axis : int, optional
        The axis that indexes classes (default: the last).

    Returns
    -------
    numpy.ndarray
        Probabilities, same shape as ``x``, summing to 1 along ``axis``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric array-like or ``axis`` is not an integer.
    ValueError
        If ``x`` is 0-D, contains NaN, has a slice along ``axis`` whose
        logits are all :math:`-\infty` (no distribution has those logits),
        or ``axis`` is out of range.

    Notes
    -----
    .. math:: \operatorname{softmax}(x)_k = \frac{e^{x_k - m}}{\sum_j e^{x_j - m}},
       \qquad m = \max_j x_j .

    Subtracting the maximum :math:`m` does not change the result (it
    cancels) but keeps every exponent :math:`\le 0`, so nothing overflows.
    Infinite logits get their limit: :math:`-\infty` has probability 0, and
    the :math:`+\infty` logits of a slice share the probability equally.

    Examples
    --------
    >>> softmax(np.array([1.0, 2.0, 3.0])).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax(np.array([1e4, 0.0]))  # no overflow
    array([1., 0.])
    >>> softmax(np.array([[0.0, np.inf]]))  # the limit
    array([[0., 1.]])
    """
    x, axis = _logits_in(x, axis)
    shifted = _shift_by_max(x, axis)
    e = np.exp(shifted)
    e /= e.sum(axis=axis, keepdims=True)
    return e


def _logits_in(x: ArrayLike, axis: Any) -> tuple[np.ndarray, int]:
    """Check logits (NaN refused, infinity allowed) and their class axis."""
    x = _as_float(x, "x", allow_inf=True)
    if x.ndim == 0:
        raise ValueError("x must have at least one axis (the classes), got a scalar")
    return x, check_axis(axis, x.ndim)


def _shift_by_max(x: np.ndarray, axis: int) -> np.ndarray:
    """``x - max(x)`` along ``axis``, with infinite logits mapped to their limit.

    Finite logits give the usual shift. Where a slice has a ``+inf`` logit,
    its ``+inf`` entries become 0 and the others ``-inf``: the limit of the
    softmax gives the ``+inf`` classes equal shares and the others nothing.
    A slice whose logits are all ``-inf`` has no softmax.
    """
    m = x.max(axis=axis, keepdims=True)
    if np.isfinite(m).all():  # the common case: one cheap test
        return x - m
    if np.isneginf(m).any():
        raise ValueError(
            "x must have a logit above -inf in every slice along the class "
            "axis, got a slice whose logits are all -inf"
        )
    top = np.isposinf(m)
    with np.errstate(invalid="ignore"):
        shifted = x - m  # inf - inf is NaN in the slices fixed below
    return np.where(top, np.where(np.isposinf(x), 0.0, -np.inf), shifted).astype(
        x.dtype, copy=False
    )


def log_softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Logarithm of the softmax along ``axis``, by log-sum-exp.

    Parameters
    ----------
    x : array_like
        Logits. Floating arrays keep their dtype.
    axis : int, optional
        The axis that indexes classes (default: the last).

    Returns
    -------
    numpy.ndarray
        :math:`\log \operatorname{softmax}(x)`, same shape as ``x``.
        Finite for finite logits; a logit of :math:`-\infty`, or a finite
        one beside a :math:`+\infty` logit, gets :math:`-\infty` (the log of
        its probability 0).

    Raises
    ------
    TypeError
        If ``x`` is not numeric array-like or ``axis`` is not an integer.
    ValueError
        As :func:`softmax`: 0-D ``x``, NaN, an all :math:`-\infty` slice, or
        ``axis`` out of range.

    Notes
    -----
    .. math:: \log \operatorname{softmax}(x)_k = (x_k - m)
       - \log \sum_j e^{x_j - m}, \qquad m = \max_j x_j .

    The largest term of the sum is :math:`e^0 = 1`, so the logarithm is
    never taken of 0 and the result is finite for finite logits.

    Examples
    --------
    >>> log_softmax(np.array([1e4, 0.0]))
    array([     0., -10000.])
    """
    x, axis = _logits_in(x, axis)
    shifted = _shift_by_max(x, axis)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


# ---------------------------------------------------------------------------
# im2col: convolution as one matrix product
# ---------------------------------------------------------------------------


def _sliding_windows(
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int],
    padding: int | tuple[int, int],
) -> np.ndarray:
    """All windows of a batch, as a view of shape (N, C, H_out, W_out, kH, kW).

    ``windows[n, c, i, j]`` is the kH x kW patch of channel ``c`` of sample
    ``n`` whose top-left corner is at row ``i * sH``, column ``j * sW`` of the
    padded image. NumPy's ``sliding_window_view`` reads them without copying;
    :func:`im2col` and :func:`unfold` only differ in how they lay them out.
    """
    x = _as_float(x)
    if x.ndim != 4:
        raise ValueError(
            f"x must be a 4-D array (N, C, H, W), got an array of shape {x.shape}"
        )
    if x.size == 0:
        raise ValueError(f"x must not be empty, got an array of shape {x.shape}")
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    hp, wp = x.shape[2] + 2 * ph, x.shape[3] + 2 * pw
    if kh > hp or kw > wp:
        raise ValueError(
            f"kernel_size {(kh, kw)} is larger than the padded input "
            f"{(hp, wp)} (input shape {x.shape}, padding {(ph, pw)})"
        )
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    return sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]


def _window_grid(
    input_shape: tuple[int, int, int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int],
    padding: int | tuple[int, int],
) -> tuple[int, int]:
    """Number of window positions ``(H_out, W_out)`` for images of ``input_shape``."""
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    _, _, h, w = input_shape
    return _output_size(h, kh, sh, ph), _output_size(w, kw, sw, pw)


def _add_windows(
    blocks: np.ndarray,
    input_shape: tuple[int, int, int, int],
    stride: int | tuple[int, int],
    padding: int | tuple[int, int],
) -> np.ndarray:
    """Add window entries back onto their pixels (the adjoint of reading them).

    ``blocks[n, c, p, q]`` is the (H_out, W_out) grid of the entries at kernel
    offset ``(p, q)`` of every window. For each offset those entries form a
    strided slice of the padded image, added in one vectorised operation, so
    the loop runs over the kH * kW offsets only. Entries that fell on the
    padding are dropped.
    """
    n, c, kh, kw, ho, wo = blocks.shape
    _, _, h, w = input_shape
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    padded = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=blocks.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        for p in range(kh):
            for q in range(kw):
                padded[:, :, p : p + sh * ho : sh, q : q + sw * wo : sw] += blocks[
                    :, :, p, q
                ]
    out = padded[:, :, ph : ph + h, pw : pw + w]
    if _checking():
        check_finite_result(out, "the sum of overlapping windows", "cols is too large")
    return out


def im2col(
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    r"""Unfold every sliding window of a batch of images into a row.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
        A batch of images.
    kernel_size : int or (int, int)
        Window height and width :math:`(k_H, k_W)`.
    stride : int or (int, int), optional
        Step between windows (default 1).
    padding : int or (int, int), optional
        Zeros added on each side of the height and width (default 0).

    Returns
    -------
    numpy.ndarray, shape (N * H_out * W_out, C * kH * kW)
        Row :math:`(n, i, j)` (in that order) holds the window of sample
        :math:`n` whose top-left corner is at :math:`(i s_H, j s_W)` of the
        padded image; its columns run over channel, then kernel row, then
        kernel column, the order of ``W.reshape(out_channels, -1)`` for a
        PyTorch-shaped weight ``W``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric array-like, or ``kernel_size``, ``stride`` or
        ``padding`` is not an int or a pair of ints.
    ValueError
        If ``x`` is not 4-D, is empty or holds NaN or infinity, the kernel
        is larger than the padded input, or a size is out of range
        (``kernel_size`` and ``stride`` >= 1, ``padding`` >= 0, all at most
        65536).

    Notes
    -----
    The output size along each axis is

    .. math:: H_\text{out} = \left\lfloor \frac{H + 2p - k_H}{s} \right\rfloor + 1 .

    The windows are read without copying by
    :func:`numpy.lib.stride_tricks.sliding_window_view`; only the final
    reshape into a matrix copies. A cross-correlation with ``O`` filters is
    then the single matrix product ``im2col(x) @ W.reshape(O, -1).T``.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> im2col(x, 2)
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    """
    windows = _sliding_windows(x, kernel_size, stride, padding)
    n, c, ho, wo, kh, kw = windows.shape
    # One row per window (n, i, j); within it, channel, kernel row, kernel column.
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * kh * kw)


def col2im(
    cols: ArrayLike,
    input_shape: tuple[int, int, int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    r"""Fold rows of windows back into images, adding where windows overlap.

    ``col2im`` is the adjoint (transpose) of :func:`im2col`: for all ``x`` and
    ``Y`` of matching shapes, ``(im2col(x) * Y).sum() == (x * col2im(Y)).sum()``.
    It is what backpropagation through a convolution or a pooling layer needs.

    Parameters
    ----------
    cols : array_like, shape (N * H_out * W_out, C * kH * kW)
        One row per window, laid out as :func:`im2col` returns them.
    input_shape : tuple of 4 ints
        The shape ``(N, C, H, W)`` of the images (before padding).
    kernel_size, stride, padding
        As given to :func:`im2col`.

    Returns
    -------
    numpy.ndarray, shape (N, C, H, W)
        Each entry is the sum of the entries of ``cols`` that
        :func:`im2col` copied from it; contributions that fell on padding
        are dropped.

    Raises
    ------
    TypeError
        If ``cols`` is not numeric array-like, ``input_shape`` is not 4
        ints, or a window size is not an int or a pair of ints.
    ValueError
        If ``cols`` does not have the shape that ``input_shape`` implies or
        holds NaN or infinity, or a size is out of range.

    Notes
    -----
    The loop runs over the :math:`k_H k_W` kernel offsets :math:`(p, q)`
    only: for each offset, the entries at that offset of all windows form a
    strided slice of the image, added in one vectorised operation.

    Examples
    --------
    >>> ones = np.ones((4, 4))  # the four 2x2 windows of a 3x3 image
    >>> col2im(ones, (1, 1, 3, 3), 2)[0, 0]  # how many windows cover each pixel
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    cols = _as_float(cols, "cols")
    input_shape = _check_input_shape(input_shape)
    n, c = input_shape[:2]
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    ho, wo = _window_grid(input_shape, kernel_size, stride, padding)
    if ho < 1 or wo < 1:
        raise ValueError(
            f"kernel_size {(kh, kw)} is larger than the padded input of "
            f"input_shape {input_shape}"
        )
    expected = (n * ho * wo, c * kh * kw)
    if cols.shape != expected:
        raise ValueError(
            f"cols must have shape {expected} for input_shape {tuple(input_shape)}, "
            f"got shape {cols.shape}"
        )
    # blocks[n, c, p, q] is the (ho, wo) grid of entries at kernel offset (p, q).
    blocks = cols.reshape(n, ho, wo, c, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    return _add_windows(blocks, input_shape, stride, padding)


def unfold(
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    r"""Windows of a batch of images as columns, one matrix per sample.

    The same numbers as :func:`im2col`, transposed per sample (the layout of
    ``torch.nn.functional.unfold``): ``unfold(x)[n]`` has one column per
    window of sample ``n``. :class:`Conv2D` uses this layout because the
    copy then reads whole rows of output positions instead of runs of
    :math:`k_W` numbers, and ``W_mat @ unfold(x)`` comes out already in
    :math:`N 	imes O 	imes (H_	ext{out} W_	ext{out})` order.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
        A batch of images.
    kernel_size, stride, padding
        As in :func:`im2col`.

    Returns
    -------
    numpy.ndarray, shape (N, C * kH * kW, H_out * W_out)
        ``unfold(x).transpose(0, 2, 1).reshape(-1, C * kH * kW)`` equals
        ``im2col(x)``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric array-like, or ``kernel_size``, ``stride`` or
        ``padding`` is not an int or a pair of ints.
    ValueError
        If ``x`` is not 4-D, is empty or holds NaN or infinity, the kernel
        is larger than the padded input, or a size is out of range
        (``kernel_size`` and ``stride`` >= 1, ``padding`` >= 0, all at most
        65536).

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.nn import unfold
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> unfold(x, 2)[0]  # the four 2x2 windows, as columns
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    """
    windows = _sliding_windows(x, kernel_size, stride, padding)
    n, c, ho, wo, kh, kw = windows.shape
    # One matrix per sample; a column per window (i, j).
    return windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, ho * wo)


def fold(
    cols: ArrayLike,
    input_shape: tuple[int, int, int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """Add windows laid out as by :func:`unfold` back onto their images.

    ``fold`` is the adjoint of :func:`unfold`, as :func:`col2im` is of
    :func:`im2col`: each entry of ``cols`` is added to the pixel it was
    copied from, and entries that fell on padding are dropped.

    Parameters
    ----------
    cols : array_like, shape (N, C * kH * kW, H_out * W_out)
        Windows as columns, one matrix per sample.
    input_shape : tuple of 4 ints
        The shape ``(N, C, H, W)`` of the images (before padding).
    kernel_size, stride, padding
        As given to :func:`unfold`.

    Returns
    -------
    numpy.ndarray, shape (N, C, H, W)

    Raises
    ------
    TypeError
        If ``cols`` is not numeric array-like, ``input_shape`` is not 4
        ints, or a window size is not an int or a pair of ints.
    ValueError
        If ``cols`` does not have the shape that ``input_shape`` implies or
        holds NaN or infinity, or a size is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.nn import fold
    >>> fold(np.ones((1, 4, 4)), (1, 1, 3, 3), 2)[0, 0]  # windows covering each pixel
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    cols = _as_float(cols, "cols")
    input_shape = _check_input_shape(input_shape)
    n, c = input_shape[:2]
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    ho, wo = _window_grid(input_shape, kernel_size, stride, padding)
    if ho < 1 or wo < 1:
        raise ValueError(
            f"kernel_size {(kh, kw)} is larger than the padded input of "
            f"input_shape {input_shape}"
        )
    expected = (n, c * kh * kw, ho * wo)
    if cols.shape != expected:
        raise ValueError(
            f"cols must have shape {expected} for input_shape {tuple(input_shape)}, "
            f"got shape {cols.shape}"
        )
    blocks = cols.reshape(n, c, kh, kw, ho, wo)
    return _add_windows(blocks, input_shape, stride, padding)


# ---------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------


class Layer:
    """Base class of all layers: the interface every layer shares.

    Subclasses implement :meth:`forward` and :meth:`backward`, and
    :meth:`parameters` when they have trainable parameters.

    Attributes
    ----------
    training : bool
        ``True`` in training mode (the default), ``False`` in evaluation
        mode. Only :class:`Dropout` behaves differently.

    Examples
    --------
    >>> class Double(Layer):
    ...     def forward(self, x):
    ...         return 2 * x
    ...
    ...     def backward(self, grad_out, input_grad=True):
    ...         return 2 * grad_out if input_grad else None
    >>> Double()(np.array([1.0, 2.0]))
    array([2., 4.])
    """

    def __init__(self) -> None:
        self.training = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute the layer's output for a batch ``x``.

        Parameters
        ----------
        x : numpy.ndarray
            The input batch.

        Returns
        -------
        numpy.ndarray
            The output batch.

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` holds NaN or infinity.
        NotImplementedError
            Always, after the checks: subclasses implement it.
        """
        _as_float(x)
        raise NotImplementedError

    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Backpropagate ``grad_out`` through the layer.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient of the loss with respect to the last output of
            :meth:`forward`, same shape as that output.
        input_grad : bool, optional
            Whether to compute the gradient with respect to the input
            (default ``True``). The first layer of a network does not need
            it, and skipping it saves a matrix product.

        Returns
        -------
        numpy.ndarray or None
            Gradient with respect to the last input, or ``None`` when
            ``input_grad`` is ``False``.

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` holds NaN or infinity, or (in subclasses) does
            not have the shape of the last output.
        NotImplementedError
            Always, after the checks: subclasses implement it.
        """
        grad_out = _as_float(grad_out, "grad_out")
        check_flag(input_grad, "input_grad")
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        """Return the trainable parameters (an empty list by default).

        Returns
        -------
        list of Parameter
        """
        return []

    def train(self, mode: bool = True) -> Layer:
        """Set training mode (``mode=True``) or evaluation mode.

        Parameters
        ----------
        mode : bool, optional
            ``True`` for training mode (default).

        Returns
        -------
        Layer
            The layer itself, so calls can be chained.

        Raises
        ------
        TypeError
            If ``mode`` is not a bool.
        """
        self.training = check_flag(mode, "mode")
        return self

    def eval(self) -> Layer:
        """Set evaluation mode; the same as ``train(False)``.

        Returns
        -------
        Layer
            The layer itself.
        """
        return self.train(False)

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to zero."""
        for p in self.parameters():
            p.zero_grad()

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _cached(self, value: Any) -> Any:
        """Return a cached forward value, or complain that forward was not run."""
        if value is None:
            raise RuntimeError(
                f"{self!r}: call forward before backward (nothing is cached)"
            )
        return value


def _init_weight(
    shape: tuple[int, ...],
    fan_in: int,
    fan_out: int,
    init: str,
    rng: np.random.Generator,
    dtype: np.dtype,
) -> np.ndarray:
    """Draw initial weights by He (normal) or Glorot (uniform) initialisation."""
    if init == "he":
        std = np.sqrt(2.0 / fan_in)
        return rng.standard_normal(shape, dtype=dtype) * dtype.type(std)
    if init == "glorot":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=shape).astype(dtype)
    raise ValueError(f"init must be 'he' or 'glorot', got {init!r}")


class Dense(Layer):
    r"""Fully connected layer :math:`y = x W^\top + b`, like ``torch.nn.Linear``.

    Parameters
    ----------
    in_features : int
        Number of input features :math:`n_\text{in}`.
    out_features : int
        Number of output features :math:`n_\text{out}`.
    rng : numpy.random.Generator or int
        Random generator or seed for the initial weights.
    init : {"he", "glorot"}, optional
        Weight initialisation (default ``"he"``), see Notes. Biases start
        at zero.
    dtype : {numpy.float64, numpy.float32}, optional
        Dtype of the parameters (default float64). Inputs of another dtype
        are converted to it, so a float32 layer computes in float32.

    Attributes
    ----------
    weight : Parameter, shape (out_features, in_features)
        :math:`W`; row :math:`k` holds the weights into output unit :math:`k`.
    bias : Parameter, shape (out_features,)
        :math:`b`.

    Raises
    ------
    TypeError
        If a size is not an integer, ``rng`` is not a generator or seed,
        ``init`` is not a string, or ``dtype`` is not a data type.
    ValueError
        If a size is not positive or above :math:`2^{24}`, ``rng`` is a
        negative seed, ``init`` is unknown, or ``dtype`` is not float32 or
        float64.

    Notes
    -----
    For a batch :math:`X` of shape :math:`N \times n_\text{in}`, the forward
    pass is :math:`Y = X W^\top + b`. Given :math:`G = \partial J/\partial Y`,

    .. math:: \frac{\partial J}{\partial W} = G^\top X, \qquad
       \frac{\partial J}{\partial b} = \sum_{i=1}^N G_{i,:}, \qquad
       \frac{\partial J}{\partial X} = G W .

    The weight matrix is stored in column-major (Fortran) order, so its
    transpose :math:`W^\top`, by which the forward pass multiplies, is an
    ordinary row-major array: BLAS multiplies a 64 x 784 batch by a row-major
    784 x 100 matrix about 20% faster than by the transpose of a row-major
    100 x 784 one. The backward pass adds :math:`X^\top G = (G^\top X)^\top`
    to the (row-major) transpose of ``weight.grad``, for the same reason.
    Shape, indexing and values are unaffected; only the speed depends on it.

    *He* initialisation draws :math:`W_{kj} \sim
    \mathcal{N}(0, 2/n_\text{in})`, which keeps the variance of
    activations roughly constant through ReLU layers. *Glorot* (Xavier)
    initialisation draws :math:`W_{kj} \sim \mathcal{U}(-a, a)` with
    :math:`a = \sqrt{6/(n_\text{in} + n_\text{out})}`, suited to tanh and
    sigmoid layers.

    Examples
    --------
    >>> layer = Dense(3, 2, rng=0)
    >>> layer.weight.shape, layer.bias.shape
    ((2, 3), (2,))
    >>> layer(np.ones((4, 3))).shape
    (4, 2)
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        rng: np.random.Generator | int,
        init: str = "he",
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        why = "the weight matrix has in_features * out_features entries"
        self.in_features = check_integer(
            in_features, "in_features", low=1, high=_MAX_FEATURES, why=why
        )
        self.out_features = check_integer(
            out_features, "out_features", low=1, high=_MAX_FEATURES, why=why
        )
        self.init = check_choice(init, "init", ("he", "glorot"))
        dtype = _check_dtype(dtype)
        weight = _init_weight(
            (self.out_features, self.in_features),
            self.in_features,
            self.out_features,
            init,
            check_rng(rng),
            dtype,
        )
        # Column-major, so that weight.T is row-major (see Notes).
        self.weight = Parameter(np.asfortranarray(weight), name="weight")
        self.bias = Parameter(np.zeros(self.out_features, dtype=dtype), name="bias")
        self._x: np.ndarray | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute :math:`x W^T + b` for a batch ``x`` of shape (N, in_features).

        Parameters
        ----------
        x : numpy.ndarray, shape (N, in_features)
            Input batch.

        Returns
        -------
        numpy.ndarray, shape (N, out_features)

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` is not 2-D with ``in_features`` columns, holds NaN or
            infinity, or is so large that the output overflows.
        """
        x = _as_float(x)
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(
                f"x must have shape (n, {self.in_features}) ({self!r} takes "
                f"{self.in_features} features), got {x.shape}"
            )
        W = self.weight.data
        if x.dtype != W.dtype:
            x = x.astype(W.dtype)
        self._x = x  # dJ/dW needs the input
        out = x @ W.T  # W.T is row-major: a plain BLAS product
        out += self.bias.data
        return out

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Add dJ/dW and dJ/db to the parameters' grads; return dJ/dx.

        Parameters
        ----------
        grad_out : numpy.ndarray, shape (N, out_features)
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute and return dJ/dx (default ``True``).

        Returns
        -------
        numpy.ndarray of shape (N, in_features), or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        x = self._cached(self._x)
        grad_out = _grad_in(self, grad_out, (x.shape[0], self.out_features))
        input_grad = check_flag(input_grad, "input_grad")
        # dJ/dW = G^T X. Add its transpose X^T G to the row-major view
        # weight.grad.T (see Notes): the same numbers, a faster product.
        grad_w_t = self.weight.grad.T
        grad_w_t += x.T @ grad_out
        self.bias.grad += grad_out.sum(axis=0)
        if not input_grad:
            return None
        return grad_out @ self.weight.data

    def parameters(self) -> list[Parameter]:
        """Return ``[weight, bias]``.

        Returns
        -------
        list of Parameter
        """
        return [self.weight, self.bias]

    def __repr__(self) -> str:
        return f"Dense({self.in_features} -> {self.out_features})"


class Sigmoid(Layer):
    r"""Logistic sigmoid activation, :math:`y = 1/(1 + e^{-x})`, elementwise.

    Notes
    -----
    The forward pass uses the overflow-free :func:`sigmoid`. The derivative
    is :math:`\sigma'(x) = \sigma(x)(1 - \sigma(x))`, so backward reuses the
    output: :math:`\partial J/\partial x = g \odot y \odot (1 - y)`.

    Examples
    --------
    >>> Sigmoid()(np.array([[0.0, 2.0]])).round(4)
    array([[0.5   , 0.8808]])
    """

    def __init__(self) -> None:
        super().__init__()
        self._y: np.ndarray | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply the sigmoid elementwise.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray
            Same shape and dtype as ``x``.

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` holds NaN (infinity gives the limit 0 or 1).
        """
        self._y = sigmoid(x)
        return self._y

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        r"""Return :math:`g \odot y \odot (1-y)`.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        y = self._cached(self._y)
        grad_out = _grad_in(self, grad_out, y.shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        return grad_out * y * (1 - y)


class Tanh(Layer):
    r"""Hyperbolic tangent activation, elementwise.

    Notes
    -----
    :math:`\tanh'(x) = 1 - \tanh^2(x)`, so
    :math:`\partial J/\partial x = g \odot (1 - y^2)`.

    Examples
    --------
    >>> Tanh()(np.array([[0.0, 1.0]])).round(4)
    array([[0.    , 0.7616]])
    """

    def __init__(self) -> None:
        super().__init__()
        self._y: np.ndarray | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply tanh elementwise.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` holds NaN or infinity.
        """
        self._y = np.tanh(_as_float(x))
        return self._y

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        r"""Return :math:`g \odot (1 - y^2)`.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        y = self._cached(self._y)
        grad_out = _grad_in(self, grad_out, y.shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        return grad_out * (1 - y * y)


class ReLU(Layer):
    r"""Rectified linear unit, :math:`y = \max(x, 0)`, elementwise.

    Notes
    -----
    The derivative is 1 where :math:`x > 0` and 0 elsewhere (at the kink
    :math:`x = 0` we take 0, as PyTorch does).

    Examples
    --------
    The mask multiplies -1.0 by 0, which gives IEEE's -0.0 (equal to 0.0):

    >>> ReLU()(np.array([[-1.0, 0.0, 2.0]]))
    array([[-0.,  0.,  2.]])
    """

    def __init__(self) -> None:
        super().__init__()
        self._mask: np.ndarray | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        r"""Apply :math:`\max(x, 0)` elementwise.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` holds NaN or infinity.
        """
        x = _as_float(x)
        self._mask = x > 0
        return x * self._mask

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Pass the gradient where the input was positive, zero elsewhere.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        mask = self._cached(self._mask)
        grad_out = _grad_in(self, grad_out, mask.shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        return grad_out * mask


class LeakyReLU(Layer):
    r"""Leaky ReLU: :math:`y = x` for :math:`x > 0`, :math:`y = \alpha x` otherwise.

    Parameters
    ----------
    negative_slope : float, optional
        The slope :math:`\alpha \ge 0` for negative inputs (default 0.01, as
        in PyTorch).

    Raises
    ------
    ValueError
        If ``negative_slope`` is negative or not finite.

    Examples
    --------
    >>> LeakyReLU(0.1)(np.array([[-2.0, 3.0]]))
    array([[-0.2,  3. ]])
    """

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = check_scalar(negative_slope, "negative_slope", low=0)
        self._slope: np.ndarray | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply the leaky ReLU elementwise.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` holds NaN or infinity.
        """
        x = _as_float(x)
        # The local derivative: 1 where x > 0, alpha elsewhere.
        self._slope = np.where(
            x > 0, x.dtype.type(1), x.dtype.type(self.negative_slope)
        )
        return x * self._slope

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Multiply the gradient by 1 or by the negative slope.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        slope = self._cached(self._slope)
        grad_out = _grad_in(self, grad_out, slope.shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        return grad_out * slope

    def __repr__(self) -> str:
        return f"LeakyReLU(negative_slope={self.negative_slope})"


class Softmax(Layer):
    r"""Softmax along the last axis (turns logits into probabilities).

    Notes
    -----
    The Jacobian of :math:`s = \operatorname{softmax}(x)` is
    :math:`\partial s_i/\partial x_j = s_i(\delta_{ij} - s_j)`, that is
    :math:`\operatorname{diag}(s) - s s^\top`. Backward never builds it: the
    Jacobian-vector product is

    .. math:: \frac{\partial J}{\partial x} = s \odot (g - (g \cdot s)) ,

    one dot product per sample. For classification, prefer
    :class:`CrossEntropyLoss` on the logits: it fuses the two steps stably.

    Examples
    --------
    >>> Softmax()(np.array([[1.0, 1.0], [0.0, np.log(3.0)]]))
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """

    def __init__(self) -> None:
        super().__init__()
        self._s: np.ndarray | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        r"""Apply the softmax along the last axis.

        Parameters
        ----------
        x : numpy.ndarray
            Logits; the last axis indexes classes.

        Returns
        -------
        numpy.ndarray
            Probabilities, same shape as ``x``.

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            As :func:`softmax`: NaN, a 0-D input, or a row of logits that
            are all :math:`-\infty` (infinite logits otherwise get their
            limit).
        """
        self._s = softmax(x, axis=-1)
        return self._s

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        r"""Return the Jacobian-vector product :math:`s \odot (g - g \cdot s)`.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient with respect to the probabilities.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        s = self._cached(self._s)
        grad_out = _grad_in(self, grad_out, s.shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        dot = (grad_out * s).sum(axis=-1, keepdims=True)
        return s * (grad_out - dot)


class Conv2D(Layer):
    r"""2-D convolution layer (a cross-correlation, as in ``torch.nn.Conv2d``).

    Parameters
    ----------
    in_channels : int
        Channels :math:`C` of the input.
    out_channels : int
        Number of filters :math:`O`, the channels of the output.
    kernel_size : int or (int, int)
        Filter height and width :math:`(k_H, k_W)`.
    stride : int or (int, int), optional
        Step between filter positions (default 1).
    padding : int or (int, int), optional
        Zeros added on each side of the height and width (default 0).
    rng : numpy.random.Generator or int
        Random generator or seed for the initial weights (keyword only).
    init : {"he", "glorot"}, optional
        Weight initialisation as in :class:`Dense`, with
        :math:`n_\text{in} = C k_H k_W` and :math:`n_\text{out} = O k_H k_W`.
    dtype : {numpy.float64, numpy.float32}, optional
        Dtype of the parameters (default float64).

    Attributes
    ----------
    weight : Parameter, shape (out_channels, in_channels, kH, kW)
    bias : Parameter, shape (out_channels,)

    Raises
    ------
    TypeError
        If a size is not an integer (or a pair for the window sizes),
        ``rng`` is not a generator or seed, or ``dtype`` is not a data type.
    ValueError
        If a size is out of range (channels >= 1, ``kernel_size`` and
        ``stride`` >= 1, ``padding`` >= 0; at most :math:`2^{24}` weights),
        ``rng`` is a negative seed, ``init`` is unknown, or ``dtype`` is not
        float32 or float64.

    Notes
    -----
    For input :math:`x` of shape :math:`N \times C \times H \times W`,

    .. math:: y_{n,o,i,j} = b_o + \sum_{c,p,q} W_{o,c,p,q}\,
       x_{n,c,\,i s_H + p,\,j s_W + q}

    (the input padded first), with output size
    :math:`\lfloor (H + 2p - k_H)/s_H \rfloor + 1` by the same along the
    width. It is the matrix product of :func:`im2col`,
    ``im2col(x) @ W_mat.T`` with ``W_mat = W.reshape(O, -1)``, computed
    transposed for each sample: ``W_mat @ cols[n]``, where ``cols[n]`` holds
    the windows of sample ``n`` as columns (PyTorch's ``unfold`` layout,
    faster to build and already in N x O x H_out x W_out order). With
    :math:`G_n` the output gradient of sample :math:`n` as an
    :math:`O \times (H_\text{out} W_\text{out})` matrix, backward computes
    :math:`\partial J/\partial W_\text{mat} = \sum_n G_n \,\text{cols}_n^\top`
    and :math:`\partial J/\partial x = \operatorname{fold}(W_\text{mat}^\top G_n)`,
    the transposes of the forward products.

    Examples
    --------
    >>> conv = Conv2D(1, 4, kernel_size=3, padding=1, rng=0)
    >>> conv(np.zeros((2, 1, 8, 8))).shape
    (2, 4, 8, 8)
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] = 1,
        padding: int | tuple[int, int] = 0,
        *,
        rng: np.random.Generator | int,
        init: str = "he",
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        why = "the weights grow with it"
        self.in_channels = check_integer(
            in_channels, "in_channels", low=1, high=_MAX_FEATURES, why=why
        )
        self.out_channels = check_integer(
            out_channels, "out_channels", low=1, high=_MAX_FEATURES, why=why
        )
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride = _pair(stride, "stride", 1)
        self.padding = _pair(padding, "padding", 0)
        self.init = check_choice(init, "init", ("he", "glorot"))
        if self.in_channels * self.out_channels * np.prod(self.kernel_size) > (
            _MAX_FEATURES
        ):
            raise ValueError(
                f"kernel_size must give at most {_MAX_FEATURES} weights with "
                f"{self.in_channels} input and {self.out_channels} output "
                f"channels, got {self.kernel_size}"
            )
        dtype = _check_dtype(dtype)
        kh, kw = self.kernel_size
        shape = (self.out_channels, self.in_channels, kh, kw)
        weight = _init_weight(
            shape,
            self.in_channels * kh * kw,
            self.out_channels * kh * kw,
            init,
            check_rng(rng),
            dtype,
        )
        self.weight = Parameter(weight, name="weight")
        self.bias = Parameter(np.zeros(self.out_channels, dtype=dtype), name="bias")
        self._cols: np.ndarray | None = None
        self._x_shape: tuple[int, int, int, int] = (0, 0, 0, 0)

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Cross-correlate a batch of images with the filters.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, in_channels, H, W)
            Input batch.

        Returns
        -------
        numpy.ndarray, shape (N, out_channels, H_out, W_out)

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` is not 4-D, has the wrong number of channels, is empty,
            holds NaN or infinity, the kernel is larger than the padded
            input, or the output overflows.
        """
        x = _as_float(x)
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"x must have shape (N, {self.in_channels}, H, W) ({self!r} takes "
                f"{self.in_channels} channels), got {x.shape}"
            )
        W = self.weight.data
        if x.dtype != W.dtype:
            x = x.astype(W.dtype)
        n, _, h, w = x.shape
        ho = _output_size(h, self.kernel_size[0], self.stride[0], self.padding[0])
        wo = _output_size(w, self.kernel_size[1], self.stride[1], self.padding[1])
        # cols[n] holds one window per column: (C*kH*kW, ho*wo).
        cols = unfold(x, self.kernel_size, self.stride, self.padding)
        self._cols, self._x_shape = cols, x.shape
        out = np.matmul(W.reshape(self.out_channels, -1), cols)  # (N, O, ho*wo)
        out += self.bias.data[:, None]
        return out.reshape(n, self.out_channels, ho, wo)

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Add dJ/dW and dJ/db to the parameters' grads; return dJ/dx.

        Parameters
        ----------
        grad_out : numpy.ndarray, shape (N, out_channels, H_out, W_out)
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute and return dJ/dx (default ``True``).

        Returns
        -------
        numpy.ndarray of shape (N, in_channels, H, W), or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        cols = self._cached(self._cols)
        n, _, h, w = self._x_shape
        shape = (
            n,
            self.out_channels,
            _output_size(h, self.kernel_size[0], self.stride[0], self.padding[0]),
            _output_size(w, self.kernel_size[1], self.stride[1], self.padding[1]),
        )
        grad_out = _grad_in(self, grad_out, shape)
        input_grad = check_flag(input_grad, "input_grad")
        # g[n] has one row per filter, one column per output pixel (no copy).
        g = grad_out.reshape(grad_out.shape[0], self.out_channels, -1)
        W_mat = self.weight.data.reshape(self.out_channels, -1)
        dW = np.matmul(g, cols.transpose(0, 2, 1)).sum(axis=0)
        self.weight.grad += dW.reshape(self.weight.shape)
        self.bias.grad += g.sum(axis=(0, 2))
        if not input_grad:
            return None
        with _trusted():
            grad_x = fold(
                np.matmul(W_mat.T, g),
                self._x_shape,
                self.kernel_size,
                self.stride,
                self.padding,
            )
        return grad_x

    def parameters(self) -> list[Parameter]:
        """Return ``[weight, bias]``.

        Returns
        -------
        list of Parameter
        """
        return [self.weight, self.bias]

    def __repr__(self) -> str:
        return (
            f"Conv2D({self.in_channels} -> {self.out_channels}, "
            f"kernel_size={_fmt_pair(self.kernel_size)}, "
            f"stride={_fmt_pair(self.stride)}, padding={_fmt_pair(self.padding)})"
        )


class _Pool2D(Layer):
    """Shared set-up of the pooling layers: windows over each channel."""

    def __init__(
        self,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", 1)
        self._x_shape: tuple[int, ...] | None = None
        self._out_shape: tuple[int, ...] = ()

    def _windows(self, x: np.ndarray) -> np.ndarray:
        """Return the windows as an array of shape (N*ho*wo, C, kH*kW)."""
        x = _as_float(x)
        if x.ndim != 4:
            raise ValueError(
                f"x must be a 4-D array (N, C, H, W) for {self!r}, got shape {x.shape}"
            )
        cols = im2col(x, self.kernel_size, self.stride)
        self._x_shape = x.shape
        n, c, h, w = x.shape
        self._out_shape = (
            n,
            c,
            _output_size(h, self.kernel_size[0], self.stride[0], 0),
            _output_size(w, self.kernel_size[1], self.stride[1], 0),
        )
        return cols.reshape(cols.shape[0], x.shape[1], -1)

    def _to_images(self, per_window: np.ndarray) -> np.ndarray:
        """Turn one value per (window, channel) into shape (N, C, ho, wo)."""
        n, _, h, w = self._cached(self._x_shape)
        ho = _output_size(h, self.kernel_size[0], self.stride[0], 0)
        wo = _output_size(w, self.kernel_size[1], self.stride[1], 0)
        return per_window.reshape(n, ho, wo, -1).transpose(0, 3, 1, 2)

    def _fold(self, grad_windows: np.ndarray) -> np.ndarray:
        """Scatter gradients of shape (N*ho*wo, C, kH*kW) back onto the input."""
        cols = grad_windows.reshape(grad_windows.shape[0], -1)
        with _trusted():
            grad_x = col2im(cols, self._x_shape, self.kernel_size, self.stride)
        return grad_x

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(kernel_size={_fmt_pair(self.kernel_size)}, "
            f"stride={_fmt_pair(self.stride)})"
        )


class MaxPool2D(_Pool2D):
    r"""Max pooling over windows of each channel, like ``torch.nn.MaxPool2d``.

    Parameters
    ----------
    kernel_size : int or (int, int)
        Window height and width.
    stride : int or (int, int), optional
        Step between windows; defaults to ``kernel_size`` (non-overlapping
        windows). A smaller stride gives overlapping windows.

    Raises
    ------
    TypeError
        If ``kernel_size`` or ``stride`` is not an int or a pair of ints.
    ValueError
        If a window size is below 1 or above 65536.

    Notes
    -----
    :math:`y_{n,c,i,j} = \max_{p,q} x_{n,c,\,i s_H + p,\,j s_W + q}`. The
    output depends only on the maximum of each window, so backward routes
    each output gradient to the position of that maximum and gives zero to
    the rest of the window; where windows overlap, the contributions add.
    Ties go to the first maximum in row-major order, as in PyTorch.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> MaxPool2D(2)(x)
    array([[[[ 5.,  7.],
             [13., 15.]]]])
    """

    def __init__(
        self,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] | None = None,
    ) -> None:
        super().__init__(kernel_size, stride)
        self._argmax: np.ndarray | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Take the maximum of each window.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, C, H, W)
            Input batch.

        Returns
        -------
        numpy.ndarray, shape (N, C, H_out, W_out)

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` is not 4-D, is empty, holds NaN or infinity, or is
            smaller than the window.
        """
        windows = self._windows(x)
        self._argmax = windows.argmax(axis=-1)[..., None]  # first max on ties
        return self._to_images(np.take_along_axis(windows, self._argmax, axis=-1))

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Send each output gradient to the argmax of its window.

        Parameters
        ----------
        grad_out : numpy.ndarray, shape (N, C, H_out, W_out)
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray of shape (N, C, H, W), or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        argmax = self._cached(self._argmax)
        grad_out = _grad_in(self, grad_out, self._out_shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        g = grad_out.transpose(0, 2, 3, 1).reshape(argmax.shape)  # (windows, C, 1)
        grad_windows = np.zeros((*argmax.shape[:2], np.prod(self.kernel_size)), g.dtype)
        np.put_along_axis(grad_windows, argmax, g, axis=-1)
        return self._fold(grad_windows)


class AvgPool2D(_Pool2D):
    r"""Average pooling over windows of each channel, like ``torch.nn.AvgPool2d``.

    Parameters
    ----------
    kernel_size : int or (int, int)
        Window height and width.
    stride : int or (int, int), optional
        Step between windows; defaults to ``kernel_size``.

    Raises
    ------
    TypeError
        If ``kernel_size`` or ``stride`` is not an int or a pair of ints.
    ValueError
        If a window size is below 1 or above 65536.

    Notes
    -----
    :math:`y_{n,c,i,j} = \frac{1}{k_H k_W}\sum_{p,q}
    x_{n,c,\,i s_H + p,\,j s_W + q}`; backward spreads each output gradient
    evenly, :math:`g/(k_H k_W)`, over its window (adding where windows
    overlap).

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> AvgPool2D(2)(x)
    array([[[[ 2.5,  4.5],
             [10.5, 12.5]]]])
    """

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Average each window.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, C, H, W)
            Input batch.

        Returns
        -------
        numpy.ndarray, shape (N, C, H_out, W_out)

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` is not 4-D, is empty, holds NaN or infinity, or is
            smaller than the window.
        """
        windows = self._windows(x)
        with np.errstate(over="ignore"):
            means = windows.mean(axis=-1)
        if not np.isfinite(means).all():  # the sum overflowed: scale first
            means = (windows / windows.shape[-1]).sum(axis=-1)
        return self._to_images(means)

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Spread each output gradient evenly over its window.

        Parameters
        ----------
        grad_out : numpy.ndarray, shape (N, C, H_out, W_out)
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray of shape (N, C, H, W), or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        self._cached(self._x_shape)
        grad_out = _grad_in(self, grad_out, self._out_shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        size = int(np.prod(self.kernel_size))
        g = grad_out.transpose(0, 2, 3, 1).reshape(-1, grad_out.shape[1], 1) / size
        return self._fold(np.broadcast_to(g, (*g.shape[:2], size)))


class Flatten(Layer):
    """Flatten every axis but the first, like ``torch.nn.Flatten()``.

    An input of shape (N, C, H, W) becomes (N, C*H*W), in C-order (channel
    first), the order PyTorch uses, so a following :class:`Dense` layer sees
    the same features as ``torch.nn.Linear`` would.

    Examples
    --------
    >>> Flatten()(np.zeros((2, 3, 4, 5))).shape
    (2, 60)
    """

    def __init__(self) -> None:
        super().__init__()
        self._shape: tuple[int, ...] | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Reshape ``x`` to (N, -1).

        Parameters
        ----------
        x : numpy.ndarray
            Input with at least one axis.

        Returns
        -------
        numpy.ndarray, shape (N, prod(x.shape[1:]))

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` is 0-D or holds NaN or infinity.
        """
        x = _as_float(x)
        if x.ndim < 1:
            raise ValueError(
                f"x must have a batch axis for Flatten, got shape {x.shape}"
            )
        self._shape = x.shape
        return x.reshape(x.shape[0], math.prod(x.shape[1:]))

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Reshape the gradient back to the input's shape.

        Parameters
        ----------
        grad_out : numpy.ndarray, shape (N, prod(input shape[1:]))
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        shape = self._cached(self._shape)
        grad_out = _grad_in(self, grad_out, (shape[0], math.prod(shape[1:])))
        if not check_flag(input_grad, "input_grad"):
            return None
        return grad_out.reshape(shape)


class Dropout(Layer):
    r"""Inverted dropout: zero each input with probability ``p`` while training.

    Parameters
    ----------
    p : float
        Probability of dropping a unit, in :math:`[0, 1)`.
    rng : numpy.random.Generator or int
        Random generator or seed for the masks.

    Attributes
    ----------
    mask : numpy.ndarray or None
        The scaled mask :math:`m/(1-p)` of the last training-mode forward
        pass.

    Raises
    ------
    TypeError
        If ``p`` is not a real number or ``rng`` is not a generator or seed.
    ValueError
        If ``p`` is not in :math:`[0, 1)` or ``rng`` is a negative seed.

    Notes
    -----
    In training mode, :math:`y = x \odot m / (1-p)` with independent
    :math:`m_i \sim \text{Bernoulli}(1-p)`, so :math:`E[y] = x`; in
    evaluation mode :math:`y = x`. Backward multiplies by the same mask. A
    new mask is drawn at every forward pass in training mode.

    Examples
    --------
    >>> drop = Dropout(0.5, rng=0)
    >>> y = drop(np.ones((2, 4)))
    >>> sorted(set(y.ravel().tolist()))  # dropped, or kept and doubled
    [0.0, 2.0]
    >>> drop.eval()(np.ones((1, 3)))
    array([[1., 1., 1.]])
    """

    def __init__(self, p: float, rng: np.random.Generator | int) -> None:
        super().__init__()
        self.p = check_scalar(p, "p", low=0, high=1, high_inclusive=False)
        self.rng = check_rng(rng)
        self.mask: np.ndarray | None = None
        self._active = False
        self._shape: tuple[int, ...] | None = None

    @_guarded
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Drop and rescale in training mode; the identity in evaluation mode.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` holds NaN or infinity.
        """
        x = _as_float(x)
        self._shape = x.shape
        self._active = self.training and self.p > 0
        if not self._active:
            return x
        keep = self.rng.random(x.shape, dtype=x.dtype) >= self.p
        self.mask = keep * x.dtype.type(1 / (1 - self.p))
        return x * self.mask

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Multiply the gradient by the mask of the last forward pass.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient with respect to the output.
        input_grad : bool, optional
            Whether to compute it (default ``True``).

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output,
            holds NaN or infinity, or is so large that a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        shape = self._cached(self._shape)
        grad_out = _grad_in(self, grad_out, shape)
        if not check_flag(input_grad, "input_grad"):
            return None
        return grad_out * self.mask if self._active else grad_out

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class Sequential(Layer):
    """A chain of layers applied one after the other, like ``torch.nn.Sequential``.

    Parameters
    ----------
    *layers : Layer
        The layers, in the order the data flows through them. No layers at
        all gives the identity.

    Raises
    ------
    TypeError
        If an argument lacks ``forward``/``backward``/``parameters``; the
        message names it as ``layers[i]``.

    Notes
    -----
    :meth:`forward` checks its input once (floating or converted to
    float64, no NaN or infinity) and then calls each layer's ``forward``.
    :meth:`backward` runs the layers in reverse, each turning the gradient
    with respect to its output into the gradient with respect to its input
    (the chain rule). With ``input_grad=False`` it stops at the first layer
    that has parameters and does not compute that layer's input gradient:
    nothing needs the gradient with respect to the data, and skipping it
    saves the largest matrix product of a typical first :class:`Dense`
    layer. :func:`fit` uses ``input_grad=False``.

    Examples
    --------
    >>> model = Sequential(Dense(4, 3, rng=0), ReLU(), Dense(3, 2, rng=1))
    >>> model
    Sequential(
      (0): Dense(4 -> 3)
      (1): ReLU()
      (2): Dense(3 -> 2)
    )
    >>> len(model), model[0]
    (3, Dense(4 -> 3))
    >>> print(model.summary((10, 4)))
    Layer          Output shape  Parameters
    ---------------------------------------
    input          (10, 4)                0
    Dense(4 -> 3)  (10, 3)               15
    ReLU()         (10, 3)                0
    Dense(3 -> 2)  (10, 2)                8
    ---------------------------------------
    Total parameters: 23
    """

    def __init__(self, *layers: Layer) -> None:
        super().__init__()
        for i, layer in enumerate(layers):
            check_interface(
                layer, f"layers[{i}]", ("forward", "backward", "parameters"), "a layer"
            )
        self.layers: list[Layer] = list(layers)
        self._out_shape: tuple[int, ...] | None = None

    @_guarded
    def forward(self, x: ArrayLike) -> np.ndarray:
        """Check ``x`` and pass it through every layer.

        Parameters
        ----------
        x : array_like
            Input batch; the first axis indexes samples.

        Returns
        -------
        numpy.ndarray
            The last layer's output.

        Raises
        ------
        TypeError
            If ``x`` is not numeric array-like.
        ValueError
            If ``x`` contains NaN or infinity, a layer rejects the shape it
            receives, or the output overflows.

        Notes
        -----
        The input is checked once, here; the layers inside do not check
        their inputs again (their inputs are the outputs of finite
        computations), and the output is checked for overflow at the end.
        """
        out = _as_float(x)
        if _checking():
            with _trusted():
                for layer in self.layers:
                    out = layer.forward(out)
        else:  # inside fit or predict: already trusted
            for layer in self.layers:
                out = layer.forward(out)
        self._out_shape = out.shape
        return out

    @_guarded
    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Backpropagate through the layers in reverse order.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient of the loss with respect to the model's output.
        input_grad : bool, optional
            Whether to return the gradient with respect to the model's
            input (default ``True``). With ``False``, layers before the first
            layer with parameters are skipped and ``None`` is returned.

        Returns
        -------
        numpy.ndarray or None

        Raises
        ------
        TypeError
            If ``grad_out`` is not numeric array-like or ``input_grad`` is
            not a bool.
        ValueError
            If ``grad_out`` does not have the shape of the last output or
            holds NaN or infinity, or a gradient overflows.
        RuntimeError
            If ``forward`` has not been called.
        """
        if self._out_shape is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        grad = _grad_in(self, grad_out, self._out_shape)
        input_grad = check_flag(input_grad, "input_grad")
        stop = 0 if input_grad else self._first_trainable()
        checking = _checking()
        with _trusted() if checking else _NO_CONTEXT:
            for i in range(len(self.layers) - 1, stop - 1, -1):
                grad = self.layers[i].backward(grad, input_grad=input_grad or i > stop)
        if not input_grad:
            return None
        return grad

    def _first_trainable(self) -> int:
        for i, layer in enumerate(self.layers):
            if layer.parameters():
                return i
        return len(self.layers)

    def parameters(self) -> list[Parameter]:
        """Return the parameters of all layers, in order.

        Returns
        -------
        list of Parameter
        """
        return [p for layer in self.layers for p in layer.parameters()]

    def train(self, mode: bool = True) -> Sequential:
        """Set training or evaluation mode on the model and every layer.

        Parameters
        ----------
        mode : bool, optional
            ``True`` for training mode (default).

        Returns
        -------
        Sequential
            The model itself.

        Raises
        ------
        TypeError
            If ``mode`` is not a bool.
        """
        self.training = check_flag(mode, "mode")
        for layer in self.layers:
            layer.train(mode)
        return self

    def summary(self, input_shape: tuple[int, ...]) -> str:
        """Tabulate each layer's output shape and parameter count.

        A batch of zeros of ``input_shape`` (batch axis included) is run
        through the model in evaluation mode; the mode is restored after.

        Parameters
        ----------
        input_shape : tuple of int
            Shape of an input batch, for example ``(1, 1, 28, 28)``.

        Returns
        -------
        str
            A table with one row per layer and the total parameter count.

        Raises
        ------
        TypeError
            If ``input_shape`` is not a tuple of ints.
        ValueError
            If a size is below 1, the batch has more than :math:`2^{27}`
            entries, or a layer rejects the shape it receives.
        """
        if not isinstance(input_shape, tuple | list):
            raise TypeError(
                f"input_shape must be a tuple of ints, got {describe(input_shape)}"
            )
        shape = tuple(check_integer(s, "input_shape", low=1) for s in input_shape)
        if math.prod(shape) > 1 << 27:
            raise ValueError(
                f"input_shape must describe at most {1 << 27} numbers, got {shape}"
            )
        params = self.parameters()
        dtype = params[0].data.dtype if params else np.float64
        mode = self.training
        self.eval()
        try:
            rows = [("input", str(shape), "0")]
            out = np.zeros(shape, dtype=dtype)
            for layer in self.layers:
                out = layer.forward(out)
                count = sum(p.data.size for p in layer.parameters())
                rows.append((repr(layer), str(out.shape), f"{count:,}"))
        finally:
            self.train(mode)
        header = ("Layer", "Output shape", "Parameters")
        widths = [max(len(r[k]) for r in [header, *rows]) for k in range(3)]
        lines = [
            f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}"
            for a, b, c in [header, *rows]
        ]
        rule = "-" * len(lines[0])
        total = sum(p.data.size for p in params)
        return "\n".join(
            [lines[0], rule, *lines[1:], rule, f"Total parameters: {total:,}"]
        )

    def __getitem__(self, index: int | slice) -> Layer:
        if isinstance(index, slice):
            return Sequential(*self.layers[index])
        return self.layers[index]

    def __len__(self) -> int:
        return len(self.layers)

    def __iter__(self) -> Iterator[Layer]:
        return iter(self.layers)

    def __repr__(self) -> str:
        if not self.layers:
            return "Sequential()"
        lines = [
            f"  ({i}): {layer!r}".replace("\n", "\n  ")
            for i, layer in enumerate(self.layers)
        ]
        return "Sequential(\n" + "\n".join(lines) + "\n)"


# ---------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------


class Loss:
    """Base class of the losses: ``forward`` returns a float, ``backward`` a gradient.

    ``forward(prediction, target)`` (also ``loss(prediction, target)``)
    returns the mean loss over the batch as a Python float and remembers
    what ``backward()`` needs; ``backward()`` returns the gradient of that
    mean with respect to ``prediction``.

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.nn import Loss, MSELoss
    >>> loss = MSELoss()
    >>> isinstance(loss, Loss), loss(np.array([1.0, 2.0]), np.array([0.0, 2.0]))
    (True, 0.5)
    >>> loss.backward()
    array([1., 0.])
    """

    def forward(self, prediction: ArrayLike, target: ArrayLike) -> float:
        """Return the loss of ``prediction`` against ``target``.

        Parameters
        ----------
        prediction : array_like
            The model's output.
        target : array_like
            The desired output.

        Returns
        -------
        float

        Raises
        ------
        TypeError
            If an argument is not numeric array-like.
        ValueError
            If an argument holds NaN or infinity.
        NotImplementedError
            Always, after the checks: subclasses implement it.
        """
        as_array(prediction, "prediction", dtype="floating")
        as_array(target, "target", dtype=None)
        raise NotImplementedError

    def backward(self) -> np.ndarray:
        """Return the gradient of the last loss with respect to the prediction.

        Returns
        -------
        numpy.ndarray
        """
        raise NotImplementedError

    def __call__(self, prediction: ArrayLike, target: ArrayLike) -> float:
        return self.forward(prediction, target)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _cached(self, value: Any) -> Any:
        if value is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        return value


class MSELoss(Loss):
    r"""Mean squared error over all elements, like ``torch.nn.MSELoss()``.

    Notes
    -----
    For prediction :math:`\hat y` and target :math:`y` with :math:`m`
    elements in all,

    .. math:: J = \frac{1}{m} \sum_i (\hat y_i - y_i)^2, \qquad
       \frac{\partial J}{\partial \hat y} = \frac{2}{m} (\hat y - y).

    The target is converted to the prediction's dtype.

    Examples
    --------
    >>> loss = MSELoss()
    >>> loss(np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]]))
    2.5
    >>> loss.backward()
    array([[ 1., -2.]])
    """

    def __init__(self) -> None:
        self._diff: np.ndarray | None = None

    def forward(self, prediction: ArrayLike, target: ArrayLike) -> float:
        """Return the mean squared error.

        Parameters
        ----------
        prediction : array_like
            Predictions of any shape.
        target : array_like
            Targets, same shape as ``prediction``.

        Returns
        -------
        float

        Raises
        ------
        TypeError
            If an argument is not numeric array-like.
        ValueError
            If the shapes differ, an argument is empty, a value is NaN or
            infinite, or the loss overflows.
        """
        prediction = as_array(prediction, "prediction", dtype="floating")
        target = as_array(target, "target", dtype=prediction.dtype)
        if prediction.shape != target.shape:
            raise ValueError(
                f"prediction and target must have the same shape, "
                f"got {prediction.shape} and {target.shape}"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            self._diff = prediction - target
            value = float(np.mean(self._diff**2))
        return check_finite_result(
            value, "the mean squared error", "prediction and target are too far apart"
        )

    def backward(self) -> np.ndarray:
        r"""Return :math:`2(\hat y - y)/m`.

        Returns
        -------
        numpy.ndarray
        """
        diff = self._cached(self._diff)
        return diff * (diff.dtype.type(2) / diff.size)


class CrossEntropyLoss(Loss):
    r"""Cross-entropy from logits and integer labels, as ``torch.nn.CrossEntropyLoss``.

    Notes
    -----
    For logits :math:`z_i \in \mathbb{R}^K` and labels :math:`y_i \in
    \{0, \dots, K-1\}` of a batch of :math:`N` samples,

    .. math:: J = -\frac{1}{N} \sum_{i=1}^N \log \operatorname{softmax}(z_i)_{y_i}
       = \frac{1}{N} \sum_{i=1}^N \Big( \log \sum_k e^{z_{ik}} - z_{i y_i} \Big),

    with the log-sum-exp computed after subtracting :math:`\max_k z_{ik}`, so
    logits of any size (say :math:`10^4`) neither overflow nor give
    :math:`\log 0`. The gradient is the famous

    .. math:: \frac{\partial J}{\partial z_i} = \frac{p_i - e_{y_i}}{N},
       \qquad p_i = \operatorname{softmax}(z_i),

    computed by subtracting 1 at the label's index (no one-hot matrix).

    Examples
    --------
    >>> loss = CrossEntropyLoss()
    >>> logits = np.array([[2.0, 0.0], [0.0, 0.0]])
    >>> round(loss(logits, np.array([0, 1])), 4)  # (log(1+e^-2) + log 2) / 2
    0.41
    >>> loss.backward().round(4)
    array([[-0.0596,  0.0596],
           [ 0.25  , -0.25  ]])
    """

    def __init__(self) -> None:
        self._probs: np.ndarray | None = None
        self._target: np.ndarray | None = None

    def forward(self, prediction: ArrayLike, target: ArrayLike) -> float:
        """Return the mean cross-entropy of ``softmax(prediction)`` and ``target``.

        Parameters
        ----------
        prediction : array_like, shape (N, K)
            Logits (unnormalised log-probabilities).
        target : array_like of int, shape (N,)
            Class labels in ``0, ..., K-1``.

        Returns
        -------
        float

        Raises
        ------
        ValueError
            If the logits are not 2-D, empty or not finite, the numbers of
            samples differ, or a label is out of range.
        TypeError
            If an argument is not array-like or the labels are not integers.
        """
        if _checking() or not (
            isinstance(prediction, np.ndarray) and isinstance(target, np.ndarray)
        ):
            logits = as_array(prediction, "prediction", ndim=2, dtype="floating")
            labels = as_labels(target, "target")
        else:  # inside fit: the labels were checked once, the logits are the
            # model's output (a NaN or infinity shows in the loss, which fit checks)
            logits, labels = prediction, target
        check_consistent_length(logits, labels, "prediction", "target")
        n_classes = logits.shape[1]
        if labels.max() >= n_classes:
            raise ValueError(
                f"target must hold class labels in 0..{n_classes - 1} for "
                f"{n_classes} logits per sample, got {int(labels.max())}"
            )
        rows = np.arange(len(labels))
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1)
        # log p(y_i) = shifted_{i, y_i} - log sum_k exp(shifted_{ik})
        log_likelihood = shifted[rows, labels] - np.log(sum_exp)
        exp /= sum_exp[:, None]
        self._probs, self._target = exp, labels
        return float(-log_likelihood.mean())

    def backward(self) -> np.ndarray:
        r"""Return :math:`(\operatorname{softmax}(z) - \text{onehot}(y))/N`.

        Returns
        -------
        numpy.ndarray, shape (N, K)
        """
        # The cached probabilities are not needed again: reuse their memory.
        grad = self._cached(self._probs)
        self._probs = None
        labels = self._target
        grad[np.arange(len(labels)), labels] -= 1
        grad /= len(labels)
        return grad


class BinaryCrossEntropyLoss(Loss):
    r"""Binary cross-entropy from logits, like ``torch.nn.BCEWithLogitsLoss``.

    Notes
    -----
    For a logit :math:`z` and a target :math:`y \in [0, 1]`, the loss
    :math:`-y \log \sigma(z) - (1-y) \log(1 - \sigma(z))` equals

    .. math:: \ell(z, y) = \max(z, 0) - z y + \log\!\left(1 + e^{-|z|}\right),

    a form that never overflows and never takes :math:`\log 0`.
    :math:`J` is the mean of :math:`\ell` over all :math:`m` elements and
    :math:`\partial J/\partial z = (\sigma(z) - y)/m`.

    Examples
    --------
    >>> loss = BinaryCrossEntropyLoss()
    >>> round(loss(np.array([0.0, 1000.0]), np.array([1.0, 1.0])), 4)  # log(2)/2
    0.3466
    >>> loss.backward()
    array([-0.25,  0.  ])
    """

    def __init__(self) -> None:
        self._logits: np.ndarray | None = None
        self._target: np.ndarray | None = None

    def forward(self, prediction: ArrayLike, target: ArrayLike) -> float:
        """Return the mean binary cross-entropy.

        Parameters
        ----------
        prediction : array_like
            Logits of any shape.
        target : array_like
            Targets in :math:`[0, 1]` (usually 0 or 1), same shape.

        Returns
        -------
        float

        Raises
        ------
        TypeError
            If an argument is not numeric array-like.
        ValueError
            If the shapes differ, an argument is empty, a value is not
            finite, or a target is outside :math:`[0, 1]`.
        """
        z = as_array(prediction, "prediction", dtype="floating")
        y = as_array(target, "target", dtype=z.dtype)
        if z.shape != y.shape:
            raise ValueError(
                f"prediction and target must have the same shape, "
                f"got {z.shape} and {y.shape}"
            )
        if y.min() < 0 or y.max() > 1:
            raise ValueError(
                f"target must hold values in [0, 1], "
                f"got values from {y.min():.6g} to {y.max():.6g}"
            )
        self._logits, self._target = z, y
        with np.errstate(over="ignore", invalid="ignore"):
            losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
            value = float(losses.mean())
            if not math.isfinite(value):  # the sum overflowed: scale first
                value = float((losses / losses.size).sum())
        return check_finite_result(
            value, "the binary cross-entropy", "prediction is too large"
        )

    def backward(self) -> np.ndarray:
        r"""Return :math:`(\sigma(z) - y)/m`.

        Returns
        -------
        numpy.ndarray
        """
        z = self._cached(self._logits)
        return (sigmoid(z) - self._target) / z.size


def l2_penalty(parameters: Iterable[Parameter], lam: float) -> float:
    r"""Add an L2 (weight-decay) term to the gradients and return its value.

    Parameters
    ----------
    parameters : iterable of Parameter
        The parameters to penalise, usually only the weights, for example
        ``[p for p in model.parameters() if p.name == "weight"]``.
    lam : float
        The penalty strength :math:`\lambda \ge 0`.

    Returns
    -------
    float
        :math:`\frac{\lambda}{2} \sum_W \lVert W \rVert_F^2`, to add to the
        data loss.

    Raises
    ------
    TypeError
        If ``parameters`` is not an iterable of :class:`Parameter` or ``lam``
        is not a real number.
    ValueError
        If ``lam`` is negative or not finite, or the penalty or a gradient
        overflows.

    Notes
    -----
    The regularised objective :math:`J + \frac{\lambda}{2}\sum_W
    \lVert W \rVert^2` has gradient :math:`\partial J/\partial W + \lambda W`,
    so this function *adds* :math:`\lambda W` to each ``W.grad``. Call it
    after ``zero_grad`` and before the optimiser's ``step``, before or after
    ``backward`` (gradients add up). For the output layer of a network with
    hidden activations :math:`h` this gives the Chapter 11 formula
    :math:`\partial J/\partial W_2 = (\partial J/\partial o)^\top h +
    \lambda W_2`. Putting the decay here, in the loss, is explicit; the
    alternative is an optimiser with a ``weight_decay`` option.

    Examples
    --------
    >>> w = Parameter([[3.0, 4.0]], name="weight")
    >>> l2_penalty([w], lam=0.1)  # 0.05 * (9 + 16)
    1.25
    >>> w.grad
    array([[0.3, 0.4]])
    """
    lam = check_scalar(lam, "lam", low=0)
    params = _parameter_list(parameters, "parameters")
    total = 0.0
    steps = []
    with np.errstate(over="ignore", invalid="ignore"):
        for p in params:
            total += float(np.vdot(p.data, p.data))
            steps.append(lam * p.data)
        value = 0.5 * lam * total
    hint = "lam or the parameters are too large"
    check_finite_result(value, "the L2 penalty", hint)
    for p, step in zip(params, steps, strict=True):
        check_finite_result(step, f"the penalty gradient of {p!r}", hint)
        p.grad += step
    return value


def _parameter_list(parameters: Any, name: str) -> list[Parameter]:
    """Check an iterable of :class:`Parameter` and return it as a list."""
    if isinstance(parameters, Parameter) or not isinstance(parameters, Iterable):
        raise TypeError(
            f"{name} must be an iterable of Parameter, got {describe(parameters)}"
        )
    params = list(parameters)
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(f"{name}[{i}] must be a Parameter, got {describe(p)}")
    return params


# ---------------------------------------------------------------------------
# Gradient checking
# ---------------------------------------------------------------------------


class _Model(Protocol):
    def forward(self, x: np.ndarray) -> np.ndarray: ...  # pragma: no cover

    def backward(
        self, grad_out: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None: ...  # pragma: no cover

    def parameters(self) -> list[Parameter]: ...  # pragma: no cover


def _relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """``||a - n|| / max(||a|| + ||n||, tiny)``, 0 when both are zero."""
    num = float(np.linalg.norm(analytic - numeric))
    den = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
    return num / max(den, np.finfo(np.float64).tiny)


def _numerical_gradient(
    f: Callable[[], float], array: np.ndarray, eps: float
) -> np.ndarray:
    """Central differences of ``f`` with respect to each entry of ``array``.

    ``array`` is perturbed in place, one entry at a time, and restored.
    """
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        old = array[index]
        array[index] = old + eps
        f_plus = f()
        array[index] = old - eps
        f_minus = f()
        array[index] = old
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def gradient_check(
    model: _Model,
    loss: Loss,
    x: ArrayLike,
    y: ArrayLike,
    eps: float = 1e-6,
    *,
    check_input: bool = True,
) -> float:
    r"""Compare backpropagation with central differences; return the worst error.

    Parameters
    ----------
    model : Layer
        A layer or model (anything with ``forward``, ``backward`` and
        ``parameters``) in float64. It must be deterministic: put
        :class:`Dropout` in evaluation mode or fix its mask.
    loss : Loss
        The loss applied to the model's output.
    x : array_like
        An input batch, float64.
    y : array_like
        The targets for ``loss``.
    eps : float, optional
        The finite-difference step (default :math:`10^{-6}`).
    check_input : bool, optional
        Also check the gradient with respect to ``x`` (default ``True``).

    Returns
    -------
    float
        The largest relative error over the parameters (and the input).
        Below about :math:`10^{-6}` the gradients agree; a bug usually
        gives :math:`10^{-2}` or more.

    Raises
    ------
    TypeError
        If ``model`` or ``loss`` lacks a method they need, ``x`` or a
        parameter is not float64 (float32 round-off would swamp the
        comparison), or ``check_input`` is not a bool.
    ValueError
        If there is nothing to check, ``eps`` is not in :math:`(0, 1]`, or
        ``x`` is empty or not finite.

    Notes
    -----
    For every entry :math:`\theta_k` of every parameter,

    .. math:: \frac{\partial J}{\partial \theta_k} \approx
       \frac{J(\theta + \varepsilon e_k) - J(\theta - \varepsilon e_k)}{2\varepsilon},

    with an error of order :math:`\varepsilon^2` (plus round-off of order
    :math:`10^{-16}/\varepsilon`). For each array, with :math:`a` the
    backpropagated and :math:`n` the numerical gradient,

    .. math:: \text{error} = \frac{\lVert a - n \rVert_2}
       {\max(\lVert a \rVert_2 + \lVert n \rVert_2,\ \text{tiny})},

    where tiny is the smallest positive normal float64, so two zero
    gradients give 0. Norms over a whole array, rather than entry by entry,
    keep entries whose true gradient is 0 from dividing round-off by
    round-off. The check costs two forward passes per entry; use small
    models and batches. It leaves the backpropagated gradients in the
    parameters' ``grad``.

    Examples
    --------
    >>> model = Sequential(Dense(3, 4, rng=0), Tanh(), Dense(4, 2, rng=1))
    >>> x = np.random.default_rng(2).normal(size=(5, 3))
    >>> y = np.array([0, 1, 1, 0, 1])
    >>> gradient_check(model, CrossEntropyLoss(), x, y) < 1e-7
    True
    """
    _check_model(model, "model", ("forward", "backward", "parameters"))
    check_interface(loss, "loss", ("forward", "backward"), "a loss")
    eps = check_scalar(eps, "eps", low=0, low_inclusive=False, high=1)
    check_input = check_flag(check_input, "check_input")
    x = as_array(x, "x", dtype=None)
    if x.dtype != np.float64:
        raise TypeError(f"x must be float64 for a gradient check, got dtype {x.dtype}")
    x = x.copy()  # perturbed in place below
    params = model.parameters()
    for p in params:
        if p.data.dtype != np.float64:
            raise TypeError(
                f"model parameters must be float64 for a gradient check, got {p!r}"
            )
    if not params and not check_input:
        raise ValueError("the model has no parameters and check_input is False")

    y = as_array(y, "y", dtype=None)
    if x.ndim == 0 or y.ndim == 0:
        raise ValueError("x and y must have a sample axis, got a scalar")
    check_consistent_length(x, y, "x", "y")
    _check_targets(loss, y, "y")

    def objective() -> float:
        return loss.forward(model.forward(x), y)

    for p in params:
        p.zero_grad()
    try:
        value = objective()
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"x and y do not suit the model and the loss: {exc}") from exc
    check_finite_result(value, "the loss at x", "x is too large in magnitude")
    grad_x = model.backward(loss.backward(), input_grad=check_input)
    with np.errstate(over="ignore", invalid="ignore"):
        errors = [
            _relative_error(p.grad, _numerical_gradient(objective, p.data, eps))
            for p in params
        ]
        if check_input:
            numeric = _numerical_gradient(objective, x, eps)
            errors.append(_relative_error(grad_x, numeric))
    return check_finite_result(
        max(errors), "the relative error", "eps is too large or too small for x"
    )


# ---------------------------------------------------------------------------
# Training and prediction
# ---------------------------------------------------------------------------


class _Optimizer(Protocol):
    def step(self) -> None: ...  # pragma: no cover

    def zero_grad(self) -> None: ...  # pragma: no cover


@dataclass
class History:
    """Per-epoch metrics recorded by :func:`fit`.

    Attributes
    ----------
    loss : list of float
        Mean training loss of each epoch (averaged over the minibatches, as
        the parameters changed during the epoch).
    accuracy : list of float
        Training accuracy of each epoch, measured on the minibatches as they
        were trained on; empty for losses that are not classification
        losses (:class:`MSELoss`).
    val_loss, val_accuracy : list of float
        The same on the validation set after each epoch, in evaluation mode;
        empty without validation data.

    Raises
    ------
    TypeError
        If a field is not a sequence of real numbers.
    ValueError
        If a field is not 1-D or holds NaN or infinity, or an accuracy is
        outside [0, 1]. The values are checked when the record is made
        (:func:`fit` makes it empty and refuses a non-finite loss itself),
        not at every ``append``.

    Examples
    --------
    >>> from mathdl import nn, optim
    >>> from mathdl.datasets import tiny_digits
    >>> X, y = tiny_digits()
    >>> model = nn.Sequential(
    ...     nn.Dense(12, 3, rng=0), nn.Sigmoid(), nn.Dense(3, 2, rng=1)
    ... )
    >>> sgd = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    >>> history = nn.fit(
    ...     model, nn.CrossEntropyLoss(), sgd, X, y, epochs=20, batch_size=16, rng=0
    ... )
    >>> len(history.loss), history.loss[-1] < history.loss[0], history.accuracy[-1]
    (20, True, 1.0)
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            values = getattr(self, name)
            if isinstance(values, list) and not values:
                continue  # what fit makes: nothing to check, keep the list
            array = as_array(values, name, ndim=1, allow_empty=True)
            if name.endswith("accuracy"):
                check_probabilities(array, name, atol=0.0)
            setattr(self, name, array.tolist())


def _check_model(model: Any, name: str, methods: tuple[str, ...]) -> None:
    """Check that ``model`` is a model: a layer or anything with its methods."""
    check_interface(model, name, methods, "a model (a Layer or Sequential)")


def _model_dtype(model: _Model, default: np.dtype) -> np.dtype:
    params = model.parameters()
    return params[0].data.dtype if params else default


def _n_correct(loss: Loss, output: np.ndarray, y: np.ndarray) -> int | None:
    """Correct predictions in a batch, or None when accuracy has no meaning."""
    if isinstance(loss, CrossEntropyLoss):
        return int(np.count_nonzero(output.argmax(axis=1) == y))
    if isinstance(loss, BinaryCrossEntropyLoss):
        return int(np.count_nonzero((output > 0) == (y > 0.5)))
    return None


def _check_data(
    X: ArrayLike, y: ArrayLike, dtype: np.dtype, names: str
) -> tuple[np.ndarray, np.ndarray]:
    name_x, name_y = names.split()
    X = as_array(X, name_x, dtype=dtype)
    if X.ndim < 2:
        raise ValueError(
            f"{name_x} must have a sample axis and a feature axis, got shape {X.shape}"
        )
    y = as_array(y, name_y, dtype=None)
    check_consistent_length(X, y, name_x, name_y)
    return X, y


def _evaluate(
    model: _Model, loss: Loss, X: np.ndarray, y: np.ndarray, batch_size: int
) -> tuple[float, int | None]:
    """Mean loss and number correct over a data set, in batches."""
    total, correct = 0.0, 0
    for start in range(0, len(X), batch_size):
        out = model.forward(X[start : start + batch_size])
        yb = y[start : start + batch_size]
        total += loss.forward(out, yb) * len(yb)
        n = _n_correct(loss, out, yb)
        correct = None if n is None else correct + n
    return total / len(X), correct


def fit(
    model: _Model,
    loss: Loss,
    optimizer: _Optimizer,
    X: ArrayLike,
    y: ArrayLike,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator | int,
    validation: tuple[ArrayLike, ArrayLike] | None = None,
) -> History:
    r"""Train ``model`` by minibatch gradient descent.

    Parameters
    ----------
    model : Layer
        The model, usually a :class:`Sequential`.
    loss : Loss
        The loss, such as :class:`CrossEntropyLoss`.
    optimizer : object
        Anything with ``zero_grad()`` and ``step()`` that updates the
        model's parameters, such as ``mathdl.optim.SGD(model.parameters(),
        lr=0.1)``.
    X : array_like, shape (n_samples, ...)
        Training inputs; converted once to the model's dtype.
    y : array_like, shape (n_samples, ...)
        Training targets (integer labels for cross-entropy).
    epochs : int
        Number of passes over the data.
    batch_size : int
        Samples per minibatch; the last minibatch of an epoch may be smaller.
    rng : numpy.random.Generator or int
        Random generator or seed for the shuffling.
    validation : (X_val, y_val), optional
        Data evaluated after every epoch, in evaluation mode.

    Returns
    -------
    History
        Per-epoch training and validation loss and accuracy.

    Raises
    ------
    TypeError
        If ``model``, ``loss`` or ``optimizer`` lacks a method it needs,
        ``validation`` is not a pair, the data are not numeric array-like,
        ``y`` does not suit the loss (labels that are not integers for
        :class:`CrossEntropyLoss`), or ``rng`` is not a generator or seed.
    ValueError
        If the data contain NaN or infinity or are empty, ``X`` and ``y``
        have different lengths, ``epochs``/``batch_size`` are not positive,
        ``rng`` is a negative seed, or training diverges: the loss or a
        gradient becomes NaN or infinite. The message then names the epoch
        and the step (and the parameter); try a smaller learning rate.

    Notes
    -----
    Each epoch visits the samples in a fresh random permutation, in
    minibatches :math:`B` of ``batch_size``; for each it runs
    ``optimizer.zero_grad()``, the forward pass, the loss
    :math:`J_B = \frac{1}{|B|}\sum_{i \in B} \ell_i`, the backward pass (without the
    gradient with respect to the data) and ``optimizer.step()``. The
    model is in training mode while training; the validation pass
    switches it to evaluation mode and back.

    Examples
    --------
    >>> class PlainSGD:  # mathdl.optim.SGD does this and more
    ...     def __init__(self, params, lr):
    ...         self.params, self.lr = params, lr
    ...
    ...     def zero_grad(self):
    ...         for p in self.params:
    ...             p.zero_grad()
    ...
    ...     def step(self):
    ...         for p in self.params:
    ...             p.data -= self.lr * p.grad
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2))
    >>> y = (X[:, 0] + X[:, 1] > 0).astype(int)
    >>> model = Sequential(Dense(2, 8, rng=1), ReLU(), Dense(8, 2, rng=2))
    >>> history = fit(
    ...     model,
    ...     CrossEntropyLoss(),
    ...     PlainSGD(model.parameters(), lr=0.5),
    ...     X,
    ...     y,
    ...     epochs=20,
    ...     batch_size=20,
    ...     rng=3,
    ... )
    >>> history.accuracy[-1] > 0.95
    True
    """
    _check_model(model, "model", ("forward", "backward", "parameters", "train"))
    check_interface(loss, "loss", ("forward", "backward"), "a loss")
    check_interface(optimizer, "optimizer", ("step", "zero_grad"), "an optimizer")
    epochs = check_integer(
        epochs, "epochs", low=1, high=_MAX_EPOCHS, why="the work grows with it"
    )
    batch_size = check_integer(batch_size, "batch_size", low=1)
    generator = check_rng(rng)
    X_arr = as_array(X, "X", dtype=None, finite=False)
    dtype = _model_dtype(
        model, X_arr.dtype if X_arr.dtype in _FLOAT_DTYPES else np.dtype(np.float64)
    )
    X, y = _check_data(X, y, dtype, "X y")
    _check_targets(loss, y, "y")
    if validation is not None:
        if not isinstance(validation, tuple | list) or len(validation) != 2:
            raise TypeError(
                f"validation must be a pair (X_val, y_val), got {describe(validation)}"
            )
        X_val, y_val = _check_data(*validation, dtype, "X_val y_val")
        _check_targets(loss, y_val, "y_val")
    # mathdl's optimisers refuse a non-finite gradient themselves, naming the
    # parameter; for others, fit checks the gradients before each step.
    check_grads = not getattr(optimizer, "_checks_gradients", False)
    history = History()
    n = len(X)
    # The data are checked: the layers need not check again. Overflow shows
    # as a non-finite loss or gradient, refused below with epoch and step.
    quiet = np.errstate(over="ignore", invalid="ignore", divide="ignore")
    with _trusted(), quiet:
        for epoch in range(1, epochs + 1):
            model.train()
            order = generator.permutation(n)
            total, correct = 0.0, 0
            for step, start in enumerate(range(0, n, batch_size), start=1):
                batch = order[start : start + batch_size]
                xb, yb = X[batch], y[batch]
                optimizer.zero_grad()
                try:
                    out = model.forward(xb)
                except (ValueError, TypeError) as exc:
                    raise type(exc)(f"X does not suit the model: {exc}") from exc
                try:
                    value = loss.forward(out, yb)
                except ValueError as exc:
                    if np.isfinite(out).all():
                        raise
                    what = "the model's output is not finite"
                    raise _diverged(epoch, step, what) from exc
                if not math.isfinite(value):
                    raise _diverged(epoch, step, f"the loss is {value}")
                total += value * len(batch)
                model.backward(loss.backward(), input_grad=False)
                if check_grads:
                    _check_gradients(model, epoch, step)
                try:
                    optimizer.step()
                except NonFiniteGradientError as exc:
                    raise _diverged(epoch, step, str(exc)) from exc
                n_ok = _n_correct(loss, out, yb)
                correct = None if n_ok is None else correct + n_ok
            history.loss.append(total / n)
            if correct is not None:
                history.accuracy.append(correct / n)
            if validation is not None:
                model.eval()
                val_loss, val_correct = _evaluate(model, loss, X_val, y_val, batch_size)
                model.train()
                history.val_loss.append(val_loss)
                if val_correct is not None:
                    history.val_accuracy.append(val_correct / len(X_val))
    return history


def _diverged(epoch: int, step: int, what: str) -> ValueError:
    """The error of a training run whose loss or gradient stopped being finite."""
    return ValueError(
        f"training diverged at epoch {epoch}, step {step}: {what} (NaN or "
        "infinity: the computation overflowed). Try a smaller learning rate "
        "(or scale the inputs X)"
    )


def _check_gradients(model: _Model, epoch: int, step: int) -> None:
    """Raise when a parameter's gradient holds NaN or infinity."""
    for p in model.parameters():
        g = p.grad
        with np.errstate(over="ignore", invalid="ignore"):
            finite = np.isfinite(g.sum()) or np.isfinite(g).all()
        if not finite:
            raise _diverged(epoch, step, f"the gradient of {p!r} is not finite")


def _check_targets(loss: Any, y: np.ndarray, name: str) -> None:
    """Check training targets once, for the losses whose targets mathdl knows."""
    if isinstance(loss, CrossEntropyLoss):
        as_labels(y, name)
    elif isinstance(loss, BinaryCrossEntropyLoss | MSELoss):
        target = as_array(y, name)
        if isinstance(loss, BinaryCrossEntropyLoss) and (
            target.min() < 0 or target.max() > 1
        ):
            raise ValueError(
                f"{name} must hold values in [0, 1] for BinaryCrossEntropyLoss, "
                f"got values from {target.min():.6g} to {target.max():.6g}"
            )


def _logits(model: _Model, X: ArrayLike, batch_size: int) -> np.ndarray:
    """Model outputs for all of ``X``, in evaluation mode and in batches."""
    _check_model(model, "model", ("forward", "parameters", "train", "eval"))
    batch_size = check_integer(batch_size, "batch_size", low=1)
    X = as_array(X, "X", dtype="floating")
    if X.ndim < 1:
        raise ValueError(f"X must have a sample axis, got shape {X.shape}")
    X = X.astype(_model_dtype(model, X.dtype), copy=False)
    mode = getattr(model, "training", True)
    model.eval()
    try:
        with _trusted(), np.errstate(over="ignore", invalid="ignore"):
            outputs = [
                model.forward(X[start : start + batch_size])
                for start in range(0, len(X), batch_size)
            ]
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"X does not suit the model: {exc}") from exc
    finally:
        model.train(mode)
    return check_finite_result(
        np.concatenate(outputs), "the model's output", "X is too large in magnitude"
    )


def predict(model: _Model, X: ArrayLike, *, batch_size: int = 1024) -> np.ndarray:
    """Predict class labels: the argmax of the logits, in evaluation mode.

    Parameters
    ----------
    model : Layer
        A trained classifier whose output is logits, shape (n, K); a single
        logit per sample (shape (n,) or (n, 1), as for
        :class:`BinaryCrossEntropyLoss`) predicts 1 where it is positive.
    X : array_like, shape (n_samples, ...)
        Inputs.
    batch_size : int, optional
        Samples per forward pass (default 1024), to bound memory.

    Returns
    -------
    numpy.ndarray of int, shape (n_samples,)

    Raises
    ------
    TypeError
        If ``model`` is not a model, ``X`` is not numeric array-like, or
        ``batch_size`` is not an integer.
    ValueError
        If ``X`` is empty or contains NaN or infinity, ``batch_size`` is
        below 1, or the model's output overflows.

    Examples
    --------
    >>> model = Dense(2, 3, rng=0)
    >>> model.weight.data[:] = np.eye(3, 2)
    >>> predict(model, [[5.0, 1.0], [0.0, 2.0]])
    array([0, 1])
    """
    z = _logits(model, X, batch_size)
    if z.ndim == 1 or z.shape[1] == 1:
        return (z.reshape(-1) > 0).astype(np.int64)
    return z.argmax(axis=1)


def predict_proba(model: _Model, X: ArrayLike, *, batch_size: int = 1024) -> np.ndarray:
    """Predict class probabilities: the softmax of the logits, in evaluation mode.

    Parameters
    ----------
    model : Layer
        A trained classifier whose output is logits, shape (n, K). With a
        single logit per sample, the sigmoid gives :math:`P(y=1)` and the
        result has the two columns :math:`1 - P, P`, as in scikit-learn.
    X : array_like, shape (n_samples, ...)
        Inputs.
    batch_size : int, optional
        Samples per forward pass (default 1024).

    Returns
    -------
    numpy.ndarray, shape (n_samples, K)
        Rows sum to 1.

    Raises
    ------
    TypeError
        If ``model`` is not a model, ``X`` is not numeric array-like, or
        ``batch_size`` is not an integer.
    ValueError
        If ``X`` is empty or contains NaN or infinity, ``batch_size`` is
        below 1, or the model's output overflows.

    Examples
    --------
    >>> model = Dense(2, 2, rng=0)
    >>> model.weight.data[:] = [[1.0, 0.0], [0.0, 0.0]]
    >>> predict_proba(model, [[0.0, 0.0], [np.log(3.0), 0.0]])
    array([[0.5 , 0.5 ],
           [0.75, 0.25]])
    """
    z = _logits(model, X, batch_size)
    if z.ndim == 1 or z.shape[1] == 1:
        p = sigmoid(z.reshape(-1))
        return np.stack([1 - p, p], axis=1)
    return softmax(z, axis=1)
