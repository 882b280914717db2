"""Data sets for the book, as NumPy arrays with seeded train/test splits.

The book builds offline, so every data set here is either bundled with
scikit-learn (digits, iris, breast cancer, wine) or made by ``mathdl``
itself. Loaders return a :class:`Split`, a named tuple that unpacks like
scikit-learn's ``train_test_split``::

    X_train, X_test, y_train, y_test = load_digits(seed=0)

The same seed always gives the same split.

Two more sources are not split: :func:`tiny_digits`, the book's own 64
hand-drawn images of 0 and 1 on a 4x3 grid (Chapter 11), and
:func:`load_mnist`, which reads MNIST from IDX files the reader already has
(nothing is downloaded).
"""

from __future__ import annotations

import gzip
import math
import os
import struct
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from mathdl._validation import (
    as_array,
    check_choice,
    check_consistent_length,
    check_flag,
    check_integer,
    check_rng,
    check_scalar,
    describe,
)

__all__ = [
    "DATASETS",
    "MNIST_KINDS",
    "Split",
    "kfold",
    "load_breast_cancer",
    "load_dataset",
    "load_digits",
    "load_iris",
    "load_mnist",
    "load_wine",
    "read_idx",
    "tiny_digits",
    "train_test_split",
]

#: Names accepted by :func:`load_dataset`.
DATASETS = ("digits", "iris", "breast_cancer", "wine")


class _Split(NamedTuple):
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


