/*
 * The catalogue and the ISA choice, through the public API: sk_catalogue
 * lists every kernel of simdkern_catalogue.def in order, with its facts and
 * the active ISA's entry points (which agree with the typed entry points);
 * sk_find, sk_isa_name, sk_isa_supported, sk_isa_active and
 * sk_isa_env_problem.
 *
 * Run without arguments (once per ISA, SIMDKERN_ISA naming it), or with
 * --expect-env-problem where SIMDKERN_ISA names something this CPU or build
 * cannot run: then the problem is reported and the best target is active.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_test.h"

typedef struct {
    const char *name;
    int nin;
    const char *family;
    const char *flags;
    double ulp_f32, ulp_f64;
} def_entry;

/* The catalogue as the .def file spells it, to compare with sk_catalogue(). */
static const def_entry def_entries[] = {
#define SK_KERNEL(name, nin, family, cost, flags, ulp32, ulp64, identity, domain, numpy_ref, \
                  summary)                                                                   \
    {#name, nin, #family, #flags, ulp32, ulp64},
#include "simdkern_catalogue.def"
#undef SK_KERNEL
};
#define N_DEF (sizeof def_entries / sizeof def_entries[0])

static int nonempty(const char *s) { return s && *s; }

static void check_entries(void) {
    size_t count = 12345;
    const sk_kernel *cat = sk_catalogue(&count);
    TK_CHECK(cat != NULL, "sk_catalogue returned NULL");
    TK_CHECK(count == N_DEF, "sk_catalogue count %zu, the .def file has %zu kernels", count, N_DEF);
    TK_CHECK(sk_catalogue(NULL) == cat, "sk_catalogue(NULL) returns another table");
    if (!cat || count != N_DEF) return;

    for (size_t i = 0; i < count; i++) {
        const sk_kernel *e = &cat[i];
        const def_entry *want = &def_entries[i];
        TK_CHECK(nonempty(e->name) && strcmp(e->name, want->name) == 0,
                 "entry %zu is called %s, expected %s", i, e->name ? e->name : "NULL", want->name);
        TK_CHECK(e->nin == want->nin && e->nin >= 1 && e->nin <= 3, "%s: nin %d, expected %d",
                 want->name, e->nin, want->nin);
        TK_CHECK(nonempty(e->family) && strcmp(e->family, want->family) == 0,
                 "%s: family %s, expected %s", want->name, e->family, want->family);
        TK_CHECK(!strcmp(e->family, "math") || !strcmp(e->family, "arith") ||
                     !strcmp(e->family, "fused"),
                 "%s: unknown family %s", want->name, e->family);
        TK_CHECK(nonempty(e->flags) && strcmp(e->flags, want->flags) == 0,
                 "%s: flags %s, expected %s", want->name, e->flags, want->flags);
        TK_CHECK(e->ulp_f32 == want->ulp_f32 && e->ulp_f64 == want->ulp_f64 && e->ulp_f32 >= 0.5 &&
                     e->ulp_f64 >= 0.5,
                 "%s: bounds %g/%g ULP, expected %g/%g (and at least 0.5)", want->name,
                 e->ulp_f32, e->ulp_f64, want->ulp_f32, want->ulp_f64);
        TK_CHECK(e->cost == SK_COST_ARITH || e->cost == SK_COST_TRANSC || e->cost == SK_COST_FUSED,
                 "%s: cost %d out of range", want->name, (int)e->cost);
        TK_CHECK(e->identity == SK_IDENTITY_NONE || e->identity == SK_IDENTITY_ZERO ||
                     e->identity == SK_IDENTITY_ONE || e->identity == SK_IDENTITY_REORDERABLE,
                 "%s: identity %d out of range", want->name, (int)e->identity);
        TK_CHECK(e->domain == SK_DOMAIN_ALL || e->domain == SK_DOMAIN_NONNEG,
                 "%s: domain %d out of range", want->name, (int)e->domain);
        TK_CHECK(nonempty(e->numpy_ref) && nonempty(e->summary), "%s: empty numpy_ref or summary",
                 want->name);
        TK_CHECK(e->f32 != NULL && e->f64 != NULL, "%s: missing entry point", want->name);
        TK_CHECK(sk_find(want->name) == e, "sk_find(\"%s\") does not return its entry",
                 want->name);
        for (size_t j = 0; j < i; j++)
            TK_CHECK(strcmp(cat[j].name, e->name) != 0, "%s listed twice", e->name);
    }
    TK_CHECK(sk_find("no_such_kernel") == NULL, "sk_find of an unknown name is not NULL");
    TK_CHECK(sk_find("") == NULL, "sk_find(\"\") is not NULL");
    TK_CHECK(sk_find("EXP") == NULL, "sk_find is not case-sensitive");
}

