"""A world that can grow: places with events, mentions, reports and control at two dates, so a
test can count a page's queries at one size, grow the data and count again (the counts must
not grow with it: no query per row)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from events.models import Actor, ControlAssertion, Event, EventEvidence, Mention, Report
from events.pipeline.labels import ACLED, EVENT_KINDS
from gazetteer.loaders.boundaries import natural_earth_countries
from gazetteer.loaders.boundaries import save as save_boundaries
from gazetteer.models import Place, PlaceName

D1, D2 = dt.date(2017, 1, 1), dt.date(2017, 11, 1)
SIDES = ("ISIS", "SDF", "Syrian Arab Army", "Iraqi Security Forces")


class World:
    """Grows by ``grow(n)``: n more places (Syria and Iraq), each with a report, three events
    (one with an associated actor), mentions, evidence and two control assertions, one in four
    besieged."""

    def __init__(self) -> None:
        save_boundaries(natural_earth_countries(), source="test")
        self.actors = {a.name: a for a in Actor.objects.all()}
        self.size = 0
        self.counter = itertools.count()

    def grow(self, n: int) -> None:
        sides = [self.actors[s] for s in SIDES]
        for _ in range(n):
            i = next(self.counter)
            country = "SY" if i % 3 else "IQ"
            lat, lon = (
                (35.0 + (i % 17) * 0.08, 38.5 + (i // 17) * 0.08)
                if country == "SY"
                else (34.0 + (i % 11) * 0.07, 43.0 + (i // 11) * 0.07)
            )
            place = Place.objects.create(
                name=f"Town {i}",
                kind="town",
                country=country,
                admin1=f"{country}-X",
                lat=lat,
                lon=lon,
                source="test",
                source_id=str(i),
            )
            PlaceName.objects.create(place=place, name=f"شهرک {i}", language="fa")
            report = Report.objects.create(
                text=f"نیروهای سوریه دموکراتیک شهرک {i} را از داعش گرفتند.", published=D2, outlet=f"Agency {i % 3}"
            )
            Mention.objects.create(report=report, label="place", start=0, end=5, text=f"شهرک {i}", place=place)
            Mention.objects.create(
                report=report, label="actor", start=6, end=10, text="داعش", actor=self.actors["ISIS"]
            )
            a, b = sides[i % 4], sides[(i + 1) % 4]
            for k in range(3):
                kind = EVENT_KINDS[(i + k) % len(EVENT_KINDS)]
                event = Event.objects.create(
                    report=report,
                    kind=kind,
                    event_type=ACLED[kind][0],
                    sub_event_type=ACLED[kind][1],
                    date=D2 - dt.timedelta(days=k),
                    time_precision=1,
                    place=place,
                    place_mention=place.name,
                    lat=lat,
                    lon=lon,
                    geo_precision=1,
                    actor1=a,
                    actor2=b,
                    evidence=f"evidence {i}/{k}",
                    evidence_start=0,
                    evidence_end=10,
                    status=("extracted", "verified", "rejected")[k],
                    fingerprint=f"w{i}-{k}",
                )
                EventEvidence.objects.create(event=event, report=report, start=0, end=10, text=event.evidence)
                if k == 0:
                    event.associated_actors.add(self.actors["US-led coalition"])
            Event.objects.create(  # an event the geocoder could only place by coordinates
                report=report,
                kind="battle",
                event_type="Battles",
                sub_event_type="Armed clash",
                date=D2,
                lat=lat + 0.01,
                lon=lon + 0.01,
                evidence="unplaced",
                evidence_start=0,
                evidence_end=3,
                fingerprint=f"w{i}-p",
            )
            ControlAssertion.objects.create(
                place=place,
                holder=a,
                date=D1,
                source="import",
                status="verified",
                confidence=1,
                evidence="wikipedia row",
            )
            after = ControlAssertion.objects.create(
                place=place, holder=b, date=D2, source="report", report=report, evidence=f"taken {i}"
            )
            if i % 4 == 0:
                after.besieged_by.add(self.actors["ISIS"])
            self.size += 1
        self.last_report = report
        self.last_place = place


@pytest.fixture
def world(db):
    w = World()
    w.grow(2)
    return w
