"""The lexicons (data, not code): actors, triggers, persons, place cues and place words (`lexicons/*.tsv`)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from lib.text import name_key

LEXICONS = Path(__file__).resolve().parent / "lexicons"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    canonical: str  # a canonical actor, or a generic name (`@army`) the report's context resolves
    alias: str
    lang: str
    note: str

    @property
    def generic(self) -> bool:
        return self.canonical.startswith("@")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    kind: str
    phrase: str
    lang: str
    role: str
    note: str

    @property
    def needs(self) -> str | None:
        """The grammar pattern that must match right after the word for it to make an event
        (`needs:capture-object` in the note), or None."""
        return _note_value(self.note, "needs:")

    @property
    def needs_before(self) -> str | None:
        """The grammar pattern that must match right before the word, in its clause, for it to
        make an event (`needs-before:control-holder-before` in the note), or None."""
        return _note_value(self.note, "needs-before:")

    @property
    def purpose(self) -> bool:
        """A purpose word (`به منظور` "in order to", `purpose` in the note): the intention holds
        only for the event words of its own phrase (`assemble._purpose_phrases`)."""
        return _purpose(self.note)


@lru_cache(maxsize=4096)
def _note_value(note: str, prefix: str) -> str | None:
    """The value of the first part of a note that starts with `prefix` (`needs:X` → `X`), or None."""
    for part in note.split(";"):
        if part.strip().startswith(prefix):
            return part.strip().removeprefix(prefix).strip()
    return None


@lru_cache(maxsize=4096)
def _purpose(note: str) -> bool:
    return any(part.strip() == "purpose" or part.strip().startswith("purpose:") for part in note.split(";"))


def rows(path: Path) -> list[dict[str, str]]:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


@lru_cache(maxsize=4)
def actor_entries(path: Path = LEXICONS / "actors.tsv") -> tuple[ActorEntry, ...]:
    return tuple(
        ActorEntry(r["canonical"], r["alias"], r.get("lang", ""), r.get("note", ""))
        for r in rows(path)
        if r.get("alias")
    )


@lru_cache(maxsize=4)
def trigger_entries(path: Path = LEXICONS / "triggers.tsv") -> tuple[TriggerEntry, ...]:
    return tuple(
        TriggerEntry(r["kind"], r["phrase"], r.get("lang", ""), r.get("role", ""), r.get("note", ""))
        for r in rows(path)
        if r.get("phrase")
    )


@lru_cache(maxsize=4)
def person_names(path: Path = LEXICONS / "persons.tsv") -> tuple[str, ...]:
    return tuple(r["name"] for r in rows(path) if r.get("name"))


@dataclass(frozen=True, slots=True)
class PlaceCue:
    cue: str
    lang: str
    kinds: tuple[str, ...]
    flags: frozenset[str]


@lru_cache(maxsize=4)
def place_cues(path: Path = LEXICONS / "place_cues.tsv") -> tuple[PlaceCue, ...]:
    return tuple(
        PlaceCue(
            r["cue"],
            r.get("lang", ""),
            tuple(k for k in r.get("kinds", "").split(",") if k),
            frozenset(f for f in r.get("flags", "").split(",") if f),
        )
        for r in rows(path)
        if r.get("cue")
    )


@lru_cache(maxsize=4)
def place_words(path: Path = LEXICONS / "place_words.tsv") -> dict[tuple[str, str], tuple[str, ...]]:
    """(set, lang) → the phrases of that set, in file order."""
    out: dict[tuple[str, str], list[str]] = {}
    for r in rows(path):
        if r.get("phrase"):
            out.setdefault((r["set"], r.get("lang", "")), []).append(r["phrase"])
    return {key: tuple(phrases) for key, phrases in out.items()}


@lru_cache(maxsize=4)
def place_word_notes(path: Path = LEXICONS / "place_words.tsv") -> dict[tuple[str, str, str], str]:
    """(set, lang, phrase) → the row's note (for `admin-after`: the kind the word asks for)."""
    return {(r["set"], r.get("lang", ""), r["phrase"]): r.get("note", "") for r in rows(path) if r.get("phrase")}


@dataclass(frozen=True, slots=True)
class Affixes:
    """What may be attached to phrases in one language (folded, "" included)."""

    prefixes: frozenset[str]
    suffixes: frozenset[str]
    verb_suffixes: frozenset[str]
    trigger_prefixes: frozenset[str]  # the prefixes and those only event words take (Arabic ال, ي, ت)


@lru_cache(maxsize=16)
def affixes(lang: str, path: Path = LEXICONS / "affixes.tsv") -> Affixes:
    """The affixes of `lang` (`fa-AF` uses `fa`'s)."""
    base = lang.split("-")[0].lower()
    sets: dict[str, set[str]] = {"prefix": {""}, "suffix": {""}, "verb-suffix": {""}, "trigger-prefix": {""}}
    for r in rows(path):
        if r.get("lang") in (lang, base) and r.get("set") in sets:
            sets[r["set"]].add(name_key(r["affix"]))
    return Affixes(
        frozenset(sets["prefix"]),
        frozenset(sets["suffix"]),
        frozenset(sets["suffix"] | sets["verb-suffix"]),
        frozenset(sets["prefix"] | sets["trigger-prefix"]),
    )


#: Which lexicon rows apply to a text, by the text's base language: event words are read in their
#: own language only (Arabic words fold into Persian ones with other meanings: صد "repelled" is
#: Persian "hundred"), actor names in any language of the same script (names such as داعش or
#: الحشد الشعبی cross between Persian and Arabic).
TRIGGER_LANGUAGES = {"fa": frozenset({"fa", "fa-AF"}), "ar": frozenset({"ar"}), "en": frozenset({"en"})}
ACTOR_LANGUAGES = {
    "fa": frozenset({"fa", "fa-AF", "ar"}),
    "ar": frozenset({"ar", "fa", "fa-AF"}),
    "en": frozenset({"en"}),
}


@cache
def base_of(lang: str) -> str:
    """`fa-AF` → `fa`; an unknown language reads as Persian (the pipeline's first language)."""
    base = lang.split("-")[0].lower()
    return base if base in TRIGGER_LANGUAGES else "fa"
