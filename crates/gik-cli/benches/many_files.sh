#!/usr/bin/env bash
# The `gik` command over many report files: how much of its time is parsing.
#
#   crates/gik-cli/benches/many_files.sh [N]      (N files, default 10000)
#
# Writes N copies of the text reports of tests/corpus (round robin) into a
# temporary directory, then measures, each RUNS times (median printed):
#   1. `gik parse --format flat DIR/*` (wall and CPU time; rayon, every core);
#   2. the same on one thread (RAYON_NUM_THREADS=1);
#   3. the parse alone: examples/profile over the same files, one pass, one
#      core (CPU time of parse_bytes, the checks included);
# and prints the share of the command's CPU time spent outside parse_bytes
# (reading files, writing the flat output, the process, the thread pool),
# one thread against one thread: with every core busy, CPU time per thread
# grows where cores share their execution units (SMT, a loaded VM), which is
# not time spent outside parsing. The share against the parallel run is
# printed too.
# It also checks that the output names the files in the order given.
# Builds with `cargo build --release` first; CARGO_TARGET_DIR is honoured.
set -euo pipefail
N=${1:-10000}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cd "$ROOT"
cargo build --release -q -p gik-cli
cargo build --release -q -p gik-parse --example profile
GIK=$TARGET/release/gik
PROFILE=$TARGET/release/examples/profile

DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
mapfile -t SRC < <(ls tests/corpus/*.txt | sort)
for ((i = 0; i < N; i++)); do
    cp "${SRC[i % ${#SRC[@]}]}" "$(printf '%s/%05d.txt' "$DIR" "$i")"
done
BYTES=$(cat "$DIR"/*.txt | wc -c)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$N files, $BYTES bytes, in $DIR"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Each repetition runs the three back to back, so that a change of the load
# between them (the machine is shared) touches all three alike; the shares are
# computed per repetition and their median printed.
: >"$DIR.wall"; : >"$DIR.cpu"; : >"$DIR.cpu1"; : >"$DIR.parse"; : >"$DIR.share1"; : >"$DIR.share"
for ((r = 0; r < RUNS; r++)); do
    # 1. the command, every core
    /usr/bin/time -f '%e %U %S' -o "$DIR.time" "$GIK" parse --format flat "$DIR"/*.txt >"$DIR.out"
    read -r wall user sys <"$DIR.time"
    echo "$wall" >>"$DIR.wall"
    cpu=$(echo "$user $sys" | awk '{print $1 + $2}')
    # 2. the command on one thread
    RAYON_NUM_THREADS=1 /usr/bin/time -f '%e %U %S' -o "$DIR.time" "$GIK" parse --format flat "$DIR"/*.txt >/dev/null
    read -r wall1 user sys <"$DIR.time"
    cpu1=$(echo "$user $sys" | awk '{print $1 + $2}')
    # 3. the parse alone (one core, CPU time of the measured pass)
    parse=$("$PROFILE" 1 "$DIR"/*.txt | sed -n 's/.*; \([0-9.]*\) s on the CPU.*/\1/p')
    echo "$cpu" >>"$DIR.cpu"; echo "$cpu1" >>"$DIR.cpu1"; echo "$parse" >>"$DIR.parse"
    awk -v c="$cpu1" -v p="$parse" 'BEGIN {print (c - p) / c * 100}' >>"$DIR.share1"
    awk -v c="$cpu" -v p="$parse" 'BEGIN {print (c - p) / c * 100}' >>"$DIR.share"
done
grep '^file	' "$DIR.out" | cut -f2 >"$DIR.order"
ls "$DIR"/*.txt | cmp -s - "$DIR.order" && ORDER=stable || ORDER="NOT in the order given"
WALL=$(median <"$DIR.wall")
CPU=$(median <"$DIR.cpu")
CPU1=$(median <"$DIR.cpu1")
PARSE=$(median <"$DIR.parse")
SHARE1=$(median <"$DIR.share1")
SHARE=$(median <"$DIR.share")
rm -f "$DIR".wall "$DIR".cpu "$DIR".cpu1 "$DIR".parse "$DIR".share1 "$DIR".share "$DIR".time "$DIR".out "$DIR".order

awk -v n="$N" -v b="$BYTES" -v wall="$WALL" -v cpu="$CPU" -v cpu1="$CPU1" -v parse="$PARSE" -v s1="$SHARE1" -v s="$SHARE" -v order="$ORDER" 'BEGIN {
    printf "gik parse --format flat DIR/*: %.2f s wall, %.2f s CPU (median of runs); %.1f MB/s wall, %.0f files/s\n", wall, cpu, b / wall / 1e6, n / wall
    printf "the same on one thread: %.2f s CPU\n", cpu1
    printf "parse_bytes alone: %.2f s CPU (%.1f MB/s on one core)\n", parse, b / parse / 1e6
    printf "outside parsing: %.1f%% of the command'"'"'s CPU time on one thread (target <= 20%%); %.1f%% against the parallel run; output order %s\n", s1, s, order
}'
