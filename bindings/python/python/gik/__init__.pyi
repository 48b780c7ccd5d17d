# Type stubs for gik. The attribute names are the report JSON's field names
# (SPEC.md §3.3); tests/test_stubs.py checks them against a parsed report.

import os
from decimal import Decimal
from typing import Any, ClassVar, Iterable, Iterator, Literal

import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]  # pandas-stubs is optional

from . import _gik

__version__: str
__all__ = [
    "Cell",
    "Claim",
    "Diagnostic",
    "Meta",
    "ParseError",
    "Report",
    "Source",
    "Table",
    "parse",
    "parse_file",
    "to_frame",
]

StrPath = str | os.PathLike[str]

class ParseError(ValueError):
    """The input is not a report, or could not be read as one."""

    kind: str
    """The core's error code: `not-a-report`, `binary`, `undecodable`, `malformed`, `too-large`."""

class _View:
    _children: ClassVar[dict[str, type[_View]]]
    _decimals: ClassVar[frozenset[str]]
    def __init__(self, data: dict[str, Any]) -> None: ...
    def __getattr__(self, name: str) -> Any: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __getstate__(self) -> dict[str, Any]: ...
    def __setstate__(self, state: dict[str, Any]) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...

class Source(_View):
    format: str
    encoding: str
    layouts: list[str]

class Meta(_View):
    agency: str | None
    year: int | None
    template: Literal["2019", "2021"] | None
    published: str | None
    source: Source

class Cell(_View):
    state: Literal["number", "blank", "unknown"]
    value: Decimal | None
    line: int | None

class Claim(_View):
    key: str
    value: Decimal
    line: int | None
    text: str

class Diagnostic(_View):
    code: str
    severity: Literal["error", "warning"]
    message: str
    line: int | None

class Table(_View):
    def __init__(self, data: dict[str, Any], path: str, cells: frozenset[str]) -> None: ...  # type: ignore[override]
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, key: str) -> Any: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def __contains__(self, key: object) -> bool: ...

class Report:
    meta: Meta
    proactive: Table
    applications: Table
    review: Table
    litigation_direct: Table
    litigation_after_review: Table
    claims: list[Claim]
    diagnostics: list[Diagnostic]
    _children: ClassVar[dict[str, type[_View]]]
    def __init__(self, core: _gik.CoreReport) -> None: ...
    @classmethod
    def from_json(cls, text: str) -> Report: ...
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report: ...
    def keys(self) -> list[str]: ...
    def __getitem__(self, key: str) -> Cell: ...
    def get(self, key: str) -> Cell | None: ...
    def __contains__(self, key: object) -> bool: ...
    @property
    def has_errors(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: int | None = None) -> str: ...
    def to_flat(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

def parse(data: str | bytes | bytearray | memoryview) -> Report: ...
def parse_file(path: StrPath) -> Report: ...
def to_frame(reports: Iterable[Report], files: Iterable[StrPath] | None = None) -> pandas.DataFrame: ...
