"""Speed benchmarks: is mathdl fast enough to learn on?

Run from the repository's root::

    python benchmarks/run.py            # MLP and convolution, writes results.md
    python benchmarks/run.py --quick    # a smoke run in well under a minute
    python benchmarks/run.py --book     # also time the book build and the tests

or ``nox -s bench`` (arguments after ``--`` are passed on). See
benchmarks/README.md for what is measured and how to read the results.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Every threading knob the contenders' libraries read at import time.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",  # OpenMP: PyTorch, OpenBLAS built with OpenMP
    "OPENBLAS_NUM_THREADS",  # NumPy's and SciPy's OpenBLAS
    "MKL_NUM_THREADS",  # PyTorch's MKL, or NumPy built against MKL
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",  # Apple Accelerate
    "NUMEXPR_NUM_THREADS",
)


@dataclass(frozen=True)
class Settings:
    """Problem sizes and repetitions of one run."""

    n_samples: int = 60_000
    n_features: int = 784
    batch_size: int = 64
    lr_epoch: float = 0.01
    repeats: int = 5
    warmup: int = 1
    blas_size: int = 2048
    conv_inner: int = 20
    digits_seeds: int = 5
    digits_epochs: int = 30
    digits_lr: float = 0.1


QUICK = Settings(n_samples=6_000, repeats=3, blas_size=1024, digits_seeds=1)

# The targets. A target is never loosened: where one is missed, the report
# says why (see benchmarks/README.md).
TARGET_VS_TORCH = 0.7
TARGET_VS_SKLEARN = 0.5
TARGET_VS_BOUND = 4.0
TARGET_CONV = 1.5
TARGET_ACCURACY_PP = 1.0
TARGET_COLD_BUILD = 180.0
TARGET_NO_CHANGE = 15.0
TARGET_TESTS = 120.0
TARGET_WORKBOOK_SECONDS = 5.0  # issue 13: the spreadsheet of Chapter 11
TARGET_WORKBOOK_MB = 5.0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark mathdl against scikit-learn, PyTorch and SciPy.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller problems and three rounds (a smoke run; prints, writes no file "
        "unless --output is given)",
    )
    parser.add_argument(
        "--book",
        action="store_true",
        help="also time a cold `nox -s docs`, a no-change rebuild and `nox -s "
        "tests` in a fresh copy of the repository (several minutes)",
    )
    parser.add_argument(
        "--only",
        choices=("mlp", "conv", "workbook", "book"),
        action="append",
        help="run only these parts (repeatable); default: mlp, conv and workbook, "
        "plus book with --book",
    )
    parser.add_argument(
        "--threads",
        type=_positive,
        default=None,
        help="threads for every contender (default: the number of usable cores)",
    )
    parser.add_argument(
        "--repeats", type=_positive, default=None, help="recorded rounds (default 5)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the Markdown results (default benchmarks/results.md; "
        "nothing is written by --quick unless this is given)",
    )
    parser.add_argument(
        "--book-source",
        choices=("clone", "worktree"),
        default="clone",
        help="what the book benchmark copies: a git clone of HEAD (default) or "
        "the working tree including uncommitted changes",
    )
    parser.add_argument(
        "--keep-book-copy",
        action="store_true",
        help="keep the temporary copy of the repository (it is kept anyway when "
        "a step fails)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when a target is missed",
    )
    return parser.parse_args(argv)


def pin_threads(threads: int) -> None:
    """Set the thread-count variables; must run before NumPy is imported."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)


