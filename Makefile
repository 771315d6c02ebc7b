# The two commands of the quick start: `make demo` and `make test`. Both
# install missing Debian packages first, then configure and build.
BUILD ?= build

.PHONY: all deps build test sanitize demo bench install deb clean

all: build

deps:
	./scripts/install-deps.sh

build: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD)
	meson compile -C $(BUILD)

test: build
	meson test -C $(BUILD) --print-errorlogs

# The suite under ASan and UBSan, then each fuzz target for a minute.
sanitize:
	./scripts/sanitize.sh build-sanitize

demo: build
	./scripts/demo.sh $(BUILD)

# rpccli against the generated, static limit client; see bench/README.md.
bench: build
	meson compile -C $(BUILD) limit-client
	python3 bench/run.py $(BUILD) $(BENCH_FLAGS)

install: build
	meson install -C $(BUILD)

# A Debian package built by Debian's tools from debian/, checked by
# lintian; dpkg-buildpackage writes beside the source tree, so the results
# are moved into dist/.
deb:
	./scripts/install-deps.sh --deb
	dpkg-buildpackage -us -uc -b
	rm -rf dist && mkdir dist
	mv ../rpccli_*.deb ../rpccli_*.buildinfo ../rpccli_*.changes dist/
	mv ../rpccli-dbgsym_*.deb dist/ 2>/dev/null || true
	lintian --fail-on error,warning dist/rpccli_*.deb

clean:
	rm -rf $(BUILD) build-sanitize dist
