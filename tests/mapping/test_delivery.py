"""How pages and data are delivered (issue 14): gzipped, with ETags (304 when unchanged), and
under a Content-Security-Policy whose script-src has no 'unsafe-inline' and no outside host."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import ControlAssertion

from .conftest import D1, D2

pytestmark = pytest.mark.django_db


def script_src(response) -> list[str]:
    policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";") if d.strip())
    return policy["script-src"].split()


@pytest.mark.parametrize("path", ["/", "/map/control/", "/map/events/", "/map/changes/", "/map/timeline/"])
def test_pages_send_a_csp_and_their_inline_scripts_carry_its_nonce(client, world, path):
    response = client.get(path)
    sources = script_src(response)
    assert sources[0] == "'self'" and len(sources) == 2 and sources[1].startswith("'nonce-")
    nonce = sources[1][len("'nonce-") : -1]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "no inline script at all?"
    for attrs in inline:
        assert f'nonce="{nonce}"' in attrs or 'type="application/json"' in attrs, attrs
    assert not re.search(r"\son[a-z]+=", html), "an inline event handler would be blocked"


def test_the_report_page_and_the_admin_send_the_csp_too(client, world):
    for response in (client.get(reverse("mapping:report", args=[world["report"].pk])),):
        assert "'unsafe-inline'" not in script_src(response)
    staff = get_user_model().objects.create_user(
        "editor", password="x-long-password-1", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    for path in ("/admin/", "/admin/events/event/", f"/admin/events/report/{world['report'].pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        sources = script_src(response)
        assert sources[0] == "'self'" and all(s.startswith("'nonce-") for s in sources[1:]), sources


def test_a_new_nonce_for_every_response(client, world):
    assert script_src(client.get("/map/control/"))[1] != script_src(client.get("/map/control/"))[1]


def test_the_control_data_is_gzipped_and_a_304_when_unchanged(client, world):
    url = reverse("mapping:api-control-map") + f"?date={D1}"
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(first.content))
    assert data["date"] == str(D1) and data["places"]["features"]
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    # New control data: a new snapshot, a new ETag, the whole answer again.
    ControlAssertion.objects.filter(date=D1, place__name="Raqqa").update(holder=world["actors"]["SDF"])
    changed = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_the_control_page_is_a_shell_the_data_is_not_in_it(client, world):
    page = client.get(f"/map/control/?date={D1}", HTTP_ACCEPT_ENCODING="gzip")
    html = gzip.decompress(page.content).decode()
    assert f"/api/control/map.json?date={D1}" in html
    for layer in ("area", "front", "ring", "place"):
        assert f'"layer":"{layer}"' not in html.replace(" ", "")


def test_a_cached_page_gets_the_nonce_only_where_the_template_put_it(client, world):
    isis = world["actors"]["ISIS"]
    isis.name = '<cm-csp-nonce> "><script nonce="<cm-csp-nonce>">alert(1)</script>'
    isis.save()
    for _ in range(2):  # built, then from the cache
        response = client.get(f"/map/control/?date={D1}")
        nonce = script_src(response)[1][len("'nonce-") : -1]
        html = response.content.decode()
        assert html.count(f'nonce="{nonce}"') == len(re.findall(r"<script nonce=", html)) >= 2
        assert "&lt;cm-csp-nonce&gt;" in html and "<cm-csp-nonce>" not in html
        assert "alert(1)</script>" not in html


def test_the_changes_data_is_gzipped_and_a_304_when_unchanged(client, world):
    url = reverse("mapping:api-changes-map") + f"?from={D1}&to={D2}"
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(first.content))
    assert (data["from"], data["to"]) == (str(D1), str(D2))
    assert {f["properties"]["name"] for f in data["places"]["features"]} == {"Raqqa", "Tabqa", "Mosul", "Tal Afar"}
    assert {f["properties"]["gainer"] for f in data["changes"]["features"]} >= {"SDF", "Iraqi Security Forces"}
    assert data["fronts_from"]["features"] and all(
        f["properties"]["layer"] == "front" for f in data["fronts_to"]["features"]
    )
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    # New control data: Raqqa no longer changed hands; a new ETag and the new answer.
    ControlAssertion.objects.filter(date=D2, place__name="Raqqa").update(holder=world["actors"]["ISIS"])
    changed = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    names = {f["properties"]["name"] for f in json.loads(gzip.decompress(changed.content))["places"]["features"]}
    assert "Raqqa" not in names and "Mosul" in names


def test_the_changes_data_defaults_to_the_last_change_and_refuses_bad_dates(client, world):
    data = client.get(reverse("mapping:api-changes-map")).json()
    assert (data["from"], data["to"]) == (str(D1), str(D2))
    for query in ("from=yesterday", f"from={D2}&to={D1}", "country=Mars"):
        bad = client.get(reverse("mapping:api-changes-map") + "?" + query)
        assert bad.status_code == 400 and bad.json()["errors"], query


def test_the_changes_page_is_a_shell_with_the_list_but_not_the_layers(client, world):
    page = client.get(f"/map/changes/?from={D1}&to={D2}", HTTP_ACCEPT_ENCODING="gzip")
    html = gzip.decompress(page.content).decode()
    assert f"/api/changes/map.json?from={D1}\\u0026to={D2}" in html
    for layer in ("change", "front", "changed_place"):
        assert f'"layer":"{layer}"' not in html.replace(" ", "")
    assert html.count('<li><strong dir="auto">') == 4  # the changed places, listed with their evidence


def test_the_timeline_data_is_gzipped_and_a_304_when_unchanged(client, world):
    url = reverse("mapping:api-timeline-map")
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(first.content))
    assert data["frames"] == [str(D1), str(D2)]
    assert {f["properties"]["layer"] for f in data["features"]} == {"area", "front"}
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    ControlAssertion.objects.filter(date=D2, place__name="Raqqa").update(holder=world["actors"]["ISIS"])
    changed = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert client.get(url + "?country=Mars").status_code == 400


def test_the_timeline_page_is_a_shell(client, world):
    html = client.get("/map/timeline/?country=SY").content.decode()
    assert '"url": "/api/timeline/map.json?country=SY"' in html
    assert '"times"' not in html and '"layer"' not in html
    assert html.count('<li><a href="/map/control/?date=') == 2  # the frames, listed
