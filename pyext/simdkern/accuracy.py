"""Accuracy of the kernels: reference values, ULP errors and the points they are measured at.

The reference of every catalogue kernel is written once, in ``DEFINITIONS``: an mpmath
expression (plus the IEEE sign of an exactly zero result, which mpmath does not carry).
Everything else here is machinery that does not know what the kernels compute:

- ``exact(name, args, dtype)`` evaluates a kernel's reference at points and returns an
  :class:`Exact`: the correctly rounded result in ``dtype`` together with what is needed to
  measure an error against the unrounded value.
- ``ulp_error(got, want, dtype)`` is ``|got - exact| / ulp(exact)``, where ``ulp(exact)`` is
  the spacing of ``dtype`` at ``|exact|`` (the subnormal spacing below the normal range, the
  spacing of the top binade above the largest finite number).  NaN against NaN and an
  infinity against the same infinity count 0; any other disagreement about non-finite values
  counts ``inf``.  An error too large for float64 also reads ``inf``.
- ``sample_points`` draws points over the whole exponent range of a dtype (random sign,
  uniform binade from the smallest subnormal to the largest finite number, random
  significand), half of them linearly over the range where the function is not saturated;
  ``special_values`` and ``special_points`` add zeros, infinities, NaN, the subnormal and
  normal limits and, per kernel, the inputs either side of where the result overflows,
  becomes subnormal, becomes zero or stops changing.
- ``measure`` compares a kernel's ufunc with its reference; ``python -m simdkern.accuracy``
  does that for every kernel on the instruction set chosen at import (``SIMDKERN_ISA``) and
  prints JSON, and ``measure_isa`` runs it in a subprocess for another instruction set.

How the reference is computed:

- float64 (and float32 for fma, sigmoid and gelu): mpmath at 160 bits, with add, multiply
  and fma computed exactly, then rounded once to the dtype (subnormals included) by integer
  arithmetic.  160 bits is far more than an error measurement needs; the rounded value is
  correctly rounded unless the exact value lies within 2**-100 ULP of a rounding boundary.
- float32 for exp, log, sin, cos, tanh, sqrt, add and multiply: the catalogue's NumPy
  expression evaluated in ``np.longdouble`` (x87 extended precision, 64-bit significand,
  glibc's expl/logl/sinl/cosl/tanhl/sqrtl, which reduce huge arguments exactly).  Its
  relative error is a few units of 2**-64, so the measured float32 error is off by less
  than 2**-35 ULP; ``longdouble_check`` compares it with mpmath (the tests call it).  Where
  ``np.longdouble`` is not wider than float64, mpmath is used instead.

mpmath is optional at run time: it is imported only when a reference needs it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import math
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt

import simdkern

__all__ = [
    "DEFINITIONS",
    "Definition",
    "Exact",
    "Measurement",
    "exact",
    "exact_cached",
    "longdouble_check",
    "measure",
    "measure_isa",
    "mismatch",
    "reference",
    "sample_points",
    "special_points",
    "special_values",
    "ulp_error",
]

F64Array = npt.NDArray[np.float64]
I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.floating[Any]]
DTypeLike = npt.DTypeLike

MP_PRECISION: Final = 160
"""Working precision of the mpmath references, in bits."""

_LONGDOUBLE_WIDE: Final = np.finfo(np.longdouble).nmant >= 63


# --------------------------------------------------------------------------------------------
# Floating-point formats
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    """The facts about a binary floating-point dtype that rounding needs."""

    dtype: np.dtype[np.floating[Any]]
    uint: type[np.unsignedinteger[Any]]
    bits: int
    precision: int
    """Significand bits, the hidden bit included (24, 53)."""
    emin: int
    """Binade of the smallest normal number: it is 2**emin."""
    emax: int
    """Binade of the largest finite number, which lies in [2**emax, 2**(emax + 1))."""

    @property
    def ulp_min(self) -> int:
        """log2 of the smallest subnormal: the spacing below the normal range."""
        return self.emin - self.precision + 1

    @property
    def ulp_max(self) -> int:
        """log2 of the spacing in the top binade (and, by convention, above it)."""
        return self.emax - self.precision + 1

    @property
    def largest(self) -> float:
        return math.ldexp((1 << self.precision) - 1, self.ulp_max)

    @property
    def name(self) -> str:
        return self.dtype.name


_FORMATS: Final = {
    "float32": _Format(np.dtype(np.float32), np.uint32, 32, 24, -126, 127),
    "float64": _Format(np.dtype(np.float64), np.uint64, 64, 53, -1022, 1023),
}


def _format(dtype: DTypeLike) -> _Format:
    name = np.dtype(dtype).name
    try:
        return _FORMATS[name]
    except KeyError:
        raise TypeError(f"accuracy is measured for float32 and float64, not {name}") from None


# --------------------------------------------------------------------------------------------
# The references: the only place the mathematics is restated
# --------------------------------------------------------------------------------------------


def _signbit(value: float) -> bool:
    return math.copysign(1.0, value) < 0


def _mp_function(name: str) -> Callable[[Any, Any], Any]:
    """mpmath's function of that name (exp, log, ...), taking mpmath as its first argument."""

    def reference(mp: Any, x: Any) -> Any:
        return getattr(mp, name)(x)

    return reference


def _add(mp: Any, x: Any, y: Any) -> Any:
    return mp.fadd(x, y, exact=True)


def _multiply(mp: Any, x: Any, y: Any) -> Any:
    return mp.fmul(x, y, exact=True)


def _fma(mp: Any, x: Any, y: Any, z: Any) -> Any:
    return mp.fadd(mp.fmul(x, y, exact=True), z, exact=True)


def _subtract(mp: Any, x: Any, y: Any) -> Any:
    return mp.fsub(x, y, exact=True)


def _divide(mp: Any, x: Any, y: Any) -> Any:
    return mp.fdiv(x, y)  # y == 0 never reaches here: _divide_special


def _negative(mp: Any, x: Any) -> Any:
    return -x


def _absolute(mp: Any, x: Any) -> Any:
    return abs(x)


def _square(mp: Any, x: Any) -> Any:
    return mp.fmul(x, x, exact=True)


def _reciprocal(mp: Any, x: Any) -> Any:
    return mp.fdiv(1, x)  # x == 0 never reaches here: _reciprocal_special


def _real_part_or_nan(mp: Any, value: Any) -> Any:
    """mpmath's value where it is real; NaN where the function is complex there."""
    return value if isinstance(value, mp.mpf) else mp.mpf("nan")


def _arcsin(mp: Any, x: Any) -> Any:
    return mp.asin(x) if abs(x) <= 1 else mp.mpf("nan")


def _arccos(mp: Any, x: Any) -> Any:
    return mp.acos(x) if abs(x) <= 1 else mp.mpf("nan")


def _arccosh(mp: Any, x: Any) -> Any:
    return mp.acosh(x) if x >= 1 else mp.mpf("nan")


def _arctanh(mp: Any, x: Any) -> Any:
    return _real_part_or_nan(mp, mp.atanh(x)) if abs(x) <= 1 else mp.mpf("nan")


def _erf(mp: Any, x: Any) -> Any:
    # beyond |x| = 30, erf is +-1 to far below any ULP (mpmath overflows for huge x)
    if mp.isnan(x) or abs(x) <= 30:
        return mp.erf(x)
    return mp.sign(x) * (1 - mp.mpf(2) ** -1400)


def _erfc(mp: Any, x: Any) -> Any:
    # beyond x = 40, erfc(x) < 2**-2300 rounds to +0 (mpmath overflows for huge x)
    if x > 40:
        return mp.mpf(2) ** -2400
    return 2 - mp.mpf(2) ** -1400 if x < -30 else mp.erfc(x)


