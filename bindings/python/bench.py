"""Python overhead over the Rust core, parsing the corpus.

    python bindings/python/bench.py [CORPUS_DIR] [--rounds N]

Times, over every input of the corpus (as bytes, like `gik.parse_file`):

- core:     `gik._gik._core_parse_only` — the Rust parser alone, no Python objects
- parse:    `gik.parse` — what a user calls: a `Report` (views built lazily)
- +to_dict: `gik.parse(...).to_dict()` — every field materialised as Python objects
- +flat:    `gik.parse(...).to_flat()`
- to_dict / report[key] / to_frame alone, over the already parsed reports,
  as a share of the core's time (the cleanest figure on a noisy machine)

Each figure is the best of `--rounds` passes over the corpus (the minimum is
the least noisy estimate on a shared machine); overhead is relative to core.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

import gik
from gik import _gik

REPO = Path(__file__).resolve().parents[2]


def inputs(folder: Path) -> list[bytes]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".expected.tsv"))
    out = []
    for p in files:
        data = p.read_bytes()
        try:
            _gik._core_parse_only(data)
        except gik.ParseError:
            continue  # inputs that must fail are not what this measures
        out.append(data)
    return out


def best_of(fns: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best time of each function, the passes interleaved so that they share the machine's noise."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:  # no variant always goes first
            fn = fns[name]
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {name: min(ts) for name, ts in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=REPO / "tests" / "corpus")
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()

    data = inputs(args.corpus)
    size = sum(len(d) for d in data)
    print(f"{len(data)} reports, {size / 1e6:.2f} MB, best of {args.rounds} passes\n")

    def core() -> None:
        for d in data:
            _gik._core_parse_only(d)

    def parse() -> None:
        for d in data:
            gik.parse(d)

    def to_dict() -> None:
        for d in data:
            gik.parse(d).to_dict()

    def to_flat() -> None:
        for d in data:
            gik.parse(d).to_flat()

    parse()  # warm up
    fns: dict[str, Callable[[], object]] = {
        "core (Rust only)": core,
        "gik.parse": parse,
        "gik.parse + to_dict()": to_dict,
        "gik.parse + to_flat()": to_flat,
    }
    reports = [gik.parse(d) for d in data]

    def dicts() -> None:
        for r in reports:
            r.to_dict()

    def views() -> None:
        for r in reports:
            for k in r.keys():
                r[k].value

    fns["to_dict() alone (parsed reports)"] = dicts
    fns["report[key].value for every key (parsed reports)"] = views
    try:
        import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: F401

        fns["gik.to_frame (parsed reports)"] = lambda: gik.to_frame(reports)
    except ImportError:
        pass
    rows = list(best_of(fns, args.rounds).items())
    base = rows[0][1]

    print("| what | ms per pass | µs per report | overhead over core |")
    print("|---|---:|---:|---:|")
    for name, t in rows:
        if name.startswith("core"):
            over = ""
        elif "parsed reports" in name:
            over = f"({t / base:.1%} of core)"
        else:
            over = f"{(t - base) / base:+.1%}"
        print(f"| {name} | {t * 1e3:.2f} | {t * 1e6 / len(data):.0f} | {over} |")


if __name__ == "__main__":
    main()
