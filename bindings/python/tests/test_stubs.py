"""The type stubs ship in the package and match the runtime and the JSON."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import gik
from conftest import corpus_inputs, must_fail

PACKAGE = Path(gik.__file__).parent
HERE = Path(__file__).parent


def test_stubs_and_marker_are_installed() -> None:
    assert (PACKAGE / "__init__.pyi").is_file()
    assert (PACKAGE / "_gik.pyi").is_file()
    assert (PACKAGE / "py.typed").is_file()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # Outside the source tree, so that mypy sees the installed package.
    env = {**os.environ, "MYPY_CACHE_DIR": os.devnull}
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=HERE.anchor, env=env)


def test_stubtest() -> None:
    pytest.importorskip("mypy")
    out = _run("mypy.stubtest", "gik")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_an_example() -> None:
    pytest.importorskip("mypy")
    out = _run("mypy", "--strict", str(HERE / "typing_example.py"))
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_the_runtime_module() -> None:
    pytest.importorskip("mypy")
    out = _run("mypy", "--strict", str(HERE.parent / "python" / "gik" / "__init__.py"))
    assert out.returncode == 0, out.stdout + out.stderr


def _stub_fields() -> dict[str, list[str]]:
    """Annotated attributes of each class in __init__.pyi (not ClassVars)."""
    tree = ast.parse((PACKAGE / "__init__.pyi").read_text("utf-8"))
    out: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = [
                item.target.id
                for item in node.body
                if isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and not item.target.id.startswith("_")
                and "ClassVar" not in ast.unparse(item.annotation)
            ]
    return out


def _reports() -> list[gik.Report]:
    return [gik.parse_file(p) for p in corpus_inputs() if not must_fail(p)]


def test_stub_attributes_are_the_json_fields() -> None:
    fields = _stub_fields()
    samples: dict[str, list[dict[str, Any]]] = {"Diagnostic": [], "Claim": []}
    for report in _reports():
        data = report.to_dict()
        assert fields["Report"] == list(data)
        assert fields["Meta"] == list(data["meta"])
        assert fields["Source"] == list(data["meta"]["source"])
        assert fields["Cell"] == list(data["review"]["total"])
        samples["Diagnostic"] += data["diagnostics"]
        samples["Claim"] += data["claims"]
        for name in fields["Report"]:
            assert hasattr(report, name)
    for cls, objs in samples.items():
        for obj in objs:
            assert fields[cls] == list(obj), cls
    if not samples["Claim"]:
        pytest.skip("no claims in the corpus to check the Claim stub against (parser core not there yet?)")
