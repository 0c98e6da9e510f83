"""mapping.snapshots: what a snapshot and a comparison tell the pages beside the map, and the
cache every map and GeoJSON body goes through (its keys follow the data; see also
tests/scale/test_cache.py)."""

from __future__ import annotations

import pytest

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


@pytest.mark.django_db
def test_the_latest_date_is_the_last_with_data(world):
    assert snapshots.latest_date() == D2
    assert snapshots.timeline_frames() == [D1, D2]
