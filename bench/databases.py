"""Databases for the benchmarks: a fresh SQLite file or PostgreSQL database with the schema and
the gazetteer already in it, copied from a template that is built once and kept until the
migrations, the gazetteer loaders or the Who's On First files change (a hash of them names it).

    url = fresh("sqlite", "bench-ingest")          # var/bench-ingest.sqlite3
    url = fresh("postgres", "bench-ingest")        # postgres://postgres@127.0.0.1:5432/conflictmap_bench_ingest

Each command runs in a subprocess (``manage.py`` with DATABASE_URL), so one benchmark script can
use several databases. PostgreSQL: BENCH_POSTGRES_URL (default the local server, user postgres);
``postgres_available()`` says whether it answers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
WOF = ROOT.parent / "shared" / "data" / "gazetteer" / "wof"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_available() -> bool:
    parts = urlparse(POSTGRES)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), timeout=1):
            return True
    except OSError:
        return False


def postgres_url(name: str) -> str:
    return POSTGRES.rsplit("/", 1)[0] + "/" + name


def wof_files() -> list[Path]:
    return sorted(WOF.glob("*.ndjson.gz")) if WOF.is_dir() else []


def manage(database_url: str, *args: str, env: dict | None = None, timeout: float = 1800) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    environment.update(DATABASE_URL=database_url, REDIS_URL="", **(env or {}))
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def _admin(sql: str) -> None:
    import psycopg

    parts = urlparse(POSTGRES)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def _existing_postgres() -> list[str]:
    import psycopg

    parts = urlparse(POSTGRES)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
    ) as conn:
        return [row[0] for row in conn.execute("SELECT datname FROM pg_database")]


def template_hash(with_wof: bool) -> str:
    h = hashlib.sha1(f"wof={with_wof}".encode())
    for path in sorted(
        [
            *ROOT.glob("*/migrations/*.py"),
            *(ROOT / "gazetteer" / "loaders").glob("*.py"),
            *(ROOT / "gazetteer" / "data").rglob("*"),
        ]
    ):
        if path.is_file():
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    if with_wof:
        for path in wof_files():
            h.update(f"{path.name}:{path.stat().st_size}:{path.stat().st_mtime_ns}".encode())
    return h.hexdigest()[:10]


def _load(url: str, with_wof: bool) -> None:
    manage(url, "migrate", "--no-input", "-v0")
    manage(url, "load_gazetteer", "builtin", "--no-progress")
    files = wof_files() if with_wof else []
    if files:
        manage(url, "load_gazetteer", "wof", *map(str, files), "--no-progress")


def template(kind: str, with_wof: bool = True) -> str:
    """The template database of this kind (built now if missing or out of date)."""
    tag = template_hash(with_wof)
    stem = f"bench_tpl_{'wof' if with_wof and wof_files() else 'builtin'}"
    if kind == "sqlite":
        path = VAR / f"{stem}_{tag}.sqlite3"
        if not path.exists():
            for old in VAR.glob(f"{stem}_*.sqlite3*"):
                old.unlink()
            VAR.mkdir(exist_ok=True)
            tmp = path.with_suffix(".building")
            tmp.unlink(missing_ok=True)
            _load(f"sqlite:///{tmp}", with_wof)
            import sqlite3

            conn = sqlite3.connect(tmp)  # one self-contained file, to copy
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
            tmp.rename(path)
        return f"sqlite:///{path}"
    name = f"conflictmap_{stem}_{tag}"
    existing = _existing_postgres()
    if name not in existing:
        for old in existing:
            if old.startswith(f"conflictmap_{stem}_"):
                _admin(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        building = name + "_building"
        _admin(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{building}"')
        _load(postgres_url(building), with_wof)
        _admin(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return postgres_url(name)


def fresh(kind: str, name: str, *, with_wof: bool = True) -> str:
    """A new database called ``name`` (its old copy dropped) with the schema and gazetteer."""
    source = template(kind, with_wof)
    if kind == "sqlite":
        path = VAR / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source.removeprefix("sqlite:///"), path)
        return f"sqlite:///{path}"
    db = f"conflictmap_{name.replace('-', '_')}"
    _admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{db}" TEMPLATE "{source.rsplit("/", 1)[1]}"')
    return postgres_url(db)


def drop(url: str) -> None:
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
    else:
        _admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
