"""The book's figure style and the few plot helpers chapters share.

Every figure in the book is drawn after :func:`use_book_style`. The style
gives figures an opaque white background, so they stay readable when the
page is in dark mode, a colour-blind-safe colour cycle (Okabe and Ito), and
sizes that fit the page. The helpers return Matplotlib objects so that a
chapter can keep drawing on them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from mathdl._validation import (
    as_array,
    check_callable,
    check_integer,
    check_interface,
    check_scalar,
    describe,
)

#: The largest figure side in inches, and the most subplots per side.
_MAX_INCHES = 100.0
_MAX_GRID = 100


def _check_size(value: Any, name: str) -> float:
    """A figure width or height in inches: positive and at most 100."""
    return check_scalar(value, name, low=0, low_inclusive=False, high=_MAX_INCHES)


__all__ = [
    "COLORS",
    "book_style",
    "figure",
    "plot_function",
    "show_images",
    "use_book_style",
]

#: The Okabe-Ito colour-blind-safe palette, in the order of the colour cycle.
COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

_STYLE: dict[str, Any] = {
    # Opaque backgrounds: transparent PNGs vanish on the dark theme.
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "axes.prop_cycle": mpl.cycler(color=list(COLORS)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "image.cmap": "viridis",
}


def book_style() -> dict[str, Any]:
    """Return the Matplotlib settings of the book's style.

    Returns
    -------
    dict
        A fresh copy of the ``rcParams`` that :func:`use_book_style`
        applies, for use with ``matplotlib.pyplot.style.context``.

    Examples
    --------
    >>> from mathdl.plotting import book_style
    >>> style = book_style()
    >>> style["figure.facecolor"]
    'white'
    """
    return dict(_STYLE)


def use_book_style() -> None:
    """Apply the book's figure style to all figures drawn from now on.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> from mathdl.plotting import use_book_style
    >>> use_book_style()
    >>> mpl.rcParams["savefig.transparent"]
    False
    """
    mpl.rcParams.update(_STYLE)


def figure(
    nrows: int = 1, ncols: int = 1, *, width: float = 6.4, height: float | None = None
) -> tuple[Figure, Any]:
    """Create a figure and a grid of axes in the book's style.

    Parameters
    ----------
    nrows, ncols : int, optional
        Grid of subplots (default one).
    width : float, optional
        Figure width in inches (default 6.4, the width of the text).
    height : float, optional
        Figure height in inches; by default 4.0 for one row and 3.0 per row
        otherwise.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes or numpy.ndarray of Axes
        One ``Axes`` for a 1x1 grid, else an array like ``plt.subplots``.

    Raises
    ------
    TypeError
        If ``nrows`` or ``ncols`` is not an integer, or ``width`` or
        ``height`` not a real number.
    ValueError
        If ``nrows`` or ``ncols`` is not in [1, 100], or ``width`` or
        ``height`` is not in (0, 100] inches.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from mathdl.plotting import figure
    >>> fig, axes = figure(1, 2)
    >>> axes.shape
    (2,)
    >>> fig.get_facecolor()  # opaque white
    (1.0, 1.0, 1.0, 1.0)
    >>> plt.close(fig)
    """
    nrows = check_integer(nrows, "nrows", low=1, high=_MAX_GRID)
    ncols = check_integer(ncols, "ncols", low=1, high=_MAX_GRID)
    width = _check_size(width, "width")
    if height is None:
        height = 4.0 if nrows == 1 else 3.0 * nrows
    else:
        height = _check_size(height, "height")
    with plt.style.context(_STYLE):
        fig, ax = plt.subplots(nrows, ncols, figsize=(width, height))
    return fig, ax


def plot_function(
    f: Callable[[np.ndarray], np.ndarray],
    a: float,
    b: float,
    *,
    ax: Axes | None = None,
    n: int = 400,
    label: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot ``y = f(x)`` for ``x`` in ``[a, b]``.

    Parameters
    ----------
    f : callable
        A vectorised function of one array argument.
    a, b : float
        The interval, ``a < b``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    n : int, optional
        Number of evaluation points (default 400).
    label : str, optional
        Legend label.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``a`` or ``b`` is not a real number, ``n``
        is not an integer, ``ax`` is not an Axes, or ``label`` is not a
        string.
    ValueError
        If ``a`` or ``b`` is not finite, ``a >= b``, ``n`` is not in
        :math:`[2, 10^7]`, or ``f`` returns non-finite values or values of
        the wrong shape.

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> from mathdl.plotting import plot_function
    >>> ax = plot_function(np.tanh, -3, 3, label="tanh")
    >>> len(ax.lines)
    1
    >>> plt.close(ax.figure)
    """
    check_callable(f, "f")
    a, b = check_scalar(a, "a"), check_scalar(b, "b")
    if not a < b:
        raise ValueError(f"a must be less than b, got a={a!r} and b={b!r}")
    n = check_integer(n, "n", low=2, high=10**7, why="f is evaluated n times")
    if ax is not None:
        check_interface(ax, "ax", ("plot", "legend"), "a matplotlib Axes")
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a str, got {describe(label)}")
    with np.errstate(over="ignore", invalid="ignore"):  # b - a may overflow
        x = np.linspace(a, b, n)
    if not np.isfinite(x).all():
        raise ValueError(
            f"a and b must be closer than the largest float, got a={a!r} and b={b!r}"
        )
    y = as_array(f(x), "f(x)")
    if y.shape != x.shape:
        raise ValueError(f"f(x) must have the shape of x {x.shape}, got {y.shape}")
    if ax is None:
        _, ax = figure()
    ax.plot(x, y, label=label, **kwargs)
    if label is not None:
        ax.legend()
    return ax


