# netpol-webhook: build, run, test. `make run` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
CERT_DIR ?= certs
PORT ?= 8443

.PHONY: deps build release run test clean certs deploy-check bench bench-inprocess bench-build test-asan test-tsan fuzz faults

deps:
	@bash .ci/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

certs:
	@if [ ! -f $(CERT_DIR)/tls.crt ] || [ ! -f $(CERT_DIR)/tls.key ]; then \
		certs/generate.sh --out $(CERT_DIR) --force >/dev/null; \
	fi

run: release certs
	$$($(SWIFT) build -c release --show-bin-path)/netpol-webhook serve --cert-dir $(CERT_DIR) --port $(PORT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel
	NETPOL_WEBHOOK=$$($(SWIFT) build --show-bin-path)/netpol-webhook bash .ci/check-deploy

# The suite under AddressSanitizer (CI runs it after `make test`). Leak checking is off: LeakSanitizer reports
# process-lifetime objects at exit (see RELIABILITY.md); the `make faults` soak checks memory instead.
test-asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --parallel --sanitize=address --scratch-path .build-asan

# The suite under ThreadSanitizer (CI runs it after `make test-asan`): the event loops run on several threads. Shared
# state takes `Locked`, not `Synchronization.Mutex`, whose contended path TSan cannot see (see RELIABILITY.md).
test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --parallel --sanitize=thread --scratch-path .build-tsan

# libFuzzer targets (Fuzz/), each for FUZZ_SECONDS; a crash fails the run and leaves its input in .build-fuzz/crashes.
FUZZ_SECONDS ?= 60
fuzz: deps
	SWIFT=$(SWIFT) bash Fuzz/run-fuzzers $(FUZZ_SECONDS)

# Faults under load against the release binary (Reliability/faults.py); prints the table RELIABILITY.md holds.
SOAK_SECONDS ?= 180
FAULTS_SCRATCH ?= .build
faults: deps
	$(SWIFT) build -c release --scratch-path $(FAULTS_SCRATCH)
	python3 Reliability/faults.py --soak-seconds $(SOAK_SECONDS) \
		--binary $$($(SWIFT) build -c release --scratch-path $(FAULTS_SCRATCH) --show-bin-path)/netpol-webhook

deploy-check: build
	NETPOL_WEBHOOK=$$($(SWIFT) build --show-bin-path)/netpol-webhook bash .ci/check-deploy

clean:
	rm -rf .build .build-asan .build-tsan .build-fuzz .build-fuzz.log .build-tools

# Side by side with the Go reference and nginx on loopback (needs wrk, h2load, go, nginx); about 6 minutes.
bench:
	@bash .ci/install-deps bench
	bash Benchmarks/bench.sh

# In process (Benchmarks/, a package of its own; not run in CI): each step of answering a review on the shared payloads
# with package-benchmark (wall clock, CPU, mallocs); about 3 minutes the first time. BENCHMARKS.md has the callgrind
# counts, from InProcessRepeat. BENCH_ARGS="--filter 'checks.*'" runs some. `make bench-build` only builds both, to
# check that Benchmarks/ still compiles.
bench-inprocess: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark --no-progress $(BENCH_ARGS)

bench-build: deps
	$(SWIFT) build -c release --package-path Benchmarks
