"""Reductions and row functions with NumPy's (and SciPy's) signatures.

Each function moves the reduced axes last and calls one of the gufuncs of
``simdkern.gufuncs``, which run the row kernels (blocked pairwise sums, two-
pass variance, NaN-propagating extremes, online max-and-sum softmax) on
simdkern's thread pool with the same bits for any thread count.

Dtypes: float32 and float64 compute in their own type; float16 computes in
float32 and returns float16, as NumPy does.  Where NumPy's result is a float
for any input (``mean``, ``var``, ``std``, ``nrm2``, the softmax family),
bool and integer inputs compute in float64 as NumPy's do.  Where NumPy keeps
an integer result (``sum``, ``min``, ``max``, ``dot``), an integer input is a
``TypeError`` naming the dtype (pass ``dtype=np.float64`` to ``sum``);
``argmin``/``argmax`` accept bool and integers of up to 32 bits, which float64
holds exactly.  Empty input gives NumPy's result, warning or error.
"""

from __future__ import annotations

import math
import operator
import warnings
from collections.abc import Callable, Sequence
from typing import Any, SupportsIndex, TypeAlias

import numpy as np
import numpy.typing as npt
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from simdkern import _gufuncs

Axis: TypeAlias = SupportsIndex | Sequence[SupportsIndex] | None

__all__ = [
    "argmax",
    "argmin",
    "dot",
    "log_softmax",
    "logsumexp",
    "max",
    "mean",
    "min",
    "nrm2",
    "softmax",
    "std",
    "sum",
    "var",
]

_F16 = np.dtype(np.float16)
_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)
_EXACT_IN_F64 = frozenset("?bBhHiI")  # bool and integers of up to 32 bits


def _compute_dtype(
    name: str, arr: npt.NDArray[Any], dtype: npt.DTypeLike | None, ints: str
) -> tuple[np.dtype[Any], np.dtype[Any]]:
    """(dtype the gufunc runs in, dtype of the result) for NumPy's rules.

    ints: "float" (bool/int compute in float64 like NumPy's), "exact" (only
    those float64 holds exactly), "error" (NumPy's result would be an
    integer: refuse).
    """
    if dtype is not None:
        want = np.dtype(dtype)
        if want == _F16:
            return _F32, _F16
        if want in (_F32, _F64):
            return want, want
        msg = (
            f"simdkern.{name} computes in float16, float32 or float64, not in "
            f"dtype={want}; use numpy.{name} for other dtypes"
        )
        raise TypeError(msg)
    have = arr.dtype
    if have in (_F32, _F64):
        return have, have
    if have == _F16:
        return _F32, _F16
    if have.kind in "biu":
        if ints == "float" or (ints == "exact" and have.char in _EXACT_IN_F64):
            return _F64, _F64
        hint = " (pass dtype=np.float64 to compute in float64)" if name == "sum" else ""
        msg = (
            f"simdkern.{name} has no loop for {have} input: it computes in "
            f"float32 or float64, and numpy.{name} keeps an integer result here{hint}"
        )
        raise TypeError(msg)
    msg = (
        f"simdkern.{name} does not support {have} input: it computes in float16, "
        "float32 or float64 (bool and integer inputs where NumPy's result is a float)"
    )
    raise TypeError(msg)


def _to_rows(arr: npt.NDArray[Any], axes: tuple[int, ...]) -> npt.NDArray[Any]:
    """arr with the reduced axes last, merged into one (a view where possible)."""
    if len(axes) == 1:
        return np.moveaxis(arr, axes[0], -1)
    kept = [i for i in range(arr.ndim) if i not in axes]
    moved = arr.transpose([*kept, *axes])
    return moved.reshape((*moved.shape[: len(kept)], math.prod(arr.shape[i] for i in axes)))


def _axes(axis: Axis, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, Sequence):
        return normalize_axis_tuple([operator.index(a) for a in axis], ndim)
    return (normalize_axis_index(operator.index(axis), ndim),)


