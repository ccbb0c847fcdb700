"""Technique ``numexpr``: ``numexpr.evaluate`` of the kernel's expression, ``out=``.

numexpr compiles the expression once (cached by its text) and evaluates it
in cache-sized blocks on its own thread pool; ``prepare`` sets that pool's
size (``numexpr.set_num_threads``, process-wide) and evaluates once.
Constants are passed as NumPy scalars of the input dtype: a float literal
in the text would make numexpr compute float32 inputs in float64.  numexpr
has no sigmoid, exp2, cbrt and no fused multiply-add: ``2 ** x``,
``sign(x) * |x| ** (1/3)``, ``1 / (1 + exp(-x))`` (exp
overflows to inf for very negative x, giving the right limit 0) and
``x * y + z`` (two roundings); softplus and log_sigmoid are
``log1p(exp(-abs(x)))`` plus ``where`` for the linear part.  It has no erf
or erfc: erf, erfc and gelu_erf are ``Inexpressible`` there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern.peers import Call, Inexpressible, Peer, Prepare
from simdkern.peers._common import (
    checked_inputs,
    checked_threads,
    import_problem,
    load,
    no_version,
)
from simdkern.peers._scalar import GELU_A, GELU_C

TECHNIQUES = ("numexpr",)

EXPRESSIONS: dict[str, str] = {
    "exp": "exp(x)",
    "log": "log(x)",
    "sin": "sin(x)",
    "cos": "cos(x)",
    "tanh": "tanh(x)",
    "sqrt": "sqrt(x)",
    "add": "x + y",
    "multiply": "x * y",
    "fma": "x * y + z",
    "subtract": "x - y",
    "divide": "x / y",
    "negative": "-x",
    "absolute": "abs(x)",
    "square": "x * x",
    "reciprocal": "one / x",
    "maximum": "maximum(x, y)",
    "minimum": "minimum(x, y)",
    "fmax": "where((x > y) | (y != y), x, y)",
    "fmin": "where((x < y) | (y != y), x, y)",
    "relu": "where((x > zero) | (x != x), x, zero)",
    "tan": "tan(x)",
    "arcsin": "arcsin(x)",
    "arccos": "arccos(x)",
    "arctan": "arctan(x)",
    "sinh": "sinh(x)",
    "cosh": "cosh(x)",
    "arcsinh": "arcsinh(x)",
    "arccosh": "arccosh(x)",
    "arctanh": "arctanh(x)",
    "arctan2": "arctan2(x, y)",
    "exp2": "two ** x",
    "expm1": "expm1(x)",
    "log2": "log2(x)",
    "log10": "log10(x)",
    "log1p": "log1p(x)",
    "cbrt": "where(x < 0, -((-x) ** third), x ** third)",
    "power": "x ** y",
    "hypot": "hypot(x, y)",
    "sigmoid": "one / (one + exp(-x))",
    "gelu": "half * x * (one + tanh(c * (x + a * x * x * x)))",
    "silu": "x / (one + exp(-x))",
    "softplus": "where(x > zero, x, zero) + log1p(exp(-abs(x)))",
    "log_sigmoid": "where(x < zero, x, zero) - log1p(exp(-abs(x)))",
}
"""Each kernel in numexpr's language; x, y, z are the inputs, the rest constants."""

_CONSTANTS = {
    "zero": 0.0,
    "one": 1.0,
    "half": 0.5,
    "two": 2.0,
    "third": 1.0 / 3.0,
    "c": GELU_C,
    "a": GELU_A,
}

_NOTES = {
    "fma": "x * y + z: numexpr has no fused multiply-add (two roundings)",
    "sigmoid": "1 / (1 + exp(-x)): numexpr has no sigmoid",
    "fmax": "where((x > y) | (y != y), x, y): numexpr has no fmax",
    "fmin": "where((x < y) | (y != y), x, y): numexpr has no fmin",
    "relu": "where((x > 0) | (x != x), x, 0)",
    "silu": "x / (1 + exp(-x)): numexpr has no sigmoid",
    "softplus": "where(x > 0, x, 0) + log1p(exp(-abs(x))): numexpr has no logaddexp",
    "log_sigmoid": "where(x < 0, x, 0) - log1p(exp(-abs(x))): numexpr has no logaddexp",
    "exp2": "2 ** x: numexpr has no exp2",
    "cbrt": "sign(x) * |x| ** (1/3): numexpr has no cbrt",
}

INEXPRESSIBLE: dict[str, str] = {
    "erf": "numexpr has no erf",
    "erfc": "numexpr has no erfc",
    "gelu_erf": "numexpr has no erf or erfc, which gelu_erf needs",
}
"""Kernels numexpr's language cannot write, and why."""


def unavailable(technique: str) -> str | None:
    return import_problem("numexpr")


def make(kernel: Kernel, technique: str) -> Peer:
    name = kernel.name
    expression = EXPRESSIONS.get(name)
    if name in INEXPRESSIBLE:
        raise Inexpressible(technique, f"no version of {name!r}: {INEXPRESSIBLE[name]}")
    if expression is None:
        raise no_version(technique, name, "simdkern.peers.numexpr_.EXPRESSIONS")
    note = _NOTES.get(name, f"ne.evaluate({expression!r}, out=out)")
    return Peer(name, technique, _prepare(kernel, expression), note)


def _prepare(kernel: Kernel, expression: str) -> Prepare:
    def prepare(inputs: Sequence[NDArray[Any]], threads: int) -> Call:
        ne = load("numexpr", "numexpr")
        arrays = checked_inputs(kernel, inputs)
        real = arrays[0].dtype.type
        names: dict[str, Any] = dict(zip("xyz", arrays, strict=False))
        names.update({key: real(value) for key, value in _CONSTANTS.items()})
        out = np.empty_like(arrays[0])
        ne.set_num_threads(checked_threads(threads))
        evaluate = ne.evaluate
        evaluate(expression, local_dict=names, out=out)  # compiles and caches the program

        def call() -> NDArray[Any]:
            return evaluate(expression, local_dict=names, out=out)

        return call

    return prepare
