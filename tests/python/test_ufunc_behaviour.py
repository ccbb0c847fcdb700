"""Every kernel behaves like a NumPy ufunc: same arguments, same answers, same errors."""

import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import DTypeLike, NDArray

Inputs = list[NDArray[Any]]
MakeInputs = Callable[[simdkern.Kernel, DTypeLike, int, int], Inputs]
Reference = Callable[..., NDArray[Any]]
Bits = Callable[[NDArray[Any]], NDArray[Any]]
Close = Callable[[simdkern.Kernel, NDArray[Any], Sequence[NDArray[Any]]], NDArray[Any]]

CATALOGUE = simdkern.catalogue()
# the pairwise reductions (hypot has an identity but reduces in order, below)
REDUCING = [k for k in CATALOGUE if k.name in ("add", "multiply")]
IDENTITY_VALUE = {"zero": 0.0, "one": 1.0}
# Correctly rounded kernels with a NumPy ufunc of the same name: NumPy's is too.
HW_WITH_NUMPY_NAMESAKE = [
    k for k in CATALOGUE if k.flags == "HW" and isinstance(getattr(np, k.name, None), np.ufunc)
]


def ids(kernels: Sequence[simdkern.Kernel]) -> list[str]:
    return [k.name for k in kernels]


def numpy_counterpart(kernel: simdkern.Kernel) -> np.ufunc | None:
    """NumPy's ufunc of the same name, else one with the same arity, for error parity."""
    namesake = getattr(np, kernel.name, None)
    if isinstance(namesake, np.ufunc):
        return namesake
    return {1: np.exp, 2: np.add}.get(kernel.nin)


def quiet(kernel: simdkern.Kernel, *args: Any, **kwargs: Any) -> Any:
    with np.errstate(all="ignore"):
        return kernel.ufunc(*args, **kwargs)


def assert_all_close(close: Close, kernel: simdkern.Kernel, got: Any, args: Sequence[Any]) -> None:
    arrays = [np.asarray(a) for a in args]
    ok = close(kernel, np.asarray(got), arrays)
    bad = np.nonzero(~ok.ravel())[0]
    assert bad.size == 0, f"{kernel.name}: {bad.size} values off, first at flat index {bad[:5]}"


# ----- values ---------------------------------------------------------------


def test_values_match_numpy_reference(
    kernel: simdkern.Kernel,
    float_dtype: DTypeLike,
    make_ordinary_inputs: MakeInputs,
    close: Close,
) -> None:
    args = make_ordinary_inputs(kernel, float_dtype, 1000, 1)
    assert_all_close(close, kernel, quiet(kernel, *args), args)


@pytest.mark.parametrize("hw_kernel", HW_WITH_NUMPY_NAMESAKE, ids=ids(HW_WITH_NUMPY_NAMESAKE))
def test_correctly_rounded_kernels_equal_numpy_bitwise(
    hw_kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_inputs(hw_kernel, float_dtype, 2000, 2)
    namesake: np.ufunc = getattr(np, hw_kernel.name)
    with np.errstate(all="ignore"):
        want = namesake(*args)
    got = quiet(hw_kernel, *args)
    finite = np.isfinite(want)  # NaN payloads may legitimately differ
    np.testing.assert_array_equal(bits(got[finite]), bits(want[finite]))
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))


