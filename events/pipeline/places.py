"""Place mentions: gazetteer names found in the folded text (resolving them is `resolve.py`).

* Names come from the gazetteer index (every name key of every place, with and without the
  article), matched blind to spaces and ZWNJ by `PhraseMatcher`, with attached و and
  plural/ezafe endings allowed.
* A one-word name that is also a common word (`words.py`) is taken only after a cue word
  (`شهر طبقه`, `سد طبقه`); the bar is higher for the curated list's cities and lower for names
  known only from the large sources (Who's On First, GeoNames). A match must span as many words
  as the name (`هر یک` is not the village `هریک`), and a word whose ending turns it into a common
  word is not a place (`نیروهای` is not `نیروه`).
* Mentions inside an actor's name (`نیروهای دموکراتیک سوریه`, `ارتش سوریه`) are dropped, and a
  country's name read as a place (`به ترکیه`) is no longer an actor.
* Cue words before a name ask the geocoder for a kind (`استان X` → governorate); modifiers
  after it (`شرقی`, `تحتانی`) are kept when the gazetteer has the longer name, else noted.
* A cue word followed by a name the gazetteer lacks (`روستای X`) gives an unresolved
  mention, flagged, never guessed.

The words around names (cues, titles, modifiers, name heads, area heads) are data, per
language: `lexicons/place_cues.tsv` and `lexicons/place_words.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gazetteer.index import GazetteerIndex, PlaceRecord, is_code
from gazetteer.kinds import LANDMARK_KINDS, SETTLEMENT_KINDS
from lib.text import fold, name_key, skeleton_key

from . import places_en as en
from .bearings import tag_bearings
from .doc import ActorRef, Doc, PlaceMention, Span, SpanIndex
from .grammar import base_language, grammar
from .labels import PLACE
from .lexicon import PlaceCue, affixes, base_of, person_names, place_cues, place_words
from .matcher import PREFIXES, PhraseMatcher
from .words import (
    FUNCTION_ZIPF,
    STOPWORD,
    common_word,
    function_word,
    inflects_common_word,
    is_verb,
    name_frequency,
    rare_word,
    word_frequencies,
    zipf,
)

#: hazm frequency from which a one-word name needs a cue word: a curated city, another curated
#: place, a place known only from the large sources. Countries never need one; names of two
#: or more words are never common phrases by accident.
COMMON_CITY = 2_000_000
COMMON_CURATED = 1_000_000
COMMON_OTHER = 20_000
MIN_OTHER_LENGTH = 5
#: A place found only by a two-letter transliteration skeleton must have this many people (or be curated).
SKELETON_POPULATION = 10_000

type Cues = dict[int, tuple[int, PlaceCue]]  # cue end → (cue start, cue)


def _words_of(set_name: str, lang: str) -> tuple[str, ...]:
    """The phrases of a set for a language; a language with no rows at all uses Persian's."""
    table = place_words()
    known = {code for _, code in table}
    code = lang if lang in known else base_language(lang) if base_language(lang) in known else "fa"
    return table.get((set_name, code), ())


def _alternation(phrases: tuple[str, ...]) -> str:
    return "|".join(re.escape(fold(p)) for p in phrases) or "(?!)"


@dataclass(frozen=True)
class PlaceVocabulary:
    """The words around place names in one language (from the lexicon files)."""

    cues: dict[str, PlaceCue]
    titles: frozenset[str]
    name_stops: frozenset[str]
    modifiers: frozenset[str]
    twin_modifiers: frozenset[str]
    name_heads: frozenset[str]
    demonyms: frozenset[str]  # folded adjectives of nationality (`سوری`), never the start of a name
    numbers: frozenset[str]  # folded cardinal and quantity words
    ranks: frozenset[str]  # folded military ranks
    rank_words: frozenset[str]  # the words of those ranks (`الفريق`, `الاول`)
    area: re.Pattern[str]
    area_prefix: re.Pattern[str]  # the same words at the start of a mention's span (`ریف شمالی حلب`)
    settlement_cues: tuple[str, ...]  # folded cue words that are no part of a settlement's name
    settlement_cue: re.Pattern[str]  # any of them, the first listed winning (one match per name)
    cue_matcher: PhraseMatcher[PlaceCue]
    title_matcher: PhraseMatcher[str]

    @classmethod
    def of(cls, lang: str) -> PlaceVocabulary:
        cues = {name_key(c.cue): c for c in place_cues() if c.lang in (lang, base_language(lang))}
        if not cues:
            cues = {name_key(c.cue): c for c in place_cues() if c.lang == "fa"}
        titles = tuple(fold(t) for t in _words_of("title", lang))
        heads, directions = _alternation(_words_of("area-head", lang)), _alternation(_words_of("direction", lang))
        alone, city = _alternation(_words_of("area-alone", lang)), _alternation(_words_of("area-city", lang))
        area = rf"(?:(?:{heads}) (?:{directions})|(?:{alone}))(?: (?:{city}))? $"
        settlement_cues = tuple(fold(c.cue) + " " for c in cues.values() if "facility" not in c.flags)
        ranks = frozenset(fold(w) for w in _words_of("rank", lang))
        return cls(
            cues=cues,
            titles=frozenset(titles),
            name_stops=frozenset(fold(w) for w in _words_of("name-stop", lang)),
            modifiers=frozenset(fold(w) for w in _words_of("modifier", lang)),
            twin_modifiers=frozenset(fold(w) for w in _words_of("twin-modifier", lang)),
            name_heads=frozenset(fold(w) for w in _words_of("name-head", lang)),
            demonyms=frozenset(fold(w) for w in _words_of("demonym", lang))
            if base_language(lang) == "fa"
            else frozenset(),
            numbers=frozenset(fold(w) for w in _words_of("number", lang)),
            ranks=ranks,
            rank_words=frozenset(w for rank in ranks for w in rank.split()),
            area=re.compile(area),
            area_prefix=re.compile(rf"(?:(?:{heads}) (?:{directions}))(?: (?:{city}))? "),
            settlement_cues=settlement_cues,
            settlement_cue=re.compile("|".join(re.escape(c) for c in settlement_cues) or "(?!)"),
            cue_matcher=PhraseMatcher(((entry.cue, entry) for entry in cues.values()), min_length=2),
            title_matcher=PhraseMatcher(((t, t) for t in titles), min_length=2),
        )


@lru_cache(maxsize=16)
def _cue_prefixes(lang: str) -> frozenset[str]:
    """What may be attached to a cue word: و, and in Arabic the prepositions ب and ل (`بقرية X`,
    `لقرى X`), not the article after ل (`للقرى` "to the villages" names none)."""
    if base_of(lang) != "ar":
        return PREFIXES
    return frozenset(p for p in affixes("ar").prefixes if "لل" not in p and "ک" not in p and "ك" not in p)


