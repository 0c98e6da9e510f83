"""Shared fixtures. Tests that read ../shared skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared holds the read-only development data)")
    return path


def pytest_sessionstart(session):
    """The interface's catalogues (locale/*.po) compiled, as `make install` does: no .mo files
    are kept in git. Only the ones older than their .po are rebuilt."""
    for po in ROOT.glob("locale/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            from django.core.management import call_command

            call_command("compilemessages", locale=[po.parents[1].name], verbosity=0)


@pytest.fixture(autouse=True)
def _geocoder_index_follows_each_test(settings):
    """Each test sees the gazetteer of its own database state: the index checks the database
    fingerprint on every look-up (rebuilding only when it changed)."""
    settings.GAZETTEER_INDEX_TTL = 0


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache of its own, in memory (cached maps are keyed by data
    versions, which two tests' databases could share; the app's files under var/cache are not
    touched)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}

    cache.clear()
    yield
    cache.clear()
