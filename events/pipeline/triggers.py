"""Event words (triggers) and the words that modify an event (claims, denials, intentions,
negations, background, role markers), from the trigger lexicon."""

from __future__ import annotations

from .doc import Doc, Span
from .labels import EVENT_KINDS, TRIGGER
from .lexicon import TriggerEntry, trigger_entries
from .matcher import VERB_SUFFIXES, PhraseMatcher


class TriggerTagger:
    name = "triggers"
    requires = ("tokens",)
    assigns = (TRIGGER,)

    def __init__(self, entries: tuple[TriggerEntry, ...] | None = None) -> None:
        entries = entries if entries is not None else trigger_entries()
        self.matcher = PhraseMatcher(((e.phrase, e) for e in entries), min_length=2, suffixes=VERB_SUFFIXES)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[TRIGGER] = [
            Span(start, end, TRIGGER, _pick(found), source=self.name, attrs={"entries": found})
            for start, end, _key, found in self.matcher.find(doc.text, doc.compact())
        ]
        return doc


def _pick(entries: list[TriggerEntry]) -> TriggerEntry:
    """One phrase can be listed under several kinds; an event kind beats a modifier."""
    return next((e for e in entries if e.kind in EVENT_KINDS), entries[0])
