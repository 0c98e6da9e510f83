"""Outlets from a CSV table (the admin's import, ``add_outlet --csv`` and the built-in list).

Columns: ``name``, ``language``, ``country``, ``kind`` (state, independent, wire, monitor,
military), ``feeds`` (one or more URLs separated by spaces), optional ``active`` (true/false).
Each row creates or updates one outlet by feed URL (``Outlet.add``). Every row is checked
before anything is written; a bad row is refused with its line number and nothing is stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Outlet, OutletKind

BUILTIN = Path(__file__).resolve().parent / "data" / "outlets.csv"
COLUMNS = ("name", "language", "country", "kind", "feeds")


@dataclass
class Row:
    line: int
    name: str
    language: str
    country: str
    kind: str
    feeds: list[str]
    active: bool | None


def read_rows(text: str) -> list[Row]:
    """The rows of an outlets table; ValueError naming every bad line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"the table lacks the column(s) {', '.join(missing)} (columns: {', '.join(COLUMNS)}, active)")
    rows, errors = [], []
    for n, raw in enumerate(reader, start=2):
        rec = {k: (v or "").strip() for k, v in raw.items() if k}
        active = rec.get("active", "").lower()
        problems = []
        if not rec["name"]:
            problems.append("no name")
        if rec["kind"] and rec["kind"] not in OutletKind.values:
            problems.append(f"unknown kind {rec['kind']!r} (one of {', '.join(OutletKind.values)})")
        if not rec["feeds"].split():
            problems.append("no feed URL")
        if active not in ("", "true", "false", "1", "0", "yes", "no"):
            problems.append(f"active is {active!r}, not true or false")
        if problems:
            errors.append(f"line {n}: {'; '.join(problems)}")
            continue
        rows.append(
            Row(
                line=n,
                name=rec["name"],
                language=rec["language"],
                country=rec["country"].upper(),
                kind=rec["kind"],
                feeds=rec["feeds"].split(),
                active=None if not active else active in ("true", "1", "yes"),
            )
        )
    if errors:
        raise ValueError("; ".join(errors))
    return rows


def import_outlets(text: str, *, active: bool | None = None) -> list[Outlet]:
    """Create or update the table's outlets in one transaction. ``active`` overrides the table's
    column (the built-in list is loaded inactive). ValueError (nothing stored) for a bad table."""
    rows = read_rows(text)
    outlets = []
    with transaction.atomic():
        for row in rows:
            fields: dict[str, object] = {"country": row.country}
            state = row.active if active is None else active
            if state is not None:
                fields["active"] = state
            try:
                outlets.append(Outlet.add(row.name, feeds=row.feeds, language=row.language, kind=row.kind, **fields))
            except Exception as exc:  # ValidationError, ValueError: name the line, store nothing
                raise ValueError(f"line {row.line}: {exc}") from exc
    return outlets


def import_builtin() -> list[Outlet]:
    """The built-in list of real outlets' public feeds, inactive (activate the ones you follow)."""
    return import_outlets(BUILTIN.read_text(encoding="utf-8"), active=False)
