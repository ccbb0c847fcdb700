"""The Cython peers (simdkern.peers._cython): libm loops, serial and under OpenMP.

Every kernel of the catalogue has ``<kernel>(x[, y[, z]], out)`` and
``<kernel>_parallel(..., out, num_threads)``.  The results are libm's: within a
few ULP of a long double reference (sqrt, add and multiply exactly NumPy's;
subtract, divide, negative, absolute, square and reciprocal NumPy's bits, signed
zeros and NaN included; fma exactly the correctly rounded x*y + z); the parallel
functions give the serial bits for any thread count; float32 stays float32; bad lengths, strides and
dtypes are refused.  On a free-threaded CPython, importing the module leaves
the GIL off.  The fork tests stay away from the parallel functions: OpenMP's
threads do not survive fork.
"""

import math
import os
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray
from simdkern.peers import _cython as peers

Inputs = list[NDArray[Any]]
MakeInputs = Callable[[simdkern.Kernel, Any, int, int], Inputs]
Ulps = Callable[[NDArray[Any], NDArray[Any]], NDArray[np.int64]]
Peer = Callable[..., object]

KERNELS = simdkern.catalogue()
BY_NAME = {kernel.name: kernel for kernel in KERNELS}
# fma has its own exact tests below; the others compare with a reference
APPROXIMATE = [kernel.name for kernel in KERNELS if kernel.name != "fma"]
# correctly rounded or exact: NumPy's values, and for BITWISE NumPy's bits
BITWISE = ("subtract", "divide", "negative", "absolute", "square", "reciprocal")
# exact selections: NumPy's values (NaN where NumPy has NaN); signed zeros may differ
SELECTIONS = ("maximum", "minimum", "fmax", "fmin", "relu")
EXACT = ("sqrt", "add", "multiply", *BITWISE, *SELECTIONS)
TOLERANCE_ULP = 4
THREAD_COUNTS = (1, 2, 3)
SIZE = 4001  # not a multiple of any thread count
DTYPES = (np.float32, np.float64)
DTYPE_IDS = [np.dtype(d).name for d in DTYPES]
OPENMP = pytest.mark.thread_unsafe(reason="starts OpenMP threads")


def serial(name: str) -> Peer:
    function: Peer = getattr(peers, name)
    return function


def parallel(name: str) -> Peer:
    function: Peer = getattr(peers, f"{name}_parallel")
    return function


def reference(name: str, args: Inputs) -> NDArray[Any]:
    """The kernel's value: in long double, rounded to the inputs' dtype once
    (erf and erfc: in double, Python's math.erf and math.erfc).

    The EXACT kernels are correctly rounded (or exact) in NumPy too: its own result.
    """
    dtype = args[0].dtype
    with np.errstate(all="ignore"):
        if name == "relu":
            return np.maximum(args[0], args[0].dtype.type(0))
        if name in EXACT:
            ufunc: np.ufunc = getattr(np, name)
            return np.asarray(ufunc(*args))
        x = args[0].astype(np.longdouble)
        if name == "sigmoid":
            e = np.exp(-np.abs(x))  # stable: never exp of a large positive number
            wide = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
        elif name == "gelu":
            wide = 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
        elif name == "silu":
            e = np.exp(-np.abs(x))
            wide = x * np.where(x >= 0, 1 / (1 + e), e / (1 + e))
        elif name in ("softplus", "log_sigmoid"):
            v = x if name == "softplus" else -x
            wide = np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))
            wide = wide if name == "softplus" else -wide
        elif name == "gelu_erf":
            # NumPy has no erfc: math's, in float64, on the erfc form (no cancellation)
            x64 = args[0].astype(np.float64).tolist()
            wide = np.array([0.5 * v * math.erfc(-v / math.sqrt(2.0)) for v in x64])
        elif name in ("erf", "erfc"):  # NumPy has none: Python's (libm's, in double)
            scalar = getattr(math, name)
            wide = np.array([scalar(v) for v in args[0].astype(np.float64).tolist()])
        else:  # exp, log, ..., power and hypot: NumPy's namesake in long double
            function: np.ufunc = getattr(np, name)
            wide = function(x, *(a.astype(np.longdouble) for a in args[1:]))
        return np.asarray(wide).astype(dtype)


