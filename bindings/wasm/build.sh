#!/usr/bin/env bash
# Build the WebAssembly packages of gik:
#   pkg-node/  wasm-bindgen --target nodejs  (require('./pkg-node'))
#   pkg-web/   wasm-bindgen --target web     (ES module; `await init()` first)
# Each gets `gik.js`, `gik_bg.wasm`, `gik.d.ts` (the generated declarations
# plus bindings/wasm/gik.d.ts: the typed report) and a package.json.
#
# Needs: rustup target wasm32-unknown-unknown, and `wasm-bindgen` of exactly
# the version in Cargo.lock on PATH (ci.sh installs both).
# Respects CARGO_TARGET_DIR (default: the repository's target/).
#   bindings/wasm/build.sh            # both targets
#   bindings/wasm/build.sh nodejs     # only pkg-node
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="$(mkdir -p "${CARGO_TARGET_DIR:-$repo/target}" && cd "${CARGO_TARGET_DIR:-$repo/target}" && pwd)"
targets=("${@:-nodejs web}")
read -r -a targets <<< "${targets[*]}"

echo "== cargo build --release --target wasm32-unknown-unknown (bindings/wasm)"
cargo build --release --locked --quiet --target wasm32-unknown-unknown --manifest-path "$here/Cargo.toml"
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/gik_wasm.wasm"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n1)"

for t in "${targets[@]}"; do
  case "$t" in
    nodejs) out="$here/pkg-node" ;;
    web) out="$here/pkg-web" ;;
    *) echo "build.sh: unknown target '$t' (nodejs, web)" >&2; exit 2 ;;
  esac
  echo "== wasm-bindgen --target $t -> ${out#"$repo"/}"
  rm -rf "$out"
  # no `name` section (187 kB of function names, only for stack traces of a panic)
  wasm-bindgen --target "$t" --remove-name-section --out-dir "$out" --out-name gik "$wasm"
  # The functions are declared by hand (skip_typescript) in gik.d.ts, with
  # the report's type; what wasm-bindgen generated (web: init/initSync) stays.
  cat "$here/gik.d.ts" >> "$out/gik.d.ts"
  if [ "$t" = nodejs ]; then
    cat > "$out/package.json" <<JSON
{
  "name": "gik-wasm",
  "version": "$version",
  "description": "gik (government information disclosure annual reports) as WebAssembly, for Node",
  "license": "MIT OR Apache-2.0",
  "main": "gik.js",
  "types": "gik.d.ts",
  "files": ["gik.js", "gik_bg.wasm", "gik.d.ts", "gik_bg.wasm.d.ts"]
}
JSON
  else
    cat > "$out/package.json" <<JSON
{
  "name": "gik-wasm-web",
  "version": "$version",
  "description": "gik (government information disclosure annual reports) as WebAssembly, for browsers and bundlers (ES module)",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "module": "gik.js",
  "types": "gik.d.ts",
  "files": ["gik.js", "gik_bg.wasm", "gik.d.ts", "gik_bg.wasm.d.ts"],
  "sideEffects": false
}
JSON
  fi
  echo "   $(wc -c < "$out/gik_bg.wasm") bytes gik_bg.wasm"
done
