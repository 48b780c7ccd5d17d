"""The README's examples run."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import REPO

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.S)


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "to_frame" in code:
        pytest.importorskip("pandas")
    monkeypatch.chdir(REPO)
    code = code.replace('"reports.csv"', repr(str(tmp_path / "reports.csv")))
    exec(compile(code, str(README), "exec"), {})
    assert os.getcwd() == str(REPO)
