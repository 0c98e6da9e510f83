#!/usr/bin/env python
"""Load test on loopback: the control map page (/map/control/) served by gunicorn as deployed
(DEBUG off, collected static files, several worker processes), 20 concurrent clients for 30 s:
requests per second, latency (p50, p95, p99) and errors (must be 0), in three set-ups measured in
the same run:

1. SQLite, each worker's own memory cache (the default);
2. PostgreSQL and Redis shared by the workers (the multi-process production set-up), when both
   answer;
3. the baseline: SQLite with caching off (bench/settings_nocache.py), so every request computes
   control, areas and front lines and renders the map again.

    .venv/bin/python bench/load.py [--seconds 30] [--clients 20] [--workers 4] [--path /map/control/]

Data: the built-in gazetteer, the control baseline (events/data/baseline_control.tsv) and, when
../shared is present, the 2017 Wikipedia locality map of Syria, imported with import_control.
Client: wrk (Debian package `wrk`) when installed, else a Python client with one thread and one
keep-alive connection per client. Prints a table; writes bench/results/load.json and merges it
into bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402
from report import save  # noqa: E402

SYRIA_MAP = ROOT.parent / "shared" / "data" / "control" / "wikipedia_syria_detailed_map.tsv"
BASELINE = ROOT / "events" / "data" / "baseline_control.tsv"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  io.write(string.format(
    "JSON {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"connect\":%d,\"read\":%d,\"write\":%d," ..
    "\"status\":%d,\"timeout\":%d,\"p50\":%d,\"p90\":%d,\"p95\":%d,\"p99\":%d,\"max\":%d,\"mean\":%f}\n",
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def prepare(kind: str) -> tuple[str, dict]:
    """A database with the built-in gazetteer and the control tables imported."""
    url = databases.fresh(kind, f"bench-load-{kind}", with_wof=False)
    info = {}
    t = time.perf_counter()
    databases.manage(url, "import_control", str(BASELINE), "--source", "baseline")
    if SYRIA_MAP.exists():
        databases.manage(
            url, "import_control", str(SYRIA_MAP), "--date", "2017-07-15", "--country", "SY", "--source", "wikipedia-sy"
        )
        info["control"] = "baseline + Wikipedia Syria map (2017-07-15)"
    else:
        info["control"] = "baseline only (no ../shared)"
    info["import_s"] = round(time.perf_counter() - t, 1)
    return url, info


class Server:
    """gunicorn with DEBUG off over one database, static files collected into a temp folder."""

    def __init__(self, database_url: str, workers: int, static_root: str, **env) -> None:
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_"))}
        self.env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="bench-load-" + "x" * 50,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=static_root,
            DATABASE_URL=database_url,
            DJANGO_LOG_LEVEL="WARNING",
            # plain http on loopback (production sits behind TLS; see README)
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_SESSION_COOKIE_SECURE="0",
            DJANGO_CSRF_COOKIE_SECURE="0",
            **env,
        )
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/map/control/", timeout=120).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        log = Path(self.log.name).read_text()[-3000:]
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + log)

    def errors_logged(self) -> int:
        return Path(self.log.name).read_text().count("Traceback")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        Path(self.log.name).unlink(missing_ok=True)


def run_wrk(url: str, clients: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
    try:
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "60s", "-s", f.name, url],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        ).stdout
    finally:
        os.unlink(f.name)
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    r = json.loads(line[5:])
    return {
        "client": "wrk",
        "requests": r["requests"],
        "seconds": r["duration_us"] / 1e6,
        "requests_per_s": r["requests"] / (r["duration_us"] / 1e6),
        "mb_per_s": r["bytes"] / 1e6 / (r["duration_us"] / 1e6),
        "p50_ms": r["p50"] / 1000,
        "p90_ms": r["p90"] / 1000,
        "p95_ms": r["p95"] / 1000,
        "p99_ms": r["p99"] / 1000,
        "max_ms": r["max"] / 1000,
        "errors": r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"],
        "error_detail": {k: r[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def run_python(url: str, clients: int, seconds: int) -> dict:
    """One thread and one keep-alive connection per client (the fallback without wrk)."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    latencies: list[float] = []
    errors = [0]
    size = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        while time.perf_counter() < stop_at:
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
            except OSError:
                ok, body = False, b""
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
            with lock:
                latencies.append(time.perf_counter() - t)
                size[0] += len(body)
                errors[0] += not ok
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0] if latencies else 0] * 99
    return {
        "client": "python threads",
        "requests": len(latencies),
        "seconds": elapsed,
        "requests_per_s": len(latencies) / elapsed,
        "mb_per_s": size[0] / 1e6 / elapsed,
        "p50_ms": q[49] * 1000,
        "p90_ms": q[89] * 1000,
        "p95_ms": q[94] * 1000,
        "p99_ms": q[98] * 1000,
        "max_ms": max(latencies, default=0) * 1000,
        "errors": errors[0],
    }


