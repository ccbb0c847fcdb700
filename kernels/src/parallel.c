/*
 * How a call is split across threads: thresholds and caps per cost class,
 * tiles for element-wise kernels, subtrees for reductions.
 *
 * Element-wise kernels give the same bits for an element wherever it sits
 * (loops.h), so any split gives the same output.  Reductions are split
 * along their fixed pairwise tree (table.h), so any split gives the same
 * sum.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "rows.h"
#include "table.h"

/*
 * Calibrated by tools/calibrate_threads.py (make calibrate-threads) on the
 * development machine, a 2-vCPU VM, and recorded in docs/threads.md: per
 * class, the largest of its kernels' sizes from which two threads beat one
 * by 1.25x when the worker has to be woken from sleep (tens of microseconds
 * on a VM), rounded up to a power of two.  Indexed [cost][dtype].
 */
static _Atomic size_t thresholds[SK_NCOSTS][2] = {
    [SK_COST_ARITH] = {524288, 262144},
    [SK_COST_TRANSC] = {524288, 524288},
    [SK_COST_FUSED] = {524288, 131072},
    [SK_COST_REDUCE] = {1048576, 524288},
};
/* Memory-bound classes stop scaling once DRAM bandwidth is used up. */
static _Atomic int caps[SK_NCOSTS] = {
    [SK_COST_ARITH] = 8,
    [SK_COST_TRANSC] = SK_MAX_THREADS,
    [SK_COST_FUSED] = SK_MAX_THREADS,
    [SK_COST_REDUCE] = 8,
};

/*
 * Tiles: multiples of 16 elements (64 bytes of float32), about 8 per thread:
 * a worker that wakes late (waking one costs tens of microseconds on a
 * virtual machine) then holds the caller up by one small tile at most.
 */
#define SK_TILE_ALIGN 16
#define SK_TILE_PER_THREAD 8
#define SK_TILE_MIN 1024
#define SK_TILE_MAX 32768

size_t sk_threshold(sk_cost cost, sk_dtype dtype) {
    if ((unsigned)cost >= SK_NCOSTS || (unsigned)dtype > SK_F64) return 0;
    return atomic_load_explicit(&thresholds[cost][dtype], memory_order_relaxed);
}

void sk_set_threshold(sk_cost cost, sk_dtype dtype, size_t n) {
    if ((unsigned)cost >= SK_NCOSTS || (unsigned)dtype > SK_F64 || n < 1) return;
    atomic_store_explicit(&thresholds[cost][dtype], n, memory_order_relaxed);
}

int sk_thread_cap(sk_cost cost) {
    if ((unsigned)cost >= SK_NCOSTS) return 0;
    return atomic_load_explicit(&caps[cost], memory_order_relaxed);
}

void sk_set_thread_cap(sk_cost cost, int threads) {
    if ((unsigned)cost >= SK_NCOSTS || threads < 1) return;
    atomic_store_explicit(&caps[cost], threads, memory_order_relaxed);
}

/* Threads for n elements of a class: 1 below the threshold, then each thread
 * gets at least half the threshold, within the cap and the caller's limit. */
static int threads_for(sk_cost cost, sk_dtype dtype, size_t n, const sk_call_opts *opts) {
    size_t threshold = sk_threshold(cost, dtype);
    if (n < threshold) return 1;
    int want = opts && opts->threads > 0 ? opts->threads : sk_get_num_threads();
    int cap = sk_thread_cap(cost);
    if (want > cap) want = cap;
    size_t share = threshold / 2 ? threshold / 2 : 1;
    size_t most = n / share;
    return most < (size_t)want ? (int)most : want;
}

static size_t tile_size(size_t n, int threads) {
    size_t tile = n / ((size_t)threads * SK_TILE_PER_THREAD);
    if (tile < SK_TILE_MIN) tile = SK_TILE_MIN;
    if (tile > SK_TILE_MAX) tile = SK_TILE_MAX;
    while (n / tile >= ((size_t)1 << 31)) tile *= 2; /* tile numbers fit 32 bits */
    return (tile + SK_TILE_ALIGN - 1) / SK_TILE_ALIGN * SK_TILE_ALIGN;
}

/* ----- element-wise ------------------------------------------------------ */

