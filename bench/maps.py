#!/usr/bin/env python
"""Map benchmark: the events page and its APIs at 100,000 events, the control map at ~7,000
localities, against folium's naive MarkerCluster with every marker inlined.

    .venv/bin/python bench/maps.py [--events 100000] [--baseline-events 100000] [--no-browser]

Data (in var/bench-maps.sqlite3, or BENCH_DATABASE_URL): the built-in gazetteer; the 2017
Wikipedia locality map of Syria imported with `import_control` when ../shared is present (else
3,000 synthetic localities near built-in places); N events from bench/workload.py (Persian
reports of 2014-2019 over those places and the canonical actors, with their events, mentions,
evidence and the control assertions of captures and sieges), bulk-inserted.

Figures (best of 3 where repeated):
- events page: server time and HTML bytes (Django test client), points API, GeoJSON and CSV
  exports (time and bytes);
- map ready in Chromium: from navigation to every cluster layer drawn, served by gunicorn;
- baseline: folium MarkerCluster of one Marker (with popup) per event, rendered to HTML;
- control map: areas and front lines computed (uncached) and the page served (cached).
Prints a table; writes bench/results/maps.json and merges it into bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import save  # noqa: E402

SYRIA_MAP = ROOT.parent / "shared" / "data" / "control" / "wikipedia_syria_detailed_map.tsv"
DB = ROOT / "var" / "bench-maps.sqlite3"


def setup_django() -> bool:
    """Django over the benchmark's database; True when it already holds the gazetteer (a copy
    of bench/databases.py's template: built-in plus Who's On First when ../shared has it)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
        prepared = False
    else:
        import databases

        os.environ["DATABASE_URL"] = databases.fresh("sqlite", DB.stem)
        prepared = True
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
    import django

    django.setup()
    return prepared


def build(n_events: int, prepared: bool = False) -> dict:
    """A fresh database with places, control and n_events events."""
    from django.core.management import call_command

    null = open(os.devnull, "w")
    if not prepared:
        call_command("migrate", verbosity=0, stdout=null)
        call_command("flush", "--no-input", verbosity=0, stdout=null)
        call_command("load_gazetteer", "builtin", "--no-progress", stdout=null)
    from gazetteer.models import Place

    info = {"gazetteer": f"{Place.objects.count():,} places"}
    if SYRIA_MAP.exists():
        t = time.perf_counter()
        call_command("import_control", str(SYRIA_MAP), "--date", "2017-07-15", "--source", "wikipedia-sy", stdout=null)
        info["control"] = f"Wikipedia Syria map imported in {time.perf_counter() - t:.1f} s"
    else:
        rng = random.Random(7)
        seeds = list(Place.objects.filter(country="SY").values_list("lat", "lon"))
        Place.objects.bulk_create(
            Place(
                name=f"Synthetic {i}",
                kind="village",
                country="SY",
                lat=lat + rng.uniform(-0.3, 0.3),
                lon=lon + rng.uniform(-0.3, 0.3),
                source="bench",
                source_id=str(i),
            )
            for i, (lat, lon) in enumerate(rng.choice(seeds) for _ in range(3000))
        )
        info["control"] = "no ../shared: 3,000 synthetic places, no control import"
    import workload

    wl = workload.Workload.from_database(seed=42)
    t = time.perf_counter()
    rows = workload.load_rows(wl, n_events)
    info.update(
        events=rows["events"],
        reports=rows["reports"],
        control_from_reports=rows["control"],
        places=len(wl.places),
        build_events_s=round(time.perf_counter() - t, 1),
    )
    return info