@lru_cache(maxsize=16)
def vocabulary(lang: str) -> PlaceVocabulary:
    return PlaceVocabulary.of(lang)


def _first_words() -> frozenset[str]:
    """Cue words that gazetteer names may start with (`استان رقه`), in every language."""
    return frozenset(fold(c.cue) for c in place_cues() if "first-word" in c.flags)


#: Arabic and English (Zipf frequencies, `words.zipf`): from these a one-word name needs a cue word:
#: a curated city, another curated place, a place known only from the large sources.
ZIPF_CITY = 5.8
ZIPF_CURATED = 5.2
ZIPF_OTHER = 4.0
#: An English word this common is not read alone as a village of the large sources, capitalised
#: or not (`the Caesar and the Sultan`, `Hassan said`).
ZIPF_OTHER_EN = 3.2
#: How much rarer a word counts when English capitalises it inside a sentence.
PROPER_BONUS = 1.0
#: A name with a preposition attached (`بـ`, `لـ`) is read only when it is a rare word.
ZIPF_ATTACHED = 3.0


def _attached(text: str, start: int) -> str:
    """The letters attached before `start` in the same word (a prefix such as و or بـ)."""
    i = start
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return text[i:start]


def _needs_cue_by_zipf(places: list[PlaceRecord], surface: str, key: str, lang: str, *, proper: bool = False) -> bool:
    """Whether a one-word name, as the text writes it, is too common a word of `lang` to be read
    as a place without a cue (`المدينة` "the city", `السوري` "Syrian", `Since`). `proper`: an
    English word capitalised inside a sentence (`Hit`), which makes a name likelier."""
    if len(surface.split()) != 1:
        return False
    common = zipf(surface.lower(), lang)
    freq = common - (PROPER_BONUS if proper else 0.0)
    curated = [p for p in places if p.source == "core"]
    if any(p.kind == "country" for p in curated):
        return False
    if any(p.kind == "city" for p in curated):
        return freq >= ZIPF_CITY
    if curated:
        return freq >= ZIPF_CURATED
    if lang == "en" and surface.isalpha():  # a village named like an English word or name (`Sultan`)
        return common >= ZIPF_OTHER_EN or len(key) < 4
    return freq >= ZIPF_OTHER or len(key) < 4


def _needs_cue(places: list[PlaceRecord], name: str, key: str) -> bool:
    freq = name_frequency(name)
    curated = [p for p in places if p.source == "core"]
    if any(p.kind == "country" for p in curated):
        return False
    if any(p.kind == "city" for p in curated):
        return freq >= COMMON_CITY
    if curated:
        return freq >= COMMON_CURATED
    if freq >= COMMON_OTHER or len(key) < MIN_OTHER_LENGTH:
        return True
    words = fold(name).split()
    return len(words) == 1 and (inflects_common_word(words[0]) or is_verb(words[0]))


def _quarter_named_with_cue(place: PlaceRecord) -> bool:
    """A curated city quarter whose own name starts with a cue word (`مدينة الصدر`, Sadr City):
    its name is matched whole, not read as cue + name (the village الصدر)."""
    return place.source == "core" and place.kind == "neighbourhood"


