#!/usr/bin/env python
"""Multi-outlet benchmark (issue 13): the same true events reported by 1-6 outlets in
differently worded Persian texts, ingested in shuffled order; how well ``ingest`` stores each
real-world event once; and fetch throughput of ``fetch_feeds``' code against a local server.

    .venv/bin/python bench/outlets.py [--events 300] [--pages 120] [--seed 13] [--wof]

Workload (bench/workload.py's places, actors, sentence patterns, date phrases): each true event
(kind, place, actors, day) is told by 1-6 outlets, each with its own sentence pattern, actor
aliases, date phrase (weekday, "yesterday", Gregorian or Solar Hijri date) and publication day
(the event's day to two days later), sometimes with a background sentence. Figures, over the
true events the pipeline read at least once and the stored events that carry one of them
(events of nothing true are counted apart):

* stored / true: stored events per true event (1.0 is one event per real-world event);
* merge precision: of the pairs of reports joined in one stored event, the share that tell the
  same true event (no two true events merged);
* merge recall: of the pairs of reports of one true event that both gave an event for it, the
  share joined in one stored event;
* the same without merging (each report's events alone): the baseline.

Fetch throughput: ``--pages`` article pages (the workload's texts in a page with menus, related
links and a footer) in the RSS feeds of four outlets on a local HTTP server: articles per second
through ``fetch_all`` (fetch, robots.txt, extraction by trafilatura, ingest), against the same
pages fetched bare with requests (the baseline). Writes bench/results/outlets.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402
import workload  # noqa: E402
from report import save  # noqa: E402

OUTLET_NAMES = [f"Outlet {c}" for c in "ABCDEFGH"]


@dataclass
class Told:
    """One outlet's report of one true event."""

    true_id: int
    text: str
    published: dt.date
    outlet: str
    start: int  # the event sentence's offsets in the text
    end: int


def stories(w: workload.Workload, n_events: int, seed: int, days: int = 0) -> list[Told]:
    """Each true event told by 1-6 outlets, in shuffled order; the events' days drawn from the
    first ``days`` days of the workload's years (0: all six years)."""
    rng = random.Random(seed)
    span = days or (workload.LAST - workload.FIRST).days
    told: list[Told] = []
    number = itertools.count(1)
    for true_id in range(n_events):
        kind = rng.choices(w.kinds, cum_weights=w.kind_cumulative)[0]
        place = w.place()
        a1, a2 = w.pair(place.country)
        if kind == "airstrike_or_shelling":
            a1 = w.air(place.country)
        if kind == "ied_or_mine":
            a1 = a2 = None
        if kind == "attack_on_civilians":
            a1, a2 = a2, "civilians"
        day = workload.FIRST + dt.timedelta(days=rng.randrange(span))
        patterns = workload.PATTERNS[kind]
        for outlet in rng.sample(OUTLET_NAMES, rng.randint(1, 6)):
            published = day + dt.timedelta(days=rng.choice((0, 1, 1, 2)))
            values = {
                "a1": w.name(a1) if a1 and a1 in workload.NAMES else "",
                "a2": w.name(a2) if a2 and a2 in workload.NAMES else "",
                "air": w.name(a1) if a1 and a1 in workload.NAMES else "",
                "p": f"{workload.CUES[place.kind]} {place.local}",
                "d": w.date_phrase(day, published),
                "n": workload.persian(rng.randint(2, 40)),
            }
            if kind == "attack_on_civilians":
                values["a2"] = w.name(a1)
            sentence = rng.choice(patterns).format(**values)
            before = rng.choice(workload.BACKGROUND) + " " if rng.random() < 0.3 else ""
            after = " " + rng.choice(workload.BACKGROUND) if rng.random() < 0.3 else ""
            tag = f" ({workload.persian(next(number))})"
            text = before + sentence + after + tag
            told.append(Told(true_id, text, published, outlet, len(before), len(before) + len(sentence)))
    rng.shuffle(told)
    return told


def pairs(groups: list[list[int]]) -> tuple[int, int]:
    """(pairs within groups that share a true id, all pairs within groups)."""
    same = total = 0
    for group in groups:
        for a, b in itertools.combinations(group, 2):
            total += 1
            same += a == b
    return same, total


