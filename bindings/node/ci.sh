#!/usr/bin/env bash
# CI for the Node package: install its dev dependencies from the npm registry
# (typescript, for the type tests), build the native addon with cargo (no
# prebuilt binary is downloaded), then run its tests with Node's built-in
# runner against the `gik` CLI built from the same tree.
#
#   bindings/node/ci.sh                                  # from anywhere
#   GIK_BIN=target/release/gik bindings/node/ci.sh       # reuse a built CLI
#   CARGO_TARGET_DIR=/tmp/t bindings/node/ci.sh          # another target dir
#
# Needs Rust (cargo), Node >= 18 (tested on 20) and npm. Exits non-zero when a
# step or a test fails; the last lines are node --test's counts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "ci.sh: '$tool' not found (needs Rust, Node and npm)" >&2; exit 1; }
done

# One target dir for the addon and the CLI: they share most dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR="$PWD/$CARGO_TARGET_DIR" ;; esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== node $(node --version), npm $(npm --version), $(cargo --version)"

echo "== npm ci (dev dependencies)"
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "== build gik.node (cargo build --release, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
bash "$here/build.sh"

if [ -z "${GIK_BIN:-}" ]; then
  echo "== cargo build --release -p gik-cli"
  cargo build --release --quiet -p gik-cli --manifest-path "$repo/Cargo.toml"
  target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" \
    | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')"
  export GIK_BIN="$target/release/gik"
fi
export GIK_REPO="$repo"
export GIK_REQUIRE_TSC=1 # the typescript check is not skipped here

echo "== node --test bindings/node/test/ (GIK_BIN=$GIK_BIN)"
cd "$work"
status=0
node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$work/tap.txt" \
  "$here/test/" || status=$?
grep -E '^# (tests|pass|fail|cancelled|skipped) ' "$work/tap.txt" || { echo "ci.sh: no summary from node --test" >&2; status=1; }
exit "$status"
