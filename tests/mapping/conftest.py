"""A small world for the map tests: the two country outlines, six towns, events and control at
two dates (Raqqa and Tabqa change hands from ISIS to the SDF between them)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Actor, ControlAssertion, Event, Report
from gazetteer.loaders.boundaries import natural_earth_countries
from gazetteer.loaders.boundaries import save as save_boundaries
from gazetteer.models import Place

D1, D2 = dt.date(2017, 1, 1), dt.date(2017, 11, 1)

TOWNS = [  # name, country, lat, lon, holder at D1, holder at D2
    ("Raqqa", "SY", 35.95, 39.01, "ISIS", "SDF"),
    ("Tabqa", "SY", 35.84, 38.55, "ISIS", "SDF"),
    ("Ain Issa", "SY", 36.39, 38.86, "SDF", "SDF"),
    ("Deir ez-Zor", "SY", 35.33, 40.14, "Syrian Arab Army", "Syrian Arab Army"),
    ("Mosul", "IQ", 36.34, 43.13, "ISIS", "Iraqi Security Forces"),
    ("Tal Afar", "IQ", 36.37, 42.45, "ISIS", "Iraqi Security Forces"),
]


@pytest.fixture
def world(db):
    save_boundaries(natural_earth_countries(), source="test")
    actors = {a.name: a for a in Actor.objects.all()}
    places = {}
    for i, (name, cc, lat, lon, *_rest) in enumerate(TOWNS):
        places[name] = Place.objects.create(
            name=name, kind="town", country=cc, lat=lat, lon=lon, source="test", source_id=str(i)
        )
    report = Report.objects.create(
        text="نیروهای سوریه دموکراتیک رقه را از داعش گرفتند. در تلعفر درگیری شد.", published=D2, outlet="Test Agency"
    )
    for name, _cc, _lat, _lon, h1, h2 in TOWNS:
        ControlAssertion.objects.create(
            place=places[name], holder=actors[h1], date=D1, source="import", status="verified", confidence=1
        )
        if h2 != h1:
            ControlAssertion.objects.create(
                place=places[name],
                holder=actors[h2],
                date=D2,
                source="report",
                report=report,
                evidence=f"{name} was taken by {h2}",
                status="extracted",
                confidence=0.8,
            )
    ControlAssertion.objects.get(place=places["Deir ez-Zor"], date=D1).besieged_by.add(actors["ISIS"])
    events = []
    for n, (name, kind, actor1, actor2, status) in enumerate(
        [
            ("Raqqa", "capture_or_liberation", "SDF", "ISIS", "extracted"),
            ("Raqqa", "battle", "SDF", "ISIS", "verified"),
            ("Raqqa", "battle", "SDF", "ISIS", "extracted"),
            ("Tal Afar", "battle", "Iraqi Security Forces", "ISIS", "extracted"),
            ("Mosul", "airstrike_or_shelling", "US-led coalition", "ISIS", "rejected"),
        ]
    ):
        p = places[name]
        events.append(
            Event.objects.create(
                report=report,
                kind=kind,
                event_type="Battles",
                sub_event_type="Armed clash",
                date=D2 - dt.timedelta(days=n),
                place=p,
                place_mention=p.name,
                lat=p.lat,
                lon=p.lon,
                geo_precision=1,
                actor1=actors[actor1],
                actor2=actors[actor2],
                evidence=f"evidence {n}: {name} {kind}",
                evidence_start=0,
                evidence_end=10,
                status=status,
                fingerprint=f"f{n}",
            )
        )
    return {"places": places, "report": report, "events": events, "actors": actors}
