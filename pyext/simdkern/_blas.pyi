from typing import TypedDict

import numpy as np

class _BlasInfo(TypedDict):
    build: str
    config: str
    corename: str
    parallel_work: int

matmul: np.ufunc

def blas_info() -> _BlasInfo: ...
def _blas_num_threads() -> int: ...
