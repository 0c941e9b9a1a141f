# Thin wrapper over CMake and the test runners. `make check` and `make demo` install what is
# missing first (Debian packages), so they work on a fresh Debian 12 machine with Go.
LLVM_VERSION ?= 14
BUILD ?= build
GO ?= go
CMAKE_FLAGS ?=

.PHONY: all build setup check check-unit check-pass check-e2e check-llvm16 demo clean format

all: build

setup:
	scripts/setup-deps.sh $(LLVM_VERSION)

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang-$(LLVM_VERSION) -DCMAKE_CXX_COMPILER=clang++-$(LLVM_VERSION) \
	  -DCGOSAN_LLVM_VERSION=$(LLVM_VERSION) $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Unit tests (GoogleTest) and pass tests (lit + FileCheck) through ctest, then the end-to-end
# suite: real Go programs built with `cgosan go build` and run.
check: setup
	$(MAKE) build
	$(MAKE) check-unit check-e2e

check-unit:
	ctest --test-dir $(BUILD) --output-on-failure

check-e2e:
	CGOSAN_BIN=$(CURDIR)/$(BUILD)/bin/cgosan $(GO) test -count=1 ./tests/e2e/...

# The pass and its tests against a newer LLVM (CI runs this too).
check-llvm16:
	CGOSAN_E2E_DEPS=0 scripts/setup-deps.sh 16
	$(MAKE) build LLVM_VERSION=16 BUILD=build-llvm16
	ctest --test-dir build-llvm16 --output-on-failure -R pass

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
	clang-format-$(LLVM_VERSION) -i passes/*.cpp passes/*.h runtime/*.cpp runtime/*.h runtime/include/*.h \
	  src/*.cpp src/*.h tests/runtime/*.cpp tests/driver/*.cpp tests/report/*.cpp

clean:
	rm -rf $(BUILD) build-llvm16

# Benchmarks (issues 5 and 14): each workload plain, under cgosan (levels 0-2) and with -asan,
# side by side; prints CPU-time and callgrind instruction ratios. Not part of `make check` or CI.
# Knobs: BENCH_QUICK=1, BENCH_ROUNDS=N, BENCH_ONLY=..., BENCH_CALLGRIND=0 (see bench/README.md);
# figures and how they were taken: docs/PERFORMANCE.md.
.PHONY: bench
bench: build
	CGOSAN_BUILD_DIR=$(CURDIR)/$(BUILD) bench/run
