"""Convolution: mathdl.nn.Conv2D against PyTorch and SciPy.

The task: a batch of 64 single-channel 28 x 28 float32 images, 8 filters of
3 x 3, stride 1, no padding (output 64 x 8 x 26 x 26).

* mathdl: ``Conv2D.forward`` (unfold: the windows of each image as columns,
  then one matrix product per image) and
  ``Conv2D.backward`` (weight, bias and input gradients);
* PyTorch: ``torch.nn.functional.conv2d`` with autograd, ``backward`` of
  the output with the same output gradient;
* SciPy: ``scipy.signal.correlate(image, filter, mode="valid")`` in a Python
  loop over the images and filters. SciPy has no batched convolution and no
  backward pass, so it is timed on the forward pass only.

Before anything is timed, the outputs and gradients of the contenders are
compared, so a fast wrong answer cannot win.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

import numpy as np
from bench_timing import Sample, Stopwatch
from scipy import signal

import mathdl.nn as nn

__all__ = ["ConvProblem", "agreement", "conv_contenders"]


class ConvProblem:
    """Input, filters and an output gradient shared by all contenders."""

    def __init__(
        self,
        batch: int = 64,
        channels: int = 1,
        size: int = 28,
        filters: int = 8,
        kernel: int = 3,
        seed: int = 0,
    ) -> None:
        rng = np.random.default_rng(seed)
        self.x = rng.standard_normal((batch, channels, size, size), dtype=np.float32)
        self.layer = nn.Conv2D(channels, filters, kernel, rng=seed, dtype=np.float32)
        self.layer.bias.data[:] = rng.standard_normal(filters, dtype=np.float32)
        out = size - kernel + 1
        self.grad_out = rng.standard_normal(
            (batch, filters, out, out), dtype=np.float32
        )

    def describe(self) -> str:
        n, c, h, w = self.x.shape
        o, _, kh, kw = self.layer.weight.shape
        return f"{n} x {c} x {h} x {w} input, {o} filters of {kh} x {kw}, float32"


# ---------------------------------------------------------------------------
# One step of each contender
# ---------------------------------------------------------------------------


def mathdl_step(p: ConvProblem, backward: bool, input_grad: bool = True) -> None:
    """Forward, and optionally backward, through ``mathdl.nn.Conv2D``."""
    p.layer.zero_grad()
    p.layer.forward(p.x)
    if backward:
        p.layer.backward(p.grad_out, input_grad=input_grad)


def scipy_forward(p: ConvProblem) -> np.ndarray:
    """The forward pass by ``scipy.signal.correlate``, one image and filter at once."""
    W, b = p.layer.weight.data, p.layer.bias.data
    n, c = p.x.shape[:2]
    o = W.shape[0]
    out = np.empty((n, o, *p.grad_out.shape[2:]), dtype=p.x.dtype)
    for i in range(n):
        for k in range(o):
            # Sum over input channels of the 2-D cross-correlations.
            acc = signal.correlate(p.x[i, 0], W[k, 0], mode="valid")
            for ch in range(1, c):
                acc += signal.correlate(p.x[i, ch], W[k, ch], mode="valid")
            out[i, k] = acc + b[k]
    return out


class TorchConv:
    """The same problem as PyTorch tensors (sharing memory with NumPy)."""

    def __init__(self, p: ConvProblem) -> None:
        self.torch = import_module("torch")
        t = self.torch
        self.x = t.from_numpy(p.x)
        self.weight = t.from_numpy(p.layer.weight.data.copy()).requires_grad_()
        self.bias = t.from_numpy(p.layer.bias.data.copy()).requires_grad_()
        self.grad_out = t.from_numpy(p.grad_out)

    def step(self, backward: bool, input_grad: bool = True) -> Any:
        """Forward, and optionally backward, with autograd; return the output."""
        t = self.torch
        self.weight.grad = self.bias.grad = self.x.grad = None  # zero_grad
        x = self.x.requires_grad_(backward and input_grad)
        if not backward:
            with t.no_grad():
                return t.nn.functional.conv2d(x, self.weight, self.bias)
        out = t.nn.functional.conv2d(x, self.weight, self.bias)
        out.backward(self.grad_out)
        return out


# ---------------------------------------------------------------------------
# Agreement and timing
# ---------------------------------------------------------------------------


def _max_rel(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).max() / np.abs(b).max())


def agreement(p: ConvProblem) -> dict[str, float]:
    """Largest relative differences between the contenders' results."""
    layer = p.layer
    layer.zero_grad()
    out = layer.forward(p.x)
    dx = layer.backward(p.grad_out)
    result = {"forward: mathdl vs SciPy": _max_rel(out, scipy_forward(p))}
    try:
        tc = TorchConv(p)
    except ImportError:
        return result
    t_out = tc.step(backward=True).detach().numpy()
    result["forward: mathdl vs PyTorch"] = _max_rel(out, t_out)
    result["dJ/dW: mathdl vs PyTorch"] = _max_rel(
        layer.weight.grad, tc.weight.grad.numpy()
    )
    result["dJ/db: mathdl vs PyTorch"] = _max_rel(layer.bias.grad, tc.bias.grad.numpy())
    result["dJ/dx: mathdl vs PyTorch"] = _max_rel(dx, tc.x.grad.numpy())
    tc.x.requires_grad_(False)
    return result


def _timed(step: Callable[[], object], inner: int) -> Callable[[], Sample]:
    """A contender that runs ``step`` ``inner`` times; returns seconds per call."""

    def run() -> Sample:
        with Stopwatch() as sw:
            for _ in range(inner):
                step()
        return Sample(sw.sample.wall / inner, sw.sample.cpu / inner)

    return run


def conv_contenders(p: ConvProblem, inner: int) -> dict[str, Callable[[], Sample]]:
    """Contenders for the interleaved timing, each returning seconds per call.

    Names end in "fwd" (forward only), "fwd+bwd" (forward and all gradients,
    as for a convolution inside a network) or "fwd+bwd, no dx" (no input
    gradient, as for the first layer of a network).
    """
    contenders = {
        "mathdl fwd": _timed(lambda: mathdl_step(p, backward=False), inner),
        "mathdl fwd+bwd": _timed(lambda: mathdl_step(p, backward=True), inner),
        "mathdl fwd+bwd, no dx": _timed(
            lambda: mathdl_step(p, backward=True, input_grad=False), inner
        ),
        "SciPy fwd": _timed(lambda: scipy_forward(p), max(1, inner // 10)),
    }
    try:
        tc = TorchConv(p)
    except ImportError:
        return contenders
    contenders["PyTorch fwd"] = _timed(lambda: tc.step(backward=False), inner)
    contenders["PyTorch fwd+bwd"] = _timed(lambda: tc.step(backward=True), inner)
    contenders["PyTorch fwd+bwd, no dx"] = _timed(
        lambda: tc.step(backward=True, input_grad=False), inner
    )
    return contenders
