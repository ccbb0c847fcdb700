/*
 * The thread pool.
 *
 * One call at a time runs on the pool: its caller holds `submit` for the
 * call's duration, and a second caller that cannot take it runs its own
 * call on its own thread (pool_run_serial) instead of waiting.  The caller
 * is participant 0; workers 1 .. nparts-1 are woken through their mailbox.
 * Each participant's slot holds the range of tiles it has not started,
 * packed into one 64-bit atomic (front in the low half, end in the high
 * half): the owner takes tiles from the front, others steal from the end,
 * each with one compare-and-swap.
 *
 * Workers spin briefly after a job (back-to-back calls then start without a
 * system call), then sleep on their own condition variable.  Spinning
 * yields the CPU every few iterations: the scheduler often wakes a worker
 * on its waker's CPU, and a worker spinning there would hold up the caller.  They block all
 * signals, so signals reach the application's threads.  After fork() the
 * child has no workers; it forgets them (pthread_atfork, with a pid check
 * as a second line) and starts new ones on its next large call.
 */
#define _POSIX_C_SOURCE 200809L /* pthread_condattr_setclock, sigfillset */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"

#if defined(__x86_64__) || defined(__i386__)
#  include <immintrin.h>
#  define SK_CPU_RELAX() _mm_pause()
#  define SK_FP_X86 1
#else
#  include <fenv.h>
#  if defined(__aarch64__)
#    define SK_CPU_RELAX() __asm__ __volatile__("yield" ::: "memory")
#  else
#    define SK_CPU_RELAX() ((void)0)
#  endif
#endif

/* How long an idle worker, or a caller waiting for workers, spins. */
#define SK_SPIN_NS 200000
#define SK_ABORT_INTERVAL_US 10000

typedef struct {
    _Alignas(64) _Atomic uint64_t range; /* tiles not started: front | end << 32 */
} sk_slot;

typedef struct {
    _Alignas(64) _Atomic unsigned mailbox; /* 1: a job is waiting for this worker */
    pthread_cond_t wake;
} sk_worker;

static sk_slot slots[SK_MAX_THREADS];
static sk_worker workers[SK_MAX_THREADS]; /* index 0 unused: the caller */
static pthread_t worker_threads[SK_MAX_THREADS];

static pthread_mutex_t submit = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* sleeping and waking */
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static _Atomic int nworkers; /* changed only by the holder of submit */
static _Atomic int stop;
static _Atomic int pool_pid; /* the process that started the workers */
static _Thread_local int in_worker;

/* The running job; written by the caller before it posts the mailboxes. */
static struct {
    sk_tile_fn fn;
    void *ctx;
    int nparts;
#ifdef SK_FP_X86
    unsigned csr; /* the caller's MXCSR, flags cleared */
#else
    fenv_t env;
#endif
    _Atomic int abort;
    _Atomic unsigned flags; /* raised by workers */
    _Atomic int pending;    /* workers not finished */
} job;

/* ----- time and the abort callback --------------------------------------- */

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

typedef struct {
    int (*fn)(void *);
    void *ctx;
    uint64_t interval_ns, next_ns;
} sk_abort_check;

static void abort_init(sk_abort_check *a, const sk_call_opts *opts) {
    a->fn = opts ? opts->abort : NULL;
    a->ctx = opts ? opts->abort_ctx : NULL;
    unsigned us = opts && opts->abort_interval_us ? opts->abort_interval_us : SK_ABORT_INTERVAL_US;
    a->interval_ns = (uint64_t)us * 1000u;
    a->next_ns = a->fn ? now_ns() + a->interval_ns : 0;
}

/* Whether the caller should stop; asks the callback at most once an interval. */
static int abort_due(sk_abort_check *a) {
    if (!a->fn) return 0;
    uint64_t now = now_ns();
    if (now < a->next_ns) return 0;
    a->next_ns = now + a->interval_ns;
    return a->fn(a->ctx) != 0;
}

