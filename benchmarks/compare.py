"""Compare the MLP epoch of this checkout with another revision, interleaved.

    python benchmarks/compare.py main               # 60,000 samples, 7 rounds
    python benchmarks/compare.py HEAD~3 --rounds 11 --samples 20000

The other revision is exported (``git archive``) into a temporary folder,
leaving the repository untouched. One worker
process per version imports its own ``mathdl``, builds the same data and
model once, and then trains one epoch (``bench_mlp.train_mathdl``: the
784-100-10 network, batch 64, SGD with momentum) each time the driver asks.
The driver asks the two workers in turn, alternating which goes first, so
both versions see the same machine load; each round gives a ratio (this
checkout / the other), and the report gives the median ratio over the
rounds on both clocks (wall and CPU time, see bench_timing.py). A ratio of
1.03 means this checkout is 3% slower. One BLAS thread per worker unless
``--threads`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

WORKER = """
import json, sys
import numpy as np
sys.path.insert(0, {bench!r})
import bench_mlp
import mathdl
X, y = bench_mlp.make_data({samples})
model = None
print(json.dumps({{"mathdl": mathdl.__file__}}), flush=True)
for line in sys.stdin:
    model, sample = bench_mlp.train_mathdl(
        X, y, epochs=1, batch_size=64, lr=0.01, seed=0, model=model
    )
    print(json.dumps({{"wall": sample.wall, "cpu": sample.cpu}}), flush=True)
"""


def _worker(tree: Path, samples: int, threads: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)
    code = WORKER.format(bench=str(HERE), samples=samples)
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),  # never import mathdl from the cwd
    )
    hello = json.loads(proc.stdout.readline())
    if not hello["mathdl"].startswith(str(tree)):
        raise SystemExit(f"worker for {tree} imported {hello['mathdl']}")
    return proc


def _epoch(proc: subprocess.Popen[str]) -> dict[str, float]:
    proc.stdin.write("run\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the revision to compare with, e.g. main")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "other"
        other.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.rev, "mathdl"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(other)], input=archive, check=True)
        workers = {
            "this": _worker(ROOT, args.samples, args.threads),
            args.rev: _worker(other, args.samples, args.threads),
        }
        for proc in workers.values():  # warm-up epoch, not recorded
            _epoch(proc)
        ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
        times: dict[str, list[float]] = {name: [] for name in workers}
        for r in range(args.rounds):
            order = list(workers) if r % 2 == 0 else list(workers)[::-1]
            got = {name: _epoch(workers[name]) for name in order}
            for clock in ratios:
                ratios[clock].append(got["this"][clock] / got[args.rev][clock])
            for name in workers:
                times[name].append(got[name]["wall"])
            print(
                f"round {r + 1}: this {got['this']['wall']:.3f} s, "
                f"{args.rev} {got[args.rev]['wall']:.3f} s, "
                f"ratio {ratios['wall'][-1]:.3f} (cpu {ratios['cpu'][-1]:.3f})",
                file=sys.stderr,
            )
        for proc in workers.values():
            proc.stdin.close()
            proc.wait()
    print(f"MLP epoch, {args.samples} samples, {args.rounds} rounds, "
          f"{args.threads} thread(s)")  # fmt: skip
    for name, values in times.items():
        print(f"  {name}: median {statistics.median(values):.3f} s (wall)")
    for clock, values in ratios.items():
        print(
            f"  this / {args.rev} ({clock}): median {statistics.median(values):.3f}, "
            f"range {min(values):.3f} to {max(values):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
