"""Every kernel within its documented ULP bound, against references from simdkern.accuracy.

Per kernel and dtype: 100,000 random points over the whole exponent range, and the
special values and edges (overflow, underflow, saturation), which must also agree with the
reference about NaN, infinities and signed zeros.  Every instruction set runs the same
sample in its own process (SIMDKERN_ISA).  The first tests check the measuring
machinery itself on cases worked out by hand and on NumPy's correctly rounded functions.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import simdkern
from simdkern import accuracy

KERNELS = [k.name for k in simdkern.catalogue()]
DTYPES = ["float32", "float64"]
POINTS = 100_000
# mpmath references take a few seconds per kernel and dtype; they are kept between runs
# (keyed by the reference code, so a change to simdkern.accuracy recomputes them).
CACHE = Path(__file__).resolve().parents[2] / "build" / "accuracy-references"
SEED = 20240601


Sample = tuple[tuple[npt.NDArray[np.floating], ...], accuracy.Exact, int]


@cache
def _sample(name: str, dtype: str) -> Sample:
    return accuracy.exact_cached(name, dtype, POINTS, SEED, cache=CACHE)


def _describe(
    args: tuple[npt.NDArray[np.floating], ...],
    got: npt.NDArray[np.floating],
    want: npt.NDArray[np.floating],
    err: npt.NDArray[np.float64],
    where: npt.NDArray[np.intp],
) -> str:
    lines: list[str] = []
    for i in where[:5]:
        inputs = ", ".join(repr(a[i].item()) for a in args)
        lines.append(
            f"  f({inputs}) = {got[i].item()!r}, correctly rounded {want[i].item()!r}, "
            f"{err[i]:.3g} ULP"
        )
    return "\n".join(lines)


# --- the machinery ------------------------------------------------------------------------


def test_every_catalogue_kernel_has_a_reference() -> None:
    missing = [name for name in KERNELS if name not in accuracy.DEFINITIONS]
    assert not missing, f"add references to simdkern.accuracy.DEFINITIONS for {missing}"
    stale = sorted(set(accuracy.DEFINITIONS) - set(KERNELS))
    assert not stale, f"references for kernels not in the catalogue: {stale}"
    with pytest.raises(KeyError):
        accuracy.reference("no_such_kernel", (np.ones(1),), np.float64)


def test_ulp_error_by_hand() -> None:
    one = np.array([1.0, 1.0, 1.0, 1.0])
    f32_one = np.float32(1.0)
    up, down = np.nextafter(f32_one, np.float32(2)), np.nextafter(f32_one, np.float32(0))
    got = np.array([1.0, up, down, 2.0], np.float32)
    # spacing at 1 (the exact value) is 2**-23, below it 2**-24
    assert accuracy.ulp_error(got, one, np.float32).tolist() == [0.0, 1.0, 0.5, 2.0**23]
    tiny = math.ldexp(1.0, -149)
    exact = np.array([1.25 * tiny, 3.5 * tiny, 0.3 * tiny])
    got = np.array([tiny, 3 * tiny, 0.0], np.float32)
    assert accuracy.ulp_error(got, exact, np.float32).tolist() == pytest.approx([0.25, 0.5, 0.3])
    inf, nan = math.inf, math.nan
    exact = np.array([nan, nan, inf, inf, -inf, 2.0, 2.0])
    got = np.array([nan, 1.0, inf, -inf, -inf, nan, inf], np.float64).astype(np.float32)
    assert accuracy.ulp_error(got, exact, np.float32).tolist() == [0, inf, 0, inf, 0, inf, inf]
    # beyond the largest float32: rounds to inf; the largest float is off by the distance
    largest = float(np.finfo(np.float32).max)
    beyond = np.array([largest + 2.0**104] * 2)  # one ULP of the top binade beyond
    got = np.array([np.inf, largest], np.float32)
    assert accuracy.ulp_error(got, beyond, np.float32).tolist() == pytest.approx([0.0, 1.0])


@pytest.mark.thread_unsafe(reason="pytest.importorskip catches warnings")
def test_ulp_error_from_mpmath_values() -> None:
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workprec(200):
        third = [mpmath.mpf(1) / 3]
        got = np.array([1 / 3])
        # 1/3 in float64 is off by 1/3 of an ulp (2**-54 at 1/3)
        assert accuracy.ulp_error(got, third, np.float64)[0] == pytest.approx(1 / 3)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "numpy_function"), [("sqrt", np.sqrt), ("add", np.add)])
def test_reference_is_correctly_rounded(name: str, numpy_function: np.ufunc, dtype: str) -> None:
    # IEEE sqrt and + are correctly rounded: NumPy's must match bit for bit, and one ULP
    # more must show up as an error above the 0.5 bound.
    args, ref, _ = _sample(name, dtype)
    with np.errstate(all="ignore"):
        got = numpy_function(*args)
    assert np.array_equal(got, ref.rounded, equal_nan=True)
    number = ~np.isnan(got)
    assert np.array_equal(np.signbit(got[number]), np.signbit(ref.rounded[number]))
    assert accuracy.ulp_error(got, ref, dtype).max() <= 0.5
    # the neighbour on the far side from the exact value (away from zero if exact) is > 0.5 off
    finite = np.isfinite(got) & (got != 0)
    near, exact = got[finite], ref.take(finite)
    away = np.where(exact.offset != 0, -exact.offset, near)
    with np.errstate(over="ignore"):
        off = np.nextafter(near, np.copysign(np.inf, away).astype(got.dtype))
    err = accuracy.ulp_error(off, exact, dtype)
    # (0.5 + an offset below float64's resolution, e.g. 1 + 5e-324, reads 0.5)
    resolved = (exact.offset == 0) | (np.abs(exact.offset) > 1e-9)
    assert err.min() >= 0.5 and err[resolved].min() > 0.5


@pytest.mark.parametrize("name", [n for n, d in accuracy.DEFINITIONS.items() if d.longdouble_f32])
def test_longdouble_reference_matches_mpmath(name: str) -> None:
    assert accuracy.longdouble_check(name, np.float32, n=300) < 1e-6


@pytest.mark.parametrize("dtype", DTYPES)
def test_exp_edges(dtype: str) -> None:
    edges = accuracy.edge_values("exp", dtype)
    at = accuracy.reference("exp", (edges,), dtype)
    below = edges[np.isfinite(at)].max()
    above = edges[np.isinf(at)].min()
    assert np.nextafter(below, np.inf) == above
    largest = float(np.finfo(dtype).max)
    assert abs(math.log(largest) - float(below)) < 2 * float(np.spacing(below))
    for value in (0.0, np.finfo(dtype).smallest_subnormal):
        assert value in at, f"no edge where exp reaches {value}"


# --- the kernels, on the instruction set chosen at import ----------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", KERNELS)
def test_random_points_within_bound(name: str, dtype: str) -> None:
    kernel = simdkern.kernel(name)
    args, ref, n = _sample(name, dtype)
    random = np.arange(n)
    points = tuple(a[random] for a in args)
    with np.errstate(all="ignore"):
        got = kernel.ufunc(*points)
    want = ref.take(random)
    err = accuracy.ulp_error(got, want, dtype)
    bound = kernel.ulp_bound(np.dtype(dtype).type)
    bad = np.flatnonzero(err > bound)
    assert not bad.size, (
        f"{name} {dtype} on {simdkern.isa()}: {bad.size} of {n} points beyond {bound} ULP:\n"
        + _describe(points, got, want.rounded, err, bad[np.argsort(-err[bad])])
    )
    wrong = np.flatnonzero(accuracy.mismatch(got, want))
    assert not wrong.size, f"{name} {dtype}: NaN/inf/signed zero differ:\n" + _describe(
        points, got, want.rounded, err, wrong
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", KERNELS)
def test_special_values(name: str, dtype: str) -> None:
    kernel = simdkern.kernel(name)
    args, ref, n = _sample(name, dtype)
    special = np.arange(n, len(ref))
    points = tuple(a[special] for a in args)
    with np.errstate(all="ignore"):
        got = kernel.ufunc(*points)
    want = ref.take(special)
    err = accuracy.ulp_error(got, want, dtype)
    wrong = np.flatnonzero(accuracy.mismatch(got, want))
    assert not wrong.size, (
        f"{name} {dtype} on {simdkern.isa()}: NaN, infinity or sign of zero differ:\n"
        + _describe(points, got, want.rounded, err, wrong)
    )
    bound = kernel.ulp_bound(np.dtype(dtype).type)
    bad = np.flatnonzero(err > bound)
    assert not bad.size, f"{name} {dtype}: special points beyond {bound} ULP:\n" + _describe(
        points, got, want.rounded, err, bad
    )


# --- every instruction set, each in its own process ----------------------------------------


@pytest.mark.thread_unsafe(reason="measures in a subprocess per instruction set")
@pytest.mark.parametrize("isa", simdkern.isas())
def test_every_isa_within_bound(isa: str) -> None:
    results = accuracy.measure_isa(isa, POINTS, seed=SEED, cache=CACHE, timeout=600)
    assert {(r.kernel, r.dtype) for r in results} == {(k, d) for k in KERNELS for d in DTYPES}
    assert all(r.isa == isa for r in results)
    failures = [r for r in results if not r.ok]
    assert not failures, "\n".join(
        f"{r.kernel} {r.dtype} on {isa}: {r.max_ulp:.3g} ULP (bound {r.bound:g}) at "
        f"{r.worst_args}: got {r.worst_got}, want {r.worst_want}; {r.mismatches} special "
        f"mismatches {r.mismatch_args} got {r.mismatch_got} want {r.mismatch_want}"
        for r in failures
    )
