"""Which instruction set the kernels use, and how simdkern was built."""

import platform
import sys

import numpy as np

from simdkern import _ufuncs
from simdkern._linalg import blas_info
from simdkern._version import __version__


def isa() -> str:
    """The instruction set the kernels use: baseline, avx2, avx512 or neon.

    Chosen once, at import: the best this CPU supports, capped by the
    environment variable SIMDKERN_ISA when it is set.
    """
    return _ufuncs.isa()


def isas() -> list[str]:
    """The instruction sets this CPU and this build can run, in order of preference."""
    return _ufuncs.isas()


def config() -> dict[str, str]:
    """Versions, instruction sets and build facts, as show_config() prints them."""
    info = _ufuncs.build_info()
    blas = blas_info()
    return {
        "simdkern": __version__,
        "isa": isa(),
        "isas available": ", ".join(isas()),
        "SLEEF": info["sleef"],
        "compiler": info["compiler"],
        "BLAS": f"{blas['build']} ({blas['corename']} kernels)",
        "NumPy": np.__version__,
        "Python": sys.version.split()[0],
        "free-threaded build": str(not getattr(sys, "_is_gil_enabled", lambda: True)()),
        "threads": f"{_ufuncs._get_num_threads()} (CPUs usable: {_ufuncs.cpu_count()})",  # pyright: ignore[reportPrivateUsage]
        "machine": platform.machine(),
    }


def show_config() -> None:
    """Print how simdkern was built and what it runs on (like numpy.show_config)."""
    facts = config()
    width = max(map(len, facts))
    for key, value in facts.items():
        print(f"{key:<{width}}  {value}")
