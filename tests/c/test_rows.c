/*
 * The row kernels (simdkern_reductions.def) through the public API: each
 * against a long double reference, NumPy's NaN and tie rules, extreme
 * values (nrm2, the softmax family, var with a large offset), the same bits
 * for contiguous, strided (2, -1) and zero-stride rows, and the same bits
 * for 1, 2 and 7 threads, over one long row and over many rows.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_test.h"

static const size_t lengths[] = {1, 2, 3, 7, 16, 17, 33, 100, 1000, 1023, 1024,
                                 1025, 2049, 4097, 10000, 70001};
#define N_LENGTHS (sizeof lengths / sizeof lengths[0])

/* Run kernel `name` on one row (y: second row input or NULL; out: scalar or row). */
static int run(const char *name, int d, size_t n, const void *x, ptrdiff_t sx, const void *y,
               ptrdiff_t sy, double ddof, void *out, ptrdiff_t so, int threads) {
    const sk_row_kernel *k = sk_row_find(name);
    if (!k) {
        TK_FAIL("no row kernel %s", name);
        return SK_EINVAL;
    }
    double d64 = ddof;
    float d32 = (float)ddof;
    char *args[3];
    int a = 0;
    args[a++] = (char *)x;
    if (k->nin == 2) args[a++] = (char *)y;
    if (k->param == SK_ROW_PARAM_DDOF) args[a++] = d ? (char *)&d64 : (char *)&d32;
    args[a] = out;
    ptrdiff_t row_steps[3] = {0, 0, 0};
    ptrdiff_t core_steps[2] = {sx, k->nin == 2 ? sy : so};
    sk_call_opts opts = {.threads = threads};
    return sk_rows(k, (sk_dtype)d, 1, n, args, row_steps, core_steps, &opts);
}

static double scalar(const char *name, int d, size_t n, const void *x, ptrdiff_t sx,
                     const void *y, ptrdiff_t sy, double ddof, int threads) {
    double r64 = 0;
    float r32 = 0;
    run(name, d, n, x, sx, y, sy, ddof, d ? (void *)&r64 : (void *)&r32, 0, threads);
    return d ? r64 : r32;
}

/* ----- references --------------------------------------------------------- */

static long double ref_sum(const tk_dtype *t, const void *x, size_t n) {
    long double s = 0;
    for (size_t i = 0; i < n; i++) s += tk_get(t, x, i);
    return s;
}

static long double ref_var(const tk_dtype *t, const void *x, size_t n, double ddof) {
    long double mean = ref_sum(t, x, n) / n, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        long double dv = tk_get(t, x, i) - mean;
        s2 += dv * dv;
    }
    return s2 / ((long double)n - ddof);
}

static long double ref_lse(const tk_dtype *t, const void *x, size_t n) {
    long double m = -INFINITY, s = 0;
    for (size_t i = 0; i < n; i++) m = fmaxl(m, tk_get(t, x, i));
    for (size_t i = 0; i < n; i++) s += expl(tk_get(t, x, i) - m);
    return m + logl(s);
}

static void check_rel(const char *what, size_t n, double got, long double ref, double tol) {
    long double err = fabsl((long double)got - ref);
    long double scale = fabsl(ref) > 0 ? fabsl(ref) : 1;
    TK_CHECK(err <= tol * scale, "%s n=%zu: got %.17g, reference %.17Lg (rel %.3Lg > %.3g)",
             what, n, got, ref, err / scale, tol);
}

