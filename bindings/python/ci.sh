#!/usr/bin/env bash
# CI for the Python package: install it into a fresh virtualenv the way a user
# would (`pip install ./bindings/python`; pip fetches maturin as the build
# backend), then run its tests against the `gik` CLI built from the same tree.
#
#   bindings/python/ci.sh             # from anywhere; PYTHON=python3.12 to pick one
#   GIK_BIN=target/release/gik bindings/python/ci.sh   # reuse a built CLI
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"

# One target dir for the extension and the CLI: they share most dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== venv ($("$python" --version))"
"$python" -m venv "$work/venv" || { echo "ci.sh: '$python -m venv' failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
py="$work/venv/bin/python"

echo "== pip install ./bindings/python"
"$py" -m pip install --quiet --disable-pip-version-check "$here"
"$py" -m pip install --quiet --disable-pip-version-check pytest pandas mypy

if [ -z "${GIK_BIN:-}" ]; then
  echo "== cargo build --release -p gik-cli"
  cargo build --release --quiet -p gik-cli --manifest-path "$repo/Cargo.toml"
  target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" \
    | "$py" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  export GIK_BIN="$target/release/gik"
fi
export GIK_REPO="$repo"

echo "== pytest (GIK_BIN=$GIK_BIN)"
cd "$work"  # so that `import gik` is the installed package, not the source tree
"$py" -m pytest -q -p no:cacheprovider --rootdir "$here/tests" "$here/tests"
