# netpol-webhook: build, run, test. `make run` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
CERT_DIR ?= certs
PORT ?= 8443

.PHONY: deps build release run test clean certs deploy-check bench

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

deploy-check: build
	NETPOL_WEBHOOK=$$($(SWIFT) build --show-bin-path)/netpol-webhook bash .ci/check-deploy

clean:
	rm -rf .build

# Side by side with the Go reference and nginx on loopback (needs wrk, h2load, go, nginx); about 6 minutes.
bench:
	@bash .ci/install-deps bench
	bash Benchmarks/bench.sh
