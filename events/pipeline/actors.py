"""Actor mentions from the lexicon of canonical actors and their aliases (Persian, Dari,
Arabic, English). Longest match wins, so `نیروهای دموکراتیک سوریه` is one SDF mention
and its `سوریه` is not a place.

Some names say what a force is, not which (`government forces`, `militants`, `Kurdish forces`,
`التنظيم`): the lexicon gives them a generic name (`@army`, `@jihadists`, `@kurds`...) that
`ActorResolver` turns into a canonical actor once the places are known: the state forces of the
country the sentence is about, the jihadist group the report names most, and so on. A generic
name nothing resolves is dropped."""

from __future__ import annotations

import re

from .doc import ActorRef, Doc, PlaceMention, Span, SpanIndex
from .grammar import grammar
from .labels import ACTOR
from .lexicon import ACTOR_LANGUAGES, ActorEntry, actor_entries, affixes, base_of
from .matcher import PhraseMatcher
from .places_en import possessive_or_plain


class ActorTagger:
    """Actor names of the text's script (`lexicon.ACTOR_LANGUAGES`), with its affixes."""

    name = "actors"
    requires = ("doc.lang", "doc.sentences")
    assigns = ("spans.actor",)

    def __init__(self, entries: tuple[ActorEntry, ...] | None = None) -> None:
        entries = entries if entries is not None else actor_entries()
        self.matchers = {
            base: PhraseMatcher(((e.alias, e) for e in entries if e.lang in langs or not e.lang), min_length=2)
            for base, langs in ACTOR_LANGUAGES.items()
        }

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span[ActorRef]] = []
        text = doc.text
        base = base_of(doc.lang)
        verb_after = grammar(doc.lang)["verb-after-actor"]
        found_all = self.matchers[base].find(
            text, doc.compact(), prefixes=affixes(base).prefixes, suffixes=affixes(base).suffixes
        )
        for start, end, _key, found in found_all:
            entry: ActorEntry = found[0]
            if "verb-trap" in entry.note and verb_after.match(text, end):
                continue  # "ارتش آزاد شد": the army freed it, not the Free Army
            if "upper-case" in entry.note and not _written_in_capitals(doc, start, end):
                continue  # "is" the verb, not IS the group
            if base == "en" and not possessive_or_plain(doc, end):
                continue  # "the group's" is the group, "the groups" several others
            country_name = "country-name" in entry.note
            value = ActorRef(entry.canonical, country_name=country_name)
            spans.append(Span(start, end, ACTOR, value, source=self.name, score=0.6 if country_name else 1.0))
        doc.spans[ACTOR] = spans
        return doc


_WORD = re.compile(r"[^\W\d_]+")


def _written_in_capitals(doc: Doc, start: int, end: int) -> bool:
    """The raw text behind [start, end) is in capitals, and a word next to it is not (an
    all-capitals headline or dateline says nothing by its case)."""
    raw_start, raw_end = doc.norm.raw_span(start, end)
    raw = doc.norm.raw
    before, after = _WORD.findall(raw[max(0, raw_start - 30) : raw_start]), _WORD.findall(raw[raw_end : raw_end + 30])
    neighbours = (before[-1:] if before else []) + (after[:1] if after else [])
    return raw[raw_start:raw_end].isupper() and any(ch.islower() for word in neighbours for ch in word)


#: Generic names whose actor depends on the country: country → canonical actor.
BY_COUNTRY: dict[str, dict[str, str]] = {
    "@army": {"SY": "Syrian Arab Army", "IQ": "Iraqi Security Forces"},
    "@kurds": {"SY": "YPG", "IQ": "Peshmerga"},
    "@us-backed": {"SY": "SDF", "IQ": "Iraqi Security Forces"},
    "@shia": {"SY": "Pro-government militias (Syria)", "IQ": "PMF"},
}
#: Generic names that do not depend on the country.
FIXED = {"@rebels": "FSA/SNA", "@tribes": "Local armed residents"}
JIHADISTS = ("ISIS", "HTS")


class ActorResolver:
    """Generic actor names → canonical actors, from the report's places and actors (see the
    module docstring)."""

    name = "actor-resolver"
    requires = ("spans.actor", "spans.place.candidates", "doc.sentences")
    assigns = ("spans.actor",)

    def __call__(self, doc: Doc) -> Doc:
        named = [a.value.name for a in doc.actors if not a.value.name.startswith("@")]
        jihadist = max(JIHADISTS, key=lambda j: (named.count(j), j == "ISIS"))
        report_country = _main_country([p.value.best.place.country for p in doc.places if p.value.best])
        resolved: list[Span[ActorRef]] = []
        places = SpanIndex(doc.places)
        for actor in doc.actors:
            generic = actor.value.name
            if not generic.startswith("@"):
                resolved.append(actor)
                continue
            if generic == "@jihadists":
                name: str | None = jihadist
            elif generic in FIXED:
                name = FIXED[generic]
            else:
                country = _sentence_country(doc, places, actor.start) or report_country
                name = BY_COUNTRY.get(generic, {}).get(country or "")
            if name:
                actor.value = ActorRef(name, country_name=actor.value.country_name)
                resolved.append(actor)
        doc.spans["actor"] = resolved
        return doc


#: Places that run through both countries: a river names no country ("a town on the Euphrates" may
#: be in Iraq).
BORDER_CROSSING_KINDS = frozenset({"river"})


def _main_country(countries: list[str]) -> str | None:
    counts = {c: countries.count(c) for c in ("SY", "IQ") if c in countries}
    return max(counts, key=lambda c: counts[c]) if counts else None


def _sentence_country(doc: Doc, index: SpanIndex[PlaceMention], position: int) -> str | None:
    """The country of the places of the sentence at `position` (nearest first)."""
    sentence = doc.sentence_at(position)
    if sentence is None:
        return None
    places = [
        p
        for p in index.overlapping(sentence.start, sentence.end)
        if p.start >= sentence.start and p.value.best and p.value.best.place.kind not in BORDER_CROSSING_KINDS
    ]
    places.sort(key=lambda p: abs(p.start - position))
    return next((c for p in places if (best := p.value.best) and (c := best.place.country) in ("SY", "IQ")), None)
