"""The catalogue's kernels written with each technique the benchmark compares.

For every kernel of ``simdkern.catalogue()`` and every technique of
``TECHNIQUES``, ``peer(kernel, technique)`` gives a ``Peer``: the best
idiomatic implementation of that kernel with that technique (no strawmen:
``x*x*x``, not ``x**3``; float32 stays float32).

A peer is used in two steps, so that the benchmark times only the work::

    call = peer("gelu", "numpy_out").prepare([x], threads=1)  # buffers, lists, JIT
    result = call()                                           # one evaluation

``prepare`` receives the inputs as NumPy arrays (1-D, contiguous, one float
dtype) and the thread count to use (threaded techniques only; the others
ignore it), does everything that can happen outside the timed region
(converting to lists, allocating outputs, compiling) and returns a
zero-argument callable.  Calling it evaluates the kernel once and returns
the result: an array, or for ``python`` a list (``as_array`` converts).
``prepare`` may change process-wide settings of the technique (its thread
count); the benchmark prepares each peer right before timing it.

Optional techniques (numexpr, Numba, the Cython peers when the package was
built without them) raise ``PeerUnavailable`` with the reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern._catalogue import kernel as catalogue_kernel

TECHNIQUES: tuple[str, ...] = (
    "python",
    "python_ndarray",
    "numpy",
    "numpy_out",
    "numexpr",
    "numba",
    "numba_parallel",
    "cython",
    "cython_parallel",
    "simdkern",
    "simdkern_threads",
)
"""Every technique, from the slowest boundary to the fastest."""

THREADED: frozenset[str] = frozenset(
    {"numexpr", "numba_parallel", "cython_parallel", "simdkern_threads"}
)
"""Techniques that use several threads; the others run on the calling thread."""

Call = Callable[[], object]
Prepare = Callable[[Sequence[NDArray[Any]], int], Call]


class PeerUnavailable(Exception):  # noqa: N818  # a state, not an error in the caller's code
    """A technique cannot run here (an optional package is missing)."""

    def __init__(self, technique: str, reason: str) -> None:
        super().__init__(f"{technique}: {reason}")
        self.technique = technique
        self.reason = reason


class Inexpressible(PeerUnavailable):
    """The technique runs here but cannot write this kernel (numexpr has no erf)."""


@dataclass(frozen=True)
class Peer:
    """One kernel written with one technique."""

    kernel: str
    technique: str
    prepare: Prepare
    note: str = ""
    """What the implementation is, when the name does not say (e.g. scipy.special.expit)."""

    @property
    def threaded(self) -> bool:
        return self.technique in THREADED


def as_array(result: object, dtype: np.dtype[Any]) -> NDArray[Any]:
    """A peer's result as an array of the inputs' dtype (python peers return lists)."""
    return np.asarray(result, dtype=dtype)


# ----- finding a peer -----------------------------------------------------------

_MODULES: dict[str, str] = {
    "python": "python",
    "python_ndarray": "python",
    "numpy": "numpy_",
    "numpy_out": "numpy_",
    "numexpr": "numexpr_",
    "numba": "numba_",
    "numba_parallel": "numba_",
    "cython": "cython_",
    "cython_parallel": "cython_",
    "simdkern": "simdkern_",
    "simdkern_threads": "simdkern_",
}
"""The module of simdkern.peers that implements each technique."""


class _Technique(Protocol):
    def unavailable(self, technique: str) -> str | None: ...
    def make(self, kernel: Kernel, technique: str) -> Peer: ...


def _technique(technique: str) -> _Technique:
    module = _MODULES.get(technique)
    if module is None:
        raise KeyError(f"no technique named {technique!r}; known: {', '.join(TECHNIQUES)}")
    return cast(_Technique, importlib.import_module(f"simdkern.peers.{module}"))


def unavailable(technique: str) -> str | None:
    """Why the technique cannot run here (a missing package), or None if it can."""
    return _technique(technique).unavailable(technique)


def peer(kernel: str, technique: str) -> Peer:
    """The kernel written with the technique.

    KeyError for an unknown kernel or technique; PeerUnavailable when the
    technique cannot run here or has no version of the kernel.
    """
    entry = catalogue_kernel(kernel)
    module = _technique(technique)
    reason = module.unavailable(technique)
    if reason is not None:
        raise PeerUnavailable(technique, reason)
    return module.make(entry, technique)


def peers(kernel: str) -> dict[str, Peer | PeerUnavailable]:
    """Every technique's peer of the kernel (or why there is none), in TECHNIQUES order."""
    found: dict[str, Peer | PeerUnavailable] = {}
    for technique in TECHNIQUES:
        try:
            found[technique] = peer(kernel, technique)
        except PeerUnavailable as why:
            found[technique] = why
    return found
