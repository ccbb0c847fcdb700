/*
 * The thread pool through the public API: every kernel and both reductions
 * give the same bits on 1, 2, 3 and 7 threads (at sizes around the
 * thresholds, at strides 1, 3 and -1, and with the thresholds lowered so
 * that small calls are cut into many tiles); flags raised by workers and the
 * caller's rounding mode cross threads; the abort callback runs on the
 * calling thread only and stops a call; concurrent callers; fork; shutdown
 * and restart; the thread-count settings.
 *
 * Usage: test_threads [--expect-threads N] [--expect-env-problem] [--quick]
 *   (the environment tests: the default count the environment should give;
 *   --quick: fewer sizes, for the slow ThreadSanitizer build)
 */
#include <fenv.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sk_test.h"

static const int thread_counts[] = {1, 2, 3, 7};
static int quick;
#define N_COUNTS (sizeof thread_counts / sizeof thread_counts[0])

static size_t elem_size(sk_dtype d) { return d == SK_F64 ? sizeof(double) : sizeof(float); }

/* Values in the kernel's domain, with a few extremes that raise flags. */
static void fill(const sk_kernel *k, sk_dtype d, void *buf, size_t n, tk_rng *rng) {
    const tk_dtype *t = tk_dtypes[d];
    for (size_t i = 0; i < n; i++) {
        double v = tk_random_uniform(t, rng, -30, 30);
        if (k->domain == SK_DOMAIN_NONNEG) v = fabs(v);
        if (i % 997 == 5) v = k->domain == SK_DOMAIN_NONNEG ? 1e30 : -1e30;
        tk_set(t, buf, i, v);
    }
}

/* Run k with the given thread count; in[] at stride `stride` elements. */
static int run(const sk_kernel *k, sk_dtype d, size_t n, char *const *in, ptrdiff_t stride,
               char *out, int threads) {
    ptrdiff_t es = (ptrdiff_t)elem_size(d);
    char *args[4];
    ptrdiff_t steps[4];
    for (int a = 0; a < k->nin; a++) {
        args[a] = stride < 0 ? in[a] + (ptrdiff_t)(n - 1) * -stride * es : in[a];
        steps[a] = stride * es;
    }
    args[k->nin] = out;
    steps[k->nin] = es;
    sk_call_opts opts = {.threads = threads};
    return sk_call(k, d, n, args, steps, &opts);
}

static void check_identical(const sk_kernel *k, sk_dtype d, size_t n, tk_rng *rng,
                            const char *why) {
    size_t es = elem_size(d);
    const ptrdiff_t strides[] = {1, 3, -1};
    char *in[3];
    for (int a = 0; a < k->nin; a++) {
        in[a] = malloc(3 * n * es + es);
        fill(k, d, in[a], 3 * n, rng);
    }
    /* the output misaligned from 64 bytes by one element, to exercise the head tile */
    char *ref = malloc((n + 1) * es), *got = malloc((n + 1) * es);
    for (size_t si = 0; si < sizeof strides / sizeof strides[0]; si++) {
        ptrdiff_t s = strides[si];
        if (s != 1 && n > 300000) continue;
        TK_CHECK(run(k, d, n, in, s, ref + es, 1) == SK_OK, "%s %s: serial call failed", k->name,
                 tk_dtypes[d]->name);
        for (size_t c = 1; c < N_COUNTS; c++) {
            memset(got, 0x5a, (n + 1) * es);
            int rc = run(k, d, n, in, s, got + es, thread_counts[c]);
            TK_CHECK(rc == SK_OK, "%s: rc %d", k->name, rc);
            size_t bad = n;
            for (size_t i = 0; i < n && bad == n; i++)
                if (memcmp(ref + es + i * es, got + es + i * es, es) != 0) bad = i;
            TK_CHECK(bad == n, "%s %s n=%zu stride %td, %d threads (%s): element %zu differs",
                     k->name, tk_dtypes[d]->name, n, s, thread_counts[c], why, bad);
        }
    }
    for (int a = 0; a < k->nin; a++) free(in[a]);
    free(ref);
    free(got);
}

