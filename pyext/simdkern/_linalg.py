"""simdkern.matmul: the matrix product, as np.matmul, through BLAS.

The kernel library (linked into simdkern._ufuncs) calls the BLAS shared
library of the scipy-openblas wheel (docs/blas.md); simdkern._blasload has
loaded it before _ufuncs.
"""

from simdkern import _blas

matmul = _blas.matmul


def blas_info() -> dict[str, str]:
    """The BLAS behind matmul: build, its configuration and the CPU kernels it uses."""
    info = _blas.blas_info()
    return {
        "build": info["build"],
        "config": info["config"],
        "corename": info["corename"],
        "parallel from": f"{info['parallel_work']} multiply-adds",
    }
