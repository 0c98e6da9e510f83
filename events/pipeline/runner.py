"""The pipeline: ordered, named components, each a callable Doc → Doc that declares what it
requires and assigns; the order is checked when the pipeline is built.

    pipeline = Pipeline(index=gazetteer.live.get_index())
    doc = pipeline("متن گزارش ...", published=date(2018, 5, 14))
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from gazetteer.index import GazetteerIndex
from lib.language import detect

from .actors import ActorResolver, ActorTagger
from .assemble import Assembler
from .dates import DateTagger
from .doc import Doc
from .extraction import Extraction, extract
from .places import PlaceTagger
from .resolve import PlaceResolver
from .sentences import SentenceSplitter
from .triggers import TriggerTagger

MAX_CHARS = 2_000_000
DEFAULT_LANGUAGE = "fa"


class EmptyText(ValueError):
    """The report has no text to read."""


class Component(Protocol):
    """A pipeline step: reads what `requires` names, writes what `assigns` names (`doc.<field>`,
    `spans.<group>`), nothing else."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def assigns(self) -> tuple[str, ...]: ...

    def __call__(self, doc: Doc) -> Doc: ...


class LanguageIdentifier:
    """The report's language, when the caller did not give it (`lib.language.detect`; Persian when
    the text is too short to tell)."""

    name = "language"
    requires: tuple[str, ...] = ()
    assigns = ("doc.lang",)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.lang:
            doc.lang = detect(doc.raw) or DEFAULT_LANGUAGE
        return doc


class Pipeline:
    def __init__(self, *, index: GazetteerIndex, components: list[Component] | None = None) -> None:
        self.components: list[Component] = components or [
            LanguageIdentifier(),
            SentenceSplitter(),
            ActorTagger(),
            TriggerTagger(),
            DateTagger(),
            PlaceTagger(index),
            PlaceResolver(index),
            ActorResolver(),
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

    def __call__(self, text: str, *, published: dt.date | None = None, lang: str | None = None) -> Doc:
        """Parse a report. `lang` (fa, fa-AF, ar, en) when the caller knows it; else it is detected."""
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        if not text.strip():
            raise EmptyText("the report is empty (no text to read)")
        if len(text) > MAX_CHARS:
            raise ValueError(f"the report has {len(text):,} characters; the limit is {MAX_CHARS:,}")
        doc = Doc.from_text(text, published=published, lang=lang or "")
        for component in self.components:
            doc = component(doc)
            doc.done.append(component.name)
        return doc

    def extract(self, text: str, *, published: dt.date | None = None, lang: str | None = None) -> Extraction:
        """Parse `text` and return what was read, typed and in raw offsets."""
        return extract(self(text, published=published, lang=lang))
