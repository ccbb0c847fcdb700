"""Shared test machinery: the kernel list, input generators and NumPy's reference.

Every test that takes a ``kernel`` argument runs once per catalogue entry, so a
kernel added to the catalogue is tested without touching the tests.  Helpers
are fixtures (test modules are imported with ``--import-mode=importlib`` and
cannot import this file).
"""

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import numpy as np
import pytest
import simdkern
from hypothesis import HealthCheck, settings
from numpy.typing import DTypeLike, NDArray

KERNELS: tuple[simdkern.Kernel, ...] = simdkern.catalogue()
FLOAT_DTYPES: tuple[type[np.floating[Any]], ...] = (np.float32, np.float64)

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=25,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

Inputs: TypeAlias = list[NDArray[Any]]
MakeInputs: TypeAlias = Callable[[simdkern.Kernel, DTypeLike, int, int], Inputs]
Reference: TypeAlias = Callable[..., NDArray[Any]]
Bits: TypeAlias = Callable[[NDArray[Any]], NDArray[Any]]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``kernel`` over the catalogue and ``float_dtype`` over the SIMD loops."""
    if "kernel" in metafunc.fixturenames:
        metafunc.parametrize("kernel", KERNELS, ids=[k.name for k in KERNELS])
    if "float_dtype" in metafunc.fixturenames:
        metafunc.parametrize(
            "float_dtype", FLOAT_DTYPES, ids=[np.dtype(d).name for d in FLOAT_DTYPES]
        )


def reference_scope(kernel: simdkern.Kernel) -> dict[str, Any]:
    """What the catalogue's expression may name: np, and scipy where NumPy lacks the
    function (erf, erfc, gelu_erf's erf; the test skips without SciPy)."""
    scope: dict[str, Any] = {"np": np}
    if "scipy." in kernel.numpy_ref:
        scope["scipy"] = pytest.importorskip("scipy")
        pytest.importorskip("scipy.special")
    return scope


def numpy_reference(kernel: simdkern.Kernel, *args: NDArray[Any]) -> NDArray[Any]:
    """NumPy's value for the kernel: its catalogue expression evaluated on args."""
    names = dict(zip(("x", "y", "z"), args, strict=False))
    scope = reference_scope(kernel)
    with np.errstate(all="ignore"):
        result = eval(kernel.numpy_ref, {**scope, **names})  # catalogue text, not user input
    return np.asarray(result)


def special_values(dtype: DTypeLike) -> NDArray[Any]:
    """Values every kernel meets sooner or later: zeros, infinities, NaN, extremes."""
    info = np.finfo(dtype)
    values = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, info.max, -info.max]
    values += [info.tiny, -info.tiny, info.smallest_subnormal, 0.5, 2.0, 100.0, -100.0]
    with np.errstate(all="ignore"):
        return np.array(values, dtype=dtype)


def random_values(dtype: DTypeLike, n: int, rng: np.random.Generator) -> NDArray[Any]:
    """A mix of ordinary values, wide magnitudes and specials, in random order.

    Wide magnitudes matter: SIMD kernels often pick a code path per vector,
    and a large or special neighbour must not change an element's result.
    """
    kind = rng.integers(0, 8, size=n)
    ordinary = rng.standard_normal(n) * 4.0
    exponent_limit = 0.9 * np.log10(float(np.finfo(dtype).max))
    wide = np.copysign(10.0 ** rng.uniform(-exponent_limit, exponent_limit, n), ordinary)
    specials = special_values(dtype)
    special = specials[rng.integers(0, specials.size, size=n)].astype(np.float64)
    values = np.where(kind < 5, ordinary, np.where(kind < 7, wide, special))
    with np.errstate(all="ignore"):
        return values.astype(dtype)


def make_kernel_inputs(
    kernel: simdkern.Kernel, dtype: DTypeLike, n: int, seed: int, *, specials: bool = True
) -> Inputs:
    """kernel.nin arrays of n values of dtype, mostly inside the kernel's domain."""
    rng = np.random.default_rng(seed)
    arrays: Inputs = []
    for _ in range(kernel.nin):
        if specials:
            values = random_values(dtype, n, rng)
        else:
            values = (rng.standard_normal(n) * 3.0).astype(dtype)
        if kernel.domain == "nonneg":
            values = np.abs(values)
        arrays.append(values)
    return arrays


def unsigned_view(array: NDArray[Any]) -> NDArray[Any]:
    """The bits of a float array, for comparisons that see NaN payloads and signed zeros."""
    unsigned = {2: np.uint16, 4: np.uint32, 8: np.uint64}[array.dtype.itemsize]
    return np.ascontiguousarray(array).view(unsigned)


