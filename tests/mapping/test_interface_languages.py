"""The interface in English, Persian and Arabic (issue 14): every public page and template in
fa and ar is right-to-left and has no English interface words; the switcher keeps the choice;
dates and numbers follow the reader's calendar and digits."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from mapping import names

from .conftest import D1, D2

pytestmark = pytest.mark.django_db

RTL = ["fa", "ar"]

#: Names that are not interface words: the product, formats and datasets, licences, codes.
PROPER = {"conflictmap", "GeoJSON", "CSV", "ACLED", "SY", "IQ", "CC", "BY"}

#: Elements whose text is data, not interface: names and evidence from reports and the
#: gazetteer (in <bdi> or dir="auto"), code, text marked as another language, scripts.
DATA_TAGS = {"bdi", "code", "script", "style", "option"}


class VisibleText(HTMLParser):
    """The interface text of a page: text nodes outside data elements, and the <title>."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, page_lang: str) -> None:
        super().__init__()
        self.page_lang = page_lang
        self.stack: list[bool] = []  # per open element: is it (inside) data?
        self.words: list[str] = []
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if tag in self.VOID:
            return
        inside = bool(self.stack and self.stack[-1])
        data = (
            tag in DATA_TAGS
            or a.get("dir") == "auto"
            or (a.get("lang") not in (None, self.page_lang))
            or "cm-evidence" in (a.get("class") or "")
        )
        self.stack.append(inside or data)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words += re.findall(r"[A-Za-z][A-Za-z'’]+", data)


def english_words(html: str, lang: str, allowed: set[str]) -> tuple[list[str], dict]:
    parser = VisibleText(lang)
    parser.feed(html)
    return [w for w in parser.words if w not in PROPER and w not in allowed], parser.html_attrs


@pytest.fixture
def pages(world):
    return [
        "/",
        "/map/events/",
        "/map/control/",
        f"/map/control/?date={D1}",
        f"/map/changes/?from={D1}&to={D2}",
        "/map/timeline/",
        reverse("mapping:report", args=[world["report"].pk]),
        "/gazetteer/search/",
        "/gazetteer/search/?q=Raqqa",
        "/gazetteer/search/?q=ناکجاآباد",  # no match (the query itself is the reader's, not ours)
        "/accounts/login/",
    ]


@pytest.fixture
def data_words(world):
    """Words of the world's own data (place, actor and outlet names), which pages show as data."""
    words = set()
    for text in [*world["places"], *world["actors"], "Test Agency"]:
        words |= set(re.findall(r"[A-Za-z][A-Za-z'’]+", text))
    return words


@pytest.mark.parametrize("lang", RTL)
def test_every_public_page_is_right_to_left_with_no_english_interface_words(client, pages, data_words, lang):
    for path in pages:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, path
        leftover, html_attrs = english_words(response.content.decode(), lang, data_words)
        assert html_attrs == {"lang": lang, "dir": "rtl"}, path
        assert leftover == [], f"{path} in {lang}: English words {leftover}"


@pytest.mark.parametrize("lang", RTL)
def test_the_locked_out_page_is_translated_too(lang):
    request = RequestFactory().get("/accounts/login/")
    with translation.override(lang):
        html = render_to_string("registration/locked_out.html", {"failure_limit": 10, "minutes": 30}, request=request)
    leftover, html_attrs = english_words(html, lang, set())
    assert html_attrs == {"lang": lang, "dir": "rtl"} and leftover == []
    assert ("۳۰" if lang == "fa" else "٣٠") in html


def test_the_walk_sees_english_where_it_is(client, pages, data_words):
    """The check above can fail: in English the same pages are full of English words."""
    response = client.get("/map/control/", HTTP_ACCEPT_LANGUAGE="en")
    leftover, html_attrs = english_words(response.content.decode(), "en", data_words)
    assert html_attrs == {"lang": "en", "dir": "ltr"}
    assert {"Control", "Holders", "Download"} <= set(leftover)


