"""Shared fixtures: the corpus, the example report, and the `gik` CLI to compare with."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(os.environ.get("GIK_REPO", Path(__file__).resolve().parents[3]))


def corpus_dir() -> Path:
    """The repo's tests/corpus, or the shared dev corpus when the repo has none."""
    for d in (REPO / "tests" / "corpus", REPO.parent / "shared" / "corpus" / "dev"):
        if d.is_dir() and any(d.glob("*.expected.tsv")):
            return d
    return REPO / "tests" / "corpus"


def corpus_inputs() -> list[Path]:
    """Every NAME.* input next to a NAME.expected.tsv."""
    d = corpus_dir()
    out = []
    for truth in sorted(d.glob("*.expected.tsv")):
        name = truth.name[: -len(".expected.tsv")]
        out += [p for p in sorted(d.glob(name + ".*")) if not p.name.endswith(".expected.tsv")]
    return out


def must_fail(path: Path) -> bool:
    truth = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.tsv")
    return truth.is_file() and any(line.strip() == "must-fail" for line in truth.read_text("utf-8").splitlines())


@pytest.fixture(scope="session")
def example_path() -> Path:
    return REPO / "examples" / "report.txt"


@pytest.fixture(scope="session")
def gik_bin() -> Path:
    """The CLI: $GIK_BIN, or built here with cargo (release)."""
    if os.environ.get("GIK_BIN"):
        return Path(os.environ["GIK_BIN"])
    manifest = str(REPO / "Cargo.toml")
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "gik-cli", "--manifest-path", manifest], check=True)
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps", "--manifest-path", manifest],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(json.loads(meta.stdout)["target_directory"]) / "release" / "gik"
