#!/usr/bin/env bash
# CI for the WebAssembly binding: install what it needs (the wasm32 target,
# the wasm-bindgen CLI of exactly the version in Cargo.lock, typescript from
# package-lock.json), build pkg-node/ and pkg-web/, build the `gik` CLI, and
# run the Node tests against the CLI's output.
#
#   bindings/wasm/ci.sh                                  # from anywhere
#   GIK_BIN=target/release/gik bindings/wasm/ci.sh       # reuse a built CLI
#   CARGO_TARGET_DIR=/tmp/t bindings/wasm/ci.sh          # default: the repo's target/
# Needs: rustup (cargo), Node >= 20 with npm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# absolute paths: the tests run from bindings/wasm
export CARGO_TARGET_DIR="$(mkdir -p "${CARGO_TARGET_DIR:-$repo/target}" && cd "${CARGO_TARGET_DIR:-$repo/target}" && pwd)"
if [ -n "${GIK_BIN:-}" ]; then
  export GIK_BIN="$(cd "$(dirname "$GIK_BIN")" && pwd)/$(basename "$GIK_BIN")"
fi
start=$SECONDS
step() { echo "== [$((SECONDS - start)) s] $*"; }

step "node $(node --version), $(cargo --version)"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must be the exact version of the wasm-bindgen crate.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$here/Cargo.lock")"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  step "cargo install wasm-bindgen-cli --version =$want --locked (found: ${have:-none})"
  # in cargo's own temporary target dir (removed after): the CLI's
  # dependencies share nothing with ours
  env -u CARGO_TARGET_DIR cargo install --quiet wasm-bindgen-cli --version "=$want" --locked
  export PATH="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin:$PATH"
  have="$(wasm-bindgen --version | awk '{print $2}')"
  [ "$have" = "$want" ] || { echo "ci.sh: wasm-bindgen $have on PATH, need $want" >&2; exit 1; }
fi

step "npm ci (typescript, for the declaration tests)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

step "build.sh nodejs web"
"$here/build.sh" nodejs web

if [ -z "${GIK_BIN:-}" ]; then
  step "cargo build --release -p gik-cli"
  cargo build --release --quiet -p gik-cli --manifest-path "$repo/Cargo.toml"
  export GIK_BIN="$CARGO_TARGET_DIR/release/gik"
fi

step "node --test (GIK_BIN=$GIK_BIN)"
cd "$here"
node --test tests/
echo "== bindings/wasm/ci.sh: done in $((SECONDS - start)) s"
