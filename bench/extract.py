#!/usr/bin/env python
"""Extraction benchmark: characters per second of the whole pipeline and of bare hazm
(Normalizer + WordTokenizer) on the same text, their ratio, per language, and ingest throughput
(reports per second into the database, one transaction each).

    .venv/bin/python bench/extract.py [--reports 1000] [--builtin-only]

Uses its own SQLite database (var/bench-extract.sqlite3) with the built-in gazetteer and, when
../shared is present, Who's On First (a realistic 33k-place tagger). The text is the
development corpus (tests/corpus, Persian), repeated to about 1 MB; and, when ../shared is present,
each real development set (Persian, Arabic, English: ../shared/corpus/real), repeated the same way
and read with no language given (detected, as `extract` does). Prints a table; writes
bench/results/extract.json and merges it into bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import save  # noqa: E402

WOF = ROOT.parent / "shared" / "data" / "gazetteer" / "wof"
REAL = ROOT.parent / "shared" / "corpus" / "real"
TARGET_CHARS = 1_000_000
ROUNDS = 2


def setup(db_name: str, builtin_only: bool) -> dict:
    db = ROOT / "var" / db_name
    if not os.environ.get("BENCH_DATABASE_URL") and not builtin_only:
        # A copy of the benchmarks' template (built-in gazetteer + Who's On First when present).
        import databases

        os.environ["DATABASE_URL"] = databases.fresh("sqlite", db.stem)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        return {"gazetteer": "builtin + Who's On First" if databases.wof_files() else "builtin"}
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ["DATABASE_URL"].startswith("sqlite"):
        db.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    null = open(os.devnull, "w")
    call_command("migrate", verbosity=0, stdout=null)
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        call_command("flush", "--no-input", verbosity=0, stdout=null)
    call_command("load_gazetteer", "--no-progress", stdout=null)
    files = sorted(WOF.glob("*.ndjson.gz")) if WOF.is_dir() and not builtin_only else []
    if files:
        call_command("load_gazetteer", "wof", *map(str, files), "--no-progress", stdout=null)
    return {"gazetteer": "builtin + Who's On First" if files else "builtin"}


def corpus_paragraphs() -> list[dict]:
    out = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.gold.jsonl")):
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def real_paragraphs(lang: str) -> list[dict]:
    path = REAL / f"real_{lang}.gold.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def repeated(paragraphs: list[dict]) -> str:
    text = "\n".join(p["text"] for p in paragraphs)
    return "\n".join([text] * max(1, TARGET_CHARS // len(text)))


def chars_per_second(text: str, warm_up: list[dict]) -> dict:
    """The best of ROUNDS runs of each on the same text, after a warm-up on a few paragraphs of
    the same language (the lexicons and word frequencies of a language load on first use)."""
    from hazm import Normalizer, WordTokenizer

    from events.ingest import get_pipeline

    pipeline = get_pipeline()
    for paragraph in warm_up[:3]:
        pipeline(paragraph["text"], published=None)
    normalizer, tokenizer = Normalizer(), WordTokenizer()
    ours = bare = 0.0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        doc = pipeline(text)  # no language given: detected
        ours = max(ours, len(text) / (time.perf_counter() - started))
        started = time.perf_counter()
        tokenizer.tokenize(normalizer.normalize(text))
        bare = max(bare, len(text) / (time.perf_counter() - started))
    return {
        "chars": len(text),
        "language": doc.lang,
        "events_found": len(doc.events),
        "pipeline_chars_per_s": ours,
        "hazm_chars_per_s": bare,
        "ratio": ours / bare,
    }


def ingest_rate(paragraphs: list[dict], n: int) -> dict:
    import datetime as dt

    from events.ingest import get_pipeline, ingest_text
    from events.models import Event, Report

    get_pipeline()
    started = time.perf_counter()
    events = 0
    for i in range(n):
        p = paragraphs[i % len(paragraphs)]
        text = p["text"] + f"\n(گزارش {i})"  # a different text each time: a new report
        published = dt.date.fromisoformat(p["published"]) if len(p.get("published") or "") == 10 else None
        events += ingest_text(text, published=published, outlet=p.get("outlet", "")).events
    seconds = time.perf_counter() - started
    return {
        "reports": n,
        "seconds": seconds,
        "reports_per_s": n / seconds,
        "events": events,
        "rows": {"reports": Report.objects.count(), "events": Event.objects.count()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--builtin-only", action="store_true")
    args = parser.parse_args()
    figures = setup("bench-extract.sqlite3", args.builtin_only)
    paragraphs = corpus_paragraphs()
    figures["extraction"] = chars_per_second(repeated(paragraphs), paragraphs)
    figures["by_language"] = {}
    for lang in ("fa", "ar", "en"):
        real = real_paragraphs(lang)
        if real:
            figures["by_language"][lang] = chars_per_second(repeated(real), real)
    figures["ingest"] = ingest_rate(paragraphs, args.reports)
    e, i = figures["extraction"], figures["ingest"]
    print(f"gazetteer: {figures['gazetteer']}")
    print(f"{'text':34} {'pipeline chars/s':>17} {'bare hazm chars/s':>18} {'ratio':>6}  (goal ≥ 0.4)")
    rows = [("development corpus (Persian)", e)]
    rows += [(f"real development set, {lang} → {r['language']}", r) for lang, r in figures["by_language"].items()]
    for name, r in rows:
        print(f"{name:34} {r['pipeline_chars_per_s']:17,.0f} {r['hazm_chars_per_s']:18,.0f} {r['ratio']:6.2f}")
    if not figures["by_language"]:
        print(f"(the real development sets are not at {REAL}: Persian only)")
    print(
        f"ingest into {os.environ['DATABASE_URL'].split(':')[0]:10} {i['reports_per_s']:10,.1f} reports/s  ({i['reports']:,} reports, {i['events']:,} events, {i['seconds']:.1f} s)"
    )
    save("extract", figures)


if __name__ == "__main__":
    main()
