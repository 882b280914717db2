"""Tests of mathdl.datasets.

The scikit-learn wrappers are checked against scikit-learn's own arrays (a
split must be a partition of ``load_*().data``), the tiny digits against the
properties their docstring states, and the IDX reader against files written here
byte by byte with :mod:`struct`, independently of the reader.
"""

from __future__ import annotations

import gzip
import re
import struct

import numpy as np
import pytest
import sklearn.datasets
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.model_selection import KFold

from mathdl.datasets import (
    DATASETS,
    kfold,
    load_breast_cancer,
    load_dataset,
    load_digits,
    load_iris,
    load_mnist,
    load_wine,
    read_idx,
    tiny_digits,
    train_test_split,
)

SKLEARN = {
    "digits": sklearn.datasets.load_digits,
    "iris": sklearn.datasets.load_iris,
    "breast_cancer": sklearn.datasets.load_breast_cancer,
    "wine": sklearn.datasets.load_wine,
}
WRAPPERS = {
    "digits": load_digits,
    "iris": load_iris,
    "breast_cancer": load_breast_cancer,
    "wine": load_wine,
}


def sorted_rows(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Rows of [X | y] in lexicographic order: a canonical form of a multiset."""
    Z = np.column_stack([X, y])
    return Z[np.lexsort(Z.T[::-1])]


# --------------------------------------------------------------------------
# scikit-learn's bundled sets and train_test_split
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_split_is_a_partition_of_sklearn_data(name):
    bunch = SKLEARN[name]()
    X_train, X_test, y_train, y_test = load_dataset(name, seed=3)
    assert X_train.dtype == X_test.dtype == np.float64
    assert y_train.dtype == y_test.dtype == np.int64
    n, d = bunch.data.shape
    assert X_train.shape[1] == X_test.shape[1] == d
    assert len(X_train) + len(X_test) == n
    assert len(y_train) == len(X_train) and len(y_test) == len(X_test)
    np.testing.assert_array_equal(
        sorted_rows(np.vstack([X_train, X_test]), np.concatenate([y_train, y_test])),
        sorted_rows(bunch.data, bunch.target),
    )


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("test_size", [0.25, 0.4])
def test_stratified_split_keeps_class_proportions(name, test_size):
    y_all = SKLEARN[name]().target
    split = load_dataset(name, test_size=test_size, seed=0)
    counts_all = np.bincount(y_all)
    counts_test = np.bincount(split.y_test, minlength=len(counts_all))
    counts_train = np.bincount(split.y_train, minlength=len(counts_all))
    # Within one sample per class of the exact proportions of the full set.
    assert np.all(np.abs(counts_test - test_size * counts_all) <= 1)
    assert np.all(np.abs(counts_train - (1 - test_size) * counts_all) <= 1)


@pytest.mark.parametrize("name", DATASETS)
def test_wrappers_equal_load_dataset(name):
    for a, b in zip(
        WRAPPERS[name](seed=5, test_size=0.3),
        load_dataset(name, seed=5, test_size=0.3),
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_same_split_different_seed_different_split(name):
    first, again, other = (load_dataset(name, seed=s) for s in (7, 7, 8))
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first.X_test, other.X_test)


def test_known_sizes():
    assert load_digits(seed=0).X_train.shape == (1347, 64)
    assert load_iris(seed=0).X_test.shape == (36, 4)  # 3 x round(0.25 * 50)
    assert load_breast_cancer(seed=0).X_test.shape == (142, 30)
    assert load_wine(seed=0).X_train.shape == (133, 13)


def test_unstratified_split():
    X, y = SKLEARN["iris"]().data, SKLEARN["iris"]().target
    split = train_test_split(X, y, test_size=0.2, rng=1, stratify=False)
    assert len(split.X_test) == round(0.2 * 150)
    np.testing.assert_array_equal(
        sorted_rows(np.vstack(split[:2]), np.concatenate(split[2:])),
        sorted_rows(X, y),
    )
    unstrat = load_dataset("iris", seed=1, stratify=False)
    assert len(unstrat.X_test) == round(0.25 * 150)


def test_train_test_split_rows_stay_with_their_labels():
    X = np.arange(40).reshape(20, 2)
    y = np.repeat([0, 1], 10)
    split = train_test_split(X, y, test_size=0.3, rng=0)
    for Xs, ys in [(split.X_train, split.y_train), (split.X_test, split.y_test)]:
        np.testing.assert_array_equal(ys, (Xs[:, 0] // 2 >= 10).astype(int))
    assert np.bincount(split.y_test).tolist() == [3, 3]


def test_train_test_split_accepts_a_generator():
    X, y = np.arange(10), np.repeat([0, 1], 5)
    a = train_test_split(X, y, rng=np.random.default_rng(3))
    b = train_test_split(X, y, rng=3)
    np.testing.assert_array_equal(a.X_test, b.X_test)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(4, 60),
    n_classes=st.integers(1, 3),
    test_size=st.floats(0.1, 0.9),
    seed=st.integers(0, 2**32 - 1),
    stratify=st.booleans(),
)
def test_train_test_split_is_always_a_partition(
    n, n_classes, test_size, seed, stratify
):
    X = np.arange(n)
    y = np.arange(n) % n_classes
    try:
        split = train_test_split(X, y, test_size=test_size, rng=seed, stratify=stratify)
    except ValueError as exc:  # documented: a split that would leave a set empty
        assert "empty" in str(exc)
        return
    np.testing.assert_array_equal(
        np.sort(np.concatenate([split.X_train, split.X_test])), X
    )
    np.testing.assert_array_equal(split.y_train, split.X_train % n_classes)
    np.testing.assert_array_equal(split.y_test, split.X_test % n_classes)
    if stratify:
        counts = np.bincount(y)
        test_counts = np.bincount(split.y_test, minlength=n_classes)
        assert np.all(np.abs(test_counts - test_size * counts) <= 1)
    else:
        assert len(split.X_test) == round(test_size * n)


def test_bad_input_names_the_argument():
    X, y = np.zeros((10, 2)), np.repeat([0, 1], 5)
    with pytest.raises(ValueError, match="name"):
        load_dataset("mnist")
    for bad in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="test_size"):
            train_test_split(X, y, test_size=bad)
        with pytest.raises(ValueError, match="test_size"):
            load_iris(test_size=bad)
    with pytest.raises(ValueError, match="X and y"):
        train_test_split(X, y[:-1])
    with pytest.raises(ValueError, match="y"):
        train_test_split(X, np.zeros((10, 1)))
    with pytest.raises(TypeError, match="rng"):
        train_test_split(X, y, rng=None)
    with pytest.raises(TypeError, match="rng"):
        train_test_split(X, y, rng=0.5)
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X[:2], y[:2], test_size=0.1, stratify=False)
    # The loaders take a seed, and their errors say "seed".
    with pytest.raises(TypeError, match="seed must be an integer"):
        load_iris(seed=None)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        load_iris(seed=-1)


# --------------------------------------------------------------------------
# k-fold cross-validation splits
# --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    n_splits=st.integers(2, 12),
    extra=st.integers(0, 40),
    seed=st.integers(0, 2**32 - 1),
)
def test_kfold_test_parts_partition_the_samples_like_sklearn(n_splits, extra, seed):
    n = n_splits + extra
    folds = list(kfold(n, n_splits, rng=seed))
    assert len(folds) == n_splits
    tests = [test for _, test in folds]
    # the test parts partition range(n) ...
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(n))
    # ... with the fold sizes of scikit-learn's KFold, in the same order
    sk_sizes = [len(test) for _, test in KFold(n_splits).split(np.zeros(n))]
    assert [len(test) for test in tests] == sk_sizes
    assert max(sk_sizes) - min(sk_sizes) <= 1
    for train, test in folds:
        assert train.dtype.kind == "i" and np.all(np.diff(test) > 0)
        np.testing.assert_array_equal(np.sort(np.r_[train, test]), np.arange(n))


def test_kfold_is_seeded_and_shuffles():
    first = [test for _, test in kfold(30, 3, rng=1)]
    again = [test for _, test in kfold(30, 3, rng=np.random.default_rng(1))]
    other = [test for _, test in kfold(30, 3, rng=2)]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other, strict=True))
    assert not np.array_equal(first[0], np.arange(10))  # shuffled


def test_kfold_bad_input():
    with pytest.raises(ValueError, match="n_splits must be >= 2, got 1"):
        kfold(10, 1, rng=0)
    with pytest.raises(ValueError, match="n_samples must be >= 5, got 4"):
        kfold(4, 5, rng=0)
    with pytest.raises(TypeError, match="n_splits must be an integer"):
        kfold(10, 2.0, rng=0)
    with pytest.raises(TypeError, match="rng"):
        kfold(10, 2, rng=None)


# --------------------------------------------------------------------------
# Tiny digits
# --------------------------------------------------------------------------

# The first zero and the first one, as drawn in tiny_digits' docstring.
FIRST_ZERO = """
###
#.#
#.#
###
"""
FIRST_ONE = """
.#.
##.
.#.
.#.
"""


def drawing(text: str) -> np.ndarray:
    return np.array([c == "#" for c in text if c in "#."], dtype=float)


def test_tiny_digits_shapes_and_classes():
    X, y = tiny_digits()
    assert X.shape == (64, 12) and X.dtype == np.float64
    assert y.shape == (64,) and y.dtype == np.int64
    assert set(np.unique(X)) == {0.0, 1.0}
    assert np.bincount(y).tolist() == [32, 32]
    np.testing.assert_array_equal(y, [0] * 32 + [1] * 32)
    np.testing.assert_array_equal(X[0], drawing(FIRST_ZERO))
    np.testing.assert_array_equal(X[32], drawing(FIRST_ONE))


def test_tiny_digits_images_are_unique_and_classes_disjoint():
    X, y = tiny_digits()
    assert len(np.unique(X, axis=0)) == 64
    zeros = {tuple(row) for row in X[y == 0]}
    ones = {tuple(row) for row in X[y == 1]}
    assert not zeros & ones
    # No blank image, and none that is all ink.
    assert X.sum(axis=1).min() > 0 and X.sum(axis=1).max() < 12


def test_tiny_digits_no_single_pixel_classifies_more_than_90_percent():
    X, y = tiny_digits()
    # Oracle: a depth-1 decision tree is the best rule on one pixel.
    tree = pytest.importorskip("sklearn.tree")
    stump = tree.DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, y)
    assert stump.score(X, y) <= 0.9
    # The same by counting: "ink at p means class 1" or its opposite.
    ink_says_one = (y[:, None] == X).mean(axis=0)
    best = np.maximum(ink_says_one, 1 - ink_says_one)
    assert best.max() == pytest.approx(stump.score(X, y))
    assert best.max() == 56 / 64  # as the docstring says, at pixel 8
    assert best.argmax() == 8


def test_tiny_digits_are_learned_by_a_small_network():
    # A network with hidden units learns all 64 images (scikit-learn as an
    # independent learner), so every label is consistent with the drawings.
    neural_network = pytest.importorskip("sklearn.neural_network")
    X, y = tiny_digits()
    clf = neural_network.MLPClassifier(
        hidden_layer_sizes=(3,),
        activation="logistic",
        solver="lbfgs",
        max_iter=2000,
        random_state=0,
    ).fit(X, y)
    assert clf.score(X, y) == 1.0


def test_tiny_digits_is_deterministic_and_returns_fresh_arrays():
    X1, y1 = tiny_digits()
    X1[:] = 7
    y1[:] = 7
    X2, y2 = tiny_digits()
    assert set(np.unique(X2)) == {0.0, 1.0}
    np.testing.assert_array_equal(X2, tiny_digits()[0])
    np.testing.assert_array_equal(y2, tiny_digits()[1])


# --------------------------------------------------------------------------
# IDX files
# --------------------------------------------------------------------------

# IDX type code -> (struct format character, expected NumPy dtype).
IDX_TYPES = {
    0x08: ("B", np.uint8),
    0x09: ("b", np.int8),
    0x0B: ("h", np.int16),
    0x0C: ("i", np.int32),
    0x0D: ("f", np.float32),
    0x0E: ("d", np.float64),
}


def idx_bytes(code: int, shape: tuple[int, ...], values: list) -> bytes:
    """An IDX file, written with struct following the format's definition."""
    fmt = IDX_TYPES[code][0]
    header = struct.pack(">BBBB", 0, 0, code, len(shape))
    header += struct.pack(f">{len(shape)}I", *shape)
    return header + struct.pack(f">{len(values)}{fmt}", *values)


def sample_values(code: int, n: int, rng: np.random.Generator) -> list:
    dtype = IDX_TYPES[code][1]
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        values = rng.integers(info.min, info.max, size=n, endpoint=True)
        if n >= 2:  # always include both extremes
            values[:2] = info.min, info.max
        return [int(v) for v in values]
    return [float(v) for v in rng.normal(scale=1e3, size=n).astype(dtype)]


@pytest.mark.parametrize("code", list(IDX_TYPES))
@pytest.mark.parametrize("shape", [(5,), (2, 3), (2, 3, 4), (1, 2, 2, 3)])
@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_round_trips(tmp_path, code, shape, compress):
    rng = np.random.default_rng(code)
    values = sample_values(code, int(np.prod(shape)), rng)
    raw = idx_bytes(code, shape, values)
    path = tmp_path / ("data.gz" if compress else "data")
    path.write_bytes(gzip.compress(raw) if compress else raw)
    array = read_idx(path)
    assert array.dtype == IDX_TYPES[code][1]
    assert array.dtype.isnative
    assert array.shape == shape
    np.testing.assert_array_equal(
        array, np.array(values, dtype=IDX_TYPES[code][1]).reshape(shape)
    )
    array[...] = 0  # the result is an ordinary writable array


@settings(max_examples=30, deadline=None)
@given(
    code=st.sampled_from(list(IDX_TYPES)),
    shape=st.lists(st.integers(0, 4), min_size=1, max_size=3).map(tuple),
    seed=st.integers(0, 2**32 - 1),
    compress=st.booleans(),
)
def test_read_idx_round_trips_any_shape(tmp_path_factory, code, shape, seed, compress):
    values = sample_values(code, int(np.prod(shape)), np.random.default_rng(seed))
    raw = idx_bytes(code, shape, values)
    path = tmp_path_factory.mktemp("idx") / "file"
    path.write_bytes(gzip.compress(raw) if compress else raw)
    np.testing.assert_array_equal(
        read_idx(str(path)), np.array(values, dtype=IDX_TYPES[code][1]).reshape(shape)
    )


def test_read_idx_gzip_is_detected_by_content_not_name(tmp_path):
    raw = idx_bytes(0x08, (3,), [1, 2, 3])
    (tmp_path / "a.gz").write_bytes(raw)  # plain data despite the name
    (tmp_path / "b").write_bytes(gzip.compress(raw))  # gzip without the name
    np.testing.assert_array_equal(read_idx(tmp_path / "a.gz"), [1, 2, 3])
    np.testing.assert_array_equal(read_idx(tmp_path / "b"), [1, 2, 3])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x01\x00\x08\x01" + struct.pack(">I", 1) + b"\x05", "magic number"),
        (b"\x00\x01\x08\x01" + struct.pack(">I", 1) + b"\x05", "magic number"),
        (b"\x00\x00\x0a\x01" + struct.pack(">I", 1) + b"\x05", "type code 0x0A"),
        (b"\x00\x00\x08", "too short"),
        (b"\x00\x00\x08\x02" + struct.pack(">I", 3), "truncated"),
        (idx_bytes(0x0C, (2, 3), list(range(6)))[:-1], "truncated"),
        (idx_bytes(0x08, (2,), [1, 2]) + b"\x00", "longer than its header"),
        (gzip.compress(idx_bytes(0x08, (4,), [1, 2, 3, 4]))[:-6], "gzip"),
    ],
    ids=[
        "bad-magic-1",
        "bad-magic-2",
        "unknown-dtype",
        "short-header",
        "truncated-dims",
        "truncated-data",
        "extra-bytes",
        "truncated-gzip",
    ],
)
def test_read_idx_rejects_bad_files_naming_the_path(tmp_path, raw, message):
    path = tmp_path / "bad-file-idx"
    path.write_bytes(raw)
    with pytest.raises(ValueError, match=re.escape(str(path))) as info:
        read_idx(path)
    assert message in str(info.value)