static void test_identical(tk_rng *rng) {
    size_t count;
    const sk_kernel *cat = sk_catalogue(&count);
    for (size_t i = 0; i < count; i++) {
        for (int d = 0; d < 2; d++) {
            size_t th = sk_threshold(cat[i].cost, (sk_dtype)d);
            const size_t sizes[] = {th - 1, th, th + 1, 2 * th + 17, 5 * th + 3};
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0] - (size_t)quick * 3; s++)
                check_identical(&cat[i], (sk_dtype)d, sizes[s], rng, "default threshold");
        }
    }
    /* lowered thresholds: small calls cut into many tiles, ragged ends */
    for (int c = 0; c < SK_NCOSTS; c++)
        for (int d = 0; d < 2; d++) sk_set_threshold((sk_cost)c, (sk_dtype)d, 64);
    for (size_t i = 0; i < count; i++)
        for (int d = 0; d < 2; d++) {
            const size_t sizes[] = {64, 100, 2049, 4096 + 15, 3 * 32768 + 5, 1000003};
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0] - (size_t)quick * 2; s++)
                check_identical(&cat[i], (sk_dtype)d, sizes[s], rng, "threshold 64");
        }
}

static void test_reductions(tk_rng *rng) {
    const sk_kernel *kernels[2] = {sk_find("add"), sk_find("multiply")};
    const size_t sizes[] = {64, 1000, 1025, 65 * 1024 + 3, 300001, 2000000};
    for (int op = 0; op < 2; op++)
        for (int d = 0; d < 2; d++)
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                size_t n = sizes[s];
                const tk_dtype *t = tk_dtypes[d];
                char *x = malloc(n * t->size);
                for (size_t i = 0; i < n; i++)
                    tk_set(t, x, i, op ? 1 + tk_random_uniform(t, rng, -1e-6, 1e-6)
                                       : tk_random_uniform(t, rng, -1, 1));
                double ref = 0, got = 0;
                for (size_t c = 0; c < N_COUNTS; c++) {
                    sk_call_opts opts = {.threads = thread_counts[c]};
                    double r64 = 0;
                    float r32 = 0;
                    int rc = sk_reduce(kernels[op], (sk_dtype)d, n, x, (ptrdiff_t)t->size,
                                       d ? (void *)&r64 : (void *)&r32, &opts);
                    TK_CHECK(rc == SK_OK, "reduce rc %d", rc);
                    got = d ? r64 : r32;
                    if (c == 0) ref = got;
                    TK_CHECK(memcmp(&ref, &got, sizeof ref) == 0,
                             "%s %s n=%zu: %d threads give %a, 1 thread %a", kernels[op]->name,
                             t->name, n, thread_counts[c], got, ref);
                }
                /* the typed entry point (process default threads) agrees */
                double typed = d ? (op ? sk_prod_f64(n, (double *)x, 8) : sk_sum_f64(n, (double *)x, 8))
                                 : (op ? sk_prod_f32(n, (float *)x, 4) : sk_sum_f32(n, (float *)x, 4));
                TK_CHECK(memcmp(&typed, &ref, sizeof ref) == 0, "%s %s n=%zu: typed %a vs %a",
                         kernels[op]->name, t->name, n, typed, ref);
                free(x);
            }
    double r;
    TK_CHECK(sk_reduce(sk_find("sqrt"), SK_F64, 10, &r, 8, &r, NULL) == SK_EINVAL,
             "sqrt has no reduction");
}

/* Overflow raised only in the last tile (a worker's, with 4 threads). */
static void test_flags(void) {
    size_t n = 4 * sk_threshold(SK_COST_TRANSC, SK_F64);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) x[i] = 1.0;
    x[n - 3] = 1000.0;
    const sk_kernel *k = sk_find("exp");
    for (size_t c = 0; c < N_COUNTS; c++) {
        feclearexcept(FE_ALL_EXCEPT);
        char *args[2] = {(char *)x, (char *)y};
        ptrdiff_t steps[2] = {8, 8};
        sk_call_opts opts = {.threads = thread_counts[c]};
        sk_call(k, SK_F64, n, args, steps, &opts);
        TK_CHECK(fetestexcept(FE_OVERFLOW), "%d threads: overflow lost", thread_counts[c]);
        TK_CHECK(!fetestexcept(FE_INVALID | FE_DIVBYZERO), "%d threads: spurious flag",
                 thread_counts[c]);
    }
    /* the caller's rounding mode reaches the workers (add rounds in hardware) */
    for (size_t i = 0; i < n; i++) {
        x[i] = 1.0 + (double)i * 0x1p-40;
        y[i] = 0x1p-60;
    }
    double *ref = malloc(n * sizeof *ref), *got = malloc(n * sizeof *got);
    fesetround(FE_UPWARD);
    sk_call_opts one = {.threads = 1}, four = {.threads = 4};
    char *args[3] = {(char *)x, (char *)y, (char *)ref};
    ptrdiff_t steps[3] = {8, 8, 8};
    sk_call(sk_find("add"), SK_F64, n, args, steps, &one);
    args[2] = (char *)got;
    sk_call(sk_find("add"), SK_F64, n, args, steps, &four);
    fesetround(FE_TONEAREST);
    TK_CHECK(memcmp(ref, got, n * sizeof *ref) == 0, "rounding mode not shared with workers");
    TK_CHECK(got[n - 1] > x[n - 1], "FE_UPWARD was not in effect");
    feclearexcept(FE_ALL_EXCEPT);
    free(x);
    free(y);
    free(ref);
    free(got);
}

