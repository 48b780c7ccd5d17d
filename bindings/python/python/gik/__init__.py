"""gik: China's government information disclosure annual reports
(政府信息公开工作年度报告) into typed, checked data.

>>> import gik
>>> report = gik.parse_file("examples/report.txt")          # doctest: +SKIP
>>> report.applications.new.total.value                     # doctest: +SKIP
Decimal('12')
>>> [d.code for d in report.diagnostics]                    # doctest: +SKIP
['applications.balance']

The parsing is done by the Rust core (crate ``gik-parse``); this package only
presents its result. Every object here is a read-only view over the report's
JSON (``Report.to_dict()``), so attribute names are the JSON's field names,
the same in Rust, Python and JavaScript.
"""

from __future__ import annotations

import copy
import json
import os
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator, Union

from . import _gik
from ._gik import ParseError

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]  # pandas-stubs is optional

try:
    __version__ = version("gik")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

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

StrPath = Union[str, "os.PathLike[str]"]


class _View:
    """A read-only view over one JSON object of a report.

    Attributes are the object's keys. ``_children`` says which keys hold
    objects (or lists of objects) that get their own view class;
    ``_decimals`` which hold exact decimals written as strings.
    """

    __slots__ = ("_data",)
    _children: ClassVar[dict[str, type[_View]]] = {}
    _decimals: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = self._data[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None
        return self._wrap(name, value)

    def _wrap(self, name: str, value: Any) -> Any:
        view = self._children.get(name)
        if view is not None:
            if isinstance(value, list):
                return [view(v) for v in value]
            return None if value is None else view(value)
        if name in self._decimals and value is not None:
            return Decimal(value)
        if isinstance(value, list):
            return list(value)
        return value

    def __dir__(self) -> list[str]:
        return sorted({*object.__dir__(self), *self._data})

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self._data == other._data)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._data)
        return f"{type(self).__name__}({fields})"

    def __getstate__(self) -> dict[str, Any]:
        return self._data

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state

    def to_dict(self) -> dict[str, Any]:
        """This part of the report's JSON, as a new dict."""
        return copy.deepcopy(self._data)


class Source(_View):
    """How the input was read: ``format``, ``encoding``, ``layouts``."""

    __slots__ = ()


class Meta(_View):
    """Report metadata: ``agency``, ``year``, ``template``, ``published``, ``source``."""

    __slots__ = ()
    _children = {"source": Source}


class Cell(_View):
    """One number of a table: ``state`` (``number``, ``blank`` or ``unknown``),
    ``value`` (an exact ``Decimal``, or ``None`` unless the state is ``number``)
    and ``line`` (the 1-based source line, or ``None``)."""

    __slots__ = ()
    _decimals = frozenset({"value"})


class Claim(_View):
    """A number stated in the prose: ``key``, ``value`` (``Decimal``), ``line``, ``text``."""

    __slots__ = ()
    _decimals = frozenset({"value"})


class Diagnostic(_View):
    """A finding about a report: ``code``, ``severity`` (``error`` or
    ``warning``), ``message`` and ``line`` (1-based, or ``None``)."""

    __slots__ = ()

    def __str__(self) -> str:
        line = "" if self._data["line"] is None else f"{self._data['line']}: "
        return f"{line}{self._data['severity']}[{self._data['code']}]: {self._data['message']}"


class Table(_View):
    """A table group (``report.applications``) or a row of it
    (``report.applications.new``), nested along the flat key.

    Attributes are the next part of the flat key: a ``Table`` for a row,
    a ``Cell`` at the end (``report.applications.new.total``). Indexing takes
    the rest of a flat key: ``report.applications["denied.state_secret.total"]``.
    """

    __slots__ = ("_path", "_cells")

    def __init__(self, data: dict[str, Any], path: str, cells: frozenset[str]) -> None:
        super().__init__(data)
        self._path = path
        self._cells = cells

    def _wrap(self, name: str, value: Any) -> Any:
        path = f"{self._path}.{name}"
        if path in self._cells:
            return Cell(value)
        return Table(value, path, self._cells)

    def __getitem__(self, key: str) -> Any:
        node: Any = self
        for part in key.split("."):
            if not isinstance(node, Table) or part not in node._data:
                raise KeyError(f"{self._path}.{key}")
            node = node._wrap(part, node._data[part])
        return node

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __repr__(self) -> str:
        return f"Table({self._path!r}, {list(self._data)!r})"

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self._data, "path": self._path, "cells": self._cells}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data, self._path, self._cells = state["data"], state["path"], state["cells"]


