/*
 * Per-call options of an extension module's loops: the thread limit of
 * simdkern.threads(n) and Ctrl-C.  The same approach as _ufuncs.c: the
 * loop's get_loop (called by NumPy with the GIL held) reads the context
 * variable into a thread-local; the loop, run by NumPy on the same thread
 * without the GIL, passes it to the kernels with an abort callback that
 * briefly re-attaches to run signal handlers (main thread only).
 *
 * Static definitions: include once per extension module, after Python.h.
 * _ufuncs creates the context variable; the other modules share it
 * (init_call_opts).
 */
#ifndef SK_CALLOPTS_H
#define SK_CALLOPTS_H

#include <time.h>

#include "simdkern.h"

/* simdkern.threads(n)'s context variable and the main thread: set by module exec. */
static PyObject *threads_var;
static unsigned long main_thread;
/* The thread limit of the call about to run on this OS thread; 0: the default. */
static _Thread_local int call_threads;

static inline double sk_monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1e3 + (double)now.tv_nsec * 1e-6;
}

/*
 * The abort callback.  After waiting for the GIL (a busy neighbour) the
 * next check is put off by ten times the wait, at most 50 ms.
 */
static _Thread_local double next_check_ms;

static int check_signals(void *unused) {
    (void)unused;
    double start = sk_monotonic_ms();
    if (start < next_check_ms) return 0;
    PyGILState_STATE state = PyGILState_Ensure();
    double waited = sk_monotonic_ms() - start;
    int failed = PyErr_CheckSignals() < 0; /* the exception stays set */
    PyGILState_Release(state);
    next_check_ms = waited > 0.5 ? start + (waited * 10 < 50 ? waited * 10 : 50) : 0;
    return failed;
}

static inline sk_call_opts call_opts(void) {
    sk_call_opts opts = {.threads = call_threads};
    if (PyThread_get_thread_ident() == main_thread) opts.abort = check_signals;
    return opts;
}

/* With the GIL: read the context's thread override into call_threads. */
static inline int read_call_threads(void) {
    PyObject *value;
    if (PyContextVar_Get(threads_var, NULL, &value) < 0) return -1;
    call_threads = 0;
    if (value) {
        long n = PyLong_AsLong(value);
        Py_DECREF(value);
        if (n == -1 && PyErr_Occurred()) return -1;
        call_threads = n > SK_MAX_THREADS ? SK_MAX_THREADS : n < 1 ? 0 : (int)n;
    }
    return 0;
}

/* Module exec: note the main thread, where signal handlers run. */
static inline int note_main_thread(void) {
    PyObject *threading = PyImport_ImportModule("threading");
    if (!threading) return -1;
    PyObject *main = PyObject_CallMethod(threading, "main_thread", NULL);
    Py_DECREF(threading);
    PyObject *ident = main ? PyObject_GetAttrString(main, "ident") : NULL;
    Py_XDECREF(main);
    if (!ident) return -1;
    main_thread = PyLong_AsUnsignedLong(ident);
    Py_DECREF(ident);
    return PyErr_Occurred() ? -1 : 0;
}

/* Module exec of the other modules: share simdkern._ufuncs' context variable. */
static inline int init_call_opts(void) {
    PyObject *ufuncs = PyImport_ImportModule("simdkern._ufuncs");
    if (!ufuncs) return -1;
    threads_var = PyObject_GetAttrString(ufuncs, "_threads_var");
    Py_DECREF(ufuncs);
    if (!threads_var) return -1;
    return note_main_thread();
}

/*
 * A kernel's return code as a loop's: SK_ABORTED means a signal handler
 * raised (its exception is set).
 */
static inline int finish_call(int rc) {
    if (rc == SK_OK) return 0;
    PyGILState_STATE state = PyGILState_Ensure();
    if (rc == SK_ENOMEM)
        PyErr_NoMemory();
    else if (!PyErr_Occurred())
        PyErr_Format(PyExc_SystemError, "simdkern: kernel failed with code %d", rc);
    PyGILState_Release(state);
    return -1;
}

#endif /* SK_CALLOPTS_H */
