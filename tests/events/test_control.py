"""Control of places (events.control): control as of a date, changes between two dates, the dates and
the version of the control data."""

from __future__ import annotations

import datetime as dt

import pytest

from events.control import UNKNOWN_COLOUR, changes_between, control_as_of, control_dates
from events.models import Actor, ControlAssertion, MapDataStamp, Report, Status
from gazetteer.models import Boundary, Place, PlaceName

D = dt.date.fromisoformat

pytestmark = pytest.mark.django_db


def place(name: str, lat: float, lon: float, *, country: str = "SY", kind: str = "town", names=()) -> Place:
    p = Place.objects.create(
        name=name, kind=kind, country=country, lat=lat, lon=lon, source="core", source_id=f"{name}@{lat},{lon}"
    )
    for n in names:
        PlaceName.objects.create(place=p, name=n, language="ar")
    return p


def actor(name: str) -> Actor:
    return Actor.objects.get(name=name)


def claim(where: Place, holder: str | None, date: str, *, besieged_by=(), **fields) -> ControlAssertion:
    a = ControlAssertion.objects.create(place=where, holder=actor(holder) if holder else None, date=D(date), **fields)
    if besieged_by:
        a.besieged_by.set([actor(b) for b in besieged_by])
    return a


def state(date: str, where: Place, **kw):
    return next((s for s in control_as_of(D(date), **kw) if s.place_id == where.pk), None)


# --- control_as_of -------------------------------------------------------------------------


def test_latest_assertion_on_or_before_the_date_wins_and_future_ones_are_ignored():
    hajin = place("Hajin", 34.69, 40.83)
    claim(hajin, "ISIS", "2017-01-01", evidence="old")
    claim(hajin, "SDF", "2018-12-14", evidence="taken")
    assert state("2016-12-31", hajin) is None
    s = state("2017-06-01", hajin)
    assert (s.holder, s.date, s.evidence, s.colour) == ("ISIS", D("2017-01-01"), "old", actor("ISIS").colour)
    assert state("2018-12-14", hajin).holder == "SDF"  # on the date itself
    assert state("2018-12-13", hajin).holder == "ISIS"


def test_same_day_reviewed_beats_extracted_then_confidence_then_newest():
    town = place("Mayadin", 35.02, 40.45)
    extracted = claim(town, "ISIS", "2017-10-14", confidence=0.99)
    assert state("2017-10-20", town).assertion_id == extracted.pk
    verified = claim(town, "Syrian Arab Army", "2017-10-14", status=Status.VERIFIED, confidence=0.2)
    assert state("2017-10-20", town).assertion_id == verified.pk  # status first, whatever the confidence
    edited = claim(town, "Syrian Arab Army", "2017-10-14", status=Status.EDITED, confidence=0.9)
    assert state("2017-10-20", town).assertion_id == edited.pk  # then confidence
    newer = claim(town, "Syrian Arab Army", "2017-10-14", status=Status.VERIFIED, confidence=0.9)
    assert state("2017-10-20", town).assertion_id == newer.pk  # then the newest


def test_rejected_assertions_are_ignored_and_unknown_holders_kept():
    town = place("Tabqa", 35.84, 38.55)
    claim(town, "ISIS", "2017-01-01")
    claim(town, "SDF", "2017-05-10", status=Status.REJECTED)
    assert state("2017-06-01", town).holder == "ISIS"
    claim(town, None, "2017-05-11")
    s = state("2017-06-01", town)
    assert s.holder is None and s.colour == UNKNOWN_COLOUR


def test_state_carries_place_report_and_besiegers():
    deir = place("Deir ez-Zor", 35.34, 40.14)
    report = Report.objects.create(text="گزارش محاصره دیرالزور", published=D("2017-02-01"))
    a = claim(
        deir,
        "Syrian Arab Army",
        "2017-02-01",
        besieged_by=["ISIS", "Russia"],
        report=report,
        evidence="محاصره",
        source="report",
    )
    s = state("2017-03-01", deir)
    assert s.besieged_by == ("ISIS", "Russia")
    assert (s.name, s.lat, s.lon, s.country, s.report_id, s.source, s.status, s.assertion_id) == (
        "Deir ez-Zor",
        35.34,
        40.14,
        "SY",
        report.pk,
        "report",
        "extracted",
        a.pk,
    )
    claim(deir, "Syrian Arab Army", "2017-11-03")
    assert state("2017-12-01", deir).besieged_by == ()


def test_country_filter():
    sy, iq = place("Raqqa", 35.95, 39.01), place("Mosul", 36.34, 43.13, country="IQ")
    claim(sy, "ISIS", "2017-01-01")
    claim(iq, "ISIS", "2017-01-01")
    assert {s.name for s in control_as_of(D("2017-02-01"), country="IQ")} == {"Mosul"}
    assert {s.name for s in control_as_of(D("2017-02-01"), country="sy")} == {"Raqqa"}
    assert len(control_as_of(D("2017-02-01"))) == 2


