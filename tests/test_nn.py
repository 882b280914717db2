"""Tests of mathdl.nn.

Oracles: central differences (``gradient_check`` and a hand-written
difference quotient), ``scipy.signal.correlate2d`` for convolution, direct
loop-based pooling written here, ``scipy.special`` for softmax/sigmoid/
log-sum-exp, scikit-learn for the metrics, ``scipy.stats`` for the
initialisation distributions, and, where installed, PyTorch's ``torch.nn``
layers and losses with the same weights in float64.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl import metrics, nn
from mathdl.nn import (
    AvgPool2D,
    BinaryCrossEntropyLoss,
    Conv2D,
    CrossEntropyLoss,
    Dense,
    Dropout,
    Flatten,
    LeakyReLU,
    MaxPool2D,
    MSELoss,
    Parameter,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
)

TOL = 1e-6  # gradient-check relative error
GRAD_SETTINGS = settings(max_examples=25, derandomize=True)


class PlainSGD:
    """The smallest optimiser ``fit`` accepts (independent of mathdl.optim)."""

    def __init__(self, params: list[Parameter], lr: float) -> None:
        self.params, self.lr = params, lr

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad[...] = 0

    def step(self) -> None:
        for p in self.params:
            p.data -= self.lr * p.grad


class FixedMaskDropout(Dropout):
    """Dropout that draws the same mask at every forward pass (for checks)."""

    def __init__(self, p: float, seed: int) -> None:
        super().__init__(p, rng=seed)
        self.seed = seed

    def forward(self, x):
        self.rng = np.random.default_rng(self.seed)
        return super().forward(x)


def distinct(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random values at least 0.05 apart: no ties, no kinks within eps."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.05 - n * 0.025).reshape(shape)


def away_from_zero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Normal-ish values with |x| >= 0.1: ReLU's kink is never crossed."""
    x = rng.normal(size=shape)
    return np.sign(x) * (0.1 + np.abs(x))


# --------------------------------------------------------------------------
# Activation functions against SciPy
# --------------------------------------------------------------------------


def test_sigmoid_softmax_log_softmax_match_scipy():
    x = np.array([[-1e4, -30.0, -1.0, 0.0, 2.5, 40.0, 1e4]])
    np.testing.assert_allclose(nn.sigmoid(x), scipy.special.expit(x), rtol=1e-15)
    np.testing.assert_allclose(
        nn.softmax(x), scipy.special.softmax(x, axis=-1), rtol=1e-12, atol=1e-300
    )
    z = np.random.default_rng(0).normal(scale=50, size=(4, 6))
    np.testing.assert_allclose(
        nn.log_softmax(z, axis=0), scipy.special.log_softmax(z, axis=0), rtol=1e-12
    )
    np.testing.assert_allclose(
        nn.softmax(z, axis=0), scipy.special.softmax(z, axis=0), rtol=1e-12
    )


def test_activation_layers_forward_match_formulas():
    x = np.linspace(-3, 3, 13).reshape(1, -1)
    np.testing.assert_allclose(Sigmoid()(x), 1 / (1 + np.exp(-x)), rtol=1e-14)
    np.testing.assert_allclose(Tanh()(x), np.tanh(x))
    np.testing.assert_array_equal(ReLU()(x), np.where(x > 0, x, 0))
    np.testing.assert_allclose(LeakyReLU(0.2)(x), np.where(x > 0, x, 0.2 * x))
    s = Softmax()(x)
    np.testing.assert_allclose(s, np.exp(x) / np.exp(x).sum(), rtol=1e-14)


def test_softmax_backward_is_the_jacobian_vector_product():
    # Chapter 9: the softmax Jacobian is diag(s) - s s^T.
    rng = np.random.default_rng(1)
    x, g = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    layer = Softmax()
    s = layer(x)
    got = layer.backward(g)
    for i in range(3):
        jacobian = np.diag(s[i]) - np.outer(s[i], s[i])
        np.testing.assert_allclose(got[i], jacobian.T @ g[i], atol=1e-15)


# --------------------------------------------------------------------------
# Gradient checks: every layer and loss, float64
# --------------------------------------------------------------------------


@GRAD_SETTINGS
@given(
    n=st.integers(1, 4),
    d_in=st.integers(1, 5),
    d_out=st.integers(1, 4),
    init=st.sampled_from(["he", "glorot"]),
    seed=st.integers(0, 2**16),
)
def test_gradient_check_dense_with_mse(n, d_in, d_out, init, seed):
    rng = np.random.default_rng(seed)
    layer = Dense(d_in, d_out, rng=rng, init=init)
    layer.bias.data[:] = rng.normal(size=d_out)  # non-zero biases
    x, y = rng.normal(size=(n, d_in)), rng.normal(size=(n, d_out))
    assert nn.gradient_check(layer, MSELoss(), x, y) < TOL


@GRAD_SETTINGS
@given(
    layer=st.sampled_from(
        [Sigmoid, Tanh, ReLU, lambda: LeakyReLU(0.1), LeakyReLU, Softmax, Flatten]
    ),
    n=st.integers(1, 4),
    d=st.integers(1, 6),
    seed=st.integers(0, 2**16),
)
def test_gradient_check_activations_input_gradient(layer, n, d, seed):
    rng = np.random.default_rng(seed)
    x = away_from_zero(rng, (n, d))
    y = rng.normal(size=(n, d))
    assert nn.gradient_check(layer(), MSELoss(), x, y) < TOL


@pytest.mark.parametrize(
    "activation", [Sigmoid(), Tanh(), ReLU(), LeakyReLU(0.3), Softmax()]
)
def test_gradient_check_dense_activation_dense(activation):
    rng = np.random.default_rng(3)
    model = Sequential(Dense(4, 6, rng=rng), activation, Dense(6, 3, rng=rng))
    x, y = rng.normal(size=(5, 4)), rng.integers(0, 3, 5)
    assert nn.gradient_check(model, CrossEntropyLoss(), x, y) < TOL


@GRAD_SETTINGS
@given(
    n=st.integers(1, 3),
    c=st.integers(1, 3),
    o=st.integers(1, 3),
    h=st.integers(1, 7),
    w=st.integers(1, 7),
    k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    seed=st.integers(0, 2**16),
)
def test_gradient_check_conv2d(n, c, o, h, w, k, stride, padding, seed):
    if k[0] > h + 2 * padding[0] or k[1] > w + 2 * padding[1]:
        return  # kernel larger than the padded input: tested as an error below
    rng = np.random.default_rng(seed)
    conv = Conv2D(c, o, k, stride, padding, rng=rng)
    conv.bias.data[:] = rng.normal(size=o)
    x = rng.normal(size=(n, c, h, w))
    y = rng.normal(size=conv(x).shape)
    assert nn.gradient_check(conv, MSELoss(), x, y) < TOL


