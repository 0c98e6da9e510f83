"""The process-wide index follows the database: edits in this process at once, other
processes' changes within GAZETTEER_INDEX_TTL seconds."""

import pytest

from gazetteer.geocoder import GazetteerGeocoder
from gazetteer.live import get_index
from gazetteer.models import Place, PlaceName

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_seen_by_the_next_lookup():
    geocoder = GazetteerGeocoder()
    assert geocoder.geocode("باغوز فوقانی") is None
    place = Place.objects.create(
        name="Baghuz Fawqani",
        kind="village",
        country="SY",
        admin1="SY-DY",
        lat=34.461,
        lon=40.949,
        source="admin",
        source_id="1",
    )
    PlaceName.objects.create(place=place, name="باغوز فوقانی", language="fa")
    assert geocoder.geocode("الباغوز فوقاني").raw["place_id"] == place.pk  # alias: article dropped
    place.lat = 34.47
    place.save()
    assert geocoder.geocode("باغوز فوقانی").latitude == 34.47


def test_a_bulk_change_from_another_process_is_seen_after_the_ttl(settings):
    before = get_index()  # checked now (the tests' TTL is 0)
    settings.GAZETTEER_INDEX_TTL = 3600
    # bulk_create sends no signals, as a write by another process would not reach this one
    Place.objects.bulk_create(
        [Place(name="Hajin", kind="town", country="SY", lat=34.69, lon=40.83, source="x", source_id="1")]
    )
    assert get_index() is before  # within the TTL the index is not checked
    settings.GAZETTEER_INDEX_TTL = 0
    after = get_index()
    assert after is not before and len(after) == len(before) + 1