class Split(_Split):
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

    Raises
    ------
    TypeError
        If a field is not array-like.
    ValueError
        If a set is empty or holds NaN or infinity, ``X_train`` and
        ``X_test`` differ in the shape of one sample (or are 0-D), a label
        array is not 1-D, or ``X_train``/``y_train`` or ``X_test``/``y_test``
        differ in their number of samples.

    Examples
    --------
    >>> from mathdl.datasets import load_iris
    >>> split = load_iris(seed=0)
    >>> split.X_train.shape, split.y_test.shape
    ((114, 4), (36,))
    """

    __slots__ = ()

    def __new__(
        cls,
        X_train: ArrayLike,
        X_test: ArrayLike,
        y_train: ArrayLike,
        y_test: ArrayLike,
    ) -> Split:
        X_train = as_array(X_train, "X_train", dtype=None)
        X_test = as_array(X_test, "X_test", dtype=None)
        for name, X in (("X_train", X_train), ("X_test", X_test)):
            if X.ndim == 0:
                raise ValueError(
                    f"{name} must have at least 1 dimension, got shape {X.shape}"
                )
        if X_train.shape[1:] != X_test.shape[1:]:
            raise ValueError(
                "X_train and X_test must have samples of the same shape, got "
                f"{X_train.shape[1:]} and {X_test.shape[1:]}"
            )
        y_train = as_array(y_train, "y_train", ndim=1, dtype=None)
        y_test = as_array(y_test, "y_test", ndim=1, dtype=None)
        check_consistent_length(X_train, y_train, "X_train", "y_train")
        check_consistent_length(X_test, y_test, "X_test", "y_test")
        return super().__new__(cls, X_train, X_test, y_train, y_test)

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Split:
        return cls(*iterable)  # so that _replace checks too


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
    TypeError
        If ``X`` or ``y`` is not array-like, ``rng`` is not a generator or
        seed, or ``stratify`` is not a bool.
    ValueError
        If ``X`` and ``y`` have different numbers of samples, are empty or
        hold NaN or infinity, ``y`` is not 1-D, ``test_size`` is not in
        (0, 1) or leaves a set empty, or ``rng`` is a negative seed.

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
    stratify = check_flag(stratify, "stratify")
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


#: The most samples :func:`kfold` splits (the folds hold every index).
_MAX_SAMPLES = 10**8


def kfold(
    n_samples: int, n_splits: int, rng: np.random.Generator | int
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Split ``range(n_samples)`` into k folds at random, for cross-validation.

    Parameters
    ----------
    n_samples : int
        Number of samples, at least ``n_splits``.
    n_splits : int
        Number of folds :math:`k`, at least 2.
    rng : numpy.random.Generator or int
        Random generator or seed that shuffles the samples before they are
        cut into folds; ``None`` is rejected.

    Returns
    -------
    iterator of (numpy.ndarray, numpy.ndarray)
        ``n_splits`` pairs ``(train_index, test_index)`` of sorted integer
        indices. The test parts partition ``range(n_samples)``; their sizes
        differ by at most one (the first ``n_samples % n_splits`` folds have
        one sample more, as in scikit-learn's ``KFold``), and each training
        part is the rest.

    Raises
    ------
    ValueError
        If ``n_splits < 2``, ``n_samples < n_splits``, ``n_samples`` is above
        :math:`10^8`, or ``rng`` is a negative seed.
    TypeError
        If ``n_samples`` or ``n_splits`` is not an integer, or ``rng`` is
        neither a generator nor an integer.

    Examples
    --------
    >>> from mathdl.datasets import kfold
    >>> for train_index, test_index in kfold(7, 3, rng=0):
    ...     print(train_index, test_index)
    [0 1 5 6] [2 3 4]
    [0 1 2 3 4] [5 6]
    [2 3 4 5 6] [0 1]
    """
    n_splits = check_integer(n_splits, "n_splits", low=2, high=_MAX_SAMPLES)
    n_samples = check_integer(
        n_samples, "n_samples", low=n_splits, high=_MAX_SAMPLES,
        why="the folds hold every index",
    )  # fmt: skip
    generator = check_rng(rng)
    order = generator.permutation(n_samples)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    stops = np.cumsum(sizes)
    folds = [
        np.sort(order[stop - size : stop])
        for size, stop in zip(sizes, stops, strict=True)
    ]
    everything = np.arange(n_samples)
    return iter([(np.setdiff1d(everything, fold), fold) for fold in folds])


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
    TypeError
        If ``name`` is not a string, ``seed`` not an integer or ``stratify``
        not a bool.
    ValueError
        If ``name`` is not one of :data:`DATASETS`, ``seed`` is negative, or
        ``test_size`` is not in (0, 1).

    Examples
    --------
    >>> from mathdl.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("wine", seed=1)
    >>> X_train.shape, X_test.shape
    ((133, 13), (45, 13))
    """
    check_choice(name, "name", DATASETS)
    seed = check_integer(seed, "seed", low=0)
    stratify = check_flag(stratify, "stratify")
    check_scalar(
        test_size, "test_size", low=0, high=1, low_inclusive=False, high_inclusive=False
    )
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

    Raises
    ------
    TypeError, ValueError
        As :func:`load_dataset`, for a bad ``test_size``, ``seed`` or
        ``stratify`` (``stratify="no"`` is refused, not taken as true).

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

    Raises
    ------
    TypeError, ValueError
        As :func:`load_dataset`, for a bad ``test_size``, ``seed`` or
        ``stratify`` (``stratify="no"`` is refused, not taken as true).

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

    Raises
    ------
    TypeError, ValueError
        As :func:`load_dataset`, for a bad ``test_size``, ``seed`` or
        ``stratify`` (``stratify="no"`` is refused, not taken as true).

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

    Raises
    ------
    TypeError, ValueError
        As :func:`load_dataset`, for a bad ``test_size``, ``seed`` or
        ``stratify`` (``stratify="no"`` is refused, not taken as true).

    Examples
    --------
    >>> from mathdl.datasets import load_wine
    >>> X_train, X_test, y_train, y_test = load_wine(seed=0)
    >>> X_train.shape, X_test.shape
    ((133, 13), (45, 13))
    """
    return load_dataset("wine", test_size=test_size, seed=seed, stratify=stratify)


# --------------------------------------------------------------------------
# The 4x3 tiny digits (Chapter 11)
# --------------------------------------------------------------------------

#: The 32 zeros, drawn by hand eight to a row ("#" is ink, "." is paper).
_TINY_ZEROS = """
    ###  .#.  .##  ##.  ###  ###  .#.  ###
    #.#  #.#  #.#  #.#  #.#  #.#  #.#  #.#
    #.#  #.#  #.#  #.#  #.#  #.#  #.#  #.#
    ###  .#.  ###  ###  .##  ##.  ###  .#.

    .##  ##.  #.#  ###  ###  ###  ###  ###
    #.#  #.#  #.#  #.#  #..  ..#  #.#  ###
    #.#  #.#  #.#  #..  #.#  #.#  ..#  #.#
    ##.  .##  ###  ###  ###  ###  ###  ###

    ###  ###  ...  .#.  ...  ##.  .##  .#.
    #.#  #.#  ###  #.#  .#.  #.#  #.#  #.#
    ###  ###  #.#  .#.  #.#  #.#  #.#  #.#
    ###  ...  ###  ...  .#.  .#.  .#.  ##.

    .#.  ##.  ###  .##  ...  #.#  .#.  .#.
    #.#  #.#  #.#  #.#  .##  #.#  ###  #.#
    #.#  ..#  #.#  ##.  #.#  #.#  #.#  ###
    .##  ###  #.#  ...  ##.  .#.  .#.  .#.
"""

