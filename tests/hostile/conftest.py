"""A database that other processes can use: a migrated SQLite file per test (copied from one
migrated once per session), or, on PostgreSQL, the test database itself (the test runs as a
transactional test, so what the subprocesses commit is flushed afterwards)."""

from __future__ import annotations

import os
import shutil
from urllib.parse import quote

import pytest

from tests.events.conftest import tiny_gazetteer  # noqa: F401  (the tiny gazetteer in the database)

from .procs import Proc


def _subprocess_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_"))}
    env.update(GAZETTEER_INDEX_TTL="0", **extra)
    return env


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("procdb") / "migrated.sqlite3"
    Proc(_subprocess_env(DATABASE_URL=f"sqlite:///{path}")).manage("migrate", "--no-input", "-v0")
    return path


@pytest.fixture(scope="session")
def tiny_sqlite(migrated_sqlite, tmp_path_factory):
    path = tmp_path_factory.mktemp("procdb") / "tiny.sqlite3"
    shutil.copy(migrated_sqlite, path)
    Proc(_subprocess_env(DATABASE_URL=f"sqlite:///{path}")).helper("seed-tiny")
    return path


@pytest.fixture
def proc_db_tiny(request, tmp_path):
    """``proc_db`` with the tiny gazetteer of the pipeline tests in it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        shutil.copy(request.getfixturevalue("tiny_sqlite"), path)
        return Proc(_subprocess_env(DATABASE_URL=f"sqlite:///{path}"))
    proc = request.getfixturevalue("proc_db")
    from .procs import seed_tiny

    seed_tiny(setup=False)  # committed: the test is transactional
    return proc


@pytest.fixture
def proc_db(request, tmp_path):
    """``Proc`` on a database of this test's own, empty but migrated. Tests that use it are
    marked ``django_db(transaction=True)`` (on PostgreSQL the subprocesses commit into the test
    database, which is flushed after the test)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        shutil.copy(request.getfixturevalue("migrated_sqlite"), path)
        return Proc(_subprocess_env(DATABASE_URL=f"sqlite:///{path}"))
    if connection.vendor != "postgresql":
        pytest.skip(f"subprocess tests run on SQLite and PostgreSQL, not {connection.vendor}")
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s.get("PASSWORD") else "")
    url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{quote(s['NAME'], safe='')}"
    return Proc(_subprocess_env(DATABASE_URL=url))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users made by these tests need no slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
