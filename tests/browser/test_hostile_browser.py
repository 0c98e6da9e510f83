"""Script injection, in Chromium: report text, evidence, place, actor and outlet names and report
URLs carrying ``<script>``, ``"><img src=x onerror=...>``, ``<svg onload>``, ``javascript:`` URLs
and right-to-left overrides (tests/hostile/seed.py puts them into the test site) are shown as text
on every page, in popups and tooltips, and in the admin: no dialog opens, no console error, no
injected element or handler exists, no link goes to ``javascript:``, and an override reverses
only the value that carries it.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.hostile import seed

pytestmark = pytest.mark.browser

#: What must never be in the page: elements or handlers the hostile values would create, links
#: or frames to script URLs, a marker global; and every U+202E must reverse only its own value.
PROBE = r"""(rloValues) => {
  const out = {injected: [], scriptLinks: [], rloLeaks: [], pwned: window.__pwned === true, rlo: 0};
  for (const img of document.querySelectorAll("img")) {
    if (img.getAttribute("src") === "x") out.injected.push(img.outerHTML.slice(0, 160));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) && /xss-|alert/.test(a.value)) out.injected.push(`${el.tagName} ${a.name}=${a.value.slice(0, 80)}`);
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(a.name)) {
        const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        if (/^(javascript|vbscript|data:text\/html)/.test(v)) out.scriptLinks.push(el.outerHTML.slice(0, 160));
      }
    }
  }
  for (const s of document.querySelectorAll("script")) {
    if (/^\s*alert\(/.test(s.textContent)) out.injected.push("script: " + s.textContent.slice(0, 80));
  }
  for (const s of document.querySelectorAll("svg")) {
    if (s.getAttribute("onload")) out.injected.push("svg onload");
  }
  const rests = rloValues.map(v => v.slice(v.indexOf("\u202e") + 1).replace(/\s+/g, " ").trim());
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || !parent.getClientRects().length) continue;  // not rendered
    let scope = parent;  // where an override ends: an isolating element or a block
    while (scope !== document.body) {
      const cs = getComputedStyle(scope);
      if (/isolate|plaintext/.test(cs.unicodeBidi) || (cs.display !== "inline" && cs.display !== "contents")) break;
      scope = scope.parentElement;
    }
    for (let i = node.nodeValue.indexOf("\u202e"); i >= 0; i = node.nodeValue.indexOf("\u202e", i + 1)) {
      out.rlo += 1;
      const range = document.createRange();
      range.setStart(scope, 0);
      range.setEnd(node, i);
      const at = range.toString().length;
      let rest = scope.textContent.slice(at + 1);
      const pdf = rest.search(/[\u202c\u2069]/);
      if (pdf >= 0) rest = rest.slice(0, pdf);
      rest = rest.replace(/\s+/g, " ").trim().replace(/\s*…$/, "");
      if (!rests.some(r => r.startsWith(rest))) out.rloLeaks.push(`<${scope.tagName.toLowerCase()} class="${scope.className}">: ${JSON.stringify(rest.slice(0, 120))}`);
    }
  }
  return out;
}"""

#: Open the tooltips of every layer whose tooltip or feature mentions ``needle``.
OPEN_TOOLTIPS = r"""(needle) => {
  let n = 0;
  window.cmMap.eachLayer(l => {
    const t = l.getTooltip && l.getTooltip();
    if (!t) return;
    const c = t.getContent();
    const text = (typeof c === "string" ? c : (c && c.textContent) || "") + (l.feature ? JSON.stringify(l.feature.properties) : "");
    if (!text.includes(needle)) return;
    l.openTooltip(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter());
    n += 1;
  });
  return n;
}"""

ADMIN_READY = "document.readyState === 'complete'"


def check(page, *, expect_rlo: bool = False, also: tuple[str, ...] = ()) -> dict:
    """``also``: more values that carry U+202E (a query reflected in the page)."""
    found = page.page.evaluate(PROBE, [*seed.rlo_values(), *also])
    assert found["injected"] == [], f"{page.page.url}: injected elements or handlers: {found['injected']}"
    assert found["scriptLinks"] == [], f"{page.page.url}: links to script URLs: {found['scriptLinks']}"
    assert found["rloLeaks"] == [], (
        f"{page.page.url}: a right-to-left override reverses more than its value: {found['rloLeaks']}"
    )
    assert not found["pwned"]
    if expect_rlo:
        assert found["rlo"] > 0, (
            f"{page.page.url}: no hostile value with U+202E on the page (the test would prove nothing)"
        )
    page.assert_clean()
    return found


def text_of(page, selector: str = "body") -> str:
    return " ".join(page.page.locator(selector).first.inner_text().split())


def open_tooltips(page, needle: str) -> int:
    return page.page.evaluate(OPEN_TOOLTIPS, needle)


def test_overview(page):
    page.goto("/")
    assert open_tooltips(page, "evil-actor") >= 1  # areas of the renamed actor
    assert "evil-actor" in text_of(page, ".legend")
    check(page, expect_rlo=True)


def test_events_map_popups(page):
    page.goto("/map/events/")
    opened = page.open_marker(place=seed.SEEDED["hostile_place"])
    assert opened, "no marker at the hostile place"
    page.page.wait_for_selector(".leaflet-popup-content .cm-evidence", timeout=10000)
    popup = text_of(page, ".leaflet-popup-content")
    assert "evil-place-renamed" in popup and 'alert("xss-place-renamed")' in popup  # the name, as text
    assert 'alert("xss-report")' in text_of(page, ".leaflet-popup-content .cm-evidence")  # the evidence, as text
    check(page, expect_rlo=True)


def test_events_map_of_a_hostile_actor_with_hostile_filters(page):
    path = (
        "/map/events/?actor="
        + quote(seed.ACTOR)
        + "&from="
        + quote('<script>alert("xss-from")</script>')
        + "&kind="
        + quote('"><img src=x onerror=alert(1)>')
    )
    page.goto(path)
    errors = text_of(page, ".errors")
    assert "<script>" in errors and "<img src=x" in errors  # reflected as text
    check(page)


@pytest.mark.parametrize(
    "path",
    [
        "/map/control/",
        "/map/control/?date=2019-04-01&country=" + quote('"><img src=x onerror=alert("xss-country")>'),
    ],
)
def test_control_map_popup_and_tooltips(page, path):
    page.goto(path)
    assert open_tooltips(page, "evil-actor") >= 1
    opened = page.page.evaluate(
        """(needle) => { let n = 0; window.cmMap.eachLayer(l => { const p = l.feature && l.feature.properties;
            if (p && p.name && p.name.includes(needle) && l.getPopup && l.getPopup() && !n) { l.openPopup(); n++; } }); return n; }""",
        "xss-place-renamed",
    )
    assert opened == 1
    popup = text_of(page, ".leaflet-popup-content")
    assert 'alert("xss-place-renamed")' in popup and "evil-actor" in popup
    assert "evil-actor" in text_of(page, "#legend")
    check(page, expect_rlo=True)


def test_changes_map(page):
    page.goto("/map/changes/?from=2018-06-01&to=2019-04-01")
    listed = text_of(page, "#changed-places")
    assert 'alert("xss-place-renamed")' in listed and 'alert("xss-place-2")' in listed and "evil-actor" in listed
    open_tooltips(page, "evil-")
    check(page, expect_rlo=True)


def test_timeline(page):
    page.goto("/map/timeline/")
    page.page.evaluate(
        "() => { const td = window.cmMap.timeDimension; const t = td.getAvailableTimes(); td.setCurrentTime(t[t.length - 1]); }"
    )
    page.page.wait_for_timeout(600)
    assert open_tooltips(page, "evil-actor") >= 1
    shown = page.page.locator(".leaflet-tooltip").all_inner_texts()
    assert any('alert("xss-actor")' in t for t in shown)  # escaped by the server, shown as text
    check(page, expect_rlo=True)


def test_report_page_never_links_to_a_script_url(page):
    page.goto(f"/reports/{seed.SEEDED['report']}/")
    assert page.page.locator("a", has_text="original").count() == 0  # its URL is javascript:
    body = text_of(page, "article")
    assert 'alert("xss-report")' in body and "<svg/onload" in body
    assert "evil-outlet" in text_of(page, ".lead")
    check(page, expect_rlo=True)


def test_report_page_links_to_an_http_url_as_given(page):
    page.goto(f"/reports/{seed.SEEDED['http_report']}/")
    link = page.page.locator("a", has_text="original")
    assert link.get_attribute("href") == 'https://example.org/report?q=<script>alert(1)</script>&x="y"'
    assert "noopener" in link.get_attribute("rel")
    assert "<b>bold</b>" in text_of(page, ".lead")  # the outlet's markup as text
    check(page)


@pytest.mark.parametrize(
    "query,shown",
    [
        (seed.PLACE, 'alert("xss-place-renamed")'),  # the renamed place, as text
        (seed.PLACE_NAME, 'alert("xss-placename")'),  # found by its hostile name, shown as text
        ('<script>alert("xss-q")</script>', '<script>alert("xss-q")</script>'),  # the query, reflected as text
        ('"><img src=x onerror=alert("xss-q")>\u202eevil-q', '"><img src=x onerror=alert("xss-q")>'),
    ],
)
def test_gazetteer_search(page, query, shown):
    page.goto("/gazetteer/search/?q=" + quote(query), ready=ADMIN_READY)
    assert shown in text_of(page, "main")
    check(page, also=(query,))


ADMIN_PAGES = [
    "/admin/",
    "/admin/events/report/",
    "/admin/events/report/?q=xss",
    "/admin/events/event/",
    "/admin/events/event/?q=xss",
    "/admin/events/actor/",
    "/admin/events/controlassertion/?q=xss",
    "/admin/gazetteer/place/?q=evil",
    "/admin/events/report/{report}/change/",
    "/admin/events/event/{event}/change/",
    "/admin/events/event/{unplaced_event}/change/",
    "/admin/events/actor/{actor}/change/",
    "/admin/events/actor/{actor}/history/",
    "/admin/gazetteer/place/{hostile_place}/change/",
]


def test_admin_pages(page):
    page.login()
    for template in ADMIN_PAGES:
        path = template.format(**seed.SEEDED)
        response = page.page.goto(page.base + path)
        assert response.status == 200, path
        page.page.wait_for_function(f"() => {ADMIN_READY}")
        check(page)
    # The report's javascript: URL is in its form field, never a link ("Currently: <a>").
    page.page.goto(page.base + f"/admin/events/report/{seed.SEEDED['report']}/change/")
    assert page.page.locator("a[href^='javascript']").count() == 0


def test_the_admin_needs_a_login(page):
    response = page.page.goto(page.base + f"/admin/events/report/{seed.SEEDED['report']}/change/")
    assert "/admin/login/" in page.page.url and response.status == 200
    assert "evil" not in page.page.content()
    page.assert_clean()