def test_queries_are_bounded_whatever_the_number_of_places(django_assert_max_num_queries):
    places = Place.objects.bulk_create(
        [
            Place(
                name=f"Village {i}",
                kind="village",
                country="SY",
                lat=35 + i / 1000,
                lon=38,
                source="core",
                source_id=str(i),
            )
            for i in range(200)
        ]
    )
    isis, sdf, saa = actor("ISIS"), actor("SDF"), actor("Syrian Arab Army")
    rows = []
    for i, p in enumerate(places):
        rows += [
            ControlAssertion(place=p, holder=isis, date=D("2017-01-01")),
            ControlAssertion(place=p, holder=sdf if i % 2 else saa, date=D("2017-10-01")),
            ControlAssertion(place=p, holder=saa, date=D("2018-01-01"), status=Status.VERIFIED),
        ]
    created = ControlAssertion.objects.bulk_create(rows)
    for a in created[1:60:3]:
        a.besieged_by.set([isis])
    with django_assert_max_num_queries(2):
        states = control_as_of(D("2017-11-01"))
    assert len(states) == 200 and {s.holder for s in states} == {"SDF", "Syrian Arab Army"}
    assert sum(1 for s in states if s.besieged_by == ("ISIS",)) == 20
    with django_assert_max_num_queries(5):
        changes = changes_between(D("2017-06-01"), D("2017-11-01"))
    assert len(changes) == 200
    with django_assert_max_num_queries(1):
        assert control_dates() == [D("2017-01-01"), D("2017-10-01"), D("2018-01-01")]
    with django_assert_max_num_queries(1):
        MapDataStamp.current()


# --- changes_between, control_dates, the map data stamp ----------------------------------------


def test_changes_between_reports_new_holders_and_the_assertion_that_established_them():
    raqqa, hajin, tabqa, aleppo = (place(n, 35 + i, 39) for i, n in enumerate(["Raqqa", "Hajin", "Tabqa", "Aleppo"]))
    claim(raqqa, "ISIS", "2017-01-01")
    claim(raqqa, "SDF", "2017-09-01", evidence="partial")  # SDF, then unknown, then SDF again
    claim(raqqa, None, "2017-10-01")
    first = claim(raqqa, "SDF", "2017-10-17", evidence="taken")
    claim(raqqa, "SDF", "2017-11-01", evidence="still held")
    claim(hajin, "ISIS", "2017-01-01")  # no change
    claim(hajin, "ISIS", "2017-11-01")
    new = claim(tabqa, "SDF", "2017-05-10", evidence="first report")  # from nothing known
    claim(aleppo, "Syrian Arab Army", "2017-01-01")
    claim(aleppo, None, "2017-11-01")  # to unknown: not a change of holder
    changes = {c.name: c for c in changes_between(D("2017-02-01"), D("2017-12-01"))}
    assert set(changes) == {"Raqqa", "Tabqa"}
    r = changes["Raqqa"]
    assert (r.holder_before, r.holder_after, r.date, r.evidence, r.assertion_id) == (
        "ISIS",
        "SDF",
        D("2017-10-17"),
        "taken",
        first.pk,
    )
    assert r.colour_after == actor("SDF").colour and r.colour_before == actor("ISIS").colour
    t = changes["Tabqa"]
    assert (t.holder_before, t.holder_after, t.assertion_id, t.colour_before) == (None, "SDF", new.pk, UNKNOWN_COLOUR)
    assert [c.name for c in changes_between(D("2017-02-01"), D("2017-12-01"), country="IQ")] == []
    assert changes_between(D("2017-12-01"), D("2017-12-01")) == []


def test_control_dates_are_distinct_sorted_and_skip_rejected():
    town = place("Hajin", 34.69, 40.83)
    claim(town, "ISIS", "2018-01-01")
    claim(town, "SDF", "2017-01-01")
    claim(place("Baghuz", 34.46, 40.95), "ISIS", "2017-01-01")
    claim(town, "SDF", "2019-01-01", status=Status.REJECTED)
    assert control_dates() == [D("2017-01-01"), D("2018-01-01")]


def test_map_data_stamp_changes_on_every_write_the_maps_are_drawn_from():
    """Database triggers renew the stamp on writes that bypass save() too (update(), bulk
    create), and on actors, places and boundaries; reads leave it alone."""
    town = place("Hajin", 34.69, 40.83)
    stamps = [MapDataStamp.current()]

    def renewed() -> None:
        stamps.append(MapDataStamp.current())
        assert stamps[-1] != stamps[-2]

    claim(town, "ISIS", "2017-01-01")
    renewed()
    a = claim(town, "ISIS", "2018-01-01")
    renewed()
    control_as_of(D("2018-01-01")), control_dates(), list(Place.objects.all())
    assert MapDataStamp.current() == stamps[-1]  # stable while nothing is written
    a.holder = actor("SDF")
    a.save()
    renewed()
    ControlAssertion.objects.filter(pk=a.pk).update(status=Status.REJECTED)  # no save(), no signal
    renewed()
    ControlAssertion.objects.bulk_create([ControlAssertion(place=town, holder=actor("SDF"), date=D("2019-01-01"))])
    renewed()
    a.besieged_by.add(actor("HTS"))
    renewed()
    Actor.objects.filter(name="SDF").update(colour="#ffee00")
    renewed()
    Place.objects.filter(pk=town.pk).update(lat=34.7)
    renewed()
    Boundary.objects.create(level="river", country="SY", code="x", name="Euphrates", source="test", geometry={})
    renewed()
    a.delete()
    renewed()
    assert len(set(stamps)) == len(stamps)


def test_map_data_stamp_row_comes_back_after_a_flush():
    MapDataStamp.objects.all().delete()
    stamp = MapDataStamp.current()
    assert stamp and MapDataStamp.current() == stamp
    claim(place("Hajin", 34.69, 40.83), "ISIS", "2017-01-01")
    assert MapDataStamp.current() != stamp
