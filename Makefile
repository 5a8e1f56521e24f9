# quotakit: `make demo` and `make test` work on a fresh machine (Rust via rustup, Node 20,
# Python 3). Each installs what is missing and skips what is already built.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
WASM := target/wasm32-unknown-unknown/release/quotakit.wasm
RUST_SOURCES := $(shell find src -name '*.rs') Cargo.toml Cargo.lock
PKG_SOURCES := $(wildcard pkg-template/*) scripts/build-pkg.mjs README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE
STAMPS := .cache/stamps
# Debian's packages need root: use sudo when not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help tools pkg test test-rust test-js test-fuzz lint demo bench fuzz clean

help:
	@echo "make demo   build, start the vendor sandbox and the admin console (http://127.0.0.1:8080), run the main job"
	@echo "make test   build everything and run every test (Rust, Node ESM/CJS, workerd, Deno, bundlers, Next.js, sandbox, Chromium, tsc)"
	@echo "make bench  build the release package and print quotakit's numbers beside the SDKs' and node:crypto's"
	@echo "make fuzz   run every cargo-fuzz target for FUZZ_SECONDS (default 120) each"
	@echo "make pkg    build the npm package into pkg/"

# ---- tools -------------------------------------------------------------------------------
tools: $(STAMPS)/wasm32 $(STAMPS)/wasm-bindgen-$(WASM_BINDGEN_VERSION) node_modules/.package-lock.json

$(STAMPS)/wasm32:
	@mkdir -p $(STAMPS)
	rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@touch $@

$(STAMPS)/wasm-bindgen-$(WASM_BINDGEN_VERSION):
	@mkdir -p $(STAMPS)
	if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	@touch $@

# Debian's Chromium for the console's browser test (test tools may not download browsers),
# with a CJK font so the screenshots show the customers' names.
$(STAMPS)/chromium:
	@mkdir -p $(STAMPS)
	if [ ! -x /usr/bin/chromium ] || ! ls /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc >/dev/null 2>&1; then \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-wqy-zenhei; \
	fi
	@touch $@

# twiggy, for the .wasm's size by crate and function in `make bench` (bench/size.mjs).
$(STAMPS)/twiggy:
	@mkdir -p $(STAMPS)
	command -v twiggy >/dev/null || cargo install twiggy --locked || cargo install twiggy
	@touch $@

# cargo-fuzz for the fuzz targets in fuzz/ (see scripts/fuzz.sh).
$(STAMPS)/cargo-fuzz:
	@mkdir -p $(STAMPS)
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked || cargo install cargo-fuzz
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	# `npm ci` rejects this lock file over deno's per-platform optional packages (an npm 11
	# bug); `npm install` with the lock file installs the same pinned versions.
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

# The Next.js test project (tests/nextjs/) has its own install: Next.js is 340 MB that only
# tests/js/nextjs.test.mjs needs.
tests/nextjs/node_modules/.package-lock.json: tests/nextjs/package.json tests/nextjs/package-lock.json
	cd tests/nextjs && npm install --no-audit --no-fund --loglevel=error
	@touch $@

# The full Tencent Cloud Node SDK (tests/tencent-sdk/), whose service clients sign the
# actions quotakit builds, for tests/js/tencent-actions-sdk.test.mjs: 62 MB on its own.
tests/tencent-sdk/node_modules/.package-lock.json: tests/tencent-sdk/package.json tests/tencent-sdk/package-lock.json
	cd tests/tencent-sdk && npm install --no-audit --no-fund --loglevel=error
	@touch $@

# ---- the package ---------------------------------------------------------------------------
pkg: pkg/package.json

pkg/package.json: $(RUST_SOURCES) $(PKG_SOURCES) | tools
	cargo build --release --target wasm32-unknown-unknown --features wasm
	wasm-bindgen --target web --out-dir target/bindgen --out-name quotakit $(WASM)
	node scripts/build-pkg.mjs

# The tests import "quotakit" as a user would: from the packed tarball, unpacked into
# node_modules/quotakit. This also proves `npm pack` ships everything the runtimes need.
node_modules/quotakit/package.json: pkg/package.json
	rm -rf node_modules/quotakit target/pack && mkdir -p node_modules/quotakit target/pack
	cd pkg && npm pack --silent --pack-destination ../target/pack >/dev/null
	tar -xzf target/pack/quotakit-*.tgz -C node_modules/quotakit --strip-components=1

# ---- tests ---------------------------------------------------------------------------------
test: lint test-rust test-js test-fuzz

lint: | tools
	cargo fmt --check
	cargo clippy --all-targets --features http -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --features wasm -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

test-rust:
	cargo test --features http
	# The Rust examples with a real HTTP client (ureq) against the vendor sandbox: by hand, and
	# through quotakit's driver at a 30 % fault rate.
	node scripts/rust-example.mjs
	# The crate as crates.io would take it: packaged (src/, README, licenses, CHANGELOG) and
	# built from the package. The tests it leaves behind are the repository's, not the crate's.
	cargo publish --dry-run --allow-dirty --quiet 2>&1 | { grep -v "^warning: ignoring \(test\|example\)" || true; }

test-js: node_modules/quotakit/package.json $(STAMPS)/chromium tests/nextjs/node_modules/.package-lock.json tests/tencent-sdk/node_modules/.package-lock.json
	tsc -p tests/js/types/tsconfig.json
	tsc -p tests/js/types/tsconfig.cjs.json
	# The packed tarball's types under node10, node16 (CJS and ESM) and bundler resolution, and
	# npm's packaging rules. The .wasm subpath is an asset with no types (README, Per runtime).
	attw target/pack/quotakit-*.tgz --exclude-entrypoints ./quotakit_bg.wasm --format table-flipped
	publint run pkg --strict
	node --test tests/js/*.test.mjs tests/js/*.test.cjs
	# The benchmark is not a timed test: this only checks that it runs, on tiny counts.
	BENCH_QUICK=1 node --expose-gc bench/bench.mjs >/dev/null

# A smoke of each fuzz target (make fuzz runs them longer).
test-fuzz: $(STAMPS)/cargo-fuzz node_modules/.package-lock.json
	scripts/fuzz.sh 5

# ---- fuzz ----------------------------------------------------------------------------------
FUZZ_SECONDS ?= 120
fuzz: $(STAMPS)/cargo-fuzz node_modules/.package-lock.json
	scripts/fuzz.sh $(FUZZ_SECONDS)

# ---- bench ---------------------------------------------------------------------------------
bench: node_modules/quotakit/package.json $(STAMPS)/twiggy
	node --expose-gc bench/bench.mjs

# ---- demo ----------------------------------------------------------------------------------
demo: node_modules/quotakit/package.json
	node www-demo/main.mjs

clean:
	rm -rf target/bindgen target/pack pkg node_modules/quotakit tests/js/out tests/nextjs/.next-*
