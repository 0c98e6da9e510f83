"""The pipeline: ordered, named components, each a callable Doc → Doc that declares what it
requires and assigns; the order is checked when the pipeline is built.

    pipeline = Pipeline(index=gazetteer.live.get_index())
    doc = pipeline("متن گزارش ...", published=date(2018, 5, 14))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from gazetteer.index import GazetteerIndex

from .actors import ActorTagger
from .assemble import Assembler
from .dates import find_dates
from .doc import Doc, Span
from .labels import DATE
from .places import PlaceTagger
from .tokens import tokenize
from .triggers import TriggerTagger

MAX_CHARS = 2_000_000


class EmptyText(ValueError):
    """The report has no text to read."""


class DateTagger:
    name = "dates"
    requires = ("tokens",)
    assigns = (DATE,)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[DATE] = [
            Span(m.start, m.end, DATE, m, source=self.name) for m in find_dates(doc.text, published=doc.published)
        ]
        return doc


class Tokenizer:
    name = "tokens"
    requires = ()
    assigns = ("tokens",)

    def __call__(self, doc: Doc) -> Doc:
        return tokenize(doc)


class Pipeline:
    def __init__(self, *, index: GazetteerIndex, components: list[Callable[[Doc], Doc]] | None = None) -> None:
        self.components = components or [
            Tokenizer(),
            ActorTagger(),
            TriggerTagger(),
            DateTagger(),
            PlaceTagger(index),
            Assembler(),
        ]
        self._check_order()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def _check_order(self) -> None:
        available: set[str] = set()
        for component in self.components:
            missing = [r for r in component.requires if r not in available]
            if missing:
                raise ValueError(f"component {component.name!r} needs {missing} from an earlier component")
            available.update(component.assigns)
            available.add(component.name)

    def __call__(self, text: str, *, published: dt.date | None = None, lang: str = "fa") -> Doc:
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        if not text.strip():
            raise EmptyText("the report is empty (no text to read)")
        if len(text) > MAX_CHARS:
            raise ValueError(f"the report has {len(text):,} characters; the limit is {MAX_CHARS:,}")
        doc = Doc.from_text(text, published=published, lang=lang)
        for component in self.components:
            doc = component(doc)
            doc.done.append(component.name)
        return doc