@GRAD_SETTINGS
@given(
    pool=st.sampled_from([MaxPool2D, AvgPool2D]),
    n=st.integers(1, 3),
    c=st.integers(1, 3),
    h=st.integers(2, 7),
    w=st.integers(2, 7),
    k=st.integers(1, 3),
    stride=st.one_of(st.none(), st.integers(1, 3)),  # None: non-overlapping
    seed=st.integers(0, 2**16),
)
def test_gradient_check_pooling(pool, n, c, h, w, k, stride, seed):
    if k > min(h, w):
        return
    rng = np.random.default_rng(seed)
    layer = pool(k, stride)
    x = distinct(rng, (n, c, h, w))
    y = rng.normal(size=layer(x).shape)
    assert nn.gradient_check(layer, MSELoss(), x, y) < TOL


@pytest.mark.parametrize(("k", "stride"), [(2, 2), (3, 1), (3, 2), (2, 1)])
def test_gradient_check_pooling_overlapping_and_not(k, stride):
    rng = np.random.default_rng(k * 10 + stride)
    x = distinct(rng, (2, 2, 7, 6))
    for layer in (MaxPool2D(k, stride), AvgPool2D(k, stride)):
        y = rng.normal(size=layer(x).shape)
        assert nn.gradient_check(layer, MSELoss(), x, y) < TOL


def test_gradient_check_dropout_with_fixed_mask():
    rng = np.random.default_rng(4)
    model = Sequential(
        Dense(6, 8, rng=rng),
        Tanh(),
        FixedMaskDropout(0.4, seed=5),
        Dense(8, 3, rng=rng),
    )
    x, y = rng.normal(size=(5, 6)), rng.integers(0, 3, 5)
    mask = model[2].forward(np.ones((5, 8)))
    assert 0 < np.count_nonzero(mask) < mask.size  # some units really dropped
    assert nn.gradient_check(model, CrossEntropyLoss(), x, y) < TOL
    model.eval()  # and the identity in evaluation mode
    assert nn.gradient_check(model, CrossEntropyLoss(), x, y) < TOL


@pytest.mark.parametrize(
    ("loss", "target"),
    [
        (MSELoss(), lambda rng: rng.normal(size=(6, 3))),
        (CrossEntropyLoss(), lambda rng: rng.integers(0, 3, 6)),
        (BinaryCrossEntropyLoss(), lambda rng: rng.integers(0, 2, (6, 3)) * 1.0),
        (BinaryCrossEntropyLoss(), lambda rng: rng.uniform(size=(6, 3))),
    ],
)
def test_gradient_check_losses(loss, target):
    rng = np.random.default_rng(6)
    model = Dense(4, 3, rng=rng)
    x = rng.normal(scale=2.0, size=(6, 4))
    assert nn.gradient_check(model, loss, x, target(rng)) < TOL


def test_gradient_check_whole_cnn():
    rng = np.random.default_rng(7)
    model = Sequential(
        Conv2D(2, 3, 3, stride=1, padding=1, rng=rng),
        ReLU(),
        MaxPool2D(2),
        Conv2D(3, 2, (2, 3), stride=(1, 2), padding=(1, 0), rng=rng),
        LeakyReLU(),
        AvgPool2D((2, 1), stride=1),  # (2, 2, 4, 1) -> (2, 2, 3, 1)
        Flatten(),
        Dense(6, 3, rng=rng),
    )
    x = rng.normal(size=(2, 2, 6, 6))
    assert model(x).shape == (2, 3)
    y = rng.integers(0, 3, 2)
    assert nn.gradient_check(model, CrossEntropyLoss(), x, y) < TOL


def test_gradient_check_detects_a_wrong_backward():
    class WrongTanh(Tanh):
        def backward(self, grad_out, input_grad=True):
            return grad_out * (1 - self._y)  # should be 1 - y**2

    rng = np.random.default_rng(8)
    model = Sequential(Dense(3, 4, rng=rng), WrongTanh(), Dense(4, 2, rng=rng))
    x, y = rng.normal(size=(5, 3)), rng.integers(0, 2, 5)
    assert nn.gradient_check(model, CrossEntropyLoss(), x, y) > 1e-3


def test_gradient_check_agrees_with_an_independent_difference_quotient():
    # The error gradient_check reports is computed from a gradient; check that
    # gradient against a difference quotient written here.
    rng = np.random.default_rng(9)
    model = Sequential(Dense(3, 4, rng=rng), Sigmoid(), Dense(4, 2, rng=rng))
    x, y = rng.normal(size=(5, 3)), rng.integers(0, 2, 5)
    loss = CrossEntropyLoss()
    nn.gradient_check(model, loss, x, y)  # leaves the backprop grads
    W = model[2].weight
    h = 1e-6
    for index in [(0, 0), (1, 3), (0, 2)]:
        old = W.data[index]
        W.data[index] = old + h
        up = loss(model(x), y)
        W.data[index] = old - h
        down = loss(model(x), y)
        W.data[index] = old
        assert W.grad[index] == pytest.approx((up - down) / (2 * h), rel=1e-6)


# --------------------------------------------------------------------------
# im2col, convolution and pooling against independent computations
# --------------------------------------------------------------------------


# Batch, image and window geometry shared by the im2col/unfold tests.
WINDOW_CASES = {
    "n": st.integers(1, 2),
    "c": st.integers(1, 3),
    "h": st.integers(1, 6),
    "w": st.integers(1, 6),
    "k": st.tuples(st.integers(1, 3), st.integers(1, 3)),
    "stride": st.tuples(st.integers(1, 3), st.integers(1, 3)),
    "padding": st.tuples(st.integers(0, 2), st.integers(0, 2)),
    "seed": st.integers(0, 2**16),
}


