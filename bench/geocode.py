#!/usr/bin/env python
"""Geocoding benchmark: gazetteer load time, index build time, look-ups per second, and the
same look-ups through a plain rapidfuzz scan over every name as the baseline.

    .venv/bin/python bench/geocode.py [--queries 20000] [--baseline 300] [--builtin-only]

Uses its own SQLite database (var/bench-geocode.sqlite3), loads the built-in gazetteer and,
when ../shared is present, the 33k places of Who's On First. Prints a table and writes
bench/results/geocode.json (and merges it into bench/results/latest.json).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import save  # noqa: E402

DB = ROOT / "var" / "bench-geocode.sqlite3"
WOF = ROOT.parent / "shared" / "data" / "gazetteer" / "wof"

# Arabic letters as Persian texts often write them, and the other way round.
TO_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا"})
TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def load(builtin_only: bool) -> dict:
    from django.core.management import call_command

    DB.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    null = open(os.devnull, "w")
    call_command("migrate", verbosity=0, stdout=null)
    figures = {}
    started = time.perf_counter()
    call_command("load_gazetteer", "builtin", "--no-progress", stdout=null)
    figures["load_builtin_s"] = time.perf_counter() - started
    files = sorted(WOF.glob("*.ndjson.gz")) if WOF.is_dir() and not builtin_only else []
    if files:
        started = time.perf_counter()
        call_command("load_gazetteer", "wof", *map(str, files), "--no-progress", stdout=null)
        figures["load_wof_s"] = time.perf_counter() - started
    return figures


def variant(name: str, rng: random.Random) -> str:
    """A spelling a report might use for a gazetteer name."""
    roll = rng.random()
    if roll < 0.35:
        return name.translate(TO_PERSIAN)
    if roll < 0.45:
        return name.translate(TO_ARABIC)
    if roll < 0.55 and name.startswith("ال") and " " not in name:
        return name[2:]  # article dropped
    if roll < 0.62 and " " in name:
        return name.replace(" ", "", 1)  # space lost
    if roll < 0.70 and name.startswith("ال") and len(name) > 4:
        return name[:2] + " " + name[2:]  # space added after the article
    return name


def typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :]  # one letter lost


def build_queries(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(query, expectation) pairs: 85 % real names in variant spellings, 8 % with a typo
    (fuzzy tier), 7 % names that are in no gazetteer (must be no-match)."""
    from gazetteer.models import PlaceName

    rng = random.Random(seed)
    names = list(
        PlaceName.objects.filter(language__in=["ar", "fa", "en", "und"]).values_list("name", flat=True).order_by("id")
    )
    queries = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.85:
            queries.append((variant(rng.choice(names), rng), "hit"))
        elif roll < 0.93:
            long_names = [x for x in (rng.choice(names) for _ in range(20)) if len(x) >= 9]
            queries.append((typo(long_names[0], rng), "fuzzy") if long_names else (rng.choice(names), "hit"))
        else:
            queries.append(
                ("".join(rng.choice("قغفثصضشسیبلاتنمکگ") for _ in range(rng.randint(4, 9))) + " ستان", "miss")
            )
    return queries


def time_geocoder(queries: list[tuple[str, str]]) -> dict:
    from gazetteer.geocoder import GazetteerGeocoder
    from gazetteer.live import get_index

    started = time.perf_counter()
    index = get_index()
    build_s = time.perf_counter() - started
    geocoder = GazetteerGeocoder()
    # One pass over the mixed stream (as a report stream would come), then each kind on its own.
    started = time.perf_counter()
    results = [geocoder.geocode(query) for query, _ in queries]
    total = time.perf_counter() - started
    found = sum(loc is not None for loc in results)
    results = [loc.raw["place_id"] if loc else None for loc in results]
    per_kind = {}
    for kind in ("hit", "fuzzy", "miss"):
        subset = [q for q, k in queries if k == kind]
        geocode = geocoder.geocode
        started = time.perf_counter()
        for query in subset:
            geocode(query)
        per_kind[kind] = len(subset) / (time.perf_counter() - started) if subset else None
    near = [(35.0, 40.5)]
    t0 = time.perf_counter()
    for query, _ in queries[:5000]:
        geocoder.geocode(query, near=near)
    near_rate = min(5000, len(queries)) / (time.perf_counter() - t0)
    return {
        "places": len(index.places),
        "keys": len(index.exact),
        "index_build_s": build_s,
        "lookups": len(queries),
        "lookups_per_s": len(queries) / total,
        "lookups_per_s_with_near": near_rate,
        "resolved_share": found / len(queries),
        "per_kind_per_s": per_kind,
        "_results": results,
    }


def time_baseline(queries: list[tuple[str, str]], ours: list, n: int) -> dict:
    """The naive approach: normalise the query, then rapidfuzz.extractOne over every name key."""
    from rapidfuzz import fuzz, process

    from gazetteer.live import get_index
    from lib.text import name_key

    index = get_index()
    keys = list(index.exact)
    sample = queries[:n]
    agree = 0
    started = time.perf_counter()
    for (query, _), our_place in zip(sample, ours):
        best = process.extractOne(name_key(query), keys, scorer=fuzz.ratio, score_cutoff=88)
        their = index.exact[best[0]][0][0] if best else None
        agree += their == our_place
    elapsed = time.perf_counter() - started
    return {"lookups": len(sample), "lookups_per_s": len(sample) / elapsed, "same_answer_share": agree / len(sample)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=20000)
    parser.add_argument("--baseline", type=int, default=300, help="look-ups for the (slow) baseline")
    parser.add_argument("--builtin-only", action="store_true")
    args = parser.parse_args()

    setup_django()
    figures = load(args.builtin_only)
    queries = build_queries(args.queries)
    ours = time_geocoder(queries)
    results = ours.pop("_results")
    base = time_baseline(queries, results, args.baseline)
    figures.update(ours)
    figures["baseline"] = base
    figures["ratio_vs_baseline"] = ours["lookups_per_s"] / base["lookups_per_s"]

    print(f"gazetteer: {ours['places']:,} places, {ours['keys']:,} name keys")
    print(f"load builtin            {figures['load_builtin_s']:8.1f} s")
    if "load_wof_s" in figures:
        print(f"load Who's On First     {figures['load_wof_s']:8.1f} s   (both files, 33k places)")
    print(f"index build             {ours['index_build_s']:8.2f} s")
    print(
        f"geocode(), mixed stream {ours['lookups_per_s']:8,.0f} look-ups/s  ({ours['lookups']:,} queries, {ours['resolved_share']:.1%} resolved)"
    )
    tiers = ours["per_kind_per_s"]
    print(f"  real names            {tiers['hit']:8,.0f} /s")
    print(f"  with a typo (fuzzy)   {tiers['fuzzy']:8,.0f} /s")
    print(f"  unknown names         {tiers['miss']:8,.0f} /s")
    print(f"geocode(near=…)         {ours['lookups_per_s_with_near']:8,.0f} look-ups/s")
    print(
        f"baseline rapidfuzz scan {base['lookups_per_s']:8,.1f} look-ups/s  ({base['lookups']} queries; same answer {base['same_answer_share']:.1%})"
    )
    print(f"ratio                   {figures['ratio_vs_baseline']:8,.0f} ×")

    save("geocode", figures)


if __name__ == "__main__":
    main()
