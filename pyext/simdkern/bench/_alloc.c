/*
 * simdkern.bench._alloc: count the array buffers a call allocates.
 *
 * tracemalloc reports how much memory is held, not how many allocations
 * were made.  NumPy lets a context install its own allocator for array data
 * (PyDataMem_SetHandler, NEP 49); this one forwards to malloc and counts
 * blocks and bytes, for the calling context only, while one Python callable
 * runs.  Arrays remember the handler that allocated them, so buffers made
 * before or after are freed by their own handler.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define NPY_NO_DEPRECATED_API NPY_2_0_API_VERSION
#define NPY_TARGET_VERSION NPY_2_0_API_VERSION
#include <numpy/arrayobject.h>

#include <stdlib.h>

/*
 * Per thread: the handler is set for one context, whose allocations happen
 * on the thread that runs it, so concurrent count() calls do not mix.
 */
static _Thread_local long long blocks_made, bytes_made;

static void *count_malloc(void *ctx, size_t size) {
    (void)ctx;
    blocks_made++;
    bytes_made += (long long)size;
    return malloc(size ? size : 1);
}

static void *count_calloc(void *ctx, size_t nelem, size_t elsize) {
    (void)ctx;
    blocks_made++;
    bytes_made += (long long)(nelem * elsize);
    return calloc(nelem ? nelem : 1, elsize ? elsize : 1);
}

static void *count_realloc(void *ctx, void *ptr, size_t new_size) {
    (void)ctx;
    blocks_made++;
    bytes_made += (long long)new_size;
    return realloc(ptr, new_size ? new_size : 1);
}

static void count_free(void *ctx, void *ptr, size_t size) {
    (void)ctx;
    (void)size;
    free(ptr);
}

/* Handlers must outlive every array they allocate: one per process, never freed. */
static PyDataMem_Handler handler = {
    "simdkern_bench_counting_allocator",
    1,
    {NULL, count_malloc, count_calloc, count_realloc, count_free},
};

/* count(fn) -> (blocks, bytes) of array data allocated while fn() runs. */
static PyObject *count(PyObject *self, PyObject *fn) {
    (void)self;
    if (!PyCallable_Check(fn)) {
        PyErr_SetString(PyExc_TypeError, "count() needs a callable");
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(&handler, "mem_handler", NULL);
    if (!capsule) return NULL;
    PyObject *old = PyDataMem_SetHandler(capsule);
    Py_DECREF(capsule);
    if (!old) return NULL;
    long long blocks0 = blocks_made, bytes0 = bytes_made;
    PyObject *result = PyObject_CallNoArgs(fn);
    long long blocks = blocks_made - blocks0, bytes = bytes_made - bytes0;
    PyObject *restored = PyDataMem_SetHandler(old);
    Py_DECREF(old);
    if (!restored) {
        Py_XDECREF(result);
        return NULL;
    }
    Py_DECREF(restored);
    if (!result) return NULL;
    Py_DECREF(result);
    return Py_BuildValue("(LL)", blocks, bytes);
}

static PyMethodDef methods[] = {
    {"count", count, METH_O,
     "count(fn) -> (blocks, bytes): NumPy array buffers allocated while fn() runs "
     "(this thread's context only)."},
    {NULL, NULL, 0, NULL},
};

static int exec_module(PyObject *module) {
    (void)module;
    return PyArray_ImportNumPyAPI();
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, (void *)exec_module},
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "simdkern.bench._alloc",
    .m_doc = "Count NumPy array allocations (a NEP 49 memory handler).",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC PyInit__alloc(void) { return PyModuleDef_Init(&moduledef); }
