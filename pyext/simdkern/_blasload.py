"""Load the BLAS library before simdkern._ufuncs, which links it (docs/blas.md).

The kernel library's matmul calls the BLAS shared library of the
scipy-openblas wheel; importing the wheel's module loads that library, so
the extension finds it without a path of its own.

OpenBLAS's workers busy-wait after each parallel product for
2^OPENBLAS_THREAD_TIMEOUT clock cycles before they sleep: 2^28 (0.1 s) by
default, and the wheel's build waits without yielding the CPU, so for that
long they would take CPUs from simdkern's own pool and everything else.
Unless the environment sets it, the library is loaded with 19 (2^19 cycles,
about 0.2 ms, as long as simdkern's pool spins); see docs/threads.md.
"""

import importlib
import os
import sys

from simdkern import _blasconfig

SPIN_VARIABLE = "OPENBLAS_THREAD_TIMEOUT"
SPIN_LOG2_CYCLES = "19"


def _load_blas(module: str) -> None:
    """Import the wheel's module (loading its library) with the short spin."""
    if module in sys.modules:  # loaded already, with whatever it was given
        return
    given = os.environ.get(SPIN_VARIABLE)
    if given is None:
        os.environ[SPIN_VARIABLE] = SPIN_LOG2_CYCLES
    try:
        importlib.import_module(module)
    finally:
        if given is None:
            del os.environ[SPIN_VARIABLE]


if _blasconfig.BLAS_MODULE:
    _load_blas(_blasconfig.BLAS_MODULE)
