"""ACLED's CSV, as ACLED's exports have shipped it, → `ImportRow`s (`events.dataset_table`).

Columns (names in any case; ACLED's old `ally_actor_1/2` are read as `assoc_actor_1/2`): required
are event_id_cnty, event_date, event_type, actor1, latitude, longitude and notes; read when present
are sub_event_type (absent before 2019), year, time_precision, assoc_actor_1, inter1, actor2,
assoc_actor_2, inter2, civilian_targeting, iso, country, admin1-3, location, geo_precision, source,
source_scale, fatalities and tags. Others (disorder_type, interaction, region, timestamp) are
derived again on export.

- **Dates**: `2020-05-09` (also with a time), `09 May 2020`, `9 May 2020`, `9-May-20`,
  `9-May-2020`, `May 9, 2020`, `09/05/2020` and `09.05.2020`, and a spreadsheet's day number. For
  numeric dates the file decides the order: day first unless a value only reads month first
  (`05/19/2020`); a file with both is refused row by row. The `year` column, when there, must
  agree.
- **Kinds**: ACLED's event type and sub-event type through `dataset_event_types.tsv` (an unknown
  type is a problem of its row); ACLED's own type and sub-type are kept on the event.
- **Actors**: through `dataset_actors.tsv` to our canonical actors; any other name stays an actor
  of its own with its interaction code. Associated actors (`A; B`) become the event's associated
  actors. The names as ACLED wrote them, the interaction codes, `civilian_targeting` and `tags`
  are kept (`actor1_mention`, `actor2_mention`, `source_codes`), so the export gives them back.
- **Place**: the gazetteer place of the location's name within 10 km, else the nearest place
  within 2 km; the event keeps ACLED's coordinates either way. `City - Neighbourhood` locations
  are also tried by each part.
- **Evidence**: the notes, in a report of their own (outlet: the source column; date: the event's).

A row with a problem (no event_id_cnty, a date or coordinates that do not read, no notes, a code
that is not one) is listed with its line and every problem it has, and not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from .dataset_table import ImportRow, PlaceQuery, Problem, Record, ReportData, coordinates, integer, read_records
from .dataset_vocab import ActorRef, actor_ref, country_code, event_type, parse_inter, split_names

REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "latitude", "longitude", "notes")
#: A place of the location's name this close (km), of any kind...
PLACE_NAME_KM = 10.0
#: ...else the nearest place of any kind this close (km), else none (the row's coordinates stay).
PLACE_SNAP_KM = 2.0
#: ACLED's cells kept on the event as they are (when not empty), for the export.
KEPT_CODES = ("assoc_actor_1", "assoc_actor_2", "civilian_targeting", "tags")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]*Z?)?$")
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$")
_YEAR_FIRST = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})$")
_SERIAL = re.compile(r"(\d{5})(?:\.0+)?$")
_NAMED = ("%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d-%B-%Y", "%d-%B-%y", "%B %d, %Y", "%b %d, %Y", "%d %B, %Y")
#: Day 0 of spreadsheets' day numbers (Excel and LibreOffice).
_SPREADSHEET_EPOCH = dt.date(1899, 12, 30)


class DateReader:
    """ACLED's event dates in every form its files have had. Numeric dates (`09/05/2020`) are read
    day first unless the file's values show they are month first."""

    def __init__(self, values: Iterable[str]) -> None:
        firsts, seconds = set(), set()
        for value in values:
            m = _NUMERIC.match(value.strip())
            if m:
                firsts.add(int(m.group(1)))
                seconds.add(int(m.group(2)))
        self.day_first = not (any(s > 12 for s in seconds) and not any(f > 12 for f in firsts))
        self.mixed = any(s > 12 for s in seconds) and any(f > 12 for f in firsts)

    def __call__(self, value: str) -> dt.date:
        text = " ".join(value.split())
        try:
            return self._read(text)
        except ValueError:
            raise ValueError(
                f"event_date {value!r} is not a date (2020-05-09, 09 May 2020, 9-May-20, May 9, 2020, 09/05/2020)"
            ) from None

    def _read(self, text: str) -> dt.date:
        if m := _ISO.match(text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _YEAR_FIRST.match(text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC.match(text):
            a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if self.mixed and a <= 12 and b <= 12:
                raise ValueError("day and month cannot be told apart in this file")
            year = year if year >= 100 else (2000 + year if year < 69 else 1900 + year)
            return dt.date(year, b, a) if self.day_first else dt.date(year, a, b)
        if m := _SERIAL.match(text):
            day = _SPREADSHEET_EPOCH + dt.timedelta(days=int(m.group(1)))
            if dt.date(1990, 1, 1) <= day <= dt.date(2100, 1, 1):
                return day
        for fmt in _NAMED:
            try:
                return dt.datetime.strptime(text.title(), fmt).date()
            except ValueError:
                continue
        raise ValueError(text)


def read(data: bytes, name: str) -> tuple[list[ImportRow], list[Problem]]:
    """The file's events and the problems of the rows that are not imported."""
    records, problems = read_records(data, name, required=REQUIRED)
    dates = DateReader(r.get("event_date") for r in records)
    rows = []
    for record in records:
        errors: list[str] = []
        row = _row(record, dates, errors)
        if errors or row is None:
            problems.append(Problem(record.line, "; ".join(errors)))
        else:
            rows.append(row)
    return rows, sorted(problems, key=lambda p: p.line)


def _row(record: Record, dates: DateReader, errors: list[str]) -> ImportRow | None:
    event_id = record.get("event_id_cnty")
    if not event_id:
        errors.append("no event_id_cnty (each row needs ACLED's event id)")
    date = _date(record, dates, errors)
    point = _check(errors, coordinates, record.get("latitude"), record.get("longitude"))
    notes = " ".join(record.get("notes").split())
    if not notes:
        errors.append("no notes (the notes are the event's evidence)")
    etype, sub = record.get("event_type"), record.get("sub_event_type")
    found = event_type("acled", etype, sub)
    if found is None:
        errors.append(f"event_type {etype!r} / sub_event_type {sub!r} is not an ACLED event type")
    numbers = {
        column: _check(errors, integer, record.get(column), column, low=low, high=high)
        for column, low, high in (("time_precision", 1, 3), ("geo_precision", 1, 3), ("fatalities", 0, None))
    }
    inter1 = _check(errors, parse_inter, record.get("inter1"), "inter1")
    inter2 = _check(errors, parse_inter, record.get("inter2"), "inter2")
    if errors or point is None or found is None or date is None:
        return None
    actor1, actor2 = actor_ref("acled", record.get("actor1"), inter1), actor_ref("acled", record.get("actor2"), inter2)
    location = " ".join(record.get("location").split())
    values: dict[str, Any] = {
        "kind": found.kind,
        "event_type": etype[:64],
        "sub_event_type": sub[:64],
        "date": date,
        "date_end": None,
        "time_precision": numbers["time_precision"],
        "place_mention": location[:300],
        "lat": point[0],
        "lon": point[1],
        "geo_precision": numbers["geo_precision"],
        "country": country_code(record.get("iso"), record.get("country")),
        **{f"admin{i}": " ".join(record.get(f"admin{i}").split())[:100] for i in (1, 2, 3)},
        "fatalities": numbers["fatalities"],
        "fatalities_low": None,
        "fatalities_high": None,
        "source": record.get("source"),
        "source_scale": record.get("source_scale")[:100],
        "evidence": notes,
        "source_codes": _codes(record, inter1, inter2),
    }
    return ImportRow(
        line=record.line,
        dataset="acled",
        dataset_id=event_id[:32],
        values=values,
        actor1=actor1,
        actor2=actor2,
        associated=_associated(record, actor1, actor2),
        place=PlaceQuery(_place_names(location), None, PLACE_NAME_KM, PLACE_SNAP_KM),
        report=ReportData(notes, record.get("source")[:200], date, f"ACLED {event_id}: {location}"[:300]),
    )


def _check(errors: list[str], parse: Any, *args: Any, **kwargs: Any) -> Any:
    """parse(*args, **kwargs), or None with its message added to `errors`."""
    try:
        return parse(*args, **kwargs)
    except ValueError as exc:
        errors.append(str(exc))
        return None


def _date(record: Record, dates: DateReader, errors: list[str]) -> dt.date | None:
    date = _check(errors, dates, record.get("event_date"))
    year = record.get("year")
    if date is not None and year and year.removesuffix(".0") != str(date.year):
        errors.append(f"event_date {record.get('event_date')!r} is not in the row's year {year}")
        return None
    return date


def _codes(record: Record, inter1: int | None, inter2: int | None) -> dict[str, Any]:
    """ACLED's codes that have no field of their own (kept when not empty)."""
    codes: dict[str, Any] = {k: " ".join(record.get(k).split()) for k in KEPT_CODES if record.get(k)}
    codes.update({k: v for k, v in (("inter1", inter1), ("inter2", inter2)) if v is not None})
    return codes


def _associated(record: Record, actor1: ActorRef | None, actor2: ActorRef | None) -> tuple[ActorRef, ...]:
    refs: dict[str, ActorRef] = {}
    for column in ("assoc_actor_1", "assoc_actor_2"):
        for mention in split_names(record.get(column), ";"):
            ref = actor_ref("acled", mention)
            if ref is not None:
                refs.setdefault(ref.name, ref)
    main = {a.name for a in (actor1, actor2) if a}
    return tuple(ref for name, ref in refs.items() if name not in main)


def _place_names(location: str) -> tuple[str, ...]:
    """The names a location is looked up by: itself, then the parts of `City - Neighbourhood`
    (the neighbourhood first)."""
    parts = [p.strip() for p in location.split(" - ") if p.strip()] if " - " in location else []
    return tuple(dict.fromkeys([location, *reversed(parts)])) if location else ()
