/*
 * Matrix products through BLAS (sk_matmul_f32, sk_matmul_f64).
 *
 * This file does the layout work around three BLAS routines: it finds how
 * BLAS can read each operand in place (row-major, or column-major read as
 * the transpose), copies those it cannot, picks gemm, gemv or dot by shape,
 * and sets how many threads the BLAS library runs the product on.
 *
 * Naming: the build says which library this is with SK_BLAS_PREFIX and
 * SK_BLAS_SUFFIX (the scipy-openblas wheels' symbols are scipy_cblas_dgemm64_
 * and the like; the system OpenBLAS's are plain) and SK_BLAS_ILP64 (64-bit
 * integers).  The prototypes are declared here, so no cblas.h is needed.
 *
 * Threads.  OpenBLAS's thread count is one process-wide setting (its
 * "local" setter is the same global one in the pthreads builds), so calls
 * that run with different counts at the same time must not share it.  The
 * setting rests at 1.  A multi-threaded product takes `setting` as a writer
 * (trywrlock: it never waits), raises the count, runs, and sets 1 again;
 * single-threaded products take it as readers, so any number of them run
 * at once with the setting at 1, and they wait only while a multi-threaded
 * product runs (which keeps every CPU busy anyway).  Someone else may change
 * the setting (threadpoolctl's limits reach this library too): a reader
 * that finds it above 1 takes the lock as a writer and sets 1 again.  A multi-threaded
 * product also holds simdkern's pool, so that the two pools never run at the
 * same time; when the pool or the setting is taken, the product runs on its
 * caller alone.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "simdkern.h"

#ifndef SK_BLAS_NAME
#  define SK_BLAS_NAME "unknown BLAS"
#endif

#if SK_BLAS_ILP64
typedef int64_t blas_int;
#  define BLAS_INT_MAX INT64_MAX
#else
typedef int blas_int;
#  define BLAS_INT_MAX INT_MAX
#endif

#define SK_CAT3_(a, b, c) a##b##c
#define SK_CAT3(a, b, c) SK_CAT3_(a, b, c)
#define BLAS(name) SK_CAT3(SK_BLAS_PREFIX, name, SK_BLAS_SUFFIX)

/* CBLAS's enumerations, passed as int (their C type). */
enum { ROW_MAJOR = 101, COL_MAJOR = 102, NO_TRANS = 111, TRANS = 112 };

void BLAS(cblas_sgemm)(int order, int ta, int tb, blas_int m, blas_int n, blas_int k,
                       float alpha, const float *a, blas_int lda, const float *b, blas_int ldb,
                       float beta, float *c, blas_int ldc);
void BLAS(cblas_dgemm)(int order, int ta, int tb, blas_int m, blas_int n, blas_int k,
                       double alpha, const double *a, blas_int lda, const double *b,
                       blas_int ldb, double beta, double *c, blas_int ldc);
void BLAS(cblas_sgemv)(int order, int trans, blas_int m, blas_int n, float alpha,
                       const float *a, blas_int lda, const float *x, blas_int incx, float beta,
                       float *y, blas_int incy);
void BLAS(cblas_dgemv)(int order, int trans, blas_int m, blas_int n, double alpha,
                       const double *a, blas_int lda, const double *x, blas_int incx,
                       double beta, double *y, blas_int incy);
float BLAS(cblas_sdot)(blas_int n, const float *x, blas_int incx, const float *y, blas_int incy);
double BLAS(cblas_ddot)(blas_int n, const double *x, blas_int incx, const double *y,
                        blas_int incy);
void BLAS(openblas_set_num_threads)(int n);
int BLAS(openblas_get_num_threads)(void);
char *BLAS(openblas_get_config)(void);
char *BLAS(openblas_get_corename)(void);

/* OpenBLAS's thread limit in these builds (MAX_THREADS). */
#define BLAS_MAX_THREADS 64

/* ----- the two element types ------------------------------------------- */

typedef struct {
    size_t size;
    void (*gemm)(int order, int ta, int tb, blas_int m, blas_int n, blas_int k, const char *a,
                 blas_int lda, const char *b, blas_int ldb, char *c, blas_int ldc);
    void (*gemv)(int trans, blas_int m, blas_int n, const char *a, blas_int lda, const char *x,
                 blas_int incx, char *y, blas_int incy);
    void (*dot)(blas_int n, const char *x, blas_int incx, const char *y, blas_int incy,
                char *out);
} blas_type;

