# simdkern: `make test` and `make bench` set up everything they need on a
# fresh machine (system packages, a .venv, the build), then run.  A second
# run skips what is already done.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMPS := build/stamps
MESON := $(VENV)/bin/meson
# The C suite inside `make bench`: short (3 repetitions of 20 ms); empty for the full one.
BENCH_C_ARGS ?= --repetitions 3 --min-time 0.02
# Warnings are errors in every build this Makefile makes (CI included).
WERROR := -Dwerror=true

SOURCES := $(shell find kernels pyext bench tests/c -type f \( -name '*.c' -o -name '*.h' \
	-o -name '*.def' -o -name '*.cc' -o -name '*.py' -o -name '*.pyi' -o -name '*.pyx' \
	-o -name 'meson.build' \) 2>/dev/null) meson.build meson.options pyproject.toml

.PHONY: test bench setup build lint test-c test-sanitize test-tsan test-python test-ft \
	bench-c bench-suite bench-all bench-numpy bench-threads bench-matmul calibrate-threads \
	test-aarch64 accuracy clean

test: lint test-c test-sanitize test-tsan test-python

# The main job: the C suite (short), then simdkern-bench's default suite (every
# technique on five axes), simdkern against NumPy, thread scaling, matmul.
bench: build bench-c bench-suite bench-numpy bench-threads bench-matmul

setup: $(STAMPS)/venv

$(STAMPS)/sysdeps: tools/install-sysdeps.sh
	@mkdir -p $(STAMPS)
	bash tools/install-sysdeps.sh
	@touch $@

$(STAMPS)/venv: $(STAMPS)/sysdeps pyproject.toml tools/requirements.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "simdkern needs Python >= 3.11 (PYTHON=$(PYTHON))" >&2; exit 1; }
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q $$($(PYTHON) tools/requirements.py build test dev bench)
	@touch $@

# The package, built into the venv (meson-python; incremental in build/py).
build: $(STAMPS)/build
$(STAMPS)/build: $(STAMPS)/venv $(SOURCES)
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VPY) -m pip install -q --no-build-isolation --no-deps \
		-Cbuild-dir=build/py -Csetup-args=$(WERROR) .
	@touch $@

# The type check reads the installed package (its compiled module's stub).
lint: build
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/basedpyright

# C unit tests: every kernel on every ISA this machine has.
build/c/build.ninja: | $(STAMPS)/venv
	$(MESON) setup build/c -Dpython=disabled -Dbench=disabled $(WERROR)
test-c: build/c/build.ninja
	$(MESON) test -C build/c --print-errorlogs

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
build/sanitize/build.ninja: | $(STAMPS)/venv
	$(MESON) setup build/sanitize -Dpython=disabled -Dbench=disabled $(WERROR) \
		-Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false
test-sanitize: build/sanitize/build.ninja
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(MESON) test -C build/sanitize --print-errorlogs

# The thread pool's tests under ThreadSanitizer (fewer sizes: it is slow).
# TSan cannot follow a forked child that starts threads unless told to.
build/tsan/build.ninja: | $(STAMPS)/venv
	$(MESON) setup build/tsan -Dpython=disabled -Dbench=disabled $(WERROR) \
		-Dbuildtype=debugoptimized -Db_sanitize=thread -Db_lundef=false
test-tsan: build/tsan/build.ninja
	TSAN_OPTIONS=halt_on_error=1:die_after_fork=0 \
		$(MESON) test -C build/tsan --suite threads --print-errorlogs --test-args=--quick

test-python: build
	$(VPY) -m pytest -q -p no:cacheprovider tests/python

# The same tests on a free-threaded CPython (no GIL): once as they are, once
# with every test run by FT_THREADS threads at the same time (pytest-run-parallel;
# tests marked thread_unsafe run once).  Not part of `make test`.  The
# interpreter is built once per user and cached outside the tree
# (tools/build-ft-python.sh, a few minutes); .venv-ft is made from it.
FT_VENV := .venv-ft
FT_VPY := $(FT_VENV)/bin/python
FT_PYTHON = $(shell bash tools/build-ft-python.sh --print)
FT_THREADS := 4
# Binary wheels only for the compiled ones: they must be built for the
# free-threaded ABI (cp313t).  Without an optional one, the tests needing it skip.
FT_REQUIRES := numpy pytest hypothesis mpmath meson-python meson ninja cython pytest-run-parallel \
	threadpoolctl scipy-openblas64
