"""Benchmark inputs: deterministic, inside each kernel's domain."""

from typing import Any

import numpy as np
from numpy.typing import NDArray

import simdkern

SEED = 20261125


def make_inputs(kernel: str, dtype: np.dtype[Any], n: int) -> list[NDArray[Any]]:
    """kernel.nin arrays of n values: |x| ~ 3 (moderate: no overflow in any
    technique), or in [0.5, 50] for kernels defined on x >= 0 only."""
    k = simdkern.kernel(kernel)
    rng = np.random.default_rng(SEED)
    arrays: list[NDArray[Any]] = []
    for _ in range(k.nin):
        nonneg = k.domain == "nonneg"
        values = rng.uniform(0.5, 50.0, n) if nonneg else rng.standard_normal(n) * 3.0
        arrays.append(values.astype(dtype))
    return arrays