/*
 * One thread, every tile in order.  The callback is asked between tiles,
 * never after the last: once it has answered yes (and, in Python, raised an
 * exception) the call must report SK_ABORTED.
 */
static int run_serial(size_t ntiles, sk_tile_fn fn, void *ctx, sk_abort_check *a) {
    for (size_t t = 0; t < ntiles; t++) {
        if (t > 0 && abort_due(a)) return SK_ABORTED;
        fn(ctx, t);
    }
    return SK_OK;
}

/* ----- tiles ------------------------------------------------------------- */

static uint64_t pack(uint32_t front, uint32_t end) { return (uint64_t)end << 32 | front; }

static int take_front(sk_slot *s, size_t *tile) {
    uint64_t r = atomic_load_explicit(&s->range, memory_order_relaxed);
    for (;;) {
        uint32_t front = (uint32_t)r, end = (uint32_t)(r >> 32);
        if (front >= end) return 0;
        if (atomic_compare_exchange_weak_explicit(&s->range, &r, pack(front + 1, end),
                                                  memory_order_acq_rel, memory_order_relaxed)) {
            *tile = front;
            return 1;
        }
    }
}

static int take_back(sk_slot *s, size_t *tile) {
    uint64_t r = atomic_load_explicit(&s->range, memory_order_relaxed);
    for (;;) {
        uint32_t front = (uint32_t)r, end = (uint32_t)(r >> 32);
        if (front >= end) return 0;
        if (atomic_compare_exchange_weak_explicit(&s->range, &r, pack(front, end - 1),
                                                  memory_order_acq_rel, memory_order_relaxed)) {
            *tile = end - 1;
            return 1;
        }
    }
}

/*
 * Own range first, then the others' tails, until no tile is left.  The
 * caller (a != NULL) asks the abort callback before each tile, once the
 * interval has passed since the call began.
 */
static void participate(int p, sk_abort_check *a) {
    int nparts = job.nparts;
    int victim = p;
    for (;;) {
        if (atomic_load_explicit(&job.abort, memory_order_relaxed)) return;
        if (a && abort_due(a)) {
            atomic_store_explicit(&job.abort, 1, memory_order_relaxed);
            return;
        }
        size_t tile = 0;
        int found = take_front(&slots[p], &tile);
        for (int k = 0; !found && k < nparts; k++) {
            victim = victim + 1 == nparts ? 0 : victim + 1;
            if (victim != p) found = take_back(&slots[victim], &tile);
        }
        if (!found) return;
        job.fn(job.ctx, tile);
    }
}

/* ----- workers ----------------------------------------------------------- */

/*
 * Wait until this worker's mailbox holds a job and claim it; 0 when told to
 * stop instead.  The caller may take a posted job back before the worker
 * claims it (revoke_unclaimed); the worker then waits on.
 */
static int wait_for_job(sk_worker *w) {
    for (;;) {
        uint64_t until = now_ns() + SK_SPIN_NS;
        for (unsigned i = 0;; i++) {
            if (atomic_load_explicit(&w->mailbox, memory_order_acquire)) break;
            if (atomic_load_explicit(&stop, memory_order_relaxed)) return 0;
            if ((i & 63) == 63) {
                /* a thread waiting for this CPU (the caller, woken here) goes first */
                sched_yield();
                if (now_ns() <= until) continue;
                pthread_mutex_lock(&lock);
                while (!atomic_load_explicit(&w->mailbox, memory_order_acquire) &&
                       !atomic_load_explicit(&stop, memory_order_relaxed))
                    pthread_cond_wait(&w->wake, &lock);
                pthread_mutex_unlock(&lock);
                break;
            }
            SK_CPU_RELAX();
        }
        if (atomic_exchange_explicit(&w->mailbox, 0, memory_order_acq_rel)) return 1;
        if (atomic_load_explicit(&stop, memory_order_relaxed)) return 0;
    }
}

/*
 * The caller, out of tiles, takes back the job from workers that have not
 * claimed it yet (not yet scheduled on a busy machine): it need not wait
 * for them to wake up only to find nothing left.
 */
