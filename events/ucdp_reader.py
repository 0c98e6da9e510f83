"""UCDP GED's CSV (plain or gzipped, GED 19.1 variables and later) → `ImportRow`s
(`events.dataset_table`).

Required columns: id, type_of_violence, side_a, side_b, latitude, longitude, date_start, date_prec,
where_prec, best and source_headline; read when present: date_end, low, high, where_coordinates,
adm_1, adm_2, source_office, source_date, country (or iso3, country_id).

- **Kind**: `type_of_violence` through `dataset_event_types.tsv` (1 state-based and 2 non-state:
  battle; 3 one-sided: attack on civilians), with the ACLED coding of that kind.
- **Actors**: `side_a` is the first actor, `side_b` the second, through `dataset_actors.tsv`. A
  side naming several groups (`Ahrar al-Sham, HTS, Southern Front`) is looked up whole, then group
  by group: its first group with a canonical actor is the side's actor, every other group an
  associated actor; groups outside the list stay actors of their own.
- **Precision**: `where_prec` 1, 2 → geo precision 1, 2; 3-7 → 3. `date_prec` 1 → time precision
  1; 2, 3 → 2; 4, 5 → 3 (`events.dataset_vocab`).
- **Deaths**: `best`, `low`, `high` → fatalities, fatalities_low, fatalities_high.
- **Evidence**: the source headline (HTML character references such as `&#8217;` and `&amp;`
  decoded, white space folded), in a report of its own whose outlet is
  `source_office` and whose date is the first `source_date`; rows with the same headline share it.
- **Place**: the event keeps UCDP's coordinates, and is linked to the gazetteer place named by
  `where_coordinates` near that point (within 10 km for where_prec 1-2, 40 km for a district,
  100 km for a governorate or larger area, 400 km for the country), of the kind its last word
  names (`Tabqa town`: a settlement, `Homs Governorate`: a governorate); facilities (`Tabqa Dam`)
  are tried by their full name first, then without their descriptor. No place of that name near:
  no link.
- Every other column of the row (dyad, conflict and side ids, source articles, deaths by side,
  the precision codes, ...) is kept verbatim in `source_codes`, so the UCDP export gives it back.

A row with a problem (no id, coordinates or a date that do not read, a code out of its range,
no headline) is listed with its line and every problem it has, and not imported.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from gazetteer.kinds import SETTLEMENT_KINDS

from .dataset_table import ImportRow, PlaceQuery, Problem, Record, ReportData, coordinates, integer, read_records
from .dataset_vocab import (
    DATE_TO_TIME,
    WHERE_TO_GEO,
    ActorRef,
    actor_ref,
    country_code,
    event_kind,
    resolve_actor,
    split_names,
)
from .pipeline.labels import acled_coding

REQUIRED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "latitude",
    "longitude",
    "date_start",
    "date_prec",
    "where_prec",
    "best",
    "source_headline",
)
#: Columns read into fields of their own; every other column is kept verbatim in source_codes.
FIELD_COLUMNS = frozenset(
    {"id", "year", "side_a", "side_b", "latitude", "longitude", "geom_wkt", "where_coordinates", "adm_1", "adm_2"}
    | {"date_start", "date_end", "best", "low", "high", "source_office", "source_headline", "country", "region"}
    | {"iso3", "start_year", "end_year"}
)
#: A place of the name this close to UCDP's point (km), by where_prec.
NAME_KM = {1: 10.0, 2: 10.0, 3: 40.0, 4: 100.0, 5: 100.0, 6: 400.0, 7: 0.0}
#: Last words of where_coordinates that say what kind of place the rest names.
KIND_WORDS: dict[str, frozenset[str] | None] = {
    **dict.fromkeys(("town", "village", "city", "suburb", "neighbourhood", "neighborhood"), SETTLEMENT_KINDS),
    "district": frozenset({"district"}),
    **dict.fromkeys(("governorate", "province"), frozenset({"governorate"})),
    **dict.fromkeys(("area", "region", "countryside", "locality", "sub-district", "subdistrict", "nahiya"), None),
}
#: Last words that name a facility: its full name is tried first.
FACILITY_WORDS = frozenset(
    [
        "airport",
        "airbase",
        "base",
        "dam",
        "camp",
        "field",
        "fields",
        "hill",
        "mountain",
        "station",
        "complex",
        "farm",
        "farms",
        "reservoir",
        "prison",
        "hospital",
        "crossing",
        "bridge",
        "checkpoint",
        "military",
    ]
)
#: Last words of lines and borders (`Ar Raqqah/Homs border`): no place is linked.
LINE_WORDS = frozenset(["border", "road", "highway", "front", "frontline", "line", "triangle"])
#: First words that place an area within a governorate or district (`Northern Hamah Governorate`).
DIRECTION_WORDS = frozenset(
    ["northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "rural"]
)
_PARENS = re.compile(r"\s*\(([^)]*)\)")


def read(data: bytes, name: str) -> tuple[list[ImportRow], list[Problem]]:
    """The file's events and the problems of the rows that are not imported."""
    records, problems = read_records(data, name, required=REQUIRED)
    rows = []
    for record in records:
        errors: list[str] = []
        row = _row(record, errors)
        if errors or row is None:
            problems.append(Problem(record.line, "; ".join(errors)))
        else:
            rows.append(row)
    return rows, sorted(problems, key=lambda p: p.line)