#: The 32 ones, drawn in the same way.
_TINY_ONES = """
    .#.  .#.  .#.  ##.  .##  #..  ..#  ..#
    ##.  .#.  ##.  ##.  .##  #..  ..#  .##
    .#.  .#.  .#.  ##.  .##  #..  ..#  ..#
    .#.  .#.  ###  ##.  .##  #..  ..#  ..#

    ..#  ..#  ..#  .#.  #..  #..  .#.  ...
    .##  .#.  ..#  .#.  .#.  #..  .#.  .#.
    ..#  .#.  .#.  #..  .#.  .#.  .#.  .#.
    .##  #..  .#.  #..  ..#  .#.  ...  .#.

    .#.  ...  ##.  .#.  ##.  .#.  #..  .#.
    ##.  .#.  .#.  .#.  ##.  .#.  ##.  ##.
    .#.  ##.  .#.  .#.  .#.  ##.  #..  .#.
    ...  .#.  .#.  ###  .#.  ##.  #..  .##

    ##.  #..  ..#  .#.  .##  .#.  .#.  ..#
    .#.  #..  ..#  ###  .#.  .#.  .#.  .##
    .#.  #..  ..#  .#.  .#.  .#.  .#.  .#.
    ###  ##.  .##  .#.  .#.  ##.  .##  .#.
"""


def _read_drawings(text: str) -> np.ndarray:
    """The images of a drawing like ``_TINY_ZEROS``, one flat row each."""
    lines = [line.split() for line in text.strip().splitlines() if line.strip()]
    images = []
    for band in range(0, len(lines), 4):  # four text lines draw a row of images
        rows = lines[band : band + 4]
        for k in range(len(rows[0])):
            images.append([pixel == "#" for row in rows for pixel in row[k]])
    return np.array(images, dtype=np.float64)


def tiny_digits() -> tuple[np.ndarray, np.ndarray]:
    r"""The 64 tiny digits: black-and-white 0s and 1s drawn on a 4x3 grid.

    A data set small enough to follow every number by hand, made for this
    book in the spirit of the 4x3 digits of the spreadsheet-sized network of
    Wakui and Wakui's *Deep Learning ga Wakaru Sūgaku Nyūmon* (Chinese
    translation: *深度学习的数学*). The pixels are numbered in reading
    order::

        pixels:   0  1  2
                  3  4  5
                  6  7  8
                  9 10 11

    Each of the 32 zeros and 32 ones was drawn by hand, the way people draw
    these digits with a thick pen on a coarse grid, and is stored in this
    module as a picture (``_TINY_ZEROS`` and ``_TINY_ONES``, "#" for ink).
    The zeros are full rings and rings with rounded corners, slanted rings,
    rings left open at the top, bottom or side, small rings in three rows
    (shifted up or down), and a few with a stray pixel inside. The ones are
    a vertical stroke with and without a flag and a base, thick strokes two
    columns wide, strokes shifted to the left or right column, slanted and
    short strokes, and a few with a stray pixel.

    Returns
    -------
    X : numpy.ndarray, shape (64, 12), float64
        One image per row, the 4x3 grid read row by row (``X[i].reshape(4,
        3)`` is image ``i``); 1 is black (ink), 0 is white.
    y : numpy.ndarray, shape (64,), int64
        The digit, 0 for rows 0-31 and 1 for rows 32-63.

    Notes
    -----
    The drawings were chosen so that the set needs a network: the 64 images
    are distinct, no image appears in both classes, and no single pixel
    tells the classes apart. The best rule of the form "ink at pixel
    :math:`p` means a 0" (or "means a 1") is right for 56 of the 64 images
    (87.5%, pixel 8, the lower right side of a ring, which the ones shifted
    to the right also cover). The 12-3-2 network of Chapter 11 learns all
    64. Nothing is random: every call returns the same arrays.

    Examples
    --------
    >>> X, y = tiny_digits()
    >>> X.shape, np.bincount(y)
    ((64, 12), array([32, 32]))
    >>> X[0].reshape(4, 3).astype(int)  # the first zero
    array([[1, 1, 1],
           [1, 0, 1],
           [1, 0, 1],
           [1, 1, 1]])
    >>> X[32].reshape(4, 3).astype(int)  # the first one
    array([[0, 1, 0],
           [1, 1, 0],
           [0, 1, 0],
           [0, 1, 0]])
    """
    X = np.concatenate([_read_drawings(_TINY_ZEROS), _read_drawings(_TINY_ONES)])
    y = np.repeat(np.arange(2, dtype=np.int64), 32)
    return X, y


