/*
 * The kernel library's entry points that the other extension modules use,
 * handed out by simdkern._ufuncs as the capsule "simdkern._ufuncs._C_API".
 *
 * Every extension module that linked the (static) kernel library would get
 * its own copy of it: its own thread pool, default thread count, thresholds
 * and ISA choice, so set_num_threads() and the pool's workers would not be
 * shared.  Only _ufuncs links it; the others call through this table.
 */
#ifndef SK_CAPI_H
#define SK_CAPI_H

#include "simdkern.h"

#define SIMDKERN_CAPI_NAME "simdkern._ufuncs._C_API"
#define SIMDKERN_CAPI_VERSION 2

typedef struct {
    int version;
    int (*rows)(const sk_row_kernel *k, sk_dtype dtype, size_t rows, size_t n, char *const *args,
                const ptrdiff_t *row_steps, const ptrdiff_t *core_steps,
                const sk_call_opts *opts);
    const sk_row_kernel *(*row_catalogue)(size_t *count);
    const sk_row_kernel *(*row_find)(const char *name);
    const char *(*isa_name)(void); /* the active ISA's */
    /* matmul over BLAS (_blas): the pool it keeps from running beside BLAS's
       threads, and the default thread count, must be _ufuncs' own */
    int (*matmul_f32)(size_t m, size_t n, size_t k, const float *a, ptrdiff_t a_rs,
                      ptrdiff_t a_cs, const float *b, ptrdiff_t b_rs, ptrdiff_t b_cs, float *c,
                      ptrdiff_t c_rs, ptrdiff_t c_cs, const sk_call_opts *opts);
    int (*matmul_f64)(size_t m, size_t n, size_t k, const double *a, ptrdiff_t a_rs,
                      ptrdiff_t a_cs, const double *b, ptrdiff_t b_rs, ptrdiff_t b_cs, double *c,
                      ptrdiff_t c_rs, ptrdiff_t c_cs, const sk_call_opts *opts);
    const char *(*blas_name)(void);
    const char *(*blas_config)(void);
    const char *(*blas_corename)(void);
    int (*blas_num_threads)(void);
} simdkern_capi;

/*
 * Module exec of the other modules: _ufuncs' table, or NULL with ImportError
 * set (a table of another build would not match this header).  Needs Python.h.
 */
static inline const simdkern_capi *import_capi(const char *importer) {
    const simdkern_capi *api = PyCapsule_Import(SIMDKERN_CAPI_NAME, 0);
    if (api && api->version != SIMDKERN_CAPI_VERSION) {
        PyErr_Format(PyExc_ImportError, "simdkern: _ufuncs and %s are from different builds",
                     importer);
        return NULL;
    }
    return api;
}

#endif /* SK_CAPI_H */