@settings(max_examples=30)
@given(**WINDOW_CASES)
def test_col2im_is_the_adjoint_of_im2col(n, c, h, w, k, stride, padding, seed):
    if k[0] > h + 2 * padding[0] or k[1] > w + 2 * padding[1]:
        return
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, c, h, w))
    cols = nn.im2col(x, k, stride, padding)
    Y = rng.normal(size=cols.shape)
    back = nn.col2im(Y, x.shape, k, stride, padding)
    assert back.shape == x.shape
    assert np.vdot(cols, Y) == pytest.approx(np.vdot(x, back), rel=1e-12, abs=1e-12)


@settings(max_examples=30)
@given(**WINDOW_CASES)
def test_unfold_is_im2col_per_sample_and_fold_its_adjoint(
    n, c, h, w, k, stride, padding, seed
):
    if k[0] > h + 2 * padding[0] or k[1] > w + 2 * padding[1]:
        return
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, c, h, w))
    cols = nn.unfold(x, k, stride, padding)
    rows = nn.im2col(x, k, stride, padding)
    np.testing.assert_array_equal(cols.transpose(0, 2, 1).reshape(rows.shape), rows)
    Y = rng.normal(size=cols.shape)
    back = nn.fold(Y, x.shape, k, stride, padding)
    assert back.shape == x.shape
    assert np.vdot(cols, Y) == pytest.approx(np.vdot(x, back), rel=1e-12, abs=1e-12)
    # fold of unfold-shaped data equals col2im of the same data in rows layout
    np.testing.assert_allclose(
        back,
        nn.col2im(
            Y.transpose(0, 2, 1).reshape(rows.shape), x.shape, k, stride, padding
        ),
        rtol=1e-12,
        atol=1e-12,
    )


def test_unfold_and_fold_bad_input():
    with pytest.raises(ValueError, match="x must be a 4-D array"):
        nn.unfold(np.zeros((3, 3)), 2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        nn.unfold(np.zeros((1, 1, 2, 2)), 3)
    with pytest.raises(ValueError, match=r"cols must have shape \(1, 4, 4\)"):
        nn.fold(np.zeros((1, 4, 5)), (1, 1, 3, 3), 2)


def correlate_reference(x, W, b, stride, padding):
    """Conv2D forward from scipy.signal.correlate2d, one (n, o) pair at a time."""
    (sh, sw), (ph, pw) = stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = []
    for n in range(x.shape[0]):
        maps = []
        for o in range(W.shape[0]):
            full = sum(
                scipy.signal.correlate2d(xp[n, c], W[o, c], mode="valid")
                for c in range(x.shape[1])
            )
            maps.append(full[::sh, ::sw] + b[o])
        out.append(maps)
    return np.array(out)


@settings(max_examples=40)
@given(
    n=st.integers(1, 3),
    c=st.integers(1, 3),
    o=st.integers(1, 3),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    k=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    seed=st.integers(0, 2**16),
)
def test_conv2d_forward_matches_scipy_correlate2d(
    n, c, o, h, w, k, stride, padding, seed
):
    if k[0] > h + 2 * padding[0] or k[1] > w + 2 * padding[1]:
        return
    rng = np.random.default_rng(seed)
    conv = Conv2D(c, o, k, stride, padding, rng=rng)
    conv.bias.data[:] = rng.normal(size=o)
    x = rng.normal(size=(n, c, h, w))
    expected = correlate_reference(x, conv.weight.data, conv.bias.data, stride, padding)
    out = conv(x)
    h_out = (h + 2 * padding[0] - k[0]) // stride[0] + 1
    w_out = (w + 2 * padding[1] - k[1]) // stride[1] + 1
    assert out.shape == (n, o, h_out, w_out)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


def test_conv2d_is_cross_correlation_not_convolution():
    # An asymmetric kernel: convolution would flip it.
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 1, 1] = 1.0
    conv = Conv2D(1, 1, 3, padding=1, rng=0)
    kernel = np.arange(9.0).reshape(3, 3)
    conv.weight.data[0, 0] = kernel
    out = conv(x)[0, 0]
    np.testing.assert_array_equal(out, kernel[::-1, ::-1])
    np.testing.assert_array_equal(
        out, scipy.signal.correlate2d(x[0, 0], kernel, mode="same")
    )


