/*
 * sk_matmul_f32/f64 against a naive long double product: every shape class
 * (gemm, gemv both ways, dot, k = 0, empty), every layout an operand can
 * have (row- and column-major, padded, negative and zero strides, steps of
 * two, misaligned), NaN and infinity, one and two threads, and products run
 * by several threads at once with different thread counts.
 *
 * The error bound of a sum of k products computed in any order is
 * about k * eps * sum |a_il b_lj|; the check allows (k + 2) eps of it.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_test.h"

/* A matrix laid out in a buffer: element (i, j) at base + i * rs + j * cs. */
typedef struct {
    char *buf;   /* malloc'd storage */
    char *base;  /* element (0, 0) */
    ptrdiff_t rs, cs;
    size_t r, c;
} tk_mat;

/* The layouts; each places r x c elements of `size` bytes in a fresh buffer. */
enum {
    L_ROW,       /* contiguous row-major */
    L_COL,       /* contiguous column-major */
    L_PADDED,    /* row-major with 3 spare elements per row */
    L_COL_PAD,   /* column-major with 5 spare elements per column */
    L_NEG_ROWS,  /* row-major, rows in reverse order */
    L_NEG_COLS,  /* row-major, columns in reverse order */
    L_STEP2,     /* every other element of a row-major 2r x 2c */
    L_BCAST_ROW, /* every row is the same memory (row stride 0) */
    L_MISALIGNED,/* row-major, one byte past an aligned address */
    L_COUNT
};
static const char *layout_names[L_COUNT] = {"row",     "col",     "padded",     "col-padded", "neg-rows",
                                            "neg-cols", "step2",  "bcast-row", "misaligned"};

static tk_mat make(size_t r, size_t c, size_t size, int layout) {
    tk_mat x = {0};
    x.r = r;
    x.c = c;
    size_t rr = r ? r : 1, cc = c ? c : 1;
    size_t cap = (2 * rr + 1) * (2 * cc + 6) * size + 64;
    x.buf = calloc(1, cap);
    ptrdiff_t sz = (ptrdiff_t)size;
    x.base = x.buf;
    switch (layout) {
    case L_ROW: x.rs = (ptrdiff_t)cc * sz; x.cs = sz; break;
    case L_COL: x.rs = sz; x.cs = (ptrdiff_t)rr * sz; break;
    case L_PADDED: x.rs = (ptrdiff_t)(cc + 3) * sz; x.cs = sz; break;
    case L_COL_PAD: x.rs = sz; x.cs = (ptrdiff_t)(rr + 5) * sz; break;
    case L_NEG_ROWS:
        x.rs = -(ptrdiff_t)cc * sz; x.cs = sz;
        x.base = x.buf + (ptrdiff_t)(rr - 1) * (ptrdiff_t)cc * sz;
        break;
    case L_NEG_COLS:
        x.rs = (ptrdiff_t)cc * sz; x.cs = -sz;
        x.base = x.buf + (ptrdiff_t)(cc - 1) * sz;
        break;
    case L_STEP2: x.rs = 2 * (ptrdiff_t)(2 * cc) * sz; x.cs = 2 * sz; break;
    case L_BCAST_ROW: x.rs = 0; x.cs = sz; break;
    case L_MISALIGNED: x.rs = (ptrdiff_t)cc * sz; x.cs = sz; x.base = x.buf + 1; break;
    default: break;
    }
    return x;
}

