"""The Python API on short inputs: attributes, conversions, errors."""

from __future__ import annotations

import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

import gik


@pytest.fixture(scope="module")
def report(example_path: Path) -> gik.Report:
    return gik.parse_file(example_path)


# --- the report's contents (examples/report.txt; needs the parser core) ---


def test_example_report_numbers(report: gik.Report) -> None:
    assert report.meta.year == 2024
    assert report.meta.template == "2021"
    assert "赣州经济技术开发区" in (report.meta.agency or "")
    cell = report.applications.new.total
    assert cell.state == "number"
    assert cell.value == Decimal(12)
    assert isinstance(cell.line, int) and cell.line > 0
    assert report["applications.new.total"] == cell
    assert report.applications["new.total"] == cell


# --- shape and types: hold for any report ---


def test_attributes_are_the_json(report: gik.Report) -> None:
    data = report.to_dict()
    assert list(data) == [
        "meta",
        "proactive",
        "applications",
        "review",
        "litigation_direct",
        "litigation_after_review",
        "claims",
        "diagnostics",
    ]
    assert report.meta.to_dict() == data["meta"]
    assert report.meta.source.format in {"text", "html", "docx"}
    assert report.meta.source.encoding == "UTF-8"
    assert isinstance(report.meta.source.layouts, list)
    assert report.review.to_dict() == data["review"]
    assert [d.to_dict() for d in report.diagnostics] == data["diagnostics"]
    assert [c.to_dict() for c in report.claims] == data["claims"]


def test_every_flat_key_is_a_cell(report: gik.Report) -> None:
    keys = report.keys()
    assert keys[0].startswith("proactive.") and keys[-1] == "litigation_after_review.total"
    for key in keys:
        cell = report[key]
        assert isinstance(cell, gik.Cell)
        assert cell.state in {"number", "blank", "unknown"}
        assert (cell.value is not None) == (cell.state == "number")
        assert cell.value is None or isinstance(cell.value, Decimal)
        group, rest = key.split(".", 1)
        assert getattr(report, group)[rest] == cell
        node = report
        for part in key.split("."):
            node = getattr(node, part)
        assert node == cell


def test_flat_text_matches_cells(report: gik.Report) -> None:
    lines = report.to_flat().splitlines()
    values = dict(line.split("\t", 1) for line in lines if not line.startswith("diagnostic\t"))
    assert list(values)[:4] == ["meta.agency", "meta.year", "meta.template", "meta.published"]
    assert list(values)[4:] == report.keys()
    for key in report.keys():
        cell = report[key]
        assert values[key] == ("" if cell.value is None else str(cell.value.normalize()) or "0")
    diags = [line.split("\t") for line in lines if line.startswith("diagnostic\t")]
    assert [(d[1], d[2]) for d in diags] == [(d.code, d.severity) for d in report.diagnostics]


def test_diagnostic_objects(report: gik.Report) -> None:
    for d in report.diagnostics:
        assert isinstance(d.code, str) and "." in d.code
        assert d.severity in {"error", "warning"}
        assert isinstance(d.message, str) and d.message
        assert d.line is None or d.line >= 1
        assert d.code in str(d)
    assert report.has_errors == any(d.severity == "error" for d in report.diagnostics)


def test_unknown_keys(report: gik.Report) -> None:
    with pytest.raises(KeyError):
        report["applications.new.nobody"]
    assert report.get("applications.new.nobody") is None
    assert "applications.new.total" in report
    with pytest.raises(AttributeError):
        report.nothing  # noqa: B018
    with pytest.raises(AttributeError):
        report.meta.nothing  # noqa: B018
    with pytest.raises(KeyError):
        report.applications["new.total.more"]


def test_json_text(report: gik.Report) -> None:
    assert json.loads(report.to_json()) == report.to_dict()
    pretty = report.to_json(indent=2)
    assert pretty.startswith('{\n  "meta": {')
    assert json.loads(pretty) == report.to_dict()
    assert "赣州" in report.to_json() or report.meta.agency is None  # not \u-escaped


