"""Techniques ``numba`` and ``numba_parallel``: the scalar formulas, compiled.

An ``@njit`` loop over the elements calls the kernel's formula from
``simdkern.peers._scalar`` (``math.*``), compiled with NumPy's error model
(IEEE division, as NumPy's) and without fast-math or an on-disk cache.  The
formulas are built per dtype, their constants of that dtype, so float32
computes in float32 (``math.exp`` of a float32 is ``expf``).
``numba_parallel`` is the same loop under ``@njit(parallel=True)`` with
``prange``; ``prepare`` sets ``numba.set_num_threads``.  ``prepare``
compiles by calling once on the inputs' first element.  Numba has no fused
multiply-add without fast-math: fma is ``x * y + z`` (two roundings).
"""

from __future__ import annotations

import math
import threading
import types
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern.peers import Call, Peer, Prepare
from simdkern.peers._common import (
    checked_inputs,
    checked_threads,
    import_problem,
    load,
    no_version,
)
from simdkern.peers._scalar import formulas

TECHNIQUES = ("numba", "numba_parallel")

_FORMULAS64 = formulas(float)

# (kernel, dtype, parallel) -> the compiled loop; built once, under the lock.
_loops: dict[tuple[str, str, bool], Any] = {}
_lock = threading.Lock()


def unavailable(technique: str) -> str | None:
    return import_problem("numba")


def make(kernel: Kernel, technique: str) -> Peer:
    name = kernel.name
    if name not in _FORMULAS64:
        raise no_version(technique, name, "simdkern.peers._scalar")
    if kernel.nin > 3:
        raise no_version(technique, name, "simdkern.peers.numba_ (loops for 1 to 3 inputs)")
    parallel = technique == "numba_parallel"
    formula = _FORMULAS64[name]
    args = ", ".join(f"{v}[i]" for v in "xyz"[: kernel.nin])
    called = f"math.{name}" if formula is getattr(math, name, None) else f"_scalar.{name}"
    loop = "@njit(parallel=True), for i in prange(n)" if parallel else "@njit, for i in range(n)"
    note = f"{loop}: out[i] = {called}({args}); no fastmath"
    if name == "fma":
        note += "; x*y + z, two roundings"
    return Peer(name, technique, _prepare(kernel, technique, parallel), note)


def _prepare(kernel: Kernel, technique: str, parallel: bool) -> Prepare:
    def prepare(inputs: Sequence[NDArray[Any]], threads: int) -> Call:
        numba = load(technique, "numba")
        arrays = checked_inputs(kernel, inputs)
        if parallel:
            numba.set_num_threads(checked_threads(threads))
        loop = _compiled(numba, kernel, arrays[0].dtype, parallel)
        out = np.empty_like(arrays[0])
        loop(*(a[:1] for a in arrays), out[:1])  # compiles for these arrays' types

        def call() -> NDArray[Any]:
            loop(*arrays, out)
            return out

        return call

    return prepare


def _compiled(numba: Any, kernel: Kernel, dtype: np.dtype[Any], parallel: bool) -> Any:
    """The jitted loop for a kernel and dtype (not yet compiled for any signature)."""
    key = (kernel.name, dtype.name, parallel)
    with _lock:
        loop = _loops.get(key)
        if loop is None:
            formula: Callable[..., Any] = formulas(dtype.type)[kernel.name]
            scalar: Any = formula  # a math builtin: Numba knows it
            if isinstance(formula, types.FunctionType):
                scalar = numba.njit(formula, fastmath=False, cache=False, error_model="numpy")
            loop = numba.njit(
                _loop(scalar, kernel.nin, numba.prange),
                parallel=parallel,
                fastmath=False,
                cache=False,
                error_model="numpy",
            )
            _loops[key] = loop
    return loop


def _loop(f: Any, nin: int, prange: Any) -> Callable[..., None]:
    """The element loop for an nin-input formula (prange is range without parallel=True)."""
    if nin == 1:

        def loop1(x: NDArray[Any], out: NDArray[Any]) -> None:
            for i in prange(out.shape[0]):
                out[i] = f(x[i])

        return loop1
    if nin == 2:

        def loop2(x: NDArray[Any], y: NDArray[Any], out: NDArray[Any]) -> None:
            for i in prange(out.shape[0]):
                out[i] = f(x[i], y[i])

        return loop2
    if nin == 3:

        def loop3(x: NDArray[Any], y: NDArray[Any], z: NDArray[Any], out: NDArray[Any]) -> None:
            for i in prange(out.shape[0]):
                out[i] = f(x[i], y[i], z[i])

        return loop3
    raise AssertionError(f"no Numba loop for {nin} inputs")  # make() refuses those