def pool_reference(x, k, s, reduce):
    n, c, h, w = x.shape
    ho, wo = (h - k) // s + 1, (w - k) // s + 1
    out = np.empty((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            out[:, :, i, j] = reduce(x[:, :, i * s : i * s + k, j * s : j * s + k])
    return out


def maxpool_backward_reference(x, g, k, s):
    """Route each output gradient to the first maximum of its window."""
    grad = np.zeros_like(x)
    n, c, ho, wo = g.shape
    for a in range(n):
        for b in range(c):
            for i in range(ho):
                for j in range(wo):
                    window = x[a, b, i * s : i * s + k, j * s : j * s + k]
                    p, q = np.unravel_index(np.argmax(window), window.shape)
                    grad[a, b, i * s + p, j * s + q] += g[a, b, i, j]
    return grad


@settings(max_examples=40)
@given(
    n=st.integers(1, 2),
    c=st.integers(1, 3),
    h=st.integers(1, 8),
    w=st.integers(1, 8),
    k=st.integers(1, 4),
    s=st.integers(1, 4),
    ties=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_pooling_matches_loop_reference(n, c, h, w, k, s, ties, seed):
    if k > min(h, w):
        return
    rng = np.random.default_rng(seed)
    x = (
        rng.integers(0, 3, (n, c, h, w)) * 1.0
        if ties
        else rng.normal(size=(n, c, h, w))
    )
    maxpool, avgpool = MaxPool2D(k, s), AvgPool2D(k, s)
    np.testing.assert_array_equal(
        maxpool(x), pool_reference(x, k, s, lambda v: v.max(axis=(2, 3)))
    )
    np.testing.assert_allclose(
        avgpool(x), pool_reference(x, k, s, lambda v: v.mean(axis=(2, 3))), rtol=1e-14
    )
    g = rng.normal(size=maxpool(x).shape)
    np.testing.assert_allclose(
        maxpool.backward(g),
        maxpool_backward_reference(x, g, k, s),
        # Overlapping windows add gradients in another order than the loop.
        rtol=1e-12,
        atol=1e-14,
    )


def test_pool_stride_defaults_to_kernel_size():
    assert MaxPool2D(3).stride == (3, 3)
    assert AvgPool2D((2, 3)).stride == (2, 3)
    assert MaxPool2D(3, 1).stride == (1, 1)


# --------------------------------------------------------------------------
# Losses: values from exact formulas and stability
# --------------------------------------------------------------------------


def test_cross_entropy_matches_logsumexp_and_is_stable():
    rng = np.random.default_rng(10)
    logits = rng.normal(scale=1e3, size=(7, 4))
    labels = rng.integers(0, 4, 7)
    expected = np.mean(
        scipy.special.logsumexp(logits, axis=1) - logits[np.arange(7), labels]
    )
    loss = CrossEntropyLoss()
    assert loss(logits, labels) == pytest.approx(expected, rel=1e-12)
    onehot = np.eye(4)[labels]
    np.testing.assert_allclose(
        loss.backward(), (scipy.special.softmax(logits, axis=1) - onehot) / 7
    )
    big = np.array([[1e4, 0.0], [0.0, 1e4]])
    assert loss(big, np.array([0, 1])) == 0.0
    assert loss(big, np.array([1, 0])) == 1e4
    assert np.all(np.isfinite(loss.backward()))


def test_binary_cross_entropy_matches_formula_and_is_stable():
    rng = np.random.default_rng(11)
    z = rng.normal(scale=3, size=(5, 2))
    y = rng.integers(0, 2, (5, 2)) * 1.0
    p = scipy.special.expit(z)
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    loss = BinaryCrossEntropyLoss()
    assert loss(z, y) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(loss.backward(), (p - y) / 10, rtol=1e-12)
    extreme = np.array([1e4, -1e4, 1e4, -1e4])
    assert loss(extreme, np.array([1.0, 0.0, 0.0, 1.0])) == pytest.approx(1e4 / 2)
    np.testing.assert_allclose(loss.backward(), [0, 0, 0.25, -0.25])


def test_mse_matches_formula():
    rng = np.random.default_rng(12)
    pred, target = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    loss = MSELoss()
    assert loss(pred, target) == pytest.approx(np.mean((pred - target) ** 2))
    np.testing.assert_allclose(loss.backward(), 2 * (pred - target) / 12)


def test_l2_penalty_gives_the_chapter_11_weight_decay_gradient():
    # dJ/dW2 = (dJ/do)^T h + lambda W2 for J = CE(o) + lambda/2 ||W2||^2.
    rng = np.random.default_rng(13)
    model = Sequential(Dense(4, 5, rng=rng), Sigmoid(), Dense(5, 3, rng=rng))
    x, y = rng.normal(size=(6, 4)), rng.integers(0, 3, 6)
    lam = 0.3
    W2 = model[2].weight
    loss = CrossEntropyLoss()

    def total(model):
        return loss(model(x), y) + 0.5 * lam * np.sum(W2.data**2)

    model.zero_grad()
    value = loss(model(x), y) + nn.l2_penalty([W2], lam)
    assert value == pytest.approx(total(model), rel=1e-14)
    dJ_do = loss.backward()
    model.backward(dJ_do)
    h = model[1](model[0](x))
    np.testing.assert_allclose(W2.grad, dJ_do.T @ h + lam * W2.data, rtol=1e-12)
    # and against central differences of the regularised objective
    step = 1e-6
    for index in [(0, 0), (2, 4), (1, 2)]:
        old = W2.data[index]
        W2.data[index] = old + step
        up = total(model)
        W2.data[index] = old - step
        down = total(model)
        W2.data[index] = old
        assert W2.grad[index] == pytest.approx((up - down) / (2 * step), rel=1e-6)


# --------------------------------------------------------------------------
# PyTorch as the reference (float64, same weights)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0"
    )


def compare_with_torch(torch, layer, torch_layer, x, atol=1e-10):
    """Forward, input gradient and parameter gradients against torch."""
    out = layer(x)
    g = np.random.default_rng(0).normal(size=out.shape)
    layer.zero_grad()
    grad_x = layer.backward(g)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    yt = torch_layer(xt)
    yt.backward(torch.from_numpy(g))
    np.testing.assert_allclose(out, yt.detach().numpy(), rtol=1e-6, atol=atol)
    np.testing.assert_allclose(grad_x, xt.grad.numpy(), rtol=1e-6, atol=atol)
    for p, tp in zip(layer.parameters(), torch_layer.parameters(), strict=True):
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-6, atol=atol)


def copy_to_torch(torch, layer, torch_layer):
    with torch.no_grad():
        for p, tp in zip(layer.parameters(), torch_layer.parameters(), strict=True):
            assert p.shape == tuple(tp.shape)  # same layout as PyTorch
            tp.copy_(torch.from_numpy(p.data))


def test_dense_matches_torch_linear(torch):
    rng = np.random.default_rng(20)
    layer = Dense(7, 4, rng=rng)
    layer.bias.data[:] = rng.normal(size=4)
    tl = torch.nn.Linear(7, 4, dtype=torch.float64)
    copy_to_torch(torch, layer, tl)
    compare_with_torch(torch, layer, tl, rng.normal(size=(5, 7)))


@pytest.mark.parametrize(
    ("k", "stride", "padding"),
    [(3, 1, 0), (3, 2, 1), ((2, 3), (2, 1), (1, 2)), (1, 1, 0), (4, 3, 2)],
)
def test_conv2d_matches_torch(torch, k, stride, padding):
    rng = np.random.default_rng(21)
    conv = Conv2D(3, 4, k, stride, padding, rng=rng)
    conv.bias.data[:] = rng.normal(size=4)
    tc = torch.nn.Conv2d(3, 4, k, stride, padding, dtype=torch.float64)
    copy_to_torch(torch, conv, tc)
    compare_with_torch(torch, conv, tc, rng.normal(size=(2, 3, 9, 8)))


@pytest.mark.parametrize(("k", "stride"), [(2, None), (3, 1), (3, 2), (2, 3)])
def test_pooling_matches_torch(torch, k, stride):
    rng = np.random.default_rng(22)
    for x in (rng.normal(size=(2, 3, 8, 7)), rng.integers(0, 2, (2, 3, 8, 7)) * 1.0):
        compare_with_torch(
            torch, MaxPool2D(k, stride), torch.nn.MaxPool2d(k, stride), x
        )
        compare_with_torch(
            torch, AvgPool2D(k, stride), torch.nn.AvgPool2d(k, stride), x
        )


def test_activations_and_flatten_match_torch(torch):
    rng = np.random.default_rng(23)
    x = rng.normal(scale=3, size=(4, 6))
    pairs = [
        (Sigmoid(), torch.nn.Sigmoid()),
        (Tanh(), torch.nn.Tanh()),
        (ReLU(), torch.nn.ReLU()),
        (LeakyReLU(), torch.nn.LeakyReLU()),
        (LeakyReLU(0.25), torch.nn.LeakyReLU(0.25)),
        (Softmax(), torch.nn.Softmax(dim=-1)),
    ]
    for layer, torch_layer in pairs:
        compare_with_torch(torch, layer, torch_layer, x)
    compare_with_torch(
        torch, Flatten(), torch.nn.Flatten(), rng.normal(size=(2, 3, 4, 5))
    )


def test_losses_match_torch(torch):
    rng = np.random.default_rng(24)
    logits = rng.normal(scale=4, size=(8, 5))
    cases = [
        (CrossEntropyLoss(), torch.nn.CrossEntropyLoss(), rng.integers(0, 5, 8)),
        (MSELoss(), torch.nn.MSELoss(), rng.normal(size=(8, 5))),
        (
            BinaryCrossEntropyLoss(),
            torch.nn.BCEWithLogitsLoss(),
            rng.uniform(size=(8, 5)),
        ),
    ]
    for loss, torch_loss, target in cases:
        value = loss(logits, target)
        zt = torch.tensor(logits, requires_grad=True)
        lt = torch_loss(zt, torch.from_numpy(target))
        lt.backward()
        assert value == pytest.approx(lt.item(), rel=1e-12)
        np.testing.assert_allclose(
            loss.backward(), zt.grad.numpy(), rtol=1e-10, atol=1e-15
        )


def test_one_epoch_of_fit_matches_torch_sgd(torch):
    # Same weights, same minibatches, plain SGD: identical trajectories.
    rng = np.random.default_rng(25)
    X, y = rng.normal(size=(50, 6)), rng.integers(0, 3, 50)
    model = Sequential(Dense(6, 8, rng=1), Tanh(), Dense(8, 3, rng=2))
    net = torch.nn.Sequential(
        torch.nn.Linear(6, 8, dtype=torch.float64),
        torch.nn.Tanh(),
        torch.nn.Linear(8, 3, dtype=torch.float64),
    )
    copy_to_torch(torch, model, net)
    nn.fit(model, CrossEntropyLoss(), PlainSGD(model.parameters(), 0.2), X, y, 1, 16, 3)
    order = np.random.default_rng(3).permutation(50)  # fit's documented shuffling
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for start in range(0, 50, 16):
        batch = torch.from_numpy(order[start : start + 16])
        net.zero_grad()
        torch.nn.functional.cross_entropy(net(Xt[batch]), yt[batch]).backward()
        with torch.no_grad():
            for tp in net.parameters():
                tp -= 0.2 * tp.grad
    for p, tp in zip(model.parameters(), net.parameters(), strict=True):
        np.testing.assert_allclose(p.data, tp.detach().numpy(), rtol=1e-10)


# --------------------------------------------------------------------------
# Layers: initialisation, dropout, Sequential
# --------------------------------------------------------------------------


def test_he_and_glorot_initialisation_distributions():
    he = Dense(400, 300, rng=0, init="he").weight.data.ravel()
    std = np.sqrt(2 / 400)
    assert scipy.stats.kstest(he, scipy.stats.norm(scale=std).cdf).pvalue > 1e-3
    glorot = Conv2D(3, 8, 5, rng=1, init="glorot").weight.data.ravel()
    limit = np.sqrt(6 / (3 * 25 + 8 * 25))
    assert np.abs(glorot).max() <= limit
    assert (
        scipy.stats.kstest(glorot, scipy.stats.uniform(-limit, 2 * limit).cdf).pvalue
        > 1e-3
    )
    np.testing.assert_array_equal(Dense(3, 2, rng=0).bias.data, 0)
    # same seed, same weights
    np.testing.assert_array_equal(
        Dense(5, 4, rng=9).weight.data, Dense(5, 4, rng=9).weight.data
    )


def test_dropout_masks_and_scaling():
    drop = Dropout(0.3, rng=0)
    x = np.ones((200, 500))
    y = drop(x)
    kept = y != 0
    np.testing.assert_allclose(y[kept], 1 / 0.7)
    # dropped fraction ~ Binomial(100000, 0.3) / 100000: 5 standard errors
    assert abs(1 - kept.mean() - 0.3) < 5 * np.sqrt(0.3 * 0.7 / x.size)
    g = np.random.default_rng(1).normal(size=x.shape)
    np.testing.assert_array_equal(drop.backward(g), g * y)  # same mask
    assert not np.array_equal(drop(x), y)  # a new mask each pass
    drop.eval()
    assert drop(x) is x
    np.testing.assert_array_equal(Dropout(0.0, rng=0)(x), x)


class SpyDense(Dense):
    def backward(self, grad_out, input_grad=True):
        self.calls.append(input_grad)
        return super().backward(grad_out, input_grad)


class SpyReLU(ReLU):
    def backward(self, grad_out, input_grad=True):
        self.calls.append(input_grad)
        return super().backward(grad_out, input_grad)


def test_sequential_backward_skips_the_unneeded_input_gradient():
    layers = [SpyReLU(), SpyDense(3, 4, rng=0), SpyReLU(), SpyDense(4, 2, rng=1)]
    for layer in layers:
        layer.calls = []
    model = Sequential(*layers)
    x = np.random.default_rng(2).normal(size=(5, 3))
    g = np.ones((5, 2))
    model(x)
    assert model.backward(g, input_grad=False) is None
    grads = [p.grad.copy() for p in model.parameters()]
    assert [layer.calls for layer in layers] == [[], [False], [True], [True]]
    model.zero_grad()
    gx = model.backward(g)
    assert gx.shape == x.shape
    assert layers[0].calls == [True]
    for p, expected in zip(model.parameters(), grads, strict=True):
        np.testing.assert_array_equal(p.grad, expected)


def test_backward_adds_into_grad_and_zero_grad_resets():
    layer = Dense(3, 2, rng=0)
    x, g = np.ones((4, 3)), np.ones((4, 2))
    layer(x)
    layer.backward(g)
    once = layer.weight.grad.copy()
    layer.backward(g)
    np.testing.assert_array_equal(layer.weight.grad, 2 * once)
    layer.zero_grad()
    np.testing.assert_array_equal(layer.weight.grad, 0)


def test_dense_weights_stay_column_major_and_layout_does_not_change_results():
    # Dense stores W in Fortran order so that W.T is a row-major BLAS operand
    # (see its Notes). The layout must survive the optimisers' in-place updates,
    # and a row-major copy of the same weights must give the same numbers.
    from mathdl import optim

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 6)), rng.integers(0, 3, size=40)
    for make in (
        lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
        lambda ps: optim.Adam(ps, lr=0.01),
    ):
        model = Sequential(Dense(6, 5, rng=1), ReLU(), Dense(5, 3, rng=2))
        twin = Sequential(Dense(6, 5, rng=1), ReLU(), Dense(5, 3, rng=2))
        for layer in (twin[0], twin[2]):
            layer.weight = Parameter(np.ascontiguousarray(layer.weight.data))
        opts = [make(m.parameters()) for m in (model, twin)]
        for m, opt in zip((model, twin), opts, strict=True):
            nn.fit(m, CrossEntropyLoss(), opt, X, y, epochs=3, batch_size=8, rng=3)
        for mine, row_major in ((model[0], twin[0]), (model[2], twin[2])):
            w = mine.weight
            assert w.data.flags.f_contiguous and w.grad.flags.f_contiguous
            assert row_major.weight.data.flags.c_contiguous
            np.testing.assert_allclose(w.data, row_major.weight.data, rtol=1e-12)
            np.testing.assert_allclose(w.grad, row_major.weight.grad, rtol=1e-12)
        for buffer in opts[0].state[0].values():
            assert buffer.flags.f_contiguous


