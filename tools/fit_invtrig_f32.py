"""Fit the polynomials of the float32 arctan/arcsin kernels (kernels/src/math2.c).

Both kernels compute in float64 and round once to float32, so the float64
result needs a relative error near 2^-35 at most.  The forms are

    atan t = t + t z P(z),  z = t^2,  |t| <= tan(pi/8)  (float64 P)
    atan t = t + t z P(z),  z = t^2,  |t| <= 1/2        (float P, arctan)
    asin s = s + s z Q(z),  z = s^2,  |s| <= 1/2        (float Q, arcsin, arccos)

P and Q are weighted least-squares fits on Chebyshev nodes (values from
mpmath at 40 digits), the weight chosen so that the residual is the relative
error of the whole function.  The script prints C literals and the largest
relative error found on a dense grid.  Run: python tools/fit_invtrig_f32.py
"""

from __future__ import annotations

import importlib
import math
from typing import Any

import numpy as np

mpmath: Any = importlib.import_module("mpmath")  # untyped
mpmath.mp.dps = 40


def _atan_p(z: Any) -> Any:
    t = mpmath.sqrt(z)
    return (mpmath.atan(t) / t - 1) / z


def _asin_q(z: Any) -> Any:
    s = mpmath.sqrt(z)
    return (mpmath.asin(s) / s - 1) / z


def _series_limit(name: str) -> Any:
    # P(0) = -1/3, Q(0) = 1/6: the limits of the quotients above
    return mpmath.mpf(-1) / 3 if name == "atan" else mpmath.mpf(1) / 6


def fit(name: str, zmax: float, degree: int) -> tuple[list[float], float]:
    func = _atan_p if name == "atan" else _asin_q
    nodes = 400
    k = np.arange(nodes)
    u = (1 - np.cos((k + 0.5) * math.pi / nodes)) / 2  # Chebyshev nodes in [0, 1]
    z: list[Any] = [mpmath.mpf(float(v)) * zmax for v in u]
    target: list[Any] = [func(v) if v > 0 else _series_limit(name) for v in z]
    # relative error of f = x (1 + z P): weight z / (1 + z P)
    w = np.array([float(v / (1 + v * t)) for v, t in zip(z, target, strict=True)])
    w[w == 0] = 1e-30
    a = np.vander(u, degree + 1, increasing=True) * w[:, None]
    b = np.array([float(t) for t in target]) * w
    c, *_ = np.linalg.lstsq(a, b, rcond=None)
    coeffs = [float(ci) / zmax**i for i, ci in enumerate(c)]  # back to powers of z
    worst = 0.0
    for v in np.linspace(0, zmax, 4001)[1:]:
        zz: Any = mpmath.mpf(float(v))
        p: Any = mpmath.mpf(0)
        for ci in reversed(coeffs):
            p = p * zz + ci
        exact = func(zz)
        worst = max(worst, float(abs(zz * (p - exact) / (1 + zz * exact))))
    return coeffs, worst


def main() -> None:
    fits = (("atan", math.tan(math.pi / 8) ** 2, 6), ("atan", 0.25, 5), ("asin", 0.25, 5))
    for name, zmax, degree in fits:
        coeffs, worst = fit(name, zmax, degree)
        err = math.log2(worst)
        print(f"{name}: degree {degree} in z on [0, {zmax:.6g}], max relative error 2^{err:.1f}")
        for ci in coeffs:
            print(f"    {float(ci).hex()}  (float: {float(np.float32(ci)).hex()})")


if __name__ == "__main__":
    main()