def _row(record: Record, errors: list[str]) -> ImportRow | None:
    ucdp_id = record.get("id").removesuffix(".0")
    if not ucdp_id:
        errors.append("no id (each row needs UCDP's event id)")
    point = _check(errors, coordinates, record.get("latitude"), record.get("longitude"))
    start = _check(errors, _iso_date, record.get("date_start"), "date_start")
    end = _check(errors, _iso_date, record.get("date_end") or record.get("date_start"), "date_end")
    codes = {
        column: _check(errors, integer, record.get(column), column, low=1, high=high)
        for column, high in (("type_of_violence", 3), ("where_prec", 7), ("date_prec", 5))
    }
    deaths = {c: _check(errors, integer, record.get(c), c) for c in ("best", "low", "high")}
    headline = " ".join(headline_text(record.get("source_headline")).split())
    if not headline:
        errors.append("no source_headline (the headline is the event's evidence)")
    missing = [c for c, v in codes.items() if v is None and record.get(c) == ""]
    errors += [f"no {c}" for c in missing]
    if errors or point is None or start is None:
        return None
    kind = event_kind("ucdp", str(codes["type_of_violence"])) or "battle"
    actor1, more1 = _side(record.get("side_a"))
    actor2, more2 = _side(record.get("side_b"))
    event_type, sub = acled_coding(kind, actor1=actor1.name if actor1 and actor1.canonical else None)
    where = " ".join(record.get("where_coordinates").split())
    values: dict[str, Any] = {
        "kind": kind,
        "event_type": event_type,
        "sub_event_type": sub,
        "date": start,
        "date_end": end if end and end != start else None,
        "time_precision": DATE_TO_TIME[codes["date_prec"]],
        "place_mention": where[:300],
        "lat": point[0],
        "lon": point[1],
        "geo_precision": WHERE_TO_GEO[codes["where_prec"]],
        "country": country_code(record.get("country"), record.get("iso3"), record.get("country_id")),
        "admin1": record.get("adm_1")[:100],
        "admin2": record.get("adm_2")[:100],
        "admin3": "",
        "fatalities": deaths["best"],
        "fatalities_low": deaths["low"],
        "fatalities_high": deaths["high"],
        "source": record.get("source_office"),
        "source_scale": "",
        "evidence": headline,
        "source_codes": {k: v.strip() for k, v in record.cells.items() if k not in FIELD_COLUMNS and v.strip()},
    }
    names = {a.name for a in (actor1, actor2) if a}
    associated = {ref.name: ref for ref in [*more1, *more2] if ref.name not in names}
    return ImportRow(
        line=record.line,
        dataset="ucdp",
        dataset_id=ucdp_id[:32],
        values=values,
        actor1=actor1,
        actor2=actor2,
        associated=tuple(associated.values()),
        place=place_query(where, codes["where_prec"] or 1),
        report=ReportData(headline, record.get("source_office")[:200], _published(record), f"UCDP {ucdp_id}: {where}"),
    )


def _check(errors: list[str], parse: Any, *args: Any, **kwargs: Any) -> Any:
    """parse(*args, **kwargs), or None with its message added to `errors`."""
    try:
        return parse(*args, **kwargs)
    except ValueError as exc:
        errors.append(str(exc))
        return None


def _iso_date(value: str, column: str) -> dt.date:
    """A date written YYYY-MM-DD (a time after it is ignored)."""
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a date (YYYY-MM-DD)") from None


def _published(record: Record) -> dt.date | None:
    """The first of the row's source dates that reads."""
    for value in record.get("source_date").split(";"):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            continue
    return None


def headline_text(raw: str | None) -> str:
    """A `source_headline` as text: UCDP copied many headlines from web pages with their HTML
    character references (`Dar&#8217;a`, `&#8220;Islamic State&#8221;`, `&amp;`), decoded here."""
    return html.unescape(raw or "").strip()


def side_actor(side: str) -> str | None:
    """Our name of the actor of a UCDP side (see the module), or None for an empty side."""
    actor = _side(side)[0]
    return actor.name if actor else None


def _side(side: str) -> tuple[ActorRef | None, list[ActorRef]]:
    """A side's actor and its other groups (see the module)."""
    whole = actor_ref("ucdp", side)
    if whole is None or whole.canonical or "," not in side:
        return whole, []
    groups = [ref for name in split_names(side, ",") if (ref := actor_ref("ucdp", name))]
    main = next((g for g in groups if resolve_actor("ucdp", g.mention)), groups[0] if groups else None)
    if main is None:
        return None, []
    main = ActorRef(whole.mention, main.name, main.canonical, None)
    return main, [g for g in groups if g.name != main.name]


def place_query(where: str, where_prec: int) -> PlaceQuery:
    """The gazetteer place to link an event to (see the module)."""
    max_km = NAME_KM.get(where_prec, 0.0)
    base = _PARENS.sub("", where).strip()
    inner = [m.strip() for m in _PARENS.findall(where) if m.strip()]
    words = base.split()
    last = words[-1].casefold() if words else ""
    if last in LINE_WORDS:
        return PlaceQuery((), None, 0.0, 0.0)
    if last in ("governorate", "province", "district") and len(words) > 2 and words[0].casefold() in DIRECTION_WORDS:
        words = words[1:]
    while words and (words[-1].casefold() in KIND_WORDS or words[-1].casefold() in FACILITY_WORDS):
        words.pop()
    stripped = " ".join(words)
    kinds = KIND_WORDS.get(last) if last in KIND_WORDS and stripped else None
    if where_prec == 6:
        kinds = frozenset({"country"})
    first = [base, stripped] if last in FACILITY_WORDS else [stripped, base]
    names = [n for n in first if n]
    names += [part.strip() for part in stripped.split("/")] if "/" in stripped else []
    names += inner
    return PlaceQuery(tuple(dict.fromkeys(n for n in names if n)), kinds, max_km, 0.0)
