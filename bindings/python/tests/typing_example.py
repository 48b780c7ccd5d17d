"""Typed use of gik; `mypy --strict` must accept this file (see test_stubs.py)."""

from __future__ import annotations

import sys
from decimal import Decimal

import gik


def summary(path: str) -> str:
    try:
        report: gik.Report = gik.parse_file(path)
    except gik.ParseError as e:
        kind: str = e.kind
        return f"{path}: not a report ({kind}): {e}"
    agency: str | None = report.meta.agency
    year: int | None = report.meta.year
    layouts: list[str] = report.meta.source.layouts
    new: gik.Cell = report["applications.new.total"]
    value: Decimal | None = new.value
    line: int | None = new.line
    errors: list[gik.Diagnostic] = [d for d in report.diagnostics if d.severity == "error"]
    claims: list[Decimal] = [c.value for c in report.claims]
    flat: str = report.to_flat()
    as_json: str = report.to_json(indent=2)
    first: gik.Cell | None = report.get(report.keys()[0])
    return f"{agency} {year} {layouts} {value} {line} {len(errors)} {claims} {len(flat)} {len(as_json)} {first}"


def from_bytes(data: bytes) -> bool:
    return gik.parse(data).has_errors


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(summary(arg))