static void gemm_f32(int order, int ta, int tb, blas_int m, blas_int n, blas_int k,
                     const char *a, blas_int lda, const char *b, blas_int ldb, char *c,
                     blas_int ldc) {
    BLAS(cblas_sgemm)(order, ta, tb, m, n, k, 1.0f, (const float *)a, lda, (const float *)b,
                      ldb, 0.0f, (float *)c, ldc);
}
static void gemm_f64(int order, int ta, int tb, blas_int m, blas_int n, blas_int k,
                     const char *a, blas_int lda, const char *b, blas_int ldb, char *c,
                     blas_int ldc) {
    BLAS(cblas_dgemm)(order, ta, tb, m, n, k, 1.0, (const double *)a, lda, (const double *)b,
                      ldb, 0.0, (double *)c, ldc);
}
static void gemv_f32(int trans, blas_int m, blas_int n, const char *a, blas_int lda,
                     const char *x, blas_int incx, char *y, blas_int incy) {
    BLAS(cblas_sgemv)(ROW_MAJOR, trans, m, n, 1.0f, (const float *)a, lda, (const float *)x,
                      incx, 0.0f, (float *)y, incy);
}
static void gemv_f64(int trans, blas_int m, blas_int n, const char *a, blas_int lda,
                     const char *x, blas_int incx, char *y, blas_int incy) {
    BLAS(cblas_dgemv)(ROW_MAJOR, trans, m, n, 1.0, (const double *)a, lda, (const double *)x,
                      incx, 0.0, (double *)y, incy);
}
static void dot_f32(blas_int n, const char *x, blas_int incx, const char *y, blas_int incy,
                    char *out) {
    float r = BLAS(cblas_sdot)(n, (const float *)x, incx, (const float *)y, incy);
    memcpy(out, &r, sizeof r);
}
static void dot_f64(blas_int n, const char *x, blas_int incx, const char *y, blas_int incy,
                    char *out) {
    double r = BLAS(cblas_ddot)(n, (const double *)x, incx, (const double *)y, incy);
    memcpy(out, &r, sizeof r);
}

static const blas_type type_f32 = {sizeof(float), gemm_f32, gemv_f32, dot_f32};
static const blas_type type_f64 = {sizeof(double), gemm_f64, gemv_f64, dot_f64};

/* ----- the thread setting ------------------------------------------------ */

static pthread_rwlock_t setting = PTHREAD_RWLOCK_INITIALIZER;
static pthread_once_t setting_once = PTHREAD_ONCE_INIT;

/* fork() waits for running products (the forking thread takes the lock). */
static void atfork_prepare(void) { pthread_rwlock_wrlock(&setting); }
static void atfork_release(void) { pthread_rwlock_unlock(&setting); }

static void setting_init(void) {
    BLAS(openblas_set_num_threads)(1);
    pthread_atfork(atfork_prepare, atfork_release, atfork_release);
}

/*
 * Take the setting for a product of `work` multiply-adds.  Returns the
 * threads it runs on, negated when it holds the setting exclusively: a
 * single-threaded product that finds the setting above 1 (threadpoolctl, or
 * anyone calling OpenBLAS's setter, changed it) waits to own it and sets 1
 * again, so that it runs on its calling thread as asked.
 */
static int begin(const sk_call_opts *opts, double work) {
    pthread_once(&setting_once, setting_init);
    int want = opts && opts->threads > 0 ? opts->threads : sk_get_num_threads();
    if (want > BLAS_MAX_THREADS) want = BLAS_MAX_THREADS;
    if (want > 1 && work >= (double)SK_BLAS_PARALLEL_WORK && sk_pool_claim()) {
        if (pthread_rwlock_trywrlock(&setting) == 0) {
            BLAS(openblas_set_num_threads)(want);
            return -want;
        }
        sk_pool_release();
    }
    pthread_rwlock_rdlock(&setting);
    if (BLAS(openblas_get_num_threads)() == 1) return 1;
    pthread_rwlock_unlock(&setting);
    pthread_rwlock_wrlock(&setting);
    BLAS(openblas_set_num_threads)(1);
    return -1;
}

static void end(int held) {
    if (held < -1) BLAS(openblas_set_num_threads)(1);
    pthread_rwlock_unlock(&setting);
    if (held < -1) sk_pool_release();
}

/* ----- layouts ------------------------------------------------------------ */

