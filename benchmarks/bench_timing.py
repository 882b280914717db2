"""Interleaved timing: every contender runs once per round, in a rotating order.

Absolute times on a shared machine drift by tens of percent from one minute
to the next, so comparing a median taken now with a median taken a minute
later says little. Here each round runs every contender once, back to back
(the first one in the order changes from round to round, so no contender
always runs first or last), and a ratio is computed *within* each round; the
reported ratio is the median of those per-round ratios.

Each measurement records two clocks: wall time (``time.perf_counter``, what
a user waits for, and what the targets are about) and the process's CPU time
(``time.process_time``, summed over its threads). With one thread per
contender, CPU time leaves out the time the process spent waiting for a core
while other programs ran, so on a busy machine its ratios are steadier.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["Sample", "Stopwatch", "Timings", "run_interleaved"]


class Sample(NamedTuple):
    """Seconds of one measurement on both clocks."""

    wall: float
    cpu: float


class Stopwatch:
    """Context manager reading both clocks: ``with Stopwatch() as sw: ...``.

    After the block, ``sw.sample`` holds the elapsed wall and CPU seconds.
    """

    def __enter__(self) -> Stopwatch:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sample = Sample(
            time.perf_counter() - self._wall, time.process_time() - self._cpu
        )


@dataclass
class Timings:
    """Samples per round for each contender (warm-up rounds excluded)."""

    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def _values(self, name: str, clock: str) -> list[float]:
        return [getattr(s, clock) for s in self.samples[name]]

    def median(self, name: str, clock: str = "wall") -> float:
        """Median seconds of ``name`` over the recorded rounds."""
        return statistics.median(self._values(name, clock))

    def ratio(self, name: str, reference: str, clock: str = "wall") -> float:
        """Median over rounds of ``time(name) / time(reference)`` in the same round."""
        pairs = zip(
            self._values(name, clock), self._values(reference, clock), strict=True
        )
        return statistics.median(a / b for a, b in pairs)

    def spread(self, name: str, clock: str = "wall") -> tuple[float, float]:
        """Fastest and slowest recorded seconds of ``name``."""
        values = self._values(name, clock)
        return min(values), max(values)


def run_interleaved(
    contenders: dict[str, Callable[[], Sample]],
    repeats: int,
    warmup: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Timings:
    """Run every contender ``warmup + repeats`` times, interleaved.

    Parameters
    ----------
    contenders : dict of name -> callable
        Each callable does its own set-up, times only the work being
        measured (with a :class:`Stopwatch`) and returns the
        :class:`Sample`.
    repeats : int
        Recorded rounds.
    warmup : int, optional
        Rounds run first and discarded (imports, caches, lazy
        initialisation, CPU frequency ramp-up).
    progress : callable, optional
        Called with a one-line message after each round.

    Returns
    -------
    Timings
    """
    names = list(contenders)
    timings = Timings({name: [] for name in names})
    for round_ in range(warmup + repeats):
        shift = round_ % len(names)
        order = names[shift:] + names[:shift]  # rotate who goes first
        results: dict[str, Sample] = {}
        for name in order:
            gc.collect()
            results[name] = contenders[name]()
        if round_ >= warmup:
            for name in names:
                timings.samples[name].append(results[name])
        if progress is not None:
            label = "warm-up" if round_ < warmup else f"round {round_ - warmup + 1}"
            times = ", ".join(f"{n} {results[n].wall:.3g} s" for n in names)
            progress(f"  {label}/{repeats}: {times}")
    return timings