FT_OPTIONAL := scipy

$(FT_PYTHON):
	bash tools/build-ft-python.sh

# The accuracy tests key their cached mpmath references (build/accuracy-references)
# by NumPy's and mpmath's versions: pinned to .venv's, both runs share them.
$(STAMPS)/ft-venv: $(STAMPS)/venv $(FT_PYTHON) pyproject.toml
	test "$$(readlink -f $(FT_VPY))" = "$$(readlink -f $(FT_PYTHON))" || \
		$(FT_PYTHON) -m venv --clear $(FT_VENV)
	$(FT_VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip list --format=freeze | grep -E '^(numpy|mpmath)==' >$(FT_VENV)/pins.txt
	$(FT_VPY) -m pip install -q --prefer-binary --only-binary numpy \
		-c $(FT_VENV)/pins.txt $(FT_REQUIRES) || { \
		echo "no free-threaded wheels of $$(cat $(FT_VENV)/pins.txt): taking the newest;" \
			"the accuracy references are recomputed for each venv in turn"; \
		$(FT_VPY) -m pip install -q --prefer-binary --only-binary numpy $(FT_REQUIRES); }
	for package in $(FT_OPTIONAL); do \
		$(FT_VPY) -m pip install -q --only-binary :all: $$package || \
			echo "no free-threaded wheel of $$package: skipped (the tests needing it skip)"; \
	done
	@touch $@

$(STAMPS)/ft-build: $(STAMPS)/ft-venv $(SOURCES)
	PATH=$(CURDIR)/$(FT_VENV)/bin:$$PATH $(FT_VPY) -m pip install -q --no-build-isolation --no-deps \
		-Cbuild-dir=build/ft -Csetup-args=$(WERROR) .
	@touch $@

test-ft: $(STAMPS)/ft-build
	$(FT_VPY) -m pytest -q -p no:cacheprovider tests/python
	$(FT_VPY) -m pytest -q -p no:cacheprovider --parallel-threads=$(FT_THREADS) tests/python

# The C tests built for aarch64 (baseline and NEON) and run under qemu-user;
# not part of `make test` (it installs a cross toolchain).
build/aarch64/build.ninja: | $(STAMPS)/venv
	bash tools/install-aarch64-deps.sh
	$(MESON) setup build/aarch64 --cross-file tools/aarch64-cross.ini \
		-Dpython=disabled -Dbench=disabled $(WERROR)
test-aarch64: build/aarch64/build.ninja
	$(MESON) test -C build/aarch64 --print-errorlogs

# google-benchmark over kernels/ alone, and the STREAM-style bandwidth probe.
build/bench/build.ninja: | $(STAMPS)/venv
	$(MESON) setup build/bench -Dpython=disabled -Dtests=false -Dbench=enabled $(WERROR)
bench-c: build/bench/build.ninja
	$(MESON) compile -C build/bench
	$(VPY) tools/bench_c.py --build build/bench --results results $(BENCH_C_ARGS)

# simdkern against NumPy: the speed ratios, one thread, in one run.
# simdkern-bench, the default suite: report, JSON and plots under results/.
bench-suite: build
	$(VENV)/bin/simdkern-bench --results results

# Every kernel, five sizes, 1 ... CPUs threads (long).
bench-all: build bench-c
	$(VENV)/bin/simdkern-bench --all --results results

bench-numpy: build
	$(VPY) tools/bench_numpy.py --results results

# Thread scaling (1 ... CPUs threads per kernel), small-call overhead, Python threads.
bench-threads: build
	$(VPY) tools/bench_threads.py --results results

# simdkern.matmul against np.matmul, 1000 x 1000, 1 and 2 threads, and the raw
# gemm of each OpenBLAS build found here (docs/blas.md).
bench-matmul: build
	$(VPY) tools/bench_matmul.py --libraries --results results

# The parallel thresholds: measure and propose (see docs/threads.md).
calibrate-threads: build
	$(VPY) tools/calibrate_threads.py --results results

# docs/accuracy.md, measured against mpmath on every ISA this machine has.
accuracy: build
	$(VPY) tools/accuracy.py --output docs/accuracy.md

clean:
	rm -rf build