static double get(const tk_dtype *t, const tk_mat *x, size_t i, size_t j) {
    const char *p = x->base + (ptrdiff_t)i * x->rs + (ptrdiff_t)j * x->cs;
    if (t->size == sizeof(float)) {
        float v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    double v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void put(const tk_dtype *t, tk_mat *x, size_t i, size_t j, double v) {
    char *p = x->base + (ptrdiff_t)i * x->rs + (ptrdiff_t)j * x->cs;
    if (t->size == sizeof(float)) {
        float f = (float)v;
        memcpy(p, &f, sizeof f);
    } else {
        memcpy(p, &v, sizeof v);
    }
}

static void fill(const tk_dtype *t, tk_mat *x, tk_rng *rng) {
    size_t rows = x->rs == 0 && x->r ? 1 : x->r; /* a broadcast row is written once */
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < x->c; j++) put(t, x, i, j, tk_random_uniform(t, rng, -2, 2));
}

static int call(const tk_dtype *t, size_t m, size_t n, size_t k, const tk_mat *a,
                const tk_mat *b, tk_mat *c, int threads) {
    sk_call_opts opts = {.threads = threads};
    if (t->size == sizeof(float))
        return sk_matmul_f32(m, n, k, (const float *)(void *)a->base, a->rs, a->cs,
                             (const float *)(void *)b->base, b->rs, b->cs,
                             (float *)(void *)c->base, c->rs, c->cs, &opts);
    return sk_matmul_f64(m, n, k, (const double *)(void *)a->base, a->rs, a->cs,
                         (const double *)(void *)b->base, b->rs, b->cs,
                         (double *)(void *)c->base, c->rs, c->cs, &opts);
}

/* Checks c against the long double product; returns the failures found. */
static long check(const tk_dtype *t, size_t m, size_t n, size_t k, const tk_mat *a,
                  const tk_mat *b, const tk_mat *c, const char *what) {
    long bad = 0;
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            long double sum = 0, mag = 0;
            for (size_t l = 0; l < k; l++) {
                long double p = (long double)get(t, a, i, l) * (long double)get(t, b, l, j);
                sum += p;
                mag += fabsl(p);
            }
            double got = get(t, c, i, j);
            int ok;
            if (isnan(sum))
                ok = isnan(got);
            else if (isinf(sum))
                ok = got == (double)sum;
            else
                ok = fabsl((long double)got - sum) <=
                     (long double)(k + 2) * t->eps * mag + (long double)t->denorm_min;
            if (!ok && bad++ < 3)
                TK_FAIL("%s %s m=%zu n=%zu k=%zu: c[%zu][%zu] = %.17g, expected %.17Lg", t->name,
                        what, m, n, k, i, j, got, sum);
        }
    }
    return bad;
}

static void free_mat(tk_mat *x) { free(x->buf); }

/* Every layout of each operand in turn (the others row-major), for one shape. */
static void check_layouts(const tk_dtype *t, size_t m, size_t n, size_t k, tk_rng *rng) {
    for (int which = 0; which < 3; which++) {
        for (int layout = 0; layout < L_COUNT; layout++) {
            if (which == 2 && layout == L_BCAST_ROW) continue; /* outputs never alias */
            tk_mat a = make(m, k, t->size, which == 0 ? layout : L_ROW);
            tk_mat b = make(k, n, t->size, which == 1 ? layout : L_ROW);
            tk_mat c = make(m, n, t->size, which == 2 ? layout : L_ROW);
            fill(t, &a, rng);
            fill(t, &b, rng);
            /* garbage in the output must not leak into the result */
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++) put(t, &c, i, j, NAN);
            char what[64];
            snprintf(what, sizeof what, "%s %s", which == 0 ? "a" : which == 1 ? "b" : "c",
                     layout_names[layout]);
            int rc = call(t, m, n, k, &a, &b, &c, 1);
            TK_CHECK(rc == SK_OK, "%s %s: returned %d", t->name, what, rc);
            check(t, m, n, k, &a, &b, &c, what);
            free_mat(&a);
            free_mat(&b);
            free_mat(&c);
        }
    }
}

static void check_shapes(const tk_dtype *t, tk_rng *rng) {
    static const size_t dims[] = {1, 2, 3, 7, 17, 33};
    size_t nd = sizeof dims / sizeof dims[0];
    for (size_t x = 0; x < nd; x++)
        for (size_t y = 0; y < nd; y++)
            for (size_t z = 0; z < nd; z += 2) check_layouts(t, dims[x], dims[y], dims[z], rng);
    /* k = 0: zeros; m or n = 0: nothing written, nothing read */
    tk_mat a = make(3, 0, t->size, L_ROW), b = make(0, 4, t->size, L_ROW);
    tk_mat c = make(3, 4, t->size, L_ROW);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++) put(t, &c, i, j, NAN);
    TK_CHECK(call(t, 3, 4, 0, &a, &b, &c, 1) == SK_OK, "%s k=0 failed", t->name);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++) {
            double v = get(t, &c, i, j);
            TK_CHECK(v == 0 && !signbit(v), "%s k=0: c[%zu][%zu] = %g", t->name, i, j, v);
        }
    put(t, &c, 0, 0, 7);
    TK_CHECK(call(t, 0, 4, 5, &a, &b, &c, 1) == SK_OK && get(t, &c, 0, 0) == 7,
             "%s m=0 wrote or failed", t->name);
    TK_CHECK(call(t, 3, 0, 5, &a, &b, &c, 1) == SK_OK && get(t, &c, 0, 0) == 7,
             "%s n=0 wrote or failed", t->name);
    free_mat(&a);
    free_mat(&b);
    free_mat(&c);
}

