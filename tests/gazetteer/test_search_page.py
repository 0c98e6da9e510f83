"""The gazetteer's search page (HTML and JSON) and its admin: a place is found by any spelling."""

import pytest
from django.urls import reverse

from gazetteer.models import Place, PlaceName

pytestmark = pytest.mark.django_db


@pytest.fixture
def hajin():
    place = Place.objects.create(
        name="Hajin",
        kind="town",
        country="SY",
        admin1="SY-DY",
        lat=34.6927,
        lon=40.827,
        population=37935,
        source="t",
        source_id="1",
    )
    PlaceName.objects.create(place=place, name="هجين", language="ar")
    return place


def test_search_finds_a_place_in_any_script(client, hajin):
    for q in ("هجین", "هجين", "Hajin"):
        page = client.get(reverse("gazetteer:search"), {"q": q}).content.decode()
        assert "34.6927" in page, q


def test_search_says_when_nothing_matches(client, hajin):
    page = client.get(reverse("gazetteer:search"), {"q": "کابل"}).content.decode()
    assert "No place matches" in page


def test_search_escapes_the_query(client, hajin):
    page = client.get(reverse("gazetteer:search"), {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_search_json(client, hajin):
    data = client.get(reverse("gazetteer:search-json"), {"q": "هجین", "country": "SY"}).json()
    assert data["candidates"][0]["place_id"] == hajin.pk
    assert client.get(reverse("gazetteer:search-json"), {"q": "هجین", "country": "IQ"}).json()["candidates"] == []


def test_admin_requires_login_and_finds_places_by_any_spelling(client, admin_user, hajin):
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    for q in ("هجین", "هجين", "hajin"):
        page = client.get("/admin/gazetteer/place/", {"q": q}).content.decode()
        assert "Hajin" in page and "1 result" in page, q
    assert client.get(f"/admin/gazetteer/place/{hajin.pk}/change/").status_code == 200
