# simdkern: `make test` and `make bench` set up everything they need on a
# fresh machine (system packages, a .venv, the build), then run.  A second
# run skips what is already done.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMPS := build/stamps
MESON := $(VENV)/bin/meson
# Warnings are errors in every build this Makefile makes (CI included).
WERROR := -Dwerror=true

SOURCES := $(shell find kernels pyext bench tests/c -type f \( -name '*.c' -o -name '*.h' \
	-o -name '*.def' -o -name '*.cc' -o -name '*.py' -o -name '*.pyi' -o -name '*.pyx' \
	-o -name 'meson.build' \) 2>/dev/null) meson.build meson.options pyproject.toml

.PHONY: test bench setup build lint test-c test-sanitize test-python bench-c bench-numpy test-aarch64 accuracy clean

test: lint test-c test-sanitize test-python

bench: build bench-c bench-numpy

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
	$(VPY) -m pip install -q $$($(PYTHON) tools/requirements.py build test dev)
	@touch $@

# The package, built into the venv (meson-python; incremental in build/py).
build: $(STAMPS)/build
$(STAMPS)/build: $(STAMPS)/venv $(SOURCES)
	$(VPY) -m pip install -q --no-build-isolation --no-deps \
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

test-python: build
	$(VPY) -m pytest -q -p no:cacheprovider tests/python

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
	$(VPY) tools/bench_c.py --build build/bench --results results

# simdkern against NumPy: the speed ratios, one thread, in one run.
bench-numpy: build
	$(VPY) tools/bench_numpy.py --results results

# docs/accuracy.md, measured against mpmath on every ISA this machine has.
accuracy: build
	$(VPY) tools/accuracy.py --output docs/accuracy.md

clean:
	rm -rf build
