/*
 * Row kernels (simdkern_reductions.def): the functions every compiled target
 * provides (reduce.c), and the splitting primitives of parallel.c they run on.
 *
 * Tree kernels (sum, the squared deviations of var, dot, the squares of
 * nrm2) follow the fixed pairwise tree of table.h: blocks of SK_RBLOCK
 * elements, combined pairwise by halves, so that a split of the tree across
 * threads gives the same bits as one thread.  The other kernels take one
 * contiguous row (rows.c stages strided rows).
 */
#ifndef SK_ROWS_H
#define SK_ROWS_H

#include <stddef.h>

#include "simdkern.h"

/* What a tree kernel reads: n elements of x (and y), and its constants. */
typedef struct {
    size_t n;
    const char *x, *y;
    ptrdiff_t sx, sy;
    double shift, scale;
} sk_tree_ctx;

/*
 * Blocks [first, first + count) of the tree, combined pairwise by halves.
 * A kernel that accumulates in float32 returns a float32 value (held
 * exactly in the double); see sk_tree_run's `single`.
 */
typedef double (*sk_tree_fn)(const sk_tree_ctx *c, size_t first, size_t count);

/* One dtype's functions of one target. */
typedef struct {
    sk_tree_fn sum;  /* sum of x, in the element type */
    sk_tree_fn sum64; /* sum of x, in float64 */
    sk_tree_fn dev2; /* sum of (x - shift)^2, in float64 */
    sk_tree_fn dot;  /* sum of x*y, fused multiply-adds, in the element type */
    sk_tree_fn sq;   /* sum of (x*scale)^2, in float64 */
    /* contiguous rows, n >= 1 */
    double (*extreme)(size_t n, const void *x, int max); /* NaN if any is NaN */
    size_t (*arg_extreme)(size_t n, const void *x, int max);
    double (*maxabs)(size_t n, const void *x); /* NaN if any is NaN */
    double (*logsumexp)(size_t n, const void *x);
    /* out may be x itself; chunk_max: scratch for n / SK_SOFTMAX_CHUNK + 1 values */
    void (*softmax)(size_t n, const void *x, void *out, int log, double *chunk_max);
} sk_row_fns;

/* Elements per chunk of the softmax family's online max-and-sum. */
#define SK_SOFTMAX_CHUNK 1024

typedef struct {
    sk_row_fns f32, f64;
} sk_row_table;

/* The active target's row table (rows.c). */
const sk_row_table *sk_active_row_table(void);

/* ----- splitting (parallel.c) ------------------------------------------ */

/* Threads for a call of n elements of a cost class, as sk_call decides. */
int sk_threads_for(sk_cost cost, sk_dtype dtype, size_t n, const sk_call_opts *opts);

/*
 * fn(ctx, ...) over the whole tree of ceil(n / SK_RBLOCK) blocks, split into
 * subtrees on up to `threads` threads and combined in the serial order:
 * in float32 when `single` (the kernel accumulates in float32), else in
 * float64.  The result is the same bits as fn(ctx, 0, nblocks).  SK_OK or
 * SK_ABORTED.
 */
int sk_tree_run(sk_tree_fn fn, const sk_tree_ctx *ctx, int single, int threads,
                const sk_call_opts *opts, double *result);

/* Rows [begin, end) of a call. */
typedef int (*sk_rows_fn)(void *ctx, size_t begin, size_t end);

/*
 * fn over rows [0, rows) cut into tiles of whole rows, on up to `threads`
 * threads.  Returns SK_OK, SK_ABORTED, or the first other code a tile
 * returned.
 */
int sk_rows_run(size_t rows, size_t n, int threads, sk_rows_fn fn, void *ctx,
                const sk_call_opts *opts);

#endif /* SK_ROWS_H */
