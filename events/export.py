"""Events out of the database: ACLED's CSV column layout, UCDP GED's (`events.ucdp_export`) and
GeoJSON features.

Both CSVs walk a queryset with ``values()`` and ``iterator()`` (a handful of queries, however many
events), so exports of 100,000 events stream in constant memory.

Events imported from a dataset are given back in its own words where they still hold: an ACLED
event's actor names (and interaction codes) as ACLED wrote them while they still stand for the
event's actors, its location, divisions, source, tags and codes; our canonical names and derived
codes otherwise. So an ACLED file imported (`events.event_import`), exported and imported again
gives the same events.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db.models import QuerySet

from gazetteer.models import Place

from .dataset_vocab import COUNTRY_CODES, actor_name, disorder_type, interaction, split_names
from .models import Event

#: ACLED's export columns, in order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

#: ACLED interaction codes: 1 state forces, 2 rebel groups, 3 political militias,
#: 4 identity militias, 7 civilians, 8 external/other forces.
INTER = {
    "Syrian Arab Army": 1,
    "Iraqi Security Forces": 1,
    "Peshmerga": 1,
    "ISIS": 2,
    "HTS": 2,
    "FSA/SNA": 2,
    "SDF": 2,
    "YPG": 2,
    "Pro-government militias (Syria)": 3,
    "PMF": 3,
    "Asayish": 3,
    "PYD": 3,
    "Local armed residents": 4,
    "civilians": 7,
    "Turkey": 8,
    "Russia": 8,
    "Iran": 8,
    "US-led coalition": 8,
    "Hezbollah": 8,
}

FIELDS = (
    "id",
    "date",
    "date_end",
    "time_precision",
    "kind",
    "event_type",
    "sub_event_type",
    "lat",
    "lon",
    "geo_precision",
    "place_id",
    "place_mention",
    "place__name",
    "place__country",
    "place__admin1",
    "place__admin2",
    "actor1__name",
    "actor2__name",
    "actor1__inter",
    "actor2__inter",
    "actor1_mention",
    "actor2_mention",
    "control_from__name",
    "control_to__name",
    "evidence",
    "status",
    "confidence",
    "claim",
    "background",
    "partial",
    "report_id",
    "report__outlet",
    "report__url",
    "report__published",
    "updated_at",
    "dataset",
    "dataset_id",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "source",
    "source_scale",
    "source_codes",
    "sources",
    "outlets",
)
#: Columns after ACLED's in the API's CSV (issue 13): distinct reports of the event, their outlets.
SOURCE_COLUMNS = ("sources", "outlets")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def rows(qs: QuerySet[Event]) -> Iterator[dict]:
    """Each event as a flat dict (FIELDS plus ``associated``: names of associated actors)."""
    through = Event.associated_actors.through
    associated: dict[int, list[str]] = defaultdict(list)
    for event_id, name in (
        through.objects.filter(event__in=qs.values("id")).values_list("event_id", "actor__name").order_by("actor__name")
    ):
        associated[event_id].append(name)
    for row in qs.values(*FIELDS).order_by("date", "id").iterator(chunk_size=5000):
        row["associated"] = associated.get(row["id"], [])
        yield row


def governorate_names() -> dict[str, str]:
    return dict(Place.objects.filter(kind="governorate").exclude(admin1="").values_list("admin1", "name"))


def spreadsheet_safe(value):
    """A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or
    a carriage return: report text, evidence, names and outlets come from untrusted reports)
    gets a leading apostrophe, so Excel and LibreOffice show it as text (OWASP's advice for CSV
    injection). Numbers (also written as text) and other cells are left alone."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def coordinate(value: float | None) -> str:
    """A latitude or longitude as ACLED writes it (4 decimals), with more when it has more (6 at
    most, as UCDP writes them)."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0")
    decimals = len(text.split(".")[1])
    return text + "0" * (4 - decimals) if decimals < 4 else text


def source_actor(row: dict, n: int, dataset: str, our_name: Callable[[str], str | None]) -> tuple[str, bool]:
    """Actor n (1 or 2) of an event as `dataset` names it: the name the dataset gave it when the
    event came from that dataset and that name still stands for the event's actor (`our_name`
    resolves it), else our name; no actor where the dataset named none. The flag says whether the
    dataset's word is given."""
    name, mention = row[f"actor{n}__name"] or "", row[f"actor{n}_mention"]
    if row["dataset"] == dataset and (our_name(mention) == name if mention else not name):
        return mention, True
    return name, False


def acled_record(row: dict, governorates: dict[str, str]) -> list:
    return [spreadsheet_safe(v) for v in _acled_record(row, governorates)]


def _acled_actor(row: dict, n: int) -> tuple[str, int | str]:
    """ACLED's actor n and its interaction code."""
    name, given = source_actor(row, n, "acled", lambda m: actor_name("acled", m))
    codes = row["source_codes"] or {}
    if given and codes.get(f"inter{n}") is not None:
        return name, codes[f"inter{n}"]
    code = INTER.get(row[f"actor{n}__name"] or "") or row[f"actor{n}__inter"]
    return name, code if code is not None else ""


def _code(value: int | str) -> int | None:
    return value if isinstance(value, int) else None


