/*
 * simdkern._blas: simdkern.matmul, a gufunc with np.matmul's signature
 * (m?,k),(k,n?)->(m?,n?) over sk_matmul_f32/f64 (kernels/src/blas.c).
 *
 * NumPy's gufunc machinery does the shapes: broadcasting of the stacks, the
 * optional dimensions of 1-D operands (given to the loop as size 1, stride
 * 0), out=, and the error for a mismatched k.  The loop hands each matrix
 * of the stack, with its strides, to sk_matmul, which finds how BLAS reads
 * it or copies it.  float16 computes in float32 and returns float16, as
 * NumPy's float16 matmul does.  Integer and bool products are refused: NumPy
 * keeps them integer, and a float result would change their meaning.
 *
 * Threads: get_loop runs with the GIL and reads simdkern.threads(n)'s
 * context variable; the loop runs without the GIL and gives that count to
 * sk_matmul, which runs BLAS on it (see docs/threads.md).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define NPY_NO_DEPRECATED_API NPY_2_0_API_VERSION
#define NPY_TARGET_VERSION NPY_2_0_API_VERSION
#include <numpy/arrayobject.h>
#include <numpy/dtype_api.h>
#include <numpy/ufuncobject.h>

#include <stdlib.h>
#include <string.h>

#include "_capi.h"

/* The kernel library, through _ufuncs (one pool, one thread count: _capi.h). */
static const simdkern_capi *api;

/* simdkern.threads(n)'s thread limit, shared with _ufuncs (read_call_threads). */
#include "_callopts.h"

/* SK_ENOMEM, SK_EINVAL: set the exception (the loop runs without the GIL). */
static int finish(int rc) {
    if (rc == SK_OK) return 0;
    PyGILState_STATE state = PyGILState_Ensure();
    if (rc == SK_ENOMEM)
        PyErr_NoMemory();
    else if (rc == SK_EINVAL)
        PyErr_SetString(PyExc_ValueError,
                        "simdkern.matmul: a dimension or stride is too large for the BLAS "
                        "library's integers");
    else
        PyErr_Format(PyExc_SystemError, "simdkern.matmul failed with code %d", rc);
    PyGILState_Release(state);
    return -1;
}

/*
 * dims: the outer count, then m, k, n.  steps: the three outer strides, then
 * a's (m, k), b's (k, n) and c's (m, n) core strides.
 */
#define MATMUL_LOOP(S, T)                                                           \
    static int loop_##S(PyArrayMethod_Context *ctx, char *const *data,              \
                        const npy_intp *dims, const npy_intp *steps, NpyAuxData *aux) { \
        (void)ctx;                                                                  \
        (void)aux;                                                                  \
        sk_call_opts opts = {.threads = call_threads};                              \
        size_t m = (size_t)dims[1], k = (size_t)dims[2], n = (size_t)dims[3];       \
        for (npy_intp i = 0; i < dims[0]; i++) {                                    \
            int rc = api->matmul_##S(m, n, k, (const T *)(void *)(data[0] + i * steps[0]), \
                                   steps[3], steps[4],                              \
                                   (const T *)(void *)(data[1] + i * steps[1]), steps[5], \
                                   steps[6], (T *)(void *)(data[2] + i * steps[2]), \
                                   steps[7], steps[8], &opts);                      \
            if (rc) return finish(rc);                                              \
        }                                                                           \
        return 0;                                                                   \
    }
MATMUL_LOOP(f32, float)
MATMUL_LOOP(f64, double)

/* Converts a strided r x c float16 matrix into a contiguous float32 one. */
static void widen(size_t r, size_t c, const char *p, npy_intp rs, npy_intp cs, float *out) {
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            _Float16 h;
            memcpy(&h, p + (npy_intp)i * rs + (npy_intp)j * cs, sizeof h);
            *out++ = (float)h;
        }
}

/* float16: each matrix widened to float32, multiplied, rounded back once. */
static int loop_f16(PyArrayMethod_Context *ctx, char *const *data, const npy_intp *dims,
                    const npy_intp *steps, NpyAuxData *aux) {
    (void)ctx;
    (void)aux;
    sk_call_opts opts = {.threads = call_threads};
    size_t m = (size_t)dims[1], k = (size_t)dims[2], n = (size_t)dims[3];
    size_t na = m * k, nb = k * n, nc = m * n;
    float *buf = malloc((na + nb + nc + 1) * sizeof(float));
    if (!buf) return finish(SK_ENOMEM);
    float *a = buf, *b = buf + na, *c = buf + na + nb;
    const ptrdiff_t f = sizeof(float);
    int rc = SK_OK;
    for (npy_intp i = 0; i < dims[0] && rc == SK_OK; i++) {
        widen(m, k, data[0] + i * steps[0], steps[3], steps[4], a);
        widen(k, n, data[1] + i * steps[1], steps[5], steps[6], b);
        rc = api->matmul_f32(m, n, k, a, (ptrdiff_t)k * f, f, b, (ptrdiff_t)n * f, f, c,
                           (ptrdiff_t)n * f, f, &opts);
        char *out = data[2] + i * steps[2];
        for (size_t r = 0; rc == SK_OK && r < m; r++)
            for (size_t j = 0; j < n; j++) {
                _Float16 h = (_Float16)c[r * n + j];
                memcpy(out + (npy_intp)r * steps[7] + (npy_intp)j * steps[8], &h, sizeof h);
            }
    }
    free(buf);
    return finish(rc);
}

