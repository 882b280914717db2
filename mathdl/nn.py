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

import numbers
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, DTypeLike

from mathdl._parameter import Parameter
from mathdl._validation import (
    as_array,
    as_labels,
    check_consistent_length,
    check_finite,
    check_integer,
    check_rng,
    check_scalar,
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


def _check_dtype(dtype: DTypeLike) -> np.dtype:
    """Return ``dtype`` as a NumPy dtype, accepting only float32 and float64."""
    try:
        result = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(
            f"dtype must be float32 or float64, got {describe(dtype)}"
        ) from exc
    if result not in _FLOAT_DTYPES:
        raise ValueError(f"dtype must be float32 or float64, got {result}")
    return result


def _as_float(x: ArrayLike) -> np.ndarray:
    """Return ``x`` as a floating array, without a copy when it already is one."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return x
    return np.asarray(x, dtype=np.float64)


def _pair(value: int | Sequence[int], name: str, low: int) -> tuple[int, int]:
    """Normalise an int or a pair of ints (kernel size, stride, padding)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value, value)
    if not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(
            f"{name} must be an int or a pair of ints, got {describe(value)}"
        )
    return (
        check_integer(value[0], name, low=low),
        check_integer(value[1], name, low=low),
    )


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
    x = _as_float(x)
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

    Notes
    -----
    .. math:: \operatorname{softmax}(x)_k = \frac{e^{x_k - m}}{\sum_j e^{x_j - m}},
       \qquad m = \max_j x_j .

    Subtracting the maximum :math:`m` does not change the result (it
    cancels) but keeps every exponent :math:`\le 0`, so nothing overflows.

    Examples
    --------
    >>> softmax(np.array([1.0, 2.0, 3.0])).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax(np.array([1e4, 0.0]))  # no overflow
    array([1., 0.])
    """
    x = _as_float(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e


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
    x = _as_float(x)
    shifted = x - x.max(axis=axis, keepdims=True)
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
    for p in range(kh):
        for q in range(kw):
            padded[:, :, p : p + sh * ho : sh, q : q + sw * wo : sw] += blocks[
                :, :, p, q
            ]
    return padded[:, :, ph : ph + h, pw : pw + w]


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
    ValueError
        If ``x`` is not 4-D or the kernel is larger than the padded input.

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
    ValueError
        If ``cols`` does not have the shape that ``input_shape`` implies.

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
    cols = _as_float(cols)
    n, c = input_shape[:2]
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    ho, wo = _window_grid(input_shape, kernel_size, stride, padding)
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
    ValueError
        If ``x`` is not 4-D or the kernel is larger than the padded input.

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
    ValueError
        If ``cols`` does not have the shape that ``input_shape`` implies.

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.nn import fold
    >>> fold(np.ones((1, 4, 4)), (1, 1, 3, 3), 2)[0, 0]  # windows covering each pixel
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    cols = _as_float(cols)
    n, c = input_shape[:2]
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    ho, wo = _window_grid(input_shape, kernel_size, stride, padding)
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
        """
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
        """
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
        """
        self.training = bool(mode)
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
    ValueError
        If a size is not positive, ``init`` is unknown, or ``dtype`` is not
        float32 or float64.

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
        self.in_features = check_integer(in_features, "in_features", low=1)
        self.out_features = check_integer(out_features, "out_features", low=1)
        self.init = init
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
        ValueError
            If ``x`` is not 2-D with ``in_features`` columns.
        """
        x = _as_float(x)
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(
                f"{self!r} expected input with {self.in_features} features, "
                f"got shape {x.shape}"
            )
        W = self.weight.data
        if x.dtype != W.dtype:
            x = x.astype(W.dtype)
        self._x = x  # dJ/dW needs the input
        out = x @ W.T  # W.T is row-major: a plain BLAS product
        out += self.bias.data
        return out

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
        """
        x = self._cached(self._x)
        # dJ/dW = G^T X. Add its transpose X^T G to the row-major view
        # weight.grad.T (see Notes): the same numbers, a faster product.
        grad_w_t = self.weight.grad.T
        grad_w_t += x.T @ grad_out
        self.bias.grad += grad_out.sum(axis=0)
        return grad_out @ self.weight.data if input_grad else None

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
        """
        self._y = sigmoid(x)
        return self._y

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
        """
        y = self._cached(self._y)
        return grad_out * y * (1 - y) if input_grad else None


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

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply tanh elementwise.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray
        """
        self._y = np.tanh(_as_float(x))
        return self._y

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
        """
        y = self._cached(self._y)
        return grad_out * (1 - y * y) if input_grad else None


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

    def forward(self, x: np.ndarray) -> np.ndarray:
        r"""Apply :math:`\max(x, 0)` elementwise.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray
        """
        x = _as_float(x)
        self._mask = x > 0
        return x * self._mask

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
        """
        mask = self._cached(self._mask)
        return grad_out * mask if input_grad else None


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

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply the leaky ReLU elementwise.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray
        """
        x = _as_float(x)
        # The local derivative: 1 where x > 0, alpha elsewhere.
        self._slope = np.where(
            x > 0, x.dtype.type(1), x.dtype.type(self.negative_slope)
        )
        return x * self._slope

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
        """
        slope = self._cached(self._slope)
        return grad_out * slope if input_grad else None

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

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply the softmax along the last axis.

        Parameters
        ----------
        x : numpy.ndarray
            Logits; the last axis indexes classes.

        Returns
        -------
        numpy.ndarray
            Probabilities, same shape as ``x``.
        """
        self._s = softmax(x, axis=-1)
        return self._s

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
        """
        s = self._cached(self._s)
        if not input_grad:
            return None
        return s * (grad_out - (grad_out * s).sum(axis=-1, keepdims=True))


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
    ValueError
        If a size is not positive, or (in ``forward``) the input is not 4-D,
        has the wrong number of channels, or is smaller than the kernel.

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
        self.in_channels = check_integer(in_channels, "in_channels", low=1)
        self.out_channels = check_integer(out_channels, "out_channels", low=1)
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride = _pair(stride, "stride", 1)
        self.padding = _pair(padding, "padding", 0)
        self.init = init
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
        ValueError
            If ``x`` is not 4-D, has the wrong number of channels, or the
            kernel is larger than the padded input.
        """
        x = _as_float(x)
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"{self!r} expected a 4-D input (N, C, H, W) with "
                f"{self.in_channels} channels, got shape {x.shape}"
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
        """
        cols = self._cached(self._cols)
        # g[n] has one row per filter, one column per output pixel (no copy).
        g = grad_out.reshape(grad_out.shape[0], self.out_channels, -1)
        W_mat = self.weight.data.reshape(self.out_channels, -1)
        dW = np.matmul(g, cols.transpose(0, 2, 1)).sum(axis=0)
        self.weight.grad += dW.reshape(self.weight.shape)
        self.bias.grad += g.sum(axis=(0, 2))
        if not input_grad:
            return None
        return fold(
            np.matmul(W_mat.T, g),
            self._x_shape,
            self.kernel_size,
            self.stride,
            self.padding,
        )

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

    def _windows(self, x: np.ndarray) -> np.ndarray:
        """Return the windows as an array of shape (N*ho*wo, C, kH*kW)."""
        x = _as_float(x)
        if x.ndim != 4:
            raise ValueError(
                f"{self!r} expected a 4-D input (N, C, H, W), got shape {x.shape}"
            )
        cols = im2col(x, self.kernel_size, self.stride)
        self._x_shape = x.shape
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
        return col2im(cols, self._x_shape, self.kernel_size, self.stride)

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
    ValueError
        If (in ``forward``) the input is not 4-D or is smaller than the window.

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

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Take the maximum of each window.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, C, H, W)
            Input batch.

        Returns
        -------
        numpy.ndarray, shape (N, C, H_out, W_out)
        """
        windows = self._windows(x)
        self._argmax = windows.argmax(axis=-1)[..., None]  # first max on ties
        return self._to_images(np.take_along_axis(windows, self._argmax, axis=-1))

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
        """
        argmax = self._cached(self._argmax)
        if not input_grad:
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
    ValueError
        If (in ``forward``) the input is not 4-D or is smaller than the window.

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

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Average each window.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, C, H, W)
            Input batch.

        Returns
        -------
        numpy.ndarray, shape (N, C, H_out, W_out)
        """
        return self._to_images(self._windows(x).mean(axis=-1))

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
        """
        self._cached(self._x_shape)
        if not input_grad:
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
        ValueError
            If ``x`` is 0-D.
        """
        x = _as_float(x)
        if x.ndim < 1:
            raise ValueError(
                f"Flatten expected an input with a batch axis, got shape {x.shape}"
            )
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

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
        """
        shape = self._cached(self._shape)
        return grad_out.reshape(shape) if input_grad else None


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
    ValueError
        If ``p`` is not in :math:`[0, 1)`.

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

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Drop and rescale in training mode; the identity in evaluation mode.

        Parameters
        ----------
        x : numpy.ndarray
            Input of any shape.

        Returns
        -------
        numpy.ndarray
        """
        x = _as_float(x)
        self._active = self.training and self.p > 0
        if not self._active:
            return x
        keep = self.rng.random(x.shape, dtype=x.dtype) >= self.p
        self.mask = keep * x.dtype.type(1 / (1 - self.p))
        return x * self.mask

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
        """
        if not input_grad:
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
        If an argument lacks ``forward``/``backward``/``parameters``.

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
            for method in ("forward", "backward", "parameters"):
                if not callable(getattr(layer, method, None)):
                    raise TypeError(
                        f"layer {i} must have a {method} method, got {describe(layer)}"
                    )
        self.layers: list[Layer] = list(layers)

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
        ValueError
            If ``x`` contains NaN or infinity, or a layer rejects the shape
            it receives.
        """
        out = _as_float(x)
        check_finite(out, "x")
        for layer in self.layers:
            out = layer.forward(out)
        return out

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
        """
        stop = 0 if input_grad else self._first_trainable()
        grad = grad_out
        for i in range(len(self.layers) - 1, stop - 1, -1):
            grad = self.layers[i].backward(grad, input_grad=input_grad or i > stop)
        return grad if input_grad else None

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
        """
        self.training = bool(mode)
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
        ValueError
            If a layer rejects the shape it receives.
        """
        shape = tuple(check_integer(s, "input_shape", low=1) for s in input_shape)
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
        """
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
        ValueError
            If the shapes differ or a value is NaN or infinite.
        """
        prediction = as_array(prediction, "prediction", dtype="floating")
        target = as_array(target, "target", dtype=prediction.dtype)
        if prediction.shape != target.shape:
            raise ValueError(
                f"prediction and target must have the same shape, "
                f"got {prediction.shape} and {target.shape}"
            )
        self._diff = prediction - target
        return float(np.mean(self._diff**2))

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
            If the logits are not 2-D or not finite, the numbers of samples
            differ, or a label is out of range.
        TypeError
            If the labels are not integers.
        """
        logits = as_array(prediction, "prediction", ndim=2, dtype="floating")
        labels = as_labels(target, "target")
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
        ValueError
            If the shapes differ, a value is not finite, or a target is
            outside :math:`[0, 1]`.
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
        losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        return float(losses.mean())

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
    ValueError
        If ``lam`` is negative or not finite.

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
    total = 0.0
    for p in parameters:
        total += float(np.vdot(p.data, p.data))
        p.grad += lam * p.data
    return 0.5 * lam * total


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
        If ``x`` or a parameter is not float64 (float32 round-off would swamp
        the comparison).
    ValueError
        If there is nothing to check or ``eps`` is not positive.

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
    eps = check_scalar(eps, "eps", low=0, low_inclusive=False)
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

    def objective() -> float:
        return loss.forward(model.forward(x), y)

    for p in params:
        p.zero_grad()
    objective()
    grad_x = model.backward(loss.backward(), input_grad=check_input)
    errors = [
        _relative_error(p.grad, _numerical_gradient(objective, p.data, eps))
        for p in params
    ]
    if check_input:
        errors.append(_relative_error(grad_x, _numerical_gradient(objective, x, eps)))
    return max(errors)


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
    ValueError
        If the data contain NaN or infinity, ``X`` and ``y`` have different
        lengths, or ``epochs``/``batch_size`` are not positive.

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
    epochs = check_integer(epochs, "epochs", low=1)
    batch_size = check_integer(batch_size, "batch_size", low=1)
    generator = check_rng(rng)
    for method in ("step", "zero_grad"):
        if not callable(getattr(optimizer, method, None)):
            raise TypeError(
                f"optimizer must have a {method}() method, got {describe(optimizer)}"
            )
    X_arr = np.asarray(X)
    dtype = _model_dtype(
        model, X_arr.dtype if X_arr.dtype in _FLOAT_DTYPES else np.dtype(np.float64)
    )
    X, y = _check_data(X, y, dtype, "X y")
    if validation is not None:
        if not isinstance(validation, tuple | list) or len(validation) != 2:
            raise TypeError(
                f"validation must be a pair (X_val, y_val), got {describe(validation)}"
            )
        X_val, y_val = _check_data(*validation, dtype, "X_val y_val")
    history = History()
    n = len(X)
    for _ in range(epochs):
        model.train()
        order = generator.permutation(n)
        total, correct = 0.0, 0
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            xb, yb = X[batch], y[batch]
            optimizer.zero_grad()
            out = model.forward(xb)
            total += loss.forward(out, yb) * len(batch)
            model.backward(loss.backward(), input_grad=False)
            optimizer.step()
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


def _logits(model: _Model, X: ArrayLike, batch_size: int) -> np.ndarray:
    """Model outputs for all of ``X``, in evaluation mode and in batches."""
    batch_size = check_integer(batch_size, "batch_size", low=1)
    X = as_array(X, "X", dtype="floating")
    X = X.astype(_model_dtype(model, X.dtype), copy=False)
    mode = getattr(model, "training", True)
    model.eval()
    try:
        outputs = [
            model.forward(X[start : start + batch_size])
            for start in range(0, len(X), batch_size)
        ]
    finally:
        model.train(mode)
    return np.concatenate(outputs)


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
    ValueError
        If ``X`` is empty or contains NaN or infinity.

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
    ValueError
        If ``X`` is empty or contains NaN or infinity.

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
