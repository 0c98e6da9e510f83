"""fetch_feeds end to end against the local news site (the issue's bar), never the internet."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import Event, Report
from monitoring.models import FetchedPage, FetchRun, Outlet

from .local_site import BROKEN_CASES, CHROME_WORDS, EN_STORIES, FA_STORIES

pytestmark = pytest.mark.django_db


def fetch(*args) -> str:
    out = StringIO()
    call_command("fetch_feeds", *args, stdout=out)
    return out.getvalue()


def test_loopback_is_refused_by_default(settings, news, site):
    settings.FEEDS_ALLOW_PRIVATE_HOSTS = False
    out = fetch()
    assert Report.objects.count() == 0
    assert site.requests == []  # not even robots.txt was asked for
    assert out.count("is a loopback address (127.0.0.1): refused") == 5
    assert "Traceback" not in out
    assert "loopback" in Outlet.objects.get(name="Daily (en)").last_errors


def test_every_good_article_becomes_one_report_and_every_failure_is_named(feeds_settings, news, site):
    out = fetch()
    assert "Traceback" not in out
    # 2 Persian + 2 Arabic + 4 English + 4 wire copies; nothing from the broken cases
    assert Report.objects.count() == 12
    for path, (title, paragraphs) in {**FA_STORIES, **EN_STORIES}.items():
        report = Report.objects.get(url=site.url(path))
        assert report.text.startswith(title) and report.title == title
        for paragraph in paragraphs:
            assert paragraph in report.text  # the whole text
        for word in CHROME_WORDS:
            assert word not in report.text, (word, report.text)  # no menus, lists, footers, scripts
    assert Report.objects.get(url=site.url("/fa/baghuz")).outlet == "Khabar (fa)"
    assert Report.objects.get(url=site.url("/ar/raqqa")).language == "ar"
    for path in BROKEN_CASES:
        assert f"failed: {site.url(path)}" in out
        assert not Report.objects.filter(url=site.url(path)).exists()
    assert "failed: " + site.url("/en/missing") + ": HTTP 404" in out
    assert site.url("/en/error") + ": HTTP 500" in out
    assert "not a web page (application/pdf)" in out
    assert f"failed: feed {site.url('/broken/rss.xml')}: " in out
    daily = Outlet.objects.get(name="Daily (en)")
    assert daily.last_items == 7 and daily.last_new == 4 and len(daily.last_errors.splitlines()) == 3
    assert "Broken: 0 items" in out and Outlet.objects.get(name="Broken").last_errors.startswith("feed ")
    agents = {headers.get("User-Agent") for _, headers in site.requests}
    assert agents == {feeds_settings.FEEDS_USER_AGENT}
    assert site.paths().count("/robots.txt") == 1  # once per host


def test_a_second_run_adds_nothing_and_asks_the_feeds_conditionally(feeds_settings, news, site):
    fetch()
    reports, events = Report.objects.count(), Event.objects.count()
    site.requests.clear()
    out = fetch()
    assert (Report.objects.count(), Event.objects.count()) == (reports, events)
    assert "0 new reports" in out and "new reports" in out
    assert all(not p.startswith(("/fa/b", "/en/baghuz", "/wire/en")) for p in site.paths())  # known URLs not fetched
    feed_requests = [h for p, h in site.requests if p == "/en/rss.xml"]
    assert feed_requests and "If-None-Match" in feed_requests[0]
    assert "/en/error" in site.paths()  # a server error is tried again, a 404 or a PDF is not
    assert "/en/missing" not in site.paths() and "/en/report.pdf" not in site.paths()
    assert FetchRun.objects.filter(outlet__name="Daily (en)").count() == 2


def test_the_wire_copies_join_the_english_events(feeds_settings, news, site):
    fetch("--outlet", "Daily (en)")
    before = Event.objects.filter(merged_into=None).count()
    assert before >= 3
    out = fetch("--outlet", "Wire")
    after = Event.objects.filter(merged_into=None).count()
    assert after - before <= 2, out
    assert Event.objects.filter(merged_into=None, sources__gte=2).exists()
    merged = Event.objects.filter(merged_into=None, sources__gte=2).first()
    assert merged.outlets == ["Daily (en)", "Wire"]


def test_a_failing_outlet_never_stops_the_others(feeds_settings, news, site, monkeypatch):
    from monitoring import monitor

    real = monitor.fetch_outlet

    def explode(outlet, fetcher=None):
        if outlet.name == "Akhbar (ar)":
            raise RuntimeError("disk on fire")
        return real(outlet, fetcher)

    monkeypatch.setattr("monitoring.schedule.fetch_outlet", explode)
    out = fetch()
    assert "Akhbar (ar): internal error: RuntimeError: disk on fire" in out
    assert Report.objects.filter(outlet="Khabar (fa)").count() == 2
    assert Report.objects.filter(outlet="Wire").count() == 4


def test_outlet_option_and_unknown_outlet(feeds_settings, news, site):
    fetch("--outlet", "Khabar (fa)")
    assert set(Report.objects.values_list("outlet", flat=True)) == {"Khabar (fa)"}
    with pytest.raises(CommandError, match="No outlet named 'Nope'"):
        fetch("--outlet", "Nope")
    with pytest.raises(CommandError, match="not a duration"):
        fetch("--every", "soon")


def test_known_texts_are_stored_once(feeds_settings, news, site):
    fetch("--outlet", "Khabar (fa)")
    Outlet.add("Mirror", feeds=[site.url("/mirror.xml")], language="fa")
    site.add("/mirror.xml", site.routes["/fa/rss.xml"].body.replace(b"/fa/", b"/mirror/fa/"))
    for path in FA_STORIES:
        site.routes["/mirror" + path] = site.routes[path]
    out = fetch("--outlet", "Mirror")
    assert "0 new reports, 2 known" in out
    assert Report.objects.count() == 2
    assert FetchedPage.objects.filter(url__contains="/mirror/", report__isnull=False).count() == 2


def test_the_scheduled_task_fetches_every_active_outlet(feeds_settings, news, site):
    from config.celery import _seconds
    from monitoring.tasks import fetch_feeds

    Outlet.objects.filter(name__in=["Akhbar (ar)", "Daily (en)", "Wire", "Broken"]).update(active=False)
    answer = fetch_feeds()
    assert answer == {"Khabar (fa)": {"new": 2, "failed": 0}}
    assert _seconds("15m") == 900 and _seconds("90") == 90