def tolerated(name: str, got: NDArray[Any], args: Inputs, ulps: Ulps) -> NDArray[np.bool_]:
    """Where got is close enough to the reference (see the module docstring)."""
    want = reference(name, args)
    if name in BITWISE:
        return bits_of(got) == bits_of(want)
    with np.errstate(all="ignore"):
        distance = ulps(got, want)
    if name in EXACT:
        return distance == 0
    near = distance <= TOLERANCE_ULP
    if name not in ("gelu", "gelu_erf", "silu"):
        return near
    # gelu: 1 + tanh(t) cancels for negative x; gelu_erf: erfc amplifies the
    # rounding of -x/sqrt(2) by about x^2 in the tail; silu: x * exp(x) from
    # a subnormal exp(x) in the tail; an absolute error of a few eps * |x|
    eps = float(np.finfo(got.dtype).eps)
    with np.errstate(all="ignore"):
        x = np.abs(args[0].astype(np.float64))
        diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
        return near | (diff <= 8.0 * eps * (1.0 + x))


def bits_of(array: NDArray[Any]) -> NDArray[Any]:
    return array.view(f"u{array.itemsize}")


def run(name: str, args: Inputs, threads: int | None = None) -> NDArray[Any]:
    out = np.empty_like(args[0])
    with np.errstate(all="ignore"):
        if threads is None:
            returned = serial(name)(*args, out)
        else:
            returned = parallel(name)(*args, out, threads)
    assert returned is None
    return out


def test_every_kernel_has_a_serial_and_a_parallel_function() -> None:
    for kernel in KERNELS:
        assert callable(serial(kernel.name)), kernel.name
        assert callable(parallel(kernel.name)), kernel.name
    names = {name for name in dir(peers) if not name.startswith("_")}
    catalogue_names = {kernel.name for kernel in KERNELS}
    assert names == catalogue_names | {f"{name}_parallel" for name in catalogue_names}


# ----- values ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", APPROXIMATE)
def test_values_match_the_reference(
    name: str,
    float_dtype: type[np.floating[Any]],
    make_inputs: MakeInputs,
    ulps: Ulps,
) -> None:
    """Ordinary values, wide magnitudes and specials (inf, NaN, zeros, subnormals)."""
    args = make_inputs(BY_NAME[name], float_dtype, SIZE, 7)
    got = run(name, args)
    assert got.dtype == float_dtype
    ok = tolerated(name, got, args, ulps)
    if not ok.all():
        bad = int(np.flatnonzero(~ok)[0])
        inputs = ", ".join(repr(a[bad]) for a in args)
        pytest.fail(
            f"{name} {got.dtype}: {int(np.count_nonzero(~ok))} of {got.size} elements off, "
            f"first: {name}({inputs}) = {got[bad]!r}, want {reference(name, args)[bad]!r}"
        )


def test_sigmoid_does_not_overflow(float_dtype: type[np.floating[Any]]) -> None:
    x = np.array([-1e4, -200.0, -50.0, 0.0, 50.0, 1e4, -np.inf, np.inf], dtype=float_dtype)
    got = run("sigmoid", [x])
    assert np.all(np.isfinite(got))
    assert got[0] == 0 and got[3] == 0.5 and got[5] == 1 and got[6] == 0 and got[7] == 1
    assert 0 < got[2] < 1e-20


def round_to(value: Fraction, dtype: type[np.floating[Any]]) -> float:
    """value rounded once to dtype, to nearest, ties to even (finite, in range)."""
    wide = float(value)  # Fraction -> float is correctly rounded
    if dtype == np.float64:
        return wide
    # Rounding wide to float32 rounds twice: wrong only where wide lies exactly
    # halfway between two float32 (value itself may lie just off that midpoint).
    near = np.float32(wide)
    if float(near) == wide:
        return wide
    other = np.nextafter(near, np.float32(np.copysign(np.inf, wide - float(near))))
    if float(near) + float(other) != 2.0 * wide or value == Fraction(wide):
        return float(near)  # not a midpoint, or a true tie (float32() chose the even one)
    above = value > Fraction(wide)
    return float(max(near, other)) if above else float(min(near, other))


