"""mapping.snapshots: what a snapshot and a comparison tell the pages beside the map, and the
cache every map and GeoJSON body goes through (its keys follow the data; see also
tests/scale/test_cache.py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from events.models import ControlAssertion
from mapping import snapshots

from .conftest import COLOURS, D1, D2


def test_holders_are_listed_by_number_of_places(before):
    assert before.holders == [
        ("ISIS", COLOURS["ISIS"], 2),
        ("SDF", COLOURS["SDF"], 1),
        ("Syrian Arab Army", COLOURS["Syrian Arab Army"], 1),
    ]
    assert [s.name for s in before.besieged] == ["Deir ez-Zor"]


def test_a_legend_keeps_only_what_the_page_shows(before):
    legend = snapshots.Legend.of(before)
    assert legend.holders == before.holders and legend.besieged == before.besieged


def test_gainers_are_listed_by_land_then_places(changes):
    gained = {g: (colour, n, km2) for g, colour, n, km2 in changes.by_gainer}
    colour, places, km2 = gained["SDF"]
    assert colour == COLOURS["SDF"] and places == 2
    assert km2 == pytest.approx(sum(a.area_km2 for a in changes.areas if a.gainer == "SDF")) and km2 > 0
    assert [g for g, *_ in changes.by_gainer] == sorted(gained, key=lambda g: (-gained[g][2], -gained[g][1], g))


@pytest.mark.django_db
def test_a_cached_value_is_built_once_per_version_of_the_data(world):
    calls = []

    def build() -> str:
        calls.append(1)
        return f"body {len(calls)}"

    assert snapshots.cached("test", D1.isoformat(), build=build) == "body 1"
    assert snapshots.cached("test", D1.isoformat(), build=build) == "body 1"
    assert snapshots.cached("test", D2.isoformat(), build=build) == "body 2"  # other parts, other key
    ControlAssertion.objects.filter(date=D2).update(status="rejected")  # the data changes: a new key
    assert snapshots.cached("test", D1.isoformat(), build=build) == "body 3"


def test_warm_maps_caches_every_frame_s_snapshot_in_the_shared_cache(world, settings, tmp_path, monkeypatch):
    """`warm_maps` (run by `make run` before the server starts) builds the snapshots of the
    timeline's dates into the cache the app's processes share (files, without Redis), so that no
    reader waits for them; a second run finds them there."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    out = io.StringIO()
    call_command("warm_maps", stdout=out)
    assert "2 control snapshots cached" in out.getvalue()
    assert len(list(tmp_path.glob("*.djcache"))) >= 3  # the frames and the two snapshots, as files

    built = []
    compute = snapshots.compute
    monkeypatch.setattr(snapshots, "compute", lambda *a: built.append(a) or compute(*a))
    assert [s.date for s in (snapshots.snapshot(D1), snapshots.snapshot(D2))] == [D1, D2]
    call_command("warm_maps", stdout=io.StringIO())
    assert built == []  # all served from the cache
    assert snapshots.snapshot(D1, "IQ").date == D1 and built == [(D1, "IQ")]  # not warmed: built on demand


@pytest.mark.django_db
def test_the_latest_date_is_the_last_with_data(world):
    assert snapshots.latest_date() == D2
    assert snapshots.timeline_frames() == [D1, D2]


# --- time: the dates where control changed (issue 14) -----------------------------------------

J1, J2, J3, J4 = (dt.date(2017, 1, 1), dt.date(2017, 2, 1), dt.date(2017, 3, 1), dt.date(2017, 4, 1))


def test_timelines_keep_the_days_winner_and_only_real_changes():
    rows = [  # by place, then precedence (latest first; the first of a day wins)
        (1, J3, 7),  # the same holder again: no change
        (1, J2, 7),
        (1, J2, 8),  # lost to the row above on the same day
        (1, J1, 8),
        (2, J4, None),  # an assertion without a holder still ends the old holder
        (2, J1, 9),
    ]
    timelines = snapshots.holder_timelines(rows)
    assert timelines == {1: [(J1, 8), (J2, 7)], 2: [(J1, 9), (J4, None)]}
    assert snapshots.change_dates(timelines) == [J1, J2]  # J4 gives no known holder
    assert snapshots.holder_on(timelines[1], J1 - dt.timedelta(days=1)) is None
    assert snapshots.holder_on(timelines[1], J3) == 7


def test_places_changed_between_frames():
    timelines = {1: [(J1, 8), (J2, 7)], 2: [(J1, 9)], 3: [(J3, 9)], 4: [(J1, 5), (J3, 6), (J4, 5)]}
    assert snapshots.places_changed(timelines, [J1, J2, J3, J4]) == [3, 1, 2, 1]
    # Thinned frames compare the frames shown: place 4 went 5 → 6 → 5 between J1 and J4.
    assert snapshots.places_changed(timelines, [J1, J4]) == [3, 2]


def test_too_many_change_dates_are_thinned_to_the_last_of_each_stretch():
    days = [dt.date(2014, 1, 1) + dt.timedelta(days=10 * i) for i in range(200)]  # about 5.5 years
    thinned = snapshots.thin_frames(days, 24)
    assert len(thinned) <= 24 and thinned[-1] == days[-1] and set(thinned) <= set(days)
    assert thinned == sorted(thinned)
    assert snapshots.thin_frames(days[:5], 24) == days[:5]


@pytest.mark.django_db
def test_frames_are_the_dates_where_control_changed_and_the_span_shows_change(world):
    from events.models import Actor
    from gazetteer.models import Place

    # A third date on which nothing changes hands (a restatement) is no frame.
    raqqa = Place.objects.get(name="Raqqa")
    later = D2 + dt.timedelta(days=30)
    ControlAssertion.objects.create(
        place=raqqa, holder=Actor.objects.get(name="SDF"), date=later, source="import", status="verified", confidence=1
    )
    frames = snapshots.frames()
    assert frames.dates == [D1, D2] and frames.latest == D2
    assert frames.changed == [ControlAssertion.objects.filter(date=D1).count(), 4]
    assert snapshots.default_span() == (D1, D2)
    assert snapshots.timeline_frames() == [D1, D2]
    assert snapshots.frames("SY").changed[-1] == 2  # Raqqa and Tabqa; Mosul and Tal Afar are in Iraq


@pytest.mark.django_db
def test_no_data_no_frames(db):
    assert snapshots.frames().dates == [] and snapshots.frames().latest is None
    assert snapshots.default_span() is None