def _arctan2(mp: Any, y: Any, x: Any) -> Any:
    return mp.atan2(y, x)


def _arctan2_special(y: float, x: float) -> float | None:
    """IEEE's arctan2 where its result depends on the sign of a zero (mpmath's zeros have
    none): y = +-0 and x < 0 or x = -0 give +-pi; NaN where either is NaN (mpmath's
    atan2(inf, nan) is pi/2)."""
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if y == 0 and (x < 0 or (x == 0 and _signbit(x))):
        return math.copysign(math.pi, y)
    return None


def _arctan2_negative_zero(y: float, x: float) -> bool:
    # A zero result (y = +-0 with x >= +0, or y finite and x = +inf) has y's sign.
    del x
    return _signbit(y)


def _divide_special(x: float, y: float) -> float | None:
    """IEEE's x / 0 (mpmath has no signed zero and raises)."""
    if y != 0:
        return None
    if x == 0 or math.isnan(x):
        return math.nan
    return math.copysign(math.inf, x) * math.copysign(1.0, y)


def _reciprocal_special(x: float) -> float | None:
    return math.copysign(math.inf, x) if x == 0 else None


def _pick(x: float, y: float, larger: bool, keep_nan: bool) -> float:
    """IEEE 754-2019 maximum/minimum (keep_nan) or maximumNumber/minimumNumber; -0 < +0."""
    if math.isnan(x) or math.isnan(y):
        if keep_nan:
            return x if math.isnan(x) else y
        return y if math.isnan(x) else x
    if x == y:
        return y if _signbit(x) == larger else x
    return x if (x > y) == larger else y


def _picker(larger: bool, keep_nan: bool) -> tuple[Callable[..., Any], Callable[..., bool]]:
    """The mpmath function and the sign of a zero result of one of the four selections."""

    def value(mp: Any, x: Any, y: Any) -> Any:
        return mp.mpf(_pick(float(x), float(y), larger, keep_nan))

    def negative_zero(x: float, y: float) -> bool:
        return _signbit(_pick(x, y, larger, keep_nan))

    return value, negative_zero


def _relu(mp: Any, x: Any) -> Any:
    return mp.mpf(_pick(float(x), 0.0, True, True))


def _exp2(mp: Any, x: Any) -> Any:
    return mp.power(2, x)


def _log2(mp: Any, x: Any) -> Any:
    return mp.log(x, 2)


def _cbrt(mp: Any, x: Any) -> Any:
    # the real cube root (mpmath's is the principal complex one for x < 0)
    return mp.cbrt(x) if x >= 0 else -mp.cbrt(-x)


def _power(mp: Any, x: Any, y: Any) -> Any:
    # finite nonzero x and finite y only (_power_special has the rest); a negative x
    # comes with an integer y there, and the sign is that of x**y for odd y
    if x < 0:
        magnitude = mp.power(-x, y)
        return -magnitude if _odd_integer(float(y)) else magnitude
    return mp.power(x, y)


def _odd_integer(y: float) -> bool:
    return math.isfinite(y) and y == math.floor(y) and abs(y) < 2.0**53 and int(y) % 2 == 1


def _hypot(mp: Any, x: Any, y: Any) -> Any:
    return mp.hypot(x, y)


def _log1p_special(x: float) -> float | None:
    """log1p(-1) = -inf; below -1 (mpmath goes complex) NaN."""
    if x == -1:
        return -math.inf
    return math.nan if x < -1 else None


def _power_special(x: float, y: float) -> float | None:
    """C99 Annex F's pow where an argument is 0, +-1, an infinity or NaN, or where a
    negative x has a non-integer y; None where mpmath's value is the answer."""
    if y == 0 or x == 1:
        return 1.0  # even for NaN
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if math.isinf(y):
        return 1.0 if x == -1 else (math.inf if (abs(x) > 1) == (y > 0) else 0.0)
    if x == 0 or math.isinf(x):
        return _power_of_zero_or_infinity(x, y)
    if x < 0 and y != math.floor(y):
        return math.nan
    return None


def _power_of_zero_or_infinity(x: float, y: float) -> float:
    """pow(+-0, y) and pow(+-inf, y) for finite nonzero y: 0 or inf, the sign of x for
    odd integer y."""
    magnitude = math.inf if (x == 0) == (y < 0) else 0.0
    return math.copysign(magnitude, x) if _odd_integer(y) else magnitude


def _hypot_special(x: float, y: float) -> float | None:
    """hypot(+-inf, y) = +inf even for NaN y (C99 Annex F)."""
    if math.isinf(x) or math.isinf(y):
        return math.inf
    return math.nan if math.isnan(x) or math.isnan(y) else None


def _sigmoid(mp: Any, x: Any) -> Any:
    return 1 / (1 + mp.exp(-x))


def _gelu(mp: Any, x: Any) -> Any:
    # 0.5*x*(1 + tanh(z)) = x / (1 + exp(-2z)): no cancellation in the negative tail.
    if mp.isinf(x) and x < 0:
        return mp.mpf(0)  # the limit, approached from below (its sign: _gelu_negative_zero)
    z = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
    return x / (1 + mp.exp(-2 * z))


def _silu(mp: Any, x: Any) -> Any:
    if mp.isinf(x) and x < 0:
        return mp.mpf(0)  # the limit, approached from below (its sign: _zero_like_x)
    return x / (1 + mp.exp(-x))


def _softplus(mp: Any, x: Any) -> Any:
    # max(x, 0) + log1p(exp(-|x|)): the same number, no huge exponential
    return max(x, mp.mpf(0)) + mp.log1p(mp.exp(-abs(x)))


def _log_sigmoid(mp: Any, x: Any) -> Any:
    return -_softplus(mp, -x)


def _gelu_erf(mp: Any, x: Any) -> Any:
    # x * Phi(x) with Phi(x) = erfc(-x/sqrt(2))/2: no cancellation in the negative tail.
    # Beyond |x| = 64, 1 - Phi(|x|) < 2**-2900: x itself, or a zero (its sign: _zero_like_x),
    # for any precision measured here (and mpmath's erfc overflows for huge arguments).
    if abs(x) > 64:
        return x if x > 0 else mp.mpf(0)
    return x * mp.erfc(-x / mp.sqrt(2)) / 2


def _log_sigmoid_negative_zero(x: float) -> bool:
    # Only x = +inf and huge x give zero: -exp(-x) rounded, approached from below.
    del x
    return True


def _never_negative_zero(*args: float) -> bool:
    del args
    return False


def _zero_like_x(x: float, *rest: float) -> bool:
    del rest
    return _signbit(x)


def _add_negative_zero(x: float, y: float) -> bool:
    # An exact zero sum is -0 only as (-0) + (-0) (round to nearest).
    return _signbit(x) and _signbit(y) and x == 0 and y == 0


def _multiply_negative_zero(x: float, y: float) -> bool:
    return _signbit(x) != _signbit(y)


def _subtract_negative_zero(x: float, y: float) -> bool:
    # An exact zero difference is -0 only as (-0) - (+0).
    return _signbit(x) and not _signbit(y) and x == 0 and y == 0


def _negative_negative_zero(x: float) -> bool:
    return not _signbit(x)


def _fma_negative_zero(x: float, y: float, z: float) -> bool:
    # A zero product keeps the sign rule of multiplication; (-0) + (-0) = -0; otherwise +0.
    product_zero = x == 0 or y == 0
    return product_zero and z == 0 and (_signbit(x) != _signbit(y)) and _signbit(z)