/* A matrix or vector operand: element (0, 0) and byte strides. */
typedef struct {
    char *p;
    ptrdiff_t rs, cs;
} operand;

static int aligned(const void *p, size_t size) { return ((uintptr_t)p & (size - 1)) == 0; }

/* stride / size as a BLAS integer when it is a multiple of size and >= lo. */
static int leading(ptrdiff_t stride, size_t size, size_t lo, blas_int *ld) {
    if (stride <= 0 || (size_t)stride % size) return 0;
    size_t elements = (size_t)stride / size;
    if (elements < lo || elements > (size_t)BLAS_INT_MAX) return 0;
    *ld = (blas_int)elements;
    return 1;
}

static size_t at_least_1(size_t x) { return x ? x : 1; }

static int fits(size_t n) { return n <= (size_t)BLAS_INT_MAX; }

/* A buffer of r x c elements (at least one), or NULL. */
static char *alloc_elements(size_t r, size_t c, size_t size) {
    r = at_least_1(r);
    c = at_least_1(c);
    if (r > SIZE_MAX / c || r * c > SIZE_MAX / size) return NULL;
    return malloc(r * c * size);
}

/*
 * How BLAS reads an r x c operand in row-major order: NO_TRANS when its
 * columns are adjacent (ld: the row stride in elements, >= c), TRANS when
 * its rows are (it is the transpose of a row-major c x r matrix; ld: the
 * column stride, >= r), 0 when neither.
 */
static int view(size_t r, size_t c, const operand *x, size_t size, blas_int *ld) {
    if (!aligned(x->p, size) || !fits(r) || !fits(c)) return 0;
    if (c == 1 || x->cs == (ptrdiff_t)size) { /* row-major, unless the row stride is wrong */
        if (r == 1) {
            *ld = (blas_int)at_least_1(c);
            return NO_TRANS;
        }
        if (leading(x->rs, size, at_least_1(c), ld)) return NO_TRANS;
    }
    if (r == 1 || x->rs == (ptrdiff_t)size) { /* column-major */
        if (c == 1) {
            *ld = (blas_int)at_least_1(r);
            return TRANS;
        }
        if (leading(x->cs, size, at_least_1(r), ld)) return TRANS;
    }
    return 0;
}

/* A vector of n elements BLAS reads in place: its increment, or 0. */
static blas_int increment(size_t n, const char *p, ptrdiff_t stride, size_t size) {
    if (!aligned(p, size)) return 0;
    if (n == 1) return 1;
    if (stride == 0 || stride % (ptrdiff_t)size) return 0;
    ptrdiff_t inc = stride / (ptrdiff_t)size;
    if (inc > BLAS_INT_MAX || inc < -BLAS_INT_MAX) return 0;
    return (blas_int)inc;
}

/* BLAS wants the lowest address of a vector with a negative increment. */
static const char *lowest(const char *p, size_t n, blas_int inc, size_t size) {
    return inc < 0 ? p + (ptrdiff_t)(n - 1) * inc * (ptrdiff_t)size : p;
}

static void copy_element(char *dst, const char *src, size_t size) {
    if (size == sizeof(float))
        memcpy(dst, src, sizeof(float));
    else
        memcpy(dst, src, sizeof(double));
}

/* Gather an r x c operand into a new contiguous row-major buffer. */
static char *gather(size_t r, size_t c, const operand *x, size_t size) {
    char *buf = alloc_elements(r, c, size);
    if (!buf) return NULL;
    char *dst = buf;
    for (size_t i = 0; i < r; i++) {
        const char *row = x->p + (ptrdiff_t)i * x->rs;
        for (size_t j = 0; j < c; j++, dst += size) copy_element(dst, row + (ptrdiff_t)j * x->cs, size);
    }
    return buf;
}

/* Scatter a contiguous row-major r x c buffer into x. */
static void scatter(size_t r, size_t c, const char *buf, const operand *x, size_t size) {
    for (size_t i = 0; i < r; i++) {
        char *row = x->p + (ptrdiff_t)i * x->rs;
        for (size_t j = 0; j < c; j++, buf += size) copy_element(row + (ptrdiff_t)j * x->cs, buf, size);
    }
}

/* An input BLAS can read: in place, or gathered into *owned. */
typedef struct {
    const char *p;
    int trans;
    blas_int ld;
} readable;

