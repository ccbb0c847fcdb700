"""Timing: warm-up, calibrated inner loops, repeats, medians and spread."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    repeats: int = 5
    sample_s: float = 0.03
    """Wall time of one sample (an inner loop of calls)."""
    warmup_s: float = 0.02


@dataclass(frozen=True)
class Stats:
    median: float
    q1: float
    q3: float
    lo: float
    hi: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if len(values) >= 2:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = q3 = values[0]
        return cls(statistics.median(values), q1, q3, min(values), max(values))

    @property
    def spread(self) -> float:
        """The interquartile range as a fraction of the median."""
        return (self.q3 - self.q1) / self.median if self.median else 0.0

    @property
    def iqr_pct(self) -> float:
        return 100.0 * self.spread

    @property
    def range_pct(self) -> float:
        return 100.0 * (self.hi - self.lo) / self.median if self.median else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": self.lo,
            "max": self.hi,
            "iqr_pct": self.iqr_pct,
            "range_pct": self.range_pct,
        }


@contextmanager
def gc_off() -> Generator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _loop(call: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        call()
    return time.perf_counter() - start


def measure(call: Callable[[], object], settings: Settings) -> tuple[list[float], int]:
    """Seconds per call, one value per repeat, and the inner loop count used.

    The garbage collector is off while timing; the inner loop count is
    chosen so that one sample takes about settings.sample_s.
    """
    with gc_off():
        first = _loop(call, 1)
        deadline = time.perf_counter() + settings.warmup_s
        while time.perf_counter() < deadline:
            first = min(first, _loop(call, 1))
        number = max(1, int(settings.sample_s / first)) if first > 0 else 1000
        return [_loop(call, number) / number for _ in range(settings.repeats)], number


def time_once(call: Callable[[], object]) -> float:
    """Seconds of a single call (for calls too slow to repeat)."""
    with gc_off():
        return _loop(call, 1)
