#!/usr/bin/env python
"""Batch memory benchmark: the peak memory (maximum RSS of the child process, from wait4) of
`manage.py ingest` reading JSON Lines batches of about 50 MB and 500 MB, and their ratio (flat
memory: close to 1), beside the baseline of the same run: the same files read whole, as `ingest`
read them before issue 16 (`read_text_file` + `splitlines`, every record parsed into a list
before the first report was ingested).

    .venv/bin/python bench/batch_memory.py [--sizes 50,500] [--full 300,1200] [--keep]

What is measured: `manage.py ingest FILE --dry-run`, which runs the command's real reading path
(events/batches.py over lib/untrusted_lines.py: the scan of the whole file for its encoding and
refusals, then each line read, its size limited, parsed as JSON and checked as a report, and the
items batched through the same loop) and stops before the pipeline and the database: ingesting
500 MB through the pipeline would take hours. `--full` adds the whole command (`ingest --sync`:
pipeline, geocoder, one transaction per report, into SQLite with the built-in gazetteer plus
Who's On First when ../shared has it) on two small batches of that many records, to show that
storing reports does not make memory grow with their number either.

Batches: paragraphs of the development corpus (tests/corpus) joined into records of about 2 KB
(like the 486 MB batch of issue 16: 240,000 records), each made unique, written to a temporary
folder and removed afterwards (unless --keep). Prints a table; writes
bench/results/batch_memory.json and merges it into bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import save  # noqa: E402

MB = 1_000_000
RECORD_BYTES = 2_000


def corpus_texts() -> list[dict]:
    records = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.gold.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                gold = json.loads(line)
                records.append({"text": gold["text"], "published": gold.get("published"), "lang": gold.get("lang")})
    return records


def write_batch(path: Path, megabytes: float, *, records: int | None = None) -> tuple[int, int]:
    """A JSON Lines batch of about `megabytes` MB (or `records` records); (bytes, records)."""
    paragraphs = corpus_texts()
    target = int(megabytes * MB)
    size = n = 0
    i = 0
    with path.open("w", encoding="utf-8") as out:
        while (records is None and size < target) or (records is not None and n < records):
            parts: list[str] = []
            while sum(len(p.encode()) for p in parts) < RECORD_BYTES:
                parts.append(paragraphs[i % len(paragraphs)]["text"])
                i += 1
            head = paragraphs[(i - 1) % len(paragraphs)]
            n += 1
            record = {
                "text": "\n".join(parts) + f"\n(گزارش شماره {n})",
                "published": head["published"],
                "outlet": f"outlet {n % 17}",
                "url": f"https://example.org/report/{n}",
                "lang": head["lang"],
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode())
    return size, n


def peak(args: list[str], env: dict) -> tuple[float, float, str]:
    """Run a child to its end; (its peak RSS in MB, seconds, its last line of output)."""
    started = time.perf_counter()
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    out.seek(0)
    err.seek(0)
    text = out.read().decode(errors="replace").strip()
    if child.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{text[-2000:]}\n{err.read().decode(errors='replace')[-3000:]}")
    return usage.ru_maxrss * 1024 / MB, seconds, (text.splitlines() or [""])[-1]


def baseline_read(path: Path) -> None:
    """The reading of `ingest` before issue 16, in this (child) process: the whole file decoded,
    split into lines, and every record parsed and kept before the first report is ingested."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from lib.untrusted import check_text, read_text_file

    items = []
    for lineno, line in enumerate(read_text_file(path).splitlines(), 1):
        if line.strip():
            record = json.loads(line)
            check_text(record["text"], name=f"{path}:{lineno}")
            items.append((f"{path}:{lineno}", record))
    print(f"{len(items):,} records read whole")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,500", help="batch sizes in MB, comma-separated (default 50,500)")
    parser.add_argument("--full", default="300,1200", help="records of the two batches ingested whole ('' to skip)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the read-whole baseline")
    parser.add_argument("--keep", action="store_true", help="keep the generated batches")
    parser.add_argument("--baseline-read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_read:
        baseline_read(args.baseline_read)
        return

    folder = Path(tempfile.mkdtemp(prefix="bench-batches-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_"))}
    env.update(DATABASE_URL=f"sqlite:///{folder / 'unused.sqlite3'}", DJANGO_LOG_LEVEL="ERROR")
    python = sys.executable
    figures: dict = {"what": "peak RSS (MB) of the child process", "batches": []}
    try:
        for mb in (float(s) for s in args.sizes.split(",")):
            path = folder / f"batch-{mb:g}MB.jsonl"
            size, records = write_batch(path, mb)
            row: dict = {"bytes": size, "records": records}
            rss, seconds, summary = peak([python, "manage.py", "ingest", str(path), "--dry-run", "--no-progress"], env)
            row["ingest_dry_run"] = {"peak_mb": round(rss, 1), "seconds": round(seconds, 1), "summary": summary}
            if not args.no_baseline:
                rss, seconds, _ = peak([python, __file__, "--baseline-read", str(path)], env)
                row["baseline_read_whole"] = {"peak_mb": round(rss, 1), "seconds": round(seconds, 1)}
            figures["batches"].append(row)
            print(_line(row), flush=True)
            if not args.keep:
                path.unlink()
        small, large = figures["batches"][0], figures["batches"][-1]
        figures["ratio_large_to_small"] = round(
            large["ingest_dry_run"]["peak_mb"] / small["ingest_dry_run"]["peak_mb"], 3
        )
        if not args.no_baseline:
            figures["ratio_baseline_to_ours_large"] = round(
                large["baseline_read_whole"]["peak_mb"] / large["ingest_dry_run"]["peak_mb"], 2
            )
        if args.full:
            figures["full"] = full_ingest(folder, [int(n) for n in args.full.split(",")], env)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"batches kept in {folder}")
    print(json.dumps({k: v for k, v in figures.items() if k != "batches"}, indent=2))
    save("batch_memory", figures)


def full_ingest(folder: Path, counts: list[int], env: dict) -> list[dict]:
    """`ingest --sync` (the whole pipeline, into a fresh SQLite copy of the bench template) of
    batches of `counts` records; their peaks."""
    import databases

    out = []
    for count in counts:
        url = databases.fresh("sqlite", f"bench-batch-memory-{count}")
        path = folder / f"full-{count}.jsonl"
        size, records = write_batch(path, 0, records=count)
        rss, seconds, summary = peak(
            [sys.executable, "manage.py", "ingest", str(path), "--sync", "--no-progress"], {**env, "DATABASE_URL": url}
        )
        databases.drop(url)
        row = {
            "records": records,
            "bytes": size,
            "peak_mb": round(rss, 1),
            "seconds": round(seconds, 1),
            "summary": summary,
        }
        print(
            f"ingest --sync, {records:,} records ({size / MB:.1f} MB): peak {rss:,.0f} MB, {seconds:,.0f} s", flush=True
        )
        out.append(row)
    return out


def _line(row: dict) -> str:
    ours = row["ingest_dry_run"]
    text = f"{row['bytes'] / MB:,.0f} MB, {row['records']:,} records: ingest --dry-run peak {ours['peak_mb']:,.0f} MB ({ours['seconds']:.0f} s)"
    if "baseline_read_whole" in row:
        base = row["baseline_read_whole"]
        text += f"; read whole (before): {base['peak_mb']:,.0f} MB ({base['seconds']:.0f} s)"
    return text


if __name__ == "__main__":
    main()