def test_read_idx_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_idx(tmp_path / "nothing-here")


# --------------------------------------------------------------------------
# load_mnist on a tiny fake MNIST directory
# --------------------------------------------------------------------------


def write_fake_mnist(directory, kind, n, *, gz, rng, rows=28, cols=28):
    images = rng.integers(0, 256, size=(n, rows, cols))
    labels = rng.integers(0, 10, size=n)
    files = {
        f"{kind}-images-idx3-ubyte": idx_bytes(
            0x08, (n, rows, cols), images.ravel().tolist()
        ),
        f"{kind}-labels-idx1-ubyte": idx_bytes(0x08, (n,), labels.tolist()),
    }
    for name, raw in files.items():
        if gz:
            (directory / (name + ".gz")).write_bytes(gzip.compress(raw))
        else:
            (directory / name).write_bytes(raw)
    return images, labels


@pytest.mark.parametrize("kind", ["train", "t10k"])
@pytest.mark.parametrize("gz", [False, True])
def test_load_mnist_reads_a_fake_directory(tmp_path, kind, gz):
    images, labels = write_fake_mnist(
        tmp_path, kind, 5, gz=gz, rng=np.random.default_rng(0)
    )
    X, y = load_mnist(tmp_path, kind=kind)
    assert X.shape == (5, 784) and X.dtype == np.float64
    assert y.shape == (5,) and y.dtype == np.int64
    assert X.min() >= 0.0 and X.max() <= 1.0
    np.testing.assert_array_equal(X, images.reshape(5, 784) / 255)
    np.testing.assert_array_equal(y, labels)
    np.testing.assert_array_equal(X[0].reshape(28, 28) * 255, images[0])


