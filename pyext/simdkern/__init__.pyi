# Typing for simdkern.  The ufunc names follow the kernel catalogue; a test
# checks that this list and the catalogue agree.
import numpy as np

from simdkern._catalogue import Kernel as Kernel
from simdkern._catalogue import catalogue as catalogue
from simdkern._catalogue import kernel as kernel
from simdkern._config import config as config
from simdkern._config import isa as isa
from simdkern._config import isas as isas
from simdkern._config import show_config as show_config
from simdkern._threads import cpu_count as cpu_count
from simdkern._threads import get_num_threads as get_num_threads
from simdkern._threads import pool_workers as pool_workers
from simdkern._threads import set_num_threads as set_num_threads
from simdkern._threads import shutdown as shutdown
from simdkern._threads import threads as threads
from simdkern._threads import tuning as tuning

__version__: str

matmul: np.ufunc

exp: np.ufunc
log: np.ufunc
sin: np.ufunc
cos: np.ufunc
tanh: np.ufunc
sqrt: np.ufunc
add: np.ufunc
multiply: np.ufunc
fma: np.ufunc
sigmoid: np.ufunc
gelu: np.ufunc
subtract: np.ufunc
divide: np.ufunc
negative: np.ufunc
absolute: np.ufunc
square: np.ufunc
reciprocal: np.ufunc
