/* The function table every compiled target provides (see table.c). */
#ifndef SK_TABLE_H
#define SK_TABLE_H

#include "simdkern.h"

enum {
#define SK_KERNEL(name, ...) SK_INDEX_##name,
#include "simdkern_catalogue.def"
#undef SK_KERNEL
    SK_NKERNELS
};

typedef struct {
    sk_loop_fn f32[SK_NKERNELS];
    sk_loop_fn f64[SK_NKERNELS];
    double (*sum_f64)(size_t, const double *, ptrdiff_t);
    float (*sum_f32)(size_t, const float *, ptrdiff_t);
    double (*prod_f64)(size_t, const double *, ptrdiff_t);
    float (*prod_f32)(size_t, const float *, ptrdiff_t);
} sk_target_table;

#endif /* SK_TABLE_H */
