import pytest

from monitoring.models import Outlet
from tests.events import conftest as events_conftest

from .local_site import LocalSite, news_site

tiny_gazetteer = events_conftest.tiny_gazetteer  # the same fixture as the events tests

LANGS = {"Khabar (fa)": "fa", "Akhbar (ar)": "ar", "Daily (en)": "en", "Wire": "en", "Broken": "en"}


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


@pytest.fixture
def feeds_settings(settings):
    """The local site is on loopback: allowed here, and no delay between requests."""
    settings.FEEDS_ALLOW_PRIVATE_HOSTS = True
    settings.FEEDS_HOST_DELAY = 0
    settings.FEEDS_TIMEOUT = 2
    return settings


@pytest.fixture
def news(site, tiny_gazetteer):
    feeds = news_site(site)
    for name, url in feeds.items():
        Outlet.add(name, feeds=[url], language=LANGS[name], kind="wire" if name == "Wire" else "")
    return feeds