def choose_threads(
    requested: int | None, cores: int, busy: float | None
) -> tuple[int, str]:
    """The thread count for every contender, and why it was chosen.

    By default, one thread per usable core that other programs leave free
    (``busy`` CPUs, from ``bench_machine.busy_cpus``; without ``/proc/stat``
    the 1-minute load average stands in). When other programs keep the
    cores busy, multithreaded BLAS and OpenMP become pathological: a parallel
    matrix product waits at its barrier until *every* one of its threads gets
    a time slice, and a 0.3-ms product takes several ms (measured: the same
    epoch of matrix products 18 times slower with 2 threads than with 1 on a
    2-core machine whose other work kept both cores busy). The comparison
    then measures the scheduler, not the libraries. ``--threads`` overrides.
    """
    if requested is not None:
        return requested, "set by --threads"
    if busy is None:
        busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        measured = f"a 1-minute load average of {busy:.1f}"
    else:
        measured = f"other work keeping {busy:.2f} CPUs busy"
    free = max(1, min(cores, round(cores - busy)))
    if free < cores:
        return free, (
            f"{measured} on {cores} usable cores, so {free} instead of one per "
            "core; --threads overrides"
        )
    return cores, f"one per usable core; {measured}"


def log(message: str) -> None:
    """Progress goes to stderr; the results go to stdout."""
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# A tiny Markdown report
# ---------------------------------------------------------------------------