typedef struct {
    sk_loop_fn fn;
    int nargs;
    char *const *args;
    const ptrdiff_t *steps;
    size_t n, head, tile;
    _Atomic int rc;
} sk_map;

/* Tile 0 is [0, head + tile); tile t > 0 is [head + t*tile, ...). */
static void map_tile(void *vctx, size_t t) {
    sk_map *c = vctx;
    size_t begin = t == 0 ? 0 : c->head + t * c->tile;
    size_t end = c->head + (t + 1) * c->tile;
    if (end > c->n) end = c->n;
    char *args[4];
    for (int a = 0; a < c->nargs; a++) args[a] = c->args[a] + (ptrdiff_t)begin * c->steps[a];
    int rc = c->fn(end - begin, args, c->steps);
    if (rc != SK_OK) atomic_store_explicit(&c->rc, rc, memory_order_relaxed);
}

int sk_call(const sk_kernel *k, sk_dtype dtype, size_t n, char *const *args,
            const ptrdiff_t *steps, const sk_call_opts *opts) {
    sk_loop_fn fn = dtype == SK_F64 ? k->f64 : dtype == SK_F32 ? k->f32 : NULL;
    if (!fn) return SK_EINVAL;
    int threads = threads_for(k->cost, dtype, n, opts);
    int abortable = opts && opts->abort && n > 2 * SK_TILE_MAX;
    if (threads <= 1 && !abortable) return fn(n, args, steps);

    size_t itemsize = dtype == SK_F64 ? sizeof(double) : sizeof(float);
    size_t tile = tile_size(n, threads);
    int out = k->nin;
    size_t head = 0;
    uintptr_t addr = (uintptr_t)args[out];
    if (steps[out] == (ptrdiff_t)itemsize && addr % itemsize == 0)
        head = (64 - addr % 64) % 64 / itemsize; /* tiles after the first start on 64 bytes */
    sk_map ctx = {fn, k->nin + 1, args, steps, n, head, tile, SK_OK};
    size_t ntiles = n > head ? (n - head + tile - 1) / tile : 1;
    int rc = sk_pool_run(ntiles, threads, map_tile, &ctx, opts);
    if (rc != SK_OK) return rc;
    return atomic_load_explicit(&ctx.rc, memory_order_relaxed);
}

/* ----- reductions -------------------------------------------------------- */

/*
 * Subtrees per call: 8 per thread; a call that may be aborted cuts its tree
 * to subtrees of about SK_RABORT_BLOCKS blocks (about 1M elements, well
 * under a millisecond), so that the abort callback is asked often enough.
 * Up to SK_RLEAVES subtrees live in a per-thread array, more on the heap.
 */
#define SK_RLEAVES 256
#define SK_RABORT_BLOCKS 1024

typedef struct {
    size_t first, count;
    double v64;
    float v32;
} sk_leaf;

typedef struct {
    sk_blocks_f64 f64;
    sk_blocks_f32 f32;
    size_t n;
    const char *x;
    ptrdiff_t stride;
    size_t nleaves;
    sk_leaf *leaf;
} sk_tree;

/* The subtrees `depth` levels below (first, count), in index order. */
static void leaves(sk_tree *t, size_t first, size_t count, int depth) {
    if (depth == 0 || count == 1) {
        t->leaf[t->nleaves].first = first;
        t->leaf[t->nleaves].count = count;
        t->nleaves++;
        return;
    }
    size_t half = count / 2;
    leaves(t, first, half, depth - 1);
    leaves(t, first + half, count - half, depth - 1);
}

static void leaf_tile(void *vctx, size_t i) {
    sk_tree *t = vctx;
    sk_leaf *l = &t->leaf[i];
    if (t->f64)
        l->v64 = t->f64(l->first, l->count, t->n, t->x, t->stride);
    else
        l->v32 = t->f32(l->first, l->count, t->n, t->x, t->stride);
}

/* The same tree again, over the leaves' values: the serial grouping. */
#define SK_DEFINE_COMBINE(S, ET, V)                                            \
    static ET combine_##S(const sk_tree *t, size_t count, int depth, size_t *next, \
                          int add) {                                           \
        if (depth == 0 || count == 1) return t->leaf[(*next)++].V;             \
        size_t half = count / 2;                                               \
        ET a = combine_##S(t, half, depth - 1, next, add);                     \
        ET b = combine_##S(t, count - half, depth - 1, next, add);             \
        return add ? a + b : a * b;                                            \
    }
