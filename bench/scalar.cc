// Scalar libm loops beside the kernels: one plain C++ loop per kernel, one
// libm call (or the plain formula) per element.  This file is compiled with
// -fno-tree-vectorize, so the loops stay scalar and the speedup column reads
// "over what a scalar libm loop does".  A catalogue entry with no baseline
// here is simply benchmarked without one.
#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>

#include "bench.h"

namespace skbench {
namespace {

using LoopFn = void (*)(std::size_t n, char *const *args);

#define SKB_UNARY(name, expr)                                                 \
    template <class T>                                                        \
    void name##_loop(std::size_t n, char *const *args) {                      \
        const T *xs = reinterpret_cast<const T *>(args[0]);                   \
        T *out = reinterpret_cast<T *>(args[1]);                              \
        for (std::size_t i = 0; i < n; i++) {                                 \
            const T x = xs[i];                                                \
            out[i] = (expr);                                                  \
        }                                                                     \
    }

SKB_UNARY(exp, std::exp(x))
SKB_UNARY(log, std::log(x))
SKB_UNARY(sin, std::sin(x))
SKB_UNARY(cos, std::cos(x))
SKB_UNARY(tanh, std::tanh(x))
SKB_UNARY(sqrt, std::sqrt(x))
SKB_UNARY(sigmoid, T(1) / (T(1) + std::exp(-x)))
SKB_UNARY(gelu, T(0.5) * x * (T(1) + std::tanh(T(0.7978845608028654) * (x + T(0.044715) * x * x * x))))
#undef SKB_UNARY

template <class T>
void add_loop(std::size_t n, char *const *args) {
    const T *x = reinterpret_cast<const T *>(args[0]);
    const T *y = reinterpret_cast<const T *>(args[1]);
    T *out = reinterpret_cast<T *>(args[2]);
    for (std::size_t i = 0; i < n; i++) out[i] = x[i] + y[i];
}

template <class T>
void multiply_loop(std::size_t n, char *const *args) {
    const T *x = reinterpret_cast<const T *>(args[0]);
    const T *y = reinterpret_cast<const T *>(args[1]);
    T *out = reinterpret_cast<T *>(args[2]);
    for (std::size_t i = 0; i < n; i++) out[i] = x[i] * y[i];
}

// x * y + z with two roundings (-ffp-contract=off): std::fma would be a
// software fma call on x86-64 baseline, which no one would write for speed.
template <class T>
void fma_loop(std::size_t n, char *const *args) {
    const T *x = reinterpret_cast<const T *>(args[0]);
    const T *y = reinterpret_cast<const T *>(args[1]);
    const T *z = reinterpret_cast<const T *>(args[2]);
    T *out = reinterpret_cast<T *>(args[3]);
    for (std::size_t i = 0; i < n; i++) out[i] = x[i] * y[i] + z[i];
}

struct Baseline {
    const char *name;
    int nin;
    LoopFn f32;
    LoopFn f64;
};

#define SKB_BASELINE(name, nin) {#name, nin, name##_loop<float>, name##_loop<double>}
const Baseline kBaselines[] = {
    SKB_BASELINE(exp, 1),     SKB_BASELINE(log, 1),      SKB_BASELINE(sin, 1),
    SKB_BASELINE(cos, 1),     SKB_BASELINE(tanh, 1),     SKB_BASELINE(sqrt, 1),
    SKB_BASELINE(sigmoid, 1), SKB_BASELINE(gelu, 1),     SKB_BASELINE(add, 2),
    SKB_BASELINE(multiply, 2), SKB_BASELINE(fma, 3),
};
#undef SKB_BASELINE

const Baseline *find_baseline(const char *name) {
    for (const Baseline &b : kBaselines)
        if (std::strcmp(b.name, name) == 0) return &b;
    return nullptr;
}

void run_scalar(benchmark::State &state, LoopFn fn, int nin, sk_domain domain, Dtype t,
                std::size_t n) {
    char *args[4];
    for (int i = 0; i < nin; i++) args[i] = input_array(t, n, domain, i);
    args[nin] = output_array(t, n);
    for (auto _ : state) {
        fn(n, args);
        benchmark::ClobberMemory();
    }
    set_counters(state, n, static_cast<double>(static_cast<std::size_t>(nin + 1) * dtype_size(t)));
    state.SetLabel("scalar");
}

}  // namespace

void register_scalar_benchmark(const sk_kernel *k, Dtype t, std::size_t n) {
    const Baseline *b = find_baseline(k->name);
    if (b == nullptr || b->nin != k->nin) return;
    std::string name =
        std::string("libm/") + k->name + "/" + dtype_name(t) + "/n:" + std::to_string(n);
    benchmark::RegisterBenchmark(name.c_str(), run_scalar, t == Dtype::f32 ? b->f32 : b->f64,
                                 b->nin, k->domain, t, n)
        ->UseRealTime();
}

}  // namespace skbench
