"""What the technique modules share: input checks, thread counts, optional packages."""

from __future__ import annotations

import importlib
import operator
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern.peers import PeerUnavailable

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def checked_inputs(kernel: Kernel, inputs: Sequence[NDArray[Any]]) -> list[NDArray[Any]]:
    """The inputs, if they are kernel.nin 1-D contiguous arrays of one float dtype."""
    arrays = list(inputs)
    if len(arrays) != kernel.nin:
        raise ValueError(f"{kernel.name} takes {kernel.nin} input(s), got {len(arrays)}")
    if not all(isinstance(a, np.ndarray) for a in arrays):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"{kernel.name}: the inputs must be NumPy arrays")
    dtypes = {a.dtype for a in arrays}
    if len(dtypes) != 1 or arrays[0].dtype not in FLOAT_DTYPES:
        names = ", ".join(str(a.dtype) for a in arrays)
        raise TypeError(
            f"{kernel.name}: the inputs must be all float32 or all float64, got {names}"
        )
    if any(a.ndim != 1 or not a.flags.c_contiguous for a in arrays):
        raise ValueError(f"{kernel.name}: the inputs must be 1-D and contiguous")
    if len({a.shape for a in arrays}) != 1:
        raise ValueError(f"{kernel.name}: the inputs must have the same length")
    return arrays


def checked_threads(threads: int) -> int:
    """threads as a thread count: an int >= 1 (TypeError, ValueError otherwise)."""
    if isinstance(threads, bool):
        raise TypeError("thread count must be an int, not bool")
    count = operator.index(threads)
    if count < 1:
        raise ValueError(f"thread count must be >= 1, got {count}")
    return count


def free_threaded() -> bool:
    """Whether this CPython runs without the GIL."""
    return not getattr(sys, "_is_gil_enabled", lambda: True)()


def import_problem(package: str) -> str | None:
    """Why an optional package cannot be imported here, or None if it can."""
    try:
        importlib.import_module(package)
    except ModuleNotFoundError as error:
        if error.name is not None and error.name.split(".")[0] == package.split(".", maxsplit=1)[0]:
            where = " in this free-threaded CPython" if free_threaded() else ""
            return f"{package} is not installed{where}"
        return f"{package} cannot be imported: {error}"
    except Exception as error:  # an optional package that fails to load is unavailable
        return f"{package} cannot be imported: {type(error).__name__}: {error}"
    return None


def load(technique: str, package: str) -> Any:
    """The optional package, untyped; PeerUnavailable if it cannot be imported."""
    problem = import_problem(package)
    if problem is not None:
        raise PeerUnavailable(technique, problem)
    return importlib.import_module(package)


def no_version(technique: str, kernel: str, where: str) -> PeerUnavailable:
    """The error for a technique that has no version of a kernel."""
    return PeerUnavailable(technique, f"no version of {kernel!r} in {where}")