@dataclass(frozen=True)
class Edge:
    """Inputs between lo and hi where the rounded result starts to have a property.

    kind: "inf" (overflows), "subnormal" (below the normal range, zero included),
    "zero", "one" (|result| == 1) or "identity" (result == x).  The property must be false
    at lo, true at hi and change once in between; the two inputs either side are found by
    bisection over the floats of the dtype.
    """

    kind: str
    lo: float
    hi: float


@dataclass(frozen=True)
class Definition:
    """A kernel's reference."""

    mp: Callable[..., Any]
    """The function in mpmath: (mpmath module, *mpf arguments) -> mpf."""
    negative_zero: Callable[..., bool]
    """For an exactly zero result: whether it is -0, from the (float) arguments."""
    longdouble_f32: bool = False
    """float32 reference by the catalogue's numpy_ref in np.longdouble (see the module doc)."""
    edges: tuple[Edge, ...] = ()
    points: tuple[float, ...] = ()
    """Inputs worth testing, with their neighbours in the dtype."""
    linear: tuple[float, float] | None = None
    """Interval for the linearly distributed half of the sample; None: the span of the edges."""
    sampler: str = "unary"
    """How sample_points draws arguments: unary, add, multiply, fma or power."""
    near: tuple[float, ...] = ()
    """Inputs where the result cancels (log near 1, sin near pi): an eighth of a unary
    kernel's sample lies at relative distances 2**-1 ... 2**-(precision + 4) from them."""
    special: Callable[..., float | None] | None = None
    """The IEEE result from the float arguments where mpmath has none (division by
    zero, pow's special values), else None.  A zero keeps its sign."""


_TAIL: Final = (Edge("subnormal", -1.0, -1e4), Edge("zero", -1.0, -1e4))

DEFINITIONS: Final[dict[str, Definition]] = {
    "exp": Definition(
        _mp_function("exp"),
        _never_negative_zero,
        longdouble_f32=True,
        edges=(Edge("inf", 1.0, 1e4), *_TAIL, Edge("one", 0.5, 1e-30)),
        points=(0.0, 1.0, -1.0, math.log(2.0)),
    ),
    "log": Definition(
        _mp_function("log"),
        _never_negative_zero,
        longdouble_f32=True,
        points=(1.0, 2.0, 0.5, math.e, 10.0),
        linear=(0.0, 4.0),
        near=(1.0,),
    ),
    "sin": Definition(
        _mp_function("sin"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("identity", 0.5, 1e-30),),
        points=(math.pi / 2, math.pi, 2 * math.pi, 1e22, 6381956970095103 * 2.0**797),
        linear=(-64.0, 64.0),
        near=(math.pi, -math.pi, 2 * math.pi, 10 * math.pi),
    ),
    "cos": Definition(
        _mp_function("cos"),
        _never_negative_zero,
        longdouble_f32=True,
        edges=(Edge("one", 0.5, 1e-30),),
        points=(math.pi / 2, math.pi, 2 * math.pi, 1e22, 6381956970095103 * 2.0**797),
        linear=(-64.0, 64.0),
        near=(math.pi / 2, -math.pi / 2, 3 * math.pi / 2, 21 * math.pi / 2),
    ),
    "tanh": Definition(
        _mp_function("tanh"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("one", 0.5, 1e4), Edge("identity", 0.5, 1e-30)),
        points=(0.5, 0.55),
    ),
    "sqrt": Definition(
        _mp_function("sqrt"),
        _zero_like_x,
        longdouble_f32=True,
        points=(2.0, 4.0, 0.25),
        linear=(0.0, 4.0),
    ),
    "add": Definition(_add, _add_negative_zero, longdouble_f32=True, sampler="add"),
    "multiply": Definition(
        _multiply, _multiply_negative_zero, longdouble_f32=True, sampler="multiply"
    ),
    "fma": Definition(_fma, _fma_negative_zero, sampler="fma"),
    "subtract": Definition(_subtract, _subtract_negative_zero, longdouble_f32=True, sampler="add"),
    "divide": Definition(
        _divide,
        _multiply_negative_zero,
        longdouble_f32=True,
        sampler="multiply",
        special=_divide_special,
    ),
    "negative": Definition(_negative, _negative_negative_zero, longdouble_f32=True),
    "absolute": Definition(_absolute, _never_negative_zero, longdouble_f32=True),
    "square": Definition(_square, _never_negative_zero, longdouble_f32=True),
    "reciprocal": Definition(
        _reciprocal,
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("inf", 1.0, 1e-320),),
        points=(1.0, 3.0),
        special=_reciprocal_special,
    ),
    "maximum": Definition(*_picker(larger=True, keep_nan=True), sampler="add"),
    "minimum": Definition(*_picker(larger=False, keep_nan=True), sampler="add"),
    "fmax": Definition(*_picker(larger=True, keep_nan=False), sampler="add"),
    "fmin": Definition(*_picker(larger=False, keep_nan=False), sampler="add"),
    "relu": Definition(_relu, _never_negative_zero),
    "tan": Definition(
        _mp_function("tan"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("identity", 0.5, 1e-30),),
        points=(math.pi / 4, math.pi / 2, math.pi, 1e22, 6381956970095103 * 2.0**797, 1e300),
        linear=(-64.0, 64.0),
        near=(math.pi / 2, -math.pi / 2, math.pi, 3 * math.pi / 2, 21 * math.pi / 2),
    ),
    "arcsin": Definition(
        _arcsin,
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("identity", 0.5, 1e-30),),
        points=(1.0, 0.5, 0.25, 0.75),
        linear=(-1.0, 1.0),
        near=(1.0, -1.0),
    ),
    "arccos": Definition(
        _arccos,
        _never_negative_zero,
        longdouble_f32=True,
        points=(1.0, 0.5, 0.25, 0.75, 0.0),
        linear=(-1.0, 1.0),
        near=(1.0, -1.0),
    ),
    "arctan": Definition(
        _mp_function("atan"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("identity", 0.5, 1e-30),),
        points=(1.0, 0.5, 2.0, 1e8, 1e17),
        linear=(-8.0, 8.0),
    ),
    "sinh": Definition(
        _mp_function("sinh"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("inf", 1.0, 1e4), Edge("identity", 0.5, 1e-30)),
        points=(0.5, 1.0, 20.0, 88.0, 88.5, 89.0, 709.0, 709.5, 709.8, 710.0),
    ),
    "cosh": Definition(
        _mp_function("cosh"),
        _never_negative_zero,
        longdouble_f32=True,
        edges=(Edge("inf", 1.0, 1e4), Edge("one", 0.5, 1e-30)),
        points=(0.5, 1.0, 20.0, 88.0, 88.5, 89.0, 709.0, 709.5, 709.8, 710.0),
    ),
    "arcsinh": Definition(
        _mp_function("asinh"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("identity", 0.5, 1e-30),),
        points=(0.5, 1.0, 1e8, 1e17, 1e300, 1e38),
        linear=(-20.0, 20.0),
    ),
    "arccosh": Definition(
        _arccosh,
        _never_negative_zero,
        longdouble_f32=True,
        points=(1.0, 2.0, 1e8, 1e17, 1e300, 1e38),
        linear=(1.0, 20.0),
        near=(1.0,),
    ),
    "arctanh": Definition(
        _arctanh,
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("identity", 0.5, 1e-30),),
        points=(0.5, 1.0, 0.25, 0.75),
        linear=(-1.0, 1.0),
        near=(1.0, -1.0),
    ),
    "erf": Definition(
        _erf,
        _zero_like_x,
        edges=(Edge("one", 0.5, 1e4),),
        points=(0.5, 0.84375, 1.0, 1.25, 2.0, 2.857, 3.0),
        linear=(-6.5, 6.5),
    ),
    "erfc": Definition(
        _erfc,
        _never_negative_zero,
        edges=(Edge("subnormal", 1.0, 1e4), Edge("zero", 1.0, 1e4), Edge("one", 0.5, 1e-30)),
        points=(0.5, 0.84375, 1.0, 1.25, 2.0, 2.857, 5.0, 10.0, 26.0, 27.0),
    ),
    "arctan2": Definition(
        _arctan2,
        _arctan2_negative_zero,
        longdouble_f32=True,
        sampler="add",
        special=_arctan2_special,
    ),
    "exp2": Definition(
        _exp2,
        _never_negative_zero,
        longdouble_f32=True,
        edges=(Edge("inf", 1.0, 1e4), *_TAIL, Edge("one", 0.5, 1e-30)),
        points=(0.0, 1.0, -1.0, 0.5, 10.0, -1022.5, -1074.0, -149.0, 127.5, 1023.5),
    ),
    "expm1": Definition(
        _mp_function("expm1"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("inf", 1.0, 1e4), Edge("one", -1.0, -1e4), Edge("identity", 0.5, 1e-30)),
        points=(0.0, 1.0, -1.0, math.log(2.0), -math.log(2.0), 1e-5, -1e-5),
        linear=(-40.0, 40.0),
    ),
    "log2": Definition(
        _log2,
        _never_negative_zero,
        longdouble_f32=True,
        points=(1.0, 2.0, 0.5, 3.0, 10.0, 2.0**100),
        linear=(0.0, 4.0),
        near=(1.0,),
    ),
    "log10": Definition(
        _mp_function("log10"),
        _never_negative_zero,
        longdouble_f32=True,
        points=(1.0, 10.0, 0.1, 2.0, 1e10, 1e22),
        linear=(0.0, 4.0),
        near=(1.0,),
    ),
    "log1p": Definition(
        _mp_function("log1p"),
        _zero_like_x,
        longdouble_f32=True,
        edges=(Edge("identity", 0.5, 1e-30),),
        points=(-1.0, -0.5, 0.0, 1.0, math.e - 1, 2.0**60, 1e38, 1e307),
        linear=(-1.0, 4.0),
        near=(-1.0,),
        special=_log1p_special,
    ),
    "cbrt": Definition(
        _cbrt,
        _zero_like_x,
        longdouble_f32=True,
        points=(1.0, 8.0, 27.0, 2.0, 0.125, 1e-300, 1e300),
        linear=(-10.0, 10.0),
    ),
    "power": Definition(
        _power, _never_negative_zero, longdouble_f32=True, sampler="power", special=_power_special
    ),
    "hypot": Definition(
        _hypot,
        _never_negative_zero,
        longdouble_f32=True,
        sampler="add",
        special=_hypot_special,
    ),
    "sigmoid": Definition(
        _sigmoid,
        _never_negative_zero,
        edges=(*_TAIL, Edge("one", 1.0, 1e4)),
        points=(0.0,),
    ),
    "gelu": Definition(
        _gelu,
        _zero_like_x,
        edges=(Edge("subnormal", -2.0, -1e4), Edge("zero", -2.0, -1e4), Edge("identity", 1.0, 1e4)),
        points=(0.0, -0.75, -1.0, 1.0),
    ),
    "silu": Definition(
        _silu,
        _zero_like_x,
        edges=(*_TAIL, Edge("identity", 1.0, 1e4)),
        points=(0.0, -1.0, 1.0, -1.2784645427610738, -300.0, -708.0, -745.0, -751.7),
    ),
    "softplus": Definition(
        _softplus,
        _never_negative_zero,
        edges=(*_TAIL, Edge("identity", 1.0, 1e4)),
        points=(0.0, 1.0, -1.0, -37.0, -708.0),
    ),
    "gelu_erf": Definition(
        _gelu_erf,
        _zero_like_x,
        edges=(Edge("subnormal", -2.0, -1e4), Edge("zero", -2.0, -1e4), Edge("identity", 1.0, 1e4)),
        points=(0.0, -0.75, -1.0, 1.0, -28.0, -14.0),
    ),
    "log_sigmoid": Definition(
        _log_sigmoid,
        _log_sigmoid_negative_zero,
        edges=(
            Edge("subnormal", 1.0, 1e4),
            Edge("zero", 1.0, 1e4),
            Edge("identity", -1.0, -1e4),
        ),
        points=(0.0, 1.0, -1.0, 37.0, 708.0),
    ),
}
"""Kernel name -> reference.  Every catalogue kernel must have one (a test says so)."""


