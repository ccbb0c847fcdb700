/*
 * CPU features and the choice of target: once, thread-safely, on first use.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simdkern.h"
#include "isa_list.h"

static const char *const isa_names[SK_ISA_COUNT] = {
    [SK_ISA_BASELINE] = "baseline",
    [SK_ISA_AVX2] = "avx2",
    [SK_ISA_AVX512] = "avx512",
    [SK_ISA_NEON] = "neon",
};

const char *sk_isa_name(sk_isa isa) {
    return (unsigned)isa < SK_ISA_COUNT ? isa_names[isa] : NULL;
}

static int built(sk_isa isa) {
#define SK_IS_BUILT(value, suffix) if (isa == value) return 1;
    SK_FOR_EACH_TARGET(SK_IS_BUILT)
#undef SK_IS_BUILT
    return 0;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/*
 * The AVX2 and AVX-512 targets are compiled for the x86-64-v3 and -v4
 * levels, which also allow BMI, F16C, MOVBE and the like: ask for the whole
 * level.  __builtin_cpu_supports also checks that the OS saves the registers.
 */
static int x86_level(int level) {
#  if !defined(__clang__) || __clang_major__ >= 16
    return level == 3 ? __builtin_cpu_supports("x86-64-v3") != 0
                      : __builtin_cpu_supports("x86-64-v4") != 0;
#  else
    int v3 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
             __builtin_cpu_supports("f16c") && __builtin_cpu_supports("popcnt") &&
             __builtin_cpu_supports("sse4.2");
    if (level == 3) return v3;
    return v3 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl");
#  endif
}
#endif

static int cpu_has(sk_isa isa) {
    switch (isa) {
    case SK_ISA_BASELINE:
        return 1;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    case SK_ISA_AVX2:
        return x86_level(3);
    case SK_ISA_AVX512:
        return x86_level(4);
#endif
#if defined(__aarch64__)
    case SK_ISA_NEON:
        return 1; /* Advanced SIMD is part of the aarch64 base architecture. */
#endif
    default:
        return 0;
    }
}

int sk_isa_supported(sk_isa isa) {
    return (unsigned)isa < SK_ISA_COUNT && built(isa) && cpu_has(isa);
}

static sk_isa active = SK_ISA_BASELINE;
static char env_problem[160];
static pthread_once_t chosen = PTHREAD_ONCE_INIT;

static void choose(void) {
    sk_isa best = SK_ISA_BASELINE;
    for (int i = 0; i < SK_ISA_COUNT; i++)
        if (sk_isa_supported((sk_isa)i)) best = (sk_isa)i;
    active = best;
    const char *asked_name = getenv("SIMDKERN_ISA");
    if (!asked_name || !*asked_name) return;
    for (int i = 0; i < SK_ISA_COUNT; i++) {
        if (strcmp(asked_name, isa_names[i]) != 0) continue;
        if (sk_isa_supported((sk_isa)i)) {
            active = (sk_isa)i;
        } else {
            snprintf(env_problem, sizeof env_problem,
                     "SIMDKERN_ISA=%s: this CPU or build cannot run it; using %s",
                     isa_names[i], isa_names[best]);
        }
        return;
    }
    snprintf(env_problem, sizeof env_problem,
             "SIMDKERN_ISA=%.40s is not one of baseline, avx2, avx512, neon; using %s",
             asked_name, isa_names[best]);
}

sk_isa sk_isa_active(void) {
    pthread_once(&chosen, choose);
    return active;
}

const char *sk_isa_env_problem(void) {
    pthread_once(&chosen, choose);
    return env_problem[0] ? env_problem : NULL;
}