class Report:
    """A parsed report.

    Attributes are the top-level keys of its JSON: ``meta`` (:class:`Meta`),
    the tables ``proactive``, ``applications``, ``review``,
    ``litigation_direct``, ``litigation_after_review`` (:class:`Table`),
    ``claims`` (list of :class:`Claim`) and ``diagnostics`` (list of
    :class:`Diagnostic`). ``report["applications.new.total"]`` is the
    :class:`Cell` with that flat key.
    """

    __slots__ = ("_core", "_json", "_cell_keys")
    _children: ClassVar[dict[str, type[_View]]] = {"meta": Meta, "claims": Claim, "diagnostics": Diagnostic}

    def __init__(self, core: _gik.CoreReport) -> None:
        self._core = core
        self._json: dict[str, Any] | None = None
        self._cell_keys: frozenset[str] | None = None

    @classmethod
    def from_json(cls, text: str) -> Report:
        """Read back what :meth:`to_json` wrote."""
        return cls(_gik.from_json(text))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Read back what :meth:`to_dict` returned."""
        return cls(_gik.from_json(json.dumps(data, ensure_ascii=False)))

    def _dict(self) -> dict[str, Any]:
        if self._json is None:
            self._json = self._core.to_dict()
        return self._json

    def _cells(self) -> frozenset[str]:
        if self._cell_keys is None:
            self._cell_keys = frozenset(self._core.table_keys())
        return self._cell_keys

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        data = self._dict()
        if name not in data:
            raise AttributeError(f"'Report' object has no attribute {name!r}")
        value = data[name]
        view = self._children.get(name)
        if view is None:
            return Table(value, name, self._cells())
        if isinstance(value, list):
            return [view(v) for v in value]
        return view(value)

    def __dir__(self) -> list[str]:
        return sorted({*object.__dir__(self), *self._dict()})

    def keys(self) -> list[str]:
        """The flat keys of the table cells, in the template's order."""
        return self._core.table_keys()

    def __getitem__(self, key: str) -> Cell:
        if key not in self._cells():
            raise KeyError(key)
        node: Any = self._dict()
        for part in key.split("."):
            node = node[part]
        return Cell(node)

    def get(self, key: str) -> Cell | None:
        """The cell with this flat key, or ``None`` when the template has no such key."""
        return self[key] if key in self._cells() else None

    def __contains__(self, key: object) -> bool:
        return key in self._cells()

    @property
    def has_errors(self) -> bool:
        """Does the report hold an error-severity diagnostic?"""
        return self._core.has_errors()

    def to_dict(self) -> dict[str, Any]:
        """The report's JSON value as a new dict (cell values are decimal strings)."""
        return self._core.to_dict()

    def to_json(self, indent: int | None = None) -> str:
        """The report as JSON text, pretty-printed with ``indent`` spaces when given."""
        return self._core.to_json(indent)

    def to_flat(self) -> str:
        """The flat text format, exactly as ``gik parse --format flat`` prints it."""
        return self._core.to_flat()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self._dict() == other._dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        meta = self._dict()["meta"]
        return (
            f"<gik.Report agency={meta['agency']!r} year={meta['year']!r} "
            f"template={meta['template']!r} diagnostics={self._core.diagnostic_count()}>"
        )

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (_report_from_json, (self.to_json(),))


def _report_from_json(text: str) -> Report:
    return Report.from_json(text)


def parse(data: str | bytes | bytearray | memoryview) -> Report:
    """Parse a report from ``str`` (plain text in any layout, or HTML) or
    ``bytes`` (UTF-8, UTF-16 with BOM, GB18030/GBK, Big5; HTML; DOCX).

    Raises :class:`ParseError` when the input is not a report at all.
    The GIL is released while parsing.
    """
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    return Report(_gik.parse(data))


def parse_file(path: StrPath) -> Report:
    """Read a file's bytes and parse them (see :func:`parse`)."""
    return Report(_gik.parse_file(os.fspath(path)))


def to_frame(reports: Iterable[Report], files: Iterable[StrPath] | None = None) -> pandas.DataFrame:
    """A pandas DataFrame with one row per report.

    Columns: ``file`` (from ``files``, else ``None``), one column per flat key
    of either template (the 2021 keys, meta first, then the keys only the 2019
    template has; a key not in a report's template is missing in its row), and
    ``diagnostics`` (the number of diagnostics): the columns of
    ``gik parse --format csv``.

    Types: counts (and ``meta.year``) are nullable ``Int64``; amounts (万元)
    are ``float64``; text is ``object`` (``str``, or ``None`` when absent).
    Blank and unknown cells are missing (``<NA>``/``NaN``), as in the flat
    format; use :class:`Report` for the exact ``Decimal`` and the state.
    """
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError("gik.to_frame() needs pandas: pip install pandas") from e

    reports = list(reports)
    names: list[str | None]
    if files is None:
        names = [None] * len(reports)
    else:
        names = [os.fspath(f) for f in files]
        if len(names) != len(reports):
            raise ValueError(f"to_frame: {len(reports)} reports but {len(names)} files")

    flats = [dict(r._core.flat()) for r in reports]
    data: dict[str, Any] = {"file": pd.Series(names, dtype=object)}
    for key, kind in _gik.columns():
        raw = [flat.get(key) or None for flat in flats]
        if kind == "count":
            data[key] = pd.array([None if v is None else _count(key, v) for v in raw], dtype="Int64")
        elif kind == "amount":
            data[key] = pd.array([float("nan") if v is None else float(v) for v in raw], dtype="float64")
        else:
            data[key] = pd.Series(raw, dtype=object)
    data["diagnostics"] = pd.array([r._core.diagnostic_count() for r in reports], dtype="int64")
    return pd.DataFrame(data)


def _count(key: str, value: str) -> int:
    number = Decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"{key}: a count with decimals: {value}")
    return int(number)