static void check_accuracy(int d, tk_rng *rng) {
    const tk_dtype *t = tk_dtypes[d];
    for (size_t li = 0; li < N_LENGTHS; li++) {
        size_t n = lengths[li];
        char *x = malloc(n * t->size), *y = malloc(n * t->size), *out = malloc(n * t->size);
        long double dot = 0, sq = 0, mag = 0;
        for (size_t i = 0; i < n; i++) {
            double a = tk_random_uniform(t, rng, -1, 3), b = tk_random_uniform(t, rng, -2, 2);
            tk_set(t, x, i, a);
            tk_set(t, y, i, b);
            dot += (long double)a * b;
            sq += (long double)a * a;
            mag += fabsl((long double)a * b);
        }
        double lg = log2((double)n) + 64; /* pairwise levels + one block's chains */
        ptrdiff_t es = (ptrdiff_t)t->size;
        char what[64];
        snprintf(what, sizeof what, "%s mean", t->name);
        check_rel(what, n, scalar("mean", d, n, x, es, NULL, 0, 0, 1), ref_sum(t, x, n) / n,
                  lg * t->eps * 4);
        for (int ddof = 0; ddof < 2; ddof++) {
            if (n <= (size_t)ddof) continue;
            snprintf(what, sizeof what, "%s var ddof=%d", t->name, ddof);
            check_rel(what, n, scalar("var", d, n, x, es, NULL, 0, ddof, 1),
                      ref_var(t, x, n, ddof), (d ? 32 : 4) * t->eps);
            snprintf(what, sizeof what, "%s std ddof=%d", t->name, ddof);
            check_rel(what, n, scalar("std", d, n, x, es, NULL, 0, ddof, 1),
                      sqrtl(ref_var(t, x, n, ddof)), (d ? 32 : 4) * t->eps);
        }
        snprintf(what, sizeof what, "%s dot", t->name);
        double got = scalar("dot", d, n, x, es, y, es, 0, 1);
        TK_CHECK(fabsl(got - dot) <= lg * t->eps * mag, "%s n=%zu: %.17g vs %.17Lg", what, n,
                 got, dot);
        snprintf(what, sizeof what, "%s nrm2", t->name);
        check_rel(what, n, scalar("nrm2", d, n, x, es, NULL, 0, 0, 1), sqrtl(sq),
                  d ? lg * t->eps : 1.0 * t->eps);
        snprintf(what, sizeof what, "%s logsumexp", t->name);
        check_rel(what, n, scalar("logsumexp", d, n, x, es, NULL, 0, 0, 1), ref_lse(t, x, n),
                  8 * t->eps);
        /* softmax and log_softmax, element by element */
        long double lse = ref_lse(t, x, n);
        run("softmax", d, n, x, es, NULL, 0, 0, out, es, 1);
        double worst = 0;
        for (size_t i = 0; i < n; i++) {
            long double ref = expl(tk_get(t, x, i) - lse);
            double rel = (double)(fabsl(tk_get(t, out, i) - ref) / ref / t->eps);
            if (rel > worst) worst = rel;
        }
        TK_CHECK(worst <= 16, "%s softmax n=%zu: %.2f eps", t->name, n, worst);
        run("log_softmax", d, n, x, es, NULL, 0, 0, out, es, 1);
        worst = 0;
        for (size_t i = 0; i < n; i++) {
            long double ref = tk_get(t, x, i) - lse;
            double err = (double)(fabsl(tk_get(t, out, i) - ref) / (fabsl(ref) + 1) / t->eps);
            if (err > worst) worst = err;
        }
        TK_CHECK(worst <= 16, "%s log_softmax n=%zu: %.2f eps", t->name, n, worst);
        free(x);
        free(y);
        free(out);
    }
}

/* ----- NaN, ties, empty, extremes ---------------------------------------- */

