#!/usr/bin/env bash
# Fails when contracts/artifacts or l1/bindings are out of date with the
# contract sources, or were edited by hand.
#
#   contracts/check.sh          cheap (CI): compares the sha256 of every input
#                               (src/*.sol, package-lock.json, compile.js,
#                               build scripts) and output (artifacts, bindings)
#                               with contracts/artifacts/SOURCES.sha256, which
#                               build.sh wrote. Needs no npm, no Go build.
#   contracts/check.sh --full   also reinstalls the pinned solc, recompiles and
#                               regenerates the bindings in a temp dir and
#                               diffs them with the committed ones (proves the
#                               committed outputs are what the sources build).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib.sh"

manifest="$here/artifacts/SOURCES.sha256"
stale() {
  echo "contracts: $1" >&2
  echo "contracts: artifacts or bindings are stale; run 'make contracts' (contracts/build.sh) and commit the result" >&2
  exit 1
}

[ -f "$manifest" ] || stale "missing contracts/artifacts/SOURCES.sha256"
if ! d="$(diff -u "$manifest" <(write_manifest))"; then
  printf '%s\n' "$d" >&2
  stale "files differ from contracts/artifacts/SOURCES.sha256 (- recorded, + now)"
fi

if [ "${1:-}" = "--full" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
  compile_into "$work/artifacts"
  bind_into "$work/artifacts" "$work/bindings"
  diff -r -x SOURCES.sha256 "$work/artifacts" "$here/artifacts" >&2 ||
    stale "recompiled artifacts differ from contracts/artifacts"
  diff -r "$work/bindings" "$root/l1/bindings" >&2 ||
    stale "regenerated bindings differ from l1/bindings"
fi
echo "contracts: artifacts and bindings are up to date" >&2
