"""simdkern.peers: every kernel with every technique agrees with simdkern's ufunc.

A technique that cannot run here (numexpr, Numba or the Cython peers not
installed or built) skips with the reason; a technique that runs here but
lacks a kernel of the catalogue fails, unless its language cannot express
the kernel (numexpr has no erf: ``Inexpressible``), which skips.  Techniques that compile, start
threads or set process-wide thread counts run alone under
pytest-run-parallel (thread_unsafe).
"""

import sys
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray
from simdkern import peers

MakeInputs = Callable[[simdkern.Kernel, Any, int, int], list[NDArray[Any]]]
Ulps = Callable[[NDArray[Any], NDArray[Any]], NDArray[np.int64]]
Bits = Callable[[NDArray[Any]], NDArray[Any]]

# Pure functions of their inputs: safe to run from several threads at once.
SHARED = frozenset({"python", "python_ndarray", "numpy", "numpy_out", "cython"})


def technique_params(techniques: Sequence[str]) -> list[Any]:
    unsafe = pytest.mark.thread_unsafe(reason="compiles, or sets a process-wide thread count")
    return [pytest.param(t, marks=() if t in SHARED else unsafe, id=t) for t in techniques]


@pytest.fixture(autouse=True)
def keep_thread_counts() -> Iterator[None]:
    """Restore the thread counts that prepare() changes."""
    default = simdkern.get_num_threads()
    numexpr: Any = sys.modules.get("numexpr")
    numexpr_threads = numexpr.get_num_threads() if numexpr is not None else None
    numba: Any = sys.modules.get("numba")
    numba_threads = numba.get_num_threads() if numba is not None else None
    yield
    if simdkern.get_num_threads() != default:
        simdkern.set_num_threads(default)
    if numexpr is not None and numexpr.get_num_threads() != numexpr_threads:
        numexpr.set_num_threads(numexpr_threads)
    if numba is not None and numba.get_num_threads() != numba_threads:
        numba.set_num_threads(numba_threads)


def available_peer(kernel: str, technique: str) -> peers.Peer:
    """The peer; skip if the technique cannot run here, fail if it lacks the kernel."""
    reason = peers.unavailable(technique)
    if reason is not None:
        pytest.skip(f"{technique}: {reason}")
    try:
        return peers.peer(kernel, technique)
    except peers.Inexpressible as why:  # the technique's language lacks a function
        pytest.skip(f"{technique}: {why.reason}")
    except peers.PeerUnavailable as why:
        pytest.fail(f"{technique} runs here but has no {kernel}: {why.reason}")


def ndarray_result(result: object) -> NDArray[Any]:
    """A peer's result that must be an array."""
    assert isinstance(result, np.ndarray), f"expected an array, got {type(result).__name__}"
    return cast(NDArray[Any], result)


def agrees(
    kernel: simdkern.Kernel, got: NDArray[Any], want: NDArray[Any], args: Sequence[NDArray[Any]],
    ulps: Ulps,
) -> NDArray[np.bool_]:  # fmt: skip
    """Where a peer's result is within bound of simdkern's.

    The rule of conftest's close_to_reference, against simdkern's result:
    the catalogue's bound plus 3 ULP for the peer's own error, and for
    kernels that are several operations (the peers round each term), 8
    epsilons of the size of the terms.
    """
    near = ulps(got, want) <= kernel.ulp_bound(got.dtype) + 3.0
    if kernel.numpy_ref.count("(") == 1 and kernel.numpy_ref.startswith("np."):
        return near
    size = np.ones(got.shape)
    for a in args:
        size = size * (1.0 + np.abs(a.astype(np.float64)))
    slack = 8.0 * float(np.finfo(got.dtype).eps) * size
    return near | (np.abs(got.astype(np.float64) - want.astype(np.float64)) <= slack)


