/*
 * Row kernels: the catalogue (simdkern_reductions.def) resolved for the
 * active target, and sk_rows, which runs one over many rows.
 *
 * Threads: a call with many rows is cut into tiles of whole rows (each row
 * computed by one thread, serially); a call with fewer rows than threads
 * splits each long row instead, the tree kernels along their fixed pairwise
 * tree.  Either way a row's result is the same bits as one thread's.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fpflags.h"
#include "pool.h"
#include "isa_list.h"
#include "rows.h"
#include "simdkern.h"
#include "table.h"

#define SK_EXTERN_ROW_TABLE(value, suffix) extern const sk_row_table sk_row_table_##suffix;
SK_FOR_EACH_TARGET(SK_EXTERN_ROW_TABLE)
#undef SK_EXTERN_ROW_TABLE

enum {
#define SK_ROW(name, ...) ROW_##name,
#include "simdkern_reductions.def"
#undef SK_ROW
    ROW_COUNT
};

static const sk_row_kernel row_catalogue[] = {
#define SK_ROW(name, nin, out, param, cost, signature, numpy_ref, summary)     \
    {#name, nin, SK_ROW_OUT_##out, SK_ROW_PARAM_##param, SK_COST_##cost, signature, \
     numpy_ref, summary},
#include "simdkern_reductions.def"
#undef SK_ROW
};

static const sk_row_table *row_table;
static pthread_once_t row_resolved = PTHREAD_ONCE_INIT;

static void resolve_rows(void) {
    sk_isa isa = sk_isa_active();
#define SK_PICK_ROW_TABLE(value, suffix) if (isa == value) row_table = &sk_row_table_##suffix;
    SK_FOR_EACH_TARGET(SK_PICK_ROW_TABLE)
#undef SK_PICK_ROW_TABLE
}

const sk_row_table *sk_active_row_table(void) {
    pthread_once(&row_resolved, resolve_rows);
    return row_table;
}

const sk_row_kernel *sk_row_catalogue(size_t *count) {
    if (count) *count = ROW_COUNT;
    return row_catalogue;
}

const sk_row_kernel *sk_row_find(const char *name) {
    for (size_t i = 0; i < ROW_COUNT; i++)
        if (strcmp(row_catalogue[i].name, name) == 0) return &row_catalogue[i];
    return NULL;
}

/* ----- one call ----------------------------------------------------------- */

typedef struct {
    int index; /* ROW_<name> */
    const sk_row_kernel *k;
    sk_dtype dtype;
    size_t itemsize;
    const sk_row_fns *f;
    size_t n;
    char *const *args;
    const ptrdiff_t *row_steps, *core_steps;
} rows_call;

/* Per-thread scratch for staged rows, grown on demand. */
typedef struct {
    char *x, *out;
    double *chunk_max;
} scratch;

static void scratch_free(scratch *s) {
    free(s->x);
    free(s->out);
    free(s->chunk_max);
}

/* Kernels that read comparisons or exp/log: their flags are not NumPy's. */
static int quiet_kernel(int index) {
    return index != ROW_sum && index != ROW_mean && index != ROW_var && index != ROW_std &&
           index != ROW_dot;
}

