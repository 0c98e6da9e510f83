"""Reading a table of control points (who holds which place on a date): rows and holders.

The file: CSV or TSV (the delimiter is sniffed from the header) in any encoding report files
may have (UTF-8 with or without a BOM, UTF-16 as Excel's "Unicode text" writes it,
Windows-1256 as Arabic Excel writes CSV, ISO-8859-6; lib/untrusted.py), one header row whose
names are case-insensitive; other columns are ignored. Empty, binary and undecodable files are
refused with the reason.

    name | label                 place name (any script); when empty, a `link` column is used
    lat | latitude, lon | lng | longitude     WGS84 degrees
    holder | controller          a canonical actor (any case), an actor alias, or the Wikipedia
                                 locality-map vocabulary: government (Syrian Arab Army in Syria,
                                 Iraqi Security Forces in Iraq), sdf (SDF in Syria, Peshmerga in
                                 Iraq), rebels (FSA/SNA), hts, isis, turkey; rows that say
                                 contested or unknown (or nothing) are read, and skipped by the import
    date                         optional, YYYY-MM-DD; overrides the default date for its row (a
                                 default date is required when the file has no date column)
    name_ar, name_fa             optional names, used for matching and kept on new places
    besieged_by                  optional, actor names separated by semicolons
    kind                         optional (Wikipedia tables): a row that is not a locality dot
                                 (pog, anim, circle, arc) is a facility

`read_table()` parses and checks the whole file before anything is written: a malformed file
(empty, binary, missing columns, bad coordinates, a bad date, an unknown holder, a line over
`LINE_LIMIT` characters) raises TableError naming the file and the line. The file is scanned,
then read line by line (`lib.untrusted_lines`): only the parsed rows are kept, never its text.
Names are one clean line each (`one_line`: white space folded, control characters and direction
overrides dropped).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from events.models import Actor
from events.pipeline.labels import CANONICAL_ACTORS, HOLDER_FOR
from events.pipeline.lexicon import actor_entries
from lib.display import one_line
from lib.text import name_key, script_of
from lib.untrusted import UnreadableReport
from lib.untrusted_lines import Line, open_lines

COLUMNS = {
    "name": ("name", "label"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "longitude"),
    "holder": ("holder", "controller"),
}
OPTIONAL = {key: (key,) for key in ("date", "name_ar", "name_fa", "besieged_by", "link", "kind")}

#: The Wikipedia locality-map vocabulary; a dict where the actor depends on the country.
VOCABULARY: dict[str, str | dict[str, str]] = {
    "government": {"SY": "Syrian Arab Army", "IQ": "Iraqi Security Forces"},
    "sdf": {"SY": "SDF", "IQ": "Peshmerga"},
    "rebels": "FSA/SNA",
    "hts": "HTS",
    "isis": "ISIS",
    "turkey": "Turkey",
}
SKIP = ("contested", "unknown")
SKIP_KEYS = frozenset({"", *(name_key(s) for s in SKIP)})
#: Wikipedia `kind` values of locality dots; anything else is a facility (base, airport, hill…).
LOCALITY_KINDS = frozenset({"pog", "anim", "circle", "arc"})
#: The longest name cell kept (longer ones are cut).
NAME_LENGTH = 10_000
#: The longest line of a table read, in characters (csv limits each field to 131,072).
LINE_LIMIT = 1 << 20


class TableError(ValueError):
    """A table that cannot be imported; the message names the file and the line."""


def fail(file: Path, line: int | None, reason: str) -> TableError:
    where = f"{file}:{line}" if line else str(file)
    return TableError(f"{where}: {reason} — nothing was written")


@dataclass(slots=True)
class Row:
    line: int
    name: str
    names: list[tuple[str, str]]  # (name, language) for matching and for a new place
    lat: float
    lon: float
    holder: str  # as written
    besieged_by: list[str]
    date: dt.date
    facility: bool

    @property
    def skipped(self) -> bool:
        """Whether the row says nothing of its holder (contested, unknown, empty)."""
        return name_key(self.holder) in SKIP_KEYS


def parse_date(value: str, file: Path | None = None, line: int | None = None) -> dt.date:
    """A YYYY-MM-DD date; TableError (naming the file and line when given) otherwise."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        reason = f"bad date {value!r} (expected YYYY-MM-DD)"
        raise (fail(file, line, reason) if file else TableError(reason)) from None


#: A progress bar: wraps the lines of a table, given how many there are.
type Progress = Callable[[Iterable[Line], int], Iterable[Line]]


