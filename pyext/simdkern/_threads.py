"""How many threads simdkern's calls use.

A call whose size is above its cost class's threshold runs on simdkern's
own thread pool; the calling thread works too.  The limit for a call is, in
order of precedence:

1. ``with simdkern.threads(n):`` -- for the calling Python thread (or
   asyncio task) only, while the block runs;
2. the process default, set by ``simdkern.set_num_threads(n)`` or by
   threadpoolctl's ``threadpool_limits``;
3. initially ``SIMDKERN_NUM_THREADS``, else the first entry of
   ``OMP_NUM_THREADS``, else the CPUs this process may use (its affinity
   mask and cgroup CPU quota).

An explicit count is honoured even above the CPU count.  Small calls use
fewer threads than the limit, and memory-bound kernels are capped (see
``tuning()``); none of this changes a result's bits.
"""

from __future__ import annotations

import importlib
import operator
import types
import warnings
from contextvars import ContextVar, Token
from typing import Any, ClassVar, TypedDict

from simdkern import _ufuncs

# The variable the ufunc loops read; created by the extension module.
_threads_var: ContextVar[int] = _ufuncs._threads_var  # pyright: ignore[reportPrivateUsage]


def _checked_count(n: object) -> int:
    """n as a thread count: an int >= 1 (TypeError, ValueError otherwise)."""
    if isinstance(n, bool):
        raise TypeError("thread count must be an int, not bool")
    try:
        count = operator.index(n)  # pyright: ignore[reportArgumentType]
    except TypeError:
        raise TypeError(f"thread count must be an int, not {type(n).__name__}") from None
    if count < 1:
        raise ValueError(f"thread count must be >= 1, got {count}")
    return count


def set_num_threads(n: int) -> None:
    """Set the process default thread count (n >= 1)."""
    _ufuncs._set_num_threads(_checked_count(n))  # pyright: ignore[reportPrivateUsage]


def get_num_threads() -> int:
    """The thread limit a call made here would get.

    Inside ``with simdkern.threads(n):`` that is n; elsewhere the process
    default.
    """
    override = _threads_var.get(0)
    return override if override else _ufuncs._get_num_threads()  # pyright: ignore[reportPrivateUsage]


class threads:  # noqa: N801  # a context manager named like a function, as numpy.errstate
    """``with simdkern.threads(n):`` limits simdkern's calls to n threads.

    Only in the calling Python thread (a context variable: asyncio tasks and
    other threads keep their own setting); it takes precedence over the
    process default while the block runs.  Blocks nest.  ``threads(1)`` runs
    every call on the calling thread alone.
    """

    def __init__(self, n: int) -> None:
        self.n = _checked_count(n)
        self._tokens: list[Token[int]] = []

    def __enter__(self) -> threads:
        self._tokens.append(_threads_var.set(self.n))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        _threads_var.reset(self._tokens.pop())

    def __repr__(self) -> str:
        return f"simdkern.threads({self.n})"


def cpu_count() -> int:
    """CPUs this process may use: its affinity mask, capped by a cgroup CPU quota."""
    return _ufuncs.cpu_count()


def shutdown() -> None:
    """Stop the pool's worker threads (they start again on the next large call).

    Waits for a call running on another thread.  Useful before ``os.fork()``
    on Python 3.12+, which warns when a process with threads forks (simdkern
    is fork-safe either way: the child starts its own workers).
    """
    _ufuncs._shutdown()  # pyright: ignore[reportPrivateUsage]


def pool_workers() -> int:
    """Worker threads running now (the calling threads not counted)."""
    return _ufuncs._pool_workers()  # pyright: ignore[reportPrivateUsage]


class ClassTuning(TypedDict):
    float32: int
    float64: int
    cap: int


def tuning() -> dict[str, ClassTuning]:
    """Per cost class: the element count from which a call goes parallel, per
    dtype, and the most threads the class uses (memory-bound classes stop
    scaling when the memory bandwidth is used up).  See docs/threads.md."""
    tuned = _ufuncs._tuning()  # pyright: ignore[reportPrivateUsage]
    return {name: ClassTuning(**entry) for name, entry in tuned.items()}


# ----- threadpoolctl ----------------------------------------------------------


def register_threadpoolctl() -> None:
    """Make threadpoolctl see simdkern's pool, if threadpoolctl is installed.

    threadpoolctl finds pools by scanning the loaded shared libraries; ours
    is the extension module, recognised by the symbols it exports.  Its
    limits act on the process default (a ``simdkern.threads`` block still
    wins inside it).
    """
    try:  # optional, and untyped: held as Any
        threadpoolctl: Any = importlib.import_module("threadpoolctl")
    except ImportError:
        return

    class SimdkernController(threadpoolctl.LibController):  # pyright: ignore[reportUntypedBaseClass]
        user_api: ClassVar[str] = "simdkern"
        internal_api: ClassVar[str] = "simdkern"
        filename_prefixes: ClassVar[tuple[str, ...]] = ("_ufuncs",)
        check_symbols: ClassVar[tuple[str, ...]] = (
            "simdkern_get_num_threads",
            "simdkern_set_num_threads",
        )
        dynlib: Any

        def get_num_threads(self) -> int:
            return int(self.dynlib.simdkern_get_num_threads())

        def set_num_threads(self, num_threads: int) -> None:
            self.dynlib.simdkern_set_num_threads(int(num_threads))

        def get_version(self) -> str:
            from simdkern._version import __version__  # noqa: PLC0415

            return __version__

    try:
        threadpoolctl.register(SimdkernController)
    except Exception as error:  # an incompatible threadpoolctl must not break import
        warnings.warn(
            f"simdkern: could not register with threadpoolctl: {error}",
            RuntimeWarning,
            stacklevel=3,
        )
