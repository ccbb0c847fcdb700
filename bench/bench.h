// Shared pieces of the google-benchmark suite over kernels/ (C++17).
//
// Benchmark names, which tools/bench_c.py parses:
//   sk/<kernel>/<dtype>/n:<n>       a simdkern kernel on the active ISA
//   libm/<kernel>/<dtype>/n:<n>     the scalar libm loop beside it
//   stream/<probe>/f64/n:<n>[/threads:<t>]   STREAM-style bandwidth probes
// Every benchmark reports the counters n, bytes_per_elem, time_per_elem
// (seconds per element) and bw (bytes per second, bytes counted as STREAM
// counts them: inputs read plus output written, no write-allocate).
#ifndef SIMDKERN_BENCH_H
#define SIMDKERN_BENCH_H

#include <cstddef>

#include <benchmark/benchmark.h>

#include "simdkern.h"

namespace skbench {

// Element counts every kernel is timed at.
inline constexpr std::size_t kSizes[] = {1000, 100000, 10000000};

enum class Dtype { f32, f64 };

inline const char *dtype_name(Dtype t) { return t == Dtype::f32 ? "f32" : "f64"; }
inline std::size_t dtype_size(Dtype t) { return t == Dtype::f32 ? 4 : 8; }

// Input arrays: n values of the given dtype in the catalogue domain, generated
// once per (dtype, n, domain, slot) and kept for the life of the process, so
// no benchmark pays for them inside or around its timed loop.  Different slots
// hold different values.  SK_DOMAIN_ALL: uniform in [-8, 8];
// SK_DOMAIN_NONNEG: log-uniform in [2^-10, 2^10].
char *input_array(Dtype t, std::size_t n, sk_domain domain, int slot);
// An output array of n elements, already written once (pages mapped).
char *output_array(Dtype t, std::size_t n);

// Sets the counters described above for a run over n elements per iteration
// (per thread: with several threads, this thread's share).
void set_counters(benchmark::State &state, std::size_t n, double bytes_per_elem);

// Registration.  main.cc walks the catalogue and registers, per entry, dtype
// and size, the kernel and then its scalar baseline, so that the two run one
// after the other (on a noisy machine, under the same conditions).
void register_kernel_benchmark(const sk_kernel *k, Dtype t, std::size_t n);
void register_scalar_benchmark(const sk_kernel *k, Dtype t, std::size_t n);
void register_stream_benchmarks(std::size_t n);

}  // namespace skbench

#endif  // SIMDKERN_BENCH_H
