// simdkern_bench: google-benchmark over kernels/ alone.
//
// The kernels pick their ISA once per process (SIMDKERN_ISA caps it), so one
// run measures one ISA; tools/bench_c.py runs this binary once per ISA the
// machine has.  Flags of our own, besides google-benchmark's:
//   --isa-list        print the ISAs this CPU and build can run, one a line
//   --stream-n=N      elements per STREAM array (default 2^24: 3 x 128 MiB)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench.h"

namespace {

#define SKB_STR_(x) #x
#define SKB_STR(x) SKB_STR_(x)

int print_isa_list() {
    for (int i = 0; i < SK_ISA_COUNT; i++)
        if (sk_isa_supported(static_cast<sk_isa>(i))) std::printf("%s\n", sk_isa_name(static_cast<sk_isa>(i)));
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    std::size_t stream_n = std::size_t{1} << 24;
    std::vector<char *> args;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && std::strcmp(argv[i], "--isa-list") == 0) return print_isa_list();
        if (i > 0 && std::strncmp(argv[i], "--stream-n=", 11) == 0) {
            char *end = nullptr;
            unsigned long long v = std::strtoull(argv[i] + 11, &end, 10);
            if (end == argv[i] + 11 || *end != '\0' || v == 0) {
                std::fprintf(stderr, "%s: bad value in %s\n", argv[0], argv[i]);
                return 2;
            }
            stream_n = static_cast<std::size_t>(v);
            continue;
        }
        args.push_back(argv[i]);
    }
    args.push_back(nullptr);
    int nargs = static_cast<int>(args.size()) - 1;

    // Results labelled with an ISA the kernels did not run would be wrong.
    if (const char *problem = sk_isa_env_problem()) {
        std::fprintf(stderr, "%s: %s\n", argv[0], problem);
        return 2;
    }

    const char *requested = std::getenv("SIMDKERN_ISA");
    benchmark::AddCustomContext("simdkern_isa", sk_isa_name(sk_isa_active()));
    benchmark::AddCustomContext("simdkern_isa_requested", requested ? requested : "");
    benchmark::AddCustomContext("simdkern_version", SKB_STR(SK_VERSION_MAJOR) "." SKB_STR(
                                                        SK_VERSION_MINOR) "." SKB_STR(SK_VERSION_PATCH));
    benchmark::AddCustomContext("sleef_version", sk_sleef_version());
    benchmark::AddCustomContext("cxx_compiler", __VERSION__);
    benchmark::AddCustomContext("stream_n", std::to_string(stream_n));

    std::size_t count = 0;
    const sk_kernel *catalogue = sk_catalogue(&count);
    for (std::size_t i = 0; i < count; i++)
        for (skbench::Dtype t : {skbench::Dtype::f32, skbench::Dtype::f64})
            for (std::size_t n : skbench::kSizes) {
                skbench::register_kernel_benchmark(&catalogue[i], t, n);
                skbench::register_scalar_benchmark(&catalogue[i], t, n);
            }
    skbench::register_stream_benchmarks(stream_n);

    benchmark::Initialize(&nargs, args.data());
    if (benchmark::ReportUnrecognizedArguments(nargs, args.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
