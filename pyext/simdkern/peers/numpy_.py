"""Techniques ``numpy`` and ``numpy_out``: NumPy's ufuncs, composed.

``numpy``: the expression as NumPy code writes it, one temporary array per
step.  ``numpy_out``: the same steps into one preallocated output, in
place (``out=``).  Constants are NumPy scalars of the input dtype, so
float32 stays float32.  A kernel with a NumPy ufunc of the same name and
arity is that ufunc; sigmoid is ``scipy.special.expit`` (NumPy has none)
when SciPy is installed, silu ``x * expit(x)``; softplus and log_sigmoid
are ``max(x, 0) + log1p(exp(-|x|))`` and ``min(x, 0) - log1p(...)`` (the
values of ``np.logaddexp(0, x)``, whose loop is scalar and several times
slower); gelu_erf is ``0.5*x*(1 + scipy.special.erf(x/sqrt(2)))``, erf and
erfc are ``scipy.special.erf`` and ``erfc`` (NumPy has no erf: without
SciPy they are unavailable); relu is ``np.maximum(x, 0)``; fma is
``x * y + z`` (NumPy has no fused multiply-add: two roundings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simdkern._catalogue import Kernel
from simdkern.peers import Call, Inexpressible, Peer, Prepare
from simdkern.peers._common import checked_inputs, import_problem, load, no_version
from simdkern.peers._scalar import GELU_A, GELU_C, RSQRT2

TECHNIQUES = ("numpy", "numpy_out")

Arrays = list[NDArray[Any]]
Recipe = Callable[[Arrays], Call]


def unavailable(technique: str) -> str | None:
    return None


def make(kernel: Kernel, technique: str) -> Peer:
    name = kernel.name
    in_place = technique == "numpy_out"
    recipe: Recipe
    if name == "fma":
        recipe = _fma_out if in_place else _fma
        note = "x * y + z: NumPy has no fused multiply-add (two roundings)"
    elif name == "gelu":
        recipe = _gelu_out if in_place else _gelu
        note = (
            "x*(c + c*a*x*x) -> tanh -> +1 -> *x -> *0.5, in place (8 passes)"
            if in_place
            else "0.5*x*(1 + np.tanh(c*(x + a*x*x*x)))"
        )
    elif name == "relu":
        recipe = _relu_out if in_place else _relu
        note = "np.maximum(x, 0, out=out)" if in_place else "np.maximum(x, 0)"
    elif name == "sigmoid":
        if import_problem("scipy.special") is None:
            recipe = _expit_out if in_place else _expit
            note = "scipy.special.expit (NumPy has no sigmoid)"
        else:
            recipe = _sigmoid_out if in_place else _sigmoid
            note = "1/(1 + np.exp(-x)): NumPy has no sigmoid and SciPy (expit) is not installed"
    elif name in _ACTIVATIONS:
        recipe, note = _activation(name, technique, in_place)
    elif name in ("erf", "erfc"):
        problem = import_problem("scipy.special")
        if problem is not None:
            raise no_version(technique, name, f"NumPy (no {name}; scipy.special: {problem})")
        special: np.ufunc = getattr(load(technique, "scipy.special"), name)
        recipe = _ufunc_out(special) if in_place else _ufunc(special)
        note = f"scipy.special.{name}(x{', out=out' if in_place else ''}) (NumPy has no {name})"
    else:
        ufunc = getattr(np, name, None)
        if not isinstance(ufunc, np.ufunc) or ufunc.nin != kernel.nin:
            raise no_version(technique, name, "simdkern.peers.numpy_ (NumPy has no such ufunc)")
        recipe = _ufunc_out(ufunc) if in_place else _ufunc(ufunc)
        args = ", ".join("xyz"[: kernel.nin])
        note = f"np.{name}({args}, out=out)" if in_place else f"np.{name}({args})"
    return Peer(name, technique, _prepare(kernel, recipe), note)


_ACTIVATIONS = ("silu", "softplus", "log_sigmoid", "gelu_erf")


def _activation(name: str, technique: str, in_place: bool) -> tuple[Recipe, str]:
    """The recipe and note of an activation NumPy has no ufunc for."""
    recipe: Recipe
    if name == "silu":
        if import_problem("scipy.special") is None:
            recipe = _silu_expit_out if in_place else _silu_expit
            note = "x * scipy.special.expit(x) (NumPy has no sigmoid)"
        else:
            recipe = _silu_out if in_place else _silu
            note = "x/(1 + np.exp(-x)): NumPy has no sigmoid and SciPy (expit) is not installed"
    elif name in ("softplus", "log_sigmoid"):
        recipe = _LOG1P_EXP[name][in_place]
        sign = "np.maximum(x, 0) + " if name == "softplus" else "np.minimum(x, 0) - "
        note = f"{sign}np.log1p(np.exp(-np.abs(x)))" + (
            " in place, one scratch array (6 passes; np.logaddexp's loop is scalar)"
            if in_place
            else " (np.logaddexp(0, x) is the same number, its loop scalar and slower)"
        )
    else:  # gelu_erf
        problem = import_problem("scipy.special")
        if problem is not None:
            raise Inexpressible(technique, f"NumPy has no erf and SciPy is missing: {problem}")
        recipe = _gelu_erf_out if in_place else _gelu_erf
        note = (
            "x/sqrt(2) -> scipy.special.erf -> +1 -> *x -> *0.5, in place (5 passes)"
            if in_place
            else "0.5*x*(1 + scipy.special.erf(x/np.sqrt(2))) (NumPy has no erf)"
        )
    return recipe, note


def _prepare(kernel: Kernel, recipe: Recipe) -> Prepare:
    def prepare(inputs: Sequence[NDArray[Any]], threads: int) -> Call:
        return recipe(checked_inputs(kernel, inputs))

    return prepare


def _ufunc(ufunc: np.ufunc) -> Recipe:
    def recipe(ins: Arrays) -> Call:
        return lambda: ufunc(*ins)

    return recipe


def _ufunc_out(ufunc: np.ufunc) -> Recipe:
    def recipe(ins: Arrays) -> Call:
        out = np.empty_like(ins[0])
        return lambda: ufunc(*ins, out=out)

    return recipe


def _fma(ins: Arrays) -> Call:
    x, y, z = ins
    return lambda: x * y + z


def _fma_out(ins: Arrays) -> Call:
    x, y, z = ins
    out = np.empty_like(x)

    def call() -> NDArray[Any]:
        np.multiply(x, y, out=out)
        return np.add(out, z, out=out)

    return call


def _relu(ins: Arrays) -> Call:
    (x,) = ins
    zero = x.dtype.type(0.0)
    return lambda: np.maximum(x, zero)


def _relu_out(ins: Arrays) -> Call:
    (x,) = ins
    zero = x.dtype.type(0.0)
    out = np.empty_like(x)
    return lambda: np.maximum(x, zero, out=out)


def _gelu(ins: Arrays) -> Call:
    (x,) = ins
    real = x.dtype.type
    half, one, c, a = real(0.5), real(1.0), real(GELU_C), real(GELU_A)
    return lambda: half * x * (one + np.tanh(c * (x + a * x * x * x)))


def _gelu_out(ins: Arrays) -> Call:
    (x,) = ins
    real = x.dtype.type
    half, one, c, ca = real(0.5), real(1.0), real(GELU_C), real(GELU_C * GELU_A)
    out = np.empty_like(x)

    # c*(x + a*x*x*x) = x*(c + c*a*x*x): the constants folded, one pass fewer
    def call() -> NDArray[Any]:
        np.multiply(x, x, out=out)
        np.multiply(out, ca, out=out)
        np.add(out, c, out=out)
        np.multiply(out, x, out=out)
        np.tanh(out, out=out)
        np.add(out, one, out=out)
        np.multiply(out, x, out=out)
        return np.multiply(out, half, out=out)

    return call


def _expit(ins: Arrays) -> Call:
    (x,) = ins
    expit: np.ufunc = load("numpy", "scipy.special").expit
    return lambda: expit(x)


def _expit_out(ins: Arrays) -> Call:
    (x,) = ins
    expit: np.ufunc = load("numpy_out", "scipy.special").expit
    out = np.empty_like(x)
    return lambda: expit(x, out=out)


def _sigmoid(ins: Arrays) -> Call:
    (x,) = ins
    one = x.dtype.type(1.0)
    return lambda: one / (one + np.exp(-x))


def _sigmoid_out(ins: Arrays) -> Call:
    (x,) = ins
    one = x.dtype.type(1.0)
    out = np.empty_like(x)

    def call() -> NDArray[Any]:
        np.negative(x, out=out)
        np.exp(out, out=out)
        np.add(out, one, out=out)
        return np.divide(one, out, out=out)

    return call


def _silu_expit(ins: Arrays) -> Call:
    (x,) = ins
    expit: np.ufunc = load("numpy", "scipy.special").expit
    return lambda: x * expit(x)


def _silu_expit_out(ins: Arrays) -> Call:
    (x,) = ins
    expit: np.ufunc = load("numpy_out", "scipy.special").expit
    out = np.empty_like(x)

    def call() -> NDArray[Any]:
        expit(x, out=out)
        return np.multiply(out, x, out=out)

    return call


def _silu(ins: Arrays) -> Call:
    (x,) = ins
    one = x.dtype.type(1.0)
    return lambda: x / (one + np.exp(-x))


def _silu_out(ins: Arrays) -> Call:
    (x,) = ins
    one = x.dtype.type(1.0)
    out = np.empty_like(x)

    def call() -> NDArray[Any]:
        np.negative(x, out=out)
        np.exp(out, out=out)
        np.add(out, one, out=out)
        return np.divide(x, out, out=out)

    return call


def _log1p_exp(linear: np.ufunc, combine: np.ufunc) -> tuple[Recipe, Recipe]:
    """softplus (maximum, add) and log_sigmoid (minimum, subtract), plain and in place."""

    def plain(ins: Arrays) -> Call:
        (x,) = ins
        zero = x.dtype.type(0.0)
        return lambda: combine(linear(x, zero), np.log1p(np.exp(-np.abs(x))))

    def in_place(ins: Arrays) -> Call:
        (x,) = ins
        zero = x.dtype.type(0.0)
        out = np.empty_like(x)
        scratch = np.empty_like(x)

        def call() -> NDArray[Any]:
            np.abs(x, out=out)
            np.negative(out, out=out)
            np.exp(out, out=out)
            np.log1p(out, out=out)
            linear(x, zero, out=scratch)
            return combine(scratch, out, out=out)

        return call

    return plain, in_place


_LOG1P_EXP: dict[str, tuple[Recipe, Recipe]] = {
    "softplus": _log1p_exp(np.maximum, np.add),
    "log_sigmoid": _log1p_exp(np.minimum, np.subtract),
}


def _gelu_erf(ins: Arrays) -> Call:
    (x,) = ins
    erf: np.ufunc = load("numpy", "scipy.special").erf
    real = x.dtype.type
    half, one, rsqrt2 = real(0.5), real(1.0), real(RSQRT2)
    return lambda: half * x * (one + erf(x * rsqrt2))


def _gelu_erf_out(ins: Arrays) -> Call:
    (x,) = ins
    erf: np.ufunc = load("numpy_out", "scipy.special").erf
    real = x.dtype.type
    half, one, rsqrt2 = real(0.5), real(1.0), real(RSQRT2)
    out = np.empty_like(x)

    def call() -> NDArray[Any]:
        np.multiply(x, rsqrt2, out=out)
        erf(out, out=out)
        np.add(out, one, out=out)
        np.multiply(out, x, out=out)
        return np.multiply(out, half, out=out)

    return call
