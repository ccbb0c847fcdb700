"""The catalogue's kernels as scalar formulas, written once.

The python and python_ndarray peers call them on Python floats (or NumPy
scalars); the numba peers compile them.  ``formulas(real)`` builds one
function per kernel with its constants converted by ``real``: ``float``
for Python, ``np.float32`` or ``np.float64`` for Numba, which then computes
float32 in float32.  A kernel that is one ``math`` function is that
function (NumPy's arctan is ``math.atan``, arctan2 ``math.atan2``, ...);
arcsin, arccos, arccosh and arctanh return NaN outside their domain and
arctanh(+-1) is +-inf, as NumPy's (``math`` would raise).  The others raise
as ``math`` does on domain errors
(``math.log(0.0)``: ValueError; ``math.exp(1000.0)``: OverflowError), and
divide and reciprocal as Python's ``/`` does on a zero divisor
(ZeroDivisionError, where the kernel gives inf or NaN; the benchmark's
inputs are never exactly zero).  Compiled by Numba (NumPy's error model),
they give inf or NaN there too.  log1p below -1 and power of a negative
base to a non-integer exponent give NaN, as NumPy does (``math.log1p`` and
``math.pow`` would raise ValueError).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

GELU_C = 0.7978845608028654
"""sqrt(2 / pi), the scale of gelu's tanh argument."""
GELU_A = 0.044715
"""The cubic coefficient of gelu's tanh argument."""
RSQRT2 = 0.7071067811865476
"""1 / sqrt(2), gelu_erf's erfc argument scale."""

Scalar = Callable[..., Any]


def formulas(real: Callable[[float], Any]) -> dict[str, Scalar]:
    """One scalar function per kernel name, constants of type ``real``."""
    zero: float = real(0.0)
    one: float = real(1.0)
    half: float = real(0.5)
    nan: float = real(math.nan)
    inf: float = real(math.inf)
    scale: float = real(GELU_C)
    cubic: float = real(GELU_A)
    rsqrt2: float = real(RSQRT2)
    third: float = real(1.0 / 3.0)

    def add(x: float, y: float) -> float:
        return x + y

    def multiply(x: float, y: float) -> float:
        return x * y

    def fma(x: float, y: float, z: float) -> float:
        return x * y + z  # two roundings: neither Python < 3.13 nor Numba has a fused one

    def subtract(x: float, y: float) -> float:
        return x - y

    def divide(x: float, y: float) -> float:
        return x / y  # y == 0: ZeroDivisionError in Python

    def negative(x: float) -> float:
        return -x

    def absolute(x: float) -> float:
        return abs(x)

    def square(x: float) -> float:
        return x * x

    def reciprocal(x: float) -> float:
        return one / x  # x == 0: ZeroDivisionError in Python

    # -0 against +0 picks either: the kernels order -0 below +0, Python's > does not
    def maximum(x: float, y: float) -> float:
        return x if x > y or math.isnan(x) else y  # a NaN either side gives NaN

    def minimum(x: float, y: float) -> float:
        return x if x < y or math.isnan(x) else y

    def fmax(x: float, y: float) -> float:
        return x if x > y or math.isnan(y) else y  # a NaN is ignored unless both are NaN

    def fmin(x: float, y: float) -> float:
        return x if x < y or math.isnan(y) else y

    def relu(x: float) -> float:
        return x if x > zero or math.isnan(x) else zero

    def arcsin(x: float) -> float:
        return math.asin(x) if abs(x) <= one else nan  # NaN outside [-1, 1], as NumPy

    def arccos(x: float) -> float:
        return math.acos(x) if abs(x) <= one else nan

    def arccosh(x: float) -> float:
        return math.acosh(x) if x >= one else nan

    def arctanh(x: float) -> float:
        if abs(x) < one:
            return math.atanh(x)
        return math.copysign(inf, x) if abs(x) == one else nan

    def log1p(x: float) -> float:
        # NaN below -1, as NumPy (math.log1p raises ValueError there)
        return math.log1p(x) if x > -one else (-inf if x == -one else nan)

    def power(x: float, y: float) -> float:
        # NaN for a negative base with a non-integer exponent, as NumPy (math.pow raises
        # ValueError, and ** would return a complex number)
        if x < zero and y != math.floor(y):
            return nan
        return math.pow(x, y)

    def cbrt(x: float) -> float:
        # the real cube root; Numba has no math.cbrt
        return math.copysign(abs(x) ** third, x)

    def sigmoid(x: float) -> float:
        # exp of a nonpositive argument only: no overflow for any x
        if x >= zero:
            return one / (one + math.exp(-x))
        e = math.exp(x)
        return e / (one + e)

    def gelu(x: float) -> float:
        return half * x * (one + math.tanh(scale * (x + cubic * x * x * x)))

    def silu(x: float) -> float:
        # x * sigmoid(x), written out (Numba compiles each formula on its own)
        if x >= zero:
            return x / (one + math.exp(-x))
        e = math.exp(x)
        return x * e / (one + e)

    def softplus(x: float) -> float:
        # max(x, 0) + log1p(exp(-|x|)): exp of a nonpositive argument only
        return (x if x > zero else zero) + math.log1p(math.exp(-abs(x)))

    def log_sigmoid(x: float) -> float:
        # min(x, 0) - log1p(exp(-|x|)) = -softplus(-x)
        return (x if x < zero else zero) - math.log1p(math.exp(-abs(x)))

    def gelu_erf(x: float) -> float:
        # 0.5*x*erfc(-x/sqrt(2)): no cancellation in the negative tail, as 1 + erf has
        return half * x * math.erfc(-x * rsqrt2)

    return {
        "exp": math.exp,
        "log": math.log,
        "sin": math.sin,
        "cos": math.cos,
        "tanh": math.tanh,
        "sqrt": math.sqrt,
        "add": add,
        "multiply": multiply,
        "fma": fma,
        "subtract": subtract,
        "divide": divide,
        "negative": negative,
        "absolute": absolute,
        "square": square,
        "reciprocal": reciprocal,
        "maximum": maximum,
        "minimum": minimum,
        "fmax": fmax,
        "fmin": fmin,
        "relu": relu,
        "tan": math.tan,
        "arcsin": arcsin,
        "arccos": arccos,
        "arctan": math.atan,
        "sinh": math.sinh,
        "cosh": math.cosh,
        "arcsinh": math.asinh,
        "arccosh": arccosh,
        "arctanh": arctanh,
        "erf": math.erf,
        "erfc": math.erfc,
        "arctan2": math.atan2,
        "exp2": math.exp2,
        "expm1": math.expm1,
        "log2": math.log2,
        "log10": math.log10,
        "log1p": log1p,
        "cbrt": cbrt,
        "power": power,
        "hypot": math.hypot,
        "sigmoid": sigmoid,
        "gelu": gelu,
        "silu": silu,
        "softplus": softplus,
        "gelu_erf": gelu_erf,
        "log_sigmoid": log_sigmoid,
    }
