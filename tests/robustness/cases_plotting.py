"""Good arguments of mathdl.plotting for tests/test_robustness.py."""

import numpy as np

from robustness import case

IMAGES = np.eye(4).reshape(4, 2, 2)

CASES = {
    "book_style": case(),
    "use_book_style": case(),
    "figure": case(nrows=1, ncols=2, width=6.4, height=3.0),
    "plot_function": case(f=np.tanh, a=-3.0, b=3.0, n=50, label="tanh"),
    "show_images": case(
        images=IMAGES.reshape(4, 4),
        labels=[0, 1, 2, 3],
        shape=(2, 2),
        ncols=4,
        cmap="gray_r",
        width=6.4,
        _kinds={"labels": "object"},
    ),
}
