"""simdkern: SIMD math kernels as NumPy ufuncs.

Every kernel of the catalogue is a real ``np.ufunc`` (``simdkern.exp``,
``simdkern.sigmoid``, ...): broadcasting, ``out=``, ``where=``, ``dtype=``,
``casting=`` and, for add and multiply, ``reduce`` work as with NumPy's.
``catalogue()`` lists the kernels with their accuracy bounds.
"""

import warnings

from simdkern import _ufuncs
from simdkern._catalogue import Kernel, catalogue, kernel
from simdkern._config import config, isa, isas, show_config
from simdkern._version import __version__

globals().update({entry.name: entry.ufunc for entry in catalogue()})

if (_problem := _ufuncs.isa_env_problem()) is not None:
    warnings.warn(_problem, RuntimeWarning, stacklevel=2)

# The ufunc names come from the catalogue; __init__.pyi spells them out for
# type checkers and a test keeps the two in step.
__all__ = [  # noqa: PLE0604  # pyright: ignore[reportUnsupportedDunderAll]
    "Kernel",
    "__version__",
    "catalogue",
    "config",
    "isa",
    "isas",
    "kernel",
    "show_config",
    *(entry.name for entry in catalogue()),
]