static double get_elem(sk_dtype dtype, const char *p) {
    if (dtype == SK_F64) {
        double v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    float v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void put_elem(sk_dtype dtype, char *p, double v) {
    if (dtype == SK_F64) {
        memcpy(p, &v, sizeof v);
    } else {
        float f = (float)v;
        memcpy(p, &f, sizeof f);
    }
}

/* Row operand p (stride s) as contiguous memory: in place, or staged. */
static const void *contiguous(const rows_call *c, const char *p, ptrdiff_t s, char **buf) {
    if (s == (ptrdiff_t)c->itemsize) return p;
    if (!*buf) *buf = malloc(c->n * c->itemsize);
    if (!*buf) return NULL;
    for (size_t j = 0; j < c->n; j++)
        memcpy(*buf + j * c->itemsize, p + (ptrdiff_t)j * s, c->itemsize);
    return *buf;
}

/*
 * One long contiguous row in pieces of SK_PIECE elements, on the pool.
 * min, max, argmin, argmax: each piece's extreme (and its first index), the
 * first NaN or the best value of the earliest piece wins, exactly as in
 * one pass.  logsumexp: each piece's logsumexp L_p, then M + log(sum of
 * exp(L_p - M)) over the pieces in order, in float64 -- a fixed grouping,
 * so any thread count gives the same bits.
 */
#define SK_PIECE 65536

typedef struct {
    const rows_call *c;
    const char *row;
    size_t n;
    double *value;
    size_t *at;
} pieces;

static void piece_tile(void *vctx, size_t p) {
    const pieces *t = vctx;
    const rows_call *c = t->c;
    size_t begin = p * SK_PIECE, m = t->n - begin < SK_PIECE ? t->n - begin : SK_PIECE;
    const char *x = t->row + begin * c->itemsize;
    if (c->index == ROW_logsumexp) {
        t->value[p] = c->f->logsumexp(m, x);
    } else if (c->index == ROW_argmin || c->index == ROW_argmax) {
        t->at[p] = c->f->arg_extreme(m, x, c->index == ROW_argmax);
        t->value[p] = get_elem(c->dtype, x + t->at[p] * c->itemsize);
    } else {
        t->value[p] = c->f->extreme(m, x, c->index == ROW_max);
    }
}

static int in_pieces(const rows_call *c, const void *row, size_t n, int threads,
                     const sk_call_opts *opts, double *value, ptrdiff_t *at) {
    size_t count = (n + SK_PIECE - 1) / SK_PIECE;
    double *values = malloc(count * sizeof *values);
    size_t *ats = malloc(count * sizeof *ats);
    if (!values || !ats) {
        free(values);
        free(ats);
        return SK_ENOMEM;
    }
    pieces t = {c, row, n, values, ats};
    sk_fpstate fp = sk_fp_begin(1); /* workers' comparisons and exp: quiet */
    int rc = sk_pool_run(count, threads > 1 ? threads : 1, piece_tile, &t, opts);
    sk_fp_end(fp, 1, 0);
    if (rc == SK_OK) {
        int max = c->index == ROW_max || c->index == ROW_argmax;
        size_t best = 0;
        if (c->index == ROW_logsumexp) {
            double top = -__builtin_inf();
            int nan = 0;
            for (size_t p = 0; p < count; p++) {
                nan |= values[p] != values[p];
                if (values[p] > top) top = values[p];
            }
            if (nan || top == __builtin_inf() || top == -__builtin_inf()) {
                *value = nan ? __builtin_nan("") : top;
            } else {
                double sum = 0;
                for (size_t p = 0; p < count; p++) sum += exp(values[p] - top);
                *value = top + log(sum);
            }
        } else {
            for (size_t p = 0; p < count; p++) {
                if (values[p] != values[p]) { /* the first NaN */
                    best = p;
                    break;
                }
                if (max ? values[p] > values[best] : values[p] < values[best]) best = p;
            }
            *value = values[best];
            *at = (ptrdiff_t)(best * SK_PIECE + ats[best]);
        }
    }
    free(values);
    free(ats);
    return rc;
}

/*
 * Row r of the call.  threads > 1 splits the row (the tree kernels); opts
 * (the caller's thread only: its abort callback) lets a long row be cut
 * into pieces between which the callback is asked.
 */
static int one_row(const rows_call *c, size_t r, int threads, const sk_call_opts *opts,
                   scratch *sc) {
    size_t n = c->n;
    int nin = c->k->nin;
    int param = c->k->param == SK_ROW_PARAM_DDOF;
    const char *x = c->args[0] + (ptrdiff_t)r * c->row_steps[0];
    char *out = c->args[nin + param] + (ptrdiff_t)r * c->row_steps[nin + param];
    int single = c->dtype == SK_F32;
    sk_tree_ctx t = {n, x, NULL, c->core_steps[0], 0, 0.0, 1.0};
    double v = 0;
    int rc = SK_OK;
    switch (c->index) {
    case ROW_sum:
        rc = sk_tree_run(c->f->sum, &t, single, threads, opts, &v);
        if (n == 0) v = 0.0;
        break;
    case ROW_mean:
        if (n == 0) { v = __builtin_nan(""); break; }
        rc = sk_tree_run(c->f->sum, &t, single, threads, opts, &v);
        v = v / (double)n;
        break;
    case ROW_var:
    case ROW_std: {
        if (n == 0) { v = __builtin_nan(""); break; }
        double ddof = get_elem(c->dtype, c->args[nin] + (ptrdiff_t)r * c->row_steps[nin]);
        double s;
        rc = sk_tree_run(c->f->sum64, &t, 0, threads, opts, &s);
        if (rc != SK_OK) break;
        t.shift = s / (double)n;
        double s2;
        rc = sk_tree_run(c->f->dev2, &t, 0, threads, opts, &s2);
        double dof = (double)n - ddof;
        v = s2 / (dof > 0 ? dof : 0.0);
        if (c->index == ROW_std) v = sqrt(v);
        break;
    }
    case ROW_dot:
        if (n == 0) { v = 0.0; break; }
        t.y = c->args[1] + (ptrdiff_t)r * c->row_steps[1];
        t.sy = c->core_steps[1];
        rc = sk_tree_run(c->f->dot, &t, single, threads, opts, &v);
        break;
    case ROW_nrm2: {
        if (n == 0) { v = 0.0; break; }
        rc = sk_tree_run(c->f->sq, &t, 0, threads, opts, &v);
        if (rc != SK_OK || single) {
            v = sqrt(v);
            break;
        }
        /* float64: squares may have overflowed or lost bits to underflow */
        if (v != v || (v <= 0x1p1000 && v >= 0x1p-900)) {
            v = sqrt(v);
            break;
        }
        const void *row = contiguous(c, x, c->core_steps[0], &sc->x);
        if (!row) return SK_ENOMEM;
        double big = c->f->maxabs(n, row);
        if (big != big || big == 0 || big == __builtin_inf()) {
            v = big;
            break;
        }
        int e = ilogb(big);
        int se = -e < -1022 ? -1022 : -e > 1022 ? 1022 : -e;
        t.scale = ldexp(1.0, se);
        rc = sk_tree_run(c->f->sq, &t, 0, threads, opts, &v);
        v = ldexp(sqrt(v), -se);
        break;
    }
    case ROW_min:
    case ROW_max:
    case ROW_argmin:
    case ROW_argmax:
    case ROW_logsumexp: {
        if (n == 0) {
            if (c->index == ROW_argmin || c->index == ROW_argmax) {
                ptrdiff_t none = -1;
                memcpy(out, &none, sizeof none);
                return SK_OK;
            }
            v = c->index == ROW_logsumexp ? -__builtin_inf() : __builtin_nan("");
            break;
        }
        const void *row = contiguous(c, x, c->core_steps[0], &sc->x);
        if (!row) return SK_ENOMEM;
        /* long rows in pieces: logsumexp always (the same bits for any
         * thread count), the order-free extremes only to share them out */
        int split = n > SK_PIECE && (c->index == ROW_logsumexp || threads > 1 || opts);
        if (c->index == ROW_argmin || c->index == ROW_argmax) {
            ptrdiff_t at;
            if (split) {
                rc = in_pieces(c, row, n, threads, opts, &v, &at);
                if (rc != SK_OK) return rc;
            } else {
                at = (ptrdiff_t)c->f->arg_extreme(n, row, c->index == ROW_argmax);
            }
            memcpy(out, &at, sizeof at);
            return SK_OK;
        }
        if (split) {
            ptrdiff_t unused;
            rc = in_pieces(c, row, n, threads, opts, &v, &unused);
        } else {
            v = c->index == ROW_logsumexp ? c->f->logsumexp(n, row)
                                          : c->f->extreme(n, row, c->index == ROW_max);
        }
        break;
    }
    case ROW_softmax:
    case ROW_log_softmax: {
        if (n == 0) return SK_OK;
        const void *row = contiguous(c, x, c->core_steps[0], &sc->x);
        if (!row) return SK_ENOMEM;
        ptrdiff_t so = c->core_steps[1];
        int dense = so == (ptrdiff_t)c->itemsize;
        if (!dense && !sc->out) sc->out = malloc(n * c->itemsize);
        if (!dense && !sc->out) return SK_ENOMEM;
        double local[64], *chunk_max = local;
        size_t nchunks = n / SK_SOFTMAX_CHUNK + 1;
        if (nchunks > 64) {
            if (!sc->chunk_max) sc->chunk_max = malloc(nchunks * sizeof(double));
            if (!sc->chunk_max) return SK_ENOMEM;
            chunk_max = sc->chunk_max;
        }
        char *dst = dense ? out : sc->out;
        c->f->softmax(n, row, dst, c->index == ROW_log_softmax, chunk_max);
        if (!dense)
            for (size_t j = 0; j < n; j++)
                memcpy(out + (ptrdiff_t)j * so, dst + j * c->itemsize, c->itemsize);
        return SK_OK;
    }
    default:
        return SK_EINVAL;
    }
    if (rc != SK_OK) return rc;
    put_elem(c->dtype, out, v);
    return SK_OK;
}

/* Rows [begin, end), one thread each. */
/*
 * Interleaved rows (a reduction over axis 0 of a C-ordered array: the next
 * row starts one element further, a row's elements lie far apart): reading
 * one row at a time gathers a cache line per element.  Groups of
 * SK_GROUP_ROWS rows are copied instead into contiguous rows, reading the
 * group's elements side by side, and computed there; layout never changes
 * a row's bits, so the result is the same.
 */
#define SK_GROUP_ROWS 16
#define SK_GROUP_BYTES (1u << 21)

static int interleaved(const rows_call *c) {
    ptrdiff_t rs = c->row_steps[0], cs = c->core_steps[0];
    size_t ars = (size_t)(rs < 0 ? -rs : rs), acs = (size_t)(cs < 0 ? -cs : cs);
    return c->k->nin == 1 && c->k->out != SK_ROW_OUT_ROW && ars < acs && ars <= 64 &&
           c->n >= 2 && c->n * c->itemsize * SK_GROUP_ROWS <= SK_GROUP_BYTES;
}

/* dst[k][j] = row k's element j, for k < g: the g elements of each j side by side */
#define SK_GATHER_GROUP(S, ET)                                                 \
    static void gather_group_##S(ET *dst, const char *x0, size_t n, size_t g, ptrdiff_t cs, \
                                 ptrdiff_t rs) {                               \
        for (size_t j = 0; j < n; j++) {                                       \
            const char *src = x0 + (ptrdiff_t)j * cs;                          \
            for (size_t k = 0; k < g; k++) {                                   \
                ET v;                                                          \
                memcpy(&v, src + (ptrdiff_t)k * rs, sizeof v);                 \
                dst[k * n + j] = v;                                            \
            }                                                                  \
        }                                                                      \
    }
SK_GATHER_GROUP(f64, double)
SK_GATHER_GROUP(f32, float)

static int rows_grouped(const rows_call *c, size_t begin, size_t end, scratch *sc) {
    size_t is = c->itemsize, n = c->n;
    char *buf = malloc(SK_GROUP_ROWS * n * is);
    if (!buf) return SK_ENOMEM;
    int last = c->k->param == SK_ROW_PARAM_DDOF ? 2 : 1;
    int rc = SK_OK;
    for (size_t r0 = begin; r0 < end && rc == SK_OK; r0 += SK_GROUP_ROWS) {
        size_t g = end - r0 < SK_GROUP_ROWS ? end - r0 : SK_GROUP_ROWS;
        const char *x0 = c->args[0] + (ptrdiff_t)r0 * c->row_steps[0];
        if (is == sizeof(double))
            gather_group_f64((double *)(void *)buf, x0, n, g, c->core_steps[0], c->row_steps[0]);
        else
            gather_group_f32((float *)(void *)buf, x0, n, g, c->core_steps[0], c->row_steps[0]);
        char *args[3] = {buf, NULL, NULL};
        for (int a = 1; a <= last; a++) args[a] = c->args[a] + (ptrdiff_t)r0 * c->row_steps[a];
        ptrdiff_t row_steps[3] = {(ptrdiff_t)(n * is), c->row_steps[1], c->row_steps[2]};
        ptrdiff_t core_steps[2] = {(ptrdiff_t)is, 0};
        rows_call group = *c;
        group.args = args;
        group.row_steps = row_steps;
        group.core_steps = core_steps;
        for (size_t k = 0; k < g && rc == SK_OK; k++) rc = one_row(&group, k, 1, NULL, sc);
    }
    free(buf);
    return rc;
}

static int rows_tile(void *vctx, size_t begin, size_t end) {
    const rows_call *c = vctx;
    scratch sc = {NULL, NULL, NULL};
    int quiet = quiet_kernel(c->index);
    sk_fpstate fp = sk_fp_begin(quiet);
    int rc = SK_OK;
    if (end - begin > 1 && interleaved(c))
        rc = rows_grouped(c, begin, end, &sc);
    else
        for (size_t r = begin; r < end && rc == SK_OK; r++) rc = one_row(c, r, 1, NULL, &sc);
    sk_fp_end(fp, quiet, 0);
    scratch_free(&sc);
    return rc;
}

int sk_rows(const sk_row_kernel *k, sk_dtype dtype, size_t rows, size_t n, char *const *args,
            const ptrdiff_t *row_steps, const ptrdiff_t *core_steps, const sk_call_opts *opts) {
    if (!k || k < row_catalogue || k >= row_catalogue + ROW_COUNT || (unsigned)dtype > SK_F64)
        return SK_EINVAL;
    const sk_row_table *table = sk_active_row_table();
    rows_call c = {
        .index = (int)(k - row_catalogue),
        .k = k,
        .dtype = dtype,
        .itemsize = dtype == SK_F64 ? sizeof(double) : sizeof(float),
        .f = dtype == SK_F64 ? &table->f64 : &table->f32,
        .n = n,
        .args = args,
        .row_steps = row_steps,
        .core_steps = core_steps,
    };
    size_t work = n ? n : 1;
    int threads = sk_threads_for(k->cost, dtype, rows * work, opts);
    if (rows > 1 && (rows >= (size_t)threads || work < SK_RBLOCK))
        return sk_rows_run(rows, n, threads, rows_tile, &c, opts);
    /* one row, or fewer long rows than threads: split each row */
    int per_row = sk_threads_for(k->cost, dtype, n, opts);
    int quiet = quiet_kernel(c.index);
    sk_fpstate fp = sk_fp_begin(quiet);
    scratch sc = {NULL, NULL, NULL};
    int rc = SK_OK;
    for (size_t r = 0; r < rows && rc == SK_OK; r++) rc = one_row(&c, r, per_row, opts, &sc);
    scratch_free(&sc);
    sk_fp_end(fp, quiet, 0);
    return rc;
}

/* ----- typed entry points --------------------------------------------------- */

static double row_scalar(int index, sk_dtype dtype, size_t n, const void *x, ptrdiff_t sx,
                         const void *y, ptrdiff_t sy, double ddof) {
    double d64 = ddof, r64 = 0;
    float d32 = (float)ddof, r32 = 0;
    int param = row_catalogue[index].param == SK_ROW_PARAM_DDOF;
    int two = row_catalogue[index].nin == 2;
    char *args[3] = {(char *)x, two ? (char *)y : param ? (dtype == SK_F64 ? (char *)&d64 : (char *)&d32) : NULL, NULL};
    args[1 + (two || param)] = dtype == SK_F64 ? (char *)&r64 : (char *)&r32;
    ptrdiff_t row_steps[3] = {0, 0, 0};
    ptrdiff_t core_steps[2] = {sx, sy};
    sk_rows(&row_catalogue[index], dtype, 1, n, args, row_steps, core_steps, NULL);
    return dtype == SK_F64 ? r64 : r32;
}

#define SK_TYPED_ROW(name, T, S, DT)                                           \
    T sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride) {              \
        return (T)row_scalar(ROW_##name, DT, n, x, x_stride, NULL, 0, 0);      \
    }
#define SK_TYPED_ROW_BOTH(name)                                                \
    SK_TYPED_ROW(name, float, f32, SK_F32) SK_TYPED_ROW(name, double, f64, SK_F64)
SK_TYPED_ROW_BOTH(mean)
SK_TYPED_ROW_BOTH(min)
SK_TYPED_ROW_BOTH(max)
SK_TYPED_ROW_BOTH(nrm2)
SK_TYPED_ROW_BOTH(logsumexp)

#define SK_TYPED_VAR(name, T, S, DT)                                           \
    T sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, double ddof) { \
        return (T)row_scalar(ROW_##name, DT, n, x, x_stride, NULL, 0, ddof);   \
    }
SK_TYPED_VAR(var, float, f32, SK_F32)
SK_TYPED_VAR(var, double, f64, SK_F64)
SK_TYPED_VAR(std, float, f32, SK_F32)
SK_TYPED_VAR(std, double, f64, SK_F64)

#define SK_TYPED_DOT(T, S, DT)                                                 \
    T sk_dot_##S(size_t n, const T *x, ptrdiff_t x_stride, const T *y, ptrdiff_t y_stride) { \
        return (T)row_scalar(ROW_dot, DT, n, x, x_stride, y, y_stride, 0);     \
    }