def definition(name: str) -> Definition:
    try:
        return DEFINITIONS[name]
    except KeyError:
        raise KeyError(f"no reference for kernel {name!r}: add it to DEFINITIONS") from None


# --------------------------------------------------------------------------------------------
# Exact values and ULP errors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exact:
    """The exact value of a function at n points, as one dtype sees it.

    exact = anchor + offset * 2**ulp_exp, where ``rounded`` is the exact value correctly
    rounded to the dtype, ``anchor`` equals ``rounded`` except where that overflowed (then it
    is the largest finite number of the right sign), and ``2**ulp_exp`` is ulp(exact).
    ``offset`` is NaN where the exact value is not finite (NaN or an infinity).
    """

    rounded: FloatArray
    anchor: F64Array
    ulp_exp: I64Array
    offset: F64Array

    def __len__(self) -> int:
        return len(self.rounded)

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Exact:
        return Exact(
            self.rounded[index], self.anchor[index], self.ulp_exp[index], self.offset[index]
        )

    @staticmethod
    def concatenate(parts: Sequence[Exact]) -> Exact:
        return Exact(
            np.concatenate([p.rounded for p in parts]),
            np.concatenate([p.anchor for p in parts]),
            np.concatenate([p.ulp_exp for p in parts]),
            np.concatenate([p.offset for p in parts]),
        )


_MPMATH_LOCK: Final = threading.Lock()


def _mpmath() -> Any:
    try:
        return importlib.import_module("mpmath")
    except ImportError as error:
        raise ImportError("simdkern.accuracy needs mpmath for its references") from error


def _round_mpf(mpf: Any, negative_zero: bool, fmt: _Format) -> tuple[float, float, int, float]:
    """(rounded, anchor, ulp_exp, offset) of an mpmath number in fmt, by integer arithmetic."""
    mpmath = _mpmath()
    if mpmath.isnan(mpf):
        return math.nan, math.nan, fmt.ulp_min, math.nan
    if mpmath.isinf(mpf):
        infinity = math.inf if mpf > 0 else -math.inf
        return infinity, infinity, fmt.ulp_max, math.nan
    sign, man, exp, bc = mpf._mpf_
    if man == 0:
        zero = -0.0 if negative_zero else 0.0
        return zero, zero, fmt.ulp_min, 0.0
    binade = exp + bc - 1  # 2**binade <= |x| < 2**(binade + 1)
    if binade < fmt.ulp_min - 1:  # below half the smallest subnormal: rounds to zero
        scale = exp - fmt.ulp_min
        # man can be wider than a float's range: convert its top 64 bits
        shift = max(0, man.bit_length() - 64)
        deep = scale <= -4 * fmt.bits * 64
        offset = 0.0 if deep else math.ldexp(float(man >> shift), scale + shift)
        rounded, anchor, ulp_exp = 0.0, 0.0, fmt.ulp_min
    elif binade > fmt.emax:  # beyond the top binade: overflows
        rounded, anchor, ulp_exp = math.inf, fmt.largest, fmt.ulp_max
        offset = _beyond_largest(man, exp, fmt)
    else:
        ulp_exp = max(binade - fmt.precision + 1, fmt.ulp_min)
        shift = ulp_exp - exp
        if shift <= 0:
            q, offset = man << -shift, 0.0
        else:
            q = man >> shift
            rem = man - (q << shift)
            half = 1 << (shift - 1)
            if rem > half or (rem == half and q & 1):
                q += 1
                rem -= 1 << shift
            offset = rem / (1 << shift)
        if ulp_exp == fmt.ulp_max and q >> fmt.precision:  # rounded up out of the top binade
            rounded, anchor = math.inf, fmt.largest
            offset = _beyond_largest(man, exp, fmt)
        else:
            rounded = anchor = math.ldexp(q, ulp_exp)
    if sign:
        return -rounded, -anchor, ulp_exp, -offset
    return rounded, anchor, ulp_exp, offset