def score(told: list[Told], report_ids: list[int]) -> dict:
    """The figures over what is stored now (see the module's docstring)."""
    from events.models import Event, EventEvidence, Status

    truth_at = dict(zip(report_ids, told, strict=True))

    def true_id(report_id: int, start: int) -> int | None:
        t = truth_at.get(report_id)
        return t.true_id if t and t.start <= start < t.end else None

    stored = Event.objects.filter(merged_into=None).exclude(status=Status.REJECTED)
    members: dict[int, set[tuple[int, int | None]]] = defaultdict(set)
    for event_id, report_id, start in stored.values_list("id", "report_id", "evidence_start"):
        members[event_id].add((report_id, true_id(report_id, start)))
    for event_id, report_id, start in EventEvidence.objects.filter(event__in=stored).values_list(
        "event_id", "report_id", "start"
    ):
        members[event_id].add((report_id, true_id(report_id, start)))
    # one member per report and true event: a report's two events of one sentence count once
    groups = [[tid for _, tid in sorted(m) if tid is not None] for m in members.values()]
    tied = [g for g in groups if g]
    found = {tid for g in tied for tid in g}
    merged_same, merged_pairs = pairs(tied)
    # recall: pairs of reports of one true event that both gave an event for it
    reports_of: dict[int, set[int]] = defaultdict(set)
    for m in members.values():
        for report_id, tid in m:
            if tid is not None:
                reports_of[tid].add(report_id)
    together: dict[int, set[frozenset[int]]] = defaultdict(set)
    for m in members.values():
        by_true: dict[int, set[int]] = defaultdict(set)
        for report_id, tid in m:
            if tid is not None:
                by_true[tid].add(report_id)
        for tid, rids in by_true.items():
            together[tid] |= {frozenset(p) for p in itertools.combinations(sorted(rids), 2)}
    possible = sum(len(r) * (len(r) - 1) // 2 for r in reports_of.values())
    joined = sum(len(p) for p in together.values())
    return {
        "true_events_told": len({t.true_id for t in told}),
        "true_events_found": len(found),
        "stored_events_of_true_events": len(tied),
        "stored_events_of_nothing_true": len(groups) - len(tied),
        "stored_per_true": len(tied) / len(found) if found else 0.0,
        "merge_precision": merged_same / merged_pairs if merged_pairs else 1.0,
        "merge_recall": joined / possible if possible else 1.0,
        "merged_pairs": merged_pairs,
        "wrong_pairs": merged_pairs - merged_same,
    }


def run_dedupe(n_events: int, seed: int, days: int) -> dict:
    from unittest import mock

    from events.ingest import get_pipeline, ingest_text
    from events.models import Report

    w = workload.Workload.from_database(seed=seed)
    told = stories(w, n_events, seed, days)
    get_pipeline()("نیروهای دموکراتیک سوریه روستای باغوز را گرفتند.", published=dt.date(2019, 3, 1))  # warm

    def ingest_all() -> tuple[list[int], float]:
        started = time.perf_counter()
        ids = [
            ingest_text(
                t.text, published=t.published, outlet=t.outlet, lang="fa", url=f"https://example.org/o/{i}"
            ).report.pk
            for i, t in enumerate(told)
        ]
        return ids, time.perf_counter() - started

    report_ids, seconds = ingest_all()
    after = score(told, report_ids)
    # the baseline: the same reports ingested again without merging (as before issue 13)
    Report.objects.all().delete()
    with mock.patch("events.ingest.merge_duplicates", lambda events: 0):
        report_ids, plain_seconds = ingest_all()
    before = score(told, report_ids)
    Report.objects.all().delete()
    return {
        "reports": len(told),
        "days": days,
        "reports_per_s": len(told) / seconds,
        "reports_per_s_without_merging": len(told) / plain_seconds,
        "merged": after,
        "unmerged": before,
    }


def run_fetch(n_pages: int, seed: int) -> dict:
    import requests

    from monitoring.http import Fetcher
    from monitoring.models import Outlet
    from monitoring.schedule import fetch_all
    from tests.monitoring.local_site import LocalSite, page, rss

    w = workload.Workload.from_database(seed=seed + 1)
    told = stories(w, n_pages, seed + 1)[:n_pages]
    with LocalSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        feeds: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for i, t in enumerate(told):
            path = f"/{i % 4}/a{i}"
            site.add(path, page(t.text.split(".")[0][:80], t.text.split(". "), lang="fa", site="Bench"))
            feeds[f"/{i % 4}/rss.xml"].append((f"story {i}", path))
        outlets = []
        for n, (path, items) in enumerate(sorted(feeds.items())):
            site.add(path, rss(f"Feed {n}", items), content_type="application/rss+xml")
            outlets.append(Outlet.add(f"Bench outlet {n}", feeds=[site.url(path)], language="fa"))
        urls = [site.url(f"/{i % 4}/a{i}") for i in range(len(told))]
        session = requests.Session()
        started = time.perf_counter()
        for url in urls:
            session.get(url, timeout=10).content  # noqa: B018 (read the body)
        bare = time.perf_counter() - started
        fetcher = Fetcher(allow_private=True, host_delay=0, timeout=10)
        started = time.perf_counter()
        runs = fetch_all(outlets, fetcher=fetcher)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = fetch_all(outlets, fetcher=fetcher)
        second = time.perf_counter() - started
    return {
        "pages": len(urls),
        "seconds": seconds,
        "articles_per_s": len(urls) / seconds,
        "new_reports": sum(r.new_reports for r in runs),
        "failures": sum(len(r.errors.splitlines()) for r in runs),
        "bare_requests_per_s": len(urls) / bare,
        "second_run_seconds": second,
        "second_run_new_reports": sum(r.new_reports for r in again),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=300, help="true events (each told by 1-6 outlets)")
    parser.add_argument("--pages", type=int, default=120, help="article pages for the fetch throughput")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--days", type=int, default=0, help="draw the events' days from this many days (0: six years; 30: dense)"
    )
    parser.add_argument("--wof", action="store_true", help="with Who's On First from ../shared (slower set-up)")
    args = parser.parse_args()
    url = databases.fresh("sqlite", "bench-outlets", with_wof=args.wof)
    workload.setup_django(url)
    dedupe = run_dedupe(args.events, args.seed, args.days)
    fetch = run_fetch(args.pages, args.seed)
    figures = {"dedupe": dedupe, "fetch": fetch, "events": args.events, "seed": args.seed, "wof": args.wof}
    save("outlets" if not args.days else f"outlets-{args.days}d", figures)
    m, u = dedupe["merged"], dedupe["unmerged"]
    print(
        f"multi-outlet workload: {m['true_events_told']} true events in {dedupe['reports']} reports "
        f"over {dedupe['days'] or 'six years of'} days; {m['true_events_found']} read by the pipeline"
    )
    print(
        f"ingest: {dedupe['reports_per_s']:.1f} reports/s with merging, "
        f"{dedupe['reports_per_s_without_merging']:.1f} without (baseline, same run)"
    )
    print(f"{'':28}{'merged at ingest':>18}{'no merging (baseline)':>24}")
    print(f"{'stored / true':28}{m['stored_per_true']:>18.3f}{u['stored_per_true']:>24.3f}")
    print(f"{'merge precision':28}{m['merge_precision']:>18.3f}{u['merge_precision']:>24.3f}")
    print(f"{'merge recall':28}{m['merge_recall']:>18.3f}{u['merge_recall']:>24.3f}")
    print(
        f"{'pairs merged (wrong)':28}{m['merged_pairs']:>12} ({m['wrong_pairs']}){u['merged_pairs']:>18} ({u['wrong_pairs']})"
    )
    print(
        f"{'events of nothing true':28}{m['stored_events_of_nothing_true']:>18}{u['stored_events_of_nothing_true']:>24}"
    )
    print(
        f"fetch: {fetch['pages']} pages, {fetch['articles_per_s']:.1f} articles/s (fetch, extract, ingest; "
        f"{fetch['new_reports']} new reports, {fetch['failures']} failures) vs bare requests "
        f"{fetch['bare_requests_per_s']:.1f} pages/s (ratio {fetch['articles_per_s'] / fetch['bare_requests_per_s']:.3f}); "
        f"second run {fetch['second_run_seconds']:.2f} s, {fetch['second_run_new_reports']} new"
    )


if __name__ == "__main__":
    main()
