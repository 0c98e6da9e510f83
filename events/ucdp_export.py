"""Events out in UCDP GED's CSV shape: `ucdp_csv(queryset)`, streamed like the ACLED export
(`events.export`).

The columns are GED's (version 19.1 and later, in the order of UCDP's releases; `UCDP_COLUMNS`).
An event imported from UCDP (`events.ucdp_reader`) is given back as UCDP wrote it where it still
holds: its id, its sides as UCDP named them while they still stand for the event's actors, its
precision codes while they still give the event's precision, and every code it kept (dyad,
conflict and side ids, source articles, deaths by side). Other events get our names and codes:
`type_of_violence` 3 for attacks on civilians, 1 when a state's forces are a side, else 2 (empty
for kinds UCDP does not code: protests, riots, strategic developments); our precision in UCDP's
codes (geo 1, 2, 3 → where_prec 1, 2, 4; time 1, 2, 3 → date_prec 1, 2, 4); the PRIO-GRID cell
of the point. So a UCDP file imported, exported and imported again gives the same events.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from .dataset_vocab import COUNTRY_CODES, DATE_TO_TIME, GEO_TO_WHERE, TIME_TO_DATE, WHERE_TO_GEO, event_kind
from .export import (
    admin_names,
    coordinate,
    csv_chunks,
    governorate_names,
    location,
    rows,
    source_actor,
    spreadsheet_safe,
)
from .models import Event
from .pipeline.labels import AIRSTRIKE, BATTLE, CAPTURE, CIVILIANS, IED, SIEGE, STATE_FORCES, SURRENDER
from .ucdp_reader import side_actor

UCDP_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "gwnoa",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "gwnob",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
)
#: Kinds of organised violence, the only ones UCDP codes.
VIOLENT_KINDS = frozenset({BATTLE, AIRSTRIKE, SIEGE, CAPTURE, IED, SURRENDER, CIVILIANS})


def priogrid_gid(lat: float | None, lon: float | None) -> int | str:
    """The PRIO-GRID cell (half a degree, numbered from the south-west corner) of a point."""
    if lat is None or lon is None:
        return ""
    return int((lat + 90) / 0.5) * 720 + int((lon + 180) / 0.5) + 1


def type_of_violence(row: dict) -> int | str:
    if row["kind"] == CIVILIANS:
        return 3
    if row["kind"] not in VIOLENT_KINDS:
        return ""
    return 1 if {row["actor1__name"], row["actor2__name"]} & STATE_FORCES else 2


def _code(codes: dict[str, Any], key: str, still: Any) -> str | None:
    """UCDP's code `key` when the event kept one and `still(code)` says it still holds."""
    value = codes.get(key)
    try:
        return value if value is not None and still(int(value)) else None
    except ValueError:
        return None


def ucdp_record(row: dict, governorates: dict[str, str]) -> list:
    return [spreadsheet_safe(v) for v in _ucdp_record(row, governorates)]


def _ucdp_record(row: dict, governorates: dict[str, str]) -> list:
    ours = row["dataset"] == "ucdp"
    codes: dict[str, Any] = (row["source_codes"] or {}) if ours else {}
    (side_a, given_a), (side_b, given_b) = (source_actor(row, n, "ucdp", side_actor) for n in (1, 2))
    code = row["country"] or row["place__country"] or ""
    _, _, country, gw = COUNTRY_CODES.get(code, ("", "", code, ""))
    lat, lon = coordinate(row["lat"]), coordinate(row["lon"])
    date = row["date"]
    values = {
        **{c: codes.get(c, "") for c in UCDP_COLUMNS},
        "id": row["dataset_id"] if ours else row["id"],
        "year": date.year if date else "",
        "type_of_violence": _code(codes, "type_of_violence", lambda v: event_kind("ucdp", str(v)) == row["kind"])
        or type_of_violence(row),
        "dyad_name": codes.get("dyad_name", "") if given_a and given_b else f"{side_a} - {side_b}",
        "side_a": side_a,
        "side_b": side_b,
        "source_office": row["source"] or row["report__outlet"] or "",
        "source_date": codes.get("source_date")
        or (row["report__published"].isoformat() if row["report__published"] else ""),
        "source_headline": " ".join(row["evidence"].split()),
        "where_prec": _code(codes, "where_prec", lambda v: WHERE_TO_GEO.get(v) == row["geo_precision"])
        or GEO_TO_WHERE.get(row["geo_precision"], ""),
        "where_coordinates": location(row),
        **dict(zip(("adm_1", "adm_2"), admin_names(row, governorates), strict=True)),
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})" if lat and lon else "",
        "priogrid_gid": priogrid_gid(row["lat"], row["lon"]),
        "country": country,
        "country_id": gw,
        "region": "Middle East" if gw else "",
        "date_prec": _code(codes, "date_prec", lambda v: DATE_TO_TIME.get(v) == row["time_precision"])
        or TIME_TO_DATE.get(row["time_precision"], ""),
        "date_start": date.isoformat() if date else "",
        "date_end": (row["date_end"] or date).isoformat() if date else "",
        "low": _count(row["fatalities_low"]),
        "best": _count(row["fatalities"]),
        "high": _count(row["fatalities_high"]),
    }
    return [values[c] for c in UCDP_COLUMNS]


def _count(value: int | None) -> int | str:
    return value if value is not None else ""


def ucdp_csv(qs: QuerySet[Event]) -> Iterator[str]:
    """UCDP GED's CSV, header first, in chunks (for a streaming response)."""
    governorates = governorate_names()
    return csv_chunks(UCDP_COLUMNS, (ucdp_record(row, governorates) for row in rows(qs)))
