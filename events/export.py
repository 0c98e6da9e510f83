"""Events out of the database: ACLED's CSV column layout and GeoJSON features.

Both walk a queryset with ``values()`` and ``iterator()`` (a handful of queries, however many
events), so exports of 100,000 events stream in constant memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from gazetteer.models import Place

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

COUNTRY = {"SY": ("SYR", 760, "Syria"), "IQ": ("IRQ", 368, "Iraq")}

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
    "updated_at",
)


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
    injection). Numbers and other cells are left alone."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def acled_record(row: dict, governorates: dict[str, str]) -> list:
    return [spreadsheet_safe(v) for v in _acled_record(row, governorates)]


def _acled_record(row: dict, governorates: dict[str, str]) -> list:
    iso3, iso_num, country = COUNTRY.get(row["place__country"] or "", ("", "", row["place__country"] or ""))
    inter1, inter2 = INTER.get(row["actor1__name"] or "", ""), INTER.get(row["actor2__name"] or "", "")
    interaction = int("".join(sorted(f"{i}" for i in (inter1, inter2) if i))) if inter1 or inter2 else ""
    disorder = "Strategic developments" if row["event_type"] == "Strategic developments" else "Political violence"
    notes = " ".join(row["evidence"].split())
    tags = [
        t
        for t in (
            "claim" if row["claim"] else "",
            "background" if row["background"] else "",
            "partial" if row["partial"] else "",
        )
        if t
    ]
    return [
        f"{iso3}{row['id']}",
        row["date"].isoformat() if row["date"] else "",
        row["date"].year if row["date"] else "",
        row["time_precision"] or "",
        disorder,
        row["event_type"],
        row["sub_event_type"],
        row["actor1__name"] or "",
        "; ".join(a for a in row["associated"] if a != row["actor1__name"]),
        inter1,
        row["actor2__name"] or "",
        "",
        inter2,
        interaction,
        "Civilian targeting" if row["kind"] == "attack_on_civilians" else "",
        iso_num,
        "Middle East",
        country,
        governorates.get(row["place__admin1"] or "", row["place__admin1"] or ""),
        row["place__admin2"] or "",
        "",
        row["place__name"] or row["place_mention"],
        f"{row['lat']:.4f}" if row["lat"] is not None else "",
        f"{row['lon']:.4f}" if row["lon"] is not None else "",
        row["geo_precision"] or "",
        row["report__outlet"] or "",
        "",
        notes,
        "",  # fatalities: not extracted (ACLED's 0 would claim a count we do not have)
        "; ".join(tags),
        int(row["updated_at"].timestamp()),
    ]


def acled_csv(qs: QuerySet[Event]) -> Iterator[str]:
    """CSV text, header first, in chunks (for a streaming response)."""
    governorates = governorate_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACLED_COLUMNS)
    for n, row in enumerate(rows(qs), 1):
        writer.writerow(acled_record(row, governorates))
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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
