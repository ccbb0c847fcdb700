"""Techniques ``python`` and ``python_ndarray``: one interpreted step per element.

``python``: a list comprehension over the inputs' ``.tolist()`` floats,
returning a list.  ``python_ndarray``: a ``for`` loop over the arrays that
boxes each element as a NumPy scalar and stores each result into a
preallocated output array.  Both call the scalar formulas of
``simdkern.peers._scalar`` (``math``, in float64); add, subtract,
multiply, divide and fma are written inline (``a + b``), as Python code
spells them.  They raise as ``math`` does on domain errors
(``math.log(0.0)``: ValueError), and ``python`` as ``/`` does on a zero
divisor (divide, reciprocal: ZeroDivisionError; ``python_ndarray``'s NumPy
scalars give inf or NaN instead).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern.peers import Call, Peer, Prepare
from simdkern.peers._common import checked_inputs, no_version
from simdkern.peers._scalar import Scalar, formulas

TECHNIQUES = ("python", "python_ndarray")

Array = NDArray[Any]

_FORMULAS = formulas(float)
_MATH_FMA: Scalar | None = getattr(math, "fma", None)  # Python >= 3.13: one rounding
if _MATH_FMA is not None:
    _FORMULAS["fma"] = _MATH_FMA

Floats = list[float]


# Arithmetic as Python code writes it, without a function call per element.
def _add_lists(xs: Floats, ys: Floats) -> Floats:
    return [a + b for a, b in zip(xs, ys, strict=True)]


def _subtract_lists(xs: Floats, ys: Floats) -> Floats:
    return [a - b for a, b in zip(xs, ys, strict=True)]


def _multiply_lists(xs: Floats, ys: Floats) -> Floats:
    return [a * b for a, b in zip(xs, ys, strict=True)]


def _divide_lists(xs: Floats, ys: Floats) -> Floats:
    return [a / b for a, b in zip(xs, ys, strict=True)]


def _fma_lists(xs: Floats, ys: Floats, zs: Floats) -> Floats:
    return [a * b + c for a, b, c in zip(xs, ys, zs, strict=True)]


def _add(x: Array, y: Array, out: Array) -> None:
    for i in range(len(out)):
        out[i] = x[i] + y[i]


def _subtract(x: Array, y: Array, out: Array) -> None:
    for i in range(len(out)):
        out[i] = x[i] - y[i]


def _multiply(x: Array, y: Array, out: Array) -> None:
    for i in range(len(out)):
        out[i] = x[i] * y[i]


def _divide(x: Array, y: Array, out: Array) -> None:
    for i in range(len(out)):
        out[i] = x[i] / y[i]


def _fma(x: Array, y: Array, z: Array, out: Array) -> None:
    for i in range(len(out)):
        out[i] = x[i] * y[i] + z[i]


_INLINE_LISTS: dict[str, Callable[..., Floats]] = {
    "add": _add_lists,
    "subtract": _subtract_lists,
    "multiply": _multiply_lists,
    "divide": _divide_lists,
}
_INLINE_LOOPS: dict[str, Callable[..., None]] = {
    "add": _add,
    "subtract": _subtract,
    "multiply": _multiply,
    "divide": _divide,
}
if _MATH_FMA is None:
    _INLINE_LISTS["fma"] = _fma_lists
    _INLINE_LOOPS["fma"] = _fma

_SHOWN = {
    "add": "{0} + {1}",
    "subtract": "{0} - {1}",
    "multiply": "{0} * {1}",
    "divide": "{0} / {1}",
    "fma": "{0} * {1} + {2}",
}
_REMARKS = {
    "sigmoid": " (_scalar.sigmoid: exp(x)/(1+exp(x)) for x < 0, no overflow)",
    "gelu": " (_scalar.gelu: 0.5*x*(1+tanh(c*(x+a*x*x*x))))",
    "silu": " (_scalar.silu: x/(1+exp(-x)), x*exp(x)/(1+exp(x)) for x < 0, no overflow)",
    "softplus": " (_scalar.softplus: max(x, 0) + log1p(exp(-abs(x))))",
    "gelu_erf": " (_scalar.gelu_erf: 0.5*x*erfc(-x/sqrt(2)))",
    "log_sigmoid": " (_scalar.log_sigmoid: min(x, 0) - log1p(exp(-abs(x))))",
    "negative": " (_scalar.negative: -x)",
    "absolute": " (_scalar.absolute: abs(x))",
    "square": " (_scalar.square: x * x)",
    "reciprocal": " (_scalar.reciprocal: 1.0 / x)",
    "arcsin": " (_scalar.arcsin: math.asin, NaN outside its domain)",
    "arccos": " (_scalar.arccos: math.acos, NaN outside its domain)",
    "arctan": " (math.atan)",
    "arcsinh": " (math.asinh)",
    "arccosh": " (_scalar.arccosh: math.acosh, NaN outside its domain)",
    "arctanh": " (_scalar.arctanh: math.atanh, NaN outside its domain)",
    "arctan2": " (math.atan2)",
    "cbrt": " (_scalar.cbrt: copysign(abs(x) ** (1/3), x))",
    "power": " (_scalar.power: math.pow, NaN for a negative base and non-integer y)",
    "log1p": " (_scalar.log1p: math.log1p, NaN below -1)",
}


def unavailable(technique: str) -> str | None:
    return None


def make(kernel: Kernel, technique: str) -> Peer:
    name = kernel.name
    if name not in _FORMULAS:
        raise no_version(technique, name, "simdkern.peers._scalar")
    if name in _INLINE_LISTS:
        shown = _SHOWN[name]
    else:
        module = "math." if _FORMULAS[name] is getattr(math, name, None) else ""
        shown = f"{module}{name}({', '.join(f'{{{i}}}' for i in range(kernel.nin))})"
    remark = _REMARKS.get(name, "")
    if name == "fma":
        remark = " (two roundings)" if name in _INLINE_LISTS else " (one rounding)"
    inputs = "xyzw"[: kernel.nin]
    if technique == "python":
        names = "abcd"[: kernel.nin]
        source = "xs" if kernel.nin == 1 else f"zip({', '.join(v + 's' for v in inputs)})"
        note = f"[{shown.format(*names)} for {', '.join(names)} in {source}]{remark}"
        return Peer(name, technique, _list_prepare(kernel), note + "; xs = x.tolist()")
    element = shown.format(*(f"{v}[i]" for v in inputs))
    note = f"for i in range(n): out[i] = {element}{remark}"
    return Peer(name, technique, _loop_prepare(kernel), note)


def _list_loop(name: str, nin: int) -> Callable[..., Floats]:
    """The comprehension for one kernel, over lists of floats."""
    inline = _INLINE_LISTS.get(name)
    if inline is not None:
        return inline
    f: Scalar = _FORMULAS[name]

    def one(xs: Floats) -> Floats:
        return [f(a) for a in xs]

    def two(xs: Floats, ys: Floats) -> Floats:
        return [f(a, b) for a, b in zip(xs, ys, strict=True)]

    def many(*lists: Floats) -> Floats:
        return [f(*args) for args in zip(*lists, strict=True)]

    return {1: one, 2: two}.get(nin, many)


def _list_prepare(kernel: Kernel) -> Prepare:
    loop = _list_loop(kernel.name, kernel.nin)

    def prepare(inputs: Sequence[Array], threads: int) -> Call:
        lists = [a.tolist() for a in checked_inputs(kernel, inputs)]
        return lambda: loop(*lists)

    return prepare


def _array_loop(name: str, nin: int) -> Callable[..., None]:
    """The for loop for one kernel: reads x[i] (a NumPy scalar), writes out[i]."""
    inline = _INLINE_LOOPS.get(name)
    if inline is not None:
        return inline
    f: Scalar = _FORMULAS[name]

    def one(x: Array, out: Array) -> None:
        for i in range(len(out)):
            out[i] = f(x[i])

    def two(x: Array, y: Array, out: Array) -> None:
        for i in range(len(out)):
            out[i] = f(x[i], y[i])

    def three(x: Array, y: Array, z: Array, out: Array) -> None:
        for i in range(len(out)):
            out[i] = f(x[i], y[i], z[i])

    def many(*arrays: Array) -> None:
        *ins, out = arrays
        for i in range(len(out)):
            out[i] = f(*[a[i] for a in ins])

    return {1: one, 2: two, 3: three}.get(nin, many)


def _loop_prepare(kernel: Kernel) -> Prepare:
    loop = _array_loop(kernel.name, kernel.nin)

    def prepare(inputs: Sequence[Array], threads: int) -> Call:
        arrays = checked_inputs(kernel, inputs)
        out = np.empty_like(arrays[0])

        def call() -> Array:
            loop(*arrays, out)
            return out

        return call

    return prepare