def fma_cases(dtype: type[np.floating[Any]]) -> tuple[Inputs, list[float]]:
    """Random products and addends of far apart magnitudes, cancellations, hard cases."""
    rng = np.random.default_rng(11)
    n = 3000
    digits = np.finfo(dtype).nmant + 1
    exponents = 30 if dtype == np.float32 else 200
    x, y, z = (
        (rng.standard_normal(n) * 2.0 ** rng.integers(-exponents, exponents, n)).astype(dtype)
        for _ in range(3)
    )
    # z = -round(x*y): x*y + z is the product's rounding error, exactly
    with np.errstate(all="ignore"):
        z[: n // 4] = -(x[: n // 4] * y[: n // 4])
    # (1 + 2**-a) * (1 + 2**-b) with a + b = digits lies halfway between two
    # neighbours; a tiny z decides, and rounding x*y + z twice gets it wrong
    a = digits // 2
    b = digits - a
    low = 1 + 2.0**-a + 2.0**-b
    high = low + 2.0 ** (1 - digits)
    hard_x = [1 + 2.0**-a, 1 + 2.0**-a, -(1 + 2.0**-a)]
    hard_y = [1 + 2.0**-b] * 3
    hard_z = [2.0**-80, -(2.0**-80), -(2.0**-80)]
    expected = [high, low, -high]
    x = np.concatenate([x, np.array(hard_x, dtype=dtype)])
    y = np.concatenate([y, np.array(hard_y, dtype=dtype)])
    z = np.concatenate([z, np.array(hard_z, dtype=dtype)])
    return [x, y, z], expected


def test_fma_is_correctly_rounded(float_dtype: type[np.floating[Any]]) -> None:
    (x, y, z), expected_tail = fma_cases(float_dtype)
    got = run("fma", [x, y, z])
    assert got.dtype == float_dtype
    want = np.array(
        [
            round_to(Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c)), float_dtype)
            for a, b, c in zip(x, y, z, strict=True)
        ],
        dtype=float_dtype,
    )
    assert want[-len(expected_tail) :].tolist() == expected_tail  # the reference itself
    wrong = np.flatnonzero(got.view(f"u{got.itemsize}") != want.view(f"u{want.itemsize}"))
    assert wrong.size == 0, (
        f"fma {got.dtype}: {wrong.size} results differ, first: "
        f"fma({x[wrong[0]]!r}, {y[wrong[0]]!r}, {z[wrong[0]]!r}) = {got[wrong[0]]!r}, "
        f"want {want[wrong[0]]!r}"
    )


def test_fma_specials(float_dtype: type[np.floating[Any]]) -> None:
    inf, nan = np.inf, np.nan
    big = float(np.finfo(float_dtype).max)
    cases = [  # x, y, z, x*y + z with one rounding
        (inf, 1.0, 1.0, inf),
        (inf, 0.0, 1.0, nan),
        (inf, 1.0, -inf, nan),
        (nan, 1.0, 1.0, nan),
        (1.0, 1.0, -inf, -inf),
        (big, 2.0, -big, big),  # x*y overflows only when rounded alone
        (0.0, 0.0, -0.0, 0.0),
        (-0.0, 0.0, -0.0, -0.0),
    ]
    x, y, z, want = (np.array(column, dtype=float_dtype) for column in zip(*cases, strict=True))
    got = run("fma", [x, y, z])
    same = (got == want) & (np.signbit(got) == np.signbit(want)) | np.isnan(got) & np.isnan(want)
    assert same.all(), f"fma {got.dtype}: got {got.tolist()}, want {want.tolist()}"


@pytest.mark.parametrize("name", BITWISE)
@pytest.mark.parametrize(
    "threads", [None, pytest.param(3, marks=OPENMP)], ids=["serial", "parallel"]
)
def test_specials_are_numpys_bits(
    name: str, float_dtype: type[np.floating[Any]], threads: int | None
) -> None:
    """Every special value (and every pair of them): signed zeros, inf, NaN, extremes."""
    info = np.finfo(float_dtype)
    magnitudes = [0.0, np.inf, np.nan, 1.0, 3.0, 0.5, info.max, info.tiny, info.smallest_subnormal]
    specials = np.array(magnitudes, dtype=float_dtype)
    specials = np.concatenate([specials, -specials])  # -0.0 and -NaN too
    if BY_NAME[name].nin == 1:
        args = [specials]
    else:
        x, y = np.meshgrid(specials, specials)
        args = [x.ravel(), y.ravel()]
    got = run(name, args, threads)
    want = reference(name, args)
    wrong = np.flatnonzero(bits_of(got) != bits_of(want))
    assert wrong.size == 0, (
        f"{name} {got.dtype}: {wrong.size} results differ, first: "
        f"{name}({', '.join(repr(a[wrong[0]]) for a in args)}) = {got[wrong[0]]!r}, "
        f"want {want[wrong[0]]!r}"
    )


# ----- parallel: the serial bits ------------------------------------------------------------