def show_images(
    images: ArrayLike,
    labels: Sequence[Any] | None = None,
    *,
    shape: tuple[int, int] | None = None,
    ncols: int = 8,
    cmap: str = "gray_r",
    width: float = 6.4,
) -> Figure:
    """Draw a grid of small images, such as digits, with optional labels.

    Parameters
    ----------
    images : array_like, shape (n, h, w) or (n, h * w)
        The images; flat rows are reshaped with ``shape``.
    labels : sequence, optional
        One title per image.
    shape : tuple of int, optional
        ``(h, w)`` of each image when ``images`` is 2-D.
    ncols : int, optional
        Images per row (default 8).
    cmap : str, optional
        Colour map (default ``"gray_r"``: ink is dark on white paper).
    width : float, optional
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``images`` is not numeric array-like, ``labels`` is not a
        sequence, ``shape`` is not a pair of ints, ``ncols`` is not an
        integer, ``cmap`` is not a string, or ``width`` not a real number.
    ValueError
        If ``images`` has the wrong dimension, is empty or not finite,
        ``shape`` does not match the number of pixels, ``labels`` has the
        wrong length, ``ncols`` is below 1, ``width`` is not in (0, 100]
        inches, or ``cmap`` is not a colour map that matplotlib knows.

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> from mathdl.plotting import show_images
    >>> fig = show_images(np.eye(4).reshape(4, 2, 2), labels=[0, 1, 2, 3], ncols=4)
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    imgs = as_array(images, "images", ndim=(2, 3))
    width = _check_size(width, "width")
    if not isinstance(cmap, str):
        raise TypeError(f"cmap must be the name of a colour map, got {describe(cmap)}")
    if cmap not in plt.colormaps():
        raise ValueError(f"cmap must be a matplotlib colour map, got {cmap!r}")
    if labels is not None and (
        isinstance(labels, str) or not isinstance(labels, Sequence | np.ndarray)
    ):
        raise TypeError(f"labels must be a sequence, got {describe(labels)}")
    if imgs.ndim == 2:
        if shape is None:
            raise ValueError(
                "shape must be given when images is 2-D (flattened), got None"
            )
        if not isinstance(shape, tuple | list) or len(shape) != 2:
            raise TypeError(f"shape must be a pair of ints, got {describe(shape)}")
        h, w = (check_integer(d, "shape", low=1) for d in shape)
        if h * w != imgs.shape[1]:
            raise ValueError(
                f"shape {shape} must have {imgs.shape[1]} pixels to match images "
                f"of shape {imgs.shape}, got {h * w}"
            )
        imgs = imgs.reshape(-1, h, w)
    n = imgs.shape[0]
    if labels is not None and len(labels) != n:
        raise ValueError(
            f"labels must have one entry per image of images ({n}), got {len(labels)}"
        )
    ncols = min(check_integer(ncols, "ncols", low=1), n)
    nrows = -(-n // ncols)
    cell = width / ncols
    extra = 0.25 if labels is not None else 0.0
    with plt.style.context(_STYLE):
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(width, nrows * (cell + extra)), squeeze=False
        )
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < n:
            ax.imshow(imgs[i], cmap=cmap, interpolation="nearest")
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    return fig
