"""Results do not depend on array layout: size, position, stride, overlap, ISA.

Every comparison here is bitwise (NaN payloads and signed zeros included):
the design promises identical results for any position, stride and size on
one ISA, and results within the documented bound across ISAs.
"""

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import DTypeLike, NDArray

Inputs = list[NDArray[Any]]
MakeInputs = Callable[[simdkern.Kernel, DTypeLike, int, int], Inputs]
Bits = Callable[[NDArray[Any]], NDArray[Any]]
Ulps = Callable[[NDArray[Any], NDArray[Any]], NDArray[np.int64]]

SIZES = range(68)
LARGE = 10_000
STRIDES = (1, 2, 3, 4, -1, -2, -3, -4)


def call(kernel: simdkern.Kernel, *args: Any, **kwargs: Any) -> NDArray[Any]:
    """The kernel's ufunc with floating-point warnings silenced (specials are inputs here)."""
    with np.errstate(all="ignore"):
        return np.asarray(kernel.ufunc(*args, **kwargs))


def assert_same_bits(bits: Bits, got: NDArray[Any], want: NDArray[Any], what: str) -> None:
    assert got.shape == want.shape, what
    assert got.dtype == want.dtype, what
    differ = np.nonzero(bits(got) != bits(want))[0]
    assert differ.size == 0, (
        f"{what}: {differ.size} elements differ, first at {differ[:5].tolist()}: "
        f"got {got.ravel()[differ[:3]].tolist()}, want {want.ravel()[differ[:3]].tolist()}"
    )


