"""mathdl: the mathematics of deep learning, written out in NumPy.

``mathdl`` is the small library that the executable book *Math for Deep
Learning* runs on. Each module follows one part of the book: probability,
statistics and information theory; linear algebra; differential and matrix
calculus with a small reverse-mode automatic differentiation engine; and
neural-network layers, losses and optimisers, with the metrics that judge a
trained model on data held out from training. The code is written to be read
next to the mathematics it implements, yet it is vectorised, numerically
stable, checks its inputs, and is tested against NumPy, SciPy and
scikit-learn. Import the modules you need, for example
``from mathdl import datasets``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
