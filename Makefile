# Cairn. `make devnet` starts a whole chain; `make test` runs every test CI runs.
GO ?= go
BIN := bin/cairn

.PHONY: build devnet test test-long test-browser mutants lint contracts contracts-check bench-consensus fuzz

build:
	$(GO) build -o $(BIN) ./cmd/cairn

devnet: build
	./$(BIN) devnet

# The test command of the README and of CI: formatting, vet, contract
# artifacts up to date, then every test.
test: lint contracts-check
	$(GO) test -count=1 -timeout 30m ./...

# Long runs: thousands of twins scenarios; a validator SIGKILLed 20 times;
# a WebSocket connection following 100 blocks.
test-long:
	$(GO) test -count=1 -timeout 120m -tags twins_long ./consensus/...
	$(GO) test -count=1 -timeout 30m -tags long -run 'TestValidatorKilled|TestWebSocketSubscriptions' ./test/e2e

# A real browser loads a devnet's status page (headless Chromium from
# Debian, installed when missing; not part of test).
test-browser:
	command -v chromium || (apt-get update && apt-get install -y chromium)
	$(GO) test -count=1 -timeout 10m -tags browser -run TestStatusPageInABrowser -v ./test/e2e

# Mutation check of the consensus safety rules (not part of test): each
# mutant of test/mutants/mutants.txt must make a ./consensus/... test fail.
mutants:
	$(GO) run ./test/mutants

lint:
	@out="$$(gofmt -l $$(git ls-files '*.go'))"; if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Recompile the Solidity contracts and regenerate the Go bindings (needs npm).
contracts:
	contracts/build.sh

# Fail when artifacts or bindings are stale with respect to the sources.
contracts-check:
	contracts/check.sh
