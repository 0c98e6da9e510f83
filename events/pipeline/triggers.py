"""Event words (triggers) and the words that modify an event (claims, denials, intentions,
negations, background, role markers), from the trigger lexicon."""

from __future__ import annotations

from .doc import Doc, Span
from .grammar import Grammar, grammar
from .labels import AIRSTRIKE, EVENT_KINDS, TRIGGER
from .lexicon import TRIGGER_LANGUAGES, TriggerEntry, affixes, base_of, trigger_entries
from .matcher import PhraseMatcher

#: The event word of an incident log's title (Airwars lists alleged civilian harm from air strikes).
INCIDENT = TriggerEntry(AIRSTRIKE, ":", "", "noun", "incident-title")
#: How far before its colon an incident title's date starts.
INCIDENT_DATE = 40
#: A killing told with its count in figures ("has killed 70 gunmen"): the agent's event, like the
#: lexicon's "killed two" (a bare "killed" stays a casualty marker: "5 killed").
KILLED_COUNT = TriggerEntry("battle", "killed", "en", "agent-subject", "killing-count")


class TriggerTagger:
    """Event words of the text's language (`lexicon.TRIGGER_LANGUAGES`), with its affixes."""

    name = "triggers"
    requires = ("doc.lang", "doc.sentences")
    assigns = ("spans.trigger",)

    def __init__(self, entries: tuple[TriggerEntry, ...] | None = None) -> None:
        entries = entries if entries is not None else trigger_entries()
        self.matchers = {
            base: PhraseMatcher(((e.phrase, e) for e in entries if e.lang in langs or not e.lang), min_length=2)
            for base, langs in TRIGGER_LANGUAGES.items()
        }

    def __call__(self, doc: Doc) -> Doc:
        base = base_of(doc.lang)
        found = self.matchers[base].find(
            doc.text, doc.compact(), prefixes=affixes(base).trigger_prefixes, suffixes=affixes(base).verb_suffixes
        )
        spans = [Span(start, end, TRIGGER, _pick(entries), source=self.name) for start, end, _, entries in found]
        g = grammar(doc.lang)
        if g.enabled("killing-count"):
            spans = [_killing_count(doc.text, s, g) for s in spans]
        incidents = _incident_titles(doc.text, g)
        doc.spans[TRIGGER] = sorted([*spans, *incidents], key=lambda s: s.start) if incidents else spans
        return doc


def _incident_titles(text: str, g: Grammar) -> list[Span[TriggerEntry]]:
    """The colons of incident titles: a date at the start of a line or a headline, a colon, then an
    incident code or places down to the country."""
    if not g.enabled("incident-title"):
        return []
    return [
        Span(m.start(), m.start() + 1, TRIGGER, INCIDENT, source="incident-title")
        for m in g["incident-title"].finditer(text)
        if g["incident-date"].search(text, max(0, m.start() - INCIDENT_DATE), m.start())
    ]


def _killing_count(text: str, span: Span[TriggerEntry], g: Grammar) -> Span[TriggerEntry]:
    """A casualty marker followed by a count in figures is the killing of that count."""
    if span.value.role != "casualty" or not (count := g["killing-count"].match(text, span.start)):
        return span
    return Span(span.start, count.end(), TRIGGER, KILLED_COUNT, source="killing-count")


def _pick(entries: list[TriggerEntry]) -> TriggerEntry:
    """One phrase can be listed under several kinds; an event kind beats a modifier."""
    return next((e for e in entries if e.kind in EVENT_KINDS), entries[0])