def _beyond_largest(man: int, exp: int, fmt: _Format) -> float:
    """(man * 2**exp - largest) / 2**ulp_max as a float (inf if too large)."""
    largest_units = (1 << fmt.precision) - 1
    scale = exp - fmt.ulp_max
    if scale + man.bit_length() > 1100:
        return math.inf
    try:
        if scale >= 0:
            return float((man << scale) - largest_units)
        return (man - (largest_units << -scale)) / (1 << -scale)
    except OverflowError:
        return math.inf


def _exact_from_mpf(values: Sequence[Any], negative_zero: Sequence[bool], fmt: _Format) -> Exact:
    rounded: list[float] = []
    anchor: list[float] = []
    ulp_exp: list[int] = []
    offset: list[float] = []
    for value, negative in zip(values, negative_zero, strict=True):
        r, a, u, o = _round_mpf(value, negative, fmt)
        rounded.append(r)
        anchor.append(a)
        ulp_exp.append(u)
        offset.append(o)
    return Exact(
        np.array(rounded, dtype=fmt.dtype),
        np.array(anchor, dtype=np.float64),
        np.array(ulp_exp, dtype=np.int64),
        np.array(offset, dtype=np.float64),
    )


def _exact_from_array(values: npt.NDArray[Any], fmt: _Format) -> Exact:
    """Exact from values wider than fmt (float64 for float32, or np.longdouble)."""
    with np.errstate(all="ignore"):
        v = np.asarray(values)
        if np.dtype(v.dtype).itemsize <= fmt.dtype.itemsize:
            raise TypeError(f"a {fmt.name} reference needs wider values, not {v.dtype}")
        rounded = v.astype(fmt.dtype)
        finite = np.isfinite(v)
        overflow = finite & np.isinf(rounded)
        largest = np.array(fmt.largest, dtype=v.dtype)
        anchor_wide = np.where(overflow, np.copysign(largest, v), rounded.astype(v.dtype))
        nonzero = finite & (v != 0)
        binade = np.frexp(np.where(nonzero, v, 1.0))[1].astype(np.int64) - 1
        ulp_exp = np.clip(binade - fmt.precision + 1, fmt.ulp_min, fmt.ulp_max)
        ulp_exp = np.where(nonzero, ulp_exp, np.where(finite, fmt.ulp_min, fmt.ulp_max))
        ulp_exp = ulp_exp.astype(np.int64)
        offset_wide = np.ldexp(v - anchor_wide, -ulp_exp)
        offset = np.where(finite, offset_wide, np.nan).astype(np.float64)
        anchor = np.where(finite, anchor_wide, v).astype(np.float64)
    return Exact(rounded, anchor, ulp_exp, offset)


def _as_exact(want: Exact | npt.ArrayLike | Iterable[Any], fmt: _Format) -> Exact:
    if isinstance(want, Exact):
        return want
    if isinstance(want, np.ndarray):
        array = cast(npt.NDArray[Any], want)
        if array.dtype.kind == "f":
            return _exact_from_array(array, fmt)
    items = [*cast(Iterable[Any], want)]
    if items and not isinstance(items[0], float | int | np.floating | np.integer):
        return _exact_from_mpf(items, [False] * len(items), fmt)
    return _exact_from_array(np.asarray(items, dtype=np.longdouble), fmt)


def ulp_error(
    got: npt.ArrayLike, want: Exact | npt.ArrayLike | Iterable[Any], dtype: DTypeLike
) -> F64Array:
    """|got - exact| / ulp(exact), elementwise, in ULP of dtype.

    want: an :class:`Exact`, an array of values wider than dtype (float64 or np.longdouble
    values for float32 results, np.longdouble for float64) taken as exact, or mpmath numbers.
    """
    fmt = _format(dtype)
    ref = _as_exact(want, fmt)
    g = np.asarray(got, dtype=fmt.dtype).astype(np.float64)
    with np.errstate(all="ignore"):
        # k - offset with k = (got - anchor) / ulp, rounded up: where the subtraction is
        # inexact (TwoSum's error term), move it to the next float away from zero, so that a
        # tiny offset is not lost (x + 1 ULP for an exact value just below x is > 1 ULP).
        k = np.ldexp(g - ref.anchor, -ref.ulp_exp)
        diff = k - ref.offset
        back = diff - k
        lost = (k - (diff - back)) + (-ref.offset - back)
        err = np.abs(diff)
        up = ((diff > 0) & (lost > 0)) | ((diff < 0) & (lost < 0))
        err = np.where(up, np.nextafter(err, np.inf), err)
    ref_nan = np.isnan(ref.rounded)
    ref_inf = np.isinf(ref.rounded)
    exact_inf = ref_inf & np.isnan(ref.offset)
    err = np.where(np.isnan(err), np.inf, err)
    err = np.where(ref_inf & (g == ref.rounded), 0.0, err)  # overflowed or infinite: same inf
    err = np.where(exact_inf & (g != ref.rounded), np.inf, err)
    err = np.where(~ref_inf & np.isinf(g), np.inf, err)  # inf where the result is finite
    err = np.where(ref_inf & np.isinf(g) & (g != ref.rounded), np.inf, err)
    return np.where(ref_nan, np.where(np.isnan(g), 0.0, np.inf), err).astype(np.float64)


def mismatch(got: npt.ArrayLike, want: Exact) -> BoolArray:
    """Where got disagrees with the reference about NaN, infinity or the sign of a zero.

    Infinity: the exact result is infinite and got is not that infinity, or got is infinite
    where the correctly rounded result is finite.  (Got finite where a finite exact value
    rounds to infinity is left to ulp_error.)

    The sign of zero is checked wherever the correctly rounded result is zero: exact zeros
    (sin(-0) = -0, (-0) + (-0) = -0, ...) and results that underflow to zero, which IEEE 754
    gives the sign of the exact value.
    """
    g = np.asarray(got, dtype=want.rounded.dtype)
    r = want.rounded
    nan = np.isnan(g) != np.isnan(r)
    exact_inf = np.isinf(r) & np.isnan(want.offset)
    inf = (exact_inf & (g != r)) | (np.isinf(g) & ~np.isinf(r))
    zero = (r == 0) & (g == 0) & (np.signbit(g) != np.signbit(r))
    return nan | inf | zero


# --------------------------------------------------------------------------------------------
# Evaluating references
# --------------------------------------------------------------------------------------------


def _catalogue_entry(name: str) -> tuple[str, str]:
    """(domain, numpy_ref) from the catalogue."""
    entry = simdkern.kernel(name)
    return entry.domain, entry.numpy_ref


