# Thin wrapper over CMake, CPack and the test runners. `make check` and `make demo` install what is
# missing first (Debian packages), so they work on a fresh Debian 12 machine with Go.
#
#   make [build]                 build into build/ (LLVM 14)
#   make check                   set-up, then every test: unit, pass (lit), end-to-end
#   make check LLVM_VERSION=19   the same against LLVM 19, in build-llvm19/ (14, 15, 16 or 19)
#   make check-pass              the pass tests only
#   make install PREFIX=DIR      install into DIR (default /usr/local; DESTDIR works too)
#   make deb                     a Debian package, $(BUILD)/cgosan_VERSION_ARCH.deb
LLVM_VERSION ?= 14
# One build directory per LLVM version, so that switching versions never rebuilds the other.
ifeq ($(LLVM_VERSION),14)
BUILD ?= build
else
BUILD ?= build-llvm$(LLVM_VERSION)
endif
GO ?= go
PREFIX ?= /usr/local
CMAKE_FLAGS ?=
# LLVM's OpenMP runtime for the OpenMP end-to-end test, when the installed libomp-N-dev is that
# of another LLVM (scripts/setup-deps.sh).
LIBOMP_DIR = $(CURDIR)/$(BUILD)/libomp

.PHONY: all build setup check check-unit check-pass check-e2e install deb demo clean format

all: build

setup:
	CGOSAN_LIBOMP_DIR=$(LIBOMP_DIR) scripts/setup-deps.sh $(LLVM_VERSION)

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang-$(LLVM_VERSION) -DCMAKE_CXX_COMPILER=clang++-$(LLVM_VERSION) \
	  -DCGOSAN_LLVM_VERSION=$(LLVM_VERSION) $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	@configured=$$(sed -n 's/^CGOSAN_LLVM_VERSION:STRING=//p' $(BUILD)/CMakeCache.txt); \
	if [ "$$configured" != "$(LLVM_VERSION)" ]; then \
	  echo "make: $(BUILD)/ is configured for LLVM $$configured, not $(LLVM_VERSION): pick another BUILD=DIR" >&2; \
	  exit 2; \
	fi
	ninja -C $(BUILD)

# Unit tests (GoogleTest) and pass tests (lit + FileCheck) through ctest, the benchmark
# harness's own unit tests (it is not run here: bench/README.md), then the end-to-end suite: real
# Go programs built with `cgosan go build` and run, and the installed tree.
check: setup
	$(MAKE) build
	$(MAKE) check-unit check-e2e

check-unit:
	ctest --test-dir $(BUILD) --output-on-failure
	cd bench && $(GO) vet ./... && $(GO) test -count=1 ./...

check-pass:
	ctest --test-dir $(BUILD) --output-on-failure -R pass_lit

check-e2e:
	@if [ -f $(LIBOMP_DIR)/.complete ]; then \
	  omp=$(LIBOMP_DIR)/usr/lib/llvm-$(LLVM_VERSION)/lib; \
	  export CPATH=$$(echo $$omp/clang/*/include) LIBRARY_PATH=$$omp LD_LIBRARY_PATH=$$omp; \
	  echo "check-e2e: LLVM $(LLVM_VERSION)'s libomp from $(LIBOMP_DIR)"; \
	fi; \
	set -x; CGOSAN_BIN=$(CURDIR)/$(BUILD)/bin/cgosan $(GO) test -count=1 ./tests/e2e/...

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

deb: build
	cd $(BUILD) && cpack -G DEB
	@ls $(BUILD)/cgosan_*.deb

# The seed's violations are reported and fail the run, as they would fail a CI job: go run then
# exits 1 ("exit status 66" is the program's, set by cgosan at its end).
demo: setup
	$(MAKE) build
	@GODEBUG=cgocheck=0 $(BUILD)/bin/cgosan go run ./examples/seed; status=$$?; \
	if [ $$status -ne 1 ]; then \
	  echo "demo: expected the seed's findings to fail the run (go run exits 1), got $$status"; exit 1; \
	fi; \
	echo "demo: cgosan reported the seed's violations above and failed the run, as it would fail a CI job"

format:
	clang-format-14 -i passes/*.cpp passes/*.h runtime/*.cpp runtime/*.h runtime/include/*.h \
	  src/*.cpp src/*.h tests/runtime/*.cpp tests/driver/*.cpp tests/report/*.cpp

clean:
	rm -rf $(BUILD)

# Benchmarks (issues 5 and 14): each workload plain, under cgosan (levels 0-2) and with -asan,
# side by side; prints CPU-time and callgrind instruction ratios. Not part of `make check` or CI.
# Knobs: BENCH_QUICK=1, BENCH_ROUNDS=N, BENCH_ONLY=..., BENCH_CALLGRIND=0 (see bench/README.md);
# figures and how they were taken: docs/PERFORMANCE.md.
.PHONY: bench
bench: build
	CGOSAN_BUILD_DIR=$(CURDIR)/$(BUILD) bench/run
