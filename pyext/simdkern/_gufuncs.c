/*
 * simdkern._gufuncs (public as simdkern.gufuncs): generalized ufuncs over
 * the row kernels, built from the row catalogue
 * (kernels/include/simdkern_reductions.def) with NumPy's ArrayMethod API.
 *
 * This file does no math.  Each gufunc has a float32 and a float64 loop
 * (argmin and argmax write intp); a promoter sends float16 to the float32
 * loop, bool and integers to the float64 loop, and refuses anything else
 * with a TypeError naming the gufunc and the dtypes.  A loop runs without
 * the GIL, with the thread limit of simdkern.threads(n) and Ctrl-C (see
 * _callopts.h), and hands all its rows to sk_rows at once.
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

#include "simdkern.h"
#include "_callopts.h"
#include "_capi.h"

enum {
#define SK_ROW(name, ...) ROW_##name,
#include "simdkern_reductions.def"
#undef SK_ROW
    ROW_COUNT
};

/*
 * Set once by module exec; read-only afterwards.  The kernels are called
 * through simdkern._ufuncs' table, so that there is one thread pool, one
 * thread count and one ISA choice in the process (_capi.h).
 */
static const simdkern_capi *api;
static const sk_row_kernel *rows_catalogue;

static int run_rows(int index, sk_dtype dtype, char *const *data, const npy_intp *dims,
                    const npy_intp *steps) {
    const sk_row_kernel *k = &rows_catalogue[index];
    int nargs = k->nin + (k->param == SK_ROW_PARAM_DDOF) + 1;
    ptrdiff_t row_steps[4], core_steps[3];
    for (int i = 0; i < nargs; i++) row_steps[i] = steps[i];
    /* core strides: each row input's, then a row output's */
    int ncore = k->nin + (k->out == SK_ROW_OUT_ROW);
    for (int i = 0; i < ncore; i++) core_steps[i] = steps[nargs + i];
    if (dims[0] <= 0) return 0;
    sk_call_opts opts = call_opts();
    return finish_call(api->rows(k, dtype, (size_t)dims[0], (size_t)dims[1], data, row_steps,
                               core_steps, &opts));
}

#define SK_ROW(name, ...)                                                      \
    static int loop_##name##_f32(PyArrayMethod_Context *ctx, char *const *data, \
                                 const npy_intp *dims, const npy_intp *steps,   \
                                 NpyAuxData *aux) {                             \
        (void)ctx; (void)aux;                                                  \
        return run_rows(ROW_##name, SK_F32, data, dims, steps);                \
    }                                                                          \
    static int loop_##name##_f64(PyArrayMethod_Context *ctx, char *const *data, \
                                 const npy_intp *dims, const npy_intp *steps,   \
                                 NpyAuxData *aux) {                             \
        (void)ctx; (void)aux;                                                  \
        return run_rows(ROW_##name, SK_F64, data, dims, steps);                \
    }                                                                          \
    static int get_loop_##name##_f32(PyArrayMethod_Context *ctx, int aligned,  \
                                     int move_references, const npy_intp *strides, \
                                     PyArrayMethod_StridedLoop **out_loop,     \
                                     NpyAuxData **out_aux, NPY_ARRAYMETHOD_FLAGS *flags) { \
        (void)ctx; (void)aligned; (void)move_references; (void)strides;        \
        if (read_call_threads() < 0) return -1;                                \
        *out_loop = loop_##name##_f32;                                         \
        *out_aux = NULL;                                                       \
        *flags = 0; /* no Python API: NumPy releases the GIL */                \
        return 0;                                                              \
    }                                                                          \
    static int get_loop_##name##_f64(PyArrayMethod_Context *ctx, int aligned,  \
                                     int move_references, const npy_intp *strides, \
                                     PyArrayMethod_StridedLoop **out_loop,     \
                                     NpyAuxData **out_aux, NPY_ARRAYMETHOD_FLAGS *flags) { \
        (void)ctx; (void)aligned; (void)move_references; (void)strides;        \
        if (read_call_threads() < 0) return -1;                                \
        *out_loop = loop_##name##_f64;                                         \
        *out_aux = NULL;                                                       \
        *flags = 0;                                                            \
        return 0;                                                              \
    }
#include "simdkern_reductions.def"
#undef SK_ROW

