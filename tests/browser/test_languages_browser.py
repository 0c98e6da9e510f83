"""Every public page and the admin in English, Persian and Arabic, in Chromium (issue 14): the
browser's Accept-Language picks the language, right-to-left pages mirror the map's controls,
the switcher keeps the choice, and nothing breaks the Content-Security-Policy. Screenshots go to
tests/artifacts/languages/<lang>-<page>.png (not committed)."""

from __future__ import annotations

import pytest

from tests.hostile import seed

from .conftest import ARTIFACTS

PAGES = {
    "overview": "/",
    "events": "/map/events/",
    "control": "/map/control/",
    "changes": "/map/changes/?from=2018-06-01&to=2019-04-01",
    "timeline": "/map/timeline/",
    "report": "/reports/{report}/",
    "gazetteer": "/gazetteer/search/?q=%D8%B1%D9%82%D9%87",
}
LANGS = {"en": "ltr", "fa": "rtl", "ar": "rtl"}


@pytest.fixture
def lang_page(browser, browser_site, request):
    from .conftest import Watched

    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale=request.param)
    p = context.new_page()
    yield request.param, Watched(p, browser_site)
    context.close()


def shot(page, lang: str, name: str) -> None:
    folder = ARTIFACTS / "languages"
    folder.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(folder / f"{lang}-{name}.png"))


@pytest.mark.parametrize("lang_page", list(LANGS), indirect=True)
def test_every_page_in_the_browsers_language(lang_page):
    lang, page = lang_page
    for name, path in PAGES.items():
        if name == "gazetteer":  # no map on this page
            page.goto(path, ready="document.readyState === 'complete'")
        else:
            page.goto(path.format(**seed.SEEDED))
        html = page.page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (lang, LANGS[lang]), name
        if name in ("control", "events", "changes", "timeline"):
            zoom = page.page.locator(".leaflet-control-zoom").bounding_box()
            frame = page.page.locator(".map-frame").bounding_box()
            on_right = zoom["x"] > frame["x"] + frame["width"] / 2
            assert on_right == (LANGS[lang] == "rtl"), f"{name}: the zoom control is not mirrored"
        shot(page, lang, name)
        page.assert_clean()


@pytest.mark.parametrize("lang_page", ["fa", "ar"], indirect=True)
def test_the_admin_in_the_browsers_language(lang_page):
    lang, page = lang_page
    page.login()
    page.page.goto(page.base + "/admin/")
    assert page.page.locator("html").get_attribute("dir") == "rtl"
    assert page.page.locator("html").get_attribute("lang") == lang
    # Our app and model names, as the reader sees them (tests/mapping/test_admin_languages.py walks them all).
    shown = page.page.locator("#content-main").inner_text()
    for english in ("Events", "Gazetteer", "Monitoring", "Actors", "Control assertions", "Places", "Outlets"):
        assert english not in shown, english
    assert ("رویدادها" if lang == "fa" else "الأحداث") in shown
    shot(page, lang, "admin")
    page.assert_clean()


@pytest.mark.parametrize("lang_page", ["en"], indirect=True)
def test_the_switcher_keeps_the_readers_choice(lang_page):
    _lang, page = lang_page
    page.goto("/map/control/")
    page.page.click(".language a[lang=fa]")
    page.page.wait_for_function(
        "() => document.documentElement.lang === 'fa' && window.cmMap && window.cmMap.conflictmap.ready"
    )
    assert page.page.url.endswith("/map/control/")
    page.goto("/map/events/")  # the choice outlives the page
    assert page.page.locator("html").get_attribute("dir") == "rtl"
    assert page.page.locator("h1").inner_text() == "رویدادها"
    page.assert_clean()


@pytest.mark.parametrize("lang_page", ["fa"], indirect=True)
def test_map_tooltips_are_written_in_the_readers_language(lang_page):
    """Tooltips are built in the browser from the features' fields and the page's words, so an
    area, a front line, a siege ring and a change read in Persian (the APIs keep English labels)."""
    _lang, page = lang_page
    page.goto("/map/control/")
    labels = page.page.evaluate(
        """() => [
            window.conflictmap.labelOf({layer: "front", a: "ISIS", b: "SDF", length_km: 1234.4}),
            window.conflictmap.labelOf({layer: "area", holder: "Iraqi Security Forces", area_km2: 52.2}),
            window.conflictmap.labelOf({layer: "ring", besiegers: ["HTS", "ISIS"]}),
            window.conflictmap.labelOf({layer: "change", gainer: "SDF", loser: null, area_km2: 9}),
            window.conflictmap.labelOf({layer: "changed_place", before: null, holder: "Turkey"}),
        ]"""
    )
    assert labels == [
        "خط جبهه: داعش | نیروهای دموکراتیک سوریه (۱۲۳۴ کیلومتر)",
        "نیروهای امنیتی عراق (۵۲ کیلومتر مربع)",
        "در محاصره‌ی هیئت تحریر الشام، داعش",
        "نیروهای دموکراتیک سوریه از زمین بی‌صاحب (۹ کیلومتر مربع)",
        "نامعلوم ← ترکیه",
    ], labels
    page.assert_clean()


@pytest.mark.parametrize("lang_page", ["fa"], indirect=True)
def test_the_timeline_player_shows_persian_dates(lang_page):
    """The player's date is the reader's (Solar Hijri, Persian digits), as in the list of frames."""
    _lang, page = lang_page
    page.goto("/map/timeline/")
    shown = page.page.locator(".timecontrol-date").inner_text().strip()
    listed = page.page.locator("#frames li").all_inner_texts()
    assert shown and shown[0] in "۱۲" and all(c in "۰۱۲۳۴۵۶۷۸۹/" for c in shown)
    assert any(shown in item for item in listed)  # the latest frame, written as the list writes it
    page.assert_clean()
