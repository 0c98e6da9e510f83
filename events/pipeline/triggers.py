"""Event words (triggers) and the words that modify an event (claims, denials, intentions,
negations, background, role markers), from the trigger lexicon."""

from __future__ import annotations

from .doc import Doc, Span
from .labels import EVENT_KINDS, TRIGGER
from .lexicon import TRIGGER_LANGUAGES, TriggerEntry, affixes, base_of, trigger_entries
from .matcher import PhraseMatcher


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
        doc.spans[TRIGGER] = [
            Span(start, end, TRIGGER, _pick(entries), source=self.name) for start, end, _, entries in found
        ]
        return doc


def _pick(entries: list[TriggerEntry]) -> TriggerEntry:
    """One phrase can be listed under several kinds; an event kind beats a modifier."""
    return next((e for e in entries if e.kind in EVENT_KINDS), entries[0])