def load(server: Server, path: str, clients: int, seconds: int, warmup: int) -> dict:
    client = run_wrk if shutil.which("wrk") else run_python
    if warmup:
        client(server.url + path, clients, warmup)
    result = client(server.url + path, clients, seconds)
    result["server_errors_logged"] = server.errors_logged()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--warmup", type=int, default=5, help="seconds of load before measuring (fills each worker's cache)"
    )
    parser.add_argument("--path", default="/map/control/")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    figures: dict = {
        "path": args.path,
        "clients": args.clients,
        "seconds": args.seconds,
        "gunicorn_workers": args.workers,
        "cores": os.cpu_count(),
        "client": "wrk" if shutil.which("wrk") else "python threads (install wrk for a lighter client)",
    }
    t = time.perf_counter()
    sqlite_url, figures["data"] = prepare("sqlite")
    static_root = tempfile.mkdtemp(prefix="cm-static-")
    try:
        env = dict(
            os.environ,
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="bench-load-" + "x" * 50,
            DJANGO_STATIC_ROOT=static_root,
            DATABASE_URL=sqlite_url,
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
        print(
            f"data: {figures['data']['control']}; set-up {time.perf_counter() - t:.0f} s; client: {figures['client']}",
            flush=True,
        )

        setups = [("cached_locmem_sqlite", "memory cache per worker, SQLite", sqlite_url, {})]
        if not args.no_postgres and databases.postgres_available() and reachable("127.0.0.1", 6379):
            pg_url, _ = prepare("postgres")
            setups.append(
                (
                    "cached_redis_postgres",
                    "Redis shared by the workers, PostgreSQL",
                    pg_url + "?conn_max_age=600",
                    {"REDIS_URL": REDIS_URL},
                )
            )
        else:
            pg_url = None
            print("PostgreSQL or Redis not reachable: that set-up is skipped", flush=True)
        setups.append(
            (
                "baseline_no_cache_sqlite",
                "no cache (baseline), SQLite",
                sqlite_url,
                {"DJANGO_SETTINGS_MODULE": "bench.settings_nocache"},
            )
        )

        for key, label, url, extra in setups:
            if "REDIS_URL" in extra:  # start from an empty cache: delete only this app's keys
                import redis

                client = redis.Redis.from_url(REDIS_URL)
                for k in client.scan_iter("conflictmap:*"):
                    client.delete(k)
            server = Server(url, args.workers, static_root, **extra)
            try:
                page = urllib.request.urlopen(server.url + args.path, timeout=120).read()
                result = load(
                    server, args.path, args.clients, args.seconds, args.warmup if "no_cache" not in key else 0
                )
            finally:
                server.stop()
                if "REDIS_URL" in extra:  # leave nothing behind
                    for k in client.scan_iter("conflictmap:*"):
                        client.delete(k)
            result.update(label=label, page_bytes=len(page))
            figures[key] = result
            print(
                f"{label:<42} {result['requests_per_s']:8.1f} req/s  p50 {result['p50_ms']:7.0f} ms  p95 {result['p95_ms']:7.0f} ms  "
                f"p99 {result['p99_ms']:7.0f} ms  errors {result['errors']} (+{result['server_errors_logged']} logged)  {result['requests']:,} requests",
                flush=True,
            )
        if pg_url:
            databases.drop(pg_url.split("?")[0])
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    base = figures["baseline_no_cache_sqlite"]
    for key in ("cached_locmem_sqlite", "cached_redis_postgres"):
        if key in figures:
            figures[key]["ratio_rps"] = figures[key]["requests_per_s"] / base["requests_per_s"]
            figures[key]["ratio_p95"] = base["p95_ms"] / figures[key]["p95_ms"]
    figures["errors_total"] = sum(
        figures[k]["errors"] + figures[k]["server_errors_logged"]
        for k in figures
        if isinstance(figures[k], dict) and "errors" in figures[k]
    )
    save("load", figures)
    print()
    print(
        f"{args.path}, {args.clients} clients, {args.seconds} s, gunicorn {args.workers} workers, {os.cpu_count()} cores"
    )
    print(f"{'set-up':<42} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'× baseline req/s':>17}")
    for key in ("cached_locmem_sqlite", "cached_redis_postgres", "baseline_no_cache_sqlite"):
        if key in figures:
            r = figures[key]
            ratio = f"{r['ratio_rps']:.0f}×" if "ratio_rps" in r else ""
            print(
                f"{r['label']:<42} {r['requests_per_s']:>8.1f} {r['p50_ms']:>8.0f} {r['p95_ms']:>8.0f} {r['errors']:>7} {ratio:>17}"
            )
    if figures["errors_total"]:
        print(f"ERRORS: {figures['errors_total']}")
        sys.exit(1)


if __name__ == "__main__":
    main()
