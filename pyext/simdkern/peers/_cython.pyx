# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, embedsignature=True, freethreading_compatible=True
#
# The catalogue's kernels as a C programmer writes them in Cython: a typed
# memoryview loop over 1-D contiguous arrays, fused over float and double
# (float32 computes in float32 with the float functions of libm: expf,
# tanhf ...), the loop without the GIL.  Each <kernel>_parallel runs the same
# loop body under OpenMP's prange, static schedule: every element gets the
# bits the serial function gives it, whatever the thread count.
#
# OpenMP and fork: libgomp's worker threads do not survive fork().  A child
# forked after the parent ran a parallel region may hang in its own first
# parallel region (libgomp believes its pool still exists).  Do not call the
# *_parallel functions in a forked child of a process that called them;
# start children with "spawn" or "forkserver" instead.  The serial functions
# start no threads and are fork-safe.
#
# No fast-math anywhere: the results are libm's, element by element.

from cython.parallel cimport prange
from libc cimport math as libm

ctypedef fused real:
    float
    double


# ----- one element: the float function of libm for float, the double one for double


cdef inline real _exp(real v) noexcept nogil:
    if real is float:
        return libm.expf(v)
    else:
        return libm.exp(v)


cdef inline real _log(real v) noexcept nogil:
    if real is float:
        return libm.logf(v)
    else:
        return libm.log(v)


cdef inline real _sin(real v) noexcept nogil:
    if real is float:
        return libm.sinf(v)
    else:
        return libm.sin(v)


cdef inline real _cos(real v) noexcept nogil:
    if real is float:
        return libm.cosf(v)
    else:
        return libm.cos(v)


cdef inline real _tanh(real v) noexcept nogil:
    if real is float:
        return libm.tanhf(v)
    else:
        return libm.tanh(v)


cdef inline real _sqrt(real v) noexcept nogil:
    if real is float:
        return libm.sqrtf(v)
    else:
        return libm.sqrt(v)


cdef inline real _fma(real a, real b, real c) noexcept nogil:
    if real is float:
        return libm.fmaf(a, b, c)
    else:
        return libm.fma(a, b, c)


cdef inline real _fabs(real v) noexcept nogil:
    if real is float:
        return libm.fabsf(v)
    else:
        return libm.fabs(v)


cdef inline real _reciprocal(real v) noexcept nogil:
    # 1 / x in real (cdivision: x == 0 gives +-inf, as C does)
    cdef real one = 1
    return one / v


# The larger or smaller of two: a NaN wins in maximum/minimum and loses in fmax/fmin
cdef inline real _maximum(real a, real b) noexcept nogil:
    return a if (a > b or a != a) else b


cdef inline real _minimum(real a, real b) noexcept nogil:
    return a if (a < b or a != a) else b


cdef inline real _fmax(real a, real b) noexcept nogil:
    return a if (a > b or b != b) else b


cdef inline real _fmin(real a, real b) noexcept nogil:
    return a if (a < b or b != b) else b


cdef inline real _relu(real v) noexcept nogil:
    cdef real zero = 0
    return v if (v > zero or v != v) else zero


cdef inline real _tan(real v) noexcept nogil:
    if real is float:
        return libm.tanf(v)
    else:
        return libm.tan(v)


cdef inline real _arcsin(real v) noexcept nogil:
    if real is float:
        return libm.asinf(v)
    else:
        return libm.asin(v)


cdef inline real _arccos(real v) noexcept nogil:
    if real is float:
        return libm.acosf(v)
    else:
        return libm.acos(v)


cdef inline real _arctan(real v) noexcept nogil:
    if real is float:
        return libm.atanf(v)
    else:
        return libm.atan(v)


cdef inline real _sinh(real v) noexcept nogil:
    if real is float:
        return libm.sinhf(v)
    else:
        return libm.sinh(v)


cdef inline real _cosh(real v) noexcept nogil:
    if real is float:
        return libm.coshf(v)
    else:
        return libm.cosh(v)


cdef inline real _arcsinh(real v) noexcept nogil:
    if real is float:
        return libm.asinhf(v)
    else:
        return libm.asinh(v)


cdef inline real _arccosh(real v) noexcept nogil:
    if real is float:
        return libm.acoshf(v)
    else:
        return libm.acosh(v)


