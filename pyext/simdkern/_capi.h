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
#define SIMDKERN_CAPI_VERSION 1

typedef struct {
    int version;
    int (*rows)(const sk_row_kernel *k, sk_dtype dtype, size_t rows, size_t n, char *const *args,
                const ptrdiff_t *row_steps, const ptrdiff_t *core_steps,
                const sk_call_opts *opts);
    const sk_row_kernel *(*row_catalogue)(size_t *count);
    const sk_row_kernel *(*row_find)(const char *name);
    const char *(*isa_name)(void); /* the active ISA's */
} simdkern_capi;

#endif /* SK_CAPI_H */