def _acled_associated(row: dict) -> tuple[str, str]:
    """assoc_actor_1 and assoc_actor_2: ACLED's own while they name the event's associated
    actors, else ours (all on the first side)."""
    codes = row["source_codes"] or {}
    main = {row["actor1__name"], row["actor2__name"]}
    ours = sorted(set(row["associated"]) - main)
    if row["dataset"] == "acled":
        given = [codes.get("assoc_actor_1", ""), codes.get("assoc_actor_2", "")]
        names = {actor_name("acled", m) for cell in given for m in split_names(cell, ";")} - main
        if names == set(ours):
            return given[0], given[1]
    return "; ".join(ours), ""


def _acled_record(row: dict, governorates: dict[str, str]) -> list:
    code = row["country"] or row["place__country"] or ""
    iso3, iso_num, country, _ = COUNTRY_CODES.get(code, ("", "", code, 0))
    (actor1, inter1), (actor2, inter2) = _acled_actor(row, 1), _acled_actor(row, 2)
    assoc1, assoc2 = _acled_associated(row)
    codes = (row["source_codes"] or {}) if row["dataset"] == "acled" else {}
    flags = [t for t in ("claim", "background", "partial") if row[t]]
    return [
        row["dataset_id"] if row["dataset"] == "acled" else f"{iso3}{row['id']}",
        row["date"].isoformat() if row["date"] else "",
        row["date"].year if row["date"] else "",
        row["time_precision"] or "",
        disorder_type(row["event_type"], row["sub_event_type"])
        or ("Strategic developments" if row["event_type"] == "Strategic developments" else "Political violence"),
        row["event_type"],
        row["sub_event_type"],
        actor1,
        assoc1,
        inter1,
        actor2,
        assoc2,
        inter2,
        interaction(_code(inter1), _code(inter2)) or "",
        codes.get("civilian_targeting", "")
        if row["dataset"] == "acled"
        else ("Civilian targeting" if row["kind"] == "attack_on_civilians" else ""),
        iso_num,
        "Middle East",
        country,
        *admin_names(row, governorates),
        row["admin3"],
        location(row),
        coordinate(row["lat"]),
        coordinate(row["lon"]),
        row["geo_precision"] or "",
        row["source"] or row["report__outlet"] or "",
        row["source_scale"],
        " ".join(row["evidence"].split()),
        row["fatalities"] if row["fatalities"] is not None else "",  # none extracted: no count claimed
        "; ".join([t for t in (codes.get("tags", ""),) if t] + flags),
        int(row["updated_at"].timestamp()),
    ]


def admin_names(row: dict, governorates: dict[str, str]) -> tuple[str, str]:
    """The first- and second-level divisions: as the dataset wrote them for imported events, else
    the gazetteer place's."""
    if row["dataset"]:
        return row["admin1"], row["admin2"]
    return governorates.get(row["place__admin1"] or "", row["place__admin1"] or ""), row["place__admin2"] or ""


def location(row: dict) -> str:
    """The place as the dataset wrote it for imported events, else the gazetteer's name."""
    if row["dataset"]:
        return row["place_mention"]
    return row["place__name"] or row["place_mention"]


def csv_chunks(columns: Sequence[str], records: Iterable[list]) -> Iterator[str]:
    """CSV text, header first, in chunks (for a streaming response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for n, record in enumerate(records, 1):
        writer.writerow(record)
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def acled_csv(qs: QuerySet[Event], *, with_sources: bool = False) -> Iterator[str]:
    """ACLED's columns (then ``SOURCE_COLUMNS`` when ``with_sources``: the API's CSV)."""
    governorates = governorate_names()
    if not with_sources:
        return csv_chunks(ACLED_COLUMNS, (acled_record(row, governorates) for row in rows(qs)))
    return csv_chunks(
        ACLED_COLUMNS + SOURCE_COLUMNS,
        (
            [*acled_record(row, governorates), row["sources"], spreadsheet_safe("; ".join(row["outlets"] or []))]
            for row in rows(qs)
        ),
    )


def feature(row: dict) -> dict:
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [round(row["lon"], 5), round(row["lat"], 5)]},
        "properties": {
            "date": row["date"].isoformat() if row["date"] else None,
            "kind": row["kind"],
            "event_type": row["event_type"],
            "sub_event_type": row["sub_event_type"],
            "place": row["place__name"] or row["place_mention"],
            "place_mention": row["place_mention"],
            "place_id": row["place_id"],
            "country": row["place__country"],
            "actor1": row["actor1__name"],
            "actor2": row["actor2__name"],
            "associated_actors": row["associated"],
            "control_from": row["control_from__name"],
            "control_to": row["control_to__name"],
            "evidence": row["evidence"],
            "status": row["status"],
            "confidence": round(row["confidence"], 3),
            "claim": row["claim"],
            "report_id": row["report_id"],
            "sources": row["sources"],
            "outlets": row["outlets"] or [],
        },
    }


def geojson_chunks(features: Iterable[dict]) -> Iterator[str]:
    """A FeatureCollection as text chunks, without holding every feature in memory."""

    yield '{"type": "FeatureCollection", "features": ['
    first = True
    batch = []
    for f in features:
        batch.append(("" if first else ",") + json.dumps(f, ensure_ascii=False, separators=(",", ":")))
        first = False
        if len(batch) >= 1000:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "]}"
