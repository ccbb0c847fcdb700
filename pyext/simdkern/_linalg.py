"""simdkern.matmul: the matrix product, as np.matmul, through BLAS.

The extension links the BLAS shared library of the scipy-openblas wheel
(docs/blas.md); importing the wheel's module loads that library, so the
extension finds it without a path of its own.
"""

import importlib

from simdkern import _blasconfig

if _blasconfig.BLAS_MODULE:
    importlib.import_module(_blasconfig.BLAS_MODULE)

from simdkern import _blas  # after the library is loaded

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