cdef inline real _arctanh(real v) noexcept nogil:
    if real is float:
        return libm.atanhf(v)
    else:
        return libm.atanh(v)


cdef inline real _erf(real v) noexcept nogil:
    if real is float:
        return libm.erff(v)
    else:
        return libm.erf(v)


cdef inline real _arctan2(real a, real b) noexcept nogil:
    if real is float:
        return libm.atan2f(a, b)
    else:
        return libm.atan2(a, b)


cdef inline real _exp2(real v) noexcept nogil:
    if real is float:
        return libm.exp2f(v)
    else:
        return libm.exp2(v)


cdef inline real _expm1(real v) noexcept nogil:
    if real is float:
        return libm.expm1f(v)
    else:
        return libm.expm1(v)


cdef inline real _log2(real v) noexcept nogil:
    if real is float:
        return libm.log2f(v)
    else:
        return libm.log2(v)


cdef inline real _log10(real v) noexcept nogil:
    if real is float:
        return libm.log10f(v)
    else:
        return libm.log10(v)


cdef inline real _cbrt(real v) noexcept nogil:
    if real is float:
        return libm.cbrtf(v)
    else:
        return libm.cbrt(v)


cdef inline real _power(real a, real b) noexcept nogil:
    if real is float:
        return libm.powf(a, b)
    else:
        return libm.pow(a, b)


cdef inline real _hypot(real a, real b) noexcept nogil:
    if real is float:
        return libm.hypotf(a, b)
    else:
        return libm.hypot(a, b)


cdef inline real _sigmoid(real v) noexcept nogil:
    # 1 / (1 + exp(-x)); for x < 0 exp(x) / (1 + exp(x)), which cannot overflow
    cdef real one = 1
    cdef real e
    if v >= 0:
        return one / (one + _exp(-v))
    e = _exp(v)
    return e / (one + e)


cdef inline real _gelu(real v) noexcept nogil:
    # 0.5*x*(1 + tanh(0.7978845608028654*(x + 0.044715*x*x*x))), constants in real
    cdef real half = 0.5
    cdef real one = 1
    cdef real scale = 0.7978845608028654
    cdef real cubic = 0.044715
    return half * v * (one + _tanh(scale * (v + cubic * v * v * v)))


cdef inline real _log1p(real v) noexcept nogil:
    if real is float:
        return libm.log1pf(v)
    else:
        return libm.log1p(v)


cdef inline real _erfc(real v) noexcept nogil:
    if real is float:
        return libm.erfcf(v)
    else:
        return libm.erfc(v)


cdef inline real _silu(real v) noexcept nogil:
    # x * sigmoid(x), sigmoid with exp of a nonpositive argument only
    return v * _sigmoid(v)


cdef inline real _softplus(real v) noexcept nogil:
    # max(x, 0) + log1p(exp(-|x|)): no overflow, exp(x) kept in the negative tail
    cdef real zero = 0
    return (v if v > zero else zero) + _log1p(_exp(-_fabs(v)))


cdef inline real _log_sigmoid(real v) noexcept nogil:
    # min(x, 0) - log1p(exp(-|x|)) = -softplus(-x)
    cdef real zero = 0
    return (v if v < zero else zero) - _log1p(_exp(-_fabs(v)))


cdef inline real _gelu_erf(real v) noexcept nogil:
    # 0.5*x*erfc(-x/sqrt(2)): the erfc form keeps the negative tail's relative accuracy
    cdef real half = 0.5
    cdef real rsqrt2 = 0.7071067811865476
    return half * v * _erfc(-v * rsqrt2)


# ----- argument checks


cdef Py_ssize_t _length(str kernel, Py_ssize_t n_out, Py_ssize_t n_x, Py_ssize_t n_y=-1,
                        Py_ssize_t n_z=-1) except -1:
    """The common length of the arguments, or ValueError naming the kernel."""
    if n_x != n_out or (n_y != -1 and n_y != n_out) or (n_z != -1 and n_z != n_out):
        lengths = [n_x] + [n for n in (n_y, n_z) if n != -1] + [n_out]
        raise ValueError(
            f"{kernel}: the arrays must have the same length, got "
            + ", ".join(str(n) for n in lengths)
        )
    return n_out


