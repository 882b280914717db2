"""Good arguments of mathdl.datasets for tests/test_robustness.py."""

import struct
import tempfile
from pathlib import Path

import numpy as np

from robustness import case

#: A fake MNIST test set of two blank images, written once for the
#: declarations (load_mnist and read_idx read files the user already has).
MNIST = Path(tempfile.mkdtemp(prefix="mathdl-robustness-"))
(MNIST / "t10k-images-idx3-ubyte").write_bytes(
    struct.pack(">BBBB3I", 0, 0, 0x08, 3, 2, 28, 28) + bytes(2 * 784)
)
(MNIST / "t10k-labels-idx1-ubyte").write_bytes(
    struct.pack(">BBBBI", 0, 0, 0x08, 1, 2) + bytes([7, 1])
)

X = np.arange(20.0).reshape(10, 2)
Y = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
SPLIT = {"test_size": 0.25, "seed": 0, "stratify": True}

CASES = {
    "train_test_split": case(
        X=X, y=Y, test_size=0.4, rng=0, stratify=True, _kinds={"y": "shaped"}
    ),
    "kfold": case(n_samples=7, n_splits=3, rng=0),
    "load_dataset": case(name="wine", **SPLIT),
    "load_digits": case(**SPLIT),
    "load_iris": case(**SPLIT),
    "load_breast_cancer": case(**SPLIT),
    "load_wine": case(**SPLIT),
    "tiny_digits": case(),
    "read_idx": case(path=MNIST / "t10k-labels-idx1-ubyte"),
    "load_mnist": case(directory=MNIST, kind="t10k"),
    # A record of the four arrays train_test_split returns; it checks them.
    "Split": case(X_train=X, X_test=X, y_train=Y, y_test=Y),
}
