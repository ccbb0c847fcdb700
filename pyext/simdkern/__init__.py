"""simdkern: SIMD math kernels as NumPy ufuncs.

Every kernel of the catalogue is a real ``np.ufunc`` (``simdkern.exp``,
``simdkern.sigmoid``, ...): broadcasting, ``out=``, ``where=``, ``dtype=``,
``casting=`` and, for add and multiply, ``reduce`` work as with NumPy's.
``catalogue()`` lists the kernels with their accuracy bounds.
``matmul`` is ``np.matmul``'s gufunc, computed by BLAS.

Reductions and row functions with NumPy's signatures (``sum``, ``mean``,
``var``, ``std``, ``min``, ``max``, ``argmin``, ``argmax``, ``dot``,
``nrm2``) and SciPy's (``logsumexp``, ``softmax``, ``log_softmax``) run over
the generalized ufuncs of ``simdkern.gufuncs``.

Large calls run on simdkern's thread pool, with the same bits for any
thread count: ``set_num_threads``, ``get_num_threads`` and
``with threads(n):`` control it (see ``simdkern._threads``).
"""

import warnings

# First: loads the BLAS library that the kernel library in _ufuncs links.
from simdkern import _blasload  # noqa: F401  # pyright: ignore[reportUnusedImport]

# isort: split
from simdkern import _threads, _ufuncs, gufuncs
from simdkern._catalogue import Kernel, catalogue, kernel
from simdkern._config import config, isa, isas, show_config
from simdkern._linalg import matmul
from simdkern._reductions import (
    argmax,
    argmin,
    dot,
    log_softmax,
    logsumexp,
    max,
    mean,
    min,
    nrm2,
    softmax,
    std,
    sum,
    var,
)
from simdkern._threads import (
    cpu_count,
    get_num_threads,
    pool_workers,
    set_num_threads,
    shutdown,
    threads,
    tuning,
)
from simdkern._version import __version__

globals().update({entry.name: entry.ufunc for entry in catalogue()})

for _problem in (_ufuncs.isa_env_problem(), _ufuncs.threads_env_problem()):
    if _problem is not None:
        warnings.warn(_problem, RuntimeWarning, stacklevel=2)
_threads.register_threadpoolctl()

# The ufunc names come from the catalogue; __init__.pyi spells them out for
# type checkers and a test keeps the two in step.
__all__ = [  # noqa: PLE0604  # pyright: ignore[reportUnsupportedDunderAll]
    "Kernel",
    "__version__",
    "argmax",
    "argmin",
    "catalogue",
    "config",
    "cpu_count",
    "dot",
    "get_num_threads",
    "gufuncs",
    "isa",
    "isas",
    "kernel",
    "log_softmax",
    "logsumexp",
    "matmul",
    "max",
    "mean",
    "min",
    "nrm2",
    "pool_workers",
    "set_num_threads",
    "show_config",
    "shutdown",
    "softmax",
    "std",
    "sum",
    "threads",
    "tuning",
    "var",
    *(entry.name for entry in catalogue()),
]