@OPENMP
@pytest.mark.parametrize("name", [kernel.name for kernel in KERNELS])
def test_parallel_gives_the_serial_bits(
    name: str, float_dtype: type[np.floating[Any]], make_inputs: MakeInputs
) -> None:
    args = make_inputs(BY_NAME[name], float_dtype, SIZE, 3)
    expected = bits_of(run(name, args))
    for threads in THREAD_COUNTS:
        got = run(name, args, threads)
        assert got.dtype == float_dtype
        assert np.array_equal(bits_of(got), expected), f"{name}_parallel, {threads} threads"


@OPENMP
@pytest.mark.parametrize("size", [0, 1, 2, 5])
def test_parallel_with_fewer_elements_than_threads(size: int) -> None:
    x = np.linspace(-3.0, 3.0, size)
    want = run("gelu", [x])
    assert np.array_equal(bits_of(run("gelu", [x], 3)), bits_of(want))


# ----- arguments --------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("threads", [None, 2], ids=["serial", "parallel"])
def test_length_mismatch_is_a_value_error_naming_the_kernel(
    kernel: simdkern.Kernel, dtype: type[np.floating[Any]], threads: int | None
) -> None:
    name = kernel.name
    function = serial(name) if threads is None else parallel(name)
    extra = () if threads is None else (threads,)
    for short in range(kernel.nin + 1):  # each input in turn, then out
        arrays = [np.ones(10 if i != short else 9, dtype=dtype) for i in range(kernel.nin + 1)]
        with pytest.raises(ValueError, match=name):
            function(*arrays, *extra)


@pytest.mark.parametrize("threads", [None, 2], ids=["serial", "parallel"])
def test_non_contiguous_arrays_are_refused(kernel: simdkern.Kernel, threads: int | None) -> None:
    name = kernel.name
    function = serial(name) if threads is None else parallel(name)
    extra = () if threads is None else (threads,)
    for strided in range(kernel.nin + 1):
        arrays = [np.ones(20)[::2] if i == strided else np.ones(10) for i in range(kernel.nin + 1)]
        with pytest.raises((ValueError, TypeError)):
            function(*arrays, *extra)
    with pytest.raises((ValueError, TypeError)):  # 2-D
        function(*(np.ones((2, 5)) for _ in range(kernel.nin + 1)), *extra)


def test_dtypes_must_agree_and_be_float32_or_float64(kernel: simdkern.Kernel) -> None:
    function = serial(kernel.name)
    inputs = [np.ones(4, dtype=np.float32) for _ in range(kernel.nin)]
    with pytest.raises((ValueError, TypeError)):
        function(*inputs, np.empty(4, dtype=np.float64))
    with pytest.raises((ValueError, TypeError)):
        function(*(np.ones(4, dtype=np.int64) for _ in range(kernel.nin)), np.empty(4))
    with pytest.raises((ValueError, TypeError)):
        function(*(np.ones(4, dtype=np.float16) for _ in range(kernel.nin + 1)))


def test_read_only_inputs_are_accepted_read_only_out_is_not() -> None:
    x = np.linspace(0.0, 1.0, 9)
    x.flags.writeable = False
    out = np.empty_like(x)
    peers.exp(x, out)
    assert np.array_equal(out, np.exp(x))
    with pytest.raises((ValueError, TypeError)):
        peers.exp(np.empty_like(x), x)


def test_num_threads_must_be_positive() -> None:
    x = np.ones(8)
    for threads in (0, -1):
        with pytest.raises(ValueError, match="gelu_parallel"):
            peers.gelu_parallel(x, np.empty_like(x), threads)


# ----- free-threading -------------------------------------------------------------------


@pytest.mark.thread_unsafe(reason="starts a Python subprocess")
@pytest.mark.skipif(
    not sysconfig.get_config_var("Py_GIL_DISABLED"), reason="needs a free-threaded CPython"
)
def test_gil_stays_disabled_after_importing_the_cython_peers() -> None:
    """A module without freethreading_compatible would turn the GIL back on at import."""
    script = (
        "import sys\n"
        "import numpy as np\n"
        "assert 'gil' not in sys._xoptions and not sys._is_gil_enabled()\n"
        "import simdkern.peers._cython as peers\n"
        "x = np.linspace(-3.0, 3.0, 1000)\n"
        "out = np.empty_like(x)\n"
        "peers.gelu(x, out)\n"
        "peers.gelu_parallel(x, out, 2)\n"
        "print(sys._is_gil_enabled())\n"
    )
    # PYTHON_GIL=1 (or -X gil=1, which a child does not inherit) would force the GIL on
    env = {name: value for name, value in os.environ.items() if name != "PYTHON_GIL"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "False", completed.stderr