SK_DEFINE_COMBINE(f64, double, v64)
SK_DEFINE_COMBINE(f32, float, v32)

int sk_reduce(const sk_kernel *k, sk_dtype dtype, size_t n, const void *x,
              ptrdiff_t x_stride, void *result, const sk_call_opts *opts) {
    /* the pairwise trees exist for add and multiply (hypot has an identity,
       but no tree) */
    int add = strcmp(k->name, "add") == 0;
    if ((!add && strcmp(k->name, "multiply") != 0) || (unsigned)dtype > SK_F64)
        return SK_EINVAL;
    const sk_target_table *table = sk_active_table();
    int threads = threads_for(SK_COST_REDUCE, dtype, n, opts);
    size_t nblocks = (n + SK_RBLOCK - 1) / SK_RBLOCK;
    /* a long one-thread reduction is still cut, for the abort callback */
    int abortable = opts && opts->abort && nblocks > 64;
    if (threads <= 1 && !abortable) {
        if (dtype == SK_F64)
            *(double *)result = add ? table->sum_f64(n, x, x_stride) : table->prod_f64(n, x, x_stride);
        else
            *(float *)result = add ? table->sum_f32(n, x, x_stride) : table->prod_f32(n, x, x_stride);
        return SK_OK;
    }
    static _Thread_local sk_leaf local[SK_RLEAVES]; /* 6 KiB: off the stack */
    sk_tree tree = {
        .f64 = dtype == SK_F64 ? (add ? table->sum_blocks_f64 : table->prod_blocks_f64) : NULL,
        .f32 = dtype == SK_F32 ? (add ? table->sum_blocks_f32 : table->prod_blocks_f32) : NULL,
        .n = n,
        .x = x,
        .stride = x_stride,
        .leaf = local,
    };
    sk_tree *t = &tree;
    size_t want = (size_t)threads * SK_TILE_PER_THREAD;
    if (abortable && nblocks / SK_RABORT_BLOCKS > want) want = nblocks / SK_RABORT_BLOCKS;
    int depth = 1;
    while (((size_t)1 << depth) < want && ((size_t)1 << depth) < nblocks) depth++;
    if (((size_t)1 << depth) > SK_RLEAVES) {
        t->leaf = malloc(((size_t)1 << depth) * sizeof *t->leaf);
        if (!t->leaf) { /* no memory for the split: one thread, no abort */
            t->leaf = local;
            depth = 0;
        }
    }
    leaves(t, 0, nblocks, depth);
    int rc = depth ? sk_pool_run(t->nleaves, threads, leaf_tile, t, opts) : SK_OK;
    if (!depth) leaf_tile(t, 0);
    if (rc != SK_OK) {
        if (t->leaf != local) free(t->leaf);
        return rc;
    }
    size_t next = 0;
    if (dtype == SK_F64)
        *(double *)result = combine_f64(t, nblocks, depth, &next, add);
    else
        *(float *)result = combine_f32(t, nblocks, depth, &next, add);
    if (t->leaf != local) free(t->leaf);
    return SK_OK;
}

/* ----- row kernels (rows.h) ---------------------------------------------- */

int sk_threads_for(sk_cost cost, sk_dtype dtype, size_t n, const sk_call_opts *opts) {
    return threads_for(cost, dtype, n, opts);
}

/* The leaves of a tree kernel's tree, as sk_reduce cuts them. */
typedef struct {
    sk_tree_fn fn;
    const sk_tree_ctx *ctx;
    size_t nleaves;
    struct {
        size_t first, count;
        double value;
    } *leaf;
} sk_gtree;

static void gleaves(sk_gtree *t, size_t first, size_t count, int depth) {
    if (depth == 0 || count == 1) {
        t->leaf[t->nleaves].first = first;
        t->leaf[t->nleaves].count = count;
        t->nleaves++;
        return;
    }
    size_t half = count / 2;
    gleaves(t, first, half, depth - 1);
    gleaves(t, first + half, count - half, depth - 1);
}