def test_parameter_copies_its_data_and_keeps_its_layout():
    column_major = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    p = Parameter(column_major)
    assert p.data.flags.f_contiguous and p.grad.flags.f_contiguous
    assert not np.shares_memory(p.data, column_major)
    q = Parameter(np.arange(6, dtype=np.float32).reshape(2, 3))
    assert q.data.flags.c_contiguous and q.data.dtype == np.float32


def test_sequential_container_behaviour():
    model = Sequential(
        Conv2D(1, 4, 3, rng=0),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Dropout(0.5, rng=1),
        Dense(36, 10, rng=2),
    )
    assert len(model) == 6
    assert isinstance(model[0], Conv2D)
    assert isinstance(model[1:3], Sequential) and len(model[1:3]) == 2
    assert [type(layer) for layer in model][-1] is Dense
    assert len(model.parameters()) == 4
    assert (
        repr(model).splitlines()[1]
        == "  (0): Conv2D(1 -> 4, kernel_size=3, stride=1, padding=0)"
    )
    assert model.eval() is model and not any(layer.training for layer in model)
    model.train()
    assert all(layer.training for layer in model)
    text = model.summary((1, 1, 8, 8))  # 8 - 3 + 1 = 6, pooled to 3: 4 * 3 * 3 = 36
    assert "(1, 4, 6, 6)" in text and "(1, 36)" in text
    assert all(layer.training for layer in model)  # mode restored