class PlaceTagger:
    """Finds place mentions (unresolved: `PlaceResolver` geocodes them) and drops the actor
    mentions that a place reading replaces (`به ترکیه`)."""

    name = "places"
    requires = ("doc.sentences", "spans.actor", "spans.date")
    assigns = ("spans.place", "spans.actor")

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        phrases: list[tuple[str, str]] = []
        self.always: set[str] = set()
        #: key → the word counts its names have (a match must span as many words, give or
        #: take one for curated names: `البو کمال` / `البوکمال`)
        self.word_counts: dict[str, tuple[int, int]] = {}
        first_words = _first_words()
        heads = {fold(w) for lang in ("fa", "ar") for w in _words_of("joined-head", lang)}
        #: keys of two-word names whose first word is a name head (`کفر بطنا`), which Persian and
        #: Arabic often write as one word (`کفربطنا`)
        joinable: set[str] = set()
        #: keys that name a place of the curated core list (the large sources' homonyms aside)
        self.curated = frozenset(
            key for key, hits in index.exact.items() if any(index.places[pid].source == "core" for pid, _ in hits)
        )
        #: keys whose every name is a code (`DAM`, `PMS`): found only where the text writes capitals
        self.codes = frozenset(key for key, hits in index.exact.items() if all(is_code(name) for _, name in hits))
        for key, hits in index.exact.items():
            names = [
                name
                for pid, name in hits
                if fold(name).split()[0] not in first_words or _quarter_named_with_cue(index.places[pid])
            ]
            if not names:
                continue  # "استان رقه": the bare name is indexed too; cue words are read from the text
            places = [index.places[pid] for pid, _ in hits]
            counts = [len(fold(name).split()) for name in names]
            slack = 1 if any(p.source == "core" for p in places) else 0
            if any(len(words := fold(name).split()) == 2 and words[0] in heads for name in names):
                joinable.add(key)
            self.word_counts[key] = (max(1, min(counts) - slack), max(counts) + slack)
            if not _needs_cue(places, names[0], key):
                self.always.add(key)
            phrases.append((names[0], key))
        self.joinable = frozenset(joinable)
        self.matcher = PhraseMatcher(phrases, min_length=2)
        self.person_matcher = PhraseMatcher(((n, n) for n in person_names()), min_length=2)

    def __call__(self, doc: Doc) -> Doc:
        vocab = vocabulary(doc.lang)
        text, compact = doc.text, doc.compact()
        english = base_of(doc.lang) == "en"
        cues: Cues = {
            end: (start, found[0])
            for start, end, _, found in vocab.cue_matcher.find(text, compact, prefixes=_cue_prefixes(doc.lang))
            if not (english and en.kind_of_the_name_before(doc, start))  # "Sukkar neighbourhood of Mosul"
        }
        known, dropped = self._known_names(doc, vocab, cues)
        actors = [a for a in doc.actors if id(a) not in dropped]
        if english:
            known += self._english_variants(doc, [*known, *actors])
            known += _english_borders(doc, known)
        unknown, superseded = _unknown_after_cues(doc, vocab, cues, known, actors)
        quoted = _quoted_after_locatives(doc, vocab, [*known, *unknown], actors, superseded)
        dates = SpanIndex(doc.group("date"))
        spans = sorted(
            (
                s
                for s in [*known, *unknown, *quoted]
                if id(s) not in superseded and not dates.overlapping(s.start, s.end)
            ),
            key=lambda s: s.start,
        )  # "17 تموز" is a date, not the village named after it
        spans = _outermost(spans)
        tag_bearings(doc, spans, vocab.area_prefix)
        doc.spans["actor"] = actors
        doc.spans[PLACE] = spans
        return doc

    def _known_names(self, doc: Doc, vocab: PlaceVocabulary, cues: Cues) -> tuple[list[Span[PlaceMention]], set[int]]:
        """Gazetteer names in the text, and the ids of actor spans that a place reading replaces."""
        text = doc.text
        titles = {end for _, end, _, _ in vocab.title_matcher.find(text, doc.compact())}
        persons = SpanIndex(
            [Span(s, e, "person", None) for s, e, _, _ in self.person_matcher.find(text, doc.compact())]
        )
        actor_index = SpanIndex(doc.actors)
        place_context = grammar(doc.lang)["place-context"]
        operation_name = grammar(doc.lang)["operation-name"]
        genitive = grammar(doc.lang)["force-genitive"] if grammar(doc.lang).enabled("force-genitive") else None
        spans: list[Span[PlaceMention]] = []
        dropped: set[int] = set()
        base = base_of(doc.lang)
        alone: dict[tuple[str, str, bool, bool], bool] = {}  # a name reads alone or not the same each time
        opening = _opening_lines_end(doc.raw)
        found = self.matcher.find(
            text,
            doc.compact(),
            prefixes=affixes(base).prefixes,
            suffixes=affixes(base).suffixes,
            accept=lambda s, e, key: self._spans_its_words(text, s, e, key, doc.lang),
        )
        listing: tuple[int, PlaceCue] | None = None  # (end of the last name of a list, the list's cue)
        for start, end, key, _ in found:
            if base == "en":
                end, key = self._without_possessive(doc, start, end, key)  # "Hama's" is Hama, not the village Hamas
            cue_start, cue = _cue_before(text, start, cues)
            if cue is None and listing and _LIST_JOINER.fullmatch(text, listing[0], start):
                cue_start, cue = start, listing[1]  # "استانهای نینوا، انبار و صلاح الدین": انبار is a province too
            if persons.overlapping(start, end) and cue is None:
                continue  # "حیدر العبادی" is a person, not the village العبادی
            blocking = actor_index.overlapping(start, end)
            if blocking and not all(_reads_as_place(text, a, place_context) for a in blocking):
                continue
            word = _whole_word(text, start, end)
            if word != text[start:end] and inflects_common_word(word):
                continue  # "نیروهای" is not "نیروه" + ای
            raw_start, raw_end = doc.raw_span(start, end)
            surface = doc.raw[raw_start:raw_end]  # the name as the text writes it
            if self._function_word(_judged_as(base, surface), key, surface):
                continue  # "تحت", "کی", "في": grammatical words are never places, cue or not
            raw_word = _raw_word(doc.raw, raw_start, raw_end)
            if base == "ar" and _inside_common_word(surface, raw_word) and not self._written_name(key, raw_word):
                continue  # "وزارة" is "ministry", not و + the village زارة; "إخلاء" is not إخلا (but سامراء is Samarra)
            if self._curated_pair(key, text[start:end]):
                # "جاده حمص حماه ادلب": two cities of a road or a list, not the village "حمص حماه"
                first, second = text[start:end].split()
                for a, b in ((start, start + len(first)), (end - len(second), end)):
                    spans.append(_known_span(text, vocab, a, text[a:b], name_key(text[a:b]), a, None))
                continue
            if end in cues and 0 < cues[end][0] - start <= 2 and " " not in text[start:end]:
                continue  # "بقرية" is ب + the cue قرية, not the village بقرية ("Yarmouk Camp" ends in a cue)
            dateline = _dateline_part(doc, start, end, opening)
            if dateline == "outlet":
                continue  # "تهران- الکوثر:": the agency of the dateline, not a place
            if key in vocab.cues or (
                cue is None
                and dateline != "place"
                and not (base == "en" and en.words_after(doc, end).kinds)  # "al-Dana town": the noun after it
                and not self._without_cue(doc, key, start, surface, alone)
            ):
                continue
            if cue and "facility" in cue.flags and text[start:end] in vocab.demonyms:
                continue  # "سد سوری اردنی «الوحده»": "the Syrian-Jordanian dam", not a dam named سوری
            if cue is None and base == "ar" and _definite_adjective(text, start, end, doc.lang):
                continue  # "المصفاة النفطية" ("the oil refinery"), not the village النفطية
            if cue is None and base == "ar" and self._masculine_noun(text, vocab, start, end, key):
                continue  # "العلم العراقي" ("the Iraqi flag"), not the town العلم
            if (
                cue
                and base == "ar"
                and word == text[start:end]
                and _indefinite_adjective(word, doc.lang)
                and not (self._curated(key) and " " not in word)
            ):
                continue  # "أحياء جديدة" ("new quarters"), not the village جديدة; "مدينة حماة" is Hama
            if cue and set(cue.kinds) == {"country"} and not self._is_country(key):
                continue  # "نیروهای این کشور آماده": after "country", a word that names no country
            if cue is None and _after_number(text, start, vocab.numbers) and not _dash_before(doc, start):
                continue  # "ثلاث عجلات" (three vehicles): a counted noun, not the village
            if cue is None and _after_rank(text, start, vocab):
                continue  # "الفريق الركن", "العميد X": part of a rank, or the man who holds it
            if cue is None and base != "en" and _person_name(doc, start, end, raw_start):
                continue  # "علي غيدان", "جاسم محمد": a man's name, not the village
            if operation_name.search(text[max(0, start - 40) : start]):
                continue  # "عملیات طوفان الجزیره" names an operation
            if _gap_end(text, start) in titles and self._is_country(key):
                continue  # "نخست وزیر عراق": a title, not a place
            if (
                genitive
                and cue is None
                and self._is_country(key)
                and _force_of_country(text, start, end, actor_index, genitive)
            ):
                continue  # "الحشد الشعبی عراق", "یگانهای امنیتی عراق": whose forces, not a place
            if base == "en" and not (en.arabic_script(surface) or _english_name(doc, start, end, key, surface)):
                continue
            if key in self.codes and not surface.isupper():  # "the Dam of Euphrates" is not DAM, Damascus
                continue
            if base == "en" and en.speaker(doc, end) and not self._curated(key):
                continue  # "Amin said": a person named like a village
            dropped |= {id(a) for a in blocking}
            if base == "en":
                spans.append(_english_span(doc, start, end, word, key, cue_start, cue))
            else:
                if cue and "facility" in cue.flags and self._named_settlement(key, cue):
                    cue_start, cue = start, None  # "منطقة تدمر": the town, named with an area word
                span = _known_span(text, vocab, start, word, key, cue_start, cue)
                lead_match = vocab.settlement_cue.match(text, span.start)
                lead = lead_match.group() if lead_match else ""
                if lead and self._cue_in_name(key, lead, vocab):
                    lead = ""  # "تل رفعت" (a name head), a curated name: the cue is the name's
                if lead and base == "ar" and span.start + len(lead) < span.end:
                    span.start += len(lead)  # "قرية الفاضلية" (a gazetteer name with its cue): the name is الفاضلية
                if span.value.modifier is None and not self._curated(key):
                    span.end, span.value.modifier = _twin_modifier_after(text, vocab, span.end)
                if cue and "unknown-name" in cue.flags and base == "ar" and not self._curated(key):
                    span.end = _second_name_word(text, vocab, span, doc.lang)
                spans.append(span)
                listing = (span.end, cue) if cue and "list" in cue.flags else None
        return spans, dropped

    def _written_name(self, key: str, word: str) -> bool:
        """Whether a curated place of `key` has `word` as a name, written as it is, hamza included
        (the common-word test looks at the whole word around a name: `سامراء` is Samarra's name;
        `الشهداء`, martyrs, stays a common word though a village of the large sources has it)."""
        written = _same_letters(word)
        return any(
            _same_letters(name) == written and self.index.places[pid].source == "core"
            for pid, name in self.index.exact.get(key, ())
        )

    def _without_possessive(self, doc: Doc, start: int, end: int, key: str) -> tuple[int, str]:
        """An English name matched with its possessive `'s` (folded away to a bare `s`) as a longer
        gazetteer name: the name before the `'s` where the gazetteer knows it."""
        if doc.text[end - 1 : end] != "s":
            return end, key
        raw_start, raw_end = doc.raw_span(start, end)
        if not doc.raw[raw_start:raw_end].endswith(("'s", "’s")):
            return end, key
        shorter = name_key(doc.text[start : end - 1])
        return (end - 1, shorter) if shorter in self.index.exact else (end, key)

    def _spans_its_words(self, text: str, start: int, end: int, key: str, lang: str) -> bool:
        """Whether a match spans as many words as the names of its key (`هر یک` is not the
        village `هریک`; `من دير` is not `مندير`, and `دير الزور` after it is the name). A
        match written without separators is one word; a two-word name with a name head so
        written (`کفربطنا`) is the name unless the word is a common one (`دیروز`, yesterday). An
        English match never ends in a detached article: "Tikrit as Iraqi troops..." is Tikrit, not
        "Tikritas" (a Lithuanian exonym among GeoNames' alternate names)."""
        low, high = self.word_counts[key]
        if end - start == len(key):
            return low <= 1 or (key in self.joinable and not common_word(text[start:end], lang))
        words = text[start:end].split()
        if len(words) > 1 and words[-1] in en.ARTICLES and base_of(lang) == "en":
            return False
        return low <= len(words) <= high

    def _english_variants(self, doc: Doc, taken: list[Span[Any]]) -> list[Span[PlaceMention]]:
        """Capitalised names in place positions that the gazetteer knows under another English
        spelling (`Raqa`, `Dayr Az Zawr`, `Naweran`): found by their transliteration skeleton. A
        two-letter skeleton only finds a curated or a populous place."""
        out: list[Span[PlaceMention]] = []
        for start, end in en.capitalised_names(doc, [(s.start, s.end) for s in taken]):
            surface = doc.text[start:end]
            skey = skeleton_key(surface)
            hits = self.index.skeleton.get(skey, ()) if skey else ()
            places = [self.index.places[pid] for pid, _ in hits]
            if len(skey) < 3:
                places = [p for p in places if p.source == "core" or p.population >= SKELETON_POPULATION]
            after = en.words_after(doc, end)  # "the Shayrat air base": the base, named with its noun
            if places or (after.kinds and after.kinds[0] in en.SETTLEMENT_CUE_KINDS):
                # "Khorsiyat village": a place by its noun even where the gazetteer lacks the name
                mention = PlaceMention(
                    key=name_key(surface), cue=after.cue, kinds=after.kinds, modifier=None, text=surface
                )
                out.append(Span(start, after.end, PLACE, mention, source="variant", score=0.6))
        return out

    def _without_cue(
        self, doc: Doc, key: str, start: int, surface: str, alone: dict[tuple[str, str, bool, bool], bool]
    ) -> bool:
        """Whether a name (`surface`: as the raw text writes it) can be read as a place with no cue
        word before it. `alone` keeps the verdicts of the document's names: a name read again
        with the same letters attached and the same capital gets the same one."""
        base = _judged_as(base_of(doc.lang), surface)
        if base == "fa":
            return key in self.always
        attached = _attached(doc.text, start) not in ("", "و")
        proper = base == "en" and en.capitalised(surface) and not en.sentence_initial(doc, start)
        reading = (key, surface, attached, proper)
        if reading not in alone:
            alone[reading] = self._reads_alone(key, surface, base, attached=attached, proper=proper)
        return alone[reading]

    def _reads_alone(self, key: str, surface: str, base: str, *, attached: bool, proper: bool) -> bool:
        places = self._places(key)
        if attached and not any(p.source == "core" for p in places):
            return zipf(surface, base) < ZIPF_ATTACHED  # "بجروح" is "with wounds"
        return not _needs_cue_by_zipf(places, surface, key, base, proper=proper)

    def _function_word(self, base: str, key: str, surface: str) -> bool:
        if base == "fa":
            return word_frequencies().get(key, 0) >= STOPWORD
        return len(surface.split()) == 1 and zipf(surface, base) >= FUNCTION_ZIPF

    def _masculine_noun(self, text: str, vocab: PlaceVocabulary, start: int, end: int, key: str) -> bool:
        """Whether a one-word settlement name that is also a common Arabic word (`العلم`, "the
        flag") is followed by a masculine nisba adjective with the article (`العراقي`): towns are
        feminine (`الموصل العراقية`), so the text writes the common noun. A direction after a
        name (`الشرقي`) is its twin modifier, and a curated place's name after it (`الرمادي`) a
        list."""
        word = text[start:end]
        if " " in word or not word.startswith("ال") or rare_word(word, "ar"):
            return False
        places = self._places(key)
        if not places or any(p.kind not in SETTLEMENT_KINDS for p in places):
            return False
        after = text[end : end + 30].split()
        if not after or text[end : end + 1] != " ":
            return False
        adjective = after[0]
        return (
            adjective.startswith("ال")
            and adjective.endswith("ی")
            and not rare_word(adjective, "ar")
            and adjective not in vocab.twin_modifiers
            and adjective not in vocab.modifiers
            and not self._curated(name_key(adjective))
        )

    def _named_settlement(self, key: str, cue: PlaceCue) -> bool:
        """Whether a name after a cue that may begin an area's name (`منطقة`) is a curated town,
        city or country: the cue is then only a word before it, not part of the name."""
        if not set(cue.kinds) & SETTLEMENT_KINDS:
            return False
        places = self._places(key)
        return any(p.source == "core" and p.kind in ("country", "city", "town") for p in places)

    def _cue_in_name(self, key: str, lead: str, vocab: PlaceVocabulary) -> bool:
        """Whether a cue word at the start of a gazetteer name belongs to the name: a name head
        (`تل رفعت`), or a curated place so named."""
        return lead.strip() in vocab.name_heads or self._curated(key)

    def _curated_pair(self, key: str, surface: str) -> bool:
        """Whether a two-word name of the large sources is two curated cities side by side."""
        words = surface.split()
        return (
            len(words) == 2
            and not self._curated(key)
            and all(any(p.kind == "city" for p in self._curated_places(name_key(w))) for w in words)
        )

    def _places(self, key: str) -> list[PlaceRecord]:
        """The gazetteer's places named exactly `key`."""
        return [self.index.places[pid] for pid, _ in self.index.exact.get(key, ())]

    def _curated_places(self, key: str) -> list[PlaceRecord]:
        return [p for p in self._places(key) if p.source == "core"]

    def _curated(self, key: str) -> bool:
        return key in self.curated

    def _is_country(self, key: str) -> bool:
        return any(p.kind == "country" for p in self._places(key))


