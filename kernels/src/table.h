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

/*
 * Reductions cut a vector into blocks of SK_RBLOCK elements and combine the
 * blocks' results pairwise by halves: blocks(first, count) is
 * blocks(first, half) OP blocks(first + half, count - half), with half =
 * count / 2.  parallel.c computes subtrees of that tree on different threads
 * and combines them in the same order.
 */
#define SK_RBLOCK 1024
typedef double (*sk_blocks_f64)(size_t first, size_t count, size_t n, const char *x,
                                ptrdiff_t stride);
typedef float (*sk_blocks_f32)(size_t first, size_t count, size_t n, const char *x,
                               ptrdiff_t stride);

typedef struct {
    sk_loop_fn f32[SK_NKERNELS];
    sk_loop_fn f64[SK_NKERNELS];
    double (*sum_f64)(size_t, const double *, ptrdiff_t);
    float (*sum_f32)(size_t, const float *, ptrdiff_t);
    double (*prod_f64)(size_t, const double *, ptrdiff_t);
    float (*prod_f32)(size_t, const float *, ptrdiff_t);
    sk_blocks_f64 sum_blocks_f64, prod_blocks_f64;
    sk_blocks_f32 sum_blocks_f32, prod_blocks_f32;
} sk_target_table;

/* The active target's table (dispatch.c). */
const sk_target_table *sk_active_table(void);

#endif /* SK_TABLE_H */
