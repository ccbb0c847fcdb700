/*
 * simdkern._ufuncs: np.ufunc objects built from the kernel catalogue with
 * NumPy's ArrayMethod API.
 *
 * This file does no math.  It registers one loop per kernel and dtype
 * (float32 and float64 call the kernels; float16 converts blocks to float32
 * around the float32 kernel, as NumPy's own float16 loops do), a promoter
 * (ints and bools compute in float64, anything else is a TypeError naming
 * the ufunc and dtype), and turns NumPy's reduce and accumulate calls, whose
 * operands overlap, into the calls the kernels accept.
 *
 * Threads: each loop's get_loop runs with the GIL (or, free-threaded, an
 * attached thread state) and reads the calling context's thread override
 * (simdkern.threads(n)); the loop then runs without the GIL and hands it to
 * the kernels with sk_call.  On the main thread, long calls ask
 * PyErr_CheckSignals every 10 ms, so Ctrl-C stops them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define NPY_NO_DEPRECATED_API NPY_2_0_API_VERSION
#define NPY_TARGET_VERSION NPY_2_0_API_VERSION
#include <numpy/arrayobject.h>
#include <numpy/dtype_api.h>
#include <numpy/ufuncobject.h>

#include <fenv.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "simdkern.h"
#include "_capi.h"

/* Index of each kernel in the catalogue (the catalogue's order). */
enum {
#define SK_KERNEL(name, ...) KERNEL_##name,
#include "simdkern_catalogue.def"
#undef SK_KERNEL
    KERNEL_COUNT
};

typedef enum { DT_F16, DT_F32, DT_F64, DT_COUNT } loop_dtype;

/* Set once by module exec; read-only afterwards. */
static const sk_kernel *kernels;
/* simdkern.threads(n), Ctrl-C: call_opts(), read_call_threads(), check_signals. */
#include "_callopts.h"

/* Time-based interrupt check for the loops that cut their own blocks (float16). */
typedef struct {
    sk_call_opts opts;
    unsigned counter;
    double last_ms;
} block_clock;

static int block_interrupted(block_clock *c) {
    if (!c->opts.abort || (++c->counter & 63)) return 0;
    double now = sk_monotonic_ms();
    if (now - c->last_ms < 10) return 0;
    c->last_ms = now;
    return c->opts.abort(NULL);
}

static block_clock block_clock_start(void) {
    block_clock c = {call_opts(), 0, sk_monotonic_ms()};
    return c;
}

/* ----- overlap: what NumPy's reduce and accumulate hand the loop -------- */

static void byte_range(const char *p, npy_intp n, npy_intp step, size_t itemsize,
                       const char **lo, const char **hi) {
    npy_intp span = (n - 1) * step;
    *lo = span < 0 ? p + span : p;
    *hi = (span < 0 ? p : p + span) + itemsize;
}

/* Whether an input partly overlaps the output (the same place is fine). */
static int overlaps(int nin, char *const *data, npy_intp n, const npy_intp *steps,
                    size_t itemsize) {
    const char *olo, *ohi;
    byte_range(data[nin], n, steps[nin], itemsize, &olo, &ohi);
    for (int i = 0; i < nin; i++) {
        /* in place is safe element by element, except with a stride of 0
           (a reduce's accumulator: each element depends on the last) */
        if (data[i] == data[nin] && steps[i] == steps[nin] && (steps[i] != 0 || n == 1))
            continue;
        const char *lo, *hi;
        byte_range(data[i], n, steps[i], itemsize, &lo, &hi);
        if (lo < ohi && olo < hi) return 1;
    }
    return 0;
}

/* NumPy's reduce inner loop: (acc, x, acc) with the accumulator's stride 0. */
static int is_reduction(const sk_kernel *k, char *const *data, npy_intp n,
                        const npy_intp *steps) {
    /* add and multiply reduce along a pairwise tree (sk_reduce) */
    int tree = strcmp(k->name, "add") == 0 || strcmp(k->name, "multiply") == 0;
    return n > 1 && k->nin == 2 && tree && data[0] == data[2] &&
           steps[0] == 0 && steps[2] == 0;
}

/*
 * out[i] = f(in[i]) for a kernel with a float32 or float64 loop.
 * reduce: NumPy passes (acc, x, acc) with acc's stride 0; the kernel library
 * reduces x pairwise and the kernel itself combines it with acc.
 * accumulate and other overlaps: one element at a time, in order, which is
 * what NumPy's semantics ask for.
 */
