"""Actor mentions from the lexicon of canonical actors and their aliases (Persian, Dari,
Arabic, English). Longest match wins, so `نیروهای دموکراتیک سوریه` is one SDF mention
and its `سوریه` is not a place."""

from __future__ import annotations

import re

from .doc import Doc, Span
from .labels import ACTOR
from .lexicon import ActorEntry, actor_entries
from .matcher import PhraseMatcher

VERB_AFTER = re.compile(r"\s*(?:شد|شدند|شده|گردید|گردیدند|کرد|کردند|کرده|نمود|نمودند)(?:\s|$|[.،])")


class ActorTagger:
    name = "actors"
    requires = ("tokens",)
    assigns = (ACTOR,)

    def __init__(self, entries: tuple[ActorEntry, ...] | None = None) -> None:
        entries = entries if entries is not None else actor_entries()
        self.matcher = PhraseMatcher(((e.alias, e) for e in entries), min_length=2)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = doc.text
        for start, end, _key, found in self.matcher.find(text, doc.compact()):
            entry: ActorEntry = found[0]
            if "verb-trap" in entry.note and VERB_AFTER.match(text, end):
                continue  # "ارتش آزاد شد": the army freed it, not the Free Army
            country_name = "country-name" in entry.note
            spans.append(
                Span(
                    start,
                    end,
                    ACTOR,
                    entry.canonical,
                    source=self.name,
                    score=0.6 if country_name else 1.0,
                    attrs={"country_name": country_name},
                )
            )
        doc.spans[ACTOR] = spans
        return doc
