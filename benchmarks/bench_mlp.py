"""One epoch of MLP training: mathdl against scikit-learn and PyTorch.

The task, identical for every contender: a 784-100-10 ReLU network with a
softmax cross-entropy loss, trained for one epoch of minibatch SGD (batch 64,
momentum 0.9, no weight decay) on random float32 inputs with 10 classes. Only
the epoch is timed; building the model is not.

``digits_accuracy`` trains the same architecture (64-100-10) on scikit-learn's
digits with the same epochs, batch size, learning rate and seeds, so that a
fast time cannot hide wrong mathematics, and ``lockstep_check`` trains mathdl
and PyTorch from identical weights on identical minibatches and compares the
results number by number.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from importlib import import_module
from typing import Any

import numpy as np
from bench_timing import Sample, Stopwatch

import mathdl.nn as nn
from mathdl import metrics
from mathdl.datasets import load_digits
from mathdl.optim import SGD

__all__ = [
    "HIDDEN",
    "MOMENTUM",
    "blas_throughput",
    "digits_accuracy",
    "epoch_contenders",
    "epoch_flops",
    "lockstep_check",
    "make_data",
    "matmuls_only",
    "train_mathdl",
    "train_numpy_floor",
    "train_sklearn",
    "train_torch",
]

HIDDEN = 100
N_CLASSES = 10
MOMENTUM = 0.9


def _torch() -> Any | None:
    """PyTorch, or None when it is not installed."""
    try:
        return import_module("torch")
    except ImportError:
        return None


def make_data(
    n_samples: int, n_features: int = 784, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Random float32 inputs (standard normal) and integer labels in 0..9."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features), dtype=np.float32)
    y = rng.integers(0, N_CLASSES, size=n_samples)
    return X, y


# ---------------------------------------------------------------------------
# The three contenders. Each builds its model untimed, then trains one or more
# epochs; each returns the model and the Sample (seconds) of the training.
# ---------------------------------------------------------------------------


def _mathdl_model(n_features: int, seed: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Dense(n_features, HIDDEN, rng=seed, dtype=np.float32),
        nn.ReLU(),
        nn.Dense(HIDDEN, N_CLASSES, rng=seed + 1, dtype=np.float32),
    )


def train_mathdl(
    X: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int,
    model: nn.Sequential | None = None,
) -> tuple[nn.Sequential, Sample]:
    """Train with ``mathdl.nn.fit`` and ``mathdl.optim.SGD``."""
    if model is None:
        model = _mathdl_model(X.shape[1], seed)
    optimizer = SGD(model.parameters(), lr=lr, momentum=MOMENTUM)
    loss = nn.CrossEntropyLoss()
    with Stopwatch() as sw:
        nn.fit(
            model, loss, optimizer, X, y, epochs=epochs, batch_size=batch_size, rng=seed
        )
    return model, sw.sample


def _torch_model(torch: Any, n_features: int, seed: int) -> Any:
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(n_features, HIDDEN),
        torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, N_CLASSES),
    )


def train_torch(
    X: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int,
    model: Any = None,
    orders: Callable[[int], np.ndarray] | None = None,
) -> tuple[Any, Sample]:
    """Train with ``torch.nn`` and ``torch.optim.SGD`` on the CPU.

    The loop does what ``mathdl.nn.fit`` does in each step: zero the
    gradients, forward, loss, backward, optimiser step, and record the
    epoch's loss and accuracy (``loss.item()``, ``argmax``). The minibatch
    order comes from ``torch.randperm`` unless ``orders(epoch)`` is given.
    """
    torch = import_module("torch")
    if model is None:
        model = _torch_model(torch, X.shape[1], seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=MOMENTUM)
    loss_fn = torch.nn.CrossEntropyLoss()
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
    generator = torch.Generator().manual_seed(seed)
    n = len(X)
    with Stopwatch() as sw:
        for epoch in range(epochs):
            if orders is None:
                order = torch.randperm(n, generator=generator)
            else:
                order = torch.from_numpy(orders(epoch))
            total, correct = 0.0, 0
            for first in range(0, n, batch_size):
                batch = order[first : first + batch_size]
                xb, yb = X_t[batch], y_t[batch]
                optimizer.zero_grad()
                out = model(xb)
                loss = loss_fn(out, yb)
                loss.backward()
                optimizer.step()
                total += loss.item() * len(batch)
                correct += int((out.argmax(dim=1) == yb).sum())
    return model, sw.sample


def _sklearn_model(epochs: int, batch_size: int, lr: float, seed: int) -> Any:
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(
        hidden_layer_sizes=(HIDDEN,),
        activation="relu",
        solver="sgd",
        learning_rate="constant",
        learning_rate_init=lr,
        momentum=MOMENTUM,
        nesterovs_momentum=False,
        batch_size=batch_size,
        max_iter=epochs,
        alpha=0.0,
        tol=0.0,
        n_iter_no_change=10**9,
        early_stopping=False,
        shuffle=True,
        random_state=seed,
    )


def train_sklearn(
    X: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int,
) -> tuple[Any, Sample]:
    """Train ``sklearn.neural_network.MLPClassifier``.

    With ``max_iter=epochs``, ``tol=0`` and a huge ``n_iter_no_change``,
    exactly ``epochs`` epochs run, and scikit-learn then warns that the
    optimiser "hasn't converged yet". That ConvergenceWarning is expected (we
    asked for a fixed number of epochs, not for convergence) and is silenced
    here, for this call only.
    """
    from sklearn.exceptions import ConvergenceWarning

    model = _sklearn_model(epochs, batch_size, lr, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with Stopwatch() as sw:
            model.fit(X, y)
    return model, sw.sample


def train_numpy_floor(
    X: np.ndarray, y: np.ndarray, *, batch_size: int, lr: float, seed: int
) -> Sample:
    """Reference: the same epoch as a bare NumPy loop, with nothing to spare.

    Not a contender but a floor: what NumPy itself can do on this problem.
    The same float32 products, loss, gradients, momentum update and epoch
    statistics as ``mathdl.nn.fit``, written as one function with in-place
    operations and no input checks, no layers, no optimiser objects. The
    weights are kept transposed, as row-major (in, out) arrays, the layout
    in which BLAS does these products fastest (``mathdl.nn.Dense`` gets the
    same effect by storing W in column-major order).
    """
    n, d = X.shape
    rng = np.random.default_rng(seed)
    f32 = np.float32
    W1t = rng.standard_normal((d, HIDDEN), dtype=f32) * f32(np.sqrt(2 / d))
    W2t = rng.standard_normal((HIDDEN, N_CLASSES), dtype=f32) * f32(np.sqrt(0.02))
    b1, b2 = np.zeros(HIDDEN, f32), np.zeros(N_CLASSES, f32)
    params = [W1t, b1, W2t, b2]
    buffers = [np.zeros_like(p) for p in params]
    mu, step = f32(MOMENTUM), f32(lr)
    with Stopwatch() as sw:
        order = rng.permutation(n)
        total, correct = 0.0, 0
        for first in range(0, n, batch_size):
            batch = order[first : first + batch_size]
            xb, yb = X[batch], y[batch]
            rows = np.arange(len(batch))
            h = xb @ W1t  # forward
            h += b1
            np.maximum(h, 0, out=h)
            z = h @ W2t
            z += b2
            z -= z.max(axis=1, keepdims=True)  # softmax cross-entropy
            np.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
            total -= float(np.log(z[rows, yb]).sum())
            correct += int(np.count_nonzero(z.argmax(axis=1) == yb))
            z[rows, yb] -= 1  # dJ/dz = (p - onehot) / n
            z /= len(batch)
            grads = [None, None, h.T @ z, z.sum(axis=0)]  # backward
            dh = z @ W2t.T
            dh *= h > 0
            grads[0], grads[1] = xb.T @ dh, dh.sum(axis=0)
            for p, g, b in zip(params, grads, buffers, strict=True):
                b *= mu  # b = mu b + g; theta -= lr b
                b += g
                p -= step * b
    return sw.sample


def matmuls_only(X: np.ndarray, batch_size: int) -> Sample:
    """Reference: only the five matrix products of each step, nothing else.

    The same products, in the same memory layouts, as ``train_numpy_floor``.
    """
    n, d = X.shape
    rng = np.random.default_rng(0)
    W1t = rng.standard_normal((d, HIDDEN), dtype=np.float32)
    W2t = rng.standard_normal((HIDDEN, N_CLASSES), dtype=np.float32)
    with Stopwatch() as sw:
        for first in range(0, n, batch_size):
            xb = X[first : first + batch_size]
            h = xb @ W1t
            z = h @ W2t
            _ = h.T @ z  # dJ/dW2, transposed
            dh = z @ W2t.T  # dJ/dh
            _ = xb.T @ dh  # dJ/dW1, transposed
    return sw.sample


def epoch_contenders(
    X: np.ndarray, y: np.ndarray, batch_size: int, lr: float
) -> dict[str, Callable[[], Sample]]:
    """Callables that each train one epoch from scratch and return its Sample."""
    kwargs = {"epochs": 1, "batch_size": batch_size, "lr": lr, "seed": 0}
    contenders = {
        "mathdl": lambda: train_mathdl(X, y, **kwargs)[1],
        "scikit-learn": lambda: train_sklearn(X, y, **kwargs)[1],
    }
    if _torch() is not None:
        contenders["PyTorch"] = lambda: train_torch(X, y, **kwargs)[1]
    contenders["NumPy floor"] = lambda: train_numpy_floor(
        X, y, batch_size=batch_size, lr=lr, seed=0
    )
    contenders["matmuls only"] = lambda: matmuls_only(X, batch_size)
    return contenders


# ---------------------------------------------------------------------------
# The limit: floating-point operations and the machine's matmul throughput
# ---------------------------------------------------------------------------


def epoch_flops(n_samples: int, n_features: int, batch_size: int) -> dict[str, int]:
    """Floating-point operations of one epoch, by part.

    A matrix product of (m, k) by (k, n) costs ``2 m k n`` (a multiply and
    an add per term). Per sample, with layer sizes d -> h -> K:

    * forward: ``2 (d h + h K)``;
    * backward: the weight gradients ``2 (d h + h K)`` and the gradient
      with respect to the hidden activations ``2 h K``; the gradient with
      respect to the input (``2 d h``) is not needed and not computed;
    * SGD with momentum: ``b = mu b + g`` and ``theta -= lr b``, 4 flops per
      parameter per step.

    Elementwise work (bias, ReLU, softmax) is left out: it is under 1% of
    the total here.
    """
    d, h, k = n_features, HIDDEN, N_CLASSES
    steps = -(-n_samples // batch_size)
    n_params = d * h + h + h * k + k
    return {
        "forward": 2 * n_samples * (d * h + h * k),
        "backward": 2 * n_samples * (d * h + h * k) + 2 * n_samples * h * k,
        "optimizer": 4 * n_params * steps,
    }


def blas_throughput(size: int, repeats: int = 3) -> Sample:
    """Float32 matrix-multiply throughput of NumPy's BLAS, in flop/s.

    Times ``A @ B`` for random float32 ``size x size`` matrices ``repeats``
    times (after one untimed product) and returns ``2 size^3`` divided by
    the median time, on the wall clock and on the CPU clock (flop per CPU
    second, summed over threads).
    """
    rng = np.random.default_rng(0)
    A = rng.standard_normal((size, size), dtype=np.float32)
    B = rng.standard_normal((size, size), dtype=np.float32)
    out = np.empty_like(A)
    np.matmul(A, B, out=out)
    samples = []
    for _ in range(repeats):
        with Stopwatch() as sw:
            np.matmul(A, B, out=out)
        samples.append(sw.sample)
    flops = 2 * size**3
    return Sample(
        flops / float(np.median([s.wall for s in samples])),
        flops / float(np.median([s.cpu for s in samples])),
    )


# ---------------------------------------------------------------------------
# Same mathematics: accuracy on the digits, and a lockstep check with PyTorch
# ---------------------------------------------------------------------------


def _digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X_train, X_test, y_train, y_test = load_digits(seed=0)
    scale = np.float32(1 / 16)  # pixel intensities 0..16 -> 0..1
    return (
        X_train.astype(np.float32) * scale,
        X_test.astype(np.float32) * scale,
        y_train,
        y_test,
    )


def _torch_predict(model: Any, X: np.ndarray) -> np.ndarray:
    torch = import_module("torch")
    with torch.no_grad():
        return model(torch.from_numpy(X)).argmax(dim=1).numpy()


def digits_accuracy(
    seeds: list[int], epochs: int, batch_size: int, lr: float
) -> dict[str, list[float]]:
    """Test accuracy of each library on the digits, one value per seed.

    Each library uses its own default initialisation and shuffling, seeded
    with the same integer: mathdl He-normal weights, PyTorch's
    ``nn.Linear`` default, scikit-learn's Glorot-uniform.
    """
    X_train, X_test, y_train, y_test = _digits()
    kwargs = {"epochs": epochs, "batch_size": batch_size, "lr": lr}
    scores: dict[str, list[float]] = {"mathdl": [], "scikit-learn": []}
    has_torch = _torch() is not None
    if has_torch:
        scores["PyTorch"] = []
    for seed in seeds:
        model, _ = train_mathdl(X_train, y_train, seed=seed, **kwargs)
        scores["mathdl"].append(metrics.accuracy(y_test, nn.predict(model, X_test)))
        clf, _ = train_sklearn(X_train, y_train, seed=seed, **kwargs)
        scores["scikit-learn"].append(float(np.mean(clf.predict(X_test) == y_test)))
        if has_torch:
            net, _ = train_torch(X_train, y_train, seed=seed, **kwargs)
            scores["PyTorch"].append(
                float(np.mean(_torch_predict(net, X_test) == y_test))
            )
    return scores


def lockstep_check(epochs: int, batch_size: int, lr: float) -> dict[str, float] | None:
    """Train mathdl and PyTorch from the same weights on the same minibatches.

    PyTorch gets a copy of mathdl's initial weights and the permutations
    that ``mathdl.nn.fit`` draws (``np.random.default_rng(seed)``, one
    ``permutation`` per epoch), so both compute the same sequence of
    float32 updates; they can differ only by rounding (the order of the
    sums inside the BLAS). Returns None without PyTorch.
    """
    torch = _torch()
    if torch is None:
        return None
    X_train, X_test, y_train, y_test = _digits()
    seed = 0
    model = _mathdl_model(X_train.shape[1], seed)
    net = _torch_model(torch, X_train.shape[1], seed)
    dense = [model[0], model[2]]
    with torch.no_grad():
        for mine, theirs in zip(dense, (net[0], net[2]), strict=True):
            theirs.weight.copy_(torch.from_numpy(mine.weight.data))
            theirs.bias.copy_(torch.from_numpy(mine.bias.data))
    rng = np.random.default_rng(seed)
    perms = [rng.permutation(len(X_train)) for _ in range(epochs)]
    kwargs = {"epochs": epochs, "batch_size": batch_size, "lr": lr, "seed": seed}
    train_mathdl(X_train, y_train, model=model, **kwargs)
    train_torch(X_train, y_train, model=net, orders=perms.__getitem__, **kwargs)
    worst = 0.0
    for mine, theirs in zip(dense, (net[0], net[2]), strict=True):
        for a, b in ((mine.weight.data, theirs.weight), (mine.bias.data, theirs.bias)):
            b = b.detach().numpy()
            worst = max(worst, float(np.abs(a - b).max() / np.abs(b).max()))
    pred_mathdl = nn.predict(model, X_test)
    pred_torch = _torch_predict(net, X_test)
    return {
        "max relative weight difference": worst,
        "test predictions that agree": float(np.mean(pred_mathdl == pred_torch)),
        "accuracy mathdl": float(np.mean(pred_mathdl == y_test)),
        "accuracy PyTorch": float(np.mean(pred_torch == y_test)),
    }