def ordered_ints(array: NDArray[Any]) -> NDArray[np.int64]:
    """Map floats to int64 so that adjacent floats are adjacent integers."""
    as_int = np.ascontiguousarray(array, dtype=np.float64).view(np.int64)
    return np.where(as_int < 0, np.int64(-(2**63)) - as_int, as_int)


def ulp_distance(got: NDArray[Any], want: NDArray[Any]) -> NDArray[np.int64]:
    """Distance in units of the last place of got's dtype; NaN matches NaN only."""
    dtype = got.dtype
    got64 = np.asarray(got, dtype=np.float64)
    want64 = np.asarray(want, dtype=dtype).astype(np.float64)
    if dtype == np.float64:
        distance = np.abs(ordered_ints(got64) - ordered_ints(want64))
    else:
        # float32 and float16 values are exact in float64; count their own ulps
        spacing = np.spacing(np.maximum(np.abs(got64), np.abs(want64)).astype(dtype))
        with np.errstate(all="ignore"):
            steps = np.abs(got64 - want64) / spacing.astype(np.float64)
        distance = np.where(np.isfinite(steps), np.ceil(steps), 2**62).astype(np.int64)
    both_nan = np.isnan(got64) & np.isnan(want64)
    one_nan = np.isnan(got64) ^ np.isnan(want64)
    same = got64 == want64
    huge = np.int64(2**62)
    return np.where(both_nan | same, 0, np.where(one_nan | (distance < 0), huge, distance))


def magnitude(kernel: simdkern.Kernel, args: Sequence[NDArray[Any]]) -> NDArray[np.float64]:
    """A bound on the size of the terms NumPy's expression rounds, per element.

    NumPy's expression for a fused kernel rounds its intermediate terms, so
    its absolute error scales with them, not with the result.
    """
    size = np.ones(np.broadcast_shapes(*(a.shape for a in args)))
    with np.errstate(all="ignore"):
        for a in args:
            size = size * (1.0 + np.abs(np.asarray(a, dtype=np.float64)))
    return size


def close_to_reference(
    kernel: simdkern.Kernel, got: NDArray[Any], args: Sequence[NDArray[Any]]
) -> NDArray[np.bool_]:
    """Where got agrees with NumPy's expression within the catalogue's bound.

    Allowed: the kernel's ULP bound plus 3 ULP for NumPy's own error, and for
    kernels that NumPy spells as several operations (not one np call), a few
    epsilons of the rounded terms.
    """
    want = numpy_reference(kernel, *args).astype(got.dtype)
    ulps = ulp_distance(got, want)
    bound = kernel.ulp_bound(np.float64 if got.dtype == np.float64 else np.float32)
    near = ulps <= bound + 3.0
    single_call = kernel.numpy_ref.count("(") == 1 and kernel.numpy_ref.startswith("np.")
    if single_call:
        return near
    eps = float(np.finfo(got.dtype).eps)
    with np.errstate(all="ignore"):
        slack = 8.0 * eps * magnitude(kernel, args)
        diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    return near | (diff <= slack)


@pytest.fixture(scope="session")
def make_inputs() -> MakeInputs:
    """make_inputs(kernel, dtype, n, seed): kernel.nin arrays with specials mixed in."""

    def make(kernel: simdkern.Kernel, dtype: DTypeLike, n: int, seed: int) -> Inputs:
        return make_kernel_inputs(kernel, dtype, n, seed)

    return make


@pytest.fixture(scope="session")
def make_ordinary_inputs() -> MakeInputs:
    """make_ordinary_inputs(kernel, dtype, n, seed): moderate values only (|x| ~ 3)."""

    def make(kernel: simdkern.Kernel, dtype: DTypeLike, n: int, seed: int) -> Inputs:
        return make_kernel_inputs(kernel, dtype, n, seed, specials=False)

    return make


@pytest.fixture(scope="session")
def reference() -> Reference:
    """reference(kernel, *args): NumPy's value, from the catalogue's numpy_ref."""
    return numpy_reference


@pytest.fixture(scope="session")
def bits() -> Bits:
    """bits(array): the array's bit patterns as unsigned integers."""
    return unsigned_view


@pytest.fixture(scope="session")
def close() -> Callable[[simdkern.Kernel, NDArray[Any], Sequence[NDArray[Any]]], NDArray[Any]]:
    """close(kernel, got, args): boolean mask, got within bound of NumPy's reference."""
    return close_to_reference


@pytest.fixture(scope="session")
def ulps() -> Callable[[NDArray[Any], NDArray[Any]], NDArray[np.int64]]:
    """ulps(got, want): elementwise distance in ULP of got's dtype."""
    return ulp_distance
