"""Data sets for the book, as NumPy arrays with seeded train/test splits.

The book builds offline, so every data set here is either bundled with
scikit-learn (digits, iris, breast cancer, wine) or made by ``mathdl``
itself. Loaders return a :class:`Split`, a named tuple that unpacks like
scikit-learn's ``train_test_split``::

    X_train, X_test, y_train, y_test = load_digits(seed=0)

The same seed always gives the same split.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from mathdl._validation import (
    as_array,
    check_consistent_length,
    check_rng,
    check_scalar,
)

__all__ = [
    "DATASETS",
    "Split",
    "load_breast_cancer",
    "load_dataset",
    "load_digits",
    "load_iris",
    "load_wine",
    "train_test_split",
]

#: Names accepted by :func:`load_dataset`.
DATASETS = ("digits", "iris", "breast_cancer", "wine")


class Split(NamedTuple):
    """A train/test split of features ``X`` and labels ``y``.

    Attributes
    ----------
    X_train : numpy.ndarray
        Training features, shape ``(n_train, n_features)``.
    X_test : numpy.ndarray
        Test features, shape ``(n_test, n_features)``.
    y_train : numpy.ndarray
        Training labels (integers), shape ``(n_train,)``.
    y_test : numpy.ndarray
        Test labels (integers), shape ``(n_test,)``.
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def train_test_split(
    X: ArrayLike,
    y: ArrayLike,
    *,
    test_size: float = 0.25,
    rng: np.random.Generator | int = 0,
    stratify: bool = True,
) -> Split:
    """Split samples at random into a training and a test set.

    Parameters
    ----------
    X : array_like, shape (n_samples, ...)
        Features; the first axis indexes samples.
    y : array_like, shape (n_samples,)
        Integer class labels.
    test_size : float, optional
        Fraction of the samples in the test set, strictly between 0 and 1
        (default 0.25).
    rng : numpy.random.Generator or int, optional
        Random generator or seed (default 0).
    stratify : bool, optional
        If ``True`` (default), each class is split separately so that both
        sets keep the class proportions of ``y``: class ``c`` with ``n_c``
        samples puts ``round(test_size * n_c)`` of them in the test set.

    Returns
    -------
    Split
        ``(X_train, X_test, y_train, y_test)``; within each set the samples
        are in random order.

    Raises
    ------
    ValueError
        If ``X`` and ``y`` have different numbers of samples, ``y`` is not
        1-D, or ``test_size`` is not in (0, 1).

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.datasets import train_test_split
    >>> X = np.arange(20).reshape(10, 2)
    >>> y = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    >>> split = train_test_split(X, y, test_size=0.4, rng=0)
    >>> split.X_train.shape, split.X_test.shape
    ((6, 2), (4, 2))
    >>> np.bincount(split.y_test)  # two of each class: stratified
    array([2, 2])
    """
    X = as_array(X, "X", dtype=None)
    y = as_array(y, "y", ndim=1, dtype=None)
    if X.ndim == 0:
        raise ValueError(f"X must have at least 1 dimension, got shape {X.shape}")
    check_consistent_length(X, y, "X", "y")
    test_size = check_scalar(
        test_size, "test_size", low=0, high=1, low_inclusive=False, high_inclusive=False
    )
    generator = check_rng(rng)
    n = len(y)
    order = generator.permutation(n)
    if stratify:
        # Sort the shuffled indices by class (stable, so each class stays in
        # random order), then take the first round(test_size * n_c) of each.
        order = order[np.argsort(y[order], kind="stable")]
        _, starts, counts = np.unique(y[order], return_index=True, return_counts=True)
        n_test = np.round(test_size * counts).astype(int)
        position = np.arange(n) - np.repeat(starts, counts)
        is_test = position < np.repeat(n_test, counts)
        test_idx = generator.permutation(order[is_test])
        train_idx = generator.permutation(order[~is_test])
    else:
        n_test = round(test_size * n)
        test_idx, train_idx = order[:n_test], order[n_test:]
    if len(test_idx) == 0 or len(train_idx) == 0:
        raise ValueError(
            f"test_size={test_size} leaves an empty training or test set "
            f"for {n} samples"
        )
    return Split(X[train_idx], X[test_idx], y[train_idx], y[test_idx])


