"""The catalogue's kernels as scalar formulas, written once.

The python and python_ndarray peers call them on Python floats (or NumPy
scalars); the numba peers compile them.  ``formulas(real)`` builds one
function per kernel with its constants converted by ``real``: ``float``
for Python, ``np.float32`` or ``np.float64`` for Numba, which then computes
float32 in float32.  A kernel that is one ``math`` function is that
function.  The functions raise as ``math`` does on domain errors
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

Scalar = Callable[..., Any]


def formulas(real: Callable[[float], Any]) -> dict[str, Scalar]:
    """One scalar function per kernel name, constants of type ``real``."""
    zero: float = real(0.0)
    one: float = real(1.0)
    half: float = real(0.5)
    scale: float = real(GELU_C)
    cubic: float = real(GELU_A)
    third: float = real(1.0 / 3.0)
    nan: float = real(math.nan)
    inf: float = real(math.inf)

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
    }