SK_TYPED_DOT(float, f32, SK_F32)
SK_TYPED_DOT(double, f64, SK_F64)

#define SK_TYPED_ARG(name, T, S, DT)                                           \
    ptrdiff_t sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride) {      \
        ptrdiff_t at = -1;                                                     \
        char *args[2] = {(char *)x, (char *)&at};                              \
        ptrdiff_t row_steps[2] = {0, 0}, core_steps[1] = {x_stride};           \
        sk_rows(&row_catalogue[ROW_##name], DT, 1, n, args, row_steps, core_steps, NULL); \
        return at;                                                             \
    }
SK_TYPED_ARG(argmin, float, f32, SK_F32)
SK_TYPED_ARG(argmin, double, f64, SK_F64)
SK_TYPED_ARG(argmax, float, f32, SK_F32)
SK_TYPED_ARG(argmax, double, f64, SK_F64)

#define SK_TYPED_SOFTMAX(name, T, S, DT)                                       \
    int sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, T *out,      \
                        ptrdiff_t out_stride) {                                \
        char *args[2] = {(char *)x, (char *)out};                              \
        ptrdiff_t row_steps[2] = {0, 0}, core_steps[2] = {x_stride, out_stride}; \
        return sk_rows(&row_catalogue[ROW_##name], DT, 1, n, args, row_steps, core_steps, NULL); \
    }
SK_TYPED_SOFTMAX(softmax, float, f32, SK_F32)
SK_TYPED_SOFTMAX(softmax, double, f64, SK_F64)
SK_TYPED_SOFTMAX(log_softmax, float, f32, SK_F32)
SK_TYPED_SOFTMAX(log_softmax, double, f64, SK_F64)