def test_summary_traces_shapes_and_counts():
    model = Sequential(
        Conv2D(1, 4, 3, padding=1, rng=0),
        ReLU(),
        MaxPool2D(2),
        Conv2D(4, 8, 3, rng=1),
        Flatten(),
        Dense(8 * 2 * 2, 10, rng=2),
    )
    text = model.summary((5, 1, 8, 8))
    rows = text.splitlines()
    for shape in [
        "(5, 1, 8, 8)",
        "(5, 4, 8, 8)",
        "(5, 4, 4, 4)",
        "(5, 8, 2, 2)",
        "(5, 32)",
        "(5, 10)",
    ]:
        assert any(shape in row for row in rows), shape
    total = (4 * 9 + 4) + (8 * 4 * 9 + 8) + (32 * 10 + 10)
    assert rows[-1] == f"Total parameters: {total:,}"
    assert Sequential()(np.ones((2, 3))).shape == (2, 3)  # empty: identity


# --------------------------------------------------------------------------
# Training, prediction, float32
# --------------------------------------------------------------------------


def test_mlp_reaches_95_percent_on_digits():
    from mathdl.datasets import load_digits

    X_train, X_test, y_train, y_test = load_digits(seed=0)
    model = Sequential(Dense(64, 64, rng=0), ReLU(), Dense(64, 10, rng=1))
    history = nn.fit(
        model,
        CrossEntropyLoss(),
        PlainSGD(model.parameters(), lr=0.1),
        X_train / 16,
        y_train,
        epochs=30,
        batch_size=32,
        rng=0,
        validation=(X_test / 16, y_test),
    )
    test_accuracy = metrics.accuracy(y_test, nn.predict(model, X_test / 16))
    assert test_accuracy >= 0.95
    assert len(history.loss) == len(history.val_accuracy) == 30
    assert history.loss[-1] < history.loss[0]
    assert history.val_accuracy[-1] == pytest.approx(test_accuracy)
    expected_val_loss = CrossEntropyLoss()(model(X_test / 16), y_test)
    assert history.val_loss[-1] == pytest.approx(expected_val_loss, rel=1e-12)


def test_12_3_2_network_reaches_100_percent_on_tiny_digits():
    # Chapter 11's network: 12 pixels, 3 sigmoid hidden units, 2 outputs,
    # 12 * 3 + 3 + 3 * 2 + 2 = 47 parameters, trained with mathdl.optim.
    from mathdl.datasets import tiny_digits
    from mathdl.optim import SGD

    X, y = tiny_digits()
    model = Sequential(
        Dense(12, 3, rng=0, init="glorot"), Sigmoid(), Dense(3, 2, rng=1, init="glorot")
    )
    assert sum(p.data.size for p in model.parameters()) == 47
    history = nn.fit(
        model,
        CrossEntropyLoss(),
        SGD(model.parameters(), lr=0.5, momentum=0.9),
        X,
        y,
        epochs=100,
        batch_size=16,
        rng=0,
    )
    assert metrics.accuracy(y, nn.predict(model, X)) == 1.0
    assert history.accuracy[-1] == 1.0
    assert history.loss[-1] < 0.1 * history.loss[0]