def _exact_longdouble(name: str, args: Sequence[FloatArray], fmt: _Format) -> Exact:
    _domain, numpy_ref = _catalogue_entry(name)
    wide = [np.asarray(a, dtype=fmt.dtype).astype(np.longdouble) for a in args]
    scope: dict[str, Any] = {"np": np, **dict(zip("xyz", wide, strict=False))}
    with np.errstate(all="ignore"):
        values = np.asarray(eval(numpy_ref, scope), dtype=np.longdouble)
    return _exact_from_array(np.broadcast_to(values, wide[0].shape), fmt)


def _exact_mpmath(name: str, args: Sequence[FloatArray], fmt: _Format) -> Exact:
    mpmath = _mpmath()
    spec = definition(name)
    domain, _ref = _catalogue_entry(name)
    columns = [np.asarray(a, dtype=fmt.dtype).astype(np.float64).tolist() for a in args]
    values: list[Any] = []
    negative: list[bool] = []
    mp = mpmath.mp
    # mpmath's working precision is one setting for the whole process: threads that
    # evaluate references at once (a free-threaded build) would change it under each other
    with _MPMATH_LOCK, mp.workprec(MP_PRECISION):
        nan = mpmath.mpf("nan")
        for point in zip(*columns, strict=True):
            if domain == "nonneg" and point[0] < 0:
                values.append(nan)
                negative.append(False)
                continue
            ieee = spec.special(*point) if spec.special is not None else None
            if ieee is not None:
                values.append(mpmath.mpf(ieee))
                negative.append(ieee == 0 and _signbit(ieee))  # mpmath has no -0
                continue
            values.append(spec.mp(mpmath, *(mpmath.mpf(v) for v in point)))
            negative.append(spec.negative_zero(*point))
    return _exact_from_mpf(values, negative, fmt)


def exact(name: str, args: Sequence[npt.ArrayLike], dtype: DTypeLike) -> Exact:
    """The reference of kernel ``name`` at the points ``args`` (one array per input)."""
    fmt = _format(dtype)
    spec = definition(name)
    arrays = [np.asarray(a, dtype=fmt.dtype) for a in args]
    arrays = [np.ravel(a) for a in np.broadcast_arrays(*arrays)]
    if not arrays[0].size:
        return _exact_from_mpf([], [], fmt)
    if fmt.precision == 24 and spec.longdouble_f32 and _LONGDOUBLE_WIDE:
        return _exact_longdouble(name, arrays, fmt)
    return _exact_mpmath(name, arrays, fmt)


def reference(name: str, args: Sequence[npt.ArrayLike], dtype: DTypeLike) -> FloatArray:
    """The correctly rounded result of kernel ``name`` at ``args``, in dtype."""
    return exact(name, args, dtype).rounded


def longdouble_check(
    name: str, dtype: DTypeLike = np.float32, n: int = 400, seed: int = 1
) -> float:
    """Largest difference, in ULP, between the long double and the mpmath float32 reference.

    0.0 when the kernel's float32 reference is mpmath anyway.
    """
    fmt = _format(dtype)
    if not (definition(name).longdouble_f32 and fmt.precision == 24 and _LONGDOUBLE_WIDE):
        return 0.0
    args = [np.concatenate([a, b]) for a, b in zip(*_all_points(name, fmt, n, seed), strict=True)]
    fast = _exact_longdouble(name, args, fmt)
    slow = _exact_mpmath(name, args, fmt)
    both = np.isfinite(fast.offset) & np.isfinite(slow.offset)
    # Where either is not finite (NaN, an infinity, beyond long double's range), the rounded
    # results must agree; elsewhere both describe one exact value: compare them in ULP.
    if not np.array_equal(fast.rounded[~both], slow.rounded[~both], equal_nan=True):
        return math.inf
    scale = np.ldexp(1.0, -slow.ulp_exp[both])
    delta = (fast.anchor[both] - slow.anchor[both]) * scale + fast.offset[both] - slow.offset[both]
    return float(np.abs(delta).max(initial=0.0))


# --------------------------------------------------------------------------------------------
# Points
# --------------------------------------------------------------------------------------------


def special_values(dtype: DTypeLike) -> FloatArray:
    """±0, ±inf, NaN, ±smallest and ±largest subnormal, ±smallest normal, ±largest, ±1."""
    fmt = _format(dtype)
    tiny = math.ldexp(1.0, fmt.emin)
    sub_min = math.ldexp(1.0, fmt.ulp_min)
    sub_max = tiny - sub_min
    positive = [0.0, math.inf, sub_min, sub_max, tiny, fmt.largest, 1.0]
    values = [*positive, *(-v for v in positive), math.nan]
    return np.array(values, dtype=fmt.dtype)


def _key(value: float, fmt: _Format) -> int:
    """An integer that orders the floats of fmt (-0 and +0 share 0)."""
    bits = int(np.array(value, dtype=fmt.dtype).view(fmt.uint))
    sign = 1 << (fmt.bits - 1)
    return -(bits - sign) if bits & sign else bits


def _unkey(key: int, fmt: _Format) -> float:
    sign = 1 << (fmt.bits - 1)
    bits = key if key >= 0 else (-key) | sign
    return float(np.array(bits, dtype=fmt.uint).view(fmt.dtype))


def _has(kind: str, x: float, rounded: float, fmt: _Format) -> bool:
    if kind == "inf":
        return math.isinf(rounded)
    if kind == "subnormal":
        return abs(rounded) < math.ldexp(1.0, fmt.emin)
    if kind == "zero":
        return rounded == 0
    if kind == "one":
        return abs(rounded) == 1
    if kind == "identity":
        return rounded == x
    raise ValueError(f"unknown edge kind {kind!r}")


def _edge(name: str, edge: Edge, fmt: _Format) -> tuple[float, float]:
    """The last input without the property and the first with it, between lo and hi."""

    def has(key: int) -> bool:
        x = _unkey(key, fmt)
        rounded = float(exact(name, [np.array([x])], fmt.dtype).rounded[0])
        return _has(edge.kind, x, rounded, fmt)

    lo, hi = _key(edge.lo, fmt), _key(edge.hi, fmt)
    if has(lo) or not has(hi):
        raise ValueError(f"{name} {fmt.name}: {edge} does not bracket a change")
    while abs(hi - lo) > 1:
        mid = lo + (hi - lo) // 2
        if has(mid):
            hi = mid
        else:
            lo = mid
    return _unkey(lo, fmt), _unkey(hi, fmt)


_EDGE_CACHE: dict[tuple[str, str], list[tuple[float, float]]] = {}


def _edge_pairs(name: str, fmt: _Format) -> list[tuple[float, float]]:
    pairs = _EDGE_CACHE.get((name, fmt.name))
    if pairs is None:
        pairs = [_edge(name, edge, fmt) for edge in definition(name).edges]
        _EDGE_CACHE[name, fmt.name] = pairs
    return pairs


def edge_values(name: str, dtype: DTypeLike) -> FloatArray:
    """The kernel's edges (both sides, and their negatives) and its points of interest.

    E.g. for exp: the largest input with a finite result and the next float, the inputs
    either side of where the result becomes subnormal and where it becomes zero.
    """
    fmt = _format(dtype)
    spec = definition(name)
    values = [v for pair in _edge_pairs(name, fmt) for v in pair]
    for point in spec.points:
        with np.errstate(all="ignore"):
            x = np.array(point, dtype=fmt.dtype)
        if not np.isfinite(x):
            continue
        values.append(float(x))
        up = down = x
        for _ in range(2):
            up = np.nextafter(up, fmt.dtype.type(np.inf))
            down = np.nextafter(down, fmt.dtype.type(-np.inf))
            values.extend((float(up), float(down)))
    values += [-v for v in values]
    return np.unique(np.array(values, dtype=fmt.dtype))