static int run_native(const sk_kernel *k, loop_dtype dt, char *const *data,
                      npy_intp n, const npy_intp *steps) {
    sk_loop_fn fn = dt == DT_F32 ? k->f32 : k->f64;
    sk_dtype dtype = dt == DT_F32 ? SK_F32 : SK_F64;
    size_t itemsize = dt == DT_F32 ? sizeof(float) : sizeof(double);
    int nin = k->nin;
    if (n <= 0) return 0;
    sk_call_opts opts = call_opts();
    if (is_reduction(k, data, n, steps)) {
        double r64;
        float r32;
        char *partial = dt == DT_F32 ? (char *)&r32 : (char *)&r64;
        int rc = sk_reduce(k, dtype, (size_t)n, data[1], steps[1], partial, &opts);
        if (rc != SK_OK) return rc;
        char *args[3] = {data[0], partial, data[0]};
        const ptrdiff_t zero[3] = {0, 0, 0};
        return fn(1, args, zero);
    }
    if (!overlaps(nin, data, n, steps, itemsize))
        return sk_call(k, dtype, (size_t)n, data, (const ptrdiff_t *)steps, &opts);
    for (npy_intp i = 0; i < n; i++) {
        char *args[4];
        for (int a = 0; a <= nin; a++) args[a] = data[a] + i * steps[a];
        int rc = fn(1, args, (const ptrdiff_t *)steps);
        if (rc) return rc;
    }
    return 0;
}

/*
 * float16 fma.  Rounding a float32 fma to float16 rounds twice, and the two
 * roundings can disagree with one (sqrt, add and multiply are safe: float32
 * has 2*11+2 bits, fma's sum of a product and an addend is not).  So the
 * exact a*b (22 bits) + c is formed in float64 rounded to odd -- the
 * float64 sum, moved one step towards the exact value when that was
 * inexact and the last bit is even -- and round-to-odd followed by one
 * rounding to a format 2 or more bits narrower equals a single rounding.
 */
static _Float16 fma_half(_Float16 a, _Float16 b, _Float16 c) {
    double p = (double)a * (double)b; /* exact */
    double s = p + (double)c;
    double bb = s - p;
    double err = (p - (s - bb)) + ((double)c - bb); /* p + c = s + err exactly */
    if (err != 0 && s - s == 0) { /* inexact and finite */
        uint64_t bits;
        memcpy(&bits, &s, sizeof bits);
        if (!(bits & 1)) {
            bits += (err > 0) == (s > 0) ? 1 : (uint64_t)-1; /* towards p + c */
            memcpy(&s, &bits, sizeof s);
        }
    }
    return (_Float16)s;
}

static int run_half_fma(char *const *data, npy_intp n, const npy_intp *steps) {
    block_clock clock = block_clock_start();
    for (npy_intp i = 0; i < n; i++) {
        if (!(i & 255) && block_interrupted(&clock)) return SK_ABORTED;
        _Float16 in[3], out;
        for (int a = 0; a < 3; a++) memcpy(&in[a], data[a] + i * steps[a], sizeof in[a]);
        out = fma_half(in[0], in[1], in[2]);
        memcpy(data[3] + i * steps[3], &out, sizeof out);
    }
    return 0;
}

/*
 * float16 negative and absolute change the sign bit only: done on the bits,
 * as NumPy does, so that a signaling NaN passes through without raising
 * invalid (a conversion to float32 would raise it).
 */
static int run_half_sign(int absolute, char *const *data, npy_intp n, const npy_intp *steps) {
    for (npy_intp i = 0; i < n; i++) {
        uint16_t bits;
        memcpy(&bits, data[0] + i * steps[0], sizeof bits);
        bits = absolute ? (uint16_t)(bits & 0x7fffu) : (uint16_t)(bits ^ 0x8000u);
        memcpy(data[1] + i * steps[1], &bits, sizeof bits);
    }
    return 0;
}

/*
 * float16 maximum, minimum, fmax, fmin and relu return one of their inputs:
 * chosen on the bits, as NumPy does, so a NaN keeps its payload and a
 * signaling NaN raises nothing.  key() orders the bit patterns as the values,
 * with -0 just below +0 (as the float kernels do).
 */
static int half_key(uint16_t h) { return (h & 0x8000u) ? -(int)(h & 0x7fffu) - 1 : (int)h; }
static int half_isnan(uint16_t h) { return (h & 0x7fffu) > 0x7c00u; }

static int run_half_select(const char *name, char *const *data, npy_intp n,
                           const npy_intp *steps) {
    int relu = strcmp(name, "relu") == 0;
    int larger = relu || strcmp(name, "maximum") == 0 || strcmp(name, "fmax") == 0;
    int keep_nan = relu || name[0] != 'f';
    for (npy_intp i = 0; i < n; i++) {
        uint16_t a, b = 0, r;
        memcpy(&a, data[0] + i * steps[0], sizeof a);
        if (!relu) memcpy(&b, data[1] + i * steps[1], sizeof b);
        if (half_isnan(a) || half_isnan(b))
            r = (half_isnan(a) == keep_nan) ? a : b;
        else
            r = (half_key(a) > half_key(b)) == larger ? a : b;
        memcpy(data[relu ? 1 : 2] + i * steps[relu ? 1 : 2], &r, sizeof r);
    }
    return 0;
}