cdef int _threads(str kernel, int num_threads) except -1:
    if num_threads < 1:
        raise ValueError(f"{kernel}: num_threads must be at least 1, got {num_threads}")
    return num_threads


# ----- serial: one loop on the calling thread, without the GIL


def exp(const real[::1] x, real[::1] out):
    """out[i] = exp(x[i]) (expf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("exp", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _exp(x[i])


def log(const real[::1] x, real[::1] out):
    """out[i] = log(x[i]) (logf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("log", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _log(x[i])


def sin(const real[::1] x, real[::1] out):
    """out[i] = sin(x[i]) (sinf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("sin", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _sin(x[i])


def cos(const real[::1] x, real[::1] out):
    """out[i] = cos(x[i]) (cosf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("cos", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _cos(x[i])


def tanh(const real[::1] x, real[::1] out):
    """out[i] = tanh(x[i]) (tanhf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("tanh", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _tanh(x[i])


def sqrt(const real[::1] x, real[::1] out):
    """out[i] = sqrt(x[i]) (sqrtf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("sqrt", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _sqrt(x[i])


def add(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = x[i] + y[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("add", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = x[i] + y[i]


def multiply(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = x[i] * y[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("multiply", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = x[i] * y[i]


def fma(const real[::1] x, const real[::1] y, const real[::1] z, real[::1] out):
    """out[i] = x[i] * y[i] + z[i] with one rounding (C's fma, fmaf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("fma", out.shape[0], x.shape[0], y.shape[0], z.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _fma(x[i], y[i], z[i])


def subtract(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = x[i] - y[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("subtract", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = x[i] - y[i]


def divide(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = x[i] / y[i], C's division: y[i] == 0 gives inf or NaN.  Returns None."""
    cdef Py_ssize_t i, n = _length("divide", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = x[i] / y[i]


def negative(const real[::1] x, real[::1] out):
    """out[i] = -x[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("negative", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = -x[i]


def absolute(const real[::1] x, real[::1] out):
    """out[i] = fabs(x[i]) (fabsf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("absolute", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _fabs(x[i])


def square(const real[::1] x, real[::1] out):
    """out[i] = x[i] * x[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("square", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = x[i] * x[i]


def reciprocal(const real[::1] x, real[::1] out):
    """out[i] = 1 / x[i], C's division: x[i] == 0 gives +-inf.  Returns None."""
    cdef Py_ssize_t i, n = _length("reciprocal", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _reciprocal(x[i])


def maximum(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = the larger, NaN if either is NaN, of x[i] and y[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("maximum", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _maximum(x[i], y[i])


def minimum(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = the smaller, NaN if either is NaN, of x[i] and y[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("minimum", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _minimum(x[i], y[i])


def fmax(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = the larger, ignoring a NaN, of x[i] and y[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("fmax", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _fmax(x[i], y[i])


def fmin(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = the smaller, ignoring a NaN, of x[i] and y[i].  Returns None."""
    cdef Py_ssize_t i, n = _length("fmin", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _fmin(x[i], y[i])


def relu(const real[::1] x, real[::1] out):
    """out[i] = x[i] if x[i] > 0 or x[i] is NaN, else 0.  Returns None."""
    cdef Py_ssize_t i, n = _length("relu", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _relu(x[i])


def tan(const real[::1] x, real[::1] out):
    """out[i] = tan(x[i]) (tanf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("tan", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _tan(x[i])


def arcsin(const real[::1] x, real[::1] out):
    """out[i] = asin(x[i]) (asinf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("arcsin", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _arcsin(x[i])


def arccos(const real[::1] x, real[::1] out):
    """out[i] = acos(x[i]) (acosf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("arccos", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _arccos(x[i])


def arctan(const real[::1] x, real[::1] out):
    """out[i] = atan(x[i]) (atanf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("arctan", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _arctan(x[i])


def sinh(const real[::1] x, real[::1] out):
    """out[i] = sinh(x[i]) (sinhf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("sinh", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _sinh(x[i])


def cosh(const real[::1] x, real[::1] out):
    """out[i] = cosh(x[i]) (coshf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("cosh", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _cosh(x[i])


def arcsinh(const real[::1] x, real[::1] out):
    """out[i] = asinh(x[i]) (asinhf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("arcsinh", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _arcsinh(x[i])


def arccosh(const real[::1] x, real[::1] out):
    """out[i] = acosh(x[i]) (acoshf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("arccosh", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _arccosh(x[i])


def arctanh(const real[::1] x, real[::1] out):
    """out[i] = atanh(x[i]) (atanhf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("arctanh", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _arctanh(x[i])


def erf(const real[::1] x, real[::1] out):
    """out[i] = erf(x[i]) (erff for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("erf", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _erf(x[i])


def erfc(const real[::1] x, real[::1] out):
    """out[i] = erfc(x[i]) (erfcf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("erfc", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _erfc(x[i])


def arctan2(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = atan2(x[i], y[i]) (atan2f for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("arctan2", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _arctan2(x[i], y[i])


def exp2(const real[::1] x, real[::1] out):
    """out[i] = exp2(x[i]) (exp2f for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("exp2", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _exp2(x[i])


def expm1(const real[::1] x, real[::1] out):
    """out[i] = expm1(x[i]) (expm1f for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("expm1", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _expm1(x[i])


def log2(const real[::1] x, real[::1] out):
    """out[i] = log2(x[i]) (log2f for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("log2", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _log2(x[i])


def log10(const real[::1] x, real[::1] out):
    """out[i] = log10(x[i]) (log10f for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("log10", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _log10(x[i])


def log1p(const real[::1] x, real[::1] out):
    """out[i] = log1p(x[i]) (log1pf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("log1p", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _log1p(x[i])


def cbrt(const real[::1] x, real[::1] out):
    """out[i] = cbrt(x[i]) (cbrtf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("cbrt", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _cbrt(x[i])


def power(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = pow(x[i], y[i]) (powf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("power", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _power(x[i], y[i])


def hypot(const real[::1] x, const real[::1] y, real[::1] out):
    """out[i] = hypot(x[i], y[i]) (hypotf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("hypot", out.shape[0], x.shape[0], y.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _hypot(x[i], y[i])


def sigmoid(const real[::1] x, real[::1] out):
    """out[i] = 1 / (1 + exp(-x[i])), as exp(x) / (1 + exp(x)) for x < 0.  Returns None."""
    cdef Py_ssize_t i, n = _length("sigmoid", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _sigmoid(x[i])


def gelu(const real[::1] x, real[::1] out):
    """out[i] = 0.5*x*(1 + tanh(0.7978845608028654*(x + 0.044715*x*x*x))).  Returns None."""
    cdef Py_ssize_t i, n = _length("gelu", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _gelu(x[i])


def silu(const real[::1] x, real[::1] out):
    """out[i] = x * sigmoid(x), sigmoid as in sigmoid().  Returns None."""
    cdef Py_ssize_t i, n = _length("silu", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _silu(x[i])


def softplus(const real[::1] x, real[::1] out):
    """out[i] = max(x, 0) + log1p(exp(-|x|)) (float functions for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("softplus", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _softplus(x[i])


def gelu_erf(const real[::1] x, real[::1] out):
    """out[i] = 0.5*x*erfc(-x/sqrt(2)) (erfcf for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("gelu_erf", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _gelu_erf(x[i])


def log_sigmoid(const real[::1] x, real[::1] out):
    """out[i] = min(x, 0) - log1p(exp(-|x|)) (float functions for float32).  Returns None."""
    cdef Py_ssize_t i, n = _length("log_sigmoid", out.shape[0], x.shape[0])
    with nogil:
        for i in range(n):
            out[i] = _log_sigmoid(x[i])


# ----- parallel: the same loops under OpenMP (prange, static schedule)


def exp_parallel(const real[::1] x, real[::1] out, int num_threads):
    """exp on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("exp_parallel", out.shape[0], x.shape[0])
    _threads("exp_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _exp(x[i])


def log_parallel(const real[::1] x, real[::1] out, int num_threads):
    """log on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("log_parallel", out.shape[0], x.shape[0])
    _threads("log_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _log(x[i])


def sin_parallel(const real[::1] x, real[::1] out, int num_threads):
    """sin on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("sin_parallel", out.shape[0], x.shape[0])
    _threads("sin_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _sin(x[i])


def cos_parallel(const real[::1] x, real[::1] out, int num_threads):
    """cos on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("cos_parallel", out.shape[0], x.shape[0])
    _threads("cos_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _cos(x[i])


def tanh_parallel(const real[::1] x, real[::1] out, int num_threads):
    """tanh on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("tanh_parallel", out.shape[0], x.shape[0])
    _threads("tanh_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _tanh(x[i])


def sqrt_parallel(const real[::1] x, real[::1] out, int num_threads):
    """sqrt on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("sqrt_parallel", out.shape[0], x.shape[0])
    _threads("sqrt_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _sqrt(x[i])


def add_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """add on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("add_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("add_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = x[i] + y[i]


def multiply_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """multiply on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("multiply_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("multiply_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = x[i] * y[i]


def fma_parallel(const real[::1] x, const real[::1] y, const real[::1] z, real[::1] out,
                 int num_threads):
    """fma on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("fma_parallel", out.shape[0], x.shape[0], y.shape[0],
                                   z.shape[0])
    _threads("fma_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _fma(x[i], y[i], z[i])


def subtract_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """subtract on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("subtract_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("subtract_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = x[i] - y[i]


def divide_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """divide on num_threads OpenMP threads; the serial function's bits.  Returns None.

    C's division (cdivision): y[i] == 0 gives inf or NaN, no ZeroDivisionError.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("divide_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("divide_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = x[i] / y[i]


def negative_parallel(const real[::1] x, real[::1] out, int num_threads):
    """negative on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("negative_parallel", out.shape[0], x.shape[0])
    _threads("negative_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = -x[i]


def absolute_parallel(const real[::1] x, real[::1] out, int num_threads):
    """absolute on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("absolute_parallel", out.shape[0], x.shape[0])
    _threads("absolute_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _fabs(x[i])


def square_parallel(const real[::1] x, real[::1] out, int num_threads):
    """square on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("square_parallel", out.shape[0], x.shape[0])
    _threads("square_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = x[i] * x[i]


def reciprocal_parallel(const real[::1] x, real[::1] out, int num_threads):
    """reciprocal on num_threads OpenMP threads; the serial function's bits.  Returns None.

    C's division (cdivision): x[i] == 0 gives +-inf, no ZeroDivisionError.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("reciprocal_parallel", out.shape[0], x.shape[0])
    _threads("reciprocal_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _reciprocal(x[i])


def maximum_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """maximum on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("maximum_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("maximum_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _maximum(x[i], y[i])


def minimum_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """minimum on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("minimum_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("minimum_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _minimum(x[i], y[i])


def fmax_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """fmax on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("fmax_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("fmax_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _fmax(x[i], y[i])


def fmin_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """fmin on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("fmin_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("fmin_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _fmin(x[i], y[i])


def relu_parallel(const real[::1] x, real[::1] out, int num_threads):
    """relu on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("relu_parallel", out.shape[0], x.shape[0])
    _threads("relu_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _relu(x[i])


def tan_parallel(const real[::1] x, real[::1] out, int num_threads):
    """tan on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("tan_parallel", out.shape[0], x.shape[0])
    _threads("tan_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _tan(x[i])


def arcsin_parallel(const real[::1] x, real[::1] out, int num_threads):
    """arcsin on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("arcsin_parallel", out.shape[0], x.shape[0])
    _threads("arcsin_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _arcsin(x[i])


def arccos_parallel(const real[::1] x, real[::1] out, int num_threads):
    """arccos on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("arccos_parallel", out.shape[0], x.shape[0])
    _threads("arccos_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _arccos(x[i])


def arctan_parallel(const real[::1] x, real[::1] out, int num_threads):
    """arctan on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("arctan_parallel", out.shape[0], x.shape[0])
    _threads("arctan_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _arctan(x[i])


def sinh_parallel(const real[::1] x, real[::1] out, int num_threads):
    """sinh on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("sinh_parallel", out.shape[0], x.shape[0])
    _threads("sinh_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _sinh(x[i])


def cosh_parallel(const real[::1] x, real[::1] out, int num_threads):
    """cosh on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("cosh_parallel", out.shape[0], x.shape[0])
    _threads("cosh_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _cosh(x[i])


def arcsinh_parallel(const real[::1] x, real[::1] out, int num_threads):
    """arcsinh on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("arcsinh_parallel", out.shape[0], x.shape[0])
    _threads("arcsinh_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _arcsinh(x[i])


def arccosh_parallel(const real[::1] x, real[::1] out, int num_threads):
    """arccosh on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("arccosh_parallel", out.shape[0], x.shape[0])
    _threads("arccosh_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _arccosh(x[i])


def arctanh_parallel(const real[::1] x, real[::1] out, int num_threads):
    """arctanh on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("arctanh_parallel", out.shape[0], x.shape[0])
    _threads("arctanh_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _arctanh(x[i])


def erf_parallel(const real[::1] x, real[::1] out, int num_threads):
    """erf on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("erf_parallel", out.shape[0], x.shape[0])
    _threads("erf_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _erf(x[i])


def erfc_parallel(const real[::1] x, real[::1] out, int num_threads):
    """erfc on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("erfc_parallel", out.shape[0], x.shape[0])
    _threads("erfc_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _erfc(x[i])


def arctan2_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """arctan2 on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("arctan2_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("arctan2_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _arctan2(x[i], y[i])


def exp2_parallel(const real[::1] x, real[::1] out, int num_threads):
    """exp2 on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("exp2_parallel", out.shape[0], x.shape[0])
    _threads("exp2_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _exp2(x[i])


def expm1_parallel(const real[::1] x, real[::1] out, int num_threads):
    """expm1 on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("expm1_parallel", out.shape[0], x.shape[0])
    _threads("expm1_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _expm1(x[i])


def log2_parallel(const real[::1] x, real[::1] out, int num_threads):
    """log2 on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("log2_parallel", out.shape[0], x.shape[0])
    _threads("log2_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _log2(x[i])


def log10_parallel(const real[::1] x, real[::1] out, int num_threads):
    """log10 on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("log10_parallel", out.shape[0], x.shape[0])
    _threads("log10_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _log10(x[i])


def log1p_parallel(const real[::1] x, real[::1] out, int num_threads):
    """log1p on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("log1p_parallel", out.shape[0], x.shape[0])
    _threads("log1p_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _log1p(x[i])


def cbrt_parallel(const real[::1] x, real[::1] out, int num_threads):
    """cbrt on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("cbrt_parallel", out.shape[0], x.shape[0])
    _threads("cbrt_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _cbrt(x[i])


def power_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """power on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("power_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("power_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _power(x[i], y[i])


def hypot_parallel(const real[::1] x, const real[::1] y, real[::1] out, int num_threads):
    """hypot on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("hypot_parallel", out.shape[0], x.shape[0], y.shape[0])
    _threads("hypot_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _hypot(x[i], y[i])


def sigmoid_parallel(const real[::1] x, real[::1] out, int num_threads):
    """sigmoid on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("sigmoid_parallel", out.shape[0], x.shape[0])
    _threads("sigmoid_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _sigmoid(x[i])


def gelu_parallel(const real[::1] x, real[::1] out, int num_threads):
    """gelu on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("gelu_parallel", out.shape[0], x.shape[0])
    _threads("gelu_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _gelu(x[i])


def silu_parallel(const real[::1] x, real[::1] out, int num_threads):
    """silu on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("silu_parallel", out.shape[0], x.shape[0])
    _threads("silu_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _silu(x[i])


def softplus_parallel(const real[::1] x, real[::1] out, int num_threads):
    """softplus on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("softplus_parallel", out.shape[0], x.shape[0])
    _threads("softplus_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _softplus(x[i])


def gelu_erf_parallel(const real[::1] x, real[::1] out, int num_threads):
    """gelu_erf on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("gelu_erf_parallel", out.shape[0], x.shape[0])
    _threads("gelu_erf_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _gelu_erf(x[i])


def log_sigmoid_parallel(const real[::1] x, real[::1] out, int num_threads):
    """log_sigmoid on num_threads OpenMP threads; the serial function's bits.  Returns None.

    OpenMP's threads do not survive fork(): do not call the *_parallel
    functions in a forked child of a process that called them (it may hang).
    """
    cdef Py_ssize_t i, n = _length("log_sigmoid_parallel", out.shape[0], x.shape[0])
    _threads("log_sigmoid_parallel", num_threads)
    for i in prange(n, nogil=True, num_threads=num_threads, schedule="static"):
        out[i] = _log_sigmoid(x[i])