typedef struct {
    pthread_t thread;
    int calls, stop_after;
} abort_state;

static int abort_cb(void *ctx) {
    abort_state *s = ctx;
    TK_CHECK(pthread_equal(pthread_self(), s->thread), "abort callback on a worker thread");
    return ++s->calls >= s->stop_after;
}

static void test_abort(void) {
    size_t n = 8 * sk_threshold(SK_COST_TRANSC, SK_F64);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) x[i] = (double)(i % 1000);
    const sk_kernel *k = sk_find("sin");
    char *args[2] = {(char *)x, (char *)y};
    ptrdiff_t steps[2] = {8, 8};
    for (size_t c = 0; c < N_COUNTS; c++) {
        abort_state s = {pthread_self(), 0, 1};
        sk_call_opts opts = {.threads = thread_counts[c], .abort = abort_cb, .abort_ctx = &s,
                             .abort_interval_us = 1};
        for (size_t i = 0; i < n; i++) y[i] = -1.0;
        int rc = sk_call(k, SK_F64, n, args, steps, &opts);
        size_t untouched = 0;
        for (size_t i = 0; i < n; i++) untouched += y[i] == -1.0;
        /* A yes means SK_ABORTED.  On 1 or 2 threads (no more than the test
         * machine's cores) the caller is sure to ask before the end; with
         * more, the workers may finish while the caller waits for a CPU. */
        TK_CHECK(s.calls > 0 ? rc == SK_ABORTED : rc == SK_OK, "%d threads: rc %d after %d asks",
                 thread_counts[c], rc, s.calls);
        if (thread_counts[c] <= 2)
            TK_CHECK(rc == SK_ABORTED && untouched > 0,
                     "%d threads: rc %d, %zu elements left unwritten", thread_counts[c], rc,
                     untouched);
        /* never aborting: the whole output.  The callback was asked, unless
         * (oversubscribed) the workers took every tile before the caller ran. */
        s = (abort_state){pthread_self(), 0, 1 << 30};
        for (size_t i = 0; i < n; i++) y[i] = -1.0;
        rc = sk_call(k, SK_F64, n, args, steps, &opts);
        TK_CHECK(rc == SK_OK && (s.calls > 0 || thread_counts[c] > 1),
                 "%d threads: rc %d, %d callback calls", thread_counts[c], rc, s.calls);
        TK_CHECK(y[n - 1] == sin(x[n - 1]) && y[0] == 0.0, "output not written");
        /* a reduction aborts too */
        s = (abort_state){pthread_self(), 0, 1};
        double r;
        rc = sk_reduce(sk_find("add"), SK_F64, n, x, 8, &r, &opts);
        TK_CHECK(s.calls > 0 ? rc == SK_ABORTED : rc == SK_OK, "%d threads: reduce rc %d",
                 thread_counts[c], rc);
        if (thread_counts[c] == 1) TK_CHECK(rc == SK_ABORTED, "1 thread: reduce rc %d", rc);
    }
    /* a short call never asks */
    abort_state s = {pthread_self(), 0, 1};
    sk_call_opts opts = {.threads = 4, .abort = abort_cb, .abort_ctx = &s, .abort_interval_us = 1};
    TK_CHECK(sk_call(k, SK_F64, 1000, args, steps, &opts) == SK_OK && s.calls == 0,
             "a short call asked the abort callback");
    free(x);
    free(y);
}

/* Several threads calling at once: each result right; none waits for ever. */
typedef struct {
    pthread_t id;
    size_t n;
    const double *x;
    const double *ref;
    int ok;
} caller;

static void *caller_main(void *arg) {
    caller *c = arg;
    double *y = malloc(c->n * sizeof *y);
    c->ok = 1;
    for (int rep = 0; rep < 20; rep++) {
        sk_tanh_f64(c->n, c->x, 8, y, 8);
        if (memcmp(y, c->ref, c->n * sizeof *y) != 0) c->ok = 0;
    }
    free(y);
    return NULL;
}