def best_of(fn, runs: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def served(path: str) -> tuple[float, int]:
    from django.test import Client

    client = Client()

    def get():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return sum(len(c) for c in response.streaming_content) if response.streaming else len(response.content)

    seconds, size = best_of(get)
    return seconds, size


def naive_baseline(n: int) -> tuple[float, int]:
    """folium's MarkerCluster with one Marker and popup per event, rendered to HTML."""
    import folium
    from folium.plugins import MarkerCluster

    from events.models import Event

    rows = list(Event.objects.values_list("lat", "lon", "kind", "date", "evidence")[:n])
    t = time.perf_counter()
    m = folium.Map(location=[35, 40], zoom_start=6, tiles=None, maxZoom=14)
    cluster = MarkerCluster().add_to(m)
    for lat, lon, kind, date, evidence in rows:
        folium.Marker([lat, lon], popup=folium.Popup(f"{kind} {date}: {evidence}")).add_to(cluster)
    html = m.get_root().render()
    return time.perf_counter() - t, len(html.encode())


def browser_ready(path: str) -> float | None:
    """Seconds from navigation until the events map has drawn every layer (gunicorn, DEBUG off)."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as static_root:
        env = dict(
            os.environ,
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="bench-" + "x" * 50,
            DJANGO_STATIC_ROOT=static_root,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_SESSION_COOKIE_SECURE="0",
            DJANGO_CSRF_COOKIE_SECURE="0",
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "2"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/map/events/", timeout=30)
                    break
                except OSError:
                    time.sleep(0.2)
            args = [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ]
            times = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
                for _ in range(3):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    t = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}{path}")
                    page.wait_for_function(
                        "window.cmMap && window.cmMap.conflictmap && window.cmMap.conflictmap.ready", timeout=60000
                    )
                    times.append(time.perf_counter() - t)
                    page.close()
                browser.close()
            return min(times)
        finally:
            server.terminate()
            server.wait(10)


def control_figures() -> dict:
    from django.core.cache import cache

    from events import control
    from mapping import snapshots

    dates = control.control_dates()
    if not dates:
        return {}
    date = dates[-1]
    states = control.control_as_of(date)
    compute_s, snap = best_of(lambda: snapshots.compute(date))
    cache.clear()
    first_s, size = served(f"/map/control/?date={date}")  # best of 3: the first fills the cache
    return {
        "control_date": date.isoformat(),
        "control_places": len(states),
        "control_holders": len(snap.areas),
        "control_front_pieces": len(snap.fronts),
        "areas_and_fronts_s": round(compute_s, 3),
        "control_page_s": round(first_s, 3),
        "control_page_bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--baseline-events", type=int, default=100_000)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    prepared = setup_django()
    print(f"building {args.events:,} events …", flush=True)
    figures = build(args.events, prepared)
    print(figures, flush=True)
    for label, path in (
        ("events_page", "/map/events/"),
        ("points_api", "/api/events/points.json"),
        ("geojson_api", "/api/events.geojson"),
        ("csv_api", "/api/events.csv"),
    ):
        seconds, size = served(path)
        figures[f"{label}_s"], figures[f"{label}_bytes"] = round(seconds, 3), size
        print(f"{label:<12} {seconds:7.3f} s {size / 1e6:9.2f} MB", flush=True)
    figures["events_page_plus_points_s"] = round(figures["events_page_s"] + figures["points_api_s"], 3)
    if not args.no_browser:
        ready = browser_ready("/map/events/")
        figures["events_map_ready_chromium_s"] = round(ready, 2) if ready else None
        print(f"map ready in Chromium: {ready:.2f} s" if ready else "no Chromium: browser figure skipped", flush=True)
    print(f"baseline: folium MarkerCluster of {args.baseline_events:,} Markers …", flush=True)
    base_s, base_bytes = naive_baseline(args.baseline_events)
    figures.update(baseline_events=args.baseline_events, baseline_s=round(base_s, 2), baseline_bytes=base_bytes)
    # Ours is the page plus the data its script loads; the baseline inlines everything in the page.
    ours_bytes = figures["events_page_bytes"] + figures["points_api_bytes"]
    figures["ratio_time"] = round(base_s / figures["events_page_plus_points_s"], 1)
    figures["ratio_bytes_html"] = round(base_bytes / figures["events_page_bytes"], 1)
    figures["ratio_bytes_with_data"] = round(base_bytes / ours_bytes, 1)
    figures.update(control_figures())
    save("maps", figures)
    print()
    print(f"{'figure':<44} {'conflictmap':>14} {'baseline':>14} {'ratio':>8}")
    print(f"{'events page alone, server time (s)':<44} {figures['events_page_s']:>14.3f}")
    print(f"{'points API (s / bytes)':<44} {figures['points_api_s']:>14.3f} {figures['points_api_bytes']:>14,}")
    print(
        f"{'page + points API, server time (s)':<44} {figures['events_page_plus_points_s']:>14.3f} {base_s:>14.2f} {figures['ratio_time']:>7.0f}×"
    )
    print(
        f"{'events page, HTML (bytes)':<44} {figures['events_page_bytes']:>14,} {base_bytes:>14,} {figures['ratio_bytes_html']:>7.0f}×"
    )
    print(
        f"{'page + points API (bytes)':<44} {ours_bytes:>14,} {base_bytes:>14,} {figures['ratio_bytes_with_data']:>7.0f}×"
    )
    print(f"{'GeoJSON export (s / bytes)':<44} {figures['geojson_api_s']:>14.3f} {figures['geojson_api_bytes']:>14,}")
    print(f"{'CSV export (s / bytes)':<44} {figures['csv_api_s']:>14.3f} {figures['csv_api_bytes']:>14,}")
    if figures.get("events_map_ready_chromium_s"):
        print(f"{'events map ready in Chromium (s)':<44} {figures['events_map_ready_chromium_s']:>14.2f}")
    if "areas_and_fronts_s" in figures:
        print(
            f"{'areas + front lines, ' + str(figures['control_places']) + ' places (s)':<44} {figures['areas_and_fronts_s']:>14.3f}"
        )
        print(
            f"{'control page, cached (s / bytes)':<44} {figures['control_page_s']:>14.3f} {figures['control_page_bytes']:>14,}"
        )


if __name__ == "__main__":
    main()