static int make_readable(size_t r, size_t c, const operand *x, size_t size, readable *out,
                         char **owned) {
    *owned = NULL;
    out->trans = view(r, c, x, size, &out->ld);
    out->p = x->p;
    if (out->trans) return SK_OK;
    if (c > (size_t)BLAS_INT_MAX) return SK_EINVAL;
    *owned = gather(r, c, x, size);
    if (!*owned) return SK_ENOMEM;
    out->p = *owned;
    out->trans = NO_TRANS;
    out->ld = (blas_int)at_least_1(c);
    return SK_OK;
}

/* ----- the products ------------------------------------------------------ */

/* c (m x n) = a (m x k) b (k x n), with m, n, k >= 1 and m, n > 1 not both 1. */
static int product_gemm(const blas_type *t, size_t m, size_t n, size_t k, const operand *a,
                        const operand *b, const operand *c, const sk_call_opts *opts) {
    size_t size = t->size;
    readable ra, rb;
    char *own_a = NULL, *own_b = NULL, *own_c = NULL;
    int rc = make_readable(m, k, a, size, &ra, &own_a);
    if (rc == SK_OK) rc = make_readable(k, n, b, size, &rb, &own_b);
    blas_int ldc = 0;
    int c_view = rc == SK_OK ? view(m, n, c, size, &ldc) : 0;
    char *cp = c->p;
    if (rc == SK_OK && !c_view) {
        own_c = alloc_elements(m, n, size);
        if (!own_c) rc = SK_ENOMEM;
        cp = own_c;
        c_view = NO_TRANS;
        ldc = (blas_int)n;
    }
    if (rc == SK_OK) {
        /* A column-major c is computed in BLAS's column-major order, where a
         * row-major operand reads as the transpose. */
        int order = c_view == NO_TRANS ? ROW_MAJOR : COL_MAJOR;
        int ta = c_view == NO_TRANS ? ra.trans : (ra.trans == NO_TRANS ? TRANS : NO_TRANS);
        int tb = c_view == NO_TRANS ? rb.trans : (rb.trans == NO_TRANS ? TRANS : NO_TRANS);
        int held = begin(opts, (double)m * (double)n * (double)k);
        t->gemm(order, ta, tb, (blas_int)m, (blas_int)n, (blas_int)k, ra.p, ra.ld, rb.p, rb.ld,
                cp, ldc);
        end(held);
        if (own_c) scatter(m, n, own_c, c, size);
    }
    free(own_a);
    free(own_b);
    free(own_c);
    return rc;
}

/*
 * y (len rows of the product) = mat x, for c = a b with n == 1 (mat = a,
 * x = b's column) or m == 1 (mat = b transposed, x = a's row).
 */
static int product_gemv(const blas_type *t, size_t m, size_t n, size_t k, const operand *a,
                        const operand *b, const operand *c, const sk_call_opts *opts) {
    size_t size = t->size;
    int by_row = m == 1; /* c is a row: y = b^T x */
    size_t len = by_row ? n : m;
    const operand *mat = by_row ? b : a;
    size_t mr = by_row ? k : m, mc = by_row ? n : k;
    const char *xp = by_row ? a->p : b->p;
    ptrdiff_t xs = by_row ? a->cs : b->rs;
    ptrdiff_t ys = by_row ? c->cs : c->rs;

    readable rm;
    char *own_m = NULL, *own_x = NULL, *own_y = NULL;
    int rc = make_readable(mr, mc, mat, size, &rm, &own_m);
    blas_int incx = increment(k, xp, xs, size), incy = increment(len, c->p, ys, size);
    if (rc == SK_OK && !incx) {
        operand xo = {(char *)xp, xs, 0};
        own_x = gather(k, 1, &xo, size);
        if (!own_x) rc = SK_ENOMEM;
        xp = own_x;
        incx = 1;
    }
    char *yp = c->p;
    if (rc == SK_OK && !incy) {
        own_y = alloc_elements(len, 1, size);
        if (!own_y) rc = SK_ENOMEM;
        yp = own_y;
        incy = 1;
    }
    if (rc == SK_OK) {
        /* Row-major gemv(NO_TRANS, M, N) is y(M) = A x(N); TRANS is y(N) = A^T x(M). */
        int trans;
        blas_int rows, cols;
        if (!by_row) { /* y(m) = a x(k); a read as stored (m x k) or as a^T (k x m) */
            trans = rm.trans;
            rows = (blas_int)(rm.trans == NO_TRANS ? m : k);
            cols = (blas_int)(rm.trans == NO_TRANS ? k : m);
        } else { /* y(n) = b^T x(k); b as stored (k x n) or as b^T (n x k) */
            trans = rm.trans == NO_TRANS ? TRANS : NO_TRANS;
            rows = (blas_int)(rm.trans == NO_TRANS ? k : n);
            cols = (blas_int)(rm.trans == NO_TRANS ? n : k);
        }
        int held = begin(opts, (double)m * (double)n * (double)k);
        t->gemv(trans, rows, cols, rm.p, rm.ld, lowest(xp, k, incx, size), incx,
                (char *)lowest(yp, len, incy, size), incy);
        end(held);
        if (own_y) {
            operand yo = {c->p, ys, 0};
            scatter(len, 1, own_y, &yo, size);
        }
    }
    free(own_m);
    free(own_x);
    free(own_y);
    return rc;
}