static void revoke_unclaimed(int nparts) {
    for (int p = 1; p < nparts; p++) {
        unsigned posted = 1;
        if (atomic_compare_exchange_strong_explicit(&workers[p].mailbox, &posted, 0,
                                                    memory_order_acq_rel, memory_order_relaxed))
            atomic_fetch_sub_explicit(&job.pending, 1, memory_order_acq_rel);
    }
}

static void *worker_main(void *arg) {
    int p = (int)(intptr_t)arg;
    in_worker = 1;
    while (wait_for_job(&workers[p])) {
#ifdef SK_FP_X86
        _mm_setcsr(job.csr);
#else
        fesetenv(&job.env);
        feclearexcept(FE_ALL_EXCEPT);
#endif
        participate(p, NULL);
#ifdef SK_FP_X86
        unsigned raised = _mm_getcsr() & 0x3fu;
#else
        unsigned raised = (unsigned)fetestexcept(FE_ALL_EXCEPT);
#endif
        if (raised) atomic_fetch_or_explicit(&job.flags, raised, memory_order_relaxed);
        if (atomic_fetch_sub_explicit(&job.pending, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&lock);
            pthread_cond_signal(&done_cond);
            pthread_mutex_unlock(&lock);
        }
    }
    return NULL;
}

/* The pool's synchronisation objects, fresh (at start, and in a fork child). */
static void reset_objects(void) {
    pthread_mutex_init(&lock, NULL);
    pthread_condattr_t attr; /* timed waits on the clock now_ns() reads */
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&done_cond, &attr);
    pthread_condattr_destroy(&attr);
    for (int p = 0; p < SK_MAX_THREADS; p++) {
        atomic_store(&workers[p].mailbox, 0);
        pthread_cond_init(&workers[p].wake, NULL);
    }
    atomic_store(&nworkers, 0);
    atomic_store(&stop, 0);
}

static void atfork_prepare(void) { pthread_mutex_lock(&submit); }
static void atfork_parent(void) { pthread_mutex_unlock(&submit); }
/* The child has only the thread that forked, which holds submit. */
static void atfork_child(void) {
    reset_objects();
    pthread_mutex_unlock(&submit);
}

