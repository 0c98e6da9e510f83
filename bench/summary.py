#!/usr/bin/env python
"""The table of one `make bench` run: every figure beside the baseline measured in the same run,
and their ratio (how many times better ours is: higher is better, below 1 is worse), read from
bench/results/latest.json. Prints it and writes it as Markdown to bench/results/summary.md.

    .venv/bin/python bench/summary.py
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def n(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(benchmark, ours, baseline, ratio) for every figure present."""
    out = []
    g = r.get("geocode")
    if g:
        base = g["baseline"]["lookups_per_s"]
        out.append(
            (
                f"geocoding, mixed stream ({g['places']:,} places)",
                f"{n(g['lookups_per_s'])} look-ups/s",
                f"rapidfuzz scan over all names: {n(base, 1)}/s",
                f"{g['ratio_vs_baseline']:,.0f}×",
            )
        )
        out.append(
            (
                "geocoding, real names in variant spellings",
                f"{n(g['per_kind_per_s']['hit'])} look-ups/s",
                f"{n(base, 1)}/s",
                f"{g['per_kind_per_s']['hit'] / base:,.0f}×",
            )
        )
        out.append(("geocoder index build", f"{g['index_build_s']:.2f} s", "", ""))
    e = r.get("extract")
    if e:
        x = e["extraction"]
        out.append(
            (
                f"extraction, whole pipeline ({x['chars'] / 1e6:.1f} M chars)",
                f"{n(x['pipeline_chars_per_s'])} chars/s",
                f"bare hazm normalise + tokenise: {n(x['hazm_chars_per_s'])} chars/s",
                f"{x['ratio']:.2f}",
            )
        )
        for lang, y in (e.get("by_language") or {}).items():
            out.append(
                (
                    f"extraction, real development set {lang} ({y['chars'] / 1e6:.1f} M chars, read as {y['language']})",
                    f"{n(y['pipeline_chars_per_s'])} chars/s",
                    f"bare hazm normalise + tokenise: {n(y['hazm_chars_per_s'])} chars/s",
                    f"{y['ratio']:.2f}",
                )
            )
    i = r.get("ingest")
    if i:
        base = i["pipeline_only"]["reports_per_s"]
        w = i["workload"]
        for key, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
            if key in i:
                out.append(
                    (
                        f"ingest into {label} ({w['reports']:,} workload reports, {w['events']:,} events)",
                        f"{n(i[key]['reports_per_s'], 1)} reports/s",
                        f"pipeline alone, no database: {n(base, 1)} reports/s",
                        f"{i[key]['ratio_to_pipeline']:.3f}",
                    )
                )
        if "celery_postgres" in i:
            c = i["celery_postgres"]
            out.append(
                (
                    f"ingest through Celery, {c['workers']} workers, RabbitMQ, PostgreSQL",
                    f"{n(c['reports_per_s'], 1)} reports/s",
                    f"in-process into PostgreSQL: {n(i['postgres']['reports_per_s'], 1)} reports/s",
                    f"{c['ratio_to_in_process']:.2f}",
                )
            )
        a = i["pipeline_only"].get("agreement")
        if a:
            out.append(
                (
                    "workload read back by the pipeline",
                    f"found {a['found']:.1%}, kind {a['kind']:.1%}, place {a['place']:.1%}, date {a['date']:.1%}, actor {a['actor1']:.1%}",
                    "",
                    "",
                )
            )
    m = r.get("maps")
    if m:
        ev = f"{m['events']:,}"
        base = f"folium MarkerCluster, {m['baseline_events']:,} markers inlined"
        out.append(
            (
                f"events page + points API at {ev} events, server time",
                f"{m['events_page_plus_points_s']:.3f} s",
                f"{base}: {m['baseline_s']:.1f} s",
                f"{m['ratio_time']:,.0f}×",
            )
        )
        out.append(
            (
                f"events page + points API at {ev} events, bytes",
                f"{m['events_page_bytes'] + m['points_api_bytes']:,}",
                f"{m['baseline_bytes']:,}",
                f"{m['ratio_bytes_with_data']:,.0f}×",
            )
        )
        out.append(
            (
                f"GeoJSON export of {ev} events",
                f"{m['geojson_api_s']:.2f} s, {m['geojson_api_bytes'] / 1e6:.1f} MB",
                f"{base}: {m['baseline_s']:.1f} s, {m['baseline_bytes'] / 1e6:.1f} MB",
                f"{m['baseline_s'] / m['geojson_api_s']:,.0f}× (time)",
            )
        )
        if m.get("events_map_ready_chromium_s"):
            out.append(
                (f"events map drawn in Chromium at {ev} events", f"{m['events_map_ready_chromium_s']:.2f} s", "", "")
            )
        if "areas_and_fronts_s" in m:
            out.append(
                (
                    f"control map of {m['control_places']:,} places: areas + fronts computed, then page served from cache",
                    f"{m['control_page_s']:.3f} s",
                    f"computed: {m['areas_and_fronts_s']:.3f} s",
                    f"{m['areas_and_fronts_s'] / m['control_page_s']:.1f}×",
                )
            )
    a = r.get("areas")
    if a:
        out.append(
            (
                f"areas + front lines, {a['points']:,} places ({a['holders']} holders)",
                f"{a['total_s'] * 1000:.0f} ms",
                f"shapely union_all per holder: {a['baseline_naive_s'] * 1000:.0f} ms"
                if "baseline_naive_s" in a
                else "",
                f"{a['ratio_vs_naive']:.1f}×" if "ratio_vs_naive" in a else "",
            )
        )
    out += _batch_memory(r.get("batch_memory"))
    lo = r.get("load")
    if lo:
        base = lo["baseline_no_cache_sqlite"]
        head = (
            f"load: {lo['path']}, {lo['clients']} clients, {lo['seconds']} s, gunicorn {lo['gunicorn_workers']} workers"
        )
        for key in ("cached_locmem_sqlite", "cached_redis_postgres"):
            if key in lo:
                x = lo[key]
                out.append(
                    (
                        f"{head}; {x['label']}",
                        f"{n(x['requests_per_s'], 1)} req/s, p50 {n(x['p50_ms'])} ms, p95 {n(x['p95_ms'])} ms, {x['errors']} errors",
                        f"no cache: {n(base['requests_per_s'], 1)} req/s, p95 {n(base['p95_ms'])} ms, {base['errors']} errors",
                        f"{x['ratio_rps']:.0f}× req/s",
                    )
                )
    out += _import_rows(r.get("imports"))
    return out