/* c (1 x 1) = a row . b column. */
static int product_dot(const blas_type *t, size_t k, const operand *a, const operand *b,
                       const operand *c, const sk_call_opts *opts) {
    size_t size = t->size;
    const char *xp = a->p, *yp = b->p;
    char *own_x = NULL, *own_y = NULL;
    blas_int incx = increment(k, xp, a->cs, size), incy = increment(k, yp, b->rs, size);
    int rc = SK_OK;
    if (!incx) {
        operand xo = {a->p, a->cs, 0};
        xp = own_x = gather(k, 1, &xo, size);
        incx = 1;
        if (!own_x) rc = SK_ENOMEM;
    }
    if (!incy && rc == SK_OK) {
        operand yo = {b->p, b->rs, 0};
        yp = own_y = gather(k, 1, &yo, size);
        incy = 1;
        if (!own_y) rc = SK_ENOMEM;
    }
    if (rc == SK_OK) {
        char result[sizeof(double)];
        int held = begin(opts, (double)k);
        t->dot((blas_int)k, lowest(xp, k, incx, size), incx, lowest(yp, k, incy, size), incy,
               result);
        end(held);
        copy_element(c->p, result, size);
    }
    free(own_x);
    free(own_y);
    return rc;
}

static int matmul(const blas_type *t, size_t m, size_t n, size_t k, operand a, operand b,
                  operand c, const sk_call_opts *opts) {
    if (m == 0 || n == 0) return SK_OK;
    if (!fits(m) || !fits(n) || !fits(k)) return SK_EINVAL;
    if (k == 0) { /* the empty sum: +0.0 everywhere */
        char zero[sizeof(double)] = {0};
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++)
                copy_element(c.p + (ptrdiff_t)i * c.rs + (ptrdiff_t)j * c.cs, zero, t->size);
        return SK_OK;
    }
    if (m == 1 && n == 1) return product_dot(t, k, &a, &b, &c, opts);
    if (m == 1 || n == 1) return product_gemv(t, m, n, k, &a, &b, &c, opts);
    return product_gemm(t, m, n, k, &a, &b, &c, opts);
}

int sk_matmul_f32(size_t m, size_t n, size_t k, const float *a, ptrdiff_t a_rs,
                  ptrdiff_t a_cs, const float *b, ptrdiff_t b_rs, ptrdiff_t b_cs, float *c,
                  ptrdiff_t c_rs, ptrdiff_t c_cs, const sk_call_opts *opts) {
    return matmul(&type_f32, m, n, k, (operand){(char *)a, a_rs, a_cs},
                  (operand){(char *)b, b_rs, b_cs}, (operand){(char *)c, c_rs, c_cs}, opts);
}

int sk_matmul_f64(size_t m, size_t n, size_t k, const double *a, ptrdiff_t a_rs,
                  ptrdiff_t a_cs, const double *b, ptrdiff_t b_rs, ptrdiff_t b_cs, double *c,
                  ptrdiff_t c_rs, ptrdiff_t c_cs, const sk_call_opts *opts) {
    return matmul(&type_f64, m, n, k, (operand){(char *)a, a_rs, a_cs},
                  (operand){(char *)b, b_rs, b_cs}, (operand){(char *)c, c_rs, c_cs}, opts);
}

const char *sk_blas_name(void) { return SK_BLAS_NAME; }
const char *sk_blas_config(void) { return BLAS(openblas_get_config)(); }
const char *sk_blas_corename(void) { return BLAS(openblas_get_corename)(); }
int sk_blas_num_threads(void) {
    pthread_once(&setting_once, setting_init);
    return BLAS(openblas_get_num_threads)();
}