static PyArrayMethod_GetLoop *const get_loops[ROW_COUNT][2] = {
#define SK_ROW(name, ...) [ROW_##name] = {get_loop_##name##_f32, get_loop_##name##_f64},
#include "simdkern_reductions.def"
#undef SK_ROW
};

/* ----- promotion ------------------------------------------------------- */

static int is_float_dtype(PyArray_DTypeMeta *d) {
    return d == &PyArray_HalfDType || d == &PyArray_FloatDType || d == &PyArray_DoubleDType;
}

/* float32/64 stay; float16 computes in float32; bool, integers, Python numbers in float64 */
static PyArray_DTypeMeta *loop_dtype_for(PyArray_DTypeMeta *d) {
    if (d == &PyArray_FloatDType || d == &PyArray_DoubleDType) return d;
    if (d == &PyArray_HalfDType) return &PyArray_FloatDType;
    if (d == &PyArray_PyLongDType || d == &PyArray_PyFloatDType) return &PyArray_DoubleDType;
    if (PyTypeNum_ISBOOL(d->type_num) || PyTypeNum_ISINTEGER(d->type_num))
        return &PyArray_DoubleDType;
    return NULL;
}

static void unsupported(PyObject *ufunc, PyArray_DTypeMeta *const *dtypes, int n) {
    PyErr_Clear();
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
                 "simdkern.gufuncs.%S does not support the dtypes %S: it computes in "
                 "float32 or float64 (float16 in float32; bool and integer inputs in "
                 "float64); complex, object, string and datetime inputs are not supported",
                 name ? name : Py_None, names ? names : Py_None);
    Py_XDECREF(name);
    Py_XDECREF(names);
}

static int promoter(PyObject *ufunc, PyArray_DTypeMeta *const op_dtypes[],
                    PyArray_DTypeMeta *const signature[], PyArray_DTypeMeta *new_op_dtypes[]) {
    PyUFuncObject *uf = (PyUFuncObject *)ufunc;
    int nin = uf->nin, nargs = uf->nargs;
    const sk_row_kernel *k = api->row_find(uf->name);
    int index_out = k && k->out == SK_ROW_OUT_INDEX;
    PyArray_DTypeMeta *chosen = NULL;
    /* dtype= or signature= pins the computation's dtype (not an index output's) */
    for (int i = 0; i < nargs - index_out && !chosen; i++) {
        if (!signature[i]) continue;
        if (!is_float_dtype(signature[i])) {
            unsupported(ufunc, signature, nargs);
            return -1;
        }
        chosen = loop_dtype_for(signature[i]);
    }
    if (!chosen) {
        PyArray_DTypeMeta *common =
            PyArray_PromoteDTypeSequence(nin, (PyArray_DTypeMeta **)op_dtypes);
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
        PyArray_DTypeMeta *d = index_out && i == nargs - 1 ? &PyArray_IntpDType : chosen;
        Py_INCREF(d);
        new_op_dtypes[i] = d;
    }
    return 0;
}

/* ----- docstrings and gufuncs ------------------------------------------- */

static char *docstrings[ROW_COUNT];

static int build_docstring(int index) {
    if (docstrings[index]) return 0;
    const sk_row_kernel *k = &rows_catalogue[index];
    PyObject *doc = PyUnicode_FromFormat(
        "%s(%s) -> %s\n\n%s\n\n"
        "Same meaning as ``%s``.  Generalized ufunc over the last axis: "
        "signature %s%s.\n\n"
        "Loops: float32 and float64 (%s); float16 computes in float32, bool "
        "and integer inputs in float64.  Rows run on simdkern's thread pool "
        "with the same bits for any thread count.",
        k->name,
        k->nin == 2 ? "x, y" : k->param == SK_ROW_PARAM_DDOF ? "x, ddof" : "x",
        k->out == SK_ROW_OUT_INDEX ? "intp" : "float", k->summary, k->numpy_ref, k->signature,
        k->param == SK_ROW_PARAM_DDOF ? " (ddof: a float input, broadcast)" : "",
        api->isa_name());
    if (!doc) return -1;
    Py_ssize_t len;
    const char *utf8 = PyUnicode_AsUTF8AndSize(doc, &len);
    if (!utf8) { Py_DECREF(doc); return -1; }
    docstrings[index] = malloc((size_t)len + 1);
    if (!docstrings[index]) { Py_DECREF(doc); PyErr_NoMemory(); return -1; }
    memcpy(docstrings[index], utf8, (size_t)len + 1);
    Py_DECREF(doc);
    return 0;
}