BROADCAST_SHAPES: dict[int, list[tuple[tuple[int, ...], ...]]] = {
    1: [((),), ((5,),), ((3, 4),), ((2, 0, 3),)],
    2: [((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((5,), ()), ((0, 3), (1, 3))],
    3: [((3, 1, 1), (1, 4, 1), (1, 1, 5)), ((4,), (), (2, 4)), ((2, 3), (3,), (1,))],
}


def test_broadcasting_shapes_and_values(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, close: Close
) -> None:
    rng = np.random.default_rng(3)
    for shapes in BROADCAST_SHAPES[kernel.nin]:
        args = [rng.uniform(0.1, 3.0, size=s).astype(float_dtype) for s in shapes]
        got = np.asarray(kernel.ufunc(*args))
        assert got.shape == np.broadcast_shapes(*shapes)
        assert got.dtype == np.dtype(float_dtype)
        assert_all_close(close, kernel, got, np.broadcast_arrays(*args))
    if kernel.nin > 1:
        with pytest.raises(ValueError, match="broadcast"):
            kernel.ufunc(*([np.ones(3)] * (kernel.nin - 1)), np.ones(4))


# ----- dtypes -----------------------------------------------------------------

FLOAT_INPUTS = [
    (np.float16,),
    (np.float32,),
    (np.float64,),
    (np.float16, np.float32),
    (np.float32, np.float64),
    (np.float64, np.float16),
]
INTEGER_INPUTS = [np.bool_, np.int8, np.uint8, np.int16, np.int32, np.int64, np.uint64]


@pytest.mark.parametrize("input_dtypes", FLOAT_INPUTS, ids=str)
def test_float_result_dtype_follows_numpy(
    kernel: simdkern.Kernel, input_dtypes: tuple[DTypeLike, ...]
) -> None:
    args = [np.ones(3, dtype=input_dtypes[i % len(input_dtypes)]) for i in range(kernel.nin)]
    expected = np.result_type(*args)
    assert quiet(kernel, *args).dtype == expected
    if (counterpart := numpy_counterpart(kernel)) is not None and counterpart.nin == kernel.nin:
        assert counterpart(*args).dtype == expected


@pytest.mark.parametrize("int_dtype", INTEGER_INPUTS, ids=lambda d: np.dtype(d).name)
def test_bool_and_integer_inputs_compute_in_float64(
    kernel: simdkern.Kernel, int_dtype: DTypeLike, bits: Bits
) -> None:
    """Documented: unlike np.add on ints, the result is float64 (like np.sin on int32)."""
    values = np.array([0, 1, 2, 3, 5, 7, 100], dtype=np.int64)
    args = [np.asarray(values + i, dtype=int_dtype) for i in range(kernel.nin)]
    got = quiet(kernel, *args)
    assert got.dtype == np.float64
    want = quiet(kernel, *(a.astype(np.float64) for a in args))
    np.testing.assert_array_equal(bits(got), bits(want))


def test_python_scalars_and_weak_promotion(kernel: simdkern.Kernel) -> None:
    args32 = [np.ones(4, np.float32)] + [2.0] * (kernel.nin - 1)
    assert quiet(kernel, *args32).dtype == np.float32  # NEP 50: Python floats are weak
    assert quiet(kernel, *([3] * kernel.nin)).dtype == np.float64


def test_float16_computes_in_float32_and_rounds(
    kernel: simdkern.Kernel, make_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_inputs(kernel, np.float16, 5000, 4)
    got = quiet(kernel, *args)
    assert got.dtype == np.float16
    with np.errstate(all="ignore"):
        want = quiet(kernel, *(a.astype(np.float32) for a in args)).astype(np.float16)
    np.testing.assert_array_equal(bits(got), bits(want))


UNSUPPORTED: list[tuple[NDArray[Any], str]] = [
    (np.array([1 + 2j]), "complex128"),
    (np.array([1 + 2j], dtype=np.complex64), "complex64"),
    (np.array([1.0], dtype=object), "object"),
    (np.array(["a"]), "U"),
    (np.array([b"a"]), "S"),
    (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64"),
    (np.array([1], dtype="timedelta64[s]"), "timedelta64"),
]
if np.dtype(np.longdouble) != np.dtype(np.float64):
    UNSUPPORTED.append((np.array([1.0], dtype=np.longdouble), np.dtype(np.longdouble).name))


@pytest.mark.parametrize(("bad", "dtype_text"), UNSUPPORTED, ids=[t for _, t in UNSUPPORTED])
def test_unsupported_dtypes_raise_type_error_naming_ufunc_and_dtype(
    kernel: simdkern.Kernel, bad: NDArray[Any], dtype_text: str
) -> None:
    for position in range(kernel.nin):
        args = [bad if i == position else np.ones(1) for i in range(kernel.nin)]
        with pytest.raises(TypeError) as caught:
            kernel.ufunc(*args)
        message = str(caught.value)
        assert f"simdkern.{kernel.name}" in message
        assert dtype_text in message


def test_unsupported_dtype_keyword_raises_type_error(kernel: simdkern.Kernel) -> None:
    with pytest.raises(TypeError, match=f"simdkern.{kernel.name}.*complex128"):
        kernel.ufunc(*([np.ones(2)] * kernel.nin), dtype=np.complex128)


# ----- out=, where=, dtype=, casting= -------------------------------------------


def test_out_is_returned_and_filled(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_ordinary_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_ordinary_inputs(kernel, float_dtype, 50, 5)
    out = np.empty(50, dtype=float_dtype)
    result = kernel.ufunc(*args, out=out)
    assert result is out
    np.testing.assert_array_equal(bits(out), bits(quiet(kernel, *args)))
    tuple_result = kernel.ufunc(*args, out=(out,))
    assert tuple_result is out


def test_out_of_another_float_dtype_casts_like_numpy(
    kernel: simdkern.Kernel, make_ordinary_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_ordinary_inputs(kernel, np.float64, 50, 6)
    narrow = np.empty(50, dtype=np.float32)
    kernel.ufunc(*args, out=narrow)
    np.testing.assert_array_equal(bits(narrow), bits(quiet(kernel, *args).astype(np.float32)))


def test_out_of_wrong_shape_raises_like_numpy(kernel: simdkern.Kernel) -> None:
    args = [np.ones(10)] * kernel.nin
    counterpart = numpy_counterpart(kernel)
    with pytest.raises(ValueError) as ours:
        kernel.ufunc(*args, out=np.empty(9))
    if counterpart is not None:
        with pytest.raises(ValueError) as theirs:
            counterpart(*([np.ones(10)] * counterpart.nin), out=np.empty(9))
        assert type(ours.value) is type(theirs.value)
    with pytest.raises(ValueError):
        kernel.ufunc(*args, out=np.empty((10, 2)))


def test_out_of_integer_dtype_raises_like_numpy(kernel: simdkern.Kernel) -> None:
    args = [np.ones(4)] * kernel.nin
    with pytest.raises(TypeError) as ours:
        kernel.ufunc(*args, out=np.empty(4, dtype=np.int64))
    if (counterpart := numpy_counterpart(kernel)) is not None:
        with pytest.raises(TypeError) as theirs:
            counterpart(*([np.ones(4)] * counterpart.nin), out=np.empty(4, dtype=np.int64))
        assert type(ours.value) is type(theirs.value)


def test_read_only_out_raises_value_error(kernel: simdkern.Kernel) -> None:
    out = np.zeros(5)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        kernel.ufunc(*([np.ones(5)] * kernel.nin), out=out)
    np.testing.assert_array_equal(out, 0.0)


def test_where_leaves_masked_out_elements_untouched(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_ordinary_inputs: MakeInputs, bits: Bits
) -> None:
    n = 301
    args = make_ordinary_inputs(kernel, float_dtype, n, 7)
    mask = np.random.default_rng(7).random(n) < 0.5
    sentinel = np.full(n, -12345.0, dtype=float_dtype)
    out = sentinel.copy()
    kernel.ufunc(*args, out=out, where=mask)
    full = quiet(kernel, *args)
    np.testing.assert_array_equal(bits(out[mask]), bits(full[mask]))
    np.testing.assert_array_equal(bits(out[~mask]), bits(sentinel[~mask]))


def test_where_broadcasts_over_rows(kernel: simdkern.Kernel, float_dtype: DTypeLike) -> None:
    args = [np.full((3, 4), 0.5 + i, dtype=float_dtype) for i in range(kernel.nin)]
    mask = np.array([True, False, True, False])
    out = np.full((3, 4), 9.0, dtype=float_dtype)
    kernel.ufunc(*args, out=out, where=mask)
    np.testing.assert_array_equal(out[:, ~mask], 9.0)
    np.testing.assert_array_equal(out[:, mask], quiet(kernel, *args)[:, mask])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64], ids=str)
def test_dtype_keyword_selects_the_loop(
    kernel: simdkern.Kernel, dtype: DTypeLike, make_ordinary_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_ordinary_inputs(kernel, np.float64, 64, 8)
    got = kernel.ufunc(*args, dtype=dtype)
    assert got.dtype == np.dtype(dtype)
    want = quiet(kernel, *(a.astype(dtype) for a in args))
    np.testing.assert_array_equal(bits(got), bits(want))


def test_casting_no_with_mixed_dtypes_raises_like_numpy(kernel: simdkern.Kernel) -> None:
    mixed = [np.ones(3, np.float32 if i == 0 else np.float64) for i in range(kernel.nin)]
    into = np.empty(3, np.float64)
    with pytest.raises(TypeError) as ours:
        kernel.ufunc(*mixed, casting="no", out=into)
    if (counterpart := numpy_counterpart(kernel)) is not None:
        theirs_args = [np.ones(3, np.float32 if i == 0 else np.float64) for i in range(2)]
        with pytest.raises(TypeError) as theirs:
            counterpart(*theirs_args[: counterpart.nin], casting="no", out=into)
        assert type(ours.value) is type(theirs.value)
    same = [np.ones(3)] * kernel.nin
    kernel.ufunc(*same, casting="no", out=into)  # nothing to cast: fine


def test_casting_safe_rejects_narrowing_out(kernel: simdkern.Kernel) -> None:
    with pytest.raises(TypeError):
        kernel.ufunc(*([np.ones(3)] * kernel.nin), out=np.empty(3, np.float32), casting="safe")


# ----- byte order and alignment ---------------------------------------------------


def unaligned_copy(values: NDArray[Any]) -> NDArray[Any]:
    """A copy of values at an odd address (one byte into a uint8 buffer)."""
    raw = np.zeros(values.nbytes + 1, dtype=np.uint8)
    view = raw[1:].view(values.dtype)
    view[...] = values
    return view


def test_byte_swapped_and_unaligned_inputs(
    kernel: simdkern.Kernel, float_dtype: DTypeLike, make_inputs: MakeInputs, bits: Bits
) -> None:
    args = make_inputs(kernel, float_dtype, 777, 9)
    native = quiet(kernel, *args)
    swapped = [
        a.astype(a.dtype.newbyteorder(">" if a.dtype.byteorder != ">" else "<")) for a in args
    ]
    assert all(not s.dtype.isnative for s in swapped)
    np.testing.assert_array_equal(bits(quiet(kernel, *swapped)), bits(native))
    unaligned = [unaligned_copy(a) for a in args]
    assert not any(u.flags.aligned for u in unaligned)
    np.testing.assert_array_equal(bits(quiet(kernel, *unaligned)), bits(native))
    swapped_out = np.empty(777, dtype=native.dtype.newbyteorder())
    quiet(kernel, *args, out=swapped_out)
    np.testing.assert_array_equal(bits(swapped_out.astype(native.dtype)), bits(native))
    unaligned_out = unaligned_copy(np.zeros_like(native))
    quiet(kernel, *unaligned, out=unaligned_out)
    np.testing.assert_array_equal(bits(np.array(unaligned_out)), bits(native))


# ----- scalars ------------------------------------------------------------------


def test_scalars_in_give_numpy_scalars_out(kernel: simdkern.Kernel) -> None:
    counterpart = numpy_counterpart(kernel)
    for scalar in (1.5, np.float64(1.5), np.float32(1.5), np.array(1.5), np.array(1.5, np.float32)):
        got = quiet(kernel, *([scalar] * kernel.nin))
        assert np.ndim(got) == 0
        assert issubclass(type(got), np.floating)
        if counterpart is not None:
            want: object = counterpart(*([scalar] * counterpart.nin))
            assert type(got) is type(want)
    zero_d_out = np.zeros(())
    assert quiet(kernel, *([0.5] * kernel.nin), out=zero_d_out) is zero_d_out


# ----- reduce and accumulate -------------------------------------------------------


@pytest.fixture(params=REDUCING, ids=ids(REDUCING))
def reducing(request: pytest.FixtureRequest) -> simdkern.Kernel:
    kernel: simdkern.Kernel = request.param
    return kernel


def numpy_namesake(kernel: simdkern.Kernel) -> np.ufunc:
    namesake = getattr(np, kernel.name)
    assert isinstance(namesake, np.ufunc), f"np.{kernel.name} to compare reductions with"
    return namesake


@pytest.mark.parametrize("axis", [None, 0, 1, 2, (0, 1), (0, 2), (1, 2), (0, 1, 2)], ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduce_over_axes_matches_numpy(
    reducing: simdkern.Kernel, axis: int | tuple[int, ...] | None, keepdims: bool
) -> None:
    rng = np.random.default_rng(10)
    data = rng.uniform(0.5, 1.5, size=(7, 9, 11))
    got = reducing.ufunc.reduce(data, axis=axis, keepdims=keepdims)
    want = numpy_namesake(reducing).reduce(data, axis=axis, keepdims=keepdims)
    assert np.shape(got) == np.shape(want)
    count = data.size // max(np.size(want), 1)
    tolerance = 4 * count * np.finfo(np.float64).eps
    np.testing.assert_allclose(got, want, rtol=tolerance, atol=0)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64], ids=str)
def test_reduce_keeps_float_dtype(reducing: simdkern.Kernel, dtype: DTypeLike) -> None:
    data = np.linspace(0.9, 1.1, 1000).astype(dtype)
    got = reducing.ufunc.reduce(data)
    assert got.dtype == np.dtype(dtype)
    want = numpy_namesake(reducing).reduce(data.astype(np.float64))
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(float(got), float(want), rtol=4 * eps * np.sqrt(data.size))


def test_reduce_of_integers_needs_a_float_dtype(reducing: simdkern.Kernel) -> None:
    # NumPy pins a reduction's result to the input's dtype unless dtype= or
    # out= says otherwise; simdkern has no integer loop, and says so clearly.
    data = np.arange(1, 11)
    with pytest.raises(TypeError, match=rf"simdkern\.{reducing.name} .*dtype=np\.float64"):
        reducing.ufunc.reduce(data)
    got = reducing.ufunc.reduce(data, dtype=np.float64)
    assert got.dtype == np.float64
    assert got == numpy_namesake(reducing).reduce(data.astype(np.float64))
    out = np.zeros(())
    reducing.ufunc.reduce(np.array([True, True, False]), out=out)
    assert out == numpy_namesake(reducing).reduce(np.array([1.0, 1.0, 0.0]))


def test_reduce_of_empty_gives_identity(reducing: simdkern.Kernel) -> None:
    identity = IDENTITY_VALUE[reducing.identity]
    assert reducing.ufunc.identity == identity
    assert reducing.ufunc.reduce(np.array([])) == identity
    np.testing.assert_array_equal(reducing.ufunc.reduce(np.ones((0, 4)), axis=0), identity)
    assert reducing.ufunc.reduce(np.ones((3, 0)), axis=1).shape == (3,)
    assert reducing.ufunc.reduce(np.zeros(0, np.float32)).dtype == np.float32


def test_reduce_initial_and_where_match_numpy(reducing: simdkern.Kernel) -> None:
    data = np.arange(1.0, 13.0).reshape(3, 4)
    mask = np.array([[True, False, True, True]])
    namesake = numpy_namesake(reducing)
    cases: list[dict[str, Any]] = [
        {"initial": 5.0},
        {"initial": 5.0, "where": mask},
        {"axis": 1, "initial": 2.0, "where": mask},
        {"axis": 0, "where": mask},
        {"axis": None, "where": mask},
    ]
    for kwargs in cases:
        got = reducing.ufunc.reduce(data, **kwargs)
        want = namesake.reduce(data, **kwargs)
        np.testing.assert_array_equal(got, want, err_msg=str(kwargs))


def test_reduce_into_out(reducing: simdkern.Kernel) -> None:
    data = np.linspace(1, 2, 24).reshape(4, 6)
    out = np.empty(6)
    assert reducing.ufunc.reduce(data, axis=0, out=out) is out
    np.testing.assert_allclose(out, numpy_namesake(reducing).reduce(data, axis=0), rtol=1e-14)


@pytest.mark.parametrize("axis", [0, 1])
def test_accumulate_is_exact_on_small_integers(reducing: simdkern.Kernel, axis: int) -> None:
    rng = np.random.default_rng(11)
    data = rng.integers(1, 4, size=(6, 9)).astype(np.float64)
    got = reducing.ufunc.accumulate(data, axis=axis)
    np.testing.assert_array_equal(got, numpy_namesake(reducing).accumulate(data, axis=axis))
    np.testing.assert_array_equal(
        reducing.ufunc.accumulate(data[:, ::-2].astype(np.float32), axis=axis),
        numpy_namesake(reducing).accumulate(data[:, ::-2].astype(np.float32), axis=axis),
    )


def test_accumulate_of_integers_needs_a_float_dtype(reducing: simdkern.Kernel) -> None:
    with pytest.raises(TypeError, match=r"dtype=np\.float64"):
        reducing.ufunc.accumulate(np.arange(1, 6))
    got = reducing.ufunc.accumulate(np.arange(1, 6), dtype=np.float64)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, numpy_namesake(reducing).accumulate(np.arange(1.0, 6.0)))


def test_in_order_reduce_matches_numpy(kernel: simdkern.Kernel) -> None:
    """subtract, maximum, fmin...: NumPy's in-order reduce and accumulate, NaN included."""
    namesake = getattr(np, kernel.name, None)
    if kernel.nin != 2 or kernel in REDUCING or not isinstance(namesake, np.ufunc):
        pytest.skip("a binary kernel without a pairwise reduction, with a NumPy namesake")
    if kernel.family != "arith":  # arctan2, hypot: both within their bounds, not bit-equal
        pytest.skip("IEEE operations and selections only: each step must equal NumPy's")
    rng = np.random.default_rng(5)
    for dtype in (np.float16, np.float32, np.float64):
        data = rng.uniform(-3.0, 3.0, (7, 1500)).astype(dtype)
        data[2, 700] = np.nan
        for axis in (0, 1, None):
            with np.errstate(all="ignore"):
                try:
                    want = namesake.reduce(data, axis=axis)
                except ValueError as refused:  # subtract: not reorderable, one axis only
                    with pytest.raises(ValueError, match="reorderable"):
                        kernel.ufunc.reduce(data, axis=axis)
                    assert "reorderable" in str(refused)
                    continue
                got = kernel.ufunc.reduce(data, axis=axis)
            np.testing.assert_array_equal(got, want, err_msg=f"{dtype} axis={axis}")
        with np.errstate(all="ignore"):
            got = kernel.ufunc.accumulate(data[3])
            want = namesake.accumulate(data[3])
        np.testing.assert_array_equal(got, want)
    if namesake.identity is None:
        with pytest.raises(ValueError, match="identity"):
            kernel.ufunc.reduce(np.ones(0))
    else:  # hypot: 0
        assert kernel.ufunc.identity == namesake.identity
        assert kernel.ufunc.reduce(np.ones(0)) == namesake.reduce(np.ones(0))


def test_reduce_is_refused_where_numpy_refuses_it(kernel: simdkern.Kernel) -> None:
    if kernel.nin == 2:
        pytest.skip("binary ufuncs reduce")
    with pytest.raises(ValueError, match="binary"):
        kernel.ufunc.reduce(np.ones(3))


# ----- pickling and __array_ufunc__ -------------------------------------------------


def test_pickle_round_trip_gives_the_same_object(kernel: simdkern.Kernel) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(kernel.ufunc, protocol=protocol)) is kernel.ufunc


@pytest.mark.thread_unsafe(reason="starts a process pool")
def test_multiprocessing_spawn_pool_runs_a_ufunc() -> None:
    """The ufunc goes to the child by reference (pickled by name), as dask would send it."""
    context = multiprocessing.get_context("spawn")
    chunks = [np.linspace(0.0, 1.0, 5), np.arange(3.0)]
    with context.Pool(1) as pool:
        results = pool.map(simdkern.exp, chunks)
    for chunk, result in zip(chunks, results, strict=True):
        np.testing.assert_array_equal(result, simdkern.exp(chunk))


class Recorder:
    """An array-like that answers every ufunc call with what it was asked."""

    def __array_ufunc__(
        self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any
    ) -> tuple[np.ufunc, str, tuple[Any, ...], dict[str, Any]]:
        return ufunc, method, inputs, kwargs


def test_array_ufunc_dispatch(kernel: simdkern.Kernel) -> None:
    recorder = Recorder()
    for position in range(kernel.nin):
        args = [recorder if i == position else np.ones(2) for i in range(kernel.nin)]
        ufunc, method, inputs, _ = kernel.ufunc(*args)
        assert ufunc is kernel.ufunc
        assert method == "__call__"
        assert inputs[position] is recorder
    ufunc, method, _, kwargs = kernel.ufunc(*([np.ones(2)] * kernel.nin), out=(recorder,))
    assert (ufunc, method) == (kernel.ufunc, "__call__")
    assert kwargs["out"] == (recorder,)


def test_array_ufunc_dispatch_of_reduce(reducing: simdkern.Kernel) -> None:
    recorder: Any = Recorder()
    ufunc, method, _, kwargs = reducing.ufunc.reduce(recorder, axis=0)
    assert (ufunc, method, kwargs["axis"]) == (reducing.ufunc, "reduce", 0)


# ----- attributes -------------------------------------------------------------------


def test_ufunc_attributes(kernel: simdkern.Kernel) -> None:
    ufunc = kernel.ufunc
    assert isinstance(ufunc, np.ufunc)
    assert ufunc.__name__ == kernel.name
    assert ufunc.nin == kernel.nin
    assert ufunc.nout == 1
    assert ufunc.nargs == kernel.nin + 1
    assert ufunc.ntypes == len(ufunc.types)
    assert ufunc.signature is None
    assert ufunc.identity == IDENTITY_VALUE.get(kernel.identity)
    assert getattr(simdkern, kernel.name) is ufunc


def test_docstring_states_meaning_and_accuracy(kernel: simdkern.Kernel) -> None:
    doc = kernel.ufunc.__doc__
    assert doc is not None
    assert kernel.summary in doc
    assert kernel.numpy_ref in doc
    assert "ULP" in doc
    assert f"{kernel.ulp_f64:.1f} ULP" in doc
