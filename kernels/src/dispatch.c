/*
 * The catalogue resolved for the active target, and the typed public entry
 * points, which run the active target's kernels through sk_call.
 */
#include <pthread.h>
#include <string.h>

#include <sleef.h>

#include "simdkern.h"
#include "isa_list.h"
#include "table.h"

#define SK_EXTERN_TABLE(value, suffix) extern const sk_target_table sk_table_##suffix;
SK_FOR_EACH_TARGET(SK_EXTERN_TABLE)
#undef SK_EXTERN_TABLE

static sk_kernel catalogue[] = {
#define SK_KERNEL(name, nin, family, cost, flags, ulp32, ulp64, identity,      \
                  domain, numpy_ref, summary)                                  \
    {#name, nin, #family, SK_COST_##cost, #flags, ulp32, ulp64,                \
     SK_IDENTITY_##identity, SK_DOMAIN_##domain, numpy_ref, summary, NULL, NULL},
#include "simdkern_catalogue.def"
#undef SK_KERNEL
};

static const sk_target_table *table;
static pthread_once_t resolved = PTHREAD_ONCE_INIT;

static void resolve(void) {
    sk_isa isa = sk_isa_active();
#define SK_PICK_TABLE(value, suffix) if (isa == value) table = &sk_table_##suffix;
    SK_FOR_EACH_TARGET(SK_PICK_TABLE)
#undef SK_PICK_TABLE
    for (size_t i = 0; i < SK_NKERNELS; i++) {
        catalogue[i].f32 = table->f32[i];
        catalogue[i].f64 = table->f64[i];
    }
}

const sk_target_table *sk_active_table(void) {
    pthread_once(&resolved, resolve);
    return table;
}

static inline const sk_kernel *resolved_catalogue(void) {
    sk_active_table();
    return catalogue;
}
#define catalogue_of(index) (resolved_catalogue()[index])

const sk_kernel *sk_catalogue(size_t *count) {
    sk_active_table();
    if (count) *count = SK_NKERNELS;
    return catalogue;
}

const sk_kernel *sk_find(const char *name) {
    sk_active_table();
    for (size_t i = 0; i < SK_NKERNELS; i++)
        if (strcmp(catalogue[i].name, name) == 0) return &catalogue[i];
    return NULL;
}

/* Typed entry points: pack pointers and strides NumPy-style, run on the pool. */
#define SK_TYPED_1(name, T, S)                                                 \
    int sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, T *out,     \
                        ptrdiff_t out_stride) {                                \
        char *args[2] = {(char *)x, (char *)out};                              \
        ptrdiff_t steps[2] = {x_stride, out_stride};                           \
        return sk_call(&catalogue_of(SK_INDEX_##name), SK_DT_##S, n, args, steps, NULL);             \
    }
#define SK_TYPED_2(name, T, S)                                                 \
    int sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, const T *y,  \
                        ptrdiff_t y_stride, T *out, ptrdiff_t out_stride) {    \
        char *args[3] = {(char *)x, (char *)y, (char *)out};                   \
        ptrdiff_t steps[3] = {x_stride, y_stride, out_stride};                 \
        return sk_call(&catalogue_of(SK_INDEX_##name), SK_DT_##S, n, args, steps, NULL);             \
    }
#define SK_TYPED_3(name, T, S)                                                 \
    int sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, const T *y,  \
                        ptrdiff_t y_stride, const T *z, ptrdiff_t z_stride,    \
                        T *out, ptrdiff_t out_stride) {                        \
        char *args[4] = {(char *)x, (char *)y, (char *)z, (char *)out};        \
        ptrdiff_t steps[4] = {x_stride, y_stride, z_stride, out_stride};       \
        return sk_call(&catalogue_of(SK_INDEX_##name), SK_DT_##S, n, args, steps, NULL);             \
    }
#define SK_DT_f32 SK_F32
#define SK_DT_f64 SK_F64
#define SK_KERNEL(name, nin, ...) SK_TYPED_##nin(name, float, f32) SK_TYPED_##nin(name, double, f64)
#include "simdkern_catalogue.def"
#undef SK_KERNEL

#define SK_TYPED_REDUCE(op, kernel, T, S)                                      \
    T sk_##op##_##S(size_t n, const T *x, ptrdiff_t s) {                       \
        T result;                                                              \
        sk_reduce(&catalogue_of(SK_INDEX_##kernel), SK_DT_##S, n, x, s, &result, NULL); \
        return result;                                                         \
    }
SK_TYPED_REDUCE(sum, add, double, f64)
SK_TYPED_REDUCE(sum, add, float, f32)
SK_TYPED_REDUCE(prod, multiply, double, f64)
SK_TYPED_REDUCE(prod, multiply, float, f32)

#define SK_STR_(x) #x
#define SK_STR(x) SK_STR_(x)
const char *sk_sleef_version(void) {
    return SK_STR(SLEEF_VERSION_MAJOR) "." SK_STR(SLEEF_VERSION_MINOR) "." SK_STR(SLEEF_VERSION_PATCHLEVEL);
}
