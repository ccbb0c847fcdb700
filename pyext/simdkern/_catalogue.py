"""The kernel catalogue as Python sees it.

The facts come from the C catalogue the ufuncs were built from
(kernels/include/simdkern_catalogue.def); nothing here restates them.
"""

from dataclasses import dataclass
from functools import cache
from typing import cast

import numpy as np

from simdkern import _ufuncs


@dataclass(frozen=True)
class Kernel:
    """One kernel: what it computes, how accurately, and its ufunc."""

    name: str
    nin: int
    family: str
    """Source family: "math", "arith" or "fused"."""
    cost: str
    """Cost class: "arith" (memory bound), "transc" (one transcendental), "fused"."""
    flags: str
    """How floating-point flags are produced: "HW" or the rule that recomputes them."""
    ulp_f32: float
    """Documented (and tested) error bound in ULP, float32."""
    ulp_f64: float
    """Documented (and tested) error bound in ULP, float64."""
    identity: str
    """Reduction identity: "none", "zero", "one", or "reorderable" (none, but a reduction
    may group its elements in any order, as maximum's)."""
    domain: str
    """Where the function is real: "all" or "nonneg"."""
    numpy_ref: str
    """The NumPy expression with the same meaning, in x, y, z."""
    summary: str
    ufunc: np.ufunc

    def ulp_bound(self, dtype: "np.dtype[np.floating] | type[np.floating]") -> float:
        """The error bound for results of this dtype (float16 uses float32's kernel)."""
        return self.ulp_f64 if np.dtype(dtype) == np.float64 else self.ulp_f32


@cache
def catalogue() -> tuple[Kernel, ...]:
    """Every kernel, in catalogue order."""
    return tuple(
        Kernel(**entry, ufunc=cast(np.ufunc, getattr(_ufuncs, entry["name"])))
        for entry in _ufuncs.catalogue()
    )


def kernel(name: str) -> Kernel:
    """The catalogue entry called name."""
    for entry in catalogue():
        if entry.name == name:
            return entry
    known = ", ".join(k.name for k in catalogue())
    raise KeyError(f"no kernel named {name!r}; the catalogue has {known}")