static void check_special(int d) {
    const tk_dtype *t = tk_dtypes[d];
    ptrdiff_t es = (ptrdiff_t)t->size;
    char buf[8 * 64], out[8 * 64];
    double v[] = {3, 1, 5, 1, 5, 2};
    for (int i = 0; i < 6; i++) tk_set(t, buf, (size_t)i, v[i]);
    ptrdiff_t at;
    run("argmin", d, 6, buf, es, NULL, 0, 0, &at, 0, 1);
    TK_CHECK(at == 1, "%s argmin tie: %td", t->name, at);
    run("argmax", d, 6, buf, es, NULL, 0, 0, &at, 0, 1);
    TK_CHECK(at == 2, "%s argmax tie: %td", t->name, at);
    TK_CHECK(scalar("min", d, 6, buf, es, NULL, 0, 0, 1) == 1, "%s min", t->name);
    TK_CHECK(scalar("max", d, 6, buf, es, NULL, 0, 0, 1) == 5, "%s max", t->name);
    /* NaN: propagates; the index of the first */
    for (size_t n = 1; n < 64; n += 5) {
        for (size_t i = 0; i < n; i++) tk_set(t, buf, i, (double)(i % 7));
        size_t first = n / 2;
        tk_set(t, buf, first, NAN);
        if (first + 1 < n) tk_set(t, buf, n - 1, NAN);
        TK_CHECK(isnan(scalar("min", d, n, buf, es, NULL, 0, 0, 1)), "%s min NaN", t->name);
        TK_CHECK(isnan(scalar("max", d, n, buf, es, NULL, 0, 0, 1)), "%s max NaN", t->name);
        TK_CHECK(isnan(scalar("logsumexp", d, n, buf, es, NULL, 0, 0, 1)), "%s lse NaN", t->name);
        run("argmin", d, n, buf, es, NULL, 0, 0, &at, 0, 1);
        TK_CHECK(at == (ptrdiff_t)first, "%s argmin NaN n=%zu: %td", t->name, n, at);
        run("argmax", d, n, buf, es, NULL, 0, 0, &at, 0, 1);
        TK_CHECK(at == (ptrdiff_t)first, "%s argmax NaN n=%zu: %td", t->name, n, at);
    }
    /* empty rows */
    TK_CHECK(scalar("sum", d, 0, buf, es, NULL, 0, 0, 1) == 0, "sum empty");
    TK_CHECK(isnan(scalar("mean", d, 0, buf, es, NULL, 0, 0, 1)), "mean empty");
    TK_CHECK(scalar("logsumexp", d, 0, buf, es, NULL, 0, 0, 1) == -INFINITY, "lse empty");
    TK_CHECK(scalar("nrm2", d, 0, buf, es, NULL, 0, 0, 1) == 0, "nrm2 empty");
    run("argmax", d, 0, buf, es, NULL, 0, 0, &at, 0, 1);
    TK_CHECK(at == -1, "argmax empty");
    /* nrm2 at the ends of the range: no overflow, no underflow */
    double scales[] = {t->max / 16, t->min_normal, t->denorm_min * 8, 1};
    for (int s = 0; s < 4; s++) {
        for (size_t i = 0; i < 50; i++) tk_set(t, buf, i, scales[s] * (i % 2 ? 1 : -1));
        double got = scalar("nrm2", d, 50, buf, es, NULL, 0, 0, 1);
        long double ref = sqrtl(50.0L) * scales[s];
        /* a subnormal result is rounded to the subnormal grid */
        TK_CHECK(fabsl(got - ref) <= 2 * t->eps * ref + (long double)t->denorm_min / 2,
                 "%s nrm2 of 50 x %g: %g, reference %Lg", t->name, scales[s], got, ref);
    }
    tk_set(t, buf, 3, INFINITY);
    TK_CHECK(scalar("nrm2", d, 50, buf, es, NULL, 0, 0, 1) == INFINITY, "nrm2 inf");
    /* softmax family: huge inputs, -inf, +inf */
    for (int i = 0; i < 10; i++) tk_set(t, buf, (size_t)i, (d ? 1e300 : 1e30) + 0.0);
    tk_set(t, buf, 9, -INFINITY);
    run("softmax", d, 10, buf, es, NULL, 0, 0, out, es, 1);
    TK_CHECK(fabs(tk_get(t, out, 0) - 1.0 / 9) < 4 * t->eps && tk_get(t, out, 9) == 0,
             "%s softmax huge: %g %g", t->name, tk_get(t, out, 0), tk_get(t, out, 9));
    check_rel("logsumexp huge", 10, scalar("logsumexp", d, 10, buf, es, NULL, 0, 0, 1),
              (d ? 1e300 : (long double)(float)1e30) + logl(9), 2 * t->eps);
    for (int i = 0; i < 4; i++) tk_set(t, buf, (size_t)i, -INFINITY);
    TK_CHECK(scalar("logsumexp", d, 4, buf, es, NULL, 0, 0, 1) == -INFINITY, "lse all -inf");
    run("softmax", d, 4, buf, es, NULL, 0, 0, out, es, 1);
    TK_CHECK(isnan(tk_get(t, out, 0)), "softmax all -inf is NaN (as SciPy)");
    tk_set(t, buf, 2, INFINITY);
    TK_CHECK(scalar("logsumexp", d, 4, buf, es, NULL, 0, 0, 1) == INFINITY, "lse +inf");
    run("softmax", d, 4, buf, es, NULL, 0, 0, out, es, 1);
    TK_CHECK(isnan(tk_get(t, out, 2)) && isnan(tk_get(t, out, 0)), "softmax +inf: NaN (as SciPy)");
    run("log_softmax", d, 4, buf, es, NULL, 0, 0, out, es, 1);
    TK_CHECK(isnan(tk_get(t, out, 2)) && tk_get(t, out, 0) == -INFINITY, "log_softmax +inf");
    /* var with a large offset: the two-pass form keeps the small variance */
    size_t n = 100000;
    char *x = malloc(n * t->size);
    double offset = d ? 1e9 : 1e4;
    tk_rng rng = tk_rng_seeded(7);
    for (size_t i = 0; i < n; i++) tk_set(t, x, i, offset + tk_rng_unit(&rng));
    check_rel("var offset", n, scalar("var", d, n, x, es, NULL, 0, 0, 1), ref_var(t, x, n, 0),
              d ? 1e-6 : 1e-3);
    free(x);
}