# --------------------------------------------------------------------------
# MNIST's IDX files (read only; nothing is downloaded)
# --------------------------------------------------------------------------

#: IDX type codes and the big-endian NumPy dtypes they stand for.
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),  # unsigned byte
    0x09: np.dtype(">i1"),  # signed byte
    0x0B: np.dtype(">i2"),  # short
    0x0C: np.dtype(">i4"),  # int
    0x0D: np.dtype(">f4"),  # float
    0x0E: np.dtype(">f8"),  # double
}


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an array from a file in the IDX format of MNIST.

    Parameters
    ----------
    path : str or path-like
        The file. A gzip-compressed file (such as ``train-images-idx3-ubyte.gz``)
        is recognised by its first bytes and decompressed transparently.

    Returns
    -------
    numpy.ndarray
        The array, of the shape in the header and the dtype of the type code
        (``uint8``, ``int8``, ``int16``, ``int32``, ``float32`` or
        ``float64``), in the machine's native byte order.

    Raises
    ------
    TypeError
        If ``path`` is not a string or path-like.
    FileNotFoundError
        If ``path`` does not exist or is a directory; the message says that
        mathdl downloads nothing.
    ValueError
        If the file is not a valid IDX file: bad magic number (the first two
        bytes must be zero), unknown type code, a header or data shorter than
        the header announces, extra bytes after the data, or a corrupt gzip
        stream. The message names the path.

    Notes
    -----
    An IDX file (LeCun et al., the MNIST database) is a header and the data,
    all big-endian:

    ========  =====================================================
    bytes     content
    ========  =====================================================
    0-1       zero
    2         type code: 0x08 ubyte, 0x09 sbyte, 0x0B short (2 bytes),
              0x0C int (4), 0x0D float (4), 0x0E double (8)
    3         number of dimensions ``d``
    4 ...     ``d`` sizes, each a 4-byte unsigned integer
    then      the values in C (row-major) order
    ========  =====================================================

    Examples
    --------
    A 2x3 array of unsigned bytes, written with :mod:`struct`:

    >>> import struct, tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(tmp.name) / "tiny-idx2-ubyte"
    >>> header = struct.pack(">BBBB2I", 0, 0, 0x08, 2, 2, 3)
    >>> _ = path.write_bytes(header + bytes(range(6)))
    >>> read_idx(path)
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    >>> tmp.cleanup()
    """
    path = _check_path(path, "path")
    if not os.path.isfile(path):
        what = "is a directory, not a file" if os.path.isdir(path) else "does not exist"
        raise FileNotFoundError(
            f"path {path!r} {what}. read_idx reads an IDX file you already have "
            "(mathdl downloads nothing): check the path, or use load_mnist "
            "with the directory holding the MNIST files"
        )
    with open(path, "rb") as file:
        raw = file.read()
    if raw[:2] == b"\x1f\x8b":  # the gzip magic number
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"{path} is not a valid gzip file: {exc}") from exc
    if len(raw) < 4:
        raise ValueError(
            f"{path} is too short to be an IDX file: {len(raw)} bytes, "
            "the header alone has at least 4"
        )
    zero, code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0:
        raise ValueError(
            f"{path} is not an IDX file: the magic number must start with two "
            f"zero bytes, got {raw[:2].hex()}"
        )
    if code not in _IDX_DTYPES:
        known = ", ".join(f"0x{c:02X}" for c in _IDX_DTYPES)
        raise ValueError(
            f"{path} has unknown IDX type code 0x{code:02X}; known codes are {known}"
        )
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise ValueError(
            f"{path} is truncated: its header announces {ndim} dimensions "
            f"({header_size} header bytes) but the file has {len(raw)} bytes"
        )
    shape = struct.unpack(f">{ndim}I", raw[4:header_size])
    dtype = _IDX_DTYPES[code]
    expected = header_size + math.prod(shape) * dtype.itemsize
    if len(raw) != expected:
        problem = "truncated" if len(raw) < expected else "longer than its header says"
        raise ValueError(
            f"{path} is {problem}: shape {shape} of {dtype.name} needs "
            f"{expected} bytes, the file has {len(raw)}"
        )
    data = np.frombuffer(raw, dtype=dtype, offset=header_size)
    return data.astype(dtype.newbyteorder("=")).reshape(shape)


def _check_path(path: Any, name: str) -> str:
    """Return a path argument as a string; refuse what is not a path."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{name} must be a str or path-like, got {describe(path)}")
    path = os.fspath(path)
    if not isinstance(path, str) or not path:
        raise ValueError(f"{name} must be a non-empty path, got {path!r}")
    return path