def test_reproduces_scikit_learn_mlpclassifier_predict_proba():
    # Chapter 10: scikit-learn stores W as (in, out); Dense stores W^T.
    neural_network = pytest.importorskip("sklearn.neural_network")
    from mathdl.datasets import load_iris

    X_train, X_test, y_train, _ = load_iris(seed=0)
    clf = neural_network.MLPClassifier(
        hidden_layer_sizes=(6,), activation="tanh", solver="lbfgs", random_state=0
    ).fit(X_train, y_train)
    model = Sequential(Dense(4, 6, rng=0), Tanh(), Dense(6, 3, rng=0))
    for layer, W, b in zip(model[::2], clf.coefs_, clf.intercepts_, strict=True):
        layer.weight.data[:], layer.bias.data[:] = W.T, b
    np.testing.assert_allclose(
        nn.predict_proba(model, X_test), clf.predict_proba(X_test), rtol=1e-12
    )
    np.testing.assert_array_equal(nn.predict(model, X_test), clf.predict(X_test))


def test_fit_is_reproducible_and_records_history():
    rng = np.random.default_rng(30)
    X, y = rng.normal(size=(40, 3)), rng.integers(0, 2, 40)

    def run():
        model = Sequential(Dense(3, 5, rng=1), Tanh(), Dense(5, 2, rng=2))
        h = nn.fit(
            model, CrossEntropyLoss(), PlainSGD(model.parameters(), 0.1), X, y, 3, 7, 0
        )
        return h, model

    (h1, m1), (h2, m2) = run(), run()
    assert h1 == h2
    np.testing.assert_array_equal(m1[0].weight.data, m2[0].weight.data)
    assert len(h1.loss) == len(h1.accuracy) == 3 and h1.val_loss == []
    # regression: no accuracy
    model = Dense(3, 1, rng=0)
    h = nn.fit(
        model, MSELoss(), PlainSGD(model.parameters(), 0.05), X, X[:, :1], 2, 8, 0
    )
    assert len(h.loss) == 2 and h.accuracy == []


def test_binary_classification_with_bce():
    rng = np.random.default_rng(31)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] - X[:, 1] > 0).astype(float)[:, None]
    model = Dense(2, 1, rng=0)
    h = nn.fit(
        model,
        BinaryCrossEntropyLoss(),
        PlainSGD(model.parameters(), 1.0),
        X,
        y,
        20,
        20,
        0,
    )
    assert h.accuracy[-1] > 0.95
    proba = nn.predict_proba(model, X)
    assert proba.shape == (200, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_array_equal(nn.predict(model, X), (proba[:, 1] > 0.5).astype(int))


def test_predict_and_predict_proba_use_eval_mode_and_softmax():
    rng = np.random.default_rng(32)
    model = Sequential(Dense(4, 6, rng=0), Dropout(0.5, rng=1), Dense(6, 3, rng=2))
    X = rng.normal(size=(10, 4))
    proba = nn.predict_proba(model, X, batch_size=3)
    logits = model[2](model[0](X))  # dropout skipped: evaluation mode
    np.testing.assert_allclose(proba, scipy.special.softmax(logits, axis=1))
    np.testing.assert_array_equal(nn.predict(model, X), logits.argmax(axis=1))
    assert model.training and model[1].training  # mode restored


def test_float32_stays_float32_end_to_end():
    f32 = np.float32
    cnn = Sequential(
        Conv2D(1, 3, 3, padding=1, rng=0, dtype=f32),
        LeakyReLU(),
        MaxPool2D(2),
        AvgPool2D(2, stride=1),
        Dropout(0.2, rng=1),
        Flatten(),
        Dense(27, 8, rng=2, dtype=f32),
        Sigmoid(),
        Dense(8, 6, rng=3, dtype=f32, init="glorot"),
        Tanh(),
        ReLU(),
        Softmax(),
        Dense(6, 4, rng=4, dtype=f32),
    )
    x = np.random.default_rng(5).normal(size=(3, 1, 8, 8))  # float64 input
    out = x
    for layer in cnn:
        out = layer(out)
        assert out.dtype == f32, layer
    for loss, target in [
        (CrossEntropyLoss(), np.array([0, 3, 1])),
        (MSELoss(), np.zeros((3, 4))),
        (BinaryCrossEntropyLoss(), np.ones((3, 4))),
    ]:
        cnn.zero_grad()
        out = cnn.forward(x)
        loss(out, target)
        grad = loss.backward()
        assert grad.dtype == f32
        for layer in reversed(cnn.layers):
            grad = layer.backward(grad)
            assert grad.dtype == f32, layer
        assert all(p.grad.dtype == f32 for p in cnn.parameters())
    nn.l2_penalty(cnn.parameters(), 0.1)
    assert all(p.grad.dtype == f32 for p in cnn.parameters())
    # training keeps parameters float32; predictions stay float32
    y = np.array([0, 1, 2, 3, 0, 1])
    X = np.random.default_rng(6).normal(size=(6, 1, 8, 8))
    nn.fit(cnn, CrossEntropyLoss(), PlainSGD(cnn.parameters(), 0.1), X, y, 2, 4, 0)
    assert all(p.data.dtype == f32 and p.grad.dtype == f32 for p in cnn.parameters())
    assert nn.predict_proba(cnn, X).dtype == f32


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def test_dense_shape_mismatch_names_both_shapes():
    with pytest.raises(
        ValueError,
        match=r"x must have shape \(n, 64\) \(Dense\(64 -> 10\) takes 64 "
        r"features\), got \(32, 65\)",
    ):
        Dense(64, 10, rng=0)(np.ones((32, 65)))
    model = Sequential(Dense(4, 3, rng=0), ReLU(), Dense(5, 2, rng=1))
    with pytest.raises(ValueError, match=r"Dense\(5 -> 2\).*5 features.*\(2, 3\)"):
        model(np.ones((2, 4)))
    with pytest.raises(ValueError, match="features"):
        Dense(3, 2, rng=0)(np.ones(3))  # 1-D: no batch axis


def test_nan_inputs_are_rejected_at_the_boundaries():
    model = Sequential(Dense(2, 2, rng=0))
    bad = np.array([[1.0, np.nan]])
    with pytest.raises(ValueError, match="x must contain only finite"):
        model(bad)
    with pytest.raises(ValueError, match="prediction"):
        CrossEntropyLoss()(np.array([[np.inf, 0.0]]), np.array([0]))
    with pytest.raises(ValueError, match="prediction"):
        MSELoss()(bad, np.zeros((1, 2)))
    with pytest.raises(ValueError, match="target"):
        BinaryCrossEntropyLoss()(np.zeros((1, 2)), bad)
    opt = PlainSGD(model.parameters(), 0.1)
    with pytest.raises(ValueError, match="X must contain only finite"):
        nn.fit(model, CrossEntropyLoss(), opt, bad, np.array([0]), 1, 1, 0)
    with pytest.raises(ValueError, match="X_val"):
        nn.fit(
            model,
            CrossEntropyLoss(),
            opt,
            np.ones((1, 2)),
            np.array([0]),
            1,
            1,
            0,
            validation=(bad, np.array([0])),
        )
    with pytest.raises(ValueError, match="X"):
        nn.predict(model, bad)


def test_labels_are_checked():
    loss = CrossEntropyLoss()
    with pytest.raises(ValueError, match=r"target must hold class labels in 0\.\.2"):
        loss(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="target must hold class labels >= 0"):
        loss(np.zeros((2, 3)), np.array([0, -1]))
    with pytest.raises(TypeError, match="target must hold integer"):
        loss(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="prediction and target"):
        loss(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"target must hold values in \[0, 1\]"):
        BinaryCrossEntropyLoss()(np.zeros(2), np.array([0.0, 2.0]))
    with pytest.raises(ValueError, match="same shape"):
        MSELoss()(np.zeros((2, 3)), np.zeros((3, 2)))


def test_conv_and_pool_input_errors():
    conv = Conv2D(3, 2, 5, padding=1, rng=0)
    with pytest.raises(
        ValueError, match=r"x must have shape \(N, 3, H, W\).*got \(3, 8, 8\)"
    ):
        conv(np.ones((3, 8, 8)))
    with pytest.raises(ValueError, match=r"3 channels\), got \(1, 2, 8, 8\)"):
        conv(np.ones((1, 2, 8, 8)))
    with pytest.raises(
        ValueError,
        match=r"kernel_size \(5, 5\) is larger than the padded input \(4, 4\)",
    ):
        conv(np.ones((1, 3, 2, 2)))
    with pytest.raises(ValueError, match="4-D"):
        MaxPool2D(2)(np.ones((4, 4)))
    with pytest.raises(ValueError, match="kernel_size"):
        AvgPool2D(3)(np.ones((1, 1, 2, 5)))
    with pytest.raises(ValueError, match="kernel_size must be >= 1"):
        Conv2D(1, 1, 0, rng=0)
    with pytest.raises(ValueError, match="padding must be >= 0"):
        Conv2D(1, 1, 3, padding=-1, rng=0)
    with pytest.raises(TypeError, match="stride must be an int or a pair"):
        MaxPool2D(2, stride=(1, 2, 3))


def test_constructor_and_argument_errors():
    for p in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError, match="p must be"):
            Dropout(p, rng=0)
    with pytest.raises(TypeError, match="p must be a real number"):
        Dropout("0.5", rng=0)
    with pytest.raises(TypeError, match="rng"):
        Dropout(0.5, rng=None)
    with pytest.raises(ValueError, match="dtype must be float32 or float64"):
        Dense(2, 2, rng=0, dtype=np.int32)
    with pytest.raises(
        ValueError, match="init must be one of 'he', 'glorot', got str 'xavier'"
    ):
        Dense(2, 2, rng=0, init="xavier")
    with pytest.raises(ValueError, match="in_features must be >= 1"):
        Dense(0, 2, rng=0)
    with pytest.raises(ValueError, match="negative_slope"):
        LeakyReLU(-1.0)
    with pytest.raises(ValueError, match="lam must be >= 0"):
        nn.l2_penalty([], -1.0)
    with pytest.raises(
        TypeError, match=r"layers\[1\] must be a layer with methods forward"
    ):
        Sequential(ReLU(), 3)
    with pytest.raises(RuntimeError, match="call forward before backward"):
        Dense(2, 2, rng=0).backward(np.ones((1, 2)))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        CrossEntropyLoss().backward()