static void init(void) {
    reset_objects();
    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

/* Start workers until there are `want` (under submit); may fall short. */
static void ensure_workers(int want) {
    int have = atomic_load(&nworkers);
    if (have && atomic_load(&pool_pid) != (int)getpid()) { /* forked without the handlers */
        reset_objects();
        have = 0;
    }
    if (have >= want) return;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old); /* the new threads inherit it */
    while (have < want) {
        if (pthread_create(&worker_threads[have + 1], NULL, worker_main,
                           (void *)(intptr_t)(have + 1)) != 0)
            break;
        have++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    atomic_store(&nworkers, have);
    atomic_store(&pool_pid, (int)getpid());
}

static struct timespec deadline(uint64_t ns) {
    return (struct timespec){(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
}

/*
 * The caller, out of tiles, waits for the workers' last ones: a spin, then
 * sleep.  The abort callback is still asked on time (a worker descheduled
 * on a busy machine can hold its tile for a while).
 */
static void wait_for_workers(sk_abort_check *a) {
    uint64_t until = now_ns() + SK_SPIN_NS;
    for (unsigned i = 1;; i++) {
        if (atomic_load_explicit(&job.pending, memory_order_acquire) == 0) return;
        if ((i & 63) == 0) {
            sched_yield(); /* a worker woken on this CPU goes first */
            if (now_ns() > until) break;
        }
        SK_CPU_RELAX();
    }
    pthread_mutex_lock(&lock);
    while (atomic_load_explicit(&job.pending, memory_order_acquire) > 0) {
        if (!a->fn || atomic_load_explicit(&job.abort, memory_order_relaxed)) {
            pthread_cond_wait(&done_cond, &lock);
            continue;
        }
        struct timespec ts = deadline(a->next_ns);
        pthread_cond_timedwait(&done_cond, &lock, &ts);
        if (atomic_load_explicit(&job.pending, memory_order_acquire) == 0) break;
        pthread_mutex_unlock(&lock); /* the callback may take its time */
        if (abort_due(a)) atomic_store_explicit(&job.abort, 1, memory_order_relaxed);
        pthread_mutex_lock(&lock);
    }
    pthread_mutex_unlock(&lock);
}

int sk_pool_run(size_t ntiles, int nthreads, sk_tile_fn fn, void *ctx,
                const sk_call_opts *opts) {
    sk_abort_check a;
    abort_init(&a, opts);
    if (nthreads > SK_MAX_THREADS) nthreads = SK_MAX_THREADS;
    if ((size_t)nthreads > ntiles) nthreads = (int)ntiles;
    if (nthreads <= 1 || in_worker) return run_serial(ntiles, fn, ctx, &a);
    pthread_once(&init_once, init);
    if (pthread_mutex_trylock(&submit) != 0) return run_serial(ntiles, fn, ctx, &a);

    ensure_workers(nthreads - 1);
    int nparts = atomic_load(&nworkers) + 1;
    if (nparts > nthreads) nparts = nthreads;
    if (nparts <= 1) {
        pthread_mutex_unlock(&submit);
        return run_serial(ntiles, fn, ctx, &a);
    }

    job.fn = fn;
    job.ctx = ctx;
    job.nparts = nparts;
#ifdef SK_FP_X86
    job.csr = _mm_getcsr() & ~0x3fu;
#else
    fegetenv(&job.env);
#endif
    atomic_store_explicit(&job.abort, 0, memory_order_relaxed);
    atomic_store_explicit(&job.flags, 0, memory_order_relaxed);
    atomic_store_explicit(&job.pending, nparts - 1, memory_order_relaxed);
    for (int p = 0; p < nparts; p++)
        atomic_store_explicit(&slots[p].range,
                              pack((uint32_t)(ntiles * (size_t)p / (size_t)nparts),
                                   (uint32_t)(ntiles * (size_t)(p + 1) / (size_t)nparts)),
                              memory_order_relaxed);
    for (int p = 1; p < nparts; p++)
        atomic_store_explicit(&workers[p].mailbox, 1, memory_order_release);
    pthread_mutex_lock(&lock);
    for (int p = 1; p < nparts; p++) pthread_cond_signal(&workers[p].wake);
    pthread_mutex_unlock(&lock);

    participate(0, &a);
    revoke_unclaimed(nparts);
    wait_for_workers(&a);
    unsigned raised = atomic_load_explicit(&job.flags, memory_order_relaxed);
    int aborted = atomic_load_explicit(&job.abort, memory_order_relaxed);
    pthread_mutex_unlock(&submit);
#ifdef SK_FP_X86
    if (raised) _mm_setcsr(_mm_getcsr() | raised);
#else
    if (raised) feraiseexcept((int)raised);
#endif
    return aborted ? SK_ABORTED : SK_OK;
}

int sk_pool_claim(void) {
    if (in_worker) return 0;
    pthread_once(&init_once, init);
    return pthread_mutex_trylock(&submit) == 0;
}

void sk_pool_release(void) { pthread_mutex_unlock(&submit); }

void sk_shutdown(void) {
    pthread_once(&init_once, init);
    pthread_mutex_lock(&submit);
    int have = atomic_load(&nworkers);
    if (have && atomic_load(&pool_pid) == (int)getpid()) {
        atomic_store(&stop, 1);
        pthread_mutex_lock(&lock);
        for (int p = 1; p <= have; p++) pthread_cond_signal(&workers[p].wake);
        pthread_mutex_unlock(&lock);
        for (int p = 1; p <= have; p++) pthread_join(worker_threads[p], NULL);
    }
    atomic_store(&nworkers, 0);
    atomic_store(&stop, 0);
    pthread_mutex_unlock(&submit);
}

int sk_pool_workers(void) {
    if (atomic_load(&nworkers) && atomic_load(&pool_pid) != (int)getpid()) return 0;
    return atomic_load(&nworkers);
}
