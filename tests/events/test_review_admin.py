"""The review workflow in the admin: add and parse reports, search, verify, reject, merge, edit
with history and revert, roles, ACLED import/export, and a bounded changelist."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.export import ACLED_COLUMNS
from events.ingest import ingest_text
from events.models import Actor, Event, EventEvidence, Report, Status
from events.ucdp_export import UCDP_COLUMNS
from gazetteer.loaders.base import PlaceData, upsert_places
from gazetteer.models import Place
from tests.conftest import FIXTURES

HAJIN = "نیروهای دموکراتیک سوریه روز دوشنبه شهر هجین را از کنترل داعش خارج کردند."
BAGHUZ = "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند."


@pytest.fixture
def hajin_event(tiny_gazetteer):
    report = ingest_text(HAJIN, published=dt.date(2018, 12, 10)).report
    return Event.objects.get(report=report, place__name="Hajin")


def test_paste_a_report_parses_it_and_lands_on_it(tiny_gazetteer, admin_client):
    response = admin_client.post(
        reverse("admin:events_report_add"),
        {"text": BAGHUZ, "published": "2018-05-15", "outlet": "Test", "url": "", "language": "fa", "title": ""},
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:events_report_change", args=[report.pk]
    )
    assert report.events.filter(kind="capture_or_liberation", place__name="Baghuz Tahtani").exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert '<mark class="m-place" title="place: Baghuz Tahtani">باغوز تحتانی</mark>' in page
    assert "capture or liberation" in page or "capture_or_liberation" in page


def test_upload_a_legacy_arabic_file(tiny_gazetteer, admin_client):
    data = "سيطرت قوات سوريا الديمقراطية على بلدة هجين".encode("cp1256")
    upload = SimpleUploadedFile("report.txt", data, content_type="text/plain")
    admin_client.post(
        reverse("admin:events_report_add"), {"text": "", "upload": upload, "language": "ar", "published": "2018-12-14"}
    )
    assert Report.objects.get().text == "سيطرت قوات سوريا الديمقراطية على بلدة هجين"


@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary")])
def test_a_bad_upload_is_refused_with_the_file_named_and_nothing_written(tiny_gazetteer, admin_client, data, reason):
    upload = SimpleUploadedFile("scan.png", data)
    response = admin_client.post(reverse("admin:events_report_add"), {"text": "", "upload": upload, "language": "fa"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "scan.png" in page and reason in page
    assert Report.objects.count() == 0


def test_the_same_text_twice_adds_nothing(tiny_gazetteer, admin_client):
    url = reverse("admin:events_report_add")
    admin_client.post(url, {"text": BAGHUZ, "language": "fa"})
    response = admin_client.post(url, {"text": BAGHUZ, "language": "fa"}, follow=True)
    assert Report.objects.count() == 1
    assert "already in the database" in response.content.decode()


def test_parse_again_action_keeps_reviewed_events(hajin_event, admin_client):
    hajin_event.status = Status.VERIFIED
    hajin_event.date = dt.date(2018, 12, 1)
    hajin_event.save()
    admin_client.post(
        reverse("admin:events_report_changelist"),
        {"action": "parse_again_action", "_selected_action": [hajin_event.report_id]},
    )
    hajin_event.refresh_from_db()
    assert hajin_event.status == Status.VERIFIED and hajin_event.date == dt.date(2018, 12, 1)
    assert Event.objects.filter(report=hajin_event.report, place__name="Hajin").count() == 1


@pytest.mark.parametrize("query", ["هجين", "هجین", "Hajin", "hajin", "داعش", "ISIS", "دموکراتیک"])
def test_search_finds_events_in_any_script(hajin_event, admin_client, query):
    other = ingest_text(BAGHUZ, published=dt.date(2018, 5, 15)).report
    assert other.events.exists()
    page = admin_client.get(reverse("admin:events_event_changelist"), {"q": query})
    found = {e.pk for e in page.context["cl"].result_list}
    assert hajin_event.pk in found
    if query in ("هجين", "هجین", "Hajin", "hajin"):
        assert found.isdisjoint(other.events.values_list("pk", flat=True))


def test_filters_by_country_governorate_and_actor(hajin_event, admin_client):
    url = reverse("admin:events_event_changelist")
    isis = Actor.objects.get(name="ISIS")
    assert hajin_event in admin_client.get(url, {"country": "SY"}).context["cl"].result_list
    assert hajin_event not in admin_client.get(url, {"country": "IQ"}).context["cl"].result_list
    assert hajin_event in admin_client.get(url, {"admin1": "SY-DY", "actor": isis.pk}).context["cl"].result_list
    assert hajin_event not in admin_client.get(url, {"admin1": "SY-RA"}).context["cl"].result_list


def test_verify_and_reject_actions(hajin_event, admin_client):
    url = reverse("admin:events_event_changelist")
    admin_client.post(url, {"action": "verify", "_selected_action": [hajin_event.pk]})
    hajin_event.refresh_from_db()
    assert hajin_event.status == Status.VERIFIED
    admin_client.post(url, {"action": "reject", "_selected_action": [hajin_event.pk]})
    hajin_event.refresh_from_db()
    assert hajin_event.status == Status.REJECTED
    assert hajin_event.history.count() >= 3  # created, verified, rejected


def test_merge_keeps_every_evidence_and_report(tiny_gazetteer, admin_client):
    first = ingest_text(HAJIN, published=dt.date(2018, 12, 10)).report
    second = ingest_text(
        "داعش شهر هجین را از دست داد و نیروهای دموکراتیک سوریه وارد شهر هجین شدند.", published=dt.date(2018, 12, 14)
    ).report
    a = Event.objects.get(report=first, place__name="Hajin")
    b = Event.objects.filter(report=second, place__name="Hajin").first()
    b.kind = a.kind
    b.save()
    a.status = Status.VERIFIED
    a.save()
    admin_client.post(reverse("admin:events_event_changelist"), {"action": "merge", "_selected_action": [a.pk, b.pk]})
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.status == Status.REJECTED and b.merged_into_id == a.pk
    reports = set(EventEvidence.objects.filter(event=a).values_list("report_id", flat=True))
    assert reports == {first.pk, second.pk}
    assert a.date_end == dt.date(2018, 12, 14)


def test_merge_refuses_events_of_different_kinds(tiny_gazetteer):
    report = ingest_text(HAJIN, published=dt.date(2018, 12, 10)).report
    event = report.events.first()
    other = Event.objects.create(
        report=report,
        kind="airstrike_or_shelling",
        event_type="x",
        sub_event_type="y",
        evidence="e",
        evidence_start=0,
        evidence_end=1,
        fingerprint="z",
    )
    with pytest.raises(ValueError, match="different kinds"):
        Event.objects.filter(pk__in=[event.pk, other.pk]).merge()
    assert Event.objects.get(pk=other.pk).status == Status.EXTRACTED  # nothing was merged


def _form_data(event: Event, **changes) -> dict:
    data = {
        "kind": event.kind,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "status": event.status,
        "confidence": event.confidence,
        "date": event.date or "",
        "date_end": event.date_end or "",
        "time_precision": event.time_precision or "",
        "place": event.place_id or "",
        "place_mention": event.place_mention,
        "lat": event.lat,
        "lon": event.lon,
        "geo_precision": event.geo_precision or "",
        "actor1": event.actor1_id or "",
        "actor2": event.actor2_id or "",
        "control_from": event.control_from_id or "",
        "control_to": event.control_to_id or "",
        "report": event.report_id,
        "evidence": event.evidence,
        "evidence_start": event.evidence_start,
        "evidence_end": event.evidence_end,
        "merged_into": "",
        "evidence_set-TOTAL_FORMS": 0,
        "evidence_set-INITIAL_FORMS": 0,
        "evidence_set-MIN_NUM_FORMS": 0,
        "evidence_set-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_moving_an_event_marks_it_edited_records_who_and_can_be_reverted(hajin_event, admin_client, admin_user):
    url = reverse("admin:events_event_change", args=[hajin_event.pk])
    page = admin_client.get(url).content.decode()
    assert 'class="cm-admin-map"' in page and "/static/vendor/leaflet/leaflet.js" in page and "cdn" not in page.lower()
    old = (hajin_event.lat, hajin_event.lon)
    response = admin_client.post(url, _form_data(hajin_event, lat=34.7, lon=40.85))
    assert response.status_code == 302, response.content.decode()[:2000]
    hajin_event.refresh_from_db()
    assert (hajin_event.lat, hajin_event.lon) == (34.7, 40.85) and hajin_event.status == Status.EDITED
    latest = hajin_event.history.first()
    assert latest.history_user == admin_user and latest.lat == 34.7
    original = hajin_event.history.earliest()
    revert = reverse("admin:events_event_simple_history", args=[hajin_event.pk, original.history_id])
    assert admin_client.get(revert).status_code == 200
    admin_client.post(revert, _form_data(hajin_event, lat=old[0], lon=old[1], status=original.status))
    hajin_event.refresh_from_db()
    assert (hajin_event.lat, hajin_event.lon) == old


def test_a_corrected_place_survives_a_gazetteer_reload(tiny_gazetteer, admin_client):
    upsert_places(
        [PlaceData("wof", "h1", "Hajin", "town", "SY", 34.69, 40.83, admin1="SY-DY", names=[("هجین", "fa", False)])],
        source="wof",
    )
    place = Place.objects.get(refs__source="wof", refs__source_id="h1")
    url = reverse("admin:gazetteer_place_change", args=[place.pk])
    page = admin_client.get(url).content.decode()
    assert 'class="cm-admin-map"' in page
    form = {
        "name": place.name,
        "kind": place.kind,
        "country": "SY",
        "admin1": "SY-DY",
        "admin2": "",
        "lat": 34.70,
        "lon": 40.90,
        "population": "",
        "source": place.source,
        "source_id": place.source_id,
        "geonames_id": "",
        "names-TOTAL_FORMS": 0,
        "names-INITIAL_FORMS": 0,
        "names-MIN_NUM_FORMS": 0,
        "names-MAX_NUM_FORMS": 1000,
        "refs-TOTAL_FORMS": 0,
        "refs-INITIAL_FORMS": 0,
        "refs-MIN_NUM_FORMS": 0,
        "refs-MAX_NUM_FORMS": 1000,
    }
    assert admin_client.post(url, form).status_code == 302
    place.refresh_from_db()
    assert place.edited and place.lon == 40.90
    stats = upsert_places(
        [PlaceData("wof", "h1", "Hajin", "town", "SY", 34.69, 40.83, admin1="SY-DY", names=[("هجين", "ar", False)])],
        source="wof",
    )
    place.refresh_from_db()
    assert place.lon == 40.90 and stats.kept_edited == 1
    assert place.names.filter(name="هجين").exists()  # names are still added


def _user(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_roles_viewer_reads_and_editor_changes(hajin_event, client):
    url = reverse("admin:events_event_change", args=[hajin_event.pk])
    client.force_login(_user("viewer1", "viewer"))
    assert client.get(reverse("admin:events_event_changelist")).status_code == 200
    assert client.get(url).status_code == 200
    assert client.post(url, _form_data(hajin_event, lat=30)).status_code == 403
    assert client.get(reverse("admin:events_actor_change", args=[hajin_event.actor1_id])).status_code == 200
    client.force_login(_user("editor1", "editor"))
    assert client.post(url, _form_data(hajin_event, lat=34.71)).status_code == 302
    assert (
        client.post(
            reverse("admin:events_actor_change", args=[hajin_event.actor1_id]),
            {"name": "X", "colour": "#000000", "aliases": "[]"},
        ).status_code
        == 403
    )


def test_public_maps_hide_unverified_events_when_asked(hajin_event, client, settings):
    settings.MAP_SHOW_UNVERIFIED = False
    assert client.get(reverse("mapping:api-events-points")).json()["events"] == 0
    hajin_event.status = Status.VERIFIED
    hajin_event.save()
    assert client.get(reverse("mapping:api-events-points")).json()["events"] == 1


def test_export_in_acled_columns_and_geojson(hajin_event, admin_client):
    url = reverse("admin:events_event_export")
    page = admin_client.get(url)
    assert page.status_code == 200
    formats = {title: value for value, title in page.context["form"].fields["format"].choices}
    response = admin_client.post(
        url, {"format": formats["csv"], "resource": 0, **{f"eventresource_{c}": "on" for c in ACLED_COLUMNS}}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert rows[0]["location"] == "Hajin" and rows[0]["actor1"] == "SDF" and rows[0]["country"] == "Syria"
    response = admin_client.post(
        url, {"format": formats["geojson"], "resource": 0, **{f"eventresource_{c}": "on" for c in ACLED_COLUMNS}}
    )
    data = json.loads(response.content)
    assert data["features"][0]["geometry"]["coordinates"] == [
        pytest.approx(40.827, abs=1e-3),
        pytest.approx(34.6927, abs=1e-3),
    ]


ACLED_CSV = """event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
SYR1001,2018-12-14,2018,1,Political violence,Battles,Non-state actor overtakes territory,QSD: Syrian Democratic Forces,,2,Islamic State (Syria),,2,22,,760,Middle East,Syria,Deir ez Zor,,,Hajin,34.6927,40.8270,1,SOHR,,SDF took Hajin from IS.,0,,1545000000
SYR1002,not a date,2018,1,Political violence,Battles,Armed clash,Military Forces of Syria (2000-),,1,Islamic State (Syria),,2,12,,760,Middle East,Syria,Deir ez Zor,,,Nowhere,99,40,1,SOHR,,Clashes.,0,,1545000000
IRQ2001,12 March 2017,2017,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Iraq (2014-),,1,Islamic State (Iraq),,2,12,,368,Middle East,Iraq,Ninewa,,,Mosul,36.335,43.1189,1,Iraqi News,,Air strikes on IS positions in western Mosul.,3,,1489300000
"""


def _preview(admin_client, text: str, fmt: str = "acled"):
    upload = SimpleUploadedFile(f"{fmt}.csv", text.encode(), content_type="text/csv")
    return admin_client.post(reverse("admin:events_event_import"), {"format": fmt, "import_file": upload})


def test_acled_import_previews_errors_then_imports_idempotently(tiny_gazetteer, admin_client):
    page = admin_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert reverse("admin:events_event_import") in page  # the Import button
    preview = _preview(admin_client, ACLED_CSV)
    html = preview.content.decode()
    assert preview.status_code == 200 and "Preview: nothing has been written yet" in html
    assert "<td>3</td><td>event_date &#x27;not a date&#x27; is not a date" in html
    assert "latitude/longitude &#x27;99&#x27;, &#x27;40&#x27; are not coordinates" in html
    assert Event.objects.filter(dataset="acled").count() == 0  # nothing written by the preview

    for _ in range(2):  # twice: the second run updates the same events
        confirm = _preview(admin_client, ACLED_CSV).context["confirm_form"]
        done = admin_client.post(reverse("admin:events_event_process_import"), dict(confirm.initial), follow=True)
        assert "2 new" in done.content.decode() or "2 unchanged" in done.content.decode()
    imported = Event.objects.filter(dataset="acled").select_related("place", "actor1", "actor2")
    assert imported.count() == 2
    hajin = imported.get(dataset_id="SYR1001")
    assert hajin.kind == "capture_or_liberation" and hajin.place.name == "Hajin" and hajin.status == Status.VERIFIED
    assert (hajin.actor1.name, hajin.actor2.name) == ("SDF", "ISIS") and hajin.evidence == "SDF took Hajin from IS."
    assert hajin.history.get().history_user.username == "admin"  # named in the history; the re-run wrote nothing
    mosul = imported.get(dataset_id="IRQ2001")
    assert (
        mosul.kind == "airstrike_or_shelling"
        and mosul.date == dt.date(2017, 3, 12)
        and mosul.actor1.name == "Iraqi Security Forces"
    )


def test_admin_import_refuses_an_unreadable_file_and_a_forged_confirmation(tiny_gazetteer, admin_client):
    upload = SimpleUploadedFile("scan.csv", b"%PDF-1.5 not a table", content_type="text/csv")
    page = admin_client.post(reverse("admin:events_event_import"), {"format": "acled", "import_file": upload})
    assert "scan.csv: binary data" in page.content.decode() and "confirm_form" not in page.context
    forged = {"format": "acled", "token": "../../etc/passwd", "name": "x.csv"}
    response = admin_client.post(reverse("admin:events_event_process_import"), forged, follow=True)
    assert "Upload the file first" in response.content.decode()
    gone = {"format": "acled", "token": "0" * 32, "name": "x.csv"}
    response = admin_client.post(reverse("admin:events_event_process_import"), gone, follow=True)
    assert "The uploaded file is gone" in response.content.decode() and Event.objects.count() == 0


def test_admin_imports_ucdp_files_and_exports_ucdps_columns(tiny_gazetteer, admin_client):
    text = (FIXTURES / "ucdp" / "ucdp_ged_sample.csv").read_text()
    confirm = _preview(admin_client, text, "ucdp").context["confirm_form"]
    admin_client.post(reverse("admin:events_event_process_import"), dict(confirm.initial))
    assert Event.objects.filter(dataset="ucdp").count() == 8
    url = reverse("admin:events_event_export")
    form = admin_client.get(url).context["form"]
    formats = {title: value for value, title in form.fields["format"].choices}
    resources = {title: value for value, title in form.fields["resource"].choices}
    response = admin_client.post(
        url,
        {
            "format": formats["csv"],
            "resource": resources["UCDP GED"],
            **{f"ucdpeventresource_{c}": "on" for c in UCDP_COLUMNS},
        },
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == list(UCDP_COLUMNS) and {r["id"] for r in rows} >= {"900001", "900008"}


def test_changelist_queries_are_bounded(tiny_gazetteer, admin_client, django_assert_max_num_queries):
    report = ingest_text(HAJIN, published=dt.date(2018, 12, 10)).report
    template = report.events.first()
    actors = list(Actor.objects.all())
    Event.objects.bulk_create(
        Event(
            report=report,
            kind=template.kind,
            event_type="Battles",
            sub_event_type="Armed clash",
            date=dt.date(2018, 1, 1) + dt.timedelta(days=i),
            place=template.place,
            place_mention="هجین",
            lat=34.69,
            lon=40.83,
            actor1=actors[i % len(actors)],
            actor2=actors[(i + 1) % len(actors)],
            evidence=f"evidence {i}",
            evidence_start=0,
            evidence_end=5,
            fingerprint=f"q{i}",
        )
        for i in range(300)
    )
    url = reverse("admin:events_event_changelist")
    for params in ({}, {"q": "هجين"}, {"country": "SY", "kind__exact": "battle"}):
        with django_assert_max_num_queries(14):
            assert admin_client.get(url, params).status_code == 200
