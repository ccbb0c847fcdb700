"""float16 inputs: computed in float32 and returned as float16, rounded once where it matters.

fma is the case where rounding the float32 result again could differ from one rounding of
the exact x*y + z; simdkern forms that sum in float64 rounded to odd.  Checked against
exact rational arithmetic over float16 values of every magnitude.
"""

from fractions import Fraction

import numpy as np
import simdkern


def _correctly_rounded_half(exact: Fraction) -> np.float16:
    with np.errstate(over="ignore"):
        guess = np.float16(float(exact))
    if not np.isfinite(guess):
        return guess
    candidates = [
        np.nextafter(guess, np.float16(-np.inf)),
        guess,
        np.nextafter(guess, np.float16(np.inf)),
    ]
    finite = [c for c in candidates if np.isfinite(c)]

    def distance(c: np.float16) -> tuple[Fraction, int]:
        # nearest first; on a tie, the even significand
        return abs(Fraction(float(c)) - exact), int(c.view(np.uint16)) & 1

    return min(finite, key=distance)


def _random_halves(rng: np.random.Generator, n: int) -> np.ndarray:
    bits = rng.integers(0, 1 << 16, size=4 * n, dtype=np.uint32).astype(np.uint16)
    values = bits.view(np.float16)
    return values[np.isfinite(values)][:n]


def test_fma_float16_is_rounded_once() -> None:
    rng = np.random.default_rng(16)
    n = 20_000
    x, y, z = (_random_halves(rng, n) for _ in range(3))
    size = min(len(x), len(y), len(z))
    x, y, z = x[:size], y[:size], z[:size]
    with np.errstate(all="ignore"):
        got = simdkern.fma(x, y, z)
    assert got.dtype == np.float16
    wrong: list[str] = []
    for a, b, c, g in zip(x, y, z, got, strict=True):
        exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
        want = _correctly_rounded_half(exact)
        same = g.view(np.uint16) == want.view(np.uint16) or (g == 0 and want == 0)
        if not same:
            wrong.append(f"fma({a!r}, {b!r}, {c!r}) = {g!r}, correctly rounded {want!r}")
    assert not wrong, "\n".join(wrong[:10])


def test_fma_float16_moderate_values_are_rounded_once() -> None:
    # Products of two float16 values are exact in float64 and, for these
    # magnitudes, so is adding z: one conversion then rounds once.  Rounding
    # a float32 fma instead disagrees on a few inputs in a million.
    rng = np.random.default_rng(1)
    n = 2_000_000
    x, y, z = (rng.uniform(-2, 2, n).astype(np.float16) for _ in range(3))
    want = (x.astype(np.float64) * y.astype(np.float64) + z.astype(np.float64)).astype(np.float16)
    got = simdkern.fma(x, y, z)
    wrong = np.flatnonzero(got.view(np.uint16) != want.view(np.uint16))
    wrong = wrong[(got[wrong] != 0) | (want[wrong] != 0)]
    assert not wrong.size, [(x[i], y[i], z[i], got[i], want[i]) for i in wrong[:5]]
    one = simdkern.fma(np.float16(0.3738), np.float16(-0.0875), np.float16(1.232))
    assert one == np.float16(1.2)


def test_float16_results_match_float32_rounded_for_other_kernels() -> None:
    x = np.linspace(-4, 4, 1001).astype(np.float16)
    for kernel in simdkern.catalogue():
        if kernel.name == "fma":
            continue
        args = [x] * kernel.nin
        if kernel.domain == "nonneg":
            args = [np.abs(x)] * kernel.nin
        with np.errstate(all="ignore"):
            got = kernel.ufunc(*args)
            want = kernel.ufunc(*(a.astype(np.float32) for a in args)).astype(np.float16)
        assert got.dtype == np.float16, kernel.name
        np.testing.assert_array_equal(got, want, err_msg=kernel.name)