def _finish(
    result: npt.NDArray[Any],
    *,
    shape: tuple[int, ...],
    axes: tuple[int, ...],
    keepdims: bool,
    result_dtype: np.dtype[Any],
    out: npt.NDArray[Any] | None,
) -> Any:
    res = np.asarray(result)
    if res.dtype != result_dtype:
        res = res.astype(result_dtype)
    if keepdims:
        res = res.reshape(tuple(1 if i in axes else n for i, n in enumerate(shape)))
    if out is not None:
        if out.shape != res.shape:
            msg = f"out has shape {out.shape}, but the result has shape {res.shape}"
            raise ValueError(msg)
        np.copyto(out, res, casting="same_kind")
        return out
    return res[()] if res.ndim == 0 else res


def _reduce(
    name: str,
    gufunc: np.ufunc,
    a: npt.ArrayLike,
    *,
    axis: Axis,
    dtype: npt.DTypeLike | None,
    out: npt.NDArray[Any] | None,
    keepdims: bool,
    ints: str,
    empty: Callable[[tuple[int, ...], np.dtype[Any]], npt.NDArray[Any]] | None = None,
    extra: tuple[float, ...] = (),
) -> Any:
    arr = np.asarray(a)
    run_dt, result_dt = _compute_dtype(name, arr, dtype, ints)
    axes = _axes(axis, arr.ndim)
    n = math.prod(arr.shape[i] for i in axes)
    kept_shape = tuple(s for i, s in enumerate(arr.shape) if i not in axes)
    if n == 0 and empty is not None:
        result = empty(kept_shape, run_dt)
    else:
        rows = _to_rows(arr, axes) if axes else arr[..., np.newaxis]
        result = gufunc(rows, *extra, dtype=run_dt)
    return _finish(
        result, shape=arr.shape, axes=axes, keepdims=keepdims, result_dtype=result_dt, out=out
    )


def sum(
    a: npt.ArrayLike,
    axis: Axis = None,
    dtype: npt.DTypeLike | None = None,
    out: npt.NDArray[Any] | None = None,
    keepdims: bool = False,
) -> Any:
    """Sum of elements over the given axes, like ``numpy.sum``.

    Blocked pairwise summation: error near log2(n) * eps of the sum of
    magnitudes, and the same bits for any thread count and layout.  Integer
    and bool inputs need ``dtype=np.float64`` (NumPy sums them as integers).
    """
    return _reduce(
        "sum", _gufuncs.sum, a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, ints="error"
    )


def _mean_of_empty(shape: tuple[int, ...], dt: np.dtype[Any]) -> npt.NDArray[Any]:
    warnings.warn("Mean of empty slice.", RuntimeWarning, stacklevel=4)
    # 0/0 through NumPy: the same "invalid value" warning or error as numpy.mean
    return np.divide(np.zeros(shape, dt), 0)


def mean(
    a: npt.ArrayLike,
    axis: Axis = None,
    dtype: npt.DTypeLike | None = None,
    out: npt.NDArray[Any] | None = None,
    keepdims: bool = False,
) -> Any:
    """Arithmetic mean over the given axes, like ``numpy.mean``.

    The pairwise sum divided by n.  Bool and integer inputs compute in
    float64; float16 in float32.  Empty input: NaN and NumPy's warnings.
    """
    return _reduce(
        "mean",
        _gufuncs.mean,
        a,
        axis=axis,
        dtype=dtype,
        out=out,
        keepdims=keepdims,
        ints="float",
        empty=_mean_of_empty,
    )


def _var_like(
    name: str,
    gufunc: np.ufunc,
    a: npt.ArrayLike,
    *,
    axis: Axis,
    dtype: npt.DTypeLike | None,
    out: npt.NDArray[Any] | None,
    ddof: float,
    keepdims: bool,
) -> Any:
    arr = np.asarray(a)
    axes = _axes(axis, arr.ndim)
    n = math.prod(arr.shape[i] for i in axes)
    if ddof >= n:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=3)

    def empty(shape: tuple[int, ...], dt: np.dtype[Any]) -> npt.NDArray[Any]:
        return np.divide(np.zeros(shape, dt), 0)

    return _reduce(
        name,
        gufunc,
        arr,
        axis=axis,
        dtype=dtype,
        out=out,
        keepdims=keepdims,
        ints="float",
        empty=empty,
        extra=(float(ddof),),
    )