def _judged_as(base: str, surface: str) -> str:
    """The language a name is judged in: an Arabic-script name in an English text as Arabic."""
    return "ar" if base == "en" and en.arabic_script(surface) else base


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return frozenset(fold(n) for n in place_words().get(("given-name", "ar"), ()))


def _given_words(words: list[str]) -> int:
    """How many of `words`, from the first, are given names (`عبد الله` is one name of two words)."""
    given, i = _given_names(), 0
    while i < len(words):
        if i + 1 < len(words) and f"{words[i]} {words[i + 1]}" in given:
            i += 2
        elif words[i] in given:
            i += 1
        else:
            break
    return i


#: Letters folded to one another that tell a given name from a word: `علي` (Ali) is not `على`
#: ("on"), though folding makes them one; Persian `علی` is the name.
_NAME_LETTERS = str.maketrans({"ی": "ي", "ک": "ك", "أ": "ا", "إ": "ا", "آ": "ا"})


#: Arabic and Persian letters that stand for one another (ي ی, ى ی, ك ک), hamza kept
_LETTER_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


def _same_letters(word: str) -> str:
    return word.translate(_LETTER_VARIANTS)


def _inside_common_word(surface: str, word: str) -> bool:
    """Whether the whole word around a one-word name, as written (`word`, with its attached
    letters and the hamza that folding drops), is a common Arabic word more frequent than the name
    alone (`surface`): the text then writes that word (`وزارة`, `اللواء`, `الشهداء`), not the name."""
    if word == surface or len(surface.split()) != 1:
        return False
    whole = zipf(word, "ar")
    return whole >= ZIPF_ATTACHED and whole > zipf(surface, "ar")


