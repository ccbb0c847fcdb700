"""Property tests: any shapes, any broadcastable operands, any supported dtype."""

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
import simdkern
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray

Close = Callable[[simdkern.Kernel, NDArray[Any], Sequence[NDArray[Any]]], NDArray[Any]]
Reference = Callable[..., NDArray[Any]]

# Hypothesis's support for one test run by several threads at once is recent and
# partial: under pytest-run-parallel its examples, shrinking and health checks get one.
pytestmark = pytest.mark.thread_unsafe(reason="hypothesis runs its examples in one thread")

INPUT_DTYPES = [np.dtype(d) for d in (np.float16, np.float32, np.float64, np.int32, np.bool_)]


def result_dtype(dtypes: Sequence[np.dtype[Any]]) -> np.dtype[Any]:
    """The documented promotion: NumPy's common dtype, computed in float64 if not a float."""
    common = np.result_type(*dtypes)
    return common if common.kind == "f" else np.dtype(np.float64)


def elements_for(dtype: np.dtype[Any]) -> st.SearchStrategy[Any]:
    if dtype.kind == "b":
        return st.booleans()
    if dtype.kind == "i":
        return st.integers(-1000, 1000)
    return hnp.from_dtype(dtype, allow_nan=True, allow_infinity=True, allow_subnormal=True)


@st.composite
def operands(draw: st.DrawFn, nin: int) -> list[NDArray[Any]]:
    """nin arrays of mutually broadcastable shapes and independently drawn dtypes."""
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=nin, max_dims=3, max_side=6))
    arrays: list[NDArray[Any]] = []
    for shape in shapes.input_shapes:
        dtype = draw(st.sampled_from(INPUT_DTYPES))
        arrays.append(draw(hnp.arrays(dtype, shape, elements=elements_for(dtype))))
    return arrays


def check_call(
    kernel: simdkern.Kernel, args: list[NDArray[Any]], close: Close, reference: Reference
) -> None:
    with np.errstate(all="ignore"):
        got = np.asarray(kernel.ufunc(*args))
    assert got.shape == np.broadcast_shapes(*(a.shape for a in args))
    assert got.dtype == result_dtype([a.dtype for a in args])
    # compare in the dtype the kernel computed in, against NumPy's expression there
    compute = np.float32 if got.dtype == np.float16 else got.dtype
    exact = [np.broadcast_to(a.astype(compute), got.shape) for a in args]
    with np.errstate(all="ignore"):
        ours = np.asarray(kernel.ufunc(*exact))
    want = np.broadcast_to(reference(kernel, *exact).astype(ours.dtype), ours.shape)
    # NumPy's expression may overflow in an intermediate where the fused kernel does not
    comparable = ~(~np.isfinite(want) & np.isfinite(ours))
    ok = close(kernel, ours, exact) | ~comparable
    bad = np.nonzero(~ok.ravel())[0]
    assert bad.size == 0, (
        f"{kernel.name}{tuple(e.ravel()[bad[0]] for e in exact)}: "
        f"got {ours.ravel()[bad[0]]!r}, NumPy {want.ravel()[bad[0]]!r}"
    )
    if got.dtype == np.float16:
        with np.errstate(all="ignore"):
            np.testing.assert_array_equal(got, ours.astype(np.float16))


def test_any_operands(kernel: simdkern.Kernel, close: Close, reference: Reference) -> None:
    @given(operands(kernel.nin))
    def check(args: list[NDArray[Any]]) -> None:
        check_call(kernel, args, close, reference)

    check()


@given(
    data=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=3, max_side=7),
        elements=st.floats(-1e6, 1e6),
    ),
    keepdims=st.booleans(),
    axis_pick=st.integers(0, 7),
)
def test_reductions_match_numpy(data: NDArray[np.float64], keepdims: bool, axis_pick: int) -> None:
    axes = [None, *range(data.ndim), tuple(range(data.ndim))]
    axis = axes[axis_pick % len(axes)]
    for kernel in simdkern.catalogue():
        if kernel.name != "add":
            continue
        namesake: np.ufunc = getattr(np, kernel.name)
        got = kernel.ufunc.reduce(data, axis=axis, keepdims=keepdims)
        want = namesake.reduce(data, axis=axis, keepdims=keepdims)
        assert np.shape(got) == np.shape(want)
        scale = np.add.reduce(np.abs(data), axis=axis, keepdims=keepdims)
        count = max(data.size // max(np.size(want), 1), 1)
        tolerance = 4 * count * np.finfo(np.float64).eps * scale
        assert np.all(np.abs(np.asarray(got) - want) <= tolerance)


@given(
    x=hnp.arrays(
        hnp.floating_dtypes(sizes=(32, 64)),
        hnp.array_shapes(max_dims=2, max_side=40),
        elements={"allow_nan": True, "allow_infinity": True},
    )
)
def test_strided_and_reversed_views_agree(x: NDArray[Any]) -> None:
    for kernel in simdkern.catalogue():
        args = [x] * kernel.nin
        with np.errstate(all="ignore"):
            whole = np.asarray(kernel.ufunc(*args))
            reversed_view = np.asarray(kernel.ufunc(*(a[..., ::-1] for a in args)))
        np.testing.assert_array_equal(reversed_view, whole[..., ::-1])
