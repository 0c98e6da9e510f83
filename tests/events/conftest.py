import pytest

from gazetteer.models import Place, PlaceName
from tests.pipeline.tiny_gazetteer import PLACES


@pytest.fixture
def tiny_gazetteer(db):
    """The tiny curated gazetteer of the pipeline tests, in the database."""
    for pid, name, kind, cc, a1, lat, lon, pop, names in PLACES:
        place = Place.objects.create(
            name=name,
            kind=kind,
            country=cc,
            admin1=a1,
            lat=lat,
            lon=lon,
            population=pop or None,
            source="core",
            source_id=str(pid),
        )
        for n in names:
            PlaceName.objects.get_or_create(place=place, name=n, language="fa")