def _person_name(doc: Doc, start: int, end: int, raw_start: int) -> bool:
    """Whether a name is part of a man's name: it is made only of given names and has two words
    or more (`جاسم محمد`, `عبد الله`; one given name alone may be a town, جاسم), or it comes right
    after a given name as written (`علي غيدان`, `عدنان عفرين`; not `على دوما`, "on Douma")."""
    text = doc.text
    words = text[start:end].split()
    if len(words) > 1 and _given_words(words) == len(words):
        return True
    if start < 2 or text[start - 1] != " " or not text[start - 2].isalpha():
        return False
    before = [w.translate(_NAME_LETTERS) for w in doc.raw[max(0, raw_start - 30) : raw_start].split()[-2:]]
    written = _given_names_as_written()
    return bool(before) and (before[-1] in written or " ".join(before) in written)


@lru_cache(maxsize=1)
def _given_names_as_written() -> frozenset[str]:
    return frozenset(n.translate(_NAME_LETTERS) for n in place_words().get(("given-name", "ar"), ()))


def _known_span(
    text: str, vocab: PlaceVocabulary, start: int, word: str, key: str, cue_start: int, cue: PlaceCue | None
) -> Span[PlaceMention]:
    kinds = cue.kinds or None if cue else None
    if cue and "facility" in cue.flags:
        landmarks = tuple(k for k in cue.kinds if k in LANDMARK_KINDS)
        span_start, kinds = cue_start, landmarks or ("site",)
    else:
        span_start = _area_start(text, vocab, start)
    end, modifier = _modifier_after(text, vocab, start + len(word))
    mention = PlaceMention(key=key, cue=cue.cue if cue else None, kinds=kinds, modifier=modifier)
    return Span(span_start, end, PLACE, mention, source="places")