def test_fit_and_gradient_check_argument_errors():
    model = Dense(2, 2, rng=0)
    X, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
    opt = PlainSGD(model.parameters(), 0.1)
    with pytest.raises(ValueError, match="epochs must be >= 1"):
        nn.fit(model, CrossEntropyLoss(), opt, X, y, 0, 2, 0)
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        nn.fit(model, CrossEntropyLoss(), opt, X, y, 1, 0, 0)
    with pytest.raises(ValueError, match="X and y must have the same number"):
        nn.fit(model, CrossEntropyLoss(), opt, X, y[:3], 1, 2, 0)
    with pytest.raises(
        TypeError, match="optimizer must be an optimizer with methods step, zero_grad"
    ):
        nn.fit(model, CrossEntropyLoss(), object(), X, y, 1, 2, 0)
    with pytest.raises(ValueError, match=r"target must hold class labels in 0\.\.1"):
        nn.fit(model, CrossEntropyLoss(), opt, X, np.array([0, 1, 2, 1]), 1, 4, 0)
    with pytest.raises(TypeError, match="validation must be a pair"):
        nn.fit(model, CrossEntropyLoss(), opt, X, y, 1, 2, 0, validation=X)
    with pytest.raises(TypeError, match="float64"):
        nn.gradient_check(Dense(2, 2, rng=0, dtype=np.float32), MSELoss(), X, X)
    with pytest.raises(TypeError, match="x must be float64"):
        nn.gradient_check(model, MSELoss(), X.astype(np.float32), X)
    with pytest.raises(ValueError, match="no parameters"):
        nn.gradient_check(ReLU(), MSELoss(), X, X, check_input=False)


def test_loss_symbols_of_the_notation_page() -> None:
    """The relations between l, J, J_lambda and C stated on the notation page."""
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(5, 3))  # 5 samples, 3 classes
    labels = np.array([0, 2, 1, 1, 0])

    p = nn.softmax(logits, axis=1)
    ell = -np.log(p[np.arange(5), labels])  # one loss per sample
    J = nn.CrossEntropyLoss()(logits, labels)  # their mean
    assert np.isclose(J, ell.mean())

    W = nn.Parameter(rng.normal(size=(3, 4)), name="weight")
    lam = 0.1
    J_lam = J + nn.l2_penalty([W], lam)  # J + lam/2 ||W||^2
    assert np.isclose(J_lam, J + lam / 2 * np.sum(W.data**2))

    a = rng.uniform(size=(64, 2))  # outputs of 2 units
    t = np.eye(2)[rng.integers(0, 2, size=64)]  # one-hot targets
    C = 0.5 * ((a - t) ** 2).sum(axis=1)  # Wakui's cost
    assert np.isclose(nn.MSELoss()(a, t), C.mean())  # K = 2
