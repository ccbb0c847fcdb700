"""Techniques ``cython`` and ``cython_parallel``: the compiled ``simdkern.peers._cython``.

That module defines, per kernel, ``<kernel>(x[, y[, z]], out)`` and
``<kernel>_parallel(x[, y[, z]], out, num_threads)``: a typed-memoryview
loop over the elements calling libm (float32 with the float functions,
fma with C's ``fma``: one rounding), serial or under OpenMP's ``prange``.
This module only adapts them; a package built without the module, or a
module without a kernel's function, gives ``PeerUnavailable``.  The
parallel functions use OpenMP, whose threads do not survive ``fork()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern.peers import Call, Peer, PeerUnavailable, Prepare
from simdkern.peers._common import checked_inputs, checked_threads, import_problem, load

TECHNIQUES = ("cython", "cython_parallel")

MODULE = "simdkern.peers._cython"


def unavailable(technique: str) -> str | None:
    problem = import_problem(MODULE)
    if problem is None:
        return None
    return f"{problem} (the package was built without the Cython peers)"


def make(kernel: Kernel, technique: str) -> Peer:
    parallel = technique == "cython_parallel"
    function = f"{kernel.name}_parallel" if parallel else kernel.name
    module = load(technique, MODULE)
    compiled: Callable[..., object] | None = getattr(module, function, None)
    if compiled is None:
        raise PeerUnavailable(technique, f"{MODULE} has no function {function}()")
    args = ", ".join("xyz"[: kernel.nin])
    if parallel:
        note = f"_cython.{function}({args}, out, threads): OpenMP prange, static schedule"
    else:
        note = f"_cython.{function}({args}, out): typed-memoryview loop without the GIL"
    return Peer(kernel.name, technique, _prepare(kernel, compiled, parallel), note)


def _prepare(kernel: Kernel, compiled: Callable[..., object], parallel: bool) -> Prepare:
    def prepare(inputs: Sequence[NDArray[Any]], threads: int) -> Call:
        arrays = checked_inputs(kernel, inputs)
        out = np.empty_like(arrays[0])
        if parallel:
            count = checked_threads(threads)

            def call_parallel() -> NDArray[Any]:
                compiled(*arrays, out, count)
                return out

            return call_parallel

        def call() -> NDArray[Any]:
            compiled(*arrays, out)
            return out

        return call

    return prepare
