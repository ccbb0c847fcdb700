// A catalogue entry's benchmark, through the catalogue's generic entry points,
// so a new catalogue entry is benchmarked with no change here.
#include <cstddef>
#include <string>

#include "bench.h"

namespace skbench {
namespace {

constexpr int kMaxArgs = 8;

void run_kernel(benchmark::State &state, const sk_kernel *k, Dtype t, std::size_t n) {
    if (k->nin + 1 > kMaxArgs) {
        state.SkipWithError("too many inputs for this benchmark");
        return;
    }
    sk_loop_fn fn = t == Dtype::f32 ? k->f32 : k->f64;
    const auto size = static_cast<ptrdiff_t>(dtype_size(t));
    char *args[kMaxArgs];
    ptrdiff_t steps[kMaxArgs];
    for (int i = 0; i < k->nin; i++) {
        args[i] = input_array(t, n, k->domain, i);
        steps[i] = size;
    }
    args[k->nin] = output_array(t, n);
    steps[k->nin] = size;

    int rc = SK_OK;
    for (auto _ : state) {
        rc |= fn(n, args, steps);
        benchmark::ClobberMemory();
    }
    if (rc != SK_OK) state.SkipWithError("the kernel returned an error");
    set_counters(state, n, static_cast<double>((k->nin + 1) * size));
    state.SetLabel(k->cost == SK_COST_ARITH ? "arith" : k->cost == SK_COST_TRANSC ? "transc" : "fused");
}

}  // namespace

void register_kernel_benchmark(const sk_kernel *k, Dtype t, std::size_t n) {
    if ((t == Dtype::f32 ? k->f32 : k->f64) == nullptr) return;
    std::string name =
        std::string("sk/") + k->name + "/" + dtype_name(t) + "/n:" + std::to_string(n);
    benchmark::RegisterBenchmark(name.c_str(), run_kernel, k, t, n)->UseRealTime();
}

}  // namespace skbench