/* ----- layouts and threads ------------------------------------------------ */

static const char *const scalar_kernels[] = {"sum", "mean", "var", "std", "min", "max",
                                             "dot", "nrm2", "logsumexp"};

static void check_layouts_threads(int d, tk_rng *rng) {
    const tk_dtype *t = tk_dtypes[d];
    size_t es = t->size;
    size_t n = 300007;
    char *x = malloc(n * es), *spread = malloc(2 * n * es), *rev = malloc(n * es);
    for (size_t i = 0; i < n; i++) {
        double v = tk_random_uniform(t, rng, -2, 3);
        tk_set(t, x, i, v);
        tk_set(t, spread, 2 * i, v);
        tk_set(t, spread, 2 * i + 1, 1e3);
        tk_set(t, rev, n - 1 - i, v);
    }
    for (size_t k = 0; k < sizeof scalar_kernels / sizeof *scalar_kernels; k++) {
        const char *name = scalar_kernels[k];
        double ref = scalar(name, d, n, x, (ptrdiff_t)es, x, (ptrdiff_t)es, 1, 1);
        for (int threads = 2; threads <= 7; threads += 5) {
            double got = scalar(name, d, n, x, (ptrdiff_t)es, x, (ptrdiff_t)es, 1, threads);
            TK_CHECK(memcmp(&got, &ref, sizeof got) == 0, "%s %s: %d threads %a, one %a",
                     t->name, name, threads, got, ref);
        }
        double by2 = scalar(name, d, n, spread, 2 * (ptrdiff_t)es, spread, 2 * (ptrdiff_t)es, 1, 1);
        TK_CHECK(memcmp(&by2, &ref, sizeof by2) == 0, "%s %s: stride 2 %a vs %a", t->name,
                 name, by2, ref);
        if (strcmp(name, "sum") != 0 && strcmp(name, "mean") != 0 && strcmp(name, "var") != 0 &&
            strcmp(name, "std") != 0 && strcmp(name, "dot") != 0 && strcmp(name, "nrm2") != 0) {
            /* order-independent kernels: the reversed row gives the same value */
            double back = scalar(name, d, n, rev + (n - 1) * es, -(ptrdiff_t)es, NULL, 0, 1, 1);
            if (strcmp(name, "logsumexp") == 0)
                check_rel("logsumexp reversed", n, back, ref, 8 * t->eps);
            else
                TK_CHECK(back == ref, "%s %s: stride -1 %a vs %a", t->name, name, back, ref);
        }
        /* zero stride: n copies of x[0] */
        double zero = scalar(name, d, 1000, x, 0, x, 0, 1, 1);
        char *copies = malloc(1000 * es);
        for (size_t i = 0; i < 1000; i++) memcpy(copies + i * es, x, es);
        double dense = scalar(name, d, 1000, copies, (ptrdiff_t)es, copies, (ptrdiff_t)es, 1, 1);
        TK_CHECK(memcmp(&zero, &dense, sizeof zero) == 0, "%s %s: stride 0", t->name, name);
        free(copies);
    }
    /* argmin, argmax over one long row split in pieces: ties across pieces
     * and a late NaN give the first index, on any thread count */
    tk_set(t, x, 70000, -100);
    tk_set(t, x, 200000, -100);
    tk_set(t, x, 150000, 100);
    tk_set(t, x, 250000, 100);
    for (int nan = 0; nan < 2; nan++) {
        if (nan) tk_set(t, x, 280000, NAN);
        for (int threads = 1; threads <= 7; threads += 3) {
            ptrdiff_t lo, hi;
            run("argmin", d, n, x, (ptrdiff_t)es, NULL, 0, 0, &lo, 0, threads);
            run("argmax", d, n, x, (ptrdiff_t)es, NULL, 0, 0, &hi, 0, threads);
            TK_CHECK(lo == (nan ? 280000 : 70000) && hi == (nan ? 280000 : 150000),
                     "%s long row, %d threads: argmin %td, argmax %td", t->name, threads, lo, hi);
            double mx = scalar("max", d, n, x, (ptrdiff_t)es, NULL, 0, 0, threads);
            TK_CHECK(nan ? isnan(mx) : mx == 100, "%s long row max %g", t->name, mx);
        }
    }
    /* many rows: rows x m, the threads split rows */
    size_t rows = 300, m = 1000;
    const char *const all[] = {"sum", "var", "argmax", "softmax", "log_softmax", "logsumexp", "dot"};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) {
        const sk_row_kernel *rk = sk_row_find(all[k]);
        size_t out_es = rk->out == SK_ROW_OUT_INDEX ? sizeof(ptrdiff_t) : es;
        size_t out_n = rk->out == SK_ROW_OUT_ROW ? rows * m : rows;
        char *o1 = calloc(out_n, out_es), *o2 = calloc(out_n, out_es);
        double d64 = 1;
        float d32 = 1;
        for (int pass = 0; pass < 2; pass++) {
            char *args[3];
            int a = 0;
            args[a++] = x;
            if (rk->nin == 2) args[a++] = x + es;
            if (rk->param == SK_ROW_PARAM_DDOF) args[a++] = d ? (char *)&d64 : (char *)&d32;
            args[a] = pass ? o2 : o1;
            ptrdiff_t row_steps[3] = {(ptrdiff_t)(m * es), (ptrdiff_t)(m * es), 0};
            row_steps[a] = rk->out == SK_ROW_OUT_ROW ? (ptrdiff_t)(m * es) : (ptrdiff_t)out_es;
            if (rk->param == SK_ROW_PARAM_DDOF) row_steps[1] = 0;
            ptrdiff_t core_steps[2] = {(ptrdiff_t)es, (ptrdiff_t)es};
            sk_call_opts opts = {.threads = pass ? 7 : 1};
            int rc = sk_rows(rk, (sk_dtype)d, rows, m, args, row_steps, core_steps, &opts);
            TK_CHECK(rc == SK_OK, "%s rows rc %d", all[k], rc);
        }
        TK_CHECK(memcmp(o1, o2, out_n * out_es) == 0, "%s %s: rows differ across threads",
                 t->name, all[k]);
        free(o1);
        free(o2);
    }
    /* interleaved rows (a column-wise reduction): the same bits as contiguous rows */
    const char *const cols[] = {"sum", "var", "argmax", "logsumexp", "min"};
    size_t nr = 37, nc = 1001;
    char *cm = malloc(nr * nc * es), *rm = malloc(nr * nc * es);
    for (size_t r = 0; r < nr; r++)
        for (size_t j = 0; j < nc; j++) {
            double v = tk_get(t, x, r * nc + j);
            tk_set(t, rm, r * nc + j, v);
            tk_set(t, cm, j * nr + r, v); /* row r's element j at j * nr + r */
        }
    for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
        const sk_row_kernel *rk = sk_row_find(cols[k]);
        size_t out_es = rk->out == SK_ROW_OUT_INDEX ? sizeof(ptrdiff_t) : es;
        char *o1 = calloc(nr, out_es), *o2 = calloc(nr, out_es);
        double d64 = 0;
        float d32 = 0;
        for (int pass = 0; pass < 2; pass++) {
            char *args[3] = {pass ? cm : rm, NULL, NULL};
            int a = 1;
            if (rk->param == SK_ROW_PARAM_DDOF) args[a++] = d ? (char *)&d64 : (char *)&d32;
            args[a] = pass ? o2 : o1;
            ptrdiff_t row_steps[3] = {pass ? (ptrdiff_t)es : (ptrdiff_t)(nc * es), 0, 0};
            row_steps[a] = (ptrdiff_t)out_es;
            ptrdiff_t core_steps[2] = {pass ? (ptrdiff_t)(nr * es) : (ptrdiff_t)es, 0};
            sk_call_opts opts = {.threads = pass ? 2 : 1};
            TK_CHECK(sk_rows(rk, (sk_dtype)d, nr, nc, args, row_steps, core_steps, &opts) == SK_OK,
                     "%s interleaved rc", cols[k]);
        }
        TK_CHECK(memcmp(o1, o2, nr * out_es) == 0, "%s %s: interleaved rows differ", t->name,
                 cols[k]);
        free(o1);
        free(o2);
    }
    free(cm);
    free(rm);
    free(x);
    free(spread);
    free(rev);
}

int main(void) {
    tk_require_isa("rows");
    /* small thresholds, so that the test's sizes run on the pool */
    for (int c = 0; c < SK_NCOSTS; c++)
        for (int dt = 0; dt < 2; dt++) sk_set_threshold((sk_cost)c, (sk_dtype)dt, 4096);
    tk_rng rng = tk_rng_seeded(12345);
    for (int d = 0; d < 2; d++) {
        check_accuracy(d, &rng);
        check_special(d);
        check_layouts_threads(d, &rng);
    }
    return tk_finish("rows");
}
