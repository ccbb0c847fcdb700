"""Benchmark inputs: deterministic, inside each kernel's domain."""

from typing import Any

import numpy as np
from numpy.typing import NDArray

import simdkern

SEED = 20261125


# Kernels real on a narrower interval than |x| ~ 3 covers: uniform there.
INTERVALS: dict[str, tuple[float, float]] = {
    "arcsin": (-1.0, 1.0),
    "arccos": (-1.0, 1.0),
    "arctanh": (-1.0, 1.0),
    "arccosh": (1.0, 50.0),
}


def make_inputs(kernel: str, dtype: np.dtype[Any], n: int) -> list[NDArray[Any]]:
    """kernel.nin arrays of n values: |x| ~ 3 (moderate: no overflow in any
    technique), or in [0.5, 50] for kernels defined on x >= 0 only, or
    uniform over INTERVALS[kernel] (arcsin: [-1, 1], ...)."""
    k = simdkern.kernel(kernel)
    rng = np.random.default_rng(SEED)
    arrays: list[NDArray[Any]] = []
    for _ in range(k.nin):
        nonneg = k.domain == "nonneg"
        if kernel in INTERVALS:
            values = rng.uniform(*INTERVALS[kernel], n)
        elif nonneg:
            values = rng.uniform(0.5, 50.0, n)
        else:
            values = rng.standard_normal(n) * 3.0
        arrays.append(values.astype(dtype))
    return arrays