static void gleaf_tile(void *vctx, size_t i) {
    sk_gtree *t = vctx;
    t->leaf[i].value = t->fn(t->ctx, t->leaf[i].first, t->leaf[i].count);
}

/* The serial grouping over the leaves; float32 sums of float32 values in
 * double rounded to float are the float32 sums (double has 2*24+2 bits). */
static double gcombine(const sk_gtree *t, size_t count, int depth, size_t *next, int single) {
    if (depth == 0 || count == 1) return t->leaf[(*next)++].value;
    size_t half = count / 2;
    double a = gcombine(t, half, depth - 1, next, single);
    double b = gcombine(t, count - half, depth - 1, next, single);
    return single ? (double)(float)(a + b) : a + b;
}

int sk_tree_run(sk_tree_fn fn, const sk_tree_ctx *ctx, int single, int threads,
                const sk_call_opts *opts, double *result) {
    size_t nblocks = (ctx->n + SK_RBLOCK - 1) / SK_RBLOCK;
    if (nblocks == 0) nblocks = 1;
    int abortable = opts && opts->abort && nblocks > 64;
    if (threads <= 1 && !abortable) {
        *result = fn(ctx, 0, nblocks);
        return SK_OK;
    }
    size_t want = (size_t)(threads > 1 ? threads : 1) * SK_TILE_PER_THREAD;
    if (abortable && nblocks / SK_RABORT_BLOCKS > want) want = nblocks / SK_RABORT_BLOCKS;
    int depth = 1;
    while (((size_t)1 << depth) < want && ((size_t)1 << depth) < nblocks) depth++;
    sk_gtree t = {fn, ctx, 0, malloc(((size_t)1 << depth) * sizeof *t.leaf)};
    if (!t.leaf) {
        *result = fn(ctx, 0, nblocks);
        return SK_OK;
    }
    gleaves(&t, 0, nblocks, depth);
    int rc = sk_pool_run(t.nleaves, threads, gleaf_tile, &t, opts);
    if (rc == SK_OK) {
        size_t next = 0;
        *result = gcombine(&t, nblocks, depth, &next, single);
    }
    free(t.leaf);
    return rc;
}

typedef struct {
    sk_rows_fn fn;
    void *ctx;
    size_t rows, per_tile;
    _Atomic int rc;
} sk_row_tiles;

static void row_tile(void *vctx, size_t t) {
    sk_row_tiles *c = vctx;
    size_t begin = t * c->per_tile;
    size_t end = begin + c->per_tile < c->rows ? begin + c->per_tile : c->rows;
    int rc = c->fn(c->ctx, begin, end);
    if (rc != SK_OK) {
        int expected = SK_OK;
        atomic_compare_exchange_strong(&c->rc, &expected, rc);
    }
}

int sk_rows_run(size_t rows, size_t n, int threads, sk_rows_fn fn, void *ctx,
                const sk_call_opts *opts) {
    if (rows == 0) return SK_OK;
    size_t work = n ? n : 1;
    int abortable = opts && opts->abort && rows * work > 2 * SK_TILE_MAX;
    if ((threads <= 1 && !abortable) || rows == 1) return fn(ctx, 0, rows);
    /* tiles of whole rows: about 8 per thread, at least SK_TILE_MIN elements,
     * and at most about SK_TILE_MAX elements when the call may be aborted */
    int nthreads = threads > 1 ? threads : 1;
    size_t per_tile = rows / ((size_t)nthreads * SK_TILE_PER_THREAD);
    size_t least = (SK_TILE_MIN + work - 1) / work;
    if (per_tile < least) per_tile = least;
    if (abortable && per_tile * work > SK_TILE_MAX) per_tile = SK_TILE_MAX / work;
    if (per_tile < 1) per_tile = 1;
    while ((rows + per_tile - 1) / per_tile >= ((size_t)1 << 31)) per_tile *= 2;
    sk_row_tiles c = {fn, ctx, rows, per_tile, SK_OK};
    int rc = sk_pool_run((rows + per_tile - 1) / per_tile, nthreads, row_tile, &c, opts);
    if (rc != SK_OK) return rc;
    return atomic_load(&c.rc);
}
