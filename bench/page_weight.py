#!/usr/bin/env python
"""Page weight: what the control, changes and timeline pages fetch, opened in Chromium and served
as in production (gunicorn, DEBUG off, collected static files), with the 2017 Wikipedia control
snapshots of Syria and Iraq imported (../shared; without it, the built-in baseline only).

    .venv/bin/python bench/page_weight.py [--paths /map/control/ /map/changes/ /map/timeline/]

For each page: every response the page fetched (the page, its scripts and styles, the data),
bytes uncompressed (bodies as decoded) and as transferred (bodies as sent, plus headers), and
the seconds from navigation until the map says it is ready (``window.cmMap.conflictmap.ready``;
a page without that flag: its load event). Then server-side, with one client on loopback: a
repeated (cached) GET of the page and of /api/control.geojson, and a conditional GET with the
ETag (a 304 when the data did not change), best of 20, in milliseconds.

Baseline: the same page with ``Accept-Encoding: identity`` (nothing compressed) is the
"uncompressed" column. Prints a table; writes bench/results/page_weight.json.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402
from load import Server  # noqa: E402
from report import save  # noqa: E402

CONTROL = ROOT.parent / "shared" / "data" / "control"
SNAPSHOTS = {"wikipedia_syria_detailed_map.tsv": "SY", "wikipedia_iraq_detailed_map.tsv": "IQ"}
BASELINE = ROOT / "events" / "data" / "baseline_control.tsv"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = "() => { const m = window.cmMap; return m && m.conflictmap ? m.conflictmap.ready : document.readyState === 'complete'; }"


def prepare() -> tuple[str, str]:
    url = databases.fresh("sqlite", "bench-page-weight", with_wof=False)
    databases.manage(url, "import_control", str(BASELINE), "--source", "baseline")
    found = [(CONTROL / name, country) for name, country in SNAPSHOTS.items() if (CONTROL / name).exists()]
    for path, country in found:
        databases.manage(
            url, "import_control", str(path), "--date", "2017-07-15", "--country", country, "--source", "wikipedia"
        )
    return url, ("baseline + Wikipedia 2017 Syria and Iraq" if found else "baseline only (no ../shared)")


def in_browser(base: str, path: str, runs: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    best: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            responses: list = []
            page.on("response", lambda r, out=responses: out.append(r))
            t = time.perf_counter()
            page.goto(base + path)
            page.wait_for_function(READY, timeout=60000)
            ready = time.perf_counter() - t
            page.wait_for_load_state("networkidle")
            raw = sent = 0
            files = []
            for r in responses:
                body = len(r.body()) if r.status != 304 else 0
                sizes = r.request.sizes()
                raw += body
                sent += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                files.append((r.url.removeprefix(base), r.status, body, sizes["responseBodySize"]))
            context.close()
            if not best or ready < best["ready_s"]:
                best = {"ready_s": round(ready, 3), "requests": len(files), "bytes": raw, "transferred": sent}
                best["largest"] = sorted(files, key=lambda f: -f[2])[:5]
        browser.close()
    return best


def server_ms(base: str, path: str, headers: dict | None = None, runs: int = 20) -> tuple[float, int, int]:
    """Best of ``runs`` milliseconds for one GET (status, bytes of the last)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    best, status, size = float("inf"), 0, 0
    for _ in range(runs):
        t = time.perf_counter()
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        size = len(response.read())
        best = min(best, time.perf_counter() - t)
        status = response.status
    conn.close()
    return best * 1000, status, size


def etag_of(base: str, path: str) -> str | None:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("ETag")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paths", nargs="+", default=["/map/control/", "/map/changes/", "/map/timeline/"])
    args = parser.parse_args()
    url, data = prepare()
    figures: dict = {"data": data, "pages": {}, "server": {}}
    print(f"data: {data}", flush=True)
    with tempfile.TemporaryDirectory(prefix="cm-static-") as static_root:
        env = dict(os.environ, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-" + "x" * 50, DJANGO_STATIC_ROOT=static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
        server = Server(url, 2, static_root)
        try:
            for path in args.paths:
                figures["pages"][path] = page = in_browser(server.url, path)
                print(
                    f"{path:<18} ready {page['ready_s']:6.2f} s  {page['requests']:3} requests  "
                    f"{page['bytes']:>11,} B uncompressed  {page['transferred']:>11,} B transferred",
                    flush=True,
                )
                for name, status, size, sent in page["largest"]:
                    print(f"    {status} {size:>11,} B ({sent:>10,} sent)  {name[:90]}")
            for path in ("/map/control/", "/api/control.geojson"):
                row: dict = {}
                row["cached_ms"], _, row["bytes_gzip"] = server_ms(server.url, path, {"Accept-Encoding": "gzip"})
                tag = etag_of(server.url, path)
                row["etag"] = tag
                if tag:
                    row["not_modified_ms"], row["not_modified_status"], _ = server_ms(
                        server.url, path, {"Accept-Encoding": "gzip", "If-None-Match": tag}
                    )
                figures["server"][path] = row
                print(
                    f"{path:<22} cached GET {row['cached_ms']:7.1f} ms ({row['bytes_gzip']:,} B gzip)  "
                    + (
                        f"conditional GET {row['not_modified_ms']:6.1f} ms ({row['not_modified_status']})"
                        if tag
                        else "no ETag"
                    ),
                    flush=True,
                )
        finally:
            server.stop()
    save("page_weight", figures)


if __name__ == "__main__":
    main()