class Report:
    """Markdown sections, printed as they are added and kept for the file."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.targets: list[tuple[str, str, str, bool | None]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        print(text + "\n", flush=True)

    def heading(self, title: str, level: int = 2) -> None:
        self.add(f"{'#' * level} {title}")

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        widths = [
            max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))
        ]

        def line(cells: list[str]) -> str:
            padded = (str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
            return "| " + " | ".join(padded) + " |"

        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        self.add("\n".join([line(header), rule, *(line(r) for r in rows)]))

    def target(self, what: str, measured: str, goal: str, passed: bool | None) -> None:
        self.targets.append((what, measured, goal, passed))

    def text(self) -> str:
        return "\n\n".join(self.parts) + "\n"


def _status(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "SKIP"}[passed]


def _s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms"


# ---------------------------------------------------------------------------
# The parts
# ---------------------------------------------------------------------------


def mlp_part(report: Report, s: Settings) -> None:
    import bench_mlp as mlp
    from bench_timing import Sample, run_interleaved

    n, d, bs = s.n_samples, s.n_features, s.batch_size
    report.heading("MLP: one training epoch")
    report.add(
        f"A {d}-{mlp.HIDDEN}-10 ReLU network with softmax cross-entropy, one epoch "
        f"of minibatch SGD (batch {bs}, momentum {mlp.MOMENTUM}, learning rate "
        f"{s.lr_epoch}, no weight decay) on {n:,} x {d} random float32 inputs with "
        "10 classes. mathdl: `mathdl.nn.fit` with `mathdl.optim.SGD`; "
        "scikit-learn: `MLPClassifier(solver='sgd', max_iter=1, ...)`; PyTorch: "
        "`torch.nn` and `torch.optim.SGD` in a loop that does what `fit` does "
        "(including recording the loss and accuracy). Model construction is not "
        "timed. Two reference rows are not contenders: *NumPy floor* is the "
        "same epoch as one bare NumPy function (in-place operations, no checks, "
        "no objects), *matmuls only* runs just the five matrix products of each "
        "step. The *BLAS bound* is the epoch's floating-point operations divided "
        f"by NumPy's float32 matrix-multiply throughput ({s.blas_size} x "
        f"{s.blas_size} matrices), measured in every round next to the others."
    )
    X, y = mlp.make_data(n, d)
    contenders = mlp.epoch_contenders(X, y, bs, s.lr_epoch)
    flops = mlp.epoch_flops(n, d, bs)
    total_flops = sum(flops.values())
    throughputs: list[Sample] = []

    def bound() -> Sample:
        throughputs.append(mlp.blas_throughput(s.blas_size))
        return Sample(
            total_flops / throughputs[-1].wall, total_flops / throughputs[-1].cpu
        )

    contenders["BLAS bound"] = bound
    log(f"MLP epoch on {n:,} samples, {s.warmup} warm-up + {s.repeats} rounds:")
    t = run_interleaved(contenders, s.repeats, s.warmup, progress=log)
    del throughputs[: s.warmup]

    rows = []
    for name in contenders:
        fastest, slowest = t.spread(name)
        rows.append(
            [
                name,
                _s(t.median(name)),
                f"{_s(fastest)} to {_s(slowest)}",
                f"{t.ratio('mathdl', name):.2f}",
                f"{t.ratio('mathdl', name, 'cpu'):.2f}",
            ]
        )
    report.table(
        [
            "",
            "median time",
            "fastest to slowest",
            "mathdl ÷ this",
            "mathdl ÷ this, CPU time",
        ],
        rows,
    )
    gflops = statistics.median(x.wall for x in throughputs) / 1e9
    parts = ", ".join(f"{k} {v / 1e9:.2f}" for k, v in flops.items())
    report.add(
        f"Floating-point work of the epoch: {total_flops / 1e9:.2f} GFLOP ({parts}). "
        f"Measured float32 matmul throughput: {gflops:.1f} GFLOP/s (median), so "
        f"the bound is {_s(t.median('BLAS bound'))}. Fraction of the BLAS bound "
        f"(mathdl time ÷ bound time; 1 would be running at the speed of large "
        f"matrix products): {t.ratio('mathdl', 'BLAS bound'):.2f}. The ratio "
        "columns are medians of per-round ratios; the CPU-time column counts only "
        "the time the process ran (summed over its threads), which is steadier "
        "than wall time on a busy machine when each contender has one thread."
    )
    if "PyTorch" in contenders:
        r = t.ratio("mathdl", "PyTorch")
        report.target(
            "MLP epoch: mathdl ÷ PyTorch",
            f"{r:.2f}",
            f"≤ {TARGET_VS_TORCH}",
            r <= TARGET_VS_TORCH,
        )
    else:
        report.target("MLP epoch: mathdl ÷ PyTorch", "torch not installed", "", None)
    r = t.ratio("mathdl", "scikit-learn")
    report.target(
        "MLP epoch: mathdl ÷ scikit-learn",
        f"{r:.2f}",
        f"≤ {TARGET_VS_SKLEARN}",
        r <= TARGET_VS_SKLEARN,
    )
    r = t.ratio("mathdl", "BLAS bound")
    report.target(
        "MLP epoch: mathdl ÷ BLAS bound",
        f"{r:.2f}",
        f"≤ {TARGET_VS_BOUND:g}",
        r <= TARGET_VS_BOUND,
    )
    del X, y

    accuracy_part(report, s)


def accuracy_part(report: Report, s: Settings) -> None:
    import bench_mlp as mlp

    seeds = list(range(s.digits_seeds))
    report.heading("Same mathematics: accuracy on the digits", 3)
    report.add(
        "The same architecture (64-100-10, ReLU), trained by each library for "
        f"{s.digits_epochs} epochs with batch {s.batch_size}, learning rate "
        f"{s.digits_lr} and momentum {mlp.MOMENTUM} on "
        "`mathdl.datasets.load_digits(seed=0)` (1347 training and 450 test "
        "images, pixels divided by 16, float32), each with its own default "
        f"initialisation and shuffling seeded by {seeds}. The accuracy is on "
        "the 450 test images (one image is 0.22 percentage points)."
    )
    log(f"Digits: {len(seeds)} seed(s) x 3 libraries ...")
    scores = mlp.digits_accuracy(seeds, s.digits_epochs, s.batch_size, s.digits_lr)
    mean = {k: statistics.fmean(v) for k, v in scores.items()}
    rows = []
    for name, values in scores.items():
        diff = 100 * (mean[name] - mean["mathdl"])
        rows.append(
            [
                name,
                f"{100 * mean[name]:.2f}%",
                f"{100 * min(values):.2f}% to {100 * max(values):.2f}%",
                "" if name == "mathdl" else f"{diff:+.2f}",
            ]
        )
    report.table(
        [
            "library",
            "mean test accuracy",
            "lowest to highest",
            "minus mathdl (points)",
        ],
        rows,
    )
    for peer in ("scikit-learn", "PyTorch"):
        if peer in mean:
            gap = 100 * abs(mean["mathdl"] - mean[peer])
            report.target(
                f"digits accuracy: |mathdl − {peer}|",
                f"{gap:.2f} points",
                f"≤ {TARGET_ACCURACY_PP:g} point",
                gap <= TARGET_ACCURACY_PP,
            )
    lock = mlp.lockstep_check(s.digits_epochs, s.batch_size, s.digits_lr)
    if lock is not None:
        report.add(
            "Lockstep check: PyTorch started from a copy of mathdl's initial "
            "weights and trained on the same minibatches (the permutations "
            "`mathdl.nn.fit` draws), so both perform the same float32 updates. "
            f"After {s.digits_epochs} epochs the largest relative difference "
            f"between their weights is {lock['max relative weight difference']:.1e}, "
            f"{100 * lock['test predictions that agree']:.1f}% of their test "
            f"predictions agree, and their test accuracies are "
            f"{100 * lock['accuracy mathdl']:.2f}% (mathdl) and "
            f"{100 * lock['accuracy PyTorch']:.2f}% (PyTorch)."
        )


def conv_part(report: Report, s: Settings) -> None:
    import bench_conv as conv
    from bench_timing import run_interleaved

    problem = conv.ConvProblem()
    report.heading("Convolution: Conv2D forward and backward")
    report.add(
        f"{problem.describe()}, stride 1, no padding. mathdl: `mathdl.nn.Conv2D` "
        "(unfold and one matrix product per image); "
        "PyTorch: `torch.nn.functional.conv2d` "
        "with autograd; SciPy: `scipy.signal.correlate(image, filter, "
        "mode='valid')` in a Python loop over the 64 images and 8 filters, "
        "forward only (SciPy has no batched convolution and no backward pass). "
        "'fwd+bwd' computes every gradient (weights, bias and input, as for a "
        "layer inside a network); 'no dx' skips the input gradient (as for a "
        f"first layer). Times are per call, averaged over {s.conv_inner} calls "
        "in each round (SciPy: fewer calls)."
    )
    checks = conv.agreement(problem)
    report.add(
        "Results agree before anything is timed (largest relative difference): "
        + "; ".join(f"{k} {v:.1e}" for k, v in checks.items())
        + "."
    )
    contenders = conv.conv_contenders(problem, s.conv_inner)
    log(f"Conv2D, {s.warmup} warm-up + {s.repeats} rounds:")
    t = run_interleaved(contenders, s.repeats, s.warmup, progress=log)
    has_torch = "PyTorch fwd" in contenders
    rows = []
    for variant in ("fwd", "fwd+bwd", "fwd+bwd, no dx"):
        mine = f"mathdl {variant}"
        row = [variant, _ms(t.median(mine))]
        if has_torch:
            theirs = f"PyTorch {variant}"
            row += [
                _ms(t.median(theirs)),
                f"{t.ratio(mine, theirs):.2f}",
                f"{t.ratio(mine, theirs, 'cpu'):.2f}",
            ]
        else:
            row += ["not installed", "", ""]
        if variant == "fwd":
            row += [_ms(t.median("SciPy fwd")), f"{t.ratio(mine, 'SciPy fwd'):.3f}"]
        else:
            row += ["", ""]
        rows.append(row)
    report.table(
        [
            "pass",
            "mathdl",
            "PyTorch",
            "mathdl ÷ PyTorch",
            "same, CPU time",
            "SciPy loop",
            "mathdl ÷ SciPy",
        ],
        rows,
    )
    for variant in ("fwd+bwd", "fwd+bwd, no dx"):
        what = f"Conv2D {variant}: mathdl ÷ PyTorch"
        if has_torch:
            r = t.ratio(f"mathdl {variant}", f"PyTorch {variant}")
            report.target(what, f"{r:.2f}", f"≤ {TARGET_CONV}", r <= TARGET_CONV)
        else:
            report.target(what, "torch not installed", "", None)


def workbook_part(report: Report, s: Settings) -> None:
    """Time ``spreadsheet.network_workbook`` with its defaults (50 steps)."""
    import tempfile

    from mathdl import spreadsheet

    report.heading("The workbook of Chapter 11")
    report.add(
        "`mathdl.spreadsheet.network_workbook` writing the 12-3-2 network's "
        "workbook with its defaults (50 steps of full-batch gradient descent, "
        "every step a sheet of formulas), median of the rounds."
    )
    seconds, size = [], 0
    with tempfile.TemporaryDirectory(prefix="mathdl-bench-") as tmp:
        for i in range(s.warmup + s.repeats):
            path = Path(tmp) / f"round-{i}.xlsx"
            start = time.perf_counter()
            spreadsheet.network_workbook(path)
            if i >= s.warmup:
                seconds.append(time.perf_counter() - start)
            size = path.stat().st_size
    median = statistics.median(seconds)
    report.table(
        ["", "measured"], [["time", _s(median)], ["size", f"{size / 1e6:.2f} MB"]]
    )
    report.target(
        "workbook written", _s(median), f"≤ {TARGET_WORKBOOK_SECONDS:g} s",
        median <= TARGET_WORKBOOK_SECONDS,
    )  # fmt: skip
    report.target(
        "workbook size", f"{size / 1e6:.2f} MB", f"≤ {TARGET_WORKBOOK_MB:g} MB",
        size / 1e6 <= TARGET_WORKBOOK_MB,
    )  # fmt: skip


def book_part(report: Report, env: dict[str, str], args: argparse.Namespace) -> None:
    from bench_book import time_book

    report.heading("The book: build and test times")
    log("Book: this takes several minutes ...")
    result = time_book(
        ROOT, env, source=args.book_source, keep=args.keep_book_copy, progress=log
    )
    report.add(
        f"Measured in a fresh {result.source}, in a temporary directory: no "
        "`docs/_build`, no execution cache, no nox environments (uv's package "
        "cache is shared with the machine). Environment creation is timed "
        "separately: `nox -s docs tests --install-only`, then `nox -s tests -- "
        "--collect-only -q` (which installs PyTorch and checks for Chromium)."
    )
    labels = {
        "environments": "`nox -s docs tests --install-only` (create environments)",
        "docs cold": "`nox -s docs`, cold (no build, no cache)",
        "docs no change": "`nox -s docs`, no change since the last build",
        "tests setup": "`nox -s tests -- --collect-only -q` (installs PyTorch)",
        "tests": "`nox -s tests` on the built book",
    }
    rows = []
    for name, step in result.steps.items():
        status = "ok" if step.returncode == 0 else f"FAILED (exit {step.returncode})"
        note = step.summary or ("" if step.returncode == 0 else f"log: {step.log}")
        rows.append(
            [labels[name], _s(step.seconds), _s(step.cpu_seconds), status, note]
        )
    report.table(["command", "time", "CPU time", "status", "notes"], rows)
    report.add(
        "CPU time is the user and system time of the command and every process "
        "it ran; on a busy machine the wall time grows while the CPU time hardly "
        "does, so a wall time far above the CPU time means the step waited for a "
        "core (pytest with several workers can use more CPU time than wall time)."
    )
    env_time = sum(
        result.steps[k].seconds
        for k in ("environments", "tests setup")
        if k in result.steps
    )
    cold = result.seconds("docs cold")
    if cold is not None:
        report.add(
            f"Environment creation took {_s(env_time)} in all; a cold `nox -s docs` "
            f"on a machine without environments would take about "
            f"{_s(cold + result.steps['environments'].seconds)}."
        )
    if result.chapters:
        total = sum(sec for _, sec in result.chapters)
        report.add(
            f"Execution time of each page in the cold build ({result.chapter_note}; "
            f"{total:.1f} s in all):"
        )
        report.table(
            ["page", "execution time"],
            [[p, f"{sec:.1f} s"] for p, sec in result.chapters],
        )
    else:
        report.add(f"Per-page execution times: not available ({result.chapter_note}).")
    for name, goal, what in (
        ("docs cold", TARGET_COLD_BUILD, "cold `nox -s docs` (environments ready)"),
        ("docs no change", TARGET_NO_CHANGE, "no-change `nox -s docs`"),
        ("tests", TARGET_TESTS, "`nox -s tests` (environment ready)"),
    ):
        seconds = result.seconds(name)
        if seconds is None:
            report.target(what, "failed (see log)", f"< {goal:g} s", False)
        else:
            report.target(what, _s(seconds), f"< {goal:g} s", seconds < goal)


# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    original_env = dict(os.environ)
    if "numpy" in sys.modules:
        log("warning: NumPy was imported before the thread counts were set")

    from bench_machine import busy_cpus, describe_busy, machine_rows, usable_cores

    start_busy = busy_cpus()
    threads, why = choose_threads(args.threads, usable_cores(), start_busy)
    log(f"Threads per contender: {threads} ({why})")
    pin_threads(threads)
    settings = QUICK if args.quick else Settings()
    if args.repeats is not None:
        settings = Settings(**{**settings.__dict__, "repeats": args.repeats})
    default_parts = ["mlp", "conv", "workbook", *(["book"] if args.book else [])]
    parts = set(args.only or default_parts)

    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:
        pass

    report = Report()
    report.heading("mathdl speed benchmarks", 1)
    report.add(
        f"Every contender uses {threads} thread(s) ({why}): "
        f"{', '.join(THREAD_VARIABLES)} "
        f"were set to {threads} before NumPy, SciPy, scikit-learn or PyTorch was "
        f"imported, and `torch.set_num_threads({threads})`. Times are medians over "
        f"{settings.repeats} round(s) after {settings.warmup} warm-up round(s); in "
        "each round the contenders run one after the other, in a rotating order, "
        "and each ratio is the median of the ratios within a round (absolute "
        "times on a shared machine drift; ratios measured side by side do not)."
        + (
            " **Quick run:** smaller problems and three rounds; the PASS/FAIL "
            "lines are indicative only."
            if args.quick
            else ""
        )
    )
    rows = machine_rows(threads, [os.path.relpath(__file__), *sys.argv[1:]], start_busy)
    report.table(["", ""], [list(r) for r in rows])

    started = time.perf_counter()
    if "mlp" in parts:
        mlp_part(report, settings)
    if "conv" in parts:
        conv_part(report, settings)
    if "workbook" in parts:
        workbook_part(report, settings)
    if "book" in parts:
        book_part(report, original_env, args)

    report.heading("Targets")
    report.table(
        ["check", "measured", "target", "result"],
        [[w, m, g, _status(p)] for w, m, g, p in report.targets],
    )
    took = time.perf_counter() - started
    end_busy = busy_cpus()  # measured after the benchmark's own work
    note = (
        f"CPUs busy with other work at the end: {describe_busy(end_busy)}. "
        f"The benchmark took {took:.0f} s."
    )
    if max(start_busy or 0.0, end_busy or 0.0) > 0.5:
        note += (
            " **The machine was busy with other work during this run**, so "
            "absolute times are inflated and noisy; the side-by-side ratios are "
            "the numbers to read."
        )
    report.add(note)

    output = args.output or (None if args.quick else HERE / "results.md")
    if output is not None:
        output.write_text(report.text(), encoding="utf-8")
        log(f"Results written to {output}")
    failed = any(p is False for *_, p in report.targets)
    return 1 if (args.strict and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