static PyObject *make_gufunc(int index) {
    const sk_row_kernel *k = &rows_catalogue[index];
    if (build_docstring(index) < 0) return NULL;
    int nin = k->nin + (k->param == SK_ROW_PARAM_DDOF);
    PyObject *ufunc = PyUFunc_FromFuncAndDataAndSignature(
        NULL, NULL, NULL, 0, nin, 1, PyUFunc_None, k->name, docstrings[index], 0, k->signature);
    if (!ufunc) return NULL;
    PyArray_DTypeMeta *floats[2] = {&PyArray_FloatDType, &PyArray_DoubleDType};
    const char *suffix[2] = {"f32", "f64"};
    for (int dt = 0; dt < 2; dt++) {
        PyArray_DTypeMeta *dtypes[4];
        for (int a = 0; a < nin; a++) dtypes[a] = floats[dt];
        dtypes[nin] = k->out == SK_ROW_OUT_INDEX ? &PyArray_IntpDType : floats[dt];
        PyType_Slot slots[2] = {{NPY_METH_get_loop, (void *)get_loops[index][dt]}, {0, NULL}};
        char name[64];
        snprintf(name, sizeof name, "simdkern.gufuncs.%s_%s", k->name, suffix[dt]);
        PyArrayMethod_Spec spec = {
            .name = name,
            .nin = nin,
            .nout = 1,
            .casting = NPY_NO_CASTING,
            .flags = 0,
            .dtypes = dtypes,
            .slots = slots,
        };
        if (PyUFunc_AddLoopFromSpec(ufunc, &spec) < 0) goto fail;
    }
    PyObject *wildcard = PyTuple_New(nin + 1);
    if (!wildcard) goto fail;
    for (int a = 0; a <= nin; a++) {
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

static const char *const out_names[] = {"scalar", "index", "row"};
static const char *const param_names[] = {"none", "ddof"};

static PyObject *py_catalogue(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
    PyObject *list = PyList_New(ROW_COUNT);
    if (!list) return NULL;
    for (int i = 0; i < ROW_COUNT; i++) {
        const sk_row_kernel *k = &rows_catalogue[i];
        PyObject *entry = Py_BuildValue(
            "{s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:s}", "name", k->name, "nin", k->nin, "out",
            out_names[k->out], "param", param_names[k->param], "cost",
            k->cost == SK_COST_TRANSC ? "transc" : "reduce", "signature", k->signature,
            "numpy_ref", k->numpy_ref, "summary", k->summary);
        if (!entry) { Py_DECREF(list); return NULL; }
        PyList_SET_ITEM(list, i, entry);
    }
    return list;
}

static PyMethodDef methods[] = {
    {"catalogue", py_catalogue, METH_NOARGS,
     "catalogue() -> list of dicts, one per row kernel: the facts the gufuncs were built from."},
    {NULL, NULL, 0, NULL},
};

static int module_exec(PyObject *module) {
    if (PyArray_ImportNumPyAPI() < 0) return -1;
    if (PyUFunc_ImportUFuncAPI() < 0) return -1;
    if (init_call_opts() < 0) return -1;
    api = import_capi("_gufuncs");
    if (!api) return -1;
    size_t count;
    rows_catalogue = api->row_catalogue(&count);
    if (count != ROW_COUNT) {
        PyErr_SetString(PyExc_ImportError, "simdkern: row catalogue size mismatch");
        return -1;
    }
    for (int i = 0; i < ROW_COUNT; i++) {
        PyObject *gufunc = make_gufunc(i);
        if (!gufunc) return -1;
        if (PyModule_AddObject(module, rows_catalogue[i].name, gufunc) < 0) {
            Py_DECREF(gufunc);
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
    .m_name = "simdkern._gufuncs",
    .m_doc = "Generalized ufuncs over the simdkern row kernels (simdkern.gufuncs).",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC PyInit__gufuncs(void) { return PyModuleDef_Init(&moduledef); }