def special_points(name: str, dtype: DTypeLike) -> tuple[FloatArray, ...]:
    """Special values and edges for a unary kernel; every combination of special values
    for a kernel of several inputs."""
    fmt = _format(dtype)
    nin = _nin(name)
    specials = special_values(fmt.dtype)
    if nin == 1:
        return (np.concatenate([specials, edge_values(name, fmt.dtype)]),)
    grids = np.meshgrid(*([specials] * nin), indexing="ij")
    return tuple(g.ravel() for g in grids)


def _nin(name: str) -> int:
    return simdkern.kernel(name).nin


def _binades(rng: np.random.Generator, fmt: _Format, lo: I64Array, hi: I64Array) -> F64Array:
    """Random values with uniform binade in [lo, hi] and random significand, in fmt."""
    binade = rng.integers(lo, hi, endpoint=True)
    significand = 1.0 + rng.integers(0, 1 << (fmt.precision - 1), size=binade.shape) / (
        2.0 ** (fmt.precision - 1)
    )
    with np.errstate(all="ignore"):
        value = np.ldexp(significand, binade)
        return value.astype(fmt.dtype).astype(np.float64)


def _signs(rng: np.random.Generator, n: int, negative: float = 0.5) -> F64Array:
    return np.where(rng.random(n) < negative, -1.0, 1.0)


def _full_range(rng: np.random.Generator, fmt: _Format, n: int) -> F64Array:
    lo = np.full(n, fmt.ulp_min, dtype=np.int64)
    hi = np.full(n, fmt.emax, dtype=np.int64)
    return _binades(rng, fmt, lo, hi)


def _linear_interval(name: str, fmt: _Format) -> tuple[float, float] | None:
    spec = definition(name)
    if spec.linear is not None:
        return spec.linear
    found = [v for pair in _edge_pairs(name, fmt) for v in pair]
    return (min(found), max(found)) if found else None


def sample_points(name: str, dtype: DTypeLike, n: int, seed: int = 0) -> tuple[FloatArray, ...]:
    """n random points for kernel ``name``, one array per input, in dtype.

    Unary kernels: half over the whole exponent range (random sign, uniform binade from the
    smallest subnormal to the largest finite, random significand), half uniform over the
    range where the function is not saturated (between its edges), and an eighth close to
    where the result cancels (log near 1, sin near pi).  On the "nonneg" domain about 5 % are
    negative.  add: the second argument independent, or close to minus the
    first (cancellation), or within a few binades of it.  multiply and fma: binades chosen so
    that the product stays in range; fma's addend is near minus the product or within a few
    binades of it.  The same (name, dtype, n, seed) always gives the same points.
    """
    fmt = _format(dtype)
    spec = definition(name)
    domain, _ref = _catalogue_entry(name)
    rng = np.random.default_rng([seed, zlib.crc32(name.encode()), fmt.bits])
    negative = 0.05 if domain == "nonneg" else 0.5
    if spec.sampler == "unary":
        x = _full_range(rng, fmt, n) * _signs(rng, n, negative)
        interval = _linear_interval(name, fmt)
        if interval is not None:
            half = n // 2
            linear = rng.uniform(interval[0], interval[1], size=half)
            if domain == "nonneg":
                linear = np.abs(linear) * _signs(rng, half, negative)
            x[:half] = linear
        if spec.near:
            count = n // 8
            centre = rng.choice(np.array(spec.near), size=count)
            step = np.ldexp(1.0, -rng.integers(1, fmt.precision + 5, count))
            x[n - count :] = centre * (1 + _signs(rng, count) * step * rng.uniform(1, 2, count))
        return (x.astype(fmt.dtype),)
    if spec.sampler == "add":
        x = _full_range(rng, fmt, n) * _signs(rng, n)
        bx = np.frexp(x)[1].astype(np.int64) - 1
        near = np.clip(
            bx + rng.integers(-fmt.precision - 2, fmt.precision + 3, n), fmt.ulp_min, fmt.emax
        )
        y_near = _binades(rng, fmt, near, near) * _signs(rng, n)
        with np.errstate(all="ignore"):
            delta = _signs(rng, n) * np.ldexp(1.0, -rng.integers(1, 2 * fmt.precision, n))
            y_cancel = -x * (1 + delta)
            y_free = _full_range(rng, fmt, n) * _signs(rng, n)
            which = rng.integers(0, 3, n)
            y = np.choose(which, [y_free, y_near, y_cancel])
            return x.astype(fmt.dtype), y.astype(fmt.dtype)
    if spec.sampler == "power":
        return _power_points(rng, fmt, n)
    # multiply and fma: product binades within range
    lo, hi = fmt.ulp_min, fmt.emax
    bx = rng.integers(lo, hi, n, endpoint=True)
    x = _binades(rng, fmt, bx, bx) * _signs(rng, n)
    by_lo, by_hi = np.maximum(lo, lo - bx), np.minimum(hi, hi - bx)
    y = _binades(rng, fmt, by_lo, by_hi) * _signs(rng, n)
    if spec.sampler == "multiply":
        return x.astype(fmt.dtype), y.astype(fmt.dtype)
    with np.errstate(all="ignore"):
        product = x * y
        bp = np.frexp(product)[1].astype(np.int64) - 1
        near = np.clip(bp + rng.integers(-2 * fmt.precision - 2, 2 * fmt.precision + 3, n), lo, hi)
        z_near = _binades(rng, fmt, near, near) * _signs(rng, n)
        delta = _signs(rng, n) * np.ldexp(1.0, -rng.integers(1, 2 * fmt.precision, n))
        z_cancel = -product * (1 + delta)
        z = np.where(rng.random(n) < 0.5, z_near, z_cancel)
        z = np.where(np.isfinite(z), z, z_near)
        return x.astype(fmt.dtype), y.astype(fmt.dtype), z.astype(fmt.dtype)


def _power_points(rng: np.random.Generator, fmt: _Format, n: int) -> tuple[FloatArray, ...]:
    """x**y: a third with x anywhere (positive) and y aimed at a result binade from below
    the subnormals to beyond the largest; a third with x near 1 and y large; a third with
    x of either sign and an integer y (small, or aimed like the first)."""
    third = n // 3
    rest = n - 2 * third
    target = rng.uniform(fmt.ulp_min - 8, fmt.emax + 8, n)  # log2 of the result
    with np.errstate(all="ignore"):
        x_any = _full_range(rng, fmt, third)
        y_any = target[:third] / np.log2(x_any)
        step = np.ldexp(rng.uniform(1, 2, third), -rng.integers(1, fmt.precision + 1, third))
        x_one = (1 + _signs(rng, third) * step).astype(fmt.dtype).astype(np.float64)
        y_one = target[third : 2 * third] / np.log2(x_one)
        x_int = _full_range(rng, fmt, rest) * _signs(rng, rest)
        aimed = np.round(target[2 * third :] / np.log2(np.abs(x_int)))
        small = rng.integers(-12, 13, rest).astype(np.float64)
        y_int = np.where(rng.random(rest) < 0.5, small, aimed)
        x = np.concatenate([x_any, x_one, x_int])
        y = np.concatenate([y_any, y_one, y_int])
        y = np.where(np.isfinite(y), y, 1.5)
        return x.astype(fmt.dtype), y.astype(fmt.dtype)


