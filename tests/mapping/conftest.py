"""A small world for the map tests: the two country outlines, six towns, events and control at
two dates (Raqqa and Tabqa change hands from ISIS to the SDF between them); and the same story
in hand-made snapshots, with no database, for the layers and the map builders."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely

from events.control import UNKNOWN_COLOUR, ControlChange, ControlState
from events.models import Actor, ControlAssertion, Event, Report
from gazetteer.loaders.boundaries import natural_earth_countries
from gazetteer.loaders.boundaries import save as save_boundaries
from gazetteer.models import Place
from mapping.geometry import ControlPoint, changed_areas, control_areas, front_lines, siege_rings
from mapping.snapshots import Changes, Snapshot

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


# --- hand-made snapshots (no database): for layers and map builders ------------------------------

COLOURS = {"ISIS": "#1f1f1f", "SDF": "#f2c500", "Syrian Arab Army": "#c0392b"}
CLIP = shapely.box(37.5, 34.8, 41.0, 37.0)  # a box around the Syrian towns above


def state(
    name: str,
    holder: str | None,
    *,
    date: dt.date = D1,
    besieged_by: tuple[str, ...] = (),
    report_id: int | None = None,
    evidence: str = "",
) -> ControlState:
    """The state of one of the Syrian TOWNS as ``events.control`` returns it."""
    i, (_name, cc, lat, lon, *_holders) = next((i, t) for i, t in enumerate(TOWNS) if t[0] == name)
    return ControlState(
        place_id=i + 1,
        name=name,
        lat=lat,
        lon=lon,
        country=cc,
        holder=holder,
        colour=COLOURS.get(holder or "", UNKNOWN_COLOUR),
        besieged_by=besieged_by,
        date=date,
        status="verified",
        source="report" if report_id else "import",
        assertion_id=100 + i,
        report_id=report_id,
        evidence=evidence,
    )


def handmade_snapshot(date: dt.date, states: list[ControlState]) -> Snapshot:
    """A snapshot computed from ``states`` the way ``snapshots.compute`` does, without a database."""
    points = [ControlPoint(s.lon, s.lat, s.holder, s.place_id, s.besieged_by) for s in states if s.holder]
    areas = control_areas(points, CLIP, cap_km=40)
    besieged = [ControlPoint(s.lon, s.lat, s.holder or "", s.place_id, s.besieged_by) for s in states if s.besieged_by]
    return Snapshot(
        date=date,
        country="",
        states=states,
        areas=areas,
        fronts=front_lines(areas),
        rings=siege_rings(besieged),
        colours=dict(COLOURS),
    )


@pytest.fixture
def before() -> Snapshot:
    """D1: ISIS holds Raqqa and Tabqa, the SDF Ain Issa; ISIS besieges the army in Deir ez-Zor."""
    return handmade_snapshot(
        D1,
        [
            state("Raqqa", "ISIS"),
            state("Tabqa", "ISIS"),
            state("Ain Issa", "SDF"),
            state("Deir ez-Zor", "Syrian Arab Army", besieged_by=("ISIS",)),
        ],
    )


@pytest.fixture
def after() -> Snapshot:
    """D2: the SDF took Raqqa (from a report) and Tabqa; Deir ez-Zor is no longer besieged."""
    return handmade_snapshot(
        D2,
        [
            state("Raqqa", "SDF", date=D2, report_id=7, evidence="Raqqa was taken by SDF"),
            state("Tabqa", "SDF", date=D2),
            state("Ain Issa", "SDF"),
            state("Deir ez-Zor", "Syrian Arab Army"),
        ],
    )


@pytest.fixture
def changes(before: Snapshot, after: Snapshot) -> Changes:
    """What changed between D1 and D2: Raqqa and Tabqa, ISIS → SDF."""
    places = [
        ControlChange(
            place_id=s.place_id,
            name=s.name,
            lat=s.lat,
            lon=s.lon,
            country=s.country,
            holder_before="ISIS",
            holder_after="SDF",
            colour_before=COLOURS["ISIS"],
            colour_after=COLOURS["SDF"],
            date=D2,
            evidence=s.evidence,
            report_id=s.report_id,
            source=s.source,
            status=s.status,
            assertion_id=s.assertion_id,
        )
        for s in after.states
        if s.name in ("Raqqa", "Tabqa")
    ]
    return Changes(
        date_from=D1,
        date_to=D2,
        before=before,
        after=after,
        areas=changed_areas(before.areas, after.areas),
        places=places,
    )