/*
 * NumPy's float16 power is glibc's powf, which returns +inf for
 * pow(+-0, -inf) without raising divide-by-zero (its float32 and float64
 * loops, like simdkern's float32 kernel, raise it).  True when a block of
 * power's float32 operands holds such a pair and no other lane raises
 * divide-by-zero (+-0 to a finite negative power): then the flag is the
 * kernel's alone and is taken back.
 */
static int half_pow_unflag_divide(const float *x, const float *y, npy_intp m) {
    int zero_neg_inf = 0;
    for (npy_intp j = 0; j < m; j++) {
        if (x[j] != 0.0f || !(y[j] < 0.0f)) continue;
        if (isinf(y[j]))
            zero_neg_inf = 1;
        else
            return 0;
    }
    return zero_neg_inf;
}

/*
 * float16: convert a block of each input to float32, run the float32
 * kernel, convert back.  Conversions round to nearest even and raise
 * overflow like NumPy's float16 loops.
 */
#define HALF_BLOCK 256

static int run_half(const sk_kernel *k, char *const *data, npy_intp n,
                    const npy_intp *steps) {
    int nin = k->nin;
    if (n <= 0) return 0;
    if (is_reduction(k, data, n, steps)) {
        /* accumulate in float32 over the whole row, round once */
        float *row = malloc((size_t)n * sizeof(float));
        if (!row) return -1;
        for (npy_intp i = 0; i < n; i++) {
            _Float16 h;
            memcpy(&h, data[1] + i * steps[1], sizeof h);
            row[i] = (float)h;
        }
        float part;
        sk_call_opts opts = call_opts();
        int red = sk_reduce(k, SK_F32, (size_t)n, row, sizeof(float), &part, &opts);
        free(row);
        if (red != SK_OK) return red;
        _Float16 acc_h;
        memcpy(&acc_h, data[0], sizeof acc_h);
        float acc = (float)acc_h, out;
        char *args[3] = {(char *)&acc, (char *)&part, (char *)&out};
        const ptrdiff_t zero[3] = {0, 0, 0};
        int rc = k->f32(1, args, zero);
        _Float16 out_h = (_Float16)out;
        memcpy(data[0], &out_h, sizeof out_h);
        return rc;
    }
    if (strcmp(k->name, "fma") == 0) return run_half_fma(data, n, steps);
    if (strcmp(k->name, "negative") == 0) return run_half_sign(0, data, n, steps);
    if (strcmp(k->name, "absolute") == 0) return run_half_sign(1, data, n, steps);
    if (strcmp(k->name, "maximum") == 0 || strcmp(k->name, "minimum") == 0 ||
        strcmp(k->name, "fmax") == 0 || strcmp(k->name, "fmin") == 0 ||
        strcmp(k->name, "relu") == 0)
        return run_half_select(k->name, data, n, steps);
    if (nin == 2 && n > 1 && data[0] == data[2] && steps[0] == 0 && steps[2] == 0 &&
        strcmp(k->flags, "HW") == 0) {
        /* the in-order reduce of the arithmetic operations (subtract, divide):
           in float32, rounded once at the end, as NumPy's float16 arithmetic
           loops reduce; other kernels (arctan2) round every step, as NumPy's */
        _Float16 h;
        memcpy(&h, data[0], sizeof h);
        float acc = (float)h;
        const ptrdiff_t zero[3] = {0, 0, 0};
        for (npy_intp i = 0; i < n; i++) {
            memcpy(&h, data[1] + i * steps[1], sizeof h);
            float x = (float)h;
            char *args[3] = {(char *)&acc, (char *)&x, (char *)&acc};
            int rc = k->f32(1, args, zero);
            if (rc) return rc;
        }
        h = (_Float16)acc;
        memcpy(data[0], &h, sizeof h);
        return 0;
    }
    int quiet = strcmp(k->flags, "QUIET") == 0;
    /* overlapping operands go one element at a time, like run_native */
    npy_intp block = overlaps(nin, data, n, steps, sizeof(_Float16)) ? 1 : HALF_BLOCK;
    float buf[4][HALF_BLOCK];
    block_clock clock = block_clock_start();
    for (npy_intp start = 0; start < n; start += block) {
        if (block_interrupted(&clock)) return SK_ABORTED;
        npy_intp m = n - start < block ? n - start : block;
        char *args[4];
        for (int a = 0; a < nin; a++) {
            const char *src = data[a] + start * steps[a];
            for (npy_intp j = 0; j < m; j++) {
                _Float16 h;
                memcpy(&h, src + j * steps[a], sizeof h);
                buf[a][j] = (float)h;
            }
            args[a] = (char *)buf[a];
        }
        args[nin] = (char *)buf[nin];
        const ptrdiff_t unit[4] = {sizeof(float), sizeof(float), sizeof(float), sizeof(float)};
        int had_divide = fetestexcept(FE_DIVBYZERO);
        int rc = k->f32((size_t)m, args, unit);
        if (rc) return rc;
        if (!had_divide && strcmp(k->name, "power") == 0 && half_pow_unflag_divide(buf[0], buf[1], m))
            feclearexcept(FE_DIVBYZERO);
        char *dst = data[nin] + start * steps[nin];
        fexcept_t before;
        fegetexceptflag(&before, FE_ALL_EXCEPT);
        for (npy_intp j = 0; j < m; j++) {
            _Float16 h = (_Float16)buf[nin][j];
            memcpy(dst + j * steps[nin], &h, sizeof h);
        }
        /* kernels that raise no flags stay quiet when their result is narrowed */
        if (quiet) fesetexceptflag(&before, FE_ALL_EXCEPT);
    }
    return 0;
}

