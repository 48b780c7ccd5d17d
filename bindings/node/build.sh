#!/usr/bin/env bash
# Build the native addon: `cargo build --release` of this crate, then copy the
# library it makes (libgik_node.so / .dylib, gik_node.dll) to ./gik.node, which
# index.js loads. No prebuilt binary is downloaded; it needs Rust (cargo).
#
#   bindings/node/build.sh                         # or: npm run build
#   CARGO_TARGET_DIR=/tmp/t bindings/node/build.sh # another target dir
#
# The target dir defaults to the repository's `target/`, so the dependencies
# compiled for the CLI are reused.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

cargo build --release --quiet --manifest-path "$here/Cargo.toml"

case "$(uname -s)" in
  Darwin) lib="libgik_node.dylib" ;;
  MINGW* | MSYS* | CYGWIN*) lib="gik_node.dll" ;;
  *) lib="libgik_node.so" ;;
esac
# CARGO_TARGET_DIR may be relative to where cargo ran (here: the cwd).
target="$(cd "$CARGO_TARGET_DIR" && pwd)"
# Copy, then rename: a node process holding the old gik.node keeps its mapping.
cp "$target/release/$lib" "$here/gik.node.tmp"
mv -f "$here/gik.node.tmp" "$here/gik.node"
echo "built $here/gik.node"