/* NaN and infinity reach the entries they touch, and only those. */
static void check_special(const tk_dtype *t, tk_rng *rng) {
    static const size_t shapes[][3] = {{5, 6, 7}, {1, 6, 7}, {5, 1, 7}, {1, 1, 7}, {40, 30, 20}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        size_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        for (int layout = 0; layout < 2; layout++) {
            tk_mat a = make(m, k, t->size, layout ? L_COL : L_ROW);
            tk_mat b = make(k, n, t->size, L_ROW);
            tk_mat c = make(m, n, t->size, L_ROW);
            fill(t, &a, rng);
            fill(t, &b, rng);
            put(t, &a, 0, 1, NAN);
            put(t, &a, m - 1, 0, INFINITY);
            put(t, &b, k - 1, n - 1, -INFINITY);
            put(t, &b, 0, 0, 0.0); /* inf * 0: NaN */
            TK_CHECK(call(t, m, n, k, &a, &b, &c, 1) == SK_OK, "%s special failed", t->name);
            check(t, m, n, k, &a, &b, &c, layout ? "special col" : "special row");
            free_mat(&a);
            free_mat(&b);
            free_mat(&c);
        }
    }
}

/* Large enough to go parallel: one and two threads agree with the reference. */
static void check_threads(const tk_dtype *t, tk_rng *rng) {
    size_t m = 150, n = 130, k = 140;
    tk_mat a = make(m, k, t->size, L_ROW), b = make(k, n, t->size, L_COL);
    tk_mat c = make(m, n, t->size, L_ROW);
    fill(t, &a, rng);
    fill(t, &b, rng);
    for (int threads = 1; threads <= 3; threads++) {
        TK_CHECK(call(t, m, n, k, &a, &b, &c, threads) == SK_OK, "%s threads=%d failed", t->name,
                 threads);
        char what[32];
        snprintf(what, sizeof what, "threads=%d", threads);
        check(t, m, n, k, &a, &b, &c, what);
        TK_CHECK(sk_blas_num_threads() == 1, "BLAS's setting is %d after a product, not 1",
                 sk_blas_num_threads());
    }
    free_mat(&a);
    free_mat(&b);
    free_mat(&c);
}

/* Several threads at once, each with its own thread count, all correct. */
typedef struct {
    const tk_dtype *t;
    int threads;
    long bad;
    tk_mat a, b, c;
} job;

static void *run_job(void *arg) {
    job *j = arg;
    size_t m = j->a.r, k = j->a.c, n = j->b.c;
    for (int rep = 0; rep < 6; rep++) {
        if (call(j->t, m, n, k, &j->a, &j->b, &j->c, j->threads) != SK_OK) j->bad++;
        j->bad += check(j->t, m, n, k, &j->a, &j->b, &j->c, "concurrent");
    }
    return NULL;
}

static void check_concurrent(tk_rng *rng) {
    enum { NJOBS = 4 };
    job jobs[NJOBS];
    pthread_t ids[NJOBS];
    for (int i = 0; i < NJOBS; i++) {
        const tk_dtype *t = tk_dtypes[i % 2];
        size_t m = 120 + 10 * (size_t)i, k = 130, n = 140 - 10 * (size_t)i;
        jobs[i] = (job){t, 1 + i % 3, 0, make(m, k, t->size, L_ROW), make(k, n, t->size, L_ROW),
                        make(m, n, t->size, i % 2 ? L_COL : L_ROW)};
        fill(t, &jobs[i].a, rng);
        fill(t, &jobs[i].b, rng);
    }
    for (int i = 0; i < NJOBS; i++) pthread_create(&ids[i], NULL, run_job, &jobs[i]);
    for (int i = 0; i < NJOBS; i++) {
        pthread_join(ids[i], NULL);
        TK_CHECK(jobs[i].bad == 0, "concurrent job %d (%d threads): %ld bad entries", i,
                 jobs[i].threads, jobs[i].bad);
        free_mat(&jobs[i].a);
        free_mat(&jobs[i].b);
        free_mat(&jobs[i].c);
    }
    TK_CHECK(sk_blas_num_threads() == 1, "BLAS's setting is %d after concurrent products",
             sk_blas_num_threads());
}

int main(int argc, char **argv) {
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    printf("blas: %s; %s; kernels %s\n", sk_blas_name(), sk_blas_config(), sk_blas_corename());
    tk_rng rng = tk_rng_seeded(0x5eed0b1a);
    for (int d = 0; d < 2; d++) {
        if (!quick) check_shapes(tk_dtypes[d], &rng);
        check_special(tk_dtypes[d], &rng);
        check_threads(tk_dtypes[d], &rng);
    }
    check_concurrent(&rng);
    return tk_finish("blas");
}
