"""Tests of mathdl.plotting: the book's style and the shared plot helpers."""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mathdl import plotting


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _png_alpha(fig) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    buffer.seek(0)
    return mpimg.imread(buffer)[..., 3]


def test_saved_figures_are_opaque_for_dark_mode():
    # A transparent PNG disappears against the dark theme: every pixel of a
    # figure saved in the book's style must be fully opaque.
    with mpl.rc_context():
        plotting.use_book_style()
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        assert _png_alpha(fig).min() == 1.0


def test_figure_helper_is_opaque_without_global_style():
    with mpl.rc_context({"savefig.transparent": True, "figure.facecolor": "none"}):
        fig, _ = plotting.figure()
        assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_colour_cycle_is_okabe_ito():
    cycle = plotting.book_style()["axes.prop_cycle"].by_key()["color"]
    assert cycle == list(plotting.COLORS)
    assert cycle[:3] == ["#0072B2", "#D55E00", "#009E73"]


def test_book_style_returns_a_copy():
    style = plotting.book_style()
    style["figure.facecolor"] = "red"
    assert plotting.book_style()["figure.facecolor"] == "white"


@pytest.mark.parametrize(("rows", "cols", "shape"), [(1, 1, None), (2, 3, (2, 3))])
def test_figure_grid(rows, cols, shape):
    fig, ax = plotting.figure(rows, cols)
    if shape is None:
        assert isinstance(ax, mpl.axes.Axes)
    else:
        assert ax.shape == shape
    assert fig.get_size_inches()[1] == pytest.approx(4.0 if rows == 1 else 3.0 * rows)


def test_plot_function_draws_the_function():
    ax = plotting.plot_function(np.square, -2, 2, n=5, label="x^2")
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(x, np.linspace(-2, 2, 5))
    np.testing.assert_allclose(y, x**2)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"f": 3, "a": 0, "b": 1}, TypeError, "f must be callable"),
        ({"f": np.sin, "a": 1, "b": 0}, ValueError, "a must be less than b"),
        (
            {"f": np.log, "a": -1, "b": 1},
            ValueError,
            r"f\(x\) must contain only finite",
        ),
        ({"f": np.sin, "a": 0, "b": 1, "n": 1}, ValueError, "n must be >= 2"),
    ],
)
def test_plot_function_bad_input(kwargs, error, match):
    with (
        np.errstate(invalid="ignore", divide="ignore"),
        pytest.raises(error, match=match),
    ):
        plotting.plot_function(**kwargs)


def test_show_images_flat_and_labels():
    images = np.arange(5 * 6).reshape(5, 6)
    fig = plotting.show_images(images, labels=list("abcde"), shape=(2, 3), ncols=3)
    assert len(fig.axes) == 6  # 2 rows of 3, the last cell left empty
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 5
    np.testing.assert_array_equal(
        shown[4].images[0].get_array(), images[4].reshape(2, 3)
    )
    assert [ax.get_title() for ax in shown] == list("abcde")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"images": np.zeros((2, 4))}, "shape must be given"),
        ({"images": np.zeros((2, 4)), "shape": (3, 3)}, "must have 4 pixels"),
        ({"images": np.zeros((2, 2, 2)), "labels": [1]}, r"labels must have one entry"),
        ({"images": np.zeros(4)}, "images must be a 2-D or 3-D array"),
    ],
)
def test_show_images_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plotting.show_images(**kwargs)
