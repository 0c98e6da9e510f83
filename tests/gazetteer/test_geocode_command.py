"""manage.py geocode prints the candidates, best first, as text or JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from gazetteer.models import Place, PlaceName

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tuwaymins():
    for name, country, admin1, lat, lon in (
        ("Al-Tuwaymin", "SY", "SY-HA", 35.919, 41.2655),
        ("At Tuwaymin", "IQ", "IQ-NI", 35.9431, 42.3551),
    ):
        place = Place.objects.create(
            name=name, kind="village", country=country, admin1=admin1, lat=lat, lon=lon, source="test", source_id=name
        )
        PlaceName.objects.create(place=place, name="التويمين", language="ar")


def run(*args) -> str:
    out = io.StringIO()
    call_command("geocode", *args, stdout=out)
    return out.getvalue()


def test_it_lists_homonyms_and_near_reorders_them(two_tuwaymins):
    lines = run("التویمین", "--near", "35.58,42.73").splitlines()
    assert lines[0].startswith(" 1. At Tuwaymin") and lines[1].startswith(" 2. Al-Tuwaymin")
    lines = run("التویمین", "--near", "36.5,40.75").splitlines()
    assert lines[0].startswith(" 1. Al-Tuwaymin")


def test_json_output(two_tuwaymins):
    data = json.loads(run("التويمين", "--country", "IQ", "--json"))
    assert data["query"] == "التويمين"
    assert [c["country"] for c in data["candidates"]] == ["IQ"]


def test_no_match_is_said(two_tuwaymins):
    assert "no match" in run("کابل")


def test_a_bad_near_is_refused(two_tuwaymins):
    with pytest.raises(CommandError, match="expected lat,lon"):
        run("التویمین", "--near", "north")
