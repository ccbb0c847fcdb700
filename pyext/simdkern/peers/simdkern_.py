"""Techniques ``simdkern`` and ``simdkern_threads``: the kernel's own ufunc, ``out=``.

``prepare`` sets simdkern's process default thread count
(``simdkern.set_num_threads``): 1 for ``simdkern``, the count asked for
``simdkern_threads``.  A ``with simdkern.threads(n):`` block around the
call still takes precedence.  Calls below a cost class's threshold run on
the calling thread whatever the count (see ``simdkern.tuning()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern._threads import set_num_threads
from simdkern.peers import Call, Peer, Prepare
from simdkern.peers._common import checked_inputs, checked_threads

TECHNIQUES = ("simdkern", "simdkern_threads")


def unavailable(technique: str) -> str | None:
    return None


def make(kernel: Kernel, technique: str) -> Peer:
    threaded = technique == "simdkern_threads"
    args = ", ".join("xyz"[: kernel.nin])
    count = "threads" if threaded else "1"
    note = f"simdkern.{kernel.name}({args}, out=out) after simdkern.set_num_threads({count})"
    return Peer(kernel.name, technique, _prepare(kernel, threaded), note)


def _prepare(kernel: Kernel, threaded: bool) -> Prepare:
    ufunc = kernel.ufunc

    def prepare(inputs: Sequence[NDArray[Any]], threads: int) -> Call:
        arrays = checked_inputs(kernel, inputs)
        set_num_threads(checked_threads(threads) if threaded else 1)
        out = np.empty_like(arrays[0])
        return lambda: ufunc(*arrays, out=out)

    return prepare