@pytest.mark.parametrize("technique", technique_params(peers.TECHNIQUES))
def test_peer_agrees_with_simdkern(
    kernel: simdkern.Kernel,
    float_dtype: type[np.floating[Any]],
    technique: str,
    make_ordinary_inputs: MakeInputs,
    ulps: Ulps,
) -> None:
    peer = available_peer(kernel.name, technique)
    assert (peer.kernel, peer.technique) == (kernel.name, technique)
    assert peer.threaded == (technique in peers.THREADED)
    args = make_ordinary_inputs(kernel, float_dtype, 1000, 20261125)
    originals = [a.copy() for a in args]
    want = kernel.ufunc(*args)
    result = peer.prepare(args, 1)()
    got = peers.as_array(result, np.dtype(float_dtype))
    if technique == "python":
        assert isinstance(result, list)
    else:
        dtype = ndarray_result(result).dtype
        assert dtype == np.dtype(float_dtype), f"{technique} returned {dtype}"
    assert got.shape == want.shape
    ok = agrees(kernel, got, want, args, ulps)
    bad = np.flatnonzero(~ok)
    assert bad.size == 0, (
        f"{kernel.name} {technique}: {bad.size} elements differ, e.g. at "
        f"{[a[bad[0]] for a in args]}: {got[bad[0]]!r} vs simdkern {want[bad[0]]!r}"
    )
    for a, original in zip(args, originals, strict=True):
        np.testing.assert_array_equal(a, original)  # inputs untouched


@pytest.mark.parametrize("technique", technique_params(sorted(peers.THREADED)))
def test_threaded_peer_gives_the_same_bits_on_one_and_two_threads(
    kernel: simdkern.Kernel,
    float_dtype: type[np.floating[Any]],
    technique: str,
    make_ordinary_inputs: MakeInputs,
    bits: Bits,
) -> None:
    peer = available_peer(kernel.name, technique)
    numba: Any = sys.modules.get("numba")
    if technique.startswith("numba") and numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("Numba runs at most one thread here (NUMBA_NUM_THREADS)")
    # above every parallel threshold of simdkern, with a ragged tail
    args = make_ordinary_inputs(kernel, float_dtype, 2**19 + 3, 7)
    one = np.array(peer.prepare(args, 1)(), copy=True)
    two = np.asarray(peer.prepare(args, 2)())
    assert two.dtype == one.dtype == np.dtype(float_dtype)
    np.testing.assert_array_equal(bits(two), bits(one))


def test_peers_lists_every_technique_in_order(kernel: simdkern.Kernel) -> None:
    found = peers.peers(kernel.name)
    assert tuple(found) == peers.TECHNIQUES
    for technique, entry in found.items():
        if isinstance(entry, peers.Peer):
            assert (entry.kernel, entry.technique) == (kernel.name, technique)
        else:
            assert entry.technique == technique
            assert entry.reason
            assert str(entry) == f"{technique}: {entry.reason}"


def test_unknown_kernel_or_technique_raises_key_error() -> None:
    with pytest.raises(KeyError, match="no_such_kernel"):
        peers.peer("no_such_kernel", "numpy")
    with pytest.raises(KeyError, match="no_such_technique"):
        peers.peer("exp", "no_such_technique")
    with pytest.raises(KeyError, match="no_such_technique"):
        peers.unavailable("no_such_technique")
    with pytest.raises(KeyError, match="no_such_kernel"):
        peers.peers("no_such_kernel")


def test_always_available_techniques() -> None:
    for technique in ("python", "python_ndarray", "numpy", "numpy_out", "simdkern"):
        assert peers.unavailable(technique) is None
    assert peers.unavailable("simdkern_threads") is None


