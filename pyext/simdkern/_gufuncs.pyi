from typing import TypedDict

import numpy as np

class _RowEntry(TypedDict):
    name: str
    nin: int
    out: str
    param: str
    cost: str
    signature: str
    numpy_ref: str
    summary: str

def catalogue() -> list[_RowEntry]: ...

sum: np.ufunc
mean: np.ufunc
var: np.ufunc
std: np.ufunc
min: np.ufunc
max: np.ufunc
argmin: np.ufunc
argmax: np.ufunc
dot: np.ufunc
nrm2: np.ufunc
logsumexp: np.ufunc
softmax: np.ufunc
log_softmax: np.ufunc
