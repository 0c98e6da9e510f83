"""Real-browser tests: the app as deployed (gunicorn, DEBUG off, collected static files served by
whitenoise) driven in Debian's Chromium through Playwright.

The site is built once per test session in a temporary folder with the same commands `make run`
uses (migrate, the built-in gazetteer, the sample reports, the control baseline), plus the
hostile reports, places and names of tests/hostile/seed.py, so tests see exactly what a user
would. Tests skip with a reason where Chromium or Playwright is missing.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
#: The superuser of the test site (created by createsuperuser, as a deployer would).
ADMIN = ("admin", "browser-tests-only-password")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory):
    """Base URL of a production-like server over a database set up like `make run`'s."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium package; .ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install)")
    if not (ROOT / "node_modules" / "leaflet").is_dir():
        pytest.skip("node_modules/ is missing: run `make install` (npm ci) first")
    work = tmp_path_factory.mktemp("site")
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="browser-tests-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{work / 'site.sqlite3'}",
        DJANGO_STATIC_ROOT=str(work / "static"),
        GAZETTEER_INDEX_TTL="0",
        MAP_TILES_URL="",
        # Production settings served over plain http: no redirect to https, cookies sent over http.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SESSION_COOKIE_SECURE="0",
        DJANGO_CSRF_COOKIE_SECURE="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
    )
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "load_gazetteer", "builtin")
    _manage(env, "ingest", "tests/corpus", "--no-progress")
    _manage(env, "import_control", "events/data/baseline_control.tsv", "--source", "baseline")
    # --- hostile data (issue 7): tests/hostile/seed.py, for test_hostile_browser.py -------------
    from tests.hostile.seed import seed_site

    seed_site(_manage, env)
    # ------------------------------------------------------------------------------------------
    _manage(
        dict(env, DJANGO_SUPERUSER_PASSWORD=ADMIN[1]),
        "createsuperuser",
        "--no-input",
        "--username",
        ADMIN[0],
        "--email",
        "admin@example.org",
    )
    _manage(env, "collectstatic", "--no-input", "-v0")
    port = _free_port()
    log = open(work / "server.log", "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError("the server did not start:\n" + (work / "server.log").read_text())
    yield base
    server.terminate()
    server.wait(10)
    log.close()


@pytest.fixture(scope="session")
def browser(browser_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page with every console message, page error, dialog and request recorded."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: self.failed.append(f"{r.url} HTTP {r.status}") if r.status >= 400 else None)

        def on_dialog(d):
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", on_dialog)
        # Content-Security-Policy violations (issue 14), recorded by the page itself as well as
        # reported on the console: assert_clean fails on any.
        page.add_init_script(
            "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => "
            "window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));"
        )

    def login(self, user: str = ADMIN[0], password: str = ADMIN[1]):
        self.page.goto(self.base + "/admin/login/")
        self.page.fill("#id_username", user)
        self.page.fill("#id_password", password)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(self.base + "/admin/")
        return self

    def goto(
        self, path: str, ready: str = "window.cmMap && (!window.cmMap.conflictmap || window.cmMap.conflictmap.ready)"
    ):
        self.page.goto(self.base + path)
        self.page.wait_for_function(f"() => {ready}", timeout=20000)  # a function: no eval under the CSP
        return self

    def assert_clean(self):
        """No console error or warning, no script error, no dialog, no failed or outside request."""
        outside = [u for u in self.requests if not u.startswith(LOCAL)]
        assert outside == [], f"requests leaving 127.0.0.1: {outside}"
        assert self.errors == [], f"script errors: {self.errors}"
        assert [c for c in self.console if c[0] in ("error", "warning")] == [], self.console
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.csp_violations() == [], "Content-Security-Policy violations"
        csp = self.page.evaluate(
            "() => fetch(location.href).then(r => r.text().then(() => r.headers.get('content-security-policy')))"
        )
        scripts = dict(d.strip().split(" ", 1) for d in (csp or "").split(";") if d.strip()).get("script-src", "")
        assert scripts.split()[0] == "'self'" and all(s.startswith("'nonce-") for s in scripts.split()[1:]), csp
        assert self.failed == [], f"failed requests: {self.failed}"

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def layer_counts(self) -> dict:
        """Features Leaflet drew on the map, by their ``layer`` property (area, front, ...)."""
        return self.page.evaluate(
            """() => { const out = {}; window.cmMap.eachLayer(l => {
                 const p = l.feature && l.feature.properties; if (!p || !p.layer) return;
                 if (l.getLayers) return;  // the GeoJSON group itself
                 out[p.layer] = (out[p.layer] || 0) + 1; }); return out; }"""
        )

    def open_marker(
        self, *, kind: str | None = None, lat: float | None = None, lon: float | None = None, place: int | None = None
    ) -> bool:
        """Open the popup of the events map's marker at (``lat``, ``lon``) or of ``place``, of
        ``kind`` when given; False when there is none. Without zoom animation, waiting for the
        cluster layer to settle: markercluster's zoomToShowLayer waits for events that a zoom
        already under way can swallow, and then never calls back."""
        return self.page.evaluate(
            """async ([kind, lat, lon, place]) => {
                const map = window.cmMap, pause = () => new Promise(r => setTimeout(r, 50));
                const wanted = m => place !== null ? m.cmPoint[4] === place : m.cmPoint[0] === lat && m.cmPoint[1] === lon;
                let group = null, marker = null;
                map.eachLayer(l => { if (!marker && l.cmMarkers && (kind === null || l.cmKind === kind)) {
                  marker = l.cmMarkers.find(wanted) || null; if (marker) group = l; } });
                if (!marker) return false;
                map.setView(marker.getLatLng(), map.getMaxZoom(), { animate: false });
                const settled = () => !group._inZoomAnimation && (marker._icon || (marker.__parent && marker.__parent._icon));
                for (let i = 0; i < 200 && !settled(); i++) await pause();
                if (!marker._icon) await new Promise(r => { group.once("spiderfied", r); marker.__parent.spiderfy(); });
                marker.openPopup();
                return true;
            }""",
            [kind, lat, lon, place],
        )

    def json(self, path: str) -> dict:
        with urllib.request.urlopen(self.base + path, timeout=30) as r:
            return json.loads(r.read())


@pytest.fixture
def page(browser, browser_site):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    p = context.new_page()
    yield Watched(p, browser_site)
    context.close()
