"""Train mathdl's benchmark MLP for a few epochs, for a profiler to watch.

The benchmark reports how long an epoch takes; this script is for finding
out where the time goes. Run it under a sampling profiler, for example::

    py-spy record --native --rate 500 --output mlp.svg -- \\
        python benchmarks/profile_mlp.py
    pyinstrument benchmarks/profile_mlp.py

(``pip install py-spy pyinstrument``, or ``nox -s bench`` installs both.)
It uses the benchmark's problem (60,000 x 784 random float32 inputs, a
784-100-10 ReLU network, batch 64, SGD with momentum 0.9) and one BLAS
thread unless ``--threads`` says otherwise, so that the profile shows the
library's own work rather than threads waiting for each other.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from run import THREAD_VARIABLES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8, help="epochs (default 8)")
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads")
    args = parser.parse_args(argv)
    if "numpy" in sys.modules:
        raise RuntimeError("NumPy was imported before the thread count was set")
    for name in THREAD_VARIABLES:
        os.environ[name] = str(args.threads)

    import bench_mlp

    X, y = bench_mlp.make_data(60_000)
    started = time.perf_counter()
    for _ in range(args.epochs):
        bench_mlp.train_mathdl(X, y, epochs=1, batch_size=64, lr=0.01, seed=0)
    seconds = (time.perf_counter() - started) / args.epochs
    print(f"{args.epochs} epoch(s), {seconds:.3f} s per epoch", file=sys.stderr)


if __name__ == "__main__":
    main()
