# Typing for simdkern.  The ufunc names follow the kernel catalogue; a test
# checks that this list and the catalogue agree.
import numpy as np

from simdkern import gufuncs as gufuncs
from simdkern._catalogue import Kernel as Kernel
from simdkern._catalogue import catalogue as catalogue
from simdkern._catalogue import kernel as kernel
from simdkern._config import config as config
from simdkern._config import isa as isa
from simdkern._config import isas as isas
from simdkern._config import show_config as show_config
from simdkern._reductions import argmax as argmax
from simdkern._reductions import argmin as argmin
from simdkern._reductions import dot as dot
from simdkern._reductions import log_softmax as log_softmax
from simdkern._reductions import logsumexp as logsumexp
from simdkern._reductions import max as max
from simdkern._reductions import mean as mean
from simdkern._reductions import min as min
from simdkern._reductions import nrm2 as nrm2
from simdkern._reductions import softmax as softmax
from simdkern._reductions import std as std
from simdkern._reductions import sum as sum
from simdkern._reductions import var as var
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
maximum: np.ufunc
minimum: np.ufunc
fmax: np.ufunc
fmin: np.ufunc
relu: np.ufunc
silu: np.ufunc
softplus: np.ufunc
gelu_erf: np.ufunc
log_sigmoid: np.ufunc
tan: np.ufunc
arcsin: np.ufunc
arccos: np.ufunc
arctan: np.ufunc
sinh: np.ufunc
cosh: np.ufunc
arcsinh: np.ufunc
arccosh: np.ufunc
arctanh: np.ufunc
erf: np.ufunc
erfc: np.ufunc
arctan2: np.ufunc
exp2: np.ufunc
expm1: np.ufunc
log2: np.ufunc
log10: np.ufunc
log1p: np.ufunc
cbrt: np.ufunc
power: np.ufunc
hypot: np.ufunc
