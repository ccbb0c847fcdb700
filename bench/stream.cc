// STREAM-style bandwidth probes on float64 arrays far larger than the caches:
//   copy  a[i] = b[i]             16 bytes per element
//   scale a[i] = s * b[i]         16
//   add   a[i] = b[i] + c[i]      24
//   triad a[i] = b[i] + s * c[i]  24
// Bytes are counted as STREAM counts them (reads + writes, no write-allocate).
// Each repetition times one pass; tools/bench_c.py takes the best repetition,
// as STREAM does.  Triad also runs on every hardware thread, each thread on
// its own contiguous slice.
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <thread>

#include "bench.h"

namespace skbench {
namespace {

struct Arrays {
    double *a, *b, *c;
    std::size_t n;
};

double *alloc_doubles(std::size_t n, double value) {
    void *p = std::aligned_alloc(64, (n * sizeof(double) + 63) / 64 * 64);
    if (!p) throw std::bad_alloc();
    double *d = static_cast<double *>(p);
    std::fill(d, d + n, value);
    return d;
}

// Allocated on first use (so a filtered run that skips these pays nothing),
// kept until exit.
const Arrays &arrays(std::size_t n) {
    static const Arrays arr{alloc_doubles(n, 1.0), alloc_doubles(n, 2.0), alloc_doubles(n, 0.5), n};
    return arr;
}

enum class Probe { copy, scale, add, triad };

constexpr double kScalar = 3.0;

void pass(Probe p, double *__restrict a, const double *__restrict b,
          const double *__restrict c, std::size_t n) {
    switch (p) {
    case Probe::copy:
        for (std::size_t i = 0; i < n; i++) a[i] = b[i];
        break;
    case Probe::scale:
        for (std::size_t i = 0; i < n; i++) a[i] = kScalar * b[i];
        break;
    case Probe::add:
        for (std::size_t i = 0; i < n; i++) a[i] = b[i] + c[i];
        break;
    case Probe::triad:
        for (std::size_t i = 0; i < n; i++) a[i] = b[i] + kScalar * c[i];
        break;
    }
}

void run_stream(benchmark::State &state, Probe p, std::size_t n, double bytes_per_elem) {
    const Arrays &arr = arrays(n);
    const auto nthreads = static_cast<std::size_t>(state.threads());
    const auto tid = static_cast<std::size_t>(state.thread_index());
    const std::size_t lo = n * tid / nthreads, hi = n * (tid + 1) / nthreads;
    for (auto _ : state) {
        pass(p, arr.a + lo, arr.b + lo, arr.c + lo, hi - lo);
        benchmark::ClobberMemory();
    }
    set_counters(state, hi - lo, bytes_per_elem);
    state.SetLabel("stream");
}

}  // namespace

void register_stream_benchmarks(std::size_t n) {
    struct {
        const char *name;
        Probe probe;
        double bytes;
    } const probes[] = {
        {"copy", Probe::copy, 16},
        {"scale", Probe::scale, 16},
        {"add", Probe::add, 24},
        {"triad", Probe::triad, 24},
    };
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (const auto &pr : probes) {
        std::string name = std::string("stream/") + pr.name + "/f64/n:" + std::to_string(n);
        auto *b = benchmark::RegisterBenchmark(name.c_str(), run_stream, pr.probe, n, pr.bytes);
        b->UseRealTime()->Iterations(1)->Repetitions(10);
        if (pr.probe == Probe::triad && hw > 1) b->Threads(1)->Threads(hw);
    }
}

}  // namespace skbench