/*
 * SK_ABORTED: a signal handler raised (KeyboardInterrupt), and its exception
 * is set; -1: run_half could not have its buffer.
 */
static int finish(int rc) {
    if (rc == SK_OK) return 0;
    PyGILState_STATE state = PyGILState_Ensure();
    if (rc == -1)
        PyErr_NoMemory();
    else if (!PyErr_Occurred())
        PyErr_Format(PyExc_SystemError, "simdkern: kernel failed with code %d", rc);
    PyGILState_Release(state);
    return -1;
}

/* One strided loop per kernel and dtype, generated from the catalogue. */
#define SK_KERNEL(name, ...)                                                   \
    static int loop_##name##_f64(PyArrayMethod_Context *ctx, char *const *data, \
                                 const npy_intp *dims, const npy_intp *steps,   \
                                 NpyAuxData *aux) {                             \
        (void)ctx; (void)aux;                                                  \
        return finish(run_native(&kernels[KERNEL_##name], DT_F64, data, dims[0], steps)); \
    }                                                                          \
    static int loop_##name##_f32(PyArrayMethod_Context *ctx, char *const *data, \
                                 const npy_intp *dims, const npy_intp *steps,   \
                                 NpyAuxData *aux) {                             \
        (void)ctx; (void)aux;                                                  \
        return finish(run_native(&kernels[KERNEL_##name], DT_F32, data, dims[0], steps)); \
    }                                                                          \
    static int loop_##name##_f16(PyArrayMethod_Context *ctx, char *const *data, \
                                 const npy_intp *dims, const npy_intp *steps,   \
                                 NpyAuxData *aux) {                             \
        (void)ctx; (void)aux;                                                  \
        return finish(run_half(&kernels[KERNEL_##name], data, dims[0], steps)); \
    }
#include "simdkern_catalogue.def"
#undef SK_KERNEL

/*
 * get_loop: NumPy calls it, holding the GIL, before every call's loop; it
 * records the context's thread override for the loop.
 */
static int get_loop_common(PyArrayMethod_StridedLoop *loop, PyArrayMethod_StridedLoop **out_loop,
                           NpyAuxData **out_aux, NPY_ARRAYMETHOD_FLAGS *flags) {
    if (read_call_threads() < 0) return -1;
    *out_loop = loop;
    *out_aux = NULL;
    *flags = 0; /* the loops release the GIL and may raise floating-point flags */
    return 0;
}

#define SK_GET_LOOP(name, S)                                                   \
    static int get_loop_##name##_##S(PyArrayMethod_Context *ctx, int aligned,  \
                                     int move_references, const npy_intp *strides, \
                                     PyArrayMethod_StridedLoop **out_loop,     \
                                     NpyAuxData **out_aux, NPY_ARRAYMETHOD_FLAGS *flags) { \
        (void)ctx; (void)aligned; (void)move_references; (void)strides;        \
        return get_loop_common(loop_##name##_##S, out_loop, out_aux, flags);   \
    }
#define SK_KERNEL(name, ...) SK_GET_LOOP(name, f16) SK_GET_LOOP(name, f32) SK_GET_LOOP(name, f64)
#include "simdkern_catalogue.def"
#undef SK_KERNEL

static PyArrayMethod_GetLoop *const loops[KERNEL_COUNT][DT_COUNT] = {
#define SK_KERNEL(name, ...) [KERNEL_##name] = {get_loop_##name##_f16, get_loop_##name##_f32, get_loop_##name##_f64},
#include "simdkern_catalogue.def"
#undef SK_KERNEL
};

/* ----- reduction identities --------------------------------------------- */

static int write_initial(PyArrayMethod_Context *ctx, double value, void *initial) {
    switch (ctx->descriptors[0]->type_num) {
    case NPY_DOUBLE: *(double *)initial = value; return 1;
    case NPY_FLOAT: *(float *)initial = (float)value; return 1;
    case NPY_HALF: {
        _Float16 h = (_Float16)value;
        memcpy(initial, &h, sizeof h);
        return 1;
    }
    default: return 0;
    }
}

/* +0.0, as NumPy's float add uses (so add.reduce([-0.0]) is 0.0 there too). */
static int initial_zero(PyArrayMethod_Context *ctx, npy_bool is_empty, void *initial) {
    (void)is_empty;
    return write_initial(ctx, 0.0, initial);
}

static int initial_one(PyArrayMethod_Context *ctx, npy_bool is_empty, void *initial) {
    (void)is_empty;
    return write_initial(ctx, 1.0, initial);
}

/* ----- promotion ------------------------------------------------------- */

static int is_float_dtype(PyArray_DTypeMeta *d) {
    return d == &PyArray_HalfDType || d == &PyArray_FloatDType || d == &PyArray_DoubleDType;
}

/* float16/32/64 stay; bool, integers and Python int/float compute in float64. */
static PyArray_DTypeMeta *loop_dtype_for(PyArray_DTypeMeta *d) {
    if (is_float_dtype(d)) return d;
    if (d == &PyArray_PyLongDType || d == &PyArray_PyFloatDType) return &PyArray_DoubleDType;
    if (PyTypeNum_ISBOOL(d->type_num) || PyTypeNum_ISINTEGER(d->type_num))
        return &PyArray_DoubleDType;
    return NULL;
}

static void unsupported(PyObject *ufunc, PyArray_DTypeMeta *const *dtypes, int n) {
    PyErr_Clear(); /* e.g. PyArray_PromoteDTypeSequence's own complaint */
    PyObject *name = PyObject_GetAttrString(ufunc, "__name__");
    PyObject *names = PyList_New(0);
    for (int i = 0; names && i < n; i++) {
        if (!dtypes[i]) continue;
        PyObject *s = dtypes[i]->singleton ? PyObject_Str((PyObject *)dtypes[i]->singleton)
                                           : PyObject_Str((PyObject *)dtypes[i]);
        if (!s || PyList_Append(names, s) < 0) Py_CLEAR(names);
        Py_XDECREF(s);
    }
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError,
                 "simdkern.%S does not support the dtypes %S: it computes in "
                 "float16, float32 or float64 (bool and integer inputs compute "
                 "in float64); complex, object, string and datetime inputs are "
                 "not supported",
                 name ? name : Py_None, names ? names : Py_None);
    Py_XDECREF(name);
    Py_XDECREF(names);
}

static int promoter(PyObject *ufunc, PyArray_DTypeMeta *const op_dtypes[],
                    PyArray_DTypeMeta *const signature[], PyArray_DTypeMeta *new_op_dtypes[]) {
    int nin = ((PyUFuncObject *)ufunc)->nin, nargs = ((PyUFuncObject *)ufunc)->nargs;
    PyArray_DTypeMeta *chosen = NULL;
    /* dtype= or signature= pins the computation's dtype */
    for (int i = 0; i < nargs && !chosen; i++) {
        if (!signature[i]) continue;
        if (!is_float_dtype(signature[i])) {
            int reduction = nin == 2 && signature[0] && signature[0] == signature[2] &&
                            !signature[1];
            if (!reduction) {
                unsupported(ufunc, signature, nargs);
                return -1;
            }
            /*
             * A reduction without dtype= or out= pins its result to the
             * input's DType; for integers that is a loop simdkern does not
             * have (it computes in floating point).
             */
            PyObject *name = PyObject_GetAttrString(ufunc, "__name__");
            PyErr_Format(PyExc_TypeError,
                         "simdkern.%S computes in float16, float32 or float64, not in "
                         "%s; for a reduction over an integer or bool array pass "
                         "dtype=np.float64 (or out=)",
                         name ? name : Py_None,
                         signature[i]->scalar_type ? signature[i]->scalar_type->tp_name : "this dtype");
            Py_XDECREF(name);
            return -1;
        }
        chosen = signature[i];
    }
    if (!chosen) {
        PyArray_DTypeMeta *common = PyArray_PromoteDTypeSequence(nin, (PyArray_DTypeMeta **)op_dtypes);
        if (common) {
            chosen = loop_dtype_for(common);
            Py_DECREF(common);
        }
        if (!chosen) {
            unsupported(ufunc, op_dtypes, nin);
            return -1;
        }
    }
    for (int i = 0; i < nargs; i++) {
        Py_INCREF(chosen);
        new_op_dtypes[i] = chosen;
    }
    return 0;
}

/* ----- docstrings ------------------------------------------------------ */

/* Built once per process: ufuncs keep a pointer to their docstring. */
static char *docstrings[KERNEL_COUNT];

static int build_docstrings(void) {
    for (int i = 0; i < KERNEL_COUNT; i++) {
        if (docstrings[i]) continue;
        const sk_kernel *k = &kernels[i];
        char bound[160];
        if (k->ulp_f32 == k->ulp_f64)
            snprintf(bound, sizeof bound, "at most %.1f ULP in float32 and float64", k->ulp_f64);
        else
            snprintf(bound, sizeof bound, "at most %.1f ULP in float32, %.1f ULP in float64",
                     k->ulp_f32, k->ulp_f64);
        PyObject *doc = PyUnicode_FromFormat(
            "%s\n\n"
            "Same meaning as ``%s``.\n\n"
            "Dtypes: float32 and float64 loops (SIMD, %s); float16 computes in "
            "float32 and returns float16; bool and integer inputs compute in "
            "float64.\n"
            "Accuracy: %s over the whole float range.\n"
            "Results are bit-identical for any array layout (strides, position).",
            k->summary, k->numpy_ref,
            sk_isa_name(sk_isa_active()), bound);
        if (!doc) return -1;
        Py_ssize_t len;
        const char *utf8 = PyUnicode_AsUTF8AndSize(doc, &len);
        if (!utf8) { Py_DECREF(doc); return -1; }
        docstrings[i] = malloc((size_t)len + 1);
        if (!docstrings[i]) { Py_DECREF(doc); PyErr_NoMemory(); return -1; }
        memcpy(docstrings[i], utf8, (size_t)len + 1);
        Py_DECREF(doc);
    }
    return 0;
}

/* ----- building the ufuncs ----------------------------------------------- */

static PyObject *make_ufunc(int index) {
    const sk_kernel *k = &kernels[index];
    int identity = k->identity == SK_IDENTITY_ZERO ? PyUFunc_Zero
                 : k->identity == SK_IDENTITY_ONE  ? PyUFunc_One
                 : k->identity == SK_IDENTITY_REORDERABLE ? PyUFunc_ReorderableNone
                                                   : PyUFunc_None;
    PyObject *ufunc = PyUFunc_FromFuncAndData(NULL, NULL, NULL, 0, k->nin, 1, identity,
                                              k->name, docstrings[index], 0);
    if (!ufunc) return NULL;

    PyArray_DTypeMeta *float_dtypes[DT_COUNT] = {
        &PyArray_HalfDType, &PyArray_FloatDType, &PyArray_DoubleDType};
    const char *suffix[DT_COUNT] = {"f16", "f32", "f64"};
    for (int dt = 0; dt < DT_COUNT; dt++) {
        PyArray_DTypeMeta *dtypes[4];
        for (int a = 0; a <= k->nin; a++) dtypes[a] = float_dtypes[dt];
        PyType_Slot slots[3] = {{NPY_METH_get_loop, (void *)loops[index][dt]}, {0, NULL}, {0, NULL}};
        if (k->identity == SK_IDENTITY_ZERO)
            slots[1] = (PyType_Slot){NPY_METH_get_reduction_initial, (void *)initial_zero};
        else if (k->identity == SK_IDENTITY_ONE)
            slots[1] = (PyType_Slot){NPY_METH_get_reduction_initial, (void *)initial_one};
        char name[64];
        snprintf(name, sizeof name, "simdkern.%s_%s", k->name, suffix[dt]);
        PyArrayMethod_Spec spec = {
            .name = name,
            .nin = k->nin,
            .nout = 1,
            .casting = NPY_NO_CASTING,
            /* add, multiply, maximum... may reduce over several axes at once */
            .flags = k->identity != SK_IDENTITY_NONE ? NPY_METH_IS_REORDERABLE : 0,
            .dtypes = dtypes,
            .slots = slots,
        };
        if (PyUFunc_AddLoopFromSpec(ufunc, &spec) < 0) goto fail;
    }

    /* every DType tuple reaches the promoter; it picks a loop or says why not */
    PyObject *wildcard = PyTuple_New(k->nin + 1);
    if (!wildcard) goto fail;
    for (int a = 0; a <= k->nin; a++) {
        Py_INCREF(&PyArrayDescr_Type);
        PyTuple_SET_ITEM(wildcard, a, (PyObject *)&PyArrayDescr_Type);
    }
    PyObject *capsule = PyCapsule_New((void *)promoter, "numpy._ufunc_promoter", NULL);
    if (!capsule) { Py_DECREF(wildcard); goto fail; }
    int rc = PyUFunc_AddPromoter(ufunc, wildcard, capsule);
    Py_DECREF(wildcard);
    Py_DECREF(capsule);
    if (rc < 0) goto fail;
    return ufunc;
fail:
    Py_DECREF(ufunc);
    return NULL;
}

/* ----- module functions ------------------------------------------------ */

static const char *cost_names[] = {"arith", "transc", "fused"};
static const char *identity_names[] = {"none", "zero", "one", "reorderable"};
static const char *domain_names[] = {"all", "nonneg"};

static PyObject *py_catalogue(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    PyObject *list = PyList_New(KERNEL_COUNT);
    if (!list) return NULL;
    for (int i = 0; i < KERNEL_COUNT; i++) {
        const sk_kernel *k = &kernels[i];
        PyObject *entry = Py_BuildValue(
            "{s:s,s:i,s:s,s:s,s:s,s:d,s:d,s:s,s:s,s:s,s:s}",
            "name", k->name, "nin", k->nin, "family", k->family,
            "cost", cost_names[k->cost], "flags", k->flags,
            "ulp_f32", k->ulp_f32, "ulp_f64", k->ulp_f64,
            "identity", identity_names[k->identity], "domain", domain_names[k->domain],
            "numpy_ref", k->numpy_ref, "summary", k->summary);
        if (!entry) { Py_DECREF(list); return NULL; }
        PyList_SET_ITEM(list, i, entry);
    }
    return list;
}

static PyObject *py_isa(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    return PyUnicode_FromString(sk_isa_name(sk_isa_active()));
}

static PyObject *py_isas(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    PyObject *list = PyList_New(0);
    for (int i = 0; list && i < SK_ISA_COUNT; i++) {
        if (!sk_isa_supported((sk_isa)i)) continue;
        PyObject *s = PyUnicode_FromString(sk_isa_name((sk_isa)i));
        if (!s || PyList_Append(list, s) < 0) Py_CLEAR(list);
        Py_XDECREF(s);
    }
    return list;
}

static PyObject *py_isa_env_problem(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    const char *problem = sk_isa_env_problem();
    if (!problem) Py_RETURN_NONE;
    return PyUnicode_FromString(problem);
}

static PyObject *py_build_info(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    return Py_BuildValue("{s:s,s:s,s:s}",
        "sleef", sk_sleef_version(),
        "compiler",
#if defined(__clang__)
        "clang " __clang_version__,
#elif defined(__GNUC__)
        "gcc " __VERSION__,
#else
        "unknown",
#endif
        "numpy_abi", NPY_ABI_VERSION == 0x02000000 ? "2.x" : "other");
}

/* ----- thread controls (simdkern._threads wraps these) -------------------- */

static const char *dtype_names[] = {"float32", "float64"};
static const char *const class_names[SK_NCOSTS] = {"arith", "transc", "fused", "reduce"};

static PyObject *py_get_num_threads(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    return PyLong_FromLong(sk_get_num_threads());
}

static PyObject *py_set_num_threads(PyObject *self, PyObject *arg) {
    (void)self;
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    if (n < 1 || n > INT_MAX || sk_set_num_threads((int)n) < 0) {
        PyErr_Format(PyExc_ValueError, "thread count must be >= 1, got %ld", n);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *py_cpu_count(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    return PyLong_FromLong(sk_cpu_count());
}

static PyObject *py_threads_env_problem(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    const char *problem = sk_threads_env_problem();
    if (!problem) Py_RETURN_NONE;
    return PyUnicode_FromString(problem);
}

static PyObject *py_shutdown(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    Py_BEGIN_ALLOW_THREADS /* waits for a running call on another thread */
    sk_shutdown();
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyObject *py_pool_workers(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    return PyLong_FromLong(sk_pool_workers());
}

/* {"arith": {"float32": threshold, "float64": threshold, "cap": threads}, ...} */
static PyObject *py_tuning(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    PyObject *all = PyDict_New();
    for (int c = 0; all && c < SK_NCOSTS; c++) {
        PyObject *entry = Py_BuildValue("{s:n,s:n,s:i}",
            dtype_names[0], (Py_ssize_t)sk_threshold((sk_cost)c, SK_F32),
            dtype_names[1], (Py_ssize_t)sk_threshold((sk_cost)c, SK_F64),
            "cap", sk_thread_cap((sk_cost)c));
        if (!entry || PyDict_SetItemString(all, class_names[c], entry) < 0) Py_CLEAR(all);
        Py_XDECREF(entry);
    }
    return all;
}

static int class_index(const char *name) {
    for (int c = 0; c < SK_NCOSTS; c++)
        if (strcmp(name, class_names[c]) == 0) return c;
    PyErr_Format(PyExc_ValueError, "unknown cost class %s", name);
    return -1;
}

/* _set_tuning(class, dtype or "cap", value): for calibration and tests. */
static PyObject *py_set_tuning(PyObject *self, PyObject *args) {
    (void)self;
    const char *cls, *what;
    Py_ssize_t value;
    if (!PyArg_ParseTuple(args, "ssn", &cls, &what, &value)) return NULL;
    int c = class_index(cls);
    if (c < 0) return NULL;
    if (value < 1) return PyErr_Format(PyExc_ValueError, "value must be >= 1, got %zd", value);
    if (strcmp(what, "cap") == 0)
        sk_set_thread_cap((sk_cost)c, value > SK_MAX_THREADS ? SK_MAX_THREADS : (int)value);
    else if (strcmp(what, dtype_names[0]) == 0)
        sk_set_threshold((sk_cost)c, SK_F32, (size_t)value);
    else if (strcmp(what, dtype_names[1]) == 0)
        sk_set_threshold((sk_cost)c, SK_F64, (size_t)value);
    else
        return PyErr_Format(PyExc_ValueError, "expected float32, float64 or cap, got %s", what);
    Py_RETURN_NONE;
}

/*
 * Exported for threadpoolctl, which finds thread pools by the symbols of
 * the loaded shared libraries (see simdkern._threads).
 */
__attribute__((visibility("default"))) int simdkern_get_num_threads(void) {
    return sk_get_num_threads();
}
__attribute__((visibility("default"))) int simdkern_set_num_threads(int n) {
    return sk_set_num_threads(n);
}

static PyMethodDef methods[] = {
    {"_get_num_threads", py_get_num_threads, METH_NOARGS,
     "_get_num_threads() -> the process default thread count."},
    {"_set_num_threads", py_set_num_threads, METH_O,
     "_set_num_threads(n) -> set the process default thread count (n >= 1)."},
    {"cpu_count", py_cpu_count, METH_NOARGS,
     "cpu_count() -> CPUs this process may use (affinity mask and cgroup quota)."},
    {"threads_env_problem", py_threads_env_problem, METH_NOARGS,
     "threads_env_problem() -> why SIMDKERN_NUM_THREADS or OMP_NUM_THREADS was ignored, or None."},
    {"_shutdown", py_shutdown, METH_NOARGS, "_shutdown() -> stop and join the pool's workers."},
    {"_pool_workers", py_pool_workers, METH_NOARGS,
     "_pool_workers() -> worker threads now running."},
    {"_tuning", py_tuning, METH_NOARGS,
     "_tuning() -> per cost class: the parallel thresholds per dtype and the thread cap."},
    {"_set_tuning", py_set_tuning, METH_VARARGS,
     "_set_tuning(cost_class, 'float32' | 'float64' | 'cap', value) -> for calibration."},
    {"catalogue", py_catalogue, METH_NOARGS,
     "catalogue() -> list of dicts, one per kernel: the facts the ufuncs were built from."},
    {"isa", py_isa, METH_NOARGS, "isa() -> name of the instruction set the kernels use."},
    {"isas", py_isas, METH_NOARGS, "isas() -> names of the instruction sets this CPU can run."},
    {"isa_env_problem", py_isa_env_problem, METH_NOARGS,
     "isa_env_problem() -> why SIMDKERN_ISA was not honoured, or None."},
    {"build_info", py_build_info, METH_NOARGS, "build_info() -> versions and compiler."},
    {NULL, NULL, 0, NULL},
};

/* The table the other extension modules call the kernels through (_capi.h). */
static const char *active_isa_name(void) { return sk_isa_name(sk_isa_active()); }
static const simdkern_capi capi = {
    SIMDKERN_CAPI_VERSION, sk_rows,          sk_row_catalogue, sk_row_find,
    active_isa_name,       sk_matmul_f32,    sk_matmul_f64,    sk_blas_name,
    sk_blas_config,        sk_blas_corename, sk_blas_num_threads,
};

static int module_exec(PyObject *module) {
    if (PyArray_ImportNumPyAPI() < 0) return -1;
    if (PyUFunc_ImportUFuncAPI() < 0) return -1;
    size_t count;
    kernels = sk_catalogue(&count);
    if (count != KERNEL_COUNT) {
        PyErr_SetString(PyExc_ImportError, "simdkern: kernel catalogue size mismatch");
        return -1;
    }
    if (build_docstrings() < 0) return -1;
    threads_var = PyContextVar_New("simdkern.threads", NULL);
    if (!threads_var || PyModule_AddObjectRef(module, "_threads_var", threads_var) < 0) return -1;
    if (note_main_thread() < 0) return -1;
    PyObject *capsule = PyCapsule_New((void *)&capi, SIMDKERN_CAPI_NAME, NULL);
    if (!capsule) return -1;
    if (PyModule_AddObject(module, "_C_API", capsule) < 0) {
        Py_DECREF(capsule);
        return -1;
    }
    for (int i = 0; i < KERNEL_COUNT; i++) {
        PyObject *ufunc = make_ufunc(i);
        if (!ufunc) return -1;
        if (PyModule_AddObject(module, kernels[i].name, ufunc) < 0) {
            Py_DECREF(ufunc);
            return -1;
        }
    }
    return 0;
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, (void *)module_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "simdkern._ufuncs",
    .m_doc = "NumPy ufuncs over the simdkern C kernels, built from the kernel catalogue.",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC PyInit__ufuncs(void) { return PyModuleDef_Init(&moduledef); }
