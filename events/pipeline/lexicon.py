"""The lexicons (data, not code): `lexicons/actors.tsv` and `lexicons/triggers.tsv`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent / "lexicons"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    canonical: str
    alias: str
    lang: str
    note: str


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    kind: str
    phrase: str
    lang: str
    role: str
    note: str


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


@lru_cache(maxsize=4)
def actor_entries(path: Path = LEXICONS / "actors.tsv") -> tuple[ActorEntry, ...]:
    return tuple(
        ActorEntry(r["canonical"], r["alias"], r.get("lang", ""), r.get("note", ""))
        for r in _rows(path)
        if r.get("alias")
    )


@lru_cache(maxsize=4)
def trigger_entries(path: Path = LEXICONS / "triggers.tsv") -> tuple[TriggerEntry, ...]:
    return tuple(
        TriggerEntry(r["kind"], r["phrase"], r.get("lang", ""), r.get("role", ""), r.get("note", ""))
        for r in _rows(path)
        if r.get("phrase")
    )


@lru_cache(maxsize=4)
def person_names(path: Path = LEXICONS / "persons.tsv") -> tuple[str, ...]:
    return tuple(r["name"] for r in _rows(path) if r.get("name"))
