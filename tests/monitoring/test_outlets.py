"""Outlets: add_outlet, the CSV table (command and admin), the built-in list, and the admin page
showing an outlet's fetch history."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from monitoring.models import Feed, FetchRun, Outlet
from monitoring.outlets_csv import BUILTIN, import_outlets

pytestmark = pytest.mark.django_db
FEED = "https://news.example/rss.xml"


def add(*args) -> str:
    out = StringIO()
    call_command("add_outlet", *args, stdout=out)
    return out.getvalue()


def test_add_outlet_creates_then_updates_by_feed_url():
    add("Example", "--feed", FEED, "--lang", "en", "--kind", "wire")
    add("Example News", "--feed", FEED, "--lang", "en", "--country", "gb")
    outlet = Outlet.objects.get()
    assert (outlet.name, outlet.kind, outlet.country, outlet.active) == ("Example News", "wire", "GB", True)
    assert list(outlet.feeds.values_list("url", flat=True)) == [FEED]


def test_add_outlet_refuses_bad_input_and_stores_nothing():
    with pytest.raises(CommandError, match="not an http:// or https:// feed URL"):
        add("X", "--feed", "file:///etc/passwd", "--lang", "en")
    with pytest.raises(CommandError, match="NAME and at least one --feed"):
        add("X")
    with pytest.raises(CommandError):
        add("X\u202eY", "--feed", FEED)  # a direction override in a name
    assert not Outlet.objects.exists() and not Feed.objects.exists()


def test_the_builtin_list_is_real_feeds_loaded_inactive():
    out = add("--builtin")
    count = len(BUILTIN.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert f"{count} outlets added" in out and count >= 8
    assert not Outlet.objects.filter(active=True).exists()
    assert set(Outlet.objects.values_list("language", flat=True)) == {"fa", "ar", "en"}
    assert all(url.startswith("https://") for url in Feed.objects.values_list("url", flat=True))
    add("--builtin")  # again: the same outlets, updated
    assert Outlet.objects.count() == count


def test_a_bad_table_names_its_lines_and_stores_nothing():
    table = "name,language,country,kind,feeds\nGood,en,GB,wire,https://a.example/rss\nBad,en,GB,tabloid,\n"
    with pytest.raises(ValueError, match=r"line 3: unknown kind 'tabloid'.*; no feed URL"):
        import_outlets(table)
    assert not Outlet.objects.exists()


def test_the_admin_imports_a_table_and_shows_the_fetch_history(admin_client):
    table = (
        "name,language,country,kind,feeds,active\nA,fa,IR,state,https://a.example/rss https://a.example/atom,false\n"
    )
    url = reverse("admin:monitoring_outlet_import_csv")
    page = admin_client.get(url)
    assert page.status_code == 200 and b"Import outlets" in page.content
    response = admin_client.post(url, {"table": SimpleUploadedFile("o.csv", table.encode())})
    assert response.status_code == 302
    outlet = Outlet.objects.get(name="A")
    assert outlet.feeds.count() == 2 and not outlet.active
    bad = admin_client.post(url, {"table": SimpleUploadedFile("o.csv", b"name,feeds\nB,x\n")})
    assert b"lacks the column" in bad.content
    FetchRun.objects.create(
        outlet=outlet, started="2026-12-07T04:00:00Z", items=7, new_reports=4, errors="http://a.example/x: HTTP 404"
    )
    change = admin_client.get(reverse("admin:monitoring_outlet_change", args=[outlet.pk]))
    assert b"fetch history" in change.content.lower() and b"HTTP 404" in change.content
    listing = admin_client.get(reverse("admin:monitoring_outlet_changelist"))
    assert b"Import CSV" in listing.content