static int get_loop_common(PyArrayMethod_StridedLoop *loop, PyArrayMethod_StridedLoop **out_loop,
                           NpyAuxData **out_aux, NPY_ARRAYMETHOD_FLAGS *flags) {
    if (read_call_threads() < 0) return -1;
    *out_loop = loop;
    *out_aux = NULL;
    *flags = 0; /* no GIL needed; floating-point flags are checked, as NumPy's matmul does */
    return 0;
}

#define GET_LOOP(S)                                                                 \
    static int get_loop_##S(PyArrayMethod_Context *ctx, int aligned, int move_references, \
                            const npy_intp *strides, PyArrayMethod_StridedLoop **out_loop, \
                            NpyAuxData **out_aux, NPY_ARRAYMETHOD_FLAGS *flags) {   \
        (void)ctx;                                                                  \
        (void)aligned;                                                              \
        (void)move_references;                                                      \
        (void)strides;                                                              \
        return get_loop_common(loop_##S, out_loop, out_aux, flags);                 \
    }
GET_LOOP(f16)
GET_LOOP(f32)
GET_LOOP(f64)

/* ----- promotion ---------------------------------------------------------- */

static int is_float_dtype(PyArray_DTypeMeta *d) {
    return d == &PyArray_HalfDType || d == &PyArray_FloatDType || d == &PyArray_DoubleDType;
}

static PyObject *dtype_names(PyArray_DTypeMeta *const *dtypes, int n) {
    PyObject *names = PyList_New(0);
    for (int i = 0; names && i < n; i++) {
        if (!dtypes[i]) continue;
        PyObject *s = dtypes[i]->singleton ? PyObject_Str((PyObject *)dtypes[i]->singleton)
                                           : PyObject_Str((PyObject *)dtypes[i]);
        if (!s || PyList_Append(names, s) < 0) Py_CLEAR(names);
        Py_XDECREF(s);
    }
    return names;
}

static void unsupported(PyArray_DTypeMeta *const *dtypes, int n, int all_integer) {
    PyErr_Clear();
    PyObject *names = dtype_names(dtypes, n);
    PyErr_Clear();
    if (all_integer)
        PyErr_Format(PyExc_TypeError,
                     "simdkern.matmul does not multiply %S: it computes in float16, float32 "
                     "or float64, and np.matmul keeps integer and bool products exact in "
                     "their own dtype; cast to a float dtype first (a.astype(np.float64)) or "
                     "use np.matmul",
                     names ? names : Py_None);
    else
        PyErr_Format(PyExc_TypeError,
                     "simdkern.matmul does not support the dtypes %S: it computes in "
                     "float16, float32 or float64 (NumPy's promotion of the inputs must "
                     "give one of them); complex, long double, object and other dtypes are "
                     "not supported",
                     names ? names : Py_None);
    Py_XDECREF(names);
}

static int is_integral(PyArray_DTypeMeta *d) {
    return d == &PyArray_PyLongDType || PyTypeNum_ISBOOL(d->type_num) ||
           PyTypeNum_ISINTEGER(d->type_num);
}

/*
 * The loop dtype: dtype= or signature= when it names a float dtype; else
 * NumPy's promotion of the two inputs, which must be float16, float32 or
 * float64 (integers with floats promote as in NumPy; integers alone are
 * refused).  The output dtype does not choose the loop: NumPy casts into out=.
 */
static int promoter(PyObject *ufunc, PyArray_DTypeMeta *const op_dtypes[],
                    PyArray_DTypeMeta *const signature[], PyArray_DTypeMeta *new_op_dtypes[]) {
    (void)ufunc;
    PyArray_DTypeMeta *chosen = NULL;
    for (int i = 0; i < 3 && !chosen; i++) {
        if (!signature[i]) continue;
        if (!is_float_dtype(signature[i])) {
            unsupported(signature, 3, 0);
            return -1;
        }
        chosen = signature[i];
    }
    if (!chosen) {
        if (is_integral(op_dtypes[0]) && is_integral(op_dtypes[1])) {
            unsupported(op_dtypes, 2, 1);
            return -1;
        }
        PyArray_DTypeMeta *common = PyArray_PromoteDTypeSequence(2, (PyArray_DTypeMeta **)op_dtypes);
        if (common) {
            if (is_float_dtype(common)) chosen = common;
            Py_DECREF(common);
        }
        if (!chosen) {
            unsupported(op_dtypes, 2, 0);
            return -1;
        }
    }
    for (int i = 0; i < 3; i++) {
        Py_INCREF(chosen);
        new_op_dtypes[i] = chosen;
    }
    return 0;
}

/* ----- the gufunc ----------------------------------------------------------- */

static const char matmul_doc[] =
    "matmul(x1, x2, /, out=None, *, casting='same_kind', order='K', dtype=None, "
    "subok=True, signature=None, axes=None, axis=None)\n\n"
    "Matrix product of two arrays, as ``np.matmul``: signature (m?,k),(k,n?)->(m?,n?).\n\n"
    "Stacks of matrices broadcast; a 1-D operand is a row (first) or a column\n"
    "(second) vector whose dimension is removed from the result.  Computed by\n"
    "BLAS (gemm; gemv when one operand is a vector, dot when both are), on\n"
    "simdkern's thread count (``simdkern.threads(n)``, ``set_num_threads``),\n"
    "without the GIL.  float32 and float64; float16 computes in float32 and\n"
    "returns float16; integer and bool products raise TypeError (NumPy keeps\n"
    "them integer).  Strided and negative-stride operands are read in place\n"
    "when BLAS can, otherwise copied first.";

static PyObject *make_matmul(void) {
    PyObject *ufunc = PyUFunc_FromFuncAndDataAndSignature(
        NULL, NULL, NULL, 0, 2, 1, PyUFunc_None, "matmul", matmul_doc, 0,
        "(m?,k),(k,n?)->(m?,n?)");
    if (!ufunc) return NULL;
    PyArray_DTypeMeta *float_dtypes[3] = {&PyArray_HalfDType, &PyArray_FloatDType,
                                          &PyArray_DoubleDType};
    PyArrayMethod_GetLoop *get_loops[3] = {get_loop_f16, get_loop_f32, get_loop_f64};
    const char *names[3] = {"simdkern.matmul_f16", "simdkern.matmul_f32", "simdkern.matmul_f64"};
    for (int dt = 0; dt < 3; dt++) {
        PyArray_DTypeMeta *dtypes[3] = {float_dtypes[dt], float_dtypes[dt], float_dtypes[dt]};
        PyType_Slot slots[2] = {{NPY_METH_get_loop, (void *)get_loops[dt]}, {0, NULL}};
        PyArrayMethod_Spec spec = {
            .name = names[dt],
            .nin = 2,
            .nout = 1,
            .casting = NPY_NO_CASTING,
            .flags = 0,
            .dtypes = dtypes,
            .slots = slots,
        };
        if (PyUFunc_AddLoopFromSpec(ufunc, &spec) < 0) goto fail;
    }
    PyObject *wildcard = PyTuple_Pack(3, (PyObject *)&PyArrayDescr_Type,
                                      (PyObject *)&PyArrayDescr_Type, (PyObject *)&PyArrayDescr_Type);
    if (!wildcard) goto fail;
    PyObject *capsule = PyCapsule_New((void *)promoter, "numpy._ufunc_promoter", NULL);
    if (!capsule) {
        Py_DECREF(wildcard);
        goto fail;
    }
    int rc = PyUFunc_AddPromoter(ufunc, wildcard, capsule);
    Py_DECREF(wildcard);
    Py_DECREF(capsule);
    if (rc < 0) goto fail;
    return ufunc;
fail:
    Py_DECREF(ufunc);
    return NULL;
}

/* ----- module functions ------------------------------------------------------ */

static PyObject *py_blas_info(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return Py_BuildValue("{s:s,s:s,s:s,s:n}", "build", api->blas_name(), "config",
                         api->blas_config(), "corename", api->blas_corename(), "parallel_work",
                         (Py_ssize_t)SK_BLAS_PARALLEL_WORK);
}

static PyObject *py_blas_num_threads(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyLong_FromLong(api->blas_num_threads());
}

static PyMethodDef methods[] = {
    {"blas_info", py_blas_info, METH_NOARGS,
     "blas_info() -> the BLAS build, its configuration, the CPU kernels it chose, and the "
     "product size (multiply-adds) from which matmul uses several threads."},
    {"_blas_num_threads", py_blas_num_threads, METH_NOARGS,
     "_blas_num_threads() -> BLAS's thread setting now (1 between parallel products)."},
    {NULL, NULL, 0, NULL},
};

static int module_exec(PyObject *module) {
    if (PyArray_ImportNumPyAPI() < 0) return -1;
    if (PyUFunc_ImportUFuncAPI() < 0) return -1;
    api = import_capi("_blas");
    if (!api) return -1;
    if (init_call_opts() < 0) return -1;
    /* BLAS's thread setting rests at 1 from import on, not from the first
       product (threadpoolctl would otherwise record and restore its default) */
    (void)api->blas_num_threads();
    PyObject *matmul = make_matmul();
    if (!matmul) return -1;
    if (PyModule_AddObject(module, "matmul", matmul) < 0) {
        Py_DECREF(matmul);
        return -1;
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
    .m_name = "simdkern._blas",
    .m_doc = "simdkern.matmul: the matrix product gufunc over BLAS.",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC PyInit__blas(void) { return PyModuleDef_Init(&moduledef); }