def _all_points(
    name: str, fmt: _Format, n: int, seed: int
) -> tuple[tuple[FloatArray, ...], tuple[FloatArray, ...]]:
    return sample_points(name, fmt.dtype, n, seed), special_points(name, fmt.dtype)


# --------------------------------------------------------------------------------------------
# Cached references for large samples
# --------------------------------------------------------------------------------------------


def _cache_key(name: str, fmt: _Format, n: int, seed: int) -> str:
    mpmath_version = "none"
    with contextlib.suppress(ImportError):
        mpmath_version = str(_mpmath().__version__)
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    entry = simdkern.kernel(name)
    facts = (name, entry.nin, entry.domain, entry.numpy_ref, fmt.name, n, seed)
    digest.update(f"{facts} {np.__version__} {mpmath_version}".encode())
    return digest.hexdigest()[:16]


def exact_cached(
    name: str, dtype: DTypeLike, n: int, seed: int = 0, cache: Path | None = None
) -> tuple[tuple[FloatArray, ...], Exact, int]:
    """(args, exact, number of random points) for n random points followed by the special
    points; with a cache directory the reference is stored there and reused."""
    fmt = _format(dtype)
    random, special = _all_points(name, fmt, n, seed)
    args = tuple(np.concatenate([a, b]) for a, b in zip(random, special, strict=True))
    path = None
    if cache is not None:
        path = cache / f"{name}-{fmt.name}-{n}-{seed}-{_cache_key(name, fmt, n, seed)}.npz"
        if path.exists():
            with np.load(path) as data:
                ref = Exact(data["rounded"], data["anchor"], data["ulp_exp"], data["offset"])
            if len(ref) == len(args[0]):
                return args, ref, n
    ref = exact(name, args, fmt.dtype)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{name}-{fmt.name}-{n}-{seed}-*.npz"):
            if ".tmp." not in stale.name and stale != path:  # another writer's in progress
                stale.unlink(missing_ok=True)  # made by another version of this module
        # unique per process and thread: concurrent writers each finish their own file
        tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp.npz")
        np.savez(tmp, **asdict(ref))
        os.replace(tmp, path)
    return args, ref, n


# --------------------------------------------------------------------------------------------
# Measuring the kernels
# --------------------------------------------------------------------------------------------


def _show(value: float | np.floating[Any], fmt: _Format) -> str:
    return np.format_float_scientific(fmt.dtype.type(value), unique=True, trim="-")


@dataclass
class Measurement:
    """The accuracy of one kernel for one dtype on one instruction set."""

    kernel: str
    dtype: str
    isa: str
    bound: float
    points: int
    """Random points."""
    specials: int
    """Special points (special values, edges, their combinations)."""
    max_ulp: float
    worst_args: list[str]
    worst_got: str
    worst_want: str
    """The correctly rounded result at the worst input."""
    mismatches: int
    """Points where NaN, infinity or the sign of a zero disagree with the reference."""
    max_ulp_normal: float = 0.0
    """Max error over points whose exact result is not subnormal (nor underflows to 0)."""
    mismatch_args: list[str] = field(default_factory=list[str])
    mismatch_got: str = ""
    mismatch_want: str = ""

    @property
    def ok(self) -> bool:
        return self.max_ulp <= self.bound and self.mismatches == 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_json(data: dict[str, Any]) -> Measurement:
        return Measurement(**data)


def measure(
    name: str,
    dtype: DTypeLike,
    n: int = 100_000,
    *,
    seed: int = 0,
    cache: Path | None = None,
    ufunc: Callable[..., Any] | None = None,
) -> Measurement:
    """Max ULP error and special-value mismatches of a kernel over n random points plus
    its special points."""
    fmt = _format(dtype)
    entry = simdkern.kernel(name)
    func = entry.ufunc if ufunc is None else ufunc
    args, ref, random = exact_cached(name, fmt.dtype, n, seed, cache)
    with np.errstate(all="ignore"):
        got = np.asarray(func(*args), dtype=fmt.dtype)
    err = ulp_error(got, ref, fmt.dtype)
    worst = int(np.argmax(err))
    bad = np.flatnonzero(mismatch(got, ref))
    tiny = math.ldexp(1.0, fmt.emin)
    underflow = (np.abs(ref.rounded) < tiny) & ((ref.rounded != 0) | (ref.offset != 0))
    result = Measurement(
        kernel=name,
        dtype=fmt.name,
        isa=simdkern.isa(),
        bound=entry.ulp_bound(fmt.dtype.type),
        points=random,
        specials=len(ref) - random,
        max_ulp=float(err[worst]),
        worst_args=[_show(a[worst], fmt) for a in args],
        worst_got=_show(got[worst], fmt),
        worst_want=_show(ref.rounded[worst], fmt),
        mismatches=len(bad),
        max_ulp_normal=float(err[~underflow].max(initial=0.0)),
    )
    if len(bad):
        i = int(bad[0])
        result.mismatch_args = [_show(a[i], fmt) for a in args]
        result.mismatch_got = _show(got[i], fmt)
        result.mismatch_want = _show(ref.rounded[i], fmt)
    return result


def measure_all(
    n: int,
    *,
    seed: int = 0,
    cache: Path | None = None,
    kernels: Sequence[str] | None = None,
    dtypes: Sequence[str] = ("float32", "float64"),
) -> list[Measurement]:
    """measure() for every kernel (of the catalogue, or those named) and dtype."""
    names = list(kernels) if kernels is not None else [k.name for k in simdkern.catalogue()]
    return [measure(name, dtype, n, seed=seed, cache=cache) for name in names for dtype in dtypes]


def measure_isa(
    isa: str,
    n: int,
    *,
    seed: int = 0,
    cache: Path | None = None,
    kernels: Sequence[str] | None = None,
    dtypes: Sequence[str] = ("float32", "float64"),
    timeout: float | None = None,
) -> list[Measurement]:
    """measure_all() in a subprocess whose kernels use instruction set ``isa``."""
    command = [sys.executable, "-m", "simdkern.accuracy", "--isa", isa, "--points", str(n)]
    command += ["--seed", str(seed), "--dtypes", ",".join(dtypes)]
    if kernels is not None:
        command += ["--kernels", ",".join(kernels)]
    if cache is not None:
        command += ["--cache", str(cache)]
    env = {**os.environ, "SIMDKERN_ISA": isa}
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    rows: list[dict[str, Any]] = json.loads(done.stdout)["results"]
    return [Measurement.from_json(row) for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every kernel on the instruction set chosen at import; print JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m simdkern.accuracy",
        description="Max ULP error of every simdkern kernel against its reference, as JSON. "
        "The instruction set is the one simdkern chose at import: set SIMDKERN_ISA.",
    )
    parser.add_argument("--isa", help="fail unless simdkern runs this instruction set")
    parser.add_argument("--points", type=int, default=100_000, help="random points per kernel")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kernels", help="comma-separated kernel names (default: all)")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--cache", type=Path, help="directory for reference arrays")
    args = parser.parse_args(argv)
    if args.isa is not None and simdkern.isa() != args.isa:
        print(f"simdkern runs {simdkern.isa()}, not {args.isa}: set SIMDKERN_ISA", file=sys.stderr)
        return 2
    kernels = args.kernels.split(",") if args.kernels else None
    results = measure_all(
        args.points,
        seed=args.seed,
        cache=args.cache,
        kernels=kernels,
        dtypes=args.dtypes.split(","),
    )
    json.dump({"isa": simdkern.isa(), "results": [r.to_json() for r in results]}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
