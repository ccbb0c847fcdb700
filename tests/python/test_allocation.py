"""The fused kernels allocate their output and nothing else (NumPy reports array memory
to tracemalloc, so its temporaries show)."""

import tracemalloc
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray

N = 1_000_000
# tracemalloc is process-wide: another thread's allocations would count as this test's
pytestmark = pytest.mark.thread_unsafe(reason="tracemalloc traces every thread at once")
FUSED = [k for k in simdkern.catalogue() if k.cost == "fused"]


@dataclass
class Traced:
    """Bytes allocated while the block ran: still held at its end, and at the peak."""

    kept: int = 0
    peak: int = 0


@contextmanager
def traced() -> Generator[Traced]:
    result = Traced()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start, _ = tracemalloc.get_traced_memory()
        yield result
        end, peak = tracemalloc.get_traced_memory()
        result.kept, result.peak = end - start, peak - start
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def x() -> NDArray[np.float64]:
    return np.random.default_rng(0).standard_normal(N)


@pytest.mark.parametrize("fused", FUSED, ids=[k.name for k in FUSED])
def test_out_call_allocates_nothing(fused: simdkern.Kernel, x: NDArray[np.float64]) -> None:
    out = np.empty_like(x)
    fused.ufunc(*([x] * fused.nin), out=out)  # warm up any lazy state
    with traced() as memory:
        fused.ufunc(*([x] * fused.nin), out=out)
    assert memory.peak < 4096, memory


@pytest.mark.parametrize("fused", FUSED, ids=[k.name for k in FUSED])
def test_call_allocates_one_output_and_no_temporaries(
    fused: simdkern.Kernel, x: NDArray[np.float64]
) -> None:
    with traced() as memory:
        result = fused.ufunc(*([x] * fused.nin))
    assert result.nbytes == x.nbytes
    assert x.nbytes <= memory.peak < 1.1 * x.nbytes, memory
    del result


@pytest.mark.parametrize("fused", FUSED, ids=[k.name for k in FUSED])
def test_numpy_expression_allocates_more(fused: simdkern.Kernel, x: NDArray[np.float64]) -> None:
    names: dict[str, Any] = {"np": np, **dict(zip("xyz", [x] * fused.nin, strict=False))}
    if "scipy." in fused.numpy_ref:  # gelu_erf: NumPy has no erf
        names["scipy"] = pytest.importorskip("scipy")
        pytest.importorskip("scipy.special")
    with traced() as ours:
        kept = fused.ufunc(*([x] * fused.nin))
    del kept
    with np.errstate(all="ignore"), traced() as theirs:
        kept = eval(fused.numpy_ref, names)  # the catalogue's NumPy expression
    del kept
    assert theirs.peak >= 1.9 * ours.peak, (theirs, ours)
