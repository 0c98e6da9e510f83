"""A dataset file (ACLED or UCDP GED: CSV, gzipped or not) read into records, and the shapes
every format's reader hands the importer (`events.event_import`):

- `read_records(data, name, required=...)`: the bytes of a file → its records, each with the line
  it starts on and its cells by column name (header names lower-cased; ACLED's old column names
  are given their new ones). The text is read by `lib.untrusted.decode` (UTF-8 with or without a
  BOM, UTF-16, Windows-1252 as Excel writes CSV, ...; empty and binary files refused), the
  delimiter (comma, semicolon or tab) is sniffed from the header. A file that cannot be read, or
  lacks a required column, raises `FileProblem` naming the file and the line: nothing is written.
  A record with more cells than the header has is a `Problem` of its line.
- `ImportRow`: one event as a reader makes it (the Event's fields, its actors, the place to look
  for, the report it comes from); `Problem`: a row refused, with its line and why.

Plain Python: no Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lib.untrusted import UnreadableReport, decode

from .dataset_vocab import ActorRef

#: The largest file taken in, after gunzipping (bytes).
MAX_BYTES = 512 * 1024 * 1024
#: The longest cell (characters): UCDP's joined headlines reach a few thousand.
MAX_CELL = 1_000_000
#: ACLED's column names before 2019 → today's.
COLUMN_ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

csv.field_size_limit(MAX_CELL)


class FileProblem(ValueError):
    """A file that cannot be imported; the message names the file (and the line). Nothing is
    written."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A row that is not imported, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Record:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell, stripped; without the apostrophe our exports put before a cell a spreadsheet
        would run as a formula (`events.export.spreadsheet_safe`)."""
        value = self.cells.get(column) or ""
        if value[:1] == "'" and value[1:2] in _FORMULA_STARTS:
            value = value[1:]
        return value.strip()


@dataclass(frozen=True, slots=True)
class PlaceQuery:
    """Which gazetteer place an event is linked to (`gazetteer.matching.PlaceMatcher`): one of
    `names` of `kinds` (None: any) within `max_km` of the event's point, else the nearest place
    within `snap_km` (0: none)."""

    names: tuple[str, ...]
    kinds: frozenset[str] | None
    max_km: float
    snap_km: float


@dataclass(frozen=True, slots=True)
class ReportData:
    """The report an event's evidence comes from (ACLED's notes, UCDP's headlines)."""

    text: str
    outlet: str
    published: dt.date | None
    title: str


@dataclass(slots=True)
class ImportRow:
    """One event read from a dataset row. `values` are Event fields (kind, event_type, date, lat,
    lon, evidence, ...); actors, place and report are resolved by the importer."""

    line: int
    dataset: str
    dataset_id: str
    values: dict[str, Any]
    actor1: ActorRef | None
    actor2: ActorRef | None
    associated: tuple[ActorRef, ...]
    place: PlaceQuery
    report: ReportData


def gunzip(data: bytes, name: str) -> bytes:
    """The bytes, gunzipped when they are gzip (at most MAX_BYTES)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_BYTES + 1)
    except zlib.error as exc:
        raise FileProblem(f"{name}: a damaged gzip file ({exc})") from None
    if len(out) > MAX_BYTES:
        raise FileProblem(f"{name}: over {MAX_BYTES:,} bytes when gunzipped")
    if not inflater.eof:
        raise FileProblem(f"{name}: a truncated gzip file")
    return out


def read_records(data: bytes, name: str, *, required: Iterable[str]) -> tuple[list[Record], list[Problem]]:
    """The file's records and the problems of rows that cannot be records (see the module)."""
    try:
        text = decode(gunzip(data, name), name=name, html=False, max_bytes=None)
    except UnreadableReport as exc:
        raise FileProblem(f"{exc} — nothing was written") from None
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max(",;\t", key=header_line.count)
    if not header_line.count(delimiter):
        raise FileProblem(f"{name}: line 1: no comma, semicolon or tab in the header: not a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[Record] = []
    problems: list[Problem] = []
    header: list[str] | None = None
    previous = 0
    try:
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = _header(cells, name, line, required)
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(Problem(line, f"{len(cells)} cells where the header has {len(header)}"))
                continue
            records.append(Record(line, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        raise FileProblem(f"{name}: line {reader.line_num}: not CSV ({exc}) — nothing was written") from None
    return records, problems


def _header(cells: list[str], name: str, line: int, required: Iterable[str]) -> list[str]:
    header = [c.strip().lstrip("\ufeff").lower() for c in cells]
    header = [COLUMN_ALIASES.get(c, c) for c in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise FileProblem(
            f"{name}: line {line}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            "— nothing was written"
        )
    return header


def integer(value: str, column: str, *, low: int = 0, high: int | None = None) -> int | None:
    """A whole number of a cell (spreadsheets write 4.0), None for an empty cell; ValueError naming
    the column otherwise."""
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if number != number or number != int(number) or number < low or (high is not None and number > high):
        span = f"{low}-{high}" if high is not None else f"{low} or more"
        raise ValueError(f"{column} {value!r} is not a whole number ({span})")
    return int(number)


def coordinates(lat: str, lon: str) -> tuple[float, float]:
    """(latitude, longitude) of two cells; ValueError when they are not coordinates."""
    try:
        point = float(lat), float(lon)
    except ValueError:
        point = (float("nan"), float("nan"))
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise ValueError(f"latitude/longitude {lat!r}, {lon!r} are not coordinates")
    return point
