#!/usr/bin/env bash
# Rebuilds Cairn's contract artifacts and Go bindings from contracts/src:
#   1. installs the pinned solc (solcjs) and OpenZeppelin from package-lock.json
#      into contracts/node_modules (npm ci);
#   2. compiles src/*.sol (compile.js: optimizer on, 200 runs, evm cancun) into
#      contracts/artifacts/<Name>.{abi,bin,bin-runtime};
#   3. generates abigen v2 bindings (go-ethereum's cmd/abigen at the version in
#      go.mod) into l1/bindings/<name>.go;
#   4. records the sha256 of every input and output in
#      contracts/artifacts/SOURCES.sha256, which check.sh verifies.
#
# Usage: contracts/build.sh            (make contracts)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "contracts: installing the pinned toolchain (npm ci)" >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)

echo "contracts: compiling" >&2
compile_into "$work/artifacts"
echo "contracts: generating bindings" >&2
bind_into "$work/artifacts" "$work/bindings"

rm -rf "$here/artifacts" "$root/l1/bindings"
mkdir -p "$here/artifacts" "$root/l1/bindings"
cp "$work"/artifacts/* "$here/artifacts/"
cp "$work"/bindings/* "$root/l1/bindings/"
write_manifest > "$here/artifacts/SOURCES.sha256"
echo "contracts: wrote contracts/artifacts and l1/bindings" >&2