def _load_sklearn(name: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        from sklearn import datasets as skd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "mathdl.datasets needs scikit-learn for its bundled data sets: "
            "pip install 'mathdl[data]'"
        ) from exc
    loader = {
        "digits": skd.load_digits,
        "iris": skd.load_iris,
        "breast_cancer": skd.load_breast_cancer,
        "wine": skd.load_wine,
    }[name]
    bunch = loader()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)


def load_dataset(
    name: str,
    *,
    test_size: float = 0.25,
    seed: int = 0,
    stratify: bool = True,
) -> Split:
    """Load one of scikit-learn's bundled data sets, split into train and test.

    Parameters
    ----------
    name : {"digits", "iris", "breast_cancer", "wine"}
        Which data set.
    test_size : float, optional
        Fraction of samples in the test set (default 0.25).
    seed : int, optional
        Seed of the split (default 0).
    stratify : bool, optional
        Keep class proportions in both sets (default ``True``).

    Returns
    -------
    Split
        ``(X_train, X_test, y_train, y_test)`` with float64 features and
        int64 labels.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`DATASETS`.

    Examples
    --------
    >>> from mathdl.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("wine", seed=1)
    >>> X_train.shape, X_test.shape
    ((133, 13), (45, 13))
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {DATASETS}, got {name!r}")
    X, y = _load_sklearn(name)
    return train_test_split(X, y, test_size=test_size, rng=seed, stratify=stratify)


def load_digits(
    *, test_size: float = 0.25, seed: int = 0, stratify: bool = True
) -> Split:
    """Load the 8x8 handwritten digits (1797 images, 10 classes), split.

    Each row of ``X`` is an 8x8 image flattened to 64 pixel intensities
    from 0 to 16; reshape a row with ``x.reshape(8, 8)`` to see it.

    Parameters
    ----------
    test_size, seed, stratify
        As in :func:`load_dataset`.

    Returns
    -------
    Split

    Examples
    --------
    >>> from mathdl.datasets import load_digits
    >>> X_train, X_test, y_train, y_test = load_digits(seed=0)
    >>> X_train.shape, X_test.shape
    ((1347, 64), (450, 64))
    >>> float(X_train.max())
    16.0
    """
    return load_dataset("digits", test_size=test_size, seed=seed, stratify=stratify)


def load_iris(
    *, test_size: float = 0.25, seed: int = 0, stratify: bool = True
) -> Split:
    """Load Fisher's iris flowers (150 samples, 4 features, 3 classes), split.

    Parameters
    ----------
    test_size, seed, stratify
        As in :func:`load_dataset`.

    Returns
    -------
    Split

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.datasets import load_iris
    >>> X_train, X_test, y_train, y_test = load_iris(seed=0)
    >>> X_train.shape, np.bincount(y_test)
    ((114, 4), array([12, 12, 12]))
    """
    return load_dataset("iris", test_size=test_size, seed=seed, stratify=stratify)


def load_breast_cancer(
    *, test_size: float = 0.25, seed: int = 0, stratify: bool = True
) -> Split:
    """Load the Wisconsin breast cancer set (569 samples, 30 features), split.

    Label 0 is malignant and 1 is benign, as in scikit-learn.

    Parameters
    ----------
    test_size, seed, stratify
        As in :func:`load_dataset`.

    Returns
    -------
    Split

    Examples
    --------
    >>> from mathdl.datasets import load_breast_cancer
    >>> X_train, X_test, y_train, y_test = load_breast_cancer(seed=0)
    >>> X_train.shape, X_test.shape
    ((427, 30), (142, 30))
    """
    return load_dataset(
        "breast_cancer", test_size=test_size, seed=seed, stratify=stratify
    )


def load_wine(
    *, test_size: float = 0.25, seed: int = 0, stratify: bool = True
) -> Split:
    """Load the wine recognition set (178 samples, 13 features, 3 classes), split.

    Parameters
    ----------
    test_size, seed, stratify
        As in :func:`load_dataset`.

    Returns
    -------
    Split

    Examples
    --------
    >>> from mathdl.datasets import load_wine
    >>> X_train, X_test, y_train, y_test = load_wine(seed=0)
    >>> X_train.shape, X_test.shape
    ((133, 13), (45, 13))
    """
    return load_dataset("wine", test_size=test_size, seed=seed, stratify=stratify)