/* The catalogue's NumPy-style loops compute what the typed entry points do. */
static void check_loops_match_typed(void) {
    size_t nk;
    const tk_kernel *kernels = tk_kernels(&nk);
    tk_rng rng = tk_rng_seeded(0x5eed0004);
    enum { N = 37 };
    for (size_t i = 0; i < nk; i++) {
        const sk_kernel *e = sk_find(kernels[i].name);
        if (!e) continue;
        for (int d = 0; d < 2; d++) {
            const tk_dtype *t = tk_dtypes[d];
            char in[3][N * sizeof(double)], typed[N * sizeof(double)], loop[N * sizeof(double)];
            for (int k = 0; k < 3; k++)
                for (size_t j = 0; j < N; j++) tk_set(t, in[k], j, tk_random_uniform(t, &rng, 0.1, 4));
            const void *ins[3] = {in[0], in[1], in[2]};
            ptrdiff_t es = (ptrdiff_t)t->size, st[3] = {es, es, es};
            int rc = kernels[i].call[d](N, ins, st, typed, es);
            char *args[4] = {in[0], in[1], in[2], in[2]};
            ptrdiff_t steps[4] = {es, es, es, es};
            args[e->nin] = loop;
            sk_loop_fn fn = d == 0 ? e->f32 : e->f64;
            int rc2 = fn(N, args, steps);
            TK_CHECK(rc == SK_OK && rc2 == SK_OK, "%s %s: return codes %d, %d", e->name, t->name,
                     rc, rc2);
            TK_CHECK(memcmp(typed, loop, N * t->size) == 0,
                     "%s %s: catalogue loop and typed entry point differ", e->name, t->name);
        }
    }
}

static void check_isa_names(void) {
    static const struct {
        sk_isa isa;
        const char *name;
    } names[] = {{SK_ISA_BASELINE, "baseline"}, {SK_ISA_AVX2, "avx2"}, {SK_ISA_AVX512, "avx512"},
                 {SK_ISA_NEON, "neon"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *got = sk_isa_name(names[i].isa);
        TK_CHECK(got && strcmp(got, names[i].name) == 0, "sk_isa_name(%d) = %s, expected %s",
                 (int)names[i].isa, got ? got : "NULL", names[i].name);
    }
    TK_CHECK(sk_isa_name(SK_ISA_COUNT) == NULL, "sk_isa_name(SK_ISA_COUNT) is not NULL");
    TK_CHECK(sk_isa_name((sk_isa)-1) == NULL, "sk_isa_name(-1) is not NULL");
    TK_CHECK(sk_isa_supported(SK_ISA_BASELINE), "baseline is not supported");
    TK_CHECK(!sk_isa_supported(SK_ISA_COUNT) && !sk_isa_supported((sk_isa)-1),
             "sk_isa_supported accepts an out-of-range value");
#if defined(__x86_64__)
    TK_CHECK(!sk_isa_supported(SK_ISA_NEON), "NEON supported on x86-64");
#endif
    TK_CHECK(sk_isa_supported(sk_isa_active()), "the active ISA %s is not supported",
             sk_isa_name(sk_isa_active()));
    const char *v = sk_sleef_version();
    TK_CHECK(nonempty(v) && strchr(v, '.') != NULL, "sk_sleef_version() = %s", v ? v : "NULL");
}

static sk_isa best_supported(void) {
    sk_isa best = SK_ISA_BASELINE;
    for (int i = 0; i < SK_ISA_COUNT; i++)
        if (sk_isa_supported((sk_isa)i)) best = (sk_isa)i;
    return best;
}

/* SIMDKERN_ISA names something unusable: reported, and the best target runs. */
static int run_env_problem(void) {
    const char *asked = getenv("SIMDKERN_ISA");
    const char *problem = sk_isa_env_problem();
    const char *active = sk_isa_name(sk_isa_active());
    printf("catalogue: SIMDKERN_ISA=%s, active %s, problem: %s\n", asked ? asked : "<unset>",
           active, problem ? problem : "NULL");
    TK_CHECK(asked && *asked, "run this mode with SIMDKERN_ISA set to an unusable value");
    TK_CHECK(problem != NULL, "SIMDKERN_ISA=%s: sk_isa_env_problem() is NULL", asked);
    if (problem && asked)
        TK_CHECK(strstr(problem, asked) != NULL, "the problem \"%s\" does not name the value %s",
                 problem, asked);
    TK_CHECK(sk_isa_active() == best_supported(), "active ISA %s, expected the best, %s", active,
             sk_isa_name(best_supported()));
    TK_CHECK(sk_isa_env_problem() == problem, "sk_isa_env_problem() changes between calls");
    check_entries();
    check_isa_names();
    return tk_finish("catalogue (SIMDKERN_ISA problem)");
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--expect-env-problem") == 0) return run_env_problem();
    tk_require_isa("catalogue");
    const char *asked = getenv("SIMDKERN_ISA");
    const char *problem = sk_isa_env_problem();
    TK_CHECK(problem == NULL, "SIMDKERN_ISA=%s honoured, yet the problem \"%s\" is reported",
             asked ? asked : "<unset>", problem ? problem : "");
    if (!asked || !*asked)
        TK_CHECK(sk_isa_active() == best_supported(), "without SIMDKERN_ISA, %s is active, not %s",
                 sk_isa_name(sk_isa_active()), sk_isa_name(best_supported()));
    check_entries();
    check_loops_match_typed();
    check_isa_names();
    size_t count;
    sk_catalogue(&count);
    printf("catalogue: %zu kernels, active ISA %s\n", count, sk_isa_name(sk_isa_active()));
    return tk_finish("catalogue");
}