def test_load_mnist_default_kind_is_train(tmp_path):
    rng = np.random.default_rng(1)
    train = write_fake_mnist(tmp_path, "train", 3, gz=False, rng=rng)
    write_fake_mnist(tmp_path, "t10k", 2, gz=True, rng=rng)
    _, y = load_mnist(str(tmp_path))
    np.testing.assert_array_equal(y, train[1])
    assert len(load_mnist(tmp_path, "t10k")[0]) == 2


def test_load_mnist_missing_files_list_the_names(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte\.gz"):
        load_mnist(tmp_path)
    write_fake_mnist(tmp_path, "t10k", 2, gz=False, rng=np.random.default_rng(2))
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte"):
        load_mnist(tmp_path, kind="t10k")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist(tmp_path / "no-such-directory")


def test_load_mnist_bad_input(tmp_path):
    with pytest.raises(ValueError, match="kind"):
        load_mnist(tmp_path, kind="test")
    # Counts that disagree.
    rng = np.random.default_rng(3)
    write_fake_mnist(tmp_path, "train", 3, gz=False, rng=rng)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(idx_bytes(0x08, (2,), [1, 2]))
    with pytest.raises(ValueError, match="3 images but"):
        load_mnist(tmp_path)
    # Images that are not 3-D unsigned bytes.
    (tmp_path / "train-images-idx3-ubyte").write_bytes(
        idx_bytes(0x0D, (2, 2, 2), [0.5] * 8)
    )
    with pytest.raises(ValueError, match="3-D array of unsigned bytes"):
        load_mnist(tmp_path)


# --------------------------------------------------------------------------
# Issue 16: flags are bools, and a missing file says what to do
# --------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["no", 0, 1, None])
def test_stratify_must_be_a_bool(flag):
    with pytest.raises(TypeError, match="^stratify must be True or False"):
        load_iris(stratify=flag)


def test_read_idx_missing_file_gives_a_hint(tmp_path):
    with pytest.raises(FileNotFoundError, match="mathdl downloads nothing"):
        read_idx(tmp_path / "train-images-idx3-ubyte")
    with pytest.raises(TypeError, match="^path must be a str or path-like"):
        read_idx(None)
