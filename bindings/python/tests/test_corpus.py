"""Every corpus report through Python gives what the CLI gives."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import gik
from conftest import corpus_inputs, must_fail

INPUTS = corpus_inputs()


def test_there_is_a_corpus() -> None:
    assert len(INPUTS) >= 10


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_to_flat_equals_cli(path: Path, gik_bin: Path) -> None:
    cli = subprocess.run([str(gik_bin), "parse", "--format", "flat", str(path)], capture_output=True)
    if cli.returncode != 0:
        with pytest.raises(gik.ParseError):
            gik.parse_file(path)
        return
    assert not must_fail(path), "the CLI accepted an input that must fail"
    assert gik.parse_file(path).to_flat() == cli.stdout.decode("utf-8")


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_parse_bytes_str_and_file_agree(path: Path) -> None:
    data = path.read_bytes()
    if must_fail(path):
        with pytest.raises(gik.ParseError):
            gik.parse(data)
        with pytest.raises(gik.ParseError):
            gik.parse_file(path)
        return
    report = gik.parse_file(path)
    assert gik.parse(data) == report
    assert gik.parse(bytearray(data)) == report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    from_str = gik.parse(text)
    assert from_str.to_dict()["meta"]["source"]["format"] == report.meta.source.format
    assert [from_str[k] for k in from_str.keys()] == [report[k] for k in report.keys()]


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_json_round_trip(path: Path) -> None:
    if must_fail(path):
        return
    report = gik.parse_file(path)
    assert gik.Report.from_json(report.to_json()) == report
    assert gik.Report.from_dict(report.to_dict()) == report
    assert gik.Report.from_json(report.to_json()).to_flat() == report.to_flat()