#: The kinds of MNIST file accepted by :func:`load_mnist`.
MNIST_KINDS = ("train", "t10k")


def _find_mnist_file(directory: str, kind: str, what: str, idx: int) -> str:
    """Path of the first existing file among MNIST's usual names."""
    names = [
        f"{kind}-{what}-idx{idx}-ubyte",
        f"{kind}-{what}-idx{idx}-ubyte.gz",
        f"{kind}-{what}.idx{idx}-ubyte",
    ]
    for name in names:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(
        f"no MNIST {what} file for kind={kind!r} in {directory}: looked for "
        + ", ".join(names)
        + ". Download MNIST yourself (mathdl downloads nothing) and pass "
        "the directory holding the files"
    )


def load_mnist(
    directory: str | os.PathLike[str], kind: str = "train"
) -> tuple[np.ndarray, np.ndarray]:
    """Load MNIST (or a set in the same format) from IDX files you already have.

    Parameters
    ----------
    directory : str or path-like
        Directory holding the files under their standard names, for example
        ``train-images-idx3-ubyte`` and ``train-labels-idx1-ubyte``, each
        possibly gzipped (``.gz``); the variant ``train-images.idx3-ubyte``
        is accepted too.
    kind : {"train", "t10k"}, optional
        The training set (60 000 images) or the test set (10 000 images);
        default ``"train"``.

    Returns
    -------
    X : numpy.ndarray, shape (n, rows * columns), float64
        One image per row, flattened row by row (784 pixels for MNIST's
        28x28 images), scaled from 0-255 to [0, 1].
    y : numpy.ndarray, shape (n,), int64
        The labels.

    Raises
    ------
    TypeError
        If ``directory`` is not a string or path-like, or ``kind`` is not a
        string.
    ValueError
        If ``kind`` is not ``"train"`` or ``"t10k"``, a file is not valid IDX
        (see :func:`read_idx`), the images are not a 3-D array of unsigned
        bytes, the labels not a 1-D array of unsigned bytes, or their counts
        differ.
    FileNotFoundError
        If ``directory`` does not exist or a file is missing; the message
        lists the names looked for.

    Examples
    --------
    With the MNIST files in ``~/data/mnist``, ``load_mnist("~/data/mnist")``
    returns arrays of shapes ``(60000, 784)`` and ``(60000,)``. Here, a fake
    test set of two blank 28x28 images is written and read back:

    >>> import struct, tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(tmp.name)
    >>> images = struct.pack(">BBBB3I", 0, 0, 0x08, 3, 2, 28, 28) + bytes(2 * 784)
    >>> labels = struct.pack(">BBBBI", 0, 0, 0x08, 1, 2) + bytes([7, 1])
    >>> _ = (folder / "t10k-images-idx3-ubyte").write_bytes(images)
    >>> _ = (folder / "t10k-labels-idx1-ubyte").write_bytes(labels)
    >>> X, y = load_mnist(folder, kind="t10k")
    >>> X.shape, y
    ((2, 784), array([7, 1]))
    >>> tmp.cleanup()
    """
    directory = os.path.expanduser(_check_path(directory, "directory"))
    check_choice(kind, "kind", MNIST_KINDS)
    if not os.path.isdir(directory):
        raise FileNotFoundError(
            f"directory {directory!r} does not exist. Download MNIST yourself "
            "(mathdl downloads nothing) and pass the directory holding its files"
        )
    images_path = _find_mnist_file(directory, kind, "images", 3)
    labels_path = _find_mnist_file(directory, kind, "labels", 1)
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(
            f"{images_path} must hold a 3-D array of unsigned bytes (images), "
            f"got shape {images.shape} and dtype {images.dtype}"
        )
    if labels.ndim != 1 or labels.dtype != np.uint8:
        raise ValueError(
            f"{labels_path} must hold a 1-D array of unsigned bytes (labels), "
            f"got shape {labels.shape} and dtype {labels.dtype}"
        )
    if len(images) != len(labels):
        raise ValueError(
            f"{images_path} has {len(images)} images but {labels_path} has "
            f"{len(labels)} labels"
        )
    X = images.reshape(len(images), -1) / 255.0
    return X, labels.astype(np.int64)