def _import_rows(im: dict | None) -> list[tuple[str, str, str, str]]:
    """The UCDP and ACLED imports (bench/imports.py)."""
    out: list[tuple[str, str, str, str]] = []
    for key, engine in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        x = (im or {}).get(key)
        if x:
            out.append(
                (
                    f"UCDP GED Syria file ({x['rows']:,} rows) into {engine}, first import",
                    f"{x['first_s']:.1f} s ({n(x['rows_per_s'])} rows/s); second run {x['second_s']:.1f} s, "
                    f"{x['second_run']['unchanged']:,} unchanged",
                    f"bare bulk insert: {x['baseline']['seconds']:.1f} s",
                    f"{x['ratio_to_baseline']:.2f}",
                )
            )
            out.append(
                (
                    f"UCDP events linked to a gazetteer place ({engine})",
                    f"{x['linked']:,} of {x['events']:,} (median {x['linked_median_km']:.2f} km, "
                    f"{x['linked_within_1_km']:,} within 1 km); events at most {x['max_km_from_ucdp_point']:.3f} km "
                    "from UCDP's point",
                    "",
                    "",
                )
            )
    trips = (im or {}).get("round_trips")
    if trips:
        out.append(
            (
                "round trip export → import into an empty database",
                ", ".join(f"{k.upper()} {v['identical']:,}/{v['events']:,} identical" for k, v in trips.items()),
                "",
                "",
            )
        )
    return out


def _batch_memory(b: dict | None) -> list[tuple[str, str, str, str]]:
    """Peak memory of `ingest --dry-run` on each batch, beside the batch read whole (before issue 16)."""
    if not b:
        return []
    out = []
    for row in b["batches"]:
        ours, base = row["ingest_dry_run"], row.get("baseline_read_whole")
        out.append(
            (
                f"ingest memory, {row['bytes'] / 1e6:,.0f} MB JSON Lines batch ({row['records']:,} records), peak RSS",
                f"{n(ours['peak_mb'])} MB (--dry-run: the real reading path, no pipeline)",
                f"read whole, as before: {n(base['peak_mb'])} MB" if base else "",
                f"{base['peak_mb'] / ours['peak_mb']:.1f}×" if base else "",
            )
        )
    out.append(("ingest memory, largest / smallest batch (flat: 1)", f"{b['ratio_large_to_small']:.2f}", "", ""))
    for row in b.get("full", []):
        out.append(
            (
                f"ingest --sync memory, {row['records']:,} records through the pipeline, peak RSS",
                f"{n(row['peak_mb'])} MB",
                "",
                "",
            )
        )
    return out


def main() -> None:
    latest = RESULTS / "latest.json"
    if not latest.exists():
        sys.exit("no bench/results/latest.json: run `make bench` first")
    r = json.loads(latest.read_text())
    table = rows(r)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    md = ["| benchmark | conflictmap | baseline (same run) | ratio |", "| --- | --- | --- | --- |"]
    md += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in table]
    (RESULTS / "summary.md").write_text(f"Machine: {machine}.\n\n" + "\n".join(md) + "\n", encoding="utf-8")
    width = max(len(a) for a, *_ in table)
    print(f"\nsummary ({machine}; ratio: times better than the baseline)")
    for a, b, c, d in table:
        print(f"{a:<{width}}  {b:<44} {c:<48} {d}")
    print(f"\nMarkdown: {RESULTS / 'summary.md'}")


if __name__ == "__main__":
    main()