static void test_concurrent(void) {
    size_t n = 3 * sk_threshold(SK_COST_TRANSC, SK_F64);
    double *x = malloc(n * sizeof *x), *ref = malloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) x[i] = (double)i / 1e4 - 15;
    sk_call_opts one = {.threads = 1};
    char *args[2] = {(char *)x, (char *)ref};
    ptrdiff_t steps[2] = {8, 8};
    sk_call(sk_find("tanh"), SK_F64, n, args, steps, &one);
    caller callers[6];
    for (int i = 0; i < 6; i++) {
        callers[i] = (caller){0, n, x, ref, 0};
        pthread_create(&callers[i].id, NULL, caller_main, &callers[i]);
    }
    for (int i = 0; i < 6; i++) {
        pthread_join(callers[i].id, NULL);
        TK_CHECK(callers[i].ok, "concurrent caller %d got a wrong result", i);
    }
    free(x);
    free(ref);
}

static void test_fork_and_shutdown(void) {
    size_t n = 4 * sk_threshold(SK_COST_TRANSC, SK_F64);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *ref = malloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) x[i] = (double)i * 1e-3;
    sk_call_opts one = {.threads = 1}, three = {.threads = 3};
    const sk_kernel *k = sk_find("sin");
    char *args[2] = {(char *)x, (char *)ref};
    ptrdiff_t steps[2] = {8, 8};
    sk_call(k, SK_F64, n, args, steps, &one);
    args[1] = (char *)y;
    sk_shutdown(); /* the pool never shrinks: start from none */
    sk_call(k, SK_F64, n, args, steps, &three);
    TK_CHECK(sk_pool_workers() == 2, "3 threads started %d workers", sk_pool_workers());

    pid_t pid = fork();
    if (pid == 0) {
        /* the child: no workers, then its own */
        int ok = sk_pool_workers() == 0;
        memset(y, 0, n * sizeof *y);
        ok &= sk_call(k, SK_F64, n, args, steps, &three) == SK_OK;
        ok &= memcmp(y, ref, n * sizeof *y) == 0;
        ok &= sk_pool_workers() == 2;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    TK_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork child failed (status %d)",
             status);

    sk_shutdown();
    TK_CHECK(sk_pool_workers() == 0, "shutdown left %d workers", sk_pool_workers());
    memset(y, 0, n * sizeof *y);
    TK_CHECK(sk_call(k, SK_F64, n, args, steps, &three) == SK_OK, "call after shutdown");
    TK_CHECK(memcmp(y, ref, n * sizeof *y) == 0, "wrong result after restart");
    TK_CHECK(sk_pool_workers() == 2, "restart started %d workers", sk_pool_workers());
    sk_shutdown();
    free(x);
    free(y);
    free(ref);
}

static void test_settings(int expect_threads, int expect_problem) {
    int cpus = sk_cpu_count();
    TK_CHECK(cpus >= 1, "cpu count %d", cpus);
    int dflt = sk_get_num_threads();
    if (expect_threads)
        TK_CHECK(dflt == expect_threads, "default %d, expected %d", dflt, expect_threads);
    else
        TK_CHECK(dflt == cpus, "default %d without environment, cpus %d", dflt, cpus);
    const char *problem = sk_threads_env_problem();
    TK_CHECK(!!problem == expect_problem, "environment problem: %s",
             problem ? problem : "(none)");
    if (problem) printf("reported: %s\n", problem);
    TK_CHECK(sk_set_num_threads(0) == -1 && sk_set_num_threads(-3) == -1,
             "a count below 1 was accepted");
    TK_CHECK(sk_get_num_threads() == dflt, "a rejected count changed the default");
    TK_CHECK(sk_set_num_threads(5) == 0 && sk_get_num_threads() == 5, "set 5");
    sk_set_num_threads(dflt);
    TK_CHECK(sk_threshold(SK_NCOSTS, SK_F64) == 0 && sk_thread_cap(SK_NCOSTS) == 0,
             "out-of-range tuning queries");
}

int main(int argc, char **argv) {
    int expect_threads = 0, expect_problem = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect-threads") == 0 && i + 1 < argc)
            expect_threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--expect-env-problem") == 0)
            expect_problem = 1;
        else if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
    }
    tk_require_isa("threads");
    test_settings(expect_threads, expect_problem);
    if (expect_threads || expect_problem) return tk_finish("threads-env");
    tk_rng rng = tk_rng_seeded(20261125);
    test_flags();
    test_abort();
    test_concurrent();
    test_fork_and_shutdown();
    test_reductions(&rng);
    test_identical(&rng); /* lowers the thresholds, */
    test_reductions(&rng); /* so that these run parallel at small sizes too */
    return tk_finish("threads");
}