def test_every_size_matches_elementwise_calls(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_inputs(kernel, float_dtype, max(SIZES), 1)
    one_by_one = np.concatenate(
        [call(kernel, *(a[i : i + 1] for a in args)) for i in range(max(SIZES))]
    )
    for n in SIZES:
        whole = call(kernel, *(a[:n] for a in args))
        assert_same_bits(bits, whole, one_by_one[:n], f"{kernel.name} size {n}")


def test_position_does_not_change_results(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_inputs(kernel, float_dtype, LARGE, 2)
    whole = call(kernel, *args)
    for start in range(9):
        for n in (1, 5, 16, 31, 67):
            part = call(kernel, *(a[start : start + n] for a in args))
            assert_same_bits(bits, part, whole[start : start + n], f"offset {start} size {n}")
    singles = [call(kernel, *(a[i : i + 1] for a in args)) for i in range(0, LARGE, 97)]
    assert_same_bits(bits, np.concatenate(singles), whole[::97], "elements of a large array")


@pytest.mark.parametrize("step", STRIDES)
def test_strided_views_match_contiguous(
    kernel: simdkern.Kernel,
    float_dtype: DTypeLike,
    step: int,
    make_inputs: MakeInputs,
    bits: Bits,
) -> None:
    for n in (*range(0, 40), LARGE):
        args = make_inputs(kernel, float_dtype, n * abs(step), n + 3)
        whole = call(kernel, *args)
        strided = call(kernel, *(a[::step] for a in args))
        assert_same_bits(bits, strided, whole[::step], f"{kernel.name} size {n} step {step}")


def test_mixed_strides_between_operands(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    n = 203
    args = make_inputs(kernel, float_dtype, 4 * n, 4)
    views = [a[:: STRIDES[i * 3 % len(STRIDES)]][:n] for i, a in enumerate(args)]
    want = call(kernel, *(v.copy() for v in views))
    assert_same_bits(bits, call(kernel, *views), want, "mixed strides")
    out = np.zeros(3 * n, dtype=float_dtype)[::-3]
    call(kernel, *views, out=out)
    assert_same_bits(bits, out, want, "strided output")


def test_broadcast_zero_stride_operands(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    n = 131
    args = make_inputs(kernel, float_dtype, n, 5)
    for scalar_arg in range(kernel.nin):
        value = args[scalar_arg][7:8]
        broadcast = [
            np.broadcast_to(value, (n,)) if i == scalar_arg else a for i, a in enumerate(args)
        ]
        materialised = [np.ascontiguousarray(b) for b in broadcast]
        assert broadcast[scalar_arg].strides == (0,)
        assert_same_bits(
            bits,
            call(kernel, *broadcast),
            call(kernel, *materialised),
            f"operand {scalar_arg} broadcast",
        )
    every = [np.broadcast_to(a[3:4], (n,)) for a in args]
    single = call(kernel, *(a[3:4] for a in args))
    assert_same_bits(bits, call(kernel, *every), np.repeat(single, n), "all operands broadcast")


def test_in_place(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    for n in (1, 7, 64, 1001):
        args = make_inputs(kernel, float_dtype, n, n)
        want = call(kernel, *(a.copy() for a in args))
        target = args[-1]
        result = call(kernel, *args, out=target)
        assert np.shares_memory(result, target)
        assert_same_bits(bits, target, want, f"out= last input, size {n}")


@pytest.mark.parametrize("shift", [1, 2, 3, 8, -1, -3])
def test_output_partially_overlapping_inputs(
    kernel: simdkern.Kernel,
    float_dtype: DTypeLike,
    shift: int,
    make_inputs: MakeInputs,
    bits: Bits,
) -> None:
    """NumPy's rule: the result is as if every input were copied first."""
    for n in (9, 17, 100, 3000):
        buffer = make_inputs(kernel, float_dtype, n + 8, n)[0]
        lo, hi = (0, shift) if shift > 0 else (-shift, 0)
        m = n - abs(shift)
        inputs = [buffer[lo + i % 2 : lo + i % 2 + m] for i in range(kernel.nin)]
        want = call(kernel, *(v.copy() for v in inputs))
        out = buffer[hi : hi + m]
        call(kernel, *inputs, out=out)
        assert_same_bits(bits, out, want, f"output shifted by {shift}, size {n}")


def test_add_into_its_own_shifted_view() -> None:
    x = np.arange(10.0)
    expected = np.add(x[:-1].copy(), x[1:].copy())
    simdkern.add(x[:-1], x[1:], out=x[1:])
    np.testing.assert_array_equal(x[1:], expected)
    y = np.arange(10.0)
    np.add(y[:-1], y[1:], out=y[1:])
    np.testing.assert_array_equal(x, y)


def every_other_column(array: NDArray[Any]) -> NDArray[Any]:
    """The same values, in a view whose rows and columns are both strided."""
    rows, columns = array.shape
    wide = np.zeros((rows, 2 * columns), dtype=array.dtype)
    wide[:, ::2] = array
    return wide[:, ::2]


def test_two_dimensional_layouts(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    shape = (37, 29)
    flat = make_inputs(kernel, float_dtype, shape[0] * shape[1], 6)
    c_order = [a.reshape(shape) for a in flat]
    want = call(kernel, *c_order)
    layouts: dict[str, list[NDArray[Any]]] = {
        "fortran": [np.asfortranarray(a) for a in c_order],
        "transposed": [np.ascontiguousarray(a.T).T for a in c_order],
        "every other column": [every_other_column(a) for a in c_order],
        "reversed": [np.ascontiguousarray(a[::-1, ::-1])[::-1, ::-1] for a in c_order],
    }
    for name, operands in layouts.items():
        assert all(
            np.array_equal(o, c, equal_nan=True) for o, c in zip(operands, c_order, strict=True)
        )
        got = call(kernel, *operands)
        assert_same_bits(bits, got.ravel(), want.ravel(), f"{name} inputs")
        fortran_out = np.empty(shape, dtype=float_dtype, order="F")
        call(kernel, *operands, out=fortran_out)
        assert_same_bits(bits, fortran_out.ravel(), want.ravel(), f"{name} into Fortran out")
    transposed = call(kernel, *(a.T for a in c_order))
    assert_same_bits(bits, transposed.T.ravel(), want.ravel(), "transposed views")


def test_float16_layout(kernel: simdkern.Kernel, make_inputs: MakeInputs, bits: Bits) -> None:
    args = make_inputs(kernel, np.float16, 4 * 700, 7)
    whole = call(kernel, *args)
    for step in STRIDES:
        assert_same_bits(bits, call(kernel, *(a[::step] for a in args)), whole[::step], "f16")
    singles = np.concatenate([call(kernel, *(a[i : i + 1] for a in args)) for i in range(300)])
    assert_same_bits(bits, singles, whole[:300], "f16 elements")


# ----- every ISA -------------------------------------------------------------

ISA_SCRIPT = """
import json, sys
import numpy as np
import simdkern

def inputs(kernel, dtype, n, seed):
    rng = np.random.default_rng(seed)
    arrays = []
    for _ in range(kernel.nin):
        kind = rng.integers(0, 4, size=n)
        ordinary = rng.standard_normal(n) * 4.0
        limit = 0.9 * np.log10(float(np.finfo(dtype).max))
        wide = np.copysign(10.0 ** rng.uniform(-limit, limit, n), ordinary)
        special = rng.choice([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0], size=n)
        values = np.where(kind < 2, ordinary, np.where(kind < 3, wide, special)).astype(dtype)
        arrays.append(np.abs(values) if kernel.domain == "nonneg" else values)
    return arrays

np.seterr(all="ignore")
report = {"isa": simdkern.isa(), "layout_failures": []}
for kernel in simdkern.catalogue():
    for dtype in (np.float32, np.float64):
        args = inputs(kernel, dtype, 4 * 300, 11)
        whole = kernel.ufunc(*args)
        np.save(sys.argv[1] + f"/{kernel.name}_{np.dtype(dtype).name}.npy", whole)
        unsigned = np.uint32 if dtype == np.float32 else np.uint64
        for step in (1, 2, 3, 4, -1, -2, -3, -4):
            got = kernel.ufunc(*(a[::step] for a in args)).view(unsigned)
            if not np.array_equal(got, whole[::step].view(unsigned)):
                report["layout_failures"].append(f"{kernel.name} {dtype.__name__} step {step}")
        singles = np.concatenate([kernel.ufunc(*(a[i:i + 1] for a in args)) for i in range(300)])
        if not np.array_equal(singles.view(unsigned), whole[:300].view(unsigned)):
            report["layout_failures"].append(f"{kernel.name} {dtype.__name__} positions")
print(json.dumps(report))
"""


def run_with_isa(isa: str, directory: Path) -> dict[str, Any]:
    env = {**os.environ, "SIMDKERN_ISA": isa}
    directory.mkdir()
    completed = subprocess.run(
        [sys.executable, "-c", ISA_SCRIPT, str(directory)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


@pytest.fixture(scope="module")
def isa_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], Path]]:
    """For every ISA this machine runs: the subprocess's report and its saved results."""
    base = tmp_path_factory.mktemp("isa")
    return {isa: (run_with_isa(isa, base / isa), base / isa) for isa in simdkern.isas()}


@pytest.mark.parametrize("isa", simdkern.isas())
def test_isa_is_selected_by_environment(
    isa: str, isa_results: dict[str, tuple[dict[str, Any], Path]]
) -> None:
    report, _ = isa_results[isa]
    assert report["isa"] == isa


@pytest.mark.parametrize("isa", simdkern.isas())
def test_layout_identity_on_every_isa(
    isa: str, isa_results: dict[str, tuple[dict[str, Any], Path]]
) -> None:
    report, _ = isa_results[isa]
    assert report["layout_failures"] == []


def test_isas_agree_within_the_documented_bound(
    kernel: simdkern.Kernel,
    float_dtype: DTypeLike,
    isa_results: dict[str, tuple[dict[str, Any], Path]],
    bits: Bits,
    ulps: Ulps,
) -> None:
    """Each ISA is within the bound of the true value, so two ISAs are within twice it.

    Kernels whose flags are the hardware's (HW) are correctly rounded: identical.
    """
    name = f"{kernel.name}_{np.dtype(float_dtype).name}.npy"
    results = {isa: np.load(directory / name) for isa, (_, directory) in isa_results.items()}
    best = simdkern.isas()[-1]
    for isa, result in results.items():
        if kernel.flags == "HW":
            assert_same_bits(bits, result, results[best], f"{isa} vs {best}")
            continue
        distance = ulps(result, results[best])
        allowed = 2 * (kernel.ulp_f64 if np.dtype(float_dtype) == np.float64 else kernel.ulp_f32)
        worst = int(distance.max(initial=0))
        assert worst <= allowed, f"{kernel.name} {isa} vs {best}: {worst} ULP apart"


@pytest.mark.thread_unsafe(reason="starts a Python subprocess")
def test_bogus_isa_name_warns_and_uses_the_best() -> None:
    env = {**os.environ, "SIMDKERN_ISA": "pentium-mmx"}
    script = (
        "import warnings, json\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    import simdkern\n"
        "print(json.dumps({'isa': simdkern.isa(), 'best': simdkern.isas()[-1],"
        " 'warnings': [(w.category.__name__, str(w.message)) for w in caught]}))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["isa"] == report["best"]
    runtime = [message for category, message in report["warnings"] if category == "RuntimeWarning"]
    assert len(runtime) == 1, report["warnings"]
    assert "pentium-mmx" in runtime[0]
    assert "SIMDKERN_ISA" in runtime[0]


@pytest.mark.thread_unsafe(reason="starts a Python subprocess; catches warnings")
def test_no_warning_without_an_isa_override() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SIMDKERN_ISA"}
    script = "import warnings\nwarnings.simplefilter('error')\nimport simdkern\n"
    completed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert simdkern.isa() in simdkern.isas()
