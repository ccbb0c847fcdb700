/*
 * The process default thread count: SIMDKERN_NUM_THREADS, else the first
 * entry of OMP_NUM_THREADS, else the CPUs this process may use (its
 * affinity mask, capped by a cgroup CPU quota: a container limited to 2
 * CPUs on a 64-core host gets 2).
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "simdkern.h"

static _Atomic int default_threads;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static char env_problem[200];

/* A positive decimal integer filling the whole of s (up to a comma), or 0. */
static long parse_count(const char *s, const char **end) {
    errno = 0;
    char *stop;
    long v = strtol(s, &stop, 10);
    *end = stop;
    if (stop == s || errno || v < 1 || v > INT_MAX) return 0;
    return v;
}

/* Quota / period from a cgroup v2 "cpu.max" ("max 100000" or "150000 100000"). */
static int quota_v2(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char quota[32];
    long period = 0;
    int ok = fscanf(f, "%31s %ld", quota, &period) == 2;
    fclose(f);
    if (!ok || period <= 0 || strcmp(quota, "max") == 0) return 0;
    long q = strtol(quota, NULL, 10);
    if (q <= 0) return 0;
    long cpus = (q + period - 1) / period;
    return cpus > INT_MAX ? INT_MAX : (int)cpus;
}

/* The tightest cgroup v2 quota on this process's cgroup and its ancestors. */
static int cgroup_cpus(void) {
    FILE *f = fopen("/proc/self/cgroup", "r");
    char line[512], group[512] = "";
    if (f) {
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "0::", 3) == 0) {
                snprintf(group, sizeof group, "%s", line + 3);
                group[strcspn(group, "\n")] = 0;
            }
        fclose(f);
    }
    int best = 0;
    for (;;) {
        char path[700];
        snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max", group);
        int q = quota_v2(path);
        if (q && (!best || q < best)) best = q;
        char *slash = strrchr(group, '/');
        if (!slash) break;
        *slash = 0;
    }
    /* cgroup v1 */
    FILE *qf = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "r");
    FILE *pf = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "r");
    long q = -1, p = 0;
    if (qf && pf && fscanf(qf, "%ld", &q) == 1 && fscanf(pf, "%ld", &p) == 1 && q > 0 && p > 0) {
        long cpus = (q + p - 1) / p;
        if (cpus <= INT_MAX && (!best || (int)cpus < best)) best = (int)cpus;
    }
    if (qf) fclose(qf);
    if (pf) fclose(pf);
    return best;
}

int sk_cpu_count(void) {
    int cpus = 0;
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) cpus = CPU_COUNT(&set);
#endif
    if (cpus < 1) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        cpus = online > 0 && online < INT_MAX ? (int)online : 1;
    }
    int quota = cgroup_cpus();
    if (quota && quota < cpus) cpus = quota;
    return cpus;
}

static void read_env(void) {
    int n = 0;
    const char *names[2] = {"SIMDKERN_NUM_THREADS", "OMP_NUM_THREADS"};
    for (int i = 0; i < 2 && !n; i++) {
        const char *value = getenv(names[i]);
        if (!value || !*value) continue;
        const char *end;
        long v = parse_count(value, &end);
        /* OMP_NUM_THREADS may list one count per nesting level: take the first */
        int whole = *end == 0 || (i == 1 && *end == ',');
        if (v && whole) {
            n = (int)v;
        } else if (!env_problem[0]) {
            snprintf(env_problem, sizeof env_problem,
                     "%s=%.40s is not a positive integer; ignored", names[i], value);
        }
    }
    if (!n) n = sk_cpu_count();
    int unset = 0;
    atomic_compare_exchange_strong(&default_threads, &unset, n);
}

int sk_get_num_threads(void) {
    pthread_once(&env_once, read_env);
    return atomic_load_explicit(&default_threads, memory_order_relaxed);
}

int sk_set_num_threads(int n) {
    if (n < 1) return -1;
    pthread_once(&env_once, read_env);
    atomic_store_explicit(&default_threads, n, memory_order_relaxed);
    return 0;
}

const char *sk_threads_env_problem(void) {
    pthread_once(&env_once, read_env);
    return env_problem[0] ? env_problem : NULL;
}
