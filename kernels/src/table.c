/* This target's function table: compiled once per target like the kernels. */
#include "simd.h"
#include "table.h"

#define SK_KERNEL(name, ...)                                                   \
    int SK_SYM(sk_##name##_f32)(size_t, char *const *, const ptrdiff_t *);     \
    int SK_SYM(sk_##name##_f64)(size_t, char *const *, const ptrdiff_t *);
#include "simdkern_catalogue.def"
#undef SK_KERNEL
double SK_SYM(sk_sum_f64)(size_t, const double *, ptrdiff_t);
float SK_SYM(sk_sum_f32)(size_t, const float *, ptrdiff_t);
double SK_SYM(sk_prod_f64)(size_t, const double *, ptrdiff_t);
float SK_SYM(sk_prod_f32)(size_t, const float *, ptrdiff_t);
double SK_SYM(sk_sum_blocks_f64)(size_t, size_t, size_t, const char *, ptrdiff_t);
float SK_SYM(sk_sum_blocks_f32)(size_t, size_t, size_t, const char *, ptrdiff_t);
double SK_SYM(sk_prod_blocks_f64)(size_t, size_t, size_t, const char *, ptrdiff_t);
float SK_SYM(sk_prod_blocks_f32)(size_t, size_t, size_t, const char *, ptrdiff_t);

const sk_target_table SK_SYM(sk_table) = {
    .f32 = {
#define SK_KERNEL(name, ...) [SK_INDEX_##name] = SK_SYM(sk_##name##_f32),
#include "simdkern_catalogue.def"
#undef SK_KERNEL
    },
    .f64 = {
#define SK_KERNEL(name, ...) [SK_INDEX_##name] = SK_SYM(sk_##name##_f64),
#include "simdkern_catalogue.def"
#undef SK_KERNEL
    },
    .sum_f64 = SK_SYM(sk_sum_f64),
    .sum_f32 = SK_SYM(sk_sum_f32),
    .prod_f64 = SK_SYM(sk_prod_f64),
    .prod_f32 = SK_SYM(sk_prod_f32),
    .sum_blocks_f64 = SK_SYM(sk_sum_blocks_f64),
    .prod_blocks_f64 = SK_SYM(sk_prod_blocks_f64),
    .sum_blocks_f32 = SK_SYM(sk_sum_blocks_f32),
    .prod_blocks_f32 = SK_SYM(sk_prod_blocks_f32),
};