def test_to_dict_is_a_copy(report: gik.Report) -> None:
    report.to_dict()["meta"]["agency"] = "changed"
    report.meta.to_dict()["agency"] = "changed"
    assert report.meta.agency != "changed"


def test_pickle(report: gik.Report) -> None:
    again = pickle.loads(pickle.dumps(report))
    assert again == report and again.to_flat() == report.to_flat()
    assert pickle.loads(pickle.dumps(report.meta)) == report.meta
    assert pickle.loads(pickle.dumps(report.applications)) == report.applications


def test_repr_and_dir(report: gik.Report) -> None:
    assert repr(report).startswith("<gik.Report ")
    assert "agency" in dir(report.meta)
    assert "applications" in dir(report)
    assert "new" in dir(report.applications)
    assert "new" in list(report.applications)


def test_threads_give_the_same_reports(example_path: Path) -> None:
    text = example_path.read_text("utf-8")
    with ThreadPoolExecutor(4) as pool:
        flats = list(pool.map(lambda _: gik.parse(text).to_flat(), range(16)))
    assert len(set(flats)) == 1


# --- errors ---


def _kind(exc: pytest.ExceptionInfo[gik.ParseError]) -> str:
    assert isinstance(exc.value, ValueError)
    assert str(exc.value)
    return exc.value.kind


@pytest.mark.parametrize("data", ["", "   \n\n", b"", "\u3000\n"])
def test_empty_input_is_an_error(data: str | bytes) -> None:
    with pytest.raises(gik.ParseError) as exc:
        gik.parse(data)
    assert _kind(exc) == "not-a-report"


def test_binary_bytes_are_an_error() -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02\xff\xfe\x00\x9c\x00" * 50
    with pytest.raises(gik.ParseError) as exc:
        gik.parse(pdf)
    assert _kind(exc) in {"binary", "undecodable"}
    with pytest.raises(ValueError):
        gik.parse(bytes(range(256)) * 40)


def test_a_letter_is_not_a_report() -> None:
    letter = (
        "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知\n\n"
        "各县（市、区）人民政府，市政府各部门：\n"
        "为做好政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：\n"
        "一、请各单位于2025年1月31日前在本单位门户网站发布年度报告。\n"
        "二、请严格按照国办公开办函〔2021〕30号规定的格式编制。\n\n"
        "市政务公开办\n2025年1月6日\n"
    )
    with pytest.raises(gik.ParseError) as exc:
        gik.parse(letter)
    assert _kind(exc) == "not-a-report"


def test_wrong_argument_type() -> None:
    with pytest.raises(TypeError):
        gik.parse(42)  # type: ignore[arg-type]


def test_missing_file() -> None:
    with pytest.raises(FileNotFoundError):
        gik.parse_file("/nonexistent/report.txt")


def test_bad_json() -> None:
    with pytest.raises(ValueError):
        gik.Report.from_json("{}")


def test_parsing_releases_the_gil(example_path: Path) -> None:
    """While a thread parses, the main thread runs.

    With a switch interval of minutes, a thread only lets go of the GIL when
    it blocks or releases it; so the main thread gets to count while the
    worker is alive only if parsing releases the GIL.
    """
    import sys
    import threading

    text = example_path.read_text("utf-8")
    # Many parses, each a chance for the main thread to take the GIL the
    # worker lets go of (a parse takes about 0.1 ms: with three, the worker
    # could finish before the main thread was scheduled at all). Once the
    # main thread holds the GIL it keeps it, and the worker stays alive.
    worker = threading.Thread(target=lambda: [gik.parse(text) for _ in range(300)])
    interval = sys.getswitchinterval()
    sys.setswitchinterval(600)
    try:
        worker.start()
        during = 0
        while worker.is_alive() and during < 100_000:
            during += 1
    finally:
        sys.setswitchinterval(interval)
        worker.join()
    assert during == 100_000