def var(  # noqa: PLR0917  # numpy.var's signature
    a: npt.ArrayLike,
    axis: Axis = None,
    dtype: npt.DTypeLike | None = None,
    out: npt.NDArray[Any] | None = None,
    ddof: float = 0,
    keepdims: bool = False,
) -> Any:
    """Variance over the given axes, like ``numpy.var``.

    Two passes: the mean, then the pairwise sum of squared deviations
    (accumulated in float64 for float32 too), divided by ``n - ddof``.
    Accurate for data with a large offset.
    """
    return _var_like(
        "var", _gufuncs.var, a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims
    )


def std(  # noqa: PLR0917  # numpy.std's signature
    a: npt.ArrayLike,
    axis: Axis = None,
    dtype: npt.DTypeLike | None = None,
    out: npt.NDArray[Any] | None = None,
    ddof: float = 0,
    keepdims: bool = False,
) -> Any:
    """Standard deviation over the given axes, like ``numpy.std``: sqrt of ``var``."""
    return _var_like(
        "std", _gufuncs.std, a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims
    )


def _no_identity(ufunc_name: str) -> Callable[[tuple[int, ...], np.dtype[Any]], npt.NDArray[Any]]:
    def empty(shape: tuple[int, ...], dt: np.dtype[Any]) -> npt.NDArray[Any]:
        del shape, dt
        msg = f"zero-size array to reduction operation {ufunc_name} which has no identity"
        raise ValueError(msg)

    return empty


def min(
    a: npt.ArrayLike,
    axis: Axis = None,
    out: npt.NDArray[Any] | None = None,
    keepdims: bool = False,
) -> Any:
    """Smallest element over the given axes, like ``numpy.min``; NaN propagates."""
    return _reduce(
        "min",
        _gufuncs.min,
        a,
        axis=axis,
        dtype=None,
        out=out,
        keepdims=keepdims,
        ints="error",
        empty=_no_identity("minimum"),
    )


def max(
    a: npt.ArrayLike,
    axis: Axis = None,
    out: npt.NDArray[Any] | None = None,
    keepdims: bool = False,
) -> Any:
    """Largest element over the given axes, like ``numpy.max``; NaN propagates."""
    return _reduce(
        "max",
        _gufuncs.max,
        a,
        axis=axis,
        dtype=None,
        out=out,
        keepdims=keepdims,
        ints="error",
        empty=_no_identity("maximum"),
    )


def _arg(
    name: str,
    gufunc: np.ufunc,
    a: npt.ArrayLike,
    *,
    axis: SupportsIndex | None,
    out: npt.NDArray[Any] | None,
    keepdims: bool,
) -> Any:
    arr = np.asarray(a)
    _compute_dtype(name, arr, None, "exact")  # refuses what float64 cannot hold exactly
    ax = None if axis is None else normalize_axis_index(operator.index(axis), arr.ndim)
    rows = arr.reshape(-1) if ax is None else np.moveaxis(arr, ax, -1)
    if rows.shape[-1] == 0:
        msg = f"attempt to get {name} of an empty sequence"
        raise ValueError(msg)
    result = np.asarray(gufunc(rows))
    if keepdims:
        result = result.reshape((1,) * arr.ndim) if ax is None else np.expand_dims(result, ax)
    if out is not None:
        if out.shape != result.shape:
            msg = f"out has shape {out.shape}, but the result has shape {result.shape}"
            raise ValueError(msg)
        np.copyto(out, result, casting="same_kind")
        return out
    return result[()] if result.ndim == 0 else result


def argmin(
    a: npt.ArrayLike,
    axis: SupportsIndex | None = None,
    out: npt.NDArray[Any] | None = None,
    *,
    keepdims: bool = False,
) -> Any:
    """Index of the first smallest element, like ``numpy.argmin``.

    A NaN counts as the smallest: the index of the first NaN.  ``axis=None``
    indexes the flattened array.
    """
    return _arg("argmin", _gufuncs.argmin, a, axis=axis, out=out, keepdims=keepdims)