def test_persian_dates_are_solar_hijri_in_persian_digits(client, world):
    html = client.get(f"/map/control/?date={D2}", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "کنترل در ۱۰ آبان ۱۳۹۶" in html  # 2017-11-01
    assert 'value="2017-11-01"' in html  # form values stay ISO


def test_arabic_dates_are_gregorian_in_arabic_indic_digits(client, world):
    html = client.get(f"/map/control/?date={D2}", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "السيطرة في ١ تشرين الثاني ٢٠١٧" in html


def test_the_switcher_keeps_the_choice_in_a_cookie(client, world):
    response = client.get(reverse("mapping:language", args=["ar"]), {"next": "/map/control/?date=2017-01-01"})
    assert response.status_code == 302 and response["Location"] == "/map/control/?date=2017-01-01"
    assert response.cookies["django_language"].value == "ar"
    html = client.get("/map/events/").content.decode()  # no Accept-Language: the cookie decides
    assert '<html lang="ar" dir="rtl">' in html
    assert f'href="{reverse("mapping:language", args=["fa"])}?next=/map/events/"' in html


def test_the_switcher_refuses_other_sites_and_unknown_languages(client):
    response = client.get(reverse("mapping:language", args=["fa"]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("mapping:home")
    assert client.get(reverse("mapping:language", args=["xx"])).status_code == 404


def test_every_kind_status_and_place_kind_is_in_the_catalogues():
    assert names.missing() == []
    for lang in RTL:
        with translation.override(lang):
            for word in (*names.KINDS, *names.KIND_LABELS, *names.STATUSES, *names.PLACE_KINDS, *names.COUNTRIES):
                assert translation.gettext(word) != word, (lang, word)


def test_map_scripts_get_their_words_in_the_readers_language(client, world):
    html = client.get("/map/control/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    found = re.search(r'<script id="cm-strings" type="application/json">(.*?)</script>', html)
    strings = json.loads(found.group(1))
    assert strings["report"] == "گزارش" and strings["digits"] == "۰۱۲۳۴۵۶۷۸۹"
    assert strings["kinds"]["battle"] == "نبرد"
    assert strings["actors"]["Iraqi Security Forces"] == "نیروهای امنیتی عراق"
    assert strings["frontLabel"] == "خط جبهه: %(a)s | %(b)s (%(km)s کیلومتر)" and strings["arrow"] != "→"


def test_every_canonical_actor_has_a_name_in_persian_and_arabic():
    from events.actor_names import NAMES, actor_name
    from events.pipeline.labels import CANONICAL_ACTORS

    assert set(NAMES) == set(CANONICAL_ACTORS)
    for lang in RTL:
        with translation.override(lang):
            named = {actor_name(a) for a in CANONICAL_ACTORS}
            assert len(named) == len(CANONICAL_ACTORS) and not named & set(CANONICAL_ACTORS), lang
    with translation.override("fa"):
        assert actor_name("Some ACLED militia") == "Some ACLED militia" and actor_name(None) == ""


@pytest.mark.parametrize(
    ("lang", "isf", "isis"), [("fa", "نیروهای امنیتی عراق", "داعش"), ("ar", "القوات الأمنية العراقية", "داعش")]
)
def test_holders_are_named_in_the_readers_language_where_a_reader_sees_them(client, world, lang, isf, isis):
    """The legend of the control map, the overview and the changes list name the sides as the
    reader knows them; the data (APIs, filters' values) keeps the canonical names."""
    for path in ("/map/control/", "/", f"/map/changes/?from={D1.isoformat()}&to={D2.isoformat()}"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert f"<bdi>{isf}</bdi>" in html, path
        assert "<bdi>Iraqi Security Forces</bdi>" not in html, path
    changes = client.get(f"/map/changes/?from={D1.isoformat()}&to={D2.isoformat()}", HTTP_ACCEPT_LANGUAGE=lang)
    assert isis in changes.content.decode()
    events = client.get("/map/events/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert re.search(rf'<option value="ISIS"[^>]*>[^<]*{isis}', events)