def _english_borders(doc: Doc, taken: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
    """`the Turkish border`: a place mention the gazetteer has no point for (unresolved)."""
    index = SpanIndex(taken)
    out: list[Span[PlaceMention]] = []
    for start, end in en.borders(doc):
        if index.overlapping(start, end):
            continue
        text = doc.text[start:end]
        mention = PlaceMention(key=name_key(text), cue=text.split()[-1], kinds=None, modifier=None, text=text)
        out.append(Span(start, end, PLACE, mention, source="cue", score=0.5))
    return out


def _english_name(doc: Doc, start: int, end: int, key: str, surface: str) -> bool:
    """English names are capitalised, not demonyms, not inside a person's or an organisation's
    name, and take `'s` but no other `s` (`places_en.py`; `surface`: the name as written)."""
    return (
        en.capitalised(surface)
        and en.starts_as_a_name(surface)
        and en.possessive_or_plain(doc, end)
        and not en.is_demonym(key)
        and not en.inside_other_name(doc, start, end)
    )


def _english_span(
    doc: Doc, start: int, end: int, word: str, key: str, cue_start: int, cue: PlaceCue | None
) -> Span[PlaceMention]:
    """An English name with the words after it (`Mosul dam`, `Homs province`)."""
    kinds = cue.kinds or None if cue else None
    span_start = cue_start if cue and "facility" in cue.flags else start
    if len(word) > end - start:  # "Syria's": the possessive is not part of the name
        after = en.After(end, None, None)
    else:
        after = en.words_after(doc, end)
    if after.kinds:
        kinds = after.kinds
    mention = PlaceMention(
        key=key, cue=(cue.cue if cue else None) or after.cue, kinds=kinds, modifier=None, text=doc.text[start:end]
    )
    return Span(span_start, after.end, PLACE, mention, source="places")


def _unknown_after_cues(
    doc: Doc, vocab: PlaceVocabulary, cues: Cues, found: list[Span[PlaceMention]], actors: list[Span[ActorRef]]
) -> tuple[list[Span[PlaceMention]], set[int]]:
    """`روستای X` where X is not in the gazetteer: an unresolved mention (and each name of a list
    after a plural cue: `روستاهای X، Y و Z`). Also returns the ids of gazetteer matches that a
    whole unknown name replaces."""
    text = doc.text
    out: list[Span[PlaceMention]] = []
    superseded: set[int] = set()
    taken = SpanIndex[Any]([*found, *actors])
    for cue_end, (cue_start, cue) in sorted(cues.items()):
        facility = "facility" in cue.flags
        if "unknown-name" not in cue.flags and not facility:
            continue
        position = cue_end
        while True:
            if facility:
                name = _facility_name_after(text, vocab, position, doc.lang)
            else:
                name = _name_after(text, vocab, position, doc.lang)
            if name is None:
                break
            start, end = name
            inner = taken.overlapping(start, end)
            if inner and all(s.label == PLACE and start < s.start and s.end <= end for s in inner):
                # "معرسته الخان": the gazetteer knew only the tail "الخان"; the whole name wins
                superseded.update(id(s) for s in inner)
                inner = []
            if not inner and not any(a.start < end and start < a.end for a in out[-3:]):
                end, modifier = _modifier_after(text, vocab, end)
                if modifier is None:
                    end, modifier = _twin_modifier_after(text, vocab, end)
                kinds = cue.kinds or None
                # a name head is the name's own first word (`تل المحیص`): looked up with it
                named = text[cue_start if fold(cue.cue) in vocab.name_heads else name[0] : name[1]]
                mention = PlaceMention(key=name_key(named), cue=cue.cue, kinds=kinds, modifier=modifier, text=named)
                out.append(Span(cue_start if facility else start, end, PLACE, mention, source="cue", score=0.5))
            if "list" not in cue.flags:
                break
            joiner = re.match(r"\s*(،|,| و | and )\s*", text[end : end + 6]) or _attached_and(
                text, end, doc.lang, vocab.name_heads
            )
            if not joiner:
                break
            position = end + joiner.end()
    return out, superseded


def _outermost(spans: list[Span[PlaceMention]]) -> list[Span[PlaceMention]]:
    """The spans (sorted by start) that lie inside no longer one: `الشمالیة` inside `الصناعة
    الشمالیة`, a name whose span took the direction after it, is part of that name."""
    kept: list[Span[PlaceMention]] = []
    for span in spans:
        if kept and kept[-1].start <= span.start and span.end <= kept[-1].end:
            continue
        while kept and span.start <= kept[-1].start and kept[-1].end <= span.end:
            kept.pop()  # a longer span starting at the same place
        kept.append(span)
    return kept


def _quoted_after_locatives(
    doc: Doc,
    vocab: PlaceVocabulary,
    found: list[Span[PlaceMention]],
    actors: list[Span[ActorRef]],
    superseded: set[int],
) -> list[Span[PlaceMention]]:
    """An Arabic name the outlet quotes after a word of place (`تا "الدار الکبیره"`, `از جمله
    «المنطقه الحره»`, `اطراف «جبل عنتر»`) is a place even without its cue, when it opens with the
    article or a name head: an unresolved mention (a known name inside it gives way to the whole).
    Quoted names after other words are organisations, media and operations (`گروه رسانه ای
    «الاعلام الحربی»`, `موسوم به «...»`)."""
    if not grammar(doc.lang).enabled("quoted-place-before"):
        return []
    before = grammar(doc.lang)["quoted-place-before"]
    text = doc.text
    taken = SpanIndex[Any]([*found, *actors])
    out: list[Span[PlaceMention]] = []
    for match in before.finditer(text):
        name = _quoted_name(text, vocab, match.end(), doc.lang)
        if name is None:
            continue
        start, end = name
        first = text[start:end].split()[0]
        if not (first.startswith("ال") and len(first) > 3) and first not in vocab.name_heads:
            continue
        inner = taken.overlapping(start, end)
        if any(
            s.label != PLACE or not start <= s.start < s.end <= end or s.end - s.start == end - start for s in inner
        ):
            continue  # an actor's name, a place known by this very name, or one reaching out of the quotes
        superseded.update(id(s) for s in inner)
        mention = PlaceMention(key=name_key(text[start:end]), cue=None, kinds=None, modifier=None, text=text[start:end])
        out.append(Span(start, end, PLACE, mention, source="cue", score=0.5))
    return out


def _attached_and(text: str, end: int, lang: str, heads: frozenset[str]) -> re.Match[str] | None:
    """Arabic writes "and" joined to the next name of a list (`قرى X وعجاج وأم سليم`): a joiner
    when the word after و is rare or a name head (`ام`, `تل`) and the whole word is no common
    one (`وعدد` "and a number", `وادي` "valley")."""
    if base_of(lang) != "ar":
        return None
    attached = re.match(r"\s+و(?=[^\W\d_])", text[end : end + 4])
    if not attached:
        return None
    after = _next_words(text, end + attached.end(), 1)
    if not after:
        return None
    word = text[after[0][0] : after[0][1]]
    if word in heads:
        return attached  # "وأم سليم", "وتل X": the next name of the list
    return attached if rare_word(word, lang) and rare_word("و" + word, lang) else None


def _area_start(text: str, vocab: PlaceVocabulary, start: int) -> int:
    """Start of `ساحل شرقی <name>`-like phrases that end at `start`."""
    match = vocab.area.search(text, max(0, start - 30), start)
    return match.start() if match else start


def _reads_as_place(text: str, actor: Span[ActorRef], place_context: re.Pattern[str]) -> bool:
    """A country name after a preposition or `مرز`, `خاک`...: a place, not an agent."""
    return actor.value.country_name and bool(place_context.search(text, max(0, actor.start - 12), actor.start))


#: A dash dateline at the start of the text's first or second line (after a headline): the
#: place, a dash, then an agency up to a colon or another dash (`تهران- الکوثر:`, `دمشق- ایرنا-`).
_DASH_DATELINE = re.compile(r"[ \"'«“(]*([^\W\d_][\w ]{1,25}?)\s*[-–—]\s*(?:([^\W\d_]+(?: [^\W\d_]+){0,2})\s*[:\-–—])?")
DATELINE_LINES = 2
DATELINE_REACH = 200  # a dateline's names lie within this many characters of its line's start


def _opening_lines_end(raw: str) -> int:
    """Where the text's first DATELINE_LINES lines end (its length when it has fewer)."""
    end = -1
    for _ in range(DATELINE_LINES):
        end = raw.find("\n", end + 1)
        if end < 0:
            return len(raw)
    return end


def _dateline_part(doc: Doc, start: int, end: int, opening: int) -> str | None:
    """Whether a name is the place (`place`) or the agency (`outlet`) of a dash dateline that opens
    one of the text's first lines (they end at `opening`, from `_opening_lines_end`), read on the
    raw text (folding makes a dash a space)."""
    if base_of(doc.lang) == "en":
        return None  # "BEIRUT (Reuters) -": English datelines are read by places_en and resolve.py
    raw = doc.raw
    raw_start, raw_end = doc.raw_span(start, end)
    if raw_start > opening:
        return None
    reach = max(0, raw_start - DATELINE_REACH)
    line_start = raw.rfind("\n", reach, raw_start) + 1
    if not line_start and reach:
        return None  # too far into a long first line to be its dateline
    match = _DASH_DATELINE.match(raw, line_start)
    if not match:
        return None
    if match.start(1) == raw_start and raw_end <= match.end(1):
        return "place"
    if match.group(2) and match.start(2) <= raw_start and raw_end <= match.end(2):
        return "outlet"
    return None


def _force_of_country(text: str, start: int, end: int, actors: SpanIndex[ActorRef], genitive: re.Pattern[str]) -> bool:
    """Whether a country's name right after a force is whose force it is, the genitive Persian
    leaves unwritten: after an actor's name (`الحشد الشعبی عراق`) or a force noun or adjective
    (`یگانهای امنیتی عراق`, `داوطلب مردمی عراق`); not after a people (`کردهای آلمان`, Kurds who
    live in Germany), and not when را follows: the country is then the object (`عراق را ترک کردند`)."""
    if re.match(r"\s*را(?=\s|$|[.،])", text[end : end + 6]):
        return False
    before = _gap_end(text, start)
    if before == start:
        return False
    if any(a.end == before and not a.value.country_name for a in actors.overlapping(before - 1, before)):
        return True
    return bool(genitive.search(text, max(0, before - 30), before))


def _gap_end(text: str, start: int, skip: str = " \u200c") -> int:
    i = start
    while i > 0 and text[i - 1] in skip:
        i -= 1
    return i


#: Outlets quote the name after its cue (`روستای «الشعفاء»`, `قرية "حبش"`).
OPENING_QUOTES = "«\"“'‘"


#: The quote that closes each opening quote.
CLOSING_QUOTES = {"«": "»", '"': '"', "“": "”", "'": "'", "‘": "’"}
#: Most words a quoted name may have (`«حوض الیرموک»`, `"الدار الکبیره"`).
QUOTED_NAME_WORDS = 4


def _quoted_name(text: str, vocab: PlaceVocabulary, position: int, lang: str) -> tuple[int, int] | None:
    """A name the outlet quotes right after its cue (`منطقه "ارض الجبس"`): the quotes bound it, so
    all its words are the name, common words too (`ارض` "land", `سوق` "market"), unless it opens
    with a grammatical word or is too long to be a name."""
    i = position
    while i < len(text) and text[i] == " ":
        i += 1
    if i - position > 1 or i >= len(text) or text[i] not in CLOSING_QUOTES:
        return None
    close = text.find(CLOSING_QUOTES[text[i]], i + 1, i + 2 + 12 * QUOTED_NAME_WORDS)
    if close < 0:
        return None
    words = text[i + 1 : close].split()
    if not 1 <= len(words) <= QUOTED_NAME_WORDS or not all(w.isalnum() for w in words):
        return None
    if words[0] in vocab.name_stops or function_word(words[0], lang) or is_verb(words[-1]):
        return None
    start, end = i + 1, close
    while text[start] == " ":
        start += 1
    while text[end - 1] == " ":
        end -= 1
    return start, end


def _name_after(text: str, vocab: PlaceVocabulary, position: int, lang: str = "fa") -> tuple[int, int] | None:
    """The name right after a cue: one word, or two when the first is a name head (تل، ابو، عین);
    a quoted name whole."""
    quoted = _quoted_name(text, vocab, position, lang)
    if quoted:
        return quoted
    words = _next_words(text, position, 2)
    if not words or words[0][0] - position > 2:
        return None
    start, end = words[0]
    with_modifier = len(words) > 1 and text[words[1][0] : words[1][1]] in vocab.modifiers
    joined = len(words) > 1 and words[1][0] - words[0][1] == 1  # one space, no punctuation between
    headed = text[start:end] in vocab.name_heads and len(words) > 1
    if headed:
        end = words[1][1]
    elif with_modifier or (
        joined
        and text[words[1][0] : words[1][1]].startswith("ال")
        and words[1][1] - words[1][0] > 3
        and not (base_of(lang) == "ar" and not rare_word(text[words[1][0] : words[1][1]], lang))
    ):
        end = words[1][1]  # "معرسته الخان", "بدنه الکبیر" (in Arabic not "المنيرة التابعة": a word)
    name = text[start:end]
    first = name.split()[0] if name.strip() else ""
    if not first or first in vocab.name_stops or function_word(first, lang):
        return None  # "مناطق في مدينة ...", "منطقه ای": a preposition or a suffix after the cue, not a name
    if name_key(first) in vocab.cues and first not in vocab.name_heads:
        return None  # "لمناطق X وقرى Y": another cue word begins the next name, it is none
    if headed:
        second = text[words[1][0] : words[1][1]]
        if second in vocab.name_stops or function_word(second, lang):
            return None
    elif not with_modifier and (inflects_common_word(first) or is_verb(first)):
        return None  # (a name head such as تل, عین is a word of Persian too, but heads the name)
    if base_of(lang) == "ar" and end == words[0][1] and _indefinite_adjective(first, lang):
        return None  # "مناطق خاضعة", "أحياء جديدة": an adjective agreeing with the cue noun
    return start, end


def _second_name_word(text: str, vocab: PlaceVocabulary, span: Span[PlaceMention], lang: str) -> int:
    """The end of a village's name after its cue: a one-word gazetteer name and the rare word
    right after it (`قرية عمر قامشي`: the sources know only عمر), else the span's end."""
    if span.value.modifier or " " in text[span.start : span.end]:
        return span.end
    words = _next_words(text, span.end, 1)
    if not words or words[0][0] - span.end != 1:
        return span.end
    word = text[words[0][0] : words[0][1]]
    if word in vocab.name_stops or function_word(word, lang) or common_word(word, lang) or not rare_word(word, lang):
        return span.end  # "والمشهد": a word with the conjunction و begins the next name
    return words[0][1]


def _after_number(text: str, start: int, numbers: frozenset[str]) -> bool:
    """Whether the word before a name (not attached to it) is a count: a number word, a quantity
    word or up to three digits (four are a year: `در مه 2015 تدمر را`)."""
    if start < 2 or text[start - 1] != " ":
        return False
    before = text[max(0, start - 16) : start - 1].split()
    return bool(before) and (before[-1].isdigit() and len(before[-1]) <= 3 or before[-1] in numbers)


def _dash_before(doc: Doc, start: int) -> bool:
    """A dash right before a name in the raw text (`UPDATE 1-Baghdad ...`, `2 - Mosul`): the number
    before it is no count of the name (folding turns the dash into a space)."""
    raw_start = doc.raw_span(start, start + 1)[0]
    return any(ch in "-–—" for ch in doc.raw[max(0, raw_start - 3) : raw_start])


def _after_rank(text: str, start: int, vocab: PlaceVocabulary) -> bool:
    """Whether the one or two words before a name (not attached to it) are a military rank
    (`الفريق`, `الفريق الاول`, `الركن`, with an attached و): the name is then part of the rank
    (`الفريق الركن`) or the name of the officer, not a place."""
    ranks = vocab.ranks
    if not ranks or start < 2 or text[start - 1] != " ":
        return False
    before = [
        w[1:] if w.startswith("و") and w[1:] in vocab.rank_words else w
        for w in text[max(0, start - 30) : start - 1].split()[-2:]
    ]
    return bool(before) and (before[-1] in ranks or " ".join(before) in ranks)


def _definite_adjective(text: str, start: int, end: int, lang: str) -> bool:
    """An Arabic nisba adjective with the article (`النفطية`, `السوري`) that is not rare, right
    after a definite word (`المصفاة`): it describes that noun. (A place needs no such word
    before it, and is named after a cue: `قرية النفطية`.)"""
    word = text[start:end]
    if " " in word or not word.startswith("ال") or not word.endswith(("یه", "ی")) or rare_word(word, lang):
        return False
    if start < 2 or text[start - 1] != " ":
        return False
    before = text[max(0, start - 30) : start - 1].split()
    return bool(before) and before[-1].startswith("ال") and len(before[-1]) > 3


def _indefinite_adjective(word: str, lang: str) -> bool:
    """An Arabic word without the article, ending in ة (folded ه) and not rare: the indefinite
    feminine adjective of the noun before it, not a name (names without the article that end in
    ة, ناحتة, مسرابة, are rare words)."""
    return word.endswith("ه") and not word.startswith("ال") and not rare_word(word, lang)


def _facility_name_after(text: str, vocab: PlaceVocabulary, position: int, lang: str) -> tuple[int, int] | None:
    """The name of a facility after its noun: up to three words that are not common words,
    verbs or function words, and no punctuation between (`باب السلامه`, `مرشدپینار`)."""
    words = _next_words(text, position, 3)
    if not words or words[0][0] - position > 2:
        return None
    if text[words[0][0] : words[0][1]] in vocab.demonyms:
        return None  # "سد سوری اردنی «الوحده»": an adjective of nationality, the name comes later
    taken: list[tuple[int, int]] = []
    for start, end in words:
        word = text[start:end]
        grammatical = word in vocab.name_stops or function_word(word, lang)
        common = not word.isdigit() and common_word(word, lang)
        if grammatical or common or (taken and text[taken[-1][1] : start].strip()):
            break  # "پایگاه ادامه ..." is a sentence going on, not a base named ادامه
        taken.append((start, end))
    if not taken:
        return None
    return taken[0][0], taken[-1][1]


#: What joins the names of a list (`نینوا، انبار و صلاح الدین`, `كركوك وصلاح الدين`).
_LIST_JOINER = re.compile(r"\s*[،,]\s*|\s+و\s*|\s+و(?=\S)")


def _raw_word(raw: str, raw_start: int, raw_end: int) -> str:
    """The raw word that contains a raw span (letters before and after it included)."""
    while raw_start > 0 and raw[raw_start - 1].isalnum():
        raw_start -= 1
    while raw_end < len(raw) and raw[raw_end].isalnum():
        raw_end += 1
    return raw[raw_start:raw_end]


def _whole_word(text: str, start: int, end: int) -> str:
    """The text from `start` to the end of the word that contains `end - 1`."""
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _cue_before(text: str, start: int, cues: Cues) -> tuple[int, PlaceCue | None]:
    """(start, cue) of the cue word that ends right before `start` (spaces between)."""
    found = cues.get(_gap_end(text, start, " \u200c" + OPENING_QUOTES))
    return found if found else (start, None)


def _next_words(text: str, position: int, count: int) -> list[tuple[int, int]]:
    words: list[tuple[int, int]] = []
    i, n = position, len(text)
    while len(words) < count and i < n:
        while i < n and (text[i] == " " or not words and text[i] in OPENING_QUOTES):
            i += 1  # a quote may open the first word (`روستای «الشعفاء»`), never a later one
        start = i
        while i < n and text[i].isalnum():
            i += 1
        if i == start:
            break
        words.append((start, i))
    return words


def _twin_modifier_after(text: str, vocab: PlaceVocabulary, end: int) -> tuple[int, str | None]:
    """A direction right after a village's name that is part of it (`الكرك الشرقي`)."""
    words = _next_words(text, end, 1)
    if words and words[0][0] - end == 1 and text[words[0][0] : words[0][1]] in vocab.twin_modifiers:
        return words[0][1], text[words[0][0] : words[0][1]]
    return end, None


def _modifier_after(text: str, vocab: PlaceVocabulary, end: int) -> tuple[int, str | None]:
    words = _next_words(text, end, 1)
    if words and text[words[0][0] : words[0][1]] in vocab.modifiers and words[0][0] - end <= 1:
        return words[0][1], text[words[0][0] : words[0][1]]
    return end, None


__all__ = ["PlaceTagger", "PlaceVocabulary", "vocabulary"]
