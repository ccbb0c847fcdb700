/*
 * The thread pool: runs the tiles of one call on the calling thread and up
 * to SK_MAX_THREADS - 1 workers.  It knows nothing of kernels; parallel.c
 * cuts calls into tiles.
 */
#ifndef SK_POOL_H
#define SK_POOL_H

#include <stddef.h>

#include "simdkern.h"

/* Compute tile number `tile` of the call described by ctx. */
typedef void (*sk_tile_fn)(void *ctx, size_t tile);

/*
 * Run fn for every tile in [0, ntiles) on up to nthreads threads, the
 * caller among them, with the abort callback and the floating-point rules
 * described in simdkern.h.  Runs on the caller alone when nthreads is 1,
 * when the pool is busy, or when called from a worker.  Returns SK_OK or
 * SK_ABORTED.  ntiles must be below 2^32.
 */
int sk_pool_run(size_t ntiles, int nthreads, sk_tile_fn fn, void *ctx,
                const sk_call_opts *opts);

/*
 * Hold the pool for work that runs on threads of its own (BLAS): while
 * held, calls that would use the pool run on their callers alone, as when
 * another call holds it.  Returns 1 when the pool was idle and is now held
 * (release it with sk_pool_release), 0 when it is busy or this is a worker.
 */
int sk_pool_claim(void);
void sk_pool_release(void);

#endif /* SK_POOL_H */