def argmax(
    a: npt.ArrayLike,
    axis: SupportsIndex | None = None,
    out: npt.NDArray[Any] | None = None,
    *,
    keepdims: bool = False,
) -> Any:
    """Index of the first largest element, like ``numpy.argmax`` (first NaN wins)."""
    return _arg("argmax", _gufuncs.argmax, a, axis=axis, out=out, keepdims=keepdims)


def dot(a: npt.ArrayLike, b: npt.ArrayLike, out: npt.NDArray[Any] | None = None) -> Any:
    """Inner product of two 1-D arrays, like ``numpy.dot`` for vectors.

    Blocked pairwise with fused multiply-adds; the same bits for any thread
    count.  Only 1-D inputs: for matrices use ``simdkern.matmul`` (or
    ``numpy.matmul``); ``simdkern.gufuncs.dot`` broadcasts row by row.
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.ndim != 1 or y.ndim != 1:
        msg = (
            "simdkern.dot takes two 1-D arrays (the inner product); for matrices "
            "use matmul, and simdkern.gufuncs.dot for row-by-row products"
        )
        raise ValueError(msg)
    if x.shape != y.shape:
        msg = f"shapes {x.shape} and {y.shape} not aligned"
        raise ValueError(msg)
    common = np.result_type(x, y)
    run_dt, result_dt = _compute_dtype("dot", np.empty(0, common), None, "error")
    result = np.asarray(_gufuncs.dot(x, y, dtype=run_dt))
    return _finish(result, shape=(), axes=(), keepdims=False, result_dtype=result_dt, out=out)


def nrm2(x: npt.ArrayLike, axis: Axis = None, keepdims: bool = False) -> Any:
    """Euclidean norm over the given axes, like ``numpy.linalg.norm`` of a vector.

    Never overflows or underflows in between: float32 accumulates squares
    in float64; float64 rescales by a power of two when needed.
    """
    return _reduce(
        "nrm2", _gufuncs.nrm2, x, axis=axis, dtype=None, out=None, keepdims=keepdims, ints="float"
    )


def logsumexp(a: npt.ArrayLike, axis: Axis = None, keepdims: bool = False) -> Any:
    """log(sum(exp(a))) over the given axes, like ``scipy.special.logsumexp``.

    Stable for large inputs: one read pass keeps the running maximum and the
    sum of exponentials rescaled to it.  Empty input gives -inf.
    """
    return _reduce(
        "logsumexp",
        _gufuncs.logsumexp,
        a,
        axis=axis,
        dtype=None,
        out=None,
        keepdims=keepdims,
        ints="float",
    )


def _row_map(name: str, gufunc: np.ufunc, x: npt.ArrayLike, axis: Axis) -> Any:
    arr = np.asarray(x)
    run_dt, result_dt = _compute_dtype(name, arr, None, "float")
    axes = _axes(axis, arr.ndim)
    if arr.size == 0 or not axes:
        if not axes:  # a 0-d array: one row of one element
            return (
                np.asarray(gufunc(arr.reshape(1), dtype=run_dt)).astype(result_dt).reshape(())[()]
            )
        return np.empty(arr.shape, result_dt)
    if len(axes) == 1:
        res = np.moveaxis(
            np.asarray(gufunc(np.moveaxis(arr, axes[0], -1), dtype=run_dt)), -1, axes[0]
        )
    else:
        kept = [i for i in range(arr.ndim) if i not in axes]
        perm = [*kept, *axes]
        moved = arr.transpose(perm)
        flat = np.asarray(gufunc(_to_rows(arr, axes), dtype=run_dt)).reshape(moved.shape)
        res = flat.transpose(np.argsort(perm))
    return res.astype(result_dt, copy=False)


def softmax(x: npt.ArrayLike, axis: Axis = None) -> Any:
    """exp(x) / sum(exp(x)) over the given axes, like ``scipy.special.softmax``.

    ``axis=None`` normalises over all elements.  One read pass (running
    maximum and rescaled sum), one write pass.
    """
    return _row_map("softmax", _gufuncs.softmax, x, axis)


def log_softmax(x: npt.ArrayLike, axis: Axis = None) -> Any:
    """x - logsumexp(x) over the given axes, like ``scipy.special.log_softmax``."""
    return _row_map("log_softmax", _gufuncs.log_softmax, x, axis)