@pytest.mark.thread_unsafe(reason="replaces entries of sys.modules")
@pytest.mark.parametrize(
    ("package", "techniques"),
    [
        ("numexpr", ["numexpr"]),
        ("numba", ["numba", "numba_parallel"]),
        ("simdkern.peers._cython", ["cython", "cython_parallel"]),
    ],
)
def test_missing_package_makes_the_technique_unavailable(
    monkeypatch: pytest.MonkeyPatch, package: str, techniques: list[str]
) -> None:
    monkeypatch.setitem(sys.modules, package, None)  # import raises ModuleNotFoundError
    for technique in techniques:
        reason = peers.unavailable(technique)
        assert reason is not None
        assert package in reason
        with pytest.raises(peers.PeerUnavailable, match=f"^{technique}: ") as caught:
            peers.peer("exp", technique)
        assert caught.value.technique == technique
        assert caught.value.reason == reason
        assert isinstance(peers.peers("exp")[technique], peers.PeerUnavailable)


@pytest.mark.thread_unsafe(reason="replaces an entry of sys.modules")
def test_cython_adapter_calls_the_module_and_reports_missing_functions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def exp(x: NDArray[Any], out: NDArray[Any]) -> None:
        np.exp(x, out=out)

    def exp_parallel(x: NDArray[Any], out: NDArray[Any], num_threads: int) -> None:
        calls.append(num_threads)
        np.exp(x, out=out)

    fake = types.ModuleType("simdkern.peers._cython")
    fake.__dict__.update(exp=exp, exp_parallel=exp_parallel)
    monkeypatch.setitem(sys.modules, "simdkern.peers._cython", fake)
    x = np.linspace(-2, 2, 33, dtype=np.float32)
    for technique in ("cython", "cython_parallel"):
        result = ndarray_result(peers.peer("exp", technique).prepare([x], 3)())
        assert result.dtype == np.float32
        np.testing.assert_array_equal(result, np.exp(x))
        with pytest.raises(peers.PeerUnavailable, match="log") as caught:
            peers.peer("log", technique)
        assert caught.value.technique == technique
    assert calls == [3]


@pytest.mark.parametrize("technique", technique_params(["python", "python_ndarray", "numba"]))
def test_scalar_sigmoid_does_not_overflow(
    float_dtype: type[np.floating[Any]], technique: str
) -> None:
    peer = available_peer("sigmoid", technique)
    x = np.array([-1000.0, -100.0, 0.0, 100.0, 1000.0], dtype=float_dtype)
    with np.errstate(over="raise", invalid="raise"):
        got = peers.as_array(peer.prepare([x], 1)(), x.dtype)
    np.testing.assert_array_equal(got[[0, 2, 4]], np.array([0.0, 0.5, 1.0], dtype=float_dtype))
    assert 0.0 < got[1] < 1e-40 or (float_dtype == np.float32 and got[1] == 0.0)
    assert got[3] == 1.0


@pytest.mark.parametrize("technique", ["python", "python_ndarray"])
def test_python_peers_raise_as_math_does(technique: str) -> None:
    call = peers.peer("log", technique).prepare([np.array([1.0, 0.0])], 1)
    with pytest.raises(ValueError):
        call()


def test_prepare_checks_its_inputs() -> None:
    prepare = peers.peer("add", "numpy").prepare
    x32 = np.ones(4, dtype=np.float32)
    with pytest.raises(ValueError, match="2 input"):
        prepare([x32], 1)
    with pytest.raises(TypeError, match="float32 or all float64"):
        prepare([x32, x32.astype(np.float64)], 1)
    with pytest.raises(TypeError, match="float32 or all float64"):
        prepare([x32.astype(np.int64), x32.astype(np.int64)], 1)
    with pytest.raises(ValueError, match="contiguous"):
        prepare([np.ones(8, dtype=np.float32)[::2], x32], 1)


def test_notes_say_where_a_technique_departs_from_the_kernel() -> None:
    assert "two roundings" in peers.peer("fma", "numpy").note
    assert "two roundings" in peers.peer("fma", "numpy_out").note
    sigmoid = peers.peer("sigmoid", "numpy_out").note
    assert "expit" in sigmoid or "SciPy" in sigmoid
    assert peers.peer("exp", "simdkern").note
