"""gik.to_frame: one row per report, one column per flat key, typed columns."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import gik
from conftest import corpus_inputs, must_fail

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def parsed() -> tuple[list[gik.Report], list[Path]]:
    paths = [p for p in corpus_inputs() if not must_fail(p)]
    return [gik.parse_file(p) for p in paths], paths


def test_shape_and_columns(parsed: tuple[list[gik.Report], list[Path]]) -> None:
    reports, paths = parsed
    frame = gik.to_frame(reports, files=paths)
    assert frame.shape[0] == len(reports)
    columns = list(frame.columns)
    assert columns[0] == "file" and columns[-1] == "diagnostics"
    assert columns[1:5] == ["meta.agency", "meta.year", "meta.template", "meta.published"]
    assert len(columns) == len(set(columns))
    for r in reports:  # every key of every report's template is a column
        assert set(r.keys()) <= set(columns)
    # both templates' keys: 2021's other.* sub-rows and 2019's single other row
    assert "applications.other.misc.total" in columns and "applications.other.total" in columns
    assert "proactive.fees.amount" in columns and "proactive.procurement.amount" in columns
    assert list(frame["file"]) == [str(p) for p in paths]


def test_dtypes(parsed: tuple[list[gik.Report], list[Path]]) -> None:
    frame = gik.to_frame(parsed[0])
    assert frame["file"].isna().all()
    assert str(frame["diagnostics"].dtype) == "int64"
    assert str(frame["meta.year"].dtype) == "Int64"
    assert frame["meta.agency"].dtype == object
    assert frame["meta.template"].dtype == object
    assert str(frame["proactive.fees.amount"].dtype) == "float64"
    assert str(frame["proactive.procurement.amount"].dtype) == "float64"
    assert str(frame["applications.new.total"].dtype) == "Int64"
    assert str(frame["proactive.licensing.change"].dtype) == "Int64"
    assert str(frame["review.total"].dtype) == "Int64"
    counts = [c for c in frame.columns if c not in {"file", "meta.agency", "meta.template", "meta.published"}]
    assert {str(frame[c].dtype) for c in counts} <= {"Int64", "float64", "int64"}


def test_values_are_the_flat_values(parsed: tuple[list[gik.Report], list[Path]]) -> None:
    reports, _ = parsed
    frame = gik.to_frame(reports)
    for i, r in enumerate(reports):
        assert frame["diagnostics"][i] == len(r.diagnostics)
        assert (frame["meta.agency"][i] or None) == (r.meta.agency or None)
        for key in r.keys():
            cell, value = r[key], frame[key][i]
            if cell.value is None:
                assert pd.isna(value), key
            else:
                assert value == float(cell.value) if key.endswith("amount") else value == int(cell.value), key


def test_files_must_match_reports(parsed: tuple[list[gik.Report], list[Path]]) -> None:
    with pytest.raises(ValueError):
        gik.to_frame(parsed[0], files=["just-one"])


def test_empty_list() -> None:
    frame = gik.to_frame([])
    assert frame.shape[0] == 0 and frame.columns[0] == "file"


def test_without_pandas(monkeypatch: pytest.MonkeyPatch, example_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        gik.to_frame([gik.parse_file(example_path)])


def test_same_table_as_the_cli_csv(parsed: tuple[list[gik.Report], list[Path]], gik_bin: Path) -> None:
    import io
    import subprocess
    from decimal import Decimal

    reports, paths = parsed
    cli = subprocess.run([str(gik_bin), "parse", "--format", "csv", *map(str, paths)], capture_output=True, check=True)
    csv = pd.read_csv(io.BytesIO(cli.stdout), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = gik.to_frame(reports, files=paths)
    assert list(frame.columns) == list(csv.columns)
    assert frame.shape == csv.shape
    for column in frame.columns:
        for mine, theirs in zip(frame[column], csv[column]):
            if theirs == "":
                assert mine is None or pd.isna(mine), column
            elif isinstance(mine, str):
                assert mine == theirs, column
            else:
                assert Decimal(str(mine)) == Decimal(theirs), column


def test_the_csv_example_runs(tmp_path: Path) -> None:
    import subprocess

    from conftest import REPO, corpus_dir

    out = tmp_path / "reports.csv"
    script = REPO / "examples" / "reports_to_csv.py"
    run = subprocess.run([sys.executable, str(script), str(corpus_dir()), str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns)[0] == "file" and list(frame.columns)[-1] == "diagnostics"
    inputs = [p for p in corpus_dir().iterdir() if p.is_file() and not p.name.endswith(".expected.tsv")]
    assert len(frame) == len(inputs) - run.stderr.count("skipped ")
    assert len(frame) >= len([p for p in corpus_inputs() if not must_fail(p)])