def read_table(
    file: Path, default_date: dt.date | None, holders: Holders, progress: Progress = lambda lines, total: lines
) -> list[Row]:
    """Parse and check the whole file (nothing is written before it all reads)."""
    try:  # the encodings and refusals of report files (lib/untrusted.py), without HTML
        lines = open_lines(file, max_chars=LINE_LIMIT)
    except UnreadableReport as exc:
        raise TableError(f"{exc} — nothing was written") from None
    header_line = next((line for line in _texts(file, lines) if line.strip()), "")
    delimiter = max("\t,;", key=header_line.count)
    if not header_line.count(delimiter):
        raise fail(file, 1, "no tab, comma or semicolon in the header: not a CSV or TSV table")

    reader = csv.reader(_texts(file, progress(lines, lines.lines)), delimiter=delimiter)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    rows: list[Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                columns = _columns(file, line, header, default_date)
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise fail(file, line, f"{len(cells)} fields, the header has {len(header)}")
            cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
            rows.append(_row(file, line, {key: cells[i] for key, i in columns.items()}, default_date, holders))
    except csv.Error as exc:
        raise fail(file, reader.line_num, f"not a valid table ({exc})") from None
    if not rows:
        raise fail(file, None, "no rows under the header")
    return rows


def _texts(file: Path, lines: Iterable[Line]) -> Iterator[str]:
    """Each line with its line end, for the csv reader; TableError for one over LINE_LIMIT."""
    for line in lines:
        if line.text is None:
            raise fail(file, line.number, f"a line of {line.length:,} characters, over the limit of {LINE_LIMIT:,}")
        yield line.text + "\n"


def _columns(file: Path, line: int, header: list[str], default_date: dt.date | None) -> dict[str, int]:
    columns: dict[str, int] = {}
    missing = []
    for key, names in (COLUMNS | OPTIONAL).items():
        found = next((header.index(n) for n in names if n in header), None)
        if found is not None:
            columns[key] = found
        elif key in COLUMNS:
            missing.append("|".join(names))
    if missing:
        raise fail(file, line, f"missing column(s) {', '.join(missing)} (the header has: {', '.join(header)})")
    if "date" not in columns and default_date is None:
        raise fail(file, line, "the table has no date column: give --date")
    return columns


def _row(file: Path, line: int, cells: dict[str, str], default_date: dt.date | None, holders: Holders) -> Row:
    def cell(key: str) -> str:
        return cells.get(key, "")

    try:
        lat, lon = float(cell("lat")), float(cell("lon"))
    except ValueError:
        raise fail(file, line, f"lat {cell('lat')!r} or lon {cell('lon')!r} is not a number") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise fail(file, line, f"coordinates out of range: lat={lat}, lon={lon}")
    raw_date = cell("date")
    if raw_date:
        date = parse_date(raw_date, file, line)
    elif default_date is not None:
        date = default_date
    else:
        raise fail(file, line, "no date in the date column: fill it or give --date")
    holder = " ".join(cell("holder").split())
    besieged = [" ".join(b.split()) for b in cell("besieged_by").split(";") if b.strip()]
    for value in [holder, *besieged]:
        if not holders.known(value):
            raise fail(
                file, line, f"unknown holder {value!r} (use an actor name or one of: {', '.join([*VOCABULARY, *SKIP])})"
            )
    name = one_line(cell("name"), NAME_LENGTH)
    if not name and cell("link"):
        name = one_line(cell("link").lstrip("#").split("#")[0].replace("_", " "), NAME_LENGTH)
    names = [(name, "ar" if script_of(name) == "arabic" else "en")] if name else []
    names += [
        (one_line(cell(k), NAME_LENGTH), k[-2:]) for k in ("name_ar", "name_fa") if one_line(cell(k), NAME_LENGTH)
    ]
    facility = "kind" in cells and cell("kind").lower() not in LOCALITY_KINDS and bool(cell("kind"))
    return Row(line, names[0][0] if names else "", names, lat, lon, holder, besieged, date, facility)


class Holders:
    """Holder strings → canonical actor names: the vocabulary, actor names in any case, and
    the aliases of the actors table and of the pipeline's actor lexicon."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        for entry in actor_entries():
            if not entry.note.startswith("ambiguous") and not entry.generic:
                self.by_key.setdefault(name_key(entry.alias), entry.canonical)
        for name, aliases in Actor.objects.values_list("name", "aliases"):
            for alias in aliases or []:
                if isinstance(alias, str) and name_key(alias):
                    self.by_key[name_key(alias)] = name
        for name in [*CANONICAL_ACTORS, *Actor.objects.values_list("name", flat=True)]:
            self.by_key[name_key(name)] = name
        self.vocabulary = {name_key(k): v for k, v in VOCABULARY.items()}

    def known(self, value: str) -> bool:
        key = name_key(value)
        return key in SKIP_KEYS or key in self.vocabulary or key in self.by_key

    def actor(self, file: Path, line: int, value: str, country: str) -> str | None:
        """The actor a holder string names in a country; None for contested or unknown."""
        key = name_key(value)
        if key in SKIP_KEYS:
            return None
        found = self.vocabulary.get(key, self.by_key.get(key))
        if isinstance(found, dict):
            if country not in found:
                where = country or "no known country"
                raise fail(file, line, f"{value!r} depends on the country and this point is in {where}: give --country")
            found = found[country]
        return found

    def resolve(self, file: Path, row: Row, country: str) -> tuple[str | None, list[str]]:
        """The row's holder (allies that take ground for the state give it to the state) and
        besiegers in the point's country."""
        holder = self.actor(file, row.line, row.holder, country)
        if holder is not None:
            holder = HOLDER_FOR.get((holder, country), holder)
        besiegers = [a for a in (self.actor(file, row.line, b, country) for b in row.besieged_by) if a]
        return holder, sorted(set(besiegers))
