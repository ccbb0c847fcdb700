// Cached, aligned, pre-filled input and output arrays for the benchmarks.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <tuple>

#include "bench.h"

namespace skbench {
namespace {

struct FreeDeleter {
    void operator()(void *p) const { std::free(p); }
};
using Buffer = std::unique_ptr<char, FreeDeleter>;

char *allocate(std::size_t bytes) {
    constexpr std::size_t kAlign = 64;
    std::size_t rounded = (bytes + kAlign - 1) / kAlign * kAlign;
    void *p = std::aligned_alloc(kAlign, rounded == 0 ? kAlign : rounded);
    if (!p) throw std::bad_alloc();
    return static_cast<char *>(p);
}

// splitmix64: a small, fast generator; the values only need to vary.
struct Rng {
    std::uint64_t state;
    double next_unit() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) * 0x1.0p-53;  // [0, 1)
    }
};

template <class T>
void fill(T *out, std::size_t n, sk_domain domain, int slot) {
    Rng rng{0x5eed0000ULL + static_cast<std::uint64_t>(slot) * 7919ULL};
    for (std::size_t i = 0; i < n; i++) {
        double u = rng.next_unit();
        double v = domain == SK_DOMAIN_NONNEG ? std::exp2(-10.0 + 20.0 * u) : -8.0 + 16.0 * u;
        out[i] = static_cast<T>(v);
    }
}

}  // namespace

char *input_array(Dtype t, std::size_t n, sk_domain domain, int slot) {
    using Key = std::tuple<int, std::size_t, int, int>;
    static std::map<Key, Buffer> cache;
    Key key{static_cast<int>(t), n, static_cast<int>(domain), slot};
    auto it = cache.find(key);
    if (it != cache.end()) return it->second.get();
    char *p = allocate(n * dtype_size(t));
    if (t == Dtype::f32)
        fill(reinterpret_cast<float *>(p), n, domain, slot);
    else
        fill(reinterpret_cast<double *>(p), n, domain, slot);
    cache.emplace(key, Buffer(p));
    return p;
}

char *output_array(Dtype t, std::size_t n) {
    using Key = std::tuple<int, std::size_t>;
    static std::map<Key, Buffer> cache;
    Key key{static_cast<int>(t), n};
    auto it = cache.find(key);
    if (it != cache.end()) return it->second.get();
    char *p = allocate(n * dtype_size(t));
    std::memset(p, 0, n * dtype_size(t));
    cache.emplace(key, Buffer(p));
    return p;
}

void set_counters(benchmark::State &state, std::size_t n, double bytes_per_elem) {
    // With several threads each thread passes its own share of n: the library
    // sums counters over threads and multiplies rates by the iterations of all
    // threads, so rates are averaged over threads to come out right.
    using benchmark::Counter;
    const double dn = static_cast<double>(n);
    const auto rate = Counter::kIsIterationInvariantRate | Counter::kAvgThreads;
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n));
    state.counters["n"] = Counter(dn);
    state.counters["bytes_per_elem"] = Counter(bytes_per_elem, Counter::kAvgThreads);
    state.counters["time_per_elem"] = Counter(dn, rate | Counter::kInvert);
    state.counters["bw"] = Counter(dn * bytes_per_elem, rate, Counter::OneK::kIs1000);
}

}  // namespace skbench
